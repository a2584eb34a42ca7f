//! The live SPF tree: a domain's SPF record with every include, redirect,
//! `a`, `mx` (and each mail server's addresses), `ptr` and `exists`
//! followed, the lookup and void-lookup budgets counted in evaluation
//! order (RFC 7208 §4.6.4), the ranges the tree allows, a flattening
//! suggestion when the budget is tight, and the verdict for one address.
//!
//! Unlike [`check_host`], which stops at the first match, this expands the
//! whole tree, so every problem shows up at once. It expands concurrently:
//! all the lookups of one record's terms are asked at once, and each
//! include's record is expanded as soon as it arrives, so a tree three
//! includes deep takes about four round trips, not one per include. The
//! running totals are worked out afterwards, in the order a receiver
//! evaluates: left to right, depth first, `redirect` last.
//!
//! Terms whose target holds a macro (`exists:%{i}._spf.example.com`) depend
//! on the message: they are counted (1 lookup each) but not followed, and
//! marked [`NodeStatus::Macro`]. `ptr` depends on the connecting address:
//! counted, not followed.
//!
//! ```
//! use dmarc_lens::check::join::block_on;
//! use dmarc_lens::check::spf::{spf_tree, NodeStatus};
//! use dmarc_lens::dns::MemoryResolver;
//! let mut dns = MemoryResolver::new();
//! dns.add_txt("example.com", "v=spf1 include:_spf.example.net -all")
//!     .add_txt("_spf.example.net", "v=spf1 ip4:192.0.2.0/24 ~all");
//! let check = block_on(spf_tree(&dns, "example.com", None));
//! assert_eq!(check.lookups, 1);
//! assert_eq!(check.tree[0].status, NodeStatus::Ok);
//! assert_eq!(check.ranges, ["192.0.2.0/24"]);
//! ```
//!
//! [`check_host`]: crate::record::spf::check_host

mod flatten;
mod tally;
mod walk;

use std::fmt;
use std::net::IpAddr;
use std::rc::Rc;

use serde::{Serialize, Serializer};

use super::resolver::CheckResolver;
use super::Finding;
use crate::catalogue::{CheckSpfCode, Code, SpfCode};
use crate::diag::{Diagnostic, Span};
use crate::dns::Resolver;
use crate::record::spf::{self, check_host, CheckOptions, Qualifier, SpfResult};
use crate::record::{self, Kind};

/// DNS-querying terms allowed in one evaluation (RFC 7208 §4.6.4).
pub const LOOKUP_LIMIT: u32 = 10;
/// Lookups that find nothing allowed in one evaluation (RFC 7208 §4.6.4).
pub const VOID_LIMIT: u32 = 2;
/// From this many lookups on, the tree is near the limit (a warning).
pub const NEAR_LIMIT: u32 = 8;
/// Mail servers an `mx` mechanism may look at (RFC 7208 §4.6.4).
pub const NAME_LIMIT: usize = 10;

/// The record rules whose findings the tree makes better: with the nested
/// lookups counted, and for `ptr` anywhere in the tree.
const SAID_BY_THE_TREE: [Code; 3] =
    [Code::Spf(SpfCode::LookupsNested), Code::Spf(SpfCode::TooManyLookups), Code::Spf(SpfCode::Ptr)];

/// Everything the live SPF check found for one domain.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SpfCheck {
    /// The domain's SPF record, when it has exactly one.
    pub record: Option<String>,
    /// DNS-querying terms in the whole tree (the limit is 10).
    pub lookups: u32,
    /// Lookups in the whole tree that found nothing (the limit is 2).
    pub void_lookups: u32,
    /// The record's DNS-querying terms, each with what it reached, in
    /// evaluation order (`redirect` last).
    pub tree: Vec<SpfNode>,
    /// When an address was given: what a receiver decides for it.
    pub result_for_ip: Option<IpVerdict>,
    /// What the tree allows: the `ip4`/`ip6` networks of every record
    /// reached through pass (`+`) terms, and the addresses found for its
    /// `a` and `mx` terms (with their prefix lengths), deduplicated, in the
    /// order first met. It ignores macros, `exists`, `ptr` and the lookup
    /// limit; `+all` shows as `0.0.0.0/0` and `::/0`.
    pub ranges: Vec<String>,
    /// From [`NEAR_LIMIT`] lookups on: which terms to flatten, and the cost.
    pub flattening: Option<Flattening>,
    /// Every finding: the record's own (the same rules as a pasted record),
    /// the tree's, and each node's; errors first.
    pub findings: Vec<Finding>,
}

