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

// ---- Failure reports -------------------------------------------------------

use dmarc_lens::report::failure::{self, AuthFailure};

/// The unfolded value of header `name` in a header block.
fn header(block: &str, name: &str) -> Option<String> {
    let mut found: Option<String> = None;
    for line in block.lines() {
        if line.starts_with([' ', '\t']) {
            if let Some(v) = found.as_mut() {
                v.push(' ');
                v.push_str(line.trim());
            }
        } else if found.is_some() {
            break;
        } else if let Some((n, v)) = line.split_once(':') {
            if n.trim().eq_ignore_ascii_case(name) {
                found = Some(v.trim().to_string());
            }
        }
    }
    found
}

/// Base64, with the core's decoder.
fn base64(text: &str) -> Vec<u8> {
    dmarc_lens::report::mime::decode_base64(text.as_bytes()).bytes
}

/// A test-only MIME split: the top-level Content-Type, and each part's
/// content type with its (base64-decoded) body.
fn split_parts(eml: &str) -> (String, Vec<(String, Vec<u8>)>) {
    let eml = eml.replace("\r\n", "\n");
    let (top, _) = eml.split_once("\n\n").unwrap();
    let content_type = header(top, "content-type").unwrap();
    let boundary = content_type
        .split(';')
        .find_map(|p| p.trim().strip_prefix("boundary="))
        .map(|b| b.trim_matches('"').to_string())
        .unwrap();
    let mut parts = Vec::new();
    for chunk in eml.split(&format!("--{boundary}")).skip(1) {
        if chunk.starts_with("--") {
            break;
        }
        let chunk = chunk.strip_prefix('\n').unwrap_or(chunk);
        let (head, body) = chunk.split_once("\n\n").unwrap_or((chunk, ""));
        let kind = header(head, "content-type").unwrap_or_default().to_ascii_lowercase();
        let encoding = header(head, "content-transfer-encoding").unwrap_or_default().to_ascii_lowercase();
        let body = if encoding == "base64" { base64(body) } else { body.as_bytes().to_vec() };
        parts.push((kind, body));
    }
    (content_type, parts)
}

fn failure_report(path: &str) -> failure::FailureReport {
    let eml = String::from_utf8(read_corpus(path)).unwrap();
    let (content_type, parts) = split_parts(&eml);
    let part = |prefixes: &[&str]| {
        parts.iter().find(|(kind, _)| prefixes.iter().any(|p| kind.starts_with(p))).map(|(_, b)| b.as_slice())
    };
    let mut report = failure::from_parts(
        part(&["message/feedback-report"]),
        part(&["message/rfc822", "text/rfc822-headers"]),
        part(&["text/plain"]),
    );
    report.diagnostics.extend(failure::container_diagnostics(&content_type));
    report
}

/// What a failure report file must come to: reported domain, source IP,
/// Auth-Failure, header-From domain, whether read from the text part, and
/// the diagnostic codes (sorted).
type FailureRow = (
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
    Option<AuthFailure>,
    &'static str,
    bool,
    &'static [&'static str],
);

