//! Expanding the tree: each record's DNS-querying terms looked up at once,
//! each include's record expanded as soon as it arrives.

use std::cell::Cell;
use std::future::Future;
use std::net::IpAddr;
use std::pin::Pin;
use std::rc::Rc;

use super::{Net, NodeKind, NodeStatus, SpfNode, NAME_LIMIT};
use crate::catalogue::{CheckSpfCode, SpfCode};
use crate::check::join::{join2, join_all};
use crate::check::Finding;
use crate::diag::{Severity, Span};
use crate::dns::{Answer, Failure, Record, RecordType, Resolver};
use crate::record::spf::{self, MacroPart, MacroString, Mechanism, Qualifier, SpfRecord, Term, TermKind};

/// Includes nested this deep are not followed: every term at this depth is
/// at least lookup number 11, beyond where any receiver stops.
const DEPTH_CAP: usize = 10;
/// DNS-querying terms followed in one tree at most. Real trees have a few
/// dozen; this bounds a hostile one (records that include each other's
/// siblings grow exponentially).
const TERM_CAP: usize = 100;

type Boxed<'a, T> = Pin<Box<dyn Future<Output = T> + 'a>>;

/// One expansion: the resolver, and how many terms it has followed.
pub(super) struct Walk<'a, R> {
    dns: &'a R,
    followed: Cell<usize>,
}

impl<'a, R: Resolver> Walk<'a, R> {
    pub(super) fn new(dns: &'a R) -> Self {
        Walk { dns, followed: Cell::new(0) }
    }

    /// Whether one more term may be followed (and counts it).
    fn admit(&self) -> bool {
        let n = self.followed.get();
        self.followed.set(n + 1);
        n < TERM_CAP
    }
}

/// Where a record's terms are written: the domain it belongs to (what `a`
/// and `mx` without a name look up), its text, the domains from the top
/// down to it, and how deep it is nested.
pub(super) struct Place {
    domain: String,
    text: Rc<str>,
    path: Vec<String>,
    depth: usize,
}

impl Place {
    /// The top record, published at `domain`.
    pub(super) fn top(domain: &str, text: &str) -> Rc<Place> {
        Rc::new(Place {
            domain: domain.to_string(),
            text: text.into(),
            path: vec![domain.to_string()],
            depth: 0,
        })
    }
}

/// What the TXT lookup at a name found.
pub(super) enum Spf {
    /// Exactly one record starting with `v=spf1` (invalid UTF-8 replaced,
    /// for the lint to flag).
    Found(String),
    /// None: the name does not exist, has no TXT records, or only others.
    Missing { nxdomain: bool, void: bool, other_txt: bool },
    /// Several records starting with `v=spf1`.
    Several(usize),
    /// The lookup failed.
    Failed(Failure),
}

/// The SPF record at `name` (RFC 7208 §4.5): TXT records whose strings,
/// joined, start with `v=spf1` followed by a space or nothing.
pub(super) async fn spf_at<R: Resolver>(dns: &R, name: &str) -> Spf {
    let records = match dns.query(name, RecordType::Txt).await {
        Answer::Failed(failure) => return Spf::Failed(failure),
        Answer::NxDomain => return Spf::Missing { nxdomain: true, void: true, other_txt: false },
        Answer::NoData => return Spf::Missing { nxdomain: false, void: true, other_txt: false },
        Answer::Records(records) => records,
    };
    let mut found: Vec<Vec<u8>> = records
        .iter()
        .filter_map(|r| match r {
            Record::Txt(txt) => Some(txt.joined()),
            _ => None,
        })
        .filter(|joined| {
            let head = joined.get(..6).is_some_and(|h| h.eq_ignore_ascii_case(b"v=spf1"));
            head && matches!(joined.get(6), None | Some(b' '))
        })
        .collect();
    match found.len() {
        0 => Spf::Missing { nxdomain: false, void: records.is_empty(), other_txt: !records.is_empty() },
        1 => Spf::Found(String::from_utf8_lossy(&found.remove(0)).into_owned()),
        n => Spf::Several(n),
    }
}

/// A DNS-querying term, sorted out: what it is, its qualifier (a redirect
/// passes its target's result on, like `+`), and its target as written
/// (`None`: the current domain).
struct Lookup {
    term: Term,
    kind: NodeKind,
    qualifier: Qualifier,
    spec: Option<MacroString>,
}

