//! Explain: paste a record, see every finding on its characters and every
//! tag with its meaning, default and effective value. Explains as you type
//! and keeps the record in the URL (`#/explain?r=...`).

use std::rc::Rc;

use dmarc_lens::diag::Severity;
use dmarc_lens::record::{explain, Explanation};
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use crate::browser;
use crate::components::{diagnostics::DiagnosticList, highlight::Highlight, tag_table::TagTable};
use crate::route::Route;

/// Props: the record from the URL.
#[derive(Properties, PartialEq)]
pub struct ExplainProps {
    /// The record to start with.
    #[prop_or_default]
    pub record: AttrValue,
}

const EXAMPLES: &[(&str, &str)] = &[
    ("Monitoring, with reports", "v=DMARC1; p=none; rua=mailto:dmarc-reports@example.com"),
    (
        "Enforcing, subdomains too",
        "v=DMARC1; p=reject; sp=reject; adkim=r; aspf=r; rua=mailto:dmarc-reports@example.com",
    ),
    ("A ramp with pct and t", "v=DMARC1; p=quarantine; pct=25; t=y; rua=mailto:dmarc-reports@example.com"),
    ("Common mistakes", "v=DMARC1; p=none; fo=1; rua=dmarc@example.com; ri=3600"),
];

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The Explain page.
#[component]
pub fn ExplainPage(props: &ExplainProps) -> Html {
    let text = use_state_eq(|| props.record.to_string());
    let active = use_state_eq(|| None::<usize>);
    let status = use_state_eq(String::new);
    {
        // Follow the URL when it changes under us: Back, Forward, a link.
        let text = text.clone();
        use_effect_with(props.record.clone(), move |record| text.set(record.to_string()));
    }
    // A final line break is the paste's, not the record's; spans are
    // unaffected because only the end is trimmed.
    let explanation: Rc<Explanation> =
        use_memo((*text).clone(), |t| explain(t.trim_end_matches(['\n', '\r'])));

    let oninput = {
        let text = text.clone();
        let status = status.clone();
        Callback::from(move |e: InputEvent| {
            let value = e.target_unchecked_into::<HtmlTextAreaElement>().value();
            browser::replace_hash(&Route::Explain { record: value.clone() }.to_hash());
            status.set(String::new());
            text.set(value);
        })
    };
    let copy = |what: &'static str, value: String| {
        let status = status.clone();
        Callback::from(move |_: MouseEvent| {
            let status = status.clone();
            let value = value.clone();
            wasm_bindgen_futures::spawn_local(async move {
                status.set(match browser::copy(&value).await {
                    Ok(()) => format!("Copied the {what}."),
                    Err(why) => format!("Could not copy the {what}: {why}. Select it and copy it by hand."),
                });
            });
        })
    };
    let link = browser::link_with_hash(&Route::Explain { record: (*text).clone() }.to_hash());
    let on_active = {
        let active = active.clone();
        Callback::from(move |index: Option<usize>| active.set(index))
    };

    let count = |s: Severity| explanation.diagnostics.iter().filter(|d| d.severity == s).count();
    let empty = explanation.input.trim().is_empty();
    html! {
        <section class="page explain" aria-labelledby="page-title">
            <h1 id="page-title">{ "Explain a record" }</h1>
            <p class="lede">{ "Paste a DMARC record, the TXT value at _dmarc.<your domain>. Every finding is pinned to its characters, and every tag shows its meaning, default and effective value." }</p>
            <label for="record-input" class="field-label">{ "DMARC record" }</label>
            <textarea id="record-input" class="record-input" rows="3" spellcheck="false" autocomplete="off"
                autocapitalize="off" placeholder="v=DMARC1; p=none; rua=mailto:dmarc-reports@example.com"
                value={(*text).clone()} {oninput} />
            <div class="actions">
                <button type="button" onclick={copy("record", (*text).clone())} disabled={empty}>{ "Copy record" }</button>
                <button type="button" onclick={copy("link", link)} disabled={empty}>{ "Copy link" }</button>
                <span class="status" role="status" aria-live="polite">{ (*status).clone() }</span>
            </div>
            if empty {
                <section aria-labelledby="examples-title" class="examples">
                    <h2 id="examples-title">{ "Try an example" }</h2>
                    <ul>
                        { for EXAMPLES.iter().map(|(label, record)| html! {
                            <li><a href={Route::Explain { record: record.to_string() }.to_hash()}>{ *label }</a>
                                { " " }<code>{ *record }</code></li>
                        }) }
                    </ul>
                </section>
            } else {
                <p class="summary" aria-live="polite">
                    { format!("{} record: {}, {}, {}",
                        explanation.kind.as_str().to_uppercase(),
                        plural(count(Severity::Error), "error", "errors"),
                        plural(count(Severity::Warning), "warning", "warnings"),
                        plural(count(Severity::Info), "note", "notes")) }
                </p>
                <h2>{ "Record" }</h2>
                <Highlight explanation={explanation.clone()} active={*active} />
                <h2>{ "Findings" }</h2>
                <DiagnosticList explanation={explanation.clone()} {on_active} />
                <h2>{ "Tags" }</h2>
                <TagTable explanation={explanation.clone()} />
            }
        </section>
    }
}
