//! `GET /api/v1/openapi.json`: the OpenAPI 3.1 description of the REST API.
//!
//! Assembled here, next to the routes, from one table of operations; a test
//! checks that every operation it lists answers (no 404/405) on a real node,
//! so the document cannot silently drift from the router.

use axum::Router;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::{Map, Value, json};

use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new().route("/api/v1/openapi.json", get(openapi))
}

/// One operation: method, path, summary, whether it needs a token, the
/// request body schema (a `#/components/schemas` name) and query parameters.
pub struct Operation {
    pub method: &'static str,
    pub path: &'static str,
    pub summary: &'static str,
    pub auth: bool,
    pub body: Option<&'static str>,
    pub query: &'static [&'static str],
    pub ok: u16,
}

const fn op(
    method: &'static str,
    path: &'static str,
    summary: &'static str,
    auth: bool,
    body: Option<&'static str>,
    query: &'static [&'static str],
    ok: u16,
) -> Operation {
    Operation { method, path, summary, auth, body, query, ok }
}

const SEARCH: &[&str] = &[
    "q",
    "sdg",
    "mdg",
    "country",
    "region",
    "language",
    "kind",
    "theme",
    "actor",
    "association",
    "since",
    "until",
    "year",
    "period",
    "source",
    "sort",
    "limit",
    "before",
];
const PAGED: &[&str] = &["state", "limit", "before"];

