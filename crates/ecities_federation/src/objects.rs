//! Reading posts from other servers (`Article`, `Note`, `Page` from
//! Mastodon, GoToSocial, Lemmy, Misskey, WordPress, ecities…) into
//! practices: sanitised, unknown fields ignored, our typed fields used when
//! present and valid, dropped quietly when not.

use std::collections::BTreeMap;

use chrono::DateTime;
use ecities_core::actor::ActorId;
use ecities_core::content::SafeHtml;
use ecities_core::media::{Attachment, ContentHash, MAX_ALT_CHARS, MAX_ATTACHMENTS, MAX_CAPTION_CHARS, MediaType};
use ecities_core::practice::{LanguageTag, NewPractice, PracticeAudience, PracticeDetails, PracticeKind, Translation};
use ecities_core::taxonomy::{Country, Mdg, Region, Sdg, Theme};
use ecities_core::time::Timestamp;
use ecities_core::urls::web_url;
use serde_json::Value;
use url::Url;

use crate::wire::{first_url, id_of, ids_of, is_public, same_origin, type_of};

/// Object types we store as practices.
pub const PRACTICE_TYPES: [&str; 3] = ["Article", "Note", "Page"];

/// Longest remote text we keep, in characters (the inbox body is capped at
/// 1 MiB anyway; this keeps one post from dominating search and pages).
const MAX_REMOTE_CONTENT_CHARS: usize = 200_000;
/// Titles derived from untitled posts are cut at this many characters.
const DERIVED_TITLE_CHARS: usize = 80;
/// Summaries derived from the content are cut at this many characters.
const DERIVED_SUMMARY_CHARS: usize = 300;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ObjectError {
    #[error("object has no id")]
    NoId,
    #[error("object type {0} is not stored as a practice")]
    UnsupportedType(String),
    #[error("object has neither content nor a title")]
    Empty,
}

/// Why a remote object is not taken in, whichever way it arrived.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum Inadmissible {
    #[error("object has no id")]
    NoId,
    #[error("{0} is not public")]
    NotPublic(String),
    #[error("{0} is a reply; replies are not practices")]
    Reply(String),
    #[error("{object} is attributed to {author}, on another server")]
    ForeignAuthor { object: String, author: String },
}

/// The one rule for every remote object that may become a practice —
/// delivered in a `Create`/`Update`, fetched after an `Announce`, found by
/// backfill or refetched: it is public (addressed to `as:Public` in `to`,
/// `cc` or `audience`, in any spelling), it is not a reply (`inReplyTo`
/// unset), and its author, when named, lives on the object's own origin.
/// Returns the object's id. Callers that know who sent the object check
/// that too (the inbox: the sender is the author).
pub fn admissible(object: &Value) -> Result<Url, Inadmissible> {
    admissible_as(object, true)
}

/// [`admissible`] for an object its author delivered in its own
/// `Create`/`Update`: it may be addressed to the author's followers or to
/// named actors instead of the public (it must be addressed to someone).
/// The copy keeps that audience ([`audience_of`]) and stays off public
/// surfaces.
pub fn admissible_addressed(object: &Value) -> Result<Url, Inadmissible> {
    admissible_as(object, false)
}

/// Who an object delivered by its author is for: the public when
/// `as:Public` is among `to`, `cc` or `audience`; the author's followers
/// when their collection (`followers`) is; otherwise the actors named.
pub fn audience_of(object: &Value, followers: Option<&Url>) -> PracticeAudience {
    if is_public(object) {
        return PracticeAudience::Public;
    }
    let ids: Vec<String> = ["to", "cc", "audience"].iter().flat_map(|f| ids_of(object.get(*f))).collect();
    if followers.is_some_and(|f| ids.iter().any(|i| i == f.as_str())) {
        return PracticeAudience::Followers;
    }
    let mut named: Vec<Url> = Vec::new();
    for url in ids.iter().filter_map(|i| ecities_core::urls::web_url(i)) {
        if !named.contains(&url) {
            named.push(url);
        }
    }
    PracticeAudience::Named(named)
}

