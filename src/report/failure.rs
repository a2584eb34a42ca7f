//! Failure reports: ARF (RFC 5965) as extended for authentication failures
//! by RFC 6591 and for DMARC by RFC 9991.
//!
//! A failure report is a `multipart/report; report-type=feedback-report`
//! e-mail with a human-readable text part, a `message/feedback-report` part
//! of `Name: value` fields, and the failed message (`message/rfc822`) or
//! its headers (`text/rfc822-headers`). Splitting the e-mail into parts is
//! the MIME reader's job ([`crate::report::mime`]); this module reads the
//! parts it is given:
//!
//! - [`read_feedback_fields`] reads the feedback-report part;
//! - [`from_parts`] combines it with the original headers (and, for
//!   reporters that send no feedback part, what the text part says);
//! - [`container_diagnostics`] checks the report's own Content-Type.
//!
//! Header values from the original message are attacker-controlled: they
//! are kept as raw text, for display as text only.
//!
//! ```
//! use dmarc_lens::report::failure::{from_parts, AuthFailure};
//! let feedback = b"Feedback-Type: auth-failure\nUser-Agent: x/1\nVersion: 1\nAuth-Failure: dmarc\n\
//! Identity-Alignment: none\nSource-IP: 192.0.2.1\nReported-Domain: example.com\n";
//! let headers = b"From: Ann <ann@example.com>\nSubject: Hi\n";
//! let report = from_parts(Some(feedback), Some(headers), None);
//! assert_eq!(report.auth_failure, Some(AuthFailure::Dmarc));
//! assert_eq!(report.identities.header_from_domain.as_deref(), Some("example.com"));
//! assert!(report.diagnostics.is_empty());
//! ```

#[cfg(test)]
mod tests;

use serde::Serialize;

use crate::catalogue::FailureCode as C;
use crate::diag::{Diagnostic, Span};
use crate::domain::org::same_org;

/// One field of the feedback-report part, as written.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FeedbackField {
    /// The name as written.
    pub name: String,
    /// The value, unfolded (line breaks removed) and trimmed.
    pub value: String,
    /// The whole field, continuation lines included.
    pub span: Span,
    /// Where the value is written.
    pub value_span: Span,
    /// Whether ARF (RFC 5965, 6591, 6692, 9991) defines the field.
    pub known: bool,
}

/// `Auth-Failure` (RFC 6591, RFC 9991): which check failed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AuthFailure {
    /// DMARC failed (RFC 9991).
    Dmarc,
    /// A DKIM signature failed.
    Dkim,
    /// SPF failed.
    Spf,
    /// The DKIM body hash did not match.
    Bodyhash,
    /// The DKIM key was revoked.
    Revoked,
    /// The DKIM signature did not verify.
    Signature,
    /// An ADSP check failed (historic).
    Adsp,
    /// Anything else, as written.
    Unknown(String),
}

impl AuthFailure {
    fn from_text(text: &str) -> AuthFailure {
        match text.to_ascii_lowercase().as_str() {
            "dmarc" => AuthFailure::Dmarc,
            "dkim" => AuthFailure::Dkim,
            "spf" => AuthFailure::Spf,
            "bodyhash" => AuthFailure::Bodyhash,
            "revoked" => AuthFailure::Revoked,
            "signature" => AuthFailure::Signature,
            "adsp" => AuthFailure::Adsp,
            _ => AuthFailure::Unknown(text.to_string()),
        }
    }

    /// The value as written in reports (`dmarc`, `bodyhash`…); an unknown
    /// one as the reporter wrote it.
    pub fn as_str(&self) -> &str {
        match self {
            AuthFailure::Dmarc => "dmarc",
            AuthFailure::Dkim => "dkim",
            AuthFailure::Spf => "spf",
            AuthFailure::Bodyhash => "bodyhash",
            AuthFailure::Revoked => "revoked",
            AuthFailure::Signature => "signature",
            AuthFailure::Adsp => "adsp",
            AuthFailure::Unknown(text) => text,
        }
    }

    /// Whether this is a failure of a DKIM signature.
    pub fn is_dkim(&self) -> bool {
        matches!(
            self,
            AuthFailure::Dkim | AuthFailure::Bodyhash | AuthFailure::Revoked | AuthFailure::Signature
        )
    }
}

