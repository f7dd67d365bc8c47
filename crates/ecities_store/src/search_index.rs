//! The in-memory facet index behind practice search.
//!
//! Full text stays in the database (SQLite FTS5, PostgreSQL tsvector + GIN):
//! it answers "which practices contain these words" as one list of ids. What
//! SQL cannot do fast is count facets over a large match set, so the store
//! keeps, per live practice, the few small fields search filters and counts
//! on (SDGs as a bit set, country, language, kind, themes, author, relaying
//! actors, publication month) in a vector ordered by id. A search walks it
//! newest first: filters, total, facet counts and the page's ids in one pass,
//! then loads the page's rows by id.
//!
//! The index follows the database, not the process: every write to a
//! practice or its relays stamps the practice with a search revision (a
//! trigger, see migration 0012), and each search first loads the practices
//! whose revision is at or after the index's watermark — usually none, one
//! indexed range query. On SQLite the revision is a counter (one writer, so
//! it grows in commit order) and the watermark is the largest revision seen
//! plus one. On PostgreSQL it is the writing transaction's id, and the
//! watermark is the oldest transaction still running before the previous
//! load (`pg_snapshot_xmin`), so a concurrent writer that commits late is
//! still picked up, and several processes sharing one database see each
//! other's changes.

use std::collections::HashMap;
use std::hash::Hash;

use chrono::{DateTime, Datelike};
use ecities_core::CoreError;
use ecities_core::actor::ActorId;
use ecities_core::analysis::{AnalysedQuery, QueryTerm};
use ecities_core::error::CoreResult;
use ecities_core::practice::PracticeKind;
use ecities_core::store::{Facets, Page, PracticeQuery, SearchOrder};
use ecities_core::taxonomy::{Country, Mdg, Region, Sdg, Theme};
use futures::TryStreamExt;
use serde::Deserialize;
use sqlx::AnyPool;
use tokio::sync::Mutex;

use crate::connect::Dialect;

/// Rows per query of the index's first load.
const FIRST_LOAD_SLICE: i64 = 5_000;
use crate::map_err;
use crate::rows::{get_i64, get_opt_i64, get_opt_str, get_str};

/// "No value" in an interned field.
const NONE: u32 = u32::MAX;

/// Words matching more practices than this (words as common as "the")
/// are counted over the newest this-many matches only, and the result says
/// so (`exact: false`); like a search engine's cap on tracked hits.
pub(crate) const TEXT_MATCH_CAP: usize = 10_000;

/// Open facet lists (country, language, author, …) show at most this many values.
const MAX_FACET_VALUES: usize = 100;

/// Values of one field, each stored once and referred to by number.
#[derive(Debug)]
struct Interner<T> {
    values: Vec<T>,
    ids: HashMap<T, u32>,
}

impl<T> Default for Interner<T> {
    fn default() -> Self {
        Self { values: Vec::new(), ids: HashMap::new() }
    }
}

impl<T: Hash + Eq + Clone> Interner<T> {
    fn intern(&mut self, value: T) -> u32 {
        if let Some(id) = self.ids.get(&value) {
            return *id;
        }
        let id = u32::try_from(self.values.len()).unwrap_or(NONE - 1);
        self.values.push(value.clone());
        self.ids.insert(value, id);
        id
    }

    fn get(&self, value: &T) -> Option<u32> {
        self.ids.get(value).copied()
    }

    fn len(&self) -> usize {
        self.values.len()
    }
}

/// What search needs to know about one live practice.
#[derive(Debug, Clone)]
struct Entry {
    id: i64,
    published_at: i64,
    /// Bit `n` set for SDG `n`.
    sdgs: u32,
    /// Bit `n` set for MDG `n`.
    mdgs: u16,
    /// First and last year of the practice's period, as years after
    /// [`PERIOD_BASE`] (0: no period).
    period: (u8, u8),
    /// Month of publication (interned; see [`month_of`]).
    month: u32,
    author: u32,
    /// The place: a country code, or the M49 code of the region a
    /// practice without a country names (`001`, the world).
    country: u32,
    language: u32,
    kind: u32,
    /// Bit `n` set for interned theme `n` < 64; the rest in `more_themes`.
    theme_mask: u64,
    more_themes: Box<[u32]>,
    relays: Box<[u32]>,
    local: bool,
    knowledge_space: bool,
    /// Not for public surfaces: addressed to followers or named actors, or
    /// embargoed.
    hidden: bool,
}

#[derive(Debug, Default)]
struct State {
    loaded: bool,
    /// Load practices whose search revision is at least this.
    watermark: i64,
    /// Live practices, ordered by id.
    entries: Vec<Entry>,
    /// Their ids alone, in the same order: a compact list to merge the
    /// full-text matches against without touching every entry.
    ids: Vec<i64>,
    months: Interner<i32>,
    authors: Interner<i64>,
    countries: Interner<String>,
    languages: Interner<String>,
    kinds: Interner<String>,
    themes: Interner<String>,
    relays: Interner<i64>,
}

/// The result of walking the index for one query.
#[derive(Debug, Default)]
pub(crate) struct IndexResult {
    /// The page's ids, newest first.
    pub ids: Vec<i64>,
    pub total: i64,
    /// `false` when the words matched more than [`TEXT_MATCH_CAP`]
    /// practices: total and counts then cover the newest of them only.
    pub exact: bool,
    pub facets: Option<Facets>,
    /// Matches per month (`YYYY-MM`), oldest first, when asked for.
    pub months: Option<Vec<(String, i64)>>,
}

