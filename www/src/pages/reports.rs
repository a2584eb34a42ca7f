//! Reports: drop DMARC aggregate reports (and TLS-RPT and failure reports)
//! and get the rollout picture. Files are read by a Web Worker
//! (`report-worker`), so the page stays responsive; nothing is uploaded.
//! Every report field is rendered as text: reports are written by strangers.

use std::cell::RefCell;
use std::rc::Rc;

use serde_json::Value;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DragEvent, HtmlInputElement, MessageEvent, Worker};
use yew::prelude::*;

use crate::number::fixed;

const WORKER: &str = "./report-worker_loader.js";

fn num(v: &Value) -> u64 {
    v.as_u64().unwrap_or(0)
}

fn txt(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

fn percent(part: u64, whole: u64) -> String {
    if whole == 0 {
        "\u{2013}".to_string()
    } else {
        format!("{}%", fixed(part as f64 * 100.0 / whole as f64, 1))
    }
}

/// Where reading stands.
#[derive(Clone, Debug, Default, PartialEq)]
struct Progress {
    done: u64,
    total: u64,
    bytes: f64,
    busy: bool,
}

/// A worker and the closure that receives its messages, kept together,
/// with what was sent before the worker said it was ready.
struct Running {
    worker: Worker,
    ready: bool,
    pending: Vec<JsValue>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
}

impl Running {
    /// Sends now if the worker is ready, else when it is.
    fn send(&mut self, message: JsValue) -> bool {
        if self.ready {
            self.worker.post_message(&message).is_ok()
        } else {
            self.pending.push(message);
            true
        }
    }

    /// The worker is ready: send what waited.
    fn ready(&mut self) {
        self.ready = true;
        for message in std::mem::take(&mut self.pending) {
            let _ = self.worker.post_message(&message);
        }
    }
}

fn start_worker(on_message: Callback<JsValue>) -> Result<Running, String> {
    let worker =
        Worker::new(WORKER).map_err(|_| "the browser refused to start the report worker".to_string())?;
    let closure =
        Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| on_message.emit(event.data()));
    worker.set_onmessage(Some(closure.as_ref().unchecked_ref()));
    Ok(Running { worker, ready: false, pending: Vec::new(), _on_message: closure })
}

fn file_array(files: &web_sys::FileList) -> js_sys::Array {
    (0..files.length()).filter_map(|i| files.get(i)).collect()
}

