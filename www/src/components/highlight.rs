//! The pasted text with every diagnostic's span marked.

use std::rc::Rc;

use dmarc_lens::diag::{pieces, Diagnostic, Piece};
use yew::prelude::*;

/// Props: the text, its diagnostics, and the one the reader is looking at.
#[derive(Properties, PartialEq)]
pub struct HighlightProps {
    /// The text as pasted.
    pub input: AttrValue,
    /// Every diagnostic, with spans into `input`.
    pub diagnostics: Rc<Vec<Diagnostic>>,
    /// The diagnostic to emphasise, by index.
    #[prop_or_default]
    pub active: Option<usize>,
}

/// The text, with `<mark>` runs under the diagnostics' spans. Each mark
/// carries the codes of the diagnostics covering it (`data-codes`) and their
/// messages as a tooltip; a missing piece is an empty mark at its position,
/// drawn by CSS so the text stays exactly what was pasted.
#[component]
pub fn Highlight(props: &HighlightProps) -> Html {
    let input = props.input.as_str();
    let all = &props.diagnostics;
    let pick = |indices: &[usize]| indices.iter().filter_map(|&i| all.get(i)).collect::<Vec<_>>();
    let worst = |indices: &[usize]| pick(indices).iter().map(|d| d.severity).min().map_or("", |s| s.as_str());
    let codes =
        |indices: &[usize]| pick(indices).iter().map(|d| d.code.as_str()).collect::<Vec<_>>().join(" ");
    let titles =
        |indices: &[usize]| pick(indices).iter().map(|d| d.message.as_str()).collect::<Vec<_>>().join("\n");
    let is_active =
        |indices: &[usize]| props.active.is_some_and(|a| indices.contains(&a)).then_some("active");
    html! {
        <pre class="record" aria-label="The text with findings marked">
            { for pieces(input, all).into_iter().map(|piece| match piece {
                Piece::Text { span, covered_by } if covered_by.is_empty() => html! { { span.slice(input).to_string() } },
                Piece::Text { span, covered_by } => html! {
                    <mark class={classes!("sev", worst(&covered_by), is_active(&covered_by))}
                          data-codes={codes(&covered_by)} title={titles(&covered_by)}>
                        { span.slice(input).to_string() }
                    </mark>
                },
                Piece::Point { diagnostics, .. } => html! {
                    <mark class={classes!("point", worst(&diagnostics), is_active(&diagnostics))}
                          data-codes={codes(&diagnostics)} title={titles(&diagnostics)}
                          role="img" aria-label="something is missing here"></mark>
                },
            }) }
        </pre>
    }
}
