//! RFC 9421 HTTP Message Signatures, beside the cavage draft
//! ([`crate::signatures`]): what newer fediverse servers send
//! (`Signature-Input` and `Signature`, with an RFC 9530 `Content-Digest`).
//!
//! Verification takes the same two steps as the draft: [`precheck`] (no
//! network, no RSA: the headers parse, the covered components include the
//! method, the target and, with a body, its digest; `created` inside the
//! window; `expires`, when given, not past) builds the signature base, and
//! [`crate::signatures::Prechecked::verify`] checks it with the sender's key
//! (`rsa-v1_5-sha256`, or `ed25519` when the key is an Ed25519 key).
//!
//! Signing ([`sign`]) covers `@method`, `@target-uri`, `content-type` and
//! `content-digest`, with `created`, `keyid` and `alg="rsa-v1_5-sha256"`.
//!
//! Only the small part of RFC 8941 (structured fields) that these headers
//! use is read here: dictionaries whose members are inner lists of strings
//! or byte sequences, with parameters.

use std::collections::BTreeMap;
use std::time::{Duration, SystemTime};

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use sha2::{Digest, Sha256, Sha512};
use url::Url;

use crate::signatures::{
    Algorithm, Prechecked, SIGNATURE_MAX_LIFETIME, SIGNATURE_MAX_SKEW, SignatureError, SigningKey, check_window,
};

/// The algorithm name we sign with.
pub const ALG_RSA_V1_5_SHA256: &str = "rsa-v1_5-sha256";

/// A bare item of a structured field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BareItem {
    Integer(i64),
    String(String),
    Token(String),
    Bytes(Vec<u8>),
    Boolean(bool),
}

type Params = Vec<(String, BareItem)>;

/// A dictionary member: an item or an inner list, each with parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Member {
    Item(BareItem, Params),
    InnerList(Vec<(BareItem, Params)>, Params),
}

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
}

fn bad(what: &str) -> SignatureError {
    SignatureError::Malformed(format!("RFC 9421 header: {what}"))
}

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn skip_sp(&mut self) {
        while self.peek() == Some(b' ') {
            self.i += 1;
        }
    }

    fn skip_ows(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.i += 1;
        }
    }

    fn key(&mut self) -> Result<String, SignatureError> {
        let start = self.i;
        match self.peek() {
            Some(c) if c.is_ascii_lowercase() || c == b'*' => self.i += 1,
            _ => return Err(bad("a key must start with a lower-case letter")),
        }
        while matches!(self.peek(), Some(c) if c.is_ascii_lowercase() || c.is_ascii_digit() || b"_-.*".contains(&c)) {
            self.i += 1;
        }
        Ok(String::from_utf8_lossy(&self.s[start..self.i]).into_owned())
    }

    fn bare_item(&mut self) -> Result<BareItem, SignatureError> {
        match self.peek() {
            Some(b'"') => {
                self.i += 1;
                let mut out = String::new();
                loop {
                    match self.peek() {
                        None => return Err(bad("unterminated string")),
                        Some(b'"') => {
                            self.i += 1;
                            return Ok(BareItem::String(out));
                        }
                        Some(b'\\') => {
                            self.i += 1;
                            match self.peek() {
                                Some(c @ (b'"' | b'\\')) => {
                                    out.push(c as char);
                                    self.i += 1;
                                }
                                _ => return Err(bad("bad escape in a string")),
                            }
                        }
                        Some(c) if (0x20..0x7f).contains(&c) => {
                            out.push(c as char);
                            self.i += 1;
                        }
                        Some(_) => return Err(bad("a string holds a character it may not")),
                    }
                }
            }
            Some(b':') => {
                self.i += 1;
                let start = self.i;
                while matches!(self.peek(), Some(c) if c.is_ascii_alphanumeric() || b"+/=".contains(&c)) {
                    self.i += 1;
                }
                if self.peek() != Some(b':') {
                    return Err(bad("unterminated byte sequence"));
                }
                let bytes = BASE64.decode(&self.s[start..self.i]).map_err(|_| bad("a byte sequence is not base64"))?;
                self.i += 1;
                Ok(BareItem::Bytes(bytes))
            }
            Some(b'?') => {
                self.i += 1;
                let value = match self.peek() {
                    Some(b'1') => true,
                    Some(b'0') => false,
                    _ => return Err(bad("bad boolean")),
                };
                self.i += 1;
                Ok(BareItem::Boolean(value))
            }
            Some(c) if c == b'-' || c.is_ascii_digit() => {
                let start = self.i;
                self.i += 1;
                while matches!(self.peek(), Some(c) if c.is_ascii_digit()) {
                    self.i += 1;
                }
                let text = std::str::from_utf8(&self.s[start..self.i]).map_err(|_| bad("bad integer"))?;
                if text.trim_start_matches('-').len() > 15 {
                    return Err(bad("an integer has more than 15 digits"));
                }
                text.parse().map(BareItem::Integer).map_err(|_| bad("bad integer"))
            }
            Some(c) if c.is_ascii_alphabetic() || c == b'*' => {
                let start = self.i;
                while matches!(self.peek(), Some(c) if c.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~:/".contains(&c)) {
                    self.i += 1;
                }
                Ok(BareItem::Token(String::from_utf8_lossy(&self.s[start..self.i]).into_owned()))
            }
            _ => Err(bad("an item of an unknown kind")),
        }
    }

    fn params(&mut self) -> Result<Params, SignatureError> {
        let mut params: Params = Vec::new();
        while self.peek() == Some(b';') {
            self.i += 1;
            self.skip_sp();
            let key = self.key()?;
            let value = if self.peek() == Some(b'=') {
                self.i += 1;
                self.bare_item()?
            } else {
                BareItem::Boolean(true)
            };
            match params.iter_mut().find(|(k, _)| *k == key) {
                Some(slot) => slot.1 = value,
                None => params.push((key, value)),
            }
        }
        Ok(params)
    }

    fn member(&mut self) -> Result<Member, SignatureError> {
        if self.peek() == Some(b'(') {
            self.i += 1;
            let mut items = Vec::new();
            loop {
                self.skip_sp();
                if self.peek() == Some(b')') {
                    self.i += 1;
                    break;
                }
                let item = self.bare_item()?;
                let params = self.params()?;
                items.push((item, params));
                if !matches!(self.peek(), Some(b' ' | b')')) {
                    return Err(bad("bad inner list"));
                }
            }
            Ok(Member::InnerList(items, self.params()?))
        } else {
            let item = self.bare_item()?;
            Ok(Member::Item(item, self.params()?))
        }
    }
}

