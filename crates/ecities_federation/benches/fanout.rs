//! Fan-out benchmark: one post to 1,000 follower inboxes on loopback.
//!
//! Reports, in one run:
//! (a) the raw signing ceiling of the signer in use (aws-lc-rs RSA-2048 on
//!     every core), and of the `rsa` crate activitypub_federation uses;
//! (b) ecities' database-backed delivery worker (SQLite queue), end to end:
//!     from queuing a post for 1,000 followers to the last arrival, as a
//!     running server does it (median of several posts after a warm-up);
//! (c) activitypub_federation's own `queue_activity` path to the same inboxes.
//!
//! Run: `DANGER_FEDERATION_ALLOW_LOCAL_IP=1 cargo bench -p ecities_federation --bench fanout`
//! (as root it binds the receiver to 127.0.0.1:80, because the library
//! refuses URLs with explicit ports outside its debug mode; otherwise (c)
//! runs in debug mode, which sends one request at a time). With more than
//! one core and `taskset`, the receivers run in a child process on the last
//! core and everything measured on the others.
//!
//! On PostgreSQL: `FANOUT_DB=postgres://postgres@127.0.0.1:5432/postgres`
//! names a server on which the bench creates a scratch database of its own
//! (dropped at the end); (a), (b) and (c) then run with the queue there.
//! Adding `FANOUT_PROCESSES=1,2,4` runs instead the scale-out rounds: that
//! many delivery worker processes (this binary again, with
//! `FANOUT_WORKER=1`) claim from the one queue; one post to
//! `FANOUT_INBOXES` (4,000) followers per round; deliveries per second,
//! every inbox counted at the receiver (exactly once), and the CPU of the
//! workers and of the PostgreSQL server's processes per delivery.

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use tokio::sync::Notify;

use activitypub_federation::activity_queue::queue_activity;
use activitypub_federation::config::Data;
use activitypub_federation::traits::Activity;
use axum::Router;
use axum::routing::{get, post};
use ecities_core::actor::{ActorEndpoints, ActorId, ActorKind, NewLocalActor, RemoteActor};
use ecities_core::follow::FollowState;
use ecities_core::store::{ActorStore, Audience, DeliveryStore, FollowStore, OutgoingActivity};
use ecities_core::time::Timestamp;
use ecities_core::urls::NodeUrls;
use ecities_federation::apub::{FedData, FedError, InstanceSigner};
use ecities_federation::egress::Egress;
use ecities_federation::render::ApubOutbox;
use ecities_federation::signatures::SigningKey;
use ecities_federation::worker::{DeliverySettings, DeliveryWorker, SystemClock};
use ecities_store::{DatabaseUrl, connect, migrate};
use rsa::pkcs1v15::Pkcs1v15Sign;
use rsa::pkcs8::DecodePrivateKey;
use serde::Serialize;
use sha2::{Digest, Sha256};
use url::Url;

/// The allocator `ecities serve` runs with (see the binary's main.rs).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const INBOXES: usize = 1_000;
const SIGNATURES: usize = 1_000;
/// Rounds measured after the warm-up round.
const ROUNDS: usize = 7;

fn cores() -> usize {
    std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1)
}

/// CPU time this thread has used, in nanoseconds (Linux; `None` elsewhere).
fn thread_cpu_ns() -> Option<u64> {
    schedstat_ns("/proc/thread-self/schedstat")
}

/// CPU nanoseconds used so far by each live thread of this process (Linux;
/// empty elsewhere): thread id → (name, nanoseconds).
fn thread_cpu() -> std::collections::BTreeMap<String, (String, u64)> {
    let mut threads = std::collections::BTreeMap::new();
    for task in std::fs::read_dir("/proc/self/task").into_iter().flatten().flatten() {
        let path = task.path();
        let name = std::fs::read_to_string(path.join("comm")).unwrap_or_default().trim().to_owned();
        if let Some(ns) = schedstat_ns(&format!("{}/schedstat", path.display())) {
            threads.insert(task.file_name().to_string_lossy().into_owned(), (name, ns));
        }
    }
    threads
}

/// CPU nanoseconds each thread name used between two [`thread_cpu`]
/// snapshots (a thread that ended in between is not counted).
fn cpu_between(
    before: &std::collections::BTreeMap<String, (String, u64)>,
    after: &std::collections::BTreeMap<String, (String, u64)>,
) -> std::collections::BTreeMap<String, u64> {
    let mut by_name = std::collections::BTreeMap::new();
    for (tid, (name, ns)) in after {
        let earlier = before.get(tid).map_or(0, |(_, ns)| *ns);
        *by_name.entry(name.clone()).or_insert(0) += ns.saturating_sub(earlier);
    }
    by_name
}

fn schedstat_ns(path: &str) -> Option<u64> {
    std::fs::read_to_string(path).ok()?.split_whitespace().next()?.parse().ok()
}

