//! The SPF builder: the senders a domain uses, as one SPF record within the
//! budget of 10 DNS lookups (RFC 7208 §4.6.4).
//!
//! Common senders come from a catalogue ([`SENDERS`]) with the include each
//! one asks for and what it costs in lookups, nested includes counted. Any
//! other sender is a custom `include`, `ip4`, `ip6`, `a` or `mx` term. The
//! total is computed; over 10 is an error, because receivers stop at the
//! 11th lookup with permerror and SPF then fails for all mail.
//!
//! ```
//! use dmarc_lens::plan::spf::{build, AllQualifier, SpfRequest, SpfTerm};
//! let mut request = SpfRequest::new("example.com");
//! request.terms = vec![SpfTerm::Sender("google-workspace".into()), SpfTerm::Ip4("192.0.2.0/24".into())];
//! let spf = build(&request);
//! assert_eq!(spf.records[0].value, "v=spf1 include:_spf.google.com ip4:192.0.2.0/24 ~all");
//! assert_eq!(spf.lookups, 4);
//! assert_eq!(request.all, AllQualifier::SoftFail);
//! ```

use std::net::{Ipv4Addr, Ipv6Addr};

use serde::Serialize;

use crate::catalogue::PlanCode;
use crate::check::Finding;
use crate::diag::{Diagnostic, Severity, Span};
use crate::record::Kind;

use super::{DnsRecord, TTL_CHANGING};

/// A sender in the catalogue.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Sender {
    /// The name to ask for it by, e.g. `google-workspace`.
    pub id: &'static str,
    /// Its name for people.
    pub name: &'static str,
    /// The include it asks for; `None` when every account has its own.
    pub include: Option<&'static str>,
    /// The DNS lookups it costs: the include itself and everything its
    /// record includes in turn.
    pub lookups: u32,
    /// What to know about it.
    pub note: &'static str,
}

/// When the lookup costs below were last known to be right.
pub const COSTS_KNOWN_AT: &str = "2026-05";

// The costs are what each provider's SPF record tree took in lookups as of
// COSTS_KNOWN_AT, the include itself counted. Providers change their records
// without notice (an added include, a flattened one), so these are a
// starting point, not a measurement: the Domain page's live SPF tree (and
// `dmarc-lens check`) counts what a domain's record costs today.
/// The catalogue of common senders.
pub const SENDERS: &[Sender] = &[
    Sender {
        id: "google-workspace",
        name: "Google Workspace",
        include: Some("_spf.google.com"),
        lookups: 4,
        note: "_spf.google.com includes three _netblocks records: 4 lookups in all.",
    },
    Sender {
        id: "microsoft-365",
        name: "Microsoft 365",
        include: Some("spf.protection.outlook.com"),
        lookups: 2,
        note: "spf.protection.outlook.com includes one more record: 2 lookups.",
    },
    Sender {
        id: "amazon-ses",
        name: "Amazon SES",
        include: Some("amazonses.com"),
        lookups: 1,
        note: "SES's SPF authorizes its own MAIL FROM domain; for SPF alignment set a custom MAIL FROM subdomain, \
               which then needs this include in its own SPF record.",
    },
    Sender {
        id: "sendgrid",
        name: "SendGrid",
        include: Some("sendgrid.net"),
        lookups: 1,
        note: "Aligns through DKIM once domain authentication is set up in SendGrid.",
    },
    Sender {
        id: "mailgun",
        name: "Mailgun",
        include: Some("mailgun.org"),
        lookups: 3,
        note: "mailgun.org includes its US and EU records: 3 lookups.",
    },
    Sender {
        id: "postmark",
        name: "Postmark",
        include: Some("spf.mtasv.net"),
        lookups: 1,
        note: "Postmark sends with its own Return-Path unless a custom one is set; DKIM aligns either way.",
    },
    Sender {
        id: "mailchimp",
        name: "Mailchimp / Mandrill",
        include: Some("servers.mcsv.net"),
        lookups: 1,
        note: "Mailchimp aligns through DKIM on your domain; authenticate the domain in Mailchimp.",
    },
    Sender {
        id: "zendesk",
        name: "Zendesk",
        include: Some("mail.zendesk.com"),
        lookups: 1,
        note: "Zendesk also needs its DKIM CNAME records for alignment.",
    },
    Sender {
        id: "hubspot",
        name: "HubSpot",
        include: None,
        lookups: 1,
        note: "HubSpot gives each account its own include (such as 1234567.spf05.hubspotemail.net, shown in \
               HubSpot's domain settings): add that one as a custom include.",
    },
    Sender {
        id: "salesforce",
        name: "Salesforce",
        include: Some("_spf.salesforce.com"),
        lookups: 2,
        note: "_spf.salesforce.com holds an exists term: 2 lookups.",
    },
];

