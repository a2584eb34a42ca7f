//! Domain: type a domain and see its whole email-authentication set-up,
//! looked up from the browser over DNS over HTTPS ([`crate::doh`]).
//!
//! The form's values live in the URL (`#/domain?d=…&selectors=…&ip=…&doh=…`);
//! opening such a link runs the check. Each part of the check (DMARC with
//! its report addresses, the SPF tree, DKIM, MX, BIMI / MTA-STS / TLS-RPT)
//! is shown as soon as it arrives, the others say they are still being
//! looked up, and a progress line counts the DNS queries answered. When
//! every part is in, the verdict, the bulk-sender checklist and every
//! finding follow, with the whole report as JSON (`#check-json`).
//!
//! Everything DNS returns is rendered as text.

use std::cell::{Cell, RefCell};
use std::future::poll_fn;
use std::net::IpAddr;
use std::rc::Rc;
use std::task::{Poll, Waker};

use dmarc_lens::catalogue::CheckCode;
use dmarc_lens::check::bulk::Status as BulkStatus;
use dmarc_lens::check::dkim::{DkimCheck, DkimKey};
use dmarc_lens::check::dmarc::{Applies, DmarcCheck};
use dmarc_lens::check::domain::{run, DomainReport, Options, Part};
use dmarc_lens::check::mx::{MxCheck, MxStatus};
use dmarc_lens::check::policy_records::{
    mta_sts_policy_url, policy_fetch_findings, policy_mx_findings, PolicyFetch, PolicyFetchCheck,
    PolicyRecord, PolicyRecords,
};
use dmarc_lens::check::render;
use dmarc_lens::check::report_auth::ReportAuth;
use dmarc_lens::check::spf::{NodeKind, NodeStatus, SpfCheck, SpfNode, LOOKUP_LIMIT, NEAR_LIMIT, VOID_LIMIT};
use dmarc_lens::check::summary::Status;
use dmarc_lens::check::Finding;
use dmarc_lens::diag::Diagnostic;
use dmarc_lens::record::spf::SpfResult;
use gloo_timers::callback::Interval;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::browser;
use crate::components::findings::{counts, FindingList};
use crate::components::highlight::Highlight;
use crate::components::severity_label;
use crate::doh::{self, PROVIDERS};
use crate::route::Route;

/// Props: the check's inputs from the URL.
#[derive(Properties, PartialEq)]
pub struct DomainProps {
    /// The domain (`d=`); empty shows the form only.
    #[prop_or_default]
    pub domain: AttrValue,
    /// Extra DKIM selectors, comma-separated (`selectors=`).
    #[prop_or_default]
    pub selectors: AttrValue,
    /// An address to evaluate SPF for (`ip=`).
    #[prop_or_default]
    pub ip: AttrValue,
    /// The resolver, a key or a URL (`doh=`); `None` uses the remembered one.
    #[prop_or_default]
    pub doh: Option<AttrValue>,
}

/// How often the progress line is refreshed while a check runs.
const PROGRESS_EVERY_MS: u32 = 100;
/// How long the MTA-STS policy fetch may take.
const POLICY_TIMEOUT_MS: u32 = 10_000;
/// The most of a policy file read (RFC 8461 §3.2 caps it at 64 KiB).
const POLICY_MAX: usize = 64 * 1024;

/// What a person may type for a domain, cleaned: spaces, a URL's scheme
/// and path, and an e-mail address's local part are dropped.
pub fn clean_domain(text: &str) -> String {
    let text = text.trim();
    let lower = text.to_ascii_lowercase();
    let text = ["https://", "http://"]
        .iter()
        .find(|scheme| lower.starts_with(*scheme))
        .and_then(|scheme| text.get(scheme.len()..))
        .unwrap_or(text);
    let text = text.split(['/', '?', '#']).next().unwrap_or_default();
    let text = text.rsplit('@').next().unwrap_or_default();
    text.trim().to_string()
}

/// The selectors typed, split on commas and spaces.
pub fn split_selectors(text: &str) -> Vec<String> {
    text.split([',', ' ', '\t', '\n']).map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect()
}

/// A finished check.
#[derive(Debug, PartialEq)]
struct Done {
    report: DomainReport,
    /// The report as the `check --json` shape, pretty-printed.
    json: String,
    /// The report as text, as `dmarc-lens check` prints it.
    text: String,
    elapsed_ms: f64,
}

/// Where the MTA-STS policy fetch stands.
#[derive(Clone, Debug, PartialEq)]
enum Fetch {
    Idle,
    Running,
    /// The outcome, and the MX hosts the policy does not list.
    Finished(Rc<(PolicyFetchCheck, Vec<Finding>)>),
}

/// Everything the page shows about the check under way or done.
#[derive(Debug, PartialEq)]
struct CheckState {
    /// Which check the state is about; messages of older ones are dropped.
    generation: u64,
    /// The domain as given to the check.
    domain: String,
    /// The resolver's address.
    resolver: String,
    /// Why no check runs (bad input).
    error: Option<String>,
    running: bool,
    dmarc: Option<Rc<(DmarcCheck, Vec<ReportAuth>)>>,
    spf: Option<Rc<SpfCheck>>,
    dkim: Option<Rc<DkimCheck>>,
    mx: Option<Rc<MxCheck>>,
    policy: Option<Rc<PolicyRecords>>,
    /// DNS queries answered, and asked.
    progress: (usize, usize),
    /// When each part arrived, in milliseconds after the start, in order.
    arrivals: Vec<(&'static str, u64)>,
    done: Option<Rc<Done>>,
    fetch: Fetch,
}

impl Default for CheckState {
    fn default() -> Self {
        CheckState {
            generation: 0,
            domain: String::new(),
            resolver: String::new(),
            error: None,
            running: false,
            dmarc: None,
            spf: None,
            dkim: None,
            mx: None,
            policy: None,
            progress: (0, 0),
            arrivals: Vec::new(),
            done: None,
            fetch: Fetch::Idle,
        }
    }
}

enum Action {
    /// Show the form only.
    Reset(u64),
    /// The inputs cannot be checked.
    Invalid(u64, String),
    /// A check starts.
    Start {
        generation: u64,
        domain: String,
        resolver: String,
    },
    /// A part arrived, so many milliseconds after the start.
    Part(u64, Part, u64),
    Progress(u64, (usize, usize)),
    Done(u64, Rc<Done>),
    FetchStarted(u64),
    Fetched(u64, Rc<(PolicyFetchCheck, Vec<Finding>)>),
}

impl Reducible for CheckState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let current = |generation: u64| generation == self.generation;
        match action {
            Action::Reset(generation) => Rc::new(CheckState { generation, ..CheckState::default() }),
            Action::Invalid(generation, why) => {
                Rc::new(CheckState { generation, error: Some(why), ..CheckState::default() })
            }
            Action::Start { generation, domain, resolver } => {
                Rc::new(CheckState { generation, domain, resolver, running: true, ..CheckState::default() })
            }
            Action::Part(generation, part, ms) if current(generation) => {
                let mut next = self.copy();
                next.arrivals.push((part_name(&part), ms));
                match part {
                    Part::Dmarc(check, auth) => next.dmarc = Some(Rc::new((*check, auth))),
                    Part::Spf(check) => next.spf = Some(Rc::from(check)),
                    Part::Dkim(check) => next.dkim = Some(Rc::from(check)),
                    Part::Mx(check) => next.mx = Some(Rc::from(check)),
                    Part::PolicyRecords(check) => next.policy = Some(Rc::from(check)),
                }
                Rc::new(next)
            }
            Action::Progress(generation, progress) if current(generation) && self.running => {
                Rc::new(CheckState { progress, ..self.copy() })
            }
            Action::Done(generation, done) if current(generation) => {
                let progress = (done.report.queries, done.report.queries);
                Rc::new(CheckState { running: false, progress, done: Some(done), ..self.copy() })
            }
            Action::FetchStarted(generation) if current(generation) => {
                Rc::new(CheckState { fetch: Fetch::Running, ..self.copy() })
            }
            Action::Fetched(generation, outcome) if current(generation) => {
                Rc::new(CheckState { fetch: Fetch::Finished(outcome), ..self.copy() })
            }
            _ => self,
        }
    }
}

