//! The rollout picture from any number of aggregate reports: an incremental
//! fold, so a month of files never sits in memory at once. Add each report
//! as it is read ([`Summary::add`]); ask for the [`SummaryView`] at any time.
//!
//! A row passes DMARC when its `policy_evaluated` DKIM or SPF result is
//! `pass` (that result already includes alignment). Sources are put in the
//! three buckets rollout guides use, each with the reason:
//! aligned and passing; authenticated but not aligned (a third-party sender
//! to fix); failing everything (unknown, or spoofing).

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::net::IpAddr;

use serde::{Deserialize, Serialize};

use super::aggregate::{AggregateReport, DkimResult, DmarcResult, Record, SpfResult};
use crate::domain::org::same_org;

/// How many distinct values of one kind a source remembers (header_from,
/// DKIM domains...): enough to describe it, bounded for hostile input.
const KEEP: usize = 16;
/// Seconds in a day.
const DAY: u64 = 86_400;

/// Guides' thresholds for advancing a policy step.
pub mod thresholds {
    /// Share of legitimate volume that must pass aligned.
    pub const COMPLIANCE: f64 = 0.95;
    /// Largest share of failures allowed on known, otherwise aligned sources.
    pub const KNOWN_FAILURES: f64 = 0.01;
    /// Days of reports needed before advancing.
    pub const MIN_DAYS: u64 = 14;
    /// Pass rate from which a source counts as aligned and passing.
    pub const ALIGNED_SOURCE: f64 = 0.98;
}

/// Senders whose bounce or signing domains are recognisable, so advice can
/// name them. Known as of 2026-11; suffix match on the domain.
const KNOWN_SENDERS: &[(&str, &str)] = &[
    ("amazonses.com", "Amazon SES"),
    ("sendgrid.net", "SendGrid"),
    ("mailgun.org", "Mailgun"),
    ("mailgun.net", "Mailgun"),
    ("mtasv.net", "Postmark"),
    ("postmarkapp.com", "Postmark"),
    ("mcsv.net", "Mailchimp"),
    ("mcdlv.net", "Mailchimp"),
    ("mandrillapp.com", "Mailchimp Transactional (Mandrill)"),
    ("sparkpostmail.com", "SparkPost"),
    ("hubspotemail.net", "HubSpot"),
    ("zendesk.com", "Zendesk"),
    ("salesforce.com", "Salesforce"),
    ("exacttarget.com", "Salesforce Marketing Cloud"),
    ("google.com", "Google"),
    ("googlemail.com", "Google"),
    ("onmicrosoft.com", "Microsoft 365"),
    ("outlook.com", "Microsoft"),
];

/// The sender a domain belongs to, when it is a known one.
pub fn known_sender(domain: &str) -> Option<&'static str> {
    let domain = domain.trim_end_matches('.').as_bytes();
    KNOWN_SENDERS
        .iter()
        .find(|(suffix, _)| {
            let Some(cut) = domain.len().checked_sub(suffix.len()) else { return false };
            let (head, tail) = domain.split_at(cut);
            tail.eq_ignore_ascii_case(suffix.as_bytes()) && (head.is_empty() || head.ends_with(b"."))
        })
        .map(|(_, name)| *name)
}

/// `value` in ASCII lower case, allocating only when it has capitals.
fn lower(value: &str) -> Cow<'_, str> {
    if value.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(value.to_ascii_lowercase())
    } else {
        Cow::Borrowed(value)
    }
}

/// The entry for `key`, allocating the key only the first time it is seen
/// (most records repeat a handful of keys).
fn slot<'m, V: Default>(map: &'m mut BTreeMap<String, V>, key: &str) -> Option<&'m mut V> {
    if !map.contains_key(key) {
        map.insert(key.to_string(), V::default());
    }
    map.get_mut(key)
}

/// At most [`KEEP`] values in order: a `BTreeSet`'s (or, of pairs, a
/// `BTreeMap`'s) iteration order, in one small allocation instead of tree
/// nodes. Sources number in the hundreds of thousands, so this matters.
#[derive(Clone, Debug)]
struct Few<T>(Vec<T>);

impl<T> Default for Few<T> {
    fn default() -> Self {
        Few(Vec::new())
    }
}

