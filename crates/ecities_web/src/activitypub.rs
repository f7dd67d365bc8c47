//! ActivityPub endpoints: WebFinger, NodeInfo, actor documents, inboxes,
//! outbox and follower collections.

use std::collections::BTreeMap;

use axum::Router;
use axum::extract::{Path, Query, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use ecities_core::actor::{Actor, ActorName};
use ecities_core::follow::FollowState;
use ecities_core::store::Page;
use ecities_federation::inbox::{self, InboxRequest, MAX_INBOX_BODY_BYTES, Received};
use ecities_federation::render;
use ecities_federation::wire::ACTIVITY_JSON;
use serde::Deserialize;
use serde_json::{Value, json};
use url::Url;

use crate::AppState;
use crate::error::{ApiError, ApiResult};
use crate::extract::wants_activity_json;
use crate::pages;

/// What an outbox lists: an actor's posts, and for associations the
/// practices they relayed (backfill for new followers reads these).
const OUTBOX_KINDS: &[&str] = &["Create", "Announce"];

/// Items per collection page.
const COLLECTION_PAGE_SIZE: u32 = 20;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/.well-known/webfinger", get(webfinger))
        .route("/.well-known/nodeinfo", get(nodeinfo_links))
        .route("/.well-known/host-meta", get(host_meta))
        .route("/nodeinfo/2.1", get(nodeinfo))
        .route("/inbox", post(shared_inbox))
        .route("/actors/{name}", get(actor))
        .route("/actors/{name}/inbox", post(actor_inbox))
        .route("/actors/{name}/outbox", get(outbox))
        .route("/actors/{name}/followers", get(followers))
        .route("/actors/{name}/following", get(following))
}

/// An ActivityStreams JSON response.
pub fn activity_json(status: StatusCode, body: Value) -> Response {
    (status, [(header::CONTENT_TYPE, ACTIVITY_JSON)], body.to_string()).into_response()
}

async fn local_actor(state: &AppState, name: &str) -> ApiResult<Actor> {
    let name = ActorName::parse(name).map_err(|_| ApiError::not_found(format!("actor '{name}' not found")))?;
    if let Some(actor) = state.store.local_actor_by_name(&name).await? {
        return Ok(actor);
    }
    if state.store.deleted_local_actor(&name).await?.is_some() {
        return Err(ApiError::new(StatusCode::GONE, "gone", format!("actor '{name}' was deleted")));
    }
    Err(ApiError::not_found(format!("actor '{name}' not found")))
}

#[derive(Deserialize)]
struct WebfingerQuery {
    resource: Option<String>,
}

async fn webfinger(State(state): State<AppState>, Query(q): Query<WebfingerQuery>) -> ApiResult<Response> {
    let resource =
        q.resource.ok_or_else(|| ApiError::bad_request("missing_resource", "add ?resource=acct:NAME@HOST"))?;
    let actor = if let Some(acct) = resource.strip_prefix("acct:") {
        let (name, host) =
            acct.split_once('@').ok_or_else(|| ApiError::bad_request("invalid_resource", "expected acct:NAME@HOST"))?;
        if !host.eq_ignore_ascii_case(state.urls.host()) {
            return Err(ApiError::not_found(format!("{host} is not this server")));
        }
        local_actor(&state, &name.to_lowercase()).await?
    } else {
        let url = Url::parse(&resource)
            .map_err(|_| ApiError::bad_request("invalid_resource", "expected acct:NAME@HOST or an actor URL"))?;
        match state.store.actor_by_url(&url).await?.filter(|a| a.local) {
            Some(actor) => actor,
            // A deleted local actor's URL: gone, as its acct: form says.
            None => {
                let name = url.path().strip_prefix("/actors/").filter(|n| !n.contains('/'));
                match (state.urls.is_local(&url), name) {
                    (true, Some(name)) if ActorName::parse(name).is_ok_and(|n| state.urls.actor(&n) == url) => {
                        local_actor(&state, name).await?
                    }
                    _ => return Err(ApiError::not_found("no such actor")),
                }
            }
        }
    };
    let body = json!({
        "subject": format!("acct:{}@{}", actor.name, state.urls.host()),
        "aliases": [actor.url],
        "links": [
            { "rel": "self", "type": ACTIVITY_JSON, "href": actor.url },
            { "rel": "http://webfinger.net/rel/profile-page", "type": "text/html", "href": actor.profile_url.as_ref().unwrap_or(&actor.url) }
        ]
    });
    Ok(([(header::CONTENT_TYPE, "application/jrd+json"), (header::ACCESS_CONTROL_ALLOW_ORIGIN, "*")], body.to_string())
        .into_response())
}

