//! DNS: the async [`Resolver`] trait that SPF evaluation and the live checks
//! run over, and the answer model.
//!
//! The core never talks to the network itself. The web app implements
//! [`Resolver`] over DNS-over-HTTPS (in the browser, where futures are not
//! `Send`), the command line over whatever it likes, and tests use
//! [`MemoryResolver`]. The trait therefore has no `Send` bounds and returns
//! a plain `impl Future`.
//!
//! An [`Answer`] keeps apart what callers must treat differently: records
//! found, a name that does not exist (NXDOMAIN), a name that exists without
//! records of the asked type (NODATA), and the failures ([`Failure`]:
//! SERVFAIL, REFUSED, other RCODEs, a truncated answer, a timeout, an HTTP
//! error status, a network or CORS failure, undecodable bytes).
//!
//! [`wire`] encodes queries and decodes answers in the DNS message format
//! that DNS over HTTPS carries (RFC 8484). With the `cli` feature, natively,
//! `DohResolver` asks a DNS-over-HTTPS server with it.

#[cfg(all(feature = "cli", not(target_arch = "wasm32")))]
mod doh;
mod memory;
pub mod wire;
pub mod zone;

use std::fmt;
use std::future::Future;
use std::net::{Ipv4Addr, Ipv6Addr};

#[cfg(all(feature = "cli", not(target_arch = "wasm32")))]
pub use doh::DohResolver;
pub(crate) use memory::normalize;
pub use memory::MemoryResolver;

use crate::catalogue::DnsCode;
use crate::diag::{Diagnostic, Span};

/// The record types the core asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum RecordType {
    /// IPv4 address (1).
    A,
    /// IPv6 address (28).
    Aaaa,
    /// Mail exchanger (15).
    Mx,
    /// Text (16).
    Txt,
    /// Reverse pointer (12).
    Ptr,
    /// Canonical name (5).
    Cname,
}

impl RecordType {
    /// Every type the core knows, in the order of the enum.
    pub const ALL: [RecordType; 6] = [
        RecordType::A,
        RecordType::Aaaa,
        RecordType::Mx,
        RecordType::Txt,
        RecordType::Ptr,
        RecordType::Cname,
    ];

    /// The type with wire number `code`, if the core knows it.
    pub fn from_code(code: u16) -> Option<RecordType> {
        RecordType::ALL.into_iter().find(|t| t.code() == code)
    }

    /// The type's number on the wire.
    pub const fn code(self) -> u16 {
        match self {
            RecordType::A => 1,
            RecordType::Aaaa => 28,
            RecordType::Mx => 15,
            RecordType::Txt => 16,
            RecordType::Ptr => 12,
            RecordType::Cname => 5,
        }
    }

    /// The type's mnemonic, e.g. `AAAA`.
    pub const fn as_str(self) -> &'static str {
        match self {
            RecordType::A => "A",
            RecordType::Aaaa => "AAAA",
            RecordType::Mx => "MX",
            RecordType::Txt => "TXT",
            RecordType::Ptr => "PTR",
            RecordType::Cname => "CNAME",
        }
    }
}

impl fmt::Display for RecordType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One TXT record: its character-strings, each kept apart, as bytes (DNS
/// does not promise UTF-8).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Txt {
    /// The character-strings, each at most 255 bytes on the wire.
    pub strings: Vec<Vec<u8>>,
}

impl Txt {
    /// A record made of the given strings.
    pub fn new<I, S>(strings: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<Vec<u8>>,
    {
        Txt { strings: strings.into_iter().map(Into::into).collect() }
    }

    /// The strings joined with no separator, as SPF and DMARC read them.
    pub fn joined(&self) -> Vec<u8> {
        self.strings.concat()
    }

    /// The joined strings as text, when they are valid UTF-8.
    pub fn text(&self) -> Option<String> {
        String::from_utf8(self.joined()).ok()
    }
}

/// One resource record's data.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Record {
    /// An IPv4 address.
    A(Ipv4Addr),
    /// An IPv6 address.
    Aaaa(Ipv6Addr),
    /// A mail exchanger; an exchange of `""` or `"."` is the root (null MX).
    Mx {
        /// The preference (lower is tried first).
        preference: u16,
        /// The exchange host name.
        exchange: String,
    },
    /// A text record.
    Txt(Txt),
    /// A reverse pointer's target name.
    Ptr(String),
    /// An alias's target name.
    Cname(String),
}

