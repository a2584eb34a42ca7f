//! How fast `explain` is on large pasted text, one line per input kind.
//!
//! Run with `./x bench` (or `cargo bench --bench explain`). Prints numbers;
//! it asserts nothing about time, so it can never flake. The budget it
//! reports against: 1 MB explains in under a second natively.

use std::hint::black_box;
use std::time::{Duration, Instant};

use dmarc_lens::record::explain;

const MB: usize = 1 << 20;

/// Repeats `unit` (joined by `sep`) until the text is about `size` bytes.
fn fill(head: &str, unit: &str, sep: &str, size: usize) -> String {
    let mut text = String::with_capacity(size + unit.len() * 2);
    text.push_str(head);
    let mut i = 0usize;
    while text.len() < size {
        text.push_str(&unit.replace("{i}", &i.to_string()));
        text.push_str(sep);
        i += 1;
    }
    text
}

fn inputs() -> Vec<(&'static str, String)> {
    vec![
        (
            "typical DMARC record",
            "v=DMARC1; p=quarantine; pct=25; rua=mailto:dmarc@example.com; fo=1".to_string(),
        ),
        (
            "typical SPF record",
            "v=spf1 include:_spf.google.com include:sendgrid.net ip4:192.0.2.0/24 mx -all".to_string(),
        ),
        ("DMARC, 1 MB of tags", fill("v=DMARC1; p=none; ", "x{i}=value", "; ", MB)),
        ("DMARC, 1 MB rua list", fill("v=DMARC1; p=none; rua=", "mailto:r{i}@example.com", ",", MB)),
        ("SPF, 1 MB of terms", fill("v=spf1 ", "ip4:192.0.2.{i}", " ", MB)),
        (
            "DKIM, 1 MB key",
            fill("v=DKIM1; k=rsa; p=", "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA", "", MB),
        ),
        (
            "zone file, 1 MB of lines",
            fill(
                "",
                "_dmarc.d{i}.example. 300 IN TXT \"v=DMARC1; p=none; \" \"rua=mailto:d@example.com\"",
                "\n",
                MB,
            ),
        ),
        (
            "headers, 1 MB",
            fill("From: a@example.com\n", "Received: from relay{i}.example.net by mx.example.org", "\n", MB),
        ),
    ]
}

fn main() {
    // `cargo bench` passes `--bench`; any other argument filters by name.
    let filter: Option<String> = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    println!(
        "{:<28} {:>10} {:>8} {:>12} {:>10} {:>12}",
        "input", "bytes", "runs", "time/run", "MB/s", "findings"
    );
    for (name, text) in inputs() {
        if filter.as_ref().is_some_and(|f| !name.contains(f.as_str())) {
            continue;
        }
        // Enough runs for a stable mean, bounded in time.
        let mut runs = 0u32;
        let mut findings = 0usize;
        let started = Instant::now();
        while runs < 3 || (started.elapsed() < Duration::from_millis(500) && runs < 10_000) {
            let e = black_box(explain(black_box(&text)));
            findings = e.diagnostics.len() + e.records.iter().map(|r| r.diagnostics.len()).sum::<usize>();
            runs += 1;
        }
        let per_run = started.elapsed() / runs;
        let mb_s = text.len() as f64 / MB as f64 / per_run.as_secs_f64();
        println!(
            "{name:<28} {:>10} {runs:>8} {:>9.3} ms {mb_s:>10.1} {findings:>12}",
            text.len(),
            per_run.as_secs_f64() * 1e3
        );
        println!("BENCH|explain: {name}|{:.3}|ms|", per_run.as_secs_f64() * 1e3);
    }
}
