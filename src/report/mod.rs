//! Reports receivers send: DMARC aggregate reports (RFC 7489 Appendix C,
//! RFC 9990), TLS-RPT reports (RFC 8460) and failure reports (ARF, RFC
//! 9991), and the containers they arrive in (gzip, zip, e-mail).

pub mod aggregate;
pub mod batch;
pub mod export;
pub mod failure;
pub mod mime;
pub mod render;
pub mod summary;
pub mod tls_rpt;
pub mod unpack;
