//! The bulk-sender checklist: what Google and Yahoo (2024) and Microsoft's
//! consumer mail (Outlook.com, Hotmail.com, Live.com; 2025) ask of domains
//! sending them about 5,000 or more messages a day, held as data, and
//! judged from what DNS shows.
//!
//! DNS shows whether SPF, DKIM keys and a DMARC policy are published. It
//! cannot show whether real mail passes and aligns, carries one-click
//! unsubscribe, stays under the spam-rate limits, or comes from IPs with
//! proper reverse DNS: every item says what DNS cannot show, and items DNS
//! cannot judge at all are `unknown`, never `pass`. A missing DKIM key is
//! `unknown` too: selectors cannot be listed.
//!
//! The inputs are a small plain struct ([`BulkInputs`]), so each part of
//! the check (the SPF tree is written elsewhere) can feed it.

use serde::Serialize;

use super::dkim::DkimCheck;
use super::dmarc::DmarcCheck;
use super::summary::SpfFacts;
use super::util::finding;
use super::Finding;
use crate::catalogue::CheckCode;

/// What DNS says about one requirement.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Met, as far as DNS shows.
    Pass,
    /// Not met.
    Fail,
    /// DNS cannot tell (or the lookup failed).
    Unknown,
}

/// What the checklist needs to know, from the other parts of the check.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct BulkInputs {
    /// The domain in the From header.
    pub domain: String,
    /// Whether an SPF record is published at the domain; `None` when that
    /// is not known (not checked, or the lookup failed).
    pub spf_found: Option<bool>,
    /// Whether evaluating the SPF record gives permerror.
    pub spf_permerror: bool,
    /// DKIM keys found that verifiers can use (not revoked, not too short).
    pub dkim_keys_found: usize,
    /// DKIM keys found that verifiers cannot use.
    pub dkim_keys_unusable: usize,
    /// How many selectors were tried.
    pub dkim_selectors_tried: usize,
    /// The DMARC policy that applies to the domain, if any.
    pub dmarc_policy: Option<String>,
    /// Where that policy is published (without `_dmarc.`).
    pub dmarc_source: Option<String>,
    /// Whether the DMARC lookup failed, so the policy is unknown.
    pub dmarc_unknown: bool,
}

impl BulkInputs {
    /// The inputs from the DMARC and DKIM parts and the SPF facts (`None`
    /// while the SPF part has not run).
    pub fn from_checks(dmarc: &DmarcCheck, dkim: &DkimCheck, spf: Option<&SpfFacts>) -> BulkInputs {
        let usable = dkim.usable_keys().count();
        let failed = |f: &Finding| {
            f.diagnostic.code == CheckCode::DmarcLookupFailed
                || matches!(f.diagnostic.code, crate::catalogue::Code::Dns(_))
        };
        BulkInputs {
            domain: dmarc.domain.clone(),
            spf_found: spf.and_then(|s| {
                if s.temperror && s.record.is_none() {
                    None
                } else {
                    Some(s.record.is_some())
                }
            }),
            spf_permerror: spf.is_some_and(|s| s.permerror),
            dkim_keys_found: usable,
            dkim_keys_unusable: dkim.keys.len().saturating_sub(usable),
            dkim_selectors_tried: dkim.tried.len(),
            dmarc_policy: dmarc.effective_policy.clone(),
            dmarc_source: dmarc.source_domain.clone(),
            dmarc_unknown: dmarc.record.is_none() && dmarc.findings.iter().any(failed),
        }
    }
}

/// One requirement of one provider, judged.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BulkItem {
    /// `Google`, `Yahoo` or `Microsoft`.
    pub provider: &'static str,
    /// What the provider asks for.
    pub requirement: &'static str,
    /// What DNS says.
    pub status: Status,
    /// What the status rests on.
    pub evidence: String,
    /// What DNS cannot show about this requirement.
    pub what_dns_cannot_show: &'static str,
    /// Where the provider says so.
    pub reference: &'static str,
}

/// The checklist, judged, and a finding for each requirement not met.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BulkCheck {
    /// Every requirement of every provider, in table order.
    pub items: Vec<BulkItem>,
    /// One finding per failed item.
    pub findings: Vec<Finding>,
}

/// How an item is judged from the inputs.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Test {
    Spf,
    Dkim,
    Dmarc,
    Alignable,
    /// Not in DNS at all.
    Elsewhere,
}

/// One row of the checklist.
struct Rule {
    provider: &'static str,
    requirement: &'static str,
    test: Test,
    what_dns_cannot_show: &'static str,
    fix: &'static str,
}

const GOOGLE: &str = "Google";
const YAHOO: &str = "Yahoo";
const MICROSOFT: &str = "Microsoft";

