//! The embeddable widget's WebAssembly: record explanation and plans, and
//! nothing else of the app (no report reader, no charts, no router, no
//! Yew), so docs sites load a small bundle.
//!
//! Built twice (`build.sh`): without default features, the small module
//! every page loads, which explains DNS records and answers
//! [`needs_full()`] for message headers; with the `full` feature (the
//! default, so tests cover it), the module the loader fetches for headers
//! and for `plan()`.
//!
//! Exported to JavaScript (through `dmarc-lens-widget.js`, which loads each
//! module once per page, however many widgets it holds):
//! - [`explain()`]`(text, {kind?})`: the `dmarc-lens explain --json` shape as
//!   a plain object;
//! - `plan(options)` (full module): the `dmarc-lens plan --json` shape;
//! - [`view()`]`(text, kind?)`: what the `<dmarc-lens-record>` element draws
//!   (the text cut into marked runs, the findings with their words, the tag
//!   table), computed here so spans (byte offsets) never reach JavaScript;
//! - [`needs_full()`]`(text, kind?)`: whether this module must hand `text`
//!   to the full one.
//!
//! Everything returned is data; the element puts it on the page as text
//! nodes only.

use dmarc_lens::diag::{excerpt, pieces, Piece, Severity};
use dmarc_lens::record::{explain_as, reads_as_headers, Explanation, Kind, TagExplanation};
use serde::Serialize;
use wasm_bindgen::prelude::*;

#[cfg(feature = "full")]
mod plans;
#[cfg(feature = "full")]
pub use plans::{plan, plan_input, PlanOptions, SubdomainOption};

/// A run of the pasted text, marked when findings cover it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Run {
    /// The characters (empty for a point where something is missing).
    pub text: String,
    /// The worst severity covering it (`error`, `warning`, `info`), or
    /// `None` for plain text.
    pub severity: Option<&'static str>,
    /// The codes of the findings covering it, space-separated.
    pub codes: String,
    /// Their messages, one per line (the mark's tooltip).
    pub messages: String,
    /// A point where something is missing, rather than a run of text.
    pub point: bool,
}

/// One finding, with its words.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// `error`, `warning` or `info`.
    pub severity: &'static str,
    /// The severity in words with its symbol, e.g. `⚠ Warning`.
    pub label: String,
    /// The rule's code.
    pub code: &'static str,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: String,
    /// The RFC section.
    pub reference: &'static str,
    /// The characters it points at, shortened; empty for a missing piece.
    pub excerpt: String,
}

/// One row of the tag table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TagRow {
    /// The tag's name.
    pub name: String,
    /// The value as written; `None` when absent.
    pub value: Option<String>,
    /// What it is for.
    pub meaning: String,
    /// What receivers use when it is absent.
    pub default: String,
    /// What receivers end up using.
    pub effective: String,
}

/// What the element draws for a text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct View {
    /// The kind read (`dmarc`, `spf`, …).
    pub kind: &'static str,
    /// The kind in words, e.g. `DMARC record`.
    pub title: &'static str,
    /// `DMARC record: 0 errors, 2 warnings, 1 note`, as the app says it.
    pub summary: String,
    /// Whether any finding is an error.
    pub has_errors: bool,
    /// The text, cut into runs.
    pub runs: Vec<Run>,
    /// Every finding, errors first.
    pub findings: Vec<Finding>,
    /// The tag table (for several records, each one's rows in turn).
    pub tags: Vec<TagRow>,
    /// The corrected record, when there is one.
    pub corrected: Option<String>,
}

fn rows(tags: &[TagExplanation]) -> impl Iterator<Item = TagRow> + '_ {
    tags.iter().map(|t| TagRow {
        name: t.name.clone(),
        value: t.value.clone(),
        meaning: t.meaning.clone(),
        default: t.default.clone(),
        effective: t.effective.clone(),
    })
}

/// The kind named `name`; `None` (detect) for an empty name.
fn kind_named(name: Option<&str>) -> Result<Option<Kind>, String> {
    match name.map(str::trim).filter(|n| !n.is_empty()) {
        None => Ok(None),
        Some(n) => Kind::from_name(n).map(Some).ok_or_else(|| {
            let known: Vec<&str> = Kind::NAMED.iter().map(|k| k.as_str()).collect();
            format!("unknown kind {n:?}: use one of {}", known.join(", "))
        }),
    }
}

