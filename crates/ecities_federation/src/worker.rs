//! The delivery worker: claims due deliveries from the database queue,
//! signs and sends them, and records the outcome.
//!
//! Outcomes: 2xx delivered; network errors, 5xx, 408 and 429 retried with
//! exponential backoff and jitter (honouring `Retry-After`); any other 4xx
//! is a permanent failure recorded with its reason — never counted as
//! delivered.
//!
//! Signatures: RFC 9421 first, the cavage draft when a host refuses it
//! ("double knock"): a host answering the RFC 9421-signed request with
//! 400 or 401 gets the same delivery at once signed the draft's way, and
//! from then on only that ([`SignatureStyle`], remembered per host in
//! memory; a restart knocks twice again once per host).
//!
//! Leases: a claim holds its deliveries for a short lease
//! (`delivery.lease_seconds`, 15 s by default), and a heartbeat renews the
//! leases of the deliveries this worker is still signing, sending or
//! recording every third of a lease, in one statement, only where the
//! lease is still this worker's. A slow receiver thus never gets a second
//! copy while the sender is alive, and the deliveries of a process that
//! died are taken up by another one (or the restarted one) one short lease
//! later.

use std::collections::{HashMap, VecDeque};
use std::sync::Arc;
use std::time::Duration;

use ecities_core::actor::ActorId;
use ecities_core::store::{ClaimedDelivery, DeliveryId, DeliveryOutcome, HostPolicy, Store};
use ecities_core::time::Timestamp;
use tokio::sync::{Mutex, Notify, Semaphore, watch};
use tracing::Instrument;

use crate::signatures::SigningKey;
use crate::window::HostWindow;
use crate::wire::ACTIVITY_JSON;

/// How long a claimed delivery is ours before another worker may take it
/// (a crashed process's jobs come back after this); renewed while we send.
pub const LEASE: Duration = Duration::from_secs(15);
/// Leases are renewed this many times per lease (at least every 100 ms).
const RENEWALS_PER_LEASE: u32 = 3;
/// How often an idle worker looks for due deliveries.
pub const POLL_INTERVAL: Duration = Duration::from_millis(200);
/// First retry delay; doubled per attempt.
pub const RETRY_BASE: Duration = Duration::from_secs(30);
/// Longest delay between two attempts.
pub const RETRY_MAX: Duration = Duration::from_secs(6 * 60 * 60);
/// Attempts before a delivery is given up (about four days with the
/// schedule above).
pub const MAX_ATTEMPTS: i64 = 20;
/// Most outcomes written in one transaction.
const OUTCOME_BATCH: usize = 256;
/// How long outcomes are gathered before they are written.
const OUTCOME_WAIT: Duration = Duration::from_millis(20);
/// When every slot is busy, claim again once this many are free...
const CLAIM_BATCH: usize = 32;
/// ...or after this long, whichever comes first.
const CLAIM_WAIT: Duration = Duration::from_millis(5);
/// Bytes of a refusal's body kept as the failure reason.
const REASON_BYTES: usize = 300;
/// The default ceiling of a host's window (`delivery.per_host_max`).
pub const PER_HOST_MAX: usize = 32;
/// Hosts whose window is remembered; beyond it, idle hosts are forgotten.
const MAX_HOSTS: usize = 10_000;

/// The metric names (described by the web crate's recorder).
pub use ecities_core::observe::{DELIVERIES, DELIVERY_DURATION};

/// How a host wants deliveries signed, as learned from its answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignatureStyle {
    /// RFC 9421 HTTP Message Signatures (tried first on a host not known yet).
    Rfc9421,
    /// draft-cavage HTTP Signatures (after the host refused RFC 9421).
    Cavage,
}

/// The `host_class` label of an attempt's result.
fn host_class(result: &Result<(u16, Option<Duration>, String), SendError>) -> &'static str {
    match result {
        Ok((200..=299, ..)) => "2xx",
        Ok((300..=399, ..)) => "3xx",
        Ok((400..=499, ..)) => "4xx",
        Ok((500..=599, ..)) => "5xx",
        Ok(_) => "other",
        Err(SendError::Transient(_)) => "network",
        Err(SendError::Permanent(_)) => "refused",
    }
}

/// What an attempt's result says about the receiver's load: `2xx` (taken),
/// `overloaded` (429, 408, 5xx) or `network` (no answer: refused
/// connection, timeout), else `other` (an answer that says nothing about
/// load, such as a refused signature).
fn load_signal(result: &Result<(u16, Option<Duration>, String), SendError>) -> &'static str {
    match result {
        Ok((200..=299, ..)) => "2xx",
        Ok((408 | 429 | 500..=599, ..)) => "overloaded",
        Err(SendError::Transient(_)) => "network",
        _ => "other",
    }
}

/// The `outcome` label of a delivery outcome.
fn outcome_label(outcome: &DeliveryOutcome) -> &'static str {
    match outcome {
        DeliveryOutcome::Delivered { .. } => "delivered",
        DeliveryOutcome::Retry { .. } => "retry",
        DeliveryOutcome::Deferred { .. } => "deferred",
        DeliveryOutcome::Failed { .. } => "failed",
    }
}

/// When attempt number `attempts` (already made) should be followed by the
/// next one: `RETRY_BASE * 2^(attempts-1)`, capped, with ±10 % jitter so
/// many failed deliveries to one host do not return in lock-step.
pub fn backoff(attempts: i64, jitter: f64) -> Duration {
    let exp = u32::try_from(attempts.saturating_sub(1).clamp(0, 30)).unwrap_or(30);
    let base = RETRY_BASE.saturating_mul(2u32.saturating_pow(exp)).min(RETRY_MAX);
    base.mul_f64(1.0 + jitter.clamp(-0.1, 0.1))
}

/// Classifies an HTTP answer.
pub fn outcome_for(
    status: u16,
    retry_after: Option<Duration>,
    body: &str,
    attempts: i64,
    now: Timestamp,
    jitter: f64,
) -> DeliveryOutcome {
    let reason = || {
        let snippet: String = body.chars().take(REASON_BYTES).collect();
        format!("HTTP {status}: {}", snippet.trim())
    };
    match (status, retry_after) {
        (200..=299, _) => DeliveryOutcome::Delivered { status },
        // "Come back later", with a time: a rate limit or a brief overload,
        // not a failure of the host or of this delivery.
        (429 | 503, Some(wait)) if wait <= MAX_DEFERRAL => {
            let ms = i64::try_from(wait.as_millis()).unwrap_or(i64::MAX).max(1_000);
            DeliveryOutcome::Deferred { at: now.plus_millis(ms), status, error: reason() }
        }
        (408 | 429 | 500..=599, _) => retry_or_fail(Some(status), reason(), retry_after, attempts, now, jitter),
        _ => DeliveryOutcome::Failed { status: Some(status), error: reason() },
    }
}