/// `Delivery-Result` (RFC 6591): what the receiver did with the message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DeliveryResult {
    /// Delivered to the inbox.
    Delivered,
    /// Delivered to a spam folder.
    Spam,
    /// Handled by local policy (e.g. quarantined).
    Policy,
    /// Rejected.
    Reject,
    /// Something else.
    Other,
    /// A value not defined, as written.
    Unknown(String),
}

impl DeliveryResult {
    fn from_text(text: &str) -> DeliveryResult {
        match text.to_ascii_lowercase().as_str() {
            "delivered" => DeliveryResult::Delivered,
            "spam" => DeliveryResult::Spam,
            "policy" => DeliveryResult::Policy,
            "reject" => DeliveryResult::Reject,
            "other" => DeliveryResult::Other,
            _ => DeliveryResult::Unknown(text.to_string()),
        }
    }
}

/// `Identity-Alignment` (RFC 9991): which identifiers were aligned with the
/// From domain. `none` is neither flag set and no unknown words.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct IdentityAlignment {
    /// `dkim` was listed.
    pub dkim: bool,
    /// `spf` was listed.
    pub spf: bool,
    /// Words other than none, dkim and spf, as written.
    pub unknown: Vec<String>,
}

/// The `message/feedback-report` part, read.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct FeedbackReport {
    /// Every field in written order, unknown ones included.
    pub fields: Vec<FeedbackField>,
    /// `Feedback-Type` (`auth-failure` for failure reports).
    pub feedback_type: Option<String>,
    /// `User-Agent`.
    pub user_agent: Option<String>,
    /// `Version`.
    pub version: Option<String>,
    /// `Original-Envelope-Id`.
    pub original_envelope_id: Option<String>,
    /// `Original-Mail-From`: the envelope sender.
    pub original_mail_from: Option<String>,
    /// `Original-Rcpt-To`, every one.
    pub original_rcpt_to: Vec<String>,
    /// `Arrival-Date`, as written.
    pub arrival_date: Option<String>,
    /// `Reporting-MTA`.
    pub reporting_mta: Option<String>,
    /// `Source-IP`, without comments (as written if it is not an address).
    pub source_ip: Option<String>,
    /// `Source-Port` (RFC 6692).
    pub source_port: Option<u16>,
    /// `Incidents`.
    pub incidents: Option<u64>,
    /// `Reported-Domain`, every one.
    pub reported_domain: Vec<String>,
    /// `Reported-URI`, every one.
    pub reported_uri: Vec<String>,
    /// `Authentication-Results`, every one, as written.
    pub authentication_results: Vec<String>,
    /// `Auth-Failure`.
    pub auth_failure: Option<AuthFailure>,
    /// `Delivery-Result`.
    pub delivery_result: Option<DeliveryResult>,
    /// `Identity-Alignment`.
    pub identity_alignment: Option<IdentityAlignment>,
    /// `DKIM-Domain`.
    pub dkim_domain: Option<String>,
    /// `DKIM-Identity`.
    pub dkim_identity: Option<String>,
    /// `DKIM-Selector`.
    pub dkim_selector: Option<String>,
    /// `DKIM-Canonicalized-Header` (base64, as written).
    pub dkim_canonicalized_header: Option<String>,
    /// `DKIM-Canonicalized-Body` (base64, as written).
    pub dkim_canonicalized_body: Option<String>,
    /// `SPF-DNS`.
    pub spf_dns: Option<String>,
}

/// Fields that may appear once.
const SINGLE: &[&str] = &[
    "feedback-type",
    "user-agent",
    "version",
    "original-envelope-id",
    "original-mail-from",
    "arrival-date",
    "reporting-mta",
    "source-ip",
    "source-port",
    "incidents",
    "auth-failure",
    "delivery-result",
    "identity-alignment",
    "dkim-domain",
    "dkim-identity",
    "dkim-selector",
    "dkim-canonicalized-header",
    "dkim-canonicalized-body",
    "dkim-selector-dns",
    "dkim-adsp-dns",
    "spf-dns",
];

/// Fields that may repeat.
const MULTIPLE: &[&str] =
    &["original-rcpt-to", "reported-domain", "reported-uri", "authentication-results", "removal-recipient"];

