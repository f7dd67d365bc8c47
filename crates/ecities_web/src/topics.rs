//! Topics: saved searches published as followable actors
//! (`usecases::topics`). `POST /api/v1/topics` publishes one,
//! `GET /api/v1/topics` lists them, `DELETE /api/v1/topics/{name}` removes
//! one; [`run_topics`] announces new matches (the server calls it on a
//! timer).

use std::time::Duration;

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get};
use ecities_core::actor::Actor;
use ecities_core::store::{PracticeQuery, Topic};
use ecities_core::time::Timestamp;
use ecities_core::usecases::topics::{self, NewTopic};
use serde::Deserialize;
use serde_json::{Value, json};
use tokio::sync::watch;

use crate::AppState;
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, Author};
use crate::practices::SearchParams;

pub fn routes() -> Router<AppState> {
    Router::new().route("/api/v1/topics", get(list).post(create)).route("/api/v1/topics/{name}", delete(remove))
}

/// The saved search of a topic, parsed as `/search` would parse it.
pub(crate) async fn topic_query(state: &AppState, query: &str) -> ApiResult<PracticeQuery> {
    let bad = |e: String| {
        ApiError::bad_request("invalid_parameter", format!("query: '{query}' is not a search query string: {e}"))
    };
    let uri: axum::http::Uri =
        format!("/search?{query}").parse().map_err(|e: axum::http::uri::InvalidUri| bad(e.to_string()))?;
    let Query(params) = Query::<SearchParams>::try_from_uri(&uri).map_err(|e| bad(e.body_text()))?;
    if params.before.is_some() || params.limit.is_some() {
        return Err(ApiError::bad_request("invalid_parameter", "query: a topic is a search, not a page of one"));
    }
    params.to_query(state).await
}

fn topic_value(state: &AppState, actor: &Actor, topic: &Topic, owner: &Actor) -> Value {
    let base = state.urls.base().as_str().trim_end_matches('/');
    json!({
        "name": actor.name.as_str(),
        "id": actor.url,
        "handle": actor.handle(),
        "title": actor.display_name.as_deref().unwrap_or(actor.name.as_str()),
        "summary": actor.summary,
        "query": topic.query,
        "search": format!("{base}/search?{}", topic.query),
        "feed": format!("{base}/feeds/practices.atom?{}", topic.query),
        "owner": owner.url,
        "created": topic.created_at.to_rfc3339(),
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CreateBody {
    name: String,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    summary: Option<String>,
    /// The search as a query string (`sdg=11&country=KR`).
    query: String,
}

async fn create(
    State(state): State<AppState>,
    Author(me): Author,
    ApiJson(body): ApiJson<CreateBody>,
) -> ApiResult<Response> {
    // The search must parse exactly as the search page would parse it.
    topic_query(&state, body.query.trim().trim_start_matches('?')).await?;
    let keys = state.federation.generate_keypair().await?;
    let new = NewTopic {
        name: &body.name,
        display_name: body.title.as_deref(),
        summary: body.summary.as_deref(),
        query: &body.query,
    };
    let actor = topics::create_topic(state.ports(), &me, &new, &keys).await?;
    let topic = state
        .store
        .topic(actor.id)
        .await?
        .ok_or_else(|| ecities_core::CoreError::Internal("the topic was not stored".into()))?;
    Ok((StatusCode::CREATED, axum::Json(topic_value(&state, &actor, &topic, &me))).into_response())
}

#[derive(Deserialize)]
struct ListQuery {
    owner: Option<String>,
}

/// Every topic of this node (public: they are followable actors).
async fn list(State(state): State<AppState>, Query(q): Query<ListQuery>) -> ApiResult<Response> {
    let mut items = Vec::new();
    for topic in state.store.topics().await? {
        let actor = state.store.actor(topic.actor).await?;
        let owner = state.store.actor(topic.owner).await?;
        if q.owner.as_deref().is_some_and(|o| o != owner.name.as_str() && o != owner.url.as_str()) {
            continue;
        }
        items.push(topic_value(&state, &actor, &topic, &owner));
    }
    Ok(axum::Json(json!({ "items": items })).into_response())
}

async fn remove(State(state): State<AppState>, Author(me): Author, Path(name): Path<String>) -> ApiResult<Response> {
    topics::delete_topic(state.ports(), &me, &name).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// One pass over every topic: announce what matched since the last pass.
/// A topic whose saved search no longer parses (an actor it names is gone)
/// is skipped with a warning; the others go on.
pub async fn run_topics(state: &AppState) -> usize {
    let topics = match state.store.topics().await {
        Ok(t) => t,
        Err(e) => {
            tracing::warn!(error = %e, "topics: cannot list topics");
            return 0;
        }
    };
    let mut announced = 0;
    for topic in topics {
        let query = match topic_query(state, &topic.query).await {
            Ok(q) => q,
            Err(e) => {
                tracing::warn!(topic = topic.actor.0, query = %topic.query, error = ?e, "topics: saved search no longer parses");
                continue;
            }
        };
        match topics::announce_new_matches(state.ports(), &topic, &query, Timestamp::now()).await {
            Ok(run) => {
                announced += run.announced;
                if run.skipped > 0 {
                    tracing::info!(
                        topic = topic.actor.0,
                        skipped = run.skipped,
                        "topics: a burst of matches; only the newest were announced"
                    );
                }
            }
            Err(e) => tracing::warn!(topic = topic.actor.0, error = %e, "topics: run failed"),
        }
    }
    announced
}

/// Runs [`run_topics`] every `interval` until `stop` turns true.
pub async fn run_topic_scheduler(state: AppState, interval: Duration, mut stop: watch::Receiver<bool>) {
    loop {
        run_topics(&state).await;
        tokio::select! {
            _ = tokio::time::sleep(interval) => {}
            _ = stop.changed() => return,
        }
        if *stop.borrow() {
            return;
        }
    }
}
