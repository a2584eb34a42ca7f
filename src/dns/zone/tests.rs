use super::*;
use crate::dns::Answer;

fn txt(zone: &Zone, name: &str) -> Vec<Vec<Vec<u8>>> {
    zone.resolver
        .lookup(name, RecordType::Txt)
        .records()
        .iter()
        .map(|r| match r {
            Record::Txt(t) => t.strings.clone(),
            other => panic!("not TXT: {other:?}"),
        })
        .collect()
}

#[test]
fn owners_origins_ttls_and_classes() {
    let zone = parse(
        "$ORIGIN Example.TEST.\n\
         $TTL 1h30m\n\
         @ 3600 IN A 192.0.2.1\n\
         \x20 IN 300 AAAA 2001:db8::1 ; same owner, class before TTL\n\
         www\tA 192.0.2.2\n\
         \tMX 10 mail\n\
         other.example.org. IN A 192.0.2.3\n\
         $ORIGIN sub\n\
         deep TXT x\n\
         @ MX 0 .\n",
    )
    .unwrap();
    let r = &zone.resolver;
    assert_eq!(r.lookup("example.test", RecordType::A).records(), [Record::A("192.0.2.1".parse().unwrap())]);
    assert_eq!(
        r.lookup("example.test", RecordType::Aaaa).records(),
        [Record::Aaaa("2001:db8::1".parse().unwrap())]
    );
    assert_eq!(r.lookup("www.example.test", RecordType::A).records().len(), 1);
    assert_eq!(
        r.lookup("www.example.test", RecordType::Mx).records(),
        [Record::Mx { preference: 10, exchange: "mail.Example.TEST".into() }]
    );
    assert_eq!(r.lookup("other.example.org", RecordType::A).records().len(), 1);
    assert_eq!(txt(&zone, "deep.sub.example.test"), vec![vec![b"x".to_vec()]]);
    assert_eq!(
        r.lookup("sub.example.test", RecordType::Mx).records(),
        [Record::Mx { preference: 0, exchange: ".".into() }]
    );
    assert_eq!(r.lookup("nope.example.test", RecordType::A), Answer::NxDomain);
}

#[test]
fn txt_strings_parentheses_comments_and_escapes() {
    let zone = parse(
        "$ORIGIN example.test.\n\
         a TXT ( \"v=spf1 \" ; first\n\
         \x20       \"-all\" )  ; last\n\
         b TXT \"say \\\"hi\\\"\" \"back\\\\slash\" \"\\065\\066C\" semi\\;colon\n\
         c TXT \"\" \"two;three\"\n\
         d ( IN\n\
         \x20  TXT\n\
         \x20  one )\n",
    )
    .unwrap();
    assert_eq!(txt(&zone, "a.example.test"), vec![vec![b"v=spf1 ".to_vec(), b"-all".to_vec()]]);
    assert_eq!(
        txt(&zone, "b.example.test"),
        vec![vec![b"say \"hi\"".to_vec(), b"back\\slash".to_vec(), b"ABC".to_vec(), b"semi;colon".to_vec()]]
    );
    assert_eq!(txt(&zone, "c.example.test"), vec![vec![b"".to_vec(), b"two;three".to_vec()]]);
    assert_eq!(txt(&zone, "d.example.test"), vec![vec![b"one".to_vec()]]);
}

#[test]
fn two_records_at_one_name_stay_two() {
    let zone = parse("$ORIGIN example.test.\n@ TXT one\n  TXT two three\n").unwrap();
    assert_eq!(
        txt(&zone, "example.test"),
        vec![vec![b"one".to_vec()], vec![b"two".to_vec(), b"three".to_vec()]]
    );
}

#[test]
fn cname_ptr_soa_and_ns() {
    let zone = parse(
        "$ORIGIN example.test.\n\
         @ IN SOA ns1 hostmaster ( 2026010101 7200 3600 1209600 300 )\n\
         @ IN NS ns1.example.net.\n\
         alias CNAME target\n\
         target A 192.0.2.9\n\
         9.2.0.192.in-addr.arpa. PTR target\n",
    )
    .unwrap();
    let r = &zone.resolver;
    assert_eq!(r.lookup("example.test", RecordType::Txt), Answer::NoData);
    assert_eq!(r.lookup("alias.example.test", RecordType::A).records().len(), 1);
    assert_eq!(
        r.lookup("alias.example.test", RecordType::Cname).records(),
        [Record::Cname("target.example.test".into())]
    );
    assert_eq!(
        r.lookup("9.2.0.192.in-addr.arpa", RecordType::Ptr).records(),
        [Record::Ptr("target.example.test".into())]
    );
}

