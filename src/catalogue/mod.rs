//! The catalogue: every rule's code, severity, words and RFC section.
//!
//! One catalogue, kept as one file per record kind so each kind's rules sit
//! together; [`Code`] names any rule of any kind and [`rule`] finds its
//! words. The page, the command line and the docs all read these same words.
//! A message or help text may hold `{name}` placeholders that [`fill`]
//! replaces with the values found in the input.

use serde::{Serialize, Serializer};

use crate::diag::Severity;

/// Declares one kind's rules: an enum of codes and their words.
///
/// ```text
/// catalogue! {
///     /// Doc for the enum.
///     pub enum SpfCode as Spf {
///         /// Doc for the rule.
///         VersionMissing = "spf-version-missing", Error, "RFC 7208 §4.5",
///             "message with {placeholders}",
///             "help text";
///     }
/// }
/// ```
///
/// `as Spf` names the [`Code`] variant that wraps this enum.
macro_rules! catalogue {
    (
        $(#[$meta:meta])*
        pub enum $name:ident as $wrapper:ident {
            $(
                $(#[$doc:meta])*
                $variant:ident = $code:literal, $severity:ident, $reference:literal,
                    $message:literal,
                    $help:literal;
            )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $( $(#[$doc])* $variant, )*
        }

        impl $name {
            /// Every code of this kind, in catalogue order.
            pub const ALL: &'static [$name] = &[ $( $name::$variant, )* ];

            /// The code as users see it.
            pub const fn as_str(self) -> &'static str {
                match self { $( $name::$variant => $code, )* }
            }

            /// The rule's weight and words.
            pub const fn rule(self) -> $crate::catalogue::Rule {
                match self {
                    $( $name::$variant => $crate::catalogue::Rule {
                        code: $crate::catalogue::Code::$wrapper($name::$variant),
                        severity: $crate::diag::Severity::$severity,
                        reference: $reference,
                        message: $message,
                        help: $help,
                    }, )*
                }
            }
        }

        impl $crate::catalogue::RuleCode for $name {
            fn lookup(self) -> $crate::catalogue::Rule {
                self.rule()
            }
        }

        impl From<$name> for $crate::catalogue::Code {
            fn from(code: $name) -> Self {
                $crate::catalogue::Code::$wrapper(code)
            }
        }

        impl PartialEq<$name> for $crate::catalogue::Code {
            fn eq(&self, other: &$name) -> bool {
                *self == $crate::catalogue::Code::$wrapper(*other)
            }
        }
    };
}

mod aggregate;
mod bimi;
mod check;
mod check_spf;
mod dkim;
mod dmarc;
mod dns;
mod failure;
mod headers;
mod input;
mod mta_sts;
mod plan;
mod spf;
mod tls_report;
mod tls_rpt;
mod unpack;

pub use aggregate::AggregateCode;
pub use bimi::BimiCode;
pub use check::CheckCode;
pub use check_spf::CheckSpfCode;
pub use dkim::DkimCode;
pub use dmarc::DmarcCode;
pub use dns::DnsCode;
pub use failure::FailureCode;
pub use headers::HeadersCode;
pub use input::InputCode;
pub use mta_sts::MtaStsCode;
pub use plan::PlanCode;
pub use spf::SpfCode;
pub use tls_report::TlsReportCode;
pub use tls_rpt::TlsRptCode;
pub use unpack::UnpackCode;

/// The words and the weight of one rule.
#[derive(Clone, Copy, Debug)]
pub struct Rule {
    /// The stable code.
    pub code: Code,
    /// How much a finding of this rule matters.
    pub severity: Severity,
    /// Where the rule comes from.
    pub reference: &'static str,
    /// What is wrong and why, with `{name}` placeholders.
    pub message: &'static str,
    /// How to fix it, with `{name}` placeholders.
    pub help: &'static str,
}

/// The stable code of any rule. Codes never change meaning once published;
/// the string form ([`Code::as_str`]) is what tools and users match on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Code {
    /// What was pasted, before any record kind (zone-file lines, several records).
    Input(InputCode),
    /// DMARC policy records.
    Dmarc(DmarcCode),
    /// SPF records.
    Spf(SpfCode),
    /// DKIM key records.
    Dkim(DkimCode),
    /// BIMI records.
    Bimi(BimiCode),
    /// MTA-STS records and policies.
    MtaSts(MtaStsCode),
    /// TLS-RPT records.
    TlsRpt(TlsRptCode),
    /// Message headers and alignment.
    Headers(HeadersCode),
    /// Unpacking report files.
    Unpack(UnpackCode),
    /// DMARC aggregate reports.
    Aggregate(AggregateCode),
    /// TLS-RPT reports.
    TlsReport(TlsReportCode),
    /// Failure reports.
    Failure(FailureCode),
    /// DNS answers and transports.
    Dns(DnsCode),
    /// The live domain check.
    Check(CheckCode),
    /// The live SPF tree.
    CheckSpf(CheckSpfCode),
    /// Rollout plans, the parked-domain kit, the SPF builder and the DKIM
    /// record formatter.
    Plan(PlanCode),
}

impl Code {
    /// The code as users see it, e.g. `dmarc-fo-without-ruf`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Code::Input(c) => c.as_str(),
            Code::Dmarc(c) => c.as_str(),
            Code::Spf(c) => c.as_str(),
            Code::Dkim(c) => c.as_str(),
            Code::Bimi(c) => c.as_str(),
            Code::MtaSts(c) => c.as_str(),
            Code::TlsRpt(c) => c.as_str(),
            Code::Headers(c) => c.as_str(),
            Code::Unpack(c) => c.as_str(),
            Code::Aggregate(c) => c.as_str(),
            Code::TlsReport(c) => c.as_str(),
            Code::Failure(c) => c.as_str(),
            Code::Dns(c) => c.as_str(),
            Code::Check(c) => c.as_str(),
            Code::CheckSpf(c) => c.as_str(),
            Code::Plan(c) => c.as_str(),
        }
    }

    /// The rule behind this code.
    pub const fn rule(self) -> Rule {
        match self {
            Code::Input(c) => c.rule(),
            Code::Dmarc(c) => c.rule(),
            Code::Spf(c) => c.rule(),
            Code::Dkim(c) => c.rule(),
            Code::Bimi(c) => c.rule(),
            Code::MtaSts(c) => c.rule(),
            Code::TlsRpt(c) => c.rule(),
            Code::Headers(c) => c.rule(),
            Code::Unpack(c) => c.rule(),
            Code::Aggregate(c) => c.rule(),
            Code::TlsReport(c) => c.rule(),
            Code::Failure(c) => c.rule(),
            Code::Dns(c) => c.rule(),
            Code::Check(c) => c.rule(),
            Code::CheckSpf(c) => c.rule(),
            Code::Plan(c) => c.rule(),
        }
    }

    /// Every code of every kind.
    pub fn all() -> impl Iterator<Item = Code> {
        (InputCode::ALL.iter().map(|&c| Code::from(c)))
            .chain(DmarcCode::ALL.iter().map(|&c| Code::from(c)))
            .chain(SpfCode::ALL.iter().map(|&c| Code::from(c)))
            .chain(DkimCode::ALL.iter().map(|&c| Code::from(c)))
            .chain(BimiCode::ALL.iter().map(|&c| Code::from(c)))
            .chain(MtaStsCode::ALL.iter().map(|&c| Code::from(c)))
            .chain(TlsRptCode::ALL.iter().map(|&c| Code::from(c)))
            .chain(HeadersCode::ALL.iter().map(|&c| Code::from(c)))
            .chain(UnpackCode::ALL.iter().map(|&c| Code::from(c)))
            .chain(AggregateCode::ALL.iter().map(|&c| Code::from(c)))
            .chain(TlsReportCode::ALL.iter().map(|&c| Code::from(c)))
            .chain(FailureCode::ALL.iter().map(|&c| Code::from(c)))
            .chain(DnsCode::ALL.iter().map(|&c| Code::from(c)))
            .chain(CheckCode::ALL.iter().map(|&c| Code::from(c)))
            .chain(CheckSpfCode::ALL.iter().map(|&c| Code::from(c)))
            .chain(PlanCode::ALL.iter().map(|&c| Code::from(c)))
    }

    /// The code named `text`, if there is one.
    pub fn from_name(text: &str) -> Option<Code> {
        Code::all().find(|c| c.as_str() == text)
    }
}

