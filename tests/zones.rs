//! The fixture zones under `tests/zones/`: every file parses, and each
//! scenario answers what its comments say, through the in-memory resolver
//! the core's tests use (the DoH fixture server answers from the same zones).

use std::net::IpAddr;
use std::path::{Path, PathBuf};

use dmarc_lens::check::join::block_on;
use dmarc_lens::dns::zone::{self, FaultKind, Zone};
use dmarc_lens::dns::{Answer, Failure, Record, RecordType};
use dmarc_lens::record::dkim;
use dmarc_lens::record::spf::{check_host, CheckOptions, SpfOutcome, SpfResult};

fn zone_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/zones")
}

/// Every zone file, by name, sorted.
fn zone_files() -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = std::fs::read_dir(zone_dir())
        .unwrap()
        .map(|entry| {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_str().unwrap().to_string();
            (name, std::fs::read_to_string(&path).unwrap())
        })
        .collect();
    files.sort();
    files
}

/// Every file in one zone.
fn zones() -> Zone {
    let mut all = Zone::default();
    for (name, text) in zone_files() {
        all.extend(zone::parse(&text).unwrap_or_else(|e| panic!("{name}: {e}")));
    }
    all
}

/// The TXT records at `name`, each joined into text.
fn txt(zone: &Zone, name: &str) -> Vec<String> {
    match zone.resolver.lookup(name, RecordType::Txt) {
        Answer::Records(records) => records
            .iter()
            .map(|r| match r {
                Record::Txt(t) => t.text().unwrap(),
                other => panic!("{name}: not TXT: {other:?}"),
            })
            .collect(),
        other => panic!("{name} TXT: {other:?}"),
    }
}

/// The one TXT record at `name`, joined.
fn one_txt(zone: &Zone, name: &str) -> String {
    let mut all = txt(zone, name);
    assert_eq!(all.len(), 1, "{name}: {all:?}");
    all.remove(0)
}

fn spf(zone: &Zone, ip: &str, domain: &str) -> SpfOutcome {
    let ip: IpAddr = ip.parse().unwrap();
    let sender = format!("bounce@{domain}");
    block_on(check_host(&zone.resolver, ip, domain, &sender, &CheckOptions::default()))
}

fn dkim_bits(zone: &Zone, name: &str) -> Option<u32> {
    let (record, _) = dkim::parse(&one_txt(zone, name));
    dkim::key_info(&record).map(|k| k.bits)
}

