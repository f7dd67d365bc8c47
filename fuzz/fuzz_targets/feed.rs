//! A portal feed from arbitrary bytes: `poller::parse_items` (feed-rs:
//! RSS, Atom, JSON Feed), then each item turned into practice content as
//! the import does (`usecases::import::content_of`).
#![no_main]

use std::sync::LazyLock;

use ecities_core::actor::{Actor, ActorEndpoints, ActorId, ActorKind};
use ecities_core::import::{FeedMapping, FeedSource, FeedSourceId};
use ecities_core::taxonomy::Country;
use ecities_core::time::Timestamp;
use ecities_core::usecases::import::content_of;
use ecities_federation::poller::parse_items;
use ecities_fuzz::{assert_plain_text, assert_safe_html};
use libfuzzer_sys::fuzz_target;
use url::Url;

fn url(s: &str) -> Url {
    Url::parse(s).expect("a valid URL")
}

static SOURCE_AND_AUTHOR: LazyLock<(FeedSource, Actor)> = LazyLock::new(|| {
    let now = Timestamp(1_700_000_000_000);
    let source = FeedSource::unpolled(
        FeedSourceId(1),
        ActorId(1),
        url("https://portal.example/feed.xml"),
        FeedMapping::default(),
        now,
    );
    let author = Actor {
        id: ActorId(1),
        url: url("https://city.example/actors/seoul"),
        name: "seoul".into(),
        host: "city.example".into(),
        kind: ActorKind::City,
        local: true,
        display_name: None,
        summary: None,
        country: Some(Country::parse("KR").expect("a country")),
        profile_url: None,
        icon_url: None,
        portal_url: None,
        endpoints: ActorEndpoints {
            inbox: url("https://city.example/actors/seoul/inbox"),
            shared_inbox: None,
            outbox: None,
            followers: None,
            following: None,
        },
        public_key_pem: String::new(),
        moderation: Default::default(),
        created_at: now,
        updated_at: now,
        last_refreshed_at: now,
    };
    (source, author)
});

fuzz_target!(|bytes: &[u8]| {
    let (source, author) = &*SOURCE_AND_AUTHOR;
    let Ok(page) = parse_items(bytes, &source.url) else { return };
    if let Some(next) = &page.next {
        assert!(matches!(next.scheme(), "http" | "https"), "archive link with scheme {}", next.scheme());
    }
    for item in &page.items {
        let Ok(content) = content_of(source, author, item) else { continue };
        let origin = format!("{item:?}");
        assert_plain_text(&content.title, &origin);
        assert_plain_text(&content.summary, &origin);
        assert_safe_html(content.content_html.as_str(), &origin);
    }
});
