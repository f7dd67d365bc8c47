//! The delivery worker against a receiver that is down for a while, driven
//! by an injected clock (no sleeping through backoff delays): the attempts
//! follow the schedule, the host is marked unreachable and only probed,
//! and when the receiver is back the activity and the backlog arrive,
//! correctly signed.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use axum::Router;
use axum::http::HeaderMap;
use axum::response::IntoResponse;
use axum::routing::post;
use ecities_core::actor::{KeyPair, NewLocalActor};
use ecities_core::store::{
    ActorStore, Audience, DeliveryState, DeliveryStore, DomainStore, HostPolicy, OutgoingActivity, Page,
};
use ecities_core::time::Timestamp;
use ecities_core::urls::NodeUrls;
use ecities_federation::egress::Egress;
use ecities_federation::signatures::precheck_request;
use ecities_federation::worker::{Clock, DeliverySettings, DeliveryWorker, RETRY_BASE};
use ecities_store::testing::{TestDatabase, postgres_test_url};
use ecities_store::{DatabaseUrl, SqlStore, connect, migrate};
use url::Url;

struct ManualClock(Mutex<Timestamp>);

impl Clock for ManualClock {
    fn now(&self) -> Timestamp {
        self.0.lock().map(|t| *t).unwrap_or(Timestamp(0))
    }
}

impl ManualClock {
    fn set(&self, t: Timestamp) {
        if let Ok(mut g) = self.0.lock() {
            *g = t;
        }
    }
}

type Received = Arc<Mutex<Vec<(BTreeMap<String, String>, String)>>>;

async fn start_receiver(listener: std::net::TcpListener) -> Received {
    let received: Received = Arc::default();
    let r = received.clone();
    let app = Router::new().route(
        "/inbox",
        post(move |headers: HeaderMap, body: String| {
            let r = r.clone();
            async move {
                let h = headers
                    .iter()
                    .filter_map(|(k, v)| v.to_str().ok().map(|v| (k.as_str().to_owned(), v.to_owned())))
                    .collect();
                r.lock().map(|mut v| v.push((h, body))).ok();
                axum::http::StatusCode::ACCEPTED
            }
        }),
    );
    listener.set_nonblocking(true).expect("nonblocking");
    let listener = tokio::net::TcpListener::from_std(listener).expect("listener");
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    received
}

fn activity(id: &str, actor: ecities_core::actor::ActorId, inbox: &Url) -> OutgoingActivity {
    OutgoingActivity {
        ap_id: Url::parse(&format!("http://localhost:1/activities/{id}")).expect("url"),
        actor,
        kind: "Create".into(),
        body: format!("{{\"id\":\"{id}\",\"type\":\"Create\"}}"),
        audience: vec![Audience::Inboxes(vec![inbox.clone()])],
    }
}

