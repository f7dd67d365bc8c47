//! Attachments in an S3-compatible bucket (`[media] store = "s3"`, issue
//! 19), against a real S3 server started here: moto's `moto_server`
//! (PyPI), which speaks the S3 REST protocol over HTTP. What the bucket holds is read from the server with
//! plain HTTP requests, never through the node's own client.
//!
//! Skipped (with a message) when the server is missing, unless
//! `ECITIES_REQUIRE_S3=1` (CI sets it). `ECITIES_S3_SERVER_BIN` names the
//! `moto_server` executable (default: `.ci/s3-venv/bin/moto_server`).

use crate::support;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use reqwest::Method;
use serde_json::{Value, json};
use support::{Api, Backend, NodeEnv, free_port};

/// The S3 server's executable, or `None` (with a message) when it is not
/// installed and not required.
fn s3_server_bin() -> Option<PathBuf> {
    let path = std::env::var("ECITIES_S3_SERVER_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|_| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../.ci/s3-venv/bin/moto_server"));
    if path.exists() {
        return Some(path);
    }
    assert!(
        !std::env::var("ECITIES_REQUIRE_S3").is_ok_and(|v| v == "1"),
        "ECITIES_REQUIRE_S3=1 but {} does not exist (ECITIES_S3_SERVER_BIN)",
        path.display()
    );
    eprintln!("skipped: no S3 server at {} (see .ci/run), S3 storage test not run", path.display());
    None
}

/// A running S3 server on a loopback port; stopped when dropped.
struct S3Server {
    child: Child,
    base: String,
}

impl Drop for S3Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl S3Server {
    fn start(bin: &Path, log: &Path) -> Self {
        let port = free_port();
        let log = std::fs::File::create(log).expect("log file");
        let child = Command::new(bin)
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::from(log))
            .spawn()
            .expect("start the S3 server");
        let server = Self { child, base: format!("http://localhost:{port}") };
        let deadline = Instant::now() + Duration::from_secs(60);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "the S3 server did not start on port {port}");
            std::thread::sleep(Duration::from_millis(100));
        }
        server
    }

    /// Creates a bucket (the operator's job, before the node starts).
    async fn create_bucket(&self, bucket: &str) {
        let r = reqwest::Client::new().put(format!("{}/{bucket}", self.base)).send().await.expect("PUT bucket");
        assert!(r.status().is_success(), "creating the bucket: {}", r.status());
    }

    /// The keys in the bucket, from the server's own listing (ListObjectsV2
    /// XML, read with an XML parser).
    async fn keys(&self, bucket: &str) -> Vec<String> {
        let r = reqwest::get(format!("{}/{bucket}?list-type=2", self.base)).await.expect("list");
        assert!(r.status().is_success(), "listing the bucket: {}", r.status());
        let xml = r.text().await.expect("listing");
        let mut reader = quick_xml::Reader::from_str(&xml);
        let (mut keys, mut in_key) = (Vec::new(), false);
        loop {
            match reader.read_event().expect("the listing is XML") {
                quick_xml::events::Event::Start(e) => in_key = e.local_name().as_ref() == b"Key",
                quick_xml::events::Event::Text(t) if in_key => {
                    keys.push(t.decode().expect("text").into_owned());
                }
                quick_xml::events::Event::End(_) => in_key = false,
                quick_xml::events::Event::Eof => break,
                _ => {}
            }
        }
        keys.sort();
        keys
    }

    /// An object's bytes. Objects are private: moto refuses an anonymous
    /// read (403), and in its default mode takes a request naming an
    /// access key as that key's (it checks signatures' form, not their
    /// value), so the test names one.
    async fn object(&self, bucket: &str, key: &str) -> Vec<u8> {
        let r = reqwest::Client::new()
            .get(format!("{}/{bucket}/{key}", self.base))
            .header(
                "Authorization",
                "AWS4-HMAC-SHA256 Credential=ecities-test-key/20261201/eu-central-1/s3/aws4_request, SignedHeaders=host, Signature=00",
            )
            .send()
            .await
            .expect("GET object");
        assert!(r.status().is_success(), "{key}: {}", r.status());
        r.bytes().await.expect("bytes").to_vec()
    }
}

/// A real PNG.
fn png(width: u32, height: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(width, height, |x, y| image::Rgb([(x % 256) as u8, 120, (y % 256) as u8]));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).expect("encode png");
    out.into_inner()
}

fn sha256_hex(bytes: &[u8]) -> String {
    ecities_core::media::ContentHash::of(bytes).hex()
}

/// POSTs one PNG and its alt text as multipart/form-data.
async fn upload(api: &Api, path: &str, name: &str, bytes: &[u8], alt: &str) -> (u16, Value) {
    support::multipart::post_form(
        api,
        path,
        &[support::multipart::file(name, "image/png", bytes), support::multipart::text("alt", alt)],
    )
    .await
}

