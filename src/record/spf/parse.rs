//! The SPF record grammar, as terms with spans (RFC 7208 §4.6.1, §5, §6).
//!
//! ```text
//! record           = version terms *SP
//! version          = "v=spf1"
//! terms            = *( 1*SP ( directive / modifier ) )
//! directive        = [ qualifier ] mechanism
//! qualifier        = "+" / "-" / "?" / "~"
//! mechanism        = ( all / include / a / mx / ptr / ip4 / ip6 / exists )
//! modifier         = redirect / explanation / unknown-modifier
//! unknown-modifier = name "=" macro-string
//! name             = ALPHA *( ALPHA / DIGIT / "-" / "_" / "." )
//!
//! all              = "all"
//! include          = "include"  ":" domain-spec
//! a                = "a"      [ ":" domain-spec ] [ dual-cidr-length ]
//! mx               = "mx"     [ ":" domain-spec ] [ dual-cidr-length ]
//! ptr              = "ptr"    [ ":" domain-spec ]
//! ip4              = "ip4"      ":" ip4-network   [ ip4-cidr-length ]
//! ip6              = "ip6"      ":" ip6-network   [ ip6-cidr-length ]
//! exists           = "exists"   ":" domain-spec
//! ip4-cidr-length  = "/" ("0" / %x31-39 0*1DIGIT) ; value range 0-32
//! ip6-cidr-length  = "/" ("0" / %x31-39 0*2DIGIT) ; value range 0-128
//! dual-cidr-length = [ ip4-cidr-length ] [ "/" ip6-cidr-length ]
//!
//! redirect         = "redirect" "=" domain-spec
//! explanation      = "exp" "=" domain-spec
//! ```
//!
//! Mechanism and modifier names are case-insensitive (RFC 5234 §2.3). A term
//! is a modifier when an `=` follows its name before any `:` or `/`.

use nom::bytes::complete::take_while;
use nom::character::complete::one_of;
use nom::combinator::opt;
use nom::{IResult, Parser};

use super::macros::{self, MacroString};
use super::{DualCidr, Mechanism, Qualifier, TermKind};
use crate::catalogue::SpfCode;
use crate::diag::{Diagnostic, Span};

/// A whitespace-separated word of the record, with its span.
pub(crate) struct Word<'a> {
    pub text: &'a str,
    pub span: Span,
}

/// A run of whitespace that is not plain spaces, with its span.
pub(crate) struct BadGap {
    pub span: Span,
    pub what: &'static str,
}

/// Splits `record` into words at ASCII whitespace; reports every gap that
/// holds something other than spaces.
pub(crate) fn words(record: &str) -> (Vec<Word<'_>>, Vec<BadGap>) {
    let mut words = Vec::new();
    let mut gaps = Vec::new();
    let mut start: Option<usize> = None;
    let mut gap: Option<(usize, bool, bool)> = None; // start, has tab, has line break
    let is_space = |c: char| matches!(c, ' ' | '\t' | '\r' | '\n' | '\x0b' | '\x0c');
    let close_gap = |gap: &mut Option<(usize, bool, bool)>, end: usize, gaps: &mut Vec<BadGap>| {
        if let Some((from, tab, line)) = gap.take() {
            if tab || line {
                let what = if line { "a line break" } else { "a tab" };
                gaps.push(BadGap { span: Span::new(from, end), what });
            }
        }
    };
    for (at, c) in record.char_indices() {
        if is_space(c) {
            if let Some(from) = start.take() {
                words.push(Word { text: record.get(from..at).unwrap_or(""), span: Span::new(from, at) });
            }
            let entry = gap.get_or_insert((at, false, false));
            entry.1 |= c == '\t' || c == '\x0b' || c == '\x0c';
            entry.2 |= c == '\r' || c == '\n';
        } else {
            close_gap(&mut gap, at, &mut gaps);
            start.get_or_insert(at);
        }
    }
    if let Some(from) = start {
        words.push(Word { text: record.get(from..).unwrap_or(""), span: Span::new(from, record.len()) });
    }
    close_gap(&mut gap, record.len(), &mut gaps);
    (words, gaps)
}

