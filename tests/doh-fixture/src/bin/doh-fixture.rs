//! `doh-fixture [--port N] [--latency-ms N] ZONEFILE...`: serves zone files
//! over DNS-over-HTTPS on 127.0.0.1 until interrupted, for manual use and
//! for the browser tests. A directory stands for the zone files in it.

use std::process::ExitCode;

use dmarc_lens_doh_fixture::{load_zones, DohServer};

const USAGE: &str = "usage: doh-fixture [--port N] [--latency-ms N] ZONEFILE|DIRECTORY...";

struct Options {
    port: u16,
    latency_ms: u64,
    paths: Vec<String>,
}

fn options(args: impl IntoIterator<Item = String>) -> Result<Options, String> {
    let mut options = Options { port: 0, latency_ms: 0, paths: Vec::new() };
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--port" => {
                let value = args.next().ok_or("--port needs a number")?;
                options.port = value.parse().map_err(|_| format!("--port {value}: not a port number"))?;
            }
            "--latency-ms" => {
                let value = args.next().ok_or("--latency-ms needs a number")?;
                options.latency_ms = value
                    .parse()
                    .map_err(|_| format!("--latency-ms {value}: not a number of milliseconds"))?;
            }
            "-h" | "--help" => return Err(String::new()),
            other if other.starts_with('-') => return Err(format!("unknown option {other}")),
            _ => options.paths.push(arg),
        }
    }
    if options.paths.is_empty() {
        return Err("no zone files given".into());
    }
    Ok(options)
}

fn main() -> ExitCode {
    let options = match options(std::env::args().skip(1)) {
        Ok(options) => options,
        Err(why) if why.is_empty() => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(why) => {
            eprintln!("doh-fixture: {why}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let zone = match load_zones(&options.paths) {
        Ok(zone) => zone,
        Err(e) => {
            eprintln!("doh-fixture: {e}");
            return ExitCode::from(2);
        }
    };
    let server = match DohServer::bind(zone, options.port) {
        Ok(server) => server,
        Err(e) => {
            eprintln!("doh-fixture: cannot listen on 127.0.0.1:{}: {e}", options.port);
            return ExitCode::from(1);
        }
    };
    server.set_latency_ms(options.latency_ms);
    // The one line scripts wait for, with the address to use.
    println!("{}", server.url());
    loop {
        std::thread::park();
    }
}