async fn a_receiver_down_for_a_while_gets_the_activity_after_backoff_and_probing(store: Arc<SqlStore>) {
    let urls = NodeUrls::new(&Url::parse("http://localhost:1").expect("url")).expect("urls");
    let keys = ecities_federation::keys::generate_keypair().expect("keys");
    let new = NewLocalActor::parse("seoul", "city", None, None).expect("valid");
    let actor =
        store.create_local_actor(&new, &urls.location(&new.name), &KeyPair { ..keys.clone() }).await.expect("actor");

    // Reserve a port, but serve nothing on it yet: connections are refused.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let inbox = Url::parse(&format!("http://localhost:{port}/inbox")).expect("url");
    drop(listener);
    store.enqueue(&activity("first", actor.id, &inbox)).await.expect("enqueue");

    let t0 = store.deliveries(None, None, Page::first(1)).await.expect("list")[0].next_attempt_at.expect("queued");
    let clock = Arc::new(ManualClock(Mutex::new(t0)));
    let settings = DeliverySettings {
        concurrency: 4,
        per_host: 4,
        per_host_max: 4,
        lease: Duration::from_secs(60),
        host_policy: HostPolicy { unreachable_after_ms: 10 * 60_000, probe_interval_ms: 60 * 60_000 },
    };
    let worker = DeliveryWorker::new(store.clone(), Egress::new(true).expect("client"), settings, clock.clone());

    // Attempts 1..=6 fail; each next attempt is RETRY_BASE * 2^(n-1) ± 10 %.
    let mut attempt_at = t0;
    let mut next_due = t0;
    for n in 1..=6u32 {
        clock.set(next_due.plus_millis(-1));
        assert_eq!(worker.tick().await, 0, "attempt {n} is not due yet");
        clock.set(next_due);
        attempt_at = next_due;
        assert_eq!(worker.tick().await, 1, "attempt {n} runs when due");
        let d = &store.deliveries(None, None, Page::first(10)).await.expect("list")[0];
        assert_eq!((d.state, d.attempts), (DeliveryState::Retrying, i64::from(n)));
        assert!(d.last_error.as_deref().is_some_and(|e| !e.is_empty()));
        next_due = d.next_attempt_at.expect("retrying deliveries have a next attempt");
        let delay = (next_due.0 - attempt_at.0) as f64;
        let expected = RETRY_BASE.as_millis() as f64 * f64::from(2u32.pow(n - 1));
        assert!(
            (delay - expected).abs() <= expected * 0.1 + 1.0,
            "attempt {n}: waited {delay} ms, expected {expected} ms ± 10 %"
        );
    }

    // Failing for over ten minutes made the host unreachable: a second
    // activity waits, and nothing is tried until the probe is due.
    let stats = store.delivery_stats(attempt_at).await.expect("stats");
    assert_eq!(stats.unreachable_hosts.len(), 1, "{stats:?}");
    let probe_at = stats.unreachable_hosts[0].next_probe_at.expect("probe time");
    assert_eq!(probe_at, attempt_at.plus_millis(60 * 60_000));
    store.enqueue(&activity("second", actor.id, &inbox)).await.expect("enqueue");
    clock.set(next_due);
    assert_eq!(worker.tick().await, 0, "an unreachable host is left alone between probes");

    // The receiver comes back; the probe succeeds and the backlog drains.
    let received = start_receiver(std::net::TcpListener::bind(("127.0.0.1", port)).expect("rebind")).await;
    clock.set(probe_at);
    assert_eq!(worker.tick().await, 1, "exactly one probe");
    assert!(worker.tick().await >= 1, "the backlog follows at once");
    let all = store.deliveries(None, None, Page::first(10)).await.expect("list");
    assert!(all.iter().all(|d| d.state == DeliveryState::Delivered), "{all:?}");
    assert!(store.delivery_stats(probe_at).await.expect("stats").unreachable_hosts.is_empty());

    let got = received.lock().map(|v| v.clone()).expect("lock");
    let bodies: Vec<&str> = got.iter().map(|(_, b)| b.as_str()).collect();
    assert_eq!(bodies.len(), 2, "{bodies:?}");
    for (headers, body) in &got {
        // RFC 9421 (the first try) or the cavage draft, whichever was sent.
        let pre = precheck_request(
            "POST",
            "http",
            "/inbox",
            headers,
            Some(body.as_bytes()),
            headers.get("host").map_or("", String::as_str),
            SystemTime::now(),
        )
        .expect("signed");
        pre.verify(&keys.public_pem).expect("signature verifies with the actor's key");
    }
}

/// Runs `test` on a fresh SQLite store.
async fn on_sqlite<F, Fut>(test: F)
where
    F: FnOnce(Arc<SqlStore>) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let dir = tempfile::tempdir().expect("dir");
    let url: DatabaseUrl = format!("sqlite://{}/d.db", dir.path().display()).parse().expect("url");
    let store = connect(&url, None).await.expect("connect");
    migrate(&store).await.expect("migrate");
    test(Arc::new(store)).await;
}

/// Runs `test` on a fresh PostgreSQL database, when one is configured.
async fn on_postgres<F, Fut>(test: F)
where
    F: FnOnce(Arc<SqlStore>) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let Some(admin) = postgres_test_url() else {
        eprintln!("skipped: ECITIES_TEST_POSTGRES_URL is not set, PostgreSQL half not run");
        return;
    };
    let db = TestDatabase::create_postgres(&admin).await.expect("db");
    let store = connect(&db.url.parse().expect("url"), Some(4)).await.expect("connect");
    migrate(&store).await.expect("migrate");
    let store = Arc::new(store);
    test(store.clone()).await;
    store.close().await;
    db.drop_database().await;
}

