//! How fast the Reports page reads reports in headless Chromium: every
//! `.xml` file in DIR goes through the page's file input to the worker, and
//! the wall time until the summary shows is printed with MB/s. Prints
//! numbers, asserts nothing about time. Needs the built site (`dist/`).
//!
//! `cargo run --release -p dmarc-lens-e2e --example worker_bench -- DIR [RECORDS]`
//!
//! Lines starting `BENCH|` are for `./x bench`'s table.

use std::time::Instant;

use dmarc_lens_e2e::{Browser, Site};

fn main() {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: worker_bench DIR (a folder of report files)");
        std::process::exit(2);
    };
    let mut files: Vec<std::path::PathBuf> = match std::fs::read_dir(&dir) {
        Ok(entries) => entries.filter_map(Result::ok).map(|e| e.path()).filter(|p| p.is_file()).collect(),
        Err(error) => {
            eprintln!("cannot read {dir}: {error}");
            std::process::exit(2);
        }
    };
    files.sort();
    let bytes: u64 = files.iter().filter_map(|p| std::fs::metadata(p).ok()).map(|m| m.len()).sum();
    // WebDriver wants absolute paths.
    let paths: Vec<String> = files
        .iter()
        .map(|p| std::path::absolute(p).unwrap_or_else(|_| p.clone()).to_string_lossy().to_string())
        .collect();

    let site = Site::start();
    let browser = Browser::start();
    browser.goto(&site.url("#/reports"));
    let input = browser.wait_for("#report-files");
    let started = Instant::now();
    browser.type_text(&input, &paths.join("\n"));
    let expected = files.len().to_string();
    browser.wait_until("the summary of every file", |b| {
        b.texts("dd[data-total='files']") == [expected.as_str()]
    });
    let elapsed = started.elapsed().as_secs_f64();
    let stat = |name: &str| -> f64 {
        let value = browser.execute(
            "const p = document.querySelector('p.stats'); return p ? p.getAttribute(arguments[0]) : null;",
            vec![serde_json::json!(name)],
        );
        value.as_str().and_then(|s| s.parse().ok()).unwrap_or(f64::NAN)
    };
    let (reading, summarising, wall, heap) =
        (stat("data-reading-ms"), stat("data-summarising-ms"), stat("data-wall-ms"), stat("data-heap-bytes"));
    let mb = bytes as f64 / 1e6;
    println!("in Chromium, {} files, {mb:.1} MB, through the Reports page's worker:", files.len());
    println!(
        "  worker reading (unpack, parse, fold): {:.2} s, {:.0} MB/s",
        reading / 1e3,
        mb / (reading / 1e3)
    );
    println!("  worker summary to JSON:               {:.2} s", summarising / 1e3);
    println!(
        "  worker wall time, first file to summary posted: {:.2} s, {:.0} MB/s",
        wall / 1e3,
        mb / (wall / 1e3)
    );
    println!("  page wall time, files chosen to summary shown:  {elapsed:.2} s, {:.0} MB/s", mb / elapsed);
    // The page's own part, from its User Timing marks (the last summary's).
    let mark = |name: &str| -> f64 {
        browser
            .execute(
                "const m = performance.getEntriesByName(arguments[0]); return m.length ? m[m.length - 1].startTime : null;",
                vec![serde_json::json!(name)],
            )
            .as_f64()
            .unwrap_or(f64::NAN)
    };
    let (received, parsed, shown) = (
        mark("dmarc-lens-summary-received"),
        mark("dmarc-lens-summary-parsed"),
        mark("dmarc-lens-summary-shown"),
    );
    println!(
        "  on the page: summary JSON parsed in {:.0} ms, then shown in {:.0} ms",
        parsed - received,
        shown - parsed
    );
    println!("BENCH|page: summary parsed and shown, Chromium|{:.0}|ms|", shown - received);
    println!("  worker peak memory (wasm heap): {:.0} MB", heap / 1e6);
    println!("BENCH|report reading, Chromium worker|{:.0}|MB/s|>= 120", mb / (reading / 1e3));
    // The number of records, when the caller knows it (the generated corpus).
    if let Some(records) = std::env::args().nth(2).and_then(|r| r.parse::<f64>().ok()) {
        println!("BENCH|report reading, Chromium worker|{:.0}|records/s|", records / (reading / 1e3));
    }
    println!("BENCH|page wall time for {mb:.0} MB, Chromium|{elapsed:.2}|s|");
    println!("BENCH|worker peak memory (wasm heap)|{:.0}|MB|", heap / 1e6);

    // The first render of a permalink: a fresh load of an Explain link, to
    // the app's `dmarc-lens-first-render` mark (ms after navigation start).
    let permalink = site
        .url("#/explain?r=v%3DDMARC1%3B%20p%3Dquarantine%3B%20pct%3D25%3B%20rua%3Dmailto%3Ad%40example.com");
    let mut times: Vec<f64> = (0..5)
        .filter_map(|_| {
            browser.goto("about:blank");
            browser.goto(&permalink);
            browser.wait_for(".summary");
            browser
                .execute(
                    "const m = performance.getEntriesByName('dmarc-lens-first-render'); return m.length ? m[0].startTime : null;",
                    vec![],
                )
                .as_f64()
        })
        .collect();
    times.sort_by(f64::total_cmp);
    if let Some(median) = times.get(times.len() / 2) {
        println!("  first render of an Explain permalink (median of {}): {median:.0} ms", times.len());
        println!("BENCH|first render of a permalink, Chromium|{median:.0}|ms|");
    }
}
