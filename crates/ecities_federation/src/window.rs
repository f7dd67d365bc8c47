//! How many deliveries one remote host gets at once: a window learned from
//! its answers, as TCP's congestion window is learned from acknowledgements.
//!
//! - A host starts at `delivery.per_host` deliveries in flight.
//! - While it answers 2xx promptly and the window is in use (as many in
//!   flight as it allows), the window grows: by one per prompt answer up
//!   to the threshold (doubling per round trip, "slow start"), then by one
//!   per window of prompt answers — never above `delivery.per_host_max`.
//! - A sign of overload — 429, 503 or another 5xx, 408, a timeout or a
//!   failed connection — halves the window (once per window of requests:
//!   the answers to requests sent before the cut do not cut again) and
//!   sets the threshold just under the number that was in flight (one
//!   lower for each other refusal of requests sent before the cut). Above
//!   it the window does not grow again for [`PROBE_AFTER`]: a host that
//!   refused 17 at once is sent 16, not 17 again a second later.
//! - Another 4xx (a refused signature, a gone inbox) says nothing about
//!   load and changes nothing.
//!
//! A host's `Retry-After` is honoured separately (the worker pauses the
//! host until then).

use std::time::Duration;

use ecities_core::time::Timestamp;

/// How long the window stays at or under the level that overloaded a host
/// before it probes above it again.
pub const PROBE_AFTER: Duration = Duration::from_secs(60);
/// An answer slower than this never grows the window.
const SLOW_ANSWER: Duration = Duration::from_secs(2);
/// An answer is prompt when it takes at most twice the host's fastest, or
/// its fastest plus this (whichever is more).
const PROMPT_SLACK: Duration = Duration::from_millis(250);

/// The window of one host.
#[derive(Debug, Clone)]
pub struct HostWindow {
    /// Deliveries allowed in flight now.
    limit: usize,
    /// Up to here the window grows by one per prompt answer.
    threshold: usize,
    /// Prompt answers counted towards the next step above the threshold.
    credit: usize,
    /// Most deliveries in flight at once since the window last shrank:
    /// a window that was never filled is not grown.
    peak: usize,
    /// Bumped at every cut; a request sent before it cannot cut again.
    epoch: u64,
    /// When the host last showed overload.
    congested_at: Option<Timestamp>,
    /// The fastest 2xx answer seen (the host's base latency).
    fastest: Option<Duration>,
}

impl HostWindow {
    /// A host we know nothing about yet: `start` in flight, growing up to
    /// `max`.
    pub fn new(start: usize, max: usize) -> Self {
        Self {
            limit: start.max(1),
            threshold: max.max(1),
            credit: 0,
            peak: 0,
            epoch: 0,
            congested_at: None,
            fastest: None,
        }
    }

    /// Deliveries this host may have in flight now.
    pub fn limit(&self) -> usize {
        self.limit
    }

    /// The current epoch: remembered when a request is sent, and given back
    /// with a sign of overload for it.
    pub fn epoch(&self) -> u64 {
        self.epoch
    }

    /// A delivery was started: `in_flight` are now in flight (this one
    /// included).
    pub fn started(&mut self, in_flight: usize) {
        self.peak = self.peak.max(in_flight);
    }

    /// A 2xx answer that took `elapsed`. Returns whether the window grew.
    pub fn answered(&mut self, elapsed: Duration, max: usize, now: Timestamp) -> bool {
        let fastest = self.fastest.map_or(elapsed, |f| f.min(elapsed));
        self.fastest = Some(fastest);
        let prompt = elapsed <= SLOW_ANSWER && elapsed <= (fastest * 2).max(fastest + PROMPT_SLACK);
        if !prompt || self.peak < self.limit || self.limit >= max {
            return false;
        }
        if self.limit < self.threshold {
            self.limit += 1;
            return true;
        }
        let probing = self.congested_at.is_none_or(|at| now >= at.plus_millis(millis(PROBE_AFTER)));
        if !probing {
            return false;
        }
        self.credit += 1;
        if self.credit >= self.limit {
            self.credit = 0;
            self.limit += 1;
            return true;
        }
        false
    }

