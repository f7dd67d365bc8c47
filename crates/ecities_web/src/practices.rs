//! Practices: the REST API (`/api/v1/practices`), the practice page
//! (`/practices/{key}`: HTML, 410 once deleted) and its citizen question
//! form (`POST /practices/{key}/questions`, when the author turned it on). Its `Article` for
//! ActivityPub is served by `ecities_federation::http` at the same URL; the
//! binary chooses by the `Accept` header.

use axum::Router;
use axum::extract::{Path, Query, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use ecities_core::actor::Actor;
use ecities_core::hub::{Endorsement, Relay};
use ecities_core::practice::{Practice, PracticeInput};
use ecities_core::store::{Facets, Page, PracticeQuery, SearchOrder};
use ecities_core::usecases::practices;
use serde::Deserialize;
use serde_json::{Value, json};

use crate::AppState;
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, Caller, MaybeCaller, Member, Search};
use crate::pages;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/practices", get(search).post(create))
        .route("/api/v1/practices/{id}", get(show).patch(update).delete(remove))
        .route("/practices/{key}", get(page))
        .route("/practices/{key}/questions", axum::routing::post(ask_question))
        .route("/search", get(search_html))
        .route("/", get(home))
}

/// The API view of one practice, with its provenance and what
/// associations decided about it (`moderation`).
pub async fn practice_json(state: &AppState, p: &Practice) -> ApiResult<Value> {
    let author = state.store.actor(p.author).await?;
    let relays = state.store.relays(p.id).await?;
    let mut value = practice_value(p, &author, &relays);
    let decisions = state.store.moderation_of(p.id).await?;
    value["moderation"] = decisions
        .iter()
        .map(|(d, a)| {
            json!({
                "association": a.url, "state": d.state.as_str(), "reason": d.reason, "at": d.at.to_rfc3339(),
            })
        })
        .collect();
    value["adopted_by"] = adopted_by_json(&state.store.adopted_by(&practice_urls(p)).await?);
    value["related"] = related_json(&ecities_core::usecases::related::related(state.store.as_ref(), p).await?);
    if p.local {
        // Counted only where the practice lives: likes and boosts go to its origin.
        let r = state.store.reactions(&[p.id]).await?.first().map(|(_, r)| *r).unwrap_or_default();
        value["engagement"] = json!({ "likes": r.likes, "boosts": r.boosts });
    }
    Ok(value)
}

/// The URLs another practice may name this one by: its id and its page.
pub(crate) fn practice_urls(p: &Practice) -> Vec<url::Url> {
    let mut urls = vec![p.ap_id.clone()];
    if p.url != p.ap_id {
        urls.push(p.url.clone());
    }
    urls
}

/// `related`: practices sharing goals, themes or words, best first.
fn related_json(related: &[Practice]) -> Value {
    related
        .iter()
        .map(|r| {
            json!({
                "id": r.ap_id, "url": r.url, "title": r.title, "language": r.language.as_ref().map(|l| l.to_string()),
                "sdgs": r.sdgs.iter().map(|s| s.number()).collect::<Vec<_>>(),
                "mdgs": r.details.mdgs.iter().map(|m| m.number()).collect::<Vec<_>>(),
                "themes": r.details.themes.iter().map(|t| t.slug()).collect::<Vec<_>>(),
            })
        })
        .collect()
}

/// `adopted_by`: the practices that adapted this one, oldest first.
fn adopted_by_json(adoptions: &[ecities_core::store::Adoption]) -> Value {
    adoptions
        .iter()
        .map(|a| {
            json!({
                "practice": a.practice, "title": a.title, "actor": a.actor, "actor_name": a.actor_name,
                "country": a.country.as_ref().map(|c| c.code()), "at": a.at.to_rfc3339(),
            })
        })
        .collect()
}

