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

/// Practices generated: 100,000 unless `ECITIES_SEARCH_BENCH_PRACTICES` says otherwise.
static PRACTICES: std::sync::LazyLock<usize> = std::sync::LazyLock::new(|| {
    std::env::var("ECITIES_SEARCH_BENCH_PRACTICES").ok().and_then(|n| n.parse().ok()).unwrap_or(100_000)
});
/// What the search returns for each practice on the page.
const COLUMNS: &str = "p.id, p.key, p.ap_id, p.url, p.author_id, p.local, p.title, p.summary, p.content_markdown, \
     p.content_html, p.language, p.kind, p.sdgs, p.country, p.translations, p.details, p.published_at, p.updated_at, \
     p.deleted_at";
const QUERIES: usize = 200;
/// Distinct words in the corpus; their frequencies follow Zipf's law, as in natural text.
const VOCABULARY: usize = 5_000;
const BODY_WORDS: usize = 120;
const COUNTRIES: &[&str] = &["KR", "DE", "BR", "US", "KE", "IN", "FR", "MX", "JP", "ZA"];
/// Languages of the practices: Latin-script ones (stemmed but for Korean's
/// romanised stand-in), and Chinese, Arabic and Russian in their scripts.
const LANGUAGES: &[&str] = &["en", "de", "pt", "ko", "zh", "ar", "ru", "fr"];

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

    /// A sentence in a language's script: the same Zipf words written
    /// in Han characters without spaces (`zh`), in Arabic letters with
    /// vowel marks on some (`ar`), in Cyrillic with Russian endings (`ru`),
    /// or as they are.
    fn sentence_in(&self, rng: &mut Lcg, n: usize, language: &str) -> String {
        let words: Vec<String> = (0..n).map(|_| in_script(self.draw(rng), language, rng.next())).collect();
        if language == "zh" { words.concat() } else { words.join(" ") }
    }
}

/// A pseudo-word in the script of `language` (see [`Corpus::sentence_in`]).
fn in_script(word: &str, language: &str, variant: usize) -> String {
    let letters = word.bytes().map(|b| usize::from(b - b'a'));
    match language {
        "zh" => word.as_bytes().chunks(2).map(han).collect(),
        "ar" => letters
            .map(|l| {
                let c = char::from_u32(0x0628 + (l % 20) as u32).unwrap_or('ب');
                if variant.is_multiple_of(2) { c.to_string() } else { format!("{c}\u{064E}") }
            })
            .collect(),
        "ru" => {
            let stem: String = letters.map(|l| char::from_u32(0x0430 + (l % 32) as u32).unwrap_or('а')).collect();
            format!("{stem}{}", ["", "а", "ы", "ов", "ами"][variant % 5])
        }
        _ => word.to_owned(),
    }
}

