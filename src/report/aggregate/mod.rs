//! DMARC aggregate reports: a lenient reader for RFC 7489 Appendix C and
//! RFC 9990 XML.
//!
//! [`read`] streams over the bytes once (its own tokenizer, no DOM) and fills an
//! [`AggregateReport`]. It reads what real receivers send, broken files
//! included, but never silently: every repair or oddity becomes a
//! [`Diagnostic`] whose span is a byte range into the input. A word the
//! format does not define stays visible as an `Unknown` variant; a value that
//! is missing stays `None`. Files that are no report at all are a [`Refusal`].
//!
//! ```
//! use dmarc_lens::report::aggregate::{read, DmarcResult};
//! let xml = br#"<feedback><report_metadata><org_name>rcv.example</org_name>
//! <email>d@rcv.example</email><report_id>1</report_id>
//! <date_range><begin>1700000000</begin><end>1700086399</end></date_range></report_metadata>
//! <policy_published><domain>example.com</domain><p>none</p></policy_published>
//! <record><row><source_ip>192.0.2.1</source_ip><count>3</count><policy_evaluated>
//! <disposition>none</disposition><dkim>Pass</dkim><spf>fail</spf></policy_evaluated></row>
//! <identifiers><header_from>example.com</header_from></identifiers>
//! <auth_results><spf><domain>example.com</domain><result>fail</result></spf></auth_results></record></feedback>"#;
//! let (report, diagnostics) = read(xml).unwrap();
//! assert_eq!(report.message_count(), 3);
//! assert_eq!(report.records[0].dkim, Some(DmarcResult::Pass));
//! assert_eq!(diagnostics[0].code.as_str(), "aggregate-value-case");
//! ```

mod fields;
mod reader;
#[cfg(test)]
mod tests;
mod text;
mod tokens;

use serde::Serialize;
use std::net::IpAddr;

use crate::diag::Diagnostic;

/// How a value's text matched the words of the format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Matched {
    /// As written.
    Exactly,
    /// Only when case is ignored.
    IgnoringCase,
    /// Not a word of the format.
    No,
}

