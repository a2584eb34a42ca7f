//! The findings: what is wrong, where, why and how to fix it.

use std::rc::Rc;

use dmarc_lens::record::Explanation;
use yew::prelude::*;

use super::severity_label;

/// Props for [`DiagnosticList`].
#[derive(Properties, PartialEq)]
pub struct DiagnosticListProps {
    /// What to list.
    pub explanation: Rc<Explanation>,
    /// Called with the index of the finding the reader points at or focuses.
    #[prop_or_default]
    pub on_active: Callback<Option<usize>>,
}

/// A short excerpt of the text under a span, for "where".
fn excerpt(text: &str) -> String {
    const MAX: usize = 60;
    if text.chars().count() <= MAX {
        text.to_string()
    } else {
        let head: String = text.chars().take(MAX).collect();
        format!("{head}\u{2026}")
    }
}

/// Every diagnostic, errors first, each with its words from the catalogue.
#[component]
pub fn DiagnosticList(props: &DiagnosticListProps) -> Html {
    let e = &props.explanation;
    if e.diagnostics.is_empty() {
        return html! { <p class="all-clear">{ "No findings: receivers read this record exactly as written." }</p> };
    }
    html! {
        <ol class="diagnostics">
            { for e.diagnostics.iter().enumerate().map(|(index, d)| {
                let (symbol, word) = severity_label(d.severity);
                let under = d.span.slice(&e.input);
                let place = if d.span.is_empty() {
                    if d.span.start >= e.input.trim_end().len() { "at the end".to_string() } else { format!("at character {}", e.input.get(..d.span.start).map_or(0, |s| s.chars().count()) + 1) }
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
