//! The aggregate report reader on arbitrary bytes: it must never panic,
//! every span must sit inside the input, a refusal must give a reason, and
//! the record cap must hold. (Needs a `[[bin]] name = "aggregate"` entry in
//! tests/fuzz/Cargo.toml to run.)
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let options = dmarc_lens::report::aggregate::ReadOptions { max_records: 1_000, ..Default::default() };
    match dmarc_lens::report::aggregate::read_with(data, &options) {
        Ok((report, diagnostics)) => {
            for d in &diagnostics {
                assert!(d.span.start <= d.span.end && d.span.end <= data.len(), "{d:?}");
            }
            assert!(report.records.len() <= 1_000);
            let _ = report.message_count();
        }
        Err(refusal) => {
            assert!(!refusal.reason.is_empty());
            for d in &refusal.diagnostics {
                assert!(d.span.start <= d.span.end && d.span.end <= data.len(), "{d:?}");
            }
        }
    }
});
