//! The readable form of an explanation, as the command line prints it:
//! each diagnostic with a caret under its span, a count, the corrected
//! value when there is one, then the tag table. Several records are
//! rendered one after another.

use super::{Explanation, TagExplanation};
use crate::diag::{render, Diagnostic, Severity};

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// "1 error, 2 warnings, 0 notes": the findings counted by severity, as the
/// command line and the page both say it.
pub fn counts(diagnostics: &[Diagnostic]) -> String {
    let count = |s: Severity| diagnostics.iter().filter(|d| d.severity == s).count();
    format!(
        "{}, {}, {}",
        plural(count(Severity::Error), "error", "errors"),
        plural(count(Severity::Warning), "warning", "warnings"),
        plural(count(Severity::Info), "note", "notes"),
    )
}

fn diagnostics(out: &mut String, input: &str, list: &[Diagnostic]) {
    for diagnostic in list {
        out.push_str(&render(input, diagnostic));
        out.push('\n');
    }
}

fn tags(out: &mut String, list: &[TagExplanation]) {
    if list.is_empty() {
        return;
    }
    out.push_str("\ntags:\n");
    for tag in list {
        match &tag.value {
            Some(value) => out.push_str(&format!("  {} = {}\n", tag.name, value)),
            None => out.push_str(&format!("  {} (not set)\n", tag.name)),
        }
        out.push_str(&format!("      {}\n", tag.meaning));
        out.push_str(&format!("      effective: {}\n", tag.effective));
        out.push_str(&format!("      default:   {}\n", tag.default));
        if let Some(lookups) = tag.lookups {
            out.push_str(&format!("      DNS lookups: {lookups}\n"));
        }
    }
}

fn corrected(out: &mut String, value: Option<&String>) {
    if let Some(value) = value {
        out.push_str(&format!("\ncorrected:\n  {value}\n"));
    }
}

/// Renders `explanation` as plain text.
pub fn text(explanation: &Explanation) -> String {
    let mut out = String::new();
    diagnostics(&mut out, &explanation.input, &explanation.diagnostics);
    if explanation.records.is_empty() {
        out.push_str(&format!("{}: {}\n", explanation.kind.title(), counts(&explanation.diagnostics)));
        if let Some(name) = &explanation.name {
            out.push_str(&format!("name: {name}\n"));
        }
        if let Some(value) = &explanation.value {
            out.push_str(&format!("value: {value}\n"));
        }
        corrected(&mut out, explanation.corrected.as_ref());
        tags(&mut out, &explanation.tags);
        return out;
    }
    let total = explanation.records.len();
    out.push_str(&format!("{total} records: {}\n", counts(&explanation.diagnostics)));
    for (i, record) in explanation.records.iter().enumerate() {
        out.push_str(&format!("\n=== record {} of {total}: {}", i + 1, record.kind.title()));
        if let Some(name) = &record.name {
            out.push_str(&format!(" at {name}"));
        }
        out.push_str(&format!(" ({})\n", counts(&record.diagnostics)));
        out.push_str(&format!("value: {}\n\n", record.value));
        diagnostics(&mut out, &explanation.input, &record.diagnostics);
        corrected(&mut out, record.corrected.as_ref());
        tags(&mut out, &record.tags);
    }
    out
}
