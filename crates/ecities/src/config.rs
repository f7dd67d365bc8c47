//! Settings: built-in defaults, then the TOML file (`ECITIES_CONFIG` or
//! `--config`), then environment variables. Validated once at start-up;
//! every error names the key and the form expected.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use ecities_core::store::HostPolicy;
use ecities_core::urls::NodeUrls;
use ecities_federation::worker::DeliverySettings;
use ecities_store::DatabaseUrl;
use serde::Deserialize;
use url::Url;

/// Where `ecities serve` listens with no configuration at all.
pub const DEFAULT_BIND: &str = "127.0.0.1:8080";
/// The embedded database used with no configuration at all.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/ecities.db";

/// The file as written by the admin. Every key is optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    #[serde(default)]
    server: ServerSection,
    #[serde(default)]
    database: DatabaseSection,
    #[serde(default)]
    delivery: DeliverySection,
    #[serde(default)]
    federation: FederationSection,
    #[serde(default)]
    import: ImportSection,
    #[serde(default)]
    topics: TopicsSection,
    #[serde(default)]
    identity: IdentitySection,
    #[serde(default)]
    node: NodeSection,
    #[serde(default)]
    media: MediaSection,
    #[serde(default)]
    translation: TranslationSection,
    #[serde(default)]
    observability: ObservabilitySection,
}

/// `[observability]`: optional trace export over OTLP/HTTP.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ObservabilitySection {
    otlp_endpoint: Option<String>,
    service_name: Option<String>,
    sampling_ratio: Option<f64>,
}

/// Where and what `ecities serve` sends its traces (`[observability]`).
#[derive(Debug, Clone, PartialEq)]
pub struct OtlpSettings {
    /// `observability.otlp_endpoint` (`OTEL_EXPORTER_OTLP_ENDPOINT`) with
    /// `/v1/traces` appended.
    pub traces_url: Url,
    /// `observability.service_name` (`OTEL_SERVICE_NAME`); `ecities` by default.
    pub service_name: String,
    /// `observability.sampling_ratio`: the share of traces kept, 0 to 1
    /// (1 by default); a request that carries a sampled parent follows it.
    pub sampling_ratio: f64,
}

/// `[translation]`: the optional machine-translation hook (issue 19).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct TranslationSection {
    machine_url: Option<String>,
    machine_engine: Option<String>,
    machine_api_key: Option<String>,
}

/// A LibreTranslate-compatible server that drafts translations
/// (`[translation]`).
#[derive(Debug, Clone)]
pub struct MachineSettings {
    pub url: Url,
    /// The engine's name, recorded with each translation it drafts.
    pub engine: String,
    pub api_key: Option<String>,
}

/// `[media]`: attachments (issue 19).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct MediaSection {
    /// `local` (the default) or `s3`.
    store: Option<String>,
    dir: Option<String>,
    max_bytes: Option<u64>,
    accepted: Option<Vec<String>>,
    s3: Option<S3Section>,
}

/// `[media.s3]`: the bucket when `media.store = "s3"`. The keys are never
/// in the file: `ECITIES_S3_ACCESS_KEY_ID`, `ECITIES_S3_SECRET_ACCESS_KEY`
/// (and `ECITIES_S3_SESSION_TOKEN` for temporary keys).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct S3Section {
    bucket: Option<String>,
    endpoint: Option<String>,
    region: Option<String>,
    path_style: Option<bool>,
    prefix: Option<String>,
}

/// `[identity]`: how often the node looks again at each local actor's
/// portal for its `rel="me"` link back.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct IdentitySection {
    check_interval_minutes: Option<u64>,
    membership_check_interval_seconds: Option<u64>,
}

/// `[node]`: the name and description pages show until the operator sets
/// them in the admin (what the operator saves there wins).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct NodeSection {
    name: Option<String>,
    description: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct TopicsSection {
    interval_seconds: Option<u64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ImportSection {
    poll_interval_minutes: Option<u64>,
    #[serde(default)]
    sources: Vec<SourceEntry>,
}

/// One `[[import.sources]]` entry.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SourceEntry {
    actor: String,
    url: String,
    #[serde(default)]
    delete_missing: bool,
    #[serde(flatten)]
    mapping: ecities_core::import::FeedMapping,
}

