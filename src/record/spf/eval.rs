//! `check_host()` (RFC 7208 §4–§7): evaluates SPF for a client address,
//! domain and sender over any [`Resolver`].

use std::cell::Cell;
use std::future::Future;
use std::net::IpAddr;
use std::pin::Pin;

use super::macros::{self, MacroString, MacroValues};
use super::names::{dotted, in_network, is_within, reverse_name, top_domain_problem, valid_query_name};
use super::{lint, Mechanism, Qualifier, SpfRecord, TermKind};
use crate::dns::{Answer, Record, RecordType, Resolver};

/// DNS-querying terms allowed in one evaluation (RFC 7208 §4.6.4).
const LOOKUP_LIMIT: u32 = 10;
/// Lookups that find nothing allowed in one evaluation (RFC 7208 §4.6.4).
const VOID_LIMIT: u32 = 2;
/// MX and PTR names considered per lookup (RFC 7208 §4.6.4).
const NAME_LIMIT: usize = 10;
/// Nesting of include and redirect, a second guard beside the lookup limit.
const DEPTH_LIMIT: u32 = 12;

/// The result of an SPF check (RFC 7208 §2.6).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SpfResult {
    /// No record, or no valid domain to check.
    None,
    /// The domain makes no statement about the client.
    Neutral,
    /// The client is authorized.
    Pass,
    /// The client is not authorized.
    Fail,
    /// The client is probably not authorized.
    SoftFail,
    /// A transient DNS error; a later retry may succeed.
    TempError,
    /// The published records are broken.
    PermError,
}

impl SpfResult {
    /// The result as RFC 7208 spells it, e.g. `softfail`.
    pub const fn as_str(self) -> &'static str {
        match self {
            SpfResult::None => "none",
            SpfResult::Neutral => "neutral",
            SpfResult::Pass => "pass",
            SpfResult::Fail => "fail",
            SpfResult::SoftFail => "softfail",
            SpfResult::TempError => "temperror",
            SpfResult::PermError => "permerror",
        }
    }
}

/// What the receiver knows besides the client address and sender.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CheckOptions {
    /// The HELO/EHLO name (`%{h}`).
    pub helo: String,
    /// The receiver's own domain (`%{r}`); `unknown` when empty.
    pub receiver: String,
    /// Seconds since the epoch (`%{t}`): the core has no clock.
    pub timestamp: u64,
}

/// The term that decided the result.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Matched {
    /// The term as written, e.g. `ip4:192.0.2.0/24`.
    pub term: String,
    /// The domain whose record holds it.
    pub domain: String,
    /// The include and redirect terms followed to reach that record, outermost
    /// first, e.g. `["include:_spf.example.com"]`.
    pub via: Vec<String>,
}

/// Everything `check_host` found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpfOutcome {
    /// The result.
    pub result: SpfResult,
    /// On fail: the expanded `exp=` text, when the record has a usable one.
    pub explanation: Option<String>,
    /// The term that matched, when one did.
    pub matched: Option<Matched>,
    /// Why the result is none, temperror or permerror, in words.
    pub reason: Option<String>,
    /// DNS-querying terms evaluated (the limit is 10).
    pub lookups: u32,
    /// Lookups that found nothing (the limit is 2).
    pub void_lookups: u32,
}

/// An evaluation that stops with temperror or permerror.
struct Stop {
    result: SpfResult,
    why: String,
}

fn perm(why: impl Into<String>) -> Stop {
    Stop { result: SpfResult::PermError, why: why.into() }
}

fn temp(why: impl Into<String>) -> Stop {
    Stop { result: SpfResult::TempError, why: why.into() }
}

/// The outcome of one record: its result, the matching term, and the
/// explanation to use on fail (its domain and exp= spec).
struct Level {
    result: SpfResult,
    matched: Option<Matched>,
    exp: Option<(String, MacroString)>,
    reason: Option<String>,
}

impl Level {
    fn none(why: String) -> Level {
        Level { result: SpfResult::None, matched: None, exp: None, reason: Some(why) }
    }
}

