//! The built site in headless Chromium, as a person uses it: open a
//! permalink, read the findings, type, move between pages.

use dmarc_lens::catalogue::DmarcCode;
use dmarc_lens::encode_uri_component as encode;
use dmarc_lens::record::explain;
use dmarc_lens_e2e::{Browser, Site};

const FO_PERMALINK: &str = "#/explain?r=v%3DDMARC1%3B%20p%3Dnone%3B%20fo%3D1";

/// The words the command line prints for `code` on `record`.
fn cli_message(record: &str, code: DmarcCode) -> String {
    explain(record)
        .diagnostics
        .into_iter()
        .find(|d| d.code == code)
        .map(|d| d.message)
        .unwrap_or_else(|| panic!("{} does not fire on {record:?}", code.as_str()))
}

#[test]
fn a_permalink_shows_the_fo_warning_and_marks_fo_1() {
    let site = Site::start();
    let browser = Browser::start();
    browser.goto(&site.url(FO_PERMALINK));
    browser.wait_for("li.diag[data-code='dmarc-fo-without-ruf']");

    let message = browser.texts("li.diag[data-code='dmarc-fo-without-ruf'] .message");
    assert_eq!(message, vec![cli_message("v=DMARC1; p=none; fo=1", DmarcCode::FoWithoutRuf)]);
    let label = browser.texts("li.diag[data-code='dmarc-fo-without-ruf'] .sev-label");
    assert_eq!(label, vec!["\u{26a0} Warning".to_string()]);

    // The span is highlighted: exactly the characters fo=1, marked as a warning.
    let marked = browser.execute(
        "const m = document.querySelectorAll(\"mark[data-codes~='dmarc-fo-without-ruf']\");
         return Array.from(m).map(e => [e.textContent, e.className, getComputedStyle(e).textDecorationLine]);",
        vec![],
    );
    assert_eq!(marked, serde_json::json!([["fo=1", "sev warning", "underline"]]));

    let input = browser.wait_for("#record-input");
    assert_eq!(browser.property(&input, "value"), "v=DMARC1; p=none; fo=1");
    assert_eq!(browser.texts(".summary"), vec!["DMARC record: 0 errors, 2 warnings, 1 note".to_string()]);
    assert_eq!(
        browser.texts("tr[data-tag='fo'] td.effective"),
        vec!["ignored: there is no valid ruf address".to_string()]
    );
}

#[test]
fn typing_a_new_record_updates_the_explanation_and_the_link() {
    let site = Site::start();
    let browser = Browser::start();
    browser.goto(&site.url(FO_PERMALINK));
    let input = browser.wait_for("#record-input");
    browser.wait_for("li.diag");

    browser.clear(&input);
    browser.type_text(&input, "v=DMARC1; p=reject; rua=mailto:dmarc@example.com");
    browser.wait_until("the clean verdict", |b| {
        b.texts(".summary") == ["DMARC record: 0 errors, 0 warnings, 0 notes"]
    });
    assert_eq!(browser.texts(".all-clear").len(), 1);
    assert!(browser.texts("li.diag").is_empty());
    assert!(
        browser
            .current_url()
            .ends_with("#/explain?r=v%3DDMARC1%3B%20p%3Dreject%3B%20rua%3Dmailto%3Admarc%40example.com"),
        "{}",
        browser.current_url()
    );

    browser.clear(&input);
    browser.type_text(&input, "v=DMARC1; p=bogus");
    browser.wait_for("li.diag[data-code='dmarc-policy-invalid']");
    assert_eq!(browser.texts("mark[data-codes~='dmarc-policy-invalid']"), vec!["bogus".to_string()]);
    assert_eq!(
        browser.texts("li.diag[data-code='dmarc-policy-invalid'] .message"),
        vec![cli_message("v=DMARC1; p=bogus", DmarcCode::PolicyInvalid)]
    );

    // Reloading the address restores what was typed.
    let url = browser.current_url();
    browser.goto(&site.url("#/domain"));
    browser.wait_for("h1");
    browser.goto(&url);
    browser.wait_for("li.diag[data-code='dmarc-policy-invalid']");
}

#[test]
fn the_header_reaches_every_page() {
    let site = Site::start();
    let browser = Browser::start();
    browser.goto(&site.url(""));
    browser.wait_for("nav a[aria-current='page']");
    assert_eq!(browser.texts("h1"), vec!["Explain a record".to_string()]);

    for (link, heading) in [
        ("Domain", "Check a domain"),
        ("Reports", "Read reports"),
        ("Build", "Build records"),
        ("Explain", "Explain a record"),
    ] {
        let anchor = browser
            .find(&format!("nav a[href='#/{}']", link.to_lowercase()))
            .unwrap_or_else(|| panic!("no nav link to {link}"));
        browser.click(&anchor);
        browser.wait_until(&format!("the {link} page"), |b| b.texts("h1") == [heading]);
        assert_eq!(browser.texts("nav a[aria-current='page']"), vec![link.to_string()]);
        if link == "Build" {
            // The plan's form, and no plan until there is a domain.
            assert!(browser.find("#build-domain").is_some(), "the Build page asks for a domain");
            assert_eq!(browser.texts(".hint"), vec!["Type the domain to plan for.".to_string()]);
        }
        if link == "Reports" {
            assert!(browser.find("#report-files").is_some(), "the Reports page offers a file picker");
        }
    }
}

