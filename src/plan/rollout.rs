//! The staged rollout of a sending domain: the ladder of policy steps, where
//! the current record stands on it, and the stages that take the domain
//! (and each subdomain that sends on its own) up to the end state.
//!
//! Durations and exit criteria are the field guides' numbers: at least two
//! weeks of reports before enforcing, 95% of legitimate volume aligned and
//! under 1% alignment failures on known sources, a week per `pct` step,
//! two weeks at full quarantine before reject. A policy is never lowered:
//! a domain already past a step starts at the first step at or above it.

use crate::catalogue::PlanCode;
use crate::check::Finding;
use crate::diag::{Diagnostic, Severity, Span};
use crate::domain::{has_parent, is_hostname};
use crate::input;
use crate::record::dmarc::{self, AlignmentMode, DmarcRecord, Policy, Psd};
use crate::record::Kind;

use super::report::{self, ReportAddress};
use super::{DnsRecord, Pace, Plan, PlanInput, RampStyle, Rollback, Stage, TTL_CHANGING, TTL_STABLE};

/// Where a step sits in the rollout.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    Monitor,
    QuarantinePartial,
    QuarantineFull,
    RejectPartial,
    RejectFull,
}

/// One rung of the ladder: a policy, how much of it, for how long.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Step {
    policy: Policy,
    /// `pct`, when below 100.
    pct: Option<u8>,
    /// `t=y`.
    testing: bool,
    days: u32,
    phase: Phase,
}

const fn rank(policy: Policy) -> u32 {
    match policy {
        Policy::None => 0,
        Policy::Quarantine => 1,
        Policy::Reject => 2,
    }
}

/// How far along the ladder a policy is: its rank, then the share of
/// failing mail it applies to (`t=y` alone counts as 0%, as RFC 9989
/// Appendix A.6 has it replace `pct=0`).
fn strength(policy: Policy, pct: Option<u8>, testing: bool) -> u32 {
    if policy == Policy::None {
        return 0;
    }
    let share = match (pct, testing) {
        (Some(p), _) => u32::from(p.min(100)),
        (None, true) => 0,
        (None, false) => 100,
    };
    rank(policy) * 1000 + share
}

impl Step {
    fn strength(&self) -> u32 {
        strength(self.policy, self.pct, self.testing)
    }

    fn label(&self) -> String {
        let p = self.policy.as_str();
        let title = match self.policy {
            Policy::None => return "Monitor (p=none)".to_string(),
            Policy::Quarantine => "Quarantine",
            Policy::Reject => "Reject",
        };
        match (self.pct, self.testing) {
            (Some(pct), true) => format!("{title} {pct}% (p={p}; pct={pct}; t=y)"),
            (Some(pct), false) => format!("{title} {pct}% (p={p}; pct={pct})"),
            (None, true) => format!("{title} in testing mode (p={p}; t=y)"),
            (None, false) => format!("{title} (p={p})"),
        }
    }
}

struct Durations {
    monitor: u32,
    partial: u32,
    testing: u32,
    full: u32,
}

fn durations(pace: Pace, mailing_lists: bool) -> Durations {
    match pace {
        Pace::Standard => {
            Durations { monitor: if mailing_lists { 30 } else { 14 }, partial: 7, testing: 14, full: 14 }
        }
        Pace::Conservative => Durations { monitor: 30, partial: 14, testing: 28, full: 28 },
    }
}

/// Every step from monitoring to `end`, in the chosen style.
fn ladder(style: RampStyle, pace: Pace, mailing_lists: bool, end: Policy) -> Vec<Step> {
    let days = durations(pace, mailing_lists);
    let step = |policy, pct, testing, days, phase| Step { policy, pct, testing, days, phase };
    let mut steps = vec![step(Policy::None, None, false, days.monitor, Phase::Monitor)];
    let partial = |policy: Policy, shares: &[u8], phase: Phase, steps: &mut Vec<Step>| {
        for &share in shares {
            steps.push(step(policy, Some(share), style.has_testing(), days.partial, phase));
        }
    };
    match style {
        RampStyle::Pct | RampStyle::Both => {
            partial(Policy::Quarantine, &[10, 25, 50], Phase::QuarantinePartial, &mut steps);
        }
        RampStyle::Testing => {
            steps.push(step(Policy::Quarantine, None, true, days.testing, Phase::QuarantinePartial));
        }
    }
    steps.push(step(Policy::Quarantine, None, false, days.full, Phase::QuarantineFull));
    if end == Policy::Reject {
        // A reject ramp only at a conservative pace, and only where pct
        // makes one: p=reject; t=y alone is full reject at RFC 7489
        // receivers and quarantine (no change) at RFC 9989 ones.
        if pace == Pace::Conservative && style.has_pct() {
            partial(Policy::Reject, &[25, 50], Phase::RejectPartial, &mut steps);
        }
        steps.push(step(Policy::Reject, None, false, days.full, Phase::RejectFull));
    }
    steps
}

