//! Organizational domains offline, from the Public Suffix List.
//!
//! RFC 9989 finds the organizational domain with a DNS tree walk (§4.10.2);
//! without DNS at hand, a pasted message is judged with the Public Suffix
//! List instead, as RFC 7489 did (and reports then say
//! `discovery_method=psl`). The list is embedded as text and read once, on
//! first use.
//!
//! This belongs in [`crate::domain`] (shared); it lives here until it moves.

use std::sync::OnceLock;

use publicsuffix::{List, Psl};

/// The list, as shipped in the `psl` crate 2.1.247 (MPL-2.0 data).
const LIST: &str = include_str!("public_suffix_list.dat");

fn list() -> &'static List {
    static PARSED: OnceLock<List> = OnceLock::new();
    // The embedded text is known to parse; an empty list (every name is
    // then its own registrable domain under the implicit `*` rule) is the
    // harmless fallback.
    PARSED.get_or_init(|| LIST.parse().unwrap_or_default())
}

/// The organizational domain of `name`: its public suffix plus one label,
/// lower case, without a trailing dot. `None` when `name` is itself a public
/// suffix, has an empty label, or is not a name at all.
///
/// Names in U-labels are looked up as written; A-labels (`xn--`) match
/// rules written in ASCII only, since the list writes IDN rules in Unicode
/// and no IDNA tables are embedded.
///
/// ```
/// use dmarc_lens::headers::org_domain::organizational_domain;
/// assert_eq!(organizational_domain("Mail.Example.CO.UK").as_deref(), Some("example.co.uk"));
/// assert_eq!(organizational_domain("bounces.example.com.").as_deref(), Some("example.com"));
/// assert_eq!(organizational_domain("co.uk"), None);
/// ```
pub fn organizational_domain(name: &str) -> Option<String> {
    let name = name.strip_suffix('.').unwrap_or(name).to_lowercase();
    if name.is_empty() || name.len() > 253 || name.split('.').any(str::is_empty) {
        return None;
    }
    let domain = list().domain(name.as_bytes())?;
    std::str::from_utf8(domain.as_bytes()).ok().map(str::to_string)
}

/// The organizational domain of `name`, or the name itself (lower case)
/// when it has none, which is what RFC 9989 §4.10.2 falls back to.
pub fn org_or_self(name: &str) -> String {
    organizational_domain(name).unwrap_or_else(|| name.strip_suffix('.').unwrap_or(name).to_lowercase())
}

/// Whether `a` and `b` are the same name, ignoring case and a trailing dot
/// (strict alignment).
pub fn same_name(a: &str, b: &str) -> bool {
    let a = a.strip_suffix('.').unwrap_or(a);
    let b = b.strip_suffix('.').unwrap_or(b);
    !a.is_empty() && a.to_lowercase() == b.to_lowercase()
}

/// Whether `a` and `b` share an organizational domain (relaxed alignment).
pub fn same_org(a: &str, b: &str) -> bool {
    !a.is_empty() && !b.is_empty() && org_or_self(a) == org_or_self(b)
}
