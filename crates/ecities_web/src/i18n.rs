//! Interface text in the reader's language, with Project Fluent.
//!
//! Each interface language has one `locales/LANG.ftl` file, embedded in the
//! binary: the six UN languages (Arabic, Chinese, English, French, Russian,
//! Spanish) and Korean. English is the reference: a test fails when another
//! file lacks one of its messages (or has one it lacks), and when a template
//! asks for a message that does not exist. Fluent gives each language its own
//! plural rules (`{ $count -> [one] … *[other] … }`) and word order (dates).
//!
//! The language of a request is chosen once, by [`negotiate`]: `?lang=` (the
//! switcher in every page header; remembered in a cookie), else the cookie,
//! else `Accept-Language`, else English. Templates call `t("key")` or
//! `t("key", count=3)` and the `date` filter; Rust code calls [`text`].

use std::collections::HashMap;
use std::sync::LazyLock;

use axum::extract::Request;
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource};
use unic_langid::LanguageIdentifier;

/// Interface languages, English first (the fallback), each with its
/// message file.
const SOURCES: [(&str, &str); 7] = [
    ("en", include_str!("../locales/en.ftl")),
    ("ar", include_str!("../locales/ar.ftl")),
    ("es", include_str!("../locales/es.ftl")),
    ("fr", include_str!("../locales/fr.ftl")),
    ("ko", include_str!("../locales/ko.ftl")),
    ("ru", include_str!("../locales/ru.ftl")),
    ("zh", include_str!("../locales/zh.ftl")),
];

/// The cookie that remembers a language chosen with the switcher.
pub const LANG_COOKIE: &str = "ecities_lang";

/// How long a chosen language is remembered: a year, in seconds.
const LANG_COOKIE_MAX_AGE_SECS: u32 = 365 * 24 * 3600;

/// Languages written right to left.
const RTL: [&str; 1] = ["ar"];

type Bundle = FluentBundle<FluentResource>;

static BUNDLES: LazyLock<HashMap<&'static str, Bundle>> = LazyLock::new(|| {
    SOURCES
        .iter()
        .map(|&(lang, source)| {
            let id: LanguageIdentifier = lang.parse().expect("the interface language codes are valid tags");
            let mut bundle = FluentBundle::new_concurrent(vec![id]);
            // The pages set `dir` themselves; invisible isolation marks
            // around every argument would only get in the way of copying.
            bundle.set_use_isolating(false);
            let resource = FluentResource::try_new(source.to_owned()).unwrap_or_else(|(partial, errors)| {
                tracing::error!(lang, ?errors, "interface text has syntax errors");
                partial
            });
            if let Err(errors) = bundle.add_resource(resource) {
                tracing::error!(lang, ?errors, "interface text has duplicate messages");
            }
            (lang, bundle)
        })
        .collect()
});

/// The interface languages, English first.
pub fn languages() -> impl Iterator<Item = &'static str> {
    SOURCES.iter().map(|(l, _)| *l)
}

/// The interface language for one request, and how it was chosen.
#[derive(Debug, Clone)]
pub struct Ui {
    pub lang: &'static str,
    /// Chosen by the reader (switcher or cookie), not guessed from the
    /// browser: pages then prefer content in this language too.
    pub chosen: bool,
    /// Path and query of the request without `lang`, for the switcher's links.
    path: String,
    query: Vec<String>,
}

impl Default for Ui {
    fn default() -> Self {
        Self { lang: "en", chosen: false, path: "/".into(), query: Vec::new() }
    }
}

impl Ui {
    /// The link that shows the current page in `lang`.
    pub fn switch_href(&self, lang: &str) -> String {
        let mut query = self.query.clone();
        query.push(format!("lang={lang}"));
        format!("{}?{}", self.path, query.join("&"))
    }
}

tokio::task_local! {
    static UI: Ui;
}

/// The interface language of the request being handled.
pub fn current() -> &'static str {
    UI.try_with(|u| u.lang).unwrap_or("en")
}

/// The interface language of the request being handled, with the switcher's data.
pub fn current_ui() -> Ui {
    UI.try_with(Ui::clone).unwrap_or_default()
}

/// `rtl` for languages written right to left, else `ltr`.
pub fn direction(lang: &str) -> &'static str {
    if RTL.contains(&lang) { "rtl" } else { "ltr" }
}

/// The direction of text written in `lang` (any BCP 47 tag, not only the
/// interface's languages): an English practice reads left to right on an
/// Arabic page, a Persian one right to left on an English page.
pub fn text_direction(lang: &str) -> &'static str {
    const RTL_SCRIPTS: [&str; 11] = ["ar", "he", "fa", "ur", "yi", "ps", "dv", "ug", "ckb", "sd", "syr"];
    let primary = lang.split(['-', '_']).next().unwrap_or(lang).to_ascii_lowercase();
    if RTL_SCRIPTS.contains(&primary.as_str()) { "rtl" } else { "ltr" }
}