/// What a domain has published today, as receivers read it.
pub(super) struct Current {
    /// The value as published (strings joined), for the rollback.
    pub(super) value: String,
    pub(super) record: DmarcRecord,
    /// The record with its mechanical fixes applied (a missing `mailto:`
    /// added, ...), where the report addresses to keep are read.
    pub(super) fixed: DmarcRecord,
}

impl Current {
    fn strength(&self) -> u32 {
        let Some(policy) = self.record.effective_policy() else { return 0 };
        let pct = self.record.percent.as_ref().map(|p| p.value).filter(|p| *p < 100);
        strength(policy, pct, self.record.is_testing())
    }

    /// What RFC 9989 receivers apply today: `p`, one level less with `t=y`
    /// (they ignore `pct`).
    fn rfc9989_policy(&self) -> Option<Policy> {
        let policy = self.record.effective_policy()?;
        Some(if self.record.is_testing() { policy.one_level_less() } else { policy })
    }

    /// The step the record stands on, for a domain already past the ladder.
    fn as_step(&self, days: u32) -> Step {
        let policy = self.record.effective_policy().unwrap_or(Policy::None);
        let pct = self.record.percent.as_ref().map(|p| p.value).filter(|p| *p < 100);
        let testing = self.record.is_testing() && policy.enforces();
        let phase = match (policy, pct.is_some() || testing) {
            (Policy::None, _) => Phase::Monitor,
            (Policy::Quarantine, true) => Phase::QuarantinePartial,
            (Policy::Quarantine, false) => Phase::QuarantineFull,
            (Policy::Reject, true) => Phase::RejectPartial,
            (Policy::Reject, false) => Phase::RejectFull,
        };
        Step { policy, pct: if policy.enforces() { pct } else { None }, testing, days, phase }
    }
}

/// Reads a pasted current record; what is wrong with it becomes findings
/// about `subject`, with spans into the text as pasted.
fn read_current(text: &str, subject: &str, domain: &str, findings: &mut Vec<Finding>) -> Option<Current> {
    let pasted = input::split(text);
    let first = pasted.first()?;
    if pasted.len() > 1 {
        let count = pasted.len().to_string();
        let span = pasted.get(1).map_or(Span::new(0, text.len()), |p| p.span);
        let d = Diagnostic::new(PlanCode::CurrentSeveral, span, &[("count", &count), ("domain", domain)]);
        findings.push(Finding::in_text(subject, text, d));
    }
    let (record, diagnostics) = dmarc::parse(&first.value);
    if !record.valid_version {
        let d = Diagnostic::new(PlanCode::CurrentNotDmarc, first.span, &[("domain", domain)]);
        findings.push(Finding::in_text(subject, text, d));
        return None;
    }
    let errors: Vec<Diagnostic> = diagnostics.into_iter().filter(|d| d.severity == Severity::Error).collect();
    if !errors.is_empty() {
        let policy = match record.effective_policy() {
            Some(p) => format!("p={}", p.as_str()),
            None => "no DMARC policy at all".to_string(),
        };
        let count = errors.len().to_string();
        let d =
            Diagnostic::new(PlanCode::CurrentErrors, first.span, &[("count", &count), ("policy", &policy)]);
        findings.push(Finding::in_text(subject, text, d));
        for mut error in errors {
            error.span = first.map.map(error.span);
            findings.push(Finding::in_text(subject, text, error));
        }
    }
    let fixed =
        dmarc::corrected(&first.value, &record).map_or_else(|| record.clone(), |c| dmarc::parse(&c).0);
    Some(Current { value: first.value.clone(), record, fixed })
}

/// The domain as a plan writes it: lower case, no trailing dot.
pub(super) fn normalise(name: &str) -> String {
    name.trim().trim_end_matches('.').to_ascii_lowercase()
}

