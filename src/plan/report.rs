//! Report addresses: the `rua` and `ruf` a plan writes, and the
//! authorization records external destinations must publish (RFC 9990 §4,
//! reused by RFC 9991 §5 for failure reports).

use crate::catalogue::PlanCode;
use crate::check::Finding;
use crate::diag::{Diagnostic, Span};
use crate::domain::org::{same_name, same_org};
use crate::record::dmarc;
use crate::record::Kind;

use super::{DnsRecord, TTL_STABLE};

/// One usable report address.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ReportAddress {
    /// `rua` or `ruf`.
    pub tag: &'static str,
    /// The URI as the record writes it.
    pub uri: String,
    /// The host reports go to: the mailbox's domain, or the URI's host.
    pub destination: Option<String>,
}

/// The host of a non-`mailto:` URI (`https://host:port/path`).
fn uri_host(uri: &str) -> Option<String> {
    let rest = uri.split_once("://")?.1;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = host.split(':').next()?;
    (!host.is_empty()).then(|| host.to_ascii_lowercase())
}

/// Reads the addresses given for `tag`: each one checked as receivers will
/// read it; unusable ones become findings and are left out.
pub(crate) fn addresses(
    tag: &'static str,
    given: &[String],
    findings: &mut Vec<Finding>,
) -> Vec<ReportAddress> {
    let mut out: Vec<ReportAddress> = Vec::new();
    for raw in given {
        let text = raw.trim();
        if text.is_empty() {
            continue;
        }
        let whole = Span::new(0, raw.len());
        let problem = |why: &str| {
            Diagnostic::new(PlanCode::UriInvalid, whole, &[("tag", tag), ("uri", raw.as_str()), ("why", why)])
        };
        if let Some(at) = raw.find([',', ';', ' ', '\t', '"', '(', ')', '\\']) {
            let why = match raw.get(at..=at) {
                Some(",") => "a comma ends an address in the record; write it as %2C",
                Some(";") => "a semicolon ends the tag in the record; write it as %3B",
                Some("\"") => "a quote cannot be published in the record",
                Some("(" | ")") => "DNS tools read a parenthesis as zone-file syntax; write it as %28 or %29",
                Some("\\") => "DNS tools read a backslash as an escape; write it as %5C",
                _ => "it contains a space",
            };
            let mut d = problem(why);
            d.span = Span::new(at, at + 1);
            findings.push(Finding::in_text(tag, raw.as_str(), d));
            continue;
        }
        let mut uri = text.to_string();
        if !text.contains(':') && text.contains('@') {
            uri = format!("mailto:{text}");
            let d = Diagnostic::new(PlanCode::UriSchemeAdded, whole, &[("tag", tag), ("uri", text)]);
            findings.push(Finding::in_text(tag, raw.as_str(), d));
        }
        // Read the way receivers read it: as one address of a record.
        let (record, _) = dmarc::parse(&format!("v=DMARC1; p=none; rua={uri}"));
        let Some(parsed) = record.aggregate_uris.first() else {
            findings.push(Finding::in_text(tag, raw.as_str(), problem("it is empty")));
            continue;
        };
        if let Some(why) = &parsed.problem {
            findings.push(Finding::in_text(tag, raw.as_str(), problem(why)));
            continue;
        }
        let destination = if parsed.is_mailto() {
            parsed.mailbox_domain().map(|d| d.trim_end_matches('.').to_ascii_lowercase())
        } else {
            let d = Diagnostic::new(PlanCode::UriNotMailto, whole, &[("tag", tag), ("uri", text)]);
            findings.push(Finding::in_text(tag, raw.as_str(), d));
            uri_host(&parsed.uri)
        };
        // The obsolete `!size` suffix is dropped: RFC 9989 reporters ignore it.
        let address = ReportAddress { tag, uri: parsed.uri.clone(), destination };
        if !out.iter().any(|a| a.uri.eq_ignore_ascii_case(&address.uri)) {
            out.push(address);
        }
    }
    out
}

/// The addresses of `tag` in a record receivers already read, to keep when
/// none are given: each one checked as a given address is, so one that
/// cannot be published again as written (a parenthesis, a quote, a
/// backslash) becomes a finding and is left out.
pub(crate) fn from_record(
    tag: &'static str,
    record: &dmarc::DmarcRecord,
    findings: &mut Vec<Finding>,
) -> Vec<ReportAddress> {
    let uris = if tag == "rua" { &record.aggregate_uris } else { &record.failure_uris };
    let kept: Vec<String> = uris.iter().filter(|u| u.is_valid()).map(|u| u.uri.clone()).collect();
    addresses(tag, &kept, findings)
}

