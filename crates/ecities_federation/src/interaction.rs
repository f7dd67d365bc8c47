//! Remote follow: a reader types their own fediverse address on the network
//! page, and the node asks that account's server (WebFinger, RFC 7033) how
//! to follow something from it: the OStatus subscribe template that
//! Mastodon and most fediverse servers publish
//! (`https://mastodon.example/authorize_interaction?uri={uri}`). The
//! request goes through [`Egress`] and the domain policy like every other
//! outgoing request of the node.

use ecities_core::CoreError;
use ecities_core::federation::AccountAddress;
use url::Url;

use crate::apub::FedData;
use crate::egress::{Egress, Purpose, read_capped};

/// The WebFinger link relation of the remote-follow template.
pub const SUBSCRIBE_REL: &str = "http://ostatus.org/schema/1.0/subscribe";
/// Largest WebFinger answer read, in bytes (a real one is well under 4 KiB).
const MAX_WEBFINGER_BYTES: usize = 64 * 1024;

/// The subscribe template of `account`, `None` when its server answers
/// without one.
pub async fn subscribe_template(
    data: &FedData,
    egress: &Egress,
    account: &AccountAddress,
) -> Result<Option<String>, CoreError> {
    Ok(template_in(&webfinger(data, egress, account, "account").await?))
}

/// The ActivityPub actor of `account`, from its server's WebFinger answer
/// (errors name the request's `field`). The answer is read leniently: a
/// link that is not a URL (legacy links some relays publish) is skipped,
/// not a reason to refuse the whole answer.
pub async fn actor_by_webfinger(
    data: &FedData,
    egress: &Egress,
    account: &AccountAddress,
    field: &'static str,
) -> Result<Url, CoreError> {
    let doc = webfinger(data, egress, account, field).await?;
    actor_in(&doc).ok_or_else(|| {
        CoreError::invalid(
            field,
            format!("{}'s WebFinger answer names no ActivityPub actor for {account}", account.host),
        )
    })
}

/// The WebFinger document of `account`, asked of its server.
async fn webfinger(
    data: &FedData,
    egress: &Egress,
    account: &AccountAddress,
    field: &'static str,
) -> Result<serde_json::Value, CoreError> {
    let host = &account.host;
    let unreachable = |why: String| CoreError::invalid(field, format!("{host} could not be asked: {why}"));
    // Plain http only in dev mode, where nodes run on http://localhost.
    let scheme = if data.dev_mode { "http" } else { "https" };
    let mut url = Url::parse(&format!("{scheme}://{host}/.well-known/webfinger"))
        .map_err(|_| CoreError::invalid(field, format!("'{account}' is not a fediverse address")))?;
    url.query_pairs_mut().append_pair("resource", &format!("acct:{account}"));
    if !data.domains.permits(&url).await? {
        return Err(CoreError::invalid(field, format!("this server does not exchange with {host}")));
    }
    let request = egress.get(&url, Purpose::Federation).map_err(|refused| unreachable(refused.to_string()))?;
    let response = request
        .header(reqwest::header::ACCEPT, "application/jrd+json, application/json")
        .send()
        .await
        .map_err(|e| unreachable(e.without_url().to_string()))?;
    let status = response.status();
    if status == reqwest::StatusCode::NOT_FOUND {
        return Err(CoreError::invalid(field, format!("{host} does not know the account {account}")));
    }
    if !status.is_success() {
        return Err(unreachable(format!("it answered {status}")));
    }
    let body = read_capped(response, MAX_WEBFINGER_BYTES).await.map_err(|e| unreachable(e.to_string()))?;
    serde_json::from_slice(&body).map_err(|_| unreachable("its answer is not WebFinger JSON".into()))
}

/// The actor a WebFinger document names: its `self` link of an
/// ActivityPub type (`application/activity+json`, or `application/ld+json`
/// with the ActivityStreams profile) whose `href` is an http(s) URL.
fn actor_in(doc: &serde_json::Value) -> Option<Url> {
    doc.get("links")?
        .as_array()?
        .iter()
        .filter(|l| l.get("rel").and_then(|r| r.as_str()) == Some("self"))
        .filter(|l| {
            l.get("type")
                .and_then(|t| t.as_str())
                .is_some_and(|t| t.starts_with("application/activity+json") || t.starts_with("application/ld+json"))
        })
        .filter_map(|l| Url::parse(l.get("href")?.as_str()?).ok())
        .find(|u| matches!(u.scheme(), "http" | "https"))
}

/// The subscribe template in a WebFinger document, if any.
fn template_in(doc: &serde_json::Value) -> Option<String> {
    doc.get("links")?
        .as_array()?
        .iter()
        .find(|l| l.get("rel").and_then(|r| r.as_str()) == Some(SUBSCRIBE_REL))
        .and_then(|l| l.get("template")?.as_str())
        .map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_template_is_read_from_a_mastodon_webfinger_answer() {
        let doc = serde_json::json!({
            "subject": "acct:alice@mastodon.example",
            "links": [
                { "rel": "self", "type": "application/activity+json", "href": "https://mastodon.example/users/alice" },
                { "rel": SUBSCRIBE_REL, "template": "https://mastodon.example/authorize_interaction?uri={uri}" }
            ]
        });
        assert_eq!(template_in(&doc).as_deref(), Some("https://mastodon.example/authorize_interaction?uri={uri}"));
        assert_eq!(template_in(&serde_json::json!({ "links": [{ "rel": "self" }] })), None);
        assert_eq!(template_in(&serde_json::json!({})), None);
    }

    #[test]
    fn the_actor_is_read_past_links_that_are_not_urls() {
        let doc = serde_json::json!({
            "subject": "acct:relay@relay.example",
            "links": [
                { "rel": "http://webfinger.net/rel/profile-page", "type": "text/html", "href": "relay" },
                { "rel": "self", "type": "application/activity+json", "href": "not a url" },
                { "rel": "self", "type": "application/activity+json", "href": "https://relay.example/actor" }
            ]
        });
        assert_eq!(actor_in(&doc).map(String::from).as_deref(), Some("https://relay.example/actor"));
        let html_only =
            serde_json::json!({ "links": [{ "rel": "self", "type": "text/html", "href": "https://x.example/a" }] });
        assert_eq!(actor_in(&html_only), None);
    }
}
