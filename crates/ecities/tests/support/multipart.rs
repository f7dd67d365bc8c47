//! multipart/form-data bodies written out as a browser would, for the
//! upload tests.

use super::Api;

/// One multipart part: name, file name and type (for the file), bytes.
pub struct Part<'a> {
    pub name: &'a str,
    pub filename: Option<&'a str>,
    pub content_type: Option<&'a str>,
    pub bytes: &'a [u8],
}

pub fn text<'a>(name: &'a str, value: &'a str) -> Part<'a> {
    Part { name, filename: None, content_type: None, bytes: value.as_bytes() }
}

pub fn file<'a>(filename: &'a str, content_type: &'a str, bytes: &'a [u8]) -> Part<'a> {
    Part { name: "file", filename: Some(filename), content_type: Some(content_type), bytes }
}

/// POSTs a multipart/form-data body (written out here, as a browser would).
pub async fn post_form(api: &Api, path: &str, parts: &[Part<'_>]) -> (u16, serde_json::Value) {
    let boundary = "ecities-test-boundary-7d3f";
    let mut body = Vec::new();
    for p in parts {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{}\"", p.name).as_bytes(),
        );
        if let Some(f) = p.filename {
            body.extend_from_slice(format!("; filename=\"{f}\"").as_bytes());
        }
        body.extend_from_slice(b"\r\n");
        if let Some(t) = p.content_type {
            body.extend_from_slice(format!("Content-Type: {t}\r\n").as_bytes());
        }
        body.extend_from_slice(b"\r\n");
        body.extend_from_slice(p.bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    let r = api
        .http
        .post(format!("{}{}", api.base, path))
        .bearer_auth(&api.token)
        .header("Content-Type", format!("multipart/form-data; boundary={boundary}"))
        .body(body)
        .send()
        .await
        .expect("POST");
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(serde_json::Value::Null))
}
