//! E-mail messages and their MIME parts, as report e-mails arrive: a small,
//! bounded reader for RFC 5322 headers (with folding) and RFC 2045 / 2046
//! bodies.
//!
//! [`parse`] turns a message into a tree of [`Part`]s: each with its
//! headers, its `Content-Type` and parameters, its transfer encoding, its
//! file name and its decoded body. `multipart/*` parts hold their parts as
//! children, `message/rfc822` parts hold the enclosed message as their one
//! child (and keep its bytes as their body). Nesting stops at
//! [`MAX_DEPTH`]. CRLF and bare LF line ends are both read.
//!
//! Spans are byte offsets into the bytes given to [`parse`], except inside a
//! `message/rfc822` part whose body was base64 or quoted-printable encoded:
//! there they are offsets into that part's decoded body.
//!
//! ```
//! use dmarc_lens::report::mime;
//! let mail = b"Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\
//! Content-Type: text/plain\r\n\r\nhello\r\n--b\r\n\
//! Content-Type: application/gzip; name=\"r.xml.gz\"\r\nContent-Transfer-Encoding: base64\r\n\r\n\
//! H4sIAAAAAAAAAwMAAAAAAAAAAAA=\r\n--b--\r\n";
//! let message = mime::parse(mail);
//! let leaves = message.root.leaves();
//! assert_eq!(leaves.len(), 2);
//! assert_eq!(leaves[0].body, b"hello");
//! assert_eq!(leaves[1].filename.as_deref(), Some("r.xml.gz"));
//! assert_eq!(leaves[1].body[..2], [0x1f, 0x8b]);
//! ```

use serde::Serialize;

use crate::catalogue::UnpackCode;
use crate::diag::{Diagnostic, Span};

/// How deep multipart and enclosed messages are opened.
pub const MAX_DEPTH: usize = 8;

/// One header field, unfolded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Header {
    /// The field name as written.
    pub name: String,
    /// The value, unfolded (line breaks removed, the folding whitespace
    /// kept), without the leading space; bytes that are not UTF-8 are
    /// replaced.
    pub value: String,
    /// The whole field, folded lines included, without the final line break.
    pub span: Span,
}

/// A `Content-Type`: the media type and its parameters.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ContentType {
    /// `type/subtype`, in lower case (`text/plain` when missing or broken).
    pub mime_type: String,
    /// Parameters in order: names in lower case, values unquoted, RFC 2231
    /// continuations and charset encodings joined and decoded.
    pub params: Vec<(String, String)>,
}

impl ContentType {
    /// The value of parameter `name` (case-insensitive).
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params.iter().find(|(key, _)| key.eq_ignore_ascii_case(name)).map(|(_, value)| value.as_str())
    }

    /// Whether this is a `multipart/*` type.
    pub fn is_multipart(&self) -> bool {
        self.mime_type.starts_with("multipart/")
    }

    /// Whether this is an enclosed message (`message/rfc822`, `message/global`).
    pub fn is_message(&self) -> bool {
        matches!(self.mime_type.as_str(), "message/rfc822" | "message/global")
    }

    fn default_text() -> Self {
        ContentType { mime_type: "text/plain".to_string(), params: Vec::new() }
    }
}

/// A `Content-Transfer-Encoding` (RFC 2045 §6).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TransferEncoding {
    /// `7bit`, or no header at all.
    SevenBit,
    /// `8bit`.
    EightBit,
    /// `binary`.
    Binary,
    /// `base64`.
    Base64,
    /// `quoted-printable`.
    QuotedPrintable,
    /// Anything else, in lower case; the body is kept as it is.
    Other(String),
}

/// One MIME part (the message itself is the root part).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Part {
    /// The header fields, in order.
    pub headers: Vec<Header>,
    /// The content type (`text/plain` by default).
    pub content_type: ContentType,
    /// The transfer encoding.
    pub transfer_encoding: TransferEncoding,
    /// The file name: `Content-Disposition` `filename`, else `Content-Type` `name`.
    pub filename: Option<String>,
    /// The whole part, headers and body.
    pub span: Span,
    /// The body as written (still encoded).
    pub body_span: Span,
    /// The decoded body; empty for a multipart part.
    #[serde(skip)]
    pub body: Vec<u8>,
    /// The parts of a multipart part, or the enclosed message of a
    /// `message/rfc822` part.
    pub children: Vec<Part>,
}

