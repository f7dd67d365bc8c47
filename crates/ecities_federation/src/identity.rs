//! The portal checker: reads a local actor's portal page through the
//! outgoing-request policy ([`Egress`]) and looks for a `rel="me"` link back
//! to the actor, as Mastodon verifies profile links; records the outcome
//! through the core's use case, on a timer (`identity.check_interval_minutes`).
//!
//! The same timer-driven checker asks associations whether they list the
//! local actors that say they are members ([`check_membership`],
//! [`run_membership_checker`]): the association's actor document and its
//! `members` collection are fetched at the association's own origin, signed
//! by the instance actor, through activitypub_federation's client (the same
//! outgoing-request policy).
//!
//! The page is read with html5ever's HTML tokenizer (the parser behind
//! ammonia), switched into raw-text states for `<script>`, `<style>` and the
//! like as a browser would, so a link written inside a script or a comment
//! does not count.

use std::cell::RefCell;
use std::sync::Arc;
use std::time::Duration;

use activitypub_federation::config::{Data, FederationConfig};
use activitypub_federation::fetch::fetch_object_http;
use ecities_core::actor::{Actor, ActorKind};
use ecities_core::identity::{MembershipEvidence, PortalEvidence, admission_in};
use ecities_core::store::Store;
use ecities_core::time::Timestamp;
use ecities_core::usecases::identity::{
    evidence_without_fetch, membership_claims, portal_check_due, record_membership_check, record_portal_check,
};
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts};
use serde_json::Value;
use url::Url;

use crate::apub::FedData;
use crate::egress::{Egress, Purpose, read_capped};

/// Largest portal page read, in bytes: a home page is rarely over 1 MiB;
/// a `rel="me"` link in the `<head>` or the footer is within that.
pub const MAX_PORTAL_PAGE_BYTES: usize = 2 * 1024 * 1024;
/// Redirects followed (each target checked by the policy again): a portal
/// at `https://city.example` often answers with its `https://www.` page.
pub const MAX_PORTAL_REDIRECTS: usize = 3;
/// How often a verified (or unverified) portal is looked at again unless
/// configured: a portal that drops the link loses the mark within a day.
pub const DEFAULT_CHECK_INTERVAL: Duration = Duration::from_secs(6 * 60 * 60);

/// Collects the `href` of every `<a>` and `<link>` whose `rel` holds `me`.
struct RelMeSink {
    found: RefCell<Vec<String>>,
}

impl TokenSink for RelMeSink {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let Token::TagToken(tag) = token else { return TokenSinkResult::Continue };
        if tag.kind != TagKind::StartTag {
            return TokenSinkResult::Continue;
        }
        let name: &str = &tag.name;
        match name {
            "a" | "link" => {
                let attr = |n: &str| tag.attrs.iter().find(|a| &*a.name.local == n).map(|a| a.value.to_string());
                let is_me =
                    attr("rel").is_some_and(|rel| rel.split_ascii_whitespace().any(|r| r.eq_ignore_ascii_case("me")));
                if is_me && let Some(href) = attr("href") {
                    self.found.borrow_mut().push(href);
                }
                TokenSinkResult::Continue
            }
            // What a browser does not read as markup (the tree builder
            // switches the tokenizer the same way).
            "script" if !tag.self_closing => TokenSinkResult::RawData(RawKind::ScriptData),
            "style" | "xmp" | "iframe" | "noembed" | "noframes" => TokenSinkResult::RawData(RawKind::Rawtext),
            "title" | "textarea" => TokenSinkResult::RawData(RawKind::Rcdata),
            "plaintext" => TokenSinkResult::Plaintext,
            _ => TokenSinkResult::Continue,
        }
    }
}

