//! Reads the words into an [`SpfRecord`] and applies every rule.

use std::collections::HashSet;

use super::parse::{self, Word};
use super::{Mechanism, Qualifier, SpfRecord, Term, TermKind};
use crate::catalogue::SpfCode;
use crate::diag::{Diagnostic, Span};

/// The rules whose findings make receivers return permerror.
const PERMERRORS: &[SpfCode] = &[
    SpfCode::Whitespace,
    SpfCode::NonAscii,
    SpfCode::TermSyntax,
    SpfCode::MechanismUnknown,
    SpfCode::DomainEmpty,
    SpfCode::DomainInvalid,
    SpfCode::IpInvalid,
    SpfCode::CidrInvalid,
    SpfCode::MacroInvalid,
    SpfCode::MacroExpOnly,
    SpfCode::ModifierDuplicate,
];

/// A DNS character-string holds at most this many bytes.
pub(crate) const STRING_MAX: usize = 255;
/// Beyond this, answers risk not fitting a UDP DNS packet.
pub(crate) const RECORD_MAX: usize = 450;

struct Findings(Vec<Diagnostic>);

impl Findings {
    fn add(&mut self, code: SpfCode, span: Span, args: &[(&str, &str)]) {
        self.0.push(Diagnostic::new(code, span, args));
    }
}

pub(super) fn check(input: &str) -> (SpfRecord, Vec<Diagnostic>) {
    let mut record = SpfRecord::default();
    let mut found = Findings(Vec::new());
    let (words, gaps) = parse::words(input);
    if words.is_empty() {
        found.add(SpfCode::Empty, Span::new(0, input.len()), &[]);
        return (record, found.0);
    }
    non_ascii(input, &mut found);
    for gap in &gaps {
        found.add(SpfCode::Whitespace, gap.span, &[("what", gap.what)]);
    }
    let rest = version(&words, &mut record, &mut found);
    for word in rest {
        let kind = if word.text.is_ascii() && !word.text.bytes().any(|b| b.is_ascii_control()) {
            match parse::term(word.text, word.span) {
                Ok(kind) => kind,
                Err(diagnostics) => {
                    found.0.extend(diagnostics);
                    TermKind::Invalid
                }
            }
        } else {
            TermKind::Invalid
        };
        record.terms.push(Term { text: word.text.to_string(), span: word.span, kind });
    }
    across_terms(&record, &mut found);
    sizes(input, &mut found);
    record.permerror =
        record.valid_version && found.0.iter().any(|d| PERMERRORS.iter().any(|&code| d.code == code));
    let mut diagnostics = found.0;
    crate::diag::sort(&mut diagnostics);
    (record, diagnostics)
}

/// The version must be the first word, `v=spf1`. Returns the words after it
/// (all of them when the first word is not a version at all).
fn version<'w, 'a>(words: &'w [Word<'a>], record: &mut SpfRecord, found: &mut Findings) -> &'w [Word<'a>] {
    let Some((first, rest)) = words.split_first() else {
        return words;
    };
    if first.span.start > 0 {
        found.add(SpfCode::LeadingSpace, Span::new(0, first.span.start), &[]);
    }
    let lower = first.text.to_ascii_lowercase();
    if lower == "v=spf1" {
        record.valid_version = true;
        record.version_span = Some(first.span);
        if first.text != "v=spf1" {
            found.add(SpfCode::VersionCase, first.span, &[("value", first.text)]);
        }
        rest
    } else if lower.starts_with("v=spf") || lower.starts_with("spf") || lower.starts_with("v=") {
        record.version_span = Some(first.span);
        found.add(SpfCode::VersionInvalid, first.span, &[("value", first.text)]);
        rest
    } else {
        found.add(SpfCode::VersionMissing, Span::at(first.span.start), &[]);
        words
    }
}

/// Each run of characters outside printable ASCII (whitespace aside) is one
/// error.
fn non_ascii(input: &str, found: &mut Findings) {
    let allowed = |c: char| c.is_ascii_graphic() || c.is_ascii_whitespace();
    for (span, what) in crate::text::disallowed_runs(input, allowed) {
        found.add(SpfCode::NonAscii, span, &[("what", &what)]);
    }
}