/// Longest `Retry-After` taken as a deferral rather than a failed attempt.
const MAX_DEFERRAL: Duration = Duration::from_secs(60 * 60);

fn retry_or_fail(
    status: Option<u16>,
    error: String,
    retry_after: Option<Duration>,
    attempts: i64,
    now: Timestamp,
    jitter: f64,
) -> DeliveryOutcome {
    let made = attempts + 1;
    if made >= MAX_ATTEMPTS {
        return DeliveryOutcome::Failed { status, error: format!("gave up after {made} attempts; last: {error}") };
    }
    let delay = retry_after.unwrap_or_else(|| backoff(made, jitter)).min(RETRY_MAX);
    let ms = i64::try_from(delay.as_millis()).unwrap_or(i64::MAX);
    DeliveryOutcome::Retry { at: now.plus_millis(ms), status, error }
}

/// A source of the current time, so tests can drive the schedule.
pub trait Clock: Send + Sync {
    fn now(&self) -> Timestamp;
}

/// The wall clock.
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Timestamp {
        Timestamp::now()
    }
}

/// How the worker behaves; every field has a configuration key.
#[derive(Debug, Clone)]
pub struct DeliverySettings {
    /// Deliveries in flight at once (`delivery.workers`).
    pub concurrency: usize,
    /// Deliveries in flight to one host at once, to start with
    /// (`delivery.per_host`): the window a host starts at.
    pub per_host: usize,
    /// The most a host's window grows to while it answers promptly
    /// (`delivery.per_host_max`; see [`crate::window`]). At most
    /// `per_host` keeps every host at `per_host`.
    pub per_host_max: usize,
    /// Lease of a claimed delivery (`delivery.lease_seconds`).
    pub lease: Duration,
    /// When a failing host is marked unreachable, and how often it is probed.
    pub host_policy: HostPolicy,
}

impl Default for DeliverySettings {
    fn default() -> Self {
        Self {
            concurrency: 64,
            per_host: 4,
            per_host_max: PER_HOST_MAX,
            lease: LEASE,
            host_policy: HostPolicy { unreachable_after_ms: 2 * 24 * 3_600_000, probe_interval_ms: 6 * 3_600_000 },
        }
    }
}

type SignJob = Box<dyn FnOnce() + Send>;

/// Signs on one dedicated thread per core. RSA signing is CPU work that
/// must not block the async threads, and Tokio's blocking pool would start
/// a thread per delivery in flight (64 threads fighting over 2 cores).
struct SigningPool {
    jobs: std::sync::mpsc::Sender<SignJob>,
    threads: usize,
}

impl SigningPool {
    fn new() -> Self {
        let (jobs, queue) = std::sync::mpsc::channel::<SignJob>();
        let queue = Arc::new(std::sync::Mutex::new(queue));
        let threads = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
        for i in 0..threads {
            let queue = queue.clone();
            let spawned = std::thread::Builder::new().name(format!("ecities-sign-{i}")).spawn(move || {
                loop {
                    // The lock is held only to take one job.
                    let job = match queue.lock() {
                        Ok(q) => q.recv(),
                        Err(_) => return,
                    };
                    match job {
                        Ok(job) => job(),
                        // The worker is gone: so is this thread.
                        Err(_) => return,
                    }
                }
            });
            if let Err(e) = spawned {
                tracing::error!(error = %e, "could not start a signing thread");
            }
        }
        Self { jobs, threads }
    }

    /// Runs `sign` on a signing thread and waits for its result. A batch of
    /// signatures goes as one job: the thread wakes once for all of them.
    async fn run<T: Send + 'static>(&self, sign: impl FnOnce() -> T + Send + 'static) -> Result<T, String> {
        let (tx, rx) = tokio::sync::oneshot::channel();
        self.jobs
            .send(Box::new(move || {
                let _ = tx.send(sign());
            }))
            .map_err(|_| "the signing threads have stopped".to_owned())?;
        rx.await.map_err(|_| "a signing thread stopped".to_owned())
    }

    fn threads(&self) -> usize {
        self.threads
    }
}

/// Runs delivery workers until `shutdown` turns true; then stops claiming
/// and waits for deliveries in flight.
pub struct DeliveryWorker {
    store: Arc<dyn Store>,
    client: crate::egress::Egress,
    settings: DeliverySettings,
    clock: Arc<dyn Clock>,
    domains: Option<Arc<crate::domains::DomainPolicy>>,
    keys: Mutex<HashMap<ActorId, Arc<SigningKey>>>,
    signer: SigningPool,
    /// Per host: deliveries in flight and the window that limits them
    /// (one probe at a time for unreachable hosts).
    hosts: std::sync::Mutex<HashMap<String, HostState>>,
    /// Notified when a delivery ends and gives its host slot back: a host
    /// at its limit may take the next one.
    freed: Notify,
    /// Notified when deliveries are queued in this process.
    wake: Option<Arc<Notify>>,
    /// Hosts that asked us to come back later (429/503 with Retry-After):
    /// none of their deliveries is claimed before then.
    paused: std::sync::Mutex<HashMap<String, Timestamp>>,
    /// How each host took our signatures (see the module documentation).
    styles: std::sync::Mutex<HashMap<String, SignatureStyle>>,
    /// This worker's name as the holder of its leases (unique per worker).
    owner: String,
    /// Deliveries claimed and not yet recorded or released (how many
    /// claims of each are in flight): the leases the heartbeat renews.
    leased: std::sync::Mutex<HashMap<DeliveryId, usize>>,
}

/// What the worker knows of one remote host.
struct HostState {
    in_flight: usize,
    window: HostWindow,
}

/// A reserved slot on a host, given back when the delivery ends, however
/// it ends (sent, failed before sending, or its task dropped).
struct HostSlot {
    worker: Arc<DeliveryWorker>,
    host: String,
}

impl Drop for HostSlot {
    fn drop(&mut self) {
        if let Ok(mut map) = self.worker.hosts.lock()
            && let Some(state) = map.get_mut(&self.host)
        {
            state.in_flight = state.in_flight.saturating_sub(1);
            if state.in_flight == 0 && state.window.is_fresh(self.worker.settings.per_host) {
                map.remove(&self.host);
            }
        }
        self.worker.freed.notify_one();
    }
}