impl<T> Few<T> {
    fn iter(&self) -> std::slice::Iter<'_, T> {
        self.0.iter()
    }

    /// Finds `probe`'s place with `order` (the element's key against the
    /// probe); inserts `make()` there when it is new and there is room.
    /// Returns the element when it is there afterwards.
    fn entry(
        &mut self,
        order: impl Fn(&T) -> std::cmp::Ordering,
        make: impl FnOnce() -> T,
    ) -> Option<&mut T> {
        match self.0.binary_search_by(order) {
            Ok(i) => self.0.get_mut(i),
            Err(i) if self.0.len() < KEEP => {
                self.0.insert(i, make());
                self.0.get_mut(i)
            }
            Err(_) => None,
        }
    }
}

/// Adds `value` to a bounded set, allocating only when it is new.
fn remember_str(set: &mut Few<String>, value: &str) {
    if !value.is_empty() {
        set.entry(|s| s.as_str().cmp(value), || value.to_string());
    }
}

/// What happened to one report handed to [`Summary::add`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Added {
    /// Counted.
    Counted,
    /// The same (org_name, report_id) was counted already.
    Duplicate,
}

#[derive(Clone, Debug, Default)]
struct SourceAcc {
    messages: u64,
    pass: u64,
    spf_aligned: u64,
    dkim_aligned: u64,
    header_from: Few<String>,
    envelope_from: Few<String>,
    dkim: Few<(String, String)>,
    /// Domains with an authenticated (but possibly unaligned) pass, on rows
    /// that failed DMARC, with the message count.
    unaligned_dkim_pass: Few<(String, u64)>,
    unaligned_spf_pass: Few<(String, u64)>,
    reporters: Few<String>,
    first_seen: u64,
    last_seen: u64,
}

/// Adds `count` to `key`'s tally in a bounded map.
fn bump(map: &mut Few<(String, u64)>, key: &str, count: u64) {
    if let Some((_, n)) = map.entry(|(k, _)| k.as_str().cmp(key), || (key.to_string(), 0)) {
        *n = n.saturating_add(count);
    }
}

impl SourceAcc {
    fn new(first_seen: u64) -> SourceAcc {
        SourceAcc { first_seen, ..SourceAcc::default() }
    }
}

fn remember(set: &mut Few<String>, value: &str) {
    remember_str(set, &lower(value));
}

#[derive(Clone, Debug, Default)]
struct PassAcc {
    messages: u64,
    pass: u64,
}

impl PassAcc {
    fn add(&mut self, other: &PassAcc) {
        self.messages = self.messages.saturating_add(other.messages);
        self.pass = self.pass.saturating_add(other.pass);
    }
}

/// One report's rows, added up while it is folded: all of them (for its
/// reporter and day), and the current run of one From domain.
#[derive(Default)]
struct ReportTally<'r> {
    all: PassAcc,
    from: Option<(Cow<'r, str>, PassAcc)>,
}

/// The incremental fold over aggregate reports.
#[derive(Clone, Debug, Default)]
pub struct Summary {
    seen: HashSet<(String, String)>,
    files_read: u64,
    files_refused: u64,
    duplicates: u64,
    reports: u64,
    records: u64,
    begin: Option<u64>,
    end: Option<u64>,
    messages: u64,
    dmarc_pass: u64,
    spf_aligned: u64,
    dkim_aligned: u64,
    unaligned_pass: u64,
    dispositions: BTreeMap<String, u64>,
    overrides: BTreeMap<String, u64>,
    policies: BTreeMap<String, PolicySeen>,
    /// Sources by address, and (rarely) by text when the IP did not parse.
    by_ip: HashMap<IpAddr, SourceAcc>,
    by_text: HashMap<String, SourceAcc>,
    header_from: BTreeMap<String, PassAcc>,
    reporters: BTreeMap<String, PassAcc>,
    daily: BTreeMap<u64, PassAcc>,
}

/// A published policy as reports saw it, and when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicySeen {
    /// `p=… sp=… …` as published.
    pub policy: String,
    /// The first report period it appeared in (epoch seconds).
    pub first_seen: u64,
    /// The last report period it appeared in.
    pub last_seen: u64,
    /// Reports that carried it.
    pub reports: u64,
}

