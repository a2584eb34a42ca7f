//! DMARC discovery, live: which record governs a domain, found the way an
//! RFC 9989 receiver finds it, and what policy it applies.
//!
//! 1. `_dmarc.<domain>` is asked. Records that do not start with exactly
//!    `v=DMARC1` are skipped; when more than one is left, all are
//!    discarded (§4.10). Exactly one is the domain's own record, and its
//!    `p` applies.
//! 2. Otherwise the DNS tree walk (§4.10) goes up from the parent (or,
//!    for a name of more than eight labels, from its last seven labels)
//!    down to the top-level domain, stopping at a record with `psd=y` or
//!    `psd=n`. The organizational domain is picked from the records found
//!    (§4.10.2): `psd=n` names itself, `psd=y` names the label below it,
//!    otherwise the shortest name with a record wins. Its record governs,
//!    else the public suffix record (§4.10.1), with `sp` for an existing
//!    domain and `np` for one that does not exist (NXDOMAIN on A, AAAA, MX
//!    and TXT alike).
//!
//! The walk's queries go out together (at most eight), and only the names
//! a receiver would ask are reported. A failed query is never read as "no
//! record": a failure at `_dmarc.<domain>` leaves the policy unknown.
//! The Public Suffix List plays no part here.

use serde::Serialize;

use super::join::{join2, join_all};
use super::util::{
    self, finding, finding_in, is_dmarc, lookup_failed, normalize, starts_with_version, txt_texts,
};
use super::Finding;
use crate::catalogue::CheckCode;
use crate::diag::Severity;
use crate::dns::{Answer, RecordType, Resolver};
use crate::domain::is_hostname;
use crate::record::dmarc::{self, Psd};
use crate::record::{explain_as, Explanation, Kind};

/// Which of the governing record's policies applies to the domain.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Applies {
    /// The domain's own record: its `p`.
    Domain,
    /// A parent's record, the domain exists: `sp`, else `p`.
    Subdomain,
    /// A parent's record, the domain does not exist: `np`, else `sp`, else `p`.
    Nonexistent,
}

/// The outcome of DMARC discovery for one domain.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DmarcCheck {
    /// The domain checked (lower case, no trailing dot).
    pub domain: String,
    /// The record that governs the domain, as published.
    pub record: Option<String>,
    /// Where that record is published (without `_dmarc.`).
    pub source_domain: Option<String>,
    /// The policy receivers apply to the domain's failing mail (`none`,
    /// `quarantine`, `reject`), after `t=y` lowers it one level; `None`
    /// when no DMARC policy applies or it could not be found out.
    pub effective_policy: Option<String>,
    /// Which of the record's policies applies.
    pub applies: Option<Applies>,
    /// Whether the governing record asks for testing mode (`t=y`).
    pub testing: bool,
    /// Whether the governing record is a public suffix operator's (`psd=y`).
    pub psd: bool,
    /// Whether the domain exists: `Some(false)` on NXDOMAIN, `None` when
    /// the lookups failed.
    pub domain_exists: Option<bool>,
    /// The organizational domain the tree walk found (RFC 9989 §4.10.2).
    pub org_domain: String,
    /// The `_dmarc` names a receiver asks, in order.
    pub queried: Vec<String>,
    /// The governing record explained with every rule of the Explain page.
    pub explanation: Option<Explanation>,
    /// Findings, errors first.
    pub findings: Vec<Finding>,
}

/// The organizational domain of a name, found by the DNS tree walk.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct OrgDomain {
    /// The name the walk started from.
    pub domain: String,
    /// Its organizational domain.
    pub org_domain: String,
    /// The `_dmarc` names a receiver asks, in order.
    pub queried: Vec<String>,
    /// Whether every query of the walk was answered (no failure).
    pub complete: bool,
}

/// One name of the walk and what its `_dmarc` TXT query gave.
struct Step {
    /// The name, without `_dmarc.`.
    name: String,
    answer: Answer,
    /// The records that start with exactly `v=DMARC1`.
    dmarc: Vec<String>,
    /// The other TXT records.
    others: Vec<String>,
}