/// Declares an enumerated value of the format: its words, plus `Unknown`.
macro_rules! words {
    (
        $(#[$meta:meta])*
        pub enum $name:ident { $( $(#[$doc:meta])* $variant:ident = $word:literal, )* }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $( $(#[$doc])* #[serde(rename = $word)] $variant, )*
            /// A word the format does not define, kept exactly as found.
            Unknown(String),
        }

        impl $name {
            /// The words the format defines.
            pub const WORDS: &'static [&'static str] = &[ $( $word, )* ];

            /// Reads `text`: the value, and how it matched a word.
            pub fn from_word(text: &str) -> ($name, Matched) {
                $( if text == $word { return ($name::$variant, Matched::Exactly); } )*
                $( if text.eq_ignore_ascii_case($word) { return ($name::$variant, Matched::IgnoringCase); } )*
                ($name::Unknown(text.to_string()), Matched::No)
            }

            /// The word as the format spells it (the text found, for `Unknown`).
            pub fn as_str(&self) -> &str {
                match self {
                    $( $name::$variant => $word, )*
                    $name::Unknown(text) => text,
                }
            }
        }
    };
}

words! {
    /// A DMARC policy (`p`, `sp`, `np`).
    pub enum Policy { /** Monitor only. */ None = "none", /** Spam folder. */ Quarantine = "quarantine", /** Refuse. */ Reject = "reject", }
}

words! {
    /// An alignment mode (`adkim`, `aspf`).
    pub enum Alignment { /** Organizational domains match. */ Relaxed = "r", /** Identical domains. */ Strict = "s", }
}

words! {
    /// Testing mode (`testing`, RFC 9990).
    pub enum Testing { /** `t=y` was published. */ Yes = "y", /** `t=n` or no `t`. */ No = "n", }
}

words! {
    /// How the policy was found (`discovery_method`, RFC 9990).
    pub enum DiscoveryMethod { /** Public Suffix List (RFC 7489). */ Psl = "psl", /** DNS tree walk (RFC 9989). */ Treewalk = "treewalk", }
}

words! {
    /// What the receiver did with the mail (`disposition`).
    pub enum Disposition {
        /** Delivered, no action. */ None = "none",
        /** Passed DMARC (RFC 9990). */ Pass = "pass",
        /** Quarantined. */ Quarantine = "quarantine",
        /** Rejected. */ Reject = "reject",
    }
}

words! {
    /// The aligned DKIM or SPF verdict in `policy_evaluated`.
    pub enum DmarcResult { /** Aligned pass. */ Pass = "pass", /** No aligned pass. */ Fail = "fail", }
}

words! {
    /// A DKIM result in `auth_results` (RFC 8601 §2.7.1).
    pub enum DkimResult {
        /** No signature. */ None = "none", /** Verified. */ Pass = "pass", /** Did not verify. */ Fail = "fail",
        /** Verified but unacceptable by policy. */ Policy = "policy", /** Verified, but not used. */ Neutral = "neutral",
        /** Temporary error. */ TempError = "temperror", /** Permanent error. */ PermError = "permerror",
    }
}

words! {
    /// An SPF result in `auth_results` (RFC 8601 §2.7.2).
    pub enum SpfResult {
        /** No record. */ None = "none", /** Neutral. */ Neutral = "neutral", /** Authorized. */ Pass = "pass",
        /** Not authorized. */ Fail = "fail", /** Probably not authorized. */ SoftFail = "softfail",
        /** Temporary error. */ TempError = "temperror", /** Permanent error. */ PermError = "permerror",
    }
}

words! {
    /// Which identity SPF checked (`scope`).
    pub enum SpfScope { /** MAIL FROM. */ Mfrom = "mfrom", /** HELO (RFC 7489 only). */ Helo = "helo", }
}

words! {
    /// Why the receiver applied another policy than the published one.
    pub enum ReasonType {
        /** Forwarded (RFC 7489 only). */ Forwarded = "forwarded",
        /** Not sampled by `pct` (RFC 7489 only). */ SampledOut = "sampled_out",
        /** A trusted forwarder. */ TrustedForwarder = "trusted_forwarder",
        /** A mailing list. */ MailingList = "mailing_list",
        /** The receiver's own policy. */ LocalPolicy = "local_policy",
        /** `t=y` testing mode (RFC 9990). */ PolicyTestMode = "policy_test_mode",
        /** Something else. */ Other = "other",
    }
}

/// One aggregate report, as read.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct AggregateReport {
    /// Which format: `"2.0"` (RFC 9990 namespace), the `<version>` text
    /// (e.g. `"1.0"`), `"0.1"` (old dmarc.org namespace), another namespace
    /// as found, or `"draft"` (no namespace and no version).
    pub xml_schema: String,
    /// The root's namespace, if it declared one.
    pub namespace: Option<String>,
    /// The `<version>` element, as found.
    pub version: Option<String>,
    /// Who sent the report, and for when.
    pub report_metadata: ReportMetadata,
    /// The policy the receiver found.
    pub policy_published: PolicyPublished,
    /// One row per source and outcome.
    pub records: Vec<Record>,
}

impl AggregateReport {
    /// The total number of messages over all records.
    pub fn message_count(&self) -> u64 {
        self.records.iter().fold(0u64, |sum, r| sum.saturating_add(r.count))
    }
}

/// `report_metadata`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ReportMetadata {
    /// The reporting organization.
    pub org_name: String,
    /// Its contact address.
    pub email: String,
    /// More contact information.
    pub extra_contact_info: Option<String>,
    /// The report's identifier.
    pub report_id: String,
    /// Start of the period, seconds since the epoch (UTC).
    pub begin: Option<u64>,
    /// End of the period, seconds since the epoch (UTC).
    pub end: Option<u64>,
    /// Errors the receiver reported.
    pub errors: Vec<String>,
    /// The software that wrote the report (RFC 9990).
    pub generator: Option<String>,
}

