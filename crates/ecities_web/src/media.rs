//! Attachments over HTTP: uploading one to a practice
//! (`POST /api/v1/practices/{id}/attachments`, multipart), taking one off
//! (`DELETE …/attachments/{aid}`), and serving the files (`/media/{sha256}.{ext}`).
//!
//! Files are served by checksum: the bytes behind a URL never change, so
//! they are cached for a year (`immutable`). The type sent is the type of
//! the content (sniffed again on the way out, never taken from the URL
//! alone), with `nosniff`; documents are sent as downloads
//! (`Content-Disposition: attachment`) so nothing renders in the node's
//! origin, and every file carries a `sandbox` CSP.

use axum::Router;
use axum::extract::{DefaultBodyLimit, Multipart, Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use ecities_core::CoreError;
use ecities_core::media::{Attachment, AttachmentKind, ContentHash, MediaType, Upload};
use ecities_core::urls::NodeUrls;
use ecities_core::usecases::{attachments, practices};
use serde_json::{Value, json};

use crate::AppState;
use crate::error::{ApiError, ApiResult};
use crate::extract::Caller;

/// Longest text field of an upload form (alt text, caption), in bytes.
const MAX_FORM_TEXT_BYTES: usize = 16 * 1024;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        // The upload's size is checked while it is read (413 past
        // `media.max_bytes`), not by the API's body limit.
        .route("/api/v1/practices/{id}/attachments", post(upload).layer(DefaultBodyLimit::disable()))
        .route("/api/v1/practices/{id}/attachments/{aid}", delete(remove))
        .route("/media/{file}", get(serve))
}

/// The API view of an attachment.
pub fn attachment_value(a: &Attachment) -> Value {
    json!({
        "id": a.id(),
        "url": a.url,
        "media_type": a.media_type.as_str(),
        "kind": match a.kind() { AttachmentKind::Image => "image", AttachmentKind::Document => "document" },
        "size": a.size,
        "sha256": a.sha256.hex(),
        "alt": a.alt,
        "caption": a.caption,
        "width": a.width,
        "height": a.height,
        "verified": a.verified,
    })
}

/// Where this node serves an attachment it holds (its own, or a remote
/// one it fetched and checked), and its preview; `None` for one it does
/// not hold.
pub fn local_urls(urls: &NodeUrls, a: &Attachment) -> Option<(String, Option<String>)> {
    a.verified.then(|| {
        (
            urls.media(&a.sha256, a.media_type).to_string(),
            a.preview.map(|p| urls.media(&p, MediaType::Jpeg).to_string()),
        )
    })
}

/// A multipart form read into memory: the file within `max_bytes`, the
/// text fields within [`MAX_FORM_TEXT_BYTES`].
#[derive(Default)]
pub(crate) struct UploadForm {
    pub bytes: Option<Vec<u8>>,
    pub filename: Option<String>,
    pub declared_type: Option<String>,
    pub alt: Option<String>,
    pub caption: Option<String>,
    /// Other text fields (the admin's CSRF token).
    pub other: Vec<(String, String)>,
}

