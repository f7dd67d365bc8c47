//! Subscriptions: every search is also an Atom, RSS 2.0 and JSON Feed 1.1
//! feed (`/feeds/practices.atom?sdg=11&country=KR`), every actor has its
//! own (`/actors/{name}/feed.atom`), and `/widget` is an embeddable list
//! for a city portal (plain HTML and CSS, no JavaScript).

use std::collections::HashMap;

use axum::Router;
use axum::extract::{Path, RawQuery, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use ecities_core::actor::{Actor, ActorName};
use ecities_core::content::{defuse_tags, escape_html};
use ecities_core::practice::Practice;
use ecities_core::store::Page;
use serde_json::json;

use crate::AppState;
use crate::error::{ApiError, ApiResult};
use crate::extract::Search;
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
            // RSS readers show `title` and `description` as HTML: the text
            // is escaped once for HTML here (and once more for XML by the writer).
            ItemBuilder::default()
                .title(Some(escape_html(&p.title)))
                .link(Some(p.url.to_string()))
                .description(Some(escape_html(&p.summary)))
                .content(Some(p.content_html.as_str().to_owned()))
                .author(None)
                .dublin_core_ext(Some(
                    rss::extension::dublincore::DublinCoreExtensionBuilder::default()
                        .creators(vec![defuse_tags(&author_name(a))])
                        .build(),
                ))
                .guid(Some(GuidBuilder::default().value(p.ap_id.to_string()).permalink(false).build()))
                .pub_date(Some(p.published_at.to_datetime().to_rfc2822()))
                .categories(cats)
                .build()
        })
        .collect();
    let channel = ChannelBuilder::default()
        .title(escape_html(&doc.title))
        .link(doc.html_url.clone())
        .description(escape_html(&format!("{} — practices from the e-Cities Network", doc.title)))
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
                // Plain text by the spec; defused too, for readers that
                // show it as HTML anyway.
                "title": defuse_tags(&p.title),
                "summary": defuse_tags(&p.summary),
                "content_html": p.content_html.as_str(),
                "date_published": p.published_at.to_rfc3339(),
                "date_modified": p.updated_at.map(|u| u.to_rfc3339()),
                "authors": [{ "name": defuse_tags(&author_name(a)), "url": a.profile_url.as_ref().unwrap_or(&a.url) }],
                "language": p.language.as_ref().map(|l| l.to_string()),
                "tags": p.sdgs.iter().map(|s| s.hashtag()).chain(p.country.iter().map(|c| c.code().to_owned())).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({
        "version": "https://jsonfeed.org/version/1.1",
        "title": defuse_tags(&doc.title),
        "home_page_url": doc.html_url,
        "feed_url": doc.self_url,
        "items": items,
    })
    .to_string()
}

/// A human title for a search: "SDG 6 or 11 · KR · “bus”".
pub(crate) fn search_title(params: &SearchParams) -> String {
    let mut parts = Vec::new();
    let mut add = |label: &str, v: &[String]| {
        if !v.is_empty() {
            parts.push(format!("{label}{}", v.join(" or ")));
        }
    };
    add("“", &params.q.iter().map(|q| format!("{}”", q.trim())).filter(|q| q != "”").collect::<Vec<_>>());
    add("SDG ", &params.sdg);
    add("", &params.country);
    add("region ", &params.region);
    add("", &params.kind);
    add("", &params.language);
    add("by ", &params.actor);
    add("via ", &params.association);
    add("", &params.theme);
    add("", &params.year);
    match params.source.as_deref() {
        Some("network") => parts.push("from the network".into()),
        Some("unpaks") => parts.push("from UN-PAKS".into()),
        Some("local") => parts.push("from this node".into()),
        _ => {}
    }
    if parts.is_empty() { "All practices".to_owned() } else { format!("Practices: {}", parts.join(" · ")) }
}

/// The store's query of a feed or the widget: newest first unless `sort`
/// asks otherwise (a feed reader shows what is new).
async fn newest_first(state: &AppState, params: &SearchParams) -> ApiResult<ecities_core::store::PracticeQuery> {
    let mut query = crate::practices::to_query(state, params).await?;
    if params.sort.is_none() {
        query.sort = ecities_core::store::SearchOrder::Newest;
    }
    Ok(query)
}

