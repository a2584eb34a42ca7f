//! The live check over the fixture zones in `tests/zones/`, in memory: what
//! a user sees for each scenario domain, and that no query is asked twice.

use dmarc_lens::check::domain::{run, DomainReport, Options};
use dmarc_lens::check::join::block_on;
use dmarc_lens::check::resolver::CheckResolver;
use dmarc_lens::dns::zone::{self, Zone};

fn zones() -> Zone {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/zones");
    let mut texts = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("tests/zones") {
        let path = entry.expect("entry").path();
        texts.push(std::fs::read_to_string(&path).expect("zone text"));
    }
    zone::parse_all(texts.iter().map(String::as_str)).expect("the fixture zones parse")
}

fn check(domain: &str) -> (DomainReport, serde_json::Value) {
    let zone = zones();
    let resolver = CheckResolver::new(&zone.resolver);
    let options = Options { domain: domain.to_string(), ..Options::default() };
    let mut parts = 0;
    let report = block_on(run(&resolver, &options, |_| parts += 1));
    assert_eq!(parts, 5, "every part is handed over once");
    let queries = resolver.queries();
    let mut distinct: Vec<_> = queries.iter().map(|q| (q.name.clone(), q.record_type)).collect();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), queries.len(), "no name and type asked twice");
    let json = serde_json::to_value(&report).expect("serialises");
    (report, json)
}

fn codes(json: &serde_json::Value) -> Vec<String> {
    json["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| d["code"].as_str().unwrap_or("").to_string())
        .collect()
}

fn has(json: &serde_json::Value, code: &str) -> bool {
    codes(json).iter().any(|c| c == code)
}

#[test]
fn a_healthy_domain_is_good_with_every_part_found() {
    let (_, json) = check("healthy.test");
    assert_eq!(json["status"], "good", "{}", json["reason"]);
    assert_eq!(json["dmarc"]["effective_policy"], "reject");
    assert_eq!(json["dmarc"]["source_domain"], "healthy.test");
    assert!(json["spf"]["record"]
        .as_str()
        .unwrap_or("")
        .starts_with("v=spf1 include:_spf.mail.healthy.test"));
    assert_eq!(json["spf"]["lookups"], 1);
    let keys: Vec<(String, u64)> = json["dkim"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| (k["selector"].as_str().unwrap().to_string(), k["bits"].as_u64().unwrap()))
        .collect();
    assert_eq!(keys, [("google".to_string(), 2048), ("selector1".to_string(), 2048)]);
    assert_eq!(json["mx"].as_array().unwrap().len(), 2);
    assert_eq!(json["report_auth"][0]["authorized"], true);
    assert!(json["bimi"]["record"].is_string() && json["mta_sts"]["record"].is_string());
    assert!(json["tls_rpt"]["record"].is_string());
    // Errors come first in the list of diagnostics.
    let severities: Vec<&str> =
        json["diagnostics"].as_array().unwrap().iter().map(|d| d["severity"].as_str().unwrap()).collect();
    let rank = |s: &str| ["error", "warning", "info"].iter().position(|x| *x == s);
    assert!(severities.windows(2).all(|w| rank(w[0]) <= rank(w[1])), "{severities:?}");
}

#[test]
fn an_spf_tree_over_budget_is_at_risk_with_the_term_that_crosses_the_limit() {
    let (_, json) = check("overbudget.test");
    assert_eq!(json["status"], "at-risk");
    assert_eq!(json["spf"]["lookups"], 14);
    assert!(has(&json, "check-spf-lookup-limit") && has(&json, "check-spf-include-nxdomain"));
    assert_eq!(json["diagnostics"][0]["severity"], "error");
    assert!(json["actions"][0]["text"].is_string());
}

#[test]
fn a_subdomain_without_its_own_record_finds_the_parent_by_the_tree_walk() {
    let (_, json) = check("a.b.c.treewalk.test");
    assert_eq!(json["dmarc"]["source_domain"], "treewalk.test");
    assert_eq!(json["dmarc"]["effective_policy"], "quarantine", "sp applies to a subdomain");
    assert!(has(&json, "check-dmarc-inherited"));
}

#[test]
fn an_external_report_address_without_authorization_is_flagged() {
    let (_, json) = check("unauth.test");
    let auth: Vec<(String, bool)> = json["report_auth"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| (a["uri"].as_str().unwrap().to_string(), a["authorized"].as_bool().unwrap()))
        .collect();
    assert_eq!(
        auth,
        [
            ("mailto:reports@collector.test".to_string(), false),
            ("mailto:agg@authorized.test".to_string(), true)
        ]
    );
    assert!(has(&json, "check-report-auth-missing"));
    assert_eq!(json["status"], "needs-attention");
}

#[test]
fn a_weak_dkim_key_is_reported_with_its_size() {
    let zone = zones();
    let resolver = CheckResolver::new(&zone.resolver);
    let options = Options { domain: "weakdkim.test".into(), selectors: vec!["old".into()], ip: None };
    let report = block_on(run(&resolver, &options, |_| {}));
    let json = serde_json::to_value(&report).unwrap();
    assert!(has(&json, "dkim-rsa-weak"));
    let s1 = json["dkim"].as_array().unwrap().iter().find(|k| k["selector"] == "s1").expect("s1 found");
    assert_eq!(s1["bits"], 1024);
    let old = json["dkim"].as_array().unwrap().iter().find(|k| k["selector"] == "old").expect("old found");
    assert_eq!(old["revoked"], true);
}

#[test]
fn a_servfail_at_dmarc_is_unknown_not_missing() {
    let (_, json) = check("servfail.test");
    assert!(json["dmarc"]["record"].is_null());
    assert!(has(&json, "check-dmarc-lookup-failed"));
    assert!(!has(&json, "check-dmarc-missing"), "a failed lookup is not proof of no record");
}

#[test]
fn a_parked_domain_with_null_mx_null_spf_and_reject_is_good() {
    let (_, json) = check("nullmx.test");
    assert_eq!(json["null_mx"], true);
    assert_eq!(json["spf"]["record"], "v=spf1 -all");
    assert_eq!(json["status"], "good", "{}", json["reason"]);
}

#[test]
fn check_host_for_an_address_says_which_term_matched() {
    let zone = zones();
    let resolver = CheckResolver::new(&zone.resolver);
    let ip = Some("192.0.2.50".parse().unwrap());
    let options = Options { domain: "servfail.test".into(), selectors: Vec::new(), ip };
    let report = block_on(run(&resolver, &options, |_| {}));
    let verdict = report.spf.result_for_ip.expect("a verdict for the address");
    let json = serde_json::to_value(&verdict).unwrap();
    assert_eq!(json["result"], "pass");
    assert_eq!(json["matched"], "ip4:192.0.2.50/31");
}