/// `policy_published`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct PolicyPublished {
    /// The domain whose policy was applied.
    pub domain: String,
    /// How the policy was found (RFC 9990).
    pub discovery_method: Option<DiscoveryMethod>,
    /// DKIM alignment mode.
    pub adkim: Option<Alignment>,
    /// SPF alignment mode.
    pub aspf: Option<Alignment>,
    /// The domain policy.
    pub p: Option<Policy>,
    /// The subdomain policy.
    pub sp: Option<Policy>,
    /// The non-existent subdomain policy (RFC 9990).
    pub np: Option<Policy>,
    /// The sampling percentage (RFC 7489 only).
    pub pct: Option<u64>,
    /// Failure reporting options, as found.
    pub fo: Option<String>,
    /// Testing mode (RFC 9990).
    pub testing: Option<Testing>,
}

/// One `record`: messages from one source with one outcome.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Record {
    /// The sending IP, as written.
    pub source_ip: String,
    /// The sending IP, when the text is an address.
    pub ip: Option<IpAddr>,
    /// How many messages (0 when the count was missing or unreadable; a
    /// diagnostic says so).
    pub count: u64,
    /// What the receiver did.
    pub disposition: Option<Disposition>,
    /// Aligned DKIM verdict.
    pub dkim: Option<DmarcResult>,
    /// Aligned SPF verdict.
    pub spf: Option<DmarcResult>,
    /// Why another policy than the published one was applied.
    pub reasons: Vec<Reason>,
    /// The RFC5322.From domain.
    pub header_from: String,
    /// The RFC5321.MailFrom domain.
    pub envelope_from: Option<String>,
    /// The recipient domain.
    pub envelope_to: Option<String>,
    /// DKIM results, one per signature.
    pub auth_dkim: Vec<DkimAuth>,
    /// SPF results.
    pub auth_spf: Vec<SpfAuth>,
}

/// A `reason` in `policy_evaluated`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Reason {
    /// The reason's type.
    #[serde(rename = "type")]
    pub kind: Option<ReasonType>,
    /// Free text.
    pub comment: Option<String>,
}

/// A DKIM result in `auth_results`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct DkimAuth {
    /// The signing domain (`d=`).
    pub domain: String,
    /// The selector (`s=`).
    pub selector: Option<String>,
    /// The result.
    pub result: Option<DkimResult>,
    /// The receiver's words.
    pub human_result: Option<String>,
}

/// An SPF result in `auth_results`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct SpfAuth {
    /// The checked domain.
    pub domain: String,
    /// Which identity was checked.
    pub scope: Option<SpfScope>,
    /// The result.
    pub result: Option<SpfResult>,
    /// The receiver's words.
    pub human_result: Option<String>,
}

/// A file that cannot be read as a report at all.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Refusal {
    /// Why, in plain words.
    pub reason: String,
    /// What was found before giving up (the last one says why).
    pub diagnostics: Vec<Diagnostic>,
}

/// Limits enforced while reading.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReadOptions {
    /// The deepest element nesting accepted (a report needs 6).
    pub max_depth: usize,
    /// The most records read; reading stops after that many.
    pub max_records: usize,
    /// The most diagnostics of one code listed.
    pub max_per_code: usize,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions { max_depth: 64, max_records: 5_000_000, max_per_code: 200 }
    }
}

/// Reads an aggregate report with the default limits.
pub fn read(xml: &[u8]) -> Result<(AggregateReport, Vec<Diagnostic>), Refusal> {
    read_with(xml, &ReadOptions::default())
}

/// Reads an aggregate report with the given limits.
pub fn read_with(xml: &[u8], options: &ReadOptions) -> Result<(AggregateReport, Vec<Diagnostic>), Refusal> {
    reader::run(xml, options)
}
