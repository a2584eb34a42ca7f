//! The DNS message format of RFC 1035 §4, as DNS over HTTPS carries it
//! (RFC 8484 §6, media type [`MEDIA_TYPE`]): [`encode_query`] builds a
//! query, [`decode_answer`] reads a response into an [`Answer`], and
//! [`encode_response`] builds a response (for fixtures and tests).
//!
//! # Written by hand, not with a DNS crate
//!
//! The codec only needs six record types, the header and name compression,
//! and it reads bytes from servers we do not control, so it must be exact
//! about bounds. The candidates were measured as a tiny wasm32 release
//! cdylib (opt-level "z", LTO, `wasm-opt -Oz`) that builds a query and reads
//! A, AAAA, MX, TXT, CNAME and PTR answers, against the same program
//! without a DNS crate:
//!
//! - `simple-dns` 0.13 (one dependency, `bitflags`): +57 KB of wasm, +20 KB
//!   gzipped, because it parses every section into some 30 record types.
//!   Its compression handling is sound (pointers must go backwards), but its
//!   TXT type keeps the character-strings private: they can only be read
//!   split at the first `=`, and empty strings or strings starting with `=`
//!   are dropped, so a record could not be read back as published. It also
//!   reserves memory for as many records as the header claims.
//!   Following CNAMEs and mapping to [`Answer`] would still come on top.
//! - `hickory-proto` 0.25 (no default features): about 75 crates in its
//!   tree, among them the ICU normalizer tables of `idna`, `futures` and
//!   `rand`; 1.8 MB of source for the crate alone.
//! - `domain` 0.12 (no default features): 4.5 MB of source, with `jiff`
//!   and proc macros.
//!
//! This module, measured the same way (CNAME chains, the failure kinds and
//! their words included), adds 18 KB of wasm, 8 KB gzipped. It keeps every
//! character-string as the bytes it was, and returns an error value for
//! anything malformed.
//!
//! # The format
//!
//! A message (RFC 1035 §4.1):
//!
//! ```text
//!     +---------------------+
//!     |        Header       |
//!     +---------------------+
//!     |       Question      | the question for the name server
//!     +---------------------+
//!     |        Answer       | RRs answering the question
//!     +---------------------+
//!     |      Authority      | RRs pointing toward an authority
//!     +---------------------+
//!     |      Additional     | RRs holding additional information
//!     +---------------------+
//! ```
//!
//! The header (RFC 1035 §4.1.1):
//!
//! ```text
//!                                     1  1  1  1  1  1
//!       0  1  2  3  4  5  6  7  8  9  0  1  2  3  4  5
//!     +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
//!     |                      ID                       |
//!     +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
//!     |QR|   Opcode  |AA|TC|RD|RA|   Z    |   RCODE   |
//!     +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
//!     |                    QDCOUNT                    |
//!     +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
//!     |                    ANCOUNT                    |
//!     +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
//!     |                    NSCOUNT                    |
//!     +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
//!     |                    ARCOUNT                    |
//!     +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
//! ```
//!
//! A question (RFC 1035 §4.1.2):
//!
//! ```text
//!                                     1  1  1  1  1  1
//!       0  1  2  3  4  5  6  7  8  9  0  1  2  3  4  5
//!     +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
//!     |                                               |
//!     /                     QNAME                     /
//!     /                                               /
//!     +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
//!     |                     QTYPE                     |
//!     +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
//!     |                     QCLASS                    |
//!     +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
//! ```
//!
//! A resource record (RFC 1035 §4.1.3):
//!
//! ```text
//!                                     1  1  1  1  1  1
//!       0  1  2  3  4  5  6  7  8  9  0  1  2  3  4  5
//!     +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
//!     |                                               |
//!     /                                               /
//!     /                      NAME                     /
//!     |                                               |
//!     +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
//!     |                      TYPE                     |
//!     +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
//!     |                     CLASS                     |
//!     +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
//!     |                      TTL                      |
//!     |                                               |
//!     +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
//!     |                   RDLENGTH                    |
//!     +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--|
//!     /                     RDATA                     /
//!     /                                               /
//!     +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
//! ```
//!
//! A name is a sequence of labels, each a length byte (0 to 63) and that
//! many bytes, ending with the zero-length root label, or ending with a
//! compression pointer to a prior occurrence of the rest (RFC 1035 §4.1.4):
//!
//! ```text
//!     +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
//!     | 1  1|                OFFSET                   |
//!     +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
//! ```
//!
//! Queries carry an EDNS(0) OPT record in the additional section (RFC 6891
//! §6.1.2): owner the root, TYPE 41, CLASS the UDP payload size the client
//! accepts, and a TTL that holds the upper bits of the RCODE:
//!
//! ```text
//!                 +0 (MSB)                            +1 (LSB)
//!      +---+---+---+---+---+---+---+---+---+---+---+---+---+---+---+---+
//!   0: |         EXTENDED-RCODE        |            VERSION            |
//!      +---+---+---+---+---+---+---+---+---+---+---+---+---+---+---+---+
//!   2: | DO|                           Z                               |
//!      +---+---+---+---+---+---+---+---+---+---+---+---+---+---+---+---+
//! ```

