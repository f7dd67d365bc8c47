//! The conversation under a practice on the wire (issue 22; see "Replies"
//! in docs/FEDERATION.md).
//!
//! - Receiving: a public `Create(Note)` whose `inReplyTo` is a practice or a
//!   reply held here goes to `usecases::replies::receive` (the author's
//!   policy decides on the practice's own node).
//! - Forwarding: the practice's author `Announce`s each approved reply to
//!   its followers; a node holding the practice fetches the `Note` from its
//!   own server (never trusting the announcer's copy) and stores it as
//!   approved. The author's answers reach them as its own `Create(Note)`.
//! - Serving: `GET /practices/{key}/replies` (an `OrderedCollection` of the
//!   approved replies and answers, paged like the outbox) and
//!   `GET /replies/{key}` (a local answer, or an approved question from the
//!   practice page's form, as a `Note`).

use activitypub_federation::config::{Data, FederationConfig};
use activitypub_federation::fetch::fetch_object_http;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::DateTime;
use ecities_core::actor::Actor;
use ecities_core::content::SafeHtml;
use ecities_core::reply::{IncomingReply, MAX_REPLY_HTML_CHARS, Reply, ReplyState};
use ecities_core::store::Page;
use ecities_core::time::Timestamp;
use ecities_core::usecases::replies::{self, Receipt};
use serde::Deserialize;
use serde_json::{Value, json};
use url::Url;

use crate::apub::{FedData, fetch_actor};
use crate::http::{HttpError, activity_json};
use crate::inbox::{InboxError, Received, core, internal};
use crate::wire::{PUBLIC, context, id_of, is_public, same_origin, type_of};

/// Replies per page of a `replies` collection (as the outbox).
const REPLIES_PAGE_SIZE: u32 = 20;

/// Whether an object is a reply: a `Note` (or an Article or Page) with an
/// `inReplyTo`.
pub fn is_reply(object: &Value) -> bool {
    matches!(type_of(object), Some("Note" | "Article" | "Page"))
        && object.get("inReplyTo").is_some_and(|r| id_of(r).is_some())
}

/// What a reply's `Note` says.
pub struct NoteParts<'a> {
    pub id: &'a Url,
    pub author: &'a Url,
    pub in_reply_to: &'a Url,
    /// The practice whose conversation it is (`context`).
    pub context: &'a Url,
    pub content: &'a SafeHtml,
    pub published: Timestamp,
}

/// A reply as a public `Note`; `asker` is mentioned (Mastodon notifies a
/// mentioned account) and `cc`'d.
pub fn note(parts: &NoteParts<'_>, asker: Option<&Actor>, mut cc: Vec<Value>) -> Value {
    let mut tags = Vec::new();
    if let Some(asker) = asker {
        cc.push(json!(asker.url));
        tags.push(json!({ "type": "Mention", "href": asker.url, "name": format!("@{}", asker.handle()) }));
    }
    json!({
        "id": parts.id, "type": "Note",
        "attributedTo": parts.author,
        "inReplyTo": parts.in_reply_to,
        "context": parts.context,
        "content": parts.content.as_str(),
        "mediaType": "text/html",
        "published": parts.published.to_rfc3339(),
        "to": [PUBLIC], "cc": cc,
        "tag": tags,
    })
}

fn published(object: &Value) -> Timestamp {
    object
        .get("published")
        .and_then(Value::as_str)
        .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
        .map(|d| Timestamp::from_datetime(d.to_utc()))
        .unwrap_or_else(Timestamp::now)
}

/// The reply's text as safe HTML: `content` (or the first of
/// `contentMap`), sanitised; `None` when it is too long to keep.
fn content_of(object: &Value) -> Option<SafeHtml> {
    let html = object
        .get("content")
        .and_then(Value::as_str)
        .or_else(|| {
            object.get("contentMap").and_then(Value::as_object).and_then(|m| m.values().find_map(Value::as_str))
        })
        .unwrap_or("");
    (html.chars().count() <= MAX_REPLY_HTML_CHARS).then(|| SafeHtml::sanitize(html))
}

