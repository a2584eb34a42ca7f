//! Every aggregate XML file in the shared corpora, read, with its outcome
//! asserted explicitly: read (records, messages, org_name, the set of
//! diagnostic codes) or refused (the reason).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use dmarc_lens::report::aggregate::read;

fn corpora() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora")
}

/// Every corpus file this test covers, relative to the corpora folder.
fn files() -> Vec<String> {
    let root = corpora();
    let mut out = Vec::new();
    let mut walk = vec![root.clone()];
    while let Some(dir) = walk.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk.push(path);
                continue;
            }
            let rel = path.strip_prefix(&root).unwrap().to_string_lossy().replace('\\', "/");
            if !rel.ends_with(".xml") || rel.ends_with(".xsd") {
                continue;
            }
            let wanted = (rel.starts_with("parsedmarc/samples/aggregate/")
                && !rel["parsedmarc/samples/aggregate/".len()..].contains('/'))
                || rel.starts_with("parsedmarc/samples/aggregate_invalid/")
                || rel == "parsedmarc/samples/empty.xml"
                || rel.starts_with("parsedmarc/samples/extract_report/")
                || rel.starts_with("parsedmarc-history/")
                || (rel.starts_with("cry-inc-dmarc-report-viewer/") && rel.contains("/dmarc-reports/"))
                || rel.starts_with("tierpod-dmarc-report-converter/")
                || rel.starts_with("opendmarc/")
                || rel.starts_with("mail-auth/resources/dmarc-feedback/")
                || rel.starts_with("dmarc-aggregate-reporting-draft/");
            if wanted {
                out.push(rel);
            }
        }
    }
    out.sort();
    out
}

