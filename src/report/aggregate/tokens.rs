//! The tokenizer: one pass over the bytes that yields markup and text, and
//! repairs as it goes. A `<` or `&` in text that cannot start markup or a
//! reference is text (and reported as a repair), so a value with a bare `<`
//! reads as written. Every token carries byte offsets into the input, so
//! spans point at what the user dropped. Each byte is looked at a bounded
//! number of times; entities are never expanded and no DTD is read.

/// What was repaired.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Repair {
    /// A bare `<` at this offset.
    Lt(usize),
    /// A bare `&` at this offset.
    Amp(usize),
}

/// One piece of the document. Offsets are into the input; `start..end` is
/// the whole token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Token {
    /// `<name …>`, or `<name …/>` when `empty`; the name ends at `name_end`
    /// (it starts at `start + 1`) and has a `:` in it when `prefixed`.
    Start { start: usize, name_end: usize, end: usize, empty: bool, prefixed: bool },
    /// `</name>`; the name is `start + 2..name_end`.
    End { start: usize, name_end: usize, end: usize },
    /// Character data, bare `<` and `&` included.
    Text { start: usize, end: usize },
    /// `<![CDATA[…]]>`.
    CData { start: usize, end: usize },
    /// `&name;`, `&#…;` or `&#x…;`: the name is `start + 1..end - 1`.
    Reference { start: usize, end: usize },
    /// `<!DOCTYPE …>`.
    DocType { start: usize, end: usize },
    /// A comment, the XML declaration or a processing instruction: nothing
    /// to read.
    Ignored,
    /// Markup that never ends, or is no markup XML has: reading stops.
    Broken { at: usize, detail: &'static str },
    /// The end of the input.
    Eof,
}

/// The tokenizer's state.
pub(super) struct Tokens<'a> {
    input: &'a [u8],
    at: usize,
    done: bool,
    /// Markup the text scan already measured: where it starts and ends.
    pending: Option<(usize, Markup)>,
    /// Repairs in the token just returned, in order (drained by the reader).
    pub(super) repairs: Vec<Repair>,
}

