//! DKIM keys, live: probing selectors under `_domainkey.<domain>`.
//!
//! DNS cannot list a domain's selectors, so the check asks the names the
//! big mail providers use by default ([`COMMON_SELECTORS`]) plus any the
//! caller passes (typed by the user, or seen in loaded reports and
//! headers), all at once. Each key found is explained with the Explain
//! rules (algorithm and size, RFC 8301's minimum sizes, revoked `p=`,
//! testing `t=y`). A selector that is an alias (CNAME) for a name without
//! a key is pointed out, since that is how an unfinished provider setup
//! looks. Not finding a key is never reported as "no DKIM".

use std::collections::BTreeMap;

use serde::Serialize;

use super::join::join_all;
use super::util::{self, finding, lookup_failed, normalize, starts_with_version, txt_texts};
use super::Finding;
use crate::catalogue::CheckCode;
use crate::dns::{Answer, Record, RecordType, Resolver};
use crate::record::dkim;
use crate::record::{explain_as, Kind};

/// The selectors tried on every domain: the defaults of the large mail
/// services, as their setup guides show them in 2026, and a few generic
/// names. Amazon SES (Easy DKIM) and HubSpot use per-account random or
/// numbered selectors that cannot be guessed; Postmark and SparkPost add
/// dated ones, of which only the common forms are listed.
pub const COMMON_SELECTORS: &[&str] = &[
    // Google Workspace: "google", unless the admin chose another prefix.
    "google",
    // Microsoft 365 / Exchange Online: CNAMEs to keys kept by Microsoft
    // under the tenant's onmicrosoft.com domain.
    "selector1",
    "selector2",
    // Mailchimp: k2 and k3 (CNAMEs to dkim2/dkim3.mcsv.net); k1 on older
    // accounts and a few other senders.
    "k1",
    "k2",
    "k3",
    // Mandrill (Mailchimp Transactional): mandrill, and mte1/mte2 on newer setups.
    "mandrill",
    "mte1",
    "mte2",
    // Twilio SendGrid: s1 and s2 (automated security CNAMEs); smtpapi on old accounts.
    "s1",
    "s2",
    "smtpapi",
    // Postmark: pm (newer keys have dated selectors ending in pm).
    "pm",
    // SparkPost (Bird): scph plus month and year; scph0316 is widespread.
    "scph0316",
    // Everlytic.
    "everlytickey1",
    "everlytickey2",
    // MXVault-hosted mail.
    "mxvault",
    // Apple iCloud+ custom email domains.
    "sig1",
    // Proton Mail (CNAMEs to protonmail.ch).
    "protonmail",
    "protonmail2",
    "protonmail3",
    // Fastmail (CNAMEs to messagingengine.com).
    "fm1",
    "fm2",
    "fm3",
    // Zoho Mail: the admin picks the name; these are the usual ones.
    "zoho",
    "zmail",
    // Brevo (formerly Sendinblue): brevo1/brevo2; "mail" on older setups.
    "brevo1",
    "brevo2",
    // Klaviyo branded sending domains.
    "kl",
    "kl2",
    // Campaign Monitor.
    "cm",
    // Zendesk.
    "zendesk1",
    "zendesk2",
    // Resend.
    "resend",
    // Generic names: hosting panels (cPanel, DirectAdmin, Plesk use
    // "default"), OpenDKIM tutorials, Mailgun's older "smtp" and "mx".
    "default",
    "dkim",
    "mail",
    "smtp",
    "mx",
    "email",
];

/// One DKIM key record found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DkimKey {
    /// The selector.
    pub selector: String,
    /// The name asked: `<selector>._domainkey.<domain>`.
    pub name: String,
    /// The record, as published (strings joined).
    pub record: String,
    /// Where the name is an alias (CNAME) for another, its target.
    pub cname: Option<String>,
    /// The key size in bits (RSA modulus, or 256 for Ed25519), when the key decodes.
    pub bits: Option<u32>,
    /// `rsa` or `ed25519`, when the key decodes.
    pub algorithm: Option<String>,
    /// Whether `p=` is empty: the key is revoked.
    pub revoked: bool,
    /// Whether `t=y` (testing) is set.
    pub testing: bool,
    /// The Explain rules' findings on the record.
    pub findings: Vec<Finding>,
}