impl CheckState {
    /// A shallow copy (the parts are shared).
    fn copy(&self) -> CheckState {
        CheckState {
            generation: self.generation,
            domain: self.domain.clone(),
            resolver: self.resolver.clone(),
            error: self.error.clone(),
            running: self.running,
            dmarc: self.dmarc.clone(),
            spf: self.spf.clone(),
            dkim: self.dkim.clone(),
            mx: self.mx.clone(),
            policy: self.policy.clone(),
            progress: self.progress,
            arrivals: self.arrivals.clone(),
            done: self.done.clone(),
            fetch: self.fetch.clone(),
        }
    }
}

/// What a part is called on the page.
fn part_name(part: &Part) -> &'static str {
    match part {
        Part::Dmarc(..) => "DMARC and report addresses",
        Part::Spf(_) => "SPF",
        Part::Dkim(_) => "DKIM",
        Part::Mx(_) => "MX",
        Part::PolicyRecords(_) => "BIMI, MTA-STS and TLS-RPT",
    }
}

/// Set when a check is replaced or the page goes away: the running check
/// stops at its next step.
#[derive(Default)]
struct Cancel {
    cancelled: Cell<bool>,
    waker: RefCell<Option<Waker>>,
}

impl Cancel {
    fn cancel(&self) {
        self.cancelled.set(true);
        if let Some(waker) = self.waker.borrow_mut().take() {
            waker.wake();
        }
    }

    async fn wait(&self) {
        poll_fn(|cx| {
            if self.cancelled.get() {
                Poll::Ready(())
            } else {
                *self.waker.borrow_mut() = Some(cx.waker().clone());
                Poll::Pending
            }
        })
        .await
    }
}

/// What the check is asked to do, from the URL: the options and the
/// resolver's address, or why they cannot be used.
fn inputs(props: &DomainProps) -> Result<Option<(Options, String)>, String> {
    let domain = clean_domain(&props.domain);
    if domain.is_empty() {
        return Ok(None);
    }
    let choice = props.doh.as_ref().map(|d| d.to_string()).unwrap_or_else(doh::remembered);
    let Some(url) = doh::endpoint(&choice) else {
        return Err(format!(
            "The resolver \u{201c}{choice}\u{201d} is neither one of the resolvers listed below nor an https:// address. Pick one below."
        ));
    };
    let ip = match props.ip.trim() {
        "" => None,
        typed => match typed.parse::<IpAddr>() {
            Ok(ip) => Some(ip),
            Err(_) => {
                return Err(format!(
                    "\u{201c}{typed}\u{201d} is not an IPv4 or IPv6 address, so SPF cannot be evaluated for it. Correct it or leave the field empty."
                ))
            }
        },
    };
    // Typed selectors, then those seen in the reports read in this tab.
    let mut selectors = split_selectors(&props.selectors);
    for seen in crate::storage::selectors_seen(&domain) {
        if !selectors.contains(&seen) {
            selectors.push(seen);
        }
    }
    Ok(Some((Options { domain, selectors, ip }, url)))
}

/// Fetches the MTA-STS policy file, as far as the browser lets the page
/// read it. Redirects are not followed (RFC 8461 §3.3).
async fn fetch_policy(url: &str) -> PolicyFetch {
    let abort = doh::AbortOnDrop::new();
    let signal = abort.signal();
    let request = gloo_net::http::Request::get(url)
        .redirect(web_sys::RequestRedirect::Error)
        .cache(web_sys::RequestCache::NoStore)
        .abort_signal(signal.as_ref());
    let attempt = async {
        let response = request.send().await.map_err(|e| e.to_string())?;
        let status = response.status();
        if status != 200 {
            return Ok(PolicyFetch::HttpError(status));
        }
        let mut body = response.text().await.map_err(|e| e.to_string())?;
        if body.len() > POLICY_MAX {
            let mut cut = POLICY_MAX;
            while !body.is_char_boundary(cut) {
                cut -= 1;
            }
            body.truncate(cut);
        }
        Ok(PolicyFetch::Fetched { status, body })
    };
    match doh::race(attempt, gloo_timers::future::TimeoutFuture::new(POLICY_TIMEOUT_MS)).await {
        Ok(outcome) => {
            abort.disarm();
            outcome.unwrap_or_else(PolicyFetch::BlockedOrNetwork)
        }
        // Dropping `abort` aborts the request.
        Err(()) => {
            PolicyFetch::BlockedOrNetwork(format!("no answer within {} seconds", POLICY_TIMEOUT_MS / 1000))
        }
    }
}

