//! The BIMI explainer on arbitrary bytes (read as UTF-8, lossily): it
//! must never panic, every span must sit inside the input on character
//! boundaries, and a corrected record, when offered, must explain without
//! errors.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let explained = dmarc_lens::record::bimi::explain(&text);
    for d in &explained.diagnostics {
        assert!(d.span.start <= d.span.end && d.span.end <= text.len());
        assert!(text.is_char_boundary(d.span.start) && text.is_char_boundary(d.span.end));
    }
    if let Some(fixed) = &explained.corrected {
        assert!(!dmarc_lens::diag::has_errors(&dmarc_lens::record::bimi::explain(fixed).diagnostics));
    }
    let _ = dmarc_lens::diag::pieces(&text, &explained.diagnostics);
});