/// Parses an RFC 8941 dictionary (members in order; a later duplicate key
/// replaces an earlier one).
pub fn parse_dictionary(text: &str) -> Result<Vec<(String, Member)>, SignatureError> {
    let mut p = Parser { s: text.as_bytes(), i: 0 };
    let mut out: Vec<(String, Member)> = Vec::new();
    p.skip_sp();
    if p.peek().is_none() {
        return Ok(out);
    }
    loop {
        let key = p.key()?;
        let member = if p.peek() == Some(b'=') {
            p.i += 1;
            p.member()?
        } else {
            Member::Item(BareItem::Boolean(true), p.params()?)
        };
        match out.iter_mut().find(|(k, _)| *k == key) {
            Some(slot) => slot.1 = member,
            None => out.push((key, member)),
        }
        p.skip_ows();
        match p.peek() {
            None => return Ok(out),
            Some(b',') => {
                p.i += 1;
                p.skip_ows();
                if p.peek().is_none() {
                    return Err(bad("a trailing comma"));
                }
            }
            Some(_) => return Err(bad("members must be separated by commas")),
        }
    }
}

fn serialize_item(item: &BareItem, out: &mut String) {
    match item {
        BareItem::Integer(n) => out.push_str(&n.to_string()),
        BareItem::String(s) => {
            out.push('"');
            for c in s.chars() {
                if c == '"' || c == '\\' {
                    out.push('\\');
                }
                out.push(c);
            }
            out.push('"');
        }
        BareItem::Token(t) => out.push_str(t),
        BareItem::Bytes(b) => {
            out.push(':');
            out.push_str(&BASE64.encode(b));
            out.push(':');
        }
        BareItem::Boolean(true) => out.push_str("?1"),
        BareItem::Boolean(false) => out.push_str("?0"),
    }
}

fn serialize_params(params: &Params, out: &mut String) {
    for (k, v) in params {
        out.push(';');
        out.push_str(k);
        if *v != BareItem::Boolean(true) {
            out.push('=');
            serialize_item(v, out);
        }
    }
}

