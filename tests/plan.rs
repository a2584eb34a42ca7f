//! Rollout plans, the parked-domain kit, the SPF builder, the DKIM record
//! formatter and the DNS output formats, through the public API.

#[path = "common/golden.rs"]
mod golden;
use golden::golden;
use std::path::Path;

use dmarc_lens::diag::Severity;
use dmarc_lens::plan::output::{self, Format};
use dmarc_lens::plan::spf::{self, AllQualifier, SpfRequest, SpfTerm};
use dmarc_lens::plan::{
    dkim, generate, ics, Date, DnsRecord, Pace, Plan, PlanInput, RampStyle, SendingSubdomain,
};
use dmarc_lens::record::{explain_as, Kind};

fn date(text: &str) -> Date {
    Date::parse(text).unwrap_or_else(|d| panic!("{text}: {}", d.message))
}

fn input(domain: &str) -> PlanInput {
    let mut input = PlanInput::new(domain, date("2026-06-01"));
    input.rua = vec!["mailto:dmarc@example.com".into()];
    input
}

fn codes(plan: &Plan) -> Vec<&'static str> {
    plan.diagnostics.iter().map(|f| f.diagnostic.code.as_str()).collect()
}

/// The apex `_dmarc` values, stage by stage.
fn apex_values(plan: &Plan) -> Vec<&str> {
    let name = format!("_dmarc.{}", plan.domain);
    plan.stages
        .iter()
        .filter_map(|s| s.records.iter().find(|r| r.name == name).map(|r| r.value.as_str()))
        .collect()
}

/// The policy a value publishes, as receivers read it.
fn policy(value: &str) -> &'static str {
    dmarc_lens::record::dmarc::parse(value).0.effective_policy().map_or("none", |p| p.as_str())
}

fn names(plan: &Plan) -> Vec<&str> {
    plan.stages.iter().map(|s| s.name.as_str()).collect()
}

/// Asserts that every record explains without errors as its kind.
fn assert_explains_clean(record: &DnsRecord, context: &str) -> bool {
    let Some(kind) = record.kind else { return false };
    let e = explain_as(&record.value, Some(kind));
    let errors: Vec<&str> =
        e.diagnostics.iter().filter(|d| d.severity == Severity::Error).map(|d| d.code.as_str()).collect();
    assert!(
        errors.is_empty(),
        "{context}: {} {:?} explains with errors {errors:?}",
        record.name,
        record.value
    );
    assert_eq!(e.kind, kind, "{context}: {}", record.value);
    true
}

#[test]
fn a_sending_domain_ramps_from_monitoring_to_reject() {
    let plan = generate(&input("example.com"));
    assert!(plan.diagnostics.is_empty(), "{:?}", codes(&plan));
    assert_eq!(
        names(&plan),
        [
            "Monitor (p=none)",
            "Quarantine 10% (p=quarantine; pct=10; t=y)",
            "Quarantine 25% (p=quarantine; pct=25; t=y)",
            "Quarantine 50% (p=quarantine; pct=50; t=y)",
            "Quarantine (p=quarantine)",
            "Reject (p=reject)",
            "Steady state",
        ]
    );
    let rua = "rua=mailto:dmarc@example.com";
    assert_eq!(
        apex_values(&plan),
        [
            format!("v=DMARC1; p=none; np=reject; {rua}"),
            format!("v=DMARC1; p=quarantine; sp=reject; np=reject; pct=10; t=y; {rua}"),
            format!("v=DMARC1; p=quarantine; sp=reject; np=reject; pct=25; t=y; {rua}"),
            format!("v=DMARC1; p=quarantine; sp=reject; np=reject; pct=50; t=y; {rua}"),
            format!("v=DMARC1; p=quarantine; sp=reject; np=reject; {rua}"),
            format!("v=DMARC1; p=reject; sp=reject; np=reject; {rua}"),
            format!("v=DMARC1; p=reject; sp=reject; np=reject; {rua}"),
        ]
    );
    let days: Vec<u32> = plan.stages.iter().map(|s| s.min_days).collect();
    assert_eq!(days, [14, 7, 7, 7, 14, 14, 0]);
    let starts: Vec<String> = plan.stages.iter().map(|s| s.start.to_string()).collect();
    assert_eq!(
        starts,
        ["2026-06-01", "2026-06-15", "2026-06-22", "2026-06-29", "2026-07-06", "2026-07-20", "2026-08-03"]
    );
    // TTL 300 while changing, 3600 once the records stay.
    let ttls: Vec<u32> = plan.stages.iter().map(|s| s.records[0].ttl).collect();
    assert_eq!(ttls, [300, 300, 300, 300, 300, 300, 3600]);
    // Each rollback is the record the stage replaced; nothing before the first.
    assert_eq!(plan.stages[0].rollback.value, "");
    for pair in plan.stages.windows(2) {
        assert_eq!(pair[1].rollback.value, pair[0].records[0].value);
    }
    assert_eq!(plan.end_policy, "reject");
    assert!(plan.extra_records.is_empty(), "the report address is within example.com");
}

#[test]
fn exit_criteria_carry_the_guides_numbers() {
    let plan = generate(&input("example.com"));
    let monitor = plan.stages[0].exit_criteria.join(" ");
    for needle in ["14 days", "95%", "below 1%", "sp=reject"] {
        assert!(monitor.contains(needle), "{needle} not in {monitor}");
    }
    let quarantine = plan.stages[1].exit_criteria.join(" ");
    assert!(quarantine.contains("No internal complaints"), "{quarantine}");
    let full = plan.stages[4].exit_criteria.join(" ");
    assert!(full.contains("DKIM") && full.contains("RFC 9989 §7.4"), "{full}");
    for stage in &plan.stages {
        assert!(!stage.why.is_empty() && !stage.exit_criteria.is_empty(), "{}", stage.name);
    }
    let notes = plan.notes.join("\n");
    for needle in
        ["RFC 7489 §6.6.4", "one level less", "t=y", "Settled:", "Not settled:", "np=reject", "DKIM"]
    {
        assert!(notes.contains(needle), "{needle} not in the notes");
    }
}

