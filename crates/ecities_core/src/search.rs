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
use crate::store::{MAX_PAGE_SIZE, Page, PracticeQuery, SearchOrder, Store};
use crate::taxonomy::{Country, Mdg, Region, Sdg, Theme};
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

/// Most values one parameter may carry (`sdg=1&sdg=2&…`): more is a
/// mistake or an attempt to make the search slow.
pub const MAX_VALUES_PER_PARAM: usize = 50;

/// The parameters as given, before their values are parsed: what a search
/// form shows again, and what a page title is made of. A facet parameter
/// (`sdg`, `mdg`, `country`, `region`, `language`, `kind`, `actor`,
/// `association`, `theme`, `year`, `period`) may repeat: its values are alternatives (`sdg=6&sdg=11`,
/// either goal), different parameters must all hold.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct SearchParams {
    pub q: Option<String>,
    pub sdg: Vec<String>,
    /// Millennium Development Goals, 1 to 8.
    pub mdg: Vec<String>,
    pub country: Vec<String>,
    /// UN M49 region codes or names (`142` or `Asia`).
    pub region: Vec<String>,
    pub language: Vec<String>,
    pub kind: Vec<String>,
    /// Written by one of these actors: URL, `name@host` or local name.
    pub actor: Vec<String>,
    /// Published at or after this date (`YYYY-MM-DD` or RFC 3339).
    pub since: Option<String>,
    /// Published before this date (`YYYY-MM-DD` or RFC 3339).
    pub until: Option<String>,
    /// Published in one of these years (UTC).
    pub year: Vec<String>,
    /// The practice ran in one of these years (its period).
    pub period: Vec<String>,
    /// Relayed by one of these associations (or knowledge spaces): URL,
    /// `name@host` or local name.
    pub association: Vec<String>,
    pub theme: Vec<String>,
    /// `local` (this node's own), `network` (received from others) or
    /// `unpaks` (knowledge-space items, wherever they come from).
    pub source: Option<String>,
    /// `relevance` or `newest`.
    pub sort: Option<String>,
    /// Results per page (1 to [`MAX_PAGE_SIZE`]).
    pub limit: Option<u32>,
    /// The paging cursor, as the previous page's `next` link gives it.
    pub before: Option<i64>,
}

