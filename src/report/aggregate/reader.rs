//! The event loop: one pass of the tokenizer's tokens over the bytes,
//! a stack of open elements, and the report filled as values close.

use std::collections::HashSet;

use super::fields::{children, ordered, Field, Node, AUTH_DKIM_SELECTOR};
use super::text::{self, Charset};
use super::tokens::{attributes, Repair, Token, Tokens};
use super::*;
use crate::catalogue::AggregateCode as C;
use crate::diag::Span;

const NS_RFC9990: &str = "urn:ietf:params:xml:ns:dmarc-2.0";
const NS_OLD: &str = "http://dmarc.org/dmarc-xml/0.1";

/// An open element.
struct Frame {
    node: Node,
    /// The qualified name's span.
    name: Span,
    /// The element's name in the format (empty when it has none).
    label: &'static str,
    /// Where the start tag begins.
    start: usize,
    /// Where the content begins.
    content: usize,
    /// Children seen, by index in the container's table.
    seen: u32,
    /// The highest rank seen so far, with its name.
    last: Option<(u8, &'static str)>,
}

/// Where the text of the value being read is: most values are one piece
/// of valid UTF-8, read straight from the input without a copy.
#[derive(Clone, Copy, PartialEq, Eq)]
enum LeafText {
    /// No text yet.
    Empty,
    /// Input bytes `start..end`, valid UTF-8.
    Slice(usize, usize),
    /// In the `leaf` buffer (references, CDATA, several pieces, or bytes
    /// that needed decoding).
    Built,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Phase {
    Before,
    Inside,
    After,
}

/// The reading state.
pub(super) struct Reader<'a> {
    input: &'a [u8],
    /// The whole input as text, when it is UTF-8 and valid (checked once,
    /// so values are sliced out of it without checking each again).
    pub(super) text: Option<&'a str>,
    pub(super) options: ReadOptions,
    pub(super) diagnostics: Vec<Diagnostic>,
    per_code: Vec<usize>,
    pub(super) report: AggregateReport,
    stack: Vec<Frame>,
    /// The open value's text so far, when it is more than one piece.
    leaf: String,
    /// Where the open value's text is.
    leaf_text: LeafText,
    pub(super) charset: Charset,
    pub(super) record: Option<Record>,
    pub(super) reason: Option<Reason>,
    pub(super) dkim: Option<DkimAuth>,
    pub(super) spf: Option<SpfAuth>,
    reported_names: HashSet<Vec<u8>>,
    phase: Phase,
    pub(super) rfc9990: bool,
    refused: Option<String>,
    stopped: bool,
}

pub(super) fn span(start: usize, end: usize) -> Span {
    Span::new(start, end.max(start))
}

impl<'a> Reader<'a> {
    /// Adds a diagnostic, up to the per-code limit.
    pub(super) fn diag(&mut self, code: C, at: Span, args: &[(&str, &str)]) {
        let index = code as usize;
        if self.per_code.len() <= index {
            self.per_code.resize(index + 1, 0);
        }
        let Some(count) = self.per_code.get_mut(index) else { return };
        *count += 1;
        let count = *count;
        if count <= self.options.max_per_code {
            self.diagnostics.push(Diagnostic::new(code, at, args));
        } else if count == self.options.max_per_code + 1 {
            let limit = self.options.max_per_code.to_string();
            self.diagnostics.push(Diagnostic::new(
                C::Truncated,
                at,
                &[("limit", &limit), ("code", code.as_str())],
            ));
        }
    }

    fn bytes(&self, s: Span) -> &'a [u8] {
        self.input.get(s.start..s.end).unwrap_or(&[])
    }

    fn name_text(&self, s: Span) -> String {
        String::from_utf8_lossy(self.bytes(s)).into_owned()
    }

    fn refuse(&mut self, code: C, at: Span, args: &[(&str, &str)], reason: String) {
        self.diagnostics.push(Diagnostic::new(code, at, args));
        self.refused = Some(reason);
        self.stopped = true;
    }