/// One Han character per syllable (two letters).
fn han(syllable: &[u8]) -> char {
    let n = syllable.iter().fold(0u32, |n, b| n * 26 + u32::from(b - b'a'));
    char::from_u32(0x4E00 + n).unwrap_or('一')
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
    let reuse = existing == *PRACTICES as i64;
    let actor = match store.local_actor_by_name(&new.name).await.expect("actor") {
        Some(a) => a,
        None => store.create_local_actor(&new, &urls.location(&new.name), &keys).await.expect("actor"),
    };

    let corpus = Corpus::new();
    let mut rng = Lcg(42);
    let start = Instant::now();
    for i in (0..*PRACTICES).filter(|_| !reuse) {
        let language = LANGUAGES[rng.next() % LANGUAGES.len()];
        let input = PracticeInput {
            title: Some(format!("{} programme {i}", corpus.sentence_in(&mut rng, 5, language))),
            summary: Some(corpus.sentence_in(&mut rng, 15, language)),
            content: Some(corpus.sentence_in(&mut rng, BODY_WORDS, language)),
            language: Some(language.into()),
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
        "search over {} practices on SQLite ({QUERIES} queries each; inserted in {insert_secs:.0} s, index loaded in {load_ms:.0} ms)",
        *PRACTICES
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

    before_and_after_analysis(&store, &corpus, reuse).await;
}

/// The index before language analysis (the plain text in an FTS5 table
/// of its own, as the store wrote it until migration 0030) beside the
/// analysed one, in the same database and run: size per practice, and
/// one word's raw FTS5 query with the old pattern (the word as a prefix)
/// and the new (every analysed alternative), per script.
async fn before_and_after_analysis(store: &ecities_store::SqlStore, corpus: &Corpus, reuse: bool) {
    let exec = |sql: String| async move {
        sqlx::query(sqlx::AssertSqlSafe(sql)).execute(store.pool()).await.expect("sql");
    };
    if !reuse {
        exec("DROP TABLE IF EXISTS plain_fts".into()).await;
        exec("CREATE VIRTUAL TABLE plain_fts USING fts5 (title, summary, body, tokenize = 'unicode61 remove_diacritics 2')"
            .into())
        .await;
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM practices p")))
            .fetch_all(store.pool())
            .await
            .expect("rows");
        for row in rows {
            let id: i64 = row.get("id");
            let html: String = row.get("content_html");
            let body = ecities_core::content::SafeHtml::from_trusted_storage(html).plain_text();
            sqlx::query("INSERT INTO plain_fts (rowid, title, summary, body) VALUES ($1, $2, $3, $4)")
                .bind(id)
                .bind(row.get::<String, _>("title"))
                .bind(row.get::<String, _>("summary"))
                .bind(body)
                .execute(store.pool())
                .await
                .expect("plain row");
        }
    }
    let size = |table: &'static str| async move {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT (SELECT SUM(length(block)) FROM {table}_data) AS idx, \
             (SELECT SUM(length(c0) + length(c1) + length(c2)) FROM {table}_content) AS text"
        )))
        .fetch_one(store.pool())
        .await
        .expect("size");
        (row.get::<i64, _>("idx") as f64 / *PRACTICES as f64, row.get::<i64, _>("text") as f64 / *PRACTICES as f64)
    };
    let (plain_idx, plain_text) = size("plain_fts").await;
    let (analysed_idx, analysed_text) = size("practices_fts").await;
    println!();
    println!(
        "index per practice: before {plain_idx:.0} B index + {plain_text:.0} B text; after {analysed_idx:.0} B index + {analysed_text:.0} B terms"
    );
    println!();
    println!(
        "| one topical word in | before p50 ms | before p95 ms | after p50 ms | after p95 ms | matches before (median) | matches after (median) |"
    );
    println!("|---|---|---|---|---|---|---|");
    let mut rng = Lcg(11);
    for language in ["en", "ru", "ar", "zh"] {
        let (mut before, mut after, mut n_before, mut n_after) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for _ in 0..QUERIES {
            let word = in_script(&corpus.words[100 + rng.next() % 1_900], language, rng.next());
            // Chinese: two characters of the word (a word inside a run).
            let word = if language == "zh" { word.chars().take(2).collect() } else { word };
            let old = format!("\"{word}\"*");
            let new = ecities_core::analysis::AnalysedQuery::parse(&word)
                .groups
                .iter()
                .map(|g| {
                    let alts: Vec<String> = g
                        .iter()
                        .map(|t| match t {
                            ecities_core::analysis::QueryTerm::Prefix(w) => format!("\"{w}\"*"),
                            ecities_core::analysis::QueryTerm::Exact(w) => format!("\"{w}\""),
                        })
                        .collect();
                    format!("({})", alts.join(" OR "))
                })
                .collect::<Vec<_>>()
                .join(" AND ");
            for (table, pattern, times, counts) in
                [("plain_fts", old, &mut before, &mut n_before), ("practices_fts", new, &mut after, &mut n_after)]
            {
                let t = Instant::now();
                let row = sqlx::query(sqlx::AssertSqlSafe(format!(
                    "SELECT group_concat(rowid) FROM {table} WHERE {table} MATCH $1"
                )))
                .bind(pattern)
                .fetch_one(store.pool())
                .await
                .expect("match");
                times.push(t.elapsed());
                let ids: Option<String> = row.get(0);
                counts.push(ids.map_or(0, |s| s.split(',').count()));
            }
        }
        for v in [&mut before, &mut after] {
            v.sort();
        }
        n_before.sort();
        n_after.sort();
        println!(
            "| {language} | {:.2} | {:.2} | {:.2} | {:.2} | {} | {} |",
            ms(percentile(&before, 0.5)),
            ms(percentile(&before, 0.95)),
            ms(percentile(&after, 0.5)),
            ms(percentile(&after, 0.95)),
            n_before[n_before.len() / 2],
            n_after[n_after.len() / 2],
        );
    }
}
