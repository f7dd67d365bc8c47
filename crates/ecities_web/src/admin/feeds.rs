//! A city's portal feeds: add one, poll it now, see the last poll's
//! result, read and change what its categories mean (the mapping), remove
//! it after a confirmation.

use std::collections::BTreeMap;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Form, Router};
use ecities_core::access::Need;
use ecities_core::import::{CategoryRule, FeedMapping, FeedSource, FeedSourceId};
use ecities_core::usecases::import;
use minijinja::context;

use super::{CsrfForm, Flash, Section, View, count, finish, page, page_route, redirect_with, shown};
use crate::AppState;
use crate::auth::Editor;
use crate::error::ApiResult;

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/feeds", page_route(Section::Feeds))
        .route("/admin/feed-sources", post(add_source))
        .route("/admin/feed-sources/{id}/poll", post(poll_source))
        .route("/admin/feeds/{id}", get(mapping_form).post(save_mapping))
        .route("/admin/feeds/{id}/remove", get(confirm_remove).post(remove_source))
}

pub(super) async fn page_of(
    state: &AppState,
    editor: &Editor,
    status: StatusCode,
    view: View<'_>,
) -> ApiResult<Response> {
    let me = editor.acting(Need::Write)?;
    let sources: Vec<_> = state.store.feed_sources(Some(me.id)).await?.iter().map(source_view).collect();
    Ok(page(status, "admin/feeds.html", editor, Section::Feeds, view, context! { sources => sources }))
}

/// A feed source as the pages show it: its last poll, its result, its mapping.
fn source_view(s: &FeedSource) -> minijinja::Value {
    let m = &s.mapping;
    let rules: Vec<_> = m
        .rules
        .iter()
        .map(|(category, r)| {
            context! {
                category => category,
                sdgs => r.sdgs.iter().map(i64::to_string).collect::<Vec<_>>().join(", "),
                themes => r.themes.join(", "),
                kind => r.kind.as_deref().and_then(|k| ecities_core::practice::PracticeKind::parse(k).ok()).map(|k| crate::pages::kind_label(Some(k))),
                kind_value => r.kind,
            }
        })
        .collect();
    context! {
        id => s.id.0,
        url => s.url.as_str(),
        state => s.state(),
        imported => s.items_imported,
        polls => s.polls,
        polled => s.last_polled_at.map(|t| t.to_rfc3339()),
        succeeded => s.last_success_at.map(|t| t.to_rfc3339()),
        error => s.last_error,
        error_at => s.last_error_at.map(|t| t.to_rfc3339()),
        mapping => context! {
            kind => m.kind.as_deref().and_then(|k| ecities_core::practice::PracticeKind::parse(k).ok()).map(|k| crate::pages::kind_label(Some(k))),
            kind_value => m.kind,
            sdgs => m.sdgs.iter().map(i64::to_string).collect::<Vec<_>>().join(", "),
            country => m.country,
            language => m.language,
            themes => m.themes.join(", "),
            rules => rules,
        },
    }
}

/// Empty rows the mapping form offers for new categories.
const NEW_RULE_ROWS: usize = 3;

/// The mapping of one source, as a form.
async fn mapping_form(State(state): State<AppState>, editor: Editor, Path(id): Path<i64>) -> ApiResult<Response> {
    let (source, _) = import::source_to_poll(state.store.as_ref(), editor.who(), FeedSourceId(id)).await?;
    mapping_page(&state, &editor, &source, StatusCode::OK, &[]).await
}

async fn mapping_page(
    _state: &AppState,
    editor: &Editor,
    source: &FeedSource,
    status: StatusCode,
    errors: &[String],
) -> ApiResult<Response> {
    let kinds: Vec<_> = ecities_core::practice::PracticeKind::ALL
        .iter()
        .map(|k| context! { value => k.as_str(), label => crate::pages::kind_label(Some(*k)) })
        .collect();
    let first_new = source.mapping.rules.len();
    let ctx = context! {
        source => source_view(source),
        kinds => kinds,
        new_rows => (first_new..first_new + NEW_RULE_ROWS).collect::<Vec<_>>(),
        errors => errors,
    };
    Ok(page(status, "admin/feed.html", editor, Section::Feeds, View::default(), ctx))
}

/// The mapping form: defaults, then rows `category_N`, `sdgs_N`,
/// `themes_N`, `kind_N` (a row without a category is left out).
fn mapping_from(form: &BTreeMap<String, String>) -> Result<FeedMapping, ecities_core::CoreError> {
    let field = |name: &str| form.get(name).map(|v| v.trim()).filter(|v| !v.is_empty()).map(str::to_owned);
    let numbers = |name: &str, what: &str| -> Result<Vec<i64>, ecities_core::CoreError> {
        field(name)
            .unwrap_or_default()
            .split([',', ' '])
            .filter(|p| !p.trim().is_empty())
            .map(|p| {
                p.trim()
                    .parse::<i64>()
                    .map_err(|_| ecities_core::CoreError::invalid(what, format!("'{}' is not a goal number", p.trim())))
            })
            .collect()
    };
    let words = |name: &str| -> Vec<String> {
        field(name).unwrap_or_default().split(',').map(str::trim).filter(|t| !t.is_empty()).map(str::to_owned).collect()
    };
    let mut rules = BTreeMap::new();
    for (name, category) in form.iter().filter(|(k, _)| k.starts_with("category_")) {
        let n = &name["category_".len()..];
        let category = category.trim();
        if category.is_empty() {
            continue;
        }
        let rule = CategoryRule {
            sdgs: numbers(&format!("sdgs_{n}"), &format!("rules.{category}"))?,
            themes: words(&format!("themes_{n}")),
            kind: field(&format!("kind_{n}")),
        };
        rules.insert(category.to_owned(), rule);
    }
    Ok(FeedMapping {
        kind: field("kind"),
        sdgs: numbers("sdgs", "sdgs")?,
        country: field("country"),
        region: field("region"),
        mdgs: numbers("mdgs", "mdgs")?,
        language: field("language"),
        themes: words("themes"),
        rules,
    })
}

