//! `signatures::precheck` (and, when it passes, `Prechecked::key_url` and
//! `verify`) on fuzzed requests. It must never panic.
//!
//! The input reads like an HTTP request, so seeds can be real ones:
//!
//! ```text
//! POST /inbox
//! host: city.example
//! date: $DATE
//! digest: $DIGEST
//! signature: keyId="…",headers="(request-target) host date digest",signature="…"
//!
//! {"body": "…"}
//! ```
//!
//! `$DIGEST` becomes the body's real `Digest`, `$DATE` and `$CREATED` the
//! current time (http-signature-normalization reads the clock itself), so
//! the fuzzer gets past the cheap checks to the signature header rules
//! behind them.
#![no_main]

use std::collections::BTreeMap;
use std::time::{Duration, SystemTime};

use ecities_federation::signatures::{digest_header, precheck};
use libfuzzer_sys::fuzz_target;

const LOCAL_HOST: &str = "city.example";
/// A real RSA-2048 public key (GoToSocial's test actor).
const PUBLIC_PEM: &str = "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA0ExQ22E2LZnwfbJBwC87\nIQuHaYDmhj2cNSYt1klmBaKSBAjDJ9xQcG4fRXQptJo38q7heqc66ftcAfXoiVEX\nzKkyTwvBrEiKwkgosbXa2rQ5EWBHCuNxC72TRZpKk44hNIzF93Res1lfBiBSMUNr\n5MDcwE1wETET6c2x2EBHGHcNPaRtXvbEuw6bsQDezYUoW6YI7lPd8LyK5MXXGMCv\nKYpv4FADD37q4kFNG01eL1Lpw/2FDJDhcr6a42QGYxkqTFXQXuN1SF44Q0553kcX\nAmxZv64JNFC0FW2jVjWYVRsk66G8A8D0WWAAP8/ePxUdH2NzzTKPqJ+/hjhBceq4\nDQIDAQAB\n-----END PUBLIC KEY-----\n";

fuzz_target!(|input: &[u8]| {
    let split = input.windows(2).position(|w| w == b"\n\n");
    let (head, body) = match split {
        Some(at) => (&input[..at], &input[at + 2..]),
        None => (input, &[][..]),
    };
    let head = String::from_utf8_lossy(head);
    let mut lines = head.lines();
    let request_line = lines.next().unwrap_or("");
    let (method, path) = request_line.split_once(' ').unwrap_or((request_line, "/inbox"));

    let now_unix = SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let now = SystemTime::UNIX_EPOCH + Duration::from_secs(now_unix);
    let date = httpdate::fmt_http_date(now);
    let digest = digest_header(body);
    let mut headers = BTreeMap::new();
    for line in lines {
        let Some((name, value)) = line.split_once(':') else { continue };
        let value =
            value.trim().replace("$DIGEST", &digest).replace("$DATE", &date).replace("$CREATED", &now_unix.to_string());
        headers.insert(name.trim().to_ascii_lowercase(), value);
    }

    let Ok(pre) = precheck(method, path, &headers, body, LOCAL_HOST, now) else { return };
    assert!(headers.contains_key("digest"), "a request without Digest passed the precheck");
    assert!(
        headers.contains_key("signature") || headers.contains_key("authorization"),
        "an unsigned request passed the precheck"
    );
    let _ = pre.key_id();
    let _ = pre.key_url();
    // Nobody but the key's owner can sign: a fuzzed signature never verifies.
    assert!(pre.verify(PUBLIC_PEM).is_err(), "a fuzzed signature verified");
    let _ = pre.verify("not a key");
});
