//! The rules' words for DKIM key records (RFC 6376, 8301, 8463).

catalogue! {
    /// Rules for DKIM key records (RFC 6376, 8301, 8463).
    pub enum DkimCode as Dkim {
    }
}
