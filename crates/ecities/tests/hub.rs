//! Three real nodes — two cities and an association — and a Mastodon-shaped
//! follower: membership, relaying with provenance, manual moderation, edits
//! and deletions through the hub, non-members and blocked domains.

use crate::support;

use std::time::Duration;

use reqwest::Method;
use serde_json::{Value, json};
use support::fake_remote::FakeRemote;
use support::{Api, Backend, Node, NodeEnv, as2, eventually};

const WAIT: Duration = Duration::from_secs(30);

fn practice(title: &str) -> Value {
    json!({
        "title": title, "summary": format!("Summary of {title}"), "content": "Body **text**.",
        "language": "en", "kind": "best_practice", "sdgs": [11], "country": "KR"
    })
}

async fn follow(api: &Api, target: &str, nodes: &[&Node]) {
    let (status, body) = api.send(Method::POST, "/api/v1/follows", json!({ "target": target })).await;
    assert!(status == 202 || status == 200, "{body}");
    eventually(&format!("follow of {target} accepted"), WAIT, nodes, || async {
        let (_, f) = api.get("/api/v1/follows").await;
        f["items"].as_array()?.iter().find(|i| i["actor"] == target && i["state"] == "accepted").map(|_| ())
    })
    .await;
}

/// The practice once its relay is recorded too (the practice is stored
/// first, then who relayed it).
async fn find_relayed(api: &Api, id: &str) -> Option<Value> {
    find(api, id).await.filter(|p| p["relayed_by"].as_array().is_some_and(|r| !r.is_empty()))
}

async fn find(api: &Api, id: &str) -> Option<Value> {
    let (_, r) = api.get("/api/v1/practices?limit=50").await;
    r["items"].as_array()?.iter().find(|p| p["id"] == id).cloned()
}