fn describe_policy(report: &AggregateReport) -> String {
    let p = &report.policy_published;
    let mut parts = vec![format!("domain={}", p.domain.to_ascii_lowercase())];
    let mut push = |name: &str, value: Option<String>| {
        if let Some(value) = value {
            parts.push(format!("{name}={value}"));
        }
    };
    push("p", p.p.as_ref().map(|v| v.as_str().to_string()));
    push("sp", p.sp.as_ref().map(|v| v.as_str().to_string()));
    push("np", p.np.as_ref().map(|v| v.as_str().to_string()));
    push("adkim", p.adkim.as_ref().map(|v| v.as_str().to_string()));
    push("aspf", p.aspf.as_ref().map(|v| v.as_str().to_string()));
    push("pct", p.pct.map(|v| v.to_string()));
    push("t", p.testing.as_ref().map(|v| v.as_str().to_string()));
    parts.join(" ")
}

impl Summary {
    /// An empty summary.
    pub fn new() -> Summary {
        Summary::default()
    }

    /// Notes a file that could not be read as a report.
    pub fn refused(&mut self) {
        self.files_refused += 1;
    }

    /// Notes a file that was read (its reports are added with [`Summary::add`]).
    pub fn file_read(&mut self) {
        self.files_read += 1;
    }

    /// Folds one report in, unless the same (org_name, report_id) was
    /// counted already.
    pub fn add(&mut self, report: &AggregateReport) -> Added {
        let meta = &report.report_metadata;
        let key = (meta.org_name.trim().to_ascii_lowercase(), meta.report_id.trim().to_string());
        if !self.seen.insert(key) {
            self.duplicates += 1;
            return Added::Duplicate;
        }
        self.reports += 1;
        let begin = meta.begin.unwrap_or(0);
        let end = meta.end.unwrap_or(begin);
        if meta.begin.is_some() {
            self.begin = Some(self.begin.map_or(begin, |b| b.min(begin)));
            self.end = Some(self.end.map_or(end, |e| e.max(end)));
        }
        let policy = describe_policy(report);
        let seen = self.policies.entry(policy.clone()).or_insert(PolicySeen {
            policy,
            first_seen: begin,
            last_seen: begin,
            reports: 0,
        });
        seen.first_seen = seen.first_seen.min(begin);
        seen.last_seen = seen.last_seen.max(begin);
        seen.reports += 1;

        let reporter = if meta.org_name.trim().is_empty() { "(no org_name)" } else { meta.org_name.trim() };
        let domain = report.policy_published.domain.to_ascii_lowercase();
        let mut tally = ReportTally::default();
        for record in &report.records {
            self.add_record(record, reporter, &domain, begin, &mut tally);
        }
        if let Some((from, acc)) = tally.from.take() {
            self.count_from(&from, &acc);
        }
        if !report.records.is_empty() {
            if let Some(seen) = slot(&mut self.reporters, reporter) {
                seen.add(&tally.all);
            }
            self.daily.entry(begin / DAY).or_default().add(&tally.all);
        }
        Added::Counted
    }

    /// Adds rows of one From domain to its tally.
    fn count_from(&mut self, from: &str, rows: &PassAcc) {
        if let Some(seen) = slot(&mut self.header_from, from) {
            seen.add(rows);
        }
    }

