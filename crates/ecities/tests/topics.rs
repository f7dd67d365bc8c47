//! Topics: a saved search on a knowledge space, published as an actor that
//! a Mastodon-shaped account follows over real HTTP; it announces each new
//! matching practice once and nothing else.

use crate::support;

use std::time::Duration;

use reqwest::Method;
use serde_json::{Value, json};
use support::fake_remote::FakeRemote;
use support::{Api, Backend, NodeEnv, as2, eventually};

const WAIT: Duration = Duration::from_secs(30);

fn practice(title: &str, sdg: i64, country: &str) -> Value {
    json!({
        "title": title, "summary": format!("Summary of {title}"), "content": "Body **text**.",
        "language": "en", "kind": "best_practice", "sdgs": [sdg], "country": country
    })
}

async fn a_followed_topic_announces_new_matching_practices_once(backend: Backend) {
    let (Some(city_env), Some(ks_env)) = (NodeEnv::new(backend).await, NodeEnv::new(backend).await) else {
        return;
    };
    let ks_env = ks_env.with_config("[topics]\ninterval_seconds = 1\n");
    city_env.run_ok(&["actor", "create", "--kind", "city", "--name", "seoul", "--country", "KR"]);
    ks_env.run_ok(&["actor", "create", "--kind", "knowledge-space", "--name", "unpaks"]);
    let (city_tok, ks_tok) = (
        city_env.run_ok(&["token", "create", "--actor", "seoul"]),
        ks_env.run_ok(&["token", "create", "--actor", "unpaks"]),
    );
    let ks_read = ks_env.run_ok(&["token", "create", "--actor", "unpaks", "--scope", "read"]);
    ks_env.run_ok(&["actor", "create", "--kind", "association", "--name", "other", "--country", "KR"]);
    let other_tok = ks_env.run_ok(&["token", "create", "--actor", "other"]);
    let (city, ks) = (city_env.start(), ks_env.start());
    let nodes = [&city, &ks];
    let (city_api, ks_api) = (Api::new(&city, &city_tok), Api::new(&ks, &ks_tok));

    // The knowledge space follows the city directly.
    let seoul = city.url("/actors/seoul");
    let (status, body) = ks_api.send(Method::POST, "/api/v1/follows", json!({ "target": seoul })).await;
    assert!(status == 202 || status == 200, "{body}");
    eventually("the follow is accepted", WAIT, &nodes, || async {
        let (_, f) = ks_api.get("/api/v1/follows").await;
        f["items"].as_array()?.iter().find(|i| i["actor"] == seoul.as_str() && i["state"] == "accepted").map(|_| ())
    })
    .await;
    // History: published before the topic exists, never announced by it.
    let (_, old) = city_api.send(Method::POST, "/api/v1/practices", practice("Old bus stops", 11, "KR")).await;
    let old_id = old["id"].as_str().expect("id").to_owned();
    eventually("the knowledge space has the old practice", WAIT, &nodes, || async {
        let (_, r) = ks_api.get("/api/v1/practices?sdg=11").await;
        r["items"].as_array()?.iter().find(|p| p["id"] == old_id.as_str()).map(|_| ())
    })
    .await;

    // Bad topics are refused with clear errors.
    let bad = ks_api.send(Method::POST, "/api/v1/topics", json!({ "name": "broken", "query": "sdg=99" })).await;
    assert_eq!(bad.0, 400, "{}", bad.1);
    assert!(bad.1["message"].as_str().is_some_and(|m| m.contains("sdg")), "{}", bad.1);
    let read_only = Api::new(&ks, &ks_read)
        .send(Method::POST, "/api/v1/topics", json!({ "name": "nope", "query": "sdg=11" }))
        .await;
    assert_eq!(read_only.0, 403, "{}", read_only.1);

    let (status, topic) = ks_api
        .send(
            Method::POST,
            "/api/v1/topics",
            json!({ "name": "sdg11-korea", "title": "SDG 11 in the Republic of Korea", "query": "sdg=11&country=KR" }),
        )
        .await;
    assert_eq!(status, 201, "{topic}");
    let topic_url = topic["id"].as_str().expect("id").to_owned();
    assert_eq!(topic_url, ks.url("/actors/sdg11-korea"));
    let dup = ks_api.send(Method::POST, "/api/v1/topics", json!({ "name": "sdg11-korea", "query": "sdg=6" })).await;
    assert_eq!(dup.0, 409, "{}", dup.1);
    let (_, listed) = ks_api.get("/api/v1/topics").await;
    assert_eq!(listed["items"][0]["query"], "sdg=11&country=KR", "{listed}");
    // Listed on the node's topics page, linked from every page's header.
    let page = reqwest::get(ks.url("/topics")).await.expect("topics page").text().await.expect("html");
    let page = page.replace("&#x2f;", "/");
    assert!(
        page.contains("SDG 11 in the Republic of Korea")
            && page.contains("href=\"/actors/sdg11-korea\"")
            && page.contains("@sdg11-korea@")
            && page.contains("href=\"/search?sdg=11&amp;country=KR\""),
        "{page}"
    );
    let home = reqwest::get(ks.url("/")).await.expect("home").text().await.expect("html").replace("&#x2f;", "/");
    assert!(home.contains("href=\"/topics\""), "the header links the topics page");

    // Found like any account, and typed as a bot.
    let host = ks.url("").trim_start_matches("http://").trim_end_matches('/').to_owned();
    let wf: Value = reqwest::get(ks.url(&format!("/.well-known/webfinger?resource=acct:sdg11-korea@{host}")))
        .await
        .expect("webfinger")
        .json()
        .await
        .expect("json");
    assert!(wf["links"].to_string().contains(&topic_url), "{wf}");
    let doc = as2(&topic_url).await;
    assert_eq!(doc["type"], "Service", "{doc}");

    // A Mastodon account follows the topic.
    let masto = FakeRemote::start("curator").await;
    let follow = json!({ "id": masto.id("/follows/1"), "type": "Follow", "actor": masto.actor, "object": topic_url })
        .to_string();
    assert_eq!(masto.post_signed(&ks.url("/actors/sdg11-korea/inbox"), &follow, None).await.0, 202);
    eventually("the curator's follow is accepted", WAIT, &nodes, || async {
        masto.received().into_iter().find(|a| a["type"] == "Accept").map(|_| ())
    })
    .await;

    // New practices: one that does not match, then one that does.
    let (_, water) = city_api.send(Method::POST, "/api/v1/practices", practice("Water reuse", 6, "KR")).await;
    let (_, lanes) = city_api.send(Method::POST, "/api/v1/practices", practice("Median bus lanes", 11, "KR")).await;
    let lanes_id = lanes["id"].as_str().expect("id").to_owned();
    let boost = eventually("the curator receives the topic's Announce", WAIT, &nodes, || async {
        masto.received().into_iter().find(|a| a["type"] == "Announce" && a["object"] == lanes_id.as_str())
    })
    .await;
    assert_eq!(boost["actor"], topic_url.as_str());
    assert!(boost["to"].to_string().contains("https://www.w3.org/ns/activitystreams#Public"), "{boost}");

    // A few runs later: still exactly one Announce, of the match only.
    tokio::time::sleep(Duration::from_millis(2_500)).await;
    let announced: Vec<String> = masto
        .received()
        .into_iter()
        .filter(|a| a["type"] == "Announce")
        .filter_map(|a| a["object"].as_str().map(str::to_owned))
        .collect();
    assert_eq!(announced, [lanes_id.as_str()], "water ({}) and the old practice are not announced", water["id"]);

    // Its page shows the search and what it finds.
    let page = reqwest::get(&topic_url).await.expect("GET").text().await.expect("html");
    assert!(page.contains("Median bus lanes") && !page.contains("Water reuse"), "{page}");

    // Only the owner removes it; then WebFinger says it is gone (410, as
    // Mastodon answers for a deleted account).
    let other = Api::new(&ks, &other_tok);
    assert_eq!(other.send(Method::DELETE, "/api/v1/topics/sdg11-korea", json!({})).await.0, 403);
    assert_eq!(ks_api.send(Method::DELETE, "/api/v1/topics/unknown", json!({})).await.0, 404);
    assert_eq!(ks_api.send(Method::DELETE, "/api/v1/topics/sdg11-korea", json!({})).await.0, 204);
    let gone = reqwest::get(ks.url(&format!("/.well-known/webfinger?resource=acct:sdg11-korea@{host}")))
        .await
        .expect("webfinger");
    assert_eq!(gone.status(), 410);
    let by_url =
        reqwest::get(ks.url(&format!("/.well-known/webfinger?resource={topic_url}"))).await.expect("webfinger");
    assert_eq!(by_url.status(), 410);
    // Its followers' servers are told the account is gone, signed by it.
    let delete = eventually("the curator receives the Delete of the topic", WAIT, &nodes, || async {
        masto.received().into_iter().find(|a| a["type"] == "Delete" && a["object"] == topic_url.as_str())
    })
    .await;
    assert_eq!(delete["actor"], topic_url.as_str(), "{delete}");
    // Its URL answers 410 with a Tombstone, and its name is not reused.
    let tomb =
        reqwest::Client::new().get(&topic_url).header("Accept", "application/activity+json").send().await.expect("GET");
    assert_eq!(tomb.status(), 410);
    let tomb: Value = tomb.json().await.expect("json");
    assert_eq!(tomb["type"], "Tombstone", "{tomb}");
    let again = ks_api.send(Method::POST, "/api/v1/topics", json!({ "name": "sdg11-korea", "query": "sdg=6" })).await;
    assert_eq!(again.0, 409, "{}", again.1);
    assert!(again.1["message"].as_str().is_some_and(|m| m.contains("deleted")), "{}", again.1);
    let (_, listed) = ks_api.get("/api/v1/topics").await;
    assert_eq!(listed["items"], json!([]), "{listed}");

    city_env.cleanup().await;
    ks_env.cleanup().await;
}

#[tokio::test]
async fn a_followed_topic_announces_new_matching_practices_once_on_sqlite() {
    a_followed_topic_announces_new_matching_practices_once(Backend::Sqlite).await;
}

#[tokio::test]
async fn a_followed_topic_announces_new_matching_practices_once_on_postgres() {
    a_followed_topic_announces_new_matching_practices_once(Backend::Postgres).await;
}
