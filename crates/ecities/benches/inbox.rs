//! Inbox benchmark (issue 21): signed `Create(Article)` activities from 100
//! remote actors on 4 hosts, all followed by a local city, POSTed to the
//! shared inbox of the real `ecities serve` binary at concurrency 48.
//!
//! Reports, per round and as medians of the rounds:
//! (a) the ceiling: aws-lc-rs RSA verification + `serde_json` parse + one
//!     INSERT per activity (autocommit, same database kind and settings),
//!     on the node's cores, in a child process pinned like the node;
//! (b) ecities: 202s per second, p50/p99 latency, node CPU per activity
//!     (from /proc/PID/stat), and afterwards a count in the database: every
//!     202 must be a stored practice, and nothing else stored;
//! (c) activitypub_federation's own receive path (`receive_activity`) in a
//!     minimal axum app, same actors and keys, one INSERT per activity.
//!
//! Then one "not cached" round: first contact with actors the node has
//! never seen (it fetches each actor's key from its host); those activities
//! are answered 202 and ignored (nobody here follows them), and the node
//! must have fetched and stored each actor once.
//!
//! Run: `DANGER_FEDERATION_ALLOW_LOCAL_IP=1 cargo bench -p ecities --bench inbox`
//! With `ECITIES_INBOX_BENCH_DB=postgres://USER@HOST/DB` the node and the
//! library app use fresh PostgreSQL databases created there (dropped at the
//! end); the default is SQLite files in a temporary directory.
//! `ECITIES_INBOX_BENCH_N` activities per round (default 6,000),
//! `ECITIES_INBOX_BENCH_ROUNDS` measured rounds (default 3).
//!
//! On a machine with more than one core the node, the library app and the
//! ceiling run on cores 0..n-2 (taskset) and this process (load generator,
//! remote actors' servers) on the last core; `ECITIES_INBOX_BENCH_CORES=shared`
//! pins nothing (all share every core).

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use activitypub_federation::config::{Data, FederationConfig};
use activitypub_federation::traits::{Activity, Actor as ApActor, Object};
use axum::Router;
use axum::routing::{get, post};
use ecities_core::actor::{ActorEndpoints, ActorKind, ActorName, RemoteActor};
use ecities_core::follow::FollowState;
use ecities_core::store::{ActorStore, FollowStore};
use ecities_federation::signatures::SigningKey;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use url::Url;

const BIN: &str = env!("CARGO_BIN_EXE_ecities");
const ACTORS: usize = 100;
const HOSTS: usize = 4;
const CONCURRENCY: usize = 48;

/// The machine's cores, as seen before this process pinned itself.
static CORES: std::sync::OnceLock<usize> = std::sync::OnceLock::new();

fn cores() -> usize {
    *CORES.get_or_init(|| std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1))
}

fn shared_cores() -> bool {
    std::env::var("ECITIES_INBOX_BENCH_CORES").is_ok_and(|v| v == "shared")
}

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// The node's cores (`0..n-2`) as a taskset list, when there are at least two.
/// `ECITIES_INBOX_BENCH_CORES=shared`: nothing is pinned (node, load
/// generator and remote hosts share every core).
fn server_cores() -> Option<String> {
    if shared_cores() {
        return None;
    }
    let n = cores();
    (n >= 2).then(|| if n == 2 { "0".to_owned() } else { format!("0-{}", n - 2) })
}

/// utime + stime of a process (all its threads, dead or alive), in seconds.
fn process_cpu_secs(pid: u32) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // Fields after the command name (which may contain spaces), from field 3.
    let rest = stat.rsplit_once(')').map(|(_, r)| r).unwrap_or("");
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| f.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    // utime and stime are fields 14 and 15 (index 11 and 12 after ')');
    // USER_HZ is 100 on Linux.
    (ticks(11) + ticks(12)) / 100.0
}

fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}

/// The median and range of repeated measurements.
struct Spread {
    median: f64,
    min: f64,
    max: f64,
}

impl Spread {
    fn of(values: impl IntoIterator<Item = f64>) -> Self {
        let mut v: Vec<f64> = values.into_iter().collect();
        if v.is_empty() {
            return Self { median: f64::NAN, min: f64::NAN, max: f64::NAN };
        }
        v.sort_by(f64::total_cmp);
        Self { median: v[v.len() / 2], min: v[0], max: v[v.len() - 1] }
    }
}

impl std::fmt::Display for Spread {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.max < 20.0 {
            write!(f, "{:.2} ({:.2}–{:.2})", self.median, self.min, self.max)
        } else {
            write!(f, "{:.0} ({:.0}–{:.0})", self.median, self.min, self.max)
        }
    }
}

// ------------------------------------------------------------ databases

/// A database of the kind under test, for the bench's own queries.
#[derive(Clone)]
enum Db {
    Sqlite(sqlx::SqlitePool),
    Postgres(sqlx::PgPool),
}