#[test]
fn record_text_is_shown_as_text_and_never_runs() {
    let site = Site::start();
    let browser = Browser::start();
    let record =
        "v=DMARC1; p=<img src=x onerror=\"window.__pwned=1\">; rua=<script>window.__pwned=2</script>";
    let hash = format!("#/explain?r={}", encode(record));
    browser.goto(&site.url(&hash));
    browser.wait_for("li.diag");
    assert_eq!(browser.texts("pre.record").concat(), record);
    let injected = browser.execute(
        "return [window.__pwned === undefined, document.querySelectorAll('main img, main script').length];",
        vec![],
    );
    assert_eq!(injected, serde_json::json!([true, 0]));
}

#[test]
fn the_page_loads_under_its_content_security_policy_without_violations() {
    let site = Site::start();
    let browser = Browser::start();
    browser.goto(&site.url(FO_PERMALINK));
    browser.wait_for("li.diag");
    let csp = browser.execute(
        "const m = document.querySelector('meta[http-equiv=\"Content-Security-Policy\"]'); return m && m.content;",
        vec![],
    );
    let csp = csp.as_str().unwrap_or_default();
    assert!(csp.contains("script-src 'self' 'wasm-unsafe-eval'"), "{csp}");
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    let problems: Vec<String> = browser
        .console()
        .into_iter()
        .filter(|line| line.starts_with("SEVERE") || line.contains("Content Security Policy"))
        .collect();
    assert!(problems.is_empty(), "console errors: {problems:#?}");
}

#[test]
fn the_corrected_record_is_offered_and_explains_clean() {
    let site = Site::start();
    let browser = Browser::start();
    browser.goto(&site.url(FO_PERMALINK));
    browser.wait_for(".corrected-value");
    assert_eq!(browser.texts(".corrected-value"), vec!["v=DMARC1; p=none".to_string()]);
    let link = browser.find(".corrected a").expect("a link to explain the corrected record");
    browser.click(&link);
    browser.wait_until("the corrected record explained", |b| {
        b.texts(".summary") == ["DMARC record: 0 errors, 1 warning, 1 note"]
    });
    assert!(browser.texts(".corrected-value").is_empty());
}

#[test]
fn the_kind_can_be_chosen_and_is_kept_in_the_link() {
    let site = Site::start();
    let browser = Browser::start();
    browser.goto(&site.url("#/explain?r=hello"));
    browser.wait_until("the unrecognised verdict", |b| {
        b.texts(".summary").first().is_some_and(|s| s.starts_with("Unrecognised text"))
    });
    assert_eq!(browser.texts("li.diag .code"), vec!["input-kind-unknown".to_string()]);
    browser.execute(
        "const s = arguments[0]; s.value = 'dmarc'; s.dispatchEvent(new Event('change', {bubbles: true}));",
        vec![serde_json::json!({"element-6066-11e4-a52e-4f735466cecf": browser.element_id("#kind-select")})],
    );
    browser.wait_until("the DMARC reading", |b| {
        b.texts(".summary").first().is_some_and(|s| s.starts_with("DMARC record:"))
    });
    assert!(browser.current_url().ends_with("#/explain?r=hello&k=dmarc"), "{}", browser.current_url());
}

#[test]
fn several_zone_lines_are_explained_one_by_one() {
    let site = Site::start();
    let browser = Browser::start();
    let text = "_dmarc.example.com. IN TXT \"v=DMARC1; p=none; rua=mailto:d@example.com\"\n\
                _dmarc.example.com. IN TXT \"v=DMARC1; p=reject; rua=mailto:d@example.com\"\n\
                example.com. IN TXT \"v=DMARC1; p=reject\"";
    browser.goto(&site.url(&format!("#/explain?r={}", encode(text))));
    browser.wait_for(".record-section");
    assert_eq!(browser.texts(".summary"), vec!["3 records: 2 errors, 1 warning, 1 note".to_string()]);
    assert_eq!(browser.texts(".record-section").len(), 3);
    assert_eq!(browser.texts("li.diag[data-code='input-multiple-dmarc']").len(), 1);
    let owner = browser.texts("mark[data-codes~='input-dmarc-owner']");
    assert_eq!(owner, vec!["example.com.".to_string()]);
    let headings = browser.texts(".record-section h2");
    assert_eq!(headings[2], "Record 3 of 3: DMARC record at example.com.");
}

