//! What search engines and catalogues read: `GET /sitemap.xml` (the node's
//! public pages with the time each last changed), `GET /catalog.jsonld` (a
//! DCAT-AP catalogue of the node's practices) and `GET /robots.txt`
//! (which names the sitemap). OAI-PMH is `oai.rs`. docs/RECORDS.md
//! describes them.
//!
//! The catalogue's shape: practices are documents, not datasets, so each
//! *collection* is a `dcat:Dataset` — the node's whole collection, and
//! one per local actor (a city's own practices, published by it) — with
//! distributions for the ways to take it (Atom feed, JSON API search,
//! OAI-PMH), and the OAI-PMH endpoint is also a `dcat:DataService`. Topics (saved
//! searches) publish nothing of their own and have no dataset.

use axum::Router;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use ecities_core::actor::{Actor, ActorKind};
use ecities_core::store::{HarvestQuery, HarvestRecord, MAX_PAGE_SIZE};
use ecities_core::time::Timestamp;
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};
use serde_json::{Value, json};

use crate::AppState;
use crate::error::{ApiError, ApiResult};

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/sitemap.xml", get(sitemap))
        .route("/catalog.jsonld", get(catalog))
        .route("/robots.txt", get(robots))
}

/// Most URLs one sitemap may list (sitemaps.org); a larger node would need
/// a sitemap index (not yet: the newest changes are kept).
const MAX_SITEMAP_URLS: usize = 50_000;

/// Every live (not deleted) local practice, oldest change first, with the
/// time it last changed; at most `cap`, the most recently changed kept.
async fn live_practices(state: &AppState, cap: usize) -> ApiResult<Vec<HarvestRecord>> {
    let mut all = Vec::new();
    let mut after = None;
    loop {
        let page =
            state.store.harvest_practices(&HarvestQuery { after, limit: MAX_PAGE_SIZE, ..Default::default() }).await?;
        let Some(last) = page.last() else { break };
        after = Some((last.changed_at, last.practice.id));
        let full = page.len() == MAX_PAGE_SIZE as usize;
        all.extend(page.into_iter().filter(|r| !r.practice.is_deleted()));
        if all.len() > cap {
            all.drain(..all.len() - cap);
        }
        if !full {
            break;
        }
    }
    Ok(all)
}

/// The local actors that have public pages (every kind: cities,
/// associations, knowledge spaces, topics).
async fn public_actors(state: &AppState) -> ApiResult<Vec<Actor>> {
    Ok(state.store.local_actors().await?)
}

fn w3c_time(t: Timestamp) -> String {
    t.to_datetime().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

async fn sitemap(State(state): State<AppState>) -> ApiResult<Response> {
    let base = state.urls.base().as_str().trim_end_matches('/').to_owned();
    let actors = public_actors(&state).await?;
    let fixed = ["/", "/about", "/topics", "/search"];
    let practices =
        live_practices(&state, MAX_SITEMAP_URLS - fixed.len() - actors.len().min(MAX_SITEMAP_URLS / 2)).await?;
    let newest = practices.iter().map(|r| r.changed_at).max();
    let mut urls: Vec<(String, Option<Timestamp>)> = fixed.iter().map(|p| (format!("{base}{p}"), None)).collect();
    urls[0].1 = newest;
    for a in actors.iter().take(MAX_SITEMAP_URLS / 2) {
        urls.push((a.profile_url.as_ref().unwrap_or(&a.url).to_string(), Some(a.updated_at)));
    }
    for r in practices.iter().rev() {
        urls.push((r.practice.url.to_string(), Some(r.changed_at)));
    }
    let xml = write_sitemap(&urls).map_err(|e| {
        tracing::error!(error = %e, "sitemap could not be written");
        ApiError::new(axum::http::StatusCode::INTERNAL_SERVER_ERROR, "internal_error", "the sitemap failed")
    })?;
    Ok(([(header::CONTENT_TYPE, "application/xml; charset=utf-8")], xml).into_response())
}

fn write_sitemap(urls: &[(String, Option<Timestamp>)]) -> std::io::Result<Vec<u8>> {
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 1);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    w.create_element("urlset")
        .with_attribute(("xmlns", "http://www.sitemaps.org/schemas/sitemap/0.9"))
        .write_inner_content(|w| {
            for (loc, lastmod) in urls {
                w.create_element("url").write_inner_content(|w| {
                    w.create_element("loc").write_text_content(BytesText::new(loc))?;
                    if let Some(t) = lastmod {
                        w.create_element("lastmod").write_text_content(BytesText::new(&w3c_time(*t)))?;
                    }
                    Ok(())
                })?;
            }
            Ok(())
        })?;
    Ok(w.into_inner())
}