impl Serialize for Code {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// The rule behind `code`.
pub fn rule(code: impl RuleCode) -> Rule {
    code.lookup()
}

/// A rule's code: any kind's own enum, or [`Code`]. Looking a rule up
/// through its kind's enum compiles in only that kind's words, so a bundle
/// that never raises, say, a report finding carries none of their text
/// (the widget); through [`Code`] every kind's words come along.
pub trait RuleCode: Into<Code> + Copy {
    /// The rule's words.
    fn lookup(self) -> Rule;
}

impl RuleCode for Code {
    fn lookup(self) -> Rule {
        self.rule()
    }
}

/// Replaces each `{name}` in `template` by its value from `args`. A
/// placeholder without a value is left as it is, so a missing argument shows
/// up in tests instead of vanishing.
pub fn fill(template: &str, args: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let name = &after[..close];
                match args.iter().find(|(key, _)| *key == name) {
                    Some((_, value)) => out.push_str(value),
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_round_trip() {
        let mut seen = std::collections::HashSet::new();
        for code in Code::all() {
            assert!(seen.insert(code.as_str()), "duplicate {}", code.as_str());
            assert_eq!(Code::from_name(code.as_str()), Some(code));
            assert_eq!(rule(code).code, code);
        }
        assert!(seen.len() >= DmarcCode::ALL.len());
    }

    #[test]
    fn every_rule_says_why_and_how() {
        for code in Code::all() {
            let rule = rule(code);
            assert!(rule.message.ends_with('.') || rule.message.ends_with('}'), "{}", code.as_str());
            assert!(!rule.help.is_empty(), "{}", code.as_str());
            // RFCs, or the big mailbox providers' published sender rules.
            let source = ["RFC ", "Google ", "Yahoo ", "Microsoft "];
            assert!(source.iter().any(|s| rule.reference.starts_with(s)), "{}", code.as_str());
        }
    }

    #[test]
    fn codes_carry_their_kind_as_prefix() {
        for code in Code::all() {
            let prefix = match code {
                Code::Input(_) => "input-",
                Code::Dmarc(_) => "dmarc-",
                Code::Spf(_) => "spf-",
                Code::Dkim(_) => "dkim-",
                Code::Bimi(_) => "bimi-",
                Code::MtaSts(_) => "mta-sts-",
                Code::TlsRpt(_) => "tls-rpt-",
                Code::Headers(_) => "headers-",
                Code::Unpack(_) => "unpack-",
                Code::Aggregate(_) => "aggregate-",
                Code::TlsReport(_) => "tls-report-",
                Code::Failure(_) => "failure-",
                Code::Dns(_) => "dns-",
                Code::Check(_) => "check-",
                Code::CheckSpf(_) => "check-spf-",
                Code::Plan(_) => "plan-",
            };
            assert!(code.as_str().starts_with(prefix), "{}", code.as_str());
        }
    }

    #[test]
    fn fill_replaces_known_placeholders_only() {
        assert_eq!(fill("{a} and {b}", &[("a", "x")]), "x and {b}");
        assert_eq!(fill("open { brace", &[]), "open { brace");
        assert_eq!(fill("{tag}={value}", &[("tag", "p"), ("value", "n")]), "p=n");
    }
}
