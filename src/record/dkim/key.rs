//! The `p=` public key: base64 (with folding whitespace) and a minimal,
//! bounded DER reader, enough to tell an RSA key's modulus size and an
//! Ed25519 key apart. No cryptography: nothing here verifies anything.
//!
//! RFC 6376 §3.6.1 names the DER `RSAPublicKey` for `k=rsa`, but its own
//! examples and nearly every signer publish a `SubjectPublicKeyInfo`
//! wrapping one; both are read. RFC 8463 §4.2 makes an Ed25519 key the raw
//! 32 bytes.

use crate::diag::Span;

/// Why `p=` does not decode as base64.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Base64Error {
    /// Characters outside the base64 alphabet (each run with its span).
    BadCharacters(Vec<Span>),
    /// `=` padding followed by more data (its span).
    PaddingInside(Span),
    /// A length that cannot be base64 (one character too many or too few).
    Truncated,
}

fn sextet(b: u8) -> Option<u32> {
    match b {
        b'A'..=b'Z' => Some(u32::from(b - b'A')),
        b'a'..=b'z' => Some(u32::from(b - b'a') + 26),
        b'0'..=b'9' => Some(u32::from(b - b'0') + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    }
}

/// Decodes `text` (the `p=` value, which starts at byte `offset` of the
/// record), skipping folding whitespace. Spans in errors index the record.
pub(crate) fn decode_base64(text: &str, offset: usize) -> Result<Vec<u8>, Base64Error> {
    let mut bad: Vec<Span> = Vec::new();
    let mut sextets: Vec<u32> = Vec::with_capacity(text.len());
    let mut padding: Option<Span> = None;
    let mut padding_inside: Option<Span> = None;
    for (i, c) in text.char_indices() {
        let span = Span::new(offset + i, offset + i + c.len_utf8());
        if matches!(c, ' ' | '\t' | '\r' | '\n') {
            continue;
        }
        if c == '=' {
            padding = Some(padding.map_or(span, |p| p.join(span)));
            continue;
        }
        let value = u8::try_from(c).ok().and_then(sextet);
        match value {
            Some(v) => {
                if let (Some(p), None) = (padding, padding_inside) {
                    padding_inside = Some(p);
                }
                sextets.push(v);
            }
            None => match bad.last_mut() {
                Some(last) if last.end == span.start => last.end = span.end,
                _ => bad.push(span),
            },
        }
    }
    if !bad.is_empty() {
        return Err(Base64Error::BadCharacters(bad));
    }
    if let Some(span) = padding_inside {
        return Err(Base64Error::PaddingInside(span));
    }
    if sextets.len() % 4 == 1 {
        return Err(Base64Error::Truncated);
    }
    let mut out = Vec::with_capacity(sextets.len() * 3 / 4);
    for chunk in sextets.chunks(4) {
        let word = chunk.iter().enumerate().fold(0u32, |acc, (i, s)| acc | (s << (18 - 6 * i)));
        let bytes = word.to_be_bytes();
        let take = chunk.len().saturating_sub(1);
        out.extend(bytes.iter().skip(1).take(take));
    }
    Ok(out)
}

/// One DER element: its tag byte and its contents.
struct Tlv<'a> {
    tag: u8,
    content: &'a [u8],
}

const SEQUENCE: u8 = 0x30;
const INTEGER: u8 = 0x02;
const BIT_STRING: u8 = 0x03;
const OID: u8 = 0x06;
const NULL: u8 = 0x05;

/// 1.2.840.113549.1.1.1, rsaEncryption.
const RSA_ENCRYPTION: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];
/// 1.3.101.112, id-Ed25519.
const ED25519: &[u8] = &[0x2b, 0x65, 0x70];

/// Reads one element at the start of `input`: single-byte tags, definite
/// lengths of up to four bytes. Returns it and what follows.
fn read(input: &[u8]) -> Option<(Tlv<'_>, &[u8])> {
    let tag = *input.first()?;
    if tag & 0x1f == 0x1f {
        return None;
    }
    let first = *input.get(1)?;
    let (len, header) = if first < 0x80 {
        (usize::from(first), 2)
    } else {
        let count = usize::from(first & 0x7f);
        if count == 0 || count > 4 {
            return None; // indefinite or absurd
        }
        let bytes = input.get(2..2 + count)?;
        (bytes.iter().fold(0usize, |acc, b| (acc << 8) | usize::from(*b)), 2 + count)
    };
    let end = header.checked_add(len)?;
    let content = input.get(header..end)?;
    let rest = input.get(end..)?;
    Some((Tlv { tag, content }, rest))
}

/// Reads one element of type `tag`.
fn expect(input: &[u8], tag: u8) -> Option<(&[u8], &[u8])> {
    let (tlv, rest) = read(input)?;
    (tlv.tag == tag).then_some((tlv.content, rest))
}

/// The size in bits of a DER INTEGER's magnitude.
fn integer_bits(content: &[u8]) -> u32 {
    let significant: &[u8] = match content.iter().position(|b| *b != 0) {
        Some(at) => content.get(at..).unwrap_or(&[]),
        None => &[],
    };
    match significant.first() {
        Some(first) => {
            let whole = u32::try_from(significant.len() - 1).unwrap_or(u32::MAX / 8);
            whole.saturating_mul(8).saturating_add(8 - first.leading_zeros())
        }
        None => 0,
    }
}

