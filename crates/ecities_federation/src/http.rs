//! The HTTP face of federation, as axum routers the binary merges with the
//! web crate's (docs/ARCHITECTURE.md, "Web and federation as peers"):
//!
//! - [`router`]: the URLs only federation serves — WebFinger, NodeInfo,
//!   host-meta, the shared and per-actor inboxes, outboxes and the
//!   followers/following collections;
//! - [`documents`]: the ActivityPub documents of URLs that are also HTML
//!   pages (an actor, a practice), listed in [`NEGOTIATED_PATHS`]. The
//!   binary sends a request there when it asks for ActivityStreams JSON
//!   ([`wants_activity_json`]) and to the web page otherwise.
//!
//! Errors answer with the house body, `{"error": code, "message": …}`
//! ([`HttpError`]); internal details are logged once and never sent.

use std::collections::BTreeMap;

use activitypub_federation::config::{Data, FederationConfig};
use axum::Router;
use axum::extract::{Path, Query, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use ecities_core::CoreError;
use ecities_core::actor::{Actor, ActorName};
use ecities_core::follow::FollowState;
use ecities_core::store::Page;
use serde::Deserialize;
use serde_json::{Value, json};
use url::Url;

use crate::apub::FedData;
use crate::inbox::{self, InboxRequest, MAX_INBOX_BODY_BYTES, Received};
use crate::render;
use crate::wire::ACTIVITY_JSON;

/// What an outbox lists: an actor's posts, and for associations the
/// practices they relayed (backfill for new followers reads these).
const OUTBOX_KINDS: &[&str] = &["Create", "Announce"];

/// Items per collection page.
const COLLECTION_PAGE_SIZE: u32 = 20;

/// An actor's document; its HTML page has the same URL.
pub const ACTOR_PATH: &str = "/actors/{name}";
/// A practice's `Article`; its HTML page has the same URL.
pub const PRACTICE_PATH: &str = "/practices/{key}";
/// The route templates [`documents`] serves, which the web crate serves as
/// HTML too: content negotiation decides (the binary, by
/// [`wants_activity_json`]).
pub const NEGOTIATED_PATHS: &[&str] = &[ACTOR_PATH, PRACTICE_PATH];

/// What federation's handlers reach: activitypub_federation's
/// configuration around [`FedData`] (store, URLs, outbox, domain policy).
type Fed = FederationConfig<FedData>;

/// The URLs only federation serves.
pub fn router(config: Fed) -> Router {
    // In secure mode only signed requests read these ([`crate::secure`]).
    let collections = Router::new()
        .route("/actors/{name}/outbox", get(outbox))
        .route("/actors/{name}/followers", get(followers))
        .route("/actors/{name}/following", get(following))
        .route("/actors/{name}/members", get(members))
        .route("/practices/{key}/replies", get(crate::replies::collection))
        .route("/replies/{key}", get(crate::replies::local_note))
        .route_layer(axum::middleware::from_fn_with_state(config.clone(), signed_fetches_only));
    Router::new()
        .route("/.well-known/webfinger", get(webfinger))
        .route("/.well-known/nodeinfo", get(nodeinfo_links))
        .route("/.well-known/host-meta", get(host_meta))
        .route("/nodeinfo/2.1", get(nodeinfo))
        .route("/actors/{name}/followers/synchronization", get(followers_synchronization))
        .route("/inbox", post(shared_inbox))
        .route("/actors/{name}/inbox", post(actor_inbox))
        .merge(collections)
        .with_state(config)
}

/// The ActivityPub documents of the URLs in [`NEGOTIATED_PATHS`]; in
/// secure mode only for signed requests, except the instance actor's.
pub fn documents(config: Fed) -> Router {
    Router::new()
        .route(ACTOR_PATH, get(actor))
        .route(PRACTICE_PATH, get(practice))
        .route_layer(axum::middleware::from_fn_with_state(config.clone(), signed_fetches_only))
        .with_state(config)
}

/// Secure mode's gate (see [`crate::secure`]): a GET of a document needs a
/// valid signature from a server that is not blocked. Off by default; the
/// instance actor is always served (its key checks signatures both ways).
async fn signed_fetches_only(State(config): State<Fed>, req: Request, next: axum::middleware::Next) -> Response {
    let state = config.to_request_data();
    if !state.secure_mode || req.uri().path() == state.urls.actor(&instance_actor_name()).path() {
        return next.run(req).await;
    }
    let path = req.uri().path_and_query().map(|p| p.as_str()).unwrap_or("/").to_owned();
    match crate::secure::authorize_fetch(&state, req.method().as_str(), &path, req.headers()).await {
        Ok(_) => {
            let mut response = next.run(req).await;
            // A shared cache must not hand a signed reader's copy to anyone.
            response.headers_mut().insert(header::CACHE_CONTROL, axum::http::HeaderValue::from_static("private"));
            response
        }
        Err(e) => e.into_response(),
    }
}

/// Whether a request asks for ActivityStreams JSON rather than HTML:
/// `Accept: application/activity+json`, or `application/ld+json` (with the
/// ActivityStreams profile, which some servers leave out); or, as Mastodon
/// answers it, plain `application/json` preferred to HTML — more weight
/// (`q`) than `text/html` and `application/xhtml+xml`, which win a tie. So
/// `curl -H 'Accept: application/json'` gets the document and a browser,
/// whose `*/*` names neither, the page.
pub fn wants_activity_json(headers: &HeaderMap) -> bool {
    let mut json = 0.0_f32;
    let mut html = 0.0_f32;
    for range in headers.get_all(header::ACCEPT).iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(',')) {
        let mut params = range.split(';');
        let media = params.next().unwrap_or("").trim().to_ascii_lowercase();
        let q = params
            .filter_map(|p| p.split_once('='))
            .find(|(k, _)| k.trim().eq_ignore_ascii_case("q"))
            .and_then(|(_, v)| v.trim().parse::<f32>().ok())
            .unwrap_or(1.0);
        match media.as_str() {
            "application/activity+json" | "application/ld+json" if q > 0.0 => return true,
            "application/json" => json = json.max(q),
            "text/html" | "application/xhtml+xml" => html = html.max(q),
            _ => {}
        }
    }
    json > 0.0 && json > html
}

