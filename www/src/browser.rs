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

/// A callback that copies `(what, text)` to the clipboard and says in
/// `status` what became of it (the Explain and Domain pages' copy buttons).
pub fn copier(status: yew::UseStateHandle<String>) -> yew::Callback<(&'static str, String)> {
    yew::Callback::from(move |(what, value): (&'static str, String)| {
        let status = status.clone();
        wasm_bindgen_futures::spawn_local(async move {
            status.set(match copy(&value).await {
                Ok(()) => format!("Copied the {what}."),
                Err(why) => format!("Could not copy the {what}: {why}. Select it and copy it by hand."),
            });
        });
    })
}

/// Offers `text` as a download named `name`, and returns the object URL
/// (for a link to download it again), or `None` when the browser refused.
pub fn download(name: &str, text: &str, mime: &str) -> Option<String> {
    use wasm_bindgen::JsCast;
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).ok()?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).ok()?;
    let document = web_sys::window()?.document()?;
    let anchor: web_sys::HtmlAnchorElement = document.create_element("a").ok()?.dyn_into().ok()?;
    anchor.set_href(&url);
    anchor.set_download(name);
    anchor.click();
    Some(url)
}

/// Leaves a User Timing mark, which `./x bench` reads to tell where the
/// page's time goes (first render, a report summary received and shown).
pub fn mark(name: &str) {
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark(name);
    }
}
