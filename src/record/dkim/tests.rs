//! Every rule, as a table: a record it must fire on (with the exact span)
//! and a close record it must stay quiet on; then the real keys of the
//! corpus, the tag table and the corrected record.

use super::*;
use crate::catalogue::DkimCode;
use crate::diag::{has_errors, Severity, Span};

/// Keys generated for these tests with openssl (not real selectors).
const K512: &str = "MFwwDQYJKoZIhvcNAQEBBQADSwAwSAJBAJK3KbKJtkWwjOGrq+tlu+l+YvCqWgKnJVEaUp5EF1IjYhfLGjNy3yPwVRyFFa9xXP/lz+4o7T6bm4i1xwl6E3ECAwEAAQ==";
const K1024: &str = "MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDOpDsZoBLzhFGupRZKQKBkiqPT6tj7u6J9q8Do7o3qGCxv9JU1iWcvAyhDQJE4tDP2suJ3Nq8YGJpxLFspgxyCY2S5YacBf7Xxy6890Z8Xsnpi7x6EY8TYsXMYVFF7qIfsfJQ+HUHA/m5VZw6R0FWE4gLeLoVVJxArp3wd4+tB8wIDAQAB";
const K2048: &str = "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAs9coexZEtJfOWkQErA5tBtXX9uJPCebCY+EZDp6yYr3RFxlgh/dXD0NuziWaa6KD8b7J9pzM7mQP434qWXvM9h8rVsfIrHcjfXoaMYyEWCpttxLdj1mk81Gb70rvRnSHTJeyIysj1lyfMiauLoal3WuZfVFddzHgv19BNnrg1l9fgzmCATnM0d+WljbfpgJz8sKBVraAP+CShhhWnI7a+lYPz1L725zNqf8hT2SCbA7bJPwfxMXXOUaPzG83/nKZiHQSAd975qJVpGnyTcY1PRfOoYCMug/p7eeMq6EMNqH59WLmULoRSxmHUXJ7eAzurM7bbfx+Ss0RjA9er3MrZwIDAQAB";
const P2048: &str = "MIIBCgKCAQEAs9coexZEtJfOWkQErA5tBtXX9uJPCebCY+EZDp6yYr3RFxlgh/dXD0NuziWaa6KD8b7J9pzM7mQP434qWXvM9h8rVsfIrHcjfXoaMYyEWCpttxLdj1mk81Gb70rvRnSHTJeyIysj1lyfMiauLoal3WuZfVFddzHgv19BNnrg1l9fgzmCATnM0d+WljbfpgJz8sKBVraAP+CShhhWnI7a+lYPz1L725zNqf8hT2SCbA7bJPwfxMXXOUaPzG83/nKZiHQSAd975qJVpGnyTcY1PRfOoYCMug/p7eeMq6EMNqH59WLmULoRSxmHUXJ7eAzurM7bbfx+Ss0RjA9er3MrZwIDAQAB";
/// The RFC 8463 example key.
const ED: &str = "11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=";
const ED_SPKI: &str = "MCowBQYDK2VwAyEAdq9LM9AFRxTtPLSDP2hTj4lxCbeC4v5d5Kmh+UYrrtI=";

/// Where a diagnostic must point.
#[derive(Clone, Debug)]
pub(crate) enum At {
    /// The first occurrence of this text.
    Text(String),
    /// The n-th (0-based) occurrence.
    Nth(String, usize),
    /// The last occurrence.
    Last(String),
    /// An exact byte range (empty for "missing here").
    Range(usize, usize),
}

impl At {
    pub(crate) fn resolve(&self, record: &str) -> Span {
        let found = |text: &str, index: Option<usize>| {
            let hits: Vec<usize> = record.match_indices(text).map(|(i, _)| i).collect();
            let start = match index {
                Some(n) => hits.get(n).copied(),
                None => hits.last().copied(),
            }
            .unwrap_or_else(|| panic!("{text:?} not in {record:?}"));
            Span::new(start, start + text.len())
        };
        match self {
            At::Text(t) => found(t, Some(0)),
            At::Nth(t, n) => found(t, Some(*n)),
            At::Last(t) => found(t, None),
            At::Range(s, e) => Span::new(*s, *e),
        }
    }
}

pub(crate) struct Case<C> {
    pub code: C,
    pub bad: String,
    pub at: At,
    pub good: String,
}

