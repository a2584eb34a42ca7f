//! Diagnostics: what is wrong, where, why and how to fix it.
//!
//! Every finding dmarc-lens reports, for a pasted record, a report file or a
//! live check, is a [`Diagnostic`]. Its words come from the [`catalogue`]
//! (keyed by a stable [`Code`]), so the page, the command line and the docs
//! all say the same thing. Spans are byte offsets into the text the user gave,
//! end exclusive.
//!
//! [`catalogue`]: crate::catalogue

use serde::Serialize;
use std::fmt;

use crate::catalogue::{self, Code};

/// A byte range `start..end` into the input (end exclusive).
///
/// An empty span (`start == end`) marks a position, used for things that are
/// missing: it points where they would go.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`.
    pub const fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    /// An empty span at `at`.
    pub const fn at(at: usize) -> Self {
        Span { start: at, end: at }
    }

    /// The number of bytes covered.
    pub const fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }

    /// Whether the span covers nothing.
    pub const fn is_empty(&self) -> bool {
        self.end <= self.start
    }

    /// The text under the span, or `""` when the span does not fit `input`.
    pub fn slice<'a>(&self, input: &'a str) -> &'a str {
        input.get(self.start..self.end).unwrap_or("")
    }

    /// The smallest span covering both.
    pub fn join(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }
}

/// How much a finding matters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The record is broken or does not do what it looks like it does.
    Error,
    /// It works, but probably not as intended, or it carries a risk.
    Warning,
    /// Worth knowing: how receivers read it, what a value implies.
    Info,
}

impl Severity {
    /// `error`, `warning` or `info`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }

    /// The symbol shown beside the word, so colour is never the only
    /// signal: ✖, ⚠ or ℹ.
    pub const fn symbol(self) -> &'static str {
        match self {
            Severity::Error => "\u{2716}",
            Severity::Warning => "\u{26a0}",
            Severity::Info => "\u{2139}",
        }
    }

    /// The word shown to people: `Error`, `Warning` or `Note`.
    pub const fn word(self) -> &'static str {
        match self {
            Severity::Error => "Error",
            Severity::Warning => "Warning",
            Severity::Info => "Note",
        }
    }
}

