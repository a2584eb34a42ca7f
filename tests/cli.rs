//! The command line, run as a user runs it.

#[path = "common/golden.rs"]
mod golden;
use golden::golden;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn dmarc_lens(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_dmarc-lens"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the dmarc-lens binary runs");
    if let Some(text) = stdin {
        child.stdin.take().expect("stdin").write_all(text.as_bytes()).expect("write stdin");
    }
    drop(child.stdin.take());
    child.wait_with_output().expect("dmarc-lens finishes")
}

#[test]
fn readable_report_matches_the_golden_file() {
    let out = dmarc_lens(&["explain", "v=DMARC1; p=none; fo=1"], None);
    assert_eq!(out.status.code(), Some(0));
    golden("explain-fo-without-ruf.txt", &String::from_utf8_lossy(&out.stdout));
}

#[test]
fn readable_report_for_a_broken_record_matches_the_golden_file() {
    let record = "p=rejct; v=DMARC1; pct=150; rua=dmarc@example.com;; adkm=s";
    let out = dmarc_lens(&["explain", record], None);
    assert_eq!(out.status.code(), Some(1));
    golden("explain-broken.txt", &String::from_utf8_lossy(&out.stdout));
}

#[test]
fn json_reports_the_fo_warning_over_fo_1() {
    let out = dmarc_lens(&["explain", "--json", "v=DMARC1; p=none; fo=1"], None);
    assert_eq!(out.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON object");
    assert_eq!(json["kind"], "dmarc");
    assert_eq!(json["input"], "v=DMARC1; p=none; fo=1");
    let fo = json["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .find(|d| d["code"] == "dmarc-fo-without-ruf")
        .expect("fo warning");
    assert_eq!(fo["severity"], "warning");
    assert_eq!(fo["span"], serde_json::json!({"start": 18, "end": 22}));
    assert_eq!(fo["reference"], "RFC 9989 §4.7");
    assert!(fo["help"].as_str().is_some_and(|h| h.contains("ruf=mailto:")));
    let tags = json["tags"].as_array().expect("tags");
    let p = tags.iter().find(|t| t["name"] == "p").expect("p row");
    assert_eq!(p["value"], "none");
    assert_eq!(p["span"], serde_json::json!({"start": 10, "end": 16}));
    for key in ["meaning", "default", "effective"] {
        assert!(p[key].as_str().is_some_and(|s| !s.is_empty()), "{key}");
    }
    let sp = tags.iter().find(|t| t["name"] == "sp").expect("sp row");
    assert_eq!(sp["value"], serde_json::Value::Null);
    assert_eq!(sp["effective"], "none (inherited from p)");
}

#[test]
fn exit_status_says_whether_the_record_has_errors() {
    assert_eq!(
        dmarc_lens(&["explain", "v=DMARC1; p=reject; rua=mailto:d@example.com"], None).status.code(),
        Some(0)
    );
    assert_eq!(dmarc_lens(&["explain", "v=DMARC1; p=bogus"], None).status.code(), Some(1));
    let usage = dmarc_lens(&["explain"], None);
    assert_eq!(usage.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&usage.stderr).contains("usage: dmarc-lens explain"));
    assert_eq!(dmarc_lens(&["frobnicate"], None).status.code(), Some(2));
    assert_eq!(dmarc_lens(&["explain", "--colour", "v=DMARC1"], None).status.code(), Some(2));
}

#[test]
fn dash_reads_the_record_from_stdin_without_its_line_break() {
    let out = dmarc_lens(&["explain", "--json", "-"], Some("v=DMARC1; p=none; fo=1\n"));
    assert_eq!(out.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(json["input"], "v=DMARC1; p=none; fo=1");
    assert!(json["diagnostics"].as_array().is_some_and(|d| d.iter().all(|d| d["code"] != "dmarc-non-ascii")));
}

#[test]
fn a_record_starting_with_a_dash_can_follow_double_dash() {
    let out = dmarc_lens(&["explain", "--json", "--", "--v=DMARC1"], None);
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(json["input"], "--v=DMARC1");
}

#[test]
fn kind_can_be_forced_and_bad_kinds_are_refused() {
    let out = dmarc_lens(&["explain", "--json", "--kind", "dmarc", "hello"], None);
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(json["kind"], "dmarc");
    assert_eq!(json["diagnostics"][0]["code"], "dmarc-version-missing");

    let out = dmarc_lens(&["explain", "--json", "hello"], None);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(json["kind"], "unknown");

    let bad = dmarc_lens(&["explain", "--kind", "bogus", "v=DMARC1"], None);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("unknown kind \"bogus\""));
    assert_eq!(dmarc_lens(&["explain", "--kind"], None).status.code(), Some(2));
    assert_eq!(
        dmarc_lens(&["explain", "--kind=dmarc", "v=DMARC1; p=reject; rua=mailto:d@example.com"], None)
            .status
            .code(),
        Some(0)
    );
}

#[test]
fn several_records_render_one_after_another() {
    let out = dmarc_lens(&["explain", "v=DMARC1; p=none\nv=DMARC1; p=reject"], None);
    assert_eq!(out.status.code(), Some(1));
    golden("explain-several.txt", &String::from_utf8_lossy(&out.stdout));
}

fn corpus_path(path: &str) -> String {
    format!("{}/../shared/corpora/{path}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn reports_json_has_files_totals_and_classified_sources() {
    let files = [
        corpus_path("tierpod-dmarc-report-converter/pkg/dmarc/testdata/test.xml"),
        corpus_path("tierpod-dmarc-report-converter/pkg/dmarc/testdata/test.xml.gz"),
        corpus_path("cry-inc-dmarc-report-viewer/testdata/dmarc-reports/google.xml"),
    ];
    let mut args = vec!["reports", "--json"];
    args.extend(files.iter().map(String::as_str));
    let out = dmarc_lens(&args, None);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON object");
    let statuses: Vec<&str> =
        json["files"].as_array().expect("files").iter().map(|f| f["status"].as_str().unwrap_or("")).collect();
    assert_eq!(statuses, vec!["ok", "duplicate", "ok"]);
    assert_eq!(json["files"][0]["kind"], "aggregate");
    assert_eq!(json["files"][0]["reports"], 1);
    assert!(json["files"][0]["diagnostics"].is_array());
    let totals = &json["totals"];
    for key in ["files", "reports", "records", "messages", "dmarc_pass", "dmarc_fail", "duplicates"] {
        assert!(totals[key].is_u64(), "totals.{key}");
    }
    assert_eq!(
        (totals["files"].as_u64(), totals["reports"].as_u64(), totals["duplicates"].as_u64()),
        (Some(3), Some(2), Some(1))
    );
    assert_eq!(
        totals["messages"].as_u64().unwrap_or(0),
        totals["dmarc_pass"].as_u64().unwrap_or(0) + totals["dmarc_fail"].as_u64().unwrap_or(0)
    );
    for source in json["sources"].as_array().expect("sources") {
        assert!(source["ip"].is_string() && source["messages"].is_u64() && source["dmarc_pass"].is_u64());
        assert!(["aligned", "unaligned", "failing"].contains(&source["class"].as_str().unwrap_or("")));
    }
}

#[test]
fn reports_exit_status_says_whether_every_file_was_read() {
    let refused = dmarc_lens(&["reports", &corpus_path("parsedmarc/samples/empty.xml")], None);
    assert_eq!(refused.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&refused.stdout).contains("refused"));
    assert_eq!(dmarc_lens(&["reports", "/nonexistent/report.xml"], None).status.code(), Some(2));
    assert_eq!(dmarc_lens(&["reports"], None).status.code(), Some(2));
}

#[test]
fn reports_export_parsedmarc_json_and_csv() {
    let dir = std::env::temp_dir().join(format!("dmarc-lens-export-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let hostile = dir.join("hostile.xml");
    std::fs::write(
        &hostile,
        "<feedback><report_metadata><org_name>=HYPERLINK(\"http://x\",\"y\")</org_name><email>a@b.example</email>\
         <report_id>h1</report_id><date_range><begin>1700000000</begin><end>1700086399</end></date_range></report_metadata>\
         <policy_published><domain>example.com</domain><p>none</p></policy_published><record><row><source_ip>192.0.2.1</source_ip>\
         <count>2</count><policy_evaluated><disposition>none</disposition><dkim>pass</dkim><spf>fail</spf></policy_evaluated></row>\
         <identifiers><header_from>example.com</header_from></identifiers><auth_results><dkim><domain>example.com</domain>\
         <selector>s1</selector><result>pass</result></dkim><spf><domain>a,b.example</domain><result>fail</result></spf></auth_results></record></feedback>",
    )
    .expect("write report");
    let netease = corpus_path(
        "opendmarc/libopendmarc/tests/testfiles/163.com!example.com!1337270400!1337356799.20120518163.xml",
    );
    let csv_path = dir.join("out.csv");
    let json_path = dir.join("out.json");
    let run = |format: &str, out: &std::path::Path| {
        let out = out.to_string_lossy().to_string();
        let hostile = hostile.to_string_lossy().to_string();
        dmarc_lens(&["reports", "--export", format, "--out", &out, &hostile, &netease], None)
    };
    assert_eq!(run("csv", &csv_path).status.code(), Some(0));
    assert_eq!(run("parsedmarc-json", &json_path).status.code(), Some(0));

    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json_path).expect("json")).expect("JSON");
    let reports = json.as_array().expect("a list of reports");
    assert_eq!(reports.len(), 2);
    let first = &reports[0];
    assert_eq!(first["report_metadata"]["begin_date"], "2023-11-14 22:13:20");
    let record = &first["records"][0];
    assert_eq!(record["alignment"], serde_json::json!({"spf": false, "dkim": true, "dmarc": true}));
    assert_eq!(record["source"]["ip_address"], "192.0.2.1");
    assert_eq!(record["auth_results"]["dkim"][0]["selector"], "s1");
    let rows: usize = reports.iter().map(|r| r["records"].as_array().map_or(0, Vec::len)).sum();

    let csv = std::fs::read_to_string(&csv_path).expect("csv");
    let lines: Vec<&str> = csv.lines().collect();
    assert!(lines[0].starts_with("xml_schema,org_name,org_email,org_extra_contact_info,report_id,begin_date"));
    assert_eq!(lines.len(), 1 + rows, "one row per record");
    // A formula from a report is kept as text, quoted where it holds commas.
    assert!(lines[1].starts_with("draft,\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\","), "{}", lines[1]);
    assert!(lines[1].contains(",\"a,b.example\","), "{}", lines[1]);
    let _ = std::fs::remove_dir_all(&dir);

    assert_eq!(
        dmarc_lens(&["reports", "--export", "xml", "--out", "x", &netease], None).status.code(),
        Some(2)
    );
    assert_eq!(dmarc_lens(&["reports", "--export", "csv", &netease], None).status.code(), Some(2));
}

/// `dmarc-lens reports` over every file in corpus folders, run from the
/// corpora folder so the names in the output are the same on every machine.
/// Each folder comes with the suffix its files must have ("" for any).
fn reports_golden(golden_name: &str, folders: &[(&str, &str)]) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora");
    let mut files = Vec::new();
    for (folder, suffix) in folders {
        let entries = std::fs::read_dir(root.join(folder)).unwrap_or_else(|e| panic!("{folder}: {e}"));
        for entry in entries.flatten() {
            if entry.path().is_file() && entry.file_name().to_string_lossy().ends_with(suffix) {
                files.push(format!("{folder}/{}", entry.file_name().to_string_lossy()));
            }
        }
    }
    files.sort();
    let out = Command::new(env!("CARGO_BIN_EXE_dmarc-lens"))
        .arg("reports")
        .args(&files)
        .current_dir(&root)
        .output()
        .expect("the dmarc-lens binary runs");
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", String::from_utf8_lossy(&out.stderr));
    golden(golden_name, &String::from_utf8_lossy(&out.stdout));
}

