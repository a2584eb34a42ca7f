//! From pasted text to an [`Explanation`]: find the records, pick each
//! one's kind, explain it, map its spans back to the text as pasted, and
//! add what only the text shows (zone-file problems, owner names, several
//! records at one name, strings that ran together).

use std::collections::BTreeMap;

use super::{bimi, dkim, dmarc, mta_sts, spf, tls_rpt};
use super::{Explained, Explanation, Kind, RecordExplanation};
use crate::catalogue::InputCode;
use crate::diag::{Diagnostic, Severity, Span};
use crate::input::{self, Pasted};

/// Explains `text`, working out what it is.
///
/// ```
/// let e = dmarc_lens::record::explain("v=DMARC1; p=none; fo=1");
/// let fo = e.diagnostics.iter().find(|d| d.code.as_str() == "dmarc-fo-without-ruf").unwrap();
/// assert_eq!(fo.span.slice(&e.input), "fo=1");
/// ```
pub fn explain(text: &str) -> Explanation {
    explain_as(text, None)
}

/// Whether `text` (read as `kind`, or as what it looks like) is a block of
/// message headers, which only builds with the `headers` feature explain.
pub fn reads_as_headers(text: &str, kind: Option<Kind>) -> bool {
    whole_document_kind(text, kind) == Some(Kind::Headers)
}

/// The kind of `text` when it is read as one whole document (message
/// headers or an MTA-STS policy file) rather than as records.
fn whole_document_kind(text: &str, kind: Option<Kind>) -> Option<Kind> {
    match kind {
        Some(k @ (Kind::Headers | Kind::MtaStsPolicy)) => Some(k),
        Some(_) => None,
        None if input::looks_like_headers(text) => Some(Kind::Headers),
        None if input::looks_like_mta_sts_policy(text) => Some(Kind::MtaStsPolicy),
        None => None,
    }
}

#[cfg(feature = "headers")]
fn headers(value: &str) -> (Explained, Extras) {
    let headers = crate::headers::explain(value);
    let explained = Explained { diagnostics: headers.diagnostics, tags: headers.tags, corrected: None };
    (explained, Extras { key: None, alignment: headers.alignment })
}

/// Without the `headers` feature (the widget's small module): a finding
/// that says so, pointing at the whole text.
#[cfg(not(feature = "headers"))]
fn headers(value: &str) -> (Explained, Extras) {
    let finding = Diagnostic::new(InputCode::HeadersElsewhere, Span::new(0, value.len()), &[]);
    (Explained { diagnostics: vec![finding], ..Explained::default() }, Extras { key: None, alignment: None })
}

/// Explains `text` as `kind`, or as whatever it looks like when `None`.
pub fn explain_as(text: &str, kind: Option<Kind>) -> Explanation {
    if let Some(kind) = whole_document_kind(text, kind) {
        return whole_document(text, kind);
    }
    let pasted = input::split(text);
    if pasted.is_empty() {
        // Only blank lines: the chosen kind's parser says what is missing.
        let kind = kind.filter(|k| *k != Kind::Several && *k != Kind::Unknown).unwrap_or(Kind::Dmarc);
        let (explained, extras) = explain_value(kind, text);
        return Explanation {
            kind,
            input: text.to_string(),
            name: None,
            value: None,
            diagnostics: explained.diagnostics,
            tags: explained.tags,
            corrected: None,
            records: Vec::new(),
            key: extras.key,
            alignment: extras.alignment,
        };
    }
    let mut records: Vec<RecordExplanation> = pasted.iter().map(|p| one_record(p, kind)).collect();
    let mut group = several(&pasted, &records);
    if records.len() == 1 {
        let record = records.remove(0);
        let mut diagnostics = record.diagnostics;
        diagnostics.append(&mut group);
        sort(&mut diagnostics);
        return Explanation {
            kind: record.kind,
            input: text.to_string(),
            name: record.name,
            value: (record.value != text).then_some(record.value),
            diagnostics,
            tags: record.tags,
            corrected: record.corrected,
            records: Vec::new(),
            key: record.key,
            alignment: None,
        };
    }
    sort(&mut group);
    Explanation {
        kind: Kind::Several,
        input: text.to_string(),
        name: None,
        value: None,
        diagnostics: group,
        tags: Vec::new(),
        corrected: None,
        records,
        key: None,
        alignment: None,
    }
}

/// A text read as a whole: message headers or an MTA-STS policy file.
fn whole_document(text: &str, kind: Kind) -> Explanation {
    let (explained, extras) = explain_value(kind, text);
    Explanation {
        kind,
        input: text.to_string(),
        name: None,
        value: None,
        diagnostics: explained.diagnostics,
        tags: explained.tags,
        corrected: explained.corrected,
        records: Vec::new(),
        key: extras.key,
        alignment: extras.alignment,
    }
}

/// What some kinds add to the common shape.
#[derive(Default)]
struct Extras {
    key: Option<dkim::KeyInfo>,
    alignment: Option<crate::headers::Alignment>,
}

