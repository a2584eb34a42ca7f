//! `check_host` over an in-memory zone.

use std::future::Future;
use std::net::IpAddr;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use super::*;
use crate::dns::{MemoryResolver, Record, RecordType};

fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    let mut cx = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(out) = future.as_mut().poll(&mut cx) {
            return out;
        }
    }
}

fn zone() -> MemoryResolver {
    let mut dns = MemoryResolver::new();
    dns.add_txt("example.com", "v=spf1 include:_spf.example.com mx -all exp=why.example.com")
        .add_txt("_spf.example.com", "v=spf1 ip4:192.0.2.0/24 ip6:2001:db8::/32 ~all")
        .add_txt("why.example.com", "%{i} is not allowed to send for %{d} (%{l})")
        .add("example.com", Record::Mx { preference: 10, exchange: "mail.example.com".into() })
        .add("mail.example.com", Record::A("198.51.100.25".parse().unwrap()))
        .add_txt("loop.example", "v=spf1 include:loop.example -all")
        .add_txt("redirected.example", "v=spf1 redirect=example.com")
        .add_txt("void.example", "v=spf1 a:n1.void.example a:n2.void.example a:n3.void.example -all")
        .add_txt("none-include.example", "v=spf1 include:nothing.example -all")
        .add_txt("two.example", "v=spf1 -all")
        .add_txt("two.example", "v=spf1 +all")
        .add_txt("slow-include.example", "v=spf1 include:slow.example -all")
        .add_timeout("slow.example", RecordType::Txt)
        .add_txt("ptr.example", "v=spf1 ptr -all")
        .add("25.100.51.198.in-addr.arpa", Record::Ptr("mail.ptr.example".into()))
        .add("mail.ptr.example", Record::A("198.51.100.25".parse().unwrap()))
        .add_txt("p.example", "v=spf1 -all exp=p-why.example")
        .add_txt("p-why.example", "%{p} via %{c} at %{t} for %{r}");
    dns
}

fn run(ip: &str, domain: &str) -> SpfOutcome {
    let options =
        CheckOptions { helo: "helo.example".into(), receiver: "mx.receiver.example".into(), timestamp: 42 };
    let ip: IpAddr = ip.parse().unwrap();
    block_on(check_host(&zone(), ip, domain, &format!("alice@{domain}"), &options))
}

#[test]
fn results_and_matches() {
    let o = run("192.0.2.10", "example.com");
    assert_eq!(o.result, SpfResult::Pass);
    let m = o.matched.unwrap();
    assert_eq!((m.term.as_str(), m.domain.as_str()), ("ip4:192.0.2.0/24", "_spf.example.com"));
    assert_eq!(m.via, ["include:_spf.example.com"]);
    assert_eq!(o.lookups, 1);

    let o = run("198.51.100.25", "example.com");
    assert_eq!((o.result, o.matched.unwrap().term.as_str()), (SpfResult::Pass, "mx"));

    // ~all inside an include is no match; the outer -all decides.
    let o = run("203.0.113.9", "example.com");
    assert_eq!(o.result, SpfResult::Fail);
    assert_eq!(o.explanation.as_deref(), Some("203.0.113.9 is not allowed to send for example.com (alice)"));
    assert_eq!(o.matched.unwrap().term, "-all");

    let o = run("2001:db8::1", "example.com");
    assert_eq!(o.result, SpfResult::Pass);
    let o = run("::ffff:192.0.2.1", "example.com");
    assert_eq!(o.result, SpfResult::Pass);
}

#[test]
fn redirect_uses_the_target_record_and_its_explanation() {
    let o = run("203.0.113.9", "redirected.example");
    assert_eq!(o.result, SpfResult::Fail);
    assert_eq!(o.explanation.as_deref(), Some("203.0.113.9 is not allowed to send for example.com (alice)"));
    assert_eq!(o.matched.unwrap().via, ["redirect=example.com"]);
}

#[test]
fn errors_and_limits() {
    assert_eq!(run("192.0.2.1", "loop.example").result, SpfResult::PermError);
    assert_eq!(run("192.0.2.1", "void.example").result, SpfResult::PermError);
    assert_eq!(run("192.0.2.1", "none-include.example").result, SpfResult::PermError);
    assert_eq!(run("192.0.2.1", "two.example").result, SpfResult::PermError);
    assert_eq!(run("192.0.2.1", "slow-include.example").result, SpfResult::TempError);
    let o = run("192.0.2.1", "nothing.example");
    assert_eq!(o.result, SpfResult::None);
    assert!(o.reason.is_some());
    assert_eq!(run("192.0.2.1", "localhost").result, SpfResult::None);
}

#[test]
fn ptr_and_exp_only_macros() {
    assert_eq!(run("198.51.100.25", "ptr.example").result, SpfResult::Pass);
    assert_eq!(run("198.51.100.26", "ptr.example").result, SpfResult::Fail);
    let o = run("198.51.100.25", "p.example");
    assert_eq!(
        o.explanation.as_deref(),
        Some("mail.ptr.example via 198.51.100.25 at 42 for mx.receiver.example")
    );
}
