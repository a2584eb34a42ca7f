use std::cell::RefCell;
use std::collections::HashSet;
use std::future::{poll_fn, Future};
use std::task::Poll;

use super::*;
use crate::check::join::block_on;
use crate::check::resolver::CheckResolver;
use crate::dns::{Answer, MemoryResolver, Record, RecordType};

const K512: &str = "MFwwDQYJKoZIhvcNAQEBBQADSwAwSAJBAJK3KbKJtkWwjOGrq+tlu+l+YvCqWgKnJVEaUp5EF1IjYhfLGjNy3yPwVRyFFa9xXP/lz+4o7T6bm4i1xwl6E3ECAwEAAQ==";
const ED: &str = "11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=";

/// Logs every query it sees, and answers each after a few polls, so
/// queries overlap the way network ones do.
struct Counting {
    inner: MemoryResolver,
    log: RefCell<Vec<(String, RecordType)>>,
}

impl Counting {
    fn new(inner: MemoryResolver) -> Self {
        Counting { inner, log: RefCell::new(Vec::new()) }
    }

    fn duplicates(&self) -> Vec<(String, RecordType)> {
        let mut seen = HashSet::new();
        self.log.borrow().iter().filter(|q| !seen.insert((*q).clone())).cloned().collect()
    }
}

impl Resolver for Counting {
    fn query(&self, name: &str, record_type: RecordType) -> impl Future<Output = Answer> {
        let name = name.trim_end_matches('.').to_ascii_lowercase();
        self.log.borrow_mut().push((name.clone(), record_type));
        let answer = self.inner.lookup(&name, record_type);
        let mut left = 2;
        poll_fn(move |cx| {
            if left == 0 {
                Poll::Ready(answer.clone())
            } else {
                left -= 1;
                cx.waker().wake_by_ref();
                Poll::Pending
            }
        })
    }
}

fn mx(zone: &mut MemoryResolver, domain: &str, preference: u16, exchange: &str) {
    zone.add(domain, Record::Mx { preference, exchange: exchange.into() });
}

/// A domain with everything in place.
fn complete() -> MemoryResolver {
    let mut zone = MemoryResolver::new();
    mx(&mut zone, "example.com", 10, "mx1.example.com");
    zone.add("mx1.example.com", Record::A("192.0.2.10".parse().unwrap()));
    zone.add_txt("example.com", "v=spf1 include:_spf.example.net -all");
    zone.add_txt(
        "_dmarc.example.com",
        "v=DMARC1; p=reject; rua=mailto:dmarc@example.com,mailto:x@reports.example.net",
    );
    zone.add_txt("example.com._report._dmarc.reports.example.net", "v=DMARC1");
    mx(&mut zone, "reports.example.net", 10, "mx.example.net");
    zone.add_txt("google._domainkey.example.com", &format!("v=DKIM1; k=ed25519; p={ED}"));
    zone.add_txt("_mta-sts.example.com", "v=STSv1; id=2026");
    zone.add_txt("_smtp._tls.example.com", "v=TLSRPTv1; rua=mailto:tls@example.com");
    zone
}

fn spf_ok() -> SpfFacts {
    SpfFacts {
        record: Some("v=spf1 include:_spf.example.net -all".into()),
        lookups: 2,
        ..SpfFacts::default()
    }
}

fn codes(summary: &Summary) -> Vec<&'static str> {
    summary.actions.iter().map(|a| a.code.as_str()).collect()
}

#[test]
fn a_whole_check_never_asks_the_same_name_and_type_twice() {
    let counting = Counting::new(complete());
    let resolver = CheckResolver::new(&counting);
    let check = block_on(check_domain(&resolver, "example.com", &["mail2024"], Some(&spf_ok())));
    assert_eq!(counting.duplicates(), Vec::new());
    assert_eq!(counting.log.borrow().len(), resolver.query_count());
    // The parts did run, and share answers: MX and TXT at the domain, the
    // _dmarc names of both walks.
    assert_eq!(check.dmarc.effective_policy.as_deref(), Some("reject"));
    assert_eq!(check.dkim.keys.len(), 1);
    assert_eq!(check.mx.hosts.len(), 1);
    assert!(check.report_auth.iter().all(|r| r.authorized));
    assert_eq!(check.summary.status, Status::Good, "{:?}", check.summary.actions);
    assert!(check.summary.actions.is_empty());
    let json = serde_json::to_value(&check).unwrap();
    assert_eq!(json["summary"]["status"], "good");
    // Without the shared resolver the same parts do repeat names, so the
    // check above is not empty.
    let bare = Counting::new(complete());
    block_on(check_domain(&bare, "example.com", &["mail2024"], Some(&spf_ok())));
    let repeated = bare.duplicates();
    assert!(repeated.contains(&("example.com".to_string(), RecordType::Mx)), "{repeated:?}");
    assert_eq!(json["dmarc"]["source_domain"], "example.com");
}

