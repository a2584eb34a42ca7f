//! The fixture server over real sockets, with a raw HTTP client and a DNS
//! query encoder and response decoder of the test's own (not the crate's),
//! so the two sides check each other.

use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use dmarc_lens::dns::{Record, RecordType};
use dmarc_lens_doh_fixture::{fixture_zones, DohServer, Zone};

const TXT: u16 = 16;
const A: u16 = 1;
const MX: u16 = 15;
/// A guard so a broken server fails a test instead of hanging it.
const GUARD: Duration = Duration::from_secs(30);

fn server() -> DohServer {
    DohServer::start(fixture_zones().unwrap())
}

fn base64url(bytes: &[u8]) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut bits = 0u32;
    let mut count = 0;
    let mut out = String::new();
    for &b in bytes {
        bits = (bits << 8) | u32::from(b);
        count += 8;
        while count >= 6 {
            count -= 6;
            out.push(char::from(ALPHABET[((bits >> count) & 63) as usize]));
        }
    }
    if count > 0 {
        out.push(char::from(ALPHABET[((bits << (6 - count)) & 63) as usize]));
    }
    out
}

/// A standard query with RD set for `name` and `qtype`.
fn query(id: u16, name: &str, qtype: u16) -> Vec<u8> {
    let mut q = id.to_be_bytes().to_vec();
    q.extend_from_slice(&[0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0]);
    for label in name.split('.') {
        q.push(label.len() as u8);
        q.extend_from_slice(label.as_bytes());
    }
    q.push(0);
    q.extend_from_slice(&qtype.to_be_bytes());
    q.extend_from_slice(&1u16.to_be_bytes());
    q
}

