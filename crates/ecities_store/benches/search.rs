//! Search latency over a generated multilingual corpus (100,000 or
//! 1,000,000 practices) on SQLite or PostgreSQL: the full search of the API
//! (page of results + total + facet counts) beside the raw index query —
//! the same words straight from the full-text index (FTS5 `MATCH` or a
//! tsquery through the GIN index), every match, then the page's rows — in
//! the same run; the in-memory facet index's load time and memory per
//! practice.
//!
//! Run: `cargo bench -p ecities_store --bench search`, with
//! - `ECITIES_SEARCH_BENCH_N` practices (default 100,000),
//! - `ECITIES_SEARCH_BENCH_DB` the database: an SQLite file path (or
//!   `sqlite://PATH`), or `postgres://USER@HOST:PORT/DATABASE` (an existing,
//!   empty database); kept for the next run, which then only measures
//!   (by default a temporary SQLite file),
//! - `ECITIES_SEARCH_BENCH_QUERIES` queries per shape (default 200),
//! - `ECITIES_SEARCH_BENCH_FACETS_ONLY=1` the shapes without words only, on
//!   a PostgreSQL database whose full-text index is not built,
//! - `ECITIES_SEARCH_BENCH_BEFORE_AFTER=1` (SQLite) also to compare the
//!   index before language analysis with the analysed one.
//!
//! The corpus is written in batches of 1,000 practices per transaction
//! with [`ecities_store::SqlStore::bulk_insert_practices`] (the rows and
//! full-text entries the store writes, in multi-row inserts), from a
//! generator thread. Beyond `ECITIES_SEARCH_BENCH_UNIQUE` practices
//! (default 100,000) the database copies the generated ones (`INSERT …
//! SELECT`: new id, key and date, the same text, facets and full-text
//! entry), so a million take minutes on a shared 2-core machine instead of
//! an hour: the index's posting lists have the shape of a corpus ten times
//! larger with the same word frequencies (the vocabulary is fixed, and
//! 100,000 practices already use all of it).

use std::time::{Duration, Instant};

use ecities_core::actor::{ActorId, KeyPair, NewLocalActor};
use ecities_core::practice::{NewPractice, PracticeInput};
use ecities_core::store::{ActorStore, Page, PracticeQuery, SearchOrder, SearchStore};
use ecities_core::taxonomy::{Country, Sdg};
use ecities_core::time::Timestamp;
use ecities_core::urls::NodeUrls;
use ecities_store::{DatabaseUrl, Dialect, connect, migrate};
use sqlx::Row;
use url::Url;

/// Practices generated: 100,000 unless `ECITIES_SEARCH_BENCH_N` (or the
/// older `ECITIES_SEARCH_BENCH_PRACTICES`) says otherwise.
static PRACTICES: std::sync::LazyLock<usize> = std::sync::LazyLock::new(|| {
    ["ECITIES_SEARCH_BENCH_N", "ECITIES_SEARCH_BENCH_PRACTICES"]
        .iter()
        .find_map(|v| std::env::var(v).ok())
        .and_then(|n| n.replace(['_', ','], "").parse().ok())
        .unwrap_or(100_000)
});
/// What the search returns for each practice on the page.
const COLUMNS: &str = "p.id, p.key, p.ap_id, p.url, p.author_id, p.local, p.title, p.summary, p.content_markdown, \
     p.content_html, p.language, p.kind, p.sdgs, p.country, p.translations, p.details, p.published_at, p.updated_at, \
     p.deleted_at";
