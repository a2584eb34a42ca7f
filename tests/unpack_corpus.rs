//! Every container in the shared corpus, unpacked: documents, names, kinds;
//! the same report in every container gives the same bytes; bombs built at
//! run time are refused quickly.

#[path = "common/archive.rs"]
#[allow(dead_code)] // each test crate uses a different part of it
mod archive;
use archive::{crc32, deflate, gz, Zip};
use std::time::Instant;

use dmarc_lens::report::unpack::{unpack, DocKind, Limits, Unpacked};

fn corpus(path: &str) -> String {
    format!("{}/../shared/corpora/{path}", env!("CARGO_MANIFEST_DIR"))
}

fn open(path: &str) -> Unpacked {
    let bytes = std::fs::read(corpus(path)).unwrap();
    let name = path.rsplit('/').next().unwrap();
    unpack(name, &bytes, &Limits::default())
}

const PD: &str = "parsedmarc/samples";
const MA: &str = "mail-auth/resources";
const TP: &str = "tierpod-dmarc-report-converter/pkg/dmarc/testdata";

use DocKind::{AggregateXml as A, FailureReport as F, TlsRptJson as T};

/// One corpus file: its path, its documents as (name, kind), the
/// diagnostic codes expected.
type Row = (String, Vec<(String, DocKind)>, Vec<&'static str>);

fn table() -> Vec<Row> {
    let one = |dir: &str, file: &str, inner: &str, kind: DocKind, codes: Vec<&'static str>| {
        let name = if inner.is_empty() { file.to_string() } else { format!("{file}/{inner}") };
        (format!("{dir}/{file}"), vec![(name, kind)], codes)
    };
    let g = |stem: &str| format!("{stem}.xml.gz/{stem}.xml");
    let z = |stem: &str| format!("{stem}.zip/{stem}.xml");
    let agg = format!("{PD}/aggregate");
    let borschow = "Report domain- borschow.com Submitter- google.com Report-ID- 949348866075514174.eml";
    let mimecast = "mimecast.org!ab.id.au!1693353600!1693439999!157a5fe30ec76f4bc0d8bccfc96c118a167a1280fee7c7465af5115e73082e5e";
    let fastmail = "fastmail.com!example.com!1516060800!1516147199!102675056";
    let infonacot = "estadocuenta1.infonacot.gob.mx!example.com!1536853302!1536939702!2940";
    let tls = "mail.sender.example!example.com!1013662812!1013749130";
    let mut rows = vec![
        one(&agg, borschow, &z("google.com!borschow.com!1549929600!1550015999"), A, vec![]),
        one(&agg, "twilight.eml", &z("google.com!twlnet.com!1549756800!1549843199"), A, vec![]),
        one(&agg, "mimecast-weird-gzip.eml", &g(mimecast), A, vec!["unpack-gzip-trailing"]),
        one(&agg, &format!("{fastmail}.xml.gz"), &format!("{fastmail}.xml"), A, vec![]),
        one(&agg, &format!("{infonacot}.xml.zip"), &format!("{infonacot}.xml"), A, vec![]),
        one(&format!("{PD}/extract_report"), "nice-input.xml.gz", "nice-input.xml", A, vec![]),
        one(&format!("{PD}/extract_report"), "nice-input.xml.zip", "nice-input.xml", A, vec![]),
        one(TP, "test.xml.gz", "test.xml", A, vec![]),
        one(TP, "test.xml.zip", "test.xml", A, vec![]),
        one(TP, "test.xml.gz.gz", "test.xml.gz/test.xml", A, vec!["unpack-nested"]),
        one(&format!("{MA}/dmarc-feedback"), "100.eml", &z("google.com!stalw.art!1669507200!1669593599"), A, vec![]),
        one(&format!("{MA}/dmarc-feedback"), "101.eml", &g("backschues.net!stalw.art!1667948400!1668034800"), A, vec![]),
        one(&format!("{MA}/dmarc-feedback"), "102.eml", &g("mail.ru!stalw.art!1667865600!1667952000"), A, vec![]),
        one(
            &format!("{MA}/dmarc-feedback"),
            "103.eml",
            &g("protection.outlook.com!stalw.art!1666483200!1666569600"),
            A,
            vec![],
        ),
        one(
            &format!("{MA}/dmarc-feedback"),
            "104.eml",
            &g("amazonses.com!stalw.art!1663545600!1663632000"),
            A,
            vec!["unpack-mail-content-type"],
        ),
        one(&format!("{MA}/tlsrpt"), "rpt01.eml", &format!("{tls}.json.gz/{tls}.json"), T, vec![]),
        one(&format!("{MA}/tlsrpt"), "rpt02.eml", &format!("{tls}.json"), T, vec!["unpack-mail-content-type"]),
        one(
            &format!("{PD}/smtp_tls"),
            "google.com_smtp_tls_report.eml",
            "google.com!cardinalhealth.ca!1725321600!1725407999!001.json.gz/google.com!cardinalhealth.ca!1725321600!1725407999!001.json",
            T,
            vec![],
        ),
    ];
    for file in [
        "DMARC Failure Report for domain.de (mail-from=sharepoint@domain.de, ip=10.10.10.10).eml",
        "[Netease DMARC Failure Report] Rent Reminder.eml",
        "dmarc_ruf_report_linkedin.crlf.eml",
        "dmarc_ruf_report_linkedin.eml",
        "exim_plain_text_only_no_arf_part.eml",
    ] {
        rows.push(one(&format!("{PD}/failure"), file, "", F, vec![]));
    }
    for n in 1..=5 {
        rows.push(one(&format!("{MA}/arf"), &format!("00{n}.eml"), "", F, vec![]));
    }
    rows
}

