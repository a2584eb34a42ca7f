//! The DNS wire format, as much as the fixture needs (RFC 1035 §4.1):
//! reading a query's header and question, and writing a response. Written
//! apart from the core's own codec on purpose, so the two check each other.
//!
//! ```text
//!                                 1  1  1  1  1  1
//!   0  1  2  3  4  5  6  7  8  9  0  1  2  3  4  5
//! +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
//! |                      ID                       |
//! +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
//! |QR|   Opcode  |AA|TC|RD|RA|   Z    |   RCODE   |
//! +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
//! |                    QDCOUNT                    |
//! |                    ANCOUNT                    |
//! |                    NSCOUNT                    |
//! |                    ARCOUNT                    |
//! +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
//! question: QNAME (labels) QTYPE QCLASS
//! answer:   NAME TYPE CLASS TTL RDLENGTH RDATA
//! ```
//!
//! Queries carry no compression pointers (RFC 1035 §4.1.4 allows them, but
//! no client compresses a lone question); responses are written without
//! compression. Anything after the question (an EDNS OPT record, say) is
//! ignored.

use std::fmt;

use dmarc_lens::dns::Record;

/// The header's length.
pub const HEADER_LEN: usize = 12;
/// The TTL written on every answer.
pub const ANSWER_TTL: u32 = 300;
/// CLASS IN.
pub const CLASS_IN: u16 = 1;

/// RCODE 0, no error.
pub const NOERROR: u8 = 0;
/// RCODE 2, server failure.
pub const SERVFAIL: u8 = 2;
/// RCODE 3, no such name.
pub const NXDOMAIN: u8 = 3;
/// RCODE 4, not implemented (an opcode other than QUERY).
pub const NOTIMP: u8 = 4;
/// RCODE 5, refused.
pub const REFUSED: u8 = 5;

const QR: u16 = 0x8000;
const AA: u16 = 0x0400;
const TC: u16 = 0x0200;
const RD: u16 = 0x0100;
const RA: u16 = 0x0080;

/// A query's header and its one question.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Query {
    /// The ID, echoed in the response.
    pub id: u16,
    /// The opcode (0 is a standard query).
    pub opcode: u8,
    /// Whether recursion was desired (echoed).
    pub recursion_desired: bool,
    /// The name in presentation form, without the trailing dot; bytes other
    /// than letters, digits, `-` and `_` are written `\DDD`.
    pub name: String,
    /// The name as it came on the wire (labels and the final zero), echoed
    /// in the question and used as the answers' owner.
    pub wire_name: Vec<u8>,
    /// QTYPE.
    pub qtype: u16,
    /// QCLASS.
    pub qclass: u16,
}

/// Why bytes are not a query the fixture can answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum QueryError {
    /// Fewer bytes than the header and question need.
    Short,
    /// The QR bit says it is a response.
    NotAQuery,
    /// QDCOUNT is not 1.
    QuestionCount(u16),
    /// A label length of 64 or more (a compression pointer or a reserved
    /// form), or a name longer than 255 bytes.
    BadName,
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            QueryError::Short => f.write_str("DNS message too short"),
            QueryError::NotAQuery => f.write_str("DNS message is a response, not a query"),
            QueryError::QuestionCount(n) => write!(f, "DNS query with {n} questions; one is needed"),
            QueryError::BadName => f.write_str("malformed QNAME"),
        }
    }
}

fn u16_at(bytes: &[u8], at: usize) -> Result<u16, QueryError> {
    match bytes.get(at..at + 2) {
        Some(&[hi, lo]) => Ok(u16::from_be_bytes([hi, lo])),
        _ => Err(QueryError::Short),
    }
}

/// Reads a query's header and question.
pub fn decode_query(bytes: &[u8]) -> Result<Query, QueryError> {
    let id = u16_at(bytes, 0)?;
    let flags = u16_at(bytes, 2)?;
    let questions = u16_at(bytes, 4)?;
    if flags & QR != 0 {
        return Err(QueryError::NotAQuery);
    }
    if questions != 1 {
        return Err(QueryError::QuestionCount(questions));
    }
    let mut at = HEADER_LEN;
    let mut labels: Vec<String> = Vec::new();
    loop {
        let len = usize::from(*bytes.get(at).ok_or(QueryError::Short)?);
        if len == 0 {
            at += 1;
            break;
        }
        if len > 63 {
            return Err(QueryError::BadName);
        }
        let label = bytes.get(at + 1..at + 1 + len).ok_or(QueryError::Short)?;
        labels.push(presentation(label));
        at += 1 + len;
        if at - HEADER_LEN > 255 {
            return Err(QueryError::BadName);
        }
    }
    let wire_name = bytes.get(HEADER_LEN..at).ok_or(QueryError::Short)?.to_vec();
    if wire_name.len() > 255 {
        return Err(QueryError::BadName);
    }
    let qtype = u16_at(bytes, at)?;
    let qclass = u16_at(bytes, at + 2)?;
    Ok(Query {
        id,
        opcode: ((flags >> 11) & 0x0f) as u8,
        recursion_desired: flags & RD != 0,
        name: labels.join("."),
        wire_name,
        qtype,
        qclass,
    })
}

