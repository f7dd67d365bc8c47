//! The HTTP face of ecities: REST API, ActivityPub endpoints, HTML pages,
//! feeds, health and metrics. Handlers parse the request, call a use case in
//! `ecities_core` and render the result; they never build activities.
//!
//! Errors: every handler returns [`error::ApiError`], which renders as
//! `{"error": "snake_case_code", "message": "…"}` with the matching status.
//! Internal details are logged once and never sent.

pub mod error;
mod health;
pub mod state;

use axum::Router;

pub use state::AppState;

/// The whole application router.
pub fn router(state: AppState) -> Router {
    Router::new().merge(health::routes()).with_state(state)
}