/// Checks the domain; a finding and `None` when it cannot be planned for.
pub(super) fn check_domain(raw: &str, findings: &mut Vec<Finding>) -> Option<String> {
    let domain = normalise(raw);
    if is_hostname(&domain) && has_parent(&domain) {
        return Some(domain);
    }
    let d = Diagnostic::new(PlanCode::DomainInvalid, Span::new(0, raw.len()), &[("domain", raw)]);
    findings.push(Finding::in_text("domain", raw, d));
    None
}

/// Tags kept from a current record: the owner's choices the plan has no
/// reason to change.
#[derive(Clone, Debug, Default)]
struct Kept {
    adkim: Option<AlignmentMode>,
    aspf: Option<AlignmentMode>,
    psd_n: bool,
    fo: Option<String>,
    sp: Option<Policy>,
}

impl Kept {
    fn from(current: Option<&Current>) -> Kept {
        let Some(record) = current.map(|c| &c.record) else { return Kept::default() };
        Kept {
            adkim: record.dkim_alignment.as_ref().map(|a| a.value),
            aspf: record.spf_alignment.as_ref().map(|a| a.value),
            psd_n: record.psd.as_ref().is_some_and(|p| p.value == Psd::No),
            fo: record.failure_options.as_ref().and_then(|_| record.tag("fo")).map(|t| t.value.clone()),
            sp: record.subdomain_policy.as_ref().map(|p| p.value),
        }
    }
}

/// The policy-record value for one step, tags in the conventional order.
struct Value<'a> {
    step: &'a Step,
    sp: Option<Policy>,
    np: Option<Policy>,
    kept: &'a Kept,
    rua: &'a [ReportAddress],
    ruf: &'a [ReportAddress],
}

impl Value<'_> {
    fn write(&self) -> String {
        let mut tags = vec!["v=DMARC1".to_string(), format!("p={}", self.step.policy.as_str())];
        if let Some(sp) = self.sp {
            tags.push(format!("sp={}", sp.as_str()));
        }
        if let Some(np) = self.np {
            tags.push(format!("np={}", np.as_str()));
        }
        let mode = |m: AlignmentMode| if m == AlignmentMode::Strict { "s" } else { "r" };
        if let Some(m) = self.kept.adkim {
            tags.push(format!("adkim={}", mode(m)));
        }
        if let Some(m) = self.kept.aspf {
            tags.push(format!("aspf={}", mode(m)));
        }
        if let Some(pct) = self.step.pct {
            tags.push(format!("pct={pct}"));
        }
        if self.step.testing {
            tags.push("t=y".to_string());
        }
        if self.kept.psd_n {
            tags.push("psd=n".to_string());
        }
        let join = |list: &[ReportAddress]| list.iter().map(|a| a.uri.as_str()).collect::<Vec<_>>().join(",");
        if !self.rua.is_empty() {
            tags.push(format!("rua={}", join(self.rua)));
        }
        if !self.ruf.is_empty() {
            tags.push(format!("ruf={}", join(self.ruf)));
            if let Some(fo) = &self.kept.fo {
                tags.push(format!("fo={fo}"));
            }
        }
        tags.join("; ")
    }
}

/// One domain moving up the ladder: the apex or a sending subdomain.
struct Track {
    domain: String,
    apex: bool,
    steps: Vec<Step>,
    current: Option<Current>,
    kept: Kept,
    rua: Vec<ReportAddress>,
    ruf: Vec<ReportAddress>,
    /// Whether the first step is where the current record already stands.
    starts_in_place: bool,
    /// Whether the current record is already past the ladder's end, so the
    /// track holds it.
    holds: bool,
}

impl Track {
    fn new(domain: String, apex: bool, ladder: &[Step], current: Option<Current>, full_days: u32) -> Track {
        let from = current.as_ref().map_or(0, Current::strength);
        let position = ladder.iter().position(|s| s.strength() >= from);
        let mut steps: Vec<Step> = match position {
            Some(i) => ladder.get(i..).unwrap_or_default().to_vec(),
            // Already past the end of the ladder: hold where it is.
            None => current.iter().map(|c| c.as_step(full_days)).collect(),
        };
        if let Some(newer) = current.as_ref().and_then(Current::rfc9989_policy) {
            // t=y where RFC 9989 receivers already apply more would lower
            // them: those steps go without it.
            for step in &mut steps {
                if step.testing && rank(step.policy.one_level_less()) < rank(newer) {
                    step.testing = false;
                }
            }
        }
        let starts_in_place = current.is_some() && steps.first().is_some_and(|s| s.strength() == from);
        let kept = Kept::from(current.as_ref());
        let holds = position.is_none();
        Track { domain, apex, steps, current, kept, rua: Vec::new(), ruf: Vec::new(), starts_in_place, holds }
    }