/// The text under a span as a finding's "at …" shows it: at most 60
/// characters, then an ellipsis.
pub fn excerpt(text: &str) -> String {
    const MAX: usize = 60;
    if text.chars().count() <= MAX {
        text.to_string()
    } else {
        let head: String = text.chars().take(MAX).collect();
        format!("{head}\u{2026}")
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One finding, with its place in the input.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// The stable code of the rule that fired, e.g. `dmarc-fo-without-ruf`.
    pub code: Code,
    /// How much it matters.
    pub severity: Severity,
    /// Where in the input.
    pub span: Span,
    /// What is wrong, and why it matters.
    pub message: String,
    /// How to fix it.
    pub help: String,
    /// Where the rule comes from, e.g. `RFC 9989 §4.7`.
    pub reference: &'static str,
}

impl Diagnostic {
    /// Builds the diagnostic for `code` at `span`, filling the catalogue's
    /// `{name}` placeholders from `args`.
    pub fn new(code: impl catalogue::RuleCode, span: Span, args: &[(&str, &str)]) -> Self {
        let rule = catalogue::rule(code);
        Diagnostic {
            code: rule.code,
            severity: rule.severity,
            span,
            message: catalogue::fill(rule.message, args),
            help: catalogue::fill(rule.help, args),
            reference: rule.reference,
        }
    }
}

/// Puts findings in the order every list shows them: errors first, then
/// warnings, then notes, each by position (stable, so findings at the same
/// place keep the order their rules ran in). One function for every record
/// kind (and [`crate::order`] sorts them, compiled once).
pub fn sort(diagnostics: &mut [Diagnostic]) {
    crate::order::sort_by_key(diagnostics, |d| (d.severity, d.span.start, d.span.end));
}

/// Whether any diagnostic is an error.
pub fn has_errors(diagnostics: &[Diagnostic]) -> bool {
    diagnostics.iter().any(|d| d.severity == Severity::Error)
}

/// Renders one diagnostic the way a compiler does: a header line, the input
/// line with a caret under the span, then the help and the reference.
///
/// ```
/// use dmarc_lens::catalogue::DmarcCode;
/// use dmarc_lens::diag::{render, Diagnostic, Span};
/// let input = "v=DMARC1; p=none; fo=1";
/// let d = Diagnostic::new(DmarcCode::FoWithoutRuf, Span::new(18, 22), &[]);
/// let text = render(input, &d);
/// assert!(text.contains("                  ^^^^"));
/// ```
pub fn render(input: &str, diagnostic: &Diagnostic) -> String {
    let mut out = format!("{}[{}]: {}\n", diagnostic.severity, diagnostic.code.as_str(), diagnostic.message);
    let (line_no, line_start, line) = line_of(input, diagnostic.span.start);
    let gutter = line_no.to_string();
    let pad = " ".repeat(gutter.len());
    let start = diagnostic.span.start.clamp(line_start, line_start + line.len());
    let end = diagnostic.span.end.clamp(start, line_start + line.len());
    let before = display_width(input.get(line_start..start).unwrap_or(""));
    let under = display_width(input.get(start..end).unwrap_or("")).max(1);
    let marker = if diagnostic.span.is_empty() { "^ here" } else { "" };
    out.push_str(&format!("{pad} |\n"));
    out.push_str(&format!("{gutter} | {}\n", printable(line)));
    out.push_str(&format!(
        "{pad} | {}{}{}\n",
        " ".repeat(before),
        if marker.is_empty() { "^".repeat(under) } else { String::new() },
        marker
    ));
    out.push_str(&format!("{pad} = help: {}\n", diagnostic.help));
    out.push_str(&format!("{pad} = see: {}\n", diagnostic.reference));
    out
}

/// The 1-based line number, the byte offset where that line starts, and the
/// line itself (without its terminator) containing byte `at`.
fn line_of(input: &str, at: usize) -> (usize, usize, &str) {
    let at = at.min(input.len());
    let mut start = 0;
    for (index, line) in input.split('\n').enumerate() {
        let end = start + line.len();
        if at <= end {
            return (index + 1, start, line.strip_suffix('\r').unwrap_or(line));
        }
        start = end + 1;
    }
    (1, 0, input)
}

/// Columns a terminal shows for `text` once control characters are replaced.
fn display_width(text: &str) -> usize {
    text.chars().count()
}

/// The line with control characters made visible, one column each, so the
/// caret line stays under the right characters.
fn printable(line: &str) -> String {
    line.chars().map(|c| if c.is_control() { '\u{fffd}' } else { c }).collect()
}

/// A piece of the input as a highlighter shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Piece {
    /// A run of text, and the diagnostics (indices) whose spans cover all of it.
    Text {
        /// The run.
        span: Span,
        /// Indices into the diagnostics, ascending; empty for plain text.
        covered_by: Vec<usize>,
    },
    /// A position where something is missing: the diagnostics with an empty
    /// span there.
    Point {
        /// The byte offset.
        at: usize,
        /// Indices into the diagnostics, ascending.
        diagnostics: Vec<usize>,
    },
}

/// Cuts `input` into runs at every span edge, so a highlighter can mark each
/// run with the diagnostics covering it. Spans are clamped to the input and
/// to character boundaries. Linear in the input and the diagnostics (a
/// sweep), so a megabyte record with a diagnostic per tag stays fast.
///
/// ```
/// use dmarc_lens::diag::{pieces, Piece, Span};
/// let e = dmarc_lens::record::explain("v=DMARC1; p=none; fo=1");
/// let marked: Vec<&str> = pieces(&e.input, &e.diagnostics)
///     .iter()
///     .filter_map(|p| match p {
///         Piece::Text { span, covered_by } if !covered_by.is_empty() => Some(span.slice(&e.input)),
///         _ => None,
///     })
///     .collect();
/// assert_eq!(marked, ["p=none", "fo=1"]);
/// ```
pub fn pieces(input: &str, diagnostics: &[Diagnostic]) -> Vec<Piece> {
    let floor = |mut at: usize| {
        at = at.min(input.len());
        while !input.is_char_boundary(at) {
            at -= 1;
        }
        at
    };
    let spans: Vec<Span> = diagnostics
        .iter()
        .map(|d| {
            let start = floor(d.span.start);
            Span::new(start, floor(d.span.end).max(start))
        })
        .collect();
    let mut edges: Vec<usize> = spans.iter().flat_map(|s| [s.start, s.end]).collect();
    edges.extend([0, input.len()]);
    crate::order::sort(&mut edges);
    edges.dedup();

    let mut by_start: Vec<usize> = (0..spans.len()).filter(|&i| !spans[i].is_empty()).collect();
    crate::order::sort_by_key(&mut by_start, |&i| spans[i].start);
    let mut points: Vec<usize> = (0..spans.len()).filter(|&i| spans[i].is_empty()).collect();
    crate::order::sort_by_key(&mut points, |&i| (spans[i].start, i));

    let mut out = Vec::new();
    let mut active: std::collections::BTreeSet<usize> = std::collections::BTreeSet::new();
    let (mut next_start, mut next_point) = (0, 0);
    for window in edges.windows(2).chain(std::iter::once(&[input.len(), input.len()][..])) {
        let (&from, &to) = match window {
            [from, to] => (from, to),
            _ => continue,
        };
        let mut here = Vec::new();
        while let Some(&i) = points.get(next_point).filter(|&&i| spans[i].start == from) {
            here.push(i);
            next_point += 1;
        }
        if !here.is_empty() {
            out.push(Piece::Point { at: from, diagnostics: here });
        }
        if from == to {
            continue;
        }
        active.retain(|&i| spans[i].end > from);
        while let Some(&i) = by_start.get(next_start).filter(|&&i| spans[i].start <= from) {
            active.insert(i);
            next_start += 1;
        }
        out.push(Piece::Text { span: Span::new(from, to), covered_by: active.iter().copied().collect() });
    }
    out
}

