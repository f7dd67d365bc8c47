//! Request extractors that fail with our JSON error shape.

use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use ecities_core::actor::Actor;
use ecities_core::token::TokenScope;
use ecities_core::usecases::actors::authenticate;
use serde::de::DeserializeOwned;

use crate::AppState;
use crate::error::ApiError;

/// JSON body; malformed JSON is a 400 `invalid_json`, a wrong content type
/// 415, an oversized body 413 — always as `{"error", "message"}`.
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(v)) => Ok(Self(v)),
            Err(rejection) => Err(match rejection {
                JsonRejection::MissingJsonContentType(_) => ApiError::new(
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    "unsupported_media_type",
                    "send the body as JSON with Content-Type: application/json",
                ),
                JsonRejection::JsonSyntaxError(e) => {
                    ApiError::bad_request("invalid_json", format!("the body is not valid JSON: {}", e.body_text()))
                }
                JsonRejection::JsonDataError(e) => {
                    ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_input", e.body_text())
                }
                JsonRejection::BytesRejection(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                    ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large", "the body is too large")
                }
                other => ApiError::bad_request("invalid_body", other.body_text()),
            }),
        }
    }
}

/// The local actor an API token belongs to (`Authorization: Bearer …`).
pub struct Author(pub Actor);

impl FromRequestParts<AppState> for Author {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let header = parts.headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).ok_or_else(|| {
            ApiError::new(StatusCode::UNAUTHORIZED, "unauthorized", "send an API token: Authorization: Bearer TOKEN")
        })?;
        let token = header.strip_prefix("Bearer ").or_else(|| header.strip_prefix("bearer ")).ok_or_else(|| {
            ApiError::new(StatusCode::UNAUTHORIZED, "unauthorized", "the Authorization header must be 'Bearer TOKEN'")
        })?;
        let (actor, scope) = authenticate(state.store.as_ref(), token).await?;
        // A read token may look (GET) but not change anything.
        if scope == TokenScope::Read
            && parts.method != axum::http::Method::GET
            && parts.method != axum::http::Method::HEAD
        {
            return Err(ApiError::new(
                axum::http::StatusCode::FORBIDDEN,
                "read_only_token",
                "this API token may only read; create a write token to change things",
            ));
        }
        Ok(Self(actor))
    }
}

/// Whether the client asked for ActivityStreams JSON rather than HTML.
pub fn wants_activity_json(headers: &axum::http::HeaderMap) -> bool {
    headers
        .get_all(header::ACCEPT)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|v| v.contains("application/activity+json") || v.contains("application/ld+json"))
}