async fn robots(State(state): State<AppState>) -> Response {
    let base = state.urls.base().as_str().trim_end_matches('/');
    let text = format!(
        "# The node's public pages may be indexed; the admin and the API are not pages.\n\
         User-agent: *\nDisallow: /admin\nDisallow: /api/\n\nSitemap: {base}/sitemap.xml\n"
    );
    ([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], text).into_response()
}

/// Where the DCAT-AP terms live.
fn dcat_context() -> Value {
    json!({
        "dcat": "http://www.w3.org/ns/dcat#",
        "dct": "http://purl.org/dc/terms/",
        "foaf": "http://xmlns.com/foaf/0.1/",
        "vcard": "http://www.w3.org/2006/vcard/ns#",
        "xsd": "http://www.w3.org/2001/XMLSchema#",
        "dct:issued": {"@type": "xsd:dateTime"},
        "dct:modified": {"@type": "xsd:dateTime"},
        "dcat:accessURL": {"@type": "@id"},
        "dcat:downloadURL": {"@type": "@id"},
        "dcat:endpointURL": {"@type": "@id"},
        "dcat:landingPage": {"@type": "@id"},
        "dcat:theme": {"@type": "@id"},
        "dct:conformsTo": {"@type": "@id"},
        "foaf:homepage": {"@type": "@id"},
    })
}

/// A distribution: one way to take a collection.
fn distribution(id: String, title: &str, access: String, media_type: &str, conforms_to: Option<&str>) -> Value {
    let mut d = json!({
        "@id": id,
        "@type": "dcat:Distribution",
        "dct:title": title,
        "dcat:accessURL": access,
        "dcat:mediaType": format!("https://www.iana.org/assignments/media-types/{media_type}"),
    });
    if let Some(spec) = conforms_to {
        d["dct:conformsTo"] = json!(spec);
    }
    d
}

