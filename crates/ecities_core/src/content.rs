//! Turning what people write (Markdown) and what other servers send (HTML)
//! into HTML that is safe to store, show and federate.

use std::fmt;
use std::sync::LazyLock;

use pulldown_cmark::{Options, Parser, html};

/// HTML that went through the sanitiser. The only ways to get one are
/// [`SafeHtml::from_markdown`] and [`SafeHtml::sanitize`], so code that
/// holds a `SafeHtml` never has to ask whether it was cleaned.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SafeHtml(String);

static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut b = ammonia::Builder::default();
    // Links leave the node: mark them so search engines and referrers do not
    // treat them as endorsements or leak the reader.
    b.link_rel(Some("nofollow noopener noreferrer"));
    b.url_schemes(["http", "https", "mailto"].into_iter().collect());
    b
});

impl SafeHtml {
    /// Renders CommonMark (with tables, strikethrough and footnotes) and
    /// sanitises the result: raw HTML inside Markdown is cleaned too.
    pub fn from_markdown(markdown: &str) -> Self {
        let mut options = Options::empty();
        options.insert(Options::ENABLE_TABLES);
        options.insert(Options::ENABLE_STRIKETHROUGH);
        options.insert(Options::ENABLE_FOOTNOTES);
        let parser = Parser::new_ext(markdown, options);
        let mut out = String::with_capacity(markdown.len() * 3 / 2);
        html::push_html(&mut out, parser);
        Self::sanitize(&out)
    }

    /// Cleans HTML from anywhere (remote servers, feeds): scripts, event
    /// handlers, styles and dangerous URL schemes are removed.
    pub fn sanitize(html: &str) -> Self {
        Self(SANITIZER.clean(html).to_string())
    }

    /// Wraps HTML read back from our own database, which was sanitised
    /// before it was stored.
    pub fn from_trusted_storage(html: String) -> Self {
        Self(html)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }

    /// The visible text, tags removed, entities decoded and whitespace
    /// collapsed: for titles and summaries from outside and for search.
    ///
    /// Text, not HTML: every output escapes it. As a second line of
    /// defence, decoding never produces markup: a `<` that would open a tag
    /// (`&lt;script&gt;` in the source) becomes the look-alike `＜`
    /// (U+FF1C), so even a consumer that forgets to escape shows text;
    /// `a < b` keeps its `<`.
    ///
    /// Words on either side of a line break or a block boundary (`<br>`,
    /// `</p><p>`, `</li><li>`, headings, table cells…) stay apart; inline
    /// markup (`bus<b>lanes</b>`) joins nothing that was not joined.
    pub fn plain_text(&self) -> String {
        let no_tags = ammonia::Builder::empty().clean(&space_block_boundaries(&self.0)).to_string();
        let decoded = no_tags
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&nbsp;", " ")
            .replace("&amp;", "&");
        let text = decoded.split_whitespace().collect::<Vec<_>>().join(" ");
        defuse_tags(&text)
    }
}

/// Elements whose start or end separates words when rendered: line breaks,
/// blocks, list items, table cells.
const WORD_BREAKING_ELEMENTS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "br",
    "caption",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
];

/// Puts a space on both sides of every tag of a [`WORD_BREAKING_ELEMENTS`]
/// element, so that removing the tags keeps the words apart. `html` is
/// sanitiser output: a `<` in text is always escaped, so every `<` opens a
/// tag, which ends at the first `>` outside a quoted attribute value.
fn space_block_boundaries(html: &str) -> String {
    let mut out = String::with_capacity(html.len() + 16);
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        let tag = &rest[start..];
        let mut quote = None;
        let end = tag
            .char_indices()
            .skip(1)
            .find(|&(_, c)| match (quote, c) {
                (None, '"' | '\'') => {
                    quote = Some(c);
                    false
                }
                (Some(q), c) if c == q => {
                    quote = None;
                    false
                }
                (None, '>') => true,
                _ => false,
            })
            .map_or(tag.len(), |(i, _)| i + 1);
        let name: String = tag[1..end]
            .trim_start_matches('/')
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_lowercase())
            .collect();
        let breaks = WORD_BREAKING_ELEMENTS.contains(&name.as_str());
        if breaks {
            out.push(' ');
        }
        out.push_str(&tag[..end]);
        if breaks {
            out.push(' ');
        }
        rest = &tag[end..];
    }
    out.push_str(rest);
    out
}

