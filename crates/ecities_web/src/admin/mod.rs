//! `/admin`: the workspace of municipal editors, association moderators,
//! curators and the node operator. Server-rendered, one page per task,
//! working without JavaScript; the navigation shows the pages the user's role
//! opens. Every form carries the session's CSRF token; after an action the
//! browser is sent back to the task's page, which shows what happened once
//! (a [`Flash`]); a mistake re-renders the page with the error as an alert.
//!
//! - `mod.rs`: sections, navigation, flash messages, the dashboard;
//! - `session.rs`: sign-in and sign-out;
//! - `practices.rs`: the list, writing, editing and previewing practices;
//! - `review.rs`: an association's review queue and moderation mode;
//! - `replies.rs`: the conversations under the actor's practices;
//! - `members.rs`: an association's member cities (invite, remove);
//! - `curation.rs`: a knowledge space's featured practices;
//! - `topics.rs`: the actor's topics (saved searches people follow);
//! - `feeds.rs`: portal feeds; `deliveries.rs`: deliveries and follows;
//! - `settings.rs`: API tokens, users, the node's profile and domain rules.

mod curation;
mod deliveries;
mod feeds;
mod members;
mod practices;
mod replies;
mod review;
mod session;
mod settings;
mod topics;

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, get};
use ecities_core::access::Permission;
use ecities_core::actor::ActorKind;
use ecities_core::hub::SubmissionState;
use ecities_core::store::{DeliveryState, Page, PracticeQuery};
use ecities_core::usecases::review as review_uc;
use fluent_bundle::FluentArgs;
use minijinja::context;
use serde::Deserialize;

use crate::AppState;
use crate::auth::{self, Editor};
use crate::error::ApiResult;
use crate::i18n;
use crate::pages::render;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(Section::Dashboard.path(), page_route(Section::Dashboard))
        .merge(session::routes())
        .merge(practices::routes())
        .merge(review::routes())
        .merge(replies::routes())
        .merge(members::routes())
        .merge(curation::routes())
        .merge(topics::routes())
        .merge(feeds::routes())
        .merge(deliveries::routes())
        .merge(settings::routes())
}

/// One task of the admin: a page of its own and an entry in the navigation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Section {
    Dashboard,
    Practices,
    Write,
    Review,
    Replies,
    Members,
    Curation,
    Topics,
    Feeds,
    Deliveries,
    Follows,
    Tokens,
    Users,
    Settings,
}

impl Section {
    /// In the order of the navigation.
    pub(crate) const ALL: [Section; 14] = [
        Self::Dashboard,
        Self::Practices,
        Self::Write,
        Self::Review,
        Self::Replies,
        Self::Members,
        Self::Curation,
        Self::Topics,
        Self::Feeds,
        Self::Deliveries,
        Self::Follows,
        Self::Tokens,
        Self::Users,
        Self::Settings,
    ];