    fn add_record<'r>(
        &mut self,
        record: &'r Record,
        reporter: &str,
        policy_domain: &'r str,
        begin: u64,
        tally: &mut ReportTally<'r>,
    ) {
        let count = record.count;
        let dkim_ok = record.dkim == Some(DmarcResult::Pass);
        let spf_ok = record.spf == Some(DmarcResult::Pass);
        let pass = dkim_ok || spf_ok;
        self.records += 1;
        self.messages = self.messages.saturating_add(count);
        let add = |n: &mut u64, yes: bool| *n = n.saturating_add(if yes { count } else { 0 });
        add(&mut self.dmarc_pass, pass);
        add(&mut self.spf_aligned, spf_ok);
        add(&mut self.dkim_aligned, dkim_ok);
        let auth_pass = record.auth_dkim.iter().any(|d| d.result == Some(DkimResult::Pass))
            || record.auth_spf.iter().any(|s| s.result == Some(SpfResult::Pass));
        add(&mut self.unaligned_pass, !pass && auth_pass);
        let disposition = record.disposition.as_ref().map_or("(missing)", |d| d.as_str());
        if let Some(n) = slot(&mut self.dispositions, disposition) {
            *n = n.saturating_add(count);
        }
        for reason in &record.reasons {
            let kind = reason.kind.as_ref().map_or("(empty)", |k| k.as_str());
            if let Some(n) = slot(&mut self.overrides, kind) {
                *n = n.saturating_add(count);
            }
        }

        let from = lower(record.header_from.trim());
        let row = PassAcc { messages: count, pass: if pass { count } else { 0 } };
        tally.all.add(&row);
        // Rows of a report mostly share a From domain: its tally is kept
        // here until another one comes, then added to the map.
        let from_key = if from.is_empty() { Cow::Borrowed(policy_domain) } else { from.clone() };
        match &mut tally.from {
            Some((key, acc)) if *key == from_key => acc.add(&row),
            last => {
                if let Some((key, acc)) = last.replace((from_key, row)) {
                    self.count_from(&key, &acc);
                }
            }
        }

        let source = match record.ip {
            Some(ip) => self.by_ip.entry(ip).or_insert_with(|| SourceAcc::new(begin)),
            None => {
                let text = record.source_ip.trim();
                if !self.by_text.contains_key(text) {
                    self.by_text.insert(text.to_string(), SourceAcc::new(begin));
                }
                let Some(source) = self.by_text.get_mut(text) else { return };
                source
            }
        };
        source.messages = source.messages.saturating_add(count);
        source.pass = source.pass.saturating_add(if pass { count } else { 0 });
        source.spf_aligned = source.spf_aligned.saturating_add(if spf_ok { count } else { 0 });
        source.dkim_aligned = source.dkim_aligned.saturating_add(if dkim_ok { count } else { 0 });
        source.first_seen = source.first_seen.min(begin);
        source.last_seen = source.last_seen.max(begin);
        remember_str(&mut source.header_from, &from);
        if let Some(envelope) = &record.envelope_from {
            remember(&mut source.envelope_from, envelope);
        }
        remember_str(&mut source.reporters, reporter);
        for d in &record.auth_dkim {
            let domain = lower(&d.domain);
            let selector = d.selector.as_deref().unwrap_or_default();
            source.dkim.entry(
                |(dd, ss)| (dd.as_str(), ss.as_str()).cmp(&(&*domain, selector)),
                || (domain.to_string(), selector.to_string()),
            );
            if !pass && d.result == Some(DkimResult::Pass) {
                bump(&mut source.unaligned_dkim_pass, &domain, count);
            }
        }
        for s in &record.auth_spf {
            if !pass && s.result == Some(SpfResult::Pass) {
                bump(&mut source.unaligned_spf_pass, &lower(&s.domain), count);
            }
        }
    }

    /// The picture so far.
    pub fn view(&self) -> SummaryView {
        // Many sources share a few domains: each pair is looked up once.
        let mut orgs = HashMap::new();
        let mut sources: Vec<SourceView> = Vec::with_capacity(self.by_ip.len() + self.by_text.len());
        for (ip, s) in &self.by_ip {
            sources.push(source_view(&ip.to_string(), s, &mut orgs));
        }
        for (ip, s) in &self.by_text {
            sources.push(source_view(ip, s, &mut orgs));
        }
        crate::order::sort_by(&mut sources, |a, b| b.messages.cmp(&a.messages).then_with(|| a.ip.cmp(&b.ip)));
        let readiness = readiness(self, &sources);
        let new_sources = self.new_sources(&sources);
        let mut policies: Vec<PolicySeen> = self.policies.values().cloned().collect();
        crate::order::sort_by_key(&mut policies, |p| (p.first_seen, p.last_seen));
        SummaryView {
            coverage: Coverage {
                begin: self.begin,
                end: self.end,
                days: match (self.begin, self.end) {
                    (Some(b), Some(e)) if e >= b => (e - b).div_ceil(DAY),
                    _ => 0,
                },
                files_read: self.files_read,
                files_refused: self.files_refused,
                reports: self.reports,
                duplicates: self.duplicates,
                records: self.records,
                policies,
            },
            totals: Totals {
                messages: self.messages,
                dmarc_pass: self.dmarc_pass,
                dmarc_fail: self.messages.saturating_sub(self.dmarc_pass),
                spf_aligned: self.spf_aligned,
                dkim_aligned: self.dkim_aligned,
                unaligned_pass: self.unaligned_pass,
                dispositions: self.dispositions.clone(),
                overrides: self.overrides.clone(),
            },
            by_header_from: self.header_from.iter().map(|(d, a)| breakdown(d, a)).collect(),
            by_reporter: self.reporters.iter().map(|(d, a)| breakdown(d, a)).collect(),
            daily: self
                .daily
                .iter()
                .map(|(day, a)| Day { day_start: day * DAY, messages: a.messages, dmarc_pass: a.pass })
                .collect(),
            readiness,
            new_sources,
            sources,
        }
    }

    fn new_sources(&self, sources: &[SourceView]) -> Vec<String> {
        let (Some(begin), Some(end)) = (self.begin, self.end) else { return Vec::new() };
        let window = end.saturating_sub(7 * DAY);
        if begin >= window {
            return Vec::new(); // no data before the latest week to compare with
        }
        sources.iter().filter(|s| s.first_seen >= window).map(|s| s.ip.clone()).collect()
    }
}

