//! Follower approval between two real nodes over loopback, with real
//! signatures: an actor that approves its followers keeps a follow pending
//! (and sends the follower nothing) until an editor accepts or rejects it.

use crate::support;

use std::time::Duration;

use reqwest::Method;
use serde_json::{Value, json};
use support::fake_remote::FakeRemote;
use support::{Api, Backend, NodeEnv, as2, eventually};

const WAIT: Duration = Duration::from_secs(30);

fn practice(title: &str) -> Value {
    json!({ "title": title, "summary": "Median bus lanes on twelve corridors.", "content": "Median **bus lanes**.",
            "language": "en", "kind": "best_practice", "sdgs": [11], "country": "KR" })
}

async fn follow_state(api: &Api, target: &str) -> Option<String> {
    let (_, f) = api.get("/api/v1/follows").await;
    f["items"].as_array()?.iter().find(|i| i["actor"] == target).and_then(|i| i["state"].as_str()).map(str::to_owned)
}

async fn requests(api: &Api, query: &str) -> Vec<Value> {
    let (status, r) = api.get(&format!("/api/v1/follow-requests{query}")).await;
    assert_eq!(status, 200, "{r}");
    r["items"].as_array().cloned().unwrap_or_default()
}

async fn an_actor_that_approves_its_followers_keeps_follows_pending_until_an_editor_decides(backend: Backend) {
    let (Some(a_env), Some(b_env)) = (NodeEnv::new(backend).await, NodeEnv::new(backend).await) else {
        return;
    };
    a_env.run_ok(&["actor", "create", "--kind", "city", "--name", "seoul", "--country", "KR"]);
    b_env.run_ok(&["actor", "create", "--kind", "city", "--name", "busan", "--country", "KR"]);
    b_env.run_ok(&["actor", "create", "--kind", "city", "--name", "daegu", "--country", "KR"]);
    let a_token = a_env.run_ok(&["token", "create", "--actor", "seoul"]);
    let busan_token = b_env.run_ok(&["token", "create", "--actor", "busan"]);
    let daegu_token = b_env.run_ok(&["token", "create", "--actor", "daegu"]);
    let a = a_env.start();
    let b = b_env.start();
    let seoul_api = Api::new(&a, &a_token);
    let (busan_api, daegu_api) = (Api::new(&b, &busan_token), Api::new(&b, &daegu_token));
    let seoul = a.url("/actors/seoul");
    let (busan, daegu) = (b.url("/actors/busan"), b.url("/actors/daegu"));

    // Auto by default; an editor switches to manual, and the actor says so.
    let (status, me) = seoul_api.get("/api/v1/actor").await;
    assert_eq!((status, me["follow_approval"].as_str()), (200, Some("auto")), "{me}");
    assert_eq!(as2(&seoul).await["manuallyApprovesFollowers"], false);
    let (status, me) = seoul_api.send(Method::PATCH, "/api/v1/actor", json!({ "follow_approval": "manual" })).await;
    assert_eq!((status, me["follow_approval"].as_str()), (200, Some("manual")), "{me}");
    assert_eq!(as2(&seoul).await["manuallyApprovesFollowers"], true);
    let (status, bad) = seoul_api.send(Method::PATCH, "/api/v1/actor", json!({ "follow_approval": "sometimes" })).await;
    assert_eq!((status, bad["error"].as_str()), (422, Some("invalid_input")), "{bad}");

    // Two cities ask to follow: both wait, newest first, paged.
    // Each Follow is delivered by the queue: the second is sent only once
    // the first has arrived, so "newest" is the order they reached Seoul.
    for (n, api) in [&busan_api, &daegu_api].into_iter().enumerate() {
        let (status, body) = api.send(Method::POST, "/api/v1/follows", json!({ "target": seoul })).await;
        assert_eq!((status, body["state"].as_str()), (202, Some("pending")), "{body}");
        eventually("the follow request reaches Seoul", WAIT, &[&a, &b], || async {
            (requests(&seoul_api, "").await.len() == n + 1).then_some(())
        })
        .await;
    }
    let pending = eventually("both follow requests reach Seoul", WAIT, &[&a, &b], || async {
        let items = requests(&seoul_api, "").await;
        (items.len() == 2).then_some(items)
    })
    .await;
    assert_eq!(pending[0]["actor"], daegu.as_str(), "newest first");
    assert_eq!(pending[1]["actor"], busan.as_str());
    let first = requests(&seoul_api, "?limit=1").await;
    assert_eq!(first.len(), 1);
    let next = requests(&seoul_api, &format!("?limit=1&before={}", first[0]["id"])).await;
    assert_eq!(next.iter().map(|r| r["actor"].clone()).collect::<Vec<_>>(), [json!(busan)]);
    let request_of = |who: &str| pending.iter().find(|r| r["actor"] == who).expect("a request")["id"].clone();

    // While pending: no Accept, not a follower, and nothing published reaches it.
    let (_, created) = seoul_api.send(Method::POST, "/api/v1/practices", practice("Before approval")).await;
    let before = created["id"].as_str().expect("id").to_owned();
    let (_, followers) = seoul_api.get("/api/v1/followers?state=accepted").await;
    assert_eq!(followers["items"], json!([]), "{followers}");
    assert_eq!(as2(&format!("{seoul}/followers")).await["totalItems"], 0);
    let (_, deliveries) = seoul_api.get("/api/v1/deliveries").await;
    let sent = deliveries["items"].as_array().cloned().unwrap_or_default();
    assert!(sent.iter().all(|d| d["type"] != "Accept"), "{deliveries}");
    assert!(
        sent.iter().all(|d| d["activity"] != before.as_str() || !d["inbox"].as_str().unwrap_or("").contains(&b.base))
    );
    assert_eq!(follow_state(&busan_api, &seoul).await.as_deref(), Some("pending"));

    // Accepted: Busan hears it and receives the next Create.
    let (status, accepted) = seoul_api
        .send(Method::POST, &format!("/api/v1/follow-requests/{}/accept", request_of(&busan)), json!({}))
        .await;
    assert_eq!((status, accepted["state"].as_str()), (200, Some("accepted")), "{accepted}");
    eventually("Busan's follow is accepted", WAIT, &[&a, &b], || async {
        (follow_state(&busan_api, &seoul).await.as_deref() == Some("accepted")).then_some(())
    })
    .await;
    let (status, created) = seoul_api.send(Method::POST, "/api/v1/practices", practice("After approval")).await;
    assert_eq!(status, 201, "{created}");
    let after = created["id"].as_str().expect("id").to_owned();
    eventually("Busan stores the practice published after approval", WAIT, &[&a, &b], || async {
        let (_, r) = busan_api.get("/api/v1/practices").await;
        r["items"].as_array()?.iter().any(|p| p["id"] == after.as_str()).then_some(())
    })
    .await;

    // Rejected: Daegu's side sees the follow rejected; Seoul forgets it.
    let (status, rejected) = seoul_api
        .send(Method::POST, &format!("/api/v1/follow-requests/{}/reject", request_of(&daegu)), json!({}))
        .await;
    assert_eq!((status, rejected["state"].as_str()), (200, Some("rejected")), "{rejected}");
    eventually("Daegu's follow is rejected", WAIT, &[&a, &b], || async {
        (follow_state(&daegu_api, &seoul).await.as_deref() == Some("rejected")).then_some(())
    })
    .await;
    assert!(requests(&seoul_api, "").await.is_empty(), "no request is left");
    let (_, followers) = seoul_api.get("/api/v1/followers").await;
    assert_eq!(followers["items"].as_array().map(|f| f.len()), Some(1), "{followers}");
    assert_eq!(followers["items"][0]["actor"], busan.as_str());

    // A decided request is decided: 404, as is one of another actor.
    let (status, again) = seoul_api
        .send(Method::POST, &format!("/api/v1/follow-requests/{}/accept", request_of(&daegu)), json!({}))
        .await;
    assert_eq!((status, again["error"].as_str()), (404, Some("not_found")), "{again}");

    drop((a, b));
    a_env.cleanup().await;
    b_env.cleanup().await;
}

