//! What people paste: a bare TXT value, quoted strings (`"a" "b"`, as `dig`
//! prints them), zone-file lines (`name [TTL] [IN] TXT "a" "b"`, also with
//! parentheses over several lines), several records at once, and which kind
//! of record each one is.
//!
//! TXT strings are joined with nothing in between (RFC 7208 §3.3, RFC 9989
//! §4.5), `\DDD` and `\X` escapes are decoded (RFC 1035 §5.1), and every
//! byte of the joined value remembers where it came from, so diagnostics on
//! the value still point at the text as pasted.

use crate::catalogue::InputCode;
use crate::diag::{Diagnostic, Span};
use crate::record::Kind;

/// Where each byte of a joined value came from in the pasted text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SpanMap {
    /// For each value byte, the input range it was read from.
    bytes: Vec<(usize, usize)>,
    /// The input offset just after the value (for spans at its end).
    end: usize,
}

impl SpanMap {
    /// The map of a value copied unchanged from `input[offset..offset+len]`.
    pub fn identity(offset: usize, len: usize) -> SpanMap {
        SpanMap { bytes: (offset..offset + len).map(|i| (i, i + 1)).collect(), end: offset + len }
    }

    /// The input span a value span came from.
    pub fn map(&self, span: Span) -> Span {
        let start_of = |at: usize| self.bytes.get(at).map_or(self.end, |b| b.0);
        if span.is_empty() {
            let at = start_of(span.start);
            return Span::at(at);
        }
        let start = start_of(span.start);
        let end = span.end.checked_sub(1).and_then(|last| self.bytes.get(last)).map_or(self.end, |b| b.1);
        Span::new(start, end.max(start))
    }
}

/// One record found in the pasted text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Pasted {
    /// The owner name, for a zone-file line.
    pub name: Option<String>,
    /// Where the owner name is.
    pub name_span: Option<Span>,
    /// The TXT value, strings joined and escapes decoded.
    pub value: String,
    /// Where the value's bytes came from.
    pub map: SpanMap,
    /// The whole record in the pasted text.
    pub span: Span,
    /// Value offsets where a new character-string starts (after the first),
    /// with the input span of the gap between the two strings.
    pub joins: Vec<(usize, Span)>,
    /// Whether the value came from quoted strings (or a zone-file line)
    /// rather than bare text.
    pub quoted: bool,
    /// Findings about the text itself, with spans into the pasted text.
    pub diagnostics: Vec<Diagnostic>,
}

/// The kind a TXT value announces, from its version tag or its owner name.
pub fn detect(value: &str, name: Option<&str>) -> Option<Kind> {
    let compact: String = value.trim_start().chars().take(16).filter(|c| !c.is_whitespace()).collect();
    let lower = compact.to_ascii_lowercase();
    let by_version = [
        ("v=dmarc", Kind::Dmarc),
        ("v=spf", Kind::Spf),
        ("v=dkim", Kind::Dkim),
        ("v=bimi", Kind::Bimi),
        ("v=stsv", Kind::MtaSts),
        ("v=tlsrpt", Kind::TlsRpt),
    ];
    let labels: Vec<String> = name
        .map(|n| n.trim_end_matches('.').split('.').map(str::to_ascii_lowercase).collect())
        .unwrap_or_default();
    let label = |i: usize| labels.get(i).map(String::as_str);
    if let Some((_, kind)) = by_version.iter().find(|(prefix, _)| lower.starts_with(prefix)) {
        if *kind == Kind::Dmarc && is_report_auth_owner(&labels) {
            return Some(Kind::DmarcReportAuth);
        }
        return Some(*kind);
    }
    if is_report_auth_owner(&labels) {
        return Some(Kind::DmarcReportAuth);
    }
    match (label(0), label(1)) {
        (Some("_dmarc"), _) => return Some(Kind::Dmarc),
        (Some("_mta-sts"), _) => return Some(Kind::MtaSts),
        (Some("_smtp"), Some("_tls")) => return Some(Kind::TlsRpt),
        (_, Some("_domainkey")) => return Some(Kind::Dkim),
        (_, Some("_bimi")) => return Some(Kind::Bimi),
        _ => {}
    }
    let words: Vec<String> = value.split([';', ' ', '\t']).map(|w| w.trim().to_ascii_lowercase()).collect();
    let has = |prefix: &str| words.iter().any(|w| w.starts_with(prefix));
    if has("p=") && (has("rua=") || has("sp=") || has("adkim=") || has("aspf=") || has("pct=") || has("fo="))
    {
        return Some(Kind::Dmarc);
    }
    if has("k=rsa") || has("k=ed25519") || (has("p=mi") && has("p=")) {
        return Some(Kind::Dkim);
    }
    let spf_terms = ["include:", "ip4:", "ip6:", "-all", "~all", "?all", "+all", "redirect="];
    if spf_terms.iter().any(|t| has(t)) {
        return Some(Kind::Spf);
    }
    if has("p=none") || has("p=quarantine") || has("p=reject") {
        return Some(Kind::Dmarc);
    }
    None
}

