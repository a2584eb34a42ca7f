//! Reads the terms into a [`DmarcRecord`] and applies every rule.

use std::collections::HashSet;

use super::parse::{self, is_wsp, RawTag, Term};
use super::{uri, AlignmentMode, DmarcRecord, FailureOption, Policy, Psd, Spanned, Tag};
use crate::catalogue::DmarcCode;
use crate::diag::{Diagnostic, Span};

/// Every tag RFC 9989 or RFC 7489 defines, lower case.
pub(super) const KNOWN_TAGS: &[&str] =
    &["v", "p", "sp", "np", "adkim", "aspf", "fo", "rua", "ruf", "t", "psd", "pct", "rf", "ri"];

/// What receivers use when a tag is absent or unusable, in words.
pub(super) fn default_of(key: &str) -> &'static str {
    match key {
        "v" => "none: required",
        "p" => "none if the record has a valid rua address, otherwise no DMARC processing",
        "sp" => "the value of p",
        "np" => "the value of sp, or of p when sp is absent",
        "adkim" | "aspf" => "r (relaxed)",
        "fo" => "0",
        "t" => "n",
        "psd" => "u",
        "pct" => "100",
        "rf" => "afrf",
        "ri" => "86400",
        "rua" | "ruf" => "none (no reports)",
        _ => "not defined",
    }
}

/// The diagnostics found so far, with a shorthand for adding one.
struct Findings(Vec<Diagnostic>);

impl Findings {
    fn add(&mut self, code: DmarcCode, span: Span, args: &[(&str, &str)]) {
        self.0.push(Diagnostic::new(code, span, args));
    }
}

pub(super) fn check(input: &str) -> (DmarcRecord, Vec<Diagnostic>) {
    let mut record = DmarcRecord::default();
    let mut found = Findings(Vec::new());
    if input.trim_matches(is_wsp).is_empty() {
        found.add(DmarcCode::Empty, Span::new(0, input.len()), &[]);
        return (record, found.0);
    }
    non_ascii(input, &mut found);
    let (terms, leading) = parse::terms(input);
    if let Some(span) = leading {
        found.add(DmarcCode::LeadingSpace, span, &[]);
    }
    version(&terms, leading, &mut record, &mut found);

    let mut seen = HashSet::new();
    for term in &terms {
        match term {
            Term::Empty(span) => found.add(DmarcCode::EmptyTerm, *span, &[]),
            Term::Malformed { text, span } => found.add(DmarcCode::TagSyntax, *span, &[("text", text)]),
            Term::Tag(tag) => {
                let key = tag.name.to_ascii_lowercase();
                record.tags.push(Tag {
                    name: tag.name.to_string(),
                    value: tag.value.to_string(),
                    span: tag.span,
                    value_span: tag.value_span,
                });
                if !seen.insert(key.clone()) {
                    found.add(DmarcCode::TagDuplicate, tag.span, &[("tag", tag.name)]);
                } else if key != "v" {
                    read_tag(&key, tag, &mut record, &mut found);
                }
            }
        }
    }
    across_tags(input, &record, &mut found);
    let mut diagnostics = found.0;
    crate::diag::sort(&mut diagnostics);
    (record, diagnostics)
}

