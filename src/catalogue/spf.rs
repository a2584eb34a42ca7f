//! The rules' words for SPF records (RFC 7208).

catalogue! {
    /// Rules for SPF records (RFC 7208).
    pub enum SpfCode as Spf {
    }
}