    pub(crate) fn path(self) -> &'static str {
        match self {
            Self::Dashboard => "/admin",
            Self::Practices => "/admin/practices",
            Self::Write => "/admin/practices/new",
            Self::Review => "/admin/review",
            Self::Replies => "/admin/replies",
            Self::Members => "/admin/members",
            Self::Curation => "/admin/curation",
            Self::Topics => "/admin/topics",
            Self::Feeds => "/admin/feeds",
            Self::Deliveries => "/admin/deliveries",
            Self::Follows => "/admin/follows",
            Self::Tokens => "/admin/tokens",
            Self::Users => "/admin/users",
            Self::Settings => "/admin/settings",
        }
    }

    /// The key of its name in the navigation (locales/*.ftl).
    pub(crate) fn label(self) -> &'static str {
        match self {
            Self::Dashboard => "admin-nav-dashboard",
            Self::Practices => "admin-nav-practices",
            Self::Write => "admin-nav-write",
            Self::Review => "admin-nav-review",
            Self::Replies => "admin-nav-replies",
            Self::Members => "admin-nav-members",
            Self::Curation => "admin-nav-curation",
            Self::Topics => "admin-nav-topics",
            Self::Feeds => "admin-nav-feeds",
            Self::Deliveries => "admin-nav-deliveries",
            Self::Follows => "admin-nav-follows",
            Self::Tokens => "admin-nav-tokens",
            Self::Users => "admin-nav-users",
            Self::Settings => "admin-nav-settings",
        }
    }

    /// Whether the signed-in user's role opens this page (the use cases
    /// check again: hiding a link is a courtesy, not the rule).
    pub(crate) fn open_to(self, editor: &Editor) -> bool {
        let who = editor.who();
        let actor = editor.actor.as_ref();
        let can = |p: fn(ecities_core::actor::ActorId) -> Permission| actor.is_some_and(|a| who.allows(p(a.id)));
        match self {
            Self::Dashboard => true,
            Self::Practices | Self::Deliveries | Self::Follows => can(Permission::View),
            Self::Write | Self::Feeds => can(Permission::Write),
            // The operator sees and revokes every token of the node.
            Self::Tokens => can(Permission::Write) || who.allows(Permission::NodeSettings),
            Self::Review => actor.is_some_and(|a| a.kind == ActorKind::Association) && can(Permission::Review),
            // Whoever moderates the actor's conversations: its editors and moderators.
            Self::Replies => can(Permission::Review) || can(Permission::Write),
            // Everyone of the association sees its members; editors invite and remove.
            Self::Members => actor.is_some_and(|a| a.kind == ActorKind::Association) && can(Permission::View),
            Self::Curation => actor.is_some_and(|a| a.kind == ActorKind::KnowledgeSpace) && can(Permission::Write),
            Self::Topics => can(Permission::Write),
            Self::Users | Self::Settings => who.allows(Permission::NodeSettings),
        }
    }
}

/// What every admin page shows besides its own content: a confirmation or
/// an error of the last action.
#[derive(Default, Clone, Copy)]
pub(crate) struct View<'a> {
    pub(crate) notice: Option<&'a str>,
    /// A failed action, announced as an alert.
    pub(crate) error: Option<&'a str>,
}

/// Renders an admin page: `template` (which extends `admin/layout.html`)
/// with the navigation, the signed-in user, the acting actor and the flash.
pub(crate) fn page(
    status: StatusCode,
    template: &str,
    editor: &Editor,
    section: Section,
    view: View<'_>,
    ctx: minijinja::Value,
) -> Response {
    let who = editor.who();
    let nav: Vec<_> = Section::ALL
        .iter()
        .filter(|s| s.open_to(editor))
        .map(|s| context! { href => s.path(), label => s.label(), current => *s == section })
        .collect();
    let actor = editor.actor.as_ref().map(|a| {
        context! {
            name => a.display_name.clone().unwrap_or_else(|| a.name.clone()),
            kind => a.kind.as_str(),
            handle => a.handle(),
            url => a.url.as_str(),
            country => a.country.as_ref().map(|c| c.code()),
        }
    });
    render(
        status,
        template,
        context! {
            login => editor.user.login,
            role => who.role_name(),
            csrf => editor.csrf,
            actor => actor,
            nav => nav,
            section => section.path(),
            flash => view.notice,
            flash_error => view.error,
            ..ctx
        },
    )
}

/// The page of `section` for a `GET`, with the flash a form action left
/// (then cleared).
pub(crate) async fn show(
    state: &AppState,
    editor: &Editor,
    headers: &HeaderMap,
    section: Section,
) -> ApiResult<Response> {
    let cookie = auth::cookie(headers, FLASH_COOKIE).filter(|c| !c.is_empty());
    let flash = cookie.as_deref().and_then(Flash::decode);
    let message = match &flash {
        Some(f) => f.message(state).await?,
        None => None,
    };
    let failed = flash.as_ref().is_some_and(Flash::is_error);
    let view = View { notice: message.as_deref().filter(|_| !failed), error: message.as_deref().filter(|_| failed) };
    let mut resp = section_page(state, editor, section, StatusCode::OK, view).await?;
    if cookie.is_some()
        && let Ok(v) = auth::set_cookie(state, FLASH_COOKIE, "", 0).parse()
    {
        resp.headers_mut().append(header::SET_COOKIE, v);
    }
    Ok(resp)
}

