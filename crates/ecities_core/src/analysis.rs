//! Text analysis for search: what the full-text index stores of a text, and
//! what a query looks for. One pure module used on both sides — the store
//! writes the analysed terms of every field into SQLite's FTS5 table and
//! PostgreSQL's tsvector (both then only split on spaces), and analyses
//! the words a reader types with the same code — so both databases find
//! the same practices for the same words.
//!
//! What a text becomes, token by token (a token is a run of letters, digits
//! and combining marks):
//!
//! - **Normalised**: lower-cased; Arabic harakat (U+064B–U+0652) and
//!   tatweel (U+0640) removed, alef with hamza or madda (أ إ آ) written as
//!   bare alef (ا), alef maksura (ى) as yeh (ي) and teh marbuta (ة) as heh
//!   (ه), as Arabic search engines commonly do, so a word is found with or
//!   without its vowel marks and in its usual spelling variants; accents on
//!   Latin letters folded (`é` → `e`), as SQLite's `remove_diacritics` did.
//! - **Stemmed** in the language of the field (the practice's language, or
//!   the translation's) when Snowball has a stemmer for it: Arabic, Danish,
//!   Dutch, English, Finnish, French, German, Greek, Hungarian, Italian,
//!   Norwegian, Portuguese, Romanian, Russian, Spanish, Swedish, Tamil,
//!   Turkish. The stem is stored tagged with its language (`citi0en` for
//!   "cities", `город0ru` for "город"), so a stem from one language never
//!   matches another language's words; the tag follows the stem, so a
//!   query word still matches as the start of it (and a short query word,
//!   `en` or `de`, is not the start of every tagged stem). The word itself
//!   is stored too when it differs from its stem (`cities citi0en`), so
//!   that it matches as typed.
//! - **Bigrams** in scripts written without spaces (Chinese, Japanese kana,
//!   Thai, Lao, Khmer, Myanmar) and in Korean Hangul (whose particles are
//!   written onto the word: 교통을): every two neighbouring characters
//!   (`公共交通` → `公共 共交 交通`), plus the last character of the run
//!   alone, so that any one character or any longer word of the run is
//!   found without a dictionary (as Lucene's CJK analyser does).
//!
//! A query word matches when its normalised form is the start of an indexed
//! word, or its stem in any language of its script equals that language's
//! stem of an indexed word; a query word in an unspaced script needs every
//! one of its bigrams. All query words must match (AND).

use std::borrow::Cow;

use rust_stemmers::{Algorithm, Stemmer};
use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// The version of this analysis: the store re-indexes every practice when
/// the version it indexed with is older (a change here that changes terms
/// must raise it).
pub const ANALYSIS_VERSION: i64 = 1;

/// Most words of a query taken into account: more make a query slow, not better.
pub const MAX_QUERY_WORDS: usize = 10;

/// Most groups (a word, or one bigram of an unspaced word) in one query.
const MAX_QUERY_GROUPS: usize = 16;

/// Joins a stem to its language tag in a stored term (`citi0en`). A
/// digit, so the databases' tokenizers keep the term one token.
const STEM_MARK: char = '0';

/// Whether `c` belongs to a word: letters, digits and combining marks (so
/// a vowelled Arabic word or a Devanagari word is one token).
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c)
}

/// Letters of scripts written without spaces between words (CJK
/// ideographs, kana, Thai, Lao, Khmer, Myanmar) and Korean Hangul: indexed
/// as bigrams.
pub fn is_bigram_char(c: char) -> bool {
    matches!(c as u32,
        0x0E00..=0x0EFF | 0x1000..=0x109F | 0x1780..=0x17FF | 0x1100..=0x11FF | 0x3040..=0x30FF
        | 0x3130..=0x318F | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF
        | 0x20000..=0x3134F)
}

/// The writing systems the stemmers cover.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Script {
    Latin,
    Greek,
    Cyrillic,
    Arabic,
    Tamil,
    Other,
}

