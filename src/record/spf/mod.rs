//! SPF records (RFC 7208): grammar, rules, explanation and evaluation.
//!
//! [`parse`] turns the TXT value published at a domain into a typed
//! [`SpfRecord`] plus diagnostics; [`explain()`] adds the term table and a
//! corrected record; [`check_host`] evaluates a record the way a receiver
//! does, over any [`Resolver`](crate::dns::Resolver).
//!
//! ```
//! use dmarc_lens::record::spf::{parse, Mechanism, Qualifier};
//! let (record, diagnostics) = parse("v=spf1 ip4:192.0.2.0/24 include:_spf.example.com -all");
//! assert!(record.valid_version && !record.permerror);
//! assert!(diagnostics.iter().all(|d| d.severity != dmarc_lens::diag::Severity::Error));
//! assert_eq!(record.lookups(), 1);
//! ```

mod eval;
pub mod explain;
mod lint;
pub mod macros;
mod names;
pub(crate) mod parse;

use std::net::{Ipv4Addr, Ipv6Addr};

use crate::diag::{Diagnostic, Span};

pub use eval::{check_host, CheckOptions, Matched, SpfOutcome, SpfResult};
pub use explain::explain;
pub use macros::{Macro, MacroPart, MacroString};

/// What a matching mechanism yields (RFC 7208 §4.6.2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Qualifier {
    /// `+`: the host is authorized.
    Pass,
    /// `-`: the host is not authorized.
    Fail,
    /// `~`: probably not authorized.
    SoftFail,
    /// `?`: no statement.
    Neutral,
}

impl Qualifier {
    /// The qualifier written as `c`.
    pub const fn from_char(c: char) -> Option<Qualifier> {
        match c {
            '+' => Some(Qualifier::Pass),
            '-' => Some(Qualifier::Fail),
            '~' => Some(Qualifier::SoftFail),
            '?' => Some(Qualifier::Neutral),
            _ => None,
        }
    }

    /// `+`, `-`, `~` or `?`.
    pub const fn symbol(self) -> char {
        match self {
            Qualifier::Pass => '+',
            Qualifier::Fail => '-',
            Qualifier::SoftFail => '~',
            Qualifier::Neutral => '?',
        }
    }

    /// The result a match gives.
    pub const fn result(self) -> SpfResult {
        match self {
            Qualifier::Pass => SpfResult::Pass,
            Qualifier::Fail => SpfResult::Fail,
            Qualifier::SoftFail => SpfResult::SoftFail,
            Qualifier::Neutral => SpfResult::Neutral,
        }
    }
}

/// The prefix lengths of `a` and `mx` (`/24//64`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DualCidr {
    /// The IPv4 prefix length (32 when not written).
    pub v4: u8,
    /// The IPv6 prefix length (128 when not written).
    pub v6: u8,
    /// Whether the IPv4 length was written.
    pub v4_written: bool,
    /// Whether the IPv6 length was written.
    pub v6_written: bool,
}

impl Default for DualCidr {
    fn default() -> Self {
        DualCidr { v4: 32, v6: 128, v4_written: false, v6_written: false }
    }
}

/// A mechanism (RFC 7208 §5).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Mechanism {
    /// `all`: always matches.
    All,
    /// `include:domain`: matches when that domain's record passes.
    Include(MacroString),
    /// `a[:domain][/v4][//v6]`: the domain's addresses.
    A {
        /// The target; the current domain when `None`.
        domain: Option<MacroString>,
        /// The prefix lengths.
        cidr: DualCidr,
    },
    /// `mx[:domain][/v4][//v6]`: the addresses of the domain's mail servers.
    Mx {
        /// The target; the current domain when `None`.
        domain: Option<MacroString>,
        /// The prefix lengths.
        cidr: DualCidr,
    },
    /// `ptr[:domain]`: validated reverse DNS names (discouraged).
    Ptr(Option<MacroString>),
    /// `ip4:network[/len]`.
    Ip4 {
        /// The network address.
        addr: Ipv4Addr,
        /// The prefix length (32 when not written).
        prefix: u8,
        /// Whether the prefix length was written.
        prefix_written: bool,
    },
    /// `ip6:network[/len]`.
    Ip6 {
        /// The network address.
        addr: Ipv6Addr,
        /// The prefix length (128 when not written).
        prefix: u8,
        /// Whether the prefix length was written.
        prefix_written: bool,
    },
    /// `exists:domain`: matches when the name has an A record.
    Exists(MacroString),
}

impl Mechanism {
    /// The mechanism's name in lower case.
    pub const fn name(&self) -> &'static str {
        match self {
            Mechanism::All => "all",
            Mechanism::Include(_) => "include",
            Mechanism::A { .. } => "a",
            Mechanism::Mx { .. } => "mx",
            Mechanism::Ptr(_) => "ptr",
            Mechanism::Ip4 { .. } => "ip4",
            Mechanism::Ip6 { .. } => "ip6",
            Mechanism::Exists(_) => "exists",
        }
    }

    /// Whether evaluating it queries DNS (and so counts against the limit of 10).
    pub const fn queries_dns(&self) -> bool {
        !matches!(self, Mechanism::All | Mechanism::Ip4 { .. } | Mechanism::Ip6 { .. })
    }
}