async fn host_meta(State(state): State<AppState>) -> Response {
    let template = format!("{}.well-known/webfinger?resource={{uri}}", state.urls.base());
    let xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<XRD xmlns=\"http://docs.oasis-open.org/ns/xri/xrd-1.0\">\n  <Link rel=\"lrdd\" template=\"{template}\"/>\n</XRD>\n"
    );
    ([(header::CONTENT_TYPE, "application/xrd+xml")], xml).into_response()
}

async fn nodeinfo_links(State(state): State<AppState>) -> Response {
    let instance = state.urls.location(&instance_actor_name()).url;
    let body = json!({ "links": [
        { "rel": "http://nodeinfo.diaspora.software/ns/schema/2.1", "href": format!("{}nodeinfo/2.1", state.urls.base()) },
        // FEP-2677: the application actor that signs this server's requests.
        { "rel": "https://www.w3.org/ns/activitystreams#Application", "href": instance }
    ] });
    axum::Json(body).into_response()
}

fn instance_actor_name() -> ActorName {
    ActorName::parse(ecities_core::usecases::actors::INSTANCE_ACTOR_NAME).expect("the instance actor name is valid")
}

async fn nodeinfo(State(state): State<AppState>) -> ApiResult<Response> {
    let counts = state.store.counts().await?;
    let body = json!({
        "version": "2.1",
        "software": {
            "name": "ecities",
            "version": env!("CARGO_PKG_VERSION"),
            "repository": "https://github.com/e-cities/ecities",
            "homepage": "https://github.com/e-cities/ecities"
        },
        "protocols": ["activitypub"],
        "services": { "inbound": [], "outbound": ["atom1.0", "rss2.0"] },
        "openRegistrations": false,
        "usage": {
            "users": { "total": counts.local_actors, "activeMonth": counts.local_actors, "activeHalfyear": counts.local_actors },
            "localPosts": counts.local_practices
        },
        "metadata": { "nodeName": state.urls.host(), "network": "e-Cities Network" }
    });
    Ok((
        [(header::CONTENT_TYPE, "application/json; profile=\"http://nodeinfo.diaspora.software/ns/schema/2.1#\"")],
        body.to_string(),
    )
        .into_response())
}

async fn actor(State(state): State<AppState>, Path(name): Path<String>, headers: HeaderMap) -> ApiResult<Response> {
    if wants_activity_json(&headers)
        && let Ok(name) = ActorName::parse(&name)
        && let Some(gone) = state.store.deleted_local_actor(&name).await?
    {
        // What Mastodon serves for a deleted account: its id as a Tombstone.
        return Ok(activity_json(StatusCode::GONE, render::actor_tombstone(&gone)));
    }
    let actor = local_actor(&state, &name).await?;
    if wants_activity_json(&headers) {
        return Ok(activity_json(StatusCode::OK, render::actor_document(&actor)));
    }
    pages::actor_page(&state, &actor).await
}

async fn shared_inbox(State(state): State<AppState>, req: Request) -> Response {
    receive(&state, req, None).await
}

async fn actor_inbox(State(state): State<AppState>, Path(name): Path<String>, req: Request) -> Response {
    match local_actor(&state, &name).await {
        Ok(actor) => receive(&state, req, Some(actor.url)).await,
        Err(e) => e.into_response(),
    }
}

/// Hands an inbox POST to the federation crate and maps the outcome.
/// `addressed_actor` is the local actor whose own inbox was used.
async fn receive(state: &AppState, req: Request, addressed_actor: Option<url::Url>) -> Response {
    let (parts, body) = req.into_parts();
    let bytes = match axum::body::to_bytes(body, MAX_INBOX_BODY_BYTES).await {
        Ok(b) => b,
        Err(_) => {
            crate::observe::inbox_outcome("payload_too_large");
            return ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "payload_too_large",
                format!("inbox bodies are limited to {MAX_INBOX_BODY_BYTES} bytes"),
            )
            .into_response();
        }
    };
    let headers: BTreeMap<String, String> = parts
        .headers
        .iter()
        .filter_map(|(k, v)| v.to_str().ok().map(|v| (k.as_str().to_lowercase(), v.to_owned())))
        .collect();
    let path = parts.uri.path_and_query().map(|p| p.as_str()).unwrap_or("/");
    let client = parts.extensions.get::<axum::extract::ConnectInfo<std::net::SocketAddr>>().map(|c| c.0.ip());
    let request = InboxRequest {
        method: parts.method.as_str(),
        path_and_query: path,
        headers,
        body: &bytes,
        addressed_actor,
        client,
    };
    match inbox::receive(&state.fed(), request).await {
        Ok(outcome) => {
            let (label, note) = match &outcome {
                Received::Processed(m) => ("processed", m.clone()),
                Received::Duplicate => ("duplicate", "already received".into()),
                Received::Ignored(m) => ("ignored", format!("ignored: {m}")),
            };
            crate::observe::inbox_outcome(label);
            tracing::debug!(%note, "inbox");
            (StatusCode::ACCEPTED, axum::Json(json!({ "status": "accepted", "note": note }))).into_response()
        }
        Err(e) => {
            crate::observe::inbox_outcome(e.code());
            let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::BAD_REQUEST);
            let mut response = if status == StatusCode::INTERNAL_SERVER_ERROR {
                tracing::error!(error = %e, "inbox failure");
                ApiError::new(status, e.code(), "the activity could not be processed; try again later").into_response()
            } else {
                ApiError::new(status, e.code(), e.to_string()).into_response()
            };
            if let Some(wait) = e.retry_after() {
                let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
                response.headers_mut().insert(axum::http::header::RETRY_AFTER, secs.max(1).into());
            }
            response
        }
    }
}

