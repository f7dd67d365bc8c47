//! Attaching files to a local practice and taking them off; forgetting the
//! files nobody shows any more. An attachment is part of the practice: a
//! change is an edit (an `Update` to followers, a new version), so remote
//! copies follow it as they follow any edit.

use super::Ports;
use super::practices::{edit_content, ensure_owner};
use crate::access::{Permission, Principal};
use crate::actor::Actor;
use crate::error::{CoreError, CoreResult};
use crate::media::{self, Attachment, MAX_ATTACHMENTS, MediaLimits, Upload};
use crate::practice::Practice;

/// Checks an upload (size, type by content, alt text for images; see
/// [`media::check_upload`]), stores its bytes and its preview, and adds it
/// to the practice (an `Update` follows). `who` must be an editor of the
/// practice's author (or the operator). The same file twice on one
/// practice is a `Conflict`.
#[tracing::instrument(name = "usecase.add_attachment", skip_all, fields(practice = practice.id.0))]
pub async fn add(
    ports: Ports<'_>,
    who: &Principal,
    practice: &Practice,
    upload: &Upload<'_>,
    limits: &MediaLimits,
) -> CoreResult<(Practice, Attachment)> {
    who.require(Permission::Write(practice.author))?;
    let author = ports.store.actor(practice.author).await?;
    ensure_owner(&author, practice)?;
    // Before the file is decoded: a second copy costs nothing to refuse.
    let hash = media::ContentHash::of(upload.bytes);
    if practice.details.attachments.iter().any(|a| a.sha256 == hash) {
        return Err(CoreError::Conflict("this file is already attached to the practice".into()));
    }
    let checked = media::check_upload(upload, limits)?;
    if practice.details.attachments.len() >= MAX_ATTACHMENTS {
        return Err(CoreError::invalid("file", format!("a practice has at most {MAX_ATTACHMENTS} attachments")));
    }
    // The bytes first: the practice (and its Update) names them only once
    // they are durable. A failure after this leaves an unused file, never
    // a practice pointing at nothing.
    ports.blobs.put(&checked.sha256, upload.bytes).await?;
    if let Some((hash, bytes)) = &checked.preview {
        ports.blobs.put(hash, bytes).await?;
    }
    let attachment = checked.attachment(ports.urls.media(&checked.sha256, checked.media_type));
    let mut list = practice.details.attachments.clone();
    list.push(attachment.clone());
    let updated = replace(ports, &author, practice, list).await?;
    Ok((updated, attachment))
}

/// Takes an attachment off a practice (by its id or checksum; an `Update`
/// follows) and removes its files when no other practice shows them.
#[tracing::instrument(name = "usecase.remove_attachment", skip_all, fields(practice = practice.id.0))]
pub async fn remove(ports: Ports<'_>, who: &Principal, practice: &Practice, id: &str) -> CoreResult<Practice> {
    who.require(Permission::Write(practice.author))?;
    let author = ports.store.actor(practice.author).await?;
    ensure_owner(&author, practice)?;
    let Some(gone) = practice.details.attachments.iter().find(|a| a.is(id)).cloned() else {
        return Err(CoreError::NotFound(format!("attachment '{}'", id.trim())));
    };
    let list = practice.details.attachments.iter().filter(|a| a.sha256 != gone.sha256).cloned().collect();
    let updated = replace(ports, &author, practice, list).await?;
    forget_unused(ports, std::slice::from_ref(&gone)).await;
    Ok(updated)
}

async fn replace(ports: Ports<'_>, author: &Actor, practice: &Practice, list: Vec<Attachment>) -> CoreResult<Practice> {
    let mut content = practice.to_input().parse()?;
    content.details.attachments = list;
    edit_content(ports, author, practice, content).await
}

/// Removes the files of `attachments` that no live practice shows any
/// more. Runs after the change that dropped them is committed; a failure
/// leaves an unused file behind (logged), never a practice without its
/// file.
pub async fn forget_unused(ports: Ports<'_>, attachments: &[Attachment]) {
    for hash in attachments.iter().flat_map(Attachment::files) {
        match ports.store.file_in_use(&hash).await {
            Ok(true) => {}
            Ok(false) => {
                if let Err(e) = ports.blobs.remove(&hash).await {
                    tracing::warn!(file = %hash, error = %e, "an unused attachment file could not be removed");
                }
            }
            Err(e) => tracing::warn!(file = %hash, error = %e, "could not tell whether a file is still used"),
        }
    }
}