const SPF_UNSEEN: &str = "Whether every server that sends the domain's mail is listed, and whether SPF passes for the envelope sender (MAIL FROM) real messages use.";
const DKIM_UNSEEN: &str = "Whether messages are actually signed, and with this domain (or a parent) in d=; a key may also sit at a selector that was not tried.";
const DMARC_UNSEEN: &str =
    "Nothing more: the policy itself is in DNS. Whether mail passes DMARC shows in the aggregate reports.";
const ALIGN_UNSEEN: &str = "Whether real messages carry an SPF-passing MAIL FROM domain or a DKIM d= domain that matches the From domain; aggregate reports show it per source.";
const UNSUBSCRIBE_UNSEEN: &str = "It is a pair of headers in each marketing message (List-Unsubscribe and List-Unsubscribe-Post, RFC 8058), not a DNS record.";
const SPAM_UNSEEN: &str = "Spam rates are measured by the provider (Google Postmaster Tools, Yahoo Sender Hub, Microsoft SNDS); DNS shows nothing of them.";
const PTR_UNSEEN: &str = "The sending IPs are not in the domain's DNS: each needs a PTR record whose name resolves back to it. Aggregate reports list the IPs to check.";
const TLS_UNSEEN: &str = "TLS is negotiated per connection by the sending server; DNS cannot show it.";
const REPLY_UNSEEN: &str =
    "Whether the From or Reply-To address receives replies is a matter of the mailbox, not of DNS.";

const SPF_FIX: &str =
    "publish one SPF record at the domain listing every server that sends its mail, within 10 DNS lookups.";
const DKIM_FIX: &str =
    "turn on DKIM signing with this domain at every service that sends its mail, and publish their keys.";
const DMARC_FIX: &str = "publish _dmarc.<domain> TXT \"v=DMARC1; p=none; rua=mailto:…\" at least.";

const RULES: &[Rule] = &[
    Rule {
        provider: GOOGLE,
        requirement: "an SPF record for the sending domain",
        test: Test::Spf,
        what_dns_cannot_show: SPF_UNSEEN,
        fix: SPF_FIX,
    },
    Rule {
        provider: GOOGLE,
        requirement: "DKIM signing with a key published in DNS",
        test: Test::Dkim,
        what_dns_cannot_show: DKIM_UNSEEN,
        fix: DKIM_FIX,
    },
    Rule {
        provider: GOOGLE,
        requirement: "a DMARC policy (p=none or stricter)",
        test: Test::Dmarc,
        what_dns_cannot_show: DMARC_UNSEEN,
        fix: DMARC_FIX,
    },
    Rule {
        provider: GOOGLE,
        requirement: "a From domain aligned with the SPF or the DKIM domain",
        test: Test::Alignable,
        what_dns_cannot_show: ALIGN_UNSEEN,
        fix: DKIM_FIX,
    },
    Rule {
        provider: GOOGLE,
        requirement: "one-click unsubscribe in marketing and promotional mail",
        test: Test::Elsewhere,
        what_dns_cannot_show: UNSUBSCRIBE_UNSEEN,
        fix: "",
    },
    Rule {
        provider: GOOGLE,
        requirement: "a spam rate below 0.3% (ideally below 0.1%)",
        test: Test::Elsewhere,
        what_dns_cannot_show: SPAM_UNSEEN,
        fix: "",
    },
    Rule {
        provider: GOOGLE,
        requirement: "valid forward and reverse DNS (PTR) for the sending IPs",
        test: Test::Elsewhere,
        what_dns_cannot_show: PTR_UNSEEN,
        fix: "",
    },
    Rule {
        provider: GOOGLE,
        requirement: "TLS for every connection that sends mail",
        test: Test::Elsewhere,
        what_dns_cannot_show: TLS_UNSEEN,
        fix: "",
    },
    Rule {
        provider: YAHOO,
        requirement: "an SPF record for the sending domain",
        test: Test::Spf,
        what_dns_cannot_show: SPF_UNSEEN,
        fix: SPF_FIX,
    },
    Rule {
        provider: YAHOO,
        requirement: "DKIM signing with a key published in DNS",
        test: Test::Dkim,
        what_dns_cannot_show: DKIM_UNSEEN,
        fix: DKIM_FIX,
    },
    Rule {
        provider: YAHOO,
        requirement: "a valid DMARC policy (p=none or stricter)",
        test: Test::Dmarc,
        what_dns_cannot_show: DMARC_UNSEEN,
        fix: DMARC_FIX,
    },
    Rule {
        provider: YAHOO,
        requirement: "a From domain aligned with the SPF or the DKIM domain",
        test: Test::Alignable,
        what_dns_cannot_show: ALIGN_UNSEEN,
        fix: DKIM_FIX,
    },
    Rule {
        provider: YAHOO,
        requirement: "one-click unsubscribe in marketing mail",
        test: Test::Elsewhere,
        what_dns_cannot_show: UNSUBSCRIBE_UNSEEN,
        fix: "",
    },
    Rule {
        provider: YAHOO,
        requirement: "a spam rate below 0.3%",
        test: Test::Elsewhere,
        what_dns_cannot_show: SPAM_UNSEEN,
        fix: "",
    },
    Rule {
        provider: MICROSOFT,
        requirement: "SPF published and passing for the sending domain",
        test: Test::Spf,
        what_dns_cannot_show: SPF_UNSEEN,
        fix: SPF_FIX,
    },
    Rule {
        provider: MICROSOFT,
        requirement: "DKIM published and passing as well (both SPF and DKIM)",
        test: Test::Dkim,
        what_dns_cannot_show: DKIM_UNSEEN,
        fix: DKIM_FIX,
    },
    Rule {
        provider: MICROSOFT,
        requirement: "a DMARC policy of at least p=none",
        test: Test::Dmarc,
        what_dns_cannot_show: DMARC_UNSEEN,
        fix: DMARC_FIX,
    },
    Rule {
        provider: MICROSOFT,
        requirement: "DMARC alignment through SPF or DKIM (ideally both)",
        test: Test::Alignable,
        what_dns_cannot_show: ALIGN_UNSEEN,
        fix: DKIM_FIX,
    },
    Rule {
        provider: MICROSOFT,
        requirement: "a valid From or Reply-To address that receives replies",
        test: Test::Elsewhere,
        what_dns_cannot_show: REPLY_UNSEEN,
        fix: "",
    },
    Rule {
        provider: MICROSOFT,
        requirement: "a working unsubscribe link in bulk mail",
        test: Test::Elsewhere,
        what_dns_cannot_show: UNSUBSCRIBE_UNSEEN,
        fix: "",
    },
];

