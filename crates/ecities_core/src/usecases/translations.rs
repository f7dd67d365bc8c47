//! The translation workflow: an association or knowledge space asks for a
//! practice in a language; the city sees the request (API, admin); when
//! the language is added, the `Update` that every edit sends also goes to
//! the requesters and their requests are fulfilled
//! ([`super::practices::edit_content`]).

use super::Ports;
use crate::access::{Permission, Principal};
use crate::actor::{Actor, ActorKind};
use crate::error::{CoreError, CoreResult};
use crate::outbox::Intent;
use crate::practice::{LanguageTag, Practice};
use crate::store::{Audience, Page};
use crate::time::Timestamp;
use crate::translation::TranslationRequest;

/// Whether `actor` may ask for translations: associations and knowledge
/// spaces (curators), local or remote.
fn may_request(actor: &Actor) -> bool {
    matches!(actor.kind, ActorKind::Association | ActorKind::KnowledgeSpace)
}

fn language_wanted(practice: &Practice, language: &str) -> CoreResult<LanguageTag> {
    let tag = LanguageTag::parse(language.trim())
        .map_err(|_| CoreError::invalid("language", format!("'{}' is not a language tag", language.trim())))?;
    if practice.is_deleted() {
        return Err(CoreError::NotFound(format!("practice '{}' (deleted)", practice.key)));
    }
    if practice.language.as_ref() == Some(&tag) || practice.translations.contains_key(&tag) {
        return Err(CoreError::Conflict(format!("the practice is already in '{tag}'")));
    }
    Ok(tag)
}

/// `requester` (a local association or knowledge space, `who` one of its
/// editors) asks for `practice` in `language`. For a practice of this node
/// the request is recorded for its author; for a remote one it is also
/// sent to the author's inbox (a `TranslationRequest` activity). Asking
/// twice returns the first request (`false`) and sends nothing again.
#[tracing::instrument(name = "usecase.request_translation", skip_all, fields(requester = %requester.name))]
pub async fn request(
    ports: Ports<'_>,
    who: &Principal,
    requester: &Actor,
    practice: &Practice,
    language: &str,
) -> CoreResult<(TranslationRequest, bool)> {
    who.require(Permission::Write(requester.id))?;
    if !requester.local || !may_request(requester) {
        return Err(CoreError::Forbidden("only an association or a knowledge space asks for translations".into()));
    }
    let tag = language_wanted(practice, language)?;
    let mut outgoing = Vec::new();
    if !practice.local {
        let author = ports.store.actor(practice.author).await?;
        let mut activity = ports.outbox.render(Intent::TranslationRequested {
            requester,
            author: &author,
            practice,
            language: &tag,
        })?;
        activity.audience = vec![Audience::Inboxes(vec![author.delivery_inbox().clone()])];
        outgoing.push(activity);
    }
    ports.store.add_translation_request(practice.id, &tag, requester.id, Timestamp::now(), &outgoing).await
}

/// A remote association or knowledge space (`sender`, whose signature the
/// inbox checked) asks for our `practice` in `language`.
#[tracing::instrument(name = "usecase.receive_translation_request", skip_all, fields(sender = %sender.url))]
pub async fn receive_request(
    ports: Ports<'_>,
    sender: &Actor,
    practice: &Practice,
    language: &str,
) -> CoreResult<(TranslationRequest, bool)> {
    if sender.local || !may_request(sender) {
        return Err(CoreError::Forbidden("only an association or a knowledge space asks for translations".into()));
    }
    if !practice.local {
        return Err(CoreError::NotFound(format!("a practice of ours at {}", practice.ap_id)));
    }
    let tag = language_wanted(practice, language)?;
    ports.store.add_translation_request(practice.id, &tag, sender.id, Timestamp::now(), &[]).await
}

/// Requests for the practices of local actor `actor` (what it is asked
/// for), or with `made` those it made; `who` must be a member of it.
pub async fn list(
    store: &dyn crate::store::Store,
    who: &Principal,
    actor: &Actor,
    made: bool,
    page: Page,
) -> CoreResult<Vec<(TranslationRequest, Practice, Actor)>> {
    who.require(Permission::View(actor.id))?;
    if made {
        store.translation_requests(None, Some(actor.id), page).await
    } else {
        store.translation_requests(Some(actor.id), None, page).await
    }
}

/// A machine-translated draft of local `practice` in `language`, for an
/// editor of its author (`who`) to correct and approve: nothing is stored
/// or sent. The draft says it is a machine translation and names the
/// engine; approving it (publishing it as a translation, with the
/// approver as `translator`) is an ordinary edit.
#[tracing::instrument(name = "usecase.machine_draft", skip_all, fields(practice = practice.id.0))]
pub async fn machine_draft(
    machine: &dyn crate::translation::MachineTranslator,
    who: &Principal,
    practice: &Practice,
    language: &str,
) -> CoreResult<crate::practice::TranslationInput> {
    who.require(Permission::Write(practice.author))?;
    if !practice.local {
        return Err(CoreError::Forbidden("only the author's node translates a practice".into()));
    }
    let target = LanguageTag::parse(language.trim())
        .map_err(|_| CoreError::invalid("language", format!("'{}' is not a language tag", language.trim())))?;
    let source = practice.language.as_ref().map(|l| l.primary().to_owned()).unwrap_or_else(|| "en".into());
    if practice.language.as_ref() == Some(&target) {
        return Err(CoreError::Conflict(format!("'{target}' is the practice's own language")));
    }
    let to = target.primary().to_owned();
    let title = machine.translate(&practice.title, &source, &to, false).await?;
    let summary = machine.translate(&practice.summary, &source, &to, false).await?;
    let content = match practice.content_markdown.as_deref().filter(|m| !m.trim().is_empty()) {
        Some(markdown) => Some(machine.translate(markdown, &source, &to, false).await?),
        None => None,
    };
    Ok(crate::practice::TranslationInput {
        title: Some(title),
        summary: Some(summary),
        content,
        status: Some(crate::translation::TranslationStatus::Machine.to_string()),
        engine: Some(machine.engine().to_owned()),
        translator: None,
    })
}
