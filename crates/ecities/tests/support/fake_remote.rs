//! A minimal remote ActivityPub server for tests: one actor with a real key
//! pair, an inbox that records what it receives, and a counter of every
//! request (to prove that refused POSTs caused no fetch).

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use ecities_federation::signatures::SigningKey;
use serde_json::{Value, json};
use url::Url;

#[derive(Clone, Default)]
pub struct Recorded {
    pub requests: Arc<AtomicUsize>,
    pub inbox: Arc<Mutex<Vec<(HeaderMap, Value)>>>,
    /// Headers of every GET of the actor document.
    pub fetches: Arc<Mutex<Vec<HeaderMap>>>,
}

pub struct FakeRemote {
    pub port: u16,
    pub actor: Url,
    pub key: SigningKey,
    pub public_pem: String,
    /// The private key, for tests that sign with code of their own.
    #[allow(dead_code)]
    pub private_pem: String,
    pub recorded: Recorded,
    served: Served,
    task: tokio::task::JoinHandle<()>,
}

/// Documents served at a path (objects the tests publish), by path.
type Served = Arc<Mutex<HashMap<String, Value>>>;

impl Drop for FakeRemote {
    fn drop(&mut self) {
        self.task.abort();
    }
}

#[derive(Clone)]
struct Shared {
    doc: Value,
    recorded: Recorded,
    /// When set, the inbox answers 400 with a body of this many bytes
    /// (streamed, never held in memory here).
    huge_answer: Option<usize>,
    /// When set, the inbox answers 401 to RFC 9421-signed POSTs (a server
    /// that knows only the cavage draft).
    refuse_rfc9421: bool,
    served: Served,
}

async fn actor_doc(State(s): State<Shared>, headers: HeaderMap) -> impl IntoResponse {
    s.recorded.requests.fetch_add(1, Ordering::SeqCst);
    s.recorded.fetches.lock().map(|mut f| f.push(headers)).ok();
    ([(header::CONTENT_TYPE, "application/activity+json")], s.doc.to_string())
}

async fn inbox(
    State(s): State<Shared>,
    uri: axum::http::Uri,
    mut headers: HeaderMap,
    body: String,
) -> axum::response::Response {
    s.recorded.requests.fetch_add(1, Ordering::SeqCst);
    // Which inbox was posted to, for tests that check what was signed.
    if let Ok(path) = axum::http::HeaderValue::from_str(uri.path()) {
        headers.insert("x-recorded-path", path);
    }
    let v: Value = serde_json::from_str(&body).unwrap_or(Value::Null);
    let rfc9421 = headers.contains_key("signature-input");
    s.recorded.inbox.lock().map(|mut i| i.push((headers, v))).ok();
    if s.refuse_rfc9421 && rfc9421 {
        return (StatusCode::UNAUTHORIZED, "signature verification failed").into_response();
    }
    if let Some(total) = s.huge_answer {
        const CHUNK: usize = 64 * 1024;
        let chunk = bytes::Bytes::from(vec![b'x'; CHUNK]);
        let chunks = total.div_ceil(CHUNK);
        let stream = futures::stream::iter((0..chunks).map(move |_| Ok::<_, std::io::Error>(chunk.clone())));
        return (StatusCode::BAD_REQUEST, axum::body::Body::from_stream(stream)).into_response();
    }
    StatusCode::ACCEPTED.into_response()
}