use std::fmt;
use std::net::{Ipv4Addr, Ipv6Addr};

use super::{normalize, Answer, Failure, Record, RecordType, Txt};

/// The media type of DNS messages over HTTPS (RFC 8484 §6), for the
/// `accept` and `content-type` headers.
pub const MEDIA_TYPE: &str = "application/dns-message";

/// The UDP payload size queries advertise in their OPT record: the size
/// DNS Flag Day 2020 settled on, which avoids IP fragmentation.
pub const UDP_PAYLOAD_SIZE: u16 = 1232;

/// The most CNAMEs [`decode_answer`] follows within one answer.
pub const MAX_CNAME_HOPS: usize = 8;

/// The most compression pointers followed while reading one name: a name
/// has at most 127 labels, so more jumps than that can only be a loop.
const MAX_POINTER_JUMPS: usize = 127;

/// The longest name on the wire, root label included (RFC 1035 §2.3.4).
const MAX_WIRE_NAME: usize = 255;

/// The longest name in presentation form, without the trailing dot.
const MAX_NAME: usize = 253;

/// The longest label (RFC 1035 §2.3.4).
const MAX_LABEL: usize = 63;

const HEADER_LEN: usize = 12;
const CLASS_IN: u16 = 1;
const TYPE_OPT: u16 = 41;
const TYPE_SOA: u16 = 6;

/// Why a name cannot be put into a message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WireError {
    /// Nothing but perhaps a dot.
    EmptyName,
    /// A label of no bytes: two dots in a row, or a leading dot.
    EmptyLabel,
    /// A label longer than 63 bytes.
    LabelTooLong {
        /// The label.
        label: String,
    },
    /// A name longer than 253 bytes (without the trailing dot).
    NameTooLong(usize),
    /// A character that is not a letter, a digit, `-` or `_`.
    BadCharacter(char),
    /// The message would be longer than the 65,535 bytes a DNS message may
    /// be (RFC 8484 §6).
    MessageTooLong(usize),
}

impl fmt::Display for WireError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WireError::EmptyName => f.write_str("the name is empty"),
            WireError::EmptyLabel => {
                f.write_str("it has an empty label (two dots in a row, or a leading dot)")
            }
            WireError::LabelTooLong { label } => {
                write!(f, "the label \"{label}\" is {} bytes long, more than 63", label.len())
            }
            WireError::NameTooLong(len) => write!(f, "it is {len} bytes long, more than 253"),
            WireError::BadCharacter(c) => {
                write!(
                    f,
                    "it contains \"{}\", which is not a letter, digit, hyphen or underscore",
                    c.escape_debug()
                )
            }
            WireError::MessageTooLong(len) => write!(f, "the message would be {len} bytes, more than 65,535"),
        }
    }
}

impl std::error::Error for WireError {}

/// The name of an RCODE (RFC 6895 §2.3), for messages.
pub fn rcode_name(code: u16) -> &'static str {
    match code {
        0 => "NOERROR",
        1 => "FORMERR",
        2 => "SERVFAIL",
        3 => "NXDOMAIN",
        4 => "NOTIMP",
        5 => "REFUSED",
        6 => "YXDOMAIN",
        7 => "YXRRSET",
        8 => "NXRRSET",
        9 => "NOTAUTH",
        10 => "NOTZONE",
        11 => "DSOTYPENI",
        16 => "BADVERS",
        23 => "BADCOOKIE",
        _ => "unassigned",
    }
}

