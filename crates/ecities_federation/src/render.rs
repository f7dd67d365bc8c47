//! What we publish: actor documents, practices as `Article`s, and the
//! activities our use cases ask for (the `Outbox` port).

use ecities_core::CoreError;
use ecities_core::actor::{Actor, ActorKind};
use ecities_core::outbox::{Announced, Intent, Outbox};
use ecities_core::practice::{Practice, PracticeAudience};
use ecities_core::store::{Audience, OutgoingActivity};
use ecities_core::time::Timestamp;
use ecities_core::urls::NodeUrls;
use serde_json::{Map, Value, json};
use url::Url;

use crate::signatures::main_key_id;
use crate::wire::{PUBLIC, context};

/// The `Outbox` implementation: renders intents to ActivityStreams JSON.
#[derive(Debug, Clone)]
pub struct ApubOutbox {
    urls: NodeUrls,
    /// Milliseconds between two archive deliveries to one inbox
    /// ([`Audience::Archive`]).
    archive_pace_ms: i64,
}

/// Default pace of archive deliveries to one inbox: one item every two
/// seconds, so a 10,000-item archive takes about five and a half hours to
/// reach an association (far below any inbox rate limit, and the node's
/// other deliveries to that inbox are not held up behind a burst).
pub const DEFAULT_ARCHIVE_PACE: std::time::Duration = std::time::Duration::from_secs(2);

impl ApubOutbox {
    pub fn new(urls: NodeUrls) -> Self {
        Self { urls, archive_pace_ms: i64::try_from(DEFAULT_ARCHIVE_PACE.as_millis()).unwrap_or(i64::MAX) }
    }

    /// Sets the pace of archive deliveries to one inbox
    /// (`federation.archive_pace_ms`).
    pub fn with_archive_pace(mut self, pace: std::time::Duration) -> Self {
        self.archive_pace_ms = i64::try_from(pace.as_millis()).unwrap_or(i64::MAX);
        self
    }

    fn archive_audience(&self, of: &Actor) -> Vec<Audience> {
        vec![Audience::Archive { of: of.id, pace_ms: self.archive_pace_ms }]
    }

    fn activity_id(&self) -> Url {
        self.urls.activity(&self.new_key())
    }
}

fn with_context(mut v: Value) -> Value {
    if let Value::Object(map) = &mut v {
        let mut out = Map::new();
        out.insert("@context".into(), context());
        out.append(map);
        return Value::Object(out);
    }
    v
}

fn followers_of(actor: &Actor) -> Vec<Value> {
    actor.endpoints.followers.iter().map(|f| json!(f)).collect()
}

/// `to` and `cc` of a practice and of its author's activities about it: a
/// public one to `as:Public` with the followers in `cc`; a followers-only
/// one to the followers collection alone; a named audience to those
/// actors alone. Receivers keep what lacks `as:Public` off their public
/// surfaces.
fn addressing(author: &Actor, p: &Practice) -> (Value, Value) {
    match &p.details.audience {
        PracticeAudience::Public => (json!([PUBLIC]), json!(followers_of(author))),
        PracticeAudience::Followers => (json!(followers_of(author)), json!([])),
        PracticeAudience::Named(actors) => (json!(actors), json!([])),
    }
}

impl Outbox for ApubOutbox {
    fn new_key(&self) -> String {
        uuid::Uuid::new_v4().simple().to_string()
    }

