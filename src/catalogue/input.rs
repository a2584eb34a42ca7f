//! The rules' words for what was pasted: zone-file lines, quoted strings,
//! several records at once, and where a record is published.

catalogue! {
    /// Rules for what was pasted (zone-file lines, several records at once).
    pub enum InputCode as Input {
        /// The text is not a record kind dmarc-lens knows.
        KindUnknown = "input-kind-unknown", Error, "RFC 9989 §4.8",
            "This does not look like a DMARC, SPF, DKIM, BIMI, MTA-STS or TLS-RPT record, an MTA-STS policy, or a block of message headers.",
            "Paste the TXT value (for example v=DMARC1; p=none), a zone-file line (_dmarc.example.com. IN TXT \"v=DMARC1; p=none\"), or choose the kind yourself.";
        /// Message headers given to a build that explains records only (the
        /// widget's small module, which then loads the full one).
        HeadersElsewhere = "input-headers-elsewhere", Info, "RFC 8601 §2",
            "These are message headers; this build of dmarc-lens explains DNS records only.",
            "Load the full explanation engine (the widget does this by itself), or paste the headers into dmarc-lens's Explain page.";
        /// A quoted string that never ends.
        UnclosedQuote = "input-unclosed-quote", Error, "RFC 1035 §5.1",
            "This quoted string has no closing quote, so a DNS server would refuse the zone file.",
            "Add the closing \" at the end of the string.";
        /// A zone-file record whose parentheses never close.
        UnclosedParenthesis = "input-unclosed-parenthesis", Error, "RFC 1035 §5.1",
            "The opening parenthesis is never closed, so the record runs on to the end of the text.",
            "Add the closing ) after the last string of the record.";
        /// A `\` escape that is not `\DDD` or `\X`.
        BadEscape = "input-bad-escape", Error, "RFC 1035 §5.1",
            "\"{escape}\" is not a valid escape: a backslash is followed by three decimal digits (a byte value up to 255) or by a single character.",
            "Write \\\\ for a backslash, \\\" for a quote, or \\DDD with a decimal byte value.";
        /// One character-string longer than 255 bytes.
        StringTooLong = "input-string-too-long", Error, "RFC 1035 §3.3.14; RFC 7208 §3.3",
            "This string is {length} bytes long, but one DNS character-string holds at most 255; DNS software refuses it or cuts it.",
            "Split the value into several quoted strings of at most 255 bytes each, written one after another: \"first part\" \"second part\". Receivers join them with nothing in between.";
        /// Strings joined into something broken where a space was meant.
        JoinedWithoutSpace = "input-joined-without-space", Warning, "RFC 7208 §3.3; RFC 9989 §4.5",
            "Receivers join the strings of a TXT record with nothing in between, so the end of one string runs into the start of the next here: \"{joined}\". That breaks the record; the split probably meant a space.",
            "Put the space inside one of the strings (for example \"ip4:192.0.2.1 \" \"-all\").";
        /// Terraform's `""` chunk marker inside a string.
        TerraformJoin = "input-terraform-join", Info, "RFC 1035 §3.3.14",
            "The \"\" inside this string is how Terraform writes the boundary between TXT strings for Route 53; the record's value is read with the pieces joined.",
            "Nothing to fix if this is Terraform; in a zone file, write the pieces as separate quoted strings instead.";
        /// A DMARC record outside `_dmarc.`.
        DmarcOwner = "input-dmarc-owner", Error, "RFC 9989 §4.5",
            "This DMARC record is published at {name}, but receivers only look for it at _dmarc.<domain>, so it has no effect here.",
            "Publish it at _dmarc.{domain} instead.";
        /// A report authorization record outside `._report._dmarc.`.
        ReportAuthOwner = "input-report-auth-owner", Error, "RFC 9990 §4",
            "This report authorization record is published at {name}, but receivers look for it at <domain>._report._dmarc.<destination>, so they will not find it.",
            "Publish it at <domain>._report._dmarc.<destination>, where <domain> is the domain whose reports are sent and <destination> the host of the report address; *._report._dmarc.<destination> accepts every domain.";
        /// A DKIM key outside `._domainkey.`.
        DkimOwner = "input-dkim-owner", Error, "RFC 6376 §3.6.2.1",
            "This DKIM key is published at {name}, but verifiers look up keys at <selector>._domainkey.<domain>, so they will never find it.",
            "Publish it at <selector>._domainkey.<domain>, with the selector your signatures use in s=.";
        /// A TLS-RPT record outside `_smtp._tls.`.
        TlsRptOwner = "input-tls-rpt-owner", Error, "RFC 8460 §3",
            "This TLS-RPT record is published at {name}, but senders only look for it at _smtp._tls.<domain>.",
            "Publish it at _smtp._tls.{domain} instead.";
        /// An MTA-STS record outside `_mta-sts.`.
        MtaStsOwner = "input-mta-sts-owner", Error, "RFC 8461 §3.1",
            "This MTA-STS record is published at {name}, but senders only look for it at _mta-sts.<domain>.",
            "Publish it at _mta-sts.{domain} instead.";
        /// A BIMI record outside `._bimi.`.
        BimiOwner = "input-bimi-owner", Error, "RFC 9989 §4.5",
            "This BIMI record is published at {name}, but mailbox providers look for it at <selector>._bimi.<domain> (usually default._bimi.<domain>).",
            "Publish it at default._bimi.{domain} instead.";
        /// Two SPF records for one name.
        MultipleSpf = "input-multiple-spf", Error, "RFC 7208 §4.5",
            "There are {count} SPF records for {name}. With more than one, receivers stop with a permanent error (permerror), and SPF fails for all your mail.",
            "Merge them into one record: one v=spf1, the mechanisms of both, and one all at the end.";
        /// Two DMARC records for one name.
        MultipleDmarc = "input-multiple-dmarc", Error, "RFC 9989 §4.10",
            "There are {count} DMARC records for {name}. Receivers discard them all, so the domain has no DMARC policy.",
            "Keep exactly one v=DMARC1 record at this name.";
        /// Several records of another kind for one name.
        MultipleRecords = "input-multiple-records", Warning, "RFC 6376 §3.6.2.2; RFC 8461 §3.1; RFC 8460 §3",
            "There are {count} {kind} records for {name}. Receivers expect one; with several, what they do is undefined or they ignore them all.",
            "Keep one {kind} record at this name.";
    }
}
