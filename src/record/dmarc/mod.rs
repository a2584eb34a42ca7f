//! DMARC policy records: RFC 9989, read the way receivers still following
//! RFC 7489 read them too.
//!
//! [`parse`] turns the TXT value published at `_dmarc.<domain>` into a typed
//! [`DmarcRecord`] plus diagnostics; [`explain`](explain::tags) describes
//! every tag with its meaning, default and effective value.
//!
//! ```
//! use dmarc_lens::record::dmarc::{parse, Policy};
//! let (record, diagnostics) = parse("v=DMARC1; p=reject; sp=none; rua=mailto:d@example.com");
//! assert_eq!(record.effective_policy(), Some(Policy::Reject));
//! assert_eq!(record.effective_subdomain_policy(), Some(Policy::None));
//! assert!(diagnostics.iter().any(|d| d.code.as_str() == "dmarc-subdomains-unprotected"));
//! ```

mod correct;
pub mod explain;
mod lint;
pub(crate) mod parse;
mod uri;

use crate::diag::{Diagnostic, Span};

pub use correct::corrected;
pub use uri::ReportUri;

/// A policy: what a receiver should do with mail that fails DMARC.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Policy {
    /// Deliver as usual; report only.
    None,
    /// Treat as suspicious (spam folder).
    Quarantine,
    /// Refuse the message.
    Reject,
}

impl Policy {
    /// The policy named `text` (case-insensitive).
    pub fn from_name(text: &str) -> Option<Policy> {
        match text.to_ascii_lowercase().as_str() {
            "none" => Some(Policy::None),
            "quarantine" => Some(Policy::Quarantine),
            "reject" => Some(Policy::Reject),
            _ => None,
        }
    }

    /// `none`, `quarantine` or `reject`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Policy::None => "none",
            Policy::Quarantine => "quarantine",
            Policy::Reject => "reject",
        }
    }

    /// One level less, as `t=y` and unsampled `pct` apply it.
    pub const fn one_level_less(self) -> Policy {
        match self {
            Policy::Reject => Policy::Quarantine,
            Policy::Quarantine | Policy::None => Policy::None,
        }
    }

    /// Whether failing mail is acted on.
    pub const fn enforces(self) -> bool {
        !matches!(self, Policy::None)
    }
}

/// Identifier alignment mode (`adkim`, `aspf`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AlignmentMode {
    /// Organizational domains must match.
    Relaxed,
    /// Domains must be identical.
    Strict,
}

/// A failure-reporting option (`fo`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FailureOption {
    /// `0`: report when no mechanism gives an aligned pass.
    AllFail,
    /// `1`: report when any mechanism fails to give an aligned pass.
    AnyFail,
    /// `d`: report any DKIM signature that fails to verify.
    Dkim,
    /// `s`: report any SPF failure.
    Spf,
}

/// The `psd` tag: whether the domain is a public suffix domain.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Psd {
    /// `y`: a public suffix domain.
    Yes,
    /// `n`: an organizational domain.
    No,
    /// `u`: unknown (the default).
    Unknown,
}

/// A value together with where it was written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Spanned<T> {
    /// The value as understood.
    pub value: T,
    /// The span of the whole `name=value` tag.
    pub span: Span,
}

/// A tag as written in the record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tag {
    /// The name as written (its case kept).
    pub name: String,
    /// The value as written, without surrounding blanks.
    pub value: String,
    /// The whole tag.
    pub span: Span,
    /// The value alone.
    pub value_span: Span,
}

impl Tag {
    /// The name in lower case, as the grammar compares it.
    pub fn key(&self) -> String {
        self.name.to_ascii_lowercase()
    }
}

/// A DMARC record as a receiver understands it.
///
/// Only the first occurrence of a repeated tag is used, and values that do
/// not parse are `None`: the receiver falls back to the default, and a
/// diagnostic says so.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DmarcRecord {
    /// Whether the record begins with exactly `v=DMARC1`. When it does not,
    /// receivers ignore the whole record.
    pub valid_version: bool,
    /// `p`.
    pub policy: Option<Spanned<Policy>>,
    /// `sp`.
    pub subdomain_policy: Option<Spanned<Policy>>,
    /// `np`.
    pub nonexistent_policy: Option<Spanned<Policy>>,
    /// `adkim`.
    pub dkim_alignment: Option<Spanned<AlignmentMode>>,
    /// `aspf`.
    pub spf_alignment: Option<Spanned<AlignmentMode>>,
    /// `fo`.
    pub failure_options: Option<Spanned<Vec<FailureOption>>>,
    /// `rua`, every URI as written (valid or not).
    pub aggregate_uris: Vec<ReportUri>,
    /// `ruf`, every URI as written (valid or not).
    pub failure_uris: Vec<ReportUri>,
    /// `pct` (RFC 7489 only).
    pub percent: Option<Spanned<u8>>,
    /// `t`.
    pub testing: Option<Spanned<bool>>,
    /// `psd`.
    pub psd: Option<Spanned<Psd>>,
    /// Every `name=value` tag, in order, as written.
    pub tags: Vec<Tag>,
}

