//! Subscriptions: every search is also an Atom, RSS 2.0 and JSON Feed 1.1
//! feed (`/feeds/practices.atom?sdg=11&country=KR`), every actor has its
//! own (`/actors/{name}/feed.atom`), and `/widget` is an embeddable list
//! for a city portal (plain HTML and CSS, no JavaScript).

use std::collections::HashMap;

use axum::Router;
use axum::extract::{Path, Query, RawQuery, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use ecities_core::actor::{Actor, ActorName};
use ecities_core::practice::Practice;
use ecities_core::store::{Page, PracticeQuery};
use serde_json::json;

use crate::AppState;
use crate::error::{ApiError, ApiResult};
use crate::practices::SearchParams;

/// Items in a feed.
const FEED_ITEMS: u32 = 50;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/feeds/{file}", get(search_feed))
        .route("/actors/{name}/{file}", get(actor_feed))
        .route("/widget", get(widget))
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Atom,
    Rss,
    Json,
}

impl Format {
    fn from_file(file: &str, stem: &str) -> Option<Self> {
        match file.strip_prefix(stem)? {
            ".atom" => Some(Self::Atom),
            ".rss" => Some(Self::Rss),
            ".json" => Some(Self::Json),
            _ => None,
        }
    }

    fn content_type(self) -> &'static str {
        match self {
            Self::Atom => "application/atom+xml; charset=utf-8",
            Self::Rss => "application/rss+xml; charset=utf-8",
            Self::Json => "application/feed+json; charset=utf-8",
        }
    }
}

/// What a feed shows, before it is rendered in one of the formats.
struct FeedDoc {
    title: String,
    /// The feed's own URL (and Atom id).
    self_url: String,
    /// The HTML page it mirrors.
    html_url: String,
    items: Vec<(Practice, Actor)>,
}

pub(crate) async fn with_authors(state: &AppState, practices: Vec<Practice>) -> ApiResult<Vec<(Practice, Actor)>> {
    let mut authors: HashMap<i64, Actor> = HashMap::new();
    let mut out = Vec::with_capacity(practices.len());
    for p in practices {
        let author = match authors.get(&p.author.0) {
            Some(a) => a.clone(),
            None => {
                let a = state.store.actor(p.author).await?;
                authors.insert(p.author.0, a.clone());
                a
            }
        };
        out.push((p, author));
    }
    Ok(out)
}

fn author_name(a: &Actor) -> String {
    a.display_name.clone().unwrap_or_else(|| a.name.clone())
}

fn updated(p: &Practice) -> chrono::DateTime<chrono::FixedOffset> {
    p.updated_at.unwrap_or(p.published_at).to_datetime().fixed_offset()
}

fn render(doc: FeedDoc, format: Format) -> Response {
    let body = match format {
        Format::Atom => atom(&doc),
        Format::Rss => rss(&doc),
        Format::Json => json_feed(&doc),
    };
    ([(header::CONTENT_TYPE, format.content_type()), (header::ACCESS_CONTROL_ALLOW_ORIGIN, "*")], body).into_response()
}

fn atom(doc: &FeedDoc) -> String {
    use atom_syndication::{Category, Content, Entry, Feed, Link, Person, Text};
    let entries: Vec<Entry> = doc
        .items
        .iter()
        .map(|(p, a)| {
            let mut e = Entry::default();
            e.set_id(p.ap_id.to_string());
            e.set_title(Text::plain(p.title.clone()));
            e.set_updated(updated(p));
            e.set_published(Some(p.published_at.to_datetime().fixed_offset()));
            e.set_summary(Some(Text::plain(p.summary.clone())));
            e.set_content(Some(Content {
                value: Some(p.content_html.as_str().to_owned()),
                content_type: Some("html".into()),
                lang: p.language.as_ref().map(|l| l.to_string()),
                ..Default::default()
            }));
            e.set_links(vec![Link {
                href: p.url.to_string(),
                rel: "alternate".into(),
                mime_type: Some("text/html".into()),
                ..Default::default()
            }]);
            e.set_authors(vec![Person { name: author_name(a), uri: Some(a.url.to_string()), ..Default::default() }]);
            let mut cats: Vec<Category> = p
                .sdgs
                .iter()
                .map(|s| Category { term: s.hashtag(), label: Some(s.short_name().to_owned()), ..Default::default() })
                .collect();
            if let Some(c) = &p.country {
                cats.push(Category {
                    term: c.code().to_owned(),
                    label: Some(c.info().name.clone()),
                    ..Default::default()
                });
            }
            e.set_categories(cats);
            e
        })
        .collect();
    let mut feed = Feed::default();
    feed.set_id(doc.self_url.clone());
    feed.set_title(Text::plain(doc.title.clone()));
    feed.set_updated(
        doc.items.iter().map(|(p, _)| updated(p)).max().unwrap_or_else(|| chrono::Utc::now().fixed_offset()),
    );
    feed.set_links(vec![
        Link {
            href: doc.self_url.clone(),
            rel: "self".into(),
            mime_type: Some("application/atom+xml".into()),
            ..Default::default()
        },
        Link {
            href: doc.html_url.clone(),
            rel: "alternate".into(),
            mime_type: Some("text/html".into()),
            ..Default::default()
        },
    ]);
    feed.set_generator(Some(atom_syndication::Generator {
        value: "ecities".into(),
        version: Some(env!("CARGO_PKG_VERSION").into()),
        ..Default::default()
    }));
    feed.set_entries(entries);
    feed.to_string()
}

