//! Whatever people paste, the explainer answers: no panic, spans inside the
//! input on character boundaries, and the JSON always serialises.

use dmarc_lens::record::explain;
use proptest::prelude::*;

fn check(input: &str) {
    let e = explain(input);
    for d in &e.diagnostics {
        assert!(d.span.start <= d.span.end && d.span.end <= input.len(), "{d:?}");
        assert!(input.is_char_boundary(d.span.start) && input.is_char_boundary(d.span.end), "{d:?}");
        assert!(!d.message.contains("{") || input.contains('{'), "unfilled placeholder: {}", d.message);
    }
    for t in &e.tags {
        if let Some(span) = t.span {
            assert!(span.end <= input.len());
        }
    }
    let json: serde_json::Value = serde_json::from_str(&e.to_json()).expect("valid JSON");
    assert_eq!(json["input"].as_str(), Some(input));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn arbitrary_strings_never_panic(input in any::<String>()) {
        check(&input);
    }

    #[test]
    fn record_shaped_strings_never_panic(
        input in proptest::collection::vec(
            prop_oneof![
                Just("v=DMARC1".to_string()), Just(";".to_string()), Just(" ".to_string()),
                Just("=".to_string()), Just(",".to_string()), Just("!".to_string()), Just(":".to_string()),
                Just("p=".to_string()), Just("rua=mailto:".to_string()), Just("fo=".to_string()),
                Just("pct=".to_string()), Just("@".to_string()), Just("\u{a0}".to_string()),
                "[a-z0-9.]{0,6}",
            ],
            0..40,
        ).prop_map(|parts| parts.concat())
    ) {
        check(&input);
    }
}

#[test]
fn large_records_are_handled() {
    let huge = format!("v=DMARC1; p=none; {}", "x=1; ".repeat(50_000));
    let e = explain(&huge);
    assert!(e.diagnostics.len() > 50_000 - 1);
    let many_uris = format!("v=DMARC1; p=none; rua={}", vec!["mailto:a@example.com"; 10_000].join(","));
    let e = explain(&many_uris);
    assert!(e.diagnostics.iter().any(|d| d.code.as_str() == "dmarc-uri-too-many"));
}

/// `i` written in base 26 with the letters a..z, so every name is a valid,
/// distinct tag name.
fn letters(mut i: usize) -> String {
    let mut name = String::from("x");
    loop {
        name.push(char::from(b'a' + (i % 26) as u8));
        i /= 26;
        if i == 0 {
            return name;
        }
    }
}

#[test]
fn a_hundred_thousand_distinct_tags_explain() {
    let tags: String = (0..100_000).map(|i| format!("{}=1; ", letters(i))).collect();
    let e = explain(&format!("v=DMARC1; p=none; {tags}"));
    // Every distinct unknown tag gets its own row and its own warning.
    assert!(e.tags.len() >= 100_002, "{}", e.tags.len());
    let unknown = e.diagnostics.iter().filter(|d| d.code.as_str() == "dmarc-tag-unknown").count();
    assert_eq!(unknown, 100_000);
}

