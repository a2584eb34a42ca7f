//! Macro strings (RFC 7208 §7): their grammar and their expansion.
//!
//! ```text
//! domain-spec      = macro-string domain-end
//! domain-end       = ( "." toplabel [ "." ] ) / macro-expand
//! toplabel         = ( *alphanum ALPHA *alphanum ) /
//!                    ( 1*alphanum "-" *( alphanum / "-" ) alphanum )
//! explain-string   = *( macro-string / SP )
//! macro-string     = *( macro-expand / macro-literal )
//! macro-expand     = ( "%{" macro-letter transformers *delimiter "}" )
//!                    / "%%" / "%_" / "%-"
//! macro-literal    = %x21-24 / %x26-7E
//! macro-letter     = "s" / "l" / "o" / "d" / "i" / "p" / "h" /
//!                    "c" / "r" / "t" / "v"
//! transformers     = *DIGIT [ "r" ]
//! delimiter        = "." / "-" / "+" / "," / "/" / "_" / "="
//! ```

use nom::branch::alt;
use nom::bytes::complete::{tag, take_while};
use nom::character::complete::{char, digit0, one_of, satisfy};
use nom::combinator::{map, opt, value};
use nom::{IResult, Parser};

use crate::diag::Span;

/// The delimiters a macro may split on.
pub(crate) const DELIMITERS: &str = ".-+,/_=";

/// One piece of a macro string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MacroPart {
    /// Literal text, with `%%`, `%_` and `%-` already turned into `%`, a
    /// space and `%20`.
    Literal(String),
    /// A `%{...}` macro.
    Macro(Macro),
}

/// A `%{...}` macro: a letter and its transformers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Macro {
    /// The macro letter, in lower case (`s l o d i p h c r t v`).
    pub letter: char,
    /// Whether the letter was upper case: the expansion is then URL-escaped.
    pub url_escape: bool,
    /// How many right-hand parts to keep (never zero).
    pub digits: Option<usize>,
    /// Whether the parts are reversed (`r`).
    pub reverse: bool,
    /// The delimiters to split on; empty means `.`.
    pub delimiters: String,
    /// Where the macro is written, relative to the start of the macro string.
    pub span: Span,
}

/// A parsed macro string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MacroString {
    /// The text as written.
    pub text: String,
    /// Where it is written in the record.
    pub span: Span,
    /// Its pieces.
    pub parts: Vec<MacroPart>,
}

impl MacroString {
    /// The macros it uses, in order.
    pub fn macros(&self) -> impl Iterator<Item = &Macro> {
        self.parts.iter().filter_map(|p| match p {
            MacroPart::Macro(m) => Some(m),
            MacroPart::Literal(_) => None,
        })
    }

    /// Whether it contains any `%{...}` macro.
    pub fn has_macros(&self) -> bool {
        self.macros().next().is_some()
    }
}

/// Why a macro string does not parse: the byte offset (relative to the
/// string) of the offending `%` or character, and the reason in words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct MacroError {
    pub at: usize,
    pub len: usize,
    pub why: String,
}

/// `"%{" macro-letter transformers *delimiter "}"`, without the span.
fn braced(input: &str) -> IResult<&str, Macro> {
    let letter = one_of("slodiphcrtvSLODIPHCRTV");
    let (rest, (_, letter, digits, reverse, delimiters, _)) = (
        tag("%{"),
        letter,
        digit0,
        opt(one_of("rR")),
        take_while(|c: char| DELIMITERS.contains(c)),
        char('}'),
    )
        .parse(input)?;
    let digits = if digits.is_empty() {
        None
    } else {
        // A value beyond any label count keeps every part.
        Some(digits.parse::<usize>().unwrap_or(usize::MAX))
    };
    Ok((
        rest,
        Macro {
            letter: letter.to_ascii_lowercase(),
            url_escape: letter.is_ascii_uppercase(),
            digits,
            reverse: reverse.is_some(),
            delimiters: delimiters.to_string(),
            span: Span::at(0),
        },
    ))
}

/// `macro-expand`: a braced macro or one of the three escapes.
fn macro_expand(input: &str) -> IResult<&str, MacroPart> {
    alt((
        value(MacroPart::Literal("%".into()), tag("%%")),
        value(MacroPart::Literal(" ".into()), tag("%_")),
        value(MacroPart::Literal("%20".into()), tag("%-")),
        map(braced, MacroPart::Macro),
    ))
    .parse(input)
}

/// A run of `macro-literal` (and of SP when `spaces` is set).
fn literal_run(input: &str, spaces: bool) -> IResult<&str, &str> {
    let (rest, first) = nom::combinator::recognize(satisfy(|c| is_literal(c, spaces))).parse(input)?;
    let (rest, more) = take_while(|c| is_literal(c, spaces)).parse(rest)?;
    Ok((rest, input.get(..first.len() + more.len()).unwrap_or(input)))
}