impl Db {
    async fn open(url: &str, connections: u32) -> Self {
        if url.starts_with("sqlite:") {
            let opts: sqlx::sqlite::SqliteConnectOptions = url.parse().expect("sqlite url");
            let opts = opts
                .create_if_missing(true)
                .journal_mode(sqlx::sqlite::SqliteJournalMode::Wal)
                .synchronous(sqlx::sqlite::SqliteSynchronous::Normal)
                .busy_timeout(Duration::from_secs(5));
            Self::Sqlite(
                sqlx::sqlite::SqlitePoolOptions::new()
                    .max_connections(connections)
                    .connect_with(opts)
                    .await
                    .expect("open sqlite"),
            )
        } else {
            Self::Postgres(
                sqlx::postgres::PgPoolOptions::new().max_connections(connections).connect(url).await.expect("open pg"),
            )
        }
    }

    async fn execute(&self, sql: &str) {
        match self {
            Self::Sqlite(p) => sqlx::raw_sql(sqlx::AssertSqlSafe(sql.to_owned())).execute(p).await.map(|_| ()),
            Self::Postgres(p) => sqlx::raw_sql(sqlx::AssertSqlSafe(sql.to_owned())).execute(p).await.map(|_| ()),
        }
        .expect(sql);
    }

    async fn count(&self, sql: &str) -> i64 {
        match self {
            Self::Sqlite(p) => sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(sql.to_owned())).fetch_one(p).await,
            Self::Postgres(p) => sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(sql.to_owned())).fetch_one(p).await,
        }
        .expect(sql)
    }

    /// One row of the library app's / the ceiling's table.
    async fn insert(&self, ap_id: &str, actor: &str, body: &str) -> Result<(), sqlx::Error> {
        match self {
            Self::Sqlite(p) => sqlx::query("INSERT INTO received (ap_id, actor, body) VALUES (?, ?, ?)")
                .bind(ap_id)
                .bind(actor)
                .bind(body)
                .execute(p)
                .await
                .map(|_| ()),
            Self::Postgres(p) => sqlx::query("INSERT INTO received (ap_id, actor, body) VALUES ($1, $2, $3)")
                .bind(ap_id)
                .bind(actor)
                .bind(body)
                .execute(p)
                .await
                .map(|_| ()),
        }
    }

    async fn key_of(&self, url: &str) -> Option<String> {
        match self {
            Self::Sqlite(p) => sqlx::query_scalar::<_, String>("SELECT public_key_pem FROM lib_actors WHERE url = ?")
                .bind(url)
                .fetch_optional(p)
                .await
                .ok()
                .flatten(),
            Self::Postgres(p) => {
                sqlx::query_scalar::<_, String>("SELECT public_key_pem FROM lib_actors WHERE url = $1")
                    .bind(url)
                    .fetch_optional(p)
                    .await
                    .ok()
                    .flatten()
            }
        }
    }

    async fn add_actor(&self, url: &str, pem: &str) {
        let r = match self {
            Self::Sqlite(p) => sqlx::query("INSERT INTO lib_actors (url, public_key_pem) VALUES (?, ?)")
                .bind(url)
                .bind(pem)
                .execute(p)
                .await
                .map(|_| ()),
            Self::Postgres(p) => sqlx::query("INSERT INTO lib_actors (url, public_key_pem) VALUES ($1, $2)")
                .bind(url)
                .bind(pem)
                .execute(p)
                .await
                .map(|_| ()),
        };
        r.expect("actor");
    }
}

const RECEIVED_TABLE: &str =
    "CREATE TABLE IF NOT EXISTS received (ap_id TEXT PRIMARY KEY, actor TEXT NOT NULL, body TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS lib_actors (url TEXT PRIMARY KEY, public_key_pem TEXT NOT NULL)";

/// Where the bench's databases live: SQLite files in `dir`, or fresh
/// PostgreSQL databases created beside `ECITIES_INBOX_BENCH_DB`.
struct Databases {
    postgres: Option<(String, Vec<String>)>,
    dir: std::path::PathBuf,
}

impl Databases {
    fn postgres_admin(&self) -> Option<&str> {
        self.postgres.as_ref().map(|(u, _)| u.as_str())
    }

    /// A new, empty database named `name`; its URL.
    async fn create(&mut self, name: &str) -> String {
        match &mut self.postgres {
            None => format!("sqlite://{}/{name}.db", self.dir.display()),
            Some((admin, created)) => {
                let db_name = format!("inbox_bench_{name}_{}", std::process::id());
                let pool = Db::open(admin, 1).await;
                pool.execute(&format!("DROP DATABASE IF EXISTS {db_name}")).await;
                pool.execute(&format!("CREATE DATABASE {db_name}")).await;
                created.push(db_name.clone());
                let mut url = Url::parse(admin).expect("postgres url");
                url.set_path(&format!("/{db_name}"));
                url.to_string()
            }
        }
    }

    async fn drop_all(&mut self) {
        if let Some((admin, created)) = &self.postgres {
            let pool = Db::open(admin, 1).await;
            for name in created {
                pool.execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).await;
            }
        }
    }
}

// ------------------------------------------------------------ remote actors

/// One simulated remote actor.
#[derive(Clone)]
struct RemoteSender {
    url: Url,
    public_pem: String,
    key: SigningKey,
}

