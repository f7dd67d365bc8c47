//! Polls portal feeds (RSS 2.0, Atom, JSON Feed, parsed by feed-rs) with
//! conditional requests, and hands their items to the import use case.
//! Every failure is recorded on the source with its time and reason; what
//! was imported before is never touched by a failed poll.

use std::sync::Arc;
use std::time::Duration;

use ecities_core::actor::Actor;
use ecities_core::import::{Enclosure, FeedItem, FeedSource, FileFetcher, PollRecord, PollReport};
use ecities_core::time::Timestamp;
use ecities_core::usecases::Ports;
use ecities_core::usecases::import::{Enclosures, ItemOutcome, import_item, remove_missing};
use reqwest::StatusCode;
use reqwest::header::{ETAG, IF_MODIFIED_SINCE, IF_NONE_MATCH, LAST_MODIFIED};
use url::Url;

use crate::apub::FedData;
use crate::egress::{Egress, Purpose, read_capped};

/// Largest feed we read, in bytes (a WordPress feed of 50 full posts is
/// well under 2 MiB).
pub const MAX_FEED_BYTES: usize = 10 * 1024 * 1024;
/// How often a source is polled unless asked to poll now.
pub const DEFAULT_POLL_INTERVAL: Duration = Duration::from_secs(30 * 60);

enum Fetched {
    NotModified,
    Body { bytes: Vec<u8>, etag: Option<String>, last_modified: Option<String> },
}

async fn fetch(client: &Egress, source: &FeedSource) -> Result<Fetched, String> {
    let mut req = client
        .get(&source.url, Purpose::Feed)
        .map_err(|refused| format!("this node does not fetch {}: {refused}", source.url))?
        .header(
            reqwest::header::ACCEPT,
            "application/atom+xml, application/rss+xml, application/feed+json, application/xml;q=0.9, */*;q=0.5",
        );
    if let Some(etag) = &source.etag {
        req = req.header(IF_NONE_MATCH, etag);
    }
    if let Some(lm) = &source.last_modified {
        req = req.header(IF_MODIFIED_SINCE, lm);
    }
    let resp = req.send().await.map_err(|e| format!("the feed could not be reached: {e}"))?;
    if resp.status() == StatusCode::NOT_MODIFIED {
        return Ok(Fetched::NotModified);
    }
    if !resp.status().is_success() {
        return Err(format!("the feed answered HTTP {}", resp.status()));
    }
    let header =
        |name| resp.headers().get(name).and_then(|v: &reqwest::header::HeaderValue| v.to_str().ok()).map(str::to_owned);
    let (etag, last_modified) = (header(ETAG), header(LAST_MODIFIED));
    let bytes = read_capped(resp, MAX_FEED_BYTES).await.map_err(|e| format!("the feed: {e}"))?;
    Ok(Fetched::Body { bytes, etag, last_modified })
}

/// A parsed feed page: its items and the link to the next (older) page.
pub struct FeedPage {
    pub items: Vec<FeedItem>,
    /// RFC 5005 `rel="next"` (paged feed) or `rel="prev-archive"` (archived feed).
    pub next: Option<Url>,
}

