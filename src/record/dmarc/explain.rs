//! What each DMARC tag means, its default, and the value receivers end up
//! using (with inheritance: `sp` from `p`, `np` from `sp`).

use super::lint::default_of;
use super::{AlignmentMode, DmarcRecord, FailureOption, Policy, Psd};
use crate::record::TagExplanation;

/// What the tag is for, in a sentence.
fn meaning(key: &str) -> &'static str {
    match key {
        "v" => "Version. Marks the TXT record as a DMARC policy; must come first and be exactly DMARC1.",
        "p" => "Policy for mail whose From domain is this domain and that fails DMARC: none (report only), quarantine (treat as suspicious, usually the spam folder) or reject (refuse it).",
        "sp" => "Policy for mail from existing subdomains of this domain.",
        "np" => "Policy for mail from subdomains that do not exist in DNS, a favourite of spoofers (RFC 9989).",
        "adkim" => "DKIM alignment: r (relaxed) accepts a DKIM d= domain with the same organizational domain as the From domain; s (strict) needs the same name.",
        "aspf" => "SPF alignment: r (relaxed) accepts a MAIL FROM domain with the same organizational domain as the From domain; s (strict) needs the same name.",
        "fo" => "Failure reporting options: when to send failure reports to ruf. 0 = every mechanism failed, 1 = any failed, d = a DKIM signature failed, s = SPF failed.",
        "rua" => "Where receivers send aggregate reports: daily XML summaries of who sent mail as this domain and how it authenticated.",
        "ruf" => "Where receivers send failure reports: copies or headers of individual failing messages.",
        "t" => "Testing mode (RFC 9989): y asks receivers to apply one level less than the published policy.",
        "psd" => "Public suffix domain flag (RFC 9989): y for a public suffix (TLD or registry), n for an organizational domain, u when not stated.",
        "pct" => "Percentage of failing mail the policy applies to (RFC 7489; removed in RFC 9989). The rest gets one level less.",
        "rf" => "Failure report format (RFC 7489; removed in RFC 9989).",
        "ri" => "Requested interval between aggregate reports, in seconds (RFC 7489; removed in RFC 9989).",
        _ => "Not a DMARC tag: receivers ignore it.",
    }
}

fn policy_name(policy: Option<Policy>) -> String {
    match policy {
        Some(p) => p.as_str().to_string(),
        None => "no DMARC processing".to_string(),
    }
}

fn alignment(mode: Option<AlignmentMode>) -> &'static str {
    match mode {
        Some(AlignmentMode::Strict) => "s (strict)",
        Some(AlignmentMode::Relaxed) | None => "r (relaxed)",
    }
}

