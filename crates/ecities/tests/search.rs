//! The search language on a real node: several values per facet (either
//! of them), facet counts that ignore their own selection, relevance and
//! newest-first order, snippets with the matched words marked — through
//! the API, the feeds and the search page, on SQLite and PostgreSQL.

use crate::support;

use reqwest::Method;
use serde_json::{Value, json};
use support::{Api, Backend, NodeEnv};

fn practice(title: &str, summary: &str, content: &str, sdg: i64, kind: &str) -> Value {
    json!({ "title": title, "summary": summary, "content": content,
            "language": "en", "kind": kind, "sdgs": [sdg], "country": "KR" })
}

fn titles(found: &Value) -> Vec<String> {
    found["items"].as_array().expect("items").iter().map(|p| p["title"].as_str().unwrap_or("").to_owned()).collect()
}

fn counts(found: &Value, facet: &str) -> Vec<(String, i64)> {
    found["facets"][facet]
        .as_array()
        .expect("facet")
        .iter()
        .map(|e| (e["value"].to_string().trim_matches('"').to_owned(), e["count"].as_i64().unwrap_or(0)))
        .collect()
}

async fn searches_take_several_values_per_facet_rank_by_relevance_and_mark_snippets(backend: Backend) {
    let Some(env) = NodeEnv::new(backend).await else { return };
    env.run_ok(&["actor", "create", "--kind", "city", "--name", "seoul", "--display-name", "Seoul", "--country", "KR"]);
    let token = env.run_ok(&["token", "create", "--actor", "seoul"]);
    let node = env.start();
    let api = Api::new(&node, &token);
    let mut tram = practice("Tram priority", "Trams first at crossings", "Signals give way.", 11, "policy");
    tram["translations"] = json!({ "ko": { "title": "트램 우선 신호", "summary": "교차로에서 트램 우선", "content": "신호가 양보합니다." } });
    for p in [
        tram,
        practice("Clean water pilots", "Filters <b>&</b> pumps", "Water for every tram depot.", 6, "case_study"),
        practice("Energy bills", "Cheaper power", "Solar roofs.", 7, "policy"),
        practice("Street lights", "Lamps <script>alert(1)</script> everywhere", "Along the tram line.", 11, "event"),
    ] {
        let (status, body) = api.send(Method::POST, "/api/v1/practices", p).await;
        assert_eq!(status, 201, "{body}");
    }

    // Either goal, newest first without words; the SDG facet still counts
    // every goal so a reader can add a third.
    let (status, either) = api.get("/api/v1/practices?sdg=6&sdg=11").await;
    assert_eq!(status, 200, "{either}");
    assert_eq!(either["total"], 3);
    assert_eq!(either["sort"], "newest");
    assert_eq!(titles(&either), ["Street lights", "Clean water pilots", "Tram priority"]);
    assert_eq!(counts(&either, "sdg"), [("6".into(), 1), ("7".into(), 1), ("11".into(), 2)]);
    assert_eq!(counts(&either, "kind"), [("case_study".into(), 1), ("event".into(), 1), ("policy".into(), 1)]);
    // Two facets: both must hold; each counts without its own selection.
    let (_, both) = api.get("/api/v1/practices?sdg=6&sdg=11&kind=policy&kind=event").await;
    assert_eq!(titles(&both), ["Street lights", "Tram priority"]);
    assert_eq!(counts(&both, "sdg"), [("7".into(), 1), ("11".into(), 2)], "SDG counts within policy or event");
    assert_eq!(counts(&both, "kind").len(), 3, "kind counts within SDG 6 or 11");

    // Words: by relevance (a title match first), snippets mark the words
    // and escape everything else.
    let (_, words) = api.get("/api/v1/practices?q=tram").await;
    assert_eq!(words["sort"], "relevance");
    assert_eq!(words["total"], 3);
    assert_eq!(titles(&words)[0], "Tram priority", "{words}");
    let snippets: Vec<&str> =
        words["items"].as_array().expect("items").iter().filter_map(|p| p["snippet"].as_str()).collect();
    assert_eq!(snippets.len(), 3, "{words}");
    assert!(snippets.iter().all(|s| s.contains("<mark>")), "{snippets:?}");
    assert!(snippets.contains(&"<mark>Trams</mark> first at crossings"), "{snippets:?}");
    assert!(snippets.iter().all(|s| !s.contains("<script") && !s.contains("<b>")), "{snippets:?}");
    let (_, newest) = api.get("/api/v1/practices?q=tram&sort=newest").await;
    assert_eq!(titles(&newest), ["Street lights", "Clean water pilots", "Tram priority"]);
    let (_, no_words) = api.get("/api/v1/practices?sdg=7").await;
    assert!(no_words["items"][0].get("snippet").is_none(), "no words, no snippet");

    // Pages by relevance follow the rank: each match once.
    let (_, first) = api.get("/api/v1/practices?q=tram&limit=2").await;
    let next = first["next"].as_str().expect("a next page").to_owned();
    let (_, second) = api.get(next.trim_start_matches(&node.url(""))).await;
    let mut all = [titles(&first), titles(&second)].concat();
    assert_eq!(all[0], "Tram priority");
    all.sort();
    assert_eq!(all, ["Clean water pilots", "Street lights", "Tram priority"]);

    let (status, bad) = api.get("/api/v1/practices?sort=oldest").await;
    assert_eq!((status, bad["error"].as_str()), (400, Some("invalid_parameter")), "{bad}");

    // The feeds and the page take the same repeated parameters.
    let feed =
        reqwest::get(node.url("/feeds/practices.atom?sdg=6&sdg=7")).await.expect("GET").text().await.expect("body");
    let feed = feed_rs::parser::parse(feed.as_bytes()).expect("feed");
    assert_eq!(feed.entries.len(), 2);
    let page = reqwest::get(node.url("/search?sdg=6&sdg=7")).await.expect("GET").text().await.expect("body");
    assert!(page.contains("Clean water pilots") && page.contains("Energy bills") && !page.contains("Tram priority"));

    // The page: facets beside the results with a count on every value,
    // the chosen values ticked in one GET form, chips that drop one value,
    // cards with the goal named (not only coloured) and the words marked.
    let html = |path: &str| {
        let url = node.url(path);
        // Attribute values as a browser reads them (the templates escape `/` and `&`).
        async move {
            reqwest::get(url)
                .await
                .expect("GET")
                .text()
                .await
                .expect("body")
                .replace("&#x2f;", "/")
                .replace("&amp;", "&")
        }
    };
    let page = html("/search?q=tram&sdg=6&sdg=11&lang=en").await;
    assert!(
        page.contains(r#"name="sdg" value="6" checked"#) && page.contains(r#"name="sdg" value="11" checked"#),
        "{page}"
    );
    let one_goal = html("/search?sdg=6&lang=en").await;
    assert!(one_goal.contains(r#"name="sdg" value="7">"#), "another goal can be added: {one_goal}");
    assert!(one_goal.contains("Affordable and Clean Energy <span class=\"count\">(1)</span>"), "{one_goal}");
    assert!(page.contains(r#"<form method="get" action="/search""#));
    for removed in ["/search?q=tram&sdg=11&lang=en", "/search?q=tram&sdg=6&lang=en", "/search?sdg=6&sdg=11&lang=en"] {
        assert!(page.contains(&format!(r#"href="{removed}""#)), "a chip links to {removed}: {page}");
    }
    assert!(page.contains("<mark>Trams</mark> first at crossings"), "{page}");
    assert!(page.contains(r#"class="sdg sdg-11">SDG 11 · Sustainable Cities and Communities"#), "{page}");
    assert!(!page.contains("<script>alert"), "stored markup never reaches the page as markup");
    let arabic = html("/search?sdg=6&lang=ar").await;
    assert!(arabic.contains(r#"dir="rtl""#) && arabic.contains("المياه النظيفة والنظافة الصحية"), "{arabic}");
    let korean = html("/search?q=tram&lang=ko").await;
    assert!(
        korean.contains(r#"<h3 lang="ko"><a"#) && korean.contains("트램 우선 신호"),
        "the reader's language: {korean}"
    );
    let empty = html("/search?country=FR&lang=en").await;
    assert!(empty.contains(r#"name="country" value="FR" checked"#), "a chosen value with no match can be unticked");
    assert!(empty.contains("No practice matches this search."));

    drop(node);
    env.cleanup().await;
}

fn written_in(language: &str, title: &str, summary: &str, content: &str) -> Value {
    json!({ "title": title, "summary": summary, "content": content,
            "language": language, "kind": "best_practice", "sdgs": [11], "country": "KR" })
}

/// The keys of what a search finds (`q` URL-encoded here).
async fn found(api: &Api, q: &str) -> (Vec<String>, Value) {
    let encoded: String = url::form_urlencoded::byte_serialize(q.as_bytes()).collect();
    let (status, body) = api.get(&format!("/api/v1/practices?q={encoded}")).await;
    assert_eq!(status, 200, "{q}: {body}");
    (titles(&body), body)
}

fn first_snippet(found: &Value) -> String {
    found["items"][0]["snippet"].as_str().unwrap_or("").to_owned()
}

async fn words_are_found_in_every_script_by_stem_without_vowel_marks_and_in_every_translation(backend: Backend) {
    let Some(env) = NodeEnv::new(backend).await else { return };
    env.run_ok(&["actor", "create", "--kind", "city", "--name", "world", "--display-name", "World", "--country", "KR"]);
    let token = env.run_ok(&["token", "create", "--actor", "world"]);
    let node = env.start();
    let api = Api::new(&node, &token);
    let mut lyon = written_in("fr", "Vélos partagés à Lyon", "Des vélos en libre service", "Stations partout.");
    lyon["translations"] = json!({ "en": { "title": "Shared bikes in Lyon", "summary": "Self-service bicycles",
                                           "content": "Stations everywhere." } });
    for p in [
        written_in("zh", "智慧城市交通管理", "上海市利用大数据改善公共交通", "数据平台。"),
        written_in("ar", "تَحْسِينُ إِدَارَةِ المِيَاهِ", "إدارة المياه في المدينة", "عدادات ذكية."),
        written_in("ru", "Умный город", "Город меняет транспорт", "Новые автобусы."),
        written_in("en", "Smart water meters", "Leaks found early", "Every home reports daily."),
        written_in("en", "Leak reports", "Citizens report leaks", "A meter in every street, read by the cities."),
        lyon,
    ] {
        let (status, body) = api.send(Method::POST, "/api/v1/practices", p).await;
        assert_eq!(status, 201, "{body}");
    }

    // Chinese: bigrams, no dictionary; a word inside a run is found and marked.
    let (hits, body) = found(&api, "交通").await;
    assert_eq!(hits, ["智慧城市交通管理"], "{body}");
    assert_eq!(first_snippet(&body), "上海市利用大数据改善公共<mark>交通</mark>");
    assert_eq!(found(&api, "公共交通").await.0, ["智慧城市交通管理"]);
    assert!(found(&api, "交管").await.0.is_empty(), "characters that are not neighbours do not match");

    // Arabic: with or without vowel marks, either spelling of alef and teh marbuta.
    for q in ["إدارة", "إِدَارَة", "ادارة", "اداره"] {
        assert_eq!(found(&api, q).await.0, ["تَحْسِينُ إِدَارَةِ المِيَاهِ"], "{q}");
    }
    let (_, body) = found(&api, "ادارة").await;
    assert_eq!(first_snippet(&body), "<mark>إدارة</mark> المياه في المدينة");

    // Stems: Russian and English, and the snippet marks the word as written.
    let (hits, body) = found(&api, "города").await;
    assert_eq!(hits, ["Умный город"], "{body}");
    assert_eq!(first_snippet(&body), "<mark>Город</mark> меняет транспорт");
    assert_eq!(found(&api, "cities").await.0, ["Leak reports"], "'cities' finds 'cities', no stray stem");
    let (hits, body) = found(&api, "meter").await;
    assert_eq!(hits, ["Smart water meters", "Leak reports"], "a title match above a body match: {body}");
    let (hits, body) = found(&api, "leaking").await;
    assert_eq!(hits.len(), 2, "'leaking' finds 'leaks' through the English stem: {body}");
    assert!(first_snippet(&body).contains("<mark>Leaks</mark>") || first_snippet(&body).contains("<mark>leaks</mark>"));

    // A French practice through its English translation, and through its
    // French words without their accents; the page shows the reader's variant.
    assert_eq!(found(&api, "bicycle").await.0, ["Vélos partagés à Lyon"]);
    assert_eq!(found(&api, "velo").await.0, ["Vélos partagés à Lyon"]);
    let page = reqwest::get(node.url("/search?q=bicycle&lang=en")).await.expect("GET").text().await.expect("body");
    assert!(page.contains("Shared bikes in Lyon") && page.contains("<mark>bicycles</mark>"), "{page}");

    drop(node);
    env.cleanup().await;
}

#[tokio::test]
async fn words_are_found_in_every_script_by_stem_without_vowel_marks_and_in_every_translation_on_sqlite() {
    words_are_found_in_every_script_by_stem_without_vowel_marks_and_in_every_translation(Backend::Sqlite).await;
}

#[tokio::test]
async fn words_are_found_in_every_script_by_stem_without_vowel_marks_and_in_every_translation_on_postgres() {
    words_are_found_in_every_script_by_stem_without_vowel_marks_and_in_every_translation(Backend::Postgres).await;
}

#[tokio::test]
async fn searches_take_several_values_per_facet_rank_by_relevance_and_mark_snippets_on_sqlite() {
    searches_take_several_values_per_facet_rank_by_relevance_and_mark_snippets(Backend::Sqlite).await;
}

#[tokio::test]
async fn searches_take_several_values_per_facet_rank_by_relevance_and_mark_snippets_on_postgres() {
    searches_take_several_values_per_facet_rank_by_relevance_and_mark_snippets(Backend::Postgres).await;
}
