//! The rules' words for the rollout plan, the parked-domain kit, the SPF
//! builder and the DKIM record formatter. Codes start with `plan-`.

catalogue! {
    /// Findings about what a plan was asked to build from.
    pub enum PlanCode as Plan {
    /// The domain is not a domain name.
    DomainInvalid = "plan-domain-invalid", Error, "RFC 1123 §2.1",
        "\"{domain}\" is not a domain name, so there is nothing to plan for.",
        "Enter the domain the mail is sent from, such as example.com; for an internationalised name, enter its xn-- form.";
    /// The start date is not a calendar date.
    DateInvalid = "plan-date-invalid", Error, "RFC 3339 §5.6",
        "\"{text}\" is not a date: {why}.",
        "Write the date as YYYY-MM-DD, for example 2026-06-01.";
    /// A sending domain without any report address.
    RuaMissing = "plan-rua-missing", Error, "RFC 9989 §4.7",
        "No rua address was given and the current record has none, so no receiver will send aggregate reports. The exit criteria of every stage are read off those reports: without them the rollout is blind.",
        "Give at least one rua address: a mailbox you read or a report service, for example mailto:dmarc-reports@{domain}.";
    /// A parked domain without any report address.
    ParkedRuaMissing = "plan-parked-rua-missing", Warning, "RFC 9989 §4.7",
        "No rua address was given. The parked domain is still protected, but nobody will see the mail that spoofs it.",
        "Add a rua address at a domain that receives mail, for example mailto:dmarc-reports@example.org.";
    /// A report address that receivers cannot use.
    UriInvalid = "plan-uri-invalid", Error, "RFC 9989 §4.8",
        "{tag} address \"{uri}\" is not usable: {why}. Receivers would skip it.",
        "Write it as mailto:mailbox@domain, for example mailto:dmarc-reports@example.com.";
    /// A report address with a scheme other than `mailto:`.
    UriNotMailto = "plan-uri-not-mailto", Warning, "RFC 9989 §4.7",
        "{tag} address \"{uri}\" is not a mailto: address. Receivers must support mailto: and may ignore every other scheme, so most will never send reports there.",
        "Use a mailto: address.";
    /// A bare mailbox given as a report address.
    UriSchemeAdded = "plan-uri-scheme-added", Info, "RFC 9989 §4.8",
        "{tag} address \"{uri}\" has no scheme; the plan writes it as mailto:{uri}.",
        "Nothing to do; give report addresses as mailto: URIs to keep them as written.";
    /// The report address of a parked domain is at that same domain.
    RuaAtParkedDomain = "plan-rua-at-parked-domain", Warning, "RFC 7505 §3",
        "The {tag} address {uri} is at {domain} itself, which the kit gives a null MX: the domain then accepts no mail, and the reports bounce.",
        "Send the reports to a mailbox at a domain that receives mail, such as your main domain or a report service, and publish the authorization record the plan lists there.";
    /// The authorization name for an external destination is too long for DNS.
    ReportAuthTooLong = "plan-report-auth-too-long", Error, "RFC 9990 §4",
        "The authorization record for {uri} would be at {name}, which is {length} bytes long, more than the 253 a DNS name can hold. Receivers treat the destination as unauthorized and send it nothing.",
        "Use a report address at a shorter domain, or one within {domain}'s own organizational domain, which needs no authorization.";
    /// The pasted current record is not a DMARC record.
    CurrentNotDmarc = "plan-current-not-dmarc", Error, "RFC 9989 §4.7",
        "The current record does not start with v=DMARC1, so receivers ignore it and the domain has no DMARC policy today. The plan starts from nothing.",
        "Paste the TXT value published at _dmarc.{domain}, or leave it empty if there is none.";
    /// Several records pasted as the current one.
    CurrentSeveral = "plan-current-several", Error, "RFC 9989 §4.10",
        "{count} records were pasted as the current one. Receivers discard every DMARC record at a name that has more than one, so the domain has no DMARC policy today; the plan starts from the first and its records replace them all.",
        "Delete every record at _dmarc.{domain} but the one each stage gives.";
    /// The current record has errors that the plan's records fix.
    CurrentErrors = "plan-current-errors", Warning, "RFC 9989 §4.8",
        "The current record has {count} error(s) (listed with it). The plan starts from what receivers make of it, {policy}, and its records no longer have them.",
        "Nothing to do beyond publishing the plan's records: each stage replaces the whole record.";
    /// The current policy is already past the plan's end state.
    CurrentPastEnd = "plan-current-past-end", Warning, "RFC 9989 §7.4",
        "The current record already publishes p={current}, beyond the p={end} this plan ends at for a domain whose users post to mailing lists or rely on forwarding. The plan never lowers a policy, so it holds p={current}; RFC 9989 advises against p=reject for such domains, because list and forwarded mail fails and is refused.",
        "If list or forwarded mail from {domain} goes missing, move to p=quarantine by hand.";
    /// A sending subdomain that is not below the domain.
    SubdomainInvalid = "plan-subdomain-invalid", Error, "RFC 9989 §4.7",
        "\"{name}\" is not a subdomain of {domain}, so its own DMARC record is not part of this plan.",
        "Give subdomains by their full name, such as news.{domain}; plan another domain on its own.";
    /// A sending subdomain given twice.
    SubdomainDuplicate = "plan-subdomain-duplicate", Warning, "RFC 9989 §4.10",
        "{name} is listed more than once; the plan uses the first.",
        "List each sending subdomain once.";
    /// Sending subdomains given for a parked domain.
    ParkedSubdomains = "plan-parked-subdomains", Warning, "RFC 9989 §4.7",
        "{names} were given as sending subdomains, but the kit is for a domain that sends nothing: its p=reject applies to every subdomain without a record of its own, so their mail would be refused.",
        "Plan {domain} as a sending domain instead, or give each subdomain that sends its own record before publishing the kit.";
    /// An SPF term the builder cannot write.
    SpfTermInvalid = "plan-spf-term-invalid", Error, "RFC 7208 §5",
        "\"{term}\" is not a term the SPF record can hold: {why}.",
        "Write include:domain, ip4:address[/prefix], ip6:address[/prefix], a[:domain] or mx[:domain].";
    /// A sender the catalogue does not know.
    SpfSenderUnknown = "plan-spf-sender-unknown", Error, "RFC 7208 §5.2",
        "\"{name}\" is not a sender in the catalogue.",
        "Pick one of: {known}; or add the provider's include as a custom include.";
    /// A catalogue sender without one include for everyone.
    SpfSenderOwnInclude = "plan-spf-sender-own-include", Error, "RFC 7208 §5.2",
        "{name} gives each account its own include, so there is no one include to write for it.",
        "{note}";
    /// More than ten lookups.
    SpfTooManyLookups = "plan-spf-too-many-lookups", Error, "RFC 7208 §4.6.4",
        "This SPF record costs {count} DNS lookups when evaluated, includes' own lookups counted, more than the 10 allowed: receivers stop at the 11th with permerror, and SPF fails for all mail.",
        "Drop senders you no longer use, send some from a subdomain with its own SPF record, or flatten an include (mind the upkeep).";
    /// Nine or ten lookups.
    SpfNearLimit = "plan-spf-near-limit", Warning, "RFC 7208 §4.6.4",
        "This SPF record costs {count} of the 10 DNS lookups allowed. A provider adding one include to its own record pushes it over, and then SPF fails for all mail.",
        "Keep some room: drop senders you no longer use, or move one to a subdomain with its own SPF record.";
    /// The same term twice.
    SpfTermDuplicate = "plan-spf-term-duplicate", Warning, "RFC 7208 §4.6.4",
        "{term} is listed more than once; the record keeps it once, since a second copy only costs lookups.",
        "List each sender once.";
    /// A custom include, whose nested cost is not known offline.
    SpfIncludeCostUnknown = "plan-spf-include-cost-unknown", Info, "RFC 7208 §4.6.4",
        "include:{domain} is counted as 1 lookup, but whatever its own record includes counts too, and that is only known by looking it up.",
        "Check the domain with the Domain page (or dmarc-lens check), whose live SPF tree counts every nested lookup.";
    /// The DKIM selector is not a DNS label sequence.
    DkimSelectorInvalid = "plan-dkim-selector-invalid", Error, "RFC 6376 §3.1",
        "\"{selector}\" is not a DKIM selector: {why}.",
        "Use the selector your signer puts in s=, such as google, selector1 or s2026 (letters, digits and hyphens, dot-separated).";
    /// A private key was pasted.
    DkimPrivateKey = "plan-dkim-private-key", Error, "RFC 6376 §3.6.1",
        "This is a private key. Only the public key goes into DNS; the private key must stay with the signer, and anyone who has seen it can sign mail as your domain.",
        "Paste the public key instead (openssl pkey -pubout prints it). If this private key was shared anywhere, generate a new key pair under a new selector.";
    /// Nothing recognisable as a public key.
    DkimKeyUnreadable = "plan-dkim-key-unreadable", Error, "RFC 6376 §3.6.1",
        "This is not a public key dmarc-lens can read: {why}.",
        "Paste a PEM public key (-----BEGIN PUBLIC KEY-----), its base64 alone, or the provider's record (v=DKIM1; k=rsa; p=...).";
    /// The DKIM record has errors, so none is written.
    DkimRecordErrors = "plan-dkim-record-errors", Error, "RFC 6376 §3.6.1",
        "The key record would have {count} error(s) (listed with it), so verifiers would fail every signature made with this selector; no record is given.",
        "Fix the key: generate a 2048-bit RSA key (or Ed25519) and paste its public half.";
    }
}
