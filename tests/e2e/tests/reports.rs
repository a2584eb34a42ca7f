//! The Reports page in headless Chromium: files through the file input, read
//! by the worker, summarised on the page, exported; hostile report fields
//! shown as text.

use dmarc_lens_e2e::{corpus, Browser, Site};

#[test]
fn three_files_give_totals_a_chart_readiness_and_an_export() {
    let site = Site::start();
    let browser = Browser::start();
    browser.goto(&site.url("#/reports"));
    let input = browser.wait_for("#report-files");
    let files = [
        corpus("cry-inc-dmarc-report-viewer/testdata/dmarc-reports/google.xml"),
        corpus("parsedmarc/samples/aggregate/fastmail.com!example.com!1516060800!1516147199!102675056.xml.gz"),
        corpus("parsedmarc/samples/aggregate/estadocuenta1.infonacot.gob.mx!example.com!1536853302!1536939702!2940.xml.zip"),
    ];
    browser.type_text(&input, &files.join("\n"));
    browser.wait_for("dd[data-total='files']");
    assert_eq!(browser.texts("dd[data-total='files']"), vec!["3".to_string()]);
    assert_eq!(browser.texts("dd[data-total='reports']"), vec!["3".to_string()]);
    let statuses = browser.texts(".files > li > strong");
    assert_eq!(statuses, vec!["ok", "ok", "ok"]);

    // The readiness panel says whether the next step is supported, with its criteria.
    // The latest policy in these reports is p=reject.
    assert_eq!(browser.texts("#readiness-title"), vec!["At p=reject".to_string()]);
    assert_eq!(browser.texts(".criteria li").len(), 3);
    // A chart with a bar per day, and the sources table.
    assert!(!browser.texts(".daily-chart g title").is_empty());
    assert!(!browser.texts("table.sources tbody tr").is_empty());
    // The biggest sources as bars, each labelled with its IP and class, in
    // the table's order (by volume).
    let bars = browser.texts(".top-sources-chart g text");
    let table_ips = browser.texts("table.sources tbody th");
    assert!(!bars.is_empty() && bars.len() <= 10);
    for (bar, ip) in bars.iter().zip(&table_ips) {
        assert!(bar.starts_with(ip.as_str()), "bar {bar:?} for {ip:?}");
    }
    // How long reading took on this device, and the reader's memory.
    let stats = browser.texts("p.stats");
    assert!(
        stats.len() == 1 && stats[0].starts_with("Read ") && stats[0].contains("MB of memory"),
        "{stats:?}"
    );

    // Sources sort by a click on a column header.
    let by_volume = browser.texts("table.sources tbody th");
    let sort = browser.find("button.sort[data-sort='Source IP']").expect("a sort button");
    browser.click(&sort);
    browser.wait_until("the table sorted by IP", |b| {
        b.execute("return document.querySelector(\"th[aria-sort='ascending'] button\")?.textContent;", vec![])
            == "Source IP"
    });
    let by_ip = browser.texts("table.sources tbody th");
    let mut expected = by_volume.clone();
    expected.sort();
    assert_eq!(by_ip, expected);

    // Export CSV: the browser downloads it, and a link to it stays on the page.
    let export = browser.find("button.export[data-format='csv']").expect("an export button");
    browser.click(&export);
    browser.wait_for("a.export-link");
    assert_eq!(browser.texts("a.export-link"), vec!["dmarc-aggregate.csv".to_string()]);
    let csv = String::from_utf8(browser.downloaded("dmarc-aggregate.csv")).expect("UTF-8 CSV");
    assert!(csv.starts_with("xml_schema,org_name,org_email"), "{}", &csv[..csv.len().min(200)]);
    let rows = csv.lines().count() - 1;
    assert!(rows >= 3, "a row per record, got {rows}");
}

