//! History for new followers: when one of our actors starts following an
//! association, a knowledge space or a city, it reads that actor's outbox
//! (paged) and stores what was published and relayed before — fetching
//! every object from its origin, as for live relays.

use activitypub_federation::config::Data;
use activitypub_federation::fetch::fetch_object_http;
use ecities_core::actor::{Actor, ActorKind};
use ecities_core::time::Timestamp;
use serde_json::Value;
use url::Url;

use crate::apub::{FedData, fetch_practice};
use crate::wire::{id_of, type_of};

/// At most this many outbox pages are read.
const MAX_PAGES: usize = 10;
/// At most this many items are backfilled.
const MAX_ITEMS: usize = 200;

/// Backfill only from the kinds of actors the network is made of.
pub fn wanted_from(actor: &Actor) -> bool {
    matches!(actor.kind, ActorKind::Association | ActorKind::KnowledgeSpace | ActorKind::City)
        && actor.endpoints.outbox.is_some()
}

async fn fetch_json(data: &Data<FedData>, url: &Url) -> Option<Value> {
    match fetch_object_http::<FedData, Value>(url, &data.reset_request_count()).await {
        Ok(r) => Some(r.object),
        Err(e) => {
            tracing::info!(%url, error = %e, "backfill: fetch failed");
            None
        }
    }
}

/// Reads `actor`'s outbox and stores its practices. Errors are logged per
/// item; backfill is best effort and never blocks the follow.
pub async fn backfill(data: &Data<FedData>, actor: &Actor) {
    let Some(outbox) = actor.endpoints.outbox.clone() else {
        return;
    };
    let Some(collection) = fetch_json(data, &outbox).await else {
        return;
    };
    let mut page = match collection.get("first") {
        Some(Value::Object(_)) => collection.get("first").cloned(),
        Some(first) => match id_of(first) {
            Some(u) => fetch_json(data, &u).await,
            None => None,
        },
        None => Some(collection.clone()),
    };
    let (mut pages, mut items) = (0, 0);
    while let Some(p) = page.take() {
        pages += 1;
        let list =
            p.get("orderedItems").or_else(|| p.get("items")).and_then(Value::as_array).cloned().unwrap_or_default();
        for item in list {
            if items >= MAX_ITEMS {
                break;
            }
            items += 1;
            backfill_item(data, actor, &item).await;
        }
        if pages >= MAX_PAGES || items >= MAX_ITEMS {
            break;
        }
        if let Some(next) = p.get("next").and_then(id_of) {
            page = fetch_json(data, &next).await;
        }
    }
    tracing::info!(actor = %actor.url, pages, items, "backfill done");
}

async fn backfill_item(data: &Data<FedData>, actor: &Actor, item: &Value) {
    let object = item.get("object").cloned().unwrap_or(Value::Null);
    let (target, relayed) = match type_of(item) {
        Some("Create") => (id_of(&object), false),
        Some("Announce") if type_of(&object).is_none() || type_of(&object) == Some("Article") => (id_of(&object), true),
        _ => (None, false),
    };
    let Some(target) = target else { return };
    if let Ok(false) = data.domains.permits(&target).await {
        return;
    }
    let data = data.reset_request_count();
    match fetch_practice(&data, &target, false).await {
        Ok(p) if relayed => {
            let moderated = item.get("moderated").and_then(Value::as_bool).unwrap_or(false);
            if let Err(e) = data.store.record_relay(p.id, actor.id, moderated, Timestamp::now(), &[]).await {
                tracing::info!(object = %target, error = %e, "backfill: provenance not recorded");
            }
        }
        Ok(_) => {}
        Err(e) => tracing::info!(object = %target, error = %e, "backfill: object skipped"),
    }
}
