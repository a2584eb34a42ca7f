//! Exports in parsedmarc's aggregate shapes, so existing dashboards and
//! scripts can take our output: a JSON list of reports and a CSV row per
//! record.
//!
//! What needs the network or a geo database (`country`, `reverse_dns`,
//! `base_domain`) is `null` (empty in CSV): everything here runs offline, as
//! parsedmarc's `--offline` does. Dates are UTC `YYYY-MM-DD HH:MM:SS`.

use serde::Serialize;
use serde_json::{json, Value};

use super::aggregate::{AggregateReport, DmarcResult, Record};

/// `YYYY-MM-DD HH:MM:SS` (UTC) for epoch seconds.
fn timestamp(epoch: u64) -> String {
    let secs = epoch % 86_400;
    format!("{} {:02}:{:02}:{:02}", super::render::date(epoch), secs / 3_600, secs / 60 % 60, secs % 60)
}

fn word<T: Serialize>(value: &Option<T>) -> Value {
    // Our enums serialise as their word, or {"unknown": "..."}: keep the
    // word as written either way.
    match value.as_ref().map(serde_json::to_value) {
        Some(Ok(Value::Object(map))) => map.get("unknown").cloned().unwrap_or(Value::Null),
        Some(Ok(other)) => other,
        _ => Value::Null,
    }
}

