//! Side effects follow the change, not the transport: an association
//! relays the member cities it hosts exactly as it relays remote ones, and
//! its moderation decisions reach the city — hosted here or elsewhere.

use crate::support;

use std::time::Duration;

use reqwest::Method;
use serde_json::{Value, json};
use support::fake_remote::FakeRemote;
use support::{Api, Backend, Node, NodeEnv, eventually};

const WAIT: Duration = Duration::from_secs(30);

fn practice(title: &str) -> Value {
    json!({
        "title": title, "summary": format!("Summary of {title}"), "content": "Body **text**.",
        "language": "en", "kind": "best_practice", "sdgs": [6], "country": "KE"
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

async fn find(api: &Api, id: &str) -> Option<Value> {
    let (_, r) = api.get("/api/v1/practices?limit=50").await;
    r["items"].as_array()?.iter().find(|p| p["id"] == id).cloned()
}

/// The practice's own view (`GET /api/v1/practices/{id}`), with `moderation`.
async fn show(api: &Api, key: &str) -> Value {
    let (status, p) = api.get(&format!("/api/v1/practices/{key}")).await;
    assert_eq!(status, 200, "{p}");
    p
}

/// The association's Announces, by activity id (one delivery each: the
/// knowledge space's node is its only remote follower).
async fn announces(api: &Api) -> Vec<Value> {
    let (_, d) = api.get("/api/v1/deliveries?limit=200").await;
    d["items"].as_array().map(|i| i.iter().filter(|x| x["type"] == "Announce").cloned().collect()).unwrap_or_default()
}

async fn a_local_association_relays_and_moderates_the_cities_it_hosts(backend: Backend) {
    let (Some(h_env), Some(k_env), Some(c_env)) =
        (NodeEnv::new(backend).await, NodeEnv::new(backend).await, NodeEnv::new(backend).await)
    else {
        return;
    };
    // Node H hosts the association and two member cities (who cannot
    // self-host); node K is UN-PAKS; node C a city with its own server.
    h_env.run_ok(&["actor", "create", "--kind", "association", "--name", "africa", "--country", "KE"]);
    h_env.run_ok(&["actor", "create", "--kind", "city", "--name", "kisumu", "--country", "KE"]);
    h_env.run_ok(&["actor", "create", "--kind", "city", "--name", "nakuru", "--country", "KE"]);
    k_env.run_ok(&["actor", "create", "--kind", "knowledge-space", "--name", "unpaks"]);
    c_env.run_ok(&["actor", "create", "--kind", "city", "--name", "lagos", "--country", "NG"]);
    let tokens = [
        h_env.run_ok(&["token", "create", "--actor", "africa"]),
        h_env.run_ok(&["token", "create", "--actor", "kisumu"]),
        h_env.run_ok(&["token", "create", "--actor", "nakuru"]),
        k_env.run_ok(&["token", "create", "--actor", "unpaks"]),
        c_env.run_ok(&["token", "create", "--actor", "lagos"]),
        h_env.run_ok(&["token", "create", "--actor", "africa", "--role", "moderator"]),
    ];
    let (h, k, c) = (h_env.start(), k_env.start(), c_env.start());
    let nodes = [&h, &k, &c];
    let africa_api = Api::new(&h, &tokens[0]);
    // The association's moderator decides; its editor token follows and reads.
    let africa_moderator = Api::new(&h, &tokens[5]);
    let cities = [("kisumu", Api::new(&h, &tokens[1])), ("nakuru", Api::new(&h, &tokens[2]))];
    let k_api = Api::new(&k, &tokens[3]);
    let lagos_api = Api::new(&c, &tokens[4]);
    let africa = h.url("/actors/africa");

    // Membership on one node (accepted at once); UN-PAKS follows the
    // association from its own node.
    for (name, _) in &cities {
        follow(&africa_api, &h.url(&format!("/actors/{name}")), &nodes).await;
    }
    follow(&k_api, &africa, &nodes).await;

    // Each city's Create, Update and Delete reach UN-PAKS, relayed by the
    // association, exactly once each.
    for (name, api) in &cities {
        let (status, created) =
            api.send(Method::POST, "/api/v1/practices", practice(&format!("Water kiosks in {name}"))).await;
        assert_eq!(status, 201, "{created}");
        let id = created["id"].as_str().expect("id").to_owned();
        let key = created["key"].as_str().expect("key").to_owned();
        let got = eventually(&format!("UN-PAKS receives {name}'s practice"), WAIT, &nodes, || async {
            find(&k_api, &id).await.filter(|p| p["relayed_by"].as_array().is_some_and(|r| !r.is_empty()))
        })
        .await;
        assert_eq!(got["author"], h.url(&format!("/actors/{name}")));
        assert_eq!(got["relayed_by"], json!([africa]), "relayed by the association, once");
        // Stored once on the association's node too, with its provenance.
        let local = show(api, &key).await;
        assert_eq!(local["relayed_by"], json!([africa]));

        let revised = format!("Water kiosks in {name}, revised");
        let (status, _) =
            api.send(Method::PATCH, &format!("/api/v1/practices/{key}"), json!({ "title": revised })).await;
        assert_eq!(status, 200);
        eventually(&format!("UN-PAKS shows {name}'s edit"), WAIT, &nodes, || async {
            find(&k_api, &id).await.filter(|p| p["title"] == revised.as_str()).map(|_| ())
        })
        .await;
        let (status, _) = api.send(Method::DELETE, &format!("/api/v1/practices/{key}"), json!({})).await;
        assert_eq!(status, 204);
        eventually(&format!("UN-PAKS drops {name}'s deleted practice"), WAIT, &nodes, || async {
            find(&k_api, &id).await.is_none().then_some(())
        })
        .await;
    }
    let sent = eventually("every Announce is delivered", WAIT, &nodes, || async {
        let a = announces(&africa_api).await;
        a.iter().all(|d| d["state"] == "delivered").then_some(a)
    })
    .await;
    let mut ids: Vec<&str> = sent.iter().filter_map(|d| d["activity"].as_str()).collect();
    assert_eq!(ids.len(), 6, "one Announce per change (2 cities × Create, Update, Delete): {sent:?}");
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 6, "each delivered once");

    // Manual moderation, a city hosted here: the city sees its practice
    // pending, then rejected with the reason; nothing is relayed.
    let (status, _) = africa_moderator.send(Method::PATCH, "/api/v1/actor", json!({ "moderation": "manual" })).await;
    assert_eq!(status, 200);
    let (kisumu, kisumu_api) = (&cities[0].0, &cities[0].1);
    let (_, held) = kisumu_api.send(Method::POST, "/api/v1/practices", practice("Boda-boda parking")).await;
    let held_key = held["key"].as_str().expect("key").to_owned();
    let moderation = &show(kisumu_api, &held_key).await["moderation"];
    assert_eq!(
        (moderation[0]["association"].as_str(), moderation[0]["state"].as_str()),
        (Some(africa.as_str()), Some("pending")),
        "{kisumu}: {moderation}"
    );
    let submission = |api: &Api, practice_id: String| {
        let api = api.clone();
        async move {
            eventually("the practice waits for review", WAIT, &[], || async {
                let (_, q) = api.get("/api/v1/submissions?state=pending").await;
                q["items"]
                    .as_array()?
                    .iter()
                    .find(|s| s["practice"]["id"] == practice_id.as_str())
                    .map(|s| s["id"].clone())
            })
            .await
        }
    };
    let sid = submission(&africa_moderator, held["id"].as_str().expect("id").to_owned()).await;
    let (status, body) = africa_moderator
        .send(
            Method::POST,
            &format!("/api/v1/submissions/{sid}/reject"),
            json!({ "reason": "Please add results <b>first</b>" }),
        )
        .await;
    assert_eq!((status, body["state"].as_str()), (200, Some("rejected")), "{body}");
    let moderation = &show(kisumu_api, &held_key).await["moderation"];
    assert_eq!(moderation.as_array().map(Vec::len), Some(1), "{moderation}");
    assert_eq!(moderation[0]["state"], "rejected");
    assert_eq!(moderation[0]["reason"], "Please add results <b>first</b>");
    assert!(moderation[0]["at"].as_str().is_some_and(|a| a.contains('T')), "{moderation}");
    assert_eq!(announces(&africa_api).await.len(), 6, "a rejection announces nothing");

    // A city on its own server: the rejection travels as a signed Reject
    // with the reason; an approval is visible to it too.
    let lagos = c.url("/actors/lagos");
    follow(&africa_api, &lagos, &nodes).await;
    let mut decided = Vec::new();
    for title in ["Lagos BRT", "Lagos ferries"] {
        let (status, p) = lagos_api.send(Method::POST, "/api/v1/practices", practice(title)).await;
        assert_eq!(status, 201, "{p}");
        let sid = submission(&africa_moderator, p["id"].as_str().expect("id").to_owned()).await;
        decided.push((p["key"].as_str().expect("key").to_owned(), sid));
    }
    let (status, _) = africa_moderator
        .send(
            Method::POST,
            &format!("/api/v1/submissions/{}/reject", decided[0].1),
            json!({ "reason": "Not a member project" }),
        )
        .await;
    assert_eq!(status, 200);
    let (status, _) =
        africa_moderator.send(Method::POST, &format!("/api/v1/submissions/{}/approve", decided[1].1), json!({})).await;
    assert_eq!(status, 200);
    let rejected = eventually("Lagos learns of the rejection", WAIT, &nodes, || async {
        let p = show(&lagos_api, &decided[0].0).await;
        (p["moderation"][0]["state"] == "rejected").then_some(p)
    })
    .await;
    assert_eq!(rejected["moderation"][0]["association"], africa);
    assert_eq!(rejected["moderation"][0]["reason"], "Not a member project");
    // The inbox records the relay, then the decision; the API reads the
    // relays, then the decisions: wait for both rather than race the inbox.
    let approved = eventually("Lagos learns of the approval", WAIT, &nodes, || async {
        let p = show(&lagos_api, &decided[1].0).await;
        (p["moderation"][0]["state"] == "approved" && p["relayed_by"] != json!([])).then_some(p)
    })
    .await;
    assert_eq!(approved["moderation"][0]["association"], africa);
    assert_eq!(approved["relayed_by"], json!([africa]), "{approved}");

    // Another server's association, in the other accepted form: a Reject
    // of the practice's Create (embedded), the reason in `content` only.
    let other = FakeRemote::start_as("coastal", "Group").await;
    let (status, p) = lagos_api.send(Method::POST, "/api/v1/practices", practice("Lagos drainage")).await;
    assert_eq!(status, 201, "{p}");
    let (key, id) = (p["key"].as_str().expect("key").to_owned(), p["id"].as_str().expect("id").to_owned());
    let reject = |n: u32| {
        json!({
            "id": other.id(&format!("/activities/reject-{n}")), "type": "Reject", "actor": other.actor,
            "object": { "type": "Create", "actor": lagos, "object": id },
            "content": "<p>Out of <em>scope</em> &amp; late</p>",
        })
        .to_string()
    };
    let (status, body) = other.post_signed(&c.url("/inbox"), &reject(1), None).await;
    assert_eq!(status, 403, "not a member of that association: {body}");
    let follow = json!({ "id": other.id("/follows/1"), "type": "Follow", "actor": other.actor, "object": lagos });
    assert_eq!(other.post_signed(&c.url("/actors/lagos/inbox"), &follow.to_string(), None).await.0, 202);
    let (status, body) = other.post_signed(&c.url("/inbox"), &reject(2), None).await;
    assert_eq!(status, 202, "{body}");
    let moderation = &show(&lagos_api, &key).await["moderation"];
    assert_eq!(moderation[0]["association"], other.actor.as_str(), "{moderation}");
    assert_eq!(
        (moderation[0]["state"].as_str(), moderation[0]["reason"].as_str()),
        (Some("rejected"), Some("Out of scope & late"))
    );

    drop((h, k, c));
    for env in [h_env, k_env, c_env] {
        env.cleanup().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_local_association_relays_and_moderates_the_cities_it_hosts_on_sqlite() {
    a_local_association_relays_and_moderates_the_cities_it_hosts(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_local_association_relays_and_moderates_the_cities_it_hosts_on_postgres() {
    a_local_association_relays_and_moderates_the_cities_it_hosts(Backend::Postgres).await;
}
