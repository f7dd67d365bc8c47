//! Scale on PostgreSQL: a generated network of 100,000 city actors and
//! 10 million practices, and a delivery queue of 10 million rows.
//!
//! Run, on a PostgreSQL database of its own that the search bench filled
//! first (`ECITIES_SEARCH_BENCH_N=1000000`, the analysed corpus copied here):
//! `ECITIES_SCALE_BENCH_DB=postgres://USER@HOST:PORT/DATABASE cargo bench -p ecities_store --bench scale`,
//! with `ECITIES_SCALE_BENCH_PRACTICES` (default 10,000,000),
//! `ECITIES_SCALE_BENCH_CITIES` (100,000), `ECITIES_SCALE_BENCH_MEMBERS`
//! (5,000) and `ECITIES_SCALE_BENCH_DELIVERIES` (10,000,000).
//!
//! Everything is generated inside the database (`INSERT … SELECT`,
//! `generate_series`), never through HTTP:
//! - city actors (remote, one host and inbox each, no shared inbox: a
//!   fan-out queues one delivery per member), each following three others;
//! - one local association actor followed by the first `MEMBERS` cities;
//! - practices beyond those already there, copied from them with new ids,
//!   keys and URLs, authored by the cities (remote practices): title and
//!   summary only (the body is the summary, the full-text entry the title's
//!   and summary's terms of the source, `ts_filter(search, '{a,b}')`). The
//!   practices' secondary indexes are dropped during the copy and rebuilt
//!   after it, as a restore does; their definitions are kept in
//!   `scale_bench_indexes` until they are rebuilt.
//!
//! Then, measured in one run:
//! 1. table and index sizes;
//! 2. the follower fan-out of the association (one `Announce` queued for its
//!    followers through `DeliveryStore::enqueue`: the `INSERT … SELECT` a
//!    publication runs) and the claims of the deliveries it queued, through
//!    the store API the delivery worker uses (`claim_deliveries_for` in
//!    batches of 32, `finish_deliveries` in batches of 256; no HTTP),
//!    first with an empty queue table — the ceiling — then with
//!    `DELIVERIES` rows of history in it (most delivered, some failed, some
//!    retrying later);
//! 3. a day's outcomes (a day of announces queued, claimed and delivered,
//!    written by SQL as the worker's statements write them): dead tuples,
//!    claims before and after `VACUUM`, its duration, the autovacuum settings.
//!
//! The bench owns its database: it empties the delivery tables at the start.

use std::time::{Duration, Instant};

use ecities_core::actor::ActorId;
use ecities_core::store::{Audience, DeliveryOutcome, DeliveryStore, OutgoingActivity};
use ecities_core::time::Timestamp;
use ecities_store::{DatabaseUrl, Dialect, SqlStore, connect, migrate};
use sqlx::Row;
use url::Url;

fn setting(name: &str, default: i64) -> i64 {
    std::env::var(name).ok().and_then(|v| v.replace(['_', ','], "").parse().ok()).unwrap_or(default)
}

/// Rounds of fan-out and claims per phase (the median is reported).
const ROUNDS: usize = 3;
/// The delivery worker's claim batch (`CLAIM_BATCH` in the worker).
const CLAIM_BATCH: u32 = 32;
/// The delivery worker's outcome batch (`OUTCOME_BATCH` in the worker).
const OUTCOME_BATCH: usize = 256;
/// Announces per day in the generated history (a day's outcomes are this
/// many times the members).
const ANNOUNCES_PER_DAY: i64 = 100;
const DAY_MS: i64 = 86_400_000;

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(0.0)
}

async fn exec(store: &SqlStore, sql: &str) -> u64 {
    sqlx::query(sqlx::AssertSqlSafe(sql.to_owned()))
        .execute(store.pool())
        .await
        .unwrap_or_else(|e| panic!("{e}: {sql}"))
        .rows_affected()
}

async fn scalar(store: &SqlStore, sql: &str) -> i64 {
    sqlx::query(sqlx::AssertSqlSafe(sql.to_owned()))
        .fetch_one(store.pool())
        .await
        .unwrap_or_else(|e| panic!("{e}: {sql}"))
        .get::<i64, _>(0)
}

