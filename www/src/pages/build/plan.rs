//! The rollout plan tool: the form over [`dmarc_lens::plan::PlanInput`],
//! the stages with their records, and how the reports read on the Reports
//! page measure up against them.

use std::rc::Rc;

use dmarc_lens::check::dmarc::check_dmarc;
use dmarc_lens::plan::evidence::{advise, Advice};
use dmarc_lens::plan::output::{self, Format};
use dmarc_lens::plan::{generate, ics, Plan, RampStyle, Stage};
use dmarc_lens::report::summary::PolicySeen;
use serde_json::Value;
use yew::prelude::*;

use super::records::RecordBlock;
use super::{check_field, domain_field, on_event, on_flag, on_text, text_field, BuildForm, Edit, ToolProps};
use crate::components::findings::{counts, FindingList};
use crate::doh;
use crate::psl::{self, Suffixes};
use crate::route::Route;

const STYLES: &[(RampStyle, &str, &str)] = &[
    (
        RampStyle::Both,
        "pct and t=y together",
        "pct steps (10, 25, 50) with t=y beside each: receivers that follow RFC 7489 ramp with pct, those that follow RFC 9989 hold back one level until the full step. Recommended.",
    ),
    (
        RampStyle::Pct,
        "pct steps (RFC 7489)",
        "10, 25, 50, then 100%: honoured by most receivers today. pct does not spare the rest of the failing mail: it gets the next lower policy (quarantine's unsampled mail is delivered as p=none, reject's is quarantined).",
    ),
    (
        RampStyle::Testing,
        "t=y testing stages (RFC 9989)",
        "One stage at quarantine with t=y (receivers apply one level less and report it), then the full policy. RFC 7489 receivers ignore t and apply the policy in full at once.",
    ),
];

/// What looking up the published record came to.
#[derive(Clone, Debug, PartialEq)]
enum Lookup {
    Idle,
    Running(String),
    Said(String),
}

/// The evidence of the reports read, when there is any.
fn read_evidence() -> Option<Rc<Value>> {
    crate::storage::evidence().filter(|e| e["reports"].as_u64().unwrap_or(0) > 0).map(Rc::new)
}

