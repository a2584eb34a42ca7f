//! The flattening suggestion: replace the costliest top-level includes (or
//! `a`/`mx`) by the ranges they resolve to, until the tree is back below
//! [`NEAR_LIMIT`].

use std::cmp::Reverse;

use super::{tally, FlattenTerm, Flattening, Net, NodeKind, NodeStatus, SpfNode, Unflattenable, NEAR_LIMIT};
use crate::record::spf::Qualifier;

/// The trade-off, said plainly.
const TRADE_OFF: &str = "Flattening replaces these terms with the addresses they resolve to today, so the \
record stays within the 10 lookups. The copy goes stale when a provider changes its addresses: mail from the \
new ones then fails SPF, and nothing warns you. Flatten only with automation that regenerates the record, or \
monitoring that tells you when the ranges change; removing senders you no longer use needs no upkeep at all.";

/// The suggestion for a tree of `lookups` lookups.
pub(super) fn suggest(tree: &[SpfNode], lookups: u32) -> Flattening {
    let mut candidates = Vec::new();
    let mut cannot_flatten = Vec::new();
    for (index, node) in tree.iter().enumerate() {
        if !matches!(node.kind, NodeKind::Include | NodeKind::A | NodeKind::Mx) {
            continue;
        }
        match flattenable(node) {
            Ok(()) => candidates.push((index, cost(node))),
            Err(why) => cannot_flatten.push(Unflattenable { term: node.term.clone(), why }),
        }
    }
    crate::order::sort_by_key(&mut candidates, |&(index, cost)| (Reverse(cost), index));
    let mut after = lookups;
    let mut chosen = Vec::new();
    for (index, cost) in candidates {
        if after < NEAR_LIMIT {
            break;
        }
        after = after.saturating_sub(cost);
        chosen.push(index);
    }
    crate::order::sort(&mut chosen);
    let flatten = chosen
        .into_iter()
        .filter_map(|index| tree.get(index))
        .map(|node| {
            let mut nets = Vec::new();
            tally::ranges(std::slice::from_ref(node), &mut nets);
            let ranges = super::unique(nets).iter().map(Net::term).collect();
            FlattenTerm { term: node.term.clone(), lookups: cost(node), ranges }
        })
        .collect();
    Flattening { lookups, lookups_after: after, flatten, cannot_flatten, trade_off: TRADE_OFF.to_string() }
}

/// The lookups of the node and everything below it.
fn cost(node: &SpfNode) -> u32 {
    node.cost + node.children.iter().map(cost).sum::<u32>()
}

/// Whether the node and everything below it can be written as ranges.
fn flattenable(node: &SpfNode) -> Result<(), String> {
    if node.qualifier != Qualifier::Pass {
        return Err(format!(
            "{} is not a pass (+) term; ranges in its place would change what it means",
            node.term
        ));
    }
    match node.kind {
        NodeKind::Exists => {
            return Err(format!("{} decides per message, which ranges cannot express", node.term))
        }
        NodeKind::Ptr => {
            return Err(format!("{} decides by reverse DNS, which ranges cannot express", node.term))
        }
        _ => {}
    }
    let problem = match node.status {
        NodeStatus::Ok => None,
        // Nothing to copy, nothing lost.
        NodeStatus::Void if node.kind != NodeKind::Include => None,
        NodeStatus::Macro => Some("depends on the message (a macro), which ranges cannot express"),
        NodeStatus::Void | NodeStatus::NoSpf => Some("reaches no SPF record: fix or remove it first"),
        NodeStatus::SeveralRecords => Some("reaches several SPF records: fix that first"),
        NodeStatus::RecordError => Some("reaches a record with an error: fix that first"),
        NodeStatus::TooManyNames => Some("has more than 10 mail servers: fix that first"),
        NodeStatus::TempError => Some("could not be looked up completely; try again later"),
        NodeStatus::Loop => Some("loops back to a record above it: fix that first"),
        NodeStatus::BeyondLimit | NodeStatus::NotExpanded => Some("was not followed completely"),
    };
    if let Some(problem) = problem {
        return Err(format!("{} {problem}", node.term));
    }
    if let Some(blocker) = &node.blocker {
        return Err(blocker.clone());
    }
    node.children.iter().try_for_each(flattenable)
}