/// What to compute besides the page and the total.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Want {
    pub facets: bool,
    pub months: bool,
}

#[derive(Debug, Default)]
pub(crate) struct SearchIndex {
    state: Mutex<State>,
    /// [`TEXT_MATCH_CAP`] unless set (0 = default).
    cap: std::sync::atomic::AtomicUsize,
    /// [`FIRST_LOAD_SLICE`] unless set (0 = default).
    slice: std::sync::atomic::AtomicUsize,
}

/// What the index reads of the `details` column.
#[derive(Deserialize, Default)]
struct DetailsForIndex {
    #[serde(default)]
    themes: Vec<String>,
    #[serde(default)]
    region: Option<String>,
    #[serde(default)]
    mdgs: Vec<u8>,
    #[serde(default)]
    period_start: Option<String>,
    #[serde(default)]
    period_end: Option<String>,
}

/// Period years are kept as years after this one (1 to 255): the facet
/// covers 1901–2155.
const PERIOD_BASE: i32 = 1900;

/// A period's year as stored in [`Entry::period`] (0: none or out of range).
fn period_year(date: Option<&str>) -> u8 {
    let year = date.and_then(|d| d.get(..4)).and_then(|y| y.parse::<i32>().ok()).unwrap_or(0);
    u8::try_from(year - PERIOD_BASE).ok().filter(|y| *y > 0).unwrap_or(0)
}

fn month_of(epoch_ms: i64) -> i32 {
    DateTime::from_timestamp_millis(epoch_ms).map(|d| d.year() * 12 + d.month0() as i32).unwrap_or(0)
}

/// What the full-text index said about the words of a query.
struct TextMatches {
    /// Matching ids, ascending: all of them, or the newest when `capped`.
    ids: Vec<i64>,
    /// The same ids (and perhaps newer ones), best match first, when the
    /// search is by relevance.
    ranked: Option<Vec<i64>>,
    capped: bool,
    /// SQLite: the largest search revision, read in the same statement (so
    /// the index can tell whether it must load anything).
    latest_rev: Option<i64>,
}

/// The full-text query for the words of `text`, analysed as the index is
/// ([`AnalysedQuery`]): every group must match, each through any of its
/// alternatives (the word as a prefix, its tagged stems, its bigrams).
/// `None` when it has no words (no text filter). Only letters, digits and
/// combining marks reach it.
struct Pattern {
    /// The whole text.
    all: String,
    /// PostgreSQL: the same, restricted to the title's terms (weight A).
    title: String,
}

fn text_pattern(dialect: Dialect, text: &str) -> Option<Pattern> {
    let query = AnalysedQuery::parse(text);
    if query.is_empty() {
        return None;
    }
    let join = |sep: &str, alt: &dyn Fn(&QueryTerm) -> String| {
        query
            .groups
            .iter()
            .map(|g| format!("({})", g.iter().map(alt).collect::<Vec<_>>().join(sep)))
            .collect::<Vec<_>>()
    };
    Some(match dialect {
        Dialect::Sqlite => {
            let all = join(" OR ", &|t| match t {
                QueryTerm::Prefix(w) => format!("\"{w}\"*"),
                QueryTerm::Exact(w) => format!("\"{w}\""),
            })
            .join(" AND ");
            Pattern { all, title: String::new() }
        }
        Dialect::Postgres => {
            let pg = |weight: &'static str| {
                join(" | ", &move |t| match t {
                    QueryTerm::Prefix(w) => format!("{w}:*{weight}"),
                    QueryTerm::Exact(w) if weight.is_empty() => w.clone(),
                    QueryTerm::Exact(w) => format!("{w}:{weight}"),
                })
                .join(" & ")
            };
            Pattern { all: pg(""), title: pg("A") }
        }
    })
}

/// BM25 column weights of `practices_fts` (title, summary, body): a word in
/// the title counts ten times a word in the body, in the summary four
/// times, so a title match ranks above a body match.
const SQLITE_RANK: &str = "bm25(practices_fts, 10.0, 4.0, 1.0)";

/// PostgreSQL's rank: `ts_rank` over the whole text (title terms weigh
/// A, summary B, body D), plus one when the query matches the title's
/// terms alone — a title match ranks above a body match, as with SQLite's
/// weights.
const POSTGRES_RANK: &str = "ts_rank(p.search, tq) + CASE WHEN p.search @@ tt THEN 1.0 ELSE 0.0 END";

