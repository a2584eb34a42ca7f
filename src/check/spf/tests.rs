//! The live SPF tree over in-memory zones.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::future::{poll_fn, Future};
use std::net::IpAddr;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use super::*;
use crate::check::join::block_on;
use crate::diag::Severity;
use crate::dns::{Answer, MemoryResolver, Record, RecordType};

fn run(dns: &MemoryResolver, domain: &str) -> SpfCheck {
    block_on(spf_tree(dns, domain, None))
}

fn codes(check: &SpfCheck) -> Vec<&'static str> {
    check.findings.iter().map(|f| f.diagnostic.code.as_str()).collect()
}

fn finding<'a>(check: &'a SpfCheck, code: &str) -> &'a Finding {
    check
        .findings
        .iter()
        .find(|f| f.diagnostic.code.as_str() == code)
        .unwrap_or_else(|| panic!("no {code} in {:?}", codes(check)))
}

/// The text a finding's span points at.
fn marked(f: &Finding) -> &str {
    f.diagnostic.span.slice(f.text.as_deref().unwrap())
}

/// Every node, parents first, in evaluation order.
fn nodes(check: &SpfCheck) -> Vec<&SpfNode> {
    fn walk<'a>(nodes: &'a [SpfNode], out: &mut Vec<&'a SpfNode>) {
        for node in nodes {
            out.push(node);
            walk(&node.children, out);
        }
    }
    let mut out = Vec::new();
    walk(&check.tree, &mut out);
    out
}

fn ip(text: &str) -> IpAddr {
    text.parse().unwrap()
}

/// A resolver that records every query it is asked.
struct Recording {
    zone: MemoryResolver,
    asked: RefCell<Vec<(String, RecordType)>>,
}

impl Recording {
    fn new(zone: MemoryResolver) -> Self {
        Recording { zone, asked: RefCell::new(Vec::new()) }
    }

    fn asked(&self, name: &str, record_type: RecordType) -> usize {
        self.asked.borrow().iter().filter(|(n, t)| n == name && *t == record_type).count()
    }
}

impl Resolver for Recording {
    fn query(&self, name: &str, record_type: RecordType) -> impl Future<Output = Answer> {
        self.asked.borrow_mut().push((name.to_string(), record_type));
        std::future::ready(self.zone.lookup(name, record_type))
    }
}

/// A healthy domain: includes two deep, a, mx with two servers.
fn healthy() -> MemoryResolver {
    let mut dns = MemoryResolver::new();
    dns.add_txt(
        "example.com",
        "v=spf1 ip4:192.0.2.0/24 include:_spf.mail.example a:www.example.com mx include:esp.example -all",
    )
    .add_txt("_spf.mail.example", "v=spf1 include:_netblocks.mail.example ip6:2001:db8::/32 ~all")
    .add_txt("_netblocks.mail.example", "v=spf1 ip4:198.51.100.0/24 ip4:203.0.113.0/25 ?all")
    .add("www.example.com", Record::A("192.0.2.80".parse().unwrap()))
    .add("example.com", Record::Mx { preference: 20, exchange: "mx2.example.com.".into() })
    .add("example.com", Record::Mx { preference: 10, exchange: "mx1.example.com".into() })
    .add("mx1.example.com", Record::A("192.0.2.25".parse().unwrap()))
    .add("mx2.example.com", Record::A("192.0.2.26".parse().unwrap()))
    .add("mx2.example.com", Record::Aaaa("2001:db8::25".parse().unwrap()))
    .add_txt("esp.example", "v=spf1 ip4:203.0.113.128/25 -all");
    dns
}

