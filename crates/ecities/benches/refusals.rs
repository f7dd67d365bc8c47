//! Refusals (issue 21): how many bad inbox POSTs per second the node turns
//! away — the node's floor under a flood — against a minimal axum handler
//! (answers 202, does no work) measured in the same run.
//!
//! The real `ecities serve` of this profile runs on a temporary SQLite
//! database, pinned to one core with `taskset`; the minimal handler runs
//! in a child process pinned to the same core; the load generator (this
//! process) runs on the other core: 64 keep-alive HTTP/1.1 connections,
//! each sending the same prepared request again as soon as the answer is
//! read. Every answer is checked: a status other than the expected one
//! counts as an error.
//!
//! Kinds of bad request, each to the shared inbox (`/inbox`) and to an
//! actor's own inbox (`/actors/bench/inbox`):
//! - **unsigned**: no `Signature` header;
//! - **stale**: signed, but its signed `Date` is two hours old;
//! - **bad digest**: signed, with a `Digest` that is not the body's;
//! - **unknown key, host down**: a well-formed signature whose key id is
//!   on a host that does not answer (`localhost:1`, connection refused);
//! - **unknown key, actor unknown**: the key id's host answers 404.
//!
//! The node's inbox rate limit (`federation.inbox_requests_per_second`,
//! `federation.inbox_burst`) also budgets the key fetches that unknown keys
//! cause, per client address: a flood of unknown keys from one address is
//! mostly answered 429. So the node runs twice: with the limit as
//! configured by default (50/s, burst 500), and with it raised (100,000/s)
//! so that every unknown key costs a fetch — the floor of the checks
//! themselves.
//!
//! Run: `cargo bench -p ecities --bench refusals`
//! (`REFUSALS_SECONDS`, default 3, per measurement; `REFUSALS_ROUNDS`,
//! default 3; `REFUSALS_CONNECTIONS`, default 64).

use std::collections::BTreeMap;
use std::io::BufRead;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use url::Url;

const BIN: &str = env!("CARGO_BIN_EXE_ecities");

fn cores() -> usize {
    std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1)
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn schedstat_ns(path: &str) -> Option<u64> {
    std::fs::read_to_string(path).ok()?.split_whitespace().next()?.parse().ok()
}

/// CPU nanoseconds used so far by the live threads of process `pid`.
fn process_cpu_ns(pid: u32) -> u64 {
    std::fs::read_dir(format!("/proc/{pid}/task"))
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|t| schedstat_ns(&format!("{}/schedstat", t.path().display())))
        .sum()
}

/// `taskset -c CORE` in front of a command when the machine has cores to
/// spare, else the command as is.
fn pinned(core: Option<usize>, program: &str) -> Command {
    match core {
        Some(core) => {
            let mut cmd = Command::new("taskset");
            cmd.args(["-c", &core.to_string(), program]);
            cmd
        }
        None => Command::new(program),
    }
}

/// The minimal handler's process: `POST /inbox` reads the body and answers
/// 202 with no other work; every other path 404. Prints its port.
async fn minimal_server() {
    let app = axum::Router::new()
        .route("/inbox", axum::routing::post(|_body: axum::body::Bytes| async { axum::http::StatusCode::ACCEPTED }));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    println!("{}", listener.local_addr().expect("addr").port());
    let _ = axum::serve(listener, app).await;
}

struct Process(Child);

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("port")
}

fn node_command(dir: &std::path::Path, port: u16, core: Option<usize>, args: &[&str]) -> Command {
    let mut cmd = pinned(core, BIN);
    cmd.args(args)
        .current_dir(dir)
        .env_remove("ECITIES_CONFIG")
        .env("ECITIES_BIND", format!("127.0.0.1:{port}"))
        .env("ECITIES_PUBLIC_URL", format!("http://localhost:{port}"))
        .env("ECITIES_DATABASE_URL", format!("sqlite://{}/data/ecities.db", dir.display()))
        // Loopback fetches allowed, so that an unknown key's host is
        // really asked (outside dev mode the fetch is refused unsent).
        .env("ECITIES_DEV_MODE", "1")
        .env("ECITIES_LOG", "warn");
    cmd
}

/// A running node with one local actor (`bench`).
struct Node {
    process: Process,
    port: u16,
    _dir: tempfile::TempDir,
}