/// The practices containing every word (as a prefix) of the pattern: the
/// newest `TEXT_MATCH_CAP + 1` at most, read in one statement (on SQLite
/// with the largest search revision, so the index knows at once whether it
/// must load anything). When `ranked`, a second statement orders those
/// matches best first: only the ones counted, so a word in a large share of
/// everything ranks its newest matches instead of scoring every one.
async fn text_matches(
    pool: &AnyPool,
    dialect: Dialect,
    pattern: &Pattern,
    cap: usize,
    ranked: bool,
) -> CoreResult<TextMatches> {
    let sql = match dialect {
        Dialect::Sqlite => {
            "SELECT (SELECT group_concat(rowid) FROM (SELECT rowid FROM practices_fts \
             WHERE practices_fts MATCH $1 ORDER BY rowid DESC LIMIT $2)) AS ids, \
             (SELECT MAX(search_rev) FROM practices) AS rev"
        }
        // The matches are materialised first (the GIN index, then their
        // rows), then the newest kept: with `ORDER BY id DESC LIMIT` on the
        // table itself the planner walks the primary key backwards and tests
        // every row's tsvector until it has enough — at a million practices
        // 293,000 rows detoasted, 13 to 42 s, for a word in 3% of them
        // (docs/PERFORMANCE.md, PostgreSQL at 1,000,000).
        Dialect::Postgres => {
            "WITH m AS MATERIALIZED (SELECT id FROM practices WHERE search @@ to_tsquery('simple', $1) \
             AND deleted_at IS NULL) \
             SELECT string_agg(id::text, ',') AS ids, NULL::bigint AS rev FROM \
             (SELECT id FROM m ORDER BY id DESC LIMIT $2) newest"
        }
    };
    let row = sqlx::query(sql)
        .bind(pattern.all.clone())
        .bind(i64::try_from(cap + 1).unwrap_or(i64::MAX))
        .fetch_one(pool)
        .await
        .map_err(map_err)?;
    let mut ids = id_list(get_opt_str(&row, "ids")?)?;
    ids.sort_unstable();
    let capped = ids.len() > cap;
    if capped {
        ids.drain(..ids.len() - cap);
    }
    let ranked = match ids.first() {
        Some(oldest) if ranked => Some(rank(pool, dialect, pattern, *oldest).await?),
        _ => None,
    };
    Ok(TextMatches { ids, ranked, capped, latest_rev: get_opt_i64(&row, "rev")? })
}

/// A bound on what is ranked: a LIMIT keeps SQLite from folding the ranking
/// subquery into the aggregate, where `bm25` cannot run; far above any
/// number of matches counted.
const RANK_LIMIT: i64 = 1_000_000_000;

/// The matches of the pattern from id `from` on, best first (ties: newest first).
async fn rank(pool: &AnyPool, dialect: Dialect, pattern: &Pattern, from: i64) -> CoreResult<Vec<i64>> {
    let sql = match dialect {
        Dialect::Sqlite => format!(
            "SELECT group_concat(rowid, ',' ORDER BY r, rowid DESC) AS ids FROM (SELECT rowid, {SQLITE_RANK} AS r \
             FROM practices_fts WHERE practices_fts MATCH $1 AND rowid >= $2 ORDER BY r LIMIT {RANK_LIMIT})"
        ),
        Dialect::Postgres => format!(
            "SELECT string_agg(id::text, ',' ORDER BY r DESC, id DESC) AS ids FROM \
             (SELECT p.id, {POSTGRES_RANK} AS r FROM practices p, to_tsquery('simple', $1) tq, \
             to_tsquery('simple', $3) tt WHERE p.search @@ tq AND p.deleted_at IS NULL AND p.id >= $2) m"
        ),
    };
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(pattern.all.clone()).bind(from);
    if dialect == Dialect::Postgres {
        query = query.bind(pattern.title.clone());
    }
    let row = query.fetch_one(pool).await.map_err(map_err)?;
    id_list(get_opt_str(&row, "ids")?)
}

/// Parses `1,5,9` (what group_concat and string_agg return).
fn id_list(list: Option<String>) -> CoreResult<Vec<i64>> {
    list.unwrap_or_default()
        .split(',')
        .filter(|s| !s.is_empty())
        .map(|s| s.parse::<i64>().map_err(|_| CoreError::Storage(format!("full-text index returned '{s}'"))))
        .collect()
}

impl SearchIndex {
    fn cap(&self) -> usize {
        match self.cap.load(std::sync::atomic::Ordering::Relaxed) {
            0 => TEXT_MATCH_CAP,
            n => n,
        }
    }

    /// Live practices in the index and the bytes its vectors, their boxed
    /// slices and the interned values hold (capacity, not length: what the
    /// allocator gave out; hash tables counted at their buckets).
    pub(crate) async fn memory(&self) -> (usize, usize) {
        fn interner<T>(i: &Interner<T>) -> usize {
            i.values.capacity() * std::mem::size_of::<T>()
                + i.ids.capacity() * (std::mem::size_of::<T>() + std::mem::size_of::<u32>() + 1)
        }
        let s = self.state.lock().await;
        let boxed: usize = s.entries.iter().map(|e| (e.more_themes.len() + e.relays.len()) * 4).sum();
        // A string's bytes are held twice: in the list and as the map's key.
        let strings = |i: &Interner<String>| interner(i) + 2 * i.values.iter().map(String::capacity).sum::<usize>();
        let bytes = s.entries.capacity() * std::mem::size_of::<Entry>()
            + s.ids.capacity() * std::mem::size_of::<i64>()
            + boxed
            + interner(&s.months)
            + interner(&s.authors)
            + interner(&s.relays)
            + strings(&s.countries)
            + strings(&s.languages)
            + strings(&s.kinds)
            + strings(&s.themes);
        (s.entries.len(), bytes)
    }

    pub(crate) fn set_first_load_slice(&self, rows: usize) {
        self.slice.store(rows.max(1), std::sync::atomic::Ordering::Relaxed);
    }

    fn slice(&self) -> i64 {
        match self.slice.load(std::sync::atomic::Ordering::Relaxed) {
            0 => FIRST_LOAD_SLICE,
            n => i64::try_from(n).unwrap_or(FIRST_LOAD_SLICE),
        }
    }

    pub(crate) fn set_cap(&self, cap: usize) {
        self.cap.store(cap.max(1), std::sync::atomic::Ordering::Relaxed);
    }