#[test]
fn every_scenario_has_its_file_and_each_parses_alone() {
    let names: Vec<String> = zone_files().into_iter().map(|(name, _)| name).collect();
    assert_eq!(
        names,
        [
            "deep3.test",
            "faults.test",
            "healthy.test",
            "nullmx.test",
            "overbudget.test",
            "psdtest.test",
            "servfail.test",
            "treewalk.test",
            "unauth.test",
            "weakdkim.test",
        ]
    );
    for (name, text) in zone_files() {
        let zone = zone::parse(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        // The file is about the domain it is named after: its apex exists.
        let apex = zone.resolver.lookup(&name, RecordType::A);
        assert_ne!(apex, Answer::NxDomain, "{name} has nothing at its own name");
    }
}

#[test]
fn healthy_has_every_record_in_order() {
    let zone = zones();
    assert_eq!(
        one_txt(&zone, "_dmarc.healthy.test"),
        "v=DMARC1; p=reject; rua=mailto:dmarc@healthy.test; adkim=s"
    );
    assert_eq!(one_txt(&zone, "healthy.test"), "v=spf1 include:_spf.mail.healthy.test -all");
    assert_eq!(
        one_txt(&zone, "_spf.mail.healthy.test"),
        "v=spf1 ip4:192.0.2.0/24 ip4:198.51.100.0/24 ip6:2001:db8:25::/48 ~all"
    );
    let mx = zone.resolver.lookup("healthy.test", RecordType::Mx);
    assert_eq!(
        mx.records(),
        [
            Record::Mx { preference: 10, exchange: "mx1.healthy.test".into() },
            Record::Mx { preference: 20, exchange: "mx2.healthy.test".into() },
        ]
    );
    for host in ["mx1.healthy.test", "mx2.healthy.test"] {
        assert_eq!(zone.resolver.lookup(host, RecordType::A).records().len(), 1, "{host}");
        assert_eq!(zone.resolver.lookup(host, RecordType::Aaaa).records().len(), 1, "{host}");
    }
    for selector in ["google", "selector1"] {
        let name = format!("{selector}._domainkey.healthy.test");
        assert_eq!(dkim_bits(&zone, &name), Some(2048), "{name}");
        // Too long for one character-string: split, and kept apart.
        let Answer::Records(records) = zone.resolver.lookup(&name, RecordType::Txt) else { panic!() };
        let Record::Txt(key) = &records[0] else { panic!() };
        assert!(key.strings.len() > 1 && key.strings.iter().all(|s| s.len() <= 255), "{name}");
    }
    assert_eq!(
        zone.resolver.lookup("www.healthy.test", RecordType::A).records(),
        [Record::A("192.0.2.80".parse().unwrap())]
    );
    assert_eq!(
        zone.resolver.lookup("www.healthy.test", RecordType::Cname).records(),
        [Record::Cname("healthy.test".into())]
    );
    assert_eq!(one_txt(&zone, "default._bimi.healthy.test"), "v=BIMI1; l=https://healthy.test/logo.svg;");
    assert_eq!(one_txt(&zone, "_mta-sts.healthy.test"), "v=STSv1; id=20260101;");
    assert_eq!(one_txt(&zone, "_smtp._tls.healthy.test"), "v=TLSRPTv1; rua=mailto:tls@healthy.test");
    // Every record reads without an error in the core's own explainers.
    for name in [
        "_dmarc.healthy.test",
        "healthy.test",
        "_spf.mail.healthy.test",
        "google._domainkey.healthy.test",
        "selector1._domainkey.healthy.test",
        "default._bimi.healthy.test",
        "_mta-sts.healthy.test",
        "_smtp._tls.healthy.test",
    ] {
        let explained = dmarc_lens::record::explain(&one_txt(&zone, name));
        assert!(!explained.has_errors(), "{name}: {:?}", explained.diagnostics);
    }
    let outcome = spf(&zone, "192.0.2.25", "healthy.test");
    assert_eq!(outcome.result, SpfResult::Pass);
    assert_eq!(outcome.matched.unwrap().via, ["include:_spf.mail.healthy.test"]);
    assert_eq!(spf(&zone, "203.0.113.9", "healthy.test").result, SpfResult::Fail);
}

#[test]
fn overbudget_needs_more_than_ten_lookups() {
    let zone = zones();
    let outcome = spf(&zone, "192.0.2.200", "overbudget.test");
    assert_eq!(outcome.result, SpfResult::PermError, "{outcome:?}");
    assert_eq!(outcome.lookups, 11, "{outcome:?}");
    assert_eq!(outcome.void_lookups, 0, "{outcome:?}");
    assert_eq!(zone.resolver.lookup("_spf.gone.overbudget.test", RecordType::Txt), Answer::NxDomain);
    let top = one_txt(&zone, "overbudget.test");
    assert_eq!(top.matches("include:").count(), 4, "{top}");
    assert!(top.contains("include:_spf.gone.overbudget.test"), "{top}");
}

#[test]
fn treewalk_publishes_only_at_the_top() {
    let zone = zones();
    for name in ["_dmarc.a.b.c.treewalk.test", "_dmarc.b.c.treewalk.test", "_dmarc.c.treewalk.test"] {
        assert_eq!(zone.resolver.lookup(name, RecordType::Txt), Answer::NxDomain, "{name}");
    }
    assert_eq!(
        one_txt(&zone, "_dmarc.treewalk.test"),
        "v=DMARC1; p=reject; sp=quarantine; rua=mailto:dmarc@treewalk.test"
    );
    assert_eq!(spf(&zone, "192.0.2.31", "a.b.c.treewalk.test").result, SpfResult::Pass);

    for name in ["_dmarc.mail.org.psdtest.test", "_dmarc.org.psdtest.test"] {
        assert_eq!(zone.resolver.lookup(name, RecordType::Txt), Answer::NxDomain, "{name}");
    }
    let psd = one_txt(&zone, "_dmarc.psdtest.test");
    assert!(psd.contains("psd=y"), "{psd}");
    assert!(!dmarc_lens::record::explain(&psd).has_errors());
    assert_eq!(zone.resolver.lookup("mail.org.psdtest.test", RecordType::A).records().len(), 1);
}

#[test]
fn unauth_authorizes_one_report_destination_of_two() {
    let zone = zones();
    let dmarc = one_txt(&zone, "_dmarc.unauth.test");
    assert!(dmarc.contains("rua=mailto:reports@collector.test,mailto:agg@authorized.test"), "{dmarc}");
    assert_eq!(
        zone.resolver.lookup("unauth.test._report._dmarc.collector.test", RecordType::Txt),
        Answer::NxDomain
    );
    assert_eq!(one_txt(&zone, "unauth.test._report._dmarc.authorized.test"), "v=DMARC1");
    // The collector is a real domain, just not an authorizing one.
    assert_eq!(zone.resolver.lookup("collector.test", RecordType::Mx).records().len(), 1);
}

#[test]
fn weakdkim_has_a_short_key_and_a_revoked_one() {
    let zone = zones();
    assert_eq!(dkim_bits(&zone, "s1._domainkey.weakdkim.test"), Some(1024));
    let (_, diagnostics) = dkim::parse(&one_txt(&zone, "s1._domainkey.weakdkim.test"));
    assert!(diagnostics.iter().any(|d| d.code.as_str() == "dkim-rsa-weak"), "{diagnostics:?}");
    assert_eq!(dkim_bits(&zone, "old._domainkey.weakdkim.test"), None);
    let (_, diagnostics) = dkim::parse(&one_txt(&zone, "old._domainkey.weakdkim.test"));
    assert!(diagnostics.iter().any(|d| d.code.as_str() == "dkim-key-revoked"), "{diagnostics:?}");
}

#[test]
fn servfail_fails_dmarc_only() {
    let zone = zones();
    assert_eq!(
        zone.resolver.lookup("_dmarc.servfail.test", RecordType::Txt),
        Answer::Failed(Failure::ServFail)
    );
    assert_eq!(spf(&zone, "192.0.2.51", "servfail.test").result, SpfResult::Pass);
    assert_eq!(spf(&zone, "192.0.2.52", "servfail.test").result, SpfResult::Fail);
}

#[test]
fn deep3_is_three_includes_deep() {
    let zone = zones();
    let outcome = spf(&zone, "203.0.113.200", "deep3.test");
    assert_eq!(outcome.result, SpfResult::Pass);
    assert_eq!(outcome.lookups, 4);
    assert_eq!(
        outcome.matched.unwrap().via,
        ["include:a.deep3.test", "include:b.deep3.test", "include:c2.deep3.test"]
    );
    // Six includes in all, two per level.
    let includes: usize = ["deep3.test", "a.deep3.test", "b.deep3.test"]
        .iter()
        .map(|name| one_txt(&zone, name).matches("include:").count())
        .sum();
    assert_eq!(includes, 6);
    assert_eq!(spf(&zone, "192.0.2.1", "deep3.test").result, SpfResult::Pass);
    assert_eq!(spf(&zone, "192.0.2.100", "deep3.test").result, SpfResult::Fail);
}

#[test]
fn faults_one_name_per_kind() {
    let zone = zones();
    for kind in FaultKind::ALL {
        let name = format!("{kind}.faults.test");
        let fault = zone.fault(&name, RecordType::Txt).unwrap_or_else(|| panic!("{name}"));
        assert_eq!(fault.kind, kind);
        // Other types answer normally.
        assert!(zone.fault(&name, RecordType::A).is_none(), "{name}");
        assert_eq!(zone.resolver.lookup(&name, RecordType::A).records().len(), 1, "{name}");
        let in_memory = zone.resolver.lookup(&name, RecordType::Txt);
        match kind.failure() {
            Some(failure) => assert_eq!(in_memory, Answer::Failed(failure), "{name}"),
            None => assert_eq!(in_memory.records().len(), 1, "{name}"),
        }
    }
    assert_eq!(zone.latency_ms("slow.faults.test"), 200);
    assert_eq!(zone.latency_ms("faults.test"), 0);
    assert_eq!(txt(&zone, "slow.faults.test"), ["v=spf1 -all"]);
    assert_eq!(
        zone.resolver.lookup("timeout.faults.test", RecordType::Txt),
        Answer::Failed(Failure::Timeout)
    );
}

#[test]
fn nullmx_accepts_and_sends_nothing() {
    let zone = zones();
    assert_eq!(
        zone.resolver.lookup("nullmx.test", RecordType::Mx).records(),
        [Record::Mx { preference: 0, exchange: ".".into() }]
    );
    assert_eq!(one_txt(&zone, "nullmx.test"), "v=spf1 -all");
    assert_eq!(spf(&zone, "192.0.2.90", "nullmx.test").result, SpfResult::Fail);
    let dmarc = one_txt(&zone, "_dmarc.nullmx.test");
    assert!(
        dmarc.starts_with("v=DMARC1; p=reject; rua=mailto:") && !dmarc.contains("@nullmx.test"),
        "{dmarc}"
    );
    assert_eq!(one_txt(&zone, "nullmx.test._report._dmarc.parkingco.test"), "v=DMARC1");
}