#[test]
fn the_two_ramp_styles_and_both_together() {
    let mut pct = input("example.com");
    pct.style = RampStyle::Pct;
    let plan = generate(&pct);
    let values = apex_values(&plan);
    assert!(values.iter().all(|v| !v.contains("t=y")), "{values:?}");
    let pcts: Vec<&str> =
        values.iter().filter_map(|v| v.split("; ").find(|t| t.starts_with("pct="))).collect();
    assert_eq!(pcts, ["pct=10", "pct=25", "pct=50"]);
    assert!(plan.notes.iter().any(|n| n.starts_with("What pct does")));
    assert!(!plan.notes.iter().any(|n| n.starts_with("What t=y does")));

    let mut testing = input("example.com");
    testing.style = RampStyle::Testing;
    let plan = generate(&testing);
    assert_eq!(
        names(&plan),
        [
            "Monitor (p=none)",
            "Quarantine in testing mode (p=quarantine; t=y)",
            "Quarantine (p=quarantine)",
            "Reject (p=reject)",
            "Steady state"
        ]
    );
    assert!(apex_values(&plan).iter().all(|v| !v.contains("pct=")));
    assert_eq!(plan.stages[1].min_days, 14);
    assert!(plan.stages[1].why.contains("RFC 7489 receivers do not know t"), "{}", plan.stages[1].why);
    assert!(plan.notes.iter().any(|n| n.starts_with("What t=y does")));

    // Both: t=y goes with every pct below 100, and never alone.
    let plan = generate(&input("example.com"));
    for value in apex_values(&plan) {
        assert_eq!(value.contains("pct="), value.contains("t=y"), "{value}");
        assert!(!value.contains("pct=100"), "{value}");
    }
    // Every style explains the difference.
    for plan in [generate(&pct), generate(&testing), generate(&input("example.com"))] {
        assert!(plan.notes.iter().any(|n| n.starts_with("pct or t=y")));
    }
}

#[test]
fn a_conservative_pace_is_longer_and_ramps_reject_too() {
    let mut conservative = input("example.com");
    conservative.pace = Pace::Conservative;
    let plan = generate(&conservative);
    assert_eq!(plan.stages[0].min_days, 30);
    assert!(names(&plan).contains(&"Reject 25% (p=reject; pct=25; t=y)"), "{:?}", names(&plan));
    let standard: u32 = generate(&input("example.com")).stages.iter().map(|s| s.min_days).sum();
    let slow: u32 = plan.stages.iter().map(|s| s.min_days).sum();
    assert_eq!((standard, slow), (63, 30 + 14 * 3 + 28 + 14 * 2 + 28));
}

#[test]
fn sp_and_np_protect_subdomains_while_the_apex_ramps() {
    let plan = generate(&input("example.com"));
    let values = apex_values(&plan);
    assert!(values.iter().all(|v| v.contains("np=reject")), "{values:?}");
    assert!(!values[0].contains("sp="), "no sp while monitoring: {}", values[0]);
    assert!(values.iter().skip(1).all(|v| v.contains("sp=reject")), "{values:?}");
    // A current sp is never lowered, even while monitoring.
    let mut strict = input("example.com");
    strict.current = Some("v=DMARC1; p=none; sp=quarantine; rua=mailto:d@example.com".into());
    let plan = generate(&strict);
    assert!(apex_values(&plan)[0].contains("sp=quarantine"), "{}", apex_values(&plan)[0]);
    assert!(apex_values(&plan)[1].contains("sp=reject"));
}

#[test]
fn external_report_addresses_come_with_their_authorization_records() {
    let mut external = input("example.com");
    external.rua = vec!["mailto:dmarc@example.com".into(), "mailto:a1b2@reports.vendor.example".into()];
    external.ruf = vec!["forensic@other.example".into()];
    let plan = generate(&external);
    let extra: Vec<(&str, &str)> =
        plan.extra_records.iter().map(|r| (r.name.as_str(), r.value.as_str())).collect();
    assert_eq!(
        extra,
        [
            ("example.com._report._dmarc.reports.vendor.example", "v=DMARC1"),
            ("example.com._report._dmarc.other.example", "v=DMARC1"),
        ]
    );
    assert!(plan.extra_records.iter().all(|r| r.kind == Some(Kind::DmarcReportAuth) && r.note.is_some()));
    assert!(
        apex_values(&plan)[0].ends_with("ruf=mailto:forensic@other.example"),
        "{}",
        apex_values(&plan)[0]
    );
    assert_eq!(codes(&plan), ["plan-uri-scheme-added"]);
    assert!(plan.notes.iter().any(|n| n.contains("RFC 9990 §4")));
    assert!(plan.notes.iter().any(|n| n.starts_with("ruf asks for failure reports")));
    // The authorization record is what the Explain engine reads it as.
    let e = dmarc_lens::record::explain(
        "example.com._report._dmarc.reports.vendor.example. 3600 IN TXT \"v=DMARC1\"",
    );
    assert_eq!(e.kind, Kind::DmarcReportAuth);
    assert!(e.diagnostics.is_empty(), "{:?}", e.diagnostics);
}

