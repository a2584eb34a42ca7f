//! `DKIM-Signature` (RFC 6376 §3.5), as far as alignment needs it: the
//! tag list, and the `d=`, `s=`, `a=` and `i=` tags with their spans.
//!
//! ```text
//! tag-list  = tag-spec *( ";" tag-spec ) [ ";" ]
//! tag-spec  = [FWS] tag-name [FWS] "=" [FWS] tag-value [FWS]
//! tag-name  = ALPHA *ALNUMPUNC
//! ```

use crate::diag::Span;

/// The tags of one signature that alignment uses.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Signature {
    /// `d=`, lower case, and where its value is.
    pub d: Option<(String, Span)>,
    /// `s=`.
    pub s: Option<(String, Span)>,
    /// `a=`, lower case.
    pub a: Option<(String, Span)>,
    /// `b=`, folding white space removed, to match `header.b` prefixes.
    pub b: String,
}

/// Reads the tag list at `span` of `text`. Later repeats of a tag are
/// ignored (a verifier rejects such a signature; that is not alignment's
/// concern).
pub(crate) fn parse(text: &str, span: Span) -> Signature {
    let mut out = Signature::default();
    let value = span.slice(text);
    let mut offset = span.start;
    for piece in value.split(';') {
        let at = offset;
        offset += piece.len() + 1;
        let Some(eq) = piece.find('=') else { continue };
        let name = piece.get(..eq).unwrap_or("").trim();
        let raw = piece.get(eq + 1..).unwrap_or("");
        let lead = raw.len() - raw.trim_start().len();
        let tag_value = raw.trim();
        let start = at + eq + 1 + lead;
        let value_span = Span::new(start, start + tag_value.len());
        let slot = match name {
            "d" => &mut out.d,
            "s" => &mut out.s,
            "a" => &mut out.a,
            "b" => {
                if out.b.is_empty() {
                    out.b = tag_value.chars().filter(|c| !c.is_whitespace()).collect();
                }
                continue;
            }
            _ => continue,
        };
        if slot.is_none() {
            let folded: String = tag_value.chars().filter(|c| !c.is_whitespace()).collect();
            let keep = if name == "s" { folded } else { folded.to_ascii_lowercase() };
            *slot = Some((keep, value_span));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_and_spans() {
        let v = "v=1; a=RSA-SHA256; c=relaxed/relaxed;\r\n d=Football.Example.com; s=brisbane; b=ab\r\n cd;";
        let sig = parse(v, Span::new(0, v.len()));
        let (d, span) = sig.d.unwrap();
        assert_eq!(d, "football.example.com");
        assert_eq!(span.slice(v), "Football.Example.com");
        assert_eq!(sig.s.unwrap().0, "brisbane");
        assert_eq!(sig.a.unwrap().0, "rsa-sha256");
        assert_eq!(sig.b, "abcd");
        assert_eq!(parse("garbage", Span::new(0, 7)), Signature::default());
    }
}
