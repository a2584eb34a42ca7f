//! The bounded repair pass: finds every `<` and `&` in text that cannot start
//! markup or a reference, and hides it from the XML tokenizer by replacing
//! it with a byte of the same length. Values are always decoded from the
//! original bytes, so a repaired `<` reads as `<`, and spans stay byte
//! offsets into the input. One pass, each byte looked at a bounded number of
//! times.

use std::borrow::Cow;

/// What was repaired.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Repair {
    /// A bare `<` at this offset.
    Lt(usize),
    /// A bare `&` at this offset.
    Amp(usize),
}

/// The byte put in place of a repaired character.
const HIDDEN: u8 = b'.';

/// The input with every bare `<` and `&` hidden, and where the first
/// `keep` of them were (so a file full of them costs no extra memory).
pub(super) fn repair(input: &[u8], keep: usize) -> (Cow<'_, [u8]>, Vec<Repair>) {
    let mut repairs = Vec::new();
    let mut out: Cow<'_, [u8]> = Cow::Borrowed(input);
    let mut hide = |repair: Repair, out: &mut Cow<'_, [u8]>| {
        let (Repair::Lt(at) | Repair::Amp(at)) = repair;
        if let Some(byte) = out.to_mut().get_mut(at) {
            *byte = HIDDEN;
        }
        if repairs.len() < keep {
            repairs.push(repair);
        }
    };
    let mut i = 0;
    while let Some(at) = next_special(input, i) {
        if input.get(at) == Some(&b'&') {
            if !reference_at(input, at) {
                hide(Repair::Amp(at), &mut out);
            }
            i = at + 1;
            continue;
        }
        match markup_end(input, at) {
            Markup::Ends(end) => i = end,
            Markup::Unterminated => break,
            Markup::Bare => {
                hide(Repair::Lt(at), &mut out);
                i = at + 1;
            }
        }
    }
    (out, repairs)
}

/// The offset of the next `<` or `&` from `from` (vectorised: most of a
/// report is neither).
fn next_special(input: &[u8], from: usize) -> Option<usize> {
    memchr::memchr2(b'<', b'&', input.get(from..)?).map(|p| from + p)
}

enum Markup {
    /// Valid-looking markup ending before this offset.
    Ends(usize),
    /// A comment, CDATA section or the like that never ends: left to the
    /// tokenizer to report.
    Unterminated,
    /// Not markup: a bare `<`.
    Bare,
}

fn is_name_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_' || b == b':' || b >= 0x80
}

fn is_name(b: u8) -> bool {
    is_name_start(b) || b.is_ascii_digit() || b == b'-' || b == b'.'
}

fn find(input: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    input.get(from..)?.windows(needle.len()).position(|w| w == needle).map(|p| from + p + needle.len())
}

/// Whether `<` at `at` starts markup, and where that markup ends.
fn markup_end(input: &[u8], at: usize) -> Markup {
    let rest = input.get(at..).unwrap_or(&[]);
    let ends = |found: Option<usize>| found.map_or(Markup::Unterminated, Markup::Ends);
    if rest.starts_with(b"<!--") {
        return ends(find(input, at + 4, b"-->"));
    }
    if rest.starts_with(b"<![CDATA[") {
        return ends(find(input, at + 9, b"]]>"));
    }
    if rest.starts_with(b"<?") {
        return ends(find(input, at + 2, b"?>"));
    }
    if rest.starts_with(b"<!") {
        // A DOCTYPE, perhaps with an internal subset in brackets.
        let mut depth = 0usize;
        for (offset, &b) in rest.iter().enumerate().skip(2) {
            match b {
                b'[' => depth += 1,
                b']' => depth = depth.saturating_sub(1),
                b'>' if depth == 0 => return Markup::Ends(at + offset + 1),
                _ => {}
            }
        }
        return Markup::Unterminated;
    }
    let (closing, name_from) = if rest.get(1) == Some(&b'/') { (true, 2) } else { (false, 1) };
    match rest.get(name_from) {
        Some(&b) if is_name_start(b) => {}
        _ => return Markup::Bare,
    }
    let mut j = name_from;
    while rest.get(j).is_some_and(|&b| is_name(b)) {
        j += 1;
    }
    match rest.get(j) {
        Some(b'>') => return Markup::Ends(at + j + 1),
        Some(b'/') if !closing && rest.get(j + 1) == Some(&b'>') => return Markup::Ends(at + j + 2),
        Some(b) if b.is_ascii_whitespace() => {}
        _ => return Markup::Bare,
    }
    // Attributes (or spaces before `>`): up to `>` outside quotes; a `<`
    // before that means the tag never ended, so the first `<` was text.
    let mut quote = None;
    for (offset, &b) in rest.iter().enumerate().skip(j) {
        match (quote, b) {
            (_, b'<') => return Markup::Bare,
            (None, b'"' | b'\'') => quote = Some(b),
            (Some(q), _) if q == b => quote = None,
            (None, b'>')
                if !closing || rest.get(j..offset).is_some_and(|s| s.iter().all(u8::is_ascii_whitespace)) =>
            {
                return Markup::Ends(at + offset + 1);
            }
            (None, b'>') => return Markup::Bare,
            _ => {}
        }
    }
    Markup::Unterminated
}

/// Whether `&` at `at` starts `&name;`, `&#digits;` or `&#xhex;`.
fn reference_at(input: &[u8], at: usize) -> bool {
    let rest = input.get(at + 1..).unwrap_or(&[]);
    let body_len = match rest.first() {
        Some(b'#') => match rest.get(1) {
            Some(b'x') => 2 + rest.iter().skip(2).take_while(|b| b.is_ascii_hexdigit()).count(),
            _ => 1 + rest.iter().skip(1).take_while(|b| b.is_ascii_digit()).count(),
        },
        Some(&b) if is_name_start(b) => rest.iter().take(64).take_while(|&&b| is_name(b)).count(),
        _ => return false,
    };
    let digits_needed = match rest.first() {
        Some(b'#') if rest.get(1) == Some(&b'x') => 3,
        Some(b'#') => 2,
        _ => 1,
    };
    body_len >= digits_needed && rest.get(body_len) == Some(&b';')
}