#[test]
fn bad_report_addresses_and_no_report_address_are_findings() {
    let mut bad = input("example.com");
    bad.rua = vec!["mailto:a@example.com,mailto:b@example.com".into(), "https://reports.example/in".into()];
    let plan = generate(&bad);
    assert_eq!(codes(&plan), ["plan-uri-invalid", "plan-uri-not-mailto"]);
    let comma = &plan.diagnostics[0];
    assert_eq!(comma.diagnostic.span.slice(comma.text.as_deref().unwrap_or("")), ",");
    assert!(plan.has_errors());

    let mut none = input("example.com");
    none.rua.clear();
    let plan = generate(&none);
    assert_eq!(codes(&plan), ["plan-rua-missing"]);
    assert!(!plan.stages.is_empty(), "the plan is still made");
}

#[test]
fn a_current_record_at_quarantine_50_starts_the_plan_midway() {
    let mut midway = input("example.com");
    midway.rua.clear();
    midway.style = RampStyle::Pct;
    let current = "v=DMARC1; p=quarantine; pct=50; rua=mailto:d@example.com";
    midway.current = Some(current.into());
    let plan = generate(&midway);
    assert!(plan.diagnostics.is_empty(), "{:?}", codes(&plan));
    assert_eq!(
        names(&plan),
        [
            "Quarantine 50% (p=quarantine; pct=50)",
            "Quarantine (p=quarantine)",
            "Reject (p=reject)",
            "Steady state"
        ]
    );
    assert_eq!(
        plan.stages[0].records[0].value,
        "v=DMARC1; p=quarantine; sp=reject; np=reject; pct=50; rua=mailto:d@example.com"
    );
    assert_eq!(plan.stages[0].rollback.value, current, "the rollback puts back what was there");
    assert!(plan.stages[0].why.starts_with("Where example.com stands today"), "{}", plan.stages[0].why);

    // With t=y beside pct, RFC 9989 receivers (which apply the full
    // quarantine today) would go back to none: the plan leaves t out there.
    midway.style = RampStyle::Both;
    let plan = generate(&midway);
    assert_eq!(plan.stages[0].name, "Quarantine 50% (p=quarantine; pct=50)");
    // The testing style has no 50% step: it goes on to full quarantine.
    midway.style = RampStyle::Testing;
    assert_eq!(generate(&midway).stages[0].name, "Quarantine (p=quarantine)");

    // Between two steps: the next one up, never down.
    midway.style = RampStyle::Pct;
    midway.current = Some("v=DMARC1; p=quarantine; pct=30; rua=mailto:d@example.com".into());
    assert_eq!(generate(&midway).stages[0].name, "Quarantine 50% (p=quarantine; pct=50)");
}

#[test]
fn a_broken_current_record_is_read_as_receivers_read_it() {
    let mut broken = input("example.com");
    broken.rua.clear();
    let text = "_dmarc.example.com. IN TXT \"v=DMARC1; p=quarantine; pct=150; rua=d@example.com\"";
    broken.current = Some(text.into());
    let plan = generate(&broken);
    assert_eq!(codes(&plan), ["plan-current-errors", "dmarc-pct-out-of-range", "dmarc-uri-malformed"]);
    let pct = &plan.diagnostics[1];
    assert_eq!(pct.diagnostic.span.slice(text), "150");
    // pct=150 is ignored, so the domain is at full quarantine; the report
    // address is kept with the mailto: it lacked.
    assert_eq!(plan.stages[0].name, "Quarantine (p=quarantine)");
    assert!(plan.stages[0].records[0].value.ends_with("rua=mailto:d@example.com"));

    broken.current = Some("v=spf1 -all".into());
    assert!(codes(&generate(&broken)).contains(&"plan-current-not-dmarc"));
    broken.current = Some("v=DMARC1; p=none\nv=DMARC1; p=reject".into());
    let plan = generate(&broken);
    assert!(codes(&plan).contains(&"plan-current-several"));
    assert_eq!(plan.stages[0].name, "Monitor (p=none)");
}

#[test]
fn mailing_list_exposure_ends_at_quarantine() {
    let mut lists = input("example.com");
    lists.mailing_lists = true;
    let plan = generate(&lists);
    assert_eq!(plan.end_policy, "quarantine");
    let values = apex_values(&plan);
    assert!(values.iter().all(|v| policy(v) != "reject"), "{values:?}");
    assert_eq!(
        values.last().copied(),
        Some("v=DMARC1; p=quarantine; sp=reject; np=reject; rua=mailto:dmarc@example.com")
    );
    assert_eq!(plan.stages[0].min_days, 30, "a month of monitoring for a user-mail domain");
    let end =
        plan.notes.iter().find(|n| n.starts_with("End state p=quarantine")).expect("the end-state note");
    assert!(end.contains("RFC 9989 §7.4") && end.contains("DKIM"), "{end}");
    let last = plan.stages.iter().rev().nth(1).expect("the last ramp stage");
    assert!(last.exit_criteria.iter().any(|c| c.contains("Mailing-list")), "{:?}", last.exit_criteria);

    // Already at reject: held there, with a warning.
    lists.current = Some("v=DMARC1; p=reject; rua=mailto:d@example.com".into());
    let plan = generate(&lists);
    assert_eq!(codes(&plan), ["plan-current-past-end"]);
    assert_eq!(names(&plan), ["Reject (p=reject)", "Steady state"]);
    assert!(plan.stages[0].why.contains("already past"), "{}", plan.stages[0].why);
}

