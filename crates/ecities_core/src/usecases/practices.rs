//! Publishing, editing and retracting practices; storing those of others.

use url::Url;

use super::Ports;
use super::changes::{Change, plan};
use crate::access::{Permission, Principal};
use crate::actor::Actor;
use crate::error::{CoreError, CoreResult};
use crate::outbox::Intent;
use crate::practice::{NewPractice, Practice, PracticeAudience, PracticeContent, PracticeInput};
use crate::store::ImportedItem;
use crate::time::Timestamp;

/// Publishes a new practice by a local author: stored, and a `Create` queued
/// for every follower inbox, in one transaction. `who` must be an editor
/// of `author` (or the operator).
pub async fn publish(ports: Ports<'_>, who: &Principal, author: &Actor, input: &PracticeInput) -> CoreResult<Practice> {
    who.require(Permission::Write(author.id))?;
    publish_content(ports, author, input.parse()?, Timestamp::now(), true, None).await
}

/// Publishes parsed content. With `push` false the practice is an item of
/// an imported archive (history): its `Create` is kept for the outbox and
/// marked as history, and goes only to the associations and knowledge
/// spaces that follow the author, paced ([`Intent::PracticeArchived`]);
/// people following the author are not sent years of old posts. Local
/// associations relay it the same way ([`Change::Archived`]). Without a
/// check of who acts: for the feed importer, which acts for the source's
/// actor (whoever added or polls the source was checked then).
#[tracing::instrument(name = "usecase.publish", skip_all, fields(author = %author.name))]
pub(crate) async fn publish_content(
    ports: Ports<'_>,
    author: &Actor,
    content: PracticeContent,
    published_at: Timestamp,
    push: bool,
    imported: Option<&ImportedItem<'_>>,
) -> CoreResult<Practice> {
    if !author.local {
        return Err(CoreError::Forbidden("only local actors publish here".into()));
    }
    let now = Timestamp::now();
    // A publication date in the future is an embargo: stored, sent and
    // listed when it comes ([`release_due`]).
    let embargo = content.details.publish_at.filter(|t| *t > now && imported.is_none());
    let key = ports.outbox.new_key();
    let ap_id = ports.urls.practice(&key);
    let mut new = NewPractice::local(key, ap_id.clone(), ap_id, author.id, content, embargo.unwrap_or(published_at));
    new.embargoed = embargo.is_some();
    let mut preview = preview_of(&new);
    preview.embargoed = embargo.is_some();
    // Named audiences must be actors this node knows (to reach their inboxes).
    let inboxes = audience_inboxes(ports, &preview).await?;
    let (outgoing, relaying) = if embargo.is_some() {
        // Nothing leaves before the time comes.
        (Vec::new(), Vec::new())
    } else if push {
        let mut create = ports.outbox.render(Intent::PracticePublished { author, practice: &preview })?;
        let (mut outgoing, relaying) =
            addressed(ports, author, &preview, inboxes, &mut create, Change::Created).await?;
        outgoing.insert(0, create);
        (outgoing, relaying)
    } else {
        // An imported archive item: history, sent (paced) only to the
        // associations and knowledge spaces that follow the author.
        let create = ports.outbox.render(Intent::PracticeArchived { author, practice: &preview })?;
        let (mut outgoing, relaying) = plan(ports, author, &preview, None, Change::Archived).await?;
        outgoing.insert(0, create);
        (outgoing, relaying)
    };
    match imported {
        Some(item) => ports.store.insert_imported_practice(&new, &outgoing, &relaying, item).await,
        None => ports.store.insert_practice(&new, &outgoing, &relaying).await,
    }
}