#[test]
fn every_failure_report_in_the_corpora_reads_as_expected() {
    let pd = "parsedmarc/samples/failure/";
    let rows: Vec<FailureRow> = vec![
        (
            "mail-auth/resources/arf/001.eml",
            None,
            None,
            None,
            "example.net",
            false,
            &["failure-feedback-type-not-auth-failure"],
        ),
        (
            "mail-auth/resources/arf/002.eml",
            Some("example.net"),
            Some("192.0.2.1"),
            None,
            "example.net",
            false,
            &["failure-feedback-type-not-auth-failure"],
        ),
        (
            "mail-auth/resources/arf/003.eml",
            Some("example.net"),
            Some("192.0.2.1"),
            Some(AuthFailure::Bodyhash),
            "example.net",
            false,
            &["failure-dkim-fields-missing", "failure-field-unknown"],
        ),
        (
            "mail-auth/resources/arf/004.eml",
            Some("interpublication.org"),
            Some("148.163.85.135"),
            Some(AuthFailure::Dmarc),
            "interpublication.org",
            false,
            &["failure-identity-alignment-missing"],
        ),
        (
            "mail-auth/resources/arf/005.eml",
            Some("a.sender.example"),
            Some("192.0.2.1"),
            Some(AuthFailure::Bodyhash),
            "a.sender.example",
            false,
            &[],
        ),
        (
            "DMARC Failure Report for domain.de (mail-from=sharepoint@domain.de, ip=10.10.10.10).eml",
            Some("domain.de"),
            Some("10.10.10.10"),
            Some(AuthFailure::Dmarc),
            "domain.de",
            false,
            &[
                "failure-delivery-result-invalid",
                "failure-field-unknown",
                "failure-identity-alignment-missing",
                "failure-version-invalid",
            ],
        ),
        (
            "[Netease DMARC Failure Report] Rent Reminder.eml",
            Some("cardinal.com"),
            Some("167.89.69.24"),
            None,
            "cardinal.com",
            false,
            &["failure-auth-failure-missing", "failure-not-multipart-report"],
        ),
        (
            "dmarc_ruf_report_linkedin.eml",
            Some("example.com"),
            Some("10.10.10.10"),
            Some(AuthFailure::Dmarc),
            "example.com",
            false,
            &[
                "failure-field-empty",
                "failure-field-unknown",
                "failure-identity-alignment-missing",
                "failure-version-invalid",
            ],
        ),
        (
            "dmarc_ruf_report_linkedin.crlf.eml",
            Some("example.com"),
            Some("10.10.10.10"),
            Some(AuthFailure::Dmarc),
            "example.com",
            false,
            &[
                "failure-field-empty",
                "failure-field-unknown",
                "failure-identity-alignment-missing",
                "failure-version-invalid",
            ],
        ),
        (
            "exim_plain_text_only_no_arf_part.eml",
            Some("example.com"),
            Some("203.0.113.68"),
            None,
            "example.com",
            true,
            &["failure-no-feedback-part", "failure-report-type-missing"],
        ),
    ];
    let mut on_disk: Vec<String> = std::fs::read_dir(format!("{CORPORA}/{pd}"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> =
        rows.iter().filter(|r| !r.0.contains('/')).map(|r| r.0.to_string()).collect();
    listed.sort();
    assert_eq!(on_disk, listed);
    for (file, domain, ip, auth_failure, from_domain, from_text, codes) in rows {
        let path = if file.contains('/') { file.to_string() } else { format!("{pd}{file}") };
        let report = failure_report(&path);
        assert_eq!(report.reported_domain.as_deref(), domain, "{path}");
        assert_eq!(report.source_ip.as_deref(), ip, "{path}");
        assert_eq!(report.auth_failure, auth_failure, "{path}");
        assert_eq!(report.identities.header_from_domain.as_deref(), Some(from_domain), "{path}");
        assert_eq!(report.from_text, from_text, "{path}");
        let mut got: Vec<&str> = report.diagnostics.iter().map(|d| d.code.as_str()).collect();
        got.sort_unstable();
        assert_eq!(got, codes, "{path}");
    }
}

#[test]
fn the_rfc_9991_fields_of_the_netease_report_are_read() {
    let report =
        failure_report("parsedmarc/samples/failure/[Netease DMARC Failure Report] Rent Reminder.eml");
    let alignment = report.identity_alignment.unwrap();
    assert!(alignment.dkim && alignment.spf && alignment.unknown.is_empty());
    assert_eq!(report.delivery_result, Some(failure::DeliveryResult::Delivered));
    assert_eq!(report.identities.dkim_domain.as_deref(), Some("entrata.com"));
    assert_eq!(report.original.subject.as_deref(), Some("Rent Reminder"));
}

/// Whitespace runs made single spaces, for comparing unfolded values.
fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn mail_auth_expected_parses_agree_on_shared_fields() {
    for n in 1..=5 {
        let base = format!("mail-auth/resources/arf/00{n}");
        let eml = String::from_utf8(read_corpus(&format!("{base}.eml"))).unwrap();
        let want: serde_json::Value = serde_json::from_slice(&read_corpus(&format!("{base}.json"))).unwrap();
        let (_, parts) = split_parts(&eml);
        let body =
            parts.iter().find(|(k, _)| k.starts_with("message/feedback-report")).map(|(_, b)| b).unwrap();
        let (got, _) = failure::read_feedback_fields(body);
        let text = |v: &serde_json::Value| v.as_str().map(str::to_string);
        let list = |v: &serde_json::Value| -> Vec<String> {
            v.as_array().unwrap().iter().map(|x| squash(x.as_str().unwrap())).collect()
        };
        let kind = match want["feedback_type"].as_str().unwrap() {
            "AuthFailure" => "auth-failure",
            "Abuse" => "abuse",
            other => panic!("{other}"),
        };
        assert_eq!(got.feedback_type.as_deref(), Some(kind), "{base}");
        assert_eq!(got.user_agent, text(&want["user_agent"]), "{base}");
        assert_eq!(got.original_mail_from, text(&want["original_mail_from"]), "{base}");
        assert_eq!(got.original_rcpt_to.first().cloned(), text(&want["original_rcpt_to"]), "{base}");
        assert_eq!(got.original_envelope_id, text(&want["original_envelope_id"]), "{base}");
        assert_eq!(got.source_ip, text(&want["source_ip"]), "{base}");
        assert_eq!(got.reported_domain, list(&want["reported_domain"]), "{base}");
        assert_eq!(got.reported_uri, list(&want["reported_uri"]), "{base}");
        let ar: Vec<String> = got.authentication_results.iter().map(|a| squash(a)).collect();
        assert_eq!(ar, list(&want["authentication_results"]), "{base}");
        assert_eq!(got.dkim_domain, text(&want["dkim_domain"]), "{base}");
        assert_eq!(got.dkim_identity, text(&want["dkim_identity"]), "{base}");
        assert_eq!(got.dkim_selector, text(&want["dkim_selector"]), "{base}");
        let body_b64 = got.dkim_canonicalized_body.as_deref().map(squash);
        assert_eq!(body_b64, text(&want["dkim_canonicalized_body"]).map(|b| squash(&b)), "{base}");
        let auth = got.auth_failure.as_ref().map(|a| format!("{a:?}").to_ascii_lowercase());
        let want_auth = want["auth_failure"].as_str().unwrap().to_ascii_lowercase();
        assert_eq!(auth.unwrap_or_else(|| "unspecified".into()), want_auth, "{base}");
    }
}
