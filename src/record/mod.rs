//! Records people paste: one module per kind, and the explanation shape
//! they all share (the `explain --json` output).

mod assemble;
pub mod bimi;
pub mod dkim;
pub mod dmarc;
pub mod mta_sts;
pub mod render;
pub mod spf;
pub mod tls_rpt;

use serde::Serialize;

use crate::diag::{Diagnostic, Span};

/// The kind of a pasted text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Kind {
    /// A DMARC policy record (`_dmarc.<domain>`).
    Dmarc,
    /// A report authorization record (`<domain>._report._dmarc.<destination>`,
    /// RFC 9990 §4): a destination agreeing to receive another domain's
    /// reports. Only `v=DMARC1` matters there (and `rua`/`ruf` to redirect).
    DmarcReportAuth,
    /// An SPF record.
    Spf,
    /// A DKIM key record (`<selector>._domainkey.<domain>`).
    Dkim,
    /// A BIMI record (`default._bimi.<domain>`).
    Bimi,
    /// An MTA-STS TXT record (`_mta-sts.<domain>`).
    MtaSts,
    /// An MTA-STS policy file (`https://mta-sts.<domain>/.well-known/mta-sts.txt`).
    MtaStsPolicy,
    /// A TLS-RPT record (`_smtp._tls.<domain>`).
    TlsRpt,
    /// A block of message headers.
    Headers,
    /// Several records at once; see [`Explanation::records`].
    Several,
    /// Not a kind dmarc-lens recognises.
    Unknown,
}

impl Kind {
    /// Every kind a user can ask for by name.
    pub const NAMED: &'static [Kind] = &[
        Kind::Dmarc,
        Kind::DmarcReportAuth,
        Kind::Spf,
        Kind::Dkim,
        Kind::Bimi,
        Kind::MtaSts,
        Kind::MtaStsPolicy,
        Kind::TlsRpt,
        Kind::Headers,
    ];

    /// The kind's name as the command line and the JSON spell it.
    pub const fn as_str(self) -> &'static str {
        match self {
            Kind::Dmarc => "dmarc",
            Kind::DmarcReportAuth => "dmarc-report-auth",
            Kind::Spf => "spf",
            Kind::Dkim => "dkim",
            Kind::Bimi => "bimi",
            Kind::MtaSts => "mta-sts",
            Kind::MtaStsPolicy => "mta-sts-policy",
            Kind::TlsRpt => "tls-rpt",
            Kind::Headers => "headers",
            Kind::Several => "several",
            Kind::Unknown => "unknown",
        }
    }

    /// A short name for people: "DMARC record", "MTA-STS policy".
    pub const fn title(self) -> &'static str {
        match self {
            Kind::Dmarc => "DMARC record",
            Kind::DmarcReportAuth => "DMARC report authorization",
            Kind::Spf => "SPF record",
            Kind::Dkim => "DKIM key record",
            Kind::Bimi => "BIMI record",
            Kind::MtaSts => "MTA-STS record",
            Kind::MtaStsPolicy => "MTA-STS policy",
            Kind::TlsRpt => "TLS-RPT record",
            Kind::Headers => "Message headers",
            Kind::Several => "Several records",
            Kind::Unknown => "Unrecognised text",
        }
    }

    /// The kind named `name` (as [`Kind::as_str`] spells it).
    pub fn from_name(name: &str) -> Option<Kind> {
        Kind::NAMED.iter().copied().find(|k| k.as_str() == name)
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

/// One record within a text that holds several.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RecordExplanation {
    /// What the record was read as.
    pub kind: Kind,
    /// The owner name, for a zone-file line.
    pub name: Option<String>,
    /// The TXT value (strings joined, escapes decoded).
    pub value: String,
    /// Where the record is in the pasted text.
    pub span: Span,
    /// Findings; spans index the pasted text.
    pub diagnostics: Vec<Diagnostic>,
    /// The tag or term table; spans index the pasted text.
    pub tags: Vec<TagExplanation>,
    /// The record with every mechanical fix applied, if that changes it.
    pub corrected: Option<String>,
    /// For a DKIM key record: the key's algorithm and size.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<dkim::KeyInfo>,
}

/// Everything dmarc-lens says about one pasted text: the `explain --json`
/// shape. Every span points into `input`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Explanation {
    /// What the text was read as.
    pub kind: Kind,
    /// The text as given.
    pub input: String,
    /// The owner name, for a zone-file line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The TXT value, when it differs from the input (quoted strings, a
    /// zone-file line).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// Findings, errors first, then by position.
    pub diagnostics: Vec<Diagnostic>,
    /// The tag table.
    pub tags: Vec<TagExplanation>,
    /// The value with every mechanical fix applied, when that changes it
    /// and leaves no error.
    pub corrected: Option<String>,
    /// For several records at once: each one, explained.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub records: Vec<RecordExplanation>,
    /// For a DKIM key record: the key's algorithm and size.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<dkim::KeyInfo>,
    /// For message headers: the identities DMARC compares, and the verdict.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alignment: Option<crate::headers::Alignment>,
}

impl Explanation {
    /// Whether any finding, in any record, is an error.
    pub fn has_errors(&self) -> bool {
        crate::diag::has_errors(&self.diagnostics)
            || self.records.iter().any(|r| crate::diag::has_errors(&r.diagnostics))
    }

    /// Every finding in one list, so a highlight and the lists beside it
    /// agree on indices: the text's own first, then each record's.
    pub fn all_diagnostics(&self) -> Vec<Diagnostic> {
        self.diagnostics
            .iter()
            .chain(self.records.iter().flat_map(|r| r.diagnostics.iter()))
            .cloned()
            .collect()
    }

    /// The one-line verdict the page and the widget show: `DMARC record: 0
    /// errors, 2 warnings, 1 note`, or `2 records: …` for several.
    pub fn summary(&self) -> String {
        if self.records.is_empty() {
            format!("{}: {}", self.kind.title(), render::counts(&self.diagnostics))
        } else {
            format!("{} records: {}", self.records.len(), render::counts(&self.all_diagnostics()))
        }
    }

    /// The explanation as one line of JSON, the `explain --json` shape.
    pub fn to_json(&self) -> String {
        // Every field is a string, a number, a bool or a list of those, so
        // serialising cannot fail; an empty object is the safe fallback.
        serde_json::to_string(self).unwrap_or_else(|_| "{}".to_string())
    }
}

pub use assemble::{explain, explain_as, reads_as_headers};
