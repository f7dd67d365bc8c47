//! The shipped deployment files agree with the node and with each other.
//! No Docker engine runs here, so the image and the compose network are
//! checked for consistency (docs/OPERATIONS.md says how to build and run
//! them where Docker exists); the systemd unit is verified by systemd.

use crate::support;

use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(repo().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn the_image_runs_as_an_unprivileged_user_and_builds_from_sources_only() {
    let dockerfile = read("Dockerfile");
    let runtime = dockerfile.rsplit("\nFROM ").next().expect("a runtime stage");
    assert!(runtime.starts_with("debian:bookworm-slim"), "a slim runtime stage");
    assert!(runtime.contains("\nUSER ecities"), "the runtime stage drops root");
    assert!(!runtime.contains("\nUSER root"));
    assert!(runtime.contains("HEALTHCHECK") && runtime.contains("/healthz"));
    assert!(dockerfile.contains("cargo build --release --locked -p ecities"));
    let ignore = read(".dockerignore");
    for excluded in ["target/", ".git/", "data/", "demo-data/"] {
        assert!(ignore.lines().any(|l| l.trim() == excluded), ".dockerignore leaves out {excluded}");
    }
}

/// One node of docker-compose.yml.
#[derive(Debug)]
struct ComposeNode {
    name: String,
    bind_port: String,
    public_url: String,
    database: String,
    published: String,
    alias: String,
}

fn compose_nodes(compose: &str) -> Vec<ComposeNode> {
    let services = compose.split("\nservices:\n").nth(1).expect("services");
    let services = services.split("\nvolumes:\n").next().expect("services block");
    // A service starts at a line indented by exactly two spaces.
    let mut blocks: Vec<String> = Vec::new();
    for line in services.lines() {
        let starts = line.starts_with("  ") && !line[2..].starts_with([' ', '#']);
        match blocks.last_mut() {
            Some(block) if !starts => {
                block.push('\n');
                block.push_str(line);
            }
            _ => blocks.push(line.trim().to_owned()),
        }
    }
    let mut nodes = Vec::new();
    for block in blocks.iter().filter(|b| b.contains("ECITIES_PUBLIC_URL")) {
        let name = block.lines().next().expect("name").trim_end_matches(':').to_owned();
        let value = |key: &str| {
            block
                .lines()
                .find_map(|l| l.trim().strip_prefix(key))
                .map(|v| v.trim().trim_matches('"').to_owned())
                .unwrap_or_else(|| panic!("{name}: {key}"))
        };
        nodes.push(ComposeNode {
            bind_port: value("ECITIES_BIND:").rsplit(':').next().expect("port").to_owned(),
            public_url: value("ECITIES_PUBLIC_URL:"),
            database: value("ECITIES_DATABASE_URL:").rsplit('/').next().expect("db").to_owned(),
            published: value("- \""),
            alias: value("aliases:").trim_matches(|c| c == '[' || c == ']').to_owned(),
            name,
        });
    }
    nodes
}

#[test]
fn the_compose_network_links_work_from_the_host_and_between_nodes_and_the_seed_matches_it() {
    let compose = read("docker-compose.yml");
    let nodes = compose_nodes(&compose);
    assert_eq!(nodes.len(), 4, "an association, two cities and a knowledge space: {nodes:?}");
    let init = read("docker/init-databases.sql");
    let seed = read("docker/seed.sh");
    for n in &nodes {
        let host = format!("{}.localhost", n.name);
        assert_eq!(n.public_url, format!("http://{host}:{}", n.bind_port), "{n:?}");
        assert_eq!(n.published, format!("{0}:{0}", n.bind_port), "the host reaches the same port: {n:?}");
        assert_eq!(n.alias, host, "other nodes resolve the public host name: {n:?}");
        assert!(init.contains(&format!("CREATE DATABASE {};", n.database)), "{n:?}");
        assert!(seed.contains(&format!("[{}]={}", n.name, n.bind_port)), "the seed knows {n:?}");
    }
    assert!(compose.contains("seed:") && compose.contains("/seed.sh"), "the network comes up seeded");
    let syntax = Command::new("bash").arg("-n").arg(repo().join("docker/seed.sh")).output().expect("bash");
    assert!(syntax.status.success(), "{}", String::from_utf8_lossy(&syntax.stderr));
}

#[test]
fn the_systemd_unit_is_valid_and_hardened() {
    let unit = read("docs/deploy/ecities.service");
    for directive in [
        "DynamicUser=yes",
        "NoNewPrivileges=yes",
        "ProtectSystem=strict",
        "LimitNOFILE=65536",
        "StateDirectory=ecities",
        "KillSignal=SIGTERM",
    ] {
        assert!(unit.lines().any(|l| l.trim() == directive), "the unit sets {directive}");
    }
    let Ok(analyze) = which("systemd-analyze") else {
        eprintln!("skipped: systemd-analyze is not installed; the unit was only read");
        return;
    };
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("ecities.service");
    std::fs::write(&path, unit.replace("/usr/local/bin/ecities", support::BIN)).expect("write");
    let verify = Command::new(&analyze).arg("verify").arg(&path).output().expect("systemd-analyze verify");
    let problems = String::from_utf8_lossy(&verify.stderr).into_owned();
    assert!(verify.status.success() && problems.trim().is_empty(), "{problems}");
    let security =
        Command::new(&analyze).args(["security", "--offline=true"]).arg(&path).output().expect("systemd-analyze");
    let text = String::from_utf8_lossy(&security.stdout).into_owned();
    let exposure: f64 = text
        .lines()
        .find_map(|l| l.split("Overall exposure level for ecities.service: ").nth(1))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("no exposure level in:\n{text}"));
    assert!(exposure <= 2.0, "systemd rates the unit's exposure {exposure} (at most 2.0 wanted)");
}

