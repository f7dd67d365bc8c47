//! The delivery worker: claims due deliveries from the database queue,
//! signs and sends them, and records the outcome.
//!
//! Outcomes: 2xx delivered; network errors, 5xx, 408 and 429 retried with
//! exponential backoff and jitter (honouring `Retry-After`); any other 4xx
//! is a permanent failure recorded with its reason — never counted as
//! delivered.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use ecities_core::actor::ActorId;
use ecities_core::store::{ClaimedDelivery, DeliveryOutcome, Store};
use ecities_core::time::Timestamp;
use tokio::sync::{Mutex, Semaphore, watch};

use crate::signatures::SigningKey;
use crate::wire::ACTIVITY_JSON;

/// How long a claimed delivery is ours before another worker may take it
/// (a crashed process's jobs come back after this).
pub const LEASE: Duration = Duration::from_secs(60);
/// How often an idle worker looks for due deliveries.
pub const POLL_INTERVAL: Duration = Duration::from_millis(200);
/// First retry delay; doubled per attempt.
pub const RETRY_BASE: Duration = Duration::from_secs(30);
/// Longest delay between two attempts.
pub const RETRY_MAX: Duration = Duration::from_secs(6 * 60 * 60);
/// Attempts before a delivery is given up (about four days with the
/// schedule above).
pub const MAX_ATTEMPTS: i64 = 20;
/// Bytes of a refusal's body kept as the failure reason.
const REASON_BYTES: usize = 300;

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
    match status {
        200..=299 => DeliveryOutcome::Delivered { status },
        408 | 429 | 500..=599 => retry_or_fail(Some(status), reason(), retry_after, attempts, now, jitter),
        _ => DeliveryOutcome::Failed {
            status: Some(status),
            error: reason(),
        },
    }
}

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
        return DeliveryOutcome::Failed {
            status,
            error: format!("gave up after {made} attempts; last: {error}"),
        };
    }
    let delay = retry_after.unwrap_or_else(|| backoff(made, jitter)).min(RETRY_MAX);
    let ms = i64::try_from(delay.as_millis()).unwrap_or(i64::MAX);
    DeliveryOutcome::Retry {
        at: now.plus_millis(ms),
        status,
        error,
    }
}

/// Runs delivery workers until `shutdown` turns true; then stops claiming
/// and waits for deliveries in flight.
pub struct DeliveryWorker {
    store: Arc<dyn Store>,
    client: reqwest::Client,
    concurrency: usize,
    keys: Mutex<HashMap<ActorId, Arc<SigningKey>>>,
}

impl DeliveryWorker {
    pub fn new(store: Arc<dyn Store>, client: reqwest::Client, concurrency: usize) -> Arc<Self> {
        Arc::new(Self {
            store,
            client,
            concurrency: concurrency.max(1),
            keys: Mutex::new(HashMap::new()),
        })
    }