#[test]
fn a_healthy_tree_with_its_running_totals() {
    let check = run(&healthy(), "example.com");
    assert!(check.record.as_deref().is_some_and(|r| r.starts_with("v=spf1 ip4:192.0.2.0/24 include:")));
    assert_eq!((check.lookups, check.void_lookups), (5, 0));
    let terms: Vec<&str> = check.tree.iter().map(|n| n.term.as_str()).collect();
    assert_eq!(terms, ["include:_spf.mail.example", "a:www.example.com", "mx", "include:esp.example"]);
    let all = nodes(&check);
    let walked: Vec<(&str, u32, NodeStatus)> =
        all.iter().map(|n| (n.term.as_str(), n.lookups, n.status)).collect();
    assert_eq!(
        walked,
        [
            ("include:_spf.mail.example", 1, NodeStatus::Ok),
            ("include:_netblocks.mail.example", 2, NodeStatus::Ok),
            ("a:www.example.com", 3, NodeStatus::Ok),
            ("mx", 4, NodeStatus::Ok),
            ("mx1.example.com", 4, NodeStatus::Ok),
            ("mx2.example.com", 4, NodeStatus::Ok),
            ("include:esp.example", 5, NodeStatus::Ok),
        ]
    );
    let include = &check.tree[0];
    assert_eq!(include.kind, NodeKind::Include);
    assert_eq!(include.domain.as_deref(), Some("_spf.mail.example"));
    assert_eq!(
        include.record.as_deref(),
        Some("v=spf1 include:_netblocks.mail.example ip6:2001:db8::/32 ~all")
    );
    let mx = &check.tree[2];
    assert_eq!((mx.kind, mx.domain.as_deref(), mx.cost), (NodeKind::Mx, Some("example.com"), 1));
    assert_eq!(mx.children.iter().map(|h| h.cost).sum::<u32>(), 0, "servers are part of the mx lookup");
    assert_eq!(mx.children[1].addresses, ["192.0.2.26", "2001:db8::25"]);
    assert_eq!(check.tree[1].addresses, ["192.0.2.80"]);
    assert!(check.findings.iter().all(|f| f.diagnostic.severity == Severity::Info), "{:?}", codes(&check));
    assert_eq!(check.flattening, None);
    assert_eq!(check.result_for_ip, None);
}

/// `example.com` with `n` includes, each of a record without lookups.
fn includes(n: usize) -> MemoryResolver {
    let mut dns = MemoryResolver::new();
    let terms: Vec<String> = (0..n).map(|i| format!("include:s{i}.example.net")).collect();
    dns.add_txt("example.com", &format!("v=spf1 {} -all", terms.join(" ")));
    for i in 0..n {
        dns.add_txt(&format!("s{i}.example.net"), &format!("v=spf1 ip4:192.0.2.{i} -all"));
    }
    dns
}

#[test]
fn ten_lookups_are_allowed_and_the_eleventh_is_an_error_where_it_happens() {
    let ten = run(&includes(10), "example.com");
    assert_eq!(ten.lookups, 10);
    assert!(!codes(&ten).contains(&"check-spf-lookup-limit"));
    assert!(ten.tree.iter().all(|n| n.status == NodeStatus::Ok));
    let near = finding(&ten, "check-spf-near-limit");
    assert_eq!(near.diagnostic.severity, Severity::Warning);
    assert!(near.diagnostic.message.contains("10 of the 10"), "{}", near.diagnostic.message);

    let eleven = run(&includes(11), "example.com");
    assert_eq!(eleven.lookups, 11);
    let over = finding(&eleven, "check-spf-lookup-limit");
    assert_eq!(over.diagnostic.severity, Severity::Error);
    assert_eq!(over.subject, "include:s10.example.net");
    assert_eq!(marked(over), "include:s10.example.net");
    assert!(over.diagnostic.message.contains("takes 11 DNS lookups"), "{}", over.diagnostic.message);
    assert_eq!(eleven.tree[9].status, NodeStatus::Ok);
    assert_eq!(eleven.tree[10].status, NodeStatus::BeyondLimit);
    assert_eq!(eleven.tree[10].findings.len(), 1);
    assert!(!codes(&eleven).contains(&"check-spf-near-limit"));
    assert!(!codes(&eleven).contains(&"spf-too-many-lookups"), "said once, by the tree");
}

#[test]
fn the_limit_is_pinned_to_a_nested_term_in_its_own_record() {
    let top = "v=spf1 include:s0.example.net include:s1.example.net include:s2.example.net \
               include:s3.example.net include:s4.example.net include:s5.example.net \
               include:s6.example.net include:s7.example.net include:s8.example.net include:big.example -all";
    let mut dns = MemoryResolver::new();
    dns.add_txt("example.com", top).add_txt("big.example", "v=spf1 a:x.big.example a:y.big.example -all");
    for i in 0..9 {
        dns.add_txt(&format!("s{i}.example.net"), "v=spf1 -all");
    }
    dns.add("x.big.example", Record::A("192.0.2.1".parse().unwrap()))
        .add("y.big.example", Record::A("192.0.2.2".parse().unwrap()));
    let check = run(&dns, "example.com");
    assert_eq!(check.lookups, 12);
    let over = finding(&check, "check-spf-lookup-limit");
    assert_eq!(over.subject, "a:x.big.example");
    assert_eq!(over.text.as_deref(), Some("v=spf1 a:x.big.example a:y.big.example -all"));
    assert_eq!(marked(over), "a:x.big.example");
    let big = &check.tree[9];
    assert_eq!((big.status, big.lookups), (NodeStatus::Ok, 10));
    assert_eq!(big.children.iter().map(|c| c.status).collect::<Vec<_>>(), [NodeStatus::BeyondLimit; 2]);
}

