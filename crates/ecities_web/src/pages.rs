//! Server-rendered HTML pages (minijinja templates under `templates/`,
//! auto-escaped). The admin UI and the richer public pages build on these.

use std::sync::LazyLock;

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use ecities_core::actor::Actor;
use ecities_core::hub::Relay;
use ecities_core::practice::Practice;
use ecities_core::store::{Page, PracticeQuery};
use minijinja::{Environment, context};

use crate::AppState;
use crate::error::{ApiError, ApiResult};

/// Every template, by name (embedded in the binary).
pub(crate) const TEMPLATE_SOURCES: &[(&str, &str)] = &[
    ("base.html", include_str!("../templates/base.html")),
    ("actor.html", include_str!("../templates/actor.html")),
    ("practice.html", include_str!("../templates/practice.html")),
    ("gone.html", include_str!("../templates/gone.html")),
    ("search.html", include_str!("../templates/search.html")),
    ("widget.html", include_str!("../templates/widget.html")),
    ("home.html", include_str!("../templates/home.html")),
    ("analytics.html", include_str!("../templates/analytics.html")),
    ("admin/layout.html", include_str!("../templates/admin/layout.html")),
    ("admin/dashboard.html", include_str!("../templates/admin/dashboard.html")),
    ("admin/practices.html", include_str!("../templates/admin/practices.html")),
    ("admin/write.html", include_str!("../templates/admin/write.html")),
    ("admin/review.html", include_str!("../templates/admin/review.html")),
    ("admin/members.html", include_str!("../templates/admin/members.html")),
    ("admin/member_remove.html", include_str!("../templates/admin/member_remove.html")),
    ("admin/curation.html", include_str!("../templates/admin/curation.html")),
    ("admin/topics.html", include_str!("../templates/admin/topics.html")),
    ("admin/topic_delete.html", include_str!("../templates/admin/topic_delete.html")),
    ("admin/feeds.html", include_str!("../templates/admin/feeds.html")),
    ("admin/deliveries.html", include_str!("../templates/admin/deliveries.html")),
    ("admin/follows.html", include_str!("../templates/admin/follows.html")),
    ("admin/tokens.html", include_str!("../templates/admin/tokens.html")),
    ("admin/users.html", include_str!("../templates/admin/users.html")),
    ("admin/settings.html", include_str!("../templates/admin/settings.html")),
    ("admin_login.html", include_str!("../templates/admin_login.html")),
    ("about.html", include_str!("../templates/about.html")),
    ("topics.html", include_str!("../templates/topics.html")),
];

static TEMPLATES: LazyLock<Environment<'static>> = LazyLock::new(|| {
    let mut env = Environment::new();
    for &(name, source) in TEMPLATE_SOURCES {
        if let Err(e) = env.add_template(name, source) {
            tracing::error!(template = name, error = %e, "template does not compile");
        }
    }
    // t("key", count=3): interface text in the request's language (i18n.rs).
    env.add_function(
        "t",
        |state: &minijinja::State, key: &str, kwargs: minijinja::value::Kwargs| -> Result<String, minijinja::Error> {
            let mut args = fluent_bundle::FluentArgs::new();
            for name in kwargs.args() {
                let value: minijinja::Value = kwargs.get(name)?;
                match i64::try_from(value.clone()) {
                    Ok(n) => args.set(name.to_owned(), n),
                    Err(_) => args.set(name.to_owned(), value.to_string()),
                }
            }
            Ok(crate::i18n::text_with(&ui_of(state), key, Some(&args)))
        },
    );
    // {{ iso|date }}: an RFC 3339 timestamp as people read a date in the
    // request's language; anything else is shown as it is.
    env.add_filter("date", |state: &minijinja::State, iso: &str| -> String {
        match chrono::DateTime::parse_from_rfc3339(iso) {
            Ok(at) => crate::i18n::long_date(&ui_of(state), at.to_utc()),
            Err(_) => iso.to_owned(),
        }
    });
    env
});

fn ui_of(state: &minijinja::State) -> String {
    state.lookup("ui").map(|v| v.to_string()).unwrap_or_else(|| "en".into())
}