/// Statements run on one connection (session settings apply to all).
async fn on_one_connection(store: &SqlStore, statements: &[String]) {
    let mut conn = store.pool().acquire().await.expect("connection");
    for sql in statements {
        let t = Instant::now();
        sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
            .execute(&mut *conn)
            .await
            .unwrap_or_else(|e| panic!("{e}: {sql}"));
        if t.elapsed() > Duration::from_secs(5) {
            eprintln!("{:.0} s: {}", t.elapsed().as_secs_f64(), sql.chars().take(100).collect::<String>());
        }
    }
}

/// The cities, the association and its members, the practices.
async fn generate(store: &SqlStore, cities: i64, members: i64, practices: i64, copy: bool, fulltext: bool) -> i64 {
    let start = Instant::now();
    let now = Timestamp::now().0;
    let have = scalar(store, "SELECT COUNT(*) FROM actors WHERE url LIKE 'https://c%.cities.example/%'").await;
    if have < cities {
        exec(
            store,
            &format!(
                "INSERT INTO actors (url, name, host, kind, local, display_name, country, inbox, outbox, followers_url, \
                 public_key_pem, created_at, updated_at, last_refreshed_at) \
                 SELECT 'https://c' || g || '.cities.example/actors/city', 'city', 'c' || g || '.cities.example', 'city', 0, \
                 'City ' || g, (ARRAY['KR','DE','BR','US','KE','IN','FR','MX','JP','ZA','CN','EG','RU','ES','AR'])[1 + g % 15], \
                 'https://c' || g || '.cities.example/actors/city/inbox', 'https://c' || g || '.cities.example/actors/city/outbox', \
                 'https://c' || g || '.cities.example/actors/city/followers', 'unused', {now}, {now}, {now} \
                 FROM generate_series({}, {cities}) g",
                have + 1
            ),
        )
        .await;
    }
    let first_city = scalar(store, "SELECT MIN(id) FROM actors WHERE url LIKE 'https://c%.cities.example/%'").await;
    let association = match sqlx::query("SELECT id FROM actors WHERE local = 1 AND name = 'scale-association'")
        .fetch_optional(store.pool())
        .await
        .expect("association")
    {
        Some(row) => row.get::<i64, _>(0),
        None => {
            scalar(
                store,
                &format!(
                    "INSERT INTO actors (url, name, host, kind, local, display_name, inbox, outbox, followers_url, \
                     public_key_pem, private_key_pem, created_at, updated_at, last_refreshed_at) VALUES \
                     ('https://bench.example/actors/scale-association', 'scale-association', 'bench.example', 'association', 1, \
                     'Association of cities', 'https://bench.example/actors/scale-association/inbox', \
                     'https://bench.example/actors/scale-association/outbox', \
                     'https://bench.example/actors/scale-association/followers', 'unused', 'unused', {now}, {now}, {now}) \
                     RETURNING id"
                ),
            )
            .await
        }
    };
    // Members follow the association; every city follows three others.
    exec(
        store,
        &format!(
            "INSERT INTO follows (follower_id, target_id, state, created_at, updated_at) \
             SELECT {first_city} + g, {association}, 'accepted', {now}, {now} FROM generate_series(0, {members} - 1) g \
             ON CONFLICT (follower_id, target_id) DO NOTHING"
        ),
    )
    .await;
    if scalar(store, &format!("SELECT COUNT(*) FROM follows WHERE target_id <> {association}")).await == 0 {
        exec(
            store,
            &format!(
                "INSERT INTO follows (follower_id, target_id, state, created_at, updated_at) \
                 SELECT {first_city} + g, {first_city} + (g * 7919 + k * 104729) % {cities}, 'accepted', {now}, {now} \
                 FROM generate_series(0, {cities} - 1) g, generate_series(1, 3) k \
                 ON CONFLICT (follower_id, target_id) DO NOTHING"
            ),
        )
        .await;
    }
    eprintln!("network generated ({:.0} s)", start.elapsed().as_secs_f64());
    if !copy {
        return association;
    }

    // Practices: copies of the analysed corpus, title and summary only.
    let (count, last) = {
        let row = sqlx::query("SELECT COUNT(*) AS n, COALESCE(MAX(id), 0) AS last FROM practices")
            .fetch_one(store.pool())
            .await
            .expect("count");
        (row.get::<i64, _>("n"), row.get::<i64, _>("last"))
    };
    assert_eq!(count, last, "practice ids are not 1..n: not a database the search bench generated");
    exec(store, "CREATE TABLE IF NOT EXISTS scale_bench_indexes (name TEXT PRIMARY KEY, def TEXT NOT NULL)").await;
    let source = scalar(store, "SELECT COALESCE(MIN(id), 0) - 1 FROM practices WHERE key LIKE 'r%'").await;
    let source = if source < 0 { count } else { source };
    assert!(source >= 1_000, "too few practices to copy: run the search bench on this database first");
    if count < practices {
        // Keep the secondary indexes' definitions, then drop them.
        exec(
            store,
            "INSERT INTO scale_bench_indexes (name, def) SELECT indexname, indexdef FROM pg_indexes \
             WHERE tablename = 'practices' AND indexname NOT IN \
             (SELECT conname FROM pg_constraint WHERE conrelid = 'practices'::regclass) ON CONFLICT (name) DO NOTHING",
        )
        .await;
        let names: Vec<String> = sqlx::query("SELECT name FROM scale_bench_indexes")
            .fetch_all(store.pool())
            .await
            .expect("indexes")
            .iter()
            .map(|r| r.get::<String, _>(0))
            .collect();
        for name in names {
            exec(store, &format!("DROP INDEX IF EXISTS {name}")).await;
        }
        let mut from = count;
        while from < practices {
            let to = practices.min(from + source);
            let t = Instant::now();
            // Copy number k of source practice s has id k * source + s.
            exec(
                store,
                &format!(
                    "INSERT INTO practices (id, key, ap_id, url, author_id, local, title, summary, content_markdown, \
                     content_html, language, kind, sdgs, country, translations, details, published_at, updated_at, \
                     changed_at, search) \
                     SELECT s.id + {off}, 'r' || (s.id + {off}), \
                     'https://c' || c.n || '.cities.example/practices/r' || (s.id + {off}), \
                     'https://c' || c.n || '.cities.example/practices/r' || (s.id + {off}), \
                     {first_city} + c.n - 1, 0, s.title, s.summary, NULL, '<p>' || s.summary || '</p>', s.language, s.kind, \
                     s.sdgs, s.country, s.translations, s.details, s.published_at, s.updated_at, s.changed_at, \
                     ts_filter(s.search, '{{a,b}}') \
                     FROM practices s, LATERAL (SELECT 1 + ((s.id + {off}) * 7919) % {cities} AS n) c \
                     WHERE s.id BETWEEN {a} AND {b}",
                    off = from - from % source,
                    a = from % source + 1,
                    b = to - (from - from % source),
                ),
            )
            .await;
            println!("{to} practices ({:.0} s for this step)", t.elapsed().as_secs_f64());
            from = to;
        }
        exec(store, "SELECT setval(pg_get_serial_sequence('practices', 'id'), (SELECT MAX(id) FROM practices))").await;
    }
    // Rebuild what was dropped (also after an interrupted run).
    // B-trees first, the full-text GIN index (the longest) last.
    let defs: Vec<(String, String)> =
        sqlx::query("SELECT name, def FROM scale_bench_indexes ORDER BY def LIKE '%USING gin%', name")
            .fetch_all(store.pool())
            .await
            .expect("indexes")
            .iter()
            .map(|r| (r.get::<String, _>(0), r.get::<String, _>(1)))
            .collect();
    for (name, def) in defs {
        if def.contains("USING gin") && !fulltext {
            println!("index {name} not built (the step `fulltext` builds it)");
            continue;
        }
        let t = Instant::now();
        on_one_connection(
            store,
            &[
                "SET maintenance_work_mem = '1GB'".to_owned(),
                format!("DROP INDEX IF EXISTS {name}"),
                def,
                format!("DELETE FROM scale_bench_indexes WHERE name = '{name}'"),
                "RESET maintenance_work_mem".to_owned(),
            ],
        )
        .await;
        println!("index {name} built in {:.0} s", t.elapsed().as_secs_f64());
    }
    exec(store, "ANALYZE practices").await;
    exec(store, "ANALYZE actors").await;
    exec(store, "ANALYZE follows").await;
    eprintln!("practices ready ({:.0} s)", start.elapsed().as_secs_f64());
    association
}

