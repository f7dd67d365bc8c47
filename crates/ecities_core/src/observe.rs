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
