//! The rules' words for BIMI records.

catalogue! {
    /// Rules for BIMI records.
    pub enum BimiCode as Bimi {
    }
}