/// The effective value of `key` in `record`, in words.
fn effective(key: &str, record: &DmarcRecord) -> String {
    let testing = record.is_testing();
    let with_testing = |p: Option<Policy>| match p {
        Some(p) if testing && p.enforces() => {
            format!("{} (applied as {} by RFC 9989 receivers: t=y)", p.as_str(), p.one_level_less().as_str())
        }
        other => policy_name(other),
    };
    match key {
        "v" if record.valid_version => "DMARC1".to_string(),
        "v" => "ignored: the record does not begin with exactly v=DMARC1, so receivers ignore all of it".to_string(),
        "p" => {
            let base = with_testing(record.effective_policy());
            if record.policy.is_none() && record.effective_policy().is_some() {
                format!("{base} (no valid p; RFC 9989 falls back to none because rua is valid)")
            } else {
                base
            }
        }
        "sp" => {
            let value = with_testing(record.effective_subdomain_policy());
            if record.subdomain_policy.is_none() && record.effective_policy().is_some() {
                format!("{value} (inherited from p)")
            } else {
                value
            }
        }
        "np" => {
            let value = with_testing(record.effective_nonexistent_policy());
            match (&record.nonexistent_policy, &record.subdomain_policy) {
                (Some(_), _) => format!("{value} (RFC 7489 receivers use sp instead)"),
                _ if record.effective_policy().is_none() => value,
                (None, Some(_)) => format!("{value} (inherited from sp)"),
                (None, None) => format!("{value} (inherited from p)"),
            }
        }
        "adkim" => alignment(record.dkim_alignment.as_ref().map(|m| m.value)).to_string(),
        "aspf" => alignment(record.spf_alignment.as_ref().map(|m| m.value)).to_string(),
        "fo" => {
            if !record.has_valid_ruf() {
                return "ignored: there is no valid ruf address".to_string();
            }
            let options = record.failure_options.as_ref().map(|o| o.value.as_slice()).unwrap_or(&[]);
            if options.is_empty() {
                return "0: report when every mechanism fails to give an aligned pass".to_string();
            }
            options
                .iter()
                .map(|o| match o {
                    FailureOption::AllFail => "0: when every mechanism fails",
                    FailureOption::AnyFail => "1: when any mechanism fails",
                    FailureOption::Dkim => "d: on any DKIM failure",
                    FailureOption::Spf => "s: on any SPF failure",
                })
                .collect::<Vec<_>>()
                .join("; ")
        }
        "rua" | "ruf" => {
            let uris = if key == "rua" { &record.aggregate_uris } else { &record.failure_uris };
            let usable: Vec<&str> = uris.iter().filter(|u| u.is_valid()).map(|u| u.uri.as_str()).collect();
            if usable.is_empty() {
                "no reports are sent".to_string()
            } else {
                format!("reports go to {}", usable.join(", "))
            }
        }
        "t" if testing => "y: testing mode, one level less is applied".to_string(),
        "t" => "n: the policy applies in full".to_string(),
        "psd" => match record.psd.as_ref().map(|p| p.value) {
            Some(Psd::Yes) => "y: a public suffix domain".to_string(),
            Some(Psd::No) => "n: an organizational domain".to_string(),
            Some(Psd::Unknown) | None => "u: not stated".to_string(),
        },
        "pct" => match (&record.percent, record.effective_policy()) {
            (Some(pct), Some(p)) if p.enforces() => format!(
                "RFC 7489 receivers: {p} for {n}% of failing mail, {less} for the rest; RFC 9989 receivers: ignored ({p} for all)",
                p = p.as_str(),
                n = pct.value,
                less = p.one_level_less().as_str()
            ),
            (Some(_), _) => "no effect: nothing to sample with p=none".to_string(),
            (None, _) => "not a number from 0 to 100: ignored (100)".to_string(),
        },
        "rf" | "ri" => "ignored by RFC 9989 receivers".to_string(),
        _ => "ignored".to_string(),
    }
}

/// Tags shown even when absent, because their default matters.
const SHOWN_WHEN_ABSENT: &[&str] = &["p", "sp", "np", "adkim", "aspf", "rua", "ruf", "fo", "t", "psd"];

/// One row per tag written in the record (in order; repeats once), then one
/// per meaningful tag left out, with its default in effect.
pub fn tags(record: &DmarcRecord) -> Vec<TagExplanation> {
    let mut rows: Vec<TagExplanation> = Vec::new();
    let mut shown = std::collections::HashSet::new();
    for tag in &record.tags {
        let key = tag.key();
        if !shown.insert(key.clone()) {
            continue;
        }
        rows.push(TagExplanation {
            name: tag.name.clone(),
            value: Some(tag.value.clone()),
            span: Some(tag.span),
            meaning: meaning(&key).to_string(),
            default: default_of(&key).to_string(),
            effective: effective(&key, record),
            lookups: None,
        });
    }
    for key in SHOWN_WHEN_ABSENT {
        if record.tag(key).is_none() {
            rows.push(TagExplanation {
                name: (*key).to_string(),
                value: None,
                span: None,
                meaning: meaning(key).to_string(),
                default: default_of(key).to_string(),
                effective: effective(key, record),
                lookups: None,
            });
        }
    }
    rows
}
