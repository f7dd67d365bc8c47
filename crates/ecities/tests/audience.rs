//! Audiences and embargo between real nodes: a followers-only practice
//! reaches followers and nobody's public surfaces; an embargoed one is
//! invisible and undelivered until its time (the origin's clock is moved
//! forward by restarting it with `ECITIES_TEST_CLOCK_OFFSET_SECS`), then
//! delivered once.

use crate::support;

use std::time::Duration;

use reqwest::Method;
use serde_json::{Value, json};
use support::fake_remote::FakeRemote;
use support::{Api, Backend, Node, NodeEnv, eventually};

const WAIT: Duration = Duration::from_secs(30);
const PUBLIC: &str = "https://www.w3.org/ns/activitystreams#Public";

/// Two cities, Seoul (origin) and Busan, Busan and a Mastodon-like server
/// following Seoul.
struct Pair {
    a_env: NodeEnv,
    b_env: NodeEnv,
    b: Node,
    b_api: Api,
    masto: FakeRemote,
}

async fn pair(backend: Backend) -> Option<(Pair, Node, Api)> {
    let (Some(a_env), Some(b_env)) = (NodeEnv::new(backend).await, NodeEnv::new(backend).await) else {
        return None;
    };
    a_env.run_ok(&["actor", "create", "--kind", "city", "--name", "seoul", "--country", "KR"]);
    b_env.run_ok(&["actor", "create", "--kind", "city", "--name", "busan", "--country", "KR"]);
    let a_token = a_env.run_ok(&["token", "create", "--actor", "seoul"]);
    let b_token = b_env.run_ok(&["token", "create", "--actor", "busan"]);
    let a = a_env.start();
    let b = b_env.start();
    let (a_api, b_api) = (Api::new(&a, &a_token), Api::new(&b, &b_token));
    let handle = format!("seoul@localhost:{}", a_env.port);
    let (status, body) = b_api.send(Method::POST, "/api/v1/follows", json!({ "target": handle })).await;
    assert_eq!(status, 202, "{body}");
    let masto = FakeRemote::start("masto").await;
    let follow = json!({ "id": masto.id("/follows/1"), "type": "Follow", "actor": masto.actor,
                         "object": a.url("/actors/seoul") })
    .to_string();
    assert_eq!(masto.post_signed(&a.url("/inbox"), &follow, None).await.0, 202);
    eventually("both follows are accepted", WAIT, &[&a, &b], || async {
        let (_, f) = b_api.get("/api/v1/follows").await;
        let masto_accepted = masto.received().iter().any(|x| x["type"] == "Accept");
        (f["items"][0]["state"] == "accepted" && masto_accepted).then_some(())
    })
    .await;
    Some((Pair { a_env, b_env, b, b_api, masto }, a, a_api))
}

fn practice(title: &str) -> Value {
    json!({ "title": title, "summary": "What the city did.", "content": "The whole story.", "language": "en",
            "kind": "best_practice", "sdgs": [11], "country": "KR" })
}

/// Publishes a public practice at Seoul and waits until Busan and the
/// Mastodon-like server have it: after that, whatever was sent before it
/// has arrived too (one queue, in order), and Busan's search has caught up.
async fn publish_marker(p: &Pair, a: &Node, a_api: &Api, title: &str) -> String {
    let (status, created) = a_api.send(Method::POST, "/api/v1/practices", practice(title)).await;
    assert_eq!(status, 201, "{created}");
    let id = created["id"].as_str().expect("id").to_owned();
    let word = title.split(' ').next().unwrap_or("").to_owned();
    eventually("the public marker reaches both followers", WAIT, &[a, &p.b], || async {
        let at_masto = p.masto.received().iter().any(|x| x["type"] == "Create" && x["object"]["id"] == id.as_str());
        let (_, r) = p.b_api.get(&format!("/api/v1/practices?q={word}")).await;
        let at_busan = r["items"].as_array().is_some_and(|i| i.iter().any(|x| x["id"] == id.as_str()));
        (at_masto && at_busan).then_some(())
    })
    .await;
    id
}

