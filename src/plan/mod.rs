//! Staged rollout plans: from where a domain stands to DMARC enforcement,
//! stage by stage, with the exact records to publish.
//!
//! - [`generate`]: the plan for a sending domain (monitor, the quarantine
//!   ramp in RFC 7489 `pct` steps, RFC 9989 `t=y` testing stages or both,
//!   then reject, or quarantine as the end state for domains whose users
//!   post to mailing lists), or the parked-domain kit. Each stage has its
//!   records, TTL, minimum duration and planned dates, exit criteria with
//!   the field guides' numbers, the rollback record and a short why.
//! - [`spf`]: the SPF builder, a catalogue of common senders with their
//!   lookup costs, within the budget of 10.
//! - [`dkim`]: a pasted public key as the `<selector>._domainkey` record.
//! - [`evidence`]: which stage loaded aggregate reports place the domain at,
//!   and which the data supports.
//! - [`output`]: every record as a BIND zone-file line, a Terraform
//!   `aws_route53_record`, JSON for provider APIs or the plain value; and
//!   [`ics`]: the stage dates as an iCalendar file.
//!
//! The core has no clock: the start date comes from the caller ([`Date`]).
//! Every record a plan gives explains without errors through
//! [`crate::record::explain_as`] with the record's [`DnsRecord::kind`].
//!
//! ```
//! use dmarc_lens::plan::{generate, Date, PlanInput};
//! let mut input = PlanInput::new("example.com", Date::new(2026, 6, 1).unwrap());
//! input.rua = vec!["mailto:dmarc@example.com".into()];
//! let plan = generate(&input);
//! assert_eq!(plan.stages[0].records[0].value, "v=DMARC1; p=none; np=reject; rua=mailto:dmarc@example.com");
//! assert_eq!(plan.stages[1].start.to_string(), "2026-06-15");
//! assert!(!plan.has_errors());
//! ```

mod date;
pub mod dkim;
pub mod evidence;
pub mod ics;
pub mod output;
mod parked;
pub mod render;
mod report;
mod rollout;
pub mod spf;
mod words;

use serde::{Serialize, Serializer};

use crate::check::Finding;
use crate::dns::RecordType;
use crate::record::Kind;

pub use date::{days_in_month, is_leap_year, Date};

/// The TTL for records while they change: a mistake is undone in minutes.
pub const TTL_CHANGING: u32 = 300;
/// The TTL once a record is meant to stay.
pub const TTL_STABLE: u32 = 3600;

/// How the quarantine (and, at a conservative pace, the reject) ramp is
/// written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RampStyle {
    /// RFC 7489 `pct` steps: 10, 25, 50, then 100.
    Pct,
    /// RFC 9989 `t=y` testing stages.
    Testing,
    /// `pct` steps with `t=y` beside every step below 100.
    #[default]
    Both,
}

impl RampStyle {
    /// `pct`, `testing` or `both`.
    pub const fn as_str(self) -> &'static str {
        match self {
            RampStyle::Pct => "pct",
            RampStyle::Testing => "testing",
            RampStyle::Both => "both",
        }
    }

    /// The style named `name`.
    pub fn from_name(name: &str) -> Option<RampStyle> {
        [RampStyle::Pct, RampStyle::Testing, RampStyle::Both].into_iter().find(|s| s.as_str() == name)
    }

    const fn has_pct(self) -> bool {
        matches!(self, RampStyle::Pct | RampStyle::Both)
    }

    const fn has_testing(self) -> bool {
        matches!(self, RampStyle::Testing | RampStyle::Both)
    }
}

/// How long each stage lasts at least.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Pace {
    /// The guides' minimums: two weeks of monitoring, a week per `pct`
    /// step, two weeks at full quarantine.
    #[default]
    Standard,
    /// About twice as long everywhere, a month of monitoring, and a `pct`
    /// ramp for reject as well.
    Conservative,
}

impl Pace {
    /// `standard` or `conservative`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Pace::Standard => "standard",
            Pace::Conservative => "conservative",
        }
    }

    /// The pace named `name`.
    pub fn from_name(name: &str) -> Option<Pace> {
        [Pace::Standard, Pace::Conservative].into_iter().find(|p| p.as_str() == name)
    }
}

/// A subdomain that sends mail on its own, so it gets its own record.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SendingSubdomain {
    /// The full name, e.g. `news.example.com`.
    pub name: String,
    /// The record published at `_dmarc.<name>` today, as pasted.
    pub current: Option<String>,
}

/// What a plan is built from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanInput {
    /// The domain, e.g. `example.com`.
    pub domain: String,
    /// Whether the domain sends no mail at all: the parked-domain kit.
    pub parked: bool,
    /// For a parked domain: whether it still receives mail (then it keeps
    /// its MX records and gets no null MX).
    pub receives_mail: bool,
    /// Aggregate report addresses (`mailto:` URIs; a bare mailbox gets
    /// `mailto:`). Empty: those of the current record.
    pub rua: Vec<String>,
    /// Failure report addresses. Empty: those of the current record.
    pub ruf: Vec<String>,
    /// Subdomains that send mail on their own.
    pub subdomains: Vec<SendingSubdomain>,
    /// Whether users post to mailing lists or rely on forwarding: the plan
    /// then ends at quarantine.
    pub mailing_lists: bool,
    /// How the ramp is written.
    pub style: RampStyle,
    /// How long stages last.
    pub pace: Pace,
    /// The day the first stage starts.
    pub start: Date,
    /// The record published at `_dmarc.<domain>` today, as pasted (a bare
    /// value, quoted strings or a zone-file line).
    pub current: Option<String>,
}

