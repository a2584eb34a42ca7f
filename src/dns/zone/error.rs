//! What can be wrong in a zone file, and where.

use std::fmt;

/// A zone file that could not be read: where, and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ZoneError {
    /// The line (1-based).
    pub line: usize,
    /// What is wrong.
    pub kind: ZoneErrorKind,
}

/// What is wrong in a zone file.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ZoneErrorKind {
    /// A quoted string is not closed on its line.
    UnclosedQuote,
    /// A `)` with no `(` before it.
    UnbalancedParenthesis,
    /// A `(` never closed (the line is the `(`'s).
    UnclosedParenthesis,
    /// A backslash at the end of a line, or a `\DDD` that is not three
    /// digits or is above 255.
    BadEscape(String),
    /// A record with a blank owner and no entry before it to take it from.
    NoOwner,
    /// A relative name (or `@`) before any `$ORIGIN`.
    NoOrigin(String),
    /// A name that is not a host name this reader takes.
    BadName {
        /// The name as written.
        name: String,
        /// Why not.
        why: &'static str,
    },
    /// A TTL that is not a number of seconds (with optional units).
    BadTtl(String),
    /// A class other than `IN`.
    UnsupportedClass(String),
    /// A type this reader does not take.
    UnsupportedType(String),
    /// A record with no type.
    MissingType,
    /// The wrong number of fields after the type.
    FieldCount {
        /// The type, e.g. `MX`.
        record_type: &'static str,
        /// How many fields it takes, in words.
        expected: &'static str,
        /// How many there were.
        found: usize,
    },
    /// A field of the record's data that does not fit its type.
    BadData {
        /// The type, e.g. `AAAA`.
        record_type: &'static str,
        /// The field as written.
        value: String,
        /// What was expected.
        why: &'static str,
    },
    /// A `$` directive this reader does not know (e.g. `$INCLUDE`).
    UnknownDirective(String),
    /// A known directive written wrongly.
    BadDirective {
        /// The directive, e.g. `$FAULT`.
        directive: &'static str,
        /// What is wrong.
        why: String,
    },
}

impl fmt::Display for ZoneErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ZoneErrorKind::UnclosedQuote => f.write_str("quoted string not closed on its line"),
            ZoneErrorKind::UnbalancedParenthesis => f.write_str("')' without an opening '('"),
            ZoneErrorKind::UnclosedParenthesis => f.write_str("'(' never closed"),
            ZoneErrorKind::BadEscape(e) => {
                write!(f, "bad escape {e}: use \\X for a character or \\DDD (000 to 255) for a byte")
            }
            ZoneErrorKind::NoOwner => f.write_str("the line starts with a blank but no owner name comes before it"),
            ZoneErrorKind::NoOrigin(name) => write!(f, "relative name {name} before any $ORIGIN"),
            ZoneErrorKind::BadName { name, why } => write!(f, "bad name {name}: {why}"),
            ZoneErrorKind::BadTtl(ttl) => write!(f, "bad TTL {ttl}: expected seconds, e.g. 3600 or 1h"),
            ZoneErrorKind::UnsupportedClass(class) => write!(f, "class {class} is not supported: only IN"),
            ZoneErrorKind::UnsupportedType(t) => write!(
                f,
                "record type {t} is not supported: A, AAAA, MX, TXT, CNAME and PTR are (SOA and NS are skipped)"
            ),
            ZoneErrorKind::MissingType => f.write_str("record without a type"),
            ZoneErrorKind::FieldCount { record_type, expected, found } => {
                write!(f, "{record_type} takes {expected} after the type, found {found}")
            }
            ZoneErrorKind::BadData { record_type, value, why } => {
                write!(f, "{record_type} data {value}: {why}")
            }
            ZoneErrorKind::UnknownDirective(d) => {
                write!(f, "unknown directive {d}: $ORIGIN, $TTL, $FAULT and $LATENCY are known")
            }
            ZoneErrorKind::BadDirective { directive, why } => write!(f, "{directive}: {why}"),
        }
    }
}

impl fmt::Display for ZoneError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.kind)
    }
}

impl std::error::Error for ZoneError {}