/// The header explainer: no panic, spans inside the input on character
/// boundaries, filled messages, JSON that serialises.
fn check_headers(input: &str) {
    let e = dmarc_lens::headers::explain(input);
    for d in &e.diagnostics {
        assert!(d.span.start <= d.span.end && d.span.end <= input.len(), "{d:?}");
        assert!(input.is_char_boundary(d.span.start) && input.is_char_boundary(d.span.end), "{d:?}");
        assert!(!d.message.contains('{') || input.contains('{'), "unfilled placeholder: {}", d.message);
    }
    for t in &e.tags {
        let span = t.span.expect("header rows have spans");
        assert!(span.start <= span.end && span.end <= input.len());
        assert!(input.is_char_boundary(span.start) && input.is_char_boundary(span.end));
    }
    let _: serde_json::Value = serde_json::from_str(&e.to_json()).expect("valid JSON");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn headers_arbitrary_strings_never_panic(input in any::<String>()) {
        check_headers(&input);
    }

    #[test]
    fn header_shaped_strings_never_panic(
        input in proptest::collection::vec(
            prop_oneof![
                Just("From: ".to_string()), Just("Authentication-Results: ".to_string()),
                Just("DKIM-Signature: ".to_string()), Just("Return-Path: ".to_string()),
                Just("\r\n".to_string()), Just("\n".to_string()), Just("\n ".to_string()),
                Just(";".to_string()), Just("=".to_string()), Just("(".to_string()), Just(")".to_string()),
                Just("\"".to_string()), Just("\\".to_string()), Just("<".to_string()), Just(">".to_string()),
                Just("@".to_string()), Just(",".to_string()), Just(".".to_string()), Just("é".to_string()),
                Just("spf=pass smtp.mailfrom=".to_string()), Just("dkim=pass header.d=".to_string()),
                Just("dmarc=fail".to_string()), Just("d=".to_string()), Just("a=rsa-sha1".to_string()),
                "[a-z0-9.]{0,8}",
            ],
            0..60,
        ).prop_map(|parts| parts.concat())
    ) {
        check_headers(&input);
    }
}

#[test]
fn deeply_nested_header_comments_do_not_overflow() {
    let depth = 200_000;
    let text = format!(
        "Authentication-Results: mx.example.net {}x{}; spf=pass\nFrom: {}a@example.com\n",
        "(".repeat(depth),
        ")".repeat(depth),
        "(".repeat(depth)
    );
    check_headers(&text);
}

/// The same promises for the other record kinds' explainers (DKIM keys,
/// BIMI, MTA-STS record and policy, TLS-RPT): no panic, spans inside the
/// input on character boundaries, filled placeholders, sorted findings,
/// and a corrected record (when offered) without errors.
mod other_kinds {
    use dmarc_lens::diag::has_errors;
    use dmarc_lens::record::{dkim, Explained};
    use proptest::prelude::*;

    pub(super) fn check_kind(input: &str, explain: fn(&str) -> Explained) {
        let e = explain(input);
        for d in &e.diagnostics {
            assert!(d.span.start <= d.span.end && d.span.end <= input.len(), "{input:?} {d:?}");
            assert!(input.is_char_boundary(d.span.start) && input.is_char_boundary(d.span.end), "{d:?}");
            assert!(!d.message.contains('{') || input.contains('{'), "unfilled placeholder: {}", d.message);
            assert!(!d.help.contains('{') || input.contains('{'), "unfilled placeholder: {}", d.help);
        }
        let keys: Vec<_> = e.diagnostics.iter().map(|d| (d.severity, d.span.start)).collect();
        let mut sorted = keys.clone();
        sorted.sort();
        assert_eq!(keys, sorted, "diagnostics not sorted for {input:?}");
        for t in &e.tags {
            if let Some(span) = t.span {
                assert!(span.start <= span.end && span.end <= input.len());
                assert!(input.is_char_boundary(span.start) && input.is_char_boundary(span.end));
            }
            assert!(t.lookups.is_none());
        }
        if let Some(fixed) = &e.corrected {
            assert_ne!(fixed, input);
            assert!(!has_errors(&explain(fixed).diagnostics), "{input:?} -> {fixed:?}");
        }
    }