/// Parses a feed into items (feed-rs handles RSS 0.9x/1.0/2.0, Atom and
/// JSON Feed).
pub fn parse_items(bytes: &[u8], base: &Url) -> Result<FeedPage, String> {
    let feed = feed_rs::parser::Builder::new()
        .base_uri(Some(base.as_str()))
        .build()
        .parse(bytes)
        .map_err(|e| format!("the feed cannot be read as RSS, Atom or JSON Feed: {e}"))?;
    let feed_language = feed.language.clone();
    let next = feed
        .links
        .iter()
        .find(|l| matches!(l.rel.as_deref(), Some("next" | "prev-archive")))
        .and_then(|l| base.join(&l.href).ok())
        .filter(|u| matches!(u.scheme(), "http" | "https") && u != base);
    let items = feed
        .entries
        .into_iter()
        .filter_map(|e| {
            let link = e
                .links
                .iter()
                .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
                .and_then(|l| Url::parse(&l.href).ok());
            let title = e.title.as_ref().map(|t| t.content.clone()).filter(|t| !t.trim().is_empty())?;
            let guid = if e.id.trim().is_empty() { link.as_ref()?.to_string() } else { e.id.clone() };
            let content_html = e.content.as_ref().and_then(|c| c.body.clone());
            Some(FeedItem {
                guid,
                title,
                summary: e.summary.as_ref().map(|s| s.content.clone()),
                content_html,
                link,
                published: e.published.or(e.updated).map(Timestamp::from_datetime),
                categories: e.categories.iter().map(|c| c.label.clone().unwrap_or_else(|| c.term.clone())).collect(),
                language: e.language.clone().or_else(|| feed_language.clone()),
                enclosures: enclosures_of(&e, base),
            })
        })
        .collect();
    Ok(FeedPage { items, next })
}

/// The files an entry carries: RSS `<enclosure>` and Media RSS
/// `<media:content>` (feed-rs reads both as media objects, with the
/// object's `media:description` and `media:title`) and Atom
/// `<link rel="enclosure">` (with its `title`). Only http(s) URLs; each
/// URL once.
fn enclosures_of(entry: &feed_rs::model::Entry, base: &Url) -> Vec<Enclosure> {
    let text =
        |t: &Option<feed_rs::model::Text>| t.as_ref().map(|t| t.content.trim().to_owned()).filter(|t| !t.is_empty());
    let mut out: Vec<Enclosure> = Vec::new();
    let mut add = |url: Option<Url>, declared_type: Option<String>, description: Option<String>| {
        let Some(url) = url.filter(|u| matches!(u.scheme(), "http" | "https")) else { return };
        if out.iter().any(|e| e.url == url) {
            return;
        }
        out.push(Enclosure { url, declared_type, description });
    };
    for object in &entry.media {
        let description = text(&object.description).or_else(|| text(&object.title));
        for content in &object.content {
            let url = content.url.as_ref().and_then(|u| base.join(u.as_str()).ok());
            add(url, content.content_type.as_ref().map(ToString::to_string), description.clone());
        }
    }
    for link in entry.links.iter().filter(|l| l.rel.as_deref() == Some("enclosure")) {
        let title = link.title.as_ref().map(|t| t.trim().to_owned()).filter(|t| !t.is_empty());
        add(base.join(&link.href).ok(), link.media_type.clone(), title);
    }
    out
}

/// Fetches enclosures for the import use case: the domain policy, then
/// the outgoing-request policy ([`Egress`]: schemes, ports, addresses, no
/// redirects, timeout), reading at most the node's `media.max_bytes`.
struct EnclosureFetcher<'a> {
    data: &'a FedData,
    client: &'a Egress,
}

#[async_trait::async_trait]
impl FileFetcher for EnclosureFetcher<'_> {
    async fn fetch(&self, url: &Url, max_bytes: u64) -> Result<Vec<u8>, String> {
        if !self.data.domains.permits(url).await.map_err(|e| e.to_string())? {
            return Err(format!("{} is blocked on this server", url.host_str().unwrap_or("")));
        }
        let request =
            self.client.get(url, Purpose::Feed).map_err(|refused| format!("this node does not fetch it: {refused}"))?;
        let response = request.send().await.map_err(|e| format!("could not be fetched: {e}"))?;
        if !response.status().is_success() {
            return Err(format!("the server answered HTTP {}", response.status()));
        }
        read_capped(response, usize::try_from(max_bytes).unwrap_or(usize::MAX)).await.map_err(|e| e.to_string())
    }
}

