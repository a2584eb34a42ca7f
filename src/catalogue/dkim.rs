//! The rules' words for DKIM key records (RFC 6376, 8301, 8463).

catalogue! {
    /// Rules for DKIM key records (RFC 6376, 8301, 8463).
    pub enum DkimCode as Dkim {
    /// Nothing was given.
    Empty = "dkim-empty", Error, "RFC 6376 §3.6.1",
        "The record is empty, so there is no public key to verify signatures with.",
        "Paste the TXT value published at <selector>._domainkey.<your domain>, for example: v=DKIM1; k=rsa; p=MIIBIjANBgkq...";
    /// `v` with a value other than `DKIM1`.
    VersionInvalid = "dkim-version-invalid", Error, "RFC 6376 §3.6.1",
        "The version is \"{value}\", but when v is present it must be exactly DKIM1. Verifiers discard a key record with any other version, so every signature made with this selector fails.",
        "Write v=DKIM1, or leave v out (it is optional).";
    /// `v` present but not first.
    VersionNotFirst = "dkim-version-not-first", Error, "RFC 6376 §3.6.1",
        "v=DKIM1 is present but not the first tag. RFC 6376 requires it first when it is written, and strict verifiers reject the record otherwise.",
        "Move v=DKIM1 to the very start of the record.";
    /// No `p` tag.
    KeyMissing = "dkim-key-missing", Error, "RFC 6376 §3.6.1",
        "There is no p tag. The public key is the one required part of a DKIM key record; without it no signature can be verified.",
        "Add p= followed by the base64 public key your signing software generated for this selector.";
    /// `p=` with nothing after it.
    KeyRevoked = "dkim-key-revoked", Warning, "RFC 6376 §3.6.1",
        "p= is empty, which means the key has been revoked: verifiers treat every signature made with this selector as failed.",
        "If the selector is retired on purpose, nothing to do. If mail is still signed with it, publish its public key or switch the signer to a live selector.";
    /// `p=` that is not base64.
    KeyBase64 = "dkim-key-base64", Error, "RFC 6376 §3.6.1",
        "The public key is not valid base64: {why}. Verifiers cannot decode it, so every signature made with this selector fails.",
        "Copy the key again from your signing software or provider. Quotes and spaces left over from zone-file strings are the usual cause; the key itself is only letters, digits, +, / and = at the end.";
    /// `p=` decodes but holds no key dmarc-lens recognises.
    KeyUnreadable = "dkim-key-unreadable", Error, "RFC 6376 §3.6.1",
        "The public key decodes to {bytes} bytes that are neither an RSA key (DER SubjectPublicKeyInfo or RSAPublicKey) nor a 32-byte Ed25519 key. The key was probably truncated or mangled when it was copied.",
        "Publish the full key again, exactly as your signing software gave it; long keys are often cut at 255 characters.";
    /// RSA modulus under 1024 bits.
    RsaTooShort = "dkim-rsa-too-short", Error, "RFC 8301 §3.2",
        "This RSA key is {bits} bits. RFC 8301 forbids keys under 1024 bits: verifiers must not accept them, and keys this small can be factored.",
        "Generate a 2048-bit key, publish it under a new selector, switch your signer to it, then remove this one.";
    /// RSA modulus from 1024 to 2047 bits.
    RsaWeak = "dkim-rsa-weak", Warning, "RFC 8301 §3.2",
        "This RSA key is {bits} bits. Verifiers still accept it, but RFC 8301 asks signers for at least 2048 bits, and 1024-bit RSA is within reach of well-funded attackers.",
        "Generate a 2048-bit key under a new selector and rotate to it; the record then needs splitting into several strings (see dkim-long-record).";
    /// A bare PKCS#1 key instead of SubjectPublicKeyInfo.
    RsaPkcs1 = "dkim-rsa-pkcs1", Warning, "RFC 6376 §3.6.1",
        "The key is a bare PKCS#1 RSAPublicKey rather than the SubjectPublicKeyInfo that nearly every signer publishes. RFC 6376's text allows it, but verifiers built on SubjectPublicKeyInfo parsing reject it.",
        "Publish the SubjectPublicKeyInfo form instead (openssl rsa -pubout prints it; its base64 usually starts with MIGf or MIIB).";
    /// An Ed25519 key that is not 32 raw bytes.
    Ed25519Form = "dkim-ed25519-form", Error, "RFC 8463 §4.2",
        "An Ed25519 key in p= must be exactly the 32 bytes of the public key, but {detail}. Verifiers reject it.",
        "Publish only the raw 32-byte key in base64 (44 characters ending in =).";
    /// `k` is not a known key type.
    KeyTypeUnknown = "dkim-key-type-unknown", Error, "RFC 6376 §3.6.1; RFC 8463 §5",
        "k={value} is not a key type verifiers know; only rsa and ed25519 are defined. Verifiers ignore a key of unknown type, so signatures with this selector fail.",
        "Use k=rsa for an RSA key or k=ed25519 for an Ed25519 key.";
    /// `k` does not match the key in `p`.
    KeyTypeMismatch = "dkim-key-type-mismatch", Error, "RFC 6376 §3.6.1; RFC 8463 §4.2",
        "The record declares a {declared} key{implicit}, but p= holds an {found} key. Verifiers read the key as {declared} and every signature fails.",
        "Set k={found}, or publish the {declared} key this selector is meant to have.";
    /// `h` lists `sha1`.
    HashSha1 = "dkim-hash-sha1", Error, "RFC 8301 §3.1",
        "h lists sha1. RFC 8301 forbids signing with rsa-sha1 and tells verifiers to treat such signatures as failed. {detail}",
        "Use h=sha256, or remove h (every algorithm is then allowed, and verifiers only accept sha256).";
    /// `h` lists an algorithm nobody knows.
    HashUnknown = "dkim-hash-unknown", Warning, "RFC 6376 §3.6.1",
        "{value} is not a hash algorithm verifiers know; they ignore it. Only sha256 is usable today.",
        "Write h=sha256, or remove h.";
    /// `s` excludes email.
    ServiceNotEmail = "dkim-service-not-email", Error, "RFC 6376 §3.6.1",
        "s={value} does not include email or *, so the key may not be used for email and verifiers reject signatures made with it.",
        "Remove s (the default is *), or write s=email.";
    /// `t=y`.
    Testing = "dkim-testing", Warning, "RFC 6376 §3.6.1",
        "t=y marks the domain as testing DKIM: verifiers must treat signed mail no differently from unsigned mail, so a failing signature costs nothing, and a passing one may count for nothing either.",
        "Remove y from t once signing works, so DKIM (and DMARC through it) counts in full.";
    /// `t=s`.
    StrictIdentity = "dkim-strict-identity", Info, "RFC 6376 §3.6.1",
        "t=s requires the i= domain of a signature to be exactly the d= domain, not a subdomain of it; signatures with an i= in a subdomain fail.",
        "Keep t=s if your signers never set i= to a subdomain; otherwise remove s.";
    /// A `t` flag that is neither `y` nor `s`.
    FlagUnknown = "dkim-flag-unknown", Info, "RFC 6376 §3.6.1",
        "{value} is not a defined flag; verifiers ignore it. Only y (testing) and s (strict identity) exist.",
        "Remove {value} from t.";
    /// `g`, from RFC 4871.
    GranularityObsolete = "dkim-granularity-obsolete", Warning, "RFC 4871 §3.6.1",
        "g (key granularity) was defined by RFC 4871 and dropped by RFC 6376. Current verifiers ignore it, while old ones may still reject signatures whose local part does not match it.",
        "Remove the g tag.";
    /// The same tag twice.
    TagDuplicate = "dkim-tag-duplicate", Error, "RFC 6376 §3.2",
        "The {tag} tag appears more than once. RFC 6376 makes a tag list with a repeated tag invalid as a whole, so verifiers may discard the key and fail every signature.",
        "Keep one {tag} tag with the value you mean.";
    /// A tag DKIM does not define.
    TagUnknown = "dkim-tag-unknown", Info, "RFC 6376 §3.2",
        "{tag} is not a DKIM key tag; verifiers ignore tags they do not know, so it has no effect.",
        "Remove {tag}, or correct its name{suggestion}.";
    /// A known tag written in another case.
    TagCase = "dkim-tag-case", Error, "RFC 6376 §3.2",
        "Tag names are case-sensitive, so {tag} is not the {lower} tag: verifiers ignore it as unknown.",
        "Write {lower} in lower case.";
    /// A tag value that only differs by case.
    ValueCase = "dkim-value-case", Warning, "RFC 6376 §3.2",
        "{tag}={value} is not in lower case. DKIM values are case-sensitive unless a tag says otherwise, so verifiers that compare exactly do not recognise it.",
        "Write {tag}={lower}.";
    /// Something that is not `name=value`.
    TagSyntax = "dkim-tag-syntax", Error, "RFC 6376 §3.2",
        "\"{text}\" is not a tag: a DKIM tag is a name of letters, digits and underscores, then =, then a value. A malformed tag list is invalid and verifiers may discard the whole key.",
        "Write it as name=value, or remove it.";
    /// `;;`.
    EmptyTerm = "dkim-empty-term", Warning, "RFC 6376 §3.2",
        "There is an empty tag between two semicolons. The grammar allows one semicolon between tags and one at the end; strict verifiers reject the record.",
        "Remove the extra semicolon.";
    /// Characters outside printable ASCII and folding whitespace.
    NonAscii = "dkim-non-ascii", Error, "RFC 6376 §3.2",
        "The record contains {what}, which the tag-list grammar does not allow.",
        "Retype that part by hand; smart quotes and non-breaking spaces copied from documents or chat are the usual cause.";
    /// A known tag with an empty value.
    ValueEmpty = "dkim-value-empty", Warning, "RFC 6376 §3.6.1",
        "The {tag} tag has no value, which its grammar does not allow; verifiers ignore it or reject the record. Without it the default is {default}.",
        "Give {tag} a value, or remove the tag.";
    /// Longer than one DNS string.
    LongRecord = "dkim-long-record", Info, "RFC 6376 §3.6.2.2",
        "The record is {len} bytes, longer than the 255 bytes one DNS character-string can hold (as 2048-bit keys are). Verifiers join the strings of a TXT record, so it must be published as several strings.",
        "Split it into strings of at most 255 bytes in one TXT record, in zone-file form: \"first 255 bytes\" \"the rest\". Many DNS dashboards split long values for you; do not add separators or spaces at the cut.";
    }
}
