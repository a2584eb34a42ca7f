//! The app's pieces in a real browser (headless Chromium through
//! `wasm-bindgen-test-runner`): routing, and what the Explain page shows.

use std::time::Duration;

use dmarc_lens_www::pages::explain::ExplainPage;
use dmarc_lens_www::route::{decode, encode, Route};
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlTextAreaElement};
use yew::prelude::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn explain_permalinks_round_trip() {
    let route = Route::parse("#/explain?r=v%3DDMARC1%3B%20p%3Dnone%3B%20fo%3D1");
    assert_eq!(route, Route::Explain { record: "v=DMARC1; p=none; fo=1".into(), kind: None });
    assert_eq!(Route::parse(&route.to_hash()), route);
    let spf = Route::Explain { record: "v=spf1 +all \u{f1} % & = #".into(), kind: Some("spf".into()) };
    assert_eq!(Route::parse(&spf.to_hash()), spf);
}

#[wasm_bindgen_test]
fn our_encoding_matches_the_browsers() {
    let text = "v=DMARC1; p=none; rua=mailto:a+b@example.com \u{e9}\u{1f600}";
    let theirs: String = js_sys::encode_uri_component(text).into();
    assert_eq!(encode(text), theirs);
    assert_eq!(decode(&theirs), text);
}

#[wasm_bindgen_test]
fn routes_name_every_page() {
    assert_eq!(Route::parse(""), Route::Explain { record: String::new(), kind: None });
    assert_eq!(
        Route::parse("#/explain?k=spf"),
        Route::Explain { record: String::new(), kind: Some("spf".into()) }
    );
    assert_eq!(
        Route::parse("#/domain"),
        Route::Domain { domain: String::new(), selectors: String::new(), ip: String::new(), doh: None }
    );
    assert_eq!(Route::parse("#/reports/"), Route::Reports);
    assert_eq!(Route::parse("#/build"), Route::Build(Vec::new()));
    let build = Route::parse(
        "#/build?tool=plan&d=example.com&rua=mailto%3Ad%40example.com%2Cmailto%3Ae%40x.example&empty=",
    );
    assert_eq!(
        build,
        Route::Build(vec![
            ("tool".into(), "plan".into()),
            ("d".into(), "example.com".into()),
            ("rua".into(), "mailto:d@example.com,mailto:e@x.example".into()),
        ])
    );
    assert_eq!(Route::parse(&build.to_hash()), build);
    assert_eq!(Route::parse("#/nope"), Route::NotFound("/nope".into()));
    assert_eq!(decode("%zz%4"), "%zz%4");
}

#[wasm_bindgen_test]
fn domain_links_round_trip_every_field() {
    let route = Route::parse("#/domain?d=example.com&selectors=s1%2Cold&ip=192.0.2.1&doh=http%3A%2F%2F127.0.0.1%3A8053%2Fdns-query");
    assert_eq!(
        route,
        Route::Domain {
            domain: "example.com".into(),
            selectors: "s1,old".into(),
            ip: "192.0.2.1".into(),
            doh: Some("http://127.0.0.1:8053/dns-query".into()),
        }
    );
    assert_eq!(Route::parse(&route.to_hash()), route);
    let bare = Route::Domain {
        domain: "example.com".into(),
        selectors: String::new(),
        ip: String::new(),
        doh: None,
    };
    assert_eq!(bare.to_hash(), "#/domain?d=example.com");
    assert_eq!(Route::parse("#/domain?d=x.test&doh=").to_hash(), "#/domain?d=x.test");
}

#[wasm_bindgen_test]
fn resolvers_are_keys_or_https_urls() {
    use dmarc_lens_www::doh::endpoint;
    assert_eq!(endpoint("google").as_deref(), Some("https://dns.google/dns-query"));
    assert_eq!(endpoint(" Quad9 ").as_deref(), Some("https://dns.quad9.net/dns-query"));
    assert_eq!(endpoint("https://doh.example/dns-query").as_deref(), Some("https://doh.example/dns-query"));
    assert_eq!(
        endpoint("http://127.0.0.1:8053/dns-query").as_deref(),
        Some("http://127.0.0.1:8053/dns-query")
    );
    for bad in [
        "",
        "nope",
        "javascript:alert(1)",
        "http://doh.example/dns-query",
        "http://127.0.0.10/dns-query",
        "https://",
        "https://a b/",
        "https://doh.example/#x",
    ] {
        assert_eq!(endpoint(bad), None, "{bad}");
    }
}

