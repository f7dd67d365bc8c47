//! Properties the fuzz targets assert on what the node produces from
//! hostile input. A violated property panics, which libFuzzer reports as a
//! crash with the input that caused it.

/// Sanitised HTML (the output of `SafeHtml::sanitize`/`from_markdown`) must
/// hold no script element, no event-handler attribute and no `javascript:`
/// URL in any attribute.
pub fn assert_safe_html(html: &str, source: &str) {
    let lower = html.to_ascii_lowercase();
    assert!(!lower.contains("<script"), "sanitised HTML contains <script: {html:?} (from {source:?})");
    for tag in tags(html) {
        for (name, value) in &tag.attributes {
            let name = name.to_ascii_lowercase();
            assert!(
                !name.starts_with("on"),
                "sanitised HTML has an event attribute {name} on <{}>: {html:?} (from {source:?})",
                tag.name
            );
            if !URL_ATTRIBUTES.contains(&name.as_str()) {
                continue;
            }
            // What a browser's URL parser (WHATWG) does before reading the
            // scheme: leading and trailing C0 controls and spaces are
            // trimmed, tabs and newlines removed anywhere (`java\tscript:`).
            // Other controls stay, and make the scheme invalid.
            let squeezed: String = decode_attribute(value)
                .trim_matches(|c: char| c <= ' ')
                .chars()
                .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
                .collect::<String>()
                .to_ascii_lowercase();
            assert!(
                !squeezed.starts_with("javascript:") && !squeezed.starts_with("vbscript:"),
                "sanitised HTML has a script URL in {name}={value:?}: {html:?} (from {source:?})"
            );
        }
    }
}

/// Attributes whose value a browser reads as a URL.
const URL_ATTRIBUTES: [&str; 14] = [
    "href",
    "src",
    "action",
    "formaction",
    "cite",
    "poster",
    "background",
    "xlink:href",
    "data",
    "srcset",
    "longdesc",
    "ping",
    "codebase",
    "lowsrc",
];

/// Text meant to stay text (`SafeHtml::plain_text`, titles, summaries) must
/// not hold a `<` that an HTML parser would read as opening a tag, a closing
/// tag, a comment or a declaration.
pub fn assert_plain_text(text: &str, source: &str) {
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '<' {
            let next = chars.peek().copied();
            assert!(
                !next.is_some_and(|n| n.is_ascii_alphabetic() || matches!(n, '/' | '!' | '?')),
                "plain text can open a tag: {text:?} (from {source:?})"
            );
        }
    }
}

/// One start tag of serialised HTML.
pub struct Tag {
    pub name: String,
    pub attributes: Vec<(String, String)>,
}

/// The start tags of HTML as html5ever serialises it (what ammonia
/// returns): attribute values are always double-quoted; `<` in text is
/// always escaped. Comments are skipped.
pub fn tags(html: &str) -> Vec<Tag> {
    let bytes = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'<' {
            i += 1;
            continue;
        }
        if html[i..].starts_with("<!--") {
            i = html[i..].find("-->").map_or(bytes.len(), |end| i + end + 3);
            continue;
        }
        i += 1;
        if i >= bytes.len() || !bytes[i].is_ascii_alphabetic() {
            continue;
        }
        let start = i;
        while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'>' && bytes[i] != b'/' {
            i += 1;
        }
        let mut tag = Tag { name: html[start..i].to_ascii_lowercase(), attributes: Vec::new() };
        loop {
            while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
                i += 1;
            }
            if i >= bytes.len() || bytes[i] == b'>' {
                i += 1;
                break;
            }
            let name_start = i;
            while i < bytes.len() && !bytes[i].is_ascii_whitespace() && !matches!(bytes[i], b'=' | b'>' | b'/') {
                i += 1;
            }
            let name = html[name_start..i].to_owned();
            let mut value = String::new();
            if i < bytes.len() && bytes[i] == b'=' {
                i += 1;
                if i < bytes.len() && matches!(bytes[i], b'"' | b'\'') {
                    let quote = bytes[i];
                    i += 1;
                    let value_start = i;
                    while i < bytes.len() && bytes[i] != quote {
                        i += 1;
                    }
                    value = html[value_start..i.min(bytes.len())].to_owned();
                    i += 1;
                } else {
                    let value_start = i;
                    while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'>' {
                        i += 1;
                    }
                    value = html[value_start..i].to_owned();
                }
            }
            tag.attributes.push((name, value));
        }
        out.push(tag);
    }
    out
}

/// The few entities html5ever writes in attribute values, and numeric ones.
fn decode_attribute(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let Some(semi) = rest.find(';') else { break };
        let entity = &rest[1..semi];
        let decoded = match entity {
            "amp" => Some('&'),
            "quot" => Some('"'),
            "nbsp" => Some('\u{a0}'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "colon" => Some(':'),
            "Tab" => Some('\t'),
            "NewLine" => Some('\n'),
            _ => entity
                .strip_prefix("#x")
                .or_else(|| entity.strip_prefix("#X"))
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_attributes_and_script_urls() {
        let t = tags(r#"<p>a &lt;b</p><a href="java&#x9;script:x" rel="n">y</a><!-- <img onerror=x> -->"#);
        assert_eq!(t.len(), 2);
        assert_eq!(t[1].name, "a");
        assert_eq!(t[1].attributes[0], ("href".to_owned(), "java&#x9;script:x".to_owned()));
        let result = std::panic::catch_unwind(|| assert_safe_html(r#"<a href="java&#x9;script:x">y</a>"#, ""));
        assert!(result.is_err());
        assert_safe_html(r#"<a href="https://x.example/?q=javascript:">javascript: onclick=1</a>"#, "");
        // Found by the fuzzer: another control character inside the scheme
        // makes it a relative URL, not a script.
        assert_safe_html("<a href=\"ja\u{f}vascript:alert(1)\">e</a>", "");
        let leading = std::panic::catch_unwind(|| assert_safe_html("<a href=\"\u{1} javascript:x\">y</a>", ""));
        assert!(leading.is_err());
        // Found by the fuzzer: `width` is no URL.
        assert_safe_html("<img width=\"java\tscript:4\">", "");
    }
}
