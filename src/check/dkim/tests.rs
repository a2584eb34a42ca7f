use super::*;
use crate::check::join::block_on;
use crate::diag::Severity;
use crate::dns::MemoryResolver;

// Test keys (SubjectPublicKeyInfo), as in the record tests.
const K512: &str = "MFwwDQYJKoZIhvcNAQEBBQADSwAwSAJBAJK3KbKJtkWwjOGrq+tlu+l+YvCqWgKnJVEaUp5EF1IjYhfLGjNy3yPwVRyFFa9xXP/lz+4o7T6bm4i1xwl6E3ECAwEAAQ==";
const K1024: &str = "MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDOpDsZoBLzhFGupRZKQKBkiqPT6tj7u6J9q8Do7o3qGCxv9JU1iWcvAyhDQJE4tDP2suJ3Nq8YGJpxLFspgxyCY2S5YacBf7Xxy6890Z8Xsnpi7x6EY8TYsXMYVFF7qIfsfJQ+HUHA/m5VZw6R0FWE4gLeLoVVJxArp3wd4+tB8wIDAQAB";
const K2048: &str = "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAs9coexZEtJfOWkQErA5tBtXX9uJPCebCY+EZDp6yYr3RFxlgh/dXD0NuziWaa6KD8b7J9pzM7mQP434qWXvM9h8rVsfIrHcjfXoaMYyEWCpttxLdj1mk81Gb70rvRnSHTJeyIysj1lyfMiauLoal3WuZfVFddzHgv19BNnrg1l9fgzmCATnM0d+WljbfpgJz8sKBVraAP+CShhhWnI7a+lYPz1L725zNqf8hT2SCbA7bJPwfxMXXOUaPzG83/nKZiHQSAd975qJVpGnyTcY1PRfOoYCMug/p7eeMq6EMNqH59WLmULoRSxmHUXJ7eAzurM7bbfx+Ss0RjA9er3MrZwIDAQAB";

fn run(zone: &MemoryResolver, selectors: &[&str]) -> DkimCheck {
    block_on(check_dkim(zone, "example.com", selectors))
}

fn codes(findings: &[Finding]) -> Vec<&'static str> {
    findings.iter().map(|f| f.diagnostic.code.as_str()).collect()
}

#[test]
fn a_strong_key_is_found_with_its_size() {
    let mut zone = MemoryResolver::new();
    zone.add_txt("google._domainkey.example.com", &format!("v=DKIM1; k=rsa; p={K2048}"));
    let check = run(&zone, &[]);
    assert_eq!(check.keys.len(), 1);
    let key = &check.keys[0];
    assert_eq!((key.selector.as_str(), key.name.as_str()), ("google", "google._domainkey.example.com"));
    assert_eq!((key.algorithm.as_deref(), key.bits), (Some("rsa"), Some(2048)));
    assert!(!key.revoked && !key.testing);
    assert!(
        key.findings.iter().all(|f| f.diagnostic.severity == Severity::Info),
        "{:?}",
        codes(&key.findings)
    );
    assert_eq!(check.tried.len(), COMMON_SELECTORS.len());
    assert_eq!(check.not_found.len(), COMMON_SELECTORS.len() - 1);
    assert!(!check.not_found.contains(&"google".to_string()));
    assert!(!codes(&check.findings).contains(&"check-dkim-none-found"));
    assert_eq!(check.usable_keys().count(), 1);
}

#[test]
fn weak_keys_are_flagged_per_rfc_8301() {
    let mut zone = MemoryResolver::new();
    zone.add_txt("s1._domainkey.example.com", &format!("v=DKIM1; p={K1024}"));
    zone.add_txt("s2._domainkey.example.com", &format!("v=DKIM1; p={K512}"));
    let check = run(&zone, &[]);
    let s1 = check.keys.iter().find(|k| k.selector == "s1").unwrap();
    let s2 = check.keys.iter().find(|k| k.selector == "s2").unwrap();
    assert_eq!(s1.bits, Some(1024));
    let weak = s1.findings.iter().find(|f| f.diagnostic.code.as_str() == "dkim-rsa-weak").unwrap();
    assert_eq!(weak.diagnostic.severity, Severity::Warning);
    assert_eq!(weak.subject, "s1._domainkey.example.com TXT");
    assert_eq!(s2.bits, Some(512));
    let short = &s2.findings[0];
    assert_eq!(
        (short.diagnostic.code.as_str(), short.diagnostic.severity),
        ("dkim-rsa-too-short", Severity::Error)
    );
    let usable: Vec<&str> = check.usable_keys().map(|k| k.selector.as_str()).collect();
    assert_eq!(usable, ["s1"]);
}