/// The Reports page.
#[component]
pub fn ReportsPage() -> Html {
    let progress = use_state_eq(Progress::default);
    let summary = use_state(|| None::<Rc<Value>>);
    // Which summary this is (a new one each batch), cheaper to compare
    // than its contents.
    let summary_id = summary.as_ref().map(|data| Rc::as_ptr(data) as usize);
    // The sources list, taken out of each new summary once.
    let sources = {
        let current = (*summary).clone();
        use_memo(summary_id, move |_| current.map_or(Value::Null, |data| data["sources"].clone()))
    };
    // After a new summary is on screen: `./x bench` reads the marks.
    use_effect_with(summary_id, |shown| {
        if shown.is_some() {
            crate::browser::mark("dmarc-lens-summary-shown");
        }
    });
    let stats = use_state(|| None::<Rc<Value>>);
    let status = use_state_eq(String::new);
    let exports = use_state(Vec::<(String, String)>::new);
    let running: Rc<RefCell<Option<Running>>> = use_mut_ref(|| None);
    let dragging = use_state_eq(|| false);

    let on_message = {
        let (progress, summary, status, exports, stats) =
            (progress.clone(), summary.clone(), status.clone(), exports.clone(), stats.clone());
        let running = running.clone();
        Callback::from(move |data: JsValue| {
            if let Some(text) = data.as_string() {
                let summary_message = text.starts_with("{\"type\":\"summary\"");
                if summary_message {
                    crate::browser::mark("dmarc-lens-summary-received");
                }
                let Ok(message) = serde_json::from_str::<Value>(&text) else { return };
                if summary_message {
                    crate::browser::mark("dmarc-lens-summary-parsed");
                }
                match message["type"].as_str() {
                    Some("ready") => {
                        if let Some(run) = running.borrow_mut().as_mut() {
                            run.ready();
                        }
                    }
                    Some("failed") => {
                        // The next files start a new worker, which tries again.
                        if let Some(run) = running.borrow_mut().take() {
                            run.worker.terminate();
                        }
                        progress.set(Progress { busy: false, ..(*progress).clone() });
                        status.set(
                            message["message"].as_str().unwrap_or("The report worker failed.").to_string(),
                        );
                    }
                    Some("progress") => progress.set(Progress {
                        done: num(&message["done"]),
                        total: num(&message["total"]),
                        bytes: message["bytes"].as_f64().unwrap_or(0.0),
                        busy: num(&message["done"]) < num(&message["total"]),
                    }),
                    Some("summary") => {
                        progress.set(Progress { busy: false, ..(*progress).clone() });
                        crate::storage::remember_selectors(&message["data"]["sources"]);
                        crate::storage::remember_evidence(&message["data"]);
                        summary.set(Some(Rc::new(message["data"].clone())));
                        stats.set(Some(Rc::new(message["stats"].clone())));
                        status.set(String::new());
                    }
                    _ => {}
                }
                return;
            }
            // An export: {type, format, text}.
            let get = |key: &str| js_sys::Reflect::get(&data, &key.into()).ok().and_then(|v| v.as_string());
            if let (Some(format), Some(text)) = (get("format"), get("text")) {
                let (name, mime) = if format == "csv" {
                    ("dmarc-aggregate.csv", "text/csv")
                } else {
                    ("dmarc-aggregate.json", "application/json")
                };
                if let Some(url) = crate::browser::download(name, &text, mime) {
                    let mut list = (*exports).clone();
                    list.retain(|(n, _)| n != name);
                    list.push((name.to_string(), url));
                    exports.set(list);
                    status.set(format!("Exported {name}."));
                }
            }
        })
    };

    let keep = use_state_eq(crate::storage::keeping);
    let send_array = {
        let (running, progress, status, on_message) =
            (running.clone(), progress.clone(), status.clone(), on_message.clone());
        Callback::from(move |array: js_sys::Array| {
            if array.length() == 0 {
                return;
            }
            let mut slot = running.borrow_mut();
            if slot.is_none() {
                match start_worker(on_message.clone()) {
                    Ok(started) => *slot = Some(started),
                    Err(why) => {
                        status.set(why);
                        return;
                    }
                }
            }
            let total = u64::from(array.length());
            if let Some(run) = slot.as_mut() {
                if run.send(array.into()) {
                    progress.set(Progress { done: 0, total, bytes: 0.0, busy: true });
                    status.set("Reading\u{2026}".to_string());
                }
            }
        })
    };
    // Files stored on this device by this visit, once the store confirms.
    let kept_count = use_state_eq(|| 0u32);
    let send_files = {
        let (send_array, keep, status, kept_count) =
            (send_array.clone(), keep.clone(), status.clone(), kept_count.clone());
        Callback::from(move |array: js_sys::Array| {
            if *keep {
                let (kept, status, kept_count) = (array.clone(), status.clone(), kept_count.clone());
                wasm_bindgen_futures::spawn_local(async move {
                    if crate::storage::store(&kept).await.is_err() {
                        status.set(
                            "These files could not be kept on this device (storage refused).".to_string(),
                        );
                    } else {
                        kept_count.set(*kept_count + kept.length());
                    }
                });
            }
            send_array.emit(array);
        })
    };
    {
        // The next visit continues with the history kept on this device.
        let (send_array, status) = (send_array.clone(), status.clone());
        use_effect_with((), move |_| {
            if crate::storage::keeping() {
                wasm_bindgen_futures::spawn_local(async move {
                    match crate::storage::load().await {
                        Ok(files) if files.length() > 0 => send_array.emit(files),
                        Ok(_) => {}
                        Err(_) => {
                            status.set("The reports kept on this device could not be read.".to_string())
                        }
                    }
                });
            }
        });
    }
    let on_keep = {
        let (keep, status) = (keep.clone(), status.clone());
        Callback::from(move |e: Event| {
            let on = e.target_unchecked_into::<HtmlInputElement>().checked();
            keep.set(on);
            if on {
                crate::storage::set_keeping(true);
                status.set(
                    "Files you drop from now on are kept in this browser, and read again on your next visit."
                        .to_string(),
                );
            } else {
                let status = status.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    let said = match crate::storage::forget().await {
                        Ok(()) => "Forgotten: nothing is kept on this device.",
                        Err(_) => "The choice is undone, but the stored files could not be removed.",
                    };
                    status.set(said.to_string());
                });
            }
        })
    };
    let on_change = {
        let send_files = send_files.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            if let Some(files) = input.files() {
                send_files.emit(file_array(&files));
            }
            input.set_value("");
        })
    };
    let on_drop = {
        let (send_files, dragging, status) = (send_files.clone(), dragging.clone(), status.clone());
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(false);
            let Some(data) = e.data_transfer() else { return };
            // Folders are opened and walked; plain files go straight on.
            let entries = crate::folders::entries(&data);
            if entries.iter().any(|entry| entry.is_directory()) {
                let (send_files, status) = (send_files.clone(), status.clone());
                status.set("Opening the dropped folders\u{2026}".to_string());
                wasm_bindgen_futures::spawn_local(async move {
                    let dropped = crate::folders::files(entries).await;
                    if dropped.left_out {
                        status.set(format!(
                            "Some files were left out: at most {} files, {} folders deep, are taken from one drop.",
                            crate::folders::MAX_FILES,
                            crate::folders::MAX_DEPTH
                        ));
                    }
                    send_files.emit(dropped.files);
                });
            } else if let Some(files) = data.files() {
                send_files.emit(file_array(&files));
            }
        })
    };
    let on_drag_over = {
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(true);
        })
    };
    let on_drag_leave = {
        let dragging = dragging.clone();
        Callback::from(move |_: DragEvent| dragging.set(false))
    };
    let cancel = {
        let (running, progress, status, summary) =
            (running.clone(), progress.clone(), status.clone(), summary.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(run) = running.borrow_mut().take() {
                run.worker.terminate();
            }
            progress.set(Progress::default());
            summary.set(None);
            status.set("Cancelled. Nothing was kept; choose files again to start afresh.".to_string());
        })
    };
    let command = |what: &'static str| {
        let running = running.clone();
        let (summary, exports) = (summary.clone(), exports.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(run) = running.borrow_mut().as_mut() {
                run.send(JsValue::from_str(what));
            }
            if what == "reset" {
                summary.set(None);
                exports.set(Vec::new());
                crate::storage::forget_evidence();
                // What is cleared from the page is cleared from the device too.
                wasm_bindgen_futures::spawn_local(async {
                    let _ = crate::storage::clear_files().await;
                });
            }
        })
    };

    let p = (*progress).clone();
    html! {
        <section class="page reports" aria-labelledby="page-title">
            <h1 id="page-title">{ "Read reports" }</h1>
            <p class="lede">{ "Drop DMARC aggregate reports (.xml, .gz, .zip, report e-mails, mbox), TLS-RPT and failure reports. They are read in your browser and never uploaded." }</p>
            <div class={classes!("dropzone", dragging.then_some("dragging"))}
                 ondrop={on_drop} ondragover={on_drag_over} ondragleave={on_drag_leave}>
                <p>{ "Drop report files or folders here, or " }</p>
                // Each input comes right before its label, so the label
                // (what shows) draws the input's keyboard focus.
                <input id="report-files" type="file" multiple=true class="visually-hidden"
                       accept=".xml,.gz,.zip,.eml,.mbox,.json,.txt,application/xml,application/gzip,application/zip,message/rfc822"
                       onchange={on_change.clone()} />
                <label for="report-files" class="file-button">{ "choose files" }</label>
                <input id="report-folder" type="file" webkitdirectory=true multiple=true class="visually-hidden"
                       onchange={on_change} />
                <label for="report-folder" class="file-button">{ "choose a folder" }</label>
            </div>
            <p class="keep">
                <input id="keep-reports" type="checkbox" checked={*keep} onchange={on_keep} />
                <label for="keep-reports">{ " Keep these reports on this device, so the next visit continues with the history (stored in this browser only; untick to forget them)" }</label>
                if *keep && *kept_count > 0 {
                    <span class="kept" data-kept={kept_count.to_string()}>{ format!(" \u{2713} {} file(s) kept", *kept_count) }</span>
                }
            </p>
            <div class="actions">
                if p.busy {
                    <progress id="report-progress" max={p.total.to_string()} value={p.done.to_string()}></progress>
                    <span>{ format!("Read {} of {} files ({} MB)", p.done, p.total, fixed(p.bytes / 1e6, 1)) }</span>
                    <button type="button" onclick={cancel}>{ "Cancel" }</button>
                }
                if summary.is_some() && !p.busy {
                    <button type="button" class="export" data-format="parsedmarc-json" onclick={command("export:parsedmarc-json")}>{ "Export JSON (parsedmarc)" }</button>
                    <button type="button" class="export" data-format="csv" onclick={command("export:csv")}>{ "Export CSV" }</button>
                    <button type="button" onclick={command("reset")}>{ "Clear" }</button>
                }
                <span class="status" role="status" aria-live="polite">{ (*status).clone() }</span>
            </div>
            if !exports.is_empty() {
                <p class="exports">{ "Downloads: " }
                    { for exports.iter().map(|(name, url)| html! {
                        <a class="export-link" href={url.clone()} download={name.clone()}>{ name.clone() }</a>
                    }) }
                </p>
            }
            if let Some(data) = summary.as_ref() {
                if let Some(stats) = stats.as_ref() {
                    { stats_line(stats) }
                }
                { view(data, sources.clone()) }
            }
        </section>
    }
}