async fn text(url: String) -> (u16, String) {
    let r = reqwest::get(url).await.expect("GET");
    (r.status().as_u16(), r.text().await.expect("body"))
}

/// Every public surface of `node`, searched for `query` (another word of
/// the title: pages repeat the query): none may name `word`.
async fn assert_on_no_public_surface(node: &Node, word: &str, query: &str, seoul_outbox: Option<String>) {
    let mut urls = vec![
        node.url(&format!("/api/v1/practices?q={query}")),
        node.url(&format!("/search?q={query}")),
        node.url("/search"),
        node.url("/"),
        node.url("/feeds/practices.rss"),
        node.url("/feeds/practices.atom"),
        node.url(&format!("/feeds/practices.json?q={query}")),
        node.url("/sitemap.xml"),
        node.url("/catalog.jsonld"),
        node.url("/oai?verb=ListRecords&metadataPrefix=oai_dc"),
    ];
    urls.extend(seoul_outbox);
    for url in urls {
        let (_, body) = text(url.clone()).await;
        assert!(!body.contains(word), "{url} shows '{word}':\n{body}");
    }
}

async fn a_followers_only_practice_reaches_followers_and_no_public_surface(backend: Backend) {
    let Some((p, a, a_api)) = pair(backend).await else { return };
    let mut input = practice("Quietbudget participatory plan");
    input["audience"] = json!("followers");
    let (status, created) = a_api.send(Method::POST, "/api/v1/practices", input).await;
    assert_eq!(status, 201, "{created}");
    assert_eq!(created["audience"], "followers");
    let ap_id = created["id"].as_str().expect("id").to_owned();
    let key = created["key"].as_str().expect("key").to_owned();
    publish_marker(&p, &a, &a_api, "Openmarker bus lanes").await;

    // The Mastodon-like follower got it addressed to the followers only.
    let create = p
        .masto
        .received()
        .into_iter()
        .find(|x| x["type"] == "Create" && x["object"]["id"] == ap_id.as_str())
        .expect("the follower received the followers-only Create");
    let followers = a.url("/actors/seoul/followers");
    assert_eq!(create["to"], json!([followers]), "{create}");
    assert_eq!(create["object"]["to"], json!([followers]), "{create}");
    assert!(!create.to_string().contains(PUBLIC), "{create}");

    // Busan holds it, for its editors: audience kept.
    let path = format!("/api/v1/practices/{}", support::urlencode(&ap_id));
    let (status, at_busan) = p.b_api.get(&path).await;
    assert_eq!(status, 200, "{at_busan}");
    assert_eq!(
        (at_busan["audience"].as_str(), at_busan["title"].as_str()),
        (Some("followers"), Some("Quietbudget participatory plan"))
    );
    // Strangers see nothing, at either node.
    assert_eq!(text(p.b.url(&path)).await.0, 404);
    assert_eq!(text(a.url(&path)).await.0, 404);
    let (status, at_seoul) = a_api.get(&path).await;
    assert_eq!((status, at_seoul["audience"].as_str()), (200, Some("followers")), "{at_seoul}");
    assert_eq!(text(a.url(&format!("/practices/{key}"))).await.0, 404);
    let as2 =
        reqwest::Client::new().get(&ap_id).header("Accept", "application/activity+json").send().await.expect("GET");
    assert_eq!(as2.status().as_u16(), 404);

    // Its editors find it in the admin API listing of their own practices.
    assert_on_no_public_surface(&a, "Quietbudget", "participatory", Some(a.url("/actors/seoul/outbox?page=true")))
        .await;
    assert_on_no_public_surface(&p.b, "Quietbudget", "participatory", None).await;
    // The marker is on those surfaces, so the check above could fail.
    let (_, feed) = text(p.b.url("/feeds/practices.rss")).await;
    assert!(feed.contains("Openmarker"), "{feed}");

    // Named actors only: the Mastodon-like server's actor gets it, addressed
    // to it alone; Busan, a follower not named, gets nothing.
    let mut named = practice("Namedonly harbour study");
    named["audience"] = json!([p.masto.actor]);
    let (status, created) = a_api.send(Method::POST, "/api/v1/practices", named).await;
    assert_eq!(status, 201, "{created}");
    assert_eq!(created["audience"], json!([p.masto.actor]));
    let named_id = created["id"].as_str().expect("id").to_owned();
    publish_marker(&p, &a, &a_api, "Openmarker night buses").await;
    let create = p
        .masto
        .received()
        .into_iter()
        .find(|x| x["type"] == "Create" && x["object"]["id"] == named_id.as_str())
        .expect("the named actor received the Create");
    assert_eq!((create["to"].clone(), create["cc"].clone()), (json!([p.masto.actor]), json!([])), "{create}");
    let named_path = format!("/api/v1/practices/{}", support::urlencode(&named_id));
    assert_eq!(p.b_api.get(&named_path).await.0, 404, "a follower that was not named got it");
    assert_on_no_public_surface(&a, "Namedonly", "harbour", None).await;
    // An actor this node does not know cannot be named.
    let mut unknown = practice("Unknown audience");
    unknown["audience"] = json!(["https://nowhere.example/actors/x"]);
    let (status, body) = a_api.send(Method::POST, "/api/v1/practices", unknown).await;
    assert_eq!(status, 422, "{body}");

    // Its audience cannot change once it is out.
    let (status, body) = a_api.send(Method::PATCH, &path, json!({ "audience": "public" })).await;
    assert_eq!(status, 422, "{body}");
    // A bad audience is a 422 naming the field.
    let mut bad = practice("Bad audience");
    bad["audience"] = json!("everyone");
    let (status, body) = a_api.send(Method::POST, "/api/v1/practices", bad).await;
    assert_eq!(status, 422, "{body}");
    assert!(body.to_string().contains("audience"), "{body}");

    drop((a, p.b));
    p.a_env.cleanup().await;
    p.b_env.cleanup().await;
}