/// `[ qualifier ] name` and what follows the name.
fn head(input: &str) -> IResult<&str, (Option<char>, &str)> {
    (opt(one_of("+-?~")), take_while(|c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
        .parse(input)
}

/// What one word means, or the diagnostics that say why it is not a term.
pub(crate) fn term(text: &str, span: Span) -> Result<TermKind, Vec<Diagnostic>> {
    let at = span.start;
    let Ok((rest, (qualifier, name))) = head(text) else {
        return Err(vec![syntax(
            text,
            span,
            "it does not start with a mechanism or modifier name",
            "Remove it.",
        )]);
    };
    let name_start = at + usize::from(qualifier.is_some());
    let name_span = Span::new(name_start, name_start + name.len());
    let rest_at = name_span.end;
    let lower = name.to_ascii_lowercase();

    if let Some(value) = rest.strip_prefix('=') {
        if qualifier.is_some() {
            return Err(vec![syntax(
                text,
                span,
                "a modifier (name=value) cannot take a qualifier",
                "Remove the + - ~ or ? in front of it.",
            )]);
        }
        let valid_name = name.chars().next().is_some_and(|c| c.is_ascii_alphabetic());
        if !valid_name {
            return Err(vec![syntax(
                text,
                span,
                "a modifier name must start with a letter",
                "Write the modifier as name=value with a name starting with a letter.",
            )]);
        }
        let value_at = rest_at + 1;
        return match lower.as_str() {
            "redirect" | "exp" => {
                let spec = domain_spec(value, value_at, text, span, "=")?;
                Ok(if lower == "exp" { TermKind::Explanation(spec) } else { TermKind::Redirect(spec) })
            }
            _ => match macros::parse(value, value_at, false) {
                Ok(_) => Ok(TermKind::Unknown { name: name.to_string(), value: value.to_string() }),
                Err(e) => Err(vec![macro_error(&e, value_at)]),
            },
        };
    }

    let qualifier = match qualifier {
        Some(c) => Qualifier::from_char(c),
        None => None,
    };
    let mechanism = match lower.as_str() {
        "all" => {
            if !rest.is_empty() {
                return Err(vec![syntax(
                    text,
                    span,
                    "all takes no argument",
                    "Write all on its own, for example -all.",
                )]);
            }
            Mechanism::All
        }
        "include" | "exists" => {
            let Some(spec) = rest.strip_prefix(':') else {
                let (why, fix) = if rest.is_empty() {
                    (
                        "it needs :domain after it",
                        "Write it as name:domain, for example include:_spf.example.com.",
                    )
                } else {
                    (
                        "the domain must follow a colon",
                        "Write it as name:domain, for example include:_spf.example.com.",
                    )
                };
                return Err(vec![syntax(text, span, why, fix)]);
            };
            let spec = domain_spec(spec, rest_at + 1, text, span, ":")?;
            if lower == "include" {
                Mechanism::Include(spec)
            } else {
                Mechanism::Exists(spec)
            }
        }
        "a" | "mx" => {
            let (body, cidr) = dual_cidr(rest, rest_at)?;
            let domain = match body.strip_prefix(':') {
                Some(spec) => Some(domain_spec(spec, rest_at + 1, text, span, ":")?),
                None if body.is_empty() => None,
                None => {
                    return Err(vec![syntax(
                        text,
                        span,
                        "the domain must follow a colon",
                        "Write it as a:domain or mx:domain, with an optional /prefix.",
                    )])
                }
            };
            if lower == "a" {
                Mechanism::A { domain, cidr }
            } else {
                Mechanism::Mx { domain, cidr }
            }
        }
        "ptr" => match rest.strip_prefix(':') {
            Some(spec) => Mechanism::Ptr(Some(domain_spec(spec, rest_at + 1, text, span, ":")?)),
            None if rest.is_empty() => Mechanism::Ptr(None),
            None => {
                return Err(vec![syntax(text, span, "ptr takes only :domain", "Write ptr or ptr:domain.")])
            }
        },
        "ip4" | "ip6" => ip_network(&lower, rest, rest_at, text, span)?,
        "" => {
            return Err(vec![syntax(
                text,
                span,
                "it does not start with a mechanism or modifier name",
                "Remove it, or write the mechanism name in front.",
            )])
        }
        _ => {
            let suggestion = suggest(&lower).map(|s| format!(" (did you mean {s}?)")).unwrap_or_default();
            let args = [("name", name), ("suggestion", suggestion.as_str())];
            return Err(vec![Diagnostic::new(SpfCode::MechanismUnknown, name_span, &args)]);
        }
    };
    Ok(TermKind::Directive {
        qualifier: qualifier.unwrap_or(Qualifier::Pass),
        written: qualifier.is_some(),
        mechanism,
    })
}

fn suggest(name: &str) -> Option<&'static str> {
    Some(match name {
        "ipv4" | "ip" | "ip4addr" => "ip4",
        "ipv6" => "ip6",
        "inlcude" | "incude" | "includes" | "inclde" => "include",
        "redirect" => "redirect=",
        "exp" => "exp=",
        "exist" => "exists",
        "any" => "all",
        _ => return None,
    })
}

fn syntax(text: &str, span: Span, why: &str, fix: &str) -> Diagnostic {
    Diagnostic::new(SpfCode::TermSyntax, span, &[("term", text), ("why", why), ("fix", fix)])
}

fn macro_error(e: &macros::MacroError, offset: usize) -> Diagnostic {
    let start = offset + e.at;
    Diagnostic::new(SpfCode::MacroInvalid, Span::new(start, start + e.len), &[("why", &e.why)])
}

/// `domain-spec` written at `at`, after `sep` (`:` or `=`).
fn domain_spec(
    spec: &str,
    at: usize,
    term: &str,
    span: Span,
    sep: &str,
) -> Result<MacroString, Vec<Diagnostic>> {
    if spec.is_empty() {
        return Err(vec![Diagnostic::new(SpfCode::DomainEmpty, span, &[("term", term), ("sep", sep)])]);
    }
    let parsed = macros::parse(spec, at, false).map_err(|e| vec![macro_error(&e, at)])?;
    let exp_only: Vec<Diagnostic> = parsed
        .macros()
        .filter(|m| matches!(m.letter, 'c' | 'r' | 't'))
        .map(|m| {
            let written = m.span.slice_owned(spec, at);
            Diagnostic::new(SpfCode::MacroExpOnly, m.span, &[("macro", &written)])
        })
        .collect();
    if !exp_only.is_empty() {
        return Err(exp_only);
    }
    if let Some(why) = macros::domain_end_problem(&parsed) {
        let args = [("domain", spec), ("why", why.as_str())];
        return Err(vec![Diagnostic::new(SpfCode::DomainInvalid, Span::new(at, at + spec.len()), &args)]);
    }
    Ok(parsed)
}

trait SliceOwned {
    fn slice_owned(&self, text: &str, offset: usize) -> String;
}

impl SliceOwned for Span {
    fn slice_owned(&self, text: &str, offset: usize) -> String {
        text.get(self.start.saturating_sub(offset)..self.end.saturating_sub(offset)).unwrap_or("").to_string()
    }
}

/// A prefix length as the ABNF writes it: no leading zero.
fn prefix(digits: &str, max: u8, family: &str, span: Span) -> Result<u8, Diagnostic> {
    let value = digits.parse::<u32>().ok().filter(|_| digits.len() <= 3);
    let leading_zero = digits.len() > 1 && digits.starts_with('0');
    match value {
        Some(v) if !leading_zero && v <= u32::from(max) => Ok(u8::try_from(v).unwrap_or(max)),
        _ => {
            let example = if max == 32 { "24" } else { "64" };
            let max_text = max.to_string();
            let args =
                [("value", digits), ("family", family), ("max", max_text.as_str()), ("example", example)];
            Err(Diagnostic::new(SpfCode::CidrInvalid, span, &args))
        }
    }
}

/// Splits a trailing `dual-cidr-length` off `rest` (which starts at `at`).
fn dual_cidr(rest: &str, at: usize) -> Result<(&str, DualCidr), Vec<Diagnostic>> {
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let mut body = rest;
    let mut cidr = DualCidr::default();
    if let Some(pos) = body.rfind("//") {
        let digits = body.get(pos + 2..).unwrap_or("");
        if all_digits(digits) {
            let span = Span::new(at + pos + 2, at + body.len());
            cidr.v6 = prefix(digits, 128, "IPv6", span).map_err(|d| vec![d])?;
            cidr.v6_written = true;
            body = body.get(..pos).unwrap_or("");
        }
    }
    if let Some(pos) = body.rfind('/') {
        let digits = body.get(pos + 1..).unwrap_or("");
        if all_digits(digits) {
            let span = Span::new(at + pos + 1, at + body.len());
            cidr.v4 = prefix(digits, 32, "IPv4", span).map_err(|d| vec![d])?;
            cidr.v4_written = true;
            body = body.get(..pos).unwrap_or("");
        }
    }
    Ok((body, cidr))
}

fn ip_network(
    kind: &str,
    rest: &str,
    at: usize,
    text: &str,
    span: Span,
) -> Result<Mechanism, Vec<Diagnostic>> {
    let v4 = kind == "ip4";
    let family = if v4 { "IPv4" } else { "IPv6" };
    let Some(network) = rest.strip_prefix(':') else {
        let fix = if v4 { "Write it as ip4:192.0.2.0/24." } else { "Write it as ip6:2001:db8::/32." };
        return Err(vec![syntax(text, span, "it needs :address after it", fix)]);
    };
    let at = at + 1;
    let (address, cidr) = match network.find('/') {
        Some(pos) => (network.get(..pos).unwrap_or(""), Some((pos, network.get(pos + 1..).unwrap_or("")))),
        None => (network, None),
    };
    let prefix_len = match cidr {
        None => None,
        Some((pos, digits)) => {
            let pspan = Span::new(at + pos + 1, at + network.len());
            let max = if v4 { 32 } else { 128 };
            Some(prefix(digits, max, family, pspan).map_err(|d| vec![d])?)
        }
    };
    let bad_ip = || {
        let fix = if v4 {
            "Write four numbers from 0 to 255 separated by dots, for example ip4:192.0.2.1 or ip4:192.0.2.0/24."
        } else {
            "Write an IPv6 address, for example ip6:2001:db8::1 or ip6:2001:db8::/32."
        };
        let aspan = Span::new(at, at + address.len());
        vec![Diagnostic::new(
            SpfCode::IpInvalid,
            aspan,
            &[("value", address), ("family", family), ("fix", fix)],
        )]
    };
    if v4 {
        let addr: std::net::Ipv4Addr = address.parse().map_err(|_| bad_ip())?;
        Ok(Mechanism::Ip4 { addr, prefix: prefix_len.unwrap_or(32), prefix_written: prefix_len.is_some() })
    } else {
        let addr: std::net::Ipv6Addr = address.parse().map_err(|_| bad_ip())?;
        Ok(Mechanism::Ip6 { addr, prefix: prefix_len.unwrap_or(128), prefix_written: prefix_len.is_some() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_and_gaps() {
        let (w, g) = words("v=spf1  mx\t-all ");
        let texts: Vec<&str> = w.iter().map(|w| w.text).collect();
        assert_eq!(texts, ["v=spf1", "mx", "-all"]);
        assert_eq!(g.len(), 1);
        assert_eq!(g[0].span, Span::new(10, 11));
    }

    #[test]
    fn dual_cidr_is_split_from_the_right() {
        let kind = term("a:example.com/24//64", Span::new(0, 20)).unwrap();
        match kind {
            TermKind::Directive { mechanism: Mechanism::A { domain, cidr }, .. } => {
                assert_eq!(domain.unwrap().text, "example.com");
                assert_eq!((cidr.v4, cidr.v6), (24, 64));
            }
            other => panic!("{other:?}"),
        }
        assert!(term("mx//129", Span::new(0, 7)).is_err());
        assert!(term("ip4:1.2.3.4/032", Span::new(0, 15)).is_err());
        assert!(term("ip4:1.2.3.4//32", Span::new(0, 15)).is_err());
    }
}
