//! What people paste, through the public `explain`: zone-file lines, quoted
//! strings, owner names, several records at once, and the JSON shape.

use dmarc_lens::record::{explain, explain_as, Kind};

fn codes(e: &dmarc_lens::record::Explanation) -> Vec<&'static str> {
    e.diagnostics.iter().map(|d| d.code.as_str()).collect()
}

#[test]
fn a_zone_line_is_explained_with_spans_into_the_line() {
    let text = "_dmarc.example.com. 3600 IN TXT \"v=DMARC1; p=none; \" \"fo=1\"";
    let e = explain(text);
    assert_eq!(e.kind, Kind::Dmarc);
    assert_eq!(e.name.as_deref(), Some("_dmarc.example.com."));
    assert_eq!(e.value.as_deref(), Some("v=DMARC1; p=none; fo=1"));
    let fo = e.diagnostics.iter().find(|d| d.code.as_str() == "dmarc-fo-without-ruf").expect("fo warning");
    assert_eq!(fo.span.slice(text), "fo=1");
    let p = e.tags.iter().find(|t| t.name == "p").expect("p row");
    assert_eq!(p.span.map(|s| s.slice(text)), Some("p=none"));
    assert_eq!(e.corrected.as_deref(), Some("v=DMARC1; p=none"));
}

#[test]
fn a_dmarc_record_at_the_apex_has_no_effect() {
    let text = "example.com. IN TXT \"v=DMARC1; p=reject; rua=mailto:d@example.com\"";
    let e = explain(text);
    let owner = e.diagnostics.iter().find(|d| d.code.as_str() == "input-dmarc-owner").expect("owner error");
    assert_eq!(owner.span.slice(text), "example.com.");
    assert!(owner.help.contains("_dmarc.example.com"), "{}", owner.help);
    assert!(e.has_errors());
}

#[test]
fn two_dmarc_records_at_one_name_mean_no_policy() {
    let text = "v=DMARC1; p=none; rua=mailto:d@example.com\nv=DMARC1; p=reject; rua=mailto:d@example.com\n";
    let e = explain(text);
    assert_eq!(e.kind, Kind::Several);
    assert_eq!(e.records.len(), 2);
    assert_eq!(codes(&e), vec!["input-multiple-dmarc"]);
    assert_eq!(e.diagnostics[0].span.slice(text), "v=DMARC1; p=reject; rua=mailto:d@example.com");
    // Each record is explained too, with spans into the whole text.
    let second = &e.records[1];
    let p = second.tags.iter().find(|t| t.name == "p").expect("p row");
    assert_eq!(p.span.map(|s| s.slice(text)), Some("p=reject"));
}

#[test]
fn zone_lines_for_different_names_are_not_duplicates() {
    let text = "_dmarc.example.com. TXT \"v=DMARC1; p=none; rua=mailto:d@example.com\"\n\
                _dmarc.example.net. TXT \"v=DMARC1; p=none; rua=mailto:d@example.com\"";
    let e = explain(text);
    assert_eq!(e.records.len(), 2);
    assert!(codes(&e).is_empty(), "{:?}", codes(&e));
}

#[test]
fn unrecognised_text_says_so() {
    let e = explain("hello world");
    assert_eq!(e.kind, Kind::Unknown);
    assert_eq!(codes(&e), vec!["input-kind-unknown"]);
    assert!(e.has_errors());
    // Forcing the kind explains it as that kind.
    let forced = explain_as("hello world", Some(Kind::Dmarc));
    assert_eq!(forced.kind, Kind::Dmarc);
    assert!(codes(&forced).contains(&"dmarc-version-missing"));
}

#[test]
fn json_for_several_records_lists_each_one() {
    let text = "v=DMARC1; p=none\nv=DMARC1; p=reject";
    let json: serde_json::Value = serde_json::from_str(&explain(text).to_json()).expect("JSON");
    assert_eq!(json["kind"], "several");
    assert_eq!(json["records"][1]["kind"], "dmarc");
    assert_eq!(json["records"][1]["value"], "v=DMARC1; p=reject");
    assert_eq!(json["records"][1]["span"], serde_json::json!({"start": 17, "end": 35}));
    assert_eq!(json["diagnostics"][0]["code"], "input-multiple-dmarc");
    // A single bare record keeps the simple shape, with "corrected".
    let single: serde_json::Value =
        serde_json::from_str(&explain("v=DMARC1; p=none; fo=1").to_json()).expect("JSON");
    assert!(single.get("records").is_none() && single.get("value").is_none());
    assert_eq!(single["corrected"], "v=DMARC1; p=none");
}

