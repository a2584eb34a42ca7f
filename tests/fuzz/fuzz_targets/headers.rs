//! The header explainer on arbitrary bytes (read as UTF-8, lossily): it
//! must never panic, every span must sit inside the input on character
//! boundaries, and the highlighter must cope with any result.
//!
//! Needs a `[[bin]] name = "headers"` entry in `tests/fuzz/Cargo.toml`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let explanation = dmarc_lens::headers::explain(&text);
    for d in &explanation.diagnostics {
        assert!(d.span.start <= d.span.end && d.span.end <= text.len());
        assert!(text.is_char_boundary(d.span.start) && text.is_char_boundary(d.span.end));
    }
    for t in &explanation.tags {
        if let Some(span) = t.span {
            assert!(span.end <= text.len() && text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
        }
    }
    let _ = dmarc_lens::diag::pieces(&text, &explanation.diagnostics);
    let _ = explanation.to_json();
});
