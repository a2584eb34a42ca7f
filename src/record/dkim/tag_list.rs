//! The tag-list grammar of RFC 6376 §3.2, shared by the record kinds that
//! borrow it (DKIM keys, BIMI) or a close cousin of it (MTA-STS and TLS-RPT
//! TXT records), plus the small helpers their lint layers have in common.
//!
//! ```text
//! tag-list  =  tag-spec *( ";" tag-spec ) [ ";" ]
//! tag-spec  =  [FWS] tag-name [FWS] "=" [FWS] tag-value [FWS]
//! tag-name  =  ALPHA *ALNUMPUNC
//! tag-value =  [ tval *( 1*(WSP / FWS) tval ) ]
//! tval      =  1*VALCHAR
//! VALCHAR   =  %x21-3A / %x3C-7E    ; EXCLAMATION to TILDE except SEMICOLON
//! ALNUMPUNC =  ALPHA / DIGIT / "_"
//! ```
//!
//! Like the DMARC grammar layer, this one is tolerant: it splits at every
//! `;` and reads each piece as `name = value`, keeping whatever does not fit
//! with its span so the lint layer can say exactly what is off. Names are
//! read with the wider character set of the MTA-STS and TLS-RPT extension
//! names (`ALPHA / DIGIT / "_" / "-" / "."`), and whitespace around `=` is
//! accepted but flagged in [`RawTag::spaced`] for the kinds whose grammar
//! has none there.

use nom::bytes::complete::{take_while, take_while1};
use nom::character::complete::char;
use nom::combinator::rest;
use nom::{IResult, Parser};

use crate::catalogue::Code;
use crate::diag::{Diagnostic, Span};
use crate::record::TagExplanation;
pub(crate) use crate::text::{disallowed_runs, suggest};

/// `WSP` or the line-break half of `FWS` (CR, LF).
pub(crate) fn is_fws(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n')
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
    /// From the first character of the name to the last non-blank
    /// character of the value.
    pub span: Span,
    pub name_span: Span,
    pub value_span: Span,
    /// Whether there is whitespace between the name and `=` or between
    /// `=` and the value.
    pub spaced: bool,
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.')
}

type Parts<'a> = (&'a str, &'a str, char, &'a str, &'a str);

/// `name *ws "=" *ws value`, the value running to the end of the piece.
fn tag(input: &str, ws: fn(char) -> bool) -> IResult<&str, Parts<'_>> {
    (take_while1(is_name_char), take_while(ws), char('='), take_while(ws), rest).parse(input)
}

/// The terms of `record`, in order, and the span of any whitespace before
/// the first one. `ws` is the whitespace allowed around tags (`WSP`, or
/// [`is_fws`]). A single trailing separator produces no term.
pub(crate) fn terms(record: &str, ws: fn(char) -> bool) -> (Vec<Term<'_>>, Option<Span>) {
    let leading = record.len() - record.trim_start_matches(ws).len();
    let leading_space = (leading > 0 && leading < record.len()).then(|| Span::new(0, leading));
    let mut out = Vec::new();
    let mut at = 0;
    let count = record.split(';').count();
    for (index, piece) in record.split(';').enumerate() {
        let piece_at = at;
        at += piece.len() + 1;
        let start_trim = piece.len() - piece.trim_start_matches(ws).len();
        let body = piece.trim_matches(ws);
        let start = piece_at + start_trim;
        let span = Span::new(start, start + body.len());
        if body.is_empty() {
            if index + 1 != count || index == 0 {
                out.push(Term::Empty(Span::new(piece_at, piece_at + piece.len())));
            }
            continue;
        }
        let first_ok = body.chars().next().is_some_and(|c| c.is_ascii_alphanumeric());
        match tag(body, ws) {
            Ok((_, (name, gap1, _, gap2, value_untrimmed))) if first_ok => {
                let value = value_untrimmed.trim_end_matches(ws);
                let value_start = start + (body.len() - value_untrimmed.len());
                out.push(Term::Tag(RawTag {
                    name,
                    value,
                    span,
                    name_span: Span::new(start, start + name.len()),
                    value_span: Span::new(value_start, value_start + value.len()),
                    spaced: !gap1.is_empty() || !gap2.is_empty(),
                }));
            }
            _ => out.push(Term::Malformed { text: body, span }),
        }
    }
    (out, leading_space)
}

