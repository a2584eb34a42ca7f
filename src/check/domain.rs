//! The whole live check of one domain: every part side by side over one
//! [`CheckResolver`], each handed to the caller as it finishes, then the
//! bulk-sender checklist and the verdict. The page and `dmarc-lens check`
//! both run this, so they show the same findings.

use std::net::IpAddr;

use serde::Serialize;

use super::dkim::{check_dkim, DkimCheck};
use super::dmarc::{check_dmarc, DmarcCheck};
use super::join::{each_as_ready, BoxFuture};
use super::mx::{check_mx, MxCheck};
use super::policy_records::{check_policy_records, PolicyRecords};
use super::report_auth::{check_report_auth, ReportAuth};
use super::resolver::CheckResolver;
use super::spf::{spf_tree, NodeStatus, SpfCheck, SpfNode};
use super::summary::{DomainCheck, SpfFacts};
use super::util::normalize;
use super::Finding;
use crate::catalogue::CheckSpfCode;
use crate::diag::Severity;
use crate::dns::Resolver;

/// What to check.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// The domain.
    pub domain: String,
    /// DKIM selectors to try besides the common ones.
    pub selectors: Vec<String>,
    /// An address to run SPF's `check_host()` for.
    pub ip: Option<IpAddr>,
}

/// One part of the check, as it finishes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Part {
    /// DMARC discovery, with the authorization of its report addresses.
    Dmarc(Box<DmarcCheck>, Vec<ReportAuth>),
    /// The SPF tree.
    Spf(Box<SpfCheck>),
    /// The DKIM probe.
    Dkim(Box<DkimCheck>),
    /// MX.
    Mx(Box<MxCheck>),
    /// BIMI, MTA-STS and TLS-RPT.
    PolicyRecords(Box<PolicyRecords>),
}

/// The finished check: every part, the checklist, the verdict, and how many
/// DNS queries it took.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DomainReport {
    /// The domain, normalised.
    pub domain: String,
    /// Every part but SPF, with the checklist and the verdict.
    pub check: DomainCheck,
    /// The SPF tree.
    pub spf: SpfCheck,
    /// Distinct DNS queries made.
    pub queries: usize,
}

/// The facts the verdict needs from the SPF tree.
pub fn spf_facts(spf: &SpfCheck) -> SpfFacts {
    fn any(nodes: &[SpfNode], status: &[NodeStatus]) -> bool {
        nodes.iter().any(|n| status.contains(&n.status) || any(&n.children, status))
    }
    let permanent = [
        NodeStatus::NoSpf,
        NodeStatus::SeveralRecords,
        NodeStatus::RecordError,
        NodeStatus::TooManyNames,
        NodeStatus::Loop,
        NodeStatus::BeyondLimit,
    ];
    let over = spf.lookups > super::spf::LOOKUP_LIMIT || spf.void_lookups > super::spf::VOID_LIMIT;
    let several = spf.findings.iter().any(|f| f.diagnostic.code == CheckSpfCode::SeveralRecords);
    let record_errors = spf.findings.iter().any(|f| {
        f.diagnostic.severity == Severity::Error
            && f.subject.ends_with(" TXT")
            && f.diagnostic.code != CheckSpfCode::None
    });
    SpfFacts {
        record: spf.record.clone(),
        lookups: spf.lookups,
        void_lookups: spf.void_lookups,
        permerror: over || several || record_errors || any(&spf.tree, &permanent),
        temperror: any(&spf.tree, &[NodeStatus::TempError])
            || spf.findings.iter().any(|f| f.diagnostic.code == CheckSpfCode::TempError),
    }
}

