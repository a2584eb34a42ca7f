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
    }
}
