//! Topics: saved searches published as followable actors
//! (`usecases::topics`). `POST /api/v1/topics` publishes one,
//! `GET /api/v1/topics` lists them, `DELETE /api/v1/topics/{name}` removes
//! one; [`run_topic_scheduler`] is the timer that runs the core's
//! scheduler (`usecases::topics::announce_all`).

use std::time::Duration;

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get};
use ecities_core::actor::Actor;
use ecities_core::store::Topic;
use ecities_core::time::Timestamp;
use ecities_core::usecases::topics::{self, NewTopic};
use serde::Deserialize;
use serde_json::{Value, json};
use tokio::sync::watch;

use crate::AppState;
use crate::error::ApiResult;
use crate::extract::{ApiJson, Caller, Member};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/topics", get(list).post(create))
        .route("/api/v1/topics/{name}", delete(remove))
        .route("/topics", get(page))
}

/// The topics of this node as a page: each one's name, handle (to follow it
/// from any fediverse account) and the search it announces.
async fn page(State(state): State<AppState>) -> ApiResult<Response> {
    let mut items = Vec::new();
    for topic in state.store.topics().await? {
        let actor = state.store.actor(topic.actor).await?;
        items.push(minijinja::context! {
            url => actor.url.path(),
            name => actor.display_name.as_deref().unwrap_or(&actor.name),
            handle => actor.handle(),
            search => format!("/search?{}", topic.query),
            query => topic.query,
        });
    }
    Ok(crate::pages::render(StatusCode::OK, "topics.html", minijinja::context! { topics => items }))
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
    Member { who, actor: me }: Member,
    ApiJson(body): ApiJson<CreateBody>,
) -> ApiResult<Response> {
    let keys = state.federation.generate_keypair();
    let new = NewTopic {
        name: &body.name,
        display_name: body.title.as_deref(),
        summary: body.summary.as_deref(),
        query: &body.query,
    };
    let actor = topics::create_topic(state.ports(), &who, &me, &new, keys).await?;
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

async fn remove(State(state): State<AppState>, Caller(who): Caller, Path(name): Path<String>) -> ApiResult<Response> {
    topics::delete_topic(state.ports(), &who, &name).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// One pass over every topic (`usecases::topics::announce_all`, which
/// decides what each announces); failures are logged there.
pub async fn run_topics(state: &AppState) -> usize {
    match topics::announce_all(state.ports(), Timestamp::now()).await {
        Ok(n) => n,
        Err(e) => {
            tracing::warn!(error = %e, "topics: cannot list topics");
            0
        }
    }
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