enum Expect {
    Read { records: usize, messages: u64, org: &'static str, codes: &'static [&'static str] },
    Refused(&'static str),
}

fn outcome(rel: &str) -> String {
    let bytes = std::fs::read(corpora().join(rel)).unwrap();
    match read(&bytes) {
        Ok((report, diagnostics)) => {
            let codes: BTreeSet<&str> = diagnostics.iter().map(|d| d.code.as_str()).collect();
            let codes: Vec<&str> = codes.into_iter().collect();
            format!(
                "(\"{rel}\", Read {{ records: {}, messages: {}, org: {:?}, codes: &{:?} }}),",
                report.records.len(),
                report.message_count(),
                report.report_metadata.org_name,
                codes
            )
        }
        Err(refusal) => format!("(\"{rel}\", Refused({:?})),", refusal.reason),
    }
}

/// Prints the table below from the current reader, for review.
#[test]
#[ignore]
fn print_table() {
    for rel in files() {
        println!("{}", outcome(&rel));
    }
}

fn table() -> Vec<(&'static str, Expect)> {
    use Expect::*;
    vec![
        ("cry-inc-dmarc-report-viewer/_removed-504bc3f/testdata/dmarc-reports/invalid_casing.xml", Read { records: 1, messages: 1, org: "reporting org", codes: &["aggregate-empty-value", "aggregate-unknown-value", "aggregate-value-case"] }),
        ("cry-inc-dmarc-report-viewer/testdata/dmarc-reports/acme.xml", Read { records: 1, messages: 2, org: "acme.com", codes: &["aggregate-legacy-value", "aggregate-out-of-order"] }),
        ("cry-inc-dmarc-report-viewer/testdata/dmarc-reports/aol.xml", Read { records: 1, messages: 1, org: "AOL", codes: &[] }),
        ("cry-inc-dmarc-report-viewer/testdata/dmarc-reports/gmxnet.xml", Read { records: 1, messages: 1, org: "GMX", codes: &[] }),
        ("cry-inc-dmarc-report-viewer/testdata/dmarc-reports/google.xml", Read { records: 1, messages: 1, org: "google.com", codes: &[] }),
        ("cry-inc-dmarc-report-viewer/testdata/dmarc-reports/hardfail.xml", Read { records: 1, messages: 1, org: "reporting org", codes: &["aggregate-empty-value", "aggregate-unknown-value"] }),
        ("cry-inc-dmarc-report-viewer/testdata/dmarc-reports/mailru.xml", Read { records: 1, messages: 1, org: "Mail.Ru", codes: &[] }),
        ("cry-inc-dmarc-report-viewer/testdata/dmarc-reports/outlook.xml", Read { records: 2, messages: 3, org: "Outlook.com", codes: &[] }),
        ("cry-inc-dmarc-report-viewer/testdata/dmarc-reports/solamora.xml", Read { records: 1, messages: 2, org: "solarmora.com", codes: &[] }),
        ("cry-inc-dmarc-report-viewer/testdata/dmarc-reports/webde.xml", Read { records: 1, messages: 1, org: "WEB.DE", codes: &[] }),
        ("cry-inc-dmarc-report-viewer/testdata/dmarc-reports/yahoo.xml", Read { records: 1, messages: 1, org: "Yahoo", codes: &[] }),
        ("dmarc-aggregate-reporting-draft/dmarc-xml-0.2.xml", Read { records: 1, messages: 123, org: "Sample Reporter", codes: &[] }),
        ("dmarc-aggregate-reporting-draft/dmarc-xmlalt-0.2.xml", Read { records: 1, messages: 123, org: "Sample Reporter", codes: &["aggregate-extension", "aggregate-namespace-unknown", "aggregate-unknown-element"] }),
        ("mail-auth/resources/dmarc-feedback/001.xml", Read { records: 1, messages: 123, org: "Sample Reporter", codes: &["aggregate-extension", "aggregate-unknown-element"] }),
        ("mail-auth/resources/dmarc-feedback/002.xml", Read { records: 1, messages: 2, org: "google.com", codes: &[] }),
        ("mail-auth/resources/dmarc-feedback/003.xml", Read { records: 4, messages: 9, org: "Fastmail Pty Ltd", codes: &[] }),
        ("mail-auth/resources/dmarc-feedback/004.xml", Read { records: 1, messages: 123, org: "Sample Reporter", codes: &[] }),
        ("mail-auth/resources/dmarc-feedback/005.xml", Read { records: 1, messages: 1, org: "Legacy Reporter", codes: &["aggregate-legacy-value"] }),
        ("opendmarc/libopendmarc/tests/testfiles/163.com!example.com!1337270400!1337356799.20120518163.xml", Read { records: 50, messages: 92, org: "163.com", codes: &["aggregate-float-number"] }),
        ("opendmarc/libopendmarc/tests/testfiles/bad.com!example.com!1337140800!1337227200.xml", Read { records: 3, messages: 284, org: "AOL", codes: &["aggregate-empty-value", "aggregate-encoding-ascii-only", "aggregate-invalid-ip", "aggregate-missing", "aggregate-null-domain", "aggregate-prefixed-root", "aggregate-unclosed", "aggregate-unescaped-lt"] }),
        ("opendmarc/libopendmarc/tests/testfiles/good.com!example.com!1337270400!1337356799.xml", Read { records: 754, messages: 183934, org: "126.com", codes: &["aggregate-float-number"] }),
        ("opendmarc/libopendmarc/tests/testfiles/yeah.net!example.com!1337270400!1337356799.20120518.xml", Read { records: 254, messages: 21679, org: "yeah.net", codes: &["aggregate-float-number"] }),
        ("parsedmarc-history/samples/aggregate/zoho.com!example.com!1581753600!1581840000.xml", Read { records: 8, messages: 9, org: "zoho.com", codes: &["aggregate-legacy-value", "aggregate-missing"] }),
        ("parsedmarc/samples/aggregate/!example.com!1538204542!1538463818.xml", Read { records: 1, messages: 1, org: "", codes: &["aggregate-empty-value"] }),
        ("parsedmarc/samples/aggregate/!large-example.com!1711897200!1711983600.xml", Read { records: 2286, messages: 2286, org: "", codes: &["aggregate-empty-value", "aggregate-truncated"] }),
        ("parsedmarc/samples/aggregate/addisonfoods.com!example.com!1536105600!1536191999.xml", Read { records: 1, messages: 1, org: "addisonfoods.com", codes: &[] }),
        ("parsedmarc/samples/aggregate/empty_reason.xml", Read { records: 1, messages: 2, org: "example.org", codes: &["aggregate-empty-value"] }),
        ("parsedmarc/samples/aggregate/example.net!example.com!1529366400!1529452799.xml", Read { records: 1, messages: 1, org: "example.net", codes: &["aggregate-stray-text"] }),
        ("parsedmarc/samples/aggregate/ikea.com!example.de!1538690400!1538776800.xml", Read { records: 1, messages: 1, org: "ikea.com", codes: &["aggregate-legacy-value", "aggregate-stray-element", "aggregate-unclosed"] }),
        ("parsedmarc/samples/aggregate/invalid_utf_8.xml", Read { records: 1, messages: 1, org: "", codes: &["aggregate-empty-value", "aggregate-invalid-utf8"] }),
        ("parsedmarc/samples/aggregate/invalid_xml.xml", Read { records: 1, messages: 1, org: "veeam.com", codes: &["aggregate-empty-value", "aggregate-unescaped-lt"] }),
        ("parsedmarc/samples/aggregate/old_draft_from_wiki.xml", Read { records: 1, messages: 2, org: "acme.com", codes: &[] }),
        ("parsedmarc/samples/aggregate/protection.outlook.com!example.com!1711756800!1711843200.xml", Read { records: 1, messages: 1, org: "Outlook.com", codes: &[] }),
        ("parsedmarc/samples/aggregate/rfc9990-example.net!example.com!1700000000!1700086399.xml", Read { records: 2, messages: 7, org: "example.net", codes: &[] }),
        ("parsedmarc/samples/aggregate/rfc9990-sample.xml", Read { records: 1, messages: 123, org: "Sample Reporter", codes: &[] }),
        ("parsedmarc/samples/aggregate/usssa.com!example.com!1538784000!1538870399.xml", Read { records: 2, messages: 2, org: "usssa.com", codes: &[] }),
        ("parsedmarc/samples/aggregate/veeam.com!example.com!1530133200!1530219600.xml", Read { records: 1, messages: 1, org: "veeam.com", codes: &["aggregate-empty-value"] }),
        ("parsedmarc/samples/aggregate_invalid/report_with_upper_cased_pass.xml", Read { records: 1, messages: 1, org: "example.com", codes: &["aggregate-value-case", "aggregate-whitespace"] }),
        ("parsedmarc/samples/empty.xml", Refused("the file is empty")),
        ("parsedmarc/samples/extract_report/changed-input.xml", Read { records: 20, messages: 3047, org: "fred.com", codes: &[] }),
        ("parsedmarc/samples/extract_report/nice-input.xml", Read { records: 20, messages: 3047, org: "google.com", codes: &[] }),
        ("tierpod-dmarc-report-converter/pkg/dmarc/testdata/test.xml", Read { records: 2, messages: 7, org: "Test Inc.", codes: &["aggregate-out-of-order", "aggregate-whitespace"] }),
        ("tierpod-dmarc-report-converter/pkg/dmarc/testdata/test2.xml", Read { records: 2, messages: 12, org: "Test Inc.", codes: &["aggregate-out-of-order", "aggregate-whitespace"] }),
        ("tierpod-dmarc-report-converter/pkg/dmarc/testdata/test_empty.xml", Read { records: 1, messages: 0, org: "Test Inc.", codes: &["aggregate-empty-value", "aggregate-out-of-order", "aggregate-whitespace"] }),
    ]
}

#[test]
fn every_corpus_file_has_its_expected_outcome() {
    let table = table();
    let listed: Vec<&str> = table.iter().map(|(rel, _)| *rel).collect();
    assert_eq!(listed, files(), "the table must list every corpus file, sorted");
    for (rel, expect) in table {
        let bytes = std::fs::read(corpora().join(rel)).unwrap();
        match (read(&bytes), expect) {
            (Ok((report, diagnostics)), Expect::Read { records, messages, org, codes }) => {
                assert_eq!(report.records.len(), records, "{rel}");
                assert_eq!(report.message_count(), messages, "{rel}");
                assert_eq!(report.report_metadata.org_name, org, "{rel}");
                let got: BTreeSet<&str> = diagnostics.iter().map(|d| d.code.as_str()).collect();
                let want: BTreeSet<&str> = codes.iter().copied().collect();
                assert_eq!(got, want, "{rel}");
                for d in &diagnostics {
                    assert!(d.span.start <= d.span.end && d.span.end <= bytes.len(), "{rel}: {d:?}");
                }
            }
            (Err(refusal), Expect::Refused(reason)) => assert_eq!(refusal.reason, reason, "{rel}"),
            (got, _) => panic!("{rel}: unexpected outcome {:?}", got.map(|(r, _)| r.records.len())),
        }
    }
}

/// mail-auth's own expected parses (its struct layout, serialised to JSON):
/// the same organisation, report id, period, records and counts.
#[test]
fn mail_auth_expected_parses_agree() {
    for n in 1..=5 {
        let dir = corpora().join("mail-auth/resources/dmarc-feedback");
        let xml = std::fs::read(dir.join(format!("00{n}.xml"))).unwrap();
        let json: serde_json::Value =
            serde_json::from_slice(&std::fs::read(dir.join(format!("00{n}.json"))).unwrap()).unwrap();
        let (report, _) = read(&xml).unwrap();
        let meta = &json["report_metadata"];
        assert_eq!(report.report_metadata.org_name, meta["org_name"].as_str().unwrap(), "00{n}");
        assert_eq!(report.report_metadata.report_id, meta["report_id"].as_str().unwrap(), "00{n}");
        assert_eq!(report.report_metadata.begin, meta["date_range"]["begin"].as_u64(), "00{n}");
        assert_eq!(report.report_metadata.end, meta["date_range"]["end"].as_u64(), "00{n}");
        assert_eq!(
            report.policy_published.domain,
            json["policy_published"]["domain"].as_str().unwrap(),
            "00{n}"
        );
        let records = json["record"].as_array().unwrap();
        assert_eq!(report.records.len(), records.len(), "00{n}");
        for (got, want) in report.records.iter().zip(records) {
            assert_eq!(got.count, want["row"]["count"].as_u64().unwrap(), "00{n}");
            assert_eq!(got.source_ip, want["row"]["source_ip"].as_str().unwrap(), "00{n}");
            assert_eq!(got.header_from, want["identifiers"]["header_from"].as_str().unwrap(), "00{n}");
            assert_eq!(got.auth_dkim.len(), want["auth_results"]["dkim"].as_array().unwrap().len(), "00{n}");
            assert_eq!(got.auth_spf.len(), want["auth_results"]["spf"].as_array().unwrap().len(), "00{n}");
            let reasons = want["row"]["policy_evaluated"]["reason"].as_array().unwrap();
            assert_eq!(got.reasons.len(), reasons.len(), "00{n}");
        }
    }
}

/// The RFC 9990 sample as the typed model sees it.
#[test]
fn rfc9990_sample_is_typed() {
    use dmarc_lens::report::aggregate::*;
    let xml = std::fs::read(corpora().join("parsedmarc/samples/aggregate/rfc9990-sample.xml")).unwrap();
    let (report, diagnostics) = read(&xml).unwrap();
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    assert_eq!(report.xml_schema, "2.0");
    let record = &report.records[0];
    assert!(record.ip.is_some());
    assert!(report.report_metadata.generator.is_some());
    assert!(report.policy_published.testing.is_some());
    assert!(report.policy_published.discovery_method.is_some());
    assert_ne!(record.disposition, None);
}

/// The invalid_xml sample keeps the unescaped values as found.
#[test]
fn unescaped_values_read_as_found() {
    let xml = std::fs::read(corpora().join("parsedmarc/samples/aggregate/invalid_xml.xml")).unwrap();
    let (report, _) = read(&xml).unwrap();
    assert_eq!(report.report_metadata.email, "<bad-xml@bad-xml.net>");
    assert_eq!(report.records[0].header_from, "bad<xml.net");
    let xml = std::fs::read(
        corpora()
            .join("opendmarc/libopendmarc/tests/testfiles/bad.com!example.com!1337140800!1337227200.xml"),
    )
    .unwrap();
    let (report, _) = read(&xml).unwrap();
    assert_eq!(report.records[2].header_from, "example.com<foo");
    assert_eq!(report.records[1].ip, None);
    assert_eq!(report.records[1].source_ip, "108r.166.27.220");
}

/// Hostile input: each case is refused or read, quickly and bounded.
mod hostile {
    use dmarc_lens::report::aggregate::{read, read_with, ReadOptions};
    use std::time::{Duration, Instant};

    /// Generous, for unoptimised test builds on a shared machine.
    const LIMIT: Duration = Duration::from_secs(20);

    #[test]
    fn deep_nesting_is_refused_early() {
        let xml = "<a>".repeat(100_000) + &"</a>".repeat(100_000);
        let started = Instant::now();
        let refusal = read(xml.as_bytes()).unwrap_err();
        assert!(started.elapsed() < LIMIT);
        assert!(refusal.reason.contains("nested more than 64"), "{}", refusal.reason);
        let xml = "<feedback>".to_string() + &"<x>".repeat(100_000);
        let refusal = read(xml.as_bytes()).unwrap_err();
        assert!(refusal.reason.contains("nested"), "{}", refusal.reason);
    }

    #[test]
    fn billion_laughs_is_not_expanded() {
        let mut doctype =
            String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE feedback [\n<!ENTITY lol \"lol\">\n");
        for i in 1..10 {
            let prev = if i == 1 { "lol".to_string() } else { format!("lol{}", i - 1) };
            doctype.push_str(&format!("<!ENTITY lol{i} \"{}\">\n", format!("&{prev};").repeat(10)));
        }
        doctype.push_str(
            "]>\n<feedback><report_metadata><org_name>&lol9;</org_name></report_metadata></feedback>",
        );
        let started = Instant::now();
        let (report, diagnostics) = read(doctype.as_bytes()).unwrap();
        assert!(started.elapsed() < LIMIT);
        assert_eq!(report.report_metadata.org_name, "&lol9;");
        let codes: Vec<&str> = diagnostics.iter().map(|d| d.code.as_str()).collect();
        assert!(codes.contains(&"aggregate-doctype"), "{codes:?}");
        assert!(codes.contains(&"aggregate-unknown-entity"), "{codes:?}");
    }

    #[test]
    fn a_50_mb_text_node_is_read_once() {
        let mut xml = b"<feedback><report_metadata><org_name>".to_vec();
        xml.resize(xml.len() + 50 * 1024 * 1024, b'a');
        xml.extend_from_slice(b"</org_name></report_metadata></feedback>");
        let started = Instant::now();
        let (report, _) = read(&xml).unwrap();
        assert!(started.elapsed() < LIMIT, "{:?}", started.elapsed());
        assert_eq!(report.report_metadata.org_name.len(), 50 * 1024 * 1024);
    }

    #[test]
    fn many_bare_brackets_stay_linear_and_diagnostics_bounded() {
        let mut xml = b"<feedback><report_metadata><org_name>".to_vec();
        xml.extend(std::iter::repeat_n(b"<&".iter().copied(), 1_000_000).flatten());
        xml.extend_from_slice(b"</org_name></report_metadata></feedback>");
        let started = Instant::now();
        let (_, diagnostics) = read(&xml).unwrap();
        assert!(started.elapsed() < LIMIT, "{:?}", started.elapsed());
        assert!(diagnostics.len() < 1_000, "{}", diagnostics.len());
    }

    #[test]
    fn the_record_cap_stops_reading() {
        let record = "<record><row><source_ip>192.0.2.1</source_ip><count>1</count></row></record>";
        let xml = format!("<feedback>{}</feedback>", record.repeat(10));
        let options = ReadOptions { max_records: 3, ..ReadOptions::default() };
        let (report, diagnostics) = read_with(xml.as_bytes(), &options).unwrap();
        assert_eq!(report.records.len(), 3);
        assert!(diagnostics.iter().any(|d| d.code.as_str() == "aggregate-too-many-records"));
    }
}

/// Read speed on the largest corpus file; run with
/// `cargo test --profile bench --test aggregate_corpus -- --ignored throughput --nocapture`.
#[test]
#[ignore]
fn throughput() {
    let xml = std::fs::read(
        corpora().join("parsedmarc/samples/aggregate/!large-example.com!1711897200!1711983600.xml"),
    )
    .unwrap();
    let rounds = 200;
    let started = std::time::Instant::now();
    let mut messages = 0;
    for _ in 0..rounds {
        let (report, _) = read(&xml).unwrap();
        messages += report.message_count();
    }
    let seconds = started.elapsed().as_secs_f64();
    let mb = (xml.len() * rounds) as f64 / 1e6;
    println!("{mb:.0} MB in {seconds:.2} s: {:.0} MB/s ({messages} messages)", mb / seconds);
}