/// Queries per shape: 200 unless `ECITIES_SEARCH_BENCH_QUERIES` says otherwise.
static QUERIES: std::sync::LazyLock<usize> = std::sync::LazyLock::new(|| {
    std::env::var("ECITIES_SEARCH_BENCH_QUERIES").ok().and_then(|n| n.parse().ok()).filter(|n| *n > 0).unwrap_or(200)
});
/// Distinct words per language; their frequencies follow Zipf's law, as in natural text.
const VOCABULARY: usize = 5_000;
const BODY_WORDS: usize = 120;
/// Practices generated in Rust; the rest are copies made by the database.
static UNIQUE: std::sync::LazyLock<usize> = std::sync::LazyLock::new(|| {
    std::env::var("ECITIES_SEARCH_BENCH_UNIQUE")
        .ok()
        .and_then(|n| n.replace(['_', ','], "").parse().ok())
        .unwrap_or(100_000)
});
/// Practices per transaction (one multi-row insert).
const BATCH: usize = 1_000;
/// Cities publishing (the author facet).
const AUTHORS: usize = 50;
const COUNTRIES: &[&str] = &["KR", "DE", "BR", "US", "KE", "IN", "FR", "MX", "JP", "ZA", "CN", "EG", "RU", "ES", "AR"];
/// The six official languages of the United Nations, and Korean.
const LANGUAGES: &[&str] = &["en", "fr", "es", "ru", "ar", "zh", "ko"];

/// The most frequent words of each language, most frequent first, as they
/// occur in texts about city practices (function words, then the topic's
/// nouns): ranks 1 to 40 of the language's vocabulary. Rarer ranks are
/// pseudo-words in the language's script (see [`Corpus::word`]).
fn real_words(language: &str) -> &'static [&'static str] {
    match language {
        "en" => &[
            "the",
            "of",
            "and",
            "to",
            "in",
            "a",
            "is",
            "for",
            "that",
            "on",
            "with",
            "as",
            "by",
            "this",
            "are",
            "city",
            "from",
            "be",
            "it",
            "public",
            "people",
            "new",
            "local",
            "services",
            "data",
            "residents",
            "programme",
            "water",
            "transport",
            "housing",
            "digital",
            "waste",
            "energy",
            "health",
            "school",
            "community",
            "council",
            "budget",
            "participation",
            "mobility",
        ],
        "fr" => &[
            "de",
            "la",
            "le",
            "et",
            "les",
            "des",
            "en",
            "un",
            "une",
            "du",
            "pour",
            "que",
            "est",
            "dans",
            "par",
            "sur",
            "au",
            "avec",
            "ville",
            "plus",
            "publics",
            "habitants",
            "données",
            "services",
            "eau",
            "transports",
            "logement",
            "numérique",
            "déchets",
            "énergie",
            "santé",
            "école",
            "quartier",
            "conseil",
            "budget",
            "participation",
            "mobilité",
            "espaces",
            "sécurité",
            "citoyens",
        ],
        "es" => &[
            "de",
            "la",
            "que",
            "el",
            "en",
            "y",
            "a",
            "los",
            "del",
            "se",
            "las",
            "por",
            "un",
            "para",
            "con",
            "una",
            "su",
            "al",
            "es",
            "ciudad",
            "más",
            "servicios",
            "vecinos",
            "datos",
            "agua",
            "transporte",
            "vivienda",
            "digital",
            "residuos",
            "energía",
            "salud",
            "escuela",
            "barrio",
            "consejo",
            "presupuesto",
            "participación",
            "movilidad",
            "espacios",
            "seguridad",
            "ciudadanos",
        ],
        "ru" => &[
            "и",
            "в",
            "не",
            "на",
            "с",
            "что",
            "по",
            "для",
            "из",
            "к",
            "от",
            "о",
            "как",
            "это",
            "город",
            "жители",
            "данные",
            "услуги",
            "вода",
            "транспорт",
            "жильё",
            "цифровой",
            "отходы",
            "энергия",
            "здоровье",
            "школа",
            "район",
            "совет",
            "бюджет",
            "участие",
            "мобильность",
            "пространство",
            "безопасность",
            "программа",
            "общественный",
            "новый",
            "городской",
            "граждане",
            "управление",
            "развитие",
        ],
        "ar" => &[
            "في",
            "من",
            "على",
            "إلى",
            "أن",
            "عن",
            "مع",
            "هذا",
            "التي",
            "الذي",
            "المدينة",
            "السكان",
            "البيانات",
            "الخدمات",
            "المياه",
            "النقل",
            "الإسكان",
            "الرقمية",
            "النفايات",
            "الطاقة",
            "الصحة",
            "المدرسة",
            "الحي",
            "المجلس",
            "الميزانية",
            "المشاركة",
            "التنقل",
            "المساحات",
            "السلامة",
            "برنامج",
            "العامة",
            "الجديدة",
            "المحلية",
            "المجتمع",
            "المواطنين",
            "التنمية",
            "الإدارة",
            "البلدية",
            "الحكومة",
            "المشروع",
        ],
        "zh" => &[
            "的", "是", "在", "和", "了", "有", "我们", "城市", "居民", "数据", "服务", "公共", "交通", "住房", "数字",
            "垃圾", "能源", "健康", "学校", "社区", "议会", "预算", "参与", "出行", "绿色", "安全", "项目", "政府",
            "发展", "管理", "建设", "环境", "治理", "平台", "创新", "经济", "文化", "教育", "市民", "政策",
        ],
        "ko" => &[
            "도시",
            "주민",
            "데이터",
            "서비스",
            "공공",
            "교통",
            "주택",
            "디지털",
            "쓰레기",
            "에너지",
            "건강",
            "학교",
            "지역",
            "의회",
            "예산",
            "참여",
            "이동",
            "녹색",
            "안전",
            "사업",
            "정부",
            "발전",
            "관리",
            "환경",
            "혁신",
            "경제",
            "문화",
            "교육",
            "시민",
            "정책",
            "프로그램",
            "공간",
            "마을",
            "복지",
            "일자리",
            "청년",
            "노인",
            "주차",
            "도로",
            "공원",
        ],
        _ => &[],
    }
}