async fn catalog(State(state): State<AppState>) -> ApiResult<Response> {
    let base = state.urls.base().as_str().trim_end_matches('/').to_owned();
    let site = crate::site::current();
    let practices = live_practices(&state, usize::MAX).await?;
    let actors = public_actors(&state).await?;
    let oai = format!("{base}/oai");
    let node_agent = json!({"@id": format!("{base}/about"), "@type": "foaf:Agent", "foaf:name": site.name});
    let oai_distribution = |id: String, query: String| {
        distribution(
            id,
            "OAI-PMH 2.0 (oai_dc)",
            format!("{oai}?verb=ListRecords&metadataPrefix=oai_dc{query}"),
            "text/xml",
            Some("http://www.openarchives.org/OAI/2.0/openarchivesprotocol.htm"),
        )
    };

    let modified = practices.iter().map(|r| r.changed_at).max();
    let mut themes: Vec<u8> = practices.iter().flat_map(|r| r.practice.sdgs.iter().map(|g| g.number())).collect();
    themes.sort_unstable();
    themes.dedup();
    let all_id = format!("{base}/catalog.jsonld#practices");
    let mut datasets = vec![json!({
        "@id": all_id,
        "@type": "dcat:Dataset",
        "dct:title": format!("Practices published on {}", site.name),
        "dct:description": "Good practices, lessons learned, case studies and policies written by the cities and organisations of this node, one record per practice, each with its revision history.",
        "dct:publisher": node_agent,
        "dcat:landingPage": format!("{base}/search?source=local"),
        "dcat:keyword": themes.iter().map(|n| format!("SDG {n}")).collect::<Vec<_>>(),
        "dct:modified": modified.map(w3c_time),
        "dcat:distribution": [
            distribution(format!("{all_id}-atom"), "Atom feed (newest 50)", format!("{base}/feeds/practices.atom?source=local"), "application/atom+xml", None),
            distribution(format!("{all_id}-json"), "JSON search API", format!("{base}/api/v1/practices?source=local"), "application/json", Some(&format!("{base}/api/v1/openapi.json"))),
            oai_distribution(format!("{all_id}-oai"), String::new()),
            distribution(format!("{all_id}-sitemap"), "Sitemap", format!("{base}/sitemap.xml"), "application/xml", Some("https://www.sitemaps.org/protocol.html")),
        ],
    })];
    for a in actors.iter().filter(|a| a.kind != ActorKind::Topic) {
        let own: Vec<&HarvestRecord> = practices.iter().filter(|r| r.practice.author == a.id).collect();
        if own.is_empty() {
            continue;
        }
        let name = a.display_name.as_deref().unwrap_or(&a.name);
        let page = a.profile_url.as_ref().unwrap_or(&a.url).to_string();
        let id = format!("{base}/catalog.jsonld#actor-{}", a.name);
        let mut d = json!({
            "@id": id,
            "@type": "dcat:Dataset",
            "dct:title": format!("Practices of {name}"),
            "dct:description": format!("Practices {name} published on this node (now {}).", own.len()),
            "dct:publisher": {"@id": a.url, "@type": "foaf:Agent", "foaf:name": name, "foaf:homepage": page},
            "dcat:landingPage": page,
            "dct:modified": own.iter().map(|r| r.changed_at).max().map(w3c_time),
            "dcat:distribution": [
                distribution(format!("{id}-atom"), "Atom feed", format!("{}/feed.atom", a.url), "application/atom+xml", None),
                distribution(format!("{id}-json"), "JSON search API", format!("{base}/api/v1/practices?actor={}", a.url), "application/json", None),
            ],
        });
        if let Some(c) = &a.country {
            d["dct:spatial"] = json!({"@type": "dct:Location", "dct:identifier": c.code(), "dct:title": c.info().name});
        }
        datasets.push(d);
    }
    let body = json!({
        "@context": dcat_context(),
        "@id": format!("{base}/catalog.jsonld"),
        "@type": "dcat:Catalog",
        "dct:title": site.name,
        "dct:description": site.description.clone().unwrap_or_else(|| "A node of the e-Cities Network: practices of cities and organisations for the Sustainable Development Goals.".into()),
        "dct:publisher": {"@id": format!("{base}/about"), "@type": "foaf:Agent", "foaf:name": site.name},
        "foaf:homepage": format!("{base}/"),
        "dct:modified": modified.map(w3c_time),
        "dcat:dataset": datasets,
        "dcat:service": [{
            "@id": format!("{base}/catalog.jsonld#oai-pmh"),
            "@type": "dcat:DataService",
            "dct:title": "OAI-PMH 2.0 repository",
            "dcat:endpointURL": oai,
            "dcat:endpointDescription": format!("{oai}?verb=Identify"),
            "dct:conformsTo": "http://www.openarchives.org/OAI/2.0/openarchivesprotocol.htm",
            "dcat:servesDataset": {"@id": all_id},
        }],
    });
    Ok(([(header::CONTENT_TYPE, "application/ld+json; charset=utf-8")], body.to_string()).into_response())
}