fn script_of(word: &str) -> Script {
    let Some(c) = word.chars().find(|c| c.is_alphabetic()) else { return Script::Other };
    match c as u32 {
        0x0041..=0x024F | 0x1E00..=0x1EFF => Script::Latin,
        0x0370..=0x03FF | 0x1F00..=0x1FFF => Script::Greek,
        0x0400..=0x052F => Script::Cyrillic,
        0x0600..=0x06FF | 0x0750..=0x077F | 0x08A0..=0x08FF | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF => Script::Arabic,
        0x0B80..=0x0BFF => Script::Tamil,
        _ => Script::Other,
    }
}

/// The Snowball stemmers: language subtag, algorithm, script.
const STEMMERS: [(&str, Algorithm, Script); 18] = [
    ("ar", Algorithm::Arabic, Script::Arabic),
    ("da", Algorithm::Danish, Script::Latin),
    ("de", Algorithm::German, Script::Latin),
    ("el", Algorithm::Greek, Script::Greek),
    ("en", Algorithm::English, Script::Latin),
    ("es", Algorithm::Spanish, Script::Latin),
    ("fi", Algorithm::Finnish, Script::Latin),
    ("fr", Algorithm::French, Script::Latin),
    ("hu", Algorithm::Hungarian, Script::Latin),
    ("it", Algorithm::Italian, Script::Latin),
    ("nl", Algorithm::Dutch, Script::Latin),
    ("no", Algorithm::Norwegian, Script::Latin),
    ("pt", Algorithm::Portuguese, Script::Latin),
    ("ro", Algorithm::Romanian, Script::Latin),
    ("ru", Algorithm::Russian, Script::Cyrillic),
    ("sv", Algorithm::Swedish, Script::Latin),
    ("ta", Algorithm::Tamil, Script::Tamil),
    ("tr", Algorithm::Turkish, Script::Latin),
];

/// The stemmer of a language (its primary subtag; `nb` and `nn` are
/// Norwegian), if Snowball has one.
fn stemmer_for(language: &str) -> Option<(&'static str, Stemmer, Script)> {
    let lang = match language.split('-').next().unwrap_or(language).to_ascii_lowercase().as_str() {
        "nb" | "nn" => "no".to_owned(),
        l => l.to_owned(),
    };
    STEMMERS.iter().find(|(l, ..)| *l == lang).map(|(l, a, s)| (*l, Stemmer::create(*a), *s))
}

/// Lower-cases a token and normalises Arabic spelling (see the module
/// documentation); accents are left for [`fold`], after stemming.
pub fn normalise(token: &str) -> String {
    let mut out = String::with_capacity(token.len());
    for c in token.chars().flat_map(char::to_lowercase) {
        match c {
            '\u{064B}'..='\u{0652}' | '\u{0640}' => {}
            'أ' | 'إ' | 'آ' => out.push('ا'),
            'ى' => out.push('ي'),
            'ة' => out.push('ه'),
            c => out.push(c),
        }
    }
    out
}