impl Node {
    async fn start(core: Option<usize>, config: Option<&str>) -> Self {
        let dir = tempfile::tempdir().expect("dir");
        let port = free_port();
        let with_config = |mut cmd: Command| {
            if let Some(text) = config {
                let path = dir.path().join("ecities.toml");
                std::fs::write(&path, text).expect("config");
                cmd.env("ECITIES_CONFIG", path);
            }
            cmd
        };
        let out = with_config(node_command(
            dir.path(),
            port,
            None,
            &["actor", "create", "--kind", "city", "--name", "bench"],
        ))
        .output()
        .expect("ecities actor create");
        assert!(out.status.success(), "actor create: {}", String::from_utf8_lossy(&out.stderr));
        let child = with_config(node_command(dir.path(), port, core, &["serve"]))
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("ecities serve");
        let node = Self { process: Process(child), port, _dir: dir };
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let up =
                reqwest::get(format!("http://127.0.0.1:{port}/healthz")).await.is_ok_and(|r| r.status().is_success());
            if up {
                break;
            }
            assert!(Instant::now() < deadline, "the node did not start");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        node
    }

    fn pid(&self) -> u32 {
        self.process.0.id()
    }
}

/// An inbox POST as bytes on the wire, with the status it must get.
struct Probe {
    name: String,
    bytes: Arc<Vec<u8>>,
    expected: Vec<u16>,
}

/// A Create of a Note, about the size of a real one (~1.6 KB).
fn activity(actor: &Url) -> Vec<u8> {
    let content = "A city's practice, reported to its followers. ".repeat(24);
    serde_json::json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": format!("{actor}/activities/1"),
        "type": "Create",
        "actor": actor,
        "to": ["https://www.w3.org/ns/activitystreams#Public"],
        "object": {
            "id": format!("{actor}/notes/1"),
            "type": "Note",
            "attributedTo": actor,
            "content": content,
            "published": "2026-12-02T03:00:00Z"
        }
    })
    .to_string()
    .into_bytes()
}

fn request_bytes(path: &str, host: &str, headers: &[(String, String)], body: &[u8]) -> Vec<u8> {
    let mut head = format!("POST {path} HTTP/1.1\r\nhost: {host}\r\ncontent-length: {}\r\n", body.len());
    for (k, v) in headers {
        if k != "host" {
            head.push_str(&format!("{k}: {v}\r\n"));
        }
    }
    head.push_str("\r\n");
    let mut bytes = head.into_bytes();
    bytes.extend_from_slice(body);
    bytes
}

/// The bad requests for a node at `port`, to inbox `path`. `answering` is
/// a host that answers 404 to any actor fetch.
fn probes(port: u16, path: &str, answering: &str) -> Vec<Probe> {
    const CT: &str = "application/activity+json";
    let host = format!("localhost:{port}");
    let target = Url::parse(&format!("http://{host}{path}")).expect("url");
    let keys = ecities_federation::keys::generate_keypair().expect("keys");
    let signed = |actor: &Url, body: &[u8]| -> Vec<(String, String)> {
        let key = ecities_federation::signatures::SigningKey::from_pem(actor, &keys.private_pem).expect("key");
        let mut h = key.sign("POST", &target, Some(body), Some(CT)).expect("sign");
        h.retain(|(k, _)| k != "host");
        h
    };
    let down = Url::parse("http://localhost:1/actors/ghost").expect("url");
    let unknown = Url::parse(&format!("http://{answering}/actors/ghost")).expect("url");
    let body = activity(&down);

    let unsigned = vec![("content-type".to_owned(), CT.to_owned())];
    let mut stale = signed(&down, &body);
    let two_hours_ago = SystemTime::now() - Duration::from_secs(2 * 3600);
    for (k, v) in &mut stale {
        if k == "date" {
            *v = httpdate::fmt_http_date(two_hours_ago);
        }
    }
    let mut bad_digest = signed(&down, &body);
    for (k, v) in &mut bad_digest {
        if k == "digest" {
            *v = ecities_federation::signatures::digest_header(b"another body");
        }
    }
    let host_down = signed(&down, &body);
    let unknown_body = activity(&unknown);
    let actor_unknown = signed(&unknown, &unknown_body);
    let probe = |name: &str, headers: &[(String, String)], body: &[u8], expected: &[u16]| Probe {
        name: format!("{name}, {}", if path == "/inbox" { "shared inbox" } else { "actor's inbox" }),
        bytes: Arc::new(request_bytes(path, &host, headers, body)),
        expected: expected.to_vec(),
    };
    vec![
        probe("unsigned", &unsigned, &body, &[401]),
        probe("stale Date", &stale, &body, &[401]),
        probe("bad Digest", &bad_digest, &body, &[401]),
        probe("unknown key, host down", &host_down, &body, &[401, 429]),
        probe("unknown key, actor unknown", &actor_unknown, &unknown_body, &[401, 429]),
    ]
}