impl PlanInput {
    /// A sending domain starting on `start`, with the default style (both)
    /// and pace (standard), and nothing else known yet.
    pub fn new(domain: impl Into<String>, start: Date) -> PlanInput {
        PlanInput {
            domain: domain.into(),
            parked: false,
            receives_mail: false,
            rua: Vec::new(),
            ruf: Vec::new(),
            subdomains: Vec::new(),
            mailing_lists: false,
            style: RampStyle::default(),
            pace: Pace::default(),
            start,
            current: None,
        }
    }
}

fn record_type_name<S: Serializer>(rtype: &RecordType, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(rtype.as_str())
}

fn kind_name<S: Serializer>(kind: &Option<Kind>, serializer: S) -> Result<S::Ok, S::Error> {
    match kind {
        Some(k) => serializer.serialize_str(k.as_str()),
        None => serializer.serialize_none(),
    }
}

/// One record to publish.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DnsRecord {
    /// The owner name, without a trailing dot.
    pub name: String,
    /// `TXT` or `MX`.
    #[serde(rename = "type", serialize_with = "record_type_name")]
    pub rtype: RecordType,
    /// Seconds.
    pub ttl: u32,
    /// The value: the whole TXT value (split into strings only by the
    /// [`output`] formats), or the MX data (`0 .`).
    pub value: String,
    /// What the TXT value is, for the Explain engine; `None` for an MX.
    #[serde(serialize_with = "kind_name")]
    pub kind: Option<Kind>,
    /// Why it is there, when that is not obvious from the stage.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl DnsRecord {
    /// A TXT record of `kind`.
    pub fn txt(name: impl Into<String>, ttl: u32, value: impl Into<String>, kind: Kind) -> DnsRecord {
        DnsRecord {
            name: name.into(),
            rtype: RecordType::Txt,
            ttl,
            value: value.into(),
            kind: Some(kind),
            note: None,
        }
    }

    /// An MX record (`preference exchange`).
    pub fn mx(name: impl Into<String>, ttl: u32, value: impl Into<String>) -> DnsRecord {
        DnsRecord {
            name: name.into(),
            rtype: RecordType::Mx,
            ttl,
            value: value.into(),
            kind: None,
            note: None,
        }
    }

    fn with_note(mut self, note: impl Into<String>) -> DnsRecord {
        self.note = Some(note.into());
        self
    }
}

/// What to put back if a stage goes wrong.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Rollback {
    /// The owner name.
    pub name: String,
    /// The value the stage replaced; empty when there was none: delete the
    /// record.
    pub value: String,
}

/// One step of the rollout.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Stage {
    /// What the stage does, e.g. `Quarantine 10% (pct=10, t=y)`.
    pub name: String,
    /// The records to publish when the stage starts.
    pub records: Vec<DnsRecord>,
    /// The least number of days before the next stage; 0 for the last.
    pub min_days: u32,
    /// The earliest planned start.
    pub start: Date,
    /// What must hold before moving on.
    pub exit_criteria: Vec<String>,
    /// The first record's previous value.
    pub rollback: Rollback,
    /// The other records' previous values, when the stage changes several.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rollback_also: Vec<Rollback>,
    /// Why this stage, in a sentence or two.
    pub why: String,
}

impl Stage {
    /// The earliest day of the next stage: `start + min_days`.
    pub fn end(&self) -> Date {
        self.start.add_days(i64::from(self.min_days))
    }
}

/// A rollout plan, or a parked-domain kit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Plan {
    /// The domain, normalised (lower case, no trailing dot).
    pub domain: String,
    /// `sending` or `parked`.
    pub purpose: &'static str,
    /// The ramp style.
    pub style: RampStyle,
    /// The pace.
    pub pace: Pace,
    /// The policy the domain ends at: `reject` or `quarantine`.
    pub end_policy: &'static str,
    /// The stages, in order; empty when the input made a plan impossible.
    pub stages: Vec<Stage>,
    /// Records to publish elsewhere: report authorizations at external
    /// report destinations.
    pub extra_records: Vec<DnsRecord>,
    /// What the reader should know: what `pct` and `t` do, `sp` and `np`,
    /// the end state, report authorization.
    pub notes: Vec<String>,
    /// Problems with the input, with spans into the text each names.
    pub diagnostics: Vec<Finding>,
}

impl Plan {
    /// Whether any finding is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(|f| f.diagnostic.severity == crate::diag::Severity::Error)
    }

    /// Every record the plan gives: each stage's, then the extra ones.
    pub fn records(&self) -> impl Iterator<Item = &DnsRecord> {
        self.stages.iter().flat_map(|s| s.records.iter()).chain(self.extra_records.iter())
    }

    /// The plan as one line of JSON, the `plan --json` shape.
    pub fn to_json(&self) -> String {
        // Strings, numbers and lists only: serialising cannot fail.
        serde_json::to_string(self).unwrap_or_else(|_| "{}".to_string())
    }
}

/// Builds the plan for `input`: the staged rollout of a sending domain, or
/// the parked-domain kit. Never fails: problems with the input are
/// diagnostics, and when the domain itself is unusable there are no stages.
pub fn generate(input: &PlanInput) -> Plan {
    rollout::generate(input)
}
