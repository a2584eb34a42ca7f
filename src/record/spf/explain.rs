//! What each SPF term means, what it costs in DNS lookups, what it does, and
//! the record with every mechanical fix applied.

use std::collections::HashSet;

use super::{parse, Mechanism, Qualifier, SpfRecord, Term, TermKind};
use crate::diag::has_errors;
use crate::record::{Explained, TagExplanation};

/// Explains `value` as an SPF record: diagnostics (errors first, then by
/// position), one row per term, and a corrected record when the fixes are
/// mechanical.
///
/// ```
/// let e = dmarc_lens::record::spf::explain("v=spf1 -all mx");
/// assert_eq!(e.tags.len(), 3);
/// assert_eq!(e.corrected.as_deref(), Some("v=spf1 -all"));
/// ```
pub fn explain(value: &str) -> Explained {
    let (record, diagnostics) = parse(value);
    let tags = rows(&record);
    let corrected = corrected(value, &record);
    Explained { diagnostics, tags, corrected }
}

fn qualifier_word(q: Qualifier) -> &'static str {
    match q {
        Qualifier::Pass => "pass",
        Qualifier::Fail => "fail",
        Qualifier::SoftFail => "softfail",
        Qualifier::Neutral => "neutral",
    }
}

/// What a mechanism is for, in a sentence.
fn meaning(mechanism: &Mechanism) -> &'static str {
    match mechanism {
        Mechanism::All => "Matches every host; sets the result for everything not matched before it.",
        Mechanism::Include(_) => "Matches when the SPF record of the named domain gives pass for the client.",
        Mechanism::A { .. } => {
            "Matches the addresses (A or AAAA records) of the domain, within the prefix lengths."
        }
        Mechanism::Mx { .. } => {
            "Matches the addresses of the domain's mail servers (MX records, at most 10)."
        }
        Mechanism::Ptr(_) => {
            "Matches when the client's reverse DNS name, confirmed forward, is in the domain. Discouraged."
        }
        Mechanism::Ip4 { .. } => "Matches clients in this IPv4 network.",
        Mechanism::Ip6 { .. } => "Matches clients in this IPv6 network.",
        Mechanism::Exists(_) => "Matches when the named domain has an A record, whatever its address.",
    }
}

fn cidr_text(v4: u8, v6: u8) -> String {
    let mut out = String::new();
    if v4 != 32 {
        out.push_str(&format!("/{v4}"));
    }
    if v6 != 128 {
        out.push_str(&format!("//{v6}"));
    }
    out
}

fn effective(term: &Term, record: &SpfRecord, all: Option<usize>, index: usize) -> String {
    if !record.valid_version {
        return "ignored: the record does not start with v=spf1".into();
    }
    if record.permerror {
        return "not evaluated: the record has an error, so receivers return permerror".into();
    }
    if !record.evaluated_with(all, index) {
        match term.kind {
            TermKind::Redirect(_) => {
                return "ignored: the record has an all mechanism, which always matches".into()
            }
            TermKind::Directive { .. } => return "ignored: it comes after all, which always matches".into(),
            _ => {}
        }
    }
    match &term.kind {
        TermKind::Directive { qualifier, mechanism, .. } => {
            let q = qualifier_word(*qualifier);
            let target = |d: &Option<super::MacroString>| {
                d.as_ref().map_or("this domain".to_string(), |d| d.text.clone())
            };
            match mechanism {
                Mechanism::All => format!("{q} for every host not matched before"),
                Mechanism::Include(d) => format!("{q} when the SPF record of {} passes", d.text),
                Mechanism::A { domain, cidr } => {
                    format!("{q} for the addresses of {}{}", target(domain), cidr_text(cidr.v4, cidr.v6))
                }
                Mechanism::Mx { domain, cidr } => {
                    format!("{q} for the mail servers of {}{}", target(domain), cidr_text(cidr.v4, cidr.v6))
                }
                Mechanism::Ptr(domain) => {
                    format!("{q} for hosts whose reverse DNS name is in {}", target(domain))
                }
                Mechanism::Ip4 { addr, prefix, .. } => format!("{q} for {addr}/{prefix}"),
                Mechanism::Ip6 { addr, prefix, .. } => format!("{q} for {addr}/{prefix}"),
                Mechanism::Exists(d) => format!("{q} when {} has an A record", d.text),
            }
        }
        TermKind::Redirect(d) => {
            format!("when nothing matches, the result is that of the SPF record of {}", d.text)
        }
        TermKind::Explanation(d) => format!("on fail, receivers may show the TXT record at {}", d.text),
        TermKind::Unknown { .. } => "ignored: receivers skip modifiers they do not know".into(),
        TermKind::Invalid => "invalid: receivers return permerror".into(),
    }
}

