//! Followers synchronisation across servers (FEP-8fcf), as Mastodon does it.
//!
//! Sending: a delivery of an activity addressed to an actor's followers
//! carries `Collection-Synchronization: collectionId="…/followers",
//! url="…/followers/synchronization", digest="…"`, the digest being the
//! XOR of the SHA-256 of the ids of the actor's followers on the receiving
//! host ([`digest`]). The `url` is the partial followers collection: only
//! the followers on the host of whoever asks, so it is served to signed
//! GETs only ([`crate::http`]).
//!
//! Receiving: after an activity from a remote actor is processed, the
//! header (when its `collectionId` is the sender's followers collection
//! and its `url` on the sender's server) is compared with the digest of
//! the follows this node holds of the sender. On a mismatch the partial
//! collection is fetched (signed) and the differences repaired by
//! [`ecities_core::usecases::follows::synchronize_followers`].

use std::collections::HashSet;

use activitypub_federation::config::Data;
use activitypub_federation::fetch::fetch_object_http;
use ecities_core::actor::Actor;
use ecities_core::store::Store;
use serde_json::Value;
use sha2::{Digest, Sha256};
use url::Url;

use crate::apub::FedData;

/// The header's name.
pub const HEADER: &str = "collection-synchronization";

/// The partial followers collection of the actor whose followers
/// collection is `followers`.
pub fn partial_collection_url(followers: &Url) -> Url {
    let mut url = followers.clone();
    url.set_query(None);
    url.set_path(&format!("{}/synchronization", followers.path().trim_end_matches('/')));
    url
}

/// FEP-8fcf's digest of a set of actor ids: the XOR of their SHA-256
/// hashes, in lower-case hex; a repeated id counts once, none gives zeros.
pub fn digest<'a>(ids: impl IntoIterator<Item = &'a str>) -> String {
    let mut seen = HashSet::new();
    let mut acc = [0u8; 32];
    for id in ids {
        if seen.insert(id) {
            for (a, b) in acc.iter_mut().zip(Sha256::digest(id.as_bytes())) {
                *a ^= b;
            }
        }
    }
    to_hex(&acc)
}

fn to_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The `Collection-Synchronization` value for `actor`'s followers on a
/// host, or `None` for an actor without a followers collection.
pub fn header_value(actor: &Actor, followers_on_host: &[Url]) -> Option<String> {
    let collection = actor.endpoints.followers.as_ref()?;
    let url = partial_collection_url(collection);
    let digest = digest(followers_on_host.iter().map(Url::as_str));
    Some(format!("collectionId=\"{collection}\", url=\"{url}\", digest=\"{digest}\""))
}

/// Whether an activity is addressed to `actor`'s followers (its `to` or
/// `cc` names the followers collection): those deliveries carry the header.
pub fn addressed_to_followers(activity: &Value, actor: &Actor) -> bool {
    let Some(followers) = actor.endpoints.followers.as_ref().map(Url::as_str) else { return false };
    ["to", "cc"].iter().any(|k| match activity.get(*k) {
        Some(Value::String(s)) => s == followers,
        Some(Value::Array(items)) => items.iter().any(|i| i.as_str() == Some(followers)),
        _ => false,
    })
}

/// The header, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncHeader {
    pub collection_id: Url,
    pub url: Url,
    pub digest: String,
}

impl SyncHeader {
    /// Parses `key="value"` pairs separated by commas; `None` when one of
    /// the three is missing or not a URL / 64 hex digits.
    pub fn parse(value: &str) -> Option<Self> {
        let (mut collection_id, mut url, mut digest) = (None, None, None);
        for part in value.split(',') {
            let (key, v) = part.split_once('=')?;
            let v = v.trim().trim_matches('"');
            match key.trim().to_ascii_lowercase().as_str() {
                "collectionid" => collection_id = Url::parse(v).ok(),
                "url" => url = Url::parse(v).ok(),
                "digest" => digest = Some(v.to_ascii_lowercase()),
                _ => {}
            }
        }
        let digest = digest.filter(|d| d.len() == 64 && d.bytes().all(|b| b.is_ascii_hexdigit()))?;
        Some(Self { collection_id: collection_id?, url: url?, digest })
    }
}

/// The ids of the local actors that follow (or asked to follow) `remote`.
async fn local_followers_of(store: &dyn Store, remote: &Actor) -> ecities_core::error::CoreResult<Vec<Url>> {
    let mut ours = Vec::new();
    let mut before = None;
    loop {
        let page = ecities_core::store::Page { limit: ecities_core::store::MAX_PAGE_SIZE, before };
        let rows = store.followers(remote.id, None, page).await?;
        let done = rows.len() < ecities_core::store::MAX_PAGE_SIZE as usize;
        before = rows.last().map(|(f, _)| f.id.0);
        ours.extend(
            rows.into_iter()
                .filter(|(f, a)| a.local && f.state == ecities_core::follow::FollowState::Accepted)
                .map(|(_, a)| a.url),
        );
        if done {
            return Ok(ours);
        }
    }
}