    pub async fn run(self: Arc<Self>, mut shutdown: watch::Receiver<bool>) {
        let permits = Arc::new(Semaphore::new(self.concurrency));
        loop {
            if *shutdown.borrow() {
                break;
            }
            let free = permits.available_permits();
            let claimed = if free == 0 {
                Vec::new()
            } else {
                let lease = i64::try_from(LEASE.as_millis()).unwrap_or(60_000);
                match self
                    .store
                    .claim_deliveries(Timestamp::now(), lease, u32::try_from(free).unwrap_or(1))
                    .await
                {
                    Ok(c) => c,
                    Err(e) => {
                        tracing::warn!(error = %e, "claiming deliveries failed");
                        Vec::new()
                    }
                }
            };
            if claimed.is_empty() {
                tokio::select! {
                    _ = tokio::time::sleep(POLL_INTERVAL) => {},
                    _ = shutdown.changed() => {},
                }
                continue;
            }
            for job in claimed {
                let Ok(permit) = permits.clone().acquire_owned().await else {
                    break;
                };
                let me = self.clone();
                tokio::spawn(async move {
                    me.deliver(job).await;
                    drop(permit);
                });
            }
        }
        // Wait for deliveries in flight; unfinished leases expire and the
        // jobs are taken up again after a restart.
        let _ = permits.acquire_many(u32::try_from(self.concurrency).unwrap_or(1)).await;
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

    async fn deliver(&self, job: ClaimedDelivery) {
        let now = Timestamp::now();
        let jitter = (rand_unit() - 0.5) / 5.0;
        let outcome = match self.send(&job).await {
            Ok((status, retry_after, body)) => outcome_for(status, retry_after, &body, job.attempts, now, jitter),
            Err(SendError::Permanent(e)) => DeliveryOutcome::Failed { status: None, error: e },
            Err(SendError::Transient(e)) => retry_or_fail(None, e, None, job.attempts, now, jitter),
        };
        match &outcome {
            DeliveryOutcome::Delivered { .. } => {
                tracing::debug!(activity = %job.activity_ap_id, inbox = %job.inbox, "delivered")
            }
            DeliveryOutcome::Retry { error, .. } => {
                tracing::info!(activity = %job.activity_ap_id, inbox = %job.inbox, %error, "delivery will be retried")
            }
            DeliveryOutcome::Failed { error, .. } => {
                tracing::warn!(activity = %job.activity_ap_id, inbox = %job.inbox, %error, "delivery failed")
            }
        }
        if let Err(e) = self.store.finish_delivery(job.id, &outcome, Timestamp::now()).await {
            tracing::warn!(error = %e, "recording a delivery outcome failed; the lease will expire and it will be retried");
        }
    }

    async fn send(&self, job: &ClaimedDelivery) -> Result<(u16, Option<Duration>, String), SendError> {
        let key = self.signing_key(job.actor).await.map_err(SendError::Permanent)?;
        let body = job.body.clone().into_bytes();
        // RSA signing takes ~1.5 ms of CPU: keep it off the async threads.
        let (key2, inbox, body2) = (key.clone(), job.inbox.clone(), body.clone());
        let headers = tokio::task::spawn_blocking(move || key2.sign("POST", &inbox, Some(&body2), Some(ACTIVITY_JSON)))
            .await
            .map_err(|e| SendError::Transient(e.to_string()))?
            .map_err(|e| SendError::Permanent(e.to_string()))?;
        let mut req = self.client.post(job.inbox.clone()).body(body);
        for (name, value) in headers {
            req = req.header(name, value);
        }
        let resp = req
            .send()
            .await
            .map_err(|e| SendError::Transient(describe_reqwest(&e)))?;
        let status = resp.status().as_u16();
        let retry_after = resp
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(parse_retry_after);
        let text = resp.text().await.unwrap_or_default();
        Ok((status, retry_after, text))
    }
}

enum SendError {
    Permanent(String),
    Transient(String),
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

fn rand_unit() -> f64 {
    // Jitter only: uuid's random bytes are enough and avoid another RNG.
    let b = uuid::Uuid::new_v4().as_u128();
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
        assert_eq!(
            outcome_for(202, None, "", 0, now, 0.0),
            DeliveryOutcome::Delivered { status: 202 }
        );
        assert!(matches!(
            outcome_for(401, None, "bad signature", 0, now, 0.0),
            DeliveryOutcome::Failed { status: Some(401), .. }
        ));
        assert!(
            matches!(outcome_for(503, None, "", 0, now, 0.0), DeliveryOutcome::Retry { at, .. } if at == Timestamp(31_000))
        );
        assert!(
            matches!(outcome_for(429, Some(Duration::from_secs(5)), "", 0, now, 0.0), DeliveryOutcome::Retry { at, .. } if at == Timestamp(6_000))
        );
        assert!(matches!(
            outcome_for(500, None, "", MAX_ATTEMPTS, now, 0.0),
            DeliveryOutcome::Failed { .. }
        ));
    }

    #[test]
    fn retry_after_reads_seconds() {
        assert_eq!(parse_retry_after("120"), Some(Duration::from_secs(120)));
        assert_eq!(parse_retry_after("soon"), None);
    }
}
