//! The inbox: one path for the shared inbox and every actor's inbox.
//!
//! Order of work (cheapest and most decisive first):
//! 1. signature header, digest and signed date ([`crate::signatures::precheck`]);
//!    an unsigned or stale POST is refused here and causes no fetch;
//! 2. JSON, then origin: the activity id, the actor and the key id must all
//!    be on the same server;
//! 3. the sender's key (cache, or one fetch), RSA verification; if it fails
//!    with a cached key, the actor is fetched again once (key rotation);
//! 4. deduplication by activity id;
//! 5. the activity, through the same use cases local actions use.

use std::collections::BTreeMap;
use std::time::SystemTime;

use activitypub_federation::config::Data;
use ecities_core::CoreError;
use ecities_core::actor::{Actor, ActorKind};
use ecities_core::content::SafeHtml;
use ecities_core::follow::FollowState;
use ecities_core::hub::SubmissionState;
use ecities_core::outbox::Outbox;
use ecities_core::practice::Practice;
use ecities_core::store::{AdoptionNotice, IncomingClaim, Page, ReactionKind};
use ecities_core::time::Timestamp;
use ecities_core::usecases::engagement::{self, UndoneReaction};
use ecities_core::usecases::hub;
use ecities_core::usecases::{follows, practices, translations};
use serde_json::Value;
use url::Url;

use crate::apub::{
    FedData, FedError, FetchedPractice, fetch_actor, fetch_practice, fetch_practice_unstored, refetch_actor,
};
use crate::objects::{PRACTICE_TYPES, practice_from_object};
use crate::signatures::{Prechecked, SignatureError, host_header, precheck_request};
use crate::wire::{id_of, same_origin, type_of};

/// Why a copy of an RFC 9421 signature already used is refused.
pub(crate) const REPLAYED: &str = "this signature was already used (a replay); sign every request anew";

/// Largest inbox body we read, in bytes (Mastodon's limit is 1 MiB too).
pub const MAX_INBOX_BODY_BYTES: usize = 1024 * 1024;
/// An activity claimed this long ago and never finished belongs to a
/// process that died: a retry takes it over. Processing (with its fetches,
/// each under a timeout) never takes this long.
const INCOMING_STALE: std::time::Duration = std::time::Duration::from_secs(5 * 60);
/// What a copy that arrives while the first is being processed is told.
const IN_PROGRESS_RETRY: std::time::Duration = std::time::Duration::from_secs(60);
/// Deepest JSON nesting we parse; real activities are 4–6 levels deep.
const MAX_JSON_DEPTH: usize = 32;

/// Why an inbox POST was refused; each maps to one HTTP status.
#[derive(Debug, thiserror::Error)]
pub enum InboxError {
    #[error("the body is larger than {MAX_INBOX_BODY_BYTES} bytes")]
    TooLarge,
    #[error("{0}")]
    Unauthorized(String),
    #[error("{0}")]
    BadRequest(String),
    #[error("{0}")]
    Forbidden(String),
    #[error("{what}: more than this server accepts; retry after {} s", retry_after.as_secs().max(1))]
    RateLimited { what: String, retry_after: std::time::Duration },
    #[error("this activity is being processed right now; retry later")]
    InProgress,
    #[error("{0}")]
    Internal(String),
}

impl InboxError {
    pub fn status(&self) -> u16 {
        match self {
            Self::TooLarge => 413,
            Self::Unauthorized(_) => 401,
            Self::BadRequest(_) => 400,
            Self::Forbidden(_) => 403,
            Self::RateLimited { .. } => 429,
            Self::InProgress => 503,
            Self::Internal(_) => 500,
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            Self::TooLarge => "payload_too_large",
            Self::Unauthorized(_) => "signature_invalid",
            Self::BadRequest(_) => "bad_activity",
            Self::Forbidden(_) => "forbidden",
            Self::RateLimited { .. } => "rate_limited",
            Self::InProgress => "in_progress",
            Self::Internal(_) => "internal_error",
        }
    }

    /// For `429` and `503`: when the sender may try again (`Retry-After`).
    pub fn retry_after(&self) -> Option<std::time::Duration> {
        match self {
            Self::RateLimited { retry_after, .. } => Some(*retry_after),
            Self::InProgress => Some(IN_PROGRESS_RETRY),
            _ => None,
        }
    }
}

impl From<SignatureError> for InboxError {
    fn from(e: SignatureError) -> Self {
        Self::Unauthorized(e.to_string())
    }
}

/// What happened to an accepted POST (all answered 202).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Received {
    Processed(String),
    Duplicate,
    Ignored(String),
}

/// An inbox POST as the HTTP layer hands it over.
pub struct InboxRequest<'a> {
    pub method: &'a str,
    pub path_and_query: &'a str,
    /// Lower-case header names.
    pub headers: BTreeMap<String, String>,
    pub body: &'a [u8],
    /// The local actor whose own inbox was addressed (`None` for the
    /// shared inbox). Relay-style `Follow`s of the Public collection mean
    /// "follow this actor".
    pub addressed_actor: Option<Url>,
    /// The client's address (the socket peer), when known: fetches that an
    /// unverified request causes are charged to it.
    pub client: Option<std::net::IpAddr>,
}

fn json_depth(v: &Value) -> usize {
    match v {
        Value::Array(a) => 1 + a.iter().map(json_depth).max().unwrap_or(0),
        Value::Object(o) => 1 + o.values().map(json_depth).max().unwrap_or(0),
        _ => 0,
    }
}

/// The body of an inbox POST as JSON, refused when it is not JSON or is
/// nested deeper than [`MAX_JSON_DEPTH`]. Public for the fuzz targets.
#[doc(hidden)]
pub fn parse_activity(body: &[u8]) -> Result<Value, InboxError> {
    let activity: Value =
        serde_json::from_slice(body).map_err(|e| InboxError::BadRequest(format!("the body is not JSON: {e}")))?;
    if json_depth(&activity) > MAX_JSON_DEPTH {
        return Err(InboxError::BadRequest("the JSON is nested too deeply".into()));
    }
    Ok(activity)
}

