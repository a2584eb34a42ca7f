//! axe-core (the npm package, installed by `./x setup` under
//! `~/.cache/dmarc-lens/axe`, or wherever `AXE_CORE` points) run on every
//! page with content on it, in the light and the dark colour scheme: no
//! serious or critical violation is allowed.

use dmarc_lens_doh_fixture::{fixture_zones, DohServer};
use dmarc_lens_e2e::{corpus, Browser, Site};
use serde_json::{json, Value};

fn axe_source() -> String {
    let path = std::env::var("AXE_CORE").unwrap_or_else(|_| {
        format!(
            "{}/.cache/dmarc-lens/axe/node_modules/axe-core/axe.min.js",
            std::env::var("HOME").unwrap_or_default()
        )
    });
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("axe-core at {path}: {e} (./x setup installs it)"))
}

/// The serious and critical violations on the page as it is, each as
/// `rule: target (summary)`.
fn violations(browser: &Browser, axe: &str, page: &str) -> Vec<String> {
    let script = format!(
        "{axe}\nconst done = arguments[arguments.length - 1];
         axe.run(document, {{ resultTypes: ['violations'] }})
            .then(r => done(r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
                .flatMap(v => v.nodes.map(n => v.id + ': ' + n.target.join(' ') + ' (' + n.failureSummary.replace(/\\s+/g, ' ').slice(0, 200) + ')'))),
                  e => done(['axe failed: ' + e]));"
    );
    let found = browser.execute_async(&script, vec![]);
    found
        .as_array()
        .map(|items| items.iter().filter_map(Value::as_str).map(|v| format!("{page}: {v}")).collect())
        .unwrap_or_else(|| vec![format!("{page}: axe gave {found}")])
}

#[test]
fn every_page_passes_axe_in_light_and_dark() {
    let axe = axe_source();
    let server = DohServer::start(fixture_zones().expect("the fixture zones load"));
    let site = Site::start();
    let browser = Browser::start();
    let doh = dmarc_lens::encode_uri_component(&server.url());
    let mut found = Vec::new();
    for scheme in ["light", "dark"] {
        browser.cdp(
            "Emulation.setEmulatedMedia",
            json!({ "features": [{ "name": "prefers-color-scheme", "value": scheme }] }),
        );
        let mut check = |page: &str| found.extend(violations(&browser, &axe, &format!("{scheme} {page}")));

        browser.goto(&site.url("#/explain?r=v%3DDMARC1%3B%20p%3Dnone%3B%20fo%3D1"));
        browser.wait_for("li.diag");
        check("explain");

        browser.goto(&site.url("#/reports"));
        let picker = browser.wait_for("#report-files");
        browser.type_text(&picker, &corpus("cry-inc-dmarc-report-viewer/testdata/dmarc-reports/google.xml"));
        browser.wait_for("dd[data-total='reports']");
        check("reports");

        browser.goto(&site.url(&format!("#/domain?d=healthy.test&doh={doh}")));
        browser.wait_for("#check-results[data-state='done']");
        check("domain");

        browser.goto(&site.url("#/build?d=example.com&rua=mailto%3Ad%40receiver.example&start=2026-06-01"));
        browser.wait_for(".stage");
        check("build plan");
        browser.goto(
            &site.url("#/build?tool=spf&d=example.com&senders=google-workspace&terms=ip4%3A192.0.2.0%2F24"),
        );
        browser.wait_for(".spf-output .dns-record");
        check("build spf");
        browser.goto(&site.url(
            "#/build?tool=dkim&d=example.com&sel=s1&key=MCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE%3D",
        ));
        browser.wait_for("#dkim-key-size");
        check("build dkim");

        browser.goto(&site.url("embed-demo.html"));
        browser.wait_for("#dark[data-state='ready']");
        check("widget demo");
    }
    assert!(found.is_empty(), "{} serious or critical violations:\n{}", found.len(), found.join("\n"));
}
