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
use archive::{gz, Zip};
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

/// A zip of `(name, data)` members, deflated.
fn zip(members: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut zip = Zip::default();
    for (name, data) in members {
        zip.add_deflated(name, data);
    }
    zip.finish()
}

const REPORT_HEAD: &str = "<?xml version=\"1.0\"?><feedback><report_metadata><org_name>x</org_name>\
    <email>r@x.example</email><report_id>1</report_id><date_range><begin>1700000000</begin>\
    <end>1700086400</end></date_range></report_metadata><policy_published><domain>example.com</domain>\
    <p>none</p></policy_published>";

fn record(ip: &str) -> String {
    format!(
        "<record><row><source_ip>{ip}</source_ip><count>1</count><policy_evaluated><disposition>none\
         </disposition><dkim>fail</dkim><spf>fail</spf></policy_evaluated></row><identifiers>\
         <header_from>example.com</header_from></identifiers><auth_results><spf><domain>example.com</domain>\
         <result>fail</result></spf></auth_results></record>"
    )
}

fn read(name: &str, bytes: &[u8]) -> FileOutcome {
    let mut batch = Batch::new(Limits::default());
    batch.add_file(name, bytes);
    batch.files().first().cloned().expect("one file outcome")
}

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

    // Bombs. 256 MB of zeros gzipped is a quarter of a megabyte.
    let zeros = vec![0u8; 256 * MB];
    let bomb = gz(&zeros);
    let zip_bomb = zip(&[("report.xml".to_string(), zeros)]);
    case("gzip bomb (256 MB of zeros)", "bomb.xml.gz", bomb.clone(), 300 * MB, &refused_because("limit"));
    case("zip bomb (256 MB member)", "bomb.zip", zip_bomb, 300 * MB, &refused_because("limit"));
    let mut nested = gz(b"<feedback/>");
    for _ in 0..20 {
        nested = gz(&nested);
    }
    case("gzip nested 21 deep", "nested.xml.gz", nested, 16 * MB, &refused_because("deep"));
    case("gzip of a gzip bomb", "bomb.xml.gz.gz", gz(&bomb), 300 * MB, &refused_because("limit"));
    let members: Vec<(String, Vec<u8>)> = (0..10_000)
        .map(|i| {
            (
                format!("r{i}.xml"),
                format!("{REPORT_HEAD}{}</feedback>", record("192.0.2.1"))
                    .replace("<report_id>1<", &format!("<report_id>{i}<"))
                    .into_bytes(),
            )
        })
        .collect();
    case("zip with 10,000 members", "many.zip", zip(&members), 256 * MB, &|f| {
        assert_eq!(f.status, Status::Ok);
        let counted = f.documents.iter().filter(|d| d.status == Status::Ok).count();
        assert_eq!(
            (f.documents.len(), counted),
            (10_000, 10_000),
            "every member is a report: {:?}",
            f.documents.iter().find(|d| d.status != Status::Ok)
        );
    });
    let members: Vec<(String, Vec<u8>)> =
        (0..10_001).map(|i| (format!("r{i}.xml"), b"<feedback/>".to_vec())).collect();
    case("zip with 10,001 members", "too-many.zip", zip(&members), 64 * MB, &refused_because("10000"));

    // Hostile XML.
    let laughs = format!(
        "<?xml version=\"1.0\"?><!DOCTYPE feedback [<!ENTITY lol \"lol\">{}]>{}<extra>&lol9;</extra>{}</feedback>",
        (1..10).map(|i| format!("<!ENTITY lol{i} \"{}\">", format!("&lol{};", i - 1).repeat(10).replace("&lol0;", "&lol;"))).collect::<String>(),
        REPORT_HEAD,
        record("192.0.2.1")
    );
    case("billion laughs", "laughs.xml", laughs.into_bytes(), 8 * MB, &|f| {
        assert!(f.status != Status::Duplicate);
        let text = format!("{f:?}");
        assert!(!text.contains("lollollol"), "an entity was expanded");
    });
    let external = format!(
        "<?xml version=\"1.0\"?><!DOCTYPE feedback [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>{REPORT_HEAD}\
         <extra>&x;</extra>{}</feedback>",
        record("192.0.2.1")
    );
    case("external entity", "xxe.xml", external.into_bytes(), 8 * MB, &|f| {
        assert!(!format!("{f:?}").contains("root:"), "a file was read");
    });
    let deep = format!("{REPORT_HEAD}{}{}</feedback>", "<a>".repeat(100_000), "</a>".repeat(100_000));
    case("nesting 100,000 deep", "deep.xml", deep.into_bytes(), 32 * MB, &refused_because("deep"));
    let big_text =
        format!("{REPORT_HEAD}<extra>{}</extra>{}</feedback>", "x".repeat(50 * MB), record("192.0.2.1"));
    case("a 50 MB text node", "big.xml", big_text.into_bytes(), 160 * MB, &|f| {
        assert_eq!(f.status, Status::Ok, "{:?}", f.reason);
    });
    let mut invalid = format!("{REPORT_HEAD}{}</feedback>", record("192.0.2.1")).into_bytes();
    for i in (0..invalid.len()).step_by(7) {
        if invalid[i].is_ascii_alphanumeric() {
            invalid[i] = 0xff;
        }
    }
    case("invalid UTF-8 everywhere", "invalid.xml", invalid, 8 * MB, &|f| {
        assert!(!f.diagnostics.is_empty() || f.reason.is_some(), "said something about it");
    });

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
