//! The conversation under a practice, looked after from the admin and
//! changed by its authors (issue 22), between real nodes over loopback
//! with real signatures: an editor decides the queue, answers and deletes
//! an answer from `/admin/replies`; a fediverse author's edit is moderated
//! again and a deleted reply disappears, at the city and at the
//! association that holds the practice; nobody else edits or deletes it.

use crate::support;

use std::time::Duration;

use reqwest::Method;
use serde_json::{Value, json};
use support::admin::{Session, create_user};
use support::fake_remote::FakeRemote;
use support::{Api, Backend, Node, NodeEnv, eventually};

const WAIT: Duration = Duration::from_secs(30);
const PUBLIC: &str = "https://www.w3.org/ns/activitystreams#Public";

/// The `Note` of `remote`'s reply number `n`, served at its id.
fn note(remote: &FakeRemote, n: u32, in_reply_to: &str, city: &str, html: &str) -> Value {
    let note = json!({
        "id": remote.id(&format!("/notes/{n}")), "type": "Note", "attributedTo": remote.actor,
        "inReplyTo": in_reply_to, "content": html, "published": "2026-12-01T10:00:00Z",
        "to": [PUBLIC], "cc": [city], "tag": [{ "type": "Mention", "href": city }],
    });
    remote.serve(&format!("/notes/{n}"), note.clone());
    note
}

/// `remote` sends `kind` (`Create`, `Update`) of `note`, or a `Delete` of
/// its id, to `inbox`; the status.
async fn send(remote: &FakeRemote, kind: &str, object: Value, inbox: &str, tag: &str) -> (u16, Value) {
    let activity = json!({
        "@context": "https://www.w3.org/ns/activitystreams", "id": remote.id(&format!("/activities/{tag}")),
        "type": kind, "actor": remote.actor, "to": [PUBLIC], "object": object,
    });
    remote.post_signed(inbox, &activity.to_string(), None).await
}

async fn items(api: &Api, path: &str) -> Vec<Value> {
    let (status, body) = api.get(path).await;
    assert_eq!(status, 200, "{path}: {body}");
    body["items"].as_array().cloned().unwrap_or_default()
}

async fn page_text(node: &Node, path: &str) -> String {
    reqwest::get(node.url(path)).await.expect("GET").text().await.expect("html")
}

