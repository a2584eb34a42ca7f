//! TLS-RPT reports (RFC 8460 §4): the JSON that sending servers mail to the
//! `rua` of a domain's `_smtp._tls` record, saying how many TLS sessions to
//! its MX hosts succeeded and why the others failed.
//!
//! [`read`] is lenient: whatever the reporter wrote is kept, an unknown
//! `policy-type` or `result-type` stays visible as unknown, a missing count
//! stays missing (never a silent 0), and every oddity is a [`Diagnostic`]
//! whose span points into the JSON. Only input that cannot be a report at
//! all (too big, too deep, not JSON, not an object) is refused.
//!
//! ```
//! let json = br#"{"organization-name": "Company-X",
//!   "date-range": {"start-datetime": "2016-04-01T00:00:00Z", "end-datetime": "2016-04-01T23:59:59Z"},
//!   "contact-info": "sts-reporting@company-x.example", "report-id": "5065427c",
//!   "policies": [{"policy": {"policy-type": "sts", "policy-domain": "company-y.example"},
//!     "summary": {"total-successful-session-count": 5326, "total-failure-session-count": 3},
//!     "failure-details": [{"result-type": "certificate-expired", "sending-mta-ip": "198.51.100.62",
//!       "receiving-mx-hostname": "mx1.company-y.example", "failed-session-count": 3}]}]}"#;
//! let (report, diagnostics) = dmarc_lens::report::tls_rpt::read(json).unwrap();
//! assert!(diagnostics.is_empty());
//! assert_eq!(report.policies[0].summary.total_failure_session_count, Some(3));
//! let summary = dmarc_lens::report::tls_rpt::summarize(&report);
//! assert_eq!(summary[0].by_mx[0].receiving_mx.as_deref(), Some("mx1.company-y.example"));
//! ```

mod json;
#[cfg(test)]
mod tests;

use serde::Serialize;
use std::fmt;

use crate::catalogue::TlsReportCode as C;
use crate::diag::{Diagnostic, Span};
use json::{Node, Value};

/// How much [`read_with`] accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// The largest document read, in bytes.
    pub max_bytes: usize,
    /// The deepest nesting of arrays and objects read (a report needs 5).
    /// `serde_json`'s own recursion limit (128) applies on top.
    pub max_depth: usize,
}

impl Default for Limits {
    /// 4 MiB and 16 levels.
    fn default() -> Self {
        Limits { max_bytes: 4 << 20, max_depth: 16 }
    }
}

/// Why a document was not read at all. The diagnostic says why, with its
/// span into the input.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Refusal {
    /// The reason, as a diagnostic of severity error.
    pub diagnostic: Diagnostic,
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diagnostic.message)
    }
}

impl std::error::Error for Refusal {}

/// One TLS-RPT report (RFC 8460 §4.4). Fields the reporter left out are
/// `None` or empty, each with a diagnostic.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct TlsReport {
    /// `organization-name`: who sent the report.
    pub organization_name: Option<String>,
    /// `date-range`: the period the report covers.
    pub date_range: Option<DateRange>,
    /// `contact-info`: whom to ask about the report.
    pub contact_info: Option<String>,
    /// `report-id`: the reporter's identifier for this report.
    pub report_id: Option<String>,
    /// `policies`: one entry per policy the sessions were checked against.
    pub policies: Vec<PolicyResult>,
}

/// `date-range` (RFC 8460 §4.1).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct DateRange {
    /// `start-datetime`.
    pub start: Option<DateTime>,
    /// `end-datetime`.
    pub end: Option<DateTime>,
}

/// A date-time as written, and as seconds since 1970 (UTC) when it is a
/// valid RFC 3339 date-time.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DateTime {
    /// The text as the reporter wrote it.
    pub text: String,
    /// Seconds since 1970-01-01T00:00:00Z; `None` if not RFC 3339.
    pub unix: Option<i64>,
}

