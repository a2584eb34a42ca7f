//! The rules' words for MTA-STS records and policy files (RFC 8461).

catalogue! {
    /// Rules for MTA-STS records and policy files (RFC 8461).
    pub enum MtaStsCode as MtaSts {
    }
}