/// Sizes of the largest tables (with TOAST and indexes) and indexes.
async fn sizes(store: &SqlStore) {
    let rows = sqlx::query(
        "SELECT c.relname::text AS name, c.relkind::text AS kind, c.reltuples::bigint AS tuples, \
         pg_relation_size(c.oid) AS main, pg_total_relation_size(c.oid) AS total, \
         CASE WHEN c.relkind = 'r' THEN pg_indexes_size(c.oid) ELSE 0 END AS indexes, \
         CASE WHEN c.relkind = 'r' AND c.reltoastrelid <> 0 THEN pg_total_relation_size(c.reltoastrelid) ELSE 0 END AS toast \
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
         WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'i') AND pg_total_relation_size(c.oid) > 1000000 \
         ORDER BY c.relkind DESC, pg_total_relation_size(c.oid) DESC",
    )
    .fetch_all(store.pool())
    .await
    .expect("sizes");
    let mb = |b: i64| b as f64 / 1e6;
    println!("| table | rows (estimate) | total MB | heap MB | TOAST MB | indexes MB | bytes per row (total) |");
    println!("|---|---|---|---|---|---|---|");
    for r in rows.iter().filter(|r| r.get::<String, _>("kind") == "r") {
        let tuples = r.get::<i64, _>("tuples").max(1);
        println!(
            "| {} | {} | {:.0} | {:.0} | {:.0} | {:.0} | {:.0} |",
            r.get::<String, _>("name"),
            tuples,
            mb(r.get("total")),
            mb(r.get("main")),
            mb(r.get("toast")),
            mb(r.get("indexes")),
            r.get::<i64, _>("total") as f64 / tuples as f64
        );
    }
    println!();
    println!("| index | MB |");
    println!("|---|---|");
    for r in rows.iter().filter(|r| r.get::<String, _>("kind") == "i") {
        println!("| {} | {:.0} |", r.get::<String, _>("name"), mb(r.get("total")));
    }
    let db = scalar(store, "SELECT pg_database_size(current_database())").await;
    println!();
    println!("database: {:.1} GB", db as f64 / 1e9);
}