#[test]
fn sending_subdomains_get_their_own_records() {
    let mut subs = input("example.com");
    subs.mailing_lists = true;
    subs.subdomains = vec![
        SendingSubdomain { name: "news.example.com".into(), current: None },
        SendingSubdomain {
            name: "Billing.Example.com.".into(),
            current: Some("v=DMARC1; p=reject; rua=mailto:d@example.com".into()),
        },
        SendingSubdomain { name: "news.example.com".into(), current: None },
        SendingSubdomain { name: "example.org".into(), current: None },
    ];
    let plan = generate(&subs);
    assert_eq!(codes(&plan), ["plan-subdomain-duplicate", "plan-subdomain-invalid"]);
    let of = |name: &str| -> Vec<String> {
        plan.stages
            .iter()
            .flat_map(|s| &s.records)
            .filter(|r| r.name == name)
            .map(|r| r.value.clone())
            .collect()
    };
    let news = of("_dmarc.news.example.com");
    assert_eq!(news.first().map(String::as_str), Some("v=DMARC1; p=none; rua=mailto:dmarc@example.com"));
    assert_eq!(news.last().map(String::as_str), Some("v=DMARC1; p=reject; rua=mailto:dmarc@example.com"));
    assert!(news.iter().all(|v| !v.contains("sp=") && !v.contains("np=")), "{news:?}");
    // Already at reject: published once, then only at the steady state.
    assert_eq!(of("_dmarc.billing.example.com"), ["v=DMARC1; p=reject; rua=mailto:dmarc@example.com"; 2]);
    // The apex ends at quarantine; the subdomain goes on to reject in stages of its own.
    let last_ramp = plan.stages.iter().rev().nth(1).expect("a ramp stage");
    assert_eq!(last_ramp.name, "news.example.com: Reject (p=reject)");
    assert_eq!(last_ramp.records.len(), 1);
    assert!(plan.notes.iter().any(|n| n.contains("news.example.com, billing.example.com")));
    // Stage 0 changes three records: one rollback each.
    assert_eq!(plan.stages[0].rollback_also.len(), 2);
    assert_eq!(plan.stages[0].rollback_also[1].value, "v=DMARC1; p=reject; rua=mailto:d@example.com");
}

#[test]
fn the_parked_kit() {
    let mut parked = PlanInput::new("Parked.Example.", date("2026-06-01"));
    parked.parked = true;
    parked.rua = vec!["mailto:dmarc@example.org".into()];
    let plan = generate(&parked);
    assert!(plan.diagnostics.is_empty(), "{:?}", codes(&plan));
    assert_eq!(plan.purpose, "parked");
    let first: Vec<(&str, &str, &str)> = plan.stages[0]
        .records
        .iter()
        .map(|r| (r.name.as_str(), r.rtype.as_str(), r.value.as_str()))
        .collect();
    assert_eq!(
        first,
        [
            ("_dmarc.parked.example", "TXT", "v=DMARC1; p=reject; rua=mailto:dmarc@example.org"),
            ("parked.example", "TXT", "v=spf1 -all"),
            ("parked.example", "MX", "0 ."),
        ]
    );
    assert_eq!(names(&plan), ["Lock down (p=reject)", "Steady state"]);
    assert!(plan.stages[1].records.iter().all(|r| r.ttl == 3600));
    let extra: Vec<&str> = plan.extra_records.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(extra, ["parked.example._report._dmarc.example.org"]);
    assert!(plan.notes.iter().any(|n| n.contains("RFC 7505")));

    // Still receiving mail: no null MX, and reports may go to the domain itself.
    parked.receives_mail = true;
    parked.rua = vec!["mailto:dmarc@parked.example".into()];
    let plan = generate(&parked);
    assert!(plan.stages[0].records.iter().all(|r| r.rtype.as_str() == "TXT"));
    assert!(plan.diagnostics.is_empty() && plan.extra_records.is_empty(), "{:?}", codes(&plan));

    // A null-MX domain cannot receive its own reports.
    parked.receives_mail = false;
    let plan = generate(&parked);
    assert_eq!(codes(&plan), ["plan-rua-at-parked-domain"]);
    assert!(!plan.has_errors(), "a warning: the kit still protects the domain");

    parked.rua.clear();
    parked.subdomains = vec![SendingSubdomain { name: "mail.parked.example".into(), current: None }];
    assert_eq!(codes(&generate(&parked)), ["plan-parked-rua-missing", "plan-parked-subdomains"]);
    assert_eq!(generate(&parked).stages[0].records[0].value, "v=DMARC1; p=reject");
}

#[test]
fn an_unusable_domain_gives_no_stages() {
    for bad in ["", "localhost", "exa mple.com", "-bad.example", "_dmarc.example.com"] {
        let plan = generate(&input(bad));
        assert_eq!(codes(&plan), ["plan-domain-invalid"], "{bad:?}");
        assert!(plan.stages.is_empty() && plan.has_errors());
    }
}

#[test]
fn dates_are_right_across_month_ends_and_leap_years() {
    // Leap February 2028: 2028-02-20 + 14 days is 2028-03-05.
    let mut leap = input("example.com");
    leap.start = date("2028-02-20");
    let plan = generate(&leap);
    let starts: Vec<String> = plan.stages.iter().map(|s| s.start.to_string()).collect();
    assert_eq!(
        starts,
        ["2028-02-20", "2028-03-05", "2028-03-12", "2028-03-19", "2028-03-26", "2028-04-09", "2028-04-23"]
    );
    // The same in a common year lands a day later in March.
    leap.start = date("2027-02-20");
    assert_eq!(generate(&leap).stages[1].start.to_string(), "2027-03-06");
    // Across the year end, conservatively.
    leap.start = date("2026-12-20");
    leap.pace = Pace::Conservative;
    let plan = generate(&leap);
    assert_eq!(plan.stages[1].start.to_string(), "2027-01-19");
    for pair in plan.stages.windows(2) {
        assert_eq!(pair[0].start.days_until(pair[1].start), i64::from(pair[0].min_days));
        assert_eq!(pair[0].end(), pair[1].start);
    }
    assert_eq!(date("2028-02-29").add_days(365).to_string(), "2029-02-28");
    assert_eq!(date("2026-01-31").add_days(29).to_string(), "2026-03-01");
    assert_eq!(date("2024-12-31").add_days(1).to_string(), "2025-01-01");
}

