//! Addresses: the RFC5322.From mailbox list (RFC 5322 §3.4, §3.6.2) and the
//! Return-Path (RFC 5322 §3.6.7), reduced to the domains DMARC needs.
//!
//! ```text
//! from         = "From:" mailbox-list CRLF
//! mailbox      = name-addr / addr-spec
//! name-addr    = [display-name] angle-addr
//! angle-addr   = [CFWS] "<" addr-spec ">" [CFWS]
//! addr-spec    = local-part "@" domain
//! return       = "Return-Path:" path CRLF
//! path         = angle-addr / ([CFWS] "<" [CFWS] ">" [CFWS])
//! ```

use super::fields::Lexer;
use crate::diag::Span;

/// One mailbox of a From field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Mailbox {
    /// The mailbox as written, display name included.
    pub span: Span,
    /// The domain, lower case without a trailing dot, or why there is none.
    pub domain: Result<(String, Span), &'static str>,
}

/// The mailboxes of a From value at `span` of `text`. Commas inside quoted
/// strings, comments and angle brackets do not separate mailboxes; empty
/// list elements (allowed by the obsolete syntax) are skipped.
pub(crate) fn mailboxes(text: &str, span: Span) -> Vec<Mailbox> {
    let mut out = Vec::new();
    let mut lx = Lexer::new(text, span);
    let mut start = lx.pos;
    // Where the addr-spec of the current mailbox is: inside <...> if any.
    let mut angle: Option<Span> = None;
    let mut open_angle: Option<usize> = None;
    let mut finish = |lx: &Lexer<'_>, start: usize, end: usize, angle: Option<Span>| {
        let whole = trim(lx, Span::new(start, end));
        if whole.is_empty() {
            return;
        }
        let inner = angle.unwrap_or(whole);
        out.push(Mailbox { span: whole, domain: domain_of(lx, inner) });
    };
    loop {
        match lx.peek() {
            None => {
                let end = lx.pos;
                finish(&lx, start, end, angle.take());
                break;
            }
            Some(b',') if open_angle.is_none() => {
                let end = lx.pos;
                finish(&lx, start, end, angle.take());
                lx.pos += 1;
                start = lx.pos;
            }
            Some(b'"') => {
                if lx.quoted().is_none() {
                    lx.pos = lx.end();
                }
            }
            Some(b'(') => {
                if !lx.skip_cfws() {
                    lx.pos = lx.end();
                }
            }
            Some(b'<') => {
                lx.pos += 1;
                open_angle = Some(lx.pos);
            }
            Some(b'>') => {
                if let Some(from) = open_angle.take() {
                    angle = Some(Span::new(from, lx.pos));
                }
                lx.pos += 1;
            }
            Some(_) => lx.pos += 1,
        }
    }
    out
}

/// `span` without white space at either end.
fn trim(lx: &Lexer<'_>, span: Span) -> Span {
    let piece = lx.slice(span);
    let start = span.start + (piece.len() - piece.trim_start().len());
    Span::new(start, (span.start + piece.trim_end().len()).max(start))
}

/// The domain of the addr-spec in `span`: what follows the last `@` outside
/// quotes and comments.
fn domain_of(lx: &Lexer<'_>, span: Span) -> Result<(String, Span), &'static str> {
    let mut scan = Lexer::new(lx.slice(Span::new(0, span.end)), span);
    let mut at = None;
    while let Some(b) = scan.peek() {
        match b {
            b'"' => {
                if scan.quoted().is_none() {
                    break;
                }
            }
            b'(' => {
                if !scan.skip_cfws() {
                    break;
                }
            }
            b'@' => {
                scan.pos += 1;
                at = Some(scan.pos);
            }
            _ => scan.pos += 1,
        }
    }
    let at = at.ok_or("there is no @")?;
    let mut d = Lexer::new(lx.slice(Span::new(0, span.end)), Span::new(at, span.end));
    if !d.skip_cfws() {
        return Err("a comment is not closed");
    }
    if d.peek() == Some(b'[') {
        return Err("an address literal is not a domain");
    }
    let (dspan, name) = d
        .take(|b| b >= 0x80 || b.is_ascii_alphanumeric() || b == b'-' || b == b'.' || b == b'_')
        .ok_or("nothing follows the @")?;
    if !d.skip_cfws() || !d.at_end() {
        return Err("the domain contains characters a domain cannot have");
    }
    let name = name.strip_suffix('.').unwrap_or(name);
    if name.is_empty() || name.starts_with('.') || name.contains("..") {
        return Err("the domain is not a valid name");
    }
    Ok((name.to_ascii_lowercase(), dspan))
}

/// The Return-Path value at `span`: `Ok(None)` for the null sender `<>`,
/// `Ok(Some(domain))`, or why no domain could be read.
pub(crate) fn return_path(text: &str, span: Span) -> Result<Option<(String, Span)>, &'static str> {
    let boxes = mailboxes(text, span);
    let bare: String = span.slice(text).chars().filter(|c| !c.is_whitespace()).collect();
    if bare == "<>" {
        return Ok(None);
    }
    match boxes.first() {
        Some(mailbox) => mailbox.domain.clone().map(Some),
        None => Err("the value is empty"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn domains(v: &str) -> Vec<Result<String, &'static str>> {
        mailboxes(v, Span::new(0, v.len())).into_iter().map(|m| m.domain.map(|(d, _)| d)).collect()
    }

    #[test]
    fn display_names_quotes_and_comments() {
        assert_eq!(domains("Joe SixPack <joe@Football.Example.COM>"), [Ok("football.example.com".into())]);
        assert_eq!(domains("\"Doe, John\" <john@example.com>"), [Ok("example.com".into())]);
        assert_eq!(domains("\"a@evil.example\" <b@good.example>"), [Ok("good.example".into())]);
        assert_eq!(domains("john@example.com (John, the @ man)"), [Ok("example.com".into())]);
        assert_eq!(domains("queso@manchego.org"), [Ok("manchego.org".into())]);
        assert_eq!(domains("a@x.example, b@y.example").len(), 2);
        assert_eq!(domains("a@x.example,,"), [Ok("x.example".into())]);
        assert!(domains("Undisclosed <nobody>")[0].is_err());
        assert!(domains("a@[192.0.2.1]")[0].is_err());
        assert!(domains("a@")[0].is_err());
    }

    #[test]
    fn return_paths() {
        let rp = |v: &str| return_path(v, Span::new(0, v.len())).map(|d| d.map(|(d, _)| d));
        assert_eq!(rp("<>"), Ok(None));
        assert_eq!(rp(" < > "), Ok(None));
        assert_eq!(rp("<bounce@Mail.Example.net>"), Ok(Some("mail.example.net".into())));
        assert!(rp("").is_err());
    }
}
