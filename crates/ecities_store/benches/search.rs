//! Search latency over 100,000 practices on SQLite: the full search of the
//! API (page of results + total + facet counts) beside the raw FTS5 query
//! for the same words, in the same run.
//!
//! Run: `cargo bench -p ecities_store --bench search` (takes a minute to
//! insert the practices).

use std::time::{Duration, Instant};

use ecities_core::actor::{KeyPair, NewLocalActor};
use ecities_core::practice::{NewPractice, PracticeInput};
use ecities_core::store::{Page, PracticeQuery, Store};
use ecities_core::taxonomy::{Country, Sdg};
use ecities_core::time::Timestamp;
use ecities_core::urls::NodeUrls;
use ecities_store::{DatabaseUrl, connect, migrate};
use sqlx::Row;
use url::Url;

const PRACTICES: usize = 100_000;
const QUERIES: usize = 200;
const WORDS: &[&str] = &[
    "bus", "water", "solar", "housing", "waste", "budget", "digital", "permit", "school", "garden", "bike", "flood",
    "heat", "energy", "library", "clinic", "market", "park", "transit", "youth", "elderly", "data", "portal", "tax",
];
const COUNTRIES: &[&str] = &["KR", "DE", "BR", "US", "KE", "IN", "FR", "MX", "JP", "ZA"];

/// A small deterministic generator (no RNG dependency, same data every run).
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> usize {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (self.0 >> 33) as usize
    }
    fn word(&mut self) -> &'static str {
        WORDS[self.next() % WORDS.len()]
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

#[tokio::main]
async fn main() {
    let dir = tempfile::tempdir().expect("dir");
    let url: DatabaseUrl = format!("sqlite://{}/search.db", dir.path().display()).parse().expect("url");
    let store = connect(&url, None).await.expect("connect");
    migrate(&store).await.expect("migrate");
    let urls = NodeUrls::new(&Url::parse("https://bench.example").expect("url")).expect("urls");
    let new = NewLocalActor::parse("bench", "city", None, Some("KR")).expect("actor");
    let keys = KeyPair { public_pem: "p".into(), private_pem: "s".into() };
    let actor = store.create_local_actor(&new, &urls.location(&new.name), &keys).await.expect("actor");

    let mut rng = Lcg(42);
    let start = Instant::now();
    for i in 0..PRACTICES {
        let title = format!("{} {} {} programme {i}", rng.word(), rng.word(), rng.word());
        let body: Vec<&str> = (0..40).map(|_| rng.word()).collect();
        let input = PracticeInput {
            title: Some(title),
            summary: Some(format!("How the city improved {} and {}.", rng.word(), rng.word())),
            content: Some(body.join(" ")),
            language: Some(["en", "de", "pt", "ko"][rng.next() % 4].into()),
            kind: Some(["best_practice", "lesson_learned", "case_study", "policy"][rng.next() % 4].into()),
            sdgs: Some(vec![(rng.next() % 17 + 1) as i64, (rng.next() % 17 + 1) as i64]),
            country: Some(COUNTRIES[rng.next() % COUNTRIES.len()].into()),
            ..Default::default()
        };
        let key = format!("k{i}");
        let ap_id = urls.practice(&key);
        let p =
            NewPractice::local(key, ap_id.clone(), ap_id, actor.id, input.parse().expect("valid"), Timestamp::now());
        store.insert_practice(&p, &[]).await.expect("insert");
    }
    let insert_secs = start.elapsed().as_secs_f64();

    let mut full = Vec::with_capacity(QUERIES);
    let mut raw = Vec::with_capacity(QUERIES);
    let mut broad = Vec::with_capacity(QUERIES);
    for i in 0..QUERIES {
        let word = rng.word();
        let query = PracticeQuery {
            text: Some(word.into()),
            sdg: (i % 2 == 0).then(|| Sdg::new((i % 17 + 1) as i64).expect("sdg")),
            countries: (i % 3 == 0).then(|| vec![Country::parse(COUNTRIES[i % COUNTRIES.len()]).expect("country")]),
            ..Default::default()
        };
        let t = Instant::now();
        let page = store.search_practices(&query, Page::first(20)).await.expect("search");
        let _total = store.count_practices(&query).await.expect("count");
        let _facets = store.facets(&query).await.expect("facets");
        full.push(t.elapsed());
        assert!(page.len() <= 20);

        let t = Instant::now();
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT rowid FROM practices_fts WHERE practices_fts MATCH '\"{word}\"*' ORDER BY rowid DESC LIMIT 20"
        )))
        .fetch_all(store.pool())
        .await
        .expect("raw");
        let _: Vec<i64> = rows.iter().map(|r| r.get::<i64, _>(0)).collect();
        raw.push(t.elapsed());

        // A facet-only query (no text): the heaviest case for counts.
        let q = PracticeQuery {
            countries: Some(vec![Country::parse(COUNTRIES[i % COUNTRIES.len()]).expect("c")]),
            ..Default::default()
        };
        let t = Instant::now();
        store.search_practices(&q, Page::first(20)).await.expect("search");
        store.count_practices(&q).await.expect("count");
        store.facets(&q).await.expect("facets");
        broad.push(t.elapsed());
    }
    for v in [&mut full, &mut raw, &mut broad] {
        v.sort();
    }
    println!("search over {PRACTICES} practices on SQLite ({QUERIES} queries each; inserted in {insert_secs:.0} s)");
    println!("| query | p50 ms | p95 ms |");
    println!("|---|---|---|");
    println!("| raw FTS5 MATCH, 20 ids | {:.2} | {:.2} |", ms(percentile(&raw, 0.5)), ms(percentile(&raw, 0.95)));
    println!(
        "| API search: words + filters, page + total + facets | {:.2} | {:.2} |",
        ms(percentile(&full, 0.5)),
        ms(percentile(&full, 0.95))
    );
    println!(
        "| API search: country only, page + total + facets | {:.2} | {:.2} |",
        ms(percentile(&broad, 0.5)),
        ms(percentile(&broad, 0.95))
    );
    println!("full / raw at p95: {:.1}x", ms(percentile(&full, 0.95)) / ms(percentile(&raw, 0.95)));
}
