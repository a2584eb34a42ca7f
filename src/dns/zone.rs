//! Zone files into a [`MemoryResolver`]: a practical subset of RFC 1035 §5
//! master files, plus two directives of our own for test fixtures.
//!
//! The test zones under `tests/zones/` are read by this module for the core's
//! tests (in memory) and by the DoH fixture server (`tests/doh-fixture`),
//! which answers RFC 8484 queries from the same [`Zone`].
//!
//! # What is read
//!
//! - `$ORIGIN <name>` (a relative name is appended to the current origin)
//!   and `$TTL <ttl>` (checked, then ignored: answers carry no TTL here).
//! - Owner names: absolute (`mail.example.`), relative to `$ORIGIN`
//!   (`mail`), `@` for the origin itself, or a blank at the start of the
//!   line for "the same owner as the entry before".
//! - An optional TTL (`3600`, or with units as in `1h30m`) and the optional
//!   class `IN`, in either order. Other classes are errors.
//! - Parentheses joining lines, `;` comments, quoted strings with `\"`,
//!   `\\` and `\DDD` escapes (escapes also work outside quotes).
//! - Types `A`, `AAAA`, `MX`, `TXT` (each character-string kept apart, at
//!   most 255 bytes each), `CNAME` and `PTR`. `SOA` and `NS` are accepted
//!   and skipped: they only make their owner name exist.
//!
//! Anything else (another type, `$INCLUDE`, wildcards, escapes in names) is
//! an error with its line number: a fixture that does not say what it
//! seems to say should fail loudly.
//!
//! # Fixture directives (not RFC 1035)
//!
//! These two are ours and no DNS server knows them:
//!
//! ```text
//! $FAULT   <name> <type|*> <servfail|refused|timeout|garbage|http500|truncated>
//! $LATENCY <name|*> <milliseconds>
//! ```
//!
//! `$FAULT` makes queries for `name` (of one type, or of every type with
//! `*`) fail. `servfail`, `refused` and `timeout` also apply in memory: the
//! zone's resolver answers [`Failure::ServFail`], [`Failure::Refused`] and
//! [`Failure::Timeout`]. `garbage` (HTTP 200 with bytes that are no DNS
//! message), `http500` and `truncated` (a response with TC set and no
//! answers) are transport faults only the DoH fixture server produces; in
//! memory they do nothing, and the name answers from its records. Every
//! fault is listed in [`Zone::faults`] for the server.
//!
//! `$LATENCY` delays the fixture server's answers for `name` (or for every
//! name, `*`); in memory it does nothing. Names in both are relative to
//! `$ORIGIN` like owner names.
//!
//! ```
//! use dmarc_lens::dns::{zone, Answer, Failure, RecordType};
//! let zone = zone::parse(r#"
//! $ORIGIN example.test.
//! $TTL 3600
//! @        IN  MX   10 mail
//! mail     IN  A    192.0.2.25
//! _dmarc   IN  TXT  ( "v=DMARC1; p=reject; "
//!                     "rua=mailto:d@example.test" )  ; two strings
//! $FAULT   flaky TXT servfail
//! $LATENCY slow 200
//! "#).unwrap();
//! let dmarc = zone.resolver.lookup("_dmarc.example.test", RecordType::Txt);
//! assert_eq!(dmarc.records().len(), 1);
//! assert_eq!(zone.resolver.lookup("flaky.example.test", RecordType::Txt), Answer::Failed(Failure::ServFail));
//! assert_eq!(zone.latency, vec![("slow.example.test".to_string(), 200)]);
//! ```

mod error;
mod lex;
#[cfg(test)]
mod tests;

use std::fmt;
use std::net::{Ipv4Addr, Ipv6Addr};

use super::memory::normalize;
use super::{Failure, MemoryResolver, Record, RecordType, Txt};
pub use error::{ZoneError, ZoneErrorKind};
use lex::{Entry, Token};

/// The longest name in presentation form, without the trailing dot.
const NAME_MAX: usize = 253;
/// The longest label.
const LABEL_MAX: usize = 63;
/// The longest character-string in a TXT record.
const STRING_MAX: usize = 255;