/// `v=DMARC1` must be the first tag, exactly.
fn version(terms: &[Term<'_>], leading: Option<Span>, record: &mut DmarcRecord, found: &mut Findings) {
    let is_v = |t: &&Term<'_>| matches!(t, Term::Tag(tag) if tag.name.eq_ignore_ascii_case("v"));
    match terms.first() {
        Some(Term::Tag(tag)) if tag.name.eq_ignore_ascii_case("v") => {
            if tag.value == "DMARC1" {
                record.valid_version = true;
            } else {
                let span = if tag.value.is_empty() { tag.span } else { tag.value_span };
                found.add(DmarcCode::VersionInvalid, span, &[("value", tag.value)]);
            }
        }
        _ => match terms.iter().find(is_v) {
            Some(Term::Tag(tag)) => found.add(DmarcCode::VersionNotFirst, tag.span, &[]),
            _ => found.add(DmarcCode::VersionMissing, Span::at(leading.map_or(0, |s| s.end)), &[]),
        },
    }
}

/// Each run of characters the grammar does not allow (anything but printable
/// ASCII, space and tab) is one error, named so people can find it.
fn non_ascii(input: &str, found: &mut Findings) {
    let allowed = |c: char| c == ' ' || c == '\t' || c.is_ascii_graphic();
    for (span, what) in crate::text::disallowed_runs(input, allowed) {
        found.add(DmarcCode::NonAscii, span, &[("what", &what)]);
    }
}

fn read_tag(key: &str, tag: &RawTag<'_>, record: &mut DmarcRecord, found: &mut Findings) {
    if tag.value.is_empty() && !matches!(key, "rua" | "ruf") && KNOWN_TAGS.contains(&key) {
        let args = [("tag", tag.name), ("default", default_of(key))];
        found.add(DmarcCode::ValueEmpty, tag.span, &args);
        return;
    }
    let lower = tag.value.to_ascii_lowercase();
    let span = tag.span;
    fn at<T>(span: Span) -> impl Fn(T) -> Spanned<T> {
        move |value| Spanned { value, span }
    }
    let mut enumerated = true;
    match key {
        "p" | "sp" | "np" => match Policy::from_name(tag.value) {
            Some(policy) => {
                let slot = match key {
                    "p" => &mut record.policy,
                    "sp" => &mut record.subdomain_policy,
                    _ => &mut record.nonexistent_policy,
                };
                *slot = Some(at(span)(policy));
            }
            None => {
                found.add(
                    DmarcCode::PolicyInvalid,
                    tag.value_span,
                    &[("tag", tag.name), ("value", tag.value)],
                );
                enumerated = false;
            }
        },
        "adkim" | "aspf" => {
            let mode = match lower.as_str() {
                "r" => Some(AlignmentMode::Relaxed),
                "s" => Some(AlignmentMode::Strict),
                _ => None,
            };
            enumerated = invalid_unless(mode.is_some(), "r (relaxed) or s (strict)", key, tag, found);
            let slot = if key == "adkim" { &mut record.dkim_alignment } else { &mut record.spf_alignment };
            *slot = mode.map(at(span));
        }
        "t" => {
            let testing = match lower.as_str() {
                "y" => Some(true),
                "n" => Some(false),
                _ => None,
            };
            enumerated = invalid_unless(testing.is_some(), "y or n", key, tag, found);
            record.testing = testing.map(at(span));
        }
        "psd" => {
            let psd = match lower.as_str() {
                "y" => Some(Psd::Yes),
                "n" => Some(Psd::No),
                "u" => Some(Psd::Unknown),
                _ => None,
            };
            enumerated = invalid_unless(psd.is_some(), "y, n or u", key, tag, found);
            record.psd = psd.map(at(span));
        }
        "fo" => {
            let options = failure_options(tag.value);
            let allowed = "0, 1, d or s, several separated by colons (for example 1:d)";
            enumerated = invalid_unless(options.is_some(), allowed, key, tag, found);
            if let Some(options) = options {
                let count = |o| options.iter().filter(|x| **x == o).count();
                let both = count(FailureOption::AllFail) > 0 && count(FailureOption::AnyFail) > 0;
                let repeated =
                    [FailureOption::AllFail, FailureOption::AnyFail, FailureOption::Dkim, FailureOption::Spf]
                        .into_iter()
                        .any(|o| count(o) > 1);
                if both || repeated {
                    found.add(DmarcCode::FoConflict, tag.value_span, &[("value", tag.value)]);
                }
                record.failure_options = Some(at(span)(options));
            }
        }
        "rua" | "ruf" => {
            enumerated = false;
            let uris = report_uris(tag, found);
            if key == "rua" {
                record.aggregate_uris = uris;
            } else {
                record.failure_uris = uris;
            }
        }
        "pct" => {
            enumerated = false;
            let percent = (tag.value.len() <= 3 && tag.value.bytes().all(|b| b.is_ascii_digit()))
                .then(|| tag.value.parse::<u8>().ok())
                .flatten()
                .filter(|p| *p <= 100);
            match percent {
                Some(p) => record.percent = Some(at(span)(p)),
                None => found.add(DmarcCode::PctOutOfRange, tag.value_span, &[("value", tag.value)]),
            }
        }
        "rf" | "ri" => {
            enumerated = false;
            let detail = if key == "rf" {
                "It chose the failure report format, and afrf was the only one ever defined."
            } else {
                "It asked for a reporting interval; receivers send aggregate reports about once a day whatever it says."
            };
            found.add(DmarcCode::TagRemoved, tag.span, &[("tag", tag.name), ("detail", detail)]);
        }
        _ => {
            enumerated = false;
            let suggestion = suggest(key).map(|s| format!(" (did you mean {s}?)")).unwrap_or_default();
            found.add(
                DmarcCode::TagUnknown,
                tag.name_span,
                &[("tag", tag.name), ("suggestion", &suggestion)],
            );
        }
    }
    let written = format!("{}={}", tag.name, tag.value);
    let lowered = written.to_ascii_lowercase();
    if enumerated && written != lowered {
        found.add(
            DmarcCode::ValueCase,
            tag.span,
            &[("tag", tag.name), ("value", tag.value), ("lower", &lowered)],
        );
    }
}

/// Adds `dmarc-value-invalid` unless `ok`; returns `ok`.
fn invalid_unless(ok: bool, allowed: &str, key: &str, tag: &RawTag<'_>, found: &mut Findings) -> bool {
    if !ok {
        let args =
            [("tag", tag.name), ("value", tag.value), ("default", default_of(key)), ("allowed", allowed)];
        found.add(DmarcCode::ValueInvalid, tag.value_span, &args);
    }
    ok
}

/// `dmarc-fo = ( "0" / "1" / "d" / "s" ) *( *WSP ":" *WSP ( "0" / "1" / "d" / "s" ) )`
fn failure_options(value: &str) -> Option<Vec<FailureOption>> {
    parse::list(value, 0, ':')
        .into_iter()
        .map(|(item, _)| match item.to_ascii_lowercase().as_str() {
            "0" => Some(FailureOption::AllFail),
            "1" => Some(FailureOption::AnyFail),
            "d" => Some(FailureOption::Dkim),
            "s" => Some(FailureOption::Spf),
            _ => None,
        })
        .collect()
}

fn report_uris(tag: &RawTag<'_>, found: &mut Findings) -> Vec<uri::ReportUri> {
    let uris: Vec<uri::ReportUri> = parse::list(tag.value, tag.value_span.start, ',')
        .into_iter()
        .map(|(text, span)| uri::parse(text, span))
        .collect();
    for u in &uris {
        if let Some(why) = &u.problem {
            found.add(DmarcCode::UriMalformed, u.span, &[("uri", &u.text), ("why", why)]);
            continue;
        }
        if let Some((suffix, span)) = &u.size_suffix {
            found.add(DmarcCode::UriSizeSuffix, *span, &[("suffix", suffix)]);
        }
        if !u.is_mailto() {
            found.add(DmarcCode::UriNotMailto, u.span, &[("uri", &u.uri)]);
        }
    }
    let valid: Vec<&uri::ReportUri> = uris.iter().filter(|u| u.is_valid()).collect();
    if let (Some(third), Some(last)) = (valid.get(2), valid.last()) {
        let count = valid.len().to_string();
        found.add(DmarcCode::UriTooMany, third.span.join(last.span), &[("tag", tag.name), ("count", &count)]);
    }
    uris
}

/// The known tag one edit away from `key`, for names of three letters or
/// more (shorter names are too close to everything).
pub(super) fn suggest(key: &str) -> Option<&'static str> {
    if key.len() < 3 {
        return None;
    }
    crate::text::suggest(key, KNOWN_TAGS)
}

