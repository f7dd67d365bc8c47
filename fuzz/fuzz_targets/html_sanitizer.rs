//! `SafeHtml::sanitize`, `SafeHtml::from_markdown` and `plain_text` on
//! arbitrary strings: sanitised HTML holds no script, event handler or
//! `javascript:` URL; plain text never opens a tag.
#![no_main]

use ecities_core::content::SafeHtml;
use ecities_fuzz::{assert_plain_text, assert_safe_html};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: &str| {
    let sanitized = SafeHtml::sanitize(input);
    assert_safe_html(sanitized.as_str(), input);
    assert_plain_text(&sanitized.plain_text(), input);

    let rendered = SafeHtml::from_markdown(input);
    assert_safe_html(rendered.as_str(), input);
    assert_plain_text(&rendered.plain_text(), input);

    // What the node does with text fields from outside (titles, summaries):
    // sanitise, then keep the text.
    let text = SafeHtml::sanitize(input).plain_text();
    // Text stored and later sanitised again (for instance a summary wrapped
    // in <p>) stays safe too.
    assert_safe_html(SafeHtml::sanitize(&text).as_str(), input);
    assert_plain_text(&SafeHtml::sanitize(&text).plain_text(), input);
});
