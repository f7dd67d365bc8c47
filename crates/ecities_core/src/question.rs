//! The citizen question form (issue 22): what a question sent from a
//! practice page may be, and the signed time token that keeps scripts
//! away without a CAPTCHA service.
//!
//! The form carries a token made when the page was rendered: the time and
//! an HMAC-SHA256 of the practice and that time under a secret of the node
//! ([`TOKEN_SECRET`]). A submission is refused when the token is forged,
//! belongs to another practice, is younger than [`TOKEN_MIN_AGE_MS`] (a
//! person reads the page and types; a script posts at once) or older than
//! [`TOKEN_MAX_AGE_MS`] (a page left open for a day is reloaded). Nothing
//! runs in the reader's browser and nothing is asked of a third party.
//! The per-address rate limit and the honeypot field live in the web layer
//! (they need the request).

use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::content::{SafeHtml, escape_html};
use crate::error::{CoreError, CoreResult};
use crate::practice::PracticeId;
use crate::time::Timestamp;

/// Longest question, in characters of plain text: a question, not an essay
/// (a toot is 500).
pub const MAX_QUESTION_CHARS: usize = 1_000;
/// Longest display name a citizen may give, in characters.
pub const MAX_NAME_CHARS: usize = 80;
/// A token younger than this (milliseconds) was not filled in by a person
/// who read the page: 3 s.
pub const TOKEN_MIN_AGE_MS: i64 = 3_000;
/// A token older than this (milliseconds) is refused: 4 hours, longer than
/// anyone takes to write a short question.
pub const TOKEN_MAX_AGE_MS: i64 = 4 * 60 * 60 * 1_000;
/// The purpose under which the node keeps the tokens' HMAC key.
pub const TOKEN_SECRET: &str = "question_form";

/// The HMAC-SHA256 (RFC 2104, the `hmac` crate) of the practice and the
/// issue time under the node's secret, ready to sign or to verify.
fn mac(secret: &str, practice: PracticeId, issued_ms: i64) -> Hmac<Sha256> {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes a key of any length");
    mac.update(format!("ecities question form\n{}\n{issued_ms}", practice.0).as_bytes());
    mac
}

/// The token of a form on `practice`'s page rendered at `now`:
/// `<milliseconds>.<hex HMAC>`.
pub fn issue_token(secret: &str, practice: PracticeId, now: Timestamp) -> String {
    format!("{}.{}", now.0, hex::encode(mac(secret, practice, now.0).finalize().into_bytes()))
}

/// Why a token is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenProblem {
    /// Missing, malformed, forged or for another practice.
    Invalid,
    /// Sent sooner than [`TOKEN_MIN_AGE_MS`] after the page was made.
    TooFast,
    /// Older than [`TOKEN_MAX_AGE_MS`].
    Expired,
}

impl TokenProblem {
    pub fn into_error(self) -> CoreError {
        let message = match self {
            Self::Invalid => "the form's token is missing or not valid: reload the page and send the question again",
            Self::TooFast => "the form was sent too quickly after the page was opened; take a moment and send it again",
            Self::Expired => "the form is too old: reload the page and send the question again",
        };
        CoreError::invalid("token", message)
    }
}

/// Checks a token sent back with a question about `practice` at `now`.
pub fn verify_token(secret: &str, practice: PracticeId, token: &str, now: Timestamp) -> Result<(), TokenProblem> {
    let (issued, sent) = token.trim().split_once('.').ok_or(TokenProblem::Invalid)?;
    let issued: i64 = issued.parse().map_err(|_| TokenProblem::Invalid)?;
    let sent = hex::decode(sent).map_err(|_| TokenProblem::Invalid)?;
    // Compared in constant time by the crate.
    mac(secret, practice, issued).verify_slice(&sent).map_err(|_| TokenProblem::Invalid)?;
    let age = now.0.saturating_sub(issued);
    if age < TOKEN_MIN_AGE_MS {
        return Err(TokenProblem::TooFast);
    }
    if age > TOKEN_MAX_AGE_MS {
        return Err(TokenProblem::Expired);
    }
    Ok(())
}

/// A question as the form sent it, checked: its text (plain text, trimmed,
/// not empty, at most [`MAX_QUESTION_CHARS`]) and the name the citizen
/// gave (one line, at most [`MAX_NAME_CHARS`]; `None` when left empty).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    pub text: String,
    pub name: Option<String>,
}