#[test]
fn hostile_report_fields_render_as_text() {
    let site = Site::start();
    let browser = Browser::start();
    let dir = std::env::temp_dir().join(format!("dmarc-lens-xss-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("<img src=x onerror=window.__pwned=1>.xml");
    std::fs::write(
        &path,
        "<feedback><report_metadata><org_name>&lt;script&gt;window.__pwned=2&lt;/script&gt;</org_name><email>a@b.example</email>\
         <report_id>x1</report_id><date_range><begin>1700000000</begin><end>1700086399</end></date_range></report_metadata>\
         <policy_published><domain>example.com</domain><p>none</p></policy_published><record><row><source_ip>192.0.2.1</source_ip>\
         <count>1</count><policy_evaluated><disposition>none</disposition><dkim>fail</dkim><spf>fail</spf></policy_evaluated></row>\
         <identifiers><header_from>&lt;img src=x onerror=\"window.__pwned=3\"&gt;</header_from></identifiers><auth_results>\
         <spf><domain>example.com</domain><result>fail</result></spf></auth_results></record></feedback>",
    )
    .expect("write report");
    browser.goto(&site.url("#/reports"));
    let input = browser.wait_for("#report-files");
    browser.type_text(&input, &path.to_string_lossy());
    browser.wait_for("dd[data-total='files']");
    let result = browser.execute(
        "return [window.__pwned === undefined, document.querySelectorAll('main img, main script').length, document.querySelector('.files code').textContent];",
        vec![],
    );
    assert_eq!(result[0], true);
    assert_eq!(result[1], 0);
    assert_eq!(result[2], "<img src=x onerror=window.__pwned=1>.xml");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn tls_and_failure_reports_are_shown_with_explanations() {
    let site = Site::start();
    let browser = Browser::start();
    browser.goto(&site.url("#/reports"));
    let input = browser.wait_for("#report-files");
    let files = [corpus("mail-auth/resources/tlsrpt/rpt01.eml"), corpus("mail-auth/resources/arf/004.eml")];
    browser.type_text(&input, &files.join("\n"));
    browser.wait_for(".tls-report");
    assert_eq!(browser.texts(".tls-report h3"), vec!["From Company-X".to_string()]);
    let policy = browser.texts(".tls-report > ul > li").concat();
    assert!(policy.contains("5326 sessions succeeded, 303 failed"), "{policy}");
    let expired = dmarc_lens::report::tls_rpt::explain_result_type("certificate-expired");
    assert!(policy.contains(&format!("certificate-expired \u{00d7} 100. {expired}")), "{policy}");
    let failure = browser.texts(".failure-report").concat();
    assert!(failure.starts_with("interpublication.org from 148.163.85.135: dmarc failed"), "{failure}");
    let headers = browser.execute("return document.querySelector('.original-headers').textContent;", vec![]);
    assert!(headers.as_str().unwrap_or("").starts_with("Authentication-Results: box.mydomain.name;"));
}

#[test]
fn kept_reports_come_back_on_the_next_visit_until_forgotten() {
    let site = Site::start();
    let browser = Browser::start();
    browser.goto(&site.url("#/reports"));
    let keep = browser.wait_for("#keep-reports");
    assert_eq!(browser.property(&keep, "checked"), false);
    browser.click(&keep);
    let input = browser.wait_for("#report-files");
    browser.type_text(&input, &corpus("cry-inc-dmarc-report-viewer/testdata/dmarc-reports/google.xml"));
    browser.wait_until("the summary", |b| b.texts("dd[data-total='files']") == ["1"]);
    // The page says when the file is safely stored.
    browser.wait_until("the file kept", |b| b.texts(".kept").concat().contains("1 file(s) kept"));

    // A new visit: the kept file is read again by itself.
    browser.execute("location.reload();", vec![]);
    browser.wait_until("the history read again", |b| b.texts("dd[data-total='files']") == ["1"]);
    let keep = browser.wait_for("#keep-reports");
    assert_eq!(browser.property(&keep, "checked"), true);

    // Unticking forgets: the next visit starts empty.
    browser.click(&keep);
    browser.wait_until("forgotten", |b| b.texts(".status").concat().starts_with("Forgotten"));
    browser.execute("location.reload();", vec![]);
    let keep = browser.wait_for("#keep-reports");
    assert_eq!(browser.property(&keep, "checked"), false);
    let stored = browser.execute(
        "return new Promise(done => { const r = indexedDB.open('dmarc-lens'); r.onsuccess = () => { const t = r.result.transaction('report-files').objectStore('report-files').count(); t.onsuccess = () => done(t.result); }; });",
        vec![],
    );
    assert_eq!(stored, 0);
    assert!(browser.texts("dd[data-total='files']").is_empty());
}

#[test]
fn a_chosen_folder_is_read_with_everything_in_it() {
    let site = Site::start();
    let browser = Browser::start();
    let dir = std::env::temp_dir().join(format!("dmarc-lens-folder-{}", std::process::id()));
    let inner = dir.join("2018").join("january");
    std::fs::create_dir_all(&inner).expect("temp dirs");
    let copy = |from: &str, to: &std::path::Path| {
        std::fs::copy(corpus(from), to).unwrap_or_else(|e| panic!("{from}: {e}"));
    };
    copy("cry-inc-dmarc-report-viewer/testdata/dmarc-reports/google.xml", &dir.join("google.xml"));
    copy(
        "parsedmarc/samples/aggregate/fastmail.com!example.com!1516060800!1516147199!102675056.xml.gz",
        &inner.join("fastmail.xml.gz"),
    );
    browser.goto(&site.url("#/reports"));
    let input = browser.wait_for("#report-folder");
    browser.type_text(&input, &dir.to_string_lossy());
    browser.wait_until("the folder's two files read", |b| b.texts("dd[data-total='files']") == ["2"]);
    assert_eq!(browser.texts(".files > li > strong"), vec!["ok", "ok"]);
    assert_eq!(browser.texts("dd[data-total='reports']"), vec!["2".to_string()]);
    let _ = std::fs::remove_dir_all(&dir);
}

/// A report with 120 aligned senders of 10 messages each and 150
/// forwarders of 5 (DKIM passes for their own domain): every forwarder
/// blocks the next step, and none is among the table's first 100 rows.
fn many_forwarders_report() -> String {
    let mut xml = String::from(
        "<feedback><report_metadata><org_name>big.example</org_name><email>r@big.example</email>\
         <report_id>many-1</report_id><date_range><begin>1700000000</begin><end>1700086399</end></date_range>\
         </report_metadata><policy_published><domain>example.com</domain><p>none</p></policy_published>",
    );
    let record = |ip: String, count: u32, ok: &str, dkim_domain: &str| {
        format!(
            "<record><row><source_ip>{ip}</source_ip><count>{count}</count><policy_evaluated><disposition>none</disposition>\
             <dkim>{ok}</dkim><spf>{ok}</spf></policy_evaluated></row><identifiers><header_from>example.com</header_from>\
             </identifiers><auth_results><dkim><domain>{dkim_domain}</domain><selector>s1</selector><result>pass</result></dkim>\
             <spf><domain>{dkim_domain}</domain><result>pass</result></spf></auth_results></record>"
        )
    };
    for i in 0..120 {
        xml.push_str(&record(format!("10.1.0.{}", i + 1), 10, "pass", "example.com"));
    }
    for i in 0..150 {
        xml.push_str(&record(format!("10.2.{}.{}", i / 100, i % 100 + 1), 5, "fail", "forwarder.example"));
    }
    xml.push_str("</feedback>");
    xml
}

#[test]
fn a_long_blocking_list_names_the_biggest_and_each_link_reaches_its_row() {
    let xml = many_forwarders_report();
    // The core's own verdict: every forwarder blocks.
    let mut batch = dmarc_lens::report::batch::Batch::new(dmarc_lens::report::unpack::Limits::default());
    batch.add_file("many.xml", xml.as_bytes());
    let blocking = batch.view().readiness.blocking;
    assert_eq!(blocking.len(), 150);

    let dir = std::env::temp_dir().join(format!("dmarc-lens-many-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("many.xml");
    std::fs::write(&path, &xml).expect("write report");
    let site = Site::start();
    let browser = Browser::start();
    browser.goto(&site.url("#/reports"));
    let input = browser.wait_for("#report-files");
    browser.type_text(&input, &path.to_string_lossy());
    browser.wait_for("dd[data-total='files']");

    // The 20 biggest, in the core's order and words, then a count of the rest.
    let listed = browser.texts(".readiness ul.fixes li");
    assert_eq!(listed, blocking[..20].to_vec());
    let more = browser.texts(".readiness p.more");
    assert_eq!(more.len(), 1);
    assert!(more[0].starts_with("\u{2026}and 130 more sources"), "{more:?}");

    // The table: its first 100 rows, plus the 20 the panel names.
    assert_eq!(browser.texts("table.sources tbody tr").len(), 120);
    // The last named forwarder's link scrolls its row into view.
    let last_ip = blocking[19].split(' ').next().expect("an IP").to_string();
    let links = browser.texts(".readiness ul.fixes li a");
    assert_eq!(links.last(), Some(&last_ip));
    let link = browser.find(".readiness ul.fixes li:last-child a").expect("the link");
    browser.click(&link);
    browser.wait_until("the row in view", |b| {
        b.execute(
            "const r = document.getElementById('source-' + arguments[0]); if (!r) return false; \
             const box = r.getBoundingClientRect(); return box.top >= 0 && box.bottom <= window.innerHeight;",
            vec![serde_json::json!(last_ip)],
        ) == true
    });
    let _ = std::fs::remove_dir_all(&dir);
}