/// Every REST operation of the node.
pub const OPERATIONS: &[Operation] = &[
    op("post", "/api/v1/practices", "Publish a practice (federated as Create)", true, Some("PracticeInput"), &[], 201),
    op(
        "get",
        "/api/v1/practices",
        "Search everything this node knows: by relevance when there are words, else newest first",
        false,
        None,
        SEARCH,
        200,
    ),
    op("get", "/api/v1/practices/{id}", "One practice by id, URL or local key", false, None, &[], 200),
    op(
        "patch",
        "/api/v1/practices/{id}",
        "Edit a practice (federated as Update); absent fields are kept",
        true,
        Some("PracticeInput"),
        &[],
        200,
    ),
    op(
        "delete",
        "/api/v1/practices/{id}",
        "Delete a practice (federated as Delete; its URL answers 410)",
        true,
        None,
        &[],
        204,
    ),
    op(
        "post",
        "/api/v1/practices/{id}/attachments",
        "Attach an image or a document (multipart: file, alt, caption; federated as Update); 413 past media.max_bytes, 415 for content of another type than accepted or named, 422 for an image without alt",
        true,
        Some("AttachmentUpload"),
        &[],
        201,
    ),
    op(
        "delete",
        "/api/v1/practices/{id}/attachments/{aid}",
        "Take an attachment off a practice (federated as Update); its file goes when no practice shows it",
        true,
        None,
        &[],
        204,
    ),
    op(
        "post",
        "/api/v1/follows",
        "Follow an actor (name@host or URL), or subscribe to a relay",
        true,
        Some("FollowRequest"),
        &[],
        202,
    ),
    op("get", "/api/v1/follows", "Whom the token's actor follows, with states", true, None, PAGED, 200),
    op("delete", "/api/v1/follows", "Unfollow", true, Some("FollowRequest"), &[], 204),
    op("get", "/api/v1/followers", "Who follows the token's actor, with states", true, None, PAGED, 200),
    op(
        "get",
        "/api/v1/follow-requests",
        "Follows of the token's actor waiting for approval (follow_approval manual), newest first, with their id",
        true,
        None,
        &["limit", "before"],
        200,
    ),
    op(
        "post",
        "/api/v1/follow-requests/{id}/accept",
        "Accept a follow request: the follower is told (Accept) and receives what the actor publishes",
        true,
        None,
        &[],
        200,
    ),
    op(
        "post",
        "/api/v1/follow-requests/{id}/reject",
        "Reject a follow request: the follower is told (Reject) and the request forgotten",
        true,
        None,
        &[],
        200,
    ),
    op(
        "get",
        "/api/v1/practices/{id}/replies",
        "The approved conversation of a practice (replies and the author's answers), newest first",
        false,
        None,
        &["limit", "before"],
        200,
    ),
    op(
        "post",
        "/api/v1/practices/{id}/replies",
        "The author answers in a practice's conversation: shown at once, sent to its followers and to the asker",
        true,
        Some("AnswerBody"),
        &[],
        201,
    ),
    op(
        "post",
        "/practices/{key}/questions",
        "A citizen's question from the practice page's form (public, form-encoded; when the author turned the form \
         on): 303 back to the page; always moderated; 404 form off, 422 bad input, honeypot or token, 429 past 5 an \
         hour per client address",
        false,
        Some("QuestionForm"),
        &[],
        303,
    ),
    op(
        "get",
        "/api/v1/replies",
        "Replies to the token's actor's practices, newest first; state=pending is the moderation queue",
        true,
        None,
        &["state", "limit", "before"],
        200,
    ),
    op(
        "post",
        "/api/v1/replies/{id}/approve",
        "Approve a pending reply: shown, and passed on to the actor's followers (an editor or moderator)",
        true,
        None,
        &[],
        200,
    ),
    op(
        "post",
        "/api/v1/replies/{id}/reject",
        "Reject a pending reply (never shown); block_author drops the author's later replies",
        true,
        Some("ReplyRejectBody"),
        &[],
        200,
    ),
    op(
        "post",
        "/api/v1/practices/{id}/translation-requests",
        "Ask for a practice in a language (an association or knowledge space); sent to a remote author",
        true,
        Some("TranslationRequestBody"),
        &[],
        201,
    ),
    op(
        "post",
        "/api/v1/practices/{id}/translations/{lang}/machine-draft",
        "A machine-translated draft (nothing stored; approve it by adding it as a translation); 404 without translation.machine_url",
        true,
        None,
        &[],
        200,
    ),
    op(
        "get",
        "/api/v1/translation-requests",
        "Translation requests for the token actor's practices (made=true: those it made)",
        true,
        None,
        PAGED,
        200,
    ),
    op(
        "delete",
        "/api/v1/replies/{id}",
        "The author deletes one of its answers: removed, and a Delete goes to its followers and to the asker",
        true,
        None,
        &[],
        204,
    ),
    op("get", "/api/v1/deliveries", "Outgoing deliveries: queued, delivered, retrying, failed", true, None, PAGED, 200),
    op("post", "/api/v1/deliveries/replay", "Queue failed deliveries again", true, None, &[], 200),
    op("get", "/api/v1/actor", "The token's actor", true, None, &[], 200),
    op(
        "patch",
        "/api/v1/actor",
        "Change the token's actor: follow_approval, replies, question_form and member_of (association actor URLs; \
         shown once each association's members collection confirms it) (an editor); associations' moderation policy \
         (a moderator)",
        true,
        Some("ActorPatch"),
        &[],
        200,
    ),
    op("get", "/api/v1/submissions", "An association's review queue", true, None, PAGED, 200),
    op(
        "post",
        "/api/v1/submissions/{id}/approve",
        "Approve a member practice: it is announced (a moderator)",
        true,
        None,
        &[],
        200,
    ),
    op(
        "post",
        "/api/v1/submissions/{id}/reject",
        "Reject a member practice; its author is told why, a Reject activity when hosted elsewhere (a moderator)",
        true,
        Some("RejectBody"),
        &[],
        200,
    ),
    op(
        "get",
        "/api/v1/actors/{name}",
        "A local actor: kind, name, country, portal and verified_at (since when its portal links back with rel=\"me\"), \
         memberships (the associations whose members collection lists it, with the date admitted)",
        false,
        None,
        &[],
        200,
    ),
    op("get", "/api/v1/actors/{name}/members", "An association's membership registry", false, None, &[], 200),
    op(
        "get",
        "/api/v1/network",
        "The network as this node knows it: associations, their member cities with country, region, date \
         joined and practices shared; member cities per country",
        false,
        None,
        &[],
        200,
    ),
    op(
        "post",
        "/api/v1/curated",
        "A knowledge space features a practice (announced to its followers)",
        true,
        Some("CurateBody"),
        &[],
        201,
    ),
    op(
        "delete",
        "/api/v1/curated/{id}",
        "A knowledge space unfeatures a practice (id, URL or key; Undo of its Announce sent to its followers)",
        true,
        None,
        &[],
        204,
    ),
    op("get", "/api/v1/actors/{name}/curated", "A knowledge space's curated collection", false, None, &[], 200),
    op("get", "/api/v1/domains", "Domain block/allow rules (node operator)", true, None, &[], 200),
    op("post", "/api/v1/domains", "Add or change a domain rule (node operator)", true, Some("DomainRule"), &[], 201),
    op("delete", "/api/v1/domains/{domain}", "Remove a domain rule (node operator)", true, None, &[], 204),
    op("get", "/api/v1/node", "The node's name, description and logo (public)", false, None, &[], 200),
    op(
        "patch",
        "/api/v1/node",
        "Change the node's name, description or logo; null clears a field (node operator)",
        true,
        Some("NodeProfile"),
        &[],
        200,
    ),
    op(
        "post",
        "/api/v1/feed-sources",
        "Add a portal feed (RSS, Atom, JSON Feed) with its taxonomy mapping",
        true,
        Some("FeedSource"),
        &[],
        201,
    ),
    op("get", "/api/v1/feed-sources", "The token's actor's feed sources with their state", true, None, &[], 200),
    op("delete", "/api/v1/feed-sources/{id}", "Remove a feed source (imported practices stay)", true, None, &[], 204),
    op(
        "post",
        "/api/v1/feed-sources/{id}/poll",
        "Poll a feed source now; the report counts items created, updated, unchanged and deleted, and enclosures attached or failed (enclosures_attached, enclosures_failed)",
        true,
        None,
        &[],
        200,
    ),
    op(
        "get",
        "/api/v1/analytics",
        "Counts by SDG, country, UN region, language and month for any search; adoptions (total, flows between countries as {from, to, count, label: 'KR ← JP'}, most adopted practices) and engagement (likes, boosts, top practices) over everything the node knows",
        false,
        None,
        SEARCH,
        200,
    ),
    op(
        "get",
        "/api/v1/analytics.csv",
        "The same counts as CSV (dimension, value, label, count), with adoption flows as dimension adoption_flow",
        false,
        None,
        SEARCH,
        200,
    ),
    op(
        "post",
        "/api/v1/topics",
        "Publish a saved search as a followable actor that announces new matches",
        true,
        Some("TopicInput"),
        &[],
        201,
    ),
    op(
        "get",
        "/api/v1/topics",
        "This node's topics (saved searches published as actors)",
        false,
        None,
        &["owner"],
        200,
    ),
    op("delete", "/api/v1/topics/{name}", "Remove a topic (only its owner)", true, None, &[], 204),
    op("get", "/api/v1/openapi.json", "This document", false, None, &[], 200),
    op("get", "/healthz", "Liveness: 200 when the database answers, 503 otherwise", false, None, &[], 200),
    op(
        "get",
        "/readyz",
        "Readiness: 200 {\"status\":\"ready\"} when the database takes a real write, the delivery queue drains and the disk has room; 503 {\"status\":\"unready\",\"problems\":[{\"check\",\"message\"}]} naming what is wrong",
        false,
        None,
        &[],
        200,
    ),
    op("get", "/metrics", "Prometheus metrics", false, None, &[], 200),
];