    fn render(&self, intent: Intent<'_>) -> Result<OutgoingActivity, CoreError> {
        let (ap_id, actor, kind, body, audience) = match intent {
            Intent::PracticePublished { author, practice } | Intent::PracticeEdited { author, practice } => {
                let kind = if matches!(intent, Intent::PracticePublished { .. }) { "Create" } else { "Update" };
                let id = self.activity_id();
                let at = practice.updated_at.filter(|_| kind == "Update").unwrap_or(practice.published_at);
                let (to, cc) = addressing(author, practice);
                let body = json!({
                    "id": id, "type": kind, "actor": author.url,
                    "published": at.to_rfc3339(),
                    "to": to, "cc": cc,
                    "object": article(&self.urls, author, practice),
                });
                (id, author, kind, body, vec![Audience::FollowersOf(author.id)])
            }
            Intent::PracticeArchived { author, practice } => {
                let id = self.activity_id();
                // Addressed as the practice is (public); delivered only to
                // the author's associations and knowledge spaces, paced.
                let body = json!({
                    "id": id, "type": "Create", "actor": author.url,
                    "published": practice.published_at.to_rfc3339(),
                    "to": [PUBLIC], "cc": followers_of(author),
                    "archive": true,
                    "object": article(&self.urls, author, practice),
                });
                (id, author, "Create", body, self.archive_audience(author))
            }
            Intent::TranslationRequested { requester, author, practice, language } => {
                let id = self.activity_id();
                let body = json!({
                    "id": id, "type": "TranslationRequest", "actor": requester.url,
                    "to": [author.url],
                    "object": practice.ap_id,
                    "targetLanguage": language.as_str(),
                    "published": Timestamp::now().to_rfc3339(),
                });
                (
                    id,
                    requester,
                    "TranslationRequest",
                    body,
                    vec![Audience::Inboxes(vec![author.delivery_inbox().clone()])],
                )
            }
            Intent::PracticeRetracted { author, practice } => {
                let id = self.activity_id();
                let (to, cc) = addressing(author, practice);
                let body = json!({
                    "id": id, "type": "Delete", "actor": author.url,
                    "to": to, "cc": cc,
                    "object": tombstone(practice),
                });
                (id, author, "Delete", body, vec![Audience::FollowersOf(author.id)])
            }
            Intent::ActorDeleted { actor } => {
                let id = self.activity_id();
                let body = json!({
                    "id": id, "type": "Delete", "actor": actor.url,
                    "to": [PUBLIC], "cc": followers_of(actor),
                    "object": actor.url,
                });
                (id, actor, "Delete", body, vec![Audience::FollowersOf(actor.id)])
            }
            Intent::Follow { follower, target, activity_id, relay } => {
                let mut body = follow_json(activity_id, follower, target);
                if relay {
                    body["object"] = json!(PUBLIC);
                }
                (
                    activity_id.clone(),
                    follower,
                    "Follow",
                    body,
                    vec![Audience::Inboxes(vec![target.endpoints.inbox.clone()])],
                )
            }
            Intent::Unfollow { follower, target, follow_activity_id } => {
                let id = self.activity_id();
                let body = json!({
                    "id": id, "type": "Undo", "actor": follower.url,
                    "object": follow_json(follow_activity_id, follower, target),
                });
                (id, follower, "Undo", body, vec![Audience::Inboxes(vec![target.endpoints.inbox.clone()])])
            }
            Intent::AcceptFollow { target, follower, follow_activity_id }
            | Intent::RejectFollow { target, follower, follow_activity_id } => {
                let kind = if matches!(intent, Intent::AcceptFollow { .. }) { "Accept" } else { "Reject" };
                let id = self.activity_id();
                let body = json!({
                    "id": id, "type": kind, "actor": target.url,
                    "object": follow_json(follow_activity_id, follower, target),
                });
                (id, target, kind, body, vec![Audience::Inboxes(vec![follower.endpoints.inbox.clone()])])
            }
            Intent::Announce { announcer, author, practice, of, approved } => {
                let id = self.activity_id();
                // Mastodon boosts an Announce of an object URL; edits and
                // deletions are announced as the author's activity, which
                // receivers check against the origin (never trusted as is).
                let object = match of {
                    Announced::Object | Announced::Archive => json!(practice.ap_id),
                    Announced::Update => json!({ "type": "Update", "actor": author.url, "object": practice.ap_id }),
                    Announced::Delete => json!({ "type": "Delete", "actor": author.url, "object": practice.ap_id }),
                };
                let mut cc = followers_of(announcer);
                cc.push(json!(author.url));
                let mut body = json!({
                    "id": id, "type": "Announce", "actor": announcer.url,
                    "published": Timestamp::now().to_rfc3339(),
                    "to": [PUBLIC], "cc": cc,
                    "object": object,
                });
                let mut audience = vec![Audience::FollowersOf(announcer.id)];
                if of == Announced::Archive {
                    body["archive"] = json!(true);
                    audience = self.archive_audience(announcer);
                }
                if approved {
                    body["moderated"] = json!(true);
                    // A typed endorsement, so an ecities node tells it from
                    // an ordinary boost: an association's approval or a
                    // knowledge space's featuring (docs/FEDERATION.md).
                    if let Some(kind) = endorsement(announcer) {
                        body["endorsement"] = json!(kind);
                        // It reaches the city too, wherever it is hosted
                        // (its node records the decision and the chain).
                        if !author.local {
                            audience.push(Audience::Inboxes(vec![author.delivery_inbox().clone()]));
                        }
                    }
                }
                (id, announcer, "Announce", body, audience)
            }
            Intent::UndoAnnounce { announcer, author, practice, announce_id } => {
                let id = self.activity_id();
                let mut cc = followers_of(announcer);
                cc.push(json!(author.url));
                let body = json!({
                    "id": id, "type": "Undo", "actor": announcer.url,
                    "to": [PUBLIC], "cc": cc,
                    "object": { "id": announce_id, "type": "Announce", "actor": announcer.url, "object": practice.ap_id },
                });
                let mut audience = vec![Audience::FollowersOf(announcer.id)];
                // A featuring taken back is taken back at the origin too.
                if endorsement(announcer).is_some() && !author.local {
                    audience.push(Audience::Inboxes(vec![author.delivery_inbox().clone()]));
                }
                (id, announcer, "Undo", body, audience)
            }
            Intent::RejectSubmission { association, author, practice, reason } => {
                let id = self.activity_id();
                // The reason as AS2 wants it (`content` is HTML: escaped
                // text) and as plain text in `summary`.
                let mut body = json!({
                    "id": id, "type": "Reject", "actor": association.url,
                    "to": [author.url],
                    "object": practice.ap_id,
                });
                if let Some(r) = reason {
                    body["summary"] = json!(r);
                    body["content"] = json!(format!("<p>{}</p>", ecities_core::content::escape_html(r)));
                }
                (id, association, "Reject", body, vec![Audience::Inboxes(vec![author.endpoints.inbox.clone()])])
            }
            Intent::ReplyPublished { author, practice, reply, asker } => {
                let id = self.activity_id();
                let note = crate::replies::note(
                    &crate::replies::NoteParts {
                        id: &reply.ap_id,
                        author: &author.url,
                        in_reply_to: &reply.in_reply_to,
                        context: &practice.ap_id,
                        content: &reply.content_html,
                        published: reply.published_at,
                    },
                    asker,
                    followers_of(author),
                );
                let mut cc = followers_of(author);
                let mut audience = vec![Audience::FollowersOf(author.id)];
                if let Some(asker) = asker {
                    cc.push(json!(asker.url));
                    if !asker.local {
                        audience.push(Audience::Inboxes(vec![asker.delivery_inbox().clone()]));
                    }
                }
                let body = json!({
                    "id": id, "type": "Create", "actor": author.url,
                    "published": reply.published_at.to_rfc3339(),
                    "to": [PUBLIC], "cc": cc,
                    "object": note,
                });
                (id, author, "Create", body, audience)
            }
            Intent::ReplyForwarded { author, reply, in_reply_to, asker } => {
                let id = self.activity_id();
                // The Note is named, not vouched for: receivers fetch it
                // from its own server (FEP-fe34). `inReplyTo` tells ecities
                // nodes it belongs to a conversation, before any fetch.
                let mut cc = followers_of(author);
                cc.push(json!(asker.url));
                let body = json!({
                    "id": id, "type": "Announce", "actor": author.url,
                    "published": Timestamp::now().to_rfc3339(),
                    "to": [PUBLIC], "cc": cc,
                    "object": { "id": reply, "type": "Note", "attributedTo": asker.url, "inReplyTo": in_reply_to },
                });
                (id, author, "Announce", body, vec![Audience::FollowersOf(author.id)])
            }
            Intent::ReplyWithdrawn { author, reply } => {
                let id = self.activity_id();
                // The Announce is named by what it relayed: receivers hold
                // the reply, not the id of every Announce of it.
                let body = json!({
                    "id": id, "type": "Undo", "actor": author.url,
                    "to": [PUBLIC], "cc": followers_of(author),
                    "object": { "type": "Announce", "actor": author.url, "object": reply },
                });
                (id, author, "Undo", body, vec![Audience::FollowersOf(author.id)])
            }
            Intent::ReplyDeleted { author, reply, asker } => {
                let id = self.activity_id();
                let mut cc = followers_of(author);
                let mut audience = vec![Audience::FollowersOf(author.id)];
                if let Some(asker) = asker {
                    cc.push(json!(asker.url));
                    if !asker.local {
                        audience.push(Audience::Inboxes(vec![asker.delivery_inbox().clone()]));
                    }
                }
                let body = json!({
                    "id": id, "type": "Delete", "actor": author.url,
                    "to": [PUBLIC], "cc": cc,
                    "object": { "id": reply, "type": "Tombstone", "formerType": "Note" },
                });
                (id, author, "Delete", body, audience)
            }
        };
        Ok(OutgoingActivity {
            ap_id,
            actor: actor.id,
            kind: kind.to_owned(),
            body: with_context(body).to_string(),
            audience,
        })
    }
}