async fn search_feed(
    State(state): State<AppState>,
    Path(file): Path<String>,
    Search(params): Search,
    RawQuery(raw): RawQuery,
) -> ApiResult<Response> {
    let format = Format::from_file(&file, "practices")
        .ok_or_else(|| ApiError::not_found("feed (use practices.atom, practices.rss or practices.json)"))?;
    let query = newest_first(&state, &params).await?;
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
    // An association's feed carries what it relayed, as its page does.
    let practices = crate::pages::actor_practices(&state, &actor, FEED_ITEMS).await?;
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

async fn widget(State(state): State<AppState>, Search(params): Search) -> ApiResult<Response> {
    let query = newest_first(&state, &params).await?;
    let limit = params.limit.unwrap_or(WIDGET_ITEMS).clamp(1, 20);
    let practices = state.store.search_practices(&query, Page::first(limit)).await?;
    let items = with_authors(&state, practices).await?;
    Ok(crate::pages::widget_page(&state, &search_title(&params), &items))
}

#[cfg(test)]
mod tests {
    use super::*;
    use ecities_core::actor::{ActorEndpoints, ActorId, ActorKind};
    use ecities_core::content::SafeHtml;
    use ecities_core::practice::PracticeId;
    use ecities_core::time::Timestamp;
    use url::Url;

    const SCRIPT: &str = "<script>alert(1)</script>";

    fn url(s: &str) -> Url {
        Url::parse(s).expect("url")
    }

    /// A practice whose text fields hold markup as text (the worst a
    /// local author or a decoded remote field can hold).
    fn doc() -> FeedDoc {
        let author = Actor {
            id: ActorId(1),
            url: url("https://a.example/actors/x"),
            name: "x".into(),
            host: "a.example".into(),
            kind: ActorKind::City,
            local: true,
            display_name: Some(SCRIPT.into()),
            summary: None,
            country: None,
            profile_url: None,
            icon_url: None,
            portal_url: None,
            portal_checked_at: None,
            portal_verified_at: None,
            endpoints: ActorEndpoints {
                inbox: url("https://a.example/actors/x/inbox"),
                shared_inbox: None,
                outbox: None,
                followers: None,
                following: None,
            },
            public_key_pem: String::new(),
            moderation: Default::default(),
            follow_approval: Default::default(),
            created_at: Timestamp::now(),
            updated_at: Timestamp::now(),
            last_refreshed_at: Timestamp::now(),
        };
        let practice = Practice {
            id: PracticeId(1),
            key: "k".into(),
            ap_id: url("https://a.example/practices/k"),
            url: url("https://a.example/practices/k"),
            author: ActorId(1),
            local: true,
            title: format!("Title {SCRIPT}"),
            summary: format!("Summary {SCRIPT} & more"),
            content_markdown: None,
            content_html: SafeHtml::sanitize(&format!("<p>ok</p>{SCRIPT}&lt;script&gt;alert(1)&lt;/script&gt;")),
            language: None,
            kind: None,
            sdgs: Vec::new(),
            country: None,
            translations: Default::default(),
            details: Default::default(),
            published_at: Timestamp::now(),
            updated_at: None,
            deleted_at: None,
            embargoed: false,
        };
        FeedDoc {
            title: format!("Feed {SCRIPT}"),
            self_url: "https://a.example/feeds/practices.rss".into(),
            html_url: "https://a.example/search".into(),
            items: vec![(practice, author)],
        }
    }

    #[test]
    fn rss_text_is_escaped_for_the_html_readers_make_of_it() {
        let xml = rss(&doc());
        assert!(!xml.contains("<script"), "{xml}");
        // What a reader gets after parsing the XML is HTML without markup.
        let channel = rss::Channel::read_from(xml.as_bytes()).expect("parses");
        let item = &channel.items()[0];
        let html = [
            channel.title(),
            channel.description(),
            item.title().unwrap_or(""),
            item.description().unwrap_or(""),
            item.content().unwrap_or(""),
        ];
        for h in html {
            assert!(!h.contains("<script"), "{h}");
        }
        assert_eq!(item.description(), Some("Summary &lt;script&gt;alert(1)&lt;/script&gt; &amp; more"));
        assert_eq!(item.title(), Some("Title &lt;script&gt;alert(1)&lt;/script&gt;"));
    }

    #[test]
    fn atom_marks_text_as_text_and_content_is_sanitised() {
        let xml = atom(&doc());
        assert!(!xml.contains("<script"), "{xml}");
        let feed = atom_syndication::Feed::read_from(xml.as_bytes()).expect("parses");
        let entry = &feed.entries()[0];
        // title and summary are Atom text (type="text", the default):
        // readers show `<script>` as characters.
        let summary = entry.summary().expect("summary");
        assert_eq!(summary.r#type, atom_syndication::TextType::Text);
        assert_eq!(entry.title().r#type, atom_syndication::TextType::Text);
        // The HTML content went through the sanitiser.
        let content = entry.content().and_then(|c| c.value()).unwrap_or("");
        assert!(!content.contains("<script"), "{content}");
    }

    #[test]
    fn json_feed_keeps_text_as_text_and_html_sanitised() {
        let v: serde_json::Value = serde_json::from_str(&json_feed(&doc())).expect("json");
        let item = &v["items"][0];
        assert!(!v.to_string().contains("<script"), "{v}");
        // `summary` and `title` are plain text by the JSON Feed spec, and
        // cannot open a tag even where a reader treats them as HTML.
        assert_eq!(item["summary"], "Summary \u{FF1C}script>alert(1)\u{FF1C}/script> & more");
    }
}