/// Handles one inbox POST, in an `inbox` span that names the activity, its
/// type and its actor once they are read (never the signature or a key).
#[tracing::instrument(
    name = "inbox",
    skip_all,
    fields(activity = tracing::field::Empty, kind = tracing::field::Empty, actor = tracing::field::Empty)
)]
pub async fn receive(data: &Data<FedData>, req: InboxRequest<'_>) -> Result<Received, InboxError> {
    if req.body.len() > MAX_INBOX_BODY_BYTES {
        return Err(InboxError::TooLarge);
    }
    let now = SystemTime::now();
    let pre = precheck_request(
        req.method,
        data.urls.base().scheme(),
        req.path_and_query,
        &req.headers,
        Some(req.body),
        data.urls.host(),
        now,
    )?;
    if data.replays.seen(&pre) {
        return Err(InboxError::Unauthorized(REPLAYED.into()));
    }
    let key_url = pre.key_url()?;
    let host = host_header(&key_url);
    if host.is_empty() {
        return Err(InboxError::Unauthorized(format!("key id {} has no host", pre.key_id())));
    }
    let activity = parse_activity(req.body)?;
    let id = activity
        .get("id")
        .and_then(Value::as_str)
        .and_then(|s| Url::parse(s).ok())
        .ok_or_else(|| InboxError::BadRequest("the activity has no id".into()))?;
    let actor_url = activity
        .get("actor")
        .and_then(id_of)
        .ok_or_else(|| InboxError::BadRequest("the activity has no actor".into()))?;
    let kind = type_of(&activity).ok_or_else(|| InboxError::BadRequest("the activity has no type".into()))?.to_owned();
    let span = tracing::Span::current();
    span.record("activity", tracing::field::display(&id));
    span.record("kind", kind.as_str());
    span.record("actor", tracing::field::display(&actor_url));

    if !same_origin(&key_url, &actor_url) {
        return Err(InboxError::Unauthorized(format!("key {} does not belong to actor {actor_url}", pre.key_id())));
    }
    if !same_origin(&id, &actor_url) {
        return Err(InboxError::BadRequest(format!("activity {id} is not on the server of its actor {actor_url}")));
    }
    if data.urls.is_local(&actor_url) {
        return Err(InboxError::Forbidden("activities from local actors are not received over HTTP".into()));
    }
    if !data.domains.permits(&actor_url).await.map_err(internal)? {
        return Err(InboxError::Forbidden(format!("{} is blocked on this server", actor_url.host_str().unwrap_or(""))));
    }

    // Fetching an unknown sender's key is the costly part of a request
    // not verified yet: those fetches have their own budget, charged to the
    // address the request comes from — a forged key id naming a real
    // server cannot spend that server's budget.
    let fetch_budget = match req.client {
        Some(ip) => format!("key fetches caused by {ip}"),
        None => format!("key fetches from {host}"),
    };
    // A host over its request budget is refused before the signature is
    // checked (RSA is the costly part of a request); the budget is charged
    // only below, once the signature proves who sends.
    let host_budget = format!("requests from {host}");
    data.inbox_limit
        .peek(&host_budget, std::time::Instant::now())
        .map_err(|retry_after| InboxError::RateLimited { what: host_budget.clone(), retry_after })?;
    let sender = verified_sender(data, &pre, &actor_url, &fetch_budget).await?;
    if !data.replays.remember(&pre, now) {
        return Err(InboxError::Unauthorized(REPLAYED.into()));
    }
    // The host's request rate, charged only once the signature proves who
    // sends: a forged key id cannot spend a real server's budget.
    rate_limit(data, &host_budget)?;

    // Claimed before processing, marked done after: a copy is a duplicate
    // only once the first was processed; a copy during processing is told
    // to come back; a claim left by a process that died is taken over.
    let now = Timestamp::now();
    let stale_before = now.plus_millis(-i64::try_from(INCOMING_STALE.as_millis()).unwrap_or(i64::MAX));
    match data.store.claim_incoming(&id, now, stale_before).await.map_err(internal)? {
        IncomingClaim::New => {}
        IncomingClaim::Duplicate => return Ok(Received::Duplicate),
        IncomingClaim::InProgress => return Err(InboxError::InProgress),
    }
    let claimed = Claimed { id: &id, finished: std::sync::atomic::AtomicBool::new(false) };
    let outcome = dispatch(data, &sender, &kind, &activity, req.addressed_actor.as_ref(), &claimed).await;
    match &outcome {
        // Marked processed in the transaction that stored it.
        Ok(_) if claimed.finished.load(std::sync::atomic::Ordering::Relaxed) => {}
        // Our failure (the sender will retry): let the retry through.
        Err(InboxError::Internal(e)) => {
            tracing::info!(activity = %id, actor = %sender.url, error = %e, "inbox activity failed; the retry will be processed");
            let _ = data.store.forget_incoming(&id).await;
        }
        // Processed, or refused on the merits: a replay is a no-op.
        Ok(_) | Err(_) => {
            if let Err(e) = &outcome {
                tracing::info!(activity = %id, actor = %sender.url, error = %e, "inbox activity refused");
            }
            if let Err(e) = data.store.finish_incoming(&id).await {
                tracing::warn!(activity = %id, error = %e, "could not mark an activity processed; a copy after {} s would be processed again", INCOMING_STALE.as_secs());
            }
        }
    }
    // FEP-8fcf: the sender's digest of its followers here; a mismatch is
    // repaired in the background (the answer does not wait for it).
    if outcome.is_ok()
        && let Some(value) = req.headers.get(crate::followers_sync::HEADER)
    {
        let (data, sender, value) = (data.reset_request_count(), sender.clone(), value.clone());
        tokio::spawn(async move { crate::followers_sync::receive(&data, &sender, &value).await });
    }
    outcome
}