    fn dkim_shaped() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                Just("v=DKIM1".to_string()),
                Just(";".to_string()),
                Just(" ".to_string()),
                Just("\r\n\t".to_string()),
                Just("=".to_string()),
                Just(":".to_string()),
                Just("k=rsa".to_string()),
                Just("k=ed25519".to_string()),
                Just("h=sha1".to_string()),
                Just("t=y".to_string()),
                Just("p=".to_string()),
                Just("\"".to_string()),
                Just("MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQ".to_string()),
                Just("MIIBCgKCAQEA".to_string()),
                Just("11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=".to_string()),
                "[A-Za-z0-9+/=]{0,12}",
            ],
            0..30,
        )
        .prop_map(|parts| parts.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]

        #[test]
        fn dkim_never_panics(input in any::<String>()) {
            check_kind(&input, dkim::explain);
        }

        #[test]
        fn dkim_shaped_never_panics(input in dkim_shaped()) {
            check_kind(&input, dkim::explain);
        }

        #[test]
        fn dkim_arbitrary_key_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
            let b64 = base64ish(&bytes);
            check_kind(&format!("v=DKIM1; p={b64}"), dkim::explain);
        }
    }

    /// Plain base64 of `bytes`, so the DER reader sees arbitrary input.
    fn base64ish(bytes: &[u8]) -> String {
        const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut out = String::new();
        for chunk in bytes.chunks(3) {
            let n = chunk.iter().enumerate().fold(0u32, |acc, (i, b)| acc | (u32::from(*b) << (16 - 8 * i)));
            for i in 0..=chunk.len() {
                out.push(char::from(A[((n >> (18 - 6 * i)) & 63) as usize]));
            }
            for _ in chunk.len()..3 {
                out.push('=');
            }
        }
        out
    }

    #[test]
    fn dkim_der_edge_cases() {
        for p in ["MA==", "MIA=", "MIQAAAAA", "MAMCAQA=", "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8A", "AgEA"] {
            check_kind(&format!("v=DKIM1; p={p}"), dkim::explain);
        }
    }
}

mod tls_rpt_kind {
    use super::other_kinds::check_kind;
    use dmarc_lens::record::tls_rpt;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]

        #[test]
        fn tls_rpt_never_panics(input in any::<String>()) {
            check_kind(&input, tls_rpt::explain);
        }

        #[test]
        fn tls_rpt_shaped_never_panics(
            input in proptest::collection::vec(
                prop_oneof![
                    Just("v=TLSRPTv1".to_string()), Just(";".to_string()), Just(" ".to_string()),
                    Just("=".to_string()), Just(",".to_string()), Just("rua=".to_string()),
                    Just("RUA=".to_string()), Just("rue=".to_string()), Just("mailto:".to_string()),
                    Just("https://".to_string()), Just("@".to_string()), Just("\u{a0}".to_string()),
                    "[a-z0-9.]{0,6}",
                ],
                0..30,
            ).prop_map(|parts| parts.concat())
        ) {
            check_kind(&input, tls_rpt::explain);
        }
    }
}

mod mta_sts_kind {
    use super::other_kinds::check_kind;
    use dmarc_lens::record::mta_sts;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]

        #[test]
        fn mta_sts_never_panics(input in any::<String>()) {
            check_kind(&input, mta_sts::explain);
            check_kind(&input, mta_sts::explain_policy);
        }

        #[test]
        fn mta_sts_policy_shaped_never_panics(
            input in proptest::collection::vec(
                prop_oneof![
                    Just("version: STSv1".to_string()), Just("mode: ".to_string()), Just("enforce".to_string()),
                    Just("Testing".to_string()), Just("mx: ".to_string()), Just("*.".to_string()),
                    Just("max_age: ".to_string()), Just("maxage:".to_string()), Just("\n".to_string()),
                    Just("\r\n".to_string()), Just(":".to_string()), Just(" ".to_string()),
                    Just("v=STSv1; id=".to_string()), Just(";".to_string()), "[a-z0-9.]{0,8}",
                ],
                0..30,
            ).prop_map(|parts| parts.concat())
        ) {
            check_kind(&input, mta_sts::explain_policy);
            check_kind(&input, mta_sts::explain);
        }
    }
}

