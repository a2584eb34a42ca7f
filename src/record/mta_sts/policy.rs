//! The MTA-STS policy file (RFC 8461 §3.2): `key: value` lines.
//!
//! ```text
//! sts-policy-record        = sts-policy-field *WSP *(sts-policy-term sts-policy-field *WSP) [sts-policy-term]
//! sts-policy-term          = LF / CRLF
//! sts-policy-field         = sts-policy-version / sts-policy-mode / sts-policy-max-age
//!                            / sts-policy-mx / sts-policy-extension
//! field-delim              = ":" *WSP
//! sts-policy-version       = %s"version" field-delim %s"STSv1"
//! sts-policy-mode          = %s"mode" field-delim ( %s"testing" / %s"enforce" / %s"none" )
//! sts-policy-mx            = %s"mx" field-delim ["*."] Domain
//! sts-policy-max-age       = %s"max_age" field-delim 1*10(DIGIT)
//! ```

use std::collections::HashSet;

use crate::catalogue::MtaStsCode;
use crate::diag::{has_errors, Diagnostic, Span};
use crate::domain::is_hostname;
use crate::record::dkim::tag_list::{self, is_wsp, Findings};
use crate::record::dmarc::Spanned;
use crate::record::{Explained, TagExplanation};

/// The policy mode.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Mode {
    /// Deliver only over authenticated TLS to a listed MX.
    Enforce,
    /// Check and report, but deliver anyway.
    Testing,
    /// No policy (how one is withdrawn).
    None,
}

impl Mode {
    /// `enforce`, `testing` or `none`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Mode::Enforce => "enforce",
            Mode::Testing => "testing",
            Mode::None => "none",
        }
    }
}

/// One `key: value` line as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PolicyField {
    /// The key as written (without surrounding blanks).
    pub key: String,
    /// The value as written (without surrounding blanks).
    pub value: String,
    /// The line without its line break and surrounding blanks.
    pub span: Span,
    /// The value alone.
    pub value_span: Span,
}

/// An MTA-STS policy as a sender understands it. Values that do not parse
/// are `None` (or left out of `mx`), and a diagnostic says why.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MtaStsPolicy {
    /// Whether `version: STSv1` is there.
    pub valid_version: bool,
    /// `mode`.
    pub mode: Option<Spanned<Mode>>,
    /// Every valid `mx` pattern, in order.
    pub mx: Vec<Spanned<String>>,
    /// `max_age`, in seconds.
    pub max_age: Option<Spanned<u64>>,
    /// Every line, in order, as written.
    pub fields: Vec<PolicyField>,
}

const KNOWN: &[&str] = &["version", "mode", "mx", "max_age"];
const MAX_AGE_LIMIT: u64 = 31_557_600;

/// Why `mx` is not `["*."] Domain`, if it is not.
fn mx_problem(value: &str) -> Option<String> {
    let host = value.strip_prefix("*.").unwrap_or(value);
    if host.contains('*') {
        return Some("a wildcard may only be the whole leftmost label, as in *.example.net".into());
    }
    if host.ends_with('.') {
        return Some("it ends with a dot, which MX patterns do not have".into());
    }
    if !is_hostname(host) || !host.contains('.') {
        return Some("it is not a host name".into());
    }
    None
}

/// The lines of `text` with their offsets, line breaks removed.
fn lines(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut at = 0;
    for line in text.split('\n') {
        out.push((at, line.strip_suffix('\r').unwrap_or(line)));
        at += line.len() + 1;
    }
    out
}

