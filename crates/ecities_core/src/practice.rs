//! Practices: what cities publish (best practices, lessons learned, …) and
//! what this node receives from others. Published as ActivityStreams
//! `Article`s.

use std::collections::BTreeMap;
use std::fmt;

use chrono::NaiveDate;
use serde::Deserialize;
use url::Url;

use crate::actor::{ActorId, collect};
use crate::content::SafeHtml;
use crate::error::{CoreError, CoreResult, FieldError};
use crate::taxonomy::{Country, Mdg, Region, Sdg, Theme};
use crate::time::Timestamp;

/// Database key of a practice row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PracticeId(pub i64);

/// What kind of knowledge a practice is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PracticeKind {
    BestPractice,
    LessonLearned,
    CaseStudy,
    Policy,
    Event,
    Publication,
}

impl PracticeKind {
    pub const ALL: [PracticeKind; 6] =
        [Self::BestPractice, Self::LessonLearned, Self::CaseStudy, Self::Policy, Self::Event, Self::Publication];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::BestPractice => "best_practice",
            Self::LessonLearned => "lesson_learned",
            Self::CaseStudy => "case_study",
            Self::Policy => "policy",
            Self::Event => "event",
            Self::Publication => "publication",
        }
    }

    pub fn parse(input: &str) -> CoreResult<Self> {
        Self::ALL
            .into_iter()
            .find(|k| k.as_str() == input.trim())
            .ok_or_else(|| {
                CoreError::invalid(
                    "kind",
                    format!(
                        "'{input}' is not a kind (expected one of best_practice, lesson_learned, case_study, policy, event, publication)"
                    ),
                )
            })
    }
}

impl fmt::Display for PracticeKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A BCP 47 language tag in canonical case (`en`, `pt-BR`, `zh-Hant-TW`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LanguageTag(String);

impl LanguageTag {
    /// Parses the well-formed subset of BCP 47 that content uses: a 2–3
    /// letter primary language, then optional script (4 letters), region (2
    /// letters or 3 digits) and variants/extensions of 1–8 alphanumerics.
    pub fn parse(input: &str) -> CoreResult<Self> {
        let bad = || {
            CoreError::invalid(
                "language",
                format!("'{input}' is not a BCP 47 language tag (for example en, ko, pt-BR)"),
            )
        };
        let mut parts = input.trim().split(['-', '_']);
        let primary = parts.next().ok_or_else(bad)?;
        if !(2..=3).contains(&primary.len()) || !primary.chars().all(|c| c.is_ascii_alphabetic()) {
            return Err(bad());
        }
        let mut out = primary.to_ascii_lowercase();
        for (i, part) in parts.enumerate() {
            if part.is_empty() || part.len() > 8 || !part.chars().all(|c| c.is_ascii_alphanumeric()) {
                return Err(bad());
            }
            out.push('-');
            let canonical = match part.len() {
                4 if i == 0 && part.chars().all(|c| c.is_ascii_alphabetic()) => {
                    let mut s = part.to_ascii_lowercase();
                    s[..1].make_ascii_uppercase();
                    s
                }
                2 if part.chars().all(|c| c.is_ascii_alphabetic()) => part.to_ascii_uppercase(),
                _ => part.to_ascii_lowercase(),
            };
            out.push_str(&canonical);
        }
        Ok(Self(out))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The primary language subtag (`pt` for `pt-BR`).
    pub fn primary(&self) -> &str {
        self.0.split('-').next().unwrap_or(&self.0)
    }
}

impl fmt::Display for LanguageTag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Title length bounds, in characters. Mastodon shows the title as a
/// heading; anything longer than a sentence is a summary.
pub const TITLE_CHARS: std::ops::RangeInclusive<usize> = 3..=200;
/// Longest summary, in characters: Mastodon shows it in full.
pub const MAX_SUMMARY_CHARS: usize = 2_000;
/// Longest Markdown body, in characters (about 40 printed pages).
pub const MAX_CONTENT_CHARS: usize = 200_000;
/// Longest structured section (problem, solution, results, lessons).
pub const MAX_SECTION_CHARS: usize = 20_000;
/// At most this many themes and links per practice.
pub const MAX_LIST_ITEMS: usize = 20;
/// At most this many practices named in `adopted_from`: a practice adapts
/// a few others, never a catalogue (and each may be told, see
/// `usecases::practices::publish`).
pub const MAX_ADOPTED_FROM: usize = 10;

/// One language variant of a practice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Translation {
    pub title: String,
    pub summary: String,
    pub content_markdown: Option<String>,
    pub content_html: SafeHtml,
    /// How it was made (by a person unless said otherwise).
    pub status: crate::translation::TranslationStatus,
    /// The machine translation engine (for a machine translation).
    pub engine: Option<String>,
    /// Who made (or, for a machine translation, approved) it.
    pub translator: Option<String>,
}

/// The structured sections and metadata of a practice beyond its text.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PracticeDetails {
    pub problem: Option<String>,
    pub solution: Option<String>,
    pub results: Option<String>,
    pub lessons: Option<String>,
    pub themes: Vec<Theme>,
    pub links: Vec<Url>,
    pub license: Option<String>,
    pub period_start: Option<NaiveDate>,
    pub period_end: Option<NaiveDate>,
    /// The page on the city's own portal this practice came from.
    pub source_url: Option<Url>,
    /// Images and documents, in the order they were added
    /// ([`crate::media`]).
    pub attachments: Vec<crate::media::Attachment>,
    /// The practices (local or remote, by ActivityPub id or page URL) this
    /// one adapted: at most [`MAX_ADOPTED_FROM`], http(s), no repeats.
    pub adopted_from: Vec<Url>,
    /// The place of a practice without a country: the world (`001`) or a
    /// named UN M49 region. `None` when the practice has a country.
    pub region: Option<Region>,
    /// Millennium Development Goals (2000–2015 material), sorted.
    pub mdgs: Vec<Mdg>,
    /// Who it is for: everyone (the default), the author's followers, or
    /// named actors. Only public practices appear on public surfaces.
    pub audience: PracticeAudience,
    /// When the practice is (or was) to be published: an embargo while in
    /// the future. Local practices only.
    pub publish_at: Option<Timestamp>,
}