/// One entry of `policies`: a policy and the sessions checked against it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct PolicyResult {
    /// `policy`.
    pub policy: Policy,
    /// `summary`.
    pub summary: Summary,
    /// `failure-details`, empty when absent.
    pub failure_details: Vec<FailureDetail>,
}

/// `policy`: which policy the sending server applied.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Policy {
    /// `policy-type`; `None` when missing.
    pub policy_type: Option<PolicyType>,
    /// `policy-string`: the policy as the sender saw it, line by line.
    pub policy_string: Vec<String>,
    /// `policy-domain`: the domain the policy belongs to.
    pub policy_domain: Option<String>,
    /// `mx-host`: the MX patterns of the policy.
    pub mx_host: Vec<String>,
}

/// `policy-type`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PolicyType {
    /// An MTA-STS policy (RFC 8461).
    Sts,
    /// DANE TLSA records (RFC 7672).
    Tlsa,
    /// Neither was found.
    NoPolicyFound,
    /// Anything else, as written.
    Unknown(String),
}

impl PolicyType {
    /// The type as written in reports; an unknown one as the reporter wrote it.
    pub fn as_str(&self) -> &str {
        match self {
            PolicyType::Sts => "sts",
            PolicyType::Tlsa => "tlsa",
            PolicyType::NoPolicyFound => "no-policy-found",
            PolicyType::Unknown(text) => text,
        }
    }

    fn from_text(text: &str) -> PolicyType {
        match text {
            "sts" => PolicyType::Sts,
            "tlsa" => PolicyType::Tlsa,
            "no-policy-found" => PolicyType::NoPolicyFound,
            other => PolicyType::Unknown(other.to_string()),
        }
    }
}

/// `summary` (RFC 8460 §4.2).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// `total-successful-session-count`; `None` when missing.
    pub total_successful_session_count: Option<u64>,
    /// `total-failure-session-count`; `None` when missing.
    pub total_failure_session_count: Option<u64>,
}

/// One entry of `failure-details`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct FailureDetail {
    /// `result-type`, as written (see [`explain_result_type`]).
    pub result_type: Option<String>,
    /// `sending-mta-ip`.
    pub sending_mta_ip: Option<String>,
    /// `receiving-mx-hostname`.
    pub receiving_mx_hostname: Option<String>,
    /// `receiving-mx-helo`.
    pub receiving_mx_helo: Option<String>,
    /// `receiving-ip`.
    pub receiving_ip: Option<String>,
    /// `failed-session-count`.
    pub failed_session_count: Option<u64>,
    /// `additional-information`: a URI with more detail.
    pub additional_information: Option<String>,
    /// `failure-reason-code`: free text from the sender's TLS stack.
    pub failure_reason_code: Option<String>,
}

/// The result types of RFC 8460 §4.3, in its order.
pub const RESULT_TYPES: &[&str] = &[
    "starttls-not-supported",
    "certificate-host-mismatch",
    "certificate-not-trusted",
    "certificate-expired",
    "validation-failure",
    "tlsa-invalid",
    "dnssec-invalid",
    "dane-required",
    "sts-policy-fetch-error",
    "sts-policy-invalid",
    "sts-webpki-invalid",
];