#[test]
fn each_part_alone_asks_each_name_once() {
    // Across parts some names repeat (that is what CheckResolver is for);
    // within one part none may.
    let dmarc = block_on(check_dmarc(&complete(), "example.com"));
    for part in 0..5 {
        let counting = Counting::new(complete());
        match part {
            0 => drop(block_on(check_dmarc(&counting, "example.com"))),
            1 => drop(block_on(check_report_auth(&counting, &dmarc))),
            2 => drop(block_on(check_dkim(&counting, "example.com", &["google", "extra"]))),
            3 => drop(block_on(check_mx(&counting, "example.com"))),
            _ => drop(block_on(check_policy_records(&counting, "example.com"))),
        }
        assert_eq!(counting.duplicates(), Vec::new(), "part {part}");
        assert!(!counting.log.borrow().is_empty(), "part {part}");
    }
}

#[test]
fn actions_come_errors_first_with_links() {
    let mut zone = MemoryResolver::new();
    mx(&mut zone, "example.com", 10, "gone.example.com");
    zone.add_txt("_dmarc.example.com", "v=DMARC1; p=none; pct=50");
    zone.add_txt("s1._domainkey.example.com", &format!("v=DKIM1; p={K512}"));
    let spf = SpfFacts {
        record: Some("v=spf1 include:a include:b ~all".into()),
        lookups: 12,
        permerror: true,
        ..SpfFacts::default()
    };
    let check = block_on(check_domain(&zone, "example.com", &[] as &[&str], Some(&spf)));
    let summary = &check.summary;
    assert_eq!(summary.status, Status::AtRisk);
    let severities: Vec<Severity> = summary.actions.iter().map(|a| a.severity).collect();
    let first_warning = severities.iter().position(|s| *s == Severity::Warning).unwrap();
    assert!(first_warning > 0);
    assert!(severities[..first_warning].iter().all(|s| *s == Severity::Error), "{:?}", codes(summary));
    assert!(severities[first_warning..].iter().all(|s| *s == Severity::Warning));
    // Errors in part order: SPF (from the facts), then DKIM, then MX.
    let errors: Vec<&str> = codes(summary).into_iter().take(first_warning).collect();
    assert_eq!(errors, ["check-summary-spf-permerror", "dkim-rsa-too-short", "check-mx-host-no-address"]);

    let action = |code: &str| summary.actions.iter().find(|a| a.code.as_str() == code).unwrap();
    let spf_link = action("check-summary-spf-permerror").link.clone().unwrap();
    assert_eq!(spf_link, "#/explain?r=v%3Dspf1%20include%3Aa%20include%3Ab%20~all&k=spf");
    assert!(action("check-summary-spf-permerror").text.contains("12 DNS lookups"));
    let dkim_link = action("dkim-rsa-too-short").link.clone().unwrap();
    assert!(dkim_link.starts_with("#/explain?r=v%3DDKIM1%3B%20p%3DMFww") && dkim_link.ends_with("&k=dkim"));
    assert_eq!(action("check-mx-host-no-address").link, None);
    assert_eq!(
        action("dmarc-rua-missing").link.as_deref(),
        Some("#/explain?r=v%3DDMARC1%3B%20p%3Dnone%3B%20pct%3D50&k=dmarc")
    );
    assert_eq!(action("check-dmarc-monitoring").link.as_deref(), Some("#/build?d=example.com"));
    // The short text is the first sentence.
    assert_eq!(action("dkim-rsa-too-short").text, "This RSA key is 512 bits.");
    // Info findings are not actions.
    assert!(summary.actions.iter().all(|a| a.severity != Severity::Info));
}

#[test]
fn no_dmarc_record_is_at_risk_and_links_to_build() {
    let mut zone = MemoryResolver::new();
    mx(&mut zone, "example.com", 10, "mx1.example.com");
    zone.add("mx1.example.com", Record::A("192.0.2.10".parse().unwrap()));
    let check = block_on(check_domain(&zone, "example.com", &[] as &[&str], Some(&spf_ok())));
    assert_eq!(check.summary.status, Status::AtRisk);
    assert!(check.summary.reason.starts_with("No DMARC policy"));
    let first = &check.summary.actions[0];
    assert_eq!(first.code.as_str(), "check-dmarc-missing");
    assert_eq!(first.link.as_deref(), Some("#/build?d=example.com"));
    // The bulk checklist fails DMARC for all three providers.
    let failed: Vec<&str> = check.bulk.findings.iter().map(|f| f.diagnostic.code.as_str()).collect();
    assert_eq!(failed, ["check-bulk-google", "check-bulk-yahoo", "check-bulk-microsoft"]);
}

