//! The rules' words for message headers and DMARC alignment (RFC 8601, RFC 9989).

catalogue! {
    /// Rules for message headers and DMARC alignment (RFC 8601, RFC 9989).
    pub enum HeadersCode as Headers {
    }
}
