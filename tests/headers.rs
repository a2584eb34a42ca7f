//! The header explainer on real messages from the shared corpora, and the
//! organizational-domain function on the Public Suffix List test vectors.

use dmarc_lens::domain::org::organizational_domain;
use dmarc_lens::headers::{explain, HeadersExplanation, Verdict};

const CORPORA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpora");

fn read(path: &str) -> String {
    let bytes = std::fs::read(format!("{CORPORA}/{path}")).unwrap_or_else(|e| panic!("{path}: {e}"));
    String::from_utf8_lossy(&bytes).into_owned()
}

/// The mail-auth test files hold DNS records, a blank line, then the message.
fn message_after_records(text: &str) -> &str {
    let at = text.find("\n\n").or_else(|| text.find("\r\n\r\n")).unwrap();
    text[at..].trim_start_matches(['\r', '\n'])
}

fn check(text: &str) -> HeadersExplanation {
    let e = explain(text);
    for d in &e.diagnostics {
        assert!(
            d.span.end <= text.len()
                && text.is_char_boundary(d.span.start)
                && text.is_char_boundary(d.span.end)
        );
        assert!(!d.message.contains('{'), "unfilled: {}", d.message);
    }
    for t in &e.tags {
        let span = t.span.unwrap();
        assert_eq!(
            Some(t.name.as_str()),
            text.get(span.start..).and_then(|s| s.split(':').next()).map(str::trim_end)
        );
    }
    let _: serde_json::Value = serde_json::from_str(&e.to_json()).unwrap();
    e
}

fn files(dir: &str, ext: &str) -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(format!("{CORPORA}/{dir}"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(ext))
        .map(|n| format!("{dir}/{n}"))
        .collect();
    out.sort();
    out
}

#[test]
fn every_corpus_message_explains() {
    let mut seen = 0;
    for path in
        files("mail-auth/resources/dkim", ".txt").into_iter().chain(files("mail-auth/resources/arc", ".txt"))
    {
        let text = read(&path);
        let e = check(message_after_records(&text));
        assert!(e.alignment.is_some(), "{path}: {:?}", e.diagnostics);
        seen += 1;
    }
    for path in files("mail-auth/resources/arf", ".eml")
        .into_iter()
        .chain(files("parsedmarc/samples/failure", ".eml"))
    {
        check(&read(&path));
        seen += 1;
    }
    assert!(seen >= 18, "{seen}");
}

#[test]
fn dkim_test_message_signed_by_its_from_domain() {
    let text = read("mail-auth/resources/dkim/001.txt");
    let e = check(message_after_records(&text));
    let a = e.alignment.unwrap();
    assert_eq!(a.header_from, "football.example.com");
    let domains: Vec<(&str, Option<&str>)> =
        a.dkim.iter().map(|d| (d.domain.as_str(), d.selector.as_deref())).collect();
    assert_eq!(domains, [("football.example.com", Some("brisbane")), ("football.example.com", Some("test"))]);
    assert!(a.dkim.iter().all(|d| d.aligned && d.strict_aligned && d.result == "none"));
    // No Authentication-Results: nothing is known to pass.
    assert_eq!(a.dmarc, Verdict::Fail);
    assert!(e.diagnostics.iter().any(|d| d.code.as_str() == "headers-ar-missing"));
    // ...but unknown results are not reported as a DMARC failure.
    assert!(e.diagnostics.iter().all(|d| d.code.as_str() != "headers-dmarc-fail"));
}

#[test]
fn mailing_list_message_from_stalw_art_via_ietf() {
    // Gmail's topmost results: DKIM and SPF pass for ietf.org (the list), the
    // author's own signature (stalw.art) broke in transit.
    let text = read("mail-auth/resources/arc/001.txt");
    let e = check(message_after_records(&text));
    let a = e.alignment.unwrap();
    assert_eq!(a.header_from, "stalw.art");
    assert_eq!((a.spf.domain.as_str(), a.spf.result.as_str(), a.spf.aligned), ("ietf.org", "pass", false));
    let dkim: Vec<(&str, &str, bool)> =
        a.dkim.iter().map(|d| (d.domain.as_str(), d.result.as_str(), d.aligned)).collect();
    assert_eq!(
        dkim,
        [("ietf.org", "pass", false), ("ietf.org", "pass", false), ("stalw.art", "neutral", true)]
    );
    assert_eq!(a.dmarc, Verdict::Fail);
    let codes: Vec<&str> = e.diagnostics.iter().map(|d| d.code.as_str()).collect();
    for code in [
        "headers-ar-several-servers",
        "headers-spf-unaligned",
        "headers-dkim-unaligned",
        "headers-dmarc-fail",
    ] {
        assert!(codes.contains(&code), "{code} missing from {codes:?}");
    }
}

#[test]
fn forwarded_message_keeps_its_dkim_pass() {
    let text = read("mail-auth/resources/arc/002.txt");
    let e = check(message_after_records(&text));
    let a = e.alignment.unwrap();
    assert_eq!(a.header_from, "manchego.org");
    assert_eq!(a.dkim.len(), 1);
    assert_eq!(
        (a.dkim[0].domain.as_str(), a.dkim[0].result.as_str(), a.dkim[0].aligned),
        ("manchego.org", "pass", true)
    );
    assert_eq!(a.dmarc, Verdict::Pass);
}

#[test]
fn arf_reports_name_their_sender() {
    let e = check(&read("mail-auth/resources/arf/001.eml"));
    assert_eq!(e.alignment.unwrap().header_from, "example.com");
}

/// The PSL project's test vectors (`checkPublicSuffix(input, expected)`):
/// every active line. The four `.local` cases are commented out in the file
/// itself (a listed but non-Internet TLD), so they are not run; nothing else
/// is skipped.
#[test]
fn public_suffix_list_vectors() {
    const SKIPPED: &[&str] = &[];
    let text = read("psl/tests/tests.txt");
    let (mut passed, mut skipped) = (0, 0);
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with("//")) {
        let mut parts = line.split_whitespace();
        let (input, want) = (parts.next().unwrap(), parts.next().unwrap());
        if SKIPPED.contains(&input) {
            skipped += 1;
            continue;
        }
        let want = (want != "null").then(|| want.to_string());
        // `null null` stands for a missing input: no name, no domain.
        let got = if input == "null" { None } else { organizational_domain(input) };
        assert_eq!(got, want, "{input}");
        passed += 1;
    }
    assert_eq!((passed, skipped), (78, 0));
}
