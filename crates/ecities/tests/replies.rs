//! The conversation under a practice (issue 22), between real nodes over
//! loopback with real signatures: a fediverse account replies to a city's
//! practice; the reply waits for moderation, is approved, shown on the
//! practice's page and in its `replies` collection, and reaches the
//! association that holds the practice; the city's answer reaches the
//! asker; closed conversations and blocked authors store nothing.

use crate::support;

use std::time::Duration;

use reqwest::Method;
use serde_json::{Value, json};
use support::fake_remote::FakeRemote;
use support::{Api, Backend, Node, NodeEnv, as2, eventually};

const WAIT: Duration = Duration::from_secs(30);
const PUBLIC: &str = "https://www.w3.org/ns/activitystreams#Public";

/// A Mastodon-shaped public reply: the Note served at its id, and the
/// `Create` that delivers it to `inbox`.
async fn reply(remote: &FakeRemote, n: u32, in_reply_to: &str, city: &str, html: &str, inbox: &str) -> (u16, String) {
    let note_id = remote.id(&format!("/notes/{n}"));
    let note = json!({
        "id": note_id, "type": "Note", "attributedTo": remote.actor, "inReplyTo": in_reply_to,
        "content": html, "published": "2026-12-01T10:00:00Z", "to": [PUBLIC], "cc": [city],
        "tag": [{ "type": "Mention", "href": city }],
    });
    remote.serve(&format!("/notes/{n}"), note.clone());
    let create = json!({
        "@context": "https://www.w3.org/ns/activitystreams", "id": remote.id(&format!("/notes/{n}/activity")),
        "type": "Create", "actor": remote.actor, "to": [PUBLIC], "cc": [city], "object": note,
    });
    let (status, body) = remote.post_signed(inbox, &create.to_string(), None).await;
    assert_eq!(status, 202, "{body}");
    (status, note_id)
}

async fn items(api: &Api, path: &str) -> Vec<Value> {
    let (status, body) = api.get(path).await;
    assert_eq!(status, 200, "{path}: {body}");
    body["items"].as_array().cloned().unwrap_or_default()
}

async fn page_text(node: &Node, path: &str) -> String {
    reqwest::get(node.url(path)).await.expect("GET").text().await.expect("html")
}

