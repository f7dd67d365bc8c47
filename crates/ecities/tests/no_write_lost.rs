//! No acknowledged write is ever lost, through the real binary: practices
//! are posted until the database fails them (SQLite full, PostgreSQL
//! backends terminated), every 201 is there after a restart, no error left
//! a practice without its Create activity or without the relay its
//! association owes it, `/readyz` tells the fault while it lasts, and the
//! node writes again once it is over — without a restart.

use crate::support;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use reqwest::Method;
use serde_json::{Value, json};
use sqlx::{Connection, Executor, Row};
use support::fake_remote::FakeRemote;
use support::{Api, Backend, Node, NodeEnv, eventually};

fn practice(i: usize) -> Value {
    json!({
        "title": format!("Durable practice {i}"),
        "summary": "Posted until the database fails",
        "content": "Enough words to take some room in the database. ".repeat(40),
        "language": "en", "kind": "policy", "sdgs": [11], "country": "KR",
    })
}

async fn readyz(node: &Node) -> (u16, Value) {
    let r = reqwest::get(node.url("/readyz")).await.expect("GET /readyz");
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

/// The association `korea` on the same node follows `seoul` (its member)
/// and relays what it publishes at once.
async fn korea_follows_seoul(env: &NodeEnv, node: &Node) {
    let korea = Api::new(node, &env.run_ok(&["token", "create", "--actor", "korea"]));
    let (status, body) =
        korea.send(Method::POST, "/api/v1/follows", json!({ "target": node.url("/actors/seoul") })).await;
    assert!((200..300).contains(&status), "{status} {body}");
    eventually("korea follows seoul", Duration::from_secs(30), &[node], || async {
        let (_, body) = korea.get("/api/v1/follows").await;
        body.to_string().contains("accepted").then_some(())
    })
    .await;
}

/// After a restart: every acknowledged practice is served, and no local
/// practice in the database lacks its Create activity or the relay (with
/// its Announce) of a local association following its author: nothing
/// half there.
async fn check_after_restart(env: &NodeEnv, token: &str, acked: &BTreeMap<String, String>) {
    let node = env.start();
    let api = Api::new(&node, token);
    for (title, id) in acked {
        let (status, body) = api.get(&format!("/api/v1/practices/{}", url_escape(id))).await;
        assert_eq!(status, 200, "{title} ({id}) was acknowledged but is gone: {body}");
    }
    drop(node);
    let store = ecities_store::connect(&env.database_url.parse().expect("url"), Some(1)).await.expect("connect");
    let half = sqlx::query(
        "SELECT COUNT(*) AS n FROM practices p WHERE p.local = 1 AND NOT EXISTS \
         (SELECT 1 FROM outgoing_activities o WHERE o.kind = 'Create' AND o.body LIKE '%' || p.ap_id || '%')",
    )
    .fetch_one(store.pool())
    .await
    .expect("query");
    assert_eq!(half.try_get::<i64, _>("n").expect("n"), 0, "practices without their Create");
    let unrelayed = sqlx::query(
        "SELECT COUNT(*) AS n FROM practices p \
         JOIN follows f ON f.target_id = p.author_id AND f.state = 'accepted' \
         JOIN actors a ON a.id = f.follower_id AND a.local = 1 AND a.kind = 'association' \
         WHERE p.local = 1 AND p.deleted_at IS NULL AND (NOT EXISTS \
           (SELECT 1 FROM practice_relays r WHERE r.practice_id = p.id AND r.actor_id = a.id) OR NOT EXISTS \
           (SELECT 1 FROM outgoing_activities o WHERE o.actor_id = a.id AND o.kind = 'Announce' \
              AND o.body LIKE '%' || p.ap_id || '%'))",
    )
    .fetch_one(store.pool())
    .await
    .expect("query");
    assert_eq!(unrelayed.try_get::<i64, _>("n").expect("n"), 0, "practices without their association's relay");
    let relays = sqlx::query("SELECT COUNT(*) AS n FROM practice_relays").fetch_one(store.pool()).await.expect("q");
    assert!(relays.try_get::<i64, _>("n").expect("n") > 0, "the association relayed nothing at all");
    store.close().await;
}

/// A signed `Create` of a public article by `remote`, number `i`.
fn remote_create(remote: &FakeRemote, i: usize) -> (String, String) {
    let object = remote.id(&format!("/articles/{i}"));
    let activity = json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": remote.id(&format!("/activities/create-{i}")), "type": "Create", "actor": remote.actor,
        "object": { "id": object, "type": "Article", "attributedTo": remote.actor,
                    "name": format!("Remote practice {i}"), "summary": "Received until the database fails",
                    "content": "Enough words to take some room in the database. ".repeat(40),
                    "to": ["https://www.w3.org/ns/activitystreams#Public"] }
    });
    (object, activity.to_string())
}

