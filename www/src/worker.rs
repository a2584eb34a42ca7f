//! The report worker: reads dropped files off the page's thread, so the
//! page stays responsive however many megabytes are dropped.
//!
//! Messages in: an `Array` of `File`s (read them, one at a time), or a
//! string command: `reset`, `export:parsedmarc-json`, `export:csv`.
//! Messages out: JSON text, `{"type":"ready"}` once it can take messages,
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

async fn read_files(scope: DedicatedWorkerGlobalScope, batch: Rc<RefCell<Batch>>, files: js_sys::Array) {
    let total = files.length();
    let mut bytes_done: f64 = 0.0;
    for (index, item) in files.iter().enumerate() {
        let Ok(file) = item.dyn_into::<File>() else { continue };
        let name = file.name();
        let bytes = match JsFuture::from(file.array_buffer()).await {
            Ok(buffer) => js_sys::Uint8Array::new(&buffer).to_vec(),
            Err(_) => Vec::new(),
        };
        bytes_done += file.size();
        batch.borrow_mut().add_file(&name, &bytes);
        drop(bytes);
        let progress = format!(
            "{{\"type\":\"progress\",\"done\":{},\"total\":{total},\"bytes\":{bytes_done},\"name\":{}}}",
            index + 1,
            json_string(&name)
        );
        post(&scope, &JsValue::from_str(&progress));
    }
    let summary = format!("{{\"type\":\"summary\",\"data\":{}}}", batch.borrow().to_json());
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
    // for this word before it sends anything.
    post(&scope, &JsValue::from_str("{\"type\":\"ready\"}"));
}
