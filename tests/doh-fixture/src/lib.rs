//! A DNS-over-HTTPS fixture server for tests: RFC 8484 over plain HTTP on
//! 127.0.0.1, answering from zone files (read by the core's
//! [`dmarc_lens::dns::zone`]), with the latency and faults the zones ask
//! for, and CORS headers so a page on another origin can use it.
//!
//! ```no_run
//! use dmarc_lens_doh_fixture::{fixture_zones, DohServer};
//! let server = DohServer::start(fixture_zones().unwrap());
//! // Point a DoH client at this; the server stops when `server` is dropped.
//! println!("{}", server.url()); // http://127.0.0.1:PORT/dns-query
//! server.set_latency_ms(50);
//! ```
//!
//! # What it answers
//!
//! `GET /dns-query?dns=<base64url, no padding>` and `POST /dns-query` with
//! `Content-Type: application/dns-message`; responses are
//! `application/dns-message`. `OPTIONS` preflights get
//! `Access-Control-Allow-Methods: GET, POST, OPTIONS` and
//! `Access-Control-Allow-Headers: content-type, accept`; every response has
//! `Access-Control-Allow-Origin: *`. One request per connection
//! (`Connection: close`, with `Content-Length`).
//!
//! A query's answer comes from [`MemoryResolver::lookup`]: records (a CNAME
//! chain followed and returned as the final records, owned by the name
//! asked), NXDOMAIN (RCODE 3), or NODATA (NOERROR, no answers). Types the
//! core does not know get NODATA or NXDOMAIN. Before that, in order:
//!
//! 1. The latency: [`DohServer::set_latency_ms`] plus the largest `$LATENCY`
//!    for the name (or `*`).
//! 2. The first `$FAULT` for the name and type: `servfail` and `refused`
//!    answer that RCODE, `timeout` never answers (the connection is held
//!    until the server is dropped), `garbage` is HTTP 200 with 48
//!    random-looking bytes that are no DNS response (the wrong ID, QR
//!    clear), `http500` is HTTP 500, `truncated` is a response with TC
//!    set and no answers, `slowdrip` is the good answer sent one byte
//!    every 200 ms, and `oversized` is HTTP 200 with 70,000 bytes, more
//!    than any DNS message.
//!
//! Malformed requests get HTTP 400 (a bad `dns` parameter, a message that
//! is no query), other paths 404, other methods 405, other content types
//! 415. The server never panics on what it is sent.
//!
//! [`MemoryResolver::lookup`]: dmarc_lens::dns::MemoryResolver::lookup

mod http;
mod wire;
mod zones;

use std::io::{self, BufReader};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use dmarc_lens::dns::zone::FaultKind;
use dmarc_lens::dns::{Answer, Failure, RecordType};

pub use dmarc_lens::dns::zone::Zone;
pub use zones::{fixture_zones, load_zones, zones_dir, LoadError};

use http::{base64url_decode, percent_decode, read_request, write_response, ReadError, Request};
use wire::{decode_query, encode_response, Query, Response};

/// The path RFC 8484 examples use, and the only one served.
pub const PATH: &str = "/dns-query";
/// The media type of DNS messages (RFC 8484 §6).
pub const DNS_MESSAGE: &str = "application/dns-message";
/// How long a connection may stay silent before the server closes it.
const READ_TIMEOUT: Duration = Duration::from_secs(10);

/// One query the server was asked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoggedQuery {
    /// The name, lower case, without the trailing dot.
    pub name: String,
    /// The QTYPE (e.g. 16 for TXT).
    pub qtype: u16,
}

/// A running fixture server; stops when dropped.
pub struct DohServer {
    shared: Arc<Shared>,
    port: u16,
    accept: Option<JoinHandle<()>>,
}

struct Shared {
    zone: Zone,
    latency_ms: AtomicU64,
    stopped: Mutex<bool>,
    wake: Condvar,
    log: Mutex<Vec<LoggedQuery>>,
}

/// Locks, taking the data even if a thread panicked while holding it.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Shared {
    fn stop(&self) {
        *lock(&self.stopped) = true;
        self.wake.notify_all();
    }

    fn is_stopped(&self) -> bool {
        *lock(&self.stopped)
    }

    /// Waits `ms` milliseconds, or less when the server stops; whether
    /// the whole wait passed.
    fn sleep(&self, ms: u64) -> bool {
        let deadline = Instant::now() + Duration::from_millis(ms);
        let mut stopped = lock(&self.stopped);
        loop {
            if *stopped {
                return false;
            }
            let now = Instant::now();
            if now >= deadline {
                return true;
            }
            stopped = match self.wake.wait_timeout(stopped, deadline - now) {
                Ok((guard, _)) => guard,
                Err(poisoned) => poisoned.into_inner().0,
            };
        }
    }

    /// Blocks until the server stops (without spinning).
    fn hang(&self) {
        let mut stopped = lock(&self.stopped);
        while !*stopped {
            stopped = self.wake.wait(stopped).unwrap_or_else(|poisoned| poisoned.into_inner());
        }
    }
}

