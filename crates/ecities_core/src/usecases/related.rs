//! Related practices: what a reader of one practice may read next — those
//! sharing its goals (SDGs and MDGs), its themes and the words of its
//! title. Cheap and bounded: a few index queries of at most
//! [`CANDIDATES`] practices each (the in-memory facet index and, for the
//! words, one full-text query), scored here.

use std::collections::{BTreeSet, HashMap};

use crate::error::CoreResult;
use crate::practice::Practice;
use crate::store::{Page, PracticeQuery, SearchOrder, Store};

/// At most this many practices are read per kind of link (goals, themes, words).
pub const CANDIDATES: u32 = 50;

/// How many related practices a page and the API show.
pub const RELATED_SHOWN: usize = 5;

/// Words of the title and summary a reader would call words: lower case,
/// at least four letters (no "the", "and", "de la").
fn words(p: &Practice) -> BTreeSet<String> {
    format!("{} {}", p.title, p.summary)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 4)
        .map(str::to_lowercase)
        .collect()
}

/// Points a candidate earns for what it shares with the practice: three per
/// theme, two per goal, one per word (at most three), one for the same kind.
fn score(p: &Practice, p_words: &BTreeSet<String>, other: &Practice) -> u32 {
    let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    let themes = count(other.details.themes.iter().filter(|t| p.details.themes.contains(t)).count());
    let sdgs = count(other.sdgs.iter().filter(|g| p.sdgs.contains(g)).count());
    let mdgs = count(other.details.mdgs.iter().filter(|g| p.details.mdgs.contains(g)).count());
    let shared_words = count(words(other).intersection(p_words).count()).min(3);
    let kind = u32::from(p.kind.is_some() && p.kind == other.kind);
    let linked = themes + sdgs + mdgs + shared_words;
    // Only the kind in common is no relation.
    if linked == 0 { 0 } else { 3 * themes + 2 * (sdgs + mdgs) + shared_words + kind }
}

/// Up to [`RELATED_SHOWN`] practices related to `p`, best first (ties:
/// newest first), never `p` itself.
pub async fn related(store: &dyn Store, p: &Practice) -> CoreResult<Vec<Practice>> {
    let p_words = words(p);
    let mut queries = Vec::new();
    let newest = |q: PracticeQuery| PracticeQuery { sort: SearchOrder::Newest, ..q };
    if !p.sdgs.is_empty() {
        queries.push(newest(PracticeQuery { sdgs: p.sdgs.clone(), ..Default::default() }));
    }
    if !p.details.mdgs.is_empty() {
        queries.push(newest(PracticeQuery { mdgs: p.details.mdgs.clone(), ..Default::default() }));
    }
    if !p.details.themes.is_empty() {
        queries.push(newest(PracticeQuery { themes: p.details.themes.clone(), ..Default::default() }));
    }
    // The title's longest word, analysed as any search is (stems, bigrams).
    if let Some(word) = p.title.split(|c: char| !c.is_alphanumeric()).max_by_key(|w| w.chars().count())
        && word.chars().count() >= 4
    {
        queries.push(PracticeQuery { text: Some(word.to_owned()), sort: SearchOrder::Relevance, ..Default::default() });
    }
    let mut found: HashMap<i64, Practice> = HashMap::new();
    for q in queries {
        for other in store.search_practices(&q, Page::first(CANDIDATES)).await? {
            if other.id != p.id && !other.is_deleted() {
                found.entry(other.id.0).or_insert(other);
            }
        }
    }
    let mut scored: Vec<(u32, Practice)> =
        found.into_values().map(|o| (score(p, &p_words, &o), o)).filter(|(s, _)| *s > 0).collect();
    scored
        .sort_by(|a, b| b.0.cmp(&a.0).then_with(|| b.1.published_at.cmp(&a.1.published_at)).then(b.1.id.cmp(&a.1.id)));
    Ok(scored.into_iter().take(RELATED_SHOWN).map(|(_, o)| o).collect())
}
