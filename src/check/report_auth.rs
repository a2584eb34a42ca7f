//! Report destinations, live: will receivers send reports to the `rua` and
//! `ruf` addresses of the DMARC record?
//!
//! A `mailto:` destination outside the organizational domain of the domain
//! where the policy was found must agree to receive its reports (RFC 9990
//! §4, reused by RFC 9991 for failure reports): a TXT record starting with
//! `v=DMARC1` at `<policy-domain>._report._dmarc.<destination>`, or at
//! `*._report._dmarc.<destination>` for every domain at once. Without one,
//! receivers drop the address. Both organizational domains come from the
//! DNS tree walk ([`org_domain`]), not the Public
//! Suffix List. Every destination domain is also asked for MX: a report
//! address at a domain with a null MX, or no domain at all, bounces.
//!
//! Each destination domain is asked once, however many addresses use it.

use std::collections::BTreeMap;

use serde::Serialize;

use super::dmarc::{org_domain, DmarcCheck};
use super::join::{join2, join_all};
use super::util::{finding, is_dmarc, lookup_failed, normalize, txt_texts};
use super::Finding;
use crate::catalogue::CheckCode;
use crate::dns::{Answer, Record, RecordType, Resolver};
use crate::record::dmarc;

/// One report address and whether receivers will use it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ReportAuth {
    /// The URI as written in the record (without any `!size` suffix).
    pub uri: String,
    /// `rua` (aggregate reports) or `ruf` (failure reports).
    pub tag: String,
    /// The domain of the mailbox.
    pub destination: String,
    /// Whether the destination is outside the policy domain's
    /// organizational domain, so it must authorize the reports.
    pub external: bool,
    /// Whether receivers will send reports there as far as authorization
    /// goes: a destination within the organization always is.
    pub authorized: bool,
    /// The authorization names asked, in order.
    pub queried: Vec<String>,
    /// What is wrong with this destination.
    pub findings: Vec<Finding>,
}