/// Signatures per second with `sign` on every core, and CPU nanoseconds per
/// signature (unaffected by time the machine gives to others).
fn ceiling(sign: impl Fn(&[u8]) + Sync) -> (f64, Option<f64>) {
    let per_thread = SIGNATURES / cores();
    let cpu = std::sync::atomic::AtomicU64::new(0);
    let start = Instant::now();
    std::thread::scope(|s| {
        for t in 0..cores() {
            let (sign, cpu) = (&sign, &cpu);
            s.spawn(move || {
                let before = thread_cpu_ns();
                for i in 0..per_thread {
                    sign(format!("(request-target): post /users/{i}/inbox\nhost: localhost\ndate: {t}").as_bytes());
                }
                if let (Some(a), Some(b)) = (before, thread_cpu_ns()) {
                    cpu.fetch_add(b - a, Ordering::SeqCst);
                }
            });
        }
    });
    let n = (per_thread * cores()) as f64;
    let cpu = cpu.load(Ordering::SeqCst);
    (n / start.elapsed().as_secs_f64(), (cpu > 0).then(|| cpu as f64 / n))
}

#[derive(Debug, Serialize)]
struct BenchActivity {
    id: Url,
    actor: Url,
    #[serde(rename = "type")]
    kind: String,
    object: String,
}

#[async_trait::async_trait]
impl Activity for BenchActivity {
    type DataType = FedData;
    type Error = FedError;
    fn id(&self) -> &Url {
        &self.id
    }
    fn actor(&self) -> &Url {
        &self.actor
    }
    async fn verify(&self, _: &Data<FedData>) -> Result<(), FedError> {
        Ok(())
    }
    async fn receive(self, _: &Data<FedData>) -> Result<(), FedError> {
        Ok(())
    }
}

/// Inbox paths the receiver tallies one by one (`/users/{n}/inbox`, n below this).
const TALLIED: usize = 65_536;

/// The loopback inboxes: numbered paths on one server answering 202 after
/// reading the body, with a counter of what arrived and, per inbox, of how
/// many times (so that a delivery made twice, or never, is seen).
fn receiver_app(count: Arc<AtomicUsize>, arrived: Arc<Notify>) -> Router {
    let tally: Arc<Vec<AtomicU32>> = Arc::new((0..TALLIED).map(|_| AtomicU32::new(0)).collect());
    let (c, a, t) = (count.clone(), arrived.clone(), tally.clone());
    Router::new()
        .route(
            "/users/{n}/inbox",
            post(move |axum::extract::Path(n): axum::extract::Path<usize>, body: axum::body::Bytes| {
                let (c, a, t) = (c.clone(), a.clone(), t.clone());
                async move {
                    // Read the body, as a real inbox does (and so that the
                    // connection stays open for the next request).
                    assert!(!body.is_empty());
                    if let Some(slot) = t.get(n) {
                        slot.fetch_add(1, Ordering::SeqCst);
                    }
                    c.fetch_add(1, Ordering::SeqCst);
                    a.notify_waiters();
                    axum::http::StatusCode::ACCEPTED
                }
            }),
        )
        .route(
            "/count",
            get({
                let c = count.clone();
                move || {
                    let c = c.clone();
                    async move { c.load(Ordering::SeqCst).to_string() }
                }
            }),
        )
        .route(
            // `ONCE MISSING EXTRA` over inboxes 0..n: how many received
            // exactly one activity, none, and how many copies beyond one.
            "/tally/{n}",
            get({
                let t = tally.clone();
                move |axum::extract::Path(n): axum::extract::Path<usize>| {
                    let t = t.clone();
                    async move {
                        let (mut once, mut missing, mut extra) = (0u64, 0u64, 0u64);
                        for slot in t.iter().take(n) {
                            match slot.load(Ordering::SeqCst) {
                                0 => missing += 1,
                                1 => once += 1,
                                k => {
                                    once += 1;
                                    extra += u64::from(k - 1);
                                }
                            }
                        }
                        format!("{once} {missing} {extra}")
                    }
                }
            }),
        )
        .route(
            "/reset",
            post({
                let c = count.clone();
                move || {
                    let (c, t) = (c.clone(), tally.clone());
                    async move {
                        c.store(0, Ordering::SeqCst);
                        for slot in t.iter() {
                            slot.store(0, Ordering::SeqCst);
                        }
                    }
                }
            }),
        )
        .route(
            // Answers once `n` activities have arrived (or after 300 s).
            "/wait/{n}",
            get(move |axum::extract::Path(n): axum::extract::Path<usize>| {
                let (c, a) = (count.clone(), arrived.clone());
                async move {
                    let deadline = Instant::now() + Duration::from_secs(300);
                    while c.load(Ordering::SeqCst) < n && Instant::now() < deadline {
                        let _ = tokio::time::timeout(Duration::from_millis(50), a.notified()).await;
                    }
                    c.load(Ordering::SeqCst).to_string()
                }
            }),
        )
}

