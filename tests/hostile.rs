//! The hostile input suite: bombs, hostile XML and pathological records,
//! each read within the limits, with the reader's peak memory measured by a
//! counting allocator and printed (`cargo test --test hostile -- --nocapture`
//! shows the table). Nothing here may crash, hang or take memory out of
//! proportion to the limits.
//!
//! The cases run one after another in a single test, so the allocator's
//! peak belongs to one case at a time.

#[path = "common/archive.rs"]
#[allow(dead_code)] // each test crate uses a different part of it
mod archive;
#[path = "common/hostile_inputs.rs"]
mod hostile_inputs;
use hostile_inputs::files;
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use dmarc_lens::report::batch::{Batch, FileOutcome, Status};
use dmarc_lens::report::unpack::Limits;

struct Counting;

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is passed to the system allocator unchanged; only the
// byte counts around it are added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let now = CURRENT.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        CURRENT.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            if new_size >= layout.size() {
                let now =
                    CURRENT.fetch_add(new_size - layout.size(), Ordering::Relaxed) + new_size - layout.size();
                PEAK.fetch_max(now, Ordering::Relaxed);
            } else {
                CURRENT.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
            }
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

const MB: usize = 1 << 20;

/// Runs `f`, returning its result and the most memory it held at once
/// beyond what was held before.
fn measured<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let before = CURRENT.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let out = f();
    (out, PEAK.load(Ordering::Relaxed).saturating_sub(before))
}

fn read(name: &str, bytes: &[u8]) -> FileOutcome {
    let mut batch = Batch::new(Limits::default());
    batch.add_file(name, bytes);
    batch.files().first().cloned().expect("one file outcome")
}

/// What must come of reading one hostile file.
type Check = Box<dyn Fn(&FileOutcome)>;

struct Row {
    case: &'static str,
    input: usize,
    peak: usize,
    outcome: String,
}

fn outcome(file: &FileOutcome) -> String {
    match file.status {
        Status::Refused => format!("refused: {}", file.reason.clone().unwrap_or_default()),
        Status::Ok => format!("read: {} report(s), {} finding(s)", file.reports, file.diagnostics.len()),
        Status::Duplicate => "duplicate".to_string(),
    }
}

#[test]
fn hostile_inputs_are_refused_or_read_within_bounded_memory() {
    let mut rows: Vec<Row> = Vec::new();
    let mut case =
        |case: &'static str, name: &str, bytes: Vec<u8>, bound: usize, check: &dyn Fn(&FileOutcome)| {
            let (file, peak) = measured(|| read(name, &bytes));
            check(&file);
            assert!(peak <= bound, "{case}: peak {} MB over the bound of {} MB", peak / MB, bound / MB);
            rows.push(Row { case, input: bytes.len(), peak, outcome: outcome(&file) });
        };
    let refused_because = |words: &'static str| {
        move |f: &FileOutcome| {
            assert_eq!(f.status, Status::Refused, "{:?}", f.reason);
            let reason = f.reason.clone().unwrap_or_default();
            assert!(reason.contains(words), "{reason}");
        }
    };

    // Bombs (256 MB of zeros gzipped is a quarter of a megabyte), then
    // hostile XML: each with its bound on the reader's memory and what must
    // come of it.
    for hostile in files() {
        let (bound, check): (usize, Check) = match hostile.name {
            "bomb.xml.gz" | "bomb.zip" | "bomb.xml.gz.gz" => (300 * MB, Box::new(refused_because("limit"))),
            "nested.xml.gz" => (16 * MB, Box::new(refused_because("deep"))),
            "many.zip" => (
                256 * MB,
                Box::new(|f: &FileOutcome| {
                    assert_eq!(f.status, Status::Ok);
                    let counted = f.documents.iter().filter(|d| d.status == Status::Ok).count();
                    assert_eq!(
                        (f.documents.len(), counted),
                        (10_000, 10_000),
                        "every member is a report: {:?}",
                        f.documents.iter().find(|d| d.status != Status::Ok)
                    );
                }),
            ),
            "too-many.zip" => (64 * MB, Box::new(refused_because("10000"))),
            "laughs.xml" => (
                8 * MB,
                Box::new(|f: &FileOutcome| {
                    assert!(f.status != Status::Duplicate);
                    assert!(!format!("{f:?}").contains("lollollol"), "an entity was expanded");
                }),
            ),
            "xxe.xml" => (
                8 * MB,
                Box::new(|f: &FileOutcome| assert!(!format!("{f:?}").contains("root:"), "a file was read")),
            ),
            "deep.xml" => (32 * MB, Box::new(refused_because("deep"))),
            "big.xml" => {
                (160 * MB, Box::new(|f: &FileOutcome| assert_eq!(f.status, Status::Ok, "{:?}", f.reason)))
            }
            "invalid.xml" => (
                8 * MB,
                Box::new(|f: &FileOutcome| {
                    assert!(!f.diagnostics.is_empty() || f.reason.is_some(), "said something about it")
                }),
            ),
            other => panic!("no expectation for {other}"),
        };
        case(hostile.case, hostile.name, hostile.bytes, bound, &*check);
    }

    println!("\n{:<32} {:>12} {:>12}  outcome", "case", "input bytes", "peak MB");
    for r in &rows {
        let outcome: String = r.outcome.chars().take(90).collect();
        println!("{:<32} {:>12} {:>12.1}  {outcome}", r.case, r.input, r.peak as f64 / MB as f64);
    }

    // Pathological records through the Explain engine.
    let mut records = Vec::new();
    let huge = format!("v=DMARC1; p=none; rua=mailto:{}@example.com", "a".repeat(MB));
    let tags = format!("v=DMARC1; p=none{}", (0..100_000).map(|i| format!("; x{i}=y")).collect::<String>());
    let macros = format!("v=spf1 exists:{}.example.com -all", "%{ir}.%{l1r+-}.%{d4}".repeat(20_000));
    let spf_terms = format!(
        "v=spf1 {} -all",
        (0..100_000).map(|i| format!("ip4:192.0.2.{} ", i % 256)).collect::<String>()
    );
    for (case, text) in [
        ("a 1 MB DMARC record", huge),
        ("100,000 DMARC tags", tags),
        ("60,000 SPF macros", macros),
        ("100,000 SPF terms", spf_terms),
    ] {
        let (explanation, peak) = measured(|| dmarc_lens::record::explain(&text));
        assert!(!explanation.diagnostics.is_empty(), "{case}: something is said");
        assert!(peak < 512 * MB, "{case}: peak {} MB", peak / MB);
        records.push((case, text.len(), peak, explanation.diagnostics.len()));
    }
    println!("\n{:<32} {:>12} {:>12}  findings", "record", "bytes", "peak MB");
    for (case, len, peak, findings) in records {
        println!("{case:<32} {len:>12} {:>12.1}  {findings}", peak as f64 / MB as f64);
    }
}