#[test]
fn every_corrected_dmarc_record_explains_clean() {
    for text in [
        "p=REJECT; v=DMARC1; rua=mailto:d@example.com",
        "v=DMARC1; p=none; fo=1; rf=afrf; ri=60",
        "_dmarc IN TXT \"v=dmarc1; p=Quarantine; rua=dmarc@example.com!10m\"",
        "v=DMARC1;; p=none; p=reject; rue=mailto:d@example.com",
    ] {
        let e = explain(text);
        let corrected = e.corrected.unwrap_or_else(|| panic!("{text:?} should have a correction"));
        let again = explain(&corrected);
        assert!(!again.has_errors(), "{text:?} -> {corrected:?}: {:?}", codes(&again));
    }
}

/// One record of every kind, and what must be found in it.
const EVERY_KIND: &[(&str, Kind, &str)] = &[
    ("v=DMARC1; p=none; fo=1", Kind::Dmarc, "dmarc-fo-without-ruf"),
    ("v=spf1 include:_spf.example.net ptr ~all", Kind::Spf, "spf-ptr"),
    (
        "v=DKIM1; k=rsa; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDwIRP/UC3SBsEmGqZ9ZJW3/DkMoGeLnQg1fWn7/zYtIxN2SnFCjxOCKG9v3b4jYfcTNh5ijSsq631uBItLa7od+v/RtdC2UzJ1lWT947qR+Rcac2gbto/NMqJ0fzfVjH4OuKhitdY9tf6mcwGjaNBcWToIMmPSPDdQPNUYckcQ2QIDAQAB",
        Kind::Dkim,
        "dkim-rsa-weak",
    ),
    ("v=BIMI1; l=http://example.com/logo.svg", Kind::Bimi, "bimi-uri-not-https"),
    ("v=STSv1; id=not-valid!", Kind::MtaSts, "mta-sts-id-invalid"),
    ("version: STSv1\nmode: enforce\nmx: mail.example.com\nmax_age: 300", Kind::MtaStsPolicy, "mta-sts-policy-max-age-short"),
    ("v=TLSRPTv1; rua=ftp://example.com/x", Kind::TlsRpt, "tls-rpt-uri-scheme"),
    (
        "Authentication-Results: mx.example.net; spf=pass smtp.mailfrom=bounces.esp.example; dkim=pass header.d=example.com header.s=s1\nFrom: a@example.com\nReturn-Path: <b@bounces.esp.example>\n",
        Kind::Headers,
        "headers-spf-unaligned",
    ),
];

#[test]
fn every_kind_is_detected_and_its_rules_fire() {
    for (text, kind, code) in EVERY_KIND {
        let e = explain(text);
        assert_eq!(e.kind, *kind, "{text:?}");
        assert!(codes(&e).contains(code), "{code} not in {:?} for {text:?}", codes(&e));
        let json: serde_json::Value = serde_json::from_str(&e.to_json()).expect("JSON");
        assert_eq!(json["kind"], kind.as_str());
        for d in json["diagnostics"].as_array().expect("diagnostics") {
            for key in ["code", "severity", "span", "message", "help", "reference"] {
                assert!(!d[key].is_null(), "{key} missing in {d}");
            }
        }
    }
    let dkim = explain(EVERY_KIND[2].0);
    let key = dkim.key.expect("a decoded key");
    assert_eq!((key.algorithm, key.bits), ("rsa", 1024));
    let headers = explain(EVERY_KIND[7].0);
    let alignment = headers.alignment.expect("alignment");
    assert_eq!(alignment.header_from, "example.com");
    assert!(!alignment.spf.aligned);
    let spf = explain(EVERY_KIND[1].0);
    let lookups: Vec<Option<u32>> = spf.tags.iter().map(|t| t.lookups).collect();
    assert!(lookups.contains(&Some(1)), "{lookups:?}");
}

#[test]
fn corrected_records_of_every_kind_explain_clean() {
    let broken = [
        "p=REJECT; v=DMARC1; rua=dmarc@example.com",
        "v=spf1 ip4:192.0.2.1 -all include:_spf.example.net",
        "V=SPF1 mx mx -all",
        "v=DKIM1; k=RSA; h=SHA256; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDwIRP/UC3SBsEmGqZ9ZJW3/DkMoGeLnQg1fWn7/zYtIxN2SnFCjxOCKG9v3b4jYfcTNh5ijSsq631uBItLa7od+v/RtdC2UzJ1lWT947qR+Rcac2gbto/NMqJ0fzfVjH4OuKhitdY9tf6mcwGjaNBcWToIMmPSPDdQPNUYckcQ2QIDAQAB",
        "v=TLSRPTv1; rua=mailto:tls@example.com; rua=mailto:x@example.com",
        "id=20240101; v=STSv1",
        "v=BIMI1; l=https://example.com/logo.svg; L=https://example.com/other.svg",
        "example.com. IN TXT \"v=spf1 ip4:192.0.2.1\" \"-all\"",
    ];
    let mut offered = 0;
    for text in broken {
        let e = explain(text);
        if let Some(fixed) = &e.corrected {
            offered += 1;
            let again = explain_as(fixed, Some(e.kind));
            assert!(!again.has_errors(), "{text:?} -> {fixed:?}: {:?}", codes(&again));
        }
    }
    assert!(offered >= 6, "corrections offered for only {offered} of {}", broken.len());
}

