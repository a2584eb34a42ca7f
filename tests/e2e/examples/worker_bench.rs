//! How fast the Reports page reads reports in headless Chromium: every
//! `.xml` file in DIR goes through the page's file input to the worker, and
//! the wall time until the summary shows is printed with MB/s. Prints
//! numbers, asserts nothing about time. Needs the built site (`dist/`).
//!
//! `cargo run --release -p dmarc-lens-e2e --example worker_bench -- DIR`

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
    let paths: Vec<String> = files.iter().map(|p| p.to_string_lossy().to_string()).collect();

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
    let heap =
        browser.execute("return performance.memory ? performance.memory.usedJSHeapSize : null;", vec![]);
    println!(
        "in Chromium (worker): {} files, {:.1} MB in {:.2} s: {:.0} MB/s (page JS heap after: {} MB; the worker's own memory is not measured)",
        files.len(),
        bytes as f64 / 1e6,
        elapsed,
        bytes as f64 / 1e6 / elapsed,
        heap.as_f64().map_or_else(|| "n/a".to_string(), |h| format!("{:.0}", h / 1e6))
    );
}
