use super::*;
use crate::check::join::block_on;
use crate::dns::{MemoryResolver, Record};

fn run(zone: &MemoryResolver, domain: &str) -> DmarcCheck {
    block_on(check_dmarc(zone, domain))
}

fn codes(check: &DmarcCheck) -> Vec<&'static str> {
    check.findings.iter().map(|f| f.diagnostic.code.as_str()).collect()
}

fn host(zone: &mut MemoryResolver, name: &str) {
    zone.add(name, Record::A("192.0.2.1".parse().unwrap()));
}

#[test]
fn the_domains_own_record_governs_with_p() {
    let mut zone = MemoryResolver::new();
    host(&mut zone, "example.com");
    zone.add_txt("_dmarc.example.com", "v=DMARC1; p=reject; sp=none; rua=mailto:d@example.com");
    let check = run(&zone, "Example.COM.");
    assert_eq!(check.domain, "example.com");
    assert_eq!(check.record.as_deref(), Some("v=DMARC1; p=reject; sp=none; rua=mailto:d@example.com"));
    assert_eq!(check.source_domain.as_deref(), Some("example.com"));
    assert_eq!(check.effective_policy.as_deref(), Some("reject"));
    assert_eq!(check.applies, Some(Applies::Domain));
    assert_eq!(check.org_domain, "example.com");
    assert_eq!(check.queried, ["_dmarc.example.com", "_dmarc.com"]);
    assert_eq!(check.domain_exists, Some(true));
    // The Explain rules ran on the record: sp=none is pointed at.
    let sp =
        check.findings.iter().find(|f| f.diagnostic.code.as_str() == "dmarc-subdomains-unprotected").unwrap();
    assert_eq!(sp.subject, "_dmarc.example.com TXT");
    assert_eq!(sp.diagnostic.span.slice(sp.text.as_deref().unwrap()), "sp=none");
    assert!(check.explanation.is_some());
    assert!(!check.has_errors());
}

#[test]
fn the_walk_finds_the_parent_and_sp_applies_to_an_existing_subdomain() {
    let mut zone = MemoryResolver::new();
    host(&mut zone, "mail.example.com");
    zone.add_txt("_dmarc.example.com", "v=DMARC1; p=reject; sp=quarantine; rua=mailto:d@example.com");
    let check = run(&zone, "mail.example.com");
    assert_eq!(check.source_domain.as_deref(), Some("example.com"));
    assert_eq!(check.effective_policy.as_deref(), Some("quarantine"));
    assert_eq!(check.applies, Some(Applies::Subdomain));
    assert_eq!(check.org_domain, "example.com");
    assert_eq!(check.queried, ["_dmarc.mail.example.com", "_dmarc.example.com", "_dmarc.com"]);
    let inherited = check.findings.iter().find(|f| f.diagnostic.code == CheckCode::DmarcInherited).unwrap();
    assert!(inherited.diagnostic.message.contains("its sp applies"), "{}", inherited.diagnostic.message);
    assert!(inherited.diagnostic.message.contains("quarantine"));
    assert!(!codes(&check).contains(&"check-dmarc-missing"));
}

#[test]
fn np_applies_to_a_subdomain_that_does_not_exist() {
    let mut zone = MemoryResolver::new();
    host(&mut zone, "www.example.com");
    zone.add_txt(
        "_dmarc.example.com",
        "v=DMARC1; p=quarantine; sp=none; np=reject; rua=mailto:d@example.com",
    );
    let made_up = run(&zone, "invented.example.com");
    assert_eq!(made_up.domain_exists, Some(false));
    assert_eq!(made_up.applies, Some(Applies::Nonexistent));
    assert_eq!(made_up.effective_policy.as_deref(), Some("reject"));
    assert!(codes(&made_up).contains(&"check-dmarc-nonexistent"));
    // The same record, for a name that exists: sp.
    let real = run(&zone, "www.example.com");
    assert_eq!(real.applies, Some(Applies::Subdomain));
    assert_eq!(real.effective_policy.as_deref(), Some("none"));
}

#[test]
fn two_records_at_one_name_give_no_policy() {
    let mut zone = MemoryResolver::new();
    host(&mut zone, "example.com");
    zone.add_txt("_dmarc.example.com", "v=DMARC1; p=reject; rua=mailto:d@example.com");
    zone.add_txt("_dmarc.example.com", "v=DMARC1; p=none; rua=mailto:d@example.com");
    let check = run(&zone, "example.com");
    assert_eq!(check.record, None);
    assert_eq!(check.effective_policy, None);
    let several = &check.findings[0];
    assert_eq!(several.diagnostic.code, CheckCode::DmarcSeveral);
    assert_eq!(several.diagnostic.severity, Severity::Error);
    assert!(several.diagnostic.message.contains("example.com has no DMARC policy"));
    assert!(!codes(&check).contains(&"check-dmarc-missing"), "not missing, discarded");
}