/// How long the last batch took in the worker, and its memory: people
/// with a month of reports like to know, and `./x bench` reads it.
fn stats_line(stats: &Value) -> Html {
    let get = |key: &str| stats[key].as_f64().unwrap_or(0.0);
    let (bytes, reading, wall, heap) = (get("bytes"), get("reading_ms"), get("wall_ms"), get("heap_bytes"));
    if wall <= 0.0 {
        return html! {};
    }
    html! {
        <p class="stats" data-bytes={fixed(bytes, 0)} data-reading-ms={fixed(reading, 3)}
           data-summarising-ms={fixed(get("summarising_ms"), 3)} data-wall-ms={fixed(wall, 3)}
           data-heap-bytes={fixed(heap, 0)}>
            { format!(
                "Read {} MB in {} s on this device ({} MB/s reading); the reader used {} MB of memory.",
                fixed(bytes / 1e6, 1),
                fixed(wall / 1e3, 2),
                fixed(bytes / 1e6 / (reading / 1e3).max(1e-3), 0),
                fixed(heap / 1e6, 0)
            ) }
        </p>
    }
}

/// How many sources each readiness list names; the rest are counted, and
/// all are in the sources table. (A month of reports can hold thousands of
/// forwarders: listing each made the page take seconds to show.)
const LISTED: usize = 20;