/// The Domain page.
#[component]
pub fn DomainPage(props: &DomainProps) -> Html {
    let state = use_reducer_eq(CheckState::default);
    let generation = use_mut_ref(|| 0u64);
    let rerun = use_state_eq(|| 0u32);

    // The form's fields, following the URL when it changes.
    let domain_field = use_state_eq(|| props.domain.to_string());
    let selectors_field = use_state_eq(|| props.selectors.to_string());
    let ip_field = use_state_eq(|| props.ip.to_string());
    let initial_choice = props.doh.as_ref().map(|d| d.to_string()).unwrap_or_else(doh::remembered);
    let doh_key = use_state_eq(|| choice_key(&initial_choice));
    let doh_url = use_state_eq(|| choice_url(&initial_choice));
    let status = use_state_eq(String::new);
    {
        let (domain_field, selectors_field, ip_field, doh_key, doh_url) = (
            domain_field.clone(),
            selectors_field.clone(),
            ip_field.clone(),
            doh_key.clone(),
            doh_url.clone(),
        );
        use_effect_with(
            (props.domain.clone(), props.selectors.clone(), props.ip.clone(), props.doh.clone()),
            move |(domain, selectors, ip, chosen)| {
                domain_field.set(domain.to_string());
                selectors_field.set(selectors.to_string());
                ip_field.set(ip.to_string());
                let choice = chosen.as_ref().map(|d| d.to_string()).unwrap_or_else(doh::remembered);
                doh_key.set(choice_key(&choice));
                doh_url.set(choice_url(&choice));
            },
        );
    }

    // Run the check the URL describes, again when asked to.
    {
        let dispatcher = state.dispatcher();
        let generation = generation.clone();
        let asked = inputs(props);
        use_effect_with(
            (props.domain.clone(), props.selectors.clone(), props.ip.clone(), props.doh.clone(), *rerun),
            move |_| {
                let id = {
                    let mut g = generation.borrow_mut();
                    *g += 1;
                    *g
                };
                let cancel = Rc::new(Cancel::default());
                let ticker: Rc<RefCell<Option<Interval>>> = Rc::new(RefCell::new(None));
                match asked {
                    Ok(None) => dispatcher.dispatch(Action::Reset(id)),
                    Err(why) => dispatcher.dispatch(Action::Invalid(id, why)),
                    Ok(Some((options, url))) => {
                        dispatcher.dispatch(Action::Start {
                            generation: id,
                            domain: options.domain.clone(),
                            resolver: url.clone(),
                        });
                        let resolver = Rc::new(doh::check_resolver(url));
                        {
                            let (resolver, dispatcher) = (resolver.clone(), dispatcher.clone());
                            *ticker.borrow_mut() = Some(Interval::new(PROGRESS_EVERY_MS, move || {
                                dispatcher.dispatch(Action::Progress(id, resolver.progress()));
                            }));
                        }
                        let (cancel, ticker) = (cancel.clone(), ticker.clone());
                        wasm_bindgen_futures::spawn_local(async move {
                            let started = js_sys::Date::now();
                            let each = {
                                let dispatcher = dispatcher.clone();
                                move |part: &Part| {
                                    let ms = (js_sys::Date::now() - started).round() as u64;
                                    dispatcher.dispatch(Action::Part(id, part.clone(), ms));
                                }
                            };
                            let report = doh::race(run(&resolver, &options, each), cancel.wait()).await;
                            drop(ticker.borrow_mut().take());
                            if let Ok(report) = report {
                                let elapsed_ms = js_sys::Date::now() - started;
                                let json = serde_json::to_string_pretty(&report).unwrap_or_else(|e| {
                                    serde_json::json!({ "error": e.to_string() }).to_string()
                                });
                                let text = render::text(&report);
                                let done = Done { report, json, text, elapsed_ms };
                                dispatcher.dispatch(Action::Done(id, Rc::new(done)));
                            }
                        });
                    }
                }
                move || {
                    cancel.cancel();
                    drop(ticker.borrow_mut().take());
                }
            },
        );
    }

    let onsubmit = {
        let (domain_field, selectors_field, ip_field, doh_key, doh_url, rerun) = (
            domain_field.clone(),
            selectors_field.clone(),
            ip_field.clone(),
            doh_key.clone(),
            doh_url.clone(),
            rerun.clone(),
        );
        let status = status.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let choice = if *doh_key == "custom" { doh_url.trim().to_string() } else { (*doh_key).clone() };
            if doh::endpoint(&choice).is_none() {
                status.set(
                    "Type the resolver's address, starting with https:// (for example https://doh.example/dns-query)."
                        .to_string(),
                );
                return;
            }
            let ip = ip_field.trim().to_string();
            if !ip.is_empty() && ip.parse::<IpAddr>().is_err() {
                status.set(format!("\u{201c}{ip}\u{201d} is not an IPv4 or IPv6 address."));
                return;
            }
            let domain = clean_domain(&domain_field);
            if domain.is_empty() {
                status.set("Type a domain to check, e.g. example.com.".to_string());
                return;
            }
            status.set(String::new());
            doh::remember(&choice);
            let route = Route::Domain {
                domain,
                selectors: split_selectors(&selectors_field).join(","),
                ip,
                doh: Some(choice),
            };
            if Route::parse(&browser::hash()) == route {
                rerun.set(rerun.wrapping_add(1));
            } else if let Some(window) = web_sys::window() {
                let _ = window.location().set_hash(&route.to_hash());
            }
        })
    };

    let text_input = |field: &UseStateHandle<String>| {
        let field = field.clone();
        Callback::from(move |e: InputEvent| field.set(e.target_unchecked_into::<HtmlInputElement>().value()))
    };
    let on_doh_select = {
        let doh_key = doh_key.clone();
        Callback::from(move |e: Event| doh_key.set(e.target_unchecked_into::<HtmlSelectElement>().value()))
    };

    let copy_text = browser::copier(status.clone());

    let on_fetch = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| {
            let Some(done) = state.done.clone() else { return };
            let id = state.generation;
            let dispatcher = state.dispatcher();
            dispatcher.dispatch(Action::FetchStarted(id));
            wasm_bindgen_futures::spawn_local(async move {
                let domain = done.report.domain.clone();
                let outcome = fetch_policy(&mta_sts_policy_url(&domain)).await;
                let check = policy_fetch_findings(&domain, &outcome);
                let mx = match &outcome {
                    PolicyFetch::Fetched { status: 200, body } => {
                        policy_mx_findings(body, &done.report.check.mx)
                    }
                    _ => Vec::new(),
                };
                dispatcher.dispatch(Action::Fetched(id, Rc::new((check, mx))));
            });
        })
    };

    let s = &*state;
    let started = s.running || s.done.is_some();
    let pending = s.running;
    html! {
        <section class="page domain" aria-labelledby="page-title">
            <h1 id="page-title">{ "Check a domain" }</h1>
            <p class="lede">{ "Type a domain and see its whole email-authentication set-up: DMARC, SPF, DKIM, MX, report addresses, BIMI, MTA-STS and TLS-RPT, looked up from your browser over DNS over HTTPS at the resolver you pick. Nothing goes through a server of ours." }</p>
            <form id="domain-form" class="domain-form" {onsubmit} novalidate=true>
                <div class="field">
                    <label for="domain-input" class="field-label">{ "Domain" }</label>
                    <input id="domain-input" type="text" inputmode="url" autocomplete="off" autocapitalize="off"
                        spellcheck="false" placeholder="example.com" value={(*domain_field).clone()}
                        oninput={text_input(&domain_field)} />
                </div>
                <div class="field">
                    <label for="selectors-input" class="field-label">{ "DKIM selectors " }<span class="optional">{ "(optional, comma-separated)" }</span></label>
                    <input id="selectors-input" type="text" autocomplete="off" autocapitalize="off" spellcheck="false"
                        placeholder="s1, mail2025" aria-describedby="selectors-help" value={(*selectors_field).clone()}
                        oninput={text_input(&selectors_field)} />
                    <p id="selectors-help" class="field-help">{ "DNS cannot list a domain's selectors; common ones are always tried. Add yours from a DKIM-Signature header (s=). Selectors seen in the reports you read on the Reports page in this tab are tried too." }</p>
                </div>
                <div class="field">
                    <label for="ip-input" class="field-label">{ "Sending IP address " }<span class="optional">{ "(optional)" }</span></label>
                    <input id="ip-input" type="text" inputmode="decimal" autocomplete="off" spellcheck="false"
                        placeholder="192.0.2.1" aria-describedby="ip-help" value={(*ip_field).clone()}
                        oninput={text_input(&ip_field)} />
                    <p id="ip-help" class="field-help">{ "SPF is evaluated for it, as a receiver would (check_host)." }</p>
                </div>
                <div class="field">
                    <label for="doh-select" class="field-label">{ "DNS-over-HTTPS resolver" }</label>
                    <select id="doh-select" onchange={on_doh_select}>
                        { for PROVIDERS.iter().map(|p| html! {
                            <option value={p.key} selected={*doh_key == p.key}>{ p.name }</option>
                        }) }
                        <option value="custom" selected={*doh_key == "custom"}>{ "Another resolver (its URL)" }</option>
                    </select>
                    if *doh_key == "custom" {
                        <label for="doh-url" class="field-label">{ "Resolver URL" }</label>
                        <input id="doh-url" type="url" autocomplete="off" spellcheck="false"
                            placeholder="https://doh.example/dns-query" value={(*doh_url).clone()}
                            oninput={text_input(&doh_url)} />
                    }
                    <p class="field-help">{ "Your choice is remembered in this browser. The resolver sees the names looked up." }</p>
                </div>
                <div class="actions">
                    <button type="submit" id="check-button">{ if s.running { "Check again" } else { "Check" } }</button>
                    if let Some(done) = &s.done {
                        <button type="button" id="copy-report"
                            onclick={copy_text.reform({ let text = done.text.clone(); move |_: MouseEvent| ("report", text.clone()) })}>
                            { "Copy report" }</button>
                        <button type="button" id="copy-json"
                            onclick={copy_text.reform({ let json = done.json.clone(); move |_: MouseEvent| ("JSON report", json.clone()) })}>
                            { "Copy JSON" }</button>
                        <button type="button" id="copy-link"
                            onclick={copy_text.reform(|_: MouseEvent| ("link", browser::link_with_hash(&browser::hash())))}>
                            { "Copy link" }</button>
                    }
                    <span class="status" role="status" aria-live="polite">{ (*status).clone() }</span>
                </div>
            </form>
            if let Some(why) = &s.error {
                <p class="notice error-notice" role="alert"><strong>{ "Cannot check: " }</strong>{ why.clone() }</p>
            }
            if started {
                <section id="check-results" class="check-results" data-state={if s.running { "running" } else { "done" }}
                    aria-busy={if s.running { "true" } else { "false" }} aria-labelledby="results-title">
                    <h2 id="results-title" class="results-title">{ format!("Results for {}", s.domain) }</h2>
                    <ProgressLine running={s.running} answered={s.progress.0} asked={s.progress.1}
                        done={s.done.as_ref().map(|d| (d.report.queries, d.elapsed_ms.round() as u64))}
                        resolver={AttrValue::from(s.resolver.clone())}
                        arrivals={AttrValue::from(s.arrivals.iter().map(|(part, ms)| format!("{part} {ms} ms")).collect::<Vec<_>>().join(" \u{00b7} "))} />
                    <VerdictSection done={s.done.clone()} />
                    <DmarcSection part={s.dmarc.clone()} {pending} />
                    <SpfSection part={s.spf.clone()} {pending} />
                    <DkimSection part={s.dkim.clone()} {pending} />
                    <MxSection part={s.mx.clone()} {pending} />
                    <ReportAuthSection part={s.dmarc.clone()} {pending} />
                    <PolicySection part={s.policy.clone()} {pending} ready={s.done.is_some()}
                        fetching={s.fetch == Fetch::Running}
                        fetched={match &s.fetch { Fetch::Finished(outcome) => Some(outcome.clone()), _ => None }}
                        on_fetch={on_fetch} />
                    <BulkSection done={s.done.clone()} />
                    <AllFindings done={s.done.clone()} />
                    if let Some(done) = &s.done {
                        <details class="report-text">
                            <summary>{ "The report as text" }</summary>
                            <pre id="check-text" class="record">{ done.text.clone() }</pre>
                        </details>
                        <pre id="check-json" hidden=true>{ done.json.clone() }</pre>
                    }
                </section>
            } else if s.error.is_none() {
                <section class="examples" aria-labelledby="try-title">
                    <h2 id="try-title">{ "What it looks at" }</h2>
                    <ul class="planned">
                        <li>{ "DMARC discovery, including the RFC 9989 tree walk, and the policy that really applies" }</li>
                        <li>{ "The SPF include tree against its 10-lookup and 2-void-lookup budgets" }</li>
                        <li>{ "DKIM keys for common and your own selectors, with their strength" }</li>
                        <li>{ "MX and null MX, report-address authorization, BIMI, MTA-STS and TLS-RPT" }</li>
                        <li>{ "The bulk-sender requirements of Google, Yahoo and Microsoft, as far as DNS shows them" }</li>
                    </ul>
                </section>
            }
        </section>
    }
}