fn schemas() -> Value {
    let s = |t: &str| json!({ "type": t });
    let text = |d: &str| json!({ "type": "string", "description": d });
    json!({
        "Error": { "type": "object", "required": ["error", "message"], "properties": {
            "error": text("snake_case code"), "message": text("what went wrong, for people"),
            "fields": { "type": "array", "items": { "type": "object", "properties": { "field": s("string"), "message": s("string") } } } } },
        "Translation": { "type": "object", "properties": { "title": s("string"), "summary": s("string"), "content": text("Markdown"),
            "status": { "type": "string", "enum": ["human", "machine"] }, "engine": text("the machine translation engine (required with machine)"),
            "translator": text("who made or approved it") } },
        "TranslationRequestBody": { "type": "object", "additionalProperties": false, "required": ["language"], "properties": { "language": text("BCP 47 tag") } },
        "PracticeInput": { "type": "object", "additionalProperties": false, "properties": {
            "title": { "type": "string", "minLength": 3, "maxLength": 200 },
            "summary": { "type": "string", "maxLength": 2000 },
            "content": text("Markdown; rendered to sanitised HTML"),
            "language": text("BCP 47 tag, e.g. en or pt-BR"),
            "kind": { "type": "string", "enum": ["best_practice", "lesson_learned", "case_study", "policy", "event", "publication"] },
            "sdgs": { "type": "array", "items": { "type": "integer", "minimum": 1, "maximum": 17 }, "minItems": 1 },
            "country": text("ISO 3166-1 alpha-2"),
            "region": text("instead of country: 001 (the whole world) or a UN M49 region code or name"),
            "mdgs": { "type": "array", "items": { "type": "integer", "minimum": 1, "maximum": 8 }, "description": "Millennium Development Goals (2000–2015 material); with MDGs, sdgs may be empty" },
            "translations": { "type": "object", "additionalProperties": { "$ref": "#/components/schemas/Translation" } },
            "problem": s("string"), "solution": s("string"), "results": s("string"), "lessons": s("string"),
            "themes": { "type": "array", "items": s("string") },
            "links": { "type": "array", "items": { "type": "string", "format": "uri" } },
            "license": s("string"),
            "period_start": { "type": "string", "format": "date" }, "period_end": { "type": "string", "format": "date" },
            "source_url": { "type": "string", "format": "uri" },
            "adopted_from": { "type": "array", "maxItems": 10, "items": { "type": "string", "format": "uri" },
                "description": "the practices (local or remote, by id or page URL) this one adapted; http(s), not the practice itself. The authors of those this node holds are told (their practice shows adopted_by)" },
            "audience": { "$ref": "#/components/schemas/Audience" },
            "publish_at": { "type": ["string", "null"], "format": "date-time",
                "description": "RFC 3339: an embargo. The practice is stored and shown to its editors, but not sent, listed or served to others before this time; then it goes out by itself. An empty string (PATCH) lifts a pending embargo: the practice goes out at once." } },
            "description": "All of title, summary, content, language, kind, sdgs (or mdgs) and country (or region) are required to publish; a PATCH may send any subset." },
        "Practice": { "type": "object", "required": ["id", "url", "title", "summary", "language", "kind", "sdgs", "mdgs", "country", "region", "period_start", "period_end", "author", "relayed_by"], "properties": {
            "id": text("ActivityPub id"), "url": text("HTML page"), "key": s("string"), "title": s("string"), "summary": s("string"),
            "content": text("sanitised HTML"),
            "language": { "type": ["string", "null"], "description": "BCP 47 tag (null for a remote copy that named none)" },
            "kind": { "type": ["string", "null"], "enum": ["best_practice", "lesson_learned", "case_study", "policy", "event", "publication", null] },
            "sdgs": { "type": "array", "items": { "type": "integer", "minimum": 1, "maximum": 17 } },
            "mdgs": { "type": "array", "items": { "type": "integer", "minimum": 1, "maximum": 8 },
                "description": "Millennium Development Goals (2000–2015 material), sorted; may be empty" },
            "country": { "type": ["string", "null"],
                "description": "ISO 3166-1 alpha-2; null for a practice placed in a UN region (or the world) instead" },
            "region": { "oneOf": [
                    { "type": "object", "required": ["code", "name"], "properties": {
                        "code": { "type": "string", "pattern": "^[0-9]{3}$", "description": "UN M49 code; 001 is the world" },
                        "name": text("English name") } },
                    { "type": "null" } ],
                "description": "the UN M49 region the practice is counted under: its country's region, or the region (001 World included) it names instead of a country; null when it has neither" },
            "period_start": { "type": ["string", "null"], "format": "date", "description": "when the practice began (null: not given)" },
            "period_end": { "type": ["string", "null"], "format": "date", "description": "when it ended (null: ongoing or not given)" },
            "themes": { "type": "array", "items": s("string") },
            "license": { "type": ["string", "null"] },
            "snippet": text("search results with words only: the passage around the matched words, HTML-escaped, the words in <mark>"),
            "author": text("actor URL"), "relayed_by": { "type": "array", "items": s("string"), "description": "associations that announced it, in order" },
            "provenance": { "type": "array", "items": { "type": "object" } },
            "attachments": { "type": "array", "items": { "$ref": "#/components/schemas/Attachment" } },
            "moderation": { "type": "array", "items": { "$ref": "#/components/schemas/ModerationDecision" },
                "description": "what associations decided about it, oldest first (GET and PATCH of one practice)" },
            "adopted_from": { "type": "array", "items": { "type": "string", "format": "uri" }, "description": "the practices this one adapted" },
            "adopted_by": { "type": "array", "items": { "$ref": "#/components/schemas/Adoption" },
                "description": "the practices that adapted this one, oldest first, as far as this node knows (GET and PATCH of one practice)" },
            "engagement": { "type": "object", "properties": { "likes": s("integer"), "boosts": s("integer") },
                "description": "local practices only: likes and boosts from fediverse accounts, one per account (GET and PATCH of one practice)" },
            "audience": { "$ref": "#/components/schemas/Audience" },
            "publish_at": { "type": ["string", "null"], "format": "date-time", "description": "the embargo's time, if one was set (local practices)" },
            "embargoed": { "type": "boolean", "description": "true while publish_at is in the future: only the author's editors see it" } } },
        "Audience": {
            "oneOf": [
                { "type": "string", "enum": ["public", "followers"] },
                { "type": "array", "minItems": 1, "maxItems": 20, "items": { "type": "string", "format": "uri" } }
            ],
            "description": "who the practice is for: \"public\" (the default: every page, feed, search and harvester), \"followers\" (the author's followers only), or the actor URLs of named actors (an association, a knowledge space), addressed directly. Only public practices appear on public surfaces." },
        "Adoption": { "type": "object", "required": ["practice", "actor", "title", "at"], "properties": {
            "practice": text("ActivityPub id of the adopting practice"), "title": s("string"),
            "actor": text("actor URL of its author"), "actor_name": text("its display name"),
            "country": { "type": ["string", "null"], "description": "ISO 3166-1 alpha-2 of the adopting practice (or its author)" },
            "at": { "type": "string", "format": "date-time", "description": "when the adopting practice was published" } } },
        "AttachmentUpload": { "type": "object", "required": ["file"], "properties": {
            "file": { "type": "string", "format": "binary", "description": "PNG, JPEG, GIF, WebP, PDF, DOCX, XLSX, PPTX, ODT, ODS, ODP or CSV, judged by its content" },
            "alt": { "type": "string", "maxLength": 1500, "description": "what an image shows (required for images)" },
            "caption": { "type": "string", "maxLength": 500 } },
            "description": "multipart/form-data. The answer (201) is the Attachment; the file is stored in the node's media store (local disk or an S3-compatible bucket) under its SHA-256." },
        "Attachment": { "type": "object", "required": ["id", "url", "media_type", "size", "sha256", "alt"], "properties": {
            "id": text("short id, for DELETE …/attachments/{aid}"), "url": text("the file (content-addressed, cached for ever)"),
            "media_type": s("string"), "kind": { "type": "string", "enum": ["image", "document"] },
            "size": { "type": "integer", "description": "bytes" }, "sha256": text("hex"), "alt": { "type": ["string", "null"] }, "caption": { "type": ["string", "null"] },
            "width": { "type": ["integer", "null"] }, "height": { "type": ["integer", "null"] },
            "verified": { "type": "boolean", "description": "this node holds the bytes and they match sha256 (a remote copy's attachments once fetched)" } } },
        "ModerationDecision": { "type": "object", "required": ["association", "state", "at"], "properties": {
            "association": text("actor URL of the association"),
            "state": { "type": "string", "enum": ["pending", "approved", "rejected"] },
            "reason": { "type": ["string", "null"], "description": "why it was rejected, as the moderator wrote it" },
            "at": { "type": "string", "format": "date-time" } } },
        "CurateBody": { "type": "object", "required": ["practice"], "properties": { "practice": text("id, URL or local key of the practice") } },
        "FollowRequest": { "type": "object", "required": ["target"], "properties": { "target": text("name@host or actor URL"), "relay": s("boolean") } },
        "ActorPatch": { "type": "object", "properties": { "moderation": { "type": "string", "enum": ["auto", "manual"] },
            "follow_approval": { "type": "string", "enum": ["auto", "manual"], "description": "manual: new followers wait in /api/v1/follow-requests" },
            "member_of": { "type": "array", "items": { "type": "string", "format": "uri" }, "maxItems": 20, "description": "the associations (actor URLs) the actor says it belongs to; replaces the list" },
            "replies": { "type": "string", "enum": ["open", "moderated", "closed"], "description": "how replies to the actor's practices are taken (default moderated: they wait in /api/v1/replies?state=pending)" },
            "question_form": { "type": "boolean", "description": "whether the actor's practice pages show the question form for citizens without a fediverse account (default false); its questions are always moderated" } } },
        "QuestionForm": { "type": "object", "required": ["question", "token"], "properties": {
            "question": { "type": "string", "maxLength": 1000, "description": "plain text, escaped on output" },
            "name": { "type": "string", "maxLength": 80, "description": "the display name the citizen chooses to give (optional); nothing else is asked or kept" },
            "token": text("the time token of the rendered form: refused under 3 s or over 4 hours old, or forged"),
            "website": text("the honeypot: must be empty") } },
        "AnswerBody": { "type": "object", "required": ["content"], "properties": {
            "content": { "type": "string", "maxLength": 5000, "description": "Markdown" },
            "in_reply_to": { "type": ["integer", "string"], "description": "the id (or ap_id) of the approved reply answered; none: about the practice" } } },
        "ReplyRejectBody": { "type": "object", "properties": { "block_author": { "type": "boolean", "description": "also drop the author's later replies to this actor's practices" } } },
        "RejectBody": { "type": "object", "properties": {
            "reason": { "type": "string", "maxLength": 2000, "description": "sent to the city and shown in its API" },
            "notify": { "type": "boolean", "deprecated": true, "description": "ignored: the city is always told" } } },
        "DomainRule": { "type": "object", "required": ["domain"], "properties": { "domain": s("string"), "rule": { "type": "string", "enum": ["block", "allow"] }, "note": s("string") } },
        "NodeProfile": { "type": "object", "properties": {
            "name": { "type": ["string", "null"], "maxLength": 80 }, "description": { "type": ["string", "null"], "maxLength": 4000 },
            "logo_url": { "type": ["string", "null"], "description": "an https:// address or a path on this node starting with /" } } },
        "TopicInput": { "type": "object", "required": ["name", "query"], "properties": {
            "name": text("the topic actor's name (name@host on the fediverse)"), "title": s("string"), "summary": s("string"),
            "query": text("the search as the query string of /search, e.g. sdg=11&country=KR") } },
        "FeedSource": { "type": "object", "required": ["url"], "properties": {
            "url": { "type": "string", "format": "uri" }, "delete_missing": s("boolean"),
            "mapping": { "type": "object", "properties": {
                "kind": s("string"), "sdgs": { "type": "array", "items": s("integer") }, "country": s("string"), "language": s("string"),
                "themes": { "type": "array", "items": s("string") },
                "rules": { "type": "object", "additionalProperties": { "type": "object", "properties": {
                    "sdgs": { "type": "array", "items": s("integer") }, "themes": { "type": "array", "items": s("string") }, "kind": s("string") } } } } } } }
    })
}