/// The remote hosts: each serves the actor documents of its actors (and
/// counts the fetches).
fn remote_app(docs: Arc<BTreeMap<String, Value>>, fetches: Arc<AtomicUsize>) -> Router {
    Router::new().route(
        "/users/{name}",
        get(move |axum::extract::Path(name): axum::extract::Path<String>| {
            let (docs, fetches) = (docs.clone(), fetches.clone());
            async move {
                fetches.fetch_add(1, Ordering::Relaxed);
                match docs.get(&name) {
                    Some(doc) => (
                        axum::http::StatusCode::OK,
                        [(axum::http::header::CONTENT_TYPE, "application/activity+json")],
                        doc.to_string(),
                    ),
                    None => (
                        axum::http::StatusCode::NOT_FOUND,
                        [(axum::http::header::CONTENT_TYPE, "application/json")],
                        "{}".to_owned(),
                    ),
                }
            }
        }),
    )
}

fn actor_doc(url: &Url, name: &str, base: &str, public_pem: &str) -> Value {
    json!({
        "@context": ["https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1"],
        "id": url, "type": "Person", "preferredUsername": name, "name": name,
        "inbox": format!("{url}/inbox"), "outbox": format!("{url}/outbox"),
        "followers": format!("{url}/followers"),
        "endpoints": { "sharedInbox": format!("{base}/inbox") },
        "publicKey": { "id": format!("{url}#main-key"), "owner": url, "publicKeyPem": public_pem },
    })
}

/// A `Create(Article)` of about 2.25 KB.
fn create_article(actor: &Url, tag: &str) -> Vec<u8> {
    let object_id = format!("{actor}/articles/{tag}");
    let paragraph = "Residents and the city council co-designed the new bus network, \
        reorganising 120 lines around trunk routes and feeder buses. ";
    let content = format!("<p>{}</p>", paragraph.repeat(13));
    json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": format!("{actor}/activities/{tag}"),
        "type": "Create",
        "actor": actor,
        "published": "2026-12-02T03:00:00Z",
        "to": ["https://www.w3.org/ns/activitystreams#Public"],
        "cc": [format!("{actor}/followers")],
        "object": {
            "id": object_id, "type": "Article", "attributedTo": actor,
            "name": format!("Bus network reform {tag}"),
            "summary": "How a city reorganised its buses with its residents.",
            "content": content,
            "contentMap": { "en": content },
            "published": "2026-12-02T03:00:00Z",
            "to": ["https://www.w3.org/ns/activitystreams#Public"],
            "cc": [format!("{actor}/followers")],
            "url": object_id,
        }
    })
    .to_string()
    .into_bytes()
}

/// A request ready to send: the body and its signed headers.
struct Signed {
    body: Vec<u8>,
    headers: Vec<(String, String)>,
}

fn sign_all(senders: &[RemoteSender], inbox: &Url, n: usize, tag: &str, distinct_actors: bool) -> Vec<Signed> {
    // Signed on every core before the clock starts (not measured).
    let per = n.div_ceil(cores());
    let out: Vec<Vec<Signed>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..cores())
            .map(|t| {
                s.spawn(move || {
                    (t * per..((t + 1) * per).min(n))
                        .map(|i| {
                            let sender = &senders[if distinct_actors { i } else { i % senders.len() }];
                            let body = create_article(&sender.url, &format!("{tag}-{i}"));
                            let headers = sender
                                .key
                                .sign("POST", inbox, Some(&body), Some("application/activity+json"))
                                .expect("sign");
                            Signed { body, headers }
                        })
                        .collect()
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().expect("signer")).collect()
    });
    out.into_iter().flatten().collect()
}

/// Posts every request at concurrency [`CONCURRENCY`]: (202 count, other
/// statuses, latencies of the 202s, wall seconds).
async fn post_all(
    http: &reqwest::Client,
    inbox: &Url,
    requests: Vec<Signed>,
) -> (usize, BTreeMap<u16, usize>, Vec<Duration>, f64) {
    let requests = Arc::new(requests);
    let next = Arc::new(AtomicUsize::new(0));
    let start = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..CONCURRENCY {
        let (http, inbox, requests, next) = (http.clone(), inbox.clone(), requests.clone(), next.clone());
        tasks.push(tokio::spawn(async move {
            let mut results = Vec::new();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(r) = requests.get(i) else { break };
                let mut req = http.post(inbox.clone()).body(r.body.clone());
                for (name, value) in &r.headers {
                    if name != "host" {
                        req = req.header(name, value);
                    }
                }
                let t = Instant::now();
                let status = match req.send().await {
                    Ok(resp) => {
                        let s = resp.status().as_u16();
                        let _ = resp.bytes().await;
                        s
                    }
                    Err(_) => 0,
                };
                results.push((status, t.elapsed()));
            }
            results
        }));
    }
    let mut accepted = 0;
    let mut others = BTreeMap::new();
    let mut latencies = Vec::new();
    for t in tasks {
        for (status, latency) in t.await.expect("poster") {
            if status == 202 {
                accepted += 1;
                latencies.push(latency);
            } else {
                *others.entry(status).or_insert(0) += 1;
            }
        }
    }
    let secs = start.elapsed().as_secs_f64();
    latencies.sort();
    (accepted, others, latencies, secs)
}

