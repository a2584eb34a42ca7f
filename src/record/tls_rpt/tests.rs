//! Every TLS-RPT rule as a table, then the tag table and corrections.

use super::*;
use crate::record::dkim::tests::{run_cases, t, At, Case};

fn cases() -> Vec<Case<TlsRptCode>> {
    use At::Range;
    use TlsRptCode::*;
    let c = |code, bad: &str, at, good: &str| Case { code, bad: bad.into(), at, good: good.into() };
    let ok = "v=TLSRPTv1; rua=mailto:tls@example.com";
    vec![
        c(Empty, "", Range(0, 0), ok),
        c(Empty, "  ", Range(0, 2), ok),
        c(VersionMissing, "rua=mailto:tls@example.com", Range(0, 0), ok),
        c(VersionInvalid, "v=TLSRPTv2; rua=mailto:tls@example.com", t("TLSRPTv2"), ok),
        c(VersionInvalid, "v=tlsrptv1; rua=mailto:tls@example.com", t("tlsrptv1"), ok),
        c(VersionNotFirst, "rua=mailto:tls@example.com; v=TLSRPTv1", t("v=TLSRPTv1"), ok),
        c(RuaMissing, "v=TLSRPTv1; ", Range(10, 10), ok),
        c(
            UriScheme,
            "v=TLSRPTv1; rua=http://r.example.net/tls",
            t("http://r.example.net/tls"),
            "v=TLSRPTv1; rua=https://r.example.net/tls",
        ),
        c(UriScheme, "v=TLSRPTv1; rua=ftp://r.example.net", t("ftp://r.example.net"), ok),
        c(UriMalformed, "v=TLSRPTv1; rua=tls@example.com", t("tls@example.com"), ok),
        c(UriMalformed, "v=TLSRPTv1; rua=mailto:tls@example.com,", Range(39, 39), ok),
        c(UriMalformed, "v=TLSRPTv1; rua=mailto:tls@localhost", t("mailto:tls@localhost"), ok),
        c(
            UriMalformed,
            "v=TLSRPTv1; rua=https:/r.example.net",
            t("https:/r.example.net"),
            "v=TLSRPTv1; rua=https://r.example.net",
        ),
        c(
            TagDuplicate,
            "v=TLSRPTv1; rua=mailto:a@example.com; rua=mailto:b@example.com",
            t("rua=mailto:b@example.com"),
            "v=TLSRPTv1; rua=mailto:a@example.com,mailto:b@example.com",
        ),
        c(TagUnknown, "v=TLSRPTv1; rua=mailto:tls@example.com; ruf=x", t("ruf"), ok),
        c(TagCase, "v=TLSRPTv1; RUA=mailto:tls@example.com", t("RUA"), ok),
        c(TagSyntax, "v=TLSRPTv1; rua mailto:tls@example.com", t("rua mailto:tls@example.com"), ok),
        c(
            EmptyTerm,
            "v=TLSRPTv1;; rua=mailto:tls@example.com",
            Range(11, 11),
            "v=TLSRPTv1; rua=mailto:tls@example.com;",
        ),
        c(NonAscii, "v=TLSRPTv1;\u{a0}rua=mailto:tls@example.com", t("\u{a0}"), ok),
        c(
            Whitespace,
            "v=TLSRPTv1; rua = mailto:tls@example.com",
            t("rua = mailto:tls@example.com"),
            "v=TLSRPTv1 ;  rua=mailto:tls@example.com",
        ),
        c(Whitespace, " v=TLSRPTv1; rua=mailto:tls@example.com", Range(0, 1), ok),
    ]
}

#[test]
fn every_rule_fires_with_its_span_and_stays_quiet_on_the_good_twin() {
    run_cases(&cases(), TlsRptCode::ALL, |r| parse(r).1);
}

#[test]
fn good_records_are_clean() {
    for record in [
        "v=TLSRPTv1; rua=mailto:tls@example.com",
        "v=TLSRPTv1;rua=mailto:a@example.com , https://reports.example.net/v1/tls;",
        "v=TLSRPTv1; rua=MAILTO:tls@example.com",
    ] {
        let (r, d) = parse(record);
        assert!(d.is_empty(), "{record}: {d:?}");
        assert!(r.valid_version && r.valid_rua().count() > 0);
    }
}

#[test]
fn tag_table_shows_effective_values() {
    let e = explain("v=TLSRPTv1; rua=mailto:a@example.com,ftp://x.example; x-ext=1");
    let names: Vec<&str> = e.tags.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["v", "rua", "x-ext"]);
    assert_eq!(e.tags[1].effective, "reports go to mailto:a@example.com");
    assert_eq!(e.tags[2].effective, "ignored");
    let e = explain("v=TLSRPTv1");
    assert_eq!(e.tags[1].name, "rua");
    assert_eq!(e.tags[1].value, None);
    assert_eq!(e.tags[1].effective, "no reports are sent");
}

#[test]
fn corrected_records_are_mechanical_and_clean() {
    for (input, want) in [
        ("rua = mailto:tls@example.com ; V=TLSRPTv1", "v=TLSRPTv1; rua=mailto:tls@example.com"),
        (
            "v=tlsrptv1; rua=mailto:a@example.com , mailto:b@example.com",
            "v=TLSRPTv1; rua=mailto:a@example.com,mailto:b@example.com",
        ),
        ("rua=mailto:tls@example.com", "v=TLSRPTv1; rua=mailto:tls@example.com"),
        ("v=TLSRPTv1;; rue=mailto:tls@example.com", "v=TLSRPTv1; rua=mailto:tls@example.com"),
        (
            "v=TLSRPTv1; rua=mailto:a@example.com; rua=mailto:b@example.com",
            "v=TLSRPTv1; rua=mailto:a@example.com",
        ),
    ] {
        let e = explain(input);
        assert_eq!(e.corrected.as_deref(), Some(want), "{input}");
        assert!(!has_errors(&explain(want).diagnostics), "{want}");
    }
    for input in [
        "v=TLSRPTv1; rua=mailto:tls@example.com",
        "v=TLSRPTv1; rua=http://x.example.com",
        "v=TLSRPTv2; rua=mailto:a@example.com",
    ] {
        assert_eq!(explain(input).corrected, None, "{input}");
    }
}
