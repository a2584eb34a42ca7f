//! Dropped folders: the files inside them, walked through the browser's
//! file-system entries (`webkitGetAsEntry`), so a whole month of reports can
//! be dropped as the folder a mail client saved them in.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{DataTransfer, File, FileSystemDirectoryEntry, FileSystemEntry, FileSystemFileEntry};

/// Folders deeper than this are not opened (a loop of links, or a mistake).
pub const MAX_DEPTH: usize = 16;
/// Files taken from one drop at most; the rest are left, with a word why.
pub const MAX_FILES: u32 = 100_000;

/// What a drop held: its files (folders opened), and whether some were left.
pub struct Dropped {
    pub files: js_sys::Array,
    pub left_out: bool,
}

/// The entries of a drop. Must be called while the drop event is being
/// handled: afterwards the browser empties the list.
pub fn entries(data: &DataTransfer) -> Vec<FileSystemEntry> {
    let items = data.items();
    (0..items.length())
        .filter_map(|i| items.get(i))
        .filter_map(|item| item.webkit_get_as_entry().ok().flatten())
        .collect()
}

/// Every file in `entries`, folders walked in name order.
pub async fn files(entries: Vec<FileSystemEntry>) -> Dropped {
    let files = js_sys::Array::new();
    let mut left_out = false;
    let mut stack: Vec<(FileSystemEntry, usize)> = entries.into_iter().rev().map(|e| (e, 0)).collect();
    while let Some((entry, depth)) = stack.pop() {
        if files.length() >= MAX_FILES {
            left_out = true;
            break;
        }
        if entry.is_file() {
            if let Some(file) = file_of(entry.unchecked_ref()).await {
                files.push(&file);
            }
        } else if entry.is_directory() {
            if depth >= MAX_DEPTH {
                left_out = true;
                continue;
            }
            let mut children = children_of(entry.unchecked_ref()).await;
            dmarc_lens::order::sort_by_key(&mut children, |c| std::cmp::Reverse(c.name()));
            stack.extend(children.into_iter().map(|c| (c, depth + 1)));
        }
    }
    Dropped { files, left_out }
}

/// A promise settled by a callback pair, awaited.
async fn callback_promise(start: impl FnOnce(&js_sys::Function, &js_sys::Function)) -> Option<JsValue> {
    let mut start = Some(start);
    let promise = js_sys::Promise::new(&mut |resolve, reject| {
        if let Some(start) = start.take() {
            start(&resolve, &reject);
        }
    });
    JsFuture::from(promise).await.ok()
}

async fn file_of(entry: &FileSystemFileEntry) -> Option<File> {
    callback_promise(|ok, err| entry.file_with_callback_and_callback(ok, err)).await?.dyn_into::<File>().ok()
}

/// A folder's entries: `readEntries` hands them out in batches until an
/// empty one.
async fn children_of(entry: &FileSystemDirectoryEntry) -> Vec<FileSystemEntry> {
    let reader = entry.create_reader();
    let mut all = Vec::new();
    loop {
        let batch = callback_promise(|ok, err| {
            let _ = reader.read_entries_with_callback_and_callback(ok, err);
        })
        .await;
        let Some(batch) = batch.and_then(|b| b.dyn_into::<js_sys::Array>().ok()) else { break };
        if batch.length() == 0 {
            break;
        }
        all.extend(batch.iter().filter_map(|e| e.dyn_into::<FileSystemEntry>().ok()));
        if all.len() > MAX_FILES as usize {
            break;
        }
    }
    all
}
