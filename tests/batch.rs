//! Dropped files, as the Reports page and `dmarc-lens reports` read them:
//! every container, every report kind, duplicates and refusals.

use dmarc_lens::report::batch::{Batch, Status};
use dmarc_lens::report::unpack::Limits;

fn corpus(path: &str) -> (String, Vec<u8>) {
    let full = format!("{}/../shared/corpora/{path}", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&full).unwrap_or_else(|e| panic!("{full}: {e}"));
    (path.rsplit('/').next().unwrap_or(path).to_string(), bytes)
}

#[test]
fn xml_gz_and_zip_of_one_report_count_once() {
    let mut batch = Batch::new(Limits::default());
    let statuses: Vec<Status> = [
        "tierpod-dmarc-report-converter/pkg/dmarc/testdata/test.xml",
        "tierpod-dmarc-report-converter/pkg/dmarc/testdata/test.xml.gz",
        "tierpod-dmarc-report-converter/pkg/dmarc/testdata/test.xml.zip",
        "tierpod-dmarc-report-converter/pkg/dmarc/testdata/test.xml.gz.gz",
    ]
    .iter()
    .map(|p| {
        let (name, bytes) = corpus(p);
        batch.add_file(&name, &bytes)
    })
    .collect();
    assert_eq!(statuses, vec![Status::Ok, Status::Duplicate, Status::Duplicate, Status::Duplicate]);
    let view = batch.view();
    assert_eq!(view.coverage.reports, 1);
    assert_eq!(view.coverage.duplicates, 3);
    assert_eq!(view.coverage.files_read, 4);
}

#[test]
fn every_kind_of_report_file_is_read() {
    let mut batch = Batch::new(Limits::default());
    for path in [
        "parsedmarc/samples/aggregate/fastmail.com!example.com!1516060800!1516147199!102675056.xml.gz",
        "mail-auth/resources/dmarc-feedback/100.eml",
        "mail-auth/resources/tlsrpt/rpt01.eml",
        "cry-inc-dmarc-report-viewer/testdata/smtp-tls-reports/google.json",
        "mail-auth/resources/arf/004.eml",
        "parsedmarc/samples/empty.xml",
    ] {
        let (name, bytes) = corpus(path);
        batch.add_file(&name, &bytes);
    }
    let kinds: Vec<(Option<&str>, Status)> = batch.files().iter().map(|f| (f.kind, f.status)).collect();
    assert_eq!(
        kinds,
        vec![
            (Some("aggregate"), Status::Ok),
            (Some("aggregate"), Status::Ok),
            (Some("tls-rpt"), Status::Ok),
            (Some("tls-rpt"), Status::Ok),
            (Some("failure"), Status::Ok),
            (None, Status::Refused),
        ]
    );
    let empty = batch.files().last().expect("the empty file");
    assert!(empty.reason.as_deref().is_some_and(|r| !r.is_empty()));
    assert_eq!(batch.view().coverage.reports, 2);
    assert_eq!(batch.view().coverage.files_refused, 1);
    let tls = batch.tls_reports();
    assert_eq!(tls[0].organization.as_deref(), Some("Company-X"));
    let (failures, count) = batch.failure_reports();
    assert_eq!(count, 1);
    assert_eq!(failures[0].source_ip.as_deref(), Some("148.163.85.135"));
}

#[test]
fn reading_on_every_core_gives_the_same_batch_as_one_file_at_a_time() {
    let mut files = Vec::new();
    for folder in [
        "parsedmarc/samples/aggregate",
        "mail-auth/resources/dmarc-feedback",
        "mail-auth/resources/tlsrpt",
        "cry-inc-dmarc-report-viewer/testdata/dmarc-reports",
        "tierpod-dmarc-report-converter/pkg/dmarc/testdata",
    ] {
        let dir = format!("{}/../shared/corpora/{folder}", env!("CARGO_MANIFEST_DIR"));
        let mut names: Vec<String> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{dir}: {e}"))
            .flatten()
            .map(|e| format!("{folder}/{}", e.file_name().to_string_lossy()))
            .collect();
        names.sort();
        files.extend(names.iter().map(|n| corpus(n)));
    }
    // Twice over, so duplicates arrive while earlier copies are still being read.
    let twice: Vec<&(String, Vec<u8>)> = files.iter().chain(files.iter()).collect();
    let mut one_at_a_time = Batch::new(Limits::default());
    let sequential: Vec<Status> = twice.iter().map(|(n, b)| one_at_a_time.add_file(n, b)).collect();
    let mut parallel = Batch::new(Limits::default());
    let statuses = parallel.add_files_parallel(twice.len(), |i| {
        let (name, bytes) = twice[i];
        (name.clone(), std::borrow::Cow::Borrowed(bytes.as_slice()))
    });
    assert_eq!(statuses, sequential);
    assert!(statuses.contains(&Status::Duplicate) && statuses.contains(&Status::Ok));
    assert_eq!(parallel.to_json(), one_at_a_time.to_json());
}