/// The inboxes of a practice's named audience (`None` for public and
/// followers-only ones). Every actor named must be known to this node.
async fn audience_inboxes(ports: Ports<'_>, practice: &Practice) -> CoreResult<Option<Vec<Url>>> {
    let PracticeAudience::Named(actors) = &practice.details.audience else { return Ok(None) };
    let mut inboxes = Vec::new();
    for url in actors {
        let actor = ports.store.actor_by_url(url).await?.ok_or_else(|| {
            CoreError::invalid("audience", format!("{url} is no actor this node knows (follow it first)"))
        })?;
        if actor.local {
            // Local actors share this store: they see it already.
            continue;
        }
        let inbox = actor.endpoints.shared_inbox.clone().unwrap_or(actor.endpoints.inbox.clone());
        if !inboxes.contains(&inbox) {
            inboxes.push(inbox);
        }
    }
    Ok(Some(inboxes))
}

/// Addresses the author's own activity about `practice` to its audience,
/// and plans what else follows the change: a public practice's adapted
/// origins are told and its author's associations relay it
/// ([`plan`]); a followers-only or named one goes to exactly that
/// audience, and nobody relays it (an `Announce` would make it public).
async fn addressed(
    ports: Ports<'_>,
    author: &Actor,
    practice: &Practice,
    inboxes: Option<Vec<Url>>,
    activity: &mut crate::store::OutgoingActivity,
    change: Change,
) -> CoreResult<(Vec<crate::store::OutgoingActivity>, Vec<crate::store::RelayStep>)> {
    match &practice.details.audience {
        PracticeAudience::Public => {
            // The authors of the practices it adapted hear of it (their
            // practices show "adopted by").
            tell_origins(ports, &practice.details.adopted_from, &mut activity.audience).await?;
            let existing = (practice.id.0 != 0).then_some(practice.id);
            plan(ports, author, practice, existing, change).await
        }
        PracticeAudience::Followers => {
            activity.audience = vec![crate::store::Audience::FollowersOnly(author.id)];
            Ok((Vec::new(), Vec::new()))
        }
        PracticeAudience::Named(_) => {
            activity.audience = vec![crate::store::Audience::Inboxes(inboxes.unwrap_or_default())];
            Ok((Vec::new(), Vec::new()))
        }
    }
}

/// Publishes the embargoed practices whose time has come: each one's
/// `Create` (and its associations' relays) is written in the same
/// transaction that ends its embargo, so it goes out exactly once however
/// many workers run and whenever the node restarts. Returns how many went
/// out.
#[tracing::instrument(name = "usecase.release_due", skip_all)]
pub async fn release_due(ports: Ports<'_>) -> CoreResult<usize> {
    let due = ports.store.due_embargoes(Timestamp::now(), 100).await?;
    let mut released = 0;
    for mut practice in due {
        practice.embargoed = false;
        let author = ports.store.actor(practice.author).await?;
        // An actor named in the audience may be gone since: send to the rest.
        let inboxes = match audience_inboxes(ports, &practice).await {
            Ok(i) => i,
            Err(CoreError::Invalid(_)) => Some(Vec::new()),
            Err(e) => return Err(e),
        };
        let mut create = ports.outbox.render(Intent::PracticePublished { author: &author, practice: &practice })?;
        let (mut outgoing, relaying) =
            addressed(ports, &author, &practice, inboxes, &mut create, Change::Created).await?;
        outgoing.insert(0, create);
        // Relays are planned as for a new practice: nothing was relayed yet.
        if ports.store.release_practice(practice.id, &outgoing, &relaying).await? {
            tracing::info!(practice = %practice.ap_id, "embargo over: published");
            released += 1;
        }
    }
    Ok(released)
}

/// Applies a partial change (fields absent from `patch` are kept) and sends
/// an `Update`. `who` must be an editor of the practice's author (or the
/// operator).
pub async fn edit(
    ports: Ports<'_>,
    who: &Principal,
    practice: &Practice,
    patch: &PracticeInput,
) -> CoreResult<Practice> {
    who.require(Permission::Write(practice.author))?;
    let author = &ports.store.actor(practice.author).await?;
    let content = patch.merged_over(&practice.to_input()).parse()?;
    edit_content(ports, author, practice, content).await
}

