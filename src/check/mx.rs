//! MX records, live: who receives the domain's mail, and whether senders
//! can reach them.
//!
//! The MX records are sorted by preference. A null MX (RFC 7505: one MX
//! record `0 .`) says the domain accepts no mail, and must stand alone.
//! Every other host is looked up (A, AAAA and CNAME, for all hosts at
//! once): a host without an address cannot be delivered to, an exchange
//! written as an IP address is looked up as a name and fails, and an
//! exchange that is an alias breaks RFC 2181 §10.3.

use std::net::IpAddr;

use serde::Serialize;

use super::join::join_all;
use super::util::{finding, lookup_failed, normalize};
use super::Finding;
use crate::catalogue::CheckCode;
use crate::dns::{Answer, Record, RecordType, Resolver};

/// What the MX lookup showed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MxStatus {
    /// MX records naming hosts.
    Hosts,
    /// A null MX: the domain accepts no mail.
    NullMx,
    /// No MX records: mail goes to the domain's own address, if any.
    NoMx,
    /// The domain does not exist (NXDOMAIN).
    NoDomain,
    /// The lookup failed.
    Failed,
}

/// One mail server of the domain.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MxHost {
    /// The preference (lower is tried first).
    pub preference: u16,
    /// The host name (lower case, no trailing dot).
    pub exchange: String,
    /// Its IPv4 and IPv6 addresses.
    pub addresses: Vec<String>,
    /// When the name is an alias (CNAME), its target.
    pub cname: Option<String>,
    /// What is wrong with this host.
    pub findings: Vec<Finding>,
}

/// The domain's mail servers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MxCheck {
    /// The domain checked.
    pub domain: String,
    /// What the MX lookup showed.
    pub status: MxStatus,
    /// The hosts, by preference (a null MX is not listed).
    pub hosts: Vec<MxHost>,
    /// Whether the domain publishes a valid null MX (exactly one MX, `.`).
    pub null_mx: bool,
    /// Findings about the MX set as a whole.
    pub findings: Vec<Finding>,
}

impl MxCheck {
    /// Whether the domain says it receives no mail: a null MX, or no MX
    /// and no domain. `None` when the lookup failed.
    pub fn receives_no_mail(&self) -> Option<bool> {
        match self.status {
            MxStatus::NullMx | MxStatus::NoDomain => Some(true),
            MxStatus::Hosts => Some(false),
            MxStatus::NoMx | MxStatus::Failed => None,
        }
    }
}

/// Whether an MX exchange is the root, the mark of a null MX.
fn is_root(exchange: &str) -> bool {
    exchange.is_empty() || exchange == "."
}

/// The address an exchange names, when it is an IP literal (with or
/// without brackets) instead of a host name.
fn ip_literal(exchange: &str) -> Option<IpAddr> {
    let bare = exchange.strip_prefix('[').and_then(|e| e.strip_suffix(']')).unwrap_or(exchange);
    let bare = bare.strip_prefix("ipv6:").unwrap_or(bare);
    bare.parse().ok()
}

