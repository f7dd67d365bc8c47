//! The search language: the query string of `/search`,
//! `GET /api/v1/practices`, the feeds, the widget, the analytics and a
//! topic's saved search (`sdg=11&country=KR`). Parsed here, once, for all of
//! them, in three steps:
//!
//! 1. [`SearchParams::parse`]: the query string into its parameters as typed
//!    (text; a parameter given twice, or a page size that is no number, is
//!    refused);
//! 2. [`SearchParams::to_search`]: each value parsed into a [`SearchQuery`]
//!    (SDG, country, region, dates, …), with an error naming the parameter;
//! 3. [`SearchQuery::resolve`]: the actors it names looked up among those the
//!    node knows (search never fetches), giving the store's [`PracticeQuery`].
//!
//! [`SearchQuery::render`] writes a query back as a query string in one
//! canonical order; parsing what it writes gives the same query.

use chrono::NaiveDate;
use url::form_urlencoded;

use crate::actor::{Actor, ActorName};
use crate::error::CoreError;
use crate::practice::{LanguageTag, PracticeKind};
use crate::store::{MAX_PAGE_SIZE, Page, PracticeQuery, Store};
use crate::taxonomy::{Country, Region, Sdg, Theme};
use crate::time::Timestamp;

/// Results per search page unless `limit` says otherwise.
pub const DEFAULT_PAGE_SIZE: u32 = 20;

/// A search that cannot run: a bad parameter (the caller's mistake, 400 on
/// the web), or a failure looking up what it names.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("{param}: {message}")]
    Invalid { param: String, message: String },
    #[error(transparent)]
    Core(#[from] CoreError),
}

impl SearchError {
    fn invalid(param: &str, message: impl Into<String>) -> Self {
        Self::Invalid { param: param.to_owned(), message: message.into() }
    }
}

/// The parameters as given, before their values are parsed: what a search
/// form shows again, and what a page title is made of.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct SearchParams {
    pub q: Option<String>,
    pub sdg: Option<String>,
    pub country: Option<String>,
    /// A UN M49 region code or name (`142` or `Asia`).
    pub region: Option<String>,
    pub language: Option<String>,
    pub kind: Option<String>,
    /// Written by this actor: URL, `name@host` or local name.
    pub actor: Option<String>,
    /// Published at or after this date (`YYYY-MM-DD` or RFC 3339).
    pub since: Option<String>,
    /// Published before this date (`YYYY-MM-DD` or RFC 3339).
    pub until: Option<String>,
    /// Published in this year (UTC).
    pub year: Option<String>,
    /// Relayed by this association (or knowledge space): URL, `name@host` or local name.
    pub association: Option<String>,
    pub theme: Option<String>,
    /// `local` (this node's own), `network` (received from others) or
    /// `unpaks` (knowledge-space items, wherever they come from).
    pub source: Option<String>,
    /// Results per page (1 to [`MAX_PAGE_SIZE`]).
    pub limit: Option<u32>,
    /// The paging cursor: results older than this one.
    pub before: Option<i64>,
}

