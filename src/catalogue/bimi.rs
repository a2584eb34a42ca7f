//! The rules' words for BIMI assertion records. BIMI is still an Internet
//! draft, so references name the draft (revision 10) and its section.

catalogue! {
    /// Rules for BIMI assertion records (draft-brand-indicators-for-message-identification).
    pub enum BimiCode as Bimi {
    /// Nothing was given.
    Empty = "bimi-empty", Error, "RFC draft-brand-indicators-for-message-identification §4.3",
        "The record is empty.",
        "Paste the TXT value published at default._bimi.<your domain>, for example: v=BIMI1; l=https://example.com/logo.svg; a=https://example.com/vmc.pem";
    /// No `v` tag.
    VersionMissing = "bimi-version-missing", Error, "RFC draft-brand-indicators-for-message-identification §4.3",
        "The record does not start with v={version}, so mailbox providers ignore all of it.",
        "Begin the record with v={version}; followed by l=.";
    /// `v` with another value.
    VersionInvalid = "bimi-version-invalid", Error, "RFC draft-brand-indicators-for-message-identification §4.3",
        "The version is \"{value}\", but it must be exactly {version}; mailbox providers ignore the record otherwise.",
        "Write v={version}.";
    /// `v` not first.
    VersionNotFirst = "bimi-version-not-first", Error, "RFC draft-brand-indicators-for-message-identification §4.3",
        "v={version} must be the first tag; mailbox providers ignore a record that starts with anything else.",
        "Move v={version} to the very start of the record.";
    /// No `l` tag.
    LocationMissing = "bimi-location-missing", Error, "RFC draft-brand-indicators-for-message-identification §4.3",
        "There is no l tag. It is required: either the https:// URL of the logo, or empty to decline BIMI.",
        "Add l=https://<your domain>/logo.svg, or l= (empty) to decline.";
    /// `l=` empty.
    Declined = "bimi-declined", Info, "RFC draft-brand-indicators-for-message-identification §4.3.1",
        "l is empty: this is a valid declination record. The domain (or this selector) asks mailbox providers not to show any logo, even one published at the organizational domain.",
        "Nothing to fix if that is the intent; publish l=https://.../logo.svg to show a logo.";
    /// An `l` or `a` URI that is not https.
    UriNotHttps = "bimi-uri-not-https", Error, "RFC draft-brand-indicators-for-message-identification §4.3",
        "{tag}={uri} does not use https://, the only transport BIMI allows; mailbox providers will not fetch it.",
        "Serve the file over HTTPS and write the https:// URL.";
    /// An `l` or `a` URI that does not parse.
    UriMalformed = "bimi-uri-malformed", Error, "RFC draft-brand-indicators-for-message-identification §4.3",
        "\"{uri}\" in {tag} is not a usable URL: {why}.",
        "Write one https:// URL with a full host name, for example https://example.com/logo.svg.";
    /// `l` that does not point at an SVG.
    LogoNotSvg = "bimi-logo-not-svg", Warning, "RFC draft-brand-indicators-for-message-identification §4.3.2",
        "{uri} does not end in .svg or .svgz. BIMI logos must be SVG (the SVG Tiny Portable/Secure profile); other formats are a permanent error.",
        "Publish the logo as an SVG Tiny PS file and point l at it.";
    /// No mark certificate.
    NoCertificate = "bimi-no-certificate", Info, "RFC draft-brand-indicators-for-message-identification §4.3",
        "There is no a= evidence (a Verified Mark Certificate or Common Mark Certificate). The record is valid without one, but major mailbox providers such as Gmail and Apple Mail only show logos backed by a mark certificate.",
        "Obtain a VMC or CMC from a mark verifying authority and add a=https://.../certificate.pem.";
    /// BIMI needs DMARC at enforcement.
    DmarcEnforcement = "bimi-dmarc-enforcement", Info, "RFC draft-brand-indicators-for-message-identification §1, §7.1",
        "Logos are only shown for mail that passes DMARC under an enforcing policy: p=quarantine or p=reject on both the From domain and its organizational domain, sp not none, and (with RFC 7489 receivers) pct=100.",
        "Check the domain's DMARC record: p=quarantine or p=reject, no sp=none, no pct below 100.";
    /// `lps` or `avp` outside their values.
    ValueInvalid = "bimi-value-invalid", Warning, "RFC draft-brand-indicators-for-message-identification §4.3",
        "{tag}={value} is not a valid value; mailbox providers ignore it (some treat the record as failing). The default is {default}.",
        "Use {allowed}.";
    /// The same tag twice.
    TagDuplicate = "bimi-tag-duplicate", Error, "RFC 6376 §3.2",
        "The {tag} tag appears more than once. BIMI uses the DKIM tag-list syntax, where a repeated tag makes the whole record invalid.",
        "Keep one {tag} tag.";
    /// A tag BIMI does not define.
    TagUnknown = "bimi-tag-unknown", Warning, "RFC draft-brand-indicators-for-message-identification §4.3",
        "{tag} is not a BIMI tag; mailbox providers ignore tags they do not know, so it has no effect.",
        "Remove {tag}, or correct its name{suggestion}.";
    /// A tag name in the wrong case.
    TagCase = "bimi-tag-case", Error, "RFC draft-brand-indicators-for-message-identification §4.3",
        "Tag names are case-sensitive and receivers must not fix capitalisation, so {tag} is not {lower}; it is ignored.",
        "Write {lower} in lower case.";
    /// Something that is not `name=value`.
    TagSyntax = "bimi-tag-syntax", Error, "RFC 6376 §3.2",
        "\"{text}\" is not a tag: a tag is a name, then =, then a value. The record is not well-formed and mailbox providers may reject it.",
        "Write it as name=value, or remove it.";
    /// `;;`.
    EmptyTerm = "bimi-empty-term", Warning, "RFC draft-brand-indicators-for-message-identification §4.3",
        "There is an empty tag between two semicolons, which the grammar does not allow; strict receivers reject the record.",
        "Remove the extra semicolon.";
    /// Characters outside printable ASCII.
    NonAscii = "bimi-non-ascii", Error, "RFC draft-brand-indicators-for-message-identification §4.3",
        "The record contains {what}, which the grammar does not allow.",
        "Retype that part by hand; smart quotes and non-breaking spaces copied from documents are the usual cause.";
    /// Whitespace before `v=`.
    Whitespace = "bimi-whitespace", Warning, "RFC draft-brand-indicators-for-message-identification §4.3",
        "There is whitespace {where}. The record must begin with v=BIMI1, and receivers that check the start exactly will not recognise it.",
        "Remove the whitespace.";
    }
}