/// Whether the whole text is a block of message headers.
pub fn looks_like_headers(text: &str) -> bool {
    const KNOWN: &[&str] = &[
        "authentication-results",
        "dkim-signature",
        "received",
        "return-path",
        "arc-authentication-results",
        "received-spf",
        "delivered-to",
        "message-id",
    ];
    let mut fields = 0;
    let mut known = 0;
    for line in text.lines().take(200) {
        if line.is_empty() {
            break;
        }
        if line.starts_with([' ', '\t']) || line.starts_with("From ") {
            continue;
        }
        if let Some((name, _)) = line.split_once(':') {
            let name = name.to_ascii_lowercase();
            if !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
                fields += 1;
                known += usize::from(KNOWN.contains(&name.as_str()));
            }
        }
    }
    known > 0 && fields >= 2
}

/// Whether the whole text is an MTA-STS policy file.
pub fn looks_like_mta_sts_policy(text: &str) -> bool {
    text.lines().take(20).any(|l| {
        let l = l.trim().to_ascii_lowercase();
        l.starts_with("version:") && l.contains("stsv1")
    })
}

/// The records in `text`, one per logical line (a zone-file record in
/// parentheses may span several lines). Blank lines and comment lines
/// (`;`, `#`, `//`) are skipped.
pub fn split(text: &str) -> Vec<Pasted> {
    chunks(text)
        .into_iter()
        .filter_map(|(start, end, unclosed)| {
            let chunk = text.get(start..end)?;
            let lead = chunk.len() - chunk.trim_start().len();
            let body = chunk.trim();
            if body.is_empty() || body.starts_with(';') || body.starts_with('#') || body.starts_with("//") {
                return None;
            }
            let mut pasted = read_record(text, start + lead, start + lead + body.len());
            if unclosed {
                pasted.diagnostics.push(Diagnostic::new(InputCode::UnclosedParenthesis, pasted.span, &[]));
            }
            Some(pasted)
        })
        .collect()
}

/// Logical lines: `(start, end, unclosed parenthesis)` byte ranges. A line
/// break ends a record unless a parenthesis is open (outside quotes).
fn chunks(text: &str) -> Vec<(usize, usize, bool)> {
    let mut out = Vec::new();
    let (mut start, mut depth, mut quoted, mut escaped) = (0, 0usize, false, false);
    for (i, c) in text.char_indices() {
        if escaped {
            escaped = false;
            continue;
        }
        match c {
            '\\' if quoted => escaped = true,
            '"' => quoted = !quoted,
            '(' if !quoted => depth += 1,
            ')' if !quoted => depth = depth.saturating_sub(1),
            '\n' if depth == 0 || quoted => {
                out.push((start, i, false));
                start = i + 1;
                quoted = false;
                depth = 0;
            }
            _ => {}
        }
    }
    out.push((start, text.len(), depth > 0));
    out
}

/// A token of a record line.
#[derive(Debug)]
enum Token {
    /// A bare word.
    Word(Span),
    /// A quoted string: its decoded bytes, each with its input range.
    Quoted { span: Span, bytes: Vec<(u8, usize, usize)> },
}