/// The select's value for a choice: a provider's key or `custom`.
fn choice_key(choice: &str) -> String {
    doh::provider(choice).map_or_else(|| "custom".to_string(), |p| p.key.to_string())
}

/// The custom URL field's value for a choice.
fn choice_url(choice: &str) -> String {
    if doh::provider(choice).is_some() {
        String::new()
    } else {
        choice.to_string()
    }
}

// ---- progress -----------------------------------------------------------

#[derive(Properties, PartialEq)]
struct ProgressProps {
    running: bool,
    answered: usize,
    asked: usize,
    /// Queries and milliseconds, when done.
    done: Option<(usize, u64)>,
    resolver: AttrValue,
    /// When each part arrived, in words.
    arrivals: AttrValue,
}

#[component]
fn ProgressLine(props: &ProgressProps) -> Html {
    let plural = |n: usize| if n == 1 { "query" } else { "queries" };
    html! {
        <div class="check-progress">
            if props.running {
                <p id="check-progress">
                    <label for="check-progress-bar">{ "Looking up\u{2026} " }</label>
                    <progress id="check-progress-bar" max={props.asked.max(1).to_string()} value={props.answered.to_string()}>
                        { format!("{} of {}", props.answered, props.asked) }
                    </progress>
                    <span class="progress-count">{ format!(" {} of {} DNS {} answered", props.answered, props.asked, plural(props.asked)) }</span>
                </p>
            }
            <p id="check-done" role="status">
                if let Some((queries, ms)) = props.done {
                    { format!("{queries} DNS {} in {ms} ms", plural(queries)) }
                }
            </p>
            if !props.arrivals.is_empty() {
                <p class="part-times">{ "Parts in: " }{ props.arrivals.clone() }</p>
            }
            <p class="resolver-used">{ "Resolver: " }<code>{ props.resolver.clone() }</code></p>
        </div>
    }
}