/// The readiness list `key` (`blocking` or `to_fix`): all of it, and the
/// part the panel names, each item as its IP and the words after it.
fn readiness_list<'v>(r: &'v Value, key: &str) -> (&'v [Value], Vec<(String, String)>) {
    let all = r[key].as_array().map(Vec::as_slice).unwrap_or_default();
    let named = all
        .iter()
        .take(LISTED)
        .map(|item| {
            let text = txt(item);
            let ip = text.split(' ').next().unwrap_or("").to_string();
            let rest = text.get(ip.len()..).unwrap_or("").to_string();
            (ip, rest)
        })
        .collect();
    (all, named)
}

/// The IPs the readiness panel names (and links to their table rows).
fn named_in_readiness(r: &Value) -> Vec<String> {
    ["blocking", "to_fix"].iter().flat_map(|key| readiness_list(r, key).1).map(|(ip, _)| ip).collect()
}

/// The summary, from the worker's `reports --json` shape; `sources` is its
/// `sources` list, shared with the table rather than copied each render.
fn view(data: &Value, sources: Rc<Value>) -> Html {
    let t = &data["totals"];
    let s = &data["summary"];
    let messages = num(&t["messages"]);
    let readiness = &s["readiness"];
    html! {
        <>
            <h2>{ "Totals" }</h2>
            <dl class="totals">
                <div><dt>{ "Files" }</dt><dd data-total="files">{ num(&t["files"]) }</dd></div>
                <div><dt>{ "Reports" }</dt><dd data-total="reports">{ num(&t["reports"]) }</dd></div>
                <div><dt>{ "Duplicates" }</dt><dd data-total="duplicates">{ num(&t["duplicates"]) }</dd></div>
                <div><dt>{ "Messages" }</dt><dd data-total="messages">{ messages }</dd></div>
                <div><dt>{ "DMARC pass" }</dt><dd data-total="dmarc_pass">{ percent(num(&t["dmarc_pass"]), messages) }</dd></div>
            </dl>
            { readiness_panel(readiness) }
            <h2>{ "Daily" }</h2>
            { daily_chart(&s["daily"]) }
            <h2>{ "Sources" }</h2>
            { top_sources_chart(&data["sources"]) }
            <SourcesTable sources={sources} pinned={Rc::new(named_in_readiness(readiness))} />
            { tls_section(&data["tls_reports"]) }
            { failures_section(&data["failure_reports"]) }
            <h2>{ "Files" }</h2>
            { files_list(&data["files"]) }
        </>
    }
}

