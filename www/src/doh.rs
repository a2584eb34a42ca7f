//! DNS over HTTPS from the browser (RFC 8484): the core's [`Resolver`] over
//! `fetch`, so the live check asks the resolver the visitor chose, and no
//! server of ours sees the domain.
//!
//! Each query is a GET with the message in `?dns=` (base64url) and
//! `accept: application/dns-message`, id 0 so HTTP caches can share it. A
//! query that times out (5 s by default) or cannot get through is tried
//! once more, as the command line's resolver does. Everything that can go
//! wrong keeps its own [`Failure`] kind, with the same words as natively
//! where the browser lets us know as much (it reports a CORS refusal and a
//! network failure alike, as [`Failure::Network`]).

use std::future::Future;
use std::pin::pin;
use std::task::Poll;

use dmarc_lens::dns::wire::{self, MEDIA_TYPE};
use dmarc_lens::dns::{Answer, Failure, RecordType, Resolver};
use gloo_net::http::Request;

/// A DoH service people can pick by name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Provider {
    /// The short key used in links (`&doh=cloudflare`) and in storage.
    pub key: &'static str,
    /// The name shown.
    pub name: &'static str,
    /// The RFC 8484 endpoint.
    pub url: &'static str,
}

/// The default resolver.
pub const DEFAULT: Provider =
    Provider { key: "cloudflare", name: "Cloudflare (1.1.1.1)", url: "https://cloudflare-dns.com/dns-query" };

/// The resolvers offered; the first is the default.
pub const PROVIDERS: &[Provider] = &[
    DEFAULT,
    Provider { key: "google", name: "Google Public DNS", url: "https://dns.google/dns-query" },
    Provider { key: "quad9", name: "Quad9", url: "https://dns.quad9.net/dns-query" },
];

/// How long one attempt at a query may take, by default.
pub const DEFAULT_TIMEOUT_MS: u32 = 5_000;

/// Queries a browser runs at once to one plain-HTTP endpoint: browsers
/// speak HTTP/2 only over TLS, and keep at most 6 HTTP/1.1 connections to a
/// host (Chromium, Firefox); more would only queue inside the browser, where
/// the check's own priorities (DMARC and SPF before DKIM probes) are lost.
pub const HTTP1_CONCURRENCY: usize = 6;

/// How many queries a check should have in flight at `url`: the core's
/// default over `https://` (HTTP/2 multiplexes them), [`HTTP1_CONCURRENCY`]
/// over plain HTTP.
pub fn concurrency(url: &str) -> usize {
    if url.trim().to_ascii_lowercase().starts_with("http://") {
        HTTP1_CONCURRENCY
    } else {
        dmarc_lens::check::resolver::DEFAULT_CONCURRENCY
    }
}

/// The longest response read: the largest DNS message (RFC 8484 §6).
const MAX_BODY: usize = 65_535;

/// Where the choice is remembered in this browser.
const STORAGE_KEY: &str = "dmarc-lens.doh";

/// What a tool says when the resolver chosen on the Domain page (or in
/// its link) is not one [`endpoint`] accepts.
pub fn unusable(choice: &str) -> String {
    format!("The resolver {} cannot be used: pick one on the Domain page.", dmarc_lens::quoted(choice))
}

/// The endpoint for a key (`cloudflare`, `google`, `quad9`) or a URL.
///
/// A URL must be `https://…`, or `http://127.0.0.1…` (a resolver on this
/// machine; the page's Content-Security-Policy allows no other plain-HTTP
/// address), without spaces or a fragment. Anything else gives `None`.
pub fn endpoint(choice: &str) -> Option<String> {
    let choice = choice.trim();
    if let Some(provider) = PROVIDERS.iter().find(|p| p.key.eq_ignore_ascii_case(choice)) {
        return Some(provider.url.to_string());
    }
    let lower = choice.to_ascii_lowercase();
    let allowed = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://").filter(|rest| is_loopback_host(rest)))
        .is_some_and(|rest| {
            let host = rest.split(['/', '?']).next().unwrap_or_default();
            !host.is_empty() && !rest.contains('#') && !rest.chars().any(char::is_whitespace)
        });
    allowed.then(|| choice.to_string())
}

/// Whether a URL's part after `http://` starts with the loopback address.
fn is_loopback_host(rest: &str) -> bool {
    rest.strip_prefix("127.0.0.1").is_some_and(|after| after.is_empty() || after.starts_with([':', '/']))
}

/// The provider a choice names, if it is a key rather than a URL.
pub fn provider(choice: &str) -> Option<Provider> {
    PROVIDERS.iter().copied().find(|p| p.key.eq_ignore_ascii_case(choice.trim()))
}

/// The remembered choice (a key or a URL), or the default's key.
pub fn remembered() -> String {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
        .filter(|c| endpoint(c).is_some())
        .unwrap_or_else(|| DEFAULT.key.to_string())
}

/// Remembers the choice in this browser (nothing happens when storage is
/// refused).
pub fn remember(choice: &str) {
    if let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = storage.set_item(STORAGE_KEY, choice.trim());
    }
}