/// The outcome of probing a domain's DKIM selectors.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DkimCheck {
    /// The domain checked.
    pub domain: String,
    /// Every key record found, in the order the selectors were tried.
    pub keys: Vec<DkimKey>,
    /// Every selector tried: the caller's first, then [`COMMON_SELECTORS`].
    pub tried: Vec<String>,
    /// The selectors tried where no key was found (failed lookups excluded).
    pub not_found: Vec<String>,
    /// Findings about the probe as a whole: no key found, failed lookups,
    /// aliases without a key, selectors that could not be asked.
    pub findings: Vec<Finding>,
}

impl DkimCheck {
    /// The keys a verifier can use: not revoked, and not an RSA key under
    /// the 1024 bits RFC 8301 forbids.
    pub fn usable_keys(&self) -> impl Iterator<Item = &DkimKey> {
        self.keys.iter().filter(|k| {
            !k.revoked
                && match (k.algorithm.as_deref(), k.bits) {
                    (Some("rsa"), Some(bits)) => bits >= 1024,
                    (Some(_), Some(_)) => true,
                    _ => false,
                }
        })
    }
}

/// A selector as the user may type it: trimmed, lower case, and cut before
/// `._domainkey` when a whole name was pasted. `None` when it is not a
/// valid selector (RFC 6376 §3.1: dot-separated labels).
fn clean_selector(text: &str) -> Option<String> {
    let text = text.trim().to_ascii_lowercase();
    let text = text.split("._domainkey").next().unwrap_or_default();
    let valid = !text.is_empty()
        && text.len() <= 63 * 4
        && text.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        });
    valid.then(|| text.to_string())
}

/// Whether a TXT record at a selector is a DKIM key record at all.
fn is_key(text: &str) -> bool {
    starts_with_version(text, "DKIM1", true) || dkim::parse(text).0.public_key.is_some()
}