fn receipt(outcome: Result<Receipt, ecities_core::CoreError>) -> Result<Received, InboxError> {
    match outcome.map_err(core)? {
        Receipt::Stored(r) => Ok(Received::Processed(format!("reply {} stored ({})", r.ap_id, r.state))),
        Receipt::Dropped(why) => {
            tracing::info!(reason = %why, "reply dropped");
            Ok(Received::Ignored(format!("reply dropped: {why}")))
        }
    }
}

/// A `Create` (or, with `edit`, an `Update`) of a reply from `sender` (its
/// author; the inbox checked the origin and the attribution).
pub async fn receive_reply(
    data: &Data<FedData>,
    sender: &Actor,
    object: &Value,
    edit: bool,
) -> Result<Received, InboxError> {
    let id = id_of(object).ok_or_else(|| InboxError::BadRequest("a reply without id".into()))?;
    let in_reply_to = object
        .get("inReplyTo")
        .and_then(id_of)
        .ok_or_else(|| InboxError::BadRequest("a reply without inReplyTo".into()))?;
    if !is_public(object) {
        return Ok(Received::Ignored("a reply that is not public is not kept".into()));
    }
    let Some(content) = content_of(object) else {
        return Ok(Received::Ignored(format!("a reply longer than {MAX_REPLY_HTML_CHARS} characters is not kept")));
    };
    let incoming = IncomingReply {
        ap_id: id,
        in_reply_to,
        context: object.get("context").and_then(id_of),
        content,
        published: published(object),
    };
    if edit {
        return receipt(replies::receive_edit(data.ports(), sender, &incoming).await);
    }
    receipt(replies::receive(data.ports(), sender, &incoming).await)
}

/// A `Delete` of a reply held here: removed when `sender` wrote it.
pub async fn receive_delete(data: &Data<FedData>, sender: &Actor, reply: &Reply) -> Result<Received, InboxError> {
    if replies::receive_delete(data.ports(), sender, reply).await.map_err(core)? {
        Ok(Received::Processed(format!("reply {} deleted", reply.ap_id)))
    } else {
        Err(InboxError::Forbidden(format!("only the author of {} deletes it", reply.ap_id)))
    }
}

/// An `Undo` of the `Announce` of a reply held here: the practice's author
/// took its forward back (the reply was deleted, or waits for moderation
/// again at the origin).
pub async fn receive_withdrawn(data: &Data<FedData>, sender: &Actor, reply: &Reply) -> Result<Received, InboxError> {
    if replies::receive_withdrawn(data.ports(), sender, reply).await.map_err(core)? {
        Ok(Received::Processed(format!("reply {} withdrawn by {}", reply.ap_id, sender.url)))
    } else {
        Ok(Received::Ignored(format!("{} did not forward {}", sender.url, reply.ap_id)))
    }
}

/// An `Announce` of a reply: only its practice's author forwards replies
/// (checked by the use case); the `Note` is fetched from its own server,
/// also when it is held already (forwarded again after an edit).
pub async fn receive_forwarded(data: &Data<FedData>, sender: &Actor, target: &Url) -> Result<Received, InboxError> {
    if data.urls.is_local(target) {
        return Ok(Received::Ignored(format!("{target} is a reply held here")));
    }
    if !data.domains.permits(target).await.map_err(internal)? {
        return Ok(Received::Ignored(format!("{} is blocked on this server", target.host_str().unwrap_or(""))));
    }
    let fetched = match fetch_object_http::<_, Value>(target, data).await {
        Ok(f) => f,
        Err(e) => return Ok(Received::Ignored(format!("reply {target} could not be fetched: {e}"))),
    };
    let object = fetched.object;
    let (Some(id), Some(author)) = (id_of(&object), object.get("attributedTo").and_then(id_of)) else {
        return Ok(Received::Ignored(format!("{target} has no id or no author")));
    };
    if id != *target || !same_origin(&id, &fetched.url) || !same_origin(&author, &id) {
        return Ok(Received::Ignored(format!("{target} was not served by its own server")));
    }
    if !is_reply(&object) || !is_public(&object) {
        return Ok(Received::Ignored(format!("{target} is not a public reply")));
    }
    let Some(in_reply_to) = object.get("inReplyTo").and_then(id_of) else {
        return Ok(Received::Ignored(format!("{target} is not a reply")));
    };
    let Some(content) = content_of(&object) else {
        return Ok(Received::Ignored(format!("{target} is too long to keep")));
    };
    let replier = match fetch_actor(data, &author).await {
        Ok(a) => a,
        Err(e) => return Ok(Received::Ignored(format!("the author of {target} could not be fetched: {e}"))),
    };
    let incoming = IncomingReply {
        ap_id: id,
        in_reply_to,
        context: object.get("context").and_then(id_of),
        content,
        published: published(&object),
    };
    receipt(replies::receive_forwarded(data.ports(), sender, &replier, &incoming).await)
}

