//! An actor's outgoing deliveries: what its editors (and the operator) may
//! do with them.

use std::collections::HashMap;

use crate::access::{Permission, Principal};
use crate::actor::Actor;
use crate::error::CoreResult;
use crate::store::{DeliveryRecord, DeliveryState, Page, Store};
use crate::time::Timestamp;

/// Queues `actor`'s failed deliveries again, due now. Deliveries belong to
/// the actor whose activities they carry, so this is the actor's, not
/// node-wide: `who` must be an editor of `actor` (or the operator, who
/// names the actor on the command line). Returns how many were queued.
pub async fn replay_failed(store: &dyn Store, who: &Principal, actor: &Actor) -> CoreResult<u64> {
    who.require(Permission::Write(actor.id))?;
    store.replay_failed(actor.id, Timestamp::now()).await
}

/// One outgoing activity of an actor and the deliveries that carry it.
#[derive(Debug, Clone)]
pub struct ActivityDeliveries {
    pub activity: url::Url,
    pub kind: String,
    /// What the activity is about: its object's id, when it names one.
    pub object: Option<url::Url>,
    /// The practice it is about, when that is a practice this node knows
    /// (for a `Delete`, the deleted one).
    pub practice: Option<crate::practice::Practice>,
    /// Newest first.
    pub deliveries: Vec<DeliveryRecord>,
}

/// The id of an activity document's `object` (a link or an embedded object).
pub fn object_of(body: &str) -> Option<url::Url> {
    let doc: serde_json::Value = serde_json::from_str(body).ok()?;
    let object = &doc["object"];
    let id = object.as_str().or_else(|| object["id"].as_str())?;
    url::Url::parse(id).ok()
}

/// `actor`'s newest deliveries (`page`), grouped by the activity they
/// carry, newest activity first, each with the practice it is about: what
/// an editor reads to see who got what. `who` must see `actor`.
pub async fn by_activity(
    store: &dyn Store,
    who: &Principal,
    actor: &Actor,
    state: Option<DeliveryState>,
    page: Page,
) -> CoreResult<Vec<ActivityDeliveries>> {
    who.require(Permission::View(actor.id))?;
    let records = store.deliveries(Some(actor.id), state, page).await?;
    let mut groups: Vec<ActivityDeliveries> = Vec::new();
    for d in records {
        match groups.iter_mut().find(|g| g.activity == d.activity_ap_id) {
            Some(g) => g.deliveries.push(d),
            None => groups.push(ActivityDeliveries {
                activity: d.activity_ap_id.clone(),
                kind: d.activity_kind.clone(),
                object: None,
                practice: None,
                deliveries: vec![d],
            }),
        }
    }
    let ids: Vec<url::Url> = groups.iter().map(|g| g.activity.clone()).collect();
    let bodies: HashMap<url::Url, String> = store.outgoing_bodies(actor.id, &ids).await?.into_iter().collect();
    for g in &mut groups {
        g.object = bodies.get(&g.activity).and_then(|b| object_of(b));
        if let Some(object) = &g.object {
            g.practice = store.practice_by_ap_id(object).await?;
        }
    }
    Ok(groups)
}