async fn a_node_configured_with_s3_keeps_attachments_in_the_bucket_and_removes_them_with_the_practice(
    backend: Backend,
) {
    let Some(bin) = s3_server_bin() else { return };
    let Some(env) = NodeEnv::new(backend).await else { return };
    let s3 = S3Server::start(&bin, &env.dir.path().join("s3-server.log"));
    let bucket = "ecities-media";
    s3.create_bucket(bucket).await;
    let mut env = env.with_config(&format!(
        "[media]\nstore = \"s3\"\n\n[media.s3]\nbucket = \"{bucket}\"\nendpoint = \"{}\"\nregion = \"eu-central-1\"\npath_style = true\nprefix = \"seoul-node\"\n",
        s3.base
    ));
    env.extra_env.push(("ECITIES_S3_ACCESS_KEY_ID".into(), "ecities-test-key".into()));
    env.extra_env.push(("ECITIES_S3_SECRET_ACCESS_KEY".into(), "ecities-test-secret".into()));
    env.run_ok(&["actor", "create", "--kind", "city", "--name", "seoul", "--country", "KR"]);
    let token = env.run_ok(&["token", "create", "--actor", "seoul"]);
    let node = env.start();
    let api = Api::new(&node, &token);
    assert_eq!(s3.keys(bucket).await, Vec::<String>::new(), "nothing is stored before an upload");

    let practice = json!({
        "title": "Cheonggyecheon restoration", "summary": "A stream instead of a highway.", "content": "Text.",
        "language": "en", "kind": "best_practice", "sdgs": [11], "country": "KR"
    });
    let (status, created) = api.send(Method::POST, "/api/v1/practices", practice).await;
    assert_eq!(status, 201, "{created}");
    let key = created["key"].as_str().expect("key").to_owned();
    let photo = png(900, 300);
    let (status, attached) = upload(
        &api,
        &format!("/api/v1/practices/{key}/attachments"),
        "stream.png",
        &photo,
        "The restored stream between stone banks",
    )
    .await;
    assert_eq!(status, 201, "{attached}");
    assert_eq!(attached["sha256"], sha256_hex(&photo));

    // The bucket holds the picture and its preview, under the prefix, laid
    // out by checksum; the node's media directory holds nothing.
    let hex = sha256_hex(&photo);
    let keys = s3.keys(bucket).await;
    assert_eq!(keys.len(), 2, "the picture and its preview: {keys:?}");
    let picture_key = format!("seoul-node/{}/{hex}", &hex[..2]);
    assert!(keys.contains(&picture_key), "{picture_key} in {keys:?}");
    assert!(keys.iter().all(|k| k.starts_with("seoul-node/")), "{keys:?}");
    assert_eq!(sha256_hex(&s3.object(bucket, &picture_key).await), hex, "the bucket holds the very bytes");
    let local = env.dir.path().join("data/media");
    assert!(
        !local.exists() || std::fs::read_dir(&local).map(|mut d| d.next().is_none()).unwrap_or(true),
        "nothing is written to the local media directory"
    );

    // The node serves the file from the bucket, as what it is.
    let got = reqwest::get(attached["url"].as_str().expect("url")).await.expect("GET");
    assert_eq!(got.status(), 200);
    let content_type = got.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
    assert_eq!(content_type, "image/png");
    assert_eq!(sha256_hex(&got.bytes().await.expect("bytes")), hex, "served bytes have the recorded checksum");

    // Deleting the practice deletes the objects.
    let (status, _) = api.send(Method::DELETE, &format!("/api/v1/practices/{key}"), json!({})).await;
    assert_eq!(status, 204);
    assert_eq!(s3.keys(bucket).await, Vec::<String>::new(), "the picture and its preview are gone from the bucket");
    assert_eq!(reqwest::get(attached["url"].as_str().expect("url")).await.expect("GET").status(), 404);

    drop(node);
    drop(s3);
    env.cleanup().await;
}

#[tokio::test]
async fn a_node_configured_with_s3_keeps_attachments_in_the_bucket_and_removes_them_with_the_practice_on_sqlite() {
    a_node_configured_with_s3_keeps_attachments_in_the_bucket_and_removes_them_with_the_practice(Backend::Sqlite).await;
}

#[tokio::test]
async fn a_node_configured_with_s3_keeps_attachments_in_the_bucket_and_removes_them_with_the_practice_on_postgres() {
    a_node_configured_with_s3_keeps_attachments_in_the_bucket_and_removes_them_with_the_practice(Backend::Postgres)
        .await;
}

/// A node whose bucket does not exist refuses to start, saying which
/// bucket, instead of failing at the first upload; and without its keys
/// in the environment the configuration is refused.
#[tokio::test]
async fn a_node_with_a_missing_bucket_or_no_keys_refuses_to_start() {
    let Some(bin) = s3_server_bin() else { return };
    let Some(env) = NodeEnv::new(Backend::Sqlite).await else { return };
    let s3 = S3Server::start(&bin, &env.dir.path().join("s3-server.log"));
    let mut env = env.with_config(&format!(
        "[media]\nstore = \"s3\"\n\n[media.s3]\nbucket = \"no-such-bucket\"\nendpoint = \"{}\"\npath_style = true\n",
        s3.base
    ));
    let out = env.run(&["serve"]);
    assert!(!out.status.success());
    let said = support::stderr(&out);
    assert!(said.contains("ECITIES_S3_ACCESS_KEY_ID"), "{said}");

    env.extra_env.push(("ECITIES_S3_ACCESS_KEY_ID".into(), "ecities-test-key".into()));
    env.extra_env.push(("ECITIES_S3_SECRET_ACCESS_KEY".into(), "ecities-test-secret".into()));
    let mut child = env.command(&["serve"]).stdout(Stdio::null()).stderr(Stdio::piped()).spawn().expect("serve");
    let deadline = Instant::now() + Duration::from_secs(60);
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("the node started with a bucket that does not exist");
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(!status.success());
    let mut said = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().expect("stderr"), &mut said).expect("stderr");
    assert!(said.contains("no-such-bucket"), "{said}");
    drop(s3);
}
