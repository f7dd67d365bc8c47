//! The structured sections of a practice (problem, solution, results,
//! lessons learned) between real nodes: Mastodon-like software finds them in
//! the `content` it receives, another ecities node shows them once.

use crate::support;

use std::time::Duration;

use reqwest::Method;
use serde_json::json;
use support::fake_remote::FakeRemote;
use support::{Api, Backend, NodeEnv, eventually};

const WAIT: Duration = Duration::from_secs(30);

const PROBLEM: &str = "Congestion and slow buses.";
const LESSONS: &str = "Start with the busiest corridor.";

async fn sections_reach_mastodon_in_content_and_an_ecities_node_once(backend: Backend) {
    let (Some(a_env), Some(b_env)) = (NodeEnv::new(backend).await, NodeEnv::new(backend).await) else {
        return;
    };
    a_env.run_ok(&["actor", "create", "--kind", "city", "--name", "seoul", "--country", "KR"]);
    b_env.run_ok(&["actor", "create", "--kind", "city", "--name", "busan", "--country", "KR"]);
    let a_token = a_env.run_ok(&["token", "create", "--actor", "seoul"]);
    let b_token = b_env.run_ok(&["token", "create", "--actor", "busan"]);
    let a = a_env.start();
    let b = b_env.start();
    let (a_api, b_api) = (Api::new(&a, &a_token), Api::new(&b, &b_token));

    // Busan (ecities) and a Mastodon-like server both follow Seoul.
    let handle = format!("seoul@localhost:{}", a_env.port);
    let (status, body) = b_api.send(Method::POST, "/api/v1/follows", json!({ "target": handle })).await;
    assert_eq!(status, 202, "{body}");
    let masto = FakeRemote::start("masto").await;
    let follow = json!({ "id": masto.id("/follows/1"), "type": "Follow", "actor": masto.actor,
                         "object": a.url("/actors/seoul") })
    .to_string();
    assert_eq!(masto.post_signed(&a.url("/inbox"), &follow, None).await.0, 202);
    eventually("both follows are accepted", WAIT, &[&a, &b], || async {
        let (_, f) = b_api.get("/api/v1/follows").await;
        let masto_accepted = masto.received().iter().any(|x| x["type"] == "Accept");
        (f["items"][0]["state"] == "accepted" && masto_accepted).then_some(())
    })
    .await;

    let practice = json!({
        "title": "Seoul bus reform", "summary": "Trunk lines and median bus lanes.",
        "content": "Median **bus lanes** on 12 corridors.", "language": "en",
        "kind": "best_practice", "sdgs": [11], "country": "KR",
        "problem": PROBLEM, "lessons": LESSONS,
        "translations": { "ko": { "title": "서울 버스 개편", "summary": "간선 버스 중심으로 개편했습니다.",
                                  "content": "12개 축에 중앙 버스 전용차로." } }
    });
    let (status, created) = a_api.send(Method::POST, "/api/v1/practices", practice).await;
    assert_eq!(status, 201, "{created}");
    let ap_id = created["id"].as_str().expect("id").to_owned();

    // Mastodon only reads `content`: the sections are in it, headed.
    let create = eventually("the Mastodon-like follower receives the Create", WAIT, &[&a], || async {
        masto.received().into_iter().find(|x| x["type"] == "Create" && x["object"]["id"] == ap_id.as_str())
    })
    .await;
    let object = &create["object"];
    let content = object["content"].as_str().expect("content");
    assert!(content.starts_with("<p>Median <strong>bus lanes</strong> on 12 corridors.</p>"), "{content}");
    assert!(
        content.ends_with(&format!(
            "<p><strong>Problem</strong></p><p>{PROBLEM}</p><p><strong>Lessons learned</strong></p><p>{LESSONS}</p>"
        )),
        "{content}"
    );
    let korean = object["contentMap"]["ko"].as_str().expect("ko content");
    assert!(korean.starts_with("<p>12개 축에 중앙 버스 전용차로.</p>") && korean.contains(PROBLEM), "{korean}");
    assert_eq!((object["problem"].as_str(), object["lessonsLearned"].as_str()), (Some(PROBLEM), Some(LESSONS)));

    // Busan keeps the sections as sections, not inside the body.
    let found = eventually("Busan stores Seoul's practice", WAIT, &[&a, &b], || async {
        let (_, r) = b_api.get("/api/v1/practices?q=bus").await;
        r["items"].as_array().and_then(|items| items.iter().find(|p| p["id"] == ap_id.as_str()).cloned())
    })
    .await;
    assert_eq!((found["problem"].as_str(), found["lessons"].as_str()), (Some(PROBLEM), Some(LESSONS)));
    let body = found["content"].as_str().expect("content");
    assert!(body.contains("bus lanes") && !body.contains(PROBLEM) && !body.contains("Lessons learned"), "{body}");
    let ko_body = found["translations"]["ko"]["content"].as_str().expect("ko content");
    assert!(ko_body.contains("중앙 버스") && !ko_body.contains(PROBLEM), "{ko_body}");

    // Busan's pages (search, and its feed of the same search) show the
    // practice with its text once, never the sections inside the body.
    let page = reqwest::get(b.url("/search?q=corridors")).await.expect("GET");
    assert_eq!(page.status(), 200);
    let html = page.text().await.expect("html");
    assert!(html.contains("Seoul bus reform"), "{html}");
    assert!(!html.contains(PROBLEM) && !html.contains("Lessons learned"), "{html}");
    let feed: serde_json::Value =
        reqwest::get(b.url("/feeds/practices.json?q=corridors")).await.expect("GET").json().await.expect("json feed");
    let item = &feed["items"][0];
    let item_html = item["content_html"].as_str().expect("content_html");
    assert!(item_html.contains("12 corridors") && !item_html.contains(PROBLEM), "{feed}");

    drop((a, b));
    a_env.cleanup().await;
    b_env.cleanup().await;
}

#[tokio::test]
async fn sections_reach_mastodon_in_content_and_an_ecities_node_once_on_sqlite() {
    sections_reach_mastodon_in_content_and_an_ecities_node_once(Backend::Sqlite).await;
}

#[tokio::test]
async fn sections_reach_mastodon_in_content_and_an_ecities_node_once_on_postgres() {
    sections_reach_mastodon_in_content_and_an_ecities_node_once(Backend::Postgres).await;
}