impl Part {
    /// The value of the first header field called `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|h| h.name.eq_ignore_ascii_case(name)).map(|h| h.value.as_str())
    }

    /// This part and every part below it, depth first, in order.
    pub fn walk(&self) -> Vec<&Part> {
        let mut out = Vec::new();
        let mut stack = vec![self];
        while let Some(part) = stack.pop() {
            out.push(part);
            stack.extend(part.children.iter().rev());
        }
        out
    }

    /// The parts with no parts below them (single bodies: text, attachments,
    /// `message/feedback-report`, `text/rfc822-headers` ...), in order. An
    /// enclosed `message/rfc822` is not a leaf: its own leaves are.
    pub fn leaves(&self) -> Vec<&Part> {
        self.walk().into_iter().filter(|p| p.children.is_empty() && !p.content_type.is_multipart()).collect()
    }
}

/// A parsed message and what was odd about it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Message {
    /// The message as a part.
    pub root: Part,
    /// Broken headers, bad encodings, unterminated multiparts ...
    pub diagnostics: Vec<Diagnostic>,
}

impl Message {
    /// Whether this is a failure report: `multipart/report;
    /// report-type=feedback-report` (RFC 6591), any message with a
    /// `message/feedback-report` part (some senders use `multipart/mixed`),
    /// or a `multipart/report` without a report type and without
    /// attachments (Exim sends its data as text only).
    pub fn is_failure_report(&self) -> bool {
        let root = &self.root.content_type;
        let report = root.mime_type == "multipart/report";
        let report_type = root.param("report-type").map(str::to_ascii_lowercase);
        if report && report_type.as_deref() == Some("feedback-report") {
            return true;
        }
        if self.root.walk().iter().any(|p| p.content_type.mime_type == "message/feedback-report") {
            return true;
        }
        report
            && report_type.is_none()
            && !self.root.leaves().iter().any(|p| p.content_type.mime_type.starts_with("application/"))
    }
}

/// Parses a message; diagnostics call it "the message".
pub fn parse(bytes: &[u8]) -> Message {
    parse_named("the message", bytes)
}

/// Parses a message; diagnostics call it `name`.
pub fn parse_named(name: &str, bytes: &[u8]) -> Message {
    let mut reader = Reader { name, diagnostics: Vec::new() };
    let root = reader.part(bytes, 0, 0);
    Message { root, diagnostics: reader.diagnostics }
}

/// Whether `bytes` start like a message: a header field on the first line
/// and a few of the usual fields among the first ones.
pub fn looks_like_message(bytes: &[u8]) -> bool {
    let head = bytes.get(..bytes.len().min(64 * 1024)).unwrap_or(bytes);
    let first = head.split(|&b| b == b'\n').next().unwrap_or(&[]);
    if field_name(first).is_none() {
        return false;
    }
    let usual = [
        "from",
        "to",
        "subject",
        "date",
        "content-type",
        "mime-version",
        "received",
        "return-path",
        "message-id",
    ];
    head.split(|&b| b == b'\n')
        .take_while(|line| !matches!(line, [] | [b'\r']))
        .filter_map(|line| field_name(line))
        .any(|name| usual.iter().any(|u| name.eq_ignore_ascii_case(u.as_bytes())))
}

/// The field name of a header line (printable ASCII up to a colon).
fn field_name(line: &[u8]) -> Option<&[u8]> {
    let colon = line.iter().position(|&b| b == b':')?;
    let name = line.get(..colon)?;
    let name = name.strip_suffix(b" ").unwrap_or(name);
    (!name.is_empty() && name.iter().all(|&b| (33..=126).contains(&b) && b != b':')).then_some(name)
}

/// The lines of `data` with their offsets: (start, content end without the
/// line break, end with it).
fn lines(data: &[u8]) -> impl Iterator<Item = (usize, usize, usize)> + '_ {
    let mut at = 0usize;
    std::iter::from_fn(move || {
        if at >= data.len() {
            return None;
        }
        let rest = data.get(at..).unwrap_or(&[]);
        let (content, full) = match rest.iter().position(|&b| b == b'\n') {
            Some(i) => {
                let content = if i > 0 && rest.get(i - 1) == Some(&b'\r') { i - 1 } else { i };
                (content, i + 1)
            }
            None => (rest.len(), rest.len()),
        };
        let line = (at, at + content, at + full);
        at += full;
        Some(line)
    })
}