impl DohServer {
    /// Serves `zone` on a free port of 127.0.0.1.
    ///
    /// # Panics
    /// When no port of 127.0.0.1 can be bound (use [`DohServer::bind`] to
    /// handle that).
    pub fn start(zone: Zone) -> DohServer {
        match DohServer::bind(zone, 0) {
            Ok(server) => server,
            Err(e) => panic!("cannot listen on 127.0.0.1: {e}"),
        }
    }

    /// Serves `zone` on `port` of 127.0.0.1 (0 for a free one).
    pub fn bind(zone: Zone, port: u16) -> io::Result<DohServer> {
        let listener = TcpListener::bind(("127.0.0.1", port))?;
        let port = listener.local_addr()?.port();
        let shared = Arc::new(Shared {
            zone,
            latency_ms: AtomicU64::new(0),
            stopped: Mutex::new(false),
            wake: Condvar::new(),
            log: Mutex::new(Vec::new()),
        });
        let accepting = shared.clone();
        let accept = thread::Builder::new().name("doh-fixture-accept".into()).spawn(move || {
            for stream in listener.incoming() {
                if accepting.is_stopped() {
                    break;
                }
                match stream {
                    Ok(stream) => {
                        let shared = accepting.clone();
                        // A thread that cannot start drops its connection.
                        let _ = thread::Builder::new().name("doh-fixture-conn".into()).spawn(move || {
                            let _ = serve(stream, &shared);
                        });
                    }
                    // Out of file descriptors, say: let some close.
                    Err(_) => thread::sleep(Duration::from_millis(10)),
                }
            }
        })?;
        Ok(DohServer { shared, port, accept: Some(accept) })
    }

    /// The DoH endpoint, e.g. `http://127.0.0.1:PORT/dns-query`.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}{PATH}", self.port)
    }

    /// The port listened on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Delays every answer by `ms` milliseconds from now on (added to any
    /// `$LATENCY` of the zone).
    pub fn set_latency_ms(&self, ms: u64) {
        self.shared.latency_ms.store(ms, Ordering::Relaxed);
    }

    /// Every query decoded so far, in the order they arrived.
    pub fn queries(&self) -> Vec<LoggedQuery> {
        lock(&self.shared.log).clone()
    }

    /// The zone served.
    pub fn zone(&self) -> &Zone {
        &self.shared.zone
    }
}

impl Drop for DohServer {
    fn drop(&mut self) {
        self.shared.stop();
        // Wake the accept loop so it sees the flag, and wait for it to let
        // go of the port.
        if TcpStream::connect(("127.0.0.1", self.port)).is_ok() {
            if let Some(accept) = self.accept.take() {
                let _ = accept.join();
            }
        }
    }
}

/// What to send back for one query.
enum Reply {
    Dns(Response),
    /// The answer, one byte every [`DRIP_MS`].
    Drip(Response),
    Garbage,
    Http500,
    Oversized,
    Hang,
}

/// How long `slowdrip` waits between the bytes of its answer.
const DRIP_MS: u64 = 200;

fn reply_of_failure(failure: &Failure) -> Reply {
    match failure {
        Failure::Refused => Reply::Dns(rcode(wire::REFUSED)),
        Failure::Timeout => Reply::Hang,
        _ => Reply::Dns(rcode(wire::SERVFAIL)),
    }
}

fn rcode(rcode: u8) -> Response {
    Response { rcode, ..Response::default() }
}

