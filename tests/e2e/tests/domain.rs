//! The Domain page in headless Chromium, checking the scenario domains of
//! `tests/zones/` against the DoH fixture server (on another port of
//! 127.0.0.1 than the site: another origin, so CORS is exercised), as a
//! person sees them. For each scenario the page's JSON (`#check-json`) is
//! also compared with the same check run natively over the same server.
//!
//! The page's JSON and the native report are compared whole: the report
//! holds nothing that legitimately differs between the two. The MTA-STS
//! policy fetch is the one thing a browser does differently (CORS), and it
//! is not part of the report on either side: the page shows it apart, on
//! request. Failure words differ only for network failures, which the
//! browser cannot describe as precisely (those are not compared).

use std::time::{Duration, Instant};

use dmarc_lens::check::domain::{run, DomainReport, Options};
use dmarc_lens::check::join::block_on;
use dmarc_lens::check::resolver::CheckResolver;
use dmarc_lens::dns::DohResolver;
use dmarc_lens::encode_uri_component as encode;
use dmarc_lens_doh_fixture::{fixture_zones, DohServer, Zone};
use dmarc_lens_e2e::{Browser, Site};
use serde_json::{json, Value};

/// A domain whose records try to inject markup into the page. Kept here,
/// not in `tests/zones/`, as it is only the page's concern.
const HOSTILE_ZONE: &str = r#"
$ORIGIN xss.test.
$TTL 3600
@             IN SOA ns1 hostmaster ( 2026010101 7200 3600 1209600 300 )
              IN NS  ns1
ns1           IN A   192.0.2.53
@             IN A   192.0.2.99
              IN MX  10 mail
              IN TXT "v=spf1 ip4:192.0.2.99 <img src=x onerror=window.__pwned=1> -all"
mail          IN A   192.0.2.98
_dmarc        IN TXT "v=DMARC1; p=<img src=x onerror=window.__pwned=2>; rua=mailto:<script>window.__pwned=3</script>@xss.test"
s1._domainkey IN TXT "v=DKIM1; k=rsa; p=<img src=x onerror=window.__pwned=4>"
default._bimi IN TXT "v=BIMI1; l=javascript:window.__pwned=5"
"#;

fn zones() -> Zone {
    let mut zone = fixture_zones().expect("the fixture zones load");
    zone.extend(dmarc_lens::dns::zone::parse(HOSTILE_ZONE).expect("the hostile zone parses"));
    zone
}

/// The check, natively over the fixture server, as the `check --json` shape.
fn native(server: &DohServer, domain: &str, selectors: &[&str], ip: Option<&str>) -> Value {
    serde_json::to_value(native_report(server, domain, selectors, ip)).expect("the report serialises")
}

fn native_report(server: &DohServer, domain: &str, selectors: &[&str], ip: Option<&str>) -> DomainReport {
    let resolver = CheckResolver::new(DohResolver::new(server.url()));
    let options = Options {
        domain: domain.to_string(),
        selectors: selectors.iter().map(|s| s.to_string()).collect(),
        ip: ip.map(|ip| ip.parse().expect("an IP address")),
    };
    block_on(run(&resolver, &options, |_| {}))
}

/// Waits up to `limit` for the check to finish (the harness's usual limit
/// is shorter than a query that times out twice).
fn wait_done(browser: &Browser, limit: Duration) {
    let started = Instant::now();
    while browser.find("#check-results[data-state='done']").is_none() {
        if started.elapsed() > limit {
            let body = browser.execute("return document.body ? document.body.innerText : '';", vec![]);
            panic!("the check did not finish\n--- page text ---\n{}", body.as_str().unwrap_or(""));
        }
        std::thread::sleep(Duration::from_millis(25));
    }
}

/// Opens the page on `query` (`d=…&…`) with the fixture as the resolver,
/// waits for the finished check, and returns its JSON.
fn check(browser: &Browser, site: &Site, server: &DohServer, query: &str) -> Value {
    browser.goto(&site.url(&format!("#/domain?{query}&doh={}", encode(&server.url()))));
    wait_done(browser, Duration::from_secs(30));
    page_json(browser)
}

