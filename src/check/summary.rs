//! The verdict of a domain check: an overall status and a prioritized list
//! of actions, each linked to the page that helps with it.
//!
//! **Status.** `at-risk` when any finding is an error (a broken or missing
//! DMARC record, SPF permerror, a mail server without an address, …) or
//! no DMARC policy applies; otherwise `needs-attention` when any finding is
//! a warning (weak keys, unauthorized report addresses, failed lookups, a
//! DMARC policy of `none`, …); otherwise `good`. Info findings never change
//! the status.
//!
//! **Actions.** Every error and warning of every part, errors first, then
//! by part (DMARC, SPF, DKIM, report addresses, MX, BIMI / MTA-STS /
//! TLS-RPT), in the parts' own order within each. A record to fix links to
//! `#/explain?r=<record>&k=<kind>`; a record to create (or a policy to
//! raise) to `#/build?d=<domain>`; the rest (someone else's DNS, a server)
//! has no link.
//!
//! **Parked domains.** A domain that receives no mail (a null MX, or no MX
//! at all) and shows no sign of sending (no SPF beyond `v=spf1 -all`, no
//! DKIM key) should say so: a null SPF record, DMARC `p=reject`, and `rua`
//! at a domain that does receive mail (report addresses that cannot
//! receive are warned about by [`report_auth`](super::report_auth)).
//!
//! The summary also adds its own findings from the SPF facts ([`SpfFacts`]),
//! which the SPF part fills.

use serde::Serialize;

use super::bulk::{bulk_checklist, BulkCheck, BulkInputs};
use super::dkim::{check_dkim, DkimCheck};
use super::dmarc::{check_dmarc, DmarcCheck};
use super::join::join2;
use super::mx::{check_mx, MxCheck, MxStatus};
use super::policy_records::{check_policy_records, PolicyRecords};
use super::report_auth::{check_report_auth, ReportAuth};
use super::util::{finding, normalize};
use super::Finding;
use crate::catalogue::{CheckCode, Code};
use crate::diag::Severity;
use crate::dns::Resolver;
use crate::encode_uri_component as encode;

/// What the SPF part found, as far as the summary needs it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct SpfFacts {
    /// The SPF record at the domain, when there is exactly one.
    pub record: Option<String>,
    /// DNS-querying terms in the whole tree (the limit is 10).
    pub lookups: u32,
    /// Lookups that found nothing (the limit is 2).
    pub void_lookups: u32,
    /// Whether evaluation gives permerror.
    pub permerror: bool,
    /// Whether evaluation met a DNS failure.
    pub temperror: bool,
}

impl SpfFacts {
    /// Whether the record is the null SPF record, `v=spf1 -all`.
    pub fn is_null(&self) -> bool {
        self.record.as_deref().is_some_and(|r| {
            let terms: Vec<String> = r.split_ascii_whitespace().map(str::to_ascii_lowercase).collect();
            terms == ["v=spf1", "-all"]
        })
    }
}

/// The overall status.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// No errors and no warnings.
    Good,
    /// Warnings, no errors.
    NeedsAttention,
    /// Errors, or no DMARC policy at all.
    AtRisk,
}

/// One thing to do.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Action {
    /// The finding's code.
    pub code: Code,
    /// How urgent.
    pub severity: Severity,
    /// What it is about, e.g. `_dmarc.example.com TXT`.
    pub subject: String,
    /// A short text: the first sentence of the finding.
    pub text: String,
    /// How to fix it.
    pub fix: String,
    /// Where the app helps: `#/explain?r=…` for a record to fix,
    /// `#/build?d=…` for one to create; none when the fix is elsewhere.
    pub link: Option<String>,
}

/// The verdict.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// The domain checked.
    pub domain: String,
    /// The overall status.
    pub status: Status,
    /// Why, in one sentence.
    pub reason: String,
    /// What to do, most urgent first.
    pub actions: Vec<Action>,
    /// The summary's own findings (SPF facts, DMARC at none, parked posture).
    pub findings: Vec<Finding>,
}

/// What the summary is made from: whatever parts have finished.
#[derive(Clone, Copy, Debug, Default)]
pub struct SummaryInputs<'a> {
    /// The domain checked.
    pub domain: &'a str,
    /// DMARC discovery.
    pub dmarc: Option<&'a DmarcCheck>,
    /// The SPF facts.
    pub spf: Option<&'a SpfFacts>,
    /// The DKIM probe.
    pub dkim: Option<&'a DkimCheck>,
    /// Report addresses.
    pub report_auth: &'a [ReportAuth],
    /// The MX check.
    pub mx: Option<&'a MxCheck>,
    /// BIMI, MTA-STS and TLS-RPT.
    pub policy_records: Option<&'a PolicyRecords>,
}

/// The first sentence of a message: up to the first ". " before a capital.
fn first_sentence(message: &str) -> String {
    let bytes = message.as_bytes();
    let cut = message
        .match_indices(". ")
        .map(|(at, _)| at)
        .find(|at| bytes.get(at + 2).is_some_and(|b| b.is_ascii_uppercase()));
    match cut.and_then(|at| message.get(..=at)) {
        Some(first) => first.to_string(),
        None => message.to_string(),
    }
}

