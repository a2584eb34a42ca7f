//! Every MTA-STS rule as a table (TXT record and policy file), then the tag
//! tables and corrections.

use super::*;
use crate::record::dkim::tests::{run_cases, t, At, Case};

const P: &str = "version: STSv1\nmode: enforce\nmx: mail.example.com\nmax_age: 604800\n";

fn cases() -> Vec<Case<MtaStsCode>> {
    use At::Range;
    use MtaStsCode::*;
    let c = |code, bad: &str, at, good: &str| Case { code, bad: bad.into(), at, good: good.into() };
    let ok = "v=STSv1; id=20240101T000000";
    vec![
        c(Empty, "", Range(0, 0), ok),
        c(VersionMissing, "id=1", Range(0, 0), ok),
        c(VersionInvalid, "v=STSv2; id=1", t("STSv2"), ok),
        c(VersionInvalid, "v=stsv1; id=1", t("stsv1"), ok),
        c(VersionNotFirst, "id=1; v=STSv1", t("v=STSv1"), ok),
        c(IdMissing, "v=STSv1;", Range(7, 7), ok),
        c(IdInvalid, "v=STSv1; id=2024-01-01", t("2024-01-01"), ok),
        c(IdInvalid, "v=STSv1; id=", t("id="), ok),
        c(
            IdInvalid,
            &format!("v=STSv1; id={}", "a".repeat(33)),
            t(&"a".repeat(33)),
            &format!("v=STSv1; id={}", "a".repeat(32)),
        ),
        c(TagDuplicate, "v=STSv1; id=1; id=2", t("id=2"), ok),
        c(TagUnknown, "v=STSv1; id=1; ext=x", t("ext"), ok),
        c(TagCase, "v=STSv1; ID=1", t("ID"), ok),
        c(TagSyntax, "v=STSv1; id 1", t("id 1"), ok),
        c(EmptyTerm, "v=STSv1;; id=1", Range(8, 8), "v=STSv1; id=1;"),
        c(NonAscii, "v=STSv1;\u{a0}id=1", t("\u{a0}"), ok),
        c(Whitespace, "v=STSv1; id = 1", t("id = 1"), "v=STSv1 ;  id=1"),
    ]
}

fn policy_cases() -> Vec<Case<MtaStsCode>> {
    use At::Range;
    use MtaStsCode::*;
    let c = |code, bad: String, at, good: &str| Case { code, bad, at, good: good.into() };
    let with = |from: &str, to: &str| P.replace(from, to);
    vec![
        c(PolicyEmpty, "\n\n".into(), Range(0, 2), P),
        c(PolicyVersionMissing, with("version: STSv1\n", ""), Range(0, 0), P),
        c(PolicyVersionInvalid, with("STSv1", "STSv2"), t("STSv2"), P),
        c(
            PolicyVersionNotFirst,
            "mode: enforce\nversion: STSv1\nmx: mail.example.com\nmax_age: 604800\n".into(),
            t("version: STSv1"),
            P,
        ),
        c(PolicyModeMissing, with("mode: enforce\n", ""), Range(51, 51), P),
        c(PolicyModeInvalid, with("enforce", "enforcing"), t("enforcing"), P),
        c(PolicyModeTesting, with("enforce", "testing"), t("mode: testing"), P),
        c(PolicyModeNone, with("enforce", "none"), t("mode: none"), P),
        c(
            PolicyMxMissing,
            with("mx: mail.example.com\n", ""),
            Range(44, 44),
            "version: STSv1\nmode: none\nmax_age: 604800\n",
        ),
        c(
            PolicyMxInvalid,
            with("mail.example.com", "mail.*.example.com"),
            t("mail.*.example.com"),
            &with("mail.example.com", "*.example.com"),
        ),
        c(PolicyMxInvalid, with("mail.example.com", "mail.example.com."), t("mail.example.com."), P),
        c(PolicyMxInvalid, with("mail.example.com", "mail_1.example.com"), t("mail_1.example.com"), P),
        c(PolicyMaxAgeMissing, with("max_age: 604800\n", ""), Range(49, 49), P),
        c(PolicyMaxAgeInvalid, with("604800", "1w"), t("1w"), P),
        c(
            PolicyMaxAgeInvalid,
            with("604800", "12345678901"),
            t("12345678901"),
            &with("604800", "0031557600"),
        ),
        c(PolicyMaxAgeTooLarge, with("604800", "31557601"), t("31557601"), &with("604800", "31557600")),
        c(PolicyMaxAgeShort, with("604800", "86399"), t("86399"), &with("604800", "86400")),
        c(
            PolicyKeyDuplicate,
            format!("{P}mode: testing\n"),
            t("mode: testing"),
            &format!("{P}mx: backup.example.com\n"),
        ),
        c(PolicyKeyUnknown, with("max_age", "maxage"), t("maxage"), P),
        c(PolicyCase, with("mode: enforce", "Mode: enforce"), t("Mode"), P),
        c(PolicyCase, with("enforce", "Enforce"), t("Enforce"), P),
        c(PolicyCase, with("STSv1", "stsv1"), t("stsv1"), P),
        c(PolicyLineSyntax, format!("{P}mx mail2.example.com\n"), t("mx mail2.example.com"), P),
        c(
            PolicyWhitespace,
            with("mode: enforce", "mode : enforce"),
            Range(19, 20),
            &with("mode: enforce", "mode:    enforce  "),
        ),
        c(PolicyWhitespace, with("mode: enforce", "  mode: enforce"), Range(15, 17), P),
        c(
            PolicyNonAscii,
            with("mode: enforce", "mode:\u{a0}enforce"),
            t("\u{a0}"),
            &with("mode: enforce", "mode:\tenforce"),
        ),
    ]
}

