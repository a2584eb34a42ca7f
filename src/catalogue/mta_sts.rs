//! The rules' words for MTA-STS records and policy files (RFC 8461).

catalogue! {
    /// Rules for MTA-STS TXT records and policy files (RFC 8461).
    pub enum MtaStsCode as MtaSts {
    /// Nothing was given.
    Empty = "mta-sts-empty", Error, "RFC 8461 §3.1",
        "The record is empty.",
        "Paste the TXT value published at _mta-sts.<your domain>, for example: v=STSv1; id=20240101T000000";
    /// No `v` tag.
    VersionMissing = "mta-sts-version-missing", Error, "RFC 8461 §3.1",
        "The record does not start with v={version}, so senders do not treat it as an MTA-STS record and never fetch the policy.",
        "Begin the record with v={version}; followed by id=.";
    /// `v` with another value.
    VersionInvalid = "mta-sts-version-invalid", Error, "RFC 8461 §3.1",
        "The version is \"{value}\", but it must be exactly {version} (the comparison is case-sensitive). Senders ignore the record.",
        "Write v={version}.";
    /// `v` not first.
    VersionNotFirst = "mta-sts-version-not-first", Error, "RFC 8461 §3.1",
        "v={version} must be the first field; senders discard a record that starts with anything else.",
        "Move v={version} to the very start of the record.";
    /// No `id`.
    IdMissing = "mta-sts-id-missing", Error, "RFC 8461 §3.1",
        "There is no id field. Senders use it to notice that the policy changed; without it the record is invalid and the policy is not applied.",
        "Add id= with 1 to 32 letters and digits, for example a timestamp: id=20240101T000000.";
    /// `id` outside 1*32(ALPHA / DIGIT).
    IdInvalid = "mta-sts-id-invalid", Error, "RFC 8461 §3.1",
        "id={value} is not valid: {why}. Senders reject the record.",
        "Use 1 to 32 letters and digits only, for example id=20240101T000000.";
    /// The same field twice.
    TagDuplicate = "mta-sts-tag-duplicate", Error, "RFC 8461 §3.1",
        "The {tag} field appears more than once, which the grammar does not allow; senders may take either or reject the record.",
        "Keep one {tag} field.";
    /// An extension field.
    TagUnknown = "mta-sts-tag-unknown", Info, "RFC 8461 §3.1",
        "{tag} is not a field RFC 8461 defines. Extension fields are allowed and senders ignore the ones they do not know, so it has no effect.",
        "Remove {tag} unless you rely on it{suggestion}.";
    /// A field name in the wrong case.
    TagCase = "mta-sts-tag-case", Error, "RFC 8461 §3.1",
        "Field names are case-sensitive, so {tag} is not {lower}; senders ignore it.",
        "Write {lower} in lower case.";
    /// Something that is not `name=value`.
    TagSyntax = "mta-sts-tag-syntax", Error, "RFC 8461 §3.1",
        "\"{text}\" is not a field: a field is a name of letters, digits, _, - or ., then =, then a value. Senders may reject the whole record.",
        "Write it as name=value, or remove it.";
    /// `;;`.
    EmptyTerm = "mta-sts-empty-term", Warning, "RFC 8461 §3.1",
        "There is an empty field between two semicolons, which the grammar does not allow; strict senders reject the record.",
        "Remove the extra semicolon.";
    /// Characters outside printable ASCII.
    NonAscii = "mta-sts-non-ascii", Error, "RFC 8461 §3.1",
        "The record contains {what}, which the grammar does not allow.",
        "Retype that part by hand; smart quotes, non-breaking spaces and line breaks copied from documents are the usual cause.";
    /// Whitespace where the grammar has none.
    Whitespace = "mta-sts-whitespace", Warning, "RFC 8461 §3.1",
        "There is whitespace {where}. The grammar only allows it around the semicolons, and senders that parse exactly will not read the record.",
        "Remove the whitespace, for example v=STSv1; id=20240101T000000.";
    /// An empty policy file.
    PolicyEmpty = "mta-sts-policy-empty", Error, "RFC 8461 §3.2",
        "The policy is empty.",
        "Paste the text served at https://mta-sts.<your domain>/.well-known/mta-sts.txt, one key: value per line: version: STSv1, mode, mx and max_age.";
    /// No `version` line.
    PolicyVersionMissing = "mta-sts-policy-version-missing", Error, "RFC 8461 §3.2",
        "There is no version: STSv1 line, so senders reject the policy.",
        "Add version: STSv1 as the first line.";
    /// `version` with another value.
    PolicyVersionInvalid = "mta-sts-policy-version-invalid", Error, "RFC 8461 §3.2",
        "The version is \"{value}\", but it must be exactly STSv1 (case-sensitive). Senders reject the policy.",
        "Write version: STSv1.";
    /// `version` not on the first line.
    PolicyVersionNotFirst = "mta-sts-policy-version-not-first", Info, "RFC 8461 §3.2",
        "version is not the first line. The order of fields does not matter to senders, but every published example and most tools put version first.",
        "Move version: STSv1 to the first line.";
    /// No `mode` line.
    PolicyModeMissing = "mta-sts-policy-mode-missing", Error, "RFC 8461 §3.2",
        "There is no mode line, which is required; senders reject the policy.",
        "Add mode: testing to start, and mode: enforce once TLS-RPT reports are clean.";
    /// `mode` not enforce, testing or none.
    PolicyModeInvalid = "mta-sts-policy-mode-invalid", Error, "RFC 8461 §3.2",
        "mode: {value} is not a mode; only enforce, testing and none exist (lower case). Senders reject the policy.",
        "Write mode: enforce, mode: testing or mode: none.";
    /// `mode: testing`.
    PolicyModeTesting = "mta-sts-policy-mode-testing", Info, "RFC 8461 §5",
        "mode: testing: senders check the MX names and certificates and report failures through TLS-RPT, but still deliver when the checks fail, so nothing is protected yet.",
        "Publish a TLS-RPT record, read the reports, then switch to mode: enforce (and change the id in the TXT record).";
    /// `mode: none`.
    PolicyModeNone = "mta-sts-policy-mode-none", Warning, "RFC 8461 §5",
        "mode: none tells senders this domain has no MTA-STS policy: it is how a policy is withdrawn, and nothing is checked or reported.",
        "Keep mode: none only while retiring MTA-STS; otherwise use testing or enforce.";
    /// No `mx` line.
    PolicyMxMissing = "mta-sts-policy-mx-missing", Error, "RFC 8461 §3.2",
        "There is no mx line. With mode {mode} senders only deliver to MX hosts matching an mx pattern, so every delivery would fail the policy.",
        "Add one mx: line per MX host (or a *.example.net pattern), for example mx: mail.example.com.";
    /// An `mx` value that is not a host name or leftmost wildcard.
    PolicyMxInvalid = "mta-sts-policy-mx-invalid", Error, "RFC 8461 §3.2",
        "mx: {value} is not a valid pattern: {why}.",
        "Write a host name such as mail.example.com, or a wildcard that covers exactly one leftmost label, such as *.example.net.";
    /// No `max_age` line.
    PolicyMaxAgeMissing = "mta-sts-policy-max-age-missing", Error, "RFC 8461 §3.2",
        "There is no max_age line, which is required; senders reject the policy.",
        "Add max_age: 604800 (one week) or more, up to 31557600.";
    /// `max_age` not 1 to 10 digits.
    PolicyMaxAgeInvalid = "mta-sts-policy-max-age-invalid", Error, "RFC 8461 §3.2",
        "max_age: {value} is not a number of seconds (1 to 10 digits); senders reject the policy.",
        "Write a whole number of seconds, for example max_age: 604800.";
    /// `max_age` above one year.
    PolicyMaxAgeTooLarge = "mta-sts-policy-max-age-too-large", Error, "RFC 8461 §3.2",
        "max_age: {value} is more than 31557600 seconds (about a year), the largest value RFC 8461 allows.",
        "Use at most 31557600.";
    /// `max_age` under a day.
    PolicyMaxAgeShort = "mta-sts-policy-max-age-short", Warning, "RFC 8461 §3.2",
        "max_age: {value} is under a day. Senders forget the policy that quickly, so an attacker who blocks the policy fetch can downgrade delivery soon after; RFC 8461 recommends weeks or more.",
        "Use at least 604800 (a week) once the policy is stable; short values only make sense while testing.";
    /// A key repeated (other than `mx`).
    PolicyKeyDuplicate = "mta-sts-policy-key-duplicate", Error, "RFC 8461 §3.2",
        "{key} appears more than once; only mx may repeat. Senders may take either value or reject the policy.",
        "Keep one {key} line.";
    /// A key RFC 8461 does not define.
    PolicyKeyUnknown = "mta-sts-policy-key-unknown", Warning, "RFC 8461 §3.2",
        "{key} is not a policy field; senders ignore extension fields they do not know.",
        "Remove {key}, or correct its name{suggestion}.";
    /// A key or value in the wrong case.
    PolicyCase = "mta-sts-policy-case", Error, "RFC 8461 §3.2",
        "\"{text}\" is not in the expected case; keys and the values of version and mode are case-sensitive, so senders do not recognise it.",
        "Write {fixed}.";
    /// A line without `key: value`.
    PolicyLineSyntax = "mta-sts-policy-line-syntax", Error, "RFC 8461 §3.2",
        "\"{text}\" is not a key: value line; senders may reject the whole policy.",
        "Write each field as key: value on its own line, or remove the line.";
    /// Whitespace where the grammar has none.
    PolicyWhitespace = "mta-sts-policy-whitespace", Warning, "RFC 8461 §3.2",
        "There is whitespace {where}. The grammar allows spaces only after the colon and at the end of a line; strict parsers reject the line.",
        "Write key: value with nothing before the key or the colon.";
    /// Characters outside printable ASCII.
    PolicyNonAscii = "mta-sts-policy-non-ascii", Error, "RFC 8461 §3.2",
        "The policy contains {what}, which the grammar does not allow.",
        "Retype that part by hand; only printable ASCII, spaces and line breaks belong in the policy.";
    }
}
