//! A [`Resolver`] over DNS over HTTPS (RFC 8484) for the command line:
//! native only, behind the `cli` feature (the browser has its own, over
//! `fetch`).
//!
//! Each query is an RFC 8484 GET (`?dns=` and the query in base64url, with
//! `accept: application/dns-message`), made by a blocking HTTP client on a
//! thread of its own; the thread hands the answer to the query's future and
//! wakes it. So [`join_all`](crate::check::join::join_all) under
//! [`block_on`](crate::check::join::block_on) runs queries side by side
//! without an async runtime.

use std::future::{poll_fn, Future};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::task::{Poll, Waker};
use std::time::Duration;

use super::wire::{self, MEDIA_TYPE};
use super::{Answer, Failure, RecordType, Resolver};

/// The longest response body read: the largest DNS message (RFC 8484 §6).
const MAX_BODY: u64 = 65_535;

/// Asks a DNS-over-HTTPS server, e.g. `https://dns.example/dns-query`.
///
/// Every query has its own time limit ([`DohResolver::DEFAULT_TIMEOUT`]
/// unless set), and is tried once more after a timeout or a network error.
/// The response must be HTTP 200 with the media type
/// `application/dns-message`; its message is then read by
/// [`wire::decode_answer`]. The query ID is 0, as RFC 8484 §4.1 advises.
#[derive(Clone, Debug)]
pub struct DohResolver {
    url: String,
    timeout: Duration,
    agent: ureq::Agent,
}

impl DohResolver {
    /// The time limit of one attempt at a query, by default.
    pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(5);

    /// A resolver asking the server at `url` (the RFC 8484 URI template
    /// without `{?dns}`), with [`DohResolver::DEFAULT_TIMEOUT`].
    pub fn new(url: impl Into<String>) -> Self {
        Self::with_timeout(url, Self::DEFAULT_TIMEOUT)
    }

    /// A resolver asking the server at `url`, giving each attempt at a
    /// query `timeout` (connection, request and response together).
    pub fn with_timeout(url: impl Into<String>, timeout: Duration) -> Self {
        let config = ureq::Agent::config_builder()
            .timeout_global(Some(timeout))
            .http_status_as_error(false)
            .user_agent(concat!("dmarc-lens/", env!("CARGO_PKG_VERSION")))
            .build();
        DohResolver { url: url.into(), timeout, agent: ureq::Agent::new_with_config(config) }
    }

    /// The server's URL.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The time limit of one attempt at a query.
    pub fn timeout(&self) -> Duration {
        self.timeout
    }
}

impl Resolver for DohResolver {
    fn query(&self, name: &str, record_type: RecordType) -> impl Future<Output = Answer> {
        let job =
            Job { agent: self.agent.clone(), url: self.url.clone(), name: name.to_string(), record_type };
        // Nothing happens until the future is first polled.
        async move {
            let slot = match job.spawn() {
                Ok(slot) => slot,
                Err(failure) => return Answer::Failed(failure),
            };
            poll_fn(|cx| {
                let mut shared = lock(&slot);
                match shared.answer.take() {
                    Some(answer) => Poll::Ready(answer),
                    None => {
                        shared.waker = Some(cx.waker().clone());
                        Poll::Pending
                    }
                }
            })
            .await
        }
    }
}

/// What the query's thread and its future share.
#[derive(Default)]
struct Shared {
    answer: Option<Answer>,
    waker: Option<Waker>,
}

fn lock(shared: &Mutex<Shared>) -> MutexGuard<'_, Shared> {
    // The thread never panics while holding the lock, but if it did, the
    // state is still consistent.
    shared.lock().unwrap_or_else(PoisonError::into_inner)
}

/// One query, ready to run on its own thread.
struct Job {
    agent: ureq::Agent,
    url: String,
    name: String,
    record_type: RecordType,
}

impl Job {
    /// Starts the query's thread; the answer arrives in the shared slot.
    fn spawn(self) -> Result<Arc<Mutex<Shared>>, Failure> {
        let slot = Arc::new(Mutex::new(Shared::default()));
        let worker = Arc::clone(&slot);
        std::thread::Builder::new()
            .name(format!("doh {} {}", self.name, self.record_type))
            .spawn(move || {
                let answer = self.run();
                let waker = {
                    let mut shared = lock(&worker);
                    shared.answer = Some(answer);
                    shared.waker.take()
                };
                if let Some(waker) = waker {
                    waker.wake();
                }
            })
            .map_err(|e| Failure::Network(format!("no thread could be started for the query: {e}")))?;
        Ok(slot)
    }