/// What a node's term is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NodeKind {
    /// `include:`: its children are the included record's terms.
    Include,
    /// `redirect=`: its children are the target record's terms.
    Redirect,
    /// `a`: the addresses of a name.
    A,
    /// `mx`: its children are the mail servers.
    Mx,
    /// One mail server of an `mx` term, and its addresses (no lookup of its own).
    MxHost,
    /// `ptr`: depends on the connecting address; counted, not followed.
    Ptr,
    /// `exists`: whether a name has an address.
    Exists,
}

/// What happened at a node, as a receiver would see it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NodeStatus {
    /// Looked up and found.
    Ok,
    /// The lookup found nothing (NXDOMAIN or NODATA): a void lookup.
    Void,
    /// The include or redirect target has no SPF record (permerror).
    NoSpf,
    /// The target publishes several SPF records (permerror).
    SeveralRecords,
    /// The target's record, or the term itself, has an error (permerror).
    RecordError,
    /// The `mx` name has more than 10 mail servers (permerror).
    TooManyNames,
    /// A lookup failed: timeout, SERVFAIL and the like (temperror).
    TempError,
    /// The target is already on the path from the top (permerror).
    Loop,
    /// The target holds a macro: it depends on the message. Counted, not followed.
    Macro,
    /// Past the 10th lookup: an evaluator stops here (permerror). Nodes
    /// with an error of their own keep their error status.
    BeyondLimit,
    /// Not followed: the tree is too large or too deep to expand here.
    NotExpanded,
}

impl NodeStatus {
    /// Whether the status is a problem of the node itself.
    fn is_error(self) -> bool {
        !matches!(self, NodeStatus::Ok | NodeStatus::Void | NodeStatus::Macro | NodeStatus::BeyondLimit)
    }
}

/// One DNS-querying term of the tree and what it reached.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SpfNode {
    /// What the term is.
    pub kind: NodeKind,
    /// The term as written, e.g. `include:_spf.example.net`; for a mail
    /// server, its name.
    pub term: String,
    /// The name it looked up; `None` when it looked nothing up (a macro,
    /// `ptr`, a loop).
    pub domain: Option<String>,
    /// Its own lookup cost: 1, or 0 for a mail server (part of its `mx`).
    pub cost: u32,
    /// Lookups so far, this one included, in evaluation order (the limit is 10).
    pub lookups: u32,
    /// Void lookups so far, this one included (the limit is 2).
    pub void_lookups: u32,
    /// What happened.
    pub status: NodeStatus,
    /// The SPF record found, for an include or a redirect.
    pub record: Option<String>,
    /// The addresses found, for `a`, `exists` and a mail server.
    pub addresses: Vec<String>,
    /// Findings about this term; their spans index the record it is written in.
    pub findings: Vec<Finding>,
    /// An include's or redirect's record's terms, or an `mx`'s mail servers.
    pub children: Vec<SpfNode>,
    /// The qualifier; a redirect passes its target's result on, like `+`.
    #[serde(skip)]
    qualifier: Qualifier,
    /// Whether its own lookup found nothing and counts as void.
    #[serde(skip)]
    void: bool,
    /// The record the term is written in, and where.
    #[serde(skip)]
    source: Rc<str>,
    #[serde(skip)]
    span: Span,
    /// The networks it allows itself: an include's record's ip4/ip6 terms,
    /// an `a`'s or a mail server's addresses.
    #[serde(skip)]
    ranges: Vec<Net>,
    /// Why the target's record cannot be replaced by ranges, if it cannot.
    #[serde(skip)]
    blocker: Option<String>,
}