#[test]
fn a_header_block_shows_its_alignment() {
    let site = Site::start();
    let browser = Browser::start();
    let text = "Authentication-Results: mx.example.net; spf=pass smtp.mailfrom=bounces.esp.example; dkim=pass header.d=example.com header.s=s1\n\
                From: News <news@example.com>\n\
                Return-Path: <b@bounces.esp.example>\n\
                DKIM-Signature: v=1; a=rsa-sha256; d=example.com; s=s1; bh=x; b=y\n";
    browser.goto(&site.url(&format!("#/explain?r={}", encode(text))));
    browser.wait_for(".alignment-verdict");
    assert!(browser.texts(".summary")[0].starts_with("Message headers:"), "{:?}", browser.texts(".summary"));
    assert_eq!(browser.texts(".verdict"), vec!["pass".to_string(), "pass".to_string()]);
    let spf = browser.texts("tr[data-identity='spf'] td");
    assert_eq!(spf, vec!["bounces.esp.example", "pass", "\u{2716} not aligned", "\u{2716} not aligned"]);
    let dkim = browser.texts("tr[data-identity='dkim'] td");
    assert_eq!(dkim, vec!["example.com", "pass", "\u{2714} aligned", "\u{2714} aligned"]);
    // The unaligned SPF pass is explained and marked in the text.
    browser.wait_for("li.diag[data-code='headers-spf-unaligned']");
    assert_eq!(browser.texts("mark[data-codes~='headers-spf-unaligned']").len(), 1);
}

#[test]
fn one_record_of_every_kind_is_explained_through_the_page() {
    let site = Site::start();
    let browser = Browser::start();
    let rsa1024 = "MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDwIRP/UC3SBsEmGqZ9ZJW3/DkMoGeLnQg1fWn7/zYtIxN2SnFCjxOCKG9v3b4jYfcTNh5ijSsq631uBItLa7od+v/RtdC2UzJ1lWT947qR+Rcac2gbto/NMqJ0fzfVjH4OuKhitdY9tf6mcwGjaNBcWToIMmPSPDdQPNUYckcQ2QIDAQAB";
    let dkim = format!("v=DKIM1; k=rsa; p={rsa1024}");
    let cases: Vec<(String, &str, &str, &str)> = vec![
        // (text, summary prefix, a finding's code, the text it marks)
        ("v=spf1 include:_spf.example.net ptr ~all".into(), "SPF record:", "spf-ptr", "ptr"),
        (dkim.clone(), "DKIM key record:", "dkim-rsa-weak", ""),
        (
            "v=BIMI1; l=http://example.com/logo.svg".into(),
            "BIMI record:",
            "bimi-uri-not-https",
            "http://example.com/logo.svg",
        ),
        ("v=STSv1; id=not-valid!".into(), "MTA-STS record:", "mta-sts-id-invalid", "not-valid!"),
        (
            "version: STSv1\nmode: enforce\nmx: mail.example.com\nmax_age: 300".into(),
            "MTA-STS policy:",
            "mta-sts-policy-max-age-short",
            "300",
        ),
        (
            "v=TLSRPTv1; rua=ftp://example.com/x".into(),
            "TLS-RPT record:",
            "tls-rpt-uri-scheme",
            "ftp://example.com/x",
        ),
    ];
    for (text, summary, code, marked) in &cases {
        browser.goto(&site.url(&format!("#/explain?r={}", encode(text))));
        browser.wait_until(&format!("the {summary} verdict"), |b| {
            b.texts(".summary").first().is_some_and(|s| s.starts_with(summary))
        });
        browser.wait_for(&format!("li.diag[data-code='{code}']"));
        let message = browser.texts(&format!("li.diag[data-code='{code}'] .message"));
        let expected = explain(text)
            .diagnostics
            .into_iter()
            .find(|d| d.code.as_str() == *code)
            .expect("the CLI finds it too");
        assert_eq!(message, vec![expected.message], "{code}");
        if !marked.is_empty() {
            assert!(
                browser.texts(&format!("mark[data-codes~='{code}']")).contains(&marked.to_string()),
                "{code} marks {marked:?}"
            );
        }
    }

    // SPF terms show their DNS-lookup cost.
    browser.goto(&site.url(&format!("#/explain?r={}", encode(&cases[0].0))));
    browser.wait_for("td.lookups");
    assert!(browser.texts("th").contains(&"DNS lookups".to_string()));
    assert_eq!(browser.texts("h2"), vec!["Record".to_string(), "Findings".into(), "Terms".into()]);

    // The DKIM key's strength is said plainly.
    browser.goto(&site.url(&format!("#/explain?r={}", encode(&dkim))));
    browser.wait_for(".key-strength");
    assert_eq!(
        browser.texts(".key-strength"),
        vec!["Key: RSA, 1024 bits: accepted today, but weak. Rotate to a 2048-bit key.".to_string()]
    );
}