#[test]
fn a_parked_domain_is_told_the_parked_posture() {
    let mut zone = MemoryResolver::new();
    mx(&mut zone, "parked.example", 0, ".");
    zone.add_txt("_dmarc.parked.example", "v=DMARC1; p=none; rua=mailto:d@parked.example");
    let no_spf = SpfFacts::default();
    let check = block_on(check_domain(&zone, "parked.example", &[] as &[&str], Some(&no_spf)));
    let found = codes(&check.summary);
    for code in ["check-parked-spf", "check-parked-dmarc", "check-report-dest-no-mail"] {
        assert!(found.contains(&code), "{code} in {found:?}");
    }
    assert!(
        !found.contains(&"check-dmarc-monitoring") && !found.contains(&"check-summary-spf-missing"),
        "{found:?}"
    );
    let spf = check.summary.actions.iter().find(|a| a.code.as_str() == "check-parked-spf").unwrap();
    assert!(spf.fix.contains("v=spf1 -all"));
    assert_eq!(spf.link.as_deref(), Some("#/build?d=parked.example"));
    let dmarc = check.summary.actions.iter().find(|a| a.code.as_str() == "check-parked-dmarc").unwrap();
    assert!(dmarc.fix.contains("p=reject") && dmarc.fix.contains("another domain"));
    assert_eq!(check.summary.status, Status::NeedsAttention);

    // In the parked posture nothing is left to say about it.
    let mut zone = MemoryResolver::new();
    mx(&mut zone, "parked.example", 0, ".");
    zone.add_txt("parked.example", "v=spf1 -all");
    zone.add_txt("_dmarc.parked.example", "v=DMARC1; p=reject; rua=mailto:d@example.org");
    zone.add_txt("parked.example._report._dmarc.example.org", "v=DMARC1");
    mx(&mut zone, "example.org", 10, "mx.example.org");
    let null = SpfFacts { record: Some("v=spf1 -all".into()), lookups: 0, ..SpfFacts::default() };
    let check = block_on(check_domain(&zone, "parked.example", &[] as &[&str], Some(&null)));
    assert_eq!(check.summary.status, Status::Good, "{:?}", codes(&check.summary));
}

#[test]
fn a_domain_that_sends_is_not_called_parked() {
    let mut zone = MemoryResolver::new();
    mx(&mut zone, "noreply.example.com", 0, ".");
    zone.add_txt("_dmarc.example.com", "v=DMARC1; p=none; rua=mailto:d@example.com");
    mx(&mut zone, "example.com", 10, "mx.example.com");
    let sends = SpfFacts {
        record: Some("v=spf1 include:amazonses.com -all".into()),
        lookups: 1,
        ..SpfFacts::default()
    };
    let check = block_on(check_domain(&zone, "noreply.example.com", &[] as &[&str], Some(&sends)));
    let found = codes(&check.summary);
    assert!(!found.iter().any(|c| c.starts_with("check-parked-")), "{found:?}");
    let monitoring =
        check.summary.actions.iter().find(|a| a.code.as_str() == "check-dmarc-monitoring").unwrap();
    assert_eq!(monitoring.subject, "_dmarc.example.com TXT", "where the policy is published");
}

#[test]
fn summary_of_parts_not_yet_finished() {
    let summary = summarize(&SummaryInputs { domain: "Example.com", ..SummaryInputs::default() });
    assert_eq!((summary.domain.as_str(), summary.status), ("example.com", Status::Good));
    assert!(summary.actions.is_empty() && summary.findings.is_empty());
    // SPF facts alone: missing and temperror are told apart.
    let missing = summarize(&SummaryInputs {
        domain: "example.com",
        spf: Some(&SpfFacts::default()),
        ..SummaryInputs::default()
    });
    assert_eq!(codes(&missing), ["check-summary-spf-missing"]);
    let failed = SpfFacts { temperror: true, ..SpfFacts::default() };
    let failed =
        summarize(&SummaryInputs { domain: "example.com", spf: Some(&failed), ..SummaryInputs::default() });
    assert_eq!(codes(&failed), ["check-summary-spf-temperror"]);
}

#[test]
fn text_helpers() {
    assert_eq!(encode("v=DMARC1; p=none"), "v%3DDMARC1%3B%20p%3Dnone");
    assert_eq!(encode("+all é"), "%2Ball%20%C3%A9");
    assert_eq!(first_sentence("One. Two."), "One.");
    assert_eq!(first_sentence("See e.g. this. Then"), "See e.g. this.");
    assert_eq!(first_sentence("No stop"), "No stop");
    assert!(SpfFacts { record: Some("V=SPF1  -ALL".into()), ..SpfFacts::default() }.is_null());
    assert!(!SpfFacts { record: Some("v=spf1 ~all".into()), ..SpfFacts::default() }.is_null());
}
