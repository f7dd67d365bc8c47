//! Fan-out benchmark: one post to 1,000 follower inboxes on loopback.
//!
//! Reports, in one run:
//! (a) the raw signing ceiling of the signer in use (aws-lc-rs RSA-2048 on
//!     every core), and of the `rsa` crate activitypub_federation uses;
//! (b) ecities' database-backed delivery worker (SQLite queue), end to end;
//! (c) activitypub_federation's own `queue_activity` path to the same inboxes.
//!
//! Run: `cargo bench -p ecities_federation --bench fanout`
//! (as root it binds the receiver to 127.0.0.1:80, because the library
//! refuses URLs with explicit ports outside its debug mode; otherwise (c)
//! runs in debug mode, which sends one request at a time).

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use activitypub_federation::activity_queue::queue_activity;
use activitypub_federation::config::Data;
use activitypub_federation::traits::Activity;
use axum::Router;
use axum::routing::post;
use ecities_core::actor::{ActorId, NewLocalActor};
use ecities_core::store::{Audience, OutgoingActivity, Store};
use ecities_core::time::Timestamp;
use ecities_core::urls::NodeUrls;
use ecities_federation::apub::{FedData, FedError, InstanceSigner, http_client};
use ecities_federation::render::ApubOutbox;
use ecities_federation::signatures::SigningKey;
use ecities_federation::worker::{DeliverySettings, DeliveryWorker, SystemClock};
use ecities_store::{DatabaseUrl, connect, migrate};
use rsa::pkcs1v15::Pkcs1v15Sign;
use rsa::pkcs8::DecodePrivateKey;
use serde::Serialize;
use sha2::{Digest, Sha256};
use url::Url;

const INBOXES: usize = 1_000;
const SIGNATURES: usize = 2_000;

fn cores() -> usize {
    std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1)
}

