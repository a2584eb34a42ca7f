//! Pages that later work fills in. Each says plainly what it will do and
//! that it is not there yet: no sample data pretending to be results.

use yew::prelude::*;

/// Props: which page.
#[derive(Properties, PartialEq)]
pub struct UpcomingProps {
    /// `domain` or `build`.
    pub page: AttrValue,
}

/// A page that is announced but not built yet.
#[component]
pub fn Upcoming(props: &UpcomingProps) -> Html {
    let (title, what, points): (&str, &str, &[&str]) = match props.page.as_str() {
        "domain" => (
            "Check a domain",
            "Type a domain and see its whole email-authentication set-up, looked up from your browser over DNS-over-HTTPS.",
            &[
                "DMARC discovery, including the RFC 9989 tree walk, and the policy that really applies",
                "The SPF include tree against its 10-lookup and 2-void-lookup budgets",
                "DKIM keys for common and your own selectors, with their strength",
                "MX and null MX, report-address authorization, BIMI, MTA-STS and TLS-RPT",
            ],
        ),
        _ => (
            "Build records",
            "Answer a few questions and get the exact records for each stage of a safe rollout, from p=none to enforcement.",
            &[
                "A staged DMARC plan with dates, exit criteria and rollback records",
                "A kit for parked domains that send no mail",
                "An SPF record within its lookup budget, and DKIM records split for DNS",
                "Ready-to-paste output for zone files, Terraform and provider APIs",
            ],
        ),
    };
    html! {
        <section class="page" aria-labelledby="page-title">
            <h1 id="page-title">{ title }</h1>
            <p class="lede">{ what }</p>
            <p class="notice" role="note"><strong>{ "Not built yet." }</strong>{ " This page is planned; today it does nothing. What it will do:" }</p>
            <ul class="planned">{ for points.iter().map(|p| html! { <li>{ *p }</li> }) }</ul>
            <p>{ "Meanwhile, " }<a href="#/explain">{ "explain a DMARC record" }</a>{ "." }</p>
        </section>
    }
}