/// What a load window gave: answers per status, and failures to connect
/// or read.
#[derive(Default)]
struct Window {
    answers: BTreeMap<u16, u64>,
    broken: u64,
    seconds: f64,
    server_cpu_ns: u64,
}

impl Window {
    fn total(&self) -> u64 {
        self.answers.values().sum()
    }

    fn rate(&self) -> f64 {
        self.total() as f64 / self.seconds
    }

    fn unexpected(&self, expected: &[u16]) -> u64 {
        self.broken + self.answers.iter().filter(|(s, _)| !expected.contains(s)).map(|(_, n)| n).sum::<u64>()
    }
}

/// Reads one HTTP/1.1 answer; its status, and whether the server closes
/// the connection after it.
async fn read_answer(stream: &mut tokio::net::TcpStream, buf: &mut Vec<u8>) -> std::io::Result<(u16, bool)> {
    buf.clear();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = std::str::from_utf8(&buf[..head_end]).map_err(|_| std::io::Error::other("head"))?;
    let status: u16 =
        head.split(' ').nth(1).and_then(|s| s.parse().ok()).ok_or_else(|| std::io::Error::other("status"))?;
    let mut length = None;
    let mut close = false;
    for line in head.lines().skip(1) {
        if let Some((k, v)) = line.split_once(':') {
            if k.eq_ignore_ascii_case("content-length") {
                length = v.trim().parse::<usize>().ok();
            } else if k.eq_ignore_ascii_case("connection") && v.trim().eq_ignore_ascii_case("close") {
                close = true;
            } else if k.eq_ignore_ascii_case("transfer-encoding") {
                return Err(std::io::Error::other("chunked answers are not read by this generator"));
            }
        }
    }
    let mut left = length.unwrap_or(0).saturating_sub(buf.len() - head_end);
    while left > 0 {
        let n = stream.read(&mut chunk[..left.min(4096)]).await?;
        if n == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        left -= n;
    }
    Ok((status, close))
}

/// `connections` keep-alive connections sending `request` back to back for
/// `seconds` (after a warm-up second), counting the answers.
async fn flood(port: u16, request: Arc<Vec<u8>>, connections: usize, seconds: f64, server: u32) -> Window {
    let counting = Arc::new(AtomicBool::new(false));
    let stop = Arc::new(AtomicBool::new(false));
    let statuses: Arc<Vec<AtomicU64>> = Arc::new((0..600).map(|_| AtomicU64::new(0)).collect());
    let broken = Arc::new(AtomicU64::new(0));
    let mut tasks = Vec::new();
    for _ in 0..connections {
        let (request, counting, stop, statuses, broken) =
            (request.clone(), counting.clone(), stop.clone(), statuses.clone(), broken.clone());
        tasks.push(tokio::spawn(async move {
            let mut buf = Vec::with_capacity(8192);
            'connect: while !stop.load(Ordering::Relaxed) {
                let Ok(mut stream) = tokio::net::TcpStream::connect(("127.0.0.1", port)).await else {
                    if counting.load(Ordering::Relaxed) {
                        broken.fetch_add(1, Ordering::Relaxed);
                    }
                    tokio::time::sleep(Duration::from_millis(10)).await;
                    continue;
                };
                let _ = stream.set_nodelay(true);
                while !stop.load(Ordering::Relaxed) {
                    let answer = match stream.write_all(&request).await {
                        Ok(()) => read_answer(&mut stream, &mut buf).await,
                        Err(e) => Err(e),
                    };
                    let counted = counting.load(Ordering::Relaxed);
                    match answer {
                        Ok((status, close)) => {
                            if counted {
                                statuses[usize::from(status).min(599)].fetch_add(1, Ordering::Relaxed);
                            }
                            if close {
                                continue 'connect;
                            }
                        }
                        Err(_) => {
                            if counted && !stop.load(Ordering::Relaxed) {
                                broken.fetch_add(1, Ordering::Relaxed);
                            }
                            continue 'connect;
                        }
                    }
                }
            }
        }));
    }
    tokio::time::sleep(Duration::from_secs(1)).await;
    let cpu_before = process_cpu_ns(server);
    let started = Instant::now();
    counting.store(true, Ordering::SeqCst);
    tokio::time::sleep(Duration::from_secs_f64(seconds)).await;
    counting.store(false, Ordering::SeqCst);
    let elapsed = started.elapsed().as_secs_f64();
    let server_cpu_ns = process_cpu_ns(server).saturating_sub(cpu_before);
    stop.store(true, Ordering::SeqCst);
    for t in tasks {
        let _ = tokio::time::timeout(Duration::from_secs(30), t).await;
    }
    let answers = statuses
        .iter()
        .enumerate()
        .filter_map(|(s, n)| {
            let n = n.load(Ordering::SeqCst);
            (n > 0).then(|| (u16::try_from(s).unwrap_or(0), n))
        })
        .collect();
    Window { answers, broken: broken.load(Ordering::SeqCst), seconds: elapsed, server_cpu_ns }
}

