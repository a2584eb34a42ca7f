//! Reads the terms into a [`DkimRecord`] and applies every rule.

use std::collections::HashSet;

use super::key::{self, Base64Error, KeyForm};
use super::tag_list::{self, is_fws, Findings, RawTag, Term};
use super::{DkimRecord, KeyType, Spanned, Tag};
use crate::catalogue::DkimCode;
use crate::diag::{has_errors, Diagnostic, Span};

/// Every tag RFC 6376 defines for key records, plus the obsolete `g`.
pub(super) const KNOWN_TAGS: &[&str] = &["v", "g", "h", "k", "n", "p", "s", "t"];

/// The longest DNS character-string.
const STRING_LIMIT: usize = 255;

/// What verifiers use when a tag is absent, in words.
pub(super) fn default_of(key: &str) -> &'static str {
    match key {
        "v" => "DKIM1 (v is optional)",
        "h" => "every hash algorithm (verifiers only accept sha256 today)",
        "k" => "rsa",
        "n" => "no notes",
        "p" => "none: required",
        "s" => "* (every service, email included)",
        "t" => "no flags",
        "g" => "* (any local part; obsolete)",
        _ => "not defined",
    }
}

pub(super) fn check(input: &str) -> (DkimRecord, Vec<Diagnostic>) {
    let mut record = DkimRecord { valid_version: true, ..DkimRecord::default() };
    let mut found = Findings::default();
    if input.trim_matches(is_fws).is_empty() {
        found.add(DkimCode::Empty, Span::new(0, input.len()), &[]);
        record.valid_version = false;
        return (record, found.sorted());
    }
    for (span, what) in tag_list::disallowed_runs(input, |c| c.is_ascii_graphic() || is_fws(c)) {
        found.add(DkimCode::NonAscii, span, &[("what", &what)]);
    }
    if input.len() > STRING_LIMIT {
        let mut cut = STRING_LIMIT;
        while !input.is_char_boundary(cut) {
            cut -= 1;
        }
        found.add(DkimCode::LongRecord, Span::new(cut, input.len()), &[("len", &input.len().to_string())]);
    }
    let (terms, _) = tag_list::terms(input, is_fws);
    let mut seen = HashSet::new();
    for (index, term) in terms.iter().enumerate() {
        match term {
            Term::Empty(span) => found.add(DkimCode::EmptyTerm, *span, &[]),
            Term::Malformed { text, span } => found.add(DkimCode::TagSyntax, *span, &[("text", text)]),
            Term::Tag(tag) => {
                record.tags.push(Tag {
                    name: tag.name.to_string(),
                    value: tag.value.to_string(),
                    span: tag.span,
                    value_span: tag.value_span,
                });
                let lower = tag.name.to_ascii_lowercase();
                if !seen.insert(tag.name) {
                    found.add(DkimCode::TagDuplicate, tag.span, &[("tag", tag.name)]);
                } else if KNOWN_TAGS.contains(&tag.name) {
                    read_tag(index, tag, &mut record, &mut found);
                } else if KNOWN_TAGS.contains(&lower.as_str()) {
                    found.add(DkimCode::TagCase, tag.name_span, &[("tag", tag.name), ("lower", &lower)]);
                } else {
                    let suggestion = tag_list::suggest(tag.name, KNOWN_TAGS)
                        .map(|s| format!(" (did you mean {s}?)"))
                        .unwrap_or_default();
                    let args = [("tag", tag.name), ("suggestion", suggestion.as_str())];
                    found.add(DkimCode::TagUnknown, tag.name_span, &args);
                }
            }
        }
    }
    public_key(input, &mut record, &mut found);
    (record, found.sorted())
}

/// The value's items split at `:`, lower case, with their spans; adds
/// `dkim-value-case` when any differs from its lower case.
fn items(tag: &RawTag<'_>, found: &mut Findings) -> Vec<(String, Span)> {
    let items = tag_list::list(tag.value, tag.value_span.start, ':', is_fws);
    let lowered: Vec<(String, Span)> = items.iter().map(|(t, s)| (t.to_ascii_lowercase(), *s)).collect();
    if items.iter().zip(&lowered).any(|((t, _), (l, _))| t != l) {
        let lower = lowered.iter().map(|(l, _)| l.as_str()).collect::<Vec<_>>().join(":");
        found.add(
            DkimCode::ValueCase,
            tag.value_span,
            &[("tag", tag.name), ("value", tag.value), ("lower", &lower)],
        );
    }
    lowered
}

