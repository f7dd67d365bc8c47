//! HTTP Signatures (draft-cavage, as Mastodon, GoToSocial, Lemmy and
//! Misskey speak them) with a `Digest` over the body.
//!
//! We sign and verify ourselves, on top of `http-signature-normalization`
//! (the signing-string rules) and `rsa`, instead of through
//! activitypub_federation: its inbox fetches the sender's actor *before*
//! looking at the signature and its sender counts 4xx answers as delivered.
//! Here an inbox POST is checked in two steps:
//!
//! 1. [`precheck`] — no network, no RSA: a `Signature` header that parses,
//!    a `Digest` that matches the body, a signed `Date` (or `(created)`)
//!    inside the allowed window, a key id. Anything else is refused before
//!    any other work, so an unsigned POST never makes us fetch anything.
//! 2. [`Prechecked::verify`] — RSA verification with the key of the actor
//!    the key id belongs to (fetched or cached by the caller).

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use http_signature_normalization::Config;
use rsa::pkcs1v15::Pkcs1v15Sign;
use rsa::pkcs8::{DecodePrivateKey, DecodePublicKey};
use rsa::{RsaPrivateKey, RsaPublicKey};
use sha2::{Digest, Sha256};
use url::Url;

/// How old a signature may be. Mastodon allows 12 hours of clock skew and
/// queue delay; one hour (what activitypub_federation uses) keeps replays short
/// while tolerating slow queues.
pub const SIGNATURE_MAX_AGE: Duration = Duration::from_secs(60 * 60);
/// How far in the future a `Date` may be (clock skew).
pub const SIGNATURE_MAX_SKEW: Duration = Duration::from_secs(5 * 60);
/// Furthest `(expires)` accepted: a signature that claims to stay valid
/// for days is a replay waiting to happen.
pub const SIGNATURE_MAX_LIFETIME: Duration = Duration::from_secs(24 * 60 * 60);

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SignatureError {
    #[error("the request is not signed (no Signature header)")]
    Missing,
    #[error("the Signature header cannot be read: {0}")]
    Malformed(String),
    #[error("the Digest header is missing or does not match the body")]
    Digest,
    #[error("the signed Date, (created) or (expires) is missing, too old or too far in the future")]
    Date,
    #[error("the signature does not cover {0}")]
    NotCovered(&'static str),
    #[error("the signature was made for another server ({0})")]
    OtherHost(String),
    #[error("the signature does not verify with the key of {0}")]
    Invalid(String),
    #[error("the key of {0} cannot be read")]
    BadKey(String),
}

/// `SHA-256=base64(sha256(body))`.
pub fn digest_header(body: &[u8]) -> String {
    format!("SHA-256={}", BASE64.encode(Sha256::digest(body)))
}

/// A private key parsed once (parsing PEM per delivery is wasted work).
///
/// Signing uses aws-lc-rs: measured on this machine kind it signs RSA-2048
/// about six times faster than the `rsa` crate (~3,900 against ~635
/// signatures per CPU-second) and is not affected by RUSTSEC-2023-0071.
/// Keys are still stored as PKCS#8 PEM, as activitypub_federation makes them.
#[derive(Clone)]
pub struct SigningKey {
    key: Arc<aws_lc_rs::rsa::KeyPair>,
    key_id: String,
}

impl std::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SigningKey").field("key_id", &self.key_id).finish_non_exhaustive()
    }
}

impl SigningKey {
    /// `actor` is the actor URL; the key id is `{actor}#main-key`.
    pub fn from_pem(actor: &Url, private_pem: &str) -> Result<Self, SignatureError> {
        let bad = || SignatureError::BadKey(actor.to_string());
        // PKCS#8 or PKCS#1 PEM in, PKCS#8 DER out: what aws-lc-rs reads.
        let parsed = RsaPrivateKey::from_pkcs8_pem(private_pem)
            .or_else(|_| rsa::pkcs1::DecodeRsaPrivateKey::from_pkcs1_pem(private_pem))
            .map_err(|_| bad())?;
        let der = rsa::pkcs8::EncodePrivateKey::to_pkcs8_der(&parsed).map_err(|_| bad())?;
        let key = aws_lc_rs::rsa::KeyPair::from_pkcs8(der.as_bytes()).map_err(|_| bad())?;
        Ok(Self { key: Arc::new(key), key_id: main_key_id(actor) })
    }

