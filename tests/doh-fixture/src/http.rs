//! Just enough HTTP/1.1 for DNS over HTTPS (RFC 8484 §4.1): reading one
//! request within limits, the `dns` parameter's base64url, and writing a
//! response with `Content-Length` and the CORS headers a page on another
//! origin needs.

use std::io::{self, BufRead, Read, Write};

/// The most bytes of request line and headers read.
const HEAD_LIMIT: u64 = 16 * 1024;
/// The most headers read.
const HEADER_COUNT_LIMIT: usize = 100;
/// The largest body: a DNS message is at most 65,535 bytes.
pub const BODY_LIMIT: usize = 65_535;

/// One request.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Request {
    /// The method, e.g. `GET`.
    pub method: String,
    /// The path, without the query.
    pub path: String,
    /// The query string, without the `?`.
    pub query: String,
    /// The headers, names in lower case.
    pub headers: Vec<(String, String)>,
    /// The body (empty without `Content-Length`).
    pub body: Vec<u8>,
}

impl Request {
    /// The first header called `name` (lower case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    /// The first value of query parameter `name`, as written (see
    /// [`percent_decode`]).
    pub fn parameter(&self, name: &str) -> Option<&str> {
        self.query
            .split('&')
            .map(|pair| pair.split_once('=').unwrap_or((pair, "")))
            .find(|(key, _)| *key == name)
            .map(|(_, value)| value)
    }
}

/// Why no request could be read.
#[derive(Debug)]
pub enum ReadError {
    /// The connection closed before a request line.
    Closed,
    /// Not a request this server reads; the words say why (sent in a 400).
    Bad(&'static str),
    /// A body over [`BODY_LIMIT`].
    TooLarge,
    /// The connection failed or timed out (nothing can be sent back).
    Io,
}

impl From<io::Error> for ReadError {
    fn from(_: io::Error) -> Self {
        ReadError::Io
    }
}

/// Reads one line, ending in LF, within what is left of the head limit.
fn read_line(reader: &mut impl BufRead, left: &mut u64) -> Result<Option<String>, ReadError> {
    let mut line = Vec::new();
    let read = reader.by_ref().take(*left).read_until(b'\n', &mut line)?;
    *left = left.saturating_sub(read as u64);
    if read == 0 {
        return Ok(None);
    }
    if line.last() != Some(&b'\n') {
        return Err(ReadError::Bad("request head too long or cut short"));
    }
    line.pop();
    if line.last() == Some(&b'\r') {
        line.pop();
    }
    String::from_utf8(line).map(Some).map_err(|_| ReadError::Bad("request head is not UTF-8"))
}

/// Reads one request: the request line, the headers, and a body of
/// `Content-Length` bytes.
pub fn read_request(reader: &mut impl BufRead) -> Result<Request, ReadError> {
    let mut left = HEAD_LIMIT;
    let line = read_line(reader, &mut left)?.ok_or(ReadError::Closed)?;
    let mut parts = line.split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(ReadError::Bad("malformed request line"));
    };
    if !version.starts_with("HTTP/1.") || method.is_empty() {
        return Err(ReadError::Bad("not an HTTP/1.x request"));
    }
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let mut request = Request {
        method: method.to_string(),
        path: path.to_string(),
        query: query.to_string(),
        ..Request::default()
    };
    loop {
        let line = read_line(reader, &mut left)?.ok_or(ReadError::Bad("connection closed in the headers"))?;
        if line.is_empty() {
            break;
        }
        if request.headers.len() == HEADER_COUNT_LIMIT {
            return Err(ReadError::Bad("too many headers"));
        }
        let Some((name, value)) = line.split_once(':') else {
            return Err(ReadError::Bad("malformed header"));
        };
        request.headers.push((name.trim().to_ascii_lowercase(), value.trim().to_string()));
    }
    if request.header("transfer-encoding").is_some() {
        return Err(ReadError::Bad("Transfer-Encoding is not supported: send Content-Length"));
    }
    if let Some(length) = request.header("content-length") {
        let length: usize = length.parse().map_err(|_| ReadError::Bad("malformed Content-Length"))?;
        if length > BODY_LIMIT {
            return Err(ReadError::TooLarge);
        }
        let mut body = vec![0; length];
        reader.read_exact(&mut body)?;
        request.body = body;
    }
    Ok(request)
}

/// `%XX` escapes decoded (and `+` left alone: base64url has none); `None`
/// for a broken escape or bytes that are not UTF-8.
pub fn percent_decode(value: &str) -> Option<String> {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()?);
            i += 3;
        } else {
            out.push(b);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Decodes base64url (RFC 4648 §5). RFC 8484 §4.1 sends it without
/// padding; trailing `=` are accepted anyway.
pub fn base64url_decode(text: &str) -> Option<Vec<u8>> {
    let text = text.trim_end_matches('=');
    if text.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut buffer: u32 = 0;
    let mut bits = 0;
    for c in text.bytes() {
        let value = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'-' => 62,
            b'_' => 63,
            _ => return None,
        };
        buffer = (buffer << 6) | u32::from(value);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    // Bits left over must be zero (RFC 4648 §3.5 canonical encoding).
    (buffer == 0).then_some(out)
}

/// Encodes base64url without padding.
#[cfg(test)]
fn base64url_encode(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
        }
    }
    out
}