/// One fan-out: the association's Announce queued for its followers, then
/// every delivery it queued claimed and delivered through the store API.
struct FanOut {
    enqueue: Duration,
    queued: usize,
    claims: Vec<Duration>,
    finishes: Vec<Duration>,
    claiming: Duration,
}

async fn fan_out(store: &SqlStore, association: i64, round: &str) -> FanOut {
    let outgoing = OutgoingActivity {
        ap_id: Url::parse(&format!("https://bench.example/activities/announce-{round}")).expect("url"),
        actor: ActorId(association),
        kind: "Announce".into(),
        body: format!(
            r#"{{"@context":"https://www.w3.org/ns/activitystreams","type":"Announce","id":"https://bench.example/activities/announce-{round}","actor":"https://bench.example/actors/scale-association","object":"https://c1.cities.example/practices/r1","to":["https://www.w3.org/ns/activitystreams#Public"],"cc":["https://bench.example/actors/scale-association/followers"]}}"#
        ),
        audience: vec![Audience::FollowersOf(ActorId(association))],
    };
    let t = Instant::now();
    store.enqueue(&outgoing).await.expect("enqueue");
    let enqueue = t.elapsed();
    let mut claims = Vec::new();
    let mut finishes = Vec::new();
    let mut queued = 0;
    let mut outcomes = Vec::new();
    let started = Instant::now();
    loop {
        let t = Instant::now();
        let claimed = store
            .claim_deliveries_for(Some("scale-bench"), Timestamp::now(), 60_000, CLAIM_BATCH, &[])
            .await
            .expect("claim");
        claims.push(t.elapsed());
        queued += claimed.len();
        let done = claimed.is_empty();
        let now = Timestamp::now();
        outcomes.extend(claimed.iter().map(|c| (c.id, DeliveryOutcome::Delivered { status: 202 }, now)));
        if outcomes.len() >= OUTCOME_BATCH || (done && !outcomes.is_empty()) {
            let t = Instant::now();
            store.finish_deliveries(&outcomes).await.expect("finish");
            finishes.push(t.elapsed());
            outcomes.clear();
        }
        if done {
            break;
        }
    }
    let claiming = started.elapsed();
    claims.sort();
    finishes.sort();
    FanOut { enqueue, queued, claims, finishes, claiming }
}

