//! Every tag with its meaning, default and effective value.

use std::rc::Rc;

use dmarc_lens::record::TagExplanation;
use yew::prelude::*;

/// Props for [`TagTable`].
#[derive(Properties, PartialEq)]
pub struct TagTableProps {
    /// The rows.
    pub tags: Rc<Vec<TagExplanation>>,
}

/// The tag table: written tags first, in record order, then the ones left
/// out whose defaults apply.
#[component]
pub fn TagTable(props: &TagTableProps) -> Html {
    if props.tags.is_empty() {
        return html! {};
    }
    let lookups = props.tags.iter().any(|t| t.lookups.is_some());
    html! {
        <div class="table-wrap">
            <table class="tags">
                <caption>{ "Each tag: what it means, its default, and what receivers will use" }</caption>
                <thead>
                    <tr>
                        <th scope="col">{ "Tag" }</th>
                        <th scope="col">{ "Value" }</th>
                        <th scope="col">{ "Meaning" }</th>
                        <th scope="col">{ "Default" }</th>
                        <th scope="col">{ "Effective" }</th>
                        if lookups { <th scope="col">{ "DNS lookups" }</th> }
                    </tr>
                </thead>
                <tbody>
                    { for props.tags.iter().map(|t| html! {
                        <tr class={classes!(t.value.is_none().then_some("absent"))} data-tag={t.name.clone()}>
                            <th scope="row"><code>{ &t.name }</code></th>
                            <td data-label="Value">{ match &t.value {
                                Some(v) => html! { <code>{ v }</code> },
                                None => html! { <span class="muted">{ "not set" }</span> },
                            } }</td>
                            <td data-label="Meaning">{ &t.meaning }</td>
                            <td data-label="Default">{ &t.default }</td>
                            <td data-label="Effective" class="effective">{ &t.effective }</td>
                            if lookups {
                                <td data-label="DNS lookups" class="lookups">{ t.lookups.map(|n| n.to_string()).unwrap_or_default() }</td>
                            }
                        </tr>
                    }) }
                </tbody>
            </table>
        </div>
    }
}
