//! The rules' words for DMARC aggregate reports (RFC 7489 Appendix C, RFC 9990). Codes start with `aggregate-`.

catalogue! {
    /// Rules for DMARC aggregate reports (RFC 7489 Appendix C, RFC 9990).
    pub enum AggregateCode as Aggregate {
    }
}