#[test]
fn golden_summary_of_parsedmarc_aggregate_samples() {
    reports_golden("reports-parsedmarc.txt", &[("parsedmarc/samples/aggregate", "")]);
}

#[test]
fn golden_summary_of_mail_auth_feedback_reports() {
    reports_golden("reports-mail-auth.txt", &[("mail-auth/resources/dmarc-feedback", "")]);
}

#[test]
fn golden_summary_of_cry_inc_opendmarc_and_tierpod_reports() {
    reports_golden(
        "reports-cry-inc-opendmarc-tierpod.txt",
        &[
            ("cry-inc-dmarc-report-viewer/testdata/dmarc-reports", ""),
            ("cry-inc-dmarc-report-viewer/testdata/smtp-tls-reports", ""),
            ("opendmarc/libopendmarc/tests/testfiles", ".xml"),
            ("tierpod-dmarc-report-converter/pkg/dmarc/testdata", ""),
        ],
    );
}

#[test]
fn golden_summary_of_tls_and_failure_report_mails() {
    reports_golden(
        "reports-tls-and-failure.txt",
        &[("mail-auth/resources/tlsrpt", ".eml"), ("mail-auth/resources/arf", ".eml")],
    );
}

mod check {
    use super::*;
    use dmarc_lens_doh_fixture::{fixture_zones, DohServer};