/// Binds port 80 when allowed (the library refuses explicit ports outside
/// its debug mode), else any port.
async fn bind_receiver() -> (tokio::net::TcpListener, bool) {
    match tokio::net::TcpListener::bind("127.0.0.1:80").await {
        Ok(l) => (l, true),
        Err(_) => (tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind"), false),
    }
}

/// The receiver process: prints `PORT port80` and serves until killed.
async fn receiver_process() {
    let (listener, port80) = bind_receiver().await;
    println!("{} {port80}", listener.local_addr().expect("addr").port());
    let app = receiver_app(Arc::new(AtomicUsize::new(0)), Arc::new(Notify::new()));
    let _ = axum::serve(listener, app).await;
}

struct Receivers {
    port: u16,
    port80: bool,
    client: reqwest::Client,
    child: Option<std::process::Child>,
}

impl Drop for Receivers {
    fn drop(&mut self) {
        if let Some(child) = &mut self.child {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// With more than one core: starts the receiver process on the last core
/// and pins this process to the others. Runs before this process starts its
/// async runtime, so that the runtime sizes itself (one worker thread per
/// core) for the cores the sender really has, as a server given those cores
/// would.
fn start_receiver_process() -> Option<(std::process::Child, u16, bool)> {
    use std::io::BufRead;
    let total = cores();
    if total < 2 {
        return None;
    }
    let exe = std::env::current_exe().ok()?;
    let mut child = std::process::Command::new("taskset")
        .args(["-c", &(total - 1).to_string()])
        .arg(&exe)
        .env("FANOUT_RECEIVER", "1")
        .stdout(std::process::Stdio::piped())
        .spawn()
        .ok()?;
    let stdout = child.stdout.take().expect("stdout");
    let mut line = String::new();
    std::io::BufReader::new(stdout).read_line(&mut line).expect("receiver port");
    let mut parts = line.split_whitespace();
    let port: u16 = parts.next().and_then(|p| p.parse().ok()).expect("port");
    let port80 = parts.next() == Some("true");
    let pinned = std::process::Command::new("taskset")
        .args(["-a", "-p", "-c", &format!("0-{}", total - 2), &std::process::id().to_string()])
        .stdout(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    assert!(pinned, "could not pin the sender with taskset");
    Some((child, port, port80))
}

impl Receivers {
    async fn start(child: Option<(std::process::Child, u16, bool)>) -> Self {
        let client = reqwest::Client::new();
        if let Some((child, port, port80)) = child {
            return Self { port, port80, client, child: Some(child) };
        }
        let (listener, port80) = bind_receiver().await;
        let port = listener.local_addr().expect("addr").port();
        let app = receiver_app(Arc::new(AtomicUsize::new(0)), Arc::new(Notify::new()));
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Self { port, port80, client, child: None }
    }

    fn control(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// Whether `n` activities arrived (waits up to 300 s).
    async fn wait(&self, n: usize) -> bool {
        let got = self.client.get(self.control(&format!("/wait/{n}"))).send().await.expect("wait");
        got.text().await.ok().and_then(|t| t.parse::<usize>().ok()).is_some_and(|c| c >= n)
    }

    async fn count(&self) -> usize {
        let got = self.client.get(self.control("/count")).send().await.expect("count");
        got.text().await.ok().and_then(|t| t.parse().ok()).unwrap_or(0)
    }

    /// (exactly once, missing, extra copies) over inboxes `0..n`.
    async fn tally(&self, n: usize) -> (u64, u64, u64) {
        let got = self.client.get(self.control(&format!("/tally/{n}"))).send().await.expect("tally");
        let text = got.text().await.unwrap_or_default();
        let v: Vec<u64> = text.split_whitespace().filter_map(|x| x.parse().ok()).collect();
        (v.first().copied().unwrap_or(0), v.get(1).copied().unwrap_or(0), v.get(2).copied().unwrap_or(0))
    }

    async fn reset(&self) {
        self.client.post(self.control("/reset")).send().await.expect("reset");
    }
}

fn main() {
    let runtime = || tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("runtime");
    if std::env::var("FANOUT_RECEIVER").is_ok() {
        return runtime().block_on(receiver_process());
    }
    if std::env::var("FANOUT_WORKER").is_ok() {
        return runtime().block_on(worker_process());
    }
    // The receivers stand for other servers: on a machine with more than
    // one core they run in their own process on the last core, and this
    // process (signer, worker, database, HTTP client) on the others, so
    // that their work does not count as ours. The ceilings below are then
    // measured on our cores only.
    let child = start_receiver_process();
    if std::env::var("FANOUT_PROCESSES").is_ok() {
        return runtime().block_on(scale_out(child));
    }
    runtime().block_on(bench(child));
}

/// The queue's database: a temporary SQLite file, or, with `FANOUT_DB`, a
/// scratch database created on that PostgreSQL server for this run.
struct BenchDb {
    url: DatabaseUrl,
    text: String,
    label: &'static str,
    _dir: tempfile::TempDir,
    postgres: Option<ecities_store::testing::TestDatabase>,
}

impl BenchDb {
    async fn open() -> Self {
        let dir = tempfile::tempdir().expect("dir");
        match std::env::var("FANOUT_DB").ok().filter(|v| !v.trim().is_empty()) {
            Some(server) => {
                let db = ecities_store::testing::TestDatabase::create_postgres(&server)
                    .await
                    .expect("create a scratch database on FANOUT_DB's server");
                let text = db.url.clone();
                Self { url: text.parse().expect("url"), text, label: "PostgreSQL", _dir: dir, postgres: Some(db) }
            }
            None => {
                let text = format!("sqlite://{}/bench.db", dir.path().display());
                Self { url: text.parse().expect("url"), text, label: "SQLite", _dir: dir, postgres: None }
            }
        }
    }

    /// Drops the scratch PostgreSQL database (the SQLite file goes with its
    /// temporary directory).
    async fn close(self) {
        if let Some(db) = self.postgres {
            db.drop_database().await;
        }
    }
}

/// A local actor with `n` remote followers, each with its own inbox
/// `http://{host}/users/{i}/inbox`.
async fn seed_followers(
    store: &ecities_store::SqlStore,
    keys: &ecities_core::actor::KeyPair,
    host: &str,
    n: usize,
) -> ecities_core::actor::Actor {
    use futures::StreamExt;
    let urls = NodeUrls::new(&Url::parse("http://localhost:1").expect("url")).expect("urls");
    let new = NewLocalActor::parse("bench", "city", None, None).expect("actor");
    let actor = store.create_local_actor(&new, &urls.location(&new.name), keys).await.expect("create");
    futures::stream::iter(0..n)
        .for_each_concurrent(8, |i| {
            let actor_id = actor.id;
            async move {
                let follower = store
                    .upsert_remote_actor(&RemoteActor {
                        url: Url::parse(&format!("http://{host}/users/{i}")).expect("url"),
                        name: format!("follower{i}"),
                        host: host.to_owned(),
                        kind: ActorKind::Person,
                        display_name: None,
                        summary: None,
                        profile_url: None,
                        icon_url: None,
                        endpoints: ActorEndpoints {
                            inbox: Url::parse(&format!("http://{host}/users/{i}/inbox")).expect("url"),
                            shared_inbox: None,
                            outbox: None,
                            followers: None,
                            following: None,
                        },
                        public_key_pem: keys.public_pem.clone(),
                        country: None,
                    })
                    .await
                    .expect("follower");
                store.upsert_follow(follower.id, actor_id, FollowState::Accepted, None, &[]).await.expect("follow");
            }
        })
        .await;
    actor
}

/// The delivery worker as (b) runs it: 64 in flight, with the domain
/// policy `ecities serve` runs with (every delivery is checked against the
/// node's block and allow rules; the node's own host, which the policy
/// never checks, is another than the receivers').
fn bench_worker(store: Arc<ecities_store::SqlStore>, wake: Arc<Notify>) -> Arc<DeliveryWorker> {
    let settings = DeliverySettings { concurrency: 64, per_host: 64, ..DeliverySettings::default() };
    let domains = Arc::new(
        ecities_federation::domains::DomainPolicy::new(
            store.clone(),
            &Url::parse("https://sender.example").expect("url"),
            &[],
            &[],
            false,
        )
        .expect("policy"),
    );
    DeliveryWorker::with_domain_policy(
        store,
        Egress::new(true).expect("client"),
        settings,
        Arc::new(SystemClock),
        domains,
    )
    .wake_on(wake)
}

/// A scale-out worker process (`FANOUT_WORKER`): a delivery worker on the
/// database `FANOUT_WORKER_DB`; prints `ready`, then looks at the queue at
/// once for every line on stdin (as if told of a new post; otherwise it
/// would find it at its next poll, within 200 ms) and stops at the end of
/// stdin, after finishing what it has in flight.
async fn worker_process() {
    let url: DatabaseUrl = std::env::var("FANOUT_WORKER_DB").expect("FANOUT_WORKER_DB").parse().expect("url");
    let store = Arc::new(connect(&url, None).await.expect("connect"));
    let wake = Arc::new(Notify::new());
    let worker = bench_worker(store, wake.clone());
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let task = tokio::spawn(worker.run(stopped));
    std::thread::spawn(move || {
        use std::io::BufRead;
        for line in std::io::stdin().lock().lines() {
            if line.is_err() {
                break;
            }
            wake.notify_one();
        }
        let _ = stop.send(true);
    });
    println!("ready");
    let _ = task.await;
}

/// CPU nanoseconds used so far by every live thread of process `pid`.
fn process_cpu_ns(pid: u32) -> u64 {
    std::fs::read_dir(format!("/proc/{pid}/task"))
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|t| schedstat_ns(&format!("{}/schedstat", t.path().display())))
        .sum()
}

/// CPU nanoseconds used so far by the PostgreSQL server's processes that
/// work for the database `db` (each is one thread): pid → (nanoseconds,
/// whether it is a client backend of `db` rather than one of the server's
/// background processes — WAL writer, checkpointer, autovacuum — which
/// other databases on the server share). Other databases' backends (other
/// programs using the same server) are left out.
fn postgres_cpu(db: &str) -> std::collections::HashMap<u32, (u64, bool)> {
    let mut by_pid = std::collections::HashMap::new();
    let ours = format!(" {db} ");
    for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let Some(pid) = entry.file_name().to_str().and_then(|n| n.parse::<u32>().ok()) else { continue };
        let comm = std::fs::read_to_string(format!("/proc/{pid}/comm")).unwrap_or_default();
        if comm.trim() != "postgres" {
            continue;
        }
        let title = String::from_utf8_lossy(&std::fs::read(format!("/proc/{pid}/cmdline")).unwrap_or_default())
            .replace('\0', " ");
        let client = title.contains("127.0.0.1(") || title.contains("[local]") || title.contains("::1(");
        if client && !title.contains(&ours) {
            continue;
        }
        if let Some(ns) = schedstat_ns(&format!("/proc/{pid}/schedstat")) {
            by_pid.insert(pid, (ns, client));
        }
    }
    by_pid
}

/// PostgreSQL CPU nanoseconds between two [`postgres_cpu`] snapshots, as
/// (the database's backends, the server's background processes); a process
/// that started in between counts whole, one that ended not at all.
fn postgres_cpu_between(
    before: &std::collections::HashMap<u32, (u64, bool)>,
    after: &std::collections::HashMap<u32, (u64, bool)>,
) -> (u64, u64) {
    let (mut backends, mut background) = (0, 0);
    for (pid, (ns, client)) in after {
        let used = ns.saturating_sub(before.get(pid).map_or(0, |(ns, _)| *ns));
        if *client {
            backends += used;
        } else {
            background += used;
        }
    }
    (backends, background)
}

/// The database name of a PostgreSQL URL.
fn database_name(url: &str) -> String {
    Url::parse(url).map(|u| u.path().trim_start_matches('/').to_owned()).unwrap_or_default()
}

/// One scale-out worker process.
struct WorkerProcess {
    child: std::process::Child,
    stdin: Option<std::process::ChildStdin>,
}

impl WorkerProcess {
    fn start(db: &str) -> Self {
        use std::io::BufRead;
        let exe = std::env::current_exe().expect("exe");
        let mut child = std::process::Command::new(exe)
            .env("FANOUT_WORKER", "1")
            .env("FANOUT_WORKER_DB", db)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("start a worker process");
        let stdout = child.stdout.take().expect("stdout");
        let mut line = String::new();
        std::io::BufReader::new(stdout).read_line(&mut line).expect("worker ready");
        assert_eq!(line.trim(), "ready", "the worker process did not start");
        let stdin = child.stdin.take();
        Self { child, stdin }
    }

    fn wake(&mut self) {
        use std::io::Write;
        if let Some(stdin) = &mut self.stdin {
            let _ = writeln!(stdin, "go").and_then(|()| stdin.flush());
        }
    }

    fn cpu_ns(&self) -> u64 {
        process_cpu_ns(self.child.id())
    }
}

impl Drop for WorkerProcess {
    fn drop(&mut self) {
        // End of stdin: the worker finishes what it has in flight and stops.
        drop(self.stdin.take());
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// What one scale-out configuration (N worker processes) gave.
struct ScaleRow {
    processes: usize,
    rate: Vec<f64>,
    of_ceiling: Vec<f64>,
    worker_cpu: Vec<f64>,
    postgres_cpu: Vec<f64>,
    postgres_background: Vec<f64>,
    once: u64,
    missing: u64,
    extra: u64,
}

/// N delivery worker processes claiming from one PostgreSQL queue.
async fn scale_out(child: Option<(std::process::Child, u16, bool)>) {
    let receivers = Receivers::start(child).await;
    let processes: Vec<usize> = std::env::var("FANOUT_PROCESSES")
        .unwrap_or_default()
        .split(',')
        .filter_map(|n| n.trim().parse().ok())
        .filter(|n| *n > 0)
        .collect();
    assert!(!processes.is_empty(), "FANOUT_PROCESSES: a list of process counts, e.g. 1,2,4");
    let inboxes: usize = std::env::var("FANOUT_INBOXES").ok().and_then(|n| n.parse().ok()).unwrap_or(4_000);
    assert!((1..=TALLIED).contains(&inboxes), "FANOUT_INBOXES: 1 to {TALLIED}");
    let rounds: usize = std::env::var("FANOUT_ROUNDS").ok().and_then(|n| n.parse().ok()).unwrap_or(5).max(1);
    let db = BenchDb::open().await;
    assert!(db.postgres.is_some(), "FANOUT_PROCESSES needs FANOUT_DB (a PostgreSQL server): SQLite is one process");
    let db_name = database_name(&db.text);
    let store = Arc::new(connect(&db.url, None).await.expect("connect"));
    migrate(&store).await.expect("migrate");

    let keys = ecities_federation::keys::generate_keypair().expect("keys");
    let fast = SigningKey::from_pem(&Url::parse("http://localhost/actors/bench").expect("url"), &keys.private_pem)
        .expect("key");
    let sign_fast = |m: &[u8]| {
        fast.sign_bytes(m).expect("sign");
    };
    let host = if receivers.port80 { "localhost".to_owned() } else { format!("localhost:{}", receivers.port) };
    let actor = seed_followers(&store, &keys, &host, inboxes).await;

    let mut rows = Vec::new();
    let mut post = 0;
    for &n in &processes {
        let mut workers: Vec<WorkerProcess> = (0..n).map(|_| WorkerProcess::start(&db.text)).collect();
        let mut row = ScaleRow {
            processes: n,
            rate: vec![],
            of_ceiling: vec![],
            worker_cpu: vec![],
            postgres_cpu: vec![],
            postgres_background: vec![],
            once: 0,
            missing: 0,
            extra: 0,
        };
        // Round 0 warms up (keys parsed, connections open, statements
        // prepared in every process).
        for round in 0..=rounds {
            let (aws, _) = ceiling(sign_fast);
            receivers.reset().await;
            let delivered_before = store.delivery_stats(Timestamp::now()).await.expect("stats").delivered;
            post += 1;
            let ap_id = Url::parse(&format!("http://localhost:1/activities/{post}")).expect("url");
            let body =
                serde_json::json!({ "id": ap_id, "type": "Create", "actor": actor.url, "object": "x" }).to_string();
            let (pg_before, workers_before) =
                (postgres_cpu(&db_name), workers.iter().map(WorkerProcess::cpu_ns).sum::<u64>());
            let start = Instant::now();
            store
                .enqueue(&OutgoingActivity {
                    ap_id,
                    actor: ActorId(actor.id.0),
                    kind: "Create".into(),
                    body,
                    audience: vec![Audience::FollowersOf(actor.id)],
                })
                .await
                .expect("enqueue");
            for w in &mut workers {
                w.wake();
            }
            assert!(receivers.wait(inboxes).await, "every inbox received the activity");
            let rate = inboxes as f64 / start.elapsed().as_secs_f64();
            let (pg_ns, pg_background_ns) = postgres_cpu_between(&pg_before, &postgres_cpu(&db_name));
            let workers_ns = workers.iter().map(WorkerProcess::cpu_ns).sum::<u64>().saturating_sub(workers_before);
            // Every outcome recorded, then every inbox counted: a copy
            // sent late (a claim made twice) would be seen here.
            loop {
                let stats = store.delivery_stats(Timestamp::now()).await.expect("stats");
                if stats.delivered >= delivered_before + inboxes as i64 {
                    break;
                }
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
            let (once, missing, extra) = receivers.tally(inboxes).await;
            if round > 0 {
                println!(
                    "{n} process(es), round {round}: {rate:.0} deliveries/s ({:.0} % of one core's signing ceiling {aws:.0}/s); CPU per delivery: workers {:.0} µs, PostgreSQL backends {:.0} µs (+ background processes {:.0} µs); inboxes reached once {once}, missing {missing}, extra copies {extra}",
                    100.0 * rate / aws,
                    workers_ns as f64 / 1e3 / inboxes as f64,
                    pg_ns as f64 / 1e3 / inboxes as f64,
                    pg_background_ns as f64 / 1e3 / inboxes as f64,
                );
                row.rate.push(rate);
                row.of_ceiling.push(rate / aws);
                row.worker_cpu.push(workers_ns as f64 / inboxes as f64);
                row.postgres_cpu.push(pg_ns as f64 / inboxes as f64);
                row.postgres_background.push(pg_background_ns as f64 / inboxes as f64);
                row.once += once;
                row.missing += missing;
                row.extra += extra;
            }
        }
        drop(workers);
        rows.push(row);
    }

    println!(
        "scale-out: one post to {inboxes} follower inboxes per round, N delivery worker processes on one PostgreSQL queue; workers on {} core(s), receivers {}; PostgreSQL unpinned; {rounds} rounds, median (min–max)",
        cores(),
        if receivers.child.is_some() { "in their own process on another core" } else { "in the same process" }
    );
    println!(
        "| processes | deliveries/s | ÷ signing ceiling (same cores) | vs 1 process | workers' CPU per delivery | PostgreSQL CPU per delivery: the database's backends + the server's background processes | inboxes reached exactly once / missing / extra copies |"
    );
    println!("|---|---|---|---|---|---|---|");
    let base = rows.first().map(|r| Spread::of(r.rate.iter().copied()).median).unwrap_or(1.0);
    for r in &rows {
        let median = Spread::of(r.rate.iter().copied()).median;
        println!(
            "| {} | {} | {} % | {:.2}× | {} µs | {} + {} µs | {} / {} / {} |",
            r.processes,
            Spread::of(r.rate.iter().copied()),
            Spread::of(r.of_ceiling.iter().map(|x| 100.0 * x)),
            median / base,
            Spread::of(r.worker_cpu.iter().map(|ns| ns / 1e3)),
            Spread::of(r.postgres_cpu.iter().map(|ns| ns / 1e3)),
            Spread::of(r.postgres_background.iter().map(|ns| ns / 1e3)),
            r.once,
            r.missing,
            r.extra,
        );
    }
    let duplicates: u64 = rows.iter().map(|r| r.extra).sum();
    let missing: u64 = rows.iter().map(|r| r.missing).sum();
    drop(store);
    db.close().await;
    assert_eq!((missing, duplicates), (0, 0), "every inbox received each post exactly once");
}

async fn bench(child: Option<(std::process::Child, u16, bool)>) {
    let receivers = Receivers::start(child).await;
    // FANOUT_PROFILE=N: only (b), N measured posts — for `perf record`.
    let profile: Option<usize> = std::env::var("FANOUT_PROFILE").ok().and_then(|n| n.parse().ok());
    let rounds = profile.unwrap_or(ROUNDS);

    let keys = ecities_federation::keys::generate_keypair().expect("keys");
    let actor_url = Url::parse("http://localhost/actors/bench").expect("url");
    let fast = SigningKey::from_pem(&actor_url, &keys.private_pem).expect("key");
    let slow = rsa::RsaPrivateKey::from_pkcs8_pem(&keys.private_pem).expect("key");
    let sign_fast = |m: &[u8]| {
        fast.sign_bytes(m).expect("sign");
    };
    let sign_slow = |m: &[u8]| {
        slow.sign(Pkcs1v15Sign::new::<Sha256>(), &Sha256::digest(m)).expect("sign");
    };
    let host = if receivers.port80 { "localhost".to_owned() } else { format!("localhost:{}", receivers.port) };
    let port80 = receivers.port80;
    let inboxes: Vec<Url> =
        (0..INBOXES).map(|n| Url::parse(&format!("http://{host}/users/{n}/inbox")).expect("url")).collect();

    // (b) ecities as it runs in `ecities serve`: a local actor with 1,000
    // remote followers (each with its own inbox) in SQLite (or the
    // PostgreSQL of `FANOUT_DB`) and a running delivery worker.
    let db = BenchDb::open().await;
    let store = Arc::new(connect(&db.url, None).await.expect("connect"));
    migrate(&store).await.expect("migrate");
    let urls = NodeUrls::new(&Url::parse("http://localhost:1").expect("url")).expect("urls");
    let actor = seed_followers(&store, &keys, &host, INBOXES).await;
    let worker = bench_worker(store.clone(), store.deliveries_queued());
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let task = tokio::spawn(worker.run(stopped));

    // Rounds. This machine is shared: its speed drifts by tens of percent
    // within a minute, so each measured round takes, back to back, (a) the
    // signing ceiling and (b) one post through ecities, and their ratio is
    // computed within the round. Round 0 warms up (keys parsed, HTTP
    // connections open, statements prepared), as in a server that has been
    // running. The library's rounds come after all of ours, so that
    // nothing it leaves running (its queue, its connections) shares the
    // core with ecities.
    let mut r = Rounds::default();
    for round in 0..=rounds {
        let (aws, aws_cpu) = ceiling(sign_fast);

        // (b) One post: the clock starts before its deliveries are queued
        // (one INSERT … SELECT over the followers, as publishing does) and
        // stops when the 1,000th activity has arrived.
        receivers.reset().await;
        let ap_id = Url::parse(&format!("http://localhost:1/activities/{round}")).expect("url");
        let body = serde_json::json!({ "id": ap_id, "type": "Create", "actor": actor.url, "object": "x" }).to_string();
        let pg_before = db.postgres.as_ref().map(|_| postgres_cpu(&database_name(&db.text)));
        let start = Instant::now();
        let threads_before = thread_cpu();
        store
            .enqueue(&OutgoingActivity {
                ap_id,
                actor: ActorId(actor.id.0),
                kind: "Create".into(),
                body,
                audience: vec![Audience::FollowersOf(actor.id)],
            })
            .await
            .expect("enqueue");
        // Timed at the receivers (polling the queue's statistics would load
        // the database the worker is using); then every outcome is checked.
        assert!(receivers.wait(INBOXES).await, "every inbox received the activity");
        let ours = INBOXES as f64 / start.elapsed().as_secs_f64();
        let by_thread = cpu_between(&threads_before, &thread_cpu());
        let pg_ns = pg_before.map(|before| postgres_cpu_between(&before, &postgres_cpu(&database_name(&db.text))));
        let cpu = (!by_thread.is_empty()).then(|| by_thread.values().sum::<u64>() as f64 / INBOXES as f64);
        if round > 0 {
            let per_thread: Vec<String> = by_thread
                .iter()
                .filter(|(_, ns)| **ns > 0)
                .map(|(name, ns)| format!("{name} {:.0} µs", *ns as f64 / 1e3 / INBOXES as f64))
                .collect();
            let pg = pg_ns.map_or(String::new(), |(ns, bg)| {
                format!(
                    "; PostgreSQL backends {:.0} µs (+ background processes {:.0} µs)",
                    ns as f64 / 1e3 / INBOXES as f64,
                    bg as f64 / 1e3 / INBOXES as f64
                )
            });
            println!("round {round}: ecities {ours:.0}/s; CPU per delivery by thread: {}{pg}", per_thread.join(", "));
        }
        loop {
            let stats = store.delivery_stats(Timestamp::now()).await.expect("stats");
            if stats.delivered as usize >= INBOXES * (round + 1) {
                break;
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        let recorded = start.elapsed().as_secs_f64();
        assert_eq!(receivers.tally(INBOXES).await, (INBOXES as u64, 0, 0), "every inbox received the post once");

        if round > 0 {
            r.aws.push(aws);
            r.ours.push(ours);
            r.recorded.push(recorded);
            r.of_ceiling.push(ours / aws);
            if let Some((ns, bg)) = pg_ns {
                r.cpu_postgres.push(ns as f64 / INBOXES as f64);
                r.cpu_postgres_background.push(bg as f64 / INBOXES as f64);
            }
            if let (Some(sig), Some(del)) = (aws_cpu, cpu) {
                r.cpu_signature.push(sig);
                r.cpu_delivery.push(del);
                r.cpu_share.push(sig / del);
            }
        }
    }
    let _ = stop.send(true);
    let _ = task.await;

    let mut cpu_line = if r.cpu_delivery.is_empty() {
        "CPU time per thread is not available here".to_owned()
    } else {
        format!(
            "CPU per delivery {} µs, per signature {} µs: signing is {} % of the sender's CPU",
            Spread::of(r.cpu_delivery.iter().map(|ns| ns / 1e3)),
            Spread::of(r.cpu_signature.iter().map(|ns| ns / 1e3)),
            Spread::of(r.cpu_share.iter().map(|x| 100.0 * x)),
        )
    };
    if !r.cpu_postgres.is_empty() {
        cpu_line += &format!(
            "; PostgreSQL per delivery: the database's backends {} µs, the server's background processes {} µs",
            Spread::of(r.cpu_postgres.iter().map(|ns| ns / 1e3)),
            Spread::of(r.cpu_postgres_background.iter().map(|ns| ns / 1e3))
        );
    }
    if profile.is_some() {
        println!("(b) ecities: {} deliveries per second; {cpu_line}", Spread::of(r.ours));
        drop(store);
        db.close().await;
        return;
    }
    // (c) activitypub_federation's queue_activity, same inboxes: set up
    // only now, so that nothing of it runs during our rounds.
    if port80 {
        // Loopback addresses are refused outside the library's debug mode
        // unless DANGER_FEDERATION_ALLOW_LOCAL_IP is set.
        warn_without_local_ip_variable();
    }
    let fed = FedData {
        store: store.clone(),
        urls: urls.clone(),
        outbox: Arc::new(ApubOutbox::new(urls.clone())),
        domains: Arc::new(
            ecities_federation::domains::DomainPolicy::new(store.clone(), urls.base(), &[], &[], false)
                .expect("policy"),
        ),
        dev_mode: !port80,
        inbox_limit: Default::default(),
        blobs: Arc::new(ecities_store::blobs::LocalBlobs::new(std::env::temp_dir().join("ecities-fanout-media"))),
        media: Default::default(),
        egress: Egress::new(true).expect("client"),
        secure_mode: false,
        replays: Default::default(),
    };
    let signer = InstanceSigner::load(store.as_ref(), actor.clone()).await.expect("signer");
    // The library's production mode (real queue) with plain http allowed;
    // its debug mode would send one request at a time.
    let config = activitypub_federation::config::FederationConfig::builder()
        .domain("localhost:1")
        .app_data(fed)
        .client(Egress::new(true).expect("client").client().clone().into())
        .debug(!port80)
        .allow_http_urls(true)
        .signed_fetch_actor(&signer)
        .build()
        .await
        .expect("config");
    let data = config.to_request_data();

    // (a') and (c): the rsa crate's ceiling and one post through the
    // library, back to back, per round (round 0 warms up).
    for round in 0..=rounds {
        let rsa = ceiling(sign_slow).0;
        let activity = BenchActivity {
            id: Url::parse(&format!("http://localhost:1/library-activities/{round}")).expect("url"),
            actor: actor.url.clone(),
            kind: "Create".into(),
            object: "x".into(),
        };
        receivers.reset().await;
        let start = Instant::now();
        queue_activity(&activity, &signer, inboxes.clone(), &data).await.expect("queue");
        let arrived = if receivers.wait(INBOXES).await { INBOXES } else { receivers.count().await };
        let lib = arrived as f64 / start.elapsed().as_secs_f64();
        if round > 0 {
            r.rsa.push(rsa);
            r.lib.push(lib);
        }
    }

    let (ours_median, lib_median) =
        (Spread::of(r.ours.iter().copied()).median, Spread::of(r.lib.iter().copied()).median);
    println!(
        "fan-out of one post to {INBOXES} follower inboxes on loopback; sender on {} core(s), receivers {}; {rounds} rounds, median (min–max)",
        cores(),
        if receivers.child.is_some() { "in their own process on another core" } else { "in the same process" }
    );
    println!("| path | per second |");
    println!("|---|---|");
    println!("| (a) raw signing ceiling, aws-lc-rs (signer in use) | {} signatures |", Spread::of(r.aws));
    println!("| (a') raw signing ceiling, rsa crate (activitypub_federation) | {} signatures |", Spread::of(r.rsa));
    println!(
        "| (b) ecities delivery worker, {} queue | {} deliveries (all {INBOXES} recorded as delivered after {} s) |",
        db.label,
        Spread::of(r.ours),
        Spread::of(r.recorded)
    );
    println!(
        "| (c) activitypub_federation queue_activity{} | {} deliveries |",
        if port80 { "" } else { " (debug mode: sequential)" },
        Spread::of(r.lib)
    );
    println!("ecities / signing ceiling, per round: {} %", Spread::of(r.of_ceiling.iter().map(|x| 100.0 * x)));
    println!("ecities / library path: {:.1}x (medians)", ours_median / lib_median);
    println!("{cpu_line}");
    drop((data, config, store));
    db.close().await;
}

/// What each measured round gave.
#[derive(Default)]
struct Rounds {
    aws: Vec<f64>,
    rsa: Vec<f64>,
    ours: Vec<f64>,
    lib: Vec<f64>,
    recorded: Vec<f64>,
    of_ceiling: Vec<f64>,
    cpu_signature: Vec<f64>,
    cpu_delivery: Vec<f64>,
    cpu_share: Vec<f64>,
    cpu_postgres: Vec<f64>,
    cpu_postgres_background: Vec<f64>,
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

/// The library needs `DANGER_FEDERATION_ALLOW_LOCAL_IP=1` to deliver to
/// loopback. Edition 2024 makes `set_var` unsafe and the workspace forbids
/// unsafe code, so the variable must come from the environment.
fn warn_without_local_ip_variable() {
    if std::env::var("DANGER_FEDERATION_ALLOW_LOCAL_IP").is_err() {
        eprintln!("note: run with DANGER_FEDERATION_ALLOW_LOCAL_IP=1 so the library accepts loopback inboxes");
    }
}