/// Acts on a `Collection-Synchronization` header received with an
/// activity from `sender` (already verified and processed). Problems are
/// logged, never answered: the activity itself was fine.
pub async fn receive(data: &Data<FedData>, sender: &Actor, value: &str) {
    let Some(header) = SyncHeader::parse(value) else {
        tracing::info!(sender = %sender.url, header = value, "followers sync: unreadable header ignored");
        return;
    };
    if sender.endpoints.followers.as_ref() != Some(&header.collection_id) || header.url.origin() != sender.url.origin()
    {
        tracing::info!(sender = %sender.url, collection = %header.collection_id, url = %header.url,
            "followers sync: a header for another actor or server ignored");
        return;
    }
    let ours = match local_followers_of(data.store.as_ref(), sender).await {
        Ok(ours) => ours,
        Err(e) => {
            tracing::warn!(sender = %sender.url, error = %e, "followers sync: the follows cannot be read");
            return;
        }
    };
    if digest(ours.iter().map(Url::as_str)) == header.digest {
        return;
    }
    let listed = match fetch_listed(data, &header.url).await {
        Ok(listed) => listed,
        Err(e) => {
            tracing::info!(sender = %sender.url, url = %header.url, error = %e, "followers sync: the partial collection could not be read in full");
            return;
        }
    };
    match ecities_core::usecases::follows::synchronize_followers(data.ports(), sender, &listed).await {
        Ok(report) => tracing::info!(sender = %sender.url, removed = report.removed, accepted = report.accepted,
            undone = report.undone, "followers sync: differences repaired"),
        Err(e) => tracing::warn!(sender = %sender.url, error = %e, "followers sync: repair failed"),
    }
}

/// Most pages of a partial followers collection read (at 100 ids a page,
/// ours, 20,000 followers on one server).
const MAX_PAGES: usize = 200;

/// Every id a partial followers collection lists, following its `first`
/// and `next` pages (on the collection's own server only). A collection
/// that cannot be read in full is an error: repairing from part of the
/// list would drop the follows on the pages not read.
async fn fetch_listed(data: &Data<FedData>, url: &Url) -> Result<Vec<Url>, String> {
    let fetch = |u: Url| async move {
        fetch_object_http::<FedData, Value>(&u, &data.reset_request_count())
            .await
            .map(|r| r.object)
            .map_err(|e| format!("{u}: {e}"))
    };
    let same_server = |link: &str| -> Result<Url, String> {
        let u = Url::parse(link).map_err(|e| format!("a page link {link:?}: {e}"))?;
        if u.origin() != url.origin() {
            return Err(format!("a page on another server ({u})"));
        }
        Ok(u)
    };
    let mut doc = fetch(url.clone()).await?;
    let mut pages = 1;
    if page_items(&doc).is_none() {
        doc = match doc.get("first") {
            Some(first @ Value::Object(_)) => first.clone(),
            Some(Value::String(link)) => {
                pages += 1;
                fetch(same_server(link)?).await?
            }
            _ => return Ok(Vec::new()),
        };
    }
    let mut listed = Vec::new();
    loop {
        listed.extend(page_items(&doc).unwrap_or_default());
        let Some(next) = link(doc.get("next")) else { return Ok(listed) };
        if pages >= MAX_PAGES {
            return Err(format!("more than {MAX_PAGES} pages"));
        }
        doc = fetch(same_server(next)?).await?;
        pages += 1;
    }
}

/// A link: a URL, or an object with an `id`.
fn link(v: Option<&Value>) -> Option<&str> {
    let v = v?;
    v.as_str().or_else(|| v.get("id").and_then(Value::as_str))
}

/// The ids a collection or a page lists itself (`orderedItems` or
/// `items`: ids or embedded objects); `None` when it lists none itself.
fn page_items(v: &Value) -> Option<Vec<Url>> {
    let items = v.get("orderedItems").or_else(|| v.get("items"))?.as_array()?;
    Some(items.iter().filter_map(|i| link(Some(i))).filter_map(|s| Url::parse(s).ok()).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_digest_is_the_xor_of_the_hashes_whatever_the_order_and_repeats() {
        let a = "https://a.example/actors/seoul";
        let b = "https://a.example/actors/busan";
        assert_eq!(digest([]), "0".repeat(64));
        assert_eq!(digest([a]), to_hex(&Sha256::digest(a.as_bytes())));
        assert_eq!(digest([a, b]), digest([b, a, b]));
        assert_ne!(digest([a, b]), digest([a]));
        assert_eq!(digest([a, a]), digest([a]), "a repeated id counts once");
    }

    #[test]
    fn the_header_reads_back_and_bad_ones_are_refused() {
        let v = "collectionId=\"https://a.example/actors/seoul/followers\", url=\"https://a.example/actors/seoul/followers/synchronization\", digest=\"b08ab6951c7d6cc2b91e17ebd9557da7fae02489728e9ff7ee5b5b3f2ccbb8d3\"";
        let h = SyncHeader::parse(v).expect("parses");
        assert_eq!(h.collection_id.as_str(), "https://a.example/actors/seoul/followers");
        assert_eq!(h.url.path(), "/actors/seoul/followers/synchronization");
        assert!(SyncHeader::parse("collectionId=\"https://a.example/f\", url=\"https://a.example/s\"").is_none());
        assert!(SyncHeader::parse("collectionId=\"x\", url=\"https://a/s\", digest=\"00\"").is_none());
        assert!(SyncHeader::parse("garbage").is_none());
    }

    #[test]
    fn items_are_read_as_ids_or_embedded_objects() {
        let flat = serde_json::json!({ "orderedItems": ["https://b.example/actors/x", { "id": "https://b.example/actors/y" }] });
        assert_eq!(page_items(&flat).map(|i| i.len()), Some(2));
        let paged = serde_json::json!({ "first": "https://b.example/actors/x/followers/synchronization?page=true" });
        assert_eq!(page_items(&paged), None, "a paged collection lists nothing itself");
        assert_eq!(link(paged.get("first")), Some("https://b.example/actors/x/followers/synchronization?page=true"));
    }
}