impl DmarcRecord {
    /// Whether `rua` holds at least one syntactically valid URI, which RFC
    /// 9989 §4.10.1 makes the condition for treating a record without a
    /// valid `p` as `p=none`.
    pub fn has_valid_rua(&self) -> bool {
        self.aggregate_uris.iter().any(ReportUri::is_valid)
    }

    /// Whether `ruf` holds at least one syntactically valid URI.
    pub fn has_valid_ruf(&self) -> bool {
        self.failure_uris.iter().any(ReportUri::is_valid)
    }

    /// The policy receivers apply to the domain itself, as published (before
    /// `t` or `pct`). `None` when receivers apply no DMARC at all: a bad
    /// version, or no valid `p` and no valid `rua`.
    pub fn effective_policy(&self) -> Option<Policy> {
        if !self.valid_version {
            return None;
        }
        match &self.policy {
            Some(p) => Some(p.value),
            None if self.has_valid_rua() => Some(Policy::None),
            None => None,
        }
    }

    /// The policy for existing subdomains: `sp`, else `p`.
    pub fn effective_subdomain_policy(&self) -> Option<Policy> {
        let base = self.effective_policy()?;
        Some(self.subdomain_policy.as_ref().map_or(base, |sp| sp.value))
    }

    /// The policy for non-existent subdomains: `np`, else `sp`, else `p`.
    pub fn effective_nonexistent_policy(&self) -> Option<Policy> {
        let base = self.effective_subdomain_policy()?;
        Some(self.nonexistent_policy.as_ref().map_or(base, |np| np.value))
    }

    /// Whether `t=y` (testing mode) is set.
    pub fn is_testing(&self) -> bool {
        self.testing.as_ref().is_some_and(|t| t.value)
    }

    /// The first tag named `key` (lower case), as written.
    pub fn tag(&self, key: &str) -> Option<&Tag> {
        self.tags.iter().find(|t| t.key() == key)
    }
}

/// Parses a DMARC record and checks it against every rule.
///
/// Never fails: whatever the input, the result is a record (possibly with
/// nothing understood) and diagnostics that say what is wrong and where.
pub fn parse(input: &str) -> (DmarcRecord, Vec<Diagnostic>) {
    lint::check(input)
}

/// Explains a DMARC record: findings, the tag table, and the corrected
/// record when the fixes are mechanical.
pub fn explain(input: &str) -> crate::record::Explained {
    let (record, diagnostics) = parse(input);
    crate::record::Explained {
        tags: explain::tags(&record),
        corrected: corrected(input, &record),
        diagnostics,
    }
}

/// Explains a report authorization record: the TXT value a report
/// destination publishes at `<domain>._report._dmarc.<destination>` to agree
/// to receive `<domain>`'s reports (RFC 9990 §4, RFC 9991 §5).
///
/// It is read with the DMARC grammar, but only `v=DMARC1` matters there (a
/// `rua` or `ruf` in it redirects the reports, within the same host), so
/// the rules about the policy (`p` missing, `p=none`, no `rua`) do not
/// apply, and only the tags written are listed.
///
/// ```
/// use dmarc_lens::record::dmarc::{explain, explain_report_auth};
/// assert!(explain_report_auth("v=DMARC1").diagnostics.is_empty());
/// assert!(explain("v=DMARC1").diagnostics.iter().any(|d| d.code.as_str() == "dmarc-policy-missing-no-rua"));
/// ```
pub fn explain_report_auth(input: &str) -> crate::record::Explained {
    use crate::catalogue::DmarcCode;
    let (record, diagnostics) = parse(input);
    let about_the_policy = [
        DmarcCode::PolicyMissing,
        DmarcCode::PolicyMissingNoRua,
        DmarcCode::RuaMissing,
        DmarcCode::PolicyNone,
        DmarcCode::PolicyNotSecond,
        DmarcCode::PctWithNone,
        DmarcCode::TestingWithNone,
    ];
    crate::record::Explained {
        tags: explain::tags(&record).into_iter().filter(|t| t.value.is_some()).collect(),
        corrected: None,
        diagnostics: diagnostics
            .into_iter()
            .filter(|d| !about_the_policy.iter().any(|c| d.code == *c))
            .collect(),
    }
}

#[cfg(test)]
mod tests;