/// A plain explanation of a `result-type` (RFC 8460 §4.3), or of an unknown one.
///
/// ```
/// use dmarc_lens::report::tls_rpt::explain_result_type;
/// assert!(explain_result_type("certificate-expired").contains("expired"));
/// assert!(explain_result_type("made-up").starts_with("Unknown result type"));
/// ```
pub fn explain_result_type(result_type: &str) -> &'static str {
    match result_type {
        "starttls-not-supported" => {
            "The receiving server did not offer STARTTLS, so the sender could not encrypt the connection."
        }
        "certificate-host-mismatch" => {
            "The receiving server's certificate does not name the MX host the sender connected to."
        }
        "certificate-not-trusted" => {
            "The receiving server's certificate does not chain to an authority the sender trusts (self-signed, or an intermediate is missing)."
        }
        "certificate-expired" => "The receiving server's certificate has expired.",
        "validation-failure" => {
            "The TLS connection failed for a reason that fits none of the other types; failure-reason-code may say more."
        }
        "tlsa-invalid" => {
            "The domain's DANE TLSA records are wrong: they match no certificate the receiving server presents."
        }
        "dnssec-invalid" => {
            "DNSSEC validation of the TLSA records failed, so the sender could not trust them."
        }
        "dane-required" => {
            "DANE was required for this host, but the sender found no usable TLSA records or could not use them."
        }
        "sts-policy-fetch-error" => {
            "The sender could not fetch the MTA-STS policy over HTTPS (no answer, an HTTP error or a TLS error on the policy host)."
        }
        "sts-policy-invalid" => {
            "The MTA-STS policy was fetched but could not be read: its syntax or its values are wrong."
        }
        "sts-webpki-invalid" => {
            "The certificate of the MTA-STS policy host (mta-sts.<domain>) did not validate, so the policy could not be trusted."
        }
        _ => "Unknown result type: RFC 8460 does not define it, so only the reporter can say what it means.",
    }
}

/// Reads a TLS-RPT report within the default [`Limits`].
pub fn read(json: &[u8]) -> Result<(TlsReport, Vec<Diagnostic>), Refusal> {
    read_with(json, Limits::default())
}

/// Reads a TLS-RPT report within `limits`: the report, and every oddity
/// found as a diagnostic (spans are byte offsets into `json`).
pub fn read_with(json: &[u8], limits: Limits) -> Result<(TlsReport, Vec<Diagnostic>), Refusal> {
    let refuse = |code: C, span: Span, args: &[(&str, &str)]| Refusal {
        diagnostic: Diagnostic::new(code, span, args),
    };
    if json.len() > limits.max_bytes {
        let (size, limit) = (json.len().to_string(), limits.max_bytes.to_string());
        return Err(refuse(C::TooLarge, Span::new(0, json.len()), &[("size", &size), ("limit", &limit)]));
    }
    let max_depth = limits.max_depth.min(127);
    if json::depth(json, max_depth) > max_depth {
        let limit = max_depth.to_string();
        return Err(refuse(C::TooDeep, Span::new(0, json.len()), &[("limit", &limit)]));
    }
    if let Err(error) = serde_json::from_slice::<serde::de::IgnoredAny>(json) {
        let at = offset_of(json, error.line(), error.column());
        let why = error.to_string();
        return Err(refuse(C::NotJson, Span::at(at), &[("why", &why)]));
    }
    let tree = std::str::from_utf8(json).ok().and_then(|text| json::parse(text, max_depth));
    let Some(tree) = tree else {
        return Err(refuse(C::NotJson, Span::at(0), &[("why", "it could not be read as text")]));
    };
    if !matches!(tree.value, Value::Object(_)) {
        return Err(refuse(C::NotObject, tree.span, &[("kind", tree.value.kind())]));
    }
    if let Value::Object(members) = &tree.value {
        let has = |key: &str| members.iter().any(|m| m.key == key);
        if !["organization-name", "date-range", "report-id", "policies"].iter().any(|k| has(k)) {
            let looks = if has("report_metadata") || has("policy_published") {
                "; it looks like a DMARC aggregate report converted to JSON by another tool"
            } else {
                ""
            };
            return Err(refuse(C::NotTlsReport, tree.span, &[("looks", looks)]));
        }
    }
    let mut reader = Reader { diagnostics: Vec::new() };
    let report = reader.report(&tree);
    let mut diagnostics = reader.diagnostics;
    diagnostics.sort_by_key(|d| (d.span.start, d.span.end));
    Ok((report, diagnostics))
}

/// The byte offset of serde_json's 1-based line and column.
fn offset_of(bytes: &[u8], line: usize, column: usize) -> usize {
    let line_start: usize =
        bytes.split(|&b| b == b'\n').take(line.saturating_sub(1)).map(|l| l.len() + 1).sum();
    (line_start + column.saturating_sub(1)).min(bytes.len())
}