/// The serialization of an inner list with its parameters: the value of
/// the `@signature-params` line.
fn serialize_inner_list(items: &[(BareItem, Params)], params: &Params) -> String {
    let mut out = String::from("(");
    for (n, (item, p)) in items.iter().enumerate() {
        if n > 0 {
            out.push(' ');
        }
        serialize_item(item, &mut out);
        serialize_params(p, &mut out);
    }
    out.push(')');
    serialize_params(params, &mut out);
    out
}

/// The request as the receiver sees it: what the derived components are
/// made of. `authority` and `scheme` are this node's public ones (a
/// signature made for another server does not verify here).
pub struct Target<'a> {
    pub method: &'a str,
    pub scheme: &'a str,
    pub authority: &'a str,
    pub path_and_query: &'a str,
}

impl Target<'_> {
    fn component(&self, name: &str, headers: &BTreeMap<String, String>) -> Result<String, SignatureError> {
        let (path, query) = match self.path_and_query.split_once('?') {
            Some((p, q)) => (p, Some(q)),
            None => (self.path_and_query, None),
        };
        Ok(match name {
            "@method" => self.method.to_owned(),
            "@target-uri" => format!("{}://{}{}", self.scheme, self.authority, self.path_and_query),
            "@authority" => self.authority.to_ascii_lowercase(),
            "@scheme" => self.scheme.to_ascii_lowercase(),
            "@request-target" => self.path_and_query.to_owned(),
            "@path" => if path.is_empty() { "/" } else { path }.to_owned(),
            "@query" => format!("?{}", query.unwrap_or("")),
            n if n.starts_with('@') => return Err(bad(&format!("the component {n} is not supported"))),
            header => headers
                .get(header)
                .map(|v| v.trim().to_owned())
                .ok_or_else(|| bad(&format!("the covered header {header} is missing")))?,
        })
    }
}

/// The signature base (RFC 9421 §2.5) of the covered `components` with
/// `params`, and the `@signature-params` value.
fn signature_base(
    target: &Target<'_>,
    headers: &BTreeMap<String, String>,
    components: &[(BareItem, Params)],
    params: &Params,
) -> Result<String, SignatureError> {
    let mut base = String::new();
    for (item, p) in components {
        let BareItem::String(name) = item else { return Err(bad("a covered component is not a string")) };
        if !p.is_empty() {
            return Err(bad(&format!("parameters on the component {name} are not supported")));
        }
        if name.chars().any(|c| c.is_ascii_uppercase()) {
            return Err(bad("component names are lower case"));
        }
        base.push('"');
        base.push_str(name);
        base.push_str("\": ");
        base.push_str(&target.component(name, headers)?);
        base.push('\n');
    }
    base.push_str("\"@signature-params\": ");
    base.push_str(&serialize_inner_list(components, params));
    Ok(base)
}

/// The parts of a received RFC 9421 signature before any policy: label,
/// base, signature bytes, key id, algorithm, created and expires.
#[derive(Debug)]
pub struct Parsed {
    pub label: String,
    pub base: String,
    pub signature: Vec<u8>,
    pub key_id: String,
    pub alg: Option<String>,
    pub created: Option<i64>,
    pub expires: Option<i64>,
    pub covered: Vec<String>,
}

/// Reads the first signature of `Signature-Input` that `Signature` carries
/// and builds its base. No policy yet (see [`precheck`]).
pub fn parse(target: &Target<'_>, headers: &BTreeMap<String, String>) -> Result<Parsed, SignatureError> {
    let input = headers.get("signature-input").ok_or(SignatureError::Missing)?;
    let signature = headers.get("signature").ok_or(SignatureError::Missing)?;
    let inputs = parse_dictionary(input)?;
    let signatures = parse_dictionary(signature)?;
    let (label, components, params) = inputs
        .into_iter()
        .find_map(|(label, m)| match m {
            Member::InnerList(items, params) if signatures.iter().any(|(l, _)| *l == label) => {
                Some((label, items, params))
            }
            _ => None,
        })
        .ok_or_else(|| bad("no signature named in Signature-Input is in Signature"))?;
    let signature = match signatures.into_iter().find(|(l, _)| *l == label) {
        Some((_, Member::Item(BareItem::Bytes(b), _))) => b,
        _ => return Err(bad("the signature is not a byte sequence")),
    };
    let param = |name: &str| params.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
    let key_id = match param("keyid") {
        Some(BareItem::String(k)) => k,
        _ => return Err(bad("keyid is missing")),
    };
    let alg = match param("alg") {
        Some(BareItem::String(a)) => Some(a),
        None => None,
        Some(_) => return Err(bad("alg is not a string")),
    };
    let time = |name: &str| match param(name) {
        Some(BareItem::Integer(n)) => Ok(Some(n)),
        None => Ok(None),
        Some(_) => Err(bad(&format!("{name} is not an integer"))),
    };
    let (created, expires) = (time("created")?, time("expires")?);
    let covered = components
        .iter()
        .filter_map(|(i, _)| match i {
            BareItem::String(s) => Some(s.clone()),
            _ => None,
        })
        .collect();
    let base = signature_base(target, headers, &components, &params)?;
    Ok(Parsed { label, base, signature, key_id, alg, created, expires, covered })
}

