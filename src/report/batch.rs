//! Reading dropped files: unpack each one, read every report inside, fold
//! the aggregate reports into the [`Summary`], and keep a plain outcome per
//! file (read, refused with the reason, or a duplicate). One file at a
//! time: nothing but the summary outlives a file.

use serde::Serialize;

use super::aggregate;
use super::failure::{self, FailureReport};
use super::summary::{Added, Summary, SummaryView};
use super::tls_rpt::{self, PolicyOutcome};
use super::unpack::{unpack, DocKind, Limits};
use crate::diag::Diagnostic;

/// What became of one file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// At least one report in it was read and counted.
    Ok,
    /// Nothing in it could be read.
    Refused,
    /// Everything in it had been counted already.
    Duplicate,
}

/// One document inside a file, and what became of it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DocumentOutcome {
    /// Where it was found (`reports.zip/a.xml`).
    pub name: String,
    /// `aggregate`, `tls-rpt`, `failure` or `unknown`.
    pub kind: &'static str,
    /// What became of it.
    pub status: Status,
    /// Why it was refused, in plain words.
    pub reason: Option<String>,
    /// Findings; spans index the document's bytes.
    pub diagnostics: Vec<Diagnostic>,
}

/// One file, and what became of it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FileOutcome {
    /// The file name as given.
    pub name: String,
    /// What became of it.
    pub status: Status,
    /// The kind of the first document read (`aggregate`, `tls-rpt`, `failure`).
    pub kind: Option<&'static str>,
    /// Reports read from it (counted or duplicate).
    pub reports: usize,
    /// Why nothing could be read, in plain words.
    pub reason: Option<String>,
    /// Findings about the file itself (its container), then every
    /// document's.
    pub diagnostics: Vec<Diagnostic>,
    /// Each document inside.
    pub documents: Vec<DocumentOutcome>,
}

/// One TLS-RPT report, summarised per policy.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TlsReportView {
    /// The document it came from.
    pub document: String,
    /// The reporting organization, when given.
    pub organization: Option<String>,
    /// The report id, when given.
    pub report_id: Option<String>,
    /// Per policy: sessions and failures by receiving MX.
    pub policies: Vec<PolicyOutcome>,
}

/// How many failure reports a batch keeps for display; more are counted.
pub const MAX_FAILURE_REPORTS: usize = 1_000;

/// Files read so far, and the summary of their aggregate reports.
#[derive(Clone, Debug, Default)]
pub struct Batch {
    limits: Limits,
    summary: Summary,
    files: Vec<FileOutcome>,
    tls: Vec<TlsReportView>,
    failures: Vec<FailureReport>,
    failure_count: u64,
    /// Counted aggregate reports, kept only when an export needs them.
    kept: Option<Vec<aggregate::AggregateReport>>,
}

fn kind_name(kind: DocKind) -> &'static str {
    match kind {
        DocKind::AggregateXml => "aggregate",
        DocKind::TlsRptJson => "tls-rpt",
        DocKind::FailureReport => "failure",
        DocKind::Unknown => "unknown",
    }
}

impl Batch {
    /// An empty batch reading within `limits`.
    pub fn new(limits: Limits) -> Batch {
        Batch { limits, ..Batch::default() }
    }

    /// Also keeps every counted aggregate report, for exports. Without it a
    /// batch holds only the summary, whatever the number of files.
    pub fn keeping_reports(mut self) -> Batch {
        self.kept = Some(Vec::new());
        self
    }

    /// The counted aggregate reports, when kept (see [`Batch::keeping_reports`]).
    pub fn reports(&self) -> &[aggregate::AggregateReport] {
        self.kept.as_deref().unwrap_or(&[])
    }

    /// Reads one file and folds what it holds into the summary.
    pub fn add_file(&mut self, name: &str, bytes: &[u8]) -> Status {
        let unpacked = unpack(name, bytes, &self.limits);
        let mut documents = Vec::new();
        for document in &unpacked.documents {
            documents.push(self.read_document(&document.name, document.kind, &document.bytes));
        }
        let reports =
            documents.iter().filter(|d| d.status != Status::Refused && d.kind == "aggregate").count();
        let status = if documents.iter().any(|d| d.status == Status::Ok) {
            Status::Ok
        } else if documents.iter().any(|d| d.status == Status::Duplicate) {
            Status::Duplicate
        } else {
            Status::Refused
        };
        let reason = match status {
            Status::Refused => Some(unpacked.refused.clone().unwrap_or_else(|| {
                documents
                    .iter()
                    .find_map(|d| d.reason.clone())
                    .unwrap_or_else(|| "the file holds no report".to_string())
            })),
            _ => None,
        };
        if status == Status::Refused {
            self.summary.refused();
        } else {
            self.summary.file_read();
        }
        let mut diagnostics = unpacked.diagnostics;
        diagnostics.extend(documents.iter().flat_map(|d| d.diagnostics.iter().cloned()));
        let kind = documents.iter().find(|d| d.status != Status::Refused).map(|d| d.kind);
        self.files.push(FileOutcome {
            name: name.to_string(),
            status,
            kind,
            reports,
            reason,
            diagnostics,
            documents,
        });
        status
    }

