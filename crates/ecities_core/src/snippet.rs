//! Search snippets: a short passage of a practice around the words a
//! search matched, as HTML — the text escaped, the matched words in
//! `<mark>`. The only markup in a snippet is `<mark>` and `</mark>`: stored
//! HTML is reduced to its text first ([`SafeHtml::plain_text`]), so nothing
//! a practice holds reaches a page as markup.
//!
//! Words match as the full-text index matches them: case-insensitively, as
//! the start of a word (`bus` marks `buses`); in scripts written without
//! spaces (Chinese, Japanese) anywhere inside a run of characters.

use crate::content::SafeHtml;
use crate::practice::Practice;

/// Longest passage shown, in characters of text (before escaping).
pub const SNIPPET_CHARS: usize = 200;

/// Characters of context kept before the first matched word.
const LEAD_CHARS: usize = 60;

/// Most words of a query taken into account (as the search does).
const MAX_WORDS: usize = 10;

/// The words of a search text, lower-cased: runs of letters and digits.
pub fn query_words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(MAX_WORDS)
        .map(str::to_lowercase)
        .collect()
}

/// A snippet of `practice` for the search `text`: the first of summary,
/// text and title (then the same of each translation, the reader's
/// language first when given) that contains a word, around it; when none
/// does (the index matched a form the words do not show), the start of the
/// summary. `None` when the search has no words.
pub fn practice_snippet(practice: &Practice, text: &str, reader: Option<&str>) -> Option<String> {
    let words = query_words(text);
    if words.is_empty() {
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
    for (_, summary, title, content) in &variants {
        for field in [(*summary).to_owned(), content.plain_text(), (*title).to_owned()] {
            if let Some(s) = snippet(&field, &words) {
                return Some(s);
            }
        }
    }
    Some(escape(&variants[0].1.chars().take(SNIPPET_CHARS).collect::<String>()))
}

/// The passage of `text` around the first of `words` (lower-case), words
/// marked and the rest escaped; `None` when no word is in it.
pub fn snippet(text: &str, words: &[String]) -> Option<String> {
    let marks = matches(text, words);
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

/// Byte ranges of `text` to mark, in order: words of the text that start
/// with a query word, and in scripts without spaces each occurrence of one.
fn matches(text: &str, words: &[String]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if !c.is_alphanumeric() {
            continue;
        }
        let mut end = start + c.len_utf8();
        while let Some((i, c)) = chars.peek().copied() {
            if !c.is_alphanumeric() {
                break;
            }
            end = i + c.len_utf8();
            chars.next();
        }
        let token = &text[start..end];
        if words.iter().any(|w| starts_with_ignoring_case(token, w)) {
            out.push((start, end));
            continue;
        }
        for w in words.iter().filter(|w| w.chars().any(unspaced)) {
            let mut from = 0;
            while let Some(i) = token[from..].find(w.as_str()) {
                out.push((start + from + i, start + from + i + w.len()));
                from += i + w.len();
            }
        }
    }
    out.sort_unstable();
    out.dedup_by(|b, a| b.0 < a.1);
    out
}

/// Whether `token` begins with `word` (lower-case), ignoring case.
fn starts_with_ignoring_case(token: &str, word: &str) -> bool {
    let mut lower = token.chars().flat_map(char::to_lowercase);
    word.chars().all(|w| lower.next() == Some(w))
}

/// Letters of scripts written without spaces between words: CJK
/// ideographs, kana, Thai, Lao, Khmer, Myanmar.
fn unspaced(c: char) -> bool {
    matches!(c as u32,
        0x0E00..=0x0EFF | 0x1000..=0x109F | 0x1780..=0x17FF | 0x3040..=0x30FF | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F)
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

    fn words(q: &str) -> Vec<String> {
        query_words(q)
    }

    #[test]
    fn matched_words_are_marked_and_the_rest_escaped() {
        let s = snippet("Buses <b>&</b> bus lanes in Seoul", &words("BUS seoul")).expect("match");
        assert_eq!(s, "<mark>Buses</mark> &lt;b&gt;&amp;&lt;/b&gt; <mark>bus</mark> lanes in <mark>Seoul</mark>");
    }

    #[test]
    fn no_word_no_snippet() {
        assert_eq!(snippet("Clean water", &words("bus")), None);
        assert!(query_words("*:&|!").is_empty());
    }

    #[test]
    fn a_long_text_is_cut_around_the_first_match_at_word_boundaries() {
        let text = format!("{} tram {}", "word ".repeat(100), "more ".repeat(100));
        let s = snippet(&text, &words("tram")).expect("match");
        assert!(s.starts_with("…word ") && s.ends_with("more…"), "{s}");
        assert!(s.contains("<mark>tram</mark>"));
        assert!(s.chars().count() <= SNIPPET_CHARS + 2 + "<mark></mark>".len(), "{s}");
    }

    #[test]
    fn words_inside_unspaced_scripts_are_marked() {
        let s = snippet("上海市利用大数据改善公共交通", &words("交通")).expect("match");
        assert_eq!(s, "上海市利用大数据改善公共<mark>交通</mark>");
    }
}
