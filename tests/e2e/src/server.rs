//! A static file server on 127.0.0.1 for the built site: enough HTTP/1.1
//! for a browser to load pages, scripts, styles and wasm (served as
//! `application/wasm`, which streaming compilation requires).

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread;

/// A running server; stops when dropped.
pub struct Site {
    base: String,
    stop: Arc<AtomicBool>,
    port: u16,
}

/// Where the built site is.
pub fn dist_dir() -> PathBuf {
    match std::env::var_os("DMARC_LENS_DIST") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../dist"),
    }
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "ts" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

impl Site {
    /// Serves the built site (see [`dist_dir`]) on a free port.
    ///
    /// # Panics
    /// When `dist/` has no `index.html`: build it first (`./x test` does).
    pub fn start() -> Site {
        Site::serve(dist_dir())
    }

    /// Serves `root` on a free port of 127.0.0.1.
    pub fn serve(root: PathBuf) -> Site {
        assert!(
            root.join("index.html").is_file(),
            "no built site at {} (run `trunk build --release`; `./x test` does it)",
            root.display()
        );
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let port = listener.local_addr().expect("local address").port();
        let stop = Arc::new(AtomicBool::new(false));
        let stopping = stop.clone();
        thread::spawn(move || {
            for stream in listener.incoming() {
                if stopping.load(Ordering::Relaxed) {
                    break;
                }
                if let Ok(stream) = stream {
                    let root = root.clone();
                    thread::spawn(move || {
                        let _ = answer(stream, &root);
                    });
                }
            }
        });
        Site { base: format!("http://127.0.0.1:{port}/"), stop, port }
    }

    /// The address of the site's index with `suffix` appended (e.g. a hash).
    pub fn url(&self, suffix: &str) -> String {
        format!("{}{}", self.base, suffix)
    }

    /// The origin, `http://127.0.0.1:PORT`.
    pub fn origin(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

impl Drop for Site {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        // Wake the accept loop so it sees the flag.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}

fn answer(stream: TcpStream, root: &Path) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header == "\r\n" || header == "\n" {
            break;
        }
    }
    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or("");
    let target = parts.next().unwrap_or("/");
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let relative = path.trim_start_matches('/');
    let relative = if relative.is_empty() { "index.html" } else { relative };
    let candidate = Path::new(relative);
    let safe = candidate.components().all(|c| matches!(c, Component::Normal(_)));
    let file = root.join(candidate);
    let mut out = stream;
    match (method, safe, std::fs::read(&file)) {
        ("GET" | "HEAD", true, Ok(body)) => {
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nAccess-Control-Allow-Origin: *\r\nConnection: close\r\n\r\n",
                content_type(&file),
                body.len()
            );
            out.write_all(head.as_bytes())?;
            if method == "GET" {
                out.write_all(&body)?;
            }
        }
        _ => {
            let body = b"not found";
            let head = format!(
                "HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            out.write_all(head.as_bytes())?;
            out.write_all(body)?;
        }
    }
    out.flush()
}
