//! Turning portal feed items into practices: new items are published,
//! changed ones edited (an `Update` at followers), vanished ones deleted
//! when the source asks for it. The first poll of a source imports its
//! archive as history: not pushed to people following the actor, only to
//! the associations and knowledge spaces among its followers, paced
//! ([`super::practices`]'s `publish_content`).

use super::Ports;
use super::practices::{edit_content, publish_content, retract_content};
use crate::access::{Permission, Principal};
use crate::actor::Actor;
use crate::content::SafeHtml;
use crate::error::{CoreError, CoreResult};
use crate::import::FeedSourceId;
use crate::import::{Enclosure, FeedItem, FeedSource, FileFetcher};
use crate::media::{self, Attachment, AttachmentKind, MAX_ALT_CHARS, MAX_ATTACHMENTS, MediaLimits, Upload};
use crate::practice::{PracticeContent, PracticeInput};
use crate::store::ImportedItem;
use crate::time::Timestamp;

/// What happened to one feed item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ItemOutcome {
    Created,
    Updated,
    Unchanged,
    /// Not imported, with the reason (also recorded on the source).
    Skipped(String),
}

/// One item imported, and what became of its enclosures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    pub outcome: ItemOutcome,
    /// Enclosures attached to the practice.
    pub attached: usize,
    /// Enclosures not attached, each with its URL and the reason.
    pub failed: Vec<String>,
}

impl From<ItemOutcome> for Imported {
    fn from(outcome: ItemOutcome) -> Self {
        Self { outcome, attached: 0, failed: Vec::new() }
    }
}

/// How enclosures are fetched, and the node's limits for attachments.
#[derive(Clone, Copy)]
pub struct Enclosures<'a> {
    pub fetcher: &'a dyn FileFetcher,
    pub limits: &'a MediaLimits,
}

/// Characters of text kept for a summary derived from the content.
const DERIVED_SUMMARY_CHARS: usize = 300;

fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_owned();
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// Adds a portal feed for `author`: the one rule for the REST API, the
/// admin, the CLI and the configuration file. `who` must be an editor of
/// `author` (or the operator: the CLI and the configuration file). The URL
/// must be one the node may fetch (`rules`: the outgoing-request policy),
/// and the practices it yields need a country (the source's or the actor's).
pub async fn add_source(
    store: &dyn crate::store::Store,
    who: &Principal,
    author: &Actor,
    url: &str,
    mapping: &crate::import::FeedMapping,
    delete_missing: bool,
    rules: crate::net::EgressRules,
) -> CoreResult<FeedSource> {
    who.require(Permission::Write(author.id))?;
    let url = crate::urls::require_web_url("url", url)?;
    rules
        .check_url(&url, crate::net::Purpose::Feed)
        .map_err(|e| CoreError::invalid("url", format!("this node does not fetch {url}: {e}")))?;
    mapping.validate()?;
    store.create_feed_source(author.id, &url, mapping, delete_missing).await
}

/// Feed source `id` and its actor, for `who` to poll it now (the poll is
/// the caller's: it fetches): `who` must be an editor of the source's actor
/// (or the operator).
pub async fn source_to_poll(
    store: &dyn crate::store::Store,
    who: &Principal,
    id: FeedSourceId,
) -> CoreResult<(FeedSource, Actor)> {
    let source = store.feed_source(id).await?;
    who.require(Permission::Write(source.actor))?;
    let actor = store.actor(source.actor).await?;
    Ok((source, actor))
}

/// Removes feed source `id` (its practices stay): `who` must be an editor
/// of the source's actor (or the operator).
pub async fn remove_source(store: &dyn crate::store::Store, who: &Principal, id: FeedSourceId) -> CoreResult<()> {
    let source = store.feed_source(id).await?;
    who.require(Permission::Write(source.actor))?;
    store.delete_feed_source(source.id).await.map(|_| ())
}

/// Replaces the mapping of feed source `id` (what its categories mean;
/// items already imported keep theirs until they change): `who` must be an
/// editor of the source's actor (or the operator).
pub async fn set_mapping(
    store: &dyn crate::store::Store,
    who: &Principal,
    id: FeedSourceId,
    mapping: &crate::import::FeedMapping,
) -> CoreResult<FeedSource> {
    let source = store.feed_source(id).await?;
    who.require(Permission::Write(source.actor))?;
    mapping.validate()?;
    store.set_feed_mapping(id, mapping).await?;
    store.feed_source(id).await
}