fn non_empty(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

impl SearchParams {
    /// Splits a query string (`sdg=11&country=KR`, with or without the
    /// leading `?`) into its parameters. Unknown parameters are ignored; a
    /// known one given twice is refused.
    pub fn parse(query_string: &str) -> Result<Self, SearchError> {
        let mut p = Self::default();
        let mut limit = None;
        let mut before = None;
        for (key, value) in form_urlencoded::parse(query_string.trim().trim_start_matches('?').as_bytes()) {
            let slot = match key.as_ref() {
                "q" => &mut p.q,
                "sdg" => &mut p.sdg,
                "country" => &mut p.country,
                "region" => &mut p.region,
                "language" => &mut p.language,
                "kind" => &mut p.kind,
                "actor" => &mut p.actor,
                "since" => &mut p.since,
                "until" => &mut p.until,
                "year" => &mut p.year,
                "association" => &mut p.association,
                "theme" => &mut p.theme,
                "source" => &mut p.source,
                "limit" => &mut limit,
                "before" => &mut before,
                _ => continue,
            };
            if slot.is_some() {
                return Err(SearchError::invalid(&key, "is given twice; give it once"));
            }
            *slot = Some(value.into_owned());
        }
        if let Some(l) = limit {
            p.limit = Some(
                l.trim()
                    .parse()
                    .map_err(|_| SearchError::invalid("limit", format!("'{l}' is not a number of results")))?,
            );
        }
        if let Some(b) = before {
            p.before = Some(
                b.trim()
                    .parse()
                    .map_err(|_| SearchError::invalid("before", format!("'{b}' is not a paging cursor")))?,
            );
        }
        Ok(p)
    }

    /// The page asked for: `limit` (default [`DEFAULT_PAGE_SIZE`], at most
    /// [`MAX_PAGE_SIZE`]) results older than `before`.
    pub fn page(&self) -> Page {
        Page { limit: self.limit.unwrap_or(DEFAULT_PAGE_SIZE).clamp(1, MAX_PAGE_SIZE), before: self.before }
    }

    /// Parses each value; the first bad one is an error naming it.
    pub fn to_search(&self) -> Result<SearchQuery, SearchError> {
        let bad = |param: &str, e: CoreError| SearchError::invalid(param, e.to_string());
        let mut q = SearchQuery { text: non_empty(&self.q).map(str::to_owned), ..Default::default() };
        if let Some(s) = non_empty(&self.sdg) {
            let n: i64 = s
                .trim_start_matches(['S', 's', 'D', 'd', 'G', 'g'])
                .parse()
                .map_err(|_| SearchError::invalid("sdg", format!("'{s}' is not a goal number 1 to 17")))?;
            q.sdg = Some(Sdg::new(n).map_err(|e| bad("sdg", e))?);
        }
        if let Some(c) = non_empty(&self.country) {
            q.country = Some(Country::parse(c).map_err(|e| bad("country", e))?);
        }
        if let Some(r) = non_empty(&self.region) {
            q.region = Some(Region::lookup(r).map_err(|e| bad("region", e))?);
        }
        if let Some(l) = non_empty(&self.language) {
            q.language = Some(LanguageTag::parse(l).map_err(|e| bad("language", e))?);
        }
        if let Some(k) = non_empty(&self.kind) {
            q.kind = Some(PracticeKind::parse(k).map_err(|e| bad("kind", e))?);
        }
        q.actor = non_empty(&self.actor).map(str::to_owned);
        q.association = non_empty(&self.association).map(str::to_owned);
        q.source = match non_empty(&self.source) {
            None => None,
            Some("local") => Some(Source::Local),
            Some("network") => Some(Source::Network),
            Some("unpaks") => Some(Source::Unpaks),
            Some(other) => {
                return Err(SearchError::invalid(
                    "source",
                    format!("'{other}' is not a source (expected local, network or unpaks)"),
                ));
            }
        };
        if let Some(t) = non_empty(&self.theme) {
            q.theme = Some(Theme::parse(t).map_err(|e| bad("theme", e))?);
        }
        let date = |param: &str, s: &str| {
            parse_date(s).ok_or_else(|| {
                SearchError::invalid(param, format!("'{s}' is not a date (YYYY-MM-DD) or RFC 3339 time"))
            })
        };
        if let Some(s) = non_empty(&self.since) {
            q.since = Some(date("since", s)?);
        }
        if let Some(s) = non_empty(&self.until) {
            q.until = Some(date("until", s)?);
        }
        if let Some(y) = non_empty(&self.year) {
            let year = y.parse::<i32>().ok().filter(|y| year_bounds(*y).is_some());
            q.year = Some(year.ok_or_else(|| SearchError::invalid("year", format!("'{y}' is not a year")))?);
        }
        Ok(q)
    }
}

/// Where the practices found come from (`source=`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// This node's own.
    Local,
    /// Received from other servers.
    Network,
    /// By knowledge spaces (UN-PAKS items), wherever they come from.
    Unpaks,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Local => "local",
            Self::Network => "network",
            Self::Unpaks => "unpaks",
        }
    }
}

/// A search, its values parsed. The actors it names stay references
/// until [`Self::resolve`]: a saved search outlives what it names.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchQuery {
    /// Words that must all appear.
    pub text: Option<String>,
    pub sdg: Option<Sdg>,
    pub country: Option<Country>,
    pub region: Option<Region>,
    pub language: Option<LanguageTag>,
    pub kind: Option<PracticeKind>,
    /// The author: URL, `name@host` or local name.
    pub actor: Option<String>,
    /// The relaying association or knowledge space, named the same ways.
    pub association: Option<String>,
    pub theme: Option<Theme>,
    pub source: Option<Source>,
    pub since: Option<Timestamp>,
    pub until: Option<Timestamp>,
    /// Published in this year (UTC), within `since` and `until`.
    pub year: Option<i32>,
}

/// Longest saved search (a topic's query), in bytes.
pub const MAX_SAVED_QUERY_BYTES: usize = 1_000;

impl SearchQuery {
    /// Parses a query string (steps 1 and 2 of the module's description).
    pub fn parse(query_string: &str) -> Result<Self, SearchError> {
        SearchParams::parse(query_string)?.to_search()
    }

