//! bimi records: grammar, rules and explanation (in progress).