impl UploadForm {
    pub(crate) async fn read(mut multipart: Multipart, max_bytes: u64) -> ApiResult<Self> {
        let bad = |e: axum::extract::multipart::MultipartError| {
            ApiError::bad_request("invalid_body", format!("the form could not be read: {}", e.body_text()))
        };
        let mut form = Self::default();
        while let Some(mut field) = multipart.next_field().await.map_err(bad)? {
            let name = field.name().unwrap_or("").to_owned();
            if name == "file" {
                form.filename = field.file_name().map(str::to_owned);
                form.declared_type = field.content_type().map(str::to_owned);
                let mut bytes = Vec::new();
                while let Some(chunk) = field.chunk().await.map_err(bad)? {
                    if (bytes.len() + chunk.len()) as u64 > max_bytes {
                        return Err(CoreError::TooLarge(format!(
                            "this node accepts attachments of at most {max_bytes} bytes"
                        ))
                        .into());
                    }
                    bytes.extend_from_slice(&chunk);
                }
                form.bytes = Some(bytes);
            } else {
                let mut bytes = Vec::new();
                while let Some(chunk) = field.chunk().await.map_err(bad)? {
                    if bytes.len() + chunk.len() > MAX_FORM_TEXT_BYTES {
                        return Err(ApiError::new(
                            StatusCode::PAYLOAD_TOO_LARGE,
                            "payload_too_large",
                            format!("the field '{name}' is too long"),
                        ));
                    }
                    bytes.extend_from_slice(&chunk);
                }
                let text = String::from_utf8(bytes)
                    .map_err(|_| ApiError::bad_request("invalid_body", format!("the field '{name}' is not UTF-8")))?;
                match name.as_str() {
                    "alt" => form.alt = Some(text),
                    "caption" => form.caption = Some(text),
                    _ => form.other.push((name, text)),
                }
            }
        }
        Ok(form)
    }

    pub(crate) fn upload(&self) -> Result<Upload<'_>, CoreError> {
        let bytes = self.bytes.as_deref().ok_or_else(|| CoreError::invalid("file", "is required"))?;
        Ok(Upload {
            bytes,
            filename: self.filename.as_deref(),
            declared_type: self.declared_type.as_deref(),
            alt: self.alt.as_deref(),
            caption: self.caption.as_deref(),
        })
    }
}

async fn upload(
    State(state): State<AppState>,
    Caller(who): Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> ApiResult<Response> {
    let multipart = multipart.map_err(|_| {
        let sent = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("nothing");
        ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            format!("send the file as multipart/form-data (fields file, alt, caption), not {sent}"),
        )
    })?;
    let practice = practices::find(state.ports(), &id).await?;
    let form = UploadForm::read(multipart, state.media.max_bytes).await?;
    let (_, attachment) = attachments::add(state.ports(), &who, &practice, &form.upload()?, &state.media).await?;
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, attachment.url.to_string())],
        axum::Json(attachment_value(&attachment)),
    )
        .into_response())
}

async fn remove(
    State(state): State<AppState>,
    Caller(who): Caller,
    Path((id, aid)): Path<(String, String)>,
) -> ApiResult<Response> {
    let practice = practices::find(state.ports(), &id).await?;
    attachments::remove(state.ports(), &who, &practice, &aid).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// One year, the longest `max-age` caches honour: the URL names the bytes.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";

async fn serve(State(state): State<AppState>, Path(file): Path<String>, headers: HeaderMap) -> ApiResult<Response> {
    let missing = || ApiError::not_found("no such file");
    let (hex, ext) = file.split_once('.').ok_or_else(missing)?;
    let hash = ContentHash::parse_hex(hex).ok_or_else(missing)?;
    let named = MediaType::from_name(&file).ok_or_else(missing)?;
    let etag = format!("\"{}\"", hash.hex());
    if headers.get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()).is_some_and(|v| v.contains(&etag)) {
        return Ok((StatusCode::NOT_MODIFIED, [(header::ETAG, etag)]).into_response());
    }
    let bytes = state.blobs.get(&hash).await?.ok_or_else(missing)?;
    // The content decides the type; a URL whose extension names another
    // type is not this file.
    if MediaType::sniff(&bytes, Some(named)) != Some(named) {
        return Err(missing());
    }
    let disposition = match named.kind() {
        AttachmentKind::Image => format!("inline; filename=\"{}.{ext}\"", &hash.hex()[..16]),
        AttachmentKind::Document => format!("attachment; filename=\"{}.{ext}\"", &hash.hex()[..16]),
    };
    let mut resp = bytes.into_response();
    let h = resp.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(named.as_str()));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(IMMUTABLE));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static("default-src 'none'; sandbox"));
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    if let Ok(v) = HeaderValue::from_str(&etag) {
        h.insert(header::ETAG, v);
    }
    Ok(resp)
}