#[test]
fn two_void_lookups_are_allowed_and_the_third_is_an_error() {
    let mut dns = MemoryResolver::new();
    dns.add_txt("two.example", "v=spf1 a:gone1.example.com mx:gone2.example.com -all")
        .add_txt(
            "three.example",
            "v=spf1 a:gone1.example.com exists:gone2.example.com a:gone3.example.com -all",
        )
        .add_name("gone2.example.com");
    let two = run(&dns, "two.example");
    assert_eq!(two.void_lookups, 2);
    assert_eq!(two.tree.iter().map(|n| n.status).collect::<Vec<_>>(), [NodeStatus::Void; 2]);
    assert!(!codes(&two).contains(&"check-spf-void-limit"));
    let voids: Vec<&Finding> =
        two.findings.iter().filter(|f| f.diagnostic.code == CheckSpfCode::Void).collect();
    assert_eq!(voids.len(), 2);
    assert!(voids[0].diagnostic.message.contains("does not exist (NXDOMAIN)"));
    assert!(voids[1].diagnostic.message.contains("has no MX records"), "{}", voids[1].diagnostic.message);

    let three = run(&dns, "three.example");
    assert_eq!(three.void_lookups, 3);
    let over = finding(&three, "check-spf-void-limit");
    assert_eq!(over.diagnostic.severity, Severity::Error);
    assert_eq!(marked(over), "a:gone3.example.com");
    assert_eq!(three.tree[2].void_lookups, 3);
}

#[test]
fn includes_without_an_spf_record() {
    let mut dns = MemoryResolver::new();
    dns.add_txt(
        "example.com",
        "v=spf1 include:verify.example.net include:bare.example.net include:typo.example.net -all",
    )
    .add_txt("verify.example.net", "site-verification=abc")
    .add("bare.example.net", Record::A("192.0.2.9".parse().unwrap()));
    let check = run(&dns, "example.com");
    let statuses: Vec<NodeStatus> = check.tree.iter().map(|n| n.status).collect();
    assert_eq!(statuses, [NodeStatus::NoSpf; 3]);
    let no_spf: Vec<&Finding> =
        check.findings.iter().filter(|f| f.diagnostic.code == CheckSpfCode::IncludeNoSpf).collect();
    assert_eq!(no_spf.len(), 2);
    assert_eq!(no_spf[0].subject, "include:verify.example.net");
    assert!(no_spf[0].diagnostic.message.contains("none starts with v=spf1"));
    assert!(no_spf[0].diagnostic.message.contains("permerror"));
    assert_eq!(marked(no_spf[1]), "include:bare.example.net");
    let nx = finding(&check, "check-spf-include-nxdomain");
    assert_eq!(nx.diagnostic.severity, Severity::Error);
    assert_eq!(marked(nx), "include:typo.example.net");
    // TXT records of another kind are not void; no TXT at all, or no name, is.
    assert_eq!(check.tree.iter().map(|n| n.void_lookups).collect::<Vec<_>>(), [0, 1, 2]);
}

#[test]
fn a_loop_is_found_on_the_path() {
    let mut dns = MemoryResolver::new();
    dns.add_txt("a.example", "v=spf1 include:b.example -all")
        .add_txt("b.example", "v=spf1 include:A.example. ip4:192.0.2.1 -all")
        .add_txt("self.example", "v=spf1 redirect=self.example")
        // The same include twice side by side is no loop.
        .add_txt("twice.example", "v=spf1 include:b2.example include:b2.example -all")
        .add_txt("b2.example", "v=spf1 -all");
    let check = run(&dns, "a.example");
    let inner = &check.tree[0].children[0];
    assert_eq!((inner.status, inner.domain.as_deref()), (NodeStatus::Loop, None));
    let looped = finding(&check, "check-spf-loop");
    assert!(looped.diagnostic.message.contains("(a.example → b.example)"), "{}", looped.diagnostic.message);
    assert_eq!(looped.text.as_deref(), Some("v=spf1 include:A.example. ip4:192.0.2.1 -all"));
    assert_eq!(marked(looped), "include:A.example.");

    let redirect = run(&dns, "self.example");
    assert_eq!(redirect.tree[0].status, NodeStatus::Loop);

    let twice = run(&dns, "twice.example");
    assert_eq!(twice.tree.iter().map(|n| n.status).collect::<Vec<_>>(), [NodeStatus::Ok; 2]);
    assert_eq!(twice.lookups, 2, "each include counts, as receivers count it");
}