/// The `GET` route of a section's page: [`show`] for that section.
pub(crate) fn page_route(section: Section) -> MethodRouter<AppState> {
    get(move |State(state): State<AppState>, editor: Editor, headers: HeaderMap| async move {
        show(&state, &editor, &headers, section).await
    })
}

/// The end of a form action: back to `section`'s page with `flash` when it
/// was done, the page again with the mistake when it was not ([`shown`]).
pub(crate) async fn finish<T, E: Into<crate::error::ApiError>>(
    state: &AppState,
    editor: &Editor,
    section: Section,
    result: Result<T, E>,
    flash: Flash,
) -> ApiResult<Response> {
    let result = result.map(|_| redirect_with(state, &flash, section)).map_err(Into::into);
    shown(state, editor, section, result).await
}

/// The page of `section` (403 when the user's role does not open it).
pub(crate) async fn section_page(
    state: &AppState,
    editor: &Editor,
    section: Section,
    status: StatusCode,
    view: View<'_>,
) -> ApiResult<Response> {
    if !section.open_to(editor) {
        return Err(crate::error::ApiError::new(
            StatusCode::FORBIDDEN,
            "forbidden",
            "your role does not open this page of the admin",
        ));
    }
    match section {
        Section::Dashboard => dashboard_page(state, editor, status, view).await,
        Section::Practices => practices::list_page(state, editor, status, view).await,
        Section::Write => practices::write_page(state, editor, status, view, &practices::FormView::default()).await,
        Section::Review => review::page_of(state, editor, status, view).await,
        Section::Replies => replies::page_of(state, editor, status, view).await,
        Section::Members => members::page_of(state, editor, status, view).await,
        Section::Curation => curation::page_of(state, editor, status, view, &curation::Search::default()).await,
        Section::Topics => topics::page_of(state, editor, status, view, &topics::TopicForm::default()).await,
        Section::Feeds => feeds::page_of(state, editor, status, view).await,
        Section::Deliveries => deliveries::page_of(state, editor, status, view).await,
        Section::Follows => deliveries::follows_page(state, editor, status, view).await,
        Section::Tokens => settings::tokens_page(state, editor, status, view).await,
        Section::Users => settings::users_page(state, editor, status, view).await,
        Section::Settings => settings::page_of(state, editor, status, view).await,
    }
}

pub(crate) fn redirect(to: &str) -> Response {
    (StatusCode::SEE_OTHER, [(header::LOCATION, to)]).into_response()
}

/// The cookie that carries a [`Flash`] from a form action to the next
/// admin page (`GET`), which shows it once and clears it.
const FLASH_COOKIE: &str = "ecities_flash";

/// A flash only has to survive the redirect that follows its form: one
/// minute, in seconds, is plenty and keeps a stale one from turning up later.
const FLASH_MAX_AGE_SECS: i64 = 60;

/// What a form action did, shown once on the page it redirects to.
///
/// The cookie holds only a code, a few counts, or a practice key the node
/// made itself (never text someone typed); the next page turns it into a
/// sentence in the reader's language. Changing the cookie by hand shows its
/// owner another of these fixed sentences, nothing more.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Flash {
    Published(String),
    Saved(String),
    Approved,
    Rejected,
    Replayed(u64),
    SourceAdded,
    Polled {
        created: u64,
        updated: u64,
        deleted: u64,
    },
    PollFailed,
    DomainSaved,
    DomainRemoved,
    NodeSaved,
    /// The association's moderation mode: `true` for manual review.
    ModerationSet(bool),
    /// How the actor takes new followers: `true` when an editor approves each.
    FollowApprovalSet(bool),
    FollowAccepted,
    FollowRejected,
    MemberInvited,
    MemberRemoved,
    Featured(String),
    Unfeatured(String),
    TopicCreated,
    TopicDeleted,
    Deleted(String),
    TranslationSaved(String),
    TranslationRemoved(String),
    MappingSaved,
    SourceRemoved,
    TokenRevoked,
    UserCreated,
    UserRemoved,
    RepliesPolicySet,
    QuestionFormSet,
    ReplyApproved,
    /// `true` when the author was blocked as well.
    ReplyRejected(bool),
    AnswerPublished,
    AnswerDeleted,
    MembershipsSaved,
}

