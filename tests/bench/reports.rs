//! How fast dropped reports are read and summarised natively.
//!
//! A generator builds a corpus of aggregate reports with realistic spreads
//! (a few big aligned senders, a long tail of IPs, forwarders, spoofers,
//! several reporters and days), then the whole pipeline runs over it:
//! unpack, parse, fold into the summary. Prints MB/s and records/s; asserts
//! nothing about time. Budget: >= 300 MB/s native.
//!
//! `cargo bench --bench reports -- [REPORTS] [RECORDS_PER_REPORT] [--write DIR] [--reader-only | --pipeline-only | --parallel-only | --generate-only]`
//!
//! `--reader-only` stops after the XML reader's own line, and
//! `--pipeline-only` runs only the one-thread pipeline once,
//! `--parallel-only` only the pipeline on every core (and
//! `--generate-only` nothing but the generator, to subtract), for profilers
//! (`valgrind --tool=cachegrind` counts instructions, which a shared
//! machine's noise does not change).
//!
//! With `--write DIR` the generated reports are also written there as
//! `.xml` files, for the in-browser measurement (`./x bench`).

use std::hint::black_box;
use std::time::Instant;

use dmarc_lens::report::batch::Batch;
use dmarc_lens::report::unpack::Limits;

/// A tiny deterministic generator (xorshift), so runs compare.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

const REPORTERS: &[(&str, &str)] = &[
    ("google.com", "noreply-dmarc-support@google.com"),
    ("Yahoo", "dmarchelp@yahooinc.com"),
    ("Outlook.com", "dmarcreport@microsoft.com"),
    ("Mail.Ru", "dmarc_support@corp.mail.ru"),
    ("Fastmail Pty Ltd", "dmarc-reports@fastmail.com"),
];

fn record(rng: &mut Rng) -> String {
    let kind = rng.below(100);
    let (ip, count, dkim, spf, dkim_domain, spf_domain, spf_result) = match kind {
        // Big aligned senders.
        0..=59 => (
            format!("192.0.2.{}", rng.below(20)),
            1 + rng.below(500),
            "pass",
            "pass",
            "example.com",
            "example.com",
            "pass",
        ),
        // A third-party sender, authenticated but not aligned.
        60..=74 => (
            format!("198.51.100.{}", rng.below(50)),
            1 + rng.below(80),
            "fail",
            "fail",
            "sendgrid.net",
            "bounces.sendgrid.net",
            "pass",
        ),
        // Forwarders: DKIM survives, SPF fails.
        75..=84 => (
            format!("203.0.113.{}", rng.below(200)),
            1 + rng.below(5),
            "pass",
            "fail",
            "example.com",
            "forwarder.example",
            "fail",
        ),
        // Spoofers: a long tail of IPs.
        _ => (
            format!("10.{}.{}.{}", rng.below(256), rng.below(256), rng.below(256)),
            1 + rng.below(3),
            "fail",
            "fail",
            "spoof.example",
            "spoof.example",
            "fail",
        ),
    };
    let dkim_result = if dkim == "pass" || dkim_domain != "example.com" { "pass" } else { "fail" };
    format!(
        "<record><row><source_ip>{ip}</source_ip><count>{count}</count><policy_evaluated><disposition>none</disposition>\
         <dkim>{dkim}</dkim><spf>{spf}</spf></policy_evaluated></row><identifiers><header_from>example.com</header_from>\
         <envelope_from>{spf_domain}</envelope_from></identifiers><auth_results><dkim><domain>{dkim_domain}</domain>\
         <selector>s{}</selector><result>{dkim_result}</result></dkim><spf><domain>{spf_domain}</domain><scope>mfrom</scope>\
         <result>{spf_result}</result></spf></auth_results></record>\n",
        rng.below(3)
    )
}