mod bimi_kind {
    use super::other_kinds::check_kind;
    use dmarc_lens::record::bimi;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]

        #[test]
        fn bimi_never_panics(input in any::<String>()) {
            check_kind(&input, bimi::explain);
        }

        #[test]
        fn bimi_shaped_never_panics(
            input in proptest::collection::vec(
                prop_oneof![
                    Just("v=BIMI1".to_string()), Just(";".to_string()), Just(" ".to_string()),
                    Just("=".to_string()), Just(",".to_string()), Just("l=".to_string()), Just("a=".to_string()),
                    Just("L=".to_string()), Just("lps=".to_string()), Just("avp=".to_string()),
                    Just("https://".to_string()), Just("http://".to_string()), Just(".svg".to_string()),
                    Just("\u{a0}".to_string()), "[a-z0-9./]{0,8}",
                ],
                0..30,
            ).prop_map(|parts| parts.concat())
        ) {
            check_kind(&input, bimi::explain);
        }
    }
}

// --- SPF -------------------------------------------------------------------

fn check_spf(input: &str) {
    let e = dmarc_lens::record::spf::explain(input);
    for d in &e.diagnostics {
        assert!(d.span.start <= d.span.end && d.span.end <= input.len(), "{d:?}");
        assert!(input.is_char_boundary(d.span.start) && input.is_char_boundary(d.span.end), "{d:?}");
        assert!(!d.message.contains("{") || input.contains('{'), "unfilled placeholder: {}", d.message);
    }
    for t in &e.tags {
        if let Some(span) = t.span {
            assert!(
                span.end <= input.len()
                    && input.is_char_boundary(span.start)
                    && input.is_char_boundary(span.end)
            );
        }
    }
    if let Some(fixed) = &e.corrected {
        let again = dmarc_lens::record::spf::explain(fixed);
        assert!(!dmarc_lens::diag::has_errors(&again.diagnostics), "{fixed:?}: {:?}", again.diagnostics);
    }
    // Evaluating it never panics either (the memory resolver is always ready).
    let mut dns = dmarc_lens::dns::MemoryResolver::new();
    dns.add_txt("example.com", input);
    dns.add_txt("x.example", input);
    let options = dmarc_lens::record::spf::CheckOptions::default();
    let ip = std::net::IpAddr::from([192, 0, 2, 1]);
    let future = dmarc_lens::record::spf::check_host(&dns, ip, "example.com", "a@example.com", &options);
    let mut future = std::pin::pin!(future);
    let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
    assert!(std::future::Future::poll(future.as_mut(), &mut cx).is_ready());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn spf_arbitrary_strings_never_panic(input in any::<String>()) {
        check_spf(&input);
    }

    #[test]
    fn spf_record_shaped_strings_never_panic(
        input in proptest::collection::vec(
            prop_oneof![
                Just("v=spf1".to_string()), Just(" ".to_string()), Just("\t".to_string()),
                Just("-".to_string()), Just("~".to_string()), Just("+".to_string()), Just("?".to_string()),
                Just("all".to_string()), Just("include:".to_string()), Just("a".to_string()),
                Just("mx".to_string()), Just("ptr".to_string()), Just("ip4:".to_string()),
                Just("ip6:".to_string()), Just("exists:".to_string()), Just("redirect=".to_string()),
                Just("exp=".to_string()), Just("x.example".to_string()), Just("/".to_string()),
                Just("//".to_string()), Just(":".to_string()), Just("=".to_string()), Just("%".to_string()),
                Just("%{".to_string()), Just("}".to_string()), Just("%{ir}".to_string()),
                Just("192.0.2.1".to_string()), Just("2001:db8::".to_string()), Just("\u{e9}".to_string()),
                "[a-z0-9.]{0,6}",
            ],
            0..40,
        ).prop_map(|parts| parts.concat())
    ) {
        check_spf(&input);
    }
}

#[test]
fn large_spf_records_are_handled() {
    let huge = format!("v=spf1 {}-all", "ip4:192.0.2.1 ".repeat(50_000));
    let e = dmarc_lens::record::spf::explain(&huge);
    assert!(e.diagnostics.iter().any(|d| d.code.as_str() == "spf-term-duplicate"));
    assert_eq!(e.corrected.as_deref(), Some("v=spf1 ip4:192.0.2.1 -all"));
    let includes: String = (0..20_000).map(|i| format!("include:i{i}.example ")).collect();
    let e = dmarc_lens::record::spf::explain(&format!("v=spf1 {includes}-all"));
    assert!(e.diagnostics.iter().any(|d| d.code.as_str() == "spf-too-many-lookups"));
}