struct Reader<'n> {
    name: &'n str,
    diagnostics: Vec<Diagnostic>,
}

impl Reader<'_> {
    fn diag(&mut self, code: UnpackCode, span: Span, args: &[(&str, &str)]) {
        let mut all = vec![("file", self.name)];
        all.extend_from_slice(args);
        self.diagnostics.push(Diagnostic::new(code, span, &all));
    }

    /// The header fields of `data` and where the body starts.
    fn headers(&mut self, data: &[u8], offset: usize) -> (Vec<Header>, usize) {
        let mut headers: Vec<Header> = Vec::new();
        let mut body = data.len();
        for (start, content_end, end) in lines(data) {
            let line = data.get(start..content_end).unwrap_or(&[]);
            if line.is_empty() {
                body = end;
                break;
            }
            if matches!(line.first(), Some(b' ' | b'\t')) {
                if let Some(last) = headers.last_mut() {
                    last.value.push_str(&String::from_utf8_lossy(line));
                    last.span.end = offset + content_end;
                    continue;
                }
            }
            match field_name(line) {
                Some(name) => {
                    let value = line.get(name.len()..).unwrap_or(&[]);
                    let value = value.strip_prefix(b" ").unwrap_or(value);
                    let value = value.strip_prefix(b":").unwrap_or(value);
                    headers.push(Header {
                        name: String::from_utf8_lossy(name).into_owned(),
                        value: String::from_utf8_lossy(value).trim_start().to_string(),
                        span: Span::new(offset + start, offset + content_end),
                    });
                }
                None if start == 0 && line.starts_with(b"From ") => {}
                None => {
                    let text: String = String::from_utf8_lossy(line).chars().take(60).collect();
                    self.diag(
                        UnpackCode::MimeHeader,
                        Span::new(offset + start, offset + content_end),
                        &[("text", &text)],
                    );
                }
            }
        }
        (headers, body)
    }

    /// Reads the part in `data`, whose first byte is at `offset` in the
    /// bytes spans point into.
    fn part(&mut self, data: &[u8], offset: usize, depth: usize) -> Part {
        let (headers, body_at) = self.headers(data, offset);
        let find =
            |name: &str| headers.iter().find(|h| h.name.eq_ignore_ascii_case(name)).map(|h| h.value.clone());
        let content_type =
            find("content-type").map_or_else(ContentType::default_text, |v| parse_content_type(&v));
        let disposition = find("content-disposition").map(|v| parse_content_type(&format!("x/{v}")));
        let filename = disposition
            .as_ref()
            .and_then(|d| d.param("filename"))
            .or_else(|| content_type.param("name"))
            .map(str::to_string);
        let encoding = match find("content-transfer-encoding").map(|v| v.trim().to_ascii_lowercase()) {
            None => TransferEncoding::SevenBit,
            Some(v) => match v.as_str() {
                "" | "7bit" => TransferEncoding::SevenBit,
                "8bit" => TransferEncoding::EightBit,
                "binary" => TransferEncoding::Binary,
                "base64" => TransferEncoding::Base64,
                "quoted-printable" => TransferEncoding::QuotedPrintable,
                _ => TransferEncoding::Other(v),
            },
        };
        let raw = data.get(body_at..).unwrap_or(&[]);
        let body_offset = offset + body_at;
        let mut part = Part {
            headers,
            content_type,
            transfer_encoding: encoding,
            filename,
            span: Span::new(offset, offset + data.len()),
            body_span: Span::new(body_offset, offset + data.len()),
            body: Vec::new(),
            children: Vec::new(),
        };
        if part.content_type.is_multipart() {
            let boundary = part.content_type.param("boundary").map(str::to_string);
            match boundary {
                Some(b) if !b.is_empty() && depth < MAX_DEPTH => {
                    part.children = self.multipart(raw, body_offset, b.as_bytes(), depth);
                    return part;
                }
                Some(b) if !b.is_empty() => {
                    let limit = MAX_DEPTH.to_string();
                    self.diag(UnpackCode::MimeDepth, part.body_span, &[("limit", &limit)]);
                }
                _ => self.diag(UnpackCode::MimeBoundaryMissing, part.span, &[]),
            }
        }
        part.body = self.decode(&part.transfer_encoding, raw, body_offset);
        if part.content_type.is_message() {
            if depth < MAX_DEPTH {
                let identity = matches!(
                    part.transfer_encoding,
                    TransferEncoding::SevenBit | TransferEncoding::EightBit | TransferEncoding::Binary
                );
                let child_offset = if identity { body_offset } else { 0 };
                let child = self.part(&part.body, child_offset, depth + 1);
                part.children.push(child);
            } else {
                let limit = MAX_DEPTH.to_string();
                self.diag(UnpackCode::MimeDepth, part.body_span, &[("limit", &limit)]);
            }
        }
        part
    }

    fn decode(&mut self, encoding: &TransferEncoding, raw: &[u8], offset: usize) -> Vec<u8> {
        match encoding {
            TransferEncoding::Base64 => {
                let decoded = decode_base64(raw);
                if let Some(first) = decoded.first_bad {
                    let count = decoded.bad.to_string();
                    self.diag(
                        UnpackCode::MimeBase64,
                        Span::new(offset + first, offset + first + 1),
                        &[("count", &count)],
                    );
                }
                decoded.bytes
            }
            TransferEncoding::QuotedPrintable => {
                let decoded = decode_quoted_printable(raw);
                if let Some(first) = decoded.first_bad {
                    let count = decoded.bad.to_string();
                    self.diag(
                        UnpackCode::MimeQuotedPrintable,
                        Span::new(offset + first, offset + first + 1),
                        &[("count", &count)],
                    );
                }
                decoded.bytes
            }
            TransferEncoding::Other(value) => {
                let value = value.clone();
                self.diag(
                    UnpackCode::MimeEncoding,
                    Span::new(offset, offset + raw.len()),
                    &[("value", &value)],
                );
                raw.to_vec()
            }
            _ => raw.to_vec(),
        }
    }

    /// The parts of a multipart body (RFC 2046 §5.1.1).
    fn multipart(&mut self, body: &[u8], offset: usize, boundary: &[u8], depth: usize) -> Vec<Part> {
        let mut delimiter = b"--".to_vec();
        delimiter.extend_from_slice(boundary);
        // (where the previous line break before the delimiter starts, where the next part starts)
        let mut current: Option<usize> = None;
        let mut previous_break = 0usize;
        let mut ranges: Vec<(usize, usize)> = Vec::new();
        let mut closed = false;
        for (start, content_end, end) in lines(body) {
            let line = body.get(start..content_end).unwrap_or(&[]);
            let is_delimiter = line.starts_with(&delimiter) && {
                let rest = line.get(delimiter.len()..).unwrap_or(&[]);
                let rest = rest.strip_prefix(b"--").unwrap_or(rest);
                rest.iter().all(|b| matches!(b, b' ' | b'\t'))
            };
            if is_delimiter {
                if let Some(part_start) = current.take() {
                    ranges.push((part_start, previous_break.max(part_start)));
                }
                if line.get(delimiter.len()..).is_some_and(|r| r.starts_with(b"--")) {
                    closed = true;
                    break;
                }
                current = Some(end);
            }
            previous_break = content_end;
        }
        if let Some(part_start) = current {
            ranges.push((part_start, body.len()));
        }
        if !closed {
            let text = String::from_utf8_lossy(boundary).into_owned();
            self.diag(UnpackCode::MimeUnterminated, Span::at(offset + body.len()), &[("boundary", &text)]);
        }
        ranges
            .into_iter()
            .map(|(start, end)| self.part(body.get(start..end).unwrap_or(&[]), offset + start, depth + 1))
            .collect()
    }
}

