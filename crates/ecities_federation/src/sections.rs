//! The structured sections of a practice (problem, solution, results,
//! lessons learned) inside the federated `content`, for readers that know
//! nothing of our extension (Mastodon, Lemmy, WordPress…).
//!
//! Outgoing, the sections are appended to `content` (and to every entry of
//! `contentMap`) after [`MARKER`], as `<p><strong>Heading</strong></p>`
//! followed by `<p>` paragraphs: markup every sanitiser we know keeps
//! (Mastodon turns `<h2>` into a plain `<p>` in some versions and into
//! `<p><strong>` in others, so we send the latter directly). The typed
//! fields still travel in the extension vocabulary.
//!
//! Incoming, an object that carries at least one typed section has
//! everything from [`MARKER`] on cut from its content before it is
//! sanitised, so an ecities node shows the sections once, from the typed
//! fields.

use ecities_core::content::escape_html;
use ecities_core::practice::{LanguageTag, PracticeDetails};

/// Where the appended sections begin in a federated `content`. An HTML
/// comment: invisible to readers, removed by every sanitiser (ours too, so
/// no author can write it into a practice's own text).
pub const MARKER: &str = "<!-- ecities:sections -->";

/// Section headings in one language: problem, solution, results, lessons
/// learned. The same words as the web interface (crates/ecities_web/locales).
struct Labels([&'static str; 4]);

const EN: Labels = Labels(["Problem", "Solution", "Results", "Lessons learned"]);

fn labels(language: Option<&LanguageTag>) -> &'static Labels {
    const AR: Labels = Labels(["المشكلة", "الحل", "النتائج", "الدروس المستفادة"]);
    const ES: Labels = Labels(["Problema", "Solución", "Resultados", "Lecciones aprendidas"]);
    const FR: Labels = Labels(["Problème", "Solution", "Résultats", "Enseignements tirés"]);
    const KO: Labels = Labels(["문제", "해결", "성과", "교훈"]);
    const RU: Labels = Labels(["Проблема", "Решение", "Результаты", "Извлечённые уроки"]);
    const ZH: Labels = Labels(["问题", "解决方案", "成果", "经验教训"]);
    match language.map(LanguageTag::primary) {
        Some("ar") => &AR,
        Some("es") => &ES,
        Some("fr") => &FR,
        Some("ko") => &KO,
        Some("ru") => &RU,
        Some("zh") => &ZH,
        _ => &EN,
    }
}

/// Plain text as HTML paragraphs: blank lines separate paragraphs, single
/// line breaks become `<br>`; everything is escaped.
fn paragraphs(text: &str, out: &mut String) {
    let normalised = text.replace("\r\n", "\n");
    for para in normalised.split("\n\n").map(str::trim).filter(|p| !p.is_empty()) {
        let lines: Vec<String> = para.lines().map(|l| escape_html(l.trim())).collect();
        out.push_str("<p>");
        out.push_str(&lines.join("<br>"));
        out.push_str("</p>");
    }
}

/// The sections of `details` as HTML with headings in `language` (English
/// for languages without a table), starting with [`MARKER`]; `None` when
/// the practice has no section.
pub fn sections_html(details: &PracticeDetails, language: Option<&LanguageTag>) -> Option<String> {
    let Labels(labels) = labels(language);
    let mut out = String::new();
    for (label, value) in labels.iter().zip([&details.problem, &details.solution, &details.results, &details.lessons]) {
        let Some(text) = value.as_deref().filter(|t| !t.trim().is_empty()) else { continue };
        out.push_str("<p><strong>");
        out.push_str(&escape_html(label));
        out.push_str("</strong></p>");
        paragraphs(text, &mut out);
    }
    (!out.is_empty()).then(|| format!("{MARKER}{out}"))
}

/// `content` with the sections appended (unchanged without sections).
pub fn with_sections(content: &str, sections: Option<&str>) -> String {
    match sections {
        Some(s) => format!("{content}{s}"),
        None => content.to_owned(),
    }
}

/// A received `content` without the sections an ecities node appended:
/// everything before [`MARKER`] (all of it when there is no marker).
pub fn without_sections(content: &str) -> &str {
    content.find(MARKER).map_or(content, |at| &content[..at])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn details(problem: Option<&str>, lessons: Option<&str>) -> PracticeDetails {
        PracticeDetails {
            problem: problem.map(str::to_owned),
            lessons: lessons.map(str::to_owned),
            ..PracticeDetails::default()
        }
    }

    #[test]
    fn sections_are_headed_paragraphs_in_the_practices_language() {
        let d = details(Some("Slow buses."), Some("Start with one corridor."));
        let fr = LanguageTag::parse("fr-CA").expect("tag");
        assert_eq!(
            sections_html(&d, Some(&fr)).as_deref(),
            Some(
                "<!-- ecities:sections --><p><strong>Problème</strong></p><p>Slow buses.</p>\
                 <p><strong>Enseignements tirés</strong></p><p>Start with one corridor.</p>"
            )
        );
    }

    #[test]
    fn languages_without_a_table_get_english_headings() {
        let d = details(Some("x"), None);
        for lang in [None, Some(LanguageTag::parse("pt-BR").expect("tag"))] {
            let html = sections_html(&d, lang.as_ref()).expect("sections");
            assert!(html.contains("<strong>Problem</strong>"), "{html}");
        }
    }

    #[test]
    fn section_text_is_escaped_and_keeps_its_paragraphs() {
        let d = details(Some("<script>alert(1)</script> & co\n\nSecond para\nnext line"), None);
        let html = sections_html(&d, None).expect("sections");
        assert!(
            html.ends_with("<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; co</p><p>Second para<br>next line</p>"),
            "{html}"
        );
    }

    #[test]
    fn a_practice_without_sections_keeps_its_content_as_is() {
        assert_eq!(sections_html(&details(None, Some("  ")), None), None);
        assert_eq!(with_sections("<p>Body</p>", None), "<p>Body</p>");
    }

    #[test]
    fn the_appended_sections_are_cut_off_again() {
        let s = sections_html(&details(Some("Slow buses."), None), None);
        let sent = with_sections("<p>Body</p>", s.as_deref());
        assert_eq!(without_sections(&sent), "<p>Body</p>");
        assert_eq!(without_sections("<p>No marker</p>"), "<p>No marker</p>");
    }
}