/// One row per word: the version, then every term.
pub(crate) fn rows(record: &SpfRecord) -> Vec<TagExplanation> {
    let mut out = Vec::with_capacity(record.terms.len() + 1);
    if let Some(span) = record.version_span {
        out.push(TagExplanation {
            name: if record.valid_version { "v=spf1".into() } else { "version".into() },
            value: Some("spf1".into()),
            span: Some(span),
            meaning: "Version. Marks the TXT record as an SPF record; must come first.".into(),
            default: "none: required".into(),
            effective: if record.valid_version {
                "spf1".into()
            } else {
                "ignored: not v=spf1, so receivers skip the record".into()
            },
            lookups: None,
        });
    }
    let all = record.all_index();
    for (index, term) in record.terms.iter().enumerate() {
        let (value, meaning, default) = match &term.kind {
            TermKind::Directive { qualifier, written, mechanism } => {
                let arg = term.text.get(usize::from(*written) + mechanism.name().len()..).unwrap_or("");
                let arg = arg.strip_prefix(':').unwrap_or(arg);
                let value = if arg.is_empty() {
                    format!("{} ({})", qualifier.symbol(), qualifier_word(*qualifier))
                } else {
                    format!("{} ({}) {arg}", qualifier.symbol(), qualifier_word(*qualifier))
                };
                let default = match mechanism {
                    Mechanism::A { .. } | Mechanism::Mx { .. } => {
                        "qualifier + (pass); domain: the current domain; prefixes /32 and //128"
                    }
                    Mechanism::Ptr(_) => "qualifier + (pass); domain: the current domain",
                    Mechanism::Ip4 { .. } => "qualifier + (pass); prefix /32",
                    Mechanism::Ip6 { .. } => "qualifier + (pass); prefix /128",
                    _ => "qualifier + (pass)",
                };
                (Some(value), meaning(mechanism), default)
            }
            TermKind::Redirect(d) => (
                Some(d.text.clone()),
                "Redirect: when no mechanism matches, use the SPF record of this domain instead.",
                "none: unmatched hosts get neutral",
            ),
            TermKind::Explanation(d) => (
                Some(d.text.clone()),
                "Explanation: the domain whose TXT record receivers may show to a rejected sender.",
                "the receiver's own explanation",
            ),
            TermKind::Unknown { value, .. } => {
                (Some(value.clone()), "Not an SPF modifier: receivers ignore it.", "not defined")
            }
            TermKind::Invalid => (None, "Not a valid SPF term.", "not defined"),
        };
        out.push(TagExplanation {
            name: term.text.clone(),
            value,
            span: Some(term.span),
            meaning: meaning.into(),
            default: default.into(),
            effective: effective(term, record, all, index),
            lookups: Some(term.lookups()),
        });
    }
    out
}

/// The record rebuilt with the mechanical fixes: `v=spf1` in lower case,
/// single spaces, no terms after `all`, no redirect beside `all`, no
/// repeated terms. `None` when nothing changes or errors would remain.
fn corrected(value: &str, record: &SpfRecord) -> Option<String> {
    if !record.valid_version || record.terms.iter().any(|t| matches!(t.kind, TermKind::Invalid)) {
        return None;
    }
    let all = record.all_index();
    let mut seen = HashSet::new();
    let mut out = vec!["v=spf1".to_string()];
    for (index, term) in record.terms.iter().enumerate() {
        let keep = match &term.kind {
            TermKind::Directive { .. } => all.is_none_or(|a| index <= a),
            TermKind::Redirect(_) => all.is_none(),
            _ => true,
        };
        if keep && seen.insert(term.text.to_ascii_lowercase()) {
            out.push(term.text.clone());
        }
    }
    let fixed = out.join(" ");
    if fixed == value || has_errors(&parse(&fixed).1) {
        return None;
    }
    Some(fixed)
}
