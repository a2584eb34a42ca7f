//! The DMARC record grammar, as terms with spans.
//!
//! RFC 9989 §4.8 (the ABNF, abridged):
//!
//! ```text
//! dmarc-record  = dmarc-version *(dmarc-sep dmarc-tag) [dmarc-sep] *WSP
//! dmarc-version = "v" *WSP "=" *WSP %s"DMARC1"
//! dmarc-sep     = *WSP ";" *WSP
//! dmarc-tag     = 1*ALPHA *WSP "=" *WSP 1*dmarc-value
//! dmarc-value   = %x20-3A / %x3C-7E   ; printable ASCII but ";"
//! ```
//!
//! This layer is deliberately tolerant: it splits the record at every `;`
//! and reads each piece as `name = value`, keeping whatever does not fit as
//! a [`Term::Malformed`] or [`Term::Empty`] piece with its span, so the lint
//! layer can say exactly what is off and the rest of the record is still
//! explained. Quoted ABNF strings are case-insensitive (RFC 5234 §2.3), so
//! tag names are matched without regard to case.

use nom::bytes::complete::take_while;
use nom::character::complete::{alpha1, char, space0};
use nom::{IResult, Parser};

use crate::diag::Span;

/// `WSP` of RFC 5234: space and horizontal tab.
pub(crate) fn is_wsp(c: char) -> bool {
    c == ' ' || c == '\t'
}

/// One `;`-separated piece of a record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Term<'a> {
    /// `name = value`.
    Tag(RawTag<'a>),
    /// Nothing (or only whitespace) between two separators.
    Empty(Span),
    /// Something that is not `name=value`.
    Malformed { text: &'a str, span: Span },
}

/// A `name=value` term as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct RawTag<'a> {
    pub name: &'a str,
    pub value: &'a str,
    /// The whole term, from the first letter of the name to the last
    /// non-blank character of the value.
    pub span: Span,
    pub name_span: Span,
    pub value_span: Span,
}

/// `1*ALPHA *WSP "=" *WSP value`, where the value runs to the end of the
/// piece (pieces never contain `;`).
fn tag(input: &str) -> IResult<&str, (&str, &str)> {
    let (rest, (name, _, _, _, value)) =
        (alpha1, space0, char('='), space0, take_while(|_| true)).parse(input)?;
    Ok((rest, (name, value)))
}

/// The terms of `record`, in order, and the span of any whitespace before
/// the first one.
///
/// A single trailing separator is allowed by the grammar and produces no
/// term; every other empty piece is reported as [`Term::Empty`].
pub(crate) fn terms(record: &str) -> (Vec<Term<'_>>, Option<Span>) {
    let leading = record.len() - record.trim_start_matches(is_wsp).len();
    let leading_space = (leading > 0 && leading < record.len()).then(|| Span::new(0, leading));
    let pieces: Vec<(usize, &str)> = {
        let mut offset = 0;
        record
            .split(';')
            .map(|piece| {
                let at = offset;
                offset += piece.len() + 1;
                (at, piece)
            })
            .collect()
    };
    let last = pieces.len().saturating_sub(1);
    let mut out = Vec::with_capacity(pieces.len());
    for (index, (at, piece)) in pieces.into_iter().enumerate() {
        // Any whitespace is trimmed here so the tag is still understood; the
        // lint layer reports whitespace the grammar does not allow.
        let start_trim = piece.len() - piece.trim_start().len();
        let body = piece.trim();
        let start = at + start_trim;
        let span = Span::new(start, start + body.len());
        if body.is_empty() {
            // The piece after a final `;` is empty when the record ends with
            // the optional trailing separator; that is allowed once.
            if index != last || index == 0 {
                out.push(Term::Empty(Span::new(at, at + piece.len())));
            }
            continue;
        }
        match tag(body) {
            Ok((_, (name, value_untrimmed))) => {
                let value = value_untrimmed.trim_end();
                let value_start = start + (body.len() - value_untrimmed.len());
                out.push(Term::Tag(RawTag {
                    name,
                    value,
                    span,
                    name_span: Span::new(start, start + name.len()),
                    value_span: Span::new(value_start, value_start + value.len()),
                }));
            }
            Err(_) => out.push(Term::Malformed { text: body, span }),
        }
    }
    (out, leading_space)
}

/// A value split at `sep` with the WSP around each item trimmed; each item
/// comes with its span (`offset` is where `value` starts in the record).
pub(crate) fn list(value: &str, offset: usize, sep: char) -> Vec<(&str, Span)> {
    let mut out = Vec::new();
    let mut at = offset;
    for item in value.split(sep) {
        let lead = item.len() - item.trim_start_matches(is_wsp).len();
        let body = item.trim_matches(is_wsp);
        out.push((body, Span::new(at + lead, at + lead + body.len())));
        at += item.len() + sep.len_utf8();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tag_at<'a>(terms: &'a [Term<'a>], i: usize) -> &'a RawTag<'a> {
        match &terms[i] {
            Term::Tag(t) => t,
            other => panic!("expected a tag, got {other:?}"),
        }
    }

    #[test]
    fn splits_tags_with_spans() {
        let record = "v=DMARC1; p = none ;fo=1";
        let (terms, lead) = terms(record);
        assert_eq!(lead, None);
        assert_eq!(terms.len(), 3);
        let p = tag_at(&terms, 1);
        assert_eq!((p.name, p.value), ("p", "none"));
        assert_eq!(p.span.slice(record), "p = none");
        assert_eq!(p.value_span.slice(record), "none");
        assert_eq!(tag_at(&terms, 2).span.slice(record), "fo=1");
    }

    #[test]
    fn one_trailing_separator_is_allowed_two_are_not() {
        assert_eq!(terms("v=DMARC1; p=none;").0.len(), 2);
        assert_eq!(terms("v=DMARC1; p=none; ").0.len(), 2);
        let (t, _) = terms("v=DMARC1;; p=none");
        assert_eq!(t[1], Term::Empty(Span::new(9, 9)));
    }

    #[test]
    fn names_must_be_letters_and_need_an_equals_sign() {
        let record = "v=DMARC1; rua_x=1; p none";
        let (t, _) = terms(record);
        assert!(matches!(t[1], Term::Malformed { text: "rua_x=1", .. }));
        assert!(matches!(t[2], Term::Malformed { text: "p none", .. }));
    }

    #[test]
    fn leading_whitespace_is_reported() {
        let (_, lead) = terms("  v=DMARC1");
        assert_eq!(lead, Some(Span::new(0, 2)));
    }

    #[test]
    fn lists_keep_item_spans() {
        let value = "mailto:a@x.example , mailto:b@y.example";
        let items = list(value, 10, ',');
        assert_eq!(items[0].0, "mailto:a@x.example");
        assert_eq!(items[1].1, Span::new(10 + 21, 10 + value.len()));
    }
}
