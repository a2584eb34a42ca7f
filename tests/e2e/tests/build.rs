//! The Build page in headless Chromium: a plan for a sending domain, a
//! record copied, the parked-domain kit with its authorization record, a
//! permalink restoring the whole form, the SPF builder and DKIM formatter,
//! the reports read on the Reports page weighing the plan, and the
//! published record and SPF costs looked up over the DoH fixture server.
//! What the page shows is compared with the core's own output for the same
//! input.

use dmarc_lens::check::join::block_on;
use dmarc_lens::check::spf::spf_tree;
use dmarc_lens::dns::DohResolver;
use dmarc_lens::encode_uri_component as encode;
use dmarc_lens::plan::evidence::advise;
use dmarc_lens::plan::output::{self, Format};
use dmarc_lens::plan::spf::{build, SpfRequest, SpfTerm};
use dmarc_lens::plan::{generate, ics, Date, DnsRecord, Plan, PlanInput, RampStyle, SendingSubdomain};
use dmarc_lens::report::batch::Batch;
use dmarc_lens::report::unpack::Limits;
use dmarc_lens_doh_fixture::{fixture_zones, DohServer};
use dmarc_lens_e2e::{corpus, Browser, Site};

fn input(domain: &str, rua: &str) -> PlanInput {
    let mut input = PlanInput::new(domain, Date::new(2026, 6, 1).expect("a date"));
    input.rua = vec![rua.to_string()];
    input
}

/// The stage headings the page should show for `plan`.
fn headings(plan: &Plan) -> Vec<String> {
    plan.stages.iter().enumerate().map(|(i, s)| format!("Stage {}: {}", i + 1, s.name)).collect()
}

/// A record as the page writes it in `format`.
fn written(record: &DnsRecord, format: Format) -> String {
    output::render(std::slice::from_ref(record), format).trim_end().to_string()
}

#[test]
fn a_sending_plan_copies_a_record_and_the_parked_kit_shows_the_authorization() {
    let site = Site::start();
    let browser = Browser::start();
    browser.goto(&site.url("#/build?d=example.com&rua=mailto%3Areports%40receiver.example&start=2026-06-01"));
    browser.wait_for(".plan-output[data-purpose='sending'] .stage");
    let plan = generate(&input("example.com", "mailto:reports@receiver.example"));
    assert_eq!(browser.texts(".stage > h3"), headings(&plan));
    let first = &plan.stages[0].records[0];
    assert_eq!(browser.texts(".stage[data-stage='1'] .dns-record pre"), vec![written(first, Format::Bind)]);
    // The external report address comes with its authorization record.
    let auth = "#extra-records .dns-record[data-name='example.com._report._dmarc.receiver.example']";
    assert_eq!(browser.texts(&format!("{auth} pre")), vec![written(&plan.extra_records[0], Format::Bind)]);

    // Copy the first record: the clipboard holds exactly the zone-file line.
    browser.grant("clipboard-read");
    browser.grant("clipboard-write");
    let copy = browser.wait_for(".stage[data-stage='1'] .copy-record");
    browser.click(&copy);
    browser.wait_until("the copy's outcome", |b| b.texts("#copy-status") == ["Copied the record."]);
    assert_eq!(browser.clipboard_text(), written(first, Format::Bind));

    // Terraform instead: every record is written again.
    let terraform = browser.wait_for("#format-terraform");
    browser.click(&terraform);
    browser.wait_until("Terraform output", |b| {
        b.texts(".stage[data-stage='1'] .dns-record pre") == [written(first, Format::Terraform)]
    });
    assert!(browser.current_url().contains("fmt=terraform"), "{}", browser.current_url());

    // Switch to the parked-domain kit.
    let parked = browser.wait_for("#purpose-parked");
    browser.click(&parked);
    browser.wait_for(".plan-output[data-purpose='parked']");
    let mut kit = input("example.com", "mailto:reports@receiver.example");
    kit.parked = true;
    let kit = generate(&kit);
    assert!(!kit.has_errors());
    assert_eq!(browser.texts(".stage > h3"), headings(&kit));
    let shown = browser.texts(".stage .dns-record pre");
    let expected: Vec<String> =
        kit.stages.iter().flat_map(|s| &s.records).map(|r| written(r, Format::Terraform)).collect();
    assert_eq!(shown, expected);
    assert!(shown.iter().any(|r| r.contains("v=spf1 -all")), "{shown:?}");
    assert!(browser.find(".stage .dns-record[data-type='MX']").is_some(), "the null MX is there");
    assert_eq!(
        browser.texts(&format!("{auth} pre")),
        vec![written(&kit.extra_records[0], Format::Terraform)]
    );
    assert!(browser.current_url().contains("parked=1"), "{}", browser.current_url());

    // The stage dates as a calendar.
    let ics_button = browser.wait_for("#download-ics");
    browser.click(&ics_button);
    let file = browser.downloaded("dmarc-rollout-example.com.ics");
    assert_eq!(String::from_utf8_lossy(&file), ics::calendar(&kit));
}

