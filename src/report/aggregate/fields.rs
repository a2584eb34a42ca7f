//! Where each element sits in the report, and how its value is read.

use super::reader::Reader;
use super::*;
use crate::catalogue::AggregateCode as C;
use crate::diag::Span;

/// A place in the report structure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Node {
    /// An element around `<feedback>` that is read through.
    Wrapper,
    Feedback,
    Metadata,
    DateRange,
    Policy,
    Record,
    Row,
    Evaluated,
    Reason,
    Identifiers,
    AuthResults,
    AuthDkim,
    AuthSpf,
    Leaf(Field),
    /// Skipped with all its content.
    Skip,
}

/// An element holding a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Field {
    Version,
    OrgName,
    Email,
    ExtraContact,
    ReportId,
    Error,
    Generator,
    Begin,
    End,
    Domain,
    Discovery,
    Adkim,
    Aspf,
    P,
    Sp,
    Np,
    Pct,
    Fo,
    Testing,
    SourceIp,
    Count,
    Disposition,
    EvalDkim,
    EvalSpf,
    ReasonType,
    ReasonComment,
    HeaderFrom,
    EnvelopeFrom,
    EnvelopeTo,
    DkimDomain,
    DkimSelector,
    DkimResult,
    DkimHuman,
    SpfDomain,
    SpfScope,
    SpfResult,
    SpfHuman,
}

/// A child element a container may hold.
pub(super) struct Child {
    pub name: &'static str,
    pub node: Node,
    /// Its place in the schema's order.
    pub rank: u8,
    /// May repeat.
    pub many: bool,
    /// Must be there.
    pub required: bool,
}

const fn ch(name: &'static str, node: Node, rank: u8, many: bool, required: bool) -> Child {
    Child { name, node, rank, many, required }
}

use Field as F;
use Node as N;

const FEEDBACK: &[Child] = &[
    ch("version", N::Leaf(F::Version), 0, false, false),
    ch("report_metadata", N::Metadata, 1, false, true),
    ch("policy_published", N::Policy, 2, false, true),
    ch("record", N::Record, 4, true, true),
];
const METADATA: &[Child] = &[
    ch("org_name", N::Leaf(F::OrgName), 0, false, true),
    ch("email", N::Leaf(F::Email), 1, false, true),
    ch("extra_contact_info", N::Leaf(F::ExtraContact), 2, false, false),
    ch("report_id", N::Leaf(F::ReportId), 3, false, true),
    ch("date_range", N::DateRange, 4, false, true),
    ch("error", N::Leaf(F::Error), 5, true, false),
    ch("generator", N::Leaf(F::Generator), 6, false, false),
];
const DATE_RANGE: &[Child] =
    &[ch("begin", N::Leaf(F::Begin), 0, false, true), ch("end", N::Leaf(F::End), 1, false, true)];
const POLICY: &[Child] = &[
    ch("domain", N::Leaf(F::Domain), 0, false, true),
    ch("discovery_method", N::Leaf(F::Discovery), 1, false, false),
    ch("adkim", N::Leaf(F::Adkim), 2, false, false),
    ch("aspf", N::Leaf(F::Aspf), 3, false, false),
    ch("p", N::Leaf(F::P), 4, false, true),
    ch("sp", N::Leaf(F::Sp), 5, false, false),
    ch("np", N::Leaf(F::Np), 6, false, false),
    ch("pct", N::Leaf(F::Pct), 7, false, false),
    ch("fo", N::Leaf(F::Fo), 8, false, false),
    ch("testing", N::Leaf(F::Testing), 9, false, false),
];
const RECORD: &[Child] = &[
    ch("row", N::Row, 0, false, true),
    ch("identifiers", N::Identifiers, 1, false, true),
    ch("auth_results", N::AuthResults, 2, false, true),
];
const ROW: &[Child] = &[
    ch("source_ip", N::Leaf(F::SourceIp), 0, false, true),
    ch("count", N::Leaf(F::Count), 1, false, true),
    ch("policy_evaluated", N::Evaluated, 2, false, true),
];
const EVALUATED: &[Child] = &[
    ch("disposition", N::Leaf(F::Disposition), 0, false, true),
    ch("dkim", N::Leaf(F::EvalDkim), 1, false, true),
    ch("spf", N::Leaf(F::EvalSpf), 2, false, true),
    ch("reason", N::Reason, 3, true, false),
];
const REASON: &[Child] = &[
    ch("type", N::Leaf(F::ReasonType), 0, false, true),
    ch("comment", N::Leaf(F::ReasonComment), 1, false, false),
];
const IDENTIFIERS: &[Child] = &[
    ch("envelope_to", N::Leaf(F::EnvelopeTo), 0, false, false),
    ch("envelope_from", N::Leaf(F::EnvelopeFrom), 1, false, false),
    ch("header_from", N::Leaf(F::HeaderFrom), 2, false, true),
];
const AUTH_RESULTS: &[Child] =
    &[ch("dkim", N::AuthDkim, 0, true, false), ch("spf", N::AuthSpf, 1, true, false)];