/// Folds accents of Latin letters (`é` → `e`); other scripts are kept
/// as they are (a Cyrillic й is not an и).
fn fold(word: &str) -> Cow<'_, str> {
    if word.is_ascii() {
        return Cow::Borrowed(word);
    }
    let mut out = String::with_capacity(word.len());
    for c in word.chars() {
        if matches!(c as u32, 0x00C0..=0x024F | 0x1E00..=0x1EFF) {
            decompose_canonical(c, |d| {
                if !is_combining_mark(d) {
                    out.push(d);
                }
            });
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// The tokens of a text: runs of word characters, with their byte ranges.
pub fn tokens(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut rest = text.char_indices().peekable();
    std::iter::from_fn(move || {
        let (start, _) = rest.by_ref().find(|(_, c)| is_word_char(*c))?;
        let mut end = text.len();
        while let Some((i, c)) = rest.peek().copied() {
            if !is_word_char(c) {
                end = i;
                break;
            }
            rest.next();
        }
        Some((start, &text[start..end]))
    })
}

/// Splits a normalised token into runs that are, or are not, in a bigram script.
fn runs(token: &str) -> impl Iterator<Item = (bool, &str)> {
    let mut rest = token;
    std::iter::from_fn(move || {
        let first = rest.chars().next()?;
        let bigram = is_bigram_char(first);
        let end = rest.char_indices().find(|(_, c)| is_bigram_char(*c) != bigram).map_or(rest.len(), |(i, _)| i);
        let (run, tail) = rest.split_at(end);
        rest = tail;
        Some((bigram, run))
    })
}

/// The bigrams of an unspaced run, then its last character alone.
fn bigrams(run: &str, mut push: impl FnMut(&str)) {
    let starts: Vec<usize> = run.char_indices().map(|(i, _)| i).chain(std::iter::once(run.len())).collect();
    for w in starts.windows(3) {
        push(&run[w[0]..w[2]]);
    }
    if let [.., last, end] = starts[..] {
        push(&run[last..end]);
    }
}

/// The indexed terms of `text` written in `language` (a BCP 47 tag, or
/// `None` when unknown: no stemming), appended to `out` separated by spaces.
pub fn index_terms(text: &str, language: Option<&str>, out: &mut String) {
    let stemmer = language.and_then(stemmer_for);
    let mut push = |term: &str| {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(term);
    };
    for (_, token) in tokens(text) {
        let token = normalise(token);
        for (bigram, run) in runs(&token) {
            if bigram {
                bigrams(run, &mut push);
                continue;
            }
            let word = fold(run);
            match &stemmer {
                Some((lang, stemmer, script)) if script_of(run) == *script => {
                    let stem = stemmer.stem(run);
                    let stem = fold(&stem);
                    // The word itself only when it is not its stem: a
                    // query word that starts it starts the tagged stem.
                    if stem != word {
                        push(&word);
                    }
                    push(&format!("{stem}{STEM_MARK}{lang}"));
                }
                _ => push(&word),
            }
        }
    }
}

/// One alternative a query group is satisfied by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QueryTerm {
    /// An indexed term starting with this.
    Prefix(String),
    /// Exactly this indexed term (a tagged stem, or a bigram).
    Exact(String),
}

/// A query as the index looks for it: every group must match, a group
/// through any of its alternatives. Only letters, digits, combining marks
/// and the stem mark reach a term: nothing a reader types can reach FTS5 or
/// tsquery syntax.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AnalysedQuery {
    pub groups: Vec<Vec<QueryTerm>>,
}

impl AnalysedQuery {
    /// Analyses the words a reader typed (at most [`MAX_QUERY_WORDS`]).
    pub fn parse(text: &str) -> Self {
        let mut groups: Vec<Vec<QueryTerm>> = Vec::new();
        for (_, token) in tokens(text).take(MAX_QUERY_WORDS) {
            let token = normalise(token);
            for (bigram, run) in runs(&token) {
                if bigram {
                    if run.chars().nth(1).is_none() {
                        groups.push(vec![QueryTerm::Prefix(run.to_owned())]);
                    } else {
                        let mut grams = Vec::new();
                        bigrams(run, |g| grams.push(g.to_owned()));
                        // The last one is the run's last character: the
                        // bigram before it already covers it.
                        grams.pop();
                        groups.extend(grams.into_iter().map(|g| vec![QueryTerm::Exact(g)]));
                    }
                    continue;
                }
                let word = fold(run).into_owned();
                let script = script_of(run);
                let mut group = vec![QueryTerm::Prefix(word.clone())];
                for (lang, algorithm, _) in STEMMERS.iter().filter(|(.., s)| *s == script && script != Script::Other) {
                    let stem = Stemmer::create(*algorithm).stem(run).into_owned();
                    let stem = fold(&stem);
                    if *stem != word {
                        group.push(QueryTerm::Exact(format!("{stem}{STEM_MARK}{lang}")));
                    }
                }
                groups.push(group);
            }
        }
        groups.truncate(MAX_QUERY_GROUPS);
        Self { groups }
    }

    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    /// Whether a token of a text in `language` matches one of the query's
    /// groups (for marking it in a snippet): one of its terms starts with
    /// a prefix alternative, or equals an exact one.
    pub fn matches_token(&self, token: &str, language: Option<&str>) -> bool {
        let mut terms = String::new();
        index_terms(token, language, &mut terms);
        terms.split(' ').filter(|t| !t.is_empty()).any(|term| {
            self.groups.iter().flatten().any(|alt| match alt {
                QueryTerm::Prefix(p) => term.starts_with(p.as_str()),
                QueryTerm::Exact(e) => term == e,
            })
        })
    }