struct Ctx<'r, R> {
    resolver: &'r R,
    ip: IpAddr,
    sender: String,
    local: String,
    sender_domain: String,
    helo: String,
    receiver: String,
    timestamp: String,
    lookups: Cell<u32>,
    voids: Cell<u32>,
}

type Boxed<'a, T> = Pin<Box<dyn Future<Output = T> + 'a>>;

/// Evaluates SPF as a receiver does (RFC 7208 §4.1): `ip` is the client,
/// `domain` the domain to check (the MAIL FROM domain, or the HELO name),
/// `sender` the MAIL FROM address (`postmaster@<helo>` for a null sender).
///
/// ```
/// use dmarc_lens::dns::MemoryResolver;
/// use dmarc_lens::record::spf::{check_host, CheckOptions, SpfResult};
/// let mut dns = MemoryResolver::new();
/// dns.add_txt("example.com", "v=spf1 ip4:192.0.2.0/24 -all");
/// let ip = "192.0.2.7".parse().unwrap();
/// let options = CheckOptions::default();
/// let future = check_host(&dns, ip, "example.com", "a@example.com", &options);
/// # use std::future::Future;
/// # let mut future = std::pin::pin!(future);
/// # let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
/// # let std::task::Poll::Ready(outcome) = future.as_mut().poll(&mut cx) else { panic!() };
/// assert_eq!(outcome.result, SpfResult::Pass);
/// assert_eq!(outcome.matched.unwrap().term, "ip4:192.0.2.0/24");
/// ```
pub async fn check_host<R: Resolver>(
    resolver: &R,
    ip: IpAddr,
    domain: &str,
    sender: &str,
    options: &CheckOptions,
) -> SpfOutcome {
    let (local, sender_domain) = match sender.rsplit_once('@') {
        Some((l, d)) if !d.is_empty() => (l, d.to_string()),
        _ => ("", domain.to_string()),
    };
    let local = if local.is_empty() { "postmaster".to_string() } else { local.to_string() };
    // An IPv4-mapped IPv6 client is an IPv4 client (RFC 7208 §5).
    let ip = match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    };
    let ctx = Ctx {
        resolver,
        ip,
        sender: format!("{local}@{sender_domain}"),
        local,
        sender_domain,
        helo: options.helo.clone(),
        receiver: if options.receiver.is_empty() { "unknown".into() } else { options.receiver.clone() },
        timestamp: options.timestamp.to_string(),
        lookups: Cell::new(0),
        voids: Cell::new(0),
    };
    let domain = domain.strip_suffix('.').unwrap_or(domain).to_string();
    let mut outcome = SpfOutcome {
        result: SpfResult::None,
        explanation: None,
        matched: None,
        reason: None,
        lookups: 0,
        void_lookups: 0,
    };
    if let Some(why) = top_domain_problem(&domain) {
        outcome.reason = Some(why);
        return outcome;
    }
    match check(&ctx, domain, 0).await {
        Ok(level) => {
            outcome.result = level.result;
            outcome.matched = level.matched;
            outcome.reason = level.reason;
            if level.result == SpfResult::Fail {
                if let Some((domain, spec)) = level.exp {
                    outcome.explanation = explanation(&ctx, &domain, &spec).await;
                }
            }
        }
        Err(stop) => {
            outcome.result = stop.result;
            outcome.reason = Some(stop.why);
        }
    }
    outcome.lookups = ctx.lookups.get();
    outcome.void_lookups = ctx.voids.get();
    outcome
}

