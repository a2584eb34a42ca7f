//! The DKIM record formatter: a pasted public key as the TXT record at
//! `<selector>._domainkey.<domain>` (RFC 6376 §3.6.2.1), with its size.
//!
//! The key may be pasted as PEM (`-----BEGIN PUBLIC KEY-----`, or
//! `RSA PUBLIC KEY` for PKCS#1), as its base64 alone, or as the record a
//! provider gives (`v=DKIM1; k=rsa; p=...`, bare, quoted in several strings
//! or as a zone-file line). The record is checked with the same rules as a
//! pasted DKIM record; one with errors is not given. An Ed25519 key in PEM
//! is unwrapped to the 32 raw bytes RFC 8463 publishes. A 2048-bit key does
//! not fit one 255-byte string: the [`output`](super::output) formats
//! split it.
//!
//! ```
//! use dmarc_lens::plan::dkim::format;
//! let key = "MCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=";
//! let f = format("s2026", "example.com", key);
//! let record = f.record.unwrap();
//! assert_eq!(record.name, "s2026._domainkey.example.com");
//! assert_eq!(record.value, "v=DKIM1; k=ed25519; p=Gb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=");
//! assert_eq!(f.key.unwrap().bits, 256);
//! ```

use serde::Serialize;

use crate::catalogue::PlanCode;
use crate::check::Finding;
use crate::diag::{Diagnostic, Severity, Span};
use crate::input;
use crate::record::dkim::{self, KeyForm, KeyInfo};
use crate::record::Kind;

use super::{DnsRecord, TTL_STABLE};

/// The formatted record, or why there is none.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DkimFormatted {
    /// The record to publish; `None` when the key cannot be used.
    pub record: Option<DnsRecord>,
    /// The key's algorithm and size, when it decodes.
    pub key: Option<KeyInfo>,
    /// What is wrong or worth knowing, with spans into the text each names.
    pub diagnostics: Vec<Finding>,
}

impl DkimFormatted {
    /// Whether any finding is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(|f| f.diagnostic.severity == Severity::Error)
    }
}

/// Letters, digits and hyphens, dot-separated (RFC 6376 §3.1: a selector is
/// `sub-domain *( "." sub-domain )`).
fn selector_problem(selector: &str) -> Option<&'static str> {
    if selector.is_empty() {
        return Some("it is empty");
    }
    for label in selector.split('.') {
        if label.is_empty() {
            return Some("it has an empty label (two dots, or a dot at an end)");
        }
        if label.len() > 63 {
            return Some("a label is longer than 63 characters");
        }
        if !label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
            return Some("only letters, digits and hyphens are allowed");
        }
        if label.starts_with('-') || label.ends_with('-') {
            return Some("a label starts or ends with a hyphen");
        }
    }
    None
}

/// Standard base64 with padding (RFC 4648 §4).
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let sextet = |n: u32| char::from(ALPHABET[(n & 63) as usize]);
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = |i: usize| u32::from(chunk.get(i).copied().unwrap_or(0));
        let n = (b(0) << 16) | (b(1) << 8) | b(2);
        out.push(sextet(n >> 18));
        out.push(sextet(n >> 12));
        out.push(if chunk.len() > 1 { sextet(n >> 6) } else { '=' });
        out.push(if chunk.len() > 2 { sextet(n) } else { '=' });
    }
    out
}

/// How the key was pasted.
enum Pasted {
    /// The base64 of a key (from PEM or bare), and the PEM type if any.
    Base64(String),
    /// A provider's record: its joined value and where its bytes came from.
    Record(input::Pasted),
}

fn read(text: &str) -> Result<Pasted, Diagnostic> {
    let unreadable =
        |span: Span, why: &str| Diagnostic::new(PlanCode::DkimKeyUnreadable, span, &[("why", why)]);
    let whole = Span::new(0, text.len());
    if text.trim().is_empty() {
        return Err(unreadable(whole, "nothing was pasted"));
    }
    if let Some(at) = text.find("PRIVATE KEY") {
        let line_start = text.get(..at).and_then(|t| t.rfind('\n')).map_or(0, |i| i + 1);
        let line_end = text.get(at..).and_then(|t| t.find('\n')).map_or(text.len(), |i| at + i);
        return Err(Diagnostic::new(PlanCode::DkimPrivateKey, Span::new(line_start, line_end), &[]));
    }
    if let Some(begin) = text.find("-----BEGIN ") {
        let after = begin + "-----BEGIN ".len();
        let Some(label_end) = text.get(after..).and_then(|t| t.find("-----")).map(|i| after + i) else {
            return Err(unreadable(
                Span::new(begin, text.len()),
                "the PEM BEGIN line is not closed with -----",
            ));
        };
        let label = text.get(after..label_end).unwrap_or("");
        if label != "PUBLIC KEY" && label != "RSA PUBLIC KEY" {
            let why = format!("the PEM block is a {label}, not a PUBLIC KEY");
            return Err(unreadable(Span::new(begin, label_end + 5), &why));
        }
        let body_start = label_end + 5;
        let Some(end) = text.get(body_start..).and_then(|t| t.find("-----END")).map(|i| body_start + i)
        else {
            return Err(unreadable(Span::new(begin, text.len()), "the PEM block has no -----END line"));
        };
        let body: String =
            text.get(body_start..end).unwrap_or("").chars().filter(|c| !c.is_whitespace()).collect();
        if body.is_empty() {
            return Err(unreadable(Span::new(begin, end), "the PEM block is empty"));
        }
        return Ok(Pasted::Base64(body));
    }
    let records = input::split(text);
    if let Some(first) = records.first() {
        let is_tag = |part: &str| {
            let part = part.trim_start().to_ascii_lowercase();
            ["v=", "k=", "p=", "h=", "t=", "s=", "n="].iter().any(|t| part.starts_with(t))
        };
        if first.value.split(';').any(is_tag) {
            return Ok(Pasted::Record(first.clone()));
        }
    }
    // Base64 alone: whitespace and the quotes of split strings dropped.
    let bare: String = text.chars().filter(|c| !c.is_whitespace() && *c != '"').collect();
    Ok(Pasted::Base64(bare))
}