/// The rollout plan tool.
#[component]
pub fn PlanTool(props: &ToolProps) -> Html {
    let f = &props.form;
    let edit = &props.edit;
    // Report addresses outside the domain's organizational domain need an
    // authorization record: the Public Suffix List decides, fetched once a
    // domain is typed.
    let typed = !f.domain.trim().is_empty();
    let suffixes = psl::use_public_suffixes(typed);
    let ready = suffixes == Suffixes::Ready;
    let plan: Rc<Option<Result<Plan, String>>> = use_memo((f.clone(), ready), |(f, ready)| {
        (*ready && !f.domain.trim().is_empty()).then(|| f.plan_input().map(|input| generate(&input)))
    });
    let evidence = use_memo((), |_| read_evidence());
    let lookup = use_state_eq(|| Lookup::Idle);

    let on_lookup = {
        let (lookup, edit) = (lookup.clone(), edit.clone());
        let domain = f.domain.trim().trim_end_matches('.').to_ascii_lowercase();
        let choice = if f.doh.trim().is_empty() { doh::remembered() } else { f.doh.clone() };
        Callback::from(move |_: MouseEvent| {
            if domain.is_empty() {
                lookup.set(Lookup::Said("Type the domain first.".to_string()));
                return;
            }
            let Some(url) = doh::endpoint(&choice) else {
                lookup.set(Lookup::Said(doh::unusable(&choice)));
                return;
            };
            let shown = doh::provider(&choice).map_or_else(|| url.clone(), |p| p.name.to_string());
            lookup.set(Lookup::Running(format!("Looking up _dmarc.{domain} with {shown}\u{2026}")));
            let (lookup, edit, domain) = (lookup.clone(), edit.clone(), domain.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let resolver = doh::check_resolver(url);
                let check = check_dmarc(&resolver, &domain).await;
                let own = check.source_domain.as_deref().is_some_and(|s| s.eq_ignore_ascii_case(&domain));
                let said = match (&check.record, own) {
                    (Some(record), true) => {
                        let record = record.clone();
                        edit.emit(Rc::new(move |f: &mut BuildForm| f.current = record.clone()) as Edit);
                        format!("Found the record at _dmarc.{domain} ({shown}); the plan starts where it stands.")
                    }
                    (Some(record), false) => format!(
                        "_dmarc.{domain} has no record; the policy that applies comes from _dmarc.{} ({record}). \
                         The plan gives {domain} a record of its own.",
                        check.source_domain.as_deref().unwrap_or_default()
                    ),
                    (None, _) => match check.findings.first() {
                        Some(f) if check.domain_exists.is_none() => {
                            format!("The lookup failed ({shown}): {}", f.diagnostic.message)
                        }
                        _ => format!("No DMARC record applies to {domain} ({shown}): the plan starts from nothing."),
                    },
                };
                lookup.set(Lookup::Said(said));
            });
        })
    };

    html! {
        <>
            <form class="build-form" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
                { domain_field("Domain", f, edit) }
                <fieldset class="purpose">
                    <legend>{ "Does the domain send mail?" }</legend>
                    <label for="purpose-sending">
                        <input type="radio" name="purpose" id="purpose-sending" checked={!f.parked}
                            onchange={on_event::<Event>(edit, |f| f.parked = false)} />
                        { " It sends mail: a staged rollout to enforcement" }
                    </label>
                    <label for="purpose-parked">
                        <input type="radio" name="purpose" id="purpose-parked" checked={f.parked}
                            onchange={on_event::<Event>(edit, |f| f.parked = true)} />
                        { " It sends none (a parked domain): the parked-domain kit" }
                    </label>
                    if f.parked {
                        <label for="build-receives" class="sub-choice">
                            <input type="checkbox" id="build-receives" checked={f.receives}
                                onchange={on_flag(edit, |f, on| f.receives = on)} />
                            { " It still receives mail: keep its MX records (no null MX)" }
                        </label>
                    }
                </fieldset>
                { text_field("build-rua", "Aggregate report addresses (rua), one per line", &f.rua,
                    "mailto:dmarc-reports@example.com", Some(2), on_text(edit, |f, v| f.rua = v)) }
                { text_field("build-ruf", "Failure report addresses (ruf), optional", &f.ruf, "", Some(1),
                    on_text(edit, |f, v| f.ruf = v)) }
                if !f.parked {
                    { text_field("build-sub",
                        "Subdomains that send mail on their own, one per line, each optionally followed by its record today",
                        &f.subdomains, "news.example.com v=DMARC1; p=none", Some(2), on_text(edit, |f, v| f.subdomains = v)) }
                    { check_field("build-lists",
                        "Its users post to mailing lists or rely on forwarding (the plan then ends at quarantine)",
                        f.lists, on_flag(edit, |f, on| f.lists = on)) }
                    <fieldset class="styles">
                        <legend>{ "How to ramp quarantine" }</legend>
                        { for STYLES.iter().map(|(style, label, what)| {
                            let id = format!("style-{}", style.as_str());
                            let style = *style;
                            html! {
                                <label for={id.clone()}>
                                    <input type="radio" name="style" id={id} checked={f.style == style}
                                        onchange={on_event::<Event>(edit, move |f| f.style = style)} />
                                    { " " }<strong>{ *label }</strong>{ format!(": {what}") }
                                </label>
                            }
                        }) }
                    </fieldset>
                    <p class="field">
                        <label for="build-pace">{ "Pace" }</label>
                        <select id="build-pace" onchange={edit.reform(|e: Event| {
                            let conservative = super::value_of(&e) == "conservative";
                            Rc::new(move |f: &mut BuildForm| {
                                f.pace = if conservative { dmarc_lens::plan::Pace::Conservative } else { dmarc_lens::plan::Pace::Standard };
                            }) as Edit
                        })}>
                            <option value="standard" selected={f.pace.as_str() == "standard"}>{ "Standard: the guides' minimums" }</option>
                            <option value="conservative" selected={f.pace.as_str() == "conservative"}>{ "Conservative: about twice as long, reject ramped too" }</option>
                        </select>
                    </p>
                }
                <p class="field">
                    <label for="build-start">{ "First stage starts on" }</label>
                    <input id="build-start" type="date" value={f.start.clone()} oninput={on_text(edit, |f, v| f.start = v)} />
                </p>
                { text_field("build-current", "The record at _dmarc today, if any (so the plan starts where the domain is)",
                    &f.current, "v=DMARC1; p=none; rua=mailto:…", Some(2), on_text(edit, |f, v| f.current = v)) }
                <p class="field lookup">
                    <button type="button" id="lookup-current" onclick={on_lookup}
                        disabled={matches!(*lookup, Lookup::Running(_))}>{ "Look up the published record" }</button>
                    { " over DNS over HTTPS, with the resolver chosen on the " }<a href="#/domain">{ "Domain page" }</a>{ "." }
                </p>
                if let Lookup::Running(text) | Lookup::Said(text) = &*lookup {
                    <p id="lookup-status" class="status" role="status">{ text.clone() }</p>
                }
            </form>
            { match &*plan {
                None if typed => psl::pending(&suffixes, "the report addresses"),
                None => html! { <p class="hint">{ "Type the domain to plan for." }</p> },
                Some(Err(why)) => html! { <p class="error" role="alert">{ format!("The start date: {why}") }</p> },
                Some(Ok(plan)) => plan_view(plan, f.format, evidence.as_ref().as_ref(), &props.on_copy),
            } }
        </>
    }
}

