//! The translation workflow: how each language variant of a practice was
//! made (by a person, or by a machine and which engine) and by whom, and
//! requests from associations and knowledge spaces for a language.

use std::fmt;
use std::str::FromStr;

use crate::actor::ActorId;
use crate::practice::{LanguageTag, PracticeId};
use crate::time::Timestamp;

/// How a translation was made. The main language of a practice is its
/// original; every other language is one of these.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum TranslationStatus {
    /// Translated by a person.
    #[default]
    Human,
    /// Translated by a machine (the engine is named beside it), then
    /// approved by a person.
    Machine,
}

impl TranslationStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Human => "human",
            Self::Machine => "machine",
        }
    }
}

impl fmt::Display for TranslationStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for TranslationStatus {
    type Err = ();

    fn from_str(s: &str) -> Result<Self, ()> {
        match s.trim() {
            "human" => Ok(Self::Human),
            "machine" => Ok(Self::Machine),
            _ => Err(()),
        }
    }
}

/// Longest engine or translator name kept (a product name, a person's or
/// an agency's name).
pub const MAX_TRANSLATOR_CHARS: usize = 200;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TranslationRequestId(pub i64);

/// Where a request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestState {
    /// Waiting for the language.
    Open,
    /// The language was added.
    Fulfilled,
}

impl RequestState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Fulfilled => "fulfilled",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "open" => Some(Self::Open),
            "fulfilled" => Some(Self::Fulfilled),
            _ => None,
        }
    }
}

/// An association or knowledge space asked for a practice in a language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TranslationRequest {
    pub id: TranslationRequestId,
    pub practice: PracticeId,
    pub language: LanguageTag,
    pub requester: ActorId,
    pub state: RequestState,
    pub created_at: Timestamp,
    pub fulfilled_at: Option<Timestamp>,
}

/// A machine translation service (the operator's LibreTranslate-compatible
/// endpoint, implemented in the federation crate): it fills drafts, which a
/// person approves before anything is published.
#[async_trait::async_trait]
pub trait MachineTranslator: Send + Sync {
    /// The engine's name, recorded with each translation it drafts.
    fn engine(&self) -> &str;
    /// `text` in language `source` translated into `target` (`html`: the
    /// text is HTML and its markup is kept).
    async fn translate(&self, text: &str, source: &str, target: &str, html: bool) -> crate::error::CoreResult<String>;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_read_back_as_written() {
        for s in [TranslationStatus::Human, TranslationStatus::Machine] {
            assert_eq!(s.as_str().parse::<TranslationStatus>(), Ok(s));
        }
        assert!("robot".parse::<TranslationStatus>().is_err());
        assert_eq!(RequestState::parse("open"), Some(RequestState::Open));
        assert_eq!(RequestState::parse("done"), None);
    }
}