/// Replaces a practice's content with parsed content and sends an `Update`
/// (the feed importer's edit; see [`publish_content`]).
#[tracing::instrument(name = "usecase.edit", skip_all, fields(author = %author.name, practice = practice.id.0))]
pub(crate) async fn edit_content(
    ports: Ports<'_>,
    author: &Actor,
    practice: &Practice,
    content: PracticeContent,
) -> CoreResult<Practice> {
    ensure_owner(author, practice)?;
    if content.details.adopted_from.iter().any(|u| *u == practice.ap_id || *u == practice.url) {
        return Err(CoreError::invalid("adopted_from", "a practice cannot be adopted from itself"));
    }
    let now = Timestamp::now();
    if content.details.audience != practice.details.audience && !practice.embargoed {
        // Those who have it cannot be made to forget it, nor those who
        // have not been sent it be sent it as an edit.
        return Err(CoreError::invalid("audience", "cannot change once the practice is published"));
    }
    let published_at = if practice.embargoed {
        // Still waiting: the new date (or now, when cleared) is its date.
        content.details.publish_at.unwrap_or(now)
    } else {
        if content.details.publish_at != practice.details.publish_at
            && content.details.publish_at.is_some_and(|t| t > now)
        {
            return Err(CoreError::invalid("publish_at", "the practice is published already"));
        }
        practice.published_at
    };
    let mut new = NewPractice::local(
        practice.key.clone(),
        practice.ap_id.clone(),
        practice.url.clone(),
        author.id,
        content,
        published_at,
    );
    if practice.embargoed {
        // Edits before publication are the publication: nobody hears of
        // them now, the release sends the practice as it is then.
        return ports.store.update_practice(practice.id, &new, &[], &[]).await;
    }
    new.updated_at = Some(now.max(practice.published_at.plus_millis(1)));
    let mut preview = preview_of(&new);
    preview.id = practice.id;
    let inboxes = audience_inboxes(ports, &preview).await?;
    let mut update = ports.outbox.render(Intent::PracticeEdited { author, practice: &preview })?;
    let (mut outgoing, relaying) = addressed(ports, author, &preview, inboxes, &mut update, Change::Updated).await?;
    // A language someone asked for arrives at the requesters too, whether
    // or not they follow the author (of a public practice: a non-public
    // one reaches its audience only).
    let mut answered = Vec::new();
    for lang in new.translations.keys().filter(|l| !practice.translations.contains_key(*l)) {
        let requests = ports.store.open_translation_requests(practice.id, lang).await?;
        let inboxes: Vec<Url> =
            requests.iter().filter(|(_, a)| !a.local).map(|(_, a)| a.delivery_inbox().clone()).collect();
        if !inboxes.is_empty() && preview.details.audience.is_public() {
            update.audience.push(crate::store::Audience::Inboxes(inboxes));
        }
        if !requests.is_empty() {
            answered.push(lang.clone());
        }
    }
    outgoing.insert(0, update);
    let updated = ports.store.update_practice(practice.id, &new, &outgoing, &relaying).await?;
    // Written after the change: a failure here leaves a request open for a
    // language that exists (shown as such), never a language unsent.
    let now = Timestamp::now();
    for lang in &answered {
        ports.store.fulfil_translation_requests(practice.id, lang, now).await?;
    }
    Ok(updated)
}

/// Deletes a practice: it becomes a Tombstone (410 at its URL) and a
/// `Delete` goes to followers. `who` must be an editor of the practice's
/// author (or the operator).
pub async fn retract(ports: Ports<'_>, who: &Principal, practice: &Practice) -> CoreResult<()> {
    who.require(Permission::Write(practice.author))?;
    let author = ports.store.actor(practice.author).await?;
    retract_content(ports, &author, practice).await
}

