//! A knowledge space features a practice and takes it back: a
//! Mastodon-shaped follower receives the `Announce`, then the `Undo` of that
//! very `Announce` (by its id), and the curated collection follows.

mod support;

use std::time::Duration;

use reqwest::Method;
use serde_json::{Value, json};
use support::fake_remote::FakeRemote;
use support::{Api, Backend, NodeEnv, eventually};

const WAIT: Duration = Duration::from_secs(30);

async fn an_unfeatured_practice_is_undone_for_the_curators_followers(backend: Backend) {
    let Some(env) = NodeEnv::new(backend).await else { return };
    env.run_ok(&["actor", "create", "--kind", "city", "--name", "seoul", "--country", "KR"]);
    env.run_ok(&["actor", "create", "--kind", "knowledge_space", "--name", "unpaks", "--display-name", "UN-PAKS"]);
    let seoul = env.run_ok(&["token", "create", "--actor", "seoul"]);
    let unpaks = env.run_ok(&["token", "create", "--actor", "unpaks"]);
    let node = env.start();
    let (seoul, unpaks) = (Api::new(&node, &seoul), Api::new(&node, &unpaks));

    let fan = FakeRemote::start("fan").await;
    let follow = json!({ "id": fan.id("/follows/1"), "type": "Follow", "actor": fan.actor,
                         "object": node.url("/actors/unpaks") })
    .to_string();
    assert_eq!(fan.post_signed(&node.url("/inbox"), &follow, None).await.0, 202);

    let practice = json!({ "title": "Rooftop gardens", "summary": "S.", "content": "Text.", "language": "en",
                           "kind": "best_practice", "sdgs": [11], "country": "KR" });
    let (status, p) = seoul.send(Method::POST, "/api/v1/practices", practice).await;
    assert_eq!(status, 201, "{p}");
    let key = p["key"].as_str().expect("key").to_owned();

    let (status, body) = unpaks.send(Method::POST, "/api/v1/curated", json!({ "practice": key })).await;
    assert_eq!(status, 201, "{body}");
    let announce = eventually("the follower receives the Announce", WAIT, &[&node], || async {
        fan.received().into_iter().find(|a| a["type"] == "Announce" && a["object"] == p["id"])
    })
    .await;

    // Only the curator takes it back; then it is gone, and once only.
    let path = format!("/api/v1/curated/{key}");
    let (status, body) = seoul.send(Method::DELETE, &path, Value::Null).await;
    assert_eq!(status, 403, "{body}");
    let (status, body) = unpaks.send(Method::DELETE, &path, Value::Null).await;
    assert_eq!(status, 204, "{body}");
    let (status, body) = unpaks.send(Method::DELETE, &path, Value::Null).await;
    assert_eq!((status, body["error"].as_str()), (404, Some("not_found")), "{body}");
    let curated: Value =
        reqwest::get(node.url("/api/v1/actors/unpaks/curated")).await.expect("GET").json().await.expect("json");
    assert_eq!(curated["items"], json!([]));

    let undo = eventually("the follower receives the Undo of that Announce", WAIT, &[&node], || async {
        fan.received().into_iter().find(|a| a["type"] == "Undo")
    })
    .await;
    assert_eq!(undo["actor"], node.url("/actors/unpaks"));
    assert_eq!(undo["object"]["type"], "Announce");
    assert_eq!(undo["object"]["id"], announce["id"], "the Undo names the Announce it takes back");
    assert_eq!(undo["object"]["object"], p["id"]);

    drop(node);
    env.cleanup().await;
}

#[tokio::test]
async fn an_unfeatured_practice_is_undone_for_the_curators_followers_on_sqlite() {
    an_unfeatured_practice_is_undone_for_the_curators_followers(Backend::Sqlite).await;
}

#[tokio::test]
async fn an_unfeatured_practice_is_undone_for_the_curators_followers_on_postgres() {
    an_unfeatured_practice_is_undone_for_the_curators_followers(Backend::Postgres).await;
}