impl Shared {
    fn answer(&self, query: &Query) -> Reply {
        let latency =
            self.latency_ms.load(Ordering::Relaxed).saturating_add(self.zone.latency_ms(&query.name));
        if latency > 0 && !self.sleep(latency) {
            return Reply::Hang;
        }
        if query.opcode != 0 {
            return Reply::Dns(rcode(wire::NOTIMP));
        }
        if query.qclass != wire::CLASS_IN {
            return Reply::Dns(rcode(wire::REFUSED));
        }
        let known = RecordType::from_code(query.qtype);
        let name = query.name.to_ascii_lowercase();
        let fault = self
            .zone
            .faults
            .iter()
            .find(|f| f.name == name && (f.record_type.is_none() || f.record_type == known));
        if let Some(fault) = fault {
            return match fault.kind {
                FaultKind::ServFail => Reply::Dns(rcode(wire::SERVFAIL)),
                FaultKind::Refused => Reply::Dns(rcode(wire::REFUSED)),
                FaultKind::Timeout => Reply::Hang,
                FaultKind::Garbage => Reply::Garbage,
                FaultKind::Http500 => Reply::Http500,
                FaultKind::Truncated => Reply::Dns(Response { truncated: true, ..Response::default() }),
                FaultKind::Oversized => Reply::Oversized,
                FaultKind::SlowDrip => match self.answer_records(&name, known) {
                    Reply::Dns(response) => Reply::Drip(response),
                    other => other,
                },
            };
        }
        self.answer_records(&name, known)
    }

    /// The zone's answer for `name` and the type asked.
    fn answer_records(&self, name: &str, known: Option<RecordType>) -> Reply {
        match known {
            Some(t) => match self.zone.resolver.lookup(name, t) {
                Answer::Records(answers) => Reply::Dns(Response { answers, ..Response::default() }),
                Answer::NxDomain => Reply::Dns(rcode(wire::NXDOMAIN)),
                Answer::NoData => Reply::Dns(rcode(wire::NOERROR)),
                Answer::Failed(failure) => reply_of_failure(&failure),
            },
            // A type the core has no records of: NODATA where the name exists.
            None => match self.zone.resolver.lookup(name, RecordType::Cname) {
                Answer::NxDomain => Reply::Dns(rcode(wire::NXDOMAIN)),
                Answer::Failed(failure) => reply_of_failure(&failure),
                Answer::Records(_) | Answer::NoData => Reply::Dns(rcode(wire::NOERROR)),
            },
        }
    }
}

/// 48 bytes that look random and are no response to `id`: another ID, and
/// QR clear.
fn garbage(id: u16) -> Vec<u8> {
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15 ^ u64::from(id);
    let mut out: Vec<u8> = (0..48)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 32) as u8
        })
        .collect();
    out[..2].copy_from_slice(&(!id).to_be_bytes());
    out[2] &= 0x7f;
    out
}

fn text(out: &mut TcpStream, status: &str, headers: &[(&str, &str)], words: &str) -> io::Result<()> {
    write_response(out, status, headers, "text/plain; charset=utf-8", format!("{words}\n").as_bytes())
}

fn bad_request(out: &mut TcpStream, why: &str) -> io::Result<()> {
    text(out, "400 Bad Request", &[], why)
}

/// The DNS message a request carries, or the response already sent.
fn message_of(request: Request, out: &mut TcpStream) -> io::Result<Option<Vec<u8>>> {
    match request.method.as_str() {
        "GET" => {
            let Some(parameter) = request.parameter("dns") else {
                bad_request(out, "missing the dns parameter")?;
                return Ok(None);
            };
            match percent_decode(parameter).and_then(|text| base64url_decode(&text)) {
                Some(message) => Ok(Some(message)),
                None => {
                    bad_request(out, "the dns parameter is not base64url")?;
                    Ok(None)
                }
            }
        }
        "POST" => {
            let media_type =
                request.header("content-type").unwrap_or("").split(';').next().unwrap_or("").trim();
            if !media_type.eq_ignore_ascii_case(DNS_MESSAGE) {
                text(
                    out,
                    "415 Unsupported Media Type",
                    &[],
                    "POST needs Content-Type: application/dns-message",
                )?;
                return Ok(None);
            }
            Ok(Some(request.body))
        }
        "OPTIONS" => {
            let mut headers = vec![
                ("Access-Control-Allow-Methods", "GET, POST, OPTIONS"),
                ("Access-Control-Allow-Headers", "content-type, accept"),
                ("Access-Control-Max-Age", "600"),
            ];
            if request.header("access-control-request-private-network").is_some() {
                headers.push(("Access-Control-Allow-Private-Network", "true"));
            }
            write_response(out, "204 No Content", &headers, "", b"")?;
            Ok(None)
        }
        _ => {
            text(out, "405 Method Not Allowed", &[("Allow", "GET, POST, OPTIONS")], "GET, POST or OPTIONS")?;
            Ok(None)
        }
    }
}

