//! Every way a remote object enters obeys the inbox's rules: an
//! `Announce` makes the node fetch the object from its origin, and what
//! it fetches is stored only when public, not a reply, and written by an
//! actor of the object's own server.

mod support;

use std::time::Duration;

use reqwest::Method;
use serde_json::{Value, json};
use support::fake_remote::FakeRemote;
use support::{Api, Backend, NodeEnv, eventually, healthz_ok};

const WAIT: Duration = Duration::from_secs(30);
const PUBLIC: &str = "https://www.w3.org/ns/activitystreams#Public";

async fn stored_ids(api: &Api) -> Vec<String> {
    let (status, found) = api.get("/api/v1/practices").await;
    assert_eq!(status, 200, "{found}");
    found["items"].as_array().into_iter().flatten().filter_map(|p| p["id"].as_str().map(str::to_owned)).collect()
}

async fn announced_objects_obey_the_inbox_rules(backend: Backend) {
    let Some(env) = NodeEnv::new(backend).await else { return };
    env.run_ok(&["actor", "create", "--kind", "city", "--name", "seoul", "--country", "KR"]);
    let token = env.run_ok(&["token", "create", "--actor", "seoul"]);
    let node = env.start();
    let api = Api::new(&node, &token);
    let inbox = node.url("/inbox");

    // Seoul follows a remote account, which accepts.
    let remote = FakeRemote::start("assoc").await;
    let (status, body) = api.send(Method::POST, "/api/v1/follows", json!({ "target": remote.actor })).await;
    assert!((200..300).contains(&status), "{body}");
    let follow = eventually("the remote receives the Follow", WAIT, &[&node], || async {
        remote.received().into_iter().find(|a| a["type"] == "Follow")
    })
    .await;
    let accept =
        json!({ "id": remote.id("/accepts/1"), "type": "Accept", "actor": remote.actor, "object": follow["id"] });
    assert_eq!(remote.post_signed(&inbox, &accept.to_string(), None).await.0, 202);

    let note = |path: &str, title: &str, to: Value, cc: Value| {
        json!({
            "@context": "https://www.w3.org/ns/activitystreams",
            "id": remote.id(path), "type": "Note", "attributedTo": remote.actor,
            "name": title, "content": format!("<p>{title}</p>"), "to": to, "cc": cc,
            "published": "2026-01-02T03:04:05Z",
        })
    };
    let followers = format!("{}/followers", remote.actor);
    remote.serve("/notes/public", note("/notes/public", "Public bus lanes", json!([PUBLIC]), json!([followers])));
    remote.serve("/notes/unlisted", note("/notes/unlisted", "Unlisted", json!([followers]), json!(["as:Public"])));
    remote.serve("/notes/followers", note("/notes/followers", "Followers only", json!([followers]), json!([])));
    remote.serve("/notes/direct", note("/notes/direct", "Direct", json!([node.url("/actors/seoul")]), Value::Null));
    let mut reply = note("/notes/reply", "A reply", json!([PUBLIC]), json!([]));
    reply["inReplyTo"] = json!(remote.id("/notes/public"));
    remote.serve("/notes/reply", reply);
    let mut foreign = note("/notes/foreign", "Someone else's", json!([PUBLIC]), json!([]));
    foreign["attributedTo"] = json!("https://elsewhere.example/users/x");
    remote.serve("/notes/foreign", foreign);

    let announce = |n: usize, object: String| {
        json!({
            "@context": "https://www.w3.org/ns/activitystreams",
            "id": remote.id(&format!("/announces/{n}")), "type": "Announce", "actor": remote.actor,
            "object": object, "to": [PUBLIC], "cc": [followers],
        })
        .to_string()
    };
    for (n, path) in ["/notes/public", "/notes/unlisted"].into_iter().enumerate() {
        let (status, body) = remote.post_signed(&inbox, &announce(n, remote.id(path)), None).await;
        assert_eq!(status, 202, "{path}: {body}");
    }
    for (n, path) in ["/notes/followers", "/notes/direct", "/notes/reply", "/notes/foreign"].into_iter().enumerate() {
        let (status, body) = remote.post_signed(&inbox, &announce(10 + n, remote.id(path)), None).await;
        assert!((400..500).contains(&status), "{path} must be refused: {status} {body}");
    }
    // An Update relayed later refetches: a post turned followers-only is not taken in.
    remote.serve("/notes/public", note("/notes/public", "Now private", json!([followers]), json!([])));
    let update = json!({
        "id": remote.id("/announces/20"), "type": "Announce", "actor": remote.actor,
        "object": { "id": remote.id("/updates/1"), "type": "Update", "actor": remote.actor, "object": remote.id("/notes/public") },
        "to": [PUBLIC],
    })
    .to_string();
    let (status, body) = remote.post_signed(&inbox, &update, None).await;
    assert!((400..500).contains(&status), "a refetch obeys the rules too: {status} {body}");

    let ids = stored_ids(&api).await;
    assert!(ids.contains(&remote.id("/notes/public")) && ids.contains(&remote.id("/notes/unlisted")), "{ids:?}");
    for path in ["/notes/followers", "/notes/direct", "/notes/reply", "/notes/foreign"] {
        assert!(!ids.contains(&remote.id(path)), "{path} was stored: {ids:?}");
    }
    let (_, found) = api.get("/api/v1/practices").await;
    assert!(!found.to_string().contains("Now private"), "{found}");

    assert!(healthz_ok(env.port), "the node keeps serving");
    drop(node);
    env.cleanup().await;
}

#[tokio::test]
async fn announced_objects_obey_the_inbox_rules_on_sqlite() {
    announced_objects_obey_the_inbox_rules(Backend::Sqlite).await;
}

#[tokio::test]
async fn announced_objects_obey_the_inbox_rules_on_postgres() {
    announced_objects_obey_the_inbox_rules(Backend::Postgres).await;
}