#[test]
fn a_permalink_restores_the_whole_form_and_editing_updates_the_link() {
    let site = Site::start();
    let browser = Browser::start();
    let current = "v=DMARC1; p=quarantine; pct=50; rua=mailto:d@example.com";
    let link = format!(
        "#/build?d=example.com&rua={}&sub={}&lists=1&style=testing&pace=conservative&start=2026-09-14&current={}",
        encode("mailto:dmarc@example.com"),
        encode("news.example.com v=DMARC1; p=none"),
        encode(current)
    );
    browser.goto(&site.url(&link));
    browser.wait_for(".plan-output .stage");
    let value = |css: &str| browser.property(&browser.wait_for(css), "value");
    let checked = |css: &str| browser.property(&browser.wait_for(css), "checked");
    assert_eq!(value("#build-domain"), "example.com");
    assert_eq!(value("#build-rua"), "mailto:dmarc@example.com");
    assert_eq!(value("#build-sub"), "news.example.com v=DMARC1; p=none");
    assert_eq!(value("#build-current"), current);
    assert_eq!(value("#build-start"), "2026-09-14");
    assert_eq!(value("#build-pace"), "conservative");
    assert_eq!(checked("#build-lists"), true);
    assert_eq!(checked("#style-testing"), true);
    assert_eq!(checked("#purpose-sending"), true);

    let mut expected = PlanInput::new("example.com", Date::new(2026, 9, 14).expect("a date"));
    expected.rua = vec!["mailto:dmarc@example.com".into()];
    expected.subdomains =
        vec![SendingSubdomain { name: "news.example.com".into(), current: Some("v=DMARC1; p=none".into()) }];
    expected.mailing_lists = true;
    expected.style = RampStyle::Testing;
    expected.pace = dmarc_lens::plan::Pace::Conservative;
    expected.current = Some(current.into());
    let plan = generate(&expected);
    assert_eq!(browser.texts(".stage > h3"), headings(&plan));
    assert_eq!(browser.texts(".plan-summary"), vec![format!(
        "{} stages from 2026-09-14, at p=quarantine from {} at the earliest. 0 errors, 0 warnings, {} note{}.",
        plan.stages.len(),
        plan.stages.last().expect("stages").start,
        plan.diagnostics.len(),
        if plan.diagnostics.len() == 1 { "" } else { "s" }
    )]);

    // Typing changes the plan and the link.
    let domain = browser.wait_for("#build-domain");
    browser.clear(&domain);
    browser.type_text(&domain, "example.org");
    browser.wait_until("the plan for the new domain", |b| {
        b.texts("#plan-title") == ["Rollout plan for example.org"]
    });
    assert!(browser.current_url().contains("d=example.org"), "{}", browser.current_url());
    assert!(browser.current_url().contains("style=testing"), "{}", browser.current_url());
}