// ---- unpacking and the MIME reader (report::unpack, report::mime) ----

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn unpack_never_panics_on_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let limits = dmarc_lens::report::unpack::Limits::default();
        for name in ["x", "r.xml.gz", "r.zip", "r.eml"] {
            let out = dmarc_lens::report::unpack::unpack(name, &bytes, &limits);
            prop_assert!(out.refused.is_some() || !out.documents.is_empty());
        }
    }

    #[test]
    fn unpack_never_panics_on_damaged_containers(
        prefix in prop_oneof![Just(vec![0x1f_u8, 0x8b, 8]), Just(b"PK\x03\x04".to_vec()), Just(b"From: a\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n".to_vec()), Just(b"From x\n".to_vec())],
        rest in proptest::collection::vec(any::<u8>(), 0..1024),
    ) {
        let bytes = [prefix, rest].concat();
        let _ = dmarc_lens::report::unpack::unpack("r", &bytes, &dmarc_lens::report::unpack::Limits::default());
    }

    #[test]
    fn mime_reader_never_panics_and_spans_fit(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let message = dmarc_lens::report::mime::parse(&bytes);
        for part in message.root.walk() {
            prop_assert!(part.span.start <= part.span.end);
        }
        for d in &message.diagnostics {
            prop_assert!(d.span.start <= d.span.end);
        }
    }
}

