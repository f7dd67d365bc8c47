//! The translation workflow between real nodes: a knowledge space (which
//! holds a city's practice through an association) asks for it in French;
//! the request reaches the city, which sees it in its API; the city adds
//! the language, marked as a machine translation with its engine and who
//! approved it; the knowledge space receives the `Update` with that status.

use crate::support;

use std::time::Duration;

use reqwest::Method;
use serde_json::{Value, json};
use support::{Api, Backend, Node, NodeEnv, eventually};

const WAIT: Duration = Duration::from_secs(60);

async fn follow(api: &Api, target: &str, nodes: &[&Node]) {
    let (status, body) = api.send(Method::POST, "/api/v1/follows", json!({ "target": target })).await;
    assert!(status == 202 || status == 200, "{body}");
    eventually(&format!("follow of {target} accepted"), WAIT, nodes, || async {
        let (_, f) = api.get("/api/v1/follows").await;
        f["items"].as_array()?.iter().find(|i| i["actor"] == target && i["state"] == "accepted").map(|_| ())
    })
    .await;
}

async fn practice(api: &Api, id: &str) -> Option<Value> {
    let enc: String = url::form_urlencoded::byte_serialize(id.as_bytes()).collect();
    let (status, p) = api.get(&format!("/api/v1/practices/{enc}")).await;
    (status == 200).then_some(p)
}

async fn a_translation_request_reaches_the_city_and_the_new_language_comes_back_with_its_status(backend: Backend) {
    let (Some(a_env), Some(h_env), Some(k_env)) =
        (NodeEnv::new(backend).await, NodeEnv::new(backend).await, NodeEnv::new(backend).await)
    else {
        return;
    };
    a_env.run_ok(&["actor", "create", "--kind", "city", "--name", "seoul", "--country", "KR"]);
    h_env.run_ok(&["actor", "create", "--kind", "association", "--name", "korea", "--country", "KR"]);
    k_env.run_ok(&["actor", "create", "--kind", "knowledge-space", "--name", "unpaks"]);
    let (a_tok, h_tok, k_tok) = (
        a_env.run_ok(&["token", "create", "--actor", "seoul"]),
        h_env.run_ok(&["token", "create", "--actor", "korea"]),
        k_env.run_ok(&["token", "create", "--actor", "unpaks"]),
    );
    let (a, h, k) = (a_env.start(), h_env.start(), k_env.start());
    let nodes = [&a, &h, &k];
    let (a_api, h_api, k_api) = (Api::new(&a, &a_tok), Api::new(&h, &h_tok), Api::new(&k, &k_tok));
    let (seoul, korea, unpaks) = (a.url("/actors/seoul"), h.url("/actors/korea"), k.url("/actors/unpaks"));
    follow(&h_api, &seoul, &nodes).await;
    follow(&k_api, &korea, &nodes).await;

    let (status, created) = a_api
        .send(
            Method::POST,
            "/api/v1/practices",
            json!({ "title": "Median bus lanes", "summary": "Buses in the middle of the road.",
                    "content": "Faster buses.", "language": "en", "kind": "best_practice", "sdgs": [11], "country": "KR" }),
        )
        .await;
    assert_eq!(status, 201, "{created}");
    let id = created["id"].as_str().expect("id").to_owned();
    assert_eq!(created["language_status"], "original", "{created}");
    eventually("the knowledge space holds the practice through the association", WAIT, &nodes, || {
        practice(&k_api, &id)
    })
    .await;

    // Bad input is refused with a JSON error, before anything is sent.
    let path = format!(
        "/api/v1/practices/{}/translation-requests",
        url::form_urlencoded::byte_serialize(id.as_bytes()).collect::<String>()
    );
    let (status, body) = k_api.send(Method::POST, &path, json!({ "language": "not a tag" })).await;
    assert_eq!((status, body["error"].is_string()), (422, true), "{body}");
    let (status, body) = k_api.send(Method::POST, &path, json!({ "language": "en" })).await;
    assert_eq!(status, 409, "the practice is already in English: {body}");
    // A city does not ask for translations; a curator does.
    let (status, _) = a_api.send(Method::POST, &path, json!({ "language": "fr" })).await;
    assert_eq!(status, 403);

    // The knowledge space asks for French; the request reaches the city.
    let (status, request) = k_api.send(Method::POST, &path, json!({ "language": "fr" })).await;
    assert_eq!((status, request["state"].as_str()), (201, Some("open")), "{request}");
    let (status, again) = k_api.send(Method::POST, &path, json!({ "language": "fr" })).await;
    assert_eq!((status, again["id"].clone()), (200, request["id"].clone()), "asked once: {again}");
    let (_, made) = k_api.get("/api/v1/translation-requests?made=true").await;
    assert_eq!(made["items"][0]["language"], "fr", "{made}");
    let received = eventually("the city sees the request", WAIT, &nodes, || async {
        let (_, r) = a_api.get("/api/v1/translation-requests").await;
        r["items"].as_array()?.iter().find(|i| i["requester"] == unpaks.as_str()).cloned()
    })
    .await;
    assert_eq!(
        (received["practice"].as_str(), received["language"].as_str(), received["state"].as_str()),
        (Some(id.as_str()), Some("fr"), Some("open")),
        "{received}"
    );

    // The city adds French: a machine translation, approved by a person.
    let (status, edited) = a_api
        .send(
            Method::PATCH,
            &format!("/api/v1/practices/{}", created["key"].as_str().expect("key")),
            json!({ "translations": { "fr": {
                "title": "Voies de bus centrales", "summary": "Les bus au milieu de la route.",
                "content": "Des bus plus rapides.", "status": "machine", "engine": "LibreTranslate",
                "translator": "Kim Min-ji" } } }),
        )
        .await;
    assert_eq!(status, 200, "{edited}");
    let (_, asked) = a_api.get("/api/v1/translation-requests").await;
    assert_eq!(asked["items"][0]["state"], "fulfilled", "{asked}");

    // The knowledge space receives the Update, with the status.
    let fr = eventually("the new language reaches the requester with its status", WAIT, &nodes, || async {
        let p = practice(&k_api, &id).await?;
        let fr = p["translations"]["fr"].clone();
        fr.is_object().then_some(fr)
    })
    .await;
    assert_eq!(fr["title"], "Voies de bus centrales");
    assert_eq!(
        (fr["status"].as_str(), fr["engine"].as_str(), fr["translator"].as_str()),
        (Some("machine"), Some("LibreTranslate"), Some("Kim Min-ji")),
        "{fr}"
    );

    // The practice page shows the status beside the language switcher.
    let page = reqwest::get(a.url(&format!("/practices/{}?lang=en", created["key"].as_str().expect("key"))))
        .await
        .expect("GET")
        .text()
        .await
        .expect("html");
    assert!(page.contains("LibreTranslate"), "the page names the engine: {page}");

    drop((a, h, k));
    a_env.cleanup().await;
    h_env.cleanup().await;
    k_env.cleanup().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_translation_request_reaches_the_city_and_the_new_language_comes_back_with_its_status_on_sqlite() {
    a_translation_request_reaches_the_city_and_the_new_language_comes_back_with_its_status(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_translation_request_reaches_the_city_and_the_new_language_comes_back_with_its_status_on_postgres() {
    a_translation_request_reaches_the_city_and_the_new_language_comes_back_with_its_status(Backend::Postgres).await;
}