/// Reads the body of a `message/feedback-report` part (RFC 5965 §3):
/// one `Name: value` field per line, continuation lines starting with white
/// space. Spans are byte offsets into `part`; never panics.
pub fn read_feedback_fields(part: &[u8]) -> (FeedbackReport, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let fields = split_fields(part, &mut diagnostics);
    let mut report = FeedbackReport::default();
    let mut seen: Vec<String> = Vec::new();
    for field in &fields {
        let name = field.name.to_ascii_lowercase();
        if !field.known {
            diagnostics.push(Diagnostic::new(C::FieldUnknown, field.span, &[("field", &field.name)]));
            continue;
        }
        if SINGLE.contains(&name.as_str()) {
            if seen.contains(&name) {
                diagnostics.push(Diagnostic::new(C::FieldDuplicate, field.span, &[("field", &field.name)]));
                continue;
            }
            seen.push(name.clone());
        }
        if field.value.is_empty() {
            diagnostics.push(Diagnostic::new(C::FieldEmpty, field.span, &[("field", &field.name)]));
            continue;
        }
        interpret(&mut report, &mut diagnostics, &name, field);
    }
    for required in ["Feedback-Type", "User-Agent", "Version"] {
        if !fields.iter().any(|f| f.name.eq_ignore_ascii_case(required)) {
            diagnostics.push(Diagnostic::new(C::FieldMissing, Span::at(0), &[("field", required)]));
        }
    }
    check_auth_failure(&report, &fields, &mut diagnostics);
    report.fields = fields;
    diagnostics.sort_by_key(|d| (d.span.start, d.span.end));
    (report, diagnostics)
}

/// Cuts the part into fields, unfolding continuation lines.
fn split_fields(part: &[u8], diagnostics: &mut Vec<Diagnostic>) -> Vec<FeedbackField> {
    let mut fields: Vec<FeedbackField> = Vec::new();
    let mut start = 0;
    while start < part.len() {
        let end = part
            .get(start..)
            .and_then(|rest| rest.iter().position(|&b| b == b'\n'))
            .map_or(part.len(), |i| start + i);
        let line_end = if end > start && part.get(end - 1) == Some(&b'\r') { end - 1 } else { end };
        let line = part.get(start..line_end).unwrap_or(&[]);
        let next = end + 1;
        if line.iter().all(u8::is_ascii_whitespace) {
            if !fields.is_empty() {
                break;
            }
        } else if line.first().is_some_and(|&b| b == b' ' || b == b'\t') {
            if let Some(last) = fields.last_mut() {
                let more = String::from_utf8_lossy(line);
                last.value = format!("{} {}", last.value, more.trim()).trim().to_string();
                last.span.end = line_end;
                last.value_span.end = line_end - (line.len() - line.trim_ascii_end().len());
            } else {
                malformed(diagnostics, line, start, line_end);
            }
        } else {
            let colon = line.iter().position(|&b| b == b':');
            let name = colon.and_then(|c| line.get(..c)).unwrap_or(&[]);
            let valid = !name.is_empty() && name.iter().all(|&b| b.is_ascii_graphic());
            match colon {
                Some(c) if valid => {
                    let raw = line.get(c + 1..).unwrap_or(&[]);
                    let lead = raw.len() - raw.trim_ascii_start().len();
                    let value = raw.trim_ascii();
                    let value_start = start + c + 1 + lead;
                    let name = String::from_utf8_lossy(name).into_owned();
                    let known = SINGLE.contains(&name.to_ascii_lowercase().as_str())
                        || MULTIPLE.contains(&name.to_ascii_lowercase().as_str());
                    fields.push(FeedbackField {
                        name,
                        value: String::from_utf8_lossy(value).into_owned(),
                        span: Span::new(start, line_end),
                        value_span: Span::new(value_start, value_start + value.len()),
                        known,
                    });
                }
                _ => malformed(diagnostics, line, start, line_end),
            }
        }
        start = next;
    }
    fields
}

fn malformed(diagnostics: &mut Vec<Diagnostic>, line: &[u8], start: usize, end: usize) {
    let text = String::from_utf8_lossy(line);
    diagnostics.push(Diagnostic::new(C::LineMalformed, Span::new(start, end), &[("text", text.trim())]));
}

