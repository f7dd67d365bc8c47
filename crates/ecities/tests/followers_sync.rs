//! Followers synchronisation between two real nodes (FEP-8fcf): follows
//! lost behind a node's back (deleted in its database) are repaired by
//! the next delivery, whichever side lost them.

use crate::support;

use std::time::Duration;

use reqwest::Method;
use serde_json::{Value, json};
use support::{Api, Backend, NodeEnv, eventually};

const WAIT: Duration = Duration::from_secs(30);

/// Deletes `follower`'s follow of `target` straight from the node's
/// database: what a lost row, a restored backup or a bug leaves behind.
async fn delete_follow_behind_the_nodes_back(env: &NodeEnv, follower: &str, target: &str) {
    let url: ecities_store::DatabaseUrl = env.database_url.parse().expect("db url");
    let store = ecities_store::connect(&url, Some(1)).await.expect("open the node's database");
    let done = sqlx::query(
        "DELETE FROM follows WHERE follower_id IN (SELECT id FROM actors WHERE url = $1) \
         AND target_id IN (SELECT id FROM actors WHERE url = $2)",
    )
    .bind(follower.to_owned())
    .bind(target.to_owned())
    .execute(store.pool())
    .await
    .expect("delete the follow");
    assert_eq!(done.rows_affected(), 1, "{follower} followed {target}");
    store.close().await;
}

/// The actor URLs of a follows or followers listing, with their states.
async fn listed(api: &Api, path: &str) -> Vec<(String, String)> {
    let (status, r) = api.get(path).await;
    assert_eq!(status, 200, "{r}");
    r["items"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|f| (f["actor"].as_str().unwrap_or("").to_owned(), f["state"].as_str().unwrap_or("").to_owned()))
        .collect()
}

async fn a_follow_lost_by_either_node_is_repaired_after_the_next_delivery(backend: Backend) {
    let Some(a_env) = NodeEnv::new(backend).await else { return };
    let Some(b_env) = NodeEnv::new(backend).await else { return };
    a_env.run_ok(&["actor", "create", "--kind", "city", "--name", "kisumu", "--country", "KE"]);
    let kisumu_token = a_env.run_ok(&["token", "create", "--actor", "kisumu"]);
    let mut tokens = Vec::new();
    for name in ["nakuru", "eldoret", "thika"] {
        b_env.run_ok(&["actor", "create", "--kind", "city", "--name", name, "--country", "KE"]);
        tokens.push(b_env.run_ok(&["token", "create", "--actor", name]));
    }
    let (a, b) = (a_env.start(), b_env.start());
    let nodes = [&a, &b];
    let kisumu = a.url("/actors/kisumu");
    let kisumu_api = Api::new(&a, &kisumu_token);
    let [nakuru, eldoret, thika] = ["nakuru", "eldoret", "thika"].map(|n| b.url(&format!("/actors/{n}")));
    let apis: Vec<Api> = tokens.iter().map(|t| Api::new(&b, t)).collect();

    // The three cities of B follow Kisumu.
    for api in &apis {
        let (status, body) = api.send(Method::POST, "/api/v1/follows", json!({ "target": kisumu })).await;
        assert_eq!(status, 202, "{body}");
    }
    for api in &apis {
        eventually("Kisumu accepts the follow", WAIT, &nodes, || async {
            (listed(api, "/api/v1/follows").await == [(kisumu.clone(), "accepted".to_owned())]).then_some(())
        })
        .await;
    }

    // The partial followers collection is for signed requests only.
    let partial = a.url("/actors/kisumu/followers/synchronization");
    let r = reqwest::Client::new()
        .get(&partial)
        .header("Accept", "application/activity+json")
        .send()
        .await
        .expect("GET the partial collection");
    assert_eq!(r.status(), 401);
    let body: Value = r.json().await.expect("a JSON error");
    assert_eq!(body["error"], "signature_required", "{body}");

    // A loses Eldoret as a follower, B loses Thika's follow: neither side
    // hears of it.
    delete_follow_behind_the_nodes_back(&a_env, &eldoret, &kisumu).await;
    delete_follow_behind_the_nodes_back(&b_env, &thika, &kisumu).await;

    // Kisumu publishes: its delivery to B carries the digest of what A
    // holds (Nakuru and Thika); B finds it differs, reads A's partial
    // collection and repairs both differences.
    let (status, created) = kisumu_api
        .send(
            Method::POST,
            "/api/v1/practices",
            json!({ "title": "Market day buses", "summary": "s", "content": "c", "language": "en",
                    "kind": "best_practice", "sdgs": [11], "country": "KE" }),
        )
        .await;
    assert_eq!(status, 201, "{created}");
    // Eldoret, which A no longer counts as a follower, stops following.
    eventually("Eldoret's follow that Kisumu lost is removed on B", WAIT, &nodes, || async {
        listed(&apis[1], "/api/v1/follows").await.is_empty().then_some(())
    })
    .await;
    // Thika, which B no longer follows with, is dropped by A (an Undo).
    eventually("Kisumu drops the follower B lost", WAIT, &nodes, || async {
        let followers: Vec<String> =
            listed(&kisumu_api, "/api/v1/followers").await.into_iter().map(|(actor, _)| actor).collect();
        (followers == [nakuru.clone()]).then_some(())
    })
    .await;
    // Nakuru, on both lists, is untouched, and got the practice.
    assert_eq!(listed(&apis[0], "/api/v1/follows").await, [(kisumu.clone(), "accepted".to_owned())]);
    assert!(listed(&apis[2], "/api/v1/follows").await.is_empty());
    let log = b.log_text();
    assert!(log.contains("followers sync: differences repaired"), "B logged the repair");

    drop(a);
    drop(b);
    a_env.cleanup().await;
    b_env.cleanup().await;
}