const AUTH_DKIM: &[Child] = &[
    ch("domain", N::Leaf(F::DkimDomain), 0, false, true),
    ch("selector", N::Leaf(F::DkimSelector), 1, false, false),
    ch("result", N::Leaf(F::DkimResult), 2, false, true),
    ch("human_result", N::Leaf(F::DkimHuman), 3, false, false),
];
/// The DKIM selector, required by RFC 9990 only.
pub(super) const AUTH_DKIM_SELECTOR: Child = ch("selector", N::Leaf(F::DkimSelector), 1, false, true);
const AUTH_SPF: &[Child] = &[
    ch("domain", N::Leaf(F::SpfDomain), 0, false, true),
    ch("scope", N::Leaf(F::SpfScope), 1, false, false),
    ch("result", N::Leaf(F::SpfResult), 2, false, true),
    ch("human_result", N::Leaf(F::SpfHuman), 3, false, false),
];

/// The children `node` may hold.
pub(super) fn children(node: Node) -> &'static [Child] {
    match node {
        N::Feedback => FEEDBACK,
        N::Metadata => METADATA,
        N::DateRange => DATE_RANGE,
        N::Policy => POLICY,
        N::Record => RECORD,
        N::Row => ROW,
        N::Evaluated => EVALUATED,
        N::Reason => REASON,
        N::Identifiers => IDENTIFIERS,
        N::AuthResults => AUTH_RESULTS,
        N::AuthDkim => AUTH_DKIM,
        N::AuthSpf => AUTH_SPF,
        N::Wrapper | N::Leaf(_) | N::Skip => &[],
    }
}

/// Whether the schema fixes the order of `node`'s children (both schemas,
/// or RFC 7489's when the report is not RFC 9990's).
pub(super) fn ordered(node: Node, rfc9990: bool) -> bool {
    match node {
        N::Feedback | N::Record | N::Evaluated | N::AuthResults => true,
        N::Metadata => !rfc9990,
        _ => false,
    }
}

/// Whether an empty value is fine for `field`.
fn may_be_empty(field: Field) -> bool {
    matches!(
        field,
        F::EnvelopeFrom | F::ReasonComment | F::DkimHuman | F::SpfHuman | F::ExtraContact | F::Error
    )
}