pub(crate) fn t(text: &str) -> At {
    At::Text(text.to_string())
}

fn cases() -> Vec<Case<DkimCode>> {
    use At::Range;
    use DkimCode::*;
    let c = |code, bad: String, at, good: String| Case { code, bad, at, good };
    let rsa = format!("v=DKIM1; k=rsa; p={K2048}");
    let ed = format!("v=DKIM1; k=ed25519; p={ED}");
    vec![
        c(Empty, String::new(), Range(0, 0), ed.clone()),
        c(Empty, " \r\n".into(), Range(0, 3), ed.clone()),
        c(VersionInvalid, format!("v=DKIM2; p={K2048}"), t("DKIM2"), rsa.clone()),
        c(VersionInvalid, format!("v=; p={K2048}"), t("v="), rsa.clone()),
        c(VersionNotFirst, format!("k=ed25519; v=DKIM1; p={ED}"), t("v=DKIM1"), ed.clone()),
        c(KeyMissing, "v=DKIM1; k=rsa; ".into(), Range(14, 14), rsa.clone()),
        c(KeyRevoked, "v=DKIM1; k=rsa; p=".into(), t("p="), rsa.clone()),
        c(KeyBase64, format!("v=DKIM1; p=MIIBIjANBgkqhkiG9w0B\" \"{}", &K2048[20..]), t("\""), rsa.clone()),
        c(
            KeyBase64,
            format!("v=DKIM1; p=MIIBIjANBgkqhkiG9w0B\" \"{}", &K2048[20..]),
            At::Nth("\"".into(), 1),
            rsa.clone(),
        ),
        c(KeyBase64, format!("v=DKIM1; k=ed25519; p=11qY==AYKx{}", &ED[8..]), t("=="), ed.clone()),
        c(KeyBase64, "v=DKIM1; p=TWFuT".into(), t("TWFuT"), rsa.clone()),
        c(KeyUnreadable, "v=DKIM1; p=TWFu".into(), t("TWFu"), rsa.clone()),
        c(RsaTooShort, format!("v=DKIM1; p={K512}"), t(K512), rsa.clone()),
        c(RsaWeak, format!("v=DKIM1; p={K1024}"), t(K1024), rsa.clone()),
        c(RsaPkcs1, format!("v=DKIM1; p={P2048}"), t(P2048), rsa.clone()),
        c(Ed25519Form, format!("v=DKIM1; k=ed25519; p={ED_SPKI}"), t(ED_SPKI), ed.clone()),
        c(Ed25519Form, "v=DKIM1; k=ed25519; p=TWFu".into(), t("TWFu"), ed.clone()),
        c(KeyTypeUnknown, format!("v=DKIM1; k=dsa; p={K2048}"), t("dsa"), rsa.clone()),
        c(KeyTypeMismatch, format!("v=DKIM1; k=rsa; p={ED}"), t("k=rsa"), ed.clone()),
        c(KeyTypeMismatch, format!("v=DKIM1; p={ED}"), t(&format!("p={ED}")), ed.clone()),
        c(KeyTypeMismatch, format!("v=DKIM1; k=ed25519; p={K2048}"), t("k=ed25519"), rsa.clone()),
        c(
            HashSha1,
            format!("v=DKIM1; h=sha1; p={K2048}"),
            t("sha1"),
            format!("v=DKIM1; h=sha256; p={K2048}"),
        ),
        c(
            HashSha1,
            format!("v=DKIM1; h=sha1:sha256; p={K2048}"),
            t("sha1"),
            format!("v=DKIM1; h=sha256; p={K2048}"),
        ),
        c(
            HashUnknown,
            format!("v=DKIM1; h=sha512; p={K2048}"),
            t("sha512"),
            format!("v=DKIM1; h=sha256; p={K2048}"),
        ),
        c(
            ServiceNotEmail,
            format!("v=DKIM1; s=tlsrpt; p={K2048}"),
            t("tlsrpt"),
            format!("v=DKIM1; s=email:tlsrpt; p={K2048}"),
        ),
        c(Testing, format!("v=DKIM1; t=y; p={K2048}"), t("t=y"), format!("v=DKIM1; t=s; p={K2048}")),
        c(StrictIdentity, format!("v=DKIM1; t=s; p={K2048}"), t("t=s"), format!("v=DKIM1; t=y; p={K2048}")),
        c(
            FlagUnknown,
            format!("v=DKIM1; p={K2048}; t=y:q"),
            At::Last("q".into()),
            format!("v=DKIM1; p={K2048}; t=y:s"),
        ),
        c(GranularityObsolete, format!("v=DKIM1; g=*; p={K2048}"), t("g=*"), rsa.clone()),
        c(TagDuplicate, format!("v=DKIM1; k=rsa; k=rsa; p={K2048}"), At::Nth("k=rsa".into(), 1), rsa.clone()),
        c(TagDuplicate, format!("v=DKIM1; p={K2048}; p={K1024}"), t(&format!("p={K1024}")), rsa.clone()),
        c(TagUnknown, format!("v=DKIM1; x=1; p={K2048}"), Range(9, 10), rsa.clone()),
        c(TagCase, format!("v=DKIM1; K=rsa; p={K2048}"), Range(9, 10), rsa.clone()),
        c(ValueCase, format!("v=DKIM1; k=RSA; p={K2048}"), t("RSA"), rsa.clone()),
        c(
            ValueCase,
            format!("v=DKIM1; h=SHA256; p={K2048}"),
            t("SHA256"),
            format!("v=DKIM1; h=sha256; p={K2048}"),
        ),
        c(TagSyntax, format!("v=DKIM1; k rsa; p={K2048}"), t("k rsa"), rsa.clone()),
        c(EmptyTerm, format!("v=DKIM1;; p={K2048}"), Range(8, 8), format!("v=DKIM1; p={K2048};")),
        c(NonAscii, format!("v=DKIM1;\u{a0}p={K2048}"), t("\u{a0}"), format!("v=DKIM1;\r\n\tp={K2048}")),
        c(ValueEmpty, format!("v=DKIM1; k=; p={K2048}"), t("k="), rsa.clone()),
        c(
            LongRecord,
            format!("v=DKIM1; p={K2048}"),
            Range(255, 9 + 2 + K2048.len()),
            format!("v=DKIM1; p={K1024}"),
        ),
    ]
}

