//! A slow destination: 1,000 activities to one follower host that answers
//! each delivery after 100 ms (issue 21).
//!
//! One local actor (SQLite store, real RSA signatures, the real delivery
//! worker) and one remote follower whose inbox is a receiver in a child
//! process (on its own core when there are two or more), over HTTP on
//! loopback (`http://localhost:PORT`). The receiver verifies each
//! signature, holds each accepted request 100 ms before answering 202, and
//! enforces a limit of requests in flight: over it, it answers `429
//! Retry-After: 1` at once (as a server shedding load does), and counts.
//!
//! Per round, back to back (so each ratio is measured in one stretch of
//! this shared machine's time):
//! - (a) one at a time (`per_host = per_host_max = 1`), 50 activities —
//!   extrapolated to 1,000: the sequential sender the issue describes;
//! - (b) a fixed window of 4 (`per_host = per_host_max = 4`, the behaviour
//!   before the window adapted), 200 activities, extrapolated to 1,000;
//! - (c) the adaptive window (`per_host = 4`, `per_host_max = 32`),
//!   1,000 activities, the receiver's limit (64) above our ceiling;
//! - (d) the same against a receiver whose limit (16) is under our
//!   ceiling: the window must find it and stay under it.
//!
//! Run: `DANGER_FEDERATION_ALLOW_LOCAL_IP=1 cargo bench -p ecities_federation --bench slow`
//! (`SLOW_ROUNDS=N` for more rounds than 3).

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use axum::Router;
use axum::http::HeaderMap;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use ecities_core::actor::{ActorEndpoints, ActorId, ActorKind, NewLocalActor, RemoteActor};
use ecities_core::follow::FollowState;
use ecities_core::store::{ActorStore, Audience, DeliveryStore, FollowStore, OutgoingActivity};
use ecities_core::time::Timestamp;
use ecities_core::urls::NodeUrls;
use ecities_federation::egress::Egress;
use ecities_federation::worker::{DeliverySettings, DeliveryWorker, SystemClock};
use ecities_store::{DatabaseUrl, SqlStore, connect, migrate};
use tokio::sync::Notify;
use url::Url;

/// The allocator `ecities serve` runs with.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The receiver's answer time.
const DELAY: Duration = Duration::from_millis(100);
const ACTIVITIES: usize = 1_000;
const SEQUENTIAL: usize = 50;
const FIXED: usize = 200;
/// The receiver's limits of requests in flight: above our ceiling, and
/// under it.
const ROOMY: usize = 64;
const TIGHT: usize = 16;

fn cores() -> usize {
    std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1)
}

/// The receiver's counters.
#[derive(Default)]
struct Counters {
    in_flight: AtomicUsize,
    most: AtomicUsize,
    accepted: AtomicUsize,
    refused: AtomicUsize,
    bad_signatures: AtomicUsize,
    limit: AtomicUsize,
    arrived: Notify,
}

/// The follower's inbox: verifies the signature, then either refuses at
/// once (over the limit) or answers 202 after [`DELAY`].
fn receiver_app(c: Arc<Counters>, public_pem: Arc<String>) -> Router {
    let inbox = {
        let c = c.clone();
        move |headers: HeaderMap, body: axum::body::Bytes| {
            let (c, pem) = (c.clone(), public_pem.clone());
            async move {
                let now = c.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
                if now > c.limit.load(Ordering::SeqCst) {
                    c.in_flight.fetch_sub(1, Ordering::SeqCst);
                    c.refused.fetch_add(1, Ordering::SeqCst);
                    return (axum::http::StatusCode::TOO_MANY_REQUESTS, [("retry-after", "1")]).into_response();
                }
                c.most.fetch_max(now, Ordering::SeqCst);
                let map: BTreeMap<String, String> = headers
                    .iter()
                    .filter_map(|(k, v)| v.to_str().ok().map(|v| (k.as_str().to_owned(), v.to_owned())))
                    .collect();
                let host = map.get("host").cloned().unwrap_or_default();
                let verified = ecities_federation::signatures::precheck_request(
                    "POST",
                    "http",
                    "/users/follower/inbox",
                    &map,
                    Some(&body),
                    &host,
                    std::time::SystemTime::now(),
                )
                .ok()
                .is_some_and(|pre| pre.verify(&pem).is_ok());
                tokio::time::sleep(DELAY).await;
                c.in_flight.fetch_sub(1, Ordering::SeqCst);
                if !verified {
                    c.bad_signatures.fetch_add(1, Ordering::SeqCst);
                    return axum::http::StatusCode::UNAUTHORIZED.into_response();
                }
                c.accepted.fetch_add(1, Ordering::SeqCst);
                c.arrived.notify_waiters();
                axum::http::StatusCode::ACCEPTED.into_response()
            }
        }
    };
    Router::new()
        .route("/users/follower/inbox", post(inbox))
        .route(
            "/stats",
            get({
                let c = c.clone();
                move || {
                    let c = c.clone();
                    async move {
                        let l = |a: &AtomicUsize| a.load(Ordering::SeqCst);
                        format!("{} {} {} {}", l(&c.accepted), l(&c.refused), l(&c.most), l(&c.bad_signatures))
                    }
                }
            }),
        )
        .route(
            // Zeroes the counters and sets the limit of requests in flight.
            "/reset/{limit}",
            post({
                let c = c.clone();
                move |axum::extract::Path(limit): axum::extract::Path<usize>| {
                    let c = c.clone();
                    async move {
                        for a in [&c.most, &c.accepted, &c.refused, &c.bad_signatures] {
                            a.store(0, Ordering::SeqCst);
                        }
                        c.limit.store(limit, Ordering::SeqCst);
                    }
                }
            }),
        )
        .route(
            // Answers once `n` activities were accepted (or after 300 s).
            "/wait/{n}",
            get(move |axum::extract::Path(n): axum::extract::Path<usize>| {
                let c = c.clone();
                async move {
                    let deadline = Instant::now() + Duration::from_secs(300);
                    while c.accepted.load(Ordering::SeqCst) < n && Instant::now() < deadline {
                        let _ = tokio::time::timeout(Duration::from_millis(20), c.arrived.notified()).await;
                    }
                    c.accepted.load(Ordering::SeqCst).to_string()
                }
            }),
        )
}