/// The TLS-RPT reader on any bytes: a report or a refusal, never a panic,
/// and every span inside the input.
fn check_tls_report(bytes: &[u8]) {
    match dmarc_lens::report::tls_rpt::read(bytes) {
        Ok((_, diagnostics)) => {
            for d in &diagnostics {
                assert!(d.span.start <= d.span.end && d.span.end <= bytes.len(), "{d:?}");
            }
        }
        Err(refusal) => assert!(refusal.diagnostic.span.end <= bytes.len(), "{refusal:?}"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn tls_report_reader_takes_any_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        check_tls_report(&bytes);
    }

    #[test]
    fn tls_report_shaped_json_never_panics(
        json in proptest::collection::vec(
            prop_oneof![
                Just("{".to_string()), Just("}".to_string()), Just("[".to_string()), Just("]".to_string()),
                Just(",".to_string()), Just(":".to_string()), Just("null".to_string()), Just("-1".to_string()),
                Just("\"policies\"".to_string()), Just("\"policy\"".to_string()), Just("\"summary\"".to_string()),
                Just("\"failure-details\"".to_string()), Just("\"policy-type\"".to_string()),
                Just("\"mx-host\"".to_string()), Just("\"date-range\"".to_string()),
                Just("\"start-datetime\"".to_string()), Just("\"2016-04-01T00:00:00Z\"".to_string()),
                Just("\"failed-session-count\"".to_string()), Just("\"sending-mta-ip\"".to_string()),
                "[0-9]{1,20}", "\"[a-z.:*-]{0,8}\"",
            ],
            0..60,
        ).prop_map(|parts| parts.concat())
    ) {
        check_tls_report(json.as_bytes());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn failure_report_readers_take_any_bytes(
        feedback in proptest::option::of(proptest::collection::vec(any::<u8>(), 0..512)),
        original in proptest::option::of(proptest::collection::vec(any::<u8>(), 0..256)),
        text in proptest::option::of(proptest::collection::vec(any::<u8>(), 0..256)),
    ) {
        if let Some(part) = &feedback {
            let (_, diagnostics) = dmarc_lens::report::failure::read_feedback_fields(part);
            for d in &diagnostics {
                prop_assert!(d.span.start <= d.span.end && d.span.end <= part.len());
            }
        }
        let report = dmarc_lens::report::failure::from_parts(feedback.as_deref(), original.as_deref(), text.as_deref());
        let limit = feedback.as_ref().map_or(0, Vec::len);
        for d in &report.diagnostics {
            prop_assert!(d.span.end <= limit, "{:?}", d);
        }
    }
}

/// DMARC aggregate reports: arbitrary bytes and XML-shaped text never panic
/// the reader, and every span sits inside the input.
mod aggregate_reports {
    use dmarc_lens::report::aggregate::read;
    use proptest::prelude::*;

    fn check(input: &[u8]) {
        let diagnostics = match read(input) {
            Ok((report, diagnostics)) => {
                serde_json::to_string(&report).expect("serialises");
                diagnostics
            }
            Err(refusal) => {
                assert!(!refusal.reason.is_empty());
                refusal.diagnostics
            }
        };
        for d in &diagnostics {
            assert!(d.span.start <= d.span.end && d.span.end <= input.len(), "{d:?}");
            assert!(!d.message.contains("{") || input.contains(&b'{'), "unfilled placeholder: {}", d.message);
        }
    }

    fn xml_shaped() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                Just("<feedback>".to_string()),
                Just("</feedback>".to_string()),
                Just("<?xml version=\"1.0\" encoding=\"windows-1252\"?>".to_string()),
                Just("<record><row><source_ip>".to_string()),
                Just("</source_ip><count>".to_string()),
                Just("</count></row>".to_string()),
                Just("<policy_evaluated><disposition>".to_string()),
                Just("</disposition>".to_string()),
                Just("<auth_results><spf><domain>".to_string()),
                Just("</domain><result>".to_string()),
                Just("</result></spf></auth_results></record>".to_string()),
                Just("<report_metadata><org_name>".to_string()),
                Just("</org_name>".to_string()),
                Just("<date_range><begin>".to_string()),
                Just("</begin><end>1.5</end></date_range>".to_string()),
                Just("<![CDATA[x<y]]>".to_string()),
                Just("<!-- c -->".to_string()),
                Just("<!DOCTYPE x [<!ENTITY a 'b'>]>".to_string()),
                Just("&amp;".to_string()),
                Just("&a;".to_string()),
                Just("&#x1F600;".to_string()),
                Just("<".to_string()),
                Just("&".to_string()),
                Just("/>".to_string()),
                Just("<ns:x a='1'>".to_string()),
                Just("Pass".to_string()),
                Just("\u{e9}".to_string()),
                "[a-z0-9. :]{0,8}",
            ],
            0..60,
        )
        .prop_map(|parts| parts.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn aggregate_arbitrary_bytes_never_panic(input in proptest::collection::vec(any::<u8>(), 0..400)) {
            check(&input);
        }

        #[test]
        fn aggregate_xml_shaped_never_panics(input in xml_shaped()) {
            check(input.as_bytes());
        }

        #[test]
        fn aggregate_xml_shaped_bytes_never_panic(input in xml_shaped(), flip in any::<(usize, u8)>()) {
            let mut bytes = input.into_bytes();
            if !bytes.is_empty() {
                let at = flip.0 % bytes.len();
                bytes[at] = flip.1;
            }
            check(&bytes);
        }
    }
}

/// Plans from whatever is typed into the form: no panic, findings that
/// point inside the text they name, and every record a plan gives explains
/// without errors.
mod plan {
    use dmarc_lens::check::Finding;
    use dmarc_lens::plan::{dkim, generate, spf, Date, Pace, PlanInput, RampStyle, SendingSubdomain};
    use dmarc_lens::record::explain_as;
    use proptest::prelude::*;