impl Lookup {
    fn of(term: &Term) -> Option<Lookup> {
        let (kind, qualifier, spec) = match &term.kind {
            TermKind::Redirect(spec) => (NodeKind::Redirect, Qualifier::Pass, Some(spec)),
            TermKind::Directive { qualifier, mechanism, .. } => match mechanism {
                Mechanism::Include(spec) => (NodeKind::Include, *qualifier, Some(spec)),
                Mechanism::A { domain, .. } => (NodeKind::A, *qualifier, domain.as_ref()),
                Mechanism::Mx { domain, .. } => (NodeKind::Mx, *qualifier, domain.as_ref()),
                Mechanism::Ptr(domain) => (NodeKind::Ptr, *qualifier, domain.as_ref()),
                Mechanism::Exists(spec) => (NodeKind::Exists, *qualifier, Some(spec)),
                Mechanism::All | Mechanism::Ip4 { .. } | Mechanism::Ip6 { .. } => return None,
            },
            _ => return None,
        };
        Some(Lookup { term: term.clone(), kind, qualifier, spec: spec.cloned() })
    }

    /// The prefix lengths of `a` and `mx` (full length for the others).
    fn cidr(&self) -> (u8, u8) {
        match self.term.mechanism() {
            Some(Mechanism::A { cidr, .. } | Mechanism::Mx { cidr, .. }) => (cidr.v4, cidr.v6),
            _ => (32, 128),
        }
    }
}

/// The record's terms a receiver evaluates that query DNS: mechanisms up
/// to the first `all`, then `redirect` when there is no `all`.
fn lookup_terms(record: &SpfRecord) -> Vec<Lookup> {
    let all = record.all_index();
    let mut lookups: Vec<Lookup> = record
        .terms
        .iter()
        .enumerate()
        .filter(|(i, t)| t.mechanism().is_some() && record.evaluated_with(all, *i))
        .filter_map(|(_, t)| Lookup::of(t))
        .collect();
    if all.is_none() {
        let redirect = record.terms.iter().find(|t| matches!(t.kind, TermKind::Redirect(_)));
        lookups.extend(redirect.and_then(Lookup::of));
    }
    lookups
}

/// The networks the record's own pass (`+`) terms allow: `ip4`, `ip6`,
/// and `+all` as everything.
pub(super) fn record_ranges(record: &SpfRecord) -> Vec<Net> {
    let all = record.all_index();
    let mut nets = Vec::new();
    for (index, term) in record.terms.iter().enumerate() {
        let TermKind::Directive { qualifier: Qualifier::Pass, mechanism, .. } = &term.kind else {
            continue;
        };
        if !record.evaluated_with(all, index) {
            continue;
        }
        match mechanism {
            Mechanism::Ip4 { addr, prefix, .. } => nets.push(Net::new(IpAddr::V4(*addr), *prefix)),
            Mechanism::Ip6 { addr, prefix, .. } => nets.push(Net::new(IpAddr::V6(*addr), *prefix)),
            Mechanism::All => {
                nets.push(Net::new(IpAddr::V4(0.into()), 0));
                nets.push(Net::new(IpAddr::V6(0.into()), 0));
            }
            _ => {}
        }
    }
    nets
}

/// Why the record cannot be replaced by ranges, if it cannot: it must
/// hold only ip4, ip6, include, a, mx (all `+`, without macros), all and
/// a redirect.
fn blocker(record: &SpfRecord) -> Option<String> {
    let all = record.all_index();
    record.terms.iter().enumerate().filter(|(i, _)| record.evaluated_with(all, *i)).find_map(|(_, term)| {
        let (qualifier, mechanism) = match &term.kind {
            TermKind::Directive { qualifier, mechanism, .. } => (*qualifier, mechanism),
            TermKind::Redirect(spec) if spec.has_macros() => return Some(macro_blocker(term)),
            _ => return None,
        };
        let target = match mechanism {
            Mechanism::All => return None,
            Mechanism::Exists(_) => {
                return Some(format!("{} decides per message, which ranges cannot express", term.text))
            }
            Mechanism::Ptr(_) => {
                return Some(format!("{} decides by reverse DNS, which ranges cannot express", term.text))
            }
            Mechanism::Include(spec) => Some(spec),
            Mechanism::A { domain, .. } | Mechanism::Mx { domain, .. } => domain.as_ref(),
            Mechanism::Ip4 { .. } | Mechanism::Ip6 { .. } => None,
        };
        if target.is_some_and(MacroString::has_macros) {
            return Some(macro_blocker(term));
        }
        (qualifier != Qualifier::Pass).then(|| {
            format!("{} excludes or marks addresses, which flat ranges after it would not keep", term.text)
        })
    })
}