/// The authorization records the destinations outside `policy_domain`'s
/// organizational domain must publish, added to `records` once each.
pub(crate) fn authorizations(
    policy_domain: &str,
    addresses: &[ReportAddress],
    records: &mut Vec<DnsRecord>,
    findings: &mut Vec<Finding>,
) {
    for address in addresses {
        let Some(destination) = &address.destination else { continue };
        if same_org(policy_domain, destination) {
            continue;
        }
        let name = format!("{policy_domain}._report._dmarc.{destination}");
        if name.len() > 253 {
            let length = name.len().to_string();
            let args = [
                ("uri", address.uri.as_str()),
                ("name", name.as_str()),
                ("length", length.as_str()),
                ("domain", policy_domain),
            ];
            let d = Diagnostic::new(PlanCode::ReportAuthTooLong, Span::at(0), &args);
            if !findings.iter().any(|f| f.diagnostic == d) {
                findings.push(Finding::about(address.tag, d));
            }
            continue;
        }
        if records.iter().any(|r| r.name == name) {
            continue;
        }
        let note = format!(
            "Published by whoever runs {destination} (a report service usually does it for you): it agrees to receive \
             {policy_domain}'s reports. Without it receivers drop {}. *._report._dmarc.{destination} agrees for every domain at once.",
            address.uri
        );
        records.push(DnsRecord::txt(name, TTL_STABLE, "v=DMARC1", Kind::DmarcReportAuth).with_note(note));
    }
}

/// A warning for each address that sends reports to the parked domain
/// itself, which the kit's null MX keeps from receiving them.
pub(crate) fn at_parked_domain(domain: &str, addresses: &[ReportAddress], findings: &mut Vec<Finding>) {
    for address in addresses {
        if address.destination.as_deref().is_some_and(|d| same_name(d, domain)) {
            let args = [("tag", address.tag), ("uri", address.uri.as_str()), ("domain", domain)];
            let d = Diagnostic::new(PlanCode::RuaAtParkedDomain, Span::new(0, address.uri.len()), &args);
            findings.push(Finding::in_text(address.tag, address.uri.as_str(), d));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(tag: &'static str, given: &[&str]) -> (Vec<ReportAddress>, Vec<Finding>) {
        let mut findings = Vec::new();
        let given: Vec<String> = given.iter().map(|s| s.to_string()).collect();
        (addresses(tag, &given, &mut findings), findings)
    }

    fn codes(findings: &[Finding]) -> Vec<&'static str> {
        findings.iter().map(|f| f.diagnostic.code.as_str()).collect()
    }

    #[test]
    fn addresses_are_read_as_receivers_read_them() {
        let (ok, findings) =
            read("rua", &["mailto:d@Example.COM", "d@reports.example.net", "  ", "mailto:d@example.com"]);
        assert_eq!(ok.len(), 2, "{ok:?}");
        assert_eq!(ok[0].destination.as_deref(), Some("example.com"));
        assert_eq!(ok[1].uri, "mailto:d@reports.example.net");
        assert_eq!(codes(&findings), ["plan-uri-scheme-added"]);

        let (ok, findings) =
            read("rua", &["mailto:a@example.com,mailto:b@example.com", "mailto:", "https://r.example/x"]);
        assert_eq!(ok.len(), 1);
        assert_eq!(ok[0].destination.as_deref(), Some("r.example"));
        assert_eq!(codes(&findings), ["plan-uri-invalid", "plan-uri-invalid", "plan-uri-not-mailto"]);
        assert_eq!(findings[0].diagnostic.span.slice(findings[0].text.as_deref().unwrap_or("")), ",");

        let (ok, _) = read("ruf", &["mailto:d@example.com!10m"]);
        assert_eq!(ok[0].uri, "mailto:d@example.com");
    }

    #[test]
    fn only_external_destinations_need_authorization() {
        let (ok, _) = read(
            "rua",
            &[
                "mailto:d@example.com",
                "mailto:d@mail.example.com",
                "mailto:x@vendor.example",
                "mailto:y@vendor.example",
            ],
        );
        let mut records = Vec::new();
        let mut findings = Vec::new();
        authorizations("example.com", &ok, &mut records, &mut findings);
        let names: Vec<&str> = records.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["example.com._report._dmarc.vendor.example"]);
        assert_eq!(records[0].value, "v=DMARC1");
        assert!(findings.is_empty());

        let long = format!("{}.example", "a".repeat(60));
        let domain = format!("{0}.{0}.{0}.com", "b".repeat(60));
        let (ok, _) = read("rua", &[&format!("mailto:d@{long}")]);
        authorizations(&domain, &ok, &mut Vec::new(), &mut findings);
        assert_eq!(codes(&findings), ["plan-report-auth-too-long"]);
    }
}