/// A finding to make once per address: its code, its words' values (the
/// address itself is added then) and its subject.
struct Problem {
    code: CheckCode,
    args: Vec<(&'static str, String)>,
    subject: String,
}

/// What was found out about one destination domain.
struct Destination {
    external: bool,
    authorized: bool,
    queried: Vec<String>,
    /// Findings with `{uri}` left to fill per address.
    problems: Vec<Problem>,
    failures: Vec<Finding>,
}

/// Checks the report addresses of the record `dmarc` found: authorization
/// of external destinations, and whether each destination receives mail.
/// Nothing to check (an empty list) when no record governs.
pub async fn check_report_auth<R: Resolver>(resolver: &R, dmarc: &DmarcCheck) -> Vec<ReportAuth> {
    let (Some(record), Some(source)) = (&dmarc.record, &dmarc.source_domain) else {
        return Vec::new();
    };
    let known_org = (*source == dmarc.domain).then(|| dmarc.org_domain.clone());
    check_destinations(resolver, source, record, known_org).await
}

/// Checks the report addresses of the DMARC `record` published at
/// `_dmarc.<policy_domain>`; the policy domain's organizational domain is
/// found with the tree walk.
pub async fn check_report_destinations<R: Resolver>(
    resolver: &R,
    policy_domain: &str,
    record: &str,
) -> Vec<ReportAuth> {
    check_destinations(resolver, &normalize(policy_domain), record, None).await
}

async fn check_destinations<R: Resolver>(
    resolver: &R,
    policy: &str,
    record: &str,
    known_org: Option<String>,
) -> Vec<ReportAuth> {
    let (parsed, _) = dmarc::parse(record);
    let uris: Vec<(&str, String, String)> = [("rua", &parsed.aggregate_uris), ("ruf", &parsed.failure_uris)]
        .into_iter()
        .flat_map(|(tag, uris)| uris.iter().map(move |u| (tag, u)))
        .filter(|(_, u)| u.is_valid() && u.is_mailto())
        .filter_map(|(tag, u)| u.mailbox_domain().map(|d| (tag, u.uri.clone(), normalize(d))))
        .collect();
    if uris.is_empty() {
        return Vec::new();
    }
    let policy_org = match known_org {
        Some(org) => org,
        None => org_domain(resolver, policy).await.org_domain,
    };
    let mut domains: Vec<String> = uris.iter().map(|(_, _, d)| d.clone()).collect();
    crate::order::sort(&mut domains);
    domains.dedup();
    let found = join_all(domains.iter().map(|d| destination(resolver, policy, &policy_org, d))).await;
    let found: BTreeMap<String, Destination> = crate::order::map(domains.into_iter().zip(found));

    let mut out = Vec::new();
    for (tag, uri, domain) in uris {
        let Some(dest) = found.get(&domain) else {
            continue;
        };
        let mut findings = dest.failures.clone();
        for problem in &dest.problems {
            let mut args: Vec<(&str, &str)> = problem.args.iter().map(|(k, v)| (*k, v.as_str())).collect();
            args.push(("uri", &uri));
            findings.push(finding(problem.subject.clone(), problem.code, &args));
        }
        crate::order::sort_by_key(&mut findings, |f| f.diagnostic.severity);
        out.push(ReportAuth {
            uri,
            tag: tag.to_string(),
            destination: domain,
            external: dest.external,
            authorized: dest.authorized,
            queried: dest.queried.clone(),
            findings,
        });
    }
    out
}

/// Whether receivers will send `policy`'s reports to `dest`, and whether
/// `dest` takes mail.
async fn destination<R: Resolver>(resolver: &R, policy: &str, policy_org: &str, dest: &str) -> Destination {
    let same = dest == policy || dest == policy_org;
    let (org, mx) = join2(
        async {
            if same {
                None
            } else {
                Some(org_domain(resolver, dest).await)
            }
        },
        resolver.query(dest, RecordType::Mx),
    )
    .await;
    let mut out = Destination {
        external: org.as_ref().is_some_and(|o| o.org_domain != policy_org),
        authorized: true,
        queried: Vec::new(),
        problems: Vec::new(),
        failures: Vec::new(),
    };
    let base = |name: &str| {
        vec![
            ("domain", policy.to_string()),
            ("destination", dest.to_string()),
            ("org", policy_org.to_string()),
            ("name", name.to_string()),
        ]
    };
    let no_mail = match &mx {
        Answer::NxDomain => Some("does not exist (NXDOMAIN)"),
        Answer::Records(records)
            if !records.is_empty()
                && records.iter().all(
                    |r| matches!(r, Record::Mx { exchange, .. } if exchange.is_empty() || exchange == "."),
                ) =>
        {
            Some("publishes a null MX (it accepts no mail)")
        }
        _ => None,
    };
    if let Some(why) = no_mail {
        let mut args = base("");
        args.push(("why", why.to_string()));
        out.problems.push(Problem { code: CheckCode::ReportDestNoMail, args, subject: format!("{dest} MX") });
    }
    if !out.external {
        return out;
    }
    out.authorized = false;
    let specific = format!("{policy}._report._dmarc.{dest}");
    if specific.len() > 253 {
        out.problems.push(Problem {
            code: CheckCode::ReportAuthNameTooLong,
            args: base(&specific),
            subject: format!("{specific} TXT"),
        });
        return out;
    }
    let wildcard = format!("*._report._dmarc.{dest}");
    for name in [&specific, &wildcard] {
        out.queried.push(name.clone());
        let answer = resolver.query(name, RecordType::Txt).await;
        if let Some(failure) = answer.failure() {
            let what = format!("whether {dest} accepts DMARC reports for {policy}");
            out.failures.push(lookup_failed(name, RecordType::Txt, failure, &what));
            return out;
        }
        if txt_texts(&answer).iter().any(|t| is_dmarc(t)) {
            out.authorized = true;
            return out;
        }
    }
    out.problems.push(Problem {
        code: CheckCode::ReportAuthMissing,
        args: base(&specific),
        subject: format!("{specific} TXT"),
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::join::block_on;
    use crate::diag::Severity;
    use crate::dns::MemoryResolver;

    fn zone_with(record: &str) -> MemoryResolver {
        let mut zone = MemoryResolver::new();
        zone.add("example.com", Record::Mx { preference: 10, exchange: "mx.example.com".into() });
        zone.add_txt("_dmarc.example.com", record);
        zone
    }

    fn run(zone: &MemoryResolver) -> Vec<ReportAuth> {
        let dmarc = block_on(super::super::dmarc::check_dmarc(zone, "example.com"));
        block_on(check_report_auth(zone, &dmarc))
    }

    #[test]
    fn an_authorized_external_destination_passes() {
        let mut zone = zone_with("v=DMARC1; p=none; rua=mailto:d@reports.example.net");
        zone.add_txt("example.com._report._dmarc.reports.example.net", "v=DMARC1");
        zone.add("reports.example.net", Record::Mx { preference: 10, exchange: "mx.example.net".into() });
        let auth = run(&zone);
        assert_eq!(auth.len(), 1);
        let a = &auth[0];
        assert_eq!(
            (a.uri.as_str(), a.tag.as_str(), a.destination.as_str()),
            ("mailto:d@reports.example.net", "rua", "reports.example.net")
        );
        assert!(a.external && a.authorized);
        assert_eq!(a.queried, ["example.com._report._dmarc.reports.example.net"]);
        assert!(a.findings.is_empty());
    }

    #[test]
    fn an_unauthorized_destination_is_a_warning_with_the_record_to_publish() {
        let mut zone =
            zone_with("v=DMARC1; p=none; rua=mailto:d@vendor.example; ruf=mailto:f@vendor.example");
        zone.add("vendor.example", Record::Mx { preference: 10, exchange: "mx.vendor.example".into() });
        let auth = run(&zone);
        assert_eq!(auth.len(), 2, "rua and ruf");
        for a in &auth {
            assert!(a.external && !a.authorized);
            assert_eq!(
                a.queried,
                ["example.com._report._dmarc.vendor.example", "*._report._dmarc.vendor.example"]
            );
            let f = &a.findings[0];
            assert_eq!(
                (f.diagnostic.code, f.diagnostic.severity),
                (CheckCode::ReportAuthMissing.into(), Severity::Warning)
            );
            assert!(f.diagnostic.message.contains(&a.uri));
            assert!(f.diagnostic.message.contains("drop the reports"));
            assert!(f.diagnostic.help.contains("example.com._report._dmarc.vendor.example TXT \"v=DMARC1\""));
        }
    }

    #[test]
    fn a_wildcard_authorization_counts() {
        let mut zone = zone_with("v=DMARC1; p=none; rua=mailto:d@vendor.example");
        zone.add_txt("*._report._dmarc.vendor.example", "v=DMARC1;");
        zone.add("vendor.example", Record::Mx { preference: 10, exchange: "mx.vendor.example".into() });
        let auth = run(&zone);
        assert!(auth[0].authorized);
        assert_eq!(auth[0].queried.len(), 2);
        assert!(auth[0].findings.is_empty());
    }

    #[test]
    fn a_destination_in_the_same_organization_is_not_queried() {
        let mut zone = zone_with("v=DMARC1; p=none; rua=mailto:d@example.com,mailto:e@reports.example.com");
        zone.add("reports.example.com", Record::Mx { preference: 10, exchange: "mx.example.com".into() });
        let auth = run(&zone);
        assert_eq!(auth.len(), 2);
        for a in &auth {
            assert!(!a.external && a.authorized, "{}", a.uri);
            assert!(a.queried.is_empty());
            assert!(a.findings.is_empty(), "{:?}", a.findings);
        }
    }

    #[test]
    fn a_destination_that_takes_no_mail_is_a_warning() {
        let mut parked = MemoryResolver::new();
        parked.add("parked.example", Record::Mx { preference: 0, exchange: ".".into() });
        parked.add_txt("_dmarc.parked.example", "v=DMARC1; p=reject; rua=mailto:d@parked.example");
        let dmarc = block_on(super::super::dmarc::check_dmarc(&parked, "parked.example"));
        let auth = block_on(check_report_auth(&parked, &dmarc));
        assert!(!auth[0].external);
        let f = &auth[0].findings[0];
        assert_eq!(
            (f.diagnostic.code, f.diagnostic.severity),
            (CheckCode::ReportDestNoMail.into(), Severity::Warning)
        );
        assert!(
            f.diagnostic.message.contains("parked.example publishes a null MX"),
            "{}",
            f.diagnostic.message
        );
        // An address at a domain that does not exist.
        let zone = zone_with("v=DMARC1; p=reject");
        let direct = block_on(check_report_destinations(
            &zone,
            "example.com",
            "v=DMARC1; rua=mailto:d@gone.example.com",
        ));
        assert!(!direct[0].external);
        assert!(direct[0].findings[0].diagnostic.message.contains("does not exist (NXDOMAIN)"));
    }

    #[test]
    fn a_failed_authorization_lookup_is_not_a_refusal() {
        let mut zone = zone_with("v=DMARC1; p=none; rua=mailto:a@vendor.example,mailto:b@vendor.example");
        zone.add_timeout("example.com._report._dmarc.vendor.example", RecordType::Txt);
        let auth = run(&zone);
        assert_eq!(auth.len(), 2);
        assert!(!auth[0].authorized);
        let codes: Vec<&str> = auth[0].findings.iter().map(|f| f.diagnostic.code.as_str()).collect();
        assert!(codes.contains(&"dns-timeout"), "{codes:?}");
        assert!(!codes.contains(&"check-report-auth-missing"), "{codes:?}");
    }

    #[test]
    fn an_authorization_name_too_long_for_dns_is_an_error_and_not_asked() {
        let policy = format!("{}.{}.{}.com", "a".repeat(63), "b".repeat(63), "c".repeat(50));
        let zone = MemoryResolver::new();
        let record = format!("v=DMARC1; rua=mailto:d@{}.example.net", "r".repeat(60));
        let auth = block_on(check_report_destinations(&zone, &policy, &record));
        assert!(auth[0].external && !auth[0].authorized);
        assert!(auth[0].queried.is_empty());
        let codes: Vec<&str> = auth[0].findings.iter().map(|f| f.diagnostic.code.as_str()).collect();
        assert!(codes.contains(&"check-report-auth-name-too-long"), "{codes:?}");
    }
}