#[tokio::test]
async fn a_follow_lost_by_either_node_is_repaired_after_the_next_delivery_on_sqlite() {
    a_follow_lost_by_either_node_is_repaired_after_the_next_delivery(Backend::Sqlite).await;
}

#[tokio::test]
async fn a_follow_lost_by_either_node_is_repaired_after_the_next_delivery_on_postgres() {
    a_follow_lost_by_either_node_is_repaired_after_the_next_delivery(Backend::Postgres).await;
}

/// Followers of Kisumu on B that B does not know: more than one page of
/// the partial followers collection (100 ids a page).
const GHOSTS: usize = 120;

/// A GET signed with the key of `actor`, a local actor of `env`'s node.
async fn signed_get(env: &NodeEnv, name: &str, actor: &str, url: &str) -> Value {
    use ecities_core::store::ActorStore;
    let db: ecities_store::DatabaseUrl = env.database_url.parse().expect("db url");
    let store = ecities_store::connect(&db, Some(1)).await.expect("open the node's database");
    let local = store
        .local_actor_by_name(&ecities_core::actor::ActorName::parse(name).expect("name"))
        .await
        .expect("lookup")
        .expect("the local actor");
    let pem = store.private_key(local.id).await.expect("key");
    store.close().await;
    let key = ecities_federation::signatures::SigningKey::from_pem(&url::Url::parse(actor).expect("url"), &pem)
        .expect("signing key");
    let target = url::Url::parse(url).expect("url");
    let mut req = reqwest::Client::new().get(url).header("Accept", "application/activity+json");
    for (k, v) in key.sign("GET", &target, None, None).expect("sign") {
        req = req.header(k, v);
    }
    let r = req.send().await.expect("GET");
    assert_eq!(r.status(), 200, "{url}");
    r.json().await.expect("JSON")
}