fn is_literal(c: char, spaces: bool) -> bool {
    matches!(c, '\x21'..='\x24' | '\x26'..='\x7e') || (spaces && c == ' ')
}

/// Parses `text` as a macro string (`spaces`: as an explain-string, which
/// may also hold spaces). `offset` is where it starts in the record.
pub(crate) fn parse(text: &str, offset: usize, spaces: bool) -> Result<MacroString, MacroError> {
    let mut parts = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        let at = text.len() - rest.len();
        if let Ok((after, run)) = literal_run(rest, spaces) {
            push_literal(&mut parts, run);
            rest = after;
            continue;
        }
        match macro_expand(rest) {
            Ok((after, part)) => {
                let len = rest.len() - after.len();
                match part {
                    MacroPart::Macro(mut m) => {
                        if m.digits == Some(0) {
                            return Err(MacroError {
                                at,
                                len,
                                why: "the number of parts to keep may not be zero".into(),
                            });
                        }
                        m.span = Span::new(offset + at, offset + at + len);
                        parts.push(MacroPart::Macro(m));
                    }
                    MacroPart::Literal(l) => push_literal(&mut parts, &l),
                }
                rest = after;
            }
            Err(_) => return Err(explain_error(rest, at)),
        }
    }
    Ok(MacroString { text: text.to_string(), span: Span::new(offset, offset + text.len()), parts })
}

fn push_literal(parts: &mut Vec<MacroPart>, text: &str) {
    if let Some(MacroPart::Literal(last)) = parts.last_mut() {
        last.push_str(text);
    } else {
        parts.push(MacroPart::Literal(text.to_string()));
    }
}

/// Says why the `%` (or character) at the start of `rest` does not parse.
fn explain_error(rest: &str, at: usize) -> MacroError {
    let mut chars = rest.chars();
    let first = chars.next().unwrap_or('%');
    if first != '%' {
        let why = if first == ' ' {
            "a space is not allowed here".to_string()
        } else {
            format!("the character U+{:04X} is not allowed", u32::from(first))
        };
        return MacroError { at, len: first.len_utf8(), why };
    }
    let why = match chars.next() {
        None => "nothing follows it; write %% for a literal percent sign".to_string(),
        Some('{') => match chars.next() {
            Some(c) if "slodiphcrtvSLODIPHCRTV".contains(c) => {
                if rest.contains('}') {
                    "only digits, r and the delimiters . - + , / _ = may follow the macro letter".to_string()
                } else {
                    "the macro is not closed with }".to_string()
                }
            }
            Some(c) => format!("{c} is not a macro letter"),
            None => "the macro is not closed with }".to_string(),
        },
        Some(c) => format!("%{c} is not a macro; write %% for a literal percent sign"),
    };
    MacroError { at, len: 1, why }
}

/// Why `text` (a domain-spec as written) does not end in a valid
/// `domain-end`, or `None` when it does.
pub(crate) fn domain_end_problem(spec: &MacroString) -> Option<String> {
    let literal = match spec.parts.last() {
        None => return Some("it is empty".into()),
        Some(MacroPart::Macro(_)) => return None,
        Some(MacroPart::Literal(l)) => l,
    };
    // `%%`, `%_` and `%-` are macro-expands too: a spec ending in one of
    // them is valid syntax.
    if ["%%", "%_", "%-"].iter().any(|e| spec.text.ends_with(e)) {
        return None;
    }
    let body = literal.strip_suffix('.').unwrap_or(literal);
    let Some(dot) = body.rfind('.') else {
        return Some("it needs at least two labels, such as example.com".into());
    };
    let top = body.get(dot + 1..).unwrap_or("");
    if is_toplabel(top) {
        None
    } else if top.is_empty() {
        Some("it ends with an empty label".into())
    } else if top.bytes().all(|b| b.is_ascii_digit()) {
        Some(format!("its last label \"{top}\" is all digits; an address belongs in ip4:/ip6:, not here"))
    } else {
        Some(format!("its last label \"{top}\" is not a valid top-level label"))
    }
}

/// `toplabel` of RFC 7208 §7.1.
pub(crate) fn is_toplabel(label: &str) -> bool {
    let bytes = label.as_bytes();
    if bytes.is_empty() || !bytes.iter().all(|b| b.is_ascii_alphanumeric() || *b == b'-') {
        return false;
    }
    if label.contains('-') {
        bytes.first().is_some_and(u8::is_ascii_alphanumeric)
            && bytes.last().is_some_and(u8::is_ascii_alphanumeric)
    } else {
        bytes.iter().any(u8::is_ascii_alphabetic)
    }
}