/// Messages and DMARC passes for one key (a From domain, a reporter).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Breakdown {
    /// The key.
    pub name: String,
    /// Messages.
    pub messages: u64,
    /// Of which passed DMARC.
    pub dmarc_pass: u64,
}

fn breakdown(name: &str, acc: &PassAcc) -> Breakdown {
    Breakdown { name: name.to_string(), messages: acc.messages, dmarc_pass: acc.pass }
}

/// One day of the daily series (by report period start, UTC).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Day {
    /// 00:00 UTC of the day, epoch seconds.
    pub day_start: u64,
    /// Messages.
    pub messages: u64,
    /// Of which passed DMARC.
    pub dmarc_pass: u64,
}

/// The three buckets.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceClass {
    /// Passes DMARC: its mail is aligned.
    Aligned,
    /// Authenticates (SPF or DKIM pass), but for another domain: a sender to fix.
    Unaligned,
    /// Neither SPF nor DKIM passes: unknown, or spoofing.
    Failing,
}

/// One sending IP, with what it needs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SourceView {
    /// The source IP as reported.
    pub ip: String,
    /// Messages.
    pub messages: u64,
    /// Of which passed DMARC.
    pub dmarc_pass: u64,
    /// Of which with aligned SPF.
    pub spf_aligned: u64,
    /// Of which with aligned DKIM.
    pub dkim_aligned: u64,
    /// The bucket.
    pub class: SourceClass,
    /// Why it is in that bucket, and what to do.
    pub reason: String,
    /// The sender, when a domain it uses is a known one.
    pub sender: Option<&'static str>,
    /// From domains seen (up to 16).
    pub header_from: Vec<String>,
    /// Envelope From domains seen (up to 16).
    pub envelope_from: Vec<String>,
    /// DKIM (domain, selector) pairs seen (up to 16).
    pub dkim: Vec<(String, String)>,
    /// Reporters that saw it (up to 16).
    pub reporters: Vec<String>,
    /// First and last report period it appeared in.
    pub first_seen: u64,
    /// Last report period.
    pub last_seen: u64,
}

fn top(map: &Few<(String, u64)>) -> Option<(&String, u64)> {
    map.iter().max_by_key(|(_, n)| *n).map(|(d, n)| (d, *n))
}

/// Whether two domains share an organizational domain, remembered by pair.
type Orgs<'s> = HashMap<(&'s str, &'s str), bool>;

