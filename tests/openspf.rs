//! The OpenSPF RFC 7208 conformance suite (release 2014.04), run through
//! `check_host` over a `MemoryResolver` built from each scenario's zone
//! data, with the driver rules of pyspf's `test/testspf.py` (see the "SPF
//! test-suite format" section of `shared/corpora/SOURCES.md`).

use std::future::Future;
use std::net::IpAddr;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use dmarc_lens::dns::{MemoryResolver, Record, RecordType, Txt};
use dmarc_lens::record::spf::{check_host, CheckOptions};
use yaml_rust2::{Yaml, YamlLoader};

/// The score reached; the test fails below it.
const THRESHOLD: usize = 203;
const TOTAL: usize = 203;

/// Polls a future that is always ready (the memory resolver never waits).
fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    let mut cx = Context::from_waker(Waker::noop());
    for _ in 0..1_000 {
        if let Poll::Ready(out) = future.as_mut().poll(&mut cx) {
            return out;
        }
    }
    panic!("the future never completed");
}

/// A scalar as text, whatever type YAML gave it.
fn scalar(y: &Yaml) -> String {
    match y {
        Yaml::String(s) | Yaml::Real(s) => s.clone(),
        Yaml::Integer(i) => i.to_string(),
        Yaml::Boolean(b) => b.to_string(),
        Yaml::Null => String::new(),
        other => panic!("not a scalar: {other:?}"),
    }
}

/// A TXT/SPF value: a string, or a list of strings (one record, several
/// character-strings).
fn txt(y: &Yaml) -> Txt {
    match y {
        Yaml::Array(items) => Txt::new(items.iter().map(scalar)),
        other => Txt::new([scalar(other)]),
    }
}

fn zone(zonedata: &Yaml) -> MemoryResolver {
    let mut dns = MemoryResolver::new();
    let Some(names) = zonedata.as_hash() else {
        return dns;
    };
    for (name, entries) in names {
        let name = scalar(name);
        // Records in order, each tagged with whether it came before a TIMEOUT.
        let mut records: Vec<(Record, bool)> = Vec::new();
        let mut spf: Vec<Txt> = Vec::new();
        let mut has_txt = false;
        let mut timeout = false;
        for entry in entries.as_vec().map(Vec::as_slice).unwrap_or(&[]) {
            let Some(hash) = entry.as_hash() else {
                assert_eq!(scalar(entry), "TIMEOUT", "{name}");
                timeout = true;
                continue;
            };
            for (kind, value) in hash {
                let record = match scalar(kind).as_str() {
                    "SPF" => {
                        spf.push(txt(value));
                        continue;
                    }
                    "TXT" => {
                        has_txt = true;
                        if value.as_str() == Some("NONE") {
                            continue;
                        }
                        Record::Txt(txt(value))
                    }
                    "A" => Record::A(scalar(value).parse().unwrap()),
                    "AAAA" => Record::Aaaa(scalar(value).parse().unwrap()),
                    "MX" => Record::Mx {
                        preference: u16::try_from(value[0].as_i64().unwrap()).unwrap(),
                        exchange: scalar(&value[1]),
                    },
                    "PTR" => Record::Ptr(scalar(value)),
                    "CNAME" => Record::Cname(scalar(value)),
                    other => panic!("unknown record type {other} at {name}"),
                };
                records.push((record, !timeout));
            }
        }
        // SPF-type records double as TXT unless the name has TXT entries
        // (or TXT: NONE); those copies count as listed after any TIMEOUT.
        if !has_txt {
            records.extend(spf.into_iter().map(|t| (Record::Txt(t), false)));
        }
        if timeout {
            for rtype in RecordType::ALL {
                let before: Vec<&Record> = records
                    .iter()
                    .filter(|(r, before)| *before && r.record_type() == rtype)
                    .map(|(r, _)| r)
                    .collect();
                if before.is_empty() {
                    dns.add_timeout(&name, rtype);
                } else {
                    for r in before {
                        dns.add(&name, r.clone());
                    }
                }
            }
        } else {
            for (r, _) in records {
                dns.add(&name, r);
            }
        }
        if entries.as_vec().is_some_and(Vec::is_empty) {
            // A name listed with no records still exists.
            dns.add_name(&name);
        }
    }
    dns
}

#[test]
fn openspf_rfc7208_suite() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpora/openspf-tests/test/rfc7208-tests.yml");
    let text = std::fs::read_to_string(path).unwrap();
    let docs = YamlLoader::load_from_str(&text).unwrap();
    let mut passed = 0;
    let mut total = 0;
    let mut failures = Vec::new();
    let mut alternatives = Vec::new();
    for doc in docs.iter().filter(|d| !d.is_null()) {
        let dns = zone(&doc["zonedata"]);
        for (id, test) in doc["tests"].as_hash().unwrap() {
            total += 1;
            let id = scalar(id);
            let helo = scalar(&test["helo"]);
            let mailfrom = scalar(&test["mailfrom"]);
            let ip: IpAddr = scalar(&test["host"]).parse().unwrap();
            let (sender, domain) = if mailfrom.is_empty() {
                (format!("postmaster@{helo}"), helo.clone())
            } else {
                let domain = mailfrom.rsplit_once('@').map_or(mailfrom.as_str(), |(_, d)| d).to_string();
                (mailfrom.clone(), domain)
            };
            let options =
                CheckOptions { helo: helo.clone(), receiver: "receiver.example".into(), timestamp: 0 };
            let outcome = block_on(check_host(&dns, ip, &domain, &sender, &options));
            let expected: Vec<String> = match &test["result"] {
                Yaml::Array(list) => list.iter().map(scalar).collect(),
                other => vec![scalar(other)],
            };
            let got = outcome.result.as_str();
            let result_ok = expected.iter().any(|e| e == got);
            let want_exp = test["explanation"].as_str();
            let got_exp = outcome.explanation.as_deref().unwrap_or("DEFAULT");
            let exp_ok = want_exp.is_none_or(|w| w == got_exp);
            if expected.len() > 1 {
                alternatives.push(format!("  {id}: suite accepts {expected:?}, got {got}"));
            }
            if result_ok && exp_ok {
                passed += 1;
            } else {
                failures.push(format!(
                    "  {id}: expected {expected:?}{} got {got}{} ({})",
                    want_exp.map(|w| format!(" / {w:?}")).unwrap_or_default(),
                    if want_exp.is_some() { format!(" / {got_exp:?}") } else { String::new() },
                    outcome.reason.as_deref().unwrap_or("-"),
                ));
            }
        }
    }
    println!("openspf rfc7208: {passed}/{total} passed");
    for failure in &failures {
        println!("{failure}");
    }
    println!("tests whose result the suite leaves open:");
    for line in &alternatives {
        println!("{line}");
    }
    assert_eq!(total, TOTAL, "the suite should hold {TOTAL} tests");
    assert!(passed >= THRESHOLD, "openspf rfc7208: {passed}/{total} passed, below the threshold {THRESHOLD}");
}