/// Splits `text[start..end]` into words and quoted strings; parentheses are
/// dropped and, in zone mode, a `;` outside quotes starts a comment.
fn tokens(text: &str, start: usize, end: usize, diagnostics: &mut Vec<Diagnostic>) -> Vec<Token> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = start;
    while i < end {
        let Some(&b) = bytes.get(i) else { break };
        if b.is_ascii_whitespace() || b == b'(' || b == b')' {
            i += 1;
            continue;
        }
        if b == b'"' {
            let open = i;
            let mut decoded = Vec::new();
            i += 1;
            let mut closed = false;
            while i < end {
                let Some(&c) = bytes.get(i) else { break };
                match c {
                    b'"' => {
                        closed = true;
                        i += 1;
                        break;
                    }
                    b'\\' => {
                        let digits = bytes.get(i + 1..i + 4).filter(|d| d.iter().all(u8::is_ascii_digit));
                        match digits {
                            Some(d) => {
                                let value = d.iter().fold(0u32, |n, d| n * 10 + u32::from(d - b'0'));
                                match u8::try_from(value) {
                                    Ok(byte) => decoded.push((byte, i, i + 4)),
                                    Err(_) => {
                                        let span = Span::new(i, i + 4);
                                        let escape = span.slice(text);
                                        diagnostics.push(Diagnostic::new(
                                            InputCode::BadEscape,
                                            span,
                                            &[("escape", escape)],
                                        ));
                                    }
                                }
                                i += 4;
                            }
                            None => match bytes.get(i + 1).filter(|_| i + 1 < end) {
                                Some(&next) if !next.is_ascii_digit() => {
                                    decoded.push((next, i, i + 2));
                                    i += 2;
                                }
                                _ => {
                                    let stop = (i + 4).min(end);
                                    let span = Span::new(i, char_end(text, stop));
                                    let escape = span.slice(text);
                                    diagnostics.push(Diagnostic::new(
                                        InputCode::BadEscape,
                                        span,
                                        &[("escape", escape)],
                                    ));
                                    i += 1;
                                }
                            },
                        }
                    }
                    _ => {
                        decoded.push((c, i, i + 1));
                        i += 1;
                    }
                }
            }
            if !closed {
                diagnostics.push(Diagnostic::new(InputCode::UnclosedQuote, Span::new(open, end), &[]));
            }
            out.push(Token::Quoted { span: Span::new(open, i.min(end)), bytes: decoded });
            continue;
        }
        let word_start = i;
        while i < end
            && bytes
                .get(i)
                .is_some_and(|c| !c.is_ascii_whitespace() && *c != b'"' && *c != b'(' && *c != b')')
        {
            i += 1;
        }
        out.push(Token::Word(Span::new(word_start, i)));
    }
    out
}

