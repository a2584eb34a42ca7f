//! The Build inputs on arbitrary text: a pasted current record, report
//! addresses, a start date, SPF terms and a pasted DKIM key. Nothing may
//! panic, and a plan made without input errors must explain cleanly.
#![no_main]

use dmarc_lens::plan::{self, Date, PlanInput};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let mut parts = text.splitn(4, '\n');
    let (current, rua, date, rest) = (parts.next(), parts.next(), parts.next(), parts.next());
    let start = date.and_then(|d| Date::parse(d).ok()).unwrap_or(Date::from_days_since_epoch(20_454));
    let mut input = PlanInput::new("example.com", start);
    input.current = current.map(str::to_string);
    input.rua = rua.map(|r| vec![r.to_string()]).unwrap_or_default();
    input.parked = data.first().is_some_and(|b| b & 1 == 1);
    let plan = plan::generate(&input);
    if !plan.has_errors() {
        for record in plan.records() {
            if let Some(kind) = record.kind {
                let explained = dmarc_lens::record::explain_as(&record.value, Some(kind));
                assert!(
                    !dmarc_lens::diag::has_errors(&explained.diagnostics),
                    "{}: {}",
                    record.name,
                    record.value
                );
            }
        }
    }
    if let Some(rest) = rest {
        for term in rest.split_whitespace() {
            let _ = plan::spf::SpfTerm::parse(term);
        }
        let _ = plan::dkim::format("s1", "example.com", rest);
    }
});
