//! From fields to findings: which From domain, which results to trust, the
//! alignment of each identity, and the verdict (RFC 9989 §4.4).

use super::address::{self, Mailbox};
use super::auth_results::{self, AuthResults, ResInfo};
use super::fields::{self, Field};
use super::signature::{self, Signature};
use super::{Alignment, DkimAlignment, HeadersExplanation, SpfAlignment, Verdict};
use crate::catalogue::HeadersCode as H;
use crate::diag::{Diagnostic, Span};
use crate::domain::org::{org_or_self, same_name, same_org};
use crate::record::TagExplanation;

/// At most this many DKIM results take part in alignment (RFC 9990 §3.1.3
/// caps reports at 100 signatures per row as well).
const MAX_DKIM: usize = 100;

/// What a header field contributes, for the tag table.
struct Row {
    span: Span,
    name: String,
    value: String,
    meaning: &'static str,
    effective: String,
}

/// The fields DMARC reads, parsed.
struct Parsed<'a> {
    ars: Vec<(&'a Field<'a>, AuthResults)>,
    sigs: Vec<(&'a Field<'a>, Signature)>,
    froms: Vec<&'a Field<'a>>,
    return_paths: Vec<&'a Field<'a>>,
}

pub(crate) fn analyze(text: &str) -> HeadersExplanation {
    let block = fields::block(text);
    let mut diags = Vec::new();
    if block.fields.is_empty() {
        let trimmed = text.trim();
        let start = text.len() - text.trim_start().len();
        diags.push(Diagnostic::new(H::Empty, Span::new(start, start + trimmed.len()), &[]));
        return HeadersExplanation { diagnostics: diags, tags: Vec::new(), alignment: None };
    }
    for stray in &block.stray {
        diags.push(Diagnostic::new(H::NotAField, *stray, &[("text", &shorten(stray.slice(text)))]));
    }
    let mut parsed =
        Parsed { ars: Vec::new(), sigs: Vec::new(), froms: Vec::new(), return_paths: Vec::new() };
    for field in &block.fields {
        if field.is("Authentication-Results") {
            parsed.ars.push((field, auth_results::parse(text, field.value_span)));
        } else if field.is("DKIM-Signature") {
            parsed.sigs.push((field, signature::parse(text, field.value_span)));
        } else if field.is("From") {
            parsed.froms.push(field);
        } else if field.is("Return-Path") {
            parsed.return_paths.push(field);
        }
    }

    let header_from = from_domain(text, &parsed, block.end, &mut diags);
    let trusted = parsed.ars.first().map(|(_, ar)| ar.authserv_id.clone()).unwrap_or_default();
    for (_, ar) in &parsed.ars {
        for (span, why) in &ar.errors {
            diags.push(Diagnostic::new(
                H::ArMalformed,
                *span,
                &[("why", why), ("text", &shorten(span.slice(text)))],
            ));
        }
        if !ar.authserv_id.is_empty() && ar.authserv_id != trusted && !trusted.is_empty() {
            diags.push(Diagnostic::new(
                H::ArSeveralServers,
                ar.authserv_span,
                &[("id", &ar.authserv_id), ("trusted", &trusted)],
            ));
        }
    }
    if parsed.ars.is_empty() {
        diags.push(Diagnostic::new(H::ArMissing, Span::at(0), &[]));
    }
    let results: Vec<&ResInfo> = parsed
        .ars
        .iter()
        .filter(|(_, ar)| ar.authserv_id == trusted)
        .flat_map(|(_, ar)| ar.results.iter())
        .collect();

    let return_path = parsed.return_paths.first().map(|f| (f, address::return_path(text, f.value_span)));
    if let Some((field, Ok(None))) = &return_path {
        diags.push(Diagnostic::new(H::NullSender, field.value_span, &[]));
    }
    let from_arg = header_from.as_ref().map_or("your domain".to_string(), |(d, _)| d.clone());
    for (_, sig) in &parsed.sigs {
        if let Some((alg, span)) = &sig.a {
            if alg == "rsa-sha1" {
                diags.push(Diagnostic::new(H::DkimSha1, *span, &[("alg", alg)]));
            }
        }
    }
    for (field, sig) in &parsed.sigs {
        for (tag, present) in [("d", sig.d.is_some()), ("s", sig.s.is_some())] {
            if !present {
                diags.push(Diagnostic::new(H::DkimTagMissing, field.span, &[("tag", tag)]));
            }
        }
    }
    let dkim_results: Vec<&ResInfo> = results
        .iter()
        .copied()
        .filter(|r| r.method == "dkim" && dkim_domain(r).is_some())
        .take(MAX_DKIM)
        .collect();
    if parsed.sigs.is_empty() && dkim_results.is_empty() {
        diags.push(Diagnostic::new(H::DkimMissing, Span::at(block.end), &[("from", &from_arg)]));
    }

    let spf = spf_identity(&results, return_path.as_ref().map(|(_, r)| r.clone()));
    let dkim = dkim_identities(&dkim_results, &parsed.sigs);
    let reported = results.iter().find(|r| r.method == "dmarc").map(|r| (r.result.clone(), r.span));

    let alignment = header_from.as_ref().map(|(from, from_span)| {
        let a = align(from, &spf, &dkim, reported.as_ref().map(|(r, _)| r.clone()));
        // Without any Authentication-Results the results are unknown, not
        // failing: headers-ar-missing says so, and no fail is claimed.
        alignment_findings(
            &a,
            &spf,
            &dkim,
            *from_span,
            reported.as_ref(),
            !parsed.ars.is_empty(),
            &mut diags,
        );
        a
    });

    let tags = rows(text, &parsed, &trusted, header_from.as_ref().map(|(d, _)| d.as_str()))
        .into_iter()
        .map(|r| TagExplanation {
            name: r.name,
            value: Some(r.value),
            span: Some(r.span),
            meaning: r.meaning.to_string(),
            default: "—".to_string(),
            effective: r.effective,
            lookups: None,
        })
        .collect();
    HeadersExplanation { diagnostics: diags, tags, alignment }
}