fn page_json(browser: &Browser) -> Value {
    let text = browser.texts("#check-json").concat();
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("#check-json is not JSON ({e}): {text}"))
}

fn text(browser: &Browser, css: &str) -> String {
    browser.texts(css).concat()
}

/// The page's JSON equals the native report; on a difference, the first
/// differing path is named.
fn assert_same(page: &Value, native: &Value) {
    fn first_difference(path: &str, a: &Value, b: &Value) -> Option<String> {
        match (a, b) {
            (Value::Object(x), Value::Object(y)) => {
                let mut keys: Vec<&String> = x.keys().chain(y.keys()).collect();
                keys.sort();
                keys.dedup();
                keys.into_iter().find_map(|k| {
                    first_difference(
                        &format!("{path}.{k}"),
                        x.get(k).unwrap_or(&Value::Null),
                        y.get(k).unwrap_or(&Value::Null),
                    )
                })
            }
            (Value::Array(x), Value::Array(y)) if x.len() == y.len() => x
                .iter()
                .zip(y)
                .enumerate()
                .find_map(|(i, (a, b))| first_difference(&format!("{path}[{i}]"), a, b)),
            _ if a == b => None,
            _ => Some(format!("{path}: page {a} vs native {b}")),
        }
    }
    if let Some(difference) = first_difference("$", page, native) {
        panic!("the page's report differs from the native one at {difference}");
    }
}

#[test]
fn a_healthy_domain_is_good_and_matches_the_native_check() {
    let server = DohServer::start(zones());
    let site = Site::start();
    let browser = Browser::start();
    let page = check(&browser, &site, &server, "d=healthy.test");

    assert_eq!(browser.texts("#verdict .verdict-status"), ["\u{2714} Good"]);
    assert_eq!(
        browser.texts("#dmarc pre.record"),
        ["v=DMARC1; p=reject; rua=mailto:dmarc@healthy.test; adkim=s"]
    );
    assert_eq!(browser.texts("#dmarc .effective-policy strong"), ["reject"]);
    assert_eq!(text(&browser, "#spf .spf-budget .lookups"), "\u{2714} 1/10 DNS lookups");
    assert_eq!(text(&browser, "#spf .spf-budget .voids"), "\u{2714} 0/2 void lookups");
    let selectors = browser.execute(
        "return Array.from(document.querySelectorAll('#dkim .dkim-key')).map(e => e.dataset.selector);",
        vec![],
    );
    assert_eq!(selectors, json!(["google", "selector1"]));
    assert_eq!(browser.texts("#dkim .dkim-key .bits"), ["2048 bits", "2048 bits"]);
    assert_eq!(browser.texts("#dkim .dkim-key .algorithm"), ["RSA", "RSA"]);
    assert_eq!(browser.texts("#mx .mx-hosts tbody tr").len(), 2);
    assert_eq!(
        browser.texts("#bulk table.bulk tbody tr").len(),
        page["bulk_senders"].as_array().map_or(0, Vec::len)
    );
    assert!(browser.find("#bulk tr[data-status='pass'] .status-cell").is_some());

    let report = native_report(&server, "healthy.test", &[], None);
    let native = serde_json::to_value(&report).expect("the report serialises");
    assert_same(&page, &native);
    // The report as text is the command line's, and can be copied.
    assert_eq!(browser.texts("#check-text"), [dmarc_lens::check::render::text(&report)]);
    let copy = browser.wait_for("#copy-report");
    browser.click(&copy);
    browser.wait_until("the copy's outcome", |b| {
        let status = text(b, ".domain-form .status");
        status == "Copied the report." || status.starts_with("Could not copy the report: ")
    });
    let done = text(&browser, "#check-done");
    assert_eq!(
        done,
        format!("{} DNS queries in {}", native["queries"], done.rsplit(" in ").next().unwrap_or(""))
    );
    assert!(done.ends_with(" ms"), "{done}");

    // The MTA-STS policy file is fetched on request; in the tests no name
    // outside 127.0.0.1 resolves, as for a host that refuses CORS.
    let fetch = browser.wait_for("#fetch-mta-sts");
    browser.click(&fetch);
    browser.wait_for("#policy-records .fetch-outcome li.diag[data-code='check-mta-sts-fetch-blocked']");
    assert_eq!(browser.texts("#policy-records .fetch-outcome[data-fetched='false']").len(), 1);
    assert!(text(&browser, "#policy-records .fetch-outcome")
        .contains("https://mta-sts.healthy.test/.well-known/mta-sts.txt"));
}

