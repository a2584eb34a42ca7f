//! Every rule, as a table: a crafted file it must fire on and a close file
//! it must stay quiet on.

use super::inflate::crc32;
use super::*;

const XML: &[u8] = b"<?xml version=\"1.0\"?><feedback><report_metadata/></feedback>\n";

fn deflate(data: &[u8]) -> Vec<u8> {
    miniz_oxide::deflate::compress_to_vec(data, 6)
}

/// A gzip member with the given flags byte and optional header extras.
fn gz_with(data: &[u8], flags: u8, extra: &[u8], crc: u32, size: u32) -> Vec<u8> {
    let mut out = vec![0x1f, 0x8b, 8, flags, 0, 0, 0, 0, 0, 0xff];
    out.extend_from_slice(extra);
    out.extend(deflate(data));
    out.extend(crc.to_le_bytes());
    out.extend(size.to_le_bytes());
    out
}

pub(crate) fn gz(data: &[u8]) -> Vec<u8> {
    gz_with(data, 0, &[], crc32(data), data.len() as u32)
}

struct ZipEntry<'a> {
    name: &'a str,
    data: &'a [u8],
    method: u16,
    flags: u16,
}

fn entry<'a>(name: &'a str, data: &'a [u8]) -> ZipEntry<'a> {
    ZipEntry { name, data, method: 8, flags: 0 }
}

/// A zip archive; `directory` false leaves out the central directory.
fn zip(entries: &[ZipEntry<'_>], directory: bool) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for e in entries {
        let packed = if e.method == 8 { deflate(e.data) } else { e.data.to_vec() };
        let offset = out.len() as u32;
        let mut common = Vec::new();
        common.extend(e.flags.to_le_bytes());
        common.extend(e.method.to_le_bytes());
        common.extend([0u8; 4]); // time, date
        common.extend(crc32(e.data).to_le_bytes());
        common.extend((packed.len() as u32).to_le_bytes());
        common.extend((e.data.len() as u32).to_le_bytes());
        common.extend((e.name.len() as u16).to_le_bytes());
        common.extend(0u16.to_le_bytes()); // extra
        out.extend(b"PK\x03\x04");
        out.extend(20u16.to_le_bytes());
        out.extend(&common);
        out.extend(e.name.as_bytes());
        out.extend(&packed);
        central.extend(b"PK\x01\x02");
        central.extend(20u16.to_le_bytes());
        central.extend(20u16.to_le_bytes());
        central.extend(&common);
        central.extend([0u8; 10]); // comment len, disk, internal, external attributes
        central.extend(offset.to_le_bytes());
        central.extend(e.name.as_bytes());
    }
    if directory {
        let at = out.len() as u32;
        out.extend(&central);
        out.extend(b"PK\x05\x06");
        out.extend([0u8; 4]);
        out.extend((entries.len() as u16).to_le_bytes());
        out.extend((entries.len() as u16).to_le_bytes());
        out.extend((central.len() as u32).to_le_bytes());
        out.extend(at.to_le_bytes());
        out.extend([0u8; 2]);
    }
    out
}

