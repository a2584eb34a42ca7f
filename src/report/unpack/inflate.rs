//! Raw deflate (RFC 1951) into a bounded buffer, and CRC-32 (RFC 1952 §8).
//!
//! The output buffer grows by doubling, never past what the limits still
//! allow, and the expansion ratio is checked after every step once the
//! output passes [`RATIO_FLOOR`], so a decompression bomb is stopped after
//! at most a few megabytes of work, whatever it claims.

use miniz_oxide::inflate::core::{decompress, inflate_flags, DecompressorOxide};
use miniz_oxide::inflate::TINFLStatus;

/// Output below this size is never refused for its ratio: tiny files can
/// compress extremely well (a few bytes of header against nothing).
pub(crate) const RATIO_FLOOR: u64 = 1 << 20;

/// The first buffer size tried.
const START: usize = 64 * 1024;

/// The limits one inflate works within.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Meter {
    /// Output bytes this stream may still produce.
    pub remaining_output: u64,
    /// Most output bytes per input byte.
    pub max_ratio: u64,
    /// Output and input of earlier parts of the same stream (earlier gzip
    /// members), counted into the ratio.
    pub prior_output: u64,
    /// See `prior_output`.
    pub prior_input: u64,
}

/// How an inflate ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum End {
    /// The stream ended after `consumed` input bytes.
    Done {
        /// Input bytes the deflate stream took.
        consumed: usize,
    },
    /// The data is not valid deflate.
    Corrupt(&'static str),
    /// The input ends inside the stream.
    Truncated,
    /// The output passed `remaining_output`.
    OverOutput,
    /// The output grew more than `max_ratio` times the input.
    OverRatio {
        /// Output so far (with earlier members).
        output: u64,
        /// Input so far (with earlier members).
        input: u64,
    },
}

/// Inflates the raw deflate stream at the start of `input`.
pub(crate) fn inflate(input: &[u8], meter: Meter) -> (Vec<u8>, End) {
    let cap = usize::try_from(meter.remaining_output).unwrap_or(usize::MAX);
    let first = input.len().saturating_mul(4).clamp(START.min(cap.max(1)), START.max(1)).min(cap);
    let mut out: Vec<u8> = vec![0; first];
    let mut state = Box::<DecompressorOxide>::default();
    let flags = inflate_flags::TINFL_FLAG_USING_NON_WRAPPING_OUTPUT_BUF;
    let mut consumed = 0usize;
    let mut out_pos = 0usize;
    loop {
        let rest = input.get(consumed..).unwrap_or(&[]);
        let (status, used, written) = decompress(&mut state, rest, &mut out, out_pos, flags);
        consumed = consumed.saturating_add(used).min(input.len());
        out_pos = out_pos.saturating_add(written).min(out.len());
        let output = meter.prior_output.saturating_add(out_pos as u64);
        let taken = meter.prior_input.saturating_add(consumed as u64).max(1);
        if output > RATIO_FLOOR && output / taken > meter.max_ratio {
            out.truncate(out_pos);
            return (out, End::OverRatio { output, input: taken });
        }
        match status {
            TINFLStatus::Done => {
                out.truncate(out_pos);
                return (out, End::Done { consumed });
            }
            TINFLStatus::HasMoreOutput => {
                if out.len() >= cap {
                    out.truncate(out_pos);
                    return (out, End::OverOutput);
                }
                let grown = out.len().saturating_mul(2).max(1).min(cap);
                out.resize(grown, 0);
            }
            TINFLStatus::FailedCannotMakeProgress | TINFLStatus::NeedsMoreInput => {
                out.truncate(out_pos);
                return (out, End::Truncated);
            }
            other => {
                out.truncate(out_pos);
                let detail = match other {
                    TINFLStatus::BadParam => "the decompressor was misused",
                    TINFLStatus::Adler32Mismatch => "a checksum does not match",
                    _ => "a block is malformed (bad block type, code lengths or distance)",
                };
                return (out, End::Corrupt(detail));
            }
        }
    }
}

/// The CRC-32 table (ISO 3309 polynomial, reflected), built at compile time.
const CRC_TABLE: [u32; 256] = {
    let mut table = [0u32; 256];
    let mut n = 0;
    while n < 256 {
        let mut c = n as u32;
        let mut k = 0;
        while k < 8 {
            c = if c & 1 != 0 { 0xedb8_8320 ^ (c >> 1) } else { c >> 1 };
            k += 1;
        }
        table[n] = c;
        n += 1;
    }
    table
};

/// CRC-32 as gzip and zip use it (RFC 1952 §8).
pub(crate) fn crc32(bytes: &[u8]) -> u32 {
    let mut c = 0xffff_ffffu32;
    for &b in bytes {
        let index = usize::from((c as u8) ^ b);
        c = CRC_TABLE.get(index).copied().unwrap_or(0) ^ (c >> 8);
    }
    c ^ 0xffff_ffff
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc32_known_value() {
        assert_eq!(crc32(b"123456789"), 0xcbf4_3926);
        assert_eq!(crc32(b""), 0);
    }

    #[test]
    fn inflate_round_trip_and_limits() {
        let data = b"hello hello hello hello".repeat(1000);
        let packed = miniz_oxide::deflate::compress_to_vec(&data, 6);
        let meter = Meter { remaining_output: 1 << 30, max_ratio: 1000, prior_output: 0, prior_input: 0 };
        let (out, end) = inflate(&packed, meter);
        assert_eq!(end, End::Done { consumed: packed.len() });
        assert_eq!(out, data);
        let (_, end) = inflate(&packed, Meter { remaining_output: 100, ..meter });
        assert_eq!(end, End::OverOutput);
        let (_, end) = inflate(&packed[..packed.len() / 2], meter);
        assert_eq!(end, End::Truncated);
    }
}