/// At most 80 characters of `text`, cut on a character boundary.
fn shorten(text: &str) -> String {
    match text.char_indices().nth(80) {
        Some((at, _)) => format!("{}…", text.get(..at).unwrap_or("")),
        None => text.to_string(),
    }
}

/// The single From domain and the span of its field value, with findings
/// when there is none or more than one.
fn from_domain(
    text: &str,
    p: &Parsed<'_>,
    end: usize,
    diags: &mut Vec<Diagnostic>,
) -> Option<(String, Span)> {
    let Some(first) = p.froms.first() else {
        diags.push(Diagnostic::new(H::FromMissing, Span::at(end), &[]));
        return None;
    };
    for extra in p.froms.iter().skip(1) {
        diags.push(Diagnostic::new(H::FromDuplicate, extra.span, &[]));
    }
    let boxes: Vec<Mailbox> = address::mailboxes(text, first.value_span);
    match boxes.as_slice() {
        [] => {
            diags.push(Diagnostic::new(
                H::FromNoDomain,
                first.span,
                &[("text", &shorten(first.span.slice(text))), ("why", "the field is empty")],
            ));
            None
        }
        [single] => match &single.domain {
            Ok((domain, _)) if p.froms.len() == 1 => Some((domain.clone(), first.value_span)),
            Ok(_) => None,
            Err(why) => {
                diags.push(Diagnostic::new(
                    H::FromNoDomain,
                    single.span,
                    &[("text", &shorten(single.span.slice(text))), ("why", why)],
                ));
                None
            }
        },
        several => {
            diags.push(Diagnostic::new(
                H::FromSeveral,
                first.value_span,
                &[("count", &several.len().to_string())],
            ));
            None
        }
    }
}

/// The domain of an address-ish value: what follows the last `@`.
fn domain_part(value: &str) -> String {
    let value = value.trim().trim_start_matches('<').trim_end_matches('>');
    let domain = value.rsplit_once('@').map_or(value, |(_, d)| d);
    domain.strip_suffix('.').unwrap_or(domain).to_ascii_lowercase()
}

fn dkim_domain(r: &ResInfo) -> Option<String> {
    let d = r.prop("header.d").map(domain_part).or_else(|| r.prop("header.i").map(domain_part))?;
    (!d.is_empty()).then_some(d)
}

/// An identity and where it is written.
struct Identity<T> {
    value: T,
    span: Option<Span>,
}

fn spf_identity(
    results: &[&ResInfo],
    return_path: Option<Result<Option<(String, Span)>, &'static str>>,
) -> Identity<SpfAlignment> {
    let blank = |domain: String, result: &str, scope| SpfAlignment {
        domain,
        result: result.to_string(),
        aligned: false,
        strict_aligned: false,
        relaxed_aligned: false,
        scope,
    };
    if let Some(r) = results.iter().find(|r| r.method == "spf") {
        let mailfrom = r.prop("smtp.mailfrom").map(domain_part).unwrap_or_default();
        let (domain, scope) = if mailfrom.is_empty() {
            (r.prop("smtp.helo").map(domain_part).unwrap_or_default(), "helo")
        } else {
            (mailfrom, "mfrom")
        };
        return Identity { value: blank(domain, &r.result, scope), span: Some(r.span) };
    }
    match return_path {
        Some(Ok(Some((domain, span)))) => {
            Identity { value: blank(domain, "none", "mfrom"), span: Some(span) }
        }
        Some(Ok(None)) => Identity { value: blank(String::new(), "none", "helo"), span: None },
        _ => Identity { value: blank(String::new(), "none", "mfrom"), span: None },
    }
}