impl Flash {
    fn encode(&self) -> String {
        match self {
            Self::Published(key) => format!("published.{key}"),
            Self::Saved(key) => format!("saved.{key}"),
            Self::Approved => "approved".into(),
            Self::Rejected => "rejected".into(),
            Self::Replayed(n) => format!("replayed.{n}"),
            Self::SourceAdded => "source-added".into(),
            Self::Polled { created, updated, deleted } => format!("polled.{created}.{updated}.{deleted}"),
            Self::PollFailed => "poll-failed".into(),
            Self::DomainSaved => "domain-saved".into(),
            Self::DomainRemoved => "domain-removed".into(),
            Self::NodeSaved => "node-saved".into(),
            Self::ModerationSet(manual) => if *manual { "moderation-manual" } else { "moderation-auto" }.into(),
            Self::FollowApprovalSet(manual) => {
                if *manual { "follow-approval-manual" } else { "follow-approval-auto" }.into()
            }
            Self::FollowAccepted => "follow-accepted".into(),
            Self::FollowRejected => "follow-rejected".into(),
            Self::MemberInvited => "member-invited".into(),
            Self::MemberRemoved => "member-removed".into(),
            Self::Featured(key) => format!("featured.{key}"),
            Self::Unfeatured(key) => format!("unfeatured.{key}"),
            Self::TopicCreated => "topic-created".into(),
            Self::TopicDeleted => "topic-deleted".into(),
            Self::Deleted(key) => format!("deleted.{key}"),
            Self::TranslationSaved(key) => format!("translation-saved.{key}"),
            Self::TranslationRemoved(key) => format!("translation-removed.{key}"),
            Self::MappingSaved => "mapping-saved".into(),
            Self::SourceRemoved => "source-removed".into(),
            Self::TokenRevoked => "token-revoked".into(),
            Self::UserCreated => "user-created".into(),
            Self::UserRemoved => "user-removed".into(),
            Self::RepliesPolicySet => "replies-policy".into(),
            Self::QuestionFormSet => "question-form".into(),
            Self::ReplyApproved => "reply-approved".into(),
            Self::ReplyRejected(false) => "reply-rejected".into(),
            Self::ReplyRejected(true) => "reply-blocked".into(),
            Self::AnswerPublished => "answer-published".into(),
            Self::AnswerDeleted => "answer-deleted".into(),
            Self::MembershipsSaved => "memberships-saved".into(),
        }
    }

