//! `dmarc-lens`: the command line over the dmarc-lens core.
//!
//! ```text
//! dmarc-lens explain [--json] [--kind KIND] TEXT    explain a record (TEXT `-` reads stdin)
//! dmarc-lens reports [--json] FILE...                read aggregate, TLS-RPT and failure reports
//! dmarc-lens check [--json] [--doh URL] DOMAIN        look a domain up over DNS over HTTPS
//! dmarc-lens plan [--json] --domain D [--rua URI]...   a staged rollout plan, or a parked-domain kit
//! ```
//!
//! Exit status: 0 when there are no errors, 1 when the input has errors,
//! 2 when the command could not run (bad arguments, unreadable input).

use std::io::{Read, Write};
use std::process::ExitCode;

use dmarc_lens::record::{explain_as, render, Kind};
use dmarc_lens::report::batch::{Batch, Status};
use dmarc_lens::report::unpack::Limits;

const USAGE: &str = "\
usage: dmarc-lens explain [--json] [--kind KIND] TEXT
       dmarc-lens reports [--json] [--top N] [--export FORMAT --out FILE] FILE...
       dmarc-lens check [--json] [--doh URL] [--selector S]... [--ip IP] DOMAIN
       dmarc-lens plan [--json] --domain D [--rua URI]... [--ruf URI]... [--parked]
            [--receives-mail] [--style pct|testing|both] [--pace conservative|standard]
            [--start YYYY-MM-DD] [--current RECORD] [--lists] [--subdomain 'NAME [RECORD]']...
            [--format bind|terraform|json|plain] [--ics FILE]

  explain   explain what was pasted: a DMARC, SPF, DKIM, BIMI, MTA-STS or
            TLS-RPT record (bare, quoted, or as zone-file lines, several at
            once), an MTA-STS policy file, or a block of message headers.
            Every diagnostic with its place, the corrected record when the
            fix is mechanical, then each tag's meaning, default and
            effective value. TEXT '-' reads standard input.

  reports   read DMARC aggregate reports (.xml, .gz, .zip, report e-mails,
            mbox), TLS-RPT reports and failure reports, and print what
            became of each file, the totals, the readiness for the next
            policy step and the sources by volume with what each needs.

  check     look the domain up over DNS over HTTPS (RFC 8484) and explain
            its DMARC record (found by the RFC 9989 tree walk), SPF include
            tree against its lookup budgets, DKIM keys, MX, report
            authorization, BIMI, MTA-STS and TLS-RPT, the bulk-sender
            checklist, and what to do first.

  plan      the staged rollout of a domain to DMARC enforcement: each stage's
            exact records (TTL 300 s while changing, 3600 s once stable),
            minimum duration and dates, exit criteria, rollback record and
            why; the quarantine ramp as RFC 7489 pct steps, RFC 9989 t=y
            testing stages or both (the default); sp and np; the records
            external report destinations must publish. --parked gives the
            parked-domain kit (null SPF, null MX, p=reject) instead.