    fn check(server: &DohServer, args: &[&str]) -> Output {
        let url = server.url();
        let mut all = vec!["check", "--doh", url.as_str()];
        all.extend_from_slice(args);
        dmarc_lens(&all, None)
    }

    #[test]
    fn a_healthy_domain_reads_as_good_and_exits_0() {
        let server = DohServer::start(fixture_zones().expect("zones"));
        let out = check(&server, &["healthy.test"]);
        let text = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(0), "{text}\n{}", String::from_utf8_lossy(&out.stderr));
        assert!(text.starts_with("healthy.test: good."), "{text}");
        assert!(text.contains("v=DMARC1; p=reject"), "{text}");
        assert!(text.contains("1 of 10 DNS lookups"), "{text}");
        assert!(text.contains("google (rsa): 2048 bits"), "{text}");
    }

    #[test]
    fn json_has_the_documented_fields_and_errors_exit_1() {
        let server = DohServer::start(fixture_zones().expect("zones"));
        let out = check(&server, &["--json", "--ip", "192.0.2.1", "overbudget.test"]);
        assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON object");
        for key in ["record", "source_domain", "effective_policy"] {
            assert!(json["dmarc"].get(key).is_some(), "dmarc.{key}");
        }
        for key in ["record", "lookups", "void_lookups", "tree", "result_for_ip"] {
            assert!(json["spf"].get(key).is_some(), "spf.{key}");
        }
        assert_eq!(json["spf"]["lookups"], 14);
        assert!(json["spf"]["result_for_ip"]["result"].is_string());
        assert!(json["dkim"].is_array() && json["mx"].is_array() && json["report_auth"].is_array());
        let codes: Vec<&str> =
            json["diagnostics"].as_array().expect("list").iter().filter_map(|d| d["code"].as_str()).collect();
        assert!(codes.contains(&"check-spf-lookup-limit"), "{codes:?}");
        assert!(json["queries"].as_u64().unwrap_or(0) > 10);
    }

    #[test]
    fn dns_failures_are_findings_not_crashes() {
        let server = DohServer::start(fixture_zones().expect("zones"));
        let out = check(&server, &["--json", "servfail.test"]);
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON object");
        let codes: Vec<&str> =
            json["diagnostics"].as_array().expect("list").iter().filter_map(|d| d["code"].as_str()).collect();
        assert!(codes.contains(&"check-dmarc-lookup-failed"), "{codes:?}");
        // Nothing listens here: every query fails as a network error, and
        // the check still ends with a report.
        let out =
            dmarc_lens(&["check", "--json", "--doh", "http://127.0.0.1:9/dns-query", "example.test"], None);
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON object");
        assert!(json["dmarc"]["record"].is_null());
        assert_eq!(dmarc_lens(&["check"], None).status.code(), Some(2));
        assert_eq!(dmarc_lens(&["check", "--doh", "ftp://x", "a.test"], None).status.code(), Some(2));
    }

    /// With 50 ms added to every query, a domain whose SPF include tree is
    /// three deep: the check takes a few round trips, not one per query.
    /// Prints the numbers; asserts nothing about time.
    #[test]
    fn latency_benchmark_prints_wall_time_and_queries() {
        let server = DohServer::start(fixture_zones().expect("zones"));
        server.set_latency_ms(50);
        let out = check(&server, &["deep3.test"]);
        let text = String::from_utf8_lossy(&out.stdout);
        // The last line is the check's own count and time.
        let last = text.lines().last().unwrap_or("");
        let numbers: Vec<u64> =
            last.split(|c: char| !c.is_ascii_digit()).filter_map(|n| n.parse().ok()).collect();
        assert!(last.contains("DNS queries in"), "{last}");
        let (queries, ms) = (numbers[0], numbers[1]);
        println!(
            "check deep3.test with 50 ms per query: {ms} ms, {queries} queries; \
             bound (3 + 3) x 50 ms = 300 ms; one at a time it would be {} ms",
            queries * 50
        );
        println!("BENCH|live check of deep3.test, 50 ms per DNS query, native|{ms}|ms|");
        assert!(text.contains("6 of 10 DNS lookups"), "{text}");
    }
}