/// Takes one request from `bucket`'s budget (see [`crate::ratelimit`]).
fn rate_limit(data: &Data<FedData>, bucket: &str) -> Result<(), InboxError> {
    data.inbox_limit
        .check(bucket, std::time::Instant::now())
        .map_err(|retry_after| InboxError::RateLimited { what: bucket.to_owned(), retry_after })
}

/// Checks the signature with the sender's key, fetching the actor at most
/// once per request: on a cache miss; or, when a cached key fails (the
/// actor may have rotated it), once more — unless the cached copy is
/// younger than [`KEY_REFETCH_AFTER`], so a stream of forged signatures
/// naming a known actor causes no fetches at all.
pub(crate) async fn verified_sender(
    data: &Data<FedData>,
    pre: &Prechecked,
    actor_url: &Url,
    fetch_budget: &str,
) -> Result<Actor, InboxError> {
    let cached = data.store.actor_by_url(actor_url).await.map_err(internal)?;
    let (actor, fetched_now) = match cached {
        Some(a) => (a, false),
        None => {
            rate_limit(data, fetch_budget)?;
            (fetch_actor(data, actor_url).await.map_err(unreachable_actor)?, true)
        }
    };
    match pre.verify(&actor.public_key_pem) {
        Ok(()) => Ok(actor),
        Err(SignatureError::Invalid(_) | SignatureError::BadKey(_))
            if !fetched_now && !actor.local && refreshed_long_ago(&actor) =>
        {
            rate_limit(data, fetch_budget)?;
            let fresh = refetch_actor(data, actor_url).await.map_err(unreachable_actor)?;
            pre.verify(&fresh.public_key_pem)?;
            Ok(fresh)
        }
        Err(e) => Err(e.into()),
    }
}

/// A cached actor refreshed less than this long ago is not fetched again
/// because a signature failed with its key.
pub const KEY_REFETCH_AFTER: std::time::Duration = std::time::Duration::from_secs(5 * 60);

fn refreshed_long_ago(actor: &Actor) -> bool {
    let age_ms = Timestamp::now().0 - actor.last_refreshed_at.0;
    age_ms > i64::try_from(KEY_REFETCH_AFTER.as_millis()).unwrap_or(i64::MAX)
}

fn unreachable_actor(e: FedError) -> InboxError {
    InboxError::Unauthorized(format!("the sender's key could not be fetched: {e}"))
}

pub(crate) fn internal(e: CoreError) -> InboxError {
    InboxError::Internal(e.to_string())
}

pub(crate) fn core(e: CoreError) -> InboxError {
    match e {
        CoreError::Forbidden(m) | CoreError::Unauthorized(m) => InboxError::Forbidden(m),
        CoreError::Invalid(_)
        | CoreError::NotFound(_)
        | CoreError::Conflict(_)
        | CoreError::TooLarge(_)
        | CoreError::UnsupportedMedia(_) => InboxError::BadRequest(e.to_string()),
        CoreError::Storage(m) | CoreError::Internal(m) => InboxError::Internal(m),
    }
}

async fn local_actor(data: &Data<FedData>, url: Option<Url>) -> Result<Option<Actor>, InboxError> {
    let Some(url) = url.filter(|u| data.urls.is_local(u)) else {
        return Ok(None);
    };
    Ok(data.store.actor_by_url(&url).await.map_err(internal)?.filter(|a| a.local))
}

/// An inbox activity by type: what the inbox handles is this enum, read
/// once from the JSON ([`InboxActivity::parse`]); every other type is
/// `Other`, answered 202 and ignored. The checks of each activity (who may
/// send it, what its object must be) stay where it is processed.
#[derive(Debug, Clone, PartialEq)]
pub enum InboxActivity<'a> {
    /// Follow a local actor: `object` names it; or (`public`) the object is
    /// the Public collection, in any spelling: a relay subscription to the
    /// actor whose inbox was addressed, or at the shared inbox to the
    /// node's relay actor ([`shared_inbox_relay`]).
    Follow {
        id: Option<Url>,
        object: Option<Url>,
        public: bool,
    },
    /// Accept of one of our `Follow`s (embedded or by id).
    Accept {
        follow: &'a Value,
    },
    /// Reject of one of our `Follow`s, or an association refusing one of
    /// our practices (the object is the practice or its `Create`).
    Reject {
        object: &'a Value,
    },
    /// A relay (or boost): the object, or the `Create`/`Update`/`Delete` of it.
    Announce {
        object: &'a Value,
        moderated: bool,
    },
    /// Undo of a `Follow` (embedded or by id) or of an `Announce` (embedded);
    /// other undos are ignored.
    Undo {
        object: &'a Value,
    },
    /// A post, or the sender's own actor document. `archive`: marked as an
    /// item of the sender's imported archive (history).
    Create {
        object: &'a Value,
        archive: bool,
    },
    Update {
        object: &'a Value,
    },
    /// Delete of a post, or of the sender's account.
    Delete {
        object: Option<Url>,
    },
    /// A like of a practice (by id or embedded): counted for our own.
    Like {
        id: Option<Url>,
        object: &'a Value,
    },
    /// An association or knowledge space asks for one of our practices in
    /// `language` (`targetLanguage`).
    TranslationRequest {
        object: Option<Url>,
        language: Option<&'a str>,
    },
    /// Any other type: accepted and ignored.
    Other(&'a str),
}

/// What an activity without an `object` has as its object.
static NO_OBJECT: Value = Value::Null;