/// Many plans: every style, pace, end state, parked or not, with
/// subdomains, external addresses and current records of every kind.
fn many_plans() -> Vec<(PlanInput, Plan)> {
    let currents = [
        None,
        Some("v=DMARC1; p=none"),
        Some("v=DMARC1; p=none; rua=mailto:d@example.com; ruf=mailto:f@example.com; fo=1"),
        Some("v=DMARC1; p=quarantine; pct=50; rua=mailto:d@example.com"),
        Some("v=DMARC1; p=quarantine; t=y; adkim=s; aspf=s; rua=mailto:d@example.com"),
        Some("v=DMARC1; p=quarantine; pct=10; t=y; psd=n; rua=mailto:d@example.com"),
        Some("v=DMARC1; p=reject; pct=25; rua=d@example.com"),
        Some("v=DMARC1; p=reject; sp=none; rua=mailto:d@example.com"),
        Some("v=DMARC1; p=REJECT; sp=quarantine; np=none; rua=mailto:d@example.com"),
        Some("v=DMARC1; p=bogus; pct=500; rua=mailto:d@example.com"),
        Some("\"v=DMARC1; p=quarantine; \" \"rua=mailto:d@example.com\""),
    ];
    let mut plans = Vec::new();
    for style in [RampStyle::Pct, RampStyle::Testing, RampStyle::Both] {
        for pace in [Pace::Standard, Pace::Conservative] {
            for lists in [false, true] {
                for current in currents {
                    for external in [false, true] {
                        let mut i = input("example.com");
                        i.style = style;
                        i.pace = pace;
                        i.mailing_lists = lists;
                        i.current = current.map(str::to_string);
                        if external {
                            i.rua.push("mailto:x@vendor.example".into());
                            i.ruf = vec!["mailto:f@other.example".into()];
                        }
                        i.subdomains = vec![
                            SendingSubdomain { name: "news.example.com".into(), current: None },
                            SendingSubdomain {
                                name: "billing.example.com".into(),
                                current: current.map(str::to_string),
                            },
                        ];
                        let plan = generate(&i);
                        plans.push((i, plan));
                    }
                }
            }
        }
    }
    for receives in [false, true] {
        for rua in
            [&[][..], &["mailto:d@example.org"][..], &["mailto:a@example.org", "mailto:b@parked.example"][..]]
        {
            let mut i = PlanInput::new("parked.example", date("2026-06-01"));
            i.parked = true;
            i.receives_mail = receives;
            i.rua = rua.iter().map(|r| r.to_string()).collect();
            i.current = Some("v=DMARC1; p=none; rua=mailto:old@example.org".into());
            let plan = generate(&i);
            plans.push((i, plan));
        }
    }
    plans
}

#[test]
fn every_generated_record_explains_without_errors() {
    let plans = many_plans();
    let mut checked = 0;
    for (n, (input, plan)) in plans.iter().enumerate() {
        let context =
            format!("plan {n} ({} {} {})", plan.style.as_str(), plan.pace.as_str(), plan.end_policy);
        for record in plan.records() {
            if assert_explains_clean(record, &context) {
                checked += 1;
            }
        }
        // A rollback puts back a record the plan wrote, the current record
        // as it was published, or nothing (delete).
        let written: Vec<&str> = plan.records().map(|r| r.value.as_str()).collect();
        let currents: Vec<String> = std::iter::once(&input.current)
            .chain(input.subdomains.iter().map(|s| &s.current))
            .flatten()
            .filter_map(|c| dmarc_lens::input::split(c).first().map(|p| p.value.clone()))
            .collect();
        for stage in &plan.stages {
            for rollback in std::iter::once(&stage.rollback).chain(&stage.rollback_also) {
                let value = rollback.value.as_str();
                assert!(
                    value.is_empty() || written.contains(&value) || currents.iter().any(|c| c == value),
                    "{context}: rollback {value:?} comes from nowhere"
                );
            }
        }
    }
    assert!(checked > 3000, "only {checked} records checked");
}

#[test]
fn every_plan_is_consistent() {
    for (_, plan) in many_plans() {
        for pair in plan.stages.windows(2) {
            assert_eq!(pair[0].end(), pair[1].start, "{}", plan.domain);
        }
        let last = plan.stages.last().expect("stages");
        assert_eq!((last.name.as_str(), last.min_days), ("Steady state", 0));
        assert!(last.records.iter().all(|r| r.ttl == 3600));
        for stage in plan.stages.iter().rev().skip(1) {
            assert!(stage.records.iter().all(|r| r.ttl == 300), "{}", stage.name);
            assert!(stage.min_days >= 7, "{}", stage.name);
        }
        // Policies only go up, stage after stage, for every record.
        let rank = |v: &str| ["none", "quarantine", "reject"].iter().position(|p| *p == policy(v));
        let mut seen: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        for record in plan.stages.iter().flat_map(|s| &s.records).filter(|r| r.name.starts_with("_dmarc.")) {
            let now = rank(&record.value).expect("a policy");
            let before = seen.insert(record.name.as_str(), now).unwrap_or(0);
            assert!(now >= before, "{} went down: {}", record.name, record.value);
        }
        let json: serde_json::Value = serde_json::from_str(&plan.to_json()).expect("JSON");
        assert_eq!(json["stages"].as_array().map(Vec::len), Some(plan.stages.len()));
    }
}

