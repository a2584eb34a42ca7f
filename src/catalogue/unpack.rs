//! The rules' words for unpacking report files (gzip, zip, e-mail, mbox). Codes start with `unpack-`.

catalogue! {
    /// Rules for unpacking report files (gzip, zip, e-mail, mbox).
    pub enum UnpackCode as Unpack {
    /// The file has no bytes at all.
    Empty = "unpack-empty", Error, "RFC 9990 §3.5.2",
        "{file} is empty: there is no report in it.",
        "Save the report attachment again from the e-mail; a zero-byte file usually means the download or the export failed.";
    /// Neither the bytes nor the name say what the file is.
    UnknownFormat = "unpack-unknown-format", Error, "RFC 9990 §3.5.2",
        "{file} is not a format dmarc-lens reads: it is not XML, JSON, gzip, zip, an e-mail or an mbox file.",
        "Give the report itself (.xml, .json, .xml.gz, .json.gz, .zip) or the e-mail that carried it (.eml, mbox).";
    /// An inner file was read but is not a report of a known kind.
    DocumentUnknown = "unpack-document-unknown", Warning, "RFC 9990 §3.5.2",
        "{file} was unpacked, but its content is neither an aggregate report (XML) nor a TLS report (JSON).",
        "Check that this is the report attachment and not, say, a signature or a logo.";
    /// The decompressed output would pass the size limit.
    LimitOutput = "unpack-limit-output", Error, "RFC 9990 §3.5.2",
        "Unpacking {file} would produce more than {limit} bytes, the most dmarc-lens unpacks from one file, so it stopped.",
        "Real reports are far smaller; this is probably a decompression bomb. If it is genuine, split it or raise the output limit.";
    /// Decompressed bytes per compressed byte pass the ratio limit.
    LimitRatio = "unpack-limit-ratio", Error, "RFC 1951 §3.2.5",
        "{file} expands {ratio} times ({output} bytes out of {input}), more than the limit of {limit}; text reports do not compress that well.",
        "Treat the file as a decompression bomb. If it is genuine, raise the ratio limit.";
    /// Too many members (zip entries, messages, documents).
    LimitMembers = "unpack-limit-members", Error, "RFC 9990 §3.5.2",
        "{file} holds more than {limit} members ({count}), the most dmarc-lens reads from one file.",
        "Split the archive or mailbox into smaller ones.";
    /// Containers nested too deep.
    LimitDepth = "unpack-limit-depth", Error, "RFC 9990 §3.5.2",
        "{file} is nested more than {limit} containers deep (an archive inside an archive ...), so it was not opened.",
        "Unpack the outer layers yourself and give the inner file.";
    /// A gzip header that cannot be read.
    GzipHeader = "unpack-gzip-header", Error, "RFC 1952 §2.3.1",
        "The gzip header of {file} is broken: {detail}.",
        "The file was damaged or is not really gzip; download the attachment again.";
    /// The header CRC (FHCRC) does not match.
    GzipHeaderCrc = "unpack-gzip-header-crc", Warning, "RFC 1952 §2.3.1",
        "The gzip header of {file} carries a header checksum that does not match the header.",
        "The data was read anyway; check the report for damage.";
    /// The compressed data is corrupt.
    DeflateInvalid = "unpack-deflate-invalid", Error, "RFC 1951 §3.2",
        "The compressed data in {file} is corrupt after {output} bytes of output: {detail}.",
        "The file was damaged in transfer; what could be read is kept. Download the attachment again.";
    /// The data ends before the compressed stream or its trailer does.
    Truncated = "unpack-truncated", Error, "RFC 1952 §2.2",
        "{file} ends before its compressed data does ({detail}); the file was cut off.",
        "What could be read is kept. Download the attachment again, completely.";
    /// The CRC-32 of the output does not match the recorded one.
    CrcMismatch = "unpack-crc-mismatch", Warning, "RFC 1952 §2.3.1",
        "The checksum of {file} does not match its content (recorded {expected}, computed {found}).",
        "The content was kept but may be damaged; check the report or fetch it again.";
    /// The output size does not match the recorded size (gzip ISIZE, zip size).
    SizeMismatch = "unpack-size-mismatch", Warning, "RFC 1952 §2.3.1",
        "{file} says its content is {expected} bytes, but {found} bytes came out.",
        "The content was kept but may be incomplete; check the report or fetch it again.";
    /// More than one gzip member, read as one stream.
    GzipMembers = "unpack-gzip-members", Info, "RFC 1952 §2.2",
        "{file} is made of {count} gzip members; they were joined into one file, as gzip does.",
        "Nothing to do.";
    /// Bytes after the last gzip member.
    GzipTrailing = "unpack-gzip-trailing", Warning, "RFC 1952 §2.2",
        "{file} has {count} stray bytes after the end of its gzip data; they were ignored and the report kept.",
        "Some senders (Mimecast, for one) append a line break; strict gzip tools reject such files, dmarc-lens does not.";
    /// A compressed file inside a compressed file.
    Nested = "unpack-nested", Info, "RFC 9990 §3.5.2",
        "{file} is compressed twice (a container inside a container); both layers were opened.",
        "Reports should be compressed once; tell the sender if you can.";
    /// A zip64 archive.
    ZipZip64 = "unpack-zip-zip64", Error, "RFC 1951 §1.1",
        "{file} is a zip64 archive, made for files over 4 GiB; dmarc-lens does not read zip64, as no report needs it.",
        "Re-pack the report as an ordinary zip, or give the .xml or .xml.gz.";
    /// An encrypted zip entry.
    ZipEncrypted = "unpack-zip-encrypted", Error, "RFC 1951 §1.1",
        "{file} is encrypted (password protected), so it cannot be read.",
        "Extract it with its password yourself and give the report file.";
    /// A zip entry with a compression method other than stored or deflate.
    ZipMethod = "unpack-zip-method", Error, "RFC 1951 §1.1",
        "{file} uses compression method {method}; dmarc-lens reads only stored (0) and deflate (8) entries.",
        "Re-pack the archive with plain deflate, which every zip tool can write.";
    /// The zip structure is damaged.
    ZipCorrupt = "unpack-zip-corrupt", Error, "RFC 1951 §1.1",
        "The zip structure of {file} is damaged: {detail}.",
        "Download the attachment again; what could be read is kept.";
    /// The zip directory is missing; local headers were walked instead.
    ZipNoDirectory = "unpack-zip-no-directory", Warning, "RFC 1951 §1.1",
        "{file} has no central directory (the archive was cut off or written as a stream); its entries were read one after another from the start.",
        "Check that no report is missing; download the attachment again if in doubt.";
    /// A zip with no file in it.
    ZipNoMembers = "unpack-zip-no-members", Error, "RFC 9990 §3.5.2",
        "{file} is a zip archive with no files in it.",
        "Give the archive that holds the report.";
    /// A multipart part without a boundary parameter.
    MimeBoundaryMissing = "unpack-mime-boundary-missing", Error, "RFC 2046 §5.1.1",
        "A multipart part of {file} has no boundary parameter, so its parts cannot be told apart; it was read as one part.",
        "The e-mail was damaged or hand-edited; save it again from the mail program as .eml.";
    /// A multipart body without its closing delimiter.
    MimeUnterminated = "unpack-mime-unterminated", Warning, "RFC 2046 §5.1.1",
        "A multipart part of {file} never closes (no --{boundary}-- line); the e-mail was probably cut off.",
        "The parts found were kept; save the whole e-mail again if something is missing.";
    /// Multipart nesting deeper than the reader goes.
    MimeDepth = "unpack-mime-depth", Warning, "RFC 2046 §5.1",
        "The parts of {file} are nested more than {limit} levels deep; the deeper ones were not opened.",
        "Report e-mails are at most a few levels deep; this message is unusual.";
    /// A header line that is not a header.
    MimeHeader = "unpack-mime-header", Warning, "RFC 5322 §2.2",
        "A header line of {file} has no colon: \"{text}\"; it was skipped.",
        "The e-mail was probably damaged or hand-edited; save it again from the mail program.";
    /// Characters base64 does not use.
    MimeBase64 = "unpack-mime-base64", Warning, "RFC 2045 §6.8",
        "The base64 body of {file} holds {count} characters that are not base64; they were skipped.",
        "If the report then does not read, the e-mail was damaged; save it again.";
    /// A bad quoted-printable escape.
    MimeQuotedPrintable = "unpack-mime-quoted-printable", Warning, "RFC 2045 §6.7",
        "The quoted-printable body of {file} holds {count} \"=\" signs that are not followed by two hex digits or a line break; they were kept as they are.",
        "If the text looks wrong, the e-mail was damaged; save it again.";
    /// An unknown Content-Transfer-Encoding.
    MimeEncoding = "unpack-mime-encoding", Warning, "RFC 2045 §6.4",
        "{file} uses the transfer encoding \"{value}\", which is not base64, quoted-printable, 7bit, 8bit or binary; the body was kept undecoded.",
        "Save the e-mail again from the mail program.";
    /// An e-mail with no report in it.
    MailNoReport = "unpack-mail-no-report", Error, "RFC 9990 §3.5.2",
        "{file} is an e-mail, but it has no report attachment (no gzip, zip, XML or JSON part) and is not a failure report.",
        "Give the e-mail that carries the report, or the attachment itself.";
    /// A report attachment with an unexpected content type.
    MailContentType = "unpack-mail-content-type", Info, "RFC 9990 §3.5.2; RFC 8460 §5.3",
        "The attachment {file} is labelled {value}; it was recognised from its content instead.",
        "Nothing to do; reporters should label aggregate reports application/gzip or text/xml and TLS reports application/tlsrpt+gzip or application/tlsrpt+json.";
    /// An mbox file was split into messages.
    MboxMessages = "unpack-mbox-messages", Info, "RFC 4155 §2",
        "{file} is a mailbox of {count} messages; each was read on its own.",
        "Nothing to do.";
    }
}