#[test]
fn a_failed_lookup_is_a_temperror_at_its_node() {
    let mut dns = MemoryResolver::new();
    dns.add_txt("example.com", "v=spf1 include:slow.example a:slow-a.example ip4:192.0.2.0/24 -all")
        .add_timeout("slow.example", RecordType::Txt)
        .add("slow-a.example", Record::A("192.0.2.5".parse().unwrap()))
        .add_timeout("slow-a.example", RecordType::Aaaa)
        .add_timeout("down.example", RecordType::Txt);
    let check = run(&dns, "example.com");
    assert_eq!(check.tree[0].status, NodeStatus::TempError);
    assert_eq!(check.tree[1].status, NodeStatus::TempError);
    assert_eq!(check.tree[1].addresses, ["192.0.2.5"], "what did come back is shown");
    let failed: Vec<&Finding> =
        check.findings.iter().filter(|f| f.diagnostic.code == CheckSpfCode::TempError).collect();
    assert_eq!(failed.len(), 2);
    assert!(failed[0].diagnostic.message.contains("The TXT lookup for slow.example failed: timed out"));
    assert!(failed[1].diagnostic.message.contains("AAAA lookup for slow-a.example"));
    let verdict = block_on(spf_tree(&dns, "example.com", Some(ip("192.0.2.7")))).result_for_ip.unwrap();
    assert_eq!(verdict.result, SpfResult::TempError);

    let top = run(&dns, "down.example");
    assert_eq!((top.record.as_deref(), top.tree.len()), (None, 0));
    let f = finding(&top, "check-spf-temperror");
    assert_eq!((f.subject.as_str(), f.text.as_deref()), ("down.example TXT", None));
}

#[test]
fn several_spf_records_at_the_domain_or_an_include() {
    let mut dns = MemoryResolver::new();
    dns.add_txt("example.com", "v=spf1 -all")
        .add_txt("example.com", "v=spf1 include:_spf.example.net -all")
        .add_txt("example.com", "v=spf10 is not spf")
        .add_txt("example.org", "v=spf1 include:_spf.example.net -all")
        .add_txt("_spf.example.net", "v=spf1 ip4:192.0.2.0/24 -all")
        .add_txt("_spf.example.net", "V=SPF1 ip4:198.51.100.0/24 -all");
    let check = block_on(spf_tree(&dns, "example.com", Some(ip("192.0.2.1"))));
    assert_eq!((check.record.as_deref(), check.tree.len()), (None, 0));
    let f = finding(&check, "check-spf-several-records");
    assert!(f.diagnostic.message.contains("example.com publishes 2 TXT records"), "{}", f.diagnostic.message);
    assert_eq!(check.result_for_ip.unwrap().result, SpfResult::PermError);

    let nested = run(&dns, "example.org");
    assert_eq!(nested.tree[0].status, NodeStatus::SeveralRecords);
    let f = finding(&nested, "check-spf-several-records");
    assert!(f.diagnostic.message.contains("when they reach include:_spf.example.net"));
    assert_eq!(marked(f), "include:_spf.example.net");
}

#[test]
fn redirect_comes_last_and_is_ignored_beside_all() {
    let mut dns = MemoryResolver::new();
    dns.add_txt("example.com", "v=spf1 redirect=_spf.example.com include:i.example.net")
        .add_txt("with-all.example", "v=spf1 ip4:192.0.2.1 -all redirect=_spf.example.com")
        .add_txt("_spf.example.com", "v=spf1 a:mail.example.com -all")
        .add("mail.example.com", Record::A("192.0.2.25".parse().unwrap()))
        .add_txt("i.example.net", "v=spf1 -all");
    let check = run(&dns, "example.com");
    let kinds: Vec<NodeKind> = check.tree.iter().map(|n| n.kind).collect();
    assert_eq!(kinds, [NodeKind::Include, NodeKind::Redirect]);
    let redirect = &check.tree[1];
    assert_eq!((redirect.term.as_str(), redirect.lookups), ("redirect=_spf.example.com", 2));
    assert_eq!(redirect.children[0].term, "a:mail.example.com");
    assert_eq!(check.lookups, 3);
    assert_eq!(check.ranges, ["192.0.2.25/32"]);

    let zone = Recording::new(dns);
    let ignored = block_on(spf_tree(&zone, "with-all.example", None));
    assert!(ignored.tree.is_empty());
    assert_eq!(ignored.lookups, 0);
    assert_eq!(zone.asked("_spf.example.com", RecordType::Txt), 0, "receivers never follow it");
    let lint = finding(&ignored, "spf-redirect-with-all");
    assert_eq!(lint.subject, "with-all.example TXT");
    assert_eq!(marked(lint), "redirect=_spf.example.com");
}