#[test]
fn the_spf_builder_counts_the_budget() {
    let mut request = SpfRequest::new("example.com");
    request.terms =
        ["google-workspace", "microsoft-365", "sendgrid", "ip4:192.0.2.0/24", "ip6:2001:db8::/48", "mx"]
            .iter()
            .map(|t| SpfTerm::parse(t))
            .collect();
    request.all = AllQualifier::Fail;
    let built = spf::build(&request);
    assert_eq!(
        built.records[0].value,
        "v=spf1 include:_spf.google.com include:spf.protection.outlook.com include:sendgrid.net ip4:192.0.2.0/24 \
         ip6:2001:db8::/48 mx -all"
    );
    assert_eq!(built.lookups, 4 + 2 + 1 + 1);
    let costs: Vec<u32> = built.terms.iter().map(|t| t.lookups).collect();
    assert_eq!(costs, [4, 2, 1, 0, 0, 1]);
    assert!(built.diagnostics.is_empty(), "{:?}", built.diagnostics);
    assert!(built.notes.iter().any(|n| n.starts_with("-all") && n.contains("RFC 9989 §7.1")));
    assert!(built.notes.iter().any(|n| n.contains(spf::COSTS_KNOWN_AT)));

    // Every sender with an include is in the catalogue with a cost.
    for sender in spf::SENDERS {
        assert!(sender.lookups >= 1 && !sender.note.is_empty(), "{}", sender.id);
    }
    let includes: Vec<&str> = spf::SENDERS.iter().filter_map(|s| s.include).collect();
    for needed in [
        "_spf.google.com",
        "spf.protection.outlook.com",
        "amazonses.com",
        "sendgrid.net",
        "mailgun.org",
        "spf.mtasv.net",
        "servers.mcsv.net",
        "mail.zendesk.com",
        "_spf.salesforce.com",
    ] {
        assert!(includes.contains(&needed), "{needed}");
    }
    assert_eq!(spf::sender("hubspot").map(|s| s.include), Some(None));

    // Over budget: an error.
    request.terms.extend(["mailgun", "salesforce"].iter().map(|t| SpfTerm::parse(t)));
    let over = spf::build(&request);
    assert_eq!(over.lookups, 13);
    assert!(over.has_errors());
}

#[test]
fn splitting_costs_lookups_and_flattening_saves_them() {
    let mut request = SpfRequest::new("example.com");
    request.terms = (0..20).map(|i| SpfTerm::Ip4(format!("198.51.100.{i}"))).collect();
    request.terms.push(SpfTerm::parse("include:_spf.google.com"));
    request.terms.push(SpfTerm::parse("include:spf.partner.example"));
    request.split = true;
    request.flatten = true;
    let built = spf::build(&request);
    let names: Vec<&str> = built.records.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["example.com", "_spf1.example.com", "_spf2.example.com"]);
    assert_eq!(built.records[0].value, "v=spf1 include:_spf1.example.com include:_spf2.example.com ~all");
    assert!(built.records.iter().all(|r| r.value.len() <= 255), "each one string");
    // The sub-records' includes add lookups: 4 + 1 + 2.
    assert_eq!(built.lookups, 7);
    assert_eq!(built.lookups_flattened, Some(1));
    assert!(built.notes.iter().any(|n| n.contains("Splitting never works around the limit")));
    assert!(built.notes.iter().any(|n| n.contains("goes stale")));
    let codes: Vec<&str> = built.diagnostics.iter().map(|f| f.diagnostic.code.as_str()).collect();
    assert_eq!(codes, ["plan-spf-include-cost-unknown"]);
    let span = built.diagnostics[0].diagnostic.span;
    assert_eq!(span.slice(built.diagnostics[0].text.as_deref().unwrap_or("")), "spf.partner.example");
}

#[test]
fn every_built_spf_record_explains_without_errors() {
    let sets: [&[&str]; 5] = [
        &[],
        &["google-workspace", "microsoft-365"],
        &["amazon-ses", "sendgrid", "mailgun", "postmark", "mailchimp", "zendesk"],
        &[
            "salesforce",
            "include:123.spf05.hubspotemail.net",
            "a",
            "mx:mail.example.com",
            "a:web.example.com",
        ],
        &["ip4:192.0.2.1", "ip4:192.0.2.0/24", "ip6:2001:db8::1", "ip6:2001:db8::/32"],
    ];
    let mut checked = 0;
    for set in sets {
        for all in [AllQualifier::SoftFail, AllQualifier::Fail] {
            for split in [false, true] {
                let mut request = SpfRequest::new("example.com");
                request.terms = set.iter().map(|t| SpfTerm::parse(t)).collect();
                request.all = all;
                request.split = split;
                let built = spf::build(&request);
                assert!(!built.has_errors(), "{set:?}: {:?}", built.diagnostics);
                for record in &built.records {
                    assert!(assert_explains_clean(record, "spf"));
                    checked += 1;
                }
            }
        }
    }
    assert!(checked >= 20);
}

/// The base64 of a key in a zone file under `tests/zones/`, at `owner`.
fn zone_key(file: &str, owner: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/zones").join(file);
    let zone = std::fs::read_to_string(path).expect("zone file");
    let start = zone.find(&format!("\n{owner}")).expect("the key's owner") + 1;
    let rest = &zone[start..];
    let line_end = rest.find('\n').unwrap_or(rest.len());
    let end = if rest[..line_end].contains('(') {
        rest.find(')').expect("closing parenthesis") + 1
    } else {
        line_end
    };
    let pasted = dmarc_lens::input::split(&rest[..end]);
    let value = &pasted[0].value;
    value.split("p=").nth(1).expect("p=").to_string()
}