/// The catalogue entry named `id`.
pub fn sender(id: &str) -> Option<&'static Sender> {
    SENDERS.iter().find(|s| s.id == id)
}

/// One sender of the record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SpfTerm {
    /// A catalogue sender, by id.
    Sender(String),
    /// `include:<domain>`.
    Include(String),
    /// `ip4:<address>[/<prefix>]`.
    Ip4(String),
    /// `ip6:<address>[/<prefix>]`.
    Ip6(String),
    /// `a` or `a:<domain>`.
    A(Option<String>),
    /// `mx` or `mx:<domain>`.
    Mx(Option<String>),
}

impl SpfTerm {
    /// Reads a term as written: `include:x`, `ip4:x`, `ip6:x`, `a[:x]`,
    /// `mx[:x]`, or a catalogue id.
    pub fn parse(text: &str) -> SpfTerm {
        let text = text.trim();
        let lower = text.to_ascii_lowercase();
        let arg = |prefix: &str| text.get(prefix.len()..).unwrap_or("").to_string();
        if lower.starts_with("include:") {
            SpfTerm::Include(arg("include:"))
        } else if lower.starts_with("ip4:") {
            SpfTerm::Ip4(arg("ip4:"))
        } else if lower.starts_with("ip6:") {
            SpfTerm::Ip6(arg("ip6:"))
        } else if lower == "a" {
            SpfTerm::A(None)
        } else if lower.starts_with("a:") {
            SpfTerm::A(Some(arg("a:")))
        } else if lower == "mx" {
            SpfTerm::Mx(None)
        } else if lower.starts_with("mx:") {
            SpfTerm::Mx(Some(arg("mx:")))
        } else {
            SpfTerm::Sender(text.to_string())
        }
    }
}

/// What ends the record.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub enum AllQualifier {
    /// `~all`: mail from anywhere else soft-fails.
    #[default]
    SoftFail,
    /// `-all`: mail from anywhere else fails.
    Fail,
}

impl AllQualifier {
    /// `~all` or `-all`.
    pub const fn as_str(self) -> &'static str {
        match self {
            AllQualifier::SoftFail => "~all",
            AllQualifier::Fail => "-all",
        }
    }
}

/// What to build.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpfRequest {
    /// The domain the record is for (the MAIL FROM domain).
    pub domain: String,
    /// The senders, in order.
    pub terms: Vec<SpfTerm>,
    /// How the record ends.
    pub all: AllQualifier,
    /// Whether to spread the terms over sub-records under the domain
    /// (`_spf1.<domain>`, ...), each one string of at most 255 bytes.
    pub split: bool,
    /// Whether to show what flattening the includes would save.
    pub flatten: bool,
}

impl SpfRequest {
    /// An empty request for `domain`: `~all`, no split, no flattening.
    pub fn new(domain: impl Into<String>) -> SpfRequest {
        SpfRequest {
            domain: domain.into(),
            terms: Vec::new(),
            all: AllQualifier::default(),
            split: false,
            flatten: false,
        }
    }
}

/// One term of the built record and what it costs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TermCost {
    /// The term as written in the record.
    pub term: String,
    /// Its DNS lookups, nested ones counted where known.
    pub lookups: u32,
    /// Where the cost comes from: the catalogue entry, or `custom`.
    pub source: String,
    /// What to know about it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// The built SPF record(s) and their cost.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SpfBuild {
    /// The record at the domain first, then any sub-records.
    pub records: Vec<DnsRecord>,
    /// Every term with its cost.
    pub terms: Vec<TermCost>,
    /// DNS lookups for one evaluation, everything counted.
    pub lookups: u32,
    /// The lookups if every catalogue include were flattened into ranges,
    /// when flattening was asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lookups_flattened: Option<u32>,
    /// What the choices mean.
    pub notes: Vec<String>,
    /// Problems, with spans into the term each names.
    pub diagnostics: Vec<Finding>,
}

impl SpfBuild {
    /// Whether any finding is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(|f| f.diagnostic.severity == Severity::Error)
    }
}