/// The receiver process: prints its port and serves until killed.
async fn receiver_process() {
    let pem = std::env::var("SLOW_PUBLIC_KEY").expect("the sender's public key");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    println!("{}", listener.local_addr().expect("addr").port());
    let _ = axum::serve(listener, receiver_app(Arc::default(), Arc::new(pem))).await;
}

/// Starts the receiver in a child process, on the last core when there
/// are two or more (this process is then pinned to the others); returns
/// it and its port.
fn start_receiver(public_pem: &str) -> (std::process::Child, u16) {
    use std::io::BufRead;
    let total = cores();
    let exe = std::env::current_exe().expect("exe");
    let mut command = if total >= 2 {
        let mut c = std::process::Command::new("taskset");
        c.args(["-c", &(total - 1).to_string()]).arg(&exe);
        c
    } else {
        std::process::Command::new(&exe)
    };
    let mut child = command
        .env("SLOW_RECEIVER", "1")
        .env("SLOW_PUBLIC_KEY", public_pem)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("receiver");
    let stdout = child.stdout.take().expect("stdout");
    let mut line = String::new();
    std::io::BufReader::new(stdout).read_line(&mut line).expect("receiver port");
    let port = line.trim().parse().expect("port");
    if total >= 2 {
        let pinned = std::process::Command::new("taskset")
            .args(["-a", "-p", "-c", &format!("0-{}", total - 2), &std::process::id().to_string()])
            .stdout(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        assert!(pinned, "could not pin the sender with taskset");
    }
    (child, port)
}

struct Receiver {
    port: u16,
    client: reqwest::Client,
    child: std::process::Child,
}

impl Drop for Receiver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// What the receiver counted.
#[derive(Debug, Clone, Copy)]
struct Stats {
    accepted: usize,
    refused: usize,
    most: usize,
    bad_signatures: usize,
}

impl Receiver {
    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    async fn reset(&self, limit: usize) {
        self.client.post(self.url(&format!("/reset/{limit}"))).send().await.expect("reset");
    }

    async fn wait(&self, n: usize) -> usize {
        let got = self.client.get(self.url(&format!("/wait/{n}"))).send().await.expect("wait");
        got.text().await.ok().and_then(|t| t.parse().ok()).unwrap_or(0)
    }

    async fn stats(&self) -> Stats {
        let text = self.client.get(self.url("/stats")).send().await.expect("stats").text().await.expect("text");
        let n: Vec<usize> = text.split_whitespace().filter_map(|x| x.parse().ok()).collect();
        Stats { accepted: n[0], refused: n[1], most: n[2], bad_signatures: n[3] }
    }
}

/// CPU nanoseconds used so far by this process's live threads.
fn process_cpu_ns() -> u64 {
    let mut total = 0;
    for task in std::fs::read_dir("/proc/self/task").into_iter().flatten().flatten() {
        let stat = std::fs::read_to_string(task.path().join("schedstat")).unwrap_or_default();
        total += stat.split_whitespace().next().and_then(|n| n.parse::<u64>().ok()).unwrap_or(0);
    }
    total
}

fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .unwrap_or_default()
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ")
}

