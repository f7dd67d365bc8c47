//! Portal feed import: RSS, Atom and JSON Feed sources of a city actor,
//! their mapping to the taxonomy, and turning one feed item into a
//! practice.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use url::Url;

use crate::actor::ActorId;
use crate::error::{CoreError, CoreResult, FieldError};
use crate::practice::{LanguageTag, PracticeKind};
use crate::taxonomy::{Country, Mdg, Region, Sdg, Theme};
use crate::time::Timestamp;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FeedSourceId(pub i64);

/// What one feed category means in the taxonomy.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CategoryRule {
    #[serde(default)]
    pub sdgs: Vec<i64>,
    #[serde(default)]
    pub themes: Vec<String>,
    #[serde(default)]
    pub kind: Option<String>,
}

/// How a source's items are described: defaults, plus rules from feed
/// categories (matched case-insensitively) to SDGs, themes and kind.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeedMapping {
    /// Kind when no rule gives one. Default: best_practice.
    #[serde(default)]
    pub kind: Option<String>,
    /// SDGs when no rule or category gives any. Default: 11 (sustainable
    /// cities and communities, the network's own goal).
    #[serde(default)]
    pub sdgs: Vec<i64>,
    /// Country; default: the actor's.
    #[serde(default)]
    pub country: Option<String>,
    /// For an actor without a country and no `country` here: the UN M49
    /// region items are about. Default: `001`, the whole world.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// Millennium Development Goals of every item (2000–2015 archives).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mdgs: Vec<i64>,
    /// Language when the feed does not say. Default: en.
    #[serde(default)]
    pub language: Option<String>,
    #[serde(default)]
    pub themes: Vec<String>,
    #[serde(default)]
    pub rules: BTreeMap<String, CategoryRule>,
}

impl FeedMapping {
    /// Checks every value, naming the bad ones.
    pub fn validate(&self) -> CoreResult<()> {
        let mut errors = Vec::new();
        let mut check = |r: CoreResult<()>, field: &str| {
            if let Err(CoreError::Invalid(fs)) = r {
                errors.extend(fs.into_iter().map(|f| FieldError::new(format!("{field}.{}", f.field), f.message)));
            }
        };
        if let Some(k) = &self.kind {
            check(PracticeKind::parse(k).map(|_| ()), "mapping");
        }
        for n in &self.sdgs {
            check(Sdg::new(*n).map(|_| ()), "mapping");
        }
        if let Some(c) = &self.country {
            check(Country::parse(c).map(|_| ()), "mapping");
        }
        if let Some(r) = &self.region {
            check(Region::lookup(r).map(|_| ()), "mapping");
        }
        for n in &self.mdgs {
            check(Mdg::new(*n).map(|_| ()), "mapping");
        }
        if let Some(l) = &self.language {
            check(LanguageTag::parse(l).map(|_| ()), "mapping");
        }
        for t in &self.themes {
            check(Theme::parse(t).map(|_| ()), "mapping");
        }
        for (cat, rule) in &self.rules {
            for n in &rule.sdgs {
                check(Sdg::new(*n).map(|_| ()), &format!("rules.{cat}"));
            }
            for t in &rule.themes {
                check(Theme::parse(t).map(|_| ()), &format!("rules.{cat}"));
            }
            if let Some(k) = &rule.kind {
                check(PracticeKind::parse(k).map(|_| ()), &format!("rules.{cat}"));
            }
        }
        if errors.is_empty() { Ok(()) } else { Err(CoreError::Invalid(errors)) }
    }

    /// The taxonomy of an item with these categories.
    pub fn classify(&self, categories: &[String]) -> Classification {
        let mut sdgs: Vec<i64> = Vec::new();
        let mut themes: Vec<String> = self.themes.clone();
        let mut kind: Option<String> = None;
        for cat in categories {
            let key = cat.trim().to_lowercase();
            if let Some(rule) = self.rules.iter().find(|(k, _)| k.trim().to_lowercase() == key).map(|(_, r)| r) {
                sdgs.extend(&rule.sdgs);
                themes.extend(rule.themes.iter().cloned());
                kind = kind.or_else(|| rule.kind.clone());
            }
            // "SDG 11", "sdg11", "Goal 11", "ODS 2" (pt/es), "ODD 6" (fr).
            let compact: String = key.chars().filter(|c| !c.is_whitespace() && *c != '-' && *c != '#').collect();
            for prefix in ["sdg", "goal", "ods", "odd"] {
                if let Some(n) = compact.strip_prefix(prefix).and_then(|n| n.parse::<i64>().ok())
                    && Sdg::new(n).is_ok()
                {
                    sdgs.push(n);
                }
            }
            // A category spelling a kind ("Best practice", "lesson_learned").
            let as_kind = key.replace([' ', '-'], "_");
            if kind.is_none() && PracticeKind::parse(&as_kind).is_ok() {
                kind = Some(as_kind);
            }
        }
        if sdgs.is_empty() {
            sdgs = if self.sdgs.is_empty() { vec![11] } else { self.sdgs.clone() };
        }
        sdgs.sort_unstable();
        sdgs.dedup();
        themes.dedup();
        Classification {
            kind: kind.or_else(|| self.kind.clone()).unwrap_or_else(|| "best_practice".into()),
            sdgs,
            themes,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Classification {
    pub kind: String,
    pub sdgs: Vec<i64>,
    pub themes: Vec<String>,
}

/// A feed source as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedSource {
    pub id: FeedSourceId,
    pub actor: ActorId,
    pub url: Url,
    pub mapping: FeedMapping,
    /// Items that vanish from the feed are deleted here too (opt-in).
    pub delete_missing: bool,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    pub polls: i64,
    pub last_polled_at: Option<Timestamp>,
    pub last_success_at: Option<Timestamp>,
    pub last_error: Option<String>,
    pub last_error_at: Option<Timestamp>,
    pub items_imported: i64,
    /// The next archive page still to import (resumable backfill).
    pub archive_next: Option<Url>,
    pub created_at: Timestamp,
}

impl FeedSource {
    /// A source as it is before its first poll.
    pub fn unpolled(id: FeedSourceId, actor: ActorId, url: Url, mapping: FeedMapping, created_at: Timestamp) -> Self {
        Self {
            id,
            actor,
            url,
            mapping,
            delete_missing: false,
            etag: None,
            last_modified: None,
            polls: 0,
            last_polled_at: None,
            last_success_at: None,
            last_error: None,
            last_error_at: None,
            items_imported: 0,
            archive_next: None,
            created_at,
        }
    }

    /// `ok` after a successful poll, `error` when the last poll failed,
    /// `new` before the first poll.
    pub fn state(&self) -> &'static str {
        match (self.last_success_at, self.last_error_at) {
            (_, Some(e)) if self.last_success_at.is_none_or(|s| e > s) => "error",
            (Some(_), _) => "ok",
            _ => "new",
        }
    }
}

/// The result of one poll, to record on the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PollRecord {
    Success { etag: Option<String>, last_modified: Option<String>, imported: i64 },
    NotModified,
    Failed { error: String },
}