    fn decode(value: &str) -> Option<Self> {
        let mut parts = value.split('.');
        let code = parts.next()?;
        let rest: Vec<&str> = parts.collect();
        let key = |rest: &[&str]| match rest {
            [k] if !k.is_empty() && k.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') => {
                Some((*k).to_owned())
            }
            _ => None,
        };
        let counts = |rest: &[&str]| rest.iter().map(|n| n.parse::<u64>().ok()).collect::<Option<Vec<u64>>>();
        Some(match (code, rest.as_slice()) {
            ("published", r) => Self::Published(key(r)?),
            ("saved", r) => Self::Saved(key(r)?),
            ("approved", []) => Self::Approved,
            ("rejected", []) => Self::Rejected,
            ("replayed", r) => match counts(r)?.as_slice() {
                [n] => Self::Replayed(*n),
                _ => return None,
            },
            ("source-added", []) => Self::SourceAdded,
            ("polled", r) => match counts(r)?.as_slice() {
                [created, updated, deleted] => Self::Polled { created: *created, updated: *updated, deleted: *deleted },
                _ => return None,
            },
            ("poll-failed", []) => Self::PollFailed,
            ("domain-saved", []) => Self::DomainSaved,
            ("domain-removed", []) => Self::DomainRemoved,
            ("node-saved", []) => Self::NodeSaved,
            ("moderation-manual", []) => Self::ModerationSet(true),
            ("follow-approval-manual", []) => Self::FollowApprovalSet(true),
            ("follow-approval-auto", []) => Self::FollowApprovalSet(false),
            ("follow-accepted", []) => Self::FollowAccepted,
            ("follow-rejected", []) => Self::FollowRejected,
            ("moderation-auto", []) => Self::ModerationSet(false),
            ("member-invited", []) => Self::MemberInvited,
            ("member-removed", []) => Self::MemberRemoved,
            ("featured", r) => Self::Featured(key(r)?),
            ("unfeatured", r) => Self::Unfeatured(key(r)?),
            ("topic-created", []) => Self::TopicCreated,
            ("topic-deleted", []) => Self::TopicDeleted,
            ("deleted", r) => Self::Deleted(key(r)?),
            ("translation-saved", r) => Self::TranslationSaved(key(r)?),
            ("translation-removed", r) => Self::TranslationRemoved(key(r)?),
            ("mapping-saved", []) => Self::MappingSaved,
            ("source-removed", []) => Self::SourceRemoved,
            ("token-revoked", []) => Self::TokenRevoked,
            ("user-created", []) => Self::UserCreated,
            ("user-removed", []) => Self::UserRemoved,
            ("replies-policy", []) => Self::RepliesPolicySet,
            ("question-form", []) => Self::QuestionFormSet,
            ("reply-approved", []) => Self::ReplyApproved,
            ("reply-rejected", []) => Self::ReplyRejected(false),
            ("reply-blocked", []) => Self::ReplyRejected(true),
            ("answer-published", []) => Self::AnswerPublished,
            ("answer-deleted", []) => Self::AnswerDeleted,
            ("memberships-saved", []) => Self::MembershipsSaved,
            _ => return None,
        })
    }

    /// Failures are announced as alerts, the rest as status messages.
    fn is_error(&self) -> bool {
        matches!(self, Self::PollFailed)
    }

    /// The sentence in the reader's language (`None` when the practice it
    /// names is gone).
    async fn message(&self, state: &AppState) -> ApiResult<Option<String>> {
        let lang = i18n::current();
        let mut args = FluentArgs::new();
        let key = match self {
            Self::Published(k)
            | Self::Saved(k)
            | Self::Featured(k)
            | Self::Unfeatured(k)
            | Self::Deleted(k)
            | Self::TranslationSaved(k)
            | Self::TranslationRemoved(k) => {
                let Some(p) = state.store.practice_by_key(k).await? else { return Ok(None) };
                args.set("title", p.title);
                match self {
                    Self::Published(_) => "flash-published",
                    Self::Saved(_) => "flash-saved",
                    Self::Featured(_) => "admin-flash-featured",
                    Self::Unfeatured(_) => "admin-flash-unfeatured",
                    Self::Deleted(_) => "admin-flash-deleted",
                    Self::TranslationSaved(_) => "admin-flash-translation-saved",
                    _ => "admin-flash-translation-removed",
                }
            }
            Self::Approved => "flash-approved",
            Self::Rejected => "flash-rejected",
            Self::Replayed(n) => {
                args.set("count", *n);
                "flash-replayed"
            }
            Self::SourceAdded => "flash-source-added",
            Self::Polled { created, updated, deleted } => {
                args.set("created", *created);
                args.set("updated", *updated);
                args.set("deleted", *deleted);
                "flash-polled"
            }
            Self::PollFailed => "flash-poll-failed",
            Self::DomainSaved => "flash-domain-saved",
            Self::DomainRemoved => "flash-domain-removed",
            Self::NodeSaved => "flash-node-saved",
            Self::ModerationSet(true) => "admin-flash-moderation-manual",
            Self::FollowApprovalSet(true) => "admin-flash-follow-approval-manual",
            Self::FollowApprovalSet(false) => "admin-flash-follow-approval-auto",
            Self::FollowAccepted => "admin-flash-follow-accepted",
            Self::FollowRejected => "admin-flash-follow-rejected",
            Self::ModerationSet(false) => "admin-flash-moderation-auto",
            Self::MemberInvited => "admin-flash-member-invited",
            Self::MemberRemoved => "admin-flash-member-removed",
            Self::TopicCreated => "admin-flash-topic-created",
            Self::TopicDeleted => "admin-flash-topic-deleted",
            Self::MappingSaved => "admin-flash-mapping-saved",
            Self::SourceRemoved => "admin-flash-source-removed",
            Self::TokenRevoked => "admin-flash-token-revoked",
            Self::UserCreated => "admin-flash-user-created",
            Self::UserRemoved => "admin-flash-user-removed",
            Self::RepliesPolicySet => "admin-flash-replies-policy",
            Self::QuestionFormSet => "admin-flash-question-form",
            Self::ReplyApproved => "admin-flash-reply-approved",
            Self::ReplyRejected(false) => "admin-flash-reply-rejected",
            Self::ReplyRejected(true) => "admin-flash-reply-blocked",
            Self::AnswerPublished => "admin-flash-answer-published",
            Self::AnswerDeleted => "admin-flash-answer-deleted",
            Self::MembershipsSaved => "admin-flash-memberships-saved",
        };
        Ok(Some(i18n::text_with(lang, key, Some(&args))))
    }
}

