//! Search snippets: a short passage of a practice around the words a
//! search matched, as HTML — the text escaped, the matched words in
//! `<mark>`. The only markup in a snippet is `<mark>` and `</mark>`: stored
//! HTML is reduced to its text first ([`SafeHtml::plain_text`]), so nothing
//! a practice holds reaches a page as markup.
//!
//! Words match as the full-text index matches them: case-insensitively, as
//! the start of a word (`bus` marks `buses`); in scripts written without
//! spaces (Chinese, Japanese) anywhere inside a run of characters.

use crate::analysis::{AnalysedQuery, is_bigram_char, tokens};
use crate::content::SafeHtml;
use crate::practice::Practice;

/// Longest passage shown, in characters of text (before escaping).
pub const SNIPPET_CHARS: usize = 200;

/// Characters of context kept before the first matched word.
const LEAD_CHARS: usize = 60;

/// The words a reader typed, analysed as the index analyses them.
pub struct SnippetQuery {
    query: AnalysedQuery,
    /// Runs of unspaced scripts, marked wherever they occur in a text.
    unspaced: Vec<String>,
}

impl SnippetQuery {
    pub fn new(text: &str) -> Self {
        Self { query: AnalysedQuery::parse(text), unspaced: AnalysedQuery::unspaced_words(text) }
    }

    pub fn is_empty(&self) -> bool {
        self.query.is_empty()
    }
}

/// A snippet of `practice` for the search `text`: the first of summary,
/// text and title (then the same of each translation, the reader's
/// language first when given) that contains a word, around it; when none
/// does (the index matched a form the words do not show), the start of the
/// summary. `None` when the search has no words.
pub fn practice_snippet(practice: &Practice, text: &str, reader: Option<&str>) -> Option<String> {
    let query = SnippetQuery::new(text);
    if query.is_empty() {
        return None;
    }
    // (summary, title, text) of the original and each translation, the
    // reader's language first.
    let mut variants: Vec<(Option<&str>, &str, &str, &SafeHtml)> = vec![(
        practice.language.as_ref().map(|l| l.primary()),
        &practice.summary,
        &practice.title,
        &practice.content_html,
    )];
    for (lang, t) in &practice.translations {
        variants.push((Some(lang.primary()), &t.summary, &t.title, &t.content_html));
    }
    if let Some(r) = reader {
        variants.sort_by_key(|(lang, ..)| *lang != Some(r));
    }
    for (lang, summary, title, content) in &variants {
        for field in [(*summary).to_owned(), content.plain_text(), (*title).to_owned()] {
            if let Some(s) = snippet(&field, &query, *lang) {
                return Some(s);
            }
        }
    }
    Some(escape(&variants[0].1.chars().take(SNIPPET_CHARS).collect::<String>()))
}

/// The passage of `text` (written in `language`) around the first word the
/// query matches, matched words marked and the rest escaped; `None` when
/// no word is in it.
pub fn snippet(text: &str, query: &SnippetQuery, language: Option<&str>) -> Option<String> {
    let marks = matches(text, query, language);
    let first = marks.first()?.0;
    // Start a little before the first match, at the start of a word.
    let lead_start = text[..first].char_indices().rev().nth(LEAD_CHARS.saturating_sub(1)).map_or(0, |(i, _)| i);
    let start = if lead_start == 0 {
        0
    } else {
        text[lead_start..first].find(char::is_whitespace).map_or(lead_start, |i| lead_start + i + 1)
    };
    let end = text[start..].char_indices().nth(SNIPPET_CHARS).map_or(text.len(), |(i, _)| start + i);
    // End at the end of a word when the passage is cut.
    let end =
        if end < text.len() { text[start..end].rfind(char::is_whitespace).map_or(end, |i| start + i) } else { end };
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    let mut at = start;
    for &(from, to) in marks.iter().filter(|(from, to)| *from >= start && *to <= end) {
        out.push_str(&escape(&text[at..from]));
        out.push_str("<mark>");
        out.push_str(&escape(&text[from..to]));
        out.push_str("</mark>");
        at = to;
    }
    out.push_str(&escape(&text[at..end]));
    if end < text.len() {
        out.push('…');
    }
    Some(out)
}

/// Byte ranges of `text` to mark, in order: words the query matches as
/// the index matches them (the start of a word, the same stem, the same
/// word without Arabic vowel marks), and in unspaced scripts each
/// occurrence of a word typed in them.
fn matches(text: &str, query: &SnippetQuery, language: Option<&str>) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for (start, token) in tokens(text) {
        if token.chars().any(is_bigram_char) {
            for w in &query.unspaced {
                let mut from = 0;
                while let Some(i) = token[from..].find(w.as_str()) {
                    out.push((start + from + i, start + from + i + w.len()));
                    from += i + w.len();
                }
            }
        } else if query.query.matches_token(token, language) {
            out.push((start, start + token.len()));
        }
    }
    out.sort_unstable();
    out.dedup_by(|b, a| b.0 < a.1);
    out
}

/// Text as HTML text: `&`, `<`, `>` and both quotes escaped.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(q: &str) -> SnippetQuery {
        SnippetQuery::new(q)
    }

    #[test]
    fn matched_words_are_marked_and_the_rest_escaped() {
        let s = snippet("Buses <b>&</b> bus lanes in Seoul", &words("BUS seoul"), Some("en")).expect("match");
        assert_eq!(s, "<mark>Buses</mark> &lt;b&gt;&amp;&lt;/b&gt; <mark>bus</mark> lanes in <mark>Seoul</mark>");
    }

    #[test]
    fn no_word_no_snippet() {
        assert_eq!(snippet("Clean water", &words("bus"), Some("en")), None);
        assert!(words("*:&|!").is_empty());
    }

    #[test]
    fn a_long_text_is_cut_around_the_first_match_at_word_boundaries() {
        let text = format!("{} tram {}", "word ".repeat(100), "more ".repeat(100));
        let s = snippet(&text, &words("tram"), None).expect("match");
        assert!(s.starts_with("…word ") && s.ends_with("more…"), "{s}");
        assert!(s.contains("<mark>tram</mark>"));
        assert!(s.chars().count() <= SNIPPET_CHARS + 2 + "<mark></mark>".len(), "{s}");
    }

    #[test]
    fn words_inside_unspaced_scripts_are_marked() {
        let s = snippet("上海市利用大数据改善公共交通", &words("交通"), Some("zh")).expect("match");
        assert_eq!(s, "上海市利用大数据改善公共<mark>交通</mark>");
    }

    #[test]
    fn words_found_by_their_stem_or_without_vowel_marks_are_marked() {
        let s = snippet("One smart city, two cities", &words("cities"), Some("en")).expect("match");
        assert_eq!(s, "One smart <mark>city</mark>, two <mark>cities</mark>");
        let s = snippet("Умный город", &words("города"), Some("ru")).expect("match");
        assert_eq!(s, "Умный <mark>город</mark>");
        let s = snippet("تَحْسِينُ إِدَارَةِ المِيَاهِ", &words("ادارة"), Some("ar")).expect("match");
        assert_eq!(s, "تَحْسِينُ <mark>إِدَارَةِ</mark> المِيَاهِ");
    }
}
