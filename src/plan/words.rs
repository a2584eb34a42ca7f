//! The plan's words: each stage's exit criteria and why, and the notes
//! that explain the choices (what `pct` and `t=y` do and which receivers
//! honour which, `sp` and `np`, the end state, report authorization).
//!
//! The numbers are the field guides': at least two weeks of reports
//! covering every sender, 95% of legitimate volume aligned, under 1%
//! alignment failures on known sources, no internal complaints at
//! quarantine, and DKIM on all mail before reject (RFC 9989 §7.4).

use crate::record::dmarc::Policy;

use super::rollout::{Phase, Step};
use super::{PlanInput, RampStyle, TTL_CHANGING, TTL_STABLE};

pub(super) fn exit_criteria(
    step: &Step,
    domain: &str,
    end: Policy,
    last: bool,
    sp_next: bool,
) -> Vec<String> {
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

pub(super) fn why(step: &Step, domain: &str) -> String {
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

pub(super) const STEADY_CRITERIA: &str =
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

pub(super) fn notes(
    input: &PlanInput,
    domain: &str,
    end: Policy,
    subs: &[&str],
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