#[test]
fn an_spf_tree_over_budget_shows_the_limit_error_and_opens_node_by_node() {
    let server = DohServer::start(zones());
    let site = Site::start();
    let browser = Browser::start();
    let page = check(&browser, &site, &server, "d=overbudget.test");

    assert_eq!(browser.texts("#verdict .verdict-status"), ["\u{2716} At risk"]);
    assert_eq!(text(&browser, "#spf .spf-budget .lookups"), "\u{2716} 14/10 DNS lookups: over the limit");
    browser.wait_for("#spf li.diag.error[data-code='check-spf-lookup-limit']");
    assert!(browser.find("#spf li.diag[data-code='check-spf-include-nxdomain']").is_some());

    // The tree: the include that crosses the limit is closed, opens on a
    // click, and shows its record and its own terms.
    let node = "details.spf-node[data-term='include:_spf.newsletter.overbudget.test']";
    let is_open =
        |b: &Browser| b.execute(&format!("return document.querySelector(\"{node}\").open;"), vec![]);
    assert_eq!(is_open(&browser), json!(false));
    assert_eq!(text(&browser, &format!("{node} > summary .running")), "11/10");
    assert!(text(&browser, &format!("{node} > summary .node-status")).contains("past the 10-lookup limit"));
    let record = browser.wait_for(&format!("{node} > .node-body .node-record"));
    assert_eq!(browser.text(&record), "", "hidden while closed");
    let summary = browser.wait_for(&format!("{node} > summary"));
    browser.click(&summary);
    assert_eq!(is_open(&browser), json!(true));
    assert!(browser.text(&record).starts_with("v=spf1 a:news.overbudget.test"), "{}", browser.text(&record));
    let children = browser.texts(&format!("{node} > .node-body > .spf-children > details > summary .term"));
    assert_eq!(children, ["a:news.overbudget.test", "mx:news.overbudget.test"]);
    // Keyboard: the summary of a top-level node is focusable.
    let focusable = browser.execute(
        &format!("const s = document.querySelector(\"{node} > summary\"); s.focus(); return document.activeElement === s;"),
        vec![],
    );
    assert_eq!(focusable, json!(true));

    assert_same(&page, &native(&server, "overbudget.test", &[], None));
}

#[test]
fn a_subdomain_is_governed_by_the_record_the_tree_walk_finds() {
    let server = DohServer::start(zones());
    let site = Site::start();
    let browser = Browser::start();
    let page = check(&browser, &site, &server, "d=a.b.c.treewalk.test");

    assert_eq!(browser.texts("#dmarc .dmarc-source code"), ["_dmarc.treewalk.test"]);
    assert_eq!(
        browser.texts("#dmarc pre.record"),
        ["v=DMARC1; p=reject; sp=quarantine; rua=mailto:dmarc@treewalk.test"]
    );
    assert_eq!(browser.texts("#dmarc .effective-policy strong"), ["quarantine"]);
    let governs = text(&browser, "#dmarc .governs");
    assert!(governs.contains("tree walk") && governs.contains("sp= applies"), "{governs}");
    assert!(browser.find("#dmarc li.diag[data-code='check-dmarc-inherited']").is_some());

    assert_same(&page, &native(&server, "a.b.c.treewalk.test", &[], None));
}

