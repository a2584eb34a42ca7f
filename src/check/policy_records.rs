//! BIMI, MTA-STS and TLS-RPT records, live, each explained with the rules
//! of the Explain page; and the MTA-STS policy file, whose fetch is the
//! platform's job.
//!
//! The three TXT records are asked at once: `default._bimi.<domain>`,
//! `_mta-sts.<domain>` and `_smtp._tls.<domain>`. Records that do not
//! start with the kind's version are skipped, as senders skip them; more
//! than one that does means none is used. A missing record is only worth
//! knowing (info): each is optional.
//!
//! The policy file lives at `https://mta-sts.<domain>/.well-known/mta-sts.txt`
//! ([`mta_sts_policy_url`]). The core has no network: the browser or the
//! command line fetches it and hands the outcome to
//! [`policy_fetch_findings`]. A browser often cannot read it at all (the
//! host sends no CORS headers), and cannot tell that from a network
//! failure; [`PolicyFetch::BlockedOrNetwork`] says exactly that and no more.

use serde::Serialize;

use super::join::join_all;
use super::mx::MxCheck;
use super::util::{explanation_findings, finding, lookup_failed, normalize, starts_with_version, txt_texts};
use super::Finding;
use crate::catalogue::CheckCode;
use crate::diag::{Diagnostic, Span};
use crate::dns::{RecordType, Resolver};
use crate::record::mta_sts::{parse_policy, Mode};
use crate::record::{explain_as, Explanation, Kind};

/// One of the optional policy records.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PolicyRecord {
    /// `bimi`, `mta-sts` or `tls-rpt`.
    pub kind: Kind,
    /// The name asked.
    pub name: String,
    /// The record found, as published.
    pub record: Option<String>,
    /// The record explained with every rule of the Explain page.
    pub explanation: Option<Explanation>,
    /// Findings: the Explain rules' on the record, or why there is none.
    pub findings: Vec<Finding>,
}

/// The domain's BIMI, MTA-STS and TLS-RPT records.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PolicyRecords {
    /// `default._bimi.<domain>`.
    pub bimi: PolicyRecord,
    /// `_mta-sts.<domain>`.
    pub mta_sts: PolicyRecord,
    /// `_smtp._tls.<domain>`.
    pub tls_rpt: PolicyRecord,
}

/// What each kind is called, where it lives, and its words.
struct Spec {
    kind: Kind,
    prefix: &'static str,
    version: &'static str,
    what: &'static str,
    absent: CheckCode,
    several: CheckCode,
}

const SPECS: [Spec; 3] = [
    Spec {
        kind: Kind::Bimi,
        prefix: "default._bimi",
        version: "BIMI1",
        what: "the BIMI record",
        absent: CheckCode::BimiAbsent,
        several: CheckCode::BimiSeveral,
    },
    Spec {
        kind: Kind::MtaSts,
        prefix: "_mta-sts",
        version: "STSv1",
        what: "the MTA-STS record",
        absent: CheckCode::MtaStsAbsent,
        several: CheckCode::MtaStsSeveral,
    },
    Spec {
        kind: Kind::TlsRpt,
        prefix: "_smtp._tls",
        version: "TLSRPTv1",
        what: "the TLS-RPT record",
        absent: CheckCode::TlsRptAbsent,
        several: CheckCode::TlsRptSeveral,
    },
];

