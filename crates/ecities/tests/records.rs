//! Records worth citing, through the real binary on both databases: every
//! edit keeps an immutable, numbered version with its own address
//! (`/practices/{key}/history`, `/practices/{key}/v/{n}`); the harvest
//! endpoints (OAI-PMH at `/oai`, `/sitemap.xml`, `/catalog.jsonld`).

use crate::support;

use support::{Api, Backend, NodeEnv};

const BROWSER: &str = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

async fn fetch(url: &str, accept: &str) -> (u16, String) {
    let resp = reqwest::Client::new().get(url).header("Accept", accept).send().await.expect("GET");
    let status = resp.status().as_u16();
    (status, resp.text().await.expect("body"))
}

async fn fetch_json(url: &str) -> (u16, serde_json::Value) {
    let (status, text) = fetch(url, "application/json").await;
    (status, serde_json::from_str(&text).unwrap_or_else(|_| panic!("JSON from {url}: {text}")))
}

/// A node with the city `seoul` and an editor token for it.
async fn city_node(backend: Backend) -> Option<(NodeEnv, support::Node, Api)> {
    let env = NodeEnv::new(backend).await?;
    env.run_ok(&["actor", "create", "--kind", "city", "--name", "seoul", "--display-name", "Seoul", "--country", "KR"]);
    let token = env.run_ok(&["token", "create", "--actor", "seoul"]);
    let node = env.start();
    let api = Api::new(&node, &token);
    Some((env, node, api))
}