/// The practice content of a feed item under the source's mapping.
pub fn content_of(source: &FeedSource, author: &Actor, item: &FeedItem) -> CoreResult<PracticeContent> {
    let body = SafeHtml::sanitize(item.content_html.as_deref().or(item.summary.as_deref()).unwrap_or(""));
    let summary = item
        .summary
        .as_deref()
        .map(|s| SafeHtml::sanitize(s).plain_text())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| truncate(&body.plain_text(), DERIVED_SUMMARY_CHARS));
    let title = SafeHtml::sanitize(&item.title).plain_text();
    let class = source.mapping.classify(&item.categories);
    // The place: the mapping's country, else the actor's, else the
    // mapping's region, else the whole world (a knowledge space's global
    // publications).
    let country = source.mapping.country.clone().or_else(|| author.country.as_ref().map(|c| c.to_string()));
    let region = country
        .is_none()
        .then(|| source.mapping.region.clone().unwrap_or_else(|| crate::taxonomy::WORLD_CODE.to_owned()));
    let language = item
        .language
        .clone()
        .filter(|l| crate::practice::LanguageTag::parse(l).is_ok())
        .or_else(|| source.mapping.language.clone())
        .unwrap_or_else(|| "en".into());
    let input = PracticeInput {
        title: Some(truncate(&title, 200)),
        summary: Some(truncate(if summary.is_empty() { &title } else { &summary }, 2_000)),
        // Placeholder: the imported HTML replaces the rendered Markdown below.
        content: Some("(imported)".into()),
        language: Some(language),
        kind: Some(class.kind),
        sdgs: Some(class.sdgs),
        country,
        region,
        mdgs: (!source.mapping.mdgs.is_empty()).then(|| source.mapping.mdgs.clone()),
        themes: Some(class.themes),
        source_url: item.link.as_ref().map(|l| l.to_string()),
        ..Default::default()
    };
    let mut content = input.parse()?;
    content.content_markdown = String::new();
    content.content_html = if body.as_str().trim().is_empty() {
        SafeHtml::sanitize(&format!("<p>{}</p>", crate::content::escape_html(&content.summary)))
    } else {
        body
    };
    Ok(content)
}

/// Imports one item. `push`: send new items to followers (false on the
/// first poll of a source: its archive is history, sent only to the
/// actor's associations and knowledge spaces, paced). The item's
/// enclosures are fetched (only when the item is new or changed) and
/// attached like uploads ([`attach_enclosures`]); one that cannot be does
/// not keep the item out.
#[tracing::instrument(name = "usecase.import_item", skip_all, fields(source = source.id.0))]
pub async fn import_item(
    ports: Ports<'_>,
    author: &Actor,
    source: &FeedSource,
    item: &FeedItem,
    push: bool,
    files: Enclosures<'_>,
) -> CoreResult<Imported> {
    let hash = item.content_hash();
    let known = ports.store.feed_item(source.id, &item.guid).await?;
    if let Some((_, old)) = &known
        && *old == hash
    {
        return Ok(ItemOutcome::Unchanged.into());
    }
    let content = match content_of(source, author, item) {
        Ok(c) => c,
        Err(CoreError::Invalid(fields)) => {
            let why = fields.iter().map(ToString::to_string).collect::<Vec<_>>().join("; ");
            return Ok(ItemOutcome::Skipped(format!("item {}: {why}", item.guid)).into());
        }
        Err(e) => return Err(e),
    };
    let now = Timestamp::now();
    let imported = match known {
        Some((practice_id, _)) => {
            let practice = ports.store.practice(practice_id).await?;
            if practice.is_deleted() {
                // Deleted here on purpose: an edit at the source does not bring it back.
                return Ok(ItemOutcome::Unchanged.into());
            }
            // The feed knows nothing of files attached here since: kept;
            // enclosures not attached yet are added.
            let mut content = content;
            let mut list = practice.details.attachments.clone();
            let (added, failed) = attach_enclosures(ports, item, files, &list).await;
            let attached = added.len();
            list.extend(added);
            content.details.attachments = list;
            edit_content(ports, author, &practice, content).await?;
            ports.store.record_feed_item(source.id, &item.guid, practice_id, &hash, now).await?;
            Imported { outcome: ItemOutcome::Updated, attached, failed }
        }
        None => {
            let mut content = content;
            let (added, failed) = attach_enclosures(ports, item, files, &[]).await;
            let attached = added.len();
            content.details.attachments = added;
            let published = item.published.filter(|p| *p <= now).unwrap_or(now);
            let record = ImportedItem { source: source.id, guid: &item.guid, hash: &hash, at: now };
            publish_content(ports, author, content, published, push, Some(&record)).await?;
            Imported { outcome: ItemOutcome::Created, attached, failed }
        }
    };
    Ok(imported)
}

