//! The command line and `serve` as an admin uses them.

use crate::support;

use support::{Api, Backend, Node, NodeEnv, free_port, healthz_ok, last_line, stderr};

async fn serve_answers_health_and_keeps_actors_across_restarts(backend: Backend) {
    let Some(env) = NodeEnv::new(backend).await else { return };
    let url = env.run_ok(&[
        "actor",
        "create",
        "--kind",
        "city",
        "--name",
        "seoul",
        "--display-name",
        "Seoul",
        "--country",
        "KR",
    ]);
    assert_eq!(url, format!("{}/actors/seoul", env.public_url()));

    let node = env.start();
    let health = reqwest::get(node.url("/healthz")).await.expect("healthz");
    assert_eq!(health.status(), 200);
    let metrics = reqwest::get(node.url("/metrics")).await.expect("metrics").text().await.expect("body");
    assert!(metrics.contains("ecities_local_actors 1"), "{metrics}");
    assert!(node.stop().success(), "SIGTERM is a clean shutdown");

    let node = env.start();
    let metrics = reqwest::get(node.url("/metrics")).await.expect("metrics").text().await.expect("body");
    assert!(metrics.contains("ecities_local_actors 1"), "actors survive a restart: {metrics}");
    drop(node);
    let list = env.run_ok(&["actor", "list"]);
    assert!(list.contains("seoul@localhost"), "{list}");
    env.cleanup().await;
}

#[tokio::test]
async fn serve_answers_health_and_keeps_actors_across_restarts_on_sqlite() {
    serve_answers_health_and_keeps_actors_across_restarts(Backend::Sqlite).await;
}

#[tokio::test]
async fn serve_answers_health_and_keeps_actors_across_restarts_on_postgres() {
    serve_answers_health_and_keeps_actors_across_restarts(Backend::Postgres).await;
}