async fn other(State(s): State<Shared>, uri: axum::http::Uri, headers: HeaderMap) -> axum::response::Response {
    s.recorded.requests.fetch_add(1, Ordering::SeqCst);
    let doc = s.served.lock().ok().and_then(|m| m.get(uri.path()).cloned());
    match doc {
        Some(doc) => {
            s.recorded.fetches.lock().map(|mut f| f.push(headers)).ok();
            ([(header::CONTENT_TYPE, "application/activity+json")], doc.to_string()).into_response()
        }
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

impl FakeRemote {
    /// Starts `http://localhost:PORT/users/{name}`.
    pub async fn start(name: &str) -> Self {
        Self::start_with(name, None).await
    }

    /// Like [`Self::start`], but the inbox answers every POST with a 400 and
    /// a body of `bytes` bytes.
    pub async fn start_with_huge_answers(name: &str, bytes: usize) -> Self {
        Self::start_with(name, Some(bytes)).await
    }

    /// A fake server whose actor has this ActivityStreams type (`Group`
    /// for another software's association).
    #[allow(dead_code)]
    pub async fn start_as(name: &str, kind: &str) -> Self {
        Self::start_typed(name, None, kind).await
    }

    async fn start_with(name: &str, huge_answer: Option<usize>) -> Self {
        Self::start_typed(name, huge_answer, "Person").await
    }

    /// A server that knows only the cavage draft: its inbox answers 401 to
    /// RFC 9421 signatures (and records them).
    #[allow(dead_code)]
    pub async fn start_refusing_rfc9421(name: &str) -> Self {
        Self::start_full(name, None, "Person", true).await
    }

    async fn start_typed(name: &str, huge_answer: Option<usize>, kind: &str) -> Self {
        Self::start_full(name, huge_answer, kind, false).await
    }

    async fn start_full(name: &str, huge_answer: Option<usize>, kind: &str, refuse_rfc9421: bool) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let base = format!("http://localhost:{port}");
        let actor = Url::parse(&format!("{base}/users/{name}")).expect("url");
        let keys = ecities_federation::keys::generate_keypair().expect("keys");
        let doc = json!({
            "@context": ["https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1"],
            "id": actor, "type": kind, "preferredUsername": name, "name": name.to_uppercase(),
            "inbox": format!("{actor}/inbox"), "outbox": format!("{actor}/outbox"),
            "followers": format!("{actor}/followers"),
            "endpoints": { "sharedInbox": format!("{base}/inbox") },
            "publicKey": { "id": format!("{actor}#main-key"), "owner": actor, "publicKeyPem": keys.public_pem },
        });
        let recorded = Recorded::default();
        let served = Served::default();
        let shared = Shared { doc, recorded: recorded.clone(), huge_answer, refuse_rfc9421, served: served.clone() };
        let app = Router::new()
            .route(&format!("/users/{name}"), get(actor_doc))
            .route(&format!("/users/{name}/inbox"), post(inbox))
            .route("/inbox", post(inbox))
            .fallback(other)
            .with_state(shared);
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        let key = SigningKey::from_pem(&actor, &keys.private_pem).expect("key");
        Self { port, actor, key, public_pem: keys.public_pem, private_pem: keys.private_pem, recorded, served, task }
    }

    /// Serves `doc` as an ActivityPub document at `path` (e.g. `/notes/1`).
    pub fn serve(&self, path: &str, doc: Value) {
        self.served.lock().map(|mut m| m.insert(path.to_owned(), doc)).ok();
    }

    pub fn requests(&self) -> usize {
        self.recorded.requests.load(Ordering::SeqCst)
    }

    /// Every POST the inbox got, with its headers (refused ones too; the
    /// path posted to is added as `x-recorded-path`).
    #[allow(dead_code)]
    pub fn received_with_headers(&self) -> Vec<(HeaderMap, Value)> {
        self.recorded.inbox.lock().map(|i| i.clone()).unwrap_or_default()
    }

    pub fn received(&self) -> Vec<Value> {
        self.recorded.inbox.lock().map(|i| i.iter().map(|(_, v)| v.clone()).collect()).unwrap_or_default()
    }

    /// Whether every fetch of the actor document carried an HTTP signature.
    /// How many GETs (actor and object fetches) this server answered.
    pub fn fetches(&self) -> usize {
        self.recorded.fetches.lock().map(|f| f.len()).unwrap_or(0)
    }

    pub fn fetches_were_signed(&self) -> bool {
        let fetches = self.recorded.fetches.lock().map(|f| f.clone()).unwrap_or_default();
        !fetches.is_empty() && fetches.iter().all(|h| h.contains_key("signature"))
    }

    pub fn id(&self, path: &str) -> String {
        format!("http://localhost:{}{path}", self.port)
    }

    /// POSTs `body` to `inbox`, signed with this actor's key (or `with` if given).
    pub async fn post_signed(&self, inbox: &str, body: &str, with: Option<&SigningKey>) -> (u16, Value) {
        let (status, _, body) = self.post_signed_with_headers(inbox, body, with).await;
        (status, body)
    }

    /// As [`Self::post_signed`], with the answer's headers.
    pub async fn post_signed_with_headers(
        &self,
        inbox: &str,
        body: &str,
        with: Option<&SigningKey>,
    ) -> (u16, reqwest::header::HeaderMap, Value) {
        let key = with.unwrap_or(&self.key);
        let url = Url::parse(inbox).expect("inbox url");
        let headers = key.sign("POST", &url, Some(body.as_bytes()), Some("application/activity+json")).expect("sign");
        let mut req = reqwest::Client::new().post(url).body(body.to_owned());
        for (k, v) in headers {
            req = req.header(k, v);
        }
        let r = req.send().await.expect("POST");
        let status = r.status().as_u16();
        let headers = r.headers().clone();
        (status, headers, r.json().await.unwrap_or(Value::Null))
    }
}