    /// Opens the element whose start tag is `start..end`, its name ending
    /// at `name_end` (with a `:` in it when `prefixed`, as the tokenizer
    /// saw while measuring it).
    fn open(&mut self, start: usize, name_end: usize, end: usize, prefixed: bool) {
        let qname = self.bytes(span(start + 1, name_end));
        if self.stack.len() >= self.options.max_depth {
            let limit = self.options.max_depth.to_string();
            self.refuse(
                C::TooDeep,
                span(start, end),
                &[("limit", &limit)],
                format!("elements are nested more than {limit} levels deep"),
            );
            return;
        }
        let name = span(start + 1, name_end);
        let colon = if prefixed { qname.iter().position(|&b| b == b':') } else { None };
        let (prefix, local) = match colon {
            Some(colon) => (qname.get(..colon).unwrap_or(&[]), qname.get(colon + 1..).unwrap_or(&[])),
            None => (&[][..], qname),
        };
        let frame = |(node, label)| Frame { node, name, label, start, content: end, seen: 0, last: None };
        let parent = self.stack.last().map(|f| f.node);
        let node = match (self.phase, parent) {
            (Phase::After, _) => {
                if matches!(parent, None | Some(Node::Wrapper)) {
                    self.diag(C::TrailingContent, span(start, end), &[]);
                }
                (Node::Skip, "")
            }
            (Phase::Before, _) if local == b"feedback" => {
                let attrs = self.bytes(span(name_end, end));
                self.enter_feedback(qname, prefix, name, attrs);
                (Node::Feedback, "feedback")
            }
            (Phase::Before, _) => {
                let n = self.name_text(name);
                self.diag(
                    C::StrayElement,
                    name,
                    &[("name", &n), ("detail", "it comes before <feedback>, which was looked for inside it")],
                );
                (Node::Wrapper, "")
            }
            (Phase::Inside, Some(Node::Skip)) => (Node::Skip, ""),
            (Phase::Inside, Some(Node::Leaf(_))) => {
                let n = self.name_text(name);
                self.diag(
                    C::StrayElement,
                    name,
                    &[("name", &n), ("detail", "it sits inside a value; it was skipped")],
                );
                (Node::Skip, "")
            }
            (Phase::Inside, Some(p)) => self.child(p, prefix, local, name),
            (Phase::Inside, None) => (Node::Skip, ""),
        };
        match node.0 {
            Node::Feedback => {
                // Room for the records a file this size likely holds (a
                // record takes 500 to 700 bytes), within reason.
                let likely = (self.input.len() / 600).min(16_384);
                self.report.records.reserve(likely);
            }
            Node::Record => self.record = Some(Record::default()),
            Node::Reason => self.reason = Some(Reason::default()),
            Node::AuthDkim => self.dkim = Some(DkimAuth::default()),
            Node::AuthSpf => self.spf = Some(SpfAuth::default()),
            Node::Leaf(_) => {
                self.leaf.clear();
                self.leaf_text = LeafText::Empty;
            }
            _ => {}
        }
        self.stack.push(frame(node));
    }

    fn enter_feedback(&mut self, qname: &[u8], prefix: &[u8], name: Span, attrs: &[u8]) {
        self.phase = Phase::Inside;
        let mut wanted = b"xmlns".to_vec();
        if !prefix.is_empty() {
            wanted.push(b':');
            wanted.extend_from_slice(prefix);
            let n = String::from_utf8_lossy(qname).into_owned();
            self.diag(C::PrefixedRoot, name, &[("name", &n)]);
        }
        for (key, value) in attributes(attrs) {
            if key == wanted.as_slice() {
                let ns = String::from_utf8_lossy(value).trim().to_string();
                if ns != NS_RFC9990 && ns != NS_OLD {
                    self.diag(C::NamespaceUnknown, name, &[("namespace", &ns)]);
                }
                self.rfc9990 = ns == NS_RFC9990;
                self.report.namespace = Some(ns);
            }
        }
    }

    /// The node for a child element of `parent`, with order and repeat checks.
    fn child(&mut self, parent: Node, prefix: &[u8], local: &[u8], name: Span) -> (Node, &'static str) {
        let table = children(parent);
        // The first byte and the length rule out most names without a
        // full comparison.
        let found = table.iter().enumerate().find(|(_, c)| {
            let name = c.name.as_bytes();
            name.len() == local.len() && name.first() == local.first() && name == local
        });
        let Some((index, child)) = found else {
            let extension = local == b"extension" || local == b"extensions" || !prefix.is_empty();
            if self.reported_names.insert(local.to_vec()) {
                let n = self.name_text(name);
                let code = if extension { C::Extension } else { C::UnknownElement };
                self.diag(code, name, &[("name", &n)]);
            }
            return (Node::Skip, "");
        };
        let ordered = ordered(parent, self.rfc9990);
        let Some(frame) = self.stack.last_mut() else { return (Node::Skip, "") };
        let bit = 1u32 << index;
        if frame.seen & bit != 0 && !child.many {
            let n = child.name;
            self.diag(C::Duplicate, name, &[("name", n)]);
            return (Node::Skip, "");
        }
        frame.seen |= bit;
        let after = match frame.last {
            Some((rank, after)) if ordered && rank > child.rank => Some(after),
            _ => None,
        };
        if frame.last.is_none_or(|(rank, _)| child.rank > rank) {
            frame.last = Some((child.rank, child.name));
        }
        if let Some(after) = after {
            self.diag(C::OutOfOrder, name, &[("name", child.name), ("after", after)]);
        }
        (child.node, child.name)
    }