fn read_tag(index: usize, tag: &RawTag<'_>, record: &mut DkimRecord, found: &mut Findings) {
    let span = tag.span;
    let key = tag.name;
    if tag.value.is_empty() && matches!(key, "h" | "k" | "s" | "t") {
        found.add(DkimCode::ValueEmpty, span, &[("tag", key), ("default", default_of(key))]);
        return;
    }
    match key {
        "v" => {
            if index != 0 {
                found.add(DkimCode::VersionNotFirst, span, &[]);
                record.valid_version = false;
            } else if tag.value != "DKIM1" {
                let at = if tag.value.is_empty() { span } else { tag.value_span };
                found.add(DkimCode::VersionInvalid, at, &[("value", tag.value)]);
                record.valid_version = false;
            }
        }
        "h" => {
            let algorithms = items(tag, found);
            let has_sha256 = algorithms.iter().any(|(a, _)| a == "sha256");
            for (algorithm, at) in &algorithms {
                match algorithm.as_str() {
                    "sha256" => {}
                    "sha1" => {
                        let detail = if has_sha256 {
                            "Listing it next to sha256 only keeps a forbidden algorithm allowed."
                        } else {
                            "With no other algorithm allowed, this key cannot produce a signature that verifies."
                        };
                        found.add(DkimCode::HashSha1, *at, &[("detail", detail)]);
                    }
                    _ => found.add(DkimCode::HashUnknown, *at, &[("value", algorithm)]),
                }
            }
            let value = algorithms.into_iter().map(|(a, _)| a).collect();
            record.hash_algorithms = Some(Spanned { value, span });
        }
        "k" => {
            let lower = items(tag, found).into_iter().map(|(a, _)| a).collect::<Vec<_>>().join(":");
            match lower.as_str() {
                "rsa" => record.key_type = Some(Spanned { value: KeyType::Rsa, span }),
                "ed25519" => record.key_type = Some(Spanned { value: KeyType::Ed25519, span }),
                _ => found.add(DkimCode::KeyTypeUnknown, tag.value_span, &[("value", tag.value)]),
            }
        }
        "n" => record.notes = Some(Spanned { value: tag.value.to_string(), span }),
        "p" => record.public_key = Some(Spanned { value: tag.value.to_string(), span }),
        "s" => {
            let services = items(tag, found);
            if !services.iter().any(|(s, _)| s == "*" || s == "email") {
                found.add(DkimCode::ServiceNotEmail, tag.value_span, &[("value", tag.value)]);
            }
            record.service_types =
                Some(Spanned { value: services.into_iter().map(|(s, _)| s).collect(), span });
        }
        "t" => {
            let flags = items(tag, found);
            for (flag, at) in &flags {
                match flag.as_str() {
                    "y" => found.add(DkimCode::Testing, span, &[]),
                    "s" => found.add(DkimCode::StrictIdentity, span, &[]),
                    _ => found.add(DkimCode::FlagUnknown, *at, &[("value", flag)]),
                }
            }
            record.flags = Some(Spanned { value: flags.into_iter().map(|(f, _)| f).collect(), span });
        }
        _ => {
            found.add(DkimCode::GranularityObsolete, span, &[]);
            record.granularity = Some(Spanned { value: tag.value.to_string(), span });
        }
    }
}

