//! A plan as readable text, the way the command line prints it: findings
//! first (with a caret under their place), then each stage with its dates,
//! why, records in the chosen [`Format`], exit criteria and rollback, then
//! the records to publish elsewhere and the notes.

use super::output::{self, Format};
use super::{Plan, Rollback};
use crate::check::render::finding;

fn rollback(r: &Rollback) -> String {
    if r.value.is_empty() {
        format!("{}: delete the record", r.name)
    } else {
        format!("{}: \"{}\"", r.name, r.value)
    }
}

fn indented(out: &mut String, text: &str, pad: &str) {
    for line in text.lines() {
        if !line.is_empty() {
            out.push_str(pad);
            out.push_str(line);
        }
        out.push('\n');
    }
}

/// The plan as text, records written in `format`.
pub fn text(plan: &Plan, format: Format) -> String {
    let mut out = if plan.purpose == "parked" {
        format!("{}: parked-domain kit, p=reject at once\n", plan.domain)
    } else {
        format!(
            "{}: rollout to p={} ({} style, {} pace)\n",
            plan.domain,
            plan.end_policy,
            plan.style.as_str(),
            plan.pace.as_str()
        )
    };
    if !plan.diagnostics.is_empty() {
        out.push_str("\nfindings:\n");
        for f in &plan.diagnostics {
            finding(&mut out, f);
        }
    }
    let count = plan.stages.len();
    for (i, stage) in plan.stages.iter().enumerate() {
        out.push_str(&format!("\nstage {} of {count}: {}\n", i + 1, stage.name));
        if stage.min_days > 0 {
            out.push_str(&format!(
                "  from {}, at least {} days (next stage no earlier than {})\n",
                stage.start,
                stage.min_days,
                stage.end()
            ));
        } else {
            out.push_str(&format!("  from {}\n", stage.start));
        }
        out.push_str(&format!("  why: {}\n", stage.why));
        out.push_str("  publish:\n");
        indented(&mut out, &output::render(&stage.records, format), "    ");
        out.push_str("  before moving on:\n");
        for criterion in &stage.exit_criteria {
            out.push_str(&format!("    - {criterion}\n"));
        }
        out.push_str(&format!("  rollback: {}\n", rollback(&stage.rollback)));
        for also in &stage.rollback_also {
            out.push_str(&format!("            {}\n", rollback(also)));
        }
    }
    if !plan.extra_records.is_empty() {
        out.push_str("\npublished elsewhere (at the report destinations):\n");
        for record in &plan.extra_records {
            indented(&mut out, &output::render(std::slice::from_ref(record), format), "  ");
            if let Some(note) = &record.note {
                out.push_str(&format!("    ({note})\n"));
            }
        }
    }
    if !plan.notes.is_empty() {
        out.push_str("\nnotes:\n");
        for note in &plan.notes {
            out.push_str(&format!("  - {note}\n"));
        }
    }
    out
}