#[test]
fn every_rule_fires_with_its_span_and_stays_quiet_on_the_good_twin() {
    let mut all = cases();
    all.extend(policy_cases());
    let lint = |text: &str| {
        if text.contains(':') || text.trim().is_empty() && text.contains('\n') {
            parse_policy(text).1
        } else {
            parse(text).1
        }
    };
    run_cases(&all, MtaStsCode::ALL, lint);
}

#[test]
fn good_records_and_policies_are_clean() {
    for record in ["v=STSv1; id=20240101T000000", "v=STSv1;id=1;", "v=STSv1; id=abc; ext-1=x"] {
        let (r, d) = parse(record);
        assert!(d.iter().all(|d| d.severity == crate::diag::Severity::Info), "{record}: {d:?}");
        assert!(r.valid_version && r.id.is_some());
    }
    for policy in [
        P,
        &P.replace('\n', "\r\n"),
        "version: STSv1\r\nmode: enforce\r\nmx: *.example.net\r\nmx: mail.example.com\r\nmax_age: 31557600",
    ] {
        let (p, d) = parse_policy(policy);
        assert!(d.is_empty(), "{policy:?}: {d:?}");
        assert!(p.valid_version && p.mode.is_some() && !p.mx.is_empty() && p.max_age.is_some());
    }
}

#[test]
fn tag_tables_show_effective_values() {
    let e = explain("v=STSv1; id=20240101");
    assert!(e.tags[1].meaning.contains("id must change every time the policy file changes"));
    assert_eq!(e.tags[1].effective, "20240101: senders refetch the policy when this changes");
    let e = explain_policy(
        "version: STSv1\nmode: testing\nmx: a.example.com\nmx: *.example.net\nmax_age: 1209600\n",
    );
    let names: Vec<&str> = e.tags.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["version", "mode", "mx", "mx", "max_age"]);
    assert_eq!(e.tags[1].effective, "testing: failures are reported, mail is still delivered");
    assert_eq!(e.tags[2].effective, "senders accept a.example.com, *.example.net");
    assert_eq!(e.tags[4].effective, "1209600 seconds (about 14 days)");
    assert_eq!(e.tags[2].span, Some(Span::new(29, 46)));
    let e = explain_policy("version: STSv1\n");
    assert_eq!(e.tags.iter().filter(|t| t.value.is_none()).count(), 3);
}

#[test]
fn corrected_records_are_mechanical_and_clean() {
    for (input, want) in [
        ("id=1; V=STSv1", "v=STSv1; id=1"),
        ("v=stsv1 ; ID = 1", "v=STSv1; id=1"),
        ("v=STSv1; id=1; id=2", "v=STSv1; id=1"),
    ] {
        let e = explain(input);
        assert_eq!(e.corrected.as_deref(), Some(want), "{input}");
        assert!(!has_errors(&explain(want).diagnostics), "{want}");
    }
    assert_eq!(explain("v=STSv1; id=1").corrected, None);
    assert_eq!(explain("v=STSv1; id=a-b").corrected, None);

    for (input, want) in [
        (
            "Mode : Enforce\r\nversion: stsv1\r\nmx: MAIL.example.com\r\nmaxage: 604800\r\n",
            "version: STSv1\r\nmode: enforce\r\nmx: mail.example.com\r\nmax_age: 604800\r\n",
        ),
        (
            "version: STSv1\nmode: enforce\nmode: testing\nmx: mail.example.com\nmax_age: 604800",
            "version: STSv1\nmode: enforce\nmx: mail.example.com\nmax_age: 604800",
        ),
    ] {
        let e = explain_policy(input);
        assert_eq!(e.corrected.as_deref(), Some(want), "{input:?}");
        assert!(!has_errors(&explain_policy(want).diagnostics), "{want:?}");
    }
    assert_eq!(explain_policy(P).corrected, None);
    assert_eq!(explain_policy(&P.replace("604800", "1w")).corrected, None);
}