/// The SPF record of `domain` (RFC 7208 §4.4, §4.5).
async fn record<R: Resolver>(ctx: &Ctx<'_, R>, domain: &str) -> Result<Option<SpfRecord>, Stop> {
    let answer = ctx.resolver.query(domain, RecordType::Txt).await;
    if let Some(failure) = answer.failure() {
        return Err(temp(format!("the TXT lookup for {domain} failed: {failure}")));
    }
    let mut found = answer.records().iter().filter_map(|r| match r {
        Record::Txt(txt) => {
            let joined = txt.joined();
            let head = joined.get(..6).map(|h| h.eq_ignore_ascii_case(b"v=spf1")).unwrap_or(false);
            let next = joined.get(6);
            (head && (next.is_none() || next == Some(&b' '))).then_some(joined)
        }
        _ => None,
    });
    let Some(first) = found.next() else {
        return Ok(None);
    };
    if found.next().is_some() {
        return Err(perm(format!("{domain} publishes more than one SPF record")));
    }
    let text =
        String::from_utf8(first).map_err(|_| perm(format!("the SPF record of {domain} is not ASCII")))?;
    let (record, _) = lint::check(&text);
    if record.permerror {
        return Err(perm(format!("the SPF record of {domain} has a syntax error")));
    }
    Ok(Some(record))
}

fn check<'a, R: Resolver>(ctx: &'a Ctx<'a, R>, domain: String, depth: u32) -> Boxed<'a, Result<Level, Stop>> {
    Box::pin(async move {
        if depth > DEPTH_LIMIT {
            return Err(perm("includes and redirects nest too deeply"));
        }
        let Some(record) = record(ctx, &domain).await? else {
            return Ok(Level::none(format!("{domain} has no SPF record")));
        };
        let all = record.all_index();
        for (index, term) in record.terms.iter().enumerate() {
            let TermKind::Directive { qualifier, mechanism, .. } = &term.kind else {
                continue;
            };
            if !record.evaluated_with(all, index) {
                break;
            }
            if mechanism.queries_dns() {
                count_lookup(ctx)?;
            }
            let hit = matches(ctx, &domain, mechanism, depth).await?;
            if let Some(inner) = hit {
                let matched = match inner {
                    Some(mut m) => {
                        m.via.insert(0, term.text.clone());
                        m
                    }
                    None => Matched { term: term.text.clone(), domain: domain.clone(), via: Vec::new() },
                };
                let exp = record.explanation().map(|e| (domain.clone(), e.clone()));
                return Ok(Level { result: qualifier.result(), matched: Some(matched), exp, reason: None });
            }
        }
        if let Some(spec) = record.redirect() {
            count_lookup(ctx)?;
            let target = expand_domain(ctx, spec, &domain).await;
            let text = format!("redirect={}", spec.text);
            if top_domain_problem(&target).is_some() {
                return Err(perm(format!("{text} does not name a valid domain")));
            }
            let mut level = check(ctx, target.clone(), depth + 1).await?;
            if level.result == SpfResult::None {
                return Err(perm(format!("{text}: {target} has no SPF record")));
            }
            if let Some(m) = level.matched.as_mut() {
                m.via.insert(0, text);
            }
            return Ok(level);
        }
        Ok(Level { result: SpfResult::Neutral, matched: None, exp: None, reason: None })
    })
}

fn count_lookup<R>(ctx: &Ctx<'_, R>) -> Result<(), Stop> {
    let n = ctx.lookups.get() + 1;
    ctx.lookups.set(n);
    if n > LOOKUP_LIMIT {
        return Err(perm("more than 10 DNS-querying terms"));
    }
    Ok(())
}

fn count_void<R>(ctx: &Ctx<'_, R>, answer: &Answer) -> Result<(), Stop> {
    if answer.is_void() {
        let n = ctx.voids.get() + 1;
        ctx.voids.set(n);
        if n > VOID_LIMIT {
            return Err(perm("more than 2 DNS lookups found nothing"));
        }
    }
    Ok(())
}