fn base64(data: &[u8]) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for (i, chunk) in data.chunks(3).enumerate() {
        if i > 0 && i % 19 == 0 {
            out.push_str("\r\n");
        }
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = u32::from(b[0]) << 16 | u32::from(b[1]) << 8 | u32::from(b[2]);
        for k in 0..4 {
            if k <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * k) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// A report e-mail with one attachment.
fn mail(content_type: &str, encoding: &str, body: &str) -> Vec<u8> {
    format!(
        "From: r@example.net\r\nSubject: Report Domain: example.com\r\nMIME-Version: 1.0\r\n\
Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n--b1\r\nContent-Type: text/plain\r\n\r\nA report.\r\n\
--b1\r\nContent-Type: {content_type}\r\nContent-Transfer-Encoding: {encoding}\r\n\
Content-Disposition: attachment; filename=\"r.xml.gz\"\r\n\r\n{body}\r\n--b1--\r\n"
    )
    .into_bytes()
}

fn gz_mail(content_type: &str) -> Vec<u8> {
    mail(content_type, "base64", &base64(&gz(XML)))
}

fn nested_multipart(levels: usize) -> Vec<u8> {
    let mut body = "Content-Type: application/xml\r\n\r\n<feedback/>\r\n".to_string();
    for level in 0..levels {
        body = format!("Content-Type: multipart/mixed; boundary=\"n{level}\"\r\n\r\n--n{level}\r\n{body}--n{level}--\r\n");
    }
    format!("From: r@example.net\r\nSubject: x\r\n{body}").into_bytes()
}

/// Low-redundancy text, so deflate cannot shrink it much.
fn noise(len: usize) -> Vec<u8> {
    let mut x = 0x1234_5678u32;
    (0..len)
        .map(|_| {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            b'a' + ((x >> 16) % 26) as u8
        })
        .collect()
}

struct Case {
    code: UnpackCode,
    name: &'static str,
    bad: Vec<u8>,
    good: Vec<u8>,
    limits: Limits,
}

fn cases() -> Vec<Case> {
    use UnpackCode::*;
    let d = Limits::default();
    let c = |code, name, bad, good| Case { code, name, bad, good, limits: Limits::default() };
    let l = |code, name, bad, good, limits| Case { code, name, bad, good, limits };
    let good_gz = gz(XML);
    let good_zip = zip(&[entry("a.xml", XML)], true);
    let mut trailing = gz(XML);
    trailing.extend(b"\r\n");
    let mut two = gz(&XML[..10]);
    two.extend(gz(&XML[10..]));
    let mut bad_method = gz(XML);
    bad_method[2] = 7;
    let mut fhcrc_header = vec![0x1f, 0x8b, 8, 0x02, 0, 0, 0, 0, 0, 0xff];
    let header_crc = (crc32(&fhcrc_header) as u16).to_le_bytes();
    fhcrc_header.extend(header_crc);
    let mut fhcrc_bad = fhcrc_header.clone();
    fhcrc_bad[10] ^= 0xff;
    fhcrc_bad.extend(deflate(XML));
    fhcrc_bad.extend(crc32(XML).to_le_bytes());
    fhcrc_bad.extend((XML.len() as u32).to_le_bytes());
    let mut fhcrc_good = fhcrc_header;
    fhcrc_good.extend(deflate(XML));
    fhcrc_good.extend(crc32(XML).to_le_bytes());
    fhcrc_good.extend((XML.len() as u32).to_le_bytes());
    let mut corrupt = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff, 0x07, 0xff, 0xff];
    corrupt.extend([0u8; 8]);
    let cut = good_gz[..good_gz.len() / 2].to_vec();
    let bad_crc = gz_with(XML, 0, &[], crc32(XML) ^ 1, XML.len() as u32);
    let bad_size = gz_with(XML, 0, &[], crc32(XML), XML.len() as u32 + 1);
    let mut zip64 = zip(&[entry("a.xml", XML)], true);
    let eocd = zip64.len() - 22;
    zip64[eocd + 10..eocd + 12].copy_from_slice(&0xffffu16.to_le_bytes());
    let mut bad_dir = zip(&[entry("a.xml", XML)], true);
    let eocd = bad_dir.len() - 22;
    bad_dir[eocd + 16..eocd + 20].copy_from_slice(&3u32.to_le_bytes());
    let empty_zip = zip(&[], true);
    let boundaryless =
        b"From: a@example.net\r\nContent-Type: multipart/mixed\r\n\r\n<feedback/>\r\n".to_vec();
    let boundaried = b"From: a@example.net\r\nContent-Type: multipart/mixed; boundary=z\r\n\r\n--z\r\nContent-Type: text/xml\r\n\r\n<feedback/>\r\n--z--\r\n".to_vec();
    let mut unterminated = boundaried.clone();
    unterminated.truncate(unterminated.len() - 7);
    let gz_b64 = base64(&gz(XML));
    let mut mbox = b"From a@example.net Mon Jan  1 00:00:00 2024\n".to_vec();
    mbox.extend(mail("application/gzip", "base64", &gz_b64));
    mbox.extend(b"\nFrom b@example.net Mon Jan  1 00:00:00 2024\n");
    mbox.extend(mail("application/gzip", "base64", &gz_b64));
    vec![
        c(Empty, "r.xml", Vec::new(), XML.to_vec()),
        c(UnknownFormat, "r.bin", b"hello there".to_vec(), XML.to_vec()),
        c(DocumentUnknown, "r.zip", zip(&[entry("a.bin", b"hello")], true), good_zip.clone()),
        l(
            LimitOutput,
            "r.gz",
            gz(&noise(300_000)),
            gz(&noise(100_000)),
            Limits { max_output_bytes: 200_000, ..d },
        ),
        l(LimitRatio, "r.gz", gz(&vec![b'a'; 2 << 20]), gz(&noise(2 << 20)), Limits { max_ratio: 10, ..d }),
        l(
            LimitMembers,
            "r.zip",
            zip(&[entry("a.xml", XML), entry("b.xml", XML), entry("c.xml", XML)], true),
            zip(&[entry("a.xml", XML), entry("b.xml", XML)], true),
            Limits { max_members: 2, ..d },
        ),
        l(LimitDepth, "r.xml.gz.gz", gz(&gz(XML)), gz(XML), Limits { max_depth: 1, ..d }),
        c(GzipHeader, "r.xml.gz", bad_method, good_gz.clone()),
        c(GzipHeaderCrc, "r.xml.gz", fhcrc_bad, fhcrc_good),
        c(DeflateInvalid, "r.xml.gz", corrupt, good_gz.clone()),
        c(Truncated, "r.xml.gz", cut, good_gz.clone()),
        c(CrcMismatch, "r.xml.gz", bad_crc, good_gz.clone()),
        c(SizeMismatch, "r.xml.gz", bad_size, good_gz.clone()),
        c(GzipMembers, "r.xml.gz", two, good_gz.clone()),
        c(GzipTrailing, "r.xml.gz", trailing, good_gz.clone()),
        c(Nested, "r.xml.gz.gz", gz(&gz(XML)), good_gz.clone()),
        c(ZipZip64, "r.zip", zip64, good_zip.clone()),
        c(
            ZipEncrypted,
            "r.zip",
            zip(&[ZipEntry { flags: 1, ..entry("a.xml", XML) }], true),
            good_zip.clone(),
        ),
        c(ZipMethod, "r.zip", zip(&[ZipEntry { method: 12, ..entry("a.xml", XML) }], true), good_zip.clone()),
        c(ZipCorrupt, "r.zip", bad_dir, good_zip.clone()),
        c(ZipNoDirectory, "r.zip", zip(&[entry("a.xml", XML)], false), good_zip.clone()),
        c(ZipNoMembers, "r.zip", empty_zip, good_zip.clone()),
        c(MimeBoundaryMissing, "r.eml", boundaryless, boundaried.clone()),
        c(MimeUnterminated, "r.eml", unterminated, boundaried),
        c(MimeDepth, "r.eml", nested_multipart(mime::MAX_DEPTH + 2), nested_multipart(3)),
        c(
            MimeHeader,
            "r.eml",
            b"From: a@example.net\r\nthis is no header\r\nContent-Type: text/xml\r\n\r\n<feedback/>".to_vec(),
            b"From: a@example.net\r\nContent-Type: text/xml\r\n\r\n<feedback/>".to_vec(),
        ),
        c(
            MimeBase64,
            "r.eml",
            mail("application/gzip", "base64", &format!("*{gz_b64}")),
            gz_mail("application/gzip"),
        ),
        c(
            MimeQuotedPrintable,
            "r.eml",
            mail("text/xml", "quoted-printable", "<feedback a=3D\"1\" b=zz/>"),
            mail("text/xml", "quoted-printable", "<feedback a=3D\"1\"=\r\n/>"),
        ),
        c(
            MimeEncoding,
            "r.eml",
            mail("text/xml", "x-uuencode", "<feedback/>"),
            mail("text/xml", "8bit", "<feedback/>"),
        ),
        c(
            MailNoReport,
            "r.eml",
            b"From: a@example.net\r\nSubject: hi\r\n\r\nJust text.\r\n".to_vec(),
            gz_mail("application/gzip"),
        ),
        c(MailContentType, "r.eml", gz_mail("application/octet-stream"), gz_mail("application/gzip")),
        c(MboxMessages, "r.mbox", mbox, gz_mail("application/gzip")),
    ]
}

