//! The one error type of the web layer.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use ecities_core::CoreError;

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

impl From<ecities_core::ErrorAnswer> for ApiError {
    fn from(a: ecities_core::ErrorAnswer) -> Self {
        let status = StatusCode::from_u16(a.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        Self { status, code: a.code, message: a.message, fields: a.fields }
    }
}

/// The core's one mapping of its errors to an HTTP answer.
impl From<CoreError> for ApiError {
    fn from(e: CoreError) -> Self {
        ecities_core::ErrorAnswer::from(e).into()
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
        let answer = ecities_core::ErrorAnswer {
            status: self.status.as_u16(),
            code: self.code,
            message: self.message,
            fields: self.fields,
        };
        (self.status, axum::Json(answer.body())).into_response()
    }
}

pub type ApiResult<T> = Result<T, ApiError>;
