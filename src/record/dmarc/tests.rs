//! Every rule, as a table: a record it must fire on (with the exact span)
//! and a close record it must stay quiet on.

use super::*;
use crate::catalogue::DmarcCode;
use crate::diag::Severity;

/// Where a diagnostic must point.
#[derive(Clone, Copy, Debug)]
enum At {
    /// The first occurrence of this text in the record.
    Text(&'static str),
    /// The n-th (0-based) occurrence of this text.
    Nth(&'static str, usize),
    /// An exact byte range (empty for "missing here").
    Range(usize, usize),
}

struct Case {
    code: DmarcCode,
    bad: &'static str,
    at: At,
    good: &'static str,
}

fn span_of(record: &str, at: At) -> Span {
    match at {
        At::Range(s, e) => Span::new(s, e),
        At::Text(t) => At::Nth(t, 0).resolve(record),
        At::Nth(..) => at.resolve(record),
    }
}

impl At {
    fn resolve(self, record: &str) -> Span {
        match self {
            At::Nth(text, n) => {
                let start = record
                    .match_indices(text)
                    .nth(n)
                    .map(|(i, _)| i)
                    .unwrap_or_else(|| panic!("{text:?} not in {record:?}"));
                Span::new(start, start + text.len())
            }
            other => span_of(record, other),
        }
    }
}

fn cases() -> Vec<Case> {
    use At::*;
    use DmarcCode::*;
    let c = |code, bad, at, good| Case { code, bad, at, good };
    vec![
        c(Empty, "", Range(0, 0), "v=DMARC1; p=none"),
        c(Empty, "  \t", Range(0, 3), "v=DMARC1; p=none"),
        c(VersionMissing, "p=none; rua=mailto:d@example.com", Range(0, 0), "v=DMARC1; p=none"),
        c(VersionInvalid, "v=spf1 -all", Text("spf1 -all"), "v=DMARC1; p=none"),
        c(VersionNotFirst, "p=none; v=DMARC1", Text("v=DMARC1"), "v=DMARC1; p=none"),
        c(VersionInvalid, "v=DMARC2; p=none", Text("DMARC2"), "v=DMARC1; p=none"),
        c(VersionInvalid, "v=dmarc1; p=none", Text("dmarc1"), "v = DMARC1; p=none"),
        c(VersionInvalid, "v=; p=none", Text("v="), "v=DMARC1; p=none"),
        c(PolicyMissing, "v=DMARC1; rua=mailto:d@example.com", Range(8, 8), "v=DMARC1; p=none; rua=mailto:d@example.com"),
        c(PolicyMissingNoRua, "v=DMARC1; adkim=r", Range(8, 8), "v=DMARC1; p=none; adkim=r"),
        c(PolicyMissingNoRua, "v=DMARC1; rua=d@example.com", Range(8, 8), "v=DMARC1; rua=mailto:d@example.com"),
        c(PolicyInvalid, "v=DMARC1; p=rejected", Text("rejected"), "v=DMARC1; p=reject"),
        c(PolicyInvalid, "v=DMARC1; p=none; sp=block", Text("block"), "v=DMARC1; p=none; sp=reject"),
        c(PolicyInvalid, "v=DMARC1; p=none; np=none foo", Text("none foo"), "v=DMARC1; p=none; np=none  "),
        c(ValueInvalid, "v=DMARC1; p=none; adkim=x", Text("x"), "v=DMARC1; p=none; adkim=r"),
        c(ValueInvalid, "v=DMARC1; p=none; aspf=relaxed", Text("relaxed"), "v=DMARC1; p=none; aspf=s"),
        c(ValueInvalid, "v=DMARC1; p=none; t=yes", Text("yes"), "v=DMARC1; p=none; t=n"),
        c(ValueInvalid, "v=DMARC1; p=none; psd=q", Text("q"), "v=DMARC1; p=none; psd=n"),
        c(ValueInvalid, "v=DMARC1; p=none; fo=2", Text("2"), "v=DMARC1; p=none; fo=1 : d"),
        c(ValueEmpty, "v=DMARC1; p=none; sp=", Text("sp="), "v=DMARC1; p=none; sp=none"),
        c(ValueEmpty, "v=DMARC1; p=", Text("p="), "v=DMARC1; p=none"),
        c(ValueCase, "v=DMARC1; p=REJECT", Text("p=REJECT"), "v=DMARC1; p=reject"),
        c(ValueCase, "v=DMARC1; p=none; ADKIM=s", Text("ADKIM=s"), "v=DMARC1; p=none; adkim=s"),
        c(TagDuplicate, "v=DMARC1; p=none; p=reject", Text("p=reject"), "v=DMARC1; p=none; sp=reject"),
        c(TagDuplicate, "v=DMARC1; p=none; v=DMARC1", Nth("v=DMARC1", 1), "v=DMARC1; p=none"),
        c(TagUnknown, "v=DMARC1; p=none; rue=mailto:d@example.com", Text("rue"), "v=DMARC1; p=none; rua=mailto:d@example.com"),
        c(TagUnknown, "v=DMARC1; p=none; x=1", Text("x"), "v=DMARC1; p=none"),
        c(TagRemoved, "v=DMARC1; p=none; rf=afrf", Text("rf=afrf"), "v=DMARC1; p=none"),
        c(TagRemoved, "v=DMARC1; p=none; ri=3600", Text("ri=3600"), "v=DMARC1; p=none"),
        c(TagSyntax, "v=DMARC1; p=none; rua_x=1", Text("rua_x=1"), "v=DMARC1; p=none; ruax=1"),
        c(TagSyntax, "v=DMARC1; p none", Text("p none"), "v=DMARC1; p =none"),
        c(EmptyTerm, "v=DMARC1;; p=none", Range(9, 9), "v=DMARC1; p=none;"),
        c(EmptyTerm, "v=DMARC1; p=none; ;", Range(17, 18), "v=DMARC1; p=none; "),
        c(LeadingSpace, "  v=DMARC1; p=none", Range(0, 2), "v=DMARC1; p=none  "),
        c(NonAscii, "v=DMARC1; p=none;\u{a0}rua=mailto:d@example.com", Text("\u{a0}"), "v=DMARC1; p=none; rua=mailto:d@example.com"),
        c(NonAscii, "v=DMARC1; p=none\r\n", Text("\r\n"), "v=DMARC1; p=none\t"),
        c(NonAscii, "v=DMARC1; p=\u{201c}none\u{201d}", Text("\u{201c}"), "v=DMARC1; p=none"),
        c(PctOutOfRange, "v=DMARC1; p=reject; pct=150", Text("150"), "v=DMARC1; p=reject; pct=100"),
        c(PctOutOfRange, "v=DMARC1; p=reject; pct=-1", Text("-1"), "v=DMARC1; p=reject; pct=0"),
        c(PctOutOfRange, "v=DMARC1; p=reject; pct=0050", Text("0050"), "v=DMARC1; p=reject; pct=050"),
        c(PctRemoved, "v=DMARC1; p=quarantine; pct=25", Text("pct=25"), "v=DMARC1; p=quarantine; t=y"),
        c(PctWithNone, "v=DMARC1; p=none; pct=50", Text("pct=50"), "v=DMARC1; p=quarantine; pct=50"),
        c(FoWithoutRuf, "v=DMARC1; p=none; fo=1", Text("fo=1"), "v=DMARC1; p=none; fo=1; ruf=mailto:f@example.com"),
        c(FoWithoutRuf, "v=DMARC1; p=none; fo=1; ruf=f@example.com", Text("fo=1"), "v=DMARC1; p=none; ruf=f@example.com"),
        c(FoConflict, "v=DMARC1; p=none; ruf=mailto:f@example.com; fo=0:1", Text("0:1"), "v=DMARC1; p=none; ruf=mailto:f@example.com; fo=0:d:s"),
        c(FoConflict, "v=DMARC1; p=none; ruf=mailto:f@example.com; fo=d:d", Text("d:d"), "v=DMARC1; p=none; ruf=mailto:f@example.com; fo=d"),
        c(RufPrivacy, "v=DMARC1; p=none; ruf=mailto:f@example.com", Text("ruf=mailto:f@example.com"), "v=DMARC1; p=none; rua=mailto:f@example.com"),
        c(RuaMissing, "v=DMARC1; p=none", Range(16, 16), "v=DMARC1; p=none; rua=mailto:d@example.com"),
        c(RuaMissing, "v=DMARC1; p=none; ", Range(16, 16), "v=DMARC1; p=none; rua=d@example.com"),
        c(UriNotMailto, "v=DMARC1; p=none; rua=https://r.example.net/x", Text("https://r.example.net/x"), "v=DMARC1; p=none; rua=mailto:r@example.net"),
        c(UriMalformed, "v=DMARC1; p=none; rua=dmarc@example.com", Text("dmarc@example.com"), "v=DMARC1; p=none; rua=mailto:dmarc@example.com"),
        c(UriMalformed, "v=DMARC1; p=none; rua=mailto:a@example.com,", Range(43, 43), "v=DMARC1; p=none; rua=mailto:a@example.com"),
        c(UriMalformed, "v=DMARC1; p=none; rua=mailto:a@example.com!x", Text("mailto:a@example.com!x"), "v=DMARC1; p=none; rua=mailto:a@example.com"),
        c(UriSizeSuffix, "v=DMARC1; p=none; rua=mailto:d@example.com!10m", Text("!10m"), "v=DMARC1; p=none; rua=mailto:d@example.com"),
        c(UriTooMany, "v=DMARC1; p=none; rua=mailto:a@example.com,mailto:b@example.com,mailto:c@example.com,mailto:e@example.com", Text("mailto:c@example.com,mailto:e@example.com"), "v=DMARC1; p=none; rua=mailto:a@example.com,mailto:b@example.com"),
        c(PolicyNone, "v=DMARC1; p=none; rua=mailto:d@example.com", Text("p=none"), "v=DMARC1; p=quarantine; rua=mailto:d@example.com"),
        c(SubdomainsUnprotected, "v=DMARC1; p=reject; sp=none", Text("sp=none"), "v=DMARC1; p=none; sp=none"),
        c(TestingMode, "v=DMARC1; p=reject; t=y", Text("t=y"), "v=DMARC1; p=reject; t=n"),
        c(TestingWithNone, "v=DMARC1; p=none; t=y", Text("t=y"), "v=DMARC1; p=quarantine; t=y"),
        c(StrictAlignment, "v=DMARC1; p=none; adkim=s", Text("adkim=s"), "v=DMARC1; p=none; adkim=r"),
        c(StrictAlignment, "v=DMARC1; p=none; aspf=s", Text("aspf=s"), "v=DMARC1; p=none; aspf=r"),
        c(NpNew, "v=DMARC1; p=none; np=reject", Text("np=reject"), "v=DMARC1; p=none; sp=reject"),
        c(PsdYes, "v=DMARC1; p=none; psd=y", Text("psd=y"), "v=DMARC1; p=none; psd=n"),
        c(PolicyNotSecond, "v=DMARC1; rua=mailto:d@example.com; p=reject", Text("p=reject"), "v=DMARC1; p=reject; rua=mailto:d@example.com"),
    ]
}

#[test]
fn every_rule_fires_with_its_span_and_stays_quiet_on_the_good_twin() {
    for case in cases() {
        let (_, bad) = parse(case.bad);
        let want = span_of(case.bad, case.at);
        crate::diag::assert_fires(case.code, &bad, want, case.bad);
        let (_, good) = parse(case.good);
        assert!(
            good.iter().all(|d| d.code != case.code),
            "{} should stay quiet on {:?}",
            case.code.as_str(),
            case.good
        );
    }
}

#[test]
fn every_dmarc_rule_in_the_catalogue_has_a_case() {
    let covered: Vec<DmarcCode> = cases().iter().map(|c| c.code).collect();
    for code in DmarcCode::ALL {
        assert!(covered.contains(code), "no test case for {}", code.as_str());
    }
}

#[test]
fn a_complete_enforcing_record_is_clean() {
    for record in [
        "v=DMARC1; p=reject; rua=mailto:dmarc@example.com",
        "v=DMARC1;p=quarantine;rua=mailto:a@example.com;",
        "v=DMARC1 ; p = reject ; rua = mailto:a@example.com , mailto:b@example.net ;  ",
        "v=DMARC1; p=reject; sp=quarantine; adkim=r; aspf=r; rua=mailto:d@example.com",
    ] {
        let (record_value, diagnostics) = parse(record);
        assert_eq!(diagnostics, vec![], "{record}");
        assert!(record_value.valid_version);
    }
}

#[test]
fn words_carry_the_values_found() {
    let (_, d) = parse("v=DMARC1; p=quarantine; pct=25; rua=mailto:d@example.com");
    let pct = d.iter().find(|d| d.code == DmarcCode::PctRemoved).unwrap();
    assert!(pct.message.contains("quarantine to 25% of failing mail"), "{}", pct.message);
    assert_eq!(pct.severity, Severity::Warning);

    let (_, d) = parse("v=DMARC1; p=reject; t=y; rua=mailto:d@example.com");
    let t = d.iter().find(|d| d.code == DmarcCode::TestingMode).unwrap();
    assert!(t.message.contains("(reject is applied as quarantine)"), "{}", t.message);

    let (_, d) = parse("v=DMARC1; p=none; rue=mailto:d@example.com");
    let unknown = d.iter().find(|d| d.code == DmarcCode::TagUnknown).unwrap();
    assert!(unknown.help.contains("did you mean rua?"), "{}", unknown.help);

    let (_, d) = parse("v=DMARC1; p=none; rua=dmarc@example.com");
    let uri = d.iter().find(|d| d.code == DmarcCode::UriMalformed).unwrap();
    assert!(uri.message.contains("needs mailto: in front"), "{}", uri.message);

    let (_, d) = parse("v=DMARC1; p=none;\u{a0}rua=mailto:d@example.com");
    let nbsp = d.iter().find(|d| d.code == DmarcCode::NonAscii).unwrap();
    assert!(nbsp.message.contains("a non-breaking space (U+00A0)"), "{}", nbsp.message);
}

#[test]
fn typed_values_and_inheritance() {
    let (r, _) = parse("v=DMARC1; p=reject; rua=mailto:d@example.com");
    assert_eq!(r.effective_policy(), Some(Policy::Reject));
    assert_eq!(r.effective_subdomain_policy(), Some(Policy::Reject));
    assert_eq!(r.effective_nonexistent_policy(), Some(Policy::Reject));

    let (r, _) = parse("v=DMARC1; p=reject; sp=quarantine");
    assert_eq!(r.effective_nonexistent_policy(), Some(Policy::Quarantine));

    let (r, _) = parse("v=DMARC1; p=none; sp=quarantine; np=reject; adkim=s; fo=1:d; pct=40; t=y; psd=n");
    assert_eq!(r.nonexistent_policy.as_ref().map(|p| p.value), Some(Policy::Reject));
    assert_eq!(r.dkim_alignment.as_ref().map(|m| m.value), Some(AlignmentMode::Strict));
    assert_eq!(
        r.failure_options.as_ref().map(|f| f.value.clone()),
        Some(vec![FailureOption::AnyFail, FailureOption::Dkim])
    );
    assert!(r.is_testing());
    assert_eq!(r.percent.as_ref().map(|p| p.value), Some(40));
    assert_eq!(r.psd.as_ref().map(|p| p.value), Some(Psd::No));

    // No p, valid rua: none. No p, no rua: no DMARC at all. Bad version: none.
    assert_eq!(parse("v=DMARC1; rua=mailto:d@example.com").0.effective_policy(), Some(Policy::None));
    assert_eq!(parse("v=DMARC1; adkim=r").0.effective_policy(), None);
    assert_eq!(parse("v=DMARC2; p=reject").0.effective_policy(), None);

    // The first of two p tags is the one read.
    assert_eq!(parse("v=DMARC1; p=none; p=reject").0.effective_policy(), Some(Policy::None));
}

#[test]
fn tag_table_shows_effective_values() {
    let (r, _) = parse("v=DMARC1; p=reject; t=y; rua=mailto:d@example.com");
    let rows = explain::tags(&r);
    let row = |name: &str| rows.iter().find(|t| t.name == name).unwrap();
    assert_eq!(row("p").effective, "reject (applied as quarantine by RFC 9989 receivers: t=y)");
    assert_eq!(row("sp").value, None);
    assert!(row("sp").effective.ends_with("(inherited from p)"));
    assert_eq!(row("sp").default, "the value of p");
    assert_eq!(row("rua").effective, "reports go to mailto:d@example.com");
    assert_eq!(row("p").span, Some(Span::new(10, 18)));

    let (r, _) = parse("v=DMARC1; p=quarantine; pct=25");
    let rows = explain::tags(&r);
    let pct = rows.iter().find(|t| t.name == "pct").unwrap();
    assert!(pct
        .effective
        .starts_with("RFC 7489 receivers: quarantine for 25% of failing mail, none for the rest"));
}

#[test]
fn spans_stay_inside_the_input_on_character_boundaries() {
    for record in [
        "v=DMARC1; p=n\u{f6}ne; rua=mailto:\u{e9}@x.example",
        "\u{feff}v=DMARC1",
        ";;;",
        "=;=;v",
        "v=DMARC1; rua=,,,",
    ] {
        let (_, diagnostics) = parse(record);
        for d in diagnostics {
            assert!(d.span.end <= record.len() && d.span.start <= d.span.end, "{record:?} {d:?}");
            assert!(record.is_char_boundary(d.span.start) && record.is_char_boundary(d.span.end));
        }
    }
}