impl Reader<'_> {
    /// Reads an enumerated value, reporting case and unknown words.
    fn word<T>(
        &mut self,
        text: &str,
        span: Span,
        name: &str,
        from: fn(&str) -> (T, Matched),
        words: &[&str],
    ) -> Option<T> {
        if text.is_empty() {
            return None;
        }
        let (value, matched) = from(text);
        match matched {
            Matched::Exactly => {}
            Matched::IgnoringCase => {
                let lower = text.to_ascii_lowercase();
                self.diag(C::ValueCase, span, &[("name", name), ("value", text), ("lower", &lower)]);
            }
            Matched::No => {
                let allowed = words.join(", ");
                self.diag(C::UnknownValue, span, &[("name", name), ("value", text), ("allowed", &allowed)]);
            }
        }
        Some(value)
    }

    /// Reads a whole number, accepting and reporting `123.0`.
    fn number(&mut self, text: &str, span: Span, name: &str, effect: &str) -> Option<u64> {
        if text.is_empty() {
            return None;
        }
        if text.bytes().all(|b| b.is_ascii_digit()) {
            if let Ok(n) = text.parse() {
                return Some(n);
            }
        }
        if let Some((whole, fraction)) = text.split_once('.') {
            if !whole.is_empty()
                && whole.bytes().all(|b| b.is_ascii_digit())
                && fraction.bytes().all(|b| b.is_ascii_digit())
            {
                if let Ok(n) = whole.parse::<u64>() {
                    self.diag(C::FloatNumber, span, &[("name", name), ("value", text), ("read", whole)]);
                    return Some(n);
                }
            }
        }
        self.diag(C::InvalidNumber, span, &[("name", name), ("value", text), ("effect", effect)]);
        None
    }

    /// Stores a finished value. `span` covers the value without the
    /// whitespace around it; `element` the whole element.
    pub(super) fn assign(&mut self, field: Field, name: &str, text: &str, span: Span, element: Span) {
        if text.is_empty() && !may_be_empty(field) {
            self.diag(C::EmptyValue, element, &[("name", name)]);
        }
        let t = text;
        match field {
            F::Version => self.report.version = Some(text.to_string()),
            F::OrgName => self.report.report_metadata.org_name = text.to_string(),
            F::Email => self.report.report_metadata.email = text.to_string(),
            F::ExtraContact => self.report.report_metadata.extra_contact_info = Some(text.to_string()),
            F::ReportId => self.report.report_metadata.report_id = text.to_string(),
            F::Error => self.report.report_metadata.errors.push(text.to_string()),
            F::Generator => self.report.report_metadata.generator = Some(text.to_string()),
            F::Begin => {
                self.report.report_metadata.begin = self.number(t, span, name, "the period has no start")
            }
            F::End => self.report.report_metadata.end = self.number(t, span, name, "the period has no end"),
            F::Domain => self.report.policy_published.domain = text.to_string(),
            F::Discovery => {
                self.report.policy_published.discovery_method =
                    self.word(t, span, name, DiscoveryMethod::from_word, DiscoveryMethod::WORDS)
            }
            F::Adkim => {
                self.report.policy_published.adkim =
                    self.word(t, span, name, Alignment::from_word, Alignment::WORDS)
            }
            F::Aspf => {
                self.report.policy_published.aspf =
                    self.word(t, span, name, Alignment::from_word, Alignment::WORDS)
            }
            F::P => {
                self.report.policy_published.p = self.word(t, span, name, Policy::from_word, Policy::WORDS)
            }
            F::Sp => {
                self.report.policy_published.sp = self.word(t, span, name, Policy::from_word, Policy::WORDS)
            }
            F::Np => {
                self.report.policy_published.np = self.word(t, span, name, Policy::from_word, Policy::WORDS)
            }
            F::Pct => {
                if self.rfc9990 {
                    self.diag(C::LegacyValue, span, &[("name", name), ("value", t)]);
                }
                self.report.policy_published.pct = self.number(t, span, name, "the percentage is left out");
            }
            F::Fo => self.report.policy_published.fo = Some(text.to_string()),
            F::Testing => {
                self.report.policy_published.testing =
                    self.word(t, span, name, Testing::from_word, Testing::WORDS)
            }
            F::SourceIp => {
                let ip = t.parse::<IpAddr>().ok();
                if ip.is_none() && !t.is_empty() {
                    self.diag(C::InvalidIp, span, &[("value", t)]);
                }
                if let Some(record) = self.record.as_mut() {
                    record.ip = ip;
                    record.source_ip = text.to_string();
                }
            }
            F::Count => {
                let count = self.number(t, span, name, "the row is counted as 0 messages");
                if let Some(record) = self.record.as_mut() {
                    record.count = count.unwrap_or(0);
                }
            }
            F::Disposition => {
                let value = self.word(t, span, name, Disposition::from_word, Disposition::WORDS);
                if let Some(r) = self.record.as_mut() {
                    r.disposition = value;
                }
            }
            F::EvalDkim | F::EvalSpf => {
                let value = self.word(t, span, name, DmarcResult::from_word, DmarcResult::WORDS);
                if let Some(r) = self.record.as_mut() {
                    if field == F::EvalDkim {
                        r.dkim = value;
                    } else {
                        r.spf = value;
                    }
                }
            }
            F::ReasonType => {
                let value = self.word(t, span, name, ReasonType::from_word, ReasonType::WORDS);
                if matches!(value, Some(ReasonType::Forwarded | ReasonType::SampledOut)) {
                    self.diag(C::LegacyValue, span, &[("name", name), ("value", t)]);
                }
                if let Some(reason) = self.reason.as_mut() {
                    reason.kind = value;
                }
            }
            F::ReasonComment => {
                if let Some(reason) = self.reason.as_mut() {
                    reason.comment = Some(text.to_string());
                }
            }
            F::HeaderFrom | F::EnvelopeFrom | F::EnvelopeTo => {
                if let Some(r) = self.record.as_mut() {
                    match field {
                        F::HeaderFrom => r.header_from = text.to_string(),
                        F::EnvelopeFrom => r.envelope_from = Some(text.to_string()),
                        _ => r.envelope_to = Some(text.to_string()),
                    }
                }
            }
            F::DkimDomain | F::DkimSelector | F::DkimHuman => {
                if t == "NULL" && field == F::DkimDomain {
                    self.diag(C::NullDomain, span, &[("what", "DKIM")]);
                }
                if let Some(d) = self.dkim.as_mut() {
                    match field {
                        F::DkimDomain => d.domain = text.to_string(),
                        F::DkimSelector => d.selector = Some(text.to_string()),
                        _ => d.human_result = Some(text.to_string()),
                    }
                }
            }
            F::DkimResult => {
                let value = self.word(t, span, name, DkimResult::from_word, DkimResult::WORDS);
                if let Some(d) = self.dkim.as_mut() {
                    d.result = value;
                }
            }
            F::SpfDomain | F::SpfHuman => {
                if t == "NULL" && field == F::SpfDomain {
                    self.diag(C::NullDomain, span, &[("what", "SPF")]);
                }
                if let Some(s) = self.spf.as_mut() {
                    if field == F::SpfDomain {
                        s.domain = text.to_string();
                    } else {
                        s.human_result = Some(text.to_string());
                    }
                }
            }
            F::SpfScope => {
                let value = self.word(t, span, name, SpfScope::from_word, SpfScope::WORDS);
                if value == Some(SpfScope::Helo) {
                    self.diag(C::LegacyValue, span, &[("name", name), ("value", t)]);
                }
                if let Some(s) = self.spf.as_mut() {
                    s.scope = value;
                }
            }
            F::SpfResult => {
                let value = self.word(t, span, name, SpfResult::from_word, SpfResult::WORDS);
                if let Some(s) = self.spf.as_mut() {
                    s.result = value;
                }
            }
        }
    }
}
