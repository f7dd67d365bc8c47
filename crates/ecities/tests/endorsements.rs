//! Endorsements that travel: an association's approval and UN-PAKS's
//! featuring are activities that reach the origin city (wherever it is
//! hosted) and the nodes that hold the practice; each copy shows the chain —
//! written by, approved by, featured by, with dates — in the API view and on
//! the practice page. Three nodes: the city, the association, UN-PAKS.

use crate::support;

use std::time::Duration;

use reqwest::Method;
use serde_json::{Value, json};
use support::{Api, Backend, NodeEnv, eventually, pending_submission};

const WAIT: Duration = Duration::from_secs(40);

/// The roles and actors of a practice's chain as `api`'s node shows it.
async fn chain(api: &Api, id: &str) -> Option<Vec<(String, String)>> {
    let (status, p) = api.get(&format!("/api/v1/practices/{}", support::urlencode(id))).await;
    (status == 200).then_some(())?;
    Some(
        p["chain"]
            .as_array()?
            .iter()
            .map(|c| (c["role"].as_str().unwrap_or("").to_owned(), c["actor"].as_str().unwrap_or("").to_owned()))
            .collect(),
    )
}

async fn approval_and_featuring_reach_the_origin_city_and_show_as_its_chain(backend: Backend) {
    let (Some(c_env), Some(h_env), Some(k_env)) =
        (NodeEnv::new(backend).await, NodeEnv::new(backend).await, NodeEnv::new(backend).await)
    else {
        return;
    };
    c_env.run_ok(&["actor", "create", "--kind", "city", "--name", "seoul", "--country", "KR"]);
    h_env.run_ok(&["actor", "create", "--kind", "association", "--name", "korea", "--country", "KR"]);
    k_env.run_ok(&["actor", "create", "--kind", "knowledge-space", "--name", "unpaks", "--display-name", "UN-PAKS"]);
    let seoul = c_env.run_ok(&["token", "create", "--actor", "seoul"]);
    let korea = h_env.run_ok(&["token", "create", "--actor", "korea"]);
    let moderator = h_env.run_ok(&["token", "create", "--actor", "korea", "--role", "moderator"]);
    let unpaks = k_env.run_ok(&["token", "create", "--actor", "unpaks"]);
    let (c, h, k) = (c_env.start(), h_env.start(), k_env.start());
    let (seoul, korea, moderator, unpaks) =
        (Api::new(&c, &seoul), Api::new(&h, &korea), Api::new(&h, &moderator), Api::new(&k, &unpaks));
    let nodes = [&c, &h, &k];
    let (seoul_url, korea_url, unpaks_url) = (c.url("/actors/seoul"), h.url("/actors/korea"), k.url("/actors/unpaks"));

    // UN-PAKS follows the association; the association reviews the city.
    let (status, body) = unpaks.send(Method::POST, "/api/v1/follows", json!({ "target": korea_url })).await;
    assert!(status == 200 || status == 202, "{body}");
    eventually("UN-PAKS follows the association", WAIT, &nodes, || async {
        let (_, f) = unpaks.get("/api/v1/follows").await;
        f["items"].as_array()?.iter().find(|i| i["actor"] == korea_url.as_str() && i["state"] == "accepted").map(|_| ())
    })
    .await;
    // ... and the association follows UN-PAKS back (to hear its featurings).
    let (status, body) = korea.send(Method::POST, "/api/v1/follows", json!({ "target": unpaks_url })).await;
    assert!(status == 200 || status == 202, "{body}");
    eventually("the association follows UN-PAKS", WAIT, &nodes, || async {
        let (_, f) = korea.get("/api/v1/follows").await;
        f["items"]
            .as_array()?
            .iter()
            .find(|i| i["actor"] == unpaks_url.as_str() && i["state"] == "accepted")
            .map(|_| ())
    })
    .await;
    let submission = pending_submission(&h, &seoul, &seoul_url, &korea, &moderator).await;
    let (_, mine) = seoul.get("/api/v1/practices").await;
    let id = mine["items"][0]["id"].as_str().expect("the city's practice").to_owned();
    let (_, before) = seoul.get(&format!("/api/v1/practices/{}", support::urlencode(&id))).await;
    assert_eq!(before["chain"].as_array().map(Vec::len), Some(1), "only written by, before any endorsement: {before}");
    assert_eq!(before["chain"][0]["role"], "written");
    assert_eq!(before["chain"][0]["actor"], seoul_url.as_str());

    let (status, body) =
        moderator.send(Method::POST, &format!("/api/v1/submissions/{submission}/approve"), Value::Null).await;
    assert_eq!(status, 200, "{body}");
    eventually("UN-PAKS holds the approved practice", WAIT, &nodes, || async {
        chain(&unpaks, &id).await?.iter().any(|(r, a)| r == "approved" && a == &korea_url).then_some(())
    })
    .await;

    let (status, body) = unpaks.send(Method::POST, "/api/v1/curated", json!({ "practice": id })).await;
    assert_eq!(status, 201, "{body}");
    let written = ("written".to_owned(), seoul_url.clone());
    let approved = ("approved".to_owned(), korea_url.clone());
    let featured = ("featured".to_owned(), unpaks_url.clone());
    let full = vec![written.clone(), approved.clone(), featured.clone()];
    for (api, whose) in [(&seoul, "the origin city"), (&korea, "the association"), (&unpaks, "UN-PAKS")] {
        eventually(&format!("{whose} shows written, approved and featured by"), WAIT, &nodes, || async {
            (chain(api, &id).await? == full).then_some(())
        })
        .await;
    }
    let (_, view) = seoul.get(&format!("/api/v1/practices/{}", support::urlencode(&id))).await;
    for link in view["chain"].as_array().expect("chain") {
        assert!(link["at"].as_str().is_some_and(|at| at.starts_with("20")), "each link is dated: {link}");
    }
    assert_eq!(view["chain"][2]["name"], "UN-PAKS");

    // The origin city's page shows the chain.
    let page = reqwest::Client::new()
        .get(view["url"].as_str().expect("url"))
        .header("Accept", "text/html")
        .send()
        .await
        .expect("GET")
        .text()
        .await
        .expect("text");
    let list = page.split("<ul class=\"chain\"").nth(1).and_then(|s| s.split("</ul>").next()).expect("the chain");
    for (label, name) in [("Written by", "seoul"), ("Approved by", "korea"), ("Featured by", "UN-PAKS")] {
        assert!(list.contains(&format!("{label}: <a")) && list.contains(&format!(">{name}</a>")), "{list}");
    }

    // Unfeatured: the origin forgets the featuring, the approval stays.
    let (status, body) =
        unpaks.send(Method::DELETE, &format!("/api/v1/curated/{}", support::urlencode(&id)), Value::Null).await;
    assert_eq!(status, 204, "{body}");
    eventually("the origin city forgets the featuring", WAIT, &nodes, || async {
        (chain(&seoul, &id).await? == vec![written.clone(), approved.clone()]).then_some(())
    })
    .await;

    drop((c, h, k));
    c_env.cleanup().await;
    h_env.cleanup().await;
    k_env.cleanup().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn approval_and_featuring_reach_the_origin_city_and_show_as_its_chain_on_sqlite() {
    approval_and_featuring_reach_the_origin_city_and_show_as_its_chain(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn approval_and_featuring_reach_the_origin_city_and_show_as_its_chain_on_postgres() {
    approval_and_featuring_reach_the_origin_city_and_show_as_its_chain(Backend::Postgres).await;
}