#[test]
fn the_spf_builder_keeps_the_budget_and_the_dkim_formatter_sizes_the_key() {
    let site = Site::start();
    let browser = Browser::start();
    browser.goto(&site.url("#/build?d=example.com"));
    let tab = browser.wait_for("#tab-spf");
    browser.click(&tab);
    browser.wait_for("#spf-sender-google-workspace");
    assert!(browser.current_url().contains("tool=spf"), "{}", browser.current_url());
    for id in ["google-workspace", "microsoft-365"] {
        let tick = browser.wait_for(&format!("#spf-sender-{id}"));
        browser.click(&tick);
    }
    let terms = browser.wait_for("#spf-terms");
    browser.type_text(&terms, "ip4:192.0.2.0/24");
    browser.wait_for(".budget[data-lookups='6']");
    let mut request = SpfRequest::new("example.com");
    request.terms = vec![
        SpfTerm::Sender("google-workspace".into()),
        SpfTerm::Sender("microsoft-365".into()),
        SpfTerm::Ip4("192.0.2.0/24".into()),
    ];
    let spf = build(&request);
    assert_eq!(browser.texts(".spf-output .dns-record pre"), vec![written(&spf.records[0], Format::Bind)]);
    assert!(browser.find(".budget.over").is_none());
    // Two more senders put it over the budget of 10: an error, in words.
    for id in ["mailgun", "salesforce"] {
        let tick = browser.wait_for(&format!("#spf-sender-{id}"));
        browser.click(&tick);
    }
    browser.wait_for(".budget.over[data-lookups='11']");
    assert!(browser.texts(".budget .over-words")[0].contains("Over the limit"));
    assert!(browser.find(".spf-output li.diag.error").is_some(), "the budget error is listed");

    // The DKIM formatter: an Ed25519 key in PEM.
    let tab = browser.wait_for("#tab-dkim");
    browser.click(&tab);
    let selector = browser.wait_for("#dkim-selector");
    browser.type_text(&selector, "s2026");
    let key = browser.wait_for("#dkim-key");
    let pem = "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=\n-----END PUBLIC KEY-----";
    browser.type_text(&key, pem);
    browser.wait_for("#dkim-key-size[data-bits='256'][data-algorithm='ed25519']");
    let formatted = dmarc_lens::plan::dkim::format("s2026", "example.com", pem);
    let record = formatted.record.expect("the key makes a record");
    assert_eq!(browser.texts(".dkim-output .dns-record pre"), vec![written(&record, Format::Bind)]);
    assert!(browser.current_url().contains("sel=s2026"), "{}", browser.current_url());
}

#[test]
fn reports_read_on_the_reports_page_weigh_the_plan() {
    let site = Site::start();
    let browser = Browser::start();
    browser.goto(&site.url("#/reports"));
    let files = [
        corpus("cry-inc-dmarc-report-viewer/testdata/dmarc-reports/google.xml"),
        corpus("parsedmarc/samples/aggregate/fastmail.com!example.com!1516060800!1516147199!102675056.xml.gz"),
        corpus("parsedmarc/samples/aggregate/estadocuenta1.infonacot.gob.mx!example.com!1536853302!1536939702!2940.xml.zip"),
    ];
    let picker = browser.wait_for("#report-files");
    browser.type_text(&picker, &files.join("\n"));
    browser.wait_for("dd[data-total='reports']");

    browser.goto(&site.url("#/build?d=example.com&rua=mailto%3Admarc%40example.com&start=2026-06-01"));
    browser.wait_for(".evidence .advice");
    // The same files read natively, and the same advice.
    let mut batch = Batch::new(Limits::default());
    for file in &files {
        let bytes = std::fs::read(file).expect("corpus file");
        batch.add_file(file, &bytes);
    }
    let view = batch.view();
    let plan = generate(&input("example.com", "mailto:dmarc@example.com"));
    let advice = advise(&plan, &view.coverage.policies, view.readiness.ready);
    assert_eq!(browser.texts(".evidence .advice"), vec![advice.message.clone()]);
    let current = advice.current.expect("the reports place example.com on the plan");
    assert!(browser.find(&format!(".stage.here[data-stage='{}']", current + 1)).is_some());
    let criteria = browser.texts(".evidence .criteria li");
    assert_eq!(criteria.len(), view.readiness.criteria.len());
    for (shown, c) in criteria.iter().zip(&view.readiness.criteria) {
        let word = if c.met { "Met: " } else { "Not met: " };
        assert_eq!(shown, &format!("{} {word}{}", if c.met { '\u{2713}' } else { '\u{2717}' }, c.text));
    }
    // The data never supports a stage past the next one.
    let beyond = advice.supported.map_or(0, |s| s + 1);
    let later = browser.texts(".stage.not-yet > h3");
    assert_eq!(later.len(), plan.stages.len().saturating_sub(beyond), "{later:?}");
}

