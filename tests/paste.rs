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
