//! Per-host request rates for the inbox (DESIGN §6).
//!
//! Token buckets by name. The inbox keeps two per remote host: its POSTs,
//! charged once the signature has verified (so a sender forging another
//! server's key id cannot spend that server's budget), and the fetches of
//! unknown senders' keys it causes, charged before each fetch (the costly
//! part of an unverified request). A refused POST gets `429` with
//! `Retry-After`; Mastodon, GoToSocial, Lemmy and ecities itself come back
//! later, so a limit delays a real server's activities and never drops them.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Hosts remembered at most; beyond it, hosts whose bucket has refilled
/// (idle ones) are forgotten, so memory stays bounded whatever the traffic.
const MAX_HOSTS: usize = 10_000;

/// Sustained requests per second and burst allowed per remote host.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RateLimit {
    pub per_second: f64,
    pub burst: f64,
}

impl Default for RateLimit {
    fn default() -> Self {
        // A hub relaying a backlog sends bursts; hundreds per second from
        // one host is a flood.
        Self { per_second: 50.0, burst: 500.0 }
    }
}

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

/// Token buckets by host. Cheap to share: one short lock per request.
#[derive(Debug)]
pub struct HostRateLimiter {
    limit: RateLimit,
    buckets: Mutex<HashMap<String, Bucket>>,
}

impl HostRateLimiter {
    pub fn new(limit: RateLimit) -> Self {
        let limit = RateLimit { per_second: limit.per_second.max(0.001), burst: limit.burst.max(1.0) };
        Self { limit, buckets: Mutex::new(HashMap::new()) }
    }

    pub fn limit(&self) -> RateLimit {
        self.limit
    }

    /// Takes one request from `host`'s bucket at `now`; `Err(wait)` when the
    /// host is over its rate, with how long until one request is allowed.
    pub fn check(&self, host: &str, now: Instant) -> Result<(), Duration> {
        let Ok(mut buckets) = self.buckets.lock() else {
            // A panic elsewhere poisoned the map: do not refuse traffic for it.
            return Ok(());
        };
        if buckets.len() >= MAX_HOSTS && !buckets.contains_key(host) {
            let full = self.limit.burst;
            let rate = self.limit.per_second;
            buckets.retain(|_, b| b.tokens + now.saturating_duration_since(b.at).as_secs_f64() * rate < full);
            if buckets.len() >= MAX_HOSTS {
                // Every remembered host is busy: a new one is let through
                // unmetered rather than evicting a busy one's state.
                return Ok(());
            }
        }
        let bucket = buckets.entry(host.to_owned()).or_insert(Bucket { tokens: self.limit.burst, at: now });
        let elapsed = now.saturating_duration_since(bucket.at).as_secs_f64();
        bucket.tokens = (bucket.tokens + elapsed * self.limit.per_second).min(self.limit.burst);
        bucket.at = now.max(bucket.at);
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            Err(Duration::from_secs_f64((1.0 - bucket.tokens) / self.limit.per_second))
        }
    }
}

impl HostRateLimiter {
    /// Whether `host` has a request left in its budget now, without taking
    /// it: lets the inbox refuse a host over its budget before the costly
    /// signature check, and charge ([`Self::check`]) only once the
    /// signature proves who sends.
    pub fn peek(&self, host: &str, now: Instant) -> Result<(), Duration> {
        let Ok(buckets) = self.buckets.lock() else {
            return Ok(());
        };
        let Some(bucket) = buckets.get(host) else {
            return Ok(());
        };
        let elapsed = now.saturating_duration_since(bucket.at).as_secs_f64();
        let tokens = (bucket.tokens + elapsed * self.limit.per_second).min(self.limit.burst);
        if tokens >= 1.0 { Ok(()) } else { Err(Duration::from_secs_f64((1.0 - tokens) / self.limit.per_second)) }
    }
}

impl Default for HostRateLimiter {
    fn default() -> Self {
        Self::new(RateLimit::default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limiter(per_second: f64, burst: f64) -> HostRateLimiter {
        HostRateLimiter::new(RateLimit { per_second, burst })
    }

    #[test]
    fn a_host_may_burst_then_is_refused_until_its_bucket_refills() {
        let l = limiter(2.0, 3.0);
        let t0 = Instant::now();
        for _ in 0..3 {
            assert!(l.check("a.example", t0).is_ok());
        }
        let wait = l.check("a.example", t0).expect_err("over the burst");
        assert_eq!(wait, Duration::from_millis(500));
        assert!(l.check("a.example", t0 + Duration::from_millis(499)).is_err());
        assert!(l.check("a.example", t0 + Duration::from_millis(1_000)).is_ok());
    }

    #[test]
    fn peeking_at_a_budget_never_spends_it() {
        let l = limiter(1.0, 2.0);
        let t0 = Instant::now();
        for _ in 0..10 {
            assert!(l.peek("a.example", t0).is_ok());
        }
        assert!(l.check("a.example", t0).is_ok());
        assert!(l.check("a.example", t0).is_ok());
        assert_eq!(l.peek("a.example", t0), Err(Duration::from_secs(1)));
        assert!(l.peek("a.example", t0 + Duration::from_secs(1)).is_ok());
    }

    #[test]
    fn hosts_have_separate_buckets() {
        let l = limiter(1.0, 1.0);
        let t0 = Instant::now();
        assert!(l.check("a.example", t0).is_ok());
        assert!(l.check("a.example", t0).is_err());
        assert!(l.check("b.example", t0).is_ok());
    }

    #[test]
    fn idle_hosts_are_forgotten_when_the_table_is_full() {
        let l = limiter(1_000.0, 1.0);
        let t0 = Instant::now();
        for i in 0..MAX_HOSTS {
            assert!(l.check(&format!("h{i}.example"), t0).is_ok());
        }
        // A second later every bucket has refilled: the newcomer evicts them.
        assert!(l.check("new.example", t0 + Duration::from_secs(1)).is_ok());
        assert_eq!(l.buckets.lock().expect("lock").len(), 1);
    }
}