/// What a term is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TermKind {
    /// A qualifier and a mechanism.
    Directive {
        /// The qualifier (`+` when not written).
        qualifier: Qualifier,
        /// Whether the qualifier was written.
        written: bool,
        /// The mechanism.
        mechanism: Mechanism,
    },
    /// `redirect=domain`.
    Redirect(MacroString),
    /// `exp=domain`.
    Explanation(MacroString),
    /// A modifier SPF does not define; receivers ignore it.
    Unknown {
        /// Its name as written.
        name: String,
        /// Its value as written.
        value: String,
    },
    /// Something that does not parse; a diagnostic says why.
    Invalid,
}

/// A term as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Term {
    /// The text as written.
    pub text: String,
    /// Where it is written.
    pub span: Span,
    /// What it is.
    pub kind: TermKind,
}

impl Term {
    /// The DNS-querying cost of the term: 1 for include, a, mx, ptr, exists
    /// and redirect, 0 for the others. An invalid term costs what its name
    /// says it would (`include:` costs 1).
    pub fn lookups(&self) -> u32 {
        match &self.kind {
            TermKind::Directive { mechanism, .. } => u32::from(mechanism.queries_dns()),
            TermKind::Redirect(_) => 1,
            TermKind::Explanation(_) | TermKind::Unknown { .. } => 0,
            // What it would cost once fixed, read from the name as written.
            TermKind::Invalid => {
                let text = self.text.trim_start_matches(['+', '-', '~', '?']);
                let name = text.split([':', '/', '=']).next().unwrap_or("").to_ascii_lowercase();
                let modifier = text.get(name.len()..).is_some_and(|rest| rest.starts_with('='));
                let queries = match name.as_str() {
                    "include" | "a" | "mx" | "ptr" | "exists" => !modifier,
                    "redirect" => modifier,
                    _ => false,
                };
                u32::from(queries)
            }
        }
    }

    /// The mechanism, if the term is a directive.
    pub fn mechanism(&self) -> Option<&Mechanism> {
        match &self.kind {
            TermKind::Directive { mechanism, .. } => Some(mechanism),
            _ => None,
        }
    }
}

/// An SPF record as a receiver reads it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SpfRecord {
    /// Whether the record starts with `v=spf1` (in any case) followed by a
    /// space or the end. Receivers ignore records that do not.
    pub valid_version: bool,
    /// Where the version is written.
    pub version_span: Option<Span>,
    /// Every term after the version, in order.
    pub terms: Vec<Term>,
    /// Whether receivers return permerror on evaluating it: a syntax error
    /// anywhere, an unknown mechanism, or a repeated `redirect`/`exp`.
    pub permerror: bool,
}

impl SpfRecord {
    /// The index of the first `all` mechanism.
    pub fn all_index(&self) -> Option<usize> {
        self.terms.iter().position(|t| matches!(t.mechanism(), Some(Mechanism::All)))
    }

    /// Whether receivers evaluate the term at `index`: mechanisms up to the
    /// first `all`, `redirect` only when there is no `all`, and `exp`.
    pub fn is_evaluated(&self, index: usize) -> bool {
        self.evaluated_with(self.all_index(), index)
    }

    /// [`SpfRecord::is_evaluated`] with the index of the first `all` already
    /// known, so walks over every term stay linear.
    pub(crate) fn evaluated_with(&self, all: Option<usize>, index: usize) -> bool {
        match self.terms.get(index).map(|t| &t.kind) {
            Some(TermKind::Directive { .. }) => all.is_none_or(|a| index <= a),
            Some(TermKind::Redirect(_)) => all.is_none(),
            Some(TermKind::Explanation(_)) => true,
            _ => false,
        }
    }

    /// The DNS-querying terms receivers evaluate in this record alone
    /// (nested includes and redirects add their own).
    pub fn lookups(&self) -> u32 {
        let all = self.all_index();
        (0..self.terms.len())
            .filter(|&i| self.evaluated_with(all, i))
            .filter_map(|i| self.terms.get(i))
            .map(Term::lookups)
            .sum()
    }

    /// The first `redirect=` modifier.
    pub fn redirect(&self) -> Option<&MacroString> {
        self.terms.iter().find_map(|t| match &t.kind {
            TermKind::Redirect(d) => Some(d),
            _ => None,
        })
    }

    /// The first `exp=` modifier.
    pub fn explanation(&self) -> Option<&MacroString> {
        self.terms.iter().find_map(|t| match &t.kind {
            TermKind::Explanation(d) => Some(d),
            _ => None,
        })
    }
}

/// Parses an SPF record and checks it against every rule.
///
/// Never fails: whatever the input, the result is a record (possibly with
/// nothing understood) and diagnostics, sorted by severity then position.
pub fn parse(value: &str) -> (SpfRecord, Vec<Diagnostic>) {
    lint::check(value)
}

#[cfg(test)]
mod eval_tests;
#[cfg(test)]
mod tests;