/// The summary's own findings: SPF facts, DMARC at none, parked posture.
fn own_findings(inputs: &SummaryInputs, domain: &str) -> Vec<Finding> {
    let mut out = Vec::new();
    let parked = parked_reason(inputs);
    if let Some(spf) = inputs.spf {
        let subject = format!("{domain} TXT");
        if spf.permerror {
            let why = if spf.lookups > 10 {
                format!("{} DNS lookups, more than 10", spf.lookups)
            } else if spf.void_lookups > 2 {
                format!("{} lookups found nothing, more than 2", spf.void_lookups)
            } else {
                "see the SPF tree for the term at fault".to_string()
            };
            let mut f = finding(subject, CheckCode::SpfPermerror, &[("domain", domain), ("why", &why)]);
            if let Some(record) = &spf.record {
                f.text = Some(record.clone());
            }
            out.push(f);
        } else if spf.temperror {
            out.push(finding(subject, CheckCode::SpfTemperror, &[("domain", domain)]));
        } else if spf.record.is_none() && parked.is_none() {
            out.push(finding(subject, CheckCode::SpfMissing, &[("domain", domain)]));
        }
    }
    let policy = inputs.dmarc.and_then(|d| d.effective_policy.as_deref());
    match (parked, inputs.dmarc) {
        (Some(why), Some(dmarc)) => {
            if inputs.spf.is_some_and(|s| !s.is_null() && !s.temperror) {
                out.push(finding(
                    format!("{domain} TXT"),
                    CheckCode::ParkedSpf,
                    &[("domain", domain), ("why", why)],
                ));
            }
            if policy != Some("reject") && !unknown_dmarc(dmarc) {
                let shown = policy.unwrap_or("missing");
                out.push(finding(
                    format!("_dmarc.{domain} TXT"),
                    CheckCode::ParkedDmarc,
                    &[("domain", domain), ("why", why), ("policy", shown)],
                ));
            }
        }
        (None, Some(dmarc)) if policy == Some("none") => {
            let source = dmarc.source_domain.as_deref().unwrap_or(domain);
            out.push(finding(
                format!("_dmarc.{source} TXT"),
                CheckCode::DmarcMonitoring,
                &[("domain", domain)],
            ));
        }
        _ => {}
    }
    out
}

/// Whether the DMARC lookup failed, so nothing is known of the policy.
fn unknown_dmarc(dmarc: &DmarcCheck) -> bool {
    dmarc.record.is_none() && dmarc.findings.iter().any(|f| f.diagnostic.code == CheckCode::DmarcLookupFailed)
}

/// Why the domain looks parked, when it does: it receives no mail and
/// shows no sign of sending.
fn parked_reason(inputs: &SummaryInputs) -> Option<&'static str> {
    let mx = inputs.mx?;
    let why = match mx.status {
        MxStatus::NullMx => "it publishes a null MX",
        MxStatus::NoMx => "it publishes no MX records",
        MxStatus::Hosts | MxStatus::NoDomain | MxStatus::Failed => return None,
    };
    let sends_spf = inputs.spf.is_some_and(|s| s.record.is_some() && !s.is_null());
    let sends_dkim = inputs.dkim.is_some_and(|d| d.usable_keys().next().is_some());
    (!sends_spf && !sends_dkim).then_some(why)
}

/// Where the app helps with a finding.
fn link(f: &Finding, kind: Option<&str>, domain: &str) -> Option<String> {
    let build = [
        CheckCode::DmarcMissing,
        CheckCode::DmarcSeveral,
        CheckCode::DmarcMonitoring,
        CheckCode::ParkedDmarc,
        CheckCode::ParkedSpf,
        CheckCode::SpfMissing,
    ];
    if build.iter().any(|c| f.diagnostic.code == *c) {
        return Some(format!("#/build?d={}", encode(domain)));
    }
    let text = f.text.as_deref().filter(|t| !t.is_empty())?;
    Some(match kind {
        Some(kind) => format!("#/explain?r={}&k={kind}", encode(text)),
        None => format!("#/explain?r={}", encode(text)),
    })
}