fn text(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn aligned(result: &Option<DmarcResult>) -> bool {
    *result == Some(DmarcResult::Pass)
}

fn record_json(r: &Record) -> Value {
    let spf = aligned(&r.spf);
    let dkim = aligned(&r.dkim);
    json!({
        "source": {
            "ip_address": r.ip.map_or_else(|| r.source_ip.clone(), |ip| ip.to_string()),
            "country": null,
            "reverse_dns": null,
            "base_domain": null,
        },
        "count": r.count,
        "alignment": { "spf": spf, "dkim": dkim, "dmarc": spf || dkim },
        "policy_evaluated": {
            "disposition": word(&r.disposition),
            "dkim": word(&r.dkim),
            "spf": word(&r.spf),
            "policy_override_reasons": r.reasons.iter().map(|x| json!({
                "type": word(&x.kind),
                "comment": x.comment,
            })).collect::<Vec<_>>(),
        },
        "identifiers": {
            "header_from": r.header_from,
            "envelope_from": r.envelope_from,
            "envelope_to": r.envelope_to,
        },
        "auth_results": {
            "dkim": r.auth_dkim.iter().map(|d| json!({
                "domain": d.domain,
                "selector": d.selector.clone().unwrap_or_else(|| "none".to_string()),
                "result": word(&d.result),
            })).collect::<Vec<_>>(),
            "spf": r.auth_spf.iter().map(|s| json!({
                "domain": s.domain,
                "scope": word(&s.scope).as_str().map_or_else(|| "mfrom".to_string(), str::to_string),
                "result": word(&s.result),
            })).collect::<Vec<_>>(),
        },
    })
}

/// One report in parsedmarc's aggregate JSON shape.
pub fn report_json(report: &AggregateReport) -> Value {
    let m = &report.report_metadata;
    let p = &report.policy_published;
    json!({
        "xml_schema": report.xml_schema,
        "report_metadata": {
            "org_name": m.org_name,
            "org_email": m.email,
            "org_extra_contact_info": m.extra_contact_info,
            "report_id": m.report_id,
            "begin_date": m.begin.map(timestamp),
            "end_date": m.end.map(timestamp),
            "errors": m.errors,
        },
        "policy_published": {
            "domain": p.domain,
            "adkim": word(&p.adkim),
            "aspf": word(&p.aspf),
            "p": word(&p.p),
            "sp": word(&p.sp),
            "pct": p.pct.map(|v| v.to_string()),
            "fo": p.fo,
            "np": word(&p.np),
            "testing": word(&p.testing),
            "discovery_method": word(&p.discovery_method),
        },
        "records": report.records.iter().map(record_json).collect::<Vec<_>>(),
    })
}

/// Every report as parsedmarc's aggregate JSON: a list.
pub fn parsedmarc_json(reports: &[AggregateReport]) -> String {
    let list: Vec<Value> = reports.iter().map(report_json).collect();
    serde_json::to_string_pretty(&list).unwrap_or_else(|_| "[]".to_string())
}

/// parsedmarc's aggregate CSV columns, then the RFC 9990 policy fields.
pub const CSV_COLUMNS: &[&str] = &[
    "xml_schema",
    "org_name",
    "org_email",
    "org_extra_contact_info",
    "report_id",
    "begin_date",
    "end_date",
    "errors",
    "domain",
    "adkim",
    "aspf",
    "p",
    "sp",
    "pct",
    "fo",
    "source_ip_address",
    "source_country",
    "source_reverse_dns",
    "source_base_domain",
    "source_name",
    "source_type",
    "count",
    "spf_aligned",
    "dkim_aligned",
    "dmarc_aligned",
    "disposition",
    "policy_override_reasons",
    "policy_override_comments",
    "envelope_from",
    "header_from",
    "envelope_to",
    "dkim_domains",
    "dkim_selectors",
    "dkim_results",
    "spf_domains",
    "spf_scopes",
    "spf_results",
    "np",
    "testing",
    "discovery_method",
];

/// One CSV field: quoted when it holds a comma, quote or line break (RFC
/// 4180), and with a leading `'` when a spreadsheet would read it as a
/// formula (report fields come from strangers).
pub fn csv_field(value: &str) -> String {
    let guarded = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_string()
    };
    if guarded.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

/// Every record of every report as parsedmarc's aggregate CSV, with a
/// header row.
pub fn parsedmarc_csv(reports: &[AggregateReport]) -> String {
    let mut out = CSV_COLUMNS.join(",");
    out.push_str("\r\n");
    for report in reports {
        let r = report_json(report);
        let meta = &r["report_metadata"];
        let policy = &r["policy_published"];
        for record in r["records"].as_array().map(Vec::as_slice).unwrap_or(&[]) {
            let list = |path: &[&str], key: &str| {
                let mut node = record;
                for step in path {
                    node = &node[*step];
                }
                node.as_array()
                    .map(|items| items.iter().map(|i| text(&i[key])).collect::<Vec<_>>().join(","))
                    .unwrap_or_default()
            };
            let errors = meta["errors"]
                .as_array()
                .map(|e| e.iter().map(text).collect::<Vec<_>>().join(","))
                .unwrap_or_default();
            let row = [
                text(&r["xml_schema"]),
                text(&meta["org_name"]),
                text(&meta["org_email"]),
                text(&meta["org_extra_contact_info"]),
                text(&meta["report_id"]),
                text(&meta["begin_date"]),
                text(&meta["end_date"]),
                errors,
                text(&policy["domain"]),
                text(&policy["adkim"]),
                text(&policy["aspf"]),
                text(&policy["p"]),
                text(&policy["sp"]),
                text(&policy["pct"]),
                text(&policy["fo"]),
                text(&record["source"]["ip_address"]),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                text(&record["count"]),
                text(&record["alignment"]["spf"]),
                text(&record["alignment"]["dkim"]),
                text(&record["alignment"]["dmarc"]),
                text(&record["policy_evaluated"]["disposition"]),
                list(&["policy_evaluated", "policy_override_reasons"], "type"),
                list(&["policy_evaluated", "policy_override_reasons"], "comment"),
                text(&record["identifiers"]["envelope_from"]),
                text(&record["identifiers"]["header_from"]),
                text(&record["identifiers"]["envelope_to"]),
                list(&["auth_results", "dkim"], "domain"),
                list(&["auth_results", "dkim"], "selector"),
                list(&["auth_results", "dkim"], "result"),
                list(&["auth_results", "spf"], "domain"),
                list(&["auth_results", "spf"], "scope"),
                list(&["auth_results", "spf"], "result"),
                text(&policy["np"]),
                text(&policy["testing"]),
                text(&policy["discovery_method"]),
            ];
            out.push_str(&row.iter().map(|f| csv_field(f)).collect::<Vec<_>>().join(","));
            out.push_str("\r\n");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_and_guarded() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_field("@SUM(1)"), "'@SUM(1)");
    }

    #[test]
    fn timestamps_are_utc() {
        assert_eq!(timestamp(1_335_571_200), "2012-04-28 00:00:00");
        assert_eq!(timestamp(1_335_657_599), "2012-04-28 23:59:59");
    }
}
