//! Revision history of a local practice: `GET /practices/{key}/history`
//! (every version) and `GET /practices/{key}/v/{n}` (one immutable,
//! citable version), each an HTML page for browsers and JSON for
//! `Accept: application/json`. The versions are written by the store with
//! every publication and edit (`PracticeStore::practice_versions`); a
//! deleted practice hides its history (410, like the practice).

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use ecities_core::actor::Actor;
use ecities_core::practice::Practice;
use ecities_core::store::PracticeVersion;
use minijinja::context;
use serde_json::{Value, json};

use crate::AppState;
use crate::error::{ApiError, ApiResult};
use crate::pages;

pub(crate) fn routes() -> Router<AppState> {
    Router::new().route("/practices/{key}/history", get(history)).route("/practices/{key}/v/{n}", get(version))
}

/// Whether the request asks for JSON rather than a page: an `Accept`
/// naming `application/json` (or any `+json` type) before `text/html`.
pub(crate) fn wants_json(headers: &HeaderMap) -> bool {
    let accept = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()).unwrap_or("");
    let json = accept.find("application/json").or_else(|| accept.find("+json"));
    match (json, accept.find("text/html")) {
        (Some(j), Some(h)) => j < h,
        (Some(_), None) => true,
        _ => false,
    }
}

/// The permanent address of version `n` of a practice.
pub(crate) fn version_url(p: &Practice, n: i64) -> String {
    format!("{}/v/{n}", p.url.as_str().trim_end_matches('/'))
}

pub(crate) fn history_url(p: &Practice) -> String {
    format!("{}/history", p.url.as_str().trim_end_matches('/'))
}

/// How to cite a version: author, title, version and date, permalink.
pub(crate) fn citation(author: &Actor, v: &PracticeVersion, p: &Practice) -> String {
    let who = author.display_name.as_deref().unwrap_or(&author.name);
    let date = v.dated().to_datetime().format("%Y-%m-%d");
    format!("{who}. “{}”. Version {} ({date}). {}", v.practice.title, v.number, version_url(p, v.number))
}

/// A local practice by key, its author and its versions; 404 when unknown,
/// 410 once deleted (the history goes with the practice).
async fn local_practice(state: &AppState, key: &str) -> ApiResult<(Practice, Actor, Vec<PracticeVersion>)> {
    let p = state
        .store
        .practice_by_key(key)
        .await?
        .filter(|p| p.local && p.is_public())
        .ok_or_else(|| ApiError::not_found(format!("practice '{key}' not found")))?;
    if p.is_deleted() {
        return Err(ApiError::new(StatusCode::GONE, "gone", "this practice was deleted, and its history with it"));
    }
    let author = state.store.actor(p.author).await?;
    let versions = state.store.practice_versions(p.id).await?;
    Ok((p, author, versions))
}

/// 410 as a page for a browser, JSON otherwise.
async fn gone_for(state: &AppState, key: &str, headers: &HeaderMap, e: ApiError) -> Response {
    if e.status == StatusCode::GONE
        && !wants_json(headers)
        && let Ok(Some(p)) = state.store.practice_by_key(key).await
    {
        return pages::gone_page(&p);
    }
    e.into_response()
}

async fn history(State(state): State<AppState>, Path(key): Path<String>, headers: HeaderMap) -> Response {
    let (p, author, versions) = match local_practice(&state, &key).await {
        Ok(found) => found,
        Err(e) => return gone_for(&state, &key, &headers, e).await,
    };
    let latest = versions.last().map(|v| v.number).unwrap_or(0);
    if wants_json(&headers) {
        return axum::Json(json!({
            "practice": p.ap_id,
            "url": p.url,
            "history": history_url(&p),
            "title": p.title,
            "author": author.url,
            "current_version": latest,
            "versions": versions.iter().map(|v| json!({
                "version": v.number,
                "url": version_url(&p, v.number),
                "title": v.practice.title,
                "date": v.dated().to_rfc3339(),
                "recorded": v.recorded_at.to_rfc3339(),
            })).collect::<Vec<_>>(),
        }))
        .into_response();
    }
    pages::render(
        StatusCode::OK,
        "history.html",
        context! {
            title => p.title,
            url => p.url.as_str(),
            author_name => author.display_name.as_deref().unwrap_or(&author.name),
            author_url => author.profile_url.as_ref().unwrap_or(&author.url).as_str(),
            versions => versions.iter().rev().map(|v| context! {
                number => v.number,
                url => version_url(&p, v.number),
                title => v.practice.title,
                date => v.dated().to_rfc3339(),
                current => v.number == latest,
            }).collect::<Vec<_>>(),
        },
    )
}

