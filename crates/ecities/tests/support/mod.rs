//! A harness that runs the real `ecities` binary: every node gets its own
//! port, its own directory and its own database (SQLite, or a fresh
//! PostgreSQL database when `ECITIES_TEST_POSTGRES_URL` is set).

#![allow(dead_code)]

pub mod admin;
pub mod browser;
pub mod fake_remote;
pub mod multipart;

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use ecities_store::testing::{TestDatabase, postgres_test_url};

pub const BIN: &str = env!("CARGO_BIN_EXE_ecities");

/// Which database a test node uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A node's configuration: directory, port, database.
pub struct NodeEnv {
    pub dir: tempfile::TempDir,
    pub port: u16,
    pub database_url: String,
    /// A TOML configuration file passed as ECITIES_CONFIG, if any.
    pub config: Option<PathBuf>,
    /// Production posture: dev mode off (no loopback or private peers).
    pub production: bool,
    /// A public URL other than `http://localhost:PORT` (a node behind a
    /// reverse proxy).
    pub public_url_override: Option<String>,
    /// More environment variables for the node's processes (e.g.
    /// `SSL_CERT_FILE` naming a test CA).
    pub extra_env: Vec<(String, String)>,
    pg: Option<TestDatabase>,
}

/// A free loopback port (bound and released; a small race is acceptable in tests).
/// Ports are never handed out twice in one test process: two nodes that
/// got the same released port would answer each other's requests.
pub fn free_port() -> u16 {
    static GIVEN: std::sync::Mutex<Vec<u16>> = std::sync::Mutex::new(Vec::new());
    loop {
        let port =
            TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("a free port");
        let mut given = GIVEN.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if !given.contains(&port) {
            given.push(port);
            return port;
        }
    }
}

impl NodeEnv {
    /// Returns `None` (and says so) for PostgreSQL when no test server is configured.
    pub async fn new(backend: Backend) -> Option<Self> {
        let dir = tempfile::tempdir().expect("temp dir");
        let port = free_port();
        let (database_url, pg) = match backend {
            Backend::Sqlite => (format!("sqlite://{}/data/ecities.db", dir.path().display()), None),
            Backend::Postgres => {
                let Some(admin) = postgres_test_url() else {
                    eprintln!("skipped: ECITIES_TEST_POSTGRES_URL is not set, PostgreSQL half not run");
                    return None;
                };
                let db = TestDatabase::create_postgres(&admin).await.expect("create test database");
                (db.url.clone(), Some(db))
            }
        };
        Some(Self {
            dir,
            port,
            database_url,
            config: None,
            production: false,
            public_url_override: None,
            extra_env: Vec::new(),
            pg,
        })
    }

    /// Another node (own port and directory) on the same database: several
    /// processes sharing one queue.
    pub fn sharing_database_with(other: &NodeEnv) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        Self {
            dir,
            port: free_port(),
            database_url: other.database_url.clone(),
            config: other.config.clone(),
            production: other.production,
            public_url_override: other.public_url_override.clone(),
            extra_env: other.extra_env.clone(),
            pg: None,
        }
    }

    /// Runs this node as in production: dev mode off, so the outgoing-request
    /// policy refuses loopback and private addresses.
    pub fn production(mut self) -> Self {
        self.production = true;
        self
    }

    /// Writes `toml` as this node's configuration file.
    pub fn with_config(mut self, toml: &str) -> Self {
        let path = self.dir.path().join("ecities.toml");
        std::fs::write(&path, toml).expect("write config");
        self.config = Some(path);
        self
    }

    pub fn public_url(&self) -> String {
        self.public_url_override.clone().unwrap_or_else(|| format!("http://localhost:{}", self.port))
    }

    /// A command for this node with its environment set.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(BIN);
        cmd.args(args).current_dir(self.dir.path()).env_remove("ECITIES_CONFIG");
        if let Some(config) = &self.config {
            cmd.env("ECITIES_CONFIG", config);
        }
        cmd.env("ECITIES_BIND", format!("127.0.0.1:{}", self.port))
            .env("ECITIES_PUBLIC_URL", self.public_url())
            .env("ECITIES_DATABASE_URL", &self.database_url)
            .env("ECITIES_DEV_MODE", if self.production { "0" } else { "1" })
            .env("ECITIES_LOG", "info,ecities=debug,ecities_federation=debug");
        for (key, value) in &self.extra_env {
            cmd.env(key, value);
        }
        cmd
    }

    /// Runs a command to completion.
    pub fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().expect("run ecities")
    }

    /// Runs a command that must succeed; returns its last stdout line.
    pub fn run_ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(out.status.success(), "ecities {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
        last_line(&out)
    }

    pub fn start(&self) -> Node {
        self.start_with_env(&[])
    }

    /// [`start`](Self::start) with more environment variables (such as
    /// `ECITIES_TEST_CLOCK_OFFSET_SECS`, which moves the node's clock).
    pub fn start_with_env(&self, vars: &[(&str, &str)]) -> Node {
        let log = self.dir.path().join(format!("serve-{}.log", rand_suffix()));
        let file = std::fs::File::create(&log).expect("log file");
        let child = self
            .command(&["serve"])
            .envs(vars.iter().copied())
            .stdout(Stdio::null())
            .stderr(Stdio::from(file))
            .spawn()
            .expect("spawn ecities serve");
        let mut node = Node { child, base: self.public_url(), log, bind_port: self.port };
        node.wait_healthy();
        node
    }

    pub async fn cleanup(self) {
        if let Some(db) = self.pg {
            db.drop_database().await;
        }
    }
}

