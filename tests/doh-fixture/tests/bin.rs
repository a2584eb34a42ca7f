//! The `doh-fixture` command: its arguments, its errors, and that it serves.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::Duration;

const BIN: &str = env!("CARGO_BIN_EXE_doh-fixture");

fn zones_dir() -> String {
    dmarc_lens_doh_fixture::zones_dir().to_string_lossy().into_owned()
}

/// A zone file of its own for one test, removed when dropped.
struct TempZone(std::path::PathBuf);

impl TempZone {
    fn new(tag: &str, text: &str) -> TempZone {
        let path = std::env::temp_dir().join(format!("doh-fixture-{}-{tag}.zone", std::process::id()));
        std::fs::write(&path, text).unwrap();
        TempZone(path)
    }
}

impl Drop for TempZone {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

#[test]
fn serves_the_zones_it_is_given() {
    let extra = TempZone::new("extra", "$ORIGIN extra.test.\n@ TXT \"from the command line\"\n");
    let mut child = Command::new(BIN)
        .args(["--latency-ms", "1", &zones_dir(), extra.0.to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut url = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut url).unwrap();
    let url = url.trim().to_string();
    let port: u16 = url
        .strip_prefix("http://127.0.0.1:")
        .and_then(|rest| rest.strip_suffix("/dns-query"))
        .unwrap_or_else(|| panic!("{url}"))
        .parse()
        .unwrap();
    // extra.test TXT, by hand: ID 1, one question.
    let mut query = vec![0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 5];
    query.extend_from_slice(b"extra\x04test\x00\x00\x10\x00\x01");
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    write!(
        stream,
        "POST /dns-query HTTP/1.1\r\nContent-Type: application/dns-message\r\nContent-Length: {}\r\n\r\n",
        query.len()
    )
    .unwrap();
    stream.write_all(&query).unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(response.starts_with(b"HTTP/1.1 200 OK\r\n"), "{}", String::from_utf8_lossy(&response));
    assert!(response.ends_with(b"\x15from the command line"), "{response:?}");
}

fn fails_with(args: &[&str], words: &str) {
    let output = Command::new(BIN).args(args).output().unwrap();
    assert_eq!(output.status.code(), Some(2), "{args:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains(words), "{args:?}: {stderr}");
}

#[test]
fn argument_and_zone_errors() {
    fails_with(&[], "no zone files given");
    fails_with(&["--port"], "--port needs a number");
    fails_with(&["--port", "99999", "x"], "not a port number");
    fails_with(&["--latency-ms", "soon", "x"], "not a number of milliseconds");
    fails_with(&["--verbose", "x"], "unknown option --verbose");
    fails_with(&["/nonexistent/zone"], "/nonexistent/zone");
    let broken = TempZone::new("broken", "$ORIGIN broken.test.\n\n@ IN SRV 0 0 25 mail\n");
    let path = broken.0.to_str().unwrap();
    fails_with(&[path], &format!("{path}:3: record type SRV is not supported"));
    let help = Command::new(BIN).arg("--help").output().unwrap();
    assert!(help.status.success());
    assert!(String::from_utf8_lossy(&help.stdout).starts_with("usage: doh-fixture"));
}
