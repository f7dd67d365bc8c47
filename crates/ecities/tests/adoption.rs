//! Adoption and engagement between real nodes (issue 22): a practice that
//! adapts another city's practice is shown at its origin and counted by the
//! knowledge space; likes and boosts from fediverse accounts are counted
//! for the practice's editor and taken back by `Undo`.

use crate::support;

use std::time::Duration;

use reqwest::Method;
use serde_json::{Value, json};
use support::admin::{Session, create_user};
use support::fake_remote::FakeRemote;
use support::{Api, Backend, NodeEnv, as2, eventually};

const WAIT: Duration = Duration::from_secs(30);

fn practice_body(title: &str, country: &str) -> Value {
    json!({
        "title": title,
        "summary": format!("{title}: maps of where the water goes, for every household."),
        "content": "Maps of every street that floods, shared with residents.",
        "language": "en",
        "kind": "best_practice",
        "sdgs": [11, 13],
        "country": country,
    })
}

fn encode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

async fn follow(api: &Api, target: &str) {
    let (status, body) = api.send(Method::POST, "/api/v1/follows", json!({ "target": target })).await;
    assert_eq!(status, 202, "{body}");
}

async fn a_practice_adopted_in_another_country_is_shown_at_its_origin_and_counted_by_the_knowledge_space(
    backend: Backend,
) {
    let (Some(a_env), Some(b_env), Some(k_env)) =
        (NodeEnv::new(backend).await, NodeEnv::new(backend).await, NodeEnv::new(backend).await)
    else {
        return;
    };
    a_env.run_ok(&[
        "actor",
        "create",
        "--kind",
        "city",
        "--name",
        "tokyo",
        "--display-name",
        "Tokyo",
        "--country",
        "JP",
    ]);
    b_env.run_ok(&[
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
    k_env.run_ok(&["actor", "create", "--kind", "knowledge-space", "--name", "unpaks", "--display-name", "UN-PAKS"]);
    let a_token = a_env.run_ok(&["token", "create", "--actor", "tokyo"]);
    let b_token = b_env.run_ok(&["token", "create", "--actor", "seoul"]);
    let k_token = k_env.run_ok(&["token", "create", "--actor", "unpaks"]);
    let (a, b, k) = (a_env.start(), b_env.start(), k_env.start());
    let nodes = [&a, &b, &k];
    let (a_api, b_api, k_api) = (Api::new(&a, &a_token), Api::new(&b, &b_token), Api::new(&k, &k_token));
    let (tokyo, seoul) = (a.url("/actors/tokyo"), b.url("/actors/seoul"));

    // Seoul follows Tokyo; the knowledge space follows both.
    follow(&b_api, &tokyo).await;
    follow(&k_api, &tokyo).await;
    follow(&k_api, &seoul).await;
    for api in [&b_api, &k_api] {
        eventually("the follows are accepted", WAIT, &nodes, || async {
            let (_, f) = api.get("/api/v1/follows").await;
            let items = f["items"].as_array().cloned().unwrap_or_default();
            (!items.is_empty() && items.iter().all(|i| i["state"] == "accepted")).then_some(())
        })
        .await;
    }

    // Tokyo publishes; Seoul and the knowledge space receive it.
    let (status, source) = a_api.send(Method::POST, "/api/v1/practices", practice_body("Tokyo flood maps", "JP")).await;
    assert_eq!(status, 201, "{source}");
    let source_id = source["id"].as_str().expect("id").to_owned();
    for api in [&b_api, &k_api] {
        eventually("Tokyo's practice arrives", WAIT, &nodes, || async {
            (api.get(&format!("/api/v1/practices/{}", encode(&source_id))).await.0 == 200).then_some(())
        })
        .await;
    }

    // Bad adopted_from lists are refused with the field named.
    for bad in [
        json!(["ftp://tokyo.example/p/1"]),
        json!(["not a url"]),
        json!((0..11).map(|i| format!("https://x.example/p/{i}")).collect::<Vec<_>>()),
    ] {
        let mut body = practice_body("Seoul flood maps", "KR");
        body["adopted_from"] = bad.clone();
        let (status, answer) = b_api.send(Method::POST, "/api/v1/practices", body).await;
        assert_eq!(status, 422, "{bad}: {answer}");
        assert_eq!(answer["error"], "invalid_input", "{answer}");
        assert!(answer.to_string().contains("adopted_from"), "{answer}");
    }

    // Seoul publishes a practice adapted from Tokyo's.
    let mut body = practice_body("Seoul flood maps", "KR");
    body["adopted_from"] = json!([source_id]);
    let (status, adopting) = b_api.send(Method::POST, "/api/v1/practices", body).await;
    assert_eq!(status, 201, "{adopting}");
    assert_eq!(adopting["adopted_from"], json!([source_id]));
    let adopting_id = adopting["id"].as_str().expect("id").to_owned();
    let article = as2(&adopting_id).await;
    assert_eq!(article["adoptedFrom"], json!([source_id]), "carried in the Article");

    // A practice cannot be adopted from itself.
    let (status, answer) = b_api
        .send(
            Method::PATCH,
            &format!("/api/v1/practices/{}", encode(&adopting_id)),
            json!({ "adopted_from": [adopting_id] }),
        )
        .await;
    assert_eq!(status, 422, "{answer}");

    // Tokyo's node learns of it from the Create: API and page.
    let by = eventually("Tokyo's practice shows it was adopted by Seoul", WAIT, &nodes, || async {
        let (_, p) = a_api.get(&format!("/api/v1/practices/{}", encode(&source_id))).await;
        p["adopted_by"].as_array().filter(|a| !a.is_empty()).cloned()
    })
    .await;
    assert_eq!(by.len(), 1);
    assert_eq!(by[0]["practice"], adopting_id.as_str());
    assert_eq!(by[0]["actor"], seoul.as_str());
    assert_eq!(by[0]["actor_name"], "Seoul");
    assert_eq!(by[0]["country"], "KR");
    assert_eq!(by[0]["title"], "Seoul flood maps");
    let page = reqwest::get(&source_id).await.expect("GET").text().await.expect("html");
    assert!(page.contains("Adopted by"), "{page}");
    // Attribute values are written with slashes escaped.
    let attr = |s: &str| s.replace('/', "&#x2f;");
    assert!(page.contains(&format!(r#"<a href="{}">Seoul flood maps</a>"#, attr(&adopting_id))), "{page}");
    assert!(page.contains(&format!(r#"<a href="{}">Seoul</a>"#, attr(&seoul))), "{page}");

    // The knowledge space counts the adoption: KR ← JP, and the most adopted.
    let analytics = eventually("the knowledge space counts the adoption", WAIT, &nodes, || async {
        let (_, v) = k_api.get("/api/v1/analytics").await;
        (v["adoptions"]["total"] == 1).then_some(v)
    })
    .await;
    assert_eq!(analytics["adoptions"]["flows"], json!([{ "from": "JP", "to": "KR", "count": 1, "label": "KR ← JP" }]));
    assert_eq!(analytics["adoptions"]["most_adopted"][0]["practice"], source_id.as_str());
    assert_eq!(analytics["adoptions"]["most_adopted"][0]["title"], "Tokyo flood maps");
    assert_eq!(analytics["adoptions"]["most_adopted"][0]["count"], 1);
    let html = reqwest::get(k.url("/analytics")).await.expect("GET").text().await.expect("html");
    assert!(html.contains("<th scope=\"row\">KR ← JP</th>"), "{html}");
    assert!(
        html.contains(r#"class="world-map""#) && html.contains(r#"class="flows""#),
        "the map with its arrow: {html}"
    );
    assert!(html.contains(r##"href="#adoption-KR""##) && html.contains(r#"id="adoption-KR""#), "{html}");
    assert!(html.contains("Tokyo flood maps"), "the most adopted practice: {html}");
    let csv = reqwest::get(k.url("/api/v1/analytics.csv")).await.expect("GET").text().await.expect("csv");
    assert!(csv.contains("adoption_flow,KR ← JP,"), "{csv}");

    // The pages that show adoptions pass axe, left to right and right to left.
    if backend == Backend::Sqlite
        && let Some(browser) = support::browser::start().await
    {
        if let Some(axe) = support::browser::axe_source() {
            for page in [source_id.clone(), adopting_id.clone(), k.url("/analytics")] {
                support::browser::assert_accessible(&browser.client, &axe, &page, &["en", "ar"]).await;
            }
        }
        browser.client.clone().close().await.expect("close");
    }

    // Seoul deletes its practice: Tokyo's no longer shows it.
    let (status, _) =
        b_api.send(Method::DELETE, &format!("/api/v1/practices/{}", encode(&adopting_id)), json!({})).await;
    assert_eq!(status, 204);
    eventually("Tokyo's practice forgets the deleted adoption", WAIT, &nodes, || async {
        let (_, p) = a_api.get(&format!("/api/v1/practices/{}", encode(&source_id))).await;
        (p["adopted_by"] == json!([])).then_some(())
    })
    .await;

    drop((a, b, k));
    a_env.cleanup().await;
    b_env.cleanup().await;
    k_env.cleanup().await;
}

#[tokio::test]
async fn a_practice_adopted_in_another_country_is_shown_at_its_origin_and_counted_by_the_knowledge_space_on_sqlite() {
    a_practice_adopted_in_another_country_is_shown_at_its_origin_and_counted_by_the_knowledge_space(Backend::Sqlite)
        .await;
}

#[tokio::test]
async fn a_practice_adopted_in_another_country_is_shown_at_its_origin_and_counted_by_the_knowledge_space_on_postgres() {
    a_practice_adopted_in_another_country_is_shown_at_its_origin_and_counted_by_the_knowledge_space(Backend::Postgres)
        .await;
}

async fn a_like_from_a_remote_account_raises_the_count_its_editor_sees_and_undo_lowers_it(backend: Backend) {
    let Some(env) = NodeEnv::new(backend).await else { return };
    env.run_ok(&["actor", "create", "--kind", "city", "--name", "seoul", "--country", "KR"]);
    let token = env.run_ok(&["token", "create", "--actor", "seoul"]);
    create_user(&env, &["--actor", "seoul", "--login", "editor"]);
    let node = env.start();
    let api = Api::new(&node, &token);
    let (status, created) = api.send(Method::POST, "/api/v1/practices", practice_body("Seoul flood maps", "KR")).await;
    assert_eq!(status, 201, "{created}");
    let practice = created["id"].as_str().expect("id").to_owned();
    let inbox = node.url("/inbox");
    let alice = FakeRemote::start("alice").await;
    let hub = FakeRemote::start_as("hub", "Group").await;
    let engagement = || async {
        let (_, p) = api.get(&format!("/api/v1/practices/{}", encode(&practice))).await;
        (p["engagement"]["likes"].as_i64().unwrap_or(-1), p["engagement"]["boosts"].as_i64().unwrap_or(-1))
    };
    assert_eq!(engagement().await, (0, 0));

    let like = json!({ "@context": "https://www.w3.org/ns/activitystreams", "id": alice.id("/likes/1"), "type": "Like", "actor": alice.actor, "object": practice });
    let (status, body) = alice.post_signed(&inbox, &like.to_string(), None).await;
    assert_eq!(status, 202, "{body}");
    assert_eq!(engagement().await, (1, 0), "the like is counted once its 202 is answered");
    let editor = Session::sign_in(&node, "editor").await;
    let (status, html) = editor.get("/admin/practices").await;
    assert_eq!(status, 200);
    assert!(html.contains("Likes: 1"), "the editor sees the like: {html}");

    // The same account again (another id), an association's like, a like
    // of something not ours: none counts.
    let again = json!({ "id": alice.id("/likes/2"), "type": "Like", "actor": alice.actor, "object": practice });
    assert_eq!(alice.post_signed(&inbox, &again.to_string(), None).await.0, 202);
    let hub_like = json!({ "id": hub.id("/likes/1"), "type": "Like", "actor": hub.actor, "object": practice });
    assert_eq!(hub.post_signed(&inbox, &hub_like.to_string(), None).await.0, 202);
    let elsewhere =
        json!({ "id": alice.id("/likes/3"), "type": "Like", "actor": alice.actor, "object": alice.id("/notes/1") });
    assert_eq!(alice.post_signed(&inbox, &elsewhere.to_string(), None).await.0, 202);
    assert_eq!(engagement().await, (1, 0));

    // A boost from the account counts as a boost, not a relay.
    let boost = json!({ "id": alice.id("/boosts/1"), "type": "Announce", "actor": alice.actor, "object": practice });
    let (status, body) = alice.post_signed(&inbox, &boost.to_string(), None).await;
    assert_eq!(status, 202, "{body}");
    assert_eq!(engagement().await, (1, 1));
    let (_, p) = api.get(&format!("/api/v1/practices/{}", encode(&practice))).await;
    assert_eq!(p["relayed_by"], json!([]), "a boost is not provenance");

    // Undo takes each back: the Like embedded, the Announce embedded.
    let undo = json!({ "id": alice.id("/likes/1/undo"), "type": "Undo", "actor": alice.actor, "object": like });
    let (status, body) = alice.post_signed(&inbox, &undo.to_string(), None).await;
    assert_eq!(status, 202, "{body}");
    assert_eq!(engagement().await, (0, 1));
    let (_, html) = editor.get("/admin/practices").await;
    assert!(html.contains("Likes: 0") && html.contains("Boosts: 1"), "{html}");
    let undo = json!({ "id": alice.id("/boosts/1/undo"), "type": "Undo", "actor": alice.actor, "object": boost });
    assert_eq!(alice.post_signed(&inbox, &undo.to_string(), None).await.0, 202);
    assert_eq!(engagement().await, (0, 0));

    // An Undo naming only the Like's id works too.
    let like = json!({ "id": alice.id("/likes/4"), "type": "Like", "actor": alice.actor, "object": practice });
    assert_eq!(alice.post_signed(&inbox, &like.to_string(), None).await.0, 202);
    assert_eq!(engagement().await, (1, 0));
    let undo = json!({ "id": alice.id("/likes/4/undo"), "type": "Undo", "actor": alice.actor, "object": alice.id("/likes/4") });
    assert_eq!(alice.post_signed(&inbox, &undo.to_string(), None).await.0, 202);
    assert_eq!(engagement().await, (0, 0));

    // The analytics count the node's own practices' engagement.
    let like = json!({ "id": alice.id("/likes/5"), "type": "Like", "actor": alice.actor, "object": practice });
    assert_eq!(alice.post_signed(&inbox, &like.to_string(), None).await.0, 202);
    let (_, analytics) = api.get("/api/v1/analytics").await;
    assert_eq!(analytics["engagement"]["likes"], 1, "{analytics}");
    assert_eq!(analytics["engagement"]["top"][0]["practice"], practice.as_str());

    drop(node);
    env.cleanup().await;
}

#[tokio::test]
async fn a_like_from_a_remote_account_raises_the_count_its_editor_sees_and_undo_lowers_it_on_sqlite() {
    a_like_from_a_remote_account_raises_the_count_its_editor_sees_and_undo_lowers_it(Backend::Sqlite).await;
}

#[tokio::test]
async fn a_like_from_a_remote_account_raises_the_count_its_editor_sees_and_undo_lowers_it_on_postgres() {
    a_like_from_a_remote_account_raises_the_count_its_editor_sees_and_undo_lowers_it(Backend::Postgres).await;
}