    /// The raw signature of `message` (RSASSA-PKCS1-v1_5 with SHA-256).
    pub fn sign_bytes(&self, message: &[u8]) -> Result<Vec<u8>, SignatureError> {
        let mut sig = vec![0u8; self.key.public_modulus_len()];
        let rng = aws_lc_rs::rand::SystemRandom::new();
        self.key
            .sign(&aws_lc_rs::signature::RSA_PKCS1_SHA256, &rng, message, &mut sig)
            .map_err(|_| SignatureError::BadKey(self.key_id.clone()))?;
        Ok(sig)
    }

    pub fn key_id(&self) -> &str {
        &self.key_id
    }

    /// Headers to add to a request: `Host`, `Date`, `Digest` (for bodies)
    /// and `Signature`. Mastodon-compatible form: `(request-target)`, host,
    /// date, digest and content-type are signed; no `(created)`, which older
    /// servers (Pleroma, Misskey) do not accept.
    pub fn sign(
        &self,
        method: &str,
        url: &Url,
        body: Option<&[u8]>,
        content_type: Option<&str>,
    ) -> Result<Vec<(String, String)>, SignatureError> {
        self.sign_with_digest(method, url, body.map(digest_header), content_type)
    }

    /// As [`Self::sign`], with the body's `Digest` header value already
    /// computed (one activity's deliveries share a body: hashed once).
    pub fn sign_with_digest(
        &self,
        method: &str,
        url: &Url,
        digest: Option<String>,
        content_type: Option<&str>,
    ) -> Result<Vec<(String, String)>, SignatureError> {
        let mut headers = BTreeMap::new();
        headers.insert("host".to_owned(), host_header(url));
        headers.insert("date".to_owned(), httpdate::fmt_http_date(SystemTime::now()));
        if let Some(digest) = digest {
            headers.insert("digest".to_owned(), digest);
        }
        if let Some(ct) = content_type {
            headers.insert("content-type".to_owned(), ct.to_owned());
        }
        let path = match url.query() {
            Some(q) => format!("{}?{}", url.path(), q),
            None => url.path().to_owned(),
        };
        let signed = Config::new()
            .mastodon_compat()
            .begin_sign(method, &path, headers.clone())
            .map_err(|e| SignatureError::Malformed(e.to_string()))?
            .sign(self.key_id.clone(), |signing_string| {
                self.sign_bytes(signing_string.as_bytes()).map(|sig| BASE64.encode(sig))
            })?;
        let mut out: Vec<(String, String)> = headers.into_iter().collect();
        out.push(("signature".to_owned(), signed.signature_header()));
        Ok(out)
    }
}

/// Checks that `private_pem` signs and `public_pem` verifies what it
/// signed (a key pair that belongs together; for `ecities doctor`).
pub fn check_key_pair(actor: &Url, private_pem: &str, public_pem: &str) -> Result<(), SignatureError> {
    let key = SigningKey::from_pem(actor, private_pem)?;
    let message = b"ecities key check";
    let signature = key.sign_bytes(message)?;
    let public = RsaPublicKey::from_public_key_pem(public_pem.trim())
        .or_else(|_| rsa::pkcs1::DecodeRsaPublicKey::from_pkcs1_pem(public_pem.trim()))
        .map_err(|_| SignatureError::BadKey(actor.to_string()))?;
    public
        .verify(Pkcs1v15Sign::new::<Sha256>(), &Sha256::digest(message), &signature)
        .map_err(|_| SignatureError::Invalid(format!("{actor} (the public key does not match the private key)")))
}

pub fn main_key_id(actor: &Url) -> String {
    format!("{actor}#main-key")
}