#[tokio::test]
async fn a_receiver_down_for_a_while_gets_the_activity_after_backoff_on_sqlite() {
    on_sqlite(a_receiver_down_for_a_while_gets_the_activity_after_backoff_and_probing).await;
}

#[tokio::test]
async fn a_receiver_down_for_a_while_gets_the_activity_after_backoff_on_postgres() {
    on_postgres(a_receiver_down_for_a_while_gets_the_activity_after_backoff_and_probing).await;
}

#[tokio::test]
async fn deliveries_to_a_blocked_domain_fail_without_a_request() {
    let dir = tempfile::tempdir().expect("dir");
    let url: DatabaseUrl = format!("sqlite://{}/d.db", dir.path().display()).parse().expect("url");
    let store = Arc::new(connect(&url, None).await.expect("connect"));
    migrate(&store).await.expect("migrate");
    let urls = NodeUrls::new(&Url::parse("http://localhost:1").expect("url")).expect("urls");
    let keys = ecities_federation::keys::generate_keypair().expect("keys");
    let new = NewLocalActor::parse("seoul", "city", None, None).expect("valid");
    let actor = store.create_local_actor(&new, &urls.location(&new.name), &keys).await.expect("actor");
    let inbox = Url::parse("http://spam.localhost:9/inbox").expect("url");
    store.enqueue(&activity("blocked", actor.id, &inbox)).await.expect("enqueue");
    store.set_domain_rule("localhost", ecities_core::hub::DomainRuleKind::Block, None).await.expect("rule");

    let policy = Arc::new(
        ecities_federation::domains::DomainPolicy::new(store.clone(), urls.base(), &[], &[], false).expect("policy"),
    );
    let settings = DeliverySettings::default();
    let clock = Arc::new(ManualClock(Mutex::new(Timestamp::now().plus_millis(1_000))));
    let worker =
        DeliveryWorker::with_domain_policy(store.clone(), Egress::new(true).expect("client"), settings, clock, policy);
    assert_eq!(worker.tick().await, 1);
    let d = &store.deliveries(None, None, Page::first(1)).await.expect("list")[0];
    assert_eq!(d.state, DeliveryState::Failed);
    assert!(d.last_error.as_deref().is_some_and(|e| e.contains("blocked")), "{d:?}");
}

