//! Small text helpers the rules share: naming a character so people can
//! find it, finding runs of characters a grammar does not allow, and
//! suggesting the name a typo was probably meant to be.

use crate::diag::Span;

/// Each run of characters `allowed` rejects, with words naming the first
/// character of the run.
pub(crate) fn disallowed_runs(input: &str, allowed: fn(char) -> bool) -> Vec<(Span, String)> {
    let mut out = Vec::new();
    let mut chars = input.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if allowed(c) {
            continue;
        }
        let mut end = start + c.len_utf8();
        while let Some(&(at, next)) = chars.peek() {
            if allowed(next) {
                break;
            }
            end = at + next.len_utf8();
            chars.next();
        }
        out.push((Span::new(start, end), describe_char(c)));
    }
    out
}

/// A character named so people can find it.
pub(crate) fn describe_char(c: char) -> String {
    let name = match c {
        '\n' | '\r' => "a line break",
        '\u{a0}' => "a non-breaking space",
        '"' => "a double quote",
        '\u{2018}' | '\u{2019}' | '\u{201c}' | '\u{201d}' => "a curly quote",
        '\u{2013}' | '\u{2014}' => "a dash",
        '\u{200b}' | '\u{feff}' => "an invisible zero-width character",
        c if c.is_control() => "a control character",
        _ => "",
    };
    if name.is_empty() {
        format!("the character \u{2018}{c}\u{2019} (U+{:04X})", u32::from(c))
    } else {
        format!("{name} (U+{:04X})", u32::from(c))
    }
}

/// The entry of `known` one edit away from `key` (case ignored), for keys of
/// two characters or more.
pub(crate) fn suggest(key: &str, known: &[&'static str]) -> Option<&'static str> {
    let key = key.to_ascii_lowercase();
    if key.chars().count() < 2 {
        return None;
    }
    known.iter().copied().find(|k| k.len() > 1 && edit_distance(&key, k) <= 1)
}

/// Optimal string alignment distance (insertions, deletions, substitutions
/// and swaps of neighbours each cost one).
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let width = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * width];
    let at = |i: usize, j: usize| i * width + j;
    for i in 0..=a.len() {
        if let Some(cell) = d.get_mut(at(i, 0)) {
            *cell = i;
        }
    }
    for j in 0..=b.len() {
        if let Some(cell) = d.get_mut(at(0, j)) {
            *cell = j;
        }
    }
    let get = |d: &[usize], i, j| d.get(at(i, j)).copied().unwrap_or(usize::MAX / 2);
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a.get(i - 1) != b.get(j - 1));
            let mut best =
                (get(&d, i - 1, j) + 1).min(get(&d, i, j - 1) + 1).min(get(&d, i - 1, j - 1) + cost);
            if i > 1 && j > 1 && a.get(i - 1) == b.get(j - 2) && a.get(i - 2) == b.get(j - 1) {
                best = best.min(get(&d, i - 2, j - 2) + 1);
            }
            if let Some(cell) = d.get_mut(at(i, j)) {
                *cell = best;
            }
        }
    }
    get(&d, a.len(), b.len())
}

/// `text` in double quotes, with `"` and `\` escaped and control
/// characters written as `\u{…}`, so a value quoted in a message cannot
/// end the quote or move a terminal's cursor. Unlike `{:?}`, other
/// characters stay as they are, which keeps the standard library's
/// printable-character tables out of the wasm.
///
/// ```
/// assert_eq!(dmarc_lens::quoted("ex\"am\nple"), r#""ex\"am\u{a}ple""#);
/// assert_eq!(dmarc_lens::quoted("bücher"), "\"bücher\"");
/// ```
pub fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Percent-encodes like JavaScript's `encodeURIComponent`: everything but
/// `A-Z a-z 0-9 - _ . ! ~ * ' ( )` is written as UTF-8 `%XX`. The app's
/// links (`#/explain?r=…`) are written with it, and its router decodes them.
pub fn encode_uri_component(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3 / 2);
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}
