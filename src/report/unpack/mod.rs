//! Unpacking: from the bytes of a dropped file to the report documents
//! inside, within limits.
//!
//! People drop what they have: the report itself (`.xml`, `.json`), the
//! compressed attachment (`.xml.gz`, `.json.gz`, `.zip`, sometimes gzip
//! inside gzip), the report e-mail (`.eml`, RFC 9990 §3.5.2, RFC 8460 §5.3)
//! or a whole mailbox (mbox, RFC 4155). [`unpack`] opens any of these,
//! recursively, and returns every document inside with its kind.
//!
//! The format is told by the bytes first (gzip `1f 8b`, zip `PK\3\4`, XML,
//! JSON, mail headers, an mbox `From ` line) and by the file name only when
//! the bytes say nothing.
//!
//! Nothing here trusts a size written in the file: decompression runs into a
//! buffer that never grows past [`Limits::max_output_bytes`] (counted over
//! the whole file) and is stopped as soon as the output passes
//! [`Limits::max_ratio`] times the compressed input. Zip entries, mailbox
//! messages and attachments count against [`Limits::max_members`], nested
//! containers against [`Limits::max_depth`]. A file that passes a limit is
//! refused as a whole: [`Unpacked::refused`] says which limit and the
//! numbers, and no documents are returned.
//!
//! Diagnostics name the file or inner file they are about in their message
//! (`report.zip/inner.xml.gz`); their spans are byte offsets into that file's
//! bytes, which for the outermost file is the input itself.
//!
//! ```
//! use dmarc_lens::report::unpack::{unpack, DocKind, Limits};
//! let xml = b"<?xml version=\"1.0\"?><feedback></feedback>";
//! let out = unpack("report.xml", xml, &Limits::default());
//! assert_eq!(out.documents.len(), 1);
//! assert_eq!(out.documents[0].kind, DocKind::AggregateXml);
//! ```

mod gzip;
mod inflate;
mod zip;

#[cfg(test)]
mod tests;

use serde::Serialize;

use crate::catalogue::UnpackCode;
use crate::diag::{Diagnostic, Severity, Span};
use crate::report::mime;

/// How much unpacking one file may cost.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Limits {
    /// Most bytes decompressed from one file, over all its layers and
    /// members together. Default 256 MiB.
    pub max_output_bytes: u64,
    /// Most decompressed bytes per compressed byte, checked once a stream
    /// has produced more than 1 MiB. Default 1000 (deflate cannot do much
    /// better than 1032, so only bombs made of runs get there).
    pub max_ratio: u64,
    /// Most zip entries, mailbox messages and e-mail attachments in one
    /// file, all layers together. Default 10,000.
    pub max_members: usize,
    /// Most containers (gzip, zip, e-mail, mbox) nested in one another.
    /// Default 4 (an mbox of e-mails with a doubly gzipped report).
    pub max_depth: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_output_bytes: 256 << 20, max_ratio: 1000, max_members: 10_000, max_depth: 4 }
    }
}

/// What kind of report a document is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DocKind {
    /// A DMARC aggregate report (XML, RFC 9990 / RFC 7489 Appendix C).
    AggregateXml,
    /// A TLS-RPT report (JSON, RFC 8460).
    TlsRptJson,
    /// A failure report: the whole report e-mail (ARF, RFC 9991 / RFC 6591).
    FailureReport,
    /// Something that is none of the above.
    Unknown,
}

/// One document found inside a file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Document {
    /// Where it was found, as a path: `report.zip/inner.xml`.
    pub name: String,
    /// What it is.
    pub kind: DocKind,
    /// Its bytes, fully unpacked (for a failure report, the whole message).
    #[serde(skip)]
    pub bytes: Vec<u8>,
}

/// The result of [`unpack`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Unpacked {
    /// Every document found, in file order.
    pub documents: Vec<Document>,
    /// What was odd or broken on the way.
    pub diagnostics: Vec<Diagnostic>,
    /// Why nothing could be read (empty, unknown format, a limit passed),
    /// in plain words; `None` when documents were found.
    pub refused: Option<String>,
}

/// Unpacks `bytes`, named `name` (the file name, used for inner names and,
/// when the bytes say nothing, to tell the format), into its documents.
pub fn unpack(name: &str, bytes: &[u8], limits: &Limits) -> Unpacked {
    let mut ctx = Ctx {
        limits,
        top_len: bytes.len() as u64,
        out_total: 0,
        members: 0,
        documents: Vec::new(),
        diagnostics: Vec::new(),
        stop: None,
    };
    ctx.visit(name, bytes, 0);
    let mut refused = ctx.stop.take();
    if refused.is_some() {
        ctx.documents.clear();
    } else if ctx.documents.is_empty() {
        refused = Some(
            ctx.diagnostics
                .iter()
                .find(|d| d.severity == Severity::Error)
                .map(|d| d.message.clone())
                .unwrap_or_else(|| format!("{name} holds no report.")),
        );
    }
    Unpacked { documents: ctx.documents, diagnostics: ctx.diagnostics, refused }
}

