//! Failure reports (ARF, RFC 5965 / RFC 6591 / RFC 9991) (in progress).
