//! Pages and their state live in the URL hash, so every view is a link:
//! `#/explain?r=<record>`, `#/domain`, `#/reports`, `#/build`.
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
    Domain,
    /// Read dropped reports.
    Reports,
    /// Build records.
    Build,
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
            "/domain" => Route::Domain,
            "/reports" => Route::Reports,
            "/build" => Route::Build,
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
            Route::Domain => "#/domain".to_string(),
            Route::Reports => "#/reports".to_string(),
            Route::Build => "#/build".to_string(),
            Route::NotFound(hash) => format!("#{hash}"),
        }
    }
}

/// Percent-encodes like `encodeURIComponent`: everything but
/// `A-Z a-z 0-9 - _ . ! ~ * ' ( )` is written as UTF-8 `%XX`.
pub fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3 / 2);
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

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