/// Rounds of fan-out; prints one table row (medians of the rounds).
async fn fan_out_rounds(store: &SqlStore, association: i64, label: &str) -> f64 {
    let mut rows = Vec::new();
    for r in 0..ROUNDS {
        rows.push(fan_out(store, association, &format!("{label}-{r}-{}", Timestamp::now().0)).await);
    }
    let claim_p50 = median(rows.iter().map(|f| ms(percentile(&f.claims, 0.5))).collect());
    let claim_p95 = median(rows.iter().map(|f| ms(percentile(&f.claims, 0.95))).collect());
    let rate = median(rows.iter().map(|f| f.queued as f64 / f.claiming.as_secs_f64()).collect());
    println!(
        "| {label} | {} | {:.1} | {:.2} | {:.2} | {:.1} | {:.1} | {:.0} |",
        rows[0].queued,
        median(rows.iter().map(|f| ms(f.enqueue)).collect()),
        claim_p50,
        claim_p95,
        median(rows.iter().map(|f| ms(percentile(&f.finishes, 0.5))).collect()),
        median(rows.iter().map(|f| ms(percentile(&f.finishes, 0.95))).collect()),
        rate,
    );
    claim_p50
}

/// The claim's pending-deliveries scan (the subquery of the store's claim
/// statement, `claim_deliveries_for`), explained.
async fn explain_claim(store: &SqlStore) {
    let now = Timestamp::now().0;
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) SELECT id FROM deliveries WHERE state IN ('queued', 'retrying') \
         AND next_attempt_at <= {now} AND (lease_until IS NULL OR lease_until <= {now}) \
         AND NOT EXISTS (SELECT 1 FROM remote_hosts h WHERE h.host = deliveries.host AND h.state = 'unreachable' \
         AND h.next_probe_at > {now}) ORDER BY next_attempt_at, id LIMIT 32 FOR UPDATE SKIP LOCKED"
    )))
    .fetch_all(store.pool())
    .await
    .expect("explain");
    println!("```");
    for r in rows {
        println!("{}", r.get::<String, _>(0));
    }
    println!("```");
}

/// History: `total` deliveries of announces to the members, spread over
/// the days before now at `ANNOUNCES_PER_DAY`: 98.5% delivered, 1% failed,
/// 0.5% retrying (due within the next day: hosts that answer again later).
async fn history(store: &SqlStore, association: i64, members: i64, total: i64) {
    let activities = total / members;
    let now = Timestamp::now().0;
    let start = Instant::now();
    let first = scalar(
        store,
        &format!(
            "WITH a AS (INSERT INTO outgoing_activities (ap_id, actor_id, kind, body, created_at) \
             SELECT 'https://bench.example/activities/history-' || g, {association}, 'Announce', \
             '{{\"type\":\"Announce\",\"id\":\"https://bench.example/activities/history-' || g || '\"}}', \
             {now} - ({activities} - g + 1) * {step} FROM generate_series(1, {activities}) g RETURNING id) \
             SELECT MIN(id) FROM a",
            step = DAY_MS / ANNOUNCES_PER_DAY,
        ),
    )
    .await;
    // One statement per 100 announces (500,000 rows), each committed.
    let mut a = 0;
    while a < activities {
        let b = activities.min(a + 100);
        exec(
            store,
            &format!(
                "INSERT INTO deliveries (activity_id, inbox, host, state, attempts, next_attempt_at, last_status, last_error, \
                 created_at, updated_at) \
                 SELECT o.id, m.inbox, m.host, \
                 CASE WHEN (o.id * 31 + m.id) % 1000 < 985 THEN 'delivered' \
                      WHEN (o.id * 31 + m.id) % 1000 < 995 THEN 'failed' ELSE 'retrying' END, \
                 CASE WHEN (o.id * 31 + m.id) % 1000 < 985 THEN 1 ELSE 10 END, \
                 CASE WHEN (o.id * 31 + m.id) % 1000 < 995 THEN o.created_at + 60000 \
                      ELSE {now} + 60000 + ((o.id * 31 + m.id) * 7919) % {DAY_MS} END, \
                 CASE WHEN (o.id * 31 + m.id) % 1000 < 985 THEN 202 ELSE 503 END, \
                 CASE WHEN (o.id * 31 + m.id) % 1000 < 985 THEN NULL ELSE 'HTTP 503 Service Unavailable' END, \
                 o.created_at, o.created_at + 60000 \
                 FROM outgoing_activities o, \
                 (SELECT a.id, a.inbox, a.host FROM follows f JOIN actors a ON a.id = f.follower_id \
                  WHERE f.target_id = {association} AND f.state = 'accepted') m \
                 WHERE o.id BETWEEN {} AND {}",
                first + a,
                first + b - 1
            ),
        )
        .await;
        a = b;
    }
    exec(store, "ANALYZE deliveries").await;
    exec(store, "ANALYZE outgoing_activities").await;
    println!(
        "history: {} deliveries of {activities} announces written in {:.0} s",
        scalar(store, "SELECT COUNT(*) FROM deliveries").await,
        start.elapsed().as_secs_f64()
    );
}

