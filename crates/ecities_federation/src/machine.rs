//! The optional machine-translation hook: an HTTP endpoint the operator
//! configures (`[translation] machine_url`) that speaks the LibreTranslate
//! API — `POST {url}/translate {q, source, target, format, api_key?}` →
//! `{translatedText}`. It fills drafts that a person approves; nothing it
//! returns is published unreviewed.
//!
//! The endpoint is the operator's own configuration, not an address from
//! a user or another server, so it is called with its own client (a
//! self-hosted LibreTranslate is usually on a private address, which the
//! outgoing-request policy refuses to other servers' addresses).

use std::time::Duration;

use ecities_core::CoreError;
use ecities_core::translation::MachineTranslator;
use serde_json::{Value, json};
use url::Url;

/// How long one translation may take (a long text on a small server).
pub const MACHINE_TIMEOUT: Duration = Duration::from_secs(60);
/// Largest answer read, in bytes (a practice's text translated is far less).
const MAX_ANSWER_BYTES: usize = 2 * 1024 * 1024;

/// A LibreTranslate-compatible endpoint.
#[derive(Debug, Clone)]
pub struct LibreTranslate {
    endpoint: Url,
    engine: String,
    api_key: Option<String>,
    client: reqwest::Client,
}

impl LibreTranslate {
    /// `base`: the server (its `/translate` is called); `engine`: the name
    /// recorded with each translation (e.g. `LibreTranslate`).
    pub fn new(base: &Url, engine: String, api_key: Option<String>) -> Result<Self, CoreError> {
        let mut endpoint = base.clone();
        if !endpoint.path().ends_with('/') {
            endpoint.set_path(&format!("{}/", endpoint.path()));
        }
        let endpoint =
            endpoint.join("translate").map_err(|e| CoreError::invalid("translation.machine_url", e.to_string()))?;
        let client = reqwest::Client::builder()
            .timeout(MACHINE_TIMEOUT)
            .build()
            .map_err(|e| CoreError::Internal(format!("machine translation client: {e}")))?;
        Ok(Self { endpoint, engine, api_key, client })
    }
}

#[async_trait::async_trait]
impl MachineTranslator for LibreTranslate {
    fn engine(&self) -> &str {
        &self.engine
    }

    #[tracing::instrument(name = "machine_translate", skip_all, fields(source, target))]
    async fn translate(&self, text: &str, source: &str, target: &str, html: bool) -> Result<String, CoreError> {
        let mut body =
            json!({ "q": text, "source": source, "target": target, "format": if html { "html" } else { "text" } });
        if let Some(key) = &self.api_key {
            body["api_key"] = json!(key);
        }
        let unavailable = |why: String| CoreError::Conflict(format!("the machine translation server failed: {why}"));
        let resp =
            self.client.post(self.endpoint.clone()).json(&body).send().await.map_err(|e| unavailable(e.to_string()))?;
        let status = resp.status();
        let bytes = resp.bytes().await.map_err(|e| unavailable(e.to_string()))?;
        if bytes.len() > MAX_ANSWER_BYTES {
            return Err(unavailable(format!("an answer of {} bytes", bytes.len())));
        }
        if !status.is_success() {
            return Err(unavailable(format!("HTTP {status}")));
        }
        let answer: Value = serde_json::from_slice(&bytes).map_err(|e| unavailable(format!("not JSON: {e}")))?;
        answer
            .get("translatedText")
            .and_then(Value::as_str)
            .map(str::to_owned)
            .ok_or_else(|| unavailable("no translatedText in the answer".into()))
    }
}