fn follow_json(id: &Url, follower: &Actor, target: &Actor) -> Value {
    json!({ "id": id, "type": "Follow", "actor": follower.url, "object": target.url })
}

/// A `Tombstone` for a deleted practice (what its URL answers with 410).
pub fn tombstone(practice: &Practice) -> Value {
    let mut t = json!({ "id": practice.ap_id, "type": "Tombstone", "formerType": "Article" });
    if let Some(at) = practice.deleted_at {
        t["deleted"] = json!(at.to_rfc3339());
    }
    t
}

/// What a deleted local actor's URL answers (with 410 Gone).
pub fn actor_tombstone(actor: &Actor) -> Value {
    with_context(json!({ "id": actor.url, "type": "Tombstone", "formerType": actor.kind.as_type() }))
}

pub fn tombstone_document(practice: &Practice) -> Value {
    with_context(tombstone(practice))
}

/// Hashtag name without spaces or dashes: `e-government` → `EGovernment`.
fn hashtag_name(text: &str) -> String {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            c.next().map(|f| f.to_uppercase().chain(c).collect::<String>()).unwrap_or_default()
        })
        .collect()
}

fn hashtag(urls: &NodeUrls, name: &str, query: &str) -> Value {
    let mut href = urls.base().clone();
    href.set_path("/search");
    href.set_query(Some(query));
    json!({ "type": "Hashtag", "href": href, "name": format!("#{name}") })
}