/// Who a practice is addressed to.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum PracticeAudience {
    /// `as:Public`: every page, feed, search and harvester shows it.
    #[default]
    Public,
    /// The author's followers only (addressed to the followers collection).
    Followers,
    /// These actors only (an association, a knowledge space), addressed
    /// directly.
    Named(Vec<Url>),
}

/// At most this many actors in a named audience.
pub const MAX_AUDIENCE_ACTORS: usize = 20;

impl PracticeAudience {
    pub fn is_public(&self) -> bool {
        matches!(self, Self::Public)
    }

    /// The API form: `"public"`, `"followers"` or a list of actor URLs.
    pub fn to_input(&self) -> AudienceInput {
        match self {
            Self::Public => AudienceInput::Word("public".into()),
            Self::Followers => AudienceInput::Word("followers".into()),
            Self::Named(list) => AudienceInput::Actors(list.iter().map(|u| u.to_string()).collect()),
        }
    }
}

/// The audience as the API receives it.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(untagged)]
pub enum AudienceInput {
    Word(String),
    Actors(Vec<String>),
}

impl AudienceInput {
    fn parse(&self, errors: &mut Vec<FieldError>) -> PracticeAudience {
        match self {
            Self::Word(w) if w.trim() == "public" => PracticeAudience::Public,
            Self::Word(w) if w.trim() == "followers" => PracticeAudience::Followers,
            Self::Word(w) => {
                errors.push(FieldError::new(
                    "audience",
                    format!("'{}' is not an audience: public, followers, or a list of actor URLs", w.trim()),
                ));
                PracticeAudience::Public
            }
            Self::Actors(list) => {
                let mut out: Vec<Url> = Vec::new();
                for text in list {
                    if let Some(url) = parse_http_url(errors, "audience", text.trim())
                        && !out.contains(&url)
                    {
                        out.push(url);
                    }
                }
                if out.is_empty() {
                    errors.push(FieldError::new("audience", "names no actor"));
                } else if out.len() > MAX_AUDIENCE_ACTORS {
                    errors.push(FieldError::new("audience", format!("names at most {MAX_AUDIENCE_ACTORS} actors")));
                }
                PracticeAudience::Named(out)
            }
        }
    }
}

/// The content of a practice, parsed and complete: what a local author
/// writes. Every field DESIGN.md §3 requires is present and valid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PracticeContent {
    pub title: String,
    pub summary: String,
    pub content_markdown: String,
    pub content_html: SafeHtml,
    pub language: LanguageTag,
    pub kind: PracticeKind,
    pub sdgs: Vec<Sdg>,
    /// `None` for a practice placed in a region or the whole world
    /// (`details.region`).
    pub country: Option<Country>,
    pub translations: BTreeMap<LanguageTag, Translation>,
    pub details: PracticeDetails,
}