/// A value split at `sep`, each item trimmed of `ws` and given its span
/// (`offset` is where `value` starts in the record).
pub(crate) fn list(value: &str, offset: usize, sep: char, ws: fn(char) -> bool) -> Vec<(&str, Span)> {
    let mut out = Vec::new();
    let mut at = offset;
    for item in value.split(sep) {
        let lead = item.len() - item.trim_start_matches(ws).len();
        let body = item.trim_matches(ws);
        out.push((body, Span::new(at + lead, at + lead + body.len())));
        at += item.len() + sep.len_utf8();
    }
    out
}

/// The diagnostics found so far.
#[derive(Default)]
pub(crate) struct Findings(pub Vec<Diagnostic>);

impl Findings {
    /// Adds the diagnostic for `code` at `span`.
    pub fn add(&mut self, code: impl crate::catalogue::RuleCode, span: Span, args: &[(&str, &str)]) {
        self.0.push(Diagnostic::new(code, span, args));
    }

    /// The diagnostics, by severity then position.
    pub fn sorted(self) -> Vec<Diagnostic> {
        let mut out = self.0;
        crate::diag::sort(&mut out);
        out
    }
}

/// One row of a tag table.
pub(crate) fn row(
    name: &str,
    written: Option<(&str, Span)>,
    meaning: &str,
    default: &str,
    effective: String,
) -> TagExplanation {
    TagExplanation {
        name: name.to_string(),
        value: written.map(|(v, _)| v.to_string()),
        span: written.map(|(_, s)| s),
        meaning: meaning.to_string(),
        default: default.to_string(),
        effective,
        lookups: None,
    }
}

/// The tag table of a `v=...; name=value` kind: a row per tag as written
/// (the first of repeated names), then a row per name in `absent` that the
/// record leaves out. `default` is told whether the tag was written.
pub(crate) fn rows(
    tags: &[crate::record::dmarc::Tag],
    absent: &[&str],
    meaning: impl Fn(&str) -> &'static str,
    default: impl Fn(&str, bool) -> &'static str,
    effective: impl Fn(&str) -> String,
) -> Vec<TagExplanation> {
    let mut out = Vec::new();
    let mut shown = std::collections::HashSet::new();
    for tag in tags {
        if shown.insert(tag.name.clone()) {
            let written = Some((tag.value.as_str(), tag.span));
            out.push(row(
                &tag.name,
                written,
                meaning(&tag.name),
                default(&tag.name, true),
                effective(&tag.name),
            ));
        }
    }
    for key in absent {
        if !shown.contains(*key) {
            out.push(row(key, None, meaning(key), default(key, false), effective(key)));
        }
    }
    out
}

/// The corrected record of a `v=...; name=value` kind, when one of the
/// shared mechanical rules fired (version, repeats, case, empty terms,
/// blanks, a tag name one typo away): rebuilt with [`rebuild`], `value`
/// normalising known values, and offered only when `clean` finds no error
/// left in it.
pub(crate) fn correct<C: crate::catalogue::RuleCode>(
    input: &str,
    diagnostics: &[Diagnostic],
    spec: &Spec<C>,
    value: impl Fn(&str, &str) -> String,
    clean: impl Fn(&str) -> bool,
) -> Option<String> {
    let c = &spec.codes;
    let fixable = [
        c.version_missing,
        c.version_invalid,
        c.version_not_first,
        c.duplicate,
        c.case,
        c.empty_term,
        c.whitespace,
    ];
    let unknown: Code = c.unknown.into();
    let suggested = diagnostics.iter().any(|d| d.code == unknown && d.help.contains("did you mean"));
    if !(any_of(diagnostics, &fixable) || suggested) {
        return None;
    }
    let common = common(input, spec);
    if common.syntax_error {
        return None;
    }
    corrected(input, true, rebuild(&common, spec, value), clean)
}

/// `candidate` as the corrected record, when a mechanical fix fired, the
/// candidate differs from `input`, and `clean` says it has no error left.
pub(crate) fn corrected(
    input: &str,
    fixable: bool,
    candidate: String,
    clean: impl Fn(&str) -> bool,
) -> Option<String> {
    (fixable && candidate != input && clean(&candidate)).then_some(candidate)
}