impl SpfNode {
    /// Adds a finding about the term as written (for a mail server: its
    /// `mx` term), pinned to it in the record it is written in.
    fn flag(&mut self, code: impl crate::catalogue::RuleCode, args: &[(&str, &str)]) {
        let diagnostic = Diagnostic::new(code, self.span, args);
        let subject = match self.span.slice(&self.source) {
            "" => self.term.clone(),
            written => written.to_string(),
        };
        self.findings.push(Finding::in_text(subject, self.source.to_string(), diagnostic));
    }
}

/// What a receiver decides for one address, from [`check_host`] with the
/// sender `postmaster@<domain>`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct IpVerdict {
    /// The address checked.
    pub ip: String,
    /// The result: `pass`, `fail`, `softfail`, `neutral`, `none`,
    /// `temperror` or `permerror`.
    #[serde(serialize_with = "result_name")]
    pub result: SpfResult,
    /// The term that decided, e.g. `ip4:192.0.2.0/24`.
    pub matched: Option<String>,
    /// The domain whose record holds that term.
    pub matched_domain: Option<String>,
    /// The includes and redirects it came through, outermost first.
    pub via: Vec<String>,
    /// Lookups the evaluation used before it decided.
    pub lookups: u32,
    /// Void lookups the evaluation met.
    pub void_lookups: u32,
    /// Why the result is none, temperror or permerror, in words.
    pub reason: Option<String>,
}

fn result_name<S: Serializer>(result: &SpfResult, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(result.as_str())
}

/// The flattening suggestion: which terms to replace by the ranges they
/// resolve to today, and what the tree would cost after.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Flattening {
    /// Lookups now.
    pub lookups: u32,
    /// Lookups once the listed terms are flattened.
    pub lookups_after: u32,
    /// The terms to replace, in record order: as few as bring the count
    /// below [`NEAR_LIMIT`], the costliest first.
    pub flatten: Vec<FlattenTerm>,
    /// Top-level includes, `a` and `mx` that cannot be flattened, and why.
    pub cannot_flatten: Vec<Unflattenable>,
    /// What flattening costs in upkeep, in plain words.
    pub trade_off: String,
}

/// A term to replace by ranges.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FlattenTerm {
    /// The term as written in the record.
    pub term: String,
    /// The lookups it costs now, its own and everything below it.
    pub lookups: u32,
    /// The `ip4:`/`ip6:` ranges to write in its place.
    pub ranges: Vec<String>,
}

/// A term that cannot be replaced by ranges.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Unflattenable {
    /// The term as written in the record.
    pub term: String,
    /// Why not.
    pub why: String,
}

/// A network, its address masked to the prefix.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
struct Net {
    addr: IpAddr,
    prefix: u8,
}

impl Net {
    fn new(addr: IpAddr, prefix: u8) -> Net {
        match addr {
            IpAddr::V4(v4) => {
                let prefix = prefix.min(32);
                let mask = u32::MAX.checked_shl(32 - u32::from(prefix)).unwrap_or(0);
                Net { addr: IpAddr::V4((u32::from(v4) & mask).into()), prefix }
            }
            IpAddr::V6(v6) => {
                let prefix = prefix.min(128);
                let mask = u128::MAX.checked_shl(128 - u32::from(prefix)).unwrap_or(0);
                Net { addr: IpAddr::V6((u128::from(v6) & mask).into()), prefix }
            }
        }
    }
}

impl Net {
    /// The network as an SPF term, `ip4:…` or `ip6:…`.
    fn term(&self) -> String {
        let family = if self.addr.is_ipv4() { "ip4" } else { "ip6" };
        format!("{family}:{self}")
    }
}

impl fmt::Display for Net {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.addr, self.prefix)
    }
}

