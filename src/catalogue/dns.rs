//! The rules' words for DNS answers and transports (DNS over HTTPS). Codes
//! start with `dns-`.

catalogue! {
    /// What went wrong asking DNS, kept apart as RFC 8484 and RFC 1035 do.
    pub enum DnsCode as Dns {
    /// The server answered SERVFAIL.
    ServFail = "dns-servfail", Warning, "RFC 1035 §4.1.1",
        "The resolver answered SERVFAIL for {name} {type}: it could not get an answer from the domain's name servers, so this check could not be made.",
        "Try again; if it persists, the domain's name servers are failing or its DNSSEC is broken (check with another resolver, or with dig +cd).";
    }
}
