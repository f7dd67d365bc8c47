//! ActivityStreams on the wire: the JSON-LD context we publish, and lenient
//! readers for what other servers send. Readers accept every shape seen in
//! the wild (a string or an object or an array where AS2 allows it) and
//! ignore fields they do not know.

use serde::Deserialize;
use serde_json::{Value, json};
use url::Url;

pub const AS_CONTEXT: &str = "https://www.w3.org/ns/activitystreams";
pub const SECURITY_CONTEXT: &str = "https://w3id.org/security/v1";
/// The namespace of our extension terms. The terms are defined inline in
/// every `@context` we send, so no processor ever has to fetch this URL.
pub const ECITIES_NS: &str = "https://w3id.org/ecities/ns#";
pub const PUBLIC: &str = "https://www.w3.org/ns/activitystreams#Public";
/// Content type of every ActivityPub document we serve or send.
pub const ACTIVITY_JSON: &str = "application/activity+json";

/// The `@context` of everything we publish: ActivityStreams, the security
/// vocabulary (for `publicKey`) and our typed practice fields.
pub fn context() -> Value {
    json!([
        AS_CONTEXT,
        SECURITY_CONTEXT,
        {
            "ecities": ECITIES_NS,
            "xsd": "http://www.w3.org/2001/XMLSchema#",
            "Hashtag": "as:Hashtag",
            "sensitive": "as:sensitive",
            "manuallyApprovesFollowers": "as:manuallyApprovesFollowers",
            "discoverable": "http://joinmastodon.org/ns#discoverable",
            "schema": "http://schema.org#",
            "PropertyValue": "schema:PropertyValue",
            "value": "schema:value",
            "practiceKind": "ecities:practiceKind",
            "sdgGoals": { "@id": "ecities:sdgGoals", "@container": "@set" },
            "mdgGoals": { "@id": "ecities:mdgGoals", "@container": "@set" },
            "country": "ecities:country",
            "unRegion": "ecities:unRegion",
            "unSubregion": "ecities:unSubregion",
            "themes": { "@id": "ecities:themes", "@container": "@set" },
            "problem": "ecities:problem",
            "solution": "ecities:solution",
            "results": "ecities:results",
            "lessonsLearned": "ecities:lessonsLearned",
            "periodStart": { "@id": "ecities:periodStart", "@type": "xsd:date" },
            "periodEnd": { "@id": "ecities:periodEnd", "@type": "xsd:date" },
            "license": "ecities:license",
            "sourcePortal": { "@id": "ecities:sourcePortal", "@type": "@id" },
            "links": { "@id": "ecities:links", "@type": "@id", "@container": "@set" },
            "adoptedFrom": { "@id": "ecities:adoptedFrom", "@type": "@id", "@container": "@set" },
            "moderated": { "@id": "ecities:moderated", "@type": "xsd:boolean" },
            "archive": { "@id": "ecities:archive", "@type": "xsd:boolean" },
            "TranslationRequest": "ecities:TranslationRequest",
            "targetLanguage": "ecities:targetLanguage",
            "translationStatus": { "@id": "ecities:translationStatus", "@type": "@json" },
            "endorsement": "ecities:endorsement",
            "members": { "@id": "ecities:members", "@type": "@id" },
            "digestMultibase": {
                "@id": "https://w3id.org/security#digestMultibase",
                "@type": "https://w3id.org/security#multibase"
            },
            "size": { "@id": "ecities:size", "@type": "xsd:nonNegativeInteger" },
            "caption": "ecities:caption"
        }
    ])
}

/// The id of a value that is either an IRI string or an object with `id`.
pub fn id_of(v: &Value) -> Option<Url> {
    match v {
        Value::String(s) => Url::parse(s).ok(),
        Value::Object(o) => o.get("id").and_then(Value::as_str).and_then(|s| Url::parse(s).ok()),
        Value::Array(a) => a.iter().find_map(id_of),
        _ => None,
    }
}

/// Every id of a value that may be one item or an array.
pub fn ids_of(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::Array(a)) => a.iter().filter_map(id_or_str).collect(),
        Some(x) => id_or_str(x).into_iter().collect(),
        None => Vec::new(),
    }
}

fn id_or_str(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Object(o) => o.get("id").and_then(Value::as_str).map(str::to_owned),
        _ => None,
    }
}

/// The `type` of an object; for arrays, the first string.
pub fn type_of(v: &Value) -> Option<&str> {
    match v.get("type")? {
        Value::String(s) => Some(s),
        Value::Array(a) => a.iter().find_map(Value::as_str),
        _ => None,
    }
}

/// Whether an object is addressed to the public (`to` or `cc`), in any of
/// the three spellings JSON-LD allows.
pub fn is_public(object: &Value) -> bool {
    ["to", "cc", "audience"].iter().any(|field| ids_of(object.get(*field)).iter().any(|r| is_public_iri(r)))
}