#[wasm_bindgen_test]
fn typed_domains_and_selectors_are_cleaned() {
    use dmarc_lens_www::pages::domain::{clean_domain, split_selectors};
    assert_eq!(clean_domain("  Example.COM "), "Example.COM");
    assert_eq!(clean_domain("https://www.example.com/path?q=1"), "www.example.com");
    assert_eq!(clean_domain("postmaster@example.org"), "example.org");
    assert_eq!(clean_domain("   "), "");
    assert_eq!(split_selectors(" s1, old ,,k2 x"), ["s1", "old", "k2", "x"]);
}

/// Renders `ExplainPage` with `record` into a fresh element and lets Yew
/// finish rendering.
async fn render_explain(record: &str) -> Element {
    #[derive(Properties, PartialEq)]
    struct Props {
        record: AttrValue,
    }
    #[component]
    fn Host(props: &Props) -> Html {
        html! { <ExplainPage record={props.record.clone()} /> }
    }
    let document = gloo_utils_document();
    let root = document.create_element("div").expect("a div");
    document.body().expect("a body").append_child(&root).expect("attach");
    yew::Renderer::<Host>::with_root_and_props(root.clone(), Props { record: record.to_string().into() })
        .render();
    settle().await;
    root
}

fn gloo_utils_document() -> web_sys::Document {
    web_sys::window().and_then(|w| w.document()).expect("a document")
}

async fn settle() {
    gloo_timers::future::sleep(Duration::from_millis(30)).await;
}

fn texts(root: &Element, selector: &str) -> Vec<String> {
    let list = root.query_selector_all(selector).expect("valid selector");
    (0..list.length()).filter_map(|i| list.item(i)).filter_map(|n| n.text_content()).collect()
}

#[wasm_bindgen_test]
async fn the_fo_warning_is_listed_and_its_span_marked() {
    let root = render_explain("v=DMARC1; p=none; fo=1").await;
    let marks = texts(&root, "mark[data-codes~='dmarc-fo-without-ruf']");
    assert_eq!(marks, vec!["fo=1".to_string()]);
    let message = texts(&root, "li[data-code='dmarc-fo-without-ruf'] .message");
    assert_eq!(message.len(), 1);
    assert!(message[0].starts_with("fo=1 chooses when failure reports are sent"), "{message:?}");
    assert_eq!(texts(&root, ".summary"), vec!["DMARC record: 0 errors, 2 warnings, 1 note".to_string()]);
    let effective = texts(&root, "tr[data-tag='sp'] td.effective");
    assert_eq!(effective, vec!["none (inherited from p)".to_string()]);
}

#[wasm_bindgen_test]
async fn typing_explains_as_you_type() {
    let root = render_explain("v=DMARC1; p=none").await;
    let textarea: HtmlTextAreaElement = wasm_bindgen::JsCast::dyn_into(
        root.query_selector("#record-input").expect("selector").expect("the text box"),
    )
    .expect("a textarea");
    textarea.set_value("v=DMARC1; p=bogus");
    let event = web_sys::InputEvent::new("input").expect("an input event");
    textarea.dispatch_event(&event).expect("dispatch");
    settle().await;
    assert_eq!(texts(&root, "mark[data-codes~='dmarc-policy-invalid']"), vec!["bogus".to_string()]);
    assert_eq!(texts(&root, ".summary"), vec!["DMARC record: 1 error, 1 warning, 0 notes".to_string()]);
}

#[wasm_bindgen_test]
async fn hostile_records_render_as_text() {
    let record = "v=DMARC1; p=<img src=x onerror=\"window.__pwned=1\"><script>window.__pwned=1</script>";
    let root = render_explain(record).await;
    assert_eq!(root.query_selector_all("img, script").expect("selector").length(), 0);
    let shown = texts(&root, "pre.record").concat();
    assert_eq!(shown, record);
    let pwned = js_sys::Reflect::get(&web_sys::window().expect("window"), &"__pwned".into()).expect("get");
    assert!(pwned.is_undefined());
}