#[test]
fn mx_servers_and_their_addresses() {
    let mut dns = MemoryResolver::new();
    dns.add_txt("example.com", "v=spf1 mx:mail.example.com/24 mx:many.example.com mx:slow.example.com -all")
        .add("mail.example.com", Record::Mx { preference: 10, exchange: "in1.example.com".into() })
        .add("mail.example.com", Record::Mx { preference: 20, exchange: "gone.example.com".into() })
        .add("in1.example.com", Record::A("192.0.2.25".parse().unwrap()))
        .add("in1.example.com", Record::Aaaa("2001:db8::25".parse().unwrap()))
        .add("slow.example.com", Record::Mx { preference: 0, exchange: "in2.example.com".into() })
        .add_timeout("in2.example.com", RecordType::A);
    for i in 0..11 {
        dns.add("many.example.com", Record::Mx { preference: i, exchange: format!("m{i}.example.com") });
    }
    let check = run(&dns, "example.com");
    let mx = &check.tree[0];
    assert_eq!(mx.status, NodeStatus::Ok);
    let servers: Vec<(&str, NodeStatus)> = mx.children.iter().map(|h| (h.term.as_str(), h.status)).collect();
    assert_eq!(servers, [("in1.example.com", NodeStatus::Ok), ("gone.example.com", NodeStatus::Void)]);
    assert_eq!(mx.children[0].addresses, ["192.0.2.25", "2001:db8::25"]);
    assert_eq!(check.void_lookups, 0, "a server without addresses is not a void lookup of its own");
    assert_eq!(&check.ranges[..2], ["192.0.2.0/24", "2001:db8::25/128"]);

    let many = &check.tree[1];
    assert_eq!(many.status, NodeStatus::TooManyNames);
    assert_eq!(many.children.len(), NAME_LIMIT);
    assert!(many.children.iter().all(|h| h.status == NodeStatus::Void));
    let f = finding(&check, "check-spf-mx-too-many");
    assert!(f.diagnostic.message.contains("has 11 MX records"));

    let slow = &check.tree[2];
    assert_eq!((slow.status, slow.children[0].status), (NodeStatus::TempError, NodeStatus::TempError));
    let f = finding(&check, "check-spf-temperror");
    assert_eq!((f.subject.as_str(), marked(f)), ("mx:slow.example.com", "mx:slow.example.com"));
    assert!(f.diagnostic.message.contains("The A lookup for in2.example.com failed"));
    assert_eq!(check.lookups, 3);
}

#[test]
fn macro_terms_are_counted_not_followed() {
    let mut dns = MemoryResolver::new();
    dns.add_txt("example.com", "v=spf1 exists:%{i}._spf.example.com include:%{d2}._spf.example.net -all");
    let zone = Recording::new(dns);
    let check = block_on(spf_tree(&zone, "example.com", None));
    assert_eq!(check.lookups, 2);
    for node in &check.tree {
        assert_eq!((node.status, node.domain.as_deref(), node.cost), (NodeStatus::Macro, None, 1));
    }
    assert_eq!(zone.asked.borrow().len(), 1, "only the domain's own TXT: {:?}", zone.asked.borrow());
    let macros: Vec<&Finding> =
        check.findings.iter().filter(|f| f.diagnostic.code == CheckSpfCode::Macro).collect();
    assert_eq!(macros.len(), 2);
    assert!(macros[0].diagnostic.message.contains("the macro %{i}"), "{}", macros[0].diagnostic.message);
    assert!(macros[1].diagnostic.message.contains("the macro %{d2}"));
    assert!(macros[1].diagnostic.message.contains("the record it reaches adds its own"));
    assert_eq!(macros[0].diagnostic.severity, Severity::Info);
}

#[test]
fn ptr_is_counted_and_discouraged_once() {
    let mut dns = MemoryResolver::new();
    dns.add_txt("example.com", "v=spf1 ptr:example.com -all");
    let check = run(&dns, "example.com");
    assert_eq!((check.tree[0].kind, check.tree[0].cost, check.lookups), (NodeKind::Ptr, 1, 1));
    let f = finding(&check, "check-spf-ptr");
    assert_eq!((f.diagnostic.severity, f.diagnostic.reference), (Severity::Warning, "RFC 7208 §5.5"));
    assert!(!codes(&check).contains(&"spf-ptr"));
}