/// Whether `iri` names the Public collection, in any of the three
/// spellings JSON-LD allows (`https://www.w3.org/ns/activitystreams#Public`,
/// `as:Public`, `Public`).
pub fn is_public_iri(iri: &str) -> bool {
    iri == PUBLIC || iri == "as:Public" || iri == "Public"
}

/// First http(s) URL of an AS2 `url` (string, Link object, or array of
/// either; a Link with `mediaType: text/html` is preferred).
pub fn first_url(v: Option<&Value>) -> Option<Url> {
    let parse = ecities_core::urls::web_url;
    match v? {
        Value::String(s) => parse(s),
        Value::Object(o) => o.get("href").and_then(Value::as_str).and_then(parse),
        Value::Array(a) => {
            let html = a.iter().find(|l| l.get("mediaType").and_then(Value::as_str) == Some("text/html"));
            html.and_then(|l| first_url(Some(l))).or_else(|| a.iter().find_map(|l| first_url(Some(l))))
        }
        _ => None,
    }
}

/// A `publicKey` as found in actor documents.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PublicKeyDoc {
    pub id: String,
    #[serde(default)]
    pub owner: Option<String>,
    pub public_key_pem: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EndpointsDoc {
    #[serde(default)]
    pub shared_inbox: Option<Url>,
}

/// An actor document from any server (Person, Service, Group, …).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ActorDoc {
    pub id: Url,
    #[serde(rename = "type")]
    pub kind: Value,
    #[serde(default)]
    pub preferred_username: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub url: Option<Value>,
    #[serde(default)]
    pub icon: Option<Value>,
    pub inbox: Url,
    #[serde(default)]
    pub outbox: Option<Url>,
    #[serde(default)]
    pub followers: Option<Url>,
    #[serde(default)]
    pub following: Option<Url>,
    #[serde(default)]
    pub endpoints: Option<Value>,
    /// One key, or several (Mitra, FEP-521a style): see [`ActorDoc::main_key`].
    #[serde(default)]
    pub public_key: Option<Value>,
    /// `ecities:country` (ISO 3166-1 alpha-2) of an ecities actor; anything
    /// else is ignored.
    #[serde(default)]
    pub country: Option<Value>,
}

impl ActorDoc {
    pub fn type_name(&self) -> &str {
        match &self.kind {
            Value::String(s) => s,
            Value::Array(a) => a.iter().find_map(Value::as_str).unwrap_or("Person"),
            _ => "Person",
        }
    }

    /// The RSA key the actor signs with: the one owned by the actor.
    pub fn main_key(&self) -> Option<PublicKeyDoc> {
        let keys: Vec<PublicKeyDoc> = match self.public_key.as_ref()? {
            Value::Array(a) => a.iter().filter_map(|k| serde_json::from_value(k.clone()).ok()).collect(),
            other => serde_json::from_value(other.clone()).ok().into_iter().collect(),
        };
        keys.into_iter().find(|k| k.owner.as_deref().is_none_or(|o| o == self.id.as_str()))
    }

    pub fn shared_inbox(&self) -> Option<Url> {
        let e = self.endpoints.as_ref()?;
        serde_json::from_value::<EndpointsDoc>(e.clone()).ok()?.shared_inbox
    }

    pub fn icon_url(&self) -> Option<Url> {
        first_url(self.icon.as_ref().and_then(|i| i.get("url")).or(self.icon.as_ref()))
    }
}

/// Same origin: scheme, host and port all equal. (activitypub_federation's
/// `verify_domains_match` ignores ports, which matters on `localhost:PORT`.)
pub fn same_origin(a: &Url, b: &Url) -> bool {
    a.scheme() == b.scheme() && a.host_str() == b.host_str() && a.port_or_known_default() == b.port_or_known_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addressing_is_public_in_every_spelling() {
        assert!(is_public(&json!({"to": [PUBLIC]})));
        assert!(is_public(&json!({"cc": "as:Public"})));
        assert!(is_public(&json!({"to": "Public"})));
        assert!(!is_public(&json!({"to": ["https://x.example/users/a"]})));
    }

    #[test]
    fn urls_come_from_strings_links_and_arrays() {
        assert_eq!(
            first_url(Some(&json!("https://a.example/p"))).map(|u| u.to_string()),
            Some("https://a.example/p".into())
        );
        let links = json!([{"type": "Link", "mediaType": "application/x-mpegURL", "href": "https://a.example/v.m3u8"}, {"type": "Link", "mediaType": "text/html", "href": "https://a.example/v"}]);
        assert_eq!(first_url(Some(&links)).map(|u| u.to_string()), Some("https://a.example/v".into()));
    }

    #[test]
    fn origins_compare_ports() {
        let a = Url::parse("http://localhost:8081/x").expect("url");
        let b = Url::parse("http://localhost:8082/x").expect("url");
        assert!(!same_origin(&a, &b));
        assert!(same_origin(&a, &Url::parse("http://localhost:8081/y").expect("url")));
    }
}