/// The median and range of repeated measurements.
struct Spread {
    median: f64,
    min: f64,
    max: f64,
}

impl Spread {
    fn of(values: impl IntoIterator<Item = f64>) -> Self {
        let mut v: Vec<f64> = values.into_iter().collect();
        v.sort_by(f64::total_cmp);
        Self { median: v[v.len() / 2], min: v[0], max: v[v.len() - 1] }
    }
}

impl std::fmt::Display for Spread {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.max < 20.0 {
            write!(f, "{:.2} ({:.2}–{:.2})", self.median, self.min, self.max)
        } else {
            write!(f, "{:.0} ({:.0}–{:.0})", self.median, self.min, self.max)
        }
    }
}

/// One line of the result: a kind of request against one server setting.
#[derive(Default)]
struct Row {
    rate: Vec<f64>,
    ratio: Vec<f64>,
    cpu_us: Vec<f64>,
    answers: BTreeMap<u16, u64>,
    unexpected: u64,
}

impl Row {
    fn add(&mut self, w: &Window, minimal: f64, expected: &[u16]) {
        self.rate.push(w.rate());
        self.ratio.push(w.rate() / minimal);
        self.cpu_us.push(w.server_cpu_ns as f64 / 1e3 / w.total().max(1) as f64);
        for (s, n) in &w.answers {
            *self.answers.entry(*s).or_insert(0) += n;
        }
        self.unexpected += w.unexpected(expected);
    }
}