/// Looks up the MX records of `domain` and the address of every host.
pub async fn check_mx<R: Resolver>(resolver: &R, domain: &str) -> MxCheck {
    let domain = normalize(domain);
    let mut check = MxCheck {
        domain: domain.clone(),
        status: MxStatus::Hosts,
        hosts: Vec::new(),
        null_mx: false,
        findings: Vec::new(),
    };
    let subject = format!("{domain} MX");
    let answer = resolver.query(&domain, RecordType::Mx).await;
    let records = match &answer {
        Answer::Failed(failure) => {
            check.status = MxStatus::Failed;
            check.findings.push(lookup_failed(
                &domain,
                RecordType::Mx,
                failure,
                "where its mail is delivered",
            ));
            return check;
        }
        Answer::NxDomain => {
            check.status = MxStatus::NoDomain;
            check.findings.push(finding(subject, CheckCode::DomainNonexistent, &[("domain", &domain)]));
            return check;
        }
        Answer::NoData => {
            check.status = MxStatus::NoMx;
            check.findings.push(finding(subject, CheckCode::MxNone, &[("domain", &domain)]));
            return check;
        }
        Answer::Records(records) => records,
    };
    let mut real: Vec<(u16, String)> = Vec::new();
    let mut null: Vec<u16> = Vec::new();
    for record in records {
        if let Record::Mx { preference, exchange } = record {
            let exchange = normalize(exchange);
            if is_root(&exchange) {
                null.push(*preference);
            } else if !real.contains(&(*preference, exchange.clone())) {
                real.push((*preference, exchange));
            }
        }
    }
    crate::order::sort(&mut real);
    match (null.first(), real.is_empty()) {
        (Some(&preference), true) => {
            check.status = MxStatus::NullMx;
            check.null_mx = true;
            if preference != 0 {
                let preference = preference.to_string();
                check.findings.push(finding(
                    subject,
                    CheckCode::MxNullPreference,
                    &[("domain", &domain), ("preference", &preference)],
                ));
            }
            return check;
        }
        (Some(_), false) => {
            let count = real.len().to_string();
            check.findings.push(finding(
                subject,
                CheckCode::MxNullMixed,
                &[("domain", &domain), ("count", &count)],
            ));
        }
        (None, true) => {
            // Records, but none of them MX: as good as none.
            check.status = MxStatus::NoMx;
            check.findings.push(finding(subject, CheckCode::MxNone, &[("domain", &domain)]));
            return check;
        }
        (None, false) => {}
    }

    // Every host's A, AAAA and CNAME at once; IP literals are not names.
    let named: Vec<&String> = real.iter().filter(|(_, e)| ip_literal(e).is_none()).map(|(_, e)| e).collect();
    let types = [RecordType::A, RecordType::Aaaa, RecordType::Cname];
    let answers =
        join_all(named.iter().flat_map(|host| types.iter().map(move |t| resolver.query(host.as_str(), *t))))
            .await;
    let mut answers = answers.chunks(types.len());
    for (preference, exchange) in &real {
        let mut host = MxHost {
            preference: *preference,
            exchange: exchange.clone(),
            addresses: Vec::new(),
            cname: None,
            findings: Vec::new(),
        };
        if ip_literal(exchange).is_some() {
            host.findings.push(finding(
                format!("{domain} MX"),
                CheckCode::MxIpLiteral,
                &[("host", exchange)],
            ));
            check.hosts.push(host);
            continue;
        }
        let Some([a, aaaa, cname]) = answers.next() else {
            check.hosts.push(host);
            continue;
        };
        for answer in [a, aaaa] {
            for record in answer.records() {
                match record {
                    Record::A(ip) => host.addresses.push(ip.to_string()),
                    Record::Aaaa(ip) => host.addresses.push(ip.to_string()),
                    _ => {}
                }
            }
        }
        let what = format!("whether the mail server {exchange} has an address");
        for (answer, kind) in [(a, RecordType::A), (aaaa, RecordType::Aaaa)] {
            if let Some(failure) = answer.failure() {
                host.findings.push(lookup_failed(exchange, kind, failure, &what));
            }
        }
        if a.is_void() && aaaa.is_void() {
            let preference = preference.to_string();
            host.findings.push(finding(
                format!("{exchange} A/AAAA"),
                CheckCode::MxHostNoAddress,
                &[("host", exchange), ("preference", &preference)],
            ));
        }
        if let Some(Record::Cname(target)) = cname.records().first() {
            let target = normalize(target);
            host.findings.push(finding(
                format!("{exchange} CNAME"),
                CheckCode::MxCname,
                &[("host", exchange), ("target", &target)],
            ));
            host.cname = Some(target);
        }
        crate::order::sort_by_key(&mut host.findings, |f| f.diagnostic.severity);
        check.hosts.push(host);
    }
    check
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::join::block_on;
    use crate::diag::Severity;
    use crate::dns::MemoryResolver;

    fn mx(zone: &mut MemoryResolver, domain: &str, preference: u16, exchange: &str) {
        zone.add(domain, Record::Mx { preference, exchange: exchange.into() });
    }

    fn codes(findings: &[Finding]) -> Vec<&'static str> {
        findings.iter().map(|f| f.diagnostic.code.as_str()).collect()
    }

    #[test]
    fn hosts_are_sorted_by_preference_with_their_addresses() {
        let mut zone = MemoryResolver::new();
        mx(&mut zone, "example.com", 20, "MX2.example.com.");
        mx(&mut zone, "example.com", 10, "mx1.example.com.");
        zone.add("mx1.example.com", Record::A("192.0.2.10".parse().unwrap()));
        zone.add("mx1.example.com", Record::Aaaa("2001:db8::10".parse().unwrap()));
        zone.add("mx2.example.com", Record::A("192.0.2.20".parse().unwrap()));
        let check = block_on(check_mx(&zone, "example.com"));
        assert_eq!(check.status, MxStatus::Hosts);
        assert!(!check.null_mx);
        let hosts: Vec<(u16, &str)> =
            check.hosts.iter().map(|h| (h.preference, h.exchange.as_str())).collect();
        assert_eq!(hosts, [(10, "mx1.example.com"), (20, "mx2.example.com")]);
        assert_eq!(check.hosts[0].addresses, ["192.0.2.10", "2001:db8::10"]);
        assert!(check.hosts.iter().all(|h| h.findings.is_empty()));
        assert!(check.findings.is_empty());
        assert_eq!(check.receives_no_mail(), Some(false));
    }

    #[test]
    fn a_null_mx_says_the_domain_takes_no_mail() {
        let mut zone = MemoryResolver::new();
        mx(&mut zone, "parked.example", 0, ".");
        let check = block_on(check_mx(&zone, "parked.example"));
        assert!(check.null_mx);
        assert_eq!(check.status, MxStatus::NullMx);
        assert!(check.hosts.is_empty() && check.findings.is_empty());
        assert_eq!(check.receives_no_mail(), Some(true));

        let mut zone = MemoryResolver::new();
        mx(&mut zone, "parked.example", 10, "");
        let check = block_on(check_mx(&zone, "parked.example"));
        assert!(check.null_mx);
        assert_eq!(codes(&check.findings), ["check-mx-null-preference"]);
    }

    #[test]
    fn a_null_mx_mixed_with_others_is_an_error() {
        let mut zone = MemoryResolver::new();
        mx(&mut zone, "example.com", 0, ".");
        mx(&mut zone, "example.com", 10, "mx.example.com");
        zone.add("mx.example.com", Record::A("192.0.2.1".parse().unwrap()));
        let check = block_on(check_mx(&zone, "example.com"));
        assert!(!check.null_mx);
        assert_eq!(codes(&check.findings), ["check-mx-null-mixed"]);
        assert_eq!(check.findings[0].diagnostic.severity, Severity::Error);
        assert_eq!(check.hosts.len(), 1, "the real host is still listed");
    }

    #[test]
    fn a_host_without_an_address_is_an_error() {
        let mut zone = MemoryResolver::new();
        mx(&mut zone, "example.com", 10, "gone.example.com");
        mx(&mut zone, "example.com", 20, "slow.example.com");
        zone.add_timeout("slow.example.com", RecordType::A);
        zone.add("slow.example.com", Record::Aaaa("2001:db8::1".parse().unwrap()));
        let check = block_on(check_mx(&zone, "example.com"));
        let gone = &check.hosts[0];
        assert_eq!(codes(&gone.findings), ["check-mx-host-no-address"]);
        assert_eq!(gone.findings[0].subject, "gone.example.com A/AAAA");
        assert!(gone.findings[0].diagnostic.message.contains("gone.example.com (MX 10)"));
        // A failed lookup is not "no address".
        let slow = &check.hosts[1];
        assert_eq!(codes(&slow.findings), ["dns-timeout"]);
        assert_eq!(slow.addresses, ["2001:db8::1"]);
    }

    #[test]
    fn ip_literals_and_aliases_are_flagged() {
        let mut zone = MemoryResolver::new();
        mx(&mut zone, "example.com", 10, "192.0.2.25");
        mx(&mut zone, "example.com", 20, "alias.example.com");
        zone.add("alias.example.com", Record::Cname("real.example.net".into()));
        zone.add("real.example.net", Record::A("192.0.2.26".parse().unwrap()));
        let check = block_on(check_mx(&zone, "example.com"));
        assert_eq!(codes(&check.hosts[0].findings), ["check-mx-ip-literal"]);
        assert!(check.hosts[0].addresses.is_empty());
        let alias = &check.hosts[1];
        assert_eq!(codes(&alias.findings), ["check-mx-cname"]);
        assert_eq!(alias.cname.as_deref(), Some("real.example.net"));
        assert_eq!(alias.addresses, ["192.0.2.26"]);
    }

    #[test]
    fn no_mx_and_no_domain_are_told_apart() {
        let mut zone = MemoryResolver::new();
        zone.add_txt("example.com", "v=spf1 -all");
        let check = block_on(check_mx(&zone, "example.com"));
        assert_eq!((check.status, codes(&check.findings)), (MxStatus::NoMx, vec!["check-mx-none"]));
        let check = block_on(check_mx(&zone, "nowhere.example.com"));
        assert_eq!(check.status, MxStatus::NoDomain);
        assert_eq!(codes(&check.findings), ["check-domain-nonexistent"]);
        zone.add_timeout("example.com", RecordType::Mx);
        let check = block_on(check_mx(&zone, "example.com"));
        assert_eq!((check.status, check.receives_no_mail()), (MxStatus::Failed, None));
    }
}
