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
//! records of the asked type (NODATA), and the failures (SERVFAIL, REFUSED,
//! timeout, other transport errors).

mod memory;
pub mod zone;

use std::fmt;
use std::future::Future;
use std::net::{Ipv4Addr, Ipv6Addr};

pub use memory::MemoryResolver;

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

/// Why a query produced no answer.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Failure {
    /// The server reported a failure (RCODE 2).
    ServFail,
    /// The server refused the query (RCODE 5).
    Refused,
    /// No answer in time.
    Timeout,
    /// Anything else: network, HTTP, malformed response; the words say what.
    Transport(String),
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::ServFail => f.write_str("server failure (SERVFAIL)"),
            Failure::Refused => f.write_str("query refused (REFUSED)"),
            Failure::Timeout => f.write_str("timed out"),
            Failure::Transport(why) => write!(f, "transport error: {why}"),
        }
    }
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