/// The check's resolver over `url`: deduplicating, and with as many
/// queries in flight as the endpoint takes ([`concurrency`]). Every page
/// uses this one type, so the checks are compiled once into the bundle.
pub fn check_resolver(url: String) -> dmarc_lens::check::resolver::CheckResolver<DohResolver> {
    let limit = concurrency(&url);
    dmarc_lens::check::resolver::CheckResolver::with_concurrency(
        DohResolver::new(url, DEFAULT_TIMEOUT_MS),
        limit,
    )
}

/// A resolver over one DoH endpoint.
#[derive(Clone, Debug)]
pub struct DohResolver {
    url: String,
    timeout_ms: u32,
}

impl DohResolver {
    /// Queries `url`, giving up on an attempt after `timeout_ms`, and
    /// trying once more after a timeout or a network failure.
    pub fn new(url: impl Into<String>, timeout_ms: u32) -> Self {
        DohResolver { url: url.into(), timeout_ms }
    }

    /// The endpoint asked.
    pub fn url(&self) -> &str {
        &self.url
    }
}

impl Resolver for DohResolver {
    fn query(&self, name: &str, record_type: RecordType) -> impl Future<Output = Answer> {
        let (url, name, timeout_ms) = (self.url.clone(), name.to_string(), self.timeout_ms);
        async move {
            match once(&url, &name, record_type, timeout_ms).await {
                Answer::Failed(Failure::Timeout | Failure::Network(_)) => {
                    once(&url, &name, record_type, timeout_ms).await
                }
                answer => answer,
            }
        }
    }
}

/// Whichever finishes first: `Ok` for `a`, `Err` for `b`.
pub async fn race<A: Future, B: Future>(a: A, b: B) -> Result<A::Output, B::Output> {
    let (mut a, mut b) = (pin!(a), pin!(b));
    std::future::poll_fn(move |cx| {
        if let Poll::Ready(v) = a.as_mut().poll(cx) {
            return Poll::Ready(Ok(v));
        }
        if let Poll::Ready(v) = b.as_mut().poll(cx) {
            return Poll::Ready(Err(v));
        }
        Poll::Pending
    })
    .await
}

/// The media type of a `content-type` value, without parameters.
fn media_type(value: &str) -> &str {
    value.split(';').next().unwrap_or_default().trim()
}

/// One HTTP exchange: the DNS message, or why there is none.
async fn fetch(url: &str, dns: &str, signal: Option<&web_sys::AbortSignal>) -> Result<Vec<u8>, Failure> {
    let response = Request::get(url)
        .query([("dns", dns)])
        .header("accept", MEDIA_TYPE)
        .abort_signal(signal)
        .send()
        .await
        .map_err(|e| Failure::Network(e.to_string()))?;
    if response.status() != 200 {
        return Err(Failure::Http(response.status()));
    }
    let kind = response.headers().get("content-type").unwrap_or_default();
    let kind = media_type(&kind);
    if !kind.eq_ignore_ascii_case(MEDIA_TYPE) {
        let got = if kind.is_empty() { "of no media type".to_string() } else { kind.to_string() };
        return Err(Failure::Undecodable(format!("the response is {got}, not {MEDIA_TYPE}")));
    }
    let body = response.binary().await.map_err(|e| Failure::Network(e.to_string()))?;
    if body.len() > MAX_BODY {
        return Err(Failure::Undecodable(
            "the response is longer than 65,535 bytes, the most a DNS message may be".to_string(),
        ));
    }
    Ok(body)
}

/// Aborts a request when dropped before it is [`disarm`](AbortOnDrop::disarm)ed:
/// a request that timed out, or whose check was cancelled, gives its
/// connection back at once.
pub struct AbortOnDrop(Option<web_sys::AbortController>);

impl AbortOnDrop {
    /// A fresh controller (none if the browser has no `AbortController`).
    pub fn new() -> Self {
        AbortOnDrop(web_sys::AbortController::new().ok())
    }

    /// The signal to pass to the request.
    pub fn signal(&self) -> Option<web_sys::AbortSignal> {
        self.0.as_ref().map(web_sys::AbortController::signal)
    }

    /// The request finished: nothing to abort.
    pub fn disarm(mut self) {
        self.0 = None;
    }
}

impl Default for AbortOnDrop {
    fn default() -> Self {
        Self::new()
    }
}

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        if let Some(controller) = self.0.take() {
            controller.abort();
        }
    }
}

/// One attempt, within `timeout_ms`; a late or abandoned request is aborted.
async fn once(url: &str, name: &str, record_type: RecordType, timeout_ms: u32) -> Answer {
    let message = match wire::encode_query(0, name, record_type) {
        Ok(message) => message,
        Err(error) => return Answer::Failed(Failure::InvalidName(error.to_string())),
    };
    let dns = wire::base64url(&message);
    let abort = AbortOnDrop::new();
    let signal = abort.signal();
    let attempt = fetch(url, &dns, signal.as_ref());
    match race(attempt, gloo_timers::future::TimeoutFuture::new(timeout_ms)).await {
        Ok(answer) => {
            abort.disarm();
            match answer {
                Ok(bytes) => wire::decode_answer(name, record_type, &bytes),
                Err(failure) => Answer::Failed(failure),
            }
        }
        // Dropping `abort` aborts the request.
        Err(()) => Answer::Failed(Failure::Timeout),
    }
}