/// What the bytes (or, failing that, the name) say a file is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    Empty,
    Gzip,
    Zip,
    Xml,
    Json,
    Mail,
    Mbox,
    Unknown,
}

impl Format {
    fn is_compressed(self) -> bool {
        matches!(self, Format::Gzip | Format::Zip)
    }
}

/// Skips a UTF-8 byte order mark and leading whitespace.
fn text_start(bytes: &[u8]) -> &[u8] {
    let bytes = bytes.strip_prefix(&[0xef, 0xbb, 0xbf][..]).unwrap_or(bytes);
    let skip = bytes.iter().take_while(|b| b.is_ascii_whitespace()).count();
    bytes.get(skip..).unwrap_or(&[])
}

fn sniff(name: &str, bytes: &[u8]) -> Format {
    if bytes.is_empty() {
        return Format::Empty;
    }
    if bytes.starts_with(&[0x1f, 0x8b]) {
        return Format::Gzip;
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return Format::Zip;
    }
    let text = text_start(bytes);
    match text.first() {
        Some(b'<') => return Format::Xml,
        Some(b'{') => return Format::Json,
        _ => {}
    }
    if bytes.starts_with(b"From ") {
        return Format::Mbox;
    }
    if mime::looks_like_message(bytes) {
        return Format::Mail;
    }
    let lower = name.to_ascii_lowercase();
    let ends = |suffixes: &[&str]| suffixes.iter().any(|s| lower.ends_with(s));
    if text.is_empty() {
        Format::Unknown
    } else if ends(&[".xml"]) {
        Format::Xml
    } else if ends(&[".json"]) {
        Format::Json
    } else if ends(&[".eml", ".msg"]) {
        Format::Mail
    } else if ends(&[".mbox", ".mbx"]) {
        Format::Mbox
    } else {
        Format::Unknown
    }
}

/// The last component of a path-like name.
fn base_name(name: &str) -> &str {
    name.rsplit(['/', '\\']).next().unwrap_or(name)
}

/// The name of what a gzip file holds: its own name without `.gz`, else the
/// name recorded in the header, else `content`.
fn gunzipped_name(name: &str, recorded: Option<&str>) -> String {
    let base = base_name(name);
    let lower = base.to_ascii_lowercase();
    for suffix in [".gz", ".gzip", ".tgz"] {
        if lower.ends_with(suffix) && base.len() > suffix.len() {
            if let Some(stem) = base.get(..base.len() - suffix.len()) {
                return stem.to_string();
            }
        }
    }
    match recorded.map(base_name) {
        Some(r) if !r.is_empty() => r.to_string(),
        _ => "content".to_string(),
    }
}

/// The state of one [`unpack`] call.
pub(crate) struct Ctx<'l> {
    limits: &'l Limits,
    /// Size of the outermost file, for the overall ratio.
    top_len: u64,
    /// Bytes decompressed so far, all streams.
    out_total: u64,
    /// Members counted against `max_members`.
    members: usize,
    documents: Vec<Document>,
    diagnostics: Vec<Diagnostic>,
    /// Set once a limit has been passed: everything stops.
    stop: Option<String>,
}