    /// Parses a saved search (a topic's): a search, not a page of one, and
    /// not everything.
    pub fn parse_saved(query_string: &str) -> Result<Self, SearchError> {
        let text = query_string.trim().trim_start_matches('?');
        if text.is_empty() {
            return Err(SearchError::invalid("query", "is empty: a topic of everything is the node's own feed"));
        }
        if text.len() > MAX_SAVED_QUERY_BYTES {
            return Err(SearchError::invalid("query", format!("is longer than {MAX_SAVED_QUERY_BYTES} bytes")));
        }
        let params = SearchParams::parse(text)?;
        if params.before.is_some() || params.limit.is_some() {
            return Err(SearchError::invalid("query", "a topic is a search, not a page of one"));
        }
        let query = params.to_search()?;
        if query == Self::default() {
            return Err(SearchError::invalid(
                "query",
                format!("'{text}' names no search parameter (for example sdg=11&country=KR)"),
            ));
        }
        Ok(query)
    }

    /// The query string of this search, parameters in a fixed order.
    pub fn render(&self) -> String {
        let mut out = form_urlencoded::Serializer::new(String::new());
        let mut add = |key: &str, value: Option<String>| {
            if let Some(v) = value {
                out.append_pair(key, &v);
            }
        };
        add("q", self.text.clone());
        add("sdg", self.sdg.map(|s| s.number().to_string()));
        add("country", self.country.as_ref().map(|c| c.code().to_owned()));
        add("region", self.region.as_ref().map(|r| r.code.clone()));
        add("language", self.language.as_ref().map(ToString::to_string));
        add("kind", self.kind.map(|k| k.as_str().to_owned()));
        add("actor", self.actor.clone());
        add("association", self.association.clone());
        add("theme", self.theme.as_ref().map(|t| t.slug().to_owned()));
        add("source", self.source.map(|s| s.as_str().to_owned()));
        add("since", self.since.map(render_date));
        add("until", self.until.map(render_date));
        add("year", self.year.map(|y| y.to_string()));
        out.finish()
    }

    /// The store's query: the actors named looked up among those this node
    /// knows (an unknown one is a bad parameter), a region expanded to its
    /// countries (within `country` when both are given), a year narrowed
    /// into `since` and `until`.
    pub async fn resolve(&self, store: &dyn Store) -> Result<PracticeQuery, SearchError> {
        let mut q = PracticeQuery {
            text: self.text.clone(),
            sdg: self.sdg,
            language: self.language.as_ref().map(ToString::to_string),
            kind: self.kind,
            theme: self.theme.clone(),
            since: self.since,
            until: self.until,
            ..Default::default()
        };
        let mut countries = self.country.clone().map(|c| vec![c]);
        if let Some(region) = &self.region {
            let in_region = region.countries();
            countries = Some(match countries {
                Some(cs) => cs.into_iter().filter(|c| in_region.contains(c)).collect(),
                None => in_region,
            });
        }
        q.countries = countries;
        if let Some(a) = &self.actor {
            q.author = Some(known_actor(store, a, "actor").await?.id);
        }
        if let Some(a) = &self.association {
            q.relayed_by = Some(known_actor(store, a, "association").await?.id);
        }
        match self.source {
            None => {}
            Some(Source::Local) => q.local_only = true,
            Some(Source::Network) => q.remote_only = true,
            Some(Source::Unpaks) => q.knowledge_space_only = true,
        }
        if let Some((from, to)) = self.year.and_then(year_bounds) {
            q.since = Some(q.since.map_or(from, |s| s.max(from)));
            q.until = Some(q.until.map_or(to, |u| u.min(to)));
        }
        Ok(q)
    }
}

/// The first instant of `year` and of the next, for plausible years.
fn year_bounds(year: i32) -> Option<(Timestamp, Timestamp)> {
    if !(1900..=9998).contains(&year) {
        return None;
    }
    let start = |year: i32| {
        NaiveDate::from_ymd_opt(year, 1, 1)
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .map(|d| Timestamp::from_datetime(d.and_utc()))
    };
    Some((start(year)?, start(year + 1)?))
}

/// `YYYY-MM-DD` (midnight UTC) or an RFC 3339 time.
fn parse_date(s: &str) -> Option<Timestamp> {
    if let Ok(d) = chrono::DateTime::parse_from_rfc3339(s) {
        return Some(Timestamp::from_datetime(d.to_utc()));
    }
    let d = NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()?;
    Some(Timestamp::from_datetime(d.and_hms_opt(0, 0, 0)?.and_utc()))
}

/// A date when the time is midnight UTC, an RFC 3339 time otherwise.
fn render_date(t: Timestamp) -> String {
    let dt = t.to_datetime();
    if dt.time() == chrono::NaiveTime::MIN { dt.format("%Y-%m-%d").to_string() } else { t.to_rfc3339() }
}

