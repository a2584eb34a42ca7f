//! The shell: header navigation, the current page, and the privacy footer.

use gloo_events::EventListener;
use yew::prelude::*;

use crate::browser;
use crate::pages::{build::BuildPage, domain::DomainPage, explain::ExplainPage, reports::ReportsPage};
use crate::route::Route;

/// The route in the URL hash, updated on `hashchange`.
#[hook]
fn use_route() -> Route {
    let route = use_state(|| Route::parse(&browser::hash()));
    {
        let route = route.clone();
        use_effect_with((), move |_| {
            let listener = web_sys::window().map(|window| {
                EventListener::new(&window, "hashchange", move |_| route.set(Route::parse(&browser::hash())))
            });
            move || drop(listener)
        });
    }
    (*route).clone()
}

struct NavItem {
    label: &'static str,
    hash: &'static str,
    active: fn(&Route) -> bool,
}

const NAV: &[NavItem] = &[
    NavItem { label: "Explain", hash: "#/explain", active: |r| matches!(r, Route::Explain { .. }) },
    NavItem { label: "Domain", hash: "#/domain", active: |r| matches!(r, Route::Domain { .. }) },
    NavItem { label: "Reports", hash: "#/reports", active: |r| matches!(r, Route::Reports) },
    NavItem { label: "Build", hash: "#/build", active: |r| matches!(r, Route::Build(_)) },
];

/// The whole app.
#[component]
pub fn App() -> Html {
    let route = use_route();
    // When the first page is on screen: `./x bench` reads this mark for the
    // first render of a permalink.
    use_effect_with((), |_| crate::browser::mark("dmarc-lens-first-render"));
    let page = match &route {
        Route::Explain { record, kind } => html! {
            <ExplainPage record={record.clone()} kind={kind.clone().map(AttrValue::from)} />
        },
        Route::Domain { domain, selectors, ip, doh } => html! {
            <DomainPage domain={domain.clone()} selectors={selectors.clone()} ip={ip.clone()}
                doh={doh.clone().map(AttrValue::from)} />
        },
        Route::Reports => html! { <ReportsPage /> },
        Route::Build(params) => html! { <BuildPage params={params.clone()} /> },
        Route::NotFound(hash) => html! {
            <section class="page" aria-labelledby="page-title">
                <h1 id="page-title">{ "No such page" }</h1>
                <p>{ "Nothing lives at " }<code>{ format!("#{hash}") }</code>{ ". Pick a page above." }</p>
            </section>
        },
    };
    html! {
        <>
            <a class="skip" href="#main" onclick={Callback::from(|e: MouseEvent| {
                e.prevent_default();
                if let Some(main) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("main")) {
                    if let Ok(main) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(main) {
                        let _ = main.focus();
                    }
                }
            })}>{ "Skip to content" }</a>
            <header class="top">
                <a class="brand" href="#/explain">{ "dmarc-lens" }</a>
                <nav aria-label="Pages">
                    <ul>
                        { for NAV.iter().map(|item| {
                            let current = (item.active)(&route);
                            html! {
                                <li>
                                    <a href={item.hash} aria-current={current.then_some("page")}
                                       class={classes!(current.then_some("current"))}>{ item.label }</a>
                                </li>
                            }
                        }) }
                    </ul>
                </nav>
            </header>
            <main id="main" tabindex="-1">{ page }</main>
            <footer class="bottom">
                <p>{ "Everything runs in your browser: what you paste or drop is never uploaded." }</p>
            </footer>
        </>
    }
}