/// `relays`: who relayed the practice, in order (its provenance chain).
pub fn practice_value(p: &Practice, author: &Actor, relays: &[(Relay, Actor)]) -> Value {
    let region = p.place_region();
    let d = &p.details;
    json!({
        "id": p.ap_id,
        "url": p.url,
        "key": p.key,
        "local": p.local,
        "title": p.title,
        "summary": p.summary,
        "content": p.content_html.as_str(),
        "content_markdown": p.content_markdown,
        "language": p.language.as_ref().map(|l| l.to_string()),
        "kind": p.kind.map(|k| k.as_str()),
        "sdgs": p.sdgs.iter().map(|s| s.number()).collect::<Vec<_>>(),
        "mdgs": d.mdgs.iter().map(|m| m.number()).collect::<Vec<_>>(),
        "country": p.country.as_ref().map(|c| c.code()),
        "region": region.map(|r| json!({"code": r.code, "name": r.name})),
        "themes": d.themes.iter().map(|t| t.slug()).collect::<Vec<_>>(),
        "problem": d.problem, "solution": d.solution, "results": d.results, "lessons": d.lessons,
        "links": d.links, "license": d.license,
        "period_start": d.period_start.map(|x| x.to_string()), "period_end": d.period_end.map(|x| x.to_string()),
        "source_url": d.source_url,
        "attachments": d.attachments.iter().map(crate::media::attachment_value).collect::<Vec<_>>(),
        "adopted_from": d.adopted_from,
        "audience": audience_value(&d.audience),
        "publish_at": d.publish_at.map(|t| t.to_rfc3339()),
        "embargoed": p.embargoed,
        "language_status": "original",
        "translations": p.translations.iter().map(|(l, t)| (l.to_string(), json!({
            "title": t.title, "summary": t.summary, "content": t.content_html.as_str(),
            "status": t.status.as_str(), "engine": t.engine, "translator": t.translator,
        }))).collect::<serde_json::Map<_, _>>(),
        "author": author.url,
        "author_handle": author.handle(),
        "relayed_by": relays.iter().map(|(_, a)| a.url.as_str()).collect::<Vec<_>>(),
        "provenance": relays.iter().map(|(r, a)| json!({
            "actor": a.url, "handle": a.handle(), "kind": a.kind.as_str(),
            "approved": r.approved, "relayed": r.relayed_at.to_rfc3339(),
        })).collect::<Vec<_>>(),
        "published": p.published_at.to_rfc3339(),
        "updated": p.updated_at.map(|u| u.to_rfc3339()),
        "chain": chain_value(p, author, relays),
    })
}

/// `"public"`, `"followers"` or the list of actor URLs addressed.
pub fn audience_value(a: &ecities_core::practice::PracticeAudience) -> Value {
    use ecities_core::practice::PracticeAudience;
    match a {
        PracticeAudience::Public => json!("public"),
        PracticeAudience::Followers => json!("followers"),
        PracticeAudience::Named(list) => json!(list),
    }
}

/// Written by, approved by, featured by, with dates: the author, then each
/// endorsement in the order this node recorded it.
fn chain_value(p: &Practice, author: &Actor, relays: &[(Relay, Actor)]) -> Vec<Value> {
    let link = |role: &str, a: &Actor, at: ecities_core::time::Timestamp| {
        json!({ "role": role, "actor": a.url, "handle": a.handle(),
                "name": a.display_name.as_deref().unwrap_or(&a.name), "at": at.to_rfc3339() })
    };
    std::iter::once(link("written", author, p.published_at))
        .chain(relays.iter().filter_map(|(r, a)| Some(link(Endorsement::of(r, a)?.as_str(), a, r.relayed_at))))
        .collect()
}

async fn create(
    State(state): State<AppState>,
    Member { who, actor: author }: Member,
    ApiJson(input): ApiJson<PracticeInput>,
) -> ApiResult<Response> {
    let practice = practices::publish(state.ports(), &who, &author, &input).await?;
    Ok((
        StatusCode::CREATED,
        [(axum::http::header::LOCATION, practice.url.to_string())],
        axum::Json(practice_value(&practice, &author, &[])),
    )
        .into_response())
}

async fn show(
    State(state): State<AppState>,
    MaybeCaller(who): MaybeCaller,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let p = practices::find(state.ports(), &id).await?;
    // Followers-only, named and embargoed practices: for those they are
    // for (and their editors) only; to anyone else they do not exist.
    if !practices::may_see(state.ports(), who.as_ref(), &p).await? {
        return Err(ApiError::not_found(format!("practice '{}' not found", id.trim())));
    }
    if p.is_deleted() {
        return Err(ApiError::new(StatusCode::GONE, "gone", "this practice was deleted"));
    }
    Ok(axum::Json(practice_json(&state, &p).await?).into_response())
}

async fn update(
    State(state): State<AppState>,
    Caller(who): Caller,
    Path(id): Path<String>,
    ApiJson(patch): ApiJson<PracticeInput>,
) -> ApiResult<Response> {
    let p = practices::find(state.ports(), &id).await?;
    let updated = practices::edit(state.ports(), &who, &p, &patch).await?;
    Ok(axum::Json(practice_json(&state, &updated).await?).into_response())
}