/// The deliveries table's live and dead tuples as the statistics collector
/// has them.
async fn dead_tuples(store: &SqlStore) -> (i64, i64) {
    exec(store, "SELECT pg_stat_force_next_flush()").await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    let row = sqlx::query("SELECT n_live_tup, n_dead_tup FROM pg_stat_user_tables WHERE relname = 'deliveries'")
        .fetch_one(store.pool())
        .await
        .expect("stats");
    (row.get(0), row.get(1))
}

/// A day of announces: queued (the fan-out's INSERT … SELECT), claimed
/// (the claim's UPDATE of the lease) and delivered (the outcome's UPDATE),
/// each as one statement per announce.
async fn a_day(store: &SqlStore, association: i64) -> Duration {
    let start = Instant::now();
    let now = Timestamp::now().0;
    for n in 0..ANNOUNCES_PER_DAY {
        let id = scalar(
            store,
            &format!(
                "INSERT INTO outgoing_activities (ap_id, actor_id, kind, body, created_at) VALUES \
                 ('https://bench.example/activities/day-{now}-{n}', {association}, 'Announce', '{{}}', {now}) RETURNING id"
            ),
        )
        .await;
        exec(
            store,
            &format!(
                "INSERT INTO deliveries (activity_id, inbox, host, state, attempts, next_attempt_at, created_at, updated_at) \
                 SELECT {id}, a.inbox, a.host, 'queued', 0, {now}, {now}, {now} FROM follows f JOIN actors a \
                 ON a.id = f.follower_id WHERE f.target_id = {association} AND f.state = 'accepted'"
            ),
        )
        .await;
        exec(
            store,
            &format!(
                "UPDATE deliveries SET lease_until = {now} + 60000, lease_owner = 'day', updated_at = {now} \
                 WHERE activity_id = {id}"
            ),
        )
        .await;
        exec(
            store,
            &format!(
                "UPDATE deliveries SET state = 'delivered', last_status = 202, attempts = 1, lease_until = NULL, \
                 updated_at = {now} WHERE activity_id = {id}"
            ),
        )
        .await;
    }
    start.elapsed()
}

#[tokio::main]
async fn main() {
    let url: DatabaseUrl = std::env::var("ECITIES_SCALE_BENCH_DB")
        .expect("ECITIES_SCALE_BENCH_DB: a postgres:// URL of a database the search bench filled")
        .parse()
        .expect("ECITIES_SCALE_BENCH_DB");
    let store = connect(&url, None).await.expect("connect");
    assert_eq!(store.dialect(), Dialect::Postgres, "the scale bench runs on PostgreSQL");
    migrate(&store).await.expect("migrate");
    let practices = setting("ECITIES_SCALE_BENCH_PRACTICES", 10_000_000);
    let cities = setting("ECITIES_SCALE_BENCH_CITIES", 100_000);
    let members = setting("ECITIES_SCALE_BENCH_MEMBERS", 5_000).min(cities);
    let deliveries = setting("ECITIES_SCALE_BENCH_DELIVERIES", 10_000_000);
    let load = || std::fs::read_to_string("/proc/loadavg").unwrap_or_default();

    // Steps: `network` (always), `practices` (the copies and their B-tree
    // indexes), `fulltext` (the copies and every index, the GIN one too),
    // `queue` (fan-out, claims, a day's outcomes and vacuum); sizes are
    // printed at the end. `practices,queue` then `fulltext` measure the queue
    // while the full-text index is not built yet.
    let steps = std::env::var("ECITIES_SCALE_BENCH_STEPS").unwrap_or_else(|_| "fulltext,queue".into());
    let step = |name: &str| steps.split(',').any(|s| s.trim() == name);

    let association =
        generate(&store, cities, members, practices, step("practices") || step("fulltext"), step("fulltext")).await;
    println!("load average: {}", load().split_whitespace().take(3).collect::<Vec<_>>().join(" "));
    println!(
        "network: {} actors ({} city actors), {} follows, association followed by {}; {} practices",
        scalar(&store, "SELECT COUNT(*) FROM actors").await,
        cities,
        scalar(&store, "SELECT COUNT(*) FROM follows").await,
        scalar(&store, &format!("SELECT COUNT(*) FROM follows WHERE target_id = {association}")).await,
        scalar(&store, "SELECT COUNT(*) FROM practices").await,
    );

    if step("queue") {
        queue(&store, association, members, deliveries).await;
    }
    println!();
    sizes(&store).await;
    println!("load average at the end: {}", load().split_whitespace().take(3).collect::<Vec<_>>().join(" "));
}