fn across_terms(record: &SpfRecord, found: &mut Findings) {
    let all = record.all_index();
    let mut seen_modifiers: HashSet<&'static str> = HashSet::new();
    let mut seen_terms: HashSet<String> = HashSet::new();
    let mut queries = 0u32;
    let mut over: Option<Span> = None;
    let mut nested: Option<Span> = None;
    for (index, term) in record.terms.iter().enumerate() {
        let evaluated = record.evaluated_with(all, index);
        if evaluated && term.lookups() > 0 {
            queries += term.lookups();
            if queries > 10 {
                over = Some(over.map_or(term.span, |s| s.join(term.span)));
            }
        }
        match &term.kind {
            TermKind::Directive { qualifier, mechanism, .. } => {
                if all.is_some_and(|a| index > a) {
                    found.add(SpfCode::AfterAll, term.span, &[("term", &term.text)]);
                    continue;
                }
                match mechanism {
                    Mechanism::All if *qualifier == Qualifier::Pass => {
                        found.add(SpfCode::PassAll, term.span, &[("term", &term.text)])
                    }
                    Mechanism::All if *qualifier == Qualifier::Neutral => {
                        found.add(SpfCode::NeutralAll, term.span, &[])
                    }
                    Mechanism::Ptr(_) => found.add(SpfCode::Ptr, term.span, &[("term", &term.text)]),
                    Mechanism::Include(_) => {
                        nested.get_or_insert(term.span);
                    }
                    _ => {}
                }
                if !seen_terms.insert(term.text.to_ascii_lowercase()) {
                    let cost = if mechanism.queries_dns() {
                        ", yet it still counts against the limit of 10 DNS lookups"
                    } else {
                        ""
                    };
                    found.add(SpfCode::TermDuplicate, term.span, &[("term", &term.text), ("cost", cost)]);
                }
            }
            TermKind::Redirect(_) | TermKind::Explanation(_) => {
                let name = if matches!(term.kind, TermKind::Redirect(_)) { "redirect" } else { "exp" };
                if !seen_modifiers.insert(name) {
                    found.add(SpfCode::ModifierDuplicate, term.span, &[("name", name)]);
                } else if name == "redirect" {
                    if all.is_some() {
                        found.add(SpfCode::RedirectWithAll, term.span, &[]);
                    } else {
                        nested.get_or_insert(term.span);
                    }
                }
            }
            TermKind::Unknown { name, .. } => {
                let hint = match name.to_ascii_lowercase().as_str() {
                    "default" => "; default= comes from an early draft of SPF and was never standardized",
                    "redirect" | "exp" => "",
                    _ => "",
                };
                found.add(SpfCode::ModifierUnknown, term.span, &[("name", name), ("hint", hint)]);
            }
            TermKind::Invalid => {}
        }
    }
    if let Some(span) = over {
        found.add(SpfCode::TooManyLookups, span, &[("count", &queries.to_string())]);
    }
    if let Some(span) = nested {
        found.add(SpfCode::LookupsNested, span, &[("count", &queries.to_string())]);
    }
    let has_redirect = record.terms.iter().any(|t| matches!(t.kind, TermKind::Redirect(_)));
    if record.valid_version && all.is_none() && !has_redirect {
        let end = record.terms.last().map_or(record.version_span.map_or(0, |s| s.end), |t| t.span.end);
        found.add(SpfCode::NoAll, Span::at(end), &[]);
    }
}

/// The largest character boundary at or below `at`.
fn floor(input: &str, mut at: usize) -> usize {
    at = at.min(input.len());
    while !input.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn sizes(input: &str, found: &mut Findings) {
    let len = input.len().to_string();
    if input.len() > RECORD_MAX {
        found.add(SpfCode::RecordTooLong, Span::new(floor(input, RECORD_MAX), input.len()), &[("len", &len)]);
    }
    if input.len() > STRING_MAX {
        found.add(SpfCode::StringTooLong, Span::new(floor(input, STRING_MAX), input.len()), &[("len", &len)]);
    }
}
