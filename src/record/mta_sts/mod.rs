//! MTA-STS (RFC 8461): the TXT record at `_mta-sts.<domain>` that
//! announces a policy ([`parse`], [`explain`]), and the policy file itself,
//! served at `https://mta-sts.<domain>/.well-known/mta-sts.txt`
//! ([`parse_policy`], [`explain_policy`]).
//!
//! ```text
//! sts-text-record = sts-version 1*(sts-field-delim sts-field) [sts-field-delim]
//! sts-field       = sts-id / sts-extension
//! sts-field-delim = *WSP ";" *WSP
//! sts-version     = %s"v=STSv1"
//! sts-id          = %s"id=" 1*32(ALPHA / DIGIT)
//! sts-extension   = sts-ext-name "=" sts-ext-value
//! sts-ext-name    = (ALPHA / DIGIT) *31(ALPHA / DIGIT / "_" / "-" / ".")
//! sts-ext-value   = 1*(%x21-3A / %x3C / %x3E-7E)
//! ```
//!
//! ```
//! use dmarc_lens::record::mta_sts::{parse, parse_policy, Mode};
//! let (record, diagnostics) = parse("v=STSv1; id=20240101T000000");
//! assert!(diagnostics.is_empty() && record.id.is_some());
//! let (policy, _) = parse_policy("version: STSv1\nmode: enforce\nmx: mail.example.com\nmax_age: 604800\n");
//! assert_eq!(policy.mode.map(|m| m.value), Some(Mode::Enforce));
//! ```

mod policy;

use crate::catalogue::MtaStsCode;
use crate::diag::{has_errors, Diagnostic, Span};
use crate::record::dkim::tag_list::{self, is_wsp, Codes, Spec};
use crate::record::dmarc::{Spanned, Tag};
use crate::record::Explained;

pub use policy::{explain_policy, parse_policy, Mode, MtaStsPolicy, PolicyField};

/// An MTA-STS TXT record as a sender understands it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MtaStsRecord {
    /// Whether the record begins with exactly `v=STSv1`.
    pub valid_version: bool,
    /// `id`, when it is 1 to 32 letters and digits.
    pub id: Option<Spanned<String>>,
    /// Every `name=value` field, in order, as written.
    pub tags: Vec<Tag>,
}

const KNOWN: &[&str] = &["v", "id"];

fn spec() -> Spec<MtaStsCode> {
    use MtaStsCode::*;
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
        version: "STSv1",
        known: KNOWN,
        spaced_ok: false,
    }
}

/// Why `id` is not `1*32(ALPHA / DIGIT)`, if it is not.
fn id_problem(id: &str) -> Option<String> {
    if id.is_empty() {
        return Some("it is empty".into());
    }
    if let Some(bad) = id.chars().find(|c| !c.is_ascii_alphanumeric()) {
        return Some(format!("it contains \u{2018}{bad}\u{2019}, but only letters and digits are allowed"));
    }
    (id.len() > 32).then(|| format!("it is {} characters long, more than 32", id.len()))
}

/// Parses an MTA-STS TXT record and checks it against every rule.
///
/// Never fails: whatever the input, the result is a record and diagnostics,
/// by severity then position.
pub fn parse(value: &str) -> (MtaStsRecord, Vec<Diagnostic>) {
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
    let mut record = MtaStsRecord { valid_version: common.valid_version, id: None, tags };
    if value.trim_matches(is_wsp).is_empty() {
        return (record, common.found.sorted());
    }
    match common.first("id").cloned() {
        Some(id) => match id_problem(id.value) {
            None => record.id = Some(Spanned { value: id.value.to_string(), span: id.span }),
            Some(why) => {
                let at = if id.value.is_empty() { id.span } else { id.value_span };
                common.found.add(MtaStsCode::IdInvalid, at, &[("value", id.value), ("why", &why)]);
            }
        },
        None => {
            let end = value.trim_end_matches(|c: char| is_wsp(c) || c == ';').len();
            common.found.add(MtaStsCode::IdMissing, Span::at(end), &[]);
        }
    }
    (record, common.found.sorted())
}

fn meaning(key: &str) -> &'static str {
    match key {
        "v" => "Version. Must come first and be exactly STSv1.",
        "id" => "Policy identifier, 1 to 32 letters and digits. Senders cache the policy and only fetch it again when id changes, so id must change every time the policy file changes (a timestamp works well).",
        _ => "An extension field: senders ignore fields they do not know.",
    }
}

/// Explains an MTA-STS TXT record: diagnostics, one row per field (written
/// ones in order, then the required ones left out), and the record with
/// mechanical fixes applied when there are any.
pub fn explain(value: &str) -> Explained {
    let (record, diagnostics) = parse(value);
    let effective = |key: &str| match key {
        "v" if record.valid_version => "STSv1".to_string(),
        "v" => "invalid: senders ignore the record and apply no policy".to_string(),
        "id" => match &record.id {
            Some(id) => format!("{}: senders refetch the policy when this changes", id.value),
            None => "no valid id: the record is invalid".to_string(),
        },
        _ => "ignored".to_string(),
    };
    let rows = tag_list::rows(
        &record.tags,
        KNOWN,
        meaning,
        |key, written| {
            if !written || KNOWN.contains(&key) {
                "none: required"
            } else {
                "not defined"
            }
        },
        effective,
    );
    let corrected = corrected(value, &diagnostics);
    Explained { diagnostics, tags: rows, corrected }
}

fn corrected(value: &str, diagnostics: &[Diagnostic]) -> Option<String> {
    tag_list::correct(value, diagnostics, &spec(), |_, v| v.to_string(), |c| !has_errors(&parse(c).1))
}

#[cfg(test)]
mod tests;