/// A practice as stored: local, or received from another server. Remote
/// objects (a Mastodon `Note`, say) may lack the taxonomy, so those fields
/// are optional here; local ones always have them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Practice {
    pub id: PracticeId,
    /// Short local key used in our URLs (`/practices/{key}`).
    pub key: String,
    /// ActivityPub id.
    pub ap_id: Url,
    /// HTML page.
    pub url: Url,
    pub author: ActorId,
    pub local: bool,
    pub title: String,
    pub summary: String,
    pub content_markdown: Option<String>,
    pub content_html: SafeHtml,
    pub language: Option<LanguageTag>,
    pub kind: Option<PracticeKind>,
    pub sdgs: Vec<Sdg>,
    pub country: Option<Country>,
    pub translations: BTreeMap<LanguageTag, Translation>,
    pub details: PracticeDetails,
    pub published_at: Timestamp,
    pub updated_at: Option<Timestamp>,
    pub deleted_at: Option<Timestamp>,
    /// Waiting for its `publish_at`: stored, seen by its editors, sent and
    /// listed nowhere yet.
    pub embargoed: bool,
}

impl Practice {
    pub fn is_deleted(&self) -> bool {
        self.deleted_at.is_some()
    }

    /// The UN M49 region the practice is counted under: its country's
    /// region, else the region it names instead of a country (the world,
    /// `001`, is one).
    pub fn place_region(&self) -> Option<Region> {
        match &self.country {
            Some(c) => c.info().region.clone(),
            None => self.details.region.clone(),
        }
    }
}

/// A practice to insert: content plus identity.
#[derive(Debug, Clone)]
pub struct NewPractice {
    pub key: String,
    pub ap_id: Url,
    pub url: Url,
    pub author: ActorId,
    pub local: bool,
    pub title: String,
    pub summary: String,
    pub content_markdown: Option<String>,
    pub content_html: SafeHtml,
    pub language: Option<LanguageTag>,
    pub kind: Option<PracticeKind>,
    pub sdgs: Vec<Sdg>,
    pub country: Option<Country>,
    pub translations: BTreeMap<LanguageTag, Translation>,
    pub details: PracticeDetails,
    pub published_at: Timestamp,
    pub updated_at: Option<Timestamp>,
    /// A new local practice waits for its `publish_at` (set by the use
    /// case that decided it; ignored on updates, which keep the state).
    pub embargoed: bool,
}

impl NewPractice {
    /// A local practice from parsed content.
    pub fn local(key: String, ap_id: Url, url: Url, author: ActorId, content: PracticeContent, now: Timestamp) -> Self {
        Self {
            key,
            ap_id,
            url,
            author,
            local: true,
            title: content.title,
            summary: content.summary,
            // Imported HTML has no Markdown source.
            content_markdown: (!content.content_markdown.is_empty()).then_some(content.content_markdown),
            content_html: content.content_html,
            language: Some(content.language),
            kind: Some(content.kind),
            sdgs: content.sdgs,
            country: content.country,
            translations: content.translations,
            details: content.details,
            published_at: now,
            updated_at: None,
            embargoed: false,
        }
    }
}

/// One language variant as the API receives it.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct TranslationInput {
    pub title: Option<String>,
    pub summary: Option<String>,
    pub content: Option<String>,
    /// `human` (default) or `machine`.
    pub status: Option<String>,
    /// The engine of a machine translation (required with `machine`).
    pub engine: Option<String>,
    /// Who made or approved it.
    pub translator: Option<String>,
}

/// What the practice API (and the admin form, and the feed importer)
/// receives, before parsing. Every field optional so that a PATCH can use
/// the same shape and so that missing fields are reported by name.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct PracticeInput {
    pub title: Option<String>,
    pub summary: Option<String>,
    pub content: Option<String>,
    pub language: Option<String>,
    pub kind: Option<String>,
    pub sdgs: Option<Vec<i64>>,
    pub country: Option<String>,
    /// Instead of a country: `001` (the world) or a UN M49 region, by code
    /// or English name.
    pub region: Option<String>,
    /// Millennium Development Goals, 1 to 8.
    pub mdgs: Option<Vec<i64>>,
    pub translations: Option<BTreeMap<String, TranslationInput>>,
    pub problem: Option<String>,
    pub solution: Option<String>,
    pub results: Option<String>,
    pub lessons: Option<String>,
    pub themes: Option<Vec<String>>,
    pub links: Option<Vec<String>>,
    pub license: Option<String>,
    pub period_start: Option<String>,
    pub period_end: Option<String>,
    pub source_url: Option<String>,
    /// Not read from JSON: attachments come through their own endpoint
    /// (`usecases::attachments`); kept here so an edit keeps them.
    #[serde(skip)]
    pub attachments: Option<Vec<crate::media::Attachment>>,
    /// URLs of the practices this one adapted.
    pub adopted_from: Option<Vec<String>>,
    /// `"public"` (the default), `"followers"` or a list of actor URLs.
    pub audience: Option<AudienceInput>,
    /// RFC 3339: not sent nor listed before this time. An empty string
    /// clears a pending embargo (the practice goes out at once).
    pub publish_at: Option<String>,
}