#[derive(Deserialize)]
struct PageQuery {
    page: Option<bool>,
    before: Option<i64>,
}

fn page_url(base: &Url, before: Option<i64>) -> Url {
    let mut u = base.clone();
    match before {
        Some(b) => u.set_query(Some(&format!("page=true&before={b}"))),
        None => u.set_query(Some("page=true")),
    }
    u
}

async fn outbox(
    State(state): State<AppState>,
    Path(name): Path<String>,
    Query(q): Query<PageQuery>,
) -> ApiResult<Response> {
    let actor = local_actor(&state, &name).await?;
    let id = actor.endpoints.outbox.clone().ok_or_else(|| ApiError::not_found("outbox"))?;
    if q.page != Some(true) {
        let total = state.store.count_outgoing_activities(actor.id, OUTBOX_KINDS).await?;
        return Ok(activity_json(StatusCode::OK, render::collection(&id, total, &page_url(&id, None))));
    }
    let page = Page { limit: COLLECTION_PAGE_SIZE, before: q.before };
    let rows = state.store.outgoing_activities(actor.id, OUTBOX_KINDS, page).await?;
    let next = (rows.len() == COLLECTION_PAGE_SIZE as usize)
        .then(|| rows.last().map(|(i, _)| page_url(&id, Some(*i))))
        .flatten();
    let mut items = Vec::with_capacity(rows.len());
    for (_, body) in rows {
        let mut v: Value = serde_json::from_str(&body).unwrap_or(Value::Null);
        if let Value::Object(m) = &mut v {
            m.remove("@context");
        }
        // A Create of a practice deleted since is shown as its Tombstone.
        if let Some(obj_id) = v.pointer("/object/id").and_then(Value::as_str).and_then(|s| Url::parse(s).ok())
            && let Some(p) = state.store.practice_by_ap_id(&obj_id).await?
        {
            v["object"] = if p.is_deleted() { render::tombstone(&p) } else { render::article(&state.urls, &actor, &p) };
        }
        items.push(v);
    }
    Ok(activity_json(StatusCode::OK, render::collection_page(&page_url(&id, q.before), &id, items, next)))
}

async fn followers(
    State(state): State<AppState>,
    Path(name): Path<String>,
    Query(q): Query<PageQuery>,
) -> ApiResult<Response> {
    follow_collection(state, name, q, true).await
}

async fn following(
    State(state): State<AppState>,
    Path(name): Path<String>,
    Query(q): Query<PageQuery>,
) -> ApiResult<Response> {
    follow_collection(state, name, q, false).await
}

async fn follow_collection(state: AppState, name: String, q: PageQuery, followers: bool) -> ApiResult<Response> {
    let actor = local_actor(&state, &name).await?;
    let id = if followers { actor.endpoints.followers.clone() } else { actor.endpoints.following.clone() }
        .ok_or_else(|| ApiError::not_found("collection"))?;
    if q.page != Some(true) {
        let total = if followers {
            state.store.count_followers(actor.id).await?
        } else {
            state.store.count_following(actor.id).await?
        };
        return Ok(activity_json(StatusCode::OK, render::collection(&id, total, &page_url(&id, None))));
    }
    let page = Page { limit: COLLECTION_PAGE_SIZE, before: q.before };
    let rows = if followers {
        state.store.followers(actor.id, Some(FollowState::Accepted), page).await?
    } else {
        state.store.following(actor.id, Some(FollowState::Accepted), page).await?
    };
    let next = (rows.len() == COLLECTION_PAGE_SIZE as usize)
        .then(|| rows.last().map(|(f, _)| page_url(&id, Some(f.id.0))))
        .flatten();
    let items = rows.iter().map(|(_, a)| json!(a.url)).collect();
    Ok(activity_json(StatusCode::OK, render::collection_page(&page_url(&id, q.before), &id, items, next)))
}