async fn remove(State(state): State<AppState>, Caller(who): Caller, Path(id): Path<String>) -> ApiResult<Response> {
    let p = practices::find(state.ports(), &id).await?;
    practices::retract(state.ports(), &who, &p).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// Search parameters of `GET /api/v1/practices` (and `/search`, the feeds,
/// the widget and the analytics): the core's search language.
pub use ecities_core::search::SearchParams;

/// The store's query for the search parameters; each bad one is a 400
/// naming it.
pub(crate) async fn to_query(state: &AppState, params: &SearchParams) -> ApiResult<PracticeQuery> {
    Ok(params.to_search()?.resolve(state.store.as_ref()).await?)
}

/// A practice with its author and its provenance chain.
pub(crate) type SearchRow = (Practice, Actor, Vec<(Relay, Actor)>);

/// One page of a search, with authors, provenance, the total and the
/// facets: what the API and the HTML search both show.
pub(crate) struct SearchResult {
    pub rows: Vec<SearchRow>,
    pub total: i64,
    pub facets: Value,
    /// `false` when the words were so common that only the newest matches
    /// were counted (`total` is then a lower bound).
    pub exact: bool,
    /// The cursor of the next page, when there may be one.
    pub next_before: Option<i64>,
    /// The order the results are in.
    pub sort: SearchOrder,
}

/// `surface` labels the search latency metric: `api` or `html`.
pub(crate) async fn run_search(
    state: &AppState,
    params: &SearchParams,
    surface: &'static str,
) -> ApiResult<SearchResult> {
    let query = to_query(state, params).await?;
    let page = params.page();
    let found = crate::observe::timed_search(surface, state.store.search(&query, page, true)).await?;
    let full = found.practices.len() == page.limit as usize;
    let next_before = match query.sort {
        SearchOrder::Newest => full.then(|| found.practices.last().map(|p| p.id.0)).flatten(),
        // By relevance the cursor counts the results shown so far.
        SearchOrder::Relevance => full.then(|| page.before.unwrap_or(0) + i64::from(page.limit)),
    };
    let ids: Vec<_> = found.practices.iter().map(|p| p.id).collect();
    let mut relays = state.store.relays_of(&ids).await?;
    let mut rows = Vec::with_capacity(found.practices.len());
    for (p, author) in crate::feeds::with_authors(state, found.practices).await? {
        let relayed = relays.remove(&p.id).unwrap_or_default();
        rows.push((p, author, relayed));
    }
    let facets = facets_json(state, &found.facets.unwrap_or_default()).await?;
    Ok(SearchResult { rows, total: found.total, exact: found.exact, facets, next_before, sort: query.sort })
}

/// The query string without its paging cursor.
fn query_without_cursor(raw: Option<&str>) -> Vec<&str> {
    raw.unwrap_or("").split('&').filter(|kv| !kv.is_empty() && !kv.starts_with("before=")).collect()
}

/// `{path}?{query}&before={cursor}`.
fn next_page(path: &str, raw: Option<&str>, before: i64) -> String {
    let mut q: String = query_without_cursor(raw).iter().map(|kv| format!("{kv}&")).collect();
    q.push_str(&format!("before={before}"));
    format!("{path}?{q}")
}

async fn search(State(state): State<AppState>, Search(params): Search, RawQuery(raw): RawQuery) -> ApiResult<Response> {
    let r = run_search(&state, &params, "api").await?;
    let words = params.q.as_deref().unwrap_or("");
    let items: Vec<Value> = r
        .rows
        .iter()
        .map(|(p, a, relays)| {
            let mut v = practice_value(p, a, relays);
            if let Some(snippet) = ecities_core::snippet::practice_snippet(p, words, None) {
                v["snippet"] = json!(snippet);
            }
            v
        })
        .collect();
    let path = format!("{}api/v1/practices", state.urls.base());
    let next = r.next_before.map(|b| next_page(&path, raw.as_deref(), b));
    let sort = match r.sort {
        SearchOrder::Newest => "newest",
        SearchOrder::Relevance => "relevance",
    };
    Ok(axum::Json(json!({
        "items": items, "total": r.total, "total_exact": r.exact, "next": next, "sort": sort, "facets": r.facets,
    }))
    .into_response())
}

/// Facet counts for a search, with labels: SDG, country, UN region,
/// language, kind, UNPACS theme, author, association and year.
pub async fn facets_json(state: &AppState, f: &Facets) -> ApiResult<Value> {
    let entry = |value: Value, label: &str, count: i64| json!({ "value": value, "label": label, "count": count });
    let mut regions: std::collections::BTreeMap<String, (String, i64)> = std::collections::BTreeMap::new();
    for (c, n) in &f.country {
        if let Some(r) = &c.info().region {
            regions.entry(r.code.clone()).or_insert_with(|| (r.name.clone(), 0)).1 += n;
        }
    }
    // Practices without a country count under the region they name (the
    // world, `001`, is one).
    for (r, n) in &f.region {
        regions.entry(r.code.clone()).or_insert_with(|| (r.name.clone(), 0)).1 += n;
    }
    let mut region: Vec<(String, (String, i64))> = regions.into_iter().collect();
    region.sort_by_key(|r| std::cmp::Reverse(r.1.1));
    let mut authors = Vec::with_capacity(f.author.len());
    for (id, n) in &f.author {
        let a = state.store.actor(*id).await?;
        authors.push(entry(json!(a.url), a.display_name.as_deref().unwrap_or(&a.name), *n));
    }
    let mut associations = Vec::with_capacity(f.association.len());
    for (id, n) in &f.association {
        let a = state.store.actor(*id).await?;
        associations.push(entry(json!(a.url), a.display_name.as_deref().unwrap_or(&a.name), *n));
    }
    Ok(json!({
        "sdg": f.sdg.iter().map(|(s, n)| entry(json!(s.number()), s.short_name(), *n)).collect::<Vec<_>>(),
        "mdg": f.mdg.iter().map(|(m, n)| entry(json!(m.number()), m.short_name(), *n)).collect::<Vec<_>>(),
        "country": f.country.iter().map(|(c, n)| entry(json!(c.code()), &c.info().name, *n)).collect::<Vec<_>>(),
        "region": region.iter().map(|(code, (name, n))| entry(json!(code), name, *n)).collect::<Vec<_>>(),
        "language": f.language.iter().map(|(l, n)| entry(json!(l), l, *n)).collect::<Vec<_>>(),
        "kind": f.kind.iter().map(|(k, n)| entry(json!(k.as_str()), &k.as_str().replace('_', " "), *n)).collect::<Vec<_>>(),
        "theme": f.theme.iter().map(|(t, n)| entry(json!(t.slug()), t.info().map(|i| i.name.as_str()).unwrap_or(t.slug()), *n)).collect::<Vec<_>>(),
        "actor": authors,
        "association": associations,
        "year": f.year.iter().map(|(y, n)| entry(json!(y), &y.to_string(), *n)).collect::<Vec<_>>(),
        "period": f.period.iter().map(|(y, n)| entry(json!(y), &y.to_string(), *n)).collect::<Vec<_>>(),
    }))
}

#[derive(Deserialize)]
struct PageQuery {
    lang: Option<String>,
    /// `pending` after a question was sent through the form: the page says
    /// it awaits moderation.
    question: Option<String>,
}

/// Replies shown under a practice on its page (the newest ones; the
/// `replies` collection and the API have them all).
const CONVERSATION_ON_PAGE: u32 = 100;

async fn page(
    State(state): State<AppState>,
    Path(key): Path<String>,
    Query(q): Query<PageQuery>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let p = state
        .store
        .practice_by_key(&key)
        .await?
        // Followers-only, named and embargoed practices have no public page.
        .filter(|p| p.local && p.is_public())
        .ok_or_else(|| ApiError::not_found(format!("practice '{key}' not found")))?;
    if p.is_deleted() {
        return Ok(pages::gone_page(&p));
    }
    let author = state.store.actor(p.author).await?;
    let relays = state.store.relays(p.id).await?;
    let accept = headers.get(axum::http::header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok());
    let version = state.store.latest_practice_version(p.id).await?;
    let adopted_by = state.store.adopted_by(&practice_urls(&p)).await?;
    let related = ecities_core::usecases::related::related(state.store.as_ref(), &p).await?;
    let mut conversation =
        ecities_core::usecases::replies::approved(state.ports(), &p, Page::first(CONVERSATION_ON_PAGE)).await?;
    conversation.reverse();
    let ask = ecities_core::usecases::replies::question_token(state.ports(), &p).await?;
    let mut resp = pages::practice_page(
        &state,
        &p,
        &author,
        &relays,
        q.lang.as_deref(),
        accept,
        pages::PracticeRecord {
            version: version.as_ref(),
            adopted_by: &adopted_by,
            conversation: &conversation,
            related: &related,
            ask: ask.as_deref(),
            question_sent: q.question.as_deref() == Some("pending"),
        },
    );
    // `Accept`: the binary's content negotiation adds it to every answer
    // of a URL that also has an ActivityPub document.
    resp.headers_mut().insert(axum::http::header::VARY, axum::http::HeaderValue::from_static("Accept-Language"));
    Ok(resp)
}

async fn search_html(
    State(state): State<AppState>,
    Search(params): Search,
    RawQuery(raw): RawQuery,
) -> ApiResult<Response> {
    let r = run_search(&state, &params, "html").await?;
    let next = r.next_before.map(|b| next_page("/search", raw.as_deref(), b));
    Ok(pages::search_page(&state, &params, raw.as_deref().unwrap_or(""), &r, next))
}

async fn home(State(state): State<AppState>) -> ApiResult<Response> {
    pages::home_page(&state).await
}

/// What the question form sends; every field may be missing (the use case
/// says what is wrong), unknown ones are ignored.
#[derive(Deserialize, Default)]
struct QuestionBody {
    question: Option<String>,
    name: Option<String>,
    token: Option<String>,
    /// The honeypot: hidden from people, filled by form-filling scripts.
    website: Option<String>,
}

/// A citizen's question from the practice page's form: `303` back to the
/// page, which says it awaits moderation; refused with `404` when the
/// form is off, `429` past the per-address limit, `422` for bad input, a
/// filled honeypot or a bad time token. Browsers (`Accept: text/html`)
/// get a page saying so, other clients the house JSON error.
async fn ask_question(
    State(state): State<AppState>,
    Path(key): Path<String>,
    axum::Extension(throttle): axum::Extension<std::sync::Arc<crate::throttle::QuestionThrottle>>,
    crate::throttle::ClientAddr(ip): crate::throttle::ClientAddr,
    headers: HeaderMap,
    form: Result<axum::Form<QuestionBody>, axum::extract::rejection::FormRejection>,
) -> Response {
    let html =
        headers.get(axum::http::header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|a| a.contains("text/html"));
    let back = format!("/practices/{}", urlencoding_path(&key));
    let mut retry_after = None;
    let outcome = async {
        let practice = state
            .store
            .practice_by_key(&key)
            .await?
            .filter(|p| p.local && p.is_public() && !p.is_deleted())
            .ok_or_else(|| ApiError::not_found(format!("practice '{key}' not found")))?;
        if let Err(wait) = throttle.attempt(ip) {
            retry_after = Some(wait);
            let minutes = wait.as_secs().div_ceil(60).max(1);
            return Err(ApiError::new(
                StatusCode::TOO_MANY_REQUESTS,
                "rate_limited",
                format!("too many questions from your address; try again in {minutes} minutes"),
            ));
        }
        let axum::Form(body) = form.map_err(|e| {
            ApiError::bad_request("invalid_form", format!("the form could not be read: {}", e.body_text()))
        })?;
        let sent = ecities_core::usecases::replies::QuestionForm {
            question: body.question.as_deref().unwrap_or(""),
            name: body.name.as_deref(),
            token: body.token.as_deref().unwrap_or(""),
            honeypot: body.website.as_deref().unwrap_or(""),
        };
        ecities_core::usecases::replies::ask(state.ports(), &practice, &sent).await?;
        Ok::<_, ApiError>(())
    }
    .await;
    match outcome {
        Ok(()) => {
            let to = format!("{back}?question=pending#question-sent");
            (StatusCode::SEE_OTHER, [(axum::http::header::LOCATION, to)]).into_response()
        }
        Err(e) => {
            let mut resp = if html { pages::question_refused_page(&e, &back) } else { e.into_response() };
            if let Some(wait) = retry_after
                && let Ok(v) = axum::http::HeaderValue::from_str(&wait.as_secs().max(1).to_string())
            {
                resp.headers_mut().insert(axum::http::header::RETRY_AFTER, v);
            }
            resp
        }
    }
}

/// A practice key as a path segment (keys are URL-safe; anything else is
/// percent-encoded so a redirect never carries raw input).
fn urlencoding_path(key: &str) -> String {
    key.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