/// Signatures per second with `sign` on every core.
fn ceiling(sign: impl Fn(&[u8]) + Sync) -> f64 {
    let per_thread = SIGNATURES / cores();
    let start = Instant::now();
    std::thread::scope(|s| {
        for t in 0..cores() {
            let sign = &sign;
            s.spawn(move || {
                for i in 0..per_thread {
                    sign(format!("(request-target): post /users/{i}/inbox\nhost: localhost\ndate: {t}").as_bytes());
                }
            });
        }
    });
    (per_thread * cores()) as f64 / start.elapsed().as_secs_f64()
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

async fn wait_for(counter: &AtomicUsize, target: usize, limit: Duration) -> Option<Duration> {
    let start = Instant::now();
    while counter.load(Ordering::SeqCst) < target {
        if start.elapsed() > limit {
            return None;
        }
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    Some(start.elapsed())
}

#[tokio::main]
async fn main() {
    // (a) signing ceilings
    let keys = ecities_federation::keys::generate_keypair().expect("keys");
    let actor_url = Url::parse("http://localhost/actors/bench").expect("url");
    let fast = SigningKey::from_pem(&actor_url, &keys.private_pem).expect("key");
    let slow = rsa::RsaPrivateKey::from_pkcs8_pem(&keys.private_pem).expect("key");
    let aws = ceiling(|m| {
        fast.sign_bytes(m).expect("sign");
    });
    let rsa_crate = ceiling(|m| {
        slow.sign(Pkcs1v15Sign::new::<Sha256>(), &Sha256::digest(m)).expect("sign");
    });

    // Receivers: one server, 1,000 inbox paths, 202 at once.
    let received = Arc::new(AtomicUsize::new(0));
    let r = received.clone();
    let app = Router::new().route(
        "/users/{n}/inbox",
        post(move || {
            let r = r.clone();
            async move {
                r.fetch_add(1, Ordering::SeqCst);
                axum::http::StatusCode::ACCEPTED
            }
        }),
    );
    let (listener, port80) = match tokio::net::TcpListener::bind("127.0.0.1:80").await {
        Ok(l) => (l, true),
        Err(_) => (tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind"), false),
    };
    let port = listener.local_addr().expect("addr").port();
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    let host = if port80 { "localhost".to_owned() } else { format!("localhost:{port}") };
    let inboxes: Vec<Url> =
        (0..INBOXES).map(|n| Url::parse(&format!("http://{host}/users/{n}/inbox")).expect("url")).collect();

    // (b) ecities: queue in SQLite, worker pool, aws-lc-rs signer.
    let dir = tempfile::tempdir().expect("dir");
    let db: DatabaseUrl = format!("sqlite://{}/bench.db", dir.path().display()).parse().expect("url");
    let store = Arc::new(connect(&db, None).await.expect("connect"));
    migrate(&store).await.expect("migrate");
    let urls = NodeUrls::new(&Url::parse("http://localhost:1").expect("url")).expect("urls");
    let new = NewLocalActor::parse("bench", "city", None, None).expect("actor");
    let actor = store.create_local_actor(&new, &urls.location(&new.name), &keys).await.expect("create");
    let body = serde_json::json!({ "id": "http://localhost:1/activities/1", "type": "Create", "actor": actor.url, "object": "x" }).to_string();
    store
        .enqueue(&OutgoingActivity {
            ap_id: Url::parse("http://localhost:1/activities/1").expect("url"),
            actor: ActorId(actor.id.0),
            kind: "Create".into(),
            body,
            audience: vec![Audience::Inboxes(inboxes.clone())],
        })
        .await
        .expect("enqueue");
    let settings = DeliverySettings { concurrency: 64, per_host: 64, dev_mode: true, ..DeliverySettings::default() };
    let worker =
        DeliveryWorker::new(store.clone(), http_client(true).expect("client"), settings, Arc::new(SystemClock));
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let start = Instant::now();
    let task = tokio::spawn(worker.run(stopped));
    loop {
        let stats = store.delivery_stats(Timestamp::now()).await.expect("stats");
        if stats.delivered as usize >= INBOXES {
            break;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let ours_secs = start.elapsed().as_secs_f64();
    let _ = stop.send(true);
    let _ = task.await;
    let ours = INBOXES as f64 / ours_secs;
    assert_eq!(received.load(Ordering::SeqCst), INBOXES);

    // (c) activitypub_federation's queue_activity, same inboxes.
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
    };
    let signer = InstanceSigner::load(store.as_ref(), actor.clone()).await.expect("signer");
    // The library's production mode (real queue) with plain http allowed;
    // its debug mode would send one request at a time.
    let config = activitypub_federation::config::FederationConfig::builder()
        .domain("localhost:1")
        .app_data(fed)
        .client(http_client(true).expect("client").into())
        .debug(!port80)
        .allow_http_urls(true)
        .signed_fetch_actor(&signer)
        .build()
        .await
        .expect("config");
    let data = config.to_request_data();
    let activity = BenchActivity {
        id: Url::parse("http://localhost:1/activities/2").expect("url"),
        actor: actor.url.clone(),
        kind: "Create".into(),
        object: "x".into(),
    };
    received.store(0, Ordering::SeqCst);
    let start = Instant::now();
    queue_activity(&activity, &signer, inboxes.clone(), &data).await.expect("queue");
    let lib = match wait_for(&received, INBOXES, Duration::from_secs(300)).await {
        Some(_) => INBOXES as f64 / start.elapsed().as_secs_f64(),
        None => received.load(Ordering::SeqCst) as f64 / start.elapsed().as_secs_f64(),
    };

    println!("fan-out of one activity to {INBOXES} inboxes on loopback, {} cores", cores());
    println!("| path | per second |");
    println!("|---|---|");
    println!("| (a) raw signing ceiling, aws-lc-rs (signer in use) | {aws:.0} signatures |");
    println!("| (a') raw signing ceiling, rsa crate (activitypub_federation) | {rsa_crate:.0} signatures |");
    println!("| (b) ecities delivery worker, SQLite queue | {ours:.0} deliveries |");
    println!(
        "| (c) activitypub_federation queue_activity{} | {lib:.0} deliveries |",
        if port80 { "" } else { " (debug mode: sequential)" }
    );
    println!("ecities / signing ceiling: {:.0} %", 100.0 * ours / aws);
    println!("ecities / library path: {:.1}x", ours / lib);
}

/// The library needs `DANGER_FEDERATION_ALLOW_LOCAL_IP=1` to deliver to
/// loopback. Edition 2024 makes `set_var` unsafe and the workspace forbids
/// unsafe code, so the variable must come from the environment.
fn warn_without_local_ip_variable() {
    if std::env::var("DANGER_FEDERATION_ALLOW_LOCAL_IP").is_err() {
        eprintln!("note: run with DANGER_FEDERATION_ALLOW_LOCAL_IP=1 so the library accepts loopback inboxes");
    }
}
