//! E-mail messages and MIME parts, as report e-mails arrive (in progress).