fn readiness_panel(r: &Value) -> Html {
    let Some(next) = r["next_step"].as_str() else { return html! {} };
    let ready = r["ready"].as_bool().unwrap_or(false);
    let list = |key: &str, label: &str| {
        let (all, named) = readiness_list(r, key);
        if all.is_empty() {
            return html! {};
        }
        let more = all.len().saturating_sub(named.len());
        html! {
            <>
                <h3>{ label.to_string() }</h3>
                <ul class="fixes">{ for named.into_iter().map(|(ip, rest)| {
                    // The app routes on the hash, so the link scrolls to
                    // the source's row instead of changing the hash.
                    let target = format!("source-{ip}");
                    let go = Callback::from(move |e: MouseEvent| {
                        e.prevent_default();
                        let row = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(&target));
                        if let Some(row) = row {
                            row.scroll_into_view();
                        }
                    });
                    html! { <li><a href="" onclick={go}>{ ip }</a>{ rest }</li> }
                }) }</ul>
                if more > 0 {
                    <p class="more">{ format!(
                        "\u{2026}and {more} more source{}, smaller by volume: each is in the sources table below (sort it by Class to see them together).",
                        if more == 1 { "" } else { "s" }
                    ) }</p>
                }
            </>
        }
    };
    html! {
        <section class="readiness" aria-labelledby="readiness-title">
            if next.starts_with("p=") {
                <h2 id="readiness-title">{ format!("Ready for {next}?") }</h2>
                <p class={classes!("verdict", if ready { "pass" } else { "fail" })}>
                    { if ready { "Yes: the reports support the next step." } else { "Not yet: the reports do not support the next step." } }
                </p>
            } else {
                <h2 id="readiness-title">{ format!("At p={}", txt(&r["current_policy"])) }</h2>
                <p class={classes!("verdict", if ready { "pass" } else { "fail" })}>
                    { if ready { format!("The reports look healthy: {next}.") } else { format!("Some criteria are not met; {next}, and fix what is listed.") } }
                </p>
            }
            <ul class="criteria">
                { for r["criteria"].as_array().cloned().unwrap_or_default().iter().map(|c| {
                    let met = c["met"].as_bool().unwrap_or(false);
                    html! { <li class={classes!(if met { "met" } else { "unmet" })}>
                        <span aria-hidden="true">{ if met { "\u{2714} " } else { "\u{2716} " } }</span>
                        <span class="sr-word">{ if met { "Met: " } else { "Not met: " } }</span>{ txt(&c["text"]) }</li> }
                }) }
            </ul>
            { list("blocking", "Blocking sources, and what each needs") }
            { list("to_fix", "Still worth fixing") }
        </section>
    }
}

