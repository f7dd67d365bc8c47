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
    ("practice_article.html", include_str!("../templates/practice_article.html")),
    ("gone.html", include_str!("../templates/gone.html")),
    ("question_refused.html", include_str!("../templates/question_refused.html")),
    ("search.html", include_str!("../templates/search.html")),
    ("widget.html", include_str!("../templates/widget.html")),
    ("home.html", include_str!("../templates/home.html")),
    ("analytics.html", include_str!("../templates/analytics.html")),
    ("admin/layout.html", include_str!("../templates/admin/layout.html")),
    ("admin/dashboard.html", include_str!("../templates/admin/dashboard.html")),
    ("admin/practices.html", include_str!("../templates/admin/practices.html")),
    ("admin/write.html", include_str!("../templates/admin/write.html")),
    ("admin/review.html", include_str!("../templates/admin/review.html")),
    ("admin/replies.html", include_str!("../templates/admin/replies.html")),
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
    ("admin/preview.html", include_str!("../templates/admin/preview.html")),
    ("admin/delete.html", include_str!("../templates/admin/delete.html")),
    ("admin/translations.html", include_str!("../templates/admin/translations.html")),
    ("admin/feed.html", include_str!("../templates/admin/feed.html")),
    ("admin/remove_feed.html", include_str!("../templates/admin/remove_feed.html")),
    ("admin_login.html", include_str!("../templates/admin_login.html")),
    ("about.html", include_str!("../templates/about.html")),
    ("topics.html", include_str!("../templates/topics.html")),
    ("history.html", include_str!("../templates/history.html")),
    ("version.html", include_str!("../templates/version.html")),
    ("network.html", include_str!("../templates/network.html")),
    ("network_follow.html", include_str!("../templates/network_follow.html")),
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
    // {{ iso|datetime }}: a date and time in UTC, as people read them in
    // the request's language ("1 December 2026, 05:52 UTC"), in a
    // `<time data-local>` that /static/local-time.js shows in the reader's
    // own time zone where scripts run.
    env.add_filter("datetime", |state: &minijinja::State, iso: &str| -> minijinja::Value {
        match chrono::DateTime::parse_from_rfc3339(iso) {
            Ok(at) => {
                let at = at.to_utc();
                let mut args = fluent_bundle::FluentArgs::new();
                args.set("date", crate::i18n::long_date(&ui_of(state), at));
                args.set("time", at.format("%H:%M").to_string());
                let text = crate::i18n::text_with(&ui_of(state), "admin-datetime", Some(&args));
                minijinja::Value::from_safe_string(format!(
                    r#"<time datetime="{}" data-local>{}</time>"#,
                    at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                    ecities_core::content::escape_html(&text)
                ))
            }
            Err(_) => minijinja::Value::from(iso),
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
    // The admin of editors and the operator (admin/*.rs).
    "admin-datetime",
    "admin-flash-deleted",
    "admin-flash-translation-saved",
    "admin-flash-translation-removed",
    "admin-flash-mapping-saved",
    "admin-flash-source-removed",
    "admin-flash-token-revoked",
    "admin-flash-user-created",
    "admin-flash-user-removed",
    "admin-role-operator",
    "admin-role-editor-of",
    "admin-role-moderator-of",
    "admin-signin-expired",
    "admin-signin-wrong",
    "admin-signin-throttled-seconds",
    "admin-signin-throttled-minutes",
    "admin-signin-busy-seconds",
    "admin-signin-busy-minutes",
    "network-map-title",
    "network-map-country",
    "network-follow-no-template",
    "network-follow-unknown",
    "network-follow-failed",
    "facet-mdg",
    "facet-period",
    "place-world",
    "mdg-name-1",
    "mdg-name-2",
    "mdg-name-3",
    "mdg-name-4",
    "mdg-name-5",
    "mdg-name-6",
    "mdg-name-7",
    "mdg-name-8",
    "sdg-name-1",
    "sdg-name-2",
    "sdg-name-3",
    "sdg-name-4",
    "sdg-name-5",
    "sdg-name-6",
    "sdg-name-7",
    "sdg-name-8",
    "sdg-name-9",
    "sdg-name-10",
    "sdg-name-11",
    "sdg-name-12",
    "sdg-name-13",
    "sdg-name-14",
    "sdg-name-15",
    "sdg-name-16",
    "sdg-name-17",
    "theme-institutional-development",
    "theme-e-government",
    "theme-citizen-engagement",
    "theme-open-government-data",
];

/// The interface text of a practice kind (`None`: a plain post).
pub(crate) fn kind_label(kind: Option<ecities_core::practice::PracticeKind>) -> String {
    let key = format!("kind-{}", kind.map(|k| k.as_str()).unwrap_or("post"));
    crate::i18n::text(crate::i18n::current(), &key)
}

/// Template `name` as HTML text, with what every page has (language,
/// direction, the node's profile): a part of a page, such as a practice's
/// article in the admin's preview.
pub(crate) fn render_part(name: &str, ctx: minijinja::Value) -> Result<String, ApiError> {
    let ui = crate::i18n::current_ui();
    let ctx = context! {
        ui => ui.lang,
        dir => crate::i18n::direction(ui.lang),
        site => minijinja::Value::from_serialize(crate::site::current()),
        ..ctx
    };
    TEMPLATES.get_template(name).and_then(|t| t.render(ctx)).map_err(|e| {
        tracing::error!(template = name, error = %e, "rendering failed");
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal_error", "the page could not be rendered")
    })
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
    // Only what each association's own members collection confirms.
    let member_of: Vec<_> = if actor.local {
        ecities_core::usecases::identity::confirmed_memberships(state.store.as_ref(), actor)
            .await?
            .iter()
            .map(|c| {
                context! {
                    url => c.association.as_str(),
                    name => c.association_name.as_deref().unwrap_or(c.association.as_str()),
                    since => c.confirmed_since().map(|t| t.to_rfc3339()),
                }
            })
            .collect()
    } else {
        Vec::new()
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
            verified_at => actor.verified_portal().map(|(_, at)| at.to_rfc3339()),
            member_of => member_of,
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

/// What the practice page shows beside the practice: its latest version
/// (citation, history), the practices that adopted it and its conversation
/// (approved replies and the author's answers, oldest first).
pub struct PracticeRecord<'a> {
    pub version: Option<&'a ecities_core::store::PracticeVersion>,
    pub adopted_by: &'a [ecities_core::store::Adoption],
    pub conversation: &'a [(ecities_core::reply::Reply, Actor)],
    /// Practices sharing goals, themes or words ([`ecities_core::usecases::related`]).
    pub related: &'a [Practice],
    /// The question form's time token when the author turned the form on.
    pub ask: Option<&'a str>,
    /// A question was just sent: say it awaits moderation.
    pub question_sent: bool,
}

/// The conversation as the page shows it: each answer (a reply to a reply
/// on the page) under the first message of its thread, the rest oldest
/// first.
fn threaded(conversation: &[(ecities_core::reply::Reply, Actor)]) -> Vec<(usize, Vec<usize>)> {
    let index: std::collections::HashMap<&str, usize> =
        conversation.iter().enumerate().map(|(i, (r, _))| (r.ap_id.as_str(), i)).collect();
    let root = |mut i: usize| {
        // A chain is at most as long as the list (a cycle cannot be longer).
        for _ in 0..conversation.len() {
            match index.get(conversation[i].0.in_reply_to.as_str()) {
                Some(&parent) if parent != i => i = parent,
                _ => break,
            }
        }
        i
    };
    let roots: Vec<usize> = (0..conversation.len()).map(root).collect();
    (0..conversation.len())
        .filter(|&i| roots[i] == i)
        .map(|top| (top, (0..conversation.len()).filter(|&j| j != top && roots[j] == top).collect()))
        .collect()
}

pub fn practice_page(
    state: &AppState,
    p: &Practice,
    author: &Actor,
    relays: &[(Relay, Actor)],
    requested: Option<&str>,
    accept_language: Option<&str>,
    record: PracticeRecord<'_>,
) -> Response {
    let PracticeRecord { version, adopted_by, conversation, related, ask, question_sent } = record;
    let message = |i: usize| {
        let (r, a) = &conversation[i];
        context! {
            id => r.id.0,
            author_name => a.display_name.as_deref().unwrap_or(&a.name),
            author_url => a.profile_url.as_ref().unwrap_or(&a.url).as_str(),
            by_author => a.id == author.id && r.via_form.is_none(),
            via_form => r.via_form.is_some(),
            citizen_name => r.via_form.as_ref().and_then(|c| c.name.as_deref()),
            published => r.published_at.to_rfc3339(),
            content => r.content_html.as_str(),
        }
    };
    let available = practice_languages(p);
    // A language the reader chose with the switcher comes before the
    // browser's; `?lang=` on this page before both.
    let ui = crate::i18n::current_ui();
    let mut accept = accepted_languages(accept_language);
    if ui.chosen {
        accept.insert(0, ui.lang.to_owned());
    }
    let chosen = choose_language(&available, requested, &accept);
    render(
        StatusCode::OK,
        "practice.html",
        context! {
            history => crate::records::history_url(p),
            version => version.map(|v| context! {
                number => v.number,
                date => v.dated().to_rfc3339(),
                permalink => crate::records::version_url(p, v.number),
                cite => crate::records::citation(author, v, p),
            }),
            adopted_by => adopted_by.iter().map(|a| context! {
                practice => a.practice.as_str(),
                title => a.title,
                actor => a.actor.as_str(),
                actor_name => a.actor_name,
                country => a.country.as_ref().map(|c| c.info().name.clone()),
                at => a.at.to_rfc3339(),
            }).collect::<Vec<_>>(),
            related => related.iter().map(|r| {
                let (lang, title, _) = in_reader_language(r, crate::i18n::current());
                context! { url => r.url.as_str(), lang => lang, title => title, place => place_name(r, crate::i18n::current()) }
            }).collect::<Vec<_>>(),
            conversation => threaded(conversation).into_iter().map(|(top, answers)| context! {
                answers => answers.into_iter().map(message).collect::<Vec<_>>(),
                ..message(top)
            }).collect::<Vec<_>>(),
            ask => ask.map(|token| context! {
                action => format!("{}/questions", p.url.path()),
                token => token,
                max => ecities_core::question::MAX_QUESTION_CHARS,
                name_max => ecities_core::question::MAX_NAME_CHARS,
            }),
            question_sent => question_sent,
            ..practice_context(state, p, author, relays, chosen)
        },
    )
}

/// The languages of a practice: its original's first, then each
/// translation's (the variants [`practice_context`] numbers).
pub(crate) fn practice_languages(p: &Practice) -> Vec<String> {
    let original = p.language.as_ref().map(|l| l.to_string()).unwrap_or_else(|| "en".into());
    std::iter::once(original).chain(p.translations.keys().map(|l| l.to_string())).collect()
}

/// What the practice page shows of variant `chosen` of a practice (0: the
/// original, then each translation): the public page and the admin's
/// preview render it with `practice_article.html`.
pub(crate) fn practice_context(
    state: &AppState,
    p: &Practice,
    author: &Actor,
    relays: &[(Relay, Actor)],
    chosen: usize,
) -> minijinja::Value {
    let d = &p.details;
    let original = p.language.as_ref().map(|l| l.to_string()).unwrap_or_else(|| "en".into());
    let mut variants: Vec<(String, &str, &str, &str)> = vec![(original, &p.title, &p.summary, p.content_html.as_str())];
    for (l, t) in &p.translations {
        let content =
            if t.content_html.as_str().is_empty() { p.content_html.as_str() } else { t.content_html.as_str() };
        variants.push((l.to_string(), &t.title, &t.summary, content));
    }
    // How each variant was made, shown beside the language switcher.
    let made: Vec<(&str, Option<&str>, Option<&str>)> = std::iter::once(("original", None, None))
        .chain(p.translations.values().map(|t| (t.status.as_str(), t.engine.as_deref(), t.translator.as_deref())))
        .collect();
    let chosen = chosen.min(variants.len() - 1);
    let available: Vec<String> = variants.iter().map(|v| v.0.clone()).collect();
    let (lang, title, summary, content) = variants[chosen].clone();
    let sections: Vec<_> =
        [("problem", &d.problem), ("solution", &d.solution), ("results-section", &d.results), ("lessons", &d.lessons)]
            .into_iter()
            .filter_map(|(key, text)| {
                text.as_ref().map(|t| context! { heading => crate::i18n::text(crate::i18n::current(), key), text => t })
            })
            .collect();
    context! {
            host => state.urls.host(),
            text_dir => crate::i18n::text_direction(&lang),
            lang => lang,
            id => p.ap_id.as_str(),
            title => title,
            summary => summary,
            content => content,
            languages => available.iter().zip(&made).enumerate().map(|(i, (l, m))| context! { lang => l, current => i == chosen, status => m.0, engine => m.1, translator => m.2 }).collect::<Vec<_>>(),
            kind => kind_label(p.kind),
            author_name => author.display_name.as_deref().unwrap_or(&author.name),
            author_url => author.profile_url.as_ref().unwrap_or(&author.url).as_str(),
            author_feed => if author.local { format!("{}/feed.atom", author.url) } else { format!("{}feeds/practices.atom?actor={}", state.urls.base(), author.url) },
            country => place_name(p, crate::i18n::current()),
            published => p.published_at.to_rfc3339(),
            updated => p.updated_at.map(|u| u.to_rfc3339()),
            sections => sections,
            sdgs => p.sdgs.iter().map(|s| context! { number => s.number(), name => crate::i18n::text(crate::i18n::current(), &format!("sdg-name-{}", s.number())) }).collect::<Vec<_>>(),
            mdgs => d.mdgs.iter().map(|m| context! { number => m.number(), name => crate::i18n::text(crate::i18n::current(), &format!("mdg-name-{}", m.number())) }).collect::<Vec<_>>(),
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
            adopted_from => d.adopted_from.iter().map(|l| l.as_str()).collect::<Vec<_>>(),
            provenance => relays.iter().map(|(r, a)| context! {
                url => a.profile_url.as_ref().unwrap_or(&a.url).as_str(),
                name => a.display_name.as_deref().unwrap_or(&a.name),
                approved => r.approved,
            }).collect::<Vec<_>>(),
            endorsements => relays.iter().filter_map(|(r, a)| {
                let role = ecities_core::hub::Endorsement::of(r, a)?;
                Some(context! {
                    role => role.as_str(),
                    url => a.profile_url.as_ref().unwrap_or(&a.url).as_str(),
                    name => a.display_name.as_deref().unwrap_or(&a.name),
                    at => r.relayed_at.to_rfc3339(),
                })
            }).collect::<Vec<_>>(),
            source => d.source_url.as_ref().map(|u| u.as_str()),
            images => attachments_shown(state, p, ecities_core::media::AttachmentKind::Image),
            documents => attachments_shown(state, p, ecities_core::media::AttachmentKind::Document),
    }
}

/// The attachments of one kind this node can show (it holds their bytes):
/// where they are served, with the size in the reader's units.
fn attachments_shown(
    state: &AppState,
    p: &Practice,
    kind: ecities_core::media::AttachmentKind,
) -> Vec<minijinja::Value> {
    p.details
        .attachments
        .iter()
        .filter(|a| a.kind() == kind)
        .filter_map(|a| {
            let (url, preview) = crate::media::local_urls(&state.urls, a)?;
            let (unit, amount) = size_in_units(a.size);
            Some(context! {
                url => url,
                preview => preview,
                alt => a.alt,
                caption => a.caption,
                format => a.media_type.extension().to_ascii_uppercase(),
                unit => unit,
                amount => amount,
                bytes => a.size,
                sha256 => a.sha256.hex(),
            })
        })
        .collect()
}

/// A file size as a message key and the number to show (`1.4` MB).
fn size_in_units(bytes: u64) -> (&'static str, String) {
    const KB: f64 = 1000.0;
    let b = bytes as f64;
    if b < KB {
        ("bytes", bytes.to_string())
    } else if b < KB * KB {
        ("kb", format!("{:.0}", b / KB))
    } else {
        ("mb", format!("{:.1}", b / (KB * KB)))
    }
}

/// The question form refused a submission: the reason, and the way back
/// to the practice (its status is the error's).
pub fn question_refused_page(e: &ApiError, back: &str) -> Response {
    let message = if e.fields.is_empty() {
        e.message.clone()
    } else {
        e.fields.iter().map(|f| f.message.as_str()).collect::<Vec<_>>().join("; ")
    };
    render(
        e.status,
        "question_refused.html",
        context! { message => message, back => back, status => e.status.as_u16() },
    )
}

pub fn gone_page(p: &Practice) -> Response {
    render(StatusCode::GONE, "gone.html", context! { deleted => p.deleted_at.map(|d| d.to_rfc3339()) })
}

/// The embeddable widget: framing is allowed (that is its purpose), and it
/// works without JavaScript.
/// A practice's language, title and summary in the reader's interface
/// language `ui` when it has a translation there, else its original's:
/// lists, search results and the widget show what the reader can read.
pub(crate) fn in_reader_language<'a>(p: &'a Practice, ui: &str) -> (Option<String>, &'a str, &'a str) {
    let translated =
        p.translations.iter().find(|(l, _)| l.primary() == ui && p.language.as_ref().is_none_or(|o| o.primary() != ui));
    match translated {
        Some((l, t)) => (Some(l.to_string()), t.title.as_str(), t.summary.as_str()),
        None => (p.language.as_ref().map(|l| l.to_string()), p.title.as_str(), p.summary.as_str()),
    }
}

pub fn widget_page(state: &AppState, title: &str, items: &[(Practice, Actor)]) -> Response {
    let ui = crate::i18n::current();
    let items: Vec<_> = items
        .iter()
        .map(|(p, a)| {
            let (lang, title, _) = in_reader_language(p, ui);
            context! {
                url => p.url.as_str(),
                lang => lang,
                title => title,
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

/// Where a practice is, as a reader sees it: its country, else the region
/// it names instead (the world in the reader's language).
fn place_name(p: &Practice, ui: &str) -> Option<String> {
    match (&p.country, &p.details.region) {
        (Some(c), _) => Some(c.info().name.clone()),
        (None, Some(r)) if r.is_world() => Some(crate::i18n::text(ui, "place-world")),
        (None, Some(r)) => Some(r.name.clone()),
        (None, None) => None,
    }
}

/// The facets of the search page: parameter name and heading.
const FACETS: &[(&str, &str)] = &[
    ("sdg", "facet-sdg"),
    ("mdg", "facet-mdg"),
    ("region", "facet-region"),
    ("country", "facet-country"),
    ("kind", "facet-kind"),
    ("theme", "facet-theme"),
    ("language", "facet-language"),
    ("association", "facet-association"),
    ("actor", "facet-actor"),
    ("year", "facet-year"),
    ("period", "facet-period"),
];

/// A facet value as the search language writes it once parsed (`SDG6` →
/// `6`, `kr` → `KR`), so a value typed by hand is recognised in the lists.
fn canonical_value(param: &str, raw: &str) -> String {
    let parsed = ecities_core::search::SearchQuery::parse(
        &url::form_urlencoded::Serializer::new(String::new()).append_pair(param, raw).finish(),
    );
    let rendered = parsed.map(|q| q.render()).unwrap_or_default();
    url::form_urlencoded::parse(rendered.as_bytes())
        .find(|(k, _)| k == param)
        .map(|(_, v)| v.into_owned())
        .unwrap_or_else(|| raw.to_owned())
}

/// The label of a facet value in the reader's language where the
/// interface has one (goals, kinds, languages), else as the data names it.
fn facet_label(ui: &str, param: &str, value: &str, label: &str) -> String {
    match param {
        "sdg" => crate::i18n::text(ui, &format!("sdg-name-{value}")),
        "mdg" => crate::i18n::text(ui, &format!("mdg-name-{value}")),
        "region" if value == ecities_core::taxonomy::WORLD_CODE => crate::i18n::text(ui, "place-world"),
        // The UNPACS thematic areas; a city's own themes keep their name.
        "theme" if ecities_core::taxonomy::Theme::unpaks_areas().iter().any(|a| a.slug == value) => {
            crate::i18n::text(ui, &format!("theme-{value}"))
        }
        "kind" => ecities_core::practice::PracticeKind::parse(value)
            .map(|k| kind_label(Some(k)))
            .unwrap_or_else(|_| label.to_owned()),
        "language" => {
            let primary = value.split('-').next().unwrap_or(value);
            match crate::i18n::languages().find(|l| *l == primary) {
                Some(l) if primary == value => crate::i18n::text(l, "language-name"),
                Some(l) => format!("{} ({value})", crate::i18n::text(l, "language-name")),
                None => label.to_owned(),
            }
        }
        _ => label.to_owned(),
    }
}

/// The query string without one value of one parameter (and without the
/// paging cursor): the link of a filter chip.
fn without(pairs: &[(String, String)], param: &str, value: &str) -> String {
    let mut out = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in pairs {
        if k == "before" || (k == param && v == value) {
            continue;
        }
        out.append_pair(k, v);
    }
    let qs = out.finish();
    if qs.is_empty() { "/search".to_owned() } else { format!("/search?{qs}") }
}

/// The HTML search page; the same parameters as the search API. Facets
/// beside the results as groups of checkboxes (several values per facet,
/// counts on every value) in one GET form with the words, so it works
/// without JavaScript; each applied filter is a chip that links to the
/// same search without it; each result a card in the reader's language
/// when the practice has a translation into it.
pub(crate) fn search_page(
    state: &AppState,
    params: &ecities_core::search::SearchParams,
    raw_query: &str,
    found: &crate::practices::SearchResult,
    next: Option<String>,
) -> Response {
    let ui = crate::i18n::current();
    let base = state.urls.base().as_str().trim_end_matches('/').to_owned();
    let pairs: Vec<(String, String)> =
        url::form_urlencoded::parse(raw_query.as_bytes()).map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
    let kept: Vec<(String, String)> = pairs.iter().filter(|(k, _)| k != "before").cloned().collect();
    let qs = url::form_urlencoded::Serializer::new(String::new()).extend_pairs(&kept).finish();
    let qs = if qs.is_empty() { String::new() } else { format!("?{qs}") };
    let feeds = context! {
        atom => format!("{base}/feeds/practices.atom{qs}"),
        rss => format!("{base}/feeds/practices.rss{qs}"),
        json => format!("{base}/feeds/practices.json{qs}"),
    };

    let mut facets = Vec::new();
    let mut chips = Vec::new();
    if let Some(q) = params.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
        chips.push(context! { label => format!("{}: “{q}”", crate::i18n::text(ui, "words")), remove => without(&pairs, "q", params.q.as_deref().unwrap_or_default()) });
    }
    for (name, key) in FACETS {
        let heading = crate::i18n::text(ui, key);
        let raw = params.values(name).unwrap_or_default();
        let selected: Vec<String> = raw.iter().map(|r| canonical_value(name, r)).collect();
        let mut values: Vec<(String, String, i64)> = found.facets[*name]
            .as_array()
            .into_iter()
            .flatten()
            .map(|e| {
                let value = match &e["value"] {
                    serde_json::Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                let label = facet_label(ui, name, &value, e["label"].as_str().unwrap_or(&value));
                (value, label, e["count"].as_i64().unwrap_or(0))
            })
            .collect();
        // A chosen value no practice has still shows, checked, to be unchosen.
        for v in &selected {
            if !values.iter().any(|(value, ..)| value == v) {
                values.push((v.clone(), facet_label(ui, name, v, v), 0));
            }
        }
        for (r, v) in raw.iter().zip(&selected) {
            let label = values.iter().find(|(value, ..)| value == v).map_or(r.as_str(), |(_, l, _)| l.as_str());
            chips.push(context! { label => format!("{heading}: {label}"), remove => without(&pairs, name, r) });
        }
        if values.is_empty() {
            continue;
        }
        let values: Vec<_> = values
            .into_iter()
            .enumerate()
            .map(|(i, (value, label, count))| {
                context! {
                    id => format!("f-{name}-{i}"),
                    checked => selected.contains(&value),
                    sdg => (*name == "sdg").then(|| value.clone()),
                    value => value, label => label, count => count,
                }
            })
            .collect();
        let open = !selected.is_empty();
        facets.push(context! { name => name, heading => heading, values => values, open => open });
    }

    let words = params.q.as_deref().unwrap_or("");
    let results: Vec<_> = found
        .rows
        .iter()
        .map(|(p, a, relays)| {
            let (lang, title, summary) = in_reader_language(p, ui);
            let via: Vec<&str> = relays.iter().map(|(_, r)| r.display_name.as_deref().unwrap_or(&r.name)).collect();
            context! {
                url => p.url.as_str(),
                lang => lang,
                title => title,
                summary => summary,
                snippet => ecities_core::snippet::practice_snippet(p, words, Some(ui)).map(minijinja::Value::from_safe_string),
                author => a.display_name.as_deref().unwrap_or(&a.name),
                author_url => a.profile_url.as_ref().unwrap_or(&a.url).as_str(),
                author_verified => a.verified_portal().is_some(),
                via => (!via.is_empty()).then(|| via.join(", ")),
                kind => p.kind.map(|k| kind_label(Some(k))),
                country => place_name(p, ui),
                sdgs => p.sdgs.iter().map(|g| context! {
                    number => g.number(),
                    name => crate::i18n::text(ui, &format!("sdg-name-{}", g.number())),
                }).collect::<Vec<_>>(),
                published => p.published_at.to_rfc3339(),
            }
        })
        .collect();
    let sort = match found.sort {
        ecities_core::store::SearchOrder::Relevance => "relevance",
        ecities_core::store::SearchOrder::Newest => "newest",
    };
    // What the form carries without showing it as a field.
    let hidden: Vec<_> = kept
        .iter()
        .filter(|(k, _)| matches!(k.as_str(), "since" | "until" | "source" | "limit"))
        .map(|(k, v)| context! { name => k, value => v })
        .collect();
    render(
        StatusCode::OK,
        "search.html",
        context! {
            host => state.urls.host(),
            title => crate::feeds::search_title(params),
            q => params.q.as_deref().unwrap_or(""),
            has_words => !words.trim().is_empty(),
            sort => sort,
            total => found.total,
            exact => found.exact,
            results => results,
            feeds => feeds,
            next => next,
            facets => facets,
            chips => chips,
            hidden => hidden,
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
            let (lang, title, summary) = in_reader_language(p, crate::i18n::current());
            items.push(context! {
                url => p.url.as_str(), lang => lang, title => title, summary => summary,
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