#[test]
fn every_rule_fires_on_its_case_and_stays_quiet_on_the_good_one() {
    for case in cases() {
        let bad = unpack(case.name, &case.bad, &case.limits);
        assert!(
            bad.diagnostics.iter().any(|d| d.code == case.code),
            "{} did not fire: {:?}",
            case.code.as_str(),
            bad.diagnostics.iter().map(|d| d.code.as_str()).collect::<Vec<_>>()
        );
        let good = unpack(case.name, &case.good, &case.limits);
        assert!(
            !good.diagnostics.iter().any(|d| d.code == case.code),
            "{} fired on the good case: {:?}",
            case.code.as_str(),
            good.diagnostics
        );
        assert!(good.refused.is_none(), "{}: good case refused: {:?}", case.code.as_str(), good.refused);
        for d in &bad.diagnostics {
            assert!(d.reference.starts_with("RFC "), "{}", d.code.as_str());
            assert!(!d.message.contains('{'), "unfilled placeholder: {}", d.message);
        }
    }
}

#[test]
fn every_code_has_a_case() {
    let covered: Vec<UnpackCode> = cases().iter().map(|c| c.code).collect();
    for code in UnpackCode::ALL {
        assert!(covered.contains(code), "{} has no case", code.as_str());
        let rule = code.rule();
        assert!(code.as_str().starts_with("unpack-"));
        assert!(rule.reference.starts_with("RFC "), "{}", code.as_str());
        assert!(!rule.message.is_empty() && !rule.help.is_empty());
    }
}

