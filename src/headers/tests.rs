//! Rule and alignment tests.