impl Question {
    pub fn parse(text: &str, name: Option<&str>) -> CoreResult<Self> {
        let mut errors = Vec::new();
        // Line ends as typed; other control characters are not text.
        let clean = |s: &str| s.chars().filter(|c| !c.is_control() || *c == '\n').collect::<String>();
        let text = clean(&text.replace("\r\n", "\n")).trim().to_owned();
        if text.is_empty() {
            errors.push(crate::error::FieldError::new("question", "write a question"));
        } else if text.chars().count() > MAX_QUESTION_CHARS {
            errors.push(crate::error::FieldError::new(
                "question",
                format!("a question is at most {MAX_QUESTION_CHARS} characters"),
            ));
        }
        let name = name.map(|n| clean(n).replace('\n', " ").trim().to_owned()).filter(|n| !n.is_empty());
        if name.as_ref().is_some_and(|n| n.chars().count() > MAX_NAME_CHARS) {
            errors
                .push(crate::error::FieldError::new("name", format!("a name is at most {MAX_NAME_CHARS} characters")));
        }
        if !errors.is_empty() {
            return Err(CoreError::Invalid(errors));
        }
        Ok(Self { text, name })
    }

    /// The text as HTML: escaped, never read as markup; a blank line
    /// starts a paragraph, a single line end is kept as a line break.
    pub fn html(&self) -> SafeHtml {
        let paragraphs: String = self
            .text
            .split("\n\n")
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(|p| format!("<p>{}</p>", escape_html(p).replace('\n', "<br>")))
            .collect();
        SafeHtml::from_trusted_storage(paragraphs)
    }
}

/// A form question's `Note` as other servers see it: the city publishes
/// it, so it says whose question it is before the text.
pub fn note_html(name: Option<&str>, content: &SafeHtml) -> SafeHtml {
    let who = match name {
        Some(n) => format!("Question from {} (a citizen, through the practice page):", escape_html(n)),
        None => "Question from a citizen, through the practice page:".to_owned(),
    };
    SafeHtml::from_trusted_storage(format!("<p><em>{who}</em></p>{}", content.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_is_accepted_between_three_seconds_and_four_hours_for_its_practice_only() {
        let issued = Timestamp(1_700_000_000_000);
        let token = issue_token("secret", PracticeId(7), issued);
        let at = |ms: i64| Timestamp(issued.0 + ms);
        assert_eq!(verify_token("secret", PracticeId(7), &token, at(1_000)), Err(TokenProblem::TooFast));
        assert_eq!(verify_token("secret", PracticeId(7), &token, at(3_000)), Ok(()));
        assert_eq!(verify_token("secret", PracticeId(7), &token, at(TOKEN_MAX_AGE_MS + 1)), Err(TokenProblem::Expired));
        assert_eq!(verify_token("secret", PracticeId(8), &token, at(5_000)), Err(TokenProblem::Invalid));
        assert_eq!(verify_token("other", PracticeId(7), &token, at(5_000)), Err(TokenProblem::Invalid));
        // Moving the time back (to look older) breaks the signature.
        let sig = token.split_once('.').expect("dot").1;
        let forged = format!("{}.{sig}", issued.0 - 60_000);
        assert_eq!(verify_token("secret", PracticeId(7), &forged, at(1_000)), Err(TokenProblem::Invalid));
        assert_eq!(verify_token("secret", PracticeId(7), "", at(5_000)), Err(TokenProblem::Invalid));
    }

    #[test]
    fn a_question_is_plain_text_escaped_into_paragraphs() {
        let q =
            Question::parse("  <script>alert(1)</script>\r\nline two\n\nsecond  ", Some("  Ana \n B ")).expect("valid");
        assert_eq!(q.name.as_deref(), Some("Ana   B"));
        assert_eq!(q.html().as_str(), "<p>&lt;script&gt;alert(1)&lt;/script&gt;<br>line two</p><p>second</p>");
        assert!(matches!(Question::parse("   ", None), Err(CoreError::Invalid(_))));
        assert!(matches!(Question::parse(&"x".repeat(MAX_QUESTION_CHARS + 1), None), Err(CoreError::Invalid(_))));
        assert!(matches!(Question::parse("ok", Some(&"n".repeat(MAX_NAME_CHARS + 1))), Err(CoreError::Invalid(_))));
        assert_eq!(Question::parse("ok", Some("  ")).expect("valid").name, None);
    }
}