/// Whether a `Content-Digest` (RFC 9530) names `body`'s SHA-256 or SHA-512.
pub fn content_digest_matches(header: &str, body: &[u8]) -> bool {
    let Ok(members) = parse_dictionary(header) else { return false };
    members.iter().any(|(alg, m)| match (alg.as_str(), m) {
        ("sha-256", Member::Item(BareItem::Bytes(b), _)) => b.as_slice() == Sha256::digest(body).as_slice(),
        ("sha-512", Member::Item(BareItem::Bytes(b), _)) => b.as_slice() == Sha512::digest(body).as_slice(),
        _ => false,
    })
}

/// `sha-256=:base64:` of a body (RFC 9530).
pub fn content_digest(body: &[u8]) -> String {
    format!("sha-256=:{}:", BASE64.encode(Sha256::digest(body)))
}

fn epoch(secs: i64) -> Result<SystemTime, SignatureError> {
    let secs = u64::try_from(secs).map_err(|_| SignatureError::Date)?;
    SystemTime::UNIX_EPOCH.checked_add(Duration::from_secs(secs)).ok_or(SignatureError::Date)
}

/// The cheap checks of an RFC 9421-signed request (no key needed):
/// - the signature covers `@method`, and the target: `@target-uri`, or
///   `@authority` with `@path` (and `@query` when there is one) or
///   `@request-target`; with a `body`, also `content-digest`, which must
///   match it;
/// - `created` is given and inside the window the draft's `Date` has (at
///   most [`crate::signatures::SIGNATURE_MAX_AGE`] old, at most
///   [`SIGNATURE_MAX_SKEW`] ahead); `expires`, when given, is not past and
///   not further ahead than [`SIGNATURE_MAX_LIFETIME`];
/// - `alg`, when given, is `rsa-v1_5-sha256` or `ed25519`.
pub fn precheck(
    target: &Target<'_>,
    headers: &BTreeMap<String, String>,
    body: Option<&[u8]>,
    now: SystemTime,
) -> Result<Prechecked, SignatureError> {
    let parsed = parse(target, headers)?;
    let covers = |name: &str| parsed.covered.iter().any(|c| c == name);
    if !covers("@method") {
        return Err(SignatureError::NotCovered("@method"));
    }
    let has_query = target.path_and_query.contains('?');
    let target_covered = covers("@target-uri")
        || (covers("@authority")
            && (covers("@request-target") || (covers("@path") && (!has_query || covers("@query")))));
    if !target_covered {
        return Err(SignatureError::NotCovered("@target-uri (or @authority and @path)"));
    }
    if let Some(body) = body {
        if !covers("content-digest") {
            return Err(SignatureError::NotCovered("content-digest"));
        }
        let digest = headers.get("content-digest").ok_or(SignatureError::Digest)?;
        if !content_digest_matches(digest, body) {
            return Err(SignatureError::Digest);
        }
    }
    let created = parsed.created.ok_or(SignatureError::NotCovered("created"))?;
    let created = epoch(created)?;
    check_window(created, now)?;
    if let Some(expires) = parsed.expires {
        let expires = epoch(expires)?;
        let expired = now.duration_since(expires).is_ok_and(|past| past > SIGNATURE_MAX_SKEW);
        let too_long = expires.duration_since(now).is_ok_and(|ahead| ahead > SIGNATURE_MAX_LIFETIME);
        if expired || too_long {
            return Err(SignatureError::Date);
        }
    }
    let algorithm = match parsed.alg.as_deref() {
        None => Algorithm::ByKey,
        Some(ALG_RSA_V1_5_SHA256) => Algorithm::RsaSha256,
        Some("ed25519") => Algorithm::Ed25519,
        Some(other) => return Err(SignatureError::Malformed(format!("the algorithm {other} is not supported"))),
    };
    Ok(Prechecked::new(parsed.key_id, parsed.base.into_bytes(), parsed.signature, algorithm).replayable_until(created))
}