    fn name(&self) -> String {
        format!("_dmarc.{}", self.domain)
    }

    fn step(&self, stage: usize) -> Option<&Step> {
        self.steps.get(stage).or_else(|| self.steps.last())
    }

    fn value(&self, stage: usize) -> Option<String> {
        let step = self.step(stage)?;
        let (sp, np) = if self.apex {
            // Subdomains that never send are refused once the apex enforces;
            // names that do not exist from the start. Never below what the
            // current record already says.
            let planned = step.policy.enforces().then_some(Policy::Reject);
            let sp = match (planned, self.kept.sp) {
                (Some(p), Some(k)) if rank(k) > rank(p) => Some(k),
                (Some(p), _) => Some(p),
                (None, Some(k)) if k.enforces() => Some(k),
                (None, _) => None,
            };
            (sp, Some(Policy::Reject))
        } else {
            (None, None)
        };
        Some(Value { step, sp, np, kept: &self.kept, rua: &self.rua, ruf: &self.ruf }.write())
    }
}

fn exit_criteria(step: &Step, domain: &str, end: Policy, last: bool, sp_next: bool) -> Vec<String> {
    let days = step.days;
    let mut out = Vec::new();
    match step.phase {
        Phase::Monitor => {
            out.push(format!(
                "At least {days} days of aggregate reports, covering every system that sends as {domain}, monthly \
                 and quarterly sends included: a full business cycle."
            ));
            out.push(
                "Every source in the reports is accounted for: yours (aligned, or being fixed) or spoofing; no unknown \
                 legitimate source is left."
                    .to_string(),
            );
            out.push(
                "At least 95% of legitimate volume passes DMARC with alignment (aligned SPF or aligned DKIM).".to_string(),
            );
            out.push("Alignment failures on known sources are below 1%.".to_string());
            if sp_next {
                out.push(format!(
                    "Every subdomain of {domain} that sends mail is in this plan with its own record: from the next \
                     stage on, sp=reject applies to all the others."
                ));
            }
        }
        Phase::QuarantinePartial => {
            out.push(format!(
                "At least {days} days at this step, and the reports since it began show no legitimate source newly \
                 failing (any that did is fixed first)."
            ));
            out.push(
                "No internal complaints of mail in spam folders, and no transactional mail (password resets, \
                 invoices, alerts) lost."
                    .to_string(),
            );
            out.push("Alignment failures on known sources stay below 1%.".to_string());
        }
        Phase::QuarantineFull => {
            out.push(format!("At least {days} days at full quarantine with no legitimate mail quarantined."));
            out.push(
                "No internal complaints at quarantine: no support tickets about mail in spam.".to_string(),
            );
            if end == Policy::Reject && !last {
                out.push(format!(
                    "Every legitimate source signs with DKIM aligned with {domain}: a p=reject domain must not rely \
                     on SPF alone (RFC 9989 §7.4)."
                ));
            } else if last {
                out.push(
                    "Mailing-list and forwarded mail keeps arriving, in spam at worst: the cost this end state accepts."
                        .to_string(),
                );
            }
        }
        Phase::RejectPartial => {
            out.push(format!(
                "At least {days} days at this step, and no legitimate source newly failing in the reports since it \
                 began."
            ));
            out.push("No reports from users, customers or partners of mail refused (bounces).".to_string());
        }
        Phase::RejectFull => {
            out.push(format!("At least {days} days at full reject with no legitimate mail refused."));
            out.push("No reports from users, customers or partners of mail refused (bounces).".to_string());
        }
    }
    out
}

