//! `GET /actors/{name}`: an actor's page. Its ActivityPub document is
//! served by `ecities_federation::http` at the same URL; the binary chooses
//! by the `Accept` header.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use ecities_core::actor::ActorName;

use crate::AppState;
use crate::error::{ApiError, ApiResult};
use crate::pages;

pub fn routes() -> Router<AppState> {
    Router::new().route("/actors/{name}", get(actor))
}

/// A local actor's page; 410 once the actor was deleted.
async fn actor(State(state): State<AppState>, Path(name): Path<String>) -> ApiResult<Response> {
    let name = ActorName::parse(&name).map_err(|_| ApiError::not_found(format!("actor '{name}' not found")))?;
    if let Some(actor) = state.store.local_actor_by_name(&name).await? {
        return pages::actor_page(&state, &actor).await;
    }
    if state.store.deleted_local_actor(&name).await?.is_some() {
        return Err(ApiError::new(StatusCode::GONE, "gone", format!("actor '{name}' was deleted")));
    }
    Err(ApiError::not_found(format!("actor '{name}' not found")))
}