/// Replaces each `<` that an HTML parser would read as the start of a tag,
/// comment or declaration (`<a`, `</`, `<!`, `<?`) with `＜` (U+FF1C).
pub fn defuse_tags(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let opens = c == '<' && chars.peek().is_some_and(|n| n.is_ascii_alphabetic() || matches!(n, '/' | '!' | '?'));
        out.push(if opens { '\u{FF1C}' } else { c });
    }
    out
}

impl fmt::Display for SafeHtml {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Escapes text for inclusion in HTML.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_becomes_html() {
        let html = SafeHtml::from_markdown("# Bus lanes\n\nWe *cut* travel time.");
        assert!(html.as_str().contains("<h1>Bus lanes</h1>"));
        assert!(html.as_str().contains("<em>cut</em>"));
    }

    #[test]
    fn scripts_inside_markdown_are_removed() {
        let html = SafeHtml::from_markdown("hello <script>alert(1)</script> <img src=x onerror=alert(2)>");
        assert!(!html.as_str().contains("<script"));
        assert!(!html.as_str().contains("onerror"));
    }

    #[test]
    fn javascript_links_are_removed_from_remote_html() {
        let html = SafeHtml::sanitize(r#"<a href="javascript:alert(1)">x</a><p style="color:red">ok</p>"#);
        assert!(!html.as_str().contains("javascript"));
        assert!(!html.as_str().contains("style"));
        assert!(html.as_str().contains("ok"));
    }

    #[test]
    fn plain_text_drops_tags_and_decodes_entities() {
        let html = SafeHtml::sanitize("<p>Fish &amp; chips</p>\n<p>second</p>");
        assert_eq!(html.plain_text(), "Fish & chips second");
    }

    #[test]
    fn plain_text_keeps_words_apart_across_line_breaks_and_blocks() {
        let mastodon = SafeHtml::sanitize("<p>Our new bus lanes<br>cut travel time</p><p>by a third.</p>");
        assert_eq!(mastodon.plain_text(), "Our new bus lanes cut travel time by a third.");
        let lists = SafeHtml::sanitize("<h2>Results</h2><ul><li>faster</li><li>cleaner</li></ul><p>Bus<b>way</b></p>");
        assert_eq!(lists.plain_text(), "Results faster cleaner Busway");
        let table = SafeHtml::sanitize("<table><tr><td>2019</td><td>2025</td></tr></table>x<br/>y<BR>z");
        assert_eq!(table.plain_text(), "2019 2025 x y z");
        // A `>` inside an attribute value does not end the tag early.
        let quoted = SafeHtml::sanitize(r#"<a href="https://a.example/?q=>" title="1>0">link</a><p>next</p>"#);
        assert_eq!(quoted.plain_text(), "link next");
    }

    const ESCAPED_SCRIPT: &str = "&lt;script&gt;alert(1)&lt;/script&gt;";

    #[test]
    fn decoding_entities_never_produces_markup() {
        for source in [
            ESCAPED_SCRIPT.to_owned(),
            format!("<p>{ESCAPED_SCRIPT}</p>"),
            "&amp;lt;script&amp;gt;x".to_owned(),
            "&lt;!-- c --&gt; &lt;?php &lt;/p&gt; &lt;img src=x onerror=alert(1)&gt;".to_owned(),
        ] {
            let text = SafeHtml::sanitize(&source).plain_text();
            assert_eq!(defuse_tags(&text), text, "{source} -> {text} can open a tag");
            assert!(!text.to_ascii_lowercase().contains("<script"), "{source} -> {text}");
        }
        assert_eq!(SafeHtml::sanitize(ESCAPED_SCRIPT).plain_text(), "\u{FF1C}script>alert(1)\u{FF1C}/script>");
        // Comparisons survive.
        assert_eq!(SafeHtml::sanitize("a &lt; b &amp;&amp; c &gt; d").plain_text(), "a < b && c > d");
        assert_eq!(SafeHtml::sanitize("&lt;3 &lt; 5").plain_text(), "<3 < 5");
    }
}