/// Looks up and explains the BIMI, MTA-STS and TLS-RPT records of `domain`.
pub async fn check_policy_records<R: Resolver>(resolver: &R, domain: &str) -> PolicyRecords {
    let domain = normalize(domain);
    let names: Vec<String> = SPECS.iter().map(|s| format!("{}.{domain}", s.prefix)).collect();
    let answers = join_all(names.iter().map(|n| resolver.query(n, RecordType::Txt))).await;
    let mut records = SPECS.iter().zip(names).zip(answers).map(|((spec, name), answer)| {
        let mut out = PolicyRecord {
            kind: spec.kind,
            name: name.clone(),
            record: None,
            explanation: None,
            findings: Vec::new(),
        };
        let subject = format!("{name} TXT");
        if let Some(failure) = answer.failure() {
            out.findings.push(lookup_failed(&name, RecordType::Txt, failure, spec.what));
            return out;
        }
        let texts = txt_texts(&answer);
        let versioned: Vec<&String> =
            texts.iter().filter(|t| starts_with_version(t, spec.version, true)).collect();
        let chosen = match (versioned.as_slice(), texts.as_slice()) {
            ([one], _) => Some((*one).clone()),
            ([], [only]) => Some(only.clone()), // no version: the rules say so
            ([], _) => None,
            (several, _) => {
                let count = several.len().to_string();
                out.findings.push(finding(
                    subject.clone(),
                    spec.several,
                    &[("count", &count), ("name", &name), ("domain", &domain)],
                ));
                return out;
            }
        };
        match chosen {
            Some(text) => {
                let explanation = explain_as(&text, Some(spec.kind));
                out.findings = explanation_findings(&subject, &explanation);
                out.explanation = Some(explanation);
                out.record = Some(text);
            }
            None => out.findings.push(finding(subject, spec.absent, &[("domain", &domain), ("name", &name)])),
        }
        out
    });
    let missing = || PolicyRecord {
        kind: Kind::Unknown,
        name: String::new(),
        record: None,
        explanation: None,
        findings: Vec::new(),
    };
    let bimi = records.next().unwrap_or_else(missing);
    let mta_sts = records.next().unwrap_or_else(missing);
    let tls_rpt = records.next().unwrap_or_else(missing);
    PolicyRecords { bimi, mta_sts, tls_rpt }
}

/// Where senders fetch the MTA-STS policy of `domain` (RFC 8461 §3.3).
pub fn mta_sts_policy_url(domain: &str) -> String {
    format!("https://mta-sts.{}/.well-known/mta-sts.txt", normalize(domain))
}

/// How fetching the MTA-STS policy went, as the platform saw it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PolicyFetch {
    /// An HTTP response was read.
    Fetched {
        /// Its status code.
        status: u16,
        /// Its body.
        body: String,
    },
    /// Nothing could be read, and the platform cannot tell why: in a
    /// browser a CORS refusal and a network failure look the same. The
    /// platform's own words.
    BlockedOrNetwork(String),
    /// The server answered with an HTTP error status.
    HttpError(u16),
    /// No fetch was made.
    NotTried,
}

/// The MTA-STS policy file, checked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PolicyFetchCheck {
    /// Where the policy lives.
    pub url: String,
    /// Whether a policy file was read (status 200).
    pub fetched: bool,
    /// The file explained with every rule of the Explain page.
    pub explanation: Option<Explanation>,
    /// Findings: the Explain rules' on the file, or why there is none.
    pub findings: Vec<Finding>,
}

/// What the outcome of fetching `domain`'s MTA-STS policy means.
pub fn policy_fetch_findings(domain: &str, outcome: &PolicyFetch) -> PolicyFetchCheck {
    let domain = normalize(domain);
    let url = mta_sts_policy_url(&domain);
    let mut check =
        PolicyFetchCheck { url: url.clone(), fetched: false, explanation: None, findings: Vec::new() };
    let http_error = |status: u16| {
        let status = status.to_string();
        finding(
            url.clone(),
            CheckCode::MtaStsFetchHttp,
            &[("url", &url), ("status", &status), ("domain", &domain)],
        )
    };
    match outcome {
        PolicyFetch::Fetched { status: 200, body } => {
            let explanation = explain_as(body, Some(Kind::MtaStsPolicy));
            check.findings = explanation_findings(&url, &explanation);
            check.explanation = Some(explanation);
            check.fetched = true;
        }
        PolicyFetch::Fetched { status, .. } | PolicyFetch::HttpError(status) => {
            check.findings.push(http_error(*status));
        }
        PolicyFetch::BlockedOrNetwork(why) => {
            check.findings.push(finding(
                url.clone(),
                CheckCode::MtaStsFetchBlocked,
                &[("url", &url), ("why", why)],
            ));
        }
        PolicyFetch::NotTried => {
            check.findings.push(finding(url.clone(), CheckCode::MtaStsFetchNotTried, &[("url", &url)]));
        }
    }
    check
}