/// The status and evidence of one test.
fn judge(test: Test, inputs: &BulkInputs) -> (Status, String) {
    let spf_ok = inputs.spf_found == Some(true) && !inputs.spf_permerror;
    match test {
        Test::Spf => match (inputs.spf_found, inputs.spf_permerror) {
            (Some(true), false) => (Status::Pass, "an SPF record is published".into()),
            (Some(true), true) => {
                (Status::Fail, "the SPF record gives permerror, so SPF fails for every message".into())
            }
            (Some(false), _) => (Status::Fail, "no SPF record is published".into()),
            (None, _) => (Status::Unknown, "SPF was not checked, or its lookup failed".into()),
        },
        Test::Dkim => match (inputs.dkim_keys_found, inputs.dkim_keys_unusable) {
            (0, 0) => (
                Status::Unknown,
                format!(
                    "no key at the {} selectors tried; selectors cannot be listed from DNS, so a key may exist elsewhere",
                    inputs.dkim_selectors_tried
                ),
            ),
            (0, unusable) => (
                Status::Unknown,
                format!("only {unusable} revoked or unusable key(s) at the selectors tried"),
            ),
            (found, _) => (Status::Pass, format!("{found} usable DKIM key(s) published")),
        },
        Test::Dmarc => match (&inputs.dmarc_policy, inputs.dmarc_unknown) {
            (Some(policy), _) => {
                let at = inputs.dmarc_source.as_deref().unwrap_or(&inputs.domain);
                (Status::Pass, format!("policy {policy} from _dmarc.{at}"))
            }
            (None, true) => (Status::Unknown, "the DMARC lookup failed".into()),
            (None, false) => (Status::Fail, "no usable DMARC policy applies to the domain".into()),
        },
        Test::Alignable => {
            let mut ways = Vec::new();
            if inputs.dkim_keys_found > 0 {
                ways.push("a DKIM key at the domain itself");
            }
            if spf_ok {
                ways.push("an SPF record at the domain itself");
            }
            if ways.is_empty() {
                (
                    Status::Unknown,
                    "no DKIM key or working SPF record found at the domain itself; alignment may still come from a subdomain's SPF".into(),
                )
            } else {
                (Status::Pass, format!("alignment is possible through {}", ways.join(" and ")))
            }
        }
        Test::Elsewhere => (Status::Unknown, "not visible in DNS".into()),
    }
}