/// The command line's DNS-over-HTTPS resolver against the fixture's
/// transport faults: each one a failure in its own words, nothing hangs.
mod resolver_faults {
    use std::time::Duration;

    use dmarc_lens::check::join::block_on;
    use dmarc_lens::dns::{Answer, DohResolver, Failure, RecordType, Resolver};
    use dmarc_lens_doh_fixture::{fixture_zones, DohServer};

    #[test]
    fn oversized_and_slow_drip_answers_are_given_up_on() {
        let server = DohServer::start(fixture_zones().expect("zones"));
        let resolver = DohResolver::with_timeout(server.url(), Duration::from_millis(700));
        // It stops reading at the largest DNS message.
        assert_eq!(
            block_on(resolver.query("oversized.faults.test", RecordType::Txt)),
            Answer::Failed(Failure::Undecodable(
                "the response is longer than 65,535 bytes, the most a DNS message may be".into()
            ))
        );
        // It gives up on an answer that trickles in, the retry included.
        assert_eq!(
            block_on(resolver.query("slowdrip.faults.test", RecordType::Txt)),
            Answer::Failed(Failure::Timeout)
        );
        // The same name answers other types at once.
        assert!(matches!(
            block_on(resolver.query("slowdrip.faults.test", RecordType::A)),
            Answer::Records(_)
        ));
        for (name, failure) in [
            ("servfail.faults.test", Failure::ServFail),
            ("refused.faults.test", Failure::Refused),
            ("http500.faults.test", Failure::Http(500)),
            ("timeout.faults.test", Failure::Timeout),
        ] {
            assert_eq!(block_on(resolver.query(name, RecordType::Txt)), Answer::Failed(failure), "{name}");
        }
    }
}