#[tokio::test]
async fn an_actor_that_approves_its_followers_keeps_follows_pending_until_an_editor_decides_on_sqlite() {
    an_actor_that_approves_its_followers_keeps_follows_pending_until_an_editor_decides(Backend::Sqlite).await;
}

#[tokio::test]
async fn an_actor_that_approves_its_followers_keeps_follows_pending_until_an_editor_decides_on_postgres() {
    an_actor_that_approves_its_followers_keeps_follows_pending_until_an_editor_decides(Backend::Postgres).await;
}

/// What Mastodon and GoToSocial read: a `Reject` whose object is the
/// `Follow` they sent, embedded with its id, actor and object; and an
/// `Accept` of the same shape once approved. Turning approval back to
/// `auto` accepts whoever still waits.
async fn a_mastodon_shaped_follower_gets_reject_or_accept_of_its_own_follow(backend: Backend) {
    let Some(env) = NodeEnv::new(backend).await else { return };
    env.run_ok(&["actor", "create", "--kind", "city", "--name", "seoul", "--country", "KR"]);
    let token = env.run_ok(&["token", "create", "--actor", "seoul"]);
    let node = env.start();
    let api = Api::new(&node, &token);
    let seoul = node.url("/actors/seoul");
    let (status, body) = api.send(Method::PATCH, "/api/v1/actor", json!({ "follow_approval": "manual" })).await;
    assert_eq!(status, 200, "{body}");

    let alice = FakeRemote::start("alice").await;
    let bob = FakeRemote::start("bob").await;
    for (remote, n) in [(&alice, 1), (&bob, 2)] {
        let follow = json!({ "@context": "https://www.w3.org/ns/activitystreams", "id": remote.id(&format!("/follows/{n}")),
                             "type": "Follow", "actor": remote.actor, "object": seoul });
        let (status, body) = remote.post_signed(&node.url("/actors/seoul/inbox"), &follow.to_string(), None).await;
        assert_eq!(status, 202, "{body}");
    }
    let pending = requests(&api, "").await;
    assert_eq!(pending.len(), 2, "{pending:?}");
    let alice_request = pending.iter().find(|r| r["actor"] == alice.actor.as_str()).expect("alice's request");
    let (status, body) =
        api.send(Method::POST, &format!("/api/v1/follow-requests/{}/reject", alice_request["id"]), json!({})).await;
    assert_eq!(status, 200, "{body}");
    let reject = eventually("alice receives the Reject", WAIT, &[&node], || async {
        alice.received().into_iter().find(|a| a["type"] == "Reject")
    })
    .await;
    assert_eq!(reject["actor"], seoul.as_str());
    assert_eq!(reject["object"]["type"], "Follow");
    assert_eq!(reject["object"]["id"], alice.id("/follows/1"));
    assert_eq!(reject["object"]["actor"], alice.actor.as_str());
    assert_eq!(reject["object"]["object"], seoul.as_str());
    assert!(alice.received().iter().all(|a| a["type"] != "Accept"), "a rejected follower is never accepted");

    // Back to auto: Bob, still waiting, is accepted.
    let (status, body) = api.send(Method::PATCH, "/api/v1/actor", json!({ "follow_approval": "auto" })).await;
    assert_eq!((status, body["follow_approval"].as_str()), (200, Some("auto")), "{body}");
    let accept = eventually("bob receives the Accept", WAIT, &[&node], || async {
        bob.received().into_iter().find(|a| a["type"] == "Accept")
    })
    .await;
    assert_eq!(accept["object"]["id"], bob.id("/follows/2"));
    assert!(requests(&api, "").await.is_empty());
    drop(node);
    env.cleanup().await;
}

#[tokio::test]
async fn a_mastodon_shaped_follower_gets_reject_or_accept_of_its_own_follow_on_sqlite() {
    a_mastodon_shaped_follower_gets_reject_or_accept_of_its_own_follow(Backend::Sqlite).await;
}

#[tokio::test]
async fn a_mastodon_shaped_follower_gets_reject_or_accept_of_its_own_follow_on_postgres() {
    a_mastodon_shaped_follower_gets_reject_or_accept_of_its_own_follow(Backend::Postgres).await;
}