/// Who may call an authenticated operation: `operator` (node-wide settings),
/// `moderator` (an association's review queue and moderation mode),
/// `editor` (every other change), `member` (an editor or moderator: reads;
/// and `PATCH /api/v1/actor`, whose fields each need their own role).
fn required_role(method: &str, path: &str) -> &'static str {
    if path.starts_with("/api/v1/domains") || path == "/api/v1/node" {
        "operator"
    } else if method == "get" || path == "/api/v1/actor" {
        "member"
    } else if path.starts_with("/api/v1/submissions") {
        "moderator"
    } else if path.starts_with("/api/v1/replies/") && method != "delete" {
        "editor or moderator"
    } else {
        "editor"
    }
}

/// A query parameter: a search parameter with its meaning (facets may
/// repeat: `sdg=6&sdg=11`), any other a plain string.
fn query_parameter(name: &str) -> Value {
    let facet = |what: &str| {
        json!({ "name": name, "in": "query", "required": false, "style": "form", "explode": true,
            "schema": { "type": "array", "items": { "type": "string" } },
            "description": format!("{what}. May repeat: the values are alternatives (any of them); different parameters must all hold. The facet's counts in `facets` ignore its own values, so they show what another value would add.") })
    };
    let one = |schema: Value, what: &str| json!({ "name": name, "in": "query", "required": false, "schema": schema, "description": what });
    let text = json!({ "type": "string" });
    match name {
        "q" => one(
            text,
            "words that must all appear in title, summary, text or a translation: as word starts, by stem in the text's language, without Arabic vowel marks or Latin accents, inside Chinese/Japanese/Korean text",
        ),
        "sdg" => facet("Sustainable Development Goal, 1 to 17 (`SDG11` also accepted)"),
        "mdg" => facet("Millennium Development Goal, 1 to 8 (`MDG7` also accepted)"),
        "country" => facet("ISO 3166-1 alpha-2 country code"),
        "region" => facet(
            "UN M49 region code or name (`142` or `Asia`); with `country` one facet, the place: `region=Africa&country=KR` is Africa or Korea. A region also matches the practices placed in it without a country; `001` (World) matches those about the whole world",
        ),
        "language" => facet("language tag; `pt` also matches `pt-BR`"),
        "kind" => facet("kind of practice: best_practice, lesson_learned, case_study, policy, event, publication"),
        "theme" => facet("theme slug (the UNPACS thematic areas or a city's own)"),
        "actor" => facet("author: actor URL, name@host or local name (only actors this node knows)"),
        "association" => facet("relayed by this association or knowledge space: URL, name@host or local name"),
        "year" => facet("year of publication (UTC)"),
        "period" => facet("a year the practice ran (between its period_start and period_end)"),
        "since" => one(text, "published at or after: YYYY-MM-DD or RFC 3339"),
        "until" => one(text, "published before: YYYY-MM-DD or RFC 3339"),
        "source" => one(
            json!({ "type": "string", "enum": ["local", "network", "unpaks"] }),
            "this node's own, received from others, or knowledge-space items",
        ),
        "sort" => one(
            json!({ "type": "string", "enum": ["relevance", "newest"] }),
            "order of results; default: relevance when there are words (the database's full-text ranking, BM25 on SQLite and ts_rank on PostgreSQL, a title match above a text match), else newest first. With words every item carries `snippet`: HTML-escaped text with <mark> around the matched words",
        ),
        "limit" => one(json!({ "type": "integer", "minimum": 1, "maximum": 200 }), "results per page"),
        "before" => one(text, "paging cursor: take it from the previous answer's `next` link"),
        _ => one(text, ""),
    }
}

