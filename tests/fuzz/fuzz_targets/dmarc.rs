//! The DMARC parser and explainer on arbitrary bytes (read as UTF-8,
//! lossily): it must never panic, every span must sit inside the input on
//! character boundaries, a corrected record must explain without errors,
//! and the highlighter must cope with any result.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let explained = dmarc_lens::record::dmarc::explain(&text);
    for d in &explained.diagnostics {
        assert!(d.span.start <= d.span.end && d.span.end <= text.len());
        assert!(text.is_char_boundary(d.span.start) && text.is_char_boundary(d.span.end));
    }
    if let Some(fixed) = &explained.corrected {
        let again = dmarc_lens::record::dmarc::explain(fixed);
        assert!(!dmarc_lens::diag::has_errors(&again.diagnostics), "{fixed:?}");
    }
    let _ = dmarc_lens::diag::pieces(&text, &explained.diagnostics);
});
