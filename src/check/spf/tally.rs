//! The budgets, counted after the expansion in the order a receiver
//! evaluates (left to right, depth first, `redirect` last), and what the
//! counts imply: where the limit is crossed, which nodes no receiver
//! reaches, the ranges the tree allows.

use super::{Net, NodeStatus, SpfNode, LOOKUP_LIMIT, NEAR_LIMIT, VOID_LIMIT};
use crate::catalogue::CheckSpfCode;
use crate::check::Finding;
use crate::diag::{Diagnostic, Span};
use crate::record::spf::Qualifier;

/// The whole tree's counts.
pub(super) struct Totals {
    /// DNS-querying terms.
    pub lookups: u32,
    /// Of them, those that found nothing.
    pub voids: u32,
    /// Whether some term was counted but not followed.
    pub truncated: bool,
}

/// Every node, parents before their children, in evaluation order.
pub(super) fn visit(nodes: &[SpfNode], f: &mut impl FnMut(&SpfNode)) {
    for node in nodes {
        f(node);
        visit(&node.children, f);
    }
}

fn visit_mut(nodes: &mut [SpfNode], f: &mut impl FnMut(&mut SpfNode)) {
    for node in nodes {
        f(node);
        visit_mut(&mut node.children, f);
    }
}

/// Sets each node's running totals and returns the tree's.
pub(super) fn running_totals(tree: &mut [SpfNode]) -> Totals {
    let mut totals = Totals { lookups: 0, voids: 0, truncated: false };
    visit_mut(tree, &mut |node| {
        totals.lookups += node.cost;
        node.lookups = totals.lookups;
        if node.void {
            totals.voids += 1;
        }
        node.void_lookups = totals.voids;
        totals.truncated |= node.status == NodeStatus::NotExpanded;
    });
    totals
}

/// Pins the budget findings to the nodes where the budgets run out, and
/// returns the ones about the whole record (near the limit).
pub(super) fn budget_findings(
    tree: &mut [SpfNode],
    totals: &Totals,
    domain: &str,
    record: Option<&str>,
) -> Vec<Finding> {
    let count =
        if totals.truncated { format!("at least {}", totals.lookups) } else { totals.lookups.to_string() };
    let (mut over, mut voided, mut cut) = (false, false, false);
    visit_mut(tree, &mut |node| {
        if !over && node.lookups > LOOKUP_LIMIT {
            over = true;
            let term = node.term.clone();
            node.flag(CheckSpfCode::LookupLimit, &[("domain", domain), ("count", &count), ("term", &term)]);
        }
        if !voided && node.void && node.void_lookups > VOID_LIMIT {
            voided = true;
            let (term, number) = (node.term.clone(), node.void_lookups.to_string());
            node.flag(CheckSpfCode::VoidLimit, &[("term", &term), ("number", &number)]);
        }
        if !cut && node.status == NodeStatus::NotExpanded {
            cut = true;
            let term = node.term.clone();
            node.flag(CheckSpfCode::Truncated, &[("domain", domain), ("term", &term)]);
        }
    });
    let mut findings = Vec::new();
    if let Some(text) = record {
        if (NEAR_LIMIT..=LOOKUP_LIMIT).contains(&totals.lookups) {
            let d = Diagnostic::new(
                CheckSpfCode::NearLimit,
                Span::new(0, text.len()),
                &[("domain", domain), ("count", &totals.lookups.to_string())],
            );
            findings.push(Finding::in_text(format!("{domain} TXT"), text, d));
        }
    }
    findings
}

/// Marks the nodes past the 10th lookup, where receivers have stopped;
/// nodes with an error of their own keep it.
pub(super) fn mark_beyond_limit(tree: &mut [SpfNode]) {
    visit_mut(tree, &mut |node| {
        if node.lookups > LOOKUP_LIMIT && !node.status.is_error() {
            node.status = NodeStatus::BeyondLimit;
        }
    });
}

/// Every node's findings, in evaluation order.
pub(super) fn node_findings(tree: &[SpfNode], out: &mut Vec<Finding>) {
    visit(tree, &mut |node| out.extend(node.findings.iter().cloned()));
}

/// The networks the nodes allow, reached through pass (`+`) terms only: a
/// `-include:` or `~a` authorizes nothing.
pub(super) fn ranges(nodes: &[SpfNode], out: &mut Vec<Net>) {
    for node in nodes.iter().filter(|n| n.qualifier == Qualifier::Pass) {
        out.extend(node.ranges.iter().copied());
        ranges(&node.children, out);
    }
}
