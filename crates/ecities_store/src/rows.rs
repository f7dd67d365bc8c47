//! Row ↔ domain conversions. Rows are read by column name so the same code
//! serves both backends.

use std::collections::BTreeMap;
use std::str::FromStr;

use chrono::NaiveDate;
use ecities_core::CoreError;
use ecities_core::actor::{Actor, ActorEndpoints, ActorId, ActorKind};
use ecities_core::content::SafeHtml;
use ecities_core::follow::{Follow, FollowId, FollowState};
use ecities_core::media::{Attachment, ContentHash, MediaType};
use ecities_core::practice::{
    LanguageTag, Practice, PracticeAudience, PracticeDetails, PracticeId, PracticeKind, Translation,
};
use ecities_core::taxonomy::{Country, Mdg, Region, Sdg, Theme};
use ecities_core::time::Timestamp;
use ecities_core::translation::TranslationStatus;
use serde::{Deserialize, Serialize};
use sqlx::Row;
use sqlx::any::AnyRow;
use url::Url;

use crate::map_err;

pub(crate) type R<T> = Result<T, CoreError>;

fn corrupt(what: &str, value: &str) -> CoreError {
    CoreError::Storage(format!("stored {what} '{value}' cannot be read"))
}

pub(crate) fn get_i64(row: &AnyRow, col: &str) -> R<i64> {
    row.try_get::<i64, _>(col).map_err(map_err)
}

pub(crate) fn get_opt_i64(row: &AnyRow, col: &str) -> R<Option<i64>> {
    row.try_get::<Option<i64>, _>(col).map_err(map_err)
}

pub(crate) fn get_str(row: &AnyRow, col: &str) -> R<String> {
    row.try_get::<String, _>(col).map_err(map_err)
}

pub(crate) fn get_opt_str(row: &AnyRow, col: &str) -> R<Option<String>> {
    row.try_get::<Option<String>, _>(col).map_err(map_err)
}

pub(crate) fn parse_url(value: &str) -> R<Url> {
    Url::parse(value).map_err(|_| corrupt("URL", value))
}

pub(crate) fn get_url(row: &AnyRow, col: &str) -> R<Url> {
    parse_url(&get_str(row, col)?)
}

pub(crate) fn get_opt_url(row: &AnyRow, col: &str) -> R<Option<Url>> {
    get_opt_str(row, col)?.as_deref().map(parse_url).transpose()
}

pub(crate) fn get_ts(row: &AnyRow, col: &str) -> R<Timestamp> {
    get_i64(row, col).map(Timestamp)
}

pub(crate) fn get_opt_ts(row: &AnyRow, col: &str) -> R<Option<Timestamp>> {
    Ok(get_opt_i64(row, col)?.map(Timestamp))
}

/// `host[:port]` of a URL: how deliveries are grouped per remote server.
pub(crate) fn host_of(url: &Url) -> String {
    match (url.host_str(), url.port()) {
        (Some(h), Some(p)) => format!("{h}:{p}"),
        (Some(h), None) => h.to_owned(),
        _ => String::new(),
    }
}

pub(crate) const ACTOR_COLUMNS: &str = "a.id, a.url, a.name, a.host, a.kind, a.local, a.display_name, a.summary, a.country, \
     a.profile_url, a.icon_url, a.portal_url, a.portal_checked_at, a.portal_verified_at, a.inbox, a.shared_inbox, a.outbox, a.followers_url, a.following_url, \
     a.public_key_pem, a.moderation, a.follow_approval, a.created_at, a.updated_at, a.last_refreshed_at";

