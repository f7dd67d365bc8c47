//! Two nodes subscribed to a real relay server — ActivityRelay, the
//! LitePub relay from PyPI (pinned in .ci/run) — started by the test:
//! what one node publishes reaches the other through the relay.
//!
//! ActivityRelay writes its own ids as `https://{domain}/…` whatever it
//! listens on, so the test puts it behind nginx terminating TLS with a
//! test CA (the nodes trust it through `SSL_CERT_FILE`); the relay itself
//! is unchanged, configured by a small `relay.yaml`. It accepts only
//! instance (`Application`) actors as subscribers and keys them by host
//! name (without the port), so each node subscribes by its instance actor,
//! and the second node is named `ecities-peer.test` (a name for 127.0.0.1
//! that .ci/run adds to /etc/hosts) beside the first's `localhost`. It reads
//! a subscriber's NodeInfo at `https://NAME/` and signs `Host` without the
//! port, so the nodes are `https://localhost` and `https://ecities-peer.test`
//! through the same nginx on port 443 (one test at a time holds it).
//!
//! Skipped (with a message) when the relay or nginx is missing, unless
//! `ECITIES_REQUIRE_RELAY=1` (CI sets it). `ECITIES_RELAY_BIN` names the
//! relay's `activityrelay` executable (default: `.ci/relay-venv/bin/activityrelay`).

use crate::support;

use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use reqwest::Method;
use serde_json::{Value, json};
use support::{Api, Backend, NodeEnv, eventually, free_port};

const WAIT: Duration = Duration::from_secs(60);

/// The relay's executable, or `None` (with a message) when it is not
/// installed and not required.
fn relay_bin() -> Option<PathBuf> {
    let path = std::env::var("ECITIES_RELAY_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|_| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../.ci/relay-venv/bin/activityrelay"));
    if path.exists() {
        return Some(path);
    }
    assert!(
        !std::env::var("ECITIES_REQUIRE_RELAY").is_ok_and(|v| v == "1"),
        "ECITIES_REQUIRE_RELAY=1 but {} does not exist (ECITIES_RELAY_BIN)",
        path.display()
    );
    eprintln!("skipped: no ActivityRelay at {} (see .ci/run), real relay test not run", path.display());
    None
}

/// A second host name for loopback (`ECITIES_RELAY_PEER_HOST`, default
/// `ecities-peer.test`, which .ci/run adds to /etc/hosts), or `None` (with
/// a message) when it does not resolve to 127.0.0.1 and is not required.
fn peer_host() -> Option<String> {
    use std::net::ToSocketAddrs;
    let name = std::env::var("ECITIES_RELAY_PEER_HOST").unwrap_or_else(|_| "ecities-peer.test".into());
    let loopback = (name.as_str(), 80).to_socket_addrs().is_ok_and(|mut a| a.any(|a| a.ip().is_loopback()));
    if loopback {
        return Some(name);
    }
    assert!(
        !std::env::var("ECITIES_REQUIRE_RELAY").is_ok_and(|v| v == "1"),
        "ECITIES_REQUIRE_RELAY=1 but {name} does not resolve to 127.0.0.1 (add `127.0.0.1 {name}` to /etc/hosts)"
    );
    eprintln!("skipped: {name} does not resolve to 127.0.0.1 (ECITIES_RELAY_PEER_HOST), real relay test not run");
    None
}

/// The relay process and its worker processes (its own process group):
/// all stopped when dropped (a worker outlives a killed parent otherwise).
struct Relay(Child);

impl Drop for Relay {
    fn drop(&mut self) {
        let group = format!("-{}", self.0.id());
        let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
        let _ = self.0.wait();
    }
}

