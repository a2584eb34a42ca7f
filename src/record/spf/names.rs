//! Names and addresses for `check_host`: which domains can be queried,
//! reverse names, the `%{i}` form of an address, and network matching.

use std::net::{IpAddr, Ipv6Addr};

use super::macros;

/// Why `domain` cannot be checked at all (RFC 7208 §4.3), if it cannot.
pub(super) fn top_domain_problem(domain: &str) -> Option<String> {
    let domain = domain.strip_suffix('.').unwrap_or(domain);
    if !valid_query_name(domain) {
        return Some(format!("\"{domain}\" is not a valid domain name"));
    }
    let top = domain.rsplit('.').next().unwrap_or("");
    if !domain.contains('.') || !macros::is_toplabel(top) {
        return Some(format!("\"{domain}\" is not a fully qualified domain name"));
    }
    None
}

/// Whether a DNS query can be composed for `name`: labels of 1 to 63
/// octets, 253 in all.
pub(super) fn valid_query_name(name: &str) -> bool {
    let name = name.strip_suffix('.').unwrap_or(name);
    !name.is_empty() && name.len() <= 253 && name.split('.').all(|l| !l.is_empty() && l.len() <= 63)
}

/// Whether `name` is `domain` or below it.
pub(super) fn is_within(name: &str, domain: &str) -> bool {
    let name = name.strip_suffix('.').unwrap_or(name).to_ascii_lowercase();
    let domain = domain.strip_suffix('.').unwrap_or(domain).to_ascii_lowercase();
    name == domain || name.ends_with(&format!(".{domain}"))
}

/// Whether `ip` is in the network `net`, with the prefix for its family.
/// Families never mix: an IPv4-mapped IPv6 client is not an IPv4 client.
pub(super) fn in_network(ip: IpAddr, net: IpAddr, v4: u8, v6: u8) -> bool {
    match (ip, net) {
        (IpAddr::V4(ip), IpAddr::V4(net)) => {
            let mask = u32::MAX.checked_shl(32 - u32::from(v4.min(32))).unwrap_or(0);
            u32::from(ip) & mask == u32::from(net) & mask
        }
        (IpAddr::V6(ip), IpAddr::V6(net)) => {
            let mask = u128::MAX.checked_shl(128 - u32::from(v6.min(128))).unwrap_or(0);
            u128::from(ip) & mask == u128::from(net) & mask
        }
        _ => false,
    }
}

/// The client's reverse name: `4.3.2.1.in-addr.arpa` or the nibbles under
/// `ip6.arpa`.
pub(super) fn reverse_name(ip: IpAddr) -> String {
    format!("{}.{}", dotted(ip).rsplit('.').collect::<Vec<_>>().join("."), suffix_of(ip))
}

fn suffix_of(ip: IpAddr) -> &'static str {
    if ip.is_ipv4() {
        "in-addr.arpa"
    } else {
        "ip6.arpa"
    }
}

/// `%{i}`: dotted quad, or 32 dot-separated nibbles.
pub(super) fn dotted(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => nibbles(v6),
    }
}

/// The nibbles in upper case, as the OpenSPF suite expects (`v-macro-ip6`);
/// RFC 7208 leaves the case open (its §7.4 example is lower case) and DNS
/// compares names without regard to case.
fn nibbles(ip: Ipv6Addr) -> String {
    let mut parts = Vec::with_capacity(32);
    for byte in ip.octets() {
        parts.push(format!("{:X}", byte >> 4));
        parts.push(format!("{:X}", byte & 0xf));
    }
    parts.join(".")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reverse_names_and_networks() {
        let v6: IpAddr = "2001:db8::cb01".parse().unwrap();
        assert_eq!(reverse_name("192.0.2.3".parse().unwrap()), "3.2.0.192.in-addr.arpa");
        assert!(
            reverse_name(v6).starts_with("1.0.B.C.0.0.0.0")
                && reverse_name(v6).ends_with("8.B.D.0.1.0.0.2.ip6.arpa")
        );
        assert!(in_network("192.0.2.200".parse().unwrap(), "192.0.2.0".parse().unwrap(), 24, 128));
        assert!(in_network("203.0.113.1".parse().unwrap(), "192.0.2.0".parse().unwrap(), 0, 128));
        assert!(!in_network(v6, "192.0.2.0".parse().unwrap(), 0, 0));
        assert!(in_network(v6, "2001:db8::".parse().unwrap(), 32, 32));
        assert!(is_within("Mail.Example.com.", "example.COM") && !is_within("badexample.com", "example.com"));
        assert!(top_domain_problem("localhost").is_some() && top_domain_problem("[192.0.2.1]").is_some());
        assert!(top_domain_problem("mail.example.com.").is_none());
    }
}