/// Archive pages read per poll: a first import of a long archive is
/// spread over several polls (resumable) instead of one burst.
pub const ARCHIVE_PAGES_PER_POLL: usize = 3;
/// Pause between two archive pages (rate limit on the portal).
pub const ARCHIVE_PAGE_DELAY: Duration = Duration::from_millis(500);
/// Practices created or changed by one poll. A feed of 40,000 items is
/// imported over many polls, never as 40,000 writes (and deliveries) in one
/// request; until it is through, the feed is fetched again in full (no
/// conditional request) so the next poll continues where this one stopped.
pub const MAX_CHANGES_PER_POLL: usize = 200;

/// Imports the items of one page (oldest first, so the outbox keeps the
/// portal's order); returns their GUIDs.
async fn import_page(
    data: &FedData,
    source: &FeedSource,
    author: &Actor,
    items: &[FeedItem],
    push: bool,
    client: &Egress,
    report: &mut PollReport,
) -> Vec<String> {
    let ports: Ports<'_> = data.ports();
    let fetcher = EnclosureFetcher { data, client };
    let files = Enclosures { fetcher: &fetcher, limits: &data.media };
    let mut present = Vec::with_capacity(items.len());
    for item in items.iter().rev() {
        present.push(item.guid.clone());
        if report.created + report.updated >= MAX_CHANGES_PER_POLL {
            report.remaining = true;
            continue;
        }
        let imported = match import_item(ports, author, source, item, push, files).await {
            Ok(imported) => imported,
            Err(e) => {
                report.skipped.push(format!("item {}: {e}", item.guid));
                continue;
            }
        };
        match imported.outcome {
            ItemOutcome::Created => report.created += 1,
            ItemOutcome::Updated => report.updated += 1,
            ItemOutcome::Unchanged => report.unchanged += 1,
            ItemOutcome::Skipped(why) => report.skipped.push(why),
        }
        report.enclosures_attached += imported.attached;
        report.enclosures_failed += imported.failed.len();
        metrics::counter!(ecities_core::observe::FEED_ENCLOSURES, "outcome" => "attached")
            .increment(imported.attached as u64);
        metrics::counter!(ecities_core::observe::FEED_ENCLOSURES, "outcome" => "failed")
            .increment(imported.failed.len() as u64);
    }
    present
}

/// The lock of one feed source's polls (see [`poll`]).
fn source_lock(source: i64) -> std::sync::Arc<tokio::sync::Mutex<()>> {
    static LOCKS: std::sync::OnceLock<
        std::sync::Mutex<std::collections::HashMap<i64, std::sync::Arc<tokio::sync::Mutex<()>>>>,
    > = std::sync::OnceLock::new();
    let mut locks = LOCKS.get_or_init(Default::default).lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    locks.entry(source).or_default().clone()
}