impl<'a> Tokens<'a> {
    pub(super) fn new(input: &'a [u8]) -> Tokens<'a> {
        Tokens { input, at: 0, done: false, pending: None, repairs: Vec::new() }
    }

    /// The next token; [`Token::Eof`] for ever after the end or a break.
    pub(super) fn next_token(&mut self) -> Token {
        if self.done {
            return Token::Eof;
        }
        let input = self.input;
        let start = self.at;
        let Some(&first) = input.get(start) else {
            self.done = true;
            return Token::Eof;
        };
        if first == b'&' && reference_at(input, start) {
            let end = input
                .get(start..)
                .and_then(|rest| rest.iter().position(|&b| b == b';'))
                .map_or(input.len(), |p| start + p + 1);
            self.at = end;
            return Token::Reference { start, end };
        }
        if first == b'<' {
            let markup = match self.pending.take() {
                Some((at, markup)) if at == start => markup,
                _ => markup_end(input, start),
            };
            match markup {
                Markup::Tag { end, name_end, closing, prefixed } => {
                    self.at = end;
                    if closing {
                        return Token::End { start, name_end, end };
                    }
                    let empty = input.get(end.wrapping_sub(2)) == Some(&b'/');
                    return Token::Start { start, name_end, end, empty, prefixed };
                }
                Markup::Ends(end) => {
                    self.at = end;
                    let token = classify(input, start, end);
                    self.done = matches!(token, Token::Broken { .. });
                    return token;
                }
                Markup::Unterminated(detail) => {
                    self.done = true;
                    return Token::Broken { at: start, detail };
                }
                Markup::Bare => {}
            }
        }
        // Text: up to the next markup or reference; bare `<` and `&` are
        // part of it.
        let mut i = start;
        loop {
            let Some(offset) = input.get(i..).and_then(|rest| rest.iter().position(|&b| is_special(b)))
            else {
                i = input.len();
                break;
            };
            i += offset;
            if input.get(i) == Some(&b'&') {
                if reference_at(input, i) {
                    break;
                }
                self.repairs.push(Repair::Amp(i));
            } else {
                let markup = markup_end(input, i);
                if !matches!(markup, Markup::Bare) {
                    self.pending = Some((i, markup));
                    break;
                }
                self.repairs.push(Repair::Lt(i));
            }
            i += 1;
        }
        self.at = i;
        Token::Text { start, end: i }
    }
}

/// The token for markup `start..end` that [`markup_end`] found well formed
/// and not a tag.
fn classify(input: &[u8], start: usize, end: usize) -> Token {
    let rest = input.get(start..end).unwrap_or(&[]);
    if rest.starts_with(b"<!--") || rest.starts_with(b"<?") {
        return Token::Ignored;
    }
    if rest.starts_with(b"<![CDATA[") {
        return Token::CData { start, end };
    }
    if rest.starts_with(b"<!") {
        let keyword = rest.get(2..9).unwrap_or(&[]);
        if keyword.eq_ignore_ascii_case(b"DOCTYPE") {
            return Token::DocType { start, end };
        }
        return Token::Broken { at: start, detail: "only comments, CDATA and DOCTYPE may start with <!" };
    }
    // markup_end finds no other markup.
    Token::Broken { at: start, detail: "this markup is not XML" }
}

/// The attributes of a start tag (`name_end..end` of a [`Token::Start`]),
/// read leniently: `key="value"` or `key='value'` pairs, values raw. A
/// malformed attribute is skipped up to the next space; an unterminated
/// quote ends the list.
pub(super) fn attributes(tag: &[u8]) -> Vec<(&[u8], &[u8])> {
    let mut out = Vec::new();
    let mut rest = trim_start(tag);
    while !rest.is_empty() {
        let key_len = rest.iter().take_while(|&&b| is_name(b)).count();
        let (key, after) = rest.split_at(key_len);
        let after = trim_start(after);
        let value = after.strip_prefix(b"=").map(trim_start).and_then(|v| {
            let (&quote, on) = v.split_first()?;
            (quote == b'"' || quote == b'\'').then_some((quote, on))
        });
        match value {
            Some((quote, on)) if !key.is_empty() => {
                let Some(len) = on.iter().position(|&b| b == quote) else { return out };
                out.push((key, on.get(..len).unwrap_or(&[])));
                rest = trim_start(on.get(len + 1..).unwrap_or(&[]));
            }
            _ => {
                // Not an attribute: skip this word.
                let junk = rest.iter().take_while(|b| !b.is_ascii_whitespace()).count().max(1);
                rest = trim_start(rest.get(junk..).unwrap_or(&[]));
            }
        }
    }
    out
}

fn trim_start(bytes: &[u8]) -> &[u8] {
    let n = bytes.iter().take_while(|b| b.is_ascii_whitespace()).count();
    bytes.get(n..).unwrap_or(&[])
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Markup {
    /// A start or end tag ending before `end`, its name ending at
    /// `name_end`, with a `:` in it when `prefixed`.
    Tag { end: usize, name_end: usize, closing: bool, prefixed: bool },
    /// Other valid-looking markup ending before this offset.
    Ends(usize),
    /// A comment, CDATA section, tag or the like that never ends: reading
    /// stops there, for the reason given.
    Unterminated(&'static str),
    /// Not markup: a bare `<`.
    Bare,
}

/// Byte classes, looked up once per byte in the hot loops.
const NAME_START: u8 = 1;
const NAME: u8 = 2;
const SPECIAL: u8 = 4;
const COLON: u8 = 8;

const CLASSES: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0usize;
    while b < 256 {
        let c = b as u8;
        let start = c.is_ascii_alphabetic() || c == b'_' || c == b':' || c >= 0x80;
        let name = start || c.is_ascii_digit() || c == b'-' || c == b'.';
        let mut class = 0;
        if start {
            class |= NAME_START;
        }
        if name {
            class |= NAME;
        }
        if c == b'<' || c == b'&' {
            class |= SPECIAL;
        }
        if c == b':' {
            class |= COLON;
        }
        table[b] = class;
        b += 1;
    }
    table
};

fn class(b: u8) -> u8 {
    CLASSES[usize::from(b)]
}

fn is_name_start(b: u8) -> bool {
    class(b) & NAME_START != 0
}

fn is_name(b: u8) -> bool {
    class(b) & NAME != 0
}

/// `<` or `&`: where text may end.
fn is_special(b: u8) -> bool {
    class(b) & SPECIAL != 0
}

/// The length of the name at the start of `bytes`, and whether it has a
/// `:`: one pass, one table lookup per byte.
fn name_len(bytes: &[u8]) -> (usize, bool) {
    let mut seen = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let c = class(b);
        if c & NAME == 0 {
            return (i, seen & COLON != 0);
        }
        seen |= c;
    }
    (bytes.len(), seen & COLON != 0)
}

fn find(input: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    input.get(from..)?.windows(needle.len()).position(|w| w == needle).map(|p| from + p + needle.len())
}

/// Whether `<` at `at` starts markup, and where that markup ends.
fn markup_end(input: &[u8], at: usize) -> Markup {
    let rest = input.get(at..).unwrap_or(&[]);
    // The common case first: `<name>` or `</name>`.
    let closing = rest.get(1) == Some(&b'/');
    let name_from = if closing { 2 } else { 1 };
    let mut name = None;
    if rest.get(name_from).is_some_and(|&b| is_name_start(b)) {
        let (len, prefixed) = name_len(rest.get(name_from..).unwrap_or(&[]));
        let name_end = name_from + len;
        if rest.get(name_end) == Some(&b'>') {
            return Markup::Tag { end: at + name_end + 1, name_end: at + name_end, closing, prefixed };
        }
        name = Some((name_end, prefixed));
    }
    let ends = |found: Option<usize>, why| found.map_or(Markup::Unterminated(why), Markup::Ends);
    if rest.starts_with(b"<!--") {
        return ends(find(input, at + 4, b"-->"), "a comment is never closed with -->");
    }
    if rest.starts_with(b"<![CDATA[") {
        return ends(find(input, at + 9, b"]]>"), "a CDATA section is never closed with ]]>");
    }
    if rest.starts_with(b"<?") {
        return ends(find(input, at + 2, b"?>"), "a processing instruction is never closed with ?>");
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
        return Markup::Unterminated("a declaration is never closed with >");
    }
    // A tag with attributes, spaces or `/>`: its name was measured above.
    let Some((j, prefixed)) = name else { return Markup::Bare };
    let tag = |end: usize| Markup::Tag { end, name_end: at + j, closing, prefixed };
    match rest.get(j) {
        Some(b'/') if !closing && rest.get(j + 1) == Some(&b'>') => return tag(at + j + 2),
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
                return tag(at + offset + 1);
            }
            (None, b'>') => return Markup::Bare,
            _ => {}
        }
    }
    Markup::Unterminated("a tag is never closed with >")
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Every token of `input`, as (kind, text) pairs, and the repairs.
    fn tokens(input: &str) -> (Vec<(&'static str, String)>, Vec<Repair>) {
        let bytes = input.as_bytes();
        let text = |s: usize, e: usize| String::from_utf8_lossy(bytes.get(s..e).unwrap_or(&[])).into_owned();
        let mut t = Tokens::new(bytes);
        let mut out = Vec::new();
        let mut repairs = Vec::new();
        loop {
            let token = t.next_token();
            repairs.append(&mut t.repairs);
            out.push(match token {
                Token::Start { start, name_end, empty: false, .. } => ("start", text(start + 1, name_end)),
                Token::Start { start, name_end, empty: true, .. } => ("empty", text(start + 1, name_end)),
                Token::End { start, name_end, .. } => ("end", text(start + 2, name_end)),
                Token::Text { start, end } => ("text", text(start, end)),
                Token::CData { start, end } => ("cdata", text(start, end)),
                Token::Reference { start, end } => ("ref", text(start, end)),
                Token::DocType { start, end } => ("doctype", text(start, end)),
                Token::Ignored => ("ignored", String::new()),
                Token::Broken { at, .. } => ("broken", at.to_string()),
                Token::Eof => break,
            });
        }
        (out, repairs)
    }

    fn kinds(input: &str) -> Vec<(&'static str, String)> {
        tokens(input).0
    }

    fn pair(kind: &'static str, text: &str) -> (&'static str, String) {
        (kind, text.to_string())
    }

    #[test]
    fn markup_and_text() {
        assert_eq!(
            kinds("<?xml version=\"1.0\"?><a x='1'>v&amp;w</a ><b/><!-- c --><![CDATA[<d>]]>"),
            vec![
                pair("ignored", ""),
                pair("start", "a"),
                pair("text", "v"),
                pair("ref", "&amp;"),
                pair("text", "w"),
                pair("end", "a"),
                pair("empty", "b"),
                pair("ignored", ""),
                pair("cdata", "<![CDATA[<d>]]>"),
            ]
        );
    }

    #[test]
    fn bare_lt_and_amp_are_text_and_repairs() {
        let (out, repairs) = tokens("<v>a<b & c <1 <x@y></v>");
        assert_eq!(out, vec![pair("start", "v"), pair("text", "a<b & c <1 <x@y>"), pair("end", "v")]);
        assert_eq!(repairs, vec![Repair::Lt(4), Repair::Amp(7), Repair::Lt(11), Repair::Lt(14)]);
    }

    #[test]
    fn a_tag_interrupted_by_lt_is_text() {
        let (out, repairs) = tokens("<v><a b='1' <c>");
        assert_eq!(out, vec![pair("start", "v"), pair("text", "<a b='1' "), pair("start", "c")]);
        assert_eq!(repairs, vec![Repair::Lt(3)]);
    }

    #[test]
    fn doctype_with_internal_subset_is_one_token() {
        let input = "<!DOCTYPE f [<!ENTITY a \"b\">]><f/>";
        assert_eq!(
            kinds(input),
            vec![pair("doctype", "<!DOCTYPE f [<!ENTITY a \"b\">]>"), pair("empty", "f")]
        );
    }

    #[test]
    fn unterminated_or_unknown_markup_breaks_and_stops() {
        assert_eq!(kinds("<a>x<!-- never"), vec![pair("start", "a"), pair("text", "x"), pair("broken", "4")]);
        assert_eq!(kinds("<a b=\"open>"), vec![pair("broken", "0")]);
        assert_eq!(kinds("<a><!ELEMENT x><b/>"), vec![pair("start", "a"), pair("broken", "3")]);
    }

    #[test]
    fn character_references_and_unknown_entities_are_references() {
        assert_eq!(
            kinds("&#65;&#x42;&foo;&#;&"),
            vec![pair("ref", "&#65;"), pair("ref", "&#x42;"), pair("ref", "&foo;"), pair("text", "&#;&")]
        );
    }

    #[test]
    fn attributes_are_read_leniently() {
        assert_eq!(
            attributes(b" xmlns=\"urn:x\" a = 'b c' d=\"\" junk' e='f' ='g'"),
            vec![(&b"xmlns"[..], &b"urn:x"[..]), (b"a", b"b c"), (b"d", b""), (b"e", b"f")]
        );
        assert_eq!(attributes(b" x='unterminated"), Vec::<(&[u8], &[u8])>::new());
    }
}
