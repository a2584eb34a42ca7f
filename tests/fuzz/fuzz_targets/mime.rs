//! The MIME reader on arbitrary bytes: it must never panic, spans must be
//! ordered, and walking or listing the leaves must cope with any tree.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let message = dmarc_lens::report::mime::parse(data);
    for part in message.root.walk() {
        assert!(part.span.start <= part.span.end);
        assert!(part.body_span.start <= part.body_span.end);
    }
    for d in &message.diagnostics {
        assert!(d.span.start <= d.span.end);
    }
    let _ = message.root.leaves();
    let _ = message.is_failure_report();
});