#[test]
fn the_published_record_and_the_spf_costs_are_looked_up_live() {
    let server = DohServer::start(fixture_zones().expect("the fixture zones load"));
    let site = Site::start();
    let browser = Browser::start();
    let doh = encode(&server.url());
    browser.goto(&site.url(&format!(
        "#/build?d=healthy.test&rua=mailto%3Admarc%40healthy.test&start=2026-06-01&doh={doh}"
    )));
    let lookup = browser.wait_for("#lookup-current");
    browser.click(&lookup);
    browser.wait_until("the lookup's outcome", |b| {
        b.texts("#lookup-status")
            .first()
            .is_some_and(|t| t.starts_with("Found the record at _dmarc.healthy.test"))
    });
    let published = "v=DMARC1; p=reject; rua=mailto:dmarc@healthy.test; adkim=s";
    assert_eq!(browser.property(&browser.wait_for("#build-current"), "value"), published);
    let mut expected = input("healthy.test", "mailto:dmarc@healthy.test");
    expected.current = Some(published.into());
    let plan = generate(&expected);
    browser.wait_until("the plan from the published record", |b| b.texts(".stage > h3") == headings(&plan));

    // The SPF builder counts an include's real cost over the same resolver.
    browser
        .goto(&site.url(&format!("#/build?tool=spf&d=example.com&terms=include%3Aa.deep3.test&doh={doh}")));
    let verify = browser.wait_for("#spf-verify");
    browser.click(&verify);
    browser.wait_for("#spf-live tr[data-term='include:a.deep3.test'] td.live");
    let native = block_on(spf_tree(&DohResolver::new(server.url()), "a.deep3.test", None));
    assert!(native.lookups > 1, "a.deep3.test includes more records");
    assert_eq!(
        browser.texts("#spf-live tr[data-term='include:a.deep3.test'] td.live"),
        vec![(native.lookups + 1).to_string()]
    );
    assert!(
        browser.texts("#spf-live p")[0].contains("1 include differs"),
        "{:?}",
        browser.texts("#spf-live p")
    );
}

#[test]
fn hostile_text_in_every_field_stays_text() {
    let site = Site::start();
    let browser = Browser::start();
    let payload =
        |n: u32| format!("<img src=x onerror=window.__pwned={n}><script>window.__pwned={n}</script>");
    let link = format!(
        "#/build?d={}&rua={}&ruf={}&sub={}&current={}&start=2026-06-01",
        encode(&format!("example.com{}", payload(1))),
        encode(&format!("mailto:a@example.com{}", payload(2))),
        encode(&format!("javascript:window.__pwned=3//{}", payload(3))),
        encode(&format!("news.example.com v=DMARC1; p={}", payload(4))),
        encode(&format!("v=DMARC1; p=none; rua=mailto:{}", payload(5))),
    );
    browser.goto(&site.url(&link));
    browser.wait_for(".plan-output");
    let spf = format!(
        "#/build?tool=spf&d=example.com&terms={}",
        encode(&format!("include:{}\nip4:{}", payload(6), payload(7)))
    );
    browser.goto(&site.url(&spf));
    browser.wait_for(".spf-output");
    assert!(
        browser.texts(".spf-output").concat().contains("<img src=x onerror=window.__pwned=6>"),
        "shown as text"
    );
    let dkim =
        format!("#/build?tool=dkim&d=example.com&sel={}&key={}", encode(&payload(8)), encode(&payload(9)));
    browser.goto(&site.url(&dkim));
    browser.wait_for(".dkim-output");
    let shown = browser.texts(".dkim-output").concat();
    assert!(
        shown.contains("\"<img src=x onerror=window.__pwned=8><script>window.__pwned=8</script>\""),
        "shown as text: {shown}"
    );
    assert_eq!(browser.execute("return window.__pwned === undefined && document.querySelectorAll('main img, main script').length === 0;", vec![]), true);
}
