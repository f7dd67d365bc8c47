//! The network page (`/network`) on two real nodes: an association with
//! member cities on one, a city on the other that the association counts
//! among its members and that follows it back. Each node lists what it
//! knows — associations, members by region and country, counts — and draws
//! the member countries on its server-made map; a reader follows from their
//! own fediverse account through their server's remote-follow template.

use crate::support;

use std::time::Duration;

use reqwest::Method;
use serde_json::{Value, json};
use support::fake_remote::FakeRemote;
use support::{Api, Backend, Node, NodeEnv, eventually};

const WAIT: Duration = Duration::from_secs(30);

async fn follow(api: &Api, target: &str, nodes: &[&Node]) {
    let (status, body) = api.send(Method::POST, "/api/v1/follows", json!({ "target": target })).await;
    assert!(status == 202 || status == 200, "{body}");
    eventually(&format!("follow of {target} accepted"), WAIT, nodes, || async {
        let (_, f) = api.get("/api/v1/follows").await;
        f["items"].as_array()?.iter().find(|i| i["actor"] == target && i["state"] == "accepted").map(|_| ())
    })
    .await;
}

async fn page(node: &Node, path: &str) -> (u16, String) {
    let resp = reqwest::get(node.url(path)).await.expect("GET");
    let status = resp.status().as_u16();
    (status, resp.text().await.expect("html").replace("&#x2f;", "/"))
}

fn member<'a>(network: &'a Value, association: &str, city: &str) -> Option<&'a Value> {
    network["associations"].as_array()?.iter().find(|a| a["id"] == association)?["members"]
        .as_array()?
        .iter()
        .find(|m| m["id"] == city)
}

