//! Timestamps are stored as milliseconds since the Unix epoch (UTC) so that
//! SQLite and PostgreSQL hold the same integer and compare it the same way.

use chrono::{DateTime, TimeZone, Utc};

/// Milliseconds since the Unix epoch, UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(pub i64);

/// Milliseconds added to the system clock by [`Timestamp::now`]: zero
/// except in tests, which move a node's clock forward (the binary sets it
/// from `ECITIES_TEST_CLOCK_OFFSET_SECS` in debug builds only) to reach an
/// embargo's time without waiting for it.
static CLOCK_OFFSET_MS: std::sync::atomic::AtomicI64 = std::sync::atomic::AtomicI64::new(0);

/// Moves this process's clock by `ms` (test-only; see [`CLOCK_OFFSET_MS`]).
pub fn set_clock_offset_for_tests(ms: i64) {
    CLOCK_OFFSET_MS.store(ms, std::sync::atomic::Ordering::Relaxed);
}

impl Timestamp {
    /// The current time: the system clock, plus the test offset if one was
    /// set ([`set_clock_offset_for_tests`]).
    pub fn now() -> Self {
        Self(Utc::now().timestamp_millis().saturating_add(CLOCK_OFFSET_MS.load(std::sync::atomic::Ordering::Relaxed)))
    }

    /// Parses an RFC 3339 date and time (`2030-01-31T09:00:00Z`).
    pub fn parse_rfc3339(text: &str) -> Option<Self> {
        DateTime::parse_from_rfc3339(text.trim()).ok().map(|d| Self(d.timestamp_millis()))
    }

    pub fn to_datetime(self) -> DateTime<Utc> {
        Utc.timestamp_millis_opt(self.0)
            .single()
            .unwrap_or_else(|| DateTime::<Utc>::from_timestamp(0, 0).unwrap_or_default())
    }

    pub fn from_datetime(dt: DateTime<Utc>) -> Self {
        Self(dt.timestamp_millis())
    }

    /// RFC 3339 with second precision and `Z`, the form ActivityPub peers expect.
    pub fn to_rfc3339(self) -> String {
        self.to_datetime().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
    }

    pub fn plus_millis(self, ms: i64) -> Self {
        Self(self.0.saturating_add(ms))
    }
}

impl serde::Serialize for Timestamp {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_rfc3339())
    }
}