/// The interface language matching a tag (`ko-KR` → `ko`, `zh-Hans` → `zh`).
fn supported(tag: &str) -> Option<&'static str> {
    let id: LanguageIdentifier = tag.trim().parse().ok()?;
    languages().find(|l| *l == id.language.as_str())
}

/// The best interface language for an `Accept-Language` header.
fn from_accept_language(header: Option<&str>) -> &'static str {
    let requested: Vec<LanguageIdentifier> =
        crate::pages::accepted_languages(header).iter().filter_map(|t| t.parse().ok()).collect();
    let available: Vec<LanguageIdentifier> = languages().filter_map(|l| l.parse().ok()).collect();
    let default: LanguageIdentifier = "en".parse().expect("en is a valid tag");
    let best = fluent_langneg::negotiate_languages(
        &requested,
        &available,
        Some(&default),
        fluent_langneg::NegotiationStrategy::Lookup,
    );
    best.first().and_then(|id| supported(&id.to_string())).unwrap_or("en")
}

fn cookie_language(req: &Request) -> Option<&'static str> {
    req.headers().get_all(header::COOKIE).iter().filter_map(|v| v.to_str().ok()).find_map(|cookies| {
        cookies.split(';').find_map(|c| c.trim().strip_prefix(LANG_COOKIE)?.strip_prefix('=').and_then(supported))
    })
}

/// Chooses the interface language for the rest of the request; remembers a
/// language chosen with `?lang=` in a cookie.
pub async fn negotiate(req: Request, next: Next) -> Response {
    let mut from_query = None;
    let mut query = Vec::new();
    for pair in req.uri().query().unwrap_or("").split('&').filter(|p| !p.is_empty()) {
        match pair.strip_prefix("lang=") {
            Some(value) => from_query = supported(value).or(from_query),
            None => query.push(pair.to_owned()),
        }
    }
    let from_cookie = cookie_language(&req);
    let accept = req.headers().get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok());
    let lang = from_query.or(from_cookie).unwrap_or_else(|| from_accept_language(accept));
    let ui = Ui { lang, chosen: from_query.or(from_cookie).is_some(), path: req.uri().path().to_owned(), query };
    let mut resp = UI.scope(ui, next.run(req)).await;
    let headers = resp.headers_mut();
    headers.append(header::VARY, HeaderValue::from_static("Accept-Language, Cookie"));
    if let Some(lang) = from_query.filter(|l| Some(*l) != from_cookie) {
        let cookie = format!("{LANG_COOKIE}={lang}; Path=/; Max-Age={LANG_COOKIE_MAX_AGE_SECS}; SameSite=Lax");
        if let Ok(v) = HeaderValue::from_str(&cookie) {
            headers.append(header::SET_COOKIE, v);
        }
    }
    resp
}

/// The text of message `key` in `lang` with arguments (English when the
/// language lacks it, the key itself when no language has it).
pub fn text_with(lang: &str, key: &str, args: Option<&FluentArgs>) -> String {
    for l in [lang, "en"] {
        let Some(bundle) = BUNDLES.get(l) else { continue };
        if let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) {
            let mut errors = Vec::new();
            let text = bundle.format_pattern(pattern, args, &mut errors);
            if !errors.is_empty() {
                tracing::warn!(lang = l, key, ?errors, "interface text did not format cleanly");
            }
            return text.into_owned();
        }
    }
    tracing::warn!(key, "no interface text has this key");
    key.to_owned()
}

/// The text of message `key` in `lang`.
pub fn text(lang: &str, key: &str) -> String {
    text_with(lang, key, None)
}

/// A date as people read it in `lang` ("1 December 2026", "2026年12月1日").
pub fn long_date(lang: &str, at: chrono::DateTime<chrono::Utc>) -> String {
    use chrono::Datelike;
    let mut args = FluentArgs::new();
    args.set("day", at.day());
    args.set("month", text(lang, &format!("month-{}", at.month())));
    args.set("year", at.year());
    text_with(lang, "date-long", Some(&args))
}