/// A delivery's lease on its way to the recorder: dropped before it got
/// there (a panic), the heartbeat stops renewing it.
struct Lease {
    worker: Arc<DeliveryWorker>,
    /// `None` once the outcome is handed over.
    id: Option<DeliveryId>,
}

impl Lease {
    fn handed_over(mut self) {
        self.id = None;
    }
}

impl Drop for Lease {
    fn drop(&mut self) {
        if let Some(id) = self.id.take() {
            self.worker.unlease([id]);
        }
    }
}

impl DeliveryWorker {
    pub fn new(
        store: Arc<dyn Store>,
        client: crate::egress::Egress,
        settings: DeliverySettings,
        clock: Arc<dyn Clock>,
    ) -> Arc<Self> {
        Arc::new(Self {
            store,
            client,
            settings: DeliverySettings {
                concurrency: settings.concurrency.max(1),
                per_host: settings.per_host.max(1),
                per_host_max: settings.per_host_max.max(settings.per_host).max(1),
                ..settings
            },
            clock,
            domains: None,
            keys: Mutex::new(HashMap::new()),
            signer: SigningPool::new(),
            hosts: std::sync::Mutex::new(HashMap::new()),
            freed: Notify::new(),
            wake: None,
            paused: std::sync::Mutex::new(HashMap::new()),
            styles: std::sync::Mutex::new(HashMap::new()),
            owner: lease_owner(),
            leased: std::sync::Mutex::new(HashMap::new()),
        })
    }

    /// Makes the idle worker look for deliveries as soon as `queued` is
    /// notified (e.g. `SqlStore::deliveries_queued`) instead of at its next
    /// poll, so a new post leaves at once. Call before [`Self::run`].
    pub fn wake_on(mut self: Arc<Self>, queued: Arc<Notify>) -> Arc<Self> {
        match Arc::get_mut(&mut self) {
            Some(w) => w.wake = Some(queued),
            None => tracing::warn!("the delivery worker is already shared; it will poll without being woken"),
        }
        self
    }

    /// Returns when deliveries were queued in this process (never, if
    /// nobody tells us).
    async fn queued(&self) {
        match &self.wake {
            Some(n) => n.notified().await,
            None => std::future::pending().await,
        }
    }

    /// Refuses deliveries to domains the policy blocks.
    pub fn with_domain_policy(
        store: Arc<dyn Store>,
        client: crate::egress::Egress,
        settings: DeliverySettings,
        clock: Arc<dyn Clock>,
        domains: Arc<crate::domains::DomainPolicy>,
    ) -> Arc<Self> {
        let mut worker = Self::new(store, client, settings, clock);
        if let Some(w) = Arc::get_mut(&mut worker) {
            w.domains = Some(domains);
        }
        worker
    }

    fn lease_ms(&self) -> i64 {
        i64::try_from(self.settings.lease.as_millis()).unwrap_or(60_000)
    }

    /// Hosts that may not take another delivery now: at their limit of
    /// deliveries in flight, or paused at their request.
    fn saturated_hosts(&self) -> Vec<String> {
        let mut hosts: Vec<String> = self
            .hosts
            .lock()
            .map(|m| m.iter().filter(|(_, s)| s.in_flight >= s.window.limit()).map(|(h, _)| h.clone()).collect())
            .unwrap_or_default();
        let now = self.clock.now();
        if let Ok(mut paused) = self.paused.lock() {
            paused.retain(|_, until| *until > now);
            hosts.extend(paused.keys().cloned());
        }
        hosts
    }

    /// Whether `host` asked us to wait and the time is not up.
    fn is_paused(&self, host: &str) -> bool {
        let now = self.clock.now();
        self.paused.lock().is_ok_and(|p| p.get(host).is_some_and(|until| *until > now))
    }

    /// Reserves a slot on the job's host; `None` if the host is at its
    /// window's limit (an unreachable host gets one slot: its probe). The
    /// slot goes back when the returned guard is dropped.
    fn reserve_slot(self: &Arc<Self>, job: &ClaimedDelivery) -> Option<HostSlot> {
        let mut map = self.hosts.lock().ok()?;
        if map.len() >= MAX_HOSTS && !map.contains_key(&job.host) {
            // Forget idle hosts (their windows start afresh).
            map.retain(|_, s| s.in_flight > 0);
        }
        let (start, max) = (self.settings.per_host, self.settings.per_host_max);
        let state = map
            .entry(job.host.clone())
            .or_insert_with(|| HostState { in_flight: 0, window: HostWindow::new(start, max) });
        let limit = if job.host_unreachable { 1 } else { state.window.limit() };
        if state.in_flight >= limit {
            return None;
        }
        state.in_flight += 1;
        state.window.started(state.in_flight);
        Some(HostSlot { worker: self.clone(), host: job.host.clone() })
    }

    /// The window epoch of `host` now (see [`HostWindow::overloaded`]).
    fn window_epoch(&self, host: &str) -> u64 {
        self.hosts.lock().ok().and_then(|m| m.get(host).map(|s| s.window.epoch())).unwrap_or(0)
    }

    /// Lets `host`'s window learn from an answer (or its absence) to a
    /// request sent in `epoch` that took `elapsed`.
    fn learn_window(&self, host: &str, epoch: u64, class: &str, elapsed: Duration, now: Timestamp) {
        let Ok(mut map) = self.hosts.lock() else { return };
        let Some(state) = map.get_mut(host) else { return };
        let before = state.window.limit();
        let changed = match class {
            "2xx" => state.window.answered(elapsed, self.settings.per_host_max, now),
            "network" | "overloaded" => state.window.overloaded(epoch, state.in_flight, now),
            _ => false,
        };
        if changed {
            let after = state.window.limit();
            if after < before {
                tracing::info!(%host, before, after, answer = class, "fewer deliveries at once to this host");
            } else {
                tracing::debug!(%host, before, after, "more deliveries at once to this host");
            }
        }
    }

    /// How many deliveries `host` may have in flight now (its window).
    pub fn host_window(&self, host: &str) -> usize {
        self.hosts.lock().ok().and_then(|m| m.get(host).map(|s| s.window.limit())).unwrap_or(self.settings.per_host)
    }