fn rss(doc: &FeedDoc) -> String {
    use rss::{CategoryBuilder, ChannelBuilder, GuidBuilder, ItemBuilder};
    let items: Vec<rss::Item> = doc
        .items
        .iter()
        .map(|(p, a)| {
            let mut cats: Vec<rss::Category> =
                p.sdgs.iter().map(|s| CategoryBuilder::default().name(s.hashtag()).build()).collect();
            if let Some(c) = &p.country {
                cats.push(CategoryBuilder::default().name(c.code().to_owned()).build());
            }
            ItemBuilder::default()
                .title(Some(p.title.clone()))
                .link(Some(p.url.to_string()))
                .description(Some(p.summary.clone()))
                .content(Some(p.content_html.as_str().to_owned()))
                .author(None)
                .dublin_core_ext(Some(
                    rss::extension::dublincore::DublinCoreExtensionBuilder::default()
                        .creators(vec![author_name(a)])
                        .build(),
                ))
                .guid(Some(GuidBuilder::default().value(p.ap_id.to_string()).permalink(false).build()))
                .pub_date(Some(p.published_at.to_datetime().to_rfc2822()))
                .categories(cats)
                .build()
        })
        .collect();
    let channel = ChannelBuilder::default()
        .title(doc.title.clone())
        .link(doc.html_url.clone())
        .description(format!("{} — practices from the e-Cities Network", doc.title))
        .generator(Some(format!("ecities {}", env!("CARGO_PKG_VERSION"))))
        .items(items)
        .build();
    channel.to_string()
}

fn json_feed(doc: &FeedDoc) -> String {
    let items: Vec<_> = doc
        .items
        .iter()
        .map(|(p, a)| {
            json!({
                "id": p.ap_id,
                "url": p.url,
                "title": p.title,
                "summary": p.summary,
                "content_html": p.content_html.as_str(),
                "date_published": p.published_at.to_rfc3339(),
                "date_modified": p.updated_at.map(|u| u.to_rfc3339()),
                "authors": [{ "name": author_name(a), "url": a.profile_url.as_ref().unwrap_or(&a.url) }],
                "language": p.language.as_ref().map(|l| l.to_string()),
                "tags": p.sdgs.iter().map(|s| s.hashtag()).chain(p.country.iter().map(|c| c.code().to_owned())).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({
        "version": "https://jsonfeed.org/version/1.1",
        "title": doc.title,
        "home_page_url": doc.html_url,
        "feed_url": doc.self_url,
        "items": items,
    })
    .to_string()
}

/// A human title for a search: "SDG 11 · KR · “bus”".
pub(crate) fn search_title(params: &SearchParams) -> String {
    let mut parts = Vec::new();
    let mut add = |label: &str, v: &Option<String>| {
        if let Some(v) = v.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
            parts.push(format!("{label}{v}"));
        }
    };
    add("“", &params.q.as_ref().map(|q| format!("{q}”")));
    add("SDG ", &params.sdg);
    add("", &params.country);
    add("region ", &params.region);
    add("", &params.kind);
    add("", &params.language);
    add("by ", &params.actor);
    match params.source.as_deref() {
        Some("network") => parts.push("from the network".into()),
        Some("unpaks") => parts.push("from UN-PAKS".into()),
        Some("local") => parts.push("from this node".into()),
        _ => {}
    }
    if parts.is_empty() { "All practices".to_owned() } else { format!("Practices: {}", parts.join(" · ")) }
}

async fn search_feed(
    State(state): State<AppState>,
    Path(file): Path<String>,
    Query(params): Query<SearchParams>,
    RawQuery(raw): RawQuery,
) -> ApiResult<Response> {
    let format = Format::from_file(&file, "practices")
        .ok_or_else(|| ApiError::not_found("feed (use practices.atom, practices.rss or practices.json)"))?;
    let query = params.to_query(&state).await?;
    let practices = state.store.search_practices(&query, Page::first(FEED_ITEMS)).await?;
    let qs = raw.map(|r| format!("?{r}")).unwrap_or_default();
    let doc = FeedDoc {
        title: search_title(&params),
        self_url: format!("{}feeds/{file}{qs}", state.urls.base()),
        html_url: format!("{}search{qs}", state.urls.base()),
        items: with_authors(&state, practices).await?,
    };
    Ok(render(doc, format))
}

async fn actor_feed(State(state): State<AppState>, Path((name, file)): Path<(String, String)>) -> ApiResult<Response> {
    let format = Format::from_file(&file, "feed").ok_or_else(|| ApiError::not_found("no such page"))?;
    let name = ActorName::parse(&name).map_err(|_| ApiError::not_found("actor"))?;
    let actor = state
        .store
        .local_actor_by_name(&name)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("actor '{name}' not found")))?;
    let query = PracticeQuery { author: Some(actor.id), ..Default::default() };
    let practices = state.store.search_practices(&query, Page::first(FEED_ITEMS)).await?;
    let doc = FeedDoc {
        title: author_name(&actor),
        self_url: format!("{}/{file}", actor.url),
        html_url: actor.profile_url.as_ref().unwrap_or(&actor.url).to_string(),
        items: with_authors(&state, practices).await?,
    };
    Ok(render(doc, format))
}

/// Items in the widget unless `limit` says otherwise (at most 20).
const WIDGET_ITEMS: u32 = 5;

async fn widget(State(state): State<AppState>, Query(params): Query<SearchParams>) -> ApiResult<Response> {
    let query = params.to_query(&state).await?;
    let limit = params.limit.unwrap_or(WIDGET_ITEMS).clamp(1, 20);
    let practices = state.store.search_practices(&query, Page::first(limit)).await?;
    let items = with_authors(&state, practices).await?;
    Ok(crate::pages::widget_page(&state, &search_title(&params), &items))
}
