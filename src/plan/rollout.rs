//! The staged rollout of a sending domain: the ladder of policy steps, where
//! the current record stands on it, and the stages that take the domain
//! (and each subdomain that sends on its own) up to the end state.
//!
//! Durations are the field guides' minimums: two weeks of reports before
//! enforcing, a week per `pct` step, two weeks at full quarantine before
//! reject; a conservative pace about doubles them. The words of each stage
//! are in `words.rs`. A policy is never lowered:
//! a domain already past a step starts at the first step at or above it.

use crate::catalogue::PlanCode;
use crate::check::Finding;
use crate::diag::{Diagnostic, Severity, Span};
use crate::domain::{has_parent, is_hostname};
use crate::input;
use crate::record::dmarc::{self, AlignmentMode, DmarcRecord, Policy, Psd};
use crate::record::Kind;

use super::report::{self, ReportAddress};
use super::words::{exit_criteria, notes, why, STEADY_CRITERIA};
use super::{DnsRecord, Pace, Plan, PlanInput, RampStyle, Rollback, Stage, TTL_CHANGING, TTL_STABLE};

/// Where a step sits in the rollout.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Phase {
    Monitor,
    QuarantinePartial,
    QuarantineFull,
    RejectPartial,
    RejectFull,
}

/// One rung of the ladder: a policy, how much of it, for how long.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Step {
    pub(super) policy: Policy,
    /// `pct`, when below 100.
    pub(super) pct: Option<u8>,
    /// `t=y`.
    pub(super) testing: bool,
    /// The least number of days on it.
    pub(super) days: u32,
    pub(super) phase: Phase,
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
pub(super) fn strength(policy: Policy, pct: Option<u8>, testing: bool) -> u32 {
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

    pub(super) fn label(&self) -> String {
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
        current.as_ref().map(|c| report::from_record("rua", &c.fixed, &mut findings)).unwrap_or_default()
    } else {
        rua_given
    };
    let ruf = if ruf_given.is_empty() && input.ruf.iter().all(|r| r.trim().is_empty()) {
        current.as_ref().map(|c| report::from_record("ruf", &c.fixed, &mut findings)).unwrap_or_default()
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
            track.rua = track
                .current
                .as_ref()
                .map(|c| report::from_record("rua", &c.fixed, &mut findings))
                .unwrap_or_default();
        }
        let addresses: Vec<ReportAddress> = track.rua.iter().chain(track.ruf.iter()).cloned().collect();
        report::authorizations(&track.domain, &addresses, &mut plan.extra_records, &mut findings);
    }

    plan.stages = stages(&tracks, input, end, &domain);
    let subs: Vec<&str> = tracks.iter().filter(|t| !t.apex).map(|t| t.domain.as_str()).collect();
    plan.notes = notes(input, &domain, end, &subs, !plan.extra_records.is_empty(), !ruf.is_empty());
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
