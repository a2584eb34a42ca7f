//! A minimal zip reader: the central directory when there is one, local
//! headers otherwise; stored and deflate (RFC 1951) entries, data
//! descriptors; zip64 and encrypted entries are refused with a reason.
//! (The zip format itself is PKWARE's APPNOTE, which has no RFC.)

use super::inflate::{self, crc32, End, Meter};
use super::Ctx;
use crate::catalogue::UnpackCode;
use crate::diag::Span;

const LOCAL: &[u8] = b"PK\x03\x04";
const CENTRAL: &[u8] = b"PK\x01\x02";
const END: &[u8] = b"PK\x05\x06";
const ZIP64_LOCATOR: &[u8] = b"PK\x06\x07";
const DESCRIPTOR: &[u8] = b"PK\x07\x08";

fn le16(bytes: &[u8], at: usize) -> Option<u16> {
    let b = bytes.get(at..at.checked_add(2)?)?;
    Some(u16::from_le_bytes([*b.first()?, *b.get(1)?]))
}

fn le32(bytes: &[u8], at: usize) -> Option<u32> {
    let b = bytes.get(at..at.checked_add(4)?)?;
    Some(u32::from_le_bytes([*b.first()?, *b.get(1)?, *b.get(2)?, *b.get(3)?]))
}

/// One entry, as a directory (or a local header) describes it.
#[derive(Clone, Debug)]
struct Entry {
    name: String,
    flags: u16,
    method: u16,
    /// CRC-32, compressed and uncompressed size, when known.
    crc: Option<u32>,
    size: Option<u32>,
    /// Where the compressed data is.
    data: Span,
}

/// Finds the end-of-central-directory record (it may be followed by a
/// comment of up to 65,535 bytes).
fn find_end(bytes: &[u8]) -> Option<usize> {
    let earliest = bytes.len().saturating_sub(22 + 0xffff);
    let last = bytes.len().checked_sub(22)?;
    (earliest..=last).rev().find(|&at| bytes.get(at..at + 4) == Some(END))
}

/// Where the data of the entry whose local header is at `at` starts.
fn local_data_start(bytes: &[u8], at: usize) -> Option<usize> {
    if bytes.get(at..at.checked_add(4)?) != Some(LOCAL) {
        return None;
    }
    let name_len = usize::from(le16(bytes, at + 26)?);
    let extra_len = usize::from(le16(bytes, at + 28)?);
    at.checked_add(30)?.checked_add(name_len)?.checked_add(extra_len)
}

/// Opens a zip archive: every entry, in directory order.
pub(super) fn unzip(ctx: &mut Ctx<'_>, file: &str, bytes: &[u8], depth: usize) {
    let entries = match find_end(bytes) {
        Some(end) => match directory(ctx, file, bytes, end) {
            Some(entries) => entries,
            None => return,
        },
        None => {
            ctx.diag(UnpackCode::ZipNoDirectory, Span::at(bytes.len()), &[("file", file)]);
            walk_local(ctx, file, bytes)
        }
    };
    if ctx.stopped() {
        return;
    }
    if entries.iter().all(|e| e.name.ends_with('/')) {
        ctx.diag(UnpackCode::ZipNoMembers, Span::new(0, bytes.len()), &[("file", file)]);
        return;
    }
    for entry in entries {
        if ctx.stopped() {
            return;
        }
        read_entry(ctx, file, bytes, &entry, depth);
    }
}