/// `host[:port]` of a URL, as in the `Host` header (empty without a host).
pub(crate) fn host_header(url: &Url) -> String {
    match (url.host_str(), url.port()) {
        (Some(h), Some(p)) => format!("{h}:{p}"),
        (Some(h), None) => h.to_owned(),
        _ => String::new(),
    }
}

/// How a signature's bytes are checked against the sender's key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Algorithm {
    /// By the key: RSASSA-PKCS1-v1_5 with SHA-256 for an RSA key (the
    /// draft's `hs2019` and `rsa-sha256`), Ed25519 for an Ed25519 key.
    ByKey,
    /// RFC 9421 `rsa-v1_5-sha256`.
    RsaSha256,
    /// RFC 9421 `ed25519`.
    Ed25519,
}

/// A request whose signature header, digest and date passed the cheap
/// checks; the key check is still to do. Both signature forms end here:
/// the draft's signing string or RFC 9421's signature base is `message`.
#[derive(Debug)]
pub struct Prechecked {
    key_id: String,
    message: Vec<u8>,
    signature: Vec<u8>,
    algorithm: Algorithm,
    /// For RFC 9421 signatures: the signature's hash and until when a copy
    /// of it would still pass the date window ([`ReplayGuard`]).
    replay: Option<([u8; 32], SystemTime)>,
}

impl Prechecked {
    pub fn new(key_id: String, message: Vec<u8>, signature: Vec<u8>, algorithm: Algorithm) -> Self {
        Self { key_id, message, signature, algorithm, replay: None }
    }

    /// Marks the signature as one a [`ReplayGuard`] refuses twice: a copy
    /// made at `created` passes the window until `created` + [`SIGNATURE_MAX_AGE`].
    pub fn replayable_until(mut self, created: SystemTime) -> Self {
        let hash: [u8; 32] = Sha256::digest(&self.signature).into();
        self.replay = Some((hash, created.checked_add(SIGNATURE_MAX_AGE).unwrap_or(created)));
        self
    }

    /// The key id the request claims to be signed with.
    pub fn key_id(&self) -> &str {
        &self.key_id
    }

    /// The URL of the key id without its fragment: the actor for Mastodon
    /// style ids (`…/users/a#main-key`), the key document for others.
    pub fn key_url(&self) -> Result<Url, SignatureError> {
        let mut u = Url::parse(&self.key_id)
            .map_err(|_| SignatureError::Malformed(format!("key id '{}' is not a URL", self.key_id)))?;
        u.set_fragment(None);
        Ok(u)
    }

    /// Verifies the signature with `public_pem` (an RSA key, PKCS#8 or
    /// PKCS#1, or an Ed25519 key).
    pub fn verify(&self, public_pem: &str) -> Result<(), SignatureError> {
        let invalid = || SignatureError::Invalid(self.key_id.clone());
        let rsa = rsa_verifying_key(public_pem);
        match (rsa, self.algorithm) {
            (Some(key), Algorithm::ByKey | Algorithm::RsaSha256) => {
                key.verify_sig(&self.message, &self.signature).map_err(|_| invalid())
            }
            (Some(_), Algorithm::Ed25519) => Err(invalid()),
            (None, Algorithm::ByKey | Algorithm::Ed25519) => {
                let key = ed25519_public_key(public_pem).ok_or_else(|| SignatureError::BadKey(self.key_id.clone()))?;
                aws_lc_rs::signature::UnparsedPublicKey::new(&aws_lc_rs::signature::ED25519, key)
                    .verify(&self.message, &self.signature)
                    .map_err(|_| invalid())
            }
            (None, Algorithm::RsaSha256) => Err(SignatureError::BadKey(self.key_id.clone())),
        }
    }
}

/// Parsed RSA public keys by their PEM: the inbox verifies every request
/// with one of a few hundred keys, and parsing (PEM, DER, the key's
/// modulus) costs more than a third of an aws-lc-rs verification.
static RSA_KEYS: std::sync::LazyLock<std::sync::Mutex<std::collections::HashMap<String, RsaKey>>> =
    std::sync::LazyLock::new(Default::default);
type RsaKey = Arc<aws_lc_rs::signature::ParsedPublicKey>;
/// Above this many parsed keys the cache starts over (a key costs about
/// 1 KB; a node hears from a few thousand servers at most).
const RSA_KEYS_MAX: usize = 4096;

