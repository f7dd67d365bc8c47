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

    /// The visible text, tags removed and whitespace collapsed: for titles
    /// derived from microblog posts and for search snippets.
    pub fn plain_text(&self) -> String {
        let no_tags = ammonia::Builder::empty().clean(&self.0).to_string();
        let decoded = no_tags
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&nbsp;", " ")
            .replace("&amp;", "&");
        decoded.split_whitespace().collect::<Vec<_>>().join(" ")
    }
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
}