/// The `rel="me"` links of an HTML page, resolved against `base` (the
/// page's URL); hrefs that are not URLs are skipped.
pub fn rel_me_links(html: &str, base: &Url) -> Vec<Url> {
    let tokenizer = Tokenizer::new(RelMeSink { found: RefCell::new(Vec::new()) }, TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    let hrefs = tokenizer.sink.found.take();
    hrefs.iter().filter_map(|h| base.join(h.trim()).ok()).collect()
}

/// Whether one of `links` points at the actor (its id or its profile page;
/// a fragment is ignored).
pub fn links_to_actor(links: &[Url], actor: &Actor) -> bool {
    let strip = |u: &Url| {
        let mut u = u.clone();
        u.set_fragment(None);
        u
    };
    let targets: Vec<Url> = std::iter::once(&actor.url).chain(actor.profile_url.as_ref()).map(strip).collect();
    links.iter().map(strip).any(|l| targets.contains(&l))
}

/// Reads `portal` (following at most [`MAX_PORTAL_REDIRECTS`] redirects,
/// each checked by the policy) and returns the page and its final URL.
async fn fetch_page(egress: &Egress, portal: &Url) -> Result<(String, Url), String> {
    let mut url = portal.clone();
    for _ in 0..=MAX_PORTAL_REDIRECTS {
        let resp = egress
            .get(&url, Purpose::Federation)
            .map_err(|refused| format!("this node does not fetch {url}: {refused}"))?
            .header(reqwest::header::ACCEPT, "text/html, application/xhtml+xml;q=0.9")
            .send()
            .await
            .map_err(|e| format!("the portal could not be reached: {e}"))?;
        if resp.status().is_redirection() {
            let location = resp
                .headers()
                .get(reqwest::header::LOCATION)
                .and_then(|v| v.to_str().ok())
                .and_then(|l| url.join(l).ok())
                .ok_or_else(|| format!("the portal answered HTTP {} without a usable Location", resp.status()))?;
            url = location;
            continue;
        }
        if !resp.status().is_success() {
            return Err(format!("the portal answered HTTP {}", resp.status()));
        }
        let bytes = read_capped(resp, MAX_PORTAL_PAGE_BYTES).await.map_err(|e| format!("the portal page: {e}"))?;
        return Ok((String::from_utf8_lossy(&bytes).into_owned(), url));
    }
    Err(format!("the portal redirected more than {MAX_PORTAL_REDIRECTS} times"))
}

/// Checks one actor's portal: its own domain needs no request; otherwise
/// the page must link back with `rel="me"`.
pub async fn check_portal(egress: &Egress, actor: &Actor) -> PortalEvidence {
    if let Some(evidence) = evidence_without_fetch(actor) {
        return evidence;
    }
    let Some(portal) = &actor.portal_url else {
        return PortalEvidence::NotVerified("no portal".into());
    };
    match fetch_page(egress, portal).await {
        Ok((html, page)) if links_to_actor(&rel_me_links(&html, &page), actor) => PortalEvidence::LinksBack,
        Ok(_) => PortalEvidence::NotVerified(format!("{portal} has no rel=\"me\" link to {}", actor.url)),
        Err(reason) => PortalEvidence::NotVerified(reason),
    }
}

/// Checks every local actor's portal that is due, then sleeps; every
/// `interval` each portal is looked at again. Stops on `shutdown`.
pub async fn run_checker(
    store: Arc<dyn Store>,
    egress: Egress,
    interval: Duration,
    mut shutdown: tokio::sync::watch::Receiver<bool>,
) {
    let tick = Duration::from_secs(60).min(interval);
    let interval_ms = i64::try_from(interval.as_millis()).unwrap_or(i64::MAX);
    loop {
        match store.local_actors().await {
            Ok(actors) => {
                for actor in actors.iter().filter(|a| portal_check_due(a, Timestamp::now(), interval_ms)) {
                    if *shutdown.borrow() {
                        return;
                    }
                    let evidence = check_portal(&egress, actor).await;
                    if let PortalEvidence::NotVerified(reason) = &evidence {
                        tracing::info!(actor = %actor.url, %reason, "portal not verified");
                    }
                    if let Err(e) = record_portal_check(store.as_ref(), actor, &evidence, Timestamp::now()).await {
                        tracing::warn!(actor = %actor.url, error = %e, "recording a portal check failed");
                    }
                }
            }
            Err(e) => tracing::warn!(error = %e, "listing local actors for portal checks failed"),
        }
        tokio::select! {
            _ = tokio::time::sleep(tick) => {},
            _ = shutdown.changed() => return,
        }
    }
}

/// How often each membership is asked about again unless configured: an
/// association that removes a member is believed within a day.
pub const DEFAULT_MEMBERSHIP_CHECK_INTERVAL: Duration = Duration::from_secs(6 * 60 * 60);
/// At most this many pages of a paged members collection are read.
const MAX_MEMBER_PAGES: usize = 10;

fn same_origin(a: &Url, b: &Url) -> bool {
    a.scheme() == b.scheme() && a.host_str() == b.host_str() && a.port_or_known_default() == b.port_or_known_default()
}

async fn fetch_json(data: &Data<FedData>, url: &Url) -> Result<Value, String> {
    fetch_object_http::<FedData, Value>(url, &data.reset_request_count())
        .await
        .map(|r| r.object)
        .map_err(|e| format!("{url} could not be read: {e}"))
}

/// The items of a members collection: inline (`orderedItems` or `items`),
/// else its pages from `first` along `next`, each at the association's
/// origin.
async fn collection_items(data: &Data<FedData>, collection: &Value, origin: &Url) -> Result<Vec<Value>, String> {
    let inline = |v: &Value| v.get("orderedItems").or_else(|| v.get("items")).and_then(Value::as_array).cloned();
    if let Some(items) = inline(collection) {
        return Ok(items);
    }
    let mut items = Vec::new();
    let mut next = collection.get("first").cloned();
    for _ in 0..MAX_MEMBER_PAGES {
        let page = match next.take() {
            Some(Value::String(u)) => {
                let url = Url::parse(&u).map_err(|e| format!("a members page '{u}': {e}"))?;
                if !same_origin(&url, origin) {
                    return Err(format!("a members page at another origin: {url}"));
                }
                fetch_json(data, &url).await?
            }
            Some(page @ Value::Object(_)) => page,
            _ => break,
        };
        items.extend(inline(&page).unwrap_or_default());
        next = page.get("next").cloned();
    }
    Ok(items)
}

/// Asks `association` (an actor URL) whether it lists `member`: reads its
/// actor document, then its `members` collection, both at the
/// association's own origin (a collection elsewhere proves nothing). An
/// association on this node is read from the database.
pub async fn check_membership(data: &Data<FedData>, member: &Actor, association: &Url) -> MembershipEvidence {
    let not_listed =
        |name: Option<String>, reason: String| MembershipEvidence::NotListed { association_name: name, reason };
    if let Ok(Some(local)) = data.store.actor_by_url(association).await
        && local.local
    {
        let name = Some(local.display_name.clone().unwrap_or_else(|| local.name.clone()));
        if local.kind != ActorKind::Association {
            return not_listed(name, format!("{association} is not an association"));
        }
        return match data.store.memberships(&[local.id], crate::http::MAX_LISTED_MEMBERS).await {
            Ok(members) => match members.iter().find(|m| m.member.id == member.id) {
                Some(m) => MembershipEvidence::Listed { association_name: name, since: m.since },
                None => not_listed(name, format!("{association} does not list {}", member.url)),
            },
            Err(e) => not_listed(name, format!("reading the members of {association}: {e}")),
        };
    }
    let doc = match fetch_json(data, association).await {
        Ok(doc) => doc,
        Err(reason) => return not_listed(None, reason),
    };
    let name = doc
        .get("name")
        .or_else(|| doc.get("preferredUsername"))
        .and_then(Value::as_str)
        .map(|n| n.chars().take(200).collect::<String>());
    if doc.get("type").and_then(Value::as_str) != Some("Group") {
        return not_listed(name, format!("{association} is not a Group"));
    }
    let Some(members_url) = doc.get("members").and_then(Value::as_str).and_then(|u| Url::parse(u).ok()) else {
        return not_listed(name, format!("{association} publishes no members collection"));
    };
    if !same_origin(&members_url, association) {
        return not_listed(name, format!("the members collection {members_url} is not at the association's origin"));
    }
    let collection = match fetch_json(data, &members_url).await {
        Ok(c) => c,
        Err(reason) => return not_listed(name, reason),
    };
    match collection_items(data, &collection, association).await {
        Ok(items) => match admission_in(&items, &member.url) {
            Some(since) => MembershipEvidence::Listed { association_name: name, since },
            None => not_listed(name, format!("{members_url} does not list {}", member.url)),
        },
        Err(reason) => not_listed(name, reason),
    }
}

/// Asks every association a local actor names whose check is due, then
/// sleeps; every `interval` each claim is asked about again. Stops on
/// `shutdown`.
pub async fn run_membership_checker(
    config: FederationConfig<FedData>,
    interval: Duration,
    mut shutdown: tokio::sync::watch::Receiver<bool>,
) {
    let tick = Duration::from_secs(60).min(interval);
    let interval_ms = i64::try_from(interval.as_millis()).unwrap_or(i64::MAX);
    loop {
        let data = config.to_request_data();
        match data.store.local_actors().await {
            Ok(actors) => {
                for actor in &actors {
                    let claims = match membership_claims(data.store.as_ref(), actor).await {
                        Ok(c) => c,
                        Err(e) => {
                            tracing::warn!(actor = %actor.url, error = %e, "listing membership claims failed");
                            continue;
                        }
                    };
                    for claim in claims.iter().filter(|c| c.check_due(Timestamp::now(), interval_ms)) {
                        if *shutdown.borrow() {
                            return;
                        }
                        let evidence = check_membership(&data, actor, &claim.association).await;
                        if let MembershipEvidence::NotListed { reason, .. } = &evidence {
                            tracing::info!(actor = %actor.url, association = %claim.association, %reason, "membership not confirmed");
                        }
                        let at = Timestamp::now();
                        if let Err(e) =
                            record_membership_check(data.store.as_ref(), actor, &claim.association, &evidence, at).await
                        {
                            tracing::warn!(actor = %actor.url, error = %e, "recording a membership check failed");
                        }
                    }
                }
            }
            Err(e) => tracing::warn!(error = %e, "listing local actors for membership checks failed"),
        }
        tokio::select! {
            _ = tokio::time::sleep(tick) => {},
            _ = shutdown.changed() => return,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> Url {
        Url::parse("https://www.seoul.go.kr/").expect("url")
    }

    #[test]
    fn rel_me_links_are_found_on_anchors_and_link_elements_in_any_case_and_resolved() {
        let html = r#"<!doctype html><html><head><LINK REL="Me" href="https://hub.example/actors/seoul">
            <link rel="stylesheet" href="/s.css"></head><body>
            <a href="/about">About</a><a rel="nofollow me noopener" href='/actors/seoul'>us</a>"#;
        let links: Vec<String> = rel_me_links(html, &base()).iter().map(Url::to_string).collect();
        assert_eq!(links, ["https://hub.example/actors/seoul", "https://www.seoul.go.kr/actors/seoul"]);
    }

    #[test]
    fn a_link_inside_a_script_a_comment_or_a_title_does_not_count() {
        let html = r#"<title><a rel="me" href="https://x.example/t"></title>
            <script>document.write('<a rel="me" href="https://x.example/s">')</script>
            <!-- <a rel="me" href="https://x.example/c"> -->
            <textarea><link rel="me" href="https://x.example/ta"></textarea>"#;
        assert!(rel_me_links(html, &base()).is_empty());
    }

    #[test]
    fn a_broken_page_yields_what_it_can_without_failing() {
        let html = "<a rel=me href=https://x.example/a><a rel=me href=\"http://[::1\"><div <<<";
        let links: Vec<String> = rel_me_links(html, &base()).iter().map(Url::to_string).collect();
        assert_eq!(links, ["https://x.example/a"]);
    }
}
