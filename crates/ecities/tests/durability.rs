//! The delivery queue survives a crash, and several processes share it.

use crate::support;

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use ecities_federation::signatures::SigningKey;
use reqwest::Method;
use serde_json::{Value, json};
use support::{Api, Backend, NodeEnv, eventually};
use url::Url;

/// Followers of the crashing node: at least 500, each with its own inbox.
const FOLLOWERS: usize = 520;

/// Many remote actors on one server, each with its own inbox, all sharing
/// one key pair; records which activity ids each inbox received.
#[derive(Clone)]
struct Crowd {
    base: String,
    public_pem: String,
    received: Arc<Mutex<HashMap<String, Vec<String>>>>,
    in_flight: Arc<Mutex<HashMap<String, usize>>>,
    concurrent_duplicate: Arc<AtomicBool>,
    /// How long each inbox takes to answer, in milliseconds (changeable).
    delay_ms: Arc<AtomicU64>,
    total: Arc<AtomicUsize>,
}

async fn crowd_actor(State(c): State<Crowd>, Path(n): Path<String>) -> impl IntoResponse {
    let id = format!("{}/users/{n}", c.base);
    let doc = json!({
        "@context": ["https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1"],
        "id": id, "type": "Person", "preferredUsername": format!("u{n}"),
        "inbox": format!("{id}/inbox"),
        "publicKey": { "id": format!("{id}#main-key"), "owner": id, "publicKeyPem": c.public_pem },
    });
    ([(header::CONTENT_TYPE, "application/activity+json")], doc.to_string())
}

async fn crowd_inbox(State(c): State<Crowd>, Path(n): Path<String>, body: String) -> impl IntoResponse {
    let first = c
        .in_flight
        .lock()
        .map(|mut m| {
            let e = m.entry(n.clone()).or_insert(0);
            *e += 1;
            *e == 1
        })
        .unwrap_or(false);
    if !first {
        c.concurrent_duplicate.store(true, Ordering::SeqCst);
    }
    // Taken in first, answered after the delay (like a server that stores
    // an activity, then answers): a sender that dies before it sees the
    // answer leaves a delivery the receiver already has.
    let v: Value = serde_json::from_str(&body).unwrap_or(Value::Null);
    let id = v["id"].as_str().unwrap_or("").to_owned();
    if let Ok(mut m) = c.received.lock() {
        m.entry(n.clone()).or_default().push(id);
    }
    c.total.fetch_add(1, Ordering::SeqCst);
    tokio::time::sleep(Duration::from_millis(c.delay_ms.load(Ordering::SeqCst))).await;
    if let Ok(mut m) = c.in_flight.lock()
        && let Some(e) = m.get_mut(&n)
    {
        *e -= 1;
    }
    StatusCode::ACCEPTED
}

impl Crowd {
    async fn start(delay: Duration) -> (Crowd, Option<SigningKey>, String) {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let base = format!("http://localhost:{}", listener.local_addr().expect("addr").port());
        let keys = ecities_federation::keys::generate_keypair().expect("keys");
        let crowd = Crowd {
            base: base.clone(),
            public_pem: keys.public_pem.clone(),
            received: Arc::default(),
            in_flight: Arc::default(),
            concurrent_duplicate: Arc::default(),
            delay_ms: Arc::new(AtomicU64::new(u64::try_from(delay.as_millis()).unwrap_or(u64::MAX))),
            total: Arc::default(),
        };
        let app = Router::new()
            .route("/users/{n}", get(crowd_actor))
            .route("/users/{n}/inbox", post(crowd_inbox))
            .with_state(crowd.clone());
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        (crowd, None, keys.private_pem)
    }

    fn got(&self, n: usize, activity_id: &str) -> bool {
        self.received
            .lock()
            .map(|m| m.get(&n.to_string()).is_some_and(|ids| ids.iter().any(|i| i == activity_id)))
            .unwrap_or(false)
    }

    fn count_with(&self, activity_id: &str) -> usize {
        self.received.lock().map(|m| m.values().filter(|ids| ids.iter().any(|i| i == activity_id)).count()).unwrap_or(0)
    }

