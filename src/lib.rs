//! # dmarc-lens core
//!
//! Everything dmarc-lens understands about email-authentication records,
//! with no browser, network or clock of its own: it builds for the host and
//! for `wasm32-unknown-unknown` alike. The web app (`www/`) and the command
//! line (`src/bin/dmarc-lens.rs`) are thin fronts over it.
//!
//! - [`record`]: pasted records, parsed into typed values with
//!   [`diag::Diagnostic`]s and a tag table ([`record::explain`]).
//! - [`diag`]: spans, severities and the caret renderer.
//! - [`catalogue`]: every rule's code, words and RFC section.
//! - [`domain`]: domain-name syntax.
//! - [`plan`]: staged rollout plans, the parked-domain kit, the SPF builder,
//!   the DKIM record formatter and DNS output formats.
//!
//! ```
//! let explanation = dmarc_lens::record::explain("v=DMARC1; p=reject; rua=mailto:d@example.com");
//! assert!(!explanation.has_errors());
//! ```

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod catalogue;
pub mod check;
pub mod diag;
pub mod dns;
pub mod domain;
pub mod headers;
pub mod input;
pub mod order;
pub mod plan;
pub mod record;
pub mod report;
mod text;

pub use text::{encode_uri_component, quoted};