/// Headers that sign a request the RFC 9421 way: `content-digest` (with a
/// body), `signature-input` and `signature` (label `sig1`). The caller
/// sends `content-type` as given here.
pub fn sign(
    key: &SigningKey,
    method: &str,
    url: &Url,
    content_digest: Option<&str>,
    content_type: Option<&str>,
    now: SystemTime,
) -> Result<Vec<(String, String)>, SignatureError> {
    let mut headers = BTreeMap::new();
    let mut components: Vec<(BareItem, Params)> =
        vec![(BareItem::String("@method".into()), vec![]), (BareItem::String("@target-uri".into()), vec![])];
    if let Some(ct) = content_type {
        headers.insert("content-type".to_owned(), ct.to_owned());
        components.push((BareItem::String("content-type".into()), vec![]));
    }
    if let Some(d) = content_digest {
        headers.insert("content-digest".to_owned(), d.to_owned());
        components.push((BareItem::String("content-digest".into()), vec![]));
    }
    let created = now.duration_since(SystemTime::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
    let params: Params = vec![
        ("created".into(), BareItem::Integer(i64::try_from(created).unwrap_or(0))),
        ("keyid".into(), BareItem::String(key.key_id().to_owned())),
        ("alg".into(), BareItem::String(ALG_RSA_V1_5_SHA256.into())),
    ];
    let authority = crate::signatures::host_header(url);
    let path_and_query = match url.query() {
        Some(q) => format!("{}?{q}", url.path()),
        None => url.path().to_owned(),
    };
    let target = Target { method, scheme: url.scheme(), authority: &authority, path_and_query: &path_and_query };
    let base = signature_base(&target, &headers, &components, &params)?;
    let signature = key.sign_bytes(base.as_bytes())?;
    let mut out: Vec<(String, String)> = headers.into_iter().collect();
    out.push(("signature-input".into(), format!("sig1={}", serialize_inner_list(&components, &params))));
    out.push(("signature".into(), format!("sig1=:{}:", BASE64.encode(signature))));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 9421, appendix B.1.4: the test Ed25519 key.
    const RFC_ED25519_PUBLIC: &str = "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAJrQLj5P/89iXES9+vFgrIy29clF9CC/oPPsw3c5D0bs=\n-----END PUBLIC KEY-----\n";

    /// RFC 9421, appendix B.2: the test request's headers, and B.2.6's
    /// signature of it.
    fn rfc_request() -> BTreeMap<String, String> {
        [
            ("host", "example.com"),
            ("date", "Tue, 20 Apr 2021 02:07:55 GMT"),
            ("content-type", "application/json"),
            (
                "content-digest",
                "sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:",
            ),
            ("content-length", "18"),
            (
                "signature-input",
                r#"sig-b26=("date" "@method" "@path" "@authority" "content-type" "content-length");created=1618884473;keyid="test-key-ed25519""#,
            ),
            (
                "signature",
                "sig-b26=:wqcAqbmYJ2ji2glfAMaRy4gruYYnx2nEFN2HN6jrnDnQCK1u02Gb04v9EDgwUPiu4A0w6vuQv5lIp5WPpBKRCw==:",
            ),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect()
    }

    const RFC_TARGET: Target<'static> = Target {
        method: "POST",
        scheme: "https",
        authority: "example.com",
        path_and_query: "/foo?param=Value&Pet=dog",
    };

    #[test]
    fn the_rfc_9421_ed25519_example_verifies_and_a_changed_header_does_not() {
        let headers = rfc_request();
        let parsed = parse(&RFC_TARGET, &headers).expect("parses");
        assert_eq!(
            parsed.base,
            "\"date\": Tue, 20 Apr 2021 02:07:55 GMT\n\"@method\": POST\n\"@path\": /foo\n\"@authority\": example.com\n\"content-type\": application/json\n\"content-length\": 18\n\"@signature-params\": (\"date\" \"@method\" \"@path\" \"@authority\" \"content-type\" \"content-length\");created=1618884473;keyid=\"test-key-ed25519\""
        );
        let pre = Prechecked::new(parsed.key_id, parsed.base.into_bytes(), parsed.signature, Algorithm::ByKey);
        pre.verify(RFC_ED25519_PUBLIC).expect("the RFC's signature verifies");

        let mut changed = rfc_request();
        changed.insert("content-type".into(), "text/plain".into());
        let parsed = parse(&RFC_TARGET, &changed).expect("parses");
        let pre = Prechecked::new(parsed.key_id, parsed.base.into_bytes(), parsed.signature, Algorithm::ByKey);
        assert!(matches!(pre.verify(RFC_ED25519_PUBLIC), Err(SignatureError::Invalid(_))));

        // As a whole request it is refused: signed in 2021, and its body's
        // digest is not covered.
        let body = br#"{"hello": "world"}"#;
        assert!(content_digest_matches(&headers["content-digest"], body));
        assert!(precheck(&RFC_TARGET, &headers, Some(body), SystemTime::now()).is_err());
    }

    #[test]
    fn our_signatures_verify_with_the_public_key_and_bind_method_target_and_body() {
        let keys = crate::keys::generate_keypair().expect("keys");
        let actor = Url::parse("http://localhost:8081/actors/seoul").expect("url");
        let key = SigningKey::from_pem(&actor, &keys.private_pem).expect("key");
        let inbox = Url::parse("http://localhost:8082/inbox").expect("url");
        let body = br#"{"id":"x"}"#;
        let now = SystemTime::now();
        let signed = sign(&key, "POST", &inbox, Some(&content_digest(body)), Some("application/activity+json"), now)
            .expect("sign");
        let headers: BTreeMap<String, String> = signed.into_iter().collect();
        let target = Target { method: "POST", scheme: "http", authority: "localhost:8082", path_and_query: "/inbox" };
        let pre = precheck(&target, &headers, Some(body), now).expect("precheck");
        assert_eq!(pre.key_id(), key.key_id());
        pre.verify(&keys.public_pem).expect("verifies");

        assert_eq!(precheck(&target, &headers, Some(b"{}"), now).map(|_| ()), Err(SignatureError::Digest));
        let other = Target { authority: "elsewhere.example", ..target };
        let pre = precheck(&other, &headers, Some(body), now).expect("precheck");
        assert!(pre.verify(&keys.public_pem).is_err(), "made for another server");
        let later = now + Duration::from_secs(2 * 60 * 60);
        assert_eq!(precheck(&target, &headers, Some(body), later).map(|_| ()), Err(SignatureError::Date));
    }

    /// What a hostile sender controls is every byte of these headers:
    /// every prefix and every single-byte change of real ones is answered
    /// (accepted or refused), never a panic.
    #[test]
    fn truncated_and_mutated_headers_never_panic() {
        let now = SystemTime::now();
        let body = br#"{"hello": "world"}"#;
        for name in ["signature-input", "signature", "content-digest"] {
            let original = rfc_request()[name].clone();
            let bytes = original.as_bytes();
            let mut variants: Vec<String> =
                (0..=bytes.len()).map(|n| String::from_utf8_lossy(&bytes[..n]).into()).collect();
            for i in 0..bytes.len() {
                for b in [b'"', b'(', b')', b';', b'=', b':', b',', b' ', b'-', b'9', b'\\', 0x7f, 0xff] {
                    let mut changed = bytes.to_vec();
                    changed[i] = b;
                    variants.push(String::from_utf8_lossy(&changed).into());
                }
            }
            for v in variants {
                let mut headers = rfc_request();
                headers.insert(name.to_owned(), v);
                let _ = precheck(&RFC_TARGET, &headers, Some(body), now);
                let _ = content_digest_matches(&headers["content-digest"], body);
            }
        }
    }

    #[test]
    fn structured_fields_round_trip_and_garbage_is_refused() {
        let text = r#"sig1=("@method" "@target-uri" "content-digest");created=1700000000;keyid="https://a.example/u#k";alg="rsa-v1_5-sha256""#;
        let dict = parse_dictionary(text).expect("parses");
        let Member::InnerList(items, params) = &dict[0].1 else { panic!("an inner list") };
        assert_eq!(format!("sig1={}", serialize_inner_list(items, params)), text);
        for garbage in ["sig1=(", "sig1=(\"a", "Sig=1", "sig1=:!!:", "a=1,", "a=1 b=2", "a=9999999999999999"] {
            assert!(parse_dictionary(garbage).is_err(), "{garbage}");
        }
    }
}
