//! The citizen question form (issue 22), over real HTTP against real nodes:
//! off by default; once an editor turns it on, a question posted from the
//! practice page waits for moderation, is shown (escaped) once approved,
//! with the city's answer under it, and reaches the association holding
//! the practice; a filled honeypot, a too-fast submission and the sixth
//! question from one address within the hour are refused.

use crate::support;

use std::time::Duration;

use reqwest::Method;
use serde_json::{Value, json};
use support::admin::{Session, create_user};
use support::{Api, Backend, Node, NodeEnv, eventually};

const WAIT: Duration = Duration::from_secs(30);
/// A little more than the form's minimum age of a token (3 s).
const HUMAN_PAUSE: Duration = Duration::from_millis(3_300);

fn client() -> reqwest::Client {
    reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client")
}

async fn page_text(node: &Node, path: &str) -> String {
    let r = client().get(node.url(path)).header("Accept", "text/html").send().await.expect("GET");
    assert_eq!(r.status(), 200, "{path}");
    r.text().await.expect("html")
}

/// The time token of the page's form.
fn token_of(html: &str) -> String {
    let marker = r#"name="token" value=""#;
    let start = html.find(marker).expect("a token field") + marker.len();
    html[start..].split('"').next().expect("value").to_owned()
}

/// Posts the form as a browser would (`Accept: text/html` when `browser`);
/// the status, `Location` and body.
async fn post_question(node: &Node, path: &str, fields: &[(&str, &str)], browser: bool) -> (u16, String, String) {
    let mut req = client().post(node.url(&format!("{path}/questions"))).form(fields);
    if browser {
        req = req.header("Accept", "text/html,application/xhtml+xml");
    }
    let r = req.send().await.expect("POST");
    let status = r.status().as_u16();
    let location = r.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
    (status, location, r.text().await.expect("body"))
}

/// A city with an editor and a token, and one published practice: the
/// node, the city's API, the practice's id and page path.
async fn city_with_practice(env: &NodeEnv) -> (Node, Api, String, String) {
    env.run_ok(&["actor", "create", "--kind", "city", "--name", "seoul", "--country", "KR"]);
    create_user(env, &["--actor", "seoul", "--login", "editor"]);
    let token = env.run_ok(&["token", "create", "--actor", "seoul"]);
    let node = env.start();
    let api = Api::new(&node, &token);
    let (status, created) = api
        .send(
            Method::POST,
            "/api/v1/practices",
            json!({ "title": "Median bus lanes", "summary": "Twelve corridors.", "content": "Median **bus lanes**.",
                    "language": "en", "kind": "best_practice", "sdgs": [11], "country": "KR" }),
        )
        .await;
    assert_eq!(status, 201, "{created}");
    let id = created["id"].as_str().expect("id").to_owned();
    let path = url::Url::parse(created["url"].as_str().expect("url")).expect("url").path().to_owned();
    (node, api, id, path)
}

async fn pending(api: &Api) -> Vec<Value> {
    let (status, body) = api.get("/api/v1/replies?state=pending").await;
    assert_eq!(status, 200, "{body}");
    body["items"].as_array().cloned().unwrap_or_default()
}