/// The labels of a presentation name, checked: 1 to 63 bytes each of
/// letters, digits, `-` and `_`, at most 253 bytes in all; one trailing dot
/// is allowed. The first label may also be `*` alone: the name a wildcard
/// is published at (RFC 4592 §2.1.1), which RFC 9990's report
/// authorization asks for by that very name (`*._report._dmarc.<domain>`).
fn labels(name: &str) -> Result<Vec<&str>, WireError> {
    let name = name.strip_suffix('.').unwrap_or(name);
    if name.is_empty() {
        return Err(WireError::EmptyName);
    }
    let rest = name.strip_prefix("*.").unwrap_or(name);
    if let Some(c) = rest.chars().find(|&c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))) {
        return Err(WireError::BadCharacter(c));
    }
    let labels: Vec<&str> = name.split('.').collect();
    if labels.iter().any(|l| l.is_empty()) {
        return Err(WireError::EmptyLabel);
    }
    if let Some(long) = labels.iter().find(|l| l.len() > MAX_LABEL) {
        return Err(WireError::LabelTooLong { label: (*long).to_string() });
    }
    if name.len() > MAX_NAME {
        return Err(WireError::NameTooLong(name.len()));
    }
    Ok(labels)
}

/// Writes a checked name, uncompressed; `"."` and `""` are the root.
fn push_name(out: &mut Vec<u8>, name: &str) -> Result<(), WireError> {
    if matches!(name, "" | ".") {
        out.push(0);
        return Ok(());
    }
    push_labels(out, &labels(name)?);
    Ok(())
}

/// Writes checked labels and the root label.
fn push_labels(out: &mut Vec<u8>, labels: &[&str]) {
    for label in labels {
        // At most 63 bytes: checked by `labels`.
        out.push(label.len() as u8);
        out.extend_from_slice(label.as_bytes());
    }
    out.push(0);
}

fn push_u16(out: &mut Vec<u8>, value: u16) {
    out.extend_from_slice(&value.to_be_bytes());
}

/// The EDNS(0) OPT record: root owner, our UDP payload size, the upper
/// RCODE bits, version 0, no flags, no options.
fn push_opt(out: &mut Vec<u8>, extended_rcode: u8) {
    out.push(0);
    push_u16(out, TYPE_OPT);
    push_u16(out, UDP_PAYLOAD_SIZE);
    out.extend_from_slice(&[extended_rcode, 0, 0, 0]);
    push_u16(out, 0);
}

/// A query for `name` and `record_type`: ID `id` (RFC 8484 §4.1 asks DoH
/// clients for 0, which keeps HTTP caches useful), recursion desired, one
/// question of class IN, and an EDNS(0) OPT record advertising
/// [`UDP_PAYLOAD_SIZE`].
///
/// The name is in presentation form, with or without the trailing dot; it
/// is refused unless every label is 1 to 63 bytes of letters, digits, `-`
/// and `_` (the first may be `*` alone, a wildcard's name), and the name
/// at most 253 bytes.
///
/// ```
/// use dmarc_lens::dns::{wire, RecordType};
/// let query = wire::encode_query(0, "_dmarc.example.com", RecordType::Txt).unwrap();
/// assert_eq!(&query[..4], &[0, 0, 0x01, 0x00]);
/// assert!(wire::encode_query(0, "bad name.example", RecordType::Txt).is_err());
/// ```
pub fn encode_query(id: u16, name: &str, record_type: RecordType) -> Result<Vec<u8>, WireError> {
    let labels = labels(name)?;
    let mut out = Vec::with_capacity(HEADER_LEN + name.len() + 2 + 4 + 11);
    push_u16(&mut out, id);
    push_u16(&mut out, 0x0100); // RD
    for count in [1, 0, 0, 1] {
        push_u16(&mut out, count);
    }
    push_labels(&mut out, &labels);
    push_u16(&mut out, record_type.code());
    push_u16(&mut out, CLASS_IN);
    push_opt(&mut out, 0);
    Ok(out)
}

