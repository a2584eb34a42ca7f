//! DNS: the async `Resolver` trait the live checks and SPF evaluation run over, and the answer model (in progress).