#[test]
fn every_corpus_container_unpacks_as_expected() {
    for (path, expected, codes) in table() {
        let out = open(&path);
        let got: Vec<(String, DocKind)> = out.documents.iter().map(|d| (d.name.clone(), d.kind)).collect();
        assert_eq!(got, expected, "{path}: {:?}", out.diagnostics);
        assert!(out.refused.is_none(), "{path}");
        let found: Vec<&str> = out.diagnostics.iter().map(|d| d.code.as_str()).collect();
        assert_eq!(found, codes, "{path}");
        for d in &out.documents {
            let text = String::from_utf8_lossy(&d.bytes);
            match d.kind {
                DocKind::AggregateXml => {
                    assert!(text.starts_with("<?xml") || text.starts_with("<feedback"), "{path}")
                }
                DocKind::TlsRptJson => assert!(text.trim_start().starts_with('{'), "{path}"),
                DocKind::FailureReport => {
                    let original = std::fs::read(corpus(&path)).unwrap();
                    let tail = d.bytes.trim_ascii_end();
                    assert!(
                        original.trim_ascii_end().ends_with(&tail[tail.len().saturating_sub(64)..]),
                        "{path}"
                    )
                }
                DocKind::Unknown => panic!("{path}: unknown document"),
            }
        }
    }
}

#[test]
fn the_same_report_in_every_container_is_byte_identical() {
    for (plain, containers) in [
        (format!("{TP}/test.xml"), vec!["test.xml.gz", "test.xml.zip", "test.xml.gz.gz"]),
        (format!("{PD}/extract_report/nice-input.xml"), vec!["nice-input.xml.gz", "nice-input.xml.zip"]),
    ] {
        let expected = std::fs::read(corpus(&plain)).unwrap();
        let dir = plain.rsplit_once('/').unwrap().0;
        assert_eq!(open(&plain).documents[0].bytes, expected);
        for container in containers {
            let out = open(&format!("{dir}/{container}"));
            assert_eq!(out.documents.len(), 1, "{container}");
            assert!(out.documents[0].bytes == expected, "{container} differs from {plain}");
        }
    }
}