/// What one or more zone files describe.
#[derive(Clone, Debug, Default)]
pub struct Zone {
    /// The records, and the faults that also apply in memory.
    pub resolver: MemoryResolver,
    /// Every `$FAULT`, in the order written.
    pub faults: Vec<Fault>,
    /// Every `$LATENCY`: a name (lower case, no trailing dot) or `*`, and
    /// milliseconds.
    pub latency: Vec<(String, u64)>,
}

/// One `$FAULT` directive.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fault {
    /// The name, lower case, without the trailing dot.
    pub name: String,
    /// The type it applies to; `None` for every type (`*`).
    pub record_type: Option<RecordType>,
    /// What goes wrong.
    pub kind: FaultKind,
}

impl Fault {
    /// Whether the fault applies to a query for `name` (in any case, with
    /// or without the trailing dot) of `record_type`.
    pub fn applies_to(&self, name: &str, record_type: RecordType) -> bool {
        self.record_type.is_none_or(|t| t == record_type) && normalize(name) == self.name
    }
}

/// What a `$FAULT` makes go wrong.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FaultKind {
    /// RCODE 2, SERVFAIL.
    ServFail,
    /// RCODE 5, REFUSED.
    Refused,
    /// No answer at all.
    Timeout,
    /// HTTP 200 with bytes that are no DNS message (server only).
    Garbage,
    /// HTTP 500 (server only).
    Http500,
    /// A response with the TC bit set and no answers (server only).
    Truncated,
    /// A good answer sent one byte every 200 ms (server only): a client
    /// must give up on the whole response, not wait for each byte.
    SlowDrip,
    /// HTTP 200 with 70,000 bytes, more than any DNS message (server
    /// only): a client must stop reading at 65,535.
    Oversized,
}

impl FaultKind {
    /// Every kind, in the order of the directive's documentation.
    pub const ALL: [FaultKind; 8] = [
        FaultKind::ServFail,
        FaultKind::Refused,
        FaultKind::Timeout,
        FaultKind::Garbage,
        FaultKind::Http500,
        FaultKind::Truncated,
        FaultKind::SlowDrip,
        FaultKind::Oversized,
    ];

    /// The word used in `$FAULT`, e.g. `servfail`.
    pub const fn as_str(self) -> &'static str {
        match self {
            FaultKind::ServFail => "servfail",
            FaultKind::Refused => "refused",
            FaultKind::Timeout => "timeout",
            FaultKind::Garbage => "garbage",
            FaultKind::Http500 => "http500",
            FaultKind::Truncated => "truncated",
            FaultKind::SlowDrip => "slowdrip",
            FaultKind::Oversized => "oversized",
        }
    }

    /// The failure an in-memory resolver reports for it; `None` for the
    /// transport faults only the fixture server produces.
    pub fn failure(self) -> Option<Failure> {
        match self {
            FaultKind::ServFail => Some(Failure::ServFail),
            FaultKind::Refused => Some(Failure::Refused),
            FaultKind::Timeout => Some(Failure::Timeout),
            FaultKind::Garbage
            | FaultKind::Http500
            | FaultKind::Truncated
            | FaultKind::SlowDrip
            | FaultKind::Oversized => None,
        }
    }

    fn from_word(word: &str) -> Option<FaultKind> {
        FaultKind::ALL.into_iter().find(|k| k.as_str().eq_ignore_ascii_case(word))
    }
}

impl fmt::Display for FaultKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Reads one zone file's text. Several files make one zone with
/// [`Zone::extend`].
pub fn parse(text: &str) -> Result<Zone, ZoneError> {
    let mut reader = Reader { zone: Zone::default(), origin: None, owner: None };
    for entry in lex::entries(text)? {
        reader.entry(&entry)?;
    }
    Ok(reader.zone)
}

/// Reads several zone files' texts into one zone; the error names the
/// text's index in `texts` besides the line.
pub fn parse_all<'a>(texts: impl IntoIterator<Item = &'a str>) -> Result<Zone, (usize, ZoneError)> {
    let mut zone = Zone::default();
    for (index, text) in texts.into_iter().enumerate() {
        zone.extend(parse(text).map_err(|e| (index, e))?);
    }
    Ok(zone)
}

