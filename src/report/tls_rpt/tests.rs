//! Every rule, as a table: a report it must fire on (with the exact span)
//! and the good report it must stay quiet on.

use super::*;

const GOOD: &str = r#"{"organization-name": "Company-X",
 "date-range": {"start-datetime": "2016-04-01T00:00:00Z", "end-datetime": "2016-04-01T23:59:59Z"},
 "contact-info": "sts-reporting@company-x.example",
 "report-id": "r1",
 "policies": [{"policy": {"policy-type": "sts", "policy-string": ["version: STSv1", "mode: enforce"],
     "policy-domain": "company-y.example", "mx-host": ["*.mail.company-y.example"]},
   "summary": {"total-successful-session-count": 10, "total-failure-session-count": 3},
   "failure-details": [{"result-type": "certificate-expired", "sending-mta-ip": "198.51.100.62",
     "receiving-mx-hostname": "mx1.mail.company-y.example", "receiving-ip": "203.0.113.56",
     "failed-session-count": 3}]}]}"#;

/// Where a diagnostic must point.
#[derive(Clone, Copy, Debug)]
enum At {
    /// The first occurrence of this text.
    Text(&'static str),
    /// The n-th (0-based) occurrence of this text.
    Nth(&'static str, usize),
    /// `len` bytes right after the first occurrence of this text.
    After(&'static str, usize),
    /// An empty span where this text starts.
    Before(&'static str),
    /// An empty span just before the last byte (the closing brace).
    End,
}

impl At {
    fn resolve(self, input: &str) -> Span {
        let find = |text: &str, n: usize| {
            input
                .match_indices(text)
                .nth(n)
                .map(|(i, _)| i)
                .unwrap_or_else(|| panic!("{text:?} not in {input}"))
        };
        match self {
            At::Text(t) => Span::new(find(t, 0), find(t, 0) + t.len()),
            At::Nth(t, n) => Span::new(find(t, n), find(t, n) + t.len()),
            At::After(t, len) => Span::new(find(t, 0) + t.len(), find(t, 0) + t.len() + len),
            At::Before(t) => Span::at(find(t, 0)),
            At::End => Span::at(input.len() - 1),
        }
    }
}

fn cases() -> Vec<(C, String, At)> {
    use At::*;
    let with = |from: &str, to: &str| {
        assert!(GOOD.contains(from), "{from}");
        GOOD.replacen(from, to, 1)
    };
    vec![
        (C::FieldMissing, with("\"report-id\": \"r1\",\n ", ""), End),
        (
            C::FieldMissing,
            with("\"policy-domain\": \"company-y.example\", ", ""),
            Before("},\n   \"summary\""),
        ),
        (C::FieldNull, with("\"sts-reporting@company-x.example\"", "null"), Text("null")),
        (
            C::FieldType,
            with("\"total-successful-session-count\": 10", "\"total-successful-session-count\": \"10\""),
            Text("\"10\""),
        ),
        (C::FieldType, with("\"failed-session-count\": 3", "\"failed-session-count\": -3"), Text("-3")),
        (
            C::StringNotList,
            with("[\"*.mail.company-y.example\"]", "\"*.mail.company-y.example\""),
            Text("\"*.mail.company-y.example\""),
        ),
        (C::FieldUnknown, with("\"report-id\"", "\"extra\": 1, \"report-id\""), Text("\"extra\"")),
        (
            C::KeyDuplicate,
            with("\"report-id\": \"r1\"", "\"report-id\": \"r1\", \"report-id\": \"r2\""),
            Nth("\"report-id\"", 1),
        ),
        (
            C::DateInvalid,
            with("2016-04-01T00:00:00Z", "2016-04-01 00:00:00"),
            Text("\"2016-04-01 00:00:00\""),
        ),
        (
            C::DateRangeReversed,
            with("2016-04-01T23:59:59Z", "2016-03-31T23:59:59Z"),
            Text(
                "{\"start-datetime\": \"2016-04-01T00:00:00Z\", \"end-datetime\": \"2016-03-31T23:59:59Z\"}",
            ),
        ),
        (C::PolicyTypeUnknown, with("\"sts\"", "\"dane\""), Text("\"dane\"")),
        (
            C::ResultTypeUnknown,
            with("\"certificate-expired\"", "\"certificate-revoked\""),
            Text("\"certificate-revoked\""),
        ),
        (C::IpInvalid, with("198.51.100.62", "198.51.100.620"), Text("\"198.51.100.620\"")),
        (C::IpInvalid, with("203.0.113.56", "mx1"), Text("\"mx1\"")),
        (
            C::MxHostInvalid,
            with("\"*.mail.company-y.example\"]", "\"mx: mx.company-y.example\"]"),
            Text("\"mx: mx.company-y.example\""),
        ),
        (C::NoPolicies, format!("{}[]}}", &GOOD[..GOOD.find("[{\"policy\"").unwrap()]), Text("[]")),
        (
            C::CountMismatch,
            with("\"total-failure-session-count\": 3", "\"total-failure-session-count\": 2"),
            After("\"total-failure-session-count\": ", 1),
        ),
        (
            C::FailuresWithoutDetails,
            format!("{}}}]}}", &GOOD[..GOOD.find(",\n   \"failure-details\"").unwrap()]),
            After("\"total-failure-session-count\": ", 1),
        ),
        (C::DetailIncomplete, with("\"sending-mta-ip\": \"198.51.100.62\",", ""), Before("}]}]}")),
        (
            C::DetailIncomplete,
            with("\"receiving-mx-hostname\": \"mx1.mail.company-y.example\",", ""),
            Before("}]}]}"),
        ),
    ]
}

#[test]
fn the_good_report_is_clean() {
    let (report, diagnostics) = read(GOOD.as_bytes()).unwrap();
    assert_eq!(diagnostics, vec![]);
    assert_eq!(report.organization_name.as_deref(), Some("Company-X"));
    let range = report.date_range.unwrap();
    assert_eq!(range.start.unwrap().unix, Some(1_459_468_800));
    assert_eq!(range.end.unwrap().unix, Some(1_459_555_199));
}

#[test]
fn every_rule_fires_with_its_span_and_stays_quiet_on_the_good_report() {
    for (code, bad, at) in cases() {
        let (_, diagnostics) = read(bad.as_bytes()).unwrap_or_else(|r| panic!("{code:?} refused: {r}"));
        let want = at.resolve(&bad);
        assert!(
            diagnostics.iter().any(|d| d.code == code && d.span == want),
            "{code:?} at {want:?} ({:?}) not in {diagnostics:#?}\n{bad}",
            want.slice(&bad)
        );
        for d in &diagnostics {
            assert!(d.span.end <= bad.len());
        }
    }
}

fn refused(json: &[u8], limits: Limits) -> Diagnostic {
    read_with(json, limits).unwrap_err().diagnostic
}

#[test]
fn refusals_say_why_and_where() {
    let small = Limits { max_bytes: 10, max_depth: 16 };
    let d = refused(GOOD.as_bytes(), small);
    assert_eq!((d.code, d.span), (C::TooLarge.into(), Span::new(0, GOOD.len())));
    let deep = format!("{}1{}", "[".repeat(20), "]".repeat(20));
    let d = refused(deep.as_bytes(), Limits::default());
    assert_eq!((d.code, d.span), (C::TooDeep.into(), Span::new(0, deep.len())));
    // Deeper than serde_json's own limit: still our refusal, not a crash.
    let deeper = "[".repeat(100_000);
    assert_eq!(
        refused(deeper.as_bytes(), Limits { max_bytes: usize::MAX, max_depth: 1000 }).code,
        C::TooDeep
    );
    let d = refused(b"{\"a\": 1,\n \"b\" 2}", Limits::default());
    assert_eq!((d.code, d.span), (C::NotJson.into(), Span::at(14)));
    let d = refused(b" [1, 2]", Limits::default());
    assert_eq!((d.code, d.span), (C::NotObject.into(), Span::new(1, 7)));
    assert!(d.message.contains("a list"), "{}", d.message);
    assert_eq!(refused(b"\xff\xfe", Limits::default()).code, C::NotJson);
    // An aggregate report another tool turned into JSON is not taken for
    // a TLS-RPT report with everything missing.
    let converted = br#"{"version": "1.0", "report_metadata": {"org_name": "x"}, "policy_published": {}}"#;
    let d = refused(converted, Limits::default());
    assert_eq!((d.code, d.span), (C::NotTlsReport.into(), Span::new(0, converted.len())));
    assert!(d.message.contains("DMARC aggregate report converted to JSON"), "{}", d.message);
    let d = refused(b"{\"name\": \"package\"}", Limits::default());
    assert_eq!(d.code, C::NotTlsReport);
    assert!(!d.message.contains("aggregate"), "{}", d.message);
}

#[test]
fn every_tls_report_rule_has_a_case() {
    let refusals = [C::TooLarge, C::TooDeep, C::NotJson, C::NotObject, C::NotTlsReport];
    let covered: Vec<C> = cases().into_iter().map(|(c, _, _)| c).chain(refusals).collect();
    for code in C::ALL {
        assert!(covered.contains(code), "no case for {code:?}");
    }
}

#[test]
fn missing_counts_stay_missing() {
    let json = br#"{"organization-name": "o", "date-range": {"start-datetime": "2019-04-14T00:00:00Z", "end-datetime": "2019-04-14T23:59:59Z"}, "contact-info": "c", "report-id": "r",
      "policies": [{"policy": {"policy-type": "no-policy-found"}, "summary": {"total-successful-session-count": 1}}]}"#;
    let (report, diagnostics) = read(json).unwrap();
    assert_eq!(report.policies[0].summary.total_failure_session_count, None);
    assert_eq!(report.policies[0].policy.policy_type, Some(PolicyType::NoPolicyFound));
    let codes: Vec<&str> = diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, ["tls-report-field-missing", "tls-report-field-missing"]);
    assert!(diagnostics[0].message.contains("policy-domain"));
    assert!(diagnostics[1].message.contains("total-failure-session-count"));
}

#[test]
fn summary_groups_failures_by_mx() {
    let json = br#"{"organization-name": "o", "date-range": {"start-datetime": "2019-04-14T00:00:00Z", "end-datetime": "2019-04-14T23:59:59Z"}, "contact-info": "c", "report-id": "r",
      "policies": [{"policy": {"policy-type": "sts", "policy-domain": "d.example"}, "summary": {"total-successful-session-count": 1, "total-failure-session-count": 6},
        "failure-details": [
          {"result-type": "certificate-expired", "sending-mta-ip": "192.0.2.1", "receiving-mx-hostname": "mx1.d.example", "failed-session-count": 1},
          {"result-type": "starttls-not-supported", "sending-mta-ip": "192.0.2.1", "receiving-mx-hostname": "mx2.d.example", "failed-session-count": 2},
          {"result-type": "certificate-expired", "sending-mta-ip": "192.0.2.2", "receiving-mx-hostname": "mx1.d.example", "failed-session-count": 3}]}]}"#;
    let (report, _) = read(json).unwrap();
    let s = summarize(&report);
    assert_eq!(s[0].successful, Some(1));
    assert_eq!(s[0].failed, Some(6));
    type Failures<'a> = Vec<(Option<&'a str>, u64)>;
    let mx: Vec<(Option<&str>, Failures)> = s[0]
        .by_mx
        .iter()
        .map(|m| {
            (
                m.receiving_mx.as_deref(),
                m.failures.iter().map(|f| (f.result_type.as_deref(), f.sessions)).collect(),
            )
        })
        .collect();
    assert_eq!(
        mx,
        [
            (Some("mx1.d.example"), vec![(Some("certificate-expired"), 4)]),
            (Some("mx2.d.example"), vec![(Some("starttls-not-supported"), 2)])
        ]
    );
}

#[test]
fn every_result_type_is_explained() {
    let unknown = explain_result_type("no-such-type");
    for t in RESULT_TYPES {
        assert_ne!(explain_result_type(t), unknown, "{t}");
    }
}

#[test]
fn rfc3339_dates() {
    assert_eq!(parse_rfc3339("1970-01-01T00:00:00Z"), Some(0));
    assert_eq!(parse_rfc3339("1970-01-01T01:00:00+01:00"), Some(0));
    assert_eq!(parse_rfc3339("2024-02-29T12:00:00.250z"), Some(1_709_208_000));
    assert_eq!(parse_rfc3339("2023-02-29T12:00:00Z"), None);
    assert_eq!(parse_rfc3339("2016-04-01T00:00:00"), None);
    assert_eq!(parse_rfc3339("2016-04-01 00:00:00Z"), None);
    assert_eq!(parse_rfc3339("2016-13-01T00:00:00Z"), None);
    assert_eq!(parse_rfc3339("2016-04-01T00:00:00+0100"), None);
    assert_eq!(parse_rfc3339("é"), None);
}
