//! A knowledge space features a practice and takes it back: a
//! Mastodon-shaped follower receives the `Announce`, then the `Undo` of that
//! very `Announce` (by its id), and the curated collection follows; an
//! association on another ecities node that follows the knowledge space
//! records the feature in the practice's provenance, and forgets it again.

use crate::support;

use std::time::Duration;

use reqwest::Method;
use serde_json::{Value, json};
use support::fake_remote::FakeRemote;
use support::{Api, Backend, NodeEnv, eventually};

/// Who relayed the practice with ActivityPub id `id`, as `api`'s node lists it.
async fn relayed_by(api: &Api, id: &str) -> Option<Vec<Value>> {
    let (_, r) = api.get("/api/v1/practices?limit=50").await;
    r["items"].as_array()?.iter().find(|p| p["id"] == id)?["relayed_by"].as_array().cloned()
}

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

async fn another_node_forgets_a_feature_that_was_taken_back(backend: Backend) {
    let (Some(k_env), Some(h_env)) = (NodeEnv::new(backend).await, NodeEnv::new(backend).await) else { return };
    k_env.run_ok(&["actor", "create", "--kind", "city", "--name", "seoul", "--country", "KR"]);
    k_env.run_ok(&["actor", "create", "--kind", "knowledge_space", "--name", "unpaks"]);
    h_env.run_ok(&["actor", "create", "--kind", "association", "--name", "korea", "--country", "KR"]);
    let seoul = k_env.run_ok(&["token", "create", "--actor", "seoul"]);
    let unpaks = k_env.run_ok(&["token", "create", "--actor", "unpaks"]);
    let korea = h_env.run_ok(&["token", "create", "--actor", "korea"]);
    let (k, h) = (k_env.start(), h_env.start());
    let (seoul, unpaks, korea) = (Api::new(&k, &seoul), Api::new(&k, &unpaks), Api::new(&h, &korea));

    let unpaks_url = k.url("/actors/unpaks");
    let (status, body) = korea.send(Method::POST, "/api/v1/follows", json!({ "target": unpaks_url })).await;
    assert!(status == 200 || status == 202, "{body}");
    eventually("the association follows UN-PAKS", WAIT, &[&k, &h], || async {
        let (_, f) = korea.get("/api/v1/follows").await;
        f["items"]
            .as_array()?
            .iter()
            .find(|i| i["actor"] == unpaks_url.as_str() && i["state"] == "accepted")
            .map(|_| ())
    })
    .await;

    let practice = json!({ "title": "Rooftop gardens", "summary": "S.", "content": "Text.", "language": "en",
                           "kind": "best_practice", "sdgs": [11], "country": "KR" });
    let (status, p) = seoul.send(Method::POST, "/api/v1/practices", practice).await;
    assert_eq!(status, 201, "{p}");
    let (key, id) = (p["key"].as_str().expect("key").to_owned(), p["id"].as_str().expect("id").to_owned());
    let (status, body) = unpaks.send(Method::POST, "/api/v1/curated", json!({ "practice": key })).await;
    assert_eq!(status, 201, "{body}");
    eventually("the association records that UN-PAKS featured it", WAIT, &[&k, &h], || async {
        relayed_by(&korea, &id).await?.iter().any(|r| r == unpaks_url.as_str()).then_some(())
    })
    .await;

    let (status, body) = unpaks.send(Method::DELETE, &format!("/api/v1/curated/{key}"), Value::Null).await;
    assert_eq!(status, 204, "{body}");
    eventually("the association forgets the feature", WAIT, &[&k, &h], || async {
        relayed_by(&korea, &id).await.filter(|r| !r.iter().any(|r| r == unpaks_url.as_str())).map(|_| ())
    })
    .await;

    drop((k, h));
    k_env.cleanup().await;
    h_env.cleanup().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_node_forgets_a_feature_that_was_taken_back_on_sqlite() {
    another_node_forgets_a_feature_that_was_taken_back(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_node_forgets_a_feature_that_was_taken_back_on_postgres() {
    another_node_forgets_a_feature_that_was_taken_back(Backend::Postgres).await;
}
