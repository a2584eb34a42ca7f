//! The rules' words for the live SPF tree (every include, redirect and
//! lookup followed). Codes start with `check-spf-`.

catalogue! {
    /// Findings of the live SPF expansion.
    pub enum CheckSpfCode as CheckSpf {
    /// More than ten DNS-querying terms in the whole tree.
    LookupLimit = "check-spf-lookup-limit", Error, "RFC 7208 §4.6.4",
        "Evaluating this SPF record takes {count} DNS lookups across its includes, more than the 10 allowed, so receivers return permerror and SPF fails for all mail.",
        "Remove includes you no longer use, replace a and mx with ip4/ip6 ranges, or move some senders to a subdomain with its own SPF record.";
    }
}