/// The end of the character that contains byte `at` (so spans stay on
/// character boundaries).
fn char_end(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

fn is_ttl(word: &str) -> bool {
    !word.is_empty()
        && word.bytes().next().is_some_and(|b| b.is_ascii_digit())
        && word.bytes().all(|b| b.is_ascii_digit() || b"smhdwSMHDW".contains(&b))
}

fn is_class(word: &str) -> bool {
    matches!(word.to_ascii_uppercase().as_str(), "IN" | "CH" | "HS" | "CS")
}

/// Reads one logical record at `text[start..end]`.
fn read_record(text: &str, start: usize, end: usize) -> Pasted {
    let span = Span::new(start, end);
    let body = span.slice(text);
    let mut diagnostics = Vec::new();
    let toks = tokens(text, start, end, &mut diagnostics);
    let word = |t: &Token| match t {
        Token::Word(s) => Some(s.slice(text)),
        Token::Quoted { .. } => None,
    };
    // A zone-file line: up to three of name, TTL and class, then TXT.
    let txt_at = toks.iter().take(4).position(|t| word(t).is_some_and(|w| w.eq_ignore_ascii_case("TXT")));
    let all_quoted = !toks.is_empty() && toks.iter().all(|t| matches!(t, Token::Quoted { .. }));
    let (name, name_span, rdata): (Option<String>, Option<Span>, &[Token]) = match txt_at {
        Some(at) if toks.iter().take(at).all(|t| word(t).is_some()) => {
            let head: Vec<&str> = toks.iter().take(at).filter_map(word).collect();
            let named = head.first().filter(|w| !is_ttl(w) && !is_class(w));
            let name_span = named.and_then(|_| match toks.first() {
                Some(Token::Word(s)) => Some(*s),
                _ => None,
            });
            (named.map(|w| w.to_string()), name_span, toks.get(at + 1..).unwrap_or(&[]))
        }
        _ if all_quoted => (None, None, &toks[..]),
        _ => {
            // A bare value: exactly as pasted (a trailing CR from a CRLF
            // paste is not part of it).
            let value = body.trim_end_matches('\r');
            diagnostics.clear();
            return Pasted {
                value: value.to_string(),
                map: SpanMap::identity(start, value.len()),
                span,
                ..Pasted::default()
            };
        }
    };
    let mut value_bytes: Vec<(u8, usize, usize)> = Vec::new();
    let mut joins = Vec::new();
    let mut previous_end: Option<usize> = None;
    for token in rdata {
        let (token_span, bytes) = match token {
            // In a zone file, `;` outside quotes starts a comment.
            Token::Word(s) if s.slice(text).starts_with(';') => break,
            Token::Word(s) => (
                *s,
                s.slice(text).bytes().enumerate().map(|(k, b)| (b, s.start + k, s.start + k + 1)).collect(),
            ),
            Token::Quoted { span, bytes } => {
                if bytes.len() > 255 {
                    let length = bytes.len().to_string();
                    diagnostics.push(Diagnostic::new(
                        InputCode::StringTooLong,
                        *span,
                        &[("length", &length)],
                    ));
                }
                (*span, bytes.clone())
            }
        };
        if let Some(prev) = previous_end {
            // From the last character before the join to the first after
            // it (quotes, or the ends of unquoted words, which may be wider
            // than a byte).
            let last = text.get(..prev).and_then(|t| t.chars().next_back()).map_or(1, char::len_utf8);
            let first = text.get(token_span.start..).and_then(|t| t.chars().next()).map_or(1, char::len_utf8);
            joins.push((value_bytes.len(), Span::new(prev.saturating_sub(last), token_span.start + first)));
        }
        previous_end = Some(token_span.end);
        value_bytes.extend(bytes);
    }
    let raw: Vec<u8> = value_bytes.iter().map(|(b, _, _)| *b).collect();
    let value = String::from_utf8_lossy(&raw).into_owned();
    let map = if value.len() == raw.len() {
        SpanMap {
            bytes: value_bytes.iter().map(|(_, s, e)| (*s, *e)).collect(),
            end: previous_end.unwrap_or(end),
        }
    } else {
        // Invalid UTF-8 became replacement characters: fall back to the
        // whole record for every position rather than guess.
        SpanMap { bytes: vec![(start, end); value.len()], end }
    };
    let mut pasted = Pasted { name, name_span, value, map, span, joins, quoted: true, diagnostics };
    terraform_joins(&mut pasted);
    pasted
}

/// Terraform writes the boundary between TXT strings as `""` inside one
/// string; read it as a boundary.
fn terraform_joins(pasted: &mut Pasted) {
    while let Some(at) = pasted.value.find("\"\"") {
        let input = pasted.map.map(Span::new(at, at + 2));
        pasted.diagnostics.push(Diagnostic::new(InputCode::TerraformJoin, input, &[]));
        pasted.value.replace_range(at..at + 2, "");
        pasted.map.bytes.drain(at..(at + 2).min(pasted.map.bytes.len()));
        pasted.joins.push((at, input));
    }
    crate::order::sort_by_key(&mut pasted.joins, |(at, _)| *at);
}

/// The value with a space put back at each join where neither side has
/// whitespace, and the joins that got one (value offset, input gap).
pub fn spaced(pasted: &Pasted) -> (String, Vec<(usize, Span)>) {
    let mut out = String::with_capacity(pasted.value.len() + pasted.joins.len());
    let mut gaps = Vec::new();
    let mut last = 0;
    for (at, gap) in &pasted.joins {
        let (Some(before), Some(after)) = (pasted.value.get(last..*at), pasted.value.get(*at..)) else {
            continue;
        };
        out.push_str(before);
        let tight = !before.ends_with(char::is_whitespace)
            && !after.starts_with(char::is_whitespace)
            && !after.is_empty();
        if tight && !before.is_empty() {
            out.push(' ');
            gaps.push((*at, *gap));
        }
        last = *at;
    }
    out.push_str(pasted.value.get(last..).unwrap_or(""));
    (out, gaps)
}

/// Whether the labels name a report authorization record:
/// `<domain>._report._dmarc.<destination>` (RFC 9990 §4), the domain part
/// at least one label (`*` for the wildcard).
fn is_report_auth_owner(labels: &[String]) -> bool {
    labels.windows(2).skip(1).any(|pair| matches!(pair, [a, b] if a == "_report" && b == "_dmarc"))
}

/// The owner-name rule a record of `kind` at `name` breaks, if any, with
/// the domain it probably belongs to.
pub fn owner_problem(kind: Kind, name: &str) -> Option<(InputCode, String)> {
    let trimmed = name.trim_end_matches('.');
    if trimmed == "@" || trimmed.is_empty() {
        let code = match kind {
            Kind::Dmarc => InputCode::DmarcOwner,
            Kind::DmarcReportAuth => InputCode::ReportAuthOwner,
            Kind::Dkim => InputCode::DkimOwner,
            Kind::TlsRpt => InputCode::TlsRptOwner,
            Kind::MtaSts => InputCode::MtaStsOwner,
            Kind::Bimi => InputCode::BimiOwner,
            _ => return None,
        };
        return Some((code, "<your domain>".into()));
    }
    let labels: Vec<String> = trimmed.split('.').map(str::to_ascii_lowercase).collect();
    let label = |i: usize| labels.get(i).map(String::as_str).unwrap_or("");
    let rest = |from: usize| {
        let domain = labels.get(from..).map(|l| l.join(".")).unwrap_or_default();
        if domain.is_empty() {
            "<your domain>".to_string()
        } else {
            domain
        }
    };
    match kind {
        Kind::Dmarc if label(0) != "_dmarc" => Some((InputCode::DmarcOwner, rest(0))),
        Kind::DmarcReportAuth if !is_report_auth_owner(&labels) => {
            Some((InputCode::ReportAuthOwner, rest(0)))
        }
        Kind::Dkim if label(1) != "_domainkey" => Some((InputCode::DkimOwner, rest(0))),
        Kind::TlsRpt if (label(0), label(1)) != ("_smtp", "_tls") => Some((InputCode::TlsRptOwner, rest(0))),
        Kind::MtaSts if label(0) != "_mta-sts" => Some((InputCode::MtaStsOwner, rest(0))),
        Kind::Bimi if label(1) != "_bimi" => Some((InputCode::BimiOwner, rest(0))),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Pasted {
        let mut all = split(text);
        assert_eq!(all.len(), 1, "{text:?}");
        all.remove(0)
    }

    #[test]
    fn bare_values_map_to_themselves() {
        let p = one("  v=DMARC1; p=none\r\n");
        assert_eq!(p.value, "v=DMARC1; p=none");
        assert_eq!(p.map.map(Span::new(10, 16)), Span::new(12, 18));
        assert!(!p.quoted);
    }

    #[test]
    fn zone_lines_join_strings_and_keep_spans() {
        let text = "_dmarc.example.com. 300 IN TXT \"v=DMARC1; \" \"p=none; fo=1\"";
        let p = one(text);
        assert_eq!(p.name.as_deref(), Some("_dmarc.example.com."));
        assert_eq!(p.name_span.map(|s| s.slice(text)), Some("_dmarc.example.com."));
        assert_eq!(p.value, "v=DMARC1; p=none; fo=1");
        let fo = p.value.find("fo=1").unwrap();
        assert_eq!(p.map.map(Span::new(fo, fo + 4)).slice(text), "fo=1");
        assert_eq!(p.joins.len(), 1);
        assert_eq!(p.map.map(Span::at(p.value.len())), Span::at(text.len()));
    }

    #[test]
    fn escapes_are_decoded_and_mapped() {
        let text = r#"x TXT "a\"b\059c\\d""#;
        let p = one(text);
        assert_eq!(p.value, "a\"b;c\\d");
        assert_eq!(p.map.map(Span::new(3, 4)).slice(text), "\\059");
        assert!(p.diagnostics.is_empty());
        let bad = one(r#"x TXT "a\999b""#);
        assert_eq!(bad.diagnostics[0].code, InputCode::BadEscape);
        assert_eq!(bad.diagnostics[0].span.slice(r#"x TXT "a\999b""#), "\\999");
    }

    #[test]
    fn forms_people_paste() {
        assert_eq!(one("\"v=spf1 ip4:\" \"192.0.2.5 -all\"").value, "v=spf1 ip4:192.0.2.5 -all");
        assert_eq!(one("\"v=spf1 \"\"-all\"").value, "v=spf1 -all");
        assert_eq!(one("@ IN TXT v=spf1").value, "v=spf1");
        assert_eq!(one("example.com. TXT \"v=spf1 -all\" ; a comment").value, "v=spf1 -all");
        let multi = "_dmarc IN TXT ( \"v=DMARC1; \"\n   \"p=reject\" )";
        assert_eq!(one(multi).value, "v=DMARC1; p=reject");
        let tf = one("\"v=DKIM1; p=MIIB\\\"\\\"IjAN\"");
        assert_eq!(tf.value, "v=DKIM1; p=MIIBIjAN");
        assert_eq!(tf.diagnostics[0].code, InputCode::TerraformJoin);
        assert_eq!(split("v=DMARC1; p=none\n\nv=spf1 -all\n; comment\n").len(), 2);
    }

    #[test]
    fn broken_text_is_reported() {
        let text = "x TXT \"v=spf1 -all";
        let p = one(text);
        assert_eq!(p.diagnostics[0].code, InputCode::UnclosedQuote);
        let long = format!("x TXT \"{}\"", "a".repeat(300));
        assert_eq!(one(&long).diagnostics[0].code, InputCode::StringTooLong);
        let open = split("x TXT ( \"v=spf1\"\n");
        assert!(open.iter().any(|p| p.diagnostics.iter().any(|d| d.code == InputCode::UnclosedParenthesis)));
    }

    #[test]
    fn spaces_go_back_where_a_split_ate_them() {
        let p = one("\"v=spf1 ip4:192.0.2.1\" \"-all\"");
        let (value, gaps) = spaced(&p);
        assert_eq!(value, "v=spf1 ip4:192.0.2.1 -all");
        assert_eq!(gaps.len(), 1);
    }

    #[test]
    fn kinds_are_detected() {
        assert_eq!(detect("v=DMARC1; p=none", None), Some(Kind::Dmarc));
        assert_eq!(detect("v = spf1 -all", None), Some(Kind::Spf));
        assert_eq!(detect("k=rsa; p=MIIBIjANBg", None), Some(Kind::Dkim));
        assert_eq!(detect("v=TLSRPTv1; rua=mailto:t@example.com", None), Some(Kind::TlsRpt));
        assert_eq!(detect("v=STSv1; id=2024", None), Some(Kind::MtaSts));
        assert_eq!(detect("v=BIMI1; l=https://x/l.svg", None), Some(Kind::Bimi));
        assert_eq!(detect("p=none", Some("_dmarc.example.com")), Some(Kind::Dmarc));
        let auth = Some("example.com._report._dmarc.vendor.example.");
        assert_eq!(detect("v=DMARC1", auth), Some(Kind::DmarcReportAuth));
        assert_eq!(detect("", auth), Some(Kind::DmarcReportAuth));
        assert_eq!(detect("v=DMARC1", Some("_report._dmarc.vendor.example")), Some(Kind::Dmarc));
        assert_eq!(detect("include:_spf.google.com ~all", None), Some(Kind::Spf));
        assert_eq!(detect("hello world", None), None);
        assert!(looks_like_headers("From: a@example.com\nAuthentication-Results: mx.example; spf=pass\n"));
        assert!(!looks_like_headers("v=DMARC1; p=none"));
        assert!(looks_like_mta_sts_policy("version: STSv1\nmode: enforce\n"));
    }

    #[test]
    fn owner_names() {
        assert_eq!(
            owner_problem(Kind::Dmarc, "example.com."),
            Some((InputCode::DmarcOwner, "example.com".into()))
        );
        assert_eq!(owner_problem(Kind::Dmarc, "_dmarc.example.com."), None);
        assert_eq!(owner_problem(Kind::Dmarc, "_dmarc"), None);
        assert!(owner_problem(Kind::Dkim, "selector1.example.com").is_some());
        assert_eq!(owner_problem(Kind::Dkim, "s1._domainkey.example.com"), None);
        assert_eq!(owner_problem(Kind::TlsRpt, "_smtp._tls.example.com"), None);
        assert!(owner_problem(Kind::MtaSts, "mta-sts.example.com").is_some());
        assert_eq!(owner_problem(Kind::Bimi, "default._bimi.example.com"), None);
        assert_eq!(owner_problem(Kind::DmarcReportAuth, "example.com._report._dmarc.vendor.example"), None);
        assert_eq!(owner_problem(Kind::DmarcReportAuth, "*._report._dmarc.vendor.example."), None);
        assert!(owner_problem(Kind::DmarcReportAuth, "_report._dmarc.vendor.example").is_some());
        assert!(owner_problem(Kind::DmarcReportAuth, "_dmarc.example.com").is_some());
        assert_eq!(owner_problem(Kind::Spf, "@"), None);
    }

    #[test]
    fn arbitrary_bytes_never_break_the_map() {
        for text in ["\"", "\\", "x TXT \"\\", "x TXT \"é\\", "((((", "x TXT \"\u{fffd}\"", "TXT TXT TXT"] {
            for p in split(text) {
                for i in 0..=p.value.len() {
                    let s = p.map.map(Span::new(i.min(p.value.len()), p.value.len()));
                    assert!(s.end <= text.len(), "{text:?}");
                }
            }
        }
    }
}