/// Back to the page of `section`, which shows `flash` once.
pub(crate) fn redirect_with(state: &AppState, flash: &Flash, section: Section) -> Response {
    redirect_to_with(state, flash, section.path())
}

/// To `path`, a page of the admin that shows the flash with [`Flashed`].
pub(crate) fn redirect_to_with(state: &AppState, flash: &Flash, path: &str) -> Response {
    let mut resp = redirect(path);
    if let Ok(v) = auth::set_cookie(state, FLASH_COOKIE, &flash.encode(), FLASH_MAX_AGE_SECS).parse() {
        resp.headers_mut().append(header::SET_COOKIE, v);
    }
    resp
}

/// The flash a form action left for a page that is not a section of its
/// own (a practice's translations): [`Flashed::view`] to show it,
/// [`Flashed::clear`] on the answer.
pub(crate) struct Flashed {
    message: Option<String>,
    failed: bool,
    present: bool,
}

impl Flashed {
    pub(crate) async fn take(state: &AppState, headers: &HeaderMap) -> ApiResult<Self> {
        let cookie = auth::cookie(headers, FLASH_COOKIE).filter(|c| !c.is_empty());
        let flash = cookie.as_deref().and_then(Flash::decode);
        let message = match &flash {
            Some(f) => f.message(state).await?,
            None => None,
        };
        Ok(Self { message, failed: flash.as_ref().is_some_and(Flash::is_error), present: cookie.is_some() })
    }

    pub(crate) fn view(&self) -> View<'_> {
        let m = self.message.as_deref();
        View { notice: m.filter(|_| !self.failed), error: m.filter(|_| self.failed) }
    }

    pub(crate) fn clear(&self, state: &AppState, mut resp: Response) -> Response {
        if self.present
            && let Ok(v) = auth::set_cookie(state, FLASH_COOKIE, "", 0).parse()
        {
            resp.headers_mut().append(header::SET_COOKIE, v);
        }
        resp
    }
}

/// A form's mistake (bad input, something gone or in the way) is shown on
/// the page of `section` as an alert with the error's status; refusals
/// (CSRF, roles) and failures keep their JSON answer.
pub(crate) async fn shown(
    state: &AppState,
    editor: &Editor,
    section: Section,
    result: ApiResult<Response>,
) -> ApiResult<Response> {
    match result {
        Err(e) if matches!(e.status.as_u16(), 400 | 404 | 409 | 422) => {
            let mut args = FluentArgs::new();
            args.set("reason", reason_of(&e));
            let message = i18n::text_with(i18n::current(), "flash-error", Some(&args));
            let v = View { error: Some(&message), ..View::default() };
            section_page(state, editor, section, e.status, v).await
        }
        other => other,
    }
}

