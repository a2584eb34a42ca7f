//! The readable form of a batch of reports, as `dmarc-lens reports` prints
//! it: what became of each file, the totals, the readiness for the next
//! policy step, and the sources by volume with what each needs.

use super::batch::Batch;
use super::summary::SourceClass;
use super::tls_rpt;

/// `YYYY-MM-DD` (UTC) for epoch seconds.
pub fn date(epoch: u64) -> String {
    // Days to civil date (Howard Hinnant's algorithm), on i64 throughout.
    let days = (epoch / 86_400) as i64 + 719_468;
    let era = days.div_euclid(146_097);
    let doe = days.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

fn percent(part: u64, whole: u64) -> String {
    if whole == 0 {
        "-".to_string()
    } else {
        format!("{:.1}%", part as f64 * 100.0 / whole as f64)
    }
}

/// Renders `batch` as plain text; `top` limits the sources listed.
pub fn text(batch: &Batch, top: usize) -> String {
    let mut out = String::from("files:\n");
    for file in batch.files() {
        let status = file.status.as_str();
        out.push_str(&format!("  {status:<9} {}", file.name));
        if let Some(kind) = file.kind {
            out.push_str(&format!(
                " ({kind}, {} report{})",
                file.reports,
                if file.reports == 1 { "" } else { "s" }
            ));
        }
        if let Some(reason) = &file.reason {
            out.push_str(&format!(": {reason}"));
        }
        if !file.diagnostics.is_empty() {
            out.push_str(&format!(
                " [{} finding{}]",
                file.diagnostics.len(),
                if file.diagnostics.len() == 1 { "" } else { "s" }
            ));
        }
        out.push('\n');
        // The same finding on many rows is said once, with a count.
        let mut seen: Vec<(&crate::diag::Diagnostic, usize)> = Vec::new();
        for d in &file.diagnostics {
            match seen.iter_mut().find(|(s, _)| s.code == d.code && s.message == d.message) {
                Some((_, n)) => *n += 1,
                None => seen.push((d, 1)),
            }
        }
        for (d, n) in seen {
            let times = if n > 1 { format!(" (x{n})") } else { String::new() };
            out.push_str(&format!("      {}[{}]{times}: {}\n", d.severity, d.code.as_str(), d.message));
        }
    }
    let v = batch.view();
    let t = &v.totals;
    out.push_str(&format!(
        "\naggregate reports: {} counted, {} duplicate, {} rows, {} messages\n",
        v.coverage.reports, v.coverage.duplicates, v.coverage.records, t.messages
    ));
    if let (Some(begin), Some(end)) = (v.coverage.begin, v.coverage.end) {
        out.push_str(&format!("period: {} to {} ({} days)\n", date(begin), date(end), v.coverage.days));
    }
    out.push_str(&format!(
        "DMARC pass: {} of {} ({}); aligned SPF {}, aligned DKIM {}; failing despite an unaligned SPF or DKIM pass: {}\n",
        t.dmarc_pass,
        t.messages,
        percent(t.dmarc_pass, t.messages),
        percent(t.spf_aligned, t.messages),
        percent(t.dkim_aligned, t.messages),
        t.unaligned_pass
    ));
    for policy in &v.coverage.policies {
        out.push_str(&format!(
            "policy seen: {} (from {}, {} reports)\n",
            policy.policy,
            date(policy.first_seen),
            policy.reports
        ));
    }
    let r = &v.readiness;
    if let Some(next) = &r.next_step {
        out.push_str(&format!(
            "\nready for {next}: {}\n",
            if r.ready { "yes, the data supports it" } else { "not yet" }
        ));
        for c in &r.criteria {
            out.push_str(&format!("  [{}] {}\n", if c.met { "x" } else { " " }, c.text));
        }
        for b in &r.blocking {
            out.push_str(&format!("  blocking: {b}\n"));
        }
        for f in &r.to_fix {
            out.push_str(&format!("  still to fix: {f}\n"));
        }
    }
    if !v.new_sources.is_empty() {
        let shown: Vec<&str> = v.new_sources.iter().take(top).map(String::as_str).collect();
        let more = v.new_sources.len().saturating_sub(shown.len());
        let more = if more > 0 { format!(" and {more} more") } else { String::new() };
        out.push_str(&format!("\nnew in the latest 7 days: {}{more}\n", shown.join(", ")));
    }
    if !v.sources.is_empty() {
        out.push_str(&format!("\nsources by volume (top {}):\n", top.min(v.sources.len())));
        for s in v.sources.iter().take(top) {
            let class = match s.class {
                SourceClass::Aligned => "aligned",
                SourceClass::Unaligned => "unaligned",
                SourceClass::Failing => "failing",
            };
            out.push_str(&format!(
                "  {:<39} {:>9} msgs {:>7} pass  {class:<9} {}\n",
                s.ip,
                s.messages,
                percent(s.dmarc_pass, s.messages),
                s.reason
            ));
        }
    }
    for tls in batch.tls_reports() {
        out.push_str(&format!(
            "\nTLS-RPT from {} ({}):\n",
            tls.organization.as_deref().unwrap_or("(no organization)"),
            tls.document
        ));
        for policy in &tls.policies {
            let count = |n: Option<u64>| n.map_or_else(|| "?".to_string(), |n| n.to_string());
            out.push_str(&format!(
                "  {} policy for {}: {} sessions succeeded, {} failed\n",
                policy.policy_type.as_ref().map_or("(no type)", |t| t.as_str()),
                policy.policy_domain.as_deref().unwrap_or("(no domain)"),
                count(policy.successful),
                count(policy.failed)
            ));
            for mx in &policy.by_mx {
                for failure in &mx.failures {
                    let result = failure.result_type.as_deref().unwrap_or("(no result type)");
                    out.push_str(&format!(
                        "    {}: {} x {}: {}\n",
                        mx.receiving_mx.as_deref().unwrap_or("(no MX named)"),
                        result,
                        failure.sessions,
                        tls_rpt::explain_result_type(result)
                    ));
                }
            }
        }
    }
    let (failures, count) = batch.failure_reports();
    if count > 0 {
        out.push_str(&format!("\nfailure reports: {count}\n"));
        for f in failures.iter().take(top) {
            out.push_str(&format!(
                "  {} from {}: Auth-Failure {}\n",
                f.reported_domain.as_deref().unwrap_or("(no domain)"),
                f.source_ip.as_deref().unwrap_or("(no source IP)"),
                f.auth_failure.as_ref().map_or("not given", |a| a.as_str())
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(date(0), "1970-01-01");
        assert_eq!(date(1_524_268_799), "2018-04-20");
        assert_eq!(date(951_782_400), "2000-02-29");
        assert!(date(u64::MAX / 2).len() >= 10);
    }
}