/// The OpenAPI document.
pub fn document(base: &str) -> Value {
    let mut paths: Map<String, Value> = Map::new();
    for o in OPERATIONS {
        let mut params: Vec<Value> = o
            .path
            .split('/')
            .filter_map(|seg| seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
            .map(|name| json!({ "name": name, "in": "path", "required": true, "schema": { "type": "string" } }))
            .collect();
        params.extend(o.query.iter().map(|q| query_parameter(q)));
        let mut operation = json!({
            "summary": o.summary,
            "parameters": params,
            "responses": {
                o.ok.to_string(): { "description": "success" },
                "4XX": { "description": "bad input, missing token, not found or conflict", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } }
            }
        });
        if let Some(body) = o.body {
            // Uploads are multipart, the public page forms urlencoded.
            let media = if body.ends_with("Upload") {
                "multipart/form-data"
            } else if body.ends_with("Form") {
                "application/x-www-form-urlencoded"
            } else {
                "application/json"
            };
            operation["requestBody"] = json!({ "required": true, "content": { media: { "schema": { "$ref": format!("#/components/schemas/{body}") } } } });
        }
        if o.auth {
            operation["security"] = json!([{ "bearer": [] }]);
            operation["x-ecities-role"] = json!(required_role(o.method, o.path));
            operation["responses"]["403"] = json!({ "description": "the token's role may not do this (`forbidden`), or it is a read token (`read_only_token`)", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } });
        }
        let entry = paths.entry(o.path.to_owned()).or_insert_with(|| json!({}));
        entry[o.method] = operation;
    }
    json!({
        "openapi": "3.1.0",
        "info": { "title": "ecities", "version": env!("CARGO_PKG_VERSION"), "license": { "name": "AGPL-3.0-or-later", "identifier": "AGPL-3.0-or-later" },
                  "description": "REST API of an e-Cities Network node. Writes take `Authorization: Bearer TOKEN`; the token's actor is the author. A token carries a role (`x-ecities-role` on each operation): the node operator's (node-wide settings such as domain rules; acts for no actor), or an editor's (publishes, follows, feeds) or moderator's (review queue, moderation mode) of one actor; others get 403 `forbidden`." },
        "servers": [{ "url": base.trim_end_matches('/') }],
        "paths": paths,
        "components": { "schemas": schemas(), "securitySchemes": { "bearer": { "type": "http", "scheme": "bearer" } } }
    })
}