impl<'a> InboxActivity<'a> {
    /// Reads an activity of type `kind` (its `type`). Never fails: what an
    /// activity lacks is refused, or ignored, where it is processed.
    pub fn parse(kind: &'a str, activity: &'a Value) -> Self {
        let object = activity.get("object").unwrap_or(&NO_OBJECT);
        match kind {
            "Follow" => {
                let named = match object {
                    Value::String(s) => Some(s.as_str()),
                    o => o.get("id").and_then(Value::as_str),
                };
                let public = named.is_some_and(crate::wire::is_public_iri);
                Self::Follow {
                    id: activity.get("id").and_then(id_of),
                    object: if public { None } else { id_of(object) },
                    public,
                }
            }
            "Accept" => Self::Accept { follow: object },
            "Reject" => Self::Reject { object },
            "Announce" => Self::Announce {
                object,
                moderated: activity.get("moderated").and_then(Value::as_bool).unwrap_or(false),
            },
            "Undo" => Self::Undo { object },
            "Create" => {
                Self::Create { object, archive: activity.get("archive").and_then(Value::as_bool).unwrap_or(false) }
            }
            "Update" => Self::Update { object },
            "Delete" => Self::Delete { object: id_of(object) },
            "Like" => Self::Like { id: activity.get("id").and_then(id_of), object },
            "TranslationRequest" => Self::TranslationRequest {
                object: id_of(object),
                language: activity.get("targetLanguage").and_then(Value::as_str),
            },
            other => Self::Other(other),
        }
    }
}

/// The activity being processed, claimed with `claim_incoming`: a use case
/// that marks it processed in its own transaction sets `finished`, and the
/// inbox then skips `finish_incoming` (one write less per activity).
struct Claimed<'a> {
    id: &'a Url,
    finished: std::sync::atomic::AtomicBool,
}

async fn dispatch(
    data: &Data<FedData>,
    sender: &Actor,
    kind: &str,
    activity: &Value,
    addressed: Option<&Url>,
    claimed: &Claimed<'_>,
) -> Result<Received, InboxError> {
    let ports = data.ports();
    match InboxActivity::parse(kind, activity) {
        InboxActivity::Follow { id, object, public } => {
            // Mastodon-style relay subscriptions follow the Public
            // collection: at an actor's inbox that means this actor, at the
            // shared inbox the node's relay actor.
            let target = match (public, addressed) {
                (true, Some(addressed)) => local_actor(data, Some(addressed.clone())).await?,
                (true, None) => shared_inbox_relay(data).await?,
                (false, _) => local_actor(data, object).await?,
            };
            let Some(target) = target else {
                if public {
                    tracing::info!(subscriber = %sender.url, "relay subscription at the shared inbox of a node without an association; ignored");
                    return Ok(Received::Ignored(
                        "relay subscription: no association on this node answers for the shared inbox".into(),
                    ));
                }
                return Ok(Received::Ignored("Follow of an actor that is not hosted here".into()));
            };
            let id = id.ok_or_else(|| InboxError::BadRequest("Follow without id".into()))?;
            let follow = follows::receive_follow(ports, sender, &target, &id).await.map_err(core)?;
            if follow.state == FollowState::Pending {
                return Ok(Received::Processed(format!(
                    "{} asks to follow {}; awaiting approval",
                    sender.url, target.url
                )));
            }
            Ok(Received::Processed(format!("{} follows {}", sender.url, target.url)))
        }
        InboxActivity::Reject { object }
            if type_of(object) != Some("Follow") && !is_our_follow(data, object).await? =>
        {
            receive_rejection(data, sender, activity, object).await
        }
        InboxActivity::Accept { follow: object } | InboxActivity::Reject { object } => {
            let follow_id = id_of(object);
            let follower = local_actor(data, object.get("actor").and_then(id_of)).await?;
            let accepted = kind == "Accept";
            follows::receive_answer(ports, sender, follow_id.as_ref(), follower.as_ref(), accepted)
                .await
                .map_err(core)?;
            if accepted && crate::backfill::wanted_from(sender) {
                let (data, sender) = (data.reset_request_count(), sender.clone());
                tokio::spawn(async move { crate::backfill::backfill(&data, &sender).await });
            }
            Ok(Received::Processed(format!("{kind} from {}", sender.url)))
        }
        InboxActivity::Announce { object, moderated } => {
            let id = activity
                .get("id")
                .and_then(id_of)
                .ok_or_else(|| InboxError::BadRequest("Announce without id".into()))?;
            receive_announce(data, sender, &id, object, moderated).await
        }
        InboxActivity::Undo { object } if type_of(object) == Some("Announce") => {
            // An announcer takes its relay back (a knowledge space
            // unfeatured a practice): it leaves the practice's provenance.
            // Only the sender's own relay is touched, whatever the object says.
            let Some(object_id) = object.get("object").and_then(id_of) else {
                return Ok(Received::Ignored("Undo of an Announce without its object".into()));
            };
            let Some(practice) = data.store.practice_by_ap_id(&object_id).await.map_err(internal)? else {
                if let Some(reply) = data.store.reply_by_ap_id(&object_id).await.map_err(internal)? {
                    return crate::replies::receive_withdrawn(data, sender, &reply).await;
                }
                return Ok(Received::Ignored("Undo of an Announce of something we do not hold".into()));
            };
            if engagement::counts_as_engagement(sender.kind) {
                let undone = UndoneReaction::Of(&practice, ReactionKind::Boost);
                if engagement::receive_undo_reaction(ports, sender, undone).await.map_err(core)? {
                    return Ok(Received::Processed(format!("{} no longer boosts {object_id}", sender.url)));
                }
            }
            if data.store.remove_relay(practice.id, sender.id).await.map_err(internal)? {
                Ok(Received::Processed(format!("{} no longer relays {object_id}", sender.url)))
            } else {
                Ok(Received::Ignored("Undo of an Announce we did not record".into()))
            }
        }
        InboxActivity::Undo { object } if type_of(object) == Some("Like") => {
            receive_undo_like(data, sender, object).await
        }
        InboxActivity::Like { id, object } => receive_like(data, sender, id, object).await,
        InboxActivity::Undo { object } => {
            let inner_type = type_of(object).unwrap_or("");
            if inner_type != "Follow" && !object.is_string() {
                return Ok(Received::Ignored(format!("Undo of {inner_type}")));
            }
            // The undone Follow: by its id, or by the actor it followed.
            let target = match object.get("object").and_then(id_of) {
                Some(t) => local_actor(data, Some(t)).await?,
                None => match id_of(object) {
                    Some(follow_id) => match data.store.follow_by_activity(&follow_id).await.map_err(internal)? {
                        Some(f) if f.follower == sender.id => Some(data.store.actor(f.target).await.map_err(internal)?),
                        _ => None,
                    },
                    None => None,
                },
            };
            let Some(target) = target else {
                // An Undo naming only an activity id may take back a like.
                if let Some(id) = object.as_str().and_then(|s| Url::parse(s).ok())
                    && engagement::receive_undo_reaction(ports, sender, UndoneReaction::Activity(&id))
                        .await
                        .map_err(core)?
                {
                    return Ok(Received::Processed(format!("{} took back {id}", sender.url)));
                }
                return Ok(Received::Ignored("Undo of a follow we do not know".into()));
            };
            follows::receive_unfollow(ports, sender, &target).await.map_err(core)?;
            Ok(Received::Processed(format!("{} unfollowed {}", sender.url, target.url)))
        }
        InboxActivity::Create { object, archive } => receive_object(data, sender, kind, object, archive, claimed).await,
        InboxActivity::Update { object } => receive_object(data, sender, kind, object, false, claimed).await,
        InboxActivity::Delete { object } => {
            let Some(object_id) = object else {
                return Err(InboxError::BadRequest("Delete without an object".into()));
            };
            if object_id == sender.url {
                // The account is gone (a deleted Mastodon account, a removed
                // ecities topic): so are its follows, both ways.
                let removed = data.store.remove_follows_of(sender.id).await.map_err(internal)?;
                return Ok(Received::Processed(format!(
                    "{} deleted its account; {removed} follow(s) removed",
                    sender.url
                )));
            }
            if !same_origin(&object_id, &sender.url) {
                return Err(InboxError::Forbidden("an actor can only delete its own objects".into()));
            }
            if let Some(reply) = data.store.reply_by_ap_id(&object_id).await.map_err(internal)? {
                return crate::replies::receive_delete(data, sender, &reply).await;
            }
            practices::receive_delete(ports, sender, &object_id).await.map_err(core)?;
            Ok(Received::Processed(format!("deleted {object_id}")))
        }
        InboxActivity::TranslationRequest { object, language } => {
            let (Some(object), Some(language)) = (object, language) else {
                return Err(InboxError::BadRequest("TranslationRequest without object or targetLanguage".into()));
            };
            let Some(practice) = data.store.practice_by_ap_id(&object).await.map_err(internal)?.filter(|p| p.local)
            else {
                return Ok(Received::Ignored(format!("translation request for {object}, not a practice of ours")));
            };
            let (_, new) = translations::receive_request(ports, sender, &practice, language).await.map_err(core)?;
            Ok(if new {
                Received::Processed(format!("{} asks for {} in {language}", sender.url, practice.ap_id))
            } else {
                Received::Ignored("translation request already recorded".into())
            })
        }
        InboxActivity::Other(other) => Ok(Received::Ignored(format!("activity type {other} is not handled"))),
    }
}

