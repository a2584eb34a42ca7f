//! The readable form of an explanation, as the command line prints it:
//! each diagnostic with a caret under its span, a count, then the tag table.

use super::Explanation;
use crate::diag::{render, Severity};

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Renders `explanation` as plain text.
pub fn text(explanation: &Explanation) -> String {
    let mut out = String::new();
    for diagnostic in &explanation.diagnostics {
        out.push_str(&render(&explanation.input, diagnostic));
        out.push('\n');
    }
    let count = |s: Severity| explanation.diagnostics.iter().filter(|d| d.severity == s).count();
    out.push_str(&format!(
        "{} record: {}, {}, {}\n\ntags:\n",
        explanation.kind.as_str().to_uppercase(),
        plural(count(Severity::Error), "error", "errors"),
        plural(count(Severity::Warning), "warning", "warnings"),
        plural(count(Severity::Info), "note", "notes"),
    ));
    for tag in &explanation.tags {
        match &tag.value {
            Some(value) => out.push_str(&format!("  {} = {}\n", tag.name, value)),
            None => out.push_str(&format!("  {} (not set)\n", tag.name)),
        }
        out.push_str(&format!("      {}\n", tag.meaning));
        out.push_str(&format!("      effective: {}\n", tag.effective));
        out.push_str(&format!("      default:   {}\n", tag.default));
    }
    out
}