async fn publish(api: &Api, title: &str, sdgs: &[u8], kind: &str) -> serde_json::Value {
    let (status, body) = api
        .send(
            reqwest::Method::POST,
            "/api/v1/practices",
            serde_json::json!({
                "title": title, "summary": format!("Summary of {title}"), "content": "Bus lanes & <b>more</b>.",
                "language": "en", "kind": kind, "sdgs": sdgs, "country": "KR", "license": "CC-BY-4.0",
            }),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    body
}

async fn an_edited_practice_keeps_both_versions(backend: Backend) {
    let Some((env, node, api)) = city_node(backend).await else { return };
    let created = publish(&api, "Seoul bus reform", &[11], "best_practice").await;
    let key = created["key"].as_str().expect("key").to_owned();
    let (status, body) = api
        .send(
            reqwest::Method::PATCH,
            &format!("/api/v1/practices/{key}"),
            serde_json::json!({"title": "Seoul bus reform, 2004–2024"}),
        )
        .await;
    assert_eq!(status, 200, "{body}");

    let (status, history) = fetch_json(&node.url(&format!("/practices/{key}/history"))).await;
    assert_eq!(status, 200, "{history}");
    assert_eq!(history["current_version"], 2);
    let versions = history["versions"].as_array().expect("versions");
    let titles: Vec<_> = versions.iter().map(|v| (v["version"].as_i64(), v["title"].as_str())).collect();
    assert_eq!(titles, vec![(Some(1), Some("Seoul bus reform")), (Some(2), Some("Seoul bus reform, 2004–2024"))]);

    // Each version at its own address, as it was.
    let (status, v1) = fetch_json(versions[0]["url"].as_str().expect("url")).await;
    assert_eq!(status, 200, "{v1}");
    assert_eq!((v1["version"].as_i64(), v1["title"].as_str()), (Some(1), Some("Seoul bus reform")));
    assert_eq!(v1["license"], "CC-BY-4.0");
    assert!(v1["cite_as"].as_str().expect("citation").contains(&format!("/practices/{key}/v/1")), "{v1}");
    let (status, v2) = fetch_json(&node.url(&format!("/practices/{key}/v/2"))).await;
    assert_eq!(status, 200);
    assert_eq!(v2["title"], "Seoul bus reform, 2004–2024");
    // A later edit leaves earlier versions exactly as they were.
    api.send(reqwest::Method::PATCH, &format!("/api/v1/practices/{key}"), serde_json::json!({"summary": "Faster"}))
        .await;
    let (_, mut v1_again) = fetch_json(&node.url(&format!("/practices/{key}/v/1"))).await;
    assert_eq!(v1_again["current_version"], 3, "the version knows there is a newer one");
    v1_again["current_version"] = v1["current_version"].clone();
    assert_eq!(v1_again, v1, "version 1 never changes");
    for missing in ["4", "0", "latest"] {
        let (status, err) = fetch_json(&node.url(&format!("/practices/{key}/v/{missing}"))).await;
        assert_eq!((status, err["error"].as_str()), (404, Some("not_found")), "v/{missing}: {err}");
    }

    // Browsers get pages: the practice links its history and says how to cite it.
    let (status, page) = fetch(&node.url(&format!("/practices/{key}")), BROWSER).await;
    assert_eq!(status, 200);
    let page = page.replace("&#x2f;", "/");
    assert!(page.contains(&format!("/practices/{key}/history")), "the practice page links its history: {page}");
    assert!(page.contains("Version 3 of") && page.contains(&format!("/practices/{key}/v/3")), "{page}");
    let (status, history_page) = fetch(&node.url(&format!("/practices/{key}/history")), BROWSER).await;
    assert_eq!(status, 200);
    let history_page = history_page.replace("&#x2f;", "/");
    assert!(history_page.contains(&format!("/practices/{key}/v/1")) && history_page.contains("Version 3"));
    let (status, version_page) = fetch(&node.url(&format!("/practices/{key}/v/1")), BROWSER).await;
    assert_eq!(status, 200);
    assert!(
        version_page.contains("version 1 of 3") && version_page.contains("<h1>Seoul bus reform</h1>"),
        "{version_page}"
    );

    // Deleted: the history goes with the practice (410 both ways).
    let (status, _) =
        api.send(reqwest::Method::DELETE, &format!("/api/v1/practices/{key}"), serde_json::json!({})).await;
    assert_eq!(status, 204);
    for path in [format!("/practices/{key}/history"), format!("/practices/{key}/v/1")] {
        let (status, err) = fetch_json(&node.url(&path)).await;
        assert_eq!((status, err["error"].as_str()), (410, Some("gone")), "{path}");
        let (status, _) = fetch(&node.url(&path), BROWSER).await;
        assert_eq!(status, 410, "{path}");
    }
    let (status, _) = fetch_json(&node.url("/practices/nope/history")).await;
    assert_eq!(status, 404);
    drop(node);
    env.cleanup().await;
}

#[tokio::test]
async fn an_edited_practice_keeps_both_versions_immutable_and_retrievable_on_sqlite() {
    an_edited_practice_keeps_both_versions(Backend::Sqlite).await;
}

#[tokio::test]
async fn an_edited_practice_keeps_both_versions_immutable_and_retrievable_on_postgres() {
    an_edited_practice_keeps_both_versions(Backend::Postgres).await;
}

// ------------------------------------------------------------------ OAI-PMH

/// Checks that `xml` is well-formed (every element closed, entities
/// known) by reading it to the end with an XML parser.
fn assert_well_formed(xml: &str) {
    let mut reader = quick_xml::Reader::from_str(xml);
    reader.config_mut().check_end_names = true;
    let mut depth = 0i32;
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Start(_)) => depth += 1,
            Ok(quick_xml::events::Event::End(_)) => depth -= 1,
            Ok(quick_xml::events::Event::Text(t)) => {
                t.decode().expect("text decodes");
            }
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!("not well-formed XML at {}: {e}\n{xml}", reader.buffer_position()),
        }
    }
    assert_eq!(depth, 0, "unclosed elements: {xml}");
}

async fn oai(node: &support::Node, query: &str) -> String {
    let (status, xml) = fetch(&node.url(&format!("/oai?{query}")), "*/*").await;
    assert_eq!(status, 200, "OAI-PMH answers errors in XML with 200: {xml}");
    assert_well_formed(&xml);
    xml
}

/// The `code` of the answer's `<error>`, and whether its `<request>`
/// element carried attributes.
fn error_of(xml: &str) -> (Option<String>, bool) {
    let code = xml.split("<error code=\"").nth(1).and_then(|r| r.split('"').next()).map(str::to_owned);
    let request = xml.split("<request").nth(1).and_then(|r| r.split('>').next()).unwrap_or("");
    (code, !request.trim().is_empty())
}

