//! The rollout picture from real reports: totals, classification, dedupe,
//! readiness and new sources.

use dmarc_lens::report::aggregate::read;
use dmarc_lens::report::summary::{known_sender, Added, SourceClass, Summary};

fn corpus(path: &str) -> Vec<u8> {
    let full = format!("{}/../shared/corpora/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&full).unwrap_or_else(|e| panic!("{full}: {e}"))
}

fn report(xml: &str) -> dmarc_lens::report::aggregate::AggregateReport {
    read(xml.as_bytes()).expect("a readable report").0
}

/// A small report: `rows` are (ip, count, dkim, spf, auth dkim domain, auth spf domain).
fn synthetic(id: &str, begin: u64, p: &str, rows: &[(&str, u64, &str, &str, &str, &str)]) -> String {
    let records: String = rows
        .iter()
        .map(|(ip, count, dkim, spf, dkim_domain, spf_domain)| {
            format!(
                "<record><row><source_ip>{ip}</source_ip><count>{count}</count><policy_evaluated>\
                 <disposition>none</disposition><dkim>{dkim}</dkim><spf>{spf}</spf></policy_evaluated></row>\
                 <identifiers><header_from>example.com</header_from></identifiers><auth_results>\
                 <dkim><domain>{dkim_domain}</domain><selector>s1</selector><result>pass</result></dkim>\
                 <spf><domain>{spf_domain}</domain><result>pass</result></spf></auth_results></record>"
            )
        })
        .collect();
    format!(
        "<feedback><report_metadata><org_name>rcv.example</org_name><email>d@rcv.example</email>\
         <report_id>{id}</report_id><date_range><begin>{begin}</begin><end>{}</end></date_range></report_metadata>\
         <policy_published><domain>example.com</domain><p>{p}</p></policy_published>{records}</feedback>",
        begin + 86_399
    )
}

const DAY: u64 = 86_400;
const T0: u64 = 1_700_000_000 - 1_700_000_000 % DAY;

#[test]
fn totals_and_classes_from_a_real_google_report() {
    let (r, _) =
        read(&corpus("cry-inc-dmarc-report-viewer/testdata/dmarc-reports/google.xml")).expect("readable");
    let mut s = Summary::new();
    s.file_read();
    assert_eq!(s.add(&r), Added::Counted);
    let v = s.view();
    assert_eq!(v.totals.messages, r.message_count());
    assert_eq!(v.totals.dmarc_pass + v.totals.dmarc_fail, v.totals.messages);
    assert_eq!(v.coverage.reports, 1);
    assert!(!v.sources.is_empty());
    for source in &v.sources {
        assert!(!source.reason.is_empty());
    }
    // Sources come by volume.
    assert!(v.sources.windows(2).all(|w| w[0].messages >= w[1].messages));
}

#[test]
fn the_same_report_twice_is_counted_once() {
    let xml = synthetic("r1", T0, "none", &[("192.0.2.1", 10, "pass", "pass", "example.com", "example.com")]);
    let mut s = Summary::new();
    assert_eq!(s.add(&report(&xml)), Added::Counted);
    assert_eq!(s.add(&report(&xml)), Added::Duplicate);
    let v = s.view();
    assert_eq!((v.coverage.reports, v.coverage.duplicates, v.totals.messages), (1, 1, 10));
}

#[test]
fn three_buckets_with_their_reasons() {
    let xml = synthetic(
        "r1",
        T0,
        "none",
        &[
            ("192.0.2.1", 900, "pass", "pass", "example.com", "example.com"),
            ("198.51.100.7", 80, "fail", "fail", "sendgrid.net", "bounces.sendgrid.net"),
            ("203.0.113.9", 20, "fail", "fail", "spoof.example", "other.example"),
        ],
    );
    // The third source's DKIM pass is for an unrelated domain too; make it
    // fail everything by using a report without passes for it.
    let failing = synthetic("r2", T0, "none", &[("203.0.113.50", 5, "fail", "fail", "", "")])
        .replace("<result>pass</result>", "<result>fail</result>");
    let mut s = Summary::new();
    s.add(&report(&xml));
    s.add(&report(&failing));
    let v = s.view();
    let class =
        |ip: &str| v.sources.iter().find(|x| x.ip == ip).map(|x| (x.class, x.reason.clone())).unwrap();
    assert_eq!(class("192.0.2.1").0, SourceClass::Aligned);
    let (c, why) = class("198.51.100.7");
    assert_eq!(c, SourceClass::Unaligned);
    assert!(why.starts_with("SendGrid: authenticated but not aligned."), "{why}");
    assert!(why.contains("sign with d=example.com") && why.contains("custom MAIL FROM"), "{why}");
    assert_eq!(class("203.0.113.50").0, SourceClass::Failing);
    assert_eq!(v.totals.unaligned_pass, 100);

    // Readiness: 900 of 1000 legitimate messages aligned is under 95%, and
    // one day of data is under two weeks; SendGrid blocks.
    let r = &v.readiness;
    assert_eq!(r.current_policy.as_deref(), Some("none"));
    assert_eq!(r.next_step.as_deref(), Some("p=quarantine"));
    assert!(!r.ready);
    assert!((r.compliance - 0.9).abs() < 1e-9, "{}", r.compliance);
    assert_eq!(r.blocking.len(), 2, "{:?}", r.blocking);
    assert!(r.to_fix.is_empty());
    assert!(r.blocking[0].starts_with("198.51.100.7 (80 messages): SendGrid"), "{:?}", r.blocking);
}

#[test]
fn two_clean_weeks_are_ready_and_new_sources_are_found() {
    let mut s = Summary::new();
    for day in 0..15 {
        let mut rows = vec![("192.0.2.1", 1000, "pass", "pass", "example.com", "example.com")];
        if day >= 12 {
            rows.push(("192.0.2.77", 3, "pass", "fail", "example.com", "example.com"));
        }
        s.add(&report(&synthetic(&format!("d{day}"), T0 + day * DAY, "quarantine", &rows)));
    }
    let v = s.view();
    assert_eq!(v.coverage.days, 15);
    assert!(v.readiness.ready, "{:?}", v.readiness.criteria);
    assert!(v.readiness.blocking.is_empty());
    assert_eq!(v.readiness.next_step.as_deref(), Some("p=reject"));
    assert_eq!(v.new_sources, vec!["192.0.2.77".to_string()]);
    assert_eq!(v.daily.len(), 15);
    assert_eq!(v.daily[0].day_start, T0);
}

#[test]
fn known_senders_by_suffix() {
    assert_eq!(known_sender("bounces.sendgrid.net"), Some("SendGrid"));
    assert_eq!(known_sender("amazonses.com"), Some("Amazon SES"));
    assert_eq!(known_sender("notsendgrid.net"), None);
}

#[test]
fn a_pass_within_the_own_organization_is_explained_as_strict_alignment() {
    let xml =
        synthetic("r1", T0, "none", &[("192.0.2.9", 4, "fail", "fail", "mail.example.com", "other.example")]);
    let mut s = Summary::new();
    s.add(&report(&xml));
    let v = s.view();
    assert!(v.sources[0].reason.contains("within example.com's own organization"), "{}", v.sources[0].reason);
    assert!(v.sources[0].reason.contains("adkim=s"), "{}", v.sources[0].reason);
}

#[test]
fn a_source_keeps_the_first_sixteen_domains_it_was_seen_with_and_lists_them_in_order() {
    // Twenty DKIM domains, seen from the last to the first: the first
    // sixteen seen (d19 down to d04) are kept and listed alphabetically;
    // the unaligned-pass tally counts only those, the biggest named.
    let rows: Vec<(String, u64)> =
        (0..20).rev().map(|i| (format!("d{i:02}.example"), 1 + i as u64)).collect();
    let rows: Vec<(&str, u64, &str, &str, &str, &str)> =
        rows.iter().map(|(d, n)| ("192.0.2.7", *n, "fail", "fail", d.as_str(), "other.example")).collect();
    let mut s = Summary::new();
    s.add(&report(&synthetic("few", T0, "none", &rows)));
    let v = s.view();
    let source = &v.sources[0];
    let kept: Vec<&str> = source.dkim.iter().map(|(d, _)| d.as_str()).collect();
    let expected: Vec<String> = (4..20).map(|i| format!("d{i:02}.example")).collect();
    assert_eq!(kept, expected.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(source.reason.contains("DKIM passes for d19.example"), "{}", source.reason);
}

#[test]
fn breakdowns_by_from_domain_reporter_and_day_add_up_rows_in_any_order() {
    // From domains alternate between rows, one in capitals and one empty
    // (counted for the policy's domain); two reports from two reporters on
    // two days, and a third with no rows, which adds nobody.
    let row = |from: &str, count: u64, dkim: &str| {
        format!(
            "<record><row><source_ip>192.0.2.1</source_ip><count>{count}</count><policy_evaluated>\
             <disposition>none</disposition><dkim>{dkim}</dkim><spf>fail</spf></policy_evaluated></row>\
             <identifiers><header_from>{from}</header_from></identifiers><auth_results>\
             <spf><domain>example.com</domain><result>fail</result></spf></auth_results></record>"
        )
    };
    let feedback = |org: &str, id: &str, begin: u64, rows: &[String]| {
        format!(
            "<feedback><report_metadata><org_name>{org}</org_name><email>d@rcv.example</email>\
             <report_id>{id}</report_id><date_range><begin>{begin}</begin><end>{}</end></date_range></report_metadata>\
             <policy_published><domain>example.com</domain><p>none</p></policy_published>{}</feedback>",
            begin + 86_399,
            rows.concat()
        )
    };
    let first = [
        row("example.com", 1, "pass"),
        row("news.example.com", 2, "fail"),
        row("EXAMPLE.com", 4, "pass"),
        row("", 8, "fail"),
        row("news.example.com", 16, "pass"),
    ];
    let second = [row("news.example.com", 32, "pass"), row("example.com", 64, "fail")];
    let mut s = Summary::new();
    s.add(&report(&feedback("One", "a", T0, &first)));
    s.add(&report(&feedback("Two", "b", T0 + DAY, &second)));
    s.add(&report(&feedback("Three", "c", T0 + 2 * DAY, &[])));
    let v = s.view();
    let table = |rows: &[dmarc_lens::report::summary::Breakdown]| -> Vec<(String, u64, u64)> {
        rows.iter().map(|b| (b.name.clone(), b.messages, b.dmarc_pass)).collect()
    };
    assert_eq!(
        table(&v.by_header_from),
        vec![
            ("example.com".to_string(), 1 + 4 + 8 + 64, 1 + 4),
            ("news.example.com".to_string(), 2 + 16 + 32, 16 + 32)
        ]
    );
    assert_eq!(table(&v.by_reporter), vec![("One".to_string(), 31, 21), ("Two".to_string(), 96, 32)]);
    let days: Vec<(u64, u64, u64)> =
        v.daily.iter().map(|d| (d.day_start, d.messages, d.dmarc_pass)).collect();
    assert_eq!(days, vec![(T0, 31, 21), (T0 + DAY, 96, 32)]);
}
