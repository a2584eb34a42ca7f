//! The rules' words for TLS-RPT reports (RFC 8460). Codes start with `tls-report-`.

catalogue! {
    /// Rules for TLS-RPT reports (RFC 8460).
    pub enum TlsReportCode as TlsReport {
    }
}