fn macro_blocker(term: &Term) -> String {
    format!("{} depends on the message (a macro), which ranges cannot express", term.text)
}

/// The target as written, when it holds no macro; a trailing dot removed.
fn literal(spec: &MacroString) -> Option<String> {
    if spec.has_macros() {
        return None;
    }
    let text: String = spec
        .parts
        .iter()
        .map(|p| match p {
            MacroPart::Literal(l) => l.as_str(),
            MacroPart::Macro(_) => "",
        })
        .collect();
    Some(text.strip_suffix('.').unwrap_or(&text).to_string())
}

/// Whether a DNS query can be made for `name`: labels of 1 to 63 octets,
/// 253 in all.
fn queryable(name: &str) -> bool {
    !name.is_empty() && name.len() <= 253 && name.split('.').all(|l| !l.is_empty() && l.len() <= 63)
}

/// The macros of a spec, for the words: `the macro %{i}` or `the macros …`.
fn macro_words(spec: &MacroString) -> String {
    let names: Vec<String> = spec
        .macros()
        .map(|m| {
            let letter = if m.url_escape { m.letter.to_ascii_uppercase() } else { m.letter };
            let digits = m.digits.map(|d| d.to_string()).unwrap_or_default();
            let reverse = if m.reverse { "r" } else { "" };
            format!("%{{{letter}{digits}{reverse}{}}}", m.delimiters)
        })
        .collect();
    match names.as_slice() {
        [one] => format!("the macro {one}"),
        more => format!("the macros {}", more.join(" ")),
    }
}

/// Expands the record's DNS-querying terms, all at once.
pub(super) fn expand<'a, R: Resolver>(
    walk: &'a Walk<'a, R>,
    place: Rc<Place>,
    record: &SpfRecord,
) -> Boxed<'a, Vec<SpfNode>> {
    let lookups = lookup_terms(record);
    Box::pin(async move { join_all(lookups.into_iter().map(|l| follow(walk, place.clone(), l))).await })
}

/// A node for `term`, before anything is looked up.
fn blank(kind: NodeKind, term: String, qualifier: Qualifier, source: Rc<str>, span: Span) -> SpfNode {
    SpfNode {
        kind,
        term,
        domain: None,
        // Each DNS-querying term costs one; a mail server is part of its mx.
        cost: u32::from(kind != NodeKind::MxHost),
        lookups: 0,
        void_lookups: 0,
        status: NodeStatus::Ok,
        record: None,
        addresses: Vec::new(),
        findings: Vec::new(),
        children: Vec::new(),
        qualifier,
        void: false,
        source,
        span,
        ranges: Vec::new(),
        blocker: None,
    }
}

/// Follows one term: looks up what it names, and expands what it reaches.
async fn follow<'a, R: Resolver>(walk: &'a Walk<'a, R>, place: Rc<Place>, lookup: Lookup) -> SpfNode {
    let Lookup { ref term, kind, qualifier, ref spec } = lookup;
    let mut node = blank(kind, term.text.clone(), qualifier, place.text.clone(), term.span);
    if kind == NodeKind::Ptr {
        node.flag(CheckSpfCode::Ptr, &[("term", &term.text)]);
        return node;
    }
    let target = match spec.as_ref() {
        None => place.domain.clone(),
        Some(spec) => match literal(spec) {
            Some(target) => target,
            None => {
                node.status = NodeStatus::Macro;
                let more = if matches!(kind, NodeKind::Include | NodeKind::Redirect) {
                    ", and the record it reaches adds its own"
                } else {
                    ""
                };
                let macros = macro_words(spec);
                node.flag(CheckSpfCode::Macro, &[("term", &term.text), ("macros", &macros), ("more", more)]);
                return node;
            }
        },
    };
    if !queryable(&target) {
        node.status = NodeStatus::RecordError;
        let why = "DNS cannot look it up: labels are 1 to 63 characters, 253 in all";
        node.flag(SpfCode::DomainInvalid, &[("domain", &target), ("why", why)]);
        return node;
    }
    if matches!(kind, NodeKind::Include | NodeKind::Redirect)
        && place.path.iter().any(|p| p.eq_ignore_ascii_case(&target))
    {
        node.status = NodeStatus::Loop;
        let path = place.path.join(" → ");
        node.flag(CheckSpfCode::Loop, &[("term", &term.text), ("domain", &target), ("path", &path)]);
        return node;
    }
    node.domain = Some(target.clone());
    if place.depth >= DEPTH_CAP || !walk.admit() {
        node.status = NodeStatus::NotExpanded;
        return node;
    }
    match kind {
        NodeKind::Include | NodeKind::Redirect => include(walk, &place, node, target).await,
        NodeKind::Mx => mx(walk, node, &target, lookup.cidr()).await,
        NodeKind::Exists => exists(walk, node, &target).await,
        NodeKind::A | NodeKind::MxHost => addresses(walk, node, &target, lookup.cidr()).await,
        // Flagged above; nothing to look up without the client's address.
        NodeKind::Ptr => node,
    }
}