    /// Claims up to `limit` due deliveries in this worker's name, none to
    /// the hosts in `exclude` or to saturated hosts; their leases are
    /// renewed until they are recorded or released.
    async fn claim(&self, limit: usize, also_exclude: impl IntoIterator<Item = String>) -> Vec<ClaimedDelivery> {
        let mut exclude = self.saturated_hosts();
        exclude.extend(also_exclude);
        exclude.sort_unstable();
        exclude.dedup();
        let limit = u32::try_from(limit).unwrap_or(u32::MAX);
        let claimed = match self
            .store
            .claim_deliveries_for(Some(&self.owner), self.clock.now(), self.lease_ms(), limit, &exclude)
            .await
        {
            Ok(c) => c,
            Err(e) => {
                tracing::warn!(error = %e, "claiming deliveries failed");
                Vec::new()
            }
        };
        if !claimed.is_empty()
            && let Ok(mut leased) = self.leased.lock()
        {
            for job in &claimed {
                *leased.entry(job.id).or_insert(0) += 1;
            }
        }
        claimed
    }

    /// Forgets the leases of deliveries recorded or released: the
    /// heartbeat stops renewing them.
    fn unlease(&self, ids: impl IntoIterator<Item = DeliveryId>) {
        if let Ok(mut leased) = self.leased.lock() {
            for id in ids {
                if let Some(n) = leased.get_mut(&id) {
                    *n = n.saturating_sub(1);
                    if *n == 0 {
                        leased.remove(&id);
                    }
                }
            }
        }
    }

    /// How often the heartbeat renews the leases.
    fn renew_interval(&self) -> Duration {
        (self.settings.lease / RENEWALS_PER_LEASE).max(Duration::from_millis(100))
    }

    /// Renews, in one statement, the leases of every delivery this worker
    /// has claimed and not yet recorded or released. Returns how many were
    /// renewed.
    async fn renew_leases(&self) -> u64 {
        let ids: Vec<DeliveryId> = self.leased.lock().map(|l| l.keys().copied().collect()).unwrap_or_default();
        if ids.is_empty() {
            return 0;
        }
        let until = self.clock.now().plus_millis(self.lease_ms());
        match self.store.renew_deliveries(&self.owner, &ids, until).await {
            Ok(n) => {
                // Fewer: outcomes written since the list was taken, or (a
                // heartbeat late by more than a lease) taken over.
                if n < ids.len() as u64 {
                    tracing::debug!(held = ids.len(), renewed = n, "some leases were not renewed");
                }
                n
            }
            Err(e) => {
                tracing::warn!(error = %e, "renewing delivery leases failed; they may expire and be sent again");
                0
            }
        }
    }

    /// The heartbeat: renews this worker's leases every third of a lease
    /// until the returned task is aborted.
    fn heartbeat(self: &Arc<Self>) -> tokio::task::JoinHandle<()> {
        let me = self.clone();
        tokio::spawn(async move {
            let mut every = tokio::time::interval(me.renew_interval());
            every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            every.tick().await;
            loop {
                every.tick().await;
                me.renew_leases().await;
            }
        })
    }

    /// One round, for tests and tools: claims what is due now and delivers
    /// it, waiting for every delivery. Returns how many were attempted.
    pub async fn tick(self: &Arc<Self>) -> usize {
        let heartbeat = self.heartbeat();
        let claimed = self.claim(self.settings.concurrency, []).await;
        let mut started = Vec::new();
        let mut released = Vec::new();
        for job in claimed {
            match self.reserve_slot(&job) {
                Some(slot) => started.push((job, slot)),
                None => released.push(job.id),
            }
        }
        self.release(&released).await;
        let n = started.len();
        let (done_tx, mut done_rx) = tokio::sync::mpsc::unbounded_channel();
        for chunk in self.chunks(started) {
            let me = self.clone();
            let done = done_tx.clone();
            let span = tracing::debug_span!("delivery_batch", size = chunk.len());
            tokio::spawn(async move { me.deliver_batch(chunk, done).await }.instrument(span));
        }
        drop(done_tx);
        let mut outcomes = Vec::with_capacity(n);
        while let Some(o) = done_rx.recv().await {
            outcomes.push(o);
        }
        self.record(&outcomes).await;
        heartbeat.abort();
        n
    }

    /// Splits claimed deliveries into one batch per signing thread.
    fn chunks<T>(&self, jobs: Vec<T>) -> Vec<Vec<T>> {
        let per = jobs.len().div_ceil(self.signer.threads().max(1)).max(1);
        let mut chunks = Vec::new();
        let mut jobs = jobs.into_iter().peekable();
        while jobs.peek().is_some() {
            chunks.push(jobs.by_ref().take(per).collect());
        }
        chunks
    }