/// Runs a rule table: each rule fires at its span on the bad record and
/// stays quiet on the good twin; every code of the kind has a case.
pub(crate) fn run_cases<C>(cases: &[Case<C>], all: &[C], lint: impl Fn(&str) -> Vec<crate::diag::Diagnostic>)
where
    C: Copy + std::fmt::Debug + PartialEq,
    crate::catalogue::Code: PartialEq<C>,
{
    for case in cases {
        let bad = lint(&case.bad);
        crate::diag::assert_fires(case.code, &bad, case.at.resolve(&case.bad), &case.bad);
        let good = lint(&case.good);
        assert!(
            good.iter().all(|d| d.code != case.code),
            "{:?} should stay quiet on {:?}",
            case.code,
            case.good
        );
    }
    for code in all {
        assert!(cases.iter().any(|c| c.code == *code), "no test case for {code:?}");
    }
}

#[test]
fn every_rule_fires_with_its_span_and_stays_quiet_on_the_good_twin() {
    run_cases(&cases(), DkimCode::ALL, |r| parse(r).1);
}

#[test]
fn good_records_have_no_error_or_warning() {
    for record in [
        format!("v=DKIM1; k=rsa; p={K2048}"),
        format!("v=DKIM1; k=ed25519; p={ED}"),
        format!("v=DKIM1;\r\n\tk=rsa;\r\n\tp={}\r\n {}", &K2048[..100], &K2048[100..]),
        format!("k=rsa; h=sha256; s=email; n=rotated 2024; p={K2048}"),
        format!("v=DKIM1; p={K2048};"),
    ] {
        let (_, diagnostics) = parse(&record);
        assert!(diagnostics.iter().all(|d| d.severity == Severity::Info), "{record}: {diagnostics:?}");
    }
}

