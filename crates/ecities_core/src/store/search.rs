//! Search over practices: filters, facets and counts.

use crate::actor::ActorId;
use crate::error::CoreResult;
use crate::practice::{Practice, PracticeKind};
use crate::taxonomy::{Country, Mdg, Region, Sdg, Theme};
use crate::time::Timestamp;

use super::Page;

/// Filters for practice search. Empty filters match everything. The facet
/// filters (`sdgs`, `countries`, `languages`, `kinds`, `themes`, `authors`,
/// `associations`, `years`) each match any of their values; all filters
/// must hold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PracticeQuery {
    /// Words that must all appear in title, summary or content.
    pub text: Option<String>,
    /// Any of these goals.
    pub sdgs: Vec<Sdg>,
    /// Any of these Millennium Development Goals.
    pub mdgs: Vec<Mdg>,
    /// Any of these countries. With `regions`, one facet, the place: a
    /// practice matches when its country is in either list.
    pub countries: Option<Vec<Country>>,
    /// The countries of the regions asked for (see `countries`).
    pub regions: Option<Vec<Country>>,
    /// The M49 codes of the regions asked for: practices without a country
    /// placed in one of them (`001`, the whole world) match too.
    pub region_places: Vec<String>,
    /// Primary language subtags or full tags, any of them.
    pub languages: Vec<String>,
    pub kinds: Vec<PracticeKind>,
    /// Only this author's practices (a page's scope, not a facet).
    pub author: Option<ActorId>,
    /// By any of these authors (the author facet).
    pub authors: Vec<ActorId>,
    /// Theme slugs (the UNPACS areas or a city's own), any of them.
    pub themes: Vec<Theme>,
    pub local_only: bool,
    /// Only practices received from other servers.
    pub remote_only: bool,
    /// Only practices by knowledge-space actors (UN-PAKS items).
    pub knowledge_space_only: bool,
    /// Only practices relayed (announced) by this actor: an association
    /// or a knowledge space (a page's scope, not a facet).
    pub relayed_by: Option<ActorId>,
    /// Relayed by any of these actors (the association facet).
    pub associations: Vec<ActorId>,
    /// Published at or after this time.
    pub since: Option<Timestamp>,
    /// Published before this time.
    pub until: Option<Timestamp>,
    /// Published in any of these years (UTC).
    pub years: Vec<i32>,
    /// Ran in any of these years (the practice's period).
    pub period_years: Vec<i32>,
    /// Only practices this node stored after the one with this id (ids
    /// grow as practices arrive).
    pub newer_than: Option<i64>,
    pub sort: SearchOrder,
    /// Also practices public surfaces never show (followers-only, named
    /// audiences, embargoed): for their editors' lists only.
    pub include_hidden: bool,
}

/// The order of search results.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum SearchOrder {
    /// Newest first; the page cursor is the last practice's id.
    #[default]
    Newest,
    /// Best full-text match first (only with words; newest first without):
    /// the database's ranking with a boost for title matches. The page
    /// cursor is the number of results already shown.
    Relevance,
}

/// How many matching practices have each value of each facet (only
/// values with at least one practice; largest first for open lists).
///
/// A facet's counts ignore the facet's own selection (and only it): with
/// `sdgs = [6]`, the SDG counts are those of the search without the SDG
/// filter, so a reader sees how many a second goal would add, while every
/// other facet counts the practices that match the whole search. This is
/// the usual behaviour of faceted search (sometimes called disjunctive
/// facets); with nothing selected in a facet both readings are the same.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facets {
    pub sdg: Vec<(Sdg, i64)>,
    pub mdg: Vec<(Mdg, i64)>,
    pub country: Vec<(Country, i64)>,
    /// Practices without a country, by the region they name instead
    /// (`001`, the whole world, is one); the web adds the countries' counts
    /// to their regions.
    pub region: Vec<(Region, i64)>,
    pub language: Vec<(String, i64)>,
    pub kind: Vec<(PracticeKind, i64)>,
    /// The UNPACS thematic areas.
    pub theme: Vec<(Theme, i64)>,
    pub author: Vec<(ActorId, i64)>,
    /// The actors (associations, knowledge spaces) that relayed matches.
    pub association: Vec<(ActorId, i64)>,
    /// Year of publication (UTC), newest first.
    pub year: Vec<(i32, i64)>,
    /// Years the practices ran (their period), newest first: a practice
    /// of 2010–2012 counts in each of the three.
    pub period: Vec<(i32, i64)>,
}

/// One page of a search with the total number of matches and, when asked
/// for, the facet counts over all of them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchResults {
    pub practices: Vec<Practice>,
    pub total: i64,
    /// `false` when the words matched so many practices (words as common as
    /// "the") that only the newest were counted: `total` and the facets are
    /// then lower bounds.
    pub exact: bool,
    pub facets: Option<Facets>,
}

/// Practice search (SQL: `ecities_store/src/sql/search.rs` with the facet index
/// in `search_index.rs`).
#[async_trait::async_trait]
pub trait SearchStore: Send + Sync + 'static {
    /// Practices matching `query` in its order (deleted ones excluded): one
    /// page, the total and, when `with_facets`, the facet counts (see
    /// [`Facets`]). The page cursor is the practice id (newest first) or the
    /// number of results before the page (relevance).
    async fn search(&self, query: &PracticeQuery, page: Page, with_facets: bool) -> CoreResult<SearchResults>;
    async fn search_practices(&self, query: &PracticeQuery, page: Page) -> CoreResult<Vec<Practice>> {
        Ok(self.search(query, page, false).await?.practices)
    }
    async fn count_practices(&self, query: &PracticeQuery) -> CoreResult<i64> {
        Ok(self.search(query, Page::first(1), false).await?.total)
    }
    /// Facet counts over the practices matching `query`.
    async fn facets(&self, query: &PracticeQuery) -> CoreResult<Facets> {
        Ok(self.search(query, Page::first(1), true).await?.facets.unwrap_or_default())
    }
    /// Matching practices per month of publication (`YYYY-MM`, UTC), oldest first.
    async fn counts_by_month(&self, query: &PracticeQuery) -> CoreResult<Vec<(String, i64)>>;
}