options:
  --json         print one JSON object instead of the readable report
  --top N        (reports) list at most N sources (default 20)
  --export FORMAT --out FILE
                 (reports) also write every counted aggregate report to FILE
                 as parsedmarc-json or csv (parsedmarc's aggregate columns)
  --doh URL      (check) the DNS-over-HTTPS endpoint (default Cloudflare,
                 https://cloudflare-dns.com/dns-query)
  --selector S   (check) a DKIM selector to try besides the common ones
  --ip IP        (check) run SPF check_host() for this sending address
  --kind KIND    read the text as KIND instead of detecting it: dmarc,
                 dmarc-report-auth, spf, dkim, bimi, mta-sts, mta-sts-policy,
                 tls-rpt, headers
  --domain D     (plan) the domain to plan for
  --rua URI, --ruf URI
                 (plan) report addresses (mailto:); default: the current record's
  --parked       (plan) the domain sends no mail: the parked-domain kit
  --receives-mail
                 (plan, parked) the domain still receives mail: no null MX
  --style S      (plan) pct, testing or both (default both)
  --pace P       (plan) standard (default) or conservative
  --start DATE   (plan) the first stage's day, YYYY-MM-DD (default today, UTC)
  --current R    (plan) the record at _dmarc.D today, so the plan starts there
  --lists        (plan) users post to mailing lists or rely on forwarding: the
                 plan ends at p=quarantine
  --subdomain 'NAME [RECORD]'
                 (plan) a subdomain that sends on its own, with its record today
  --format F     (plan) how records are printed: bind (default), terraform,
                 json or plain
  --ics FILE     (plan) also write the stage dates as an iCalendar file
  -h, --help
  -V, --version

exit status: explain: 0 no errors, 1 the record has errors; reports: 0 every
file read, 1 some file refused; check: 0 no errors found, 1 errors found;
plan: 0 plan made, 1 the input has errors; all: 2 could not run";

fn fail(message: &str) -> ExitCode {
    eprintln!("dmarc-lens: {message}\n\n{USAGE}");
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("-h" | "--help" | "help") => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        Some("-V" | "--version") => {
            println!("dmarc-lens {}", env!("CARGO_PKG_VERSION"));
            ExitCode::SUCCESS
        }
        Some("explain") => explain_command(args.get(1..).unwrap_or(&[])),
        Some("reports") => reports_command(args.get(1..).unwrap_or(&[])),
        Some("check") => check_command(args.get(1..).unwrap_or(&[])),
        Some("plan") => plan_command(args.get(1..).unwrap_or(&[])),
        Some(other) => fail(&format!("unknown command {other:?}")),
        None => fail("no command given"),
    }
}

fn explain_command(args: &[String]) -> ExitCode {
    let mut json = false;
    let mut kind: Option<Kind> = None;
    let mut text: Option<String> = None;
    let mut only_text = false;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let kind_name = match arg.strip_prefix("--kind=") {
            Some(name) if !only_text => Some(name.to_string()),
            _ if arg == "--kind" && !only_text => match args.next() {
                Some(name) => Some(name.clone()),
                None => return fail("--kind needs a KIND"),
            },
            _ => None,
        };
        if let Some(name) = kind_name {
            match Kind::from_name(&name) {
                Some(k) => kind = Some(k),
                None => return fail(&format!("unknown kind {name:?}")),
            }
            continue;
        }
        match arg.as_str() {
            "--json" if !only_text => json = true,
            "--" if !only_text => only_text = true,
            flag if flag.starts_with("--") && !only_text => return fail(&format!("unknown option {flag}")),
            value => {
                if text.is_some() {
                    return fail("explain takes one TEXT; quote the record");
                }
                text = Some(value.to_string());
            }
        }
    }
    let input = match text.as_deref() {
        None => return fail("explain needs the record TEXT, or - to read standard input"),
        Some("-") => {
            let mut buffer = String::new();
            if let Err(error) = std::io::stdin().read_to_string(&mut buffer) {
                return fail(&format!("cannot read standard input: {error}"));
            }
            // A final line break comes from the shell or the file, not the record.
            let trimmed = buffer.strip_suffix('\n').unwrap_or(&buffer);
            trimmed.strip_suffix('\r').unwrap_or(trimmed).to_string()
        }
        Some(value) => value.to_string(),
    };
    let explanation = explain_as(&input, kind);
    let output = if json { explanation.to_json() + "\n" } else { render::text(&explanation) };
    let mut stdout = std::io::stdout().lock();
    if stdout.write_all(output.as_bytes()).and_then(|()| stdout.flush()).is_err() {
        return ExitCode::from(2);
    }
    if explanation.has_errors() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn reports_command(args: &[String]) -> ExitCode {
    let mut json = false;
    let mut top = 20usize;
    let mut export: Option<String> = None;
    let mut out_path: Option<String> = None;
    let mut files = Vec::new();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--json" => json = true,
            "--top" => match args.next().and_then(|n| n.parse().ok()) {
                Some(n) => top = n,
                None => return fail("--top needs a number"),
            },
            "--export" => match args.next().map(String::as_str) {
                Some(format @ ("parsedmarc-json" | "csv")) => export = Some(format.to_string()),
                _ => return fail("--export takes parsedmarc-json or csv"),
            },
            "--out" => match args.next() {
                Some(path) => out_path = Some(path.clone()),
                None => return fail("--out needs a FILE"),
            },
            flag if flag.starts_with("--") => return fail(&format!("unknown option {flag}")),
            path => files.push(path.to_string()),
        }
    }
    if files.is_empty() {
        return fail("reports needs at least one FILE");
    }
    if export.is_some() != out_path.is_some() {
        return fail("--export and --out go together");
    }
    let mut batch = Batch::new(Limits::default());
    if export.is_some() {
        batch = batch.keeping_reports();
    }
    for path in &files {
        if let Err(error) = std::fs::File::open(path).and_then(|f| f.metadata()) {
            return fail(&format!("cannot read {path}: {error}"));
        }
    }
    // Read on every core, folded in order; only the summary outlives a file.
    let failed_reads = std::sync::Mutex::new(Vec::new());
    batch.add_files_parallel(files.len(), |i| {
        let path = files.get(i).map_or("", String::as_str);
        let bytes = std::fs::read(path).unwrap_or_else(|error| {
            if let Ok(mut failed) = failed_reads.lock() {
                failed.push(format!("cannot read {path}: {error}"));
            }
            Vec::new()
        });
        (path.to_string(), std::borrow::Cow::Owned(bytes))
    });
    if let Some(first) = failed_reads.lock().ok().and_then(|f| f.first().cloned()) {
        return fail(&first);
    }
    if let (Some(format), Some(path)) = (&export, &out_path) {
        let data = match format.as_str() {
            "csv" => dmarc_lens::report::export::parsedmarc_csv(batch.reports()),
            _ => dmarc_lens::report::export::parsedmarc_json(batch.reports()),
        };
        if let Err(error) = std::fs::write(path, data) {
            return fail(&format!("cannot write {path}: {error}"));
        }
    }
    let output = if json { batch.to_json() + "\n" } else { dmarc_lens::report::render::text(&batch, top) };
    let mut stdout = std::io::stdout().lock();
    if stdout.write_all(output.as_bytes()).and_then(|()| stdout.flush()).is_err() {
        return ExitCode::from(2);
    }
    if batch.files().iter().any(|f| f.status == Status::Refused) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// The default DNS-over-HTTPS endpoint, as on the web page.
