//! The parked-domain kit: for a domain that sends no mail (and, unless it
//! says otherwise, receives none), the records that make spoofing it fail
//! everywhere: a null SPF record, a null MX (RFC 7505), `p=reject` with
//! reports sent to a domain that receives mail, and that destination's
//! authorization record.

use crate::catalogue::PlanCode;
use crate::check::Finding;
use crate::diag::{Diagnostic, Span};
use crate::record::Kind;

use super::report::{self, ReportAddress};
use super::{DnsRecord, Plan, PlanInput, Rollback, Stage, TTL_CHANGING, TTL_STABLE};

/// The kit's records, at `ttl`.
fn records(domain: &str, receives_mail: bool, dmarc: &str, ttl: u32) -> Vec<DnsRecord> {
    let mut out = vec![DnsRecord::txt(format!("_dmarc.{domain}"), ttl, dmarc, Kind::Dmarc)];
    out.push(
        DnsRecord::txt(domain, ttl, "v=spf1 -all", Kind::Spf)
            .with_note("Null SPF: no host may send as this domain. Keep any other TXT records at this name (site verifications) beside it."),
    );
    if !receives_mail {
        out.push(DnsRecord::mx(domain, ttl, "0 .").with_note(
            "Null MX (RFC 7505): the domain accepts no mail. Remove every other MX record at this name.",
        ));
    }
    out
}

pub(super) fn kit(
    input: &PlanInput,
    domain: &str,
    current: Option<super::rollout::Current>,
    rua_given: Vec<ReportAddress>,
    ruf_given: Vec<ReportAddress>,
    plan: &mut Plan,
    findings: &mut Vec<Finding>,
) {
    let rua = if rua_given.is_empty() {
        current.as_ref().map(|c| report::from_record("rua", &c.fixed, findings)).unwrap_or_default()
    } else {
        rua_given
    };
    // Failure reports would carry spoofed messages' content: only when asked.
    let ruf = ruf_given;
    if rua.is_empty() {
        findings.push(Finding::about("rua", Diagnostic::new(PlanCode::ParkedRuaMissing, Span::at(0), &[])));
    }
    if !input.receives_mail {
        report::at_parked_domain(domain, &rua, findings);
        report::at_parked_domain(domain, &ruf, findings);
    }
    let names: Vec<&str> = input.subdomains.iter().map(|s| s.name.as_str()).collect();
    if !names.is_empty() {
        let list = names.join(", ");
        let d =
            Diagnostic::new(PlanCode::ParkedSubdomains, Span::at(0), &[("names", &list), ("domain", domain)]);
        findings.push(Finding::about("subdomain", d));
    }
    let addresses: Vec<ReportAddress> = rua.iter().chain(ruf.iter()).cloned().collect();
    report::authorizations(domain, &addresses, &mut plan.extra_records, findings);

    let join = |list: &[ReportAddress]| list.iter().map(|a| a.uri.as_str()).collect::<Vec<_>>().join(",");
    let mut dmarc = "v=DMARC1; p=reject".to_string();
    if !rua.is_empty() {
        dmarc.push_str(&format!("; rua={}", join(&rua)));
    }
    if !ruf.is_empty() {
        dmarc.push_str(&format!("; ruf={}", join(&ruf)));
    }
    let days: u32 = match input.pace {
        super::Pace::Standard => 14,
        super::Pace::Conservative => 30,
    };
    let lock = records(domain, input.receives_mail, &dmarc, TTL_CHANGING);
    let rollback_dmarc = Rollback {
        name: format!("_dmarc.{domain}"),
        value: current.as_ref().map(|c| c.value.clone()).unwrap_or_default(),
    };
    // The SPF and MX records replace whatever is there; what that was is not
    // known here, so the rollback says to delete them.
    let rollback_also: Vec<Rollback> =
        lock.iter().skip(1).map(|r| Rollback { name: r.name.clone(), value: String::new() }).collect();
    plan.stages.push(Stage {
        name: "Lock down (p=reject)".to_string(),
        records: lock,
        min_days: days,
        start: input.start,
        exit_criteria: vec![
            format!(
                "At least {days} days of aggregate reports, in which every message sent as {domain} fails: nothing \
                 legitimate sends from it."
            ),
            format!(
                "If a legitimate sender does show up, {domain} is not parked: remove these records and plan it as a \
                 sending domain."
            ),
        ],
        rollback: rollback_dmarc,
        rollback_also,
        why: format!(
            "{domain} sends no mail, so there is nothing to lose by refusing all of it at once: no monitoring stage, \
             no ramp. The reports still show who tries to spoof it."
        ),
    });
    let steady = records(domain, input.receives_mail, &dmarc, TTL_STABLE);
    let rollback_also =
        steady.iter().skip(1).map(|r| Rollback { name: r.name.clone(), value: r.value.clone() }).collect();
    plan.stages.push(Stage {
        name: "Steady state".to_string(),
        records: steady,
        min_days: 0,
        start: input.start.add_days(i64::from(days)),
        exit_criteria: vec![format!(
            "None: this is where {domain} stays. Glance at the reports monthly; spoofing attempts fail and show there."
        )],
        rollback: Rollback { name: format!("_dmarc.{domain}"), value: dmarc.clone() },
        rollback_also,
        why: format!("The records are meant to stay: raise their TTL to {TTL_STABLE} s."),
    });

    plan.notes = vec![
        "A parked domain sends no mail, so it goes to p=reject at once: there is no legitimate mail to lose."
            .to_string(),
        format!("v=spf1 -all: no host may send as {domain}, so SPF fails for all of it."),
        if input.receives_mail {
            format!("No null MX: {domain} still receives mail, so its MX records stay as they are.")
        } else {
            format!(
                "MX 0 . (RFC 7505, null MX): {domain} accepts no mail, so senders fail at once instead of retrying \
                 for days. The reports must therefore go to another domain, one that receives mail."
            )
        },
        format!("Publish no DKIM keys for {domain}: nothing signs for it."),
        "sp and np need not be written: subdomains inherit p=reject.".to_string(),
    ];
    if !plan.extra_records.is_empty() {
        plan.notes.push(
            "The report destination is outside this domain's organizational domain, so it must publish the \
             authorization record listed with the extra records (RFC 9990 §4), or receivers drop the address."
                .to_string(),
        );
    }
}