fn main() {
    if std::env::var("REFUSALS_MINIMAL").is_ok() {
        let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("runtime");
        return rt.block_on(minimal_server());
    }
    // Servers on core 0, the load generator (this process) on the last.
    let (server_core, generator_core) = if cores() >= 2 { (Some(0), Some(cores() - 1)) } else { (None, None) };
    if let Some(core) = generator_core {
        let ok = Command::new("taskset")
            .args(["-a", "-p", "-c", &core.to_string(), &std::process::id().to_string()])
            .stdout(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        assert!(ok, "could not pin the load generator with taskset");
    }
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    rt.block_on(bench(server_core));
}

async fn bench(core: Option<usize>) {
    let seconds = env_number("REFUSALS_SECONDS", 3) as f64;
    let rounds = env_number("REFUSALS_ROUNDS", 3).max(1) as usize;
    let connections = env_number("REFUSALS_CONNECTIONS", 64).max(1) as usize;

    let exe = std::env::current_exe().expect("exe");
    let mut minimal = pinned(core, &exe.display().to_string())
        .env("REFUSALS_MINIMAL", "1")
        .stdout(Stdio::piped())
        .spawn()
        .expect("minimal server");
    let mut line = String::new();
    std::io::BufReader::new(minimal.stdout.take().expect("stdout")).read_line(&mut line).expect("port");
    let minimal_port: u16 = line.trim().parse().expect("port");
    let minimal = Process(minimal);
    let answering = format!("localhost:{minimal_port}");
    let minimal_request = {
        let body = activity(&Url::parse("http://localhost:1/actors/ghost").expect("url"));
        let headers = [("content-type".to_owned(), "application/activity+json".to_owned())];
        Arc::new(request_bytes("/inbox", &answering, &headers, &body))
    };

    let settings: [(&str, Option<&str>); 2] = [
        ("inbox limit as configured (50/s, burst 500)", None),
        (
            "inbox limit raised (100,000/s)",
            Some("[federation]\ninbox_requests_per_second = 100000\ninbox_burst = 1000000\n"),
        ),
    ];
    let mut nodes = Vec::new();
    for (_, config) in &settings {
        nodes.push(Node::start(core, *config).await);
    }
    let node_probes: Vec<Vec<Probe>> = nodes
        .iter()
        .map(|n| {
            let mut all = probes(n.port, "/inbox", &answering);
            all.extend(probes(n.port, "/actors/bench/inbox", &answering));
            all
        })
        .collect();

    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!(
        "refusals: {connections} keep-alive connections, {seconds} s per measurement, {rounds} rounds; servers {}, load generator {}; load average at start: {}",
        core.map_or("unpinned".to_owned(), |c| format!("pinned to core {c}")),
        if core.is_some() { "on another core" } else { "unpinned" },
        load.split_whitespace().take(3).collect::<Vec<_>>().join(" ")
    );
    let mut minimal_row = Row::default();
    let mut rows: Vec<Vec<Row>> = node_probes.iter().map(|p| p.iter().map(|_| Row::default()).collect()).collect();
    for round in 1..=rounds {
        // The ceiling first in each round, then every kind: ratios are
        // taken within the round (this machine's speed drifts).
        let m = flood(minimal_port, minimal_request.clone(), connections, seconds, minimal.0.id()).await;
        let ceiling = m.rate();
        minimal_row.add(&m, ceiling, &[202]);
        println!("round {round}: minimal handler {ceiling:.0}/s");
        for (i, node) in nodes.iter().enumerate() {
            for (j, probe) in node_probes[i].iter().enumerate() {
                let w = flood(node.port, probe.bytes.clone(), connections, seconds, node.pid()).await;
                println!(
                    "round {round}: {} — {}: {:.0}/s ({:.0} % of the minimal handler), {:.1} µs server CPU per answer, answers {:?}, unexpected {}",
                    settings[i].0,
                    probe.name,
                    w.rate(),
                    100.0 * w.rate() / ceiling,
                    w.server_cpu_ns as f64 / 1e3 / w.total().max(1) as f64,
                    w.answers,
                    w.unexpected(&probe.expected)
                );
                rows[i][j].add(&w, ceiling, &probe.expected);
            }
        }
    }

    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!("load average at the end: {}", load.split_whitespace().take(3).collect::<Vec<_>>().join(" "));
    println!("medians of {rounds} rounds (min–max); target: every kind ≥ 30 % of the minimal handler");
    println!("| setting | request | answers/s | ÷ minimal handler | server CPU per answer | statuses | unexpected |");
    println!("|---|---|---|---|---|---|---|");
    println!(
        "| — | minimal axum handler (202, no work) | {} | 100 % | {} µs | {:?} | {} |",
        Spread::of(minimal_row.rate.iter().copied()),
        Spread::of(minimal_row.cpu_us.iter().copied()),
        minimal_row.answers,
        minimal_row.unexpected
    );
    let mut unexpected = minimal_row.unexpected;
    for (i, (setting, _)) in settings.iter().enumerate() {
        for (j, probe) in node_probes[i].iter().enumerate() {
            let r = &rows[i][j];
            let ratio = Spread::of(r.ratio.iter().map(|x| 100.0 * x));
            println!(
                "| {setting} | {} | {} | {ratio} % {} | {} µs | {:?} | {} |",
                probe.name,
                Spread::of(r.rate.iter().copied()),
                if ratio.median >= 30.0 { "(met)" } else { "(not met)" },
                Spread::of(r.cpu_us.iter().copied()),
                r.answers,
                r.unexpected
            );
            unexpected += r.unexpected;
        }
    }
    drop(nodes);
    drop(minimal);
    assert_eq!(unexpected, 0, "every bad request got its expected 4xx, and the minimal handler 202");
}