/// [`retract`] for the feed importer (see [`publish_content`]).
#[tracing::instrument(name = "usecase.retract", skip_all, fields(author = %author.name, practice = practice.id.0))]
pub(crate) async fn retract_content(ports: Ports<'_>, author: &Actor, practice: &Practice) -> CoreResult<()> {
    ensure_owner(author, practice)?;
    let now = Timestamp::now();
    if practice.embargoed {
        // Cancelled before its time: nobody ever heard of it.
        ports.store.delete_practice(practice.id, now, &[], &[]).await?;
        super::attachments::forget_unused(ports, &practice.details.attachments).await;
        return Ok(());
    }
    let mut gone = practice.clone();
    gone.deleted_at = Some(now);
    let mut delete = ports.outbox.render(Intent::PracticeRetracted { author, practice: &gone })?;
    // Those told of the adoption (or the audience it was sent to) hear
    // that it is gone.
    let inboxes = audience_inboxes(ports, practice).await.unwrap_or(Some(Vec::new()));
    let (mut outgoing, relaying) = addressed(ports, author, practice, inboxes, &mut delete, Change::Deleted).await?;
    outgoing.insert(0, delete);
    ports.store.delete_practice(practice.id, now, &outgoing, &relaying).await?;
    // The deletion is committed: its files go (those no other practice
    // still shows).
    super::attachments::forget_unused(ports, &practice.details.attachments).await;
    Ok(())
}

/// What `input` would publish for `author` (or, with `existing`, what the
/// change would make of that practice), without storing or sending
/// anything: the admin's preview. `who` must be an editor of `author` (or
/// the operator). Invalid input fails as publishing would.
pub fn preview(
    ports: Ports<'_>,
    who: &Principal,
    author: &Actor,
    input: &PracticeInput,
    existing: Option<&Practice>,
) -> CoreResult<Practice> {
    who.require(Permission::Write(author.id))?;
    let (content, key, published_at) = match existing {
        Some(p) => {
            ensure_owner(author, p)?;
            (input.merged_over(&p.to_input()).parse()?, p.key.clone(), p.published_at)
        }
        None => (input.parse()?, "preview".to_owned(), Timestamp::now()),
    };
    let url = ports.urls.practice(&key);
    let mut new = NewPractice::local(key, url.clone(), url, author.id, content, published_at);
    if existing.is_some() {
        new.updated_at = Some(Timestamp::now());
    }
    Ok(preview_of(&new))
}

/// Adds or replaces the `lang` translation of a practice (an `Update`
/// follows, as for any edit). `who` must be an editor of its author.
pub async fn set_translation(
    ports: Ports<'_>,
    who: &Principal,
    practice: &Practice,
    lang: &str,
    translation: &crate::practice::TranslationInput,
) -> CoreResult<Practice> {
    who.require(Permission::Write(practice.author))?;
    let lang = crate::practice::LanguageTag::parse(lang.trim())
        .map_err(|_| CoreError::invalid("language", format!("'{}' is not a language tag", lang.trim())))?;
    let mut all = practice.to_input().translations.unwrap_or_default();
    all.insert(lang.to_string(), translation.clone());
    let patch = PracticeInput { translations: Some(all), ..PracticeInput::default() };
    edit(ports, who, practice, &patch).await
}

/// Removes the `lang` translation of a practice (`NotFound` when it has
/// none in that language).
pub async fn remove_translation(
    ports: Ports<'_>,
    who: &Principal,
    practice: &Practice,
    lang: &str,
) -> CoreResult<Practice> {
    who.require(Permission::Write(practice.author))?;
    let mut all = practice.to_input().translations.unwrap_or_default();
    if all.remove(lang.trim()).is_none() {
        return Err(CoreError::NotFound(format!("a translation in '{}'", lang.trim())));
    }
    let patch = PracticeInput { translations: Some(all), ..PracticeInput::default() };
    edit(ports, who, practice, &patch).await
}

