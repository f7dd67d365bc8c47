//! The HTTP face of ecities for people and programs: REST API, HTML pages,
//! the admin, feeds, health and metrics. Handlers parse the request, call a
//! use case in `ecities_core` and render the result; they never build
//! activities. ActivityPub's routes belong to `ecities_federation`, a peer
//! this crate does not depend on: the binary merges both routers
//! ([`router`] and [`middleware`] wrap them) and reaches federation from
//! here only through the core's ports (`AppState::outbox`,
//! `AppState::federation`).
//!
//! Errors: every handler returns [`error::ApiError`], which renders as
//! `{"error": "snake_case_code", "message": "…"}` with the matching status.
//! Internal details are logged once and never sent.

// The OpenAPI document is one `json!` literal, deeper than the default limit.
#![recursion_limit = "256"]

mod actors;
mod admin;
mod analytics;
pub mod auth;
mod deliveries;
pub mod error;
mod extract;
mod feeds;
mod follows;
mod harvest;
mod health;
mod hub;
mod i18n;
mod import;
mod media;
mod network;
mod oai;
pub mod observe;
pub mod openapi;
mod pages;
mod practices;
mod records;
mod replies;
mod security;
pub mod server;
pub mod site;
pub mod state;
pub mod throttle;
pub mod topics;
mod translations;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::response::IntoResponse;

pub use state::{AppState, ConfiguredDomains};

/// Largest API request body, in bytes: a practice with every field and
/// translations at their maximum fits.
const MAX_API_BODY_BYTES: usize = 4 * 1024 * 1024;

/// The web crate's routes, with their state and the house 404 as fallback.
/// The binary merges federation's routes into it and then wraps the whole
/// in [`middleware`].
pub fn router(state: AppState) -> Router {
    Router::new()
        .merge(health::routes())
        .merge(actors::routes())
        .merge(practices::routes())
        .merge(media::routes())
        .merge(records::routes())
        .merge(oai::routes())
        .merge(harvest::routes())
        .merge(follows::routes())
        .merge(replies::routes())
        .merge(deliveries::routes())
        .merge(hub::routes())
        .merge(feeds::routes())
        .merge(import::routes())
        .merge(openapi::routes())
        .merge(admin::routes())
        .merge(analytics::routes())
        .merge(topics::routes())
        .merge(translations::routes())
        .merge(network::routes())
        .merge(security::routes())
        .merge(site::routes())
        .fallback(not_found)
        // The node's profile for the pages (name, logo), inside the
        // language negotiation of [`middleware`].
        .layer(axum::middleware::from_fn_with_state(state.clone(), site::load))
        .with_state(state)
}

/// What every answer of the node goes through, web and federation alike
/// (outermost last): the interface language, the sign-in guard and the
/// question form's throttle (one per node), the body
/// limit, the security headers, and the request span and metrics.
pub fn middleware(app: Router) -> Router {
    app.layer(axum::middleware::from_fn(i18n::negotiate))
        .layer(axum::Extension(std::sync::Arc::new(auth::SignInGuard::new())))
        .layer(axum::Extension(std::sync::Arc::new(throttle::QuestionThrottle::default())))
        .layer(DefaultBodyLimit::max(MAX_API_BODY_BYTES))
        .layer(axum::middleware::from_fn(security::headers))
        .layer(axum::middleware::from_fn(observe::track))
}

async fn not_found() -> impl IntoResponse {
    error::ApiError::not_found("no such page or endpoint")
}