/// The fan-out and claims without and with history, a day's outcomes and vacuum.
async fn queue(store: &SqlStore, association: i64, members: i64, deliveries: i64) {
    exec(store, "TRUNCATE deliveries, outgoing_activities CASCADE").await;
    exec(store, "ANALYZE deliveries").await;
    println!();
    println!(
        "| queue table | deliveries queued per fan-out | enqueue ms (one INSERT … SELECT) | claim of 32 p50 ms | claim of 32 p95 ms | outcomes of 256 p50 ms | outcomes of 256 p95 ms | claimed and delivered per second |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    let empty = fan_out_rounds(store, association, "empty (the ceiling)").await;
    history(store, association, members, deliveries).await;
    let rows = scalar(store, "SELECT COUNT(*) FROM deliveries").await;
    let full = fan_out_rounds(store, association, &format!("{rows} rows of history")).await;
    println!("claim p50 with history / without: {:.1}×", full / empty.max(1e-9));
    explain_claim(store).await;

    // A day's outcomes and vacuum.
    let (live, dead) = dead_tuples(store).await;
    println!("before the day: {live} live, {dead} dead tuples in deliveries");
    let day = a_day(store, association).await;
    let (live, dead_after) = dead_tuples(store).await;
    println!(
        "a day ({ANNOUNCES_PER_DAY} announces × {members} members, queued, claimed, delivered) written in {:.0} s: \
         {live} live, {dead_after} dead tuples ({} more)",
        day.as_secs_f64(),
        dead_after - dead
    );
    let size = scalar(store, "SELECT pg_total_relation_size('deliveries')").await;
    println!("deliveries: {:.0} MB with indexes", size as f64 / 1e6);
    println!();
    println!(
        "| queue table | deliveries queued per fan-out | enqueue ms (one INSERT … SELECT) | claim of 32 p50 ms | claim of 32 p95 ms | outcomes of 256 p50 ms | outcomes of 256 p95 ms | claimed and delivered per second |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    fan_out_rounds(store, association, "after a day's outcomes, not vacuumed").await;
    let t = Instant::now();
    exec(store, "VACUUM deliveries").await;
    let vacuum = t.elapsed();
    fan_out_rounds(store, association, "after VACUUM").await;
    let (live, dead) = dead_tuples(store).await;
    println!(
        "VACUUM deliveries: {:.1} s; then {live} live, {dead} dead tuples; {:.0} MB with indexes",
        vacuum.as_secs_f64(),
        scalar(store, "SELECT pg_total_relation_size('deliveries')").await as f64 / 1e6
    );
    for name in [
        "autovacuum",
        "autovacuum_naptime",
        "autovacuum_vacuum_threshold",
        "autovacuum_vacuum_scale_factor",
        "autovacuum_vacuum_insert_threshold",
        "autovacuum_vacuum_insert_scale_factor",
        "autovacuum_analyze_scale_factor",
        "autovacuum_vacuum_cost_limit",
        "autovacuum_vacuum_cost_delay",
        "maintenance_work_mem",
        "shared_buffers",
        "work_mem",
    ] {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT current_setting('{name}') AS v")))
            .fetch_one(store.pool())
            .await
            .expect("setting");
        println!("{name} = {}", row.get::<String, _>(0));
    }
}