/// A portal feed the configuration asks for.
#[derive(Debug, Clone)]
pub struct ConfiguredSource {
    pub actor: ecities_core::actor::ActorName,
    pub url: Url,
    pub mapping: ecities_core::import::FeedMapping,
    pub delete_missing: bool,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FederationSection {
    blocked_domains: Option<Vec<String>>,
    allowed_domains: Option<Vec<String>>,
    allowlist_only: Option<bool>,
    inbox_requests_per_second: Option<f64>,
    inbox_burst: Option<u32>,
    secure_mode: Option<bool>,
    archive_pace_ms: Option<u64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ServerSection {
    bind: Option<String>,
    public_url: Option<String>,
    dev_mode: Option<bool>,
    max_connections: Option<usize>,
    max_connections_per_ip: Option<usize>,
    header_timeout_seconds: Option<u64>,
    request_timeout_seconds: Option<u64>,
    trusted_proxies: Option<Vec<String>>,
    log_format: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct DatabaseSection {
    url: Option<String>,
    max_connections: Option<u32>,
    sqlite_max_pages: Option<u32>,
    sqlite_readers: Option<u32>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct DeliverySection {
    workers: Option<u32>,
    per_host: Option<u32>,
    per_host_max: Option<u32>,
    lease_seconds: Option<u64>,
    unreachable_after_hours: Option<u64>,
    probe_interval_minutes: Option<u64>,
}

/// Validated settings.
#[derive(Debug, Clone)]
pub struct Settings {
    pub bind: SocketAddr,
    pub urls: NodeUrls,
    pub database: DatabaseUrl,
    pub max_connections: Option<u32>,
    /// `database.sqlite_max_pages`: SQLite's size limit in pages.
    pub sqlite_max_pages: Option<u32>,
    /// `database.sqlite_readers`: SQLite's read-only connections for
    /// searches and practice reads (`None`: the store's default).
    pub sqlite_readers: Option<u32>,
    pub dev_mode: bool,
    /// Whether the public URL was given (file or environment), not derived
    /// from the listen address.
    pub public_url_configured: bool,
    /// Connection caps and timeouts of the HTTP server (`[server]`).
    pub limits: ecities_web::server::ServerLimits,
    pub delivery: DeliverySettings,
    pub federation: FederationSettings,
    /// How often portal feeds are polled (`import.poll_interval_minutes`).
    pub import_interval: std::time::Duration,
    /// How often topics look for new matches (`topics.interval_seconds`).
    pub topic_interval: std::time::Duration,
    /// How often each portal is checked again (`identity.check_interval_minutes`).
    pub portal_check_interval: std::time::Duration,
    /// How often each association a local actor names is asked again
    /// whether it lists the actor (`identity.membership_check_interval_seconds`).
    pub membership_check_interval: std::time::Duration,
    /// `node.name` (or `ECITIES_NODE_NAME`) and `node.description`: shown
    /// while the operator has set none in the admin.
    pub node: ecities_core::node::NodeProfile,
    /// `[[import.sources]]`.
    pub import_sources: Vec<ConfiguredSource>,
    /// `server.log_format` (`ECITIES_LOG_FORMAT`): how log lines are written.
    pub log_format: LogFormat,
    /// `[media]`: where attachment files are kept and what is accepted.
    pub media: MediaSettings,
    /// `translation.machine_url`: the machine-translation hook, if any.
    pub machine: Option<MachineSettings>,
    /// `[observability] otlp_endpoint`: trace export, if configured.
    pub otlp: Option<OtlpSettings>,
}

/// Attachments (`[media]`).
#[derive(Debug, Clone)]
pub struct MediaSettings {
    /// `media.dir` (`ECITIES_MEDIA_DIR`): by default `media/` beside the
    /// SQLite database, or `data/media` with PostgreSQL.
    pub dir: PathBuf,
    /// `media.max_bytes` and `media.accepted`.
    pub limits: ecities_core::media::MediaLimits,
    /// `media.store`: where the files are; `dir` is used only by `Local`.
    pub store: MediaStore,
}

/// `media.store`: the local directory (the default) or an S3-compatible
/// bucket (`[media.s3]`).
#[derive(Debug, Clone)]
pub enum MediaStore {
    Local,
    S3(ecities_store::blobs::S3Settings),
}

/// How log lines are written on stderr.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LogFormat {
    /// One human-readable line per event, with its spans.
    #[default]
    Text,
    /// One JSON object per line (for Loki, Elasticsearch, journald readers).
    Json,
}

impl LogFormat {
    fn parse(v: &str) -> Option<Self> {
        match v.trim().to_ascii_lowercase().as_str() {
            "text" => Some(Self::Text),
            "json" => Some(Self::Json),
            _ => None,
        }
    }
}

/// Defederation settings (`[federation]`).
#[derive(Debug, Clone, Default)]
pub struct FederationSettings {
    pub blocked_domains: Vec<String>,
    pub allowed_domains: Vec<String>,
    pub allowlist_only: bool,
    /// Inbox POSTs accepted per remote host (`federation.inbox_requests_per_second`,
    /// `federation.inbox_burst`); more get `429` with `Retry-After`.
    pub inbox_limit: ecities_federation::ratelimit::RateLimit,
    /// `federation.secure_mode` (`ECITIES_SECURE_MODE`): ActivityPub
    /// documents only for signed GETs from servers that are not blocked.
    pub secure_mode: bool,
    /// `federation.archive_pace_ms`: time between two deliveries of a
    /// portal's archive to one association's or knowledge space's inbox.
    pub archive_pace: std::time::Duration,
}

/// Concurrent deliveries by default. A delivery in flight is a task and a
/// socket (signing runs on one thread per core), so this is not a thread
/// count: it is what lets a server 100 ms away take its window of
/// `per_host_max` while others are served.
const DEFAULT_DELIVERY_WORKERS: u32 = 64;
/// Concurrent deliveries to one server by default (Lemmy allows about 8).
const DEFAULT_PER_HOST: u32 = 4;
/// A host that answers promptly gets up to this many at once.
const DEFAULT_PER_HOST_MAX: u32 = 32;
/// A host failing for two days is marked unreachable (Mastodon waits a week
/// before it stops delivering; two days keeps queues short for city nodes).
const DEFAULT_UNREACHABLE_AFTER_HOURS: u64 = 48;
/// An unreachable host is probed every six hours.
const DEFAULT_PROBE_INTERVAL_MINUTES: u64 = 360;
/// A claimed delivery is ours for a minute (far longer than the 10 s HTTP timeout).
const DEFAULT_LEASE_SECONDS: u64 = 15;

/// Reads an environment variable, treating empty as unset.
fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

impl Settings {
    /// Loads the settings from `path` (or `ECITIES_CONFIG`), then the
    /// environment.
    pub fn load(path: Option<&Path>) -> anyhow::Result<Self> {
        let path: Option<PathBuf> = path.map(Path::to_path_buf).or_else(|| env("ECITIES_CONFIG").map(PathBuf::from));
        let file = match &path {
            Some(p) => {
                let text = std::fs::read_to_string(p)
                    .with_context(|| format!("cannot read the configuration file {}", p.display()))?;
                toml::from_str::<FileConfig>(&text).map_err(|e| {
                    anyhow::anyhow!(
                        "configuration file {}: {}",
                        p.display(),
                        e.message().trim().to_owned() + &span_hint(&text, e.span())
                    )
                })?
            }
            None => FileConfig::default(),
        };
        Self::resolve(file)
    }

    fn resolve(file: FileConfig) -> anyhow::Result<Self> {
        let limits = server_limits(&file.server)?;
        let log_text = env("ECITIES_LOG_FORMAT").or_else(|| file.server.log_format.clone());
        let log_format = match log_text {
            Some(v) => LogFormat::parse(&v)
                .ok_or_else(|| anyhow::anyhow!("server.log_format (ECITIES_LOG_FORMAT): '{v}' is not text or json"))?,
            None => LogFormat::Text,
        };
        let bind_text = env("ECITIES_BIND").or(file.server.bind).unwrap_or_else(|| DEFAULT_BIND.into());
        let bind: SocketAddr = bind_text.parse().map_err(|_| {
            anyhow::anyhow!("server.bind (ECITIES_BIND): '{bind_text}' is not an address and port (expected for example 127.0.0.1:8080 or 0.0.0.0:8080)")
        })?;

        let configured_public = env("ECITIES_PUBLIC_URL").or(file.server.public_url);
        let public_url_configured = configured_public.is_some();
        let public_text = configured_public.unwrap_or_else(|| default_public_url(bind));
        let public = Url::parse(public_text.trim()).map_err(|_| {
            anyhow::anyhow!("server.public_url (ECITIES_PUBLIC_URL): '{public_text}' is not a URL (expected for example https://city.example or http://localhost:8081)")
        })?;
        if public.host().is_some_and(|h| matches!(h, url::Host::Ipv4(_) | url::Host::Ipv6(_))) {
            bail!(
                "server.public_url (ECITIES_PUBLIC_URL): '{public_text}' uses an IP address; other servers refuse IP-literal ids, use a host name (for example http://localhost:{})",
                public.port_or_known_default().unwrap_or(80)
            );
        }
        let urls =
            NodeUrls::new(&public).map_err(|e| anyhow::anyhow!("server.public_url (ECITIES_PUBLIC_URL): {e}"))?;

        let db_text = env("ECITIES_DATABASE_URL").or(file.database.url).unwrap_or_else(|| DEFAULT_DATABASE_URL.into());
        let database: DatabaseUrl =
            db_text.parse().map_err(|e| anyhow::anyhow!("database.url (ECITIES_DATABASE_URL): {e}"))?;

        let dev_mode = match env("ECITIES_DEV_MODE") {
            Some(v) => {
                parse_bool(&v).ok_or_else(|| anyhow::anyhow!("ECITIES_DEV_MODE: '{v}' is not 1/0/true/false"))?
            }
            None => file.server.dev_mode.unwrap_or(false),
        };
        if urls.base().scheme() == "http" && !dev_mode && !is_loopback_name(&urls) {
            bail!(
                "server.public_url (ECITIES_PUBLIC_URL): '{public_text}' is plain http; other servers require https. Use https, or set ECITIES_DEV_MODE=1 for a local test network"
            );
        }
        if file.database.max_connections == Some(0) {
            bail!("database.max_connections: must be at least 1");
        }
        if file.database.sqlite_max_pages == Some(0) {
            bail!("database.sqlite_max_pages: must be at least 1");
        }
        if let Some(readers) = file.database.sqlite_readers.filter(|r| *r > 64) {
            bail!("database.sqlite_readers: must be between 0 and 64 (got {readers})");
        }
        let d = &file.delivery;
        let delivery_workers = d.workers.unwrap_or(DEFAULT_DELIVERY_WORKERS);
        if !(1..=256).contains(&delivery_workers) {
            bail!("delivery.workers: must be between 1 and 256 (got {delivery_workers})");
        }
        let per_host = d.per_host.unwrap_or(DEFAULT_PER_HOST);
        if !(1..=64).contains(&per_host) {
            bail!("delivery.per_host: must be between 1 and 64 (got {per_host})");
        }
        let per_host_max = d.per_host_max.unwrap_or(DEFAULT_PER_HOST_MAX.max(per_host));
        if !(per_host..=256).contains(&per_host_max) {
            bail!("delivery.per_host_max: must be between delivery.per_host ({per_host}) and 256 (got {per_host_max})");
        }
        let lease = d.lease_seconds.unwrap_or(DEFAULT_LEASE_SECONDS);
        if !(1..=3600).contains(&lease) {
            bail!("delivery.lease_seconds: must be between 1 and 3600 (got {lease})");
        }
        let unreachable = d.unreachable_after_hours.unwrap_or(DEFAULT_UNREACHABLE_AFTER_HOURS);
        let probe = d.probe_interval_minutes.unwrap_or(DEFAULT_PROBE_INTERVAL_MINUTES);
        if unreachable == 0 || unreachable > 24 * 365 {
            bail!("delivery.unreachable_after_hours: must be between 1 and 8760 (got {unreachable})");
        }
        if probe == 0 || probe > 7 * 24 * 60 {
            bail!("delivery.probe_interval_minutes: must be between 1 and 10080 (got {probe})");
        }
        let delivery = DeliverySettings {
            concurrency: delivery_workers as usize,
            per_host: per_host as usize,
            per_host_max: per_host_max as usize,
            lease: std::time::Duration::from_secs(lease),
            host_policy: HostPolicy {
                unreachable_after_ms: i64::try_from(unreachable * 3_600_000).unwrap_or(i64::MAX),
                probe_interval_ms: i64::try_from(probe * 60_000).unwrap_or(i64::MAX),
            },
        };
        let f = file.federation;
        let federation = FederationSettings {
            blocked_domains: f.blocked_domains.unwrap_or_default(),
            allowed_domains: f.allowed_domains.unwrap_or_default(),
            allowlist_only: f.allowlist_only.unwrap_or(false),
            inbox_limit: inbox_limit(f.inbox_requests_per_second, f.inbox_burst)?,
            secure_mode: match env("ECITIES_SECURE_MODE") {
                Some(v) => {
                    parse_bool(&v).ok_or_else(|| anyhow::anyhow!("ECITIES_SECURE_MODE: '{v}' is not 1/0/true/false"))?
                }
                None => f.secure_mode.unwrap_or(false),
            },
            archive_pace: archive_pace(f.archive_pace_ms)?,
        };
        for (key, list) in [
            ("federation.blocked_domains", &federation.blocked_domains),
            ("federation.allowed_domains", &federation.allowed_domains),
        ] {
            for d in list {
                ecities_core::hub::normalize_domain(d).map_err(|_| {
                    anyhow::anyhow!("{key}: '{d}' is not a domain name (for example social.example.org)")
                })?;
            }
        }
        let minutes = file.import.poll_interval_minutes.unwrap_or(30);
        if !(1..=7 * 24 * 60).contains(&minutes) {
            bail!("import.poll_interval_minutes: must be between 1 and 10080 (got {minutes})");
        }
        let topic_seconds = file.topics.interval_seconds.unwrap_or(30);
        if !(1..=3600).contains(&topic_seconds) {
            bail!("topics.interval_seconds: must be between 1 and 3600 (got {topic_seconds})");
        }
        let portal_minutes = file.identity.check_interval_minutes.unwrap_or(360);
        if !(1..=7 * 24 * 60).contains(&portal_minutes) {
            bail!("identity.check_interval_minutes: must be between 1 and 10080 (got {portal_minutes})");
        }
        let membership_seconds = file.identity.membership_check_interval_seconds.unwrap_or(6 * 60 * 60);
        if !(1..=7 * 24 * 60 * 60).contains(&membership_seconds) {
            bail!(
                "identity.membership_check_interval_seconds: must be between 1 and 604800 (got {membership_seconds})"
            );
        }
        let node_change = ecities_core::node::NodeProfileChange {
            name: env("ECITIES_NODE_NAME").or(file.node.name),
            description: file.node.description,
            logo_url: None,
        };
        let node = node_change.apply(Default::default()).map_err(|e| anyhow::anyhow!("[node]: {e}"))?;
        let media = media_settings(file.media, &database)?;
        let mut import_sources = Vec::new();
        for (i, entry) in file.import.sources.into_iter().enumerate() {
            let key = format!("import.sources[{i}]");
            let actor =
                ecities_core::actor::ActorName::parse(&entry.actor).map_err(|e| anyhow::anyhow!("{key}.actor: {e}"))?;
            let url = ecities_core::urls::web_url(&entry.url)
                .ok_or_else(|| anyhow::anyhow!("{key}.url: '{}' is not an http or https URL", entry.url))?;
            entry.mapping.validate().map_err(|e| anyhow::anyhow!("{key}: {e}"))?;
            import_sources.push(ConfiguredSource {
                actor,
                url,
                mapping: entry.mapping,
                delete_missing: entry.delete_missing,
            });
        }
        let machine = match file.translation.machine_url.as_deref().map(str::trim).filter(|u| !u.is_empty()) {
            None => None,
            Some(u) => Some(MachineSettings {
                url: ecities_core::urls::web_url(u)
                    .ok_or_else(|| anyhow::anyhow!("translation.machine_url: '{u}' is not an http or https URL"))?,
                engine: file
                    .translation
                    .machine_engine
                    .map(|e| e.trim().to_owned())
                    .filter(|e| !e.is_empty())
                    .unwrap_or_else(|| "LibreTranslate".into()),
                api_key: file.translation.machine_api_key.filter(|k| !k.is_empty()),
            }),
        };
        let otlp = otlp_settings(file.observability)?;
        Ok(Self {
            otlp,
            machine,
            media,
            log_format,
            import_sources,
            import_interval: std::time::Duration::from_secs(minutes * 60),
            topic_interval: std::time::Duration::from_secs(topic_seconds),
            portal_check_interval: std::time::Duration::from_secs(portal_minutes * 60),
            membership_check_interval: std::time::Duration::from_secs(membership_seconds),
            node,
            federation,
            bind,
            urls,
            database,
            max_connections: file.database.max_connections,
            sqlite_max_pages: file.database.sqlite_max_pages,
            sqlite_readers: file.database.sqlite_readers,
            dev_mode,
            public_url_configured,
            limits,
            delivery,
        })
    }
}

/// `[observability]`, with the standard `OTEL_EXPORTER_OTLP_ENDPOINT` and
/// `OTEL_SERVICE_NAME` winning over the file. No endpoint: no export.
fn otlp_settings(section: ObservabilitySection) -> anyhow::Result<Option<OtlpSettings>> {
    let ratio = section.sampling_ratio.unwrap_or(1.0);
    if !(0.0..=1.0).contains(&ratio) {
        bail!("observability.sampling_ratio: must be between 0 and 1 (got {ratio})");
    }
    let service_name = env("OTEL_SERVICE_NAME")
        .or(section.service_name)
        .map(|n| n.trim().to_owned())
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| "ecities".into());
    let Some(endpoint) = env("OTEL_EXPORTER_OTLP_ENDPOINT").or(section.otlp_endpoint).filter(|e| !e.trim().is_empty())
    else {
        return Ok(None);
    };
    let traces_url = ecities_core::urls::web_url(&format!("{}/v1/traces", endpoint.trim().trim_end_matches('/')))
        .filter(|u| u.query().is_none())
        .ok_or_else(|| {
            anyhow::anyhow!(
                "observability.otlp_endpoint (OTEL_EXPORTER_OTLP_ENDPOINT): '{endpoint}' is not an http or https URL (expected for example http://localhost:4318)"
            )
        })?;
    if !cfg!(feature = "otlp") {
        bail!(
            "observability.otlp_endpoint (OTEL_EXPORTER_OTLP_ENDPOINT): this ecities was built without trace export (cargo feature otlp)"
        );
    }
    Ok(Some(OtlpSettings { traces_url, service_name, sampling_ratio: ratio }))
}

/// Largest `media.max_bytes`: 1 GiB (uploads are held in memory).
const MAX_MEDIA_BYTES: u64 = 1024 * 1024 * 1024;

/// `[media]`: `dir`, `max_bytes`, `accepted` (extensions or media types).
fn media_settings(media: MediaSection, database: &DatabaseUrl) -> anyhow::Result<MediaSettings> {
    use ecities_core::media::{DEFAULT_MAX_BYTES, MediaLimits, MediaType};
    let dir = match env("ECITIES_MEDIA_DIR").or(media.dir) {
        Some(d) => PathBuf::from(d),
        None => match database.sqlite_file() {
            Some(file) => file.parent().map(Path::to_path_buf).unwrap_or_default().join("media"),
            None => PathBuf::from("data/media"),
        },
    };
    let max_bytes = media.max_bytes.unwrap_or(DEFAULT_MAX_BYTES);
    if !(1024..=MAX_MEDIA_BYTES).contains(&max_bytes) {
        bail!("media.max_bytes: must be between 1024 and {MAX_MEDIA_BYTES} (got {max_bytes})");
    }
    let accepted = match media.accepted {
        None => MediaType::ALL.to_vec(),
        Some(list) => list
            .iter()
            .map(|t| {
                MediaType::from_setting(t).ok_or_else(|| {
                    anyhow::anyhow!(
                        "media.accepted: '{t}' is not a type this node can check (one of png, jpg, gif, webp, pdf, docx, xlsx, pptx, odt, ods, odp, csv)"
                    )
                })
            })
            .collect::<anyhow::Result<Vec<_>>>()?,
    };
    let store = match env("ECITIES_MEDIA_STORE").or(media.store).as_deref().map(str::trim) {
        None | Some("local") => MediaStore::Local,
        Some("s3") => MediaStore::S3(s3_settings(media.s3.unwrap_or_default())?),
        Some(other) => bail!("media.store (ECITIES_MEDIA_STORE): '{other}' is not local or s3"),
    };
    Ok(MediaSettings { dir, limits: MediaLimits { max_bytes, accepted }, store })
}

/// `[media.s3]` and the keys from the environment.
fn s3_settings(s3: S3Section) -> anyhow::Result<ecities_store::blobs::S3Settings> {
    let bucket = s3
        .bucket
        .filter(|b| !b.trim().is_empty())
        .ok_or_else(|| anyhow::anyhow!("media.s3.bucket: required when media.store = \"s3\" (the bucket's name)"))?;
    let endpoint = match s3.endpoint.filter(|e| !e.trim().is_empty()) {
        None => None,
        Some(e) => {
            let url = Url::parse(e.trim())
                .map_err(|err| anyhow::anyhow!("media.s3.endpoint: '{e}' is not a URL ({err}); expected for example https://s3.eu-central-1.amazonaws.com"))?;
            if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
                bail!("media.s3.endpoint: '{e}' is not an http(s) URL");
            }
            Some(url.as_str().trim_end_matches('/').to_owned())
        }
    };
    let key = |name: &str| {
        env(name).ok_or_else(|| {
            anyhow::anyhow!("{name}: required when media.store = \"s3\" (the bucket's keys are read from the environment, never from the file)")
        })
    };
    Ok(ecities_store::blobs::S3Settings {
        bucket: bucket.trim().to_owned(),
        endpoint,
        region: s3.region.filter(|r| !r.trim().is_empty()).unwrap_or_else(|| "us-east-1".into()),
        path_style: s3.path_style.unwrap_or(false),
        prefix: s3.prefix.unwrap_or_default(),
        access_key_id: key("ECITIES_S3_ACCESS_KEY_ID")?,
        secret_access_key: key("ECITIES_S3_SECRET_ACCESS_KEY")?,
        session_token: env("ECITIES_S3_SESSION_TOKEN"),
    })
}

/// `server.max_connections`, `server.max_connections_per_ip`,
/// `server.header_timeout_seconds`, `server.request_timeout_seconds`.
fn server_limits(server: &ServerSection) -> anyhow::Result<ecities_web::server::ServerLimits> {
    let defaults = ecities_web::server::ServerLimits::default();
    let max_connections = server.max_connections.unwrap_or(defaults.max_connections);
    if !(16..=1_000_000).contains(&max_connections) {
        bail!("server.max_connections: must be between 16 and 1000000 (got {max_connections})");
    }
    let per_ip = server.max_connections_per_ip.unwrap_or(defaults.max_connections_per_ip.min(max_connections));
    if !(1..=max_connections).contains(&per_ip) {
        bail!(
            "server.max_connections_per_ip: must be between 1 and server.max_connections ({max_connections}) (got {per_ip})"
        );
    }
    let header = server.header_timeout_seconds.unwrap_or(defaults.header_read_timeout.as_secs());
    if !(1..=300).contains(&header) {
        bail!("server.header_timeout_seconds: must be between 1 and 300 (got {header})");
    }
    let request = server.request_timeout_seconds.unwrap_or(defaults.request_timeout.as_secs());
    if !(1..=3600).contains(&request) {
        bail!("server.request_timeout_seconds: must be between 1 and 3600 (got {request})");
    }
    let proxies_text: Vec<String> = match env("ECITIES_TRUSTED_PROXIES") {
        Some(v) => v.split(',').map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect(),
        None => server.trusted_proxies.clone().unwrap_or_default(),
    };
    let trusted_proxies = proxies_text
        .iter()
        .map(|p| p.parse().map_err(|e| anyhow::anyhow!("server.trusted_proxies (ECITIES_TRUSTED_PROXIES): {e}")))
        .collect::<anyhow::Result<Vec<_>>>()?;
    Ok(ecities_web::server::ServerLimits {
        max_connections,
        max_connections_per_ip: per_ip,
        header_read_timeout: std::time::Duration::from_secs(header),
        request_timeout: std::time::Duration::from_secs(request),
        trusted_proxies,
    })
}

/// `federation.inbox_requests_per_second` and `federation.inbox_burst`.
/// `federation.archive_pace_ms`: at most a minute between two archive
/// items to one inbox (a 10,000-item archive then takes a week).
fn archive_pace(ms: Option<u64>) -> anyhow::Result<std::time::Duration> {
    match ms {
        None => Ok(ecities_federation::render::DEFAULT_ARCHIVE_PACE),
        Some(ms) if ms <= 60_000 => Ok(std::time::Duration::from_millis(ms)),
        Some(ms) => bail!("federation.archive_pace_ms: must be between 0 and 60000 (got {ms})"),
    }
}

fn inbox_limit(
    per_second: Option<f64>,
    burst: Option<u32>,
) -> anyhow::Result<ecities_federation::ratelimit::RateLimit> {
    let default = ecities_federation::ratelimit::RateLimit::default();
    let per_second = per_second.unwrap_or(default.per_second);
    if !(per_second.is_finite() && (0.1..=100_000.0).contains(&per_second)) {
        bail!("federation.inbox_requests_per_second: must be between 0.1 and 100000 (got {per_second})");
    }
    let burst = burst.map_or(default.burst, f64::from);
    if !(1.0..=1_000_000.0).contains(&burst) {
        bail!("federation.inbox_burst: must be between 1 and 1000000 (got {burst})");
    }
    Ok(ecities_federation::ratelimit::RateLimit { per_second, burst })
}

/// With no public URL configured, a node on loopback is reachable as
/// `http://localhost:PORT` (host names, not IPs: peers refuse IP ids).
fn default_public_url(bind: SocketAddr) -> String {
    format!("http://localhost:{}", bind.port())
}

fn is_loopback_name(urls: &NodeUrls) -> bool {
    urls.base().host_str() == Some("localhost")
}

fn parse_bool(v: &str) -> Option<bool> {
    match v.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Some(true),
        "0" | "false" | "no" | "off" => Some(false),
        _ => None,
    }
}