fn required_text(
    errors: &mut Vec<FieldError>,
    field: &str,
    value: Option<&str>,
    min: usize,
    max: usize,
) -> Option<String> {
    let text = value.map(str::trim).unwrap_or("");
    let len = text.chars().count();
    if text.is_empty() {
        errors.push(FieldError::new(field, "is required"));
        None
    } else if len < min || len > max {
        errors.push(FieldError::new(field, format!("must be {min} to {max} characters long (got {len})")));
        None
    } else {
        Some(text.to_owned())
    }
}

fn optional_text(errors: &mut Vec<FieldError>, field: &str, value: Option<&str>, max: usize) -> Option<String> {
    let text = value.map(str::trim).filter(|t| !t.is_empty())?;
    if text.chars().count() > max {
        errors.push(FieldError::new(field, format!("is longer than {max} characters")));
        return None;
    }
    Some(text.to_owned())
}

fn parse_date(errors: &mut Vec<FieldError>, field: &str, value: Option<&str>) -> Option<NaiveDate> {
    let text = value.map(str::trim).filter(|t| !t.is_empty())?;
    match NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        Ok(d) => Some(d),
        Err(_) => {
            errors.push(FieldError::new(field, format!("'{text}' is not a date of the form YYYY-MM-DD")));
            None
        }
    }
}

fn parse_http_url(errors: &mut Vec<FieldError>, field: &str, text: &str) -> Option<Url> {
    crate::urls::require_web_url(field, text).map_err(|e| collect(errors, e)).ok()
}

