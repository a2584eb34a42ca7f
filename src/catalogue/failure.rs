//! The rules' words for failure reports (ARF, RFC 9991). Codes start with `failure-`.

catalogue! {
    /// Rules for failure reports (ARF, RFC 9991).
    pub enum FailureCode as Failure {
    }
}