/// A receiver that answers `429 Retry-After: 120` while `busy`, else 202.
async fn start_busy_receiver(busy: Arc<std::sync::atomic::AtomicBool>) -> (Url, Arc<Mutex<usize>>) {
    let hits: Arc<Mutex<usize>> = Arc::default();
    let h = hits.clone();
    let app = Router::new().route(
        "/inbox",
        post(move || {
            let (h, busy) = (h.clone(), busy.clone());
            async move {
                h.lock().map(|mut n| *n += 1).ok();
                if busy.load(std::sync::atomic::Ordering::SeqCst) {
                    (axum::http::StatusCode::TOO_MANY_REQUESTS, [("retry-after", "120")]).into_response()
                } else {
                    axum::http::StatusCode::ACCEPTED.into_response()
                }
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("addr").port();
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (Url::parse(&format!("http://localhost:{port}/inbox")).expect("url"), hits)
}

async fn a_receiver_that_asks_for_time_gets_it_and_nothing_counts_as_failed(store: Arc<SqlStore>) {
    let urls = NodeUrls::new(&Url::parse("http://localhost:1").expect("url")).expect("urls");
    let keys = ecities_federation::keys::generate_keypair().expect("keys");
    let new = NewLocalActor::parse("seoul", "city", None, None).expect("valid");
    let actor = store.create_local_actor(&new, &urls.location(&new.name), &keys).await.expect("actor");
    let busy = Arc::new(std::sync::atomic::AtomicBool::new(true));
    let (inbox, hits) = start_busy_receiver(busy.clone()).await;
    for id in ["a", "b", "c"] {
        store.enqueue(&activity(id, actor.id, &inbox)).await.expect("enqueue");
    }
    let t0 = Timestamp::now().plus_millis(1_000);
    let clock = Arc::new(ManualClock(Mutex::new(t0)));
    // One at a time, whatever the host's answers.
    let settings = DeliverySettings { concurrency: 4, per_host: 1, per_host_max: 1, ..DeliverySettings::default() };
    let worker = DeliveryWorker::new(store.clone(), Egress::new(true).expect("client"), settings, clock.clone());

    // "Too many requests, come back in 120 s": one request, then the host
    // is left alone, and the delivery is not counted as a failed attempt.
    assert_eq!(worker.tick().await, 1);
    let list = store.deliveries(None, Some(DeliveryState::Retrying), Page::first(10)).await.expect("list");
    assert_eq!(list.len(), 1, "{list:?}");
    assert_eq!((list[0].attempts, list[0].last_status), (0, Some(429)));
    assert_eq!(list[0].next_attempt_at, Some(t0.plus_millis(120_000)));
    clock.set(t0.plus_millis(60_000));
    assert_eq!(worker.tick().await, 0, "the host is paused, its other deliveries wait too");
    assert_eq!(*hits.lock().expect("hits"), 1);
    assert!(store.delivery_stats(t0).await.expect("stats").unreachable_hosts.is_empty());

    // When the time is up, everything arrives.
    busy.store(false, std::sync::atomic::Ordering::SeqCst);
    clock.set(t0.plus_millis(120_000));
    for _ in 0..3 {
        assert_eq!(worker.tick().await, 1);
    }
    let all = store.deliveries(None, None, Page::first(10)).await.expect("list");
    assert!(all.iter().all(|d| d.state == DeliveryState::Delivered && d.attempts == 1), "{all:?}");
}

#[tokio::test]
async fn a_receiver_that_asks_for_time_gets_it_and_nothing_counts_as_failed_on_sqlite() {
    on_sqlite(a_receiver_that_asks_for_time_gets_it_and_nothing_counts_as_failed).await;
}

#[tokio::test]
async fn a_receiver_that_asks_for_time_gets_it_and_nothing_counts_as_failed_on_postgres() {
    on_postgres(a_receiver_that_asks_for_time_gets_it_and_nothing_counts_as_failed).await;
}

/// What a receiver saw: requests in flight now, the most at once, and all.
#[derive(Default)]
struct InFlight {
    now: std::sync::atomic::AtomicUsize,
    most: std::sync::atomic::AtomicUsize,
    total: std::sync::atomic::AtomicUsize,
}

/// A receiver that takes 20 ms per request (so that requests sent together
/// overlap) and answers 202, or `429 Retry-After: 1` while `busy`.
async fn start_counting_receiver(busy: Arc<std::sync::atomic::AtomicBool>) -> (Url, Arc<InFlight>) {
    use std::sync::atomic::Ordering::SeqCst;
    let seen: Arc<InFlight> = Arc::default();
    let s = seen.clone();
    let app = Router::new().route(
        "/inbox",
        post(move || {
            let (s, busy) = (s.clone(), busy.clone());
            async move {
                let now = s.now.fetch_add(1, SeqCst) + 1;
                s.most.fetch_max(now, SeqCst);
                s.total.fetch_add(1, SeqCst);
                tokio::time::sleep(Duration::from_millis(20)).await;
                s.now.fetch_sub(1, SeqCst);
                if busy.load(SeqCst) {
                    (axum::http::StatusCode::TOO_MANY_REQUESTS, [("retry-after", "1")]).into_response()
                } else {
                    axum::http::StatusCode::ACCEPTED.into_response()
                }
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("addr").port();
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (Url::parse(&format!("http://localhost:{port}/inbox")).expect("url"), seen)
}

/// A local actor with `n` activities queued for `inbox`.
async fn queue_for(store: &Arc<SqlStore>, inbox: &Url, n: usize) {
    let urls = NodeUrls::new(&Url::parse("http://localhost:1").expect("url")).expect("urls");
    let keys = ecities_federation::keys::generate_keypair().expect("keys");
    let new = NewLocalActor::parse("seoul", "city", None, None).expect("valid");
    let actor = store.create_local_actor(&new, &urls.location(&new.name), &keys).await.expect("actor");
    for i in 0..n {
        store.enqueue(&activity(&format!("a{i}"), actor.id, inbox)).await.expect("enqueue");
    }
}

#[tokio::test]
async fn a_host_that_answers_promptly_gets_more_than_per_host_deliveries_at_once_up_to_the_ceiling() {
    use std::sync::atomic::Ordering::SeqCst;
    on_sqlite(|store| async move {
        let (inbox, seen) = start_counting_receiver(Arc::default()).await;
        queue_for(&store, &inbox, 60).await;
        let clock = Arc::new(ManualClock(Mutex::new(Timestamp::now().plus_millis(1_000))));
        let settings =
            DeliverySettings { concurrency: 64, per_host: 2, per_host_max: 6, ..DeliverySettings::default() };
        let worker = DeliveryWorker::new(store.clone(), Egress::new(true).expect("client"), settings, clock);
        let mut per_tick = Vec::new();
        loop {
            let n = worker.tick().await;
            if n == 0 {
                break;
            }
            per_tick.push(n);
        }
        assert_eq!(per_tick[0], 2, "a host starts at per_host: {per_tick:?}");
        assert!(per_tick.iter().any(|n| *n > 2), "and gets more while it answers promptly: {per_tick:?}");
        assert!(per_tick.iter().all(|n| *n <= 6), "never more than per_host_max: {per_tick:?}");
        assert!((3..=6).contains(&seen.most.load(SeqCst)), "the receiver saw {} at once", seen.most.load(SeqCst));
        assert_eq!(per_tick.iter().sum::<usize>(), 60);
        let all = store.deliveries(None, None, Page::first(100)).await.expect("list");
        assert!(all.iter().all(|d| d.state == DeliveryState::Delivered), "{all:?}");
        assert_eq!(seen.total.load(SeqCst), 60, "each activity sent once");
    })
    .await;
}

#[tokio::test]
async fn a_host_that_answers_429_gets_fewer_deliveries_at_once_and_more_again_a_minute_after_it_recovers() {
    use std::sync::atomic::Ordering::SeqCst;
    on_sqlite(|store| async move {
        let busy = Arc::new(std::sync::atomic::AtomicBool::new(true));
        let (inbox, seen) = start_counting_receiver(busy.clone()).await;
        queue_for(&store, &inbox, 20).await;
        let t0 = Timestamp::now().plus_millis(1_000);
        let clock = Arc::new(ManualClock(Mutex::new(t0)));
        let settings =
            DeliverySettings { concurrency: 64, per_host: 4, per_host_max: 32, ..DeliverySettings::default() };
        let worker = DeliveryWorker::new(store.clone(), Egress::new(true).expect("client"), settings, clock.clone());

        // "Too many requests, come back in a second", to all four: the host
        // is left alone for that second, then gets one at a time.
        let mut t = t0;
        let mut per_tick = Vec::new();
        for _ in 0..4 {
            per_tick.push(worker.tick().await);
            assert_eq!(worker.tick().await, 0, "paused for the second it asked for");
            t = t.plus_millis(1_000);
            clock.set(t);
        }
        assert_eq!(per_tick, vec![4, 1, 1, 1]);
        let host = format!("{}:{}", inbox.host_str().expect("host"), inbox.port().expect("port"));
        assert_eq!(worker.host_window(&host), 1);
        assert!(seen.most.load(SeqCst) <= 4);
        let list = store.deliveries(None, None, Page::first(100)).await.expect("list");
        assert!(list.iter().all(|d| d.attempts == 0 && d.state != DeliveryState::Failed), "deferred, not failed");

        // Healthy again: one at a time for the next minute...
        busy.store(false, SeqCst);
        for _ in 0..3 {
            assert_eq!(worker.tick().await, 1);
        }
        // ...then more again.
        clock.set(t.plus_millis(61_000));
        let mut later = Vec::new();
        for _ in 0..4 {
            later.push(worker.tick().await);
        }
        assert!(later.iter().any(|n| *n > 1), "{later:?}");
        assert!(later.windows(2).all(|p| p[1] >= p[0]), "{later:?}");
    })
    .await;
}