/// Finds a practice by the id the API returned (its ActivityPub id or URL)
/// or by its local key.
pub async fn find(ports: Ports<'_>, reference: &str) -> CoreResult<Practice> {
    let reference = reference.trim();
    let found = match Url::parse(reference) {
        Ok(url) => ports.store.practice_by_ap_id(&url).await?,
        Err(_) => ports.store.practice_by_key(reference).await?,
    };
    found.ok_or_else(|| CoreError::NotFound(format!("practice '{reference}'")))
}

/// Whether `who` (anonymous: `None`) may see `practice`: anyone a listed
/// one; a followers-only, named or embargoed one only the operator, the
/// editors of its author, and the editors of a local actor it was
/// addressed to (a follower of its author, or an actor named).
pub async fn may_see(ports: Ports<'_>, who: Option<&Principal>, practice: &Practice) -> CoreResult<bool> {
    if practice.is_listed() {
        return Ok(true);
    }
    let actor = match who {
        None => return Ok(false),
        Some(Principal::Operator) => return Ok(true),
        Some(Principal::Member { actor, .. }) => *actor,
    };
    if actor == practice.author {
        return Ok(true);
    }
    if practice.embargoed {
        return Ok(false);
    }
    Ok(match &practice.details.audience {
        PracticeAudience::Public => true,
        PracticeAudience::Followers => ports
            .store
            .follow(actor, practice.author)
            .await?
            .is_some_and(|f| f.state == crate::follow::FollowState::Accepted),
        PracticeAudience::Named(list) => {
            let me = ports.store.actor(actor).await?;
            list.contains(&me.url)
        }
    })
}

/// Adds the inboxes of the remote practices `adopted_from` names to an
/// activity's audience (see [`super::engagement::origin_inboxes`]).
async fn tell_origins(
    ports: Ports<'_>,
    adopted_from: &[Url],
    audience: &mut Vec<crate::store::Audience>,
) -> CoreResult<()> {
    let inboxes = super::engagement::origin_inboxes(ports, adopted_from).await?;
    if !inboxes.is_empty() {
        audience.push(crate::store::Audience::Inboxes(inboxes));
    }
    Ok(())
}

pub(super) fn ensure_owner(author: &Actor, practice: &Practice) -> CoreResult<()> {
    if practice.author != author.id || !practice.local {
        return Err(CoreError::Forbidden("only the author of a practice may change it".into()));
    }
    if practice.is_deleted() {
        return Err(CoreError::NotFound(format!("practice '{}' (deleted)", practice.key)));
    }
    Ok(())
}

/// The practice as it will be once stored, for rendering its activity
/// before the insert (the row id is not part of any activity).
fn preview_of(new: &NewPractice) -> Practice {
    Practice {
        id: crate::practice::PracticeId(0),
        key: new.key.clone(),
        ap_id: new.ap_id.clone(),
        url: new.url.clone(),
        author: new.author,
        local: new.local,
        title: new.title.clone(),
        summary: new.summary.clone(),
        content_markdown: new.content_markdown.clone(),
        content_html: new.content_html.clone(),
        language: new.language.clone(),
        kind: new.kind,
        sdgs: new.sdgs.clone(),
        country: new.country.clone(),
        translations: new.translations.clone(),
        details: new.details.clone(),
        published_at: new.published_at,
        updated_at: new.updated_at,
        deleted_at: None,
        embargoed: false,
    }
}

// ---------------------------------------------------------------- remote

/// Stores (or updates) a copy of a remote practice fetched from its origin
/// (after an `Announce`, by backfill, on a refetch). The caller has
/// verified that the object's id is on its author's server. A fetched copy
/// is never relayed again: that is how relays cannot loop.
#[tracing::instrument(name = "usecase.store_fetched", skip_all, fields(object = %new.ap_id))]
pub async fn store_fetched(ports: Ports<'_>, new: &NewPractice) -> CoreResult<Practice> {
    if ports.urls.is_local(&new.ap_id) {
        return Err(CoreError::Forbidden("a remote server cannot change a local practice".into()));
    }
    ports.store.upsert_remote_practice(new, &[], &[]).await
}

