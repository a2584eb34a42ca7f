//! Pieces the pages share: the highlighted record, the findings lists
//! (of a pasted text, and of a live check) and the tag table. All of them render untrusted text as text nodes only.

pub mod alignment;
pub mod diagnostics;
pub mod findings;
pub mod highlight;
pub mod tag_table;

use dmarc_lens::diag::Severity;

/// The word and the symbol for a severity, so colour is never the only
/// signal.
pub fn severity_label(severity: Severity) -> (&'static str, &'static str) {
    (severity.symbol(), severity.word())
}