#[test]
fn an_unauthorized_report_address_shows_the_record_to_publish() {
    let server = DohServer::start(zones());
    let site = Site::start();
    let browser = Browser::start();
    let page = check(&browser, &site, &server, "d=unauth.test");

    let collector = "#report-auth li.report-dest[data-uri='mailto:reports@collector.test']";
    assert_eq!(
        text(&browser, &format!("{collector} .auth-state")),
        "\u{2716} not authorized: receivers drop these reports"
    );
    assert_eq!(
        browser.texts(&format!("{collector} .publish-record")),
        ["unauth.test._report._dmarc.collector.test TXT \"v=DMARC1\""]
    );
    assert!(browser.find(&format!("{collector} li.diag[data-code='check-report-auth-missing']")).is_some());
    let authorized = "#report-auth li.report-dest[data-uri='mailto:agg@authorized.test']";
    assert!(text(&browser, &format!("{authorized} .auth-state")).starts_with("\u{2714} authorized"));
    assert!(browser.find(&format!("{authorized} .publish-record")).is_none());
    assert_eq!(browser.texts("#verdict .verdict-status"), ["\u{26a0} Needs attention"]);

    assert_same(&page, &native(&server, "unauth.test", &[], None));
}

#[test]
fn weak_and_revoked_dkim_keys_are_warned_about() {
    let server = DohServer::start(zones());
    let site = Site::start();
    let browser = Browser::start();
    let page = check(&browser, &site, &server, "d=weakdkim.test&selectors=old");

    let input = browser.wait_for("#selectors-input");
    assert_eq!(browser.property(&input, "value"), "old");
    assert_eq!(browser.texts("#dkim .dkim-key[data-selector='s1'] .bits"), ["1024 bits"]);
    assert!(text(&browser, "#dkim .dkim-key[data-selector='s1'] .strength").starts_with("\u{26a0} weak"));
    assert!(browser
        .find("#dkim .dkim-key[data-selector='s1'] li.diag.warning[data-code='dkim-rsa-weak']")
        .is_some());
    let old = text(&browser, "#dkim .dkim-key[data-selector='old'] .key-state");
    assert!(old.contains("revoked"), "{old}");
    let tried = text(&browser, "#dkim .selectors-tried p");
    assert!(tried.starts_with("old, "), "the typed selector is tried first: {tried}");

    assert_same(&page, &native(&server, "weakdkim.test", &["old"], None));
}

#[test]
fn a_servfail_at_dmarc_is_a_dns_failure_not_a_missing_record() {
    let server = DohServer::start(zones());
    let site = Site::start();
    let browser = Browser::start();
    let page = check(&browser, &site, &server, "d=servfail.test");

    assert!(browser.find("#dmarc li.diag[data-code='check-dmarc-lookup-failed']").is_some());
    assert!(browser.find("li.diag[data-code='check-dmarc-missing']").is_none());
    assert!(text(&browser, "#dmarc .governs").contains("failed"));
    assert!(
        text(&browser, "#dmarc li.diag[data-code='check-dmarc-lookup-failed'] .message").contains("SERVFAIL")
    );
    assert_eq!(browser.texts("#dmarc .effective-policy strong"), ["unknown"]);

    assert_same(&page, &native(&server, "servfail.test", &[], None));
}

#[test]
fn check_host_for_an_address_is_shown_and_the_form_fills_the_link() {
    let server = DohServer::start(zones());
    let site = Site::start();
    let browser = Browser::start();
    // The resolver from the link fills the form; nothing runs without a domain.
    browser.goto(&site.url(&format!("#/domain?doh={}", encode(&server.url()))));
    let domain = browser.wait_for("#domain-input");
    assert!(browser.find("#check-results").is_none());
    let url_field = browser.wait_for("#doh-url");
    assert_eq!(browser.property(&url_field, "value"), json!(server.url()));

    browser.type_text(&domain, "servfail.test");
    let ip = browser.wait_for("#ip-input");
    browser.type_text(&ip, "192.0.2.50");
    let submit = browser.wait_for("#check-button");
    browser.click(&submit);
    wait_done(&browser, Duration::from_secs(30));
    let expected = format!("#/domain?d=servfail.test&ip=192.0.2.50&doh={}", encode(&server.url()));
    assert!(browser.current_url().ends_with(&expected), "{}", browser.current_url());
    let verdict = "#spf .ip-verdict[data-result='pass']";
    assert!(text(&browser, verdict).contains("ip4:192.0.2.50/31"), "{}", text(&browser, verdict));
    assert_same(&page_json(&browser), &native(&server, "servfail.test", &[], Some("192.0.2.50")));

    // A wrong address is refused before anything is looked up.
    browser.clear(&ip);
    browser.type_text(&ip, "not-an-ip");
    browser.click(&submit);
    browser.wait_until("the address refused", |b| {
        text(b, ".domain-form .status").contains("not an IPv4 or IPv6")
    });
    assert!(browser.current_url().ends_with(&expected));
}