fn why(step: &Step, domain: &str) -> String {
    let pct = step.pct.unwrap_or(100);
    match (step.phase, step.pct.is_some(), step.testing) {
        (Phase::Monitor, _, _) => format!(
            "Receivers report on every message sent as {domain} and change nothing about delivery, so every sender \
             shows up before anything is enforced."
        ),
        (Phase::QuarantinePartial | Phase::QuarantineFull, false, true) => "RFC 9989 receivers apply one level \
             less, none, and mark their reports as testing; RFC 7489 receivers do not know t and quarantine all \
             failing mail already. This is the new standard's testing step, not a gentle ramp at every receiver."
            .to_string(),
        (Phase::QuarantinePartial, true, testing) => {
            let newer = if testing {
                " RFC 9989 receivers ignore pct; with t=y they apply none and report."
            } else {
                " RFC 9989 receivers ignore pct and quarantine all of it."
            };
            format!(
                "RFC 7489 receivers quarantine {pct}% of failing mail and treat the rest as p=none: a sender missed \
                 while monitoring shows up in the reports while most of its mail still arrives.{newer}"
            )
        }
        (Phase::QuarantineFull, _, _) | (Phase::QuarantinePartial, false, false) => {
            "All failing mail goes to spam folders, at every receiver: a mistake still reaches people, just not their \
             inbox."
                .to_string()
        }
        (Phase::RejectPartial | Phase::RejectFull, true, testing) => {
            let newer = if testing {
                " RFC 9989 receivers ignore pct; with t=y they quarantine."
            } else {
                " RFC 9989 receivers ignore pct and reject all of it."
            };
            format!(
                "RFC 7489 receivers refuse {pct}% of failing mail and quarantine the rest: refused mail is gone, so \
                 this limits the damage of a sender missed so far.{newer}"
            )
        }
        (Phase::RejectPartial | Phase::RejectFull, false, true) => "RFC 9989 receivers apply one level less, \
             quarantine; RFC 7489 receivers do not know t and refuse failing mail."
            .to_string(),
        (Phase::RejectPartial | Phase::RejectFull, false, false) => "Failing mail is refused. RFC 9989 asks \
             receivers not to reject on p=reject alone, so some quarantine it instead."
            .to_string(),
    }
}

const STEADY_CRITERIA: &str =
    "None: this is where the domain stays. Read the reports weekly, check them within 48 \
     hours of adding any sending system, and review the list of senders monthly.";

fn style_notes(style: RampStyle, notes: &mut Vec<String>) {
    if style.has_pct() {
        notes.push(
            "What pct does (RFC 7489 §6.6.4): receivers apply the policy to pct% of failing mail, chosen at random, \
             and one level less to the rest: unsampled mail under p=quarantine is treated as p=none, under p=reject \
             it is quarantined. It samples the policy, not the reports: aggregate reports still cover all mail."
                .to_string(),
        );
    }
    if style.has_testing() {
        notes.push(
            "What t=y does (RFC 9989 §4.7): receivers apply one level less than published (quarantine as none, \
             reject as quarantine) and say so in their reports; it replaces pct=0. Receivers that still follow RFC \
             7489 ignore t and apply the policy in full."
                .to_string(),
        );
    }
    notes.push(
        "pct or t=y: pct ramps gradually at RFC 7489 receivers, most of them today, but RFC 9989 removed it and its \
         receivers apply the policy in full whatever pct says; t=y is RFC 9989's on/off testing flag, which RFC 7489 \
         receivers ignore. Both together ramp with pct where it is honoured and hold back with t=y where it is not; \
         they never pull apart, since t=y only goes with pct below 100."
            .to_string(),
    );
    notes.push(
        "Settled: RFC 7489 receivers honour pct and ignore t; RFC 9989 receivers ignore pct and honour t; neither \
         changes what aggregate reports cover. Not settled: how many receivers have moved to RFC 9989 (RFC 9990 \
         reports show testing and the policy_test_mode reason); whether pct values between 0 and 100 are applied as \
         written (operators found only 0 and 100 reliable, which is why RFC 9989 dropped pct); and how BIMI treats \
         t=y."
            .to_string(),
    );
}