/// A label in presentation form, with unusual bytes as `\DDD`.
fn presentation(label: &[u8]) -> String {
    let mut out = String::with_capacity(label.len());
    for &b in label {
        if b.is_ascii_alphanumeric() || b == b'-' || b == b'_' {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("\\{b:03}"));
        }
    }
    out
}

/// Why a response could not be written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EncodeError {
    /// A name in the records does not fit the wire (a label over 63 bytes).
    Name(String),
    /// The message would pass 65,535 bytes, or a record's data would.
    TooLong,
}

impl fmt::Display for EncodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EncodeError::Name(name) => write!(f, "name {name} does not fit the DNS wire format"),
            EncodeError::TooLong => f.write_str("response longer than 65,535 bytes"),
        }
    }
}

/// A name in presentation form (as the zone reader stores it: no escapes,
/// with or without the trailing dot, `.` or `""` for the root) on the wire.
fn encode_name(name: &str, out: &mut Vec<u8>) -> Result<(), EncodeError> {
    let start = out.len();
    for label in name.split('.').filter(|l| !l.is_empty()) {
        let len = u8::try_from(label.len())
            .ok()
            .filter(|&l| l <= 63)
            .ok_or_else(|| EncodeError::Name(name.into()))?;
        out.push(len);
        out.extend_from_slice(label.as_bytes());
    }
    out.push(0);
    if out.len() - start > 255 {
        return Err(EncodeError::Name(name.into()));
    }
    Ok(())
}

/// A record's RDATA.
fn encode_rdata(record: &Record, out: &mut Vec<u8>) -> Result<(), EncodeError> {
    match record {
        Record::A(address) => out.extend_from_slice(&address.octets()),
        Record::Aaaa(address) => out.extend_from_slice(&address.octets()),
        Record::Mx { preference, exchange } => {
            out.extend_from_slice(&preference.to_be_bytes());
            encode_name(exchange, out)?;
        }
        Record::Txt(txt) => {
            // The zone reader keeps strings within 255 bytes; records built
            // in code might not, so longer ones are cut in 255-byte pieces.
            for string in &txt.strings {
                if string.is_empty() {
                    out.push(0);
                }
                for piece in string.chunks(255) {
                    out.push(piece.len() as u8);
                    out.extend_from_slice(piece);
                }
            }
            if txt.strings.is_empty() {
                out.push(0);
            }
        }
        Record::Ptr(name) | Record::Cname(name) => encode_name(name, out)?,
    }
    Ok(())
}

/// What a response says besides the question.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Response {
    /// RCODE.
    pub rcode: u8,
    /// Whether TC (truncated) is set.
    pub truncated: bool,
    /// The answers, all owned by the question's name.
    pub answers: Vec<Record>,
}