    /// A sign of overload for a request sent in `epoch`, answered while
    /// `in_flight` were in flight (this one included). Returns whether the
    /// window shrank.
    pub fn overloaded(&mut self, epoch: u64, in_flight: usize, now: Timestamp) -> bool {
        self.congested_at = Some(now);
        if epoch != self.epoch {
            // Another refusal of the window just cut: the host took one
            // fewer at once than was in flight then.
            if epoch + 1 == self.epoch {
                self.threshold = self.threshold.saturating_sub(1).max(1);
                self.limit = self.limit.min(self.threshold);
            }
            return false;
        }
        self.epoch += 1;
        self.threshold = in_flight.saturating_sub(1).max(1);
        self.limit = (self.limit / 2).clamp(1, self.threshold);
        self.credit = 0;
        self.peak = 0;
        true
    }

    /// Whether this window holds nothing learned (a host back at its start
    /// and never overloaded can be forgotten).
    pub fn is_fresh(&self, start: usize) -> bool {
        self.limit == start.max(1) && self.congested_at.is_none()
    }
}

fn millis(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    const FAST: Duration = Duration::from_millis(100);

    /// Fills the window and answers every delivery promptly, `rounds`
    /// times; returns the limits seen.
    fn healthy_rounds(w: &mut HostWindow, rounds: usize, max: usize, now: Timestamp) -> Vec<usize> {
        let mut limits = Vec::new();
        for _ in 0..rounds {
            let n = w.limit();
            for i in 1..=n {
                w.started(i);
            }
            for _ in 0..n {
                w.answered(FAST, max, now);
            }
            limits.push(w.limit());
        }
        limits
    }

    #[test]
    fn a_healthy_host_that_fills_its_window_gets_more_in_flight_up_to_the_ceiling() {
        let mut w = HostWindow::new(4, 32);
        let limits = healthy_rounds(&mut w, 40, 32, Timestamp(0));
        assert!(limits.windows(2).all(|p| p[1] >= p[0]), "{limits:?}");
        assert!(limits[0] > 4, "{limits:?}");
        assert_eq!(*limits.last().expect("rounds"), 32, "never above the ceiling: {limits:?}");
    }

    #[test]
    fn a_host_sent_fewer_than_its_window_does_not_grow() {
        let mut w = HostWindow::new(4, 32);
        for _ in 0..100 {
            w.started(1);
            assert!(!w.answered(FAST, 32, Timestamp(0)));
        }
        assert_eq!(w.limit(), 4);
    }

    #[test]
    fn slow_answers_do_not_grow_the_window() {
        let mut w = HostWindow::new(4, 32);
        w.started(4);
        w.answered(FAST, 32, Timestamp(0));
        let grown = w.limit();
        w.started(grown);
        assert!(!w.answered(Duration::from_secs(1), 32, Timestamp(0)), "ten times the fastest answer");
        assert!(!w.answered(Duration::from_secs(3), 32, Timestamp(0)), "slower than 2 s");
        assert_eq!(w.limit(), grown);
    }

    #[test]
    fn overload_halves_the_window_once_per_window_of_requests() {
        let mut w = HostWindow::new(4, 32);
        healthy_rounds(&mut w, 3, 32, Timestamp(0));
        let before = w.limit();
        let epoch = w.epoch();
        assert!(w.overloaded(epoch, before, Timestamp(1_000)));
        assert_eq!(w.limit(), before / 2);
        // The other answers to requests sent before the cut do not cut again.
        assert!(!w.overloaded(epoch, before, Timestamp(1_001)));
        assert_eq!(w.limit(), before / 2);
        // A request sent after the cut does.
        assert!(w.overloaded(w.epoch(), before / 2, Timestamp(1_002)));
        assert_eq!(w.limit(), (before / 4).max(1));
        for _ in 0..10 {
            w.overloaded(w.epoch(), 1, Timestamp(1_003));
        }
        assert_eq!(w.limit(), 1, "never below one");
    }

    #[test]
    fn after_overload_the_window_returns_under_the_level_that_overloaded_and_stays_there_for_a_while() {
        let mut w = HostWindow::new(4, 32);
        let t = Timestamp(1_000_000);
        // The host refuses the 17th request in flight.
        while w.limit() < 17 {
            healthy_rounds(&mut w, 1, 32, t);
        }
        assert!(w.overloaded(w.epoch(), 17, t));
        assert!(w.limit() <= 16);
        let limits = healthy_rounds(&mut w, 30, 32, t.plus_millis(5_000));
        assert_eq!(*limits.last().expect("rounds"), 16, "back to 16 and no further: {limits:?}");
        // A minute later it probes above again.
        let later = healthy_rounds(&mut w, 30, 32, t.plus_millis(millis(PROBE_AFTER)));
        assert!(*later.last().expect("rounds") > 16, "{later:?}");
    }
}