pub(super) fn generate(input: &PlanInput) -> Plan {
    let mut findings = Vec::new();
    let end = if input.mailing_lists && !input.parked { Policy::Quarantine } else { Policy::Reject };
    let mut plan = Plan {
        domain: normalise(&input.domain),
        purpose: if input.parked { "parked" } else { "sending" },
        style: input.style,
        pace: input.pace,
        end_policy: end.as_str(),
        stages: Vec::new(),
        extra_records: Vec::new(),
        notes: Vec::new(),
        diagnostics: Vec::new(),
    };
    let Some(domain) = check_domain(&input.domain, &mut findings) else {
        plan.diagnostics = findings;
        return plan;
    };
    let rua_given = report::addresses("rua", &input.rua, &mut findings);
    let ruf_given = report::addresses("ruf", &input.ruf, &mut findings);
    let current =
        input.current.as_deref().and_then(|t| read_current(t, "current record", &domain, &mut findings));
    if input.parked {
        super::parked::kit(input, &domain, current, rua_given, ruf_given, &mut plan, &mut findings);
        plan.diagnostics = findings;
        return plan;
    }

    let rua = if rua_given.is_empty() {
        current.as_ref().map(|c| report::from_record("rua", &c.fixed)).unwrap_or_default()
    } else {
        rua_given
    };
    let ruf = if ruf_given.is_empty() && input.ruf.iter().all(|r| r.trim().is_empty()) {
        current.as_ref().map(|c| report::from_record("ruf", &c.fixed)).unwrap_or_default()
    } else {
        ruf_given
    };
    if rua.is_empty() {
        let d = Diagnostic::new(PlanCode::RuaMissing, Span::at(0), &[("domain", &domain)]);
        findings.push(Finding::about("rua", d));
    }

    let days = durations(input.pace, input.mailing_lists);
    let apex_ladder = ladder(input.style, input.pace, input.mailing_lists, end);
    let sub_ladder = ladder(input.style, input.pace, false, Policy::Reject);
    let mut tracks = vec![Track::new(domain.clone(), true, &apex_ladder, current, days.full)];
    if let Some(c) = tracks.first().and_then(|t| t.current.as_ref()) {
        let published = c.record.effective_policy().unwrap_or(Policy::None);
        if rank(published) > rank(end) {
            let args = [("current", published.as_str()), ("end", end.as_str()), ("domain", domain.as_str())];
            let d = Diagnostic::new(PlanCode::CurrentPastEnd, Span::at(0), &args);
            findings.push(Finding::about("current record", d));
        }
    }
    for sub in &input.subdomains {
        let name = normalise(&sub.name);
        if !(is_hostname(&name) && name.ends_with(&format!(".{domain}"))) {
            let args = [("name", sub.name.as_str()), ("domain", domain.as_str())];
            let d = Diagnostic::new(PlanCode::SubdomainInvalid, Span::new(0, sub.name.len()), &args);
            findings.push(Finding::in_text("subdomain", sub.name.as_str(), d));
            continue;
        }
        if tracks.iter().any(|t| t.domain == name) {
            let d = Diagnostic::new(
                PlanCode::SubdomainDuplicate,
                Span::new(0, sub.name.len()),
                &[("name", &name)],
            );
            findings.push(Finding::in_text("subdomain", sub.name.as_str(), d));
            continue;
        }
        let subject = format!("current record of {name}");
        let current = sub.current.as_deref().and_then(|t| read_current(t, &subject, &name, &mut findings));
        tracks.push(Track::new(name, false, &sub_ladder, current, days.full));
    }
    for track in &mut tracks {
        track.rua = rua.clone();
        track.ruf = ruf.clone();
        if rua.is_empty() && !track.apex {
            track.rua =
                track.current.as_ref().map(|c| report::from_record("rua", &c.fixed)).unwrap_or_default();
        }
        let addresses: Vec<ReportAddress> = track.rua.iter().chain(track.ruf.iter()).cloned().collect();
        report::authorizations(&track.domain, &addresses, &mut plan.extra_records, &mut findings);
    }

    plan.stages = stages(&tracks, input, end, &domain);
    plan.notes = notes(input, &domain, end, &tracks, !plan.extra_records.is_empty(), !ruf.is_empty());
    plan.diagnostics = findings;
    plan
}

