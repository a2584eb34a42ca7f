//! What loaded aggregate reports say about a plan: the stage the domain is
//! at (the policy the reports saw published most recently) and the stage
//! the data supports. The data never supports more than one step past
//! where the domain is, and none at all while a readiness criterion fails
//! ([`crate::report::summary::Readiness`]).
//!
//! ```
//! use dmarc_lens::plan::evidence::advise;
//! use dmarc_lens::plan::{generate, Date, PlanInput};
//! use dmarc_lens::report::summary::PolicySeen;
//! let mut input = PlanInput::new("example.com", Date::new(2026, 6, 1).unwrap());
//! input.rua = vec!["mailto:dmarc@example.com".into()];
//! let plan = generate(&input);
//! let seen = vec![PolicySeen {
//!     policy: "domain=example.com p=none".into(), first_seen: 0, last_seen: 86_400, reports: 12,
//! }];
//! let advice = advise(&plan, &seen, true);
//! assert_eq!((advice.current, advice.supported), (Some(0), Some(1)));
//! let advice = advise(&plan, &seen, false);
//! assert_eq!((advice.current, advice.supported), (Some(0), Some(0)));
//! ```

use serde::Serialize;

use crate::record::dmarc::{self, Policy};

use super::rollout::strength;
use super::Plan;
use crate::report::summary::PolicySeen;

/// A DMARC policy as published: what places it on the ladder.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Level {
    policy: Policy,
    /// `pct` as written (100 when absent).
    pct: u8,
    testing: bool,
}

impl Level {
    fn strength(self) -> u32 {
        strength(self.policy, Some(self.pct), self.testing)
    }
}

/// What the reports say about the plan's stages.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Advice {
    /// The domain the reports' latest policy was published for, when they
    /// saw one for the plan's domain.
    pub policy: Option<String>,
    /// The stage (index into [`Plan::stages`]) the published policy is at:
    /// the last stage no stronger than it. `None` when the reports say
    /// nothing about the plan's domain, or the policy is below the first
    /// stage.
    pub current: Option<usize>,
    /// The stage the data supports: the current one, or the next when
    /// every readiness criterion holds. Never further.
    pub supported: Option<usize>,
    /// What that means, in a sentence or two.
    pub message: String,
}

/// The `key=value` parts of a policy as the summary describes it
/// (`domain=example.com p=quarantine pct=25 t=y`).
fn part<'a>(text: &'a str, key: &str) -> Option<&'a str> {
    text.split(' ').find_map(|p| p.strip_prefix(key).and_then(|rest| rest.strip_prefix('=')))
}

fn published_level(text: &str) -> Option<Level> {
    let policy = Policy::from_name(part(text, "p")?)?;
    let pct = part(text, "pct").and_then(|p| p.parse::<u8>().ok()).unwrap_or(100).min(100);
    let testing = part(text, "t").is_some_and(|t| t.eq_ignore_ascii_case("y"));
    Some(Level { policy, pct, testing })
}

/// The level of the apex record each stage publishes; a stage that changes
/// only other records keeps the previous stage's level.
fn stage_levels(plan: &Plan) -> Vec<Option<Level>> {
    let apex = format!("_dmarc.{}", plan.domain);
    let mut last = None;
    plan.stages
        .iter()
        .map(|stage| {
            if let Some(record) = stage.records.iter().find(|r| r.name.eq_ignore_ascii_case(&apex)) {
                let (parsed, _) = dmarc::parse(&record.value);
                if let Some(policy) = parsed.policy.map(|p| p.value) {
                    last = Some(Level {
                        policy,
                        pct: parsed.percent.map_or(100, |p| p.value).min(100),
                        testing: parsed.testing.is_some_and(|t| t.value),
                    });
                }
            }
            last
        })
        .collect()
}

fn stage_name(plan: &Plan, index: usize) -> String {
    plan.stages.get(index).map_or_else(String::new, |s| format!("stage {} ({})", index + 1, s.name))
}

