//! activitypub_federation glue: our data behind its `Data`, and the
//! `Apub*` wrappers that let it fetch, cache and refresh remote actors and
//! objects for us.

use std::sync::Arc;
use std::time::Duration;

use activitypub_federation::config::{Data, FederationConfig, UrlVerifier};
use activitypub_federation::fetch::fetch_object_http;
use activitypub_federation::fetch::object_id::ObjectId;
use activitypub_federation::traits::{Actor as ApActor, Object};
use chrono::{DateTime, Utc};
use ecities_core::CoreError;
use ecities_core::actor::{Actor, ActorEndpoints, ActorKind, RemoteActor};
use ecities_core::content::SafeHtml;
use ecities_core::practice::NewPractice;
use ecities_core::store::Store;
use ecities_core::urls::NodeUrls;
use ecities_core::usecases::Ports;
use url::Url;

use crate::render::ApubOutbox;
use crate::wire::{ActorDoc, same_origin};

/// How long a remote actor document is trusted before it is fetched again
/// (profile changes, key rotation). A key change is also picked up at once
/// when a signature fails with the cached key.
pub const ACTOR_REFRESH_INTERVAL: Duration = Duration::from_secs(24 * 60 * 60);
/// Outgoing fetches one incoming request may trigger (actor, key, object…).
const HTTP_FETCH_LIMIT: u32 = 20;

/// Everything federation code needs; the `app_data` of activitypub_federation.
#[derive(Clone)]
pub struct FedData {
    pub store: Arc<dyn Store>,
    pub urls: NodeUrls,
    pub outbox: Arc<ApubOutbox>,
    pub domains: Arc<crate::domains::DomainPolicy>,
    pub dev_mode: bool,
    /// Per-host request rate of the inbox.
    pub inbox_limit: Arc<crate::ratelimit::HostRateLimiter>,
    /// The bytes of attachments, and what this node accepts of them
    /// (remote attachments are fetched and checked: [`crate::media`]).
    pub blobs: Arc<dyn ecities_core::media::BlobStore>,
    pub media: ecities_core::media::MediaLimits,
    /// The node's HTTP client, for fetching attachments.
    pub egress: crate::egress::Egress,
    /// Secure mode (`federation.secure_mode`): ActivityPub documents are
    /// served only to signed requests ([`crate::secure`]).
    pub secure_mode: bool,
    /// RFC 9421 signatures already used ([`crate::signatures::ReplayGuard`]).
    pub replays: Arc<crate::signatures::ReplayGuard>,
}

impl FedData {
    pub fn ports(&self) -> Ports<'_> {
        Ports { store: self.store.as_ref(), outbox: self.outbox.as_ref(), urls: &self.urls, blobs: self.blobs.as_ref() }
    }
}