struct HttpResponse {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl HttpResponse {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

fn connect(server: &DohServer) -> TcpStream {
    let stream = TcpStream::connect(("127.0.0.1", server.port())).unwrap();
    stream.set_read_timeout(Some(GUARD)).unwrap();
    stream
}

/// Sends `request` as is and reads the response to the end (the server
/// closes the connection after it).
fn exchange(server: &DohServer, request: &[u8]) -> HttpResponse {
    let mut stream = connect(server);
    stream.write_all(request).unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").expect("no end of head");
    let head = std::str::from_utf8(&raw[..split]).unwrap();
    let body = raw[split + 4..].to_vec();
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap();
    assert!(status_line.starts_with("HTTP/1.1 "), "{status_line}");
    let status = status_line[9..12].parse().unwrap();
    let headers: Vec<(String, String)> = lines
        .map(|l| {
            let (n, v) = l.split_once(':').unwrap();
            (n.trim().to_string(), v.trim().to_string())
        })
        .collect();
    let response = HttpResponse { status, headers, body };
    if let Some(length) = response.header("content-length") {
        assert_eq!(length.parse::<usize>().unwrap(), response.body.len());
    }
    response
}

fn get(server: &DohServer, message: &[u8]) -> HttpResponse {
    let request = format!(
        "GET /dns-query?dns={} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/dns-message\r\n\r\n",
        base64url(message)
    );
    exchange(server, request.as_bytes())
}

fn post(server: &DohServer, content_type: &str, message: &[u8]) -> HttpResponse {
    let mut request = format!(
        "POST /dns-query HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        message.len()
    )
    .into_bytes();
    request.extend_from_slice(message);
    exchange(server, &request)
}

/// A decoded response: the header fields the tests look at, and each
/// answer's owner, type and RDATA.
#[derive(Debug)]
struct Dns {
    id: u16,
    qr: bool,
    tc: bool,
    rcode: u8,
    answers: Vec<(String, u16, Vec<u8>)>,
}

fn read_name(bytes: &[u8], at: &mut usize) -> String {
    let mut labels = Vec::new();
    loop {
        let len = bytes[*at] as usize;
        *at += 1;
        if len == 0 {
            return labels.join(".");
        }
        assert!(len < 64, "compression is not expected from the fixture");
        labels.push(String::from_utf8(bytes[*at..*at + len].to_vec()).unwrap());
        *at += len;
    }
}

fn u16_at(bytes: &[u8], at: usize) -> u16 {
    u16::from_be_bytes([bytes[at], bytes[at + 1]])
}

fn decode(bytes: &[u8]) -> Dns {
    let flags = u16_at(bytes, 2);
    assert_eq!(u16_at(bytes, 4), 1, "one question echoed");
    let count = u16_at(bytes, 6);
    let mut at = 12;
    read_name(bytes, &mut at);
    at += 4;
    let mut answers = Vec::new();
    for _ in 0..count {
        let owner = read_name(bytes, &mut at);
        let rtype = u16_at(bytes, at);
        assert_eq!(u16_at(bytes, at + 2), 1, "class IN");
        let length = u16_at(bytes, at + 8) as usize;
        at += 10;
        answers.push((owner, rtype, bytes[at..at + length].to_vec()));
        at += length;
    }
    assert_eq!(at, bytes.len(), "nothing after the answers");
    Dns {
        id: u16_at(bytes, 0),
        qr: flags & 0x8000 != 0,
        tc: flags & 0x0200 != 0,
        rcode: (flags & 0x0f) as u8,
        answers,
    }
}

fn character_strings(rdata: &[u8]) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    let mut at = 0;
    while at < rdata.len() {
        let len = rdata[at] as usize;
        out.push(rdata[at + 1..at + 1 + len].to_vec());
        at += 1 + len;
    }
    out
}

fn zone_txt_strings(zone: &Zone, name: &str) -> Vec<Vec<Vec<u8>>> {
    zone.resolver
        .lookup(name, RecordType::Txt)
        .records()
        .iter()
        .map(|r| match r {
            Record::Txt(t) => t.strings.clone(),
            other => panic!("{other:?}"),
        })
        .collect()
}

fn dns_get(server: &DohServer, name: &str, qtype: u16) -> Dns {
    let response = get(server, &query(0x4242, name, qtype));
    assert_eq!(response.status, 200, "{name}: {}", String::from_utf8_lossy(&response.body));
    assert_eq!(response.header("content-type"), Some("application/dns-message"));
    let dns = decode(&response.body);
    assert_eq!(dns.id, 0x4242);
    assert!(dns.qr);
    dns
}

#[test]
fn txt_answers_carry_the_zone_strings() {
    let server = server();
    let name = "google._domainkey.healthy.test";
    let dns = dns_get(&server, name, TXT);
    assert_eq!(dns.rcode, 0);
    let got: Vec<Vec<Vec<u8>>> = dns
        .answers
        .iter()
        .map(|(owner, rtype, rdata)| {
            assert_eq!((owner.as_str(), *rtype), (name, TXT));
            character_strings(rdata)
        })
        .collect();
    let want = zone_txt_strings(server.zone(), name);
    assert_eq!(got, want);
    assert_eq!(got.len(), 1);
    assert!(got[0].len() > 1, "the 2048-bit key spans several strings");
    assert!(got[0][0].starts_with(b"v=DKIM1; k=rsa; p=MIIB"));
}

#[test]
fn addresses_mail_exchangers_and_aliases() {
    let server = server();
    let mx = dns_get(&server, "healthy.test", MX);
    let exchanges: Vec<(u16, String)> = mx
        .answers
        .iter()
        .map(|(_, rtype, rdata)| {
            assert_eq!(*rtype, MX);
            let mut at = 2;
            (u16_at(rdata, 0), read_name(rdata, &mut at))
        })
        .collect();
    assert_eq!(exchanges, [(10, "mx1.healthy.test".to_string()), (20, "mx2.healthy.test".to_string())]);
    let a = dns_get(&server, "MX1.healthy.test", A);
    assert_eq!(a.answers, [("MX1.healthy.test".to_string(), A, vec![192, 0, 2, 25])]);
    let aaaa = dns_get(&server, "mx1.healthy.test", 28);
    assert_eq!(aaaa.answers[0].2, "2001:db8:25::1".parse::<std::net::Ipv6Addr>().unwrap().octets());
    // The alias is followed; the final record is returned under the name asked.
    let www = dns_get(&server, "www.healthy.test", A);
    assert_eq!(www.answers, [("www.healthy.test".to_string(), A, vec![192, 0, 2, 80])]);
    let null_mx = dns_get(&server, "nullmx.test", MX);
    assert_eq!(null_mx.answers[0].2, [0, 0, 0]);
}

#[test]
fn nxdomain_and_nodata() {
    let server = server();
    let missing = dns_get(&server, "nope.healthy.test", TXT);
    assert_eq!((missing.rcode, missing.answers.len()), (3, 0));
    let no_auth = dns_get(&server, "unauth.test._report._dmarc.collector.test", TXT);
    assert_eq!((no_auth.rcode, no_auth.answers.len()), (3, 0));
    let no_data = dns_get(&server, "healthy.test", 12);
    assert_eq!((no_data.rcode, no_data.answers.len()), (0, 0));
    // Types the core has no records of: NODATA where the name exists.
    let soa = dns_get(&server, "healthy.test", 6);
    assert_eq!((soa.rcode, soa.answers.len()), (0, 0));
    let soa_missing = dns_get(&server, "nope.healthy.test", 6);
    assert_eq!(soa_missing.rcode, 3);
}

#[test]
fn dns_faults() {
    let server = server();
    assert_eq!(dns_get(&server, "servfail.faults.test", TXT).rcode, 2);
    assert_eq!(dns_get(&server, "_dmarc.servfail.test", TXT).rcode, 2);
    assert_eq!(dns_get(&server, "refused.faults.test", TXT).rcode, 5);
    let truncated = dns_get(&server, "truncated.faults.test", TXT);
    assert!(truncated.tc);
    assert_eq!((truncated.rcode, truncated.answers.len()), (0, 0));
    // Faults are per type: the same names answer A normally.
    for name in ["servfail", "refused", "truncated", "garbage", "http500", "timeout", "slowdrip", "oversized"]
    {
        let a = dns_get(&server, &format!("{name}.faults.test"), A);
        assert!(!a.tc && a.rcode == 0 && a.answers.len() == 1, "{name}: {a:?}");
    }
}

#[test]
fn transport_faults() {
    let server = server();
    let http500 = get(&server, &query(7, "http500.faults.test", TXT));
    assert_eq!(http500.status, 500);
    assert_eq!(http500.header("access-control-allow-origin"), Some("*"));

    let garbage = get(&server, &query(7, "garbage.faults.test", TXT));
    assert_eq!(garbage.status, 200);
    assert_eq!(garbage.header("content-type"), Some("application/dns-message"));
    let bytes = &garbage.body;
    assert!(bytes.len() >= 12);
    let looks_like_our_answer = u16_at(bytes, 0) == 7 && bytes[2] & 0x80 != 0;
    assert!(!looks_like_our_answer, "{bytes:?}");
}

#[test]
fn oversized_and_slow_drip_answers() {
    let server = server();
    let oversized = get(&server, &query(7, "oversized.faults.test", TXT));
    assert_eq!((oversized.status, oversized.body.len()), (200, 70_000));
    // The answer trickles: after 700 ms, the head and a few bytes at most.
    let mut stream = connect(&server);
    let request = format!(
        "GET /dns-query?dns={} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
        base64url(&query(9, "slowdrip.faults.test", TXT))
    );
    stream.write_all(request.as_bytes()).unwrap();
    stream.set_read_timeout(Some(Duration::from_millis(100))).unwrap();
    let started = Instant::now();
    let mut got = Vec::new();
    while started.elapsed() < Duration::from_millis(700) {
        let mut buffer = [0u8; 256];
        if let Ok(n) = stream.read(&mut buffer) {
            got.extend_from_slice(&buffer[..n]);
        }
    }
    let text = String::from_utf8_lossy(&got);
    let head_end = text.find("\r\n\r\n").expect("the head is sent at once") + 4;
    let length: usize = text
        .lines()
        .find_map(|l| l.strip_prefix("Content-Length: "))
        .and_then(|n| n.trim().parse().ok())
        .expect("a Content-Length");
    assert!(
        got.len() - head_end < length,
        "the whole answer came at once: {} of {length}",
        got.len() - head_end
    );
}

#[test]
fn timeout_holds_the_connection_until_the_server_stops() {
    let server = server();
    let mut stream = connect(&server);
    let request = format!(
        "GET /dns-query?dns={} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
        base64url(&query(9, "timeout.faults.test", TXT))
    );
    stream.write_all(request.as_bytes()).unwrap();
    stream.set_read_timeout(Some(Duration::from_millis(700))).unwrap();
    let mut buffer = [0u8; 64];
    let waited = stream.read(&mut buffer);
    assert!(
        matches!(&waited, Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut)),
        "answered: {waited:?}"
    );
    drop(server);
    stream.set_read_timeout(Some(GUARD)).unwrap();
    let mut rest = Vec::new();
    let closed = stream.read_to_end(&mut rest);
    assert!(
        matches!(closed, Ok(0)) || matches!(&closed, Err(e) if e.kind() == ErrorKind::ConnectionReset),
        "{closed:?}: {rest:?}"
    );
}

