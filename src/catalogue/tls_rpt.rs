//! The rules' words for TLS-RPT records (RFC 8460).

catalogue! {
    /// Rules for TLS-RPT records (RFC 8460).
    pub enum TlsRptCode as TlsRpt {
    }
}
