//! The hostile report files of `tests/hostile.rs` (bombs, billion laughs,
//! an external entity, nesting 100,000 deep, a 50 MB text node, invalid
//! UTF-8) chosen on the Reports page at once, in headless Chromium: the
//! page lists each with the outcome the core gives natively, its worker's
//! memory stays bounded (printed), and nothing in them runs.

#[path = "../../common/archive.rs"]
#[allow(dead_code)] // each test crate uses a different part of it
mod archive;
#[path = "../../common/hostile_inputs.rs"]
mod hostile_inputs;

use dmarc_lens::report::batch::Batch;
use dmarc_lens::report::unpack::Limits;
use dmarc_lens_e2e::{Browser, Site};
use serde_json::Value;

/// The most the worker's WebAssembly heap may grow to over all of them: the
/// 256 MB cap on what one file unpacks to, plus the reader's own room.
const HEAP_BOUND: f64 = 400e6;

#[test]
fn hostile_files_are_refused_or_read_in_the_browser_within_bounded_memory() {
    let dir = std::env::temp_dir().join(format!("dmarc-lens-hostile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a directory for the files");
    let files = hostile_inputs::files();
    // What the core says of each, read in the same order.
    let mut batch = Batch::new(Limits::default());
    let mut paths = Vec::new();
    for file in &files {
        batch.add_file(file.name, &file.bytes);
        let path = dir.join(file.name);
        std::fs::write(&path, &file.bytes).expect("write a hostile file");
        paths.push(path.display().to_string());
    }

    let site = Site::start();
    let browser = Browser::start();
    browser.goto(&site.url("#/reports"));
    let input = browser.wait_for("#report-files");
    browser.type_text(&input, &paths.join("\n"));
    browser.wait_until("every file listed and the reading done", |b| {
        b.texts("ul.files > li").len() == files.len() && b.find("p.stats").is_some()
    });
    let listed = browser.execute(
        "return Array.from(document.querySelectorAll('ul.files > li')).map(li =>
             [li.dataset.status, li.querySelector('code').textContent, li.textContent]);",
        vec![],
    );
    let listed = listed.as_array().cloned().unwrap_or_default();
    let heap: f64 = browser
        .execute("return document.querySelector('p.stats').dataset.heapBytes;", vec![])
        .as_str()
        .and_then(|h| h.parse().ok())
        .unwrap_or(f64::MAX);

    println!("\n{:<32} {:>12}  outcome on the page", "case", "bytes");
    for ((file, expected), shown) in files.iter().zip(batch.files()).zip(&listed) {
        let status = expected.status.as_str();
        let text = shown.get(2).and_then(Value::as_str).unwrap_or_default();
        println!(
            "{:<32} {:>12}  {}",
            file.case,
            file.bytes.len(),
            text.chars().take(100).collect::<String>()
        );
        assert_eq!(shown.get(0).and_then(Value::as_str), Some(status), "{}: {text}", file.case);
        assert_eq!(shown.get(1).and_then(Value::as_str), Some(file.name));
        if let Some(reason) = &expected.reason {
            assert!(
                text.contains(reason.as_str()),
                "{}: the page says {text:?}, the core {reason:?}",
                file.case
            );
        }
    }
    println!("the worker's heap after all of them: {:.0} MB (bound {:.0} MB)", heap / 1e6, HEAP_BOUND / 1e6);
    println!("BENCH|worker heap after the hostile files (bombs, 50 MB text node, ...)|{:.0}|MB|", heap / 1e6);
    assert!(heap <= HEAP_BOUND, "the worker's heap grew to {:.0} MB", heap / 1e6);
    assert_eq!(browser.execute("return window.__pwned === undefined;", vec![]), true);
    let _ = std::fs::remove_dir_all(&dir);
}