fn interpret(
    report: &mut FeedbackReport,
    diagnostics: &mut Vec<Diagnostic>,
    name: &str,
    field: &FeedbackField,
) {
    let value = field.value.clone();
    let at = field.value_span;
    match name {
        "feedback-type" => {
            if !value.eq_ignore_ascii_case("auth-failure") {
                diagnostics.push(Diagnostic::new(C::FeedbackTypeNotAuthFailure, at, &[("value", &value)]));
            }
            report.feedback_type = Some(value);
        }
        "user-agent" => report.user_agent = Some(value),
        "version" => {
            if value != "1" {
                diagnostics.push(Diagnostic::new(C::VersionInvalid, at, &[("value", &value)]));
            }
            report.version = Some(value);
        }
        "original-envelope-id" => report.original_envelope_id = Some(value),
        "original-mail-from" => report.original_mail_from = Some(value),
        "original-rcpt-to" => report.original_rcpt_to.push(value),
        "arrival-date" => report.arrival_date = Some(value),
        "reporting-mta" => report.reporting_mta = Some(value),
        "source-ip" => report.source_ip = Some(checked_ip(&value, at, diagnostics)),
        "source-port" => report.source_port = number(&field.name, &value, at, diagnostics),
        "incidents" => report.incidents = number(&field.name, &value, at, diagnostics),
        "reported-domain" => report.reported_domain.push(value),
        "reported-uri" => report.reported_uri.push(value),
        "authentication-results" => report.authentication_results.push(value),
        "auth-failure" => {
            let kind = AuthFailure::from_text(&value);
            if matches!(kind, AuthFailure::Unknown(_)) {
                diagnostics.push(Diagnostic::new(C::AuthFailureUnknown, at, &[("value", &value)]));
            }
            report.auth_failure = Some(kind);
        }
        "delivery-result" => {
            let kind = DeliveryResult::from_text(&value);
            if matches!(kind, DeliveryResult::Unknown(_)) {
                diagnostics.push(Diagnostic::new(C::DeliveryResultInvalid, at, &[("value", &value)]));
            }
            report.delivery_result = Some(kind);
        }
        "identity-alignment" => {
            let alignment = identity_alignment(&value);
            let words: Vec<String> = value.split(',').map(|w| w.trim().to_ascii_lowercase()).collect();
            let none_mixed = words.iter().any(|w| w == "none") && words.len() > 1;
            if !alignment.unknown.is_empty() || none_mixed {
                diagnostics.push(Diagnostic::new(C::IdentityAlignmentInvalid, at, &[("value", &value)]));
            }
            report.identity_alignment = Some(alignment);
        }
        "dkim-domain" => report.dkim_domain = Some(value),
        "dkim-identity" => report.dkim_identity = Some(value),
        "dkim-selector" => report.dkim_selector = Some(value),
        "dkim-canonicalized-header" => report.dkim_canonicalized_header = Some(value),
        "dkim-canonicalized-body" => report.dkim_canonicalized_body = Some(value),
        "spf-dns" => report.spf_dns = Some(value),
        _ => {}
    }
}

fn identity_alignment(value: &str) -> IdentityAlignment {
    let mut out = IdentityAlignment::default();
    for word in value.split(',').map(str::trim) {
        match word.to_ascii_lowercase().as_str() {
            "dkim" => out.dkim = true,
            "spf" => out.spf = true,
            "none" => {}
            _ => out.unknown.push(word.to_string()),
        }
    }
    out
}

/// The address of a `Source-IP` value without its comment; diagnosed when
/// it is not an address.
fn checked_ip(value: &str, at: Span, diagnostics: &mut Vec<Diagnostic>) -> String {
    let address = value.split(|c: char| c.is_whitespace() || c == '(').next().unwrap_or("");
    if address.parse::<std::net::IpAddr>().is_err() {
        diagnostics.push(Diagnostic::new(C::SourceIpInvalid, at, &[("value", value)]));
        return value.to_string();
    }
    address.to_string()
}

fn number<T: std::str::FromStr>(
    name: &str,
    value: &str,
    at: Span,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<T> {
    let parsed = value.parse::<T>().ok();
    if parsed.is_none() {
        diagnostics.push(Diagnostic::new(C::NumberInvalid, at, &[("field", name), ("value", value)]));
    }
    parsed
}

/// One `method=result` of an Authentication-Results value, with the
/// domain it is about (`header.d` for DKIM, `smtp.mailfrom` for SPF).
fn results<'a>(value: &'a str, method: &str) -> Vec<(String, Option<&'a str>)> {
    let mut out = Vec::new();
    for piece in value.split(';') {
        let mut words = piece.split_whitespace().filter(|w| !w.starts_with('(') && !w.ends_with(')'));
        let Some((m, result)) = words.next().and_then(|w| w.split_once('=')) else { continue };
        if !m.eq_ignore_ascii_case(method) {
            continue;
        }
        let key = if method == "dkim" { "header.d=" } else { "smtp.mailfrom=" };
        let domain = words
            .find_map(|w| w.get(..key.len()).filter(|k| k.eq_ignore_ascii_case(key)).map(|_| w))
            .and_then(|w| w.get(key.len()..))
            .map(|d| d.rsplit('@').next().unwrap_or(d).trim_matches('"'));
        out.push((result.to_ascii_lowercase(), domain));
    }
    out
}