/// A response to the query for `query_name` and `record_type` that says
/// `answer`, for fixture servers and tests: ID `id`, QR, RD and RA set, the
/// question echoed.
///
/// Records all sit at `query_name`, with a TTL of 300; TXT strings longer
/// than 255 bytes are split. NODATA carries no SOA. [`Failure::Truncated`]
/// sets the TC bit; RCODEs above 15 add an OPT record for their upper bits;
/// the failures no DNS message can say (a timeout, HTTP, the network,
/// undecodable bytes, an invalid name) become SERVFAIL.
pub fn encode_response(
    id: u16,
    query_name: &str,
    record_type: RecordType,
    answer: &Answer,
) -> Result<Vec<u8>, WireError> {
    let (rcode, truncated): (u16, bool) = match answer {
        Answer::Records(_) | Answer::NoData => (0, false),
        Answer::NxDomain => (3, false),
        Answer::Failed(Failure::Truncated) => (0, true),
        Answer::Failed(Failure::Refused) => (5, false),
        Answer::Failed(Failure::Rcode(code)) => (*code & 0x0fff, false),
        Answer::Failed(_) => (2, false),
    };
    let records = answer.records();
    let extended = rcode >> 4;
    let mut out = Vec::with_capacity(512);
    push_u16(&mut out, id);
    push_u16(&mut out, 0x8180 | if truncated { 0x0200 } else { 0 } | (rcode & 0x0f));
    push_u16(&mut out, 1);
    let answers = u16::try_from(records.len()).map_err(|_| WireError::MessageTooLong(usize::MAX))?;
    push_u16(&mut out, answers);
    push_u16(&mut out, 0);
    push_u16(&mut out, u16::from(extended > 0));
    push_name(&mut out, query_name)?;
    push_u16(&mut out, record_type.code());
    push_u16(&mut out, CLASS_IN);
    for record in records {
        push_name(&mut out, query_name)?;
        push_u16(&mut out, record.record_type().code());
        push_u16(&mut out, CLASS_IN);
        out.extend_from_slice(&300u32.to_be_bytes());
        let mut data = Vec::new();
        match record {
            Record::A(ip) => data.extend_from_slice(&ip.octets()),
            Record::Aaaa(ip) => data.extend_from_slice(&ip.octets()),
            Record::Mx { preference, exchange } => {
                push_u16(&mut data, *preference);
                push_name(&mut data, exchange)?;
            }
            Record::Txt(txt) => {
                for string in &txt.strings {
                    if string.is_empty() {
                        data.push(0);
                    }
                    for chunk in string.chunks(255) {
                        data.push(chunk.len() as u8);
                        data.extend_from_slice(chunk);
                    }
                }
            }
            Record::Ptr(target) | Record::Cname(target) => push_name(&mut data, target)?,
        }
        let len = u16::try_from(data.len()).map_err(|_| WireError::MessageTooLong(data.len()))?;
        push_u16(&mut out, len);
        out.extend_from_slice(&data);
    }
    if extended > 0 {
        push_opt(&mut out, extended as u8);
    }
    if out.len() > usize::from(u16::MAX) {
        return Err(WireError::MessageTooLong(out.len()));
    }
    Ok(out)
}

/// Reads the response `message` to the query for `query_name` and
/// `record_type`.
///
/// - The TC bit gives [`Failure::Truncated`]; RCODE 3 gives
///   [`Answer::NxDomain`], 2 [`Failure::ServFail`], 5 [`Failure::Refused`],
///   any other but 0 [`Failure::Rcode`] (with the upper bits from the OPT
///   record, if there is one).
/// - Otherwise the CNAME chain in the answer section is followed from the
///   query name (names compared without regard to ASCII case, at most
///   [`MAX_CNAME_HOPS`] aliases), and the records of the asked type at its
///   end are the answer; none is [`Answer::NoData`]. Asking for CNAME gives
///   the CNAME itself.
/// - Anything malformed gives [`Failure::Undecodable`] with the reason: a
///   message cut short, lengths that do not add up, a name that loops or
///   points outside the message, record data of the wrong size, a question
///   other than the one asked, a CNAME loop.
///
/// Checking the ID is the caller's business. Names in records come back in
/// presentation form without the trailing dot (the root is `"."`); bytes
/// other than printable ASCII, and dots or backslashes inside a label, are
/// escaped as RFC 1035 §5.1 does (`\DDD`, `\.`, `\\`).
pub fn decode_answer(query_name: &str, record_type: RecordType, message: &[u8]) -> Answer {
    decode(query_name, record_type, message).unwrap_or_else(|why| Answer::Failed(Failure::Undecodable(why)))
}

