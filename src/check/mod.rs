//! The live domain check: async functions over a [`Resolver`](crate::dns::Resolver)
//! that look a domain's email authentication up in DNS and explain it with
//! the same rules as pasted records.
//!
//! Each part (DMARC discovery, the SPF tree, DKIM keys, MX, report
//! authorization, BIMI, MTA-STS, TLS-RPT) is its own async function, so the
//! page can show each as it finishes; [`resolver::CheckResolver`] makes sure
//! no name and type is asked twice in one check, and caps the queries in
//! flight. Independent lookups run side by side ([`join`]).

pub mod bulk;
pub mod dkim;
pub mod dmarc;
pub mod domain;
pub mod join;
pub mod mx;
pub mod policy_records;
pub mod render;
pub mod report_auth;
pub mod resolver;
pub mod spf;
pub mod summary;
mod util;

use serde::Serialize;

use crate::diag::Diagnostic;

/// One finding of a live check: what it is about, the text its span indexes
/// (a record as found in DNS, when it is about one), and the diagnostic.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// What the finding is about, e.g. `_dmarc.example.com TXT`.
    pub subject: String,
    /// The text the diagnostic's span indexes; `None` when the finding is
    /// about no text (a missing record, a failed query), and the span is empty.
    pub text: Option<String>,
    /// What is wrong, where, why and how to fix it.
    #[serde(flatten)]
    pub diagnostic: Diagnostic,
}

impl Finding {
    /// A finding about `subject` with no text to point into.
    pub fn about(subject: impl Into<String>, diagnostic: Diagnostic) -> Finding {
        Finding { subject: subject.into(), text: None, diagnostic }
    }

    /// A finding whose span indexes `text`.
    pub fn in_text(subject: impl Into<String>, text: impl Into<String>, diagnostic: Diagnostic) -> Finding {
        Finding { subject: subject.into(), text: Some(text.into()), diagnostic }
    }
}