    /// Closes the top element; `end` is where its end tag starts and
    /// `after` where it ends.
    fn close(&mut self, end: usize, after: usize) {
        let Some(frame) = self.stack.pop() else { return };
        let element = span(frame.start, after);
        let mut missing = Vec::new();
        for (index, child) in children(frame.node).iter().enumerate() {
            if child.required && frame.seen & (1u32 << index) == 0 {
                missing.push(child);
            }
        }
        if self.rfc9990 && frame.node == Node::AuthDkim && frame.seen & 0b10 == 0 {
            // RFC 9990 made the DKIM selector required (Appendix C).
            missing.push(&AUTH_DKIM_SELECTOR);
        }
        let parent = frame.label;
        for child in missing {
            let effect = match child.node {
                Node::Leaf(_) => "that value is left empty",
                _ => "nothing from it could be read",
            };
            self.diag(
                C::Missing,
                Span::at(end),
                &[("parent", parent), ("name", child.name), ("effect", effect)],
            );
        }
        match frame.node {
            Node::Leaf(field) => self.close_leaf(field, &frame, end, element),
            Node::Feedback => self.phase = Phase::After,
            Node::DateRange => {
                let m = &self.report.report_metadata;
                if let (Some(begin), Some(end_time)) = (m.begin, m.end) {
                    if begin > end_time {
                        let (b, e) = (begin.to_string(), end_time.to_string());
                        self.diag(C::DateRangeInverted, element, &[("begin", &b), ("end", &e)]);
                    }
                }
            }
            Node::Record => {
                if let Some(record) = self.record.take() {
                    if self.report.records.len() >= self.options.max_records {
                        let limit = self.options.max_records.to_string();
                        self.diag(C::TooManyRecords, element, &[("limit", &limit)]);
                        self.stopped = true;
                    } else {
                        self.report.records.push(record);
                    }
                }
            }
            Node::Reason => {
                if let (Some(reason), Some(record)) = (self.reason.take(), self.record.as_mut()) {
                    record.reasons.push(reason);
                }
            }
            Node::AuthDkim => {
                if let (Some(d), Some(record)) = (self.dkim.take(), self.record.as_mut()) {
                    record.auth_dkim.push(d);
                }
            }
            Node::AuthSpf => {
                if let (Some(s), Some(record)) = (self.spf.take(), self.record.as_mut()) {
                    record.auth_spf.push(s);
                }
            }
            _ => {}
        }
    }

    fn close_leaf(&mut self, field: Field, frame: &Frame, end: usize, element: Span) {
        let content = span(frame.content, end);
        let raw = self.bytes(content);
        let lead = raw.iter().take_while(|b| b.is_ascii_whitespace()).count();
        let trail = raw.iter().rev().take_while(|b| b.is_ascii_whitespace()).count();
        let value_span = if lead == raw.len() {
            Span::at(content.start)
        } else {
            span(content.start + lead, content.end.saturating_sub(trail))
        };
        let name = frame.label;
        if let (LeafText::Slice(start, end), Some(all)) = (self.leaf_text, self.text) {
            let full = all.get(start..end).unwrap_or_default();
            self.assign_trimmed(field, name, full, content, value_span, element);
            return;
        }
        // The buffer is lent out and put back, so leaves cost no allocation.
        let mut full = std::mem::take(&mut self.leaf);
        self.assign_trimmed(field, name, &full, content, value_span, element);
        full.clear();
        self.leaf = full;
    }

