//! The small module (`--no-default-features`, what every page loads):
//! DNS records explained as in the full one, message headers handed on.
//! `./x test` runs this with `cargo test -p dmarc-lens-widget
//! --no-default-features`; under the default (full) features it checks
//! that the full module never hands anything on.

use dmarc_lens_widget::{needs_full, view_model};

const HEADERS: &str = "Authentication-Results: mx.example.net; dmarc=pass header.from=example.com\n\
                       From: Someone <someone@example.com>\n\
                       Subject: hello\n";

#[test]
fn records_are_explained_here() {
    let view = view_model("v=DMARC1; p=none; fo=1", None).unwrap();
    assert_eq!(view.kind, "dmarc");
    assert!(view.findings.iter().any(|f| f.code == "dmarc-fo-without-ruf"));
    assert!(!needs_full("v=DMARC1; p=none", None));
    assert!(!needs_full("v=spf1 -all", Some("spf".into())));
}

#[cfg(not(feature = "full"))]
#[test]
fn headers_go_to_the_full_module() {
    assert!(needs_full(HEADERS, None));
    assert!(needs_full("anything", Some("headers".into())));
    // Should the small module be asked anyway, it says so instead of
    // pretending to have checked anything.
    let view = view_model(HEADERS, None).unwrap();
    assert_eq!(view.kind, "headers");
    let codes: Vec<&str> = view.findings.iter().map(|f| f.code).collect();
    assert_eq!(codes, ["input-headers-elsewhere"]);
}

#[cfg(feature = "full")]
#[test]
fn the_full_module_explains_headers_itself() {
    assert!(!needs_full(HEADERS, None));
    let view = view_model(HEADERS, None).unwrap();
    assert_eq!(view.kind, "headers");
    assert!(view.findings.iter().all(|f| f.code != "input-headers-elsewhere"));
}