fn encoded(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The texts of a practice's conversation as a node's API lists them.
async fn conversation(api: &Api, practice: &str) -> Vec<String> {
    items(api, &format!("/api/v1/practices/{}/replies", encoded(practice)))
        .await
        .iter()
        .map(|r| r["content"].as_str().unwrap_or("").to_owned())
        .collect()
}

async fn an_editor_looks_after_the_conversation_and_its_authors_edit_and_delete(backend: Backend) {
    let (Some(a_env), Some(h_env), Some(k_env)) =
        (NodeEnv::new(backend).await, NodeEnv::new(backend).await, NodeEnv::new(backend).await)
    else {
        return;
    };
    a_env.run_ok(&["actor", "create", "--kind", "city", "--name", "seoul", "--country", "KR"]);
    h_env.run_ok(&["actor", "create", "--kind", "association", "--name", "korea", "--country", "KR"]);
    k_env.run_ok(&["actor", "create", "--kind", "knowledge-space", "--name", "unpaks"]);
    create_user(&a_env, &["--actor", "seoul", "--login", "editor"]);
    a_env.run_ok(&["actor", "create", "--kind", "city", "--name", "busan", "--country", "KR"]);
    create_user(&a_env, &["--actor", "seoul", "--login", "moderator", "--role", "moderator"]);
    create_user(&a_env, &["--actor", "busan", "--login", "busan"]);
    let a_tok = a_env.run_ok(&["token", "create", "--actor", "seoul"]);
    let h_tok = h_env.run_ok(&["token", "create", "--actor", "korea"]);
    let k_tok = k_env.run_ok(&["token", "create", "--actor", "unpaks"]);
    let (a, h, k) = (a_env.start(), h_env.start(), k_env.start());
    let nodes = [&a, &h, &k];
    let (seoul_api, korea_api, unpaks_api) = (Api::new(&a, &a_tok), Api::new(&h, &h_tok), Api::new(&k, &k_tok));
    let seoul = a.url("/actors/seoul");
    let inbox = a.url("/inbox");

    // The association and the knowledge space hold Seoul's practices.
    for api in [&korea_api, &unpaks_api] {
        let (status, body) = api.send(Method::POST, "/api/v1/follows", json!({ "target": seoul })).await;
        assert!(status == 202 || status == 200, "{body}");
        eventually("Seoul is followed", WAIT, &nodes, || async {
            let (_, f) = api.get("/api/v1/follows").await;
            f["items"].as_array()?.iter().find(|i| i["actor"] == seoul.as_str() && i["state"] == "accepted").map(|_| ())
        })
        .await;
    }
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
    eventually("the association and the knowledge space store the practice", WAIT, &nodes, || async {
        let (status, _) = korea_api.get(&format!("/api/v1/practices/{}", encoded(&practice))).await;
        let (k_status, _) = unpaks_api.get(&format!("/api/v1/practices/{}", encoded(&practice))).await;
        (status == 200 && k_status == 200).then_some(())
    })
    .await;

    // The editor finds the page in the navigation; a moderator decides
    // but does not set the policy.
    let editor = Session::sign_in(&a, "editor").await;
    let (status, dashboard) = editor.get("/admin").await;
    assert_eq!(status, 200);
    assert!(dashboard.contains(">Replies</a>"), "the navigation names the page");
    let (status, page) = editor.get("/admin/replies").await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("wait here until an editor or moderator approves them"), "moderated by default");
    assert!(page.contains("No reply waits for a decision"));
    assert!(page.contains(r#"action="/admin/replies/policy""#), "an editor sets the policy");
    let moderator = Session::sign_in(&a, "moderator").await;
    let (status, page) = moderator.get("/admin/replies").await;
    assert_eq!(status, 200, "{page}");
    assert!(!page.contains(r#"action="/admin/replies/policy""#), "a moderator does not set the policy");
    let (status, body) = moderator.post("/admin/replies/policy", &[("policy", "open")]).await;
    assert_eq!(status, 403, "{body}");
    let busan = Session::sign_in(&a, "busan").await;

    // Alice asks; the queue shows her question; the editor approves it.
    let alice = FakeRemote::start("alice").await;
    let question = note(&alice, 1, &practice, &seoul, "<p>How long did the works take?</p>");
    let question_id = question["id"].as_str().expect("id").to_owned();
    assert_eq!(send(&alice, "Create", question, &inbox, "1").await.0, 202);
    let pending = items(&seoul_api, "/api/v1/replies?state=pending").await;
    let reply_id = pending[0]["id"].as_i64().expect("id");
    let (_, page) = editor.get("/admin/replies").await;
    assert!(page.contains("One reply waits for a decision") && page.contains("How long did the works take?"), "{page}");
    let (status, body) = busan.post(&format!("/admin/replies/{reply_id}/approve"), &[]).await;
    assert_eq!(status, 404, "another city's editor may not decide: {body}");
    assert!(!page_text(&a, &page_path).await.contains("How long did the works take?"), "still waiting");
    let (status, body) = moderator.post(&format!("/admin/replies/{reply_id}/approve"), &[]).await;
    assert_eq!(status, 303, "{body}");
    assert!(page_text(&a, &page_path).await.contains("How long did the works take?"));
    eventually("the association and the knowledge space show the approved reply", WAIT, &nodes, || async {
        let at_h = conversation(&korea_api, &practice).await.iter().any(|c| c.contains("How long"));
        let at_k = conversation(&unpaks_api, &practice).await.iter().any(|c| c.contains("How long"));
        (at_h && at_k).then_some(())
    })
    .await;

    // Alice edits it: the new text waits for moderation again, and is
    // taken off the page and off the association's copy meanwhile.
    let edited = note(&alice, 1, &practice, &seoul, "<p>How long did the works take, and what did they cost?</p>");
    assert_eq!(send(&alice, "Update", edited, &inbox, "1-edit").await.0, 202);
    let pending = items(&seoul_api, "/api/v1/replies?state=pending").await;
    assert_eq!(pending.len(), 1, "{pending:?}");
    assert!(pending[0]["content"].as_str().expect("content").contains("what did they cost?"));
    assert!(!page_text(&a, &page_path).await.contains("How long did the works take"), "not shown unread");
    eventually("the association takes the reply off", WAIT, &nodes, || async {
        conversation(&korea_api, &practice).await.is_empty().then_some(())
    })
    .await;
    let (status, _) = editor.post(&format!("/admin/replies/{reply_id}/approve"), &[]).await;
    assert_eq!(status, 303);
    assert!(page_text(&a, &page_path).await.contains("what did they cost?"));
    eventually("the association shows the edited reply", WAIT, &nodes, || async {
        conversation(&korea_api, &practice).await.iter().any(|c| c.contains("what did they cost?")).then_some(())
    })
    .await;

    // Bob, on another server, can neither edit nor delete Alice's reply.
    let bob = FakeRemote::start("bob").await;
    let forged = json!({ "id": question_id, "type": "Note", "attributedTo": bob.actor, "inReplyTo": practice,
                         "content": "<p>Buy watches</p>", "to": [PUBLIC] });
    assert_eq!(send(&bob, "Update", forged, &inbox, "forge").await.0, 403);
    assert_eq!(send(&bob, "Delete", json!(question_id), &inbox, "forge-delete").await.0, 403);
    assert!(page_text(&a, &page_path).await.contains("what did they cost?"), "still there, unchanged");

    // The editor answers from the admin; Alice's server receives it.
    let (status, page) = editor.post(&format!("/admin/replies/{reply_id}/answer"), &[("content", "  ")]).await;
    assert_eq!(status, 422, "an empty answer is refused on the page");
    assert!(page.contains("an answer needs some text"), "{page}");
    let (status, _) =
        editor.post(&format!("/admin/replies/{reply_id}/answer"), &[("content", "About **two years**.")]).await;
    assert_eq!(status, 303);
    let create = eventually("Alice receives the answer", WAIT, &nodes, || async {
        alice.received().into_iter().find(|a| a["type"] == "Create" && a["object"]["inReplyTo"] == question_id.as_str())
    })
    .await;
    let answer_id = create["object"]["id"].as_str().expect("answer id").to_owned();
    assert_eq!(create["actor"], seoul.as_str());
    eventually("the association shows the answer", WAIT, &nodes, || async {
        conversation(&korea_api, &practice).await.iter().any(|c| c.contains("two years")).then_some(())
    })
    .await;

    // The editor deletes the answer: gone here, at Alice's and at the association.
    let (_, page) = editor.get("/admin/replies").await;
    let answer_row = seoul_api_reply_id(&seoul_api, &answer_id).await;
    assert!(page.contains(&format!("/admin/replies/{answer_row}/delete")), "the answer can be deleted");
    let (status, _) = editor.post(&format!("/admin/replies/{answer_row}/delete"), &[]).await;
    assert_eq!(status, 303);
    assert!(!page_text(&a, &page_path).await.contains("two years"));
    assert_eq!(reqwest::get(&answer_id).await.expect("GET").status(), 404, "no longer served");
    eventually("Alice receives the Delete of the answer", WAIT, &nodes, || async {
        alice.received().into_iter().find(|a| a["type"] == "Delete" && a["object"]["id"] == answer_id.as_str())
    })
    .await;
    // Through the API: an answer is deleted once, and a fediverse reply is not the city's to delete.
    for id in [answer_row, reply_id] {
        let (status, body) = seoul_api.send(Method::DELETE, &format!("/api/v1/replies/{id}"), json!({})).await;
        assert_eq!((status, body["error"].as_str()), (404, Some("not_found")), "{body}");
    }
    eventually("the association removes the answer", WAIT, &nodes, || async {
        (!conversation(&korea_api, &practice).await.iter().any(|c| c.contains("two years"))).then_some(())
    })
    .await;

    // Alice deletes her reply: gone here and at the association.
    let tombstone = json!({ "id": question_id, "type": "Tombstone" });
    assert_eq!(send(&alice, "Delete", tombstone, &inbox, "1-delete").await.0, 202);
    assert!(!page_text(&a, &page_path).await.contains("what did they cost?"));
    assert!(items(&seoul_api, "/api/v1/replies").await.iter().all(|r| r["ap_id"] != question_id.as_str()));
    eventually("the association and the knowledge space remove the deleted reply", WAIT, &nodes, || async {
        (conversation(&korea_api, &practice).await.is_empty() && conversation(&unpaks_api, &practice).await.is_empty())
            .then_some(())
    })
    .await;

    // Reject and block from the admin: Bob's next reply is not kept.
    let spam = note(&bob, 1, &practice, &seoul, "<p>Buy cheap watches</p>");
    assert_eq!(send(&bob, "Create", spam, &inbox, "b1").await.0, 202);
    let bobs = items(&seoul_api, "/api/v1/replies?state=pending").await;
    assert_eq!(bobs.len(), 1, "{bobs:?}");
    let (status, _) = editor.post(&format!("/admin/replies/{}/reject", bobs[0]["id"]), &[("block", "1")]).await;
    assert_eq!(status, 303);
    let again = note(&bob, 2, &practice, &seoul, "<p>Buy cheap watches again</p>");
    assert_eq!(send(&bob, "Create", again, &inbox, "b2").await.0, 202);
    let bobs: Vec<_> = items(&seoul_api, "/api/v1/replies")
        .await
        .into_iter()
        .filter(|r| r["author"] == bob.actor.as_str())
        .map(|r| (r["ap_id"].as_str().unwrap_or("").to_owned(), r["state"].as_str().unwrap_or("").to_owned()))
        .collect();
    assert_eq!(bobs, [(bob.id("/notes/1"), "rejected".to_owned())], "the blocked author's next reply is not kept");

    // The policy, from the admin: a wrong value is refused, closed is kept.
    let (status, page) = editor.post("/admin/replies/policy", &[("policy", "sometimes")]).await;
    assert_eq!(status, 422, "{page}");
    let (status, _) = editor.post("/admin/replies/policy", &[("policy", "closed")]).await;
    assert_eq!(status, 303);
    let (_, me) = seoul_api.get("/api/v1/actor").await;
    assert_eq!(me["replies"], "closed", "{me}");
    let (_, page) = editor.get("/admin/replies").await;
    assert!(page.contains("Replies to your practices are not kept."));

    drop((a, h, k));
    a_env.cleanup().await;
    h_env.cleanup().await;
    k_env.cleanup().await;
}

/// The API id of the reply whose ActivityPub id is `ap_id`.
async fn seoul_api_reply_id(api: &Api, ap_id: &str) -> i64 {
    items(api, "/api/v1/replies")
        .await
        .iter()
        .find(|r| r["ap_id"] == ap_id)
        .and_then(|r| r["id"].as_i64())
        .expect("the answer is listed")
}

#[tokio::test]
async fn an_editor_looks_after_the_conversation_and_its_authors_edit_and_delete_on_sqlite() {
    an_editor_looks_after_the_conversation_and_its_authors_edit_and_delete(Backend::Sqlite).await;
}

#[tokio::test]
async fn an_editor_looks_after_the_conversation_and_its_authors_edit_and_delete_on_postgres() {
    an_editor_looks_after_the_conversation_and_its_authors_edit_and_delete(Backend::Postgres).await;
}
