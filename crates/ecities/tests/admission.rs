//! Every way a remote object enters obeys the inbox's rules: an
//! `Announce` makes the node fetch the object from its origin, and what
//! it fetches is stored only when public, not a reply, and written by an
//! actor of the object's own server.

use crate::support;

use std::time::Duration;

use reqwest::Method;
use serde_json::{Value, json};
use support::fake_remote::FakeRemote;
use support::{Api, Backend, NodeEnv, eventually, healthz_ok};
use url::Url;

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
    // Nothing is wrong with these Announces, only with what they point at:
    // accepted (202, as for any well-formed activity) and dropped.
    for (n, path) in ["/notes/followers", "/notes/direct", "/notes/reply", "/notes/foreign"].into_iter().enumerate() {
        let (status, body) = remote.post_signed(&inbox, &announce(10 + n, remote.id(path)), None).await;
        assert_eq!(status, 202, "{path}: {body}");
        assert!(body["note"].as_str().is_some_and(|n| n.starts_with("ignored")), "{path} must be dropped: {body}");
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
    assert_eq!(status, 202, "{body}");
    assert!(body["note"].as_str().is_some_and(|n| n.starts_with("ignored")), "a refetch obeys the rules too: {body}");

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

/// The shared corpus of real documents (`../shared/fixtures/fediverse`), or
/// `None` in a clone that does not have it.
fn fixture(rel: &str) -> Option<String> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/fixtures/fediverse").join(rel);
    match std::fs::read_to_string(&path) {
        Ok(text) => Some(text),
        Err(_) => {
            eprintln!("skipped: {} is not present (a plain clone has no ../shared)", path.display());
            None
        }
    }
}

async fn announces_of_what_the_node_does_not_store_are_accepted_and_dropped(backend: Backend) {
    let (Some(video), Some(announce_video)) =
        (fixture("peertube/objects/video.json"), fixture("peertube/activities/announce_video.json"))
    else {
        return;
    };
    let Some(env) = NodeEnv::new(backend).await else { return };
    env.run_ok(&["actor", "create", "--kind", "city", "--name", "seoul", "--country", "KR"]);
    let token = env.run_ok(&["token", "create", "--actor", "seoul"]);
    let node = env.start();
    let api = Api::new(&node, &token);
    let inbox = node.url("/inbox");

    // Seoul follows a PeerTube channel, which accepts.
    let channel = FakeRemote::start_as("channel", "Group").await;
    let (status, body) = api.send(Method::POST, "/api/v1/follows", json!({ "target": channel.actor })).await;
    assert!((200..300).contains(&status), "{body}");
    let follow = eventually("the channel receives the Follow", WAIT, &[&node], || async {
        channel.received().into_iter().find(|a| a["type"] == "Follow")
    })
    .await;
    let accept =
        json!({ "id": channel.id("/accepts/1"), "type": "Accept", "actor": channel.actor, "object": follow["id"] });
    assert_eq!(channel.post_signed(&inbox, &accept.to_string(), None).await.0, 202);

    // PeerTube's own Video and its Announce, moved to the test server.
    let here = |text: &str| text.replace("https://tilvids.com", &channel.id(""));
    let video: Value = serde_json::from_str(&here(&video)).expect("video JSON");
    let video_path = Url::parse(video["id"].as_str().expect("video id")).expect("url").path().to_owned();
    channel.serve(&video_path, video.clone());
    let mut announce: Value = serde_json::from_str(&here(&announce_video)).expect("announce JSON");
    announce["actor"] = json!(channel.actor);
    let (status, body) = channel.post_signed(&inbox, &announce.to_string(), None).await;
    assert_eq!(status, 202, "a PeerTube Video: {body}");
    assert!(body["note"].as_str().is_some_and(|n| n.contains("Video")), "{body}");

    // A poll embedded in the Announce is dropped without a fetch.
    let fetches = channel.fetches();
    let poll = json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": channel.id("/announces/poll"), "type": "Announce", "actor": channel.actor, "to": [PUBLIC],
        "object": { "id": channel.id("/polls/1"), "type": "Question", "attributedTo": channel.actor,
                    "content": "<p>Bus or tram?</p>", "to": [PUBLIC],
                    "oneOf": [{"type": "Note", "name": "Bus"}, {"type": "Note", "name": "Tram"}] },
    });
    let (status, body) = channel.post_signed(&inbox, &poll.to_string(), None).await;
    assert_eq!(status, 202, "a Question: {body}");
    assert_eq!(channel.fetches(), fetches, "an embedded object of a type we do not store is not fetched");

    // An object its origin does not have, and one on a server that is down.
    for (n, object) in [channel.id("/notes/missing"), "http://localhost:1/notes/1".to_owned()].into_iter().enumerate() {
        let gone = json!({ "id": channel.id(&format!("/announces/gone-{n}")), "type": "Announce",
                           "actor": channel.actor, "to": [PUBLIC], "object": object });
        let (status, body) = channel.post_signed(&inbox, &gone.to_string(), None).await;
        assert_eq!(status, 202, "{object}: {body}");
    }

    assert_eq!(stored_ids(&api).await, Vec::<String>::new(), "nothing was stored");
    let log = node.log_text();
    assert!(log.matches("announced object dropped").count() >= 4, "each drop is logged:\n{log}");
    assert!(healthz_ok(env.port), "the node keeps serving");
    drop(node);
    env.cleanup().await;
}

#[tokio::test]
async fn announces_of_what_the_node_does_not_store_are_accepted_and_dropped_on_sqlite() {
    announces_of_what_the_node_does_not_store_are_accepted_and_dropped(Backend::Sqlite).await;
}

#[tokio::test]
async fn announces_of_what_the_node_does_not_store_are_accepted_and_dropped_on_postgres() {
    announces_of_what_the_node_does_not_store_are_accepted_and_dropped(Backend::Postgres).await;
}