    fn findings_fit(findings: &[Finding]) {
        for f in findings {
            let span = f.diagnostic.span;
            let text = f.text.as_deref().unwrap_or("");
            assert!(span.start <= span.end && span.end <= text.len(), "{f:?}");
            assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end), "{f:?}");
            assert!(!f.diagnostic.message.contains("{") || text.contains('{'), "{}", f.diagnostic.message);
        }
    }

    fn record_shaped() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                Just("v=DMARC1".to_string()),
                Just("; ".to_string()),
                Just("p=".to_string()),
                Just("sp=".to_string()),
                Just("np=".to_string()),
                Just("pct=".to_string()),
                Just("t=y".to_string()),
                Just("none".to_string()),
                Just("quarantine".to_string()),
                Just("reject".to_string()),
                Just("rua=".to_string()),
                Just("ruf=".to_string()),
                Just("mailto:".to_string()),
                Just("d@example.com".to_string()),
                Just(",".to_string()),
                Just("\"".to_string()),
                Just("fo=1".to_string()),
                Just("adkim=s".to_string()),
                Just("\n".to_string()),
                "[a-z0-9.@!]{0,6}",
                "[0-9]{1,3}",
            ],
            0..16,
        )
        .prop_map(|parts| parts.concat())
    }

    fn address() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("mailto:dmarc@example.com".to_string()),
            Just("mailto:x@vendor.example".to_string()),
            Just("r@parked.example".to_string()),
            "(mailto:)?[a-z.@,;! ]{0,16}",
            any::<String>(),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        #[test]
        fn plans_never_panic_and_their_records_explain_clean(
            domain in prop_oneof![Just("example.com".to_string()), Just("parked.example".to_string()), "[a-z.-]{0,12}", any::<String>()],
            current in proptest::option::of(prop_oneof![record_shaped(), any::<String>()]),
            rua in proptest::collection::vec(address(), 0..3),
            ruf in proptest::collection::vec(address(), 0..2),
            sub in proptest::option::of(("[a-z]{1,5}\\.example\\.com|[a-z. ]{0,8}", proptest::option::of(record_shaped()))),
            days in -800_000i64..3_000_000,
            flags in any::<(bool, bool, bool, u8, bool)>(),
        ) {
            let (parked, receives, lists, style, conservative) = flags;
            let mut input = PlanInput::new(domain, Date::from_days_since_epoch(days));
            input.parked = parked;
            input.receives_mail = receives && parked;
            input.mailing_lists = lists;
            input.style = [RampStyle::Pct, RampStyle::Testing, RampStyle::Both][usize::from(style % 3)];
            input.pace = if conservative { Pace::Conservative } else { Pace::Standard };
            input.current = current;
            input.rua = rua;
            input.ruf = ruf;
            input.subdomains = sub.into_iter().map(|(name, current)| SendingSubdomain { name, current }).collect();
            let plan = generate(&input);
            findings_fit(&plan.diagnostics);
            for record in plan.records() {
                if let Some(kind) = record.kind {
                    let e = explain_as(&record.value, Some(kind));
                    prop_assert!(!e.has_errors(), "{} {:?}: {:?}", record.name, record.value, e.diagnostics);
                }
            }
            for pair in plan.stages.windows(2) {
                prop_assert!(pair[0].start <= pair[1].start);
            }
            let json: serde_json::Value = serde_json::from_str(&plan.to_json()).expect("JSON");
            prop_assert!(json["stages"].is_array());
            let calendar = dmarc_lens::plan::ics::calendar(&plan);
            prop_assert!(calendar.split_terminator("\r\n").all(|l| l.len() <= 75));
        }

        #[test]
        fn dates_and_keys_and_spf_terms_never_panic(text in any::<String>(), selector in "[a-z0-9.-]{0,8}") {
            let _ = Date::parse(&text);
            let f = dkim::format(&selector, "example.com", &text);
            findings_fit(&f.diagnostics);
            if let Some(record) = &f.record {
                prop_assert!(!explain_as(&record.value, record.kind).has_errors());
            }
            let mut request = spf::SpfRequest::new("example.com");
            request.terms = text.split(' ').map(spf::SpfTerm::parse).collect();
            request.split = text.len() % 2 == 0;
            let built = spf::build(&request);
            findings_fit(&built.diagnostics);
            if !built.has_errors() {
                for record in &built.records {
                    prop_assert!(!explain_as(&record.value, record.kind).has_errors(), "{:?}", record.value);
                }
            }
        }
    }
}
