//! tls_rpt records: grammar, rules and explanation (in progress).
