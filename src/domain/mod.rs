//! Domain names as they appear in records and addresses, and their
//! organizational domains ([`org`]).

pub mod org;

/// Whether `name` is a syntactically valid host name in its ASCII form
/// (RFC 1123 §2.1 labels, RFC 1035 §2.3.4 lengths): one or more dot-separated
/// labels of letters, digits and hyphens, none starting or ending with a
/// hyphen, each 1 to 63 octets, 253 octets in all. A single trailing dot (the
/// root) is allowed. Underscore labels such as `_dmarc` are not host names
/// and are rejected here.
///
/// ```
/// use dmarc_lens::domain::is_hostname;
/// assert!(is_hostname("mail.example.com"));
/// assert!(is_hostname("xn--bcher-kva.example."));
/// assert!(!is_hostname("-bad.example"));
/// assert!(!is_hostname("two..dots.example"));
/// ```
pub fn is_hostname(name: &str) -> bool {
    let name = name.strip_suffix('.').unwrap_or(name);
    if name.is_empty() || name.len() > 253 {
        return false;
    }
    name.split('.').all(|label| {
        !label.is_empty()
            && label.len() <= 63
            && label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && !label.starts_with('-')
            && !label.ends_with('-')
    })
}

/// Whether `name` has at least two labels, as every domain that can receive
/// mail on the public Internet does.
pub fn has_parent(name: &str) -> bool {
    name.trim_end_matches('.').contains('.')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn label_limits() {
        let long = "a".repeat(63);
        assert!(is_hostname(&format!("{long}.example")));
        assert!(!is_hostname(&format!("{long}a.example")));
        let total = ["abcdefghi"; 26].join(".");
        assert!(total.len() > 253);
        assert!(!is_hostname(&total));
        assert!(!is_hostname(""));
        assert!(!is_hostname("."));
        assert!(!is_hostname("_dmarc.example.com"));
        assert!(!is_hostname("exa mple.com"));
    }

    #[test]
    fn parents() {
        assert!(has_parent("example.com."));
        assert!(!has_parent("localhost"));
    }
}