/// The RSA public key of `pem` (PKCS#8 or PKCS#1), parsed once, verified
/// with aws-lc-rs: about ten times faster than the `rsa` crate (~55,000
/// against ~5,400 verifications per core-second here). Keys of 1024 bits
/// and more are accepted, as with the `rsa` crate before; `None` when
/// `pem` is not an RSA public key.
fn rsa_verifying_key(pem: &str) -> Option<RsaKey> {
    let pem = pem.trim();
    if let Ok(keys) = RSA_KEYS.lock()
        && let Some(key) = keys.get(pem)
    {
        return Some(key.clone());
    }
    let parsed =
        RsaPublicKey::from_public_key_pem(pem).or_else(|_| rsa::pkcs1::DecodeRsaPublicKey::from_pkcs1_pem(pem)).ok()?;
    let der = rsa::pkcs1::EncodeRsaPublicKey::to_pkcs1_der(&parsed).ok()?;
    let key = Arc::new(
        aws_lc_rs::signature::ParsedPublicKey::new(
            &aws_lc_rs::signature::RSA_PKCS1_1024_8192_SHA256_FOR_LEGACY_USE_ONLY,
            der.as_bytes(),
        )
        .ok()?,
    );
    if let Ok(mut keys) = RSA_KEYS.lock() {
        if keys.len() >= RSA_KEYS_MAX {
            keys.clear();
        }
        keys.insert(pem.to_owned(), key.clone());
    }
    Some(key)
}

/// The 32 key bytes of an Ed25519 public key in SPKI PEM (`MCowBQYDK2VwAyEA…`).
fn ed25519_public_key(pem: &str) -> Option<Vec<u8>> {
    const SPKI_PREFIX: [u8; 12] = [0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00];
    let b64: String = pem.lines().filter(|l| !l.starts_with("-----")).map(str::trim).collect();
    let der = BASE64.decode(b64).ok()?;
    (der.len() == 44 && der[..12] == SPKI_PREFIX).then(|| der[12..].to_vec())
}

/// RFC 9421 signatures seen in the last [`SIGNATURE_MAX_AGE`]: the same
/// signature twice is a replay and refused (a sender that retries signs
/// again, with a new `created`). In memory, per process: the activity-id
/// claims in the database still make a replay that reaches another process
/// a no-op.
#[derive(Debug, Default)]
pub struct ReplayGuard {
    seen: std::sync::Mutex<std::collections::HashMap<[u8; 32], SystemTime>>,
}

/// Above this many remembered signatures, expired ones are pruned.
const REPLAY_PRUNE_ABOVE: usize = 10_000;

impl ReplayGuard {
    /// Whether `pre`'s signature was already used (cheap; before any key
    /// is fetched).
    pub fn seen(&self, pre: &Prechecked) -> bool {
        let Some((hash, _)) = &pre.replay else { return false };
        self.seen.lock().map(|s| s.contains_key(hash)).unwrap_or(false)
    }

    /// Remembers a verified signature; `false` when it was already there
    /// (a copy verified at the same moment).
    pub fn remember(&self, pre: &Prechecked, now: SystemTime) -> bool {
        let Some((hash, until)) = pre.replay else { return true };
        let Ok(mut seen) = self.seen.lock() else { return true };
        if seen.len() > REPLAY_PRUNE_ABOVE {
            seen.retain(|_, until| *until > now);
        }
        seen.insert(hash, until).is_none()
    }
}

/// The cheap checks of any signed request, in whichever form it is signed:
/// RFC 9421 when it carries `Signature-Input`, else the cavage draft.
/// `body` is `None` for a GET (no digest is required then). `scheme` and
/// `local_host` are this node's public ones.
pub fn precheck_request(
    method: &str,
    scheme: &str,
    path_and_query: &str,
    headers: &BTreeMap<String, String>,
    body: Option<&[u8]>,
    local_host: &str,
    now: SystemTime,
) -> Result<Prechecked, SignatureError> {
    if headers.contains_key("signature-input") {
        let target = crate::rfc9421::Target { method, scheme, authority: local_host, path_and_query };
        return crate::rfc9421::precheck(&target, headers, body, now);
    }
    match body {
        Some(body) => precheck(method, path_and_query, headers, body, local_host, now),
        None => cavage(method, path_and_query, headers, None, local_host, now),
    }
}

