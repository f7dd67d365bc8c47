//! The one error type of the web layer.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use ecities_core::CoreError;
use serde_json::json;

#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    pub fields: Vec<ecities_core::FieldError>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self { status, code, message: message.into(), fields: Vec::new() }
    }

    pub fn not_found(what: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "not_found", what)
    }

    pub fn bad_request(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, code, message)
    }
}

impl From<CoreError> for ApiError {
    fn from(e: CoreError) -> Self {
        match e {
            CoreError::NotFound(what) => Self::not_found(format!("{what} not found")),
            CoreError::Invalid(fields) => {
                let message = fields.iter().map(ToString::to_string).collect::<Vec<_>>().join("; ");
                Self { status: StatusCode::UNPROCESSABLE_ENTITY, code: "invalid_input", message, fields }
            }
            CoreError::Conflict(m) => Self::new(StatusCode::CONFLICT, "conflict", m),
            CoreError::Forbidden(m) => Self::new(StatusCode::FORBIDDEN, "forbidden", m),
            CoreError::Unauthorized(m) => Self::new(StatusCode::UNAUTHORIZED, "unauthorized", m),
            CoreError::Storage(detail) | CoreError::Internal(detail) => {
                tracing::error!(error = %detail, "internal error");
                Self::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal_error",
                    "the server could not complete the request",
                )
            }
        }
    }
}

/// A bad search parameter is the request's mistake: 400
/// `invalid_parameter`, naming it.
impl From<ecities_core::search::SearchError> for ApiError {
    fn from(e: ecities_core::search::SearchError) -> Self {
        match e {
            ecities_core::search::SearchError::Invalid { .. } => Self::bad_request("invalid_parameter", e.to_string()),
            ecities_core::search::SearchError::Core(e) => e.into(),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut body = json!({ "error": self.code, "message": self.message });
        if !self.fields.is_empty() {
            body["fields"] = json!(self.fields);
        }
        (self.status, Json(body)).into_response()
    }
}

pub type ApiResult<T> = Result<T, ApiError>;