/// The entries the central directory lists, or `None` when the archive is
/// refused (zip64, a limit).
fn directory(ctx: &mut Ctx<'_>, file: &str, bytes: &[u8], end: usize) -> Option<Vec<Entry>> {
    let count = le16(bytes, end + 10).unwrap_or(0);
    let dir_size = le32(bytes, end + 12).unwrap_or(0);
    let dir_at = le32(bytes, end + 16).unwrap_or(0);
    let zip64_locator = end >= 20 && bytes.get(end - 20..end - 16) == Some(ZIP64_LOCATOR);
    if zip64_locator || count == 0xffff || dir_size == 0xffff_ffff || dir_at == 0xffff_ffff {
        ctx.diag(UnpackCode::ZipZip64, Span::new(end, end + 22), &[("file", file)]);
        return None;
    }
    if !ctx.count_members(file, usize::from(count)) {
        return None;
    }
    let mut entries = Vec::with_capacity(usize::from(count));
    let mut at = usize::try_from(dir_at).unwrap_or(usize::MAX);
    for index in 0..count {
        if bytes.get(at..at.saturating_add(4)) != Some(CENTRAL) {
            let detail = format!("directory entry {} of {count} is missing or damaged", index + 1);
            ctx.diag(
                UnpackCode::ZipCorrupt,
                Span::at(at.min(bytes.len())),
                &[("file", file), ("detail", &detail)],
            );
            break;
        }
        let field16 = |offset: usize| le16(bytes, at + offset).unwrap_or(0);
        let field32 = |offset: usize| le32(bytes, at + offset).unwrap_or(0);
        let (flags, method) = (field16(8), field16(10));
        let (crc, packed, size) = (field32(16), field32(20), field32(24));
        let (name_len, extra_len, comment_len) =
            (usize::from(field16(28)), usize::from(field16(30)), usize::from(field16(32)));
        let local = usize::try_from(field32(42)).unwrap_or(usize::MAX);
        let name_bytes = bytes.get(at + 46..at + 46 + name_len).unwrap_or(&[]);
        let name = String::from_utf8_lossy(name_bytes).into_owned();
        if packed == 0xffff_ffff || size == 0xffff_ffff || local == 0xffff_ffff {
            ctx.diag(UnpackCode::ZipZip64, Span::new(at, at + 46), &[("file", &format!("{file}/{name}"))]);
            return None;
        }
        at = at.saturating_add(46 + name_len + extra_len + comment_len);
        let data = match local_data_start(bytes, local) {
            Some(start) => Span::new(start, start.saturating_add(packed as usize)),
            None => {
                let detail = format!("the local header of {name} is missing");
                ctx.diag(
                    UnpackCode::ZipCorrupt,
                    Span::at(local.min(bytes.len())),
                    &[("file", file), ("detail", &detail)],
                );
                continue;
            }
        };
        entries.push(Entry { name, flags, method, crc: Some(crc), size: Some(size), data });
    }
    Some(entries)
}

/// The entries found by walking local headers from the start, for an
/// archive without a (findable) central directory.
fn walk_local(ctx: &mut Ctx<'_>, file: &str, bytes: &[u8]) -> Vec<Entry> {
    let mut entries = Vec::new();
    let mut at = 0usize;
    while let Some(start) = local_data_start(bytes, at) {
        if !ctx.count_members(file, 1) {
            return entries;
        }
        let field16 = |offset: usize| le16(bytes, at + offset).unwrap_or(0);
        let field32 = |offset: usize| le32(bytes, at + offset).unwrap_or(0);
        let (flags, method) = (field16(6), field16(8));
        let (crc, packed, size) = (field32(14), field32(18), field32(22));
        let name_len = usize::from(field16(26));
        let name =
            String::from_utf8_lossy(bytes.get(at + 30..at + 30 + name_len).unwrap_or(&[])).into_owned();
        if packed == 0xffff_ffff || size == 0xffff_ffff {
            ctx.diag(UnpackCode::ZipZip64, Span::new(at, start), &[("file", &format!("{file}/{name}"))]);
            return entries;
        }
        let mut end = start.saturating_add(packed as usize);
        if flags & 0x08 != 0 && packed == 0 {
            // Sizes follow the data, in a descriptor: find the data's end.
            let rest = bytes.get(start..).unwrap_or(&[]);
            let length = if method == 8 {
                let meter = Meter {
                    remaining_output: ctx.remaining_output(),
                    max_ratio: ctx.limits.max_ratio,
                    prior_output: 0,
                    prior_input: 0,
                };
                match inflate::inflate(rest, meter) {
                    (_, End::Done { consumed }) => Some(consumed),
                    (_, End::OverOutput) => {
                        ctx.refuse_output(&format!("{file}/{name}"));
                        return entries;
                    }
                    (_, End::OverRatio { output, input }) => {
                        ctx.refuse_ratio(&format!("{file}/{name}"), output, input);
                        return entries;
                    }
                    _ => None,
                }
            } else {
                rest.windows(4).position(|w| w == DESCRIPTOR)
            };
            let Some(length) = length else {
                let detail = format!("the end of {name} cannot be found");
                ctx.diag(UnpackCode::ZipCorrupt, Span::at(start), &[("file", file), ("detail", &detail)]);
                return entries;
            };
            end = start + length;
            let descriptor = if bytes.get(end..end + 4) == Some(DESCRIPTOR) { end + 4 } else { end };
            let crc = le32(bytes, descriptor).unwrap_or(0);
            let size = le32(bytes, descriptor + 8).unwrap_or(0);
            entries.push(Entry {
                name,
                flags,
                method,
                crc: Some(crc),
                size: Some(size),
                data: Span::new(start, end),
            });
            at = descriptor + 12;
            continue;
        }
        entries.push(Entry {
            name,
            flags,
            method,
            crc: Some(crc),
            size: Some(size),
            data: Span::new(start, end),
        });
        at = end;
    }
    entries
}