fn creates_of(masto: &FakeRemote, ap_id: &str) -> usize {
    masto.received().iter().filter(|x| x["type"] == "Create" && x["object"]["id"] == ap_id).count()
}

async fn an_embargoed_practice_is_invisible_and_undelivered_until_its_time_then_delivered_once(backend: Backend) {
    let Some((p, a, a_api)) = pair(backend).await else { return };
    let at = (chrono::Utc::now() + chrono::Duration::hours(1)).to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let mut input = practice("Laterdate flood barrier");
    input["publish_at"] = json!(at);
    let (status, created) = a_api.send(Method::POST, "/api/v1/practices", input).await;
    assert_eq!(status, 201, "{created}");
    assert_eq!((created["embargoed"].as_bool(), created["publish_at"].as_str()), (Some(true), Some(at.as_str())));
    let ap_id = created["id"].as_str().expect("id").to_owned();
    let path = format!("/api/v1/practices/{}", support::urlencode(&ap_id));
    // Editable before its time: nobody hears of the edit either.
    let (status, edited) =
        a_api.send(Method::PATCH, &path, json!({ "title": "Laterdate flood barrier, revised" })).await;
    assert_eq!(status, 200, "{edited}");
    assert_eq!(edited["embargoed"], true);
    // Its editors see it in the admin's list, marked as scheduled.
    support::admin::create_user(&p.a_env, &["--actor", "seoul", "--login", "scheduler"]);
    let session = support::admin::Session::sign_in(&a, "scheduler").await;
    let (status, list) = session.get("/admin/practices").await;
    assert_eq!(status, 200, "{list}");
    let row =
        list.split("<tr>").find(|r| r.contains("Laterdate flood barrier, revised")).expect("listed for its editors");
    assert!(row.contains("Scheduled: published on"), "{row}");
    publish_marker(&p, &a, &a_api, "Openmarker tram line").await;

    assert_eq!(creates_of(&p.masto, &ap_id), 0, "delivered before its time");
    assert!(!p.masto.received().iter().any(|x| x.to_string().contains("Laterdate")), "something told of it");
    assert_eq!(p.b_api.get(&path).await.0, 404, "Busan has it before its time");
    assert_eq!(text(a.url(&path)).await.0, 404);
    assert_on_no_public_surface(&a, "Laterdate", "flood", Some(a.url("/actors/seoul/outbox?page=true"))).await;
    // A second embargoed practice, cancelled before its time: never sent.
    let mut cancelled = practice("Neversent ferry pier");
    cancelled["publish_at"] = json!(at);
    let (status, c) = a_api.send(Method::POST, "/api/v1/practices", cancelled).await;
    assert_eq!(status, 201, "{c}");
    let c_path = format!("/api/v1/practices/{}", support::urlencode(c["id"].as_str().expect("id")));
    assert_eq!(a_api.send(Method::DELETE, &c_path, json!({})).await.0, 204);

    // Two hours later (the node's clock moved, across a restart): out, once.
    a.stop();
    let a = p.a_env.start_with_env(&[("ECITIES_TEST_CLOCK_OFFSET_SECS", "7200")]);
    let a_api = Api::new(&a, &a_api.token);
    eventually("the follower receives the practice at its time", WAIT, &[&a], || async {
        (creates_of(&p.masto, &ap_id) > 0).then_some(())
    })
    .await;
    let create = p.masto.received().into_iter().find(|x| x["type"] == "Create" && x["object"]["id"] == ap_id.as_str());
    let create = create.expect("create");
    assert_eq!(create["object"]["name"], "Laterdate flood barrier, revised");
    assert_eq!(create["to"], json!([PUBLIC]));
    let at_busan = eventually("Busan stores it", WAIT, &[&a, &p.b], || async {
        let (status, v) = p.b_api.get(&path).await;
        (status == 200).then_some(v)
    })
    .await;
    assert_eq!(at_busan["title"], "Laterdate flood barrier, revised");
    let (status, seoul_view) = a_api.get(&path).await;
    assert_eq!((status, seoul_view["embargoed"].as_bool()), (200, Some(false)), "{seoul_view}");
    let (_, search) = text(a.url("/api/v1/practices?q=Laterdate")).await;
    assert!(search.contains(&ap_id), "{search}");
    let (_, feed) = text(a.url("/feeds/practices.rss")).await;
    assert!(feed.contains("Laterdate"), "{feed}");

    // Another restart, and a marker sent after it: nothing was sent twice,
    // and the cancelled practice never went.
    a.stop();
    let a = p.a_env.start_with_env(&[("ECITIES_TEST_CLOCK_OFFSET_SECS", "7200")]);
    let a_api = Api::new(&a, &a_api.token);
    publish_marker(&p, &a, &a_api, "Openmarker cable car").await;
    assert_eq!(creates_of(&p.masto, &ap_id), 1, "delivered more than once");
    assert!(!p.masto.received().iter().any(|x| x.to_string().contains("Neversent")), "the cancelled one went out");
    let (_, search) = text(a.url("/api/v1/practices?q=Neversent")).await;
    assert!(!search.contains("Neversent"), "{search}");

    drop((a, p.b));
    p.a_env.cleanup().await;
    p.b_env.cleanup().await;
}

#[tokio::test]
async fn a_followers_only_practice_reaches_followers_and_no_public_surface_on_sqlite() {
    a_followers_only_practice_reaches_followers_and_no_public_surface(Backend::Sqlite).await;
}

#[tokio::test]
async fn a_followers_only_practice_reaches_followers_and_no_public_surface_on_postgres() {
    a_followers_only_practice_reaches_followers_and_no_public_surface(Backend::Postgres).await;
}

#[tokio::test]
async fn an_embargoed_practice_is_invisible_and_undelivered_until_its_time_then_delivered_once_on_sqlite() {
    an_embargoed_practice_is_invisible_and_undelivered_until_its_time_then_delivered_once(Backend::Sqlite).await;
}

#[tokio::test]
async fn an_embargoed_practice_is_invisible_and_undelivered_until_its_time_then_delivered_once_on_postgres() {
    an_embargoed_practice_is_invisible_and_undelivered_until_its_time_then_delivered_once(Backend::Postgres).await;
}
