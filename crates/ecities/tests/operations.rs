//! Operating a node. Backups: taken while a fan-out is running, restored into an empty data
//! directory (or database), they give a node with the same actors, keys,
//! tokens and practices that finishes the fan-out.

use crate::support;

use std::collections::BTreeSet;
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::post;
use reqwest::Method;
use serde_json::{Value, json};
use support::{Api, Backend, NodeEnv, as2, eventually};

const FOLLOWERS: usize = 150;
const WAIT: Duration = Duration::from_secs(60);

/// A slow receiver: every inbox answers after 40 ms and records who got what.
async fn slow_receiver() -> (u16, Arc<Mutex<BTreeSet<String>>>) {
    async fn inbox(State(got): State<Arc<Mutex<BTreeSet<String>>>>, Path(who): Path<String>) -> StatusCode {
        tokio::time::sleep(Duration::from_millis(40)).await;
        got.lock().map(|mut g| g.insert(who)).ok();
        StatusCode::ACCEPTED
    }
    let got = Arc::new(Mutex::new(BTreeSet::new()));
    let app = Router::new().route("/users/{who}/inbox", post(inbox)).with_state(got.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("addr").port();
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (port, got)
}

fn received(got: &Arc<Mutex<BTreeSet<String>>>) -> usize {
    got.lock().map(|g| g.len()).unwrap_or(0)
}

async fn a_backup_taken_during_a_fan_out_restores_into_a_node_that_finishes_it(backend: Backend) {
    let Some(env) = NodeEnv::new(backend).await else { return };
    let Some(mut restored_env) = NodeEnv::new(backend).await else { return };
    // The restored node is the same node: same public URL, same port.
    restored_env.port = env.port;
    env.run_ok(&["actor", "create", "--kind", "city", "--name", "seoul", "--country", "KR"]);
    let token = env.run_ok(&["token", "create", "--actor", "seoul"]);
    let (port, got) = slow_receiver().await;
    let followers: Vec<_> = (0..FOLLOWERS)
        .map(|i| {
            let actor = format!("http://localhost:{port}/users/f{i}");
            support::remote_actor(&actor, &format!("{actor}/inbox"), None)
        })
        .collect();
    support::add_followers(&env, "seoul", &followers).await;
    let node = env.start();
    let api = Api::new(&node, &token);
    let actor_before = as2(&node.url("/actors/seoul")).await;
    let (status, created) = api
        .send(
            Method::POST,
            "/api/v1/practices",
            json!({ "title": "Bus lanes", "summary": "Faster buses.", "content": "Text.", "language": "en",
                    "kind": "best_practice", "sdgs": [11], "country": "KR" }),
        )
        .await;
    assert_eq!(status, 201, "{created}");
    eventually("the fan-out is under way", WAIT, &[&node], || async { (received(&got) >= 10).then_some(()) }).await;

    let backup = env.dir.path().join("node.backup");
    let out = env.run(&["backup", "--to", backup.to_str().expect("path")]);
    assert!(out.status.success(), "backup failed: {}", support::stderr(&out));
    let during = received(&got);
    assert!(during < FOLLOWERS, "the backup was taken while deliveries were still running ({during})");
    node.kill();
    assert!(received(&got) < FOLLOWERS, "the first node stopped before finishing");

    // Into an empty data directory: restored, then it finishes the fan-out.
    let out = restored_env.run(&["restore", "--from", backup.to_str().expect("path")]);
    assert!(out.status.success(), "restore failed: {}", support::stderr(&out));
    let again = restored_env.run(&["restore", "--from", backup.to_str().expect("path")]);
    assert!(!again.status.success(), "restore refuses a data directory that is not empty");
    let restored = restored_env.start();
    eventually("the restored node finishes the fan-out", WAIT, &[&restored], || async {
        (received(&got) == FOLLOWERS).then_some(())
    })
    .await;

    // The same actor with the same key, the same token, the same practice.
    let actor_after = as2(&restored.url("/actors/seoul")).await;
    assert_eq!(actor_after["publicKey"], actor_before["publicKey"]);
    let api = Api::new(&restored, &token);
    let (status, found) = api.get("/api/v1/practices?q=lanes").await;
    assert_eq!(status, 200);
    assert_eq!(found["items"].as_array().map(Vec::len), Some(1), "{found}");
    let (status, _) = api.get("/api/v1/deliveries").await;
    assert_eq!(status, 200, "the old token still works");
    let (_, deliveries) = api.get("/api/v1/deliveries?limit=200").await;
    let items = deliveries["items"].as_array().cloned().unwrap_or_default();
    assert!(items.iter().all(|d| d["state"] == "delivered"), "{}", Value::Array(items));
    drop(restored);
    env.cleanup().await;
    restored_env.cleanup().await;
}

#[tokio::test]
async fn a_backup_taken_during_a_fan_out_restores_into_a_node_that_finishes_it_on_sqlite() {
    a_backup_taken_during_a_fan_out_restores_into_a_node_that_finishes_it(Backend::Sqlite).await;
}

#[tokio::test]
async fn a_backup_taken_during_a_fan_out_restores_into_a_node_that_finishes_it_on_postgres() {
    a_backup_taken_during_a_fan_out_restores_into_a_node_that_finishes_it(Backend::Postgres).await;
}

#[tokio::test]
async fn migrate_dry_run_changes_nothing_and_a_newer_schema_is_refused() {
    let Some(env) = NodeEnv::new(Backend::Sqlite).await else { return };
    let out = env.run(&["migrate", "--dry-run"]);
    assert!(out.status.success(), "{}", support::stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(text.contains("would apply 0001"), "{text}");
    assert!(text.contains("nothing was changed"), "{text}");
    let out = env.run(&["migrate", "--dry-run"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("would apply"), "the dry run applied nothing");
    env.run_ok(&["migrate"]);
    let out = env.run(&["migrate", "--dry-run"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("nothing would change"));

    // A newer ecities migrated this database: refused, with what to do.
    {
        let url: ecities_store::DatabaseUrl = env.database_url.parse().expect("db url");
        let store = ecities_store::connect(&url, Some(1)).await.expect("open");
        store.record_foreign_migration_for_tests(9_999).await.expect("insert a future migration");
        store.close().await;
    }
    for args in [&["migrate"][..], &["serve"][..], &["actor", "list"][..]] {
        let out = env.run(args);
        assert!(!out.status.success(), "{args:?} must refuse a newer schema");
        let err = support::stderr(&out);
        assert!(err.contains("newer ecities"), "{args:?}: {err}");
    }
}

#[tokio::test]
async fn doctor_passes_a_healthy_node_and_names_a_broken_key() {
    let Some(env) = NodeEnv::new(Backend::Sqlite).await else { return };
    env.run_ok(&["actor", "create", "--kind", "city", "--name", "seoul", "--country", "KR"]);
    let out = env.run(&["doctor"]);
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(out.status.success(), "{text}\n{}", support::stderr(&out));
    for check in ["configuration", "public URL", "database schema", "database: reachable and writable", "keys", "clock"]
    {
        assert!(text.contains(check), "doctor checks {check}: {text}");
    }
    assert!(text.contains("[warn] dev mode"), "dev mode is flagged: {text}");

    // Another actor's public key: the pair no longer belongs together.
    {
        let url: ecities_store::DatabaseUrl = env.database_url.parse().expect("db url");
        let store = ecities_store::connect(&url, Some(1)).await.expect("open");
        let other = ecities_federation::keys::generate_keypair().expect("keys");
        store.replace_public_key_for_tests("seoul", &other.public_pem).await.expect("swap the public key");
        store.close().await;
    }
    let out = env.run(&["doctor"]);
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(!out.status.success(), "a broken key pair fails the doctor: {text}");
    assert!(text.contains("[FAIL] keys") && text.contains("seoul"), "{text}");
}

/// Start-up on a read-only file system names the cause in one line. Needs
/// the right to mount a tmpfs (root in the CI container); skipped otherwise.
#[tokio::test]
async fn a_node_on_a_read_only_file_system_says_so_in_one_line() {
    let Some(env) = NodeEnv::new(Backend::Sqlite).await else { return };
    let mount_point = env.dir.path().join("data");
    std::fs::create_dir_all(&mount_point).expect("dir");
    let mounted = Command::new("mount").args(["-t", "tmpfs", "-o", "size=1m,ro", "tmpfs"]).arg(&mount_point).output();
    if !mounted.as_ref().is_ok_and(|o| o.status.success()) {
        eprintln!("skipped: cannot mount a read-only tmpfs here ({mounted:?})");
        return;
    }
    let out = env.run(&["serve"]);
    let _ = Command::new("umount").arg(&mount_point).status();
    assert!(!out.status.success());
    let err = support::stderr(&out);
    let last = err.lines().last().unwrap_or("");
    assert!(last.starts_with("error:") && last.contains("read-only"), "{err}");
}