#[test]
fn ranges_follow_pass_terms_only() {
    let mut dns = MemoryResolver::new();
    dns.add_txt(
        "example.com",
        "v=spf1 -ip4:10.0.0.0/8 ip4:192.0.2.7/24 ~include:soft.example include:hard.example \
         ip4:192.0.2.0/24 a:www.example.com/28 -all",
    )
    .add_txt("soft.example", "v=spf1 ip4:198.51.100.0/24 -all")
    .add_txt("hard.example", "v=spf1 ip6:2001:DB8:0:0:1::/64 -ip4:203.0.113.9 ip4:203.0.113.0/24 -all")
    .add("www.example.com", Record::A("192.0.2.200".parse().unwrap()));
    let check = run(&dns, "example.com");
    assert_eq!(check.ranges, ["192.0.2.0/24", "2001:db8::/64", "203.0.113.0/24", "192.0.2.192/28"]);

    dns.add_txt("open.example", "v=spf1 include:hard.example +all");
    let open = run(&dns, "open.example");
    assert!(open.ranges.contains(&"0.0.0.0/0".to_string()) && open.ranges.contains(&"::/0".to_string()));
}

#[test]
fn flattening_is_suggested_near_and_over_the_limit() {
    let mut dns = MemoryResolver::new();
    dns.add_txt(
        "example.com",
        "v=spf1 include:big.example include:small.example a:www.example.com exists:%{i}._spf.example.com \
         include:ptr.example -all",
    )
    .add_txt(
        "big.example",
        "v=spf1 include:b1.example include:b2.example include:b3.example include:b4.example ~all",
    )
    .add_txt("small.example", "v=spf1 include:s1.example ~all")
    .add_txt("s1.example", "v=spf1 ip4:198.51.100.0/24 -all")
    .add_txt("ptr.example", "v=spf1 ptr -all")
    .add("www.example.com", Record::A("192.0.2.80".parse().unwrap()));
    for i in 1..=4 {
        dns.add_txt(&format!("b{i}.example"), &format!("v=spf1 ip4:203.0.113.{i} ip6:2001:db8::{i} -all"));
    }
    let check = run(&dns, "example.com");
    assert_eq!(check.lookups, 11);
    let plan = check.flattening.unwrap();
    assert_eq!((plan.lookups, plan.lookups_after), (11, 6));
    assert_eq!(plan.flatten.len(), 1);
    let big = &plan.flatten[0];
    assert_eq!((big.term.as_str(), big.lookups), ("include:big.example", 5));
    assert_eq!(big.ranges[..2], ["ip4:203.0.113.1/32", "ip6:2001:db8::1/128"]);
    assert_eq!(big.ranges.len(), 8);
    assert_eq!(plan.cannot_flatten.len(), 1);
    assert_eq!(plan.cannot_flatten[0].term, "include:ptr.example");
    assert!(plan.cannot_flatten[0].why.contains("ptr"), "{}", plan.cannot_flatten[0].why);
    assert!(plan.trade_off.contains("stale") && plan.trade_off.contains("10 lookups"));

    // Near the limit (8): the costliest include goes first, and one is enough.
    let mut near = dns.clone();
    near.add_txt("near.example", "v=spf1 include:small.example include:big.example a:www.example.com -all");
    let check = run(&near, "near.example");
    assert_eq!(check.lookups, 8);
    let plan = check.flattening.unwrap();
    assert_eq!(plan.flatten.iter().map(|f| f.term.as_str()).collect::<Vec<_>>(), ["include:big.example"]);
    assert_eq!(plan.lookups_after, 3);

    // Well within the limit: no suggestion.
    assert_eq!(run(&dns, "small.example").flattening, None);
}

#[test]
fn result_for_ip_matches_check_host() {
    let dns = healthy();
    for (address, expected) in [
        ("198.51.100.7", SpfResult::Pass),
        ("2001:db8::25", SpfResult::Pass),
        ("100.64.0.1", SpfResult::Fail),
    ] {
        let check = block_on(spf_tree(&dns, "example.com", Some(ip(address))));
        let verdict = check.result_for_ip.unwrap();
        let direct = block_on(check_host(
            &dns,
            ip(address),
            "example.com",
            "postmaster@example.com",
            &CheckOptions::default(),
        ));
        assert_eq!(verdict.result, expected, "{address}");
        assert_eq!(verdict.result, direct.result);
        assert_eq!(verdict.matched, direct.matched.as_ref().map(|m| m.term.clone()));
        assert_eq!(verdict.via, direct.matched.map(|m| m.via).unwrap_or_default());
        assert_eq!((verdict.lookups, verdict.void_lookups), (direct.lookups, direct.void_lookups));
        assert_eq!(verdict.ip, address);
    }
    let pass = block_on(spf_tree(&dns, "example.com", Some(ip("198.51.100.7")))).result_for_ip.unwrap();
    assert_eq!(pass.matched.as_deref(), Some("ip4:198.51.100.0/24"));
    assert_eq!(pass.matched_domain.as_deref(), Some("_netblocks.mail.example"));
    assert_eq!(pass.via, ["include:_spf.mail.example", "include:_netblocks.mail.example"]);
    assert_eq!(pass.lookups, 2);
    let fail = block_on(spf_tree(&dns, "example.com", Some(ip("100.64.0.1")))).result_for_ip.unwrap();
    assert_eq!(fail.matched.as_deref(), Some("-all"));
}