/// Probes `selectors` (the caller's, e.g. typed by the user or seen in
/// reports) and [`COMMON_SELECTORS`] under `_domainkey.<domain>`, all at
/// once, and explains each key found. A second, smaller round asks CNAME
/// at the selectors that answered, to show aliases.
pub async fn check_dkim<R: Resolver, S: AsRef<str>>(
    resolver: &R,
    domain: &str,
    selectors: &[S],
) -> DkimCheck {
    let domain = normalize(domain);
    let mut findings = Vec::new();
    let mut tried: Vec<String> = Vec::new();
    for selector in selectors {
        match clean_selector(selector.as_ref()) {
            Some(s) if !tried.contains(&s) => tried.push(s),
            Some(_) => {}
            None => findings.push(finding(
                format!("_domainkey.{domain}"),
                CheckCode::DkimSelectorInvalid,
                &[("selector", selector.as_ref().trim())],
            )),
        }
    }
    let caller = tried.len();
    for common in COMMON_SELECTORS {
        if !tried.iter().any(|s| s == common) {
            tried.push((*common).to_string());
        }
    }
    let names: Vec<String> = tried.iter().map(|s| format!("{s}._domainkey.{domain}")).collect();
    let answers = join_all(names.iter().map(|n| resolver.query(n, RecordType::Txt))).await;

    // Aliases: asked where something answered, and where a missing key
    // may hide an alias to nowhere (the caller's selectors, and
    // Microsoft 365's, whose aliases exist before signing is turned on).
    let alias_names: Vec<&String> = names
        .iter()
        .zip(&answers)
        .enumerate()
        .filter(|(i, (n, a))| match a {
            Answer::Records(_) | Answer::NoData => true,
            Answer::NxDomain => *i < caller || n.starts_with("selector1.") || n.starts_with("selector2."),
            Answer::Failed(_) => false,
        })
        .map(|(_, (n, _))| n)
        .collect();
    let alias_answers = join_all(alias_names.iter().map(|n| resolver.query(n, RecordType::Cname))).await;
    let aliases: BTreeMap<&str, String> = crate::order::map(
        alias_names.iter().zip(&alias_answers).filter_map(|(n, a)| match a.records().first() {
            Some(Record::Cname(target)) => Some((n.as_str(), normalize(target))),
            _ => None,
        }),
    );

    let mut keys = Vec::new();
    let mut not_found = Vec::new();
    // Non-key TXT records, grouped by text: a wildcard answers alike everywhere.
    let mut not_keys: BTreeMap<String, Vec<(&str, &str)>> = BTreeMap::new();
    for ((selector, name), answer) in tried.iter().zip(&names).zip(&answers) {
        if let Some(failure) = answer.failure() {
            let what = format!("selector {selector}");
            findings.push(lookup_failed(name, RecordType::Txt, failure, &what));
            continue;
        }
        let texts = txt_texts(answer);
        let (found, others): (Vec<String>, Vec<String>) = texts.into_iter().partition(|t| is_key(t));
        for other in others.iter().filter(|_| found.is_empty()) {
            not_keys.entry(other.clone()).or_default().push((selector, name));
        }
        let cname = aliases.get(name.as_str()).cloned();
        if found.is_empty() {
            not_found.push(selector.clone());
            if let (Answer::NoData | Answer::NxDomain, Some(target)) = (answer, &cname) {
                findings.push(finding(
                    format!("{name} CNAME"),
                    CheckCode::DkimDanglingCname,
                    &[("name", name), ("target", target), ("selector", selector)],
                ));
            }
            continue;
        }
        let count = found.len();
        for record in found {
            keys.push(key(selector, name, record, cname.clone(), count));
        }
    }
    for (text, places) in not_keys {
        let (first_selector, first_name) = places.first().copied().unwrap_or_default();
        let (name, selector) = if places.len() == 1 {
            (first_name.to_string(), format!("selector {first_selector}"))
        } else {
            let list: Vec<&str> = places.iter().map(|(s, _)| *s).collect();
            (
                format!("{first_name} and {} other selector names", places.len() - 1),
                format!("the selectors {}", list.join(", ")),
            )
        };
        findings.push(util::finding_in(
            format!("{first_name} TXT"),
            text,
            CheckCode::DkimNotAKey,
            &[("name", &name), ("selector", &selector)],
        ));
    }
    if keys.is_empty() {
        let count = not_found.len().to_string();
        findings.push(finding(
            format!("_domainkey.{domain}"),
            CheckCode::DkimNoneFound,
            &[("count", &count), ("domain", &domain)],
        ));
    }
    crate::order::sort_by_key(&mut findings, |f| f.diagnostic.severity);
    DkimCheck { domain, keys, tried, not_found, findings }
}

/// One key record, explained.
fn key(selector: &str, name: &str, record: String, cname: Option<String>, several: usize) -> DkimKey {
    let (parsed, _) = dkim::parse(&record);
    let explanation = explain_as(&record, Some(Kind::Dkim));
    let subject = format!("{name} TXT");
    let mut findings = util::explanation_findings(&subject, &explanation);
    if several > 1 {
        let count = several.to_string();
        findings.push(util::finding_in(
            subject,
            record.clone(),
            CheckCode::DkimSeveral,
            &[("count", &count), ("name", name), ("selector", selector)],
        ));
    }
    crate::order::sort_by_key(&mut findings, |f| f.diagnostic.severity);
    DkimKey {
        selector: selector.to_string(),
        name: name.to_string(),
        cname,
        bits: explanation.key.map(|k| k.bits),
        algorithm: explanation.key.map(|k| k.algorithm.to_string()),
        revoked: parsed.is_revoked(),
        testing: parsed.is_testing(),
        findings,
        record,
    }
}

#[cfg(test)]
mod tests;