    /// Runs `query` (page, total and what `want` asks for) against the
    /// index, after loading what changed in the database since last time.
    pub(crate) async fn run(
        &self,
        pool: &AnyPool,
        dialect: Dialect,
        query: &PracticeQuery,
        page: Page,
        want: Want,
    ) -> CoreResult<IndexResult> {
        let text = match query.text.as_deref() {
            None => None,
            Some(text) => match text_pattern(dialect, text) {
                Some(pattern) => {
                    let ranked = query.sort == SearchOrder::Relevance;
                    Some(text_matches(pool, dialect, &pattern, self.cap(), ranked).await?)
                }
                // Only punctuation: matches nothing rather than everything.
                None if !text.trim().is_empty() => {
                    Some(TextMatches { ids: Vec::new(), ranked: None, capped: false, latest_rev: None })
                }
                None => None,
            },
        };
        let mut state = self.state.lock().await;
        let unchanged =
            state.loaded && text.as_ref().and_then(|t| t.latest_rev).is_some_and(|rev| rev < state.watermark);
        if !unchanged {
            state.refresh(pool, dialect, self.slice()).await?;
        }
        let mut r = state.run(query, text.as_ref(), page, want);
        r.exact = !text.as_ref().is_some_and(|t| t.capped);
        Ok(r)
    }
}

impl State {
    async fn refresh(&mut self, pool: &AnyPool, dialect: Dialect, slice: i64) -> CoreResult<()> {
        // On PostgreSQL, the next watermark is taken before reading (see the
        // module documentation); on SQLite it follows from what is read.
        let next_watermark = match dialect {
            Dialect::Postgres => {
                let row = sqlx::query("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint AS xmin")
                    .fetch_one(pool)
                    .await
                    .map_err(map_err)?;
                Some(get_i64(&row, "xmin")?)
            }
            Dialect::Sqlite => None,
        };
        let relays = match dialect {
            Dialect::Sqlite => "SELECT group_concat(r.actor_id) FROM practice_relays r WHERE r.practice_id = p.id",
            Dialect::Postgres => {
                "SELECT string_agg(r.actor_id::text, ',') FROM practice_relays r WHERE r.practice_id = p.id"
            }
        };
        let columns = format!(
            "SELECT p.id, p.author_id, p.local, p.language, p.kind, p.sdgs, p.country, p.details, p.published_at, \
             p.deleted_at, p.search_rev, p.audience_public, p.embargo_until, a.kind AS author_kind, ({relays}) AS relays \
             FROM practices p JOIN actors a ON a.id = p.author_id"
        );
        if !self.loaded {
            return self.first_load(pool, dialect, &columns, next_watermark, slice).await;
        }
        // No ORDER BY: the planner must use the search_rev index, not walk the table.
        let sql = format!("{columns} WHERE p.search_rev >= $1");
        let mut rows = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(self.watermark).fetch(pool);
        let mut max_rev = self.watermark - 1;
        let mut changed = Vec::new();
        while let Some(row) = rows.try_next().await.map_err(map_err)? {
            max_rev = max_rev.max(get_i64(&row, "search_rev")?);
            let id = get_i64(&row, "id")?;
            let entry = if get_opt_i64(&row, "deleted_at")?.is_some() { None } else { Some(self.entry(&row, id)?) };
            changed.push((id, entry));
        }
        drop(rows);
        changed.sort_unstable_by_key(|(id, _)| *id);
        for (id, entry) in changed {
            self.put(id, entry);
        }
        self.watermark = next_watermark.unwrap_or(max_rev + 1);
        Ok(())
    }

    /// The first load: every practice, read in slices of `slice` rows
    /// ([`FIRST_LOAD_SLICE`] unless set) by id, each its own query. Between two slices the
    /// connection goes back to the pool, so on a large database (30 s for a
    /// million practices on SQLite's single connection) the node's other
    /// reads and writes go on instead of timing out behind it. Rows written
    /// meanwhile are read again by the next refresh: on SQLite the watermark
    /// is the largest revision before the load began (plus one), not the
    /// largest seen during it.
    async fn first_load(
        &mut self,
        pool: &AnyPool,
        dialect: Dialect,
        columns: &str,
        next_watermark: Option<i64>,
        slice: i64,
    ) -> CoreResult<()> {
        let before = match dialect {
            Dialect::Sqlite => {
                let row = sqlx::query("SELECT COALESCE(MAX(search_rev), 0) AS rev FROM practices")
                    .fetch_one(pool)
                    .await
                    .map_err(map_err)?;
                get_i64(&row, "rev")?
            }
            Dialect::Postgres => 0,
        };
        let sql = format!("{columns} WHERE p.id > $1 ORDER BY p.id LIMIT $2");
        let mut loaded = Vec::new();
        let mut after = 0i64;
        loop {
            // Streamed, not fetched whole, and in slices: never more than one
            // slice of row values beside the index being built.
            let mut rows = sqlx::query(sqlx::AssertSqlSafe(sql.clone())).bind(after).bind(slice).fetch(pool);
            let mut read = 0;
            while let Some(row) = rows.try_next().await.map_err(map_err)? {
                read += 1;
                let id = get_i64(&row, "id")?;
                after = after.max(id);
                if get_opt_i64(&row, "deleted_at")?.is_none() {
                    let entry = self.entry(&row, id)?;
                    loaded.push(entry);
                }
            }
            drop(rows);
            if read < slice {
                break;
            }
            // Let the requests waiting for the connection have it.
            tokio::task::yield_now().await;
        }
        loaded.sort_unstable_by_key(|e| e.id);
        loaded.shrink_to_fit();
        self.ids = loaded.iter().map(|e| e.id).collect();
        self.entries = loaded;
        self.loaded = true;
        self.watermark = next_watermark.unwrap_or(before + 1);
        Ok(())
    }

