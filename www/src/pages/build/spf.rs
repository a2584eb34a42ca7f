//! The SPF builder tool: catalogue senders and custom terms, the lookup
//! budget as it stands, the record(s), and, when asked, each include's
//! real cost counted live over DNS over HTTPS with the Domain page's SPF
//! tree.

use std::rc::Rc;

use dmarc_lens::check::spf::{spf_tree, LOOKUP_LIMIT};
use dmarc_lens::plan::spf::{build, SpfBuild, COSTS_KNOWN_AT, SENDERS};
use yew::prelude::*;

use super::records::RecordBlock;
use super::{check_field, domain_field, on_event, on_flag, on_text, text_field, BuildForm, ToolProps};
use crate::components::findings::{counts, FindingList};
use crate::doh;

/// One include counted live: (term, catalogue cost, live cost or why not).
type Measured = (String, u32, Result<u32, String>);

#[derive(Clone, Debug, PartialEq)]
enum Live {
    Idle,
    Running,
    Done(Rc<Vec<Measured>>, String),
    Failed(String),
}

/// The SPF builder.
#[component]
pub fn SpfTool(props: &ToolProps) -> Html {
    let f = &props.form;
    let edit = &props.edit;
    let spf: Rc<SpfBuild> = use_memo(f.spf_request(), build);
    let live = use_state_eq(|| Live::Idle);
    {
        // A new record makes an old count stale.
        let live = live.clone();
        use_effect_with(spf.terms.clone(), move |_| live.set(Live::Idle));
    }
    let on_verify = {
        let live = live.clone();
        let includes: Vec<(String, u32)> = spf
            .terms
            .iter()
            .filter(|t| t.term.starts_with("include:"))
            .map(|t| (t.term.clone(), t.lookups))
            .collect();
        let choice = if f.doh.trim().is_empty() { doh::remembered() } else { f.doh.clone() };
        Callback::from(move |_: MouseEvent| {
            let Some(url) = doh::endpoint(&choice) else {
                live.set(Live::Failed(doh::unusable(&choice)));
                return;
            };
            let shown = doh::provider(&choice).map_or_else(|| url.clone(), |p| p.name.to_string());
            live.set(Live::Running);
            let (live, includes) = (live.clone(), includes.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let resolver = doh::check_resolver(url);
                let mut measured = Vec::new();
                for (term, known) in includes {
                    let target = term.trim_start_matches("include:").to_string();
                    let check = spf_tree(&resolver, &target, None).await;
                    let cost = match &check.record {
                        Some(_) => Ok(1 + check.lookups),
                        None => Err(check
                            .findings
                            .first()
                            .map_or_else(|| "no SPF record".to_string(), |f| f.diagnostic.message.clone())),
                    };
                    measured.push((term, known, cost));
                }
                live.set(Live::Done(Rc::new(measured), shown));
            });
        })
    };
    let over = spf.lookups > LOOKUP_LIMIT;
    let findings = Rc::new(spf.diagnostics.clone());
    html! {
        <>
            <form class="build-form" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
                { domain_field("Domain (the MAIL FROM domain the record is for)", f, edit) }
                <fieldset class="senders">
                    <legend>{ format!("Who sends as the domain (lookup costs as known at {COSTS_KNOWN_AT})") }</legend>
                    { for SENDERS.iter().map(|s| {
                        let id = format!("spf-sender-{}", s.id);
                        let checked = f.senders.iter().any(|x| x == s.id);
                        let sender = s.id;
                        let onchange = on_event::<Event>(edit, move |f: &mut BuildForm| {
                            if f.senders.iter().any(|x| x == sender) {
                                f.senders.retain(|x| x != sender);
                            } else {
                                // Catalogue order, whatever the order of ticking.
                                f.senders.push(sender.to_string());
                                dmarc_lens::order::sort_by_key(&mut f.senders, |x| SENDERS.iter().position(|s| s.id == x.as_str()));
                            }
                        });
                        html! {
                            <label for={id.clone()} class="sender">
                                <input type="checkbox" id={id} {checked} {onchange} />
                                { " " }<strong>{ s.name }</strong>
                                { format!(" \u{2014} {} lookup{}", s.lookups, if s.lookups == 1 { "" } else { "s" }) }
                                <span class="sender-note">{ format!(" {}", s.note) }</span>
                            </label>
                        }
                    }) }
                </fieldset>
                { text_field("spf-terms",
                    "Other senders, one term per line: include:domain, ip4:address/prefix, ip6:address/prefix, a, mx",
                    &f.terms, "ip4:192.0.2.0/24", Some(3), on_text(edit, |f, v| f.terms = v)) }
                <fieldset class="qualifier">
                    <legend>{ "Mail from anywhere else" }</legend>
                    <label for="all-softfail">
                        <input type="radio" name="all" id="all-softfail" checked={!f.fail_all}
                            onchange={on_event::<Event>(edit, |f| f.fail_all = false)} />
                        { " " }<strong>{ "~all (soft fail)" }</strong>{ ": receivers weigh it; DMARC still decides for unaligned mail, and forwarded mail can pass DMARC on DKIM." }
                    </label>
                    <label for="all-fail">
                        <input type="radio" name="all" id="all-fail" checked={f.fail_all}
                            onchange={on_event::<Event>(edit, |f| f.fail_all = true)} />
                        { " " }<strong>{ "-all (fail)" }</strong>{ ": some receivers refuse it during SMTP, before DMARC: such mail never shows in DMARC reports, and forwarded mail can be lost." }
                    </label>
                </fieldset>
                { check_field("spf-split",
                    "Split the terms into sub-records under the domain (shorter records; each costs a lookup)",
                    f.split, on_flag(edit, |f, on| f.split = on)) }
                { check_field("spf-flatten",
                    "Show what flattening the includes into addresses would save, and what it costs to maintain",
                    f.flatten, on_flag(edit, |f, on| f.flatten = on)) }
            </form>
            <section class="spf-output" aria-labelledby="spf-title">
                <h2 id="spf-title">{ "The SPF record" }</h2>
                <p class={classes!("budget", over.then_some("over"))} data-lookups={spf.lookups.to_string()}>
                    <label for="spf-budget">{ format!("{} of {LOOKUP_LIMIT} DNS lookups", spf.lookups) }</label>
                    { " " }<meter id="spf-budget" min="0" max={LOOKUP_LIMIT.to_string()} high="8" optimum="0"
                        value={spf.lookups.min(LOOKUP_LIMIT + 5).to_string()} />
                    if over {
                        <strong class="over-words">{ " \u{2716} Over the limit: receivers stop at the 11th lookup with permerror, and SPF fails for all mail." }</strong>
                    }
                    if let Some(flat) = spf.lookups_flattened {
                        { format!(" Flattened: {flat} lookups.") }
                    }
                </p>
                <p class="summary">{ counts(spf.diagnostics.iter()) }</p>
                <FindingList findings={findings} />
                if !spf.terms.is_empty() {
                    <table class="spf-terms">
                        <caption>{ "Each term and its cost" }</caption>
                        <thead><tr><th scope="col">{ "Term" }</th><th scope="col">{ "Lookups" }</th><th scope="col">{ "From" }</th><th scope="col">{ "Note" }</th></tr></thead>
                        <tbody>
                            { for spf.terms.iter().map(|t| html! {
                                <tr data-term={t.term.clone()}>
                                    <td><code>{ t.term.clone() }</code></td>
                                    <td class="num">{ t.lookups }</td>
                                    <td>{ t.source.clone() }</td>
                                    <td>{ t.note.clone().unwrap_or_default() }</td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                }
                { for spf.records.iter().map(|r| html! {
                    <RecordBlock record={r.clone()} format={f.format} on_copy={props.on_copy.clone()} />
                }) }
                if spf.terms.iter().any(|t| t.term.starts_with("include:")) {
                    <p class="actions">
                        <button type="button" id="spf-verify" onclick={on_verify} disabled={*live == Live::Running}>
                            { "Count the includes' lookups live" }</button>
                        { " over DNS over HTTPS, with the resolver chosen on the " }<a href="#/domain">{ "Domain page" }</a>{ "." }
                    </p>
                }
                { live_view(&live) }
                <ul class="spf-notes">{ for spf.notes.iter().map(|n| html! { <li>{ n.clone() }</li> }) }</ul>
            </section>
        </>
    }
}

fn live_view(live: &Live) -> Html {
    match live {
        Live::Idle => html! {},
        Live::Running => html! { <p class="status" role="status">{ "Counting\u{2026}" }</p> },
        Live::Failed(why) => html! { <p class="status" role="status">{ why.clone() }</p> },
        Live::Done(measured, shown) => {
            let differs =
                measured.iter().filter(|(_, known, live)| live.as_ref().ok() != Some(known)).count();
            html! {
                <section id="spf-live" aria-label="Lookups counted live">
                    <p role="status">{ format!(
                        "Counted live with {shown}: {}.",
                        if differs == 0 { "every include costs what the catalogue says".to_string() }
                        else if differs == 1 { "1 include differs from the catalogue; the live count is what receivers see today".to_string() }
                        else { format!("{differs} includes differ from the catalogue; the live count is what receivers see today") }
                    ) }</p>
                    <table class="spf-live">
                        <thead><tr><th scope="col">{ "Include" }</th><th scope="col">{ "Catalogue" }</th><th scope="col">{ "Live" }</th></tr></thead>
                        <tbody>
                            { for measured.iter().map(|(term, known, live)| html! {
                                <tr data-term={term.clone()}>
                                    <td><code>{ term.clone() }</code></td>
                                    <td class="num">{ *known }</td>
                                    <td class="live">{ match live {
                                        Ok(n) => n.to_string(),
                                        Err(why) => format!("not counted: {why}"),
                                    } }</td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                </section>
            }
        }
    }
}
