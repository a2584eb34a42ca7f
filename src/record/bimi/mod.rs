//! BIMI assertion records: the TXT value at `<selector>._bimi.<domain>`
//! (draft-brand-indicators-for-message-identification-10 §4.3). BIMI uses
//! the DKIM tag-list syntax.
//!
//! ```text
//! bimi-record            = bimi-version (bimi-sep bimi-location)
//!                          [(bimi-sep bimi-evidence-location)] [(local-part-selector)]
//!                          [(bimi-sep bimi-logo-preference)] [bimi-sep]
//! bimi-sep               = *WSP ";" *WSP
//! bimi-version           = "v" *WSP "=" *WSP "BIMI1"
//! bimi-location          = "l" *WSP "=" *WSP [bimi-uri]     ; https only; empty declines
//! bimi-evidence-location = "a" *WSP "=" *WSP [bimi-uri]     ; https only
//! local-part-selector    = "lps" *WSP "=" *WSP %s"true" / %s"false"
//! bimi-logo-preference   = "avp" *WSP "=" *WSP %s"personal" / %s"brand"
//! ```
//!
//! ```
//! use dmarc_lens::record::bimi::parse;
//! let (record, diagnostics) = parse("v=BIMI1; l=https://example.com/logo.svg; a=https://example.com/vmc.pem");
//! assert!(record.valid_version && !record.is_declined());
//! assert!(diagnostics.iter().all(|d| d.severity == dmarc_lens::diag::Severity::Info));
//! ```

use crate::catalogue::BimiCode;
use crate::diag::{has_errors, Diagnostic, Span};
use crate::record::dkim::tag_list::{self, is_wsp, Codes, Spec};
use crate::record::dmarc::{Spanned, Tag};
use crate::record::tls_rpt::check_uri;
use crate::record::Explained;

/// A BIMI assertion record as a mailbox provider understands it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BimiRecord {
    /// Whether the record begins with exactly `v=BIMI1`.
    pub valid_version: bool,
    /// `l` as written (empty declines), when present.
    pub location: Option<Spanned<String>>,
    /// `a` as written, when present.
    pub evidence: Option<Spanned<String>>,
    /// `lps`, when valid.
    pub local_part_selector: Option<Spanned<bool>>,
    /// `avp`, when valid (`personal` or `brand`).
    pub avatar_preference: Option<Spanned<String>>,
    /// Every `name=value` tag, in order, as written.
    pub tags: Vec<Tag>,
}

impl BimiRecord {
    /// Whether `l=` is present and empty: the domain declines to show a logo.
    pub fn is_declined(&self) -> bool {
        self.location.as_ref().is_some_and(|l| l.value.is_empty())
    }

    /// Whether a non-empty `a=` is present.
    pub fn has_evidence(&self) -> bool {
        self.evidence.as_ref().is_some_and(|a| !a.value.is_empty())
    }
}

const KNOWN: &[&str] = &["v", "l", "a", "lps", "avp"];

fn spec() -> Spec<BimiCode> {
    use BimiCode::*;
    Spec {
        codes: Codes {
            empty: Empty,
            version_missing: VersionMissing,
            version_invalid: VersionInvalid,
            version_not_first: VersionNotFirst,
            duplicate: TagDuplicate,
            unknown: TagUnknown,
            case: TagCase,
            syntax: TagSyntax,
            empty_term: EmptyTerm,
            non_ascii: NonAscii,
            whitespace: Whitespace,
        },
        version: "BIMI1",
        known: KNOWN,
        spaced_ok: true,
    }
}

fn default_of(key: &str) -> &'static str {
    match key {
        "v" => "none: required",
        "l" => "none: required (empty declines)",
        "a" => "empty (no evidence)",
        "lps" => "false",
        "avp" => "brand",
        _ => "not defined",
    }
}

/// Checks one `l` or `a` URI; returns whether it is usable.
fn check_location(tag: &tag_list::RawTag<'_>, found: &mut tag_list::Findings) -> bool {
    let text = tag.value;
    if text.contains(',') {
        let why = "it holds a comma; give a single URL (commas inside one must be written %2C)";
        found.add(BimiCode::UriMalformed, tag.value_span, &[("uri", text), ("tag", tag.name), ("why", why)]);
        return false;
    }
    let (scheme, problem) = check_uri(text);
    match (scheme.as_deref(), problem) {
        (_, Some(why)) => {
            found.add(
                BimiCode::UriMalformed,
                tag.value_span,
                &[("uri", text), ("tag", tag.name), ("why", &why)],
            );
            false
        }
        (Some("https"), None) => true,
        _ => {
            found.add(BimiCode::UriNotHttps, tag.value_span, &[("tag", tag.name), ("uri", text)]);
            false
        }
    }
}