async fn a_partial_followers_collection_larger_than_a_page_is_paged_and_read_in_full(backend: Backend) {
    let Some(a_env) = NodeEnv::new(backend).await else { return };
    let Some(b_env) = NodeEnv::new(backend).await else { return };
    a_env.run_ok(&["actor", "create", "--kind", "city", "--name", "kisumu", "--country", "KE"]);
    let kisumu_token = a_env.run_ok(&["token", "create", "--actor", "kisumu"]);
    b_env.run_ok(&["actor", "create", "--kind", "city", "--name", "nakuru", "--country", "KE"]);
    let nakuru_token = b_env.run_ok(&["token", "create", "--actor", "nakuru"]);
    let (a, b) = (a_env.start(), b_env.start());
    let nodes = [&a, &b];
    let kisumu = a.url("/actors/kisumu");
    let nakuru = b.url("/actors/nakuru");
    let nakuru_api = Api::new(&b, &nakuru_token);
    let (status, body) = nakuru_api.send(Method::POST, "/api/v1/follows", json!({ "target": kisumu })).await;
    assert_eq!(status, 202, "{body}");
    eventually("Kisumu accepts Nakuru", WAIT, &nodes, || async {
        (listed(&nakuru_api, "/api/v1/follows").await == [(kisumu.clone(), "accepted".to_owned())]).then_some(())
    })
    .await;
    // A counts 120 more followers on B, which B never heard of (ids that
    // sort before Nakuru's: Nakuru is on the second page).
    let ghosts: Vec<_> = (0..GHOSTS)
        .map(|n| {
            let id = b.url(&format!("/actors/ghost{n:03}"));
            support::remote_actor(&id, &format!("{id}/inbox"), Some(&b.url("/inbox")))
        })
        .collect();
    support::add_followers(&a_env, "kisumu", &ghosts).await;

    // Signed by Nakuru (a server on B): paged, 100 ids then 21.
    let partial = a.url("/actors/kisumu/followers/synchronization");
    let collection = signed_get(&b_env, "nakuru", &nakuru, &partial).await;
    assert_eq!(collection["type"], "OrderedCollection", "{collection}");
    assert_eq!(collection["totalItems"], GHOSTS + 1, "{collection}");
    assert!(collection.get("orderedItems").is_none(), "a large share is paged: {collection}");
    let first = collection["first"].as_str().expect("a first page").to_owned();
    let page1 = signed_get(&b_env, "nakuru", &nakuru, &first).await;
    assert_eq!(page1["type"], "OrderedCollectionPage", "{page1}");
    assert_eq!(page1["partOf"].as_str(), Some(partial.as_str()));
    assert_eq!(page1["orderedItems"].as_array().map(Vec::len), Some(100));
    let next = page1["next"].as_str().expect("a next page").to_owned();
    let page2 = signed_get(&b_env, "nakuru", &nakuru, &next).await;
    assert_eq!(page2["orderedItems"].as_array().map(Vec::len), Some(GHOSTS + 1 - 100));
    assert!(page2.get("next").is_none(), "the last page: {page2}");
    let mut listed_ids: Vec<String> = [&page1, &page2]
        .iter()
        .flat_map(|p| p["orderedItems"].as_array().cloned().unwrap_or_default())
        .filter_map(|v| v.as_str().map(str::to_owned))
        .collect();
    let before = listed_ids.len();
    listed_ids.dedup();
    assert_eq!(listed_ids.len(), before, "no id on two pages");
    assert!(listed_ids.contains(&nakuru), "Nakuru is listed");
    assert_eq!(listed_ids.last(), Some(&nakuru), "in order, Nakuru last");

    // Kisumu publishes; B finds the digests differ (121 ids against its
    // one), reads both pages and keeps Nakuru's follow: had it read only
    // the first page, it would have dropped it.
    let (status, created) = Api::new(&a, &kisumu_token)
        .send(
            Method::POST,
            "/api/v1/practices",
            json!({ "title": "Lake ferry timetable", "summary": "s", "content": "c", "language": "en",
                    "kind": "best_practice", "sdgs": [11], "country": "KE" }),
        )
        .await;
    assert_eq!(status, 201, "{created}");
    eventually("B compares the followers after the delivery", WAIT, &nodes, || async {
        b.log_text().contains("followers sync: differences repaired").then_some(())
    })
    .await;
    assert!(!b.log_text().contains("could not be read in full"), "B read every page");
    assert_eq!(listed(&nakuru_api, "/api/v1/follows").await, [(kisumu.clone(), "accepted".to_owned())]);

    drop(a);
    drop(b);
    a_env.cleanup().await;
    b_env.cleanup().await;
}

#[tokio::test]
async fn a_partial_followers_collection_larger_than_a_page_is_paged_and_read_in_full_on_sqlite() {
    a_partial_followers_collection_larger_than_a_page_is_paged_and_read_in_full(Backend::Sqlite).await;
}

#[tokio::test]
async fn a_partial_followers_collection_larger_than_a_page_is_paged_and_read_in_full_on_postgres() {
    a_partial_followers_collection_larger_than_a_page_is_paged_and_read_in_full(Backend::Postgres).await;
}