/// The status, the actions and the summary's own findings, from whatever
/// parts have finished. See the module docs for how the status is decided.
pub fn summarize(inputs: &SummaryInputs) -> Summary {
    let domain = normalize(inputs.domain);
    let own = own_findings(inputs, &domain);
    // Every finding with the record kind its text is, in part order.
    let mut all: Vec<(&Finding, Option<&str>)> = Vec::new();
    if let Some(dmarc) = inputs.dmarc {
        all.extend(dmarc.findings.iter().map(|f| (f, Some("dmarc"))));
    }
    all.extend(
        own.iter()
            .map(|f| (f, if f.diagnostic.code == CheckCode::SpfPermerror { Some("spf") } else { None })),
    );
    if let Some(dkim) = inputs.dkim {
        all.extend(dkim.keys.iter().flat_map(|k| k.findings.iter()).map(|f| (f, Some("dkim"))));
        all.extend(dkim.findings.iter().map(|f| (f, None)));
    }
    all.extend(inputs.report_auth.iter().flat_map(|r| r.findings.iter()).map(|f| (f, None)));
    if let Some(mx) = inputs.mx {
        all.extend(mx.findings.iter().map(|f| (f, None)));
        all.extend(mx.hosts.iter().flat_map(|h| h.findings.iter()).map(|f| (f, None)));
    }
    if let Some(records) = inputs.policy_records {
        for record in [&records.bimi, &records.mta_sts, &records.tls_rpt] {
            all.extend(record.findings.iter().map(|f| (f, Some(record.kind.as_str()))));
        }
    }

    let mut actions: Vec<Action> = Vec::new();
    for (f, kind) in &all {
        if f.diagnostic.severity == Severity::Info {
            continue;
        }
        let text = first_sentence(&f.diagnostic.message);
        let seen =
            actions.iter().any(|a| a.code == f.diagnostic.code && a.subject == f.subject && a.text == text);
        if seen {
            continue;
        }
        actions.push(Action {
            code: f.diagnostic.code,
            severity: f.diagnostic.severity,
            subject: f.subject.clone(),
            link: link(f, *kind, &domain),
            fix: f.diagnostic.help.clone(),
            text,
        });
    }
    crate::order::sort_by_key(&mut actions, |a| a.severity);

    let errors = actions.iter().filter(|a| a.severity == Severity::Error).count();
    let warnings = actions.len() - errors;
    let no_policy = inputs.dmarc.is_some_and(|d| d.effective_policy.is_none() && !unknown_dmarc(d));
    let (status, reason) = if errors > 0 || no_policy {
        let lead = if no_policy { "No DMARC policy applies to the domain" } else { "Something is broken" };
        (Status::AtRisk, format!("{lead}: {errors} error(s) and {warnings} warning(s) to fix, errors first."))
    } else if warnings > 0 {
        (Status::NeedsAttention, format!("No errors, but {warnings} warning(s) worth fixing."))
    } else {
        (Status::Good, "No errors and no warnings in what DNS shows.".to_string())
    };
    Summary { domain, status, reason, actions, findings: own }
}

/// Every part of a domain check, as [`check_domain`] runs them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DomainCheck {
    /// DMARC discovery.
    pub dmarc: DmarcCheck,
    /// The DKIM probe.
    pub dkim: DkimCheck,
    /// The MX check.
    pub mx: MxCheck,
    /// BIMI, MTA-STS and TLS-RPT.
    pub policy_records: PolicyRecords,
    /// The report addresses of the DMARC record.
    pub report_auth: Vec<ReportAuth>,
    /// The bulk-sender checklist.
    pub bulk: BulkCheck,
    /// The verdict.
    pub summary: Summary,
}

/// Runs every part but SPF (whose facts the caller passes, when it has
/// them) side by side, then the checklist and the verdict. Wrap the
/// resolver in a [`CheckResolver`](super::resolver::CheckResolver) so the
/// parts share their answers. A page that shows each part as it finishes
/// calls the parts itself instead.
pub async fn check_domain<R: Resolver, S: AsRef<str>>(
    resolver: &R,
    domain: &str,
    selectors: &[S],
    spf: Option<&SpfFacts>,
) -> DomainCheck {
    let domain = normalize(domain);
    let ((dmarc, report_auth), (dkim, (mx, policy_records))) = join2(
        async {
            let dmarc = check_dmarc(resolver, &domain).await;
            let report_auth = check_report_auth(resolver, &dmarc).await;
            (dmarc, report_auth)
        },
        join2(
            check_dkim(resolver, &domain, selectors),
            join2(check_mx(resolver, &domain), check_policy_records(resolver, &domain)),
        ),
    )
    .await;
    DomainCheck::assemble(&domain, dmarc, dkim, mx, policy_records, report_auth, spf)
}

impl DomainCheck {
    /// The parts, with the bulk-sender checklist and the verdict worked
    /// out from them (and from the SPF facts, when known).
    pub fn assemble(
        domain: &str,
        dmarc: DmarcCheck,
        dkim: DkimCheck,
        mx: MxCheck,
        policy_records: PolicyRecords,
        report_auth: Vec<ReportAuth>,
        spf: Option<&SpfFacts>,
    ) -> DomainCheck {
        let bulk = bulk_checklist(&BulkInputs::from_checks(&dmarc, &dkim, spf));
        let summary = summarize(&SummaryInputs {
            domain,
            dmarc: Some(&dmarc),
            spf,
            dkim: Some(&dkim),
            report_auth: &report_auth,
            mx: Some(&mx),
            policy_records: Some(&policy_records),
        });
        DomainCheck { dmarc, dkim, mx, policy_records, report_auth, bulk, summary }
    }
}

#[cfg(test)]
mod tests;