fn which(name: &str) -> Result<PathBuf, ()> {
    ["/usr/bin", "/bin", "/usr/local/bin"].iter().map(|d| Path::new(d).join(name)).find(|p| p.exists()).ok_or(())
}

/// docs/deploy/nginx.conf is accepted by the nginx installed here (with
/// test certificates and ports in place of the real ones).
#[test]
fn the_nginx_example_is_valid_nginx_configuration() {
    let (Ok(nginx), Ok(openssl)) = (which_sbin("nginx"), which("openssl")) else {
        assert!(std::env::var("ECITIES_REQUIRE_NGINX").is_err(), "nginx and openssl are required here");
        eprintln!("skipped: nginx or openssl is not installed");
        return;
    };
    let dir = tempfile::tempdir().expect("dir");
    let d = dir.path().display().to_string();
    let made = Command::new(openssl)
        .args(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=test"])
        .args(["-keyout", &format!("{d}/k.pem"), "-out", &format!("{d}/c.pem")])
        .output()
        .expect("openssl");
    assert!(made.status.success());
    let site = read("docs/deploy/nginx.conf")
        .replace("/etc/letsencrypt/live/ecities.city.example/fullchain.pem", &format!("{d}/c.pem"))
        .replace("/etc/letsencrypt/live/ecities.city.example/privkey.pem", &format!("{d}/k.pem"))
        .replace("listen 443", "listen 127.0.0.1:18443")
        .replace("listen [::]:443", "listen [::1]:18443")
        .replace("listen 80;", "listen 127.0.0.1:18080;")
        .replace("listen [::]:80;", "listen [::1]:18080;");
    std::fs::write(dir.path().join("site.conf"), site).expect("write");
    std::fs::write(
        dir.path().join("main.conf"),
        format!("pid {d}/pid;\nerror_log {d}/error.log;\nevents {{}}\nhttp {{ include {d}/site.conf; }}\n"),
    )
    .expect("write");
    let out = Command::new(nginx).args(["-t", "-p", &d, "-c", &format!("{d}/main.conf")]).output().expect("nginx -t");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

fn which_sbin(name: &str) -> Result<PathBuf, ()> {
    ["/usr/sbin", "/usr/local/sbin"].iter().map(|d| Path::new(d).join(name)).find(|p| p.exists()).ok_or(())
}