#[test]
fn two_records_at_a_subdomain_fall_back_to_the_parent() {
    let mut zone = MemoryResolver::new();
    host(&mut zone, "shop.example.com");
    zone.add_txt("_dmarc.shop.example.com", "v=DMARC1; p=reject");
    zone.add_txt("_dmarc.shop.example.com", "v=DMARC1; p=quarantine");
    zone.add_txt("_dmarc.example.com", "v=DMARC1; p=none; rua=mailto:d@example.com");
    let check = run(&zone, "shop.example.com");
    assert_eq!(check.source_domain.as_deref(), Some("example.com"));
    assert_eq!(check.effective_policy.as_deref(), Some("none"));
    let several = check.findings.iter().find(|f| f.diagnostic.code == CheckCode::DmarcSeveral).unwrap();
    assert!(several.diagnostic.message.contains("judged by the record at _dmarc.example.com"));
}

#[test]
fn other_txt_records_at_dmarc_are_ignored_with_a_note() {
    let mut zone = MemoryResolver::new();
    host(&mut zone, "example.com");
    zone.add_txt("_dmarc.example.com", "google-site-verification=abc123");
    zone.add_txt("_dmarc.example.com", "v=DMARC1; p=quarantine; rua=mailto:d@example.com");
    let check = run(&zone, "example.com");
    assert_eq!(check.effective_policy.as_deref(), Some("quarantine"));
    let note = check.findings.iter().find(|f| f.diagnostic.code == CheckCode::DmarcOtherTxt).unwrap();
    assert_eq!(note.diagnostic.severity, Severity::Info);
    assert_eq!(note.text.as_deref(), Some("google-site-verification=abc123"));

    // Only the other record: the domain has no DMARC record.
    let mut zone = MemoryResolver::new();
    host(&mut zone, "example.com");
    zone.add_txt("_dmarc.example.com", "v=dmarc1; p=reject");
    let check = run(&zone, "example.com");
    assert_eq!(check.record, None);
    let found = codes(&check);
    assert!(found.contains(&"check-dmarc-missing") && found.contains(&"check-dmarc-other-txt"), "{found:?}");
    // It looks like DMARC, so the Explain rules say why it does not count.
    assert!(
        found.contains(&"dmarc-version-invalid") || found.contains(&"dmarc-version-missing"),
        "{found:?}"
    );
}

#[test]
fn a_dmarc_record_at_the_apex_is_a_warning() {
    let mut zone = MemoryResolver::new();
    zone.add_txt("example.com", "v=spf1 -all");
    zone.add_txt("example.com", "v=DMARC1; p=reject");
    let check = run(&zone, "example.com");
    let apex = check.findings.iter().find(|f| f.diagnostic.code == CheckCode::DmarcAtApex).unwrap();
    assert_eq!(apex.diagnostic.severity, Severity::Warning);
    assert_eq!(apex.subject, "example.com TXT");
    assert_eq!(apex.text.as_deref(), Some("v=DMARC1; p=reject"));
    assert!(codes(&check).contains(&"check-dmarc-missing"));
}

#[test]
fn a_failed_lookup_is_not_a_missing_record() {
    let mut zone = MemoryResolver::new();
    host(&mut zone, "example.com");
    zone.add_timeout("_dmarc.example.com", RecordType::Txt);
    // A parent record must not be taken for the policy either.
    zone.add_txt("_dmarc.com", "v=DMARC1; p=reject; psd=y");
    let check = run(&zone, "example.com");
    assert_eq!(codes(&check), ["check-dmarc-lookup-failed"]);
    assert_eq!(check.findings[0].diagnostic.severity, Severity::Warning);
    assert!(check.findings[0].diagnostic.message.contains("timed out"));
    assert_eq!((check.record, check.effective_policy, check.applies), (None, None, None));
}

#[test]
fn a_failure_up_the_tree_is_reported_and_nothing_is_called_missing() {
    let mut zone = MemoryResolver::new();
    host(&mut zone, "sub.example.com");
    zone.add_timeout("_dmarc.example.com", RecordType::Txt);
    let check = run(&zone, "sub.example.com");
    let found = codes(&check);
    assert!(found.contains(&"dns-timeout"), "{found:?}");
    assert!(!found.contains(&"check-dmarc-missing"), "{found:?}");
}

