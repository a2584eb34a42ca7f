//! The failure-report (ARF) readers on arbitrary bytes: the feedback-report
//! fields never panic and every span sits inside the part; combining parts
//! copes with any of them missing; the Content-Type check takes any text.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (_, diagnostics) = dmarc_lens::report::failure::read_feedback_fields(data);
    for d in &diagnostics {
        assert!(d.span.start <= d.span.end && d.span.end <= data.len());
    }
    let half = data.len() / 2;
    let (first, second) = data.split_at(half);
    let report = dmarc_lens::report::failure::from_parts(Some(first), Some(second), Some(data));
    assert!(report.diagnostics.iter().all(|d| d.span.end <= first.len()));
    let _ = dmarc_lens::report::failure::from_parts(None, None, Some(data));
    let _ = dmarc_lens::report::failure::container_diagnostics(&String::from_utf8_lossy(data));
});