    fn entry(&mut self, row: &sqlx::any::AnyRow, id: i64) -> CoreResult<Entry> {
        let published_at = get_i64(row, "published_at")?;
        let mut sdgs = 0u32;
        for n in get_str(row, "sdgs")?.split(',').filter_map(|s| s.parse::<u32>().ok()) {
            if (1..=17).contains(&n) {
                sdgs |= 1 << n;
            }
        }
        let opt = |interner: &mut Interner<String>, v: Option<String>| v.map_or(NONE, |v| interner.intern(v));
        let details: DetailsForIndex = serde_json::from_str(&get_str(row, "details")?).unwrap_or_default();
        let (mut theme_mask, mut more_themes) = (0u64, Vec::new());
        let mdgs = details.mdgs.iter().filter(|m| (1..=8).contains(*m)).fold(0u16, |bits, m| bits | 1 << m);
        let (start, end) = (period_year(details.period_start.as_deref()), period_year(details.period_end.as_deref()));
        // Only a start or only an end: that one year.
        let period = match (start, end) {
            (0, 0) => (0, 0),
            (0, y) | (y, 0) => (y, y),
            (s, e) => (s.min(e), s.max(e)),
        };
        let place = get_opt_str(row, "country")?.or(details.region);
        for t in details.themes {
            match self.themes.intern(t) {
                i if i < 64 => theme_mask |= 1 << i,
                i => more_themes.push(i),
            }
        }
        let relays = get_opt_str(row, "relays")?.unwrap_or_default();
        Ok(Entry {
            id,
            published_at,
            sdgs,
            mdgs,
            period,
            month: self.months.intern(month_of(published_at)),
            author: self.authors.intern(get_i64(row, "author_id")?),
            country: opt(&mut self.countries, place),
            language: opt(&mut self.languages, get_opt_str(row, "language")?),
            kind: opt(&mut self.kinds, get_opt_str(row, "kind")?),
            theme_mask,
            more_themes: more_themes.into(),
            relays: relays.split(',').filter_map(|s| s.parse::<i64>().ok()).map(|a| self.relays.intern(a)).collect(),
            local: get_i64(row, "local")? != 0,
            knowledge_space: get_str(row, "author_kind")? == "knowledge-space",
            hidden: get_i64(row, "audience_public")? == 0 || get_opt_i64(row, "embargo_until")?.is_some(),
        })
    }

    /// Inserts, replaces or (with `None`) removes the entry for `id`.
    fn put(&mut self, id: i64, entry: Option<Entry>) {
        // New practices usually have the largest id: append without searching.
        if let Some(e) = entry.as_ref().filter(|_| self.ids.last().is_none_or(|last| *last < id)) {
            self.entries.push(e.clone());
            self.ids.push(id);
            return;
        }
        match (self.ids.binary_search(&id), entry) {
            (Ok(i), Some(e)) => self.entries[i] = e,
            (Ok(i), None) => {
                self.entries.remove(i);
                self.ids.remove(i);
            }
            (Err(i), Some(e)) => {
                self.entries.insert(i, e);
                self.ids.insert(i, id);
            }
            (Err(_), None) => {}
        }
    }

    fn run(&self, query: &PracticeQuery, text: Option<&TextMatches>, page: Page, want: Want) -> IndexResult {
        let filter = Filter::new(self, query);
        let limit = page.limit.clamp(1, ecities_core::store::MAX_PAGE_SIZE) as usize;
        let ranked = text.and_then(|t| t.ranked.as_deref());
        let before = page.before.unwrap_or(i64::MAX);
        let mut out = IndexResult::default();
        // By relevance, every match's id (newest first) to pick the page from.
        let mut matched_ids = Vec::new();
        let mut counts = want.facets.then(|| Counts::new(self));
        let mut months = vec![0i64; if want.months { self.months.len() } else { 0 }];
        let mut visit = |e: &Entry| {
            if !filter.scope(e) {
                return;
            }
            let missed = filter.missed_facets(e);
            if missed == 0 {
                out.total += 1;
                if ranked.is_some() {
                    matched_ids.push(e.id);
                } else if e.id < before && out.ids.len() < limit {
                    out.ids.push(e.id);
                }
                if let Some(c) = counts.as_mut() {
                    c.add(e, ALL_FACETS);
                }
                if want.months {
                    bump(&mut months, e.month);
                }
            } else if missed & (missed - 1) == 0 {
                // Missed only one facet's selection: counted in that facet,
                // whose counts ignore its own selection.
                if let Some(c) = counts.as_mut() {
                    c.add(e, missed);
                }
            }
        };
        if filter.nothing {
            // A scope (author, relaying actor) no practice has: nothing can match.
        } else if let Some(matched) = text.map(|t| t.ids.as_slice()) {
            // Both lists are sorted: walk them together, newest first,
            // galloping through the compact id list to each match.
            let mut end = self.ids.len();
            for id in matched.iter().rev() {
                let at = count_up_to(&self.ids[..end], *id);
                if at > 0 && self.ids[at - 1] == *id {
                    visit(&self.entries[at - 1]);
                    end = at - 1;
                } else {
                    end = at;
                }
            }
        } else {
            self.entries.iter().rev().take_while(|e| e.id > filter.newer_than).for_each(&mut visit);
        }
        if let Some(ranked) = ranked {
            // The cursor is the number of results before the page.
            let skip = usize::try_from(page.before.unwrap_or(0)).unwrap_or(0);
            out.ids = ranked
                .iter()
                .filter(|id| matched_ids.binary_search_by(|m| (*id).cmp(m)).is_ok())
                .skip(skip)
                .take(limit)
                .copied()
                .collect();
        }
        out.facets = counts.map(|c| c.into_facets(self));
        if want.months {
            let mut m: Vec<(i32, i64)> =
                months.iter().zip(&self.months.values).filter(|(n, _)| **n > 0).map(|(n, m)| (*m, *n)).collect();
            m.sort_unstable();
            out.months = Some(
                m.into_iter()
                    .map(|(m, n)| (format!("{:04}-{:02}", m.div_euclid(12), m.rem_euclid(12) + 1), n))
                    .collect(),
            );
        }
        out
    }
}