fn source_view<'s>(ip: &str, s: &'s SourceAcc, orgs: &mut Orgs<'s>) -> SourceView {
    let rate = if s.messages == 0 { 1.0 } else { s.pass as f64 / s.messages as f64 };
    let dkim_other = top(&s.unaligned_dkim_pass);
    let spf_other = top(&s.unaligned_spf_pass);
    let sender = dkim_other
        .and_then(|(d, _)| known_sender(d))
        .or_else(|| spf_other.and_then(|(d, _)| known_sender(d)))
        .or_else(|| s.dkim.iter().find_map(|(d, _)| known_sender(d)))
        .or_else(|| s.envelope_from.iter().find_map(|d| known_sender(d)));
    let from: &str = s.header_from.iter().next().map_or("your domain", String::as_str);
    let (class, reason) = if rate >= thresholds::ALIGNED_SOURCE {
        let how = match (s.dkim_aligned > 0, s.spf_aligned > 0) {
            (true, true) => "aligned DKIM and SPF",
            (true, false) => "aligned DKIM",
            _ => "aligned SPF",
        };
        (SourceClass::Aligned, format!("Passes DMARC with {how} ({:.1}% of its mail).", rate * 100.0))
    } else if dkim_other.is_some() || spf_other.is_some() {
        let mut fixes = Vec::new();
        let mut own = |domain: &'s str| *orgs.entry((domain, from)).or_insert_with(|| same_org(domain, from));
        if let Some((domain, _)) = dkim_other {
            fixes.push(if own(domain) {
                format!("DKIM passes for {domain}, within {from}'s own organization, yet the receiver evaluated DMARC as failing: with adkim=s the signing domain must be exactly {from}")
            } else {
                format!("DKIM passes for {domain}, not {from}: have the sender sign with d={from} (its custom DKIM or domain authentication setting)")
            });
        }
        if let Some((domain, _)) = spf_other {
            fixes.push(if own(domain) {
                format!("SPF passes for {domain}, within {from}'s own organization, yet the receiver evaluated DMARC as failing: with aspf=s the MAIL FROM domain must be exactly {from}")
            } else {
                format!("SPF passes for {domain}, not {from}: set a custom MAIL FROM (return-path) on a subdomain of {from}")
            });
        }
        let who = sender.map(|s| format!("{s}: ")).unwrap_or_default();
        (SourceClass::Unaligned, format!("{who}authenticated but not aligned. {}.", fixes.join("; ")))
    } else {
        (
            SourceClass::Failing,
            format!(
                "Neither SPF nor DKIM passes ({:.1}% passes DMARC): an unknown sender or spoofing. If it is yours, add it to SPF and sign with DKIM for {from}.",
                rate * 100.0
            ),
        )
    };
    SourceView {
        ip: ip.to_string(),
        messages: s.messages,
        dmarc_pass: s.pass,
        spf_aligned: s.spf_aligned,
        dkim_aligned: s.dkim_aligned,
        class,
        reason,
        sender,
        header_from: s.header_from.iter().cloned().collect(),
        envelope_from: s.envelope_from.iter().cloned().collect(),
        dkim: s.dkim.iter().cloned().collect(),
        reporters: s.reporters.iter().cloned().collect(),
        first_seen: s.first_seen,
        last_seen: s.last_seen,
    }
}

/// Whether the data supports the next policy step.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Readiness {
    /// The policy most recently published (`none`, `quarantine`, `reject`).
    pub current_policy: Option<String>,
    /// The step the data is judged for.
    pub next_step: Option<String>,
    /// Aligned-passing share of legitimate volume (aligned and unaligned
    /// sources; failing-everything sources are not counted as yours).
    pub compliance: f64,
    /// Failure share on sources that are otherwise aligned.
    pub known_source_failures: f64,
    /// Days of reports.
    pub days: u64,
    /// Whether every criterion holds.
    pub ready: bool,
    /// Each criterion, with its number and whether it holds.
    pub criteria: Vec<Criterion>,
    /// When not ready: the sources that block advancing, by volume, with
    /// what each needs.
    pub blocking: Vec<String>,
    /// When ready: authenticated but unaligned sources still worth fixing
    /// (they are under the thresholds, so they do not block).
    pub to_fix: Vec<String>,
}

/// One exit criterion.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Criterion {
    /// What is checked, with the measured value.
    pub text: String,
    /// Whether it holds.
    pub met: bool,
}

