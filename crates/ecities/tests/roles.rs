//! Roles through the real binary: node-wide settings need the node operator
//! (API token or admin sign-in), a moderator reviews but does not publish,
//! an editor publishes but does not review.

use crate::support;

use reqwest::Method;
use serde_json::{Value, json};
use support::admin::{Session, create_user};
use support::{Api, Backend, NodeEnv};

fn forbidden(what: &str, (status, body): (u16, Value)) {
    assert_eq!(status, 403, "{what}: {body}");
    assert_eq!(body["error"], "forbidden", "{what}: {body}");
    assert!(body["message"].as_str().is_some_and(|m| !m.is_empty()), "{what}: {body}");
}

fn practice(title: &str) -> Value {
    json!({ "title": title, "summary": "S.", "content": "Text.", "language": "en", "kind": "best_practice",
            "sdgs": [11], "country": "KR" })
}

async fn node_wide_settings_need_the_operator(backend: Backend) {
    let Some(env) = NodeEnv::new(backend).await else { return };
    env.run_ok(&["actor", "create", "--kind", "city", "--name", "seoul", "--country", "KR"]);
    env.run_ok(&["actor", "create", "--kind", "association", "--name", "korea", "--country", "KR"]);
    let city = env.run_ok(&["token", "create", "--actor", "seoul"]);
    let city_read = env.run_ok(&["token", "create", "--actor", "seoul", "--scope", "read"]);
    let operator = env.run_ok(&["token", "create", "--operator", "--label", "ops"]);
    let k_editor = env.run_ok(&["token", "create", "--actor", "korea", "--role", "editor"]);
    let k_moderator = env.run_ok(&["token", "create", "--actor", "korea", "--role", "moderator"]);
    assert!(operator.starts_with("ect_"), "the token is the last line: {operator}");
    // Bad combinations are refused before anything is written.
    for args in [
        vec!["token", "create", "--operator", "--actor", "seoul"],
        vec!["token", "create"],
        vec!["token", "create", "--actor", "seoul", "--role", "owner"],
        vec!["token", "create", "--operator", "--role", "editor"],
    ] {
        assert!(!env.run(&args).status.success(), "{args:?} is refused");
    }
    create_user(&env, &["--actor", "seoul", "--login", "editor"]);
    create_user(&env, &["--operator", "--login", "ops"]);
    create_user(&env, &["--actor", "korea", "--role", "moderator", "--login", "mod"]);
    let listed = String::from_utf8_lossy(&env.run(&["user", "list"]).stdout).into_owned();
    assert!(
        listed.contains("editor\teditor\tseoul@")
            && listed.contains("mod\tmoderator\tkorea@")
            && listed.contains("ops\toperator\t-"),
        "{listed}"
    );
    let node = env.start();

    // The API: a city's token (write or read) gets 403 for every domain
    // route; the operator's token succeeds.
    for token in [&city, &city_read, &k_moderator] {
        let api = Api::new(&node, token);
        forbidden("GET /api/v1/domains", api.get("/api/v1/domains").await);
        let (status, body) =
            api.send(Method::POST, "/api/v1/domains", json!({ "domain": "unpaks.example", "rule": "block" })).await;
        assert_eq!(status, 403, "{body}");
        let (status, body) = api.send(Method::DELETE, "/api/v1/domains/spam.example", json!({})).await;
        assert_eq!(status, 403, "{body}");
        // (A read-only token is refused as such: 403 `read_only_token`.)
        let (status, body) = api.send(Method::PATCH, "/api/v1/node", json!({ "name": "Seoul's node" })).await;
        assert_eq!(status, 403, "PATCH /api/v1/node: {body}");
    }
    forbidden(
        "a city's write token blocks a domain",
        Api::new(&node, &city)
            .send(Method::POST, "/api/v1/domains", json!({ "domain": "unpaks.example", "rule": "block" }))
            .await,
    );
    let ops = Api::new(&node, &operator);
    let (status, body) =
        ops.send(Method::POST, "/api/v1/domains", json!({ "domain": "spam.example", "rule": "block" })).await;
    assert_eq!((status, body["domain"].as_str()), (201, Some("spam.example")), "{body}");
    let (status, body) = ops.send(Method::PATCH, "/api/v1/node", json!({ "name": "Korean cities network" })).await;
    assert_eq!(
        (status, body["name"].as_str()),
        (200, Some("Korean cities network")),
        "the operator names the node: {body}"
    );
    let (status, body) = ops.get("/api/v1/domains").await;
    assert_eq!((status, body["items"][0]["domain"].as_str()), (200, Some("spam.example")), "{body}");
    forbidden("a city removes the operator's block", {
        Api::new(&node, &city).send(Method::DELETE, "/api/v1/domains/spam.example", json!({})).await
    });
    let (status, _) = ops.send(Method::DELETE, "/api/v1/domains/spam.example", json!({})).await;
    assert_eq!(status, 204);
    let (status, _) = ops.send(Method::DELETE, "/api/v1/domains/spam.example", json!({})).await;
    assert_eq!(status, 404);
    // The operator acts for no actor: it publishes nothing.
    forbidden("the operator publishes", ops.send(Method::POST, "/api/v1/practices", practice("Ops")).await);

    // Existing-style tokens keep publishing (editors); a moderator reviews
    // but does not publish; an editor does not review.
    let (status, body) = Api::new(&node, &city).send(Method::POST, "/api/v1/practices", practice("Bus lanes")).await;
    assert_eq!(status, 201, "{body}");
    let (k_ed, k_mod) = (Api::new(&node, &k_editor), Api::new(&node, &k_moderator));
    forbidden("a moderator publishes", k_mod.send(Method::POST, "/api/v1/practices", practice("No")).await);
    forbidden("a moderator follows", k_mod.send(Method::POST, "/api/v1/follows", json!({ "target": "x@y" })).await);
    forbidden(
        "an editor sets the moderation mode",
        k_ed.send(Method::PATCH, "/api/v1/actor", json!({ "moderation": "manual" })).await,
    );
    forbidden("an editor approves", k_ed.send(Method::POST, "/api/v1/submissions/1/approve", json!({})).await);
    forbidden("an editor rejects", k_ed.send(Method::POST, "/api/v1/submissions/1/reject", json!({})).await);
    let (status, body) = k_mod.send(Method::PATCH, "/api/v1/actor", json!({ "moderation": "manual" })).await;
    assert_eq!((status, body["moderation"].as_str()), (200, Some("manual")), "{body}");
    let (status, body) = k_mod.get("/api/v1/submissions?state=pending").await;
    assert_eq!((status, body["items"].as_array().map(Vec::len)), (200, Some(0)), "{body}");
    let (status, body) = k_mod.send(Method::POST, "/api/v1/submissions/999/approve", json!({})).await;
    assert_eq!(status, 404, "a moderator may review; there is no such submission: {body}");
    let (status, body) = k_ed.send(Method::POST, "/api/v1/practices", practice("Association news")).await;
    assert_eq!(status, 201, "the association's editor publishes: {body}");

    // The admin: a city editor sees no node-wide form and is refused
    // server-side; the operator sees and uses them.
    let editor = Session::sign_in(&node, "editor").await;
    let (_, html) = editor.get("/admin").await;
    assert!(html.contains("Write a practice") && !html.contains("Blocked and allowed domains"), "{html}");
    let (status, body) = editor.post("/admin/domains", &[("value", "unpaks.example"), ("rule", "block")]).await;
    assert_eq!(status, 403, "{body}");
    assert!(body.contains("forbidden"), "{body}");
    let (status, _) = editor.post("/admin/domains/remove", &[("value", "unpaks.example")]).await;
    assert_eq!(status, 403);
    let (status, body) = editor.post("/admin/tokens", &[("note", "cms"), ("rule", "write")]).await;
    assert!(status == 200 && body.contains("New API token"), "an editor makes tokens of its actor: {body}");

    let op = Session::sign_in(&node, "ops").await;
    let (_, html) = op.get("/admin/settings").await;
    assert!(html.contains("Blocked and allowed domains") && !html.contains("Write a practice"), "{html}");
    let (_, html) = op.get("/admin/users").await;
    assert!(html.contains("mod") && html.contains("moderator of @korea@"), "users are listed: {html}");
    let (status, _) = editor.get("/admin/settings").await;
    assert_eq!(status, 403, "an editor's role does not open the node settings");
    let (status, _) =
        op.post("/admin/domains", &[("value", "spam.example"), ("rule", "block"), ("note", "spam")]).await;
    assert_eq!(status, 303);
    assert!(op.get("/admin/settings").await.1.contains("spam.example"));
    let (_, body) = ops.get("/api/v1/domains").await;
    assert_eq!(body["items"][0]["note"], "spam", "{body}");
    let (status, _) = op.post("/admin/domains/remove", &[("value", "spam.example")]).await;
    assert_eq!(status, 303);
    let (status, _) = op.post("/admin/practices", &[("title", "x")]).await;
    assert_eq!(status, 403, "the operator publishes for no actor");

    let moderator = Session::sign_in(&node, "mod").await;
    let (_, html) = moderator.get("/admin").await;
    assert!(html.contains("Review queue") && !html.contains("Write a practice"), "{html}");
    assert!(!html.contains("Blocked and allowed domains"));
    let (status, _) = moderator.post("/admin/practices", &[("title", "x"), ("summary", "y"), ("content", "z")]).await;
    assert_eq!(status, 403, "a moderator does not publish");
    let (status, _) = moderator.post("/admin/tokens", &[("note", "x")]).await;
    assert_eq!(status, 403, "a moderator makes no tokens");
    let (status, _) = moderator.post("/admin/domains", &[("value", "unpaks.example")]).await;
    assert_eq!(status, 403);
    let (status, _) = moderator.post("/admin/submissions/999/approve", &[]).await;
    assert_eq!(status, 404, "a moderator may review");
    let (status, _) = editor.post("/admin/submissions/999/approve", &[]).await;
    assert_eq!(status, 403, "an editor may not");

    drop(node);
    env.cleanup().await;
}