struct Sender {
    store: Arc<SqlStore>,
    actor: ActorId,
    actor_url: Url,
    inbox: Url,
    next: AtomicUsize,
}

/// One scenario's result.
struct Run {
    seconds: f64,
    stats: Stats,
    cpu_us_per_delivery: f64,
}

impl Sender {
    /// Queues `n` activities for the follower, then runs a delivery worker
    /// with `per_host`..`per_host_max` until the receiver has accepted all
    /// of them and every outcome is recorded.
    async fn run(&self, receiver: &Receiver, n: usize, per_host: usize, per_host_max: usize, limit: usize) -> Run {
        receiver.reset(limit).await;
        let delivered_before = self.store.delivery_stats(Timestamp::now()).await.expect("stats").delivered;
        for _ in 0..n {
            let i = self.next.fetch_add(1, Ordering::SeqCst);
            let ap_id = Url::parse(&format!("http://localhost:1/activities/{i}")).expect("url");
            let body = serde_json::json!({
                "@context": "https://www.w3.org/ns/activitystreams",
                "id": ap_id, "type": "Create", "actor": self.actor_url,
                "object": { "type": "Note", "content": format!("post {i}") },
            })
            .to_string();
            self.store
                .enqueue(&OutgoingActivity {
                    ap_id,
                    actor: self.actor,
                    kind: "Create".into(),
                    body,
                    audience: vec![Audience::Inboxes(vec![self.inbox.clone()])],
                })
                .await
                .expect("enqueue");
        }
        // The worker `ecities serve` runs, with the default number of
        // deliveries in flight (64) and the window under test.
        let settings = DeliverySettings { per_host, per_host_max, ..DeliverySettings::default() };
        let worker = DeliveryWorker::new(
            self.store.clone(),
            Egress::new(true).expect("client"),
            settings,
            Arc::new(SystemClock),
        );
        let (stop, stopped) = tokio::sync::watch::channel(false);
        let cpu = process_cpu_ns();
        let start = Instant::now();
        let task = tokio::spawn(worker.run(stopped));
        let accepted = receiver.wait(n).await;
        let seconds = start.elapsed().as_secs_f64();
        assert_eq!(accepted, n, "every activity arrived");
        loop {
            let s = self.store.delivery_stats(Timestamp::now()).await.expect("stats");
            if (s.delivered - delivered_before) as usize >= n {
                break;
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        let cpu_us_per_delivery = (process_cpu_ns() - cpu) as f64 / 1e3 / n as f64;
        let _ = stop.send(true);
        let _ = task.await;
        let stats = receiver.stats().await;
        assert_eq!(stats.accepted, n, "no activity twice");
        assert_eq!(stats.bad_signatures, 0, "every signature verified");
        Run { seconds, stats, cpu_us_per_delivery }
    }
}

fn main() {
    let runtime = || tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("runtime");
    if std::env::var("SLOW_RECEIVER").is_ok() {
        return runtime().block_on(receiver_process());
    }
    let keys = ecities_federation::keys::generate_keypair().expect("keys");
    // The machine's cores, before this process is pinned to all but one.
    let total = cores();
    let (child, port) = start_receiver(&keys.public_pem);
    runtime().block_on(bench(Receiver { port, client: reqwest::Client::new(), child }, keys, total));
}

async fn bench(receiver: Receiver, keys: ecities_core::actor::KeyPair, total: usize) {
    let rounds: usize = std::env::var("SLOW_ROUNDS").ok().and_then(|n| n.parse().ok()).unwrap_or(3);
    let load_before = loadavg();
    let dir = tempfile::tempdir().expect("dir");
    let db: DatabaseUrl = format!("sqlite://{}/bench.db", dir.path().display()).parse().expect("url");
    let store = Arc::new(connect(&db, None).await.expect("connect"));
    migrate(&store).await.expect("migrate");
    let urls = NodeUrls::new(&Url::parse("http://localhost:1").expect("url")).expect("urls");
    let new = NewLocalActor::parse("bench", "city", None, None).expect("actor");
    let actor = store.create_local_actor(&new, &urls.location(&new.name), &keys).await.expect("create");
    let host = format!("localhost:{}", receiver.port);
    let inbox = Url::parse(&format!("http://{host}/users/follower/inbox")).expect("url");
    let follower = store
        .upsert_remote_actor(&RemoteActor {
            url: Url::parse(&format!("http://{host}/users/follower")).expect("url"),
            name: "follower".into(),
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
    let sender = Sender { store, actor: actor.id, actor_url: actor.url.clone(), inbox, next: AtomicUsize::new(0) };

    // Warm-up: keys parsed, statements prepared.
    sender.run(&receiver, 20, 4, 4, ROOMY).await;

    let (mut seq, mut fixed, mut adaptive, mut tight) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for round in 1..=rounds {
        let a = sender.run(&receiver, SEQUENTIAL, 1, 1, ROOMY).await;
        let b = sender.run(&receiver, FIXED, 4, 4, ROOMY).await;
        let c = sender.run(&receiver, ACTIVITIES, 4, 32, ROOMY).await;
        let d = sender.run(&receiver, ACTIVITIES, 4, 32, TIGHT).await;
        let one_at_a_time = a.seconds * (ACTIVITIES / SEQUENTIAL) as f64;
        println!(
            "round {round}: one at a time {:.1} s per 1,000 (from {SEQUENTIAL}); fixed 4: {:.1} s per 1,000 (from {FIXED}); \
             adaptive: {:.2} s (most in flight {}, 429s {}), {:.1}x; under a limit of {TIGHT}: {:.2} s (most {}, 429s {}), {:.1}x; \
             CPU per delivery {:.0} / {:.0} µs",
            one_at_a_time,
            b.seconds * (ACTIVITIES / FIXED) as f64,
            c.seconds,
            c.stats.most,
            c.stats.refused,
            one_at_a_time / c.seconds,
            d.seconds,
            d.stats.most,
            d.stats.refused,
            one_at_a_time / d.seconds,
            c.cpu_us_per_delivery,
            d.cpu_us_per_delivery,
        );
        seq.push(one_at_a_time);
        fixed.push(b.seconds * (ACTIVITIES / FIXED) as f64);
        adaptive.push(c);
        tight.push(d);
    }
    let ideal = ACTIVITIES as f64 * DELAY.as_secs_f64();
    let seq_m = median(&seq);
    println!();
    println!(
        "{ACTIVITIES} activities to one follower inbox answering after {} ms; sender on {} core(s), receiver in its own process{}; \
         {rounds} rounds, median (min–max); load average before {load_before}, after {}",
        DELAY.as_millis(),
        if total >= 2 { total - 1 } else { 1 },
        if total >= 2 { " on another core" } else { "" },
        loadavg()
    );
    println!(
        "| sender | seconds for {ACTIVITIES} | speedup vs one at a time | most in flight at the receiver | 429s |"
    );
    println!("|---|---|---|---|---|");
    println!("| ideal one at a time ({ACTIVITIES} × {} ms) | {ideal:.0} | | 1 | |", DELAY.as_millis());
    println!(
        "| (a) one at a time, measured on {SEQUENTIAL} × {} | {} | 1.0x | 1 | 0 |",
        ACTIVITIES / SEQUENTIAL,
        spread(&seq)
    );
    println!(
        "| (b) fixed 4 per host, measured on {FIXED} × {} | {} | {:.1}x | 4 | 0 |",
        ACTIVITIES / FIXED,
        spread(&fixed),
        seq_m / median(&fixed)
    );
    for (name, runs, limit) in [("(c) adaptive 4→32", &adaptive, ROOMY), ("(d) adaptive 4→32", &tight, TIGHT)] {
        let secs: Vec<f64> = runs.iter().map(|r| r.seconds).collect();
        let speedups: Vec<f64> = seq.iter().zip(&secs).map(|(s, t)| s / t).collect();
        let most: Vec<f64> = runs.iter().map(|r| r.stats.most as f64).collect();
        let refused: Vec<f64> = runs.iter().map(|r| r.stats.refused as f64).collect();
        println!(
            "| {name}, receiver limit {limit} in flight | {} | {} (per round) | {} | {} |",
            spread(&secs),
            spread(&speedups),
            spread(&most),
            spread(&refused)
        );
    }
    let cpu: Vec<f64> = adaptive.iter().chain(&tight).map(|r| r.cpu_us_per_delivery).collect();
    println!("sender CPU per delivery (signing, HTTP, queue): {} µs", spread(&cpu));
    println!(
        "ideal one at a time / (c): {:.1}x",
        ideal / median(&adaptive.iter().map(|r| r.seconds).collect::<Vec<_>>())
    );
}

fn median(v: &[f64]) -> f64 {
    let mut v = v.to_vec();
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn spread(v: &[f64]) -> String {
    let mut s = v.to_vec();
    s.sort_by(f64::total_cmp);
    let (lo, hi) = (s[0], s[s.len() - 1]);
    if hi < 20.0 {
        format!("{:.2} ({lo:.2}–{hi:.2})", median(v))
    } else {
        format!("{:.0} ({lo:.0}–{hi:.0})", median(v))
    }
}