fn daily_chart(days: &Value) -> Html {
    let days = days.as_array().cloned().unwrap_or_default();
    if days.is_empty() {
        return html! { <p>{ "No dated reports." }</p> };
    }
    let max = days.iter().map(|d| num(&d["messages"])).max().unwrap_or(1).max(1) as f64;
    let width = 600.0;
    let height = 160.0;
    // Bars at most 40 units wide, so a few days do not look like a wall.
    let bar = (width / days.len() as f64).min(40.0);
    let first = dmarc_lens::report::render::date(days.first().map_or(0, |d| num(&d["day_start"])));
    let last = dmarc_lens::report::render::date(days.last().map_or(0, |d| num(&d["day_start"])));
    let label = format!("Messages per day over {} days, passing and failing DMARC", days.len());
    html! {
        <figure class="daily">
        <svg class="daily-chart" viewBox={format!("0 0 {} {}", fixed(width, 0), fixed(height, 0))} role="img" aria-label={label}>
            { for days.iter().enumerate().map(|(i, d)| {
                let total = num(&d["messages"]);
                let pass = num(&d["dmarc_pass"]).min(total);
                let h_total = total as f64 / max * (height - 4.0);
                let h_pass = pass as f64 / max * (height - 4.0);
                let x = i as f64 * bar;
                let day = dmarc_lens::report::render::date(num(&d["day_start"]));
                html! {
                    <g>
                        <title>{ format!("{day}: {total} messages, {pass} pass") }</title>
                        <rect class="fail" x={fixed(x, 1)} y={fixed(height - h_total, 1)}
                              width={fixed((bar - 1.0).max(0.5), 1)} height={fixed(h_total - h_pass, 1)} />
                        <rect class="pass" x={fixed(x, 1)} y={fixed(height - h_pass, 1)}
                              width={fixed((bar - 1.0).max(0.5), 1)} height={fixed(h_pass, 1)} />
                    </g>
                }
            }) }
        </svg>
        <figcaption>{ format!("{first} to {last}: passing (lower, green) and failing (upper, red) messages per day") }</figcaption>
        </figure>
    }
}

/// The ten biggest sources as bars: passing and failing messages, the IP
/// and its class written beside each bar (so colour is never the only
/// signal). Sources come sorted by volume.
fn top_sources_chart(sources: &Value) -> Html {
    const TOP: usize = 10;
    let sources: Vec<&Value> = sources.as_array().map(|a| a.iter().take(TOP).collect()).unwrap_or_default();
    if sources.is_empty() {
        return html! {};
    }
    let max = sources.iter().map(|s| num(&s["messages"])).max().unwrap_or(1).max(1) as f64;
    let (label_width, bar_width, row) = (340.0, 300.0, 22.0);
    let height = row * sources.len() as f64;
    let label = format!("The {} biggest sending IPs by messages, passing and failing DMARC", sources.len());
    html! {
        <figure class="top-sources">
        <svg class="top-sources-chart" viewBox={format!("0 0 {} {}", fixed(label_width + bar_width, 0), fixed(height, 0))} role="img" aria-label={label}>
            { for sources.iter().enumerate().map(|(i, s)| {
                let total = num(&s["messages"]);
                let pass = num(&s["dmarc_pass"]).min(total);
                let y = i as f64 * row;
                let w_total = total as f64 / max * (bar_width - 4.0);
                let w_pass = pass as f64 / max * (bar_width - 4.0);
                let (ip, class) = (txt(&s["ip"]), txt(&s["class"]));
                html! {
                    <g data-ip={ip.clone()}>
                        <title>{ format!("{ip} ({class}): {total} messages, {pass} pass") }</title>
                        <text x="0" y={fixed(y + row * 0.7, 1)}>{ format!("{ip} \u{b7} {class}") }</text>
                        <rect class="pass" x={fixed(label_width, 0)} y={fixed(y + 3.0, 1)}
                              width={fixed(w_pass, 1)} height={fixed(row - 6.0, 1)} />
                        <rect class="fail" x={fixed(label_width + w_pass, 1)} y={fixed(y + 3.0, 1)}
                              width={fixed(w_total - w_pass, 1)} height={fixed(row - 6.0, 1)} />
                    </g>
                }
            }) }
        </svg>
        <figcaption>{ "Top sending IPs: passing (left, green) and failing (right, red) messages" }</figcaption>
        </figure>
    }
}