/// Polls one source now and imports what changed; then continues its
/// archive backfill (history, never pushed to followers).
#[tracing::instrument(name = "feed_poll", skip_all, fields(source = source.id.0, feed_host = source.url.host_str().unwrap_or("")))]
pub async fn poll(data: &FedData, client: &Egress, source: &FeedSource, author: &Actor) -> PollReport {
    // One poll of a source at a time in this process: a poll asked through
    // the API and the scheduler's would otherwise both find an item new and
    // both create it (each item's record is written after its practice).
    let lock = source_lock(source.id.0);
    let _polling = lock.lock().await;
    let ports: Ports<'_> = data.ports();
    let now = Timestamp::now();
    let mut report = PollReport::default();
    let fail = |error: String, mut report: PollReport| async move {
        let _ = data.store.record_poll(source.id, now, &PollRecord::Failed { error: error.clone() }).await;
        tracing::info!(feed = %source.url, %error, "feed poll failed");
        report.status = "error".into();
        report.error = Some(error);
        report
    };
    if !data.domains.permits(&source.url).await.unwrap_or(false) {
        return fail(format!("{} is blocked on this server", source.url.host_str().unwrap_or("")), report).await;
    }
    // The first successful poll imports the archive as history.
    let first = source.last_success_at.is_none();
    let mut archive = source.archive_next.clone();
    match fetch(client, source).await {
        Ok(Fetched::NotModified) => {
            let _ = data.store.record_poll(source.id, now, &PollRecord::NotModified).await;
            report.status = "not_modified".into();
        }
        Ok(Fetched::Body { bytes, etag, last_modified }) => {
            let page = match parse_items(&bytes, &source.url) {
                Ok(page) => page,
                Err(e) => return fail(e, report).await,
            };
            let present = import_page(data, source, author, &page.items, !first, client, &mut report).await;
            if first {
                archive = page.next.clone();
            }
            // With archive pages, items leave the main feed by design: only
            // single-page feeds can say an item "vanished".
            if page.next.is_none() && source.archive_next.is_none() {
                match remove_missing(ports, author, source, &present).await {
                    Ok(n) => report.deleted = n,
                    Err(e) => report.skipped.push(format!("removing vanished items: {e}")),
                }
            }
            let imported = i64::try_from(report.created + report.updated).unwrap_or(i64::MAX);
            // Unfinished: no validators, so the next poll reads it all again.
            let (etag, last_modified) = if report.remaining { (None, None) } else { (etag, last_modified) };
            let _ =
                data.store.record_poll(source.id, now, &PollRecord::Success { etag, last_modified, imported }).await;
            report.status = "ok".into();
        }
        Err(e) => return fail(e, report).await,
    }
    // Archive backfill: a few pages per poll, slowly, resumable.
    let mut pages = 0;
    while let Some(url) = archive.take() {
        if pages == ARCHIVE_PAGES_PER_POLL || report.remaining {
            archive = Some(url);
            break;
        }
        pages += 1;
        tokio::time::sleep(ARCHIVE_PAGE_DELAY).await;
        let page_source = FeedSource { url: url.clone(), etag: None, last_modified: None, ..source.clone() };
        match fetch(client, &page_source).await {
            Ok(Fetched::Body { bytes, .. }) => match parse_items(&bytes, &url) {
                Ok(page) => {
                    import_page(data, source, author, &page.items, false, client, &mut report).await;
                    // A page cut short by the cap is read again next time.
                    archive = if report.remaining { Some(url) } else { page.next };
                }
                Err(e) => {
                    report.skipped.push(format!("archive page {url}: {e}"));
                    archive = Some(url);
                    break;
                }
            },
            Ok(Fetched::NotModified) => {}
            Err(e) => {
                report.skipped.push(format!("archive page {url}: {e}"));
                archive = Some(url);
                break;
            }
        }
    }
    report.archive_pages = pages;
    report.archive_remaining = archive.is_some();
    let _ = data.store.set_archive_cursor(source.id, archive.as_ref()).await;
    report
}