/// " (line N)" for a TOML error span.
fn span_hint(text: &str, span: Option<std::ops::Range<usize>>) -> String {
    span.map(|s| format!(" (line {})", text[..s.start.min(text.len())].lines().count().max(1))).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(toml: &str) -> anyhow::Result<Settings> {
        Settings::resolve(toml::from_str(toml).map_err(|e| anyhow::anyhow!(e.to_string()))?)
    }

    #[test]
    fn no_configuration_means_sqlite_under_data_on_port_8080() {
        let s = parse("").expect("defaults are valid");
        assert_eq!(s.bind.to_string(), "127.0.0.1:8080");
        assert_eq!(s.urls.base().as_str(), "http://localhost:8080/");
        assert_eq!(s.database.as_str(), "sqlite://data/ecities.db");
        assert!(!s.dev_mode);
    }

    #[test]
    fn the_archive_pace_has_a_default_and_a_bound() {
        assert_eq!(
            parse("").expect("defaults").federation.archive_pace,
            ecities_federation::render::DEFAULT_ARCHIVE_PACE
        );
        let set = parse("[federation]\narchive_pace_ms = 25").expect("valid");
        assert_eq!(set.federation.archive_pace, std::time::Duration::from_millis(25));
        let err = parse("[federation]\narchive_pace_ms = 600000").expect_err("too slow");
        assert!(err.to_string().contains("federation.archive_pace_ms"), "{err}");
    }

    #[test]
    fn secure_mode_is_off_unless_the_file_turns_it_on() {
        assert!(!parse("").expect("defaults").federation.secure_mode);
        assert!(parse("[federation]\nsecure_mode = true").expect("valid").federation.secure_mode);
    }

    #[test]
    fn trace_export_is_off_without_an_endpoint_and_checks_its_keys() {
        if std::env::var_os("OTEL_EXPORTER_OTLP_ENDPOINT").is_some() || std::env::var_os("OTEL_SERVICE_NAME").is_some()
        {
            return; // the environment wins over the file
        }
        assert_eq!(parse("").expect("defaults").otlp, None);
        let s =
            parse("[observability]\notlp_endpoint = \"http://localhost:4318/\"\nsampling_ratio = 0.25").expect("valid");
        let otlp = s.otlp.expect("configured");
        assert_eq!(otlp.traces_url.as_str(), "http://localhost:4318/v1/traces");
        assert_eq!(otlp.service_name, "ecities");
        assert!((otlp.sampling_ratio - 0.25).abs() < f64::EPSILON);
        let err = parse("[observability]\notlp_endpoint = \"localhost:4318\"").expect_err("no scheme").to_string();
        assert!(err.contains("observability.otlp_endpoint") && err.contains("http://localhost:4318"), "{err}");
        let err = parse("[observability]\notlp_endpoint = \"http://localhost:4318\"\nsampling_ratio = 1.5")
            .expect_err("ratio")
            .to_string();
        assert!(err.contains("observability.sampling_ratio"), "{err}");
    }

    #[test]
    fn unknown_keys_are_named() {
        let err = toml::from_str::<FileConfig>("[server]\nbnd = \"x\"").expect_err("unknown key");
        assert!(err.to_string().contains("bnd"), "{err}");
    }

    #[test]
    fn bad_values_name_their_key_and_form() {
        let err = parse("[server]\nbind = \"localhost\"").expect_err("no port").to_string();
        assert!(err.contains("server.bind") && err.contains("127.0.0.1:8080"), "{err}");
        let err = parse("[server]\npublic_url = \"http://127.0.0.1:8080\"").expect_err("ip").to_string();
        assert!(err.contains("IP address"), "{err}");
        let err = parse("[server]\npublic_url = \"http://city.example\"").expect_err("http").to_string();
        assert!(err.contains("https"), "{err}");
        let err = parse("[database]\nurl = \"mysql://x\"").expect_err("mysql").to_string();
        assert!(err.contains("database.url") && err.contains("sqlite://PATH"), "{err}");
        let err = parse("[delivery]\nworkers = 0").expect_err("zero").to_string();
        assert!(err.contains("delivery.workers"), "{err}");
        let err = parse("[delivery]\nper_host = 8\nper_host_max = 4").expect_err("below").to_string();
        assert!(err.contains("delivery.per_host_max"), "{err}");
        let err = parse("[federation]\ninbox_requests_per_second = 0").expect_err("zero").to_string();
        assert!(err.contains("federation.inbox_requests_per_second"), "{err}");
        let err = parse("[federation]\ninbox_burst = 0").expect_err("zero").to_string();
        assert!(err.contains("federation.inbox_burst"), "{err}");
        let err = parse("[server]\nlog_format = \"xml\"").expect_err("xml").to_string();
        assert!(err.contains("server.log_format") && err.contains("json"), "{err}");
    }

    #[test]
    fn every_example_configuration_is_valid() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../config");
        let mut seen = 0;
        for entry in std::fs::read_dir(&dir).expect("config/ exists") {
            let path = entry.expect("entry").path();
            if path.extension().is_some_and(|e| e == "toml") {
                let text = std::fs::read_to_string(&path).expect("read");
                parse(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                seen += 1;
            }
        }
        assert!(seen >= 3, "a city, an association and a knowledge-space example");
    }

    #[test]
    fn a_full_file_is_read() {
        let s = parse(
            "[server]\nbind = \"0.0.0.0:9000\"\npublic_url = \"https://seoul.example\"\n[database]\nurl = \"postgres://u@db/ecities\"\nmax_connections = 20\n[delivery]\nworkers = 4",
        )
        .expect("valid");
        assert_eq!(s.urls.host(), "seoul.example");
        assert_eq!(s.max_connections, Some(20));
        assert_eq!(s.delivery.concurrency, 4);
        assert_eq!(s.log_format, LogFormat::Text);
        let s = parse("[server]\nlog_format = \"json\"").expect("json");
        assert_eq!(s.log_format, LogFormat::Json);
    }
}