/// Fetches the enclosures of `item` that are not among `have` and checks
/// each as an upload is checked ([`media::check_upload`]: size, type by
/// content, a decodable image): the file's SHA-256 is recorded, its bytes
/// (and an image's preview) stored, and the practice shows it from this
/// node's `/media/` URL, so it federates like an upload.
///
/// The text of an attachment: an image needs alt text, so it is the
/// enclosure's `media:description` (or `media:title`, or the Atom link's
/// `title`), else the item's title, the best words the feed has for what
/// the picture shows. A document is labelled likewise, with its file
/// name before the item's title.
///
/// Returns the new attachments and, for each enclosure not attached, its
/// URL and why (logged; the item is imported all the same).
pub async fn attach_enclosures(
    ports: Ports<'_>,
    item: &FeedItem,
    files: Enclosures<'_>,
    have: &[Attachment],
) -> (Vec<Attachment>, Vec<String>) {
    let mut added: Vec<Attachment> = Vec::new();
    let mut failed = Vec::new();
    let mut seen: Vec<&url::Url> = Vec::new();
    for enclosure in &item.enclosures {
        // RSS <enclosure> and <media:content> often name the same file.
        if seen.contains(&&enclosure.url) {
            continue;
        }
        seen.push(&enclosure.url);
        let outcome = if have.len() + added.len() >= MAX_ATTACHMENTS {
            Err(format!("a practice has at most {MAX_ATTACHMENTS} attachments"))
        } else {
            attach_one(ports, item, enclosure, files).await
        };
        match outcome {
            Ok(a) if have.iter().chain(&added).any(|b| b.sha256 == a.sha256) => {}
            Ok(a) => added.push(a),
            Err(why) => {
                tracing::info!(item = %item.guid, url = %enclosure.url, %why, "feed enclosure not attached");
                failed.push(format!("enclosure {} of item {}: {why}", enclosure.url, item.guid));
            }
        }
    }
    (added, failed)
}

async fn attach_one(
    ports: Ports<'_>,
    item: &FeedItem,
    enclosure: &Enclosure,
    files: Enclosures<'_>,
) -> Result<Attachment, String> {
    let bytes = files.fetcher.fetch(&enclosure.url, files.limits.max_bytes).await?;
    let filename = enclosure
        .url
        .path_segments()
        .and_then(|mut s| s.next_back())
        .filter(|n| n.contains('.') && media::MediaType::from_name(n).is_some());
    let described = enclosure.description.as_deref().map(|d| SafeHtml::sanitize(d).plain_text());
    let title = SafeHtml::sanitize(&item.title).plain_text();
    let kind = media::MediaType::sniff(&bytes, None).map(media::MediaType::kind);
    let alt = described
        .filter(|d| !d.trim().is_empty())
        .or_else(|| (kind == Some(AttachmentKind::Document)).then(|| filename.map(str::to_owned)).flatten())
        .unwrap_or(title);
    let alt = truncate(alt.trim(), MAX_ALT_CHARS);
    let upload = Upload {
        bytes: &bytes,
        filename,
        declared_type: enclosure.declared_type.as_deref(),
        alt: Some(&alt),
        caption: None,
    };
    let checked = media::check_upload(&upload, files.limits).map_err(|e| e.to_string())?;
    ports.blobs.put(&checked.sha256, &bytes).await.map_err(|e| e.to_string())?;
    if let Some((hash, preview)) = &checked.preview {
        ports.blobs.put(hash, preview).await.map_err(|e| e.to_string())?;
    }
    Ok(checked.attachment(ports.urls.media(&checked.sha256, checked.media_type)))
}