/// How many of the sorted `ids` are at most `id`, searching from the end
/// (exponential, then binary search): cheap when the answer is near the end,
/// as it is when matches are visited newest first.
fn count_up_to(ids: &[i64], id: i64) -> usize {
    let n = ids.len();
    let mut step = 1;
    // ids[above..] are known to be larger than id.
    let mut above = n;
    while step <= n && ids[n - step] > id {
        above = n - step;
        step *= 2;
    }
    let from = n.saturating_sub(step);
    from + ids[from..above].partition_point(|x| *x <= id)
}

/// The facets, one bit each: which of its facet selections an entry misses.
const SDG: u16 = 1;
const COUNTRY: u16 = 1 << 1;
const LANGUAGE: u16 = 1 << 2;
const KIND: u16 = 1 << 3;
const THEME: u16 = 1 << 4;
const AUTHOR: u16 = 1 << 5;
const ASSOCIATION: u16 = 1 << 6;
const YEAR: u16 = 1 << 7;
const MDG: u16 = 1 << 8;
const PERIOD: u16 = 1 << 9;
const ALL_FACETS: u16 = u16::MAX;

/// Which interned values of a field a filter accepts (`None`: no filter).
type ValueSet = Option<Vec<bool>>;

fn accepts(set: &ValueSet, v: u32) -> bool {
    match set {
        None => true,
        Some(set) => set.get(v as usize).copied().unwrap_or(false),
    }
}

/// The set of the interned `values` (those the index does not know are
/// left out: nothing has them).
fn value_set<T: Hash + Eq + Clone>(interner: &Interner<T>, values: impl IntoIterator<Item = T>) -> Vec<bool> {
    let mut set = vec![false; interner.len()];
    for v in values {
        if let Some(i) = interner.get(&v) {
            set[i as usize] = true;
        }
    }
    set
}

/// A query compiled against the interners: comparisons of small numbers.
struct Filter {
    /// A scope value (author, relaying actor) unknown to the index: no
    /// match possible.
    nothing: bool,
    // The scope: filters every result and every facet count obeys.
    author: Option<u32>,
    relay: Option<u32>,
    local_only: bool,
    remote_only: bool,
    knowledge_space_only: bool,
    include_hidden: bool,
    since: i64,
    until: i64,
    newer_than: i64,
    // The facet selections: any of their values.
    sdgs: u32,
    mdgs: u16,
    /// Years after [`PERIOD_BASE`] chosen (`None`: no period filter).
    period: Option<[bool; 256]>,
    countries: ValueSet,
    languages: ValueSet,
    kinds: ValueSet,
    themes: ValueSet,
    authors: ValueSet,
    relays: ValueSet,
    months: ValueSet,
}

impl Filter {
    fn new(s: &State, q: &PracticeQuery) -> Self {
        let mut nothing = false;
        let mut known = |id: Option<u32>| {
            if id.is_none() {
                nothing = true;
            }
            id.unwrap_or(NONE)
        };
        let author = q.author.map(|a| known(s.authors.get(&a.0)));
        let relay = q.relayed_by.map(|a| known(s.relays.get(&a.0)));
        let codes = |cs: &Vec<Country>| value_set(&s.countries, cs.iter().map(|c| c.code().to_owned()));
        let chosen = |empty: bool, set: Vec<bool>| (!empty).then_some(set);
        let languages = (!q.languages.is_empty()).then(|| {
            s.languages
                .values
                .iter()
                .map(|l| q.languages.iter().any(|lang| l == lang || l.starts_with(&format!("{lang}-"))))
                .collect()
        });
        let years: std::collections::HashSet<i32> = q.years.iter().copied().collect();
        Self {
            nothing,
            author,
            relay,
            local_only: q.local_only,
            remote_only: q.remote_only,
            knowledge_space_only: q.knowledge_space_only,
            include_hidden: q.include_hidden,
            since: q.since.map_or(i64::MIN, |t| t.0),
            until: q.until.map_or(i64::MAX, |t| t.0),
            newer_than: q.newer_than.unwrap_or(i64::MIN),
            sdgs: q.sdgs.iter().fold(0, |bits, g| bits | 1 << u32::from(g.number())),
            mdgs: q.mdgs.iter().fold(0, |bits, g| bits | 1 << u16::from(g.number())),
            period: (!q.period_years.is_empty()).then(|| {
                let mut chosen = [false; 256];
                for y in &q.period_years {
                    if let Ok(i) = usize::try_from(y - PERIOD_BASE)
                        && let Some(slot) = chosen.get_mut(i)
                    {
                        *slot = true;
                    }
                }
                chosen
            }),
            // Countries and regions are one facet, the place: any of them,
            // or a region itself (practices placed there without a country).
            countries: match (&q.countries, &q.regions) {
                (None, None) if q.region_places.is_empty() => None,
                (cs, rs) => {
                    let mut set = codes(&cs.iter().chain(rs).flatten().cloned().collect());
                    for code in &q.region_places {
                        if let Some(i) = s.countries.get(code) {
                            set[i as usize] = true;
                        }
                    }
                    Some(set)
                }
            },
            languages,
            kinds: chosen(q.kinds.is_empty(), value_set(&s.kinds, q.kinds.iter().map(|k| k.as_str().to_owned()))),
            themes: chosen(q.themes.is_empty(), value_set(&s.themes, q.themes.iter().map(|t| t.slug().to_owned()))),
            authors: chosen(q.authors.is_empty(), value_set(&s.authors, q.authors.iter().map(|a| a.0))),
            relays: chosen(q.associations.is_empty(), value_set(&s.relays, q.associations.iter().map(|a| a.0))),
            months: chosen(
                q.years.is_empty(),
                s.months.values.iter().map(|m| years.contains(&m.div_euclid(12))).collect(),
            ),
        }
    }