fn non_empty(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// The parameters that may repeat, in canonical order.
pub const FACET_PARAMS: [&str; 11] =
    ["sdg", "mdg", "country", "region", "language", "kind", "actor", "association", "theme", "year", "period"];

impl SearchParams {
    /// Splits a query string (`sdg=11&country=KR`, with or without the
    /// leading `?`) into its parameters. Unknown parameters are ignored; a
    /// facet parameter may repeat (empty values are dropped), any other
    /// known one given twice is refused.
    pub fn parse(query_string: &str) -> Result<Self, SearchError> {
        let mut p = Self::default();
        let mut limit = None;
        let mut before = None;
        for (key, value) in form_urlencoded::parse(query_string.trim().trim_start_matches('?').as_bytes()) {
            if let Some(values) = p.values_mut(&key) {
                let value = value.trim();
                if value.is_empty() {
                    continue;
                }
                if values.len() == MAX_VALUES_PER_PARAM {
                    return Err(SearchError::invalid(&key, format!("has more than {MAX_VALUES_PER_PARAM} values")));
                }
                values.push(value.to_owned());
                continue;
            }
            let slot = match key.as_ref() {
                "q" => &mut p.q,
                "since" => &mut p.since,
                "until" => &mut p.until,
                "source" => &mut p.source,
                "sort" => &mut p.sort,
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

    /// The values of a facet parameter (`None` for any other name).
    pub fn values(&self, param: &str) -> Option<&[String]> {
        Some(match param {
            "sdg" => &self.sdg,
            "mdg" => &self.mdg,
            "country" => &self.country,
            "region" => &self.region,
            "language" => &self.language,
            "kind" => &self.kind,
            "actor" => &self.actor,
            "association" => &self.association,
            "theme" => &self.theme,
            "year" => &self.year,
            "period" => &self.period,
            _ => return None,
        })
    }

    fn values_mut(&mut self, param: &str) -> Option<&mut Vec<String>> {
        Some(match param {
            "sdg" => &mut self.sdg,
            "mdg" => &mut self.mdg,
            "country" => &mut self.country,
            "region" => &mut self.region,
            "language" => &mut self.language,
            "kind" => &mut self.kind,
            "actor" => &mut self.actor,
            "association" => &mut self.association,
            "theme" => &mut self.theme,
            "year" => &mut self.year,
            "period" => &mut self.period,
            _ => return None,
        })
    }

    /// The page asked for: `limit` (default [`DEFAULT_PAGE_SIZE`], at most
    /// [`MAX_PAGE_SIZE`]) results after the cursor `before`.
    pub fn page(&self) -> Page {
        Page { limit: self.limit.unwrap_or(DEFAULT_PAGE_SIZE).clamp(1, MAX_PAGE_SIZE), before: self.before }
    }

    /// Parses each value; the first bad one is an error naming it. The
    /// values of a facet come out sorted and without repeats.
    pub fn to_search(&self) -> Result<SearchQuery, SearchError> {
        let bad = |param: &str, e: CoreError| SearchError::invalid(param, e.to_string());
        let mut q = SearchQuery { text: non_empty(&self.q).map(str::to_owned), ..Default::default() };
        for s in &self.sdg {
            let n: i64 = s
                .trim_start_matches(['S', 's', 'D', 'd', 'G', 'g'])
                .parse()
                .map_err(|_| SearchError::invalid("sdg", format!("'{s}' is not a goal number 1 to 17")))?;
            q.sdgs.push(Sdg::new(n).map_err(|e| bad("sdg", e))?);
        }
        for m in &self.mdg {
            let n: i64 = m
                .trim_start_matches(['M', 'm', 'D', 'd', 'G', 'g'])
                .parse()
                .map_err(|_| SearchError::invalid("mdg", format!("'{m}' is not a goal number 1 to 8")))?;
            q.mdgs.push(Mdg::new(n).map_err(|e| bad("mdg", e))?);
        }
        for c in &self.country {
            q.countries.push(Country::parse(c).map_err(|e| bad("country", e))?);
        }
        for r in &self.region {
            q.regions.push(Region::lookup(r).map_err(|e| bad("region", e))?);
        }
        for l in &self.language {
            q.languages.push(LanguageTag::parse(l).map_err(|e| bad("language", e))?);
        }
        for k in &self.kind {
            q.kinds.push(PracticeKind::parse(k).map_err(|e| bad("kind", e))?);
        }
        q.actors = self.actor.clone();
        q.associations = self.association.clone();
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
        q.sort = match non_empty(&self.sort) {
            None => None,
            Some("relevance") => Some(Sort::Relevance),
            Some("newest") => Some(Sort::Newest),
            Some(other) => {
                return Err(SearchError::invalid("sort", format!("'{other}' is not an order (relevance or newest)")));
            }
        };
        for t in &self.theme {
            q.themes.push(Theme::parse(t).map_err(|e| bad("theme", e))?);
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
        for y in &self.year {
            let year = y.parse::<i32>().ok().filter(|y| year_bounds(*y).is_some());
            q.years.push(year.ok_or_else(|| SearchError::invalid("year", format!("'{y}' is not a year")))?);
        }
        for y in &self.period {
            let year = y.parse::<i32>().ok().filter(|y| year_bounds(*y).is_some());
            q.period_years.push(year.ok_or_else(|| SearchError::invalid("period", format!("'{y}' is not a year")))?);
        }
        q.normalise();
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

/// The order of results (`sort=`). Without one, a search with words is
/// ordered by relevance, any other newest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sort {
    /// Best match first, as the database's full-text ranking scores it
    /// (BM25 on SQLite, `ts_rank` on PostgreSQL), a title match above a
    /// match in the text.
    Relevance,
    /// Newest first.
    Newest,
}

impl Sort {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Relevance => "relevance",
            Self::Newest => "newest",
        }
    }
}

/// A search, its values parsed. The actors it names stay references
/// until [`Self::resolve`]: a saved search outlives what it names. Values
/// within one facet are alternatives (any of them), facets must all hold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchQuery {
    /// Words that must all appear.
    pub text: Option<String>,
    pub sdgs: Vec<Sdg>,
    pub mdgs: Vec<Mdg>,
    pub countries: Vec<Country>,
    pub regions: Vec<Region>,
    pub languages: Vec<LanguageTag>,
    pub kinds: Vec<PracticeKind>,
    /// Authors: URL, `name@host` or local name.
    pub actors: Vec<String>,
    /// Relaying associations or knowledge spaces, named the same ways.
    pub associations: Vec<String>,
    pub themes: Vec<Theme>,
    pub source: Option<Source>,
    pub since: Option<Timestamp>,
    pub until: Option<Timestamp>,
    /// Published in one of these years (UTC), within `since` and `until`.
    pub years: Vec<i32>,
    /// Ran in one of these years (the practice's period).
    pub period_years: Vec<i32>,
    /// `None`: relevance when there are words, else newest first.
    pub sort: Option<Sort>,
}

/// Longest saved search (a topic's query), in bytes.
pub const MAX_SAVED_QUERY_BYTES: usize = 1_000;

fn sorted_unique<T, K: Ord>(v: &mut Vec<T>, key: impl Fn(&T) -> K) {
    v.sort_by_key(|x| key(x));
    v.dedup_by(|a, b| key(a) == key(b));
}

impl SearchQuery {
    /// Parses a query string (steps 1 and 2 of the module's description).
    pub fn parse(query_string: &str) -> Result<Self, SearchError> {
        SearchParams::parse(query_string)?.to_search()
    }

    /// Each facet's values sorted and without repeats: one search, one form.
    fn normalise(&mut self) {
        sorted_unique(&mut self.sdgs, |s| s.number());
        sorted_unique(&mut self.mdgs, |m| m.number());
        sorted_unique(&mut self.countries, |c| c.code().to_owned());
        sorted_unique(&mut self.regions, |r| r.code.clone());
        sorted_unique(&mut self.languages, ToString::to_string);
        sorted_unique(&mut self.kinds, |k| k.as_str());
        sorted_unique(&mut self.actors, Clone::clone);
        sorted_unique(&mut self.associations, Clone::clone);
        sorted_unique(&mut self.themes, |t| t.slug().to_owned());
        sorted_unique(&mut self.years, |y| *y);
        sorted_unique(&mut self.period_years, |y| *y);
    }

    /// The order the results come in: `sort`, else relevance when there
    /// are words, newest first otherwise.
    pub fn effective_sort(&self) -> Sort {
        self.sort.unwrap_or(if self.text.is_some() { Sort::Relevance } else { Sort::Newest })
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
        if params.before.is_some() || params.limit.is_some() || params.sort.is_some() {
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

    /// The query string of this search, parameters in a fixed order (each
    /// facet's values in order).
    pub fn render(&self) -> String {
        let mut out = form_urlencoded::Serializer::new(String::new());
        let mut add = |key: &str, values: Vec<String>| {
            for v in values {
                out.append_pair(key, &v);
            }
        };
        add("q", self.text.iter().cloned().collect());
        add("sdg", self.sdgs.iter().map(|s| s.number().to_string()).collect());
        add("mdg", self.mdgs.iter().map(|m| m.number().to_string()).collect());
        add("country", self.countries.iter().map(|c| c.code().to_owned()).collect());
        add("region", self.regions.iter().map(|r| r.code.clone()).collect());
        add("language", self.languages.iter().map(ToString::to_string).collect());
        add("kind", self.kinds.iter().map(|k| k.as_str().to_owned()).collect());
        add("actor", self.actors.clone());
        add("association", self.associations.clone());
        add("theme", self.themes.iter().map(|t| t.slug().to_owned()).collect());
        add("source", self.source.iter().map(|s| s.as_str().to_owned()).collect());
        add("since", self.since.iter().map(|t| render_date(*t)).collect());
        add("until", self.until.iter().map(|t| render_date(*t)).collect());
        add("year", self.years.iter().map(ToString::to_string).collect());
        add("period", self.period_years.iter().map(ToString::to_string).collect());
        add("sort", self.sort.iter().map(|s| s.as_str().to_owned()).collect());
        out.finish()
    }

    /// The store's query: the actors named looked up among those this node
    /// knows (an unknown one is a bad parameter), the regions expanded to
    /// their countries. Countries and regions are one facet, the place:
    /// `region=Africa&country=KR` is Africa or Korea.
    pub async fn resolve(&self, store: &dyn Store) -> Result<PracticeQuery, SearchError> {
        let mut q = PracticeQuery {
            text: self.text.clone(),
            sdgs: self.sdgs.clone(),
            mdgs: self.mdgs.clone(),
            period_years: self.period_years.clone(),
            languages: self.languages.iter().map(ToString::to_string).collect(),
            kinds: self.kinds.clone(),
            themes: self.themes.clone(),
            years: self.years.clone(),
            since: self.since,
            until: self.until,
            sort: match self.effective_sort() {
                Sort::Relevance if self.text.is_some() => SearchOrder::Relevance,
                _ => SearchOrder::Newest,
            },
            ..Default::default()
        };
        q.countries = (!self.countries.is_empty()).then(|| self.countries.clone());
        q.regions = (!self.regions.is_empty()).then(|| self.regions.iter().flat_map(Region::countries).collect());
        q.region_places = self.regions.iter().map(|r| r.code.clone()).collect();
        for a in &self.actors {
            q.authors.push(known_actor(store, a, "actor").await?.id);
        }
        for a in &self.associations {
            q.associations.push(known_actor(store, a, "association").await?.id);
        }
        match self.source {
            None => {}
            Some(Source::Local) => q.local_only = true,
            Some(Source::Network) => q.remote_only = true,
            Some(Source::Unpaks) => q.knowledge_space_only = true,
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
        assert_eq!(q.sdgs, [Sdg::new(11).expect("sdg")]);
        assert_eq!(q.countries.iter().map(Country::code).collect::<Vec<_>>(), ["KR"]);
        assert_eq!(q.regions.iter().map(|r| r.code.as_str()).collect::<Vec<_>>(), ["142"]);
        assert_eq!(q.languages.iter().map(ToString::to_string).collect::<Vec<_>>(), ["pt-BR"]);
        assert_eq!(q.kinds, [PracticeKind::Policy]);
        assert_eq!(q.source, Some(Source::Network));
        assert_eq!(q.themes.iter().map(Theme::slug).collect::<Vec<_>>(), ["climate-action"]);
        assert_eq!(q.years, [2024]);
        assert_eq!(q.effective_sort(), Sort::Relevance, "words: by relevance unless asked otherwise");
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
            ("q=a&q=b", "q"),
            ("sort=oldest", "sort"),
            ("sdg=6&sdg=66", "sdg"),
        ] {
            assert_eq!(invalid_param(SearchParams::parse(qs).and_then(|p| p.to_search())), param, "{qs}");
        }
        let Err(e) = SearchQuery::parse("sdg=99") else { panic!("sdg=99 parsed") };
        assert!(e.to_string().starts_with("sdg: "), "{e}");
    }

    #[test]
    fn a_facet_may_repeat_and_its_values_are_kept_sorted_once() {
        let q = SearchQuery::parse("sdg=11&sdg=6&sdg=11&country=kr&country=JP&year=2024&year=2023&sort=newest")
            .expect("parse");
        assert_eq!(q.sdgs.iter().map(|s| s.number()).collect::<Vec<_>>(), [6, 11]);
        assert_eq!(q.countries.iter().map(Country::code).collect::<Vec<_>>(), ["JP", "KR"]);
        assert_eq!(q.years, [2023, 2024]);
        assert_eq!(q.effective_sort(), Sort::Newest);
        assert_eq!(q.render(), "sdg=6&sdg=11&country=JP&country=KR&year=2023&year=2024&sort=newest");
        assert_eq!(SearchQuery::parse("").expect("empty").effective_sort(), Sort::Newest, "no words: newest");
        let many: String = (0..=MAX_VALUES_PER_PARAM).map(|_| "sdg=1&").collect();
        assert_eq!(invalid_param(SearchParams::parse(&many)), "sdg");
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
            "sdg=6&sdg=11&theme=mobility&theme=climate-action&kind=policy&kind=event&sort=relevance",
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
        for qs in ["", "?", "sdg=11&limit=5", "before=3&sdg=1", "unknown=1", "sdg=1&sort=newest"] {
            assert_eq!(invalid_param(SearchQuery::parse_saved(qs)), "query", "{qs}");
        }
        assert_eq!(invalid_param(SearchQuery::parse_saved(&format!("q={}", "a".repeat(2000)))), "query");
        assert_eq!(invalid_param(SearchQuery::parse_saved("sdg=99")), "sdg");
    }
}
