//! Sign-in throttling, in memory: failed sign-ins per login and attempts
//! per client address, each counted in a fixed window; and the same per
//! address for the citizen question form ([`QuestionThrottle`]). The tables are
//! bounded: expired entries are dropped first, and when a table is still
//! full, new keys share one overflow entry, so a flood of fresh logins or
//! addresses can neither grow memory nor evict the counter of a login
//! under attack.

use std::collections::HashMap;
use std::hash::Hash;
use std::net::{IpAddr, SocketAddr};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;

/// Failed sign-ins allowed per login in [`LOGIN_WINDOW`].
pub const LOGIN_FAILURES: u32 = 5;
pub const LOGIN_WINDOW: Duration = Duration::from_secs(15 * 60);
/// Sign-in attempts (right or wrong) allowed per client address in [`ADDRESS_WINDOW`].
pub const ADDRESS_ATTEMPTS: u32 = 20;
pub const ADDRESS_WINDOW: Duration = Duration::from_secs(60);
/// Entries kept per table.
pub const MAX_ENTRIES: usize = 10_000;

/// The client address of a request: the socket peer the server recorded
/// as `ConnectInfo`, or `None` when there is none (then every such request
/// shares one bucket).
pub struct ClientAddr(pub Option<IpAddr>);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Self(parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip())))
    }
}

/// The bucket of an address: IPv4 as is, IPv6 by its /64 (one host
/// usually owns a whole /64), IPv4-mapped IPv6 as IPv4.
fn address_key(ip: Option<IpAddr>) -> String {
    match ip.map(|ip| ip.to_canonical()) {
        Some(IpAddr::V4(v4)) => v4.to_string(),
        Some(IpAddr::V6(v6)) => {
            let s = v6.segments();
            format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
        }
        None => "unknown".to_owned(),
    }
}

/// Logins are compared as the store compares them after trimming;
/// lower-cased so case variants share one counter.
fn login_key(login: &str) -> String {
    login.trim().to_lowercase()
}

#[derive(Clone, Copy)]
struct Window {
    start: Instant,
    count: u32,
}

/// Counters per key in fixed windows of `window`, at most `max` keys.
struct Counters<K> {
    limit: u32,
    window: Duration,
    max: usize,
    entries: HashMap<K, Window>,
    overflow: Option<Window>,
}

impl<K: Hash + Eq> Counters<K> {
    fn new(limit: u32, window: Duration, max: usize) -> Self {
        Self { limit, window, max, entries: HashMap::new(), overflow: None }
    }

    fn live(&self, w: Option<Window>, now: Instant) -> Option<Window> {
        w.filter(|w| now.duration_since(w.start) < self.window)
    }

    /// The window of `key` if it has one that has not expired.
    fn get(&self, key: &K, now: Instant) -> Option<Window> {
        match self.entries.get(key) {
            Some(w) => self.live(Some(*w), now),
            None if self.entries.len() >= self.max => self.live(self.overflow, now),
            None => None,
        }
    }

    /// When `key` is over its limit: the time left until it may try again.
    fn blocked(&self, key: &K, now: Instant) -> Option<Duration> {
        let w = self.get(key, now)?;
        (w.count >= self.limit).then(|| self.window.saturating_sub(now.duration_since(w.start)))
    }

    /// Drops expired entries when the table is full.
    fn prune(&mut self, now: Instant) {
        if self.entries.len() >= self.max {
            let window = self.window;
            self.entries.retain(|_, w| now.duration_since(w.start) < window);
        }
    }

    fn add(&mut self, key: K, now: Instant) {
        let window = self.window;
        if !self.entries.contains_key(&key) {
            self.prune(now);
        }
        let fresh = Window { start: now, count: 0 };
        let slot = if self.entries.contains_key(&key) || self.entries.len() < self.max {
            self.entries.entry(key).or_insert(fresh)
        } else {
            self.overflow.get_or_insert(fresh)
        };
        if now.duration_since(slot.start) >= window {
            *slot = fresh;
        }
        slot.count = slot.count.saturating_add(1);
    }