/// What was wrong, with the fields named (shown after "Not done:").
pub(crate) fn reason_of(e: &crate::error::ApiError) -> String {
    let mut reason = e.message.clone();
    for f in &e.fields {
        reason.push_str(&format!("; {f}"));
    }
    reason
}

/// A form that carries only its CSRF token (and, to reject, a reason).
#[derive(Deserialize)]
pub(crate) struct CsrfForm {
    pub(crate) csrf: Option<String>,
    pub(crate) reason: Option<String>,
}

async fn dashboard_page(state: &AppState, editor: &Editor, status: StatusCode, view: View<'_>) -> ApiResult<Response> {
    let who = editor.who();
    let Some(a) = editor.actor.as_ref() else {
        // The node operator acts for no actor: node-wide figures.
        let users = ecities_core::usecases::access::users(state.store.as_ref(), who).await?.len();
        let rules = ecities_core::usecases::node::domain_rules(state.store.as_ref(), who).await?.len();
        return Ok(page(
            status,
            "admin/dashboard.html",
            editor,
            Section::Dashboard,
            view,
            context! { users => users, domain_rules => rules },
        ));
    };
    let pending = if Section::Review.open_to(editor) {
        let rows =
            review_uc::submissions(state.ports(), who, a, Some(SubmissionState::Pending), Page::first(100)).await?;
        Some(rows.len())
    } else {
        None
    };
    let failed = state.store.deliveries(Some(a.id), Some(DeliveryState::Failed), Page::first(100)).await?.len();
    let feed_errors = if Section::Feeds.open_to(editor) {
        state.store.feed_sources(Some(a.id)).await?.iter().filter(|s| s.last_error.is_some()).count()
    } else {
        0
    };
    let recent: Vec<_> = state
        .store
        .search_practices(&PracticeQuery { author: Some(a.id), ..Default::default() }, Page::first(5))
        .await?
        .iter()
        .map(|p| context! { url => p.url.as_str(), key => p.key, title => p.title, published => p.published_at.to_rfc3339() })
        .collect();
    Ok(page(
        status,
        "admin/dashboard.html",
        editor,
        Section::Dashboard,
        view,
        context! {
            pending => pending,
            failed => failed,
            feed_errors => feed_errors,
            recent => recent,
            can_write => Section::Write.open_to(editor),
        },
    ))
}

pub(crate) fn count(n: usize) -> u64 {
    u64::try_from(n).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::{Flash, Section};

    #[test]
    fn every_page_of_the_admin_has_a_name_and_a_path_of_its_own_in_every_language() {
        let mut paths = std::collections::BTreeSet::new();
        for s in Section::ALL {
            assert!(paths.insert(s.path()), "{s:?} shares its path");
            for lang in crate::i18n::languages() {
                assert_ne!(crate::i18n::text(lang, s.label()), s.label(), "{lang} has no name for {s:?}");
            }
        }
    }

    #[test]
    fn a_flash_survives_its_cookie_and_anything_else_is_ignored() {
        for f in [
            Flash::Published("a1b2-c3".into()),
            Flash::Approved,
            Flash::Replayed(3),
            Flash::Polled { created: 3, updated: 1, deleted: 0 },
            Flash::PollFailed,
            Flash::NodeSaved,
            Flash::ModerationSet(true),
            Flash::FollowApprovalSet(false),
            Flash::FollowAccepted,
            Flash::ModerationSet(false),
            Flash::Featured("k1".into()),
            Flash::TopicDeleted,
            Flash::Deleted("k1".into()),
            Flash::TranslationRemoved("k1".into()),
            Flash::UserRemoved,
            Flash::ReplyRejected(true),
            Flash::QuestionFormSet,
            Flash::AnswerDeleted,
            Flash::MembershipsSaved,
        ] {
            assert_eq!(Flash::decode(&f.encode()), Some(f));
        }
        for junk in ["", "hello", "published.", "published.<script>", "polled.1.2", "replayed.x", "approved.1"] {
            assert_eq!(Flash::decode(junk), None, "{junk}");
        }
    }
}