fn readiness(summary: &Summary, sources: &[SourceView]) -> Readiness {
    let legitimate: Vec<&SourceView> = sources.iter().filter(|s| s.class != SourceClass::Failing).collect();
    let volume: u64 = legitimate.iter().map(|s| s.messages).sum();
    let passing: u64 = legitimate.iter().map(|s| s.dmarc_pass).sum();
    let compliance = if volume == 0 { 0.0 } else { passing as f64 / volume as f64 };
    let known: Vec<&&SourceView> = legitimate.iter().filter(|s| s.class == SourceClass::Aligned).collect();
    let known_volume: u64 = known.iter().map(|s| s.messages).sum();
    let known_fail: u64 = known.iter().map(|s| s.messages - s.dmarc_pass.min(s.messages)).sum();
    let known_source_failures = if known_volume == 0 { 0.0 } else { known_fail as f64 / known_volume as f64 };
    let days = match (summary.begin, summary.end) {
        (Some(b), Some(e)) if e >= b => (e - b).div_ceil(DAY),
        _ => 0,
    };
    let current_policy = summary
        .policies
        .values()
        .max_by_key(|p| p.last_seen)
        .and_then(|p| p.policy.split(' ').find_map(|part| part.strip_prefix("p=")).map(str::to_string));
    let next_step = current_policy.as_deref().map(|p| match p {
        "none" => "p=quarantine".to_string(),
        "quarantine" => "p=reject".to_string(),
        _ => "stay at p=reject and keep watching reports".to_string(),
    });
    let criteria = vec![
        Criterion {
            text: format!(
                "At least {} days of reports: {days} day{}",
                thresholds::MIN_DAYS,
                if days == 1 { "" } else { "s" }
            ),
            met: days >= thresholds::MIN_DAYS,
        },
        Criterion {
            text: format!(
                "Legitimate volume at least {:.0}% aligned: {:.1}%",
                thresholds::COMPLIANCE * 100.0,
                compliance * 100.0
            ),
            met: volume > 0 && compliance >= thresholds::COMPLIANCE,
        },
        Criterion {
            text: format!(
                "Alignment failures on known sources under {:.0}%: {:.2}%",
                thresholds::KNOWN_FAILURES * 100.0,
                known_source_failures * 100.0
            ),
            met: known_source_failures < thresholds::KNOWN_FAILURES,
        },
    ];
    let ready = criteria.iter().all(|c| c.met);
    let unaligned: Vec<String> = legitimate
        .iter()
        .filter(|s| s.class == SourceClass::Unaligned)
        .map(|s| format!("{} ({} messages): {}", s.ip, s.messages, s.reason))
        .collect();
    let (blocking, to_fix) = if ready { (Vec::new(), unaligned) } else { (unaligned, Vec::new()) };
    Readiness {
        ready,
        to_fix,
        current_policy,
        next_step,
        compliance,
        known_source_failures,
        days,
        criteria,
        blocking,
    }
}

/// Time span, files and the policies seen.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Coverage {
    /// Earliest report period start (epoch seconds).
    pub begin: Option<u64>,
    /// Latest report period end.
    pub end: Option<u64>,
    /// Days covered.
    pub days: u64,
    /// Files read.
    pub files_read: u64,
    /// Files that could not be read.
    pub files_refused: u64,
    /// Reports counted.
    pub reports: u64,
    /// Reports seen again (same org_name and report_id) and not counted.
    pub duplicates: u64,
    /// Rows counted.
    pub records: u64,
    /// Each published policy seen, in order of first appearance.
    pub policies: Vec<PolicySeen>,
}

/// Totals and rates.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Totals {
    /// Messages.
    pub messages: u64,
    /// Passed DMARC (aligned DKIM or SPF).
    pub dmarc_pass: u64,
    /// Failed DMARC.
    pub dmarc_fail: u64,
    /// With aligned SPF.
    pub spf_aligned: u64,
    /// With aligned DKIM.
    pub dkim_aligned: u64,
    /// Failed DMARC although SPF or DKIM passed for some domain.
    pub unaligned_pass: u64,
    /// Messages by disposition.
    pub dispositions: BTreeMap<String, u64>,
    /// Messages by policy override reason.
    pub overrides: BTreeMap<String, u64>,
}

/// Everything the Reports page and `reports --json` show.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SummaryView {
    /// Time span, files, policies.
    pub coverage: Coverage,
    /// Totals and rates.
    pub totals: Totals,
    /// Sources by volume, classified. (Not serialised with the view: the
    /// `reports --json` output carries them once, at the top level.)
    #[serde(skip)]
    pub sources: Vec<SourceView>,
    /// By From domain (subdomains listed on their own).
    pub by_header_from: Vec<Breakdown>,
    /// By reporter.
    pub by_reporter: Vec<Breakdown>,
    /// Daily series.
    pub daily: Vec<Day>,
    /// Readiness for the next policy step.
    pub readiness: Readiness,
    /// IPs first seen in the latest 7 days of data, when there is older data.
    pub new_sources: Vec<String>,
}
