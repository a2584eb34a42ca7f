//! The MTA-STS explainers (TXT record and policy file) on arbitrary bytes
//! (read as UTF-8, lossily): they must never panic, every span must sit
//! inside the input on character boundaries, and a corrected text, when
//! offered, must explain without errors.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let kinds: [fn(&str) -> dmarc_lens::record::Explained; 2] =
        [dmarc_lens::record::mta_sts::explain, dmarc_lens::record::mta_sts::explain_policy];
    for explain in kinds {
        let explained = explain(&text);
        for d in &explained.diagnostics {
            assert!(d.span.start <= d.span.end && d.span.end <= text.len());
            assert!(text.is_char_boundary(d.span.start) && text.is_char_boundary(d.span.end));
        }
        if let Some(fixed) = &explained.corrected {
            assert!(!dmarc_lens::diag::has_errors(&explain(fixed).diagnostics));
        }
        let _ = dmarc_lens::diag::pieces(&text, &explained.diagnostics);
    }
});