/// The cheap checks of an inbox POST (see the module documentation).
/// `headers` are lower-case names with their values; `local_host` is this
/// node's public host (`city.example` or `localhost:8081`), which the
/// signature must name: a signature made for another server is refused.
///
/// The signature must cover `(request-target)` (method and path), `host`,
/// `digest` (the body) and `date` or `(created)`; a signed `Date` and
/// `(created)` must be inside the window (at most [`SIGNATURE_MAX_AGE`] old,
/// at most [`SIGNATURE_MAX_SKEW`] ahead) and `(expires)`, when signed, not
/// past and not further ahead than [`SIGNATURE_MAX_LIFETIME`].
pub fn precheck(
    method: &str,
    path_and_query: &str,
    headers: &BTreeMap<String, String>,
    body: &[u8],
    local_host: &str,
    now: SystemTime,
) -> Result<Prechecked, SignatureError> {
    cavage(method, path_and_query, headers, Some(body), local_host, now)
}

/// The draft's checks; without a `body` (a GET) no `Digest` is required.
fn cavage(
    method: &str,
    path_and_query: &str,
    headers: &BTreeMap<String, String>,
    body: Option<&[u8]>,
    local_host: &str,
    now: SystemTime,
) -> Result<Prechecked, SignatureError> {
    if !headers.contains_key("signature") && !headers.contains_key("authorization") {
        return Err(SignatureError::Missing);
    }
    if let Some(body) = body {
        let digest = headers.get("digest").ok_or(SignatureError::Digest)?;
        if !digest_matches(digest, body) {
            return Err(SignatureError::Digest);
        }
    }
    refuse_far_timestamps(headers, now)?;
    let mut config = Config::new().set_expiration(SIGNATURE_MAX_AGE);
    if body.is_some() {
        config = config.require_digest();
    }
    let unverified = config.begin_verify(method, path_and_query, headers.clone()).map_err(|e| match e {
        http_signature_normalization::PrepareVerifyError::Validate(_) => SignatureError::Date,
        other => SignatureError::Malformed(other.to_string()),
    })?;
    // What was signed is what the signing string holds, one `name: value`
    // line per covered header: the rules below read it, never the request's
    // unsigned headers (a replay could carry fresh unsigned ones).
    let signing_string = unverified.signing_string().to_owned();
    let signed: BTreeMap<&str, &str> = signing_string.lines().filter_map(|l| l.split_once(": ")).collect();
    for required in ["(request-target)", "host", "digest"] {
        if required == "digest" && body.is_none() {
            continue;
        }
        if !signed.contains_key(required) {
            return Err(SignatureError::NotCovered(required));
        }
    }
    if !signed.get("host").is_some_and(|h| h.trim().eq_ignore_ascii_case(local_host)) {
        return Err(SignatureError::OtherHost(signed.get("host").unwrap_or(&"").to_string()));
    }
    let date = signed.get("date");
    let created = signed.get("(created)");
    if date.is_none() && created.is_none() {
        return Err(SignatureError::NotCovered("date or (created)"));
    }
    if let Some(date) = date {
        let when: SystemTime = httpdate::parse_http_date(date).map_err(|_| SignatureError::Date)?;
        check_window(when, now)?;
    }
    if let Some(created) = created {
        check_window(unix_seconds(created)?, now)?;
    }
    if let Some(expires) = signed.get("(expires)") {
        let expires = unix_seconds(expires)?;
        let expired = now.duration_since(expires).is_ok_and(|past| past > SIGNATURE_MAX_SKEW);
        let too_long = expires.duration_since(now).is_ok_and(|ahead| ahead > SIGNATURE_MAX_LIFETIME);
        if expired || too_long {
            return Err(SignatureError::Date);
        }
    }
    let signature = BASE64
        .decode(unverified.signature().trim())
        .map_err(|_| SignatureError::Invalid(unverified.key_id().to_owned()))?;
    Ok(Prechecked::new(unverified.key_id().to_owned(), signing_string.into_bytes(), signature, Algorithm::ByKey))
}