/// Checks `options.domain` over `resolver` (a fresh [`CheckResolver`] for
/// this check, which the caller keeps to show progress), handing each part
/// to `each` as it finishes. Every name and type is asked once.
pub async fn run<R: Resolver>(
    resolver: &CheckResolver<R>,
    options: &Options,
    mut each: impl FnMut(&Part),
) -> DomainReport {
    let domain = normalize(&options.domain);
    let (r, d) = (resolver, domain.as_str());
    let futures: Vec<BoxFuture<'_, Part>> = vec![
        Box::pin(async move {
            let dmarc = check_dmarc(r, d).await;
            let auth = check_report_auth(r, &dmarc).await;
            Part::Dmarc(Box::new(dmarc), auth)
        }),
        Box::pin(async move { Part::Spf(Box::new(spf_tree(r, d, options.ip).await)) }),
        Box::pin(
            async move { Part::Dkim(Box::new(check_dkim(&r.background(), d, &options.selectors).await)) },
        ),
        Box::pin(async move { Part::Mx(Box::new(check_mx(r, d).await)) }),
        Box::pin(async move { Part::PolicyRecords(Box::new(check_policy_records(r, d).await)) }),
    ];
    let (mut dmarc, mut spf, mut dkim, mut mx, mut policy) = (None, None, None, None, None);
    each_as_ready(futures, |part| {
        each(&part);
        match part {
            Part::Dmarc(check, auth) => dmarc = Some((*check, auth)),
            Part::Spf(check) => spf = Some(*check),
            Part::Dkim(check) => dkim = Some(*check),
            Part::Mx(check) => mx = Some(*check),
            Part::PolicyRecords(check) => policy = Some(*check),
        }
    })
    .await;
    // Every future above gives its part exactly once.
    let (Some((dmarc, auth)), Some(spf), Some(dkim), Some(mx), Some(policy)) = (dmarc, spf, dkim, mx, policy)
    else {
        unreachable!("each part is handed over once")
    };
    let facts = spf_facts(&spf);
    let check = DomainCheck::assemble(&domain, dmarc, dkim, mx, policy, auth, Some(&facts));
    DomainReport { domain, check, spf, queries: resolver.query_count() }
}

impl DomainReport {
    /// Every finding of every part, errors first, then warnings, then
    /// notes, each group in part order.
    pub fn findings(&self) -> Vec<&Finding> {
        let c = &self.check;
        let mut all: Vec<&Finding> = Vec::new();
        all.extend(&c.dmarc.findings);
        all.extend(c.report_auth.iter().flat_map(|a| &a.findings));
        all.extend(&self.spf.findings);
        all.extend(&c.dkim.findings);
        all.extend(c.dkim.keys.iter().flat_map(|k| &k.findings));
        all.extend(&c.mx.findings);
        all.extend(c.mx.hosts.iter().flat_map(|h| &h.findings));
        for record in [&c.policy_records.bimi, &c.policy_records.mta_sts, &c.policy_records.tls_rpt] {
            all.extend(&record.findings);
        }
        all.extend(&c.bulk.findings);
        all.extend(&c.summary.findings);
        let mut seen = std::collections::HashSet::new();
        all.retain(|f| {
            seen.insert((f.subject.as_str(), f.diagnostic.code, f.diagnostic.span, &f.diagnostic.message))
        });
        crate::order::sort_by_key(&mut all, |f| f.diagnostic.severity);
        all
    }
}

/// The `check --json` shape.
#[derive(Serialize)]
struct Json<'a> {
    domain: &'a str,
    status: super::summary::Status,
    reason: &'a str,
    actions: &'a [super::summary::Action],
    dmarc: &'a DmarcCheck,
    spf: &'a SpfCheck,
    dkim: &'a [super::dkim::DkimKey],
    dkim_selectors_tried: &'a [String],
    mx: &'a [super::mx::MxHost],
    null_mx: bool,
    report_auth: &'a [ReportAuth],
    bimi: &'a super::policy_records::PolicyRecord,
    mta_sts: &'a super::policy_records::PolicyRecord,
    tls_rpt: &'a super::policy_records::PolicyRecord,
    bulk_senders: &'a [super::bulk::BulkItem],
    diagnostics: Vec<&'a Finding>,
    queries: usize,
}

impl Serialize for DomainReport {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let c = &self.check;
        Json {
            domain: &self.domain,
            status: c.summary.status,
            reason: &c.summary.reason,
            actions: &c.summary.actions,
            dmarc: &c.dmarc,
            spf: &self.spf,
            dkim: &c.dkim.keys,
            dkim_selectors_tried: &c.dkim.tried,
            mx: &c.mx.hosts,
            null_mx: c.mx.null_mx,
            report_auth: &c.report_auth,
            bimi: &c.policy_records.bimi,
            mta_sts: &c.policy_records.mta_sts,
            tls_rpt: &c.policy_records.tls_rpt,
            bulk_senders: &c.bulk.items,
            diagnostics: self.findings(),
            queries: self.queries,
        }
        .serialize(serializer)
    }
}
