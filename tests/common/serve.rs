//! A harness for `portico serve`: runs the real binary on a project, talks HTTP/1.1 to it over
//! plain `TcpStream`s, and listens to its live-reload events.
//!
//! `Server::start` waits for the `serving at http://127.0.0.1:PORT/` line and kills the server
//! when dropped (also when a test panics). `Events` is one `/__portico/events` connection read by
//! a thread that parses each SSE event into a name and JSON data.

use std::collections::BTreeMap;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::Value;

/// What `serve` adds to every HTML page (see `src/serve/http.rs`): this start of a script
/// element, possibly with more attributes, closed by `</script>`.
pub const LIVE_SCRIPT: &str = "<script src=\"/__portico/live.js\"";

/// Long enough for a debug build of the sample portal on a busy two-core machine.
pub const START_TIMEOUT: Duration = Duration::from_secs(60);
/// How long a test waits for something that should happen after an edit.
pub const EVENT_TIMEOUT: Duration = Duration::from_secs(10);
const IO_TIMEOUT: Duration = Duration::from_secs(30);

/// A running `portico serve`.
pub struct Server {
    child: Child,
    /// `127.0.0.1:PORT`.
    pub addr: String,
    /// `http://127.0.0.1:PORT/`, as printed.
    pub url: String,
    pub port: u16,
    pub root: PathBuf,
    stderr: Arc<Mutex<String>>,
}

/// `serve` exited before it printed its URL.
#[derive(Debug)]
pub struct Failed {
    pub status: Option<ExitStatus>,
    pub stderr: String,
}

impl Server {
    /// `portico --root ROOT serve --port 0`.
    pub fn start(root: &Path) -> Server {
        Server::start_with(root, &[])
    }

    /// `portico --root ROOT serve --port 0 EXTRA...`.
    pub fn start_with(root: &Path, extra: &[&str]) -> Server {
        let mut args = vec!["--port", "0"];
        args.extend_from_slice(extra);
        match Server::spawn(root, &args) {
            Ok(server) => server,
            Err(failed) => panic!(
                "portico serve did not start ({:?}):\n{}",
                failed.status, failed.stderr
            ),
        }
    }