/// An actor named by URL, `name@host` or local name — only among actors
/// this node already knows.
async fn known_actor(store: &dyn Store, reference: &str, param: &str) -> Result<Actor, SearchError> {
    let not_found = || SearchError::invalid(param, format!("'{reference}' is not an actor this node knows"));
    if let Ok(url) = url::Url::parse(reference) {
        return store.actor_by_url(&url).await?.ok_or_else(not_found);
    }
    let name = reference.split('@').next().unwrap_or(reference);
    let local = match ActorName::parse(name) {
        Ok(n) => store.local_actor_by_name(&n).await?,
        Err(_) => None,
    };
    local.filter(|a| !reference.contains('@') || a.handle() == reference).ok_or_else(not_found)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn invalid_param(r: Result<impl std::fmt::Debug, SearchError>) -> String {
        match r {
            Err(SearchError::Invalid { param, .. }) => param,
            other => panic!("expected a bad parameter, got {other:?}"),
        }
    }

    #[test]
    fn a_query_string_parses_into_typed_values() {
        let q = SearchQuery::parse("?q=bus+lanes&sdg=SDG11&country=kr&region=Asia&language=pt-br&kind=policy&since=2024-01-01&year=2024&source=network&theme=Climate Action&unknown=x")
            .expect("parse");
        assert_eq!(q.text.as_deref(), Some("bus lanes"));
        assert_eq!(q.sdg.map(Sdg::number), Some(11));
        assert_eq!(q.country.as_ref().map(Country::code), Some("KR"));
        assert_eq!(q.region.as_ref().map(|r| r.code.as_str()), Some("142"));
        assert_eq!(q.language.as_ref().map(ToString::to_string).as_deref(), Some("pt-BR"));
        assert_eq!(q.kind, Some(PracticeKind::Policy));
        assert_eq!(q.source, Some(Source::Network));
        assert_eq!(q.theme.as_ref().map(Theme::slug), Some("climate-action"));
        assert_eq!(q.year, Some(2024));
        assert_eq!(q.since.map(render_date).as_deref(), Some("2024-01-01"));
    }

    #[test]
    fn each_bad_parameter_is_named() {
        for (qs, param) in [
            ("sdg=99", "sdg"),
            ("sdg=eleven", "sdg"),
            ("country=Narnia", "country"),
            ("region=Atlantis", "region"),
            ("language=english!", "language"),
            ("kind=rumour", "kind"),
            ("source=moon", "source"),
            ("since=yesterday", "since"),
            ("until=2024-13-01", "until"),
            ("year=12", "year"),
            ("limit=many", "limit"),
            ("before=x", "before"),
            ("sdg=6&sdg=11", "sdg"),
        ] {
            assert_eq!(invalid_param(SearchParams::parse(qs).and_then(|p| p.to_search())), param, "{qs}");
        }
        let Err(e) = SearchQuery::parse("sdg=99") else { panic!("sdg=99 parsed") };
        assert!(e.to_string().starts_with("sdg: "), "{e}");
    }

    #[test]
    fn empty_values_mean_no_filter_and_the_page_is_clamped() {
        let p = SearchParams::parse("q=&sdg=+&limit=100000&before=42").expect("parse");
        assert_eq!(p.to_search().expect("search"), SearchQuery::default());
        assert_eq!(p.page(), Page { limit: MAX_PAGE_SIZE, before: Some(42) });
        assert_eq!(SearchParams::default().page().limit, DEFAULT_PAGE_SIZE);
    }

    #[test]
    fn a_rendered_query_parses_back_to_the_same_query() {
        for qs in [
            "sdg=11&country=KR",
            "q=%C3%A9cole+%26+bus&region=Africa&kind=case_study&actor=seoul%40city.example",
            "since=2024-02-03T04:05:06Z&until=2025-01-01&year=2024&source=unpaks&association=uclg&language=ko",
        ] {
            let q = SearchQuery::parse(qs).expect("parse");
            let rendered = q.render();
            assert_eq!(SearchQuery::parse(&rendered).expect("reparse"), q, "{qs} → {rendered}");
        }
        assert_eq!(SearchQuery::parse("country=kr&sdg=11").expect("parse").render(), "sdg=11&country=KR");
    }

    #[test]
    fn a_saved_search_is_a_search_not_a_page_or_everything() {
        assert!(SearchQuery::parse_saved("?sdg=11&country=KR").is_ok());
        for qs in ["", "?", "sdg=11&limit=5", "before=3&sdg=1", "unknown=1"] {
            assert_eq!(invalid_param(SearchQuery::parse_saved(qs)), "query", "{qs}");
        }
        assert_eq!(invalid_param(SearchQuery::parse_saved(&format!("q={}", "a".repeat(2000)))), "query");
        assert_eq!(invalid_param(SearchQuery::parse_saved("sdg=99")), "sdg");
    }
}
