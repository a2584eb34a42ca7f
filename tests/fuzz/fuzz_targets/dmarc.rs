//! The DMARC explainer on arbitrary bytes (read as UTF-8, lossily): it must
//! never panic, every span must sit inside the input on character
//! boundaries, and the highlighter and text renderer must cope with any
//! result.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let explanation = dmarc_lens::record::explain(&text);
    for d in &explanation.diagnostics {
        assert!(d.span.start <= d.span.end && d.span.end <= text.len());
        assert!(text.is_char_boundary(d.span.start) && text.is_char_boundary(d.span.end));
    }
    let _ = dmarc_lens::diag::pieces(&text, &explanation.diagnostics);
    let _ = dmarc_lens::record::render::text(&explanation);
    let _ = explanation.to_json();
});
