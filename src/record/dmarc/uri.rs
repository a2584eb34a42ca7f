//! Report destinations (`rua`, `ruf`).
//!
//! RFC 9989 §4.8: `dmarc-uri = URI` (RFC 3986), with `,` and `!` percent
//! encoded inside a URI. RFC 7489 also allowed a size limit after `!`
//! (`mailto:a@example.com!10m`), which RFC 9989 made obsolete.

use crate::diag::Span;
use crate::domain::is_hostname;

/// One report URI as written, with what is wrong with it, if anything.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportUri {
    /// The text as written, including any size suffix.
    pub text: String,
    /// Where it was written.
    pub span: Span,
    /// The URI without any size suffix.
    pub uri: String,
    /// The scheme in lower case (`mailto`, `https`), when there is one.
    pub scheme: Option<String>,
    /// For `mailto:`, the mailbox (`local@domain`).
    pub mailbox: Option<String>,
    /// The obsolete `!size` suffix (with its `!`), and its span.
    pub size_suffix: Option<(String, Span)>,
    /// Why receivers cannot use it, when they cannot.
    pub problem: Option<String>,
}

impl ReportUri {
    /// Whether the URI is syntactically usable.
    pub fn is_valid(&self) -> bool {
        self.problem.is_none()
    }

    /// Whether it is a `mailto:` URI.
    pub fn is_mailto(&self) -> bool {
        self.scheme.as_deref() == Some("mailto")
    }

    /// The domain of a `mailto:` mailbox.
    pub fn mailbox_domain(&self) -> Option<&str> {
        self.mailbox.as_deref().and_then(|m| m.rsplit_once('@')).map(|(_, d)| d)
    }
}

/// `digits [k|m|g|t]`, the RFC 7489 size suffix after `!`.
fn is_size(text: &str) -> bool {
    let digits = text.trim_end_matches(['k', 'm', 'g', 't', 'K', 'M', 'G', 'T']);
    text.len() - digits.len() <= 1 && !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

/// `ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )` (RFC 3986 §3.1).
fn is_scheme(text: &str) -> bool {
    let mut bytes = text.bytes();
    bytes.next().is_some_and(|b| b.is_ascii_alphabetic())
        && bytes.all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
}

/// Reads one URI from a `rua`/`ruf` list item at `span`.
pub(crate) fn parse(text: &str, span: Span) -> ReportUri {
    let mut out = ReportUri {
        text: text.to_string(),
        span,
        uri: text.to_string(),
        scheme: None,
        mailbox: None,
        size_suffix: None,
        problem: None,
    };
    if text.is_empty() {
        out.problem = Some("it is empty, perhaps a stray comma".into());
        return out;
    }
    let mut uri = text;
    if let Some((head, size)) = text.rsplit_once('!') {
        if is_size(size) {
            let at = span.start + head.len();
            out.size_suffix = Some((format!("!{size}"), Span::new(at, span.end)));
            uri = head;
            out.uri = head.to_string();
        }
    }
    if uri.contains('!') {
        out.problem = Some("it contains an unencoded \"!\", which must be written %21".into());
        return out;
    }
    if let Some(bad) = uri.chars().find(|c| !c.is_ascii_graphic()) {
        out.problem = Some(if bad == ' ' || bad == '\t' {
            "it contains a space".into()
        } else {
            format!("it contains the character U+{:04X}", u32::from(bad))
        });
        return out;
    }
    let Some((scheme, rest)) = uri.split_once(':').filter(|(s, _)| is_scheme(s)) else {
        out.problem = Some(if uri.contains('@') {
            "it has no scheme; a mail address needs mailto: in front".into()
        } else {
            "it has no scheme such as mailto:".into()
        });
        return out;
    };
    let scheme = scheme.to_ascii_lowercase();
    out.scheme = Some(scheme.clone());
    match scheme.as_str() {
        "mailto" => {
            let mailbox = rest.split('?').next().unwrap_or(rest);
            match mailbox.rsplit_once('@') {
                None => out.problem = Some("the mail address has no @".into()),
                Some(("", _)) => out.problem = Some("the mailbox name before @ is empty".into()),
                Some((_, domain)) if !is_hostname(domain) || !domain.contains('.') => {
                    out.problem = Some(format!("{} is not a valid mail domain", crate::text::quoted(domain)));
                }
                Some(_) => {}
            }
            out.mailbox = Some(mailbox.to_string());
        }
        "http" | "https" => {
            let host = rest
                .strip_prefix("//")
                .map(|r| r.split(['/', '?', '#']).next().unwrap_or(""))
                .map(|h| h.rsplit_once('@').map_or(h, |(_, h)| h))
                .map(|h| h.split(':').next().unwrap_or(h));
            match host {
                Some(h) if is_hostname(h) => {}
                _ => out.problem = Some("it has no valid host name after //".into()),
            }
        }
        _ => {}
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(text: &str) -> Option<String> {
        parse(text, Span::new(0, text.len())).problem
    }

    #[test]
    fn mailto_addresses() {
        assert_eq!(problem("mailto:dmarc@example.com"), None);
        assert_eq!(problem("MAILTO:dmarc@example.com"), None);
        assert!(problem("dmarc@example.com").unwrap().contains("mailto:"));
        assert!(problem("mailto:example.com").unwrap().contains("no @"));
        assert!(problem("mailto:@example.com").unwrap().contains("empty"));
        assert!(problem("mailto:d@localhost").unwrap().contains("not a valid"));
        assert!(problem("mailto:d@exa mple.com").unwrap().contains("space"));
        assert!(problem("").unwrap().contains("empty"));
    }

    #[test]
    fn size_suffix_is_split_off() {
        let uri = parse("mailto:d@example.com!10m", Span::new(5, 29));
        assert!(uri.is_valid());
        assert_eq!(uri.uri, "mailto:d@example.com");
        assert_eq!(uri.size_suffix, Some(("!10m".to_string(), Span::new(25, 29))));
        assert!(problem("mailto:d!x@example.com").unwrap().contains("%21"));
    }

    #[test]
    fn other_schemes() {
        let uri = parse("https://reports.example.net/dmarc", Span::new(0, 33));
        assert!(uri.is_valid() && !uri.is_mailto());
        assert!(problem("https:/nohost").is_some());
    }
}
