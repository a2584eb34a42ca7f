//! Pages that later work fills in. Each says plainly what it will do and
//! that it is not there yet: no sample data pretending to be results.

use yew::prelude::*;

/// Props: which page.
#[derive(Properties, PartialEq)]
pub struct UpcomingProps {
    /// `build`.
    pub page: AttrValue,
}

/// A page that is announced but not built yet.
#[component]
pub fn Upcoming(props: &UpcomingProps) -> Html {
    // Only the Build page is still to come.
    let (title, what, points): (&str, &str, &[&str]) = (
        "Build records",
        "Answer a few questions and get the exact records for each stage of a safe rollout, from p=none to enforcement.",
        &[
            "A staged DMARC plan with dates, exit criteria and rollback records",
            "A kit for parked domains that send no mail",
            "An SPF record within its lookup budget, and DKIM records split for DNS",
            "Ready-to-paste output for zone files, Terraform and provider APIs",
        ],
    );
    html! {
        <section class="page" data-page={props.page.clone()} aria-labelledby="page-title">
            <h1 id="page-title">{ title }</h1>
            <p class="lede">{ what }</p>
            <p class="notice" role="note"><strong>{ "Not built yet." }</strong>{ " This page is planned; today it does nothing. What it will do:" }</p>
            <ul class="planned">{ for points.iter().map(|p| html! { <li>{ *p }</li> }) }</ul>
            <p>{ "Meanwhile, " }<a href="#/explain">{ "explain a DMARC record" }</a>{ "." }</p>
        </section>
    }
}