impl Record {
    /// The record's type.
    pub const fn record_type(&self) -> RecordType {
        match self {
            Record::A(_) => RecordType::A,
            Record::Aaaa(_) => RecordType::Aaaa,
            Record::Mx { .. } => RecordType::Mx,
            Record::Txt(_) => RecordType::Txt,
            Record::Ptr(_) => RecordType::Ptr,
            Record::Cname(_) => RecordType::Cname,
        }
    }
}

/// Why a query produced no answer. Each kind has its own catalogue rule
/// (see [`diagnostic`]), because each asks the user to do something else.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Failure {
    /// The server reported a failure (RCODE 2). SPF calls this a temperror.
    ServFail,
    /// The server refused the query (RCODE 5).
    Refused,
    /// Another error RCODE: FORMERR (1), NOTIMP (4), or an extended one
    /// from EDNS(0) such as BADVERS (16). The number is the full RCODE.
    Rcode(u16),
    /// The answer was cut short (the TC bit is set), so its records may be
    /// incomplete.
    Truncated,
    /// No answer in time. SPF calls this a temperror.
    Timeout,
    /// The DNS-over-HTTPS server answered with this HTTP status instead of
    /// a DNS message.
    Http(u16),
    /// The request did not get through: refused connection, no route, TLS,
    /// or, in the browser, a CORS refusal, which the browser reports the
    /// same way as a network failure. The words say what is known.
    Network(String),
    /// Bytes came back, but they are not a DNS answer to the question
    /// asked; the words say what is wrong with them.
    Undecodable(String),
    /// The name cannot be asked at all (a label longer than 63 bytes, a
    /// name longer than 253, a character DNS names do not use); the words
    /// say which.
    InvalidName(String),
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::ServFail => f.write_str("server failure (SERVFAIL)"),
            Failure::Refused => f.write_str("query refused (REFUSED)"),
            Failure::Rcode(code) => write!(f, "error code {code} ({})", wire::rcode_name(*code)),
            Failure::Truncated => f.write_str("truncated answer (TC bit set)"),
            Failure::Timeout => f.write_str("timed out"),
            Failure::Http(status) => write!(f, "HTTP status {status}"),
            Failure::Network(why) => write!(f, "blocked by the browser (CORS) or the network: {why}"),
            Failure::Undecodable(why) => write!(f, "undecodable answer: {why}"),
            Failure::InvalidName(why) => write!(f, "not a valid DNS name: {why}"),
        }
    }
}

/// The diagnostic for a query of `name` and `record_type` that failed with
/// `failure`: what went wrong, why it matters and what to do, from the
/// catalogue's `dns-` rules. It points at no text (the span is empty).
///
/// ```
/// use dmarc_lens::dns::{diagnostic, Failure, RecordType};
/// let d = diagnostic("_dmarc.example.com", RecordType::Txt, &Failure::Http(503));
/// assert_eq!(d.code.as_str(), "dns-http-status");
/// assert!(d.message.contains("_dmarc.example.com TXT") && d.message.contains("503"));
/// ```
pub fn diagnostic(name: &str, record_type: RecordType, failure: &Failure) -> Diagnostic {
    let code = match failure {
        Failure::ServFail => DnsCode::ServFail,
        Failure::Refused => DnsCode::Refused,
        Failure::Rcode(_) => DnsCode::Rcode,
        Failure::Truncated => DnsCode::Truncated,
        Failure::Timeout => DnsCode::Timeout,
        Failure::Http(_) => DnsCode::HttpStatus,
        Failure::Network(_) => DnsCode::Network,
        Failure::Undecodable(_) => DnsCode::Undecodable,
        Failure::InvalidName(_) => DnsCode::InvalidName,
    };
    let number = match failure {
        Failure::Rcode(n) | Failure::Http(n) => n.to_string(),
        _ => String::new(),
    };
    let why = match failure {
        Failure::Network(why) | Failure::Undecodable(why) | Failure::InvalidName(why) => why.as_str(),
        _ => "",
    };
    let rcode_name = match failure {
        Failure::Rcode(n) => wire::rcode_name(*n),
        _ => "",
    };
    let name = name.strip_suffix('.').unwrap_or(name);
    Diagnostic::new(
        code,
        Span::at(0),
        &[
            ("name", name),
            ("type", record_type.as_str()),
            ("rcode", &number),
            ("rcode_name", rcode_name),
            ("status", &number),
            ("why", why),
        ],
    )
}

