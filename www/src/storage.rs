//! "Keep on this device": the dropped report files themselves, stored in
//! this browser's IndexedDB (a `File` is stored as it is), so the next visit
//! reads them again and continues with the history. Opt-in, remembered in
//! `localStorage`; [`forget`] removes everything. Nothing leaves the
//! browser.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbObjectStoreParameters, IdbOpenDbRequest, IdbRequest, IdbTransactionMode};

const DATABASE: &str = "dmarc-lens";
const STORE: &str = "report-files";
const FLAG: &str = "dmarc-lens-keep-reports";

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// Whether the user chose to keep reports on this device.
pub fn keeping() -> bool {
    local_storage().and_then(|s| s.get_item(FLAG).ok().flatten()).is_some_and(|v| v == "1")
}

/// Remembers the choice.
pub fn set_keeping(on: bool) {
    if let Some(storage) = local_storage() {
        let _ = if on { storage.set_item(FLAG, "1") } else { storage.remove_item(FLAG) };
    }
}

/// Waits for an IndexedDB request; its result, or the error.
async fn finished(request: &IdbRequest) -> Result<JsValue, JsValue> {
    let promise = js_sys::Promise::new(&mut |resolve, reject| {
        let done = request.clone();
        let on_success = Closure::once_into_js(move |_: web_sys::Event| {
            let _ = resolve.call1(&JsValue::NULL, &done.result().unwrap_or(JsValue::UNDEFINED));
        });
        let on_error = Closure::once_into_js(move |_: web_sys::Event| {
            let _ = reject.call1(&JsValue::NULL, &JsValue::from_str("IndexedDB request failed"));
        });
        request.set_onsuccess(Some(on_success.unchecked_ref()));
        request.set_onerror(Some(on_error.unchecked_ref()));
    });
    JsFuture::from(promise).await
}

async fn open() -> Result<IdbDatabase, JsValue> {
    let factory = web_sys::window()
        .and_then(|w| w.indexed_db().ok().flatten())
        .ok_or_else(|| JsValue::from_str("this browser offers no IndexedDB"))?;
    let request: IdbOpenDbRequest = factory.open_with_u32(DATABASE, 1)?;
    let on_upgrade = Closure::once_into_js(move |event: web_sys::Event| {
        let Some(request) = event.target().and_then(|t| t.dyn_into::<IdbOpenDbRequest>().ok()) else {
            return;
        };
        if let Ok(db) = request.result().and_then(|db| db.dyn_into::<IdbDatabase>()) {
            let parameters = IdbObjectStoreParameters::new();
            parameters.set_auto_increment(true);
            let _ = db.create_object_store_with_optional_parameters(STORE, &parameters);
        }
    });
    request.set_onupgradeneeded(Some(on_upgrade.unchecked_ref()));
    Ok(finished(&request).await?.unchecked_into())
}

/// Stores `files` (an array of `File`s).
pub async fn store(files: &js_sys::Array) -> Result<(), JsValue> {
    let db = open().await?;
    let transaction = db.transaction_with_str_and_mode(STORE, IdbTransactionMode::Readwrite)?;
    let store = transaction.object_store(STORE)?;
    for file in files.iter() {
        finished(&store.add(&file)?).await?;
    }
    db.close();
    Ok(())
}

/// Every stored file, as an array of `File`s.
pub async fn load() -> Result<js_sys::Array, JsValue> {
    let db = open().await?;
    let transaction = db.transaction_with_str(STORE)?;
    let all = finished(&transaction.object_store(STORE)?.get_all()?).await?;
    db.close();
    Ok(all.dyn_into().unwrap_or_else(|_| js_sys::Array::new()))
}

/// Removes every stored file and the choice to keep them.
pub async fn forget() -> Result<(), JsValue> {
    set_keeping(false);
    forget_evidence();
    clear_files().await
}