fn stages(tracks: &[Track], input: &PlanInput, end: Policy, domain: &str) -> Vec<Stage> {
    let count = tracks.iter().map(|t| t.steps.len()).max().unwrap_or(0);
    let mut stages: Vec<Stage> = Vec::new();
    let mut start = input.start;
    let mut previous: Vec<Option<String>> =
        tracks.iter().map(|t| t.current.as_ref().map(|c| c.value.clone())).collect();
    for index in 0..count {
        let mut records = Vec::new();
        let mut rollbacks = Vec::new();
        let mut lead: Option<(&Track, &Step)> = None;
        let mut changed_others: Vec<(&Track, &Step)> = Vec::new();
        let mut min_days = 0;
        for (track, before) in tracks.iter().zip(previous.iter_mut()) {
            let (Some(step), Some(value)) = (track.step(index), track.value(index)) else { continue };
            let changed = index == 0 || before.as_deref() != Some(value.as_str());
            if !changed {
                continue;
            }
            if index < track.steps.len() {
                min_days = min_days.max(step.days);
            }
            match lead {
                None => lead = Some((track, step)),
                Some(_) => changed_others.push((track, step)),
            }
            rollbacks.push(Rollback { name: track.name(), value: before.clone().unwrap_or_default() });
            records.push(DnsRecord::txt(track.name(), TTL_CHANGING, value.clone(), Kind::Dmarc));
            *before = Some(value);
        }
        let Some((lead_track, lead_step)) = lead else { continue };
        let last_of_lead = index + 1 >= lead_track.steps.len();
        let sp_next = lead_track.apex
            && !lead_step.policy.enforces()
            && lead_track.steps.get(index + 1).is_some_and(|s| s.policy.enforces());
        let lead_end = if lead_track.apex { end } else { Policy::Reject };
        let mut exit = exit_criteria(lead_step, &lead_track.domain, lead_end, last_of_lead, sp_next);
        let mut why_text = why(lead_step, &lead_track.domain);
        if index == 0 && lead_track.holds {
            why_text = format!(
                "The current record is already past this plan's end state, and the plan never lowers a policy, so \
                 it holds it. {why_text}"
            );
        } else if index == 0 && lead_track.starts_in_place {
            why_text = format!(
                "Where {} stands today, from the current record, restated with this plan's report addresses and \
                 subdomain policy. {why_text}",
                lead_track.domain
            );
        }
        for (track, step) in &changed_others {
            if step.phase == lead_step.phase {
                exit.push(format!("The same holds for the mail of {}.", track.domain));
            } else {
                let last = index + 1 >= track.steps.len();
                let theirs = exit_criteria(step, &track.domain, Policy::Reject, last, false).join(" ");
                exit.push(format!("For {} ({}): {theirs}", track.domain, step.label()));
            }
        }
        let mut name = lead_step.label();
        if !lead_track.apex {
            name = format!("{}: {name}", lead_track.domain);
        }
        let mut rollbacks = rollbacks.into_iter();
        let rollback =
            rollbacks.next().unwrap_or(Rollback { name: format!("_dmarc.{domain}"), value: String::new() });
        stages.push(Stage {
            name,
            records,
            min_days,
            start,
            exit_criteria: exit,
            rollback,
            rollback_also: rollbacks.collect(),
            why: why_text,
        });
        start = start.add_days(i64::from(min_days));
    }
    // Once the last step has held, the records stay: TTL up.
    let finals: Vec<DnsRecord> = tracks
        .iter()
        .filter_map(|t| t.value(usize::MAX).map(|v| DnsRecord::txt(t.name(), TTL_STABLE, v, Kind::Dmarc)))
        .collect();
    if let Some(first) = finals.first() {
        let rollback = Rollback { name: first.name.clone(), value: first.value.clone() };
        let rollback_also = finals
            .iter()
            .skip(1)
            .map(|r| Rollback { name: r.name.clone(), value: r.value.clone() })
            .collect();
        stages.push(Stage {
            name: "Steady state".to_string(),
            records: finals,
            min_days: 0,
            start,
            exit_criteria: vec![STEADY_CRITERIA.to_string()],
            rollback,
            rollback_also,
            why: format!(
                "The records are meant to stay: raise their TTL to {TTL_STABLE} s, so resolvers ask less often. \
                 The rollback is the same records at {TTL_CHANGING} s."
            ),
        });
    }
    stages
}