pub(crate) fn actor_from_row(row: &AnyRow) -> R<Actor> {
    let kind = get_str(row, "kind")?;
    let country = get_opt_str(row, "country")?;
    Ok(Actor {
        id: ActorId(get_i64(row, "id")?),
        url: get_url(row, "url")?,
        name: get_str(row, "name")?,
        host: get_str(row, "host")?,
        kind: ActorKind::from_str(&kind).map_err(|_| corrupt("actor kind", &kind))?,
        local: get_i64(row, "local")? != 0,
        display_name: get_opt_str(row, "display_name")?,
        summary: get_opt_str(row, "summary")?,
        country: country
            .as_deref()
            .map(Country::parse)
            .transpose()
            .map_err(|_| corrupt("country", country.as_deref().unwrap_or("")))?,
        profile_url: get_opt_url(row, "profile_url")?,
        icon_url: get_opt_url(row, "icon_url")?,
        portal_url: get_opt_url(row, "portal_url")?,
        portal_checked_at: get_opt_ts(row, "portal_checked_at")?,
        portal_verified_at: get_opt_ts(row, "portal_verified_at")?,
        endpoints: ActorEndpoints {
            inbox: get_url(row, "inbox")?,
            shared_inbox: get_opt_url(row, "shared_inbox")?,
            outbox: get_opt_url(row, "outbox")?,
            followers: get_opt_url(row, "followers_url")?,
            following: get_opt_url(row, "following_url")?,
        },
        public_key_pem: get_str(row, "public_key_pem")?,
        moderation: match get_opt_str(row, "moderation")?.as_deref() {
            Some(m) => m.parse().map_err(|_| corrupt("moderation policy", m))?,
            None => Default::default(),
        },
        follow_approval: match get_opt_str(row, "follow_approval")?.as_deref() {
            Some(m) => m.parse().map_err(|_| corrupt("follow approval", m))?,
            None => Default::default(),
        },
        created_at: get_ts(row, "created_at")?,
        updated_at: get_ts(row, "updated_at")?,
        last_refreshed_at: get_ts(row, "last_refreshed_at")?,
    })
}

pub(crate) const FOLLOW_COLUMNS: &str = "f.id AS follow_id, f.follower_id, f.target_id, f.state, f.activity_id, f.relay, f.created_at AS follow_created_at, f.updated_at AS follow_updated_at";

pub(crate) fn follow_from_row(row: &AnyRow) -> R<Follow> {
    let state = get_str(row, "state")?;
    Ok(Follow {
        id: FollowId(get_i64(row, "follow_id")?),
        follower: ActorId(get_i64(row, "follower_id")?),
        target: ActorId(get_i64(row, "target_id")?),
        state: FollowState::from_str(&state).map_err(|_| corrupt("follow state", &state))?,
        activity_id: get_opt_url(row, "activity_id")?,
        relay: get_i64(row, "relay")? != 0,
        created_at: get_ts(row, "follow_created_at")?,
        updated_at: get_ts(row, "follow_updated_at")?,
    })
}

// ------------------------------------------------------------ practices

/// `[3, 11]` → `,3,11,` so one goal matches `LIKE '%,11,%'`.
pub(crate) fn sdgs_to_column(sdgs: &[Sdg]) -> String {
    let mut s = String::from(",");
    for g in sdgs {
        s.push_str(&g.number().to_string());
        s.push(',');
    }
    s
}

fn sdgs_from_column(value: &str) -> R<Vec<Sdg>> {
    value
        .split(',')
        .filter(|p| !p.is_empty())
        .map(|p| p.parse::<i64>().ok().and_then(|n| Sdg::new(n).ok()).ok_or_else(|| corrupt("SDG list", value)))
        .collect()
}

#[derive(Serialize, Deserialize)]
struct TranslationJson {
    title: String,
    summary: String,
    #[serde(default)]
    content_markdown: Option<String>,
    content_html: String,
    /// Absent for a human translation (so rows written before the
    /// translation workflow read the same, and compare equal).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    status: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    engine: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    translator: Option<String>,
}

pub(crate) fn translations_to_column(t: &BTreeMap<LanguageTag, Translation>) -> String {
    let map: BTreeMap<&str, TranslationJson> = t
        .iter()
        .map(|(lang, t)| {
            (
                lang.as_str(),
                TranslationJson {
                    title: t.title.clone(),
                    summary: t.summary.clone(),
                    content_markdown: t.content_markdown.clone(),
                    content_html: t.content_html.as_str().to_owned(),
                    status: (t.status != TranslationStatus::Human).then(|| t.status.to_string()),
                    engine: t.engine.clone(),
                    translator: t.translator.clone(),
                },
            )
        })
        .collect();
    serde_json::to_string(&map).unwrap_or_else(|_| "{}".into())
}