fn plan_view(
    plan: &Plan,
    format: Format,
    evidence: Option<&Rc<Value>>,
    on_copy: &Callback<(&'static str, String)>,
) -> Html {
    let findings = Rc::new(plan.diagnostics.clone());
    let parked = plan.purpose == "parked";
    let title = if parked {
        format!("Parked-domain kit for {}", plan.domain)
    } else {
        format!("Rollout plan for {}", plan.domain)
    };
    let advice = evidence.map(|e| {
        let policies: Vec<PolicySeen> = serde_json::from_value(e["policies"].clone()).unwrap_or_default();
        let ready = e["readiness"]["ready"].as_bool().unwrap_or(false);
        (advise(plan, &policies, ready), e.clone())
    });
    let all: Vec<_> = plan.records().cloned().collect();
    let copy_all = on_copy.reform({
        let text = output::render(&all, format);
        move |_: MouseEvent| ("records", text.clone())
    });
    let download_ics = {
        let (text, name) = (ics::calendar(plan), format!("dmarc-rollout-{}.ics", plan.domain));
        Callback::from(move |_: MouseEvent| {
            let _ = crate::browser::download(&name, &text, "text/calendar");
        })
    };
    let summary = match (plan.stages.first(), plan.stages.last()) {
        (Some(first), Some(last)) => format!(
            "{} stage{} from {}, at p={} from {} at the earliest. {}.",
            plan.stages.len(),
            if plan.stages.len() == 1 { "" } else { "s" },
            first.start,
            plan.end_policy,
            last.start,
            counts(plan.diagnostics.iter())
        ),
        _ => format!("No plan: the input has errors. {}.", counts(plan.diagnostics.iter())),
    };
    html! {
        <section class="plan-output" aria-labelledby="plan-title" data-purpose={plan.purpose}>
            <h2 id="plan-title">{ title }</h2>
            <p class="plan-summary" data-stages={plan.stages.len().to_string()} data-end={plan.end_policy}>{ summary }</p>
            <FindingList findings={findings} />
            { evidence_panel(advice.as_ref()) }
            if !plan.stages.is_empty() {
                <div class="actions">
                    <button type="button" id="copy-all" onclick={copy_all}>{ "Copy every record" }</button>
                    <button type="button" id="download-ics" onclick={download_ics}>{ "Download the dates (.ics calendar)" }</button>
                </div>
            }
            <ol class="stages">
                { for plan.stages.iter().enumerate().map(|(i, stage)| {
                    stage_view(i, stage, format, advice.as_ref().map(|(a, _)| a), on_copy)
                }) }
            </ol>
            if !plan.extra_records.is_empty() {
                <section id="extra-records" aria-labelledby="extra-title">
                    <h3 id="extra-title">{ "Records at the report destinations" }</h3>
                    <p>{ "Each destination outside the domain's organizational domain publishes this authorization, or receivers drop the address (RFC 9990 \u{a7}4). Report services usually publish it themselves: check." }</p>
                    { for plan.extra_records.iter().map(|r| html! {
                        <RecordBlock record={r.clone()} {format} on_copy={on_copy.clone()} />
                    }) }
                </section>
            }
            if !plan.notes.is_empty() {
                <section class="plan-notes" aria-labelledby="notes-title">
                    <h3 id="notes-title">{ "What to know" }</h3>
                    <ul>{ for plan.notes.iter().map(|n| html! { <li>{ n.clone() }</li> }) }</ul>
                </section>
            }
        </section>
    }
}

/// How the reports read measure up, and which stage they support.
fn evidence_panel(advice: Option<&(Advice, Rc<Value>)>) -> Html {
    let Some((advice, evidence)) = advice else {
        return html! {
            <p class="evidence none">{ "Read this domain's aggregate reports on the " }<a href={Route::Reports.to_hash()}>{ "Reports page" }</a>
                { " (they stay in your browser) and this plan shows how they measure up against each stage's exit criteria." }</p>
        };
    };
    let readiness = &evidence["readiness"];
    let criteria = readiness["criteria"].as_array().cloned().unwrap_or_default();
    html! {
        <section class="evidence" aria-labelledby="evidence-title">
            <h3 id="evidence-title">{ "What your reports say" }</h3>
            <p>{ format!(
                "From {} report{} over {} day{}, read on the Reports page in this browser.",
                evidence["reports"].as_u64().unwrap_or(0),
                if evidence["reports"].as_u64() == Some(1) { "" } else { "s" },
                evidence["days"].as_u64().unwrap_or(0),
                if evidence["days"].as_u64() == Some(1) { "" } else { "s" },
            ) }</p>
            if advice.current.is_some() {
                <ul class="criteria">
                    { for criteria.iter().map(|c| {
                        let met = c["met"].as_bool().unwrap_or(false);
                        html! {
                            <li class={if met { "met" } else { "unmet" }}>
                                <span class="mark" aria-hidden="true">{ if met { "\u{2713} " } else { "\u{2717} " } }</span>
                                <strong>{ if met { "Met: " } else { "Not met: " } }</strong>
                                { c["text"].as_str().unwrap_or_default().to_string() }
                            </li>
                        }
                    }) }
                </ul>
            }
            <p class="advice" data-current={advice.current.map(|i| (i + 1).to_string())}
                data-supported={advice.supported.map(|i| (i + 1).to_string())}>{ advice.message.clone() }</p>
            if !readiness["blocking"].as_array().is_none_or(Vec::is_empty) && advice.current.is_some() {
                <p>{ "What blocks the next step:" }</p>
                <ul class="blocking">
                    { for readiness["blocking"].as_array().into_iter().flatten().take(10).map(|b| html! {
                        <li>{ b.as_str().unwrap_or_default().to_string() }</li>
                    }) }
                </ul>
            }
        </section>
    }
}

fn stage_view(
    index: usize,
    stage: &Stage,
    format: Format,
    advice: Option<&Advice>,
    on_copy: &Callback<(&'static str, String)>,
) -> Html {
    let dates = if stage.min_days > 0 {
        format!(
            "From {}, for at least {} days: the next stage no earlier than {}.",
            stage.start,
            stage.min_days,
            stage.end()
        )
    } else {
        format!("From {}: the end state.", stage.start)
    };
    let badge = advice.and_then(|a| {
        if a.current == Some(index) && a.supported == Some(index) {
            Some(("here", "The reports show the domain here, and the data supports staying here."))
        } else if a.current == Some(index) {
            Some(("here", "The reports show the domain here."))
        } else if a.supported == Some(index) {
            Some(("supported", "The data supports moving to this stage."))
        } else if a.supported.is_some_and(|s| index > s) || (a.supported.is_none() && a.current.is_some()) {
            Some(("not-yet", "Not yet: the data does not support this stage."))
        } else {
            None
        }
    });
    let rollback = |name: &str, value: &str| {
        if value.is_empty() {
            html! { <>{ "delete the record at " }<code>{ name.to_string() }</code></> }
        } else {
            html! { <>{ "put back " }<code>{ name.to_string() }</code>{ ": " }<code>{ value.to_string() }</code></> }
        }
    };
    html! {
        <li class={classes!("stage", badge.map(|(c, _)| c))} data-stage={(index + 1).to_string()}>
            <h3>{ format!("Stage {}: {}", index + 1, stage.name) }</h3>
            if let Some((_, words)) = badge {
                <p class="stage-badge">{ words }</p>
            }
            <p class="stage-dates">{ dates }</p>
            <p class="why">{ stage.why.clone() }</p>
            { for stage.records.iter().map(|r| html! {
                <RecordBlock record={r.clone()} {format} on_copy={on_copy.clone()} />
            }) }
            if !stage.exit_criteria.is_empty() {
                <h4>{ "Before moving on" }</h4>
                <ul class="exit-criteria">{ for stage.exit_criteria.iter().map(|c| html! { <li>{ c.clone() }</li> }) }</ul>
            }
            <p class="rollback"><strong>{ "Rollback: " }</strong>{ rollback(&stage.rollback.name, &stage.rollback.value) }
                { for stage.rollback_also.iter().map(|r| html! { <>{ "; " }{ rollback(&r.name, &r.value) }</> }) }</p>
        </li>
    }
}