/// A practice as an `Article`. `name`, `summary`, `content` and `url` are
/// always present (Mastodon shows `name` + `summary` + a link); the taxonomy
/// goes out twice, as hashtags and as typed extension fields, and so do the
/// structured sections: appended to `content` (see [`crate::sections`]) and
/// as typed fields.
pub fn article(urls: &NodeUrls, author: &Actor, p: &Practice) -> Value {
    let mut tags = Vec::new();
    for sdg in &p.sdgs {
        tags.push(hashtag(urls, &sdg.hashtag(), &format!("sdg={}", sdg.number())));
    }
    for mdg in &p.details.mdgs {
        tags.push(hashtag(urls, &format!("MDG{}", mdg.number()), &format!("mdg={}", mdg.number())));
    }
    if let Some(c) = &p.country {
        tags.push(hashtag(urls, c.code(), &format!("country={}", c.code())));
    }
    for t in &p.details.themes {
        tags.push(hashtag(urls, &hashtag_name(t.slug()), &format!("theme={}", t.slug())));
    }
    // Readers that know nothing of our extension see the sections in
    // `content`; the typed fields below are what ecities nodes read.
    let sections = crate::sections::sections_html(&p.details, p.language.as_ref());
    let content = |html: &str| crate::sections::with_sections(html, sections.as_deref());
    let (to, cc) = addressing(author, p);
    let mut a = json!({
        "id": p.ap_id,
        "type": "Article",
        "attributedTo": author.url,
        "name": p.title,
        "summary": p.summary,
        "content": content(p.content_html.as_str()),
        "mediaType": "text/html",
        "url": p.url,
        "published": p.published_at.to_rfc3339(),
        "to": to,
        "cc": cc,
        "tag": tags,
    });
    if let Some(u) = p.updated_at {
        a["updated"] = json!(u.to_rfc3339());
    }
    if p.local {
        // The conversation: approved replies and the author's answers.
        a["replies"] = json!(urls.practice_replies(&p.key));
    }
    if let Some(md) = &p.content_markdown {
        a["source"] = json!({ "content": md, "mediaType": "text/markdown" });
    }
    if let Some(lang) = &p.language {
        let mut content_map = Map::new();
        let mut name = Map::new();
        let mut summary = Map::new();
        content_map.insert(lang.to_string(), json!(content(p.content_html.as_str())));
        name.insert(lang.to_string(), json!(p.title));
        summary.insert(lang.to_string(), json!(p.summary));
        for (l, t) in &p.translations {
            if !t.content_html.as_str().is_empty() {
                content_map.insert(l.to_string(), json!(content(t.content_html.as_str())));
            }
            name.insert(l.to_string(), json!(t.title));
            summary.insert(l.to_string(), json!(t.summary));
        }
        a["contentMap"] = Value::Object(content_map);
        a["nameMap"] = Value::Object(name);
        a["summaryMap"] = Value::Object(summary);
        // How each language was made (ecities:translationStatus): the
        // original, or a human or machine translation, by whom.
        let mut status = Map::new();
        status.insert(lang.to_string(), json!({ "status": "original" }));
        for (l, t) in &p.translations {
            let mut s = json!({ "status": t.status.as_str() });
            if let Some(engine) = &t.engine {
                s["engine"] = json!(engine);
            }
            if let Some(who) = &t.translator {
                s["translator"] = json!(who);
            }
            status.insert(l.to_string(), s);
        }
        a["translationStatus"] = Value::Object(status);
    }
    if let Some(k) = p.kind {
        a["practiceKind"] = json!(k.as_str());
    }
    if !p.sdgs.is_empty() {
        a["sdgGoals"] = json!(p.sdgs.iter().map(|s| s.number()).collect::<Vec<_>>());
    }
    if let Some(c) = &p.country {
        a["country"] = json!(c.code());
        let info = c.info();
        if let Some(r) = &info.region {
            a["unRegion"] = json!(r.code);
        }
        if let Some(r) = &info.subregion {
            a["unSubregion"] = json!(r.code);
        }
    } else if let Some(r) = &p.details.region {
        // No country: the region itself is the place (`001`, the world).
        a["unRegion"] = json!(r.code);
    }
    if !p.details.mdgs.is_empty() {
        a["mdgGoals"] = json!(p.details.mdgs.iter().map(|m| m.number()).collect::<Vec<_>>());
    }
    let d = &p.details;
    if !d.themes.is_empty() {
        a["themes"] = json!(d.themes.iter().map(|t| t.slug()).collect::<Vec<_>>());
    }
    for (key, value) in [
        ("problem", &d.problem),
        ("solution", &d.solution),
        ("results", &d.results),
        ("lessonsLearned", &d.lessons),
        ("license", &d.license),
    ] {
        if let Some(v) = value {
            a[key] = json!(v);
        }
    }
    if let Some(s) = d.period_start {
        a["periodStart"] = json!(s.to_string());
    }
    if let Some(e) = d.period_end {
        a["periodEnd"] = json!(e.to_string());
    }
    if let Some(s) = &d.source_url {
        a["sourcePortal"] = json!(s);
    }
    if !d.links.is_empty() {
        a["links"] = json!(d.links);
    }
    if !d.attachments.is_empty() {
        a["attachment"] = d.attachments.iter().map(attachment).collect();
    }
    if !d.adopted_from.is_empty() {
        a["adoptedFrom"] = json!(d.adopted_from);
    }
    a
}