/// The outcome of one query.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Answer {
    /// Records of the asked type (after following any CNAME chain). Never
    /// empty when built by a resolver: no records is [`Answer::NoData`].
    Records(Vec<Record>),
    /// The name does not exist (RCODE 3).
    NxDomain,
    /// The name exists but has no records of the asked type.
    NoData,
    /// The query failed.
    Failed(Failure),
}

impl Answer {
    /// The records; empty for every other outcome.
    pub fn records(&self) -> &[Record] {
        match self {
            Answer::Records(r) => r,
            _ => &[],
        }
    }

    /// Whether the answer is "no such name" or "no such records", the void
    /// lookups that RFC 7208 §4.6.4 limits.
    pub fn is_void(&self) -> bool {
        match self {
            Answer::NxDomain | Answer::NoData => true,
            Answer::Records(r) => r.is_empty(),
            Answer::Failed(_) => false,
        }
    }

    /// The failure, if the query failed.
    pub fn failure(&self) -> Option<&Failure> {
        match self {
            Answer::Failed(f) => Some(f),
            _ => None,
        }
    }
}

/// Answers DNS queries. Implemented natively, in the browser (DNS over
/// HTTPS) and in memory for tests.
///
/// Names are given in presentation form, with or without a trailing dot.
/// The resolver follows CNAMEs itself, like a recursive resolver does, and
/// returns only records of the asked type. No `Send` bound: the browser's
/// futures are not `Send`.
pub trait Resolver {
    /// Looks up `name` for records of `record_type`.
    fn query(&self, name: &str, record_type: RecordType) -> impl Future<Output = Answer>;
}

impl<R: Resolver + ?Sized> Resolver for &R {
    fn query(&self, name: &str, record_type: RecordType) -> impl Future<Output = Answer> {
        (**self).query(name, record_type)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn every_failure() -> Vec<Failure> {
        vec![
            Failure::ServFail,
            Failure::Refused,
            Failure::Rcode(16),
            Failure::Truncated,
            Failure::Timeout,
            Failure::Http(503),
            Failure::Network("TypeError: Failed to fetch".into()),
            Failure::Undecodable("its QR bit is clear: it is a query, not a response".into()),
            Failure::InvalidName("it is 260 bytes long, more than 253".into()),
        ]
    }

    #[test]
    fn each_failure_kind_has_its_own_words() {
        let mut codes = std::collections::HashSet::new();
        for failure in every_failure() {
            let d = diagnostic("_dmarc.example.com.", RecordType::Txt, &failure);
            assert!(codes.insert(d.code), "{failure:?} shares {}", d.code.as_str());
            assert!(d.code.as_str().starts_with("dns-"));
            assert!(d.message.contains("_dmarc.example.com"), "{}", d.message);
            assert!(!d.message.contains('{') && !d.help.contains('{'), "{}: {}", d.code.as_str(), d.message);
            assert_eq!(d.span, Span::at(0));
        }
        assert_eq!(codes.len(), DnsCode::ALL.len(), "a rule no failure uses");
    }

    #[test]
    fn the_words_say_what_the_user_needs() {
        let words = |f: Failure| diagnostic("example.com", RecordType::Txt, &f);
        let network = words(Failure::Network("TypeError: Failed to fetch".into()));
        assert!(network
            .message
            .contains("blocked by the browser (CORS) or the network (TypeError: Failed to fetch)"));
        assert!(network.help.contains("developer console") && network.help.contains("CORS"));
        for temporary in [Failure::ServFail, Failure::Timeout] {
            let d = words(temporary);
            assert!(
                d.message.contains("temperror") && d.reference.contains("RFC 7208 §4.4"),
                "{}",
                d.message
            );
        }
        assert!(words(Failure::Rcode(16)).message.contains("error code 16 (BADVERS)"));
        assert!(words(Failure::Http(429)).message.contains("HTTP status 429"));
        assert!(words(Failure::Truncated).message.contains("example.com TXT came back truncated"));
        let undecodable = words(Failure::Undecodable("it is empty".into()));
        assert!(undecodable.message.contains("not a valid DNS message: it is empty."));
    }
}
