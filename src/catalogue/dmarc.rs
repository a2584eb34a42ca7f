//! The DMARC rules' words.

catalogue! {
    /// Rules for DMARC policy records (RFC 9989, RFC 7489).
    pub enum DmarcCode as Dmarc {
    /// Nothing was given.
    Empty = "dmarc-empty", Error, "RFC 9989 §4.8",
        "The record is empty.",
        "Paste the TXT value published at _dmarc.<your domain>, for example: v=DMARC1; p=none; rua=mailto:dmarc-reports@example.com";
    /// The record does not start with a `v` tag.
    VersionMissing = "dmarc-version-missing", Error, "RFC 9989 §4.7",
        "The record does not start with v=DMARC1, so receivers do not treat it as a DMARC record and ignore all of it.",
        "Begin the record with v=DMARC1 followed by a semicolon, for example: v=DMARC1; p=none";
    /// `v=DMARC1` is there, but later in the record.
    VersionNotFirst = "dmarc-version-not-first", Error, "RFC 9989 §4.7",
        "v=DMARC1 is present but not the first tag. Receivers only recognise a record that begins with it, so they ignore this one.",
        "Move v=DMARC1 to the very start of the record.";
    /// The `v` value is not exactly `DMARC1`.
    VersionInvalid = "dmarc-version-invalid", Error, "RFC 9989 §4.8",
        "The version is \"{value}\", but it must be exactly DMARC1, in upper case. Receivers ignore a record with any other version.",
        "Write v=DMARC1.";
    /// No `p` tag, but a valid `rua`.
    PolicyMissing = "dmarc-policy-missing", Warning, "RFC 9989 §4.7, §4.10.1",
        "There is no p tag. Receivers following RFC 9989 treat the record as p=none because it has a valid rua address; RFC 7489 made p required, and receivers that follow it may ignore the whole record.",
        "Add p=none (or the policy you mean) right after v=DMARC1.";
    /// No `p` tag and no valid `rua`.
    PolicyMissingNoRua = "dmarc-policy-missing-no-rua", Error, "RFC 9989 §4.10.1",
        "There is no p tag and no valid rua address, so receivers apply no DMARC processing to this domain at all.",
        "Add p=none and a rua=mailto: address to start monitoring, for example: v=DMARC1; p=none; rua=mailto:dmarc-reports@example.com";
    /// `p`, `sp` or `np` has a value that is not a policy.
    PolicyInvalid = "dmarc-policy-invalid", Error, "RFC 9989 §4.10.1",
        "{tag}={value} is not a policy. A receiver treats a record with an invalid policy as p=none if it has a valid rua address, and otherwise applies no DMARC at all.",
        "Use one of none, quarantine or reject.";
    /// A known tag has a value outside its grammar.
    ValueInvalid = "dmarc-value-invalid", Warning, "RFC 9989 §4.8",
        "{tag}={value} is not a valid value. Receivers ignore it and use the default, {default}.",
        "Use {allowed}.";
    /// A tag with nothing after `=`.
    ValueEmpty = "dmarc-value-empty", Error, "RFC 9989 §4.8",
        "The {tag} tag has no value; the grammar needs at least one character after =. Receivers ignore it and use the default, {default}.",
        "Give {tag} a value, or remove the tag.";
    /// Mixed- or upper-case value where lower case is conventional.
    ValueCase = "dmarc-value-case", Info, "RFC 9989 §4.8",
        "{tag}={value} is not in lower case. The grammar is case-insensitive, but lower case is what everyone publishes, and some parsers compare exactly.",
        "Write {lower}.";
    /// The same tag twice.
    TagDuplicate = "dmarc-tag-duplicate", Error, "RFC 9989 §4.8",
        "The {tag} tag appears more than once. The grammar gives a repeat no meaning and receivers differ: some take the first, some the last, some discard the whole record.",
        "Keep one {tag} tag with the value you mean.";
    /// A tag DMARC does not define.
    TagUnknown = "dmarc-tag-unknown", Warning, "RFC 9989 §4.7",
        "{tag} is not a DMARC tag. Receivers ignore tags they do not know, so it has no effect.",
        "Remove {tag}, or correct its name{suggestion}.";
    /// `rf` or `ri`, which RFC 9989 removed.
    TagRemoved = "dmarc-tag-removed", Info, "RFC 9989 Appendix C.5.2",
        "{tag} was removed in RFC 9989 and receivers following it ignore it. {detail}",
        "Remove {tag}; it has no useful effect today.";
    /// Something that is not `name=value`.
    TagSyntax = "dmarc-tag-syntax", Error, "RFC 9989 §4.8",
        "\"{text}\" is not a tag: a DMARC tag is a name made of letters, then =, then a value. Strict receivers discard the whole record over it; lenient ones skip it.",
        "Write it as name=value, or remove it.";
    /// Two separators with nothing between them.
    EmptyTerm = "dmarc-empty-term", Error, "RFC 9989 §4.8",
        "There is an empty tag between two semicolons. The grammar allows a single semicolon between tags and one at the end; strict receivers discard the record, lenient ones skip the gap.",
        "Remove the extra semicolon.";
    /// Whitespace before `v=DMARC1`.
    LeadingSpace = "dmarc-leading-space", Error, "RFC 9989 §4.8",
        "The record starts with whitespace. The grammar has it begin with v=DMARC1, and receivers that check the start of the record exactly will not recognise it.",
        "Remove the whitespace before v=DMARC1.";
    /// A character outside printable ASCII.
    NonAscii = "dmarc-non-ascii", Error, "RFC 9989 §4.8",
        "The record contains {what}, which the grammar does not allow: values are printable ASCII only.",
        "Retype that part by hand; smart quotes, non-breaking spaces and line breaks copied from documents or chat are the usual cause.";
    /// `pct` that is not 0..=100.
    PctOutOfRange = "dmarc-pct-out-of-range", Error, "RFC 7489 §6.3",
        "pct={value} is not a whole number from 0 to 100. RFC 7489 receivers ignore it and apply the policy to all failing mail.",
        "Use a whole number from 0 to 100, or t=y for testing mode.";
    /// `pct` at all: removed in RFC 9989, still honoured by RFC 7489 receivers.
    PctRemoved = "dmarc-pct-removed", Warning, "RFC 9989 Appendix C.5.2; RFC 7489 §6.6.4",
        "pct is not part of RFC 9989: receivers following it ignore pct and apply the policy to all failing mail. Receivers still following RFC 7489, most of them today, sample instead: they apply {p} to {value}% of failing mail and one level less to the rest.",
        "During a ramp, keep pct for RFC 7489 receivers and add t=y for RFC 9989 ones; remove pct once you are at full enforcement.";
    /// `pct` with `p=none`.
    PctWithNone = "dmarc-pct-with-none", Info, "RFC 7489 §6.3",
        "pct has no effect with p=none: there is no action to apply to a sample.",
        "Remove pct, or set it when you move to p=quarantine.";
    /// `fo` with no `ruf`.
    FoWithoutRuf = "dmarc-fo-without-ruf", Warning, "RFC 9989 §4.7",
        "fo={value} chooses when failure reports are sent, but there is no ruf address to send them to, so it does nothing.",
        "Add a ruf=mailto: address if you want failure reports, or remove fo.";
    /// `fo` options that cannot go together.
    FoConflict = "dmarc-fo-conflict", Error, "RFC 9989 §4.8",
        "fo={value} combines options that cannot go together: 0 and 1 exclude each other, and d and s may each appear only once.",
        "Choose 0 (report when every mechanism fails) or 1 (report when any fails), optionally with d and s, separated by colons, for example fo=1:d.";
    /// `ruf` present.
    RufPrivacy = "dmarc-ruf-privacy", Info, "RFC 9991 §2; RFC 9989 §4.7",
        "ruf asks for failure reports, which can carry the headers and even the content of real messages, personal data included. Most large mailbox providers never send them.",
        "Keep ruf only if the mailbox behind it is protected and you may process personal data; aggregate reports (rua) carry no message content.";
    /// No `rua`.
    RuaMissing = "dmarc-rua-missing", Warning, "RFC 9989 §4.7",
        "There is no rua address, so no receiver sends aggregate reports. Without them you cannot see who sends mail as your domain, or whether it would pass before you enforce.",
        "Add rua=mailto: with a mailbox you read or a report service, for example rua=mailto:dmarc-reports@example.com.";
    /// A report URI with a scheme other than `mailto:`.
    UriNotMailto = "dmarc-uri-not-mailto", Warning, "RFC 9989 §4.7",
        "{uri} is not a mailto: address. Receivers must support mailto: and ignore schemes they do not support, so most will never send reports here.",
        "Use a mailto: address.";
    /// A report URI that does not parse.
    UriMalformed = "dmarc-uri-malformed", Error, "RFC 9989 §4.8",
        "\"{uri}\" is not a usable report address: {why}. Receivers skip it.",
        "Write it as mailto:mailbox@domain, for example mailto:dmarc-reports@example.com; several addresses are separated by commas.";
    /// The obsolete `!size` suffix.
    UriSizeSuffix = "dmarc-uri-size-suffix", Warning, "RFC 9989 §4.8, Appendix C.4",
        "{suffix} is the obsolete report size limit. RFC 9989 removed it and reporters ignore it.",
        "Remove {suffix} from the address.";
    /// More than two report URIs.
    UriTooMany = "dmarc-uri-too-many", Warning, "RFC 7489 §6.2",
        "{tag} lists {count} addresses, but receivers only have to support two, so the ones after the second may get nothing.",
        "List at most two addresses and forward internally if more people need the reports.";
    /// `p=none`.
    PolicyNone = "dmarc-policy-none", Info, "RFC 9989 §4.7",
        "p=none is monitoring only: receivers report failing mail but deliver it as usual, so mail spoofing your domain is not stopped.",
        "Once reports show your legitimate mail passing with alignment, move to p=quarantine, then p=reject.";
    /// `sp=none` while `p` enforces.
    SubdomainsUnprotected = "dmarc-subdomains-unprotected", Warning, "RFC 9989 §4.7",
        "sp=none leaves every subdomain unprotected while p={p} protects the domain itself: anyone can send as any subdomain. It also keeps BIMI logos from showing, because BIMI needs enforcement on the whole domain.",
        "Remove sp so subdomains inherit p, or set sp=quarantine or sp=reject.";
    /// `t=y`.
    TestingMode = "dmarc-testing-mode", Info, "RFC 9989 §4.7",
        "t=y is testing mode: receivers following RFC 9989 apply one level less than published ({published} is applied as {applied}); reports are unaffected. RFC 7489 receivers do not know t and apply {published} in full.",
        "Remove t, or set t=n, when you are ready for the policy to apply in full.";
    /// `t=y` with `p=none`.
    TestingWithNone = "dmarc-testing-with-none", Info, "RFC 9989 §4.7",
        "t=y has no effect with p=none: there is no level below none.",
        "Remove t=y, or keep it for the first step to p=quarantine.";
    /// `adkim=s` or `aspf=s`.
    StrictAlignment = "dmarc-strict-alignment", Info, "RFC 9989 §4.7",
        "{tag}=s asks for strict alignment: the {identity} domain must equal the From domain exactly, not just share its organizational domain. Mail sent for you by third parties from their own subdomain of yours (for example bounces.example.com for a From of example.com) fails {identity} alignment.",
        "Keep relaxed alignment (remove {tag}) unless every sender uses exactly the From domain.";
    /// `np` present.
    NpNew = "dmarc-np-new", Info, "RFC 9989 §4.7",
        "np sets the policy for subdomains that do not exist. It is new in RFC 9989 (it came from RFC 9091); receivers still following RFC 7489 ignore it and apply sp (or p) instead.",
        "Keep np; make sure sp (or p) also says what you want for older receivers.";
    /// `psd=y`.
    PsdYes = "dmarc-psd-yes", Warning, "RFC 9989 §4.10.2, §5.2",
        "psd=y declares this domain a public suffix, such as a top-level domain or a registry, which only the operators of such domains should do. On an ordinary domain it breaks organizational-domain detection for every name below it.",
        "Remove psd=y unless you operate a public suffix; psd=n marks an organizational domain.";
    /// `p` is not the second tag.
    PolicyNotSecond = "dmarc-policy-not-second", Info, "RFC 7489 §6.4; RFC 9989 §4.8",
        "p is not the second tag. RFC 9989 allows any order after v, but RFC 7489 required p right after v, and some older parsers still expect it there.",
        "Move p to follow v=DMARC1.";
    }
}