impl Ctx<'_> {
    fn diag(&mut self, code: UnpackCode, span: Span, args: &[(&str, &str)]) {
        self.diagnostics.push(Diagnostic::new(code, span, args));
    }

    /// Records a passed limit; all work stops.
    fn refuse(&mut self, code: UnpackCode, args: &[(&str, &str)]) {
        if self.stop.is_none() {
            let d = Diagnostic::new(code, Span::at(0), args);
            self.stop = Some(d.message.clone());
            self.diagnostics.push(d);
        }
    }

    fn stopped(&self) -> bool {
        self.stop.is_some()
    }

    /// Output bytes still allowed.
    fn remaining_output(&self) -> u64 {
        self.limits.max_output_bytes.saturating_sub(self.out_total)
    }

    fn refuse_output(&mut self, file: &str) {
        let limit = self.limits.max_output_bytes.to_string();
        self.refuse(UnpackCode::LimitOutput, &[("file", file), ("limit", &limit)]);
    }

    fn refuse_ratio(&mut self, file: &str, output: u64, input: u64) {
        let ratio = (output / input.max(1)).to_string();
        let (output, input) = (output.to_string(), input.to_string());
        let limit = self.limits.max_ratio.to_string();
        self.refuse(
            UnpackCode::LimitRatio,
            &[("file", file), ("ratio", &ratio), ("output", &output), ("input", &input), ("limit", &limit)],
        );
    }

    /// Counts `produced` decompressed bytes (from a container of `input`
    /// bytes) against the output limit and the ratio of the whole file.
    /// Returns false when a limit stopped the work.
    fn account(&mut self, file: &str, produced: u64, _input: u64) -> bool {
        self.out_total = self.out_total.saturating_add(produced);
        if self.out_total > self.limits.max_output_bytes {
            self.refuse_output(file);
            return false;
        }
        if self.out_total > inflate::RATIO_FLOOR
            && self.out_total / self.top_len.max(1) > self.limits.max_ratio
        {
            let top = self.top_len;
            self.refuse_ratio(file, self.out_total, top);
            return false;
        }
        true
    }

    /// Counts members against the limit. Returns false when it stopped the work.
    fn count_members(&mut self, file: &str, count: usize) -> bool {
        self.members = self.members.saturating_add(count);
        if self.members > self.limits.max_members {
            let (limit, count) = (self.limits.max_members.to_string(), self.members.to_string());
            self.refuse(UnpackCode::LimitMembers, &[("file", file), ("limit", &limit), ("count", &count)]);
            return false;
        }
        true
    }

    fn document(&mut self, name: &str, kind: DocKind, bytes: &[u8]) {
        self.documents.push(Document { name: name.to_string(), kind, bytes: bytes.to_vec() });
    }

    /// Opens `bytes` (named `name`, `depth` containers deep).
    fn visit(&mut self, name: &str, bytes: &[u8], depth: usize) {
        if self.stopped() {
            return;
        }
        let format = sniff(name, bytes);
        match format {
            Format::Empty => self.diag(UnpackCode::Empty, Span::at(0), &[("file", name)]),
            Format::Xml => self.document(name, DocKind::AggregateXml, bytes),
            Format::Json => self.document(name, DocKind::TlsRptJson, bytes),
            Format::Unknown if depth == 0 => {
                self.diag(UnpackCode::UnknownFormat, Span::new(0, bytes.len().min(16)), &[("file", name)])
            }
            Format::Unknown => {
                self.diag(UnpackCode::DocumentUnknown, Span::new(0, bytes.len().min(16)), &[("file", name)]);
                self.document(name, DocKind::Unknown, bytes);
            }
            Format::Gzip | Format::Zip | Format::Mail | Format::Mbox => {
                if depth >= self.limits.max_depth {
                    let limit = self.limits.max_depth.to_string();
                    self.refuse(UnpackCode::LimitDepth, &[("file", name), ("limit", &limit)]);
                    return;
                }
                match format {
                    Format::Gzip => self.gzip(name, bytes, depth),
                    Format::Zip => zip::unzip(self, name, bytes, depth),
                    Format::Mail => self.mail(name, bytes, depth),
                    _ => self.mbox(name, bytes, depth),
                }
            }
        }
    }

    /// Opens the child of a compressed container, noting a compressed
    /// file inside.
    fn visit_unpacked(&mut self, name: &str, bytes: &[u8], depth: usize) {
        if sniff(name, bytes).is_compressed() {
            self.diag(UnpackCode::Nested, Span::at(0), &[("file", name)]);
        }
        self.visit(name, bytes, depth + 1);
    }

    fn gzip(&mut self, name: &str, bytes: &[u8], depth: usize) {
        if let Some((data, recorded)) = gzip::gunzip(self, name, bytes) {
            let inner = format!("{name}/{}", gunzipped_name(name, recorded.as_deref()));
            self.visit_unpacked(&inner, &data, depth);
        }
    }

    /// A report e-mail: a failure report as a whole, otherwise every
    /// report attachment.
    fn mail(&mut self, name: &str, bytes: &[u8], depth: usize) {
        let message = mime::parse_named(name, bytes);
        self.diagnostics.extend(message.diagnostics.iter().cloned());
        if message.is_failure_report() {
            self.document(name, DocKind::FailureReport, bytes);
            return;
        }
        let before = self.documents.len();
        for (index, part) in message.root.leaves().into_iter().enumerate() {
            if self.stopped() {
                return;
            }
            let Some(format) = attachment_format(part) else { continue };
            if !self.count_members(name, 1) {
                return;
            }
            let label = part.filename.clone().unwrap_or_else(|| format!("part-{}", index + 1));
            let inner = format!("{name}/{}", base_name(&label));
            let mime_type = part.content_type.mime_type.as_str();
            if !expected_type(format, mime_type) {
                self.diag(UnpackCode::MailContentType, part.span, &[("file", &inner), ("value", mime_type)]);
            }
            self.visit(&inner, &part.body, depth + 1);
        }
        if self.documents.len() == before && !self.stopped() {
            self.diag(UnpackCode::MailNoReport, Span::new(0, bytes.len()), &[("file", name)]);
        }
    }

    /// An mbox file: every message on its own (RFC 4155).
    fn mbox(&mut self, name: &str, bytes: &[u8], depth: usize) {
        let messages = mbox_messages(bytes);
        if let [(start, end)] = messages[..] {
            // One message saved with its envelope line: an e-mail, not a mailbox.
            let message = unescape_from(bytes.get(start..end).unwrap_or(&[]));
            self.mail(name, &message, depth);
            return;
        }
        if !self.count_members(name, messages.len()) {
            return;
        }
        let count = messages.len().to_string();
        self.diag(UnpackCode::MboxMessages, Span::new(0, bytes.len()), &[("file", name), ("count", &count)]);
        for (index, (start, end)) in messages.into_iter().enumerate() {
            if self.stopped() {
                return;
            }
            let raw = bytes.get(start..end).unwrap_or(&[]);
            let message = unescape_from(raw);
            let inner = format!("{name}/message-{}", index + 1);
            if message.is_empty() {
                self.diag(UnpackCode::Empty, Span::at(start), &[("file", &inner)]);
            } else {
                self.mail(&inner, &message, depth + 1);
            }
        }
    }
}