#[test]
fn no_spf_record_at_the_domain() {
    let mut dns = MemoryResolver::new();
    dns.add_txt("other.example", "google-site-verification=x").add_name("empty.example");
    for (domain, what) in [
        ("missing.example", "does not exist (NXDOMAIN)"),
        ("empty.example", "publishes no SPF record"),
        ("other.example", "none starts with v=spf1"),
    ] {
        let check = block_on(spf_tree(&dns, domain, Some(ip("192.0.2.1"))));
        assert_eq!((check.record.as_deref(), check.lookups, check.tree.len()), (None, 0, 0));
        let f = finding(&check, "check-spf-none");
        assert!(f.diagnostic.message.contains(what), "{}", f.diagnostic.message);
        assert!(f.diagnostic.message.contains("result none"));
        assert_eq!(f.subject, format!("{domain} TXT"));
        assert_eq!(check.result_for_ip.unwrap().result, SpfResult::None);
        assert_eq!(check.flattening, None);
    }
}

#[test]
fn the_records_own_rules_and_broken_includes() {
    let mut dns = MemoryResolver::new();
    dns.add_txt("example.com", "v=spf1 include:broken.example ?all")
        .add_txt("broken.example", "v=spf1 ip4:192.0.2.300 ?all");
    let check = run(&dns, "example.com");
    let neutral = finding(&check, "spf-neutral-all");
    assert_eq!((neutral.subject.as_str(), marked(neutral)), ("example.com TXT", "?all"));
    // Only the errors of someone else's record: its ?all is not flagged.
    assert_eq!(check.tree[0].status, NodeStatus::RecordError);
    let inner: Vec<&str> = check.tree[0].findings.iter().map(|f| f.diagnostic.code.as_str()).collect();
    assert_eq!(inner, ["spf-ip-invalid"]);
    let invalid = finding(&check, "spf-ip-invalid");
    assert_eq!((invalid.subject.as_str(), marked(invalid)), ("broken.example TXT", "192.0.2.300"));
    assert!(!codes(&check).contains(&"spf-lookups-nested"));
    // Errors come first.
    assert_eq!(check.findings[0].diagnostic.severity, Severity::Error);
}

#[test]
fn the_json_names_the_fields_the_command_line_prints() {
    let dns = includes(11);
    let check = block_on(spf_tree(&dns, "example.com", Some(ip("198.51.100.1"))));
    let json = serde_json::to_value(&check).unwrap();
    let keys = |v: &serde_json::Value| {
        let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
        k.sort();
        k
    };
    assert_eq!(
        keys(&json),
        ["findings", "flattening", "lookups", "ranges", "record", "result_for_ip", "tree", "void_lookups"]
    );
    let node = &json["tree"][0];
    assert_eq!(
        keys(node),
        [
            "addresses",
            "children",
            "cost",
            "domain",
            "findings",
            "kind",
            "lookups",
            "record",
            "status",
            "term",
            "void_lookups"
        ]
    );
    assert_eq!(node["kind"], "include");
    assert_eq!(json["tree"][10]["status"], "beyond_limit");
    assert_eq!(json["result_for_ip"]["result"], "permerror");
    assert_eq!(json["findings"][0]["code"], "check-spf-lookup-limit");
    assert_eq!(json["flattening"]["lookups"], 11);
}

#[test]
fn each_name_and_type_is_asked_once() {
    let mut dns = healthy();
    // Two senders sharing a record, and an a term naming a mail server.
    dns.add_txt("shared.example", "v=spf1 include:one.example include:two.example a:mx1.example.com mx -all")
        .add_txt("one.example", "v=spf1 include:common.example -all")
        .add_txt("two.example", "v=spf1 include:common.example -all")
        .add_txt("common.example", "v=spf1 ip4:192.0.2.0/24 -all")
        .add("shared.example", Record::Mx { preference: 10, exchange: "mx1.example.com".into() });
    let zone = Recording::new(dns);
    let check = block_on(spf_tree(&zone, "shared.example", Some(ip("192.0.2.25"))));
    assert_eq!(check.result_for_ip.unwrap().result, SpfResult::Pass);
    assert_eq!(check.lookups, 6);
    let mut counts: HashMap<(String, RecordType), usize> = HashMap::new();
    for key in zone.asked.borrow().iter() {
        *counts.entry(key.clone()).or_default() += 1;
    }
    let repeated: Vec<_> = counts.iter().filter(|(_, &n)| n > 1).collect();
    assert!(repeated.is_empty(), "asked more than once: {repeated:?}");
    assert_eq!(zone.asked("common.example", RecordType::Txt), 1);
}