/// What the sources table is sorted by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum SortBy {
    Messages,
    PassRate,
    Class,
    Ip,
}

/// Props for [`SourcesTable`].
#[derive(Properties, PartialEq)]
struct SourcesProps {
    sources: Rc<Value>,
    /// IPs shown even beyond the first rows: the readiness panel links
    /// to their rows.
    pinned: Rc<Vec<String>>,
}

fn pass_rate(s: &Value) -> f64 {
    let messages = num(&s["messages"]);
    if messages == 0 {
        0.0
    } else {
        num(&s["dmarc_pass"]) as f64 / messages as f64
    }
}

/// Rows of the sources table shown in any order (the JSON and CSV exports
/// have them all).
const SHOWN: usize = 100;

/// The sources, sortable by a click on a column header (messages and pass
/// rate sort descending, class and IP ascending).
#[component]
fn SourcesTable(props: &SourcesProps) -> Html {
    let sort = use_state_eq(|| SortBy::Messages);
    let mut sources: Vec<&Value> =
        props.sources.as_array().map(|all| all.iter().collect()).unwrap_or_default();
    match *sort {
        SortBy::Messages => {
            dmarc_lens::order::sort_by(&mut sources, |a, b| num(&b["messages"]).cmp(&num(&a["messages"])))
        }
        SortBy::PassRate => {
            dmarc_lens::order::sort_by(&mut sources, |a, b| pass_rate(a).total_cmp(&pass_rate(b)))
        }
        SortBy::Class => dmarc_lens::order::sort_by(&mut sources, |a, b| {
            txt(&a["class"]).cmp(&txt(&b["class"])).then(num(&b["messages"]).cmp(&num(&a["messages"])))
        }),
        SortBy::Ip => dmarc_lens::order::sort_by(&mut sources, |a, b| txt(&a["ip"]).cmp(&txt(&b["ip"]))),
    }
    let header = |label: &'static str, by: SortBy| {
        let sort = sort.clone();
        let current = *sort == by;
        let direction = match by {
            SortBy::Messages => "descending",
            _ => "ascending",
        };
        html! {
            <th scope="col" aria-sort={if current { direction } else { "none" }}>
                <button type="button" class="sort" data-sort={label} onclick={Callback::from(move |_| sort.set(by))}>{ label }</button>
            </th>
        }
    };
    html! {
        <div class="table-wrap">
            <table class="tags sources">
                <caption>{ format!("Sending IPs ({} in all; the first {SHOWN} shown, and any the readiness panel names). Choose a column to sort.", sources.len()) }</caption>
                <thead><tr>
                    { header("Source IP", SortBy::Ip) }
                    { header("Messages", SortBy::Messages) }
                    { header("DMARC pass", SortBy::PassRate) }
                    { header("Class", SortBy::Class) }
                    <th scope="col">{ "Why, and what to do" }</th>
                </tr></thead>
                <tbody>
                    { for sources.iter().enumerate().filter(|(i, s)| *i < SHOWN || props.pinned.iter().any(|p| Some(p.as_str()) == s["ip"].as_str())).map(|(_, s)| {
                        let ip = txt(&s["ip"]);
                        html! {
                            <tr id={format!("source-{ip}")} data-class={txt(&s["class"])}>
                                <th scope="row"><code>{ ip.clone() }</code></th>
                                <td data-label="Messages">{ num(&s["messages"]) }</td>
                                <td data-label="DMARC pass">{ percent(num(&s["dmarc_pass"]), num(&s["messages"])) }</td>
                                <td data-label="Class">{ txt(&s["class"]) }</td>
                                <td data-label="Why">{ txt(&s["reason"]) }</td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
        </div>
    }
}

fn files_list(files: &Value) -> Html {
    html! {
        <ul class="files">
            { for files.as_array().cloned().unwrap_or_default().iter().map(|f| {
                let diagnostics = f["diagnostics"].as_array().cloned().unwrap_or_default();
                html! {
                    <li data-status={txt(&f["status"])}>
                        <strong>{ txt(&f["status"]) }</strong>{ " " }<code>{ txt(&f["name"]) }</code>
                        { f["kind"].as_str().map(|k| format!(" ({k}, {} report{})", num(&f["reports"]), if num(&f["reports"]) == 1 { "" } else { "s" })).unwrap_or_default() }
                        { f["reason"].as_str().map(|r| format!(": {r}")).unwrap_or_default() }
                        if !diagnostics.is_empty() {
                            <details>
                                <summary>{ format!("{} finding{}", diagnostics.len(), if diagnostics.len() == 1 { "" } else { "s" }) }</summary>
                                <ul>{ for diagnostics.iter().take(200).map(|d| html! {
                                    <li><code>{ txt(&d["code"]) }</code>{ " " }{ txt(&d["message"]) }</li>
                                }) }</ul>
                            </details>
                        }
                    </li>
                }
            }) }
        </ul>
    }
}

/// TLS-RPT reports: sessions per policy, failures by receiving MX, each
/// failure type explained.
fn tls_section(reports: &Value) -> Html {
    let reports = reports.as_array().cloned().unwrap_or_default();
    if reports.is_empty() {
        return html! {};
    }
    html! {
        <section class="tls-reports" aria-labelledby="tls-title">
            <h2 id="tls-title">{ "TLS-RPT reports" }</h2>
            { for reports.iter().map(|r| html! {
                <div class="tls-report">
                    <h3>{ format!("From {}", r["organization"].as_str().unwrap_or("(no organization)")) }</h3>
                    <ul>{ for r["policies"].as_array().cloned().unwrap_or_default().iter().map(tls_policy) }</ul>
                </div>
            }) }
        </section>
    }
}

fn tls_policy(p: &Value) -> Html {
    let ok = num(&p["successful"]);
    let failed = num(&p["failed"]);
    let mut failures = Vec::new();
    for mx in p["by_mx"].as_array().cloned().unwrap_or_default() {
        let host = txt(&mx["receiving_mx"]);
        for f in mx["failures"].as_array().cloned().unwrap_or_default() {
            let kind = txt(&f["result_type"]);
            failures.push(html! {
                <li>
                    <code>{ if host.is_empty() { "(MX not given)".to_string() } else { host.clone() } }</code>
                    { format!(": {kind} \u{00d7} {}. ", num(&f["sessions"])) }
                    { dmarc_lens::report::tls_rpt::explain_result_type(&kind) }
                </li>
            });
        }
    }
    html! {
        <li>
            <code>{ txt(&p["policy_type"]) }</code>{ " policy " }<code>{ txt(&p["policy_domain"]) }</code>
            { format!(": {ok} sessions succeeded, {failed} failed ({} failed).", percent(failed, ok + failed)) }
            <ul>{ for failures }</ul>
        </li>
    }
}

/// Failure reports: who failed how, and the original headers as text.
fn failures_section(failures: &Value) -> Html {
    let count = num(&failures["count"]);
    if count == 0 {
        return html! {};
    }
    let reports = failures["reports"].as_array().cloned().unwrap_or_default();
    html! {
        <section class="failure-reports" aria-labelledby="failures-title">
            <h2 id="failures-title">{ format!("Failure reports ({count})") }</h2>
            <ul>{ for reports.iter().take(200).map(|f| html! {
                <li class="failure-report">
                    <code>{ txt(&f["reported_domain"]) }</code>{ " from " }<code>{ txt(&f["source_ip"]) }</code>
                    { format!(": {} failed", if f["auth_failure"].is_null() { "authentication".to_string() } else { txt(&f["auth_failure"]) }) }
                    { f["identities"]["header_from"].as_str().map(|from| format!("; From {from}")).unwrap_or_default() }
                    <details>
                        <summary>{ "Original headers" }</summary>
                        <pre class="original-headers">{ txt(&f["original_headers"]) }</pre>
                    </details>
                </li>
            }) }</ul>
        </section>
    }
}
