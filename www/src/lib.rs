//! # dmarc-lens web app
//!
//! A Yew single-page app over the dmarc-lens core. Everything runs in the
//! visitor's browser: what they paste never leaves the page. Pages keep
//! their state in the URL hash ([`route`]) so any view can be shared.

#![forbid(unsafe_code)]

pub mod app;
pub mod browser;
pub mod components;
pub mod doh;
pub mod folders;
pub mod number;
pub mod pages;
pub mod psl;
pub mod route;
pub mod storage;

pub use app::App;