fn percentile_ms(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    sorted[((sorted.len() - 1) as f64 * p).round() as usize].as_secs_f64() * 1000.0
}

// ------------------------------------------------------------ child processes

struct Child(std::process::Child);

impl Drop for Child {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn pinned(program: &std::path::Path) -> std::process::Command {
    match server_cores() {
        Some(list) => {
            let mut c = std::process::Command::new("taskset");
            c.args(["-c", &list]).arg(program);
            c
        }
        None => std::process::Command::new(program),
    }
}

/// Starts this executable in `role`, pinned to the server cores; returns it
/// and the first line it prints.
fn start_role(role: &str, envs: &[(&str, String)]) -> (Child, String) {
    use std::io::BufRead;
    let exe = std::env::current_exe().expect("exe");
    let mut cmd = pinned(&exe);
    cmd.env("INBOX_BENCH_ROLE", role).stdout(std::process::Stdio::piped());
    for (k, v) in envs {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("child");
    let stdout = child.stdout.take().expect("stdout");
    let mut line = String::new();
    std::io::BufReader::new(stdout).read_line(&mut line).expect("child line");
    (Child(child), line.trim().to_owned())
}

// ------------------------------------------------------------ (a) ceiling

/// A body, its signing string and its signature.
type Sample = (Vec<u8>, Vec<u8>, Vec<u8>);

/// The ceiling child: verifies (aws-lc-rs, key parsed once), parses and
/// inserts `n` activities at concurrency 48 on its cores; prints
/// "per_second cpu_seconds".
async fn ceiling_role() {
    let n = env_usize("INBOX_BENCH_N", 6000);
    let db = Db::open(&std::env::var("INBOX_BENCH_DB").expect("db"), 8).await;
    db.execute(RECEIVED_TABLE).await;
    let keys = ecities_federation::keys::generate_keypair().expect("keys");
    let actor = Url::parse("http://localhost:1/users/ceiling").expect("url");
    let signer = SigningKey::from_pem(&actor, &keys.private_pem).expect("key");
    let tag = std::process::id();
    // 100 distinct messages and signatures, verified in turn.
    let samples: Arc<Vec<Sample>> = Arc::new(
        (0..100)
            .map(|i| {
                let body = create_article(&actor, &format!("c{tag}-{i}"));
                let message = format!(
                    "(request-target): post /inbox\nhost: localhost:1\ndate: x\ndigest: {}",
                    ecities_federation::signatures::digest_header(&body)
                )
                .into_bytes();
                let sig = signer.sign_bytes(&message).expect("sign");
                (body, message, sig)
            })
            .collect(),
    );
    let der = spki_der(&keys.public_pem);
    let key =
        Arc::new(aws_lc_rs::signature::UnparsedPublicKey::new(&aws_lc_rs::signature::RSA_PKCS1_2048_8192_SHA256, der));
    let next = Arc::new(AtomicUsize::new(0));
    let cpu_before = process_cpu_secs(std::process::id());
    let start = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..CONCURRENCY {
        let (db, samples, key, next) = (db.clone(), samples.clone(), key.clone(), next.clone());
        tasks.push(tokio::spawn(async move {
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= n {
                    break;
                }
                let (body, message, sig) = &samples[i % samples.len()];
                key.verify(message, sig).expect("verifies");
                let v: Value = serde_json::from_slice(body).expect("json");
                let id = format!("{}#{tag}-{i}", v["id"].as_str().unwrap_or(""));
                db.insert(&id, v["actor"].as_str().unwrap_or(""), std::str::from_utf8(body).unwrap_or(""))
                    .await
                    .expect("insert");
            }
        }));
    }
    for t in tasks {
        t.await.expect("task");
    }
    let secs = start.elapsed().as_secs_f64();
    let cpu = process_cpu_secs(std::process::id()) - cpu_before;
    println!("{} {}", n as f64 / secs, cpu);
}

/// The DER of an SPKI PEM public key.
fn spki_der(pem: &str) -> Vec<u8> {
    use base64::Engine;
    let b64: String = pem.lines().filter(|l| !l.starts_with("-----")).map(str::trim).collect();
    let spki = base64::engine::general_purpose::STANDARD.decode(b64).expect("base64");
    // aws-lc-rs's RSA verification reads the RSAPublicKey inside the SPKI.
    let parsed = <rsa::RsaPublicKey as rsa::pkcs8::DecodePublicKey>::from_public_key_der(&spki).expect("spki");
    rsa::pkcs1::EncodeRsaPublicKey::to_pkcs1_der(&parsed).expect("pkcs1").as_bytes().to_vec()
}

// ------------------------------------------------------------ (c) library

#[derive(Clone)]
struct LibData {
    db: Db,
}

#[derive(Debug)]
struct LibError(String);

impl std::fmt::Display for LibError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<activitypub_federation::error::Error> for LibError {
    fn from(e: activitypub_federation::error::Error) -> Self {
        Self(e.to_string())
    }
}

#[derive(Debug, Clone)]
struct LibActor {
    url: Url,
    public_key_pem: String,
}

#[derive(Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
struct LibActorDoc {
    id: Url,
    inbox: Url,
    public_key: LibKey,
}

#[derive(Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
struct LibKey {
    public_key_pem: String,
}

#[async_trait::async_trait]
impl Object for LibActor {
    type DataType = LibData;
    type Kind = LibActorDoc;
    type Error = LibError;