fn pem(base64: &str) -> String {
    let mut out = String::from("-----BEGIN PUBLIC KEY-----\n");
    for chunk in base64.as_bytes().chunks(64) {
        out.push_str(std::str::from_utf8(chunk).expect("ASCII"));
        out.push('\n');
    }
    out.push_str("-----END PUBLIC KEY-----\n");
    out
}

#[test]
fn the_dkim_formatter_takes_pem_base64_and_provider_records() {
    let strong = zone_key("healthy.test", "google._domainkey");
    let weak = zone_key("weakdkim.test", "s1._domainkey");
    let expected = format!("v=DKIM1; k=rsa; p={strong}");
    for pasted in [pem(&strong), strong.clone(), format!("  {}\n", pem(&strong)), expected.clone()] {
        let f = dkim::format("google", "example.com", &pasted);
        assert!(f.diagnostics.is_empty(), "{pasted}: {:?}", f.diagnostics);
        let record = f.record.expect("a record");
        assert_eq!(record.name, "google._domainkey.example.com");
        assert_eq!(record.value, expected);
        assert_eq!(f.key.map(|k| (k.algorithm, k.bits)), Some(("rsa", 2048)));
        assert!(assert_explains_clean(&record, "dkim"));
        // Over 255 bytes: split into strings, each at most 255.
        let strings = output::txt_strings(&record.value);
        assert_eq!(strings.len(), 2);
        assert!(strings.iter().all(|s| s.len() <= 255));
        assert_eq!(strings.concat(), record.value);
    }
    // A provider's record pasted as dig prints it: quoted strings.
    let quoted = format!("\"v=DKIM1; k=rsa; p={}\" \"{}\"", &strong[..200], &strong[200..]);
    assert_eq!(dkim::format("google", "example.com", &quoted).record.map(|r| r.value), Some(expected));

    let f = dkim::format("s1", "example.com", &pem(&weak));
    assert_eq!(f.key.map(|k| k.bits), Some(1024));
    let codes: Vec<&str> = f.diagnostics.iter().map(|d| d.diagnostic.code.as_str()).collect();
    assert_eq!(codes, ["dkim-rsa-weak"]);
    let record = f.record.expect("a 1024-bit key is still published, with a warning");
    assert_eq!(output::txt_strings(&record.value).len(), 1);
    assert!(assert_explains_clean(&record, "dkim"));

    // A truncated key: the record would fail every signature, so none.
    let cut = dkim::format("s1", "example.com", &strong[..200]);
    assert!(cut.record.is_none() && cut.has_errors());
}

#[test]
fn golden_dkim_record_in_every_format() {
    let strong = zone_key("healthy.test", "google._domainkey");
    let record = dkim::format("google", "example.com", &pem(&strong)).record.expect("a record");
    let mut text = String::new();
    for format in [Format::Bind, Format::Terraform, Format::Json, Format::Plain] {
        text.push_str(&format!("-- {} --\n", format.as_str()));
        text.push_str(&output::render(std::slice::from_ref(&record), format));
    }
    golden("plan-dkim-formats.txt", &text);
    // Route 53's join: one element, the strings separated by \"\".
    let terraform = output::terraform(&record);
    assert_eq!(terraform.matches("\\\"\\\"").count(), 1, "{terraform}");
    let bind = output::bind(&record);
    assert_eq!(bind.matches("\" \"").count(), 1, "{bind}");
    // Pasted back, the zone-file line reads as the same record, cleanly.
    let e = dmarc_lens::record::explain(&bind);
    assert_eq!((e.kind, e.value.as_deref()), (Kind::Dkim, Some(record.value.as_str())));
    assert!(!e.has_errors(), "{:?}", e.diagnostics);
}

#[test]
fn the_calendar_is_well_formed() {
    let mut i = input("example.com");
    i.rua.push("mailto:x@vendor.example".into());
    i.subdomains = vec![SendingSubdomain { name: "news.example.com".into(), current: None }];
    let plan = generate(&i);
    let calendar = ics::calendar(&plan);
    assert!(calendar.ends_with("\r\n"));
    assert!(!calendar.replace("\r\n", "").contains('\n'), "every line ends in CRLF");
    assert!(!calendar.replace("\r\n", "").contains('\r'));
    let lines: Vec<&str> = calendar.split_terminator("\r\n").collect();
    for line in &lines {
        assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
    }
    assert!(lines.iter().any(|l| l.starts_with(' ')), "long lines are folded");
    // Unfolded, BEGIN and END pair up and nest.
    let unfolded = calendar.replace("\r\n ", "");
    let mut stack: Vec<&str> = Vec::new();
    let mut events = 0;
    for line in unfolded.split_terminator("\r\n") {
        if let Some(what) = line.strip_prefix("BEGIN:") {
            stack.push(what);
        } else if let Some(what) = line.strip_prefix("END:") {
            assert_eq!(stack.pop(), Some(what));
            events += usize::from(what == "VEVENT");
        } else {
            assert!(line.contains(':'), "{line:?}");
            assert!(!stack.is_empty(), "a property outside the calendar: {line:?}");
        }
    }
    assert!(stack.is_empty());
    assert_eq!(events, plan.stages.len());
    for (stage, start) in
        plan.stages.iter().zip(unfolded.split_terminator("\r\n").filter(|l| l.starts_with("DTSTART")))
    {
        assert_eq!(start, format!("DTSTART;VALUE=DATE:{}", stage.start.basic()));
    }
    for key in ["VERSION:2.0", "PRODID:", "UID:", "DTSTAMP:20260601T000000Z", "SUMMARY:"] {
        assert!(unfolded.contains(key), "{key}");
    }
    // Commas and semicolons in text are escaped.
    let description = unfolded.lines().find(|l| l.starts_with("DESCRIPTION:")).expect("a description");
    assert!(
        description.contains("\\;") && description.contains("\\,") && description.contains("\\n"),
        "{description}"
    );
    assert!(!description.replace("\\;", "").contains(';'), "{description}");
}

