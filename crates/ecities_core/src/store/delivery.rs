//! The delivery queue: outgoing activities, one delivery per target inbox,
//! and the health of the hosts they go to.

use url::Url;

use crate::actor::ActorId;
use crate::error::CoreResult;
use crate::time::Timestamp;

use super::{OutgoingActivity, Page};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DeliveryId(pub i64);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeliveryState {
    Queued,
    Delivered,
    Retrying,
    Failed,
}

impl DeliveryState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Queued => "queued",
            Self::Delivered => "delivered",
            Self::Retrying => "retrying",
            Self::Failed => "failed",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "queued" => Some(Self::Queued),
            "delivered" => Some(Self::Delivered),
            "retrying" => Some(Self::Retrying),
            "failed" => Some(Self::Failed),
            _ => None,
        }
    }
}

/// A delivery claimed by a worker: everything needed to sign and send it.
#[derive(Debug, Clone)]
pub struct ClaimedDelivery {
    pub id: DeliveryId,
    pub activity_ap_id: Url,
    pub actor: ActorId,
    pub inbox: Url,
    /// `host[:port]` of the inbox: the unit of per-server limits.
    pub host: String,
    pub body: String,
    pub attempts: i64,
    /// The host is marked unreachable: this delivery is a probe.
    pub host_unreachable: bool,
    /// The host has recent failures on record (a success must reset them).
    pub host_failing: bool,
    /// The W3C trace context stored with the activity (traces exported
    /// only): the delivery's span continues that trace.
    pub traceparent: Option<String>,
}

/// Delivery health of one remote host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostHealth {
    pub host: String,
    pub unreachable: bool,
    pub failures: i64,
    pub first_failure_at: Option<Timestamp>,
    pub next_probe_at: Option<Timestamp>,
    pub last_error: Option<String>,
}

/// When a host that keeps failing is given up on for a while.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HostPolicy {
    /// Failing without a success for this long marks a host unreachable.
    pub unreachable_after_ms: i64,
    /// An unreachable host is tried again (one delivery) this often.
    pub probe_interval_ms: i64,
}

/// Queue figures for metrics.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DeliveryStats {
    pub queued: i64,
    pub retrying: i64,
    pub delivered: i64,
    pub failed: i64,
    /// Age of the oldest queued or retrying delivery.
    pub oldest_pending_ms: Option<i64>,
    pub unreachable_hosts: Vec<HostHealth>,
}

/// What happened when a worker tried a delivery.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeliveryOutcome {
    Delivered {
        status: u16,
    },
    Retry {
        at: Timestamp,
        status: Option<u16>,
        error: String,
    },
    /// The receiver asked us to come back at `at` (429, or 503 with
    /// `Retry-After`): retried then, not counted as a failed attempt.
    Deferred {
        at: Timestamp,
        status: u16,
        error: String,
    },
    Failed {
        status: Option<u16>,
        error: String,
    },
}

/// One delivery as listed by `GET /api/v1/deliveries`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryRecord {
    pub id: DeliveryId,
    pub activity_ap_id: Url,
    pub activity_kind: String,
    pub actor: ActorId,
    pub inbox: Url,
    pub state: DeliveryState,
    pub attempts: i64,
    pub next_attempt_at: Option<Timestamp>,
    pub last_status: Option<u16>,
    pub last_error: Option<String>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// The delivery queue and the outbox (SQL: `ecities_store/src/sql/delivery.rs`).
#[async_trait::async_trait]
pub trait DeliveryStore: Send + Sync + 'static {
    /// Queues an activity on its own (no other change).
    async fn enqueue(&self, outgoing: &OutgoingActivity) -> CoreResult<()>;
    /// Claims up to `limit` due deliveries for `lease_ms`: nobody else can
    /// claim them until the lease runs out. Deliveries to `exclude_hosts`,
    /// and to unreachable hosts not yet due for a probe, are left alone.
    /// The claims have no owner: their leases cannot be renewed (see
    /// [`Self::claim_deliveries_for`]).
    async fn claim_deliveries(
        &self,
        now: Timestamp,
        lease_ms: i64,
        limit: u32,
        exclude_hosts: &[String],
    ) -> CoreResult<Vec<ClaimedDelivery>> {
        self.claim_deliveries_for(None, now, lease_ms, limit, exclude_hosts).await
    }
    /// Claims as [`Self::claim_deliveries`] does, recording `owner` (a
    /// token unique to one delivery worker) as the leases' holder, so that
    /// it can renew them while it sends ([`Self::renew_deliveries`]).
    async fn claim_deliveries_for(
        &self,
        owner: Option<&str>,
        now: Timestamp,
        lease_ms: i64,
        limit: u32,
        exclude_hosts: &[String],
    ) -> CoreResult<Vec<ClaimedDelivery>>;
    /// The heartbeat of a worker still sending: extends to `until` the
    /// leases `owner` holds on `ids`, in one statement. A delivery whose
    /// lease another worker has claimed since, or that is finished or
    /// released, is left alone. Returns how many leases were renewed.
    async fn renew_deliveries(&self, owner: &str, ids: &[DeliveryId], until: Timestamp) -> CoreResult<u64>;
    /// Gives claimed deliveries back untried (their lease ends now).
    async fn release_deliveries(&self, ids: &[DeliveryId]) -> CoreResult<()>;
    /// Records a failed attempt on a host; returns its health afterwards.
    async fn record_host_failure(
        &self,
        host: &str,
        now: Timestamp,
        error: &str,
        policy: HostPolicy,
    ) -> CoreResult<HostHealth>;
    /// Records a success. If the host was unreachable it is resumed and its
    /// waiting deliveries are due at once; returns whether that happened.
    async fn record_host_success(&self, host: &str, now: Timestamp) -> CoreResult<bool>;
    async fn delivery_stats(&self, now: Timestamp) -> CoreResult<DeliveryStats>;
    async fn finish_delivery(&self, id: DeliveryId, outcome: &DeliveryOutcome, now: Timestamp) -> CoreResult<()>;
    /// Records many outcomes (each with the time it happened) in one transaction.
    async fn finish_deliveries(&self, outcomes: &[(DeliveryId, DeliveryOutcome, Timestamp)]) -> CoreResult<()>;
    async fn deliveries(
        &self,
        actor: Option<ActorId>,
        state: Option<DeliveryState>,
        page: Page,
    ) -> CoreResult<Vec<DeliveryRecord>>;
    /// Puts failed deliveries of an actor back in the queue; returns how many.
    async fn replay_failed(&self, actor: ActorId, now: Timestamp) -> CoreResult<u64>;
    /// The documents of some of an actor's outgoing activities, by their
    /// ids (what the deliveries page names: the practice an activity is about).
    async fn outgoing_bodies(&self, actor: ActorId, ap_ids: &[Url]) -> CoreResult<Vec<(Url, String)>>;
    /// The outgoing activities of an actor of these types, newest first (the outbox).
    async fn outgoing_activities(&self, actor: ActorId, kinds: &[&str], page: Page) -> CoreResult<Vec<(i64, String)>>;
    async fn count_outgoing_activities(&self, actor: ActorId, kinds: &[&str]) -> CoreResult<i64>;
}