/// `remote` and the local `seoul` follow each other (so its posts are stored).
async fn befriend(node: &Node, api: &Api, remote: &FakeRemote) {
    let inbox = node.url("/inbox");
    let follow = json!({ "@context": "https://www.w3.org/ns/activitystreams", "id": remote.id("/follows/1"),
                         "type": "Follow", "actor": remote.actor, "object": node.url("/actors/seoul") })
    .to_string();
    assert_eq!(remote.post_signed(&inbox, &follow, None).await.0, 202);
    let (status, body) = api.send(Method::POST, "/api/v1/follows", json!({ "target": remote.actor })).await;
    assert_eq!(status, 202, "{body}");
    let ours = eventually("seoul's Follow arrives", Duration::from_secs(30), &[node], || async {
        remote.received().into_iter().find(|a| a["type"] == "Follow")
    })
    .await;
    let accept =
        json!({ "id": remote.id("/accepts/1"), "type": "Accept", "actor": remote.actor, "object": ours }).to_string();
    assert_eq!(remote.post_signed(&inbox, &accept, None).await.0, 202);
}

fn url_escape(id: &str) -> String {
    id.replace(':', "%3A").replace('/', "%2F")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_full_acknowledges_only_what_is_committed_and_readyz_tells_until_space_is_back() {
    let Some(env) = NodeEnv::new(Backend::Sqlite).await else { return };
    env.run_ok(&["actor", "create", "--kind", "city", "--name", "seoul", "--country", "KR"]);
    env.run_ok(&["actor", "create", "--kind", "association", "--name", "korea", "--country", "KR"]);
    let token = env.run_ok(&["token", "create", "--actor", "seoul"]);

    // Ballast that another connection deletes later ("space is back"),
    // then a size limit a few pages above what the database holds now.
    let file = env.database_url.trim_start_matches("sqlite://").to_owned();
    let mut side = sqlx::SqliteConnection::connect(&format!("sqlite://{file}")).await.expect("side connection");
    side.execute("CREATE TABLE test_ballast (b BLOB)").await.expect("ballast table");
    for _ in 0..100 {
        side.execute("INSERT INTO test_ballast VALUES (randomblob(4000))").await.expect("ballast");
    }
    let pages: i64 =
        sqlx::query("PRAGMA page_count").fetch_one(&mut side).await.expect("page count").try_get(0).expect("int");
    let env = env.with_config(&format!("[database]\nsqlite_max_pages = {}\n", pages + 40));

    let node = env.start();
    let api = Api::new(&node, &token);
    assert_eq!(readyz(&node).await, (200, json!({"status": "ready"})));
    korea_follows_seoul(&env, &node).await;
    let remote = FakeRemote::start("hanoi").await;
    befriend(&node, &api, &remote).await;
    // Through the API and the inbox, turn about, until the database fails.
    let (mut acked, mut errors) = (BTreeMap::new(), 0);
    let (mut received, mut refused) = (Vec::new(), Vec::new());
    for i in 0..400 {
        let (status, body) = api.send(Method::POST, "/api/v1/practices", practice(i)).await;
        match status {
            201 => {
                acked.insert(format!("Durable practice {i}"), body["id"].as_str().expect("id").to_owned());
            }
            500 => errors += 1,
            other => panic!("unexpected {other}: {body}"),
        }
        let (object, activity) = remote_create(&remote, i);
        let (status, body) = remote.post_signed(&node.url("/inbox"), &activity, None).await;
        match status {
            202 => received.push(object),
            // Retryable: the sender comes back later.
            500 | 503 => refused.push((object, activity)),
            other => panic!("the inbox answered {other} to a valid activity: {body}"),
        }
        if errors >= 10 {
            break;
        }
    }
    assert!(errors >= 10 && !acked.is_empty(), "acked {} errors {errors}", acked.len());
    assert!(!received.is_empty() && !refused.is_empty(), "inbox: {} stored, {} refused", received.len(), refused.len());

    // While the database is full, /readyz says so, with the database's words.
    let (status, body) = readyz(&node).await;
    assert_eq!(status, 503, "{body}");
    assert_eq!(body["status"], "unready");
    let problem = body["problems"].as_array().and_then(|p| p.iter().find(|p| p["check"] == "database_writable"));
    let message = problem.and_then(|p| p["message"].as_str()).unwrap_or_default();
    assert!(message.contains("full"), "{body}");
    let live = reqwest::get(node.url("/healthz")).await.expect("GET /healthz").status().as_u16();
    assert_eq!(live, 200, "liveness stays separate from readiness");

    // Space is back: the node takes writes again without a restart.
    side.execute("DELETE FROM test_ballast").await.expect("free space");
    side.close().await.expect("close");
    eventually("readyz recovers", Duration::from_secs(30), &[&node], || async {
        (readyz(&node).await.0 == 200).then_some(())
    })
    .await;
    let (status, body) = api.send(Method::POST, "/api/v1/practices", practice(10_000)).await;
    assert_eq!(status, 201, "{body}");
    acked.insert("Durable practice 10000".into(), body["id"].as_str().expect("id").to_owned());
    // The sender's retries of what was refused: processed now, or "come
    // back later" while a claim from the failure ages out — never marked
    // done without being stored.
    for (object, activity) in &refused {
        let (status, body) = remote.post_signed(&node.url("/inbox"), activity, None).await;
        match status {
            202 => received.push(object.clone()),
            503 => assert_eq!(body["error"], "in_progress", "{body}"),
            other => panic!("a retry answered {other}: {body}"),
        }
    }
    drop(node);
    // Every activity answered 202 is stored, after a restart.
    let node = env.start();
    let api = Api::new(&node, &token);
    for object in &received {
        let (status, body) = api.get(&format!("/api/v1/practices/{}", url_escape(object))).await;
        assert_eq!(status, 200, "{object} was accepted (202) but is not stored: {body}");
    }
    drop(node);

    check_after_restart(&env, &token, &acked).await;
    env.cleanup().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_backends_terminated_mid_load_lose_no_acknowledged_practice() {
    let Some(env) = NodeEnv::new(Backend::Postgres).await else { return };
    env.run_ok(&["actor", "create", "--kind", "city", "--name", "seoul", "--country", "KR"]);
    env.run_ok(&["actor", "create", "--kind", "association", "--name", "korea", "--country", "KR"]);
    let token = env.run_ok(&["token", "create", "--actor", "seoul"]);
    let node = env.start();
    korea_follows_seoul(&env, &node).await;

    // Every 100 ms every backend of the database is terminated, 30 times,
    // while four writers publish without pause: each round fails the writes
    // in flight, and the gaps let the pool reconnect and writes get through
    // even on a loaded machine.
    let done = Arc::new(AtomicBool::new(false));
    let killer = {
        let (done, url) = (done.clone(), env.database_url.clone());
        tokio::spawn(async move {
            let mut conn = sqlx::PgConnection::connect(&url).await.expect("killer connects");
            let mut kills = 0;
            for _ in 0..30 {
                tokio::time::sleep(Duration::from_millis(100)).await;
                let row = sqlx::query(
                    "SELECT count(pg_terminate_backend(pid)) AS n FROM pg_stat_activity \
                     WHERE datname = current_database() AND pid <> pg_backend_pid()",
                )
                .fetch_one(&mut conn)
                .await
                .expect("terminate");
                kills += row.try_get::<i64, _>("n").expect("n");
            }
            done.store(true, Ordering::Relaxed);
            kills
        })
    };
    let mut writers = Vec::new();
    for w in 0..4 {
        let api = Api::new(&node, &token);
        let done = done.clone();
        writers.push(tokio::spawn(async move {
            let (mut acked, mut errors) = (BTreeMap::new(), 0);
            let mut n = 0;
            while !done.load(Ordering::Relaxed) && n < 1000 {
                let i = w * 1000 + n;
                n += 1;
                let (status, body) = api.send(Method::POST, "/api/v1/practices", practice(i)).await;
                match status {
                    201 => {
                        acked.insert(format!("Durable practice {i}"), body["id"].as_str().expect("id").to_owned());
                    }
                    500 | 503 => errors += 1,
                    other => panic!("unexpected {other}: {body}"),
                }
            }
            (acked, errors)
        }));
    }
    let (mut acked, mut errors) = (BTreeMap::new(), 0);
    for w in writers {
        let (a, e) = w.await.expect("writer");
        acked.extend(a);
        errors += e;
    }
    let kills = killer.await.expect("killer");
    assert!(kills > 0 && errors > 0, "no backend was terminated mid-load ({kills} kills, {errors} errors)");
    assert!(!acked.is_empty(), "nothing was acknowledged at all");

    // The same process recovers: ready, and writes again.
    eventually("readyz recovers", Duration::from_secs(30), &[&node], || async {
        (readyz(&node).await.0 == 200).then_some(())
    })
    .await;
    let api = Api::new(&node, &token);
    let (status, body) = api.send(Method::POST, "/api/v1/practices", practice(99_999)).await;
    assert_eq!(status, 201, "{body}");
    acked.insert("Durable practice 99999".into(), body["id"].as_str().expect("id").to_owned());
    drop(node);

    check_after_restart(&env, &token, &acked).await;
    env.cleanup().await;
}