#[test]
fn faults_and_latency() {
    let zone = parse(
        "$ORIGIN example.test.\n\
         flaky TXT \"v=spf1 -all\"\n\
         $FAULT flaky TXT servfail\n\
         $FAULT down * REFUSED\n\
         $FAULT slow.example.test. mx timeout\n\
         $FAULT junk TXT garbage\n\
         junk TXT \"still here\"\n\
         $LATENCY * 5\n\
         $LATENCY Slow 200\n",
    )
    .unwrap();
    let r = &zone.resolver;
    assert_eq!(r.lookup("flaky.example.test", RecordType::Txt), Answer::Failed(Failure::ServFail));
    assert_eq!(r.lookup("flaky.example.test", RecordType::A), Answer::NoData);
    assert_eq!(r.lookup("down.example.test", RecordType::Aaaa), Answer::Failed(Failure::Refused));
    assert_eq!(r.lookup("slow.example.test", RecordType::Mx), Answer::Failed(Failure::Timeout));
    // Transport faults do nothing in memory.
    assert_eq!(txt(&zone, "junk.example.test"), vec![vec![b"still here".to_vec()]]);
    assert_eq!(zone.faults.len(), 4);
    assert_eq!(
        zone.faults[1],
        Fault { name: "down.example.test".into(), record_type: None, kind: FaultKind::Refused }
    );
    let junk = zone.fault("JUNK.example.test.", RecordType::Txt).unwrap();
    assert_eq!(junk.kind, FaultKind::Garbage);
    assert!(zone.fault("junk.example.test", RecordType::A).is_none());
    assert_eq!(zone.fault("down.example.test", RecordType::Ptr).unwrap().kind, FaultKind::Refused);
    assert_eq!(zone.latency, vec![("*".to_string(), 5), ("slow.example.test".to_string(), 200)]);
    assert_eq!(zone.latency_ms("slow.example.test."), 200);
    assert_eq!(zone.latency_ms("other.example.test"), 5);
}

#[test]
fn extend_joins_zones() {
    let mut zone = parse("$ORIGIN a.test.\n@ TXT one\n$FAULT x TXT http500\n").unwrap();
    zone.extend(parse("$ORIGIN b.test.\n@ TXT two\n$LATENCY @ 7\n").unwrap());
    assert_eq!(txt(&zone, "a.test").len(), 1);
    assert_eq!(txt(&zone, "b.test").len(), 1);
    assert_eq!(zone.faults.len(), 1);
    assert_eq!(zone.latency_ms("b.test"), 7);
    let all = parse_all(["$ORIGIN a.test.\n@ TXT one\n", "$ORIGIN b.test.\n@ TXT two\n@ BOGUS x\n"]);
    assert_eq!(all.unwrap_err().0, 1);
}

#[test]
fn ttl_forms() {
    assert_eq!(ttl("3600"), Some(3600));
    assert_eq!(ttl("1h30m"), Some(5400));
    assert_eq!(ttl("1W2d"), Some(7 * 86_400 + 2 * 86_400));
    assert_eq!(ttl("5m10"), Some(310));
    assert_eq!(ttl(""), None);
    assert_eq!(ttl("h"), None);
    assert_eq!(ttl("1x"), None);
    assert_eq!(ttl("99999999999"), None);
}