/// Whether `mechanism` matches: `None` for no, `Some(None)` for a direct
/// match, `Some(Some(m))` for a match inside an include.
async fn matches<R: Resolver>(
    ctx: &Ctx<'_, R>,
    domain: &str,
    mechanism: &Mechanism,
    depth: u32,
) -> Result<Option<Option<Matched>>, Stop> {
    let hit = |b: bool| if b { Some(None) } else { None };
    let target = |spec: &Option<MacroString>| {
        let spec = spec.clone();
        async move {
            match spec {
                Some(s) => expand_domain(ctx, &s, domain).await,
                None => domain.to_string(),
            }
        }
    };
    match mechanism {
        Mechanism::All => Ok(Some(None)),
        Mechanism::Ip4 { addr, prefix, .. } => {
            Ok(hit(in_network(ctx.ip, IpAddr::V4(*addr), *prefix, *prefix)))
        }
        Mechanism::Ip6 { addr, prefix, .. } => {
            Ok(hit(in_network(ctx.ip, IpAddr::V6(*addr), *prefix, *prefix)))
        }
        Mechanism::A { domain: spec, cidr } => {
            let name = target(spec).await;
            if !valid_query_name(&name) {
                return Ok(None);
            }
            let answer = ctx.resolver.query(&name, address_type(ctx.ip)).await;
            if let Some(f) = answer.failure() {
                return Err(temp(format!("the address lookup for {name} failed: {f}")));
            }
            count_void(ctx, &answer)?;
            let found = addresses(&answer).any(|a| in_network(ctx.ip, a, cidr.v4, cidr.v6));
            Ok(hit(found))
        }
        Mechanism::Mx { domain: spec, cidr } => {
            let name = target(spec).await;
            if !valid_query_name(&name) {
                return Ok(None);
            }
            let answer = ctx.resolver.query(&name, RecordType::Mx).await;
            if let Some(f) = answer.failure() {
                return Err(temp(format!("the MX lookup for {name} failed: {f}")));
            }
            count_void(ctx, &answer)?;
            let exchanges: Vec<&str> = answer
                .records()
                .iter()
                .filter_map(|r| match r {
                    Record::Mx { exchange, .. } => Some(exchange.as_str()),
                    _ => None,
                })
                .collect();
            if exchanges.len() > NAME_LIMIT {
                return Err(perm(format!("{name} has more than 10 MX records")));
            }
            for exchange in exchanges {
                if !valid_query_name(exchange) {
                    continue;
                }
                let answer = ctx.resolver.query(exchange, address_type(ctx.ip)).await;
                if let Some(f) = answer.failure() {
                    return Err(temp(format!("the address lookup for {exchange} failed: {f}")));
                }
                if addresses(&answer).any(|a| in_network(ctx.ip, a, cidr.v4, cidr.v6)) {
                    return Ok(Some(None));
                }
            }
            Ok(None)
        }
        Mechanism::Ptr(spec) => {
            let name = target(spec).await.to_ascii_lowercase();
            let names = validated_names(ctx).await;
            Ok(hit(names.iter().any(|n| is_within(n, &name))))
        }
        Mechanism::Exists(spec) => {
            let name = expand_domain(ctx, spec, domain).await;
            if !valid_query_name(&name) {
                return Ok(None);
            }
            let answer = ctx.resolver.query(&name, RecordType::A).await;
            if let Some(f) = answer.failure() {
                return Err(temp(format!("the A lookup for {name} failed: {f}")));
            }
            count_void(ctx, &answer)?;
            Ok(hit(!answer.records().is_empty()))
        }
        Mechanism::Include(spec) => {
            let name = expand_domain(ctx, spec, domain).await;
            if top_domain_problem(&name).is_some() {
                return Err(perm(format!("include:{} does not name a valid domain", spec.text)));
            }
            let level = check(ctx, name.clone(), depth + 1).await?;
            match level.result {
                SpfResult::Pass => Ok(Some(level.matched)),
                SpfResult::None => Err(perm(format!("include:{}: {name} has no SPF record", spec.text))),
                _ => Ok(None),
            }
        }
    }
}

fn address_type(ip: IpAddr) -> RecordType {
    if ip.is_ipv4() {
        RecordType::A
    } else {
        RecordType::Aaaa
    }
}

fn addresses(answer: &Answer) -> impl Iterator<Item = IpAddr> + '_ {
    answer.records().iter().filter_map(|r| match r {
        Record::A(a) => Some(IpAddr::V4(*a)),
        Record::Aaaa(a) => Some(IpAddr::V6(*a)),
        _ => None,
    })
}