/// The `YYYY-MM-DDThh:mm:ssZ` of the next whole second, after waiting for it.
async fn next_second() -> String {
    let now = chrono::Utc::now();
    let next = now + chrono::Duration::milliseconds(1000 - i64::from(now.timestamp_subsec_millis()) + 20);
    tokio::time::sleep((next - now).to_std().expect("positive")).await;
    next.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

async fn every_protocol_error_is_answered_as_the_protocol_defines_it(backend: Backend) {
    let Some((env, node, api)) = city_node(backend).await else { return };
    let host = node.url("").trim_start_matches("http://").trim_end_matches('/').to_owned();
    assert_eq!(
        error_of(&oai(&node, "verb=ListRecords&metadataPrefix=oai_dc").await).0.as_deref(),
        Some("noRecordsMatch"),
        "an empty repository"
    );
    let created = publish(&api, "Rain gardens <for> \"Seoul\" & Busan", &[6, 11], "best_practice").await;
    let key = created["key"].as_str().expect("key");
    let id = format!("oai:{host}:{key}");

    let cases: &[(&str, &str, bool)] = &[
        ("", "badVerb", false),
        ("verb=Harvest", "badVerb", false),
        ("verb=Identify&verb=Identify", "badVerb", false),
        ("verb=Identify&extra=1", "badArgument", false),
        ("verb=ListRecords", "badArgument", false),
        ("verb=ListRecords&metadataPrefix=oai_dc&from=2026-01-01&until=2026-12-01T00:00:00Z", "badArgument", false),
        ("verb=ListRecords&metadataPrefix=oai_dc&from=2026-12-02&until=2026-12-01", "badArgument", false),
        ("verb=ListRecords&metadataPrefix=oai_dc&from=1%20December", "badArgument", false),
        ("verb=ListIdentifiers&metadataPrefix=oai_dc&resumptionToken=00", "badArgument", false),
        ("verb=GetRecord&identifier=x", "badArgument", false),
        ("verb=ListRecords&metadataPrefix=marc21", "cannotDisseminateFormat", true),
        (&format!("verb=GetRecord&metadataPrefix=mods&identifier={id}"), "cannotDisseminateFormat", true),
        ("verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:elsewhere.example:1", "idDoesNotExist", true),
        ("verb=ListMetadataFormats&identifier=oai:x:y", "idDoesNotExist", true),
        ("verb=ListRecords&metadataPrefix=oai_dc&from=2999-01-01", "noRecordsMatch", true),
        ("verb=ListRecords&metadataPrefix=oai_dc&set=sdg:1", "noRecordsMatch", true),
        ("verb=ListRecords&metadataPrefix=oai_dc&set=region:asia", "noRecordsMatch", true),
        ("verb=ListRecords&resumptionToken=not-ours", "badResumptionToken", true),
        ("verb=ListSets&resumptionToken=abc", "badResumptionToken", true),
    ];
    for (query, code, echoed) in cases {
        let xml = oai(&node, query).await;
        assert_eq!(error_of(&xml), (Some(code.to_string()), *echoed), "{query}: {xml}");
    }

    // The record, escaped, and the same through POST.
    let xml = oai(&node, &format!("verb=GetRecord&metadataPrefix=oai_dc&identifier={id}")).await;
    assert!(
        xml.contains("<dc:title xml:lang=\"en\">Rain gardens &lt;for&gt; &quot;Seoul&quot; &amp; Busan</dc:title>"),
        "{xml}"
    );
    assert!(
        xml.contains("<dc:creator>Seoul</dc:creator>") && xml.contains("<dc:rights>CC-BY-4.0</dc:rights>"),
        "{xml}"
    );
    assert!(xml.contains("<setSpec>sdg:6</setSpec>") && xml.contains("<dc:subject>SDG 6: "), "{xml}");
    assert!(
        xml.contains(&format!("<dc:identifier>{}</dc:identifier>", created["url"].as_str().expect("url"))),
        "{xml}"
    );
    let posted = reqwest::Client::new()
        .post(node.url("/oai"))
        .form(&[("verb", "GetRecord"), ("metadataPrefix", "oai_dc"), ("identifier", id.as_str())])
        .send()
        .await
        .expect("POST");
    assert_eq!(posted.status(), 200);
    assert!(posted.text().await.expect("body").contains("<dc:creator>Seoul</dc:creator>"));
    let identify = oai(&node, "verb=Identify").await;
    assert!(identify.contains("<deletedRecord>persistent</deletedRecord>"), "{identify}");
    assert!(identify.contains("<granularity>YYYY-MM-DDThh:mm:ssZ</granularity>"), "{identify}");
    drop(node);
    env.cleanup().await;
}

#[tokio::test]
async fn every_oai_pmh_error_is_answered_as_the_protocol_defines_it_on_sqlite() {
    every_protocol_error_is_answered_as_the_protocol_defines_it(Backend::Sqlite).await;
}

#[tokio::test]
async fn every_oai_pmh_error_is_answered_as_the_protocol_defines_it_on_postgres() {
    every_protocol_error_is_answered_as_the_protocol_defines_it(Backend::Postgres).await;
}

/// The python of a venv with Sickle (`.ci/run` makes one), or `None` when
/// this machine has none and the test may be skipped.
fn oai_python() -> Option<String> {
    match std::env::var("ECITIES_OAI_PYTHON") {
        Ok(python) if !python.is_empty() => Some(python),
        _ if std::env::var("ECITIES_REQUIRE_OAI").is_ok_and(|v| v == "1") => {
            panic!("ECITIES_REQUIRE_OAI=1 but ECITIES_OAI_PYTHON names no python with Sickle")
        }
        _ => {
            eprintln!("skipped: ECITIES_OAI_PYTHON is not set (a venv with sickle), OAI-PMH client harvest not run");
            None
        }
    }
}

async fn a_real_oai_pmh_client_harvests_every_record(backend: Backend) {
    let Some(python) = oai_python() else { return };
    let Some((env, node, api)) = city_node(backend).await else { return };
    let host = node.url("").trim_start_matches("http://").trim_end_matches('/').to_owned();
    let mut keys = Vec::new();
    for i in 0..27 {
        let sdgs: &[u8] = if i % 3 == 0 { &[6] } else { &[11] };
        let created = publish(&api, &format!("Practice number {i}"), sdgs, "policy").await;
        keys.push(created["key"].as_str().expect("key").to_owned());
    }
    // What changes from here on is what an incremental harvest sees.
    let since = next_second().await;
    let (status, _) = api
        .send(
            reqwest::Method::PATCH,
            &format!("/api/v1/practices/{}", keys[2]),
            serde_json::json!({"title": "Edited practice"}),
        )
        .await;
    assert_eq!(status, 200);
    let (status, _) =
        api.send(reqwest::Method::DELETE, &format!("/api/v1/practices/{}", keys[1]), serde_json::json!({})).await;
    assert_eq!(status, 204);
    let (newest, relayed_by) = publish_with_every_typed_field(&env, &node, &api, &keys[0]).await;
    let newest_key = newest["key"].as_str().expect("key");
    let id = |key: &str| format!("oai:{host}:{key}");

    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/oai/harvest.py");
    let out = std::process::Command::new(&python)
        .args([script, &node.url("/oai"), &since, &id(&keys[0]), &id(&keys[1]), &id(newest_key)])
        .output()
        .expect("run the OAI-PMH client");
    assert!(out.status.success(), "the harvest failed: {}", String::from_utf8_lossy(&out.stderr));
    let seen: serde_json::Value = serde_json::from_slice(&out.stdout).expect("the client's JSON");

    assert_eq!(seen["identify"]["protocolVersion"], "2.0", "{seen}");
    assert_eq!(seen["identify"]["deletedRecord"], "persistent");
    assert_eq!(seen["identify"]["granularity"], "YYYY-MM-DDThh:mm:ssZ");
    assert_eq!(seen["formats"], serde_json::json!(["oai_dc", "ecities"]));
    assert_eq!(seen["formats_of_record"], serde_json::json!(["oai_dc", "ecities"]));
    assert_eq!(seen["format_schemas"]["ecities"], node.url("/oai/ecities-1.0.xsd"), "served by the node: {seen}");
    assert_eq!(seen["format_namespaces"]["ecities"], "https://w3id.org/ecities/ns#");
    assert_eq!(seen["served_schema_is_vendored"], true, "the node serves the schema the harvest validates with");
    let sets = seen["sets"].as_array().expect("sets");
    assert!(sets.contains(&"sdg:6".into()) && sets.contains(&"kind:policy".into()), "{sets:?}");
    // 28 records on two pages (25 each), the deleted one reported.
    assert_eq!((seen["identifiers"].as_i64(), seen["distinct_identifiers"].as_i64()), (Some(28), Some(28)), "{seen}");
    assert_eq!(seen["deleted_identifiers"], 1);
    assert_eq!((seen["records"].as_i64(), seen["deleted_records"].as_i64()), (Some(28), Some(1)), "{seen}");
    assert_eq!(seen["identifier_pages"], 2, "the list went through a resumption token");
    assert_eq!(seen["record_pages"], 2);
    assert_eq!(seen["live_with_metadata"], 27);
    let mut expected = vec![id(&keys[1]), id(&keys[2]), id(newest_key)];
    expected.sort();
    assert_eq!(
        seen["incremental"],
        serde_json::json!(expected),
        "from={since}: the edit, the deletion and the new one"
    );
    assert_eq!(seen["incremental_deleted"], serde_json::json!([id(&keys[1])]));
    assert_eq!(seen["sdg6"], 10, "nine of the first 27, and the newest");
    assert_eq!(seen["get_record"]["identifier"], id(&keys[0]));
    assert_eq!(seen["get_record"]["title"], serde_json::json!(["Practice number 0"]));
    assert_eq!(seen["get_deleted_record"], serde_json::json!({"identifier": id(&keys[1]), "deleted": true}));

    // The rich format: the same 28 records over two pages each way, and
    // the typed fields of the newest exactly as the API and its history say.
    assert_eq!((seen["rich_identifiers"].as_i64(), seen["rich_identifier_pages"].as_i64()), (Some(28), Some(2)));
    assert_eq!((seen["rich_records"].as_i64(), seen["rich_record_pages"].as_i64()), (Some(28), Some(2)), "{seen}");
    assert_eq!((seen["rich_deleted_records"].as_i64(), seen["rich_live_with_author"].as_i64()), (Some(1), Some(27)));
    assert_eq!(seen["rich_incremental"], serde_json::json!(expected), "from={since} in the rich format too");
    assert_eq!(seen["rich_record_listed_alike"], true, "GetRecord and ListRecords agree");
    assert_eq!(seen["rich_deleted_has_no_metadata"], true);
    let rich = &seen["rich_record"];
    let (_, history) = fetch_json(&node.url(&format!("/practices/{newest_key}/history"))).await;
    let current = history["current_version"].as_i64().expect("current version");
    assert!(current >= 2, "published, then edited: {history}");
    assert_eq!(rich["version"]["number"], current.to_string(), "{rich}");
    assert_eq!(rich["version"]["permalink"], format!("{}/v/{current}", newest["url"].as_str().expect("url")));
    assert_eq!(rich["version"]["history"], node.url(&format!("/practices/{newest_key}/history")));
    let (status, _) = fetch_json(rich["version"]["permalink"].as_str().expect("permalink")).await;
    assert_eq!(status, 200, "the permalink answers");
    assert_eq!((&rich["identifier"], &rich["url"]), (&newest["id"], &newest["url"]));
    assert_eq!((rich["title"].as_str(), rich["title_lang"].as_str()), (Some("Rain gardens, region-wide"), Some("en")));
    assert_eq!((rich["language"].as_str(), rich["kind"].as_str()), (Some("en"), Some("case_study")));
    assert_eq!((&rich["sdgs"], &rich["mdgs"]), (&serde_json::json!([6, 11]), &serde_json::json!([1, 7])));
    assert_eq!(rich["place"], serde_json::json!({"element": "region", "code": "001", "name": "World"}), "no country");
    assert_eq!(rich["period"], serde_json::json!({"start": "2015-03-01", "end": "2024-06-30"}));
    assert_eq!(rich["license"], "CC-BY-SA-4.0");
    assert_eq!(
        rich["author"],
        serde_json::json!({"actor": node.url("/actors/seoul"), "kind": "city", "page": node.url("/actors/seoul"), "name": "Seoul"}),
        "{rich}"
    );
    assert_eq!(
        rich["translations"],
        serde_json::json!([
            {"lang": "fr", "status": "machine", "engine": "LibreTranslate", "translator": "Kim Min-ji", "title": "Jardins de pluie"},
            {"lang": "ko", "status": "human", "title": "빗물 정원"},
        ])
    );
    let endorsements = rich["endorsements"].as_array().expect("endorsements");
    assert_eq!(endorsements.len(), 1, "{rich}");
    assert_eq!(
        (endorsements[0]["type"].as_str(), endorsements[0]["actor"].as_str(), endorsements[0]["kind"].as_str()),
        (Some("relayed"), Some(relayed_by.as_str()), Some("association")),
        "{rich}"
    );
    let attachment = &rich["attachments"][0];
    assert_eq!(rich["attachments"].as_array().map(Vec::len), Some(1), "{rich}");
    assert_eq!(
        (attachment["mediaType"].as_str(), attachment["text"].as_str()),
        (Some("application/pdf"), Some("Budget"))
    );
    assert_eq!(attachment["size"], newest_pdf().len().to_string());
    assert_eq!(attachment["sha256"], ecities_core::media::ContentHash::of(&newest_pdf()).hex());
    assert_eq!(rich["adopted_from"], serde_json::json!([node.url(&format!("/practices/{}", keys[0]))]));
    // Every answer above validated against the OAI-PMH and oai_dc schemas
    // (the script stops at the first that does not): each verb, a list
    // across a resumption token, and each protocol error.
    let validated = seen["validated"].as_object().expect("validated answers");
    for verb in [
        "Identify",
        "ListMetadataFormats",
        "ListSets",
        "ListIdentifiers",
        "ListRecords",
        "GetRecord",
        "GetRecord/cannotDisseminateFormat",
        "none/badVerb",
        "Harvest/badVerb",
        "Identify/badArgument",
        "ListRecords/badArgument",
        "GetRecord/idDoesNotExist",
        "GetRecord/cannotDisseminateFormat",
        "ListRecords/noRecordsMatch",
        "ListIdentifiers/noRecordsMatch",
        "ListRecords/badResumptionToken",
        "ListSets/badResumptionToken",
        "ListMetadataFormats/idDoesNotExist",
    ] {
        assert!(validated.get(verb).and_then(|n| n.as_i64()).is_some_and(|n| n > 0), "{verb} validated: {validated:?}");
    }
    assert_eq!(
        validated["ListRecords"].as_i64(),
        Some(4),
        "each page past the resumption token, oai_dc and ecities: {validated:?}"
    );
    assert_eq!(
        validated["ListIdentifiers"].as_i64(),
        Some(7),
        "both formats whole (two pages each) and from a date, and one set: {validated:?}"
    );
    for (code, class) in [
        ("idDoesNotExist", "IdDoesNotExist"),
        ("cannotDisseminateFormat", "CannotDisseminateFormat"),
        ("noRecordsMatch", "NoRecordsMatch"),
        ("badResumptionToken", "BadResumptionToken"),
        ("badArgument", "BadArgument"),
    ] {
        assert_eq!(seen["errors"][code], class, "{seen}");
    }
    drop(node);
    env.cleanup().await;
}

/// A small well-formed PDF, the attachment of the rich record.
fn newest_pdf() -> Vec<u8> {
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n".to_vec()
}

/// Publishes a practice with every typed field the `ecities` format
/// carries — a region instead of a country, MDGs, a period, a human and a
/// machine translation, a license, an attachment, the practice it adapted
/// — relayed by an association on the same node that follows the city, then
/// edited once (version 2). Answers the practice and the association's URL.
async fn publish_with_every_typed_field(
    env: &NodeEnv,
    node: &support::Node,
    api: &Api,
    adapted: &str,
) -> (serde_json::Value, String) {
    env.run_ok(&["actor", "create", "--kind", "association", "--name", "korea", "--display-name", "Korea cities"]);
    let association = Api::new(node, &env.run_ok(&["token", "create", "--actor", "korea"]));
    let seoul = node.url("/actors/seoul");
    let (status, body) =
        association.send(reqwest::Method::POST, "/api/v1/follows", serde_json::json!({ "target": seoul })).await;
    assert!(status == 202 || status == 200, "{body}");
    support::eventually("the association follows Seoul", std::time::Duration::from_secs(30), &[node], || async {
        let (_, f) = association.get("/api/v1/follows").await;
        f["items"].as_array()?.iter().find(|i| i["actor"] == seoul.as_str() && i["state"] == "accepted").map(|_| ())
    })
    .await;

    let (status, created) = api
        .send(
            reqwest::Method::POST,
            "/api/v1/practices",
            serde_json::json!({
                "title": "Rain gardens", "summary": "Streets that drink the rain.", "content": "Kerbs cut open.",
                "language": "en", "kind": "case_study", "sdgs": [11, 6], "mdgs": [7, 1], "region": "001",
                "period_start": "2015-03-01", "period_end": "2024-06-30", "license": "CC-BY-SA-4.0",
                "adopted_from": [node.url(&format!("/practices/{adapted}"))],
                "translations": {
                    "ko": { "title": "빗물 정원", "summary": "비를 마시는 거리." },
                    "fr": { "title": "Jardins de pluie", "summary": "Des rues qui boivent la pluie.",
                            "status": "machine", "engine": "LibreTranslate", "translator": "Kim Min-ji" },
                },
            }),
        )
        .await;
    assert_eq!(status, 201, "{created}");
    let key = created["key"].as_str().expect("key").to_owned();
    let boundary = "ecities-oai-test-boundary";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"alt\"\r\n\r\nBudget\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"budget.pdf\"\r\nContent-Type: application/pdf\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(&newest_pdf());
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let resp = reqwest::Client::new()
        .post(node.url(&format!("/api/v1/practices/{key}/attachments")))
        .bearer_auth(&api.token)
        .header("Content-Type", format!("multipart/form-data; boundary={boundary}"))
        .body(body)
        .send()
        .await
        .expect("upload");
    assert_eq!(resp.status(), 201, "{}", resp.text().await.unwrap_or_default());
    let (status, edited) = api
        .send(
            reqwest::Method::PATCH,
            &format!("/api/v1/practices/{key}"),
            serde_json::json!({"title": "Rain gardens, region-wide"}),
        )
        .await;
    assert_eq!(status, 200, "{edited}");
    let relayed =
        support::eventually("the association relays it", std::time::Duration::from_secs(30), &[node], || async {
            let (_, p) = api.get(&format!("/api/v1/practices/{key}")).await;
            p["relayed_by"].as_array().filter(|r| !r.is_empty()).map(|r| r[0].as_str().unwrap_or("").to_owned())
        })
        .await;
    (edited, relayed)
}

#[tokio::test]
async fn a_real_oai_pmh_client_harvests_every_record_through_resumption_tokens_on_sqlite() {
    a_real_oai_pmh_client_harvests_every_record(Backend::Sqlite).await;
}

#[tokio::test]
async fn a_real_oai_pmh_client_harvests_every_record_through_resumption_tokens_on_postgres() {
    a_real_oai_pmh_client_harvests_every_record(Backend::Postgres).await;
}

// ------------------------------------------------- sitemap, catalogue, robots

async fn search_engines_and_catalogues_find_the_public_practices(backend: Backend) {
    let Some((env, node, api)) = city_node(backend).await else { return };
    let kept = publish(&api, "Rain gardens for every district", &[6], "best_practice").await;
    let gone = publish(&api, "A practice withdrawn later", &[11], "policy").await;
    let (status, _) = api
        .send(
            reqwest::Method::DELETE,
            &format!("/api/v1/practices/{}", gone["key"].as_str().expect("key")),
            serde_json::json!({}),
        )
        .await;
    assert_eq!(status, 204);
    let kept_url = kept["url"].as_str().expect("url");

    let resp = reqwest::get(node.url("/sitemap.xml")).await.expect("GET");
    assert_eq!(resp.status(), 200);
    assert!(resp.headers()["content-type"].to_str().expect("type").starts_with("application/xml"));
    let sitemap = resp.text().await.expect("body");
    assert_well_formed(&sitemap);
    assert!(sitemap.contains(r#"<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">"#), "{sitemap}");
    assert!(sitemap.contains(&format!("<loc>{kept_url}</loc>")), "the public practice is listed: {sitemap}");
    assert!(!sitemap.contains(gone["url"].as_str().expect("url")), "a deleted practice is not: {sitemap}");
    assert!(sitemap.contains(&format!("<loc>{}</loc>", node.url("/actors/seoul"))), "the city's page: {sitemap}");
    assert!(sitemap.contains(&format!("<loc>{}</loc>", node.url("/topics"))), "{sitemap}");
    let lastmod = sitemap.split(&format!("<loc>{kept_url}</loc>")).nth(1).and_then(|r| r.split("<lastmod>").nth(1));
    assert!(lastmod.is_some_and(|l| l.starts_with(&chrono::Utc::now().format("%Y-%m-%dT").to_string())), "{sitemap}");

    let (status, robots) = fetch(&node.url("/robots.txt"), "*/*").await;
    assert_eq!(status, 200);
    assert!(robots.contains(&format!("Sitemap: {}", node.url("/sitemap.xml"))) && robots.contains("Disallow: /admin"));

    let resp = reqwest::get(node.url("/catalog.jsonld")).await.expect("GET");
    assert_eq!(resp.status(), 200);
    assert!(resp.headers()["content-type"].to_str().expect("type").starts_with("application/ld+json"));
    let catalog: serde_json::Value = resp.json().await.expect("JSON-LD");
    assert_eq!(catalog["@type"], "dcat:Catalog");
    assert_eq!(catalog["@context"]["dcat"], "http://www.w3.org/ns/dcat#");
    let datasets = catalog["dcat:dataset"].as_array().expect("datasets");
    assert_eq!(datasets.len(), 2, "the node's collection and Seoul's: {catalog}");
    let all = &datasets[0];
    assert_eq!(all["@type"], "dcat:Dataset");
    let accesses: Vec<&str> = all["dcat:distribution"]
        .as_array()
        .expect("distributions")
        .iter()
        .filter_map(|d| d["dcat:accessURL"].as_str())
        .collect();
    assert!(accesses.iter().any(|a| a.starts_with(&node.url("/oai?verb=ListRecords"))), "{accesses:?}");
    assert!(accesses.iter().any(|a| a.contains("/feeds/practices.atom")), "{accesses:?}");
    assert_eq!(datasets[1]["dct:publisher"]["foaf:name"], "Seoul");
    assert!(
        datasets[1]["dct:description"].as_str().expect("text").contains("(now 1)"),
        "the deleted one is not counted"
    );
    assert_eq!(catalog["dcat:service"][0]["dcat:endpointURL"], node.url("/oai"));

    // The about page points harvesters to all three.
    let (_, about) = fetch(&node.url("/about"), BROWSER).await;
    let about = about.replace("&#x2f;", "/");
    for link in ["/oai?verb=Identify", "/catalog.jsonld", "/sitemap.xml"] {
        assert!(about.contains(&format!("href=\"{link}\"")), "{link}: {about}");
    }
    drop(node);
    env.cleanup().await;
}

#[tokio::test]
async fn search_engines_and_catalogues_find_the_public_practices_on_sqlite() {
    search_engines_and_catalogues_find_the_public_practices(Backend::Sqlite).await;
}

#[tokio::test]
async fn search_engines_and_catalogues_find_the_public_practices_on_postgres() {
    search_engines_and_catalogues_find_the_public_practices(Backend::Postgres).await;
}