/// Keys of interface text chosen in code rather than named in a template
/// (checked by the i18n tests like the templates' keys).
#[cfg(test)]
pub(crate) const RUST_KEYS: &[&str] = &[
    "problem",
    "solution",
    "results-section",
    "lessons",
    "published-here",
    "from-network",
    "from-unpaks",
    "facet-sdg",
    "facet-region",
    "facet-country",
    "facet-kind",
    "facet-theme",
    "facet-language",
    "facet-association",
    "facet-actor",
    "facet-year",
    "chart-sdg",
    "chart-region",
    "chart-country",
    "chart-language",
    "chart-month",
    "kind-best_practice",
    "kind-lesson_learned",
    "kind-case_study",
    "kind-policy",
    "kind-event",
    "kind-publication",
    "kind-post",
];

/// The interface text of a practice kind (`None`: a plain post).
pub(crate) fn kind_label(kind: Option<ecities_core::practice::PracticeKind>) -> String {
    let key = format!("kind-{}", kind.map(|k| k.as_str()).unwrap_or("post"));
    crate::i18n::text(crate::i18n::current(), &key)
}

pub(crate) fn render(status: StatusCode, name: &str, ctx: minijinja::Value) -> Response {
    let ui = crate::i18n::current_ui();
    let switcher: Vec<_> = crate::i18n::languages()
        .map(|l| {
            context! {
                lang => l,
                name => crate::i18n::text(l, "language-name"),
                href => ui.switch_href(l),
                current => l == ui.lang,
            }
        })
        .collect();
    let ctx = context! {
        ui => ui.lang,
        dir => crate::i18n::direction(ui.lang),
        switcher => switcher,
        site => minijinja::Value::from_serialize(crate::site::current()),
        ..ctx
    };
    match TEMPLATES.get_template(name).and_then(|t| t.render(ctx)) {
        Ok(html) => (status, Html(html)).into_response(),
        Err(e) => {
            tracing::error!(template = name, error = %e, "rendering failed");
            ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal_error", "the page could not be rendered")
                .into_response()
        }
    }
}

/// Number of practices listed on an actor's page.
const ACTOR_PAGE_PRACTICES: u32 = 50;

/// What an actor's page and feeds list, newest first: what it wrote, and
/// for an association also what it relayed for its members.
pub(crate) async fn actor_practices(state: &AppState, actor: &Actor, limit: u32) -> ApiResult<Vec<Practice>> {
    let written = PracticeQuery { author: Some(actor.id), ..Default::default() };
    let mut found =
        crate::observe::timed_search("page", state.store.search_practices(&written, Page::first(limit))).await?;
    if actor.kind == ecities_core::actor::ActorKind::Association {
        let relayed = PracticeQuery { relayed_by: Some(actor.id), ..Default::default() };
        found.extend(
            crate::observe::timed_search("page", state.store.search_practices(&relayed, Page::first(limit))).await?,
        );
        found.sort_by(|a, b| b.published_at.cmp(&a.published_at).then(b.id.0.cmp(&a.id.0)));
        found.dedup_by_key(|p| p.id);
        found.truncate(limit as usize);
    }
    Ok(found)
}