/// The values the macro letters expand to.
#[derive(Clone, Debug, Default)]
pub(crate) struct MacroValues<'a> {
    pub sender: &'a str,
    pub local: &'a str,
    pub sender_domain: &'a str,
    pub domain: &'a str,
    pub ip_dotted: &'a str,
    pub ip_text: &'a str,
    pub validated: &'a str,
    pub helo: &'a str,
    pub receiver: &'a str,
    pub timestamp: &'a str,
    pub ip_version: &'a str,
}

/// Expands `spec` with `values`; `p` is computed by `validated` only when
/// the string uses `%{p}`.
pub(crate) fn expand(spec: &MacroString, values: &MacroValues<'_>) -> String {
    let mut out = String::new();
    for part in &spec.parts {
        match part {
            MacroPart::Literal(l) => out.push_str(l),
            MacroPart::Macro(m) => {
                let raw = match m.letter {
                    's' => values.sender,
                    'l' => values.local,
                    'o' => values.sender_domain,
                    'd' => values.domain,
                    'i' => values.ip_dotted,
                    'p' => values.validated,
                    'v' => values.ip_version,
                    'h' => values.helo,
                    'c' => values.ip_text,
                    'r' => values.receiver,
                    't' => values.timestamp,
                    _ => "",
                };
                let transformed = transform(raw, m);
                if m.url_escape {
                    out.push_str(&url_escape(&transformed));
                } else {
                    out.push_str(&transformed);
                }
            }
        }
    }
    out
}

/// Splits on the delimiters, reverses if asked, keeps the right-most parts,
/// and joins with dots (RFC 7208 §7.3).
fn transform(raw: &str, m: &Macro) -> String {
    if m.digits.is_none() && !m.reverse && m.delimiters.is_empty() {
        return raw.to_string();
    }
    let delimiters = if m.delimiters.is_empty() { "." } else { m.delimiters.as_str() };
    let mut parts: Vec<&str> = raw.split(|c: char| delimiters.contains(c)).collect();
    if m.reverse {
        parts.reverse();
    }
    let keep = m.digits.unwrap_or(parts.len()).min(parts.len());
    parts.get(parts.len() - keep..).unwrap_or(&[]).join(".")
}

/// URL-escapes everything outside the RFC 3986 unreserved set.
fn url_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_macros_and_escapes() {
        let m = parse("%{ir}.%{v}._spf.%{d2}%%%_%-x", 10, false).unwrap();
        assert_eq!(m.macros().count(), 3);
        let first = m.macros().next().unwrap();
        assert_eq!(first.span, Span::new(10, 15));
        assert!(first.reverse);
        assert_eq!(m.parts.last(), Some(&MacroPart::Literal("% %20x".into())));
    }

    #[test]
    fn errors_point_at_the_percent() {
        let e = parse("a.%x.com", 0, false).unwrap_err();
        assert_eq!(e.at, 2);
        assert_eq!(parse("%{z}", 0, false).unwrap_err().at, 0);
        assert_eq!(parse("ab%{d", 0, false).unwrap_err().at, 2);
        assert_eq!(parse("x%", 0, false).unwrap_err().at, 1);
        assert!(parse("%{d0}", 0, false).is_err());
        assert!(parse("a b", 0, false).is_err());
        assert!(parse("a b", 0, true).is_ok());
    }

    #[test]
    fn transforms_follow_the_rfc_examples() {
        let values = MacroValues {
            sender: "strong-bad@email.example.com",
            local: "strong-bad",
            sender_domain: "email.example.com",
            domain: "email.example.com",
            ip_dotted: "192.0.2.3",
            ip_version: "in-addr",
            ..Default::default()
        };
        let x = |s: &str| expand(&parse(s, 0, true).unwrap(), &values);
        assert_eq!(x("%{s}"), "strong-bad@email.example.com");
        assert_eq!(x("%{d4}"), "email.example.com");
        assert_eq!(x("%{d2}"), "example.com");
        assert_eq!(x("%{d1}"), "com");
        assert_eq!(x("%{dr}"), "com.example.email");
        assert_eq!(x("%{d2r}"), "example.email");
        assert_eq!(x("%{l-}"), "strong.bad");
        assert_eq!(x("%{lr-}"), "bad.strong");
        assert_eq!(x("%{l1r-}"), "strong");
        assert_eq!(x("%{ir}.%{v}._spf.%{d2}"), "3.2.0.192.in-addr._spf.example.com");
        assert_eq!(x("%{S}"), "strong-bad%40email.example.com");
    }

    #[test]
    fn domain_ends() {
        let end = |s: &str| domain_end_problem(&parse(s, 0, false).unwrap());
        assert_eq!(end("example.com"), None);
        assert_eq!(end("example.com."), None);
        assert_eq!(end("%{d}"), None);
        assert_eq!(end("a.x-1"), None);
        assert!(end("com").is_some());
        assert!(end("com.").is_some());
        assert!(end("1.2.3.4").is_some());
        assert!(end("example.-com").is_some());
        assert!(end("example.com/24").is_some());
    }
}
