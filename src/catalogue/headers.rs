//! The rules' words for message headers and DMARC alignment (RFC 8601, RFC 9989).

catalogue! {
    /// Rules for message headers and DMARC alignment (RFC 8601, RFC 9989).
    pub enum HeadersCode as Headers {
    /// Nothing that looks like a header field.
    Empty = "headers-empty", Error, "RFC 5322 §2.2",
        "No header fields were found. A header block is a list of lines such as From: someone@example.com, ending at the first empty line.",
        "Paste the message source from the top (in most mail programs: Show original, View source or Show headers), at least down to the empty line before the body.";
    /// A line in the header block that is neither a field nor a continuation.
    NotAField = "headers-not-a-field", Warning, "RFC 5322 §2.2",
        "\"{text}\" is neither a header field (a name, a colon, then a value) nor the continuation of one (a line starting with a space or tab), so it is skipped.",
        "Paste the headers exactly as the mail program shows them in the raw source; a reformatted or wrapped copy loses the leading spaces of continuation lines.";
    /// No `From` field.
    FromMissing = "headers-from-missing", Error, "RFC 9989 §5.3.1; RFC 5322 §3.6",
        "There is no From header field, so there is no author domain and DMARC cannot be evaluated for this message.",
        "Paste the complete header block, including the From: line; a message without one violates RFC 5322 and is usually rejected.";
    /// Two or more `From` fields.
    FromDuplicate = "headers-from-duplicate", Error, "RFC 5322 §3.6; RFC 9989 §5.3.1",
        "There is more than one From header field. RFC 5322 allows exactly one, and a receiver cannot tell which author domain DMARC should protect; attackers use this to show a spoofed domain while another one is checked.",
        "Send the message with a single From field.";
    /// A `From` field with more than one mailbox.
    FromSeveral = "headers-from-several", Error, "RFC 9989 §5.3.1; RFC 5322 §3.6.2",
        "The From field lists {count} addresses. DMARC only evaluates messages with exactly one author domain, so receivers either reject this message or handle it without DMARC.",
        "Put a single address in From; list co-authors elsewhere, for example in Reply-To or the body.";
    /// A `From` mailbox with no usable domain.
    FromNoDomain = "headers-from-no-domain", Error, "RFC 9989 §5.3.1; RFC 5322 §3.4",
        "\"{text}\" has no usable domain ({why}), so there is no author domain and DMARC cannot be evaluated.",
        "Use an address of the form name@example.com in From.";
    /// An `Authentication-Results` field that does not follow the grammar.
    ArMalformed = "headers-ar-malformed", Warning, "RFC 8601 §2.2",
        "This part of Authentication-Results does not follow the grammar ({why}), so it is skipped: \"{text}\".",
        "Check that the header was pasted whole; each result has the form method=result followed by optional ptype.property=value pairs, separated by semicolons.";
    /// `Authentication-Results` from several servers.
    ArSeveralServers = "headers-ar-several-servers", Warning, "RFC 8601 §5, §7.2",
        "This Authentication-Results was added by {id}, while the topmost one comes from {trusted}. Only the results your own receiving server added can be trusted: anything added before the message reached it may have been forged by the sender. These results are ignored.",
        "Judge the message by the Authentication-Results of your own server ({trusted} here, if that is yours); receiving servers should remove upstream copies that claim their own name.";
    /// No `Authentication-Results` at all.
    ArMissing = "headers-ar-missing", Info, "RFC 8601 §2",
        "There is no Authentication-Results field, so the SPF and DKIM results are unknown: the alignment below only compares domains, and DMARC cannot be shown to pass.",
        "Paste the headers as the recipient's mailbox shows them; the receiving server adds Authentication-Results on delivery.";
    /// The envelope sender is null.
    NullSender = "headers-null-sender", Info, "RFC 7208 §2.4",
        "The Return-Path is empty (<>), which is the null sender used by bounces and auto-replies. SPF then checks the HELO name of the sending server instead of a MAIL FROM domain.",
        "Nothing to fix; for DMARC such messages usually need an aligned DKIM signature, since the HELO name rarely aligns with the From domain.";
    /// A `DKIM-Signature` without `d=` or `s=`.
    DkimTagMissing = "headers-dkim-tag-missing", Error, "RFC 6376 §3.5",
        "This DKIM-Signature has no {tag}= tag, which is required, so no verifier can check it.",
        "Fix the signing configuration so every signature carries d= (the signing domain) and s= (the selector).";
    /// A signature with `a=rsa-sha1`.
    DkimSha1 = "headers-dkim-sha1", Error, "RFC 8301 §3.1; RFC 6376 §3.3",
        "This DKIM-Signature uses a={alg}. RFC 8301 forbids signing with SHA-1 and lets verifiers treat such signatures as failing, so it cannot be relied on for DMARC.",
        "Sign with a=rsa-sha256 (or add an ed25519-sha256 signature next to it).";
    /// No DKIM signature at all.
    DkimMissing = "headers-dkim-missing", Warning, "RFC 6376 §3.5; RFC 9989 §7.4",
        "The message carries no DKIM-Signature, so DMARC can only pass through SPF, which breaks whenever the message is forwarded.",
        "Have the sending service sign with DKIM using your domain (d={from}); RFC 9989 requires DKIM for domains that publish p=reject.";
    /// SPF passed for a domain that does not align.
    SpfUnaligned = "headers-spf-unaligned", Warning, "RFC 9989 §4.4; RFC 7208 §2.4",
        "SPF passed for {spf}, but it does not share an organizational domain with the From domain {from}, so the pass does not count for DMARC. This is typical of a third-party sending service that uses its own bounce domain.",
        "Set up a custom MAIL FROM (return-path) domain at a subdomain of {from}, such as bounce.{from}, with the SPF record the service provides.";
    /// DKIM passed for a domain that does not align.
    DkimUnaligned = "headers-dkim-unaligned", Warning, "RFC 9989 §4.4; RFC 6376 §3.5",
        "DKIM passed for d={dkim}, but it does not share an organizational domain with the From domain {from}, so this signature does not count for DMARC.",
        "Have the sender sign with d={from} (or a subdomain of it): publish the selector key the service gives you under {from}.";
    /// DMARC passes only under relaxed alignment.
    RelaxedOnly = "headers-relaxed-only", Info, "RFC 9989 §4.4",
        "DMARC passes with relaxed alignment only: no passing identity equals {from} exactly. A policy with adkim=s or aspf=s would make this message fail.",
        "Keep relaxed alignment (the default), or make the sender use exactly {from}.";
    /// The computed verdict is fail.
    DmarcFail = "headers-dmarc-fail", Warning, "RFC 9989 §4.4",
        "DMARC fails for {from}: {why}. Receivers apply the domain's policy (none, quarantine or reject) to this message.",
        "Make at least one of SPF or DKIM pass with a domain aligned to {from}; aligned DKIM is the robust choice because it survives forwarding.";
    /// The receiver's `dmarc=` differs from the computed verdict.
    DmarcDisagrees = "headers-dmarc-disagrees", Info, "RFC 8601 §2.7; RFC 9989 §4.4",
        "The receiver reported dmarc={reported}, but the results in these headers imply {computed}. The receiver may have used its own DNS tree walk, an ARC chain, local policy or results it did not record here.",
        "Trust the receiver's own verdict for what happened to the message, and check its SPF and DKIM results against the domains shown here.";
    }
}