/// Stores a copy of a remote practice fetched after an `Announce`, as
/// [`store_fetched`] does, together with the relay of its announcer
/// (`approved`: relayed after a moderator's approval), in one transaction:
/// no reader sees the copy without its provenance.
#[tracing::instrument(name = "usecase.store_relayed", skip_all, fields(object = %new.ap_id))]
pub async fn store_relayed(
    ports: Ports<'_>,
    new: &NewPractice,
    relayer: &Actor,
    approved: bool,
) -> CoreResult<Practice> {
    if ports.urls.is_local(&new.ap_id) {
        return Err(CoreError::Forbidden("a remote server cannot change a local practice".into()));
    }
    Ok(ports.store.upsert_relayed_practice(new, relayer.id, approved, Timestamp::now()).await?.0)
}

/// Stores a remote author's own `Create`/`Update` (the caller checked that
/// the sender is the author and the object is on its server) like a local
/// publish or edit: local associations that follow the author relay it, in
/// the same transaction ([`plan`]). `archived`: the `Create` was marked as
/// an item of the author's imported archive (history): associations relay
/// it only to their associations and knowledge spaces, paced.
/// `received`: the incoming activity that carried it (claimed with
/// `claim_incoming`), marked processed in the same transaction.
#[tracing::instrument(name = "usecase.receive_practice", skip_all, fields(object = %new.ap_id))]
pub async fn receive(
    ports: Ports<'_>,
    author: &Actor,
    new: &NewPractice,
    archived: bool,
    received: Option<&Url>,
) -> CoreResult<Practice> {
    if new.author != author.id || author.local {
        return Err(CoreError::Forbidden("only its remote author sends a practice".into()));
    }
    if ports.urls.is_local(&new.ap_id) {
        return Err(CoreError::Forbidden("a remote server cannot change a local practice".into()));
    }
    let existing = ports.store.practice_by_ap_id(&new.ap_id).await?.filter(|p| !p.is_deleted()).map(|p| p.id);
    let change = match existing {
        Some(_) => Change::Updated,
        None if archived => Change::Archived,
        None => Change::Created,
    };
    let mut preview = preview_of(new);
    preview.id = existing.unwrap_or(preview.id);
    // A practice addressed to followers or named actors only is never
    // relayed: an association's Announce would make it public.
    let (outgoing, relaying) = if new.details.audience.is_public() {
        plan(ports, author, &preview, existing, change).await?
    } else {
        (Vec::new(), Vec::new())
    };
    match received {
        Some(activity) => ports.store.upsert_received_practice(new, &outgoing, &relaying, activity).await,
        None => ports.store.upsert_remote_practice(new, &outgoing, &relaying).await,
    }
}

/// Removes a practice its remote author deleted (associations that relayed
/// it announce the deletion, in the same transaction). Unknown ids are fine
/// (we may never have stored it).
#[tracing::instrument(name = "usecase.receive_delete", skip_all, fields(object = %ap_id))]
pub async fn receive_delete(ports: Ports<'_>, sender: &Actor, ap_id: &Url) -> CoreResult<()> {
    match ports.store.practice_by_ap_id(ap_id).await? {
        Some(p) if p.author == sender.id && !p.local && !p.is_deleted() => {
            let (outgoing, relaying) = plan(ports, sender, &p, Some(p.id), Change::Deleted).await?;
            ports.store.delete_practice(p.id, Timestamp::now(), &outgoing, &relaying).await?;
            super::attachments::forget_unused(ports, &p.details.attachments).await;
            Ok(())
        }
        Some(p) if p.author != sender.id => Err(CoreError::Forbidden("only the author may delete a practice".into())),
        Some(_) => Ok(()),
        // A practice we never stored may still have told us it adopted one
        // of ours: gone, it adopts nothing.
        None => {
            ports.store.remove_adoptions(ap_id, sender.id).await?;
            Ok(())
        }
    }
}
