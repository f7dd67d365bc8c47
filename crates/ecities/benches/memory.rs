//! Memory of a running node (issue 14's benchmark): resident memory idle
//! after start, idle after 10,000 practices, and the peak during one
//! post's fan-out to 2,000 inboxes — the real `ecities serve` binary of
//! this profile, on SQLite, measured from /proc.
//!
//! Run: `cargo bench --profile release -p ecities --bench memory` (release profile: thin LTO,
//! one codegen unit, stripped). Results go to docs/PERFORMANCE.md.
//!
//! With `ECITIES_MEMORY_BENCH_SEARCH_DB=PATH` (an SQLite database written
//! by the search bench, e.g. its 1,000,000 practices) it measures instead
//! the node serving that database under a search load: `ecities serve` on
//! it, RSS after start, the first search (which loads the facet index),
//! then concurrent searches through the API while RSS is sampled, and the
//! peak (VmHWM).

use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use axum::Router;
use axum::routing::post;
use ecities_core::actor::{ActorEndpoints, ActorKind, ActorName, RemoteActor};
use ecities_core::follow::FollowState;
use ecities_core::store::{ActorStore, FollowStore};
use serde_json::json;
use url::Url;

const BIN: &str = env!("CARGO_BIN_EXE_ecities");
const PRACTICES: usize = 10_000;
const INBOXES: usize = 2_000;

/// (VmRSS, VmHWM) of a process, in KiB.
fn memory_kib(pid: u32) -> (u64, u64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap_or(0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

fn mib(kib: u64) -> String {
    format!("{:.1} MB", kib as f64 * 1024.0 / 1_000_000.0)
}

struct Node(Child);

impl Drop for Node {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn command(dir: &std::path::Path, port: u16, args: &[&str]) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.args(args)
        .current_dir(dir)
        .env_remove("ECITIES_CONFIG")
        .env("ECITIES_BIND", format!("127.0.0.1:{port}"))
        .env("ECITIES_PUBLIC_URL", format!("http://localhost:{port}"))
        .env("ECITIES_DATABASE_URL", format!("sqlite://{}/data/ecities.db", dir.display()))
        .env("ECITIES_DEV_MODE", "1")
        .env("ECITIES_LOG", "warn");
    cmd
}

fn run(dir: &std::path::Path, port: u16, args: &[&str]) -> String {
    let out = command(dir, port, args).output().expect("run ecities");
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).lines().last().unwrap_or("").trim().to_owned()
}

/// Publishes one practice through the API (answered 201 or the bench stops).
async fn publish(http: &reqwest::Client, port: u16, token: &str, body: &serde_json::Value) {
    let r = http
        .post(format!("http://127.0.0.1:{port}/api/v1/practices"))
        .bearer_auth(token)
        .json(body)
        .send()
        .await
        .expect("POST");
    assert_eq!(r.status(), 201);
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("port")
}

async fn wait_healthy(port: u16) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        if reqwest::get(format!("http://127.0.0.1:{port}/healthz")).await.is_ok_and(|r| r.status().is_success()) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the node did not start");
}

/// Searches per client, and clients at once, in the search load.
const SEARCHES: usize = 250;
const CLIENTS: usize = 8;