#[test]
fn revoked_and_testing_keys_say_so() {
    let mut zone = MemoryResolver::new();
    zone.add_txt("k1._domainkey.example.com", "v=DKIM1; k=rsa; p=");
    zone.add_txt("k2._domainkey.example.com", &format!("v=DKIM1; t=y; p={K2048}"));
    let check = run(&zone, &[]);
    let k1 = check.keys.iter().find(|k| k.selector == "k1").unwrap();
    assert!(k1.revoked);
    assert_eq!(k1.bits, None);
    assert!(codes(&k1.findings).contains(&"dkim-key-revoked"));
    let k2 = check.keys.iter().find(|k| k.selector == "k2").unwrap();
    assert!(k2.testing && !k2.revoked);
    assert!(codes(&k2.findings).contains(&"dkim-testing"));
    assert_eq!(check.usable_keys().count(), 1);
}

#[test]
fn the_callers_selectors_are_tried_first_and_cleaned() {
    let mut zone = MemoryResolver::new();
    zone.add_txt("mykey2026._domainkey.example.com", &format!("p={K2048}"));
    let check = run(&zone, &["MyKey2026._domainkey.example.com.", "google", "bad selector!", "mykey2026"]);
    assert_eq!(check.tried[0], "mykey2026");
    assert_eq!(check.tried.iter().filter(|s| *s == "google").count(), 1);
    assert_eq!(check.tried.len(), COMMON_SELECTORS.len() + 1);
    assert_eq!(check.keys[0].selector, "mykey2026");
    let invalid =
        check.findings.iter().find(|f| f.diagnostic.code == CheckCode::DkimSelectorInvalid).unwrap();
    assert!(invalid.diagnostic.message.contains("\"bad selector!\""));
}

#[test]
fn none_found_is_info_and_says_selectors_cannot_be_listed() {
    let zone = MemoryResolver::new();
    let check = run(&zone, &["custom"]);
    assert!(check.keys.is_empty());
    assert_eq!(check.not_found, check.tried);
    assert_eq!(codes(&check.findings), ["check-dkim-none-found"]);
    let none = &check.findings[0];
    assert_eq!(none.diagnostic.severity, Severity::Info);
    assert!(none.diagnostic.message.contains("cannot be listed"));
    assert!(none.diagnostic.message.contains(&format!("{} selectors", COMMON_SELECTORS.len() + 1)));
}

#[test]
fn aliases_are_shown_and_an_alias_to_nowhere_is_a_warning() {
    let mut zone = MemoryResolver::new();
    zone.add(
        "selector1._domainkey.example.com",
        Record::Cname("selector1-example-com._domainkey.t.example.net".into()),
    );
    zone.add_txt("selector1-example-com._domainkey.t.example.net", &format!("v=DKIM1; k=rsa; p={K2048}"));
    zone.add(
        "selector2._domainkey.example.com",
        Record::Cname("selector2-example-com._domainkey.t.example.net".into()),
    );
    let check = run(&zone, &[]);
    assert_eq!(check.keys.len(), 1);
    assert_eq!(check.keys[0].cname.as_deref(), Some("selector1-example-com._domainkey.t.example.net"));
    let dangling = check.findings.iter().find(|f| f.diagnostic.code == CheckCode::DkimDanglingCname).unwrap();
    assert_eq!(dangling.subject, "selector2._domainkey.example.com CNAME");
    assert!(dangling.diagnostic.message.contains("selector2-example-com._domainkey.t.example.net"));
}

#[test]
fn txt_records_that_are_not_keys_do_not_count() {
    let mut zone = MemoryResolver::new();
    for selector in ["default", "mail", "dkim"] {
        zone.add_txt(&format!("{selector}._domainkey.example.com"), "v=spf1 -all");
    }
    let check = run(&zone, &[]);
    assert!(check.keys.is_empty());
    let not_keys: Vec<&Finding> =
        check.findings.iter().filter(|f| f.diagnostic.code == CheckCode::DkimNotAKey).collect();
    assert_eq!(not_keys.len(), 1, "one finding for the same text everywhere");
    assert!(not_keys[0].diagnostic.message.contains("the selectors default, dkim, mail"));
    assert!(codes(&check.findings).contains(&"check-dkim-none-found"));
}

#[test]
fn a_failed_probe_is_reported_and_not_counted_as_not_found() {
    let mut zone = MemoryResolver::new();
    zone.add_timeout("google._domainkey.example.com", RecordType::Txt);
    let check = run(&zone, &[]);
    assert!(!check.not_found.contains(&"google".to_string()));
    let failed =
        check.findings.iter().find(|f| f.diagnostic.code == crate::catalogue::DnsCode::Timeout).unwrap();
    assert_eq!(failed.subject, "google._domainkey.example.com TXT");
}