    /// Asks, and once more after a timeout or a network error.
    fn run(&self) -> Answer {
        let query = match wire::encode_query(0, &self.name, self.record_type) {
            Ok(query) => query,
            Err(e) => return Answer::Failed(Failure::InvalidName(e.to_string())),
        };
        let separator = if self.url.contains('?') { '&' } else { '?' };
        let url = format!("{}{separator}dns={}", self.url, wire::base64url(&query));
        let mut attempt = self.fetch(&url);
        if matches!(attempt, Err(Failure::Timeout | Failure::Network(_))) {
            attempt = self.fetch(&url);
        }
        match attempt {
            Ok(message) => wire::decode_answer(&self.name, self.record_type, &message),
            Err(failure) => Answer::Failed(failure),
        }
    }

    /// One HTTP exchange: the DNS message, or why there is none.
    fn fetch(&self, url: &str) -> Result<Vec<u8>, Failure> {
        let mut response = self.agent.get(url).header("accept", MEDIA_TYPE).call().map_err(failure_of)?;
        let status = response.status().as_u16();
        if status != 200 {
            return Err(Failure::Http(status));
        }
        let media_type = response
            .headers()
            .get("content-type")
            .map(|value| {
                String::from_utf8_lossy(value.as_bytes()).split(';').next().unwrap_or("").trim().to_string()
            })
            .unwrap_or_default();
        if !media_type.eq_ignore_ascii_case(MEDIA_TYPE) {
            let got = if media_type.is_empty() { "of no media type".to_string() } else { media_type };
            return Err(Failure::Undecodable(format!("the response is {got}, not {MEDIA_TYPE}")));
        }
        response.body_mut().with_config().limit(MAX_BODY).read_to_vec().map_err(failure_of)
    }
}