impl PracticeInput {
    /// Parses a complete practice, collecting every problem at once.
    pub fn parse(&self) -> CoreResult<PracticeContent> {
        let mut errors = Vec::new();
        let title =
            required_text(&mut errors, "title", self.title.as_deref(), *TITLE_CHARS.start(), *TITLE_CHARS.end());
        let summary = required_text(&mut errors, "summary", self.summary.as_deref(), 1, MAX_SUMMARY_CHARS);
        let content = required_text(&mut errors, "content", self.content.as_deref(), 1, MAX_CONTENT_CHARS);
        let language = match self.language.as_deref() {
            Some(l) => LanguageTag::parse(l).map_err(|e| collect(&mut errors, e)).ok(),
            None => {
                errors.push(FieldError::new("language", "is required (a BCP 47 tag such as en)"));
                None
            }
        };
        let kind = match self.kind.as_deref() {
            Some(k) => PracticeKind::parse(k).map_err(|e| collect(&mut errors, e)).ok(),
            None => {
                errors.push(FieldError::new("kind", "is required"));
                None
            }
        };
        let given = |v: &Option<String>| v.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned);
        // The place: a country, or else a region (the world is one).
        let (country, region) = match (given(&self.country), given(&self.region)) {
            (Some(c), None) => (Country::parse(&c).map_err(|e| collect(&mut errors, e)).ok(), None),
            (None, Some(r)) => (None, Region::lookup(&r).map_err(|e| collect(&mut errors, e)).ok()),
            (Some(_), Some(_)) => {
                errors.push(FieldError::new(
                    "region",
                    "give a country or a region, not both (a country's region is known from it)",
                ));
                (None, None)
            }
            (None, None) => {
                errors.push(FieldError::new(
                    "country",
                    "is required (ISO 3166-1 alpha-2, for example KR), or give region: 001 for the whole world or a UN M49 region",
                ));
                (None, None)
            }
        };
        let mut mdgs = Vec::new();
        for n in self.mdgs.iter().flatten() {
            if let Ok(m) = Mdg::new(*n).map_err(|e| collect(&mut errors, e))
                && !mdgs.contains(&m)
            {
                mdgs.push(m);
            }
        }
        mdgs.sort();
        let mut sdgs = Vec::new();
        match self.sdgs.as_deref() {
            None | Some([]) if mdgs.is_empty() => {
                errors.push(FieldError::new("sdgs", "name at least one goal (1 to 17, or an MDG in mdgs)"))
            }
            None | Some([]) => {}
            Some(list) => {
                for n in list {
                    if let Ok(s) = Sdg::new(*n).map_err(|e| collect(&mut errors, e))
                        && !sdgs.contains(&s)
                    {
                        sdgs.push(s);
                    }
                }
                sdgs.sort();
            }
        }
        let translations = self.parse_translations(&mut errors, language.as_ref());
        let mut details = self.parse_details(&mut errors);
        details.region = region;
        details.mdgs = mdgs;
        match (
            title,
            summary,
            content,
            language,
            kind,
            country.is_some() || details.region.is_some(),
            errors.is_empty(),
        ) {
            (Some(title), Some(summary), Some(content), Some(language), Some(kind), true, true) => {
                Ok(PracticeContent {
                    title,
                    summary,
                    content_html: SafeHtml::from_markdown(&content),
                    content_markdown: content,
                    language,
                    kind,
                    sdgs,
                    country,
                    translations,
                    details,
                })
            }
            _ => Err(CoreError::Invalid(errors)),
        }
    }

    fn parse_translations(
        &self,
        errors: &mut Vec<FieldError>,
        main: Option<&LanguageTag>,
    ) -> BTreeMap<LanguageTag, Translation> {
        let mut out = BTreeMap::new();
        for (lang, t) in self.translations.iter().flatten() {
            let field = format!("translations.{lang}");
            let Ok(tag) = LanguageTag::parse(lang) else {
                errors.push(FieldError::new(&field, format!("'{lang}' is not a BCP 47 language tag")));
                continue;
            };
            if Some(&tag) == main {
                errors.push(FieldError::new(&field, "repeats the main language of the practice"));
                continue;
            }
            let title = required_text(
                errors,
                &format!("{field}.title"),
                t.title.as_deref(),
                *TITLE_CHARS.start(),
                *TITLE_CHARS.end(),
            );
            let summary =
                required_text(errors, &format!("{field}.summary"), t.summary.as_deref(), 1, MAX_SUMMARY_CHARS);
            let content = optional_text(errors, &format!("{field}.content"), t.content.as_deref(), MAX_CONTENT_CHARS);
            let status = match t.status.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
                None => Some(crate::translation::TranslationStatus::Human),
                Some(s) => s.parse().ok().or_else(|| {
                    errors.push(FieldError::new(format!("{field}.status"), "expected human or machine"));
                    None
                }),
            };
            let max = crate::translation::MAX_TRANSLATOR_CHARS;
            let engine = optional_text(errors, &format!("{field}.engine"), t.engine.as_deref(), max);
            let translator = optional_text(errors, &format!("{field}.translator"), t.translator.as_deref(), max);
            if status == Some(crate::translation::TranslationStatus::Machine) && engine.is_none() {
                errors.push(FieldError::new(format!("{field}.engine"), "a machine translation names its engine"));
            }
            if let (Some(title), Some(summary), Some(status)) = (title, summary, status) {
                out.insert(
                    tag,
                    Translation {
                        title,
                        summary,
                        content_html: content.as_deref().map(SafeHtml::from_markdown).unwrap_or_default(),
                        content_markdown: content,
                        status,
                        engine,
                        translator,
                    },
                );
            }
        }
        out
    }

    fn parse_details(&self, errors: &mut Vec<FieldError>) -> PracticeDetails {
        let mut themes = Vec::new();
        for t in self.themes.iter().flatten() {
            if let Ok(theme) = Theme::parse(t).map_err(|e| collect(errors, e))
                && !themes.contains(&theme)
            {
                themes.push(theme);
            }
        }
        if themes.len() > MAX_LIST_ITEMS {
            errors.push(FieldError::new("themes", format!("at most {MAX_LIST_ITEMS} themes")));
        }
        let links: Vec<Url> = self.links.iter().flatten().filter_map(|l| parse_http_url(errors, "links", l)).collect();
        if links.len() > MAX_LIST_ITEMS {
            errors.push(FieldError::new("links", format!("at most {MAX_LIST_ITEMS} links")));
        }
        let period_start = parse_date(errors, "period_start", self.period_start.as_deref());
        let period_end = parse_date(errors, "period_end", self.period_end.as_deref());
        if let (Some(s), Some(e)) = (period_start, period_end)
            && e < s
        {
            errors.push(FieldError::new("period_end", "is before period_start"));
        }
        PracticeDetails {
            problem: optional_text(errors, "problem", self.problem.as_deref(), MAX_SECTION_CHARS),
            solution: optional_text(errors, "solution", self.solution.as_deref(), MAX_SECTION_CHARS),
            results: optional_text(errors, "results", self.results.as_deref(), MAX_SECTION_CHARS),
            lessons: optional_text(errors, "lessons", self.lessons.as_deref(), MAX_SECTION_CHARS),
            themes,
            links,
            license: optional_text(errors, "license", self.license.as_deref(), 100),
            period_start,
            period_end,
            source_url: self
                .source_url
                .as_deref()
                .filter(|s| !s.trim().is_empty())
                .and_then(|s| parse_http_url(errors, "source_url", s)),
            attachments: self.attachments.clone().unwrap_or_default(),
            adopted_from: self.parse_adopted_from(errors),
            // Set by `parse` with the country they stand beside.
            region: None,
            mdgs: Vec::new(),
            audience: self.audience.as_ref().map(|a| a.parse(errors)).unwrap_or_default(),
            publish_at: match self.publish_at.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
                None => None,
                Some(text) => Timestamp::parse_rfc3339(text).or_else(|| {
                    errors.push(FieldError::new(
                        "publish_at",
                        format!("'{text}' is not an RFC 3339 date and time (2030-01-31T09:00:00Z)"),
                    ));
                    None
                }),
            },
        }
    }

    /// `adopted_from`: http(s) URLs, repeats dropped, at most
    /// [`MAX_ADOPTED_FROM`]. That a practice does not name itself is
    /// checked where its id is known (`usecases::practices::edit`).
    fn parse_adopted_from(&self, errors: &mut Vec<FieldError>) -> Vec<Url> {
        let mut out: Vec<Url> = Vec::new();
        for text in self.adopted_from.iter().flatten() {
            if let Some(url) = parse_http_url(errors, "adopted_from", text.trim())
                && !out.contains(&url)
            {
                out.push(url);
            }
        }
        if out.len() > MAX_ADOPTED_FROM {
            errors.push(FieldError::new(
                "adopted_from",
                format!("names at most {MAX_ADOPTED_FROM} practices (got {})", out.len()),
            ));
        }
        out
    }

    /// Applies a PATCH: fields present in `self` replace those of `current`.
    pub fn merged_over(&self, current: &PracticeInput) -> PracticeInput {
        macro_rules! pick {
            ($($f:ident),*) => { PracticeInput { $($f: self.$f.clone().or_else(|| current.$f.clone()),)* } };
        }
        let mut merged = pick!(
            title,
            summary,
            content,
            language,
            kind,
            sdgs,
            country,
            translations,
            problem,
            solution,
            results,
            lessons,
            themes,
            links,
            license,
            period_start,
            period_end,
            source_url,
            attachments,
            adopted_from,
            region,
            mdgs,
            audience,
            publish_at
        );
        // The place is one thing: a new country replaces the region, a
        // new region the country.
        if self.country.is_some() && self.region.is_none() {
            merged.region = None;
        }
        if self.region.is_some() && self.country.is_none() {
            merged.country = None;
        }
        merged
    }
}