/// Formats the key pasted as `text` as the record of `selector` at `domain`.
pub fn format(selector: &str, domain: &str, text: &str) -> DkimFormatted {
    let mut diagnostics = Vec::new();
    let selector = selector.trim();
    if let Some(why) = selector_problem(selector) {
        let d = Diagnostic::new(
            PlanCode::DkimSelectorInvalid,
            Span::new(0, selector.len()),
            &[("selector", selector), ("why", why)],
        );
        diagnostics.push(Finding::in_text("selector", selector, d));
    }
    let domain = super::rollout::check_domain(domain, &mut diagnostics);
    let (value, map) = match read(text) {
        Err(d) => {
            diagnostics.push(Finding::in_text("key", text, d));
            return DkimFormatted { record: None, key: None, diagnostics };
        }
        Ok(Pasted::Record(pasted)) => (pasted.value.clone(), Some(pasted)),
        Ok(Pasted::Base64(key)) => {
            let rsa = format!("v=DKIM1; k=rsa; p={key}");
            let (record, _) = dkim::parse(&rsa);
            match (record.key_form, record.key_bytes.as_deref()) {
                // PEM wraps an Ed25519 key in a SubjectPublicKeyInfo; RFC 8463
                // publishes the 32 raw bytes, which end the structure.
                (Some(KeyForm::Ed25519Spki), Some(bytes)) => {
                    let raw = bytes.get(bytes.len().saturating_sub(32)..).unwrap_or(bytes);
                    (format!("v=DKIM1; k=ed25519; p={}", base64(raw)), None)
                }
                (Some(KeyForm::Ed25519), _) => (format!("v=DKIM1; k=ed25519; p={key}"), None),
                _ => (rsa, None),
            }
        }
    };
    let (record, found) = dkim::parse(&value);
    let key = dkim::key_info(&record);
    // Spans into the pasted record when it was one, else into the value built.
    let (subject, shown) = match &map {
        Some(_) => ("key", text.to_string()),
        None => ("DKIM key record", value.clone()),
    };
    let errors = found.iter().filter(|d| d.severity == Severity::Error).count();
    for mut d in found.into_iter().filter(|d| d.severity != Severity::Info) {
        if let Some(pasted) = &map {
            d.span = pasted.map.map(d.span);
        }
        diagnostics.push(Finding::in_text(subject, shown.as_str(), d));
    }
    if errors > 0 {
        let count = errors.to_string();
        let d = Diagnostic::new(PlanCode::DkimRecordErrors, Span::at(0), &[("count", &count)]);
        diagnostics.push(Finding::about(subject, d));
    }
    let usable = errors == 0 && selector_problem(selector).is_none();
    let record = match (usable, domain) {
        (true, Some(domain)) => {
            Some(DnsRecord::txt(format!("{selector}._domainkey.{domain}"), TTL_STABLE, value, Kind::Dkim))
        }
        _ => None,
    };
    DkimFormatted { record, key, diagnostics }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(f: &DkimFormatted) -> Vec<&'static str> {
        f.diagnostics.iter().map(|d| d.diagnostic.code.as_str()).collect()
    }

    #[test]
    fn base64_pads() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }

    #[test]
    fn an_ed25519_pem_key_is_published_raw() {
        let pem = "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=\n-----END PUBLIC KEY-----\n";
        let f = format("ed", "example.com", pem);
        assert_eq!(
            f.record.as_ref().map(|r| r.value.as_str()),
            Some("v=DKIM1; k=ed25519; p=Gb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=")
        );
        assert!(f.diagnostics.is_empty(), "{:?}", codes(&f));
    }

    #[test]
    fn selectors_are_checked() {
        assert_eq!(selector_problem("s1.2026"), None);
        assert!(selector_problem("s_1").is_some());
        assert!(selector_problem("a..b").is_some());
        assert!(selector_problem("-a").is_some());
        let f = format(
            "bad selector",
            "example.com",
            "MCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=",
        );
        assert!(f.record.is_none());
        assert_eq!(codes(&f), ["plan-dkim-selector-invalid"]);
    }

    #[test]
    fn private_keys_and_other_pem_are_refused() {
        let private = "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIA==\n-----END PRIVATE KEY-----\n";
        let f = format("s1", "example.com", private);
        assert_eq!(codes(&f), ["plan-dkim-private-key"]);
        assert_eq!(f.diagnostics[0].diagnostic.span.slice(private), "-----BEGIN PRIVATE KEY-----");
        let cert = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----";
        assert!(format("s1", "example.com", cert).diagnostics[0].diagnostic.message.contains("CERTIFICATE"));
        let open = "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA";
        assert!(format("s1", "example.com", open).diagnostics[0].diagnostic.message.contains("no -----END"));
        assert_eq!(codes(&format("s1", "example.com", "  \n")), ["plan-dkim-key-unreadable"]);
    }

    #[test]
    fn garbage_gives_the_key_rules_and_no_record() {
        let f = format("s1", "example.com", "not*base64");
        assert!(f.record.is_none());
        assert!(codes(&f).contains(&"dkim-key-base64"), "{:?}", codes(&f));
        assert!(codes(&f).contains(&"plan-dkim-record-errors"));
    }
}