/// The explanation of `text`, read as `kind` when one is named. A final
/// line break is the paste's, not the record's.
fn explanation(text: &str, kind: Option<&str>) -> Result<Explanation, String> {
    Ok(explain_as(text.trim_end_matches(['\n', '\r']), kind_named(kind)?))
}

/// What the element draws for `text` (read as `kind` when named).
pub fn view_model(text: &str, kind: Option<&str>) -> Result<View, String> {
    let e = explanation(text, kind)?;
    let input = e.input.as_str();
    let all = e.all_diagnostics();
    let pick = |indices: &[usize]| indices.iter().filter_map(|&i| all.get(i)).collect::<Vec<_>>();
    let run = |text: String, indices: &[usize], point: bool| {
        let covering = pick(indices);
        Run {
            text,
            severity: covering.iter().map(|d| d.severity).min().map(Severity::as_str),
            codes: covering.iter().map(|d| d.code.as_str()).collect::<Vec<_>>().join(" "),
            messages: covering.iter().map(|d| d.message.as_str()).collect::<Vec<_>>().join("\n"),
            point,
        }
    };
    let runs = pieces(input, &all)
        .into_iter()
        .map(|piece| match piece {
            Piece::Text { span, covered_by } => run(span.slice(input).to_string(), &covered_by, false),
            Piece::Point { diagnostics, .. } => run(String::new(), &diagnostics, true),
        })
        .collect();
    let findings = all
        .iter()
        .map(|d| Finding {
            severity: d.severity.as_str(),
            label: format!("{} {}", d.severity.symbol(), d.severity.word()),
            code: d.code.as_str(),
            message: d.message.clone(),
            help: d.help.clone(),
            reference: d.reference,
            excerpt: excerpt(d.span.slice(input)),
        })
        .collect();
    let tags = if e.records.is_empty() {
        rows(&e.tags).collect()
    } else {
        e.records.iter().flat_map(|r| rows(&r.tags)).collect()
    };
    Ok(View {
        kind: e.kind.as_str(),
        title: e.kind.title(),
        summary: e.summary(),
        has_errors: e.has_errors(),
        runs,
        findings,
        tags,
        corrected: e.corrected.clone(),
    })
}

/// Plain objects, `null` for absent values: the JSON shapes.
pub(crate) fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsError::new(&e.to_string()))
}

/// `explain(text, {kind?})`: the `explain --json` shape. Throws on an
/// unknown kind, or a `kind` that is not a string.
#[wasm_bindgen]
pub fn explain(text: &str, options: JsValue) -> Result<JsValue, JsError> {
    // Read by hand rather than through serde: its error messages format
    // floating-point numbers, which would put the float formatter in the
    // small module.
    let kind = if options.is_object() {
        let value = js_sys::Reflect::get(&options, &JsValue::from_str("kind"))
            .map_err(|_| JsError::new("options: kind cannot be read"))?;
        if value.is_undefined() || value.is_null() {
            None
        } else {
            Some(value.as_string().ok_or_else(|| JsError::new("options: kind must be a string"))?)
        }
    } else {
        None
    };
    let e = explanation(text, kind.as_deref()).map_err(|why| JsError::new(&why))?;
    to_js(&e)
}

/// `view(text, kind?)`: what the element draws. Throws on an unknown kind.
#[wasm_bindgen]
pub fn view(text: &str, kind: Option<String>) -> Result<JsValue, JsError> {
    let model = view_model(text, kind.as_deref()).map_err(|why| JsError::new(&why))?;
    to_js(&model)
}

/// `needs_full(text, kind?)`: whether this module cannot explain `text`
/// (message headers, in the small module built without the `full`
/// feature), so the loader must hand it to the full module.
#[wasm_bindgen]
pub fn needs_full(text: &str, kind: Option<String>) -> bool {
    !cfg!(feature = "full") && kind_named(kind.as_deref()).is_ok_and(|k| reads_as_headers(text, k))
}