/// Marks the node temperror with the failed query's words.
fn failed(node: &mut SpfNode, record_type: RecordType, name: &str, failure: &Failure) {
    node.status = NodeStatus::TempError;
    let args = [("type", record_type.as_str()), ("name", name), ("failure", &failure.to_string())];
    node.flag(CheckSpfCode::TempError, &args);
}

/// Marks the node void with words for what it found.
fn void(node: &mut SpfNode, name: &str, nxdomain: bool, records: &str) {
    node.status = NodeStatus::Void;
    node.void = true;
    let what =
        if nxdomain { "does not exist (NXDOMAIN)".to_string() } else { format!("has no {records} records") };
    let term = node.term.clone();
    node.flag(CheckSpfCode::Void, &[("term", &term), ("name", name), ("what", &what)]);
}

/// An include or a redirect: the target's record, expanded.
async fn include<'a, R: Resolver>(
    walk: &'a Walk<'a, R>,
    place: &Place,
    mut node: SpfNode,
    target: String,
) -> SpfNode {
    let term = node.term.clone();
    match spf_at(walk.dns, &target).await {
        Spf::Found(text) => {
            let (record, diagnostics) = spf::parse(&text);
            // Other people's records: only what breaks evaluation.
            let subject = format!("{target} TXT");
            node.findings.extend(
                diagnostics
                    .into_iter()
                    .filter(|d| d.severity == Severity::Error && !super::SAID_BY_THE_TREE.contains(&d.code))
                    .map(|d| Finding::in_text(subject.clone(), text.clone(), d)),
            );
            if record.permerror {
                node.status = NodeStatus::RecordError;
            }
            node.ranges = record_ranges(&record);
            node.blocker = blocker(&record);
            node.record = Some(text.clone());
            let mut path = place.path.clone();
            path.push(target.clone());
            let inner = Rc::new(Place { domain: target, text: text.into(), path, depth: place.depth + 1 });
            node.children = expand(walk, inner, &record).await;
        }
        Spf::Missing { nxdomain, void, other_txt } => {
            node.status = NodeStatus::NoSpf;
            node.void = void;
            if nxdomain {
                node.flag(CheckSpfCode::IncludeNxDomain, &[("term", &term), ("domain", &target)]);
            } else {
                let what = if other_txt {
                    "has TXT records, but none starts with v=spf1"
                } else {
                    "has no TXT records, so no SPF record"
                };
                node.flag(
                    CheckSpfCode::IncludeNoSpf,
                    &[("term", &term), ("domain", &target), ("what", what)],
                );
            }
        }
        Spf::Several(count) => {
            node.status = NodeStatus::SeveralRecords;
            let when = format!(" when they reach {term}");
            let args = [("domain", target.as_str()), ("count", &count.to_string()), ("when", &when)];
            node.flag(CheckSpfCode::SeveralRecords, &args);
        }
        Spf::Failed(failure) => failed(&mut node, RecordType::Txt, &target, &failure),
    }
    node
}

/// The addresses of `name`, both families at once.
async fn lookup_addresses<R: Resolver>(dns: &R, name: &str) -> (Answer, Answer) {
    join2(dns.query(name, RecordType::A), dns.query(name, RecordType::Aaaa)).await
}