/// Answers one request on `stream`, then closes it.
fn serve(stream: TcpStream, shared: &Shared) -> io::Result<()> {
    stream.set_read_timeout(Some(READ_TIMEOUT))?;
    stream.set_write_timeout(Some(READ_TIMEOUT))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut out = stream;
    let request = match read_request(&mut reader) {
        Ok(request) => request,
        Err(ReadError::Closed | ReadError::Io) => return Ok(()),
        Err(ReadError::Bad(why)) => return bad_request(&mut out, why),
        Err(ReadError::TooLarge) => {
            return text(&mut out, "413 Content Too Large", &[], "a DNS message is at most 65535 bytes")
        }
    };
    if request.path != PATH {
        return text(&mut out, "404 Not Found", &[], "DNS over HTTPS is at /dns-query");
    }
    let Some(message) = message_of(request, &mut out)? else { return Ok(()) };
    let query = match decode_query(&message) {
        Ok(query) => query,
        Err(e) => return bad_request(&mut out, &e.to_string()),
    };
    lock(&shared.log).push(LoggedQuery { name: query.name.to_ascii_lowercase(), qtype: query.qtype });
    let response = match shared.answer(&query) {
        Reply::Hang => {
            shared.hang();
            return Ok(());
        }
        Reply::Http500 => return text(&mut out, "500 Internal Server Error", &[], "fault: http500"),
        Reply::Oversized => vec![0u8; 70_000],
        Reply::Garbage => garbage(query.id),
        Reply::Drip(response) => {
            let bytes = encode_response(&query, &response).unwrap_or_default();
            return drip(shared, &mut out, &bytes);
        }
        Reply::Dns(response) => match encode_response(&query, &response) {
            Ok(bytes) => bytes,
            // Records that do not fit the wire: say so as DNS does.
            Err(_) => match encode_response(&query, &rcode(wire::SERVFAIL)) {
                Ok(bytes) => bytes,
                Err(e) => return text(&mut out, "500 Internal Server Error", &[], &e.to_string()),
            },
        },
    };
    write_response(&mut out, "200 OK", &[], DNS_MESSAGE, &response)
}

/// Sends a 200 response with `body` one byte every [`DRIP_MS`], until it is
/// all sent, the client hangs up, or the server stops.
fn drip(shared: &Shared, out: &mut TcpStream, body: &[u8]) -> io::Result<()> {
    use std::io::Write;
    let head = format!(
        "HTTP/1.1 200 OK\r\n{}Cache-Control: no-store\r\nConnection: close\r\nContent-Type: {DNS_MESSAGE}\r\nContent-Length: {}\r\n\r\n",
        http::CORS,
        body.len()
    );
    out.write_all(head.as_bytes())?;
    out.flush()?;
    for byte in body {
        if !shared.sleep(DRIP_MS) {
            return Ok(());
        }
        out.write_all(&[*byte])?;
        out.flush()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn garbage_is_no_response() {
        for id in [0, 1, 0x1234, u16::MAX] {
            let bytes = garbage(id);
            assert_eq!(bytes.len(), 48);
            assert_ne!(u16::from_be_bytes([bytes[0], bytes[1]]), id);
            assert_eq!(bytes[2] & 0x80, 0);
            let distinct: std::collections::HashSet<u8> = bytes.iter().copied().collect();
            assert!(distinct.len() > 24, "{bytes:?}");
        }
        assert_ne!(garbage(1), garbage(2));
    }

    /// Malformed input of every kind is refused, never a panic: random
    /// bytes, and a real query with random bytes changed.
    #[test]
    fn random_input_never_panics() {
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let real = [
            0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 7, b'h', b'e', b'a', b'l', b't', b'h', b'y', 4,
            b't', b'e', b's', b't', 0, 0, 16, 0, 1,
        ];
        let mut decoded = 0;
        for round in 0..20_000 {
            let bytes: Vec<u8> = if round % 2 == 0 {
                (0..next() % 64).map(|_| next() as u8).collect()
            } else {
                let mut q = real.to_vec();
                for _ in 0..1 + next() % 3 {
                    let at = (next() % q.len() as u64) as usize;
                    q[at] = next() as u8;
                }
                q.truncate((next() % 40) as usize);
                q
            };
            if decode_query(&bytes).is_ok() {
                decoded += 1;
            }
            let text = String::from_utf8_lossy(&bytes);
            let _ = base64url_decode(&text);
            let _ = percent_decode(&text);
            let _ = read_request(&mut &bytes[..]);
        }
        // Some mutated queries are still queries; most inputs are not.
        assert!(decoded > 0 && decoded < 20_000, "{decoded}");
    }

    #[test]
    fn qtypes_map_to_the_core_types() {
        assert_eq!(RecordType::from_code(16), Some(RecordType::Txt));
        assert_eq!(RecordType::from_code(28), Some(RecordType::Aaaa));
        assert_eq!(RecordType::from_code(6), None);
    }
}