impl Step {
    /// The one DMARC record, when there is exactly one.
    fn single(&self) -> Option<&str> {
        match self.dmarc.as_slice() {
            [one] => Some(one),
            _ => None,
        }
    }

    fn psd(&self) -> Option<Psd> {
        self.single().and_then(|r| dmarc::parse(r).0.psd.map(|p| p.value))
    }
}

/// The names the tree walk may ask, longest first: the domain, then (if
/// it has eight labels or more) its last seven labels or else its parent,
/// then one label less at a time down to the top-level domain (§4.10).
pub(crate) fn walk_names(domain: &str) -> Vec<String> {
    let labels = util::labels(domain);
    let count = labels.len();
    let mut names = vec![domain.to_string()];
    let first = if count < 8 { 1 } else { count - 7 };
    for start in first..count {
        if let Some(rest) = labels.get(start..) {
            names.push(rest.join("."));
        }
    }
    names
}

/// Asks every `_dmarc` name of the walk at once, and keeps the steps a
/// receiver would take: up to and including the first single record with
/// `psd=y` or `psd=n`.
async fn walk<R: Resolver>(resolver: &R, domain: &str) -> Vec<Step> {
    let names = walk_names(domain);
    let queries: Vec<String> = names.iter().map(|n| format!("_dmarc.{n}")).collect();
    let answers = join_all(queries.iter().map(|q| resolver.query(q, RecordType::Txt))).await;
    let mut steps = Vec::new();
    for (name, answer) in names.into_iter().zip(answers) {
        let (dmarc, others): (Vec<String>, Vec<String>) =
            txt_texts(&answer).into_iter().partition(|t| is_dmarc(t));
        let step = Step { name, answer, dmarc, others };
        let stop = matches!(step.psd(), Some(Psd::Yes | Psd::No));
        steps.push(step);
        if stop {
            break;
        }
    }
    steps
}

/// The last `count` labels of `name`.
fn last_labels(name: &str, count: usize) -> String {
    let labels = util::labels(name);
    labels.get(labels.len().saturating_sub(count)..).map(|l| l.join(".")).unwrap_or_default()
}

/// The organizational domain from the walk's records (§4.10.2).
fn org_from(steps: &[Step], start: &str) -> String {
    for step in steps {
        match step.psd() {
            Some(Psd::No) => return step.name.clone(),
            Some(Psd::Yes) if step.name != start => {
                return last_labels(start, util::labels(&step.name).len() + 1);
            }
            _ => {}
        }
    }
    steps.iter().rev().find(|s| s.single().is_some()).map_or_else(|| start.to_string(), |s| s.name.clone())
}

/// Finds the organizational domain of `domain` with the DNS tree walk
/// (RFC 9989 §4.10.2), as report authorization and alignment need it.
/// When a query fails, the walk goes on as if the name had no record, and
/// `complete` is false.
pub async fn org_domain<R: Resolver>(resolver: &R, domain: &str) -> OrgDomain {
    let domain = normalize(domain);
    let steps = walk(resolver, &domain).await;
    OrgDomain {
        org_domain: org_from(&steps, &domain),
        queried: steps.iter().map(|s| format!("_dmarc.{}", s.name)).collect(),
        complete: steps.iter().all(|s| s.answer.failure().is_none()),
        domain,
    }
}

/// Whether a domain exists, from its A, AAAA, MX and TXT answers: an
/// answer with records or NODATA says yes, NXDOMAIN (with no answer
/// saying otherwise) says no, failures alone say nothing.
fn exists(answers: &[Answer]) -> Option<bool> {
    if answers.iter().any(|a| matches!(a, Answer::Records(_) | Answer::NoData)) {
        Some(true)
    } else if answers.iter().any(|a| matches!(a, Answer::NxDomain)) {
        Some(false)
    } else {
        None
    }
}

/// How the governing record was found.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Source {
    Own,
    Org,
    Suffix,
}