fn admissible_as(object: &Value, public_only: bool) -> Result<Url, Inadmissible> {
    let id = object.get("id").and_then(Value::as_str).and_then(|s| Url::parse(s).ok()).ok_or(Inadmissible::NoId)?;
    if let Some(author) = object.get("attributedTo").and_then(id_of)
        && !same_origin(&author, &id)
    {
        return Err(Inadmissible::ForeignAuthor { object: id.into(), author: author.into() });
    }
    let addressed = || ["to", "cc", "audience"].iter().any(|f| !ids_of(object.get(*f)).is_empty());
    if !is_public(object) && (public_only || !addressed()) {
        return Err(Inadmissible::NotPublic(id.into()));
    }
    if object.get("inReplyTo").is_some_and(|r| !r.is_null()) {
        return Err(Inadmissible::Reply(id.into()));
    }
    Ok(id)
}

fn text(v: &Value, key: &str) -> Option<String> {
    v.get(key).and_then(Value::as_str).map(str::to_owned).filter(|s| !s.trim().is_empty())
}

fn lang_map(v: &Value, key: &str) -> BTreeMap<String, String> {
    v.get(key)
        .and_then(Value::as_object)
        .map(|m| {
            m.iter()
                .filter_map(|(k, v)| v.as_str().map(|s| (k.clone(), s.to_owned())))
                .filter(|(_, s)| !s.trim().is_empty())
                .collect()
        })
        .unwrap_or_default()
}

fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_owned();
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

fn timestamp(v: &Value, key: &str) -> Option<Timestamp> {
    let s = v.get(key)?.as_str()?;
    DateTime::parse_from_rfc3339(s).ok().map(|d| Timestamp::from_datetime(d.to_utc()))
}

/// The attachments of a remote object this node can check: an `Image` or
/// `Document` of a type it knows, at a web URL, with a sha2-256
/// `digestMultibase`. Not yet `verified`: the bytes are fetched and
/// checked before the copy is stored (`crate::media`). Others (no
/// checksum, an unknown type) are left out.
pub fn attachments_of(object: &Value) -> Vec<Attachment> {
    let items: Vec<&Value> = match object.get("attachment") {
        Some(Value::Array(a)) => a.iter().collect(),
        Some(one @ Value::Object(_)) => vec![one],
        _ => Vec::new(),
    };
    let plain = |v: Option<&Value>, max: usize| {
        v.and_then(Value::as_str)
            .map(|s| truncate(&SafeHtml::sanitize(s).plain_text(), max))
            .filter(|s| !s.trim().is_empty())
    };
    let mut out: Vec<Attachment> = Vec::new();
    for item in items {
        if !matches!(type_of(item), Some("Image" | "Document")) {
            continue;
        }
        let Some(media_type) = item.get("mediaType").and_then(Value::as_str).and_then(MediaType::parse) else {
            continue;
        };
        let Some(sha256) = item.get("digestMultibase").and_then(Value::as_str).and_then(ContentHash::parse_multibase)
        else {
            continue;
        };
        let Some(url) = first_url(item.get("url")) else { continue };
        if out.iter().any(|a| a.sha256 == sha256) || out.len() >= MAX_ATTACHMENTS {
            continue;
        }
        let dimension = |key: &str| item.get(key).and_then(Value::as_u64).and_then(|n| u32::try_from(n).ok());
        out.push(Attachment {
            media_type,
            size: item.get("size").and_then(Value::as_u64).unwrap_or(0),
            sha256,
            alt: plain(item.get("name"), MAX_ALT_CHARS),
            caption: plain(item.get("caption"), MAX_CAPTION_CHARS),
            url,
            width: dimension("width"),
            height: dimension("height"),
            preview: None,
            verified: false,
        });
    }
    out
}