    /// Delivers a batch: checks each job, signs all of them in one job on a
    /// signing thread, then sends each in its own task. Each job's `guard`
    /// (its host slot, and in `run` its concurrency permit) is held until
    /// that delivery's outcome is sent.
    async fn deliver_batch<G: Send + 'static>(
        self: Arc<Self>,
        batch: Vec<(ClaimedDelivery, G)>,
        done: tokio::sync::mpsc::UnboundedSender<(DeliveryId, DeliveryOutcome, Timestamp)>,
    ) {
        // Until each outcome is handed to the recorder: a panic on the way
        // lets its lease expire (and the delivery be retried) instead of
        // being renewed for ever.
        let mut leases: Vec<Lease> =
            batch.iter().map(|(job, _)| Lease { worker: self.clone(), id: Some(job.id) }).collect();
        // Most of a batch goes to few hosts from one actor: the domain
        // policy and the key are looked up once per host and actor.
        let mut permitted: HashMap<String, Result<bool, String>> = HashMap::new();
        let mut keys: HashMap<ActorId, Result<Arc<SigningKey>, String>> = HashMap::new();
        let mut bodies: HashMap<&str, (bytes::Bytes, String)> = HashMap::new();
        // FEP-8fcf headers, per actor and host; whether each activity is
        // addressed to its actor's followers.
        let mut syncs: HashMap<(ActorId, String), Option<String>> = HashMap::new();
        let mut addressed: HashMap<url::Url, bool> = HashMap::new();
        let mut prepared = Vec::with_capacity(batch.len());
        for (job, _) in &batch {
            let inbox_host = crate::signatures::host_header(&job.inbox);
            let allowed = match permitted.get(&inbox_host) {
                Some(allowed) => allowed.clone(),
                None => {
                    let allowed = self.permitted(job).await;
                    permitted.insert(inbox_host, allowed.clone());
                    allowed
                }
            };
            let key = match keys.get(&job.actor) {
                Some(key) => key.clone(),
                None => {
                    let key = self.signing_key(job.actor).await;
                    keys.insert(job.actor, key.clone());
                    key
                }
            };
            let body = bodies
                .entry(job.activity_ap_id.as_str())
                .or_insert_with(|| {
                    let digest = crate::signatures::digest_header(job.body.as_bytes());
                    (bytes::Bytes::from(job.body.clone().into_bytes()), digest)
                })
                .clone();
            let style = self.signature_style(&job.host).unwrap_or(SignatureStyle::Rfc9421);
            let sync = match syncs.get(&(job.actor, job.host.clone())) {
                Some(sync) => sync.clone(),
                None => {
                    let sync = self.followers_sync(job, &mut addressed).await;
                    syncs.insert((job.actor, job.host.clone()), sync.clone());
                    sync
                }
            };
            prepared.push(self.prepare(job, allowed, key, body).map(|u| Unsigned { style, sync, ..u }));
        }
        let signed = self.sign_all(prepared).await;
        for (((job, guard), signed), lease) in batch.into_iter().zip(signed).zip(leases.drain(..)) {
            let me = self.clone();
            let done = done.clone();
            let span = tracing::info_span!(
                "delivery",
                inbox_host = %job.host,
                activity = %job.activity_ap_id,
                attempt = job.attempts + 1,
                otel.kind = "client",
            );
            // The delivery continues the trace of the request that queued it.
            ecities_core::observe::continue_trace(&span, job.traceparent.as_deref());
            tokio::spawn(
                async move {
                    let outcome = me.deliver(&job, signed).await;
                    // The recorder forgets the lease once the outcome is written.
                    lease.handed_over();
                    let _ = done.send(outcome);
                    drop(guard);
                }
                .instrument(span),
            );
        }
    }

    async fn release(&self, ids: &[ecities_core::store::DeliveryId]) {
        self.unlease(ids.iter().copied());
        if !ids.is_empty()
            && let Err(e) = self.store.release_deliveries(ids).await
        {
            tracing::warn!(error = %e, "releasing deliveries failed; their leases will expire");
        }
    }

    pub async fn run(self: Arc<Self>, mut shutdown: watch::Receiver<bool>) {
        let heartbeat = self.heartbeat();
        let permits = Arc::new(Semaphore::new(self.settings.concurrency));
        // Outcomes are written in batches: one transaction for many
        // deliveries instead of one each (SQLite commits are the cost).
        let (done_tx, mut done_rx) = tokio::sync::mpsc::unbounded_channel::<(DeliveryId, DeliveryOutcome, Timestamp)>();
        let recorder = {
            let me = self.clone();
            tokio::spawn(async move {
                while let Some(first) = done_rx.recv().await {
                    // Gather what finishes within a moment of the first:
                    // one transaction for many outcomes.
                    let mut batch = vec![first];
                    let until = tokio::time::Instant::now() + OUTCOME_WAIT;
                    while batch.len() < OUTCOME_BATCH {
                        match tokio::time::timeout_at(until, done_rx.recv()).await {
                            Ok(Some(more)) => batch.push(more),
                            Ok(None) | Err(_) => break,
                        }
                    }
                    me.record(&batch).await;
                }
            })
        };
        // Deliveries claimed for a host at its limit wait here (their
        // leases renewed) for one of its slots, instead of going back to
        // the queue to be claimed again: up to the host's window of them.
        // They hold no permit, and their host is not claimed for meanwhile.
        let mut backlog: HashMap<String, VecDeque<ClaimedDelivery>> = HashMap::new();
        // Whether the queue may hold due deliveries the last claim left,
        // and the hosts that claim skipped.
        let mut more_due = true;
        let mut skipped: Vec<String> = Vec::new();
        let mut last_claim = tokio::time::Instant::now();
        loop {
            if *shutdown.borrow() {
                break;
            }
            if permits.available_permits() < CLAIM_BATCH.min(self.settings.concurrency) {
                // Busy: wait until a batch of slots is free (or a moment has
                // passed), so that one claim starts many deliveries instead
                // of one transaction per freed slot.
                let batch = u32::try_from(CLAIM_BATCH.min(self.settings.concurrency)).unwrap_or(1);
                tokio::select! {
                    p = permits.acquire() => drop(p),
                    _ = shutdown.changed() => {},
                }
                if permits.available_permits() < batch as usize {
                    let _ = tokio::time::timeout(CLAIM_WAIT, permits.acquire_many(batch)).await;
                }
            }
            let mut started = Vec::new();
            let mut released = Vec::new();
            self.start_backlog(&mut backlog, &permits, &mut started, &mut released);
            let waiting: usize = backlog.values().map(VecDeque::len).sum();
            let room = permits.available_permits().saturating_sub(waiting);
            // A host skipped last time that may take deliveries now (a slot
            // freed, its backlog sent, its pause over) may have due ones.
            let mut exclude = self.saturated_hosts();
            exclude.extend(backlog.keys().cloned());
            let unblocked = skipped.iter().any(|h| !exclude.contains(h));
            // While a backlog keeps the worker busy it does not reach its
            // idle poll: look at the queue at least as often anyway.
            more_due |= last_claim.elapsed() >= POLL_INTERVAL;
            if room > 0 && (more_due || unblocked) {
                last_claim = tokio::time::Instant::now();
                let claimed = self.claim(room, backlog.keys().cloned()).await;
                more_due = claimed.len() >= room;
                skipped = exclude;
                for job in claimed {
                    match self.reserve_slot(&job) {
                        Some(slot) => {
                            let Ok(permit) = permits.clone().acquire_owned().await else {
                                break;
                            };
                            started.push((job, (slot, permit)));
                        }
                        None => {
                            let room = if job.host_unreachable { 0 } else { self.host_window(&job.host) };
                            let queue = backlog.entry(job.host.clone()).or_default();
                            if queue.len() < room {
                                queue.push_back(job);
                            } else {
                                released.push(job.id);
                            }
                        }
                    }
                }
                backlog.retain(|_, q| !q.is_empty());
            }
            let started_any = !started.is_empty();
            for chunk in self.chunks(started) {
                let span = tracing::debug_span!("delivery_batch", size = chunk.len());
                tokio::spawn(self.clone().deliver_batch(chunk, done_tx.clone()).instrument(span));
            }
            self.release(&released).await;
            if !started_any {
                tokio::select! {
                    _ = tokio::time::sleep(POLL_INTERVAL) => more_due = true,
                    _ = self.queued() => more_due = true,
                    _ = self.freed.notified() => {},
                    _ = shutdown.changed() => {},
                }
            }
        }
        // What waited for a slot goes back to the queue now.
        let waiting: Vec<DeliveryId> = backlog.into_values().flatten().map(|job| job.id).collect();
        self.release(&waiting).await;
        // Wait for deliveries in flight and their outcomes; unfinished
        // leases expire and the jobs are taken up again after a restart.
        let _ = permits.acquire_many(u32::try_from(self.settings.concurrency).unwrap_or(1)).await;
        drop(done_tx);
        let _ = recorder.await;
        heartbeat.abort();
    }

    /// Starts what waits in `backlog` on hosts that have a slot free, in the
    /// order claimed, while permits last; a paused host's waiting
    /// deliveries go back to the queue (`released`).
    fn start_backlog(
        self: &Arc<Self>,
        backlog: &mut HashMap<String, VecDeque<ClaimedDelivery>>,
        permits: &Arc<Semaphore>,
        started: &mut Vec<(ClaimedDelivery, (HostSlot, tokio::sync::OwnedSemaphorePermit))>,
        released: &mut Vec<DeliveryId>,
    ) {
        'hosts: for (host, queue) in backlog.iter_mut() {
            if self.is_paused(host) {
                released.extend(queue.drain(..).map(|job| job.id));
                continue;
            }
            while let Some(job) = queue.front() {
                let Some(slot) = self.reserve_slot(job) else { break };
                let Ok(permit) = permits.clone().try_acquire_owned() else {
                    drop(slot);
                    break 'hosts;
                };
                if let Some(job) = queue.pop_front() {
                    started.push((job, (slot, permit)));
                }
            }
        }
        backlog.retain(|_, q| !q.is_empty());
    }

    async fn signing_key(&self, actor: ActorId) -> Result<Arc<SigningKey>, String> {
        if let Some(k) = self.keys.lock().await.get(&actor) {
            return Ok(k.clone());
        }
        let a = self.store.actor(actor).await.map_err(|e| e.to_string())?;
        let pem = self.store.private_key(actor).await.map_err(|e| e.to_string())?;
        let key = Arc::new(SigningKey::from_pem(&a.url, &pem).map_err(|e| e.to_string())?);
        self.keys.lock().await.insert(actor, key.clone());
        Ok(key)
    }

    /// Whether the domain policy lets us deliver to the job's inbox (its
    /// host, which is the one connected to). A policy that cannot be read
    /// refuses for now: the delivery is retried later, never sent blind.
    async fn permitted(&self, job: &ClaimedDelivery) -> Result<bool, String> {
        match &self.domains {
            Some(d) => d.permits(&job.inbox).await.map_err(|e| format!("the domain policy cannot be read: {e}")),
            None => Ok(true),
        }
    }

    /// The `Collection-Synchronization` header (FEP-8fcf) of a delivery of
    /// an activity addressed to its actor's followers: the digest of the
    /// actor's followers on the receiving host. `None` for other
    /// activities, or when the store cannot tell (the delivery goes
    /// without it).
    async fn followers_sync(&self, job: &ClaimedDelivery, addressed: &mut HashMap<url::Url, bool>) -> Option<String> {
        let actor = self.store.actor(job.actor).await.ok()?;
        let to_followers = match addressed.get(&job.activity_ap_id) {
            Some(known) => *known,
            None => {
                let known = serde_json::from_str::<serde_json::Value>(&job.body)
                    .is_ok_and(|v| crate::followers_sync::addressed_to_followers(&v, &actor));
                addressed.insert(job.activity_ap_id.clone(), known);
                known
            }
        };
        if !to_followers {
            return None;
        }
        let followers = self.store.follower_urls_on_host(job.actor, &job.host).await.ok()?;
        crate::followers_sync::header_value(&actor, &followers)
    }

    /// Checks that a job may be sent (`allowed`: by the domain policy) and
    /// pairs it with its key: what signing needs.
    fn prepare(
        &self,
        job: &ClaimedDelivery,
        allowed: Result<bool, String>,
        key: Result<Arc<SigningKey>, String>,
        (body, digest): (bytes::Bytes, String),
    ) -> Result<Unsigned, SendError> {
        match allowed {
            Ok(true) => {}
            Ok(false) => {
                return Err(SendError::Permanent(format!(
                    "{} is blocked on this server",
                    job.inbox.host_str().unwrap_or("")
                )));
            }
            Err(e) => return Err(SendError::Transient(e)),
        }
        // The outgoing-request policy (scheme, port, internal addresses);
        // names are checked again at connect time by the client.
        if let Err(refused) = self.client.rules().check_url(&job.inbox, ecities_core::net::Purpose::Federation) {
            return Err(SendError::Permanent(format!("refusing to deliver to {}: {refused}", job.inbox)));
        }
        let key = key.map_err(SendError::Permanent)?;
        Ok(Unsigned { key, inbox: job.inbox.clone(), body, digest, style: SignatureStyle::Rfc9421, sync: None })
    }

    /// Signs every prepared request in one job on a signing thread (RSA
    /// signing takes CPU time: it stays off the async threads, and one
    /// wake-up serves the whole batch).
    async fn sign_all(&self, prepared: Vec<Result<Unsigned, SendError>>) -> Vec<Result<Signed, SendError>> {
        let n = prepared.len();
        let signed = self
            .signer
            .run(move || {
                prepared
                    .into_iter()
                    .map(|p| {
                        let p = p?;
                        let headers = p.sign().map_err(|e| SendError::Permanent(e.to_string()))?;
                        Ok(Signed { headers, unsigned: p })
                    })
                    .collect::<Vec<_>>()
            })
            .await;
        match signed {
            Ok(signed) => signed,
            Err(e) => (0..n).map(|_| Err(SendError::Transient(e.clone()))).collect(),
        }
    }

    /// Sends one signed delivery and returns its outcome (host health and
    /// 410 handling done); the caller records the outcome.
    async fn deliver(
        &self,
        job: &ClaimedDelivery,
        signed: Result<Signed, SendError>,
    ) -> (DeliveryId, DeliveryOutcome, Timestamp) {
        let started = self.clock.now();
        let jitter = (rand_unit() - 0.5) / 5.0;
        let epoch = self.window_epoch(&job.host);
        let sending = std::time::Instant::now();
        let (result, sent) = match signed {
            Ok(signed) => (self.send(job, signed).await, true),
            Err(e) => (Err(e), false),
        };
        let elapsed = sending.elapsed();
        let class = host_class(&result);
        if class != "refused" {
            metrics::histogram!(DELIVERY_DURATION, "host_class" => class).record(elapsed.as_secs_f64());
        }
        let now = self.clock.now().max(started);
        if sent {
            self.learn_window(&job.host, epoch, load_signal(&result), elapsed, now);
        }
        let mut outcome = match &result {
            Ok((status, retry_after, body)) => outcome_for(*status, *retry_after, body, job.attempts, now, jitter),
            Err(SendError::Permanent(e)) => DeliveryOutcome::Failed { status: None, error: e.clone() },
            Err(SendError::Transient(e)) => retry_or_fail(None, e.clone(), None, job.attempts, now, jitter),
        };
        match &outcome {
            // A healthy host needs no write; only a failing one is reset.
            DeliveryOutcome::Delivered { .. } if job.host_failing || job.host_unreachable => {
                match self.store.record_host_success(&job.host, now).await {
                    Ok(true) => tracing::info!(host = %job.host, "host answers again; its backlog is due"),
                    Ok(false) => {}
                    Err(e) => tracing::warn!(error = %e, "recording host health failed"),
                }
            }
            DeliveryOutcome::Delivered { .. } => {}
            DeliveryOutcome::Deferred { at, error, .. } => {
                // The host is fine but busy: leave it alone until then.
                if let Ok(mut paused) = self.paused.lock() {
                    let until = paused.entry(job.host.clone()).or_insert(*at);
                    *until = (*until).max(*at);
                }
                tracing::info!(activity = %job.activity_ap_id, inbox = %job.inbox, %error, "the receiver asked us to come back later");
            }
            DeliveryOutcome::Retry { error, .. } => {
                match self.store.record_host_failure(&job.host, now, error, self.settings.host_policy).await {
                    Ok(h) if h.unreachable => {
                        tracing::warn!(host = %job.host, failures = h.failures, "host marked unreachable; it will only be probed now and then");
                    }
                    Ok(_) => {}
                    Err(e) => tracing::warn!(error = %e, "recording host health failed"),
                }
                tracing::info!(activity = %job.activity_ap_id, inbox = %job.inbox, %error, "delivery will be retried");
            }
            DeliveryOutcome::Failed { status: Some(410), error } => {
                // 410 Gone: whoever was behind this inbox no longer exists.
                let removed = self.store.remove_followers_by_inbox(&job.inbox).await.unwrap_or(0);
                tracing::info!(inbox = %job.inbox, removed, "inbox is gone; followers removed");
                outcome = DeliveryOutcome::Failed {
                    status: Some(410),
                    error: format!("{error} (gone: {removed} follower(s) removed)"),
                };
            }
            DeliveryOutcome::Failed { error, .. } => {
                tracing::warn!(activity = %job.activity_ap_id, inbox = %job.inbox, %error, "delivery failed");
            }
        }
        if matches!(outcome, DeliveryOutcome::Delivered { .. }) {
            tracing::debug!(activity = %job.activity_ap_id, inbox = %job.inbox, "delivered");
        }
        metrics::counter!(DELIVERIES, "outcome" => outcome_label(&outcome), "host_class" => class).increment(1);
        (job.id, outcome, now)
    }

    /// Writes outcomes in one transaction. A failure leaves the leases to
    /// expire (they are not renewed any more): those deliveries are retried
    /// (at least once, never lost).
    async fn record(&self, outcomes: &[(DeliveryId, DeliveryOutcome, Timestamp)]) {
        if outcomes.is_empty() {
            return;
        }
        if let Err(e) = self.store.finish_deliveries(outcomes).await {
            tracing::warn!(error = %e, "recording delivery outcomes failed; their leases will expire and they will be retried");
        }
        self.unlease(outcomes.iter().map(|(id, ..)| *id));
    }

    /// How `host` takes our signatures, when we know.
    pub fn signature_style(&self, host: &str) -> Option<SignatureStyle> {
        self.styles.lock().ok().and_then(|s| s.get(host).copied())
    }

    fn learn_style(&self, host: &str, style: SignatureStyle) {
        if let Ok(mut styles) = self.styles.lock()
            && styles.insert(host.to_owned(), style) != Some(style)
        {
            tracing::info!(%host, ?style, "signature style learned");
        }
    }

    /// Sends a signed delivery; an RFC 9421 signature refused with 400 or
    /// 401 is followed at once by the same delivery signed the draft's way
    /// (the double knock), and the host's answer is remembered.
    async fn send(&self, job: &ClaimedDelivery, signed: Signed) -> Result<(u16, Option<Duration>, String), SendError> {
        let style = signed.unsigned.style;
        let (status, retry_after, resp) = self.post(job, &signed.headers, signed.unsigned.body.clone()).await?;
        let refused = matches!(status, 400 | 401);
        let resp = match (style, refused) {
            (SignatureStyle::Rfc9421, true) => {
                drop(resp);
                let unsigned = Unsigned { style: SignatureStyle::Cavage, ..signed.unsigned };
                let body = unsigned.body.clone();
                let headers = self
                    .signer
                    .run(move || unsigned.sign())
                    .await
                    .map_err(SendError::Transient)?
                    .map_err(|e| SendError::Permanent(e.to_string()))?;
                let (status, retry_after, resp) = self.post(job, &headers, body).await?;
                if (200..300).contains(&status) {
                    self.learn_style(&job.host, SignatureStyle::Cavage);
                }
                return Ok((status, retry_after, crate::egress::read_prefix(resp, REASON_BYTES).await));
            }
            (_, false) if (200..300).contains(&status) => {
                self.learn_style(&job.host, style);
                resp
            }
            _ => resp,
        };
        // Only the start of the answer is kept (as the reason of a
        // refusal); a huge body is never read (the connection is dropped).
        let text = crate::egress::read_prefix(resp, REASON_BYTES).await;
        Ok((status, retry_after, text))
    }

    async fn post(
        &self,
        job: &ClaimedDelivery,
        headers: &[(String, String)],
        body: bytes::Bytes,
    ) -> Result<(u16, Option<Duration>, reqwest::Response), SendError> {
        let mut req = self
            .client
            .post(&job.inbox, ecities_core::net::Purpose::Federation)
            .map_err(|refused| SendError::Permanent(format!("refusing to deliver to {}: {refused}", job.inbox)))?
            .body(body);
        for (name, value) in headers {
            req = req.header(name, value);
        }
        let resp = req.send().await.map_err(|e| SendError::Transient(describe_reqwest(&e)))?;
        let status = resp.status().as_u16();
        let retry_after =
            resp.headers().get(reqwest::header::RETRY_AFTER).and_then(|v| v.to_str().ok()).and_then(parse_retry_after);
        Ok((status, retry_after, resp))
    }
}

