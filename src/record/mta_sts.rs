//! mta_sts records: grammar, rules and explanation (in progress).
