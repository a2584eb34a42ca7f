//! The Public Suffix List is not part of the app's first load: the app
//! fetches it from its own site the first time a page needs organizational
//! domains, once; when it cannot be had, the page says why and shows no
//! result that would have needed it.

use std::path::PathBuf;

use dmarc_lens::encode_uri_component as encode;
use dmarc_lens_e2e::{corpus, server::dist_dir, Browser, Site};
use serde_json::Value;

const LIST: &str = "public_suffix_list.trie";

/// Headers only the list judges right: `bounces.example.co.uk` shares the
/// organizational domain `example.co.uk` with the From domain (exact
/// comparison would say no), `other.co.uk` does not (cutting the last two
/// labels would say yes).
const HEADERS: &str = "Authentication-Results: mx.example.net; spf=pass smtp.mailfrom=bounces.example.co.uk; dkim=pass header.d=other.co.uk header.s=s1\n\
                       From: News <news@mail.example.co.uk>\n\
                       Return-Path: <b@bounces.example.co.uk>\n\
                       DKIM-Signature: v=1; a=rsa-sha256; d=other.co.uk; s=s1; bh=x; b=y\n";

#[test]
fn the_list_is_fetched_once_and_only_when_a_page_needs_it() {
    let site = Site::start();
    let browser = Browser::start();
    // A record, the Domain and Reports pages, and an empty Build form need
    // no organizational domains.
    browser.goto(&site.url("#/explain?r=v%3DDMARC1%3B%20p%3Dnone"));
    browser.wait_for(".summary");
    for page in ["#/domain", "#/reports", "#/build"] {
        browser.goto(&site.url(page));
        browser.wait_for("main h1");
    }
    assert_eq!(browser.fetched(LIST), 0, "fetched before any page needed it");

    // Message headers: the list comes, and the alignment is the list's.
    browser.goto(&site.url(&format!("#/explain?r={}", encode(HEADERS))));
    browser.wait_for(".alignment-verdict");
    let spf = browser.texts("tr[data-identity='spf'] td");
    assert_eq!(spf, vec!["bounces.example.co.uk", "pass", "\u{2714} aligned", "\u{2716} not aligned"]);
    let dkim = browser.texts("tr[data-identity='dkim'] td");
    assert_eq!(dkim, vec!["other.co.uk", "pass", "\u{2716} not aligned", "\u{2716} not aligned"]);
    assert_eq!(browser.fetched(LIST), 1);

    // A plan on the Build page uses the list already there (the same
    // document: a hash change does not reload the app).
    browser.execute("window.sameDocument = true; return null;", vec![]);
    browser.goto(&site.url("#/build"));
    let domain = browser.wait_for("#build-domain");
    browser.type_text(&domain, "example.co.uk");
    browser.wait_for(".plan-output .stage");
    assert_eq!(browser.execute("return window.sameDocument === true;", vec![]), Value::Bool(true));
    assert_eq!(browser.fetched(LIST), 1, "fetched again");
}

/// A copy of the built site without the list, as a host that lost the file
/// would serve it.
fn site_without_the_list() -> (Site, PathBuf) {
    let copy = std::env::temp_dir().join(format!("dmarc-lens-no-list-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&copy);
    std::fs::create_dir_all(&copy).expect("temporary directory");
    for entry in std::fs::read_dir(dist_dir()).expect("dist/") {
        let path = entry.expect("dist/ entry").path();
        if path.is_file() && path.file_name().is_some_and(|n| n != LIST) {
            std::fs::copy(&path, copy.join(path.file_name().expect("a name"))).expect("copy");
        }
    }
    (Site::serve(copy.clone()), copy)
}

#[test]
fn without_the_list_each_page_says_why_and_guesses_nothing() {
    let (site, copy) = site_without_the_list();
    let browser = Browser::start();

    browser.goto(&site.url(&format!("#/explain?r={}", encode(HEADERS))));
    let failed = browser.wait_for(".load-failed");
    let why = browser.text(&failed);
    assert!(why.contains("could not be loaded") && why.contains("HTTP 404"), "{why}");
    assert!(browser.find(".alignment-verdict").is_none());
    // Records need no list and are explained as ever.
    browser.goto(&site.url("#/explain?r=v%3DDMARC1%3B%20p%3Dnone"));
    browser.wait_for(".summary");

    browser.goto(&site.url("#/build"));
    let domain = browser.wait_for("#build-domain");
    browser.type_text(&domain, "example.com");
    browser.wait_for(".load-failed");
    assert!(browser.find(".plan-output").is_none());

    // The report worker cannot read without it: the page says why.
    browser.goto(&site.url("#/reports"));
    let input = browser.wait_for("#report-files");
    browser.type_text(&input, &corpus("cry-inc-dmarc-report-viewer/testdata/dmarc-reports/google.xml"));
    browser.wait_until("the worker's reason", |b| {
        b.texts(".status").iter().any(|s| s.contains("Public Suffix List") && s.contains("HTTP 404"))
    });
    assert!(browser.find("dd[data-total='files']").is_none());
    let _ = std::fs::remove_dir_all(copy);
}