/// An attachment as Mastodon shows it (`Image` with `name` as its alt
/// text, `Document` as a link) with its checksum (FEP-ef61
/// `digestMultibase`) for receivers that check it.
fn attachment(at: &ecities_core::media::Attachment) -> Value {
    let mut v = json!({
        "type": at.kind().as_type(),
        "mediaType": at.media_type.as_str(),
        "url": at.url,
        "digestMultibase": at.sha256.multibase(),
        "size": at.size,
    });
    let name = match at.kind() {
        ecities_core::media::AttachmentKind::Image => at.alt.as_ref(),
        ecities_core::media::AttachmentKind::Document => at.alt.as_ref().or(at.caption.as_ref()),
    };
    if let Some(name) = name {
        v["name"] = json!(name);
    }
    if let Some(c) = &at.caption {
        v["caption"] = json!(c);
    }
    if let (Some(w), Some(h)) = (at.width, at.height) {
        v["width"] = json!(w);
        v["height"] = json!(h);
    }
    v
}

pub fn article_document(urls: &NodeUrls, author: &Actor, p: &Practice) -> Value {
    with_context(article(urls, author, p))
}

/// The actor document of a local actor.
pub fn actor_document(actor: &Actor) -> Value {
    let mut doc = json!({
        "id": actor.url,
        "type": actor.kind.as_type(),
        "preferredUsername": actor.name,
        "name": actor.display_name.clone().unwrap_or_else(|| actor.name.clone()),
        "inbox": actor.endpoints.inbox,
        "url": actor.profile_url.as_ref().unwrap_or(&actor.url),
        "manuallyApprovesFollowers": actor.follow_approval == ecities_core::follow::FollowApproval::Manual,
        "discoverable": true,
        "published": actor.created_at.to_rfc3339(),
        "publicKey": {
            "id": main_key_id(&actor.url),
            "owner": actor.url,
            "publicKeyPem": actor.public_key_pem,
        },
    });
    if let Some(s) = &actor.summary {
        doc["summary"] = json!(s);
    }
    for (key, value) in [
        ("outbox", &actor.endpoints.outbox),
        ("followers", &actor.endpoints.followers),
        ("following", &actor.endpoints.following),
    ] {
        if let Some(v) = value {
            doc[key] = json!(v);
        }
    }
    if let Some(shared) = &actor.endpoints.shared_inbox {
        doc["endpoints"] = json!({ "sharedInbox": shared });
    }
    if let Some(icon) = &actor.icon_url {
        doc["icon"] = json!({ "type": "Image", "url": icon });
    }
    if let Some(c) = &actor.country {
        doc["country"] = json!(c.code());
    }
    if let Some(portal) = &actor.portal_url {
        doc["attachment"] = json!([portal_property(portal)]);
    }
    if actor.kind == ActorKind::Association {
        doc["members"] = json!(members_url(actor));
    }
    with_context(doc)
}