/// `WSP` of RFC 5234: space and horizontal tab.
pub(crate) fn is_wsp(c: char) -> bool {
    c == ' ' || c == '\t'
}

/// The codes a `v=...; name=value` record kind uses for the rules every
/// such kind shares.
pub(crate) struct Codes<C> {
    pub empty: C,
    pub version_missing: C,
    pub version_invalid: C,
    pub version_not_first: C,
    pub duplicate: C,
    pub unknown: C,
    pub case: C,
    pub syntax: C,
    pub empty_term: C,
    pub non_ascii: C,
    pub whitespace: C,
}

/// How one kind's records look.
pub(crate) struct Spec<C> {
    pub codes: Codes<C>,
    /// The exact value of `v`, e.g. `TLSRPTv1`.
    pub version: &'static str,
    /// Every tag name the kind defines, `v` included.
    pub known: &'static [&'static str],
    /// Whether the grammar allows whitespace around `=`.
    pub spaced_ok: bool,
}

/// What the shared rules found: every tag in order and the first of each
/// name, with the version verdict and the findings so far.
pub(crate) struct Common<'a> {
    pub tags: Vec<RawTag<'a>>,
    pub valid_version: bool,
    pub syntax_error: bool,
    pub found: Findings,
}

impl<'a> Common<'a> {
    /// The first tag named exactly `name`.
    pub fn first(&self, name: &str) -> Option<&RawTag<'a>> {
        self.tags.iter().find(|t| t.name == name)
    }
}

/// Applies the rules every `v=...; name=value` kind shares: empty input,
/// characters outside printable ASCII, whitespace the grammar does not
/// allow, the version tag, empty and malformed terms, repeated, unknown and
/// wrongly cased tag names.
pub(crate) fn common<'a, C: crate::catalogue::RuleCode>(input: &'a str, spec: &Spec<C>) -> Common<'a> {
    let codes = &spec.codes;
    let mut out =
        Common { tags: Vec::new(), valid_version: false, syntax_error: false, found: Findings::default() };
    if input.trim_matches(is_wsp).is_empty() {
        out.found.add(codes.empty, Span::new(0, input.len()), &[]);
        return out;
    }
    for (span, what) in disallowed_runs(input, |c| c.is_ascii_graphic() || is_wsp(c)) {
        out.found.add(codes.non_ascii, span, &[("what", &what)]);
    }
    let (terms, leading) = terms(input, is_wsp);
    if let Some(span) = leading {
        out.found.add(codes.whitespace, span, &[("where", "before the first tag")]);
    }
    let mut seen = std::collections::HashSet::new();
    for (index, term) in terms.iter().enumerate() {
        let tag = match term {
            Term::Empty(span) => {
                out.found.add(codes.empty_term, *span, &[]);
                continue;
            }
            Term::Malformed { text, span } => {
                out.found.add(codes.syntax, *span, &[("text", text)]);
                out.syntax_error = true;
                continue;
            }
            Term::Tag(tag) => tag,
        };
        out.tags.push(tag.clone());
        let lower = tag.name.to_ascii_lowercase();
        if tag.spaced && !spec.spaced_ok {
            out.found.add(codes.whitespace, tag.span, &[("where", "around =")]);
        }
        if !seen.insert(tag.name) {
            out.found.add(codes.duplicate, tag.span, &[("tag", tag.name)]);
        } else if tag.name == "v" {
            if index != 0 {
                out.found.add(codes.version_not_first, tag.span, &[("version", spec.version)]);
            } else if tag.value == spec.version {
                out.valid_version = true;
            } else {
                let at = if tag.value.is_empty() { tag.span } else { tag.value_span };
                let args = [("value", tag.value), ("version", spec.version)];
                out.found.add(codes.version_invalid, at, &args);
            }
        } else if spec.known.contains(&tag.name) {
        } else if spec.known.contains(&lower.as_str()) {
            out.found.add(codes.case, tag.name_span, &[("tag", tag.name), ("lower", &lower)]);
        } else {
            let suggestion =
                suggest(tag.name, spec.known).map(|s| format!(" (did you mean {s}?)")).unwrap_or_default();
            out.found.add(codes.unknown, tag.name_span, &[("tag", tag.name), ("suggestion", &suggestion)]);
        }
    }
    let written_v = out.tags.iter().any(|t| t.name.eq_ignore_ascii_case("v"));
    if !written_v {
        let at = Span::at(leading.map_or(0, |s| s.end));
        out.found.add(codes.version_missing, at, &[("version", spec.version)]);
    }
    out
}