fn found_addresses<'x>(answers: impl IntoIterator<Item = &'x Answer>) -> Vec<IpAddr> {
    answers
        .into_iter()
        .flat_map(Answer::records)
        .filter_map(|r| match r {
            Record::A(a) => Some(IpAddr::V4(*a)),
            Record::Aaaa(a) => Some(IpAddr::V6(*a)),
            _ => None,
        })
        .collect()
}

/// `a` (and one mail server of an `mx`): the name's A and AAAA records,
/// each a network with the term's prefix lengths. The lookup is void when
/// neither family has any.
async fn addresses<'a, R: Resolver>(
    walk: &'a Walk<'a, R>,
    mut node: SpfNode,
    name: &str,
    (v4, v6): (u8, u8),
) -> SpfNode {
    let (a, aaaa) = lookup_addresses(walk.dns, name).await;
    for (answer, record_type) in [(&a, RecordType::A), (&aaaa, RecordType::Aaaa)] {
        if let Some(failure) = answer.failure() {
            failed(&mut node, record_type, name, failure);
        }
    }
    let found = found_addresses([&a, &aaaa]);
    node.addresses = found.iter().map(IpAddr::to_string).collect();
    node.ranges = found.iter().map(|&ip| Net::new(ip, if ip.is_ipv4() { v4 } else { v6 })).collect();
    if node.status == NodeStatus::Ok && a.is_void() && aaaa.is_void() {
        let nxdomain = a == Answer::NxDomain;
        if node.kind == NodeKind::MxHost {
            // Part of its mx term: neither a lookup nor a void one of its own.
            node.status = NodeStatus::Void;
        } else {
            void(&mut node, name, nxdomain, "A or AAAA");
        }
    }
    node
}

/// `exists`: whether the name has an A record.
async fn exists<'a, R: Resolver>(walk: &'a Walk<'a, R>, mut node: SpfNode, name: &str) -> SpfNode {
    let answer = walk.dns.query(name, RecordType::A).await;
    if let Some(failure) = answer.failure() {
        failed(&mut node, RecordType::A, name, failure);
    } else if answer.is_void() {
        void(&mut node, name, answer == Answer::NxDomain, "A");
    }
    node.addresses = found_addresses([&answer]).iter().map(IpAddr::to_string).collect();
    node
}

/// `mx`: the name's mail servers (at most 10 looked at), then all their
/// addresses at once.
async fn mx<'a, R: Resolver>(
    walk: &'a Walk<'a, R>,
    mut node: SpfNode,
    name: &str,
    cidr: (u8, u8),
) -> SpfNode {
    let answer = walk.dns.query(name, RecordType::Mx).await;
    if let Some(failure) = answer.failure() {
        failed(&mut node, RecordType::Mx, name, failure);
        return node;
    }
    if answer.is_void() {
        void(&mut node, name, answer == Answer::NxDomain, "MX");
        return node;
    }
    let mut exchanges: Vec<(u16, String)> = answer
        .records()
        .iter()
        .filter_map(|r| match r {
            Record::Mx { preference, exchange } => {
                Some((*preference, exchange.strip_suffix('.').unwrap_or(exchange).to_ascii_lowercase()))
            }
            _ => None,
        })
        .collect();
    if exchanges.len() > NAME_LIMIT {
        node.status = NodeStatus::TooManyNames;
        let term = node.term.clone();
        let args = [("name", name), ("count", &exchanges.len().to_string()), ("term", &term)];
        node.flag(CheckSpfCode::MxTooMany, &args);
    }
    crate::order::sort(&mut exchanges);
    let mut hosts: Vec<String> = Vec::new();
    // A null MX (".") names no server.
    for (_, host) in exchanges.into_iter().take(NAME_LIMIT) {
        if queryable(&host) && !hosts.contains(&host) {
            hosts.push(host);
        }
    }
    let servers = hosts.into_iter().map(|host| {
        let mut server =
            blank(NodeKind::MxHost, host.clone(), node.qualifier, node.source.clone(), node.span);
        server.domain = Some(host.clone());
        async move { addresses(walk, server, &host, cidr).await }
    });
    node.children = join_all(servers.collect::<Vec<_>>()).await;
    if node.status == NodeStatus::Ok && node.children.iter().any(|c| c.status == NodeStatus::TempError) {
        node.status = NodeStatus::TempError;
    }
    node
}
