//! Actor key pairs.

use ecities_core::CoreError;
use ecities_core::actor::KeyPair;

/// Generates a fresh RSA-2048 key pair (PKCS#8 private, SPKI public PEM),
/// the key type every fediverse server verifies.
pub fn generate_keypair() -> Result<KeyPair, CoreError> {
    let keys = activitypub_federation::http_signatures::generate_actor_keypair()
        .map_err(|e| CoreError::Internal(format!("key generation failed: {e}")))?;
    Ok(KeyPair { public_pem: keys.public_key, private_pem: keys.private_key })
}
