//! Association attestation between real nodes: a city names the
//! associations it belongs to; its node asks each association's own members
//! collection (signed, at the association's origin — the association's node
//! runs in secure mode, so an unsigned read would be refused) and shows
//! "member of X since …" only while the association lists the city.

use crate::support;

use std::time::Duration;

use reqwest::Method;
use serde_json::{Value, json};
use support::{Api, Backend, Node, NodeEnv, as2, eventually};

const WAIT: Duration = Duration::from_secs(40);

async fn follow(api: &Api, target: &str, nodes: &[&Node]) {
    let (status, body) = api.send(Method::POST, "/api/v1/follows", json!({ "target": target })).await;
    assert!(status == 202 || status == 200, "{body}");
    eventually(&format!("follow of {target} accepted"), WAIT, nodes, || async {
        let (_, f) = api.get("/api/v1/follows").await;
        f["items"].as_array()?.iter().find(|i| i["actor"] == target && i["state"] == "accepted").map(|_| ())
    })
    .await;
}

async fn public_actor(node: &Node, name: &str) -> Value {
    reqwest::get(node.url(&format!("/api/v1/actors/{name}"))).await.expect("GET").json().await.expect("json")
}

async fn page(url: &str) -> String {
    reqwest::Client::new().get(url).header("Accept", "text/html").send().await.expect("GET").text().await.expect("text")
}

/// The claim of `association` in the editor's view, once it has been checked.
async fn checked_claim(api: &Api, association: &str) -> Option<Value> {
    let (_, me) = api.get("/api/v1/actor").await;
    me["member_of"].as_array()?.iter().find(|c| c["association"] == association && c["checked_at"].is_string()).cloned()
}

