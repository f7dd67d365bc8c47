//! Relay-style subscriptions, as Mastodon and Pleroma instances send them:
//! a `Follow` of the Public collection (in any spelling) at an
//! association's inbox, or at the shared inbox, is accepted, and the
//! association's relays (its Announces) reach the subscriber.

use crate::support;

use std::time::Duration;

use reqwest::Method;
use serde_json::{Value, json};
use support::fake_remote::FakeRemote;
use support::{Api, Backend, NodeEnv, eventually};

const WAIT: Duration = Duration::from_secs(30);

fn subscription(instance: &FakeRemote, n: u32, public: &str) -> String {
    json!({ "@context": "https://www.w3.org/ns/activitystreams", "id": instance.id(&format!("/follows/{n}")),
            "type": "Follow", "actor": instance.actor, "object": public })
    .to_string()
}

async fn accepted(instance: &FakeRemote, follow: &str, node: &support::Node) -> Value {
    eventually("the subscriber receives an Accept of its Follow", WAIT, &[node], || async {
        instance.received().into_iter().find(|a| a["type"] == "Accept" && a["object"]["id"] == follow)
    })
    .await
}

async fn instances_subscribe_to_an_association_as_to_a_relay_and_receive_its_announces(backend: Backend) {
    let Some(env) = NodeEnv::new(backend).await else { return };
    env.run_ok(&["actor", "create", "--kind", "city", "--name", "kisumu", "--country", "KE"]);
    let kisumu_token = env.run_ok(&["token", "create", "--actor", "kisumu"]);
    let node = env.start();
    let shared_inbox = node.url("/inbox");

    // A node without an association has no relay: the subscription is
    // accepted as a request (202) and ignored.
    let early = FakeRemote::start_as("early", "Application").await;
    let (status, body) = early.post_signed(&shared_inbox, &subscription(&early, 1, "as:Public"), None).await;
    assert_eq!(status, 202, "{body}");
    assert!(body["note"].as_str().is_some_and(|n| n.contains("no association")), "{body}");

    env.run_ok(&["actor", "create", "--kind", "association", "--name", "africa", "--country", "KE"]);
    let africa_token = env.run_ok(&["token", "create", "--actor", "africa"]);
    let (kisumu_api, africa_api) = (Api::new(&node, &kisumu_token), Api::new(&node, &africa_token));
    let africa = node.url("/actors/africa");
    let (status, body) =
        africa_api.send(Method::POST, "/api/v1/follows", json!({ "target": node.url("/actors/kisumu") })).await;
    assert_eq!(status, 200, "Kisumu, hosted here, is a member at once: {body}");

    // Mastodon: its instance actor follows `as:Public` at the association's
    // inbox (the inbox URL the admin entered).
    let mastodon = FakeRemote::start_as("actor", "Application").await;
    let (status, body) =
        mastodon.post_signed(&node.url("/actors/africa/inbox"), &subscription(&mastodon, 1, "as:Public"), None).await;
    assert_eq!(status, 202, "{body}");
    let accept = accepted(&mastodon, &mastodon.id("/follows/1"), &node).await;
    assert_eq!(accept["actor"], africa.as_str());
    // A relay server or Pleroma at the shared inbox, with the shortest spelling.
    let pleroma = FakeRemote::start_as("relay", "Application").await;
    let (status, body) = pleroma.post_signed(&shared_inbox, &subscription(&pleroma, 1, "Public"), None).await;
    assert_eq!(status, 202, "{body}");
    let accept = accepted(&pleroma, &pleroma.id("/follows/1"), &node).await;
    assert_eq!(accept["actor"], africa.as_str(), "the node's association answers for the shared inbox");
    let (_, followers) = africa_api.get("/api/v1/followers").await;
    let subscribers: Vec<&str> =
        followers["items"].as_array().into_iter().flatten().filter_map(|f| f["actor"].as_str()).collect();
    assert!(subscribers.contains(&mastodon.actor.as_str()) && subscribers.contains(&pleroma.actor.as_str()));

    // A member publishes; the association relays it to both subscribers.
    let (status, created) = kisumu_api
        .send(
            Method::POST,
            "/api/v1/practices",
            json!({ "title": "Water kiosks", "summary": "s", "content": "c", "language": "en",
                    "kind": "best_practice", "sdgs": [6], "country": "KE" }),
        )
        .await;
    assert_eq!(status, 201, "{created}");
    for instance in [&mastodon, &pleroma] {
        let announce = eventually("the subscriber receives the association's Announce", WAIT, &[&node], || async {
            instance.received().into_iter().find(|a| a["type"] == "Announce" && a["object"] == created["id"])
        })
        .await;
        assert_eq!(announce["actor"], africa.as_str());
    }
    assert!(early.received().is_empty(), "the early subscriber got nothing");
    drop(node);
    env.cleanup().await;
}

#[tokio::test]
async fn instances_subscribe_to_an_association_as_to_a_relay_and_receive_its_announces_on_sqlite() {
    instances_subscribe_to_an_association_as_to_a_relay_and_receive_its_announces(Backend::Sqlite).await;
}

#[tokio::test]
async fn instances_subscribe_to_an_association_as_to_a_relay_and_receive_its_announces_on_postgres() {
    instances_subscribe_to_an_association_as_to_a_relay_and_receive_its_announces(Backend::Postgres).await;
}
