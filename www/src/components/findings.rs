//! The findings of a live check: each says what it is about (a DNS name and
//! type, a URL), and, when it is about a record's text, the characters.

use std::rc::Rc;

use dmarc_lens::check::Finding;
use dmarc_lens::diag::Severity;
use yew::prelude::*;

use super::diagnostics::excerpt;
use super::severity_label;

/// Props for [`FindingList`].
#[derive(Properties, PartialEq)]
pub struct FindingListProps {
    /// What to list, in order.
    pub findings: Rc<Vec<Finding>>,
    /// What to say when there is nothing to list; nothing is shown when empty.
    #[prop_or_default]
    pub empty: AttrValue,
}

/// "2 errors, 1 warning, 3 notes".
pub fn counts<'a>(findings: impl IntoIterator<Item = &'a Finding>) -> String {
    let (mut errors, mut warnings, mut notes) = (0, 0, 0);
    for f in findings {
        match f.diagnostic.severity {
            Severity::Error => errors += 1,
            Severity::Warning => warnings += 1,
            Severity::Info => notes += 1,
        }
    }
    let plural = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    format!(
        "{}, {}, {}",
        plural(errors, "error", "errors"),
        plural(warnings, "warning", "warnings"),
        plural(notes, "note", "notes")
    )
}

/// Every finding with its severity in words and symbol, its code, what it
/// is about, the characters it points at, and its words from the catalogue.
#[component]
pub fn FindingList(props: &FindingListProps) -> Html {
    if props.findings.is_empty() {
        return if props.empty.is_empty() {
            html! {}
        } else {
            html! { <p class="all-clear">{ props.empty.clone() }</p> }
        };
    }
    html! {
        <ol class="diagnostics findings">
            { for props.findings.iter().map(|f| {
                let d = &f.diagnostic;
                let (symbol, word) = severity_label(d.severity);
                let under = f.text.as_deref().map(|t| d.span.slice(t)).unwrap_or_default();
                html! {
                    <li class={classes!("diag", d.severity.as_str())} data-code={d.code.as_str()}>
                        <p class="diag-head">
                            <span class="sev-label"><span aria-hidden="true">{ symbol }</span>{ " " }{ word }</span>
                            <code class="code">{ d.code.as_str() }</code>
                            <span class="subject">{ "about " }<code>{ f.subject.clone() }</code></span>
                            if !under.is_empty() {
                                <span class="where">{ "at " }<code>{ excerpt(under) }</code></span>
                            }
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