/// Parses a `Content-Type` (or, prefixed with a dummy type, a
/// `Content-Disposition`) value.
fn parse_content_type(value: &str) -> ContentType {
    let (media, rest) = value.split_once(';').unwrap_or((value, ""));
    let media = media.trim().to_ascii_lowercase();
    let mime_type = if media.contains('/') && !media.contains(char::is_whitespace) {
        media
    } else {
        "text/plain".to_string()
    };
    ContentType { mime_type, params: join_continuations(params(rest)) }
}

/// `; name=value` pairs; values may be quoted (with backslash escapes).
fn params(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut chars = text.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace() || *c == ';') {
            chars.next();
        }
        if chars.peek().is_none() {
            return out;
        }
        let mut name = String::new();
        while let Some(&c) = chars.peek() {
            if c == '=' || c == ';' || c.is_whitespace() {
                break;
            }
            name.push(c);
            chars.next();
        }
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        if chars.peek() != Some(&'=') {
            // A token without a value: skip it.
            if name.is_empty() {
                chars.next();
            }
            continue;
        }
        chars.next();
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        let mut value = String::new();
        if chars.peek() == Some(&'"') {
            chars.next();
            while let Some(c) = chars.next() {
                match c {
                    '"' => break,
                    '\\' => value.extend(chars.next()),
                    other => value.push(other),
                }
            }
        } else {
            while let Some(&c) = chars.peek() {
                if c == ';' || c.is_whitespace() {
                    break;
                }
                value.push(c);
                chars.next();
            }
        }
        out.push((name.to_ascii_lowercase(), value));
    }
}