pub async fn actor_page(state: &AppState, actor: &Actor) -> ApiResult<Response> {
    // A topic's page lists what its saved search finds; everyone else's,
    // what they wrote.
    let topic = match actor.kind {
        ecities_core::actor::ActorKind::Topic => state.store.topic(actor.id).await?,
        _ => None,
    };
    let query = match &topic {
        // A saved search that no longer parses (an actor it named is gone)
        // finds nothing, rather than everything.
        Some(t) => ecities_core::usecases::topics::saved_search(state.store.as_ref(), t).await.ok(),
        None => None,
    };
    let practices = match (&topic, &query) {
        (Some(_), Some(q)) => {
            crate::observe::timed_search("page", state.store.search_practices(q, Page::first(ACTOR_PAGE_PRACTICES)))
                .await?
        }
        (Some(_), None) => Vec::new(),
        (None, _) => actor_practices(state, actor, ACTOR_PAGE_PRACTICES).await?,
    };
    let featured: Vec<_> = if actor.kind == ecities_core::actor::ActorKind::KnowledgeSpace {
        state
            .store
            .curated(actor.id, Page::first(20))
            .await?
            .iter()
            .map(|p| context! { url => p.url.as_str(), title => p.title })
            .collect()
    } else {
        Vec::new()
    };
    let members = if actor.kind == ecities_core::actor::ActorKind::Association {
        let rows = state
            .store
            .following(
                actor.id,
                Some(ecities_core::follow::FollowState::Accepted),
                Page::first(ecities_core::store::MAX_PAGE_SIZE),
            )
            .await?;
        Some(
            rows.iter()
                .filter(|(_, a)| a.kind == ecities_core::actor::ActorKind::City)
                .map(|(f, a)| {
                    context! {
                        url => a.profile_url.as_ref().unwrap_or(&a.url).as_str(),
                        name => a.display_name.as_deref().unwrap_or(&a.name),
                        handle => a.handle(),
                        country => a.country.as_ref().map(|c| c.info().name.clone()).unwrap_or_default(),
                        since => f.updated_at.to_rfc3339(),
                    }
                })
                .collect::<Vec<_>>(),
        )
    } else {
        None
    };
    let items: Vec<_> = practices
        .iter()
        .map(|p| context! { url => p.url.as_str(), title => p.title, summary => p.summary, published => p.published_at.to_rfc3339() })
        .collect();
    Ok(render(
        StatusCode::OK,
        "actor.html",
        context! {
            host => state.urls.host(),
            name => actor.display_name.as_deref().unwrap_or(&actor.name),
            handle => actor.handle(),
            kind => actor.kind.as_str(),
            country => actor.country.as_ref().map(|c| c.info().name.clone()),
            // A remote profile is HTML, sanitised when it was stored (and
            // again here); a local one (a topic's) is text typed by a user.
            summary => actor.summary.as_deref().map(|s| if actor.local {
                ecities_core::content::escape_html(s)
            } else {
                ecities_core::content::SafeHtml::sanitize(s).into_string()
            }),
            actor_url => actor.url.as_str(),
            portal => actor.portal_url.as_ref().map(|u| u.as_str()),
            featured => featured,
            practices => items,
            members => members,
            topic_search => topic.map(|t| format!("/search?{}", t.query)),
        },
    ))
}

/// The languages a reader asked for, best first (`Accept-Language`).
pub fn accepted_languages(header: Option<&str>) -> Vec<String> {
    let mut langs: Vec<(String, f32)> = header
        .unwrap_or("")
        .split(',')
        .filter_map(|part| {
            let mut it = part.trim().split(';');
            let tag = it.next()?.trim().to_lowercase();
            let q = it.find_map(|p| p.trim().strip_prefix("q=")).and_then(|q| q.parse().ok()).unwrap_or(1.0);
            (!tag.is_empty() && tag != "*" && q > 0.0).then_some((tag, q))
        })
        .collect();
    langs.sort_by(|a, b| b.1.total_cmp(&a.1));
    langs.into_iter().map(|(t, _)| t).collect()
}

/// Picks the variant to show: `?lang=` first, then the reader's
/// `Accept-Language` (exact tag, then primary subtag), else the original.
pub fn choose_language(available: &[String], requested: Option<&str>, accept: &[String]) -> usize {
    let find = |want: &str| {
        let want = want.to_lowercase();
        available.iter().position(|a| a.to_lowercase() == want).or_else(|| {
            let primary = want.split('-').next().unwrap_or(&want).to_owned();
            available.iter().position(|a| a.to_lowercase().split('-').next() == Some(primary.as_str()))
        })
    };
    requested.and_then(find).or_else(|| accept.iter().find_map(|a| find(a))).unwrap_or(0)
}