/// Rules that look at several tags together.
fn across_tags(input: &str, record: &DmarcRecord, found: &mut Findings) {
    let written = |key: &str| record.tag(key);
    let policy = record.policy.as_ref().map(|p| p.value);

    if written("p").is_none() {
        let at = match record.tags.first() {
            Some(first) if record.valid_version => Span::at(first.span.end),
            _ => Span::at(0),
        };
        let code =
            if record.has_valid_rua() { DmarcCode::PolicyMissing } else { DmarcCode::PolicyMissingNoRua };
        found.add(code, at, &[]);
    }
    if let (true, Some(p)) = (record.valid_version, written("p")) {
        if record.tags.get(1).is_some_and(|second| second.key() != "p") {
            found.add(DmarcCode::PolicyNotSecond, p.span, &[]);
        }
    }
    if let Some(p) = record.policy.as_ref().filter(|p| p.value == Policy::None) {
        found.add(DmarcCode::PolicyNone, p.span, &[]);
    }
    if let (Some(sp), Some(p)) = (&record.subdomain_policy, policy) {
        if sp.value == Policy::None && p.enforces() {
            found.add(DmarcCode::SubdomainsUnprotected, sp.span, &[("p", p.as_str())]);
        }
    }
    if let Some(np) = &record.nonexistent_policy {
        found.add(DmarcCode::NpNew, np.span, &[]);
    }
    if let Some(t) = record.testing.as_ref().filter(|t| t.value) {
        match policy.filter(|p| p.enforces()) {
            Some(p) => {
                let args = [("published", p.as_str()), ("applied", p.one_level_less().as_str())];
                found.add(DmarcCode::TestingMode, t.span, &args);
            }
            None => found.add(DmarcCode::TestingWithNone, t.span, &[]),
        }
    }
    if let Some(pct) = &record.percent {
        match policy.filter(|p| p.enforces()) {
            Some(p) => {
                let value = pct.value.to_string();
                found.add(DmarcCode::PctRemoved, pct.span, &[("p", p.as_str()), ("value", &value)]);
            }
            None => found.add(DmarcCode::PctWithNone, pct.span, &[]),
        }
    }
    if let (Some(fo), false) = (written("fo"), record.has_valid_ruf()) {
        found.add(DmarcCode::FoWithoutRuf, fo.span, &[("value", &fo.value)]);
    }
    if let Some(ruf) = written("ruf") {
        found.add(DmarcCode::RufPrivacy, ruf.span, &[]);
    }
    if written("rua").is_none() {
        let end = input.trim_end_matches(|c: char| c.is_whitespace() || c == ';').len();
        found.add(DmarcCode::RuaMissing, Span::at(end), &[]);
    }
    for (mode, key, identity) in [
        (&record.dkim_alignment, "adkim", "DKIM signing (d=)"),
        (&record.spf_alignment, "aspf", "SPF (MAIL FROM)"),
    ] {
        if let Some(m) = mode.as_ref().filter(|m| m.value == AlignmentMode::Strict) {
            found.add(DmarcCode::StrictAlignment, m.span, &[("tag", key), ("identity", identity)]);
        }
    }
    if let Some(psd) = record.psd.as_ref().filter(|p| p.value == Psd::Yes) {
        found.add(DmarcCode::PsdYes, psd.span, &[]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_are_one_edit_away() {
        assert_eq!(suggest("rau"), Some("rua"));
        assert_eq!(suggest("adkm"), Some("adkim"));
        assert_eq!(suggest("policy"), None);
        assert_eq!(suggest("rue"), Some("rua"));
        assert_eq!(suggest("x"), None);
    }
}