/// RFC 6591 and RFC 9991 fields that depend on what failed.
fn check_auth_failure(report: &FeedbackReport, fields: &[FeedbackField], diagnostics: &mut Vec<Diagnostic>) {
    if !report.feedback_type.as_deref().is_some_and(|t| t.eq_ignore_ascii_case("auth-failure")) {
        return;
    }
    let find = |name: &str| fields.iter().find(|f| f.name.eq_ignore_ascii_case(name));
    let anchor = find("Auth-Failure").or_else(|| find("Feedback-Type")).map_or(Span::at(0), |f| f.span);
    let Some(kind) = &report.auth_failure else {
        diagnostics.push(Diagnostic::new(C::AuthFailureMissing, anchor, &[]));
        return;
    };
    let dmarc = *kind == AuthFailure::Dmarc;
    if dmarc && report.identity_alignment.is_none() {
        diagnostics.push(Diagnostic::new(C::IdentityAlignmentMissing, anchor, &[]));
    }
    let reported = report.reported_domain.first().map(String::as_str);
    let aligned_failure = |method: &str| {
        report.authentication_results.iter().flat_map(|ar| results(ar, method)).find_map(
            |(result, domain)| {
                let failed = matches!(result.as_str(), "fail" | "softfail" | "permerror");
                let aligned = match (domain, reported) {
                    (Some(d), Some(r)) => same_org(d, r),
                    (Some(_), None) => true,
                    _ => false,
                };
                (failed && aligned).then(|| domain.unwrap_or("").to_string())
            },
        )
    };
    let dkim_failed = if kind.is_dkim() {
        Some(report.dkim_domain.clone().or_else(|| reported.map(str::to_string)).unwrap_or_default())
    } else if dmarc {
        aligned_failure("dkim")
    } else {
        None
    };
    if let Some(domain) = dkim_failed {
        let missing: Vec<&str> = [
            ("DKIM-Domain", &report.dkim_domain),
            ("DKIM-Identity", &report.dkim_identity),
            ("DKIM-Selector", &report.dkim_selector),
        ]
        .iter()
        .filter(|(_, v)| v.is_none())
        .map(|(n, _)| *n)
        .collect();
        if !missing.is_empty() {
            let domain = if domain.is_empty() { "the signing domain".to_string() } else { domain };
            let fields = missing.join(", ");
            diagnostics.push(Diagnostic::new(
                C::DkimFieldsMissing,
                anchor,
                &[("domain", &domain), ("fields", &fields)],
            ));
        }
    }
    let spf_failed = if *kind == AuthFailure::Spf {
        Some(reported.unwrap_or("the domain").to_string())
    } else if dmarc {
        aligned_failure("spf")
    } else {
        None
    };
    if let Some(domain) = spf_failed {
        if report.spf_dns.is_none() {
            let domain = if domain.is_empty() { "the domain".to_string() } else { domain };
            diagnostics.push(Diagnostic::new(C::SpfDnsMissing, anchor, &[("domain", &domain)]));
        }
    }
}

/// Checks the Content-Type value of the report e-mail itself: failure
/// reports are `multipart/report; report-type=feedback-report`, and some
/// reporters (NetEase) send `multipart/mixed` or leave out the report type
/// (Exim). Spans are byte offsets into `content_type`.
pub fn container_diagnostics(content_type: &str) -> Vec<Diagnostic> {
    let mut params = content_type.split(';');
    let media = params.next().unwrap_or("");
    let lead = media.len() - media.trim_start().len();
    let media_span = Span::new(lead, lead + media.trim().len());
    if !media.trim().eq_ignore_ascii_case("multipart/report") {
        return vec![Diagnostic::new(C::NotMultipartReport, media_span, &[("found", media.trim())])];
    }
    let report_type =
        params.filter_map(|p| p.split_once('=')).find(|(n, _)| n.trim().eq_ignore_ascii_case("report-type"));
    match report_type {
        Some((_, v)) if v.trim().trim_matches('"').eq_ignore_ascii_case("feedback-report") => Vec::new(),
        _ => vec![Diagnostic::new(C::ReportTypeMissing, media_span, &[])],
    }
}