/// Parses an MTA-STS policy file and checks it against every rule.
///
/// Never fails: whatever the input, the result is a policy and diagnostics,
/// by severity then position.
pub fn parse_policy(text: &str) -> (MtaStsPolicy, Vec<Diagnostic>) {
    let mut policy = MtaStsPolicy::default();
    let mut found = Findings::default();
    if text.trim().is_empty() {
        found.add(MtaStsCode::PolicyEmpty, Span::new(0, text.len()), &[]);
        return (policy, found.sorted());
    }
    let allowed = |c: char| c.is_ascii_graphic() || matches!(c, ' ' | '\t' | '\r' | '\n');
    for (span, what) in tag_list::disallowed_runs(text, allowed) {
        found.add(MtaStsCode::PolicyNonAscii, span, &[("what", &what)]);
    }
    let mut seen = HashSet::new();
    let mut version_present = false;
    for (at, line) in lines(text) {
        let body = line.trim_matches(is_wsp);
        if body.is_empty() {
            continue;
        }
        let start = at + (line.len() - line.trim_start_matches(is_wsp).len());
        let span = Span::new(start, start + body.len());
        let Some((raw_key, raw_value)) = body.split_once(':') else {
            found.add(MtaStsCode::PolicyLineSyntax, span, &[("text", body)]);
            continue;
        };
        let key = raw_key.trim_end_matches(is_wsp);
        let value = raw_value.trim_matches(is_wsp);
        let value_start =
            span.start + raw_key.len() + 1 + (raw_value.len() - raw_value.trim_start_matches(is_wsp).len());
        let value_span = Span::new(value_start, value_start + value.len());
        let index = policy.fields.len();
        policy.fields.push(PolicyField { key: key.to_string(), value: value.to_string(), span, value_span });
        if start != at {
            found.add(MtaStsCode::PolicyWhitespace, Span::new(at, start), &[("where", "before the key")]);
        }
        if key.len() != raw_key.len() {
            let gap = Span::new(span.start + key.len(), span.start + raw_key.len());
            found.add(MtaStsCode::PolicyWhitespace, gap, &[("where", "before the colon")]);
        }
        let key_span = Span::new(span.start, span.start + key.len());
        let lower = key.to_ascii_lowercase();
        if !KNOWN.contains(&key) {
            if KNOWN.contains(&lower.as_str()) {
                let fixed = format!("{lower}:");
                found.add(MtaStsCode::PolicyCase, key_span, &[("text", key), ("fixed", &fixed)]);
            } else {
                let suggestion = tag_list::suggest(key, KNOWN)
                    .map(|s| format!(" (did you mean {s}?)"))
                    .unwrap_or_default();
                found.add(
                    MtaStsCode::PolicyKeyUnknown,
                    key_span,
                    &[("key", key), ("suggestion", &suggestion)],
                );
            }
            continue;
        }
        if key != "mx" && !seen.insert(key) {
            found.add(MtaStsCode::PolicyKeyDuplicate, span, &[("key", key)]);
            continue;
        }
        match key {
            "version" => {
                version_present = true;
                if index != 0 {
                    found.add(MtaStsCode::PolicyVersionNotFirst, span, &[]);
                }
                if value == "STSv1" {
                    policy.valid_version = true;
                } else if value.eq_ignore_ascii_case("STSv1") {
                    found.add(
                        MtaStsCode::PolicyCase,
                        value_span,
                        &[("text", value), ("fixed", "version: STSv1")],
                    );
                } else {
                    let at = if value.is_empty() { span } else { value_span };
                    found.add(MtaStsCode::PolicyVersionInvalid, at, &[("value", value)]);
                }
            }
            "mode" => {
                let mode = match value.to_ascii_lowercase().as_str() {
                    "enforce" => Some(Mode::Enforce),
                    "testing" => Some(Mode::Testing),
                    "none" => Some(Mode::None),
                    _ => None,
                };
                match mode {
                    Some(m) if m.as_str() == value => {
                        policy.mode = Some(Spanned { value: m, span });
                        match m {
                            Mode::Testing => found.add(MtaStsCode::PolicyModeTesting, span, &[]),
                            Mode::None => found.add(MtaStsCode::PolicyModeNone, span, &[]),
                            Mode::Enforce => {}
                        }
                    }
                    Some(m) => {
                        let fixed = format!("mode: {}", m.as_str());
                        found.add(MtaStsCode::PolicyCase, value_span, &[("text", value), ("fixed", &fixed)]);
                    }
                    None => found.add(MtaStsCode::PolicyModeInvalid, value_span, &[("value", value)]),
                }
            }
            "mx" => match mx_problem(value) {
                None => policy.mx.push(Spanned { value: value.to_ascii_lowercase(), span }),
                Some(why) => {
                    let at = if value.is_empty() { span } else { value_span };
                    found.add(MtaStsCode::PolicyMxInvalid, at, &[("value", value), ("why", &why)]);
                }
            },
            _ => {
                let seconds =
                    (!value.is_empty() && value.len() <= 10 && value.bytes().all(|b| b.is_ascii_digit()))
                        .then(|| value.parse::<u64>().ok())
                        .flatten();
                let at = if value.is_empty() { span } else { value_span };
                match seconds {
                    None => found.add(MtaStsCode::PolicyMaxAgeInvalid, at, &[("value", value)]),
                    Some(s) if s > MAX_AGE_LIMIT => {
                        found.add(MtaStsCode::PolicyMaxAgeTooLarge, value_span, &[("value", value)])
                    }
                    Some(s) => {
                        if s < 86_400 {
                            found.add(MtaStsCode::PolicyMaxAgeShort, value_span, &[("value", value)]);
                        }
                        policy.max_age = Some(Spanned { value: s, span });
                    }
                }
            }
        }
    }
    let end = Span::at(text.trim_end().len());
    if !version_present {
        found.add(MtaStsCode::PolicyVersionMissing, Span::at(0), &[]);
    }
    if !policy.fields.iter().any(|f| f.key == "mode") {
        found.add(MtaStsCode::PolicyModeMissing, end, &[]);
    }
    let mode = policy.mode.as_ref().map(|m| m.value);
    if mode != Some(Mode::None) && !policy.fields.iter().any(|f| f.key == "mx") {
        let mode = mode.map_or("(missing)", Mode::as_str);
        found.add(MtaStsCode::PolicyMxMissing, end, &[("mode", mode)]);
    }
    if !policy.fields.iter().any(|f| f.key == "max_age") {
        found.add(MtaStsCode::PolicyMaxAgeMissing, end, &[]);
    }
    (policy, found.sorted())
}