    /// Whether the entry is within the search's scope: everything but the
    /// facet selections.
    fn scope(&self, e: &Entry) -> bool {
        e.id > self.newer_than
            && (self.include_hidden || !e.hidden)
            && self.author.is_none_or(|a| e.author == a)
            && e.published_at >= self.since
            && e.published_at < self.until
            && (!self.local_only || e.local)
            && (!self.remote_only || !e.local)
            && (!self.knowledge_space_only || e.knowledge_space)
            && self.relay.is_none_or(|r| e.relays.contains(&r))
    }

    /// The facets whose selection the entry misses (0: it matches).
    fn missed_facets(&self, e: &Entry) -> u16 {
        let mut missed = 0;
        let mut check = |facet: u16, ok: bool| {
            if !ok {
                missed |= facet;
            }
        };
        check(SDG, self.sdgs == 0 || e.sdgs & self.sdgs != 0);
        check(MDG, self.mdgs == 0 || e.mdgs & self.mdgs != 0);
        if let Some(chosen) = &self.period {
            check(PERIOD, e.period.0 > 0 && chosen[usize::from(e.period.0)..=usize::from(e.period.1)].contains(&true));
        }
        check(COUNTRY, accepts(&self.countries, e.country));
        check(LANGUAGE, accepts(&self.languages, e.language));
        check(KIND, accepts(&self.kinds, e.kind));
        check(AUTHOR, accepts(&self.authors, e.author));
        check(YEAR, accepts(&self.months, e.month));
        if let Some(set) = &self.themes {
            let has = |t: u32| set.get(t as usize).copied().unwrap_or(false);
            let mut bits = e.theme_mask;
            let mut any = e.more_themes.iter().any(|t| has(*t));
            while bits != 0 && !any {
                any = has(bits.trailing_zeros());
                bits &= bits - 1;
            }
            check(THEME, any);
        }
        if let Some(set) = &self.relays {
            check(ASSOCIATION, e.relays.iter().any(|r| set.get(*r as usize).copied().unwrap_or(false)));
        }
        missed
    }
}

/// Facet counters, indexed like the interners.
struct Counts {
    sdg: [i64; 18],
    mdg: [i64; 9],
    /// By year after [`PERIOD_BASE`].
    period: [i64; 256],
    country: Vec<i64>,
    language: Vec<i64>,
    kind: Vec<i64>,
    theme: Vec<i64>,
    author: Vec<i64>,
    relay: Vec<i64>,
    month: Vec<i64>,
}

fn bump(counts: &mut [i64], id: u32) {
    if let Some(n) = counts.get_mut(id as usize) {
        *n += 1;
    }
}

/// Parses stored values back into their types (values that no longer parse are skipped).
fn parsed<T>(list: Vec<(String, i64)>, parse: impl Fn(&str) -> Option<T>) -> Vec<(T, i64)> {
    list.into_iter().filter_map(|(v, n)| parse(&v).map(|x| (x, n))).collect()
}

/// Values with a count, largest first (ties in value order), at most `MAX_FACET_VALUES`.
fn top<T: Clone + Ord>(counts: &[i64], values: &[T]) -> Vec<(T, i64)> {
    let mut v: Vec<(T, i64)> =
        counts.iter().zip(values).filter(|(n, _)| **n > 0).map(|(n, value)| (value.clone(), *n)).collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    v.truncate(MAX_FACET_VALUES);
    v
}

impl Counts {
    fn new(s: &State) -> Self {
        Self {
            sdg: [0; 18],
            mdg: [0; 9],
            period: [0; 256],
            country: vec![0; s.countries.len()],
            language: vec![0; s.languages.len()],
            kind: vec![0; s.kinds.len()],
            theme: vec![0; s.themes.len()],
            author: vec![0; s.authors.len()],
            relay: vec![0; s.relays.len()],
            month: vec![0; s.months.len()],
        }
    }