fn dkim_identities(results: &[&ResInfo], sigs: &[(&Field<'_>, Signature)]) -> Vec<Identity<DkimAlignment>> {
    let entry = |domain: String, selector, algorithm, result: &str| DkimAlignment {
        domain,
        selector,
        algorithm,
        result: result.to_string(),
        aligned: false,
        strict_aligned: false,
        relaxed_aligned: false,
    };
    if results.is_empty() {
        return sigs
            .iter()
            .take(MAX_DKIM)
            .filter_map(|(field, sig)| {
                let (d, _) = sig.d.as_ref()?;
                let value = entry(
                    d.clone(),
                    sig.s.as_ref().map(|s| s.0.clone()),
                    sig.a.as_ref().map(|a| a.0.clone()),
                    "none",
                );
                Some(Identity { value, span: Some(field.span) })
            })
            .collect();
    }
    results
        .iter()
        .filter_map(|r| {
            let domain = dkim_domain(r)?;
            let selector = r.prop("header.s").map(str::to_string);
            let b = r.prop("header.b").unwrap_or("");
            let sig = sigs
                .iter()
                .filter(|(_, s)| s.d.as_ref().is_some_and(|(d, _)| *d == domain))
                .find(|(_, s)| {
                    selector.as_ref().is_none_or(|sel| s.s.as_ref().is_some_and(|(x, _)| x == sel))
                        && (b.is_empty() || s.b.starts_with(b))
                })
                .map(|(_, s)| s);
            let selector = selector.or_else(|| sig.and_then(|s| s.s.as_ref().map(|x| x.0.clone())));
            let algorithm = r
                .prop("header.a")
                .map(str::to_ascii_lowercase)
                .or_else(|| sig.and_then(|s| s.a.as_ref().map(|x| x.0.clone())));
            Some(Identity { value: entry(domain, selector, algorithm, &r.result), span: Some(r.span) })
        })
        .collect()
}

fn align(
    from: &str,
    spf: &Identity<SpfAlignment>,
    dkim: &[Identity<DkimAlignment>],
    reported: Option<String>,
) -> Alignment {
    let mut spf = spf.value.clone();
    spf.relaxed_aligned = same_org(&spf.domain, from);
    spf.strict_aligned = same_name(&spf.domain, from);
    spf.aligned = spf.relaxed_aligned;
    let dkim: Vec<DkimAlignment> = dkim
        .iter()
        .map(|d| {
            let mut d = d.value.clone();
            d.relaxed_aligned = same_org(&d.domain, from);
            d.strict_aligned = same_name(&d.domain, from);
            d.aligned = d.relaxed_aligned;
            d
        })
        .collect();
    let verdict = |strict: bool| {
        let spf_ok = spf.result == "pass" && if strict { spf.strict_aligned } else { spf.relaxed_aligned };
        let dkim_ok = dkim
            .iter()
            .any(|d| d.result == "pass" && if strict { d.strict_aligned } else { d.relaxed_aligned });
        if spf_ok || dkim_ok {
            Verdict::Pass
        } else {
            Verdict::Fail
        }
    };
    Alignment {
        header_from: from.to_string(),
        header_from_org: org_or_self(from),
        dmarc: verdict(false),
        dmarc_strict: verdict(true),
        spf,
        dkim,
        reported_dmarc: reported,
    }
}

fn alignment_findings(
    a: &Alignment,
    spf: &Identity<SpfAlignment>,
    dkim: &[Identity<DkimAlignment>],
    from_span: Span,
    reported: Option<&(String, Span)>,
    results_known: bool,
    diags: &mut Vec<Diagnostic>,
) {
    let from = a.header_from.as_str();
    if a.spf.result == "pass" && !a.spf.aligned && !a.spf.domain.is_empty() {
        let span = spf.span.unwrap_or(from_span);
        diags.push(Diagnostic::new(H::SpfUnaligned, span, &[("spf", &a.spf.domain), ("from", from)]));
    }
    for (d, identity) in a.dkim.iter().zip(dkim) {
        if d.result == "pass" && !d.aligned {
            let span = identity.span.unwrap_or(from_span);
            diags.push(Diagnostic::new(H::DkimUnaligned, span, &[("dkim", &d.domain), ("from", from)]));
        }
    }
    if a.dmarc == Verdict::Pass && a.dmarc_strict == Verdict::Fail {
        diags.push(Diagnostic::new(H::RelaxedOnly, from_span, &[("from", from)]));
    }
    if a.dmarc == Verdict::Fail && results_known {
        diags.push(Diagnostic::new(H::DmarcFail, from_span, &[("from", from), ("why", &why_fail(a))]));
    }
    if let Some((result, span)) = reported {
        let disagrees =
            matches!((result.as_str(), a.dmarc), ("pass", Verdict::Fail) | ("fail", Verdict::Pass));
        if disagrees {
            diags.push(Diagnostic::new(
                H::DmarcDisagrees,
                *span,
                &[("reported", result), ("computed", a.dmarc.as_str())],
            ));
        }
    }
}

/// Which identities failed, in a sentence fragment.
fn why_fail(a: &Alignment) -> String {
    let spf = match (a.spf.domain.as_str(), a.spf.result.as_str()) {
        ("", _) => "there is no SPF result".to_string(),
        (d, "pass") => format!("SPF passed for {d}, which is not aligned"),
        (d, "none") => format!("no SPF result is recorded for {d}"),
        (d, r) => format!("SPF is {r} for {d}"),
    };
    let dkim = if a.dkim.is_empty() {
        "there is no DKIM signature".to_string()
    } else {
        let parts: Vec<String> = a
            .dkim
            .iter()
            .map(|d| match d.result.as_str() {
                "pass" => format!("DKIM passed for d={}, which is not aligned", d.domain),
                "none" => format!("no DKIM result is recorded for d={}", d.domain),
                r => format!("DKIM is {r} for d={}", d.domain),
            })
            .collect();
        parts.join(", ")
    };
    format!("{spf}; {dkim}")
}

fn rows(text: &str, p: &Parsed<'_>, trusted: &str, from: Option<&str>) -> Vec<Row> {
    let mut rows = Vec::new();
    let row = |field: &Field<'_>, meaning, effective| Row {
        span: field.span,
        name: field.name.to_string(),
        value: field.value.to_string(),
        meaning,
        effective,
    };
    for (field, ar) in &p.ars {
        let summary: Vec<String> =
            ar.results.iter().take(20).map(|r| format!("{}={}", r.method, r.result)).collect();
        let effective = if ar.authserv_id == trusted {
            format!("Used: added by {}, the topmost receiving server: {}", ar.authserv_id, summary.join(", "))
        } else {
            format!("Ignored: added upstream by {}, whose results cannot be verified", ar.authserv_id)
        };
        rows.push(row(field, "The authentication results (SPF, DKIM, DMARC, ...) a receiving server recorded when it accepted the message (RFC 8601).", effective));
    }
    for (field, sig) in &p.sigs {
        let effective = match (&sig.d, &sig.s) {
            (Some((d, _)), Some((s, _))) => format!(
                "Signed by d={d} with selector {s} (key at {s}._domainkey.{d}), {}",
                sig.a.as_ref().map_or("algorithm not stated", |a| a.0.as_str())
            ),
            _ => "Unusable: d= or s= is missing".to_string(),
        };
        rows.push(row(field, "A DKIM signature: the signing domain d= vouches for the message; DMARC counts it when it verifies and d= aligns with the From domain (RFC 6376).", effective));
    }
    for field in &p.froms {
        let effective = match from {
            Some(d) => format!(
                "Author domain {d} (organizational domain {}): the domain DMARC protects",
                org_or_self(d)
            ),
            None => "No single author domain: DMARC cannot be evaluated".to_string(),
        };
        rows.push(row(field, "The author address shown to the reader (RFC5322.From); its domain is the one DMARC protects (RFC 9989).", effective));
    }
    for (i, field) in p.return_paths.iter().enumerate() {
        let effective = match (i, address::return_path(text, field.value_span)) {
            (0, Ok(Some((d, _)))) => format!("Envelope sender domain {d}: the identity SPF checks"),
            (0, Ok(None)) => "Null sender: SPF checks the HELO name instead".to_string(),
            (0, Err(why)) => format!("Unreadable: {why}"),
            _ => "Ignored: only the topmost Return-Path is the final envelope sender".to_string(),
        };
        rows.push(row(field, "The envelope sender (RFC5321.MailFrom) recorded at delivery; bounces go there and SPF checks its domain (RFC 7208).", effective));
    }
    crate::order::sort_by_key(&mut rows, |r| r.span.start);
    rows
}