// ---- shared pieces -------------------------------------------------------

/// A section's "still looking" line, or nothing once its part is there.
fn pending_line() -> Html {
    html! { <p class="pending"><span aria-hidden="true">{ "\u{231b} " }</span>{ "Looking up\u{2026}" }</p> }
}

/// The findings whose spans index `text`.
fn diagnostics_in(text: &str, findings: &[Finding]) -> Rc<Vec<Diagnostic>> {
    Rc::new(
        findings.iter().filter(|f| f.text.as_deref() == Some(text)).map(|f| f.diagnostic.clone()).collect(),
    )
}

/// A record with the findings about its characters marked.
fn record_view(record: &str, findings: &[Finding]) -> Html {
    html! { <Highlight input={AttrValue::from(record.to_string())} diagnostics={diagnostics_in(record, findings)} /> }
}

/// A word and a symbol, so colour is never the only signal.
fn mark(class: &'static str, symbol: &'static str, word: String) -> Html {
    html! {
        <span class={classes!("mark-word", class)}><span aria-hidden="true">{ symbol }{ " " }</span>{ word }</span>
    }
}

fn ok(word: impl Into<String>) -> Html {
    mark("ok", "\u{2714}", word.into())
}

fn bad(word: impl Into<String>) -> Html {
    mark("bad", "\u{2716}", word.into())
}

fn warn(word: impl Into<String>) -> Html {
    mark("warn", "\u{26a0}", word.into())
}

fn note(word: impl Into<String>) -> Html {
    mark("note", "\u{2139}", word.into())
}

/// A section with a heading, its `id` and the "looking up" state.
fn section(id: &'static str, title: &'static str, pending: bool, body: Option<Html>) -> Html {
    let title_id = format!("{id}-title");
    html! {
        <section {id} class="check-section" aria-labelledby={title_id.clone()}
            data-pending={if body.is_none() { "true" } else { "false" }}>
            <h2 id={title_id}>{ title }</h2>
            { match body {
                Some(body) => body,
                None if pending => pending_line(),
                None => html! { <p class="muted">{ "Not looked up." }</p> },
            } }
        </section>
    }
}

// ---- the verdict ----------------------------------------------------------

#[derive(Properties, PartialEq)]
struct DoneProps {
    done: Option<Rc<Done>>,
}

fn status_mark(status: Status) -> Html {
    match status {
        Status::Good => ok("Good"),
        Status::NeedsAttention => warn("Needs attention"),
        Status::AtRisk => bad("At risk"),
    }
}

fn status_name(status: Status) -> &'static str {
    match status {
        Status::Good => "good",
        Status::NeedsAttention => "needs-attention",
        Status::AtRisk => "at-risk",
    }
}

#[component]
fn VerdictSection(props: &DoneProps) -> Html {
    let body = props.done.as_ref().map(|done| {
        let summary = &done.report.check.summary;
        html! {
            <>
                <p class="verdict-status" data-status={status_name(summary.status)}>{ status_mark(summary.status) }</p>
                <p class="verdict-reason">{ summary.reason.clone() }</p>
                if summary.actions.is_empty() {
                    <p class="all-clear">{ "Nothing to do." }</p>
                } else {
                    <h3>{ "What to do, most urgent first" }</h3>
                    <ol class="check-actions">
                        { for summary.actions.iter().map(|a| {
                            let (symbol, word) = severity_label(a.severity);
                            // Only the app's own pages are linked.
                            let link = a.link.as_deref().filter(|l| l.starts_with("#/"));
                            let label = match link {
                                Some(l) if l.starts_with("#/explain") => "Explain and fix this record",
                                Some(_) => "Build the record",
                                None => "",
                            };
                            html! {
                                <li class={classes!("check-action", a.severity.as_str())} data-code={a.code.as_str()}>
                                    <p class="diag-head">
                                        <span class="sev-label"><span aria-hidden="true">{ symbol }</span>{ " " }{ word }</span>
                                        <span class="subject"><code>{ a.subject.clone() }</code></span>
                                    </p>
                                    <p class="message">{ a.text.clone() }</p>
                                    <p class="help"><strong>{ "Fix: " }</strong>{ a.fix.clone() }</p>
                                    if let Some(link) = link {
                                        <p><a class="action-link" href={link.to_string()}>{ label }</a></p>
                                    }
                                </li>
                            }
                        }) }
                    </ol>
                }
            </>
        }
    });
    section("verdict", "Verdict", true, body)
}

// ---- DMARC ---------------------------------------------------------------

#[derive(Properties, PartialEq)]
struct DmarcProps {
    part: Option<Rc<(DmarcCheck, Vec<ReportAuth>)>>,
    pending: bool,
}

/// Which record governs the domain, and why, in words.
fn governs(d: &DmarcCheck) -> String {
    let domain = &d.domain;
    let psd = if d.psd { " (a public suffix operator's record, psd=y)" } else { "" };
    match (&d.record, &d.source_domain, d.applies) {
        (Some(_), Some(source), Some(Applies::Domain)) => {
            format!("{domain}'s own record, at _dmarc.{source}, governs its mail: its p= applies.")
        }
        (Some(_), Some(source), Some(Applies::Subdomain)) => format!(
            "{domain} has no DMARC record of its own. The DNS tree walk (RFC 9989) found the record at _dmarc.{source}{psd}; {domain} exists, so its sp= applies (p= when there is no sp=)."
        ),
        (Some(_), Some(source), Some(Applies::Nonexistent)) => format!(
            "{domain} has no DMARC record of its own. The DNS tree walk (RFC 9989) found the record at _dmarc.{source}{psd}; {domain} does not exist, so its np= applies (else sp=, else p=)."
        ),
        _ if d.findings.iter().any(|f| f.diagnostic.code == CheckCode::DmarcLookupFailed) => format!(
            "The DMARC lookup for {domain} failed, so which record governs it, if any, is unknown. This is not the same as having no record."
        ),
        _ => format!("No DMARC record governs {domain}: there is none at _dmarc.{domain}, and the tree walk found none above it."),
    }
}