#[tokio::test]
async fn serve_with_no_configuration_creates_data_and_listens_on_8080() {
    // Port 8080 may be taken on a developer machine; the default is what
    // matters, so skip rather than fail when it is.
    if std::net::TcpListener::bind("127.0.0.1:8080").is_err() {
        eprintln!("skipped: 127.0.0.1:8080 is in use on this machine");
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let mut child = std::process::Command::new(support::BIN)
        .arg("serve")
        .current_dir(dir.path())
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("spawn");
    let mut healthy = false;
    for _ in 0..300 {
        if let Ok(r) = reqwest::get("http://127.0.0.1:8080/healthz").await {
            healthy = r.status().is_success();
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let _ = child.kill();
    let _ = child.wait();
    assert!(healthy, "/healthz answered 200 on 127.0.0.1:8080");
    assert!(dir.path().join("data/ecities.db").exists(), "the embedded database is under ./data/");
}

async fn bad_actor_input_is_refused_and_nothing_is_written(backend: Backend) {
    let Some(env) = NodeEnv::new(backend).await else { return };
    env.run_ok(&["actor", "create", "--kind", "city", "--name", "seoul"]);

    let dup = env.run(&["actor", "create", "--kind", "association", "--name", "seoul"]);
    assert!(!dup.status.success());
    assert!(stderr(&dup).contains("already exists"), "{}", stderr(&dup));

    let kind = env.run(&["actor", "create", "--kind", "town", "--name", "busan"]);
    assert!(!kind.status.success());
    assert!(stderr(&kind).contains("city, association or knowledge-space"), "{}", stderr(&kind));

    let country = env.run(&["actor", "create", "--kind", "city", "--name", "busan", "--country", "XX"]);
    assert!(!country.status.success());
    assert!(stderr(&country).contains("ISO 3166-1"), "{}", stderr(&country));

    let list = env.run_ok(&["actor", "list"]);
    assert!(!list.contains("busan"), "nothing written: {list}");
    let out = env.run(&["actor", "list"]);
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 1);
    env.cleanup().await;
}

#[tokio::test]
async fn bad_actor_input_is_refused_and_nothing_is_written_on_sqlite() {
    bad_actor_input_is_refused_and_nothing_is_written(Backend::Sqlite).await;
}

#[tokio::test]
async fn bad_actor_input_is_refused_and_nothing_is_written_on_postgres() {
    bad_actor_input_is_refused_and_nothing_is_written(Backend::Postgres).await;
}

#[tokio::test]
async fn tokens_are_printed_once_and_only_for_existing_actors() {
    let env = NodeEnv::new(Backend::Sqlite).await.expect("sqlite");
    env.run_ok(&["actor", "create", "--kind", "knowledge-space", "--name", "unpaks"]);
    let token = env.run_ok(&["token", "create", "--actor", "unpaks", "--label", "curators"]);
    assert!(token.starts_with("ect_") && token.len() > 40, "{token}");
    let db = std::fs::read(env.dir.path().join("data/ecities.db")).unwrap_or_default();
    let wal = std::fs::read(env.dir.path().join("data/ecities.db-wal")).unwrap_or_default();
    let needle = token.as_bytes();
    let contains = |hay: &[u8]| hay.windows(needle.len()).any(|w| w == needle);
    assert!(!contains(&db) && !contains(&wal), "the token itself is never stored");

    let missing = env.run(&["token", "create", "--actor", "nobody"]);
    assert!(!missing.status.success());
    assert!(stderr(&missing).contains("'nobody' not found"), "{}", stderr(&missing));
}

#[tokio::test]
async fn start_up_failures_are_one_clear_line_and_a_non_zero_exit() {
    let env = NodeEnv::new(Backend::Sqlite).await.expect("sqlite");

    let malformed = env.command(&["migrate"]).env("ECITIES_DATABASE_URL", "mysql://db/x").output().expect("run");
    assert!(!malformed.status.success());
    assert!(stderr(&malformed).contains("sqlite://PATH"), "{}", stderr(&malformed));
    assert_eq!(stderr(&malformed).trim().lines().count(), 1);

    let unreachable = env
        .command(&["migrate"])
        .env("ECITIES_DATABASE_URL", format!("postgres://nobody@localhost:{}/x", free_port()))
        .output()
        .expect("run");
    assert!(!unreachable.status.success());
    assert!(stderr(&unreachable).contains("cannot connect to PostgreSQL"), "{}", stderr(&unreachable));

    std::fs::write(env.dir.path().join("blocker"), b"a file, not a directory").expect("write");
    let unwritable =
        env.command(&["migrate"]).env("ECITIES_DATABASE_URL", "sqlite://blocker/db.sqlite").output().expect("run");
    assert!(!unwritable.status.success());
    assert!(stderr(&unwritable).contains("cannot create the data directory"), "{}", stderr(&unwritable));

    let busy = std::net::TcpListener::bind(("127.0.0.1", env.port)).expect("occupy the port");
    let in_use = env.run(&["serve"]);
    drop(busy);
    assert!(!in_use.status.success());
    assert!(stderr(&in_use).contains("cannot listen on"), "{}", stderr(&in_use));

    let bad_config = env.command(&["migrate"]).env("ECITIES_CONFIG", "nope.toml").output().expect("run");
    assert!(!bad_config.status.success());
    assert!(stderr(&bad_config).contains("nope.toml"), "{}", stderr(&bad_config));
    assert_eq!(last_line(&bad_config), "");
}

#[test]
fn every_command_has_help() {
    for args in [
        vec!["--help"],
        vec!["serve", "--help"],
        vec!["migrate", "--help"],
        vec!["actor", "create", "--help"],
        vec!["token", "create", "--help"],
    ] {
        let out = std::process::Command::new(support::BIN).args(&args).output().expect("run");
        assert!(out.status.success(), "{args:?}");
        assert!(String::from_utf8_lossy(&out.stdout).contains("Usage"), "{args:?}");
    }
}

#[tokio::test]
async fn domains_are_blocked_listed_and_unblocked_from_the_command_line() {
    let env = NodeEnv::new(Backend::Sqlite).await.expect("sqlite");
    assert_eq!(env.run_ok(&["domain", "block", "Spam.Example.", "--note", "spam"]), "blocked spam.example");
    env.run_ok(&["domain", "allow", "partner.example"]);
    let list = String::from_utf8_lossy(&env.run(&["domain", "list"]).stdout).into_owned();
    assert!(list.contains("block\tspam.example\tspam") && list.contains("allow\tpartner.example"), "{list}");
    env.run_ok(&["domain", "remove", "spam.example"]);
    let missing = env.run(&["domain", "remove", "spam.example"]);
    assert!(!missing.status.success());
    let bad = env.run(&["domain", "block", "not a domain"]);
    assert!(!bad.status.success());
    assert!(stderr(&bad).contains("not a domain name"), "{}", stderr(&bad));
}

#[tokio::test]
async fn creating_an_actor_under_a_default_or_foreign_public_url_is_warned_about() {
    let Some(env) = NodeEnv::new(Backend::Sqlite).await else { return };
    env.run_ok(&["actor", "create", "--kind", "city", "--name", "seoul", "--country", "KR"]);
    let out = env
        .command(&["actor", "create", "--kind", "city", "--name", "busan", "--country", "KR"])
        .env_remove("ECITIES_PUBLIC_URL")
        .env_remove("ECITIES_BIND")
        .output()
        .expect("run");
    assert!(out.status.success());
    let err = support::stderr(&out);
    assert!(err.contains("no public URL is configured"), "{err}");
    assert!(err.contains("other actors in this database live at"), "{err}");
    // With the node's configuration: no default warning, but busan (made
    // under the wrong URL) is pointed out.
    let next = env.run(&["actor", "create", "--kind", "city", "--name", "daegu", "--country", "KR"]);
    let err = support::stderr(&next);
    assert!(!err.contains("no public URL is configured") && err.contains("/actors/busan"), "{err}");
}

/// Every command reads the same file as `serve` with `--config` (before or
/// after the subcommand), whatever directory it runs in and with no
/// `ECITIES_*` variable set: what the CLI writes is what the node serves.
async fn every_command_runs_against_a_node_configured_only_by_its_file(backend: Backend) {
    let Some(env) = NodeEnv::new(backend).await else { return };
    let port = env.port;
    let config = env.dir.path().join("node.toml");
    std::fs::write(
        &config,
        format!(
            "[server]\nbind = \"127.0.0.1:{port}\"\npublic_url = \"http://localhost:{port}\"\ndev_mode = true\n\n[database]\nurl = \"{}\"\n",
            env.database_url
        ),
    )
    .expect("write the configuration");
    let config = config.to_str().expect("utf-8 path").to_owned();
    let elsewhere = tempfile::tempdir().expect("another directory");
    let command = |args: &[&str]| {
        let mut cmd = std::process::Command::new(support::BIN);
        cmd.args(args).current_dir(elsewhere.path());
        for var in ["ECITIES_CONFIG", "ECITIES_BIND", "ECITIES_PUBLIC_URL", "ECITIES_DATABASE_URL", "ECITIES_DEV_MODE"]
        {
            cmd.env_remove(var);
        }
        cmd
    };
    let run = |args: &[&str]| {
        let out = command(args).output().expect("run ecities");
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        out
    };

    let created =
        run(&["--config", &config, "actor", "create", "--kind", "city", "--name", "seoul", "--country", "KR"]);
    assert_eq!(last_line(&created), format!("http://localhost:{port}/actors/seoul"));
    assert!(!stderr(&created).contains("warning"), "the configured public URL is used: {}", stderr(&created));
    let token = last_line(&run(&["token", "create", "--actor", "seoul", "--config", &config]));
    let operator = last_line(&run(&["token", "create", "--operator", "--config", &config]));
    run(&["--config", &config, "domain", "block", "spam.example"]);

    let log = env.dir.path().join("serve.log");
    let child = command(&["--config", &config, "serve"])
        .stdout(std::process::Stdio::null())
        .stderr(std::fs::File::create(&log).expect("log"))
        .spawn()
        .expect("spawn serve");
    let node = Node { child, base: format!("http://localhost:{port}"), log, bind_port: port };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while !healthz_ok(port) {
        assert!(std::time::Instant::now() < deadline, "serve did not start: {}", node.log_text());
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let (status, body) = Api::new(&node, &token)
        .send(
            reqwest::Method::POST,
            "/api/v1/practices",
            serde_json::json!({ "title": "Bus lanes", "summary": "S.", "content": "Text.", "language": "en",
                                "kind": "best_practice", "sdgs": [11], "country": "KR" }),
        )
        .await;
    assert_eq!(status, 201, "the CLI's token works on the node: {body}");
    let (status, rules) = Api::new(&node, &operator).get("/api/v1/domains").await;
    assert_eq!((status, rules["items"][0]["domain"].as_str()), (200, Some("spam.example")), "{rules}");
    let replayed = run(&["--config", &config, "replay", "--actor", "seoul"]);
    assert!(String::from_utf8_lossy(&replayed.stdout).contains("0 failed deliveries queued again"));
    let listed = String::from_utf8_lossy(&run(&["actor", "list", "--config", &config]).stdout).into_owned();
    assert!(listed.contains(&format!("seoul@localhost:{port}")), "{listed}");
    assert!(!elsewhere.path().join("data").exists(), "nothing was written where the command ran");
    drop(node);
    env.cleanup().await;
}

#[tokio::test]
async fn every_command_runs_against_a_node_configured_only_by_its_file_on_sqlite() {
    every_command_runs_against_a_node_configured_only_by_its_file(Backend::Sqlite).await;
}

#[tokio::test]
async fn every_command_runs_against_a_node_configured_only_by_its_file_on_postgres() {
    every_command_runs_against_a_node_configured_only_by_its_file(Backend::Postgres).await;
}
