//! Places and goals beyond a country and the SDGs, on two real nodes over
//! loopback: a knowledge space publishes for the whole world (region
//! `001`) or a UN region without claiming a country, with Millennium
//! Development Goals and the years the practice ran; another node receives
//! it through ActivityPub; search, facets and analytics count it under
//! World, by MDG and by period year — on SQLite and PostgreSQL.

use crate::support;

use std::time::Duration;

use reqwest::Method;
use serde_json::{Value, json};
use support::{Api, Backend, NodeEnv, as2, eventually};

const WAIT: Duration = Duration::from_secs(30);

fn item(title: &str, place: (&str, &str), sdgs: &[i64], period: (&str, &str)) -> Value {
    let mut p = json!({ "title": title, "summary": format!("{title}, in brief."), "content": "Findings.",
                        "language": "en", "kind": "publication", "sdgs": sdgs,
                        "period_start": period.0, "period_end": period.1 });
    p[place.0] = json!(place.1);
    p
}

fn titles(found: &Value) -> Vec<String> {
    let mut t: Vec<String> = found["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|p| p["title"].as_str().unwrap_or("").to_owned())
        .collect();
    t.sort();
    t
}

fn counts(found: &Value, facet: &str) -> Vec<(String, i64)> {
    found[facet]
        .as_array()
        .unwrap_or_else(|| panic!("facet {facet}: {found}"))
        .iter()
        .map(|e| (e["value"].to_string().trim_matches('"').to_owned(), e["count"].as_i64().unwrap_or(0)))
        .collect()
}

async fn search(api: &Api, query: &str) -> Value {
    let (status, found) = api.get(&format!("/api/v1/practices?{query}")).await;
    assert_eq!(status, 200, "{query}: {found}");
    found
}

async fn a_knowledge_space_item_without_a_country_is_counted_under_world_by_mdg_and_by_the_years_it_ran(
    backend: Backend,
) {
    let (Some(k_env), Some(b_env)) = (NodeEnv::new(backend).await, NodeEnv::new(backend).await) else {
        return;
    };
    k_env.run_ok(&["actor", "create", "--kind", "knowledge-space", "--name", "unpaks", "--display-name", "UN-PAKS"]);
    b_env.run_ok(&[
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
    let k_token = k_env.run_ok(&["token", "create", "--actor", "unpaks"]);
    let b_token = b_env.run_ok(&["token", "create", "--actor", "busan"]);
    let (k, b) = (k_env.start(), b_env.start());
    let (k_api, b_api) = (Api::new(&k, &k_token), Api::new(&b, &b_token));

    // B follows the knowledge space before it publishes.
    let handle = format!("unpaks@localhost:{}", k_env.port);
    let (status, body) = b_api.send(Method::POST, "/api/v1/follows", json!({ "target": handle })).await;
    assert_eq!(status, 202, "{body}");
    eventually("B's follow is accepted", WAIT, &[&k, &b], || async {
        let (_, f) = b_api.get("/api/v1/follows").await;
        (f["items"][0]["state"] == "accepted").then_some(())
    })
    .await;

    // No country: the whole world, or a named UN region.
    let mut world = item("Global urban outlook", ("region", "001"), &[11], ("2005-03-01", "2009-06-30"));
    world["mdgs"] = json!([7, 1]);
    let (status, created) = k_api.send(Method::POST, "/api/v1/practices", world).await;
    assert_eq!(status, 201, "{created}");
    assert_eq!(
        (created["country"].clone(), created["region"].clone()),
        (Value::Null, json!({"code": "001", "name": "World"}))
    );
    assert_eq!(created["mdgs"], json!([1, 7]));
    let ap_id = created["id"].as_str().expect("id").to_owned();
    for p in [
        item("European housing review", ("region", "Europe"), &[11], ("2008-01-01", "2010-12-31")),
        item("Lyon tram study", ("country", "FR"), &[6], ("2012-01-01", "2012-12-31")),
        item("Seoul water report", ("country", "KR"), &[6, 11], ("", "")),
    ] {
        let (status, body) = k_api.send(Method::POST, "/api/v1/practices", p).await;
        assert_eq!(status, 201, "{body}");
    }

    // Neither a country nor a region, or both, or an unknown goal: a JSON 422 naming the field.
    let mut nowhere = item("Nowhere", ("kind", "publication"), &[11], ("", ""));
    for (place, field) in [(None, "country"), (Some(("country", "KR")), "region")] {
        if let Some((key, value)) = place {
            nowhere["region"] = json!("001");
            nowhere[key] = json!(value);
        }
        let (status, body) = k_api.send(Method::POST, "/api/v1/practices", nowhere.clone()).await;
        assert_eq!(status, 422, "{body}");
        assert!(body["fields"].as_array().expect("fields").iter().any(|f| f["field"] == field), "{body}");
    }
    let mut bad_goal = item("Bad goal", ("region", "001"), &[11], ("", ""));
    bad_goal["mdgs"] = json!([9]);
    let (status, body) = k_api.send(Method::POST, "/api/v1/practices", bad_goal).await;
    assert_eq!((status, body["fields"][0]["field"].as_str()), (422, Some("mdgs")), "{body}");
    let (status, body) = k_api.get("/api/v1/practices?mdg=9").await;
    assert_eq!((status, body["error"].as_str()), (400, Some("invalid_parameter")), "{body}");
    let (status, body) = k_api.get("/api/v1/practices?period=someday").await;
    assert_eq!((status, body["error"].as_str()), (400, Some("invalid_parameter")), "{body}");

    // Facets: the world and Europe count practices without a country; no
    // country claims them.
    let all = search(&k_api, "").await;
    let facets = &all["facets"];
    assert_eq!(counts(facets, "region"), [("150".into(), 2), ("001".into(), 1), ("142".into(), 1)], "{facets}");
    assert_eq!(facets["region"][1]["label"], "World");
    assert_eq!(counts(facets, "country"), [("FR".into(), 1), ("KR".into(), 1)]);
    assert_eq!(counts(facets, "mdg"), [("1".into(), 1), ("7".into(), 1)]);
    assert_eq!(facets["mdg"][1]["label"], "Ensure environmental sustainability");
    // Each year the practices ran, newest first: 2005–2009, 2008–2010, 2012.
    assert_eq!(
        counts(facets, "period"),
        [
            ("2012".into(), 1),
            ("2010".into(), 1),
            ("2009".into(), 2),
            ("2008".into(), 2),
            ("2007".into(), 1),
            ("2006".into(), 1),
            ("2005".into(), 1)
        ]
    );
    assert_eq!(titles(&search(&k_api, "region=001").await), ["Global urban outlook"]);
    assert_eq!(titles(&search(&k_api, "region=Europe").await), ["European housing review", "Lyon tram study"]);
    assert_eq!(titles(&search(&k_api, "region=001&country=KR").await), ["Global urban outlook", "Seoul water report"]);
    assert_eq!(titles(&search(&k_api, "mdg=7").await), ["Global urban outlook"]);
    assert_eq!(titles(&search(&k_api, "period=2009").await), ["European housing review", "Global urban outlook"]);
    // Several years are either; each facet still counts without its own selection.
    let either = search(&k_api, "period=2005&period=2012").await;
    assert_eq!(titles(&either), ["Global urban outlook", "Lyon tram study"]);
    assert_eq!(counts(&either["facets"], "period").len(), 7);
    assert_eq!(counts(&either["facets"], "region"), [("001".into(), 1), ("150".into(), 1)]);
    let goals = search(&k_api, "sdg=6&mdg=7&mdg=1").await;
    assert_eq!(titles(&goals), Vec::<String>::new(), "the SDG and the MDG facet must both hold");
    assert_eq!(counts(&goals["facets"], "mdg"), Vec::<(String, i64)>::new());
    assert_eq!(counts(&goals["facets"], "sdg"), [("11".into(), 1)], "SDG counts among MDG 1 or 7");

    // Related practices, in the API and on the page: those sharing goals,
    // themes or words, best first, never the practice itself.
    let key = created["key"].as_str().expect("key").to_owned();
    let (status, shown) = k_api.get(&format!("/api/v1/practices/{key}")).await;
    assert_eq!(status, 200, "{shown}");
    let related: Vec<&str> =
        shown["related"].as_array().expect("related").iter().filter_map(|r| r["title"].as_str()).collect();
    assert_eq!(related, ["Seoul water report", "European housing review"], "{shown}");
    let page =
        reqwest::get(k.url(&format!("/practices/{key}?lang=en"))).await.expect("GET").text().await.expect("body");
    assert!(page.contains("Related practices") && page.contains(">Seoul water report</a>"), "{page}");
    assert!(page.contains("MDG 7: Ensure environmental sustainability"), "{page}");
    assert!(page.contains(" · World · "), "the place is the world: {page}");
    let french =
        reqwest::get(k.url(&format!("/practices/{key}?lang=fr"))).await.expect("GET").text().await.expect("body");
    assert!(french.contains("Monde") && french.contains("OMD 7"), "{french}");
    let search_page = reqwest::get(k.url("/search?lang=en")).await.expect("GET").text().await.expect("body");
    assert!(search_page.contains("Millennium Development Goals") && search_page.contains("Years the practice ran"));

    // Analytics count the world like the facets.
    let (status, analytics) = k_api.get("/api/v1/analytics").await;
    assert_eq!(status, 200, "{analytics}");
    assert!(counts(&analytics, "region").contains(&("001".into(), 1)), "{analytics}");

    // Out: the region and the MDGs as typed AS2 terms (and MDG hashtags), no country.
    let article = as2(&ap_id).await;
    assert_eq!(article["unRegion"], "001", "{article}");
    assert!(article.get("country").is_none(), "{article}");
    assert_eq!(article["mdgGoals"], json!([1, 7]));
    let tags: Vec<&str> = article["tag"].as_array().expect("tags").iter().filter_map(|t| t["name"].as_str()).collect();
    assert!(tags.contains(&"#MDG7"), "{tags:?}");

    // In: B stores it with its place and goals, and counts it under World.
    let received = eventually("B stores the world item", WAIT, &[&k, &b], || async {
        let (_, r) = b_api.get("/api/v1/practices?region=001").await;
        r["items"].as_array().and_then(|items| items.iter().find(|p| p["id"] == ap_id.as_str()).cloned())
    })
    .await;
    assert_eq!(received["local"], false);
    assert_eq!((received["country"].clone(), received["region"]["code"].clone()), (Value::Null, json!("001")));
    assert_eq!(received["mdgs"], json!([1, 7]));
    let on_b = search(&b_api, "mdg=7").await;
    assert_eq!(titles(&on_b), ["Global urban outlook"]);
    assert!(counts(&on_b["facets"], "region").contains(&("001".into(), 1)), "{on_b}");

    drop((k, b));
    k_env.cleanup().await;
    b_env.cleanup().await;
}

#[tokio::test]
async fn a_knowledge_space_item_without_a_country_is_counted_under_world_by_mdg_and_by_the_years_it_ran_on_sqlite() {
    a_knowledge_space_item_without_a_country_is_counted_under_world_by_mdg_and_by_the_years_it_ran(Backend::Sqlite)
        .await;
}

#[tokio::test]
async fn a_knowledge_space_item_without_a_country_is_counted_under_world_by_mdg_and_by_the_years_it_ran_on_postgres() {
    a_knowledge_space_item_without_a_country_is_counted_under_world_by_mdg_and_by_the_years_it_ran(Backend::Postgres)
        .await;
}