/// The JSON of one version: the practice's API view as it was, with the
/// version's number, permalink and citation.
pub(crate) fn version_value(p: &Practice, author: &Actor, v: &PracticeVersion, latest: i64) -> Value {
    let mut value = crate::practices::practice_value(&v.practice, author, &[]);
    value["version"] = json!(v.number);
    value["current_version"] = json!(latest);
    value["permalink"] = json!(version_url(p, v.number));
    value["history"] = json!(history_url(p));
    value["date"] = json!(v.dated().to_rfc3339());
    value["recorded"] = json!(v.recorded_at.to_rfc3339());
    value["cite_as"] = json!(citation(author, v, p));
    if let Some(obj) = value.as_object_mut() {
        // A version carries no provenance of its own: relays are of the
        // practice, not of one text.
        obj.remove("relayed_by");
        obj.remove("provenance");
    }
    value
}

async fn version(
    State(state): State<AppState>,
    Path((key, n)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    let (p, author, versions) = match local_practice(&state, &key).await {
        Ok(found) => found,
        Err(e) => return gone_for(&state, &key, &headers, e).await,
    };
    let latest = versions.last().map(|v| v.number).unwrap_or(0);
    let Some(v) = n.parse::<i64>().ok().and_then(|n| versions.iter().find(|v| v.number == n)) else {
        return ApiError::not_found(format!("practice '{key}' has no version '{n}' (it has 1 to {latest})"))
            .into_response();
    };
    if wants_json(&headers) {
        return axum::Json(version_value(&p, &author, v, latest)).into_response();
    }
    let d = &v.practice.details;
    let mut resp = pages::render(
        StatusCode::OK,
        "version.html",
        context! {
            lang => v.practice.language.as_ref().map(|l| l.to_string()).unwrap_or_else(|| "en".into()),
            number => v.number,
            latest => latest,
            date => v.dated().to_rfc3339(),
            url => p.url.as_str(),
            history => history_url(&p),
            permalink => version_url(&p, v.number),
            previous => (v.number > 1).then(|| version_url(&p, v.number - 1)),
            next => (v.number < latest).then(|| version_url(&p, v.number + 1)),
            cite => citation(&author, v, &p),
            title => v.practice.title,
            summary => v.practice.summary,
            content => v.practice.content_html.as_str(),
            kind => pages::kind_label(v.practice.kind),
            author_name => author.display_name.as_deref().unwrap_or(&author.name),
            author_url => author.profile_url.as_ref().unwrap_or(&author.url).as_str(),
            country => v.practice.country.as_ref().map(|c| c.info().name.clone()),
            sdgs => v.practice.sdgs.iter().map(|s| context! { number => s.number(), name => s.short_name() }).collect::<Vec<_>>(),
            license => d.license,
        },
    );
    // A version never changes: caches may keep it (a day; the practice
    // could still be deleted, which hides it).
    resp.headers_mut().insert(header::CACHE_CONTROL, header::HeaderValue::from_static("public, max-age=86400"));
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    fn accept(value: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::ACCEPT, value.parse().expect("header"));
        h
    }

    #[test]
    fn programs_asking_for_json_get_json_and_browsers_get_pages() {
        assert!(wants_json(&accept("application/json")));
        assert!(wants_json(&accept("application/ld+json")));
        assert!(wants_json(&accept("application/json, text/html;q=0.5")));
        assert!(!wants_json(&accept("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")));
        assert!(!wants_json(&accept("*/*")));
        assert!(!wants_json(&HeaderMap::new()));
    }
}
