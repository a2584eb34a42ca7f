//! Records people paste: one module per kind, and the explanation shape
//! they all share (the `explain --json` output).

pub mod bimi;
pub mod dkim;
pub mod dmarc;
pub mod mta_sts;
pub mod render;
pub mod spf;
pub mod tls_rpt;

use serde::Serialize;

use crate::diag::{Diagnostic, Span};

/// The kind of a record.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Kind {
    /// A DMARC policy record (`_dmarc.<domain>`).
    Dmarc,
}

impl Kind {
    /// The kind's name as the command line and the JSON spell it.
    pub const fn as_str(self) -> &'static str {
        match self {
            Kind::Dmarc => "dmarc",
        }
    }
}

/// One row of the tag table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TagExplanation {
    /// The tag name as written (or the canonical name when absent).
    pub name: String,
    /// The value as written; `None` when the tag is absent.
    pub value: Option<String>,
    /// Where the tag is written; `None` when absent.
    pub span: Option<Span>,
    /// What the tag is for.
    pub meaning: String,
    /// What receivers use when it is absent.
    pub default: String,
    /// What receivers end up using, inheritance included.
    pub effective: String,
    /// For SPF terms: the DNS lookups the term costs against the limit of 10.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lookups: Option<u32>,
}

/// What one record kind's explainer returns for a TXT value: findings with
/// spans into that value, the tag (or term) table, and a corrected record
/// when the fix is mechanical.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Explained {
    /// Findings, errors first, then by position; spans index the value.
    pub diagnostics: Vec<Diagnostic>,
    /// The tag or term table.
    pub tags: Vec<TagExplanation>,
    /// The record with every mechanical fix applied, when there is one and
    /// it differs from the input.
    pub corrected: Option<String>,
}

/// Everything dmarc-lens says about one pasted text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Explanation {
    /// What the text was read as.
    pub kind: Kind,
    /// The text as given; every span points into it.
    pub input: String,
    /// Findings, errors first, then by position.
    pub diagnostics: Vec<Diagnostic>,
    /// The tag table.
    pub tags: Vec<TagExplanation>,
}

impl Explanation {
    /// Whether any finding is an error.
    pub fn has_errors(&self) -> bool {
        crate::diag::has_errors(&self.diagnostics)
    }

    /// The explanation as one line of JSON, the `explain --json` shape.
    pub fn to_json(&self) -> String {
        // Every field is a string, a number, a bool or a list of those, so
        // serialising cannot fail; an empty object is the safe fallback.
        serde_json::to_string(self).unwrap_or_else(|_| "{}".to_string())
    }
}

/// Explains `input` as a DMARC record.
///
/// ```
/// let e = dmarc_lens::record::explain("v=DMARC1; p=none; fo=1");
/// let fo = e.diagnostics.iter().find(|d| d.code.as_str() == "dmarc-fo-without-ruf").unwrap();
/// assert_eq!(fo.span.slice(&e.input), "fo=1");
/// ```
pub fn explain(input: &str) -> Explanation {
    let (record, diagnostics) = dmarc::parse(input);
    Explanation {
        kind: Kind::Dmarc,
        input: input.to_string(),
        diagnostics,
        tags: dmarc::explain::tags(&record),
    }
}
