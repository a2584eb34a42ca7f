//! The zone-file reader (the fixture zones' format) on arbitrary text: it
//! must never panic or hang, and a zone it accepts must answer lookups of
//! every name it holds without panicking.
#![no_main]

use dmarc_lens::dns::zone::parse;
use dmarc_lens::dns::RecordType;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(zone) = parse(text) {
        for name in ["example.com", "@", "a.example.com", "_dmarc.example.com"] {
            for record_type in [RecordType::A, RecordType::Txt, RecordType::Mx, RecordType::Cname] {
                let _ = zone.resolver.lookup(name, record_type);
                let _ = zone.fault(name, record_type);
            }
            let _ = zone.latency_ms(name);
        }
    }
});