fn translations_from_column(value: &str) -> R<BTreeMap<LanguageTag, Translation>> {
    let map: BTreeMap<String, TranslationJson> =
        serde_json::from_str(value).map_err(|_| corrupt("translations", value))?;
    map.into_iter()
        .map(|(lang, t)| {
            let tag = LanguageTag::parse(&lang).map_err(|_| corrupt("language", &lang))?;
            Ok((
                tag,
                Translation {
                    title: t.title,
                    summary: t.summary,
                    content_markdown: t.content_markdown,
                    content_html: SafeHtml::from_trusted_storage(t.content_html),
                    status: t.status.as_deref().and_then(|s| s.parse().ok()).unwrap_or_default(),
                    engine: t.engine,
                    translator: t.translator,
                },
            ))
        })
        .collect()
}

#[derive(Serialize, Deserialize, Default)]
struct DetailsJson {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    problem: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    solution: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    results: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    lessons: Option<String>,
    #[serde(default)]
    themes: Vec<String>,
    #[serde(default)]
    links: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    license: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    period_start: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    period_end: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    source_url: Option<String>,
    /// Absent when empty, so practices without it keep the JSON they had
    /// (versions compare it as text).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    adopted_from: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    attachments: Vec<AttachmentJson>,
    /// UN M49 code of the place of a practice without a country (`001`:
    /// the world); absent otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    region: Option<String>,
    /// Millennium Development Goals; absent when none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    mdgs: Vec<u8>,
    /// `"followers"` or a list of actor URLs; absent when public, so
    /// public practices keep the JSON they had.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    audience: Option<serde_json::Value>,
    /// Epoch milliseconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    publish_at: Option<i64>,
}

/// An attachment in the `details` column. The checksum is written in hex,
/// so `PracticeStore::file_in_use` finds it with `LIKE`.
#[derive(Serialize, Deserialize)]
struct AttachmentJson {
    media_type: String,
    size: u64,
    sha256: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    alt: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    caption: Option<String>,
    url: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    width: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    height: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    preview: Option<String>,
    #[serde(default)]
    verified: bool,
}

impl AttachmentJson {
    fn from_attachment(a: &Attachment) -> Self {
        Self {
            media_type: a.media_type.as_str().to_owned(),
            size: a.size,
            sha256: a.sha256.hex(),
            alt: a.alt.clone(),
            caption: a.caption.clone(),
            url: a.url.to_string(),
            width: a.width,
            height: a.height,
            preview: a.preview.map(|p| p.hex()),
            verified: a.verified,
        }
    }

    fn into_attachment(self) -> R<Attachment> {
        let hash = |h: &str| ContentHash::parse_hex(h).ok_or_else(|| corrupt("sha256", h));
        Ok(Attachment {
            media_type: MediaType::parse(&self.media_type).ok_or_else(|| corrupt("media_type", &self.media_type))?,
            size: self.size,
            sha256: hash(&self.sha256)?,
            alt: self.alt,
            caption: self.caption,
            url: parse_url(&self.url)?,
            width: self.width,
            height: self.height,
            preview: self.preview.as_deref().map(hash).transpose()?,
            verified: self.verified,
        })
    }
}

pub(crate) fn details_to_column(d: &PracticeDetails) -> String {
    let json = DetailsJson {
        problem: d.problem.clone(),
        solution: d.solution.clone(),
        results: d.results.clone(),
        lessons: d.lessons.clone(),
        themes: d.themes.iter().map(|t| t.slug().to_owned()).collect(),
        links: d.links.iter().map(|l| l.to_string()).collect(),
        license: d.license.clone(),
        period_start: d.period_start.map(|p| p.to_string()),
        period_end: d.period_end.map(|p| p.to_string()),
        source_url: d.source_url.as_ref().map(|u| u.to_string()),
        attachments: d.attachments.iter().map(AttachmentJson::from_attachment).collect(),
        adopted_from: d.adopted_from.iter().map(|u| u.to_string()).collect(),
        region: d.region.as_ref().map(|r| r.code.clone()),
        mdgs: d.mdgs.iter().map(|m| m.number()).collect(),
        audience: match &d.audience {
            PracticeAudience::Public => None,
            PracticeAudience::Followers => Some(serde_json::json!("followers")),
            PracticeAudience::Named(list) => Some(serde_json::json!(list.iter().map(Url::as_str).collect::<Vec<_>>())),
        },
        publish_at: d.publish_at.map(|t| t.0),
    };
    serde_json::to_string(&json).unwrap_or_else(|_| "{}".into())
}