fn meaning(key: &str) -> &'static str {
    match key {
        "version" => "Version of the policy format; must be STSv1.",
        "mode" => "enforce: deliver only over TLS with a valid certificate to a listed MX; testing: check and report through TLS-RPT but deliver anyway; none: no policy.",
        "mx" => "An MX host senders may deliver to, or a *.domain pattern covering one leftmost label. One line per pattern; every MX of the domain must match one.",
        "max_age" => "How long senders cache the policy, in seconds (at most 31557600, about a year). Weeks or more is recommended.",
        _ => "An extension field: senders ignore fields they do not know.",
    }
}

fn effective(key: &str, policy: &MtaStsPolicy) -> String {
    match key {
        "version" if policy.valid_version => "STSv1".to_string(),
        "version" => "missing or invalid: senders reject the policy".to_string(),
        "mode" => match policy.mode.as_ref().map(|m| m.value) {
            Some(Mode::Enforce) => "enforce: mail is only delivered over authenticated TLS".to_string(),
            Some(Mode::Testing) => "testing: failures are reported, mail is still delivered".to_string(),
            Some(Mode::None) => "none: no policy applies".to_string(),
            None => "missing or invalid: senders reject the policy".to_string(),
        },
        "mx" if policy.mx.is_empty() => "no valid MX pattern".to_string(),
        "mx" => format!(
            "senders accept {}",
            policy.mx.iter().map(|m| m.value.as_str()).collect::<Vec<_>>().join(", ")
        ),
        "max_age" => match &policy.max_age {
            Some(age) => format!("{} seconds (about {} days)", age.value, age.value / 86_400),
            None => "missing or invalid: senders reject the policy".to_string(),
        },
        _ => "ignored".to_string(),
    }
}