async fn a_city_shows_only_the_memberships_its_associations_confirm(backend: Backend) {
    let (Some(c_env), Some(h_env)) = (NodeEnv::new(backend).await, NodeEnv::new(backend).await) else {
        return;
    };
    // The city's node asks again every second; the association's node only
    // answers signed reads.
    let c_env = c_env.with_config("[identity]\nmembership_check_interval_seconds = 1\n");
    let h_env = h_env.with_config("[federation]\nsecure_mode = true\n");
    c_env.run_ok(&[
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
    for (name, display) in [("korea", "Korean cities"), ("asia", "Asian capitals")] {
        h_env.run_ok(&["actor", "create", "--kind", "association", "--name", name, "--display-name", display]);
    }
    let seoul_tok = c_env.run_ok(&["token", "create", "--actor", "seoul"]);
    let korea_tok = h_env.run_ok(&["token", "create", "--actor", "korea"]);
    let (c, h) = (c_env.start(), h_env.start());
    let nodes = [&c, &h];
    let (seoul_api, korea_api) = (Api::new(&c, &seoul_tok), Api::new(&h, &korea_tok));
    let (seoul, korea, asia) = (c.url("/actors/seoul"), h.url("/actors/korea"), h.url("/actors/asia"));

    // The association admits Seoul (it follows the city); "asia" never does.
    follow(&korea_api, &seoul, &nodes).await;
    let signed_only = reqwest::Client::new()
        .get(h.url("/actors/korea/members"))
        .header("Accept", "application/activity+json")
        .send()
        .await
        .expect("GET");
    assert_eq!(signed_only.status(), 401, "the association's node answers signed reads only");

    // Bad input is refused whole, with the house error body.
    for bad in [json!({"member_of": ["not a url"]}), json!({"member_of": [seoul.clone()]}), json!({"member_of": "x"})] {
        let (status, body) = seoul_api.send(Method::PATCH, "/api/v1/actor", bad.clone()).await;
        assert!((400..500).contains(&status) && body["error"].is_string(), "{bad}: {status} {body}");
    }
    // Seoul names both associations: nothing is shown before they answer.
    let (status, me) =
        seoul_api.send(Method::PATCH, "/api/v1/actor", json!({"member_of": [korea.clone(), asia.clone()]})).await;
    assert_eq!(status, 200, "{me}");
    assert_eq!(me["member_of"].as_array().map(Vec::len), Some(2), "{me}");
    assert_eq!(me["memberships"], json!([]), "a claim alone shows nothing: {me}");

    let confirmed = eventually("korea confirms seoul", WAIT, &nodes, || async {
        let a = public_actor(&c, "seoul").await;
        a["memberships"].as_array().is_some_and(|m| !m.is_empty()).then_some(a)
    })
    .await;
    let asia_claim = eventually("asia was asked", WAIT, &nodes, || checked_claim(&seoul_api, &asia)).await;
    assert_eq!(asia_claim["since"], Value::Null, "asia does not list seoul: {asia_claim}");
    assert_eq!(asia_claim["name"], "Asian capitals");

    // The date shown is the one the association states (its registry and
    // its collection carry the same; see the test below).
    let registry: Value =
        reqwest::get(h.url("/api/v1/actors/korea/members")).await.expect("GET").json().await.expect("json");
    let admitted = registry["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|i| i["id"] == seoul)
        .map(|i| i["since"].clone())
        .expect("seoul in korea's registry");
    let memberships = confirmed["memberships"].as_array().expect("memberships");
    assert_eq!(memberships.len(), 1, "only korea: {confirmed}");
    assert_eq!(memberships[0]["association"], korea);
    assert_eq!(memberships[0]["name"], "Korean cities");
    assert_eq!(memberships[0]["since"], admitted, "{confirmed} vs {registry}");

    let profile = page(&seoul).await;
    assert!(
        profile.contains("id=\"memberships\"") && profile.contains("Korean cities") && profile.contains("member of"),
        "{profile}"
    );
    assert!(!profile.contains("Asian capitals"), "an unconfirmed claim is not shown: {profile}");

    // The association removes Seoul: after the next check the mark is gone.
    let (status, body) = korea_api.send(Method::DELETE, "/api/v1/follows", json!({ "target": seoul })).await;
    assert!((200..300).contains(&status), "{body}");
    eventually("the membership is gone after a recheck", WAIT, &nodes, || async {
        let a = public_actor(&c, "seoul").await;
        a["memberships"].as_array().is_some_and(Vec::is_empty).then_some(())
    })
    .await;
    let profile = page(&seoul).await;
    assert!(!profile.contains("Korean cities") && !profile.contains("id=\"memberships\""), "{profile}");
    let (_, me) = seoul_api.get("/api/v1/actor").await;
    assert_eq!(me["member_of"].as_array().map(Vec::len), Some(2), "the claims stay, unconfirmed: {me}");

    drop((c, h));
    c_env.cleanup().await;
    h_env.cleanup().await;
}

async fn an_associations_members_collection_is_linked_from_its_actor(backend: Backend) {
    let Some(h_env) = NodeEnv::new(backend).await else { return };
    let Some(c_env) = NodeEnv::new(backend).await else { return };
    c_env.run_ok(&["actor", "create", "--kind", "city", "--name", "busan", "--country", "KR"]);
    h_env.run_ok(&["actor", "create", "--kind", "association", "--name", "korea"]);
    let korea_tok = h_env.run_ok(&["token", "create", "--actor", "korea"]);
    let (c, h) = (c_env.start(), h_env.start());
    let korea_api = Api::new(&h, &korea_tok);
    let busan = c.url("/actors/busan");
    follow(&korea_api, &busan, &[&c, &h]).await;

    let actor = as2(&h.url("/actors/korea")).await;
    assert_eq!(actor["members"], h.url("/actors/korea/members"), "{actor}");
    let members = as2(&h.url("/actors/korea/members")).await;
    assert_eq!((members["type"].as_str(), members["totalItems"].as_i64()), (Some("OrderedCollection"), Some(1)));
    let item = &members["orderedItems"][0];
    assert_eq!(item["subject"], busan);
    assert_eq!(item["relationship"], "https://w3id.org/ecities/ns#memberOf");
    assert!(item["published"].as_str().is_some_and(|p| p.ends_with('Z')), "{item}");
    let registry: Value =
        reqwest::get(h.url("/api/v1/actors/korea/members")).await.expect("GET").json().await.expect("json");
    assert_eq!(item["published"], registry["items"][0]["since"], "the same date as the registry: {registry}");
    // A city has no members collection.
    let resp = reqwest::Client::new()
        .get(c.url("/actors/busan/members"))
        .header("Accept", "application/activity+json")
        .send()
        .await
        .expect("GET");
    assert_eq!(resp.status(), 404);
    let city = as2(&busan).await;
    assert_eq!(city["members"], Value::Null);
    drop((c, h));
    c_env.cleanup().await;
    h_env.cleanup().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_city_shows_only_the_memberships_its_associations_confirm_on_sqlite() {
    a_city_shows_only_the_memberships_its_associations_confirm(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_city_shows_only_the_memberships_its_associations_confirm_on_postgres() {
    a_city_shows_only_the_memberships_its_associations_confirm(Backend::Postgres).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_associations_members_collection_is_linked_from_its_actor_on_sqlite() {
    an_associations_members_collection_is_linked_from_its_actor(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_associations_members_collection_is_linked_from_its_actor_on_postgres() {
    an_associations_members_collection_is_linked_from_its_actor(Backend::Postgres).await;
}