#[test]
fn dropped_server_stops_listening() {
    let server = server();
    let port = server.port();
    assert_eq!(dns_get(&server, "healthy.test", TXT).rcode, 0);
    drop(server);
    assert!(TcpStream::connect(("127.0.0.1", port)).is_err());
}

#[test]
fn cors_on_answers_and_preflights() {
    let server = server();
    let answer = get(&server, &query(1, "healthy.test", TXT));
    assert_eq!(answer.header("access-control-allow-origin"), Some("*"));
    let preflight = exchange(
        &server,
        b"OPTIONS /dns-query HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: http://127.0.0.1:1\r\n\
          Access-Control-Request-Method: POST\r\nAccess-Control-Request-Headers: content-type\r\n\r\n",
    );
    assert!(preflight.status == 204 || preflight.status == 200, "{}", preflight.status);
    assert_eq!(preflight.header("access-control-allow-origin"), Some("*"));
    assert_eq!(preflight.header("access-control-allow-methods"), Some("GET, POST, OPTIONS"));
    assert_eq!(preflight.header("access-control-allow-headers"), Some("content-type, accept"));
    assert!(preflight.body.is_empty());
    let not_found = exchange(&server, b"GET /other HTTP/1.1\r\n\r\n");
    assert_eq!(not_found.status, 404);
    assert_eq!(not_found.header("access-control-allow-origin"), Some("*"));
}

