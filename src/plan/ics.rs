//! The stage dates as an iCalendar file (RFC 5545): one all-day event on
//! the first day of each stage, saying what to publish, for how long at
//! least, and what must hold before the next stage.
//!
//! Lines end in CRLF and are folded at 75 octets, never inside a UTF-8
//! character (§3.1); text values escape `\`, `;`, `,` and line breaks
//! (§3.3.11). There is no clock here: `DTSTAMP` is midnight UTC of the
//! plan's first day, so the same plan always gives the same file.

use super::{output, Plan};

/// The most octets on one line, line break excluded (RFC 5545 §3.1).
pub const MAX_LINE: usize = 75;

/// A TEXT value, escaped (RFC 5545 §3.3.11).
fn text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// One content line, folded: CRLF and a space before every 75th octet.
fn fold(line: &str, out: &mut String) {
    let mut rest = line;
    let mut limit = MAX_LINE;
    while rest.len() > limit {
        let mut cut = limit;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        let (head, tail) = rest.split_at(cut);
        out.push_str(head);
        out.push_str("\r\n ");
        rest = tail;
        // The leading space counts toward the next line's 75 octets.
        limit = MAX_LINE - 1;
    }
    out.push_str(rest);
    out.push_str("\r\n");
}

/// The plan's stages as an iCalendar file.
///
/// ```
/// use dmarc_lens::plan::{generate, ics, Date, PlanInput};
/// let mut input = PlanInput::new("example.com", Date::new(2026, 6, 1).unwrap());
/// input.rua = vec!["mailto:dmarc@example.com".into()];
/// let calendar = ics::calendar(&generate(&input));
/// assert!(calendar.starts_with("BEGIN:VCALENDAR\r\n"));
/// assert!(calendar.contains("DTSTART;VALUE=DATE:20260601\r\n"));
/// ```
pub fn calendar(plan: &Plan) -> String {
    let mut out = String::new();
    let stamp = plan.stages.first().map_or_else(|| "19700101".to_string(), |s| s.start.basic());
    for line in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//dmarc-lens//DMARC rollout plan//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ] {
        fold(line, &mut out);
    }
    fold(&format!("X-WR-CALNAME:{}", text(&format!("DMARC rollout for {}", plan.domain))), &mut out);
    let count = plan.stages.len();
    for (i, stage) in plan.stages.iter().enumerate() {
        let number = i + 1;
        let mut description = String::new();
        description.push_str(&stage.why);
        description.push_str("\n\nPublish:\n");
        for record in &stage.records {
            description.push_str(&output::bind(record));
            description.push('\n');
        }
        if stage.min_days > 0 {
            description.push_str(&format!(
                "\nAt least {} days; the next stage no earlier than {}.\n",
                stage.min_days,
                stage.end()
            ));
        }
        description.push_str("\nBefore moving on:\n");
        for criterion in &stage.exit_criteria {
            description.push_str(&format!("- {criterion}\n"));
        }
        if !stage.rollback.value.is_empty() || stage.rollback_also.iter().any(|r| !r.value.is_empty()) {
            description
                .push_str(&format!("\nRollback: {} \"{}\"\n", stage.rollback.name, stage.rollback.value));
        }
        fold("BEGIN:VEVENT", &mut out);
        fold(&format!("UID:{}-stage-{number}-{}@dmarc-lens", plan.domain, stage.start.basic()), &mut out);
        fold(&format!("DTSTAMP:{stamp}T000000Z"), &mut out);
        fold(&format!("DTSTART;VALUE=DATE:{}", stage.start.basic()), &mut out);
        fold(&format!("DTEND;VALUE=DATE:{}", stage.start.add_days(1).basic()), &mut out);
        let summary = format!("{} DMARC, stage {number} of {count}: {}", plan.domain, stage.name);
        fold(&format!("SUMMARY:{}", text(&summary)), &mut out);
        fold(&format!("DESCRIPTION:{}", text(description.trim_end())), &mut out);
        fold("TRANSP:TRANSPARENT", &mut out);
        fold("END:VEVENT", &mut out);
    }
    fold("END:VCALENDAR", &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_keeps_lines_within_75_octets_and_characters_whole() {
        let mut out = String::new();
        let long = format!("DESCRIPTION:{}", "é≥a".repeat(60));
        fold(&long, &mut out);
        for line in out.split_terminator("\r\n") {
            assert!(line.len() <= MAX_LINE, "{} octets: {line:?}", line.len());
        }
        // Unfolding gives the line back.
        assert_eq!(out.replace("\r\n ", "").trim_end_matches("\r\n"), long);
        let mut short = String::new();
        fold(&"x".repeat(75), &mut short);
        assert_eq!(short, format!("{}\r\n", "x".repeat(75)));
        let mut just_over = String::new();
        fold(&"x".repeat(76), &mut just_over);
        assert_eq!(just_over, format!("{}\r\n x\r\n", "x".repeat(75)));
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(text("a;b,c\\d\ne\r\n"), "a\\;b\\,c\\\\d\\ne\\n");
    }
}