#[component]
fn DmarcSection(props: &DmarcProps) -> Html {
    let body = props.part.as_ref().map(|part| {
        let d = &part.0;
        let policy = match (&d.effective_policy, d.record.is_some()) {
            (Some(p), _) => html! { <strong>{ p.clone() }</strong> },
            (None, true) => html! { <strong>{ "none applies" }</strong> },
            (None, false) => html! { <strong>{ "unknown" }</strong> },
        };
        html! {
            <>
                if let Some(record) = &d.record {
                    <p class="dmarc-source">{ "Record at " }<code>{ format!("_dmarc.{}", d.source_domain.as_deref().unwrap_or(&d.domain)) }</code></p>
                    { record_view(record, &d.findings) }
                }
                <p class="governs">{ governs(d) }</p>
                <p class="effective-policy">{ "Effective policy: " }{ policy }
                    if d.testing { { " (t=y: lowered one level while testing)" } }</p>
                <p class="org-domain">{ "Organizational domain: " }<code>{ d.org_domain.clone() }</code></p>
                if !d.queried.is_empty() {
                    <p class="queried">{ "Names a receiver asks: " }
                        { for d.queried.iter().enumerate().map(|(i, q)| html! {
                            <>{ if i > 0 { ", " } else { "" } }<code>{ q.clone() }</code></>
                        }) }
                    </p>
                }
                <h3>{ "Findings" }</h3>
                <FindingList findings={Rc::new(d.findings.clone())} empty="No findings." />
            </>
        }
    });
    section("dmarc", "DMARC", props.pending, body)
}

// ---- SPF -----------------------------------------------------------------

#[derive(Properties, PartialEq)]
struct SpfProps {
    part: Option<Rc<SpfCheck>>,
    pending: bool,
}

fn node_kind(kind: NodeKind) -> &'static str {
    match kind {
        NodeKind::Include => "include",
        NodeKind::Redirect => "redirect",
        NodeKind::A => "a",
        NodeKind::Mx => "mx",
        NodeKind::MxHost => "mail server",
        NodeKind::Ptr => "ptr",
        NodeKind::Exists => "exists",
    }
}

fn node_status(status: NodeStatus) -> (&'static str, Html) {
    match status {
        NodeStatus::Ok => ("ok", ok("found")),
        NodeStatus::Void => ("void", warn("nothing found (a void lookup)")),
        NodeStatus::NoSpf => ("no-spf", bad("no SPF record")),
        NodeStatus::SeveralRecords => ("several-records", bad("several SPF records")),
        NodeStatus::RecordError => ("record-error", bad("error in the record")),
        NodeStatus::TooManyNames => ("too-many-names", bad("more than 10 mail servers")),
        NodeStatus::TempError => ("temp-error", bad("lookup failed (temperror)")),
        NodeStatus::Loop => ("loop", bad("loop")),
        NodeStatus::Macro => ("macro", note("macro: depends on the message, not followed")),
        NodeStatus::BeyondLimit => ("beyond-limit", bad("past the 10-lookup limit")),
        NodeStatus::NotExpanded => ("not-expanded", note("not expanded")),
    }
}

fn spf_node(node: &SpfNode) -> Html {
    let (status_class, status) = node_status(node.status);
    html! {
        <details class="spf-node" data-term={node.term.clone()} data-status={status_class}>
            <summary>
                <code class="term">{ node.term.clone() }</code>
                <span class="node-kind">{ node_kind(node.kind) }</span>
                <span class="cost" title="lookups this term costs">{ format!("+{}", node.cost) }</span>
                <span class="running" title="lookups so far">{ format!("{}/{LOOKUP_LIMIT}", node.lookups) }</span>
                <span class="node-status">{ status }</span>
            </summary>
            <div class="node-body">
                <dl class="facts">
                    if let Some(domain) = &node.domain {
                        <div><dt>{ "Looked up" }</dt><dd><code>{ domain.clone() }</code></dd></div>
                    }
                    <div><dt>{ "Lookups so far" }</dt><dd>{ format!("{} of {LOOKUP_LIMIT}; void lookups {} of {VOID_LIMIT}", node.lookups, node.void_lookups) }</dd></div>
                    if let Some(record) = &node.record {
                        <div><dt>{ "Record" }</dt><dd><code class="node-record">{ record.clone() }</code></dd></div>
                    }
                    if !node.addresses.is_empty() {
                        <div><dt>{ "Addresses" }</dt><dd>{ node.addresses.join(", ") }</dd></div>
                    }
                </dl>
                <FindingList findings={Rc::new(node.findings.clone())} />
                if !node.children.is_empty() {
                    <div class="spf-children">{ for node.children.iter().map(spf_node) }</div>
                }
            </div>
        </details>
    }
}

fn budget(count: u32, limit: u32, near: Option<u32>, what: &str) -> Html {
    let text = format!("{count}/{limit} {what}");
    if count > limit {
        bad(format!("{text}: over the limit"))
    } else if near.is_some_and(|n| count >= n) {
        warn(format!("{text}: near the limit"))
    } else {
        ok(text)
    }
}

fn ip_verdict(spf: &SpfCheck) -> Html {
    let Some(v) = &spf.result_for_ip else { return html! {} };
    let result = v.result.as_str().to_string();
    let shown = match v.result {
        SpfResult::Pass => ok(result),
        SpfResult::Fail | SpfResult::PermError | SpfResult::TempError => bad(result),
        SpfResult::SoftFail => warn(result),
        SpfResult::Neutral | SpfResult::None => note(result),
    };
    html! {
        <div class="ip-verdict" data-result={v.result.as_str()}>
            <h3>{ format!("SPF for {}", v.ip) }</h3>
            <p>{ "A receiver's check_host() gives " }{ shown }
                if let Some(term) = &v.matched {
                    { ", matched by " }<code>{ term.clone() }</code>
                    if let Some(domain) = &v.matched_domain { { " in the record of " }<code>{ domain.clone() }</code> }
                }
                if !v.via.is_empty() { { format!(", through {}", v.via.join(" \u{2192} ")) } }
                { format!(" ({} lookups, {} void).", v.lookups, v.void_lookups) }
            </p>
            if let Some(reason) = &v.reason { <p class="reason">{ reason.clone() }</p> }
        </div>
    }
}