/// Explains an MTA-STS policy file: diagnostics (spans into `text`), one
/// row per field (every `mx` line, other repeats once, then the required
/// fields left out), and the policy with mechanical fixes applied when there
/// are any.
pub fn explain_policy(text: &str) -> Explained {
    let (policy, diagnostics) = parse_policy(text);
    let mut rows: Vec<TagExplanation> = Vec::new();
    let mut shown = HashSet::new();
    for field in &policy.fields {
        if !shown.insert(field.key.as_str()) && field.key != "mx" {
            continue;
        }
        let default = if KNOWN.contains(&field.key.as_str()) { "none: required" } else { "not defined" };
        let written = Some((field.value.as_str(), field.span));
        rows.push(tag_list::row(
            &field.key,
            written,
            meaning(&field.key),
            default,
            effective(&field.key, &policy),
        ));
    }
    for key in KNOWN {
        if !shown.contains(key) {
            let default = if *key == "mx" { "none: required unless mode is none" } else { "none: required" };
            rows.push(tag_list::row(key, None, meaning(key), default, effective(key, &policy)));
        }
    }
    let corrected = corrected(text, &policy, &diagnostics);
    Explained { diagnostics, tags: rows, corrected }
}

/// The policy with mechanical fixes: keys and the values of version and
/// mode in their exact case, a key one edit from a known key renamed to it,
/// the first of each repeated field, `version` first then `mode`, `mx`,
/// `max_age` and extensions, no stray whitespace.
fn corrected(text: &str, policy: &MtaStsPolicy, diagnostics: &[Diagnostic]) -> Option<String> {
    use MtaStsCode::*;
    let fixable = [PolicyWhitespace, PolicyCase, PolicyKeyDuplicate, PolicyVersionNotFirst];
    let suggested = diagnostics.iter().any(|d| d.code == PolicyKeyUnknown && d.help.contains("did you mean"));
    if !(tag_list::any_of(diagnostics, &fixable) || suggested)
        || diagnostics.iter().any(|d| d.code == PolicyLineSyntax)
    {
        return None;
    }
    let mut seen = HashSet::new();
    let mut known: Vec<(usize, String, String)> = Vec::new();
    let mut extensions: Vec<String> = Vec::new();
    for field in &policy.fields {
        let lower = field.key.to_ascii_lowercase();
        let key = if KNOWN.contains(&lower.as_str()) {
            lower
        } else {
            match tag_list::suggest(&field.key, KNOWN) {
                Some(s) if policy.fields.iter().any(|f| f.key.eq_ignore_ascii_case(s)) => continue,
                Some(s) => s.to_string(),
                None => {
                    extensions.push(format!("{}: {}", field.key, field.value));
                    continue;
                }
            }
        };
        if key != "mx" && !seen.insert(key.clone()) {
            continue;
        }
        let value = match key.as_str() {
            "version" if field.value.eq_ignore_ascii_case("STSv1") => "STSv1".to_string(),
            "mode" | "mx" => field.value.to_ascii_lowercase(),
            _ => field.value.clone(),
        };
        let order = KNOWN.iter().position(|k| *k == key).unwrap_or(KNOWN.len());
        known.push((order, key, value));
    }
    crate::order::sort_by_key(&mut known, |(order, _, _)| *order);
    let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let mut lines: Vec<String> = known.into_iter().map(|(_, k, v)| format!("{k}: {v}")).collect();
    lines.extend(extensions);
    let mut candidate = lines.join(newline);
    if text.ends_with('\n') {
        candidate.push_str(newline);
    }
    tag_list::corrected(text, true, candidate, |c| !has_errors(&parse_policy(c).1))
}