#[wasm_bindgen_test]
async fn an_empty_box_offers_examples_not_findings() {
    let root = render_explain("").await;
    assert!(texts(&root, ".examples li").len() >= 3);
    assert!(texts(&root, "li.diag").is_empty());
}

#[wasm_bindgen_test]
fn build_links_restore_every_field_of_the_form() {
    use dmarc_lens::plan::output::Format;
    use dmarc_lens::plan::{Pace, RampStyle};
    use dmarc_lens_www::pages::build::form::{BuildForm, Tool};
    let hash = "#/build?tool=spf&fmt=terraform&d=example.com&parked=1&receives=1&rua=mailto%3Aa%40x.example%0Ab%40y.example\
                &ruf=mailto%3Af%40example.com&sub=news.example.com%20v%3DDMARC1%3B%20p%3Dnone%0Amail.example.com&lists=1\
                &style=testing&pace=conservative&start=2026-07-01&current=v%3DDMARC1%3B%20p%3Dnone\
                &senders=google-workspace%2Csendgrid&terms=ip4%3A192.0.2.0%2F24%0Amx&all=fail&split=1&flatten=1\
                &sel=s1&key=MCow&doh=google";
    let Route::Build(params) = Route::parse(hash) else { panic!("{hash} is the Build page") };
    let form = BuildForm::from_params(&params, "2030-01-01");
    assert_eq!(form.tool, Tool::Spf);
    assert_eq!(form.format, Format::Terraform);
    assert!(form.parked && form.receives && form.lists && form.fail_all && form.split && form.flatten);
    assert_eq!(form.style, RampStyle::Testing);
    assert_eq!(form.pace, Pace::Conservative);
    assert_eq!(form.start, "2026-07-01");
    assert_eq!(form.senders, ["google-workspace", "sendgrid"]);
    assert_eq!((form.selector.as_str(), form.key.as_str(), form.doh.as_str()), ("s1", "MCow", "google"));
    // Written back, the link holds the same form.
    let again = Route::parse(&Route::Build(form.to_params()).to_hash());
    let Route::Build(params) = again else { panic!("still the Build page") };
    assert_eq!(BuildForm::from_params(&params, "2030-01-01"), form);

    let input = form.plan_input().expect("the start date is a date");
    assert_eq!(input.rua, ["mailto:a@x.example", "b@y.example"]);
    assert_eq!(input.subdomains.len(), 2);
    assert_eq!(input.subdomains[0].name, "news.example.com");
    assert_eq!(input.subdomains[0].current.as_deref(), Some("v=DMARC1; p=none"));
    assert_eq!(input.subdomains[1].current, None);
    assert_eq!(form.spf_request().terms.len(), 4);

    // An empty link is a plan starting today, in the default formats.
    let empty = BuildForm::from_params(&[], "2030-01-01");
    assert_eq!((empty.tool, empty.format, empty.start.as_str()), (Tool::Plan, Format::Bind, "2030-01-01"));
    assert_eq!(empty.to_params(), [("start".to_string(), "2030-01-01".to_string())]);
    let mut bad = empty.clone();
    bad.start = "2030-02-30".into();
    assert!(bad.plan_input().is_err());
}

#[wasm_bindgen_test]
fn numbers_are_written_as_the_browser_writes_them() {
    use dmarc_lens_www::number::fixed;
    // Every percentage of up to 400 messages, as the Reports page shows
    // them, and a spread of sizes and times, against Number#toFixed.
    let mut values: Vec<f64> = Vec::new();
    for whole in 1..=400u32 {
        for part in 0..=whole {
            values.push(f64::from(part) * 100.0 / f64::from(whole));
        }
    }
    values.extend([0.0, 0.05, 0.25, 1.005, 2.5, 29.349_999, 146_000_000.0 / 1e6, 1e9 + 0.5, 123_456.789]);
    for x in values {
        for places in [0, 1, 2, 3] {
            let theirs: String = js_sys::Number::from(x).to_fixed(places as u8).unwrap().into();
            assert_eq!(fixed(x, places), theirs, "{x} to {places} places");
        }
    }
    assert_eq!(fixed(-1.25, 1), "-1.3");
    assert_eq!(fixed(-0.01, 1), "0.0");
    assert_eq!(fixed(f64::NAN, 1), "\u{2013}");
    assert_eq!(fixed(f64::INFINITY, 0), "\u{2013}");
}