/// Joins RFC 2231 parameter continuations (`name*0`, `name*1*` ...) and
/// decodes extended values (`name*=utf-8''%e2%82%ac`).
fn join_continuations(raw: Vec<(String, String)>) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for (name, value) in raw {
        let extended = name.ends_with('*');
        let bare = name.trim_end_matches('*');
        let (base, section) = match bare.rsplit_once('*') {
            Some((base, n)) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => {
                (base, n.parse::<u32>().ok())
            }
            _ => (bare, None),
        };
        let decoded = if extended { decode_extended(&value, section.unwrap_or(0) == 0) } else { value };
        match out.iter_mut().find(|(key, _)| key == base) {
            Some((_, existing)) if section.is_some_and(|n| n > 0) => existing.push_str(&decoded),
            Some(_) => {}
            None => out.push((base.to_string(), decoded)),
        }
    }
    out
}

/// Decodes `charset'language'percent-encoded` (the charset part only on the
/// first section); charsets other than UTF-8 are read as Latin-1.
fn decode_extended(value: &str, first: bool) -> String {
    let (charset, encoded) = if first {
        let mut pieces = value.splitn(3, '\'');
        match (pieces.next(), pieces.next(), pieces.next()) {
            (Some(charset), Some(_), Some(rest)) => (charset.to_ascii_lowercase(), rest),
            _ => (String::from("utf-8"), value),
        }
    } else {
        (String::from("utf-8"), value)
    };
    let mut bytes = Vec::with_capacity(encoded.len());
    let raw = encoded.as_bytes();
    let mut i = 0;
    while let Some(&b) = raw.get(i) {
        let hex = raw.get(i + 1).and_then(|&h| hex_value(h)).zip(raw.get(i + 2).and_then(|&l| hex_value(l)));
        match (b, hex) {
            (b'%', Some((h, l))) => {
                bytes.push(h << 4 | l);
                i += 3;
            }
            _ => {
                bytes.push(b);
                i += 1;
            }
        }
    }
    if charset == "utf-8" || charset == "us-ascii" || charset.is_empty() {
        String::from_utf8_lossy(&bytes).into_owned()
    } else {
        bytes.iter().map(|&b| char::from(b)).collect()
    }
}

fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// A decoded body and the characters that did not belong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decoded {
    /// The decoded bytes.
    pub bytes: Vec<u8>,
    /// How many bad characters or sequences were skipped or kept.
    pub bad: usize,
    /// Offset of the first one in the input.
    pub first_bad: Option<usize>,
}

/// Decodes base64 (RFC 2045 §6.8): line breaks and whitespace are skipped,
/// as are (counted as bad) characters outside the alphabet; decoding stops
/// at the first `=` pad. Missing padding is tolerated.
pub fn decode_base64(input: &[u8]) -> Decoded {
    let mut bytes = Vec::with_capacity(input.len() / 4 * 3 + 3);
    let (mut bad, mut first_bad) = (0usize, None);
    let mut acc = 0u32;
    let mut bits = 0u32;
    for (at, &c) in input.iter().enumerate() {
        let value = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            b'=' => break,
            b' ' | b'\t' | b'\r' | b'\n' => continue,
            _ => {
                bad += 1;
                first_bad.get_or_insert(at);
                continue;
            }
        };
        acc = (acc << 6) | u32::from(value);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            bytes.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Decoded { bytes, bad, first_bad }
}