/// Writes the response to `query`: the header (QR, AA and RA set, the ID,
/// opcode and RD echoed), the question, and the answers with
/// [`ANSWER_TTL`].
pub fn encode_response(query: &Query, response: &Response) -> Result<Vec<u8>, EncodeError> {
    let mut flags = QR | AA | RA | (u16::from(query.opcode & 0x0f) << 11) | u16::from(response.rcode & 0x0f);
    if query.recursion_desired {
        flags |= RD;
    }
    if response.truncated {
        flags |= TC;
    }
    let count = u16::try_from(response.answers.len()).map_err(|_| EncodeError::TooLong)?;
    let mut out = Vec::with_capacity(512);
    out.extend_from_slice(&query.id.to_be_bytes());
    out.extend_from_slice(&flags.to_be_bytes());
    for n in [1, count, 0, 0] {
        out.extend_from_slice(&u16::to_be_bytes(n));
    }
    out.extend_from_slice(&query.wire_name);
    out.extend_from_slice(&query.qtype.to_be_bytes());
    out.extend_from_slice(&query.qclass.to_be_bytes());
    for record in &response.answers {
        out.extend_from_slice(&query.wire_name);
        out.extend_from_slice(&record.record_type().code().to_be_bytes());
        out.extend_from_slice(&CLASS_IN.to_be_bytes());
        out.extend_from_slice(&ANSWER_TTL.to_be_bytes());
        let length_at = out.len();
        out.extend_from_slice(&[0, 0]);
        encode_rdata(record, &mut out)?;
        let length = u16::try_from(out.len() - length_at - 2).map_err(|_| EncodeError::TooLong)?;
        out[length_at..length_at + 2].copy_from_slice(&length.to_be_bytes());
    }
    if out.len() > usize::from(u16::MAX) {
        return Err(EncodeError::TooLong);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use dmarc_lens::dns::Txt;

    /// `example.test` A, ID 0x1234, RD set, with an EDNS OPT record after.
    const QUERY: &[u8] = &[
        0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 1, //
        7, b'e', b'x', b'a', b'm', b'p', b'l', b'e', 4, b't', b'e', b's', b't', 0, //
        0, 1, 0, 1, //
        0, 0, 41, 0x10, 0, 0, 0, 0, 0, 0, 0,
    ];

    #[test]
    fn reads_a_query() {
        let q = decode_query(QUERY).unwrap();
        assert_eq!(q.id, 0x1234);
        assert!(q.recursion_desired);
        assert_eq!(q.opcode, 0);
        assert_eq!(q.name, "example.test");
        assert_eq!(q.wire_name.len(), 14);
        assert_eq!((q.qtype, q.qclass), (1, 1));
    }

    #[test]
    fn refuses_what_is_not_a_query() {
        for cut in 0..HEADER_LEN + 18 {
            assert_eq!(decode_query(&QUERY[..cut]), Err(QueryError::Short), "{cut} bytes");
        }
        let mut response = QUERY.to_vec();
        response[2] |= 0x80;
        assert_eq!(decode_query(&response), Err(QueryError::NotAQuery));
        let mut two = QUERY.to_vec();
        two[5] = 2;
        assert_eq!(decode_query(&two), Err(QueryError::QuestionCount(2)));
        let mut pointer = QUERY.to_vec();
        pointer[12] = 0xc0;
        assert_eq!(decode_query(&pointer), Err(QueryError::BadName));
        // 130 labels of one byte: 261 bytes of name.
        let mut long = QUERY[..12].to_vec();
        for _ in 0..130 {
            long.extend_from_slice(&[1, b'a']);
        }
        long.extend_from_slice(&[0, 0, 1, 0, 1]);
        assert_eq!(decode_query(&long), Err(QueryError::BadName));
    }

    #[test]
    fn odd_label_bytes_are_escaped() {
        let mut q = QUERY[..12].to_vec();
        q.extend_from_slice(&[3, b'a', b'.', 0xff, 0, 0, 16, 0, 1]);
        assert_eq!(decode_query(&q).unwrap().name, "a\\046\\255");
    }

    #[test]
    fn writes_a_response() {
        let q = decode_query(QUERY).unwrap();
        let answers = vec![
            Record::A("192.0.2.1".parse().unwrap()),
            Record::Txt(Txt::new(["ab", ""])),
            Record::Mx { preference: 0, exchange: ".".into() },
        ];
        let out = encode_response(&q, &Response { rcode: NOERROR, truncated: false, answers }).unwrap();
        assert_eq!(&out[..4], &[0x12, 0x34, 0x85, 0x80]);
        assert_eq!(&out[4..12], &[0, 1, 0, 3, 0, 0, 0, 0]);
        let question_end = 12 + 14 + 4;
        assert_eq!(&out[12..question_end], &QUERY[12..question_end]);
        let a = &out[question_end..];
        assert_eq!(&a[14..24], &[0, 1, 0, 1, 0, 0, 1, 44, 0, 4]);
        assert_eq!(&a[24..28], &[192, 0, 2, 1]);
        let txt = &a[28..];
        assert_eq!(&txt[14..16], &[0, 16]);
        assert_eq!(&txt[22..29], &[0, 4, 2, b'a', b'b', 0, 7]);
        let mx = &txt[28..];
        assert_eq!(&mx[14..16], &[0, 15]);
        assert_eq!(&mx[22..], &[0, 3, 0, 0, 0]);
    }

    #[test]
    fn rcode_and_truncation_bits() {
        let q = decode_query(QUERY).unwrap();
        let out =
            encode_response(&q, &Response { rcode: NXDOMAIN, truncated: true, answers: vec![] }).unwrap();
        assert_eq!(&out[2..4], &[0x87, 0x83]);
        assert_eq!(&out[6..8], &[0, 0]);
    }

    #[test]
    fn names_too_long_for_the_wire_are_errors() {
        let q = decode_query(QUERY).unwrap();
        let answers = vec![Record::Cname(format!("{}.test", "a".repeat(64)))];
        let out = encode_response(&q, &Response { answers, ..Response::default() });
        assert!(matches!(out, Err(EncodeError::Name(_))));
    }
}