async fn save_mapping(
    State(state): State<AppState>,
    editor: Editor,
    Path(id): Path<i64>,
    Form(form): Form<BTreeMap<String, String>>,
) -> ApiResult<Response> {
    editor.check_csrf(form.get("csrf").map(String::as_str))?;
    let id = FeedSourceId(id);
    let result = match mapping_from(&form) {
        Ok(mapping) => import::set_mapping(state.store.as_ref(), editor.who(), id, &mapping).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(_) => Ok(redirect_with(&state, &Flash::MappingSaved, Section::Feeds)),
        Err(ecities_core::CoreError::Invalid(fields)) => {
            let (source, _) = import::source_to_poll(state.store.as_ref(), editor.who(), id).await?;
            let errors: Vec<String> = fields.iter().map(ToString::to_string).collect();
            mapping_page(&state, &editor, &source, StatusCode::UNPROCESSABLE_ENTITY, &errors).await
        }
        Err(e) => Err(e.into()),
    }
}

/// What removing a feed does, and the button that does it.
async fn confirm_remove(State(state): State<AppState>, editor: Editor, Path(id): Path<i64>) -> ApiResult<Response> {
    let (source, _) = import::source_to_poll(state.store.as_ref(), editor.who(), FeedSourceId(id)).await?;
    let ctx = context! { source => source_view(&source) };
    Ok(page(StatusCode::OK, "admin/remove_feed.html", &editor, Section::Feeds, View::default(), ctx))
}

async fn remove_source(
    State(state): State<AppState>,
    editor: Editor,
    Path(id): Path<i64>,
    Form(form): Form<CsrfForm>,
) -> ApiResult<Response> {
    editor.check_csrf(form.csrf.as_deref())?;
    finish(
        &state,
        &editor,
        Section::Feeds,
        import::remove_source(state.store.as_ref(), editor.who(), FeedSourceId(id)).await,
        Flash::SourceRemoved,
    )
    .await
}

/// The form of a single value (a feed URL).
#[derive(serde::Deserialize)]
struct ValueForm {
    csrf: Option<String>,
    #[serde(default)]
    value: String,
}

async fn add_source(State(state): State<AppState>, editor: Editor, Form(form): Form<ValueForm>) -> ApiResult<Response> {
    editor.check_csrf(form.csrf.as_deref())?;
    let result = async {
        ecities_core::usecases::import::add_source(
            state.store.as_ref(),
            editor.who(),
            editor.acting(Need::View)?,
            &form.value,
            &ecities_core::import::FeedMapping::default(),
            false,
            ecities_core::net::EgressRules::new(state.dev_mode),
        )
        .await?;
        Ok(redirect_with(&state, &Flash::SourceAdded, Section::Feeds))
    }
    .await;
    shown(&state, &editor, Section::Feeds, result).await
}

async fn poll_source(
    State(state): State<AppState>,
    editor: Editor,
    Path(id): Path<i64>,
    Form(form): Form<CsrfForm>,
) -> ApiResult<Response> {
    editor.check_csrf(form.csrf.as_deref())?;
    let found = ecities_core::usecases::import::source_to_poll(
        state.store.as_ref(),
        editor.who(),
        ecities_core::import::FeedSourceId(id),
    )
    .await;
    let (source, author) = match found {
        Ok(found) => found,
        Err(e) => return shown(&state, &editor, Section::Feeds, Err(e.into())).await,
    };
    let report = state.federation.poll_feed(&source, &author).await;
    // The reason of a failure is recorded on the source and listed with it.
    let flash = if report.error.is_some() {
        Flash::PollFailed
    } else {
        Flash::Polled { created: count(report.created), updated: count(report.updated), deleted: count(report.deleted) }
    };
    Ok(redirect_with(&state, &flash, Section::Feeds))
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::mapping_from;

    fn form(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
    }

    #[test]
    fn the_mapping_form_reads_defaults_and_one_rule_per_filled_row() {
        let m = mapping_from(&form(&[
            ("kind", "policy"),
            ("sdgs", "11, 13"),
            ("themes", "e-government, smart-city"),
            ("category_0", " Mobility "),
            ("sdgs_0", "11 9"),
            ("kind_0", "case_study"),
            ("category_1", ""),
            ("sdgs_1", "3"),
        ]))
        .expect("valid");
        assert_eq!((m.kind.as_deref(), m.sdgs.as_slice()), (Some("policy"), &[11, 13][..]));
        assert_eq!(m.themes, ["e-government", "smart-city"]);
        assert_eq!(m.rules.len(), 1, "a row without a category is left out");
        let rule = &m.rules["Mobility"];
        assert_eq!((rule.sdgs.as_slice(), rule.kind.as_deref()), (&[11, 9][..], Some("case_study")));
        assert!(mapping_from(&form(&[("category_0", "X"), ("sdgs_0", "eleven")])).is_err(), "goals are numbers");
    }
}