enum SendError {
    Permanent(String),
    Transient(String),
}

/// A delivery ready to be signed. The deliveries of one activity in a batch
/// share its body (cloning `Bytes` copies nothing) and its digest (hashed
/// once).
struct Unsigned {
    key: Arc<SigningKey>,
    inbox: url::Url,
    body: bytes::Bytes,
    digest: String,
    style: SignatureStyle,
    /// The FEP-8fcf `Collection-Synchronization` value, sent unsigned.
    sync: Option<String>,
}

impl Unsigned {
    /// The signature headers in this delivery's style (RSA: CPU work, run
    /// on a signing thread).
    fn sign(&self) -> Result<Vec<(String, String)>, crate::signatures::SignatureError> {
        let mut headers = self.signature()?;
        if let Some(sync) = &self.sync {
            headers.push((crate::followers_sync::HEADER.to_owned(), sync.clone()));
        }
        Ok(headers)
    }

    fn signature(&self) -> Result<Vec<(String, String)>, crate::signatures::SignatureError> {
        match self.style {
            SignatureStyle::Cavage => {
                self.key.sign_with_digest("POST", &self.inbox, Some(self.digest.clone()), Some(ACTIVITY_JSON))
            }
            SignatureStyle::Rfc9421 => {
                // The draft's `SHA-256=b64` and RFC 9530's `sha-256=:b64:`
                // carry the same hash.
                let hash = self.digest.split_once('=').map(|(_, b64)| b64).unwrap_or_default();
                let mut headers = crate::rfc9421::sign(
                    &self.key,
                    "POST",
                    &self.inbox,
                    Some(&format!("sha-256=:{hash}:")),
                    Some(ACTIVITY_JSON),
                    std::time::SystemTime::now(),
                )?;
                headers.push(("host".to_owned(), crate::signatures::host_header(&self.inbox)));
                Ok(headers)
            }
        }
    }
}

