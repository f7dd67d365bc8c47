//! The node's public face on every page: its name (the host name while it
//! has none), logo and description, the site navigation, and the about
//! page; `GET`/`PATCH /api/v1/node` to read and change the profile (the
//! change needs the node operator: `usecases::node::set_profile`).
//!
//! Every page shows the profile, so it is cached for [`PROFILE_TTL`] rather
//! than read for each request; a change through this process clears the
//! cache at once.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use ecities_core::actor::ActorKind;
use ecities_core::node::{NodeProfile, NodeProfileChange};
use ecities_core::usecases::node;
use minijinja::context;
use serde::{Deserialize, Deserializer};
use serde_json::json;

use crate::AppState;
use crate::error::ApiResult;
use crate::extract::{ApiJson, Caller};

/// How long a profile read from the database is shown before it is read
/// again: a change made by another process sharing the database shows
/// within this time (a change made here shows at once).
const PROFILE_TTL: Duration = Duration::from_secs(5);

/// The profile the configuration gives (`[node]`, `ECITIES_NODE_NAME`) and
/// the cached view of what pages show.
pub struct Site {
    defaults: NodeProfile,
    cached: Mutex<Option<(Instant, SiteView)>>,
}

/// What the page header, titles and about page show.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct SiteView {
    /// The node's name, or its host name.
    pub name: String,
    pub description: Option<String>,
    pub logo: Option<String>,
    /// The membership registry: the first local association's page.
    pub members: Option<String>,
    /// The curated list: the first local knowledge space's page.
    pub curated: Option<String>,
}

tokio::task_local! {
    static SITE: SiteView;
}

/// What the pages of the request being handled show.
pub fn current() -> SiteView {
    SITE.try_with(SiteView::clone).unwrap_or_default()
}

impl Site {
    pub fn new(defaults: NodeProfile) -> Self {
        Self { defaults, cached: Mutex::new(None) }
    }

    /// The stored profile, with the configured name and description where
    /// the operator set none.
    async fn profile(&self, state: &AppState) -> ApiResult<NodeProfile> {
        let stored = node::profile(state.store.as_ref()).await?;
        Ok(NodeProfile {
            name: stored.name.or_else(|| self.defaults.name.clone()),
            description: stored.description.or_else(|| self.defaults.description.clone()),
            logo: stored.logo,
        })
    }

    async fn view(&self, state: &AppState) -> SiteView {
        if let Ok(cached) = self.cached.lock()
            && let Some((at, view)) = cached.as_ref()
            && at.elapsed() < PROFILE_TTL
        {
            return view.clone();
        }
        let view = match self.load(state).await {
            Ok(view) => view,
            Err(e) => {
                // Pages still render (with the host name) when the
                // database is slow or down; /readyz reports that.
                tracing::warn!(error = ?e, "the node profile could not be read");
                return SiteView { name: state.urls.host().to_owned(), ..Default::default() };
            }
        };
        if let Ok(mut cached) = self.cached.lock() {
            *cached = Some((Instant::now(), view.clone()));
        }
        view
    }

    async fn load(&self, state: &AppState) -> ApiResult<SiteView> {
        let profile = self.profile(state).await?;
        let actors = state.store.local_actors().await?;
        let first = |kind: ActorKind, anchor: &str| {
            actors.iter().find(|a| a.kind == kind).map(|a| format!("{}#{anchor}", a.url.path()))
        };
        Ok(SiteView {
            name: profile.name.unwrap_or_else(|| state.urls.host().to_owned()),
            description: profile.description,
            logo: profile.logo.map(|l| l.as_str().to_owned()),
            members: first(ActorKind::Association, "members"),
            curated: first(ActorKind::KnowledgeSpace, "featured"),
        })
    }

    /// Forgets the cached view (after a change, or a new local actor).
    pub fn changed(&self) {
        if let Ok(mut cached) = self.cached.lock() {
            *cached = None;
        }
    }
}

/// Makes the site's view available to every page rendered for the request.
/// Requests that never render a page (API, inboxes, probes) skip it.
pub async fn load(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let path = req.uri().path();
    let renders_no_page = path.starts_with("/api/")
        || path.ends_with("/inbox")
        || matches!(path, "/healthz" | "/readyz" | "/metrics")
        || path.starts_with("/.well-known/")
        || path.starts_with("/static/");
    if renders_no_page {
        return next.run(req).await;
    }
    let view = state.site.view(&state).await;
    SITE.scope(view, next.run(req)).await
}

pub fn routes() -> Router<AppState> {
    Router::new().route("/api/v1/node", get(get_node).patch(patch_node)).route("/about", get(about_page))
}

fn profile_json(state: &AppState, p: &NodeProfile) -> serde_json::Value {
    json!({
        "name": p.name,
        "description": p.description,
        "logo_url": p.logo.as_ref().map(|l| l.as_str()),
        "host": state.urls.host(),
    })
}

/// The profile pages show (public: it is on every page).
async fn get_node(State(state): State<AppState>) -> ApiResult<Response> {
    let profile = state.site.profile(&state).await?;
    Ok(axum::Json(profile_json(&state, &profile)).into_response())
}

/// A field that may be absent (kept), `null` or `""` (cleared) or a value.
fn nullable<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(Some(Option::<String>::deserialize(d)?.unwrap_or_default()))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct NodeBody {
    #[serde(default, deserialize_with = "nullable")]
    name: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    description: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    logo_url: Option<String>,
}

impl From<NodeBody> for NodeProfileChange {
    fn from(b: NodeBody) -> Self {
        Self { name: b.name, description: b.description, logo_url: b.logo_url }
    }
}

/// Changes the node's name, description or logo (the operator only).
async fn patch_node(
    State(state): State<AppState>,
    Caller(who): Caller,
    ApiJson(body): ApiJson<NodeBody>,
) -> ApiResult<Response> {
    node::set_profile(state.store.as_ref(), &who, &body.into()).await?;
    state.site.changed();
    let profile = state.site.profile(&state).await?;
    Ok(axum::Json(profile_json(&state, &profile)).into_response())
}

/// Saves the profile from the admin's form; the caller checks CSRF.
pub(crate) async fn save_from_form(
    state: &AppState,
    who: &ecities_core::access::Principal,
    change: &NodeProfileChange,
) -> ApiResult<()> {
    node::set_profile(state.store.as_ref(), who, change).await?;
    state.site.changed();
    Ok(())
}

/// The stored profile for the admin's form (what the operator set, without
/// the configured defaults).
pub(crate) async fn stored(state: &AppState) -> ApiResult<NodeProfile> {
    Ok(node::profile(state.store.as_ref()).await?)
}

/// The about page: the node's description, then what the network is.
async fn about_page() -> Response {
    let site = current();
    let paragraphs: Vec<String> = site
        .description
        .as_deref()
        .unwrap_or("")
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_owned)
        .collect();
    crate::pages::render(StatusCode::OK, "about.html", context! { paragraphs => paragraphs })
}
