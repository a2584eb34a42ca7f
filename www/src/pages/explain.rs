//! Explain: paste a record (or zone-file lines, a policy file, message
//! headers), see every finding on its characters, every tag with its
//! meaning, default and effective value, and the corrected record. Explains
//! as you type and keeps the text and the chosen kind in the URL
//! (`#/explain?r=...&k=...`).

use std::rc::Rc;

use dmarc_lens::diag::Diagnostic;
use dmarc_lens::record::dkim::KeyInfo;
use dmarc_lens::record::{explain_as, reads_as_headers, Explanation, Kind, TagExplanation};
use web_sys::{HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::browser;
use crate::components::{
    alignment::AlignmentTable, diagnostics::DiagnosticList, highlight::Highlight, tag_table::TagTable,
};
use crate::psl::{self, Suffixes};
use crate::route::Route;

/// Props: the text and the chosen kind from the URL.
#[derive(Properties, PartialEq)]
pub struct ExplainProps {
    /// The text to start with.
    #[prop_or_default]
    pub record: AttrValue,
    /// The kind chosen by the user, when not detected.
    #[prop_or_default]
    pub kind: Option<AttrValue>,
}

const EXAMPLES: &[(&str, &str)] = &[
    ("DMARC, monitoring with reports", "v=DMARC1; p=none; rua=mailto:dmarc-reports@example.com"),
    ("DMARC, a ramp with pct and t", "v=DMARC1; p=quarantine; pct=25; t=y; rua=mailto:dmarc-reports@example.com"),
    ("DMARC, common mistakes", "v=DMARC1; p=none; fo=1; rua=dmarc@example.com; ri=3600"),
    ("SPF with includes", "v=spf1 include:_spf.google.com include:amazonses.com ip4:192.0.2.0/24 ~all"),
    ("Zone-file lines", "_dmarc.example.com. 3600 IN TXT \"v=DMARC1; p=reject; \" \"rua=mailto:d@example.com\"\nexample.com. 3600 IN TXT \"v=spf1 mx -all\""),
    ("TLS-RPT", "v=TLSRPTv1; rua=mailto:tls-reports@example.com"),
    ("Message headers", "Authentication-Results: mx.example.net; spf=pass smtp.mailfrom=bounces.esp.example; dkim=pass header.d=example.com header.s=s1; dmarc=pass header.from=example.com\nDKIM-Signature: v=1; a=rsa-sha256; d=example.com; s=s1; h=from; bh=x; b=y\nReturn-Path: <bounce@bounces.esp.example>\nFrom: News <news@example.com>"),
];

/// The key's strength in plain words: (class, text).
pub(crate) fn key_strength(key: &KeyInfo) -> (&'static str, String) {
    match (key.algorithm, key.bits) {
        ("rsa", bits) if bits < 1024 => (
            "weak",
            format!("RSA, {bits} bits: too short. Verifiers must not accept keys under 1024 bits, so mail signed with it counts as unsigned (RFC 8301). Generate a 2048-bit key."),
        ),
        ("rsa", bits) if bits < 2048 => (
            "weak",
            format!("RSA, {bits} bits: accepted today, but weak. Rotate to a 2048-bit key."),
        ),
        ("rsa", bits) => ("strong", format!("RSA, {bits} bits: strong.")),
        (_, _) => (
            "strong",
            "Ed25519: strong and short (RFC 8463), but not every verifier supports it yet; sign with an RSA key as well.".to_string(),
        ),
    }
}

/// Props for [`Corrected`].
#[derive(Properties, PartialEq)]
struct CorrectedProps {
    value: AttrValue,
    on_copy: Callback<String>,
}

/// The corrected record, with a copy button and a link that explains it.
#[component]
fn Corrected(props: &CorrectedProps) -> Html {
    let value = props.value.to_string();
    let copy = props.on_copy.reform({
        let value = value.clone();
        move |_: MouseEvent| value.clone()
    });
    html! {
        <section class="corrected" aria-label="Corrected record">
            <p class="corrected-title"><strong>{ "Corrected record" }</strong>
                { " \u{2014} every mechanical fix applied; it explains with no errors." }</p>
            <pre class="corrected-value"><code>{ value.clone() }</code></pre>
            <div class="actions">
                <button type="button" class="copy-corrected" onclick={copy}>{ "Copy corrected record" }</button>
                <a href={Route::Explain { record: value, kind: None }.to_hash()}>{ "Explain the corrected record" }</a>
            </div>
        </section>
    }
}

/// The Explain page.
#[component]
pub fn ExplainPage(props: &ExplainProps) -> Html {
    let text = use_state_eq(|| props.record.to_string());
    let kind = use_state_eq(|| props.kind.as_ref().map(|k| k.to_string()));
    let active = use_state_eq(|| None::<usize>);
    let status = use_state_eq(String::new);
    {
        // Follow the URL when it changes under us: Back, Forward, a link.
        let text = text.clone();
        let kind = kind.clone();
        use_effect_with((props.record.clone(), props.kind.clone()), move |(record, chosen)| {
            text.set(record.to_string());
            kind.set(chosen.as_ref().map(|k| k.to_string()));
        });
    }
    // A final line break is the paste's, not the record's; spans are
    // unaffected because only the end is trimmed.
    // Message headers are judged with the Public Suffix List, fetched the
    // first time headers are pasted; they are explained once it is here.
    let trimmed = text.trim_end_matches(['\n', '\r']);
    let chosen = kind.as_deref().and_then(Kind::from_name);
    let headers = reads_as_headers(trimmed, chosen);
    let suffixes = psl::use_public_suffixes(headers);
    let waiting = headers && suffixes != Suffixes::Ready;
    let explanation: Rc<Explanation> = use_memo((trimmed.to_string(), chosen, waiting), |(t, k, waiting)| {
        // Nothing of it is shown while waiting for the list (see below).
        if *waiting {
            explain_as("", None)
        } else {
            explain_as(t, *k)
        }
    });

    let remember = |record: &str, kind: &Option<String>| {
        browser::replace_hash(&Route::Explain { record: record.to_string(), kind: kind.clone() }.to_hash());
    };
    let oninput = {
        let (text, kind, status) = (text.clone(), kind.clone(), status.clone());
        Callback::from(move |e: InputEvent| {
            let value = e.target_unchecked_into::<HtmlTextAreaElement>().value();
            remember(&value, &kind);
            status.set(String::new());
            text.set(value);
        })
    };
    let onchange = {
        let (text, kind) = (text.clone(), kind.clone());
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            let chosen = (!value.is_empty()).then_some(value);
            remember(&text, &chosen);
            kind.set(chosen);
        })
    };
    let copy_text = browser::copier(status.clone());
    let copy =
        |what: &'static str, value: String| copy_text.reform(move |_: MouseEvent| (what, value.clone()));
    let copy_corrected = copy_text.reform(|value: String| ("corrected record", value));
    let link =
        browser::link_with_hash(&Route::Explain { record: (*text).clone(), kind: (*kind).clone() }.to_hash());
    let on_active = {
        let active = active.clone();
        Callback::from(move |index: Option<usize>| active.set(index))
    };

    let e = &explanation;
    let input: AttrValue = e.input.clone().into();
    let empty = text.trim().is_empty();
    // One list of every diagnostic, so the highlight and the lists agree on
    // indices: the text's own first, then each record's.
    let all: Rc<Vec<Diagnostic>> = Rc::new(e.all_diagnostics());
    let detected = if kind.is_none() && !empty && !waiting {
        format!(" (found: {})", e.kind.title())
    } else {
        String::new()
    };

    let section = |title: Html,
                   diagnostics: &[Diagnostic],
                   first: usize,
                   tags: &[TagExplanation],
                   corrected: &Option<String>,
                   key: Option<KeyInfo>,
                   level: u8| {
        let heading = |text: &str| {
            if level == 2 {
                html! { <h2>{ text.to_string() }</h2> }
            } else {
                html! { <h3>{ text.to_string() }</h3> }
            }
        };
        html! {
            <>
                { title }
                if let Some(key) = key {
                    <p class={classes!("key-strength", key_strength(&key).0)} data-bits={key.bits.to_string()}>
                        <strong>{ "Key: " }</strong>{ key_strength(&key).1 }
                    </p>
                }
                { heading("Findings") }
                <DiagnosticList input={input.clone()} diagnostics={Rc::new(diagnostics.to_vec())}
                    first_index={first} on_active={on_active.clone()} />
                if let Some(value) = corrected {
                    <Corrected value={value.clone()} on_copy={copy_corrected.clone()} />
                }
                if !tags.is_empty() {
                    { heading(if tags.iter().any(|t| t.lookups.is_some()) { "Terms" } else { "Tags" }) }
                    <TagTable tags={Rc::new(tags.to_vec())} />
                }
            </>
        }
    };

    html! {
        <section class="page explain" aria-labelledby="page-title">
            <h1 id="page-title">{ "Explain a record" }</h1>
            <p class="lede">{ "Paste a DMARC, SPF, DKIM, BIMI, MTA-STS or TLS-RPT record: its TXT value, or zone-file lines (several at once). An MTA-STS policy file or a block of message headers works too. Every finding is pinned to its characters, and every tag shows its meaning, default and effective value." }</p>
            <label for="record-input" class="field-label">{ "Record, zone-file lines or headers" }</label>
            <textarea id="record-input" class="record-input" rows="4" spellcheck="false" autocomplete="off"
                autocapitalize="off" placeholder="v=DMARC1; p=none; rua=mailto:dmarc-reports@example.com"
                value={(*text).clone()} {oninput} />
            <div class="actions">
                <label for="kind-select" class="inline-label">{ "Read as" }</label>
                <select id="kind-select" {onchange}>
                    <option value="" selected={kind.is_none()}>{ format!("Detect automatically{detected}") }</option>
                    { for Kind::NAMED.iter().map(|k| html! {
                        <option value={k.as_str()} selected={kind.as_deref() == Some(k.as_str())}>{ k.title() }</option>
                    }) }
                </select>
                <button type="button" onclick={copy("text", (*text).clone())} disabled={empty}>{ "Copy text" }</button>
                <button type="button" onclick={copy("link", link)} disabled={empty}>{ "Copy link" }</button>
                <span class="status" role="status" aria-live="polite">{ (*status).clone() }</span>
            </div>
            if empty {
                <section aria-labelledby="examples-title" class="examples">
                    <h2 id="examples-title">{ "Try an example" }</h2>
                    <ul>
                        { for EXAMPLES.iter().map(|(label, record)| html! {
                            <li><a href={Route::Explain { record: record.to_string(), kind: None }.to_hash()}>{ *label }</a>
                                { " " }<code>{ *record }</code></li>
                        }) }
                    </ul>
                </section>
            } else if waiting {
                { psl::pending(&suffixes, "the headers' organizational domains") }
            } else {
                <p class="summary" aria-live="polite" data-kind={e.kind.as_str()}>
                    { e.summary() }
                </p>
                <h2>{ if e.records.is_empty() { "Record" } else { "Text" } }</h2>
                <Highlight input={input.clone()} diagnostics={all.clone()} active={*active} />
                if let Some(alignment) = &e.alignment {
                    <h2>{ "Alignment" }</h2>
                    <AlignmentTable alignment={alignment.clone()} />
                }
                if e.records.is_empty() {
                    { section(html! {}, &e.diagnostics, 0, &e.tags, &e.corrected, e.key, 2) }
                } else {
                    if !e.diagnostics.is_empty() {
                        <h2>{ "Across the records" }</h2>
                        <DiagnosticList input={input.clone()} diagnostics={Rc::new(e.diagnostics.clone())}
                            first_index={0} on_active={on_active.clone()} />
                    }
                    { for e.records.iter().enumerate().map(|(i, r)| {
                        let first = e.diagnostics.len() + e.records.iter().take(i).map(|r| r.diagnostics.len()).sum::<usize>();
                        let title = html! {
                            <>
                                <h2>{ format!("Record {} of {}: {}{}", i + 1, e.records.len(), r.kind.title(),
                                    r.name.as_ref().map(|n| format!(" at {n}")).unwrap_or_default()) }</h2>
                                <p class="record-value"><code>{ r.value.clone() }</code></p>
                            </>
                        };
                        html! {
                            <section class="record-section" data-record={i.to_string()} data-kind={r.kind.as_str()}>
                                { section(title, &r.diagnostics, first, &r.tags, &r.corrected, r.key, 3) }
                            </section>
                        }
                    }) }
                }
            }
        </section>
    }
}