/// Looks up the SPF record of `domain`, expands its whole tree, counts the
/// budgets, and, when `ip` is given, evaluates it for that address.
///
/// Every DNS question goes through `resolver`, each name and type once
/// (the check keeps its own answers, so the evaluation for `ip` asks again
/// only for what depends on the address). Wrap the resolver in a
/// [`CheckResolver`] to cap the queries in flight and share answers with
/// the other checks.
pub async fn spf_tree<R: Resolver>(resolver: &R, domain: &str, ip: Option<IpAddr>) -> SpfCheck {
    let dns = CheckResolver::with_concurrency(resolver, usize::MAX);
    let domain = domain.strip_suffix('.').unwrap_or(domain).to_string();
    let subject = format!("{domain} TXT");
    let walk = walk::Walk::new(&dns);
    let mut findings = Vec::new();
    let mut top = None;
    let mut tree = Vec::new();
    match walk::spf_at(&dns, &domain).await {
        walk::Spf::Found(text) => {
            let explained = record::explain_as(&text, Some(Kind::Spf));
            findings.extend(
                explained
                    .diagnostics
                    .into_iter()
                    .filter(|d| !SAID_BY_THE_TREE.contains(&d.code))
                    .map(|d| Finding::in_text(subject.clone(), text.clone(), d)),
            );
            let (parsed, _) = spf::parse(&text);
            let place = walk::Place::top(&domain, &text);
            tree = walk::expand(&walk, place, &parsed).await;
            top = Some((text, parsed));
        }
        walk::Spf::Missing { nxdomain, other_txt, .. } => {
            let what = if nxdomain {
                "does not exist (NXDOMAIN)"
            } else if other_txt {
                "has TXT records, but none starts with v=spf1"
            } else {
                "publishes no SPF record"
            };
            let d = Diagnostic::new(CheckSpfCode::None, Span::at(0), &[("domain", &domain), ("what", what)]);
            findings.push(Finding::about(subject.clone(), d));
        }
        walk::Spf::Several(count) => {
            let args = [("domain", domain.as_str()), ("count", &count.to_string()), ("when", "")];
            let d = Diagnostic::new(CheckSpfCode::SeveralRecords, Span::at(0), &args);
            findings.push(Finding::about(subject.clone(), d));
        }
        walk::Spf::Failed(failure) => {
            let args = [("type", "TXT"), ("name", domain.as_str()), ("failure", &failure.to_string())];
            let d = Diagnostic::new(CheckSpfCode::TempError, Span::at(0), &args);
            findings.push(Finding::about(subject.clone(), d));
        }
    }

    let totals = tally::running_totals(&mut tree);
    let mut ranges = Vec::new();
    if let Some((_, parsed)) = &top {
        ranges.extend(walk::record_ranges(parsed));
    }
    tally::ranges(&tree, &mut ranges);
    let flattening =
        (top.is_some() && totals.lookups >= NEAR_LIMIT).then(|| flatten::suggest(&tree, totals.lookups));
    let record_text = top.map(|(text, _)| text);
    findings.extend(tally::budget_findings(&mut tree, &totals, &domain, record_text.as_deref()));
    tally::mark_beyond_limit(&mut tree);
    tally::node_findings(&tree, &mut findings);
    crate::order::sort_by_key(&mut findings, |f| f.diagnostic.severity);

    let result_for_ip = match ip {
        Some(ip) => {
            let sender = format!("postmaster@{domain}");
            let outcome = check_host(&dns, ip, &domain, &sender, &CheckOptions::default()).await;
            let (matched, matched_domain, via) = match outcome.matched {
                Some(m) => (Some(m.term), Some(m.domain), m.via),
                None => (None, None, Vec::new()),
            };
            Some(IpVerdict {
                ip: ip.to_string(),
                result: outcome.result,
                matched,
                matched_domain,
                via,
                lookups: outcome.lookups,
                void_lookups: outcome.void_lookups,
                reason: outcome.reason,
            })
        }
        None => None,
    };

    SpfCheck {
        record: record_text,
        lookups: totals.lookups,
        void_lookups: totals.voids,
        tree,
        result_for_ip,
        ranges: unique(ranges).iter().map(Net::to_string).collect(),
        flattening,
        findings,
    }
}

/// The networks, each once, in the order first met.
fn unique(nets: Vec<Net>) -> Vec<Net> {
    let mut seen = std::collections::HashSet::new();
    nets.into_iter().filter(|n| seen.insert(*n)).collect()
}

#[cfg(test)]
mod tests;