async fn a_citizen_asks_through_the_page_and_sees_the_answer_once_a_moderator_approved(backend: Backend) {
    let (Some(a_env), Some(h_env)) = (NodeEnv::new(backend).await, NodeEnv::new(backend).await) else {
        return;
    };
    h_env.run_ok(&["actor", "create", "--kind", "association", "--name", "korea", "--country", "KR"]);
    let h_tok = h_env.run_ok(&["token", "create", "--actor", "korea"]);
    let (a, seoul_api, practice, path) = city_with_practice(&a_env).await;
    let h = h_env.start();
    let korea_api = Api::new(&h, &h_tok);
    let nodes = [&a, &h];
    let seoul = a.url("/actors/seoul");
    let (status, body) = korea_api.send(Method::POST, "/api/v1/follows", json!({ "target": seoul })).await;
    assert!(status == 202 || status == 200, "{body}");
    eventually("the association follows Seoul", WAIT, &nodes, || async {
        let (_, f) = korea_api.get("/api/v1/follows").await;
        f["items"].as_array()?.iter().find(|i| i["actor"] == seoul.as_str() && i["state"] == "accepted").map(|_| ())
    })
    .await;

    // Off by default: no form on the page, and a post is refused.
    let (_, me) = seoul_api.get("/api/v1/actor").await;
    assert_eq!(me["question_form"], false, "{me}");
    let html = page_text(&a, &path).await;
    assert!(!html.contains("question-form"), "no form while it is off");
    let (status, _, body) = post_question(&a, &path, &[("question", "Hello?"), ("token", "1.x")], true).await;
    assert_eq!(status, 404, "{body}");
    assert!(body.contains("does not take questions through its page"), "{body}");

    // An editor turns it on through the API.
    let (status, me) = seoul_api.send(Method::PATCH, "/api/v1/actor", json!({ "question_form": true })).await;
    assert_eq!((status, &me["question_form"]), (200, &json!(true)), "{me}");
    let html = page_text(&a, &path).await;
    assert!(html.contains(r#"id="question-form""#) && html.contains(r#"<label for="question-text">"#), "{html}");
    let token = token_of(&html);

    // A script posting at once, or filling the hidden field, is refused.
    let (status, _, body) = post_question(&a, &path, &[("question", "Buy now"), ("token", &token)], false).await;
    assert_eq!(status, 422, "too fast: {body}");
    assert!(body.contains("too quickly"), "{body}");
    tokio::time::sleep(HUMAN_PAUSE).await;
    let fields = [("question", "Buy now"), ("token", token.as_str()), ("website", "http://spam.example")];
    let (status, _, body) = post_question(&a, &path, &fields, false).await;
    assert_eq!(status, 422, "honeypot: {body}");
    assert!(pending(&seoul_api).await.is_empty(), "nothing was stored");

    // A citizen asks, with markup in the text and the name.
    let question = "<script>alert(1)</script> How long did the works take?";
    let fields = [("question", question), ("name", "Ana <b>K</b>"), ("token", token.as_str()), ("website", "")];
    let (status, location, body) = post_question(&a, &path, &fields, true).await;
    assert_eq!(status, 303, "{body}");
    assert_eq!(location, format!("{path}?question=pending#question-sent"));
    let html = page_text(&a, &location).await;
    assert!(html.contains("your question awaits moderation"), "the page says so");
    assert!(!html.contains("How long did the works take?"), "not shown before moderation");
    let queue = pending(&seoul_api).await;
    assert_eq!(queue.len(), 1, "{queue:?}");
    assert_eq!((&queue[0]["via"], &queue[0]["citizen_name"]), (&json!("form"), &json!("Ana <b>K</b>")));
    let id = queue[0]["id"].as_i64().expect("id");

    // The admin queue marks it; blocking its author does not apply.
    let editor = Session::sign_in(&a, "editor").await;
    let (_, admin) = editor.get("/admin/replies").await;
    assert!(admin.contains("Question from the practice page&#x27;s form"), "{admin}");
    assert!(admin.contains("no fediverse author to block"), "{admin}");
    let (status, body) =
        seoul_api.send(Method::POST, &format!("/api/v1/replies/{id}/reject"), json!({ "block_author": true })).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(pending(&seoul_api).await.len(), 1, "still waiting");

    // Approved by the editor: shown escaped, named, and sent to the
    // association as Seoul's Note saying whose question it is.
    let (status, body) = editor.post(&format!("/admin/replies/{id}/approve"), &[]).await;
    assert_eq!(status, 303, "{body}");
    let html = page_text(&a, &path).await;
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt; How long did the works take?")
            || html.contains("&lt;script&gt;alert(1)&lt;/script&gt; How long did the works take?"),
        "{html}"
    );
    assert!(!html.contains("<script>alert(1)"), "never as markup");
    assert!(html.contains("Question from Ana &lt;b&gt;K&lt;&#x2f;b&gt;, asked on this page"), "{html}");
    eventually("the association shows the approved question", WAIT, &nodes, || async {
        let (_, body) = korea_api.get(&format!("/api/v1/practices/{}/replies", support::urlencode(&practice))).await;
        body["items"].as_array()?.iter().find(|r| {
            let c = r["content"].as_str().unwrap_or("");
            c.contains("How long did the works take?") && c.contains("Question from Ana")
        })?;
        Some(())
    })
    .await;

    // The city answers it; the answer is shown under the question.
    let (status, answer) = seoul_api
        .send(
            Method::POST,
            &format!("/api/v1/practices/{}/replies", support::urlencode(&practice)),
            json!({ "content": "About **two years**.", "in_reply_to": id }),
        )
        .await;
    assert_eq!(status, 201, "{answer}");
    let answer_id = answer["id"].as_i64().expect("id");
    let html = page_text(&a, &path).await;
    let thread = format!(r#"<li id="reply-{id}">"#);
    let nested = format!(r#"<ol class="answers"><li id="reply-{answer_id}">"#);
    let (q_at, a_at) = (html.find(&thread).expect("the question"), html.find(&nested).expect("the answer, nested"));
    assert!(q_at < a_at && html[a_at..].contains("<strong>two years</strong>"), "{html}");

    a_env.cleanup().await;
    h_env.cleanup().await;
}

async fn the_sixth_question_from_one_address_within_the_hour_is_refused(backend: Backend) {
    let Some(env) = NodeEnv::new(backend).await else {
        return;
    };
    let (node, api, _, path) = city_with_practice(&env).await;
    let (status, me) = api.send(Method::PATCH, "/api/v1/actor", json!({ "question_form": true })).await;
    assert_eq!(status, 200, "{me}");
    let token = token_of(&page_text(&node, &path).await);
    tokio::time::sleep(HUMAN_PAUSE).await;
    for n in 1..=5 {
        let text = format!("Question number {n}?");
        let (status, _, body) = post_question(&node, &path, &[("question", &text), ("token", &token)], false).await;
        assert_eq!(status, 303, "question {n}: {body}");
    }
    let (status, _, body) = post_question(&node, &path, &[("question", "One more?"), ("token", &token)], true).await;
    assert_eq!(status, 429, "{body}");
    assert!(body.contains("Too many questions were sent from your address"), "{body}");
    let (status, _, body) = post_question(&node, &path, &[("question", "And again?"), ("token", &token)], false).await;
    assert_eq!(status, 429);
    let error: Value = serde_json::from_str(&body).expect("a JSON error for API clients");
    assert_eq!(error["error"], "rate_limited", "{error}");
    assert_eq!(pending(&api).await.len(), 5, "the refused ones were not stored");
    env.cleanup().await;
}

#[tokio::test]
async fn a_citizen_asks_through_the_page_and_sees_the_answer_once_a_moderator_approved_on_sqlite() {
    a_citizen_asks_through_the_page_and_sees_the_answer_once_a_moderator_approved(Backend::Sqlite).await;
}

#[tokio::test]
async fn a_citizen_asks_through_the_page_and_sees_the_answer_once_a_moderator_approved_on_postgres() {
    a_citizen_asks_through_the_page_and_sees_the_answer_once_a_moderator_approved(Backend::Postgres).await;
}

#[tokio::test]
async fn the_sixth_question_from_one_address_within_the_hour_is_refused_on_sqlite() {
    the_sixth_question_from_one_address_within_the_hour_is_refused(Backend::Sqlite).await;
}

#[tokio::test]
async fn the_sixth_question_from_one_address_within_the_hour_is_refused_on_postgres() {
    the_sixth_question_from_one_address_within_the_hour_is_refused(Backend::Postgres).await;
}