impl Zone {
    /// Reads one zone file's text (the same as [`parse`]).
    pub fn parse(text: &str) -> Result<Zone, ZoneError> {
        parse(text)
    }

    /// Adds everything `other` holds: records, faults and latencies.
    pub fn extend(&mut self, other: Zone) {
        self.resolver.merge(other.resolver);
        self.faults.extend(other.faults);
        self.latency.extend(other.latency);
    }

    /// The first fault that applies to a query for `name` of `record_type`.
    pub fn fault(&self, name: &str, record_type: RecordType) -> Option<&Fault> {
        self.faults.iter().find(|f| f.applies_to(name, record_type))
    }

    /// The latency `$LATENCY` sets for `name`: the largest of the entries
    /// for that name and for `*`; 0 without any.
    pub fn latency_ms(&self, name: &str) -> u64 {
        let name = normalize(name);
        self.latency.iter().filter(|(n, _)| n == "*" || *n == name).map(|&(_, ms)| ms).max().unwrap_or(0)
    }
}

/// The state while reading one file.
struct Reader {
    zone: Zone,
    /// The origin, without the trailing dot (`""` for the root).
    origin: Option<String>,
    /// The last owner name, for entries with a blank owner.
    owner: Option<String>,
}

fn err<T>(line: usize, kind: ZoneErrorKind) -> Result<T, ZoneError> {
    Err(ZoneError { line, kind })
}

/// The types a record or a `$FAULT` can name (no SOA or NS: those are
/// skipped, never queried in memory).
fn queryable_type(word: &str) -> Option<RecordType> {
    RecordType::ALL.into_iter().find(|t| t.as_str().eq_ignore_ascii_case(word))
}

/// Seconds from a TTL such as `3600`, `1h` or `1h30m` (units s, m, h, d, w).
fn ttl(word: &str) -> Option<u32> {
    let mut total: u32 = 0;
    let mut number: Option<u32> = None;
    for c in word.chars() {
        if let Some(digit) = c.to_digit(10) {
            number = Some(number.unwrap_or(0).checked_mul(10)?.checked_add(digit)?);
            continue;
        }
        let unit = match c.to_ascii_lowercase() {
            's' => 1,
            'm' => 60,
            'h' => 3600,
            'd' => 86_400,
            'w' => 604_800,
            _ => return None,
        };
        total = total.checked_add(number.take()?.checked_mul(unit)?)?;
    }
    if word.is_empty() {
        return None;
    }
    total.checked_add(number.unwrap_or(0))
}

impl Reader {
    fn entry(&mut self, entry: &Entry) -> Result<(), ZoneError> {
        let Some(first) = entry.tokens.first() else { return Ok(()) };
        if !entry.blank_owner {
            if let Some(directive) = first.word().filter(|w| w.starts_with('$')) {
                return self.directive(directive, entry);
            }
        }
        let (owner, fields) = if entry.blank_owner {
            match &self.owner {
                Some(owner) => (owner.clone(), &entry.tokens[..]),
                None => return err(entry.line, ZoneErrorKind::NoOwner),
            }
        } else {
            (self.name(first)?, entry.tokens.get(1..).unwrap_or_default())
        };
        self.owner = Some(owner.clone());
        self.record(&owner, fields, entry.line)
    }

