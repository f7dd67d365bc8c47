//! Search latency over 100,000 practices on SQLite: the full search of the
//! API (page of results + total + facet counts) beside the raw query — the
//! same search without total or facets: every match from the FTS5 index,
//! then the page's rows — in the same run.
//!
//! Run: `cargo bench -p ecities_store --bench search` (about two minutes to
//! insert the practices; `ECITIES_SEARCH_BENCH_DB=/tmp/search.db` keeps the
//! database for the next run).

use std::time::{Duration, Instant};

use ecities_core::actor::{KeyPair, NewLocalActor};
use ecities_core::practice::{NewPractice, PracticeInput};
use ecities_core::store::{ActorStore, Page, PracticeQuery, PracticeStore, SearchOrder, SearchStore};
use ecities_core::taxonomy::{Country, Sdg};
use ecities_core::time::Timestamp;
use ecities_core::urls::NodeUrls;
use ecities_store::{DatabaseUrl, connect, migrate};
use sqlx::Row;
use url::Url;

const PRACTICES: usize = 100_000;
/// What the search returns for each practice on the page.
const COLUMNS: &str = "p.id, p.key, p.ap_id, p.url, p.author_id, p.local, p.title, p.summary, p.content_markdown, \
     p.content_html, p.language, p.kind, p.sdgs, p.country, p.translations, p.details, p.published_at, p.updated_at, \
     p.deleted_at";
const QUERIES: usize = 200;
/// Distinct words in the corpus; their frequencies follow Zipf's law, as in natural text.
const VOCABULARY: usize = 5_000;
const BODY_WORDS: usize = 120;
const COUNTRIES: &[&str] = &["KR", "DE", "BR", "US", "KE", "IN", "FR", "MX", "JP", "ZA"];

/// A small deterministic generator (no RNG dependency, same data every run).
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> usize {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (self.0 >> 33) as usize
    }
    fn unit(&mut self) -> f64 {
        self.next() as f64 / (1u64 << 31) as f64
    }
}

/// Pseudo-words built from syllables (distinct, pronounceable, no shared
/// stems beyond chance) and a Zipf (s = 1) sampler over their ranks.
struct Corpus {
    words: Vec<String>,
    cumulative: Vec<f64>,
}

impl Corpus {
    fn new() -> Self {
        const C: &[u8] = b"bcdfghjklmnprstvwxyz";
        const V: &[u8] = b"aeiou";
        let syllable = |i: usize| format!("{}{}", C[i % C.len()] as char, V[(i / C.len()) % V.len()] as char);
        let words: Vec<String> = (0..VOCABULARY)
            .map(|i| format!("{}{}{}", syllable(i % 100), syllable(i / 100), syllable(i * 7 % 97)))
            .collect();
        let mut total = 0.0;
        let cumulative = (1..=VOCABULARY)
            .map(|r| {
                total += 1.0 / r as f64;
                total
            })
            .collect();
        Self { words, cumulative }
    }

    /// A word drawn with its natural (Zipf) frequency.
    fn draw(&self, rng: &mut Lcg) -> &str {
        let total = self.cumulative[VOCABULARY - 1];
        let u = rng.unit() * total;
        let rank = self.cumulative.partition_point(|c| *c < u).min(VOCABULARY - 1);
        &self.words[rank]
    }