/// The headers every response carries, so a page on any origin can read it.
pub(crate) const CORS: &str = "Access-Control-Allow-Origin: *\r\n";

/// Writes a response and flushes; the connection is closed afterwards.
pub fn write_response(
    out: &mut impl Write,
    status: &str,
    headers: &[(&str, &str)],
    content_type: &str,
    body: &[u8],
) -> io::Result<()> {
    let mut head = format!("HTTP/1.1 {status}\r\n{CORS}Cache-Control: no-store\r\nConnection: close\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    if !body.is_empty() || status.starts_with("200") {
        head.push_str(&format!("Content-Type: {content_type}\r\n"));
    }
    // RFC 9110 §8.6: no Content-Length on a 204.
    if !status.starts_with("204") {
        head.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    head.push_str("\r\n");
    out.write_all(head.as_bytes())?;
    out.write_all(body)?;
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64url_both_ways() {
        for len in 0..40u8 {
            let bytes: Vec<u8> = (0..len).map(|i| i.wrapping_mul(37).wrapping_add(200)).collect();
            let text = base64url_encode(&bytes);
            assert!(!text.contains(['=', '+', '/']), "{text}");
            assert_eq!(base64url_decode(&text), Some(bytes), "{text}");
        }
        // RFC 4648 §10 vectors, in the URL alphabet.
        assert_eq!(base64url_encode(b"foobar"), "Zm9vYmFy");
        assert_eq!(base64url_encode(b"fo"), "Zm8");
        assert_eq!(base64url_decode("Zm8="), Some(b"fo".to_vec()));
        assert_eq!(base64url_decode("_-8"), Some(vec![0xff, 0xef]));
        assert_eq!(base64url_decode("Zm9v!"), None);
        assert_eq!(base64url_decode("Zm9vY"), None);
        // "fo" is Zm8: Zm9 leaves bits that are not zero.
        assert_eq!(base64url_decode("Zm9"), None);
        assert_eq!(base64url_decode("+/8"), None);
    }

    #[test]
    fn reads_requests_within_limits() {
        let text = b"POST /dns-query?x=1&dns=AB%43 HTTP/1.1\r\nHost: a\r\nContent-Type: application/dns-message\r\nContent-Length: 3\r\n\r\nabcextra";
        let request = read_request(&mut &text[..]).unwrap();
        assert_eq!((request.method.as_str(), request.path.as_str()), ("POST", "/dns-query"));
        assert_eq!(request.header("content-type"), Some("application/dns-message"));
        assert_eq!(request.parameter("dns").and_then(percent_decode).as_deref(), Some("ABC"));
        assert_eq!(request.parameter("x"), Some("1"));
        assert_eq!(request.parameter("y"), None);
        assert_eq!(request.body, b"abc");

        for bad in [
            &b"GET /\r\n\r\n"[..],
            b"GET / HTTP/1.1 extra\r\n\r\n",
            b"GET / SPDY/3\r\n\r\n",
            b"GET / HTTP/1.1\r\nno colon\r\n\r\n",
            b"GET / HTTP/1.1\r\nContent-Length: x\r\n\r\n",
            b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n",
            b"GET / HTTP/1.1\r\nHost: a\r\n",
            b"GET / HTTP/1.1\r\n\xff: a\r\n\r\n",
        ] {
            let got = read_request(&mut &bad[..]);
            assert!(matches!(got, Err(ReadError::Bad(_))), "{:?}: {got:?}", String::from_utf8_lossy(bad));
        }
        let huge = format!("GET / HTTP/1.1\r\nX: {}\r\n\r\n", "a".repeat(20_000));
        assert!(matches!(read_request(&mut huge.as_bytes()), Err(ReadError::Bad(_))));
        let big_body = b"POST / HTTP/1.1\r\nContent-Length: 70000\r\n\r\n";
        assert!(matches!(read_request(&mut &big_body[..]), Err(ReadError::TooLarge)));
        let short_body = b"POST / HTTP/1.1\r\nContent-Length: 9\r\n\r\nabc";
        assert!(matches!(read_request(&mut &short_body[..]), Err(ReadError::Io)));
        assert!(matches!(read_request(&mut &b""[..]), Err(ReadError::Closed)));
        let bad_escape = read_request(&mut &b"GET /?dns=%4 HTTP/1.1\r\n\r\n"[..]).unwrap();
        assert_eq!(bad_escape.parameter("dns").map(percent_decode), Some(None));
        assert_eq!(percent_decode("%zz"), None);
        assert_eq!(percent_decode("%ff"), None);
    }
}