fn decode(query_name: &str, record_type: RecordType, message: &[u8]) -> Result<Answer, String> {
    if message.len() < HEADER_LEN {
        return Err(if message.is_empty() {
            "it is empty".to_string()
        } else {
            format!("it is {} bytes long, shorter than the 12-byte header", message.len())
        });
    }
    let mut at = Reader { message, pos: 2 };
    let flags = at.u16()?;
    let [questions, answers, authority, additional] = [at.u16()?, at.u16()?, at.u16()?, at.u16()?];
    if flags & 0x8000 == 0 {
        return Err("its QR bit is clear: it is a query, not a response".to_string());
    }
    let opcode = (flags >> 11) & 0x0f;
    if opcode != 0 {
        return Err(format!("its opcode is {opcode}, not 0 (a standard query)"));
    }
    if flags & 0x0200 != 0 {
        return Ok(Answer::Failed(Failure::Truncated));
    }
    let mut rcode = flags & 0x0f;
    let query = normalize(query_name);
    match questions {
        0 if matches!(rcode, 0 | 3) => return Err("it has no question".to_string()),
        0 => {}
        1 => {
            let (name, qtype, qclass) = at.question().map_err(|why| format!("{why}, in the question"))?;
            if name.to_ascii_lowercase() != query || qtype != record_type.code() || qclass != CLASS_IN {
                return Err(format!(
                    "it answers {} {}{}, not the question asked ({} {record_type})",
                    name,
                    type_name(qtype),
                    if qclass == CLASS_IN { String::new() } else { format!(" of class {qclass}") },
                    query
                ));
            }
        }
        n => return Err(format!("it has {n} questions, where a response to one query has one")),
    }
    let mut found = Vec::new();
    for _ in 0..answers {
        let rr = at.record().map_err(|why| format!("{why}, in the answer section"))?;
        if rr.class == CLASS_IN {
            if let Some(record) = rr.decode(message).map_err(|why| format!("{why}, in the answer section"))? {
                found.push((rr.owner.to_ascii_lowercase(), record));
            }
        }
    }
    for _ in 0..authority {
        at.record().map_err(|why| format!("{why}, in the authority section"))?;
    }
    let mut seen_opt = false;
    for _ in 0..additional {
        let rr = at.record().map_err(|why| format!("{why}, in the additional section"))?;
        if rr.rtype == TYPE_OPT && !seen_opt {
            seen_opt = true;
            // The TTL's top byte is EXTENDED-RCODE, the RCODE's upper 8 bits.
            rcode |= ((rr.ttl >> 24) as u16) << 4;
        }
    }
    match rcode {
        0 => follow(&query, record_type, &found),
        2 => Ok(Answer::Failed(Failure::ServFail)),
        3 => Ok(Answer::NxDomain),
        5 => Ok(Answer::Failed(Failure::Refused)),
        other => Ok(Answer::Failed(Failure::Rcode(other))),
    }
}

/// The records of `record_type` at the end of the CNAME chain from `query`.
fn follow(query: &str, record_type: RecordType, found: &[(String, Record)]) -> Result<Answer, String> {
    let mut chain = vec![query.to_string()];
    let mut owner = query.to_string();
    loop {
        let records: Vec<Record> = found
            .iter()
            .filter(|(name, record)| *name == owner && record.record_type() == record_type)
            .map(|(_, record)| record.clone())
            .collect();
        if !records.is_empty() {
            return Ok(Answer::Records(records));
        }
        if record_type == RecordType::Cname {
            return Ok(Answer::NoData);
        }
        let target = found.iter().find_map(|(name, record)| match record {
            Record::Cname(target) if *name == owner => Some(target.to_ascii_lowercase()),
            _ => None,
        });
        let Some(target) = target else {
            return Ok(Answer::NoData);
        };
        let looped = chain.contains(&target);
        chain.push(target.clone());
        if looped {
            return Err(format!("its CNAME chain loops: {}", chain.join(" → ")));
        }
        if chain.len() > MAX_CNAME_HOPS + 1 {
            return Err(format!("its CNAME chain from {query} is longer than {MAX_CNAME_HOPS} aliases"));
        }
        owner = target;
    }
}