/// `Create`/`Update` of a post (stored as a practice) or of the sender's
/// own actor document (profile refresh). `archive`: a `Create` marked as
/// history (see [`practices::receive`]).
async fn receive_object(
    data: &Data<FedData>,
    sender: &Actor,
    kind: &str,
    object: &Value,
    archive: bool,
    claimed: &Claimed<'_>,
) -> Result<Received, InboxError> {
    let object_type = type_of(object).unwrap_or("");
    let Some(object_id) = id_of(object) else {
        return Err(InboxError::BadRequest(format!("{kind} without an object")));
    };
    if !same_origin(&object_id, &sender.url) {
        // Only the origin server speaks for an object (FEP-fe34); relayed
        // copies arrive as Announce and are fetched from their origin.
        return Err(InboxError::Forbidden(format!("{object_id} is not on the server of {}", sender.url)));
    }
    if kind == "Update" && object_id == sender.url {
        refetch_actor(data, &sender.url).await.map_err(|e| InboxError::BadRequest(e.to_string()))?;
        return Ok(Received::Processed("profile refreshed".into()));
    }
    if !object.is_object() {
        return Ok(Received::Ignored(format!("{kind} with an object given only by id")));
    }
    if !PRACTICE_TYPES.contains(&object_type) {
        return Ok(Received::Ignored(format!("{kind} of {object_type}")));
    }
    if let Some(attributed) = object.get("attributedTo").and_then(id_of)
        && attributed != sender.url
    {
        return Err(InboxError::Forbidden("the object is attributed to someone else".into()));
    }
    // A reply (a Note answering a practice or a reply held here) joins a
    // conversation; it never becomes a practice.
    if crate::replies::is_reply(object) {
        return crate::replies::receive_reply(data, sender, object, kind == "Update").await;
    }
    // The rule every remote object obeys, however it arrives (public, not
    // a reply, author on its own server): here, and when fetched after an
    // Announce, by backfill or by a refetch.
    // Its author may address it to followers or named actors only: it is
    // kept with that audience, off every public surface here.
    if let Err(why) = crate::objects::admissible_addressed(object) {
        return Ok(Received::Ignored(why.to_string()));
    }
    // Only what a local actor asked for is stored: anyone can sign an
    // activity, but nobody can fill our search index uninvited.
    // A practice held here (relayed by an association, say) is kept up to
    // date by its author even when nobody here follows the author: its
    // `Update` (a new language a curator asked for) is what was asked for.
    let held = kind == "Update"
        && data.store.practice_by_ap_id(&object_id).await.map_err(internal)?.is_some_and(|p| !p.is_deleted());
    if !held && !followed_locally(data, sender).await? {
        // Not stored, but a practice that adapted one of ours is kept as
        // its adoption (the origin is told by the Create itself).
        if object.get("adoptedFrom").is_some() {
            return receive_adoption(data, sender, object).await;
        }
        return Ok(Received::Ignored("no local actor follows the sender".into()));
    }
    let mut new = practice_from_object(object, sender.id, data.outbox.new_key())
        .map_err(|e| InboxError::BadRequest(e.to_string()))?;
    new.details.audience = crate::objects::audience_of(object, sender.endpoints.followers.as_ref());
    crate::media::fetch_attachments(data, &mut new).await;
    let stored = practices::receive(data.ports(), sender, &new, archive, Some(claimed.id)).await.map_err(core)?;
    claimed.finished.store(true, std::sync::atomic::Ordering::Relaxed);
    Ok(Received::Processed(format!("{kind} stored {}", stored.ap_id)))
}

