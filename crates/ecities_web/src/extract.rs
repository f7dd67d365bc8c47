//! Request extractors that fail with our JSON error shape.

use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{Method, StatusCode, header};
use ecities_core::access::{Need, Principal};
use ecities_core::actor::Actor;
use ecities_core::search::SearchParams;
use ecities_core::token::TokenScope;
use ecities_core::usecases::access;
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

/// Who acts with the request's API token (`Authorization: Bearer …`): the
/// node operator, or an editor or moderator of one local actor. A read
/// token may look (GET) but not change anything.
pub struct Caller(pub Principal);

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let header = parts.headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).ok_or_else(|| {
            ApiError::new(StatusCode::UNAUTHORIZED, "unauthorized", "send an API token: Authorization: Bearer TOKEN")
        })?;
        let token = header.strip_prefix("Bearer ").or_else(|| header.strip_prefix("bearer ")).ok_or_else(|| {
            ApiError::new(StatusCode::UNAUTHORIZED, "unauthorized", "the Authorization header must be 'Bearer TOKEN'")
        })?;
        let (who, scope) = access::authenticate(state.store.as_ref(), token).await?;
        if scope == TokenScope::Read && !reads(&parts.method) {
            return Err(ApiError::new(
                StatusCode::FORBIDDEN,
                "read_only_token",
                "this API token may only read; create a write token to change things",
            ));
        }
        Ok(Self(who))
    }
}

/// [`Caller`] when the request carries an API token, `None` when it
/// carries none (a bad token is still a 401).
pub struct MaybeCaller(pub Option<Principal>);

impl FromRequestParts<AppState> for MaybeCaller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        if !parts.headers.contains_key(header::AUTHORIZATION) {
            return Ok(Self(None));
        }
        Ok(Self(Some(Caller::from_request_parts(parts, state).await?.0)))
    }
}

fn reads(method: &Method) -> bool {
    method == Method::GET || method == Method::HEAD
}

/// The local actor whose own lists (follows, deliveries, feed sources) the
/// request's token reads: any member's (editor or moderator). The
/// operator's token acts for no actor and gets 403 `forbidden`. Writes use
/// [`Member`] or [`Caller`] and leave the permission to the use case.
pub struct Author(pub Actor);

impl FromRequestParts<AppState> for Author {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let Caller(who) = Caller::from_request_parts(parts, state).await?;
        Ok(Self(access::actor_for(state.store.as_ref(), &who, Need::View).await?))
    }
}

/// A member (editor or moderator) of a local actor, and that actor; the use
/// case called decides what the member may do there.
pub struct Member {
    pub who: Principal,
    pub actor: Actor,
}

impl FromRequestParts<AppState> for Member {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let Caller(who) = Caller::from_request_parts(parts, state).await?;
        let actor = access::actor_for(state.store.as_ref(), &who, Need::View).await?;
        Ok(Self { who, actor })
    }
}

/// The search parameters of the request's query string, split by the one
/// parser of the search language (`ecities_core::search`); a parameter
/// given twice or a bad page size is a 400 `invalid_parameter`.
pub struct Search(pub SearchParams);

impl<S: Send + Sync> FromRequestParts<S> for Search {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, ApiError> {
        Ok(Self(SearchParams::parse(parts.uri.query().unwrap_or(""))?))
    }
}