/// Where an association publishes its members: `{actor}/members`.
pub fn members_url(association: &Actor) -> Url {
    let mut url = association.url.clone();
    url.set_path(&format!("{}/members", association.url.path().trim_end_matches('/')));
    url
}

/// The relationship a members collection states, as an IRI.
pub const MEMBER_OF: &str = "https://w3id.org/ecities/ns#memberOf";

/// An association's members as a signed, public statement: an
/// `OrderedCollection` of `Relationship`s, each saying that a city
/// (`subject`) is a member of the association (`object`) since
/// `published`, the day the association admitted it (docs/FEDERATION.md,
/// "Association attestation").
pub fn members_collection(association: &Actor, members: &[ecities_core::hub::Membership]) -> Value {
    let items: Vec<Value> = members
        .iter()
        .map(|m| {
            json!({
                "type": "Relationship",
                "subject": m.member.url,
                "relationship": MEMBER_OF,
                "object": association.url,
                "published": m.since.to_rfc3339(),
            })
        })
        .collect();
    with_context(json!({
        "id": members_url(association),
        "type": "OrderedCollection",
        "attributedTo": association.url,
        "totalItems": items.len(),
        "orderedItems": items,
    }))
}

/// The endorsement an approved `Announce` carries, by who sends it: an
/// association approves, a knowledge space features.
fn endorsement(announcer: &Actor) -> Option<&'static str> {
    match announcer.kind {
        ActorKind::Association => Some("approval"),
        ActorKind::KnowledgeSpace => Some("featuring"),
        _ => None,
    }
}