/// Who the failed message claimed to be from.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Identities {
    /// The original From header, raw.
    pub header_from: Option<String>,
    /// The domain of the From address, lower case.
    pub header_from_domain: Option<String>,
    /// The envelope sender: `Original-Mail-From`, else the original
    /// `Return-Path`.
    pub envelope_from: Option<String>,
    /// `DKIM-Domain`.
    pub dkim_domain: Option<String>,
    /// `DKIM-Selector`.
    pub dkim_selector: Option<String>,
}

/// Selected headers of the failed message, raw text.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct OriginalHeaders {
    /// `From`.
    pub from: Option<String>,
    /// `Subject` (encoded words are not decoded).
    pub subject: Option<String>,
    /// `Date`.
    pub date: Option<String>,
    /// `Message-ID`.
    pub message_id: Option<String>,
    /// Every `Authentication-Results`.
    pub authentication_results: Vec<String>,
}

/// A failure report, as far as its parts tell.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct FailureReport {
    /// The feedback-report part, when there was one.
    pub feedback: Option<FeedbackReport>,
    /// The first `Reported-Domain` (or the text part's sender domain).
    pub reported_domain: Option<String>,
    /// `Source-IP` (or the text part's sender IP).
    pub source_ip: Option<String>,
    /// `Auth-Failure`.
    pub auth_failure: Option<AuthFailure>,
    /// `Identity-Alignment` (or what the text part says about alignment).
    pub identity_alignment: Option<IdentityAlignment>,
    /// Who the message claimed to be from.
    pub identities: Identities,
    /// `Delivery-Result`.
    pub delivery_result: Option<DeliveryResult>,
    /// `Arrival-Date` (or the text part's received date), as written.
    pub arrival_date: Option<String>,
    /// Headers of the failed message picked out for display.
    pub original: OriginalHeaders,
    /// The failed message's header block, raw (lossy UTF-8), for display as text.
    pub original_headers: String,
    /// Whether the values came from the human-readable text part.
    pub from_text: bool,
    /// Findings. Spans are byte offsets into the feedback part; findings
    /// about other parts or absent parts have an empty span at 0.
    pub diagnostics: Vec<Diagnostic>,
}

/// Combines the parts of a failure report. Any part may be missing:
/// `feedback` is the body of the `message/feedback-report` part, `original`
/// the `message/rfc822` or `text/rfc822-headers` part, `text` the
/// human-readable part. Never panics.
pub fn from_parts(feedback: Option<&[u8]>, original: Option<&[u8]>, text: Option<&[u8]>) -> FailureReport {
    let mut out = FailureReport::default();
    let text = text.map(String::from_utf8_lossy);
    match feedback {
        Some(part) => {
            let (fields, diagnostics) = read_feedback_fields(part);
            out.diagnostics = diagnostics;
            out.reported_domain = fields.reported_domain.first().cloned();
            out.source_ip = fields.source_ip.clone();
            out.auth_failure = fields.auth_failure.clone();
            out.identity_alignment = fields.identity_alignment.clone();
            out.delivery_result = fields.delivery_result.clone();
            out.arrival_date = fields.arrival_date.clone();
            out.identities.envelope_from = fields.original_mail_from.clone();
            out.identities.dkim_domain = fields.dkim_domain.clone();
            out.identities.dkim_selector = fields.dkim_selector.clone();
            out.feedback = Some(fields);
        }
        None => {
            out.diagnostics.push(Diagnostic::new(C::NoFeedbackPart, Span::at(0), &[]));
            if let Some(text) = &text {
                from_text(&mut out, text);
            }
        }
    }
    let embedded = text.as_deref().and_then(headers_in_text);
    let block = match (original, embedded) {
        (Some(bytes), _) => Some(header_block(&String::from_utf8_lossy(bytes))),
        (None, Some(block)) => Some(header_block(block)),
        (None, None) => None,
    };
    match block {
        Some(block) => {
            read_original(&mut out, &block);
            out.original_headers = block;
        }
        None => out.diagnostics.push(Diagnostic::new(C::OriginalMissing, Span::at(0), &[])),
    }
    out
}

