//! Reading dropped files: unpack each one, read every report inside, fold
//! the aggregate reports into the [`Summary`], and keep a plain outcome per
//! file (read, refused with the reason, or a duplicate). Nothing but the
//! summary outlives a file. Reading a file ([`read_file`]) needs no batch,
//! so natively several are read at once ([`Batch::add_files_parallel`]) and
//! folded in order.

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

impl Status {
    /// The word for it, as the JSON output and the page show it.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Refused => "refused",
            Status::Duplicate => "duplicate",
        }
    }
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
    /// Reports folded and not kept, when their memory is to be freed
    /// elsewhere (by the thread that allocated it, natively in parallel).
    spent: Option<Vec<aggregate::AggregateReport>>,
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
        let read = read_file(name, bytes, &self.limits);
        self.fold(read)
    }

    /// The limits files are read within.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// Folds a file read by [`read_file`] into the batch. Files folded in
    /// the same order give the same batch, however they were read.
    pub fn fold(&mut self, file: ReadFile) -> Status {
        let ReadFile { name, diagnostics: mut file_diagnostics, refused, documents: read } = file;
        let documents: Vec<DocumentOutcome> = read.into_iter().map(|d| self.fold_document(d)).collect();
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
            Status::Refused => Some(refused.unwrap_or_else(|| {
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
        file_diagnostics.extend(documents.iter().flat_map(|d| d.diagnostics.iter().cloned()));
        let kind = documents.iter().find(|d| d.status != Status::Refused).map(|d| d.kind);
        self.files.push(FileOutcome {
            name,
            status,
            kind,
            reports,
            reason,
            diagnostics: file_diagnostics,
            documents,
        });
        status
    }

    fn fold_document(&mut self, document: ReadDocument) -> DocumentOutcome {
        let ReadDocument { name, kind, parsed } = document;
        let outcome = |status, reason: Option<String>, diagnostics| DocumentOutcome {
            name: name.clone(),
            kind: kind_name(kind),
            status,
            reason,
            diagnostics,
        };
        match parsed {
            Parsed::Aggregate(read) => match *read {
                Ok((report, diagnostics)) => {
                    let status = match self.summary.add(&report) {
                        Added::Counted => Status::Ok,
                        Added::Duplicate => Status::Duplicate,
                    };
                    match (status, self.kept.as_mut(), self.spent.as_mut()) {
                        (Status::Ok, Some(kept), _) => kept.push(report),
                        (_, _, Some(spent)) => spent.push(report),
                        _ => {}
                    }
                    outcome(status, None, diagnostics)
                }
                Err(refusal) => outcome(Status::Refused, Some(refusal.reason), refusal.diagnostics),
            },
            Parsed::Tls(Ok((report, diagnostics))) => {
                let duplicate = report.report_id.is_some()
                    && self.tls.iter().any(|t| {
                        t.organization == report.organization_name && t.report_id == report.report_id
                    });
                if duplicate {
                    return outcome(Status::Duplicate, None, diagnostics);
                }
                self.tls.push(TlsReportView {
                    document: name.clone(),
                    organization: report.organization_name.clone(),
                    report_id: report.report_id.clone(),
                    policies: tls_rpt::summarize(&report),
                });
                outcome(Status::Ok, None, diagnostics)
            }
            Parsed::Tls(Err(refusal)) => {
                let reason = refusal.diagnostic.message.clone();
                outcome(Status::Refused, Some(reason), vec![refusal.diagnostic])
            }
            Parsed::Failure(report) => {
                let diagnostics = report.diagnostics.clone();
                self.failure_count += 1;
                if self.failures.len() < MAX_FAILURE_REPORTS {
                    self.failures.push(*report);
                }
                outcome(Status::Ok, None, diagnostics)
            }
            Parsed::Unknown => {
                outcome(Status::Refused, Some("not a DMARC, TLS-RPT or failure report".into()), Vec::new())
            }
        }
    }

    /// Reads `count` files on every core, folding them in order as they
    /// come: the same batch as [`Batch::add_file`] on each in turn, sooner.
    /// `load(i)` gives the i-th file's name and bytes (it may read a disk);
    /// at most a few files per thread are held at once.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn add_files_parallel<'a, L>(&mut self, count: usize, load: L) -> Vec<Status>
    where
        L: Fn(usize) -> (String, std::borrow::Cow<'a, [u8]>) + Sync,
    {
        parallel::read_in_order(self, count, load)
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

/// A file read, not yet folded: the half of [`Batch::add_file`] that
/// needs no batch, so several files can be read at once.
#[derive(Debug)]
pub struct ReadFile {
    name: String,
    /// Findings about the container.
    diagnostics: Vec<Diagnostic>,
    /// Why the container could not be opened.
    refused: Option<String>,
    documents: Vec<ReadDocument>,
}

#[derive(Debug)]
struct ReadDocument {
    name: String,
    kind: DocKind,
    parsed: Parsed,
}

#[derive(Debug)]
enum Parsed {
    Aggregate(Box<Result<(aggregate::AggregateReport, Vec<Diagnostic>), aggregate::Refusal>>),
    Tls(Result<(tls_rpt::TlsReport, Vec<Diagnostic>), tls_rpt::Refusal>),
    Failure(Box<FailureReport>),
    Unknown,
}

/// Unpacks a file and parses every document in it, within `limits`.
pub fn read_file(name: &str, bytes: &[u8], limits: &Limits) -> ReadFile {
    let unpacked = unpack(name, bytes, limits);
    let documents = unpacked
        .documents
        .iter()
        .map(|document| {
            let parsed = match document.kind {
                DocKind::AggregateXml => Parsed::Aggregate(Box::new(aggregate::read(&document.bytes))),
                DocKind::TlsRptJson => Parsed::Tls(tls_rpt::read(&document.bytes)),
                DocKind::FailureReport => Parsed::Failure(Box::new(failure::read_message(&document.bytes))),
                DocKind::Unknown => Parsed::Unknown,
            };
            ReadDocument { name: document.name.clone(), kind: document.kind, parsed }
        })
        .collect();
    ReadFile {
        name: name.to_string(),
        diagnostics: unpacked.diagnostics,
        refused: unpacked.refused,
        documents,
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod parallel {
    use std::borrow::Cow;
    use std::collections::BTreeMap;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::{mpsc, Condvar, Mutex};

    use super::{read_file, Batch, ReadFile, Status};
    use crate::report::aggregate::AggregateReport;

    /// Files read ahead of the next one to fold, per thread, at most.
    const AHEAD: usize = 4;

    pub(super) fn read_in_order<'a, L>(batch: &mut Batch, count: usize, load: L) -> Vec<Status>
    where
        L: Fn(usize) -> (String, Cow<'a, [u8]>) + Sync,
    {
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 16).min(count);
        if threads <= 1 {
            return (0..count)
                .map(|i| {
                    let (name, bytes) = load(i);
                    batch.add_file(&name, &bytes)
                })
                .collect();
        }
        let limits = *batch.limits();
        let next = AtomicUsize::new(0);
        // How many files are folded; readers wait when too far ahead of it
        // (counting themselves in `sleepers` first, so the folding thread
        // wakes them only when someone sleeps: no lost wake-up, since both
        // sides write before they read, in one order).
        let folded = AtomicUsize::new(0);
        let sleepers = AtomicUsize::new(0);
        let wake = (Mutex::new(()), Condvar::new());
        let window = threads * AHEAD;
        // Each file comes with the number of the thread that read it.
        let (send, receive) = mpsc::channel::<(usize, usize, ReadFile)>();
        // Folded reports go back to the thread that read them, to be freed
        // there: glibc frees cheapest on the thread (arena) that allocated.
        let (recycle, spent): (Vec<_>, Vec<_>) =
            (0..threads).map(|_| mpsc::channel::<Vec<AggregateReport>>()).unzip();
        let mut statuses = Vec::with_capacity(count);
        batch.spent = Some(Vec::new());
        std::thread::scope(|scope| {
            for (reader, spent) in spent.into_iter().enumerate() {
                let (send, next, load, limits) = (send.clone(), &next, &load, &limits);
                let (folded, sleepers, wake) = (&folded, &sleepers, &wake);
                scope.spawn(move || loop {
                    spent.try_iter().for_each(drop);
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= count {
                        break;
                    }
                    if i >= folded.load(Ordering::SeqCst) + window {
                        let (lock, condvar) = wake;
                        let mut guard = lock.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
                        sleepers.fetch_add(1, Ordering::SeqCst);
                        while i >= folded.load(Ordering::SeqCst) + window {
                            guard = condvar.wait(guard).unwrap_or_else(|poisoned| poisoned.into_inner());
                        }
                        sleepers.fetch_sub(1, Ordering::SeqCst);
                    }
                    let (name, bytes) = load(i);
                    if send.send((i, reader, read_file(&name, &bytes, limits))).is_err() {
                        break;
                    }
                });
            }
            drop(send);
            let mut waiting: BTreeMap<usize, (usize, ReadFile)> = BTreeMap::new();
            for (i, reader, file) in receive.iter() {
                waiting.insert(i, (reader, file));
                while let Some((reader, file)) = waiting.remove(&statuses.len()) {
                    statuses.push(batch.fold(file));
                    if let (Some(reports), Some(back)) =
                        (batch.spent.as_mut().filter(|r| !r.is_empty()), recycle.get(reader))
                    {
                        // A reader that has finished has dropped its
                        // receiver: then the reports are freed here.
                        let _ = back.send(std::mem::take(reports));
                    }
                    folded.store(statuses.len(), Ordering::SeqCst);
                    if sleepers.load(Ordering::SeqCst) > 0 {
                        let (lock, condvar) = &wake;
                        drop(lock.lock().unwrap_or_else(|poisoned| poisoned.into_inner()));
                        condvar.notify_all();
                    }
                }
            }
        });
        batch.spent = None;
        statuses
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