const DEFAULT_DOH: &str = "https://cloudflare-dns.com/dns-query";

fn check_command(args: &[String]) -> ExitCode {
    use dmarc_lens::check::domain::{run, Options};
    use dmarc_lens::check::resolver::CheckResolver;
    use dmarc_lens::diag::Severity;
    use dmarc_lens::dns::DohResolver;

    let mut json = false;
    let mut doh = DEFAULT_DOH.to_string();
    let mut options = Options::default();
    let mut domain: Option<String> = None;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--json" => json = true,
            "--doh" => match args.next() {
                Some(url) if url.starts_with("https://") || url.starts_with("http://") => doh = url.clone(),
                Some(url) => return fail(&format!("--doh wants an http(s) URL, not {url:?}")),
                None => return fail("--doh needs a URL"),
            },
            "--selector" => match args.next() {
                Some(selector) => options.selectors.push(selector.clone()),
                None => return fail("--selector needs a selector"),
            },
            "--ip" => match args.next().map(|ip| ip.parse()) {
                Some(Ok(ip)) => options.ip = Some(ip),
                Some(Err(_)) => return fail("--ip wants an IPv4 or IPv6 address"),
                None => return fail("--ip needs an address"),
            },
            flag if flag.starts_with("--") => return fail(&format!("unknown option {flag}")),
            name if domain.is_none() => domain = Some(name.to_string()),
            extra => return fail(&format!("one DOMAIN only; {extra:?} is one too many")),
        }
    }
    let Some(domain) = domain else { return fail("check needs a DOMAIN") };
    options.domain = domain;
    let resolver = CheckResolver::new(DohResolver::new(doh));
    let started = std::time::Instant::now();
    let report = dmarc_lens::check::join::block_on(run(&resolver, &options, |_| {}));
    let elapsed = started.elapsed();
    let output = if json {
        serde_json::to_string(&report).unwrap_or_else(|_| "{}".to_string()) + "\n"
    } else {
        format!(
            "{}({} DNS queries in {} ms)\n",
            dmarc_lens::check::render::text(&report),
            report.queries,
            elapsed.as_millis()
        )
    };
    let mut stdout = std::io::stdout().lock();
    if stdout.write_all(output.as_bytes()).and_then(|()| stdout.flush()).is_err() {
        return ExitCode::from(2);
    }
    if report.findings().iter().any(|f| f.diagnostic.severity == Severity::Error) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Today's date in UTC, from the system clock (the core has none).
