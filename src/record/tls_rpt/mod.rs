//! TLS-RPT records: the TXT value at `_smtp._tls.<domain>` that tells
//! sending servers where to report TLS failures (RFC 8460 §3).
//!
//! ```text
//! tlsrpt-record    = tlsrpt-version 1*(field-delim tlsrpt-field) [field-delim]
//! field-delim      = *WSP ";" *WSP
//! tlsrpt-field     = tlsrpt-rua / tlsrpt-extension
//! tlsrpt-version   = %s"v=TLSRPTv1"
//! tlsrpt-rua       = %s"rua=" tlsrpt-uri *(*WSP "," *WSP tlsrpt-uri)
//! tlsrpt-uri       = URI                 ; mailto: or https: only
//! tlsrpt-extension = tlsrpt-ext-name "=" tlsrpt-ext-value
//! tlsrpt-ext-name  = (ALPHA / DIGIT) *31(ALPHA / DIGIT / "_" / "-" / ".")
//! ```
//!
//! ```
//! use dmarc_lens::record::tls_rpt::{explain, parse};
//! let (record, diagnostics) = parse("v=TLSRPTv1; rua=mailto:tls@example.com,https://r.example.net/tls");
//! assert!(diagnostics.is_empty() && record.valid_version);
//! assert_eq!(record.rua.len(), 2);
//! assert_eq!(explain("v=TLSRPTv1;  RUA=mailto:tls@example.com").corrected.as_deref(),
//!            Some("v=TLSRPTv1; rua=mailto:tls@example.com"));
//! ```

use crate::catalogue::TlsRptCode;
use crate::diag::{has_errors, Diagnostic, Span};
use crate::domain::is_hostname;
use crate::record::dkim::tag_list::{self, is_wsp, Codes, Spec};
use crate::record::dmarc::Tag;
use crate::record::Explained;

/// One `rua` destination as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportUri {
    /// The text as written.
    pub text: String,
    /// Where it was written.
    pub span: Span,
    /// The scheme in lower case, when there is one.
    pub scheme: Option<String>,
    /// Why senders cannot use it, when they cannot.
    pub problem: Option<String>,
}

impl ReportUri {
    /// Whether senders can send reports to it.
    pub fn is_valid(&self) -> bool {
        self.problem.is_none() && matches!(self.scheme.as_deref(), Some("mailto" | "https"))
    }
}

/// A TLS-RPT record as a sender understands it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TlsRptRecord {
    /// Whether the record begins with exactly `v=TLSRPTv1`.
    pub valid_version: bool,
    /// `rua`, every URI as written (valid or not).
    pub rua: Vec<ReportUri>,
    /// Every `name=value` field, in order, as written.
    pub tags: Vec<Tag>,
}

impl TlsRptRecord {
    /// The destinations senders actually use.
    pub fn valid_rua(&self) -> impl Iterator<Item = &ReportUri> {
        self.rua.iter().filter(|u| u.is_valid())
    }
}

/// `ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )` (RFC 3986 §3.1).
fn is_scheme(text: &str) -> bool {
    let mut bytes = text.bytes();
    bytes.next().is_some_and(|b| b.is_ascii_alphabetic())
        && bytes.all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
}

/// The scheme (lower case) of a URI and what is wrong with it, if anything:
/// a `mailto:` needs `local@domain` with a real domain, `http:` and
/// `https:` a host name after `//`.
pub(crate) fn check_uri(text: &str) -> (Option<String>, Option<String>) {
    if text.is_empty() {
        return (None, Some("it is empty, perhaps a stray comma".into()));
    }
    if let Some(bad) = text.chars().find(|c| !c.is_ascii_graphic()) {
        let why = if bad == ' ' || bad == '\t' {
            "it contains a space".to_string()
        } else {
            format!("it contains the character U+{:04X}", u32::from(bad))
        };
        return (None, Some(why));
    }
    let Some((scheme, rest)) = text.split_once(':').filter(|(s, _)| is_scheme(s)) else {
        let why = if text.contains('@') {
            "it has no scheme; a mail address needs mailto: in front"
        } else {
            "it has no scheme such as mailto: or https:"
        };
        return (None, Some(why.into()));
    };
    let scheme = scheme.to_ascii_lowercase();
    let problem = match scheme.as_str() {
        "mailto" => {
            let mailbox = rest.split('?').next().unwrap_or(rest);
            match mailbox.rsplit_once('@') {
                None => Some("the mail address has no @".to_string()),
                Some(("", _)) => Some("the mailbox name before @ is empty".to_string()),
                Some((_, domain)) if !is_hostname(domain) || !domain.contains('.') => {
                    Some(format!("{} is not a valid mail domain", crate::text::quoted(domain)))
                }
                Some(_) => None,
            }
        }
        "http" | "https" => {
            let host = rest
                .strip_prefix("//")
                .map(|r| r.split(['/', '?', '#']).next().unwrap_or(""))
                .map(|h| h.rsplit_once('@').map_or(h, |(_, h)| h))
                .map(|h| h.split(':').next().unwrap_or(h));
            match host {
                Some(h) if is_hostname(h) && h.contains('.') => None,
                _ => Some("it has no valid host name after //".to_string()),
            }
        }
        _ => None,
    };
    (Some(scheme), problem)
}