/// The portal as Mastodon reads a profile field: a schema.org
/// `PropertyValue` whose `value` is a link. Mastodon (and we) mark it
/// verified when the page links back with `rel="me"`; each server checks
/// for itself, so no claim of verification travels here.
fn portal_property(portal: &Url) -> Value {
    let href = ecities_core::content::escape_html(portal.as_str());
    let shown = portal.as_str().trim_start_matches("https://").trim_start_matches("http://").trim_end_matches('/');
    json!({
        "type": "PropertyValue",
        "name": "Portal",
        "value": format!(
            "<a href=\"{href}\" rel=\"me nofollow noopener noreferrer\" target=\"_blank\">{}</a>",
            ecities_core::content::escape_html(shown)
        ),
    })
}

/// An `OrderedCollection` that points at its first page.
pub fn collection(id: &Url, total: i64, first: &Url) -> Value {
    with_context(json!({ "id": id, "type": "OrderedCollection", "totalItems": total, "first": first }))
}

/// One page of an `OrderedCollection`.
pub fn collection_page(id: &Url, part_of: &Url, items: Vec<Value>, next: Option<Url>) -> Value {
    let mut page = json!({ "id": id, "type": "OrderedCollectionPage", "partOf": part_of, "orderedItems": items });
    if let Some(n) = next {
        page["next"] = json!(n);
    }
    with_context(page)
}

/// Timestamp helper for callers that render times.
pub fn rfc3339(t: Timestamp) -> String {
    t.to_rfc3339()
}

#[cfg(test)]
mod tests {
    use super::*;

    use ecities_core::actor::{ActorEndpoints, ActorId};
    use ecities_core::content::SafeHtml;
    use ecities_core::practice::{LanguageTag, PracticeDetails, PracticeId, Translation};

    fn seoul() -> Actor {
        let url = Url::parse("https://seoul.example/actors/seoul").expect("url");
        Actor {
            id: ActorId(1),
            name: "seoul".into(),
            host: "seoul.example".into(),
            kind: ActorKind::City,
            local: true,
            display_name: None,
            summary: None,
            country: None,
            profile_url: None,
            icon_url: None,
            portal_url: None,
            portal_checked_at: None,
            portal_verified_at: None,
            endpoints: ActorEndpoints {
                inbox: url.join("seoul/inbox").expect("inbox"),
                shared_inbox: None,
                outbox: None,
                followers: Some(url.join("seoul/followers").expect("followers")),
                following: None,
            },
            url,
            public_key_pem: String::new(),
            moderation: Default::default(),
            follow_approval: Default::default(),
            created_at: Timestamp::now(),
            updated_at: Timestamp::now(),
            last_refreshed_at: Timestamp::now(),
        }
    }