/// Korean particles, written onto half of the Korean words (교통을, 주민의).
const KO_PARTICLES: &[&str] = &["을", "는", "의", "에", "이", "가", "와", "로"];

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

/// Per language: real words for the most frequent ranks, then pseudo-words
/// built from syllables (distinct, pronounceable, no shared stems beyond
/// chance) written in the language's script; and a Zipf (s = 1) sampler
/// over the ranks.
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

    /// A rank drawn with its natural (Zipf) frequency.
    fn draw(&self, rng: &mut Lcg) -> usize {
        let total = self.cumulative[VOCABULARY - 1];
        let u = rng.unit() * total;
        self.cumulative.partition_point(|c| *c < u).min(VOCABULARY - 1)
    }

    /// The word of `rank` in `language`: a real word for the first ranks,
    /// else the pseudo-word in the language's script (`variant` picks
    /// an inflection or vowel marks).
    fn word(&self, language: &str, rank: usize, variant: usize) -> String {
        let real = real_words(language);
        let word = match real.get(rank) {
            Some(w) => (*w).to_owned(),
            None => in_script(&self.words[rank], language, variant),
        };
        if language == "ko" && variant % 2 == 1 {
            format!("{word}{}", KO_PARTICLES[variant / 2 % KO_PARTICLES.len()])
        } else {
            word
        }
    }

    /// A sentence of `n` Zipf-drawn words in `language`: Chinese without
    /// spaces, the others with.
    fn sentence_in(&self, rng: &mut Lcg, n: usize, language: &str) -> String {
        let words: Vec<String> = (0..n)
            .map(|_| {
                let rank = self.draw(rng);
                self.word(language, rank, rng.next())
            })
            .collect();
        if language == "zh" { words.concat() } else { words.join(" ") }
    }
}