/// Whether an MX host matches a policy `mx` pattern (RFC 8461 §4.1): the
/// same name, or `*.` standing for exactly one leftmost label.
fn mx_matches(pattern: &str, host: &str) -> bool {
    let pattern = pattern.to_ascii_lowercase();
    match pattern.strip_prefix("*.") {
        Some(parent) => host.split_once('.').is_some_and(|(label, rest)| !label.is_empty() && rest == parent),
        None => pattern == host,
    }
}

/// The MX hosts the MTA-STS `policy` (the file's text) does not list: in
/// enforce mode senders refuse to deliver to them. Nothing when the mode
/// is `none` or the policy lists no valid pattern (its own rules say so).
pub fn policy_mx_findings(policy: &str, mx: &MxCheck) -> Vec<Finding> {
    let (parsed, _) = parse_policy(policy);
    if parsed.mx.is_empty() || parsed.mode.as_ref().is_some_and(|m| m.value == Mode::None) {
        return Vec::new();
    }
    let patterns: Vec<&str> = parsed.mx.iter().map(|m| m.value.as_str()).collect();
    let listed = patterns.join(", ");
    mx.hosts
        .iter()
        .filter(|h| !patterns.iter().any(|p| mx_matches(p, &h.exchange)))
        .map(|h| {
            let span = parsed.mx.first().map_or(Span::default(), |m| m.span);
            Finding::in_text(
                format!("{} MX", mx.domain),
                policy,
                Diagnostic::new(
                    CheckCode::MtaStsMxNotListed,
                    span,
                    &[("host", &h.exchange), ("patterns", &listed)],
                ),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::join::block_on;
    use crate::check::mx::check_mx;
    use crate::diag::Severity;
    use crate::dns::{MemoryResolver, Record};

    fn codes(findings: &[Finding]) -> Vec<&'static str> {
        findings.iter().map(|f| f.diagnostic.code.as_str()).collect()
    }

    #[test]
    fn present_records_are_explained() {
        let mut zone = MemoryResolver::new();
        zone.add_txt("default._bimi.example.com", "v=BIMI1; l=https://example.com/logo.svg");
        zone.add_txt("_mta-sts.example.com", "v=STSv1; id=20260101");
        zone.add_txt("_mta-sts.example.com", "some-verification=1");
        zone.add_txt("_smtp._tls.example.com", "v=TLSRPTv1; rua=mailto:tls@example.com");
        let records = block_on(check_policy_records(&zone, "example.com"));
        assert_eq!(records.bimi.record.as_deref(), Some("v=BIMI1; l=https://example.com/logo.svg"));
        assert_eq!(records.bimi.explanation.as_ref().map(|e| e.kind), Some(Kind::Bimi));
        assert_eq!(records.mta_sts.record.as_deref(), Some("v=STSv1; id=20260101"));
        assert!(records.mta_sts.findings.is_empty(), "{:?}", codes(&records.mta_sts.findings));
        assert_eq!(records.tls_rpt.name, "_smtp._tls.example.com");
        assert!(records.tls_rpt.explanation.is_some());
        let json = serde_json::to_value(&records).unwrap();
        assert_eq!(json["mta_sts"]["kind"], "mta-sts");
    }

    #[test]
    fn absent_records_are_info_saying_what_they_are_for() {
        let zone = MemoryResolver::new();
        let records = block_on(check_policy_records(&zone, "example.com"));
        for (record, code) in [
            (&records.bimi, "check-bimi-absent"),
            (&records.mta_sts, "check-mta-sts-absent"),
            (&records.tls_rpt, "check-tls-rpt-absent"),
        ] {
            assert_eq!(record.record, None);
            assert_eq!(codes(&record.findings), [code]);
            assert_eq!(record.findings[0].diagnostic.severity, Severity::Info);
        }
        assert!(records.mta_sts.findings[0].diagnostic.message.contains("verified TLS"));
        assert!(records.tls_rpt.findings[0].diagnostic.message.contains("report failed TLS"));
    }

    #[test]
    fn broken_and_doubled_records_say_what_is_wrong() {
        let mut zone = MemoryResolver::new();
        zone.add_txt("_mta-sts.example.com", "id=20260101");
        zone.add_txt("_smtp._tls.example.com", "v=TLSRPTv1; rua=mailto:a@example.com");
        zone.add_txt("_smtp._tls.example.com", "v=TLSRPTv1; rua=mailto:b@example.com");
        zone.add_timeout("default._bimi.example.com", RecordType::Txt);
        let records = block_on(check_policy_records(&zone, "example.com"));
        // Without its version the record is still explained, and the rules say why it fails.
        assert_eq!(records.mta_sts.record.as_deref(), Some("id=20260101"));
        assert!(codes(&records.mta_sts.findings).contains(&"mta-sts-version-missing"));
        assert_eq!(codes(&records.tls_rpt.findings), ["check-tls-rpt-several"]);
        assert_eq!(records.tls_rpt.record, None);
        assert_eq!(codes(&records.bimi.findings), ["dns-timeout"]);
    }

    #[test]
    fn policy_fetch_outcomes() {
        assert_eq!(mta_sts_policy_url("Example.com."), "https://mta-sts.example.com/.well-known/mta-sts.txt");
        let body = "version: STSv1\nmode: enforce\nmx: mx.example.com\nmax_age: 604800\n";
        let ok =
            policy_fetch_findings("example.com", &PolicyFetch::Fetched { status: 200, body: body.into() });
        assert!(ok.fetched);
        assert_eq!(ok.explanation.as_ref().map(|e| e.kind), Some(Kind::MtaStsPolicy));
        assert!(
            ok.findings.iter().all(|f| f.diagnostic.severity == Severity::Info),
            "{:?}",
            codes(&ok.findings)
        );

        let bad = policy_fetch_findings(
            "example.com",
            &PolicyFetch::Fetched { status: 200, body: "mode: x".into() },
        );
        assert!(bad.findings.iter().any(|f| f.diagnostic.severity == Severity::Error));

        let blocked = policy_fetch_findings(
            "example.com",
            &PolicyFetch::BlockedOrNetwork("TypeError: Failed to fetch".into()),
        );
        assert!(!blocked.fetched);
        assert_eq!(codes(&blocked.findings), ["check-mta-sts-fetch-blocked"]);
        let words = &blocked.findings[0].diagnostic;
        assert_eq!(words.severity, Severity::Info, "not a false failure");
        assert!(words.message.contains("cannot tell") && words.message.contains("CORS"));
        assert!(words.message.contains("TypeError: Failed to fetch"));

        for outcome in
            [PolicyFetch::HttpError(404), PolicyFetch::Fetched { status: 404, body: String::new() }]
        {
            let missing = policy_fetch_findings("example.com", &outcome);
            assert_eq!(codes(&missing.findings), ["check-mta-sts-fetch-http"]);
            assert!(missing.findings[0].diagnostic.message.contains("404"));
        }
        let not_tried = policy_fetch_findings("example.com", &PolicyFetch::NotTried);
        assert_eq!(codes(&not_tried.findings), ["check-mta-sts-fetch-not-tried"]);
    }

    #[test]
    fn mx_hosts_the_policy_does_not_list_are_errors() {
        let mut zone = MemoryResolver::new();
        zone.add("example.com", Record::Mx { preference: 10, exchange: "mx1.mail.example.com".into() });
        zone.add("example.com", Record::Mx { preference: 20, exchange: "backup.example.net".into() });
        zone.add("example.com", Record::Mx { preference: 30, exchange: "a.b.mail.example.com".into() });
        let mx = block_on(check_mx(&zone, "example.com"));
        let policy = "version: STSv1\nmode: enforce\nmx: *.mail.example.com\nmax_age: 604800\n";
        let findings = policy_mx_findings(policy, &mx);
        let hosts: Vec<&str> =
            findings.iter().map(|f| f.diagnostic.message.split(' ').nth(3).unwrap_or("")).collect();
        assert_eq!(hosts, ["backup.example.net", "a.b.mail.example.com"]);
        assert_eq!(
            findings[0].diagnostic.span.slice(findings[0].text.as_deref().unwrap()),
            "mx: *.mail.example.com"
        );
        let relaxed = "version: STSv1\nmode: none\nmx: *.mail.example.com\nmax_age: 604800\n";
        assert!(policy_mx_findings(relaxed, &mx).is_empty());
    }
}