#[test]
fn hostile_trees_are_cut_short() {
    let mut dns = MemoryResolver::new();
    // A chain twelve deep.
    for i in 0..12 {
        dns.add_txt(&format!("c{i}.example"), &format!("v=spf1 include:c{}.example -all", i + 1));
    }
    dns.add_txt("c12.example", "v=spf1 -all");
    let chain = run(&dns, "c0.example");
    assert_eq!(chain.lookups, 11);
    let cut = finding(&chain, "check-spf-truncated");
    assert_eq!(cut.subject, "include:c11.example");
    assert!(finding(&chain, "check-spf-lookup-limit").diagnostic.message.contains("at least 11"));

    // Every record includes the next level twice: 2^16 paths.
    for i in 0..16 {
        let next = format!("include:w{}.example", i + 1);
        dns.add_txt(&format!("w{i}.example"), &format!("v=spf1 {next} {next} -all"));
    }
    dns.add_txt("w16.example", "v=spf1 -all");
    let zone = Recording::new(dns);
    let wide = block_on(spf_tree(&zone, "w0.example", None));
    assert!(nodes(&wide).len() < 400, "{} nodes", nodes(&wide).len());
    assert!(zone.asked.borrow().len() <= 17);
    assert!(codes(&wide).contains(&"check-spf-truncated"));
}

/// A resolver whose every answer takes one round: a query started while
/// the executor is in round `n` answers when polled in round `n + 1`.
/// Nothing measures time; the executor counts its rounds.
struct Rounds {
    zone: MemoryResolver,
    round: Cell<u32>,
    started: RefCell<Vec<u32>>,
    in_flight: Cell<usize>,
    most: Cell<usize>,
}

impl Resolver for Rounds {
    fn query(&self, name: &str, record_type: RecordType) -> impl Future<Output = Answer> {
        let answer = self.zone.lookup(name, record_type);
        let born = self.round.get();
        self.started.borrow_mut().push(born);
        self.in_flight.set(self.in_flight.get() + 1);
        self.most.set(self.most.get().max(self.in_flight.get()));
        let mut answered = false;
        poll_fn(move |_| {
            if self.round.get() > born && !answered {
                answered = true;
                self.in_flight.set(self.in_flight.get() - 1);
                Poll::Ready(answer.clone())
            } else {
                Poll::Pending
            }
        })
    }
}

/// Polls once per round until done; returns the output and the rounds.
fn by_rounds<F: Future>(dns: &Rounds, future: F) -> (F::Output, u32) {
    let mut future = pin!(future);
    let mut cx = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(out) = future.as_mut().poll(&mut cx) {
            return (out, dns.round.get());
        }
        dns.round.set(dns.round.get() + 1);
        assert!(dns.round.get() < 100, "never finished");
    }
}

#[test]
fn a_three_level_tree_takes_one_round_per_level() {
    let mut zone = MemoryResolver::new();
    zone.add_txt("example.com", "v=spf1 include:l1a.example include:l1b.example -all");
    for level in 1..=3 {
        for node in 0..(1 << level) {
            let name = format!("l{level}{}.example", (b'a' + node) as char);
            let record = if level < 3 {
                let left = format!("l{}{}.example", level + 1, (b'a' + 2 * node) as char);
                let right = format!("l{}{}.example", level + 1, (b'a' + 2 * node + 1) as char);
                format!("v=spf1 include:{left} include:{right} -all")
            } else {
                format!("v=spf1 ip4:192.0.2.{node} -all")
            };
            zone.add_txt(&name, &record);
        }
    }
    let dns = Rounds {
        zone,
        round: Cell::new(0),
        started: RefCell::new(Vec::new()),
        in_flight: Cell::new(0),
        most: Cell::new(0),
    };
    let (check, rounds) = by_rounds(&dns, spf_tree(&dns, "example.com", Some(ip("192.0.2.0"))));
    assert_eq!(check.lookups, 14);
    assert!(nodes(&check).iter().all(|n| n.status != NodeStatus::NotExpanded));
    assert_eq!(dns.started.borrow().len(), 15, "the domain and 14 includes, each once");
    // The domain, then each level's includes all at once; the verdict for
    // the address reuses the answers.
    assert_eq!(*dns.started.borrow(), [0, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3]);
    assert_eq!(rounds, 4, "not 15 one after another");
    assert_eq!(dns.most.get(), 8);
    assert_eq!(check.result_for_ip.unwrap().result, SpfResult::Pass);
}