/// A pseudo-word in the script of `language`: Han characters (`zh`),
/// Hangul syllables (`ko`), Arabic letters with vowel marks on some
/// (`ar`), Cyrillic with Russian endings (`ru`), or as it is.
fn in_script(word: &str, language: &str, variant: usize) -> String {
    let letters = word.bytes().map(|b| usize::from(b - b'a'));
    match language {
        "zh" => word.as_bytes().chunks(2).map(han).collect(),
        "ko" => word.as_bytes().chunks(2).map(hangul).collect(),
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

/// One Hangul syllable per syllable (two letters): initial from the
/// consonant, vowel from the vowel, no final.
fn hangul(syllable: &[u8]) -> char {
    let initial = u32::from(syllable[0] - b'a') % 19;
    let vowel = syllable.get(1).map_or(0, |v| u32::from(v - b'a') % 21);
    char::from_u32(0xAC00 + (initial * 21 + vowel) * 28).unwrap_or('가')
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// (VmRSS, VmHWM) of this process in bytes.
fn rss() -> (u64, u64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            .unwrap_or(0)
            * 1024
    };
    (field("VmRSS:"), field("VmHWM:"))
}

/// Publication times: practice `i` of `n`, spread evenly over the ten
/// years before 2026-12-01 (newer ids are newer practices, as on a node).
fn published(i: usize, n: usize) -> Timestamp {
    const END: i64 = 1_796_083_200_000;
    const SPAN: i64 = 10 * 365 * 24 * 3_600_000;
    Timestamp(END - SPAN + (SPAN / n.max(1) as i64) * i as i64)
}

/// Practices `from + 1 ..= to` (ids) as copies of the generated ones
/// (`1 ..= unique`): practice `id` copies `(id - 1) % unique + 1`, with its
/// own key, URLs and date. One statement per table and block of `unique`,
/// each in its own transaction.
async fn copy_practices(store: &ecities_store::SqlStore, unique: usize, from: usize, to: usize) {
    const END: i64 = 1_796_083_200_000;
    const SPAN: i64 = 10 * 365 * 24 * 3_600_000;
    let step = SPAN / *PRACTICES as i64;
    let postgres = store.dialect() == Dialect::Postgres;
    // The generated practices' dates, for this size (a database generated
    // for a smaller size is being extended).
    sqlx::query(
        "UPDATE practices SET published_at = $1 + $2 * (id - 1) WHERE id <= $3 AND published_at <> $1 + $2 * (id - 1)",
    )
    .bind(END - SPAN)
    .bind(step)
    .bind(unique as i64)
    .execute(store.pool())
    .await
    .expect("dates");
    // PostgreSQL: copying a row into the GIN index one by one is what made
    // the copy slow (11 minutes per 100,000 under load); like a restore,
    // the copy drops the full-text index and builds it once at the end
    // (`practices_search`, migration 0006, rebuilt by
    // [`ensure_search_index`]).
    if postgres && from < to {
        sqlx::query("DROP INDEX IF EXISTS practices_search").execute(store.pool()).await.expect("drop index");
    }
    let mut a = from;
    while a < to {
        let off = a - a % unique;
        let b = to.min(off + unique);
        let (first, last) = ((a - off + 1) as i64, (b - off) as i64);
        let mut tx = store.pool().begin().await.expect("begin");
        let key = "'k' || (id + $1 - 1)";
        let sql = format!(
            "INSERT INTO practices (id, key, ap_id, url, author_id, local, title, summary, content_markdown, content_html, \
             language, kind, sdgs, country, translations, details, published_at, updated_at, changed_at{}) \
             SELECT id + $1, {key}, substr(ap_id, 1, length(ap_id) - length(key)) || {key}, \
             substr(url, 1, length(url) - length(key)) || {key}, author_id, local, title, summary, content_markdown, \
             content_html, language, kind, sdgs, country, translations, details, $2 + $3 * (id + $1 - 1), updated_at, \
             changed_at{} FROM practices WHERE id BETWEEN $4 AND $5",
            if postgres { ", search" } else { "" },
            if postgres { ", search" } else { "" },
        );
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(off as i64)
            .bind(END - SPAN)
            .bind(step)
            .bind(first)
            .bind(last)
            .execute(&mut *tx)
            .await
            .expect("copy practices");
        if !postgres {
            sqlx::query(
                "INSERT INTO practices_fts (rowid, title, summary, body) \
                 SELECT rowid + $1, title, summary, body FROM practices_fts WHERE rowid BETWEEN $2 AND $3",
            )
            .bind(off as i64)
            .bind(first)
            .bind(last)
            .execute(&mut *tx)
            .await
            .expect("copy index");
        }
        tx.commit().await.expect("commit");
        eprintln!("{b} practices written");
        a = b;
    }
    if postgres {
        sqlx::query("SELECT setval(pg_get_serial_sequence('practices', 'id'), (SELECT MAX(id) FROM practices))")
            .execute(store.pool())
            .await
            .expect("sequence");
    }
    ensure_search_index(store).await;
}

/// PostgreSQL: builds the full-text GIN index (migration 0006) if a copy
/// dropped it — also when an interrupted run left it dropped — with a
/// `maintenance_work_mem` that holds the build in memory.
async fn ensure_search_index(store: &ecities_store::SqlStore) {
    if store.dialect() != Dialect::Postgres {
        return;
    }
    let mut conn = store.pool().acquire().await.expect("connection");
    let start = Instant::now();
    sqlx::query("SET maintenance_work_mem = '1GB'").execute(&mut *conn).await.expect("set");
    let done = sqlx::query(
        "SELECT 1 AS built FROM pg_indexes WHERE tablename = 'practices' AND indexname = 'practices_search'",
    )
    .fetch_optional(&mut *conn)
    .await
    .expect("index");
    if done.is_none() {
        sqlx::query("CREATE INDEX practices_search ON practices USING GIN (search)")
            .execute(&mut *conn)
            .await
            .expect("create index");
        eprintln!("full-text index built in {:.0} s", start.elapsed().as_secs_f64());
    }
    sqlx::query("RESET maintenance_work_mem").execute(&mut *conn).await.expect("reset");
}

/// Practice number `i` (0-based), the same on every run.
fn practice(corpus: &Corpus, urls: &NodeUrls, authors: &[ActorId], i: usize) -> NewPractice {
    let mut rng = Lcg(0x9E37_79B9_7F4A_7C15 ^ (i as u64).wrapping_mul(0x2545_F491_4F6C_DD1D));
    rng.next();
    let language = LANGUAGES[rng.next() % LANGUAGES.len()];
    let input = PracticeInput {
        title: Some(format!("{} {i}", corpus.sentence_in(&mut rng, 5, language))),
        summary: Some(corpus.sentence_in(&mut rng, 15, language)),
        content: Some(corpus.sentence_in(&mut rng, BODY_WORDS, language)),
        language: Some(language.into()),
        kind: Some(["best_practice", "lesson_learned", "case_study", "policy"][rng.next() % 4].into()),
        sdgs: Some(vec![(rng.next() % 17 + 1) as i64, (rng.next() % 17 + 1) as i64]),
        country: Some(COUNTRIES[rng.next() % COUNTRIES.len()].into()),
        themes: Some(vec![["e-government", "citizen-engagement", "mobility", "housing"][rng.next() % 4].into()]),
        ..Default::default()
    };
    let key = format!("k{i}");
    let ap_id = urls.practice(&key);
    let author = authors[rng.next() % authors.len()];
    let mut p = NewPractice::local(key, ap_id.clone(), ap_id, author, input.parse().expect("valid"), Timestamp::now());
    p.published_at = published(i, *PRACTICES);
    p
}

/// The kinds of query measured.
#[derive(Clone, Copy, PartialEq)]
enum Shape {
    /// One topical word (rank 100–2,000 of its language), no filter.
    Word,
    /// Two words: a frequent one (rank 20–40: a real word) and a topical one.
    Phrase,
    /// One topical word with an SDG and a country.
    Combined,
    /// A word among the 20 most frequent of its language (real words: "the", "de", "的"…).
    CommonWord,
    /// A country filter, no words.
    CountryOnly,
    /// Two goals (either) and two countries (either), no words: facet counts
    /// that each ignore their own selection.
    TwoFacets,
    /// No filter at all: the search page as first opened.
    Everything,
    /// One topical word ordered by relevance (BM25 / ts_rank).
    Ranked,
    /// One of the 20 most frequent words by relevance.
    RankedCommon,
}

/// The full-text query of `text` for `dialect`, as the store builds it.
fn raw_pattern(dialect: Dialect, text: &str) -> String {
    use ecities_core::analysis::{AnalysedQuery, QueryTerm};
    let groups = AnalysedQuery::parse(text).groups;
    let (or, and) = if dialect == Dialect::Sqlite { (" OR ", " AND ") } else { (" | ", " & ") };
    groups
        .iter()
        .map(|g| {
            let alts: Vec<String> = g
                .iter()
                .map(|t| match (dialect, t) {
                    (Dialect::Sqlite, QueryTerm::Prefix(w)) => format!("\"{w}\"*"),
                    (Dialect::Sqlite, QueryTerm::Exact(w)) => format!("\"{w}\""),
                    (_, QueryTerm::Prefix(w)) => format!("{w}:*"),
                    (_, QueryTerm::Exact(w)) => w.clone(),
                })
                .collect();
            format!("({})", alts.join(or))
        })
        .collect::<Vec<_>>()
        .join(and)
}

#[tokio::main]
async fn main() {
    // ECITIES_SEARCH_BENCH_DB keeps the database between runs (the inserts
    // take a while); by default it lives in a temporary directory.
    let dir = tempfile::tempdir().expect("dir");
    let target =
        std::env::var("ECITIES_SEARCH_BENCH_DB").unwrap_or_else(|_| dir.path().join("search.db").display().to_string());
    let url: DatabaseUrl = if target.contains("://") { target.clone() } else { format!("sqlite://{target}") }
        .parse()
        .expect("ECITIES_SEARCH_BENCH_DB: an SQLite path or a postgres:// URL");
    let store = connect(&url, None).await.expect("connect");
    let dialect = store.dialect();
    let db_name = if dialect == Dialect::Sqlite { "SQLite" } else { "PostgreSQL" };
    migrate(&store).await.expect("migrate");
    let urls = NodeUrls::new(&Url::parse("https://bench.example").expect("url")).expect("urls");
    let keys = KeyPair { public_pem: "p".into(), private_pem: "s".into() };
    let mut authors = Vec::new();
    for a in 0..AUTHORS {
        let new = NewLocalActor::parse(&format!("city{a}"), "city", None, Some(COUNTRIES[a % COUNTRIES.len()]))
            .expect("actor");
        let actor = match store.local_actor_by_name(&new.name).await.expect("actor") {
            Some(a) => a,
            None => store.create_local_actor(&new, &urls.location(&new.name), &keys).await.expect("actor"),
        };
        authors.push(actor.id);
    }
    // Resumes an interrupted generation: practice i has id i + 1.
    let existing = sqlx::query("SELECT COUNT(*) AS n, COALESCE(MAX(id), 0) AS last FROM practices")
        .fetch_one(store.pool())
        .await
        .expect("count");
    let (existing, last) = (existing.get::<i64, _>("n") as usize, existing.get::<i64, _>("last") as usize);
    assert_eq!(existing, last, "the database holds practices this bench did not write");
    let reuse = existing >= *PRACTICES;

    let corpus = std::sync::Arc::new(Corpus::new());
    let start = Instant::now();
    if !reuse {
        let (tx, mut rx) = tokio::sync::mpsc::channel::<(usize, Vec<NewPractice>)>(4);
        let (c, u, a) = (corpus.clone(), urls.clone(), authors.clone());
        let n = (*PRACTICES).min(*UNIQUE);
        let generator = std::thread::spawn(move || {
            for from in (existing..n).step_by(BATCH) {
                let batch = (from..(from + BATCH).min(n)).map(|i| practice(&c, &u, &a, i)).collect();
                if tx.blocking_send((from, batch)).is_err() {
                    return;
                }
            }
        });
        while let Some((from, batch)) = rx.recv().await {
            store.bulk_insert_practices(from as i64 + 1, &batch).await.expect("insert");
            let done = from + batch.len();
            if done % 50_000 == 0 {
                eprintln!("{done} practices written ({:.0} s)", start.elapsed().as_secs_f64());
            }
        }
        generator.join().expect("generator");
        let unique = (*PRACTICES).min(*UNIQUE);
        copy_practices(&store, unique, existing.max(unique), *PRACTICES).await;
    }
    // ECITIES_SEARCH_BENCH_FACETS_ONLY=1: a database whose full-text index
    // is not built (the scale bench's 10 million before its `fulltext`
    // step): only the shapes without words, after ANALYZE alone.
    let facets_only = std::env::var("ECITIES_SEARCH_BENCH_FACETS_ONLY").is_ok_and(|v| v == "1");
    if !facets_only {
        ensure_search_index(&store).await;
    }
    // Statistics, as autovacuum (PostgreSQL) or a node's maintenance would
    // have them after a large import.
    // On PostgreSQL also VACUUM, as autovacuum does after many inserts: the
    // hint bits and visibility map of freshly copied rows, else the first
    // queries write back every page they read.
    let analyze = if dialect == Dialect::Postgres && !facets_only { "VACUUM ANALYZE" } else { "ANALYZE" };
    sqlx::query(analyze).execute(store.pool()).await.expect("analyze");
    let insert_secs = start.elapsed().as_secs_f64();
    // The first search loads the facet index (once per process).
    let (rss_before, _) = rss();
    let start = Instant::now();
    store.search(&PracticeQuery::default(), Page::first(1), false).await.expect("warm");
    let load_ms = ms(start.elapsed());
    let (rss_after, hwm) = rss();
    let (entries, index_bytes) = store.search_index_memory().await;
    let mut rng = Lcg(7);

    println!(
        "search over {} practices on {db_name} ({} queries each; {})",
        *PRACTICES,
        *QUERIES,
        if reuse { "database reused".to_owned() } else { format!("generated in {insert_secs:.0} s") }
    );
    println!(
        "facet index: {entries} practices loaded in {load_ms:.0} ms; {} bytes ({:.0} B per practice); \
         process RSS {:.1} MB before the load, {:.1} MB after ({:.0} B per practice), peak {:.1} MB",
        index_bytes,
        index_bytes as f64 / entries.max(1) as f64,
        rss_before as f64 / 1e6,
        rss_after as f64 / 1e6,
        (rss_after as f64 - rss_before as f64) / entries.max(1) as f64,
        hwm as f64 / 1e6,
    );
    if let Ok(load) = std::fs::read_to_string("/proc/loadavg") {
        println!(
            "load average at the start of the queries: {}",
            load.split_whitespace().take(3).collect::<Vec<_>>().join(" ")
        );
    }
    println!(
        "| query | matches (median) | counted exactly | raw query p50 ms | raw query p95 ms | full search p50 ms | full search p95 ms | full / raw at p95 |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    let shapes = [
        ("one topical word", Shape::Word),
        ("two words (a frequent and a topical one)", Shape::Phrase),
        ("one topical word + SDG + country", Shape::Combined),
        ("one of the 20 most frequent words", Shape::CommonWord),
        ("country only, no words", Shape::CountryOnly),
        ("two SDGs and two countries (either of each), no words", Shape::TwoFacets),
        ("no filter (the search page as opened)", Shape::Everything),
        ("one topical word, by relevance", Shape::Ranked),
        ("one of the 20 most frequent words, by relevance", Shape::RankedCommon),
    ];
    let only = std::env::var("ECITIES_SEARCH_BENCH_SHAPES").ok();
    for (label, shape) in shapes {
        let words = !matches!(shape, Shape::CountryOnly | Shape::TwoFacets | Shape::Everything);
        if (facets_only && words) || only.as_deref().is_some_and(|o| !o.split(',').any(|n| label.starts_with(n.trim())))
        {
            continue;
        }
        let mut full = Vec::with_capacity(*QUERIES);
        let mut raw = Vec::with_capacity(*QUERIES);
        let mut matches = Vec::with_capacity(*QUERIES);
        let mut exact = 0;
        for i in 0..*QUERIES {
            let language = LANGUAGES[rng.next() % LANGUAGES.len()];
            let topical = |rng: &mut Lcg| corpus.word(language, 100 + rng.next() % 1_900, rng.next());
            let words = match shape {
                Shape::Word | Shape::Combined | Shape::Ranked => Some(topical(&mut rng)),
                Shape::Phrase => {
                    let frequent = corpus.word(language, 20 + rng.next() % 20, 0);
                    let sep = if language == "zh" { "" } else { " " };
                    Some(format!("{frequent}{sep}{}", topical(&mut rng)))
                }
                Shape::CommonWord | Shape::RankedCommon => Some(corpus.word(language, rng.next() % 20, 0)),
                _ => None,
            };
            let two = |n: usize| [n % 17 + 1, (n + 5) % 17 + 1];
            let country = |n: usize| Country::parse(COUNTRIES[n % COUNTRIES.len()]).expect("country");
            let query = PracticeQuery {
                text: words.clone(),
                sdgs: match shape {
                    Shape::Combined => vec![Sdg::new((i % 17 + 1) as i64).expect("sdg")],
                    Shape::TwoFacets => two(i).iter().map(|n| Sdg::new(*n as i64).expect("sdg")).collect(),
                    _ => Vec::new(),
                },
                countries: match shape {
                    Shape::CountryOnly | Shape::Combined => Some(vec![country(i)]),
                    Shape::TwoFacets => Some(vec![country(i), country(i + 3)]),
                    _ => None,
                },
                sort: if matches!(shape, Shape::Ranked | Shape::RankedCommon) {
                    SearchOrder::Relevance
                } else {
                    SearchOrder::Newest
                },
                ..Default::default()
            };
            // The raw query: the same words straight from the full-text
            // index (every match, no cap, no filter: the index cannot apply
            // them), or with no words every matching id from the table, then
            // the 20 newest matches' rows.
            let countries = query
                .countries
                .as_ref()
                .map(|c| c.iter().map(|c| format!("'{}'", c.code())).collect::<Vec<_>>().join(", "));
            let sql = match (dialect, &words, &countries) {
                (Dialect::Sqlite, Some(w), _) => format!(
                    "SELECT group_concat(rowid) FROM practices_fts WHERE practices_fts MATCH '{}'",
                    raw_pattern(dialect, w).replace('\'', "''")
                ),
                (_, Some(w), _) => format!(
                    "SELECT string_agg(id::text, ',') FROM practices WHERE search @@ to_tsquery('simple', '{}') \
                     AND deleted_at IS NULL",
                    raw_pattern(dialect, w).replace('\'', "''")
                ),
                (Dialect::Sqlite, None, Some(c)) => {
                    format!("SELECT group_concat(id) FROM practices WHERE deleted_at IS NULL AND country IN ({c})")
                }
                (_, None, Some(c)) => format!(
                    "SELECT string_agg(id::text, ',') FROM practices WHERE deleted_at IS NULL AND country IN ({c})"
                ),
                (Dialect::Sqlite, None, None) => {
                    "SELECT group_concat(id) FROM practices WHERE deleted_at IS NULL".to_owned()
                }
                (_, None, None) => {
                    "SELECT string_agg(id::text, ',') FROM practices WHERE deleted_at IS NULL".to_owned()
                }
            };
            // ECITIES_SEARCH_BENCH_FACETS_ONLY: no raw query (every matching
            // id of millions: tens of seconds each).
            let t = Instant::now();
            let sql = if facets_only { "SELECT NULL::text".to_owned() } else { sql };
            let row = sqlx::query(sqlx::AssertSqlSafe(sql)).fetch_one(store.pool()).await.expect("raw");
            let ids: Option<String> = row.get(0);
            let mut ids: Vec<i64> = ids.unwrap_or_default().split(',').filter_map(|s| s.parse().ok()).collect();
            ids.sort_unstable();
            let newest: Vec<String> = ids.iter().rev().take(20).map(ToString::to_string).collect();
            if !newest.is_empty() {
                let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
                    "SELECT {COLUMNS} FROM practices p WHERE p.id IN ({})",
                    newest.join(", ")
                )))
                .fetch_all(store.pool())
                .await
                .expect("raw rows");
                assert_eq!(rows.len(), newest.len());
            }
            if !facets_only {
                raw.push(t.elapsed());
            }

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
        if raw.is_empty() {
            raw.push(Duration::ZERO);
        }
        matches.sort();
        println!(
            "| {label} | {} | {exact} of {} | {:.2} | {:.2} | {:.2} | {:.2} | {:.1}× |",
            matches[matches.len() / 2],
            *QUERIES,
            ms(percentile(&raw, 0.5)),
            ms(percentile(&raw, 0.95)),
            ms(percentile(&full, 0.5)),
            ms(percentile(&full, 0.95)),
            ms(percentile(&full, 0.95)) / ms(percentile(&raw, 0.95)),
        );
    }

    if dialect == Dialect::Sqlite && std::env::var("ECITIES_SEARCH_BENCH_BEFORE_AFTER").is_ok_and(|v| v == "1") {
        before_and_after_analysis(&store, &corpus, reuse).await;
    }
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
        for _ in 0..*QUERIES {
            let word = corpus.word(language, 100 + rng.next() % 1_900, rng.next());
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