/// A stored reply as its `Note` in a collection. A citizen's question
/// from the practice page's form is the actor's `Note`, saying whose
/// question it is (as the `Create` sent when it was approved).
fn reply_note(reply: &Reply, author: &Actor, practice: &Url) -> Value {
    let content = match &reply.via_form {
        Some(citizen) => ecities_core::question::note_html(citizen.name.as_deref(), &reply.content_html),
        None => reply.content_html.clone(),
    };
    note(
        &NoteParts {
            id: &reply.ap_id,
            author: &author.url,
            in_reply_to: &reply.in_reply_to,
            context: practice,
            content: &content,
            published: reply.published_at,
        },
        None,
        Vec::new(),
    )
}

#[derive(Deserialize)]
pub(crate) struct PageQuery {
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

/// `GET /practices/{key}/replies`: the approved conversation of a local
/// practice, newest first, paged like the outbox.
pub(crate) async fn collection(
    State(config): State<FederationConfig<FedData>>,
    Path(key): Path<String>,
    Query(q): Query<PageQuery>,
) -> Result<Response, HttpError> {
    let state = config.to_request_data();
    let p = state
        .store
        .practice_by_key(&key)
        .await?
        .filter(|p| p.local && p.is_listed())
        .ok_or_else(|| HttpError::not_found(format!("practice '{key}' not found")))?;
    let id = state.urls.practice_replies(&p.key);
    if q.page != Some(true) {
        let total = i64::try_from(state.store.count_approved_replies(p.id).await?).unwrap_or(i64::MAX);
        return Ok(activity_json(StatusCode::OK, crate::render::collection(&id, total, &page_url(&id, None))));
    }
    let rows = replies::approved(state.ports(), &p, Page { limit: REPLIES_PAGE_SIZE, before: q.before }).await?;
    let next = (rows.len() == REPLIES_PAGE_SIZE as usize)
        .then(|| rows.last().map(|(r, _)| page_url(&id, Some(r.id.0))))
        .flatten();
    let items = rows.iter().map(|(r, a)| reply_note(r, a, &p.ap_id)).collect();
    Ok(activity_json(StatusCode::OK, crate::render::collection_page(&page_url(&id, q.before), &id, items, next)))
}

/// `GET /replies/{key}`: a local answer as its `Note`.
pub(crate) async fn local_note(
    State(config): State<FederationConfig<FedData>>,
    Path(key): Path<String>,
) -> Result<Response, HttpError> {
    let state = config.to_request_data();
    let not_found = || HttpError::not_found(format!("reply '{key}' not found"));
    let reply = state
        .store
        .reply_by_ap_id(&state.urls.reply(&key))
        .await?
        .filter(|r| r.local && r.state == ReplyState::Approved)
        .ok_or_else(not_found)?;
    let practice = state.store.practice(reply.practice).await?;
    if practice.is_deleted() {
        return Err(not_found());
    }
    let author = state.store.actor(reply.author).await?;
    let mut doc = reply_note(&reply, &author, &practice.ap_id);
    if let Value::Object(m) = &mut doc {
        m.insert("@context".into(), context());
    }
    Ok(activity_json(StatusCode::OK, doc))
}