    fn clear(&mut self, key: &K) {
        self.entries.remove(key);
    }
}

/// Why a sign-in attempt is refused before any password is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Too many attempts from this address.
    Address { retry_after: Duration },
    /// Too many failures for this login.
    Login { retry_after: Duration },
}

impl Refusal {
    pub fn retry_after(self) -> Duration {
        match self {
            Self::Address { retry_after } | Self::Login { retry_after } => retry_after,
        }
    }
}

/// The sign-in throttle of one node.
pub struct LoginThrottle {
    inner: Mutex<(Counters<String>, Counters<String>)>,
}

impl Default for LoginThrottle {
    fn default() -> Self {
        Self::new(LOGIN_FAILURES, LOGIN_WINDOW, ADDRESS_ATTEMPTS, ADDRESS_WINDOW, MAX_ENTRIES)
    }
}

impl LoginThrottle {
    pub fn new(
        login_failures: u32,
        login_window: Duration,
        address_attempts: u32,
        address_window: Duration,
        max: usize,
    ) -> Self {
        Self {
            inner: Mutex::new((
                Counters::new(login_failures, login_window, max),
                Counters::new(address_attempts, address_window, max),
            )),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, (Counters<String>, Counters<String>)> {
        // A panic while holding the lock leaves plain counters behind: keep using them.
        self.inner.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Counts an attempt from `ip` for `login`, or refuses it. A refused
    /// attempt is not counted again (a blocked client does not extend its
    /// own wait by retrying).
    pub fn attempt(&self, ip: Option<IpAddr>, login: &str) -> Result<(), Refusal> {
        self.attempt_at(ip, login, Instant::now())
    }

    fn attempt_at(&self, ip: Option<IpAddr>, login: &str, now: Instant) -> Result<(), Refusal> {
        let mut guard = self.lock();
        let (logins, addresses) = &mut *guard;
        let addr = address_key(ip);
        logins.prune(now);
        addresses.prune(now);
        if let Some(retry_after) = addresses.blocked(&addr, now) {
            return Err(Refusal::Address { retry_after });
        }
        addresses.add(addr, now);
        if let Some(retry_after) = logins.blocked(&login_key(login), now) {
            return Err(Refusal::Login { retry_after });
        }
        Ok(())
    }

    /// Records a failed sign-in for `login` (known or not: the same).
    pub fn failed(&self, login: &str) {
        self.lock().0.add(login_key(login), Instant::now());
    }

    /// A successful sign-in clears the login's failures.
    pub fn succeeded(&self, login: &str) {
        self.lock().0.clear(&login_key(login));
    }

    #[cfg(test)]
    fn sizes(&self) -> (usize, usize) {
        let g = self.lock();
        (g.0.entries.len(), g.1.entries.len())
    }
}

/// Questions the practice pages' form takes per client address in
/// [`QUESTION_WINDOW`]: a citizen asks one or two things, a spammer many.
pub const QUESTIONS_PER_ADDRESS: u32 = 5;
pub const QUESTION_WINDOW: Duration = Duration::from_secs(60 * 60);

/// Submissions of the question form per client address (the address the
/// server recorded: behind a trusted proxy, the client it names in
/// `X-Forwarded-For`). Every submission counts, accepted or not, so
/// probing the form's checks costs a script its quota too.
pub struct QuestionThrottle {
    inner: Mutex<Counters<String>>,
}

impl Default for QuestionThrottle {
    fn default() -> Self {
        Self::new(QUESTIONS_PER_ADDRESS, QUESTION_WINDOW, MAX_ENTRIES)
    }
}

impl QuestionThrottle {
    pub fn new(per_address: u32, window: Duration, max: usize) -> Self {
        Self { inner: Mutex::new(Counters::new(per_address, window, max)) }
    }

    /// Counts a submission from `ip`, or refuses it with the time left
    /// until the address may send again (a refused one is not counted).
    pub fn attempt(&self, ip: Option<IpAddr>) -> Result<(), Duration> {
        self.attempt_at(ip, Instant::now())
    }

    fn attempt_at(&self, ip: Option<IpAddr>, now: Instant) -> Result<(), Duration> {
        let mut counters = self.inner.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let key = address_key(ip);
        counters.prune(now);
        if let Some(retry_after) = counters.blocked(&key, now) {
            return Err(retry_after);
        }
        counters.add(key, now);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> Option<IpAddr> {
        Some(s.parse().expect("ip"))
    }

    #[test]
    fn a_login_is_blocked_after_five_failures_whatever_the_address() {
        let t = LoginThrottle::default();
        let now = Instant::now();
        for n in 0..LOGIN_FAILURES {
            assert_eq!(t.attempt_at(ip(&format!("192.0.2.{n}")), "Editor", now), Ok(()));
            t.lock().0.add(login_key("editor "), now);
        }
        let refused = t.attempt_at(ip("198.51.100.7"), "editor", now);
        assert!(matches!(refused, Err(Refusal::Login { retry_after }) if retry_after == LOGIN_WINDOW), "{refused:?}");
        // Another login is not affected, and the window ends.
        assert_eq!(t.attempt_at(ip("198.51.100.7"), "other", now), Ok(()));
        assert_eq!(t.attempt_at(ip("198.51.100.8"), "editor", now + LOGIN_WINDOW), Ok(()));
    }

    #[test]
    fn success_clears_the_failures_of_a_login() {
        let t = LoginThrottle::default();
        for _ in 0..LOGIN_FAILURES - 1 {
            t.failed("editor");
        }
        t.succeeded("editor");
        t.failed("editor");
        assert_eq!(t.attempt(ip("192.0.2.1"), "editor"), Ok(()));
    }

    #[test]
    fn an_address_is_blocked_after_twenty_attempts_a_minute() {
        let t = LoginThrottle::default();
        let now = Instant::now();
        for n in 0..ADDRESS_ATTEMPTS {
            assert_eq!(t.attempt_at(ip("2001:db8::1"), &format!("user{n}"), now), Ok(()));
        }
        // The same /64 is the same client; another address is not.
        assert!(matches!(t.attempt_at(ip("2001:db8::2"), "x", now), Err(Refusal::Address { .. })));
        assert_eq!(t.attempt_at(ip("2001:db9::1"), "x", now), Ok(()));
        assert_eq!(t.attempt_at(ip("2001:db8::1"), "x", now + ADDRESS_WINDOW), Ok(()));
        // Without a socket address, requests share one bucket.
        for _ in 0..ADDRESS_ATTEMPTS {
            assert_eq!(t.attempt_at(None, "y", now), Ok(()));
        }
        assert!(t.attempt_at(None, "y", now).is_err());
    }

    #[test]
    fn the_tables_stay_bounded_and_a_flood_cannot_evict_a_blocked_login() {
        let t = LoginThrottle::new(2, LOGIN_WINDOW, 1_000_000, ADDRESS_WINDOW, 100);
        t.failed("victim");
        t.failed("victim");
        for n in 0..10_000 {
            let _ = t.attempt(ip(&format!("10.{}.{}.1", n / 256, n % 256)), &format!("flood{n}"));
            t.failed(&format!("flood{n}"));
        }
        let (logins, addresses) = t.sizes();
        assert!(logins <= 100 && addresses <= 100, "{logins} {addresses}");
        assert!(matches!(t.attempt(ip("192.0.2.1"), "victim"), Err(Refusal::Login { .. })));
    }

    #[test]
    fn an_address_may_send_five_questions_an_hour() {
        let t = QuestionThrottle::default();
        let now = Instant::now();
        for _ in 0..QUESTIONS_PER_ADDRESS {
            assert_eq!(t.attempt_at(ip("203.0.113.5"), now), Ok(()));
        }
        assert_eq!(t.attempt_at(ip("203.0.113.5"), now), Err(QUESTION_WINDOW));
        assert_eq!(t.attempt_at(ip("203.0.113.6"), now), Ok(()), "another address is not affected");
        assert_eq!(t.attempt_at(ip("203.0.113.5"), now + QUESTION_WINDOW), Ok(()), "the window ends");
    }
}
