//! The rules' words for TLS-RPT records (RFC 8460).

catalogue! {
    /// Rules for TLS-RPT records (RFC 8460).
    pub enum TlsRptCode as TlsRpt {
    /// Nothing was given.
    Empty = "tls-rpt-empty", Error, "RFC 8460 §3",
        "The record is empty.",
        "Paste the TXT value published at _smtp._tls.<your domain>, for example: v=TLSRPTv1; rua=mailto:tls-reports@example.com";
    /// No `v` tag.
    VersionMissing = "tls-rpt-version-missing", Error, "RFC 8460 §3",
        "The record does not start with v={version}, so sending servers do not treat it as a TLS-RPT record and send no reports.",
        "Begin the record with v={version}; followed by the rua tag.";
    /// `v` with another value.
    VersionInvalid = "tls-rpt-version-invalid", Error, "RFC 8460 §3",
        "The version is \"{value}\", but it must be exactly {version} (the comparison is case-sensitive). Senders ignore the record.",
        "Write v={version}.";
    /// `v` not first.
    VersionNotFirst = "tls-rpt-version-not-first", Error, "RFC 8460 §3",
        "v={version} must be the first field; senders discard a record that starts with anything else.",
        "Move v={version} to the very start of the record.";
    /// No `rua`.
    RuaMissing = "tls-rpt-rua-missing", Error, "RFC 8460 §3",
        "There is no rua field, the one thing a TLS-RPT record is for: senders have nowhere to send reports.",
        "Add rua=mailto: with a mailbox that receives reports, for example rua=mailto:tls-reports@example.com.";
    /// A URI with a scheme other than mailto: or https:.
    UriScheme = "tls-rpt-uri-scheme", Error, "RFC 8460 §3",
        "{uri} uses the {scheme}: scheme, but reports can only be sent to mailto: or https: addresses; senders skip it.",
        "Use a mailto: address or an https:// URL.";
    /// A URI that does not parse.
    UriMalformed = "tls-rpt-uri-malformed", Error, "RFC 8460 §3",
        "\"{uri}\" is not a usable report address: {why}. Senders skip it.",
        "Write mailto:mailbox@domain or https://host/path; several addresses are separated by commas.";
    /// The same field twice.
    TagDuplicate = "tls-rpt-tag-duplicate", Error, "RFC 8460 §3",
        "The {tag} field appears more than once, which the grammar does not allow; senders may take either or reject the record.",
        "Keep one {tag} field; list several addresses in one rua, separated by commas.";
    /// An extension field.
    TagUnknown = "tls-rpt-tag-unknown", Info, "RFC 8460 §3",
        "{tag} is not a field RFC 8460 defines. Extension fields are allowed and senders ignore the ones they do not know, so it has no effect.",
        "Remove {tag} unless a sender you work with asked for it{suggestion}.";
    /// A field name in the wrong case.
    TagCase = "tls-rpt-tag-case", Error, "RFC 8460 §3",
        "Field names are case-sensitive, so {tag} is not {lower}; senders ignore it.",
        "Write {lower} in lower case.";
    /// Something that is not `name=value`.
    TagSyntax = "tls-rpt-tag-syntax", Error, "RFC 8460 §3",
        "\"{text}\" is not a field: a field is a name of letters, digits, _, - or ., then =, then a value. Senders may reject the whole record.",
        "Write it as name=value, or remove it.";
    /// `;;`.
    EmptyTerm = "tls-rpt-empty-term", Warning, "RFC 8460 §3",
        "There is an empty field between two semicolons, which the grammar does not allow; strict senders reject the record.",
        "Remove the extra semicolon.";
    /// Characters outside printable ASCII.
    NonAscii = "tls-rpt-non-ascii", Error, "RFC 8460 §3",
        "The record contains {what}, which the grammar does not allow.",
        "Retype that part by hand; smart quotes, non-breaking spaces and line breaks copied from documents are the usual cause.";
    /// Whitespace where the grammar has none.
    Whitespace = "tls-rpt-whitespace", Warning, "RFC 8460 §3",
        "There is whitespace {where}. The grammar only allows it around the semicolons, and senders that parse exactly will not read the record.",
        "Remove the whitespace, for example v=TLSRPTv1; rua=mailto:tls-reports@example.com.";
    }
}
