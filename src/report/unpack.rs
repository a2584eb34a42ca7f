//! Unpacking: gzip, zip, report e-mails and mbox, within size limits (in progress).
