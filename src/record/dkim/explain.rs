//! What each DKIM key tag means, its default and the value verifiers use.

use std::collections::HashSet;

use super::lint::default_of;
use super::tag_list::row;
use super::{key_info, DkimRecord, KeyForm};
use crate::record::TagExplanation;

fn meaning(key: &str) -> &'static str {
    match key {
        "v" => "Version. Optional; when written it must be exactly DKIM1 and come first.",
        "h" => "Hash algorithms this key may be used with, separated by colons. Only sha256 is acceptable today (RFC 8301 forbids sha1).",
        "k" => "Key type: rsa (the default) or ed25519 (RFC 8463).",
        "n" => "Notes for people reading the record; verifiers do not interpret them.",
        "p" => "The public key, in base64. Empty means the key has been revoked.",
        "s" => "Service types the key may be used for: * (all, the default) or email.",
        "t" => "Flags: y means the domain is testing DKIM (failures count for nothing); s means the i= domain of a signature must equal d= exactly.",
        "g" => "Key granularity, from RFC 4871: the local parts the key may sign for. Dropped by RFC 6376.",
        _ => "Not a DKIM key tag: verifiers ignore it.",
    }
}

fn describe_key(record: &DkimRecord) -> String {
    if record.public_key.is_none() {
        return "no key: signatures with this selector cannot be verified".to_string();
    }
    if record.is_revoked() {
        return "revoked: every signature with this selector fails".to_string();
    }
    let form = match record.key_form {
        Some(KeyForm::RsaSpki { .. }) => " (SubjectPublicKeyInfo)",
        Some(KeyForm::RsaPkcs1 { .. }) => " (bare PKCS#1 RSAPublicKey)",
        Some(KeyForm::Ed25519) => " (raw 32 bytes)",
        Some(KeyForm::Ed25519Spki) => " (wrapped in a SubjectPublicKeyInfo, which RFC 8463 does not allow)",
        _ => "",
    };
    match (key_info(record), &record.key_bytes) {
        (Some(info), _) => format!("{}-bit {} key{form}", info.bits, info.algorithm.to_ascii_uppercase()),
        (None, Some(bytes)) => format!("{} bytes that are not a recognisable key", bytes.len()),
        (None, None) => "not valid base64: unusable".to_string(),
    }
}

fn effective(key: &str, record: &DkimRecord) -> String {
    let joined = |v: &Option<super::Spanned<Vec<String>>>| v.as_ref().map(|s| s.value.join(":"));
    match key {
        "v" if !record.valid_version => "invalid: verifiers discard this key record".to_string(),
        "v" => "DKIM1".to_string(),
        "h" => match joined(&record.hash_algorithms) {
            None => "any algorithm; verifiers accept sha256 only".to_string(),
            Some(list) if list.split(':').any(|a| a == "sha256") => {
                format!("{list}: sha256 signatures verify")
            }
            Some(list) => format!("{list}: no acceptable algorithm, so no signature verifies"),
        },
        "k" => match (&record.key_type, record.tag("k")) {
            (Some(k), _) => k.value.as_str().to_string(),
            (None, Some(_)) => "unknown key type: the key is ignored".to_string(),
            (None, None) => "rsa".to_string(),
        },
        "n" => "not interpreted".to_string(),
        "p" => describe_key(record),
        "s" => match joined(&record.service_types) {
            None => "* (every service, email included)".to_string(),
            Some(list) if list.split(':').any(|s| s == "*" || s == "email") => {
                format!("{list}: usable for email")
            }
            Some(list) => format!("{list}: not usable for email"),
        },
        "t" => {
            let mut parts = Vec::new();
            if record.is_testing() {
                parts.push("y: testing, signatures count as if the mail were unsigned");
            }
            if record.has_flag("s") {
                parts.push("s: i= must be exactly the d= domain");
            }
            if parts.is_empty() {
                "no flags: signatures count in full".to_string()
            } else {
                parts.join("; ")
            }
        }
        "g" => "ignored by RFC 6376 verifiers".to_string(),
        _ => "ignored".to_string(),
    }
}

/// Tags shown even when absent, because their default matters.
const SHOWN_WHEN_ABSENT: &[&str] = &["v", "h", "k", "p", "s", "t"];

/// One row per tag written (in order; repeats once), then one per
/// meaningful tag left out.
pub(super) fn tags(record: &DkimRecord) -> Vec<TagExplanation> {
    let mut rows = Vec::new();
    let mut shown = HashSet::new();
    for tag in &record.tags {
        if !shown.insert(tag.name.as_str()) {
            continue;
        }
        let key = tag.name.as_str();
        rows.push(row(
            key,
            Some((&tag.value, tag.span)),
            meaning(key),
            default_of(key),
            effective(key, record),
        ));
    }
    for key in SHOWN_WHEN_ABSENT {
        if !shown.contains(key) {
            rows.push(row(key, None, meaning(key), default_of(key), effective(key, record)));
        }
    }
    rows
}