/// Judges every requirement from `inputs`.
pub fn bulk_checklist(inputs: &BulkInputs) -> BulkCheck {
    let mut items = Vec::new();
    let mut findings = Vec::new();
    for rule in RULES {
        let (status, evidence) = judge(rule.test, inputs);
        let (code, reference) = match rule.provider {
            GOOGLE => (CheckCode::BulkGoogle, CheckCode::BulkGoogle.rule().reference),
            YAHOO => (CheckCode::BulkYahoo, CheckCode::BulkYahoo.rule().reference),
            _ => (CheckCode::BulkMicrosoft, CheckCode::BulkMicrosoft.rule().reference),
        };
        if status == Status::Fail {
            let fix = rule.fix.replace("<domain>", &inputs.domain);
            findings.push(finding(
                inputs.domain.clone(),
                code,
                &[
                    ("requirement", rule.requirement),
                    ("domain", &inputs.domain),
                    ("evidence", &evidence),
                    ("fix", &fix),
                ],
            ));
        }
        items.push(BulkItem {
            provider: rule.provider,
            requirement: rule.requirement,
            status,
            evidence,
            what_dns_cannot_show: rule.what_dns_cannot_show,
            reference,
        });
    }
    BulkCheck { items, findings }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Severity;

    fn good() -> BulkInputs {
        BulkInputs {
            domain: "example.com".into(),
            spf_found: Some(true),
            spf_permerror: false,
            dkim_keys_found: 1,
            dkim_keys_unusable: 0,
            dkim_selectors_tried: 40,
            dmarc_policy: Some("none".into()),
            dmarc_source: Some("example.com".into()),
            dmarc_unknown: false,
        }
    }

    fn status(check: &BulkCheck, provider: &str, starts: &str) -> Status {
        check
            .items
            .iter()
            .find(|i| i.provider == provider && i.requirement.starts_with(starts))
            .unwrap()
            .status
    }

    #[test]
    fn a_complete_setup_passes_what_dns_can_show_and_no_more() {
        let check = bulk_checklist(&good());
        assert!(check.findings.is_empty());
        assert_eq!(status(&check, "Google", "an SPF"), Status::Pass);
        assert_eq!(status(&check, "Microsoft", "DKIM"), Status::Pass);
        assert_eq!(status(&check, "Yahoo", "a valid DMARC"), Status::Pass);
        assert_eq!(status(&check, "Google", "a From domain aligned"), Status::Pass);
        // What is not in DNS is never a pass.
        for item in check.items.iter().filter(|i| i.evidence == "not visible in DNS") {
            assert_eq!(item.status, Status::Unknown, "{}", item.requirement);
        }
        assert_eq!(status(&check, "Google", "one-click"), Status::Unknown);
        assert!(check.items.iter().all(|i| !i.what_dns_cannot_show.is_empty()));
        for provider in ["Google", "Yahoo", "Microsoft"] {
            let item = check.items.iter().find(|i| i.provider == provider).unwrap();
            assert!(item.reference.starts_with(provider), "{}", item.reference);
        }
        let json = serde_json::to_value(&check).unwrap();
        assert_eq!(json["items"][0]["status"], "pass");
        assert!(json["items"][0]["what_dns_cannot_show"].is_string());
    }

    #[test]
    fn missing_spf_and_dmarc_fail_for_every_provider() {
        let inputs = BulkInputs { spf_found: Some(false), dmarc_policy: None, dmarc_source: None, ..good() };
        let check = bulk_checklist(&inputs);
        for provider in ["Google", "Yahoo"] {
            assert_eq!(status(&check, provider, "an SPF"), Status::Fail);
        }
        assert_eq!(status(&check, "Microsoft", "SPF"), Status::Fail);
        assert_eq!(status(&check, "Microsoft", "a DMARC"), Status::Fail);
        assert_eq!(check.findings.len(), 6, "SPF and DMARC for three providers");
        let microsoft =
            check.findings.iter().find(|f| f.diagnostic.code == CheckCode::BulkMicrosoft).unwrap();
        assert_eq!(microsoft.diagnostic.severity, Severity::Warning);
        assert!(microsoft.diagnostic.message.contains("no SPF record is published"));
        assert!(microsoft.diagnostic.reference.starts_with("Microsoft "));
        let dmarc = check.findings.iter().find(|f| f.diagnostic.message.contains("DMARC policy")).unwrap();
        assert!(dmarc.diagnostic.help.contains("_dmarc.example.com"));
        // DKIM is still there, so alignment is possible.
        assert_eq!(status(&check, "Yahoo", "a From domain aligned"), Status::Pass);
    }

    #[test]
    fn what_cannot_be_seen_is_unknown_not_fail() {
        let inputs = BulkInputs {
            spf_found: None,
            dkim_keys_found: 0,
            dmarc_policy: None,
            dmarc_source: None,
            dmarc_unknown: true,
            ..good()
        };
        let check = bulk_checklist(&inputs);
        assert!(check.findings.is_empty());
        assert!(check.items.iter().all(|i| i.status == Status::Unknown));
        let dkim = check.items.iter().find(|i| i.requirement.starts_with("DKIM signing")).unwrap();
        assert!(dkim.evidence.contains("cannot be listed"));
        // A permerror is a failure, though the record exists.
        let check = bulk_checklist(&BulkInputs { spf_permerror: true, ..good() });
        assert_eq!(status(&check, "Google", "an SPF"), Status::Fail);
    }
}