#[test]
fn a_public_suffix_record_governs_when_the_organization_has_none() {
    let mut zone = MemoryResolver::new();
    host(&mut zone, "shop.example");
    zone.add_txt("_dmarc.example", "v=DMARC1; p=reject; psd=y; rua=mailto:psd@registry.example");
    let check = run(&zone, "shop.example");
    assert_eq!(check.org_domain, "shop.example");
    assert_eq!(check.source_domain.as_deref(), Some("example"));
    assert!(check.psd);
    assert_eq!(check.effective_policy.as_deref(), Some("reject"));
    assert!(codes(&check).contains(&"check-dmarc-psd-policy"));
}

#[test]
fn the_walk_stops_at_psd_n_and_that_name_is_the_organizational_domain() {
    let mut zone = MemoryResolver::new();
    host(&mut zone, "a.dept.example.com");
    zone.add_txt("_dmarc.dept.example.com", "v=DMARC1; p=quarantine; psd=n; rua=mailto:d@example.com");
    zone.add_txt("_dmarc.example.com", "v=DMARC1; p=none; rua=mailto:d@example.com");
    let check = run(&zone, "a.dept.example.com");
    assert_eq!(check.queried, ["_dmarc.a.dept.example.com", "_dmarc.dept.example.com"]);
    assert_eq!(check.org_domain, "dept.example.com");
    assert_eq!(check.source_domain.as_deref(), Some("dept.example.com"));
    assert_eq!(check.effective_policy.as_deref(), Some("quarantine"));
}

#[test]
fn an_intermediate_record_loses_to_the_shortest_one() {
    // RFC 9989 §4.10.2: with records at mail.example.com and example.com
    // and no psd tags, example.com is the organizational domain.
    let mut zone = MemoryResolver::new();
    host(&mut zone, "a.mail.example.com");
    zone.add_txt("_dmarc.mail.example.com", "v=DMARC1; p=none; rua=mailto:d@example.com");
    zone.add_txt("_dmarc.example.com", "v=DMARC1; p=reject; rua=mailto:d@example.com");
    let check = run(&zone, "a.mail.example.com");
    assert_eq!(check.org_domain, "example.com");
    assert_eq!(check.source_domain.as_deref(), Some("example.com"));
    let org = block_on(org_domain(&zone, "a.mail.example.com"));
    assert_eq!(org.org_domain, "example.com");
    assert!(org.complete);
}

#[test]
fn long_names_jump_to_seven_labels_and_say_what_is_skipped() {
    let mut zone = MemoryResolver::new();
    let domain = "a.b.c.d.e.f.g.mail.example.com";
    host(&mut zone, domain);
    zone.add_txt("_dmarc.c.d.e.f.g.mail.example.com", "v=DMARC1; p=none; rua=mailto:d@example.com");
    zone.add_txt("_dmarc.example.com", "v=DMARC1; p=reject; rua=mailto:d@example.com");
    let check = run(&zone, domain);
    assert_eq!(
        check.queried,
        [
            "_dmarc.a.b.c.d.e.f.g.mail.example.com",
            "_dmarc.d.e.f.g.mail.example.com",
            "_dmarc.e.f.g.mail.example.com",
            "_dmarc.f.g.mail.example.com",
            "_dmarc.g.mail.example.com",
            "_dmarc.mail.example.com",
            "_dmarc.example.com",
            "_dmarc.com",
        ]
    );
    assert_eq!(check.source_domain.as_deref(), Some("example.com"));
    let long = check.findings.iter().find(|f| f.diagnostic.code == CheckCode::DmarcLongName).unwrap();
    assert!(long.diagnostic.message.contains("b.c.d.e.f.g.mail.example.com, c.d.e.f.g.mail.example.com"));
}

#[test]
fn testing_mode_lowers_the_policy_one_level() {
    let mut zone = MemoryResolver::new();
    host(&mut zone, "example.com");
    zone.add_txt("_dmarc.example.com", "v=DMARC1; p=reject; t=y; rua=mailto:d@example.com");
    let check = run(&zone, "example.com");
    assert!(check.testing);
    assert_eq!(check.effective_policy.as_deref(), Some("quarantine"));
}

#[test]
fn an_invalid_name_is_not_looked_up() {
    let zone = MemoryResolver::new();
    let check = run(&zone, "exa mple.com");
    assert_eq!(codes(&check), ["check-domain-invalid"]);
    assert!(check.queried.is_empty());
}

#[test]
fn walk_names_follow_the_label_count_shortcut() {
    assert_eq!(walk_names("example.com"), ["example.com", "com"]);
    assert_eq!(walk_names("com"), ["com"]);
    let eight = "a.b.c.d.e.f.example.com";
    assert_eq!(walk_names(eight).len(), 8);
    assert_eq!(walk_names(eight)[1], "b.c.d.e.f.example.com");
}