/// The client's reverse names that resolve back to it (RFC 7208 §5.5): at
/// most the first 10 PTR names; DNS errors skip a name.
async fn validated_names<R: Resolver>(ctx: &Ctx<'_, R>) -> Vec<String> {
    let answer = ctx.resolver.query(&reverse_name(ctx.ip), RecordType::Ptr).await;
    let names: Vec<String> = answer
        .records()
        .iter()
        .filter_map(|r| match r {
            Record::Ptr(n) => Some(n.strip_suffix('.').unwrap_or(n).to_string()),
            _ => None,
        })
        .take(NAME_LIMIT)
        .collect();
    let mut out = Vec::new();
    for name in names {
        if !valid_query_name(&name) {
            continue;
        }
        let answer = ctx.resolver.query(&name, address_type(ctx.ip)).await;
        if addresses(&answer).any(|a| a == ctx.ip) {
            out.push(name);
        }
    }
    out
}

/// `%{p}`: a validated name of the client, preferring `domain` and its
/// subdomains; `unknown` when there is none.
async fn validated_for<R: Resolver>(ctx: &Ctx<'_, R>, domain: &str) -> String {
    let names = validated_names(ctx).await;
    names
        .iter()
        .find(|n| n.eq_ignore_ascii_case(domain))
        .or_else(|| names.iter().find(|n| is_within(n, domain)))
        .or_else(|| names.first())
        .cloned()
        .unwrap_or_else(|| "unknown".into())
}

async fn expand<R: Resolver>(ctx: &Ctx<'_, R>, spec: &MacroString, domain: &str) -> String {
    let validated =
        if spec.macros().any(|m| m.letter == 'p') { validated_for(ctx, domain).await } else { String::new() };
    let ip_dotted = dotted(ctx.ip);
    let ip_text = ctx.ip.to_string();
    let values = MacroValues {
        sender: &ctx.sender,
        local: &ctx.local,
        sender_domain: &ctx.sender_domain,
        domain,
        ip_dotted: &ip_dotted,
        ip_text: &ip_text,
        validated: &validated,
        helo: &ctx.helo,
        receiver: &ctx.receiver,
        timestamp: &ctx.timestamp,
        ip_version: if ctx.ip.is_ipv4() { "in-addr" } else { "ip6" },
    };
    macros::expand(spec, &values)
}

/// Expands a domain-spec and shortens it to 253 octets by dropping labels
/// from the left (RFC 7208 §7.3); a trailing dot is removed.
async fn expand_domain<R: Resolver>(ctx: &Ctx<'_, R>, spec: &MacroString, domain: &str) -> String {
    let mut name = expand(ctx, spec, domain).await;
    if name.ends_with('.') {
        name.pop();
    }
    let mut rest = name.as_str();
    while rest.len() > 253 {
        match rest.split_once('.') {
            Some((_, tail)) => rest = tail,
            None => break,
        }
    }
    rest.to_string()
}

/// The explanation for a fail (RFC 7208 §6.2): `None` whenever anything is
/// off, so the receiver's own words are used.
async fn explanation<R: Resolver>(ctx: &Ctx<'_, R>, domain: &str, spec: &MacroString) -> Option<String> {
    let name = expand_domain(ctx, spec, domain).await;
    if !valid_query_name(&name) {
        return None;
    }
    let answer = ctx.resolver.query(&name, RecordType::Txt).await;
    let texts: Vec<&crate::dns::Txt> = answer
        .records()
        .iter()
        .filter_map(|r| match r {
            Record::Txt(t) => Some(t),
            _ => None,
        })
        .collect();
    let [only] = texts.as_slice() else {
        return None;
    };
    let text = only.text()?;
    if !text.is_ascii() {
        return None;
    }
    let parsed = macros::parse(&text, 0, true).ok()?;
    Some(expand(ctx, &parsed, domain).await)
}

impl Qualifier {
    /// The result word, e.g. `softfail`.
    pub const fn as_str(self) -> &'static str {
        self.result().as_str()
    }
}