/// Removes every stored file; the choice to keep new ones stays.
pub async fn clear_files() -> Result<(), JsValue> {
    let db = open().await?;
    let transaction = db.transaction_with_str_and_mode(STORE, IdbTransactionMode::Readwrite)?;
    finished(&transaction.object_store(STORE)?.clear()?).await?;
    db.close();
    Ok(())
}

/// Where the DKIM selectors seen in the reports read in this tab are kept,
/// so the Domain page probes them too (selectors cannot be listed from DNS).
const SELECTORS_KEY: &str = "dmarc-lens.dkim-selectors";

fn session() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.session_storage().ok().flatten())
}

/// Remembers, for this tab, the (domain, selector) pairs of DKIM signatures
/// in the reports' sources (the `reports --json` `sources[].dkim` lists).
pub fn remember_selectors(sources: &serde_json::Value) {
    let mut seen: std::collections::BTreeMap<String, std::collections::BTreeSet<String>> = session()
        .and_then(|s| s.get_item(SELECTORS_KEY).ok().flatten())
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default();
    for source in sources.as_array().map(Vec::as_slice).unwrap_or_default() {
        for pair in source["dkim"].as_array().map(Vec::as_slice).unwrap_or_default() {
            let (Some(domain), Some(selector)) = (pair[0].as_str(), pair[1].as_str()) else { continue };
            let (domain, selector) = (domain.trim().to_ascii_lowercase(), selector.trim());
            // Only what could be a selector label: anything else is not probed.
            let usable = !selector.is_empty()
                && selector.len() <= 63
                && selector.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.');
            if usable && !domain.is_empty() {
                let set = seen.entry(domain).or_default();
                if set.len() < 32 {
                    set.insert(selector.to_string());
                }
            }
        }
    }
    if let (Some(storage), Ok(text)) = (session(), serde_json::to_string(&seen)) {
        let _ = storage.set_item(SELECTORS_KEY, &text);
    }
}

/// The selectors seen in this tab's reports for `domain`.
pub fn selectors_seen(domain: &str) -> Vec<String> {
    let seen: std::collections::BTreeMap<String, Vec<String>> = session()
        .and_then(|s| s.get_item(SELECTORS_KEY).ok().flatten())
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default();
    seen.get(&domain.trim().trim_end_matches('.').to_ascii_lowercase()).cloned().unwrap_or_default()
}

/// Where the Build page's evidence is kept: this tab's (sessionStorage),
/// and, when the user keeps reports on this device, the browser's too.
const EVIDENCE_KEY: &str = "dmarc-lens.evidence";

/// Remembers what the Build page weighs its stages against, from a
/// `reports --json` summary: the policies the reports saw published, the
/// readiness verdict with its criteria, and how much was read.
pub fn remember_evidence(data: &serde_json::Value) {
    let summary = &data["summary"];
    let evidence = serde_json::json!({
        "policies": summary["coverage"]["policies"],
        "readiness": summary["readiness"],
        "reports": summary["coverage"]["reports"],
        "days": summary["coverage"]["days"],
    });
    let text = evidence.to_string();
    if let Some(storage) = session() {
        let _ = storage.set_item(EVIDENCE_KEY, &text);
    }
    if keeping() {
        if let Some(storage) = local_storage() {
            let _ = storage.set_item(EVIDENCE_KEY, &text);
        }
    }
}

/// The evidence of this tab's reports, else of the reports kept on this
/// device.
pub fn evidence() -> Option<serde_json::Value> {
    [session(), local_storage()]
        .into_iter()
        .flatten()
        .find_map(|s| s.get_item(EVIDENCE_KEY).ok().flatten())
        .and_then(|text| serde_json::from_str(&text).ok())
}

/// Drops the evidence, here and on the device.
pub fn forget_evidence() {
    for storage in [session(), local_storage()].into_iter().flatten() {
        let _ = storage.remove_item(EVIDENCE_KEY);
    }
}
