//! API tokens. The token itself is shown once; only its SHA-256 is stored,
//! so a stolen database does not hand out working tokens. (A slow hash such
//! as Argon2 is for low-entropy passwords; tokens carry 256 random bits.)

use sha2::{Digest, Sha256};

use crate::access::Principal;
use crate::time::Timestamp;

/// Prefix of every token, so leaked tokens are easy to grep for.
pub const TOKEN_PREFIX: &str = "ect_";

/// The stored form of a token.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TokenHash(String);

impl TokenHash {
    pub fn of(token: &str) -> Self {
        Self(hex::encode(Sha256::digest(token.trim().as_bytes())))
    }

    pub fn from_stored(hex: String) -> Self {
        Self(hex)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Builds a token from 32 random bytes supplied by the caller (the core
/// crate has no randomness source of its own).
pub fn token_from_bytes(random: &[u8; 32]) -> String {
    format!("{TOKEN_PREFIX}{}", hex::encode(random))
}

/// What a token may do. A portal that only shows network content gets a
/// `Read` token; a CMS that publishes gets `Write`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TokenScope {
    Read,
    #[default]
    Write,
}

impl TokenScope {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Read => "read",
            Self::Write => "write",
        }
    }

    pub fn parse(s: &str) -> crate::error::CoreResult<Self> {
        match s.trim() {
            "read" => Ok(Self::Read),
            "write" => Ok(Self::Write),
            other => Err(crate::error::CoreError::invalid(
                "scope",
                format!("'{other}' is not a scope (expected read or write)"),
            )),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiToken {
    pub id: i64,
    /// Who acts with it: the operator, or an editor or moderator of an actor.
    pub holder: Principal,
    pub scope: TokenScope,
    pub label: Option<String>,
    pub created_at: Timestamp,
    pub last_used_at: Option<Timestamp>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_hash_the_same_with_or_without_surrounding_space() {
        let t = token_from_bytes(&[7; 32]);
        assert!(t.starts_with(TOKEN_PREFIX));
        assert_eq!(TokenHash::of(&t), TokenHash::of(&format!(" {t}\n")));
        assert_ne!(TokenHash::of(&t).as_str(), t);
    }
}