/// What one policy's sessions came to, for display.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PolicyOutcome {
    /// `policy-type`, when given.
    pub policy_type: Option<PolicyType>,
    /// `policy-domain`, when given.
    pub policy_domain: Option<String>,
    /// Sessions that succeeded; `None` when the reporter did not say.
    pub successful: Option<u64>,
    /// Sessions that failed; `None` when the reporter did not say.
    pub failed: Option<u64>,
    /// The failure details grouped by receiving MX, in order of appearance.
    pub by_mx: Vec<MxFailures>,
}

/// The failures at one receiving MX.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MxFailures {
    /// `receiving-mx-hostname`; `None` for details that do not name one.
    pub receiving_mx: Option<String>,
    /// Failed sessions per result type, in order of appearance.
    pub failures: Vec<FailureCount>,
}

/// Failed sessions of one result type.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FailureCount {
    /// `result-type` as written; `None` when the detail had none.
    pub result_type: Option<String>,
    /// The sum of `failed-session-count` (a missing count adds nothing).
    pub sessions: u64,
}

/// Per policy: the session counts and the failure types grouped by receiving MX.
pub fn summarize(report: &TlsReport) -> Vec<PolicyOutcome> {
    report
        .policies
        .iter()
        .map(|p| {
            let mut by_mx: Vec<MxFailures> = Vec::new();
            for detail in &p.failure_details {
                let index = match by_mx.iter().position(|m| m.receiving_mx == detail.receiving_mx_hostname) {
                    Some(i) => i,
                    None => {
                        by_mx.push(MxFailures {
                            receiving_mx: detail.receiving_mx_hostname.clone(),
                            failures: Vec::new(),
                        });
                        by_mx.len() - 1
                    }
                };
                let Some(mx) = by_mx.get_mut(index) else { continue };
                let count = detail.failed_session_count.unwrap_or(0);
                match mx.failures.iter_mut().find(|f| f.result_type == detail.result_type) {
                    Some(f) => f.sessions = f.sessions.saturating_add(count),
                    None => mx
                        .failures
                        .push(FailureCount { result_type: detail.result_type.clone(), sessions: count }),
                }
            }
            PolicyOutcome {
                policy_type: p.policy.policy_type.clone(),
                policy_domain: p.policy.policy_domain.clone(),
                successful: p.summary.total_successful_session_count,
                failed: p.summary.total_failure_session_count,
                by_mx,
            }
        })
        .collect()
}

/// Seconds since 1970 of an RFC 3339 `date-time` (§5.6), e.g.
/// `2016-04-01T23:59:59Z` or `2016-04-01T23:59:59.5+02:00`.
pub fn parse_rfc3339(text: &str) -> Option<i64> {
    let b = text.as_bytes();
    let digits = |from: usize, len: usize| -> Option<i64> {
        let part = b.get(from..from + len)?;
        part.iter().try_fold(0i64, |n, &d| d.is_ascii_digit().then(|| n * 10 + i64::from(d - b'0')))
    };
    let sep = |at: usize, allowed: &[u8]| b.get(at).is_some_and(|c| allowed.contains(c));
    if !(sep(4, b"-") && sep(7, b"-") && sep(10, b"Tt") && sep(13, b":") && sep(16, b":")) {
        return None;
    }
    let (year, month, day) = (digits(0, 4)?, digits(5, 2)?, digits(8, 2)?);
    let (hour, minute, second) = (digits(11, 2)?, digits(14, 2)?, digits(17, 2)?);
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let month_days = [31, if leap { 29 } else { 28 }, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    let max_day = *month_days.get(usize::try_from(month).ok()?.checked_sub(1)?)?;
    if day < 1 || day > max_day || hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let mut at = 19;
    if sep(at, b".") {
        at += 1;
        let len = b.get(at..)?.iter().take_while(|d| d.is_ascii_digit()).count();
        if len == 0 {
            return None;
        }
        at += len;
    }
    let offset = match b.get(at)? {
        b'Z' | b'z' if at + 1 == b.len() => 0,
        sign @ (b'+' | b'-') if at + 6 == b.len() && sep(at + 3, b":") => {
            let (h, m) = (digits(at + 1, 2)?, digits(at + 4, 2)?);
            if h > 23 || m > 59 {
                return None;
            }
            let minutes = h * 60 + m;
            if *sign == b'+' {
                minutes
            } else {
                -minutes
            }
        }
        _ => return None,
    };
    // Days from 1970-01-01 to the civil date (Howard Hinnant's algorithm).
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some(days * 86_400 + hour * 3600 + minute * 60 + second - offset * 60)
}

/// The members of one object, with repeats and unknown keys reported.
struct Fields<'n> {
    node: &'n Node,
    members: Vec<(&'n str, &'n Node)>,
}

