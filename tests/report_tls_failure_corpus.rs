//! TLS-RPT reports and DMARC failure reports from the shared corpora: every
//! file read, the outcome per file asserted.

use dmarc_lens::report::tls_rpt;

const CORPORA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpora");

fn read_corpus(path: &str) -> Vec<u8> {
    std::fs::read(format!("{CORPORA}/{path}")).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// One policy's expected outcome: type, successful and failed sessions, and
/// the failure types with their sessions.
type PolicyRow = (&'static str, Option<u64>, Option<u64>, &'static [(&'static str, u64)]);

/// What a TLS-RPT file must come to.
struct TlsOutcome {
    path: &'static str,
    org: Option<&'static str>,
    report_id: &'static str,
    /// Per policy.
    policies: &'static [PolicyRow],
    codes: &'static [&'static str],
}

const CRY: &str = "cry-inc-dmarc-report-viewer/testdata/smtp-tls-reports";
const PD: &str = "parsedmarc/samples/smtp_tls";
const MA: &str = "mail-auth/resources/tlsrpt";

const RFC_FAILURES: &[(&str, u64)] =
    &[("certificate-expired", 100), ("starttls-not-supported", 200), ("validation-failure", 3)];

fn tls_outcomes() -> Vec<(String, TlsOutcome)> {
    let o = |dir: &str, file: &'static str, outcome: TlsOutcome| {
        (format!("{dir}/{file}"), TlsOutcome { path: file, ..outcome })
    };
    let company_x = |codes: &'static [&'static str]| TlsOutcome {
        path: "",
        org: Some("Company-X"),
        report_id: "5065427c-23d3-47ca-b6e0-946ea0e8c4be",
        policies: &[("sts", Some(5326), Some(303), RFC_FAILURES)],
        codes,
    };
    vec![
        o(
            CRY,
            "google.json",
            TlsOutcome {
                path: "",
                org: Some("Google Inc."),
                report_id: "2025-05-22T00:00:00Z_foo-bar.io",
                policies: &[("sts", Some(1), Some(0), &[])],
                codes: &[],
            },
        ),
        o(
            CRY,
            "microsoft.json",
            TlsOutcome {
                path: "",
                org: Some("Microsoft Corporation"),
                report_id: "133925885310113267+random.net",
                policies: &[("sts", Some(2), Some(0), &[]), ("tlsa", Some(2), Some(0), &[])],
                codes: &[],
            },
        ),
        o(
            CRY,
            "no-contact.json",
            TlsOutcome {
                path: "",
                org: Some("server.com"),
                report_id: "123_456",
                policies: &[("sts", Some(1), Some(0), &[])],
                codes: &["tls-report-field-null", "tls-report-mx-host-invalid"],
            },
        ),
        o(
            CRY,
            "no-policy.json",
            TlsOutcome {
                path: "",
                org: Some("Google Inc."),
                report_id: "2025-03-27T00:00:00Z_foo-bar.io",
                policies: &[("no-policy-found", Some(1), Some(0), &[])],
                codes: &[],
            },
        ),
        o(
            CRY,
            "no_ip_and_mx.json",
            TlsOutcome {
                path: "",
                org: Some("Microsoft Corporation"),
                report_id: "1234567890+",
                policies: &[("sts", Some(0), Some(3), &[("sts-policy-fetch-error", 3)])],
                codes: &["tls-report-detail-incomplete", "tls-report-detail-incomplete"],
            },
        ),
        o(CRY, "rfc-example.json", company_x(&[])),
        o(
            PD,
            "mail.ru.json",
            TlsOutcome {
                path: "",
                org: Some("Mail.ru"),
                report_id: "b28254de-7b2e-be36-bb5c-4c3b92da8b25@mail.ru",
                policies: &[("sts", Some(0), Some(1), &[("sts-policy-fetch-error", 2)])],
                codes: &[
                    "tls-report-count-mismatch",
                    "tls-report-detail-incomplete",
                    "tls-report-detail-incomplete",
                    "tls-report-detail-incomplete",
                    "tls-report-detail-incomplete",
                ],
            },
        ),
        o(PD, "rfc8460.json", company_x(&["tls-report-string-not-list"])),
        o(
            PD,
            "smtp_tls.json",
            TlsOutcome {
                path: "",
                org: Some("Example Inc."),
                report_id: "2024-01-09T00:00:00Z_example.com",
                policies: &[("sts", Some(0), Some(3), &[("validation-failure", 3)])],
                codes: &[],
            },
        ),
        o(MA, "rpt01.json", company_x(&[])),
        o(
            MA,
            "rpt02.json",
            TlsOutcome {
                path: "",
                org: Some("Google Inc."),
                report_id: "2020-01-01T00:00:00Z_example.com",
                policies: &[("sts", Some(23), Some(1), &[("certificate-host-mismatch", 1)])],
                codes: &[],
            },
        ),
        o(
            MA,
            "rpt03.json",
            TlsOutcome {
                path: "",
                org: Some("Google Inc."),
                report_id: "2019-04-14T00:00:00Z_example.org",
                policies: &[
                    ("no-policy-found", Some(1), None, &[]),
                    ("invalid-policy-type", Some(1), None, &[]),
                ],
                codes: &[
                    "tls-report-field-missing",
                    "tls-report-field-missing",
                    "tls-report-field-missing",
                    "tls-report-field-missing",
                    "tls-report-policy-type-unknown",
                ],
            },
        ),
    ]
}

#[test]
fn every_tls_rpt_json_in_the_corpora_reads_as_expected() {
    let table = tls_outcomes();
    // Every JSON file in the three folders has a row.
    let mut on_disk = Vec::new();
    for dir in [CRY, PD, MA] {
        for entry in std::fs::read_dir(format!("{CORPORA}/{dir}")).unwrap() {
            let name = entry.unwrap().file_name().into_string().unwrap();
            if name.ends_with(".json") {
                on_disk.push(format!("{dir}/{name}"));
            }
        }
    }
    on_disk.sort();
    let mut listed: Vec<String> = table.iter().map(|(p, _)| p.clone()).collect();
    listed.sort();
    assert_eq!(on_disk, listed);

    for (path, want) in &table {
        let (report, diagnostics) =
            tls_rpt::read(&read_corpus(path)).unwrap_or_else(|r| panic!("{path}: {r}"));
        assert_eq!(report.organization_name.as_deref(), want.org, "{}", want.path);
        assert_eq!(report.report_id.as_deref(), Some(want.report_id), "{path}");
        let summary = tls_rpt::summarize(&report);
        assert_eq!(summary.len(), want.policies.len(), "{path}");
        for (got, (kind, ok, failed, failures)) in summary.iter().zip(want.policies) {
            assert_eq!(got.policy_type.as_ref().map(|t| t.as_str()), Some(*kind), "{path}");
            assert_eq!((got.successful, got.failed), (*ok, *failed), "{path}");
            let types: Vec<(&str, u64)> = got
                .by_mx
                .iter()
                .flat_map(|m| {
                    m.failures.iter().map(|f| (f.result_type.as_deref().unwrap_or("?"), f.sessions))
                })
                .collect();
            assert_eq!(types, *failures, "{path}");
        }
        let mut codes: Vec<&str> = diagnostics.iter().map(|d| d.code.as_str()).collect();
        codes.sort_unstable();
        assert_eq!(codes, want.codes, "{path}");
        for d in &diagnostics {
            assert!(d.span.end <= read_corpus(path).len(), "{path}: {d:?}");
        }
    }
}

#[test]
fn the_rfc_example_groups_failures_by_receiving_mx() {
    let (report, _) = tls_rpt::read(&read_corpus(&format!("{MA}/rpt01.json"))).unwrap();
    let summary = tls_rpt::summarize(&report);
    let mx: Vec<Option<&str>> = summary[0].by_mx.iter().map(|m| m.receiving_mx.as_deref()).collect();
    assert_eq!(
        mx,
        [
            Some("mx1.mail.company-y.example"),
            Some("mx2.mail.company-y.example"),
            Some("mx-backup.mail.company-y.example")
        ]
    );
    let range = report.date_range.unwrap();
    assert_eq!(range.start.unwrap().text, "2016-04-01T00:00:00Z");
    assert_eq!(report.policies[0].policy.mx_host, ["*.mail.company-y.example"]);
    let detail = &report.policies[0].failure_details[2];
    assert_eq!(detail.failure_reason_code.as_deref(), Some("X509_V_ERR_PROXY_PATH_LENGTH_EXCEEDED"));
    assert_eq!(detail.receiving_ip.as_deref(), Some("203.0.113.58"));
}

#[test]
fn an_unknown_policy_type_stays_visible() {
    let (report, _) = tls_rpt::read(&read_corpus(&format!("{MA}/rpt03.json"))).unwrap();
    assert_eq!(
        report.policies[1].policy.policy_type,
        Some(tls_rpt::PolicyType::Unknown("invalid-policy-type".into()))
    );
}