impl Practice {
    /// The input that would recreate this practice: the base a PATCH is
    /// merged over.
    pub fn to_input(&self) -> PracticeInput {
        let d = &self.details;
        PracticeInput {
            title: Some(self.title.clone()),
            summary: Some(self.summary.clone()),
            content: self.content_markdown.clone(),
            language: self.language.as_ref().map(|l| l.to_string()),
            kind: self.kind.map(|k| k.to_string()),
            sdgs: Some(self.sdgs.iter().map(|s| i64::from(s.number())).collect()),
            country: self.country.as_ref().map(|c| c.to_string()),
            translations: Some(
                self.translations
                    .iter()
                    .map(|(l, t)| {
                        (
                            l.to_string(),
                            TranslationInput {
                                title: Some(t.title.clone()),
                                summary: Some(t.summary.clone()),
                                content: t.content_markdown.clone(),
                                status: Some(t.status.to_string()),
                                engine: t.engine.clone(),
                                translator: t.translator.clone(),
                            },
                        )
                    })
                    .collect(),
            ),
            problem: d.problem.clone(),
            solution: d.solution.clone(),
            results: d.results.clone(),
            lessons: d.lessons.clone(),
            themes: Some(d.themes.iter().map(|t| t.to_string()).collect()),
            links: Some(d.links.iter().map(|l| l.to_string()).collect()),
            license: d.license.clone(),
            period_start: d.period_start.map(|p| p.to_string()),
            period_end: d.period_end.map(|p| p.to_string()),
            source_url: d.source_url.as_ref().map(|u| u.to_string()),
            attachments: Some(d.attachments.clone()),
            adopted_from: Some(d.adopted_from.iter().map(|u| u.to_string()).collect()),
            region: d.region.as_ref().map(|r| r.code.clone()),
            mdgs: Some(d.mdgs.iter().map(|m| i64::from(m.number())).collect()),
            audience: Some(d.audience.to_input()),
            publish_at: d.publish_at.map(Timestamp::to_rfc3339),
        }
    }