#[test]
fn post_works_and_wants_the_dns_media_type() {
    let server = server();
    let response = post(&server, "application/dns-message", &query(0x0102, "_dmarc.healthy.test", TXT));
    assert_eq!(response.status, 200);
    let dns = decode(&response.body);
    assert_eq!(dns.id, 0x0102);
    let strings: Vec<Vec<Vec<u8>>> =
        dns.answers.iter().map(|(_, _, rdata)| character_strings(rdata)).collect();
    assert_eq!(strings, [[b"v=DMARC1; p=reject; rua=mailto:dmarc@healthy.test; adkim=s".to_vec()]]);
    let wrong = post(&server, "text/plain", &query(1, "healthy.test", TXT));
    assert_eq!(wrong.status, 415);
}

#[test]
fn malformed_requests_get_400() {
    let server = server();
    let bad = |target: &str| {
        let response =
            exchange(&server, format!("GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").as_bytes());
        (response.status, String::from_utf8_lossy(&response.body).into_owned())
    };
    assert_eq!(bad("/dns-query?dns=!!!!").0, 400);
    assert_eq!(bad("/dns-query?dns=%zz").0, 400);
    assert_eq!(bad("/dns-query").0, 400);
    // Base64url, but not a DNS query: too short, a response, two questions.
    assert_eq!(bad("/dns-query?dns=AAAA").0, 400);
    let mut response_bit = query(1, "healthy.test", TXT);
    response_bit[2] |= 0x80;
    assert_eq!(bad(&format!("/dns-query?dns={}", base64url(&response_bit))).0, 400);
    let mut two = query(1, "healthy.test", TXT);
    two[5] = 2;
    let (status, words) = bad(&format!("/dns-query?dns={}", base64url(&two)));
    assert_eq!(status, 400);
    assert!(words.contains("2 questions"), "{words}");
    let cut = query(1, "healthy.test", TXT);
    assert_eq!(post(&server, "application/dns-message", &cut[..cut.len() - 3]).status, 400);
    assert_eq!(exchange(&server, b"NONSENSE\r\n\r\n").status, 400);
    assert_eq!(exchange(&server, b"PUT /dns-query HTTP/1.1\r\n\r\n").status, 405);
    // After all that, the server still answers.
    assert_eq!(dns_get(&server, "healthy.test", TXT).rcode, 0);
}

#[test]
fn latency_delays_answers() {
    let server = server();
    server.set_latency_ms(300);
    let started = Instant::now();
    assert_eq!(dns_get(&server, "healthy.test", TXT).rcode, 0);
    assert!(started.elapsed() >= Duration::from_millis(300), "{:?}", started.elapsed());

    // The zone's own $LATENCY, on top.
    server.set_latency_ms(0);
    let started = Instant::now();
    assert_eq!(dns_get(&server, "slow.faults.test", TXT).answers.len(), 1);
    assert!(started.elapsed() >= Duration::from_millis(200), "{:?}", started.elapsed());
}

#[test]
fn queries_are_logged() {
    let server = server();
    dns_get(&server, "Healthy.TEST", TXT);
    dns_get(&server, "_dmarc.healthy.test", TXT);
    let _ = get(&server, b"not dns");
    let log: Vec<(String, u16)> = server.queries().into_iter().map(|q| (q.name, q.qtype)).collect();
    assert_eq!(log, [("healthy.test".to_string(), TXT), ("_dmarc.healthy.test".to_string(), TXT)]);
}
