//! The DNS message reader on arbitrary bytes, asked as the answer to
//! `example.com` for every record type: it must never panic or hang, and
//! what it returns must hold: records only of the asked type and never an
//! empty list, TXT strings of at most 255 bytes, the same answer when the
//! name is asked in another case or with the trailing dot.
#![no_main]

use dmarc_lens::dns::wire::decode_answer;
use dmarc_lens::dns::{Answer, Record, RecordType};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for record_type in RecordType::ALL {
        let answer = decode_answer("example.com", record_type, data);
        if let Answer::Records(records) = &answer {
            assert!(!records.is_empty());
            for record in records {
                assert_eq!(record.record_type(), record_type);
                if let Record::Txt(txt) = record {
                    assert!(txt.strings.iter().all(|s| s.len() <= 255));
                }
            }
        }
        assert_eq!(decode_answer("EXAMPLE.com.", record_type, data), answer);
    }
});