#[test]
fn failing_resolvers_give_explained_findings_and_the_check_always_finishes() {
    let server = DohServer::start(zones());
    let site = Site::start();
    let browser = Browser::start();

    // Each fault at the SPF record's name, said in its own words.
    for (name, words) in [
        ("servfail.faults.test", "server failure (SERVFAIL)"),
        ("refused.faults.test", "query refused (REFUSED)"),
        ("garbage.faults.test", "undecodable answer"),
        ("http500.faults.test", "HTTP status 500"),
        ("truncated.faults.test", "truncated answer"),
        ("oversized.faults.test", "undecodable answer"),
    ] {
        let page = check(&browser, &site, &server, &format!("d={name}"));
        let spf = text(&browser, "#spf li.diag .message");
        assert!(spf.contains(words), "{name}: {spf}");
        assert!(browser.find("#spf pre.record").is_none(), "{name}: no record shown");
        assert!(browser.find("#verdict .verdict-status").is_some(), "{name}: a verdict");
        assert_same(&page, &native(&server, name, &[], None));
    }

    // A query that never answers: the other parts show while SPF waits,
    // then its lookup times out (twice) and the check finishes.
    browser.goto(&site.url(&format!("#/domain?d=timeout.faults.test&doh={}", encode(&server.url()))));
    browser.wait_until("MX shown while SPF is still looked up", |b| {
        b.find("#mx[data-pending='false']").is_some()
            && b.find("#check-results[data-state='running']").is_some()
    });
    assert_eq!(text(&browser, "#spf .pending"), "\u{231b} Looking up\u{2026}");
    assert!(browser.find("#check-progress progress").is_some());
    wait_done(&browser, Duration::from_secs(60));
    assert!(text(&browser, "#spf li.diag .message").contains("timed out"));
    assert!(browser.find("#spf .pending").is_none());

    // An answer that trickles in a byte at a time: given up on (twice),
    // in the same words as natively.
    let page = check(&browser, &site, &server, "d=slowdrip.faults.test");
    assert!(text(&browser, "#spf li.diag .message").contains("timed out"));
    assert_same(&page, &native(&server, "slowdrip.faults.test", &[], None));

    // A resolver that is not there at all.
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port");
    browser.goto(&site.url(&format!(
        "#/domain?d=healthy.test&doh={}",
        encode(&format!("http://127.0.0.1:{closed}/dns-query"))
    )));
    wait_done(&browser, Duration::from_secs(60));
    let all = text(&browser, "#findings li.diag .message");
    assert!(all.contains("blocked by the browser (CORS) or the network"), "{all}");
    assert!(browser.find("#findings li.diag[data-code='check-dmarc-lookup-failed']").is_some());
    assert!(browser.find("li.diag[data-code='check-dmarc-missing']").is_none());
    assert!(text(&browser, "#check-done").ends_with(" ms"));

    // A resolver the page does not take.
    browser.goto(&site.url("#/domain?d=healthy.test&doh=ftp%3A%2F%2F127.0.0.1%2F"));
    browser.wait_for(".error-notice");
    assert!(browser.find("#check-results").is_none());
}

