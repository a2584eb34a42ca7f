//! A minimal W3C WebDriver client over chromedriver: one headless Chromium
//! per [`Browser`], closed when it is dropped.
//!
//! Waiting is always "until this is true, or fail after a generous limit",
//! never a fixed sleep that a slow machine could turn into a flaky failure.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use ureq::Agent;

/// The key W3C WebDriver uses for element references.
const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

/// How long a wait may take before the test fails: generous, because a
/// loaded CI machine is slow, and a wait returns as soon as it is satisfied.
pub const WAIT: Duration = Duration::from_secs(20);

/// A page element.
#[derive(Clone, Debug)]
pub struct Element(String);

/// One headless Chromium session.
pub struct Browser {
    agent: Agent,
    base: String,
    driver: Child,
    _profile: TempDir,
}

/// A directory removed when dropped (Chromium's fresh profile).
struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port on 127.0.0.1")
}

impl Browser {
    /// Starts chromedriver and a headless Chromium with a fresh profile.
    pub fn start() -> Browser {
        let chromedriver = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into());
        let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
        let port = free_port();
        let driver = Command::new(&chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| {
                panic!("cannot start {chromedriver}: {e} (./x test installs chromium-driver)")
            });
        let agent: Agent = Agent::config_builder()
            .timeout_global(Some(Duration::from_secs(120)))
            .http_status_as_error(false)
            .build()
            .into();
        let base = format!("http://127.0.0.1:{port}");
        let started = Instant::now();
        loop {
            let ready = agent
                .get(&format!("{base}/status"))
                .call()
                .ok()
                .and_then(|mut r| r.body_mut().read_json::<Value>().ok())
                .is_some_and(|v| v["value"]["ready"] == true);
            if ready {
                break;
            }
            assert!(started.elapsed() < WAIT, "chromedriver did not become ready on port {port}");
            std::thread::sleep(Duration::from_millis(50));
        }
        let profile = std::env::temp_dir().join(format!("dmarc-lens-e2e-{}-{port}", std::process::id()));
        let downloads = profile.join("downloads");
        let capabilities = json!({
            "capabilities": { "alwaysMatch": {
                "browserName": "chrome",
                "goog:loggingPrefs": { "browser": "ALL", "performance": "ALL" },
                "goog:chromeOptions": {
                    "binary": chromium,
                    "prefs": {
                        "download.default_directory": downloads.to_string_lossy(),
                        "download.prompt_for_download": false,
                    },
                    "args": [
                        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        "--disable-dev-shm-usage", "--window-size=1280,900",
                        // Tests never leave 127.0.0.1: every other host name
                        // fails to resolve (the Domain page's MTA-STS fetch
                        // would otherwise ask the system resolver).
                        "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
                        format!("--user-data-dir={}", profile.display()),
                    ]
                }
            }}
        });
        let mut browser = Browser { agent, base, driver, _profile: TempDir(profile) };
        let session = browser.call("POST", "/session", Some(capabilities));
        let id = session["sessionId"].as_str().expect("a WebDriver session id").to_string();
        browser.base = format!("{}/session/{id}", browser.base);
        browser
    }

    /// Sends one command; returns its `value`, panicking on a WebDriver error.
    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let url = format!("{}{}", self.base, path);
        let response = match (method, body) {
            ("GET", _) => self.agent.get(&url).call(),
            ("DELETE", _) => self.agent.delete(&url).call(),
            (_, body) => self.agent.post(&url).send_json(body.unwrap_or_else(|| json!({}))),
        };
        let mut response = response.unwrap_or_else(|e| panic!("WebDriver {method} {path}: {e}"));
        let value: Value = response.body_mut().read_json().unwrap_or(Value::Null);
        let value = value.get("value").cloned().unwrap_or(value);
        if let Some(error) = value.get("error").and_then(Value::as_str) {
            panic!("WebDriver {method} {path}: {error}: {}", value["message"]);
        }
        value
    }

    /// Opens `url`.
    pub fn goto(&self, url: &str) {
        self.call("POST", "/url", Some(json!({ "url": url })));
    }

    /// Where this browser saves downloads.
    pub fn downloads(&self) -> PathBuf {
        self._profile.0.join("downloads")
    }

    /// Waits for a finished download named `name` and returns its bytes.
    pub fn downloaded(&self, name: &str) -> Vec<u8> {
        let path = self.downloads().join(name);
        self.wait_until(&format!("the download {name}"), |_| path.is_file());
        std::fs::read(&path).unwrap_or_default()
    }

    /// A PNG of the viewport (for looking at a failure).
    pub fn screenshot(&self) -> Vec<u8> {
        let b64 = self.call("GET", "/screenshot", None);
        dmarc_lens::report::mime::decode_base64(b64.as_str().unwrap_or("").as_bytes()).bytes
    }

    /// The page's current address.
    pub fn current_url(&self) -> String {
        self.call("GET", "/url", None).as_str().unwrap_or_default().to_string()
    }

    /// The first element matching `inner` inside the shadow root of the
    /// first element matching `host` (W3C WebDriver shadow roots), if any.
    pub fn find_in_shadow(&self, host: &str, inner: &str) -> Option<Element> {
        let host = self.find(host)?;
        let shadow = self.call("GET", &format!("/element/{}/shadow", host.0), None);
        let shadow = shadow.get("shadow-6066-11e4-a52e-4f735466cecf")?.as_str()?.to_string();
        let url = format!("{}/shadow/{shadow}/element", self.base);
        let body = json!({ "using": "css selector", "value": inner });
        let mut response = self.agent.post(&url).send_json(body).ok()?;
        let value: Value = response.body_mut().read_json().ok()?;
        value["value"][ELEMENT_KEY].as_str().map(|id| Element(id.to_string()))
    }

    /// Waits for [`Browser::find_in_shadow`] to find something.
    pub fn wait_in_shadow(&self, host: &str, inner: &str) -> Element {
        self.wait_until(&format!("{inner} inside {host}"), |b| b.find_in_shadow(host, inner).is_some());
        self.find_in_shadow(host, inner).unwrap_or_else(|| panic!("{inner} inside {host}"))
    }

    /// Runs `script` asynchronously: it ends by calling the last of its
    /// `arguments` with the result.
    pub fn execute_async(&self, script: &str, args: Vec<Value>) -> Value {
        self.call("POST", "/execute/async", Some(json!({ "script": script, "args": args })))
    }

    /// How many times the page fetched a file whose address ends in
    /// `name` (its Resource Timing entries).
    pub fn fetched(&self, name: &str) -> u64 {
        self.execute(
            "return performance.getEntriesByType('resource').filter(e => e.name.endsWith(arguments[0])).length;",
            vec![Value::from(name)],
        )
        .as_u64()
        .unwrap_or(u64::MAX)
    }

    /// Sends a Chrome DevTools Protocol command through chromedriver (e.g.
    /// `Emulation.setEmulatedMedia` for a dark colour scheme).
    pub fn cdp(&self, command: &str, params: Value) -> Value {
        self.call("POST", "/goog/cdp/execute", Some(json!({ "cmd": command, "params": params })))
    }

    /// Grants the page a permission, e.g. `clipboard-read` (WebDriver
    /// Permissions, which chromedriver implements).
    pub fn grant(&self, name: &str) {
        self.call(
            "POST",
            "/permissions",
            Some(json!({ "descriptor": { "name": name }, "state": "granted" })),
        );
    }

    /// The clipboard's text, read by the page (grant `clipboard-read` first);
    /// a read the browser refuses comes back as `error: …`.
    pub fn clipboard_text(&self) -> String {
        let script = "const done = arguments[arguments.length - 1];
                      navigator.clipboard.readText().then(done, e => done('error: ' + e));";
        let value = self.call("POST", "/execute/async", Some(json!({ "script": script, "args": [] })));
        value.as_str().unwrap_or_default().to_string()
    }

    /// Runs `script` (a function body; arguments in `arguments`) in the page.
    pub fn execute(&self, script: &str, args: Vec<Value>) -> Value {
        self.call("POST", "/execute/sync", Some(json!({ "script": script, "args": args })))
    }

    /// The text content of every element matching `css`.
    pub fn texts(&self, css: &str) -> Vec<String> {
        let value = self.execute(
            "return Array.from(document.querySelectorAll(arguments[0])).map(e => e.textContent);",
            vec![json!(css)],
        );
        value
            .as_array()
            .map(|items| items.iter().filter_map(|v| v.as_str().map(str::to_string)).collect())
            .unwrap_or_default()
    }

    /// The first element matching `css`, if any.
    pub fn find(&self, css: &str) -> Option<Element> {
        let found = self.call("POST", "/elements", Some(json!({ "using": "css selector", "value": css })));
        found.as_array()?.first()?.get(ELEMENT_KEY)?.as_str().map(|id| Element(id.to_string()))
    }

    /// The WebDriver id of the first element matching `css` (to pass an
    /// element to [`Browser::execute`]).
    pub fn element_id(&self, css: &str) -> String {
        self.wait_for(css).0
    }

    /// Waits until `condition` holds, or fails the test saying what was
    /// awaited and showing the page's text.
    pub fn wait_until(&self, what: &str, condition: impl Fn(&Browser) -> bool) {
        let started = Instant::now();
        while !condition(self) {
            if started.elapsed() > WAIT {
                let body = self.execute("return document.body ? document.body.innerText : '';", vec![]);
                panic!("timed out waiting for {what}\n--- page text ---\n{}", body.as_str().unwrap_or(""));
            }
            std::thread::sleep(Duration::from_millis(25));
        }
    }

    /// Waits for an element matching `css` and returns it.
    pub fn wait_for(&self, css: &str) -> Element {
        self.wait_until(&format!("an element matching {css:?}"), |b| b.find(css).is_some());
        self.find(css).unwrap_or_else(|| panic!("{css:?} vanished"))
    }

    /// Clicks `element`.
    pub fn click(&self, element: &Element) {
        self.call("POST", &format!("/element/{}/click", element.0), None);
    }

    /// Empties a text field.
    pub fn clear(&self, element: &Element) {
        self.call("POST", &format!("/element/{}/clear", element.0), None);
    }

    /// Types `text` into `element` as key presses.
    pub fn type_text(&self, element: &Element, text: &str) {
        self.call("POST", &format!("/element/{}/value", element.0), Some(json!({ "text": text })));
    }

    /// Presses keys on whatever has focus, as a person would (WebDriver
    /// key actions: real key events, so `:focus-visible` and default
    /// actions apply). `keys` is text, or WebDriver key codes such as
    /// [`Browser::TAB`] and [`Browser::ENTER`].
    pub fn press(&self, keys: &str) {
        let actions: Vec<Value> = keys
            .chars()
            .flat_map(|c| {
                let key = c.to_string();
                [json!({ "type": "keyDown", "value": key }), json!({ "type": "keyUp", "value": key })]
            })
            .collect();
        self.call(
            "POST",
            "/actions",
            Some(json!({ "actions": [{ "type": "key", "id": "keyboard", "actions": actions }] })),
        );
    }

    /// The Tab key, for [`Browser::press`].
    pub const TAB: &'static str = "\u{E004}";
    /// The Enter key, for [`Browser::press`].
    pub const ENTER: &'static str = "\u{E007}";

    /// The rendered text of `element`.
    pub fn text(&self, element: &Element) -> String {
        self.call("GET", &format!("/element/{}/text", element.0), None)
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// A DOM property of `element` (e.g. `value`).
    pub fn property(&self, element: &Element, name: &str) -> Value {
        self.call("GET", &format!("/element/{}/property/{name}", element.0), None)
    }

    /// The URL of every network request the pages made since the last call
    /// (from chromedriver's performance log: `Network.requestWillBeSent`),
    /// in order, workers' and the page's alike.
    pub fn requests(&self) -> Vec<String> {
        let entries = self.call("POST", "/se/log", Some(json!({ "type": "performance" })));
        entries
            .as_array()
            .map(|items| {
                items
                    .iter()
                    .filter_map(|e| serde_json::from_str::<Value>(e["message"].as_str()?).ok())
                    .filter(|m| m["message"]["method"] == "Network.requestWillBeSent")
                    .filter_map(|m| m["message"]["params"]["request"]["url"].as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The browser console's messages since the last call (chromedriver's
    /// log endpoint), as `LEVEL message` lines.
    pub fn console(&self) -> Vec<String> {
        let entries = self.call("POST", "/se/log", Some(json!({ "type": "browser" })));
        entries
            .as_array()
            .map(|items| {
                items
                    .iter()
                    .map(|e| {
                        format!(
                            "{} {}",
                            e["level"].as_str().unwrap_or("?"),
                            e["message"].as_str().unwrap_or("")
                        )
                    })
                    .collect()
            })
            .unwrap_or_default()
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let url = self.base.clone();
        let _ = self.agent.delete(&url).call();
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}