    /// A name from a token: `@`, absolute or relative; without the
    /// trailing dot, `""` for the root.
    fn name(&self, token: &Token) -> Result<String, ZoneError> {
        let bad = |why| err(token.line, ZoneErrorKind::BadName { name: token.raw.clone(), why });
        let Some(word) = token.word() else {
            return bad("quoted names and escapes in names are not supported");
        };
        let name = if word == "@" {
            match &self.origin {
                Some(origin) => origin.clone(),
                None => return err(token.line, ZoneErrorKind::NoOrigin(word.into())),
            }
        } else if word == "." {
            String::new()
        } else if let Some(absolute) = word.strip_suffix('.') {
            absolute.to_string()
        } else {
            match self.origin.as_deref() {
                Some("") => word.to_string(),
                Some(origin) => format!("{word}.{origin}"),
                None => return err(token.line, ZoneErrorKind::NoOrigin(word.into())),
            }
        };
        if name.len() > NAME_MAX {
            return bad("longer than 253 characters");
        }
        if name.is_empty() {
            return Ok(name);
        }
        for label in name.split('.') {
            if label.is_empty() {
                return bad("empty label");
            }
            if label.len() > LABEL_MAX {
                return bad("a label is longer than 63 characters");
            }
            if label == "*" {
                return bad("wildcards are not supported");
            }
            if !label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') {
                return bad("only letters, digits, '-' and '_' are allowed");
            }
        }
        Ok(name)
    }

    fn directive(&mut self, directive: &str, entry: &Entry) -> Result<(), ZoneError> {
        let args = entry.tokens.get(1..).unwrap_or_default();
        let line = entry.line;
        let bad =
            |directive: &'static str, why: String| err(line, ZoneErrorKind::BadDirective { directive, why });
        match directive.to_ascii_uppercase().as_str() {
            "$ORIGIN" => {
                let [name] = args else { return bad("$ORIGIN", "takes one name".into()) };
                self.origin = Some(self.name(name)?);
            }
            "$TTL" => {
                let [value] = args else { return bad("$TTL", "takes one TTL".into()) };
                if value.word().and_then(ttl).is_none() {
                    return err(value.line, ZoneErrorKind::BadTtl(value.raw.clone()));
                }
            }
            "$FAULT" => {
                let [name, record_type, kind] = args else {
                    return bad("$FAULT", "takes a name, a type or *, and a fault kind".into());
                };
                let name = normalize(&self.name(name)?);
                let record_type = match record_type.word() {
                    Some("*") => None,
                    Some(word) if queryable_type(word).is_some() => queryable_type(word),
                    _ => {
                        return bad(
                            "$FAULT",
                            format!(
                                "type {} is not one of A, AAAA, MX, TXT, PTR, CNAME or *",
                                record_type.raw
                            ),
                        )
                    }
                };
                let Some(kind) = kind.word().and_then(FaultKind::from_word) else {
                    return bad(
                        "$FAULT",
                        format!(
                            "fault {} is not one of servfail, refused, timeout, garbage, http500, truncated",
                            kind.raw
                        ),
                    );
                };
                match (kind.failure(), record_type) {
                    (Some(failure), Some(t)) => {
                        self.zone.resolver.add_failure(&name, t, failure);
                    }
                    (Some(failure), None) => {
                        self.zone.resolver.add_failure_any_type(&name, failure);
                    }
                    (None, _) => {}
                }
                self.zone.faults.push(Fault { name, record_type, kind });
            }
            "$LATENCY" => {
                let [name, ms] = args else {
                    return bad("$LATENCY", "takes a name or *, and milliseconds".into());
                };
                let name = match name.word() {
                    Some("*") => "*".to_string(),
                    _ => normalize(&self.name(name)?),
                };
                let Some(ms) = ms.word().and_then(|w| w.parse::<u64>().ok()) else {
                    return bad("$LATENCY", format!("{} is not a number of milliseconds", ms.raw));
                };
                self.zone.latency.push((name, ms));
            }
            _ => return err(line, ZoneErrorKind::UnknownDirective(directive.to_string())),
        }
        Ok(())
    }

    /// The fields after the owner: `[ttl] [class] type data...` (TTL and
    /// class in either order).
    fn record(&mut self, owner: &str, fields: &[Token], line: usize) -> Result<(), ZoneError> {
        let mut rest = fields;
        let (mut seen_ttl, mut seen_class) = (false, false);
        let (type_token, data) = loop {
            let Some((token, after)) = rest.split_first() else {
                return err(line, ZoneErrorKind::MissingType);
            };
            let Some(word) = token.word() else {
                return err(token.line, ZoneErrorKind::UnsupportedType(token.raw.clone()));
            };
            if !seen_ttl && word.starts_with(|c: char| c.is_ascii_digit()) {
                if ttl(word).is_none() {
                    return err(token.line, ZoneErrorKind::BadTtl(word.into()));
                }
                seen_ttl = true;
            } else if !seen_class && word.eq_ignore_ascii_case("IN") {
                seen_class = true;
            } else if !seen_class && ["CH", "HS", "CS", "ANY"].iter().any(|c| c.eq_ignore_ascii_case(word)) {
                return err(token.line, ZoneErrorKind::UnsupportedClass(word.into()));
            } else {
                break (token, after);
            }
            rest = after;
        };
        let word = type_token.word().unwrap_or_default().to_ascii_uppercase();
        match word.as_str() {
            "SOA" => {
                count("SOA", "seven fields", data, 7, line)?;
                self.zone.resolver.add_name(owner);
            }
            "NS" => {
                let [host] = fields_of("NS", "one name", data, line)?;
                self.name(host)?;
                self.zone.resolver.add_name(owner);
            }
            "A" => {
                let [address] = fields_of("A", "one IPv4 address", data, line)?;
                let parsed = parse_data::<Ipv4Addr>("A", address, "not an IPv4 address")?;
                self.zone.resolver.add(owner, Record::A(parsed));
            }
            "AAAA" => {
                let [address] = fields_of("AAAA", "one IPv6 address", data, line)?;
                let parsed = parse_data::<Ipv6Addr>("AAAA", address, "not an IPv6 address")?;
                self.zone.resolver.add(owner, Record::Aaaa(parsed));
            }
            "MX" => {
                let [preference, exchange] = fields_of("MX", "a preference and a name", data, line)?;
                let preference = parse_data::<u16>("MX", preference, "not a preference from 0 to 65535")?;
                let exchange = match self.name(exchange)? {
                    root if root.is_empty() => ".".to_string(),
                    name => name,
                };
                self.zone.resolver.add(owner, Record::Mx { preference, exchange });
            }
            "TXT" => {
                if data.is_empty() {
                    return err(
                        line,
                        ZoneErrorKind::FieldCount {
                            record_type: "TXT",
                            expected: "one or more strings",
                            found: 0,
                        },
                    );
                }
                let mut strings = Vec::with_capacity(data.len());
                for token in data {
                    if token.bytes.len() > STRING_MAX {
                        return err(
                            token.line,
                            ZoneErrorKind::BadData {
                                record_type: "TXT",
                                value: format!("of {} bytes", token.bytes.len()),
                                why: "a string is at most 255 bytes: split it into several quoted strings",
                            },
                        );
                    }
                    strings.push(token.bytes.clone());
                }
                self.zone.resolver.add(owner, Record::Txt(Txt { strings }));
            }
            "CNAME" | "PTR" => {
                let [target] =
                    fields_of(if word == "PTR" { "PTR" } else { "CNAME" }, "one name", data, line)?;
                let target = self.name(target)?;
                let record = if word == "PTR" { Record::Ptr(target) } else { Record::Cname(target) };
                self.zone.resolver.add(owner, record);
            }
            _ => return err(type_token.line, ZoneErrorKind::UnsupportedType(type_token.raw.clone())),
        }
        Ok(())
    }
}

/// Checks that `data` has `n` fields.
fn count(
    record_type: &'static str,
    expected: &'static str,
    data: &[Token],
    n: usize,
    line: usize,
) -> Result<(), ZoneError> {
    if data.len() == n {
        Ok(())
    } else {
        err(line, ZoneErrorKind::FieldCount { record_type, expected, found: data.len() })
    }
}

/// The `N` fields of `data`, or the error saying how many it takes.
fn fields_of<'t, const N: usize>(
    record_type: &'static str,
    expected: &'static str,
    data: &'t [Token],
    line: usize,
) -> Result<&'t [Token; N], ZoneError> {
    data.try_into()
        .or_else(|_| err(line, ZoneErrorKind::FieldCount { record_type, expected, found: data.len() }))
}

/// A field parsed with [`std::str::FromStr`].
fn parse_data<T: std::str::FromStr>(
    record_type: &'static str,
    token: &Token,
    why: &'static str,
) -> Result<T, ZoneError> {
    token.word().and_then(|w| w.parse().ok()).ok_or_else(|| ZoneError {
        line: token.line,
        kind: ZoneErrorKind::BadData { record_type, value: token.raw.clone(), why },
    })
}
