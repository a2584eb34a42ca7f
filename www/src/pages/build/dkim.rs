//! The DKIM record formatter tool: a pasted public key (PEM, base64 or a
//! provider's record) as the `<selector>._domainkey` TXT record, split for
//! DNS by the chosen output format, with the key's size in words.

use std::rc::Rc;

use dmarc_lens::plan::dkim::{format, DkimFormatted};
use yew::prelude::*;

use super::records::RecordBlock;
use super::{domain_field, on_text, text_field, ToolProps};
use crate::components::findings::{counts, FindingList};
use crate::pages::explain::key_strength;

/// The DKIM record formatter.
#[component]
pub fn DkimTool(props: &ToolProps) -> Html {
    let f = &props.form;
    let edit = &props.edit;
    let formatted: Rc<Option<DkimFormatted>> =
        use_memo((f.selector.clone(), f.domain.clone(), f.key.clone()), |(selector, domain, key)| {
            (!key.trim().is_empty()).then(|| format(selector.trim(), domain.trim(), key))
        });
    html! {
        <>
            <form class="build-form" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
                { domain_field("Domain (the d= of the signatures)", f, edit) }
                { text_field("dkim-selector", "Selector (the s= of the signatures)", &f.selector, "s2026", None,
                    on_text(edit, |f, v| f.selector = v)) }
                { text_field("dkim-key", "The public key: PEM, its base64 alone, or the record your provider gave",
                    &f.key, "-----BEGIN PUBLIC KEY-----", Some(6), on_text(edit, |f, v| f.key = v)) }
            </form>
            { match &*formatted {
                None => html! { <p class="hint">{ "Paste a public key. Only the public key: the private key never belongs in DNS, or on any web page." }</p> },
                Some(formatted) => {
                    let findings = Rc::new(formatted.diagnostics.clone());
                    html! {
                        <section class="dkim-output" aria-labelledby="dkim-title">
                            <h2 id="dkim-title">{ "The DKIM record" }</h2>
                            if let Some(key) = &formatted.key {
                                <p id="dkim-key-size" class={classes!("key-strength", key_strength(key).0)}
                                    data-bits={key.bits.to_string()} data-algorithm={key.algorithm}>
                                    { key_strength(key).1 }</p>
                            }
                            <p class="summary">{ counts(formatted.diagnostics.iter()) }</p>
                            <FindingList findings={findings} />
                            if let Some(record) = &formatted.record {
                                <RecordBlock record={record.clone()} format={f.format} on_copy={props.on_copy.clone()} />
                            }
                        </section>
                    }
                }
            } }
        </>
    }
}
