//! The header block (RFC 5322 §2.2) as fields with spans, and a small lexer
//! for structured field values (comments, quoted strings, tokens).
//!
//! ```text
//! field        = field-name ":" unstructured CRLF
//! field-name   = 1*ftext              ; printable ASCII but ":"
//! continuation = (SP / HTAB) text CRLF ; unfolds into the field above
//! ```
//!
//! Field values are never copied or unfolded: the lexer reads the value in
//! place and treats CR and LF as white space, so every span it returns is a
//! byte offset into the pasted text.

use crate::diag::Span;

/// One header field as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Field<'a> {
    /// The name as written (without the colon).
    pub name: &'a str,
    /// The value as written, folding included, without the final line break.
    pub value: &'a str,
    /// Where the value starts and ends.
    pub value_span: Span,
    /// The whole field, from the name to the end of the value.
    pub span: Span,
}

impl Field<'_> {
    /// Whether the field is called `name` (field names are case-insensitive).
    pub fn is(&self, name: &str) -> bool {
        self.name.eq_ignore_ascii_case(name)
    }
}

/// The header block of a pasted text.
#[derive(Clone, Debug, Default)]
pub(crate) struct Block<'a> {
    /// Fields in order, topmost first.
    pub fields: Vec<Field<'a>>,
    /// Lines that are neither a field nor a continuation.
    pub stray: Vec<Span>,
    /// Where the block ends (the start of the empty line, or the input's end).
    pub end: usize,
}

/// Whether `b` may appear in a field name (RFC 5322 `ftext`).
fn is_ftext(b: u8) -> bool {
    (33..=126).contains(&b) && b != b':'
}

/// Splits `text` into header fields, stopping at the first empty line.
/// Leading empty lines and a leading mbox `From ` line are skipped.
pub(crate) fn block(text: &str) -> Block<'_> {
    let mut out = Block { end: text.len(), ..Block::default() };
    let mut pos = 0;
    let mut seen_any = false;
    // (name start, name end, value start) of the field being read.
    let mut open: Option<(usize, usize, usize)> = None;
    let mut open_end = 0;
    while pos < text.len() {
        let line_end = text.get(pos..).and_then(|rest| rest.find('\n')).map_or(text.len(), |i| pos + i);
        let next = (line_end + 1).min(text.len());
        let line = text.get(pos..line_end).unwrap_or("");
        let content = line.strip_suffix('\r').unwrap_or(line);
        let content_end = pos + content.len();
        let first = content.as_bytes().first().copied();
        if content.trim().is_empty() && !(open.is_some() && matches!(first, Some(b' ' | b'\t'))) {
            if seen_any {
                out.end = pos;
                break;
            }
            pos = next;
            continue;
        }
        if !seen_any && content.starts_with("From ") {
            seen_any = true;
            pos = next;
            continue;
        }
        seen_any = true;
        if matches!(first, Some(b' ' | b'\t')) {
            if open.is_some() {
                open_end = content_end;
            } else {
                out.stray.push(trimmed(text, pos, content_end));
            }
            pos = next;
            continue;
        }
        close(text, &mut out, open.take(), open_end);
        let colon = content.find(':');
        let name_end =
            colon.map(|c| pos + content.get(..c).unwrap_or("").trim_end_matches([' ', '\t']).len());
        match (colon, name_end) {
            (Some(c), Some(name_end))
                if name_end > pos
                    && text.as_bytes().get(pos..name_end).is_some_and(|n| n.iter().all(|&b| is_ftext(b))) =>
            {
                open = Some((pos, name_end, pos + c + 1));
                open_end = content_end;
            }
            _ => out.stray.push(trimmed(text, pos, content_end)),
        }
        pos = next;
    }
    close(text, &mut out, open, open_end);
    out
}

/// `start..end` without surrounding white space.
fn trimmed(text: &str, start: usize, end: usize) -> Span {
    let piece = text.get(start..end).unwrap_or("");
    let lead = piece.len() - piece.trim_start().len();
    let trail = piece.len() - piece.trim_end().len();
    Span::new(start + lead, (end - trail).max(start + lead))
}

fn close<'a>(text: &'a str, out: &mut Block<'a>, open: Option<(usize, usize, usize)>, end: usize) {
    let Some((start, name_end, value_start)) = open else { return };
    let value_span = trimmed(text, value_start, end.max(value_start));
    out.fields.push(Field {
        name: text.get(start..name_end).unwrap_or(""),
        value: value_span.slice(text),
        value_span,
        span: Span::new(start, if value_span.is_empty() { value_start } else { value_span.end }),
    });
}

/// Reads a structured field value in place. Positions are offsets into the
/// whole pasted text; the lexer never reads past `end`.
#[derive(Clone, Debug)]
pub(crate) struct Lexer<'a> {
    text: &'a str,
    /// The next byte to read.
    pub pos: usize,
    end: usize,
}

impl<'a> Lexer<'a> {
    /// A lexer over `span` of `text`.
    pub fn new(text: &'a str, span: Span) -> Self {
        let end = span.end.min(text.len());
        Lexer { text, pos: span.start.min(end), end }
    }

