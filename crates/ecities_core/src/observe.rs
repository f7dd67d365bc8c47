//! Names of the metrics that one crate records and another describes: the
//! federation crate counts inbox POSTs and deliveries, the web crate's
//! Prometheus recorder (`ecities_web::observe`) describes and renders them.
//! Here, so neither of the two peers depends on the other for a name.

/// Inbox POSTs by `outcome` (processed, duplicate, ignored or a refusal code).
pub const INBOX_ACTIVITIES: &str = "ecities_inbox_activities_total";

/// Delivery attempts, by `outcome` (delivered, retry, deferred, failed) and
/// `host_class`: the class of the remote server's answer (`2xx`, `3xx`,
/// `4xx`, `5xx`), `network` when none came (connection, TLS, timeout, or a
/// transient local cause such as an unreadable domain policy) and `refused`
/// when this node did not send (domain policy, outgoing-request rules, no
/// key). Bounded, unlike the host name.
pub const DELIVERIES: &str = "ecities_deliveries_total";

/// Time of one delivery attempt's HTTP request, by `host_class`.
pub const DELIVERY_DURATION: &str = "ecities_delivery_duration_seconds";

/// Feed enclosures (RSS `<enclosure>`, Atom `rel="enclosure"`, Media RSS
/// `<media:content>`) by `outcome`: `attached` or `failed` (not fetched,
/// too large, a type not accepted, ...; the item is imported all the same).
pub const FEED_ENCLOSURES: &str = "ecities_feed_enclosures_total";
/// Spans of the optional OTLP trace export, by `outcome`: `exported`,
/// `failed` (the collector refused or did not answer; the batch is lost)
/// or `dropped` (the export queue was full). Recorded by the binary.
pub const OTLP_SPANS: &str = "ecities_otlp_spans_total";

/// How a trace continues across the delivery queue: the binary that exports
/// traces installs these (once, at start); without them a queued activity
/// carries no trace context and a delivery starts a trace of its own.
#[derive(Debug, Clone, Copy)]
pub struct TraceContinuation {
    /// The current span's W3C `traceparent`, if it is recorded.
    pub current: fn() -> Option<String>,
    /// Makes `span` (not entered yet) a child of the span `traceparent` names.
    pub continue_in: fn(&tracing::Span, &str),
}

static CONTINUATION: std::sync::OnceLock<TraceContinuation> = std::sync::OnceLock::new();

/// Installs the trace continuation; a second call is ignored.
pub fn install_trace_continuation(hooks: TraceContinuation) {
    let _ = CONTINUATION.set(hooks);
}

/// The current span's `traceparent`, when traces are exported.
pub fn current_traceparent() -> Option<String> {
    CONTINUATION.get().and_then(|h| (h.current)())
}

/// Continues the trace `traceparent` names in `span`, when traces are
/// exported and a context was stored.
pub fn continue_trace(span: &tracing::Span, traceparent: Option<&str>) {
    if let (Some(h), Some(parent)) = (CONTINUATION.get(), traceparent) {
        (h.continue_in)(span, parent);
    }
}