    /// `portico --root ROOT serve ARGS...`; `Err` when it exits before printing its URL.
    pub fn spawn(root: &Path, args: &[&str]) -> Result<Server, Failed> {
        let mut child = super::portico()
            .arg("--root")
            .arg(root)
            .arg("serve")
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("portico serve starts");
        // Both pipes are drained for the server's whole life: a full pipe would block it.
        let stderr = Arc::new(Mutex::new(String::new()));
        let mut err_pipe = child.stderr.take().unwrap();
        let collected = stderr.clone();
        let stderr_done = std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = err_pipe.read(&mut buf) {
                if n == 0 {
                    break;
                }
                collected
                    .lock()
                    .unwrap()
                    .push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        });
        let (lines, received) = mpsc::channel();
        let out_pipe = child.stdout.take().unwrap();
        std::thread::spawn(move || {
            // Read to the end even when nobody listens any more: a full pipe would block serve.
            for line in BufReader::new(out_pipe).lines() {
                let Ok(line) = line else { break };
                let _ = lines.send(line);
            }
        });
        // The URL is the first (and only) line serve prints on stdout.
        let url = match received.recv_timeout(START_TIMEOUT) {
            Ok(line) => match line.strip_prefix("serving at ") {
                Some(url) => url.trim().to_string(),
                None => {
                    let _ = child.kill();
                    let _ = child.wait();
                    panic!("unexpected line on serve's stdout: {line:?}");
                }
            },
            Err(RecvTimeoutError::Disconnected) => {
                let status = child.wait().ok();
                let _ = stderr_done.join();
                let stderr = stderr.lock().unwrap().clone();
                return Err(Failed { status, stderr });
            }
            Err(RecvTimeoutError::Timeout) => {
                let _ = child.kill();
                let _ = child.wait();
                panic!(
                    "portico serve printed no URL within {START_TIMEOUT:?}:\n{}",
                    stderr.lock().unwrap()
                );
            }
        };
        let addr = url
            .strip_prefix("http://")
            .and_then(|rest| rest.strip_suffix('/'))
            .unwrap_or_else(|| panic!("odd URL {url:?}"))
            .to_string();
        let port = addr.rsplit(':').next().unwrap().parse().unwrap();
        Ok(Server {
            child,
            addr,
            url,
            port,
            root: root.to_path_buf(),
            stderr,
        })
    }

    /// What the server wrote to stderr so far.
    pub fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// `None` while the server runs.
    pub fn exited(&mut self) -> Option<ExitStatus> {
        self.child.try_wait().unwrap()
    }

    /// A request with `method`; panics when the connection fails.
    pub fn request(&self, method: &str, path: &str) -> Response {
        request(&self.addr, method, path)
            .unwrap_or_else(|e| panic!("{method} {path}: {e}\nserver stderr:\n{}", self.stderr()))
    }

    pub fn get(&self, path: &str) -> Response {
        self.request("GET", path)
    }

    pub fn head(&self, path: &str) -> Response {
        self.request("HEAD", path)
    }

    /// `GET path`, which must answer 200; its body as text.
    pub fn page(&self, path: &str) -> String {
        let response = self.get(path);
        assert_eq!(response.status, 200, "GET {path}: {}", response.text());
        response.text()
    }

    /// `/__portico/status`.
    pub fn status(&self) -> Value {
        self.get("/__portico/status").json()
    }

    /// `/__portico/manifest`: every path the site serves.
    pub fn manifest(&self) -> Vec<String> {
        serde_json::from_value(self.get("/__portico/manifest").json()).unwrap()
    }

    /// A new `/__portico/events` connection, once its `hello` arrived (so the server is
    /// subscribed: every later change is seen).
    pub fn events(&self) -> Events {
        Events::connect(&self.addr)
    }

    /// Poll the status until `done` holds; returns that status.
    pub fn wait_status(&self, what: &str, done: impl Fn(&Value) -> bool) -> Value {
        let deadline = Instant::now() + EVENT_TIMEOUT * 2;
        loop {
            let status = self.status();
            if done(&status) {
                return status;
            }
            if Instant::now() > deadline {
                panic!(
                    "status never showed {what}; last: {status}\nserver stderr:\n{}",
                    self.stderr()
                );
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Wait until no build is pending or running and the search index is current. Only
    /// meaningful once the server has seen the change (after its `reload`, say): right after
    /// a write the watcher may not have reported it yet.
    pub fn wait_idle(&self) -> Value {
        self.wait_status("idle", |s| {
            s["busy"] == Value::Bool(false) && s["search_current"] == Value::Bool(true)
        })
    }

    /// Wait until a build newer than `generation` finished and nothing is pending (the watcher
    /// then watches every folder that exists). For changes that reload no page, such as a new
    /// empty folder.
    pub fn wait_generation_after(&self, generation: u64) -> Value {
        self.wait_status(&format!("a generation after {generation}"), |s| {
            s["generation"].as_u64().unwrap() > generation && s["busy"] == Value::Bool(false)
        })
    }

    pub fn generation(&self) -> u64 {
        self.status()["generation"].as_u64().unwrap()
    }

    /// Every file of the site as served (HTML without the live-reload script), by site path.
    pub fn site(&self) -> BTreeMap<String, Vec<u8>> {
        self.manifest()
            .into_iter()
            .map(|path| {
                let response = self.get(&format!("/{}", encode_path(&path)));
                assert_eq!(response.status, 200, "GET /{path}");
                let body = if response.is_html() {
                    strip_live_script(&response.body)
                        .unwrap_or_else(|| panic!("/{path} has no live-reload script"))
                } else {
                    response.body
                };
                (path, body)
            })
            .collect()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The page without the one live-reload script `serve` added; `None` when it is not there
/// exactly once, right before the last `</body>`.
pub fn strip_live_script(html: &[u8]) -> Option<Vec<u8>> {
    let (start, end) = live_script(html)?;
    let mut out = html[..start].to_vec();
    out.extend_from_slice(&html[end..]);
    Some(out)
}

/// Where the live-reload script is in `html` (start and end byte), when it is there exactly
/// once and directly followed by the last `</body>`.
pub fn live_script(html: &[u8]) -> Option<(usize, usize)> {
    let find = |hay: &[u8], needle: &[u8], from: usize| {
        hay.get(from..)?
            .windows(needle.len())
            .position(|w| w == needle)
            .map(|i| i + from)
    };
    let start = find(html, LIVE_SCRIPT.as_bytes(), 0)?;
    if find(html, LIVE_SCRIPT.as_bytes(), start + 1).is_some() {
        return None;
    }
    let end = find(html, b"</script>", start)? + b"</script>".len();
    let last_body = html.windows(7).rposition(|w| w == b"</body>")?;
    (last_body == end).then_some((start, end))
}

/// Percent-encode what may not stand in a request target as it is.
pub fn encode_path(path: &str) -> String {
    let mut out = String::new();
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"/-._~!$&'()*+,;=:@".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// An HTTP response, whole.
#[derive(Debug, Clone)]
pub struct Response {
    pub status: u16,
    /// Names in lower case, in the order received.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }

    pub fn is_html(&self) -> bool {
        self.header("content-type")
            .is_some_and(|t| t.starts_with("text/html"))
    }
}

/// `METHOD path HTTP/1.1` with `Connection: close`, on a new connection to `addr`. The body is
/// read as the headers say (`Content-Length` or chunked); a body shorter than its
/// `Content-Length` is an error, so a truncated page never passes for a page.
pub fn request(addr: &str, method: &str, path: &str) -> io::Result<Response> {
    let stream = connect(addr)?;
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nUser-Agent: portico-tests\r\nAccept: */*\r\nConnection: close\r\n\r\n"
    );
    (&stream).write_all(head.as_bytes())?;
    let mut reader = BufReader::new(stream);
    let (status, headers) = read_head(&mut reader)?;
    let mut response = Response {
        status,
        headers,
        body: Vec::new(),
    };
    if method == "HEAD" || status == 204 || status == 304 || (100..200).contains(&status) {
        return Ok(response);
    }
    if response
        .header("transfer-encoding")
        .is_some_and(|t| t.to_ascii_lowercase().contains("chunked"))
    {
        Chunked::new(reader).read_to_end(&mut response.body)?;
    } else if let Some(length) = response.header("content-length") {
        let length: usize = length
            .trim()
            .parse()
            .map_err(|_| invalid(format!("bad content-length {length:?}")))?;
        response.body = vec![0; length];
        reader.read_exact(&mut response.body).map_err(|e| {
            io::Error::new(
                e.kind(),
                format!("body shorter than its content-length {length}: {e}"),
            )
        })?;
    } else {
        reader.read_to_end(&mut response.body)?;
    }
    Ok(response)
}

/// Send `bytes` as they are and read what comes back until the server closes the connection
/// (or stays silent for `IO_TIMEOUT`). For requests too odd for `request`.
pub fn raw(addr: &str, bytes: &[u8]) -> io::Result<Vec<u8>> {
    let mut stream = connect(addr)?;
    stream.write_all(bytes)?;
    let mut out = Vec::new();
    stream.read_to_end(&mut out)?;
    Ok(out)
}

/// The status code of a raw response, if it starts like one.
pub fn raw_status(response: &[u8]) -> Option<u16> {
    let text = std::str::from_utf8(response.get(..12)?).ok()?;
    text.strip_prefix("HTTP/1.")?.get(2..5)?.parse().ok()
}

fn connect(addr: &str) -> io::Result<TcpStream> {
    let stream = TcpStream::connect(addr)?;
    stream.set_read_timeout(Some(IO_TIMEOUT))?;
    stream.set_write_timeout(Some(IO_TIMEOUT))?;
    Ok(stream)
}

fn invalid(message: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, message)
}

/// The status line and headers.
fn read_head(reader: &mut impl BufRead) -> io::Result<(u16, Vec<(String, String)>)> {
    let mut line = String::new();
    if reader.read_line(&mut line)? == 0 {
        return Err(io::Error::new(
            io::ErrorKind::UnexpectedEof,
            "connection closed before a response",
        ));
    }
    let status = line
        .strip_prefix("HTTP/1.1 ")
        .or_else(|| line.strip_prefix("HTTP/1.0 "))
        .and_then(|rest| rest.get(..3))
        .and_then(|code| code.parse().ok())
        .ok_or_else(|| invalid(format!("bad status line {line:?}")))?;
    let mut headers = Vec::new();
    loop {
        line.clear();
        if reader.read_line(&mut line)? == 0 {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "connection closed in the headers",
            ));
        }
        let header = line.trim_end_matches(['\r', '\n']);
        if header.is_empty() {
            return Ok((status, headers));
        }
        let (name, value) = header
            .split_once(':')
            .ok_or_else(|| invalid(format!("bad header {header:?}")))?;
        headers.push((name.trim().to_ascii_lowercase(), value.trim().to_string()));
    }
}

/// A chunked body as a plain stream.
struct Chunked<R> {
    inner: R,
    left: usize,
    done: bool,
}

impl<R: BufRead> Chunked<R> {
    fn new(inner: R) -> Self {
        Chunked {
            inner,
            left: 0,
            done: false,
        }
    }
}

impl<R: BufRead> Read for Chunked<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.done || buf.is_empty() {
            return Ok(0);
        }
        if self.left == 0 {
            let mut line = String::new();
            if self.inner.read_line(&mut line)? == 0 {
                return Err(io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    "connection closed inside a chunked body",
                ));
            }
            let size = line.trim_end().split(';').next().unwrap_or("").trim();
            self.left = usize::from_str_radix(size, 16)
                .map_err(|_| invalid(format!("bad chunk size line {line:?}")))?;
            if self.left == 0 {
                // Trailers, up to the empty line.
                loop {
                    line.clear();
                    if self.inner.read_line(&mut line)? == 0 || line.trim_end().is_empty() {
                        break;
                    }
                }
                self.done = true;
                return Ok(0);
            }
        }
        let want = buf.len().min(self.left);
        let n = self.inner.read(&mut buf[..want])?;
        if n == 0 {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "connection closed inside a chunk",
            ));
        }
        self.left -= n;
        if self.left == 0 {
            let mut crlf = [0u8; 2];
            self.inner.read_exact(&mut crlf)?;
        }
        Ok(n)
    }
}

/// One live-reload event.
#[derive(Debug, Clone)]
pub struct Event {
    pub name: String,
    /// The data as JSON (a string when it is not JSON).
    pub data: Value,
    /// When the reader thread received it.
    pub at: Instant,
}

impl Event {
    /// For a `reload` or `css` event: whether it names `path`, or every page (`paths: null`).
    pub fn covers(&self, path: &str) -> bool {
        match &self.data["paths"] {
            Value::Null => true,
            Value::Array(paths) => paths.iter().any(|p| p == path),
            _ => false,
        }
    }

    /// For a `reload` or `css` event: whether it names `path` explicitly.
    pub fn names(&self, path: &str) -> bool {
        self.data["paths"]
            .as_array()
            .is_some_and(|paths| paths.iter().any(|p| p == path))
    }
}

/// An open `/__portico/events` connection.
pub struct Events {
    received: Receiver<io::Result<Event>>,
    stream: TcpStream,
    /// The first event of the connection.
    pub hello: Event,
    /// Every event after `hello` taken from the connection so far, for failure messages.
    pub log: Vec<Event>,
}

impl Events {
    /// Connect and wait for `hello`.
    pub fn connect(addr: &str) -> Events {
        let stream = TcpStream::connect(addr).expect("connect for events");
        let head = format!(
            "GET /__portico/events HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\nCache-Control: no-cache\r\n\r\n"
        );
        (&stream).write_all(head.as_bytes()).unwrap();
        let reading = stream.try_clone().unwrap();
        let (send, received) = mpsc::channel();
        std::thread::spawn(move || {
            if let Err(e) = read_events(reading, &send) {
                let _ = send.send(Err(e));
            }
        });
        let mut events = Events {
            received,
            stream,
            hello: Event {
                name: String::new(),
                data: Value::Null,
                at: Instant::now(),
            },
            log: Vec::new(),
        };
        let hello = events
            .next(EVENT_TIMEOUT)
            .expect("an event right after connecting");
        assert_eq!(hello.name, "hello", "first event: {hello:?}");
        assert!(hello.data["server"].is_string(), "{hello:?}");
        assert!(hello.data["generation"].is_u64(), "{hello:?}");
        events.hello = hello;
        events.log.clear();
        events
    }

    /// The next event, or `None` when none arrives within `timeout`. Panics when the
    /// connection broke.
    pub fn next(&mut self, timeout: Duration) -> Option<Event> {
        match self.received.recv_timeout(timeout) {
            Ok(Ok(event)) => {
                self.log.push(event.clone());
                Some(event)
            }
            Ok(Err(e)) => panic!(
                "event stream broke: {e}; events so far:\n{}",
                self.summary()
            ),
            Err(RecvTimeoutError::Timeout) => None,
            Err(RecvTimeoutError::Disconnected) => {
                panic!("event stream closed; events so far:\n{}", self.summary())
            }
        }
    }

    /// The events so far, one per line, long data cut short.
    pub fn summary(&self) -> String {
        self.log
            .iter()
            .map(|e| {
                let data = e.data.to_string();
                let cut: String = data.chars().take(300).collect();
                let more = if cut.len() < data.len() { "…" } else { "" };
                format!("  {} {cut}{more}", e.name)
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// Skip events until one called `name` whose data satisfies `accept`; panics after
    /// `timeout` with every event seen.
    pub fn wait_for(
        &mut self,
        name: &str,
        accept: impl Fn(&Event) -> bool,
        timeout: Duration,
    ) -> Event {
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.next(left) {
                Some(event) if event.name == name && accept(&event) => return event,
                Some(_) => {}
                None => panic!(
                    "no matching {name:?} event within {timeout:?}; events seen:\n{}",
                    self.summary()
                ),
            }
        }
    }

    /// The next `name` event, whatever its data.
    pub fn wait_event(&mut self, name: &str) -> Event {
        self.wait_for(name, |_| true, EVENT_TIMEOUT)
    }

    /// A `reload` that covers `path` (names it, or every page).
    pub fn wait_reload(&mut self, path: &str) -> Event {
        self.wait_for("reload", |e| e.covers(path), EVENT_TIMEOUT)
    }

    /// Every event that arrives within `window`.
    pub fn during(&mut self, window: Duration) -> Vec<Event> {
        let deadline = Instant::now() + window;
        let mut got = Vec::new();
        while let Some(event) = self.next(deadline.saturating_duration_since(Instant::now())) {
            got.push(event);
        }
        got
    }

    /// Wait for reloads of `path` until the served page contains `needle`: an in-place write
    /// can be seen half done, and then a second rebuild follows. Returns the page.
    pub fn wait_page(&mut self, server: &Server, path: &str, needle: &str) -> String {
        let deadline = Instant::now() + EVENT_TIMEOUT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.next(left) {
                Some(event) if event.name == "reload" && event.covers(path) => {
                    let response = server.get(path);
                    if response.status == 200 && response.text().contains(needle) {
                        return response.text();
                    }
                }
                Some(_) => {}
                None => panic!(
                    "{path} never showed {needle:?} within {EVENT_TIMEOUT:?}; events seen:\n{}\nserver stderr:\n{}",
                    self.summary(),
                    server.stderr()
                ),
            }
        }
    }
}

impl Drop for Events {
    fn drop(&mut self) {
        let _ = self.stream.shutdown(Shutdown::Both);
    }
}

/// Read an SSE response and send each event.
fn read_events(stream: TcpStream, send: &mpsc::Sender<io::Result<Event>>) -> io::Result<()> {
    let mut reader = BufReader::new(stream);
    let (status, headers) = read_head(&mut reader)?;
    let header = |name: &str| {
        headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
    };
    if status != 200 || !header("content-type").is_some_and(|t| t.starts_with("text/event-stream"))
    {
        return Err(invalid(format!(
            "events: status {status}, headers {headers:?}"
        )));
    }
    let body: Box<dyn BufRead + Send> = if header("transfer-encoding")
        .is_some_and(|t| t.to_ascii_lowercase().contains("chunked"))
    {
        Box::new(BufReader::new(Chunked::new(reader)))
    } else {
        Box::new(reader)
    };
    let mut name = String::new();
    let mut data: Vec<String> = Vec::new();
    for line in body.lines() {
        let line = line?;
        if line.is_empty() {
            if !data.is_empty() || !name.is_empty() {
                let text = data.join("\n");
                let event = Event {
                    name: if name.is_empty() {
                        "message".into()
                    } else {
                        std::mem::take(&mut name)
                    },
                    data: serde_json::from_str(&text).unwrap_or(Value::String(text)),
                    at: Instant::now(),
                };
                data.clear();
                if send.send(Ok(event)).is_err() {
                    return Ok(());
                }
            }
        } else if line.starts_with(':') {
            // A keep-alive comment.
        } else {
            let (field, value) = line.split_once(':').unwrap_or((&line, ""));
            let value = value.strip_prefix(' ').unwrap_or(value);
            match field {
                "event" => name = value.to_string(),
                "data" => data.push(value.to_string()),
                _ => {}
            }
        }
    }
    Err(io::Error::new(
        io::ErrorKind::UnexpectedEof,
        "the server closed the event stream",
    ))
}

/// Write `text` to `path` as editors that save atomically do: a hidden temporary file beside
/// it, renamed over it. The watcher ignores the temporary file; readers never see half a file.
pub fn write_atomic(path: &Path, text: &str) {
    let name = path.file_name().unwrap().to_string_lossy();
    let temp = path.with_file_name(format!(".{name}.portico-test.tmp"));
    std::fs::write(&temp, text).unwrap();
    std::fs::rename(&temp, path).unwrap();
}

/// Replace `from` by `to` in the file at `path` (atomically), which must contain it.
pub fn replace_in(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(
        text.contains(from),
        "{} does not contain {from:?}",
        path.display()
    );
    write_atomic(path, &text.replacen(from, to, 1));
}