fn corpus(name: &str) -> Vec<(String, String)> {
    let path = format!("{}/../shared/corpora/mail-auth/resources/dkim/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    text.lines()
        .take_while(|line| !line.trim().is_empty())
        .map(|line| {
            let (owner, value) = line.split_once(' ').unwrap();
            (owner.to_string(), value.to_string())
        })
        .collect()
}

#[test]
fn real_keys_from_the_corpus_decode_to_their_sizes() {
    let expected: &[(&str, &str, &str, u32)] = &[
        ("001.txt", "brisbane._domainkey.football.example.com", "ed25519", 256),
        ("001.txt", "test._domainkey.football.example.com", "rsa", 1024),
        ("002.txt", "newengland._domainkey.example.com", "rsa", 1024),
        ("003.txt", "ietf1._domainkey.ietf.org", "rsa", 1024),
        ("004.txt", "s1024-2013-q3._domainkey.facebookmail.com", "rsa", 1024),
        ("005.txt", "sysmsg-1._domainkey.topicbox.com", "rsa", 1024),
        ("006.txt", "dk2016._domainkey.github.com", "rsa", 1024),
    ];
    for (file, owner, algorithm, bits) in expected {
        let records = corpus(file);
        let (_, value) = records.iter().find(|(o, _)| o == owner).unwrap();
        let (record, diagnostics) = parse(value);
        assert!(!has_errors(&diagnostics), "{owner}: {diagnostics:?}");
        assert!(record.valid_version, "{owner}");
        let info = key_info(&record).unwrap_or_else(|| panic!("{owner}: no key"));
        assert_eq!((info.algorithm, info.bits), (*algorithm, *bits), "{owner}");
        if *algorithm == "rsa" {
            assert!(diagnostics.iter().any(|d| d.code == DkimCode::RsaWeak), "{owner}");
        }
    }
    // 002 publishes a bare PKCS#1 key, the others a SubjectPublicKeyInfo.
    let (_, value) = &corpus("002.txt")[0];
    assert_eq!(parse(value).0.key_form, Some(KeyForm::RsaPkcs1 { bits: 1024 }));
    // 003 and 004 have no v=DKIM1; 004 and 006 say h=sha256 and t=s.
    let (_, value) = &corpus("004.txt")[0];
    let (record, _) = parse(value);
    assert_eq!(record.hash_algorithms.as_ref().map(|h| h.value.clone()), Some(vec!["sha256".to_string()]));
    assert!(record.has_flag("s") && record.tag("v").is_none());
}

#[test]
fn generated_keys_decode_to_their_sizes() {
    for (key, bits) in [(K512, 512), (K1024, 1024), (K2048, 2048), (P2048, 2048)] {
        let (record, _) = parse(&format!("p={key}"));
        assert_eq!(key_info(&record), Some(KeyInfo { algorithm: "rsa", bits }));
    }
    let (record, _) = parse(&format!("k=ed25519; p={ED_SPKI}"));
    assert_eq!(record.key_form, Some(KeyForm::Ed25519Spki));
    assert_eq!(parse("p=").0.key_form, None);
    assert_eq!(
        serde_json::to_string(&KeyInfo { algorithm: "rsa", bits: 2048 }).unwrap(),
        r#"{"algorithm":"rsa","bits":2048}"#
    );
}

#[test]
fn words_carry_the_values_found() {
    let (_, d) = parse(&format!("v=DKIM1; p={K1024}"));
    let weak = d.iter().find(|d| d.code == DkimCode::RsaWeak).unwrap();
    assert!(weak.message.contains("1024 bits"), "{}", weak.message);
    let (_, d) = parse(&format!("v=DKIM1; p={ED}"));
    let mismatch = d.iter().find(|d| d.code == DkimCode::KeyTypeMismatch).unwrap();
    assert!(
        mismatch.message.contains("declares a rsa key (k is absent, so rsa), but p= holds an ed25519 key"),
        "{}",
        mismatch.message
    );
    let (_, d) = parse(&format!("v=DKIM1; h=sha1; p={K2048}"));
    let sha1 = d.iter().find(|d| d.code == DkimCode::HashSha1).unwrap();
    assert!(sha1.message.contains("cannot produce a signature that verifies"), "{}", sha1.message);
    let (_, d) = parse(&format!("v=DKIM1; p=MIIB\"{}", &K2048[4..]));
    let b64 = d.iter().find(|d| d.code == DkimCode::KeyBase64).unwrap();
    assert!(b64.message.contains("a double quote (U+0022) is not a base64 character"), "{}", b64.message);
    let (_, d) = parse(&format!("v=DKIM1; p={K2048}"));
    let long = d.iter().find(|d| d.code == DkimCode::LongRecord).unwrap();
    assert!(long.message.contains("is 403 bytes"), "{}", long.message);
    assert!(long.help.contains("\"first 255 bytes\" \"the rest\""), "{}", long.help);
}

#[test]
fn tag_table_shows_effective_values() {
    let value = format!("v=DKIM1; t=y; p={K2048}");
    let e = explain(&value);
    let row = |name: &str| e.tags.iter().find(|t| t.name == name).unwrap().clone();
    assert_eq!(e.tags.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(), ["v", "t", "p", "h", "k", "s"]);
    assert_eq!(row("p").effective, "2048-bit RSA key (SubjectPublicKeyInfo)");
    assert_eq!(row("k").value, None);
    assert_eq!(row("k").effective, "rsa");
    assert_eq!(row("t").effective, "y: testing, signatures count as if the mail were unsigned");
    assert_eq!(row("h").effective, "any algorithm; verifiers accept sha256 only");
    assert_eq!(row("t").span, Some(Span::new(9, 12)));
    assert!(e.tags.iter().all(|t| t.lookups.is_none()));
    // Errors come first, then by position.
    let e = explain(&format!("v=DKIM1; t=y; h=sha1; p={K1024}"));
    let order: Vec<Severity> = e.diagnostics.iter().map(|d| d.severity).collect();
    let mut sorted = order.clone();
    sorted.sort();
    assert_eq!(order, sorted);

    assert_eq!(
        explain("v=DKIM1; p=").tags.iter().find(|t| t.name == "p").unwrap().effective,
        "revoked: every signature with this selector fails"
    );
    let e = explain(&format!("v=DKIM1; k=ed25519; p={ED}"));
    assert_eq!(
        e.tags.iter().find(|t| t.name == "p").unwrap().effective,
        "256-bit ED25519 key (raw 32 bytes)"
    );
    let e = explain(&format!("v=DKIM1; h=sha1; g=*; p={K2048}"));
    assert_eq!(
        e.tags.iter().find(|t| t.name == "h").unwrap().effective,
        "sha1: no acceptable algorithm, so no signature verifies"
    );
}

#[test]
fn corrected_records_are_mechanical_and_clean() {
    let cases = [
        (format!("V=DKIM1; K=RSA; p={K2048}"), format!("v=DKIM1; k=rsa; p={K2048}")),
        (format!("k=ed25519; v=dkim1; p={ED}"), format!("v=DKIM1; k=ed25519; p={ED}")),
        (format!("v=DKIM1; p={ED}"), format!("v=DKIM1; k=ed25519; p={ED}")),
        (format!("v=DKIM1; k=rsa; p={ED}"), format!("v=DKIM1; k=ed25519; p={ED}")),
        (format!("v=DKIM1; p=MIIBIjANBgkqhkiG9w0B\" \"{}", &K2048[20..]), format!("v=DKIM1; p={K2048}")),
        (format!("v=DKIM1;; g=*; h=SHA256; p={K2048}; p={K2048}"), format!("v=DKIM1; h=sha256; p={K2048}")),
    ];
    for (input, want) in cases {
        let e = explain(&input);
        assert_eq!(e.corrected.as_deref(), Some(want.as_str()), "{input}");
        assert!(!has_errors(&explain(&want).diagnostics), "{want}");
    }
    // Nothing mechanical to do, or nothing that would leave it clean.
    for input in [
        format!("v=DKIM1; k=rsa; p={K2048}"),
        format!("v=DKIM1; h=sha1; p={K2048}"),
        "v=DKIM1; K=rsa".to_string(),
    ] {
        assert_eq!(explain(&input).corrected, None, "{input}");
    }
}

#[test]
fn spans_stay_inside_the_input_on_character_boundaries() {
    for record in ["p=é\"ü", "\u{feff}v=DKIM1", ";;;", "=;=;v", "p=\u{a0}\u{a0}", &"é".repeat(200)] {
        let (_, diagnostics) = parse(record);
        for d in diagnostics {
            assert!(d.span.end <= record.len() && d.span.start <= d.span.end, "{record:?} {d:?}");
            assert!(
                record.is_char_boundary(d.span.start) && record.is_char_boundary(d.span.end),
                "{record:?} {d:?}"
            );
        }
    }
}