fn today() -> dmarc_lens::plan::Date {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(0));
    dmarc_lens::plan::Date::from_days_since_epoch(seconds.div_euclid(86_400))
}

fn plan_command(args: &[String]) -> ExitCode {
    use dmarc_lens::plan::output::Format;
    use dmarc_lens::plan::{Date, Pace, PlanInput, RampStyle, SendingSubdomain};

    let mut json = false;
    let mut format = Format::Bind;
    let mut ics: Option<String> = None;
    let mut domain: Option<String> = None;
    let mut start: Option<Date> = None;
    let mut input = PlanInput::new("", Date::MIN);
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let mut value = |what: &str| match args.next() {
            Some(v) => Ok(v.clone()),
            None => Err(fail(&format!("{arg} needs {what}"))),
        };
        match arg.as_str() {
            "--json" => json = true,
            "--parked" => input.parked = true,
            "--receives-mail" => input.receives_mail = true,
            "--lists" => input.mailing_lists = true,
            "--domain" => match value("a DOMAIN") {
                Ok(v) => domain = Some(v),
                Err(code) => return code,
            },
            "--rua" => match value("a URI") {
                Ok(v) => input.rua.push(v),
                Err(code) => return code,
            },
            "--ruf" => match value("a URI") {
                Ok(v) => input.ruf.push(v),
                Err(code) => return code,
            },
            "--current" => match value("a RECORD") {
                Ok(v) => input.current = Some(v),
                Err(code) => return code,
            },
            "--subdomain" => match value("a NAME") {
                Ok(v) => {
                    let v = v.trim();
                    let (name, record) = match v.split_once(char::is_whitespace) {
                        Some((name, record)) => (name, Some(record.trim().to_string())),
                        None => (v, None),
                    };
                    input.subdomains.push(SendingSubdomain { name: name.to_string(), current: record });
                }
                Err(code) => return code,
            },
            "--style" => match value("pct, testing or both").map(|v| RampStyle::from_name(&v)) {
                Ok(Some(style)) => input.style = style,
                Ok(None) => return fail("--style takes pct, testing or both"),
                Err(code) => return code,
            },
            "--pace" => match value("standard or conservative").map(|v| Pace::from_name(&v)) {
                Ok(Some(pace)) => input.pace = pace,
                Ok(None) => return fail("--pace takes standard or conservative"),
                Err(code) => return code,
            },
            "--format" => match value("a FORMAT").map(|v| Format::from_name(&v)) {
                Ok(Some(f)) => format = f,
                Ok(None) => return fail("--format takes bind, terraform, json or plain"),
                Err(code) => return code,
            },
            "--start" => match value("a DATE").map(|v| Date::parse(&v)) {
                Ok(Ok(date)) => start = Some(date),
                Ok(Err(diagnostic)) => return fail(&format!("--start: {}", diagnostic.message)),
                Err(code) => return code,
            },
            "--ics" => match value("a FILE") {
                Ok(v) => ics = Some(v),
                Err(code) => return code,
            },
            flag if flag.starts_with("--") => return fail(&format!("unknown option {flag}")),
            extra => {
                return fail(&format!(
                    "plan takes options only; {extra:?} is not one (the domain goes after --domain)"
                ))
            }
        }
    }
    let Some(domain) = domain else { return fail("plan needs --domain") };
    if input.receives_mail && !input.parked {
        return fail("--receives-mail goes with --parked");
    }
    input.domain = domain;
    input.start = start.unwrap_or_else(today);
    let plan = dmarc_lens::plan::generate(&input);
    if let Some(path) = &ics {
        if let Err(error) = std::fs::write(path, dmarc_lens::plan::ics::calendar(&plan)) {
            return fail(&format!("cannot write {path}: {error}"));
        }
    }
    let output = if json { plan.to_json() + "\n" } else { dmarc_lens::plan::render::text(&plan, format) };
    let mut stdout = std::io::stdout().lock();
    if stdout.write_all(output.as_bytes()).and_then(|()| stdout.flush()).is_err() {
        return ExitCode::from(2);
    }
    if plan.has_errors() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