    /// The unspaced runs of the query, normalised (marked wherever they
    /// occur inside a text's unspaced runs).
    pub fn unspaced_words(text: &str) -> Vec<String> {
        tokens(text)
            .take(MAX_QUERY_WORDS)
            .flat_map(|(_, t)| {
                let t = normalise(t);
                runs(&t).filter(|(b, _)| *b).map(|(_, r)| r.to_owned()).collect::<Vec<_>>()
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(text: &str, lang: Option<&str>) -> Vec<String> {
        let mut out = String::new();
        index_terms(text, lang, &mut out);
        out.split(' ').filter(|t| !t.is_empty()).map(str::to_owned).collect()
    }

    fn found(query: &str, text: &str, lang: Option<&str>) -> bool {
        let q = AnalysedQuery::parse(query);
        let t = terms(text, lang);
        !q.is_empty()
            && q.groups.iter().all(|g| {
                g.iter().any(|alt| match alt {
                    QueryTerm::Prefix(p) => t.iter().any(|x| x.starts_with(p.as_str())),
                    QueryTerm::Exact(e) => t.contains(e),
                })
            })
    }

    #[test]
    fn chinese_is_indexed_as_overlapping_bigrams() {
        assert_eq!(terms("公共交通", Some("zh")), ["公共", "共交", "交通", "通"]);
        assert!(found("交通", "智慧城市交通管理 上海市利用大数据改善公共交通", Some("zh")));
        assert!(found("公共交通", "上海市利用大数据改善公共交通", Some("zh")));
        assert!(found("通", "公共交通", Some("zh")), "one character, even the last of a run");
        assert!(!found("交管", "公共交通", Some("zh")));
    }

    #[test]
    fn japanese_and_korean_need_no_dictionary() {
        assert!(found("東京", "東京都の交通政策", Some("ja")));
        assert!(found("バス", "コミュニティバスの運行", Some("ja")));
        assert!(found("교통", "서울시의 교통을 개선", Some("ko")), "the particle 을 does not hide the word");
    }

    #[test]
    fn arabic_is_found_with_or_without_diacritics_and_spelling_variants() {
        let text = "تحسين إدارة المياه في المدينة";
        assert!(found("إِدَارَة", text, Some("ar")));
        assert!(found("ادارة", text, Some("ar")));
        assert!(found("المدينه", text, Some("ar")), "teh marbuta as heh");
        assert!(found("إدارة", "تَحْسِينُ إِدَارَةِ المِيَاهِ", Some("ar")), "a vowelled text, an unvowelled query");
        assert_eq!(normalise("مـدينة"), "مدينه", "tatweel removed");
    }

    #[test]
    fn words_are_stemmed_in_the_language_of_the_text() {
        assert!(found("города", "Умный город", Some("ru")));
        assert!(found("cities", "A smart city", Some("en")));
        assert!(found("meter", "smart meters", Some("en")));
        assert!(found("économies", "les économie d'eau", Some("fr")));
        assert!(found("economie", "les économies d'eau", Some("fr")), "accents folded");
        assert!(!found("cities", "Une city", None), "no language: no stems");
    }

    #[test]
    fn a_stem_from_one_language_does_not_match_another_language() {
        // The French stem of "parties" is "part"; an English text's word
        // "part" is not found by "parties" through it.
        assert!(!terms("part", Some("en")).iter().any(|t| t.ends_with("0fr")));
        assert!(!found("parties", "a part of it", Some("en")));
    }

    #[test]
    fn nothing_a_reader_types_reaches_query_syntax() {
        let q = AnalysedQuery::parse("\"bus\"* OR NEAR(x) :&|! 'a'");
        for alt in q.groups.iter().flatten() {
            let (QueryTerm::Prefix(t) | QueryTerm::Exact(t)) = alt;
            assert!(t.chars().all(is_word_char), "{t}");
        }
        assert!(AnalysedQuery::parse("*:&|!").is_empty());
    }

    #[test]
    fn tokens_keep_combining_marks_and_their_offsets() {
        let t: Vec<(usize, &str)> = tokens("a, إِدَارَة!").collect();
        assert_eq!(t, [(0, "a"), (3, "إِدَارَة")]);
    }
}
