//! DKIM key records: the TXT value at `<selector>._domainkey.<domain>`
//! (RFC 6376 §3.6.1), with RFC 8301 (no sha1, no RSA under 1024 bits) and
//! RFC 8463 (Ed25519 keys).
//!
//! [`parse`] turns the value into a typed [`DkimRecord`] plus diagnostics;
//! [`explain`] adds the tag table and a corrected record; [`key_info`]
//! reports the algorithm and size of the key in `p=`, read with a small,
//! bounded DER reader (no cryptography).
//!
//! ```text
//! key-v-tag = %x76 [FWS] "=" [FWS] %x44.4B.49.4D.31          ; v=DKIM1
//! key-h-tag = %x68 [FWS] "=" [FWS] key-h-tag-alg *( [FWS] ":" [FWS] key-h-tag-alg )
//! key-k-tag = %x6b [FWS] "=" [FWS] key-k-tag-type           ; rsa / ed25519
//! key-n-tag = %x6e [FWS] "=" [FWS] qp-section
//! key-p-tag = %x70 [FWS] "=" [ [FWS] base64string ]
//! key-s-tag = %x73 [FWS] "=" [FWS] key-s-tag-type *( [FWS] ":" [FWS] key-s-tag-type )
//! key-t-tag = %x74 [FWS] "=" [FWS] key-t-tag-flag *( [FWS] ":" [FWS] key-t-tag-flag )
//! ```
//!
//! ```
//! use dmarc_lens::record::dkim::{explain, key_info, parse};
//! let value = "v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=";
//! let (record, diagnostics) = parse(value);
//! assert!(diagnostics.is_empty());
//! let key = key_info(&record).unwrap();
//! assert_eq!((key.algorithm, key.bits), ("ed25519", 256));
//! assert!(explain(value).corrected.is_none());
//! ```

mod explain;
mod key;
mod lint;
pub(crate) mod tag_list;

use serde::Serialize;

use crate::diag::Diagnostic;
use crate::record::Explained;

pub use crate::record::dmarc::{Spanned, Tag};
pub use key::KeyForm;

/// The key type of `k=`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum KeyType {
    /// `rsa`, the default.
    Rsa,
    /// `ed25519` (RFC 8463).
    Ed25519,
}

impl KeyType {
    /// `rsa` or `ed25519`.
    pub const fn as_str(self) -> &'static str {
        match self {
            KeyType::Rsa => "rsa",
            KeyType::Ed25519 => "ed25519",
        }
    }
}

/// A DKIM key record as a verifier understands it.
///
/// Only the first occurrence of a repeated tag is read; values that do not
/// parse are `None` and a diagnostic says why.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DkimRecord {
    /// Whether the version is acceptable: `v` absent, or first and exactly
    /// `DKIM1`.
    pub valid_version: bool,
    /// `h`, lower case, as listed.
    pub hash_algorithms: Option<Spanned<Vec<String>>>,
    /// `k`, when it names a known key type.
    pub key_type: Option<Spanned<KeyType>>,
    /// `n`.
    pub notes: Option<Spanned<String>>,
    /// `p` as written (folding whitespace included).
    pub public_key: Option<Spanned<String>>,
    /// The bytes of `p` when it is valid base64.
    pub key_bytes: Option<Vec<u8>>,
    /// What the bytes of `p` hold, when they decode.
    pub key_form: Option<KeyForm>,
    /// `s`, lower case.
    pub service_types: Option<Spanned<Vec<String>>>,
    /// `t`, lower case.
    pub flags: Option<Spanned<Vec<String>>>,
    /// `g` (obsolete).
    pub granularity: Option<Spanned<String>>,
    /// Every `name=value` tag, in order, as written.
    pub tags: Vec<Tag>,
}

impl DkimRecord {
    /// The key type verifiers use: `k`, or `rsa` when absent.
    pub fn effective_key_type(&self) -> KeyType {
        self.key_type.as_ref().map_or(KeyType::Rsa, |k| k.value)
    }

    /// Whether `p=` is present and empty: the key is revoked.
    pub fn is_revoked(&self) -> bool {
        self.public_key.as_ref().is_some_and(|p| p.value.trim_matches(tag_list::is_fws).is_empty())
    }

    /// Whether the flag `flag` (`y` or `s`) is set in `t`.
    pub fn has_flag(&self, flag: &str) -> bool {
        self.flags.as_ref().is_some_and(|t| t.value.iter().any(|f| f == flag))
    }

    /// Whether `t=y` (testing mode) is set.
    pub fn is_testing(&self) -> bool {
        self.has_flag("y")
    }

    /// The first tag named exactly `name`, as written.
    pub fn tag(&self, name: &str) -> Option<&Tag> {
        self.tags.iter().find(|t| t.name == name)
    }
}

/// The algorithm and size of a published key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct KeyInfo {
    /// `rsa` or `ed25519`.
    pub algorithm: &'static str,
    /// The RSA modulus size, or 256 for Ed25519.
    pub bits: u32,
}

/// The algorithm and size of the key in `p=`, when it decodes to an RSA key
/// (SubjectPublicKeyInfo or bare RSAPublicKey) or an Ed25519 key.
pub fn key_info(record: &DkimRecord) -> Option<KeyInfo> {
    match record.key_form? {
        KeyForm::RsaSpki { bits } | KeyForm::RsaPkcs1 { bits } => Some(KeyInfo { algorithm: "rsa", bits }),
        KeyForm::Ed25519 | KeyForm::Ed25519Spki => Some(KeyInfo { algorithm: "ed25519", bits: 256 }),
        KeyForm::Unknown => None,
    }
}

/// Parses a DKIM key record and checks it against every rule.
///
/// Never fails: whatever the input, the result is a record (possibly with
/// nothing understood) and diagnostics, by severity then position.
pub fn parse(value: &str) -> (DkimRecord, Vec<Diagnostic>) {
    lint::check(value)
}

/// Explains a DKIM key record: diagnostics, one row per tag (written tags in
/// order, then the meaningful absent ones with their defaults), and the
/// record with mechanical fixes applied when there are any.
pub fn explain(value: &str) -> Explained {
    let (record, diagnostics) = parse(value);
    let corrected = lint::corrected(value, &record, &diagnostics);
    Explained { tags: explain::tags(&record), diagnostics, corrected }
}

#[cfg(test)]
pub(crate) mod tests;
