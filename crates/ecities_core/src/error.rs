use std::fmt;

/// One invalid input field, named as the user wrote it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self { field: field.into(), message: message.into() }
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

/// The error of every use case and port.
#[derive(Debug, thiserror::Error)]
pub enum CoreError {
    #[error("{0} not found")]
    NotFound(String),
    #[error("invalid input: {}", join(.0))]
    Invalid(Vec<FieldError>),
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    Unauthorized(String),
    /// An upload larger than this node accepts (413).
    #[error("{0}")]
    TooLarge(String),
    /// A file whose content is not of a type this node accepts, or not
    /// what its name says (415).
    #[error("{0}")]
    UnsupportedMedia(String),
    /// The database or another backing service failed. The message is for
    /// logs, not for API clients.
    #[error("storage failure: {0}")]
    Storage(String),
    #[error("{0}")]
    Internal(String),
}

fn join(errors: &[FieldError]) -> String {
    errors.iter().map(ToString::to_string).collect::<Vec<_>>().join("; ")
}

impl CoreError {
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::Invalid(vec![FieldError::new(field, message)])
    }
}

pub type CoreResult<T> = Result<T, CoreError>;

/// How an error is answered over HTTP, by the web and the federation crates
/// alike (the house body `{"error": code, "message": …, "fields": …}`): the
/// one mapping of [`CoreError`] to a status and an error code. Storage and
/// internal failures are logged here and answered with a generic message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorAnswer {
    /// The HTTP status code.
    pub status: u16,
    pub code: &'static str,
    pub message: String,
    pub fields: Vec<FieldError>,
}

impl ErrorAnswer {
    pub fn new(status: u16, code: &'static str, message: impl Into<String>) -> Self {
        Self { status, code, message: message.into(), fields: Vec::new() }
    }

    /// The JSON body of the answer.
    pub fn body(&self) -> serde_json::Value {
        let mut body = serde_json::json!({ "error": self.code, "message": self.message });
        if !self.fields.is_empty() {
            body["fields"] = serde_json::json!(self.fields);
        }
        body
    }
}

impl From<CoreError> for ErrorAnswer {
    fn from(e: CoreError) -> Self {
        match e {
            CoreError::NotFound(what) => Self::new(404, "not_found", format!("{what} not found")),
            CoreError::Invalid(fields) => Self { status: 422, code: "invalid_input", message: join(&fields), fields },
            CoreError::Conflict(m) => Self::new(409, "conflict", m),
            CoreError::Forbidden(m) => Self::new(403, "forbidden", m),
            CoreError::Unauthorized(m) => Self::new(401, "unauthorized", m),
            CoreError::TooLarge(m) => Self::new(413, "payload_too_large", m),
            CoreError::UnsupportedMedia(m) => Self::new(415, "unsupported_media_type", m),
            CoreError::Storage(detail) | CoreError::Internal(detail) => {
                tracing::error!(error = %detail, "internal error");
                Self::new(500, "internal_error", "the server could not complete the request")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_core_error_has_its_status_and_a_body_that_names_the_code() {
        let cases = [
            (CoreError::NotFound("practice 7".into()), 404, "not_found"),
            (CoreError::invalid("title", "is required"), 422, "invalid_input"),
            (CoreError::Conflict("taken".into()), 409, "conflict"),
            (CoreError::Forbidden("no".into()), 403, "forbidden"),
            (CoreError::Unauthorized("who?".into()), 401, "unauthorized"),
            (CoreError::TooLarge("17 MiB".into()), 413, "payload_too_large"),
            (CoreError::UnsupportedMedia("text/html".into()), 415, "unsupported_media_type"),
            (CoreError::Storage("disk full at /var/lib".into()), 500, "internal_error"),
        ];
        for (error, status, code) in cases {
            let answer = ErrorAnswer::from(error);
            assert_eq!((answer.status, answer.code), (status, code));
            assert_eq!(answer.body()["error"], code);
        }
        let invalid = ErrorAnswer::from(CoreError::invalid("title", "is required"));
        assert_eq!(invalid.body()["fields"][0]["field"], "title");
        let hidden = ErrorAnswer::from(CoreError::Storage("disk full at /var/lib".into()));
        assert!(!hidden.message.contains("/var/lib"), "storage details stay in the log");
    }
}