/// The node serving a large existing database under a search load
/// (words in the corpus's seven languages, facets, relevance): its memory
/// and the API's answer times.
async fn search_load(db: &str) {
    let dir = tempfile::tempdir().expect("dir");
    let port = free_port();
    let node = Node(
        command(dir.path(), port, &["serve"])
            .env("ECITIES_DATABASE_URL", format!("sqlite://{db}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("serve"),
    );
    let pid = node.0.id();
    wait_healthy(port).await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let (idle, _) = memory_kib(pid);
    let http = reqwest::Client::new();
    let base = format!("http://localhost:{port}/api/v1/practices");
    let started = Instant::now();
    // The first search loads the index; until it is loaded a search may
    // fail (on SQLite the load holds the only connection): try again.
    let mut failed_first = 0;
    let total = loop {
        let r = http.get(format!("{base}?limit=20")).send().await.expect("first search");
        if r.status().is_success() {
            break r.json::<serde_json::Value>().await.expect("json")["total"].as_i64().unwrap_or(0);
        }
        failed_first += 1;
        assert!(started.elapsed() < Duration::from_secs(600), "no search succeeded in 10 minutes");
    };
    let first_secs = started.elapsed().as_secs_f64();
    let (after_first, hwm_first) = memory_kib(pid);

    // Words of the corpus's languages (frequent and rarer), facets, relevance.
    let queries: Vec<String> = [
        "q=water",
        "q=transport&sdg=11",
        "q=donn%C3%A9es&country=FR",
        "q=ciudad&sort=relevance",
        "q=%D0%B3%D0%BE%D1%80%D0%BE%D0%B4",
        "q=%D8%A7%D9%84%D9%85%D8%AF%D9%8A%D9%86%D8%A9",
        "q=%E5%9F%8E%E5%B8%82",
        "q=%EA%B5%90%ED%86%B5",
        "sdg=6&sdg=11&country=KR&country=DE",
        "country=BR",
        "",
        "q=the",
        "q=energy&sort=relevance",
        "q=budget%20participation",
        "q=salud&sdg=3",
    ]
    .iter()
    .map(|q| format!("{base}?{q}"))
    .collect();
    let done = Arc::new(AtomicUsize::new(0));
    let sampler = {
        let done = done.clone();
        tokio::spawn(async move {
            let mut peak = 0;
            while done.load(Ordering::Relaxed) < CLIENTS {
                peak = peak.max(memory_kib(pid).0);
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
            peak
        })
    };
    let started = Instant::now();
    let mut clients: Vec<tokio::task::JoinHandle<Vec<(Duration, bool)>>> = Vec::new();
    for c in 0..CLIENTS {
        let (http, queries, done) = (http.clone(), queries.clone(), done.clone());
        clients.push(tokio::spawn(async move {
            let mut times = Vec::with_capacity(SEARCHES);
            for i in 0..SEARCHES {
                let t = Instant::now();
                let r = http.get(&queries[(c * 7 + i) % queries.len()]).send().await.expect("search");
                let ok = r.status().is_success();
                r.bytes().await.expect("body");
                times.push((t.elapsed(), ok));
            }
            done.fetch_add(1, Ordering::Relaxed);
            times
        }));
    }
    let mut answers = Vec::new();
    for c in clients {
        answers.extend(c.await.expect("client"));
    }
    let failed = answers.iter().filter(|(_, ok)| !ok).count();
    let mut times: Vec<Duration> = answers.iter().filter(|(_, ok)| *ok).map(|(t, _)| *t).collect();
    assert!(!times.is_empty(), "every search failed");
    let load_secs = started.elapsed().as_secs_f64();
    let peak = sampler.await.expect("sampler");
    let (after, hwm) = memory_kib(pid);
    times.sort();
    let at = |p: f64| times[((times.len() - 1) as f64 * p).round() as usize].as_secs_f64() * 1000.0;
    println!("node serving {db} ({total} practices)");
    if let Ok(load) = std::fs::read_to_string("/proc/loadavg") {
        println!("load average: {}", load.split_whitespace().take(3).collect::<Vec<_>>().join(" "));
    }
    println!("| measure | value |");
    println!("|---|---|");
    println!("| RSS after start (before any search) | {} |", mib(idle));
    println!("| first search (loads the facet index) | {first_secs:.2} s ({failed_first} failed before) |");
    println!("| RSS after the first search | {} (VmHWM {}) |", mib(after_first), mib(hwm_first));
    println!(
        "| {} searches, {CLIENTS} clients at once, through the API | {load_secs:.1} s; {failed} failed; the others p50 {:.1} ms, p95 {:.1} ms |",
        answers.len(),
        at(0.5),
        at(0.95)
    );
    println!("| RSS during the searches (sampled every 10 ms) | peak {} |", mib(peak));
    println!("| RSS after them | {} |", mib(after));
    println!("| peak RSS of the process (VmHWM) | {} |", mib(hwm));
    drop(node);
}

#[tokio::main]
async fn main() {
    if let Ok(db) = std::env::var("ECITIES_MEMORY_BENCH_SEARCH_DB") {
        return search_load(&db).await;
    }
    let dir = tempfile::tempdir().expect("dir");
    let port = free_port();
    run(dir.path(), port, &["actor", "create", "--kind", "city", "--name", "seoul", "--country", "KR"]);
    let token = run(dir.path(), port, &["token", "create", "--actor", "seoul"]);
    let node =
        Node(command(dir.path(), port, &["serve"]).stdout(Stdio::null()).stderr(Stdio::null()).spawn().expect("serve"));
    let pid = node.0.id();
    wait_healthy(port).await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let (idle, _) = memory_kib(pid);

    // 10,000 practices through the API (no followers yet: no deliveries).
    let http = reqwest::Client::new();
    let started = Instant::now();
    let mut tasks = Vec::new();
    for worker in 0..8 {
        let (http, token) = (http.clone(), token.clone());
        tasks.push(tokio::spawn(async move {
            for i in (worker..PRACTICES).step_by(8) {
                let body = json!({ "title": format!("Practice number {i}"), "summary": "A practice for the memory benchmark.",
                    "content": "Several sentences of content that a city would write about its practice. ".repeat(8),
                    "language": "en", "kind": "best_practice", "sdgs": [1 + (i % 17)], "country": "KR" });
                publish(&http, port, &token, &body).await;
            }
        }));
    }
    for t in tasks {
        t.await.expect("publisher");
    }
    let publish_secs = started.elapsed().as_secs_f64();
    // A search over everything loads the facet index, as the first visitor would.
    let r = http.get(format!("http://127.0.0.1:{port}/api/v1/practices?q=practice")).send().await.expect("search");
    assert!(r.status().is_success());
    tokio::time::sleep(Duration::from_secs(2)).await;
    let (after_practices, hwm_practices) = memory_kib(pid);

    // 2,000 followers, each with its own inbox on a local receiver.
    let received = Arc::new(AtomicUsize::new(0));
    let counter = received.clone();
    let app = Router::new().route(
        "/users/{who}/inbox",
        post(move || {
            let counter = counter.clone();
            async move {
                counter.fetch_add(1, Ordering::Relaxed);
                axum::http::StatusCode::ACCEPTED
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let rport = listener.local_addr().expect("addr").port();
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    {
        let url: ecities_store::DatabaseUrl =
            format!("sqlite://{}/data/ecities.db", dir.path().display()).parse().expect("url");
        let store = ecities_store::connect(&url, Some(1)).await.expect("open");
        let seoul =
            store.local_actor_by_name(&ActorName::parse("seoul").expect("name")).await.expect("lookup").expect("seoul");
        for i in 0..INBOXES {
            let actor = Url::parse(&format!("http://localhost:{rport}/users/f{i}")).expect("url");
            let remote = RemoteActor {
                name: format!("f{i}"),
                host: format!("localhost:{rport}"),
                kind: ActorKind::Person,
                display_name: None,
                summary: None,
                profile_url: None,
                icon_url: None,
                endpoints: ActorEndpoints {
                    inbox: Url::parse(&format!("{actor}/inbox")).expect("inbox"),
                    shared_inbox: None,
                    outbox: None,
                    followers: None,
                    following: None,
                },
                url: actor,
                public_key_pem: "unused".into(),
                country: None,
            };
            let r = store.upsert_remote_actor(&remote).await.expect("actor");
            store.upsert_follow(r.id, seoul.id, FollowState::Accepted, None, &[]).await.expect("follow");
        }
        store.close().await;
    }
    let body = json!({ "title": "One post to 2,000 inboxes", "summary": "Fan-out.", "content": "Text.",
                       "language": "en", "kind": "best_practice", "sdgs": [11], "country": "KR" });
    let started = Instant::now();
    publish(&http, port, &token, &body).await;
    let mut peak = 0;
    while received.load(Ordering::Relaxed) < INBOXES {
        peak = peak.max(memory_kib(pid).0);
        assert!(started.elapsed() < Duration::from_secs(300), "the fan-out did not finish");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let fanout_secs = started.elapsed().as_secs_f64();
    let (_, hwm) = memory_kib(pid);
    println!("| measure | value |");
    println!("|---|---|");
    println!("| idle RSS after start | {} |", mib(idle));
    println!("| idle RSS after {PRACTICES} practices (published in {publish_secs:.1} s) | {} |", mib(after_practices));
    println!("| peak RSS while publishing them (VmHWM) | {} |", mib(hwm_practices));
    println!(
        "| peak RSS during one post's fan-out to {INBOXES} inboxes ({fanout_secs:.1} s) | {} (sampled), VmHWM {} |",
        mib(peak),
        mib(hwm)
    );
    drop(node);
}
