//! Everything a person can paste, through the whole pipeline: the input
//! layer (zone-file lines, quoted strings, escapes, several records), kind
//! detection, every record kind's explainer, and the span map back to the
//! text. Spans must stay inside the text on character boundaries.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let explanation = dmarc_lens::record::explain(&text);
    let all = explanation.diagnostics.iter().chain(explanation.records.iter().flat_map(|r| r.diagnostics.iter()));
    for d in all {
        assert!(d.span.start <= d.span.end && d.span.end <= text.len(), "{d:?}");
        assert!(text.is_char_boundary(d.span.start) && text.is_char_boundary(d.span.end), "{d:?}");
    }
    let _ = dmarc_lens::record::render::text(&explanation);
    let _ = explanation.to_json();
});
