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
    pub fn plain_text(&self) -> String {
        let no_tags = ammonia::Builder::empty().clean(&self.0).to_string();
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