#[test]
fn limits_refuse_the_whole_file_and_say_why() {
    let limits = Limits { max_ratio: 10, ..Limits::default() };
    let out = unpack("r.gz", &gz(&vec![0; 4 << 20]), &limits);
    assert!(out.documents.is_empty());
    let reason = out.refused.unwrap();
    assert!(reason.contains("more than the limit of 10"), "{reason}");
}

#[test]
fn containers_yield_the_same_bytes() {
    let plain = unpack("r.xml", XML, &Limits::default());
    for (name, bytes) in [
        ("r.xml.gz", gz(XML)),
        ("r.xml.gz.gz", gz(&gz(XML))),
        ("r.zip", zip(&[entry("r.xml", XML)], true)),
        ("r.zip", zip(&[ZipEntry { method: 0, ..entry("r.xml", XML) }], false)),
        ("r.eml", gz_mail("application/gzip")),
    ] {
        let out = unpack(name, &bytes, &Limits::default());
        assert_eq!(out.documents.len(), 1, "{name}: {:?}", out.diagnostics);
        assert_eq!(out.documents[0].bytes, plain.documents[0].bytes, "{name}");
        assert_eq!(out.documents[0].kind, DocKind::AggregateXml);
    }
}

#[test]
fn every_zip_member_is_read_and_named() {
    let bytes = zip(&[entry("a.xml", XML), entry("dir/", b""), entry("dir/b.json", b"{\"x\":1}")], true);
    let out = unpack("r.zip", &bytes, &Limits::default());
    let names: Vec<(&str, DocKind)> = out.documents.iter().map(|d| (d.name.as_str(), d.kind)).collect();
    assert_eq!(names, [("r.zip/a.xml", DocKind::AggregateXml), ("r.zip/dir/b.json", DocKind::TlsRptJson)]);
}

#[test]
fn mbox_yields_each_message_and_unquotes_from_lines() {
    let out = unpack("box", &cases().pop().unwrap().bad, &Limits::default());
    let names: Vec<&str> = out.documents.iter().map(|d| d.name.as_str()).collect();
    assert_eq!(names, ["box/message-1/r.xml.gz/r.xml", "box/message-2/r.xml.gz/r.xml"]);
    assert_eq!(unescape_from(b"a\n>From x\n>>From y\n"), b"a\nFrom x\n>From y\n");
}
