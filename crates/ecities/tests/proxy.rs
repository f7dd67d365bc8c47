//! A node behind a real nginx (from Debian) terminating TLS with a test
//! certificate: pages and ActivityPub over https, signatures verified
//! through the proxy (the signed Host survives), ids on the public https
//! URL, and the client address taken from `X-Forwarded-For` of the trusted
//! proxy (sign-in throttling counts each client, not the proxy).
//!
//! Skipped (with a message) when nginx or openssl is missing, unless
//! `ECITIES_REQUIRE_NGINX=1` (CI sets it).

use crate::support;

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::{Value, json};
use support::fake_remote::FakeRemote;
use support::{Backend, NodeEnv, eventually, free_port};

const WAIT: Duration = Duration::from_secs(30);

pub(crate) fn tool(name: &str) -> Option<String> {
    for dir in ["/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin"] {
        let p = format!("{dir}/{name}");
        if Path::new(&p).exists() {
            return Some(p);
        }
    }
    None
}

/// nginx in the foreground, one process (no master: killing it leaves no
/// orphaned worker), with its own prefix; stopped when dropped.
struct Nginx(Child);

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start_nginx(nginx: &str, dir: &Path, tls_port: u16, node_port: u16) -> Nginx {
    // A test CA and a server certificate it signed (webpki refuses a CA
    // certificate used as the server's own).
    let openssl = tool("openssl").expect("openssl");
    let run = |args: &[&str]| {
        let out = Command::new(&openssl).args(args).current_dir(dir).output().expect("run openssl");
        assert!(out.status.success(), "openssl {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    };
    let days = ["-days", "1"];
    run(&[
        &["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=ecities test CA"][..],
        &days,
        &["-keyout", "ca.key", "-out", "ca.pem"],
    ]
    .concat());
    run(&["req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-keyout", "key.pem", "-out", "leaf.csr"]);
    std::fs::write(
        dir.join("leaf.ext"),
        "subjectAltName=DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n",
    )
    .expect("write extensions");
    run(&[
        &["x509", "-req", "-in", "leaf.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial"][..],
        &days,
        &["-extfile", "leaf.ext", "-out", "cert.pem"],
    ]
    .concat());
    let d = dir.display();
    // What docs/deploy/nginx.conf recommends, on test ports.
    let conf = format!(
        "master_process off;\ndaemon off;\npid {d}/nginx.pid;\nerror_log {d}/nginx-error.log;\n\
         events {{ worker_connections 256; }}\n\
         http {{\n  access_log off;\n  client_body_temp_path {d}/tmp-body;\n  proxy_temp_path {d}/tmp-proxy;\n\
           fastcgi_temp_path {d}/tmp-fcgi;\n  uwsgi_temp_path {d}/tmp-uwsgi;\n  scgi_temp_path {d}/tmp-scgi;\n\
           client_max_body_size 2m;\n\
           server {{\n    listen 127.0.0.1:{tls_port} ssl;\n    server_name localhost;\n\
             ssl_certificate {d}/cert.pem;\n    ssl_certificate_key {d}/key.pem;\n\
             location / {{\n      proxy_pass http://127.0.0.1:{node_port};\n      proxy_http_version 1.1;\n\
               proxy_set_header Connection \"\";\n      proxy_set_header Host $http_host;\n\
               proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n\
               proxy_set_header X-Forwarded-Proto $scheme;\n    }}\n  }}\n}}\n"
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
        if std::net::TcpStream::connect(("127.0.0.1", tls_port)).is_ok() {
            return Nginx(child);
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("nginx did not start: {}", std::fs::read_to_string(dir.join("nginx-error.log")).unwrap_or_default());
}

fn https_client(dir: &Path, from: Option<std::net::IpAddr>) -> reqwest::Client {
    let pem = std::fs::read(dir.join("ca.pem")).expect("test CA");
    let mut builder = reqwest::Client::builder()
        .add_root_certificate(reqwest::Certificate::from_pem(&pem).expect("certificate"))
        .redirect(reqwest::redirect::Policy::none());
    if let Some(ip) = from {
        builder = builder.local_address(ip);
    }
    builder.build().expect("client")
}

async fn a_node_behind_nginx_with_tls_federates_and_sees_its_clients(backend: Backend) {
    let (Some(nginx), Some(_)) = (tool("nginx"), tool("openssl")) else {
        assert!(std::env::var("ECITIES_REQUIRE_NGINX").is_err(), "nginx and openssl are required here");
        eprintln!("skipped: nginx or openssl is not installed (Debian: apt-get install nginx-light openssl)");
        return;
    };
    let Some(mut env) = NodeEnv::new(backend).await else { return };
    let tls_port = free_port();
    env.public_url_override = Some(format!("https://localhost:{tls_port}"));
    env = env.with_config("[server]\ntrusted_proxies = [\"127.0.0.1\"]\n");
    env.run_ok(&["actor", "create", "--kind", "city", "--name", "seoul", "--country", "KR"]);
    let node = env.start();
    let _nginx = start_nginx(&nginx, env.dir.path(), tls_port, env.port);
    let base = format!("https://localhost:{tls_port}");
    let http = https_client(env.dir.path(), None);

    // Pages and health over https through the proxy.
    let r = http.get(format!("{base}/healthz")).send().await.expect("GET /healthz through nginx");
    assert_eq!(r.status(), 200);
    // ActivityPub ids are on the public https URL.
    let actor: Value = http
        .get(format!("{base}/actors/seoul"))
        .header("Accept", "application/activity+json")
        .send()
        .await
        .expect("GET actor")
        .json()
        .await
        .expect("json");
    assert_eq!(actor["id"], format!("{base}/actors/seoul"));
    assert!(actor["inbox"].as_str().is_some_and(|i| i.starts_with(&base)), "{actor}");

    // A signed Follow through the proxy verifies (the signed Host is the
    // public one), and the Accept goes out.
    let remote = FakeRemote::start("mallory").await;
    let follow = json!({ "@context": "https://www.w3.org/ns/activitystreams", "id": remote.id("/follows/1"),
                         "type": "Follow", "actor": remote.actor, "object": format!("{base}/actors/seoul") })
    .to_string();
    let inbox = url::Url::parse(&format!("{base}/inbox")).expect("url");
    let headers =
        remote.key.sign("POST", &inbox, Some(follow.as_bytes()), Some("application/activity+json")).expect("sign");
    let mut req = http.post(inbox.clone()).body(follow.clone());
    for (k, v) in headers {
        req = req.header(k, v);
    }
    let r = req.send().await.expect("POST through nginx");
    let status = r.status().as_u16();
    assert_eq!(status, 202, "{}", r.text().await.unwrap_or_default());
    eventually("the Accept reaches the follower", WAIT, &[&node], || async {
        remote.received().iter().any(|a| a["type"] == "Accept").then_some(())
    })
    .await;

    // Sign-in throttling counts the client behind the proxy: one address
    // is refused after 20 attempts, another is not.
    // Each attempt with its own login: only the per-address count grows.
    let attempt = |from: std::net::IpAddr, login: String| {
        let (dir, base) = (env.dir.path().to_owned(), base.clone());
        async move {
            let http = https_client(&dir, Some(from));
            let page = http.get(format!("{base}/admin/login")).send().await.expect("GET login");
            let cookie = page
                .headers()
                .get_all("set-cookie")
                .iter()
                .filter_map(|v| v.to_str().ok())
                .find_map(|c| c.split(';').next().filter(|kv| kv.starts_with("ecities_login_csrf=")).map(str::to_owned))
                .expect("csrf cookie");
            let html = page.text().await.expect("html");
            let csrf = html
                .split("name=\"csrf\" value=\"")
                .nth(1)
                .and_then(|rest| rest.split('"').next())
                .expect("csrf field")
                .to_owned();
            let form = [("login", login.as_str()), ("password", "a wrong password!!"), ("csrf", csrf.as_str())];
            http.post(format!("{base}/admin/login"))
                .header("Cookie", cookie)
                .form(&form)
                .send()
                .await
                .expect("POST login")
                .status()
                .as_u16()
        }
    };
    let flooder: std::net::IpAddr = [127, 0, 0, 2].into();
    let mut last = 0;
    for i in 0..21 {
        last = attempt(flooder, format!("guess{i}")).await;
    }
    assert_eq!(last, 429, "the flooding client is throttled");
    let bystander: std::net::IpAddr = [127, 0, 0, 3].into();
    assert_eq!(attempt(bystander, "bystander".into()).await, 401, "another client behind the same proxy is not");
    drop(node);
    env.cleanup().await;
}

#[tokio::test]
async fn a_node_behind_nginx_with_tls_federates_and_sees_its_clients_on_sqlite() {
    a_node_behind_nginx_with_tls_federates_and_sees_its_clients(Backend::Sqlite).await;
}

#[tokio::test]
async fn a_node_behind_nginx_with_tls_federates_and_sees_its_clients_on_postgres() {
    a_node_behind_nginx_with_tls_federates_and_sees_its_clients(Backend::Postgres).await;
}
