//! Two real `ecities` processes federating over loopback with real
//! signatures: follow, publish, edit, delete.

use crate::support;

use std::time::Duration;

use reqwest::Method;
use serde_json::{Value, json};
use support::{Api, Backend, NodeEnv, as2, eventually};

const WAIT: Duration = Duration::from_secs(30);

fn practice_body(title: &str) -> Value {
    json!({
        "title": title,
        "summary": "Seoul reorganised its bus network around trunk lines and median bus lanes.",
        "content": "## What we did\n\nMedian **bus lanes** on 12 corridors.",
        "language": "en",
        "kind": "best_practice",
        "sdgs": [11, 13],
        "country": "KR",
        "themes": ["e-government"],
        "problem": "Congestion and slow buses.",
        "translations": { "ko": { "title": "서울 버스 개편", "summary": "간선 버스 중심으로 개편했습니다." } }
    })
}

async fn city_b_follows_a_and_sees_publish_edit_and_delete(backend: Backend) {
    let (Some(a_env), Some(b_env)) = (NodeEnv::new(backend).await, NodeEnv::new(backend).await) else {
        return;
    };
    a_env.run_ok(&[
        "actor",
        "create",
        "--kind",
        "city",
        "--name",
        "seoul",
        "--display-name",
        "Seoul",
        "--country",
        "KR",
    ]);
    b_env.run_ok(&[
        "actor",
        "create",
        "--kind",
        "city",
        "--name",
        "busan",
        "--display-name",
        "Busan",
        "--country",
        "KR",
    ]);
    let a_token = a_env.run_ok(&["token", "create", "--actor", "seoul"]);
    let b_token = b_env.run_ok(&["token", "create", "--actor", "busan"]);
    let a = a_env.start();
    let b = b_env.start();
    let (a_api, b_api) = (Api::new(&a, &a_token), Api::new(&b, &b_token));
    let seoul_url = format!("{}/actors/seoul", a.base);

    // B follows A by handle; A accepts automatically.
    let handle = format!("seoul@localhost:{}", a_env.port);
    let (status, body) = b_api.send(Method::POST, "/api/v1/follows", json!({ "target": handle })).await;
    assert_eq!(status, 202, "{body}");
    assert_eq!(body["state"], "pending");
    assert_eq!(body["actor"], seoul_url);
    eventually("B's follow of A is accepted", WAIT, &[&a, &b], || async {
        let (_, f) = b_api.get("/api/v1/follows").await;
        (f["items"][0]["state"] == "accepted").then_some(())
    })
    .await;
    let (_, followers) = a_api.get("/api/v1/followers").await;
    assert_eq!(followers["items"][0]["actor"], format!("{}/actors/busan", b.base));
    let collection = as2(&format!("{seoul_url}/followers")).await;
    assert_eq!(collection["type"], "OrderedCollection");
    assert_eq!(collection["totalItems"], 1);
    let page = as2(collection["first"].as_str().expect("first page")).await;
    assert_eq!(page["orderedItems"], json!([format!("{}/actors/busan", b.base)]));
    let following = as2(&format!("{}/actors/busan/following?page=true", b.base)).await;
    assert_eq!(following["orderedItems"], json!([seoul_url]));
    let finger: Value = reqwest::get(format!("{}/.well-known/webfinger?resource=acct:{handle}", a.base))
        .await
        .expect("GET")
        .json()
        .await
        .expect("jrd");
    assert_eq!(finger["links"][0]["href"], seoul_url);

    // A publishes; B stores it after verifying A's signature.
    let (status, created) = a_api.send(Method::POST, "/api/v1/practices", practice_body("Seoul bus reform")).await;
    assert_eq!(status, 201, "{created}");
    let ap_id = created["id"].as_str().expect("id").to_owned();
    let url = created["url"].as_str().expect("url").to_owned();
    let found = eventually("B stores A's practice", WAIT, &[&a, &b], || async {
        let (_, r) = b_api.get("/api/v1/practices?q=bus").await;
        r["items"].as_array().and_then(|items| items.iter().find(|p| p["id"] == ap_id.as_str()).cloned())
    })
    .await;
    assert_eq!(found["title"], "Seoul bus reform");
    assert_eq!(found["author"], seoul_url);
    assert_eq!(found["sdgs"], json!([11, 13]));
    assert_eq!(found["country"], "KR");
    assert_eq!(found["kind"], "best_practice");
    assert_eq!(found["local"], false);
    assert_eq!(found["translations"]["ko"]["title"], "서울 버스 개편");

    let outbox = as2(&format!("{seoul_url}/outbox?page=true")).await;
    assert_eq!(outbox["orderedItems"][0]["type"], "Create");
    assert_eq!(outbox["orderedItems"][0]["object"]["id"], ap_id.as_str());
    let article = as2(&ap_id).await;
    assert_eq!((article["type"].as_str(), article["name"].as_str()), (Some("Article"), Some("Seoul bus reform")));
    assert_eq!(article["nameMap"]["ko"], "서울 버스 개편");

    // A edits; B shows the edit.
    let (status, edited) = a_api
        .send(
            Method::PATCH,
            &format!("/api/v1/practices/{}", support::urlencode(&ap_id)),
            json!({ "title": "Seoul bus reform, ten years on" }),
        )
        .await;
    assert_eq!(status, 200, "{edited}");
    eventually("B shows A's edit", WAIT, &[&a, &b], || async {
        let (_, r) = b_api.get("/api/v1/practices?q=years").await;
        r["items"].as_array().and_then(|items| {
            items.iter().find(|p| p["id"] == ap_id.as_str() && p["title"] == "Seoul bus reform, ten years on").cloned()
        })
    })
    .await;

    // A deletes; B drops it and A's URL answers 410 with a Tombstone.
    let key = url.rsplit('/').next().expect("key").to_owned();
    let (status, _) = a_api.send(Method::DELETE, &format!("/api/v1/practices/{key}"), json!({})).await;
    assert_eq!(status, 204);
    eventually("B drops A's practice", WAIT, &[&a, &b], || async {
        let (_, r) = b_api.get("/api/v1/practices").await;
        (r["total"] == 0).then_some(())
    })
    .await;
    let gone =
        reqwest::Client::new().get(&url).header("Accept", "application/activity+json").send().await.expect("GET");
    assert_eq!(gone.status(), 410);
    let tomb: Value = gone.json().await.expect("json");
    assert_eq!(tomb["type"], "Tombstone");
    let html = reqwest::get(&url).await.expect("GET");
    assert_eq!(html.status(), 410);

    // A's queue shows every delivery as delivered (outcomes are written in
    // batches, a moment after the receiver has answered).
    let deliveries = eventually("A records every delivery", WAIT, &[&a, &b], || async {
        let (_, d) = a_api.get("/api/v1/deliveries").await;
        d["items"].as_array()?.iter().all(|i| i["state"] == "delivered").then_some(d)
    })
    .await;
    let items = deliveries["items"].as_array().expect("items");
    let kinds: Vec<&str> = items.iter().map(|d| d["type"].as_str().unwrap_or("")).collect();
    for kind in ["Accept", "Create", "Update", "Delete"] {
        assert!(kinds.contains(&kind), "{kind} missing from {kinds:?}");
    }
    assert!(items.iter().all(|d| d["state"] == "delivered"), "{deliveries}");

    // B unfollows; A no longer counts it.
    let (status, _) = b_api.send(Method::DELETE, "/api/v1/follows", json!({ "target": seoul_url })).await;
    assert_eq!(status, 204);
    eventually("A drops B as a follower", WAIT, &[&a, &b], || async {
        let (_, f) = a_api.get("/api/v1/followers").await;
        (f["items"].as_array().is_some_and(|i| i.is_empty())).then_some(())
    })
    .await;

    drop((a, b));
    a_env.cleanup().await;
    b_env.cleanup().await;
}

#[tokio::test]
async fn city_b_follows_a_and_sees_publish_edit_and_delete_on_sqlite() {
    city_b_follows_a_and_sees_publish_edit_and_delete(Backend::Sqlite).await;
}

#[tokio::test]
async fn city_b_follows_a_and_sees_publish_edit_and_delete_on_postgres() {
    city_b_follows_a_and_sees_publish_edit_and_delete(Backend::Postgres).await;
}
