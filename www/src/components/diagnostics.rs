//! The findings: what is wrong, where, why and how to fix it.

use std::rc::Rc;

use dmarc_lens::diag::Diagnostic;
use yew::prelude::*;

use super::severity_label;

/// Props for [`DiagnosticList`].
#[derive(Properties, PartialEq)]
pub struct DiagnosticListProps {
    /// The text as pasted (spans index it).
    pub input: AttrValue,
    /// What to list.
    pub diagnostics: Rc<Vec<Diagnostic>>,
    /// The index of the first of these in the page's whole list (for
    /// highlighting the matching marks).
    #[prop_or_default]
    pub first_index: usize,
    /// Called with the index of the finding the reader points at or focuses.
    #[prop_or_default]
    pub on_active: Callback<Option<usize>>,
}

/// A short excerpt of the text under a span, for "where".
pub use dmarc_lens::diag::excerpt;

/// Every diagnostic, errors first, each with its words from the catalogue.
#[component]
pub fn DiagnosticList(props: &DiagnosticListProps) -> Html {
    let input = props.input.as_str();
    if props.diagnostics.is_empty() {
        return html! { <p class="all-clear">{ "No findings: receivers read this exactly as written." }</p> };
    }
    html! {
        <ol class="diagnostics">
            { for props.diagnostics.iter().enumerate().map(|(index, d)| {
                let index = props.first_index + index;
                let (symbol, word) = severity_label(d.severity);
                let under = d.span.slice(input);
                let place = if d.span.is_empty() {
                    if d.span.start >= input.trim_end().len() { "at the end".to_string() } else { format!("at character {}", input.get(..d.span.start).map_or(0, |s| s.chars().count()) + 1) }
                } else {
                    String::new()
                };
                let enter = props.on_active.reform(move |_: MouseEvent| Some(index));
                let leave = props.on_active.reform(|_: MouseEvent| None);
                let focus = props.on_active.reform(move |_: FocusEvent| Some(index));
                let blur = props.on_active.reform(|_: FocusEvent| None);
                html! {
                    <li class={classes!("diag", d.severity.as_str())} data-code={d.code.as_str()} tabindex="0"
                        onmouseenter={enter} onmouseleave={leave} onfocus={focus} onblur={blur}>
                        <p class="diag-head">
                            <span class="sev-label"><span aria-hidden="true">{ symbol }</span>{ " " }{ word }</span>
                            <code class="code">{ d.code.as_str() }</code>
                            { if under.is_empty() {
                                html! { <span class="where">{ place }</span> }
                              } else {
                                html! { <span class="where">{ "at " }<code>{ excerpt(under) }</code></span> }
                              } }
                        </p>
                        <p class="message">{ &d.message }</p>
                        <p class="help"><strong>{ "Fix: " }</strong>{ &d.help }</p>
                        <p class="reference">{ d.reference }</p>
                    </li>
                }
            }) }
        </ol>
    }
}
