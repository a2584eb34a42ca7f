//! Small helpers the check parts share: names, TXT texts, version tests,
//! failed lookups and explanations as findings.

use crate::catalogue::CheckCode;
use crate::check::Finding;
use crate::diag::{Diagnostic, Span};
use crate::dns::{Answer, Failure, Record, RecordType};
use crate::record::Explanation;

/// A domain as the checks use it: trimmed, lower case, without the
/// trailing dot.
pub(crate) fn normalize(domain: &str) -> String {
    let domain = domain.trim();
    domain.strip_suffix('.').unwrap_or(domain).to_ascii_lowercase()
}

/// The TXT records of an answer as text (strings joined, invalid UTF-8
/// replaced, so a broken record is still shown and explained).
pub(crate) fn txt_texts(answer: &Answer) -> Vec<String> {
    answer
        .records()
        .iter()
        .filter_map(|r| match r {
            Record::Txt(txt) => Some(String::from_utf8_lossy(&txt.joined()).into_owned()),
            _ => None,
        })
        .collect()
}

fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    if head.eq_ignore_ascii_case(prefix) {
        text.get(prefix.len()..)
    } else {
        None
    }
}

/// Whether `text` starts with the version tag `v=<value>` the way the
/// record kinds' discovery rules test it: blanks allowed around `=`, the
/// value compared exactly (or ignoring case), then the end, a blank or `;`.
pub(crate) fn starts_with_version(text: &str, value: &str, ignore_case: bool) -> bool {
    let blank = [' ', '\t'];
    let Some(rest) = strip_prefix_ignore_case(text.trim_start_matches(blank), "v") else {
        return false;
    };
    let Some(rest) = rest.trim_start_matches(blank).strip_prefix('=') else {
        return false;
    };
    let rest = rest.trim_start_matches(blank);
    let rest = if ignore_case { strip_prefix_ignore_case(rest, value) } else { rest.strip_prefix(value) };
    rest.is_some_and(|r| r.is_empty() || r.starts_with([';', ' ', '\t']))
}

/// Whether `text` is a DMARC record as receivers select them: it starts
/// with exactly `v=DMARC1` (RFC 9989 §4.10).
pub(crate) fn is_dmarc(text: &str) -> bool {
    starts_with_version(text, "DMARC1", false)
}

/// The finding for a failed query.
pub(crate) fn lookup_failed(name: &str, record_type: RecordType, failure: &Failure, what: &str) -> Finding {
    // The failure's own rule (SERVFAIL, timeout, CORS or network, HTTP
    // status…), each with its own advice, plus what could not be checked.
    let mut diagnostic = crate::dns::diagnostic(name, record_type, failure);
    let mut what = what.to_string();
    if let Some(first) = what.get(..1) {
        what = first.to_ascii_uppercase() + what.get(1..).unwrap_or("");
    }
    diagnostic.message.push_str(&format!(" {what} could not be checked."));
    Finding::about(format!("{name} {}", record_type.as_str()), diagnostic)
}

/// A finding with no text to point into.
pub(crate) fn finding(subject: impl Into<String>, code: CheckCode, args: &[(&str, &str)]) -> Finding {
    Finding::about(subject, Diagnostic::new(code, Span::default(), args))
}

/// A finding about the whole of `text`, the record it is about.
pub(crate) fn finding_in(
    subject: impl Into<String>,
    text: impl Into<String>,
    code: CheckCode,
    args: &[(&str, &str)],
) -> Finding {
    let text = text.into();
    let span = Span::new(0, text.len());
    Finding::in_text(subject, text, Diagnostic::new(code, span, args))
}

/// Every diagnostic of an explanation as a finding about `subject`, with
/// the explained text as the text its span indexes.
pub(crate) fn explanation_findings(subject: &str, explanation: &Explanation) -> Vec<Finding> {
    explanation
        .diagnostics
        .iter()
        .chain(explanation.records.iter().flat_map(|r| r.diagnostics.iter()))
        .map(|d| Finding::in_text(subject, explanation.input.clone(), d.clone()))
        .collect()
}

/// The labels of a domain, left to right (none for the empty name).
pub(crate) fn labels(domain: &str) -> Vec<&str> {
    if domain.is_empty() {
        Vec::new()
    } else {
        domain.split('.').collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_tests_follow_the_discovery_rules() {
        assert!(is_dmarc("v=DMARC1; p=none"));
        assert!(is_dmarc("v = DMARC1;p=none"));
        assert!(is_dmarc("v=DMARC1"));
        assert!(is_dmarc("V=DMARC1; p=none"));
        assert!(!is_dmarc("v=dmarc1; p=none"));
        assert!(!is_dmarc("v=DMARC10; p=none"));
        assert!(!is_dmarc("p=none; v=DMARC1"));
        assert!(!is_dmarc("v=spf1 -all"));
        assert!(starts_with_version("v=stsv1; id=1", "STSv1", true));
        assert!(!starts_with_version("", "STSv1", true));
    }

    #[test]
    fn names() {
        assert_eq!(normalize(" Example.COM. "), "example.com");
        assert!(labels("").is_empty());
        assert_eq!(labels("a.b"), vec!["a", "b"]);
    }
}