fn details_from_column(value: &str) -> R<PracticeDetails> {
    let j: DetailsJson = serde_json::from_str(value).map_err(|_| corrupt("details", value))?;
    let date = |d: Option<String>| -> R<Option<NaiveDate>> {
        d.map(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d").map_err(|_| corrupt("date", &s))).transpose()
    };
    Ok(PracticeDetails {
        problem: j.problem,
        solution: j.solution,
        results: j.results,
        lessons: j.lessons,
        themes: j.themes.iter().map(|t| Theme::parse(t).map_err(|_| corrupt("theme", t))).collect::<R<_>>()?,
        links: j.links.iter().map(|l| parse_url(l)).collect::<R<_>>()?,
        license: j.license,
        period_start: date(j.period_start)?,
        period_end: date(j.period_end)?,
        source_url: j.source_url.as_deref().map(parse_url).transpose()?,
        attachments: j.attachments.into_iter().map(AttachmentJson::into_attachment).collect::<R<_>>()?,
        adopted_from: j.adopted_from.iter().map(|u| parse_url(u)).collect::<R<_>>()?,
        region: j.region.as_deref().map(|r| Region::lookup(r).map_err(|_| corrupt("region", r))).transpose()?,
        mdgs: j
            .mdgs
            .iter()
            .map(|m| Mdg::new(i64::from(*m)).map_err(|_| corrupt("mdg", &m.to_string())))
            .collect::<R<_>>()?,
        audience: match j.audience {
            None => PracticeAudience::Public,
            Some(serde_json::Value::Array(list)) => PracticeAudience::Named(
                list.iter().filter_map(serde_json::Value::as_str).map(parse_url).collect::<R<_>>()?,
            ),
            Some(_) => PracticeAudience::Followers,
        },
        publish_at: j.publish_at.map(Timestamp),
    })
}

pub(crate) const PRACTICE_COLUMNS: &str = "p.id, p.key, p.ap_id, p.url, p.author_id, p.local, p.title, p.summary, \
     p.content_markdown, p.content_html, p.language, p.kind, p.sdgs, p.country, p.translations, p.details, \
     p.published_at, p.updated_at, p.deleted_at, p.embargo_until";

pub(crate) fn practice_from_row(row: &AnyRow) -> R<Practice> {
    let language = get_opt_str(row, "language")?;
    let kind = get_opt_str(row, "kind")?;
    let country = get_opt_str(row, "country")?;
    Ok(Practice {
        id: PracticeId(get_i64(row, "id")?),
        key: get_str(row, "key")?,
        ap_id: get_url(row, "ap_id")?,
        url: get_url(row, "url")?,
        author: ActorId(get_i64(row, "author_id")?),
        local: get_i64(row, "local")? != 0,
        title: get_str(row, "title")?,
        summary: get_str(row, "summary")?,
        content_markdown: get_opt_str(row, "content_markdown")?,
        content_html: SafeHtml::from_trusted_storage(get_str(row, "content_html")?),
        language: language.as_deref().map(|l| LanguageTag::parse(l).map_err(|_| corrupt("language", l))).transpose()?,
        kind: kind.as_deref().map(|k| PracticeKind::parse(k).map_err(|_| corrupt("kind", k))).transpose()?,
        sdgs: sdgs_from_column(&get_str(row, "sdgs")?)?,
        country: country.as_deref().map(|c| Country::parse(c).map_err(|_| corrupt("country", c))).transpose()?,
        translations: translations_from_column(&get_str(row, "translations")?)?,
        details: details_from_column(&get_str(row, "details")?)?,
        published_at: get_ts(row, "published_at")?,
        updated_at: get_opt_ts(row, "updated_at")?,
        deleted_at: get_opt_ts(row, "deleted_at")?,
        embargoed: get_opt_i64(row, "embargo_until")?.is_some(),
    })
}
