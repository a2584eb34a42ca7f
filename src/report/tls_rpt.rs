//! TLS-RPT reports (RFC 8460 JSON) (in progress).
