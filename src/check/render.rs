//! The live check as readable text: what `dmarc-lens check` prints and the
//! Domain page copies. Every finding is shown with a caret under its span
//! when it points into a record, as pasted records are.

use serde::Serialize;

use super::domain::DomainReport;
use super::spf::SpfNode;
use super::Finding;
use crate::diag;

/// A serialised enum's word (`good`, `needs-attention`, `include`…).
fn word<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(other) => other.to_string(),
        Err(_) => String::new(),
    }
}

fn or<'a>(value: Option<&'a str>, missing: &'a str) -> &'a str {
    value.unwrap_or(missing)
}

fn node(out: &mut String, node: &SpfNode, depth: usize) {
    let pad = "  ".repeat(depth + 1);
    out.push_str(&format!(
        "{pad}{:<40} cost {}, {:>2}/10 lookups, {}/2 void  {}\n",
        node.term,
        node.cost,
        node.lookups,
        node.void_lookups,
        word(&node.status)
    ));
    if let Some(record) = &node.record {
        out.push_str(&format!("{pad}  {record}\n"));
    }
    for child in &node.children {
        self::node(out, child, depth + 1);
    }
}

/// One finding: with a caret under its span when it points into a record,
/// else its code, words, help and reference (plans print them the same way).
pub(crate) fn finding(out: &mut String, f: &Finding) {
    let d = &f.diagnostic;
    match &f.text {
        Some(text) if !text.is_empty() => {
            out.push_str(&format!("  {}:\n", f.subject));
            for line in diag::render(text, d).lines() {
                out.push_str(&format!("    {line}\n"));
            }
        }
        _ => {
            out.push_str(&format!("  {}[{}] {}: {}\n", d.severity, d.code.as_str(), f.subject, d.message));
            out.push_str(&format!("      help: {}\n      see: {}\n", d.help, d.reference));
        }
    }
}

/// The report as text.
pub fn text(report: &DomainReport) -> String {
    let c = &report.check;
    let mut out = format!("{}: {}. {}\n", report.domain, word(&c.summary.status), c.summary.reason);
    if !c.summary.actions.is_empty() {
        out.push_str("\nwhat to do, most urgent first:\n");
        for (i, action) in c.summary.actions.iter().enumerate() {
            out.push_str(&format!(
                "  {}. [{}] {}: {}\n",
                i + 1,
                action.severity,
                action.subject,
                action.text
            ));
            out.push_str(&format!("     fix: {}\n", action.fix));
        }
    }

    let d = &c.dmarc;
    out.push_str("\nDMARC:\n");
    match &d.record {
        Some(record) => {
            out.push_str(&format!("  {record}\n"));
            out.push_str(&format!(
                "  published at _dmarc.{} ({}); effective policy: {}\n",
                or(d.source_domain.as_deref(), "?"),
                d.applies.as_ref().map_or_else(
                    || "applies to: unknown".to_string(),
                    |a| format!("applies as: {}", word(a))
                ),
                or(d.effective_policy.as_deref(), "none")
            ));
        }
        None => out.push_str("  no record governs this domain\n"),
    }
    for auth in &c.report_auth {
        let verdict = if !auth.external {
            "same organization, no authorization needed"
        } else if auth.authorized {
            "authorized"
        } else {
            "NOT authorized"
        };
        out.push_str(&format!("  {} {}: {}\n", auth.tag, auth.uri, verdict));
    }

    let s = &report.spf;
    out.push_str("\nSPF:\n");
    match &s.record {
        Some(record) => out.push_str(&format!(
            "  {record}\n  {} of 10 DNS lookups, {} of 2 void lookups\n",
            s.lookups, s.void_lookups
        )),
        None => out.push_str("  no SPF record\n"),
    }
    for n in &s.tree {
        node(&mut out, n, 0);
    }
    if let Some(verdict) = &s.result_for_ip {
        out.push_str(&format!(
            "  check_host({}): {}{}{}\n",
            verdict.ip,
            verdict.result.as_str(),
            verdict.matched.as_ref().map_or(String::new(), |m| format!(", matched {m}")),
            if verdict.via.is_empty() { String::new() } else { format!(" via {}", verdict.via.join(" > ")) }
        ));
    }
    if let Some(flat) = &s.flattening {
        out.push_str(&format!(
            "  flattening would bring {} lookups to {}: {}\n",
            flat.lookups, flat.lookups_after, flat.trade_off
        ));
    }

    out.push_str("\nDKIM:\n");
    if c.dkim.keys.is_empty() {
        out.push_str(&format!("  no key found at {} selectors tried\n", c.dkim.tried.len()));
    }
    for key in &c.dkim.keys {
        let mut notes = Vec::new();
        if key.revoked {
            notes.push("revoked".to_string());
        }
        if key.testing {
            notes.push("testing".to_string());
        }
        if let Some(bits) = key.bits {
            notes.push(format!("{bits} bits"));
        }
        out.push_str(&format!(
            "  {} ({}): {}\n",
            key.selector,
            or(key.algorithm.as_deref(), "?"),
            if notes.is_empty() { "-".to_string() } else { notes.join(", ") }
        ));
    }

    out.push_str("\nMX:\n");
    if c.mx.null_mx {
        out.push_str("  null MX: the domain receives no mail (RFC 7505)\n");
    }
    for host in &c.mx.hosts {
        let addresses =
            if host.addresses.is_empty() { "no address".to_string() } else { host.addresses.join(", ") };
        out.push_str(&format!("  {} {} ({addresses})\n", host.preference, host.exchange));
    }
    if !c.mx.null_mx && c.mx.hosts.is_empty() {
        out.push_str("  no MX hosts\n");
    }

    let p = &c.policy_records;
    out.push('\n');
    for (label, record) in [("BIMI", &p.bimi), ("MTA-STS", &p.mta_sts), ("TLS-RPT", &p.tls_rpt)] {
        out.push_str(&format!("{label}: {}\n", or(record.record.as_deref(), "none")));
    }

    out.push_str("\nbulk-sender requirements:\n");
    for item in &c.bulk.items {
        out.push_str(&format!(
            "  [{}] {}: {} ({})\n",
            word(&item.status),
            item.provider,
            item.requirement,
            item.evidence
        ));
    }

    let findings = report.findings();
    out.push_str(&format!("\nfindings ({}):\n", findings.len()));
    for f in findings {
        finding(&mut out, f);
    }
    out.push_str(&format!("\n{} DNS queries\n", report.queries));
    out
}