/// `RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER }`,
/// filling exactly `input`. Returns the modulus size in bits.
fn rsa_public_key(input: &[u8]) -> Option<u32> {
    let (body, rest) = expect(input, SEQUENCE)?;
    if !rest.is_empty() {
        return None;
    }
    let (modulus, after) = expect(body, INTEGER)?;
    let (exponent, after) = expect(after, INTEGER)?;
    (after.is_empty() && !exponent.is_empty() && !modulus.is_empty()).then(|| integer_bits(modulus))
}

/// What `p=` holds once decoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyForm {
    /// A `SubjectPublicKeyInfo` with rsaEncryption, as nearly every signer
    /// publishes.
    RsaSpki {
        /// The modulus size.
        bits: u32,
    },
    /// A bare PKCS#1 `RSAPublicKey`.
    RsaPkcs1 {
        /// The modulus size.
        bits: u32,
    },
    /// 32 raw bytes: an Ed25519 key as RFC 8463 defines it.
    Ed25519,
    /// An Ed25519 key wrapped in a `SubjectPublicKeyInfo`, which RFC 8463
    /// does not allow.
    Ed25519Spki,
    /// None of these.
    Unknown,
}

impl KeyForm {
    /// `rsa` or `ed25519`, when known.
    pub const fn algorithm(self) -> Option<&'static str> {
        match self {
            KeyForm::RsaSpki { .. } | KeyForm::RsaPkcs1 { .. } => Some("rsa"),
            KeyForm::Ed25519 | KeyForm::Ed25519Spki => Some("ed25519"),
            KeyForm::Unknown => None,
        }
    }
}

/// `SubjectPublicKeyInfo ::= SEQUENCE { algorithm SEQUENCE { OID, params },
/// subjectPublicKey BIT STRING }`, filling exactly `input`.
fn spki(input: &[u8]) -> Option<KeyForm> {
    let (body, rest) = expect(input, SEQUENCE)?;
    if !rest.is_empty() {
        return None;
    }
    let (algorithm, after) = expect(body, SEQUENCE)?;
    let (bits, after) = expect(after, BIT_STRING)?;
    if !after.is_empty() {
        return None;
    }
    let (oid, params) = expect(algorithm, OID)?;
    let params_ok =
        params.is_empty() || expect(params, NULL).is_some_and(|(c, r)| c.is_empty() && r.is_empty());
    let (unused, key) = bits.split_first()?;
    if *unused != 0 || !params_ok {
        return None;
    }
    if oid == RSA_ENCRYPTION {
        rsa_public_key(key).map(|bits| KeyForm::RsaSpki { bits })
    } else if oid == ED25519 {
        (key.len() == 32 && params.is_empty()).then_some(KeyForm::Ed25519Spki)
    } else {
        None
    }
}

/// What the decoded bytes are. `ed25519_first` tries the raw Ed25519 form
/// before DER (when `k=ed25519` says so).
pub(crate) fn classify(bytes: &[u8], ed25519_first: bool) -> KeyForm {
    if ed25519_first && bytes.len() == 32 {
        return KeyForm::Ed25519;
    }
    if let Some(form) = spki(bytes) {
        return form;
    }
    if let Some(bits) = rsa_public_key(bytes) {
        return KeyForm::RsaPkcs1 { bits };
    }
    if bytes.len() == 32 {
        return KeyForm::Ed25519;
    }
    KeyForm::Unknown
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_with_whitespace_and_padding() {
        assert_eq!(decode_base64("TWFu", 0), Ok(b"Man".to_vec()));
        assert_eq!(decode_base64("TW\r\n Fu\tTQ==", 0), Ok(b"ManM".to_vec()));
        assert_eq!(decode_base64("TWE=", 0), Ok(b"Ma".to_vec()));
        assert_eq!(decode_base64("TWE", 0), Ok(b"Ma".to_vec()));
        assert_eq!(decode_base64("", 0), Ok(vec![]));
    }

    #[test]
    fn base64_errors_point_at_the_characters() {
        assert_eq!(
            decode_base64("TW!!Fu\"x", 10),
            Err(Base64Error::BadCharacters(vec![Span::new(12, 14), Span::new(16, 17)]))
        );
        assert_eq!(decode_base64("TW==Fu", 0), Err(Base64Error::PaddingInside(Span::new(2, 4))));
        assert_eq!(decode_base64("TWFuT", 0), Err(Base64Error::Truncated));
        assert!(
            matches!(decode_base64("TWé", 0), Err(Base64Error::BadCharacters(s)) if s == [Span::new(2, 4)])
        );
    }

    #[test]
    fn der_reader_is_bounded() {
        assert!(read(&[]).is_none());
        assert!(read(&[0x30]).is_none());
        assert!(read(&[0x30, 0x05, 0x00]).is_none());
        assert!(read(&[0x30, 0x80, 0x00, 0x00]).is_none());
        assert!(read(&[0x30, 0x84, 0xff, 0xff, 0xff, 0xff]).is_none());
        assert!(read(&[0x1f, 0x00]).is_none());
        let (tlv, rest) = read(&[0x02, 0x81, 0x01, 0x7f, 0xaa]).unwrap();
        assert_eq!((tlv.tag, tlv.content, rest), (INTEGER, &[0x7f][..], &[0xaa][..]));
        assert_eq!(classify(&[0x30, 0x03, 0x02, 0x01], false), KeyForm::Unknown);
    }

    #[test]
    fn integer_sizes() {
        assert_eq!(integer_bits(&[0x00, 0x80, 0x00]), 16);
        assert_eq!(integer_bits(&[0x01]), 1);
        assert_eq!(integer_bits(&[0x00]), 0);
        assert_eq!(integer_bits(&[]), 0);
    }
}
