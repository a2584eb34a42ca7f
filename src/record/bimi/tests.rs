//! Every BIMI rule as a table, then the tag table and corrections.

use super::*;
use crate::record::dkim::tests::{run_cases, t, At, Case};

const OK: &str = "v=BIMI1; l=https://example.com/logo.svg; a=https://example.com/vmc.pem";

fn cases() -> Vec<Case<BimiCode>> {
    use At::Range;
    use BimiCode::*;
    let c = |code, bad: &str, at, good: &str| Case { code, bad: bad.into(), at, good: good.into() };
    vec![
        c(Empty, "", Range(0, 0), OK),
        c(VersionMissing, "l=https://example.com/logo.svg", Range(0, 0), OK),
        c(VersionInvalid, "v=BIMI2; l=https://example.com/logo.svg", t("BIMI2"), OK),
        c(VersionNotFirst, "l=https://example.com/logo.svg; v=BIMI1", t("v=BIMI1"), OK),
        c(LocationMissing, "v=BIMI1; a=https://example.com/vmc.pem", Range(38, 38), OK),
        c(Declined, "v=BIMI1; l=; a=;", t("l="), OK),
        c(UriNotHttps, "v=BIMI1; l=http://example.com/logo.svg", t("http://example.com/logo.svg"), OK),
        c(
            UriNotHttps,
            "v=BIMI1; l=https://example.com/logo.svg; a=ftp://example.com/vmc.pem",
            t("ftp://example.com/vmc.pem"),
            OK,
        ),
        c(
            UriMalformed,
            "v=BIMI1; l=https://example.com/a.svg,https://example.com/b.svg",
            t("https://example.com/a.svg,https://example.com/b.svg"),
            OK,
        ),
        c(UriMalformed, "v=BIMI1; l=https:///logo.svg", t("https:///logo.svg"), OK),
        c(
            LogoNotSvg,
            "v=BIMI1; l=https://example.com/logo.png; a=https://example.com/vmc.pem",
            t("https://example.com/logo.png"),
            "v=BIMI1; l=https://example.com/logo.SVGZ?v=2; a=https://example.com/vmc.pem",
        ),
        c(NoCertificate, "v=BIMI1; l=https://example.com/logo.svg", Range(39, 39), OK),
        c(NoCertificate, "v=BIMI1; l=https://example.com/logo.svg; a=", t("a="), "v=BIMI1; l=; a="),
        c(DmarcEnforcement, OK, t("v=BIMI1"), "v=BIMI1; l=; a=;"),
        c(ValueInvalid, &format!("{OK}; lps=yes"), t("yes"), &format!("{OK}; lps=true")),
        c(ValueInvalid, &format!("{OK}; avp=logo"), At::Last("logo".into()), &format!("{OK}; avp=personal")),
        c(TagDuplicate, &format!("{OK}; l=https://example.com/b.svg"), t("l=https://example.com/b.svg"), OK),
        c(TagUnknown, &format!("{OK}; lsp=true"), t("lsp"), &format!("{OK}; lps=true")),
        c(TagCase, "v=BIMI1; L=https://example.com/logo.svg", t("L"), OK),
        c(TagSyntax, "v=BIMI1; l https://example.com/logo.svg", t("l https://example.com/logo.svg"), OK),
        c(
            EmptyTerm,
            "v=BIMI1;; l=https://example.com/logo.svg",
            Range(8, 8),
            "v=BIMI1; l=https://example.com/logo.svg;",
        ),
        c(NonAscii, "v=BIMI1;\u{a0}l=https://example.com/logo.svg", t("\u{a0}"), OK),
        c(
            Whitespace,
            " v=BIMI1; l=https://example.com/logo.svg",
            Range(0, 1),
            "v = BIMI1 ; l = https://example.com/logo.svg",
        ),
    ]
}

#[test]
fn every_rule_fires_with_its_span_and_stays_quiet_on_the_good_twin() {
    run_cases(&cases(), BimiCode::ALL, |r| parse(r).1);
}

#[test]
fn declination_and_typed_values() {
    let (r, d) = parse("v=BIMI1; l=; a=;");
    assert!(r.is_declined() && !r.has_evidence() && !has_errors(&d));
    let (r, d) = parse(&format!("{OK}; lps=true; avp=personal"));
    assert!(!has_errors(&d) && r.has_evidence());
    assert_eq!(r.local_part_selector.map(|s| s.value), Some(true));
    assert_eq!(r.avatar_preference.map(|a| a.value).as_deref(), Some("personal"));
}

#[test]
fn tag_table_shows_effective_values() {
    let e = explain("v=BIMI1; l=https://example.com/logo.svg");
    let names: Vec<&str> = e.tags.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["v", "l", "a", "lps", "avp"]);
    assert_eq!(e.tags[1].effective, "logo fetched from https://example.com/logo.svg");
    assert_eq!(e.tags[2].effective, "no evidence: providers that require a mark certificate show no logo");
    assert_eq!(e.tags[4].effective, "brand");
    let e = explain("v=BIMI1; l=; a=;");
    assert_eq!(e.tags[1].effective, "declined: no logo is shown");
    let e = explain("v=BIMI1; l=http://example.com/logo.svg");
    assert_eq!(e.tags[1].effective, "unusable: no logo is shown");
    let dmarc = explain(OK).diagnostics.into_iter().find(|d| d.code == BimiCode::DmarcEnforcement).unwrap();
    assert!(dmarc.message.contains("p=quarantine or p=reject"), "{}", dmarc.message);
}

#[test]
fn corrected_records_are_mechanical_and_clean() {
    for (input, want) in [
        ("l=https://example.com/logo.svg; V=BIMI1", "v=BIMI1; l=https://example.com/logo.svg"),
        (
            " v=bimi1;; L = https://example.com/logo.svg; avp=Brand",
            "v=BIMI1; l=https://example.com/logo.svg; avp=brand",
        ),
        ("v=BIMI1; l=; a=; lsp=true", "v=BIMI1; l=; a=; lps=true"),
        ("v=BIMI1; l=; l=https://example.com/logo.svg", "v=BIMI1; l="),
    ] {
        let e = explain(input);
        assert_eq!(e.corrected.as_deref(), Some(want), "{input}");
        assert!(!has_errors(&explain(want).diagnostics), "{want}");
    }
    for input in [OK, "v=BIMI1; l=http://example.com/logo.svg"] {
        assert_eq!(explain(input).corrected, None, "{input}");
    }
}