pub fn practice_page(
    state: &AppState,
    p: &Practice,
    author: &Actor,
    relays: &[(Relay, Actor)],
    requested: Option<&str>,
    accept_language: Option<&str>,
) -> Response {
    let d = &p.details;
    // Variant 0 is the original; then each translation.
    let original = p.language.as_ref().map(|l| l.to_string()).unwrap_or_else(|| "en".into());
    let mut variants: Vec<(String, &str, &str, &str)> = vec![(original, &p.title, &p.summary, p.content_html.as_str())];
    for (l, t) in &p.translations {
        let content =
            if t.content_html.as_str().is_empty() { p.content_html.as_str() } else { t.content_html.as_str() };
        variants.push((l.to_string(), &t.title, &t.summary, content));
    }
    let available: Vec<String> = variants.iter().map(|v| v.0.clone()).collect();
    // A language the reader chose with the switcher comes before the
    // browser's; `?lang=` on this page before both.
    let ui = crate::i18n::current_ui();
    let mut accept = accepted_languages(accept_language);
    if ui.chosen {
        accept.insert(0, ui.lang.to_owned());
    }
    let chosen = choose_language(&available, requested, &accept);
    let (lang, title, summary, content) = variants[chosen].clone();
    let sections: Vec<_> =
        [("problem", &d.problem), ("solution", &d.solution), ("results-section", &d.results), ("lessons", &d.lessons)]
            .into_iter()
            .filter_map(|(key, text)| {
                text.as_ref().map(|t| context! { heading => crate::i18n::text(crate::i18n::current(), key), text => t })
            })
            .collect();
    render(
        StatusCode::OK,
        "practice.html",
        context! {
            host => state.urls.host(),
            lang => lang,
            id => p.ap_id.as_str(),
            title => title,
            summary => summary,
            content => content,
            languages => available.iter().enumerate().map(|(i, l)| context! { lang => l, current => i == chosen }).collect::<Vec<_>>(),
            kind => kind_label(p.kind),
            author_name => author.display_name.as_deref().unwrap_or(&author.name),
            author_url => author.profile_url.as_ref().unwrap_or(&author.url).as_str(),
            author_feed => if author.local { format!("{}/feed.atom", author.url) } else { format!("{}feeds/practices.atom?actor={}", state.urls.base(), author.url) },
            country => p.country.as_ref().map(|c| c.info().name.clone()),
            published => p.published_at.to_rfc3339(),
            updated => p.updated_at.map(|u| u.to_rfc3339()),
            sections => sections,
            sdgs => p.sdgs.iter().map(|s| context! { number => s.number(), name => s.short_name() }).collect::<Vec<_>>(),
            themes => d.themes.iter().map(|t| t.info().map(|i| i.name.clone()).unwrap_or_else(|| t.slug().to_owned())).collect::<Vec<_>>(),
            translations => variants.iter().enumerate().filter(|(i, _)| *i != chosen).map(|(_, v)| context! { lang => v.0, title => v.1 }).collect::<Vec<_>>(),
            license => d.license,
            period => match (d.period_start, d.period_end) {
                (Some(a), Some(b)) => Some(format!("{a} – {b}")),
                (Some(a), None) => Some(format!("{a} –")),
                (None, Some(b)) => Some(format!("– {b}")),
                (None, None) => None,
            },
            links => d.links.iter().map(|l| l.as_str()).collect::<Vec<_>>(),
            provenance => relays.iter().map(|(r, a)| context! {
                url => a.profile_url.as_ref().unwrap_or(&a.url).as_str(),
                name => a.display_name.as_deref().unwrap_or(&a.name),
                approved => r.approved,
            }).collect::<Vec<_>>(),
            source => d.source_url.as_ref().map(|u| u.as_str()),
        },
    )
}

pub fn gone_page(p: &Practice) -> Response {
    render(StatusCode::GONE, "gone.html", context! { deleted => p.deleted_at.map(|d| d.to_rfc3339()) })
}

/// The embeddable widget: framing is allowed (that is its purpose), and it
/// works without JavaScript.
pub fn widget_page(state: &AppState, title: &str, items: &[(Practice, Actor)]) -> Response {
    let items: Vec<_> = items
        .iter()
        .map(|(p, a)| {
            context! {
                url => p.url.as_str(),
                title => p.title,
                author => a.display_name.as_deref().unwrap_or(&a.name),
                country => p.country.as_ref().map(|c| c.info().name.clone()),
                published => p.published_at.to_rfc3339(),
            }
        })
        .collect();
    let mut more = state.urls.base().clone();
    more.set_path("/search");
    render(StatusCode::OK, "widget.html", context! { title => title, items => items, more => more.as_str() })
}

/// The facets of the search page: parameter name and heading.
const FACETS: &[(&str, &str)] = &[
    ("sdg", "facet-sdg"),
    ("region", "facet-region"),
    ("country", "facet-country"),
    ("kind", "facet-kind"),
    ("theme", "facet-theme"),
    ("language", "facet-language"),
    ("association", "facet-association"),
    ("actor", "facet-actor"),
    ("year", "facet-year"),
];

