//! The few browser services the app uses, each failing softly: a missing
//! window or a refused clipboard becomes a message, never a panic.

use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

/// The current location hash (`#/...`), or empty.
pub fn hash() -> String {
    web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default()
}

/// Replaces the URL hash without adding a history entry or firing
/// `hashchange`: used while typing, so Back leaves the page instead of
/// undoing keystrokes.
pub fn replace_hash(hash: &str) {
    if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(hash));
    }
}

/// The page's address with `hash` as its hash: a shareable link.
pub fn link_with_hash(hash: &str) -> String {
    let location = web_sys::window().map(|w| w.location());
    let base = location
        .and_then(|l| Some(format!("{}{}", l.origin().ok()?, l.pathname().ok()?)))
        .unwrap_or_default();
    format!("{base}{hash}")
}

/// Writes `text` to the clipboard.
pub async fn copy(text: &str) -> Result<(), String> {
    let window = web_sys::window().ok_or("no window")?;
    let promise = window.navigator().clipboard().write_text(text);
    JsFuture::from(promise).await.map(|_| ()).map_err(|_| "the browser refused clipboard access".to_string())
}
