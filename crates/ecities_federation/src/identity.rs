//! The portal checker: reads a local actor's portal page through the
//! outgoing-request policy ([`Egress`]) and looks for a `rel="me"` link back
//! to the actor, as Mastodon verifies profile links; records the outcome
//! through the core's use case, on a timer (`identity.check_interval_minutes`).
//!
//! The page is read with html5ever's HTML tokenizer (the parser behind
//! ammonia), switched into raw-text states for `<script>`, `<style>` and the
//! like as a browser would, so a link written inside a script or a comment
//! does not count.

use std::cell::RefCell;
use std::sync::Arc;
use std::time::Duration;

use ecities_core::actor::Actor;
use ecities_core::identity::PortalEvidence;
use ecities_core::store::Store;
use ecities_core::time::Timestamp;
use ecities_core::usecases::identity::{evidence_without_fetch, portal_check_due, record_portal_check};
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts};
use url::Url;

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