fn notes(
    input: &PlanInput,
    domain: &str,
    end: Policy,
    tracks: &[Track],
    external: bool,
    ruf: bool,
) -> Vec<String> {
    let mut notes = vec![
        format!(
            "Durations are minimums ({} pace) and the dates the earliest: move on only when every exit criterion \
             holds, and push the later dates back when a stage runs longer.",
            input.pace.as_str()
        ),
        format!(
            "TTL: publish each stage's records with a TTL of {TTL_CHANGING} s, so a mistake is undone within minutes; \
             the steady state raises it to {TTL_STABLE} s."
        ),
    ];
    style_notes(input.style, &mut notes);
    let mut sub = format!(
        "sp and np: sp is the policy for subdomains without a record of their own, np (RFC 9989) for names that do \
         not exist at all. This plan sets np=reject from the start, since a name that does not exist sends no \
         legitimate mail, and sp=reject from the first enforcing stage, while {domain} itself still ramps. RFC 7489 \
         receivers ignore np and use sp. pct and t=y apply to sp and np too."
    );
    let subs: Vec<&str> = tracks.iter().filter(|t| !t.apex).map(|t| t.domain.as_str()).collect();
    if !subs.is_empty() {
        sub.push_str(&format!(
            " Subdomains that send on their own ({}) get a record at _dmarc.<subdomain>, which overrides sp, and \
             ramp to p=reject like a domain of their own.",
            subs.join(", ")
        ));
    }
    notes.push(sub);
    notes.push(match end {
        Policy::Reject => format!(
            "End state p=reject, for a domain whose users do not post to mailing lists or rely on forwarding. RFC \
             9989 §7.4: a p=reject domain must DKIM-sign its mail and must not rely on SPF alone, which breaks on \
             every forward. RFC 9989 also asks receivers not to reject on p=reject alone, so some quarantine \
             instead. If {domain}'s users do post to lists, plan again with the mailing-list answer: the end state \
             becomes p=quarantine."
        ),
        _ => format!(
            "End state p=quarantine: {domain}'s users post to mailing lists or rely on forwarding, which breaks SPF \
             and often DKIM, and RFC 9989 §7.4 says such domains should not publish p=reject. If you choose reject \
             anyway, RFC 9989 asks for at least a month at p=none and as long at p=quarantine first, and p=reject \
             requires DKIM on all mail: such a domain must not rely on SPF alone."
        ),
    });
    if external {
        notes.push(
            "Report addresses outside the domain's own organizational domain: each destination must publish the \
             authorization record listed with the extra records (RFC 9990 §4), or receivers drop the address. \
             Report services usually publish it themselves; check that they have."
                .to_string(),
        );
    }
    if ruf {
        notes.push(
            "ruf asks for failure reports, which carry message headers or content, personal data included; most \
             large mailbox providers never send them."
                .to_string(),
        );
    }
    notes.push(
        "Each stage's rollback is the record it replaces; an empty value means the record did not exist: delete it."
            .to_string(),
    );
    notes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ladders_climb() {
        for style in [RampStyle::Pct, RampStyle::Testing, RampStyle::Both] {
            for pace in [Pace::Standard, Pace::Conservative] {
                for end in [Policy::Quarantine, Policy::Reject] {
                    let steps = ladder(style, pace, false, end);
                    assert!(steps.windows(2).all(|w| matches!(w, [a, b] if a.strength() < b.strength())));
                    assert_eq!(steps.last().map(|s| (s.policy, s.pct, s.testing)), Some((end, None, false)));
                    assert!(steps.iter().all(|s| s.days >= 7));
                }
            }
        }
        let pct: Vec<Option<u8>> =
            ladder(RampStyle::Pct, Pace::Standard, false, Policy::Reject).iter().map(|s| s.pct).collect();
        assert_eq!(pct, [None, Some(10), Some(25), Some(50), None, None]);
        let conservative = ladder(RampStyle::Both, Pace::Conservative, false, Policy::Reject);
        let labels: Vec<String> = conservative.iter().map(Step::label).collect();
        assert_eq!(labels[1], "Quarantine 10% (p=quarantine; pct=10; t=y)");
        assert_eq!(labels[5], "Reject 25% (p=reject; pct=25; t=y)");
        assert_eq!(ladder(RampStyle::Testing, Pace::Conservative, false, Policy::Reject).len(), 4);
    }

    #[test]
    fn strength_orders_what_receivers_apply() {
        assert!(strength(Policy::Quarantine, None, true) < strength(Policy::Quarantine, Some(10), false));
        assert!(strength(Policy::Quarantine, None, false) < strength(Policy::Reject, Some(1), false));
        assert_eq!(strength(Policy::None, Some(50), true), 0);
    }
}