    fn assign_trimmed(
        &mut self,
        field: Field,
        name: &str,
        full: &str,
        content: Span,
        at: Span,
        element: Span,
    ) {
        // Most values have no space around them: an ASCII letter or digit
        // at both ends needs no trimming.
        let bare = |b: Option<&u8>| b.is_some_and(u8::is_ascii_alphanumeric);
        let trimmed =
            if bare(full.as_bytes().first()) && bare(full.as_bytes().last()) { full } else { full.trim() };
        if !trimmed.is_empty() && trimmed.len() != full.len() {
            self.diag(C::Whitespace, content, &[("name", name), ("value", trimmed)]);
        }
        self.assign(field, name, trimmed, at, element);
    }

    /// Moves a value's text into the buffer, to add more to it.
    fn build_leaf(&mut self) {
        if let (LeafText::Slice(start, end), Some(all)) = (self.leaf_text, self.text) {
            self.leaf.push_str(all.get(start..end).unwrap_or_default());
        }
        self.leaf_text = LeafText::Built;
    }

    /// Closes elements up to the one named `qname`, or reports a stray end tag.
    fn end(&mut self, name: Span, start: usize, after: usize) {
        let qname = self.bytes(name);
        let found = self.stack.iter().rposition(|f| self.bytes(f.name) == qname);
        match found {
            Some(depth) => {
                while self.stack.len() > depth + 1 {
                    if let Some(top) = self.stack.last() {
                        let n = self.name_text(top.name);
                        let at = top.name;
                        if top.node != Node::Wrapper {
                            self.diag(C::Unclosed, at, &[("name", &n)]);
                        }
                    }
                    self.close(start, start);
                }
                self.close(start, after);
            }
            None => {
                let n = String::from_utf8_lossy(qname).into_owned();
                self.diag(C::StrayEndTag, span(start, after), &[("name", &n)]);
            }
        }
    }

    fn text(&mut self, start: usize, end: usize) {
        let raw = self.bytes(span(start, end));
        match self.stack.last().map(|f| f.node) {
            Some(Node::Leaf(_)) => match self.text.and_then(|all| all.get(start..end)) {
                Some(_) if self.leaf_text == LeafText::Empty => self.leaf_text = LeafText::Slice(start, end),
                Some(valid) => {
                    self.build_leaf();
                    self.leaf.push_str(valid);
                }
                None => {
                    self.build_leaf();
                    self.leaf.push_str(&text::decode(raw, self.charset));
                }
            },
            Some(Node::Skip) => {}
            _ => {
                let bom = if start == 0 && raw.starts_with(b"\xef\xbb\xbf") { 3 } else { 0 };
                let lead = bom + raw.iter().skip(bom).take_while(|b| b.is_ascii_whitespace()).count();
                if lead >= raw.len() {
                    return;
                }
                let trail = raw.iter().rev().take_while(|b| b.is_ascii_whitespace()).count();
                let at = span(start + lead.min(raw.len()), end.saturating_sub(trail));
                if at.is_empty() {
                    return;
                }
                let shown = text::decode(self.bytes(at), self.charset).chars().take(40).collect::<String>();
                if self.phase == Phase::After && self.stack.is_empty() {
                    self.diag(C::TrailingContent, at, &[]);
                } else {
                    self.diag(C::StrayText, at, &[("text", &shown)]);
                }
            }
        }
    }

    fn reference(&mut self, start: usize, end: usize) {
        let name = self.bytes(span(start + 1, end.saturating_sub(1)));
        match self.stack.last().map(|f| f.node) {
            Some(Node::Leaf(_)) => match text::entity(name) {
                Some(c) => {
                    self.build_leaf();
                    self.leaf.push(c);
                }
                None => {
                    self.build_leaf();
                    let raw = text::decode(self.bytes(span(start, end)), self.charset).into_owned();
                    self.diag(C::UnknownEntity, span(start, end), &[("entity", &raw)]);
                    self.leaf.push_str(&raw);
                }
            },
            Some(Node::Skip) => {}
            _ => self.text(start, end),
        }
    }
}

