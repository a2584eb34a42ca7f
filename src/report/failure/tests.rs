//! Every rule, as a table: a feedback part it must fire on (with the exact
//! span) and the good part it must stay quiet on.

use super::*;

const GOOD: &str = "Feedback-Type: auth-failure
User-Agent: test/1.0
Version: 1
Original-Mail-From: <bounce@example.com>
Arrival-Date: Tue, 30 Apr 2019 02:09:00 +0000
Source-IP: 192.0.2.1 (mail.example.net)
Source-Port: 25
Incidents: 1
Reported-Domain: example.com
Authentication-Results: mx.example.net; dmarc=fail header.from=example.com;
  dkim=fail header.d=example.com; spf=fail smtp.mailfrom=bounce@example.com
Auth-Failure: dmarc
Delivery-Result: reject
Identity-Alignment: dkim, spf
DKIM-Domain: example.com
DKIM-Identity: @example.com
DKIM-Selector: s1
SPF-DNS: txt : example.com : \"v=spf1 -all\"
";

const HEADERS: &str = "Authentication-Results: mx.example.net; dkim=fail header.d=example.com\r\n\
From: \"Ann\" <Ann@Example.COM>\r\nSubject: =?utf-8?q?Hi?=\r\nDate: Tue, 30 Apr 2019 02:09:09 +0000\r\n\
Message-ID: <1@example.com>\r\n\r\nbody: not a header\r\n";

fn with(from: &str, to: &str) -> String {
    assert!(GOOD.contains(from), "{from}");
    GOOD.replacen(from, to, 1)
}

fn span(input: &str, text: &str, nth: usize) -> Span {
    let start = input
        .match_indices(text)
        .nth(nth)
        .map(|(i, _)| i)
        .unwrap_or_else(|| panic!("{text:?} not in {input}"));
    Span::new(start, start + text.len())
}

fn cases() -> Vec<(C, String, &'static str, usize)> {
    vec![
        (C::LineMalformed, with("Version: 1\n", "Version: 1\ngarbage line\n"), "garbage line", 0),
        (C::LineMalformed, format!("  {GOOD}"), "  Feedback-Type: auth-failure", 0),
        (C::FieldMissing, with("User-Agent: test/1.0\n", ""), "", 0),
        (C::FieldEmpty, with("<bounce@example.com>", ""), "Original-Mail-From: ", 0),
        (C::FieldDuplicate, with("Version: 1\n", "Version: 1\nVersion: 1\n"), "Version: 1", 1),
        (C::FieldUnknown, with("Version: 1\n", "Version: 1\nMessage-ID: <a@b>\n"), "Message-ID: <a@b>", 0),
        (C::VersionInvalid, with("Version: 1", "Version: 1.0"), "1.0", 1),
        (C::FeedbackTypeNotAuthFailure, with("auth-failure", "abuse"), "abuse", 0),
        (C::AuthFailureMissing, with("Auth-Failure: dmarc\n", ""), "Feedback-Type: auth-failure", 0),
        (C::AuthFailureUnknown, with("Auth-Failure: dmarc", "Auth-Failure: xdkim"), "xdkim", 0),
        (C::DeliveryResultInvalid, with("reject", "smg-policy-action"), "smg-policy-action", 0),
        (C::IdentityAlignmentMissing, with("Identity-Alignment: dkim, spf\n", ""), "Auth-Failure: dmarc", 0),
        (C::IdentityAlignmentInvalid, with("dkim, spf", "dkim, arc"), "dkim, arc", 0),
        (C::IdentityAlignmentInvalid, with("dkim, spf", "none, spf"), "none, spf", 0),
        (C::DkimFieldsMissing, with("DKIM-Selector: s1\n", ""), "Auth-Failure: dmarc", 0),
        (
            C::SpfDnsMissing,
            with("SPF-DNS: txt : example.com : \"v=spf1 -all\"\n", ""),
            "Auth-Failure: dmarc",
            0,
        ),
        (C::SourceIpInvalid, with("192.0.2.1 (mail.example.net)", "192.0.2.300"), "192.0.2.300", 0),
        (C::NumberInvalid, with("Source-Port: 25", "Source-Port: x25"), "x25", 0),
        (C::NumberInvalid, with("Incidents: 1", "Incidents: many"), "many", 0),
    ]
}

#[test]
fn the_good_part_is_clean_and_read() {
    let (report, diagnostics) = read_feedback_fields(GOOD.as_bytes());
    assert_eq!(diagnostics, vec![]);
    assert_eq!(report.source_ip.as_deref(), Some("192.0.2.1"));
    assert_eq!(report.source_port, Some(25));
    assert_eq!(report.auth_failure, Some(AuthFailure::Dmarc));
    assert_eq!(report.identity_alignment, Some(IdentityAlignment { dkim: true, spf: true, unknown: vec![] }));
    assert_eq!(report.delivery_result, Some(DeliveryResult::Reject));
    assert_eq!(
        report.authentication_results,
        ["mx.example.net; dmarc=fail header.from=example.com; dkim=fail header.d=example.com; spf=fail smtp.mailfrom=bounce@example.com"]
    );
    assert_eq!(report.fields.len(), 17);
    let ar = &report.fields[9];
    assert_eq!(
        ar.span.slice(GOOD),
        &GOOD[GOOD.find("Authentication-Results").unwrap()..GOOD.find("\nAuth-Failure").unwrap()]
    );
}