#[component]
fn SpfSection(props: &SpfProps) -> Html {
    let body = props.part.as_ref().map(|spf| {
        html! {
            <>
                if let Some(record) = &spf.record {
                    { record_view(record, &spf.findings) }
                }
                <p class="spf-budget">
                    <span class="lookups">{ budget(spf.lookups, LOOKUP_LIMIT, Some(NEAR_LIMIT), "DNS lookups") }</span>
                    { " \u{00b7} " }
                    <span class="voids">{ budget(spf.void_lookups, VOID_LIMIT, None, "void lookups") }</span>
                </p>
                { ip_verdict(spf) }
                if !spf.tree.is_empty() {
                    <h3>{ "The lookup tree" }</h3>
                    <p class="field-help">{ "Each term that costs a DNS lookup, in evaluation order, with its cost and the running total. Open a term to see what it reached." }</p>
                    <div class="spf-tree">{ for spf.tree.iter().map(spf_node) }</div>
                }
                if !spf.ranges.is_empty() {
                    <details class="ranges">
                        <summary>{ format!("{} IP ranges allowed", spf.ranges.len()) }</summary>
                        <ul>{ for spf.ranges.iter().map(|r| html! { <li><code>{ r.clone() }</code></li> }) }</ul>
                    </details>
                }
                if let Some(f) = &spf.flattening {
                    <div class="flattening">
                        <h3>{ "Flattening" }</h3>
                        <p>{ format!("{} lookups now; {} after replacing these terms by the ranges they resolve to today:", f.lookups, f.lookups_after) }</p>
                        <ul>
                            { for f.flatten.iter().map(|t| html! {
                                <li><code>{ t.term.clone() }</code>{ format!(" ({} lookups) \u{2192} ", t.lookups) }
                                    { for t.ranges.iter().enumerate().map(|(i, r)| html! {
                                        <>{ if i > 0 { " " } else { "" } }<code>{ r.clone() }</code></>
                                    }) }
                                </li>
                            }) }
                        </ul>
                        if !f.cannot_flatten.is_empty() {
                            <p>{ "Cannot be flattened:" }</p>
                            <ul>{ for f.cannot_flatten.iter().map(|u| html! {
                                <li><code>{ u.term.clone() }</code>{ ": " }{ u.why.clone() }</li>
                            }) }</ul>
                        }
                        <p class="trade-off"><strong>{ "Trade-off: " }</strong>{ f.trade_off.clone() }</p>
                    </div>
                }
                <h3>{ "Findings" }</h3>
                <FindingList findings={Rc::new(spf.findings.clone())} empty="No findings." />
            </>
        }
    });
    section("spf", "SPF", props.pending, body)
}

// ---- DKIM ----------------------------------------------------------------

#[derive(Properties, PartialEq)]
struct DkimProps {
    part: Option<Rc<DkimCheck>>,
    pending: bool,
}

fn key_strength(key: &DkimKey) -> Html {
    match (key.algorithm.as_deref(), key.bits) {
        (_, _) if key.revoked => bad("revoked"),
        (Some("rsa"), Some(bits)) if bits < 1024 => bad("too short: verifiers ignore it"),
        (Some("rsa"), Some(bits)) if bits < 2048 => warn("weak: rotate to 2048 bits"),
        (Some(_), Some(_)) => ok("strong"),
        _ => bad("the key does not decode"),
    }
}

fn dkim_key(key: &DkimKey) -> Html {
    let algorithm = match key.algorithm.as_deref() {
        Some("rsa") => "RSA".to_string(),
        Some("ed25519") => "Ed25519".to_string(),
        Some(other) => other.to_string(),
        None => "unknown".to_string(),
    };
    html! {
        <li class="dkim-key" data-selector={key.selector.clone()}>
            <h3><code>{ key.selector.clone() }</code></h3>
            <dl class="facts">
                <div><dt>{ "Name" }</dt><dd><code>{ key.name.clone() }</code></dd></div>
                if let Some(target) = &key.cname {
                    <div><dt>{ "Alias for" }</dt><dd><code>{ target.clone() }</code></dd></div>
                }
                <div><dt>{ "Key" }</dt><dd>
                    <span class="algorithm">{ algorithm }</span>{ ", " }
                    <span class="bits">{ key.bits.map_or_else(|| "size unknown".to_string(), |b| format!("{b} bits")) }</span>
                    { ": " }<span class="strength">{ key_strength(key) }</span>
                </dd></div>
                <div><dt>{ "State" }</dt><dd class="key-state">
                    if key.revoked { { bad("revoked (empty p=)") } }
                    if key.testing { { warn("testing (t=y)") } }
                    if !key.revoked && !key.testing { { ok("in use") } }
                </dd></div>
            </dl>
            { record_view(&key.record, &key.findings) }
            <FindingList findings={Rc::new(key.findings.clone())} />
        </li>
    }
}

#[component]
fn DkimSection(props: &DkimProps) -> Html {
    let body = props.part.as_ref().map(|d| {
        html! {
            <>
                if d.keys.is_empty() {
                    <p>{ format!("No key found at the {} selectors tried. DNS cannot list selectors, so this does not mean there is no DKIM.", d.tried.len()) }</p>
                } else {
                    <ul class="dkim-keys">{ for d.keys.iter().map(dkim_key) }</ul>
                }
                <details class="selectors-tried">
                    <summary>{ format!("{} selectors tried", d.tried.len()) }</summary>
                    <p>{ for d.tried.iter().enumerate().map(|(i, s)| html! {
                        <>{ if i > 0 { ", " } else { "" } }<code>{ s.clone() }</code></>
                    }) }</p>
                </details>
                <FindingList findings={Rc::new(d.findings.clone())} />
            </>
        }
    });
    section("dkim", "DKIM", props.pending, body)
}

// ---- MX ------------------------------------------------------------------

#[derive(Properties, PartialEq)]
struct MxProps {
    part: Option<Rc<MxCheck>>,
    pending: bool,
}

#[component]
fn MxSection(props: &MxProps) -> Html {
    let body = props.part.as_ref().map(|mx| {
        let line = match mx.status {
            MxStatus::Hosts => ok(format!("{} mail servers", mx.hosts.len())),
            MxStatus::NullMx => ok(format!("Null MX: {} says it accepts no mail (RFC 7505)", mx.domain)),
            MxStatus::NoMx => warn("No MX records: mail goes to the domain's own address, if it has one"),
            MxStatus::NoDomain => bad("The domain does not exist (NXDOMAIN)"),
            MxStatus::Failed => bad("The MX lookup failed"),
        };
        let mut findings: Vec<Finding> = mx.findings.clone();
        findings.extend(mx.hosts.iter().flat_map(|h| h.findings.iter().cloned()));
        dmarc_lens::order::sort_by_key(&mut findings, |f| f.diagnostic.severity);
        html! {
            <>
                <p class="mx-status" data-null-mx={mx.null_mx.to_string()}>{ line }</p>
                if !mx.hosts.is_empty() {
                    <div class="table-wrap">
                        <table class="tags mx-hosts">
                            <thead><tr><th scope="col">{ "Preference" }</th><th scope="col">{ "Host" }</th>
                                <th scope="col">{ "Addresses" }</th><th scope="col">{ "Alias for" }</th></tr></thead>
                            <tbody>
                                { for mx.hosts.iter().map(|h| html! {
                                    <tr data-host={h.exchange.clone()}>
                                        <td data-label="Preference">{ h.preference }</td>
                                        <th scope="row" data-label="Host"><code>{ h.exchange.clone() }</code></th>
                                        <td data-label="Addresses">{ if h.addresses.is_empty() { bad("none") } else { html! { { h.addresses.join(", ") } } } }</td>
                                        <td data-label="Alias for">{ h.cname.clone().unwrap_or_else(|| "\u{2013}".to_string()) }</td>
                                    </tr>
                                }) }
                            </tbody>
                        </table>
                    </div>
                }
                <FindingList findings={Rc::new(findings)} />
            </>
        }
    });
    section("mx", "MX", props.pending, body)
}

// ---- report addresses ---------------------------------------------------------

