//! Every rule, as a table: a header block it must fire on (with the exact
//! span) and a close block it must stay quiet on; then the alignment cases.

use super::*;
use crate::catalogue::HeadersCode;
use crate::diag::Span;

/// Where a diagnostic must point.
#[derive(Clone, Copy, Debug)]
enum At {
    /// The first occurrence of this text.
    Text(&'static str),
    /// An exact byte range (empty for "missing here").
    Range(usize, usize),
    /// The end of the text.
    End,
}

impl At {
    fn resolve(self, text: &str) -> Span {
        match self {
            At::Range(s, e) => Span::new(s, e),
            At::End => Span::at(text.len()),
            At::Text(t) => {
                let start = text.find(t).unwrap_or_else(|| panic!("{t:?} not in {text:?}"));
                Span::new(start, start + t.len())
            }
        }
    }
}

struct Case {
    code: HeadersCode,
    bad: &'static str,
    at: At,
    good: &'static str,
}

const AR: &str = "Authentication-Results: mx.example.net;";

fn cases() -> Vec<Case> {
    use At::*;
    use HeadersCode::*;
    let c = |code, bad, at, good| Case { code, bad, at, good };
    vec![
        c(Empty, "", Range(0, 0), "From: a@example.com\n"),
        c(Empty, "just some words", Range(0, 15), "Subject: just some words"),
        c(NotAField, "From: a@example.com\nnot a header\n", Text("not a header"), "From: a@example.com\n continued\n"),
        c(FromMissing, "Subject: hi\n\nFrom: a@example.com", Range(12, 12), "Subject: hi\nFrom: a@example.com\n\n"),
        c(FromDuplicate, "From: a@example.com\nFrom: b@example.org\n", Text("From: b@example.org"), "From: a@example.com\nSender: b@example.org\n"),
        c(FromSeveral, "From: a@example.com, b@example.org\r\n", Text("a@example.com, b@example.org"), "From: \"a, b\" <a@example.com>\r\n"),
        c(FromNoDomain, "From: Undisclosed <nobody>\n", Text("Undisclosed <nobody>"), "From: Undisclosed <nobody@example.com>\n"),
        c(FromNoDomain, "From: a@[192.0.2.1]\n", Text("a@[192.0.2.1]"), "From: a@example.com\n"),
        c(FromNoDomain, "From: \n", Text("From:"), "From: a@example.com\n"),
        c(ArMalformed, "Authentication-Results: mx.example.net; spf pass\nFrom: a@example.com\n", Text("spf pass"), "Authentication-Results: mx.example.net; spf=pass\nFrom: a@example.com\n"),
        c(ArMalformed, "Authentication-Results: mx.example.net; dkim=pass (good header.d=example.com\nFrom: a@example.com\n", Text("(good header.d=example.com"), "Authentication-Results: mx.example.net; dkim=pass (good) header.d=example.com\nFrom: a@example.com\n"),
        c(ArMalformed, "Authentication-Results: ; spf=pass\nFrom: a@example.com\n", Range(24, 24), "Authentication-Results: x; spf=pass\nFrom: a@example.com\n"),
        c(ArSeveralServers, "Authentication-Results: mx.example.net; spf=pass smtp.mailfrom=example.com\nAuthentication-Results: relay.example.org; dkim=pass header.d=example.com\nFrom: a@example.com\n", Text("relay.example.org"), "Authentication-Results: mx.example.net; spf=pass smtp.mailfrom=example.com\nAuthentication-Results: MX.example.net; dkim=pass header.d=example.com\nFrom: a@example.com\n"),
        c(ArMissing, "From: a@example.com\n", Range(0, 0), "Authentication-Results: mx.example.net; none\nFrom: a@example.com\n"),
        c(NullSender, "Return-Path: <>\nFrom: a@example.com\n", Text("<>"), "Return-Path: <b@example.com>\nFrom: a@example.com\n"),
        c(DkimTagMissing, "DKIM-Signature: v=1; a=rsa-sha256; s=s1; b=x\nFrom: a@example.com\n", Text("DKIM-Signature: v=1; a=rsa-sha256; s=s1; b=x"), "DKIM-Signature: v=1; a=rsa-sha256; d=example.com; s=s1; b=x\nFrom: a@example.com\n"),
        c(DkimTagMissing, "DKIM-Signature: v=1; d=example.com\nFrom: a@example.com\n", Text("DKIM-Signature: v=1; d=example.com"), "DKIM-Signature: v=1; d=example.com; s=x\nFrom: a@example.com\n"),
        c(DkimSha1, "DKIM-Signature: v=1; a=rsa-sha1; d=example.com; s=s1; b=x\nFrom: a@example.com\n", Text("rsa-sha1"), "DKIM-Signature: v=1; a=rsa-sha256; d=example.com; s=s1; b=x\nFrom: a@example.com\n"),
        c(DkimMissing, "Authentication-Results: mx.example.net; spf=pass smtp.mailfrom=example.com\nFrom: a@example.com\n", End, "Authentication-Results: mx.example.net; spf=pass smtp.mailfrom=example.com; dkim=fail header.d=example.com\nFrom: a@example.com\n"),
        c(SpfUnaligned, "Authentication-Results: mx.example.net; spf=pass smtp.mailfrom=bounces.esp.example.net\nFrom: a@example.com\n", Text("spf=pass smtp.mailfrom=bounces.esp.example.net"), "Authentication-Results: mx.example.net; spf=pass smtp.mailfrom=bounces.example.com\nFrom: a@example.com\n"),
        c(DkimUnaligned, "Authentication-Results: mx.example.net; dkim=pass header.d=esp.example.net\nFrom: a@example.com\n", Text("dkim=pass header.d=esp.example.net"), "Authentication-Results: mx.example.net; dkim=pass header.d=mail.example.com\nFrom: a@example.com\n"),
        c(RelaxedOnly, "Authentication-Results: mx.example.net; dkim=pass header.d=mail.example.com\nFrom: a@example.com\n", Text("a@example.com"), "Authentication-Results: mx.example.net; dkim=pass header.d=Example.com\nFrom: a@example.com\n"),
        c(DmarcFail, "Authentication-Results: mx.example.net; spf=fail smtp.mailfrom=example.com\nFrom: a@example.com\n", Text("a@example.com"), "Authentication-Results: mx.example.net; spf=pass smtp.mailfrom=example.com\nFrom: a@example.com\n"),
        c(DmarcDisagrees, "Authentication-Results: mx.example.net; spf=fail smtp.mailfrom=example.com; dmarc=pass header.from=example.com\nFrom: a@example.com\n", Text("dmarc=pass header.from=example.com"), "Authentication-Results: mx.example.net; spf=fail smtp.mailfrom=example.com; dmarc=fail header.from=example.com\nFrom: a@example.com\n"),
    ]
}

#[test]
fn every_rule_fires_with_its_span_and_stays_quiet_on_the_good_twin() {
    for case in cases() {
        let bad = explain(case.bad).diagnostics;
        let want = case.at.resolve(case.bad);
        crate::diag::assert_fires(case.code, &bad, want, case.bad);
        let good = explain(case.good).diagnostics;
        assert!(
            good.iter().all(|d| d.code != case.code),
            "{} should stay quiet on {:?}",
            case.code.as_str(),
            case.good
        );
    }
}

#[test]
fn every_headers_rule_in_the_catalogue_has_a_case() {
    let covered: Vec<HeadersCode> = cases().iter().map(|c| c.code).collect();
    for code in HeadersCode::ALL {
        assert!(covered.contains(code), "no case for {}", code.as_str());
    }
}

fn alignment(text: &str) -> Alignment {
    explain(text).alignment.unwrap_or_else(|| panic!("no alignment for {text:?}"))
}

#[test]
fn aligned_spf_passes_strict_and_relaxed() {
    let a = alignment(&format!("{AR} spf=pass smtp.mailfrom=ann@Example.com\nFrom: Ann <ann@example.com>\n"));
    assert_eq!((a.spf.domain.as_str(), a.spf.result.as_str(), a.spf.scope), ("example.com", "pass", "mfrom"));
    assert!(a.spf.aligned && a.spf.strict_aligned);
    assert_eq!((a.dmarc, a.dmarc_strict), (Verdict::Pass, Verdict::Pass));
}

#[test]
fn dkim_from_a_subdomain_aligns_relaxed_but_not_strict() {
    let a = alignment(&format!(
        "{AR} dkim=pass header.d=mail.example.co.uk header.s=k1\nFrom: a@example.co.uk\n"
    ));
    assert_eq!(a.header_from_org, "example.co.uk");
    assert!(a.dkim[0].relaxed_aligned && !a.dkim[0].strict_aligned);
    assert_eq!((a.dmarc, a.dmarc_strict), (Verdict::Pass, Verdict::Fail));
    // co.uk is a public suffix: two registrations under it are not one organization.
    let a = alignment(&format!("{AR} dkim=pass header.d=other.co.uk\nFrom: a@example.co.uk\n"));
    assert!(!a.dkim[0].aligned);
    assert_eq!(a.dmarc, Verdict::Fail);
}

#[test]
fn third_party_sender_without_custom_domains_fails() {
    let text = format!(
        "{AR} spf=pass smtp.mailfrom=bounces+123@em.esp-mail.net; dkim=pass header.i=@esp-mail.net; dmarc=fail header.from=shop.example\nReturn-Path: <bounces+123@em.esp-mail.net>\nFrom: Shop <news@shop.example>\n"
    );
    let e = explain(&text);
    let a = e.alignment.unwrap();
    assert_eq!(a.spf.domain, "em.esp-mail.net");
    assert!(!a.spf.aligned);
    assert_eq!((a.dkim[0].domain.as_str(), a.dkim[0].aligned), ("esp-mail.net", false));
    assert_eq!(a.dmarc, Verdict::Fail);
    assert_eq!(a.reported_dmarc.as_deref(), Some("fail"));
    let fail = e.diagnostics.iter().find(|d| d.code == HeadersCode::DmarcFail).unwrap();
    assert!(
        fail.message.contains("SPF passed for em.esp-mail.net, which is not aligned"),
        "{}",
        fail.message
    );
    assert!(e.diagnostics.iter().all(|d| d.code != HeadersCode::DmarcDisagrees));
}

#[test]
fn forwarded_mail_passes_on_the_surviving_signature() {
    let text = format!(
        "{AR}\n spf=fail (forwarder not listed) smtp.mailfrom=ann@example.com;\n dkim=pass header.d=example.com header.s=s1 header.b=AbCd\nDKIM-Signature: v=1; a=rsa-sha256; d=example.com; s=s1;\n b=AbCdEf==\nFrom: ann@example.com\n"
    );
    let a = alignment(&text);
    assert_eq!(a.spf.result, "fail");
    assert!(a.spf.aligned);
    assert_eq!(a.dkim[0].algorithm.as_deref(), Some("rsa-sha256"));
    assert_eq!(a.dmarc, Verdict::Pass);
}

#[test]
fn null_sender_uses_helo_and_return_path_is_the_fallback() {
    let a =
        alignment(&format!("{AR} spf=pass smtp.mailfrom=<> smtp.helo=mx.example.com\nFrom: a@example.com\n"));
    assert_eq!((a.spf.domain.as_str(), a.spf.scope), ("mx.example.com", "helo"));
    let a = alignment("Return-Path: <b@bounce.example.com>\nFrom: a@example.com\n");
    assert_eq!(
        (a.spf.domain.as_str(), a.spf.result.as_str(), a.spf.aligned),
        ("bounce.example.com", "none", true)
    );
}

#[test]
fn json_has_the_documented_shape() {
    let e = explain(&format!(
        "{AR} spf=pass smtp.mailfrom=example.com; dkim=pass header.d=example.com\nFrom: a@example.com\n"
    ));
    let json: serde_json::Value = serde_json::from_str(&e.to_json()).unwrap();
    let a = &json["alignment"];
    assert_eq!(a["header_from"], "example.com");
    assert_eq!(a["spf"]["domain"], "example.com");
    assert_eq!(a["spf"]["result"], "pass");
    assert_eq!(a["spf"]["aligned"], true);
    assert_eq!(a["dkim"][0]["domain"], "example.com");
    assert_eq!(a["dkim"][0]["aligned"], true);
    assert_eq!(a["dmarc"], "pass");
    let names: Vec<&str> =
        json["tags"].as_array().unwrap().iter().map(|t| t["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Authentication-Results", "From"]);
}

#[test]
fn huge_blocks_stay_linear() {
    let many = "DKIM-Signature: v=1; a=rsa-sha256; d=example.com; s=s; b=x\n".repeat(20_000);
    let results = "; dkim=pass header.d=example.com header.s=s".repeat(20_000);
    let text = format!("{AR}{results}\n{many}From: a@example.com\n");
    let e = explain(&text);
    assert_eq!(e.alignment.unwrap().dkim.len(), 100);
    assert_eq!(e.tags.len(), 20_002);
}