impl<'n> Fields<'n> {
    fn get(&self, key: &str) -> Option<&'n Node> {
        self.members.iter().find(|(k, _)| *k == key).map(|(_, v)| *v)
    }

    /// Where a missing member would go: just before the closing brace.
    fn missing_at(&self) -> Span {
        Span::at(self.node.span.end.saturating_sub(1))
    }
}

struct Reader {
    diagnostics: Vec<Diagnostic>,
}

impl Reader {
    fn push(&mut self, code: C, span: Span, args: &[(&str, &str)]) {
        self.diagnostics.push(Diagnostic::new(code, span, args));
    }

    /// The members of `node` if it is an object (last repeat wins);
    /// otherwise a type diagnostic and `None`.
    fn object<'n>(&mut self, node: &'n Node, field: &str, known: &[&str]) -> Option<Fields<'n>> {
        let Value::Object(list) = &node.value else {
            self.wrong_type(node, field, "an object");
            return None;
        };
        let mut members: Vec<(&str, &Node)> = Vec::new();
        for m in list {
            if let Some(slot) = members.iter_mut().find(|(k, _)| *k == m.key) {
                self.push(C::KeyDuplicate, m.key_span, &[("field", &m.key)]);
                slot.1 = &m.value;
                continue;
            }
            if !known.contains(&m.key.as_str()) {
                self.push(C::FieldUnknown, m.key_span, &[("field", &m.key)]);
            }
            members.push((&m.key, &m.value));
        }
        Some(Fields { node, members })
    }

    fn wrong_type(&mut self, node: &Node, field: &str, expected: &str) {
        if node.value == Value::Null {
            self.push(C::FieldNull, node.span, &[("field", field)]);
        } else {
            self.push(
                C::FieldType,
                node.span,
                &[("field", field), ("expected", expected), ("found", node.value.kind())],
            );
        }
    }

    /// A member that must be there: reported when missing.
    fn required<'n>(&mut self, fields: &Fields<'n>, key: &str, place: &str) -> Option<&'n Node> {
        let found = fields.get(key);
        if found.is_none() {
            self.push(C::FieldMissing, fields.missing_at(), &[("field", key), ("place", place)]);
        }
        found
    }

    fn string(&mut self, node: Option<&Node>, field: &str) -> Option<String> {
        let node = node?;
        match &node.value {
            Value::String(s) => Some(s.clone()),
            _ => {
                self.wrong_type(node, field, "a string");
                None
            }
        }
    }

    fn count(&mut self, node: Option<&Node>, field: &str) -> Option<u64> {
        let node = node?;
        if let Value::Number(text) = &node.value {
            if let Ok(n) = text.parse::<u64>() {
                return Some(n);
            }
        }
        self.wrong_type(node, field, "a whole number, 0 or more");
        None
    }

    /// A list of strings; a lone string is accepted as a list of one.
    fn strings(&mut self, node: Option<&Node>, field: &str) -> Vec<(Span, String)> {
        let Some(node) = node else { return Vec::new() };
        match &node.value {
            Value::String(s) => {
                self.push(C::StringNotList, node.span, &[("field", field)]);
                vec![(node.span, s.clone())]
            }
            Value::Array(items) => {
                items.iter().filter_map(|item| Some((item.span, self.string(Some(item), field)?))).collect()
            }
            _ => {
                self.wrong_type(node, field, "a list of strings");
                Vec::new()
            }
        }
    }

    fn ip(&mut self, node: Option<&Node>, field: &str) -> Option<String> {
        let text = self.string(node, field)?;
        if text.parse::<std::net::IpAddr>().is_err() {
            let span = node.map_or(Span::at(0), |n| n.span);
            self.push(C::IpInvalid, span, &[("field", field), ("value", &text)]);
        }
        Some(text)
    }

    fn report(&mut self, tree: &Node) -> TlsReport {
        const KNOWN: &[&str] = &["organization-name", "date-range", "contact-info", "report-id", "policies"];
        let mut report = TlsReport::default();
        let Some(top) = self.object(tree, "the report", KNOWN) else { return report };
        let place = "the report";
        let node = self.required(&top, "organization-name", place);
        report.organization_name = self.string(node, "organization-name");
        if let Some(node) = self.required(&top, "date-range", place) {
            report.date_range = self.date_range(node);
        }
        let node = self.required(&top, "contact-info", place);
        report.contact_info = self.string(node, "contact-info");
        let node = self.required(&top, "report-id", place);
        report.report_id = self.string(node, "report-id");
        if let Some(node) = self.required(&top, "policies", place) {
            match &node.value {
                Value::Array(items) if items.is_empty() => self.push(C::NoPolicies, node.span, &[]),
                Value::Array(items) => {
                    report.policies =
                        items.iter().enumerate().map(|(i, item)| self.policy_result(item, i + 1)).collect()
                }
                _ => self.wrong_type(node, "policies", "a list"),
            }
        }
        report
    }

    fn date_range(&mut self, node: &Node) -> Option<DateRange> {
        let fields = self.object(node, "date-range", &["start-datetime", "end-datetime"])?;
        let mut range = DateRange::default();
        for (key, slot) in [("start-datetime", &mut range.start), ("end-datetime", &mut range.end)] {
            let Some(node) = self.required(&fields, key, "date-range") else { continue };
            let Some(text) = self.string(Some(node), key) else { continue };
            let unix = parse_rfc3339(&text);
            if unix.is_none() {
                self.push(C::DateInvalid, node.span, &[("field", key), ("value", &text)]);
            }
            *slot = Some(DateTime { text, unix });
        }
        if let (Some(start), Some(end)) = (&range.start, &range.end) {
            if let (Some(s), Some(e)) = (start.unix, end.unix) {
                if e < s {
                    self.push(C::DateRangeReversed, node.span, &[("start", &start.text), ("end", &end.text)]);
                }
            }
        }
        Some(range)
    }

    fn policy_result(&mut self, node: &Node, number: usize) -> PolicyResult {
        let mut out = PolicyResult::default();
        let place = format!("policy entry {number}");
        let Some(fields) = self.object(node, &place, &["policy", "summary", "failure-details"]) else {
            return out;
        };
        if let Some(policy) = self.required(&fields, "policy", &place) {
            out.policy = self.policy(policy, number);
        }
        let mut total_failed = None;
        if let Some(summary) = self.required(&fields, "summary", &place) {
            let known = ["total-successful-session-count", "total-failure-session-count"];
            if let Some(s) = self.object(summary, "summary", &known) {
                let place = format!("the summary of policy entry {number}");
                let node = self.required(&s, known[0], &place);
                out.summary.total_successful_session_count = self.count(node, known[0]);
                let node = self.required(&s, known[1], &place);
                out.summary.total_failure_session_count = self.count(node, known[1]);
                total_failed = node.zip(out.summary.total_failure_session_count);
            }
        }
        match fields.get("failure-details") {
            None => {}
            Some(Node { value: Value::Array(items), .. }) => {
                out.failure_details = items
                    .iter()
                    .enumerate()
                    .filter_map(|(i, item)| self.failure_detail(item, number, i + 1))
                    .collect()
            }
            Some(other) => self.wrong_type(other, "failure-details", "a list"),
        }
        if let Some((node, total)) = total_failed {
            let detailed: u64 = out.failure_details.iter().filter_map(|d| d.failed_session_count).sum();
            if detailed > total {
                self.push(
                    C::CountMismatch,
                    node.span,
                    &[("details", &detailed.to_string()), ("total", &total.to_string())],
                );
            }
            if total > 0 && out.failure_details.is_empty() {
                self.push(C::FailuresWithoutDetails, node.span, &[("total", &total.to_string())]);
            }
        }
        out
    }

    fn policy(&mut self, node: &Node, number: usize) -> Policy {
        let mut out = Policy::default();
        let known = ["policy-type", "policy-string", "policy-domain", "mx-host"];
        let Some(fields) = self.object(node, "policy", &known) else { return out };
        let place = format!("the policy of policy entry {number}");
        let type_node = self.required(&fields, "policy-type", &place);
        if let Some(text) = self.string(type_node, "policy-type") {
            let kind = PolicyType::from_text(&text);
            if let (PolicyType::Unknown(value), Some(node)) = (&kind, type_node) {
                self.push(C::PolicyTypeUnknown, node.span, &[("value", value)]);
            }
            out.policy_type = Some(kind);
        }
        out.policy_string =
            self.strings(fields.get("policy-string"), "policy-string").into_iter().map(|(_, s)| s).collect();
        let node = self.required(&fields, "policy-domain", &place);
        out.policy_domain = self.string(node, "policy-domain");
        for (span, host) in self.strings(fields.get("mx-host"), "mx-host") {
            let pattern = host.strip_prefix("*.").unwrap_or(&host);
            if !crate::domain::is_hostname(pattern) {
                self.push(C::MxHostInvalid, span, &[("value", &host)]);
            }
            out.mx_host.push(host);
        }
        out
    }

    fn failure_detail(&mut self, node: &Node, policy: usize, number: usize) -> Option<FailureDetail> {
        const KNOWN: &[&str] = &[
            "result-type",
            "sending-mta-ip",
            "receiving-mx-hostname",
            "receiving-mx-helo",
            "receiving-ip",
            "failed-session-count",
            "additional-information",
            "failure-reason-code",
        ];
        let fields = self.object(node, "failure-details entry", KNOWN)?;
        let place = format!("failure detail {number} of policy entry {policy}");
        let mut out = FailureDetail::default();
        let type_node = self.required(&fields, "result-type", &place);
        out.result_type = self.string(type_node, "result-type");
        if let (Some(text), Some(node)) = (&out.result_type, type_node) {
            if !RESULT_TYPES.contains(&text.as_str()) {
                self.push(C::ResultTypeUnknown, node.span, &[("value", text)]);
            }
        }
        for (key, what) in [("sending-mta-ip", "sending server"), ("receiving-mx-hostname", "receiving MX")] {
            if fields.get(key).is_none() {
                self.push(C::DetailIncomplete, fields.missing_at(), &[("field", key), ("what", what)]);
            }
        }
        out.sending_mta_ip = self.ip(fields.get("sending-mta-ip"), "sending-mta-ip");
        out.receiving_mx_hostname = self.string(fields.get("receiving-mx-hostname"), "receiving-mx-hostname");
        out.receiving_mx_helo = self.string(fields.get("receiving-mx-helo"), "receiving-mx-helo");
        out.receiving_ip = self.ip(fields.get("receiving-ip"), "receiving-ip");
        let node = self.required(&fields, "failed-session-count", &place);
        out.failed_session_count = self.count(node, "failed-session-count");
        out.additional_information =
            self.string(fields.get("additional-information"), "additional-information");
        out.failure_reason_code = self.string(fields.get("failure-reason-code"), "failure-reason-code");
        Some(out)
    }
}
