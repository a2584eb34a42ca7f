//! The rules' words for SPF records (RFC 7208).

catalogue! {
    /// Rules for SPF records (RFC 7208).
    pub enum SpfCode as Spf {
    /// Nothing was given.
    Empty = "spf-empty", Error, "RFC 7208 §4.5",
        "The record is empty.",
        "Paste the TXT value published at your domain that starts with v=spf1, for example: v=spf1 mx -all";
    /// The record does not start with `v=spf1` at all.
    VersionMissing = "spf-version-missing", Error, "RFC 7208 §4.5",
        "The record does not start with v=spf1. Receivers only select TXT records that begin with exactly that, so they ignore this one and the domain has no SPF policy.",
        "Begin the record with v=spf1 followed by a space, for example: v=spf1 mx -all";
    /// Something like `v=spf2`, `v=spf1a` or `spf1` where `v=spf1` belongs.
    VersionInvalid = "spf-version-invalid", Error, "RFC 7208 §4.5",
        "The record starts with \"{value}\" instead of v=spf1. Receivers only select records whose first word is exactly v=spf1, so they ignore this one and the domain has no SPF policy.",
        "Write v=spf1 as the first word, followed by a space.";
    /// `V=SPF1` and other case variants.
    VersionCase = "spf-version-case", Warning, "RFC 7208 §4.5",
        "The version is written \"{value}\". The grammar compares it without regard to case, but some receivers and checkers look for exactly v=spf1 and skip the record.",
        "Write v=spf1 in lower case.";
    /// Whitespace before `v=spf1`.
    LeadingSpace = "spf-leading-space", Error, "RFC 7208 §4.5",
        "The record starts with whitespace. Receivers select records that begin with exactly v=spf1, so they ignore this one.",
        "Remove the whitespace before v=spf1.";
    /// Tabs or line breaks between terms.
    Whitespace = "spf-whitespace", Error, "RFC 7208 §4.6.1",
        "Terms are separated by {what}. The grammar only allows spaces between terms, so receivers treat the record as a syntax error (permerror).",
        "Separate terms with plain spaces.";
    /// A character outside printable ASCII.
    NonAscii = "spf-non-ascii", Error, "RFC 7208 §4.6.1",
        "The record contains {what}, which the grammar does not allow: SPF records are printable ASCII only. Receivers return permerror.",
        "Retype that part by hand; smart quotes, non-breaking spaces and characters copied from documents or chat are the usual cause.";
    /// A term that matches no grammar rule.
    TermSyntax = "spf-term-syntax", Error, "RFC 7208 §4.6.1",
        "\"{term}\" is not a valid term: {why}. A syntax error anywhere in the record makes receivers return permerror for all of it.",
        "{fix}";
    /// A mechanism name SPF does not define.
    MechanismUnknown = "spf-mechanism-unknown", Error, "RFC 7208 §5",
        "{name} is not an SPF mechanism. Receivers return permerror for a record with an unknown mechanism.",
        "Use one of all, include, a, mx, ptr, ip4, ip6 or exists{suggestion}.";
    /// `include:` and friends with nothing after the colon.
    DomainEmpty = "spf-domain-empty", Error, "RFC 7208 §4.6.1",
        "{term} has no domain after {sep}. The grammar needs a domain there, so receivers return permerror.",
        "Write the domain after {sep}, or remove the term.";
    /// A domain-spec that does not end in a valid top label.
    DomainInvalid = "spf-domain-invalid", Error, "RFC 7208 §7.1",
        "\"{domain}\" is not a usable domain: {why}. Receivers return permerror.",
        "Write a fully qualified domain name such as _spf.example.com.";
    /// An address that does not parse.
    IpInvalid = "spf-ip-invalid", Error, "RFC 7208 §5.6",
        "\"{value}\" is not a valid {family} address. Receivers return permerror.",
        "{fix}";
    /// A prefix length out of range or written with a leading zero.
    CidrInvalid = "spf-cidr-invalid", Error, "RFC 7208 §5.6",
        "The prefix length {value} is not valid for {family}: it must be a whole number from 0 to {max}, without leading zeros. Receivers return permerror.",
        "Use a prefix length from 0 to {max}, for example /{example}.";
    /// A `%` that does not start a valid macro.
    MacroInvalid = "spf-macro-invalid", Error, "RFC 7208 §7.1",
        "This % does not start a valid macro: {why}. Receivers return permerror.",
        "Write a literal percent sign as %%, or a macro as %{ followed by one of the letters s l o d i p h v and }.";
    /// `%{c}`, `%{r}` or `%{t}` outside an explanation.
    MacroExpOnly = "spf-macro-exp-only", Error, "RFC 7208 §7.2",
        "The macro {macro} may only appear in explanation text (the TXT record named by exp=), not in the SPF record. Receivers return permerror.",
        "Remove the macro, or use one of s l o d i p h v here.";
    /// `redirect=` or `exp=` twice.
    ModifierDuplicate = "spf-modifier-duplicate", Error, "RFC 7208 §6",
        "{name}= appears more than once. The modifier may appear only once, and receivers return permerror for the whole record.",
        "Keep one {name}= with the domain you mean.";
    /// A modifier SPF does not define.
    ModifierUnknown = "spf-modifier-unknown", Info, "RFC 7208 §6",
        "{name}= is not an SPF modifier. Receivers ignore modifiers they do not know, so it has no effect{hint}.",
        "Remove {name}= unless a tool you use reads it.";
    /// Mechanisms after `all`.
    AfterAll = "spf-after-all", Warning, "RFC 7208 §5.1",
        "{term} comes after all, which always matches, so receivers never evaluate it.",
        "Move it before all, or remove it.";
    /// `redirect=` with an `all` mechanism.
    RedirectWithAll = "spf-redirect-with-all", Warning, "RFC 7208 §6.1",
        "redirect= is ignored because the record has an all mechanism: receivers only follow redirect when no mechanism matches, and all always matches.",
        "Remove either all or the redirect, whichever you do not mean.";
    /// `+all` (or a bare `all`).
    PassAll = "spf-pass-all", Error, "RFC 7208 §5.1",
        "{term} authorizes every host on the Internet to send mail as this domain, so SPF protects nothing.",
        "End the record with -all (or ~all while you are still testing).";
    /// `?all`.
    NeutralAll = "spf-neutral-all", Warning, "RFC 7208 §5.1, §8.2",
        "?all gives a neutral result for every host not listed: the domain makes no statement about them, so receivers treat them as if there were no SPF record.",
        "End the record with -all (or ~all while you are still testing).";
    /// No `all` and no `redirect=`.
    NoAll = "spf-no-all", Info, "RFC 7208 §4.7",
        "The record has neither an all mechanism nor a redirect, so hosts it does not list get neutral, which says nothing about them.",
        "End the record with -all (or ~all while you are still testing).";
    /// `ptr`.
    Ptr = "spf-ptr", Warning, "RFC 7208 §5.5",
        "{term} should not be used: it is slow, unreliable (reverse DNS is often missing) and loads the DNS servers of the address owner. Large receivers may skip it, and it still costs a lookup.",
        "List the addresses with ip4:/ip6: or a/mx instead.";
    /// More than 10 DNS-querying terms.
    TooManyLookups = "spf-too-many-lookups", Error, "RFC 7208 §4.6.4",
        "The record has {count} terms that query DNS; receivers stop at 10 and return permerror, so SPF fails for all mail.",
        "Replace a, mx and include terms by ip4:/ip6: ranges where you can, or remove senders you no longer use.";
    /// Includes and redirects whose own lookups count too.
    LookupsNested = "spf-lookups-nested", Info, "RFC 7208 §4.6.4",
        "This record alone costs {count} of the 10 DNS lookups, but every include and redirect adds the lookups of the record it points to.",
        "Check the whole tree with a live lookup of the domain (the Domain page).";
    /// A value too long for a single DNS character-string.
    StringTooLong = "spf-string-too-long", Warning, "RFC 7208 §3.3",
        "The record is {len} bytes long, but one DNS character-string holds at most 255. It must be published as several strings in one TXT record, which receivers join without spaces.",
        "Split the value into quoted strings of at most 255 bytes in one TXT record, for example \"v=spf1 ... \" \"ip4:... -all\".";
    /// A record longer than about 450 bytes.
    RecordTooLong = "spf-record-too-long", Warning, "RFC 7208 §3.4",
        "The record is {len} bytes long. Answers this large may not fit in a UDP DNS packet, and some resolvers and receivers fail to fetch them.",
        "Keep the record under 450 bytes: merge ranges, or move groups of senders into includes.";
    /// The same term twice.
    TermDuplicate = "spf-term-duplicate", Warning, "RFC 7208 §4.6",
        "{term} appears more than once. Receivers evaluate left to right, so the repeat never changes the result{cost}.",
        "Remove the repeated term.";
    }
}