/// The record rebuilt with the shared mechanical fixes: `v` first with the
/// exact version (added when missing), known names in lower case, a tag
/// whose name is one edit from a known tag renamed to it (or dropped when
/// that tag is already there), the first of each repeated tag, no blanks
/// around `=`, `; ` between tags. `value` normalises a known tag's value.
pub(crate) fn rebuild<C>(
    common: &Common<'_>,
    spec: &Spec<C>,
    value: impl Fn(&str, &str) -> String,
) -> String {
    let present: Vec<String> = common.tags.iter().map(|t| t.name.to_ascii_lowercase()).collect();
    let mut seen = std::collections::HashSet::new();
    let mut parts: Vec<(String, String)> = Vec::new();
    for tag in &common.tags {
        let lower = tag.name.to_ascii_lowercase();
        let name = if spec.known.contains(&lower.as_str()) {
            lower
        } else {
            match suggest(tag.name, spec.known) {
                Some(s) if present.iter().any(|p| p == s) => continue,
                Some(s) => s.to_string(),
                None => tag.name.to_string(),
            }
        };
        if !seen.insert(name.clone()) {
            continue;
        }
        let fixed = if name == "v" && tag.value.eq_ignore_ascii_case(spec.version) {
            spec.version.to_string()
        } else if spec.known.contains(&name.as_str()) {
            value(&name, tag.value)
        } else {
            tag.value.to_string()
        };
        parts.push((name, fixed));
    }
    match parts.iter().position(|(n, _)| n == "v") {
        Some(at) => {
            let v = parts.remove(at);
            parts.insert(0, v);
        }
        None => parts.insert(0, ("v".to_string(), spec.version.to_string())),
    }
    parts.iter().map(|(n, v)| format!("{n}={v}")).collect::<Vec<_>>().join("; ")
}

/// Whether any diagnostic has one of `codes`.
pub(crate) fn any_of<C: Copy + Into<Code>>(diagnostics: &[Diagnostic], codes: &[C]) -> bool {
    diagnostics.iter().any(|d| codes.iter().any(|c| d.code == (*c).into()))
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
    fn splits_tags_with_spans_and_fws() {
        let record = "v=DKIM1;\r\n k = rsa ;p=AB\r\n CD";
        let (terms, lead) = terms(record, is_fws);
        assert_eq!(lead, None);
        assert_eq!(terms.len(), 3);
        let k = tag_at(&terms, 1);
        assert_eq!((k.name, k.value, k.spaced), ("k", "rsa", true));
        assert_eq!(k.span.slice(record), "k = rsa");
        assert_eq!(tag_at(&terms, 2).value, "AB\r\n CD");
        assert!(!tag_at(&terms, 0).spaced);
    }

    #[test]
    fn empty_and_malformed_pieces() {
        let (t, _) = terms("v=1;; x;=y; _a=1;", is_fws);
        assert_eq!(t[1], Term::Empty(Span::new(4, 4)));
        assert!(matches!(t[2], Term::Malformed { text: "x", .. }));
        assert!(matches!(t[3], Term::Malformed { text: "=y", .. }));
        assert!(matches!(t[4], Term::Malformed { text: "_a=1", .. }));
        assert_eq!(t.len(), 5);
    }

    #[test]
    fn suggestions_and_distance() {
        assert_eq!(crate::text::edit_distance("rau", "rua"), 1);
        assert_eq!(suggest("rue", &["v", "rua"]), Some("rua"));
        assert_eq!(suggest("x", &["v", "rua"]), None);
        assert_eq!(suggest("maxage", &["max_age"]), Some("max_age"));
    }

    #[test]
    fn runs_of_disallowed_characters() {
        let runs = disallowed_runs("a\u{a0}\u{a0}b\"", |c| c.is_ascii_alphanumeric());
        assert_eq!(runs[0].0, Span::new(1, 5));
        assert!(runs[0].1.contains("non-breaking"));
        assert_eq!(runs[1].0, Span::new(6, 7));
    }
}