async fn a_reply_is_moderated_shown_answered_and_reaches_the_association(backend: Backend) {
    let (Some(a_env), Some(h_env)) = (NodeEnv::new(backend).await, NodeEnv::new(backend).await) else {
        return;
    };
    a_env.run_ok(&["actor", "create", "--kind", "city", "--name", "seoul", "--country", "KR"]);
    a_env.run_ok(&["actor", "create", "--kind", "city", "--name", "busan", "--country", "KR"]);
    h_env.run_ok(&["actor", "create", "--kind", "association", "--name", "korea", "--country", "KR"]);
    let a_tok = a_env.run_ok(&["token", "create", "--actor", "seoul"]);
    let a_mod_tok = a_env.run_ok(&["token", "create", "--actor", "seoul", "--role", "moderator"]);
    let busan_tok = a_env.run_ok(&["token", "create", "--actor", "busan"]);
    let h_tok = h_env.run_ok(&["token", "create", "--actor", "korea"]);
    let (a, h) = (a_env.start(), h_env.start());
    let nodes = [&a, &h];
    let (seoul_api, seoul_mod, korea_api) = (Api::new(&a, &a_tok), Api::new(&a, &a_mod_tok), Api::new(&h, &h_tok));
    let seoul = a.url("/actors/seoul");
    let inbox = a.url("/inbox");

    // Moderated by default; a bad policy is refused by name.
    let (status, me) = seoul_api.get("/api/v1/actor").await;
    assert_eq!((status, me["replies"].as_str()), (200, Some("moderated")), "{me}");
    let (status, bad) = seoul_api.send(Method::PATCH, "/api/v1/actor", json!({ "replies": "sometimes" })).await;
    assert_eq!((status, bad["error"].as_str()), (422, Some("invalid_input")), "{bad}");

    // The association holds Seoul's practice.
    let (status, body) = korea_api.send(Method::POST, "/api/v1/follows", json!({ "target": seoul })).await;
    assert!(status == 202 || status == 200, "{body}");
    eventually("the association follows Seoul", WAIT, &nodes, || async {
        let (_, f) = korea_api.get("/api/v1/follows").await;
        f["items"].as_array()?.iter().find(|i| i["actor"] == seoul.as_str() && i["state"] == "accepted").map(|_| ())
    })
    .await;
    let (status, created) = seoul_api
        .send(
            Method::POST,
            "/api/v1/practices",
            json!({ "title": "Median bus lanes", "summary": "Twelve corridors.", "content": "Median **bus lanes**.",
                    "language": "en", "kind": "best_practice", "sdgs": [11], "country": "KR" }),
        )
        .await;
    assert_eq!(status, 201, "{created}");
    let practice = created["id"].as_str().expect("id").to_owned();
    let page_path = url::Url::parse(created["url"].as_str().expect("url")).expect("url").path().to_owned();
    let encoded = support::urlencode(&practice);
    eventually("the association stores the practice", WAIT, &nodes, || async {
        let (status, _) = korea_api.get(&format!("/api/v1/practices/{encoded}")).await;
        (status == 200).then_some(())
    })
    .await;

    // The practice names its conversation.
    let article = as2(&practice).await;
    let collection = article["replies"].as_str().expect("a replies collection").to_owned();
    assert_eq!(as2(&collection).await["totalItems"], 0);

    // Alice replies (with a script that must not survive); it waits.
    let alice = FakeRemote::start("alice").await;
    let (_, question) =
        reply(&alice, 1, &practice, &seoul, "<p>How long did the works take?<script>alert(1)</script></p>", &inbox)
            .await;
    let pending = items(&seoul_api, "/api/v1/replies?state=pending").await;
    assert_eq!(pending.len(), 1, "{pending:?}");
    assert_eq!(pending[0]["ap_id"], question.as_str());
    assert_eq!(pending[0]["author"], alice.actor.as_str());
    assert_eq!(pending[0]["practice"]["id"], practice.as_str());
    let content = pending[0]["content"].as_str().expect("content");
    assert!(content.contains("How long did the works take?") && !content.contains("script"), "{content}");
    assert!(items(&seoul_api, &format!("/api/v1/practices/{encoded}/replies")).await.is_empty(), "not shown yet");
    assert!(!page_text(&a, &page_path).await.contains("How long did the works take?"), "not on the page yet");

    // Another city's editor may not decide; Seoul's moderator may.
    let reply_id = pending[0]["id"].as_i64().expect("id");
    let busan_api = Api::new(&a, &busan_tok);
    assert!(items(&busan_api, "/api/v1/replies?state=pending").await.is_empty(), "Busan sees only its own queue");
    let (status, body) = busan_api.send(Method::POST, &format!("/api/v1/replies/{reply_id}/approve"), json!({})).await;
    assert_eq!((status, body["error"].as_str()), (404, Some("not_found")), "not Busan's reply: {body}");
    let (status, approved) =
        seoul_mod.send(Method::POST, &format!("/api/v1/replies/{reply_id}/approve"), json!({})).await;
    assert_eq!((status, approved["state"].as_str()), (200, Some("approved")), "{approved}");

    // Shown on the page, in the API and in the collection.
    let page = page_text(&a, &page_path).await;
    assert!(page.contains("How long did the works take?") && page.contains("Conversation"), "{page}");
    let shown = items(&seoul_api, &format!("/api/v1/practices/{encoded}/replies")).await;
    assert_eq!(shown.iter().map(|r| r["ap_id"].clone()).collect::<Vec<_>>(), [json!(question)]);
    assert_eq!(as2(&collection).await["totalItems"], 1);
    let first = as2(&format!("{collection}?page=true")).await;
    assert_eq!(first["orderedItems"][0]["id"], question.as_str(), "{first}");
    assert_eq!(first["orderedItems"][0]["inReplyTo"], practice.as_str());

    // The association sees the same conversation (forwarded by Seoul).
    eventually("the association shows the approved reply", WAIT, &nodes, || async {
        let shown = items(&korea_api, &format!("/api/v1/practices/{encoded}/replies")).await;
        shown.iter().any(|r| r["ap_id"] == question.as_str()).then_some(())
    })
    .await;

    // Seoul answers; Alice's server receives a Create(Note) in reply.
    let (status, bad) =
        seoul_api.send(Method::POST, &format!("/api/v1/practices/{encoded}/replies"), json!({ "content": " " })).await;
    assert_eq!((status, bad["error"].as_str()), (422, Some("invalid_input")), "{bad}");
    let (status, answer) = seoul_api
        .send(
            Method::POST,
            &format!("/api/v1/practices/{encoded}/replies"),
            json!({ "content": "About **two years**, corridor by corridor.", "in_reply_to": reply_id }),
        )
        .await;
    assert_eq!(status, 201, "{answer}");
    let answer_id = answer["ap_id"].as_str().expect("ap_id").to_owned();
    let create = eventually("Alice receives the answer", WAIT, &nodes, || async {
        alice.received().into_iter().find(|a| a["type"] == "Create" && a["object"]["id"] == answer_id.as_str())
    })
    .await;
    assert_eq!(create["actor"], seoul.as_str());
    assert_eq!(create["object"]["inReplyTo"], question.as_str());
    assert_eq!(create["object"]["attributedTo"], seoul.as_str());
    assert!(create["object"]["content"].as_str().expect("html").contains("<strong>two years</strong>"));
    assert_eq!(as2(&answer_id).await["inReplyTo"], question.as_str(), "the answer is served at its id");
    assert!(page_text(&a, &page_path).await.contains("two years"));
    eventually("the association shows the answer", WAIT, &nodes, || async {
        let shown = items(&korea_api, &format!("/api/v1/practices/{encoded}/replies")).await;
        (shown.len() == 2 && shown[0]["ap_id"] == answer_id.as_str()).then_some(())
    })
    .await;

    // Rejected and blocked: Bob's reply is never shown, his next not kept.
    let bob = FakeRemote::start("bob").await;
    reply(&bob, 1, &practice, &seoul, "<p>Buy cheap watches</p>", &inbox).await;
    let bobs = items(&seoul_api, "/api/v1/replies?state=pending").await;
    assert_eq!(bobs.len(), 1, "{bobs:?}");
    let (status, rejected) = seoul_api
        .send(Method::POST, &format!("/api/v1/replies/{}/reject", bobs[0]["id"]), json!({ "block_author": true }))
        .await;
    assert_eq!((status, rejected["state"].as_str()), (200, Some("rejected")), "{rejected}");
    reply(&bob, 2, &practice, &seoul, "<p>Buy cheap watches again</p>", &inbox).await;
    let all = items(&seoul_api, "/api/v1/replies").await;
    assert!(all.iter().all(|r| r["ap_id"] != bob.id("/notes/2").as_str()), "a blocked author's reply is dropped");
    assert!(!page_text(&a, &page_path).await.contains("watches"));

    // Closed: a reply is not stored at all.
    let (status, me) = seoul_api.send(Method::PATCH, "/api/v1/actor", json!({ "replies": "closed" })).await;
    assert_eq!((status, me["replies"].as_str()), (200, Some("closed")), "{me}");
    let carol = FakeRemote::start("carol").await;
    reply(&carol, 1, &practice, &seoul, "<p>Is the data open?</p>", &inbox).await;
    let all = items(&seoul_api, "/api/v1/replies").await;
    assert!(all.iter().all(|r| r["author"] != carol.actor.as_str()), "{all:?}");
    assert_eq!(as2(&collection).await["totalItems"], 2);

    drop((a, h));
    a_env.cleanup().await;
    h_env.cleanup().await;
}

#[tokio::test]
async fn a_reply_is_moderated_shown_answered_and_reaches_the_association_on_sqlite() {
    a_reply_is_moderated_shown_answered_and_reaches_the_association(Backend::Sqlite).await;
}

#[tokio::test]
async fn a_reply_is_moderated_shown_answered_and_reaches_the_association_on_postgres() {
    a_reply_is_moderated_shown_answered_and_reaches_the_association(Backend::Postgres).await;
}