/// Looks up the DMARC policy that governs `domain`, with the RFC 9989 DNS
/// tree walk, and explains the record found. See the module docs.
///
/// Queries: `_dmarc` TXT along the walk (at most eight names), and A, AAAA,
/// MX and TXT at the domain (whether it exists, and a DMARC record
/// misplaced at the apex), all at once.
pub async fn check_dmarc<R: Resolver>(resolver: &R, domain: &str) -> DmarcCheck {
    let domain = normalize(domain);
    let mut check = DmarcCheck {
        domain: domain.clone(),
        record: None,
        source_domain: None,
        effective_policy: None,
        applies: None,
        testing: false,
        psd: false,
        domain_exists: None,
        org_domain: domain.clone(),
        queried: Vec::new(),
        explanation: None,
        findings: Vec::new(),
    };
    if !is_hostname(&domain) {
        check.findings.push(finding(domain.clone(), CheckCode::DomainInvalid, &[("domain", &domain)]));
        return check;
    }
    let types = [RecordType::A, RecordType::Aaaa, RecordType::Mx, RecordType::Txt];
    let (steps, presence) =
        join2(walk(resolver, &domain), join_all(types.iter().map(|t| resolver.query(&domain, *t)))).await;
    check.domain_exists = exists(&presence);
    apex_findings(&domain, presence.get(3), &mut check.findings);

    let Some(first) = steps.first() else {
        return check;
    };
    if let Some(failure) = first.answer.failure() {
        check.queried.push(format!("_dmarc.{domain}"));
        let why = failure.to_string();
        check.findings.push(finding(
            format!("_dmarc.{domain} TXT"),
            CheckCode::DmarcLookupFailed,
            &[("domain", &domain), ("why", &why)],
        ));
        return check;
    }
    check.queried = steps.iter().map(|s| format!("_dmarc.{}", s.name)).collect();
    check.org_domain = org_from(&steps, &domain);

    let governing: Option<(&Step, Source)> = if first.single().is_some() {
        Some((first, Source::Own))
    } else if let Some(org) =
        steps.iter().find(|s| s.name == check.org_domain && s.name != domain && s.single().is_some())
    {
        Some((org, Source::Org))
    } else {
        steps.iter().skip(1).find(|s| s.psd() == Some(Psd::Yes)).map(|s| (s, Source::Suffix))
    };

    let mut failed = false;
    for step in &steps {
        let subject = format!("_dmarc.{} TXT", step.name);
        if let Some(failure) = step.answer.failure() {
            failed = true;
            let what = format!("the DMARC record of {}, and so the policy of {domain},", step.name);
            check.findings.push(lookup_failed(
                &format!("_dmarc.{}", step.name),
                RecordType::Txt,
                failure,
                &what,
            ));
        }
        for other in &step.others {
            check.findings.push(finding_in(
                subject.clone(),
                other.clone(),
                CheckCode::DmarcOtherTxt,
                &[("name", &step.name)],
            ));
            if starts_with_version(other, "DMARC1", true) {
                // v=dmarc1 and the like: the Explain rules say what is wrong.
                let explanation = explain_as(other, Some(Kind::Dmarc));
                check.findings.extend(util::explanation_findings(&subject, &explanation));
            }
        }
        if step.dmarc.len() > 1 {
            let outcome = if step.name != domain {
                format!("no policy is taken from {}", step.name)
            } else if let Some((source, _)) = governing {
                format!("mail from {domain} is judged by the record at _dmarc.{} instead", source.name)
            } else {
                format!("{domain} has no DMARC policy")
            };
            let count = step.dmarc.len().to_string();
            check.findings.push(finding(
                subject,
                CheckCode::DmarcSeveral,
                &[("count", &count), ("name", &step.name), ("outcome", &outcome)],
            ));
        }
    }

    let labels = util::labels(&domain).len();
    if labels > 8 && !matches!(governing, Some((_, Source::Own))) {
        let skipped: Vec<String> = (1..labels - 7).map(|i| last_labels(&domain, labels - i)).collect();
        let first_asked = last_labels(&domain, 7);
        let count = labels.to_string();
        check.findings.push(finding(
            format!("_dmarc.{domain} TXT"),
            CheckCode::DmarcLongName,
            &[
                ("domain", &domain),
                ("count", &count),
                ("first", &first_asked),
                ("skipped", &skipped.join(", ")),
            ],
        ));
    }

    match governing {
        Some((step, source)) => {
            let text = step.single().unwrap_or_default().to_string();
            govern(&mut check, &step.name, &text, source);
        }
        None => {
            let several = steps.iter().any(|s| s.dmarc.len() > 1);
            if !failed && !several {
                check.findings.push(finding(
                    format!("_dmarc.{domain} TXT"),
                    CheckCode::DmarcMissing,
                    &[("domain", &domain)],
                ));
            }
        }
    }
    crate::order::sort_by_key(&mut check.findings, |f| f.diagnostic.severity);
    check
}

