//! Bytes to text: the declared encoding, UTF-8 checks, windows-1252 and
//! the five predefined entities.

use std::borrow::Cow;

use super::reader::{span, Reader};
use crate::catalogue::AggregateCode as C;
use crate::diag::Span;

/// How text bytes are turned into characters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Charset {
    /// UTF-8, invalid sequences replaced.
    Utf8,
    /// windows-1252 (also used for ISO-8859-1, as browsers do).
    Windows1252,
}

/// What the declared encoding means for these bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Verdict {
    /// UTF-8 declared (or nothing): read as UTF-8.
    Utf8,
    /// A single-byte encoding declared and the bytes are ASCII.
    AsciiOnly,
    /// A single-byte encoding declared, but the bytes are UTF-8.
    Mismatch,
    /// A single-byte encoding declared and used.
    SingleByte,
    /// An encoding this reader does not decode.
    Unsupported,
}

/// Judges the declared `encoding` against the bytes.
pub(super) fn judge(encoding: Option<&str>, input: &[u8]) -> Verdict {
    let Some(name) = encoding else { return Verdict::Utf8 };
    let name = name.trim().to_ascii_lowercase();
    match name.as_str() {
        "utf-8" | "utf8" => Verdict::Utf8,
        "us-ascii" | "ascii" if input.is_ascii() => Verdict::Utf8,
        "windows-1252" | "cp1252" | "iso-8859-1" | "iso8859-1" | "latin1" | "latin-1" | "us-ascii"
        | "ascii" | "iso-8859-15" => {
            if input.is_ascii() {
                Verdict::AsciiOnly
            } else if std::str::from_utf8(input).is_ok() {
                Verdict::Mismatch
            } else {
                Verdict::SingleByte
            }
        }
        _ => Verdict::Unsupported,
    }
}

/// The first `keep` byte ranges that are not valid UTF-8.
pub(super) fn invalid_utf8(input: &[u8], keep: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(rest) = input.get(at..).filter(|_| out.len() < keep) {
        match std::str::from_utf8(rest) {
            Ok(_) => break,
            Err(e) => {
                let start = at + e.valid_up_to();
                let len = e.error_len().unwrap_or(rest.len() - e.valid_up_to());
                out.push((start, start + len.max(1)));
                at = start + len.max(1);
            }
        }
    }
    out
}

/// windows-1252's 0x80..=0x9F; undefined bytes map to the C1 control.
const CP1252_HIGH: [char; 32] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž', '\u{8f}', '\u{90}',
    '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}', 'ž', 'Ÿ',
];

/// Decodes raw text bytes.
pub(super) fn decode(bytes: &[u8], charset: Charset) -> Cow<'_, str> {
    match charset {
        // Valid text (nearly all of it) is borrowed after the fast check;
        // only invalid bytes go through the lossy decoder.
        Charset::Utf8 => match std::str::from_utf8(bytes) {
            Ok(valid) => Cow::Borrowed(valid),
            Err(_) => String::from_utf8_lossy(bytes),
        },
        Charset::Windows1252 => {
            if bytes.is_ascii() {
                return String::from_utf8_lossy(bytes);
            }
            Cow::Owned(
                bytes
                    .iter()
                    .map(|&b| match b {
                        0x80..=0x9f => CP1252_HIGH.get(usize::from(b - 0x80)).copied().unwrap_or('\u{fffd}'),
                        _ => char::from(b),
                    })
                    .collect(),
            )
        }
    }
}

/// The character an entity name (between `&` and `;`) stands for, if it is
/// one of the five predefined ones or a character reference.
pub(super) fn entity(name: &[u8]) -> Option<char> {
    match name {
        b"lt" => Some('<'),
        b"gt" => Some('>'),
        b"amp" => Some('&'),
        b"apos" => Some('\''),
        b"quot" => Some('"'),
        [b'#', b'x', hex @ ..] => {
            u32::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok().and_then(char::from_u32)
        }
        [b'#', dec @ ..] => std::str::from_utf8(dec).ok()?.parse::<u32>().ok().and_then(char::from_u32),
        _ => None,
    }
}

/// The value of `encoding="…"` in an XML declaration, with its offset.
pub(super) fn declared_encoding(decl: &[u8]) -> Option<(usize, &[u8])> {
    let key = decl.windows(8).position(|w| w == b"encoding")?;
    let after = decl.get(key + 8..)?;
    let eq = after.iter().position(|&b| b == b'=')?;
    let rest = after.get(eq + 1..)?;
    let open = rest.iter().position(|&b| b == b'"' || b == b'\'')?;
    let quote = *rest.get(open)?;
    let value = rest.get(open + 1..)?;
    let len = value.iter().position(|&b| b == quote)?;
    Some((key + 8 + eq + 1 + open + 1, value.get(..len)?))
}

/// Picks how text is decoded, from the XML declaration and the bytes.
pub(super) fn choose_charset<'a>(r: &mut Reader<'a>, input: &'a [u8]) {
    let body_at = if input.starts_with(b"\xef\xbb\xbf") { 3 } else { 0 };
    let decl = input
        .get(body_at..)
        .filter(|b| b.starts_with(b"<?xml"))
        .and_then(|b| b.windows(2).position(|w| w == b"?>").and_then(|end| b.get(..end)));
    let declared = decl.and_then(declared_encoding);
    let name = declared.map(|(_, v)| String::from_utf8_lossy(v).into_owned());
    let at = declared.map_or(Span::at(0), |(offset, v)| span(body_at + offset, body_at + offset + v.len()));
    let verdict = judge(name.as_deref(), input);
    let name = name.unwrap_or_default();
    match verdict {
        Verdict::Utf8 | Verdict::Unsupported => {
            if verdict == Verdict::Unsupported {
                r.diag(C::EncodingUnsupported, at, &[("encoding", &name)]);
            }
            match std::str::from_utf8(input) {
                Ok(valid) => r.text = Some(valid),
                Err(_) => {
                    for (start, end) in invalid_utf8(input, r.options.max_per_code.saturating_add(1)) {
                        r.diag(C::InvalidUtf8, span(start, end), &[]);
                    }
                }
            }
        }
        Verdict::AsciiOnly => r.diag(C::EncodingAsciiOnly, at, &[("encoding", &name)]),
        Verdict::Mismatch => r.diag(C::EncodingMismatch, at, &[("encoding", &name)]),
        Verdict::SingleByte => r.charset = Charset::Windows1252,
    }
}
