//! The rules' words for DNS answers and transports (DNS over HTTPS). Codes
//! start with `dns-`. One rule per [`Failure`](crate::dns::Failure) kind;
//! `dns::diagnostic` picks the rule and fills `{name}` and `{type}`.

catalogue! {
    /// What went wrong asking DNS, kept apart as RFC 8484 and RFC 1035 do.
    pub enum DnsCode as Dns {
    /// The server answered SERVFAIL.
    ServFail = "dns-servfail", Warning, "RFC 1035 §4.1.1; RFC 7208 §4.4",
        "The resolver answered SERVFAIL for {name} {type}: it could not get an answer from the domain's name servers, so this check could not be made. Receivers whose resolvers get the same end SPF evaluation with temperror and may defer the mail.",
        "Try again; if it persists, the domain's name servers are failing or its DNSSEC is broken (check with another resolver, or with dig +cd).";
    /// The server answered REFUSED.
    Refused = "dns-refused", Warning, "RFC 1035 §4.1.1; RFC 7208 §4.4",
        "The resolver refused to answer {name} {type} (REFUSED), so this check could not be made. Resolvers refuse by policy: the name may be filtered, or the resolver does not serve queries from here. Receivers whose resolvers get the same end SPF evaluation with temperror.",
        "Try again with another DNS-over-HTTPS resolver; if every resolver refuses, ask the domain's name servers directly (dig @name-server {name} {type}) to see whether they refuse it.";
    /// Another error RCODE (FORMERR, NOTIMP, an extended one).
    Rcode = "dns-rcode", Warning, "RFC 1035 §4.1.1; RFC 6895 §2.3",
        "The resolver answered {name} {type} with error code {rcode} ({rcode_name}) instead of records, so this check could not be made. Receivers whose resolvers get the same end SPF evaluation with temperror.",
        "Try again with another DNS-over-HTTPS resolver. FORMERR or NOTIMP from one resolver usually means it does not understand the query; the same error from every resolver points at the domain's name servers.";
    /// The TC bit was set: the answer is incomplete.
    Truncated = "dns-truncated", Warning, "RFC 1035 §4.1.1; RFC 8484 §6",
        "The answer for {name} {type} came back truncated (the TC bit is set), so the records it holds may be incomplete and this check could not be made. DNS over HTTPS carries answers of up to 65,535 bytes, so the resolver had no need to cut it.",
        "Try again with another DNS-over-HTTPS resolver. If the answer is large (many TXT or MX records at {name}), trim them: answers over 1,232 bytes need DNS over TCP, which some receivers' resolvers handle poorly.";
    /// No answer in time.
    Timeout = "dns-timeout", Warning, "RFC 7208 §4.4",
        "The query for {name} {type} timed out, so this check could not be made. If receivers time out too, SPF evaluation ends with temperror and they may defer the mail.",
        "Try again; if it keeps timing out, the domain's name servers are slow or unreachable (ask each of them directly: dig @name-server {name} {type}).";
    /// A non-2xx HTTP status from the DNS-over-HTTPS server.
    HttpStatus = "dns-http-status", Warning, "RFC 8484 §4.2.1",
        "The DNS-over-HTTPS resolver answered the query for {name} {type} with HTTP status {status} instead of a DNS message. A response that is not 2xx carries no answer, so this check could not be made.",
        "Try again: 429 means too many queries (wait a minute), other 4xx codes mean the resolver URL is wrong or the server does not speak RFC 8484, and 5xx codes mean the resolver itself is failing (choose another one).";
    /// The request did not get through; in the browser, CORS looks the same.
    Network = "dns-network", Warning, "RFC 8484 §1",
        "The query for {name} {type} was blocked by the browser (CORS) or the network ({why}), so this check could not be made. The browser reports a CORS refusal exactly like a network failure, so the page cannot tell which it was.",
        "To tell them apart, open the browser's developer console: a message about CORS or Access-Control-Allow-Origin means the resolver does not let this page read its answers (choose a resolver that does, such as the default); otherwise check the connection, proxy, firewall or content blocker, and try again. The command line has no CORS: there it is the network.";
    /// Bytes that are not a DNS answer to the question.
    Undecodable = "dns-undecodable", Warning, "RFC 1035 §4.1; RFC 8484 §6",
        "The resolver's answer for {name} {type} is not a valid DNS message: {why}. It cannot be read, so this check could not be made.",
        "Try again, or choose another DNS-over-HTTPS resolver: the URL may point to something that is not an RFC 8484 resolver (a web page, a JSON API), or something between you and the resolver changed the answer.";
    /// A name that cannot be asked.
    InvalidName = "dns-invalid-name", Warning, "RFC 1035 §2.3.4; RFC 2181 §11",
        "{name} cannot be looked up: {why}. DNS names are made of labels of 1 to 63 bytes, at most 253 bytes in all, so no such name can exist.",
        "Check the name for typos. Labels hold letters, digits, hyphens and underscores; write international names as A-labels (xn--…).";
    }
}
