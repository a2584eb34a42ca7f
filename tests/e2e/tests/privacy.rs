//! The privacy guarantee, measured: every page driven as a person would
//! (paste, drop files, check a domain, build a plan and look up its record,
//! count SPF costs, the widget demo) while Chromium's performance log
//! records every network request the pages and their worker make. Nothing
//! may go anywhere but the site's own origin and the DNS-over-HTTPS
//! endpoint the user chose (here the fixture server); `data:` and `blob:`
//! URLs never leave the browser, nor do the `chrome://` pages of the
//! browser's own new-tab page.

use dmarc_lens_doh_fixture::{fixture_zones, DohServer};
use dmarc_lens_e2e::{corpus, Browser, Site};

fn origin_of(url: &str) -> String {
    let rest = url.split_once("://").map_or("", |(_, r)| r);
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    format!("{}://{host}", url.split_once("://").map_or("", |(s, _)| s))
}

#[test]
fn the_pages_talk_to_nothing_but_their_origin_and_the_chosen_resolver() {
    let server = DohServer::start(fixture_zones().expect("the fixture zones load"));
    let site = Site::start();
    let browser = Browser::start();
    let doh = dmarc_lens::encode_uri_component(&server.url());
    let mut seen: Vec<String> = Vec::new();

    // Explain: open a link, then type.
    browser.goto(&site.url("#/explain?r=v%3DDMARC1%3B%20p%3Dnone"));
    let input = browser.wait_for("#record-input");
    browser.type_text(&input, "; rua=mailto:d@example.com");
    browser.wait_for("li.diag");
    seen.extend(browser.requests());

    // Reports: a report through the file picker, read by the worker.
    browser.goto(&site.url("#/reports"));
    let picker = browser.wait_for("#report-files");
    browser.type_text(&picker, &corpus("cry-inc-dmarc-report-viewer/testdata/dmarc-reports/google.xml"));
    browser.wait_for("dd[data-total='reports']");
    seen.extend(browser.requests());

    // Domain: a full check over the fixture resolver.
    browser.goto(&site.url(&format!("#/domain?d=healthy.test&doh={doh}")));
    browser.wait_for("#check-results[data-state='done']");
    seen.extend(browser.requests());

    // Build: a plan with its record looked up, then SPF costs counted live.
    browser.goto(&site.url(&format!("#/build?d=healthy.test&rua=mailto%3Ad%40healthy.test&doh={doh}")));
    let lookup = browser.wait_for("#lookup-current");
    browser.click(&lookup);
    browser.wait_for("#lookup-status");
    browser.wait_until("the lookup's outcome", |b| {
        b.texts("#lookup-status").first().is_some_and(|t| !t.starts_with("Looking up"))
    });
    browser
        .goto(&site.url(&format!("#/build?tool=spf&d=example.com&terms=include%3Aa.deep3.test&doh={doh}")));
    let verify = browser.wait_for("#spf-verify");
    browser.click(&verify);
    browser.wait_for("#spf-live");
    seen.extend(browser.requests());

    // The widget's demo page.
    browser.goto(&site.url("embed-demo.html"));
    browser.wait_for("#dark[data-state='ready']");
    seen.extend(browser.requests());

    let allowed = [site.origin(), origin_of(&server.url())];
    let outside: Vec<&String> = seen
        .iter()
        // Never on the network: inline data, the page's own blobs, and
        // Chromium's built-in new-tab page (chrome:// resources served by
        // the browser itself, before the first page is opened).
        .filter(|url| !["data:", "blob:", "chrome:", "chrome-untrusted:"].iter().any(|s| url.starts_with(s)))
        .filter(|url| !allowed.contains(&origin_of(url)))
        .collect();
    assert!(outside.is_empty(), "requests outside {allowed:?}: {outside:?}");
    // The log did record the traffic: the app's and the widget's wasm, and
    // the DNS queries. (Chromium's performance log covers the pages, not the
    // report worker: the worker fetches only its own script and wasm, and
    // reads files the page hands it.)
    assert!(seen.iter().any(|u| u.ends_with("dmarc-lens-www_bg.wasm")), "{seen:?}");
    assert!(seen.iter().any(|u| u.ends_with("dmarc-lens-widget-core_bg.wasm")), "{seen:?}");
    assert!(seen.iter().filter(|u| origin_of(u) == allowed[1]).count() > 10, "{seen:?}");
}