/// Parses a BIMI assertion record and checks it against every rule.
///
/// Never fails: whatever the input, the result is a record and diagnostics,
/// by severity then position.
pub fn parse(value: &str) -> (BimiRecord, Vec<Diagnostic>) {
    let mut common = tag_list::common(value, &spec());
    let tags = common
        .tags
        .iter()
        .map(|t| Tag {
            name: t.name.to_string(),
            value: t.value.to_string(),
            span: t.span,
            value_span: t.value_span,
        })
        .collect();
    let mut record = BimiRecord { valid_version: common.valid_version, tags, ..BimiRecord::default() };
    if value.trim_matches(is_wsp).is_empty() {
        return (record, common.found.sorted());
    }
    let found = &mut common.found;
    let first = |name: &str| common.tags.iter().find(|t| t.name == name).cloned();
    let (l, a) = (first("l"), first("a"));
    match &l {
        Some(l) if l.value.is_empty() => found.add(BimiCode::Declined, l.span, &[]),
        Some(l) => {
            if check_location(l, found) {
                let path = l.value.split(['?', '#']).next().unwrap_or("").to_ascii_lowercase();
                if !(path.ends_with(".svg") || path.ends_with(".svgz")) {
                    found.add(BimiCode::LogoNotSvg, l.value_span, &[("uri", l.value)]);
                }
            }
        }
        None => {
            let end = value.trim_end_matches(|c: char| is_wsp(c) || c == ';').len();
            found.add(BimiCode::LocationMissing, Span::at(end), &[]);
        }
    }
    if let Some(a) = a.as_ref().filter(|a| !a.value.is_empty()) {
        check_location(a, found);
    }
    let declined = l.as_ref().is_some_and(|l| l.value.is_empty());
    let has_logo = l.as_ref().is_some_and(|l| !l.value.is_empty());
    if has_logo && a.as_ref().is_none_or(|a| a.value.is_empty()) {
        let at = a
            .as_ref()
            .map_or(Span::at(value.trim_end_matches(|c: char| is_wsp(c) || c == ';').len()), |a| a.span);
        found.add(BimiCode::NoCertificate, at, &[]);
    }
    if let (true, false, Some(v)) = (common.valid_version, declined, common.tags.first()) {
        found.add(BimiCode::DmarcEnforcement, v.span, &[]);
    }
    for (key, allowed) in [("lps", "true or false"), ("avp", "personal or brand")] {
        let Some(tag) = first(key) else { continue };
        let ok = match key {
            "lps" => matches!(tag.value, "true" | "false"),
            _ => matches!(tag.value, "personal" | "brand"),
        };
        if ok {
            if key == "lps" {
                record.local_part_selector = Some(Spanned { value: tag.value == "true", span: tag.span });
            } else {
                record.avatar_preference = Some(Spanned { value: tag.value.to_string(), span: tag.span });
            }
        } else {
            let args =
                [("tag", key), ("value", tag.value), ("default", default_of(key)), ("allowed", allowed)];
            found.add(BimiCode::ValueInvalid, tag.value_span, &args);
        }
    }
    record.location = l.map(|l| Spanned { value: l.value.to_string(), span: l.span });
    record.evidence = a.map(|a| Spanned { value: a.value.to_string(), span: a.span });
    (record, common.found.sorted())
}

fn meaning(key: &str) -> &'static str {
    match key {
        "v" => "Version. Must come first and be exactly BIMI1.",
        "l" => "Location of the logo: one https:// URL of an SVG Tiny PS file. Empty means the domain declines to show a logo.",
        "a" => "Authority evidence: the https:// URL of a mark certificate (VMC or CMC, PEM) that proves the right to the logo. Empty or absent means none.",
        "lps" => "Local-part selectors: true asks providers to look for a selector named after the sender's local part first.",
        "avp" => "Avatar preference: brand shows the BIMI logo, personal prefers the sender's personal avatar where the provider has one.",
        _ => "Not a BIMI tag: ignored.",
    }
}

fn effective(key: &str, record: &BimiRecord, diagnostics: &[Diagnostic]) -> String {
    let span_ok = |span: Span| {
        !diagnostics.iter().any(|d| {
            d.severity == crate::diag::Severity::Error
                && d.span.start >= span.start
                && d.span.end <= span.end
                && !d.span.is_empty()
        })
    };
    match key {
        "v" if record.valid_version => "BIMI1".to_string(),
        "v" => "invalid: mailbox providers ignore the record".to_string(),
        "l" => match &record.location {
            Some(_) if record.is_declined() => "declined: no logo is shown".to_string(),
            Some(l) if span_ok(l.span) => format!("logo fetched from {}", l.value),
            Some(_) => "unusable: no logo is shown".to_string(),
            None => "missing: the record is invalid".to_string(),
        },
        "a" => match &record.evidence {
            Some(a) if !a.value.is_empty() && span_ok(a.span) => {
                format!("mark certificate fetched from {}", a.value)
            }
            Some(a) if !a.value.is_empty() => "unusable: treated as no evidence".to_string(),
            _ => "no evidence: providers that require a mark certificate show no logo".to_string(),
        },
        "lps" => match &record.local_part_selector {
            Some(s) if s.value => "true: local-part selectors are tried first".to_string(),
            _ => "false".to_string(),
        },
        "avp" => record.avatar_preference.as_ref().map_or("brand".to_string(), |a| a.value.clone()),
        _ => "ignored".to_string(),
    }
}

/// Tags shown even when absent, because their default matters.
const SHOWN_WHEN_ABSENT: &[&str] = &["v", "l", "a", "lps", "avp"];

/// Explains a BIMI assertion record: diagnostics, one row per tag (written
/// ones in order, then the absent ones with their defaults), and the record
/// with mechanical fixes applied when there are any.
pub fn explain(value: &str) -> Explained {
    let (record, diagnostics) = parse(value);
    let rows = tag_list::rows(
        &record.tags,
        SHOWN_WHEN_ABSENT,
        meaning,
        |key, _| default_of(key),
        |key| effective(key, &record, &diagnostics),
    );
    let corrected = corrected(value, &diagnostics);
    Explained { diagnostics, tags: rows, corrected }
}

fn corrected(value: &str, diagnostics: &[Diagnostic]) -> Option<String> {
    tag_list::correct(
        value,
        diagnostics,
        &spec(),
        |name, v| match name {
            "lps" | "avp" => v.to_ascii_lowercase(),
            _ => v.to_string(),
        },
        |c| !has_errors(&parse(c).1),
    )
}

#[cfg(test)]
mod tests;
