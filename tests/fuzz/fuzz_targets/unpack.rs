//! Unpacking arbitrary bytes (as gzip, zip, e-mail, mbox or anything else):
//! it must never panic, must either find documents or say why not, and must
//! never return more bytes than the output limit allows.
#![no_main]

use dmarc_lens::report::unpack::{unpack, Limits};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let limits = Limits { max_output_bytes: 8 << 20, ..Limits::default() };
    for name in ["report", "report.xml.gz", "report.eml"] {
        let out = unpack(name, data, &limits);
        assert!(out.refused.is_some() || !out.documents.is_empty());
        let total: usize = out.documents.iter().map(|d| d.bytes.len()).sum();
        assert!(total as u64 <= limits.max_output_bytes + data.len() as u64);
    }
});