/// Test support for rule tables: asserts that `code` fired at exactly `want`
/// among `found` (the diagnostics of `text`), showing what did fire if not.
#[cfg(test)]
pub(crate) fn assert_fires<C>(code: C, found: &[Diagnostic], want: Span, text: &str)
where
    C: Copy + fmt::Debug,
    Code: PartialEq<C>,
{
    let hits: Vec<Span> = found.iter().filter(|d| d.code == code).map(|d| d.span).collect();
    assert!(
        hits.contains(&want),
        "{code:?} should fire at {want:?} ({:?}) in {text:?}; got {:?}",
        want.slice(text),
        found.iter().map(|d| (d.code.as_str(), d.span)).collect::<Vec<_>>()
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::DmarcCode;

    #[test]
    fn caret_sits_under_the_span() {
        let input = "v=DMARC1; p=none; fo=1";
        let d = Diagnostic::new(DmarcCode::FoWithoutRuf, Span::new(18, 22), &[]);
        let text = render(input, &d);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[2], "1 | v=DMARC1; p=none; fo=1");
        assert_eq!(lines[3], "  |                   ^^^^");
    }

    #[test]
    fn empty_span_points_at_a_position() {
        let input = "v=DMARC1";
        let d = Diagnostic::new(DmarcCode::RuaMissing, Span::at(8), &[]);
        let text = render(input, &d);
        assert!(text.contains("  |         ^ here"), "{text}");
    }

    #[test]
    fn multibyte_text_keeps_the_caret_aligned() {
        let input = "v=DMARC1; p=nöne";
        let d = Diagnostic::new(
            DmarcCode::PolicyInvalid,
            Span::new(10, input.len()),
            &[("tag", "p"), ("value", "nöne")],
        );
        let text = render(input, &d);
        assert!(text.contains("  |           ^^^^^^\n"), "{text}");
    }

    #[test]
    fn pieces_cover_the_input_once_with_overlaps_and_points() {
        let input = "abcdef";
        let d = |start, end| Diagnostic::new(DmarcCode::RuaMissing, Span::new(start, end), &[]);
        let all = [d(1, 4), d(2, 5), d(6, 6), d(3, 3)];
        let got = pieces(input, &all);
        let text = |s, e, c: &[usize]| Piece::Text { span: Span::new(s, e), covered_by: c.to_vec() };
        assert_eq!(
            got,
            vec![
                text(0, 1, &[]),
                text(1, 2, &[0]),
                text(2, 3, &[0, 1]),
                Piece::Point { at: 3, diagnostics: vec![3] },
                text(3, 4, &[0, 1]),
                text(4, 5, &[1]),
                text(5, 6, &[]),
                Piece::Point { at: 6, diagnostics: vec![2] },
            ]
        );
    }

    #[test]
    fn pieces_clamp_spans_to_characters() {
        let input = "aé";
        let all = [Diagnostic::new(DmarcCode::RuaMissing, Span::new(2, 99), &[])];
        let got = pieces(input, &all);
        assert_eq!(
            got,
            vec![
                Piece::Text { span: Span::new(0, 1), covered_by: vec![] },
                Piece::Text { span: Span::new(1, 3), covered_by: vec![0] }
            ]
        );
    }

    #[test]
    fn out_of_range_spans_do_not_panic() {
        let d = Diagnostic::new(DmarcCode::RuaMissing, Span::new(50, 99), &[]);
        let text = render("short", &d);
        assert!(text.contains("short"));
    }
}