/// An error answer of a federation route: the house body
/// `{"error": code, "message": …}` (the web crate's `ApiError` has the same
/// shape), with `fields` for invalid input.
#[derive(Debug)]
pub struct HttpError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    pub fields: Vec<ecities_core::FieldError>,
}

impl HttpError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self { status, code, message: message.into(), fields: Vec::new() }
    }

    pub fn not_found(what: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "not_found", what)
    }

    pub fn bad_request(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, code, message)
    }
}

impl From<ecities_core::ErrorAnswer> for HttpError {
    fn from(a: ecities_core::ErrorAnswer) -> Self {
        let status = StatusCode::from_u16(a.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        Self { status, code: a.code, message: a.message, fields: a.fields }
    }
}

/// The core's one mapping of its errors to an HTTP answer.
impl From<CoreError> for HttpError {
    fn from(e: CoreError) -> Self {
        ecities_core::ErrorAnswer::from(e).into()
    }
}

impl IntoResponse for HttpError {
    fn into_response(self) -> Response {
        let answer = ecities_core::ErrorAnswer {
            status: self.status.as_u16(),
            code: self.code,
            message: self.message,
            fields: self.fields,
        };
        (self.status, axum::Json(answer.body())).into_response()
    }
}

type HttpResult<T> = Result<T, HttpError>;

/// Counts one inbox POST under `outcome`.
fn inbox_outcome(outcome: &'static str) {
    metrics::counter!(ecities_core::observe::INBOX_ACTIVITIES, "outcome" => outcome).increment(1);
}

/// An ActivityStreams JSON response.
pub fn activity_json(status: StatusCode, body: Value) -> Response {
    (status, [(header::CONTENT_TYPE, ACTIVITY_JSON)], body.to_string()).into_response()
}

async fn local_actor(state: &FedData, name: &str) -> HttpResult<Actor> {
    let name = ActorName::parse(name).map_err(|_| HttpError::not_found(format!("actor '{name}' not found")))?;
    if let Some(actor) = state.store.local_actor_by_name(&name).await? {
        return Ok(actor);
    }
    if state.store.deleted_local_actor(&name).await?.is_some() {
        return Err(HttpError::new(StatusCode::GONE, "gone", format!("actor '{name}' was deleted")));
    }
    Err(HttpError::not_found(format!("actor '{name}' not found")))
}

#[derive(Deserialize)]
struct WebfingerQuery {
    resource: Option<String>,
}

async fn webfinger(State(config): State<Fed>, Query(q): Query<WebfingerQuery>) -> HttpResult<Response> {
    let state = config.to_request_data();
    let resource =
        q.resource.ok_or_else(|| HttpError::bad_request("missing_resource", "add ?resource=acct:NAME@HOST"))?;
    let actor = if let Some(acct) = resource.strip_prefix("acct:") {
        let (name, host) = acct
            .split_once('@')
            .ok_or_else(|| HttpError::bad_request("invalid_resource", "expected acct:NAME@HOST"))?;
        if !host.eq_ignore_ascii_case(state.urls.host()) {
            return Err(HttpError::not_found(format!("{host} is not this server")));
        }
        local_actor(&state, &name.to_lowercase()).await?
    } else {
        let url = Url::parse(&resource)
            .map_err(|_| HttpError::bad_request("invalid_resource", "expected acct:NAME@HOST or an actor URL"))?;
        match state.store.actor_by_url(&url).await?.filter(|a| a.local) {
            Some(actor) => actor,
            // A deleted local actor's URL: gone, as its acct: form says.
            None => {
                let name = url.path().strip_prefix("/actors/").filter(|n| !n.contains('/'));
                match (state.urls.is_local(&url), name) {
                    (true, Some(name)) if ActorName::parse(name).is_ok_and(|n| state.urls.actor(&n) == url) => {
                        local_actor(&state, name).await?
                    }
                    _ => return Err(HttpError::not_found("no such actor")),
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

async fn host_meta(State(config): State<Fed>) -> Response {
    let state = config.to_request_data();
    let template = format!("{}.well-known/webfinger?resource={{uri}}", state.urls.base());
    let xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<XRD xmlns=\"http://docs.oasis-open.org/ns/xri/xrd-1.0\">\n  <Link rel=\"lrdd\" template=\"{template}\"/>\n</XRD>\n"
    );
    ([(header::CONTENT_TYPE, "application/xrd+xml")], xml).into_response()
}

async fn nodeinfo_links(State(config): State<Fed>) -> Response {
    let state = config.to_request_data();
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

async fn nodeinfo(State(config): State<Fed>) -> HttpResult<Response> {
    let state = config.to_request_data();
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

async fn actor(State(config): State<Fed>, Path(name): Path<String>) -> HttpResult<Response> {
    let state = config.to_request_data();
    if let Ok(name) = ActorName::parse(&name)
        && let Some(gone) = state.store.deleted_local_actor(&name).await?
    {
        // What Mastodon serves for a deleted account: its id as a Tombstone.
        return Ok(activity_json(StatusCode::GONE, render::actor_tombstone(&gone)));
    }
    let actor = local_actor(&state, &name).await?;
    Ok(activity_json(StatusCode::OK, render::actor_document(&actor)))
}

/// A local practice as an `Article`, or its `Tombstone` (410) once deleted.
async fn practice(State(config): State<Fed>, Path(key): Path<String>) -> HttpResult<Response> {
    let state = config.to_request_data();
    let p = state
        .store
        .practice_by_key(&key)
        .await?
        // Followers-only, named and embargoed practices are not served to
        // whoever asks: their audience got them embedded in the activity.
        .filter(|p| p.local && p.is_public())
        .ok_or_else(|| HttpError::not_found(format!("practice '{key}' not found")))?;
    if p.is_deleted() {
        return Ok(activity_json(StatusCode::GONE, render::tombstone_document(&p)));
    }
    let author = state.store.actor(p.author).await?;
    Ok(activity_json(StatusCode::OK, render::article_document(&state.urls, &author, &p)))
}

async fn shared_inbox(State(config): State<Fed>, req: Request) -> Response {
    let state = config.to_request_data();
    match InboxPost::read(req).await {
        Ok(post) => post.receive(&state, None).await,
        Err(refused) => refused,
    }
}

/// An actor's own inbox. The cheap checks of the signature (present,
/// digest, date) come before the actor is looked up, so that a flood of
/// unsigned, stale or mis-digested POSTs causes no database work.
async fn actor_inbox(State(config): State<Fed>, Path(name): Path<String>, req: Request) -> Response {
    let state = config.to_request_data();
    let post = match InboxPost::read(req).await {
        Ok(post) => post,
        Err(refused) => return refused,
    };
    if let Err(e) = post.precheck(&state) {
        return refusal(e);
    }
    match local_actor(&state, &name).await {
        Ok(actor) => post.receive(&state, Some(actor.url)).await,
        Err(e) => e.into_response(),
    }
}

/// An inbox POST read off the connection: its body, headers (lower-case
/// names), path and client address.
struct InboxPost {
    method: axum::http::Method,
    path: String,
    headers: BTreeMap<String, String>,
    body: axum::body::Bytes,
    client: Option<std::net::IpAddr>,
}

impl InboxPost {
    /// Reads the body (refused with 413 beyond [`MAX_INBOX_BODY_BYTES`]).
    async fn read(req: Request) -> Result<Self, Response> {
        let (parts, body) = req.into_parts();
        let body = match axum::body::to_bytes(body, MAX_INBOX_BODY_BYTES).await {
            Ok(b) => b,
            Err(_) => {
                inbox_outcome("payload_too_large");
                return Err(HttpError::new(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "payload_too_large",
                    format!("inbox bodies are limited to {MAX_INBOX_BODY_BYTES} bytes"),
                )
                .into_response());
            }
        };
        let headers: BTreeMap<String, String> = parts
            .headers
            .iter()
            .filter_map(|(k, v)| v.to_str().ok().map(|v| (k.as_str().to_lowercase(), v.to_owned())))
            .collect();
        let path = parts.uri.path_and_query().map(|p| p.as_str()).unwrap_or("/").to_owned();
        let client = parts.extensions.get::<axum::extract::ConnectInfo<std::net::SocketAddr>>().map(|c| c.0.ip());
        Ok(Self { method: parts.method, path, headers, body, client })
    }

    /// The signature's cheap checks alone (no network, no database, no
    /// RSA), as [`inbox::receive`] makes them first.
    fn precheck(&self, state: &Data<FedData>) -> Result<(), inbox::InboxError> {
        crate::signatures::precheck_request(
            self.method.as_str(),
            state.urls.base().scheme(),
            &self.path,
            &self.headers,
            Some(&self.body),
            state.urls.host(),
            std::time::SystemTime::now(),
        )?;
        Ok(())
    }

    /// Hands the POST to the federation crate and maps the outcome.
    /// `addressed_actor` is the local actor whose own inbox was used.
    async fn receive(self, state: &Data<FedData>, addressed_actor: Option<url::Url>) -> Response {
        let request = InboxRequest {
            method: self.method.as_str(),
            path_and_query: &self.path,
            headers: self.headers,
            body: &self.body,
            addressed_actor,
            client: self.client,
        };
        match inbox::receive(state, request).await {
            Ok(outcome) => {
                let (label, note) = match &outcome {
                    Received::Processed(m) => ("processed", m.clone()),
                    Received::Duplicate => ("duplicate", "already received".into()),
                    Received::Ignored(m) => ("ignored", format!("ignored: {m}")),
                };
                inbox_outcome(label);
                tracing::debug!(%note, "inbox");
                (StatusCode::ACCEPTED, axum::Json(json!({ "status": "accepted", "note": note }))).into_response()
            }
            Err(e) => refusal(e),
        }
    }
}

/// The answer to a refused inbox POST (counted under its code).
fn refusal(e: inbox::InboxError) -> Response {
    inbox_outcome(e.code());
    let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::BAD_REQUEST);
    let mut response = if status == StatusCode::INTERNAL_SERVER_ERROR {
        tracing::error!(error = %e, "inbox failure");
        HttpError::new(status, e.code(), "the activity could not be processed; try again later").into_response()
    } else {
        HttpError::new(status, e.code(), e.to_string()).into_response()
    };
    if let Some(wait) = e.retry_after() {
        let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
        response.headers_mut().insert(axum::http::header::RETRY_AFTER, secs.max(1).into());
    }
    response
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
    State(config): State<Fed>,
    Path(name): Path<String>,
    Query(q): Query<PageQuery>,
) -> HttpResult<Response> {
    let state = config.to_request_data();
    let actor = local_actor(&state, &name).await?;
    let id = actor.endpoints.outbox.clone().ok_or_else(|| HttpError::not_found("outbox"))?;
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
            // The outbox is public: activities about a practice for
            // followers or named actors only are not in it.
            if !p.is_public() {
                continue;
            }
            v["object"] = if p.is_deleted() { render::tombstone(&p) } else { render::article(&state.urls, &actor, &p) };
        }
        items.push(v);
    }
    Ok(activity_json(StatusCode::OK, render::collection_page(&page_url(&id, q.before), &id, items, next)))
}

/// Ids per page of a partial followers collection (FEP-8fcf). A larger
/// share is paged (`first`/`next`), read in full by the receiver.
pub const SYNC_PAGE_SIZE: u32 = 100;

/// FEP-8fcf's partial followers collection: the actor's followers on the
/// host of the server that asks, which must sign the GET (in any mode:
/// who asks decides what is listed). Up to [`SYNC_PAGE_SIZE`] ids it lists
/// them itself; beyond, it is paged as the other collections are
/// (`?page=true`, then `&after=` the last id of the page before).
async fn followers_synchronization(
    State(config): State<Fed>,
    Path(name): Path<String>,
    req: Request,
) -> HttpResult<Response> {
    let state = config.to_request_data();
    let path = req.uri().path_and_query().map(|p| p.as_str()).unwrap_or("/").to_owned();
    let (mut paged, mut after) = (false, None);
    for (k, v) in url::form_urlencoded::parse(req.uri().query().unwrap_or("").as_bytes()) {
        match &*k {
            "page" => paged = v == "true",
            "after" => {
                after =
                    Some(Url::parse(&v).map_err(|_| {
                        HttpError::bad_request("invalid_parameter", "after: expected an actor id (a URL)")
                    })?);
            }
            _ => {}
        }
    }
    let signer = crate::secure::authorize_fetch(&state, req.method().as_str(), &path, req.headers()).await?;
    let actor = local_actor(&state, &name).await?;
    let followers = actor.endpoints.followers.clone().ok_or_else(|| HttpError::not_found("followers"))?;
    let id = crate::followers_sync::partial_collection_url(&followers);
    let page_link = |after: Option<&Url>| {
        let mut u = id.clone();
        u.query_pairs_mut().append_pair("page", "true");
        if let Some(a) = after {
            u.query_pairs_mut().append_pair("after", a.as_str());
        }
        u
    };
    let body = if paged {
        let mut items =
            state.store.follower_urls_on_host_page(actor.id, &signer.host, after.as_ref(), SYNC_PAGE_SIZE + 1).await?;
        let next = (items.len() > SYNC_PAGE_SIZE as usize).then(|| {
            items.truncate(SYNC_PAGE_SIZE as usize);
            page_link(items.last())
        });
        let items = items.into_iter().map(|u| json!(u)).collect();
        render::collection_page(&page_link(after.as_ref()), &id, items, next)
    } else {
        let items = state.store.follower_urls_on_host(actor.id, &signer.host).await?;
        if items.len() > SYNC_PAGE_SIZE as usize {
            render::collection(&id, i64::try_from(items.len()).unwrap_or(i64::MAX), &page_link(None))
        } else {
            json!({
                "@context": "https://www.w3.org/ns/activitystreams",
                "id": id,
                "type": "OrderedCollection",
                "totalItems": items.len(),
                "orderedItems": items,
            })
        }
    };
    let mut response = activity_json(StatusCode::OK, body);
    response.headers_mut().insert(header::CACHE_CONTROL, axum::http::HeaderValue::from_static("private"));
    Ok(response)
}

async fn followers(
    State(config): State<Fed>,
    Path(name): Path<String>,
    Query(q): Query<PageQuery>,
) -> HttpResult<Response> {
    let state = config.to_request_data();
    follow_collection(&state, name, q, true).await
}

async fn following(
    State(config): State<Fed>,
    Path(name): Path<String>,
    Query(q): Query<PageQuery>,
) -> HttpResult<Response> {
    let state = config.to_request_data();
    follow_collection(&state, name, q, false).await
}

/// At most this many members are listed (the collection is not paged: an
/// association of cities has hundreds, not millions).
pub const MAX_LISTED_MEMBERS: usize = 5000;

/// An association's members collection (404 for any other actor).
async fn members(State(config): State<Fed>, Path(name): Path<String>) -> HttpResult<Response> {
    let state = config.to_request_data();
    let actor = local_actor(&state, &name).await?;
    if actor.kind != ecities_core::actor::ActorKind::Association {
        return Err(HttpError::not_found(format!("'{name}' is not an association and has no members")));
    }
    let members = state.store.memberships(&[actor.id], MAX_LISTED_MEMBERS).await?;
    Ok(activity_json(StatusCode::OK, render::members_collection(&actor, &members)))
}

async fn follow_collection(state: &FedData, name: String, q: PageQuery, followers: bool) -> HttpResult<Response> {
    let actor = local_actor(state, &name).await?;
    let id = if followers { actor.endpoints.followers.clone() } else { actor.endpoints.following.clone() }
        .ok_or_else(|| HttpError::not_found("collection"))?;
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

#[cfg(test)]
mod tests {
    use super::*;

    fn wants(accept: &[&str]) -> bool {
        let mut headers = HeaderMap::new();
        for a in accept {
            headers.append(header::ACCEPT, a.parse().expect("a header value"));
        }
        wants_activity_json(&headers)
    }

    #[test]
    fn programs_asking_for_json_get_the_document_and_browsers_the_page() {
        for json in [
            &["application/activity+json"][..],
            &["application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\""],
            &["application/json"],
            &["Application/JSON; charset=utf-8"],
            &["text/html;q=0.5, application/json"],
            &["text/html;q=0.5", "application/json;q=0.8"],
        ] {
            assert!(wants(json), "{json:?}");
        }
        for page in [
            &["text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"][..],
            &[],
            &["*/*"],
            &["text/html, application/json"],
            &["application/json;q=0"],
            &["application/activity+json;q=0"],
            &["image/png"],
        ] {
            assert!(!wants(page), "{page:?}");
        }
    }
}