    /// The next byte, if any.
    pub fn peek(&self) -> Option<u8> {
        if self.pos < self.end {
            self.text.as_bytes().get(self.pos).copied()
        } else {
            None
        }
    }

    /// Whether everything has been read.
    pub fn at_end(&self) -> bool {
        self.pos >= self.end
    }

    /// The end of the value.
    pub fn end(&self) -> usize {
        self.end
    }

    /// Consumes `b` if it is next.
    pub fn eat(&mut self, b: u8) -> bool {
        if self.peek() == Some(b) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    /// Skips white space (CR and LF included: folding) and comments.
    /// Returns `false`, positioned at its `(`, if a comment is not closed
    /// before the end.
    pub fn skip_cfws(&mut self) -> bool {
        loop {
            match self.peek() {
                Some(b' ' | b'\t' | b'\r' | b'\n') => self.pos += 1,
                Some(b'(') => {
                    let open = self.pos;
                    if !self.skip_comment() {
                        self.pos = open;
                        return false;
                    }
                }
                _ => return true,
            }
        }
    }

    /// Skips one comment starting at `(`, nested ones included. A depth
    /// counter, not recursion, so any nesting costs no stack.
    fn skip_comment(&mut self) -> bool {
        let mut depth = 0usize;
        while let Some(b) = self.peek() {
            self.pos += 1;
            match b {
                b'\\' => self.pos = (self.pos + 1).min(self.end),
                b'(' => depth += 1,
                b')' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return true;
                    }
                }
                _ => {}
            }
        }
        false
    }

    /// Reads bytes while `keep` holds; `None` if there is none. `keep` must
    /// treat every byte from 0x80 up alike, so spans stay on char boundaries.
    pub fn take(&mut self, keep: impl Fn(u8) -> bool) -> Option<(Span, &'a str)> {
        let start = self.pos;
        while self.peek().is_some_and(&keep) {
            self.pos += 1;
        }
        (self.pos > start).then(|| (Span::new(start, self.pos), self.text.get(start..self.pos).unwrap_or("")))
    }

    /// Reads a quoted string at `"`: its span (quotes included) and its
    /// content with quoted pairs resolved; `None` if it is not closed.
    pub fn quoted(&mut self) -> Option<(Span, String)> {
        let start = self.pos;
        if !self.eat(b'"') {
            return None;
        }
        let mut value = String::new();
        let mut from = self.pos;
        while let Some(b) = self.peek() {
            match b {
                b'"' => {
                    value.push_str(self.text.get(from..self.pos).unwrap_or(""));
                    self.pos += 1;
                    return Some((Span::new(start, self.pos), value));
                }
                b'\\' => {
                    value.push_str(self.text.get(from..self.pos).unwrap_or(""));
                    self.pos += 1;
                    from = self.pos;
                    if self.peek().is_some_and(|b| b < 0x80) {
                        self.pos += 1;
                    }
                }
                _ => self.pos += 1,
            }
        }
        None
    }

    /// Skips to the next `;` outside comments and quoted strings (or the
    /// end), without consuming it.
    pub fn skip_to_semicolon(&mut self) {
        while let Some(b) = self.peek() {
            match b {
                b';' => return,
                b'(' => {
                    self.skip_comment();
                }
                b'"' => {
                    if self.quoted().is_none() {
                        self.pos = self.end;
                    }
                }
                _ => self.pos += 1,
            }
        }
    }

    /// The text of `span`.
    pub fn slice(&self, span: Span) -> &'a str {
        span.slice(self.text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folded_fields_keep_their_spans() {
        let text =
            "From x@y Sat Jan  3 01:05:34 1996\r\nSubject: a\r\n b\r\nFrom:  j@example.com \r\n\r\nbody: no";
        let b = block(text);
        let names: Vec<&str> = b.fields.iter().map(|f| f.name).collect();
        assert_eq!(names, ["Subject", "From"]);
        assert_eq!(b.fields[0].value, "a\r\n b");
        assert_eq!(b.fields[1].value_span.slice(text), "j@example.com");
        assert_eq!(b.fields[1].span.slice(text), "From:  j@example.com");
        assert_eq!(b.end, text.find("\r\n\r\n").unwrap() + 2);
    }

    #[test]
    fn stray_lines_and_empty_values() {
        let b = block("junk line\nX-Empty:\nA : b\n");
        assert_eq!(b.stray, [Span::new(0, 9)]);
        assert_eq!(b.fields.len(), 2);
        assert_eq!(b.fields[0].value, "");
        assert_eq!(b.fields[1].name, "A");
    }

    #[test]
    fn nested_comments_are_bounded_and_iterative() {
        let deep = format!("a {}x{} b", "(".repeat(100_000), ")".repeat(100_000));
        let mut lx = Lexer::new(&deep, Span::new(0, deep.len()));
        lx.take(|b| b == b'a');
        assert!(lx.skip_cfws());
        let rest = lx.take(|b| b != b' ');
        assert!(rest.is_some());
    }
}
