//! The machine-translation hook against a local stand-in for a
//! LibreTranslate server (it stands in for the external service, not for
//! the node): a draft is filled by the machine, nothing is published until
//! a person approves it, and the approved language says it was machine
//! translated, by which engine, approved by whom.

use crate::support;

use std::sync::{Arc, Mutex};

use axum::Json;
use axum::Router;
use axum::extract::State;
use axum::routing::post;
use reqwest::Method;
use serde_json::{Value, json};
use support::{Api, Backend, NodeEnv};

/// Deterministic: `[target] text`, and records what it was asked.
async fn start_translator() -> (Arc<Mutex<Vec<Value>>>, String) {
    let asked = Arc::new(Mutex::new(Vec::new()));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let base = format!("http://localhost:{}", listener.local_addr().expect("addr").port());
    let app = Router::new()
        .route(
            "/translate",
            post(|State(asked): State<Arc<Mutex<Vec<Value>>>>, Json(body): Json<Value>| async move {
                asked.lock().map(|mut a| a.push(body.clone())).ok();
                let q = body["q"].as_str().unwrap_or("");
                Json(json!({ "translatedText": format!("[{}] {q}", body["target"].as_str().unwrap_or("?")) }))
            }),
        )
        .with_state(asked.clone());
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (asked, base)
}

async fn a_machine_draft_is_published_only_once_a_person_approves_it(backend: Backend) {
    let (asked, base) = start_translator().await;
    let Some(env) = NodeEnv::new(backend).await else { return };
    let env =
        env.with_config(&format!("[translation]\nmachine_url = \"{base}\"\nmachine_engine = \"LibreTranslate\"\n"));
    env.run_ok(&["actor", "create", "--kind", "city", "--name", "seoul", "--country", "KR"]);
    let token = env.run_ok(&["token", "create", "--actor", "seoul"]);
    let node = env.start();
    let api = Api::new(&node, &token);
    let (status, created) = api
        .send(
            Method::POST,
            "/api/v1/practices",
            json!({ "title": "Median bus lanes", "summary": "Buses in the middle.", "content": "Faster buses.",
                    "language": "en", "kind": "best_practice", "sdgs": [11], "country": "KR" }),
        )
        .await;
    assert_eq!(status, 201, "{created}");
    let key = created["key"].as_str().expect("key");

    let draft_path = format!("/api/v1/practices/{key}/translations/fr/machine-draft");
    let (status, draft) = api.send(Method::POST, &draft_path, json!({})).await;
    assert_eq!(status, 200, "{draft}");
    assert_eq!(draft["title"], "[fr] Median bus lanes", "{draft}");
    assert_eq!(draft["summary"], "[fr] Buses in the middle.", "{draft}");
    assert_eq!((draft["status"].as_str(), draft["engine"].as_str()), (Some("machine"), Some("LibreTranslate")));
    let first = asked.lock().expect("asked")[0].clone();
    assert_eq!((first["source"].as_str(), first["target"].as_str()), (Some("en"), Some("fr")), "{first}");

    // A draft is not published: the practice has no French yet.
    let (_, p) = api.get(&format!("/api/v1/practices/{key}")).await;
    assert!(p["translations"]["fr"].is_null(), "{p}");
    // Bad input: not a language, or the practice's own language.
    let (status, body) =
        api.send(Method::POST, &format!("/api/v1/practices/{key}/translations/x y/machine-draft"), json!({})).await;
    assert!((400..500).contains(&status) && body["error"].is_string(), "{status} {body}");
    let (status, _) =
        api.send(Method::POST, &format!("/api/v1/practices/{key}/translations/en/machine-draft"), json!({})).await;
    assert_eq!(status, 409);

    // A person approves it (corrected), naming themselves.
    let mut approved = draft.clone();
    approved["title"] = json!("Voies de bus centrales");
    approved["translator"] = json!("Kim Min-ji");
    let (status, p) = api
        .send(Method::PATCH, &format!("/api/v1/practices/{key}"), json!({ "translations": { "fr": approved } }))
        .await;
    assert_eq!(status, 200, "{p}");
    let fr = &p["translations"]["fr"];
    assert_eq!(
        (fr["title"].as_str(), fr["status"].as_str(), fr["engine"].as_str(), fr["translator"].as_str()),
        (Some("Voies de bus centrales"), Some("machine"), Some("LibreTranslate"), Some("Kim Min-ji")),
        "{p}"
    );
    drop(node);
    env.cleanup().await;
}

#[tokio::test]
async fn a_machine_draft_is_published_only_once_a_person_approves_it_on_sqlite() {
    a_machine_draft_is_published_only_once_a_person_approves_it(Backend::Sqlite).await;
}

#[tokio::test]
async fn a_machine_draft_is_published_only_once_a_person_approves_it_on_postgres() {
    a_machine_draft_is_published_only_once_a_person_approves_it(Backend::Postgres).await;
}