/// Labels of letters, digits, `-` and `_` (SPF domains may hold `_spf`
/// labels), 1 to 63 octets each, 253 in all.
fn is_dns_name(name: &str) -> bool {
    let name = name.strip_suffix('.').unwrap_or(name);
    !name.is_empty()
        && name.len() <= 253
        && name.contains('.')
        && name.split('.').all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
                && !l.starts_with('-')
                && !l.ends_with('-')
        })
}

/// `address[/prefix]` with a prefix of at most `max`.
fn check_ip(text: &str, max: u8, v6: bool) -> Result<(), String> {
    let (address, prefix) = match text.split_once('/') {
        Some((a, p)) => (a, Some(p)),
        None => (text, None),
    };
    let parses = if v6 { address.parse::<Ipv6Addr>().is_ok() } else { address.parse::<Ipv4Addr>().is_ok() };
    if !parses {
        let family = if v6 { "IPv6" } else { "IPv4" };
        return Err(format!("\"{address}\" is not an {family} address"));
    }
    if let Some(prefix) = prefix {
        match prefix.parse::<u8>() {
            Ok(p) if (p <= max && !prefix.starts_with('0')) || prefix == "0" => {}
            _ => return Err(format!("/{prefix} is not a prefix length from 0 to {max}")),
        }
    }
    Ok(())
}