/// Values from a text part in the style Exim writes (`  Sender Domain: x`).
fn from_text(out: &mut FailureReport, text: &str) {
    let value = |label: &str| {
        text.lines().find_map(|line| {
            let (name, value) = line.split_once(':')?;
            name.trim().eq_ignore_ascii_case(label).then(|| value.trim().to_string())
        })
    };
    out.reported_domain = value("Sender Domain");
    out.source_ip = value("Sender IP Address");
    out.arrival_date = value("Received date");
    let yes = |label: &str| value(label).map(|v| v.eq_ignore_ascii_case("yes"));
    if let (Some(dkim), Some(spf)) = (yes("DKIM Alignment"), yes("SPF Alignment")) {
        out.identity_alignment = Some(IdentityAlignment { dkim, spf, unknown: Vec::new() });
    }
    out.from_text = [&out.reported_domain, &out.source_ip, &out.arrival_date].iter().any(|v| v.is_some());
    if let Some(ip) = &out.source_ip {
        if ip.parse::<std::net::IpAddr>().is_err() {
            out.diagnostics.push(Diagnostic::new(C::SourceIpInvalid, Span::at(0), &[("value", ip)]));
        }
    }
}

/// The copy of the headers some reporters (Exim) put inside the text part,
/// after a line announcing it.
fn headers_in_text(text: &str) -> Option<&str> {
    let marker = text.find("copy of the headers")?;
    let after = text.get(marker..)?;
    let blank = after.find("\n\n").or_else(|| after.find("\r\n\r\n"))?;
    after.get(blank..).map(|s| s.trim_start_matches(['\r', '\n']))
}

/// The header block: everything before the first empty line.
fn header_block(message: &str) -> String {
    let mut out = String::new();
    for line in message.split_inclusive('\n') {
        if line.trim_end_matches(['\r', '\n']).is_empty() {
            break;
        }
        out.push_str(line);
    }
    out
}

/// Picks From, Subject, Date, Message-ID, Return-Path and
/// Authentication-Results out of a header block.
fn read_original(out: &mut FailureReport, block: &str) {
    let mut fields: Vec<(String, String)> = Vec::new();
    for line in block.lines() {
        if line.starts_with([' ', '\t']) {
            if let Some((_, value)) = fields.last_mut() {
                value.push(' ');
                value.push_str(line.trim());
            }
        } else if let Some((name, value)) = line.split_once(':') {
            fields.push((name.trim().to_ascii_lowercase(), value.trim().to_string()));
        }
    }
    let first = |name: &str| fields.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone());
    out.original.from = first("from");
    out.original.subject = first("subject");
    out.original.date = first("date");
    out.original.message_id = first("message-id");
    out.original.authentication_results =
        fields.iter().filter(|(n, _)| n == "authentication-results").map(|(_, v)| v.clone()).collect();
    out.identities.header_from = out.original.from.clone();
    out.identities.header_from_domain = out.original.from.as_deref().and_then(address_domain);
    if out.identities.envelope_from.is_none() {
        out.identities.envelope_from = first("return-path");
    }
}

/// The domain of the (last) address in a From value.
fn address_domain(from: &str) -> Option<String> {
    let address = match (from.rfind('<'), from.rfind('>')) {
        (Some(open), Some(close)) if open < close => from.get(open + 1..close)?,
        _ => from.trim(),
    };
    let domain = address.rsplit_once('@')?.1.trim();
    (!domain.is_empty()).then(|| domain.to_ascii_lowercase())
}

/// Reads a whole failure-report e-mail: finds the `message/feedback-report`
/// part, the original message (`text/rfc822-headers` or `message/rfc822`)
/// and the human-readable text, through the MIME reader, and reports on the
/// container (`multipart/report; report-type=feedback-report` expected).
pub fn read_message(bytes: &[u8]) -> FailureReport {
    let message = super::mime::parse(bytes);
    let parts = message.root.walk();
    let body_of = |types: &[&str]| {
        parts.iter().find(|p| types.contains(&p.content_type.mime_type.as_str())).map(|p| p.body.as_slice())
    };
    let feedback = body_of(&["message/feedback-report"]);
    let original = body_of(&["text/rfc822-headers", "message/rfc822"]);
    let text = body_of(&["text/plain"]);
    let mut report = from_parts(feedback, original, text);
    let content_type = message.root.header("Content-Type").unwrap_or("");
    report.diagnostics.extend(container_diagnostics(content_type));
    report
}