mod plan {
    use super::*;

    const LONG_RUA: &str =
        "mailto:dmarc-aggregate-reports-for-example-com@reports.dmarc-analytics-vendor.example";
    const OWN_RUA: &str = "mailto:dmarc-reports-archive@example.com";
    const LONG_RUF: &str =
        "mailto:dmarc-failure-reports-for-example-com@forensics.dmarc-analytics-vendor.example";

    fn json(out: &Output) -> serde_json::Value {
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("one JSON object: {e}"))
    }

    #[test]
    fn json_has_the_documented_shape() {
        let out = dmarc_lens(
            &["plan", "--json", "--domain", "example.com", "--rua", LONG_RUA, "--start", "2026-06-01"],
            None,
        );
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
        let plan = json(&out);
        assert_eq!(plan["domain"], "example.com");
        let stages = plan["stages"].as_array().expect("stages");
        assert_eq!(stages.len(), 7);
        for stage in stages {
            for key in ["name", "why"] {
                assert!(stage[key].as_str().is_some_and(|s| !s.is_empty()), "{key}");
            }
            assert!(stage["min_days"].is_u64());
            assert!(stage["start"].as_str().is_some_and(|s| s.len() == 10), "{}", stage["start"]);
            assert!(stage["exit_criteria"].as_array().is_some_and(|c| !c.is_empty()));
            assert!(stage["rollback"]["name"].is_string() && stage["rollback"]["value"].is_string());
            for record in stage["records"].as_array().expect("records") {
                assert!(record["name"].as_str().is_some_and(|n| n.starts_with("_dmarc.")));
                assert_eq!(record["type"], "TXT");
                assert!(record["ttl"].is_u64() && record["value"].is_string());
            }
        }
        assert_eq!(stages[0]["start"], "2026-06-01");
        assert_eq!(stages[1]["start"], "2026-06-15");
        assert_eq!(stages[0]["records"][0]["value"], format!("v=DMARC1; p=none; np=reject; rua={LONG_RUA}"));
        let extra = plan["extra_records"].as_array().expect("extra_records");
        assert_eq!(extra[0]["name"], "example.com._report._dmarc.reports.dmarc-analytics-vendor.example");
        assert_eq!(extra[0]["value"], "v=DMARC1");
        assert!(plan["notes"].as_array().is_some_and(|n| n.len() > 3));
        assert!(plan["diagnostics"].as_array().is_some_and(Vec::is_empty));
    }

    #[test]
    fn exit_status_2_for_bad_arguments_and_1_for_bad_input() {
        let run = |args: &[&str]| dmarc_lens(args, None);
        let usage = run(&["plan", "--rua", OWN_RUA]);
        assert_eq!(usage.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&usage.stderr).contains("usage: dmarc-lens explain"));
        for bad in [
            &["plan", "--domain", "example.com", "--start", "2026-02-30"][..],
            &["plan", "--domain", "example.com", "--style", "gradual"],
            &["plan", "--domain", "example.com", "--pace", "fast"],
            &["plan", "--domain", "example.com", "--format", "yaml"],
            &["plan", "--domain", "example.com", "--colour"],
            &["plan", "example.com"],
            &["plan", "--domain"],
            &["plan", "--domain", "example.com", "--receives-mail"],
        ] {
            assert_eq!(run(bad).status.code(), Some(2), "{bad:?}");
        }
        let date = run(&["plan", "--domain", "example.com", "--start", "2026-02-30"]);
        assert!(String::from_utf8_lossy(&date.stderr).contains("2026-02 has 28 days"));

        // Input the plan cannot use: printed as findings, exit 1.
        let invalid = run(&["plan", "--json", "--domain", "not a domain", "--rua", OWN_RUA]);
        assert_eq!(invalid.status.code(), Some(1));
        let plan = json(&invalid);
        assert_eq!(plan["diagnostics"][0]["code"], "plan-domain-invalid");
        assert!(plan["stages"].as_array().is_some_and(Vec::is_empty));
        let blind = run(&["plan", "--domain", "example.com", "--start", "2026-06-01"]);
        assert_eq!(blind.status.code(), Some(1));
        assert!(String::from_utf8_lossy(&blind.stdout).contains("error[plan-rua-missing]"));
        // Warnings alone do not fail.
        let parked = run(&["plan", "--parked", "--domain", "parked.example", "--start", "2026-06-01"]);
        assert_eq!(parked.status.code(), Some(0));
        assert!(String::from_utf8_lossy(&parked.stdout).contains("warning[plan-parked-rua-missing]"));
    }

    #[test]
    fn the_current_record_subdomains_and_lists_shape_the_plan() {
        let out = dmarc_lens(
            &[
                "plan",
                "--json",
                "--domain",
                "example.com",
                "--current",
                "v=DMARC1; p=quarantine; pct=50; rua=mailto:d@example.com",
                "--style",
                "pct",
                "--lists",
                "--subdomain",
                "news.example.com v=DMARC1; p=none; rua=mailto:d@example.com",
                "--start",
                "2026-06-01",
            ],
            None,
        );
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
        let plan = json(&out);
        assert_eq!(plan["end_policy"], "quarantine");
        let stages = plan["stages"].as_array().expect("stages");
        assert_eq!(stages[0]["name"], "Quarantine 50% (p=quarantine; pct=50)");
        assert_eq!(
            stages[0]["rollback"]["value"],
            "v=DMARC1; p=quarantine; pct=50; rua=mailto:d@example.com"
        );
        let names: Vec<&str> = stages[0]["records"]
            .as_array()
            .expect("records")
            .iter()
            .filter_map(|r| r["name"].as_str())
            .collect();
        assert_eq!(names, ["_dmarc.example.com", "_dmarc.news.example.com"]);
        assert_eq!(stages[0]["records"][1]["value"], "v=DMARC1; p=none; rua=mailto:d@example.com");
    }

    #[test]
    fn ics_is_written_beside_the_plan() {
        let path = std::env::temp_dir().join(format!("dmarc-lens-plan-{}.ics", std::process::id()));
        let path_text = path.to_string_lossy().to_string();
        let out = dmarc_lens(
            &[
                "plan",
                "--domain",
                "example.com",
                "--rua",
                OWN_RUA,
                "--start",
                "2026-06-01",
                "--ics",
                &path_text,
            ],
            None,
        );
        assert_eq!(out.status.code(), Some(0));
        let calendar = std::fs::read_to_string(&path).expect("the .ics file");
        let _ = std::fs::remove_file(&path);
        assert!(calendar.starts_with("BEGIN:VCALENDAR\r\n") && calendar.ends_with("END:VCALENDAR\r\n"));
        assert_eq!(calendar.matches("BEGIN:VEVENT\r\n").count(), 7);
        assert!(calendar.contains("DTSTART;VALUE=DATE:20260615\r\n"));
        let unwritable = dmarc_lens(
            &["plan", "--domain", "example.com", "--rua", OWN_RUA, "--ics", "/nonexistent/dir/plan.ics"],
            None,
        );
        assert_eq!(unwritable.status.code(), Some(2));
    }

    #[test]
    fn golden_plan_as_bind_zone_lines() {
        let out = dmarc_lens(
            &[
                "plan",
                "--domain",
                "example.com",
                "--rua",
                LONG_RUA,
                "--rua",
                OWN_RUA,
                "--ruf",
                LONG_RUF,
                "--subdomain",
                "news.example.com",
                "--start",
                "2026-06-01",
            ],
            None,
        );
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
        let text = String::from_utf8_lossy(&out.stdout);
        // The record is over 255 bytes: two strings in one record.
        assert!(text.contains("\" \""), "{text}");
        golden("plan-bind.txt", &text);
    }

    #[test]
    fn golden_plan_as_terraform() {
        let out = dmarc_lens(
            &[
                "plan",
                "--format",
                "terraform",
                "--domain",
                "example.com",
                "--rua",
                LONG_RUA,
                "--rua",
                OWN_RUA,
                "--ruf",
                LONG_RUF,
                "--style",
                "pct",
                "--pace",
                "conservative",
                "--start",
                "2028-02-20",
            ],
            None,
        );
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("\\\"\\\""), "Route 53's chunk join: {text}");
        golden("plan-terraform.txt", &text);
    }

    #[test]
    fn golden_parked_kit_as_terraform() {
        let out = dmarc_lens(
            &[
                "plan",
                "--parked",
                "--format",
                "terraform",
                "--domain",
                "parked.example",
                "--rua",
                "mailto:dmarc@example.com",
                "--start",
                "2026-06-01",
            ],
            None,
        );
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("records = [\"0 .\"]"), "{text}");
        golden("plan-parked-terraform.txt", &text);
    }
}