/// A type's mnemonic, or `TYPEn` (RFC 3597 §5).
fn type_name(code: u16) -> String {
    match RecordType::from_code(code) {
        Some(t) => t.as_str().to_string(),
        None if code == TYPE_SOA => "SOA".to_string(),
        None => format!("TYPE{code}"),
    }
}

/// A resource record's header, and where its data is.
struct RawRecord {
    owner: String,
    rtype: u16,
    class: u16,
    ttl: u32,
    data: std::ops::Range<usize>,
}

impl RawRecord {
    /// The record's data, for the types the core knows; `None` for others.
    fn decode(&self, message: &[u8]) -> Result<Option<Record>, String> {
        let data = message.get(self.data.clone()).ok_or("a record's data lies outside the message")?;
        let record = match self.rtype {
            1 => Record::A(Ipv4Addr::from(
                <[u8; 4]>::try_from(data)
                    .map_err(|_| format!("an A record's data is {} bytes, not 4", data.len()))?,
            )),
            28 => Record::Aaaa(Ipv6Addr::from(
                <[u8; 16]>::try_from(data)
                    .map_err(|_| format!("an AAAA record's data is {} bytes, not 16", data.len()))?,
            )),
            15 => {
                let [high, low] = data
                    .get(..2)
                    .and_then(|b| <[u8; 2]>::try_from(b).ok())
                    .ok_or("an MX record's data is shorter than its preference")?;
                let exchange = self.name_in_data(message, self.data.start + 2, "an MX record's exchange")?;
                Record::Mx { preference: u16::from_be_bytes([high, low]), exchange }
            }
            16 => {
                let mut strings = Vec::new();
                let mut rest = data;
                while let Some((&len, tail)) = rest.split_first() {
                    let string = tail
                        .get(..usize::from(len))
                        .ok_or("a TXT string runs past the end of its record's data")?;
                    strings.push(string.to_vec());
                    rest = tail.get(usize::from(len)..).unwrap_or_default();
                }
                Record::Txt(Txt { strings })
            }
            5 => Record::Cname(self.name_in_data(message, self.data.start, "a CNAME record's target")?),
            12 => Record::Ptr(self.name_in_data(message, self.data.start, "a PTR record's target")?),
            _ => return Ok(None),
        };
        Ok(Some(record))
    }

    /// The name at `start`, which must end where the record's data does.
    fn name_in_data(&self, message: &[u8], start: usize, what: &str) -> Result<String, String> {
        let (name, end) = read_name(message, start)?;
        if end != self.data.end {
            return Err(format!("{what} does not end where the record's data does"));
        }
        Ok(name)
    }
}

/// A cursor over the message; every read is checked.
struct Reader<'a> {
    message: &'a [u8],
    pos: usize,
}

impl Reader<'_> {
    fn bytes<const N: usize>(&mut self) -> Result<[u8; N], String> {
        let end = self.pos.checked_add(N).ok_or("a length overflows")?;
        let bytes = self
            .message
            .get(self.pos..end)
            .and_then(|b| <[u8; N]>::try_from(b).ok())
            .ok_or_else(|| format!("the message ends early, at byte {}", self.message.len()))?;
        self.pos = end;
        Ok(bytes)
    }

    fn u16(&mut self) -> Result<u16, String> {
        self.bytes().map(u16::from_be_bytes)
    }

    fn u32(&mut self) -> Result<u32, String> {
        self.bytes().map(u32::from_be_bytes)
    }

    fn name(&mut self) -> Result<String, String> {
        let (name, end) = read_name(self.message, self.pos)?;
        self.pos = end;
        Ok(name)
    }

    fn question(&mut self) -> Result<(String, u16, u16), String> {
        Ok((self.name()?, self.u16()?, self.u16()?))
    }

    fn record(&mut self) -> Result<RawRecord, String> {
        let owner = self.name()?;
        let [rtype, class] = [self.u16()?, self.u16()?];
        let ttl = self.u32()?;
        let len = usize::from(self.u16()?);
        let start = self.pos;
        let end = start + len;
        if end > self.message.len() {
            return Err(format!(
                "a record's data is {len} bytes long, but only {} bytes are left",
                self.message.len().saturating_sub(start)
            ));
        }
        self.pos = end;
        Ok(RawRecord { owner, rtype, class, ttl, data: start..end })
    }
}