/// http-signature-normalization turns the header's `created` and `expires`
/// parameters into a `SystemTime` with unchecked arithmetic: a value near
/// `u64::MAX` makes it panic (found by the `signature_header` fuzz target).
/// Such a time is refused anyway (further ahead than any signature may
/// live), so it is refused here, before the header reaches the library.
/// The parameters are split as the library splits them.
fn refuse_far_timestamps(headers: &BTreeMap<String, String>, now: SystemTime) -> Result<(), SignatureError> {
    let Some(header) = headers.get("authorization").or_else(|| headers.get("signature")) else {
        return Ok(());
    };
    let latest = now.checked_add(SIGNATURE_MAX_LIFETIME).unwrap_or(now);
    for part in header.trim_start_matches("Signature").trim().split(',') {
        let Some((key, value)) = part.split_once('=') else { continue };
        if !matches!(key.trim(), "created" | "expires") {
            continue;
        }
        if let Ok(secs) = value.trim_matches('"').parse::<u64>()
            && SystemTime::UNIX_EPOCH.checked_add(Duration::from_secs(secs)).is_none_or(|t| t > latest)
        {
            return Err(SignatureError::Date);
        }
    }
    Ok(())
}

/// A signed time must be neither too old nor too far ahead.
pub(crate) fn check_window(when: SystemTime, now: SystemTime) -> Result<(), SignatureError> {
    let too_old = now.duration_since(when).is_ok_and(|age| age > SIGNATURE_MAX_AGE);
    let future = when.duration_since(now).is_ok_and(|ahead| ahead > SIGNATURE_MAX_SKEW);
    if too_old || future { Err(SignatureError::Date) } else { Ok(()) }
}

/// `(created)` and `(expires)` values: Unix seconds (a fraction is allowed
/// by the draft and ignored).
fn unix_seconds(value: &str) -> Result<SystemTime, SignatureError> {
    let whole = value.trim().split('.').next().unwrap_or("");
    let secs: u64 = whole.parse().map_err(|_| SignatureError::Date)?;
    SystemTime::UNIX_EPOCH.checked_add(Duration::from_secs(secs)).ok_or(SignatureError::Date)
}