/// A delivery ready to be sent, with what signing it again takes (the
/// double knock).
struct Signed {
    headers: Vec<(String, String)>,
    unsigned: Unsigned,
}

fn describe_reqwest(e: &reqwest::Error) -> String {
    let mut msg = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        source = s.source();
    }
    msg
}

/// `Retry-After` as seconds or an HTTP date.
fn parse_retry_after(v: &str) -> Option<Duration> {
    if let Ok(secs) = v.trim().parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let when = httpdate::parse_http_date(v.trim()).ok()?;
    when.duration_since(std::time::SystemTime::now()).ok()
}

/// A name for one worker's leases: the process id and a random part (two
/// workers never share one, even across hosts or restarts).
fn lease_owner() -> String {
    use std::hash::BuildHasher;
    let random = std::collections::hash_map::RandomState::new().hash_one(Timestamp::now().0);
    format!("{}-{random:016x}", std::process::id())
}

fn rand_unit() -> f64 {
    // Jitter only: std's per-thread random hash keys, advanced for every
    // call, spread retries without a system call per delivery.
    use std::hash::BuildHasher;
    let b = std::collections::hash_map::RandomState::new().hash_one(0u8);
    (b % 10_000) as f64 / 10_000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_from_thirty_seconds_and_is_capped() {
        assert_eq!(backoff(1, 0.0), Duration::from_secs(30));
        assert_eq!(backoff(2, 0.0), Duration::from_secs(60));
        assert_eq!(backoff(5, 0.0), Duration::from_secs(480));
        assert_eq!(backoff(40, 0.0), RETRY_MAX);
        assert!(backoff(3, 0.1) > backoff(3, 0.0));
    }

    #[test]
    fn client_errors_fail_and_server_errors_retry() {
        let now = Timestamp(1_000);
        assert_eq!(outcome_for(202, None, "", 0, now, 0.0), DeliveryOutcome::Delivered { status: 202 });
        assert!(matches!(
            outcome_for(401, None, "bad signature", 0, now, 0.0),
            DeliveryOutcome::Failed { status: Some(401), .. }
        ));
        assert!(
            matches!(outcome_for(503, None, "", 0, now, 0.0), DeliveryOutcome::Retry { at, .. } if at == Timestamp(31_000))
        );
        // "Come back in 5 s": deferred, not a failed attempt.
        assert!(matches!(
            outcome_for(429, Some(Duration::from_secs(5)), "", 0, now, 0.0),
            DeliveryOutcome::Deferred { at, status: 429, .. } if at == Timestamp(6_000)
        ));
        assert!(
            matches!(outcome_for(429, None, "", 0, now, 0.0), DeliveryOutcome::Retry { at, .. } if at == Timestamp(31_000))
        );
        assert!(matches!(outcome_for(500, None, "", MAX_ATTEMPTS, now, 0.0), DeliveryOutcome::Failed { .. }));
    }

    #[test]
    fn metric_labels_are_bounded_classes() {
        assert_eq!(host_class(&Ok((202, None, String::new()))), "2xx");
        assert_eq!(host_class(&Ok((410, None, String::new()))), "4xx");
        assert_eq!(host_class(&Ok((503, None, String::new()))), "5xx");
        assert_eq!(host_class(&Err(SendError::Transient("timed out".into()))), "network");
        assert_eq!(host_class(&Err(SendError::Permanent("blocked".into()))), "refused");
        let now = Timestamp(0);
        assert_eq!(outcome_label(&outcome_for(202, None, "", 0, now, 0.0)), "delivered");
        assert_eq!(outcome_label(&outcome_for(500, None, "", 0, now, 0.0)), "retry");
        assert_eq!(outcome_label(&outcome_for(429, Some(Duration::from_secs(5)), "", 0, now, 0.0)), "deferred");
        assert_eq!(outcome_label(&outcome_for(403, None, "", 0, now, 0.0)), "failed");
    }

    #[test]
    fn retry_after_reads_seconds() {
        assert_eq!(parse_retry_after("120"), Some(Duration::from_secs(120)));
        assert_eq!(parse_retry_after("soon"), None);
    }
}