    fn practice_with_sections() -> Practice {
        let ap_id = Url::parse("https://seoul.example/practices/p1").expect("url");
        let ko = LanguageTag::parse("ko").expect("tag");
        let translation = Translation {
            title: "서울 버스 개편".into(),
            summary: "간선 버스".into(),
            content_markdown: None,
            content_html: SafeHtml::sanitize("<p>중앙 버스 전용차로</p>"),
            status: ecities_core::translation::TranslationStatus::Machine,
            engine: Some("LibreTranslate".into()),
            translator: Some("Kim".into()),
        };
        Practice {
            id: PracticeId(1),
            key: "p1".into(),
            url: ap_id.clone(),
            ap_id,
            author: ActorId(1),
            local: true,
            title: "Bus reform".into(),
            summary: "Trunk lines and median lanes.".into(),
            content_markdown: Some("Median **bus lanes**.".into()),
            content_html: SafeHtml::from_markdown("Median **bus lanes**."),
            language: Some(LanguageTag::parse("fr").expect("tag")),
            kind: None,
            sdgs: Vec::new(),
            country: None,
            translations: [(ko, translation)].into_iter().collect(),
            details: PracticeDetails {
                problem: Some("Congestion & slow buses.".into()),
                results: Some("Commutes a third shorter.".into()),
                ..PracticeDetails::default()
            },
            published_at: Timestamp::now(),
            updated_at: None,
            deleted_at: None,
            embargoed: false,
        }
    }

    #[test]
    fn the_federated_content_ends_with_the_sections_in_every_language() {
        let urls = NodeUrls::new(&Url::parse("https://seoul.example/").expect("base")).expect("urls");
        let a = article(&urls, &seoul(), &practice_with_sections());
        let sections = "<!-- ecities:sections --><p><strong>Problème</strong></p><p>Congestion &amp; slow buses.</p>\
                        <p><strong>Résultats</strong></p><p>Commutes a third shorter.</p>";
        assert_eq!(a["content"], format!("<p>Median <strong>bus lanes</strong>.</p>\n{sections}"));
        assert_eq!(a["contentMap"]["fr"], a["content"]);
        assert_eq!(a["contentMap"]["ko"], format!("<p>중앙 버스 전용차로</p>{sections}"));
        // The typed fields still travel for ecities nodes; the Markdown
        // source stays the author's text alone.
        assert_eq!(a["problem"], "Congestion & slow buses.");
        assert_eq!(a["results"], "Commutes a third shorter.");
        assert_eq!(a["source"]["content"], "Median **bus lanes**.");
    }

    #[test]
    fn an_ecities_node_reading_the_article_keeps_the_sections_out_of_the_body() {
        let urls = NodeUrls::new(&Url::parse("https://seoul.example/").expect("base")).expect("urls");
        let sent = practice_with_sections();
        let a = article(&urls, &seoul(), &sent);
        let got = crate::objects::practice_from_object(&a, ActorId(7), "k".into()).expect("parses");
        assert_eq!(got.content_html, sent.content_html);
        let ko = LanguageTag::parse("ko").expect("tag");
        assert_eq!(got.translations[&ko].content_html, sent.translations[&ko].content_html);
        // How the translation was made travels with it.
        assert_eq!(a["translationStatus"]["ko"]["engine"], "LibreTranslate");
        assert_eq!(
            (
                got.translations[&ko].status,
                got.translations[&ko].engine.as_deref(),
                got.translations[&ko].translator.as_deref()
            ),
            (ecities_core::translation::TranslationStatus::Machine, Some("LibreTranslate"), Some("Kim"))
        );
        assert_eq!(got.details.problem, sent.details.problem);
        assert_eq!(got.details.results, sent.details.results);
    }

    #[test]
    fn a_post_without_typed_sections_keeps_all_of_its_content() {
        let note = json!({"id": "https://x.example/n", "type": "Note",
            "content": "<p>Intro</p><!-- ecities:sections --><p><strong>Problem</strong></p><p>Kept.</p>"});
        let got = crate::objects::practice_from_object(&note, ActorId(7), "k".into()).expect("parses");
        assert!(got.content_html.as_str().contains("Kept."), "{}", got.content_html);
    }

    #[test]
    fn hashtags_have_no_dashes() {
        assert_eq!(hashtag_name("e-government"), "EGovernment");
        assert_eq!(hashtag_name("open-government-data"), "OpenGovernmentData");
    }
}