fn rand_suffix() -> u128 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0)
}

pub fn last_line(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).lines().last().unwrap_or("").trim().to_owned()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A running `ecities serve`; killed when dropped.
pub struct Node {
    pub child: Child,
    pub base: String,
    pub log: PathBuf,
    /// The port the node listens on (the public URL's, unless proxied).
    pub bind_port: u16,
}

/// How long a node may take to answer its first health check.
const STARTUP_TIMEOUT: Duration = Duration::from_secs(30);

impl Node {
    fn wait_healthy(&mut self) {
        let deadline = Instant::now() + STARTUP_TIMEOUT;
        while Instant::now() < deadline {
            // A node that exited (its port taken, say) must not be mistaken
            // for whatever else answers on that port.
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("node at {} exited with {status}; log:\n{}", self.base, self.log_text());
            }
            if healthz_ok(self.port()) {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("node at {} did not become healthy; log:\n{}", self.base, self.log_text());
    }

    /// The port the node itself listens on.
    pub fn port(&self) -> u16 {
        self.bind_port
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    pub fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Sends SIGTERM and waits for a clean exit.
    pub fn stop(mut self) -> std::process::ExitStatus {
        let pid = self.child.id().to_string();
        let _ = Command::new("kill").args(["-TERM", &pid]).status();
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                return status;
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("node did not stop after SIGTERM; log:\n{}", self.log_text());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// SIGKILL: no chance to clean up.
    pub fn kill(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Node {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A blocking `GET /healthz` over a plain socket, usable from sync and
/// async tests alike.
/// GETs `url` as ActivityStreams JSON, checking the content type.
pub async fn as2(url: &str) -> serde_json::Value {
    let r = reqwest::Client::new().get(url).header("Accept", "application/activity+json").send().await.expect("GET");
    assert_eq!(
        r.headers().get("content-type").and_then(|v| v.to_str().ok()),
        Some("application/activity+json"),
        "{url}"
    );
    r.json().await.expect("json")
}

pub fn healthz_ok(port: u16) -> bool {
    use std::io::{Read, Write};
    let Ok(mut stream) = std::net::TcpStream::connect(("127.0.0.1", port)) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
    let request = format!("GET /healthz HTTP/1.0\r\nHost: localhost:{port}\r\n\r\n");
    if stream.write_all(request.as_bytes()).is_err() {
        return false;
    }
    let mut response = String::new();
    let _ = stream.read_to_string(&mut response);
    response.starts_with("HTTP/1.0 200") || response.starts_with("HTTP/1.1 200")
}

pub fn path_exists(dir: &Path, rel: &str) -> bool {
    dir.join(rel).exists()
}

/// Polls `check` until it returns `Some`, or panics after `timeout` with
/// `what` and the logs of the given nodes.
pub async fn eventually<T, F, Fut>(what: &str, timeout: Duration, nodes: &[&Node], mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let deadline = Instant::now() + timeout;
    loop {
        if let Some(v) = check().await {
            return v;
        }
        if Instant::now() > deadline {
            let logs: Vec<String> = nodes.iter().map(|n| format!("--- {} ---\n{}", n.base, n.log_text())).collect();
            panic!("timed out waiting for: {what}\n{}", logs.join("\n"));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// A JSON API client for one node and token.
#[derive(Clone)]
pub struct Api {
    pub base: String,
    pub token: String,
    pub http: reqwest::Client,
}

impl Api {
    pub fn new(node: &Node, token: &str) -> Self {
        Self { base: node.base.clone(), token: token.to_owned(), http: reqwest::Client::new() }
    }

    pub async fn get(&self, path: &str) -> (u16, serde_json::Value) {
        let r = self.http.get(format!("{}{}", self.base, path)).bearer_auth(&self.token).send().await.expect("GET");
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or(serde_json::Value::Null))
    }

    pub async fn send(&self, method: reqwest::Method, path: &str, body: serde_json::Value) -> (u16, serde_json::Value) {
        let r = self
            .http
            .request(method, format!("{}{}", self.base, path))
            .bearer_auth(&self.token)
            .json(&body)
            .send()
            .await
            .expect("request");
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or(serde_json::Value::Null))
    }
}

/// A practice of `city` waiting in an association's review queue: the
/// association (`association`, an editor's token) follows the city on
/// `node`, its `moderator` switches to manual review, the city publishes
/// "Night buses"; answers the submission's id.
pub async fn pending_submission(node: &Node, city: &Api, city_url: &str, association: &Api, moderator: &Api) -> i64 {
    let (status, body) =
        association.send(reqwest::Method::POST, "/api/v1/follows", serde_json::json!({ "target": city_url })).await;
    assert!(status == 202 || status == 200, "{body}");
    eventually("the association follows the city", Duration::from_secs(30), &[node], || async {
        let (_, f) = association.get("/api/v1/follows").await;
        f["items"].as_array()?.iter().find(|i| i["actor"] == city_url && i["state"] == "accepted").map(|_| ())
    })
    .await;
    let manual = serde_json::json!({ "moderation": "manual" });
    let (status, body) = moderator.send(reqwest::Method::PATCH, "/api/v1/actor", manual).await;
    assert_eq!(status, 200, "{body}");
    let practice = serde_json::json!({ "title": "Night buses", "summary": "S.", "content": "Text.", "language": "en",
                                       "kind": "best_practice", "sdgs": [11], "country": "KR" });
    let (status, body) = city.send(reqwest::Method::POST, "/api/v1/practices", practice).await;
    assert_eq!(status, 201, "{body}");
    eventually("the practice waits for review", Duration::from_secs(30), &[node], || async {
        let (_, q) = moderator.get("/api/v1/submissions?state=pending").await;
        q["items"].as_array()?.first().and_then(|s| s["id"].as_i64())
    })
    .await
}

/// A remote actor as its actor document would describe it, to be written
/// straight into a node's database with [`add_followers`] (a node in
/// production posture could not fetch a loopback test server to learn it).
pub fn remote_actor(actor: &str, inbox: &str, shared_inbox: Option<&str>) -> ecities_core::actor::RemoteActor {
    let url = url::Url::parse(actor).expect("actor url");
    ecities_core::actor::RemoteActor {
        name: url.path_segments().and_then(|mut s| s.next_back().map(str::to_owned)).unwrap_or_default(),
        host: match (url.host_str(), url.port()) {
            (Some(h), Some(p)) => format!("{h}:{p}"),
            (h, _) => h.unwrap_or_default().to_owned(),
        },
        kind: ecities_core::actor::ActorKind::Person,
        display_name: None,
        summary: None,
        profile_url: None,
        icon_url: None,
        endpoints: ecities_core::actor::ActorEndpoints {
            inbox: url::Url::parse(inbox).expect("inbox"),
            shared_inbox: shared_inbox.map(|s| url::Url::parse(s).expect("shared inbox")),
            outbox: None,
            followers: None,
            following: None,
        },
        url,
        public_key_pem: "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----".into(),
        country: None,
    }
}

/// Writes `followers` into `env`'s database as accepted followers of the
/// local actor `name` (before the node starts, or beside it).
pub async fn add_followers(env: &NodeEnv, name: &str, followers: &[ecities_core::actor::RemoteActor]) {
    use ecities_core::store::{ActorStore, FollowStore};
    let url: ecities_store::DatabaseUrl = env.database_url.parse().expect("db url");
    let store = ecities_store::connect(&url, Some(1)).await.expect("open the node's database");
    let local = store
        .local_actor_by_name(&ecities_core::actor::ActorName::parse(name).expect("name"))
        .await
        .expect("lookup")
        .expect("the local actor");
    for follower in followers {
        let remote = store.upsert_remote_actor(follower).await.expect("remote actor");
        store
            .upsert_follow(remote.id, local.id, ecities_core::follow::FollowState::Accepted, None, &[])
            .await
            .expect("follow");
    }
    store.close().await;
}

/// Percent-encodes `s` for a path segment or query value (RFC 3986
/// unreserved characters stay as they are).
pub fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
