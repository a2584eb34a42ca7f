//! The rules' words for the live domain check (DMARC discovery, DKIM keys,
//! MX, report authorization, BIMI, MTA-STS, TLS-RPT, bulk-sender rules).
//! Codes start with `check-`.

catalogue! {
    /// Findings of the live domain check.
    pub enum CheckCode as Check {
    /// No DMARC record for the domain or its organizational domain.
    DmarcMissing = "check-dmarc-missing", Error, "RFC 9989 §4.10",
        "No DMARC record was found for {domain}, at _dmarc.{domain} or up the tree, so receivers apply no DMARC policy to its mail.",
        "Publish a TXT record at _dmarc.{domain}, starting with v=DMARC1; p=none; rua=mailto:… to collect reports before enforcing.";
    /// The name asked for is not a domain name.
    DomainInvalid = "check-domain-invalid", Error, "RFC 1123 §2.1",
        "\"{domain}\" is not a valid domain name, so there is nothing to look up.",
        "Enter a domain such as example.com; for an internationalised name, enter its xn-- form.";
    /// The `_dmarc` query itself failed: the policy is unknown, not missing.
    DmarcLookupFailed = "check-dmarc-lookup-failed", Warning, "RFC 9989 §4.10.1",
        "The DMARC lookup at _dmarc.{domain} failed ({why}), so whether {domain} has a DMARC policy is unknown. Receivers that hit the same failure decide for themselves: some deliver, some defer the mail with a temporary error.",
        "Run the check again; if it keeps failing, the name servers for {domain} are not answering TXT queries properly (compare with another resolver, or dig +cd to rule out DNSSEC).";
    /// Several DMARC records at one name: all are discarded.
    DmarcSeveral = "check-dmarc-several", Error, "RFC 9989 §4.10",
        "{count} records starting with v=DMARC1 are published at _dmarc.{name}. Receivers discard all of them when there is more than one, so {outcome}.",
        "Merge them into one record at _dmarc.{name} and delete the others.";
    /// A TXT record at `_dmarc` that is not a DMARC record.
    DmarcOtherTxt = "check-dmarc-other-txt", Info, "RFC 9989 §4.10",
        "A TXT record at _dmarc.{name} does not start with v=DMARC1, so receivers skip it when they look for the DMARC policy.",
        "Nothing to do if it is meant for something else; delete it if it was published there by mistake, or fix its start to exactly v=DMARC1 if it was meant as the policy.";
    /// A DMARC record published at the domain itself, not at `_dmarc`.
    DmarcAtApex = "check-dmarc-at-apex", Warning, "RFC 9989 §4.10",
        "A record starting with v=DMARC1 is published at {domain} itself. Receivers only look for DMARC at _dmarc.{domain}, so this record has no effect.",
        "Publish the record at _dmarc.{domain} and delete it from {domain}.";
    /// The policy comes from a parent domain's record.
    DmarcInherited = "check-dmarc-inherited", Info, "RFC 9989 §4.10.1",
        "{domain} has no DMARC record of its own, so receivers use the record at _dmarc.{source}; for an existing subdomain its {tag} applies, which makes the policy {policy}.",
        "Nothing to do if that is intended. To give {domain} its own policy or report addresses, publish a record at _dmarc.{domain}; to change the policy of every subdomain, set sp in the record at _dmarc.{source}.";
    /// The domain does not exist, so the parent's `np` applies.
    DmarcNonexistent = "check-dmarc-nonexistent", Info, "RFC 9989 §4.10.1",
        "{domain} does not exist in DNS (NXDOMAIN on A, AAAA, MX and TXT), so receivers judge mail claiming to be from it by the record at _dmarc.{source}, whose {tag} applies: the policy is {policy}.",
        "To refuse mail from made-up subdomains, set np=reject in the record at _dmarc.{source}.";
    /// The policy comes from a public suffix operator's record.
    DmarcPsdPolicy = "check-dmarc-psd-policy", Info, "RFC 9989 §4.10.1",
        "The policy for {domain} comes from the public suffix record at _dmarc.{source} (psd=y): its organizational domain {org} publishes no DMARC record of its own.",
        "Publish a record at _dmarc.{org}, so the organization, not the suffix operator, sets its policy and receives its reports.";
    /// A name over eight labels: the tree walk jumps over some parents.
    DmarcLongName = "check-dmarc-long-name", Warning, "RFC 9989 §4.10",
        "{domain} has {count} labels, so the DNS tree walk jumps straight to {first} and never queries {skipped}: a DMARC record published at those names is never found.",
        "Publish a DMARC record at _dmarc.{domain} itself, or at one of the names the walk does query.";
    /// No DKIM key at any selector tried.
    DkimNoneFound = "check-dkim-none-found", Info, "RFC 6376 §3.6.2.1",
        "No DKIM key was found at any of the {count} selectors tried for {domain}. Selectors cannot be listed from DNS, so this does not show that {domain} does not sign its mail; it only shows that none of these names holds a key.",
        "Look up the selector in the s= tag of the DKIM-Signature header of a message sent from {domain} (or in the DKIM results of an aggregate report), and check it by name.";
    /// Several TXT records at one selector.
    DkimSeveral = "check-dkim-several", Warning, "RFC 6376 §3.6.2.2",
        "{count} TXT records are published at {name}. Verifiers may pick any one of them, so signatures made with selector {selector} verify only some of the time.",
        "Keep one key record per selector; to rotate keys, publish the new key under a new selector.";
    /// A TXT record at a selector that is not a DKIM key.
    DkimNotAKey = "check-dkim-not-a-key", Info, "RFC 6376 §3.6.1",
        "The TXT record at {name} is not a DKIM key (it has neither v=DKIM1 nor a p= tag), so selector {selector} is counted as not found. A wildcard TXT record at the domain can answer at every selector name like this.",
        "Nothing to do unless {selector} is meant to be a DKIM selector; then publish its key there.";
    /// A selector that is an alias for a name without a key.
    DkimDanglingCname = "check-dkim-cname-dangling", Warning, "RFC 6376 §3.6.2.1",
        "{name} is an alias (CNAME) for {target}, which holds no DKIM key, so mail signed with selector {selector} fails DKIM.",
        "Finish the provider's DKIM setup (the provider publishes the key at {target}), or delete the alias if the selector is not used.";
    /// A user-entered selector that is not a valid name.
    DkimSelectorInvalid = "check-dkim-selector-invalid", Warning, "RFC 6376 §3.1",
        "\"{selector}\" is not a valid selector (selectors are dot-separated labels of letters, digits, hyphens and underscores), so it was not looked up.",
        "Enter the selector exactly as it appears in the s= tag of a DKIM-Signature header, e.g. selector1.";
    /// No MX records.
    MxNone = "check-mx-none", Info, "RFC 5321 §5.1",
        "{domain} publishes no MX records, so senders deliver its mail to its own A or AAAA address (the implicit MX), or bounce it when it has none.",
        "Publish MX records naming the servers that receive its mail, or a null MX (MX 0 .) if it receives none.";
    /// The domain does not exist.
    DomainNonexistent = "check-domain-nonexistent", Info, "RFC 8020 §2",
        "{domain} does not exist in DNS (NXDOMAIN), so it receives no mail.",
        "Check the spelling; if the name is right, mail claiming to come from it is judged by its parent's DMARC np policy.";
    /// A null MX together with other MX records.
    MxNullMixed = "check-mx-null-mixed", Error, "RFC 7505 §3",
        "{domain} publishes a null MX (0 .) together with {count} other MX records. A null MX says the domain accepts no mail and must be its only MX record; senders treat this mix unpredictably.",
        "Delete the null MX if {domain} receives mail, or the other MX records if it does not.";
    /// A null MX with a preference other than 0.
    MxNullPreference = "check-mx-null-preference", Warning, "RFC 7505 §3",
        "The null MX of {domain} has preference {preference}; RFC 7505 defines it as preference 0, and some senders only recognise that form.",
        "Publish it as MX 0 . (preference 0, exchange a single dot).";
    /// An MX host with no address.
    MxHostNoAddress = "check-mx-host-no-address", Error, "RFC 5321 §5.1",
        "The mail server {host} (MX {preference}) has no A or AAAA record, so senders cannot connect to it: they move on to the next MX, or bounce the mail when none is left.",
        "Publish an A or AAAA record for {host}, or replace this MX with a host that has one.";
    /// An MX exchange written as an IP address.
    MxIpLiteral = "check-mx-ip-literal", Error, "RFC 5321 §5.1; RFC 1035 §3.3.9",
        "The MX record names {host}, which is an IP address, not a host name. Senders look it up as a name, find no address, and cannot deliver there.",
        "Give the server a host name with an A or AAAA record, and point the MX at that name.";
    /// An MX exchange that is an alias.
    MxCname = "check-mx-cname", Warning, "RFC 2181 §10.3; RFC 5321 §5.1",
        "The mail server name {host} is an alias (CNAME) for {target}. An MX must name the server's canonical name; most senders follow the alias, but some refuse to deliver.",
        "Point the MX at {target} directly.";
    /// An external report destination that has not authorized the reports.
    ReportAuthMissing = "check-report-auth-missing", Warning, "RFC 9990 §4",
        "Reports for {domain} go to {uri}, at {destination}, outside {org}, but {destination} publishes no TXT record starting with v=DMARC1 at {name} (nor at *._report._dmarc.{destination}). Receivers must check for one, and without it they drop the reports meant for that address.",
        "Ask whoever runs {destination} to publish: {name} TXT \"v=DMARC1\". If you run {destination} yourself, *._report._dmarc.{destination} TXT \"v=DMARC1\" authorizes reports for every domain.";
    /// The authorization name is too long for DNS.
    ReportAuthNameTooLong = "check-report-auth-name-too-long", Error, "RFC 9990 §4",
        "The authorization name {name} is longer than the 253 characters DNS allows, so receivers cannot verify {destination} and ignore {uri}.",
        "Send the reports for {domain} to an address at a shorter domain, or at a domain within {org}.";
    /// A report address at a domain that receives no mail.
    ReportDestNoMail = "check-report-dest-no-mail", Warning, "RFC 7505 §3; RFC 9989 §4.7",
        "Reports for {domain} go to {uri}, but {destination} {why}, so report mail to it bounces and the reports are lost.",
        "Send reports to a mailbox at a domain that receives mail: rua=mailto:dmarc-reports@<a domain with working MX records>.";
    /// No BIMI record.
    BimiAbsent = "check-bimi-absent", Info, "RFC draft-brand-indicators-for-message-identification §4.3",
        "No BIMI record was found at default._bimi.{domain}. BIMI lets mailbox providers show the brand's logo next to mail that passes DMARC, and requires DMARC at enforcement (quarantine or reject) first.",
        "Optional: once DMARC is at p=quarantine or p=reject, publish default._bimi.{domain} TXT \"v=BIMI1; l=https://…/logo.svg\" (large providers also want a mark certificate in a=).";
    /// Several BIMI records.
    BimiSeveral = "check-bimi-several", Error, "RFC draft-brand-indicators-for-message-identification §4.3",
        "{count} BIMI records are published at {name}; mailbox providers use a BIMI record only when there is exactly one, so no logo is shown.",
        "Keep one record starting with v=BIMI1 at {name} and delete the others.";
    /// No MTA-STS record.
    MtaStsAbsent = "check-mta-sts-absent", Info, "RFC 8461 §3.1",
        "No MTA-STS record was found at _mta-sts.{domain}. MTA-STS tells sending servers to deliver mail for {domain} only over verified TLS to its listed MX hosts, which stops downgrade and interception attacks on incoming mail.",
        "Optional: serve a policy file at https://mta-sts.{domain}/.well-known/mta-sts.txt (start with mode: testing), then publish _mta-sts.{domain} TXT \"v=STSv1; id=<a new value each time the policy changes>\".";
    /// Several MTA-STS records.
    MtaStsSeveral = "check-mta-sts-several", Error, "RFC 8461 §3.1",
        "{count} MTA-STS records are published at {name}. Senders use the policy only when exactly one record starts with v=STSv1, so they treat {domain} as having no MTA-STS policy.",
        "Keep one record starting with v=STSv1 at {name} and delete the others.";
    /// No TLS-RPT record.
    TlsRptAbsent = "check-tls-rpt-absent", Info, "RFC 8460 §3",
        "No TLS-RPT record was found at _smtp._tls.{domain}. TLS-RPT asks sending servers to report failed TLS connections to {domain}'s mail servers; without it, broken certificates or MTA-STS problems go unnoticed.",
        "Publish _smtp._tls.{domain} TXT \"v=TLSRPTv1; rua=mailto:tls-reports@{domain}\" (any mailbox that receives mail will do).";
    /// Several TLS-RPT records.
    TlsRptSeveral = "check-tls-rpt-several", Error, "RFC 8460 §3",
        "{count} TLS-RPT records are published at {name}. Senders use TLS-RPT only when exactly one record starts with v=TLSRPTv1, so they send no TLS reports for {domain}.",
        "Keep one record starting with v=TLSRPTv1 at {name} and delete the others.";
    /// The MTA-STS policy could not be read from the page.
    MtaStsFetchBlocked = "check-mta-sts-fetch-blocked", Info, "RFC 8461 §3.3",
        "The MTA-STS policy at {url} could not be read from this page ({why}). A browser cannot tell a server that does not let other sites read its files (CORS, usual for MTA-STS hosts) from a network failure, so this does not mean the policy is missing.",
        "Check it from a terminal, where CORS does not apply: curl -sS {url}, or the dmarc-lens command line.";
    /// The MTA-STS policy fetch returned an HTTP error.
    MtaStsFetchHttp = "check-mta-sts-fetch-http", Error, "RFC 8461 §3.3",
        "Fetching {url} returned HTTP status {status}. Senders accept the policy only with status 200, so they treat {domain} as having no MTA-STS policy.",
        "Serve the policy file at exactly that address over HTTPS, with status 200 and Content-Type text/plain.";
    /// The MTA-STS policy was not fetched.
    MtaStsFetchNotTried = "check-mta-sts-fetch-not-tried", Info, "RFC 8461 §3.3",
        "The MTA-STS policy at {url} was not fetched, so only the TXT record was checked.",
        "Fetch it to check the policy file itself, e.g. curl -sS {url}.";
    /// An MX host that the MTA-STS policy does not list.
    MtaStsMxNotListed = "check-mta-sts-mx-not-listed", Error, "RFC 8461 §4.1",
        "The mail server {host} matches none of the mx lines of the MTA-STS policy ({patterns}). In enforce mode senders refuse to deliver to it; in testing mode they report the failure.",
        "Add mx: {host} (or a *. pattern that covers it) to the policy file and publish a new id in the _mta-sts TXT record.";
    /// A Google bulk-sender requirement not met.
    BulkGoogle = "check-bulk-google", Warning, "Google email sender guidelines (2024)",
        "Google requires bulk senders to have {requirement}, and {domain} does not: {evidence}.",
        "If {domain} sends 5,000 or more messages a day to Gmail accounts, fix this first: {fix}";
    /// A Yahoo bulk-sender requirement not met.
    BulkYahoo = "check-bulk-yahoo", Warning, "Yahoo sender best practices (2024)",
        "Yahoo requires bulk senders to have {requirement}, and {domain} does not: {evidence}.",
        "If {domain} sends bulk mail to Yahoo accounts, fix this first: {fix}";
    /// A Microsoft consumer-mail requirement not met.
    BulkMicrosoft = "check-bulk-microsoft", Warning, "Microsoft Outlook.com high-volume sender requirements (2025)",
        "Microsoft requires high-volume senders to Outlook.com, Hotmail.com and Live.com to have {requirement}, and {domain} does not: {evidence}. Their mail can be refused with 550 5.7.515.",
        "If {domain} sends 5,000 or more messages a day to Microsoft consumer mailboxes, fix this first: {fix}";
    /// DMARC at p=none.
    DmarcMonitoring = "check-dmarc-monitoring", Warning, "RFC 9989 §4.7",
        "The DMARC policy for {domain} is none (monitoring only): receivers handle mail that fails DMARC as if there were no policy, so mail forged as {domain} is still delivered.",
        "Read the aggregate reports until every legitimate source passes DMARC, then move to p=quarantine and later p=reject.";
    /// No SPF record (from the SPF facts).
    SpfMissing = "check-summary-spf-missing", Warning, "RFC 7208 §4.5",
        "{domain} publishes no SPF record, so receivers get SPF none for mail from it and cannot tell its servers from anyone else's.",
        "Publish one TXT record at {domain} listing the servers that send its mail, e.g. v=spf1 include:<your provider> -all, or v=spf1 -all if it sends none.";
    /// The SPF record gives permerror (from the SPF facts).
    SpfPermerror = "check-summary-spf-permerror", Error, "RFC 7208 §4.6.4",
        "The SPF record of {domain} gives permerror ({why}), so SPF fails for all of its mail, and DMARC can pass only through DKIM.",
        "Fix the record: remove unused includes, keep the whole tree within 10 DNS lookups and 2 void lookups, and publish exactly one v=spf1 record.";
    /// The SPF check met a DNS failure (from the SPF facts).
    SpfTemperror = "check-summary-spf-temperror", Warning, "RFC 7208 §2.6.6",
        "Evaluating the SPF record of {domain} met a DNS failure (temperror), so its result could not be determined.",
        "Run the check again; if it keeps failing, one of the names in the SPF tree is not answering properly.";
    /// A parked domain without a null SPF record.
    ParkedSpf = "check-parked-spf", Warning, "RFC 7208 §5.1",
        "{domain} receives no mail ({why}) and looks unused for mail, but it does not publish the null SPF record v=spf1 -all, so receivers cannot tell that no server may send as {domain}.",
        "If {domain} sends no mail, publish {domain} TXT \"v=spf1 -all\" (and no other SPF record).";
    /// A parked domain without DMARC p=reject.
    ParkedDmarc = "check-parked-dmarc", Warning, "RFC 9989 §4.7",
        "{domain} receives no mail ({why}) and looks unused for mail, but its DMARC policy is {policy}, not reject, so mail forged as {domain} is not refused.",
        "If {domain} sends no mail, publish _dmarc.{domain} TXT \"v=DMARC1; p=reject; rua=mailto:dmarc-reports@<another domain that receives mail>\".";
    }
}
