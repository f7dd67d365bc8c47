//! Topics: a saved search published as a followable actor. A curator on
//! Mastodon follows "SDG 11 in the Republic of Korea" instead of a firehose;
//! the topic `Announce`s each new practice that matches, once.
//!
//! "New" means both: stored by this node after the topic was created (a
//! cursor over practice ids), and published within [`FRESH_DAYS`] — a
//! backfill of an association's history, arriving later, is not news.

use std::future::Future;

use crate::access::{Permission, Principal};
use crate::actor::{Actor, ActorKind, ActorName, KeyPair, NewLocalActor};
use crate::error::{CoreError, CoreResult};
use crate::outbox::{Announced, Intent};
use crate::search::{SearchError, SearchQuery};
use crate::store::{Page, PracticeQuery, Store, Topic};
use crate::time::Timestamp;
use crate::usecases::Ports;

/// Practices published longer ago than this are not announced as new.
pub const FRESH_DAYS: i64 = 14;

/// At most this many matches are announced per topic and run; the rest
/// wait for the next run.
pub const ANNOUNCES_PER_RUN: u32 = 50;

/// What `POST /api/v1/topics` receives.
pub struct NewTopic<'a> {
    pub name: &'a str,
    pub display_name: Option<&'a str>,
    pub summary: Option<&'a str>,
    /// The search as a query string (`sdg=11&country=KR`).
    pub query: &'a str,
}

/// Publishes a saved search as a topic actor owned by `owner`; `who` must
/// be an editor of `owner` (or the operator). The query is parsed here
/// (a bad one is [`SearchError::Invalid`]) and stored in its canonical
/// form; `keys` is awaited only once everything else is known to be right
/// (generating a key pair costs). Only what is stored from now on is
/// announced.
pub async fn create_topic(
    ports: Ports<'_>,
    who: &Principal,
    owner: &Actor,
    new: &NewTopic<'_>,
    keys: impl Future<Output = CoreResult<KeyPair>>,
) -> Result<Actor, SearchError> {
    who.require(Permission::Write(owner.id))?;
    if !owner.local || !ActorKind::LOCAL.contains(&owner.kind) {
        return Err(CoreError::Forbidden("only a city, association or knowledge space publishes topics".into()).into());
    }
    let search = SearchQuery::parse_saved(new.query)?;
    // The actors it names must be known now (later, a vanished one makes
    // the topic find nothing).
    search.resolve(ports.store).await?;
    let mut actor = NewLocalActor::parse(new.name, "city", new.display_name, None)?;
    actor.kind = ActorKind::Topic;
    actor.summary = new.summary.map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned);
    super::actors::ensure_name_free(ports.store, &actor.name).await?;
    let keys = keys.await?;
    let cursor = ports.store.max_practice_id().await?;
    let location = ports.urls.location(&actor.name);
    let (actor, _) = ports.store.create_topic(&actor, &location, &keys, owner.id, &search.render(), cursor).await?;
    Ok(actor)
}

/// A local topic by name, with its saved search.
pub async fn find_topic(ports: Ports<'_>, name: &str) -> CoreResult<(Actor, Topic)> {
    let not_found = || CoreError::NotFound(format!("topic '{name}'"));
    let name = ActorName::parse(name).map_err(|_| not_found())?;
    let actor =
        ports.store.local_actor_by_name(&name).await?.filter(|a| a.kind == ActorKind::Topic).ok_or_else(not_found)?;
    let topic = ports.store.topic(actor.id).await?.ok_or_else(not_found)?;
    Ok((actor, topic))
}

/// Removes a topic; `who` must be an editor of its owner (or the operator).
pub async fn delete_topic(ports: Ports<'_>, who: &Principal, name: &str) -> CoreResult<()> {
    let (actor, topic) = find_topic(ports, name).await?;
    who.require(Permission::Write(topic.owner))?;
    let delete = ports.outbox.render(Intent::ActorDeleted { actor: &actor })?;
    ports.store.delete_topic(actor.id, Timestamp::now(), &[delete]).await?;
    Ok(())
}

/// What a topic's saved search finds now. An error when it no longer
/// parses or names an actor this node no longer knows.
pub async fn saved_search(store: &dyn Store, topic: &Topic) -> Result<PracticeQuery, SearchError> {
    SearchQuery::parse(&topic.query)?.resolve(store).await
}

/// One pass of the scheduler over every topic: each announces what it
/// matched since the last pass ([`announce_new_matches`]). A topic whose
/// saved search no longer works (an actor it names is gone) is skipped with
/// a warning, and so is one whose run fails; the others go on. Returns how
/// many practices were announced in all.
pub async fn announce_all(ports: Ports<'_>, now: Timestamp) -> CoreResult<usize> {
    let mut announced = 0;
    for topic in ports.store.topics().await? {
        let query = match saved_search(ports.store, &topic).await {
            Ok(q) => q,
            Err(e) => {
                tracing::warn!(topic = topic.actor.0, query = %topic.query, error = %e, "topics: the saved search no longer works");
                continue;
            }
        };
        match announce_new_matches(ports, &topic, &query, now).await {
            Ok(run) => {
                announced += run.announced;
                if run.skipped > 0 {
                    tracing::info!(
                        topic = topic.actor.0,
                        skipped = run.skipped,
                        "topics: a burst of matches; only the newest were announced"
                    );
                }
            }
            Err(e) => tracing::warn!(topic = topic.actor.0, error = %e, "topics: run failed"),
        }
    }
    Ok(announced)
}

/// Announces, oldest first, the practices stored since the topic's cursor
/// that match its search (`query`: [`saved_search`] of `topic`) and are
/// fresh; then moves the cursor past everything
/// stored so far. More than [`ANNOUNCES_PER_RUN`] new matches at once is a
/// burst (a bulk import): the newest are announced, the rest skipped.
pub async fn announce_new_matches(
    ports: Ports<'_>,
    topic: &Topic,
    query: &PracticeQuery,
    now: Timestamp,
) -> CoreResult<TopicRun> {
    let actor = ports.store.actor(topic.actor).await?;
    // Everything stored up to here is considered in this run.
    let ceiling = ports.store.max_practice_id().await?;
    let fresh = Timestamp(now.0 - FRESH_DAYS * 24 * 60 * 60 * 1000);
    let mut q = query.clone();
    // A topic announces what is new, in the order it arrived.
    q.sort = crate::store::SearchOrder::Newest;
    q.newer_than = Some(topic.cursor);
    q.since = Some(q.since.map_or(fresh, |s| s.max(fresh)));
    let found = ports.store.search(&q, Page::first(ANNOUNCES_PER_RUN), false).await?;
    let mut announced = 0;
    let mut cursor = topic.cursor.max(ceiling);
    // The page is newest first: announce in the order they arrived.
    for practice in found.practices.iter().rev() {
        let author = ports.store.actor(practice.author).await?;
        let announce = ports.outbox.render(Intent::Announce {
            announcer: &actor,
            author: &author,
            practice,
            of: Announced::Object,
            approved: false,
        })?;
        if ports.store.record_topic_announce(actor.id, practice.id, now, &[announce]).await? {
            announced += 1;
        }
        cursor = cursor.max(practice.id.0);
    }
    if cursor != topic.cursor {
        ports.store.set_topic_cursor(actor.id, cursor).await?;
    }
    let skipped = (found.total - found.practices.len() as i64).max(0);
    Ok(TopicRun { announced, skipped })
}

/// What one run of a topic did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TopicRun {
    pub announced: usize,
    /// New matches left out of a burst.
    pub skipped: i64,
}