/// A `Create`/`Update` from an author nobody here follows whose object
/// names practices of ours in `adoptedFrom`: kept as their adoption.
async fn receive_adoption(data: &Data<FedData>, sender: &Actor, object: &Value) -> Result<Received, InboxError> {
    let new = practice_from_object(object, sender.id, data.outbox.new_key())
        .map_err(|e| InboxError::BadRequest(e.to_string()))?;
    let notice = AdoptionNotice {
        practice: new.ap_id.clone(),
        adopter: sender.id,
        title: new.title,
        country: new.country.or_else(|| sender.country.clone()),
        at: new.published_at,
        sources: new.details.adopted_from,
    };
    let kept = engagement::receive_adoption(data.ports(), sender, notice).await.map_err(core)?;
    if kept == 0 {
        return Ok(Received::Ignored("no local actor follows the sender".into()));
    }
    tracing::info!(adopter = %sender.url, practice = %new.ap_id, "a practice of ours was adopted");
    Ok(Received::Processed(format!("{} adopted {kept} practice(s) of ours", new.ap_id)))
}

/// The local practice a `Like` or `Announce` names (by id or embedded), if
/// it is one.
async fn our_practice(data: &Data<FedData>, object: &Value) -> Result<Option<Practice>, InboxError> {
    let Some(target) = id_of(object).filter(|t| data.urls.is_local(t)) else { return Ok(None) };
    Ok(data.store.practice_by_ap_id(&target).await.map_err(internal)?.filter(|p| p.local))
}

/// A `Like`: counted when it names one of our practices, once per actor.
async fn receive_like(
    data: &Data<FedData>,
    sender: &Actor,
    id: Option<Url>,
    object: &Value,
) -> Result<Received, InboxError> {
    let id = id.ok_or_else(|| InboxError::BadRequest("Like without id".into()))?;
    let Some(practice) = our_practice(data, object).await? else {
        return Ok(Received::Ignored("Like of something that is not a practice of ours".into()));
    };
    let counted =
        engagement::receive_reaction(data.ports(), sender, &practice, ReactionKind::Like, &id).await.map_err(core)?;
    if counted {
        Ok(Received::Processed(format!("{} likes {}", sender.url, practice.ap_id)))
    } else {
        Ok(Received::Ignored(format!(
            "like of {} not counted (counted already, or not counted from this actor)",
            practice.ap_id
        )))
    }
}

/// `Undo` of a `Like` (embedded): by the practice it liked, or by its id.
async fn receive_undo_like(data: &Data<FedData>, sender: &Actor, like: &Value) -> Result<Received, InboxError> {
    let ports = data.ports();
    let practice = match like.get("object") {
        Some(object) => our_practice(data, object).await?,
        None => None,
    };
    let taken = match (&practice, id_of(like)) {
        (Some(p), _) => {
            engagement::receive_undo_reaction(ports, sender, UndoneReaction::Of(p, ReactionKind::Like)).await
        }
        (None, Some(id)) => engagement::receive_undo_reaction(ports, sender, UndoneReaction::Activity(&id)).await,
        (None, None) => return Ok(Received::Ignored("Undo of a Like without its object".into())),
    }
    .map_err(core)?;
    if taken {
        Ok(Received::Processed(format!("{} took back a like", sender.url)))
    } else {
        Ok(Received::Ignored("Undo of a like we did not count".into()))
    }
}

/// The actor that answers a relay subscription (a `Follow` of the Public
/// collection) sent to the shared inbox: the node's first association (the
/// one created first), whose Announces are what a relay carries; `None`
/// on a node without one.
async fn shared_inbox_relay(data: &Data<FedData>) -> Result<Option<Actor>, InboxError> {
    let actors = data.store.local_actors().await.map_err(internal)?;
    Ok(actors.into_iter().filter(|a| a.kind == ActorKind::Association).min_by_key(|a| a.id))
}

/// An association refused one of our practices: the `Reject`'s object is
/// the practice (by id or embedded) or its `Create`; the reason is in
/// `summary` (text) or `content` (HTML). Recorded for the city's API.
async fn receive_rejection(
    data: &Data<FedData>,
    sender: &Actor,
    activity: &Value,
    object: &Value,
) -> Result<Received, InboxError> {
    let target = match type_of(object) {
        Some("Create" | "Update") => object.get("object").and_then(id_of),
        _ => id_of(object),
    };
    let practice = match target.filter(|t| data.urls.is_local(t)) {
        Some(t) => data.store.practice_by_ap_id(&t).await.map_err(internal)?,
        None => None,
    };
    let Some(practice) = practice.filter(|p| p.local) else {
        return Ok(Received::Ignored("Reject of something that is not a practice of ours".into()));
    };
    let reason =
        match (activity.get("summary").and_then(Value::as_str), activity.get("content").and_then(Value::as_str)) {
            (Some(text), _) if !text.trim().is_empty() => Some(SafeHtml::sanitize(text).plain_text()),
            (_, Some(html)) => Some(SafeHtml::sanitize(html).plain_text()),
            _ => None,
        };
    hub::receive_decision(data.ports(), sender, &practice, SubmissionState::Rejected, reason.as_deref())
        .await
        .map_err(core)?;
    tracing::info!(association = %sender.url, practice = %practice.ap_id, reason = reason.as_deref().unwrap_or(""), "a practice was not relayed");
    Ok(Received::Processed(format!("{} rejected {}", sender.url, practice.ap_id)))
}