/// Decodes quoted-printable (RFC 2045 §6.7): `=XX` escapes (either case),
/// soft line breaks (`=` at the end of a line, trailing whitespace
/// allowed), trailing whitespace on lines dropped; a `=` that starts
/// neither is kept as it is and counted as bad.
pub fn decode_quoted_printable(input: &[u8]) -> Decoded {
    let mut bytes = Vec::with_capacity(input.len());
    let (mut bad, mut first_bad) = (0usize, None);
    for (start, content_end, end) in lines(input) {
        let line = input.get(start..content_end).unwrap_or(&[]);
        let has_break = end > content_end;
        let trimmed_len = line.len() - line.iter().rev().take_while(|b| matches!(b, b' ' | b'\t')).count();
        let line = line.get(..trimmed_len).unwrap_or(line);
        let mut soft = false;
        let mut i = 0;
        while let Some(&b) = line.get(i) {
            if b != b'=' {
                bytes.push(b);
                i += 1;
                continue;
            }
            if i + 1 == line.len() {
                soft = true;
                break;
            }
            match (line.get(i + 1).and_then(|&h| hex_value(h)), line.get(i + 2).and_then(|&l| hex_value(l))) {
                (Some(h), Some(l)) => {
                    bytes.push(h << 4 | l);
                    i += 3;
                }
                _ => {
                    bad += 1;
                    first_bad.get_or_insert(start + i);
                    bytes.push(b'=');
                    i += 1;
                }
            }
        }
        if has_break && !soft {
            bytes.extend_from_slice(input.get(content_end..end).unwrap_or(b"\n"));
        }
    }
    Decoded { bytes, bad, first_bad }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_tolerates_breaks_and_reports_bad_characters() {
        assert_eq!(decode_base64(b"aGVs\r\nbG8=").bytes, b"hello");
        assert_eq!(decode_base64(b"aGVsbG8").bytes, b"hello");
        let d = decode_base64(b"aGV*sbG8=");
        assert_eq!((d.bytes.as_slice(), d.bad, d.first_bad), (&b"hello"[..], 1, Some(3)));
    }

    #[test]
    fn quoted_printable_soft_breaks_and_escapes() {
        let d = decode_quoted_printable(b"caf=C3=a9 =\r\nau lait  \r\nx=zz");
        assert_eq!(d.bytes, "café au lait\r\nx=zz".as_bytes());
        assert_eq!((d.bad, d.first_bad), (1, Some(25)));
    }

    #[test]
    fn headers_fold_and_params_unquote() {
        let m = parse(b"Content-Type: application/zip;\n\tname=\"a b.zip\"\nContent-Disposition: attachment;\n filename*=utf-8''r%C3%A9.zip\n\nPK");
        assert_eq!(m.root.content_type.mime_type, "application/zip");
        assert_eq!(m.root.content_type.param("name"), Some("a b.zip"));
        assert_eq!(m.root.filename.as_deref(), Some("ré.zip"));
        assert_eq!(m.root.body, b"PK");
        assert!(m.diagnostics.is_empty());
    }

    #[test]
    fn continuations_join() {
        let ct = parse_content_type("text/plain; filename*0=\"a\"; filename*1=\"b.xml\"");
        assert_eq!(ct.param("filename"), Some("ab.xml"));
    }

    #[test]
    fn multipart_nesting_and_message_parts() {
        let mail = b"Content-Type: multipart/report; report-type=feedback-report; boundary=\"x\"\n\n\
preamble\n--x\nContent-Type: text/plain\n\nhi\n--x\nContent-Type: message/feedback-report\n\nFeedback-Type: auth-failure\n\
--x\nContent-Type: message/rfc822\n\nFrom: a@example.com\nSubject: s\n\nbody\n--x--\nepilogue\n";
        let m = parse(mail);
        assert!(m.diagnostics.is_empty(), "{:?}", m.diagnostics);
        assert!(m.is_failure_report());
        let leaves = m.root.leaves();
        let types: Vec<&str> = leaves.iter().map(|p| p.content_type.mime_type.as_str()).collect();
        assert_eq!(types, ["text/plain", "message/feedback-report", "text/plain"]);
        assert_eq!(leaves[0].body, b"hi");
        assert_eq!(leaves[2].body, b"body");
        assert_eq!(m.root.walk().len(), 5);
        let rfc822 = m.root.walk()[3];
        assert_eq!(
            rfc822.body_span.slice(std::str::from_utf8(mail).unwrap()),
            "From: a@example.com\nSubject: s\n\nbody"
        );
    }
}
