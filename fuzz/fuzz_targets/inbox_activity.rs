//! What the inbox does with a POST body before any network step: JSON
//! parse and depth check (`inbox::parse_activity`), then the admission rule
//! (`objects::admissible`) and the conversion to a practice
//! (`objects::practice_from_object`) on the embedded object — and, so
//! bare objects from the seed corpus count too, on the document itself.
#![no_main]

use ecities_core::actor::ActorId;
use ecities_federation::inbox::parse_activity;
use ecities_federation::objects::{admissible, practice_from_object};
use ecities_fuzz::{assert_plain_text, assert_safe_html};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

fuzz_target!(|body: &[u8]| {
    let Ok(activity) = parse_activity(body) else { return };
    let object = activity.get("object").cloned().unwrap_or(Value::Null);
    for candidate in [&object, &activity] {
        let admitted = admissible(candidate);
        let Ok(practice) = practice_from_object(candidate, ActorId(1), "k".to_owned()) else { continue };
        if let Ok(id) = admitted {
            assert_eq!(id, practice.ap_id, "admissible and practice_from_object disagree on the id");
        }
        let source = String::from_utf8_lossy(body);
        assert!(!practice.title.trim().is_empty(), "a practice without a title");
        assert_plain_text(&practice.title, &source);
        assert_plain_text(&practice.summary, &source);
        assert_safe_html(practice.content_html.as_str(), &source);
        for t in practice.translations.values() {
            assert_plain_text(&t.title, &source);
            assert_plain_text(&t.summary, &source);
            assert_safe_html(t.content_html.as_str(), &source);
        }
    }
});
