//! gzip (RFC 1952): header flags, members, trailer checks.

use super::inflate::{self, crc32, End, Meter};
use super::Ctx;
use crate::catalogue::UnpackCode;
use crate::diag::Span;

/// Reserved FLG bits (RFC 1952 §2.3.1: must be zero).
const FLG_RESERVED: u8 = 0xe0;
const FHCRC: u8 = 0x02;
const FEXTRA: u8 = 0x04;
const FNAME: u8 = 0x08;
const FCOMMENT: u8 = 0x10;

/// What a gzip header says, and where the compressed data starts.
struct Header {
    /// Offset of the deflate data.
    data: usize,
    /// The original file name (FNAME), if any.
    name: Option<String>,
    /// Whether the header CRC was present and wrong.
    bad_crc: bool,
}

/// Reads the gzip header at the start of `bytes`.
fn header(bytes: &[u8]) -> Result<Header, &'static str> {
    let fixed = bytes.get(..10).ok_or("it is shorter than the 10 bytes every gzip header has")?;
    if fixed.get(..2) != Some(&[0x1f, 0x8b][..]) {
        return Err("the magic bytes 1f 8b are missing");
    }
    if fixed.get(2) != Some(&8) {
        return Err("the compression method is not deflate (8)");
    }
    let flags = fixed.get(3).copied().unwrap_or(0);
    if flags & FLG_RESERVED != 0 {
        return Err("reserved flag bits are set");
    }
    let mut at = 10usize;
    if flags & FEXTRA != 0 {
        let len = bytes.get(at..at + 2).ok_or("the extra field is cut off")?;
        let xlen = usize::from(u16::from_le_bytes([
            len.first().copied().unwrap_or(0),
            len.get(1).copied().unwrap_or(0),
        ]));
        at =
            at.checked_add(2 + xlen).filter(|&end| end <= bytes.len()).ok_or("the extra field is cut off")?;
    }
    let mut name = None;
    if flags & FNAME != 0 {
        let rest = bytes.get(at..).unwrap_or(&[]);
        let nul = rest.iter().position(|&b| b == 0).ok_or("the file name is not terminated")?;
        // ISO 8859-1 (§2.3.1); map each byte to its code point.
        name = Some(rest.get(..nul).unwrap_or(&[]).iter().map(|&b| char::from(b)).collect());
        at += nul + 1;
    }
    if flags & FCOMMENT != 0 {
        let rest = bytes.get(at..).unwrap_or(&[]);
        let nul = rest.iter().position(|&b| b == 0).ok_or("the comment is not terminated")?;
        at += nul + 1;
    }
    let mut bad_crc = false;
    if flags & FHCRC != 0 {
        let stored = bytes.get(at..at + 2).ok_or("the header checksum is cut off")?;
        let stored =
            u16::from_le_bytes([stored.first().copied().unwrap_or(0), stored.get(1).copied().unwrap_or(0)]);
        bad_crc = crc32(bytes.get(..at).unwrap_or(&[])) as u16 != stored;
        at += 2;
    }
    Ok(Header { data: at, name, bad_crc })
}

fn le32(bytes: &[u8], at: usize) -> Option<u32> {
    let b = bytes.get(at..at.checked_add(4)?)?;
    Some(u32::from_le_bytes([*b.first()?, *b.get(1)?, *b.get(2)?, *b.get(3)?]))
}

/// Decompresses every member of a gzip file, reporting on `file`. Returns
/// the joined output and the FNAME of the first member, or `None` when
/// nothing could be read (or a limit stopped the work).
pub(super) fn gunzip(ctx: &mut Ctx<'_>, file: &str, bytes: &[u8]) -> Option<(Vec<u8>, Option<String>)> {
    let mut out: Vec<u8> = Vec::new();
    let mut first_name = None;
    let mut pos = 0usize;
    let mut members = 0usize;
    loop {
        let rest = bytes.get(pos..).unwrap_or(&[]);
        if rest.is_empty() {
            break;
        }
        if members > 0 && rest.get(..2) != Some(&[0x1f, 0x8b][..]) {
            let count = rest.len().to_string();
            ctx.diag(
                UnpackCode::GzipTrailing,
                Span::new(pos, bytes.len()),
                &[("file", file), ("count", &count)],
            );
            break;
        }
        let head = match header(rest) {
            Ok(head) => head,
            Err(detail) => {
                ctx.diag(
                    UnpackCode::GzipHeader,
                    Span::new(pos, bytes.len()),
                    &[("file", file), ("detail", detail)],
                );
                break;
            }
        };
        if head.bad_crc {
            ctx.diag(UnpackCode::GzipHeaderCrc, Span::new(pos, pos + head.data), &[("file", file)]);
        }
        if members == 0 {
            first_name = head.name;
        }
        members += 1;
        let data_at = pos + head.data;
        let meter = Meter {
            remaining_output: ctx.remaining_output(),
            max_ratio: ctx.limits.max_ratio,
            prior_output: out.len() as u64,
            prior_input: data_at as u64,
        };
        let (data, end) = inflate::inflate(bytes.get(data_at..).unwrap_or(&[]), meter);
        if !ctx.account(file, data.len() as u64, bytes.len() as u64) {
            return None;
        }
        match end {
            End::Done { consumed } => {
                let trailer = data_at + consumed;
                match (le32(bytes, trailer), le32(bytes, trailer + 4)) {
                    (Some(crc), Some(size)) => {
                        let found = crc32(&data);
                        if found != crc {
                            let (expected, found) = (format!("{crc:08x}"), format!("{found:08x}"));
                            ctx.diag(
                                UnpackCode::CrcMismatch,
                                Span::new(trailer, trailer + 4),
                                &[("file", file), ("expected", &expected), ("found", &found)],
                            );
                        }
                        if data.len() as u32 != size {
                            let (expected, found) = (size.to_string(), (data.len() as u32).to_string());
                            ctx.diag(
                                UnpackCode::SizeMismatch,
                                Span::new(trailer + 4, trailer + 8),
                                &[("file", file), ("expected", &expected), ("found", &found)],
                            );
                        }
                        out.extend_from_slice(&data);
                        pos = trailer + 8;
                    }
                    _ => {
                        out.extend_from_slice(&data);
                        ctx.diag(
                            UnpackCode::Truncated,
                            Span::at(bytes.len()),
                            &[("file", file), ("detail", "the 8-byte gzip trailer is missing")],
                        );
                        break;
                    }
                }
            }
            End::Truncated => {
                out.extend_from_slice(&data);
                let detail = format!("{} bytes came out before the data stopped", data.len());
                ctx.diag(
                    UnpackCode::Truncated,
                    Span::at(bytes.len()),
                    &[("file", file), ("detail", &detail)],
                );
                break;
            }
            End::Corrupt(detail) => {
                out.extend_from_slice(&data);
                let output = out.len().to_string();
                ctx.diag(
                    UnpackCode::DeflateInvalid,
                    Span::new(data_at, bytes.len()),
                    &[("file", file), ("output", &output), ("detail", detail)],
                );
                break;
            }
            End::OverOutput => {
                ctx.refuse_output(file);
                return None;
            }
            End::OverRatio { output, input } => {
                ctx.refuse_ratio(file, output, input);
                return None;
            }
        }
    }
    if members > 1 {
        let count = members.to_string();
        ctx.diag(UnpackCode::GzipMembers, Span::new(0, bytes.len()), &[("file", file), ("count", &count)]);
    }
    if members == 0 {
        return None;
    }
    Some((out, first_name))
}