/// Polls every source that is due, forever (until the task is dropped).
pub async fn run_scheduler(
    data: Arc<FedData>,
    client: Egress,
    interval: Duration,
    mut shutdown: tokio::sync::watch::Receiver<bool>,
) {
    let tick = Duration::from_secs(60).min(interval);
    loop {
        let due_before = Timestamp::now().plus_millis(-i64::try_from(interval.as_millis()).unwrap_or(i64::MAX));
        match data.store.due_feed_sources(due_before).await {
            Ok(sources) => {
                for source in sources {
                    if *shutdown.borrow() {
                        return;
                    }
                    match data.store.actor(source.actor).await {
                        Ok(author) => {
                            poll(&data, &client, &source, &author).await;
                        }
                        Err(e) => tracing::warn!(error = %e, "feed source without actor"),
                    }
                }
            }
            Err(e) => tracing::warn!(error = %e, "listing due feed sources failed"),
        }
        tokio::select! {
            _ = tokio::time::sleep(tick) => {},
            _ = shutdown.changed() => return,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use ecities_core::actor::ActorId;
    use ecities_core::import::{FeedMapping, FeedSourceId};

    use super::*;

    fn source(url: &str) -> FeedSource {
        let url = Url::parse(url).expect("url");
        FeedSource::unpolled(FeedSourceId(1), ActorId(1), url, FeedMapping::default(), Timestamp(0))
    }

    #[test]
    fn an_archive_link_is_whatever_the_feed_says_so_every_page_is_checked_when_fetched() {
        let feed = br#"<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
            <link rel="next" href="http://169.254.169.254/latest/meta-data/"/><id>x</id><updated>2026-01-01T00:00:00Z</updated></feed>"#;
        let page = parse_items(feed, &Url::parse("https://portal.example/feed.xml").expect("url")).expect("feed");
        assert_eq!(page.next.as_ref().map(Url::as_str), Some("http://169.254.169.254/latest/meta-data/"));
    }

    #[test]
    fn enclosures_media_content_and_atom_enclosure_links_are_read_with_their_descriptions() {
        let rss = br#"<?xml version="1.0"?><rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel>
            <title>t</title><link>https://portal.example/</link><description>d</description>
            <item><title>Bridge</title><guid>g1</guid>
            <enclosure url="/files/bridge.png" length="10" type="image/png"/>
            <media:group><media:content url="https://portal.example/budget.pdf" type="application/pdf"/>
            <media:description>Budget</media:description></media:group>
            <media:group><media:content url="https://portal.example/files/bridge.png"/></media:group>
            <enclosure url="ftp://portal.example/x.pdf" type="application/pdf"/>
            </item></channel></rss>"#;
        let page = parse_items(rss, &Url::parse("https://portal.example/feed.rss").expect("url")).expect("feed");
        let found: Vec<(String, Option<String>, Option<String>)> = page.items[0]
            .enclosures
            .iter()
            .map(|e| (e.url.to_string(), e.declared_type.clone(), e.description.clone()))
            .collect();
        assert_eq!(
            found,
            [
                ("https://portal.example/budget.pdf".into(), Some("application/pdf".into()), Some("Budget".into())),
                ("https://portal.example/files/bridge.png".into(), None, None),
            ],
            "relative URLs resolved, each URL once, only http(s)"
        );
        let atom = br#"<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><id>f</id>
            <updated>2026-01-01T00:00:00Z</updated><entry><title>Ferry</title><id>e1</id><updated>2026-01-01T00:00:00Z</updated>
            <link rel="alternate" href="https://portal.example/ferry"/>
            <link rel="enclosure" href="https://portal.example/ferry.jpg" type="image/jpeg" title="The ferry at the pier"/>
            </entry></feed>"#;
        let page = parse_items(atom, &Url::parse("https://portal.example/feed.atom").expect("url")).expect("feed");
        let item = &page.items[0];
        assert_eq!(item.link.as_ref().map(Url::as_str), Some("https://portal.example/ferry"));
        assert_eq!(
            item.enclosures,
            [Enclosure {
                url: Url::parse("https://portal.example/ferry.jpg").expect("url"),
                declared_type: Some("image/jpeg".into()),
                description: Some("The ferry at the pier".into()),
            }]
        );
    }

    #[tokio::test]
    async fn a_production_node_never_connects_to_an_internal_feed_or_archive_page() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let seen = std::sync::Arc::new(AtomicUsize::new(0));
        let counter = seen.clone();
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                counter.fetch_add(1, Ordering::SeqCst);
                drop(stream);
            }
        });
        let egress = Egress::new(false).expect("client");
        for url in [format!("http://127.0.0.1:{port}/archive/2"), format!("http://0x7f.1:{port}/archive/2")] {
            match fetch(&egress, &source(&url)).await {
                Err(e) => assert!(e.contains("not a public internet address"), "{e}"),
                Ok(_) => panic!("{url} was fetched"),
            }
        }
        assert_eq!(seen.load(Ordering::SeqCst), 0);
        task.abort();
    }
}