    /// Inboxes that received `activity_id` more than once.
    fn duplicates_of(&self, activity_id: &str) -> Vec<String> {
        self.received
            .lock()
            .map(|m| {
                m.iter()
                    .filter(|(_, ids)| ids.iter().filter(|i| *i == activity_id).count() > 1)
                    .map(|(n, _)| n.clone())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// `n` followers of this crowd, each with its own inbox (no shared one).
    fn followers(&self, n: usize) -> Vec<ecities_core::actor::RemoteActor> {
        (0..n)
            .map(|i| {
                let actor = format!("{}/users/{i}", self.base);
                support::remote_actor(&actor, &format!("{actor}/inbox"), None)
            })
            .collect()
    }
}

/// Publishes a practice as the token's actor and returns the id of its
/// `Create` (read from the actor's outbox).
async fn publish(node: &support::Node, token: &str, actor_url: &str, title: &str) -> String {
    let api = Api::new(node, token);
    let body = json!({ "title": title, "summary": "s", "content": "c", "language": "en", "kind": "policy", "sdgs": [16], "country": "KR" });
    let (status, created) = api.send(Method::POST, "/api/v1/practices", body).await;
    assert_eq!(status, 201, "{created}");
    let outbox: Value = reqwest::Client::new()
        .get(format!("{actor_url}/outbox?page=true"))
        .header("Accept", "application/activity+json")
        .send()
        .await
        .expect("outbox")
        .json()
        .await
        .expect("json");
    outbox["orderedItems"][0]["id"].as_str().expect("create id").to_owned()
}

/// Sends `FOLLOWERS` signed Follows, 16 at a time.
async fn follow_from_crowd(crowd: &Crowd, private_pem: &str, target: &str, inbox: &str) {
    let inbox = Url::parse(inbox).expect("url");
    let mut tasks = Vec::new();
    let sem = Arc::new(tokio::sync::Semaphore::new(16));
    for n in 0..FOLLOWERS {
        let actor = Url::parse(&format!("{}/users/{n}", crowd.base)).expect("url");
        let key = SigningKey::from_pem(&actor, private_pem).expect("key");
        let body = json!({ "id": format!("{actor}/follows/1"), "type": "Follow", "actor": actor, "object": target })
            .to_string();
        let (inbox, sem) = (inbox.clone(), sem.clone());
        tasks.push(tokio::spawn(async move {
            let _p = sem.acquire().await;
            let headers =
                key.sign("POST", &inbox, Some(body.as_bytes()), Some("application/activity+json")).expect("sign");
            let mut req = reqwest::Client::new().post(inbox).body(body);
            for (k, v) in headers {
                req = req.header(k, v);
            }
            let status = req.send().await.expect("POST").status();
            assert_eq!(status, 202);
        }));
    }
    for t in tasks {
        t.await.expect("follow task");
    }
}

async fn a_fan_out_interrupted_by_sigkill_reaches_every_inbox_after_restart(backend: Backend) {
    let Some(env) = NodeEnv::new(backend).await else { return };
    let env = env.with_config("[delivery]\nworkers = 8\nper_host = 8\nlease_seconds = 2\n");
    env.run_ok(&["actor", "create", "--kind", "city", "--name", "seoul", "--country", "KR"]);
    let token = env.run_ok(&["token", "create", "--actor", "seoul"]);
    let (crowd, _, private_pem) = Crowd::start(Duration::from_millis(25)).await;
    let node = env.start();
    let seoul = node.url("/actors/seoul");
    follow_from_crowd(&crowd, &private_pem, &seoul, &node.url("/inbox")).await;
    eventually("every follower got its Accept", Duration::from_secs(120), &[&node], || async {
        (crowd.total.load(Ordering::SeqCst) >= FOLLOWERS).then_some(())
    })
    .await;

    let api = Api::new(&node, &token);
    let body = json!({ "title": "Crash-proof fan-out", "summary": "s", "content": "c", "language": "en", "kind": "policy", "sdgs": [16], "country": "KR" });
    let (status, created) = api.send(Method::POST, "/api/v1/practices", body).await;
    assert_eq!(status, 201, "{created}");
    let (_, outbox) = reqwest::Client::new()
        .get(format!("{seoul}/outbox?page=true"))
        .header("Accept", "application/activity+json")
        .send()
        .await
        .map(|r| (r.status(), r))
        .expect("outbox");
    let outbox: Value = outbox.json().await.expect("json");
    let create_id = outbox["orderedItems"][0]["id"].as_str().expect("create id").to_owned();

    eventually("the fan-out has started", Duration::from_secs(60), &[&node], || async {
        (crowd.count_with(&create_id) >= 20).then_some(())
    })
    .await;
    node.kill();
    let at_kill = crowd.count_with(&create_id);
    assert!(at_kill < FOLLOWERS, "the fan-out finished before the kill ({at_kill}); the test needs a slower receiver");

    let node = env.start();
    eventually("every inbox received the Create after the restart", Duration::from_secs(180), &[&node], || async {
        (crowd.count_with(&create_id) == FOLLOWERS).then_some(())
    })
    .await;
    for n in 0..FOLLOWERS {
        assert!(crowd.got(n, &create_id), "inbox {n} missed the Create");
    }
    drop(node);
    env.cleanup().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_fan_out_interrupted_by_sigkill_reaches_every_inbox_after_restart_on_sqlite() {
    a_fan_out_interrupted_by_sigkill_reaches_every_inbox_after_restart(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_fan_out_interrupted_by_sigkill_reaches_every_inbox_after_restart_on_postgres() {
    a_fan_out_interrupted_by_sigkill_reaches_every_inbox_after_restart(Backend::Postgres).await;
}

/// Jobs in the shared queue.
const JOBS: usize = 10_000;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_processes_on_one_postgres_drain_ten_thousand_jobs_each_exactly_once() {
    let Some(first) = NodeEnv::new(Backend::Postgres).await else {
        return;
    };
    let first = first.with_config("[delivery]\nworkers = 32\nper_host = 32\n");
    first.run_ok(&["actor", "create", "--kind", "city", "--name", "seoul"]);
    let second = NodeEnv::sharing_database_with(&first);
    let (crowd, _, _) = Crowd::start(Duration::from_millis(1)).await;

    // Queue the jobs straight into the shared database.
    let store = ecities_store::connect(&first.database_url.parse().expect("url"), Some(2)).await.expect("connect");
    use ecities_core::store::{ActorStore, Audience, DeliveryStore, OutgoingActivity};
    let seoul = store
        .local_actor_by_name(&ecities_core::actor::ActorName::parse("seoul").expect("name"))
        .await
        .expect("query")
        .expect("actor");
    let inboxes = (0..JOBS).map(|n| Url::parse(&format!("{}/users/{n}/inbox", crowd.base)).expect("url")).collect();
    let activity = OutgoingActivity {
        ap_id: Url::parse(&format!("{}/activities/bulk", first.public_url())).expect("url"),
        actor: seoul.id,
        kind: "Create".into(),
        body: json!({ "id": "bulk", "type": "Create" }).to_string(),
        audience: vec![Audience::Inboxes(inboxes)],
    };
    store.enqueue(&activity).await.expect("enqueue");

    let a = first.start();
    let b = second.start();
    eventually("both processes drain the queue", Duration::from_secs(300), &[&a, &b], || async {
        let stats = store.delivery_stats(ecities_core::time::Timestamp::now()).await.expect("stats");
        (stats.delivered == JOBS as i64).then_some(())
    })
    .await;
    assert!(!crowd.concurrent_duplicate.load(Ordering::SeqCst), "a job was delivered twice at the same time");
    let received = crowd.received.lock().map(|m| m.clone()).expect("lock");
    assert_eq!(received.len(), JOBS, "every job reached its inbox");
    let twice: Vec<_> = received.iter().filter(|(_, ids)| ids.len() != 1).map(|(n, _)| n.clone()).collect();
    assert!(twice.is_empty(), "delivered more than once: {twice:?}");
    let (la, lb) = (a.log_text(), b.log_text());
    drop((a, b));
    let (da, db) = (la.matches(" delivered").count(), lb.matches(" delivered").count());
    assert!(da > 0 && db > 0, "both processes delivered ({da} and {db})");
    eprintln!("deliveries per process: {da} and {db}");
    store.close().await;
    second.cleanup().await;
    first.cleanup().await;
}

/// Followers of the node killed in the lease tests.
const LEASE_FOLLOWERS: usize = 200;

/// kill -9 in the middle of a fan-out, with the default lease: a second
/// process on the same database sends what was never claimed at once, and
/// what the dead one had in flight one short lease (15 s) later, not after
/// the minute the lease used to be. Only requests in flight at the moment
/// of the kill can arrive twice.
async fn a_process_killed_mid_fan_out_has_its_deliveries_sent_by_another_within_one_short_lease(backend: Backend) {
    let Some(env) = NodeEnv::new(backend).await else { return };
    let env = env.with_config("[delivery]\nworkers = 8\nper_host = 8\n");
    env.run_ok(&["actor", "create", "--kind", "city", "--name", "seoul", "--country", "KR"]);
    let token = env.run_ok(&["token", "create", "--actor", "seoul"]);
    let (crowd, _, _) = Crowd::start(Duration::from_millis(400)).await;
    support::add_followers(&env, "seoul", &crowd.followers(LEASE_FOLLOWERS)).await;
    let node = env.start();
    let seoul = node.url("/actors/seoul");
    let create_id = publish(&node, &token, &seoul, "Kill during the fan-out").await;
    eventually("the fan-out has started", Duration::from_secs(60), &[&node], || async {
        (crowd.count_with(&create_id) >= 24).then_some(())
    })
    .await;
    node.kill();
    let killed = std::time::Instant::now();
    let at_kill = crowd.count_with(&create_id);
    assert!(at_kill < LEASE_FOLLOWERS, "the fan-out finished before the kill ({at_kill})");
    // From now on the receivers answer at once: what remains to measure is
    // how soon the dead process's deliveries are taken up.
    crowd.delay_ms.store(0, Ordering::SeqCst);

    let second = NodeEnv::sharing_database_with(&env);
    let other = second.start();
    // Done when the queue says so: the deliveries the dead process had in
    // flight (their receivers may have them already) are sent again too.
    let store = ecities_store::connect(&env.database_url.parse().expect("url"), Some(1)).await.expect("connect");
    use ecities_core::store::DeliveryStore;
    eventually("the second process delivered everything", Duration::from_secs(55), &[&other], || async {
        let stats = store.delivery_stats(ecities_core::time::Timestamp::now()).await.expect("stats");
        (stats.queued + stats.retrying == 0).then_some(())
    })
    .await;
    let took = killed.elapsed();
    let stats = store.delivery_stats(ecities_core::time::Timestamp::now()).await.expect("stats");
    store.close().await;
    assert_eq!(crowd.count_with(&create_id), LEASE_FOLLOWERS, "every inbox received the Create: {stats:?}");
    // A moment for a late duplicate to show.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let duplicates = crowd.duplicates_of(&create_id);
    eprintln!(
        "{backend:?}: killed after {at_kill} of {LEASE_FOLLOWERS} inboxes; all received {:.1} s after the kill; {} received it twice: {duplicates:?}",
        took.as_secs_f64(),
        duplicates.len()
    );
    assert!(took < Duration::from_secs(30), "the dead process's deliveries took {took:?} to be taken up");
    assert!(duplicates.len() <= 8, "only requests in flight at the kill (8 workers) may arrive twice: {duplicates:?}");
    drop(other);
    env.cleanup().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_process_killed_mid_fan_out_has_its_deliveries_sent_by_another_within_one_short_lease_on_sqlite() {
    a_process_killed_mid_fan_out_has_its_deliveries_sent_by_another_within_one_short_lease(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_process_killed_mid_fan_out_has_its_deliveries_sent_by_another_within_one_short_lease_on_postgres() {
    a_process_killed_mid_fan_out_has_its_deliveries_sent_by_another_within_one_short_lease(Backend::Postgres).await;
}

/// Inboxes of the slow receiver.
const SLOW_INBOXES: usize = 12;

/// A receiver that takes three times the lease to answer, with two
/// processes polling one queue: the sender's heartbeat keeps its lease, so
/// neither process sends the activity a second time.
async fn a_receiver_slower_than_the_lease_gets_each_activity_once_while_the_sender_lives(backend: Backend) {
    let Some(env) = NodeEnv::new(backend).await else { return };
    let env = env.with_config("[delivery]\nworkers = 8\nper_host = 8\nlease_seconds = 1\n");
    env.run_ok(&["actor", "create", "--kind", "city", "--name", "seoul", "--country", "KR"]);
    let token = env.run_ok(&["token", "create", "--actor", "seoul"]);
    let (crowd, _, _) = Crowd::start(Duration::from_millis(3_000)).await;
    support::add_followers(&env, "seoul", &crowd.followers(SLOW_INBOXES)).await;
    let node = env.start();
    let second = NodeEnv::sharing_database_with(&env);
    let other = second.start();
    let seoul = node.url("/actors/seoul");
    let create_id = publish(&node, &token, &seoul, "A slow receiver").await;
    eventually("every slow inbox received the Create", Duration::from_secs(60), &[&node, &other], || async {
        (crowd.count_with(&create_id) == SLOW_INBOXES).then_some(())
    })
    .await;
    // Three more leases: time for a second copy to arrive if one was sent.
    tokio::time::sleep(Duration::from_secs(4)).await;
    assert_eq!(crowd.duplicates_of(&create_id), Vec::<String>::new(), "inboxes that got the Create twice");
    assert!(!crowd.concurrent_duplicate.load(Ordering::SeqCst), "a delivery was sent twice at the same time");
    let (status, deliveries) = Api::new(&node, &token).get("/api/v1/deliveries?limit=50").await;
    assert_eq!(status, 200, "{deliveries}");
    let items = deliveries["items"].as_array().cloned().unwrap_or_default();
    let creates: Vec<_> = items.iter().filter(|d| d["activity"] == create_id.as_str()).collect();
    assert_eq!(creates.len(), SLOW_INBOXES, "{deliveries}");
    for d in creates {
        assert_eq!((d["state"].as_str(), d["attempts"].as_i64()), (Some("delivered"), Some(1)), "{d}");
    }
    drop((node, other));
    env.cleanup().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_receiver_slower_than_the_lease_gets_each_activity_once_while_the_sender_lives_on_sqlite() {
    a_receiver_slower_than_the_lease_gets_each_activity_once_while_the_sender_lives(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_receiver_slower_than_the_lease_gets_each_activity_once_while_the_sender_lives_on_postgres() {
    a_receiver_slower_than_the_lease_gets_each_activity_once_while_the_sender_lives(Backend::Postgres).await;
}