/// A feed item, parsed by whichever feed parser read it.
#[derive(Debug, Clone)]
pub struct FeedItem {
    pub guid: String,
    pub title: String,
    pub summary: Option<String>,
    pub content_html: Option<String>,
    pub link: Option<Url>,
    pub published: Option<Timestamp>,
    pub categories: Vec<String>,
    pub language: Option<String>,
    /// Files the item carries (RSS `<enclosure>`, Atom
    /// `<link rel="enclosure">`, Media RSS `<media:content>`), imported as
    /// attachments of the practice.
    pub enclosures: Vec<Enclosure>,
}

/// A file a feed item points at, to fetch and attach.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Enclosure {
    pub url: Url,
    /// The type the feed declares (`type` attribute); the content decides.
    pub declared_type: Option<String>,
    /// What the feed says the file shows: `media:description`, else
    /// `media:title`, else the Atom link's `title`.
    pub description: Option<String>,
}

/// Fetches the bytes of a feed item's enclosure: the caller's outgoing
/// request policy (schemes, ports, addresses, no redirects, timeout) and
/// domain policy apply, and at most `max_bytes` are read.
#[async_trait::async_trait]
pub trait FileFetcher: Send + Sync {
    async fn fetch(&self, url: &Url, max_bytes: u64) -> Result<Vec<u8>, String>;
}

impl FeedItem {
    /// Hash of what matters for edits: title, summary, content, categories.
    pub fn content_hash(&self) -> String {
        use sha2::{Digest, Sha256};
        let mut h = Sha256::new();
        for part in [Some(&self.title), self.summary.as_ref(), self.content_html.as_ref()] {
            h.update(part.map(String::as_str).unwrap_or("").as_bytes());
            h.update([0u8]);
        }
        for c in &self.categories {
            h.update(c.as_bytes());
            h.update([1u8]);
        }
        // Only when there are any: the hash of an item without files is
        // what it was before enclosures were read (no spurious Updates).
        for e in &self.enclosures {
            h.update(e.url.as_str().as_bytes());
            h.update([2u8]);
        }
        hex::encode(h.finalize())
    }
}

/// What one poll did, as the API reports it.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct PollReport {
    pub status: String,
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub deleted: usize,
    pub skipped: Vec<String>,
    pub error: Option<String>,
    /// Archive pages read in this poll, and whether more remain.
    pub archive_pages: usize,
    pub archive_remaining: bool,
    /// More items changed than one poll imports: the next poll continues.
    pub remaining: bool,
    /// Enclosures attached to the practices created or changed, and those
    /// that could not be (fetch failed, too large, not a type accepted
    /// here, ...): their items are imported all the same.
    pub enclosures_attached: usize,
    pub enclosures_failed: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn categories_map_to_goals_kinds_and_rule_themes() {
        let mut m = FeedMapping::default();
        m.rules
            .insert("Mobility".into(), CategoryRule { sdgs: vec![9], themes: vec!["e-government".into()], kind: None });
        let c = m.classify(&["mobility".into(), "SDG 11".into(), "Lesson learned".into()]);
        assert_eq!(c.sdgs, [9, 11]);
        assert_eq!(c.kind, "lesson_learned");
        assert_eq!(c.themes, ["e-government"]);
        let pt = m.classify(&["ODS 2".into()]);
        assert_eq!(pt.sdgs, [2]);
    }

    #[test]
    fn without_hints_the_source_defaults_apply() {
        let m = FeedMapping { kind: Some("policy".into()), sdgs: vec![13], ..Default::default() };
        let c = m.classify(&["News".into()]);
        assert_eq!((c.kind.as_str(), c.sdgs.as_slice()), ("policy", &[13][..]));
        assert_eq!(FeedMapping::default().classify(&[]).sdgs, [11]);
    }

    #[test]
    fn bad_mappings_name_their_field() {
        let m = FeedMapping { kind: Some("blog".into()), sdgs: vec![30], ..Default::default() };
        let CoreError::Invalid(f) = m.validate().expect_err("invalid") else { panic!() };
        assert_eq!(f.len(), 2);
    }
}
