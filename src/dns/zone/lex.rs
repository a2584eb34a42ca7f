//! The lexical layer of master files (RFC 1035 §5.1): entries made of
//! tokens, with parentheses joining lines, `;` comments, quoted strings and
//! the `\X` and `\DDD` escapes.
//!
//! ```text
//! <blank>[<comment>]
//! $ORIGIN <domain-name> [<comment>]
//! <domain-name><rr> [<comment>]
//! <blank><rr> [<comment>]
//! ```
//!
//! An entry is one line, or several when parentheses are open at a line's
//! end. Whether its first line starts with a blank (space or tab) is kept:
//! that is the "same owner as before" form.

use super::{ZoneError, ZoneErrorKind};

/// One token of an entry.
#[derive(Clone, Debug)]
pub(super) struct Token {
    /// The token with escapes decoded and quotes removed.
    pub(super) bytes: Vec<u8>,
    /// The token as written (with its quotes, when quoted).
    pub(super) raw: String,
    /// Whether it was a quoted string.
    pub(super) quoted: bool,
    /// Whether it held a backslash escape.
    pub(super) escaped: bool,
    /// The line it is on (1-based).
    pub(super) line: usize,
}

impl Token {
    /// The token as a plain word: unquoted and without escapes (names,
    /// numbers, keywords); `None` otherwise.
    pub(super) fn word(&self) -> Option<&str> {
        (!self.quoted && !self.escaped).then_some(self.raw.as_str())
    }
}

/// One entry: a directive or a resource record.
#[derive(Clone, Debug)]
pub(super) struct Entry {
    /// The line the entry starts on (1-based).
    pub(super) line: usize,
    /// Whether the entry's first line starts with a blank: no owner given.
    pub(super) blank_owner: bool,
    /// The tokens, never empty.
    pub(super) tokens: Vec<Token>,
}

/// Splits master-file text into entries.
pub(super) fn entries(text: &str) -> Result<Vec<Entry>, ZoneError> {
    let mut out = Vec::new();
    let mut current: Option<Entry> = None;
    // The line of each `(` still open, innermost last.
    let mut open: Vec<usize> = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let number = index + 1;
        let entry = current.get_or_insert_with(|| Entry {
            line: number,
            blank_owner: line.starts_with([' ', '\t']),
            tokens: Vec::new(),
        });
        scan_line(line, number, &mut entry.tokens, &mut open)?;
        if open.is_empty() {
            if let Some(done) = current.take().filter(|e| !e.tokens.is_empty()) {
                out.push(done);
            }
        }
    }
    match open.first() {
        Some(&line) => Err(ZoneError { line, kind: ZoneErrorKind::UnclosedParenthesis }),
        None => Ok(out),
    }
}

fn error(line: usize, kind: ZoneErrorKind) -> ZoneError {
    ZoneError { line, kind }
}

/// Appends the tokens of one line; tracks the open parentheses.
fn scan_line(
    line: &str,
    number: usize,
    tokens: &mut Vec<Token>,
    open: &mut Vec<usize>,
) -> Result<(), ZoneError> {
    let bytes = line.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b' ' | b'\t' | b'\r' => i += 1,
            b';' => break,
            b'(' => {
                open.push(number);
                i += 1;
            }
            b')' => {
                if open.pop().is_none() {
                    return Err(error(number, ZoneErrorKind::UnbalancedParenthesis));
                }
                i += 1;
            }
            b'"' => {
                let (token, next) = quoted(line, i, number)?;
                tokens.push(token);
                i = next;
            }
            _ => {
                let (token, next) = unquoted(line, i, number)?;
                tokens.push(token);
                i = next;
            }
        }
    }
    Ok(())
}

/// Decodes the escape whose backslash is at `at`: its bytes and the index
/// after it.
fn escape(line: &str, at: usize, number: usize) -> Result<(Vec<u8>, usize), ZoneError> {
    let rest = line.get(at + 1..).unwrap_or("");
    let digits: Vec<u8> = rest.bytes().take(3).take_while(u8::is_ascii_digit).collect();
    if let [a, b, c] = digits[..] {
        let value = u32::from(a - b'0') * 100 + u32::from(b - b'0') * 10 + u32::from(c - b'0');
        return match u8::try_from(value) {
            Ok(byte) => Ok((vec![byte], at + 4)),
            Err(_) => {
                Err(error(number, ZoneErrorKind::BadEscape(format!("\\{}", rest.get(..3).unwrap_or(rest)))))
            }
        };
    }
    match rest.chars().next() {
        Some(c) if c.is_ascii_digit() => {
            let written: String = rest.chars().take(3).collect();
            Err(error(number, ZoneErrorKind::BadEscape(format!("\\{written}"))))
        }
        Some(c) => Ok((c.to_string().into_bytes(), at + 1 + c.len_utf8())),
        None => Err(error(number, ZoneErrorKind::BadEscape("\\".into()))),
    }
}

/// A quoted string starting at the `"` at `start`; the index after its
/// closing quote.
fn quoted(line: &str, start: usize, number: usize) -> Result<(Token, usize), ZoneError> {
    let bytes = line.as_bytes();
    let mut out = Vec::new();
    let mut escaped = false;
    let mut i = start + 1;
    loop {
        match bytes.get(i) {
            None => return Err(error(number, ZoneErrorKind::UnclosedQuote)),
            Some(b'"') => break,
            Some(b'\\') => {
                let (decoded, next) = escape(line, i, number)?;
                out.extend(decoded);
                escaped = true;
                i = next;
            }
            Some(&b) => {
                out.push(b);
                i += 1;
            }
        }
    }
    let raw = line.get(start..=i).unwrap_or_default().to_string();
    Ok((Token { bytes: out, raw, quoted: true, escaped, line: number }, i + 1))
}

/// An unquoted token starting at `start`; the index after it.
fn unquoted(line: &str, start: usize, number: usize) -> Result<(Token, usize), ZoneError> {
    let bytes = line.as_bytes();
    let mut out = Vec::new();
    let mut escaped = false;
    let mut i = start;
    while let Some(&b) = bytes.get(i) {
        match b {
            b' ' | b'\t' | b'\r' | b';' | b'(' | b')' | b'"' => break,
            b'\\' => {
                let (decoded, next) = escape(line, i, number)?;
                out.extend(decoded);
                escaped = true;
                i = next;
            }
            _ => {
                out.push(b);
                i += 1;
            }
        }
    }
    let raw = line.get(start..i).unwrap_or_default().to_string();
    Ok((Token { bytes: out, raw, quoted: false, escaped, line: number }, i))
}