#[component]
fn ReportAuthSection(props: &DmarcProps) -> Html {
    let body = props.part.as_ref().map(|part| {
        let (dmarc, auth) = (&part.0, &part.1);
        if auth.is_empty() {
            return html! { <p>{ "No mailto: report addresses to check." }</p> };
        }
        html! {
            <ul class="report-dests">
                { for auth.iter().map(|a| {
                    // A failed lookup says so with its dns- rule.
                    let failed = a.findings.iter().any(|f| f.diagnostic.code.as_str().starts_with("dns-"));
                    let state = match (a.external, a.authorized) {
                        (false, _) => ok(format!("within the organization of {}: no authorization needed", dmarc.org_domain)),
                        (true, true) => ok(format!("authorized: {} agreed to receive these reports", a.destination)),
                        (true, false) if failed => warn("unknown: the authorization lookup failed"),
                        (true, false) => bad("not authorized: receivers drop these reports"),
                    };
                    let publish = (a.external && !a.authorized && !failed).then(|| a.queried.first()).flatten();
                    html! {
                        <li class="report-dest" data-uri={a.uri.clone()} data-authorized={a.authorized.to_string()}>
                            <p><code>{ a.tag.clone() }</code>{ " " }<code>{ a.uri.clone() }</code>
                                { " at " }<code>{ a.destination.clone() }</code>{ ": " }<span class="auth-state">{ state }</span></p>
                            if let Some(name) = publish {
                                <p class="publish">{ "Record to publish (by whoever runs " }<code>{ a.destination.clone() }</code>{ "): " }
                                    <code class="publish-record">{ format!("{name} TXT \"v=DMARC1\"") }</code></p>
                            }
                            <FindingList findings={Rc::new(a.findings.clone())} />
                        </li>
                    }
                }) }
            </ul>
        }
    });
    section("report-auth", "Report addresses", props.pending, body)
}

// ---- BIMI, MTA-STS, TLS-RPT ---------------------------------------------------

#[derive(Properties, PartialEq)]
struct PolicyProps {
    part: Option<Rc<PolicyRecords>>,
    pending: bool,
    /// Whether the check is done (the fetch needs the MX hosts).
    ready: bool,
    fetching: bool,
    fetched: Option<Rc<(PolicyFetchCheck, Vec<Finding>)>>,
    on_fetch: Callback<MouseEvent>,
}

fn policy_record(title: &'static str, record: &PolicyRecord, extra: Html) -> Html {
    html! {
        <div class="policy-record" data-kind={record.kind.as_str()}>
            <h3>{ title }</h3>
            <p>{ "Asked " }<code>{ format!("{} TXT", record.name) }</code>{ ": " }
                { if record.record.is_some() { ok("found") } else { note("none used") } }</p>
            if let Some(text) = &record.record {
                { record_view(text, &record.findings) }
            }
            <FindingList findings={Rc::new(record.findings.clone())} />
            { extra }
        </div>
    }
}

#[component]
fn PolicySection(props: &PolicyProps) -> Html {
    let body = props.part.as_ref().map(|p| {
        let fetch = if p.mta_sts.record.is_some() {
            html! {
                <div class="mta-sts-fetch">
                    <h4>{ "The policy file" }</h4>
                    <p class="field-help">{ "Senders fetch the policy over HTTPS from the domain's own web server. Fetching it from here connects your browser to that server; most do not let other sites read the file (CORS), which a browser cannot tell from a network failure." }</p>
                    <button type="button" id="fetch-mta-sts" onclick={props.on_fetch.clone()}
                        disabled={!props.ready || props.fetching}>
                        { if props.fetching { "Fetching\u{2026}" } else { "Fetch the policy file" } }</button>
                    if let Some(fetched) = &props.fetched {
                        <div class="fetch-outcome" data-fetched={fetched.0.fetched.to_string()}>
                            <p>{ "Fetched " }<code>{ fetched.0.url.clone() }</code>{ ": " }
                                { if fetched.0.fetched { ok("read") } else { warn("not read") } }</p>
                            if let Some(e) = &fetched.0.explanation {
                                <pre class="record">{ e.input.clone() }</pre>
                            }
                            <FindingList findings={Rc::new(fetched.0.findings.iter().chain(&fetched.1).cloned().collect::<Vec<_>>())} />
                        </div>
                    }
                </div>
            }
        } else {
            html! {}
        };
        html! {
            <>
                { policy_record("BIMI", &p.bimi, html! {}) }
                { policy_record("MTA-STS", &p.mta_sts, fetch) }
                { policy_record("TLS-RPT", &p.tls_rpt, html! {}) }
            </>
        }
    });
    section("policy-records", "BIMI, MTA-STS and TLS-RPT", props.pending, body)
}

// ---- bulk senders and every finding ------------------------------------------

fn bulk_status(status: BulkStatus) -> (&'static str, Html) {
    match status {
        BulkStatus::Pass => ("pass", ok("Pass")),
        BulkStatus::Fail => ("fail", bad("Fail")),
        BulkStatus::Unknown => ("unknown", mark("note", "?", "Unknown".to_string())),
    }
}

#[component]
fn BulkSection(props: &DoneProps) -> Html {
    let body = props.done.as_ref().map(|done| {
        let items = &done.report.check.bulk.items;
        html! {
            <div class="table-wrap">
                <table class="tags bulk">
                    <caption>{ "What Google, Yahoo and Microsoft ask of domains sending them about 5,000 messages a day or more, as far as DNS shows it. Unknown is never a pass." }</caption>
                    <thead><tr>
                        <th scope="col">{ "Provider" }</th><th scope="col">{ "Requirement" }</th>
                        <th scope="col">{ "Status" }</th><th scope="col">{ "Evidence" }</th>
                        <th scope="col">{ "What DNS cannot show" }</th>
                    </tr></thead>
                    <tbody>
                        { for items.iter().map(|item| {
                            let (class, shown) = bulk_status(item.status);
                            html! {
                                <tr data-provider={item.provider} data-status={class}>
                                    <td data-label="Provider">{ item.provider }</td>
                                    <th scope="row" data-label="Requirement">{ item.requirement }</th>
                                    <td class="status-cell" data-label="Status">{ shown }</td>
                                    <td data-label="Evidence">{ item.evidence.clone() }</td>
                                    <td data-label="What DNS cannot show">{ item.what_dns_cannot_show }</td>
                                </tr>
                            }
                        }) }
                    </tbody>
                </table>
            </div>
        }
    });
    section("bulk", "Bulk-sender requirements", true, body)
}

#[component]
fn AllFindings(props: &DoneProps) -> Html {
    let body = props.done.as_ref().map(|done| {
        let all: Vec<Finding> = done.report.findings().into_iter().cloned().collect();
        html! {
            <>
                <p class="summary findings-count">{ counts(&all) }</p>
                <FindingList findings={Rc::new(all)} empty="No findings." />
            </>
        }
    });
    section("findings", "All findings, errors first", true, body)
}