/// The record kind's own explainer.
fn explain_value(kind: Kind, value: &str) -> (Explained, Extras) {
    let plain = |explained| (explained, Extras::default());
    match kind {
        Kind::Dmarc => plain(dmarc::explain(value)),
        Kind::DmarcReportAuth => plain(dmarc::explain_report_auth(value)),
        Kind::Spf => plain(spf::explain(value)),
        Kind::Dkim => {
            let key = dkim::key_info(&dkim::parse(value).0);
            (dkim::explain(value), Extras { key, alignment: None })
        }
        Kind::Bimi => plain(bimi::explain(value)),
        Kind::MtaSts => plain(mta_sts::explain(value)),
        Kind::MtaStsPolicy => plain(mta_sts::explain_policy(value)),
        Kind::TlsRpt => plain(tls_rpt::explain(value)),
        Kind::Headers => headers(value),
        Kind::Several | Kind::Unknown => plain(Explained {
            diagnostics: vec![Diagnostic::new(InputCode::KindUnknown, Span::new(0, value.len()), &[])],
            ..Explained::default()
        }),
    }
}

fn errors(diagnostics: &[Diagnostic]) -> usize {
    diagnostics.iter().filter(|d| d.severity == Severity::Error).count()
}

fn sort(diagnostics: &mut [Diagnostic]) {
    crate::diag::sort(diagnostics);
}

/// A few characters either side of value offset `at`, for quoting a join.
fn around(value: &str, at: usize) -> String {
    let mut start = at.saturating_sub(12);
    while !value.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = (at + 12).min(value.len());
    while !value.is_char_boundary(end) {
        end += 1;
    }
    value.get(start..end).unwrap_or("").to_string()
}

fn one_record(pasted: &Pasted, forced: Option<Kind>) -> RecordExplanation {
    let kind =
        forced.or_else(|| input::detect(&pasted.value, pasted.name.as_deref())).unwrap_or(Kind::Unknown);
    let (mut explained, extras) = explain_value(kind, &pasted.value);
    let mut extra = Vec::new();

    // Strings joined with nothing between them, where a space was meant:
    // offer the spaced value when it is clearly better.
    if !pasted.joins.is_empty() && errors(&explained.diagnostics) > 0 {
        let (spaced, gaps) = input::spaced(pasted);
        if !gaps.is_empty() {
            let (fixed, _) = explain_value(kind, &spaced);
            if errors(&fixed.diagnostics) < errors(&explained.diagnostics) {
                for (at, gap) in gaps {
                    let joined = around(&pasted.value, at);
                    extra.push(Diagnostic::new(InputCode::JoinedWithoutSpace, gap, &[("joined", &joined)]));
                }
                explained.corrected = Some(fixed.corrected.unwrap_or(spaced));
            }
        }
    }

    let mut diagnostics: Vec<Diagnostic> = explained
        .diagnostics
        .into_iter()
        .map(|mut d| {
            d.span = pasted.map.map(d.span);
            d
        })
        .collect();
    let mut tags = explained.tags;
    for tag in &mut tags {
        tag.span = tag.span.map(|s| pasted.map.map(s));
    }
    diagnostics.extend(pasted.diagnostics.iter().cloned());
    diagnostics.append(&mut extra);
    if let (Some(name), Some(span)) = (&pasted.name, pasted.name_span) {
        if let Some((code, domain)) = input::owner_problem(kind, name) {
            diagnostics.push(Diagnostic::new(code, span, &[("name", name), ("domain", &domain)]));
        }
    }
    sort(&mut diagnostics);
    RecordExplanation {
        kind,
        name: pasted.name.clone(),
        value: pasted.value.clone(),
        span: pasted.span,
        diagnostics,
        tags,
        corrected: explained.corrected,
        key: extras.key,
    }
}

/// Rules about several records for one name. Bare values (no owner name)
/// are taken to be published together, at one name.
fn several(pasted: &[Pasted], records: &[RecordExplanation]) -> Vec<Diagnostic> {
    let mut groups: BTreeMap<(Option<String>, &'static str), Vec<usize>> = BTreeMap::new();
    for (i, (p, r)) in pasted.iter().zip(records).enumerate() {
        let name = p.name.as_ref().map(|n| n.trim_end_matches('.').to_ascii_lowercase());
        // Several authorization records at one name do no harm: one is enough.
        if r.kind != Kind::Unknown && r.kind != Kind::DmarcReportAuth {
            groups.entry((name, r.kind.as_str())).or_default().push(i);
        }
    }
    let mut out = Vec::new();
    for ((name, _), members) in groups {
        if members.len() < 2 {
            continue;
        }
        let count = members.len().to_string();
        let shown = name.unwrap_or_else(|| "this name".to_string());
        for &i in members.iter().skip(1) {
            let (Some(p), Some(r)) = (pasted.get(i), records.get(i)) else { continue };
            let args = [("count", count.as_str()), ("name", shown.as_str()), ("kind", r.kind.title())];
            let code = match r.kind {
                Kind::Spf => InputCode::MultipleSpf,
                Kind::Dmarc => InputCode::MultipleDmarc,
                _ => InputCode::MultipleRecords,
            };
            out.push(Diagnostic::new(code, p.span, &args));
        }
    }
    out
}