    fn id(&self) -> &Url {
        &self.url
    }

    fn last_refreshed_at(&self) -> Option<chrono::DateTime<chrono::Utc>> {
        Some(chrono::Utc::now())
    }

    async fn read_from_id(id: Url, data: &Data<LibData>) -> Result<Option<Self>, LibError> {
        Ok(data.db.key_of(id.as_str()).await.map(|public_key_pem| Self { url: id, public_key_pem }))
    }

    async fn into_json(self, _: &Data<LibData>) -> Result<LibActorDoc, LibError> {
        Ok(LibActorDoc {
            inbox: self.url.join("inbox").expect("url"),
            id: self.url,
            public_key: LibKey { public_key_pem: self.public_key_pem },
        })
    }

    async fn verify(json: &LibActorDoc, expected: &Url, _: &Data<LibData>) -> Result<(), LibError> {
        if json.id.domain() == expected.domain() { Ok(()) } else { Err(LibError("other domain".into())) }
    }

    async fn from_json(json: LibActorDoc, data: &Data<LibData>) -> Result<Self, LibError> {
        data.db.add_actor(json.id.as_str(), &json.public_key.public_key_pem).await;
        Ok(Self { url: json.id, public_key_pem: json.public_key.public_key_pem })
    }
}

impl ApActor for LibActor {
    fn public_key_pem(&self) -> &str {
        &self.public_key_pem
    }

    fn private_key_pem(&self) -> Option<String> {
        None
    }

    fn inbox(&self) -> Url {
        self.url.join("inbox").expect("url")
    }
}

#[derive(Deserialize, Serialize, Debug)]
struct LibCreate {
    id: Url,
    actor: Url,
    #[serde(rename = "type")]
    kind: String,
    object: Value,
}

#[async_trait::async_trait]
impl Activity for LibCreate {
    type DataType = LibData;
    type Error = LibError;

    fn id(&self) -> &Url {
        &self.id
    }

    fn actor(&self) -> &Url {
        &self.actor
    }

    async fn verify(&self, _: &Data<LibData>) -> Result<(), LibError> {
        Ok(())
    }

    /// The equivalent of storing the practice: one INSERT of the object.
    async fn receive(self, data: &Data<LibData>) -> Result<(), LibError> {
        let body = self.object.to_string();
        data.db.insert(self.id.as_str(), self.actor.as_str(), &body).await.map_err(|e| LibError(e.to_string()))
    }
}

async fn library_inbox(
    data: Data<LibData>,
    activity: activitypub_federation::axum::inbox::ActivityData,
) -> axum::http::StatusCode {
    match activitypub_federation::axum::inbox::receive_activity::<LibCreate, LibActor, LibData>(activity, &data).await {
        Ok(()) => axum::http::StatusCode::ACCEPTED,
        Err(_) => axum::http::StatusCode::BAD_REQUEST,
    }
}

/// The library child: a minimal axum app around activitypub_federation's
/// `receive_activity`; its actors (url, key) come from `INBOX_BENCH_ACTORS`
/// (a JSON file). Prints its port, then serves.
async fn library_role() {
    let db = Db::open(&std::env::var("INBOX_BENCH_DB").expect("db"), 8).await;
    db.execute(RECEIVED_TABLE).await;
    let actors: Vec<(String, String)> = serde_json::from_str(
        &std::fs::read_to_string(std::env::var("INBOX_BENCH_ACTORS").expect("actors")).expect("read"),
    )
    .expect("actors json");
    for (url, pem) in &actors {
        db.add_actor(url, pem).await;
    }
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let config = FederationConfig::builder()
        .domain(format!("localhost:{port}"))
        .app_data(LibData { db })
        .debug(true)
        .allow_http_urls(true)
        .build()
        .await
        .expect("config");
    let app = Router::new()
        .route("/inbox", post(library_inbox))
        .layer(activitypub_federation::config::FederationMiddleware::new(config));
    println!("{port}");
    let _ = axum::serve(listener, app).await;
}

// ------------------------------------------------------------ (b) the node

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("port")
}

fn node_command(dir: &std::path::Path, port: u16, db: &str, args: &[&str], pin: bool) -> std::process::Command {
    let mut cmd = if pin { pinned(std::path::Path::new(BIN)) } else { std::process::Command::new(BIN) };
    cmd.args(args)
        .current_dir(dir)
        .env("ECITIES_CONFIG", dir.join("bench.toml"))
        .env("ECITIES_BIND", format!("127.0.0.1:{port}"))
        .env("ECITIES_PUBLIC_URL", format!("http://localhost:{port}"))
        .env("ECITIES_DATABASE_URL", db)
        .env("ECITIES_DEV_MODE", "1")
        .env("ECITIES_LOG", "warn");
    cmd
}