async fn the_network_page_shows_associations_members_by_country_and_a_map(backend: Backend) {
    let (Some(h_env), Some(c_env)) = (NodeEnv::new(backend).await, NodeEnv::new(backend).await) else {
        return;
    };
    h_env.run_ok(&[
        "actor",
        "create",
        "--kind",
        "association",
        "--name",
        "asia",
        "--display-name",
        "Asian Cities Network",
        "--country",
        "KR",
    ]);
    h_env.run_ok(&[
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
    h_env.run_ok(&[
        "actor",
        "create",
        "--kind",
        "city",
        "--name",
        "kyoto",
        "--display-name",
        "Kyoto",
        "--country",
        "JP",
    ]);
    c_env.run_ok(&[
        "actor",
        "create",
        "--kind",
        "city",
        "--name",
        "busan",
        "--display-name",
        "Busan",
        "--country",
        "KR",
    ]);
    let asia_tok = h_env.run_ok(&["token", "create", "--actor", "asia"]);
    let seoul_tok = h_env.run_ok(&["token", "create", "--actor", "seoul"]);
    let busan_tok = c_env.run_ok(&["token", "create", "--actor", "busan"]);
    let (h, c) = (h_env.start(), c_env.start());
    let nodes = [&h, &c];
    let (asia_api, seoul_api, busan_api) =
        (Api::new(&h, &asia_tok), Api::new(&h, &seoul_tok), Api::new(&c, &busan_tok));
    let (asia, seoul, kyoto, busan) =
        (h.url("/actors/asia"), h.url("/actors/seoul"), h.url("/actors/kyoto"), c.url("/actors/busan"));

    // Membership: the association follows its cities, Busan across nodes;
    // Busan follows the association back.
    for city in [&seoul, &kyoto, &busan] {
        follow(&asia_api, city, &nodes).await;
    }
    follow(&busan_api, &asia, &nodes).await;
    // Seoul shares a practice; the association relays it.
    let (status, body) = seoul_api
        .send(
            Method::POST,
            "/api/v1/practices",
            json!({ "title": "Night buses", "summary": "Buses all night", "content": "Text.", "language": "en",
                    "kind": "best_practice", "sdgs": [11], "country": "KR" }),
        )
        .await;
    assert_eq!(status, 201, "{body}");

    // The association's node: the association, its three members by country,
    // when each joined and how much each shared.
    let network: Value = eventually("the relay is counted", WAIT, &nodes, || async {
        let n: Value = reqwest::get(h.url("/api/v1/network")).await.ok()?.json().await.ok()?;
        (n["associations"][0]["shared"]["relayed"] == 1).then_some(n)
    })
    .await;
    assert_eq!(network["associations"].as_array().map(Vec::len), Some(1), "{network}");
    assert_eq!(
        network["associations"][0]["handle"],
        format!("asia@{}", h.url("").trim_start_matches("http://").trim_end_matches('/'))
    );
    for city in [&seoul, &kyoto, &busan] {
        let m = member(&network, &asia, city).unwrap_or_else(|| panic!("{city} is a member: {network}"));
        assert!(m["since"].as_str().is_some_and(|s| s.starts_with("20")), "{m}");
    }
    assert_eq!(member(&network, &asia, &seoul).expect("seoul")["shared"]["published"], 1);
    assert_eq!(member(&network, &asia, &busan).expect("busan")["region"], "142", "Asia");
    assert_eq!(
        network["countries"],
        json!([
            { "country": "KR", "name": "Korea, Republic of", "region": "142", "cities": 2 },
            { "country": "JP", "name": "Japan", "region": "142", "cities": 1 },
        ]),
        "{network}"
    );
    assert_eq!(network["cities"], 3);
    // The same as JSON on the page's own URL.
    let resp =
        reqwest::Client::new().get(h.url("/network")).header("accept", "application/json").send().await.expect("GET");
    assert_eq!(resp.headers().get("vary").and_then(|v| v.to_str().ok()), Some("accept"));
    let same: Value = resp.json().await.expect("json");
    assert_eq!(same, network);

    let (status, html) = page(&h, "/network").await;
    assert_eq!(status, 200, "{html}");
    assert!(html.contains("Asian Cities Network") && html.contains("@asia@"), "{html}");
    for name in ["Seoul", "Kyoto", "Busan"] {
        assert!(html.contains(&format!(">{name}</a>")), "{name} listed: {html}");
    }
    assert!(html.contains("<h4>Asia</h4>"), "grouped by region: {html}");
    assert!(html.contains(r#"<tr id="country-KR"><th scope="row">Korea, Republic of</th>"#), "{html}");
    assert!(html.contains(r#"<tr id="country-JP"><th scope="row">Japan</th>"#), "{html}");
    // The map: drawn here, the member countries linked to their rows, the rest plain land.
    assert!(html.contains(r#"<svg class="world-map""#) && html.contains(r#"aria-labelledby="map-title""#), "{html}");
    assert!(html.contains(r##"<a href="#country-KR" aria-label="Korea, Republic of: "##), "{html}");
    assert!(html.contains(r##"<a href="#country-JP" aria-label="Japan: "##), "{html}");
    assert!(!html.contains(r##"href="#country-FR""##), "France has no member");
    assert!(!html.contains("<script"), "no script");
    assert!(html.contains(r#"<a href="/network">"#), "the header links the page");
    // Each city and the association can be followed from the reader's account.
    assert!(html.contains(&format!(r#"name="target" value="{busan}""#)), "{html}");

    // The city's node knows the association (remote) and Busan as its member.
    let (status, html) = page(&c, "/network").await;
    assert_eq!(status, 200);
    assert!(html.contains("Asian Cities Network") && html.contains(">Busan</a>"), "{html}");
    assert!(html.contains(r##"<a href="#country-KR""##), "{html}");
    let there: Value = reqwest::get(c.url("/api/v1/network")).await.expect("GET").json().await.expect("json");
    assert!(member(&there, &asia, &busan).is_some(), "{there}");
    assert_eq!(there["associations"][0]["local"], false);

    // Remote follow: a Mastodon-shaped server publishes its template…
    let masto = FakeRemote::start("alice").await;
    let template = masto.id("/authorize_interaction?uri={uri}");
    masto.serve(
        "/.well-known/webfinger",
        json!({ "subject": "acct:alice@x", "links": [
            { "rel": "self", "type": "application/activity+json", "href": masto.actor },
            { "rel": "http://ostatus.org/schema/1.0/subscribe", "template": template },
        ]}),
    );
    let account = format!("alice@localhost:{}", masto.port);
    let no_redirects = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client");
    let mut url = url::Url::parse(&h.url("/network/follow")).expect("url");
    url.query_pairs_mut().append_pair("account", &format!("@{account}")).append_pair("target", &busan);
    let resp = no_redirects.get(url).send().await.expect("follow");
    assert_eq!(resp.status().as_u16(), 303, "sent to the reader's server");
    let location = resp.headers()["location"].to_str().expect("location").to_owned();
    let encoded: String = url::form_urlencoded::byte_serialize(busan.as_bytes()).collect();
    assert_eq!(location, template.replace("{uri}", &encoded));

    // …another server (an ecities node) has none: the page says so and
    // shows the handle to search for instead.
    let (status, html) = page(
        &h,
        &format!(
            "/network/follow?account=busan%40{}&target={}",
            c.url("").trim_start_matches("http://").trim_end_matches('/'),
            asia
        ),
    )
    .await;
    assert_eq!(status, 422, "{html}");
    assert!(html.contains(r#"role="alert""#) && html.contains("@asia@"), "{html}");
    // Not an address, or an actor this node does not know: a page, not an error body.
    let (status, html) = page(&h, &format!("/network/follow?account=alice&target={asia}")).await;
    assert_eq!(status, 422, "{html}");
    assert!(html.contains(r#"role="alert""#) && html.contains("alice@mastodon.example"), "{html}");
    let (status, html) = page(&h, &format!("/network/follow?account={account}&target=http://nowhere.example/x")).await;
    assert_eq!(status, 404, "{html}");
    assert!(html.contains(r#"role="alert""#), "{html}");

    // Arabic: laid out right to left, the map titled in Arabic.
    let (_, html) = page(&h, "/network?lang=ar").await;
    assert!(html.contains(r#"dir="rtl""#) && html.contains("المدن الأعضاء حسب البلد"), "{html}");

    h_env.cleanup().await;
    c_env.cleanup().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_network_page_shows_associations_members_by_country_and_a_map_on_sqlite() {
    the_network_page_shows_associations_members_by_country_and_a_map(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_network_page_shows_associations_members_by_country_and_a_map_on_postgres() {
    the_network_page_shows_associations_members_by_country_and_a_map(Backend::Postgres).await;
}