#[test]
fn hostile_records_render_as_text_and_run_nothing() {
    let server = DohServer::start(zones());
    let site = Site::start();
    let browser = Browser::start();
    let page = check(&browser, &site, &server, "d=xss.test&selectors=s1");

    let shown = browser.texts("pre.record");
    for hostile in [
        "v=spf1 ip4:192.0.2.99 <img src=x onerror=window.__pwned=1> -all",
        "v=DMARC1; p=<img src=x onerror=window.__pwned=2>; rua=mailto:<script>window.__pwned=3</script>@xss.test",
        "v=DKIM1; k=rsa; p=<img src=x onerror=window.__pwned=4>",
        "v=BIMI1; l=javascript:window.__pwned=5",
    ] {
        assert!(shown.iter().any(|s| s == hostile), "{hostile} not shown as text in {shown:#?}");
    }
    let injected = browser.execute(
        "return [window.__pwned === undefined, document.querySelectorAll('main img, main script, main a[href^=\"javascript\"]').length];",
        vec![],
    );
    assert_eq!(injected, json!([true, 0]));
    let problems: Vec<String> = browser
        .console()
        .into_iter()
        .filter(|line| line.starts_with("SEVERE") || line.contains("Content Security Policy"))
        .collect();
    assert!(problems.is_empty(), "console errors: {problems:#?}");
    assert_same(&page, &native(&server, "xss.test", &["s1"], None));
}

/// Prints how long the page takes for an SPF tree three levels deep with
/// 50 ms per DNS answer, next to the bound for a checker that asks each
/// level's names side by side. Prints only; asserts no time.
#[test]
fn latency_benchmark_deep_spf_tree() {
    let server = DohServer::start(zones());
    server.set_latency_ms(50);
    let site = Site::start();
    let browser = Browser::start();
    let page = check(&browser, &site, &server, "d=deep3.test");
    let line = text(&browser, "#check-done");
    println!(
        "deep3.test with 50 ms per answer, in headless Chromium: {line}; bound (3+3)\u{00d7}50 ms = 300 ms"
    );
    println!("  {}", text(&browser, ".part-times"));
    let started = Instant::now();
    let native = native(&server, "deep3.test", &[], None);
    println!(
        "the same check natively: {} DNS queries in {} ms",
        native["queries"],
        started.elapsed().as_millis()
    );
    assert_eq!(page["spf"]["lookups"], 6);
    assert_same(&page, &native);
}

/// DNS cannot list selectors, but reports name them: a report read on the
/// Reports page in the same tab makes the Domain page probe its selectors.
#[test]
fn selectors_seen_in_reports_read_in_this_tab_are_probed() {
    let server = DohServer::start(zones());
    let site = Site::start();
    let browser = Browser::start();
    let dir = std::env::temp_dir().join(format!("dmarc-lens-selectors-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let report = dir.join("weakdkim.xml");
    std::fs::write(
        &report,
        "<feedback><report_metadata><org_name>r.example</org_name><email>a@r.example</email>\
         <report_id>sel-1</report_id><date_range><begin>1700000000</begin><end>1700086399</end></date_range></report_metadata>\
         <policy_published><domain>weakdkim.test</domain><p>none</p></policy_published><record><row><source_ip>192.0.2.9</source_ip>\
         <count>3</count><policy_evaluated><disposition>none</disposition><dkim>pass</dkim><spf>fail</spf></policy_evaluated></row>\
         <identifiers><header_from>weakdkim.test</header_from></identifiers><auth_results><dkim><domain>weakdkim.test</domain>\
         <selector>old</selector><result>pass</result></dkim><spf><domain>weakdkim.test</domain><result>fail</result></spf></auth_results></record></feedback>",
    )
    .expect("write report");
    browser.goto(&site.url("#/reports"));
    let input = browser.wait_for("#report-files");
    browser.type_text(&input, &report.to_string_lossy());
    browser.wait_until("the report read", |b| b.texts("dd[data-total='files']") == ["1"]);

    let page = check(&browser, &site, &server, "d=weakdkim.test");
    let old = text(&browser, "#dkim .dkim-key[data-selector='old'] .key-state");
    assert!(old.contains("revoked"), "the selector from the report was probed: {old}");
    assert_same(&page, &native(&server, "weakdkim.test", &["old"], None));
    let _ = std::fs::remove_dir_all(&dir);
}