/// An association announced one of our own practices: a member's practice
/// relayed (provenance), and with `"moderated": true` a moderator's
/// approval the city sees. Only from an association the author is a member
/// of (the announcer follows the author); edits and deletions of our own
/// practices announced back to us change nothing.
async fn receive_announce_of_ours(
    data: &Data<FedData>,
    sender: &Actor,
    activity_id: &Url,
    target: &Url,
    inner: Option<&str>,
    moderated: bool,
) -> Result<Received, InboxError> {
    if inner.is_some_and(|t| t != "Create") {
        return Ok(Received::Ignored(format!("{} announced a change to our own {target}", sender.url)));
    }
    let Some(practice) = data.store.practice_by_ap_id(target).await.map_err(internal)?.filter(|p| p.local) else {
        return Ok(dropped(sender, target, "it is not a practice here"));
    };
    if moderated && sender.kind == ActorKind::KnowledgeSpace {
        // A featuring: the knowledge space's own signed claim, kept in the
        // practice's chain whether or not it follows the author.
        hub::receive_featuring(data.ports(), sender, &practice).await.map_err(core)?;
        return Ok(Received::Processed(format!("{} featured {target}", sender.url)));
    }
    if engagement::counts_as_engagement(sender.kind) {
        // An ordinary account's Announce is a boost: counted, not provenance.
        let counted = engagement::receive_reaction(data.ports(), sender, &practice, ReactionKind::Boost, activity_id)
            .await
            .map_err(core)?;
        return Ok(if counted {
            Received::Processed(format!("{} boosted {target}", sender.url))
        } else {
            Received::Ignored(format!("boost of {target} counted already"))
        });
    }
    let member = data
        .store
        .follow(sender.id, practice.author)
        .await
        .map_err(internal)?
        .is_some_and(|f| f.state == FollowState::Accepted);
    if !member && !followed_locally(data, sender).await? {
        return Ok(Received::Ignored(
            "an Announce from an actor that neither follows the author nor is followed".into(),
        ));
    }
    if moderated && member && sender.kind == ActorKind::Association {
        // The relay and the approval the city sees, in one transaction.
        hub::receive_approved_relay(data.ports(), sender, &practice).await.map_err(core)?;
    } else {
        data.store.record_relay(practice.id, sender.id, moderated, Timestamp::now(), &[]).await.map_err(internal)?;
    }
    Ok(Received::Processed(format!("relayed {target}")))
}

/// Whether a `Reject`'s object is one of our `Follow`s (by id or embedded).
async fn is_our_follow(data: &Data<FedData>, object: &Value) -> Result<bool, InboxError> {
    let Some(id) = id_of(object) else { return Ok(false) };
    Ok(data.store.follow_by_activity(&id).await.map_err(internal)?.is_some())
}

/// An `Announce` (a relay by an association, or a boost): the object is
/// fetched from its origin — never taken from the announcer — and the
/// announcer is recorded in its provenance. Announces are never relayed
/// further, so hubs following each other cannot loop.
async fn receive_announce(
    data: &Data<FedData>,
    sender: &Actor,
    activity_id: &Url,
    object: &Value,
    moderated: bool,
) -> Result<Received, InboxError> {
    let inner = type_of(object);
    let target = match inner {
        Some("Create" | "Update" | "Delete") => object.get("object").and_then(id_of),
        _ => id_of(object),
    }
    .ok_or_else(|| InboxError::BadRequest("Announce without an object".into()))?;
    // A practice's author passing an approved reply on (see crate::replies).
    if crate::replies::is_reply(object) {
        return crate::replies::receive_forwarded(data, sender, &target).await;
    }
    // An embedded object of a type we do not store (a `Video`, a
    // `Question`): well-formed, so 202, and not worth a fetch.
    if let Some(t) = inner.filter(|t| !matches!(*t, "Create" | "Update" | "Delete") && !PRACTICE_TYPES.contains(t)) {
        return Ok(dropped(sender, &target, &format!("objects of type {t} are not stored")));
    }
    if data.urls.is_local(&target) {
        return receive_announce_of_ours(data, sender, activity_id, &target, inner, moderated).await;
    }
    if !followed_locally(data, sender).await? {
        return Ok(Received::Ignored("no local actor follows the announcer".into()));
    }
    if let Some(author) = object.get("actor").and_then(id_of).filter(|_| inner.is_some())
        && !same_origin(&author, &target)
    {
        return Err(InboxError::BadRequest(format!("{target} is not on the server of {author}")));
    }
    if !data.domains.permits(&target).await.map_err(internal)? {
        return Err(InboxError::Forbidden(format!("{} is blocked on this server", target.host_str().unwrap_or(""))));
    }
    match inner {
        Some("Delete") => {
            // Gone at the origin (404/410, or a Tombstone) means gone here.
            let still_there = match fetch_practice(data, &target, true).await {
                Ok(p) => !p.is_deleted(),
                Err(FedError::Apf(
                    activitypub_federation::error::Error::NotFound
                    | activitypub_federation::error::Error::ObjectDeleted(_),
                )) => false,
                Err(FedError::Core(e @ (CoreError::Storage(_) | CoreError::Internal(_)))) => return Err(internal(e)),
                Err(e) => return Ok(dropped(sender, &target, &format!("it could not be checked at its origin: {e}"))),
            };
            if still_there {
                return Ok(Received::Ignored(format!("{target} still exists at its origin")));
            }
            if let Some(p) = data.store.practice_by_ap_id(&target).await.map_err(internal)?
                && !p.local
                && !p.is_deleted()
            {
                data.store.delete_practice(p.id, Timestamp::now(), &[], &[]).await.map_err(internal)?;
                ecities_core::usecases::attachments::forget_unused(data.ports(), &p.details.attachments).await;
            }
            Ok(Received::Processed(format!("relayed deletion of {target}")))
        }
        _ => {
            // Fetched without storing, then the copy and its relay are
            // written in one transaction.
            let fetched = match fetch_practice_unstored(data, &target, inner == Some("Update")).await {
                Ok(fetched) => fetched,
                // Our database failed: the sender's retry must be
                // processed, not answered as a duplicate.
                Err(FedError::Core(e @ (CoreError::Storage(_) | CoreError::Internal(_)))) => return Err(internal(e)),
                // Gone, unreachable, not a type we store, not public, a
                // reply: nothing wrong with the Announce itself.
                Err(e) => return Ok(dropped(sender, &target, &format!("it could not be taken from its origin: {e}"))),
            };
            match fetched {
                FetchedPractice::Stored(practice) => {
                    data.store
                        .record_relay(practice.id, sender.id, moderated, Timestamp::now(), &[])
                        .await
                        .map_err(internal)?;
                }
                FetchedPractice::Remote(new) => {
                    match practices::store_relayed(data.ports(), &new, sender, moderated).await {
                        Ok(_) => {}
                        Err(e @ (CoreError::Storage(_) | CoreError::Internal(_))) => return Err(internal(e)),
                        Err(e) => return Ok(dropped(sender, &target, &e.to_string())),
                    }
                }
            }
            Ok(Received::Processed(format!("relayed {target}")))
        }
    }
}

