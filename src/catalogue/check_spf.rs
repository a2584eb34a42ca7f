//! The rules' words for the live SPF tree (every include, redirect and
//! lookup followed). Codes start with `check-spf-`.

catalogue! {
    /// Findings of the live SPF expansion.
    pub enum CheckSpfCode as CheckSpf {
    /// More than ten DNS-querying terms in the whole tree.
    LookupLimit = "check-spf-lookup-limit", Error, "RFC 7208 §4.6.4",
        "Evaluating the SPF record of {domain} takes {count} DNS lookups across its includes, more than the 10 allowed: receivers stop at {term}, lookup number 11, and return permerror, so SPF fails for all mail.",
        "Remove includes you no longer use, replace a and mx with ip4/ip6 ranges, or move some senders to a subdomain with its own SPF record.";
    /// Eight to ten lookups: within the limit, with little room left.
    NearLimit = "check-spf-near-limit", Warning, "RFC 7208 §4.6.4",
        "Evaluating the SPF record of {domain} takes {count} of the 10 DNS lookups allowed. One more include, or a provider adding a lookup to its own record, pushes it over the limit, and then receivers return permerror for all mail.",
        "Keep room to spare: remove includes you no longer use, replace a and mx with ip4/ip6 ranges, or flatten a large include (mind the trade-off: flattened ranges go stale).";
    /// The third lookup that finds nothing.
    VoidLimit = "check-spf-void-limit", Error, "RFC 7208 §4.6.4",
        "{term} is lookup number {number} in the tree that finds nothing (no such name, or no records of the type asked). Receivers allow 2 such void lookups and return permerror at the third, so SPF fails for all mail that gets this far.",
        "Remove or correct the terms that point at names without records: they match nothing and each costs a lookup.";
    /// One lookup that finds nothing.
    Void = "check-spf-void", Warning, "RFC 7208 §4.6.4",
        "{term} finds nothing: {name} {what}. It matches no client, still costs a lookup, and is one of the 2 void lookups receivers allow.",
        "Remove the term, or publish the records it expects at {name}.";
    /// An include or redirect of a name without an SPF record.
    IncludeNoSpf = "check-spf-include-no-spf", Error, "RFC 7208 §5.2, §6.1",
        "{term} points at {domain}, which {what}. Receivers return permerror when they reach it, so SPF fails for all mail not matched before it.",
        "Correct the domain (the sender's documentation names the exact one to include), or remove the term if you no longer use that sender.";
    /// An include or redirect of a name that does not exist.
    IncludeNxDomain = "check-spf-include-nxdomain", Error, "RFC 7208 §5.2, §4.6.4",
        "{term} points at {domain}, which does not exist (NXDOMAIN). Receivers count a void lookup and return permerror when they reach it, so SPF fails for all mail not matched before it.",
        "Check the spelling against the sender's documentation, or remove the term if you no longer use that sender.";
    /// Several records starting with `v=spf1` at one name.
    SeveralRecords = "check-spf-several-records", Error, "RFC 7208 §3.2, §4.5",
        "{domain} publishes {count} TXT records that start with v=spf1. A domain must have exactly one, so receivers return permerror{when}.",
        "Merge them into one record: a single v=spf1, every sender's mechanisms, and one all at the end.";
    /// An include or redirect back to a record already on the path.
    Loop = "check-spf-loop", Error, "RFC 7208 §5.2, §4.6.4",
        "{term} points back at {domain}, which is already being evaluated on this path ({path}). Receivers go round until the lookup limit and return permerror.",
        "Remove the term that points back: a record must not include or redirect to a record that leads back to it.";
    /// A lookup that failed (timeout, SERVFAIL and the like).
    TempError = "check-spf-temperror", Warning, "RFC 7208 §4.4, §2.6.6",
        "The {type} lookup for {name} failed: {failure}. Receivers that hit the same failure return temperror for SPF and usually defer the mail.",
        "Check that the DNS servers for {name} answer (dig {name} {type}); if the failure persists, fix those servers or remove the term.";
    /// The `ptr` mechanism anywhere in the tree.
    Ptr = "check-spf-ptr", Warning, "RFC 7208 §5.5",
        "{term} should not be used: ptr is slow, relies on reverse DNS the sender may not control, and large receivers may skip it. It still costs a lookup, and this check cannot follow it, as it depends on the connecting address.",
        "List the sending addresses with ip4:/ip6:, or use a or mx.";
    /// A target that holds a macro, known only for a given message.
    Macro = "check-spf-macro", Info, "RFC 7208 §7",
        "{term} depends on the message: its target uses {macros}, known only when a receiver evaluates a message, so this check does not follow it. It counts 1 lookup here{more}.",
        "Nothing to fix if this is intended (exists:%{i}… is a common per-sender lookup); keep room for it within the 10 lookups.";
    /// An `mx` whose name has more than 10 mail servers.
    MxTooMany = "check-spf-mx-too-many", Error, "RFC 7208 §4.6.4",
        "{name} has {count} MX records, more than the 10 an mx mechanism may look at, so receivers return permerror when they reach {term}.",
        "List the mail servers' addresses with ip4:/ip6: instead of mx, or reduce the MX records to 10 or fewer.";
    /// No SPF record at the domain checked.
    None = "check-spf-none", Error, "RFC 7208 §4.5, §2.6.1",
        "{domain} {what}, so receivers get the SPF result none for its mail: they cannot tell its servers from anyone else's, and DMARC can pass only through DKIM.",
        "Publish one TXT record at {domain} listing the servers that send its mail, for example v=spf1 include:<your provider> -all; a domain that sends no mail should publish v=spf1 -all.";
    /// The tree is too deep or too large to follow completely.
    Truncated = "check-spf-truncated", Warning, "RFC 7208 §4.6.4",
        "The tree of {domain} is too large or too deep to follow completely: {term} and any like it were counted as 1 lookup each but not followed, so the real count is higher still, far beyond the 10 receivers allow.",
        "Cut the tree down: remove includes you no longer use, and replace deeply nested includes with ip4/ip6 ranges.";
    }
}