/// Decodes `p=` and judges the key in it.
fn public_key(input: &str, record: &mut DkimRecord, found: &mut Findings) {
    let Some(p) = record.public_key.clone() else {
        let end = input.trim_end_matches(|c: char| is_fws(c) || c == ';').len();
        found.add(DkimCode::KeyMissing, Span::at(end), &[]);
        return;
    };
    let value_span = record.tag("p").map_or(p.span, |t| t.value_span);
    if record.is_revoked() {
        found.add(DkimCode::KeyRevoked, p.span, &[]);
        return;
    }
    let bytes = match key::decode_base64(&p.value, value_span.start) {
        Ok(bytes) => bytes,
        Err(Base64Error::BadCharacters(spans)) => {
            for span in spans {
                let what =
                    span.slice(input).chars().next().map(crate::text::describe_char).unwrap_or_default();
                let why = format!("{what} is not a base64 character");
                found.add(DkimCode::KeyBase64, span, &[("why", &why)]);
            }
            return;
        }
        Err(Base64Error::PaddingInside(span)) => {
            let why = "the = padding may only come at the very end";
            found.add(DkimCode::KeyBase64, span, &[("why", why)]);
            return;
        }
        Err(Base64Error::Truncated) => {
            let why = "its length leaves one character over, so part of the key is missing";
            found.add(DkimCode::KeyBase64, value_span, &[("why", why)]);
            return;
        }
    };
    let declared = record.key_type.as_ref().map(|k| k.value);
    let form = key::classify(&bytes, declared == Some(KeyType::Ed25519));
    let len = bytes.len().to_string();
    record.key_bytes = Some(bytes);
    record.key_form = Some(form);
    match form {
        KeyForm::RsaSpki { bits } | KeyForm::RsaPkcs1 { bits } => {
            let text = bits.to_string();
            if bits < 1024 {
                found.add(DkimCode::RsaTooShort, value_span, &[("bits", &text)]);
            } else if bits < 2048 {
                found.add(DkimCode::RsaWeak, value_span, &[("bits", &text)]);
            }
            if matches!(form, KeyForm::RsaPkcs1 { .. }) {
                found.add(DkimCode::RsaPkcs1, value_span, &[]);
            }
        }
        KeyForm::Ed25519Spki => {
            let detail = "it is wrapped in a SubjectPublicKeyInfo (44 bytes)";
            found.add(DkimCode::Ed25519Form, value_span, &[("detail", detail)]);
        }
        KeyForm::Ed25519 => {}
        KeyForm::Unknown if declared == Some(KeyType::Ed25519) => {
            let detail = format!("it decodes to {len} bytes");
            found.add(DkimCode::Ed25519Form, value_span, &[("detail", &detail)]);
        }
        KeyForm::Unknown => found.add(DkimCode::KeyUnreadable, value_span, &[("bytes", &len)]),
    }
    let unknown_k = record.tag("k").is_some() && declared.is_none();
    if let (Some(found_alg), false) = (form.algorithm(), unknown_k) {
        let declared = declared.unwrap_or(KeyType::Rsa);
        if found_alg != declared.as_str() {
            let at = record.key_type.as_ref().map_or(p.span, |k| k.span);
            let implicit = if record.key_type.is_none() { " (k is absent, so rsa)" } else { "" };
            let args = [("declared", declared.as_str()), ("found", found_alg), ("implicit", implicit)];
            found.add(DkimCode::KeyTypeMismatch, at, &args);
        }
    }
}

/// The codes whose fix [`corrected`] applies.
const FIXABLE: &[DkimCode] = &[
    DkimCode::VersionInvalid,
    DkimCode::VersionNotFirst,
    DkimCode::TagDuplicate,
    DkimCode::TagCase,
    DkimCode::ValueCase,
    DkimCode::EmptyTerm,
    DkimCode::KeyBase64,
    DkimCode::GranularityObsolete,
    DkimCode::KeyTypeMismatch,
];

/// The record with the mechanical fixes applied: known tag names in lower
/// case, the first of each repeated tag, `v=DKIM1` first, values of `k`,
/// `h`, `s` and `t` in lower case, `p` without whitespace or stray quotes,
/// `g` dropped, and `k` set to the type of the key `p` holds. `None` when
/// nothing mechanical applies or the result would still have an error.
pub(super) fn corrected(input: &str, record: &DkimRecord, diagnostics: &[Diagnostic]) -> Option<String> {
    let fixable = diagnostics.iter().any(|d| FIXABLE.iter().any(|c| d.code == *c));
    if !fixable || diagnostics.iter().any(|d| d.code == DkimCode::TagSyntax) {
        return None;
    }
    let key_alg = record.key_form.and_then(KeyForm::algorithm);
    let mut seen = HashSet::new();
    let mut parts: Vec<(String, String)> = Vec::new();
    for tag in &record.tags {
        let lower = tag.name.to_ascii_lowercase();
        let name = if KNOWN_TAGS.contains(&lower.as_str()) { lower } else { tag.name.clone() };
        if name == "g" || !seen.insert(name.clone()) {
            continue;
        }
        let compact = |v: &str| v.chars().filter(|c| !is_fws(*c)).collect::<String>();
        let value = match name.as_str() {
            "v" if tag.value.eq_ignore_ascii_case("dkim1") => "DKIM1".to_string(),
            "k" => match key_alg {
                Some(alg) => alg.to_string(),
                None => compact(&tag.value).to_ascii_lowercase(),
            },
            "h" | "s" | "t" => compact(&tag.value).to_ascii_lowercase(),
            "p" => tag.value.chars().filter(|c| !is_fws(*c) && *c != '"').collect(),
            _ => tag.value.clone(),
        };
        parts.push((name, value));
    }
    if let (Some(alg), false) = (key_alg, seen.contains("k")) {
        if alg != "rsa" {
            let at = parts.iter().position(|(n, _)| n == "p").unwrap_or(parts.len());
            parts.insert(at, ("k".to_string(), alg.to_string()));
        }
    }
    if let Some(at) = parts.iter().position(|(n, _)| n == "v") {
        let v = parts.remove(at);
        parts.insert(0, v);
    }
    let candidate = parts.iter().map(|(n, v)| format!("{n}={v}")).collect::<Vec<_>>().join("; ");
    tag_list::corrected(input, true, candidate, |c| !has_errors(&check(c).1))
}
