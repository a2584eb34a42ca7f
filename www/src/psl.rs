//! The Public Suffix List, fetched when a page first needs it.
//!
//! The core is built without its embedded list (no `psl` feature), which
//! keeps 37 KB gzipped out of the page's first load. The list is the same
//! file (`public_suffix_list.trie`, copied next to the app by Trunk) and
//! comes from the page's own origin, so no third party learns anything.
//! Pages that need it (message headers on Explain, the plan's report
//! addresses on Build, and the report worker) ask with [`request`] or the
//! [`use_public_suffixes`] hook and show what depends on it only once it
//! is installed.

use std::cell::RefCell;

use dmarc_lens::domain::org;
use gloo_net::http::Request;
use yew::prelude::*;

/// Where the list is served, relative to the page (or the worker's script).
pub const URL: &str = "./public_suffix_list.trie";

/// Whether the list is ready for a page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Suffixes {
    /// Not asked for yet.
    Idle,
    /// Being fetched.
    Loading,
    /// Installed: organizational domains can be found.
    Ready,
    /// The fetch failed; the words say why.
    Failed(String),
}

type Waiter = Box<dyn FnOnce(Result<(), String>)>;

thread_local! {
    /// Those waiting for the fetch under way; `None` when none is.
    static WAITING: RefCell<Option<Vec<Waiter>>> = const { RefCell::new(None) };
}

/// Calls `done` once the list is installed (at once if it is), or with the
/// reason it could not be. One fetch serves every caller waiting at the
/// time; after a failure the next request tries again.
pub fn request(done: impl FnOnce(Result<(), String>) + 'static) {
    if org::available() {
        done(Ok(()));
        return;
    }
    let first = WAITING.with(|waiting| {
        let mut waiting = waiting.borrow_mut();
        let first = waiting.is_none();
        waiting.get_or_insert_with(Vec::new).push(Box::new(done));
        first
    });
    if first {
        wasm_bindgen_futures::spawn_local(async {
            let outcome = fetch_and_install().await;
            let waiters = WAITING.with(|waiting| waiting.borrow_mut().take()).unwrap_or_default();
            for waiter in waiters {
                waiter(outcome.clone());
            }
        });
    }
}

async fn fetch_and_install() -> Result<(), String> {
    let failed = |why: String| format!("The Public Suffix List ({URL}) could not be loaded: {why}.");
    let response = Request::get(URL).send().await.map_err(|e| failed(e.to_string()))?;
    if !response.ok() {
        return Err(failed(format!("the server answered HTTP {}", response.status())));
    }
    let text = response.text().await.map_err(|e| failed(e.to_string()))?;
    match org::install(text) {
        Ok(()) | Err(org::InstallError::AlreadyInstalled) => Ok(()),
        Err(e) => Err(failed(e.to_string())),
    }
}

/// The list's state for a component; when `wanted` turns true, the list is
/// requested and the component renders again once it is ready or failed.
#[hook]
pub fn use_public_suffixes(wanted: bool) -> Suffixes {
    let state = use_state_eq(|| if org::available() { Suffixes::Ready } else { Suffixes::Idle });
    {
        let state = state.clone();
        use_effect_with(wanted, move |wanted| {
            if *wanted && *state != Suffixes::Ready {
                state.set(Suffixes::Loading);
                request(move |outcome| {
                    state.set(match outcome {
                        Ok(()) => Suffixes::Ready,
                        Err(why) => Suffixes::Failed(why),
                    })
                });
            }
        });
    }
    (*state).clone()
}

/// What a page shows in place of results that need the list while it is
/// not ready: nothing before it is asked for, a line while it loads, the
/// reason when it failed.
pub fn pending(state: &Suffixes, what: &str) -> Html {
    match state {
        Suffixes::Idle | Suffixes::Ready => Html::default(),
        Suffixes::Loading => html! {
            <p class="loading-list" role="status">{ format!("Loading the Public Suffix List for {what}\u{2026}") }</p>
        },
        Suffixes::Failed(why) => html! {
            <p class="load-failed" role="alert">{ why.clone() }</p>
        },
    }
}
