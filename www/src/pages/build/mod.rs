//! Build: the records that take a domain to DMARC enforcement.
//!
//! Three tools, as tabs: the staged rollout plan (or the parked-domain
//! kit), the SPF builder within its lookup budget, and the DKIM record
//! formatter. Every field lives in the URL ([`form`]), so a link restores
//! the whole form; every record can be copied in the chosen format (zone
//! file, Terraform, JSON, the value alone), and the plan's dates can be
//! downloaded as a calendar. When aggregate reports were read on the
//! Reports page, the plan shows how they measure up against each stage's
//! exit criteria and which stage the data supports.

mod dkim;
pub mod form;
mod plan;
mod records;
mod spf;

use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::browser;
use crate::route::Route;
use form::{BuildForm, Tool};

/// A change to the form, applied to its latest state.
pub type Edit = Rc<dyn Fn(&mut BuildForm)>;

/// Props: the form's fields from the URL.
#[derive(Properties, PartialEq)]
pub struct BuildProps {
    /// The link's `key=value` pairs.
    #[prop_or_default]
    pub params: Vec<(String, String)>,
}

struct FormState(BuildForm);

enum FormAction {
    Edit(Edit),
    Replace(BuildForm),
}

impl Reducible for FormState {
    type Action = FormAction;

    fn reduce(self: Rc<Self>, action: FormAction) -> Rc<Self> {
        match action {
            FormAction::Edit(edit) => {
                let mut next = self.0.clone();
                edit(&mut next);
                Rc::new(FormState(next))
            }
            FormAction::Replace(form) => Rc::new(FormState(form)),
        }
    }
}

/// Today in this browser's time zone, `YYYY-MM-DD`.
fn today() -> String {
    let now = js_sys::Date::new_0();
    format!("{:04}-{:02}-{:02}", now.get_full_year(), now.get_month() + 1, now.get_date())
}

/// The value of the input, text area or select an event came from.
fn value_of(event: &Event) -> String {
    let Some(target) = event.target() else { return String::new() };
    if let Some(input) = target.dyn_ref::<HtmlInputElement>() {
        input.value()
    } else if let Some(area) = target.dyn_ref::<HtmlTextAreaElement>() {
        area.value()
    } else if let Some(select) = target.dyn_ref::<HtmlSelectElement>() {
        select.value()
    } else {
        String::new()
    }
}

/// A callback for a text field that sets it with `set`.
pub(crate) fn on_text(edit: &Callback<Edit>, set: fn(&mut BuildForm, String)) -> Callback<InputEvent> {
    edit.reform(move |e: InputEvent| {
        let value = value_of(&e);
        Rc::new(move |f: &mut BuildForm| set(f, value.clone())) as Edit
    })
}

/// A callback for a checkbox that sets its flag with `set`.
pub(crate) fn on_flag(edit: &Callback<Edit>, set: fn(&mut BuildForm, bool)) -> Callback<Event> {
    edit.reform(move |e: Event| {
        let on = e.target().and_then(|t| t.dyn_into::<HtmlInputElement>().ok()).is_some_and(|i| i.checked());
        Rc::new(move |f: &mut BuildForm| set(f, on)) as Edit
    })
}

/// A callback that applies `edit` whatever the event.
pub(crate) fn on_event<E: 'static>(
    edit: &Callback<Edit>,
    change: impl Fn(&mut BuildForm) + 'static,
) -> Callback<E> {
    let change: Edit = Rc::new(change);
    edit.reform(move |_: E| change.clone())
}