/// The HTML search page; the same parameters as the search API.
#[allow(clippy::too_many_arguments)]
pub fn search_page(
    state: &AppState,
    title: &str,
    params: minijinja::Value,
    total: i64,
    exact: bool,
    results: &[(Practice, Actor, Option<String>)],
    raw_query: &str,
    next: Option<String>,
    facets: minijinja::Value,
) -> Response {
    let base = state.urls.base().as_str().trim_end_matches('/').to_owned();
    let qs = if raw_query.is_empty() { String::new() } else { format!("?{raw_query}") };
    let feeds = context! {
        atom => format!("{base}/feeds/practices.atom{qs}"),
        rss => format!("{base}/feeds/practices.rss{qs}"),
        json => format!("{base}/feeds/practices.json{qs}"),
    };
    // A facet link refines the current search: every other parameter kept,
    // the facet's own replaced.
    let refine: std::collections::BTreeMap<&str, String> = FACETS
        .iter()
        .map(|(name, _)| {
            let kept: String = raw_query
                .split('&')
                .filter(|kv| !kv.is_empty() && kv.split('=').next() != Some(*name))
                .map(|kv| format!("{kv}&"))
                .collect();
            (*name, format!("/search?{kept}{name}="))
        })
        .collect();
    let results: Vec<_> = results
        .iter()
        .map(|(p, a, relayed)| {
            context! {
                url => p.url.as_str(),
                title => p.title,
                summary => p.summary,
                author => a.display_name.as_deref().unwrap_or(&a.name),
                country => p.country.as_ref().map(|c| c.code()),
                published => p.published_at.to_rfc3339(),
                relayed => relayed,
            }
        })
        .collect();
    render(
        StatusCode::OK,
        "search.html",
        context! {
            host => state.urls.host(),
            title => title,
            params => params,
            total => total,
            exact => exact,
            results => results,
            feeds => feeds,
            next => next,
            facets => facets,
            facet_names => FACETS.iter().map(|(name, key)| [(*name).to_owned(), crate::i18n::text(crate::i18n::current(), key)]).collect::<Vec<_>>(),
            refine => refine,
            sdgs => ecities_core::taxonomy::Sdg::all().iter().map(|g| context! { number => g.number, name => g.short_name }).collect::<Vec<_>>(),
            kinds => ecities_core::practice::PracticeKind::ALL.iter().map(|k| context! { value => k.as_str(), label => kind_label(Some(*k)) }).collect::<Vec<_>>(),
        },
    )
}

/// Items per section of the home page.
const HOME_ITEMS: u32 = 10;

/// The node's home page: its actors, its own practices, what came from
/// the network and what came from UN-PAKS.
pub async fn home_page(state: &AppState) -> ApiResult<Response> {
    let actors: Vec<_> = state
        .store
        .local_actors()
        .await?
        .into_iter()
        .filter(|a| a.kind != ecities_core::actor::ActorKind::Application)
        .map(|a| {
            context! {
                url => a.url.as_str(), name => a.display_name.clone().unwrap_or_else(|| a.name.clone()),
                kind => a.kind.as_str(), handle => a.handle(),
            }
        })
        .collect();
    let mut sections = Vec::new();
    for (title, source, query) in [
        ("published-here", "local", PracticeQuery { local_only: true, ..Default::default() }),
        ("from-network", "network", PracticeQuery { remote_only: true, ..Default::default() }),
        ("from-unpaks", "unpaks", PracticeQuery { knowledge_space_only: true, ..Default::default() }),
    ] {
        let found =
            crate::observe::timed_search("page", state.store.search_practices(&query, Page::first(HOME_ITEMS))).await?;
        let mut items = Vec::with_capacity(found.len());
        for p in &found {
            let a = state.store.actor(p.author).await?;
            items.push(context! {
                url => p.url.as_str(), title => p.title, summary => p.summary,
                author => a.display_name.clone().unwrap_or_else(|| a.name.clone()),
                country => p.country.as_ref().map(|c| c.code()), published => p.published_at.to_rfc3339(),
            });
        }
        sections.push(
            context! { title => crate::i18n::text(crate::i18n::current(), title), source => source, items => items },
        );
    }
    Ok(render(
        StatusCode::OK,
        "home.html",
        context! { host => state.urls.host(), actors => actors, sections => sections },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readers_get_their_language_when_it_exists() {
        let available = vec!["en".to_owned(), "ko".to_owned(), "pt-BR".to_owned()];
        let accept = accepted_languages(Some("ko-KR,ko;q=0.9,en;q=0.8"));
        assert_eq!(accept, ["ko-kr", "ko", "en"]);
        assert_eq!(choose_language(&available, None, &accept), 1);
        assert_eq!(choose_language(&available, Some("pt"), &accept), 2, "?lang= wins");
        assert_eq!(
            choose_language(&available, None, &accepted_languages(Some("de, fr;q=0.5"))),
            0,
            "else the original"
        );
        assert_eq!(choose_language(&available, None, &accepted_languages(Some("en;q=0, ko"))), 1);
    }
}