/// A record that starts like a DMARC record, published at the domain itself.
fn apex_findings(domain: &str, txt: Option<&Answer>, findings: &mut Vec<Finding>) {
    for text in txt.map(txt_texts).unwrap_or_default() {
        if starts_with_version(&text, "DMARC1", true) {
            findings.push(finding_in(
                format!("{domain} TXT"),
                text.clone(),
                CheckCode::DmarcAtApex,
                &[("domain", domain)],
            ));
        }
    }
}

/// Fills in the governing record, its policy, and its explanation.
fn govern(check: &mut DmarcCheck, source_name: &str, text: &str, source: Source) {
    let (record, _) = dmarc::parse(text);
    let applies = match (source, check.domain_exists) {
        (Source::Own, _) => Applies::Domain,
        (_, Some(false)) => Applies::Nonexistent,
        _ => Applies::Subdomain,
    };
    let (policy, tag) = match applies {
        Applies::Domain => (record.effective_policy(), "p"),
        Applies::Subdomain => {
            (record.effective_subdomain_policy(), if record.subdomain_policy.is_some() { "sp" } else { "p" })
        }
        Applies::Nonexistent => (
            record.effective_nonexistent_policy(),
            if record.nonexistent_policy.is_some() {
                "np"
            } else if record.subdomain_policy.is_some() {
                "sp"
            } else {
                "p"
            },
        ),
    };
    check.testing = record.is_testing();
    check.psd = source == Source::Suffix;
    let policy = policy.map(|p| if check.testing { p.one_level_less() } else { p });
    check.effective_policy = policy.map(|p| p.as_str().to_string());
    check.applies = Some(applies);
    check.record = Some(text.to_string());
    check.source_domain = Some(source_name.to_string());

    let domain = check.domain.clone();
    let shown =
        check.effective_policy.clone().unwrap_or_else(|| "none at all (the record is not usable)".into());
    let subject = format!("_dmarc.{source_name} TXT");
    let args =
        [("domain", domain.as_str()), ("source", source_name), ("tag", tag), ("policy", shown.as_str())];
    match applies {
        Applies::Domain => {}
        Applies::Subdomain => check.findings.push(finding(subject.clone(), CheckCode::DmarcInherited, &args)),
        Applies::Nonexistent => {
            check.findings.push(finding(subject.clone(), CheckCode::DmarcNonexistent, &args))
        }
    }
    if source == Source::Suffix {
        let org = check.org_domain.clone();
        check.findings.push(finding(
            subject.clone(),
            CheckCode::DmarcPsdPolicy,
            &[("domain", &domain), ("source", source_name), ("org", &org)],
        ));
    }
    let explanation = explain_as(text, Some(Kind::Dmarc));
    check.findings.extend(util::explanation_findings(&subject, &explanation));
    check.explanation = Some(explanation);
}

impl DmarcCheck {
    /// Whether any finding is an error.
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(|f| f.diagnostic.severity == Severity::Error)
    }
}

#[cfg(test)]
mod tests;
