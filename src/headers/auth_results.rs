//! `Authentication-Results` (RFC 8601 §2.2).
//!
//! ```text
//! authres-header = "Authentication-Results:" [CFWS] authserv-id
//!                  [ CFWS authres-version ]
//!                  ( no-result / 1*resinfo ) [CFWS] CRLF
//! no-result      = [CFWS] ";" [CFWS] "none"
//! resinfo        = [CFWS] ";" methodspec [ CFWS reasonspec ]
//!                  [ CFWS 1*propspec ]
//! methodspec     = [CFWS] method [CFWS] "=" [CFWS] result
//! method         = Keyword [ [CFWS] "/" [CFWS] method-version ]
//! reasonspec     = "reason" [CFWS] "=" [CFWS] value
//! propspec       = ptype [CFWS] "." [CFWS] property [CFWS] "=" pvalue
//! pvalue         = [CFWS] ( value / [ [ local-part ] "@" ] domain-name )
//!                  [CFWS]
//! ```
//!
//! Lenient where real receivers are: a `name=value` pair without a ptype
//! (Microsoft's `action=none`) is accepted like `reason`, and an empty
//! trailing `;` is ignored. A resinfo that does not parse is reported with
//! its span and skipped; the next `;` starts afresh.

use super::fields::Lexer;
use crate::diag::Span;

/// One parsed `Authentication-Results` field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct AuthResults {
    /// The authserv-id, lower case.
    pub authserv_id: String,
    /// Where the authserv-id is written.
    pub authserv_span: Span,
    /// The results, in order.
    pub results: Vec<ResInfo>,
    /// Pieces that did not parse: where, and why.
    pub errors: Vec<(Span, &'static str)>,
}

/// One `method=result` with its properties.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ResInfo {
    /// The method, lower case (`spf`, `dkim`, `dmarc`, ...).
    pub method: String,
    /// The result, lower case.
    pub result: String,
    /// From the method to the end of the last property.
    pub span: Span,
    /// `ptype.property` (lower case) and the value as written (quotes removed).
    pub props: Vec<(String, String)>,
}

impl ResInfo {
    /// The value of `ptype.property`, if present.
    pub fn prop(&self, name: &str) -> Option<&str> {
        self.props.iter().find(|(key, _)| key == name).map(|(_, value)| value.as_str())
    }
}

/// Characters of an RFC 2045 token (and so of an unquoted `value`).
fn is_token(b: u8) -> bool {
    b >= 0x80 || (b > 32 && b < 127 && !b"()<>@,;:\\\"/[]?=".contains(&b))
}

/// `Keyword` (RFC 5321 `Ldh-str`), leniently with `_` too.
fn is_keyword(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'_'
}

/// An unquoted property value: anything up to white space, `;` or `(`.
fn is_pvalue(b: u8) -> bool {
    b >= 0x80 || (b > 32 && b < 127 && b != b';' && b != b'(' && b != b'"')
}

/// Parses the value of an `Authentication-Results` field at `span` of `text`.
pub(crate) fn parse(text: &str, span: Span) -> AuthResults {
    let mut lx = Lexer::new(text, span);
    let mut out = AuthResults {
        authserv_id: String::new(),
        authserv_span: Span::at(lx.pos),
        results: Vec::new(),
        errors: Vec::new(),
    };
    if !lx.skip_cfws() {
        out.errors.push((rest_of_piece(&lx, lx.pos), "a comment is not closed"));
        return out;
    }
    let id = match lx.peek() {
        Some(b'"') => lx.quoted(),
        _ => lx.take(is_token).map(|(s, t)| (s, t.to_string())),
    };
    match id {
        Some((id_span, id)) => {
            out.authserv_span = id_span;
            out.authserv_id = id.to_ascii_lowercase();
        }
        None => {
            let at = lx.pos;
            out.errors.push((
                rest_of_piece(&lx, at),
                "the authserv-id, the name of the receiving server, is missing",
            ));
            lx.skip_to_semicolon();
        }
    }
    // Optional version: digits right before the first `;`.
    let mut probe = lx.clone();
    if probe.skip_cfws()
        && probe.take(|b| b.is_ascii_digit()).is_some()
        && probe.skip_cfws()
        && (probe.at_end() || probe.peek() == Some(b';'))
    {
        lx = probe;
    }
    if !lx.skip_cfws() {
        out.errors.push((rest_of_piece(&lx, lx.pos), "a comment is not closed"));
        return out;
    }
    if !lx.at_end() && lx.peek() != Some(b';') {
        let at = lx.pos;
        out.errors.push((rest_of_piece(&lx, at), "expected ; after the authserv-id"));
        lx.skip_to_semicolon();
    }
    while lx.eat(b';') {
        let start = lx.pos;
        match resinfo(&mut lx) {
            Ok(Some(info)) if info.method == "none" && info.result.is_empty() => {}
            Ok(Some(info)) => out.results.push(info),
            Ok(None) => {}
            Err((at, why)) => {
                out.errors.push((rest_of_piece(&lx, at.max(start)), why));
                lx.skip_to_semicolon();
            }
        }
    }
    out
}

/// From `at` to the next `;` (or the end), trimmed; empty at `at` if blank.
fn rest_of_piece(lx: &Lexer<'_>, at: usize) -> Span {
    let mut probe = lx.clone();
    probe.pos = at;
    probe.skip_to_semicolon();
    let piece = lx.slice(Span::new(at, probe.pos));
    let start = at + (piece.len() - piece.trim_start().len());
    let end = at + piece.trim_end().len();
    if end > start {
        Span::new(start, end)
    } else {
        Span::at(at)
    }
}

