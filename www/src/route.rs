//! Pages and their state live in the URL hash, so every view is a link:
//! `#/explain?r=<record>`, `#/domain?d=<domain>&selectors=a,b&ip=<address>&doh=<resolver>`,
//! `#/reports`, `#/build?tool=plan&d=<domain>&…` (every field of the Build
//! page's forms, see [`crate::pages::build`]).
//!
//! Parsing and printing are plain functions over strings, tested natively
//! and in the browser alike.

/// A page and its state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    /// Explain a pasted record.
    Explain {
        /// The record to explain (`r=`).
        record: String,
        /// The kind chosen by the user (`k=`), when not detected.
        kind: Option<String>,
    },
    /// Check a live domain.
    Domain {
        /// The domain to check (`d=`); empty shows just the form.
        domain: String,
        /// Extra DKIM selectors, comma-separated as typed (`selectors=`).
        selectors: String,
        /// An address to evaluate SPF for (`ip=`), as typed.
        ip: String,
        /// The resolver (`doh=`): a provider's key or a URL; `None` uses
        /// the one remembered in this browser.
        doh: Option<String>,
    },
    /// Read dropped reports.
    Reports,
    /// Build records: the form's fields as `key=value` pairs, in order,
    /// empty values left out.
    Build(Vec<(String, String)>),
    /// A hash that names no page.
    NotFound(String),
}

impl Route {
    /// Reads a location hash (`#/explain?r=...`, with or without the `#`).
    /// An empty hash is the Explain page.
    pub fn parse(hash: &str) -> Route {
        let hash = hash.strip_prefix('#').unwrap_or(hash);
        let (path, query) = hash.split_once('?').unwrap_or((hash, ""));
        let param = |key: &str| {
            query
                .split('&')
                .filter_map(|pair| pair.split_once('=').or(Some((pair, ""))))
                .find(|(k, _)| *k == key)
                .map(|(_, v)| decode(v))
        };
        match path.trim_end_matches('/') {
            "" | "/explain" => Route::Explain {
                record: param("r").unwrap_or_default(),
                kind: param("k").filter(|k| !k.is_empty()),
            },
            "/domain" => Route::Domain {
                domain: param("d").unwrap_or_default(),
                selectors: param("selectors").unwrap_or_default(),
                ip: param("ip").unwrap_or_default(),
                doh: param("doh").filter(|d| !d.is_empty()),
            },
            "/reports" => Route::Reports,
            "/build" => Route::Build(
                query
                    .split('&')
                    .filter_map(|pair| pair.split_once('='))
                    .map(|(k, v)| (decode(k), decode(v)))
                    .filter(|(k, v)| !k.is_empty() && !v.is_empty())
                    .collect(),
            ),
            _ => Route::NotFound(hash.to_string()),
        }
    }

    /// The hash for this route, starting with `#`.
    pub fn to_hash(&self) -> String {
        match self {
            Route::Explain { record, kind } => {
                let mut query = Vec::new();
                if !record.is_empty() {
                    query.push(format!("r={}", encode(record)));
                }
                if let Some(kind) = kind {
                    query.push(format!("k={}", encode(kind)));
                }
                if query.is_empty() {
                    "#/explain".to_string()
                } else {
                    format!("#/explain?{}", query.join("&"))
                }
            }
            Route::Domain { domain, selectors, ip, doh } => {
                let query: Vec<String> = [("d", domain.as_str()), ("selectors", selectors), ("ip", ip)]
                    .into_iter()
                    .chain(doh.as_deref().map(|d| ("doh", d)))
                    .filter(|(_, value)| !value.is_empty())
                    .map(|(key, value)| format!("{key}={}", encode(value)))
                    .collect();
                if query.is_empty() {
                    "#/domain".to_string()
                } else {
                    format!("#/domain?{}", query.join("&"))
                }
            }
            Route::Reports => "#/reports".to_string(),
            Route::Build(params) => {
                let query: Vec<String> = params
                    .iter()
                    .filter(|(k, v)| !k.is_empty() && !v.is_empty())
                    .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
                    .collect();
                if query.is_empty() {
                    "#/build".to_string()
                } else {
                    format!("#/build?{}", query.join("&"))
                }
            }
            Route::NotFound(hash) => format!("#{hash}"),
        }
    }
}

/// Percent-encodes like `encodeURIComponent` (the core's, which also
/// writes the live check's links).
pub use dmarc_lens::encode_uri_component as encode;

/// Decodes `%XX` escapes; malformed escapes and invalid UTF-8 are kept as
/// they are (replacement characters for bad bytes), never an error. `+`
/// stays a plus sign: SPF's `+all` must survive a link.
pub fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let hex = |at: usize| bytes.get(at).and_then(|h| char::from(*h).to_digit(16));
        match (b, hex(i + 1), hex(i + 2)) {
            (b'%', Some(hi), Some(lo)) => {
                out.push((hi * 16 + lo) as u8);
                i += 3;
            }
            _ => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}