/// Reads `input`.
pub(super) fn run(
    input: &[u8],
    options: &ReadOptions,
) -> Result<(AggregateReport, Vec<Diagnostic>), Refusal> {
    let mut r = Reader {
        input,
        text: None,
        options: *options,
        diagnostics: Vec::new(),
        per_code: Vec::new(),
        report: AggregateReport::default(),
        stack: Vec::new(),
        leaf: String::new(),
        leaf_text: LeafText::Empty,
        charset: Charset::Utf8,
        record: None,
        reason: None,
        dkim: None,
        spf: None,
        reported_names: HashSet::new(),
        phase: Phase::Before,
        rfc9990: false,
        refused: None,
        stopped: false,
    };
    let body = input.strip_prefix(b"\xef\xbb\xbf").unwrap_or(input);
    let first = body.iter().position(|b| !b.is_ascii_whitespace());
    let Some(first) = first else {
        let all = span(0, input.len());
        r.diagnostics.push(Diagnostic::new(C::Empty, all, &[]));
        return Err(Refusal { reason: "the file is empty".into(), diagnostics: r.diagnostics });
    };
    let first_at = input.len() - body.len() + first;
    if body.starts_with(b"\xff\xfe") || body.starts_with(b"\xfe\xff") || body.get(first) != Some(&b'<') {
        let detail = if body.starts_with(b"\xff\xfe") || body.starts_with(b"\xfe\xff") {
            "it is encoded as UTF-16, which this reader does not decode"
        } else if body.get(first..first + 2) == Some(b"\x1f\x8b") {
            "it is gzip-compressed"
        } else if body.get(first..first + 2) == Some(b"PK") {
            "it is a zip archive"
        } else {
            "it does not start with <"
        };
        r.diagnostics.push(Diagnostic::new(C::NotXml, Span::at(first_at), &[("detail", detail)]));
        return Err(Refusal { reason: format!("not an XML document: {detail}"), diagnostics: r.diagnostics });
    }
    text::choose_charset(&mut r, input);
    let mut tokens = Tokens::new(input);
    while !r.stopped {
        let token = tokens.next_token();
        if !tokens.repairs.is_empty() {
            for repair in tokens.repairs.drain(..) {
                match repair {
                    Repair::Lt(at) => r.diag(C::UnescapedLt, span(at, at + 1), &[]),
                    Repair::Amp(at) => r.diag(C::UnescapedAmp, span(at, at + 1), &[]),
                }
            }
        }
        match token {
            Token::Start { start, name_end, end, empty, prefixed } => {
                r.open(start, name_end, end, prefixed);
                if empty && !r.stopped {
                    r.close(end, end);
                }
            }
            Token::End { start, name_end, end } => r.end(span(start + 2, name_end), start, end),
            Token::Text { start, end } => r.text(start, end),
            Token::CData { start, end } => {
                if matches!(r.stack.last().map(|f| f.node), Some(Node::Leaf(_))) {
                    let inner = r.bytes(span(start + 9, end.saturating_sub(3)));
                    let decoded = text::decode(inner, r.charset);
                    r.build_leaf();
                    r.leaf.push_str(&decoded);
                }
            }
            Token::Reference { start, end } => r.reference(start, end),
            Token::DocType { start, end } => r.diag(C::Doctype, span(start, end), &[]),
            Token::Ignored => {}
            Token::Eof => break,
            Token::Broken { at, detail } => {
                if r.phase == Phase::Before {
                    r.refuse(
                        C::XmlBroken,
                        Span::at(at),
                        &[("detail", detail)],
                        format!("the XML is broken before any report: {detail}"),
                    );
                } else {
                    r.diag(C::XmlBroken, Span::at(at), &[("detail", detail)]);
                }
                break;
            }
        }
    }
    if let Some(reason) = r.refused.take() {
        return Err(Refusal { reason, diagnostics: r.diagnostics });
    }
    if r.phase == Phase::Before {
        r.diagnostics.push(Diagnostic::new(C::NoFeedback, Span::at(input.len()), &[]));
        return Err(Refusal { reason: "there is no <feedback> element".into(), diagnostics: r.diagnostics });
    }
    let end = input.len();
    while let Some(top) = r.stack.last() {
        if !r.stopped {
            let n = r.name_text(top.name);
            let at = top.name;
            r.diag(C::Unclosed, at, &[("name", &n)]);
        }
        r.close(end, end);
    }
    if let Some(record) = r.record.take() {
        // Only when reading stopped inside a record: keep what was read.
        if r.report.records.len() < r.options.max_records {
            r.report.records.push(record);
        }
    }
    r.report.xml_schema = schema(&r.report);
    Ok((r.report, r.diagnostics))
}

/// The schema name for the report.
fn schema(report: &AggregateReport) -> String {
    match (report.namespace.as_deref(), report.version.as_deref()) {
        (Some(NS_RFC9990), _) => "2.0".into(),
        (_, Some(version)) if !version.trim().is_empty() => version.trim().to_string(),
        (Some(NS_OLD), _) => "0.1".into(),
        (Some(other), _) if !other.is_empty() => other.to_string(),
        _ => "draft".into(),
    }
}