/// The message keys of a language's file, in order.
#[cfg(test)]
fn keys(source: &str) -> Vec<String> {
    use fluent_bundle::FluentResource;
    use fluent_syntax::ast::Entry;
    let res = FluentResource::try_new(source.to_owned()).expect("every message file parses");
    res.entries()
        .filter_map(|e| match e {
            Entry::Message(m) => Some(m.id.name.to_owned()),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn every_language_has_every_message_and_no_other() {
        let english: BTreeSet<String> = keys(SOURCES[0].1).into_iter().collect();
        assert!(english.len() > 50, "the English file is the reference");
        for (lang, source) in SOURCES {
            let these: BTreeSet<String> = keys(source).into_iter().collect();
            let missing: Vec<_> = english.difference(&these).collect();
            let extra: Vec<_> = these.difference(&english).collect();
            assert!(missing.is_empty(), "{lang}.ftl lacks {missing:?}");
            assert!(extra.is_empty(), "{lang}.ftl has messages English lacks: {extra:?}");
        }
    }

    #[test]
    fn every_message_formats_without_errors_in_every_language() {
        let mut args = FluentArgs::new();
        let numbers = [
            ("count", 3),
            ("number", 11),
            ("day", 1),
            ("year", 2026),
            ("created", 3),
            ("updated", 1),
            ("deleted", 0),
            ("latest", 3),
            ("associations", 2),
            ("cities", 5),
            ("countries", 1),
            ("members", 4),
            ("relayed", 21),
            // A file's size (size-kb).
            ("n", 12),
            // Adoptions on the analytics map (analytics-adoption-map-country).
            ("outward", 2),
            ("inward", 1),
        ];
        // The admin's deliveries (admin-deliveries-summary).
        for (name, value) in [("delivered", 2), ("failed", 1)] {
            args.set(name, value);
        }
        for (name, value) in numbers {
            args.set(name, value);
        }
        for (name, value) in [
            ("name", "Seoul"),
            ("title", "Night buses"),
            ("token", "ect_x"),
            ("reason", "not found"),
            ("login", "editor"),
            ("role", "editor"),
            ("country", "Japan"),
            ("host", "mastodon.example"),
            ("date", "1 December 2026"),
            ("time", "05:52"),
            ("lang", "ko"),
            ("format", "PDF"),
            ("url", "https://portal.example/feed"),
            ("handle", "seoul@example.org"),
            ("engine", "LibreTranslate"),
            ("who", "Kim Min-ji"),
            ("max", "1000"),
        ] {
            args.set(name, value);
        }
        args.set("date", "1 December 2026");
        args.set("month", "December");
        for (lang, source) in SOURCES {
            let bundle = &BUNDLES[lang];
            for key in keys(source) {
                let pattern = bundle.get_message(&key).and_then(|m| m.value()).expect("a message has a value");
                let mut errors = Vec::new();
                let text = bundle.format_pattern(pattern, Some(&args), &mut errors);
                assert!(errors.is_empty(), "{lang} {key}: {errors:?}");
                assert!(!text.trim().is_empty(), "{lang} {key} is empty");
            }
        }
    }

    #[test]
    fn every_key_a_template_uses_exists() {
        let english: BTreeSet<String> = keys(SOURCES[0].1).into_iter().collect();
        let mut used = 0;
        for (name, source) in crate::pages::TEMPLATE_SOURCES {
            for call in source.split("t(\"").skip(1) {
                let key = call.split('"').next().unwrap_or_default();
                assert!(english.contains(key), "{name} uses t(\"{key}\"), which no message file has");
                used += 1;
            }
        }
        assert!(used > 40, "the templates ask for their text through t()");
        for key in crate::pages::RUST_KEYS {
            assert!(english.contains(*key), "the code uses {key}, which no message file has");
        }
    }

    #[test]
    fn readers_get_their_language_from_the_browser_or_english() {
        assert_eq!(from_accept_language(Some("ko-KR,ko;q=0.9,en;q=0.8")), "ko");
        assert_eq!(from_accept_language(Some("de-DE, ar;q=0.5")), "ar");
        assert_eq!(from_accept_language(Some("zh-Hans-CN")), "zh");
        assert_eq!(from_accept_language(Some("de")), "en");
        assert_eq!(from_accept_language(None), "en");
        assert_eq!(direction("ar"), "rtl");
        assert_eq!(direction("fr"), "ltr");
        assert_eq!(text_direction("fa-IR"), "rtl");
        assert_eq!(text_direction("en"), "ltr");
    }

    #[test]
    fn counts_follow_each_languages_plural_rules() {
        let count = |lang, n: i64| {
            let mut args = FluentArgs::new();
            args.set("count", n);
            text_with(lang, "result-count", Some(&args))
        };
        assert_eq!(count("en", 1), "1 result");
        assert_eq!(count("en", 5), "5 results");
        assert_eq!(count("ru", 2), "2 результата");
        assert_eq!(count("ru", 5), "5 результатов");
        assert_eq!(count("ru", 21), "21 результат");
        assert_eq!(count("ar", 2), "نتيجتان");
        assert_eq!(count("fr", 0), "0 résultat");
    }

    #[test]
    fn dates_read_as_people_write_them() {
        let at = chrono::DateTime::parse_from_rfc3339("2026-12-01T05:52:51Z").expect("a valid date").to_utc();
        assert_eq!(long_date("en", at), "1 December 2026");
        assert_eq!(long_date("fr", at), "1er décembre 2026");
        assert_eq!(long_date("es", at), "1 de diciembre de 2026");
        assert_eq!(long_date("ru", at), "1 декабря 2026 г.");
        assert_eq!(long_date("zh", at), "2026年12月1日");
        assert_eq!(long_date("ko", at), "2026년 12월 1일");
        assert_eq!(long_date("ar", at), "1 ديسمبر 2026");
    }
}