    /// Counts the entry in the facets of `facets` (bits as in [`Filter::missed_facets`]).
    fn add(&mut self, e: &Entry, facets: u16) {
        if facets & SDG != 0 {
            let mut bits = e.sdgs;
            while bits != 0 {
                self.sdg[bits.trailing_zeros() as usize] += 1;
                bits &= bits - 1;
            }
        }
        if facets & MDG != 0 {
            let mut bits = e.mdgs;
            while bits != 0 {
                self.mdg[bits.trailing_zeros() as usize] += 1;
                bits &= bits - 1;
            }
        }
        if facets & PERIOD != 0 && e.period.0 > 0 {
            for n in &mut self.period[usize::from(e.period.0)..=usize::from(e.period.1)] {
                *n += 1;
            }
        }
        if facets & COUNTRY != 0 {
            bump(&mut self.country, e.country);
        }
        if facets & LANGUAGE != 0 {
            bump(&mut self.language, e.language);
        }
        if facets & KIND != 0 {
            bump(&mut self.kind, e.kind);
        }
        if facets & AUTHOR != 0 {
            bump(&mut self.author, e.author);
        }
        if facets & THEME != 0 {
            let mut bits = e.theme_mask;
            while bits != 0 {
                bump(&mut self.theme, bits.trailing_zeros());
                bits &= bits - 1;
            }
            for t in &e.more_themes {
                bump(&mut self.theme, *t);
            }
        }
        if facets & ASSOCIATION != 0 {
            for r in &e.relays {
                bump(&mut self.relay, *r);
            }
        }
        if facets & YEAR != 0 {
            bump(&mut self.month, e.month);
        }
    }

    fn into_facets(self, s: &State) -> Facets {
        let sdg = (1..=17u8)
            .filter(|g| self.sdg[usize::from(*g)] > 0)
            .filter_map(|g| Sdg::new(i64::from(g)).ok().map(|s| (s, self.sdg[usize::from(g)])))
            .collect();
        let mdg = (1..=8u8)
            .filter(|g| self.mdg[usize::from(*g)] > 0)
            .filter_map(|g| Mdg::new(i64::from(g)).ok().map(|m| (m, self.mdg[usize::from(g)])))
            .collect();
        let places = top(&self.country, &s.countries.values);
        // Country codes are letters, region codes digits.
        let (regions, countries): (Vec<_>, Vec<_>) =
            places.into_iter().partition(|(v, _)| v.starts_with(|c: char| c.is_ascii_digit()));
        let country: Vec<(Country, i64)> = parsed(countries, |v| Country::parse(v).ok());
        let region: Vec<(Region, i64)> = parsed(regions, |v| Region::lookup(v).ok());
        let period = (1..256usize)
            .rev()
            .filter(|y| self.period[*y] > 0)
            .map(|y| (PERIOD_BASE + y as i32, self.period[y]))
            .collect();
        let kind: Vec<(PracticeKind, i64)> = parsed(top(&self.kind, &s.kinds.values), |v| PracticeKind::parse(v).ok());
        // The UNPACS thematic areas, in their order.
        let theme = Theme::unpaks_areas()
            .iter()
            .filter_map(|area| {
                let n = s.themes.get(&area.slug).map_or(0, |i| self.theme[i as usize]);
                (n > 0).then(|| Theme::parse(&area.slug).ok().map(|t| (t, n))).flatten()
            })
            .collect();
        let mut years: HashMap<i32, i64> = HashMap::new();
        for (n, m) in self.month.iter().zip(&s.months.values).filter(|(n, _)| **n > 0) {
            *years.entry(m.div_euclid(12)).or_default() += n;
        }
        let mut year: Vec<(i32, i64)> = years.into_iter().collect();
        year.sort_unstable_by_key(|y| std::cmp::Reverse(y.0));
        Facets {
            sdg,
            mdg,
            country,
            region,
            period,
            language: top(&self.language, &s.languages.values),
            kind,
            theme,
            author: top(&self.author, &s.authors.values).into_iter().map(|(a, n)| (ActorId(a), n)).collect(),
            association: top(&self.relay, &s.relays.values).into_iter().map(|(a, n)| (ActorId(a), n)).collect(),
            year,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_count_from_year_zero_in_utc() {
        // 2026-11-29T00:00:00Z
        assert_eq!(month_of(1_795_910_400_000), 2026 * 12 + 10);
        assert_eq!(month_of(0), 1970 * 12);
    }

    #[test]
    fn counting_from_the_end_agrees_with_a_binary_search() {
        let ids: Vec<i64> = (0..1_000).map(|i| i * 3).collect();
        for id in -2..3_005 {
            for end in [0, 1, 7, 500, 999, 1_000] {
                let slice = &ids[..end];
                assert_eq!(count_up_to(slice, id), slice.partition_point(|x| *x <= id), "id {id}, end {end}");
            }
        }
    }

    #[test]
    fn patterns_carry_no_query_syntax_a_reader_typed() {
        let p = text_pattern(Dialect::Sqlite, "\"bus\"* OR NEAR(x)").expect("words");
        assert!(p.all.starts_with("(\"bus\"*") && !p.all.contains("NEAR(") && !p.all.contains("\"\"*"), "{}", p.all);
        let p = text_pattern(Dialect::Postgres, "cities 交通").expect("words");
        assert!(
            p.all.starts_with("(cities:* | ") && p.all.contains("| citi0en |") && p.all.ends_with("& (交通)"),
            "{}",
            p.all
        );
        assert!(p.title.contains("citi0en:A") && p.title.contains("cities:*A"), "{}", p.title);
        assert!(text_pattern(Dialect::Sqlite, "*:&|!").is_none());
    }
}