#[test]
fn a_split_that_ate_a_space_is_caught_and_corrected() {
    let text = "example.com. IN TXT \"v=spf1 ip4:192.0.2.1\" \"-all\"";
    let e = explain(text);
    let join =
        e.diagnostics.iter().find(|d| d.code.as_str() == "input-joined-without-space").expect("join warning");
    assert_eq!(join.span.slice(text), "\" \"");
    assert_eq!(e.corrected.as_deref(), Some("v=spf1 ip4:192.0.2.1 -all"));
    // A split inside a long name is fine and says nothing.
    let fine = explain("example.com. IN TXT \"v=spf1 include:_spf.goo\" \"gle.com -all\"");
    assert!(!codes(&fine).contains(&"input-joined-without-space"), "{:?}", codes(&fine));
    assert!(!fine.has_errors(), "{:?}", codes(&fine));
}

#[test]
fn two_spf_records_at_one_name_are_a_permerror() {
    let text = "example.com. IN TXT \"v=spf1 mx -all\"\nexample.com. IN TXT \"v=spf1 include:_spf.example.net -all\"";
    let e = explain(text);
    assert_eq!(codes(&e), vec!["input-multiple-spf"]);
    assert!(e.diagnostics[0].message.contains("permerror"));
}

#[test]
fn a_report_authorization_record_is_read_as_one() {
    let text = "example.com._report._dmarc.vendor.example. 3600 IN TXT \"v=DMARC1\"";
    let e = explain(text);
    assert_eq!(e.kind, Kind::DmarcReportAuth);
    assert!(e.diagnostics.is_empty(), "{:?}", codes(&e));
    let tags: Vec<&str> = e.tags.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(tags, ["v"], "only the tags written: p has no meaning there");
    let wildcard = explain("*._report._dmarc.vendor.example. IN TXT \"v=DMARC1;\"");
    assert_eq!((wildcard.kind, wildcard.has_errors()), (Kind::DmarcReportAuth, false));
    // The same value as a policy record applies no DMARC at all.
    assert!(codes(&explain("v=DMARC1")).contains(&"dmarc-policy-missing-no-rua"));
    let forced = explain_as("v=DMARC1; rua=mailto:other@vendor.example", Some(Kind::DmarcReportAuth));
    assert!(forced.diagnostics.is_empty(), "{:?}", codes(&forced));
    // Its own rules still hold: the version, and where it is published.
    assert!(codes(&explain_as("v=dmarc1", Some(Kind::DmarcReportAuth))).contains(&"dmarc-version-invalid"));
    let misplaced = explain_as("_dmarc.vendor.example. IN TXT \"v=DMARC1\"", Some(Kind::DmarcReportAuth));
    assert_eq!(codes(&misplaced), ["input-report-auth-owner"]);
    // Several at one name do no harm.
    let two = explain(
        "example.com._report._dmarc.vendor.example. TXT \"v=DMARC1\"\n\
         example.com._report._dmarc.vendor.example. TXT \"v=DMARC1;\"",
    );
    assert_eq!((two.kind, two.has_errors()), (Kind::Several, false));
}

/// Found by the paste fuzz target: a join right after an unquoted word that
/// ends in a multi-byte character (here U+FFFD, from invalid UTF-8) gave a
/// finding whose span split that character.
#[test]
fn a_join_after_a_multibyte_word_is_marked_on_character_boundaries() {
    let text = "example.com. IN TXT ( \u{fffd}\u{fffd}\u{fffd}\"v=spf1 ip4:192.0.2.1\"\n \"-all\" ) ; c\n";
    let e = explain(text);
    let all = e.diagnostics.iter().chain(e.records.iter().flat_map(|r| r.diagnostics.iter()));
    let mut joined = 0;
    for d in all {
        assert!(text.is_char_boundary(d.span.start) && text.is_char_boundary(d.span.end), "{d:?}");
        joined += usize::from(d.code.as_str() == "input-joined-without-space");
    }
    assert!(joined > 0, "the join is reported: {:?}", codes(&e));
    // And the fuzzer's own inputs, invalid bytes and all.
    let seeds = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz/seeds/paste");
    let mut checked = 0;
    for entry in std::fs::read_dir(&seeds).expect("the paste seeds").flatten() {
        if !entry.file_name().to_string_lossy().starts_with("regression-join") {
            continue;
        }
        let found = String::from_utf8_lossy(&std::fs::read(entry.path()).expect("a seed")).into_owned();
        let e = explain(&found);
        for d in e.diagnostics.iter().chain(e.records.iter().flat_map(|r| r.diagnostics.iter())) {
            assert!(found.is_char_boundary(d.span.start) && found.is_char_boundary(d.span.end), "{d:?}");
        }
        checked += 1;
    }
    assert_eq!(checked, 2);
}