/// Reads the name starting at `start`, following compression pointers;
/// gives the name in presentation form and the position just after it
/// (after its first pointer, if it has one).
///
/// Pointers may go backwards or forwards, but at most
/// [`MAX_POINTER_JUMPS`] are followed and the name may not grow beyond 255
/// bytes, so a pointer loop ends in an error, never a hang.
fn read_name(message: &[u8], start: usize) -> Result<(String, usize), String> {
    let mut name = String::new();
    let mut pos = start;
    let mut end = None;
    let mut jumps = 0;
    let mut wire_len = 1; // the root label
    loop {
        let len = *message
            .get(pos)
            .ok_or_else(|| format!("a name runs past the end of the message (byte {pos})"))?;
        match len & 0xc0 {
            0x00 if len == 0 => break,
            0x00 => {
                let len = usize::from(len);
                wire_len += 1 + len;
                if wire_len > MAX_WIRE_NAME {
                    return Err("a name is longer than 255 bytes".to_string());
                }
                let label = message
                    .get(pos + 1..pos + 1 + len)
                    .ok_or_else(|| format!("a label runs past the end of the message (byte {pos})"))?;
                if !name.is_empty() {
                    name.push('.');
                }
                escape_label(label, &mut name);
                pos += 1 + len;
            }
            0xc0 => {
                let low = *message.get(pos + 1).ok_or("a compression pointer is cut short")?;
                end.get_or_insert(pos + 2);
                jumps += 1;
                if jumps > MAX_POINTER_JUMPS {
                    return Err("a name's compression pointers loop".to_string());
                }
                let target = (usize::from(len & 0x3f) << 8) | usize::from(low);
                if target < HEADER_LEN || target >= message.len() {
                    return Err(format!(
                        "a compression pointer points to byte {target}, outside the message's names"
                    ));
                }
                pos = target;
            }
            other => {
                return Err(format!("a name uses the label type 0x{other:02x}, which messages do not use"))
            }
        }
    }
    let end = end.unwrap_or(pos + 1);
    if name.is_empty() {
        name.push('.');
    }
    Ok((name, end))
}

/// Appends a label in presentation form: printable ASCII as it is, except
/// `.` and `\`, which are escaped, and any other byte as `\DDD`.
fn escape_label(label: &[u8], out: &mut String) {
    for &b in label {
        match b {
            b'.' | b'\\' => {
                out.push('\\');
                out.push(char::from(b));
            }
            0x21..=0x7e => out.push(char::from(b)),
            _ => {
                out.push('\\');
                out.push_str(&format!("{b:03}"));
            }
        }
    }
}

/// Base64url without padding (RFC 4648 §5), as RFC 8484 §6 wants for the
/// `dns` parameter of a GET request.
///
/// ```
/// // RFC 8484 §4.1.1: the query for www.example.com A.
/// let query = b"\0\0\x01\0\0\x01\0\0\0\0\0\0\x03www\x07example\x03com\0\0\x01\0\x01";
/// assert_eq!(dmarc_lens::dns::wire::base64url(query), "AAABAAABAAAAAAAAA3d3dwdleGFtcGxlA2NvbQAAAQAB");
/// ```
pub fn base64url(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let mut group = [0u8; 3];
        for (slot, &b) in group.iter_mut().zip(chunk) {
            *slot = b;
        }
        let [a, b, c] = group;
        let bits = (u32::from(a) << 16) | (u32::from(b) << 8) | u32::from(c);
        // n bytes give n + 1 characters; each index is masked to 0..64.
        for i in 0..=chunk.len() {
            let index = (bits >> (18 - 6 * i)) & 0x3f;
            out.push(char::from(ALPHABET[index as usize]));
        }
    }
    out
}

#[cfg(test)]
mod tests;