#[tokio::test]
async fn node_wide_settings_need_the_operator_on_sqlite() {
    node_wide_settings_need_the_operator(Backend::Sqlite).await;
}

#[tokio::test]
async fn node_wide_settings_need_the_operator_on_postgres() {
    node_wide_settings_need_the_operator(Backend::Postgres).await;
}

/// Through the API: an editor acts only for its own actor, a moderator
/// writes nothing, and the operator acts on behalf of any local actor
/// (while its token publishes nothing of its own).
async fn members_act_only_for_their_own_actor(backend: Backend) {
    let Some(env) = NodeEnv::new(backend).await else { return };
    env.run_ok(&["actor", "create", "--kind", "city", "--name", "seoul", "--country", "KR"]);
    env.run_ok(&["actor", "create", "--kind", "city", "--name", "busan", "--country", "KR"]);
    env.run_ok(&["actor", "create", "--kind", "association", "--name", "korea", "--country", "KR"]);
    env.run_ok(&["actor", "create", "--kind", "knowledge-space", "--name", "unpaks"]);
    let seoul = env.run_ok(&["token", "create", "--actor", "seoul"]);
    let busan = env.run_ok(&["token", "create", "--actor", "busan"]);
    let k_moderator = env.run_ok(&["token", "create", "--actor", "korea", "--role", "moderator"]);
    let s_moderator = env.run_ok(&["token", "create", "--actor", "seoul", "--role", "moderator"]);
    let unpaks = env.run_ok(&["token", "create", "--actor", "unpaks"]);
    let operator = env.run_ok(&["token", "create", "--operator"]);
    let node = env.start();
    let (seoul, busan, ops) = (Api::new(&node, &seoul), Api::new(&node, &busan), Api::new(&node, &operator));

    let (status, p) = seoul.send(Method::POST, "/api/v1/practices", practice("Bus lanes")).await;
    assert_eq!(status, 201, "{p}");
    let id = p["key"].as_str().expect("key").to_owned();
    let (status, topic) =
        seoul.send(Method::POST, "/api/v1/topics", json!({ "name": "seoul-sdg11", "query": "sdg=11" })).await;
    assert_eq!(status, 201, "{topic}");
    let (status, source) =
        seoul.send(Method::POST, "/api/v1/feed-sources", json!({ "url": "http://localhost:9/feed.xml" })).await;
    assert_eq!(status, 201, "{source}");
    let source = source["id"].as_i64().expect("id");

    // Another city's editor: 403 for every action on Seoul's things.
    let practice_path = format!("/api/v1/practices/{id}");
    forbidden(
        "busan edits seoul's practice",
        busan.send(Method::PATCH, &practice_path, json!({ "title": "Mine" })).await,
    );
    forbidden("busan deletes seoul's practice", busan.send(Method::DELETE, &practice_path, json!({})).await);
    forbidden("busan deletes seoul's topic", busan.send(Method::DELETE, "/api/v1/topics/seoul-sdg11", json!({})).await);
    let source_path = format!("/api/v1/feed-sources/{source}");
    forbidden("busan polls seoul's feed", busan.send(Method::POST, &format!("{source_path}/poll"), json!({})).await);
    forbidden("busan removes seoul's feed", busan.send(Method::DELETE, &source_path, json!({})).await);
    forbidden(
        "a city blocks a domain",
        busan.send(Method::POST, "/api/v1/domains", json!({ "domain": "spam.example" })).await,
    );

    // Moderators write nothing, not even for their own actor.
    for token in [&k_moderator, &s_moderator] {
        let m = Api::new(&node, token);
        forbidden("a moderator publishes a topic", {
            m.send(Method::POST, "/api/v1/topics", json!({ "name": "mod-topic", "query": "sdg=6" })).await
        });
        forbidden("a moderator adds a feed", {
            m.send(Method::POST, "/api/v1/feed-sources", json!({ "url": "http://localhost:9/other.xml" })).await
        });
        forbidden("a moderator replays", m.send(Method::POST, "/api/v1/deliveries/replay", json!({})).await);
        forbidden("a moderator unfollows", m.send(Method::DELETE, "/api/v1/follows", json!({ "target": "x@y" })).await);
        forbidden("a moderator curates", m.send(Method::POST, "/api/v1/curated", json!({ "practice": id })).await);
    }
    let s_mod = Api::new(&node, &s_moderator);
    forbidden("seoul's moderator edits", s_mod.send(Method::PATCH, &practice_path, json!({ "title": "x" })).await);
    forbidden("seoul's moderator deletes", s_mod.send(Method::DELETE, &practice_path, json!({})).await);
    let (status, body) =
        Api::new(&node, &unpaks).send(Method::POST, "/api/v1/curated", json!({ "practice": id })).await;
    assert_eq!(status, 201, "the knowledge space's editor curates: {body}");

    // Nothing changed.
    let (status, shown) = ops.get(&practice_path).await;
    assert_eq!((status, shown["title"].as_str()), (200, Some("Bus lanes")), "{shown}");

    // The operator acts for any local actor, through the API and the CLI.
    forbidden(
        "the operator's token replays for no actor",
        ops.send(Method::POST, "/api/v1/deliveries/replay", json!({})).await,
    );
    assert!(env.run_ok(&["replay", "--actor", "seoul"]).contains("queued again"));
    let (status, body) = ops.send(Method::DELETE, &source_path, json!({})).await;
    assert_eq!(status, 204, "{body}");
    let (status, body) = ops.send(Method::DELETE, "/api/v1/topics/seoul-sdg11", json!({})).await;
    assert_eq!(status, 204, "{body}");
    let (status, body) = ops.send(Method::DELETE, &practice_path, json!({})).await;
    assert_eq!(status, 204, "{body}");
    assert_eq!(ops.get(&practice_path).await.0, 410);

    drop(node);
    env.cleanup().await;
}

#[tokio::test]
async fn members_act_only_for_their_own_actor_on_sqlite() {
    members_act_only_for_their_own_actor(Backend::Sqlite).await;
}

#[tokio::test]
async fn members_act_only_for_their_own_actor_on_postgres() {
    members_act_only_for_their_own_actor(Backend::Postgres).await;
}