/// An `Announce` of something this node does not take in (a type it does
/// not store, an object it cannot fetch or may not keep): the Announce is
/// well-formed, so it is answered 202 and dropped, with a log line.
fn dropped(sender: &Actor, target: &Url, why: &str) -> Received {
    tracing::info!(announcer = %sender.url, object = %target, reason = why, "announced object dropped");
    Received::Ignored(format!("Announce of {target} dropped: {why}"))
}

async fn followed_locally(data: &Data<FedData>, sender: &Actor) -> Result<bool, InboxError> {
    let following =
        data.store.followers(sender.id, Some(FollowState::Accepted), Page::first(10)).await.map_err(internal)?;
    Ok(following.iter().any(|(_, a)| a.local))
}

/// How long a processed activity id is remembered. Senders retry for days
/// (Mastodon for about a week) with fresh signatures, so a lost answer must
/// not make us process a retry twice; after this, ids are forgotten so
/// the table does not grow forever with what strangers send.
pub const INCOMING_RETENTION: std::time::Duration = std::time::Duration::from_secs(30 * 24 * 60 * 60);
/// How often old ids are pruned.
const PRUNE_INTERVAL: std::time::Duration = std::time::Duration::from_secs(60 * 60);

/// Prunes remembered activity ids older than [`INCOMING_RETENTION`], at
/// start and then every [`PRUNE_INTERVAL`], until `shutdown` turns true.
pub async fn run_pruner(
    store: std::sync::Arc<dyn ecities_core::store::Store>,
    mut shutdown: tokio::sync::watch::Receiver<bool>,
) {
    loop {
        let retention_ms = i64::try_from(INCOMING_RETENTION.as_millis()).unwrap_or(i64::MAX);
        match store.prune_incoming(Timestamp::now().plus_millis(-retention_ms)).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(pruned = n, "forgot old received activity ids"),
            Err(e) => tracing::warn!(error = %e, "pruning received activity ids failed; trying again later"),
        }
        tokio::select! {
            _ = tokio::time::sleep(PRUNE_INTERVAL) => {},
            _ = shutdown.changed() => return,
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn url(s: &str) -> Url {
        Url::parse(s).expect("a URL")
    }

    #[test]
    fn a_follow_names_its_id_and_the_followed_actor_embedded_or_not() {
        let by_id = json!({"id": "https://b.example/f/1", "type": "Follow", "object": "https://a.example/actors/x"});
        assert_eq!(
            InboxActivity::parse("Follow", &by_id),
            InboxActivity::Follow {
                id: Some(url("https://b.example/f/1")),
                object: Some(url("https://a.example/actors/x")),
                public: false,
            }
        );
        let embedded = json!({"type": "Follow", "object": {"id": "https://a.example/actors/x", "type": "Group"}});
        assert_eq!(
            InboxActivity::parse("Follow", &embedded),
            InboxActivity::Follow { id: None, object: Some(url("https://a.example/actors/x")), public: false }
        );
    }

    #[test]
    fn a_follow_of_the_public_collection_in_any_spelling_is_a_relay_subscription() {
        for public in [
            json!("https://www.w3.org/ns/activitystreams#Public"),
            json!("as:Public"),
            json!("Public"),
            json!({"id": "as:Public"}),
        ] {
            let follow = json!({"id": "https://m.example/f/1", "type": "Follow", "object": public});
            assert_eq!(
                InboxActivity::parse("Follow", &follow),
                InboxActivity::Follow { id: Some(url("https://m.example/f/1")), object: None, public: true },
                "{public}"
            );
        }
    }

    #[test]
    fn an_announce_is_unmoderated_unless_it_says_so() {
        let plain = json!({"type": "Announce", "object": "https://c.example/p/1"});
        assert_eq!(
            InboxActivity::parse("Announce", &plain),
            InboxActivity::Announce { object: &json!("https://c.example/p/1"), moderated: false }
        );
        let approved = json!({"type": "Announce", "object": "https://c.example/p/1", "moderated": true});
        assert!(matches!(InboxActivity::parse("Announce", &approved), InboxActivity::Announce { moderated: true, .. }));
    }

    #[test]
    fn an_activity_without_an_object_has_none_and_unknown_types_are_other() {
        let bare = json!({"type": "Delete"});
        assert_eq!(InboxActivity::parse("Delete", &bare), InboxActivity::Delete { object: None });
        assert_eq!(InboxActivity::parse("Undo", &bare), InboxActivity::Undo { object: &Value::Null });
        assert_eq!(InboxActivity::parse("Like", &bare), InboxActivity::Like { id: None, object: &Value::Null });
        assert_eq!(InboxActivity::parse("EmojiReact", &bare), InboxActivity::Other("EmojiReact"));
    }
}