async fn openapi(axum::extract::State(state): axum::extract::State<AppState>) -> Response {
    axum::Json(document(state.urls.base().as_str())).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operations_name_the_role_they_need() {
        let doc = document("http://localhost:8080/");
        let role = |path: &str, method: &str| doc["paths"][path][method]["x-ecities-role"].clone();
        assert_eq!(role("/api/v1/domains", "post"), "operator");
        assert_eq!(role("/api/v1/domains/{domain}", "delete"), "operator");
        assert_eq!(role("/api/v1/node", "patch"), "operator");
        assert_eq!(role("/api/v1/submissions/{id}/approve", "post"), "moderator");
        assert_eq!(role("/api/v1/practices", "post"), "editor");
        assert!(doc["paths"]["/api/v1/domains"]["get"]["responses"]["403"].is_object());
    }

    #[test]
    fn the_audience_the_embargo_and_the_upload_are_documented() {
        let doc = document("http://localhost:8080/");
        let schemas = &doc["components"]["schemas"];
        for schema in ["PracticeInput", "Practice"] {
            for field in ["audience", "publish_at"] {
                assert!(schemas[schema]["properties"][field].is_object(), "{schema}.{field}");
            }
        }
        assert_eq!(schemas["Audience"]["oneOf"][0]["enum"], json!(["public", "followers"]));
        let upload = &doc["paths"]["/api/v1/practices/{id}/attachments"]["post"]["requestBody"]["content"];
        assert_eq!(upload["multipart/form-data"]["schema"]["$ref"], "#/components/schemas/AttachmentUpload");
        assert_eq!(schemas["AttachmentUpload"]["required"], json!(["file"]));
    }
}