#[test]
fn empty_and_plain_files() {
    let out = open(&format!("{PD}/empty.xml"));
    assert!(out.documents.is_empty());
    assert!(out.refused.unwrap().contains("empty"));
    for path in [format!("{PD}/smtp_tls/rfc8460.json"), format!("{PD}/aggregate/invalid_xml.xml")] {
        let out = open(&path);
        assert_eq!(out.documents.len(), 1, "{path}");
    }
}

// ---- bombs, built at run time ----

/// A zip whose central directory lists `count` entries; when `overlap`,
/// every entry points at the same local entry.
fn zip(count: usize, data: &[u8], method: u16, overlap: bool) -> Vec<u8> {
    let packed = if method == 8 { deflate(data) } else { data.to_vec() };
    let crc = crc32(data);
    let mut zip = Zip::default();
    for i in 0..count {
        zip.add(&format!("r{i}.xml"), data.len(), &packed, method, crc, !overlap || i == 0);
    }
    zip.finish()
}

fn run(label: &str, name: &str, bytes: &[u8], limits: &Limits) -> Unpacked {
    let started = Instant::now();
    let out = unpack(name, bytes, limits);
    println!(
        "{label}: {} input bytes, {} documents, refused: {:?}; {:?}; output buffer never above {} bytes",
        bytes.len(),
        out.documents.len(),
        out.refused,
        started.elapsed(),
        limits.max_output_bytes
    );
    out
}

#[test]
fn gzip_bomb_is_refused() {
    // 300 members of 1 MiB of zeros: 300 MiB claimed, about 300 KB given.
    let member = gz(&vec![0; 1 << 20]);
    let bomb: Vec<u8> = member.iter().copied().cycle().take(member.len() * 300).collect();
    let out = run("gzip bomb (300 MiB of zeros)", "bomb.xml.gz", &bomb, &Limits::default());
    assert!(out.refused.is_some() && out.documents.is_empty());
    // Same bomb with the ratio limit out of the way: the output limit stops it.
    let limits = Limits { max_ratio: u64::MAX, max_output_bytes: 16 << 20, ..Limits::default() };
    let out = run("gzip bomb, output limit 16 MiB", "bomb.xml.gz", &bomb, &limits);
    assert!(out.refused.unwrap().contains("16777216"));
}

#[test]
fn zip_bomb_is_refused() {
    // One 1 MiB entry of zeros listed 1,000 times: 1 GiB claimed.
    let bomb = zip(1000, &vec![0; 1 << 20], 8, true);
    let out = run("zip bomb (overlapping entries, 1 GiB)", "bomb.zip", &bomb, &Limits::default());
    assert!(out.refused.is_some() && out.documents.is_empty());
    // A single 64 MiB entry of zeros.
    let single = zip(1, &vec![0; 64 << 20], 8, false);
    let out = run("zip bomb (one 64 MiB entry)", "bomb.zip", &single, &Limits::default());
    assert!(out.refused.is_some());
}

#[test]
fn gzip_nested_ten_deep_is_refused() {
    let mut bytes = b"<feedback/>".to_vec();
    for _ in 0..10 {
        bytes = gz(&bytes);
    }
    let out = run("gzip nested 10 deep", "deep.xml.gz", &bytes, &Limits::default());
    assert!(out.refused.unwrap().contains("more than 4 containers deep"));
}

#[test]
fn zip_with_ten_thousand_members() {
    let xml = b"<feedback/>";
    let ok = zip(10_000, xml, 0, false);
    let out = run("zip with 10,000 members", "many.zip", &ok, &Limits::default());
    assert_eq!(out.documents.len(), 10_000);
    let over = zip(10_001, xml, 0, false);
    let out = run("zip with 10,001 members", "many.zip", &over, &Limits::default());
    assert!(out.refused.unwrap().contains("more than 10000 members"));
}