/// Configures ActivityRelay in `dir` for `https://localhost:{public_port}`
/// (nginx's port), listening on `port`, and starts it.
fn start_relay(bin: &Path, dir: &Path, port: u16, public_port: u16) -> Relay {
    // It fetches subscribers' NodeInfo over https: it trusts the test CA.
    let ca = dir.join("ca.pem");
    let config = dir.join("relay.yaml");
    std::fs::write(
        &config,
        format!(
            "listen: 127.0.0.1\nport: {port}\ndomain: localhost:{public_port}\nworkers: 1\n\
             db_type: sqlite\nca_type: database\nsq_path: relay.sqlite3\n"
        ),
    )
    .expect("write relay.yaml");
    // `setup` creates the database and the relay's key, then asks whether
    // to run now: no answer on stdin is a no.
    let out = Command::new(bin)
        .arg("-c")
        .arg(&config)
        .args(["setup", "--skip-questions"])
        .current_dir(dir)
        .stdin(Stdio::null())
        .output()
        .expect("run activityrelay setup");
    assert!(
        dir.join("relay.sqlite3").exists(),
        "activityrelay setup made no database: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let log = std::fs::File::create(dir.join("relay.log")).expect("relay log");
    let child = Command::new(bin)
        .arg("-c")
        .arg(&config)
        .arg("run")
        .process_group(0)
        .env("SSL_CERT_FILE", &ca)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(log.try_clone().expect("log"))
        .stderr(log)
        .spawn()
        .expect("start activityrelay");
    let relay = Relay(child);
    for _ in 0..600 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return relay;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("the relay did not start: {}", std::fs::read_to_string(dir.join("relay.log")).unwrap_or_default());
}

/// nginx in the foreground, one process; stopped when dropped.
struct Nginx(Child);

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Only one test at a time holds port 443.
static PORT_443: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// A test CA (`ca.pem` in `dir`) and nginx terminating TLS with a
/// certificate it signed for `localhost` and `peer`: the relay on
/// `https://localhost:{tls_port}`, and on port 443 each node by its name —
/// ActivityRelay reads a subscriber's NodeInfo at `https://{host name}/`
/// whatever the port of its ids.
fn start_nginx(nginx: &str, dir: &Path, tls_port: u16, relay_port: u16, nodes: &[(&str, u16)]) -> Nginx {
    let openssl = crate::proxy::tool("openssl").expect("openssl");
    let run = |args: &[&str]| {
        let out = Command::new(&openssl).args(args).current_dir(dir).output().expect("run openssl");
        assert!(out.status.success(), "openssl {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    };
    let days = ["-days", "1"];
    run(&[
        &["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=ecities relay test CA"][..],
        &days,
        &["-keyout", "ca.key", "-out", "ca.pem"],
    ]
    .concat());
    run(&["req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-keyout", "key.pem", "-out", "leaf.csr"]);
    let names: Vec<String> = nodes.iter().map(|(name, _)| format!("DNS:{name}")).collect();
    std::fs::write(
        dir.join("leaf.ext"),
        format!("subjectAltName={}\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n", names.join(",")),
    )
    .expect("write extensions");
    run(&[
        &["x509", "-req", "-in", "leaf.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial"][..],
        &days,
        &["-extfile", "leaf.ext", "-out", "cert.pem"],
    ]
    .concat());
    let d = dir.display();
    let server = |listen: String, name: &str, port: u16| {
        format!(
            "  server {{\n    listen {listen} ssl;\n    server_name {name};\n\
             ssl_certificate {d}/cert.pem;\n    ssl_certificate_key {d}/key.pem;\n\
             location / {{\n      proxy_pass http://127.0.0.1:{port};\n      proxy_http_version 1.1;\n\
             proxy_set_header Connection \"\";\n      proxy_set_header Host $http_host;\n    }}\n  }}\n"
        )
    };
    let mut servers = server(format!("127.0.0.1:{tls_port}"), "localhost", relay_port);
    for (name, port) in nodes {
        servers.push_str(&server("127.0.0.1:443".into(), name, *port));
    }
    let conf = format!(
        "master_process off;\ndaemon off;\npid {d}/nginx.pid;\nerror_log {d}/nginx-error.log;\n\
         events {{ worker_connections 256; }}\n\
         http {{\n  access_log off;\n  client_body_temp_path {d}/tmp-body;\n  proxy_temp_path {d}/tmp-proxy;\n\
         fastcgi_temp_path {d}/tmp-fcgi;\n  uwsgi_temp_path {d}/tmp-uwsgi;\n  scgi_temp_path {d}/tmp-scgi;\n\
         {servers}}}\n"
    );
    let path = dir.join("nginx.conf");
    std::fs::write(&path, conf).expect("write nginx.conf");
    let mut child = Command::new(nginx)
        .arg("-p")
        .arg(dir)
        .arg("-c")
        .arg(&path)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start nginx");
    for _ in 0..100 {
        let up = |port| std::net::TcpStream::connect(("127.0.0.1", port)).is_ok();
        if up(tls_port) && up(443) {
            return Nginx(child);
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("nginx did not start: {}", std::fs::read_to_string(dir.join("nginx-error.log")).unwrap_or_default());
}

/// The node's API on its own port (its public URL is nginx's https, whose
/// test CA this process does not trust).
fn direct_api(node: &support::Node, token: &str) -> Api {
    Api { base: format!("http://127.0.0.1:{}", node.port()), token: token.to_owned(), http: reqwest::Client::new() }
}

/// The state of `api`'s follow of `target`, if it has one.
async fn follow_state(api: &Api, target: &str) -> Option<String> {
    let (_, r) = api.get("/api/v1/follows").await;
    r["items"].as_array()?.iter().find(|f| f["actor"] == target)?["state"].as_str().map(str::to_owned)
}

async fn a_node_subscribed_to_a_real_relay_server_receives_what_another_subscriber_publishes_through_it(
    backend: Backend,
) {
    let Some(bin) = relay_bin() else { return };
    let Some(peer) = peer_host() else { return };
    let (Some(nginx), Some(_)) = (crate::proxy::tool("nginx"), crate::proxy::tool("openssl")) else {
        assert!(!std::env::var("ECITIES_REQUIRE_RELAY").is_ok_and(|v| v == "1"), "nginx and openssl are required here");
        eprintln!("skipped: nginx or openssl is not installed, real relay test not run");
        return;
    };
    let Some(mut kisumu_env) = NodeEnv::new(backend).await else { return };
    let Some(mut nakuru_env) = NodeEnv::new(backend).await else { return };
    let _port_443 = PORT_443.lock().await;
    let relay_dir = tempfile::tempdir().expect("temp dir");
    let (relay_port, tls_port) = (free_port(), free_port());
    // The relay signs `Host` without the port (aputils signs the URL's host
    // name, the client sends `name:port`), so its deliveries verify only on
    // a default port: the nodes are `https://NAME` through nginx on 443. It
    // tells subscribers apart by host name: the second node has another
    // name for loopback.
    kisumu_env.public_url_override = Some("https://localhost".into());
    nakuru_env.public_url_override = Some(format!("https://{peer}"));
    let _nginx = start_nginx(
        &nginx,
        relay_dir.path(),
        tls_port,
        relay_port,
        &[("localhost", kisumu_env.port), (&peer, nakuru_env.port)],
    );
    let _relay = start_relay(&bin, relay_dir.path(), relay_port, tls_port);
    let relay = format!("https://localhost:{tls_port}/actor");
    let ca = relay_dir.path().join("ca.pem").display().to_string();
    for env in [&mut kisumu_env, &mut nakuru_env] {
        env.extra_env.push(("SSL_CERT_FILE".into(), ca.clone()));
    }
    kisumu_env.run_ok(&["actor", "create", "--kind", "city", "--name", "kisumu", "--country", "KE"]);
    nakuru_env.run_ok(&["actor", "create", "--kind", "city", "--name", "nakuru", "--country", "KE"]);
    let kisumu_token = kisumu_env.run_ok(&["token", "create", "--actor", "kisumu"]);
    let (kisumu, nakuru) = (kisumu_env.start(), nakuru_env.start());
    let nodes = [&kisumu, &nakuru];

    // Each node subscribes by its instance actor (created on start), by
    // the relay's URL, and the relay accepts.
    let mut admins = Vec::new();
    for (env, node) in [(&kisumu_env, &kisumu), (&nakuru_env, &nakuru)] {
        let token = env.run_ok(&["token", "create", "--actor", "instance.actor"]);
        let admin = direct_api(node, &token);
        let (status, body) =
            admin.send(Method::POST, "/api/v1/follows", json!({ "target": relay, "relay": true })).await;
        assert_eq!(status, 202, "{body}\n{}", node.log_text());
        assert_eq!(body["relay"], true, "{body}");
        admins.push(admin);
    }
    for admin in &admins {
        eventually("the relay accepts the node's subscription", WAIT, &nodes, || async {
            (follow_state(admin, &relay).await.as_deref() == Some("accepted")).then_some(())
        })
        .await;
    }

    // Kisumu publishes; Nakuru, which follows nobody on Kisumu, gets it
    // through the relay, with the relay in its provenance.
    let (status, created) = direct_api(&kisumu, &kisumu_token)
        .send(
            Method::POST,
            "/api/v1/practices",
            json!({ "title": "Solar water kiosks", "summary": "Pay-as-you-go clean water", "content": "c",
                    "language": "en", "kind": "best_practice", "sdgs": [6], "country": "KE" }),
        )
        .await;
    assert_eq!(status, 201, "{created}");
    let id = created["id"].as_str().expect("practice id").to_owned();
    let copy: Value = eventually("Nakuru receives Kisumu's practice through the relay", WAIT, &nodes, || async {
        let r: Value = reqwest::get(format!("http://127.0.0.1:{}/api/v1/practices?limit=50", nakuru.port()))
            .await
            .ok()?
            .json()
            .await
            .ok()?;
        r["items"].as_array()?.iter().find(|p| p["id"] == id.as_str()).cloned()
    })
    .await;
    assert_eq!(copy["title"], "Solar water kiosks", "{copy}");
    assert!(
        copy["relayed_by"].as_array().is_some_and(|r| r.iter().any(|a| a == relay.as_str())),
        "the relay is in the practice's provenance: {copy}"
    );

    drop(kisumu);
    drop(nakuru);
    kisumu_env.cleanup().await;
    nakuru_env.cleanup().await;
}

#[tokio::test]
async fn a_node_subscribed_to_a_real_relay_server_receives_what_another_subscriber_publishes_through_it_on_sqlite() {
    a_node_subscribed_to_a_real_relay_server_receives_what_another_subscriber_publishes_through_it(Backend::Sqlite)
        .await;
}

#[tokio::test]
async fn a_node_subscribed_to_a_real_relay_server_receives_what_another_subscriber_publishes_through_it_on_postgres() {
    a_node_subscribed_to_a_real_relay_server_receives_what_another_subscriber_publishes_through_it(Backend::Postgres)
        .await;
}