type Failure = (usize, &'static str);

/// One resinfo after its `;`: `Ok(None)` for an empty one.
fn resinfo(lx: &mut Lexer<'_>) -> Result<Option<ResInfo>, Failure> {
    if !lx.skip_cfws() {
        return Err((lx.pos, "a comment is not closed"));
    }
    if lx.at_end() || lx.peek() == Some(b';') {
        return Ok(None);
    }
    let (method_span, method) =
        lx.take(is_keyword).ok_or((lx.pos, "expected a method name such as spf or dkim"))?;
    let mut info = ResInfo {
        method: method.to_ascii_lowercase(),
        result: String::new(),
        span: method_span,
        props: Vec::new(),
    };
    let cfws =
        |lx: &mut Lexer<'_>| if lx.skip_cfws() { Ok(()) } else { Err((lx.pos, "a comment is not closed")) };
    cfws(lx)?;
    if lx.eat(b'/') {
        cfws(lx)?;
        lx.take(|b| b.is_ascii_digit()).ok_or((lx.pos, "expected a method version after /"))?;
        cfws(lx)?;
    }
    if info.method == "none" && (lx.at_end() || lx.peek() == Some(b';')) {
        return Ok(Some(ResInfo { result: String::new(), ..info }));
    }
    if !lx.eat(b'=') {
        return Err((method_span.start, "expected = and a result after the method"));
    }
    cfws(lx)?;
    let (result_span, result) =
        lx.take(is_keyword).ok_or((lx.pos, "expected a result such as pass or fail"))?;
    info.result = result.to_ascii_lowercase();
    info.span = info.span.join(result_span);
    loop {
        cfws(lx)?;
        if lx.at_end() || lx.peek() == Some(b';') {
            return Ok(Some(info));
        }
        let (name_span, name) = lx.take(is_keyword).ok_or((lx.pos, "expected ptype.property=value"))?;
        cfws(lx)?;
        let key = if lx.eat(b'.') {
            cfws(lx)?;
            let (_, property) = lx
                .take(|b| is_keyword(b) || b == b'.')
                .ok_or((lx.pos, "expected a property name after the dot"))?;
            format!("{}.{}", name.to_ascii_lowercase(), property.to_ascii_lowercase())
        } else {
            name.to_ascii_lowercase()
        };
        cfws(lx)?;
        if !lx.eat(b'=') {
            return Err((name_span.start, "expected = after the property name"));
        }
        cfws(lx)?;
        let (value_span, value) = match lx.peek() {
            Some(b'"') => {
                let (span, mut value) = lx.quoted().ok_or((lx.pos, "a quoted string is not closed"))?;
                // A quoted local-part: "a b"@example.net.
                match lx.take(is_pvalue) {
                    Some((rest, text)) if text.starts_with('@') => {
                        value.push_str(text);
                        (span.join(rest), value)
                    }
                    Some((_, _)) => {
                        return Err((span.end, "expected white space or ; after the quoted value"))
                    }
                    None => (span, value),
                }
            }
            // An empty value, as in smtp.mailfrom= for a null sender.
            None | Some(b';') | Some(b' ' | b'\t' | b'\r' | b'\n' | b'(') => {
                (Span::at(lx.pos), String::new())
            }
            Some(_) => {
                lx.take(is_pvalue).map(|(s, t)| (s, t.to_string())).ok_or((lx.pos, "expected a value"))?
            }
        };
        info.span = info.span.join(value_span);
        info.props.push((key, value));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ar(value: &str) -> AuthResults {
        parse(value, Span::new(0, value.len()))
    }

    #[test]
    fn typical_gmail_header() {
        let v = "mx.google.com;\r\n       dkim=pass header.i=@ietf.org header.s=ietf1 header.b=jqktrzno;\r\n       spf=pass (google.com: domain of x@ietf.org designates 1.2.3.4 as permitted sender) smtp.mailfrom=x@ietf.org;\r\n       dmarc=pass (p=NONE sp=QUARANTINE dis=NONE) header.from=ietf.org";
        let a = ar(v);
        assert!(a.errors.is_empty(), "{:?}", a.errors);
        assert_eq!(a.authserv_id, "mx.google.com");
        let methods: Vec<(&str, &str)> =
            a.results.iter().map(|r| (r.method.as_str(), r.result.as_str())).collect();
        assert_eq!(methods, [("dkim", "pass"), ("spf", "pass"), ("dmarc", "pass")]);
        assert_eq!(a.results[0].prop("header.i"), Some("@ietf.org"));
        assert_eq!(a.results[1].prop("smtp.mailfrom"), Some("x@ietf.org"));
    }

    #[test]
    fn versions_none_quotes_and_microsoft_extras() {
        let a = ar("\"mail.example.org\" 1; none");
        assert_eq!((a.authserv_id.as_str(), a.results.len(), a.errors.len()), ("mail.example.org", 0, 0));
        let a = ar("example.com; spf/2 = pass smtp.mailfrom=\"a b\"@example.net; dmarc=pass action=none header.from=example.net;");
        assert!(a.errors.is_empty(), "{:?}", a.errors);
        assert_eq!(a.results.len(), 2);
        assert_eq!(a.results[1].prop("action"), Some("none"));
    }

    #[test]
    fn bad_pieces_are_skipped_with_spans() {
        let v = "example.com; spf pass; dkim=pass header.d=example.com; dmarc=pass (open";
        let a = ar(v);
        assert_eq!(a.results.len(), 1);
        let spans: Vec<&str> = a.errors.iter().map(|(s, _)| s.slice(v)).collect();
        assert_eq!(spans, ["spf pass", "(open"]);
        let a = ar("; spf=pass");
        assert_eq!(a.errors.len(), 1);
        assert_eq!(a.results.len(), 1);
    }
}