async fn an_association_relays_moderates_and_corrects_member_practices(backend: Backend) {
    let (Some(a_env), Some(b_env), Some(h_env)) =
        (NodeEnv::new(backend).await, NodeEnv::new(backend).await, NodeEnv::new(backend).await)
    else {
        return;
    };
    a_env.run_ok(&["actor", "create", "--kind", "city", "--name", "seoul", "--country", "KR"]);
    b_env.run_ok(&["actor", "create", "--kind", "city", "--name", "busan", "--country", "KR"]);
    h_env.run_ok(&[
        "actor",
        "create",
        "--kind",
        "association",
        "--name",
        "korea",
        "--display-name",
        "Korean cities",
        "--country",
        "KR",
    ]);
    let (a_tok, b_tok, h_tok) = (
        a_env.run_ok(&["token", "create", "--actor", "seoul"]),
        b_env.run_ok(&["token", "create", "--actor", "busan"]),
        h_env.run_ok(&["token", "create", "--actor", "korea"]),
    );
    // The association's review queue is a moderator's; domain rules the operator's.
    let (h_mod_tok, h_ops_tok) = (
        h_env.run_ok(&["token", "create", "--actor", "korea", "--role", "moderator"]),
        h_env.run_ok(&["token", "create", "--operator"]),
    );
    let (a, b, h) = (a_env.start(), b_env.start(), h_env.start());
    let nodes = [&a, &b, &h];
    let (a_api, b_api, h_api) = (Api::new(&a, &a_tok), Api::new(&b, &b_tok), Api::new(&h, &h_tok));
    let (h_mod, h_ops) = (Api::new(&h, &h_mod_tok), Api::new(&h, &h_ops_tok));
    let (seoul, busan, korea) = (a.url("/actors/seoul"), b.url("/actors/busan"), h.url("/actors/korea"));

    // Membership: the association follows both cities; Busan follows it back.
    follow(&h_api, &seoul, &nodes).await;
    follow(&h_api, &busan, &nodes).await;
    follow(&b_api, &korea, &nodes).await;
    let members: Value =
        reqwest::get(h.url("/api/v1/actors/korea/members")).await.expect("GET").json().await.expect("json");
    let member_urls: Vec<&str> =
        members["items"].as_array().expect("items").iter().filter_map(|m| m["id"].as_str()).collect();
    assert!(member_urls.contains(&seoul.as_str()) && member_urls.contains(&busan.as_str()), "{members}");

    let page = reqwest::get(h.url("/actors/korea")).await.expect("GET").text().await.expect("html");
    assert!(
        page.contains(r#"<h2 id="members">Members</h2>"#) && page.contains("@seoul@") && page.contains("@busan@"),
        "{page}"
    );
    assert!(page.contains("<td>Korea, Republic of</td>"), "the registry shows each member's country: {page}");

    // A Mastodon-shaped follower of the association.
    let masto = FakeRemote::start("fan").await;
    // It subscribes the way Mastodon subscribes to a relay: a Follow of the
    // Public collection, sent to the association's own inbox.
    let public = "https://www.w3.org/ns/activitystreams#Public";
    let sub =
        json!({ "id": masto.id("/follows/1"), "type": "Follow", "actor": masto.actor, "object": public }).to_string();
    assert_eq!(masto.post_signed(&h.url("/actors/korea/inbox"), &sub, None).await.0, 202);

    // Auto mode: Seoul publishes; Busan gets it through the association.
    let (status, first) = a_api.send(Method::POST, "/api/v1/practices", practice("Median bus lanes")).await;
    assert_eq!(status, 201, "{first}");
    let first_id = first["id"].as_str().expect("id").to_owned();
    let relayed = eventually("Busan receives Seoul's practice via the association", WAIT, &nodes, || {
        find_relayed(&b_api, &first_id)
    })
    .await;
    assert_eq!(relayed["author"], seoul);
    assert_eq!(relayed["relayed_by"], json!([korea]));
    assert_eq!(relayed["provenance"][0]["approved"], false);

    // The Mastodon follower sees a readable boost: an Announce of the
    // Article's URL, which resolves to name + summary + content + url.
    let boost = eventually("the fan receives a boost", WAIT, &nodes, || async {
        masto.received().into_iter().find(|a| a["type"] == "Announce" && a["object"] == first_id.as_str())
    })
    .await;
    assert_eq!(boost["actor"], korea);
    let article = as2(boost["object"].as_str().expect("url")).await;
    for field in ["name", "summary", "content", "url"] {
        assert!(article[field].as_str().is_some_and(|v| !v.is_empty()), "Article lacks {field}: {article}");
    }

    // The association's public page and its feed list what it relayed.
    let page = reqwest::get(h.url("/actors/korea")).await.expect("GET").text().await.expect("html");
    assert!(page.contains("Median bus lanes") && !page.contains("No practices published yet"), "{page}");
    let feed = reqwest::get(h.url("/actors/korea/feed.atom")).await.expect("GET").text().await.expect("atom");
    assert!(feed.contains("Median bus lanes"), "{feed}");

    // Announced at most once: the association's queue has one Announce of it.
    let (_, deliveries) = h_api.get("/api/v1/deliveries?limit=200").await;
    let announces =
        |d: &Value| d["items"].as_array().map(|i| i.iter().filter(|x| x["type"] == "Announce").count()).unwrap_or(0);
    let announced_before = announces(&deliveries);

    // Manual mode: nothing is relayed until a moderator approves.
    let (status, body) = h_mod.send(Method::PATCH, "/api/v1/actor", json!({ "moderation": "manual" })).await;
    assert_eq!((status, body["moderation"].as_str()), (200, Some("manual")), "{body}");
    let (_, second) = a_api.send(Method::POST, "/api/v1/practices", practice("Night buses")).await;
    let second_id = second["id"].as_str().expect("id").to_owned();
    let pending = eventually("the practice waits in the review queue", WAIT, &nodes, || async {
        let (_, q) = h_mod.get("/api/v1/submissions?state=pending").await;
        q["items"].as_array()?.iter().find(|s| s["practice"]["id"] == second_id.as_str()).cloned()
    })
    .await;
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert!(find(&b_api, &second_id).await.is_none(), "nothing is relayed before approval");
    let (_, deliveries) = h_api.get("/api/v1/deliveries?limit=200").await;
    assert_eq!(announces(&deliveries), announced_before, "no Announce before approval");

    let (status, approved) =
        h_mod.send(Method::POST, &format!("/api/v1/submissions/{}/approve", pending["id"]), json!({})).await;
    assert_eq!((status, approved["state"].as_str()), (200, Some("approved")), "{approved}");
    let got =
        eventually("Busan receives the approved practice", WAIT, &nodes, || find_relayed(&b_api, &second_id)).await;
    assert_eq!(got["provenance"][0]["approved"], true, "{got}");
    let (status, _) =
        h_mod.send(Method::POST, &format!("/api/v1/submissions/{}/approve", pending["id"]), json!({})).await;
    assert_eq!(status, 409, "a decision is final");

    // An edit and a deletion by Seoul reach Busan through the association.
    let (status, _) = a_api
        .send(
            Method::PATCH,
            &format!("/api/v1/practices/{}", first["key"].as_str().expect("key")),
            json!({ "title": "Median bus lanes, revised" }),
        )
        .await;
    assert_eq!(status, 200);
    eventually("Busan shows the edit", WAIT, &nodes, || async {
        find(&b_api, &first_id).await.filter(|p| p["title"] == "Median bus lanes, revised").map(|_| ())
    })
    .await;
    let (status, _) = a_api
        .send(Method::DELETE, &format!("/api/v1/practices/{}", first["key"].as_str().expect("key")), json!({}))
        .await;
    assert_eq!(status, 204);
    eventually("Busan drops the deleted practice", WAIT, &nodes, || async {
        find(&b_api, &first_id).await.is_none().then_some(())
    })
    .await;

    // A non-member's post reaches the association but is not relayed.
    let outsider = FakeRemote::start("outsider").await;
    let create = json!({
        "id": outsider.id("/activities/1"), "type": "Create", "actor": outsider.actor,
        "object": { "id": outsider.id("/notes/1"), "type": "Note", "attributedTo": outsider.actor,
                    "content": "<p>Please relay me</p>", "to": ["https://www.w3.org/ns/activitystreams#Public"] }
    })
    .to_string();
    let (status, body) = outsider.post_signed(&h.url("/inbox"), &create, None).await;
    assert_eq!(status, 202, "{body}");
    assert!(body["note"].as_str().is_some_and(|n| n.starts_with("ignored")), "{body}");
    let (_, h_found) = h_api.get("/api/v1/practices?q=relay").await;
    assert_eq!(h_found["total"], 0);

    // A blocked domain's activities are refused before anything is fetched.
    let (status, _) =
        h_ops.send(Method::POST, "/api/v1/domains", json!({ "domain": "evil.localhost", "rule": "block" })).await;
    assert_eq!(status, 201);
    let evil_actor = url::Url::parse("http://evil.localhost:1/users/x").expect("url");
    let keys = ecities_federation::keys::generate_keypair().expect("keys");
    let evil_key = ecities_federation::signatures::SigningKey::from_pem(&evil_actor, &keys.private_pem).expect("key");
    let evil =
        json!({ "id": "http://evil.localhost:1/follows/1", "type": "Follow", "actor": evil_actor, "object": korea })
            .to_string();
    let (status, body) = outsider.post_signed(&h.url("/inbox"), &evil, Some(&evil_key)).await;
    assert_eq!(status, 403, "{body}");
    assert!(body["message"].as_str().is_some_and(|m| m.contains("blocked")), "{body}");

    // A knowledge space that follows the association later gets its
    // history from the association's outbox, with provenance.
    let Some(k_env) = NodeEnv::new(backend).await else {
        return;
    };
    k_env.run_ok(&["actor", "create", "--kind", "knowledge-space", "--name", "unpaks"]);
    let k_tok = k_env.run_ok(&["token", "create", "--actor", "unpaks"]);
    let k = k_env.start();
    let k_api = Api::new(&k, &k_tok);
    follow(&k_api, &korea, &[&a, &b, &h, &k]).await;
    let history = eventually("the knowledge space backfills the association's relays", WAIT, &[&a, &h, &k], || {
        find_relayed(&k_api, &second_id)
    })
    .await;
    assert_eq!(history["author"], seoul);
    assert_eq!(history["relayed_by"], json!([korea]));
    assert!(find(&k_api, &first_id).await.is_none(), "a deleted practice is not backfilled");
    // Findable there by its words and by every facet, provenance included.
    let year = chrono::Datelike::year(&chrono::Utc::now()).to_string();
    let enc = |s: &str| url::form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
    for filter in [
        "q=night".to_owned(),
        "sdg=11".to_owned(),
        "country=KR".to_owned(),
        "region=Asia".to_owned(),
        "language=en".to_owned(),
        "kind=best_practice".to_owned(),
        format!("actor={}", enc(&seoul)),
        format!("association={}", enc(&korea)),
        format!("year={year}"),
        format!("q=buses&sdg=11&country=KR&association={}", enc(&korea)),
    ] {
        let (status, r) = k_api.get(&format!("/api/v1/practices?{filter}")).await;
        assert_eq!(status, 200, "{filter}: {r}");
        let hit = r["items"].as_array().and_then(|i| i.iter().find(|p| p["id"] == second_id.as_str()).cloned());
        assert_eq!(hit.map(|p| p["relayed_by"].clone()), Some(json!([korea])), "{filter}: {r}");
        assert_eq!(r["total_exact"], true);
        let facets = &r["facets"];
        assert!(
            facets["association"].as_array().is_some_and(|a| a.iter().any(|f| f["value"] == korea.as_str())),
            "{facets}"
        );
        assert!(facets["year"].as_array().is_some_and(|y| y.iter().any(|f| f["label"] == year.as_str())), "{facets}");
    }
    let (_, none) = k_api.get("/api/v1/practices?sdg=11&country=DE").await;
    assert!(none["items"].as_array().is_some_and(|i| i.iter().all(|p| p["id"] != second_id.as_str())), "{none}");

    // Knowledge flows back down: the association follows UN-PAKS, both
    // cities follow the association, and a UN-PAKS item reaches both
    // cities' public pages and widgets.
    follow(&h_api, &k.url("/actors/unpaks"), &[&a, &b, &h, &k]).await;
    follow(&a_api, &korea, &[&a, &b, &h, &k]).await;
    let (status, _) = h_mod.send(Method::PATCH, "/api/v1/actor", json!({ "moderation": "auto" })).await;
    assert_eq!(status, 200);
    let (status, item) = k_api
        .send(
            Method::POST,
            "/api/v1/practices",
            json!({
                "title": "World Public Sector Report 2026", "summary": "Digital government for the SDGs.",
                "content": "The report.", "language": "en", "kind": "publication", "sdgs": [16, 17], "country": "US"
            }),
        )
        .await;
    assert_eq!(status, 201, "{item}");
    let item_id = item["id"].as_str().expect("id").to_owned();
    for (city, api) in [(&a, &a_api), (&b, &b_api)] {
        let got =
            eventually("the UN-PAKS item reaches the city via the association", WAIT, &[&a, &b, &h, &k], || async {
                find(api, &item_id).await.filter(|p| p["relayed_by"].as_array().is_some_and(|r| !r.is_empty()))
            })
            .await;
        assert_eq!(got["relayed_by"], json!([korea]));
        let home = reqwest::get(city.url("/")).await.expect("GET").text().await.expect("html");
        let unpaks = home.split("From UN-PAKS").nth(1).unwrap_or("");
        assert!(unpaks.contains("World Public Sector Report 2026"), "home page of {}: {home}", city.base);
        let widget = reqwest::get(city.url("/widget?source=unpaks")).await.expect("GET").text().await.expect("html");
        assert!(widget.contains("World Public Sector Report 2026"), "{widget}");
    }

    // Curation: UN-PAKS features a practice; the association, which follows
    // UN-PAKS, records it in the practice's provenance; cities cannot curate.
    let (status, body) = k_api.send(Method::POST, "/api/v1/curated", json!({ "practice": second_id })).await;
    assert_eq!((status, body["added"].as_bool()), (201, Some(true)), "{body}");
    let (status, body) = k_api.send(Method::POST, "/api/v1/curated", json!({ "practice": second_id })).await;
    assert_eq!((status, body["added"].as_bool()), (200, Some(false)), "featured once");
    let (status, _) = a_api.send(Method::POST, "/api/v1/curated", json!({ "practice": item_id })).await;
    assert_eq!(status, 403);
    let collection: Value =
        reqwest::get(k.url("/api/v1/actors/unpaks/curated")).await.expect("GET").json().await.expect("json");
    assert_eq!(collection["items"][0]["id"], second_id.as_str());
    let k_page = reqwest::get(k.url("/actors/unpaks")).await.expect("GET").text().await.expect("html");
    assert!(k_page.contains("Featured") && k_page.contains("Night buses"), "{k_page}");
    let unpaks = k.url("/actors/unpaks");
    eventually("the association sees UN-PAKS featured it", WAIT, &[&h, &k], || async {
        let p = find(&h_api, &second_id).await?;
        p["relayed_by"].as_array()?.iter().any(|r| r == unpaks.as_str()).then_some(())
    })
    .await;

    drop((a, b, h, k));
    for env in [a_env, b_env, h_env, k_env] {
        env.cleanup().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_association_relays_moderates_and_corrects_member_practices_on_sqlite() {
    an_association_relays_moderates_and_corrects_member_practices(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_association_relays_moderates_and_corrects_member_practices_on_postgres() {
    an_association_relays_moderates_and_corrects_member_practices(Backend::Postgres).await;
}
