//! Message headers: Authentication-Results, DKIM-Signature, From and
//! Return-Path, and the DMARC alignment they imply.
//!
//! [`explain`] takes a pasted header block (a whole message is fine: the
//! body after the first empty line is ignored), reads the four fields DMARC
//! depends on, and works out what a receiver would conclude: which domain
//! the From header names, which SPF and DKIM results the receiving server
//! recorded, whether their domains align with the From domain (relaxed:
//! same organizational domain, from the Public Suffix List; strict: the same
//! name), and so whether DMARC passes. Every finding carries a byte span
//! into the pasted text.
//!
//! ```
//! let text = "Authentication-Results: mx.example.net; spf=pass smtp.mailfrom=bounce.example.com;\n dkim=pass header.d=example.com header.s=s1\nFrom: Ann <ann@example.com>\n\nHello";
//! let e = dmarc_lens::headers::explain(text);
//! let a = e.alignment.unwrap();
//! assert_eq!(a.header_from, "example.com");
//! assert!(a.spf.aligned && a.dkim[0].aligned);
//! assert_eq!(a.dmarc, dmarc_lens::headers::Verdict::Pass);
//! ```

mod address;
mod analyze;
mod auth_results;
mod fields;
mod signature;
#[cfg(test)]
mod tests;

use serde::Serialize;

use crate::diag::Diagnostic;
use crate::record::TagExplanation;

/// Everything dmarc-lens says about a pasted header block.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct HeadersExplanation {
    /// Findings, errors first, then by position; spans index the pasted text.
    pub diagnostics: Vec<Diagnostic>,
    /// One row per header field considered (Authentication-Results,
    /// DKIM-Signature, From, Return-Path), in order.
    pub tags: Vec<TagExplanation>,
    /// The alignment verdict, when the message has exactly one From domain.
    pub alignment: Option<Alignment>,
}

impl HeadersExplanation {
    /// Whether any finding is an error.
    pub fn has_errors(&self) -> bool {
        crate::diag::has_errors(&self.diagnostics)
    }

    /// The explanation as one line of JSON.
    pub fn to_json(&self) -> String {
        // Strings, bools and lists of them only: serialising cannot fail.
        serde_json::to_string(self).unwrap_or_else(|_| "{}".to_string())
    }
}

/// A DMARC verdict.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// An SPF or DKIM pass aligns with the From domain.
    Pass,
    /// Nothing that passed aligns.
    Fail,
}

impl Verdict {
    /// `pass` or `fail`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Verdict::Pass => "pass",
            Verdict::Fail => "fail",
        }
    }
}

/// The identities DMARC compares with the From domain, and the verdict.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Alignment {
    /// The RFC5322.From domain, lower case.
    pub header_from: String,
    /// Its organizational domain (Public Suffix List).
    pub header_from_org: String,
    /// The SPF identity.
    pub spf: SpfAlignment,
    /// One entry per DKIM result (or per signature when no result is known).
    pub dkim: Vec<DkimAlignment>,
    /// The verdict with relaxed alignment, the default (`adkim=r`, `aspf=r`).
    pub dmarc: Verdict,
    /// The verdict if the policy asked for strict alignment on both.
    pub dmarc_strict: Verdict,
    /// The `dmarc=` result the receiving server recorded, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reported_dmarc: Option<String>,
}

/// The SPF identity and whether it aligns.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SpfAlignment {
    /// The domain SPF checked (MAIL FROM, or HELO for the null sender);
    /// empty when unknown.
    pub domain: String,
    /// The SPF result (`pass`, `fail`, `softfail`, ..., `none` when unknown).
    pub result: String,
    /// Relaxed alignment (the default): same organizational domain.
    pub aligned: bool,
    /// Strict alignment: the same name.
    pub strict_aligned: bool,
    /// Relaxed alignment, as `aligned`.
    pub relaxed_aligned: bool,
    /// `mfrom` or `helo`: which identity `domain` is.
    pub scope: &'static str,
}

/// One DKIM identity and whether it aligns.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DkimAlignment {
    /// The signing domain (`d=`), lower case.
    pub domain: String,
    /// The selector (`s=`), when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub selector: Option<String>,
    /// The signing algorithm (`a=`), when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub algorithm: Option<String>,
    /// The verifier's result (`none` when the headers carry no result).
    pub result: String,
    /// Relaxed alignment (the default): same organizational domain.
    pub aligned: bool,
    /// Strict alignment: the same name.
    pub strict_aligned: bool,
    /// Relaxed alignment, as `aligned`.
    pub relaxed_aligned: bool,
}

/// Explains a pasted header block (or whole message). Never panics; spans
/// are byte offsets into `text`, on character boundaries.
///
/// ```
/// let e = dmarc_lens::headers::explain("From: a@example.com, b@example.org\n");
/// assert!(e.alignment.is_none());
/// assert_eq!(e.diagnostics[0].code.as_str(), "headers-from-several");
/// ```
pub fn explain(text: &str) -> HeadersExplanation {
    let mut out = analyze::analyze(text);
    crate::diag::sort(&mut out.diagnostics);
    out
}