fn report(rng: &mut Rng, index: usize, records: usize) -> Vec<u8> {
    let (org, email) = REPORTERS[index % REPORTERS.len()];
    let begin = 1_700_006_400 + (index as u64 / REPORTERS.len() as u64 % 30) * 86_400;
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feedback><version>1.0</version><report_metadata><org_name>{org}</org_name>\
         <email>{email}</email><report_id>{index}-{}</report_id><date_range><begin>{begin}</begin><end>{}</end></date_range>\
         </report_metadata><policy_published><domain>example.com</domain><adkim>r</adkim><aspf>r</aspf><p>none</p><sp>none</sp>\
         <pct>100</pct></policy_published>\n",
        rng.next(),
        begin + 86_399
    );
    for _ in 0..records {
        xml.push_str(&record(rng));
    }
    xml.push_str("</feedback>\n");
    xml.into_bytes()
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let numbers: Vec<usize> = args.iter().filter_map(|a| a.parse().ok()).collect();
    let write_to = args.iter().position(|a| a == "--write").and_then(|i| args.get(i + 1)).cloned();
    let reports = numbers.first().copied().unwrap_or(1_000);
    let per_report = numbers.get(1).copied().unwrap_or(300);
    let mut rng = Rng(0x5eed_1234_abcd_ef01);
    let started = Instant::now();
    let corpus: Vec<Vec<u8>> = (0..reports).map(|i| report(&mut rng, i, per_report)).collect();
    let bytes: usize = corpus.iter().map(Vec::len).sum();
    println!(
        "generated {reports} reports, {} records, {:.1} MB in {:.2} s",
        reports * per_report,
        bytes as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );

    if let Some(dir) = &write_to {
        let dir = std::path::Path::new(dir);
        if let Err(error) = std::fs::create_dir_all(dir) {
            eprintln!("cannot create {}: {error}", dir.display());
            std::process::exit(2);
        }
        for (i, xml) in corpus.iter().enumerate() {
            if let Err(error) = std::fs::write(dir.join(format!("report-{i:05}.xml")), xml) {
                eprintln!("cannot write to {}: {error}", dir.display());
                std::process::exit(2);
            }
        }
        println!("wrote them to {}", dir.display());
    }

    if args.iter().any(|a| a == "--generate-only") {
        return;
    }
    if args.iter().any(|a| a == "--pipeline-only") {
        run("one thread", &corpus, bytes, |batch| {
            for (i, xml) in corpus.iter().enumerate() {
                black_box(batch.add_file(&format!("report-{i}.xml"), xml));
            }
        });
        return;
    }
    if args.iter().any(|a| a == "--parallel-only") {
        run("all threads", &corpus, bytes, |batch| {
            black_box(batch.add_files_parallel(corpus.len(), |i| {
                (
                    format!("report-{i}.xml"),
                    std::borrow::Cow::Borrowed(corpus.get(i).map_or(&[][..], Vec::as_slice)),
                )
            }));
        });
        return;
    }
    // The XML reader alone, without unpacking or the summary: where the
    // time goes. The best of five rounds, since this machine is shared.
    let mut best = f64::MAX;
    let mut records = 0usize;
    for _ in 0..5 {
        let started = Instant::now();
        records = 0;
        for xml in &corpus {
            if let Ok((report, _)) = black_box(dmarc_lens::report::aggregate::read(xml)) {
                records += report.records.len();
            }
        }
        best = best.min(started.elapsed().as_secs_f64());
    }
    println!(
        "the aggregate XML reader alone, one thread, best of 5: {best:.3} s, {:.0} MB/s, {:.0} records/s",
        bytes as f64 / 1e6 / best,
        records as f64 / best
    );
    println!("BENCH|aggregate XML reader alone, native, one thread|{:.0}|MB/s|", bytes as f64 / 1e6 / best);

    if args.iter().any(|a| a == "--reader-only") {
        return;
    }
    let single = run("one thread", &corpus, bytes, |batch| {
        for (i, xml) in corpus.iter().enumerate() {
            black_box(batch.add_file(&format!("report-{i}.xml"), xml));
        }
    });
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let parallel = run(&format!("{threads} threads"), &corpus, bytes, |batch| {
        black_box(batch.add_files_parallel(corpus.len(), |i| {
            (
                format!("report-{i}.xml"),
                std::borrow::Cow::Borrowed(corpus.get(i).map_or(&[][..], Vec::as_slice)),
            )
        }));
    });
    if single != parallel {
        eprintln!("the parallel read gave a different summary");
        std::process::exit(1);
    }
    if let Some(mb) = peak_rss_mb() {
        let corpus_mb = bytes as f64 / 1e6;
        println!("peak memory of the whole run: {mb:.0} MB (the {corpus_mb:.0} MB corpus is held in memory)");
        println!("BENCH|native peak memory (corpus of {corpus_mb:.0} MB in memory)|{mb:.0}|MB|");
    }
}

/// Reads the corpus into a fresh batch with `read`; prints the numbers;
/// returns the summary's totals to compare runs.
fn run(label: &str, corpus: &[Vec<u8>], bytes: usize, read: impl Fn(&mut Batch)) -> String {
    let started = Instant::now();
    let mut batch = Batch::new(Limits::default());
    read(&mut batch);
    let view = black_box(batch.view());
    let elapsed = started.elapsed().as_secs_f64();
    println!(
        "read + summarised natively, {label}: {:.2} s, {:.0} MB/s, {:.0} records/s ({} reports, {} messages, {} sources, {:.1}% pass)",
        elapsed,
        bytes as f64 / 1e6 / elapsed,
        view.coverage.records as f64 / elapsed,
        corpus.len(),
        view.totals.messages,
        view.sources.len(),
        view.totals.dmarc_pass as f64 * 100.0 / view.totals.messages.max(1) as f64
    );
    println!("BENCH|report reading, native, {label}|{:.0}|MB/s|>= 300", bytes as f64 / 1e6 / elapsed);
    println!(
        "BENCH|report reading, native, {label}|{:.0}|records/s|",
        view.coverage.records as f64 / elapsed
    );
    format!("{:?} {:?}", view.totals, view.coverage)
}

/// The most memory this process held (Linux `VmHWM`), in MB.
fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}