    /// Whether public surfaces (pages, feeds, search, harvesters, the
    /// outbox) may show it: public, not embargoed, not deleted.
    pub fn is_listed(&self) -> bool {
        self.is_public() && !self.is_deleted()
    }

    /// Addressed to the public and not embargoed (deleted or not): what a
    /// stranger may know exists.
    pub fn is_public(&self) -> bool {
        self.details.audience.is_public() && !self.embargoed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adopted_from_takes_a_few_http_urls_and_drops_repeats() {
        let mut input = valid();
        input.adopted_from = Some(vec![
            "https://tokyo.example/p/1".into(),
            " https://tokyo.example/p/1 ".into(),
            "http://a.example/2".into(),
        ]);
        let got = input.parse().expect("valid").details.adopted_from;
        assert_eq!(
            got.iter().map(Url::as_str).collect::<Vec<_>>(),
            ["https://tokyo.example/p/1", "http://a.example/2"]
        );
        for bad in [vec!["javascript:alert(1)".to_owned()], (0..11).map(|i| format!("https://x.example/{i}")).collect()]
        {
            input.adopted_from = Some(bad);
            let Err(CoreError::Invalid(fields)) = input.parse() else { panic!("refused") };
            assert!(fields.iter().any(|f| f.field == "adopted_from"), "{fields:?}");
        }
    }

    #[test]
    fn audience_and_publish_at_are_read_from_the_api_shape_and_bad_ones_named() {
        let input: PracticeInput =
            serde_json::from_str(r#"{"audience": "followers", "publish_at": "2030-01-31T09:00:00Z"}"#).expect("json");
        let mut full = input.merged_over(&valid());
        let details = full.parse().expect("valid").details;
        assert_eq!(details.audience, PracticeAudience::Followers);
        assert_eq!(details.publish_at.map(Timestamp::to_rfc3339).as_deref(), Some("2030-01-31T09:00:00Z"));
        full.audience = Some(AudienceInput::Actors(vec!["https://hub.example/actors/assoc".into()]));
        let named = full.parse().expect("valid").details.audience;
        assert_eq!(named, PracticeAudience::Named(vec![Url::parse("https://hub.example/actors/assoc").expect("url")]));
        for (audience, publish_at) in [
            (AudienceInput::Word("everyone".into()), "2030-01-31T09:00:00Z"),
            (AudienceInput::Actors(vec![]), "2030-01-31T09:00:00Z"),
            (AudienceInput::Word("public".into()), "tomorrow"),
        ] {
            full.audience = Some(audience);
            full.publish_at = Some(publish_at.into());
            let Err(CoreError::Invalid(fields)) = full.parse() else { panic!("refused") };
            assert!(fields.iter().any(|f| f.field == "audience" || f.field == "publish_at"), "{fields:?}");
        }
    }

    fn valid() -> PracticeInput {
        PracticeInput {
            title: Some("Bus rapid transit in Seoul".into()),
            summary: Some("How Seoul reorganised its buses.".into()),
            content: Some("We **reorganised** the network.".into()),
            language: Some("en".into()),
            kind: Some("best_practice".into()),
            sdgs: Some(vec![11, 9, 11]),
            country: Some("kr".into()),
            ..Default::default()
        }
    }

    #[test]
    fn a_complete_practice_parses_with_rendered_content() {
        let p = valid().parse().expect("valid");
        assert_eq!(p.country.as_ref().map(Country::code), Some("KR"));
        assert_eq!(p.sdgs.iter().map(|s| s.number()).collect::<Vec<_>>(), [9, 11]);
        assert!(p.content_html.as_str().contains("<strong>reorganised</strong>"));
    }

    #[test]
    fn every_missing_field_is_named() {
        let err = PracticeInput::default().parse().expect_err("empty");
        let CoreError::Invalid(fields) = err else { panic!("not invalid") };
        let names: Vec<_> = fields.iter().map(|f| f.field.as_str()).collect();
        for f in ["title", "summary", "content", "language", "kind", "country", "sdgs"] {
            assert!(names.contains(&f), "{f} missing from {names:?}");
        }
    }

    #[test]
    fn a_practice_may_name_a_region_or_the_world_instead_of_a_country() {
        let mut i = valid();
        i.country = None;
        i.region = Some("001".into());
        let p = i.parse().expect("the world");
        assert_eq!((p.country, p.details.region.map(|r| r.name)), (None, Some("World".into())));
        i.region = Some("Europe".into());
        assert_eq!(i.parse().expect("a region").details.region.map(|r| r.code), Some("150".into()));
        i.region = Some("Atlantis".into());
        assert!(i.parse().is_err());
        i.region = Some("001".into());
        i.country = Some("KR".into());
        let CoreError::Invalid(fields) = i.parse().expect_err("both") else { panic!() };
        assert_eq!(fields[0].field, "region");
        // An edit that gives a country replaces the region.
        let patch = PracticeInput { country: Some("JP".into()), ..Default::default() };
        let world = PracticeInput { country: None, ..i.clone() };
        let moved = patch.merged_over(&world).parse().expect("a country now");
        assert_eq!((moved.country.map(|c| c.to_string()), moved.details.region), (Some("JP".into()), None));
    }

    #[test]
    fn mdgs_are_a_second_goal_taxonomy() {
        let mut i = valid();
        i.mdgs = Some(vec![7, 1, 7]);
        assert_eq!(i.parse().expect("valid").details.mdgs.iter().map(|m| m.number()).collect::<Vec<_>>(), [1, 7]);
        i.sdgs = None;
        assert!(i.parse().expect("MDGs alone are goals enough").sdgs.is_empty());
        i.mdgs = Some(vec![9]);
        let CoreError::Invalid(fields) = i.parse().expect_err("no MDG 9") else { panic!() };
        assert!(fields.iter().any(|f| f.field == "mdgs"), "{fields:?}");
    }

    #[test]
    fn out_of_range_values_are_refused() {
        let mut i = valid();
        i.sdgs = Some(vec![18]);
        i.title = Some("ab".into());
        i.language = Some("english!".into());
        i.kind = Some("blog".into());
        let CoreError::Invalid(fields) = i.parse().expect_err("invalid") else { panic!() };
        assert_eq!(fields.len(), 4, "{fields:?}");
    }

    #[test]
    fn language_tags_are_canonicalised() {
        assert_eq!(LanguageTag::parse("pt-br").expect("ok").as_str(), "pt-BR");
        assert_eq!(LanguageTag::parse("zh_hant_tw").expect("ok").as_str(), "zh-Hant-TW");
        assert_eq!(LanguageTag::parse("es-419").expect("ok").as_str(), "es-419");
        assert!(LanguageTag::parse("e").is_err());
        assert!(LanguageTag::parse("en--US").is_err());
    }

    #[test]
    fn translations_need_a_title_and_summary_in_another_language() {
        let mut i = valid();
        i.translations = Some(BTreeMap::from([
            (
                "ko".into(),
                TranslationInput {
                    title: Some("서울 간선급행버스".into()),
                    summary: Some("요약".into()),
                    content: None,
                    ..TranslationInput::default()
                },
            ),
            ("en".into(), TranslationInput::default()),
        ]));
        let CoreError::Invalid(fields) = i.parse().expect_err("en repeats main") else { panic!() };
        assert_eq!(fields[0].field, "translations.en");
        i.translations.as_mut().expect("set").remove("en");
        assert_eq!(i.parse().expect("valid").translations.len(), 1);
    }

    #[test]
    fn a_patch_keeps_fields_it_does_not_name() {
        let base = valid();
        let patch = PracticeInput { title: Some("New title here".into()), ..Default::default() };
        let merged = patch.merged_over(&base);
        assert_eq!(merged.title.as_deref(), Some("New title here"));
        assert_eq!(merged.summary, base.summary);
    }

    #[test]
    fn period_end_before_start_is_refused() {
        let mut i = valid();
        i.period_start = Some("2024-05-01".into());
        i.period_end = Some("2023-01-01".into());
        assert!(i.parse().is_err());
    }
}