    fn sentence(&self, rng: &mut Lcg, n: usize) -> String {
        (0..n).map(|_| self.draw(rng)).collect::<Vec<_>>().join(" ")
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The kinds of query measured.
#[derive(Clone, Copy)]
enum Shape {
    /// One topical word (rank 100–2,000) plus SDG and country filters on some queries.
    Typical,
    /// A word among the 20 most frequent: matches a large share of everything.
    CommonWord,
    /// A country filter, no words.
    CountryOnly,
    /// No filter at all: the search page as first opened.
    Everything,
    /// One topical word ordered by relevance (BM25), as the API answers words by default.
    Ranked,
    /// One of the 20 most frequent words by relevance: BM25 over every match.
    RankedCommon,
    /// Two goals (either) and two countries (either), no words: facet counts
    /// that each ignore their own selection.
    TwoFacets,
}

#[tokio::main]
async fn main() {
    // ECITIES_SEARCH_BENCH_DB keeps the database between runs (the inserts
    // take a while); by default it lives in a temporary directory.
    let dir = tempfile::tempdir().expect("dir");
    let path =
        std::env::var("ECITIES_SEARCH_BENCH_DB").unwrap_or_else(|_| dir.path().join("search.db").display().to_string());
    let url: DatabaseUrl = format!("sqlite://{path}").parse().expect("url");
    let store = connect(&url, None).await.expect("connect");
    migrate(&store).await.expect("migrate");
    let urls = NodeUrls::new(&Url::parse("https://bench.example").expect("url")).expect("urls");
    let new = NewLocalActor::parse("bench", "city", None, Some("KR")).expect("actor");
    let keys = KeyPair { public_pem: "p".into(), private_pem: "s".into() };
    let existing: i64 = sqlx::query("SELECT COUNT(*) FROM practices")
        .fetch_one(store.pool())
        .await
        .map(|r| r.get::<i64, _>(0))
        .expect("count");
    let reuse = existing == PRACTICES as i64;
    let actor = match store.local_actor_by_name(&new.name).await.expect("actor") {
        Some(a) => a,
        None => store.create_local_actor(&new, &urls.location(&new.name), &keys).await.expect("actor"),
    };

    let corpus = Corpus::new();
    let mut rng = Lcg(42);
    let start = Instant::now();
    for i in (0..PRACTICES).filter(|_| !reuse) {
        let input = PracticeInput {
            title: Some(format!("{} programme {i}", corpus.sentence(&mut rng, 5))),
            summary: Some(corpus.sentence(&mut rng, 15)),
            content: Some(corpus.sentence(&mut rng, BODY_WORDS)),
            language: Some(["en", "de", "pt", "ko"][rng.next() % 4].into()),
            kind: Some(["best_practice", "lesson_learned", "case_study", "policy"][rng.next() % 4].into()),
            sdgs: Some(vec![(rng.next() % 17 + 1) as i64, (rng.next() % 17 + 1) as i64]),
            country: Some(COUNTRIES[rng.next() % COUNTRIES.len()].into()),
            themes: Some(vec![["e-government", "citizen-engagement"][rng.next() % 2].into()]),
            ..Default::default()
        };
        let key = format!("k{i}");
        let ap_id = urls.practice(&key);
        let p =
            NewPractice::local(key, ap_id.clone(), ap_id, actor.id, input.parse().expect("valid"), Timestamp::now());
        store.insert_practice(&p, &[], &[]).await.expect("insert");
    }
    let insert_secs = start.elapsed().as_secs_f64();
    // The first search loads the facet index (once per process).
    let start = Instant::now();
    store.search(&PracticeQuery::default(), Page::first(1), false).await.expect("warm");
    let load_ms = ms(start.elapsed());
    let mut rng = Lcg(7);

    println!(
        "search over {PRACTICES} practices on SQLite ({QUERIES} queries each; inserted in {insert_secs:.0} s, index loaded in {load_ms:.0} ms)"
    );
    println!(
        "| query | matches (median) | counted exactly | raw query p50 ms | raw query p95 ms | full search p50 ms | full search p95 ms | full / raw at p95 |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    for (label, shape) in [
        ("one topical word (+ SDG / country on some)", Shape::Typical),
        ("one of the 20 most frequent words", Shape::CommonWord),
        ("country only, no words", Shape::CountryOnly),
        ("no filter (the search page as opened)", Shape::Everything),
        ("one topical word, by relevance", Shape::Ranked),
        ("one of the 20 most frequent words, by relevance", Shape::RankedCommon),
        ("two SDGs and two countries (either of each), no words", Shape::TwoFacets),
    ] {
        let mut full = Vec::with_capacity(QUERIES);
        let mut raw = Vec::with_capacity(QUERIES);
        let mut matches = Vec::with_capacity(QUERIES);
        let mut exact = 0;
        for i in 0..QUERIES {
            let word = match shape {
                Shape::Typical | Shape::Ranked => Some(corpus.words[100 + rng.next() % 1_900].clone()),
                Shape::CommonWord | Shape::RankedCommon => Some(corpus.words[rng.next() % 20].clone()),
                _ => None,
            };
            let two = |n: usize| [n % 17 + 1, (n + 5) % 17 + 1];
            let query = PracticeQuery {
                text: word.clone(),
                sdgs: match shape {
                    Shape::Typical if i % 2 == 0 => vec![Sdg::new((i % 17 + 1) as i64).expect("sdg")],
                    Shape::TwoFacets => two(i).iter().map(|n| Sdg::new(*n as i64).expect("sdg")).collect(),
                    _ => Vec::new(),
                },
                countries: match shape {
                    Shape::CountryOnly => Some(vec![Country::parse(COUNTRIES[i % COUNTRIES.len()]).expect("country")]),
                    Shape::Typical if i % 3 == 0 => {
                        Some(vec![Country::parse(COUNTRIES[i % COUNTRIES.len()]).expect("country")])
                    }
                    Shape::TwoFacets => Some(
                        [i, i + 3].iter().map(|n| Country::parse(COUNTRIES[n % COUNTRIES.len()]).expect("c")).collect(),
                    ),
                    _ => None,
                },
                sort: if matches!(shape, Shape::Ranked | Shape::RankedCommon) {
                    SearchOrder::Relevance
                } else {
                    SearchOrder::Newest
                },
                ..Default::default()
            };
            // The raw query: the same search without total or facets — every
            // match straight from the full-text index (or, with no words, the
            // table), then the 20 newest matches' rows. No filter is applied
            // to the matches: the full-text index cannot apply them.
            let sql = match (&word, &query.countries) {
                // By relevance the raw query ranks the matches counted (the
                // newest 10,000 at most) with BM25, as the search does.
                (Some(w), _) if query.sort == SearchOrder::Relevance => format!(
                    "SELECT group_concat(rowid) FROM (SELECT rowid FROM practices_fts WHERE practices_fts MATCH '\"{w}\"*' \
                     AND rowid >= (SELECT MIN(rowid) FROM (SELECT rowid FROM practices_fts WHERE practices_fts MATCH '\"{w}\"*' \
                     ORDER BY rowid DESC LIMIT 10000)) ORDER BY bm25(practices_fts, 10.0, 4.0, 1.0) LIMIT 1000000000)"
                ),
                (Some(w), _) => {
                    format!("SELECT group_concat(rowid) FROM practices_fts WHERE practices_fts MATCH '\"{w}\"*'")
                }
                (None, Some(c)) => format!(
                    "SELECT group_concat(id) FROM practices WHERE deleted_at IS NULL AND country IN ({})",
                    c.iter().map(|c| format!("'{}'", c.code())).collect::<Vec<_>>().join(", ")
                ),
                (None, None) => "SELECT group_concat(id) FROM practices WHERE deleted_at IS NULL".to_owned(),
            };
            let t = Instant::now();
            let row = sqlx::query(sqlx::AssertSqlSafe(sql)).fetch_one(store.pool()).await.expect("raw");
            let ids: Option<String> = row.get(0);
            let mut ids: Vec<i64> = ids.unwrap_or_default().split(',').filter_map(|s| s.parse().ok()).collect();
            ids.sort_unstable();
            let newest: Vec<String> = ids.iter().rev().take(20).map(ToString::to_string).collect();
            let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
                "SELECT {COLUMNS} FROM practices p WHERE p.id IN ({})",
                newest.join(", ")
            )))
            .fetch_all(store.pool())
            .await
            .expect("raw rows");
            raw.push(t.elapsed());
            assert_eq!(rows.len(), newest.len());

            // The API's search: the page, the total and every facet count.
            let t = Instant::now();
            let found = store.search(&query, Page::first(20), true).await.expect("search");
            full.push(t.elapsed());
            assert!(found.practices.len() <= 20);
            assert!(found.facets.is_some());
            matches.push(found.total);
            exact += usize::from(found.exact);
        }
        for v in [&mut raw, &mut full] {
            v.sort();
        }
        matches.sort();
        println!(
            "| {label} | {} | {exact} of {QUERIES} | {:.2} | {:.2} | {:.2} | {:.2} | {:.1}× |",
            matches[matches.len() / 2],
            ms(percentile(&raw, 0.5)),
            ms(percentile(&raw, 0.95)),
            ms(percentile(&full, 0.5)),
            ms(percentile(&full, 0.95)),
            ms(percentile(&full, 0.95)) / ms(percentile(&raw, 0.95)),
        );
    }
}