/// Builds the record for `request`. Never fails: terms that cannot be
/// written become findings and are left out.
pub fn build(request: &SpfRequest) -> SpfBuild {
    let domain = request.domain.trim().trim_end_matches('.').to_ascii_lowercase();
    let mut diagnostics = Vec::new();
    let mut terms: Vec<TermCost> = Vec::new();
    for (i, term) in request.terms.iter().enumerate() {
        let subject = format!("SPF term {}", i + 1);
        let invalid = |written: &str, why: &str| {
            let d = Diagnostic::new(
                PlanCode::SpfTermInvalid,
                Span::new(0, written.len()),
                &[("term", written), ("why", why)],
            );
            Finding::in_text(subject.clone(), written, d)
        };
        let cost = match term {
            SpfTerm::Sender(id) => match sender(id) {
                Some(Sender { include: Some(include), lookups, note, name, .. }) => TermCost {
                    term: format!("include:{include}"),
                    lookups: *lookups,
                    source: (*name).to_string(),
                    note: Some((*note).to_string()),
                },
                Some(s) => {
                    let d = Diagnostic::new(
                        PlanCode::SpfSenderOwnInclude,
                        Span::new(0, id.len()),
                        &[("name", s.name), ("note", s.note)],
                    );
                    diagnostics.push(Finding::in_text(subject.clone(), id.as_str(), d));
                    continue;
                }
                None => {
                    let known = SENDERS.iter().map(|s| s.id).collect::<Vec<_>>().join(", ");
                    let d = Diagnostic::new(
                        PlanCode::SpfSenderUnknown,
                        Span::new(0, id.len()),
                        &[("name", id.as_str()), ("known", known.as_str())],
                    );
                    diagnostics.push(Finding::in_text(subject.clone(), id.as_str(), d));
                    continue;
                }
            },
            SpfTerm::Include(target) => {
                let target = target.trim().trim_end_matches('.').to_ascii_lowercase();
                let written = format!("include:{target}");
                if !is_dns_name(&target) {
                    diagnostics.push(invalid(&written, "the domain is not a DNS name"));
                    continue;
                }
                if target == domain {
                    diagnostics.push(invalid(&written, "a record that includes itself loops"));
                    continue;
                }
                // A catalogue include given by hand still gets its known cost.
                match SENDERS.iter().find(|s| s.include == Some(target.as_str())) {
                    Some(s) => TermCost {
                        term: written,
                        lookups: s.lookups,
                        source: s.name.to_string(),
                        note: Some(s.note.to_string()),
                    },
                    None => {
                        let d = Diagnostic::new(
                            PlanCode::SpfIncludeCostUnknown,
                            Span::new(8, written.len()),
                            &[("domain", target.as_str())],
                        );
                        diagnostics.push(Finding::in_text(subject.clone(), written.as_str(), d));
                        TermCost { term: written, lookups: 1, source: "custom".to_string(), note: None }
                    }
                }
            }
            SpfTerm::Ip4(range) | SpfTerm::Ip6(range) => {
                let v6 = matches!(term, SpfTerm::Ip6(_));
                let written = format!("{}:{}", if v6 { "ip6" } else { "ip4" }, range.trim());
                if let Err(why) = check_ip(range.trim(), if v6 { 128 } else { 32 }, v6) {
                    diagnostics.push(invalid(&written, &why));
                    continue;
                }
                TermCost { term: written, lookups: 0, source: "custom".to_string(), note: None }
            }
            SpfTerm::A(target) | SpfTerm::Mx(target) => {
                let mechanism = if matches!(term, SpfTerm::A(_)) { "a" } else { "mx" };
                let target = target.as_deref().map(|t| t.trim().trim_end_matches('.').to_ascii_lowercase());
                let written = match &target {
                    Some(t) => format!("{mechanism}:{t}"),
                    None => mechanism.to_string(),
                };
                if target.as_deref().is_some_and(|t| !is_dns_name(t)) {
                    diagnostics.push(invalid(&written, "the domain is not a DNS name"));
                    continue;
                }
                let note = (mechanism == "mx").then(|| {
                    "mx costs 1 lookup, and then looks up each MX host's addresses; more than 10 MX hosts is a \
                     permerror."
                        .to_string()
                });
                TermCost { term: written, lookups: 1, source: "custom".to_string(), note }
            }
        };
        if terms.iter().any(|t| t.term == cost.term) {
            let d = Diagnostic::new(
                PlanCode::SpfTermDuplicate,
                Span::new(0, cost.term.len()),
                &[("term", cost.term.as_str())],
            );
            diagnostics.push(Finding::in_text(subject, cost.term.as_str(), d));
            continue;
        }
        terms.push(cost);
    }

    let mut notes = vec![format!(
        "Lookup costs are as known at {COSTS_KNOWN_AT}, nested includes counted; providers change their records, so \
         check the published record with the Domain page, whose live SPF tree counts what it costs today."
    )];
    notes.push(match request.all {
        AllQualifier::SoftFail => "~all: mail from anywhere else soft-fails. Receivers usually accept it and weigh \
             the result; with DMARC enforcing, unaligned mail is still quarantined or refused by the DMARC policy, \
             and forwarded mail keeps reaching DMARC, which can pass it on DKIM."
            .to_string(),
        AllQualifier::Fail => "-all: mail from anywhere else fails, and some receivers refuse it during SMTP before \
             DMARC runs: that mail never shows in DMARC reports (RFC 9989 §7.1), and forwarded mail that DKIM \
             would have passed can be refused too."
            .to_string(),
    });

    let mut lookups: u32 = terms.iter().map(|t| t.lookups).sum();
    let mut records = Vec::new();
    let name = domain.clone();
    if request.split && !terms.is_empty() {
        // One string each: sub-records of at most 255 bytes.
        let mut chunks: Vec<Vec<&str>> = Vec::new();
        let overhead = "v=spf1".len() + 1 + request.all.as_str().len();
        for term in &terms {
            // "v=spf1", a space before each term, then " ~all".
            let length = |c: &Vec<&str>| {
                overhead + c.iter().chain([&term.term.as_str()]).map(|t| t.len() + 1).sum::<usize>()
            };
            let fits = chunks.last().is_some_and(|c| length(c) <= super::output::MAX_STRING);
            match chunks.last_mut() {
                Some(chunk) if fits => chunk.push(&term.term),
                _ => chunks.push(vec![&term.term]),
            }
        }
        let names: Vec<String> = (1..=chunks.len()).map(|n| format!("_spf{n}.{domain}")).collect();
        let top = format!(
            "v=spf1 {} {}",
            names.iter().map(|n| format!("include:{n}")).collect::<Vec<_>>().join(" "),
            request.all.as_str()
        );
        records.push(DnsRecord::txt(name, TTL_CHANGING, top, Kind::Spf));
        for (chunk, sub) in chunks.iter().zip(&names) {
            let value = format!("v=spf1 {} {}", chunk.join(" "), request.all.as_str());
            records.push(DnsRecord::txt(sub.clone(), TTL_CHANGING, value, Kind::Spf));
        }
        let added = u32::try_from(names.len()).unwrap_or(u32::MAX);
        lookups = lookups.saturating_add(added);
        notes.push(format!(
            "Split into {added} sub-record(s) under {domain}: each stays one string and the record at {domain} \
             stays short, but every include of a sub-record is a lookup too, so one evaluation costs more, not \
             less ({lookups} here). Splitting never works around the limit of 10."
        ));
    } else {
        let mut value = String::from("v=spf1");
        for term in &terms {
            value.push(' ');
            value.push_str(&term.term);
        }
        value.push(' ');
        value.push_str(request.all.as_str());
        records.push(DnsRecord::txt(name, TTL_CHANGING, value, Kind::Spf));
    }
    if terms.is_empty() {
        notes.push(format!("No senders: this is a null SPF record, {domain} sends no mail."));
    }

    let lookups_flattened = request.flatten.then(|| {
        let kept: u32 = terms.iter().filter(|t| t.source == "custom").map(|t| t.lookups).sum();
        notes.push(format!(
            "Flattening replaces each catalogue include by the addresses it resolves to today, which costs no \
             lookups ({kept} left here, from your own a, mx and includes). The upkeep is yours: when a provider \
             changes its addresses, and they do without notice, the flattened record goes stale and its mail fails \
             SPF until you regenerate it. The Domain page's live SPF tree lists the ranges to use."
        ));
        kept
    });

    let count = lookups.to_string();
    if lookups > 10 {
        let d = Diagnostic::new(PlanCode::SpfTooManyLookups, Span::at(0), &[("count", &count)]);
        diagnostics.push(Finding::about("SPF record", d));
    } else if lookups >= 9 {
        let d = Diagnostic::new(PlanCode::SpfNearLimit, Span::at(0), &[("count", &count)]);
        diagnostics.push(Finding::about("SPF record", d));
    }
    SpfBuild { records, terms, lookups, lookups_flattened, notes, diagnostics }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(terms: &[&str]) -> SpfRequest {
        let mut r = SpfRequest::new("example.com");
        r.terms = terms.iter().map(|t| SpfTerm::parse(t)).collect();
        r
    }

    fn codes(b: &SpfBuild) -> Vec<&'static str> {
        b.diagnostics.iter().map(|f| f.diagnostic.code.as_str()).collect()
    }

    #[test]
    fn terms_are_read_as_written() {
        assert_eq!(SpfTerm::parse("include:_spf.example.net"), SpfTerm::Include("_spf.example.net".into()));
        assert_eq!(SpfTerm::parse("IP4:192.0.2.1"), SpfTerm::Ip4("192.0.2.1".into()));
        assert_eq!(SpfTerm::parse("a"), SpfTerm::A(None));
        assert_eq!(SpfTerm::parse("mx:mail.example.com"), SpfTerm::Mx(Some("mail.example.com".into())));
        assert_eq!(SpfTerm::parse("sendgrid"), SpfTerm::Sender("sendgrid".into()));
    }

    #[test]
    fn the_budget_is_counted_with_nested_lookups() {
        let b = build(&request(&["google-workspace", "microsoft-365", "mailgun", "a", "ip6:2001:db8::/32"]));
        assert_eq!(b.lookups, 4 + 2 + 3 + 1);
        assert_eq!(codes(&b), ["plan-spf-near-limit"]);
        let b = build(&request(&["google-workspace", "microsoft-365", "mailgun", "a", "mx"]));
        assert_eq!(b.lookups, 11);
        assert!(b.has_errors());
        assert_eq!(codes(&b), ["plan-spf-too-many-lookups"]);
    }

    #[test]
    fn bad_terms_are_findings_with_spans() {
        let b = build(&request(&[
            "ip4:192.0.2.300",
            "ip4:192.0.2.0/33",
            "ip6:2001:db8::/129",
            "include:bad..name",
            "include:example.com",
            "hubspot",
            "sparkpost-ish",
            "ip4:192.0.2.1",
            "ip4:192.0.2.1",
            "ip4:192.0.2.0/024",
        ]));
        assert_eq!(
            codes(&b),
            [
                "plan-spf-term-invalid",
                "plan-spf-term-invalid",
                "plan-spf-term-invalid",
                "plan-spf-term-invalid",
                "plan-spf-term-invalid",
                "plan-spf-sender-own-include",
                "plan-spf-sender-unknown",
                "plan-spf-term-duplicate",
                "plan-spf-term-invalid",
            ]
        );
        assert_eq!(b.records[0].value, "v=spf1 ip4:192.0.2.1 ~all");
        assert!(b.diagnostics[5].diagnostic.help.contains("hubspotemail.net"));
    }
}
