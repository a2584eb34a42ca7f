//! What the widget draws and what its API returns, natively: the same
//! explanation and plan as the core's, the text cut into runs without
//! losing a character, and bad options refused with a reason.

use dmarc_lens::plan::{generate, Date, PlanInput, RampStyle};
use dmarc_lens::record::explain;
use dmarc_lens_widget::{plan_input, view_model, PlanOptions, SubdomainOption};

#[test]
fn the_runs_are_the_text_and_mark_exactly_the_findings() {
    let record = "v=DMARC1; p=none; fo=1";
    let view = view_model(record, None).expect("a view");
    assert_eq!(view.kind, "dmarc");
    assert_eq!(view.summary, "DMARC record: 0 errors, 2 warnings, 1 note");
    let text: String = view.runs.iter().filter(|r| !r.point).map(|r| r.text.as_str()).collect();
    assert_eq!(text, record);
    let marked: Vec<&str> = view
        .runs
        .iter()
        .filter(|r| r.codes.split(' ').any(|c| c == "dmarc-fo-without-ruf"))
        .map(|r| r.text.as_str())
        .collect();
    assert_eq!(marked, ["fo=1"]);
    let core = explain(record);
    assert_eq!(view.findings.len(), core.diagnostics.len());
    for (shown, d) in view.findings.iter().zip(&core.diagnostics) {
        assert_eq!((shown.code, shown.message.as_str()), (d.code.as_str(), d.message.as_str()));
    }
    assert_eq!(view.findings[0].label, "\u{26a0} Warning");
    assert!(view.tags.iter().any(|t| t.name == "fo" && t.value.as_deref() == Some("1")));
}

#[test]
fn several_records_and_a_forced_kind() {
    let text = "_dmarc.example.com. IN TXT \"v=DMARC1; p=reject\"\nexample.com. IN TXT \"v=spf1 mx -all\"";
    let view = view_model(text, None).expect("a view");
    let all: Vec<_> = explain(text).records.into_iter().flat_map(|r| r.diagnostics).collect();
    assert_eq!(view.summary, format!("2 records: {}", dmarc_lens::record::render::counts(&all)));
    assert!(view.summary.starts_with("2 records: 0 errors"), "{}", view.summary);
    assert!(view.tags.iter().any(|t| t.name == "p") && view.tags.iter().any(|t| t.name == "mx"));

    let forced = view_model("v=TLSRPTv1; rua=mailto:tls@example.com", Some("tls-rpt")).expect("a view");
    assert_eq!(forced.kind, "tls-rpt");
    let error = view_model("v=spf1 -all", Some("nonsense")).expect_err("an unknown kind");
    assert!(error.contains("unknown kind \"nonsense\"") && error.contains("dmarc, "), "{error}");
    // Hostile text stays text: the runs hold it verbatim.
    let hostile = "v=DMARC1; p=<img src=x onerror=alert(1)>";
    let view = view_model(hostile, None).expect("a view");
    assert_eq!(view.runs.iter().map(|r| r.text.as_str()).collect::<String>(), hostile);
}

#[test]
fn plan_options_make_the_command_lines_plan() {
    let options = PlanOptions {
        domain: "example.com".into(),
        rua: vec!["mailto:d@example.com".into()],
        subdomains: vec![SubdomainOption { name: "news.example.com".into(), current: None }],
        style: Some("pct".into()),
        start: Some("2026-06-01".into()),
        ..PlanOptions::default()
    };
    let today = Date::new(2030, 1, 1).expect("a date");
    let input = plan_input(options.clone(), today).expect("usable options");
    let mut expected = PlanInput::new("example.com", Date::new(2026, 6, 1).expect("a date"));
    expected.rua = vec!["mailto:d@example.com".into()];
    expected.subdomains =
        vec![dmarc_lens::plan::SendingSubdomain { name: "news.example.com".into(), current: None }];
    expected.style = RampStyle::Pct;
    assert_eq!(input, expected);
    assert_eq!(generate(&input).to_json(), generate(&expected).to_json());

    let no_start = PlanOptions { start: None, ..options.clone() };
    assert_eq!(plan_input(no_start, today).expect("usable").start, today);
    let bad_style = PlanOptions { style: Some("fast".into()), ..options.clone() };
    assert_eq!(
        plan_input(bad_style, today).expect_err("a bad style"),
        "style \"fast\": use pct, testing or both"
    );
    let bad_date = PlanOptions { start: Some("2026-02-30".into()), ..options };
    assert!(plan_input(bad_date, today).expect_err("a bad date").starts_with("start: "));
}
