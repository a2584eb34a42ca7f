//! The TLS-RPT report reader on arbitrary bytes: it must never panic, it
//! returns a report or a refusal, every span sits inside the input, and the
//! summary copes with whatever was read.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    match dmarc_lens::report::tls_rpt::read(data) {
        Ok((report, diagnostics)) => {
            for d in &diagnostics {
                assert!(d.span.start <= d.span.end && d.span.end <= data.len());
            }
            let summary = dmarc_lens::report::tls_rpt::summarize(&report);
            assert_eq!(summary.len(), report.policies.len());
        }
        Err(refusal) => assert!(refusal.diagnostic.span.end <= data.len()),
    }
});