/// Props every tool gets.
#[derive(Properties, PartialEq)]
pub struct ToolProps {
    /// The form as it stands.
    pub form: BuildForm,
    /// Changes it.
    pub edit: Callback<Edit>,
    /// Copies `(what, text)` to the clipboard.
    pub on_copy: Callback<(&'static str, String)>,
}

/// The Build page.
#[component]
pub fn BuildPage(props: &BuildProps) -> Html {
    let form = use_reducer(|| FormState(BuildForm::from_params(&props.params, &today())));
    {
        // Follow the URL when it changes under us: Back, Forward, a link.
        let form = form.clone();
        use_effect_with(props.params.clone(), move |params| {
            form.dispatch(FormAction::Replace(BuildForm::from_params(params, &today())));
        });
    }
    use_effect_with(form.0.clone(), |f| browser::replace_hash(&Route::Build(f.to_params()).to_hash()));
    let status = use_state_eq(String::new);
    let on_copy = browser::copier(status.clone());
    let edit = {
        let (form, status) = (form.clone(), status.clone());
        Callback::from(move |edit: Edit| {
            status.set(String::new());
            form.dispatch(FormAction::Edit(edit));
        })
    };
    let f = form.0.clone();
    let tool_props = |f: &BuildForm| (f.clone(), edit.clone(), on_copy.clone());
    let (tf, te, tc) = tool_props(&f);
    let panel = match f.tool {
        Tool::Plan => html! { <plan::PlanTool form={tf} edit={te} on_copy={tc} /> },
        Tool::Spf => html! { <spf::SpfTool form={tf} edit={te} on_copy={tc} /> },
        Tool::Dkim => html! { <dkim::DkimTool form={tf} edit={te} on_copy={tc} /> },
    };
    let on_format = edit.reform(|format| Rc::new(move |f: &mut BuildForm| f.format = format) as Edit);
    let link = browser::link_with_hash(&Route::Build(f.to_params()).to_hash());
    html! {
        <section class="page build" data-page="build" aria-labelledby="page-title">
            <h1 id="page-title">{ "Build records" }</h1>
            <p class="lede">{ "The exact records for each stage of a safe rollout to DMARC enforcement, a parked domain's kit, an SPF record within its lookup budget and a DKIM key's record, ready to paste." }</p>
            <div class="tabs" role="tablist" aria-label="What to build">
                { for Tool::ALL.iter().map(|tool| {
                    let selected = f.tool == *tool;
                    let onclick = on_event::<MouseEvent>(&edit, {
                        let tool = *tool;
                        move |f: &mut BuildForm| f.tool = tool
                    });
                    html! {
                        <button type="button" role="tab" id={format!("tab-{}", tool.as_str())}
                            aria-selected={if selected { "true" } else { "false" }}
                            aria-controls="build-panel"
                            class={classes!("tab", selected.then_some("current"))} {onclick}>{ tool.label() }</button>
                    }
                }) }
            </div>
            <div id="build-panel" role="tabpanel" aria-labelledby={format!("tab-{}", f.tool.as_str())}>
                <records::FormatPicker format={f.format} on_change={on_format} />
                { panel }
            </div>
            <p id="copy-status" class="status" role="status" aria-live="polite">{ (*status).clone() }</p>
            <p class="permalink">{ "Link to this form: " }<a href={link.clone()}>{ "permalink" }</a>
                { " (the address bar holds it too; nothing is sent anywhere)" }</p>
        </section>
    }
}

/// A labelled text field of the form: a one-line input, or a text area of
/// `rows` lines.
pub(crate) fn text_field(
    id: &'static str,
    label: &str,
    value: &str,
    placeholder: &'static str,
    rows: Option<u32>,
    oninput: Callback<InputEvent>,
) -> Html {
    html! {
        <p class="field">
            <label for={id}>{ label.to_string() }</label>
            if let Some(rows) = rows {
                <textarea {id} rows={rows.to_string()} spellcheck="false" value={value.to_string()} {placeholder} {oninput} />
            } else {
                <input {id} type="text" value={value.to_string()} {placeholder} spellcheck="false" autocomplete="off" {oninput} />
            }
        </p>
    }
}

/// A labelled checkbox of the form.
pub(crate) fn check_field(id: &'static str, label: &str, checked: bool, onchange: Callback<Event>) -> Html {
    html! {
        <p class="field check">
            <label for={id}>
                <input type="checkbox" {id} {checked} {onchange} />
                { format!(" {label}") }
            </label>
        </p>
    }
}

/// The domain field every tool starts with.
pub(crate) fn domain_field(label: &str, form: &BuildForm, edit: &Callback<Edit>) -> Html {
    text_field("build-domain", label, &form.domain, "example.com", None, on_text(edit, |f, v| f.domain = v))
}
