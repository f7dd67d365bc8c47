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

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
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

/// The loopback inboxes: 1,000 paths on one server answering 202 after
/// reading the body, with a counter of what arrived.
fn receiver_app(count: Arc<AtomicUsize>, arrived: Arc<Notify>) -> Router {
    let (c, a) = (count.clone(), arrived.clone());
    Router::new()
        .route(
            "/users/{n}/inbox",
            post(move |body: axum::body::Bytes| {
                let (c, a) = (c.clone(), a.clone());
                async move {
                    // Read the body, as a real inbox does (and so that the
                    // connection stays open for the next request).
                    assert!(!body.is_empty());
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
            "/reset",
            post({
                let c = count.clone();
                move || {
                    let c = c.clone();
                    async move { c.store(0, Ordering::SeqCst) }
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

    async fn reset(&self) {
        self.client.post(self.control("/reset")).send().await.expect("reset");
    }
}

fn main() {
    let runtime = || tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("runtime");
    if std::env::var("FANOUT_RECEIVER").is_ok() {
        return runtime().block_on(receiver_process());
    }
    // The receivers stand for other servers: on a machine with more than
    // one core they run in their own process on the last core, and this
    // process (signer, worker, database, HTTP client) on the others, so
    // that their work does not count as ours. The ceilings below are then
    // measured on our cores only.
    let child = start_receiver_process();
    runtime().block_on(bench(child));
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
    // remote followers (each with its own inbox) in SQLite and a running
    // delivery worker (64 in flight).
    let dir = tempfile::tempdir().expect("dir");
    let db: DatabaseUrl = format!("sqlite://{}/bench.db", dir.path().display()).parse().expect("url");
    let store = Arc::new(connect(&db, None).await.expect("connect"));
    migrate(&store).await.expect("migrate");
    let urls = NodeUrls::new(&Url::parse("http://localhost:1").expect("url")).expect("urls");
    let new = NewLocalActor::parse("bench", "city", None, None).expect("actor");
    let actor = store.create_local_actor(&new, &urls.location(&new.name), &keys).await.expect("create");
    for (n, inbox) in inboxes.iter().enumerate() {
        let follower = store
            .upsert_remote_actor(&RemoteActor {
                url: Url::parse(&format!("http://{host}/users/{n}")).expect("url"),
                name: format!("follower{n}"),
                host: host.clone(),
                kind: ActorKind::Person,
                display_name: None,
                summary: None,
                profile_url: None,
                icon_url: None,
                endpoints: ActorEndpoints {
                    inbox: inbox.clone(),
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
        store.upsert_follow(follower.id, actor.id, FollowState::Accepted, None, &[]).await.expect("follow");
    }
    let settings = DeliverySettings { concurrency: 64, per_host: 64, ..DeliverySettings::default() };
    // With the domain policy `ecities serve` runs with (every delivery is
    // checked against the node's block and allow rules; the node's own
    // host, which the policy never checks, is another than the receivers').
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
    let worker = DeliveryWorker::with_domain_policy(
        store.clone(),
        Egress::new(true).expect("client"),
        settings,
        Arc::new(SystemClock),
        domains,
    )
    .wake_on(store.deliveries_queued());
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
        let cpu = (!by_thread.is_empty()).then(|| by_thread.values().sum::<u64>() as f64 / INBOXES as f64);
        if round > 0 {
            let per_thread: Vec<String> = by_thread
                .iter()
                .filter(|(_, ns)| **ns > 0)
                .map(|(name, ns)| format!("{name} {:.0} µs", *ns as f64 / 1e3 / INBOXES as f64))
                .collect();
            println!("round {round}: ecities {ours:.0}/s; CPU per delivery by thread: {}", per_thread.join(", "));
        }
        loop {
            let stats = store.delivery_stats(Timestamp::now()).await.expect("stats");
            if stats.delivered as usize >= INBOXES * (round + 1) {
                break;
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        let recorded = start.elapsed().as_secs_f64();
        assert_eq!(receivers.count().await, INBOXES);

        if round > 0 {
            r.aws.push(aws);
            r.ours.push(ours);
            r.recorded.push(recorded);
            r.of_ceiling.push(ours / aws);
            if let (Some(sig), Some(del)) = (aws_cpu, cpu) {
                r.cpu_signature.push(sig);
                r.cpu_delivery.push(del);
                r.cpu_share.push(sig / del);
            }
        }
    }
    let _ = stop.send(true);
    let _ = task.await;

    let cpu_line = if r.cpu_delivery.is_empty() {
        "CPU time per thread is not available here".to_owned()
    } else {
        format!(
            "CPU per delivery {} µs, per signature {} µs: signing is {} % of the sender's CPU",
            Spread::of(r.cpu_delivery.iter().map(|ns| ns / 1e3)),
            Spread::of(r.cpu_signature.iter().map(|ns| ns / 1e3)),
            Spread::of(r.cpu_share.iter().map(|x| 100.0 * x)),
        )
    };
    if profile.is_some() {
        println!("(b) ecities: {} deliveries per second; {cpu_line}", Spread::of(r.ours));
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
        "| (b) ecities delivery worker, SQLite queue | {} deliveries (all {INBOXES} recorded as delivered after {} s) |",
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