/// Reads one entry and opens what it holds.
fn read_entry(ctx: &mut Ctx<'_>, file: &str, bytes: &[u8], entry: &Entry, depth: usize) {
    if entry.name.ends_with('/') {
        return;
    }
    let inner = format!("{file}/{}", entry.name);
    if entry.flags & 0x01 != 0 {
        ctx.diag(UnpackCode::ZipEncrypted, entry.data, &[("file", &inner)]);
        return;
    }
    let packed = bytes.get(entry.data.start..entry.data.end.min(bytes.len())).unwrap_or(&[]);
    let cut_off = entry.data.end > bytes.len();
    let (data, complete) = match entry.method {
        0 => {
            if packed.len() as u64 > ctx.remaining_output() {
                ctx.refuse_output(&inner);
                return;
            }
            if cut_off {
                let detail = format!("{} of {} stored bytes are there", packed.len(), entry.data.len());
                ctx.diag(
                    UnpackCode::Truncated,
                    Span::at(bytes.len()),
                    &[("file", &inner), ("detail", &detail)],
                );
            }
            (packed.to_vec(), !cut_off)
        }
        8 => {
            let meter = Meter {
                remaining_output: ctx.remaining_output(),
                max_ratio: ctx.limits.max_ratio,
                prior_output: 0,
                prior_input: 0,
            };
            let (data, end) = inflate::inflate(packed, meter);
            let done = matches!(end, End::Done { .. });
            match end {
                End::Done { .. } => {}
                End::OverOutput => {
                    ctx.refuse_output(&inner);
                    return;
                }
                End::OverRatio { output, input } => {
                    ctx.refuse_ratio(&inner, output, input);
                    return;
                }
                End::Truncated => {
                    let detail = format!("{} bytes came out before the data stopped", data.len());
                    ctx.diag(
                        UnpackCode::Truncated,
                        Span::at(bytes.len()),
                        &[("file", &inner), ("detail", &detail)],
                    );
                }
                End::Corrupt(detail) => {
                    let output = data.len().to_string();
                    ctx.diag(
                        UnpackCode::DeflateInvalid,
                        entry.data,
                        &[("file", &inner), ("output", &output), ("detail", detail)],
                    );
                }
            }
            (data, done)
        }
        other => {
            let method = other.to_string();
            ctx.diag(UnpackCode::ZipMethod, entry.data, &[("file", &inner), ("method", &method)]);
            return;
        }
    };
    if !ctx.account(&inner, data.len() as u64, packed.len() as u64) {
        return;
    }
    if complete {
        if let Some(expected) = entry.crc {
            let found = crc32(&data);
            if found != expected {
                let (expected, found) = (format!("{expected:08x}"), format!("{found:08x}"));
                ctx.diag(
                    UnpackCode::CrcMismatch,
                    entry.data,
                    &[("file", &inner), ("expected", &expected), ("found", &found)],
                );
            }
        }
        if let Some(size) = entry.size {
            if data.len() as u64 != u64::from(size) {
                let (expected, found) = (size.to_string(), data.len().to_string());
                ctx.diag(
                    UnpackCode::SizeMismatch,
                    entry.data,
                    &[("file", &inner), ("expected", &expected), ("found", &found)],
                );
            }
        }
    }
    ctx.visit_unpacked(&inner, &data, depth);
}