/// Errors of the federation layer.
#[derive(Debug, thiserror::Error)]
pub enum FedError {
    #[error(transparent)]
    Apf(#[from] activitypub_federation::error::Error),
    #[error(transparent)]
    Core(#[from] CoreError),
    #[error("{0}")]
    Invalid(String),
}

impl From<FedError> for CoreError {
    fn from(e: FedError) -> Self {
        match e {
            FedError::Core(c) => c,
            FedError::Apf(activitypub_federation::error::Error::NotFound) => {
                CoreError::NotFound("remote object".into())
            }
            FedError::Apf(a) => {
                CoreError::invalid("target", format!("the remote server could not be reached or understood: {a}"))
            }
            FedError::Invalid(m) => CoreError::invalid("target", m),
        }
    }
}

/// Refuses fetches the outgoing-request policy forbids (scheme, port,
/// internal addresses: [`crate::egress`]) and fetches of blocked (or, in
/// allowlist-only mode, unlisted) domains. activitypub_federation calls it
/// for every fetch and WebFinger lookup; a domain policy that cannot be
/// read refuses (fails closed).
#[derive(Clone)]
struct Verifier {
    domains: Arc<crate::domains::DomainPolicy>,
    rules: ecities_core::net::EgressRules,
}

#[async_trait::async_trait]
impl UrlVerifier for Verifier {
    async fn verify(&self, url: &Url) -> Result<(), activitypub_federation::error::Error> {
        if let Err(refused) = self.rules.check_url(url, ecities_core::net::Purpose::Federation) {
            tracing::info!(%url, %refused, "refused to fetch");
            return Err(activitypub_federation::error::Error::UrlVerificationError(
                "this address is not one this server fetches from",
            ));
        }
        match self.domains.permits(url).await {
            Ok(true) => Ok(()),
            Ok(false) => {
                Err(activitypub_federation::error::Error::UrlVerificationError("this domain is blocked on this server"))
            }
            Err(e) => Err(activitypub_federation::error::Error::Other(e.to_string())),
        }
    }
}

/// Signs every GET that activitypub_federation sends (actor, object and
/// WebFinger fetches; servers in "authorized fetch" / secure mode require
/// it) with the instance actor's key, through the same aws-lc-rs signer as
/// deliveries: the library's own signer would use the `rsa` crate, to which
/// RUSTSEC-2023-0071 applies, and is six times slower.
struct SignedFetches {
    key: crate::signatures::SigningKey,
}

#[async_trait::async_trait]
impl reqwest_middleware::Middleware for SignedFetches {
    async fn handle(
        &self,
        mut req: reqwest::Request,
        extensions: &mut http::Extensions,
        next: reqwest_middleware::Next<'_>,
    ) -> reqwest_middleware::Result<reqwest::Response> {
        if req.method() == reqwest::Method::GET {
            match self.key.sign("GET", req.url(), None, None) {
                Ok(headers) => {
                    for (name, value) in headers {
                        if let (Ok(name), Ok(value)) =
                            (http::HeaderName::from_bytes(name.as_bytes()), http::HeaderValue::from_str(&value))
                        {
                            req.headers_mut().insert(name, value);
                        }
                    }
                }
                Err(e) => tracing::warn!(url = %req.url(), error = %e, "could not sign a fetch; sending it unsigned"),
            }
        }
        next.run(req, extensions).await
    }
}

/// Builds activitypub_federation's configuration around our data. Fetches
/// are signed by `signer`, the instance actor (see [`SignedFetches`]).
pub async fn federation_config(
    data: FedData,
    egress: &crate::egress::Egress,
    signer: &InstanceSigner,
) -> Result<FederationConfig<FedData>, CoreError> {
    let host = data.urls.host().to_owned();
    let dev = data.dev_mode;
    let verifier = Verifier { domains: data.domains.clone(), rules: egress.rules() };
    let key = crate::signatures::SigningKey::from_pem(signer.id(), &signer.private_pem)
        .map_err(|e| CoreError::Internal(format!("the instance actor's key: {e}")))?;
    let client = reqwest_middleware::ClientBuilder::new(egress.client().clone()).with(SignedFetches { key }).build();
    FederationConfig::builder()
        .domain(host)
        .app_data(data)
        .client(client)
        .debug(dev)
        .allow_http_urls(dev)
        .http_fetch_limit(HTTP_FETCH_LIMIT)
        .request_timeout(crate::egress::REQUEST_TIMEOUT)
        .http_signature_compat(true)
        .url_verifier(Box::new(verifier))
        .build()
        .await
        .map_err(|e| CoreError::Internal(format!("federation configuration: {e}")))
}

// ---------------------------------------------------------------- actors

/// The instance actor with its private key: what signs our GET requests.
#[derive(Debug, Clone)]
pub struct InstanceSigner {
    actor: ApubActor,
    private_pem: String,
}

impl InstanceSigner {
    pub async fn load(store: &dyn Store, actor: Actor) -> Result<Self, CoreError> {
        let private_pem = store.private_key(actor.id).await?;
        Ok(Self { actor: ApubActor(actor), private_pem })
    }
}

#[async_trait::async_trait]
impl Object for InstanceSigner {
    type DataType = FedData;
    type Kind = ActorDoc;
    type Error = FedError;

    fn id(&self) -> &Url {
        self.actor.id()
    }

    async fn read_from_id(id: Url, data: &Data<FedData>) -> Result<Option<Self>, FedError> {
        match ApubActor::read_from_id(id, data).await? {
            Some(a) if a.0.local => Ok(Some(Self::load(data.store.as_ref(), a.0).await?)),
            _ => Ok(None),
        }
    }

    async fn into_json(self, data: &Data<FedData>) -> Result<ActorDoc, FedError> {
        self.actor.into_json(data).await
    }

    async fn verify(json: &ActorDoc, expected: &Url, data: &Data<FedData>) -> Result<(), FedError> {
        ApubActor::verify(json, expected, data).await
    }

    async fn from_json(_json: ActorDoc, _data: &Data<FedData>) -> Result<Self, FedError> {
        Err(FedError::Invalid("the instance actor is never read from another server".into()))
    }
}

impl ApActor for InstanceSigner {
    fn public_key_pem(&self) -> &str {
        self.actor.public_key_pem()
    }

    fn private_key_pem(&self) -> Option<String> {
        Some(self.private_pem.clone())
    }

    fn inbox(&self) -> Url {
        self.actor.inbox()
    }
}

/// An actor (local or remote) as activitypub_federation sees it.
#[derive(Debug, Clone)]
pub struct ApubActor(pub Actor);

#[async_trait::async_trait]
impl Object for ApubActor {
    type DataType = FedData;
    type Kind = ActorDoc;
    type Error = FedError;

    fn id(&self) -> &Url {
        &self.0.url
    }

    fn last_refreshed_at(&self) -> Option<DateTime<Utc>> {
        (!self.0.local).then(|| self.0.last_refreshed_at.to_datetime())
    }

    async fn read_from_id(id: Url, data: &Data<FedData>) -> Result<Option<Self>, FedError> {
        Ok(data.store.actor_by_url(&id).await?.map(ApubActor))
    }

    async fn into_json(self, _data: &Data<FedData>) -> Result<ActorDoc, FedError> {
        let doc = crate::render::actor_document(&self.0);
        serde_json::from_value(doc).map_err(|e| FedError::Invalid(e.to_string()))
    }

    async fn verify(json: &ActorDoc, expected: &Url, _data: &Data<FedData>) -> Result<(), FedError> {
        if !same_origin(&json.id, expected) {
            return Err(FedError::Invalid(format!("actor {} was served from another origin", json.id)));
        }
        let key = json.main_key().ok_or_else(|| FedError::Invalid(format!("actor {} has no public key", json.id)))?;
        if key.owner.as_deref().is_some_and(|o| o != json.id.as_str()) {
            return Err(FedError::Invalid(format!("the key of {} belongs to someone else", json.id)));
        }
        if !same_origin(&json.inbox, &json.id) {
            return Err(FedError::Invalid(format!("actor {} has an inbox on another server", json.id)));
        }
        Ok(())
    }

    async fn from_json(json: ActorDoc, data: &Data<FedData>) -> Result<Self, FedError> {
        let remote = remote_actor_from_doc(&json)?;
        Ok(ApubActor(data.store.upsert_remote_actor(&remote).await?))
    }
}

impl ApActor for ApubActor {
    fn public_key_pem(&self) -> &str {
        &self.0.public_key_pem
    }

    fn private_key_pem(&self) -> Option<String> {
        None
    }

    fn inbox(&self) -> Url {
        self.0.endpoints.inbox.clone()
    }

    fn shared_inbox(&self) -> Option<Url> {
        self.0.endpoints.shared_inbox.clone()
    }
}

/// Longest display name or summary kept from a remote actor, in characters.
const MAX_REMOTE_PROFILE_CHARS: usize = 5_000;

fn truncate_chars(s: &str, max: usize) -> String {
    s.chars().take(max).collect()
}

/// Turns a fetched actor document into what we store, sanitised.
pub fn remote_actor_from_doc(doc: &ActorDoc) -> Result<RemoteActor, FedError> {
    let key = doc.main_key().ok_or_else(|| FedError::Invalid(format!("actor {} has no public key", doc.id)))?;
    let host = match (doc.id.host_str(), doc.id.port()) {
        (Some(h), Some(p)) => format!("{h}:{p}"),
        (Some(h), None) => h.to_owned(),
        _ => return Err(FedError::Invalid(format!("actor id {} has no host", doc.id))),
    };
    let name = doc
        .preferred_username
        .clone()
        .filter(|n| !n.trim().is_empty())
        .or_else(|| doc.id.path_segments().and_then(|mut s| s.next_back().map(str::to_owned)))
        .unwrap_or_else(|| "unknown".into());
    Ok(RemoteActor {
        url: doc.id.clone(),
        name: truncate_chars(&SafeHtml::sanitize(&name).plain_text(), 100),
        host,
        kind: ActorKind::from_type(doc.type_name()),
        display_name: doc
            .name
            .as_deref()
            .map(|n| truncate_chars(&SafeHtml::sanitize(n).plain_text(), MAX_REMOTE_PROFILE_CHARS)),
        summary: doc
            .summary
            .as_deref()
            .map(|s| truncate_chars(SafeHtml::sanitize(s).as_str(), MAX_REMOTE_PROFILE_CHARS)),
        profile_url: crate::wire::first_url(doc.url.as_ref()),
        icon_url: doc.icon_url(),
        country: doc
            .country
            .as_ref()
            .and_then(serde_json::Value::as_str)
            .and_then(|c| ecities_core::taxonomy::Country::parse(c).ok()),
        endpoints: ActorEndpoints {
            inbox: doc.inbox.clone(),
            // A shared inbox on another server is not the actor's to name:
            // deliveries would go to whatever it points at.
            shared_inbox: doc.shared_inbox().filter(|u| same_origin(u, &doc.id)),
            outbox: doc.outbox.clone(),
            followers: doc.followers.clone(),
            following: doc.following.clone(),
        },
        public_key_pem: key.public_key_pem,
    })
}

/// Finds an actor by `name@host` (WebFinger) or by URL, fetching remote
/// ones. Local actors are found without any request.
pub async fn resolve_actor(data: &Data<FedData>, target: &str) -> Result<Actor, CoreError> {
    let target = target.trim().trim_start_matches('@');
    if target.starts_with("http://") || target.starts_with("https://") {
        let url = Url::parse(target).map_err(|_| CoreError::invalid("target", format!("'{target}' is not a URL")))?;
        if data.urls.is_local(&url) {
            return data.store.actor_by_url(&url).await?.ok_or_else(|| CoreError::NotFound(format!("actor {url}")));
        }
        let actor = ObjectId::<ApubActor>::from(url).dereference(data).await.map_err(CoreError::from)?;
        return Ok(actor.0);
    }
    let (name, host) = target
        .split_once('@')
        .ok_or_else(|| CoreError::invalid("target", format!("'{target}' is neither name@host nor an actor URL")))?;
    if host == data.urls.host() {
        return ecities_core::usecases::actors::find_local(data.store.as_ref(), name).await;
    }
    // Our own WebFinger reading (activitypub_federation's typed one refuses
    // a whole answer over one legacy link that is not a URL, as some relays
    // publish), through the node's outgoing-request policy.
    let account = ecities_core::federation::AccountAddress::parse(target)
        .map_err(|_| CoreError::invalid("target", format!("'{target}' is neither name@host nor an actor URL")))?;
    let url = crate::interaction::actor_by_webfinger(data.app_data(), &data.egress, &account, "target").await?;
    if data.urls.is_local(&url) {
        return data.store.actor_by_url(&url).await?.ok_or_else(|| CoreError::NotFound(format!("actor {url}")));
    }
    let actor = ObjectId::<ApubActor>::from(url).dereference(data).await.map_err(CoreError::from)?;
    Ok(actor.0)
}

/// Fetches an actor again, ignoring the cache (used when a signature fails
/// with the cached key: the actor may have rotated it).
pub async fn refetch_actor(data: &Data<FedData>, url: &Url) -> Result<Actor, FedError> {
    Ok(ObjectId::<ApubActor>::from(url.clone()).dereference_forced(data).await?.0)
}

/// The actor behind a URL, from the cache or fetched.
pub async fn fetch_actor(data: &Data<FedData>, url: &Url) -> Result<Actor, FedError> {
    Ok(ObjectId::<ApubActor>::from(url.clone()).dereference(data).await?.0)
}

// ---------------------------------------------------------------- practices

/// A practice as activitypub_federation sees it: fetched from its origin
/// when someone relays it (an `Announce` is never trusted for content).
#[derive(Debug, Clone)]
pub struct ApubPractice(pub ecities_core::practice::Practice);

#[async_trait::async_trait]
impl Object for ApubPractice {
    type DataType = FedData;
    type Kind = serde_json::Value;
    type Error = FedError;

    fn id(&self) -> &Url {
        &self.0.ap_id
    }

    fn is_deleted(&self) -> bool {
        self.0.is_deleted()
    }

    async fn read_from_id(id: Url, data: &Data<FedData>) -> Result<Option<Self>, FedError> {
        Ok(data.store.practice_by_ap_id(&id).await?.map(ApubPractice))
    }

    /// A practice whose origin answers 410 Gone is deleted here too.
    async fn delete(&self, data: &Data<FedData>) -> Result<(), FedError> {
        if !self.0.local && !self.0.is_deleted() {
            data.store.delete_practice(self.0.id, ecities_core::time::Timestamp::now(), &[], &[]).await?;
        }
        Ok(())
    }

    async fn into_json(self, data: &Data<FedData>) -> Result<serde_json::Value, FedError> {
        let author = data.store.actor(self.0.author).await?;
        Ok(crate::render::article(&data.urls, &author, &self.0))
    }

    async fn verify(json: &serde_json::Value, expected: &Url, _data: &Data<FedData>) -> Result<(), FedError> {
        let id = crate::wire::id_of(json).ok_or_else(|| FedError::Invalid("object without id".into()))?;
        if !same_origin(&id, expected) {
            return Err(FedError::Invalid(format!("object {id} was served from another origin")));
        }
        let author = json
            .get("attributedTo")
            .and_then(crate::wire::id_of)
            .ok_or_else(|| FedError::Invalid(format!("object {id} has no author")))?;
        if !same_origin(&author, &id) {
            return Err(FedError::Invalid(format!("object {id} is attributed to another server")));
        }
        Ok(())
    }

    async fn from_json(json: serde_json::Value, data: &Data<FedData>) -> Result<Self, FedError> {
        let new = practice_from_json(&json, data).await?;
        let stored = ecities_core::usecases::practices::store_fetched(data.ports(), &new).await?;
        Ok(ApubPractice(stored))
    }
}

/// A fetched object read as a practice, not stored: the inbox's rules for
/// every object fetched (after an Announce, by backfill, on a refetch —
/// public, not a reply, same origin), its author fetched, its content parsed.
async fn practice_from_json(json: &serde_json::Value, data: &Data<FedData>) -> Result<NewPractice, FedError> {
    // A type we do not store (a PeerTube `Video`, a `Question`) is turned
    // away before its author is fetched.
    let kind = crate::wire::type_of(json).unwrap_or("");
    if !crate::objects::PRACTICE_TYPES.contains(&kind) {
        return Err(FedError::Invalid(crate::objects::ObjectError::UnsupportedType(kind.to_owned()).to_string()));
    }
    crate::objects::admissible(json).map_err(|e| FedError::Invalid(e.to_string()))?;
    let author_url = json
        .get("attributedTo")
        .and_then(crate::wire::id_of)
        .ok_or_else(|| FedError::Invalid("object without author".into()))?;
    let author = fetch_actor(data, &author_url).await?;
    let mut new = crate::objects::practice_from_object(
        json,
        author.id,
        ecities_core::outbox::Outbox::new_key(data.outbox.as_ref()),
    )
    .map_err(|e| FedError::Invalid(e.to_string()))?;
    crate::media::fetch_attachments(data, &mut new).await;
    Ok(new)
}

/// Fetches a practice from its origin (or the local copy when fresh).
pub async fn fetch_practice(
    data: &Data<FedData>,
    id: &Url,
    force: bool,
) -> Result<ecities_core::practice::Practice, FedError> {
    let object = ObjectId::<ApubPractice>::from(id.clone());
    let found = if force { object.dereference_forced(data).await? } else { object.dereference(data).await? };
    Ok(found.0)
}

/// What [`fetch_practice_unstored`] found.
#[derive(Debug)]
pub enum FetchedPractice {
    /// The copy stored here (a fetch that was not forced, of a practice we
    /// have; or a local practice).
    Stored(Box<ecities_core::practice::Practice>),
    /// The object read from its origin: verified, admitted and parsed, but
    /// not stored.
    Remote(Box<NewPractice>),
}

/// Fetches a practice as [`fetch_practice`] does — the local copy when not
/// `force`d, else from its origin with the same checks — but stores nothing:
/// the caller stores what came from the origin together with what belongs
/// with it (the relay of an `Announce`, in one transaction).
pub async fn fetch_practice_unstored(data: &Data<FedData>, id: &Url, force: bool) -> Result<FetchedPractice, FedError> {
    let stored_here = || async {
        match data.store.practice_by_ap_id(id).await? {
            Some(p) => Ok(FetchedPractice::Stored(Box::new(p))),
            None => Err(FedError::Apf(activitypub_federation::error::Error::NotFound)),
        }
    };
    if data.urls.is_local(id) {
        return stored_here().await;
    }
    if !force && let Some(p) = data.store.practice_by_ap_id(id).await? {
        return Ok(FetchedPractice::Stored(Box::new(p)));
    }
    let res = fetch_object_http::<_, serde_json::Value>(id, data).await?;
    // Redirected to one of ours: never overwrite a local object.
    if data.urls.is_local(&res.url) {
        return stored_here().await;
    }
    ApubPractice::verify(&res.object, &res.url, data).await?;
    Ok(FetchedPractice::Remote(Box::new(practice_from_json(&res.object, data).await?)))
}