#[test]
fn every_rule_fires_with_its_span_and_stays_quiet_on_the_good_part() {
    for (code, bad, text, nth) in cases() {
        let (_, diagnostics) = read_feedback_fields(bad.as_bytes());
        let want = if text.is_empty() { Span::at(0) } else { span(&bad, text, nth) };
        assert!(
            diagnostics.iter().any(|d| d.code == code && d.span == want),
            "{code:?} at {want:?} not in {diagnostics:#?}\n{bad}"
        );
    }
}

#[test]
fn parts_and_container_rules() {
    let report = from_parts(None, Some(HEADERS.as_bytes()), None);
    let d: Vec<(Code, Span)> = report.diagnostics.iter().map(|d| (d.code, d.span)).collect();
    assert_eq!(d, [(C::NoFeedbackPart.into(), Span::at(0))]);
    let report = from_parts(Some(GOOD.as_bytes()), None, None);
    let d: Vec<(Code, Span)> = report.diagnostics.iter().map(|d| (d.code, d.span)).collect();
    assert_eq!(d, [(C::OriginalMissing.into(), Span::at(0))]);

    let mixed = container_diagnostics(" multipart/mixed; boundary=x");
    assert_eq!(
        mixed.iter().map(|d| (d.code, d.span)).collect::<Vec<_>>(),
        [(C::NotMultipartReport.into(), Span::new(1, 16))]
    );
    let no_type = container_diagnostics("multipart/report; boundary=\"x\"");
    assert_eq!(
        no_type.iter().map(|d| (d.code, d.span)).collect::<Vec<_>>(),
        [(C::ReportTypeMissing.into(), Span::new(0, 16))]
    );
    assert_eq!(
        container_diagnostics("Multipart/Report; report-type=\"feedback-report\"; boundary=x"),
        vec![]
    );
}

#[test]
fn every_failure_rule_has_a_case() {
    let elsewhere = [C::NoFeedbackPart, C::OriginalMissing, C::NotMultipartReport, C::ReportTypeMissing];
    let covered: Vec<C> = cases().into_iter().map(|(c, ..)| c).chain(elsewhere).collect();
    for code in C::ALL {
        assert!(covered.contains(code), "no case for {code:?}");
    }
}

#[test]
fn parts_combine_into_a_report() {
    let report = from_parts(Some(GOOD.as_bytes()), Some(HEADERS.as_bytes()), Some(b"human text"));
    assert_eq!(report.diagnostics, vec![]);
    assert_eq!(report.reported_domain.as_deref(), Some("example.com"));
    assert_eq!(report.identities.header_from.as_deref(), Some("\"Ann\" <Ann@Example.COM>"));
    assert_eq!(report.identities.header_from_domain.as_deref(), Some("example.com"));
    assert_eq!(report.identities.envelope_from.as_deref(), Some("<bounce@example.com>"));
    assert_eq!(report.identities.dkim_selector.as_deref(), Some("s1"));
    assert_eq!(report.original.subject.as_deref(), Some("=?utf-8?q?Hi?="));
    assert_eq!(report.original.message_id.as_deref(), Some("<1@example.com>"));
    assert_eq!(report.original.authentication_results.len(), 1);
    assert!(!report.original_headers.contains("body"));
    assert!(!report.from_text);
}

#[test]
fn a_text_only_report_is_read_from_its_text() {
    let text = "A message claiming to be from you has failed.\n\n  Sender Domain: example.com\n  Sender IP Address: 203.0.113.68\n  Received date: Mon, 07 Apr 2025 23:16:09 +0200\n  SPF Alignment: no\n  DKIM Alignment: yes\n\n------ This is a copy of the headers that were received.\n\nFrom: <user@example.com>\nSubject: Payment\n";
    let report = from_parts(None, None, Some(text.as_bytes()));
    assert!(report.from_text);
    assert_eq!(report.reported_domain.as_deref(), Some("example.com"));
    assert_eq!(report.source_ip.as_deref(), Some("203.0.113.68"));
    assert_eq!(
        report.identity_alignment,
        Some(IdentityAlignment { dkim: true, spf: false, unknown: vec![] })
    );
    assert_eq!(report.original.subject.as_deref(), Some("Payment"));
    let codes: Vec<&str> = report.diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, ["failure-no-feedback-part"]);
}

#[test]
fn odd_bytes_do_not_break_spans() {
    let bad = b"Feedback-Type: auth-failure\r\nUser-Agent: \xff\xfe\r\n\tmore\r\nVersion: 1\r\n\r\nignored: after the blank line";
    let (report, diagnostics) = read_feedback_fields(bad);
    assert_eq!(report.user_agent.as_deref(), Some("\u{fffd}\u{fffd} more"));
    assert_eq!(report.fields[1].span, Span::new(29, 50));
    assert!(diagnostics.iter().all(|d| d.span.end <= bad.len()));
    assert_eq!(report.fields.len(), 3);
}

use crate::catalogue::Code;
