//! `plan()` and its options: only in the full module (feature `full`),
//! which the loader fetches on the first call.

use dmarc_lens::plan::{self, Date, Pace, PlanInput, RampStyle, SendingSubdomain};
use serde::Deserialize;
use wasm_bindgen::prelude::*;

use crate::to_js;

/// The options of [`plan()`], as a plain object (snake_case, like the
/// output).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PlanOptions {
    /// The domain (required).
    pub domain: String,
    /// The domain sends no mail: the parked-domain kit.
    pub parked: bool,
    /// A parked domain that still receives mail.
    pub receives_mail: bool,
    /// Aggregate report addresses.
    pub rua: Vec<String>,
    /// Failure report addresses.
    pub ruf: Vec<String>,
    /// Subdomains that send on their own: `{name, current?}`.
    pub subdomains: Vec<SubdomainOption>,
    /// Users post to mailing lists or rely on forwarding.
    pub mailing_lists: bool,
    /// `pct`, `testing` or `both` (the default).
    pub style: Option<String>,
    /// `standard` (the default) or `conservative`.
    pub pace: Option<String>,
    /// `YYYY-MM-DD`; today (UTC) when absent.
    pub start: Option<String>,
    /// The record at `_dmarc.<domain>` today.
    pub current: Option<String>,
}

/// A sending subdomain in [`PlanOptions`].
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SubdomainOption {
    /// The full name.
    pub name: String,
    /// Its record today.
    pub current: Option<String>,
}

/// The plan's input from the options; `today` fills a missing start.
pub fn plan_input(options: PlanOptions, today: Date) -> Result<PlanInput, String> {
    let start = match options.start.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(text) => Date::parse(text).map_err(|d| format!("start: {}", d.message))?,
        None => today,
    };
    let mut input = PlanInput::new(options.domain, start);
    input.parked = options.parked;
    input.receives_mail = options.receives_mail;
    input.rua = options.rua;
    input.ruf = options.ruf;
    input.mailing_lists = options.mailing_lists;
    input.subdomains = options
        .subdomains
        .into_iter()
        .map(|s| SendingSubdomain { name: s.name, current: s.current })
        .collect();
    if let Some(style) = options.style.as_deref() {
        input.style = RampStyle::from_name(style)
            .ok_or_else(|| format!("style {style:?}: use pct, testing or both"))?;
    }
    if let Some(pace) = options.pace.as_deref() {
        input.pace =
            Pace::from_name(pace).ok_or_else(|| format!("pace {pace:?}: use standard or conservative"))?;
    }
    input.current = options.current;
    Ok(input)
}

/// `plan(options)`: the `plan --json` shape. Throws on options that are
/// not a plan's (unknown fields, a bad style, pace or date); problems with
/// the domain or addresses are the plan's `diagnostics`, as on the command
/// line.
#[wasm_bindgen]
pub fn plan(options: JsValue) -> Result<JsValue, JsError> {
    let options: PlanOptions =
        serde_wasm_bindgen::from_value(options).map_err(|e| JsError::new(&format!("options: {e}")))?;
    let now = js_sys::Date::new_0();
    let (year, month, day) = (now.get_utc_full_year(), now.get_utc_month() + 1, now.get_utc_date());
    let today = match (i32::try_from(year), u8::try_from(month), u8::try_from(day)) {
        (Ok(y), Ok(m), Ok(d)) => Date::new(y, m, d).unwrap_or(Date::MIN),
        _ => Date::MIN,
    };
    let input = plan_input(options, today).map_err(|why| JsError::new(&why))?;
    to_js(&plan::generate(&input))
}