/// Found by the `plan` fuzz target: an address with a parenthesis made a
/// record the Explain engine reads as an unclosed zone-file parenthesis.
#[test]
fn report_addresses_with_zone_file_syntax_are_refused_with_the_place() {
    for (rua, at) in [("mail:todmarc@report1.example.como(at", 33), ("dmarc@reports\\.example.net", 13)] {
        let mut plan_input = input("example.com");
        plan_input.rua = vec![rua.to_string()];
        let plan = generate(&plan_input);
        let finding = plan.diagnostics.iter().find(|f| f.diagnostic.code.as_str() == "plan-uri-invalid");
        let finding = finding.unwrap_or_else(|| panic!("{rua}: {:?}", codes(&plan)));
        assert_eq!(finding.diagnostic.span.start, at, "{rua}");
        for record in plan.records() {
            if let Some(kind) = record.kind {
                let explained = explain_as(&record.value, Some(kind));
                assert!(
                    explained.diagnostics.iter().all(|d| d.severity != Severity::Error),
                    "{}",
                    record.value
                );
            }
        }
    }
}

fn seen(policy: &str, last_seen: u64) -> dmarc_lens::report::summary::PolicySeen {
    dmarc_lens::report::summary::PolicySeen { policy: policy.into(), first_seen: 0, last_seen, reports: 3 }
}

#[test]
fn reports_place_the_domain_on_the_plan_and_support_one_step_at_most() {
    use dmarc_lens::plan::evidence::advise;
    // Both style: monitor, q10+t, q25+t, q50+t, quarantine, reject, steady state.
    let plan = generate(&input("example.com"));
    let at = |policy: &str, ready: bool| {
        let a = advise(&plan, &[seen(policy, 10)], ready);
        (a.current, a.supported)
    };
    assert_eq!(at("domain=example.com p=none", false), (Some(0), Some(0)));
    assert_eq!(at("domain=example.com p=none", true), (Some(0), Some(1)));
    assert_eq!(at("domain=example.com p=quarantine pct=25 t=y", true), (Some(2), Some(3)));
    assert_eq!(at("domain=example.com p=quarantine pct=25 t=y", false), (Some(2), Some(2)));
    // pct=30 is between two steps: the domain is at the lower one.
    assert_eq!(at("domain=example.com p=quarantine pct=30 t=y", false), (Some(2), Some(2)));
    // Reject is the reject stage, not the steady state that only raises the TTL.
    let reject = plan.stages.iter().position(|s| s.name == "Reject (p=reject)").expect("a reject stage");
    assert_eq!(at("domain=example.com p=reject", false), (Some(reject), Some(reject)));
    assert_eq!(at("domain=example.com p=reject", true), (Some(reject), Some(reject + 1)));
    let last = plan.stages.len() - 1;
    let advice = advise(&plan, &[seen("domain=example.com p=reject", 10)], true);
    assert!(advice.message.contains("no further"), "{}", advice.message);
    assert_eq!(advice.supported, Some(last));

    // The latest policy of the plan's own domain counts; other domains' do not.
    let policies = [
        seen("domain=example.com p=none", 10),
        seen("domain=example.com p=quarantine pct=10 t=y", 20),
        seen("domain=other.example p=reject", 30),
    ];
    let advice = advise(&plan, &policies, false);
    assert_eq!((advice.current, advice.supported), (Some(1), Some(1)));
    assert_eq!(advice.policy.as_deref(), Some("p=quarantine pct=10 t=y"));
    assert!(advice.message.contains("Not every criterion holds"), "{}", advice.message);

    let advice = advise(&plan, &[seen("domain=other.example p=none", 10)], true);
    assert_eq!((advice.current, advice.supported), (None, None));
    assert!(advice.message.contains("about other.example, not example.com"), "{}", advice.message);
    let advice = advise(&plan, &[], true);
    assert_eq!(advice.supported, None);

    // A plan that ends at quarantine: reports already at reject are past it.
    let mut lists = input("example.com");
    lists.mailing_lists = true;
    let lists = generate(&lists);
    let advice = advise(&lists, &[seen("domain=example.com p=reject", 10)], true);
    assert_eq!(advice.supported, Some(lists.stages.len() - 1));
    assert!(advice.message.contains("past this plan's end state (p=quarantine)"), "{}", advice.message);
}

/// Found by the fuzz smoke pass: a current record whose rua holds a
/// parenthesis (which DNS tools read as zone-file syntax) was carried into
/// every stage, and the stage records then explained with an error.
#[test]
fn current_addresses_that_cannot_be_published_again_are_findings_not_records() {
    for (parked, text) in [
        (false, "v=DMARC1; p=quarantine; pct=50; rua=mailto:d(x@example.com"),
        (true, "v=DMARC1; p=none; rua=mOOOO:OOO.OObaOO(OOOO[OOailto:dv=DMA@RC1"),
    ] {
        let mut pasted = input("example.com");
        pasted.rua.clear();
        pasted.parked = parked;
        pasted.current = Some(text.into());
        let plan = generate(&pasted);
        assert!(codes(&plan).contains(&"plan-uri-invalid"), "{text}: {:?}", codes(&plan));
        for record in plan.records() {
            assert!(!record.value.contains('('), "{text}: {}", record.value);
            assert!(record.kind.is_none() || assert_explains_clean(record, text));
        }
    }
}