/// Deletes practices whose items are no longer in the feed (only for
/// sources with `delete_missing`). Returns how many.
pub async fn remove_missing(
    ports: Ports<'_>,
    author: &Actor,
    source: &FeedSource,
    present: &[String],
) -> CoreResult<usize> {
    if !source.delete_missing {
        return Ok(0);
    }
    let mut removed = 0;
    for (guid, practice_id) in ports.store.feed_items(source.id).await? {
        if present.contains(&guid) {
            continue;
        }
        let practice = ports.store.practice(practice_id).await?;
        if !practice.is_deleted() {
            retract_content(ports, author, &practice).await?;
            removed += 1;
        }
    }
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::actor::{ActorEndpoints, ActorId, ActorKind};
    use crate::import::{FeedMapping, FeedSourceId};
    use url::Url;

    const ESCAPED: &str = "&lt;script&gt;alert(1)&lt;/script&gt;";

    fn url(s: &str) -> Url {
        Url::parse(s).expect("url")
    }

    fn source_and_author() -> (FeedSource, Actor) {
        let now = Timestamp::now();
        let source = FeedSource::unpolled(
            FeedSourceId(1),
            ActorId(1),
            url("https://portal.example/feed.xml"),
            FeedMapping::default(),
            now,
        );
        let author = Actor {
            id: ActorId(1),
            url: url("https://a.example/actors/x"),
            name: "x".into(),
            host: "a.example".into(),
            kind: ActorKind::City,
            local: true,
            display_name: None,
            summary: None,
            country: Some(crate::taxonomy::Country::parse("KR").expect("country")),
            profile_url: None,
            icon_url: None,
            portal_url: None,
            portal_checked_at: None,
            portal_verified_at: None,
            endpoints: ActorEndpoints {
                inbox: url("https://a.example/actors/x/inbox"),
                shared_inbox: None,
                outbox: None,
                followers: None,
                following: None,
            },
            public_key_pem: String::new(),
            moderation: Default::default(),
            follow_approval: Default::default(),
            created_at: now,
            updated_at: now,
            last_refreshed_at: now,
        };
        (source, author)
    }

    /// Feed parsers hand over text with one level of XML entities decoded:
    /// `&amp;lt;script&amp;gt;` in the XML arrives as `&lt;script&gt;`.
    #[test]
    fn escaped_markup_in_a_feed_item_stays_text() {
        let (source, author) = source_and_author();
        for (title, summary, content) in [
            (format!("Bus {ESCAPED}"), Some(format!("<p>Lanes {ESCAPED}</p>")), None),
            (format!("Bus {ESCAPED}"), Some(ESCAPED.to_owned()), Some(format!("<p>{ESCAPED}</p><script>x()</script>"))),
            ("<script>alert(1)</script>Bus".to_owned(), None, Some(ESCAPED.to_owned())),
        ] {
            let item = FeedItem {
                guid: "g".into(),
                title,
                summary,
                content_html: content,
                link: None,
                published: None,
                categories: vec!["SDG 11".into()],
                language: None,
                enclosures: vec![],
            };
            let c = content_of(&source, &author, &item).expect("imports");
            for (field, text) in
                [("title", &c.title), ("summary", &c.summary), ("content", &c.content_html.as_str().to_owned())]
            {
                assert!(!text.to_ascii_lowercase().contains("<script"), "{field}: {text}");
            }
            assert_eq!(crate::content::defuse_tags(&c.title), c.title);
            assert_eq!(crate::content::defuse_tags(&c.summary), c.summary);
        }
    }

    #[test]
    fn items_of_an_actor_without_a_country_are_about_the_world_or_the_mapped_region() {
        let (mut source, mut author) = source_and_author();
        author.kind = ActorKind::KnowledgeSpace;
        author.country = None;
        let item = FeedItem {
            guid: "g".into(),
            title: "Global urban outlook".into(),
            summary: Some("Cities everywhere.".into()),
            content_html: None,
            link: None,
            published: None,
            categories: vec![],
            language: None,
            enclosures: vec![],
        };
        let c = content_of(&source, &author, &item).expect("imports without a country");
        assert_eq!((c.country, c.details.region.map(|r| r.code)), (None, Some("001".into())));
        source.mapping.region = Some("Africa".into());
        source.mapping.mdgs = vec![1];
        let c = content_of(&source, &author, &item).expect("imports");
        assert_eq!(c.details.region.map(|r| r.name), Some("Africa".into()));
        assert_eq!(c.details.mdgs.iter().map(|m| m.number()).collect::<Vec<_>>(), [1]);
        source.mapping.country = Some("KE".into());
        let c = content_of(&source, &author, &item).expect("imports");
        assert_eq!((c.country.map(|k| k.to_string()), c.details.region), (Some("KE".into()), None));
    }
}
