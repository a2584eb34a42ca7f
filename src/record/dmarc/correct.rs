//! The corrected record: every mechanical fix applied.
//!
//! A fix is mechanical when there is only one sensible way to make it: put
//! `v=DMARC1` first, lower-case a value, drop a tag receivers ignore anyway
//! (`fo` without `ruf`, `rf`, `ri`, repeats, stray separators), rename a tag
//! that is one typo away from a real one, add the missing `mailto:` in front
//! of an address, drop the obsolete `!size`. Choices that are the owner's
//! (which policy, which report address) are never made here: when the
//! record still has an error after the mechanical fixes, no correction is
//! offered.

use super::lint::suggest;
use super::{parse, DmarcRecord};
use crate::diag::has_errors;

/// The order tags are written in a corrected record.
const ORDER: &[&str] = &["v", "p", "sp", "np", "adkim", "aspf", "pct", "t", "psd", "rua", "ruf", "fo"];

/// The corrected form of `input`, when it differs from it and has no error.
pub fn corrected(input: &str, record: &DmarcRecord) -> Option<String> {
    let has_valid_ruf = record.has_valid_ruf();
    let mut tags: Vec<(String, String)> = Vec::new();
    for tag in &record.tags {
        let mut key = tag.key();
        let value = tag.value.trim_matches(|c: char| c.is_whitespace()).to_string();
        if !ORDER.contains(&key.as_str()) && !matches!(key.as_str(), "rf" | "ri") {
            match suggest(&key) {
                Some(known) if record.tag(known).is_none() => key = known.to_string(),
                _ => continue,
            }
        }
        if tags.iter().any(|(k, _)| *k == key) || matches!(key.as_str(), "rf" | "ri") {
            continue;
        }
        let value = match key.as_str() {
            "v" => "DMARC1".to_string(),
            "rua" | "ruf" => report_uris(&value),
            "fo" if !has_valid_ruf => continue,
            "pct" if record.percent.is_none() => continue,
            "pct" => value,
            _ => value.to_ascii_lowercase(),
        };
        tags.push((key, value));
    }
    if !tags.iter().any(|(k, _)| k == "v") {
        tags.push(("v".into(), "DMARC1".into()));
    }
    crate::order::sort_by_key(&mut tags, |(k, _)| ORDER.iter().position(|o| o == k).unwrap_or(ORDER.len()));
    let text = tags.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ");
    let (_, diagnostics) = parse(&text);
    (text != input && !has_errors(&diagnostics)).then_some(text)
}

/// The URI list with `mailto:` added where an address lacks a scheme and the
/// obsolete size suffix removed.
fn report_uris(value: &str) -> String {
    value
        .split(',')
        .map(|uri| uri.trim_matches(|c: char| c == ' ' || c == '\t'))
        .filter(|uri| !uri.is_empty())
        .map(|uri| {
            let uri = match uri.rsplit_once('!') {
                Some((head, size)) if size.bytes().next().is_some_and(|b| b.is_ascii_digit()) => head,
                _ => uri,
            };
            if !uri.contains(':') && uri.contains('@') {
                format!("mailto:{uri}")
            } else {
                uri.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(",")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fix(input: &str) -> Option<String> {
        let (record, _) = parse(input);
        corrected(input, &record)
    }

    #[test]
    fn mechanical_fixes() {
        assert_eq!(
            fix("p=REJECT; v=DMARC1; rua=mailto:d@example.com"),
            Some("v=DMARC1; p=reject; rua=mailto:d@example.com".into())
        );
        assert_eq!(
            fix("v=DMARC1; p=none; fo=1; rua=mailto:d@example.com"),
            Some("v=DMARC1; p=none; rua=mailto:d@example.com".into())
        );
        assert_eq!(
            fix("v=DMARC1; p=none; rf=afrf; ri=3600; rua=mailto:d@example.com"),
            Some("v=DMARC1; p=none; rua=mailto:d@example.com".into())
        );
        assert_eq!(
            fix("v=DMARC1;; p=none; p=reject; rua=dmarc@example.com!10m"),
            Some("v=DMARC1; p=none; rua=mailto:dmarc@example.com".into())
        );
        assert_eq!(
            fix("v=DMARC1; p=none; rue=mailto:d@example.com"),
            Some("v=DMARC1; p=none; rua=mailto:d@example.com".into())
        );
        assert_eq!(
            fix("  v=dmarc1; p=quarantine; pct=150; rua=mailto:d@example.com"),
            Some("v=DMARC1; p=quarantine; rua=mailto:d@example.com".into())
        );
        assert_eq!(
            fix("p=none; rua=mailto:d@example.com"),
            Some("v=DMARC1; p=none; rua=mailto:d@example.com".into())
        );
    }

    #[test]
    fn no_correction_when_clean_or_when_a_choice_is_needed() {
        assert_eq!(fix("v=DMARC1; p=reject; rua=mailto:d@example.com"), None);
        assert_eq!(fix("v=DMARC1; p=bogus; rua=mailto:d@example.com"), None);
        assert_eq!(fix("v=DMARC1; adkim=r"), None);
    }

    #[test]
    fn every_correction_explains_without_errors() {
        for input in [
            "p=REJECT; v=DMARC1; rua=mailto:d@example.com",
            "v=DMARC1; p=none; fo=1",
            "v=DMARC1; p=none;\u{a0}rua=mailto:d@example.com",
            "v=DMARC1; P=Quarantine; ADKIM=S; rua=a@example.com,b@example.com",
        ] {
            if let Some(text) = fix(input) {
                let (_, diagnostics) = parse(&text);
                assert!(!has_errors(&diagnostics), "{input:?} -> {text:?}: {diagnostics:?}");
            }
        }
    }
}
