//! Organizational domains offline, from the Public Suffix List.
//!
//! RFC 9989 finds the organizational domain with a DNS tree walk (§4.10.2);
//! without DNS at hand, a pasted message is judged with the Public Suffix
//! List instead, as RFC 7489 did (and reports then say
//! `discovery_method=psl`). The list is embedded as text and read once, on
//! first use.
//!
//! Why `publicsuffix` with the list embedded as text: measured as a tiny
//! wasm32 release cdylib (opt-level z, LTO, panic=abort) exporting one
//! org-domain function, raw / gzip -9 bytes:
//!
//! | candidate                          | wasm      | gzipped  | PSL vectors |
//! |------------------------------------|-----------|----------|-------------|
//! | baseline (last two labels, no PSL) |  39 285   | 16 510   | 39 / 78     |
//! | `psl` 2.1.247 (list compiled in)   | 941 524   | 268 291  | 78 / 78     |
//! | `addr` 0.15.6 (over `psl`)         | 989 348   | 295 321  | 78 / 78     |
//! | `publicsuffix` 2.3 + list text     | 214 475   | 68 461   | 74 / 78     |
//! | this module (+ A-label rules)      | 236 804   | 80 961   | 78 / 78     |
//!
//! The price is reading about 10 400 rules into a hash map on first use,
//! and refreshing `public_suffix_list.dat` by hand now and then.

use std::sync::OnceLock;

use publicsuffix::{List, Psl};

/// The list, as shipped in the `psl` crate 2.1.247 (MPL-2.0 data).
const LIST: &str = include_str!("public_suffix_list.dat");

fn list() -> &'static List {
    static PARSED: OnceLock<List> = OnceLock::new();
    // The embedded text is known to parse; an empty list (every name is
    // then its own registrable domain under the implicit `*` rule) is the
    // harmless fallback.
    PARSED.get_or_init(|| with_a_labels(LIST).parse().unwrap_or_default())
}

/// The list with every rule that has a Unicode label repeated in A-labels
/// (`公司.cn` and `xn--55qx5d.cn`), so names match in either form without
/// IDNA tables: the list's Unicode rules are already normalised.
fn with_a_labels(list: &str) -> String {
    let mut out = String::with_capacity(list.len() + list.len() / 8);
    for line in list.lines() {
        out.push_str(line);
        out.push('\n');
        if line.starts_with("//") || line.is_ascii() {
            continue;
        }
        let labels: Option<Vec<String>> = line
            .split('.')
            .map(|label| if label.is_ascii() { Some(label.to_string()) } else { punycode(label) })
            .collect();
        if let Some(labels) = labels {
            out.push_str(&labels.join("."));
            out.push('\n');
        }
    }
    out
}

/// One label in Punycode (RFC 3492 §6.3) with the `xn--` prefix; `None` on
/// arithmetic overflow, which no real label reaches.
fn punycode(label: &str) -> Option<String> {
    const BASE: u32 = 36;
    const TMIN: u32 = 1;
    const TMAX: u32 = 26;
    let digit = |d: u32| char::from(if d < 26 { b'a' + d as u8 } else { b'0' + (d - 26) as u8 });
    let adapt = |delta: u32, points: u32, first: bool| {
        let mut delta = if first { delta / 700 } else { delta / 2 };
        delta += delta / points;
        let mut k = 0;
        while delta > ((BASE - TMIN) * TMAX) / 2 {
            delta /= BASE - TMIN;
            k += BASE;
        }
        k + (BASE - TMIN + 1) * delta / (delta + 38)
    };
    let input: Vec<u32> = label.chars().map(u32::from).collect();
    let mut out: String = label.chars().filter(char::is_ascii).collect();
    let basic = u32::try_from(out.len()).ok()?;
    let total = u32::try_from(input.len()).ok()?;
    if basic > 0 {
        out.push('-');
    }
    let (mut n, mut delta, mut bias, mut handled) = (128u32, 0u32, 72u32, basic);
    while handled < total {
        let m = input.iter().copied().filter(|&c| c >= n).min()?;
        delta = delta.checked_add((m - n).checked_mul(handled + 1)?)?;
        n = m;
        for &c in &input {
            if c < n {
                delta = delta.checked_add(1)?;
            }
            if c == n {
                let mut q = delta;
                let mut k = BASE;
                loop {
                    let t = if k <= bias {
                        TMIN
                    } else if k >= bias + TMAX {
                        TMAX
                    } else {
                        k - bias
                    };
                    if q < t {
                        break;
                    }
                    out.push(digit(t + (q - t) % (BASE - t)));
                    q = (q - t) / (BASE - t);
                    k += BASE;
                }
                out.push(digit(q));
                bias = adapt(delta, handled + 1, handled == basic);
                delta = 0;
                handled += 1;
            }
        }
        delta = delta.checked_add(1)?;
        n = n.checked_add(1)?;
    }
    Some(format!("xn--{out}"))
}

/// The organizational domain of `name`: its public suffix plus one label,
/// lower case, without a trailing dot. `None` when `name` is itself a public
/// suffix, has an empty label, or is not a name at all.
///
/// Names may be written in U-labels or A-labels (`xn--`); they are not
/// converted, so the result keeps the form of the input.
///
/// ```
/// use dmarc_lens::domain::org::organizational_domain;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn punycode_matches_rfc_3492() {
        assert_eq!(punycode("公司").as_deref(), Some("xn--55qx5d"));
        assert_eq!(punycode("中国").as_deref(), Some("xn--fiqs8s"));
        assert_eq!(punycode("食狮").as_deref(), Some("xn--85x722f"));
        assert_eq!(punycode("bücher").as_deref(), Some("xn--bcher-kva"));
        assert_eq!(
            organizational_domain("www.xn--85x722f.xn--55qx5d.cn").as_deref(),
            Some("xn--85x722f.xn--55qx5d.cn")
        );
    }
}
