//! The report worker: reads dropped files off the page's thread, so the
//! page stays responsive however many megabytes are dropped.
//!
//! Messages in: an `Array` of `File`s (read them, one at a time), or a
//! string command: `reset`, `export:parsedmarc-json`, `export:csv`.
//! Messages out: JSON text, `{"type":"ready"}` once it can take messages
//! (it has fetched the Public Suffix List; `{"type":"failed","message":…}`
//! if it could not),
//! `{"type":"progress","done":N,"total":N,
//! "bytes":N,"name":"…"}` after each file and `{"type":"summary","data":{…}}`
//! (the `reports --json` shape) after each batch; and for an export a plain
//! object `{type: "export", format, text}`.

use std::cell::RefCell;
use std::rc::Rc;

use dmarc_lens::report::batch::Batch;
use dmarc_lens::report::export;
use dmarc_lens::report::unpack::Limits;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{DedicatedWorkerGlobalScope, File, MessageEvent};

fn post(scope: &DedicatedWorkerGlobalScope, message: &JsValue) {
    let _ = scope.post_message(message);
}

fn json_string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_string())
}

/// The browser's promise of a file's bytes, started so that the next file
/// is read from disk while this one is parsed.
fn bytes_of(item: &JsValue) -> Option<(String, f64, JsFuture)> {
    let file = item.dyn_ref::<File>()?;
    Some((file.name(), file.size(), JsFuture::from(file.array_buffer())))
}

/// Progress messages at most this often (ms): each one re-renders the page.
const PROGRESS_EVERY_MS: f64 = 100.0;

async fn read_files(scope: DedicatedWorkerGlobalScope, batch: Rc<RefCell<Batch>>, files: js_sys::Array) {
    let total = files.length();
    let mut bytes_done: f64 = 0.0;
    // Time spent reading (unpack, parse, fold), apart from waiting for the
    // browser to hand over each file's bytes, for the page's "read in" line
    // and the in-browser benchmark.
    let mut reading_ms: f64 = 0.0;
    let started = js_sys::Date::now();
    let mut last_progress = f64::NEG_INFINITY;
    let mut items = files.iter();
    let mut next = items.by_ref().find_map(|item| bytes_of(&item));
    let mut index = 0u32;
    while let Some((name, size, pending)) = next.take() {
        index += 1;
        let buffer = pending.await;
        next = items.by_ref().find_map(|item| bytes_of(&item));
        let bytes = match buffer {
            Ok(buffer) => js_sys::Uint8Array::new(&buffer).to_vec(),
            Err(_) => Vec::new(),
        };
        bytes_done += size;
        let before = js_sys::Date::now();
        batch.borrow_mut().add_file(&name, &bytes);
        reading_ms += js_sys::Date::now() - before;
        drop(bytes);
        let now = js_sys::Date::now();
        if now - last_progress >= PROGRESS_EVERY_MS || next.is_none() {
            last_progress = now;
            let progress = format!(
                "{{\"type\":\"progress\",\"done\":{index},\"total\":{total},\"bytes\":{bytes_done},\"name\":{}}}",
                json_string(&name)
            );
            post(&scope, &JsValue::from_str(&progress));
        }
    }
    let before = js_sys::Date::now();
    let json = batch.borrow().to_json();
    let summarising_ms = js_sys::Date::now() - before;
    // The wasm heap only grows, so its size now is the worker's peak.
    let memory = wasm_bindgen::memory().unchecked_into::<js_sys::WebAssembly::Memory>();
    let heap = memory.buffer().unchecked_into::<js_sys::ArrayBuffer>().byte_length();
    let summary = format!(
        "{{\"type\":\"summary\",\"stats\":{{\"bytes\":{bytes_done},\"reading_ms\":{reading_ms},\
         \"summarising_ms\":{summarising_ms},\"wall_ms\":{},\"heap_bytes\":{heap}}},\"data\":{json}}}",
        js_sys::Date::now() - started
    );
    post(&scope, &JsValue::from_str(&summary));
}

fn main() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let batch = Rc::new(RefCell::new(Batch::new(Limits::default()).keeping_reports()));
    let handler_scope = scope.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let data = event.data();
        if let Some(command) = data.as_string() {
            let scope = handler_scope.clone();
            match command.as_str() {
                "reset" => *batch.borrow_mut() = Batch::new(Limits::default()).keeping_reports(),
                "export:parsedmarc-json" | "export:csv" => {
                    let (format, text) = if command.ends_with("csv") {
                        ("csv", export::parsedmarc_csv(batch.borrow().reports()))
                    } else {
                        ("parsedmarc-json", export::parsedmarc_json(batch.borrow().reports()))
                    };
                    let message = js_sys::Object::new();
                    let _ = js_sys::Reflect::set(&message, &"type".into(), &"export".into());
                    let _ = js_sys::Reflect::set(&message, &"format".into(), &format.into());
                    let _ = js_sys::Reflect::set(&message, &"text".into(), &text.into());
                    post(&scope, &message);
                }
                _ => {}
            }
            return;
        }
        if let Ok(files) = data.dyn_into::<js_sys::Array>() {
            wasm_bindgen_futures::spawn_local(read_files(handler_scope.clone(), batch.clone(), files));
        }
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The worker lives as long as the page keeps it; so does its handler.
    on_message.forget();
    // Messages posted before this point found no handler: the page waits
    // for this word before it sends anything. Reading needs the Public
    // Suffix List (alignment of the domains in each row), so the worker
    // fetches it first; without it, the page is told why and nothing is
    // read with a guess in its place.
    dmarc_lens_www::psl::request(move |outcome| {
        let message = match outcome {
            Ok(()) => "{\"type\":\"ready\"}".to_string(),
            Err(why) => format!("{{\"type\":\"failed\",\"message\":{}}}", json_string(&why)),
        };
        post(&scope, &JsValue::from_str(&message));
    });
}
