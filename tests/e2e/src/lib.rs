//! End-to-end harness: a static server for the built `dist/`, and a small
//! W3C WebDriver client that drives headless Chromium through chromedriver.
//!
//! Tests get a [`Browser`] (one Chromium per test) and a [`Site`]:
//!
//! ```no_run
//! let site = dmarc_lens_e2e::Site::start();
//! let browser = dmarc_lens_e2e::Browser::start();
//! browser.goto(&site.url("#/explain"));
//! ```
//!
//! Environment: `DMARC_LENS_DIST` (default: the workspace's `dist/`),
//! `CHROMEDRIVER` (default `chromedriver` on the PATH), `CHROMIUM`
//! (default `/usr/bin/chromium`).

pub mod server;
pub mod webdriver;

pub use server::Site;
pub use webdriver::{Browser, Element};

/// The absolute path of a file under `../shared/corpora/` (the real-world
/// reports), as a file input takes it.
///
/// # Panics
/// When the file is not there.
pub fn corpus(path: &str) -> String {
    let full = format!("{}/../../../shared/corpora/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::canonicalize(&full).unwrap_or_else(|e| panic!("{full}: {e}")).to_string_lossy().to_string()
}