/// Places the reports' latest policy for the plan's domain on the plan, and
/// says which stage the data supports. `ready` is the reports' readiness
/// verdict (every criterion met).
pub fn advise(plan: &Plan, policies: &[PolicySeen], ready: bool) -> Advice {
    let latest = policies
        .iter()
        .filter(|p| {
            part(&p.policy, "domain")
                .is_some_and(|d| d.trim_end_matches('.').eq_ignore_ascii_case(&plan.domain))
        })
        .max_by_key(|p| p.last_seen);
    let Some(latest) = latest else {
        let mut others: Vec<&str> = policies.iter().filter_map(|p| part(&p.policy, "domain")).collect();
        crate::order::sort(&mut others);
        others.dedup();
        let message = if others.is_empty() {
            "The reports read show no published policy, so they cannot place this plan's domain on it."
                .to_string()
        } else {
            format!(
                "The reports read are about {}, not {}: read {}'s own reports to see which stage its data supports.",
                others.join(", "),
                plan.domain,
                plan.domain
            )
        };
        return Advice { policy: None, current: None, supported: None, message };
    };
    let policy_text =
        latest.policy.split(' ').filter(|p| !p.starts_with("domain=")).collect::<Vec<_>>().join(" ");
    let Some(level) = published_level(&latest.policy) else {
        return Advice {
            policy: Some(policy_text),
            current: None,
            supported: None,
            message: "The reports' latest published policy has no readable p=, so it cannot be placed on this plan."
                .to_string(),
        };
    };
    let levels = stage_levels(plan);
    // The first stage at the published level (a stage that only raises the
    // TTL repeats its predecessor's), else the first stage at the highest
    // level not above it.
    let below = levels.iter().rposition(|l| l.is_some_and(|l| l.strength() <= level.strength()));
    let current = levels
        .iter()
        .position(|l| *l == Some(level))
        .or_else(|| below.and_then(|i| levels.iter().position(|l| *l == levels.get(i).copied().flatten())));
    let last = plan.stages.len().checked_sub(1);
    let shown = format!("The reports show p={} published", level.policy.as_str());
    let shown = match (level.pct, level.testing) {
        (100, false) => shown,
        (100, true) => format!("{shown} with t=y"),
        (pct, false) => format!("{shown} at pct={pct}"),
        (pct, true) => format!("{shown} at pct={pct} with t=y"),
    };
    let top = levels.iter().flatten().map(|l| l.strength()).max();
    let (supported, message) = match (current, last) {
        (_, None) => (None, format!("{shown}; this plan has no stages.")),
        (Some(_), Some(last)) if top.is_some_and(|top| level.strength() > top) => (
            Some(last),
            format!(
                "{shown}: past this plan's end state (p={}). The plan does not advise going further; \
                 its notes say why it stops there.",
                plan.end_policy
            ),
        ),
        (None, Some(_)) if ready => (
            Some(0),
            format!("{shown}, below this plan's first stage, and every criterion holds: the data supports {}.", stage_name(plan, 0)),
        ),
        (None, Some(_)) => (
            None,
            format!("{shown}, below this plan's first stage, and not every criterion holds: stay where the domain is until they do."),
        ),
        (Some(at), Some(last)) if at >= last => (
            Some(last),
            format!(
                "{shown}: the domain is at this plan's last stage. Keep reading reports for new sources and failures."
            ),
        ),
        (Some(at), Some(_)) if ready => (
            Some(at + 1),
            format!(
                "{shown}, {}. Every criterion holds: the data supports moving on to {}, and no further.",
                stage_name(plan, at),
                stage_name(plan, at + 1)
            ),
        ),
        (Some(at), Some(_)) => (
            Some(at),
            format!(
                "{shown}, {}. Not every criterion holds: stay at this stage until they do.",
                stage_name(plan, at)
            ),
        ),
    };
    Advice { policy: Some(policy_text), current, supported, message }
}