/// The failure an HTTP client error stands for.
fn failure_of(error: ureq::Error) -> Failure {
    match error {
        ureq::Error::Timeout(_) => Failure::Timeout,
        ureq::Error::Io(e) if e.kind() == std::io::ErrorKind::TimedOut => Failure::Timeout,
        ureq::Error::StatusCode(status) => Failure::Http(status),
        ureq::Error::BodyExceedsLimit(_) => Failure::Undecodable(
            "the response is longer than 65,535 bytes, the most a DNS message may be".to_string(),
        ),
        ureq::Error::Protocol(e) => {
            Failure::Undecodable(format!("the server's reply is not valid HTTP ({e})"))
        }
        other => Failure::Network(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::join::{block_on, join_all};
    use crate::dns::{Record, Txt};
    use std::io::{Read, Write};
    use std::net::{TcpListener, TcpStream};
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Instant;

    /// A tiny DoH server on 127.0.0.1: the path says how it behaves. It
    /// counts the requests it gets.
    struct Server {
        base: String,
        requests: Arc<AtomicUsize>,
    }

    fn serve() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let requests = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&requests);
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                counter.fetch_add(1, Ordering::SeqCst);
                std::thread::spawn(move || handle(stream));
            }
        });
        Server { base, requests }
    }

    fn good_answer() -> Answer {
        Answer::Records(vec![Record::Txt(Txt::new(["v=spf1 ", "-all"]))])
    }

    fn handle(mut stream: TcpStream) {
        let mut head = Vec::new();
        let mut buf = [0u8; 2048];
        while !head.windows(4).any(|w| w == b"\r\n\r\n") {
            match stream.read(&mut buf) {
                Ok(0) | Err(_) => return,
                Ok(n) => head.extend_from_slice(&buf[..n]),
            }
        }
        let head = String::from_utf8_lossy(&head).to_string();
        let target = head.split_whitespace().nth(1).unwrap_or("").to_string();
        let (path, query) = target.split_once('?').unwrap_or((&target, ""));
        let expected = wire::base64url(&wire::encode_query(0, "example.com", RecordType::Txt).unwrap());
        let asked_well = head.starts_with("GET ")
            && query == format!("dns={expected}")
            && head.to_ascii_lowercase().contains("\r\naccept: application/dns-message\r\n");
        let dns_message = "application/dns-message";
        let good = wire::encode_response(0, "example.com", RecordType::Txt, &good_answer()).unwrap();
        let (status, media_type, body): (u16, &str, Vec<u8>) = match path {
            "/good" | "/slow" if !asked_well => (400, "text/plain", b"bad request".to_vec()),
            "/good" => (200, "application/dns-message; charset=binary", good),
            "/slow" => {
                std::thread::sleep(Duration::from_millis(200));
                (200, dns_message, good)
            }
            "/status500" => (500, "text/plain", b"internal error".to_vec()),
            "/garbage" => (200, dns_message, b"\x00\x00garbage, not a DNS message".to_vec()),
            "/html" => (200, "text/html", b"<!doctype html><title>hi</title>".to_vec()),
            "/silent" => {
                // Hold the connection open, never answering.
                std::thread::sleep(Duration::from_secs(3));
                return;
            }
            _ => (404, "text/plain", b"not found".to_vec()),
        };
        let head = format!(
            "HTTP/1.1 {status} X\r\ncontent-type: {media_type}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
            body.len()
        );
        let _ = stream.write_all(head.as_bytes());
        let _ = stream.write_all(&body);
    }

    fn ask(server: &Server, path: &str, timeout: Duration) -> Answer {
        let resolver = DohResolver::with_timeout(format!("{}{path}", server.base), timeout);
        block_on(resolver.query("example.com", RecordType::Txt))
    }

    #[test]
    fn a_good_answer_is_decoded() {
        let server = serve();
        assert_eq!(ask(&server, "/good", Duration::from_secs(5)), good_answer());
        assert_eq!(server.requests.load(Ordering::SeqCst), 1);
    }

    #[test]
    fn http_errors_and_bad_bodies_are_told_apart_and_not_retried() {
        let server = serve();
        let timeout = Duration::from_secs(5);
        assert_eq!(ask(&server, "/status500", timeout), Answer::Failed(Failure::Http(500)));
        assert_eq!(ask(&server, "/nowhere", timeout), Answer::Failed(Failure::Http(404)));
        assert!(matches!(ask(&server, "/garbage", timeout), Answer::Failed(Failure::Undecodable(_))));
        assert_eq!(
            ask(&server, "/html", timeout),
            Answer::Failed(Failure::Undecodable(
                "the response is text/html, not application/dns-message".into()
            ))
        );
        assert_eq!(server.requests.load(Ordering::SeqCst), 4, "one request each");
    }

    #[test]
    fn a_silent_server_times_out_after_one_retry() {
        let server = serve();
        let started = Instant::now();
        assert_eq!(ask(&server, "/silent", Duration::from_millis(300)), Answer::Failed(Failure::Timeout));
        let took = started.elapsed();
        assert!(took >= Duration::from_millis(600) && took < Duration::from_millis(2500), "{took:?}");
        assert_eq!(server.requests.load(Ordering::SeqCst), 2, "the query is tried twice");
    }

    #[test]
    fn a_refused_connection_is_a_network_failure() {
        // Bind a port, then free it: nothing listens there.
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let resolver =
            DohResolver::with_timeout(format!("http://127.0.0.1:{port}/dns-query"), Duration::from_secs(2));
        assert!(matches!(
            block_on(resolver.query("example.com", RecordType::Txt)),
            Answer::Failed(Failure::Network(_))
        ));
        let bad = block_on(resolver.query("bad name.example", RecordType::Txt));
        assert!(matches!(bad, Answer::Failed(Failure::InvalidName(_))), "{bad:?}");
    }

    #[test]
    fn queries_run_side_by_side() {
        let server = serve();
        let resolver = DohResolver::with_timeout(format!("{}/slow", server.base), Duration::from_secs(5));
        let started = Instant::now();
        let answers = block_on(join_all((0..5).map(|_| resolver.query("example.com", RecordType::Txt))));
        let took = started.elapsed();
        println!("5 queries against a server taking 200 ms each: {took:?}");
        assert!(answers.iter().all(|a| *a == good_answer()), "{answers:?}");
        assert_eq!(server.requests.load(Ordering::SeqCst), 5);
        assert!(took < Duration::from_millis(700), "5 × 200 ms took {took:?}: not concurrent");
    }
}