/// The format of a leaf part if it looks like a report attachment: named,
/// labelled with a report or archive type, or recognisable by its bytes.
/// Plain body text is not an attachment.
fn attachment_format(part: &mime::Part) -> Option<Format> {
    let sniffed = sniff(part.filename.as_deref().unwrap_or(""), &part.body);
    let mime_type = part.content_type.mime_type.as_str();
    let labelled = REPORT_TYPES.contains(&mime_type) && mime_type != "application/octet-stream";
    match sniffed {
        Format::Gzip | Format::Zip | Format::Json => Some(sniffed),
        // An HTML body also starts with `<`.
        Format::Xml if mime_type != "text/html" && (labelled || part.filename.is_some()) => Some(sniffed),
        _ if labelled => Some(sniffed),
        _ => None,
    }
}

/// Content types that report attachments arrive with.
const REPORT_TYPES: &[&str] = &[
    "application/gzip",
    "application/x-gzip",
    "application/zip",
    "application/x-zip",
    "application/x-zip-compressed",
    "application/xml",
    "text/xml",
    "application/json",
    "application/tlsrpt+gzip",
    "application/tlsrpt+json",
    "application/octet-stream",
];

/// Whether `mime_type` is a proper label for `format`.
fn expected_type(format: Format, mime_type: &str) -> bool {
    let allowed: &[&str] = match format {
        Format::Gzip => &["application/gzip", "application/x-gzip", "application/tlsrpt+gzip"],
        Format::Zip => &["application/zip", "application/x-zip", "application/x-zip-compressed"],
        Format::Xml => &["application/xml", "text/xml"],
        Format::Json => &["application/json", "application/tlsrpt+json"],
        _ => return true,
    };
    allowed.contains(&mime_type)
}

/// The byte ranges of the messages of an mbox file, without their `From `
/// separator lines (RFC 4155 §2: a `From ` line at the start of the file or
/// after an empty line starts a message).
fn mbox_messages(bytes: &[u8]) -> Vec<(usize, usize)> {
    let mut starts: Vec<(usize, usize)> = Vec::new(); // (separator start, message start)
    let mut at = 0usize;
    let mut previous_blank = true;
    while at < bytes.len() {
        let rest = bytes.get(at..).unwrap_or(&[]);
        let line_len = rest.iter().position(|&b| b == b'\n').map_or(rest.len(), |i| i + 1);
        let line = rest.get(..line_len).unwrap_or(&[]);
        if previous_blank && line.starts_with(b"From ") {
            starts.push((at, at + line_len));
        }
        previous_blank = matches!(line, b"\n" | b"\r\n");
        at += line_len;
    }
    let mut messages = Vec::with_capacity(starts.len());
    for (i, &(_, start)) in starts.iter().enumerate() {
        let end = starts.get(i + 1).map_or(bytes.len(), |&(separator, _)| separator);
        // The empty line before the next separator belongs to the separator.
        let body = bytes.get(start..end).unwrap_or(&[]);
        let trimmed = body.strip_suffix(b"\r\n").or_else(|| body.strip_suffix(b"\n")).unwrap_or(body);
        messages.push((start, start + trimmed.len()));
    }
    messages
}

/// Undoes mboxrd quoting: `>From `, `>>From ` ... lose one `>`.
fn unescape_from(message: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(message.len());
    for line in message.split_inclusive(|&b| b == b'\n') {
        let quotes = line.iter().take_while(|&&b| b == b'>').count();
        let quoted = quotes > 0 && line.get(quotes..).is_some_and(|l| l.starts_with(b"From "));
        out.extend_from_slice(if quoted { line.get(1..).unwrap_or(&[]) } else { line });
    }
    out
}