/// Converts a remote object to a practice by `author`. `key` is the local
/// key to use if the practice is new.
/// The practices an object says it adapted (`adoptedFrom`): IRIs, or
/// `Link`-like objects with `href` (or `id`); http(s) only, repeats and the
/// object itself dropped, at most `MAX_ADOPTED_FROM`.
pub fn adopted_from(object: &Value, itself: &Url) -> Vec<Url> {
    let one = |v: &Value| -> Option<Url> {
        let text = match v {
            Value::String(s) => Some(s.as_str()),
            Value::Object(o) => o.get("href").or_else(|| o.get("id")).and_then(Value::as_str),
            _ => None,
        };
        text.and_then(web_url)
    };
    let values: Vec<&Value> = match object.get("adoptedFrom") {
        Some(Value::Array(a)) => a.iter().collect(),
        Some(v) => vec![v],
        None => Vec::new(),
    };
    let mut out: Vec<Url> = Vec::new();
    for url in values.into_iter().filter_map(one) {
        if url != *itself && !out.contains(&url) && out.len() < ecities_core::practice::MAX_ADOPTED_FROM {
            out.push(url);
        }
    }
    out
}

pub fn practice_from_object(object: &Value, author: ActorId, key: String) -> Result<NewPractice, ObjectError> {
    let ap_id = object.get("id").and_then(Value::as_str).and_then(|s| Url::parse(s).ok()).ok_or(ObjectError::NoId)?;
    let kind = type_of(object).unwrap_or("");
    if !PRACTICE_TYPES.contains(&kind) {
        return Err(ObjectError::UnsupportedType(kind.to_owned()));
    }

    let content_map = lang_map(object, "contentMap");
    let name_map = lang_map(object, "nameMap");
    let summary_map = lang_map(object, "summaryMap");
    // The main language: the one whose contentMap entry is `content`, or
    // the first key of contentMap (Mastodon sends exactly one).
    let raw_content = text(object, "content").or_else(|| content_map.values().next().cloned()).unwrap_or_default();
    let language_key = content_map
        .iter()
        .find(|(_, c)| **c == raw_content)
        .map(|(l, _)| l.clone())
        .or_else(|| content_map.keys().next().cloned());
    let language = language_key.as_deref().and_then(|l| LanguageTag::parse(l).ok());

    // An ecities node appended the sections to the content for other
    // software; we show them from the typed fields, so cut them off here.
    let has_sections = ["problem", "solution", "results", "lessonsLearned"].iter().any(|k| text(object, k).is_some());
    let body = |html: &str| -> String {
        let html = if has_sections { crate::sections::without_sections(html) } else { html };
        truncate(html, MAX_REMOTE_CONTENT_CHARS)
    };
    let content_html = SafeHtml::sanitize(&body(&raw_content));
    let plain = content_html.plain_text();
    // Markup with no text in it (`<img src=x>`, an unclosed `<t`) is no
    // name or summary: it must not become an empty title.
    let summary_html = text(object, "summary").map(|s| SafeHtml::sanitize(&s).plain_text()).filter(|s| !s.is_empty());
    let name = text(object, "name").map(|n| SafeHtml::sanitize(&n).plain_text()).filter(|n| !n.is_empty());
    let title = name
        .clone()
        .or_else(|| summary_html.clone())
        .or_else(|| (!plain.is_empty()).then(|| truncate(&plain, DERIVED_TITLE_CHARS)))
        .ok_or(ObjectError::Empty)?;
    let summary = summary_html
        .filter(|s| Some(s) != name.as_ref() || name.is_none())
        .unwrap_or_else(|| truncate(&plain, DERIVED_SUMMARY_CHARS));

    let mut translations = BTreeMap::new();
    let languages: std::collections::BTreeSet<&String> =
        content_map.keys().chain(name_map.keys()).chain(summary_map.keys()).collect();
    for lang in languages {
        if Some(lang) == language_key.as_ref() {
            continue;
        }
        let Ok(tag) = LanguageTag::parse(lang) else { continue };
        let html = SafeHtml::sanitize(&body(content_map.get(lang).map(String::as_str).unwrap_or("")));
        let title = name_map
            .get(lang)
            .map(|n| SafeHtml::sanitize(n).plain_text())
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| title.clone());
        let summary = summary_map
            .get(lang)
            .map(|s| SafeHtml::sanitize(s).plain_text())
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| truncate(&html.plain_text(), DERIVED_SUMMARY_CHARS));
        let made = object.get("translationStatus").and_then(|s| s.get(lang));
        let named = |field: &str| {
            made.and_then(|m| m.get(field))
                .and_then(Value::as_str)
                .map(|s| truncate(s.trim(), ecities_core::translation::MAX_TRANSLATOR_CHARS))
                .filter(|s| !s.is_empty())
        };
        translations.insert(
            tag,
            Translation {
                title: truncate(&title, 200),
                summary,
                content_markdown: None,
                content_html: html,
                status: made
                    .and_then(|m| m.get("status"))
                    .and_then(Value::as_str)
                    .and_then(|s| s.parse().ok())
                    .unwrap_or_default(),
                engine: named("engine"),
                translator: named("translator"),
            },
        );
    }

    let tags: Vec<String> = match object.get("tag") {
        Some(Value::Array(a)) => {
            a.iter().filter_map(|t| t.get("name").and_then(Value::as_str)).map(str::to_owned).collect()
        }
        Some(t @ Value::Object(_)) => t.get("name").and_then(Value::as_str).map(str::to_owned).into_iter().collect(),
        _ => Vec::new(),
    };
    let mut sdgs: Vec<Sdg> = match object.get("sdgGoals") {
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_i64).filter_map(|n| Sdg::new(n).ok()).collect(),
        Some(Value::Number(n)) => n.as_i64().and_then(|n| Sdg::new(n).ok()).into_iter().collect(),
        _ => Vec::new(),
    };
    if sdgs.is_empty() {
        // Microblog software only has the hashtags: #SDG11.
        sdgs = tags
            .iter()
            .filter_map(|t| {
                t.trim_start_matches('#').to_ascii_uppercase().strip_prefix("SDG").and_then(|n| n.parse().ok())
            })
            .filter_map(|n| Sdg::new(n).ok())
            .collect();
    }
    sdgs.sort();
    sdgs.dedup();

    let str_list = |key: &str| -> Vec<String> {
        match object.get(key) {
            Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).map(str::to_owned).collect(),
            Some(Value::String(s)) => vec![s.clone()],
            _ => Vec::new(),
        }
    };
    let section = |key: &str| text(object, key).map(|s| truncate(&SafeHtml::sanitize(&s).plain_text(), 20_000));
    let date = |key: &str| text(object, key).and_then(|s| chrono::NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok());
    let mut details = PracticeDetails {
        problem: section("problem"),
        solution: section("solution"),
        results: section("results"),
        lessons: section("lessonsLearned"),
        themes: str_list("themes").iter().filter_map(|t| Theme::parse(t).ok()).take(20).collect(),
        links: str_list("links").iter().filter_map(|l| web_url(l)).take(20).collect(),
        license: text(object, "license").map(|l| truncate(&SafeHtml::sanitize(&l).plain_text(), 100)),
        period_start: date("periodStart"),
        period_end: date("periodEnd"),
        source_url: text(object, "sourcePortal").and_then(|s| web_url(&s)),
        attachments: attachments_of(object),
        adopted_from: adopted_from(object, &ap_id),
        region: None,
        mdgs: Vec::new(),
        // Fetched objects are public (see [`admissible`]); the inbox sets
        // the audience of an author's own delivery ([`audience_of`]).
        audience: PracticeAudience::Public,
        publish_at: None,
    };
    let country = text(object, "country").and_then(|c| Country::parse(&c).ok());
    if country.is_none() {
        // A practice about a region or the whole world (`unRegion: "001"`).
        details.region = text(object, "unRegion").and_then(|r| Region::lookup(&r).ok());
    }
    details.mdgs = match object.get("mdgGoals") {
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_i64).filter_map(|n| Mdg::new(n).ok()).collect(),
        Some(Value::Number(n)) => n.as_i64().and_then(|n| Mdg::new(n).ok()).into_iter().collect(),
        _ => Vec::new(),
    };
    details.mdgs.sort();
    details.mdgs.dedup();

    let published = timestamp(object, "published").unwrap_or_else(Timestamp::now);
    Ok(NewPractice {
        key,
        url: first_url(object.get("url")).unwrap_or_else(|| ap_id.clone()),
        ap_id,
        author,
        local: false,
        title: truncate(&title, 200),
        summary: truncate(&summary, 2_000),
        content_markdown: None,
        content_html,
        language,
        kind: text(object, "practiceKind").and_then(|k| PracticeKind::parse(&k).ok()),
        sdgs,
        country,
        translations,
        details,
        published_at: published,
        updated_at: timestamp(object, "updated"),
        embargoed: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn an_authors_delivery_keeps_its_audience_and_needs_one() {
        let followers = Url::parse("https://seoul.example/actors/seoul/followers").expect("url");
        let object = |to: Value| json!({ "id": "https://seoul.example/practices/1", "type": "Article", "to": to });
        assert_eq!(audience_of(&object(json!(["as:Public"])), Some(&followers)), PracticeAudience::Public);
        assert_eq!(audience_of(&object(json!([followers.as_str()])), Some(&followers)), PracticeAudience::Followers);
        assert_eq!(
            audience_of(&object(json!("https://hub.example/actors/a")), Some(&followers)),
            PracticeAudience::Named(vec![Url::parse("https://hub.example/actors/a").expect("url")])
        );
        assert!(admissible(&object(json!([followers.as_str()]))).is_err(), "fetched objects must be public");
        assert!(admissible_addressed(&object(json!([followers.as_str()]))).is_ok());
        assert!(admissible_addressed(&object(json!([]))).is_err(), "addressed to nobody");
    }

    #[test]
    fn adopted_from_keeps_http_links_given_as_iris_or_link_objects_but_not_the_object_itself() {
        let itself = "https://seoul.example/practices/1";
        let article = json!({
            "id": itself, "type": "Article", "name": "Flood maps", "content": "<p>Maps</p>",
            "adoptedFrom": [
                "https://tokyo.example/practices/9",
                {"type": "Link", "href": "https://osaka.example/practices/3"},
                "https://tokyo.example/practices/9", itself, "ftp://tokyo.example/x", 42
            ],
        });
        let p = practice_from_object(&article, ActorId(1), "k".into()).expect("parses");
        let got: Vec<&str> = p.details.adopted_from.iter().map(Url::as_str).collect();
        assert_eq!(got, ["https://tokyo.example/practices/9", "https://osaka.example/practices/3"]);
        let many: Vec<String> = (0..30).map(|i| format!("https://x.example/p/{i}")).collect();
        let url = Url::parse(itself).expect("url");
        assert_eq!(adopted_from(&json!({ "adoptedFrom": many }), &url).len(), ecities_core::practice::MAX_ADOPTED_FROM);
        assert!(adopted_from(&json!({ "adoptedFrom": "https://tokyo.example/practices/9" }), &url).len() == 1);
    }

    #[test]
    fn a_mastodon_note_gets_a_title_from_its_text_and_its_language_from_content_map() {
        let note = json!({
            "id": "https://mastodon.example/users/a/statuses/1", "type": "Note",
            "content": "<p>Our new <a href=\"https://mastodon.example/tags/SDG11\">#SDG11</a> bus lanes cut commutes by a third</p>",
            "contentMap": {"en": "<p>Our new <a href=\"https://mastodon.example/tags/SDG11\">#SDG11</a> bus lanes cut commutes by a third</p>"},
            "tag": [{"type": "Hashtag", "name": "#SDG11", "href": "https://mastodon.example/tags/SDG11"}],
            "url": "https://mastodon.example/@a/1", "published": "2026-01-02T03:04:05Z", "unknownField": {"x": 1}
        });
        let p = practice_from_object(&note, ActorId(1), "k".into()).expect("parses");
        assert!(p.title.starts_with("Our new #SDG11 bus lanes"));
        assert_eq!(p.language.map(|l| l.to_string()), Some("en".into()));
        assert_eq!(p.sdgs.iter().map(|s| s.number()).collect::<Vec<_>>(), [11]);
        assert_eq!(p.url.as_str(), "https://mastodon.example/@a/1");
        assert_eq!(p.published_at.to_rfc3339(), "2026-01-02T03:04:05Z");
    }

    #[test]
    fn an_untitled_note_keeps_its_words_apart_in_the_derived_title_and_summary() {
        let note = json!({
            "id": "https://mastodon.example/users/a/statuses/2", "type": "Note",
            "content": "<p>Our new bus lanes<br>cut travel time</p><p>by a third.</p><ul><li>faster</li><li>cleaner</li></ul>",
        });
        let p = practice_from_object(&note, ActorId(1), "k".into()).expect("parses");
        assert_eq!(p.title, "Our new bus lanes cut travel time by a third. faster cleaner");
        assert_eq!(p.summary, "Our new bus lanes cut travel time by a third. faster cleaner");
    }

    #[test]
    fn scripts_in_remote_content_are_removed() {
        let a = json!({"id": "https://x.example/a", "type": "Article", "name": "<b>T</b>itle<script>x()</script>", "content": "<p onclick=\"x()\">hi</p><script>alert(1)</script>"});
        let p = practice_from_object(&a, ActorId(1), "k".into()).expect("parses");
        assert!(!p.content_html.as_str().contains("script") && !p.content_html.as_str().contains("onclick"));
        assert_eq!(p.title, "Title");
    }

    #[test]
    fn our_typed_fields_are_read_and_invalid_ones_dropped() {
        let a = json!({"id": "https://x.example/a", "type": "Article", "name": "Water reuse", "content": "c",
            "practiceKind": "lesson_learned", "sdgGoals": [6, 99], "country": "DE", "themes": ["e-government", "<bad>"],
            "periodStart": "2024-01-01", "sourcePortal": "javascript:alert(1)"});
        let p = practice_from_object(&a, ActorId(1), "k".into()).expect("parses");
        assert_eq!(p.kind, Some(PracticeKind::LessonLearned));
        assert_eq!(p.sdgs.iter().map(|s| s.number()).collect::<Vec<_>>(), [6]);
        assert_eq!(p.country.map(|c| c.to_string()), Some("DE".into()));
        assert_eq!(p.details.themes.len(), 1);
        assert!(p.details.source_url.is_none());
    }

    const PUBLIC: &str = "https://www.w3.org/ns/activitystreams#Public";

    #[test]
    fn only_public_top_level_posts_by_their_own_server_are_admissible() {
        let base = || {
            json!({"id": "https://x.example/notes/1", "type": "Note", "content": "c",
                "attributedTo": "https://x.example/users/a", "to": [PUBLIC], "cc": ["https://x.example/users/a/followers"]})
        };
        assert_eq!(admissible(&base()).map(|u| u.to_string()), Ok("https://x.example/notes/1".into()));
        for spelling in ["as:Public", "Public"] {
            let mut o = base();
            o["to"] = json!([]);
            o["cc"] = json!(spelling);
            assert!(admissible(&o).is_ok(), "{spelling}");
        }
        // Followers-only and direct posts.
        let mut followers_only = base();
        followers_only["to"] = json!(["https://x.example/users/a/followers"]);
        followers_only["cc"] = json!([]);
        assert!(matches!(admissible(&followers_only), Err(Inadmissible::NotPublic(_))));
        let mut unaddressed = base();
        unaddressed.as_object_mut().map(|o| (o.remove("to"), o.remove("cc")));
        assert!(matches!(admissible(&unaddressed), Err(Inadmissible::NotPublic(_))));
        // Replies, in any shape.
        for reply_to in [json!("https://y.example/notes/9"), json!({"id": "https://y.example/notes/9"})] {
            let mut reply = base();
            reply["inReplyTo"] = reply_to;
            assert!(matches!(admissible(&reply), Err(Inadmissible::Reply(_))));
        }
        let mut null_reply = base();
        null_reply["inReplyTo"] = Value::Null;
        assert!(admissible(&null_reply).is_ok());
        // An author on another server, by id or embedded.
        for author in [
            json!("https://evil.example/users/m"),
            json!({"id": "http://x.example/users/a"}),
            json!("https://x.example:8443/users/a"),
        ] {
            let mut foreign = base();
            foreign["attributedTo"] = author;
            assert!(matches!(admissible(&foreign), Err(Inadmissible::ForeignAuthor { .. })));
        }
        assert_eq!(admissible(&json!({"type": "Note", "to": [PUBLIC]})), Err(Inadmissible::NoId));
    }

    #[test]
    fn escaped_markup_in_remote_text_stays_text() {
        const ESCAPED: &str = "&lt;script&gt;alert(1)&lt;/script&gt;";
        let a = json!({"id": "https://x.example/a", "type": "Article", "name": format!("Bus {ESCAPED}"),
            "summary": format!("<p>{ESCAPED}</p>"), "content": format!("<p>{ESCAPED}</p><script>alert(2)</script>"),
            "nameMap": {"fr": ESCAPED}, "summaryMap": {"fr": ESCAPED}, "contentMap": {"fr": ESCAPED},
            "problem": ESCAPED, "license": ESCAPED});
        let p = practice_from_object(&a, ActorId(1), "k".into()).expect("parses");
        let mut texts = vec![p.title.clone(), p.summary.clone(), p.content_html.as_str().to_owned()];
        texts.extend(p.details.problem.clone());
        texts.extend(p.details.license.clone());
        for t in p.translations.values() {
            texts.extend([t.title.clone(), t.summary.clone(), t.content_html.as_str().to_owned()]);
        }
        for t in &texts {
            assert!(!t.to_ascii_lowercase().contains("<script"), "{t}");
        }
        assert_eq!(p.summary, "\u{FF1C}script>alert(1)\u{FF1C}/script>");
    }

    #[test]
    fn other_types_and_empty_objects_are_refused() {
        assert!(matches!(
            practice_from_object(&json!({"id": "https://x.example/v", "type": "Video"}), ActorId(1), "k".into()),
            Err(ObjectError::UnsupportedType(_))
        ));
        assert_eq!(
            practice_from_object(&json!({"id": "https://x.example/n", "type": "Note"}), ActorId(1), "k".into())
                .map(|_| ()),
            Err(ObjectError::Empty)
        );
        assert_eq!(
            practice_from_object(&json!({"type": "Note", "content": "x"}), ActorId(1), "k".into()).map(|_| ()),
            Err(ObjectError::NoId)
        );
    }

    /// Found by the `inbox_activity` fuzz target: a name or summary that is
    /// only markup (`{"summary":"<t"}`) became a practice with an empty
    /// title.
    #[test]
    fn markup_without_text_is_no_title() {
        for fields in
            [json!({"summary": "<t"}), json!({"name": "<img src=x>"}), json!({"name": " ", "summary": "<b></b>"})]
        {
            let mut object = json!({"id": "https://x.example/n", "type": "Note"});
            object.as_object_mut().expect("object").extend(fields.as_object().expect("fields").clone());
            assert_eq!(
                practice_from_object(&object, ActorId(1), "k".into()).map(|p| p.title),
                Err(ObjectError::Empty),
                "{fields}"
            );
        }
        let p = practice_from_object(
            &json!({"id": "https://x.example/n", "type": "Note", "name": "<img src=x>", "content": "<p>Bus lanes</p>",
                "contentMap": {"en": "<p>Bus lanes</p>", "fr": "<p>Voies de bus</p>"},
                "nameMap": {"fr": "<i></i>"}, "summaryMap": {"fr": "<t"}}),
            ActorId(1),
            "k".into(),
        )
        .expect("a practice");
        assert_eq!(p.title, "Bus lanes");
        let fr = p.translations.values().next().expect("a translation");
        assert_eq!((fr.title.as_str(), fr.summary.as_str()), ("Bus lanes", "Voies de bus"));
    }
}