#[test]
fn errors_carry_their_line() {
    use ZoneErrorKind as K;
    let cases: &[(&str, usize, K)] = &[
        ("$ORIGIN t.\n@ TXT \"open\n", 2, K::UnclosedQuote),
        ("$ORIGIN t.\n@ TXT x )\n", 2, K::UnbalancedParenthesis),
        ("$ORIGIN t.\n\n@ TXT ( x\n y\n", 3, K::UnclosedParenthesis),
        ("$ORIGIN t.\n@ TXT \"\\256\"\n", 2, K::BadEscape("\\256".into())),
        ("$ORIGIN t.\n@ TXT \"\\25x\"\n", 2, K::BadEscape("\\25x".into())),
        ("$ORIGIN t.\n@ TXT x\\\n", 2, K::BadEscape("\\".into())),
        ("  TXT x\n", 1, K::NoOwner),
        ("www A 192.0.2.1\n", 1, K::NoOrigin("www".into())),
        ("@ A 192.0.2.1\n", 1, K::NoOrigin("@".into())),
        (
            "$ORIGIN t.\n*.x A 192.0.2.1\n",
            2,
            K::BadName { name: "*.x".into(), why: "wildcards are not supported" },
        ),
        ("$ORIGIN t.\na..b. A 192.0.2.1\n", 2, K::BadName { name: "a..b.".into(), why: "empty label" }),
        (
            "$ORIGIN t.\na\\.b A 192.0.2.1\n",
            2,
            K::BadName { name: "a\\.b".into(), why: "quoted names and escapes in names are not supported" },
        ),
        (
            "$ORIGIN t.\na!b A 192.0.2.1\n",
            2,
            K::BadName { name: "a!b".into(), why: "only letters, digits, '-' and '_' are allowed" },
        ),
        ("$TTL 1y\n", 1, K::BadTtl("1y".into())),
        ("$ORIGIN t.\n@ 1x TXT y\n", 2, K::BadTtl("1x".into())),
        ("$ORIGIN t.\n@ CH TXT y\n", 2, K::UnsupportedClass("CH".into())),
        ("$ORIGIN t.\n\n@ IN SRV 0 0 25 mail\n", 3, K::UnsupportedType("SRV".into())),
        ("$ORIGIN t.\n@ IN 300\n", 2, K::MissingType),
        ("$ORIGIN t.\n@ A\n", 2, K::FieldCount { record_type: "A", expected: "one IPv4 address", found: 0 }),
        (
            "$ORIGIN t.\n@ MX 10\n",
            2,
            K::FieldCount { record_type: "MX", expected: "a preference and a name", found: 1 },
        ),
        (
            "$ORIGIN t.\n@ TXT\n",
            2,
            K::FieldCount { record_type: "TXT", expected: "one or more strings", found: 0 },
        ),
        (
            "$ORIGIN t.\n@ SOA a b 1 2 3\n",
            2,
            K::FieldCount { record_type: "SOA", expected: "seven fields", found: 5 },
        ),
        (
            "$ORIGIN t.\n@ A 192.0.2.256\n",
            2,
            K::BadData { record_type: "A", value: "192.0.2.256".into(), why: "not an IPv4 address" },
        ),
        (
            "$ORIGIN t.\n@ AAAA 192.0.2.1\n",
            2,
            K::BadData { record_type: "AAAA", value: "192.0.2.1".into(), why: "not an IPv6 address" },
        ),
        (
            "$ORIGIN t.\n@ MX 70000 mail\n",
            2,
            K::BadData { record_type: "MX", value: "70000".into(), why: "not a preference from 0 to 65535" },
        ),
        ("$INCLUDE other.zone\n", 1, K::UnknownDirective("$INCLUDE".into())),
        (
            "$ORIGIN t.\n$FAULT x TXT slow\n",
            2,
            K::BadDirective {
                directive: "$FAULT",
                why: "fault slow is not one of servfail, refused, timeout, garbage, http500, truncated"
                    .into(),
            },
        ),
        (
            "$ORIGIN t.\n$FAULT x SRV servfail\n",
            2,
            K::BadDirective {
                directive: "$FAULT",
                why: "type SRV is not one of A, AAAA, MX, TXT, PTR, CNAME or *".into(),
            },
        ),
        (
            "$ORIGIN t.\n$FAULT x TXT\n",
            2,
            K::BadDirective {
                directive: "$FAULT",
                why: "takes a name, a type or *, and a fault kind".into(),
            },
        ),
        (
            "$ORIGIN t.\n$LATENCY x soon\n",
            2,
            K::BadDirective { directive: "$LATENCY", why: "soon is not a number of milliseconds".into() },
        ),
        ("$ORIGIN a. b.\n", 1, K::BadDirective { directive: "$ORIGIN", why: "takes one name".into() }),
    ];
    for (text, line, kind) in cases {
        let e = parse(text).expect_err(text);
        assert_eq!((e.line, &e.kind), (*line, kind), "{text:?}");
    }
}

#[test]
fn long_strings_and_names_are_refused() {
    let long = "x".repeat(256);
    let e = parse(&format!("$ORIGIN t.\n@ TXT {long}\n")).unwrap_err();
    assert!(matches!(e.kind, ZoneErrorKind::BadData { record_type: "TXT", .. }), "{e}");
    assert!(parse(&format!("$ORIGIN t.\n@ TXT {}\n", "x".repeat(255))).is_ok());
    let label = "a".repeat(64);
    let e = parse(&format!("$ORIGIN t.\n{label} A 192.0.2.1\n")).unwrap_err();
    assert_eq!(e.line, 2);
    let name = ["abcdefghij"; 24].join(".");
    let e = parse(&format!("{name}. A 192.0.2.1\n")).unwrap_err();
    assert!(matches!(e.kind, ZoneErrorKind::BadName { why: "longer than 253 characters", .. }), "{e}");
}

#[test]
fn messages_name_the_line() {
    let e = parse("$ORIGIN t.\n@ IN CAA 0 issue \"ca.example\"\n").unwrap_err();
    assert_eq!(
        e.to_string(),
        "line 2: record type CAA is not supported: A, AAAA, MX, TXT, CNAME and PTR are (SOA and NS are skipped)"
    );
}

#[test]
fn crlf_and_empty_input() {
    let zone = parse("$ORIGIN t.\r\n@ TXT \"a\"\r\n\r\n; only a comment\r\n").unwrap();
    assert_eq!(txt(&zone, "t"), vec![vec![b"a".to_vec()]]);
    let empty = parse("").unwrap();
    assert_eq!(empty.resolver.lookup("t", RecordType::A), Answer::NxDomain);
}