    fn read_document(&mut self, name: &str, kind: DocKind, bytes: &[u8]) -> DocumentOutcome {
        let outcome = |status, reason: Option<String>, diagnostics| DocumentOutcome {
            name: name.to_string(),
            kind: kind_name(kind),
            status,
            reason,
            diagnostics,
        };
        match kind {
            DocKind::AggregateXml => match aggregate::read(bytes) {
                Ok((report, diagnostics)) => {
                    let status = match self.summary.add(&report) {
                        Added::Counted => Status::Ok,
                        Added::Duplicate => Status::Duplicate,
                    };
                    if let (Status::Ok, Some(kept)) = (status, self.kept.as_mut()) {
                        kept.push(report);
                    }
                    outcome(status, None, diagnostics)
                }
                Err(refusal) => outcome(Status::Refused, Some(refusal.reason), refusal.diagnostics),
            },
            DocKind::TlsRptJson => match tls_rpt::read(bytes) {
                Ok((report, diagnostics)) => {
                    let duplicate = report.report_id.is_some()
                        && self.tls.iter().any(|t| {
                            t.organization == report.organization_name && t.report_id == report.report_id
                        });
                    if duplicate {
                        return outcome(Status::Duplicate, None, diagnostics);
                    }
                    self.tls.push(TlsReportView {
                        document: name.to_string(),
                        organization: report.organization_name.clone(),
                        report_id: report.report_id.clone(),
                        policies: tls_rpt::summarize(&report),
                    });
                    outcome(Status::Ok, None, diagnostics)
                }
                Err(refusal) => {
                    let reason = refusal.diagnostic.message.clone();
                    outcome(Status::Refused, Some(reason), vec![refusal.diagnostic])
                }
            },
            DocKind::FailureReport => {
                let report = failure::read_message(bytes);
                let diagnostics = report.diagnostics.clone();
                self.failure_count += 1;
                if self.failures.len() < MAX_FAILURE_REPORTS {
                    self.failures.push(report);
                }
                outcome(Status::Ok, None, diagnostics)
            }
            DocKind::Unknown => {
                outcome(Status::Refused, Some("not a DMARC, TLS-RPT or failure report".into()), Vec::new())
            }
        }
    }

    /// Every file so far.
    pub fn files(&self) -> &[FileOutcome] {
        &self.files
    }

    /// The summary of every aggregate report read so far.
    pub fn view(&self) -> SummaryView {
        self.summary.view()
    }

    /// Every TLS-RPT report read so far, summarised.
    pub fn tls_reports(&self) -> &[TlsReportView] {
        &self.tls
    }

    /// The failure reports read so far (the first [`MAX_FAILURE_REPORTS`]),
    /// and how many there were in all.
    pub fn failure_reports(&self) -> (&[FailureReport], u64) {
        (&self.failures, self.failure_count)
    }
}

/// The `reports --json` shape: files, totals, sources, and the rest of the
/// summary, TLS-RPT and failure reports.
#[derive(Serialize)]
struct JsonOut<'a> {
    files: &'a [FileOutcome],
    totals: JsonTotals,
    sources: &'a [super::summary::SourceView],
    summary: &'a SummaryView,
    tls_reports: &'a [TlsReportView],
    failure_reports: JsonFailures<'a>,
}

#[derive(Serialize)]
struct JsonTotals {
    files: u64,
    reports: u64,
    records: u64,
    messages: u64,
    dmarc_pass: u64,
    dmarc_fail: u64,
    duplicates: u64,
}

#[derive(Serialize)]
struct JsonFailures<'a> {
    count: u64,
    reports: &'a [FailureReport],
}

impl Batch {
    /// Everything as one JSON object (the `reports --json` output).
    pub fn to_json(&self) -> String {
        let view = self.view();
        let out = JsonOut {
            files: &self.files,
            totals: JsonTotals {
                files: self.files.len() as u64,
                reports: view.coverage.reports,
                records: view.coverage.records,
                messages: view.totals.messages,
                dmarc_pass: view.totals.dmarc_pass,
                dmarc_fail: view.totals.dmarc_fail,
                duplicates: view.coverage.duplicates,
            },
            sources: &view.sources,
            summary: &view,
            tls_reports: &self.tls,
            failure_reports: JsonFailures { count: self.failure_count, reports: &self.failures },
        };
        // Strings, numbers, bools and lists of them: serialising cannot fail.
        serde_json::to_string(&out).unwrap_or_else(|_| "{}".to_string())
    }
}
