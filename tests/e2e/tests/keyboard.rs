//! Everything with the keyboard alone, in headless Chromium: Tab reaches
//! every control in order, each shows where focus is, and Enter or typing
//! does the work. Explain a record, read reports through the file picker
//! (the drop zone's keyboard way in), sort and export them, check a domain,
//! build a plan. Severities carry words, not only colours.
//!
//! Choosing files in the picker's own dialog cannot be driven headless:
//! the test reaches the picker by Tab and then hands it the paths, as
//! WebDriver does for any file input.

use dmarc_lens_doh_fixture::{fixture_zones, DohServer};
use dmarc_lens_e2e::{corpus, Browser, Site};
use serde_json::Value;

/// What has focus (`null` for the page itself): id, tag, text, and whether
/// a focus ring shows on it (for a visually hidden file input: on the
/// label drawn right after it).
fn focused(browser: &Browser) -> Value {
    browser.execute(
        "const e = document.activeElement;
         if (!e || e === document.body) return null;
         const ring = el => { const s = getComputedStyle(el);
             return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0; };
         const shown = e.classList.contains('visually-hidden') ? e.nextElementSibling : e;
         // Inside a date field Tab moves between its day, month and year,
         // and Chromium highlights the one being edited itself.
         const segments = e.tagName === 'INPUT' && e.type === 'date';
         return { id: e.id, tag: e.tagName.toLowerCase(), text: (e.textContent || '').trim().slice(0, 60),
                  ring: segments || (!!shown && ring(shown)) };",
        vec![],
    )
}

/// Presses Tab until `want` holds for what has focus, checking on the way
/// that every control reached shows its focus.
fn tab_to(browser: &Browser, what: &str, want: impl Fn(&Value) -> bool) -> Value {
    let mut path = Vec::new();
    for _ in 0..150 {
        browser.press(Browser::TAB);
        let now = focused(browser);
        if !now.is_null() {
            assert_eq!(now["ring"], true, "no visible focus on {now} (after {path:?})");
            path.push(format!("{}#{}", now["tag"].as_str().unwrap_or(""), now["id"].as_str().unwrap_or("")));
        }
        if want(&now) {
            return now;
        }
    }
    panic!("{what} cannot be reached with Tab: {path:?}");
}

fn id_is(id: &'static str) -> impl Fn(&Value) -> bool {
    move |f| f["id"] == id
}

#[test]
fn explain_reports_domain_and_build_work_from_the_keyboard() {
    let server = DohServer::start(fixture_zones().expect("the fixture zones load"));
    let site = Site::start();
    let browser = Browser::start();

    // Explain: the skip link comes first and moves focus to the content.
    browser.goto(&site.url("#/explain"));
    browser.wait_for("#record-input");
    let first = tab_to(&browser, "the skip link", |f| !f.is_null());
    assert_eq!(first["text"], "Skip to content");
    browser.press(Browser::ENTER);
    assert_eq!(focused(&browser)["id"], "main");
    tab_to(&browser, "the record box", id_is("record-input"));
    browser.press("v=DMARC1; p=none; fo=1");
    browser.wait_for("li.diag[data-code='dmarc-fo-without-ruf']");
    // Each finding says its severity in words, not only in colour.
    let heads = browser.texts("li.diag .sev-label");
    assert!(!heads.is_empty());
    for head in &heads {
        assert!(["Error", "Warning", "Note"].iter().any(|w| head.contains(w)), "{head:?}");
    }

    // Reports: the file picker is the drop zone's keyboard way in. Tab
    // reaches it (its label shows the focus); a person presses Enter and
    // picks files, which WebDriver does by sending the paths.
    browser.goto(&site.url("#/reports"));
    browser.wait_for("#report-files");
    let picker = tab_to(&browser, "the file picker", id_is("report-files"));
    assert_eq!(picker["tag"], "input");
    tab_to(&browser, "the folder picker", id_is("report-folder"));
    let input = browser.wait_for("#report-files");
    browser.type_text(&input, &corpus("cry-inc-dmarc-report-viewer/testdata/dmarc-reports/google.xml"));
    browser.wait_for("dd[data-total='reports']");
    // Sort the sources by IP, then export, with Tab and Enter.
    tab_to(&browser, "the Source IP sort button", |f| f["text"] == "Source IP");
    browser.press(Browser::ENTER);
    browser.wait_until("the table sorted by IP", |b| {
        b.execute("return document.querySelector(\"th[aria-sort='ascending'] button\")?.textContent;", vec![])
            == "Source IP"
    });
    // (Tab goes on past the end of the page and round to its start.)
    tab_to(&browser, "the CSV export", |f| f["text"] == "Export CSV");
    browser.press(Browser::ENTER);
    browser.wait_for("a.export-link");
    assert!(String::from_utf8(browser.downloaded("dmarc-aggregate.csv"))
        .is_ok_and(|c| c.starts_with("xml_schema")));

    // Domain: type a name and press Enter.
    let doh = dmarc_lens::encode_uri_component(&server.url());
    browser.goto(&site.url(&format!("#/domain?doh={doh}")));
    browser.wait_for("#domain-input");
    tab_to(&browser, "the domain box", id_is("domain-input"));
    browser.press("healthy.test");
    browser.press(Browser::ENTER);
    browser.wait_for("#check-results[data-state='done']");

    // Build: the tabs and the form's fields are reached and used in turn.
    browser.goto(&site.url("#/build"));
    browser.wait_for("#build-domain");
    tab_to(&browser, "the domain field", id_is("build-domain"));
    browser.press("example.com");
    browser.wait_for(".stage");
    tab_to(&browser, "the SPF tab", id_is("tab-spf"));
    browser.press(Browser::ENTER);
    browser.wait_for(".spf-output");
}