async fn wait_healthy(port: u16) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        if reqwest::get(format!("http://127.0.0.1:{port}/healthz")).await.is_ok_and(|r| r.status().is_success()) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the node did not start");
}

#[derive(Default)]
struct Rounds {
    ceiling: Vec<f64>,
    ceiling_cpu_us: Vec<f64>,
    ours: Vec<f64>,
    ours_p50: Vec<f64>,
    ours_p99: Vec<f64>,
    ours_cpu_us: Vec<f64>,
    lib: Vec<f64>,
    lib_p50: Vec<f64>,
    lib_p99: Vec<f64>,
    lib_cpu_us: Vec<f64>,
    of_ceiling: Vec<f64>,
    of_lib: Vec<f64>,
}

fn main() {
    let runtime = || tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("runtime");
    cores();
    match std::env::var("INBOX_BENCH_ROLE").as_deref() {
        Ok("ceiling") => return runtime().block_on(ceiling_role()),
        Ok("library") => return runtime().block_on(library_role()),
        _ => {}
    }
    // This process (load generator, remote hosts) on the last core; the
    // servers it starts on the others. Pinned before the runtime starts so
    // that it sizes itself for one core.
    if cores() >= 2 && !shared_cores() {
        let ok = std::process::Command::new("taskset")
            .args(["-a", "-p", "-c", &(cores() - 1).to_string(), &std::process::id().to_string()])
            .stdout(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        assert!(ok, "could not pin the load generator with taskset");
    }
    runtime().block_on(bench());
}

async fn bench() {
    let n = env_usize("ECITIES_INBOX_BENCH_N", 6000);
    let rounds = env_usize("ECITIES_INBOX_BENCH_ROUNDS", 3);
    let tmp = tempfile::tempdir().expect("dir");
    let mut dbs = Databases {
        postgres: std::env::var("ECITIES_INBOX_BENCH_DB").ok().map(|u| (u, Vec::new())),
        dir: tmp.path().to_path_buf(),
    };
    let kind = if dbs.postgres_admin().is_some() { "PostgreSQL" } else { "SQLite" };
    println!("inbox bench on {kind}: {n} activities per round, {rounds} rounds; load average {}", loadavg());

    // Remote hosts and actors: 100 followed actors on 4 hosts, and as many
    // never-seen actors for the first-contact round.
    let first_contact = n.min(1000);
    let keys: Vec<ecities_core::actor::KeyPair> = {
        let k = ACTORS;
        std::thread::scope(|s| {
            let hs: Vec<_> = (0..cores())
                .map(|t| {
                    s.spawn(move || {
                        (t..k)
                            .step_by(cores())
                            .map(|_| ecities_federation::keys::generate_keypair().expect("keys"))
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            hs.into_iter().flat_map(|h| h.join().expect("keygen")).collect()
        })
    };
    let mut listeners = Vec::new();
    for _ in 0..HOSTS {
        listeners.push(tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind"));
    }
    let ports: Vec<u16> = listeners.iter().map(|l| l.local_addr().expect("addr").port()).collect();
    let mut followed = Vec::new();
    let mut strangers = Vec::new();
    let mut docs: Vec<BTreeMap<String, Value>> = vec![BTreeMap::new(); HOSTS];
    for i in 0..ACTORS + first_contact {
        let h = i % HOSTS;
        let base = format!("http://localhost:{}", ports[h]);
        let name = if i < ACTORS { format!("a{i}") } else { format!("s{i}") };
        let url = Url::parse(&format!("{base}/users/{name}")).expect("url");
        let keys = &keys[i % ACTORS];
        docs[h].insert(name.clone(), actor_doc(&url, &name, &base, &keys.public_pem));
        let sender = RemoteSender {
            key: SigningKey::from_pem(&url, &keys.private_pem).expect("key"),
            url,
            public_pem: keys.public_pem.clone(),
        };
        if i < ACTORS { followed.push(sender) } else { strangers.push(sender) }
    }
    let fetches = Arc::new(AtomicUsize::new(0));
    for (listener, docs) in listeners.into_iter().zip(docs) {
        let app = remote_app(Arc::new(docs), fetches.clone());
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
    }

    // The node: a city created by the CLI; the remote actors and the
    // city's follows of them written in its database before it starts.
    let node_dir = tmp.path().join("node");
    std::fs::create_dir_all(&node_dir).expect("dir");
    std::fs::write(
        node_dir.join("bench.toml"),
        "# Per-host limits raised: 4 hosts send everything.\n[federation]\ninbox_requests_per_second = 100000\ninbox_burst = 1000000\n",
    )
    .expect("config");
    let node_db = dbs.create("node").await;
    let port = free_port();
    let out = node_command(&node_dir, port, &node_db, &["actor", "create", "--kind", "city", "--name", "seoul"], false)
        .output()
        .expect("actor create");
    assert!(out.status.success(), "actor create: {}", String::from_utf8_lossy(&out.stderr));
    {
        let url: ecities_store::DatabaseUrl = node_db.parse().expect("url");
        let store = ecities_store::connect(&url, Some(1)).await.expect("open");
        let seoul =
            store.local_actor_by_name(&ActorName::parse("seoul").expect("name")).await.expect("lookup").expect("seoul");
        for (i, s) in followed.iter().enumerate() {
            let host = s.url.host_str().map(|h| format!("{h}:{}", s.url.port().unwrap_or(80))).unwrap_or_default();
            let remote = RemoteActor {
                name: format!("a{i}"),
                host,
                kind: ActorKind::Person,
                display_name: None,
                summary: None,
                profile_url: None,
                icon_url: None,
                endpoints: ActorEndpoints {
                    inbox: Url::parse(&format!("{}/inbox", s.url)).expect("inbox"),
                    shared_inbox: None,
                    outbox: None,
                    followers: Some(Url::parse(&format!("{}/followers", s.url)).expect("followers")),
                    following: None,
                },
                url: s.url.clone(),
                public_key_pem: s.public_pem.clone(),
                country: None,
            };
            let r = store.upsert_remote_actor(&remote).await.expect("actor");
            store.upsert_follow(seoul.id, r.id, FollowState::Accepted, None, &[]).await.expect("follow");
        }
        store.close().await;
    }
    let node = Child(
        node_command(&node_dir, port, &node_db, &["serve"], true)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::inherit())
            .spawn()
            .expect("serve"),
    );
    let node_pid = node.0.id();
    wait_healthy(port).await;
    let node_inbox = Url::parse(&format!("http://localhost:{port}/inbox")).expect("url");
    let count_db = Db::open(&node_db, 1).await;

    // The library app, same actors and keys.
    let lib_db = dbs.create("library").await;
    let actors_file = tmp.path().join("actors.json");
    let list: Vec<(String, String)> = followed.iter().map(|s| (s.url.to_string(), s.public_pem.clone())).collect();
    std::fs::write(&actors_file, serde_json::to_string(&list).expect("json")).expect("write");
    let (library, lib_port) = start_role(
        "library",
        &[("INBOX_BENCH_DB", lib_db.clone()), ("INBOX_BENCH_ACTORS", actors_file.display().to_string())],
    );
    let library_pid = library.0.id();
    let lib_inbox = Url::parse(&format!("http://localhost:{lib_port}/inbox")).expect("url");
    let lib_count_db = Db::open(&lib_db, 1).await;
    let ceiling_db = dbs.create("ceiling").await;

    let http = reqwest::Client::builder().pool_max_idle_per_host(CONCURRENCY).build().expect("client");
    let mut r = Rounds::default();
    // Round 0 warms up (connections, caches, statements), as in a server
    // that has been running; then each round measures the three, back to
    // back, and their ratios within the round.
    for round in 0..=rounds {
        let size = if round == 0 { n.min(500) } else { n };
        // (a) the ceiling
        let (ceiling, line) =
            start_role("ceiling", &[("INBOX_BENCH_DB", ceiling_db.clone()), ("INBOX_BENCH_N", size.to_string())]);
        drop(ceiling);
        let mut parts = line.split_whitespace().map(|v| v.parse::<f64>().unwrap_or(f64::NAN));
        let (ceil_rate, ceil_cpu) = (parts.next().unwrap_or(f64::NAN), parts.next().unwrap_or(f64::NAN));

        // (b) ecities
        let requests = sign_all(&followed, &node_inbox, size, &format!("r{round}"), false);
        let stored_before = count_db.count("SELECT COUNT(*) FROM practices WHERE local = 0").await;
        let cpu_before = process_cpu_secs(node_pid);
        let (accepted, others, latencies, secs) = post_all(&http, &node_inbox, requests).await;
        let node_cpu = process_cpu_secs(node_pid) - cpu_before;
        let stored = count_db.count("SELECT COUNT(*) FROM practices WHERE local = 0").await - stored_before;
        let ours = accepted as f64 / secs;
        assert_eq!(
            stored, accepted as i64,
            "round {round}: {accepted} answered 202 but {stored} practices stored (others: {others:?})"
        );

        // (c) the library
        let requests = sign_all(&followed, &lib_inbox, size, &format!("r{round}"), false);
        let lib_before = lib_count_db.count("SELECT COUNT(*) FROM received").await;
        let lib_cpu_before = process_cpu_secs(library_pid);
        let (lib_accepted, lib_others, lib_latencies, lib_secs) = post_all(&http, &lib_inbox, requests).await;
        let lib_cpu = process_cpu_secs(library_pid) - lib_cpu_before;
        let lib_stored = lib_count_db.count("SELECT COUNT(*) FROM received").await - lib_before;
        assert_eq!(lib_stored, lib_accepted as i64, "library: 202s and rows differ ({lib_others:?})");
        let lib = lib_accepted as f64 / lib_secs;

        println!(
            "round {round}: ceiling {ceil_rate:.0}/s ({:.0} µs CPU each); ecities {accepted} × 202 in {secs:.2} s = {ours:.0}/s, p50 {:.0} ms, p99 {:.0} ms, {:.0} µs node CPU each, {stored} stored{}; library {lib:.0}/s, p50 {:.0} ms, p99 {:.0} ms, {:.0} µs CPU each{}; load {}",
            ceil_cpu / size as f64 * 1e6,
            percentile_ms(&latencies, 0.5),
            percentile_ms(&latencies, 0.99),
            node_cpu / accepted.max(1) as f64 * 1e6,
            if others.is_empty() { String::new() } else { format!(", other answers {others:?}") },
            percentile_ms(&lib_latencies, 0.5),
            percentile_ms(&lib_latencies, 0.99),
            lib_cpu / lib_accepted.max(1) as f64 * 1e6,
            if lib_others.is_empty() { String::new() } else { format!(", other answers {lib_others:?}") },
            loadavg(),
        );
        if round > 0 {
            r.ceiling.push(ceil_rate);
            r.ceiling_cpu_us.push(ceil_cpu / size as f64 * 1e6);
            r.ours.push(ours);
            r.ours_p50.push(percentile_ms(&latencies, 0.5));
            r.ours_p99.push(percentile_ms(&latencies, 0.99));
            r.ours_cpu_us.push(node_cpu / accepted.max(1) as f64 * 1e6);
            r.lib.push(lib);
            r.lib_p50.push(percentile_ms(&lib_latencies, 0.5));
            r.lib_p99.push(percentile_ms(&lib_latencies, 0.99));
            r.lib_cpu_us.push(lib_cpu / lib_accepted.max(1) as f64 * 1e6);
            r.of_ceiling.push(ours / ceil_rate);
            r.of_lib.push(ours / lib);
        }
    }

    // First contact: each activity from an actor the node has never seen.
    let requests = sign_all(&strangers, &node_inbox, first_contact, "first", true);
    let stored_before = count_db.count("SELECT COUNT(*) FROM practices WHERE local = 0").await;
    let actors_before = count_db.count("SELECT COUNT(*) FROM actors WHERE local = 0").await;
    let fetches_before = fetches.load(Ordering::Relaxed);
    let cpu_before = process_cpu_secs(node_pid);
    let (fc_accepted, fc_others, fc_latencies, fc_secs) = post_all(&http, &node_inbox, requests).await;
    let fc_cpu = process_cpu_secs(node_pid) - cpu_before;
    let fc_fetches = fetches.load(Ordering::Relaxed) - fetches_before;
    let fc_stored = count_db.count("SELECT COUNT(*) FROM practices WHERE local = 0").await - stored_before;
    let fc_actors = count_db.count("SELECT COUNT(*) FROM actors WHERE local = 0").await - actors_before;
    assert_eq!(fc_stored, 0, "activities from actors nobody follows are not stored");

    println!();
    println!(
        "## {kind}: {n} signed Create(Article) per round from {ACTORS} actors on {HOSTS} hosts, concurrency {CONCURRENCY}; {rounds} rounds, median (min–max)"
    );
    println!(
        "{}; load average after: {}",
        match server_cores() {
            Some(list) => format!(
                "node, library app and ceiling on core(s) {list}, load generator and remote hosts on core {}",
                cores() - 1
            ),
            None => format!("nothing pinned: node, library app, ceiling and load generator share {} core(s)", cores()),
        },
        loadavg()
    );
    println!("| path | per second | p50 ms | p99 ms | CPU µs per activity |");
    println!("|---|---|---|---|---|");
    println!(
        "| (a) ceiling: aws-lc-rs verify + serde_json + one INSERT ({kind}) | {} | | | {} |",
        Spread::of(r.ceiling),
        Spread::of(r.ceiling_cpu_us)
    );
    println!(
        "| (b) ecities shared inbox, keys cached (202 = stored practice) | {} | {} | {} | {} |",
        Spread::of(r.ours),
        Spread::of(r.ours_p50),
        Spread::of(r.ours_p99),
        Spread::of(r.ours_cpu_us)
    );
    println!(
        "| (c) activitypub_federation receive_activity + one INSERT | {} | {} | {} | {} |",
        Spread::of(r.lib),
        Spread::of(r.lib_p50),
        Spread::of(r.lib_p99),
        Spread::of(r.lib_cpu_us)
    );
    println!(
        "| (b') ecities, first contact ({first_contact} never-seen actors, key fetched; 202, not stored) | {:.0} | {:.0} | {:.0} | {:.0} |",
        fc_accepted as f64 / fc_secs,
        percentile_ms(&fc_latencies, 0.5),
        percentile_ms(&fc_latencies, 0.99),
        fc_cpu / fc_accepted.max(1) as f64 * 1e6
    );
    println!(
        "first contact: {fc_accepted} × 202, other answers {fc_others:?}; {fc_fetches} actor fetches, {fc_actors} actors stored"
    );
    println!("ecities / ceiling, per round: {} %", Spread::of(r.of_ceiling.iter().map(|x| 100.0 * x)));
    println!("ecities / library, per round: {}x", Spread::of(r.of_lib));

    drop(node);
    drop(library);
    drop(count_db);
    drop(lib_count_db);
    dbs.drop_all().await;
}