const KNOWN: &[&str] = &["v", "rua"];

fn spec() -> Spec<TlsRptCode> {
    use TlsRptCode::*;
    Spec {
        codes: Codes {
            empty: Empty,
            version_missing: VersionMissing,
            version_invalid: VersionInvalid,
            version_not_first: VersionNotFirst,
            duplicate: TagDuplicate,
            unknown: TagUnknown,
            case: TagCase,
            syntax: TagSyntax,
            empty_term: EmptyTerm,
            non_ascii: NonAscii,
            whitespace: Whitespace,
        },
        version: "TLSRPTv1",
        known: KNOWN,
        spaced_ok: false,
    }
}

fn to_tags(tags: &[tag_list::RawTag<'_>]) -> Vec<Tag> {
    tags.iter()
        .map(|t| Tag {
            name: t.name.to_string(),
            value: t.value.to_string(),
            span: t.span,
            value_span: t.value_span,
        })
        .collect()
}

/// Parses a TLS-RPT record and checks it against every rule.
///
/// Never fails: whatever the input, the result is a record and diagnostics,
/// by severity then position.
pub fn parse(value: &str) -> (TlsRptRecord, Vec<Diagnostic>) {
    let spec = spec();
    let mut common = tag_list::common(value, &spec);
    let mut record =
        TlsRptRecord { valid_version: common.valid_version, rua: Vec::new(), tags: to_tags(&common.tags) };
    if value.trim_matches(is_wsp).is_empty() {
        return (record, common.found.sorted());
    }
    match common.first("rua").cloned() {
        Some(rua) => {
            for (text, span) in tag_list::list(rua.value, rua.value_span.start, ',', is_wsp) {
                let (scheme, problem) = check_uri(text);
                let uri = ReportUri { text: text.to_string(), span, scheme, problem };
                match (&uri.problem, uri.scheme.as_deref()) {
                    (Some(why), _) => {
                        common.found.add(TlsRptCode::UriMalformed, span, &[("uri", text), ("why", why)])
                    }
                    (None, Some("mailto" | "https")) => {}
                    (None, scheme) => {
                        let scheme = scheme.unwrap_or("");
                        common.found.add(TlsRptCode::UriScheme, span, &[("uri", text), ("scheme", scheme)]);
                    }
                }
                record.rua.push(uri);
            }
        }
        None => {
            let end = value.trim_end_matches(|c: char| is_wsp(c) || c == ';').len();
            common.found.add(TlsRptCode::RuaMissing, Span::at(end), &[]);
        }
    }
    (record, common.found.sorted())
}

fn meaning(key: &str) -> &'static str {
    match key {
        "v" => "Version. Must come first and be exactly TLSRPTv1.",
        "rua" => "Where sending servers send daily reports of TLS successes and failures when they deliver to this domain: mailto: addresses or https: URLs, separated by commas.",
        _ => "An extension field: senders ignore fields they do not know.",
    }
}

/// Explains a TLS-RPT record: diagnostics, one row per field (written ones
/// in order, then the required ones left out), and the record with
/// mechanical fixes applied when there are any.
pub fn explain(value: &str) -> Explained {
    let (record, diagnostics) = parse(value);
    let effective = |key: &str| match key {
        "v" if record.valid_version => "TLSRPTv1".to_string(),
        "v" => "invalid: senders ignore the record".to_string(),
        "rua" => {
            let usable: Vec<&str> = record.valid_rua().map(|u| u.text.as_str()).collect();
            if usable.is_empty() {
                "no reports are sent".to_string()
            } else {
                format!("reports go to {}", usable.join(", "))
            }
        }
        _ => "ignored".to_string(),
    };
    let rows = tag_list::rows(
        &record.tags,
        KNOWN,
        meaning,
        |key, written| {
            if !written || KNOWN.contains(&key) {
                "none: required"
            } else {
                "not defined"
            }
        },
        effective,
    );
    let corrected = corrected(value, &diagnostics);
    Explained { diagnostics, tags: rows, corrected }
}

fn corrected(value: &str, diagnostics: &[Diagnostic]) -> Option<String> {
    tag_list::correct(
        value,
        diagnostics,
        &spec(),
        |_, v| tag_list::list(v, 0, ',', is_wsp).iter().map(|(t, _)| *t).collect::<Vec<_>>().join(","),
        |c| !has_errors(&parse(c).1),
    )
}

#[cfg(test)]
mod tests;
