//! The embeddable widget in headless Chromium, on a host page served from
//! another origin (another port of 127.0.0.1) under a strict
//! Content-Security-Policy, as a docs site would embed it: two widgets
//! rendered inside their shadow roots with the core's words, the editable
//! one following the reader's typing, a theme change, a hostile host style
//! that does not leak in, the JavaScript API from a plain module script,
//! and the iframe alternative.

use std::path::PathBuf;

use dmarc_lens::plan::{generate, Date, PlanInput};
use dmarc_lens::record::explain;
use dmarc_lens::record::render::counts;
use dmarc_lens_e2e::{Browser, Site};
use serde_json::Value;

/// Message headers: the small module hands them to the full one.
const HEADERS: &str = "Authentication-Results: mx.example.net; spf=pass smtp.mailfrom=bounce.example.com; \
                       dkim=pass header.d=example.com; dmarc=pass header.from=example.com\n\
                       From: Someone <someone@example.com>\n\
                       Subject: hello\n";

/// A directory of host-page files, removed when dropped.
struct HostDir(PathBuf);

impl Drop for HostDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn host(widget_origin: &str, name: &str) -> HostDir {
    let dir = std::env::temp_dir().join(format!("dmarc-lens-host-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a host directory");
    let csp = format!(
        "default-src 'none'; script-src 'self' {widget_origin} 'wasm-unsafe-eval'; connect-src {widget_origin}; \
         style-src 'self'; base-uri 'none'"
    );
    let page = format!(
        r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{csp}">
<title>A docs page</title>
<link rel="stylesheet" href="host.css">
<script type="module" src="{widget_origin}/dmarc-lens-widget.js"></script>
<script type="module" src="api.js"></script>
</head><body>
<h1>Our DMARC guide</h1>
<p id="before">Text before the widgets.</p>
<dmarc-lens-record id="first">v=DMARC1; p=none; fo=1</dmarc-lens-record>
<dmarc-lens-record id="second" editable record="v=spf1 include:_spf.google.com ~all"></dmarc-lens-record>
<dmarc-lens-record id="hostile" record="v=DMARC1; p=&lt;img src=x onerror=window.__pwned=1&gt;; rua=mailto:&lt;script&gt;window.__pwned=2&lt;/script&gt;@x.example"></dmarc-lens-record>
</body></html>"#
    );
    std::fs::write(dir.join("index.html"), page).expect("write the host page");
    // A hostile host style: it must not reach inside the widgets.
    std::fs::write(dir.join("host.css"), "* { color: rgb(255, 0, 0) !important; font-family: fantasy; }\n")
        .expect("write the host style");
    let headers = serde_json::to_string(HEADERS).expect("a JSON string");
    let api = format!(
        r#"import {{ explain, plan }} from "{widget_origin}/dmarc-lens-widget.js";
const explained = await explain("v=DMARC1; p=quarantine; pct=25; rua=mailto:d@example.com");
const planned = await plan({{ domain: "example.com", rua: ["mailto:d@example.com"], start: "2026-06-01" }});
const headers = await explain({headers});
let refused = null;
try {{ await explain("v=spf1 -all", {{ kind: "nonsense" }}); }} catch (e) {{ refused = String(e.message); }}
window.__api = JSON.stringify({{ explained, planned, headers, refused }});
"#
    );
    std::fs::write(dir.join("api.js"), api).expect("write the API script");
    HostDir(dir)
}

/// `script` run in the page with the shadow root of `#id` as `root`.
fn in_shadow(browser: &Browser, id: &str, script: &str) -> Value {
    browser.execute(&format!("const root = document.getElementById('{id}').shadowRoot; {script}"), vec![])
}

#[test]
fn two_widgets_on_another_origin_render_edit_theme_and_keep_their_styles() {
    let site = Site::start();
    let dir = host(&site.origin(), "widgets");
    let host_site = Site::serve(dir.0.clone());
    assert_ne!(host_site.origin(), site.origin());
    let browser = Browser::start();
    browser.goto(&host_site.url(""));
    browser.wait_for("#first[data-state='ready']");
    browser.wait_for("#second[data-state='ready']");

    // The first: the record with fo=1 marked, the summary and the findings
    // in the core's words.
    let record = "v=DMARC1; p=none; fo=1";
    let core = explain(record);
    let summary = in_shadow(&browser, "first", "return root.querySelector('.summary').textContent;");
    assert_eq!(summary, format!("DMARC record: {}", counts(&core.diagnostics)));
    let marked = in_shadow(
        &browser,
        "first",
        "return Array.from(root.querySelectorAll(\"mark[data-codes~='dmarc-fo-without-ruf']\")).map(m => m.textContent);",
    );
    assert_eq!(marked, serde_json::json!(["fo=1"]));
    let messages = in_shadow(
        &browser,
        "first",
        "return Array.from(root.querySelectorAll('li .message')).map(m => m.textContent);",
    );
    let expected: Vec<String> = core.diagnostics.iter().map(|d| d.message.clone()).collect();
    assert_eq!(messages, serde_json::json!(expected));
    let tags = in_shadow(&browser, "first", "return root.querySelectorAll('details tr[data-tag]').length;");
    assert_eq!(tags, serde_json::json!(core.tags.len()));

    // The second, editable: typing a new record explains it.
    let summary_of_second =
        || in_shadow(&browser, "second", "return root.querySelector('.summary').textContent;");
    let google = explain("v=spf1 include:_spf.google.com ~all");
    assert_eq!(summary_of_second(), format!("SPF record: {}", counts(&google.diagnostics)));
    let input = browser.wait_in_shadow("#second", "textarea");
    browser.clear(&input);
    browser.type_text(&input, "v=spf1 +all");
    let plus_all = explain("v=spf1 +all");
    browser.wait_until("the typed record explained", |_| {
        summary_of_second() == format!("SPF record: {}", counts(&plus_all.diagnostics))
    });
    assert!(plus_all.diagnostics.iter().any(|d| d.severity == dmarc_lens::diag::Severity::Error));

    // Message headers typed in: the full module explains them.
    browser.clear(&input);
    browser.type_text(&input, HEADERS);
    let headers = explain(HEADERS);
    browser.wait_until("the typed headers explained", |_| {
        in_shadow(&browser, "second", "return root.querySelector('.summary').dataset.kind;") == "headers"
    });
    let messages = in_shadow(
        &browser,
        "second",
        "return Array.from(root.querySelectorAll('li .message')).map(m => m.textContent);",
    );
    let expected: Vec<String> = headers.all_diagnostics().iter().map(|d| d.message.clone()).collect();
    assert_eq!(messages, serde_json::json!(expected));

    // The host's `* { color: red }` stays outside.
    let colours = in_shadow(
        &browser,
        "first",
        "return [getComputedStyle(root.querySelector('.summary')).color, getComputedStyle(root.querySelector('li .message')).color];",
    );
    for colour in colours.as_array().expect("two colours") {
        assert_ne!(colour, "rgb(255, 0, 0)", "the host style leaked in");
    }
    assert_eq!(
        browser.execute("return getComputedStyle(document.getElementById('before')).color;", vec![]),
        "rgb(255, 0, 0)"
    );

    // Markup in a record is shown as text and never runs.
    browser.wait_for("#hostile[data-state='ready']");
    let hostile = in_shadow(
        &browser,
        "hostile",
        "return [root.querySelector('pre.record').textContent, root.querySelectorAll('img, script').length, window.__pwned === undefined];",
    );
    assert_eq!(
        hostile,
        serde_json::json!([
            "v=DMARC1; p=<img src=x onerror=window.__pwned=1>; rua=mailto:<script>window.__pwned=2</script>@x.example",
            0,
            true
        ])
    );

    // A theme change applies.
    let background =
        || in_shadow(&browser, "first", "return getComputedStyle(root.querySelector('.w')).backgroundColor;");
    browser.execute("document.getElementById('first').setAttribute('theme', 'light');", vec![]);
    browser.wait_until("the light theme", |_| background() == "rgb(255, 255, 255)");
    browser.execute("document.getElementById('first').setAttribute('theme', 'dark');", vec![]);
    browser.wait_until("the dark theme", |_| background() == "rgb(20, 23, 27)");

    // Changing the content re-renders; compact shows only the findings.
    browser.execute(
        "document.getElementById('first').textContent = 'v=DMARC1; p=reject; rua=dmarc@example.com';",
        vec![],
    );
    let changed = explain("v=DMARC1; p=reject; rua=dmarc@example.com");
    browser.wait_until("the new content explained", |_| {
        in_shadow(&browser, "first", "return root.querySelector('.summary').textContent;")
            == format!("DMARC record: {}", counts(&changed.diagnostics)).as_str()
    });
    browser.execute("document.getElementById('first').setAttribute('compact', '');", vec![]);
    browser.wait_until("the compact form", |_| {
        in_shadow(
            &browser,
            "first",
            "return root.querySelector('pre.record') === null && root.querySelector('ol') !== null;",
        ) == true
    });

    // Every widget shares one instance of each module: each was fetched
    // once (the full one for the headers and the API's plan()).
    assert_eq!(browser.fetched("dmarc-lens-widget-core_bg.wasm"), 1);
    assert_eq!(browser.fetched("dmarc-lens-widget-full_bg.wasm"), 1);
    // No script-src or style-src violation was reported.
    let console = browser.console();
    assert!(!console.iter().any(|l| l.contains("Content Security Policy")), "{console:?}");
}

#[test]
fn the_javascript_api_returns_the_command_lines_shapes() {
    let site = Site::start();
    let dir = host(&site.origin(), "api");
    let host_site = Site::serve(dir.0.clone());
    let browser = Browser::start();
    browser.goto(&host_site.url(""));
    browser.wait_until("the API's answers", |b| b.execute("return typeof window.__api;", vec![]) == "string");
    let text = browser.execute("return window.__api;", vec![]);
    let answers: Value = serde_json::from_str(text.as_str().unwrap_or("{}")).expect("JSON");

    let expected: Value =
        serde_json::from_str(&explain("v=DMARC1; p=quarantine; pct=25; rua=mailto:d@example.com").to_json())
            .expect("the core's JSON");
    assert_eq!(answers["explained"], expected);
    let mut input = PlanInput::new("example.com", Date::new(2026, 6, 1).expect("a date"));
    input.rua = vec!["mailto:d@example.com".into()];
    let expected: Value = serde_json::from_str(&generate(&input).to_json()).expect("the core's JSON");
    assert_eq!(answers["planned"], expected);
    // Message headers come from the full module, fetched for them (and for
    // plan()), in the same shape.
    // (Like the command line, the widget drops the paste's final line break.)
    let expected: Value =
        serde_json::from_str(&explain(HEADERS.trim_end_matches('\n')).to_json()).expect("the core's JSON");
    assert_eq!(answers["headers"], expected);
    assert_eq!(answers["headers"]["kind"], "headers");
    assert!(
        answers["refused"].as_str().is_some_and(|r| r.starts_with("unknown kind \"nonsense\"")),
        "{}",
        answers["refused"]
    );
}

#[test]
fn the_iframe_page_explains_the_record_in_its_link() {
    let site = Site::start();
    let browser = Browser::start();
    browser.goto(&site.url("embed.html#/explain?r=v%3DDMARC1%3B%20p%3Dnone%3B%20fo%3D1"));
    browser.wait_for("#record[data-state='ready']");
    let core = explain("v=DMARC1; p=none; fo=1");
    assert_eq!(
        in_shadow(&browser, "record", "return root.querySelector('.summary').textContent;"),
        format!("DMARC record: {}", counts(&core.diagnostics)).as_str()
    );
    // Records alone never fetch the full module.
    assert_eq!(browser.fetched("dmarc-lens-widget-core_bg.wasm"), 1);
    assert_eq!(browser.fetched("dmarc-lens-widget-full_bg.wasm"), 0);
    // A new link shows the new record.
    browser.execute("location.hash = '#/explain?r=' + encodeURIComponent('v=spf1 -all');", vec![]);
    browser.wait_until("the new record", |b| {
        in_shadow(b, "record", "return root.querySelector('.summary').textContent;")
            == format!("SPF record: {}", counts(&explain("v=spf1 -all").diagnostics)).as_str()
    });
}

#[test]
fn the_demo_page_shows_every_attribute() {
    let site = Site::start();
    let browser = Browser::start();
    browser.goto(&site.url("embed-demo.html"));
    for id in ["content", "attribute", "kind", "editable", "compact", "dark", "branded"] {
        browser.wait_for(&format!("#{id}[data-state='ready']"));
    }
    assert_eq!(in_shadow(&browser, "kind", "return root.querySelector('.summary').dataset.kind;"), "tls-rpt");
    assert_eq!(in_shadow(&browser, "editable", "return root.querySelector('textarea') !== null;"), true);
    assert_eq!(in_shadow(&browser, "compact", "return root.querySelector('pre.record') === null;"), true);
    assert_eq!(
        in_shadow(&browser, "dark", "return getComputedStyle(root.querySelector('.w')).backgroundColor;"),
        "rgb(20, 23, 27)"
    );
}