/// Accepts `SHA-256=…` (any case of the algorithm name), possibly among
/// other digests separated by commas.
fn digest_matches(header: &str, body: &[u8]) -> bool {
    let expected = BASE64.encode(Sha256::digest(body));
    header.split(',').any(|part| {
        let mut it = part.trim().splitn(2, '=');
        matches!((it.next(), it.next()), (Some(alg), Some(value)) if alg.eq_ignore_ascii_case("sha-256") && value == expected)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keypair() -> (String, String) {
        let k = crate::keys::generate_keypair().expect("keys");
        (k.public_pem, k.private_pem)
    }

    fn headers_of(signed: Vec<(String, String)>) -> BTreeMap<String, String> {
        signed.into_iter().collect()
    }

    #[test]
    fn a_signed_post_verifies_with_the_public_key_only() {
        let (public, private) = keypair();
        let actor = Url::parse("http://localhost:8081/actors/seoul").expect("url");
        let key = SigningKey::from_pem(&actor, &private).expect("key");
        let inbox = Url::parse("http://localhost:8082/inbox").expect("url");
        let body = br#"{"id":"x"}"#;
        let headers =
            headers_of(key.sign("POST", &inbox, Some(body), Some("application/activity+json")).expect("sign"));
        let pre = precheck("POST", "/inbox", &headers, body, "localhost:8082", SystemTime::now()).expect("precheck");
        assert_eq!(pre.key_id(), "http://localhost:8081/actors/seoul#main-key");
        assert_eq!(pre.key_url().expect("url"), actor);
        pre.verify(&public).expect("valid signature");

        let (other_public, _) = keypair();
        assert!(matches!(pre.verify(&other_public), Err(SignatureError::Invalid(_))));
    }

    #[test]
    fn a_changed_body_fails_the_digest() {
        let (_, private) = keypair();
        let actor = Url::parse("http://localhost:8081/actors/a").expect("url");
        let key = SigningKey::from_pem(&actor, &private).expect("key");
        let inbox = Url::parse("http://localhost:8082/inbox").expect("url");
        let headers = headers_of(key.sign("POST", &inbox, Some(b"{}"), None).expect("sign"));
        assert_eq!(
            precheck("POST", "/inbox", &headers, b"{\"x\":1}", "localhost:8082", SystemTime::now()).map(|_| ()),
            Err(SignatureError::Digest)
        );
    }

    #[test]
    fn unsigned_and_stale_requests_are_refused_before_any_key_is_needed() {
        let body = b"{}";
        let mut headers = BTreeMap::new();
        headers.insert("digest".to_owned(), digest_header(body));
        assert_eq!(
            precheck("POST", "/inbox", &headers, body, "localhost:8082", SystemTime::now()).map(|_| ()),
            Err(SignatureError::Missing)
        );

        let (_, private) = keypair();
        let actor = Url::parse("http://localhost:8081/actors/a").expect("url");
        let key = SigningKey::from_pem(&actor, &private).expect("key");
        let inbox = Url::parse("http://localhost:8082/inbox").expect("url");
        let headers = headers_of(key.sign("POST", &inbox, Some(body), None).expect("sign"));
        let two_hours_later = SystemTime::now() + Duration::from_secs(7200);
        assert!(precheck("POST", "/inbox", &headers, body, "localhost:8082", two_hours_later).is_err());
        let ten_minutes_earlier = SystemTime::now() - Duration::from_secs(600);
        assert_eq!(
            precheck("POST", "/inbox", &headers, body, "localhost:8082", ten_minutes_earlier).map(|_| ()),
            Err(SignatureError::Date)
        );
    }

    #[test]
    fn a_signature_for_another_path_does_not_verify() {
        let (public, private) = keypair();
        let actor = Url::parse("http://localhost:8081/actors/a").expect("url");
        let key = SigningKey::from_pem(&actor, &private).expect("key");
        let inbox = Url::parse("http://localhost:8082/actors/b/inbox").expect("url");
        let headers = headers_of(key.sign("POST", &inbox, Some(b"{}"), None).expect("sign"));
        let pre = precheck("POST", "/inbox", &headers, b"{}", "localhost:8082", SystemTime::now()).expect("precheck");
        assert!(pre.verify(&public).is_err());
    }

    /// Signs exactly `covered` (name, value) lines, as a hostile or sloppy
    /// sender might; returns the request headers.
    fn sign_covering(key: &SigningKey, covered: &[(&str, String)], body: &[u8]) -> BTreeMap<String, String> {
        let string = covered.iter().map(|(n, v)| format!("{n}: {v}")).collect::<Vec<_>>().join("\n");
        let sig = BASE64.encode(key.sign_bytes(string.as_bytes()).expect("sign"));
        let names = covered.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(" ");
        let mut headers = BTreeMap::new();
        let mut created = None;
        for (n, v) in covered {
            match *n {
                "(request-target)" => {}
                "(created)" => created = Some(v.clone()),
                "(expires)" => {}
                other => {
                    headers.insert(other.to_owned(), v.clone());
                }
            }
        }
        headers.entry("digest".to_owned()).or_insert_with(|| digest_header(body));
        let created = created.map(|c| format!(",created={c}")).unwrap_or_default();
        headers.insert(
            "signature".to_owned(),
            format!("keyId=\"{}\",algorithm=\"hs2019\",headers=\"{names}\",signature=\"{sig}\"{created}", key.key_id()),
        );
        headers
    }

    #[test]
    fn signatures_that_leave_out_the_target_or_host_or_name_another_server_are_refused() {
        let (public, private) = keypair();
        let actor = Url::parse("http://localhost:8081/actors/a").expect("url");
        let key = SigningKey::from_pem(&actor, &private).expect("key");
        let body = b"{}";
        let now = SystemTime::now();
        let date = httpdate::fmt_http_date(now);
        let target = ("(request-target)", "post /inbox".to_owned());
        let host = ("host", "localhost:8082".to_owned());
        let date_line = ("date", date.clone());
        let digest = ("digest", digest_header(body));

        let only_date_digest = sign_covering(&key, &[date_line.clone(), digest.clone()], body);
        assert_eq!(
            precheck("POST", "/inbox", &only_date_digest, body, "localhost:8082", now).map(|_| ()),
            Err(SignatureError::NotCovered("(request-target)"))
        );
        let no_host = sign_covering(&key, &[target.clone(), date_line.clone(), digest.clone()], body);
        assert_eq!(
            precheck("POST", "/inbox", &no_host, body, "localhost:8082", now).map(|_| ()),
            Err(SignatureError::NotCovered("host"))
        );
        let other_host = sign_covering(
            &key,
            &[target.clone(), ("host", "elsewhere.example".to_owned()), date_line.clone(), digest.clone()],
            body,
        );
        assert!(matches!(
            precheck("POST", "/inbox", &other_host, body, "localhost:8082", now),
            Err(SignatureError::OtherHost(_))
        ));
        let complete = sign_covering(&key, &[target.clone(), host.clone(), date_line.clone(), digest.clone()], body);
        let pre = precheck("POST", "/inbox", &complete, body, "localhost:8082", now).expect("complete signature");
        pre.verify(&public).expect("verifies");
    }

    #[test]
    fn a_created_time_far_in_the_future_never_passes() {
        let (_, private) = keypair();
        let actor = Url::parse("http://localhost:8081/actors/a").expect("url");
        let key = SigningKey::from_pem(&actor, &private).expect("key");
        let body = b"{}";
        let now = SystemTime::now();
        let ten_years = now.duration_since(SystemTime::UNIX_EPOCH).expect("epoch").as_secs() + 10 * 365 * 86_400;
        let headers = sign_covering(
            &key,
            &[
                ("(request-target)", "post /inbox".to_owned()),
                ("host", "localhost:8082".to_owned()),
                ("(created)", ten_years.to_string()),
                ("digest", digest_header(body)),
            ],
            body,
        );
        assert!(precheck("POST", "/inbox", &headers, body, "localhost:8082", now).is_err());
    }

    /// Found by the `signature_header` fuzz target: a `created` (or
    /// `expires`) that fits a `u64` but not a `SystemTime` made the
    /// signature library panic; it is refused as a bad date.
    #[test]
    fn absurd_created_and_expires_values_are_refused_without_panicking() {
        let body = b"{}";
        let now = SystemTime::now();
        for (param, value) in [
            ("created", "18446744073709551615".to_owned()),
            ("created", "17646432001764643200".to_owned()),
            ("created", format!("{}", i64::MAX)),
            ("expires", format!("\"{}\"", u64::MAX)),
            ("expires", format!("{}", i64::MAX as u64 - 10)),
        ] {
            let mut headers = BTreeMap::new();
            headers.insert("host".to_owned(), "localhost:8082".to_owned());
            headers.insert("digest".to_owned(), digest_header(body));
            headers.insert(
                "signature".to_owned(),
                format!(
                    r#"keyId="https://remote.example/key",algorithm="hs2019",{param}={value},headers="(request-target) (created) host digest",signature="AAAA""#
                ),
            );
            let got = precheck("POST", "/inbox", &headers, body, "localhost:8082", now);
            assert_eq!(got.map(|_| ()), Err(SignatureError::Date), "{param}={value}");
        }
    }

    #[test]
    fn digests_from_other_servers_are_understood() {
        let body = b"hello";
        let value = digest_header(body);
        assert!(digest_matches(&value, body));
        assert!(digest_matches(&value.replace("SHA-256", "sha-256"), body));
        assert!(digest_matches(&format!("SHA-512=abc,{value}"), body));
        assert!(!digest_matches("SHA-256=AAAA", body));
    }
}
