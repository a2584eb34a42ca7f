//! Every rule, as a table: a record it must fire on (with the exact span)
//! and a close record it must stay quiet on.

use super::*;
use crate::catalogue::SpfCode;
use crate::diag::{has_errors, Severity, Span};

/// Where a diagnostic must point.
#[derive(Clone, Copy, Debug)]
enum At {
    /// The first occurrence of this text in the record.
    Text(&'static str),
    /// The n-th (0-based) occurrence of this text.
    Nth(&'static str, usize),
    /// An exact byte range (empty for "missing here").
    Range(usize, usize),
    /// From this byte to the end of the record.
    From(usize),
}

impl At {
    fn resolve(self, record: &str) -> Span {
        match self {
            At::Range(s, e) => Span::new(s, e),
            At::From(s) => Span::new(s, record.len()),
            At::Text(t) => At::Nth(t, 0).resolve(record),
            At::Nth(text, n) => {
                let start = record
                    .match_indices(text)
                    .nth(n)
                    .map(|(i, _)| i)
                    .unwrap_or_else(|| panic!("{text:?} not in {record:?}"));
                Span::new(start, start + text.len())
            }
        }
    }
}

struct Case {
    code: SpfCode,
    bad: &'static str,
    at: At,
    good: &'static str,
}

fn long_record(len: usize) -> &'static str {
    let mut out = String::from("v=spf1");
    let mut i = 0u32;
    while out.len() + 20 < len {
        out.push_str(&format!(" ip4:192.0.{}.{}", i / 200, i % 200));
        i += 1;
    }
    out.push_str(" -all");
    Box::leak(out.into_boxed_str())
}

fn cases() -> Vec<Case> {
    use At::*;
    use SpfCode::*;
    let c = |code, bad, at, good| Case { code, bad, at, good };
    let eleven = "v=spf1 a mx ptr:x.example exists:%{i}.x.example include:a.example include:b.example include:c.example include:d.example include:e.example include:f.example include:g.example -all";
    let ten = "v=spf1 a mx exists:%{i}.x.example include:a.example include:b.example include:c.example include:d.example include:e.example include:f.example include:g.example -all";
    vec![
        c(Empty, "", Range(0, 0), "v=spf1 -all"),
        c(Empty, "  \t", Range(0, 3), "v=spf1 -all"),
        c(VersionMissing, "mx -all", Range(0, 0), "v=spf1 mx -all"),
        c(
            VersionMissing,
            "include:_spf.example.com v=spf1 -all",
            Range(0, 0),
            "v=spf1 include:_spf.example.com -all",
        ),
        c(VersionInvalid, "v=spf2 mx -all", Text("v=spf2"), "v=spf1 mx -all"),
        c(VersionInvalid, "v=spf1a mx -all", Text("v=spf1a"), "v=spf1 a mx -all"),
        c(VersionInvalid, "spf1 mx -all", Text("spf1"), "v=spf1 mx -all"),
        c(VersionInvalid, "v=spf2.0/pra mx -all", Text("v=spf2.0/pra"), "v=spf1 mx -all"),
        c(VersionCase, "V=SPF1 mx -all", Text("V=SPF1"), "v=spf1 mx -all"),
        c(LeadingSpace, "  v=spf1 -all", Range(0, 2), "v=spf1 -all  "),
        c(Whitespace, "v=spf1 mx\t-all", Text("\t"), "v=spf1 mx  -all"),
        c(Whitespace, "v=spf1 mx\r\n -all", Text("\r\n "), "v=spf1 mx -all "),
        c(NonAscii, "v=spf1 mx\u{a0}-all", Text("\u{a0}"), "v=spf1 mx -all"),
        c(NonAscii, "v=spf1 a:caf\u{e9}.example -all", Text("\u{e9}"), "v=spf1 a:cafe.example -all"),
        c(NonAscii, "v=spf1 mx -all\u{7}", Text("\u{7}"), "v=spf1 mx -all"),
        c(TermSyntax, "v=spf1 all/8", Text("all/8"), "v=spf1 -all"),
        c(TermSyntax, "v=spf1 exists -all", Text("exists"), "v=spf1 exists:%{i}.x.example -all"),
        c(TermSyntax, "v=spf1 -exp=x.example -all", Text("-exp=x.example"), "v=spf1 -all exp=x.example"),
        c(TermSyntax, "v=spf1 1x=y -all", Text("1x=y"), "v=spf1 x1=y -all"),
        c(TermSyntax, "v=spf1 =y -all", Text("=y"), "v=spf1 -all"),
        c(TermSyntax, "v=spf1 ip4 -all", Text("ip4"), "v=spf1 ip4:192.0.2.1 -all"),
        c(MechanismUnknown, "v=spf1 ipv4:192.0.2.1 -all", Text("ipv4"), "v=spf1 ip4:192.0.2.1 -all"),
        c(MechanismUnknown, "v=spf1 redirect:x.example", Text("redirect"), "v=spf1 redirect=x.example"),
        c(DomainEmpty, "v=spf1 include: -all", Text("include:"), "v=spf1 include:x.example -all"),
        c(DomainEmpty, "v=spf1 redirect=", Text("redirect="), "v=spf1 redirect=x.example"),
        c(DomainEmpty, "v=spf1 a: -all", Text("a:"), "v=spf1 a -all"),
        c(DomainInvalid, "v=spf1 a:192.0.2.1 -all", Text("192.0.2.1"), "v=spf1 ip4:192.0.2.1 -all"),
        c(DomainInvalid, "v=spf1 include:example -all", Text("example"), "v=spf1 include:example.com -all"),
        c(
            DomainInvalid,
            "v=spf1 exists:x.example/24 -all",
            Text("x.example/24"),
            "v=spf1 exists:x.example -all",
        ),
        c(IpInvalid, "v=spf1 ip4:192.0.2.256 -all", Text("192.0.2.256"), "v=spf1 ip4:192.0.2.255 -all"),
        c(IpInvalid, "v=spf1 ip4:192.0.2 -all", Text("192.0.2"), "v=spf1 ip4:192.0.2.0/24 -all"),
        c(IpInvalid, "v=spf1 ip6:2001:db8:::1 -all", Text("2001:db8:::1"), "v=spf1 ip6:2001:db8::1 -all"),
        c(CidrInvalid, "v=spf1 ip4:192.0.2.0/33 -all", Text("33"), "v=spf1 ip4:192.0.2.0/32 -all"),
        c(CidrInvalid, "v=spf1 ip6:2001:db8::/129 -all", Text("129"), "v=spf1 ip6:2001:db8::/128 -all"),
        c(CidrInvalid, "v=spf1 ip4:192.0.2.0/024 -all", Text("024"), "v=spf1 ip4:192.0.2.0/24 -all"),
        c(CidrInvalid, "v=spf1 a/24//129 -all", Text("129"), "v=spf1 a/24//64 -all"),
        c(CidrInvalid, "v=spf1 mx/33 -all", Text("33"), "v=spf1 mx//64 -all"),
        c(
            MacroInvalid,
            "v=spf1 exists:%{i}.%x.example -all",
            Nth("%", 1),
            "v=spf1 exists:%{i}.%%x.example -all",
        ),
        c(MacroInvalid, "v=spf1 exists:%{q}.x.example -all", Text("%"), "v=spf1 exists:%{l}.x.example -all"),
        c(MacroInvalid, "v=spf1 exists:%{i.x.example -all", Text("%"), "v=spf1 exists:%{i}.x.example -all"),
        c(MacroInvalid, "v=spf1 -all foo=%", Text("%"), "v=spf1 -all foo=%%"),
        c(
            MacroExpOnly,
            "v=spf1 exists:%{r}.x.example -all",
            Text("%{r}"),
            "v=spf1 exists:%{h}.x.example -all",
        ),
        c(
            ModifierDuplicate,
            "v=spf1 -all exp=a.example exp=b.example",
            Text("exp=b.example"),
            "v=spf1 -all exp=a.example",
        ),
        c(
            ModifierDuplicate,
            "v=spf1 redirect=a.example redirect=b.example",
            Text("redirect=b.example"),
            "v=spf1 redirect=a.example",
        ),
        c(ModifierUnknown, "v=spf1 -all default=deny", Text("default=deny"), "v=spf1 -all"),
        c(AfterAll, "v=spf1 -all mx", Text("mx"), "v=spf1 mx -all"),
        c(
            RedirectWithAll,
            "v=spf1 -all redirect=x.example",
            Text("redirect=x.example"),
            "v=spf1 redirect=x.example",
        ),
        c(PassAll, "v=spf1 mx +all", Text("+all"), "v=spf1 mx -all"),
        c(PassAll, "v=spf1 mx all", Text("all"), "v=spf1 mx ~all"),
        c(NeutralAll, "v=spf1 mx ?all", Text("?all"), "v=spf1 mx ~all"),
        c(NoAll, "v=spf1 mx", Range(9, 9), "v=spf1 mx redirect=x.example"),
        c(Ptr, "v=spf1 ptr -all", Text("ptr"), "v=spf1 a -all"),
        c(Ptr, "v=spf1 ?ptr:x.example -all", Text("?ptr:x.example"), "v=spf1 a:x.example -all"),
        c(TooManyLookups, eleven, Text("include:g.example"), ten),
        c(LookupsNested, "v=spf1 include:x.example -all", Text("include:x.example"), "v=spf1 a -all"),
        c(
            LookupsNested,
            "v=spf1 mx redirect=x.example",
            Text("redirect=x.example"),
            "v=spf1 mx -all redirect=x.example",
        ),
        c(StringTooLong, long_record(300), From(255), long_record(250)),
        c(RecordTooLong, long_record(460), From(450), long_record(440)),
        c(TermDuplicate, "v=spf1 mx a MX -all", Text("MX"), "v=spf1 mx a -all"),
    ]
}

#[test]
fn every_rule_fires_with_its_span_and_stays_quiet_on_the_good_twin() {
    for case in cases() {
        let (_, bad) = parse(case.bad);
        let want = case.at.resolve(case.bad);
        crate::diag::assert_fires(case.code, &bad, want, case.bad);
        let (_, good) = parse(case.good);
        assert!(
            good.iter().all(|d| d.code != case.code),
            "{} should stay quiet on {:?}: {:?}",
            case.code.as_str(),
            case.good,
            good.iter().map(|d| (d.code.as_str(), d.span)).collect::<Vec<_>>()
        );
    }
}

#[test]
fn every_spf_rule_in_the_catalogue_has_a_case() {
    let covered: Vec<SpfCode> = cases().iter().map(|c| c.code).collect();
    for code in SpfCode::ALL {
        assert!(covered.contains(code), "no test case for {}", code.as_str());
    }
}

#[test]
fn good_records_are_clean() {
    for record in [
        "v=spf1 -all",
        "v=spf1 mx a:mail.example.com ip4:192.0.2.0/24 ip6:2001:db8::/32 include:_spf.example.net ~all",
        "v=spf1 a/24//64 mx:example.com//64 exists:%{ir}.%{v}._spf.%{d2} -all exp=explain.%{d}",
        "v=spf1  ip4:192.0.2.1  -all  ",
        "v=spf1 redirect=_spf.example.com",
    ] {
        let (r, diagnostics) = parse(record);
        let noisy: Vec<_> = diagnostics.iter().filter(|d| d.severity != Severity::Info).collect();
        assert!(noisy.is_empty(), "{record}: {noisy:?}");
        assert!(r.valid_version && !r.permerror, "{record}");
    }
}

#[test]
fn permerror_follows_the_receivers() {
    for (record, permerror) in [
        ("v=spf1 -all", false),
        ("v=spf1 +all", false),
        ("v=spf1 foo -all", true),
        ("v=spf1 -all exp=a.example exp=b.example", true),
        ("v=spf1 -all foo=bar", false),
        ("v=spf1 ip4:1.2.3.4/33", true),
        ("v=spf1 exists:%{c}.x.example", true),
        ("v=spf2 foo", false),
    ] {
        assert_eq!(parse(record).0.permerror, permerror, "{record}");
    }
}

#[test]
fn typed_terms() {
    let (r, _) =
        parse("v=spf1 ~ip4:192.0.2.0/24 a:x.example/24//64 include:_spf.example.net redirect=r.example");
    assert_eq!(r.terms.len(), 4);
    assert_eq!(
        r.terms[0].kind,
        TermKind::Directive {
            qualifier: Qualifier::SoftFail,
            written: true,
            mechanism: Mechanism::Ip4 {
                addr: "192.0.2.0".parse().unwrap(),
                prefix: 24,
                prefix_written: true
            },
        }
    );
    match r.terms[1].mechanism() {
        Some(Mechanism::A { domain: Some(d), cidr }) => {
            assert_eq!(d.text, "x.example");
            assert_eq!((cidr.v4, cidr.v6), (24, 64));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(r.redirect().map(|d| d.text.as_str()), Some("r.example"));
    assert_eq!(r.lookups(), 3);
}

#[test]
fn explain_rows_count_lookups_and_say_what_terms_do() {
    let e = explain("v=spf1 ip4:192.0.2.0/24 include:_spf.example.com mx -all");
    let names: Vec<&str> = e.tags.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["v=spf1", "ip4:192.0.2.0/24", "include:_spf.example.com", "mx", "-all"]);
    let lookups: Vec<Option<u32>> = e.tags.iter().map(|t| t.lookups).collect();
    assert_eq!(lookups, [None, Some(0), Some(1), Some(1), Some(0)]);
    assert_eq!(e.tags[1].effective, "pass for 192.0.2.0/24");
    assert_eq!(e.tags[4].effective, "fail for every host not matched before");
    assert_eq!(e.tags[2].value.as_deref(), Some("+ (pass) _spf.example.com"));
    assert_eq!(e.corrected, None);

    let e = explain("v=spf1 include: ip4:1.2.3.4/33 -all redirect=x.example");
    let lookups: Vec<Option<u32>> = e.tags.iter().map(|t| t.lookups).collect();
    assert_eq!(lookups, [None, Some(1), Some(0), Some(0), Some(1)]);
    let e = explain("v=spf1 -all redirect=x.example");
    assert_eq!(e.tags[2].effective, "ignored: the record has an all mechanism, which always matches");
}

#[test]
fn corrections_are_mechanical_and_clean() {
    for (input, want) in [
        ("V=SPF1 mx -all", Some("v=spf1 mx -all")),
        ("v=spf1 mx -all a", Some("v=spf1 mx -all")),
        ("v=spf1 mx mx -all", Some("v=spf1 mx -all")),
        ("v=spf1 mx\t-all", Some("v=spf1 mx -all")),
        ("  v=spf1 mx -all", Some("v=spf1 mx -all")),
        ("v=spf1 -all redirect=x.example", Some("v=spf1 -all")),
        ("v=spf1 mx -all", None),
        ("v=spf1 foo -all", None),
        ("v=spf1 mx +all", None),
        ("v=spf2 mx -all", None),
    ] {
        let e = explain(input);
        assert_eq!(e.corrected.as_deref(), want, "{input}");
        if let Some(fixed) = &e.corrected {
            assert!(!has_errors(&explain(fixed).diagnostics), "{fixed}");
        }
    }
}

#[test]
fn diagnostics_are_sorted_by_severity_then_position() {
    let e = explain("v=spf1 ptr foo +all mx");
    let keys: Vec<(Severity, usize)> = e.diagnostics.iter().map(|d| (d.severity, d.span.start)).collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
}

#[test]
fn spans_stay_inside_the_input_on_character_boundaries() {
    for record in [
        "v=spf1 a:\u{e9}\u{e9}.example %{\u{e9}} ip4:\u{e9}",
        "\u{feff}v=spf1",
        "v=spf1 %",
        "v=spf1 a:%{",
        "v=spf1 ip6:/",
        "v=spf1 a//",
        "v=spf1 ////",
        "v=spf1 =",
        "v=spf1 +",
    ] {
        let (_, diagnostics) = parse(record);
        for d in diagnostics {
            assert!(d.span.end <= record.len() && d.span.start <= d.span.end, "{record:?} {d:?}");
            assert!(record.is_char_boundary(d.span.start) && record.is_char_boundary(d.span.end));
        }
    }
}
