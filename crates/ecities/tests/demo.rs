//! `ecities demo`: four real nodes on loopback, wired and seeded, stopped
//! cleanly, and started again from the same directory. The demo is SQLite
//! by definition (each node has its own SQLite database).

use crate::support;

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::Value;
use support::{BIN, healthz_ok};

/// The first of four consecutive free loopback ports, below Linux's
/// ephemeral range (32768–60999), which outgoing connections and other
/// tests' port-0 binds draw from: the demo is stopped and started again on
/// the same ports, and in between any connection of a test running beside
/// it could take one from that range.
fn four_free_ports() -> u16 {
    let mut x = u64::from(std::process::id())
        ^ std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos() as u64);
    loop {
        x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        let base = 20_000 + ((x >> 33) % 12_000) as u16;
        if (base..base + 4).all(|p| TcpListener::bind(("127.0.0.1", p)).is_ok()) {
            return base;
        }
    }
}

/// Starts the demo and waits until it says it is running; returns the
/// process and everything it printed.
fn start_demo(dir: &std::path::Path, base: u16) -> (Child, Vec<String>) {
    let mut child = Command::new(BIN)
        .args(["demo", "--dir", &dir.display().to_string(), "--port", &base.to_string()])
        .env_remove("ECITIES_CONFIG")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("spawn ecities demo");
    let stdout = child.stdout.take().expect("stdout");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let deadline = Instant::now() + Duration::from_secs(180);
    let mut lines = Vec::new();
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match rx.recv_timeout(left) {
            Ok(line) => {
                let done = line.contains("Press Ctrl-C to stop");
                lines.push(line);
                if done {
                    return (child, lines);
                }
            }
            Err(_) => {
                let _ = child.kill();
                let _ = child.wait();
                panic!("the demo did not come up: {lines:#?}");
            }
        }
    }
}

/// SIGTERM, as Ctrl-C or a service manager would stop it; returns its exit.
fn stop_demo(mut child: Child) -> std::process::ExitStatus {
    Command::new("kill").args(["-TERM", &child.id().to_string()]).status().expect("kill");
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            return status;
        }
        assert!(Instant::now() < deadline, "the demo did not stop");
        std::thread::sleep(Duration::from_millis(100));
    }
}

async fn practices(port: u16, query: &str) -> Vec<Value> {
    let url = format!("http://localhost:{port}/api/v1/practices?{query}");
    let body: Value = reqwest::get(&url).await.expect("GET").json().await.expect("json");
    body["items"].as_array().cloned().unwrap_or_default()
}

#[tokio::test]
async fn the_demo_starts_a_seeded_four_node_network_and_stops_it_cleanly() {
    let dir = tempfile::tempdir().expect("dir");
    let base = four_free_ports();
    let (demo, printed) = start_demo(dir.path(), base);
    let text = printed.join("\n");
    let (seoul, uclg, unpaks) = (base, base + 2, base + 3);
    for (port, name) in [(seoul, "seoul"), (base + 1, "nairobi"), (uclg, "uclg"), (unpaks, "unpaks")] {
        assert!(text.contains(&format!("http://localhost:{port}/actors/{name}")), "{text}");
        assert!(healthz_ok(port), "{name} answers");
    }
    assert!(text.contains(&format!("http://localhost:{unpaks}/search")), "{text}");
    // Each node's configuration file is printed; any command runs against
    // that node with it.
    let config = printed
        .iter()
        .map(|l| l.trim())
        .find(|l| l.ends_with("seoul/ecities.toml"))
        .unwrap_or_else(|| panic!("no configuration file printed: {text}"))
        .to_owned();
    let listed = std::process::Command::new(support::BIN)
        .args(["--config", &config, "actor", "list"])
        .env_remove("ECITIES_CONFIG")
        .env_remove("ECITIES_DATABASE_URL")
        .env_remove("ECITIES_PUBLIC_URL")
        .output()
        .expect("run ecities");
    let out = String::from_utf8_lossy(&listed.stdout);
    assert!(
        listed.status.success() && out.contains(&format!("http://localhost:{seoul}/actors/seoul")),
        "{out}{}",
        String::from_utf8_lossy(&listed.stderr)
    );

    // UN-PAKS found the cities' practices through the association, with
    // their provenance; the cities got UN-PAKS's guide the same way.
    let association = format!("http://localhost:{uclg}/actors/uclg");
    let gathered = practices(unpaks, "sdg=11").await;
    let bus = gathered.iter().find(|p| p["title"] == "Real-time bus information for every stop").expect("Seoul's");
    assert_eq!(bus["relayed_by"][0], association.as_str(), "{bus}");
    assert!(gathered.iter().any(|p| p["country"] == "KE"), "Nairobi's practice is there too");
    let at_seoul = practices(seoul, "kind=publication").await;
    assert_eq!(at_seoul.len(), 1, "{at_seoul:?}");
    assert_eq!(at_seoul[0]["relayed_by"][0], association.as_str());
    let page = reqwest::get(format!("http://localhost:{unpaks}/search?sdg=11&region=Asia"))
        .await
        .expect("GET")
        .text()
        .await
        .expect("html");
    assert!(page.contains("Real-time bus information"), "the search page shows it");

    // Stopped: every node is gone.
    assert!(stop_demo(demo).success(), "a clean exit");
    for port in base..base + 4 {
        assert!(!healthz_ok(port), "port {port} is released");
    }

    // Started again from the same directory: the same network, not seeded twice.
    let (demo, printed) = start_demo(dir.path(), base);
    assert!(!printed.join("\n").contains("publishing example practices"), "{printed:#?}");
    let gathered = practices(unpaks, "limit=50").await;
    let titles: std::collections::BTreeSet<_> = gathered.iter().map(|p| p["title"].to_string()).collect();
    assert_eq!(titles.len(), gathered.len(), "nothing twice");
    assert_eq!(gathered.len(), 5, "{titles:?}");
    assert!(stop_demo(demo).success());
}

#[test]
fn a_demo_stopped_while_it_starts_leaves_no_node_running() {
    let dir = tempfile::tempdir().expect("dir");
    let base = four_free_ports();
    let child = Command::new(BIN)
        .args(["demo", "--dir", &dir.path().display().to_string(), "--port", &base.to_string()])
        .env_remove("ECITIES_CONFIG")
        .stdout(Stdio::null())
        .spawn()
        .expect("spawn ecities demo");
    // Stopped once the first node answers, while the others start.
    let deadline = Instant::now() + Duration::from_secs(60);
    while !healthz_ok(base) && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    stop_demo(child);
    for port in base..base + 4 {
        assert!(!healthz_ok(port), "port {port} is released");
    }
}

#[test]
fn the_demo_refuses_ports_in_use_with_a_clear_message() {
    let taken = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = taken.local_addr().expect("addr").port();
    let dir = tempfile::tempdir().expect("dir");
    let out = Command::new(BIN)
        .args(["demo", "--dir", &dir.path().join("d").display().to_string(), "--port", &port.to_string()])
        .env_remove("ECITIES_CONFIG")
        .output()
        .expect("run");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&format!("port {port} is in use")), "{err}");
    assert!(!dir.path().join("d").exists(), "nothing created");
}
