//! One conformance suite for every `Store` operation, run on SQLite always
//! and on PostgreSQL whenever `ECITIES_TEST_POSTGRES_URL` is set (each test
//! in its own fresh database).
//!
//! Sections follow the store's areas (`ActorStore`, `AccessStore`, …, as in
//! `ecities_core/src/store/`); the guard at the end fails, naming the method,
//! when a method of any area is called by no test that runs on both.

use std::future::Future;
use std::sync::Arc;

use ecities_core::CoreError;
use ecities_core::access::Principal;
use ecities_core::actor::{ActorEndpoints, ActorId, ActorKind, ActorName, KeyPair, NewLocalActor, RemoteActor};
use ecities_core::content::SafeHtml;
use ecities_core::follow::{FollowApproval, FollowId, FollowState};
use ecities_core::hub::{DomainRuleKind, Moderation, ModerationDecision, Shared, SubmissionState};
use ecities_core::import::{FeedMapping, FeedSourceId, PollRecord};
use ecities_core::practice::{NewPractice, PracticeId, PracticeInput, PracticeKind};
use ecities_core::store::{
    AccessStore, ActorStore, Audience, DeliveryOutcome, DeliveryState, DeliveryStore, DomainStore, FollowStore,
    HealthStore, HostPolicy, HubStore, ImportStore, ImportedItem, InboxStore, IncomingClaim, LocalActorLocation,
    NodeStore, OutgoingActivity, Page, PracticeQuery, PracticeStore, ReplyStore, SearchOrder, SearchStore, TopicStore,
};
use ecities_core::taxonomy::{Country, Region, Sdg};
use ecities_core::time::Timestamp;
use ecities_core::token::{TokenHash, TokenScope};
use ecities_store::testing::{TestDatabase, postgres_test_url};
use ecities_store::{DatabaseUrl, SqlStore, connect, migrate};
use url::Url;

async fn on_sqlite<F, Fut>(test: F)
where
    F: FnOnce(Arc<SqlStore>) -> Fut,
    Fut: Future<Output = ()>,
{
    let dir = tempfile::tempdir().expect("temp dir");
    let url: DatabaseUrl = format!("sqlite://{}/test.db", dir.path().display()).parse().expect("url");
    let store = connect(&url, None).await.expect("connect sqlite");
    migrate(&store).await.expect("migrate sqlite");
    test(Arc::new(store)).await;
}

async fn on_postgres<F, Fut>(test: F)
where
    F: FnOnce(Arc<SqlStore>) -> Fut,
    Fut: Future<Output = ()>,
{
    let Some(admin) = postgres_test_url() else {
        eprintln!("skipped: ECITIES_TEST_POSTGRES_URL is not set, PostgreSQL half not run");
        return;
    };
    let db = TestDatabase::create_postgres(&admin).await.expect("create test database");
    let store = connect(&db.url.parse().expect("url"), Some(4)).await.expect("connect postgres");
    migrate(&store).await.expect("migrate postgres");
    let store = Arc::new(store);
    test(store.clone()).await;
    store.close().await;
    db.drop_database().await;
}

/// Declares `name::sqlite` and `name::postgres` running the same body.
macro_rules! conformance {
    ($name:ident, $body:expr) => {
        mod $name {
            use super::*;
            #[tokio::test]
            async fn sqlite() {
                on_sqlite($body).await;
            }
            #[tokio::test]
            async fn postgres() {
                on_postgres($body).await;
            }
        }
    };
}

const BASE: &str = "http://localhost:8080";

fn location(name: &str) -> LocalActorLocation {
    let url = Url::parse(&format!("{BASE}/actors/{name}")).expect("url");
    LocalActorLocation {
        host: "localhost:8080".into(),
        profile_url: url.clone(),
        endpoints: ActorEndpoints {
            inbox: url.join(&format!("{name}/inbox")).expect("url"),
            shared_inbox: Some(Url::parse(&format!("{BASE}/inbox")).expect("url")),
            outbox: Some(url.join(&format!("{name}/outbox")).expect("url")),
            followers: Some(url.join(&format!("{name}/followers")).expect("url")),
            following: Some(url.join(&format!("{name}/following")).expect("url")),
        },
        url,
    }
}

fn keys() -> KeyPair {
    KeyPair { public_pem: "PUBLIC".into(), private_pem: "PRIVATE".into() }
}

async fn city(store: &SqlStore, name: &str) -> ecities_core::actor::Actor {
    let new = NewLocalActor::parse(name, "city", Some("City of Test"), Some("KR")).expect("valid");
    store.create_local_actor(&new, &location(name), &keys()).await.expect("create actor")
}

fn remote(name: &str, host: &str, shared: bool) -> RemoteActor {
    let url = Url::parse(&format!("http://{host}/users/{name}")).expect("url");
    RemoteActor {
        name: name.into(),
        host: host.into(),
        kind: ActorKind::Person,
        display_name: Some(name.to_uppercase()),
        summary: None,
        profile_url: Some(url.clone()),
        icon_url: None,
        endpoints: ActorEndpoints {
            inbox: url.join(&format!("{name}/inbox")).expect("url"),
            shared_inbox: shared.then(|| Url::parse(&format!("http://{host}/inbox")).expect("url")),
            outbox: None,
            followers: None,
            following: None,
        },
        public_key_pem: format!("KEY-{name}"),
        country: None,
        url,
    }
}

fn practice_input(title: &str, sdgs: Vec<i64>, country: &str, lang: &str, kind: &str) -> PracticeInput {
    PracticeInput {
        title: Some(title.into()),
        summary: Some(format!("Summary of {title}")),
        content: Some(format!("Body of **{title}**")),
        language: Some(lang.into()),
        kind: Some(kind.into()),
        sdgs: Some(sdgs),
        country: Some(country.into()),
        themes: Some(vec!["e-government".into()]),
        links: Some(vec!["https://portal.example/page".into()]),
        problem: Some("Traffic".into()),
        period_start: Some("2024-01-01".into()),
        ..Default::default()
    }
}

fn new_practice(key: &str, author: ActorId, input: PracticeInput) -> NewPractice {
    let ap_id = Url::parse(&format!("{BASE}/practices/{key}")).expect("url");
    NewPractice::local(key.into(), ap_id.clone(), ap_id, author, input.parse().expect("valid"), Timestamp::now())
}

fn activity(id: &str, actor: ActorId, audience: Vec<Audience>) -> OutgoingActivity {
    OutgoingActivity {
        ap_id: Url::parse(&format!("{BASE}/activities/{id}")).expect("url"),
        actor,
        kind: "Create".into(),
        body: format!("{{\"id\":\"{id}\"}}"),
        audience,
    }
}

/// A remote note by `author` with this ActivityPub id.
fn remote_note(key: &str, ap_id: &str, author: ActorId) -> NewPractice {
    let ap_id = Url::parse(ap_id).expect("url");
    NewPractice {
        key: key.into(),
        url: ap_id.clone(),
        ap_id,
        author,
        local: false,
        title: "A note".into(),
        summary: "".into(),
        content_markdown: None,
        content_html: SafeHtml::sanitize("<p>hello</p>"),
        language: None,
        kind: None,
        sdgs: vec![],
        country: None,
        translations: Default::default(),
        details: Default::default(),
        published_at: Timestamp::now(),
        updated_at: None,
        embargoed: false,
    }
}

async fn association(store: &SqlStore, name: &str, host: &str) -> ecities_core::actor::Actor {
    let mut hub = remote(name, host, true);
    hub.kind = ActorKind::Association;
    store.upsert_remote_actor(&hub).await.expect("remote association")
}

// ---------------------------------------------------------------------- actors

conformance!(local_actors_are_created_found_and_unique_by_name, |store: Arc<SqlStore>| async move {
    let seoul = city(&store, "seoul").await;
    assert!(seoul.local);
    assert_eq!(seoul.kind, ActorKind::City);
    assert_eq!(seoul.country.as_ref().map(Country::code), Some("KR"));
    assert_eq!(seoul.display_name.as_deref(), Some("City of Test"));
    assert_eq!(seoul.handle(), "seoul@localhost:8080");

    let name = ActorName::parse("seoul").expect("name");
    assert_eq!(store.local_actor_by_name(&name).await.expect("query"), Some(seoul.clone()));
    assert_eq!(store.actor_by_url(&seoul.url).await.expect("query"), Some(seoul.clone()));
    assert_eq!(store.actor(seoul.id).await.expect("query"), seoul);
    assert_eq!(store.private_key(seoul.id).await.expect("key"), "PRIVATE");

    let again = NewLocalActor::parse("seoul", "association", None, None).expect("valid");
    let err = store.create_local_actor(&again, &location("seoul"), &keys()).await.expect_err("duplicate");
    assert!(matches!(err, CoreError::Conflict(_)), "{err:?}");
    assert_eq!(store.local_actors().await.expect("list").len(), 1);
    assert!(matches!(store.actor(ActorId(999)).await, Err(CoreError::NotFound(_))));
});

conformance!(remote_actors_are_upserted_by_url_and_never_replace_local_ones, |store: Arc<SqlStore>| async move {
    let mut alice = remote("alice", "social.example", true);
    let first = store.upsert_remote_actor(&alice).await.expect("insert");
    assert!(!first.local);
    alice.public_key_pem = "ROTATED".into();
    let second = store.upsert_remote_actor(&alice).await.expect("update");
    assert_eq!(second.id, first.id);
    assert_eq!(second.public_key_pem, "ROTATED");
    assert_eq!(second.delivery_inbox().as_str(), "http://social.example/inbox");
    assert!(matches!(store.private_key(first.id).await, Err(CoreError::NotFound(_))));

    let seoul = city(&store, "seoul").await;
    let mut fake = remote("seoul", "localhost:8080", false);
    fake.url = seoul.url.clone();
    assert!(matches!(store.upsert_remote_actor(&fake).await, Err(CoreError::Conflict(_))));
    assert_eq!(store.actor(seoul.id).await.expect("kept").public_key_pem, "PUBLIC");
});

// ---------------------------------------------------------------------- access

conformance!(tokens_resolve_to_their_holder_only_by_hash, |store: Arc<SqlStore>| async move {
    let seoul = city(&store, "seoul").await;
    let hash = TokenHash::of("ect_secret");
    let token =
        store.create_token(&Principal::editor(seoul.id), &hash, Some("cms"), TokenScope::Write).await.expect("token");
    assert_eq!((token.label.as_deref(), token.holder), (Some("cms"), Principal::editor(seoul.id)));
    assert_eq!(
        store.token_holder(&hash).await.expect("lookup"),
        Some((Principal::editor(seoul.id), TokenScope::Write))
    );
    assert_eq!(store.token_holder(&TokenHash::of("ect_other")).await.expect("lookup"), None);
    let read = TokenHash::of("ect_reader");
    store.create_token(&Principal::moderator(seoul.id), &read, None, TokenScope::Read).await.expect("token");
    assert_eq!(
        store.token_holder(&read).await.expect("lookup"),
        Some((Principal::moderator(seoul.id), TokenScope::Read))
    );
    let operator = TokenHash::of("ect_operator");
    store.create_token(&Principal::Operator, &operator, Some("ops"), TokenScope::Write).await.expect("token");
    assert_eq!(store.token_holder(&operator).await.expect("lookup"), Some((Principal::Operator, TokenScope::Write)));

    let listed = store.tokens(Some(seoul.id)).await.expect("list");
    assert_eq!(listed.len(), 2);
    assert!(listed[0].last_used_at.is_some());
    assert_eq!((listed[1].scope, listed[1].holder), (TokenScope::Read, Principal::moderator(seoul.id)));
    let ops = store.tokens(None).await.expect("operator tokens");
    assert_eq!(
        ops.iter().map(|t| (t.holder, t.label.as_deref())).collect::<Vec<_>>(),
        [(Principal::Operator, Some("ops"))]
    );
});

conformance!(admin_users_carry_their_role_into_sessions, |store: Arc<SqlStore>| async move {
    let korea = city(&store, "korea").await;
    let ops = store.create_admin_user(&Principal::Operator, "ops", "HASH-OPS").await.expect("operator");
    let editor = store.create_admin_user(&Principal::editor(korea.id), "ed", "HASH-ED").await.expect("editor");
    let moderator =
        store.create_admin_user(&Principal::moderator(korea.id), "mod", "HASH-MOD").await.expect("moderator");
    assert!(matches!(
        store.create_admin_user(&Principal::Operator, "ed", "x").await,
        Err(CoreError::Conflict(m)) if m.contains("'ed'")
    ));
    assert_eq!(store.admin_user_by_login("ops").await.expect("lookup"), Some((ops.clone(), "HASH-OPS".into())));
    assert_eq!(store.admin_user_by_login("mod").await.expect("lookup").map(|(u, _)| u.holder), Some(moderator.holder));
    assert_eq!(store.admin_user_by_login("nobody").await.expect("lookup"), None);
    let users = store.admin_users().await.expect("users");
    assert_eq!(users, vec![editor.clone(), moderator, ops.clone()], "ordered by login");

    let now = Timestamp::now();
    let session = TokenHash::of("session-1");
    store.create_session(ops.id, &session, "CSRF", now.plus_millis(60_000)).await.expect("session");
    assert_eq!(store.session(&session, now).await.expect("live"), Some((ops, "CSRF".into())));
    assert_eq!(store.session(&session, now.plus_millis(120_000)).await.expect("expired"), None);
    store.delete_session(&session).await.expect("delete");
    assert_eq!(store.session(&session, now).await.expect("gone"), None);
});

/// Migrates a fresh database to 0018, writes a token, a user and a session
/// as that version did, and checks that 0019 keeps them as editors.
async fn tokens_and_users_from_0018_become_editors(store: &SqlStore, dir: &str) {
    let path = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../migrations").join(dir);
    let old = sqlx::migrate::Migrator::new(path).await.expect("migrations");
    old.run_to(18, store.pool()).await.expect("migrate to 0018");
    let now = Timestamp::now().0;
    let exec = |sql: &'static str| sqlx::query(sql).bind(now).execute(store.pool());
    exec("INSERT INTO actors (local, kind, name, host, url, inbox, public_key_pem, created_at, updated_at, last_refreshed_at) \
          VALUES (1, 'city', 'seoul', 'localhost:8080', 'http://localhost:8080/actors/seoul', \
                  'http://localhost:8080/actors/seoul/inbox', 'PUBLIC', $1, $1, $1)")
    .await
    .expect("actor");
    exec(
        "INSERT INTO api_tokens (actor_id, token_hash, label, created_at, scope) \
          SELECT id, 'old-token-hash', 'cms', $1, 'read' FROM actors WHERE name = 'seoul'",
    )
    .await
    .expect("token");
    exec(
        "INSERT INTO admin_users (actor_id, login, password_hash, created_at) \
          SELECT id, 'editor', 'HASH', $1 FROM actors WHERE name = 'seoul'",
    )
    .await
    .expect("user");
    exec(
        "INSERT INTO admin_sessions (token_hash, user_id, csrf, expires_at, created_at) \
          SELECT 'old-session', id, 'CSRF', $1 + 60000, $1 FROM admin_users",
    )
    .await
    .expect("session");

    migrate(store).await.expect("migrate to the newest");
    let seoul =
        store.local_actor_by_name(&ActorName::parse("seoul").expect("name")).await.expect("lookup").expect("kept");
    assert_eq!(
        store.token_holder(&TokenHash::from_stored("old-token-hash".into())).await.expect("lookup"),
        Some((Principal::editor(seoul.id), TokenScope::Read)),
        "an old token is an editor of its actor and keeps its scope"
    );
    let (user, _) = store.admin_user_by_login("editor").await.expect("lookup").expect("kept");
    assert_eq!(user.holder, Principal::editor(seoul.id));
    let session = store.session(&TokenHash::from_stored("old-session".into()), Timestamp(now)).await.expect("session");
    assert_eq!(session.map(|(u, csrf)| (u.id, csrf)), Some((user.id, "CSRF".into())), "sessions survive");
    // The rebuilt tables still cascade and still accept new rows.
    store.create_token(&Principal::Operator, &TokenHash::of("ect_new"), None, TokenScope::Write).await.expect("token");
    store.create_admin_user(&Principal::moderator(seoul.id), "mod", "HASH").await.expect("user");
}

#[tokio::test]
async fn tokens_and_users_from_0018_become_editors_on_sqlite() {
    let dir = tempfile::tempdir().expect("temp dir");
    let url: DatabaseUrl = format!("sqlite://{}/test.db", dir.path().display()).parse().expect("url");
    let store = connect(&url, None).await.expect("connect sqlite");
    tokens_and_users_from_0018_become_editors(&store, "sqlite").await;
    store.close().await;
}

#[tokio::test]
async fn tokens_and_users_from_0018_become_editors_on_postgres() {
    let Some(admin) = postgres_test_url() else {
        eprintln!("skipped: ECITIES_TEST_POSTGRES_URL is not set, PostgreSQL half not run");
        return;
    };
    let db = TestDatabase::create_postgres(&admin).await.expect("create test database");
    let store = connect(&db.url.parse().expect("url"), Some(2)).await.expect("connect postgres");
    tokens_and_users_from_0018_become_editors(&store, "postgres").await;
    store.close().await;
    db.drop_database().await;
}

// ------------------------------------------------------------------- practices

conformance!(practices_round_trip_every_field, |store: Arc<SqlStore>| async move {
    let seoul = city(&store, "seoul").await;
    let mut input = practice_input("Bus lanes for everyone", vec![11, 3], "KR", "en", "best_practice");
    input.translations = Some(
        [(
            "ko".to_string(),
            ecities_core::practice::TranslationInput {
                title: Some("모두를 위한 버스 차로".into()),
                summary: Some("요약".into()),
                content: Some("본문".into()),
                ..Default::default()
            },
        )]
        .into(),
    );
    let new = new_practice("p1", seoul.id, input);
    let stored = store.insert_practice(&new, &[], &[]).await.expect("insert");
    assert_eq!(stored.title, new.title);
    assert_eq!(stored.content_html, new.content_html);
    assert_eq!(stored.sdgs, vec![Sdg::new(3).expect("sdg"), Sdg::new(11).expect("sdg")]);
    assert_eq!(stored.translations, new.translations);
    assert_eq!(stored.details, new.details);
    assert_eq!(stored.kind, Some(PracticeKind::BestPractice));
    assert!(stored.local);
    assert_eq!(store.practice_by_key("p1").await.expect("by key"), Some(stored.clone()));
    assert_eq!(store.practice_by_ap_id(&new.ap_id).await.expect("by id"), Some(stored.clone()));
    assert!(matches!(store.insert_practice(&new, &[], &[]).await, Err(CoreError::Conflict(_))));
});

conformance!(attachments_round_trip_and_their_files_are_in_use_until_the_practice_is_deleted, |store: Arc<
    SqlStore,
>| async move {
    use ecities_core::media::{Attachment, ContentHash, MediaType};
    let seoul = city(&store, "seoul").await;
    let mut new = new_practice("att", seoul.id, practice_input("Attached files", vec![11], "KR", "en", "case_study"));
    let image = ContentHash::of(b"png bytes");
    let preview = ContentHash::of(b"jpeg bytes");
    let pdf = ContentHash::of(b"pdf bytes");
    let url = |h: &ContentHash| Url::parse(&format!("{BASE}/media/{}", h.hex())).expect("url");
    new.details.attachments = vec![
        Attachment {
            media_type: MediaType::Png,
            size: 9,
            sha256: image,
            alt: Some("A bus lane".into()),
            caption: Some("Gangnam, 2024".into()),
            url: url(&image),
            width: Some(800),
            height: Some(600),
            preview: Some(preview),
            verified: true,
        },
        Attachment {
            media_type: MediaType::Pdf,
            size: 9,
            sha256: pdf,
            alt: None,
            caption: None,
            url: url(&pdf),
            width: None,
            height: None,
            preview: None,
            verified: false,
        },
    ];
    let stored = store.insert_practice(&new, &[], &[]).await.expect("insert");
    assert_eq!(store.practice(stored.id).await.expect("read").details.attachments, new.details.attachments);
    for hash in [image, preview, pdf] {
        assert!(store.file_in_use(&hash).await.expect("query"), "{hash}");
    }
    assert!(!store.file_in_use(&ContentHash::of(b"other")).await.expect("query"));
    store.delete_practice(stored.id, Timestamp::now(), &[], &[]).await.expect("delete");
    assert!(!store.file_in_use(&image).await.expect("query"), "a deleted practice keeps no file in use");
});

conformance!(practices_are_updated_and_deleted_as_tombstones, |store: Arc<SqlStore>| async move {
    let seoul = city(&store, "seoul").await;
    let stored = store
        .insert_practice(
            &new_practice("p1", seoul.id, practice_input("Original title", vec![11], "KR", "en", "policy")),
            &[],
            &[],
        )
        .await
        .expect("insert");
    let mut changed = new_practice("p1", seoul.id, practice_input("Edited title", vec![6], "KR", "en", "policy"));
    changed.updated_at = Some(Timestamp::now());
    let updated = store.update_practice(stored.id, &changed, &[], &[]).await.expect("update");
    assert_eq!(updated.title, "Edited title");
    assert_eq!(updated.published_at, stored.published_at);
    assert!(updated.updated_at.is_some());

    store.delete_practice(stored.id, Timestamp::now(), &[], &[]).await.expect("delete");
    let gone = store.practice(stored.id).await.expect("still readable");
    assert!(gone.is_deleted());
    assert!(matches!(store.delete_practice(stored.id, Timestamp::now(), &[], &[]).await, Err(CoreError::NotFound(_))));
    assert!(matches!(store.update_practice(stored.id, &changed, &[], &[]).await, Err(CoreError::NotFound(_))));
    assert!(store.search_practices(&PracticeQuery::default(), Page::first(10)).await.expect("search").is_empty());
});

conformance!(remote_practices_upsert_by_id_only_for_their_author, |store: Arc<SqlStore>| async move {
    let alice = store.upsert_remote_actor(&remote("alice", "social.example", true)).await.expect("actor");
    let mallory = store.upsert_remote_actor(&remote("mallory", "evil.example", true)).await.expect("actor");
    let ap_id = Url::parse("http://social.example/notes/1").expect("url");
    let mut note = NewPractice {
        key: "r1".into(),
        ap_id: ap_id.clone(),
        url: ap_id.clone(),
        author: alice.id,
        local: false,
        title: "A note".into(),
        summary: "".into(),
        content_markdown: None,
        content_html: SafeHtml::sanitize("<p>hello</p>"),
        language: None,
        kind: None,
        sdgs: vec![],
        country: None,
        translations: Default::default(),
        details: Default::default(),
        published_at: Timestamp::now(),
        updated_at: None,
        embargoed: false,
    };
    let first = store.upsert_remote_practice(&note, &[], &[]).await.expect("insert");
    assert!(!first.local);
    note.title = "An edited note".into();
    note.key = "r2".into();
    let second = store.upsert_remote_practice(&note, &[], &[]).await.expect("update");
    assert_eq!(second.id, first.id);
    assert_eq!(second.key, "r1", "the local key never changes");
    assert_eq!(second.title, "An edited note");

    note.author = mallory.id;
    note.title = "hijacked".into();
    assert!(matches!(store.upsert_remote_practice(&note, &[], &[]).await, Err(CoreError::Conflict(_))));
    store.delete_practice(first.id, Timestamp::now(), &[], &[]).await.expect("delete");
    note.author = alice.id;
    assert!(
        matches!(store.upsert_remote_practice(&note, &[], &[]).await, Err(CoreError::Conflict(_))),
        "a late update must not resurrect a deleted post"
    );
});

// ------------------------------------------- revision history and harvests (migration 0023)

conformance!(
    every_edit_keeps_the_previous_version_immutable_and_numbered_from_one,
    |store: Arc<SqlStore>| async move {
        let seoul = city(&store, "seoul").await;
        let first = store
            .insert_practice(
                &new_practice("p1", seoul.id, practice_input("First text", vec![11], "KR", "en", "policy")),
                &[],
                &[],
            )
            .await
            .expect("insert");
        for (i, title) in ["Second text", "Third text"].into_iter().enumerate() {
            let mut changed = new_practice("p1", seoul.id, practice_input(title, vec![6], "KR", "en", "policy"));
            changed.updated_at = Some(Timestamp(first.published_at.0 + 1000 * (i as i64 + 1)));
            store.update_practice(first.id, &changed, &[], &[]).await.expect("update");
        }
        let versions = store.practice_versions(first.id).await.expect("versions");
        let seen: Vec<(i64, &str)> = versions.iter().map(|v| (v.number, v.practice.title.as_str())).collect();
        assert_eq!(seen, vec![(1, "First text"), (2, "Second text"), (3, "Third text")]);
        assert_eq!(versions[0].practice.sdgs, vec![Sdg::new(11).expect("sdg")], "version 1 keeps its own goals");
        assert_eq!(versions[0].practice.updated_at, None, "version 1 is the first publication");
        assert_eq!(versions[0].practice.key, "p1");
        let second = store.practice_version(first.id, 2).await.expect("read").expect("version 2");
        assert_eq!(second, versions[1]);
        assert_eq!(second.dated(), Timestamp(first.published_at.0 + 1000));
        assert_eq!(store.latest_practice_version(first.id).await.expect("read").as_ref(), versions.last());
        assert_eq!(store.latest_practice_version(PracticeId(first.id.0 + 100)).await.expect("read"), None);
        assert_eq!(store.practice_version(first.id, 4).await.expect("read"), None, "no version 4");
        assert_eq!(store.practice_version(first.id, 0).await.expect("read"), None);

        // Versions are immutable: the database itself refuses to change one.
        let tamper = sqlx::query("UPDATE practice_versions SET title = 'forged' WHERE practice_id = $1")
            .bind(first.id.0)
            .execute(store.pool())
            .await;
        assert!(tamper.is_err(), "a version was changed in place");
        assert_eq!(store.practice_version(first.id, 1).await.expect("read").expect("v1").practice.title, "First text");

        // A deleted practice keeps its history (the web hides it).
        store.delete_practice(first.id, Timestamp::now(), &[], &[]).await.expect("delete");
        assert_eq!(store.practice_versions(first.id).await.expect("versions").len(), 3);
    }
);

/// Migrates a fresh database to 0021, writes a practice edited once as that
/// version did, and checks that 0023 makes its present text version 1 and
/// its last edit the harvest datestamp.
async fn practices_from_0021_start_their_history_at_version_1(store: &SqlStore, dir: &str) {
    use ecities_core::store::HarvestQuery;
    let path = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../migrations").join(dir);
    let old = sqlx::migrate::Migrator::new(path).await.expect("migrations");
    old.run_to(21, store.pool()).await.expect("migrate to 0021");
    let published = Timestamp::now().0 - 86_400_000;
    let edited = published + 3_600_000;
    sqlx::query(
        "INSERT INTO actors (local, kind, name, host, url, inbox, public_key_pem, created_at, updated_at, last_refreshed_at) \
         VALUES (1, 'city', 'seoul', 'localhost:8080', 'http://localhost:8080/actors/seoul', \
                 'http://localhost:8080/actors/seoul/inbox', 'PUBLIC', $1, $1, $1)",
    )
    .bind(published)
    .execute(store.pool())
    .await
    .expect("actor");
    sqlx::query(
        "INSERT INTO practices (key, ap_id, url, author_id, local, title, summary, content_html, sdgs, translations, \
                                details, published_at, updated_at) \
         SELECT 'old', 'http://localhost:8080/practices/old', 'http://localhost:8080/practices/old', id, 1, \
                'Edited before the upgrade', 'Summary', '<p>Body</p>', ',11,', '{}', '{}', $1, $2 FROM actors",
    )
    .bind(published)
    .bind(edited)
    .execute(store.pool())
    .await
    .expect("practice");

    migrate(store).await.expect("migrate to the newest");
    let p = store.practice_by_key("old").await.expect("lookup").expect("kept");
    let versions = store.practice_versions(p.id).await.expect("versions");
    assert_eq!(versions.len(), 1, "{dir}");
    assert_eq!((versions[0].number, versions[0].practice.title.as_str()), (1, "Edited before the upgrade"));
    assert_eq!(versions[0].dated(), Timestamp(edited));
    let harvested = store.harvest_practices(&HarvestQuery { limit: 10, ..Default::default() }).await.expect("harvest");
    assert_eq!(harvested.iter().map(|r| r.changed_at).collect::<Vec<_>>(), vec![Timestamp(edited)], "{dir}");
}

#[tokio::test]
async fn practices_from_0021_start_their_history_at_version_1_on_sqlite() {
    let dir = tempfile::tempdir().expect("temp dir");
    let url: DatabaseUrl = format!("sqlite://{}/test.db", dir.path().display()).parse().expect("url");
    let store = connect(&url, None).await.expect("connect sqlite");
    practices_from_0021_start_their_history_at_version_1(&store, "sqlite").await;
    store.close().await;
}

#[tokio::test]
async fn practices_from_0021_start_their_history_at_version_1_on_postgres() {
    let Some(admin) = postgres_test_url() else {
        eprintln!("skipped: ECITIES_TEST_POSTGRES_URL is not set, PostgreSQL half not run");
        return;
    };
    let db = TestDatabase::create_postgres(&admin).await.expect("create test database");
    let store = connect(&db.url.parse().expect("url"), Some(2)).await.expect("connect postgres");
    practices_from_0021_start_their_history_at_version_1(&store, "postgres").await;
    store.close().await;
    db.drop_database().await;
}

conformance!(a_remote_copy_keeps_each_version_it_received_once, |store: Arc<SqlStore>| async move {
    let alice = store.upsert_remote_actor(&remote("alice", "social.example", true)).await.expect("actor");
    let mut note = remote_note("r1", "http://social.example/notes/1", alice.id);
    let copy = store.upsert_remote_practice(&note, &[], &[]).await.expect("insert");
    store.upsert_remote_practice(&note, &[], &[]).await.expect("fetched again, unchanged");
    note.title = "An edited note".into();
    note.updated_at = Some(Timestamp::now());
    let relayer = city(&store, "hub").await;
    store.upsert_relayed_practice(&note, relayer.id, false, Timestamp::now()).await.expect("relayed edit");
    let titles: Vec<(i64, String)> = store
        .practice_versions(copy.id)
        .await
        .expect("versions")
        .into_iter()
        .map(|v| (v.number, v.practice.title))
        .collect();
    assert_eq!(titles, vec![(1, "A note".to_string()), (2, "An edited note".to_string())]);
});

conformance!(harvests_list_local_practices_by_last_change_with_deletions_filters_and_a_cursor, |store: Arc<
    SqlStore,
>| async move {
    use ecities_core::store::HarvestQuery;
    let seoul = city(&store, "seoul").await;
    let alice = store.upsert_remote_actor(&remote("alice", "social.example", true)).await.expect("actor");
    store
        .upsert_remote_practice(&remote_note("r1", "http://social.example/notes/1", alice.id), &[], &[])
        .await
        .expect("remote");
    let mut ids = Vec::new();
    for (key, sdgs, kind) in [("a", vec![6], "policy"), ("b", vec![11, 6], "best_practice"), ("c", vec![11], "policy")]
    {
        let p = store
            .insert_practice(
                &new_practice(key, seoul.id, practice_input(&format!("Practice {key}"), sdgs, "KR", "en", kind)),
                &[],
                &[],
            )
            .await
            .expect("insert");
        ids.push(p.id);
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    // Deleting "a" makes it the latest change, a Tombstone.
    store.delete_practice(ids[0], Timestamp::now(), &[], &[]).await.expect("delete");

    let all = |q: HarvestQuery| {
        let store = store.clone();
        async move { store.harvest_practices(&HarvestQuery { limit: 50, ..q }).await.expect("harvest") }
    };
    let keys = |rs: &[ecities_core::store::HarvestRecord]| -> Vec<String> {
        rs.iter().map(|r| r.practice.key.clone()).collect()
    };
    let everything = all(HarvestQuery::default()).await;
    assert_eq!(keys(&everything), vec!["b", "c", "a"], "local only, oldest change first");
    assert!(everything[2].practice.is_deleted(), "deletions are reported");
    assert!(everything.windows(2).all(|w| w[0].changed_at <= w[1].changed_at));

    let sdg6 = all(HarvestQuery { sdg: Some(Sdg::new(6).expect("sdg")), ..Default::default() }).await;
    assert_eq!(keys(&sdg6), vec!["b", "a"]);
    let policies = all(HarvestQuery { kind: Some(PracticeKind::Policy), ..Default::default() }).await;
    assert_eq!(keys(&policies), vec!["c", "a"]);
    let since_c = all(HarvestQuery { from: Some(everything[1].changed_at), ..Default::default() }).await;
    assert_eq!(keys(&since_c), vec!["c", "a"], "from is inclusive");
    let until_c = all(HarvestQuery { until: Some(everything[1].changed_at), ..Default::default() }).await;
    assert_eq!(keys(&until_c), vec!["b", "c"], "until is inclusive");

    let first_page = store.harvest_practices(&HarvestQuery { limit: 2, ..Default::default() }).await.expect("page");
    assert_eq!(keys(&first_page), vec!["b", "c"]);
    let last = &first_page[1];
    let rest = all(HarvestQuery { after: Some((last.changed_at, last.practice.id)), ..Default::default() }).await;
    assert_eq!(keys(&rest), vec!["a"]);

    // An edit moves a practice to the end.
    let mut edited = new_practice("b", seoul.id, practice_input("b edited", vec![6], "KR", "en", "policy"));
    edited.updated_at = Some(Timestamp::now());
    store.update_practice(ids[1], &edited, &[], &[]).await.expect("edit");
    assert_eq!(keys(&all(HarvestQuery::default()).await), vec!["c", "a", "b"]);
});

conformance!(the_largest_practice_id_grows_with_every_stored_practice, |store: Arc<SqlStore>| async move {
    assert_eq!(store.max_practice_id().await.expect("max"), 0, "no practice yet");
    let seoul = city(&store, "seoul").await;
    let first = store
        .insert_practice(
            &new_practice("p1", seoul.id, practice_input("First", vec![11], "KR", "en", "policy")),
            &[],
            &[],
        )
        .await
        .expect("p1");
    assert_eq!(store.max_practice_id().await.expect("max"), first.id.0);
    let second = store
        .insert_practice(
            &new_practice("p2", seoul.id, practice_input("Second", vec![11], "KR", "en", "policy")),
            &[],
            &[],
        )
        .await
        .expect("p2");
    assert!(second.id.0 > first.id.0);
    store.delete_practice(second.id, Timestamp::now(), &[], &[]).await.expect("delete");
    assert_eq!(store.max_practice_id().await.expect("max"), second.id.0, "a deleted practice keeps its id");
});

conformance!(a_relayed_practice_and_its_relay_are_stored_together_or_not_at_all, |store: Arc<SqlStore>| async move {
    let alice = store.upsert_remote_actor(&remote("alice", "social.example", true)).await.expect("actor");
    let asia = association(&store, "asia", "hub.example").await;
    let note = remote_note("r1", "http://social.example/notes/1", alice.id);
    let (stored, new_relay) =
        store.upsert_relayed_practice(&note, asia.id, true, Timestamp(5_000)).await.expect("store");
    assert!(new_relay && !stored.local);
    assert_eq!(store.practice_by_ap_id(&note.ap_id).await.expect("lookup"), Some(stored.clone()));
    let relays = store.relays(stored.id).await.expect("relays");
    assert_eq!(
        relays.iter().map(|(r, a)| (a.id, r.approved, r.relayed_at)).collect::<Vec<_>>(),
        [(asia.id, true, Timestamp(5_000))]
    );
    let relayed = PracticeQuery { relayed_by: Some(asia.id), ..Default::default() };
    assert_eq!(store.count_practices(&relayed).await.expect("search"), 1, "search sees the relay");

    // The same Announce again: the copy is refreshed, the relay kept once.
    let mut edited = note.clone();
    edited.title = "An edited note".into();
    let (again, new_relay) =
        store.upsert_relayed_practice(&edited, asia.id, false, Timestamp(6_000)).await.expect("again");
    assert_eq!((again.id, again.title.as_str(), new_relay), (stored.id, "An edited note", false));
    assert_eq!(store.relays(stored.id).await.expect("relays").len(), 1);

    // A relay that cannot be written (its actor is unknown) leaves no copy.
    let other = remote_note("r2", "http://social.example/notes/2", alice.id);
    assert!(store.upsert_relayed_practice(&other, ActorId(999_999), false, Timestamp(7_000)).await.is_err());
    assert_eq!(store.practice_by_ap_id(&other.ap_id).await.expect("lookup"), None, "rolled back with its relay");

    // A copy that cannot be written (another author's id) records no relay.
    let mallory = store.upsert_remote_actor(&remote("mallory", "evil.example", true)).await.expect("actor");
    let europe = association(&store, "europe", "eu.example").await;
    let mut hijack = note.clone();
    hijack.author = mallory.id;
    let refused = store.upsert_relayed_practice(&hijack, europe.id, false, Timestamp(8_000)).await;
    assert!(matches!(refused, Err(CoreError::Conflict(_))), "{refused:?}");
    assert!(!store.has_relayed(stored.id, europe.id).await.expect("relayed"));
});

conformance!(
    the_network_lists_associations_their_member_cities_and_what_each_shared,
    |store: Arc<SqlStore>| async move {
        let new = NewLocalActor::parse("korea", "association", Some("Korea Cities"), Some("KR")).expect("valid");
        let korea = store.create_local_actor(&new, &location("korea"), &keys()).await.expect("local association");
        let asia = association(&store, "asia", "hub.example").await;
        let seoul = city(&store, "seoul").await;
        let mut tokyo = remote("tokyo", "tokyo.example", true);
        tokyo.kind = ActorKind::City;
        tokyo.country = Some(Country::parse("JP").expect("country"));
        let tokyo = store.upsert_remote_actor(&tokyo).await.expect("remote city");
        let alice = store.upsert_remote_actor(&remote("alice", "social.example", true)).await.expect("person");

        // Local associations first, then remote ones by host; cities are not associations.
        let known = store.associations(10).await.expect("associations");
        assert_eq!(known.iter().map(|a| a.id).collect::<Vec<_>>(), [korea.id, asia.id]);
        assert_eq!(store.associations(1).await.expect("limited").len(), 1);

        // Members: accepted follows from an association to a city, oldest first.
        store.upsert_follow(korea.id, seoul.id, FollowState::Accepted, None, &[]).await.expect("follow");
        store.upsert_follow(korea.id, tokyo.id, FollowState::Accepted, None, &[]).await.expect("follow");
        store.upsert_follow(korea.id, alice.id, FollowState::Accepted, None, &[]).await.expect("a person is no member");
        store.upsert_follow(asia.id, seoul.id, FollowState::Pending, None, &[]).await.expect("not accepted yet");
        store.upsert_follow(seoul.id, korea.id, FollowState::Accepted, None, &[]).await.expect("the other way round");
        let members = store.memberships(&[korea.id, asia.id], 100).await.expect("memberships");
        assert_eq!(
            members.iter().map(|m| (m.association, m.member.id)).collect::<Vec<_>>(),
            [(korea.id, seoul.id), (korea.id, tokyo.id)]
        );
        assert!(members.iter().all(|m| m.since.0 > 0), "each membership has a date");
        assert_eq!(members[1].member.country.as_ref().map(|c| c.code()), Some("JP"));
        assert_eq!(store.memberships(&[korea.id], 1).await.expect("limited").len(), 1);
        assert!(store.memberships(&[], 10).await.expect("none asked").is_empty());

        // Shared: live practices written, live practices relayed.
        let one = store
            .insert_practice(
                &new_practice("n1", seoul.id, practice_input("Bus", vec![11], "KR", "en", "best_practice")),
                &[],
                &[],
            )
            .await
            .expect("insert");
        let two = store
            .insert_practice(
                &new_practice("n2", seoul.id, practice_input("Bike", vec![11], "KR", "en", "best_practice")),
                &[],
                &[],
            )
            .await
            .expect("insert");
        let gone = store
            .insert_practice(
                &new_practice("n3", seoul.id, practice_input("Gone", vec![11], "KR", "en", "best_practice")),
                &[],
                &[],
            )
            .await
            .expect("insert");
        for p in [&one, &two, &gone] {
            assert!(store.record_relay(p.id, korea.id, false, Timestamp::now(), &[]).await.expect("relay"));
        }
        store.delete_practice(gone.id, Timestamp::now(), &[], &[]).await.expect("delete");
        let shared = store.shared_counts(&[seoul.id, korea.id, tokyo.id]).await.expect("counts");
        assert_eq!(shared.get(&seoul.id), Some(&Shared { published: 2, relayed: 0 }));
        assert_eq!(shared.get(&korea.id), Some(&Shared { published: 0, relayed: 2 }));
        assert_eq!(shared.get(&tokyo.id), None, "nothing shared, absent");
        assert!(store.shared_counts(&[]).await.expect("none asked").is_empty());
    }
);

// ---------------------------------------------------------------------- search

conformance!(search_filters_by_every_facet_newest_first_and_pages, |store: Arc<SqlStore>| async move {
    let seoul = city(&store, "seoul").await;
    let berlin = city(&store, "berlin").await;
    store
        .insert_practice(
            &new_practice("a", seoul.id, practice_input("Smart bus stops", vec![11], "KR", "ko", "best_practice")),
            &[],
            &[],
        )
        .await
        .expect("a");
    store
        .insert_practice(
            &new_practice("b", berlin.id, practice_input("Water reuse", vec![6], "DE", "de", "lesson_learned")),
            &[],
            &[],
        )
        .await
        .expect("b");
    store
        .insert_practice(
            &new_practice("c", seoul.id, practice_input("Bus data portal", vec![11, 9], "KR", "en-GB", "case_study")),
            &[],
            &[],
        )
        .await
        .expect("c");

    let titles = |v: Vec<ecities_core::practice::Practice>| v.into_iter().map(|p| p.key).collect::<Vec<_>>();
    let all = PracticeQuery::default();
    assert_eq!(titles(store.search_practices(&all, Page::first(10)).await.expect("all")), ["c", "b", "a"]);
    assert_eq!(store.count_practices(&all).await.expect("count"), 3);

    let page1 = store.search_practices(&all, Page::first(2)).await.expect("page 1");
    assert_eq!(page1.len(), 2);
    let page2 = store.search_practices(&all, Page { limit: 2, before: Some(page1[1].id.0) }).await.expect("page 2");
    assert_eq!(titles(page2), ["a"]);

    let by = |q: PracticeQuery| {
        let store = store.clone();
        async move { titles(store.search_practices(&q, Page::first(10)).await.expect("search")) }
    };
    assert_eq!(by(PracticeQuery { text: Some("BUS".into()), ..Default::default() }).await, ["c", "a"]);
    assert_eq!(by(PracticeQuery { text: Some("bus portal".into()), ..Default::default() }).await, ["c"]);
    assert_eq!(by(PracticeQuery { sdgs: vec![Sdg::new(6).expect("sdg")], ..Default::default() }).await, ["b"]);
    assert_eq!(
        by(PracticeQuery { sdgs: vec![Sdg::new(1).expect("sdg")], ..Default::default() }).await,
        Vec::<String>::new()
    );
    assert_eq!(
        by(PracticeQuery { countries: Some(vec![Country::parse("DE").expect("c")]), ..Default::default() }).await,
        ["b"]
    );
    let asia = Region::lookup("Asia").expect("region").countries();
    assert_eq!(by(PracticeQuery { countries: Some(asia), ..Default::default() }).await, ["c", "a"]);
    assert_eq!(by(PracticeQuery { languages: vec!["en".into()], ..Default::default() }).await, ["c"]);
    assert_eq!(by(PracticeQuery { kinds: vec![PracticeKind::LessonLearned], ..Default::default() }).await, ["b"]);
    assert_eq!(by(PracticeQuery { author: Some(seoul.id), ..Default::default() }).await, ["c", "a"]);
    assert_eq!(
        by(PracticeQuery { since: Some(Timestamp::now().plus_millis(60_000)), ..Default::default() }).await,
        Vec::<String>::new()
    );
    assert_eq!(by(PracticeQuery { text: Some("100%".into()), ..Default::default() }).await, Vec::<String>::new());
});

conformance!(full_text_search_reads_plain_text_in_every_language_and_facets_count, |store: Arc<SqlStore>| async move {
    let seoul = city(&store, "seoul").await;
    let berlin = city(&store, "berlin").await;
    let mut a = practice_input("Smart bus stops", vec![11, 9], "KR", "en", "best_practice");
    a.content = Some("Shelters with **solar** panels.".into());
    a.translations = Some(
        [(
            "ko".to_string(),
            ecities_core::practice::TranslationInput {
                title: Some("스마트 버스 정류장".into()),
                summary: Some("태양광 정류장".into()),
                content: None,
                ..Default::default()
            },
        )]
        .into(),
    );
    store.insert_practice(&new_practice("a", seoul.id, a), &[], &[]).await.expect("a");
    let mut b = practice_input("Water reuse", vec![6], "DE", "de", "lesson_learned");
    b.themes = Some(vec!["citizen-engagement".into()]);
    store.insert_practice(&new_practice("b", berlin.id, b), &[], &[]).await.expect("b");
    store
        .insert_practice(
            &new_practice("c", seoul.id, practice_input("Bus data portal", vec![11], "KR", "en", "case_study")),
            &[],
            &[],
        )
        .await
        .expect("c");

    let keys = |q: PracticeQuery| {
        let store = store.clone();
        async move {
            store
                .search_practices(&q, Page::first(10))
                .await
                .expect("search")
                .into_iter()
                .map(|p| p.key)
                .collect::<Vec<_>>()
        }
    };
    let text = |t: &str| PracticeQuery { text: Some(t.into()), ..Default::default() };
    assert_eq!(keys(text("solar")).await, ["a"], "the body is searched");
    assert_eq!(keys(text("sol")).await, ["a"], "words match as prefixes");
    assert_eq!(keys(text("정류장")).await, ["a"], "translations are searched");
    assert!(keys(text("strong")).await.is_empty(), "markup is not searched");
    assert!(keys(text("\"bus\" OR water")).await.is_empty(), "query syntax is not interpreted");
    let theme = ecities_core::taxonomy::Theme::parse("citizen-engagement").expect("theme");
    assert_eq!(keys(PracticeQuery { themes: vec![theme], ..Default::default() }).await, ["b"]);

    let f = store.facets(&PracticeQuery::default()).await.expect("facets");
    let sdg: Vec<(u8, i64)> = f.sdg.iter().map(|(s, n)| (s.number(), *n)).collect();
    assert_eq!(sdg, [(6, 1), (9, 1), (11, 2)]);
    let countries: Vec<(&str, i64)> = f.country.iter().map(|(c, n)| (c.code(), *n)).collect();
    assert_eq!(countries, [("KR", 2), ("DE", 1)]);
    assert_eq!(f.author.iter().find(|(a, _)| *a == seoul.id).map(|(_, n)| *n), Some(2));
    assert_eq!(f.kind.len(), 3);
    let themes: std::collections::BTreeMap<String, i64> =
        f.theme.iter().map(|(t, n)| (t.slug().to_owned(), *n)).collect();
    assert_eq!(themes, [("citizen-engagement".to_owned(), 1), ("e-government".to_owned(), 2)].into_iter().collect());
    let only_kr = store
        .facets(&PracticeQuery { countries: Some(vec![Country::parse("KR").expect("kr")]), ..Default::default() })
        .await
        .expect("facets");
    let countries: Vec<(&str, i64)> = only_kr.country.iter().map(|(c, n)| (c.code(), *n)).collect();
    assert_eq!(countries, [("KR", 2), ("DE", 1)], "a facet's counts ignore its own selection");
    assert!(only_kr.sdg.iter().all(|(s, _)| s.number() != 6), "other facets count the matches");
});

conformance!(text_indexed_before_language_analysis_is_indexed_again_on_upgrade, |store: Arc<SqlStore>| async move {
    let moscow = city(&store, "moscow").await;
    let mut input = practice_input("Умный город", vec![11], "RU", "ru", "best_practice");
    input.summary = Some("Город меняет транспорт".into());
    store.insert_practice(&new_practice("m", moscow.id, input), &[], &[]).await.expect("insert");
    let keys = |t: &'static str| {
        let store = store.clone();
        async move {
            let q = PracticeQuery { text: Some(t.into()), ..Default::default() };
            store
                .search_practices(&q, Page::first(10))
                .await
                .expect("search")
                .into_iter()
                .map(|p| p.key)
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(keys("города").await, ["m"], "found by its Russian stem");
    // The index as an older ecities wrote it: the plain text, no analysis.
    let old_index = match store.dialect() {
        ecities_store::Dialect::Sqlite => vec![
            "DELETE FROM practices_fts",
            "INSERT INTO practices_fts (rowid, title, summary, body) SELECT id, title, summary, content_html FROM practices",
        ],
        ecities_store::Dialect::Postgres => {
            vec!["UPDATE practices SET search = to_tsvector('simple', title || ' ' || summary || ' ' || content_html)"]
        }
    };
    for sql in old_index.into_iter().chain(["UPDATE search_analysis SET version = 0"]) {
        sqlx::query(sql).execute(store.pool()).await.expect("old index");
    }
    assert!(keys("города").await.is_empty(), "the old index does not stem");
    migrate(&store).await.expect("the upgrade");
    assert_eq!(keys("города").await, ["m"], "re-indexed by the upgrade");
    assert_eq!(keys("ГОРОД").await, ["m"]);
});

conformance!(values_within_a_facet_are_alternatives_and_each_facet_counts_without_its_own_selection, |store: Arc<
    SqlStore,
>| async move {
    let seoul = city(&store, "seoul").await;
    let berlin = city(&store, "berlin").await;
    for (key, author, title, sdgs, country, kind) in [
        ("a", seoul.id, "Bus lanes", vec![11], "KR", "policy"),
        ("b", berlin.id, "Water reuse", vec![6], "DE", "case_study"),
        ("c", seoul.id, "Clean rivers", vec![6, 15], "KR", "policy"),
        ("d", berlin.id, "Energy bills", vec![7], "DE", "policy"),
    ] {
        store
            .insert_practice(&new_practice(key, author, practice_input(title, sdgs, country, "en", kind)), &[], &[])
            .await
            .expect("insert");
    }
    let sdgs = |ns: &[i64]| ns.iter().map(|n| Sdg::new(*n).expect("sdg")).collect::<Vec<_>>();
    let search = |q: PracticeQuery| {
        let store = store.clone();
        async move { store.search(&q, Page::first(10), true).await.expect("search") }
    };
    let either = search(PracticeQuery { sdgs: sdgs(&[6, 11]), ..Default::default() }).await;
    assert_eq!(either.practices.iter().map(|p| p.key.as_str()).collect::<Vec<_>>(), ["c", "b", "a"]);
    assert_eq!(either.total, 3);
    let f = either.facets.expect("facets");
    let goal_counts: Vec<(u8, i64)> = f.sdg.iter().map(|(s, n)| (s.number(), *n)).collect();
    assert_eq!(goal_counts, [(6, 2), (7, 1), (11, 1), (15, 1)], "the SDG facet ignores the SDG selection");
    let countries: Vec<(&str, i64)> = f.country.iter().map(|(c, n)| (c.code(), *n)).collect();
    assert_eq!(countries, [("KR", 2), ("DE", 1)], "other facets count the three matches");

    // Two facets: SDG 6 or 7, and Germany.
    let both = search(PracticeQuery {
        sdgs: sdgs(&[6, 7]),
        countries: Some(vec![Country::parse("DE").expect("de")]),
        ..Default::default()
    })
    .await;
    assert_eq!(both.practices.iter().map(|p| p.key.as_str()).collect::<Vec<_>>(), ["d", "b"]);
    let f = both.facets.expect("facets");
    let goal_counts: Vec<(u8, i64)> = f.sdg.iter().map(|(s, n)| (s.number(), *n)).collect();
    assert_eq!(goal_counts, [(6, 1), (7, 1)], "the SDG facet counts within Germany");
    let countries: Vec<(&str, i64)> = f.country.iter().map(|(c, n)| (c.code(), *n)).collect();
    assert_eq!(countries, [("DE", 2), ("KR", 1)], "the country facet counts SDG 6 or 7 anywhere");
    let kinds: Vec<(&str, i64)> = f.kind.iter().map(|(k, n)| (k.as_str(), *n)).collect();
    assert_eq!(kinds, [("case_study", 1), ("policy", 1)]);

    let by_kinds = search(PracticeQuery {
        kinds: vec![PracticeKind::CaseStudy, PracticeKind::Policy],
        authors: vec![berlin.id],
        ..Default::default()
    })
    .await;
    assert_eq!(by_kinds.total, 2);
    let this_year = chrono::Datelike::year(&chrono::Utc::now());
    let years = search(PracticeQuery { years: vec![2001, this_year], ..Default::default() }).await;
    assert_eq!(years.total, 4);
    assert_eq!(search(PracticeQuery { years: vec![2001], ..Default::default() }).await.total, 0);
});

conformance!(
    words_rank_a_title_match_above_a_body_match_and_pages_follow_the_rank,
    |store: Arc<SqlStore>| async move {
        let seoul = city(&store, "seoul").await;
        let mut body = practice_input("Street lighting", vec![11], "KR", "en", "policy");
        body.content = Some("New lamps along every tram line in the old town.".into());
        store.insert_practice(&new_practice("body", seoul.id, body), &[], &[]).await.expect("body");
        store
            .insert_practice(
                &new_practice("title", seoul.id, practice_input("Tram priority", vec![11], "KR", "en", "policy")),
                &[],
                &[],
            )
            .await
            .expect("title");
        let mut newest = practice_input("Parking rules", vec![11], "KR", "en", "policy");
        newest.content = Some("Rules for parking near the tram stops.".into());
        store.insert_practice(&new_practice("newest", seoul.id, newest), &[], &[]).await.expect("newest");

        let ranked = PracticeQuery { text: Some("tram".into()), sort: SearchOrder::Relevance, ..Default::default() };
        let found = store.search(&ranked, Page::first(10), true).await.expect("search");
        assert_eq!(found.total, 3);
        assert_eq!(found.practices.first().map(|p| p.key.as_str()), Some("title"), "the title match comes first");
        let first = store.search(&ranked, Page::first(1), false).await.expect("page 1");
        let second = store.search(&ranked, Page { limit: 2, before: Some(1) }, false).await.expect("page 2");
        let mut seen: Vec<String> = first.practices.iter().chain(&second.practices).map(|p| p.key.clone()).collect();
        assert_eq!(seen.first().map(String::as_str), Some("title"));
        seen.sort();
        assert_eq!(seen, ["body", "newest", "title"], "the pages hold every match once");

        let newest_first = PracticeQuery { text: Some("tram".into()), ..Default::default() };
        let found = store.search(&newest_first, Page::first(10), false).await.expect("newest");
        assert_eq!(found.practices.iter().map(|p| p.key.as_str()).collect::<Vec<_>>(), ["newest", "title", "body"]);
    }
);

conformance!(the_search_index_loads_a_database_in_slices_and_misses_nothing, |store: Arc<SqlStore>| async move {
    // Two rows per query: five practices take three slices.
    store.set_search_first_load_slice(2);
    let seoul = city(&store, "seoul").await;
    for (i, sdg) in [11, 11, 9, 11, 6].iter().enumerate() {
        store
            .insert_practice(
                &new_practice(
                    &format!("s{i}"),
                    seoul.id,
                    practice_input(&format!("Slice {i}"), vec![*sdg], "KR", "en", "policy"),
                ),
                &[],
                &[],
            )
            .await
            .expect("insert");
    }
    let all = store.search(&PracticeQuery::default(), Page::first(10), true).await.expect("search");
    assert_eq!(all.total, 5);
    let keys: Vec<&str> = all.practices.iter().map(|p| p.key.as_str()).collect();
    assert_eq!(keys, ["s4", "s3", "s2", "s1", "s0"], "every slice loaded, newest first");
    let sdgs: Vec<(u8, i64)> = all.facets.expect("facets").sdg.iter().map(|(s, n)| (s.number(), *n)).collect();
    assert_eq!(sdgs, [(6, 1), (9, 1), (11, 3)]);
    // A practice written after the first load is found by the next search.
    store
        .insert_practice(
            &new_practice("s5", seoul.id, practice_input("Slice 5", vec![9], "KR", "en", "policy")),
            &[],
            &[],
        )
        .await
        .expect("insert");
    assert_eq!(store.search(&PracticeQuery::default(), Page::first(10), false).await.expect("search").total, 6);
});

conformance!(words_in_too_many_practices_are_counted_over_the_newest_and_say_so, |store: Arc<SqlStore>| async move {
    store.set_text_match_cap(3);
    let seoul = city(&store, "seoul").await;
    for (i, title) in ["Bus one", "Bus two", "Bus three", "Bus four", "Bus five", "Tram six"].iter().enumerate() {
        let sdg = if i % 2 == 0 { 11 } else { 9 };
        store
            .insert_practice(
                &new_practice(&format!("p{i}"), seoul.id, practice_input(title, vec![sdg], "KR", "en", "policy")),
                &[],
                &[],
            )
            .await
            .expect("insert");
    }
    let bus = PracticeQuery { text: Some("bus".into()), ..Default::default() };
    let found = store.search(&bus, Page::first(10), true).await.expect("search");
    assert!(!found.exact, "five matches over a cap of three");
    assert_eq!(found.total, 3, "the newest three are counted");
    assert_eq!(
        found.practices.iter().map(|p| p.title.as_str()).collect::<Vec<_>>(),
        ["Bus five", "Bus four", "Bus three"]
    );
    let sdgs: Vec<(u8, i64)> = found.facets.expect("facets").sdg.iter().map(|(s, n)| (s.number(), *n)).collect();
    assert_eq!(sdgs, [(9, 1), (11, 2)]);

    let ranked = PracticeQuery { sort: SearchOrder::Relevance, ..bus.clone() };
    let found = store.search(&ranked, Page::first(10), false).await.expect("ranked");
    assert_eq!((found.total, found.exact), (3, false));
    let mut keys: Vec<&str> = found.practices.iter().map(|p| p.title.as_str()).collect();
    keys.sort();
    assert_eq!(keys, ["Bus five", "Bus four", "Bus three"], "by relevance, the matches counted are ranked");

    let tram = PracticeQuery { text: Some("tram".into()), ..Default::default() };
    let found = store.search(&tram, Page::first(10), false).await.expect("search");
    assert!(found.exact && found.total == 1);
    let everything = store.search(&PracticeQuery::default(), Page::first(10), false).await.expect("all");
    assert!(everything.exact && everything.total == 6, "no words: always exact");
});

conformance!(
    search_sees_every_write_made_through_another_store_on_the_same_database,
    |store: Arc<SqlStore>| async move {
        // `other` has its own search index, as another ecities process would.
        let other = SqlStore::new(store.pool().clone(), store.dialect());
        let seoul = city(&store, "seoul").await;
        let association = store
            .create_local_actor(
                &NewLocalActor::parse("kaca", "association", Some("Korean Association"), Some("KR")).expect("valid"),
                &location("kaca"),
                &keys(),
            )
            .await
            .expect("association");
        let all = PracticeQuery::default();
        assert_eq!(store.search(&all, Page::first(10), true).await.expect("empty").total, 0);

        let mut old = new_practice("old", seoul.id, practice_input("Old bus plan", vec![11], "KR", "en", "policy"));
        old.published_at = Timestamp(1_577_836_800_000); // 2020-01-01
        let old = other.insert_practice(&old, &[], &[]).await.expect("old");
        let new = other
            .insert_practice(
                &new_practice("new", seoul.id, practice_input("New bus lanes", vec![9], "KR", "en", "policy")),
                &[],
                &[],
            )
            .await
            .expect("new");
        let found = store.search(&all, Page::first(10), true).await.expect("search");
        assert_eq!(found.total, 2, "inserts by the other store are found");
        assert_eq!(found.practices.iter().map(|p| p.key.as_str()).collect::<Vec<_>>(), ["new", "old"]);
        let facets = found.facets.expect("facets");
        assert_eq!(facets.year.first().map(|y| y.0), Some(chrono::Datelike::year(&chrono::Utc::now())));
        assert_eq!(facets.year.last(), Some(&(2020, 1)));
        assert!(facets.association.is_empty());

        other.record_relay(new.id, association.id, true, Timestamp::now(), &[]).await.expect("relay");
        let relayed = PracticeQuery { relayed_by: Some(association.id), ..Default::default() };
        let found = store.search(&relayed, Page::first(10), true).await.expect("relayed");
        assert_eq!(found.practices.iter().map(|p| p.key.as_str()).collect::<Vec<_>>(), ["new"]);
        assert_eq!(found.facets.expect("facets").association, [(association.id, 1)]);

        let mut moved = new_practice("old", seoul.id, practice_input("Old bus plan", vec![11], "DE", "en", "policy"));
        moved.published_at = Timestamp(1_577_836_800_000);
        other.update_practice(old.id, &moved, &[], &[]).await.expect("update");
        let germany = PracticeQuery { countries: Some(vec![Country::parse("DE").expect("de")]), ..Default::default() };
        assert_eq!(store.count_practices(&germany).await.expect("count"), 1, "updates are seen");
        let until_2021 = PracticeQuery { until: Some(Timestamp(1_609_459_200_000)), ..Default::default() };
        assert_eq!(store.count_practices(&until_2021).await.expect("until"), 1);

        other.delete_practice(old.id, Timestamp::now(), &[], &[]).await.expect("delete");
        assert_eq!(store.count_practices(&all).await.expect("count"), 1, "deletions are seen");
        assert_eq!(store.count_practices(&germany).await.expect("count"), 0);
        let text = PracticeQuery { text: Some("bus".into()), ..Default::default() };
        assert_eq!(store.count_practices(&text).await.expect("text"), 1);
        let months = store.counts_by_month(&all).await.expect("months");
        assert_eq!(months.len(), 1);
    }
);

/// PostgreSQL only: a transaction that started earlier but commits after a
/// later one has been indexed must still reach the index.
#[tokio::test]
async fn search_sees_a_postgres_transaction_that_commits_late() {
    on_postgres(|store: Arc<SqlStore>| async move {
        let seoul = city(&store, "seoul").await;
        let a = store
            .insert_practice(
                &new_practice("a", seoul.id, practice_input("Slow change", vec![11], "KR", "en", "policy")),
                &[],
                &[],
            )
            .await
            .expect("a");
        let france = PracticeQuery { countries: Some(vec![Country::parse("FR").expect("fr")]), ..Default::default() };
        assert_eq!(store.count_practices(&france).await.expect("count"), 0);

        // A slow writer: its transaction has an id before the next insert's.
        let mut slow = store.pool().begin().await.expect("begin");
        sqlx::query("UPDATE practices SET country = 'FR' WHERE id = $1")
            .bind(a.id.0)
            .execute(&mut *slow)
            .await
            .expect("update");
        store
            .insert_practice(
                &new_practice("b", seoul.id, practice_input("Quick one", vec![11], "KR", "en", "policy")),
                &[],
                &[],
            )
            .await
            .expect("b");
        assert_eq!(store.count_practices(&PracticeQuery::default()).await.expect("count"), 2);
        assert_eq!(store.count_practices(&france).await.expect("count"), 0, "not committed yet");
        slow.commit().await.expect("commit");
        assert_eq!(store.count_practices(&france).await.expect("count"), 1, "the late commit is indexed");
    })
    .await;
}

conformance!(a_portal_stays_verified_since_its_first_check_until_a_check_fails, |store: Arc<SqlStore>| async move {
    let seoul = city(&store, "seoul").await;
    assert_eq!((seoul.portal_checked_at, seoul.portal_verified_at), (None, None), "never checked");
    let checked = store.record_portal_check(seoul.id, true, Timestamp(1_000)).await.expect("check");
    assert_eq!(
        (checked.portal_checked_at, checked.portal_verified_at),
        (Some(Timestamp(1_000)), Some(Timestamp(1_000)))
    );
    let again = store.record_portal_check(seoul.id, true, Timestamp(2_000)).await.expect("check");
    assert_eq!(
        (again.portal_checked_at, again.portal_verified_at),
        (Some(Timestamp(2_000)), Some(Timestamp(1_000))),
        "verified since the first check"
    );
    let failed = store.record_portal_check(seoul.id, false, Timestamp(3_000)).await.expect("check");
    assert_eq!((failed.portal_checked_at, failed.portal_verified_at), (Some(Timestamp(3_000)), None));
    let alice = store.upsert_remote_actor(&remote("alice", "social.example", true)).await.expect("actor");
    assert!(matches!(store.record_portal_check(alice.id, true, Timestamp(1)).await, Err(CoreError::NotFound(_))));
});

conformance!(membership_claims_keep_their_checks_when_named_again_and_a_failed_check_clears_the_date, |store: Arc<
    SqlStore,
>| async move {
    let seoul = city(&store, "seoul").await;
    let korea = Url::parse("https://hub.example/actors/korea").expect("url");
    let asia = Url::parse("https://asia.example/actors/asia").expect("url");
    assert!(store.membership_claims(seoul.id).await.expect("claims").is_empty(), "none at first");
    let claims = store.set_membership_claims(seoul.id, &[korea.clone(), asia.clone()]).await.expect("set");
    assert_eq!(claims.iter().map(|c| &c.association).collect::<Vec<_>>(), vec![&korea, &asia], "in order");
    assert!(claims.iter().all(|c| c.checked_at.is_none() && c.member_since.is_none()), "unchecked");

    store
        .record_membership_check(seoul.id, &korea, Some("Korean cities"), Some(Timestamp(500)), Timestamp(1_000))
        .await
        .expect("check");
    store.record_membership_check(seoul.id, &asia, None, None, Timestamp(1_000)).await.expect("check");
    // Named again (in another order, with a third): korea keeps its check.
    let third = Url::parse("https://third.example/actors/t").expect("url");
    let claims =
        store.set_membership_claims(seoul.id, &[asia.clone(), korea.clone(), third.clone()]).await.expect("set");
    assert_eq!(claims.iter().map(|c| &c.association).collect::<Vec<_>>(), vec![&asia, &korea, &third]);
    let k = &claims[1];
    assert_eq!(
        (k.association_name.as_deref(), k.member_since, k.checked_at),
        (Some("Korean cities"), Some(Timestamp(500)), Some(Timestamp(1_000)))
    );
    assert_eq!((claims[0].member_since, claims[0].checked_at), (None, Some(Timestamp(1_000))));

    // A check that does not find the member clears the date, keeps the name.
    store.record_membership_check(seoul.id, &korea, None, None, Timestamp(2_000)).await.expect("check");
    let claims = store.membership_claims(seoul.id).await.expect("claims");
    assert_eq!(
        (claims[1].association_name.as_deref(), claims[1].member_since, claims[1].checked_at),
        (Some("Korean cities"), None, Some(Timestamp(2_000)))
    );
    // Left out: forgotten; a check of a claim no longer named changes nothing.
    let claims = store.set_membership_claims(seoul.id, std::slice::from_ref(&third)).await.expect("set");
    assert_eq!(claims.len(), 1);
    store.record_membership_check(seoul.id, &korea, None, Some(Timestamp(1)), Timestamp(3_000)).await.expect("ok");
    assert_eq!(store.membership_claims(seoul.id).await.expect("claims").len(), 1);
    let busan = city(&store, "busan").await;
    assert!(store.membership_claims(busan.id).await.expect("claims").is_empty(), "each actor its own");
});

// --------------------------------------------------------------------- follows

conformance!(
    an_actor_approves_its_followers_only_when_set_to_and_requests_are_found_by_id,
    |store: Arc<SqlStore>| async move {
        let seoul = city(&store, "seoul").await;
        assert_eq!(seoul.follow_approval, FollowApproval::Auto, "followers are accepted at once by default");
        store.set_follow_approval(seoul.id, FollowApproval::Manual).await.expect("manual");
        assert_eq!(store.actor(seoul.id).await.expect("actor").follow_approval, FollowApproval::Manual);
        store.set_follow_approval(seoul.id, FollowApproval::Auto).await.expect("auto");
        assert_eq!(store.actor(seoul.id).await.expect("actor").follow_approval, FollowApproval::Auto);
        let alice = store.upsert_remote_actor(&remote("alice", "social.example", true)).await.expect("actor");
        assert!(
            matches!(store.set_follow_approval(alice.id, FollowApproval::Manual).await, Err(CoreError::NotFound(_))),
            "another server's actor is not ours to set"
        );

        let follow_id = Url::parse("http://social.example/follows/7").expect("url");
        let f =
            store.upsert_follow(alice.id, seoul.id, FollowState::Pending, Some(&follow_id), &[]).await.expect("follow");
        let found = store.follow_by_id(f.id).await.expect("by id").expect("found");
        assert_eq!((found.follower, found.target, found.state), (alice.id, seoul.id, FollowState::Pending));
        assert_eq!(found.activity_id.as_ref(), Some(&follow_id));
        assert!(store.follow_by_id(FollowId(f.id.0 + 1000)).await.expect("none").is_none());
    }
);

conformance!(follows_move_between_states_and_list_both_ways, |store: Arc<SqlStore>| async move {
    let seoul = city(&store, "seoul").await;
    let alice = store.upsert_remote_actor(&remote("alice", "social.example", true)).await.expect("actor");
    let follow_id = Url::parse("http://social.example/follows/1").expect("url");
    let f = store.upsert_follow(alice.id, seoul.id, FollowState::Pending, Some(&follow_id), &[]).await.expect("follow");
    assert_eq!(f.state, FollowState::Pending);
    assert_eq!(store.follow_by_activity(&follow_id).await.expect("by activity").map(|f| f.id), Some(f.id));
    assert_eq!(store.count_followers(seoul.id).await.expect("count"), 0, "pending follows do not count");

    store.set_follow_state(alice.id, seoul.id, FollowState::Accepted, &[]).await.expect("accept");
    assert_eq!(store.count_followers(seoul.id).await.expect("count"), 1);
    assert_eq!(store.count_following(alice.id).await.expect("count"), 1);
    let followers = store.followers(seoul.id, None, Page::first(10)).await.expect("followers");
    assert_eq!(followers.len(), 1);
    assert_eq!(followers[0].1.url, alice.url);
    assert_eq!(followers[0].0.state, FollowState::Accepted);
    let following = store.following(alice.id, Some(FollowState::Accepted), Page::first(10)).await.expect("following");
    assert_eq!(following[0].1.id, seoul.id);
    assert!(store.followers(seoul.id, Some(FollowState::Pending), Page::first(10)).await.expect("pending").is_empty());

    assert!(store.delete_follow(alice.id, seoul.id, &[]).await.expect("undo"));
    assert!(!store.delete_follow(alice.id, seoul.id, &[]).await.expect("undo twice"));
    assert!(store.follow(alice.id, seoul.id).await.expect("gone").is_none());
    assert!(matches!(
        store.set_follow_state(alice.id, seoul.id, FollowState::Accepted, &[]).await,
        Err(CoreError::NotFound(_))
    ));
});

conformance!(a_gone_inbox_loses_its_followers, |store: Arc<SqlStore>| async move {
    let seoul = city(&store, "seoul").await;
    for (name, shared) in [("alice", true), ("bob", true)] {
        let a = store.upsert_remote_actor(&remote(name, "gone.example", shared)).await.expect("actor");
        store.upsert_follow(a.id, seoul.id, FollowState::Accepted, None, &[]).await.expect("follow");
    }
    let other = store.upsert_remote_actor(&remote("carol", "alive.example", true)).await.expect("actor");
    store.upsert_follow(other.id, seoul.id, FollowState::Accepted, None, &[]).await.expect("follow");
    let removed =
        store.remove_followers_by_inbox(&Url::parse("http://gone.example/inbox").expect("url")).await.expect("remove");
    assert_eq!(removed, 2);
    assert_eq!(store.count_followers(seoul.id).await.expect("count"), 1);
});

conformance!(
    a_relay_subscription_receives_what_the_subscriber_sends_its_followers,
    |store: Arc<SqlStore>| async move {
        let seoul = city(&store, "seoul").await;
        let relay = store.upsert_remote_actor(&remote("relay", "relay.example", false)).await.expect("relay");
        store.upsert_follow(seoul.id, relay.id, FollowState::Accepted, None, &[]).await.expect("follow");
        let follow = |store: Arc<SqlStore>| async move {
            store.follow(seoul.id, relay.id).await.expect("follow").expect("exists")
        };
        assert!(!follow(store.clone()).await.relay, "a plain follow until marked");
        store.enqueue(&activity("c0", seoul.id, vec![Audience::FollowersOf(seoul.id)])).await.expect("enqueue");
        assert!(store.deliveries(Some(seoul.id), None, Page::first(10)).await.expect("list").is_empty());

        store.mark_relay_subscription(seoul.id, relay.id).await.expect("mark");
        assert!(follow(store.clone()).await.relay);
        store.enqueue(&activity("c1", seoul.id, vec![Audience::FollowersOf(seoul.id)])).await.expect("enqueue");
        let sent = store.deliveries(Some(seoul.id), None, Page::first(10)).await.expect("list");
        assert_eq!(sent.iter().map(|d| d.inbox.to_string()).collect::<Vec<_>>(), [relay.delivery_inbox().to_string()]);
        assert!(
            matches!(store.mark_relay_subscription(relay.id, seoul.id).await, Err(CoreError::NotFound(_))),
            "only an existing follow can be marked"
        );
    }
);

conformance!(a_remote_actor_that_deleted_its_account_loses_every_follow_both_ways, |store: Arc<SqlStore>| async move {
    let seoul = city(&store, "seoul").await;
    let busan = city(&store, "busan").await;
    let alice = store.upsert_remote_actor(&remote("alice", "social.example", true)).await.expect("alice");
    let bob = store.upsert_remote_actor(&remote("bob", "social.example", true)).await.expect("bob");
    for (follower, target) in [(alice.id, seoul.id), (seoul.id, alice.id), (bob.id, seoul.id), (seoul.id, busan.id)] {
        store.upsert_follow(follower, target, FollowState::Accepted, None, &[]).await.expect("follow");
    }
    assert_eq!(store.remove_follows_of(alice.id).await.expect("remove"), 2);
    assert!(store.follow(alice.id, seoul.id).await.expect("lookup").is_none());
    assert!(store.follow(seoul.id, alice.id).await.expect("lookup").is_none());
    assert_eq!(store.remove_follows_of(seoul.id).await.expect("local"), 0, "a local actor's follows stay");
    assert_eq!(store.count_followers(seoul.id).await.expect("count"), 1, "bob still follows");
    assert_eq!(store.count_following(seoul.id).await.expect("count"), 1, "seoul still follows busan");
});

// ----------------------------------------------------------------------- inbox

conformance!(incoming_activities_are_processed_once_and_never_lost, |store: Arc<SqlStore>| async move {
    let id = Url::parse("http://social.example/activities/1").expect("url");
    let (t0, long_ago) = (Timestamp(1_000_000), Timestamp(0));
    let claim = |at: Timestamp, stale_before: Timestamp| {
        let (store, id) = (store.clone(), id.clone());
        async move { store.claim_incoming(&id, at, stale_before).await.expect("claim") }
    };
    assert_eq!(claim(t0, long_ago).await, IncomingClaim::New);
    // A copy while the first is being processed: try again later.
    assert_eq!(claim(t0.plus_millis(10), long_ago).await, IncomingClaim::InProgress);
    store.finish_incoming(&id).await.expect("finish");
    assert_eq!(claim(t0.plus_millis(20), t0.plus_millis(15)).await, IncomingClaim::Duplicate);

    // Our failure: forgotten, so the sender's retry is processed.
    let other = Url::parse("http://social.example/activities/2").expect("url");
    assert_eq!(store.claim_incoming(&other, t0, long_ago).await.expect("claim"), IncomingClaim::New);
    store.forget_incoming(&other).await.expect("forget");
    assert_eq!(store.claim_incoming(&other, t0, long_ago).await.expect("retry"), IncomingClaim::New);

    // A process died while processing: once the claim is stale, a retry
    // takes it over (once), instead of being dropped as a duplicate.
    let third = Url::parse("http://social.example/activities/3").expect("url");
    assert_eq!(store.claim_incoming(&third, t0, long_ago).await.expect("claim"), IncomingClaim::New);
    let later = t0.plus_millis(600_000);
    let stale_before = t0.plus_millis(300_000);
    assert_eq!(store.claim_incoming(&third, later, stale_before).await.expect("retry"), IncomingClaim::New);
    assert_eq!(
        store.claim_incoming(&third, later.plus_millis(1), stale_before).await.expect("again"),
        IncomingClaim::InProgress
    );
});

conformance!(a_received_practice_and_its_activity_are_done_in_one_commit, |store: Arc<SqlStore>| async move {
    let alice = store.upsert_remote_actor(&remote("alice", "social.example", true)).await.expect("actor");
    let activity = Url::parse("http://social.example/activities/create-1").expect("url");
    let (t0, never) = (Timestamp(1_000_000), Timestamp(0));
    assert_eq!(store.claim_incoming(&activity, t0, never).await.expect("claim"), IncomingClaim::New);
    let ap_id = Url::parse("http://social.example/notes/1").expect("url");
    let mut note = new_practice("r1", alice.id, practice_input("A received note", vec![11], "KR", "en", "policy"));
    note.ap_id = ap_id.clone();
    note.url = ap_id.clone();
    note.local = false;
    let stored = store.upsert_received_practice(&note, &[], &[], &activity).await.expect("stored");
    assert_eq!(stored.ap_id, ap_id);
    assert!(!stored.local);
    // A copy of the activity after the commit is a duplicate: no
    // finish_incoming was needed.
    assert_eq!(
        store.claim_incoming(&activity, t0.plus_millis(1), never).await.expect("copy"),
        IncomingClaim::Duplicate
    );

    // A practice that cannot be stored leaves its activity claimed, not
    // done: the inbox forgets it and the sender's retry is processed.
    let mallory = store.upsert_remote_actor(&remote("mallory", "evil.example", true)).await.expect("actor");
    let forged = Url::parse("http://evil.example/activities/1").expect("url");
    assert_eq!(store.claim_incoming(&forged, t0, never).await.expect("claim"), IncomingClaim::New);
    note.author = mallory.id;
    assert!(store.upsert_received_practice(&note, &[], &[], &forged).await.is_err());
    assert_eq!(store.claim_incoming(&forged, t0.plus_millis(1), never).await.expect("copy"), IncomingClaim::InProgress);
});

conformance!(
    processed_activity_ids_are_pruned_after_retention_but_claims_in_progress_stay,
    |store: Arc<SqlStore>| async move {
        let old_done = Url::parse("http://social.example/activities/old").expect("url");
        let old_running = Url::parse("http://social.example/activities/running").expect("url");
        let recent = Url::parse("http://social.example/activities/recent").expect("url");
        let (t0, t1, never) = (Timestamp(1_000_000), Timestamp(9_000_000), Timestamp(0));
        store.claim_incoming(&old_done, t0, never).await.expect("claim");
        store.finish_incoming(&old_done).await.expect("finish");
        store.claim_incoming(&old_running, t0, never).await.expect("claim");
        store.claim_incoming(&recent, t1, never).await.expect("claim");
        store.finish_incoming(&recent).await.expect("finish");
        assert_eq!(store.prune_incoming(Timestamp(5_000_000)).await.expect("prune"), 1);
        // The pruned id is new again; the others are as they were.
        assert_eq!(store.claim_incoming(&old_done, t1, never).await.expect("claim"), IncomingClaim::New);
        assert_eq!(store.claim_incoming(&old_running, t1, never).await.expect("claim"), IncomingClaim::InProgress);
        assert_eq!(store.claim_incoming(&recent, t1, never).await.expect("claim"), IncomingClaim::Duplicate);
    }
);

// -------------------------------------------------------------------- delivery

conformance!(a_change_and_its_deliveries_are_written_together_one_per_inbox, |store: Arc<SqlStore>| async move {
    let seoul = city(&store, "seoul").await;
    // Two followers on one server share an inbox; a third has its own.
    for (name, host, shared) in
        [("alice", "social.example", true), ("bob", "social.example", true), ("carol", "other.example", false)]
    {
        let a = store.upsert_remote_actor(&remote(name, host, shared)).await.expect("actor");
        store.upsert_follow(a.id, seoul.id, FollowState::Accepted, None, &[]).await.expect("follow");
    }
    let pending = store.upsert_remote_actor(&remote("dave", "third.example", false)).await.expect("actor");
    store.upsert_follow(pending.id, seoul.id, FollowState::Pending, None, &[]).await.expect("follow");

    let create = activity("create-1", seoul.id, vec![Audience::FollowersOf(seoul.id)]);
    store
        .insert_practice(
            &new_practice("p1", seoul.id, practice_input("Shared inbox test", vec![11], "KR", "en", "policy")),
            &[create],
            &[],
        )
        .await
        .expect("insert");
    let listed = store.deliveries(Some(seoul.id), None, Page::first(50)).await.expect("list");
    let mut inboxes: Vec<_> = listed.iter().map(|d| d.inbox.to_string()).collect();
    inboxes.sort();
    assert_eq!(inboxes, ["http://other.example/users/carol/inbox", "http://social.example/inbox"]);
    assert!(listed.iter().all(|d| d.state == DeliveryState::Queued && d.activity_kind == "Create"));
    assert_eq!(store.counts().await.expect("counts").deliveries_pending, 2);
    assert_eq!(store.count_outgoing_activities(seoul.id, &["Create"]).await.expect("count"), 1);
    let outbox = store.outgoing_activities(seoul.id, &["Create"], Page::first(10)).await.expect("outbox");
    assert_eq!(outbox[0].1, "{\"id\":\"create-1\"}");

    // A failing change writes no deliveries.
    let dup = activity("create-2", seoul.id, vec![Audience::FollowersOf(seoul.id)]);
    assert!(
        store
            .insert_practice(
                &new_practice("p1", seoul.id, practice_input("Duplicate key", vec![11], "KR", "en", "policy")),
                &[dup],
                &[]
            )
            .await
            .is_err()
    );
    assert_eq!(store.deliveries(None, None, Page::first(50)).await.expect("list").len(), 2);
});

conformance!(claimed_deliveries_are_leased_retried_failed_and_replayed, |store: Arc<SqlStore>| async move {
    let seoul = city(&store, "seoul").await;
    let inboxes = (0..3).map(|i| Url::parse(&format!("http://h{i}.example/inbox")).expect("url")).collect();
    store.enqueue(&activity("a1", seoul.id, vec![Audience::Inboxes(inboxes)])).await.expect("enqueue");
    let now = Timestamp::now();

    let claimed = store.claim_deliveries(now, 30_000, 2, &[]).await.expect("claim");
    assert_eq!(claimed.len(), 2);
    assert_eq!(claimed[0].body, "{\"id\":\"a1\"}");
    assert_eq!(claimed[0].actor, seoul.id);
    let rest = store.claim_deliveries(now, 30_000, 10, &[]).await.expect("claim");
    assert_eq!(rest.len(), 1, "leased jobs are not claimed twice");
    assert!(store.claim_deliveries(now, 30_000, 10, &[]).await.expect("claim").is_empty());
    // An expired lease (a crashed worker) makes the job claimable again.
    assert_eq!(store.claim_deliveries(now.plus_millis(30_001), 30_000, 10, &[]).await.expect("reclaim").len(), 3);

    let later = now.plus_millis(60_000);
    store.finish_delivery(claimed[0].id, &DeliveryOutcome::Delivered { status: 202 }, now).await.expect("delivered");
    store
        .finish_delivery(
            claimed[1].id,
            &DeliveryOutcome::Retry { at: later, status: Some(503), error: "unavailable".into() },
            now,
        )
        .await
        .expect("retry");
    store
        .finish_delivery(rest[0].id, &DeliveryOutcome::Failed { status: Some(403), error: "forbidden".into() }, now)
        .await
        .expect("failed");

    let all = store.deliveries(None, None, Page::first(10)).await.expect("list");
    let state_of = |id| all.iter().find(|d| d.id == id).expect("listed").clone();
    assert_eq!(state_of(claimed[0].id).state, DeliveryState::Delivered);
    let retrying = state_of(claimed[1].id);
    assert_eq!(
        (retrying.state, retrying.next_attempt_at, retrying.last_status, retrying.attempts),
        (DeliveryState::Retrying, Some(later), Some(503), 1)
    );
    let failed = state_of(rest[0].id);
    assert_eq!((failed.state, failed.last_error.as_deref()), (DeliveryState::Failed, Some("forbidden")));
    assert_eq!(store.deliveries(None, Some(DeliveryState::Failed), Page::first(10)).await.expect("failed").len(), 1);

    assert!(store.claim_deliveries(now.plus_millis(59_000), 30_000, 10, &[]).await.expect("too early").is_empty());
    assert_eq!(store.claim_deliveries(later, 30_000, 10, &[]).await.expect("due").len(), 1);

    assert_eq!(store.replay_failed(seoul.id, now).await.expect("replay"), 1);
    let replayed = store.claim_deliveries(now, 30_000, 10, &[]).await.expect("claim replayed");
    assert_eq!(replayed.iter().map(|c| c.id).collect::<Vec<_>>(), vec![rest[0].id]);
});

conformance!(claims_skip_excluded_hosts_and_released_jobs_come_back, |store: Arc<SqlStore>| async move {
    let seoul = city(&store, "seoul").await;
    let inboxes =
        ["http://a.example/inbox", "http://b.example/inbox"].iter().map(|u| Url::parse(u).expect("url")).collect();
    store.enqueue(&activity("a1", seoul.id, vec![Audience::Inboxes(inboxes)])).await.expect("enqueue");
    let now = Timestamp::now();
    let claimed = store.claim_deliveries(now, 30_000, 10, &["a.example".to_string()]).await.expect("claim");
    assert_eq!(claimed.iter().map(|c| c.host.as_str()).collect::<Vec<_>>(), ["b.example"]);
    assert!(!claimed[0].host_unreachable);
    store.release_deliveries(&[claimed[0].id]).await.expect("release");
    let again = store.claim_deliveries(now, 30_000, 10, &[]).await.expect("claim");
    assert_eq!(again.len(), 2, "the released job and the other host's job");
    // Several at once (one statement), and an empty release does nothing.
    store.release_deliveries(&again.iter().map(|c| c.id).collect::<Vec<_>>()).await.expect("release both");
    store.release_deliveries(&[]).await.expect("release none");
    assert_eq!(store.claim_deliveries(now, 30_000, 10, &[]).await.expect("claim").len(), 2, "both come back");
});

conformance!(a_worker_renews_only_the_leases_it_still_holds, |store: Arc<SqlStore>| async move {
    let seoul = city(&store, "seoul").await;
    let inboxes = (0..4).map(|i| Url::parse(&format!("http://h{i}.example/inbox")).expect("url")).collect();
    store.enqueue(&activity("a1", seoul.id, vec![Audience::Inboxes(inboxes)])).await.expect("enqueue");
    let t0 = Timestamp::now();
    let ids = |c: &[ecities_core::store::ClaimedDelivery]| c.iter().map(|c| c.id).collect::<Vec<_>>();

    // Worker A claims two deliveries for 15 s and renews them to 30 s (its
    // heartbeat): at 20 s only the two it never claimed are free.
    let a = store.claim_deliveries_for(Some("worker-a"), t0, 15_000, 2, &[]).await.expect("claim a");
    assert_eq!(a.len(), 2);
    assert_eq!(store.renew_deliveries("worker-a", &ids(&a), t0.plus_millis(30_000)).await.expect("renew"), 2);
    let b = store.claim_deliveries_for(Some("worker-b"), t0.plus_millis(20_000), 15_000, 10, &[]).await.expect("b");
    assert_eq!(b.len(), 2, "renewed leases are not claimed by another worker");
    assert!(ids(&b).iter().all(|id| !ids(&a).contains(id)));
    // A cannot renew leases it never held, nor can an anonymous holder.
    assert_eq!(store.renew_deliveries("worker-a", &ids(&b), t0.plus_millis(90_000)).await.expect("renew"), 0);
    assert_eq!(store.renew_deliveries("", &ids(&a), t0.plus_millis(90_000)).await.expect("renew"), 0);

    // A stops renewing (its process died): at 30 s its deliveries go to B,
    // and a late heartbeat of A leaves B's lease as B set it.
    let taken = store.claim_deliveries_for(Some("worker-b"), t0.plus_millis(30_001), 15_000, 10, &[]).await.expect("b");
    assert_eq!(ids(&taken), ids(&a), "expired leases are taken over");
    assert_eq!(store.renew_deliveries("worker-a", &ids(&a), t0.plus_millis(900_000)).await.expect("late"), 0);
    let free = store.claim_deliveries(t0.plus_millis(45_002), 15_000, 10, &[]).await.expect("after b's lease");
    assert_eq!(free.len(), 4, "A's late heartbeat did not extend B's leases");

    // Finished and released deliveries have no lease left to renew.
    let mine = store.claim_deliveries_for(Some("worker-b"), t0.plus_millis(70_000), 15_000, 10, &[]).await.expect("b");
    assert_eq!(mine.len(), 4);
    store
        .finish_delivery(mine[0].id, &DeliveryOutcome::Delivered { status: 202 }, t0.plus_millis(70_001))
        .await
        .expect("delivered");
    store.release_deliveries(&[mine[1].id]).await.expect("release");
    let renewed = store.renew_deliveries("worker-b", &ids(&mine), t0.plus_millis(100_000)).await.expect("renew");
    assert_eq!(renewed, 2, "only the two deliveries still in flight");
    let again = store.claim_deliveries(t0.plus_millis(90_000), 15_000, 10, &[]).await.expect("claim");
    assert_eq!(ids(&again), vec![mine[1].id], "the released one is free, the renewed ones are not");
    assert_eq!(store.renew_deliveries("worker-b", &[], t0.plus_millis(100_000)).await.expect("nothing"), 0);
});

conformance!(hosts_failing_long_enough_become_unreachable_then_probed_and_resumed, |store: Arc<SqlStore>| async move {
    let seoul = city(&store, "seoul").await;
    let policy = HostPolicy { unreachable_after_ms: 60_000, probe_interval_ms: 600_000 };
    let inboxes = (0..3).map(|i| Url::parse(&format!("http://dead.example/users/{i}/inbox")).expect("url")).collect();
    store.enqueue(&activity("a1", seoul.id, vec![Audience::Inboxes(inboxes)])).await.expect("enqueue");
    let t0 = Timestamp::now();

    let h = store.record_host_failure("dead.example", t0, "connection refused", policy).await.expect("fail");
    assert!(!h.unreachable, "one failure is not enough");
    let h = store
        .record_host_failure("dead.example", t0.plus_millis(61_000), "connection refused", policy)
        .await
        .expect("fail");
    assert!(h.unreachable);
    assert_eq!(h.failures, 2);
    assert_eq!(h.next_probe_at, Some(t0.plus_millis(661_000)));
    let stats = store.delivery_stats(t0.plus_millis(61_000)).await.expect("stats");
    assert_eq!(stats.unreachable_hosts.len(), 1);
    assert_eq!(stats.queued, 3);
    assert!(stats.oldest_pending_ms.is_some());

    // Nothing is claimed for the host until the probe is due; then jobs
    // come back marked as probes.
    assert!(store.claim_deliveries(t0.plus_millis(62_000), 1_000, 10, &[]).await.expect("claim").is_empty());
    let probes = store.claim_deliveries(t0.plus_millis(662_000), 1_000, 10, &[]).await.expect("claim");
    assert!(!probes.is_empty() && probes.iter().all(|c| c.host_unreachable));

    // One success resumes the host and makes its waiting deliveries due.
    let later = t0.plus_millis(700_000);
    store
        .finish_delivery(
            probes[1].id,
            &DeliveryOutcome::Retry { at: later.plus_millis(999_999), status: None, error: "x".into() },
            later,
        )
        .await
        .expect("retry");
    assert!(store.record_host_success("dead.example", later).await.expect("success"));
    assert!(!store.record_host_success("dead.example", later).await.expect("already ok"));
    assert!(store.delivery_stats(later).await.expect("stats").unreachable_hosts.is_empty());
    let drained = store.claim_deliveries(later.plus_millis(2_000), 1_000, 10, &[]).await.expect("claim");
    assert!(drained.iter().any(|c| c.id == probes[1].id), "the backlog is due again at once");
});

conformance!(outcomes_of_a_batch_are_recorded_together_each_as_it_happened, |store: Arc<SqlStore>| async move {
    let seoul = city(&store, "seoul").await;
    let inboxes = (0..5).map(|i| Url::parse(&format!("http://h{i}.example/inbox")).expect("url")).collect();
    store.enqueue(&activity("a1", seoul.id, vec![Audience::Inboxes(inboxes)])).await.expect("enqueue");
    let now = Timestamp::now();
    let claimed = store.claim_deliveries(now, 30_000, 10, &[]).await.expect("claim");
    assert_eq!(claimed.len(), 5);
    let id = |host: &str| claimed.iter().find(|c| c.host == host).expect("claimed").id;
    let later = now.plus_millis(60_000);
    store.finish_deliveries(&[]).await.expect("an empty batch");
    store
        .finish_deliveries(&[
            (id("h0.example"), DeliveryOutcome::Delivered { status: 202 }, now.plus_millis(1)),
            (id("h1.example"), DeliveryOutcome::Delivered { status: 200 }, now.plus_millis(2)),
            (id("h2.example"), DeliveryOutcome::Retry { at: later, status: Some(500), error: "boom".into() }, now),
            (id("h3.example"), DeliveryOutcome::Deferred { at: later, status: 429, error: "slow down".into() }, now),
            (id("h4.example"), DeliveryOutcome::Failed { status: None, error: "refused".into() }, now),
        ])
        .await
        .expect("finish");

    let all = store.deliveries(None, None, Page::first(10)).await.expect("list");
    let seen = |host: &str| {
        let d = all.iter().find(|d| d.id == id(host)).expect("listed");
        (d.state, d.attempts, d.last_status, d.last_error.clone())
    };
    assert_eq!(seen("h0.example"), (DeliveryState::Delivered, 1, Some(202), None));
    assert_eq!(seen("h1.example"), (DeliveryState::Delivered, 1, Some(200), None));
    assert_eq!(seen("h2.example"), (DeliveryState::Retrying, 1, Some(500), Some("boom".into())));
    assert_eq!(
        seen("h3.example"),
        (DeliveryState::Retrying, 0, Some(429), Some("slow down".into())),
        "a deferral is not a failed attempt"
    );
    assert_eq!(seen("h4.example"), (DeliveryState::Failed, 1, None, Some("refused".into())));
    let due = store.claim_deliveries(later, 30_000, 10, &[]).await.expect("claim");
    let mut hosts: Vec<_> = due.iter().map(|c| c.host.as_str()).collect();
    hosts.sort();
    assert_eq!(hosts, ["h2.example", "h3.example"], "retried when due; delivered and failed ones never");
});

// ------------------------------------------------------------------------- hub

conformance!(
    submissions_and_moderation_decisions_are_kept_per_practice_and_association,
    |store: Arc<SqlStore>| async move {
        let seoul = city(&store, "seoul").await;
        let korea_new = NewLocalActor::parse("korea", "association", Some("Korean cities"), Some("KR")).expect("valid");
        let korea = store.create_local_actor(&korea_new, &location("korea"), &keys()).await.expect("association");
        let mut hub = remote("asia", "hub.example", true);
        hub.kind = ActorKind::Association;
        let asia = store.upsert_remote_actor(&hub).await.expect("remote association");
        let p = store
            .insert_practice(
                &new_practice("m1", seoul.id, practice_input("Night buses", vec![11], "KR", "en", "policy")),
                &[],
                &[],
            )
            .await
            .expect("insert");
        assert!(store.moderation_of(p.id).await.expect("none yet").is_empty());

        // Queued for review: a pending decision, written once.
        let first = store.submit(korea.id, p.id, Timestamp(1_000)).await.expect("submit");
        let again = store.submit(korea.id, p.id, Timestamp(2_000)).await.expect("submit again");
        assert_eq!((first.id, first.state, again.received_at), (again.id, SubmissionState::Pending, Timestamp(1_000)));
        assert_eq!(store.submission_for(korea.id, p.id).await.expect("for"), Some(first.clone()));
        assert_eq!(store.submission(first.id).await.expect("by id"), first);
        let queue = store.submissions(korea.id, Some(SubmissionState::Pending), Page::first(10)).await.expect("queue");
        assert_eq!(queue, std::slice::from_ref(&first));
        let decisions = store.moderation_of(p.id).await.expect("pending");
        assert_eq!(decisions.len(), 1);
        assert_eq!((decisions[0].0.state, decisions[0].1.id), (SubmissionState::Pending, korea.id));

        // Rejected with a reason and the Reject to send: decision, activity and
        // delivery in one transaction; a decision is final.
        let inbox = Url::parse("http://city.example/inbox").expect("url");
        let reject = activity("reject-1", korea.id, vec![Audience::Inboxes(vec![inbox.clone()])]);
        let decided = store
            .decide_submission(first.id, SubmissionState::Rejected, Some("Off topic"), Timestamp(3_000), &[reject])
            .await
            .expect("reject");
        assert_eq!((decided.state, decided.reason.as_deref()), (SubmissionState::Rejected, Some("Off topic")));
        assert_eq!(decided.decided_at, Some(Timestamp(3_000)));
        let again = store.decide_submission(first.id, SubmissionState::Approved, None, Timestamp(4_000), &[]).await;
        assert!(matches!(again, Err(CoreError::Conflict(_))), "{again:?}");
        let sent = store.deliveries(Some(korea.id), None, Page::first(10)).await.expect("deliveries");
        assert_eq!(sent.iter().map(|d| d.inbox.clone()).collect::<Vec<_>>(), [inbox]);
        assert!(!store.has_relayed(p.id, korea.id).await.expect("relayed"), "a rejection relays nothing");
        let decisions = store.moderation_of(p.id).await.expect("rejected");
        assert_eq!(decisions.len(), 1);
        let (d, who) = &decisions[0];
        assert_eq!(
            (d.state, d.reason.as_deref(), d.at, who.id),
            (SubmissionState::Rejected, Some("Off topic"), Timestamp(3_000), korea.id)
        );

        // A decision received from another server's association: recorded, and
        // replaced by a later one of the same association (oldest first).
        let received = ModerationDecision {
            practice: p.id,
            association: asia.id,
            state: SubmissionState::Rejected,
            reason: Some("Not in Asia".into()),
            at: Timestamp(5_000),
        };
        store.record_moderation(&received).await.expect("record");
        let approved =
            ModerationDecision { state: SubmissionState::Approved, reason: None, at: Timestamp(6_000), ..received };
        store.record_moderation(&approved).await.expect("replace");
        let decisions = store.moderation_of(p.id).await.expect("both");
        let seen: Vec<_> = decisions.iter().map(|(d, a)| (a.id, d.state, d.reason.clone())).collect();
        assert_eq!(
            seen,
            [
                (korea.id, SubmissionState::Rejected, Some("Off topic".into())),
                (asia.id, SubmissionState::Approved, None)
            ]
        );

        // An approval received with the association's relay: both at once;
        // the relay once, the decision replaced.
        let relayed_approval = ModerationDecision { at: Timestamp(7_000), ..approved.clone() };
        assert!(!store.has_relayed(p.id, asia.id).await.expect("not yet"));
        assert!(store.record_approved_relay(&relayed_approval).await.expect("relay and approval"));
        let relays = store.relays(p.id).await.expect("relays");
        assert_eq!(relays.iter().map(|(r, a)| (a.id, r.approved)).collect::<Vec<_>>(), [(asia.id, true)]);
        assert!(!store.record_approved_relay(&relayed_approval).await.expect("again"), "relayed once");
        let decisions = store.moderation_of(p.id).await.expect("decisions");
        assert_eq!(decisions.len(), 2, "the decision is replaced, not added");
        assert_eq!(decisions[1].0.at, Timestamp(7_000));

        // An approval relays (approved) with its Announce.
        let q = store
            .insert_practice(
                &new_practice("m2", seoul.id, practice_input("Bus lanes", vec![11], "KR", "en", "policy")),
                &[],
                &[],
            )
            .await
            .expect("insert");
        let s = store.submit(korea.id, q.id, Timestamp(7_000)).await.expect("submit");
        store.decide_submission(s.id, SubmissionState::Approved, None, Timestamp(8_000), &[]).await.expect("approve");
        assert!(store.has_relayed(q.id, korea.id).await.expect("relayed"));
        assert!(store.relays(q.id).await.expect("relays")[0].0.approved);
        let decisions = store.moderation_of(q.id).await.expect("approved");
        assert_eq!(
            decisions.iter().map(|(d, _)| (d.state, d.at)).collect::<Vec<_>>(),
            [(SubmissionState::Approved, Timestamp(8_000))]
        );
        let all = store.submissions(korea.id, None, Page::first(10)).await.expect("all");
        assert_eq!(all.iter().map(|s| s.practice).collect::<Vec<_>>(), [q.id, p.id], "newest first");
    }
);

conformance!(an_association_keeps_its_moderation_policy, |store: Arc<SqlStore>| async move {
    let new = NewLocalActor::parse("korea", "association", Some("Korean cities"), Some("KR")).expect("valid");
    let korea = store.create_local_actor(&new, &location("korea"), &keys()).await.expect("association");
    assert_eq!(korea.moderation, Moderation::Auto, "relays at once by default");
    store.set_moderation(korea.id, Moderation::Manual).await.expect("manual");
    assert_eq!(store.actor(korea.id).await.expect("actor").moderation, Moderation::Manual);
    store.set_moderation(korea.id, Moderation::Auto).await.expect("auto");
    assert_eq!(store.actor(korea.id).await.expect("actor").moderation, Moderation::Auto);
    let asia = association(&store, "asia", "hub.example").await;
    assert!(
        matches!(store.set_moderation(asia.id, Moderation::Manual).await, Err(CoreError::NotFound(_))),
        "another server's association is not ours to set"
    );
});

conformance!(relays_of_many_practices_are_read_at_once_in_relay_order, |store: Arc<SqlStore>| async move {
    let seoul = city(&store, "seoul").await;
    let korea = store
        .create_local_actor(
            &NewLocalActor::parse("korea", "association", None, Some("KR")).expect("valid"),
            &location("korea"),
            &keys(),
        )
        .await
        .expect("association");
    let asia = association(&store, "asia", "hub.example").await;
    let mut ids = Vec::new();
    for key in ["p1", "p2", "p3"] {
        let p = new_practice(key, seoul.id, practice_input(&format!("Practice {key}"), vec![11], "KR", "en", "policy"));
        ids.push(store.insert_practice(&p, &[], &[]).await.expect("insert").id);
    }
    assert!(store.record_relay(ids[0], asia.id, true, Timestamp(2_000), &[]).await.expect("relay"));
    assert!(store.record_relay(ids[0], korea.id, false, Timestamp(1_000), &[]).await.expect("relay"));
    assert!(store.record_relay(ids[1], asia.id, false, Timestamp(3_000), &[]).await.expect("relay"));

    let found = store.relays_of(&ids).await.expect("relays");
    let of = |i: usize| {
        found.get(&ids[i]).map(|v| v.iter().map(|(r, a)| (a.id, r.approved)).collect::<Vec<_>>()).unwrap_or_default()
    };
    assert_eq!(of(0), [(korea.id, false), (asia.id, true)], "oldest relay first");
    assert_eq!(of(1), [(asia.id, false)]);
    assert!(!found.contains_key(&ids[2]), "a practice nobody relayed is absent");
    assert!(store.relays_of(&[]).await.expect("none").is_empty());

    // An undone relay is forgotten, that one only and once.
    assert!(store.remove_relay(ids[0], asia.id).await.expect("remove"));
    assert!(!store.remove_relay(ids[0], asia.id).await.expect("again"), "nothing left to remove");
    assert!(!store.has_relayed(ids[0], asia.id).await.expect("asia"));
    assert!(store.has_relayed(ids[0], korea.id).await.expect("korea"), "other relays stay");
    assert!(store.has_relayed(ids[1], asia.id).await.expect("other practice"), "other practices stay");
});

conformance!(a_curated_collection_holds_each_practice_once_newest_first_without_deleted_ones, |store: Arc<
    SqlStore,
>| async move {
    let seoul = city(&store, "seoul").await;
    let new = NewLocalActor::parse("unpaks", "knowledge_space", Some("UN-PAKS"), None).expect("valid");
    let unpaks = store.create_local_actor(&new, &location("unpaks"), &keys()).await.expect("curator");
    let mut practices = Vec::new();
    for key in ["p1", "p2", "p3"] {
        let p = new_practice(key, seoul.id, practice_input(&format!("Practice {key}"), vec![11], "KR", "en", "policy"));
        practices.push(store.insert_practice(&p, &[], &[]).await.expect("insert"));
    }
    let inbox = || vec![Audience::Inboxes(vec![Url::parse("http://social.example/inbox").expect("url")])];
    for (i, p) in practices.iter().enumerate() {
        let announce = activity(&format!("announce-{i}"), unpaks.id, inbox());
        assert!(store.add_curated(unpaks.id, p.id, Timestamp::now(), &[announce]).await.expect("add"));
    }
    let again = activity("announce-again", unpaks.id, inbox());
    assert!(!store.add_curated(unpaks.id, practices[0].id, Timestamp::now(), &[again]).await.expect("again"));
    assert_eq!(
        store.deliveries(Some(unpaks.id), None, Page::first(10)).await.expect("list").len(),
        3,
        "one Announce per practice added, none for a repeat"
    );

    let keys_of = |v: Vec<ecities_core::practice::Practice>| v.into_iter().map(|p| p.key).collect::<Vec<_>>();
    assert_eq!(keys_of(store.curated(unpaks.id, Page::first(10)).await.expect("list")), ["p3", "p2", "p1"]);
    assert_eq!(keys_of(store.curated(unpaks.id, Page::first(1)).await.expect("page")), ["p3"]);
    store.delete_practice(practices[1].id, Timestamp::now(), &[], &[]).await.expect("delete");
    assert_eq!(keys_of(store.curated(unpaks.id, Page::first(10)).await.expect("list")), ["p3", "p1"]);
    assert!(store.curated(seoul.id, Page::first(10)).await.expect("none").is_empty());
});

conformance!(
    an_unfeatured_practice_leaves_the_collection_with_the_undo_of_its_announce,
    |store: Arc<SqlStore>| async move {
        let seoul = city(&store, "seoul").await;
        let new = NewLocalActor::parse("unpaks", "knowledge_space", Some("UN-PAKS"), None).expect("valid");
        let unpaks = store.create_local_actor(&new, &location("unpaks"), &keys()).await.expect("curator");
        let p = new_practice("p1", seoul.id, practice_input("Practice p1", vec![11], "KR", "en", "policy"));
        let p = store.insert_practice(&p, &[], &[]).await.expect("insert");
        let inbox = || vec![Audience::Inboxes(vec![Url::parse("http://social.example/inbox").expect("url")])];
        assert_eq!(store.curated_announce(unpaks.id, p.id).await.expect("none yet"), None, "not featured");
        let announce = activity("announce-p1", unpaks.id, inbox());
        let announce_id = announce.ap_id.clone();
        assert!(store.add_curated(unpaks.id, p.id, Timestamp::now(), &[announce]).await.expect("add"));
        assert_eq!(
            store.curated_announce(unpaks.id, p.id).await.expect("featured"),
            Some(Some(announce_id)),
            "the Announce that featured it is known"
        );

        let undo = activity("undo-p1", unpaks.id, inbox());
        assert!(store.remove_curated(unpaks.id, p.id, &[undo]).await.expect("remove"));
        assert!(store.curated(unpaks.id, Page::first(10)).await.expect("list").is_empty());
        assert_eq!(store.curated_announce(unpaks.id, p.id).await.expect("gone"), None);
        assert_eq!(
            store.deliveries(Some(unpaks.id), None, Page::first(10)).await.expect("list").len(),
            2,
            "the Announce and its Undo"
        );
        let again = activity("undo-again", unpaks.id, inbox());
        assert!(!store.remove_curated(unpaks.id, p.id, &[again]).await.expect("again"), "nothing to remove");
        assert_eq!(
            store.deliveries(Some(unpaks.id), None, Page::first(10)).await.expect("list").len(),
            2,
            "nothing sent"
        );
        // Featured again later: a new Announce, remembered in its turn.
        let announce = activity("announce-p1-again", unpaks.id, inbox());
        assert!(store.add_curated(unpaks.id, p.id, Timestamp::now(), &[announce]).await.expect("add again"));
    }
);

// ---------------------------------------------------------------------- topics

conformance!(
    a_deleted_topic_keeps_its_row_sends_its_delete_once_and_nothing_after,
    |store: Arc<SqlStore>| async move {
        let owner = city(&store, "seoul").await;
        let mut new = NewLocalActor::parse("sdg11", "city", None, None).expect("valid");
        new.kind = ActorKind::Topic;
        let (topic, _) =
            store.create_topic(&new, &location("sdg11"), &keys(), owner.id, "sdg=11", 0).await.expect("topic");
        let follower = store.upsert_remote_actor(&remote("alice", "social.example", false)).await.expect("remote");
        store.upsert_follow(follower.id, topic.id, FollowState::Accepted, None, &[]).await.expect("follow");
        let practice = store
            .insert_practice(
                &new_practice("p1", owner.id, practice_input("Bus lanes", vec![11], "KR", "en", "case_study")),
                &[],
                &[],
            )
            .await
            .expect("practice");
        let followers = || vec![Audience::FollowersOf(topic.id)];
        let announce = activity("announce-1", topic.id, followers());
        assert!(
            store.record_topic_announce(topic.id, practice.id, Timestamp::now(), &[announce]).await.expect("announce")
        );
        let pending = |store: Arc<SqlStore>| async move {
            store.deliveries(None, Some(DeliveryState::Queued), Page::first(10)).await.expect("list")
        };
        assert_eq!(pending(store.clone()).await.len(), 1, "the announce waits for the worker");

        // Deleted: its unsent announce is cancelled, the Delete queued to the
        // follower it had, its follows gone, its row kept under a reserved name.
        let delete = activity("delete-1", topic.id, followers());
        assert!(store.delete_topic(topic.id, Timestamp::now(), std::slice::from_ref(&delete)).await.expect("delete"));
        let queued = pending(store.clone()).await;
        assert_eq!(queued.len(), 1, "{queued:?}");
        assert_eq!(queued[0].activity_ap_id, delete.ap_id);
        assert!(store.follow(follower.id, topic.id).await.expect("follow").is_none());
        assert!(store.topic(topic.id).await.expect("topic").is_none());
        let name = ActorName::parse("sdg11").expect("name");
        assert!(store.local_actor_by_name(&name).await.expect("lookup").is_none());
        assert!(store.actor_by_url(&topic.url).await.expect("lookup").is_none());
        assert_eq!(store.deleted_local_actor(&name).await.expect("lookup").map(|a| a.id), Some(topic.id));
        assert!(store.local_actors().await.expect("list").iter().all(|a| a.id != topic.id));

        // A second deletion queues nothing; a late announce records nothing.
        assert!(
            !store
                .delete_topic(topic.id, Timestamp::now(), &[activity("delete-2", topic.id, followers())])
                .await
                .expect("again")
        );
        let late = activity("announce-2", topic.id, followers());
        assert!(!store.record_topic_announce(topic.id, practice.id, Timestamp::now(), &[late]).await.expect("late"));
        assert_eq!(pending(store.clone()).await.len(), 1);
    }
);

conformance!(topics_are_listed_oldest_first_and_their_cursor_only_moves_forward, |store: Arc<SqlStore>| async move {
    let owner = city(&store, "seoul").await;
    let topic_actor = |name: &str| {
        let mut new = NewLocalActor::parse(name, "city", None, None).expect("valid");
        new.kind = ActorKind::Topic;
        new
    };
    assert!(store.topics().await.expect("none").is_empty());
    let (sdg11, _) = store
        .create_topic(&topic_actor("sdg11"), &location("sdg11"), &keys(), owner.id, "sdg=11", 5)
        .await
        .expect("topic");
    let (korea, _) = store
        .create_topic(&topic_actor("korea"), &location("korea"), &keys(), owner.id, "country=KR", 0)
        .await
        .expect("topic");
    let listed = |store: Arc<SqlStore>| async move {
        store
            .topics()
            .await
            .expect("list")
            .into_iter()
            .map(|t| (t.actor, t.owner, t.query, t.cursor))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        listed(store.clone()).await,
        [(sdg11.id, owner.id, "sdg=11".to_string(), 5), (korea.id, owner.id, "country=KR".to_string(), 0)]
    );

    store.set_topic_cursor(sdg11.id, 9).await.expect("forward");
    assert_eq!(store.topic(sdg11.id).await.expect("topic").map(|t| t.cursor), Some(9));
    store.set_topic_cursor(sdg11.id, 7).await.expect("backward");
    assert_eq!(store.topic(sdg11.id).await.expect("topic").map(|t| t.cursor), Some(9), "never moves back");

    assert!(store.delete_topic(korea.id, Timestamp::now(), &[]).await.expect("delete"));
    assert_eq!(listed(store.clone()).await.iter().map(|t| t.0).collect::<Vec<_>>(), [sdg11.id]);
});

// --------------------------------------------------------------------- domains

conformance!(domain_rules_are_kept_per_normalised_domain_and_found_by_exact_name, |store: Arc<SqlStore>| async move {
    assert!(store.domain_rules().await.expect("none").is_empty());
    assert!(store.rules_for(&[]).await.expect("nothing asked").is_empty());
    let block = store.set_domain_rule(" Evil.Example. ", DomainRuleKind::Block, Some("spam")).await.expect("block");
    assert_eq!(
        (block.domain.as_str(), block.rule, block.note.as_deref()),
        ("evil.example", DomainRuleKind::Block, Some("spam"))
    );
    store.set_domain_rule("friends.example", DomainRuleKind::Allow, None).await.expect("allow");
    let rules = store.domain_rules().await.expect("rules");
    assert_eq!(
        rules.iter().map(|r| (r.domain.as_str(), r.rule)).collect::<Vec<_>>(),
        [("evil.example", DomainRuleKind::Block), ("friends.example", DomainRuleKind::Allow)]
    );
    let asked = ["sub.evil.example", "evil.example", "friends.example", "other.example"].map(String::from);
    assert_eq!(
        store.rules_for(&asked).await.expect("rules"),
        [DomainRuleKind::Block, DomainRuleKind::Allow],
        "exact names only: subdomains are the caller's to expand"
    );

    // A change through the store applies at once, despite the cache.
    store.set_domain_rule("evil.example", DomainRuleKind::Allow, Some("reformed")).await.expect("replace");
    assert_eq!(store.rules_for(&["evil.example".into()]).await.expect("rules"), [DomainRuleKind::Allow]);
    assert!(store.delete_domain_rule("EVIL.example").await.expect("delete"));
    assert!(!store.delete_domain_rule("evil.example").await.expect("delete again"));
    assert!(store.rules_for(&["evil.example".into()]).await.expect("rules").is_empty());
    assert!(matches!(
        store.set_domain_rule("not a domain", DomainRuleKind::Block, None).await,
        Err(CoreError::Invalid(_))
    ));
});

// ---------------------------------------------------------------------- import

conformance!(feed_sources_keep_their_mapping_and_poll_history_per_actor, |store: Arc<SqlStore>| async move {
    let seoul = city(&store, "seoul").await;
    let busan = city(&store, "busan").await;
    let mapping = FeedMapping {
        kind: Some("case_study".into()),
        sdgs: vec![11, 9],
        country: Some("KR".into()),
        language: Some("ko".into()),
        themes: vec!["e-government".into()],
        rules: Default::default(),
        ..FeedMapping::default()
    };
    let url = Url::parse("https://portal.example/feed.xml").expect("url");
    let source = store.create_feed_source(seoul.id, &url, &mapping, true).await.expect("source");
    assert_eq!((source.actor, &source.url, &source.mapping, source.delete_missing), (seoul.id, &url, &mapping, true));
    assert_eq!((source.polls, source.last_polled_at, source.archive_next.as_ref()), (0, None, None));
    assert!(matches!(store.create_feed_source(seoul.id, &url, &mapping, false).await, Err(CoreError::Conflict(_))));
    let other = store.create_feed_source(busan.id, &url, &FeedMapping::default(), false).await.expect("busan's");
    assert_eq!(store.feed_source(source.id).await.expect("by id"), source);
    assert_eq!(store.feed_sources(Some(seoul.id)).await.expect("seoul's"), std::slice::from_ref(&source));
    assert_eq!(store.feed_sources(None).await.expect("all").len(), 2);

    let success = PollRecord::Success { etag: Some("e1".into()), last_modified: Some("lm".into()), imported: 3 };
    store.record_poll(source.id, Timestamp(1_000), &success).await.expect("poll");
    store.record_poll(source.id, Timestamp(2_000), &PollRecord::NotModified).await.expect("poll");
    store
        .record_poll(source.id, Timestamp(3_000), &PollRecord::Failed { error: "timeout".into() })
        .await
        .expect("poll");
    let polled = store.feed_source(source.id).await.expect("by id");
    assert_eq!(
        (polled.polls, polled.last_polled_at, polled.last_success_at),
        (3, Some(Timestamp(3_000)), Some(Timestamp(2_000)))
    );
    assert_eq!(
        (polled.etag.as_deref(), polled.last_modified.as_deref(), polled.items_imported),
        (Some("e1"), Some("lm"), 3)
    );
    assert_eq!((polled.last_error.as_deref(), polled.last_error_at), (Some("timeout"), Some(Timestamp(3_000))));

    let due = |store: Arc<SqlStore>, before: i64| async move {
        store.due_feed_sources(Timestamp(before)).await.expect("due").into_iter().map(|s| s.id).collect::<Vec<_>>()
    };
    assert_eq!(due(store.clone(), 2_500).await, [other.id], "never polled is due; polled at 3000 is not");
    assert_eq!(due(store.clone(), 3_500).await, [source.id, other.id]);

    let archive = Url::parse("https://portal.example/feed.xml?page=2").expect("url");
    store.set_archive_cursor(source.id, Some(&archive)).await.expect("cursor");
    assert_eq!(store.feed_source(source.id).await.expect("by id").archive_next, Some(archive));
    store.set_archive_cursor(source.id, None).await.expect("done");
    assert_eq!(store.feed_source(source.id).await.expect("by id").archive_next, None);

    assert!(store.delete_feed_source(source.id).await.expect("delete"));
    assert!(!store.delete_feed_source(source.id).await.expect("delete again"));
    assert!(matches!(store.feed_source(source.id).await, Err(CoreError::NotFound(_))));
});

conformance!(imported_feed_items_remember_their_practice_and_content_hash, |store: Arc<SqlStore>| async move {
    let seoul = city(&store, "seoul").await;
    let url = |u: &str| Url::parse(u).expect("url");
    let mapping = FeedMapping::default();
    let source = store.create_feed_source(seoul.id, &url("https://a.example/feed"), &mapping, false).await.expect("a");
    let other = store.create_feed_source(seoul.id, &url("https://b.example/feed"), &mapping, false).await.expect("b");
    let p1 = store
        .insert_practice(&new_practice("p1", seoul.id, practice_input("One", vec![11], "KR", "en", "policy")), &[], &[])
        .await
        .expect("p1");
    let p2 = store
        .insert_practice(&new_practice("p2", seoul.id, practice_input("Two", vec![11], "KR", "en", "policy")), &[], &[])
        .await
        .expect("p2");
    assert_eq!(store.feed_item(source.id, "guid-1").await.expect("lookup"), None);
    store.record_feed_item(source.id, "guid-1", p1.id, "hash-a", Timestamp(1_000)).await.expect("record");
    assert_eq!(store.feed_item(source.id, "guid-1").await.expect("lookup"), Some((p1.id, "hash-a".into())));
    store.record_feed_item(source.id, "guid-1", p1.id, "hash-b", Timestamp(2_000)).await.expect("edited");
    assert_eq!(store.feed_item(source.id, "guid-1").await.expect("lookup"), Some((p1.id, "hash-b".into())));
    store.record_feed_item(source.id, "guid-2", p2.id, "hash-c", Timestamp(3_000)).await.expect("record");
    assert_eq!(
        store.feed_items(source.id).await.expect("items"),
        [("guid-1".to_string(), p1.id), ("guid-2".to_string(), p2.id)]
    );
    assert_eq!(store.feed_item(other.id, "guid-1").await.expect("lookup"), None, "items belong to their source");
    assert!(store.feed_items(other.id).await.expect("items").is_empty());
});

conformance!(
    an_imported_practice_and_its_feed_item_are_written_together_or_not_at_all,
    |store: Arc<SqlStore>| async move {
        let seoul = city(&store, "seoul").await;
        let feed = Url::parse("https://portal.example/feed").expect("url");
        let source = store.create_feed_source(seoul.id, &feed, &FeedMapping::default(), false).await.expect("source");
        let item = ImportedItem { source: source.id, guid: "guid-1", hash: "hash-a", at: Timestamp(1_000) };
        let inbox = Url::parse("https://social.example/inbox").expect("url");
        let create = activity("imported-1", seoul.id, vec![Audience::Inboxes(vec![inbox])]);
        let p = store
            .insert_imported_practice(
                &new_practice("imp1", seoul.id, practice_input("Imported", vec![11], "KR", "en", "policy")),
                std::slice::from_ref(&create),
                &[],
                &item,
            )
            .await
            .expect("imported");
        assert_eq!(store.feed_item(source.id, "guid-1").await.expect("lookup"), Some((p.id, "hash-a".into())));
        assert_eq!(
            store.delivery_stats(Timestamp::now()).await.expect("stats").queued,
            1,
            "its Create is queued with it"
        );

        // The item's record cannot be written (no such source): no practice
        // is left behind for the next poll to duplicate, and nothing is sent.
        let orphan = ImportedItem { source: FeedSourceId(source.id.0 + 1_000), ..item };
        let failed = store
            .insert_imported_practice(
                &new_practice("imp2", seoul.id, practice_input("Orphan", vec![11], "KR", "en", "policy")),
                &[activity("imported-2", seoul.id, vec![])],
                &[],
                &orphan,
            )
            .await;
        assert!(failed.is_err(), "{failed:?}");
        assert_eq!(store.practice_by_key("imp2").await.expect("lookup"), None);
        assert_eq!(store.delivery_stats(Timestamp::now()).await.expect("stats").queued, 1);
    }
);

// ---------------------------------------------------------------------- health

conformance!(health_checks_and_counts_reflect_the_data, |store: Arc<SqlStore>| async move {
    store.ping().await.expect("ping");
    let seoul = city(&store, "seoul").await;
    store
        .insert_practice(
            &new_practice("p1", seoul.id, practice_input("Counted practice", vec![1], "KR", "en", "event")),
            &[],
            &[],
        )
        .await
        .expect("insert");
    let counts = store.counts().await.expect("counts");
    assert_eq!((counts.local_actors, counts.local_practices, counts.remote_practices), (1, 1, 0));
});

conformance!(readiness_writes_for_real_and_reports_the_oldest_due_delivery, |store: Arc<SqlStore>| async move {
    let now = Timestamp::now();
    let ready = store.readiness(now).await.expect("readiness");
    assert_eq!(ready.writable, Ok(()));
    assert_eq!(ready.oldest_due_delivery, None);
    assert_eq!(ready.free_disk_bytes.is_some(), store.dialect() == ecities_store::Dialect::Sqlite);
    // Probing again works: it leaves nothing behind that would conflict.
    assert_eq!(store.readiness(now).await.expect("again").writable, Ok(()));

    let seoul = city(&store, "seoul").await;
    let inbox = Url::parse("http://social.example/inbox").expect("url");
    store.enqueue(&activity("due-1", seoul.id, vec![Audience::Inboxes(vec![inbox])])).await.expect("enqueue");
    let later = Timestamp::now().plus_millis(3_600_000);
    let due = store.readiness(later).await.expect("readiness").oldest_due_delivery.expect("a due delivery");
    assert!(due.0 <= later.0 && due.0 >= now.0 - 1_000, "{due:?}");
});

// -------------------------------------------------- connections and migrations

#[tokio::test]
async fn migrations_are_idempotent_and_data_survives_reconnecting() {
    let dir = tempfile::tempdir().expect("temp dir");
    let url: DatabaseUrl = format!("sqlite://{}/nested/dir/test.db", dir.path().display()).parse().expect("url");
    let store = connect(&url, None).await.expect("connect creates the directory");
    migrate(&store).await.expect("migrate");
    city(&store, "seoul").await;
    store.close().await;
    let store = connect(&url, None).await.expect("reconnect");
    migrate(&store).await.expect("migrate again is a no-op");
    assert_eq!(store.local_actors().await.expect("list").len(), 1);
}

#[tokio::test]
async fn an_unreachable_postgres_is_reported_with_its_address() {
    let url: DatabaseUrl = "postgres://nobody@localhost:1/nothing".parse().expect("url");
    let err = connect(&url, None).await.expect_err("nothing listens on port 1");
    let msg = err.to_string();
    assert!(msg.contains("cannot connect to PostgreSQL at localhost:1"), "{msg}");
}

#[tokio::test]
async fn an_unwritable_data_directory_is_reported() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("a-file");
    std::fs::write(&file, b"x").expect("write");
    let url: DatabaseUrl = format!("sqlite://{}/sub/db.sqlite", file.display()).parse().expect("url");
    let err = connect(&url, None).await.expect_err("a file is not a directory");
    assert!(err.to_string().contains("cannot create the data directory"), "{err}");
}

// ----------------------------------------------------------------------- guard

/// Every method of every store trait in `ecities_core/src/store/` is called
/// by at least one conformance test (which runs on both databases), so a
/// method added without a test fails here, named.
#[test]
fn every_store_method_is_exercised_by_a_conformance_test_on_both_databases() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let store_dir = root.join("../ecities_core/src/store");
    let mut methods = std::collections::BTreeSet::new();
    for entry in std::fs::read_dir(&store_dir).expect("the store traits") {
        let source = std::fs::read_to_string(entry.expect("entry").path()).expect("a trait source");
        for line in source.lines() {
            if let Some(rest) = line.trim_start().strip_prefix("async fn ") {
                let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                methods.insert(name);
            }
        }
    }
    assert!(methods.len() > 90, "the trait sources were not read: {methods:?}");

    // Only the bodies of `conformance!(…)` invocations count: they run on
    // SQLite and PostgreSQL.
    let suite = std::fs::read_to_string(root.join("tests/conformance.rs")).expect("this suite");
    let mut bodies = String::new();
    for block in suite.split("\nconformance!(").skip(1) {
        let end = ["\n});", "\n);"]
            .iter()
            .filter_map(|close| block.find(close))
            .min()
            .expect("the end of a conformance! invocation");
        bodies.push_str(&block[..end]);
    }
    let untested: Vec<_> = methods.iter().filter(|m| !bodies.contains(&format!(".{m}("))).collect();
    assert!(untested.is_empty(), "store methods no conformance test calls: {untested:?}");
}

// ----------------------------------------------------------- node profile (migration 0021)

conformance!(the_node_profile_is_empty_then_replaced_whole, |store: Arc<SqlStore>| async move {
    use ecities_core::node::{LogoUrl, NodeProfile};
    assert_eq!(store.node_profile().await.expect("read"), NodeProfile::default(), "a new node has no profile");
    let profile = NodeProfile {
        name: Some("Ville de Lyon · e-Cities".into()),
        description: Some("Première ligne.\n\nDeuxième paragraphe.".into()),
        logo: Some(LogoUrl::parse("https://lyon.example/logo.svg").expect("valid")),
    };
    store.set_node_profile(&profile).await.expect("write");
    assert_eq!(store.node_profile().await.expect("read"), profile);
    let cleared = NodeProfile { name: Some("Lyon".into()), ..Default::default() };
    store.set_node_profile(&cleared).await.expect("write again");
    assert_eq!(store.node_profile().await.expect("read"), cleared, "unset fields are cleared");
});

conformance!(a_remote_actors_country_is_kept_and_updated, |store: Arc<SqlStore>| async move {
    let mut seoul = remote("seoul", "seoul.example", true);
    seoul.country = Some(ecities_core::taxonomy::Country::parse("KR").expect("KR"));
    let stored = store.upsert_remote_actor(&seoul).await.expect("insert");
    assert_eq!(stored.country.as_ref().map(|c| c.code()), Some("KR"), "the registry shows it");
    seoul.country = None;
    let stored = store.upsert_remote_actor(&seoul).await.expect("update");
    assert_eq!(stored.country, None, "a refetched document that no longer states one clears it");
});

// ------------------------------------------------- the admin's tokens, users, deliveries, feeds

conformance!(a_token_is_found_by_id_and_once_revoked_no_longer_authenticates, |store: Arc<SqlStore>| async move {
    let seoul = city(&store, "seoul").await;
    let hash = TokenHash::of("ect_to_revoke");
    let made =
        store.create_token(&Principal::editor(seoul.id), &hash, Some("cms"), TokenScope::Read).await.expect("token");
    let kept = TokenHash::of("ect_kept");
    store.create_token(&Principal::Operator, &kept, None, TokenScope::Write).await.expect("token");
    assert_eq!(store.token(made.id).await.expect("by id"), Some(made.clone()));
    assert!(store.delete_token(made.id).await.expect("revoke"));
    assert_eq!(store.token_holder(&hash).await.expect("lookup"), None, "a revoked token authenticates nobody");
    assert_eq!(store.token(made.id).await.expect("by id"), None);
    assert!(!store.delete_token(made.id).await.expect("again"), "revoking twice finds nothing");
    assert!(store.token_holder(&kept).await.expect("lookup").is_some(), "other tokens stay");
});

conformance!(a_removed_admin_user_loses_its_sessions, |store: Arc<SqlStore>| async move {
    let seoul = city(&store, "seoul").await;
    let ed = store.create_admin_user(&Principal::editor(seoul.id), "ed", "HASH").await.expect("user");
    let ops = store.create_admin_user(&Principal::Operator, "ops", "HASH").await.expect("user");
    let now = Timestamp::now();
    let session = TokenHash::of("session-ed");
    store.create_session(ed.id, &session, "CSRF", now.plus_millis(60_000)).await.expect("session");
    assert!(store.delete_admin_user(ed.id).await.expect("remove"));
    assert_eq!(store.session(&session, now).await.expect("lookup"), None, "its session ended");
    assert_eq!(store.admin_users().await.expect("users"), vec![ops]);
    assert_eq!(store.admin_user_by_login("ed").await.expect("lookup"), None);
    assert!(!store.delete_admin_user(ed.id).await.expect("again"));
    store.create_admin_user(&Principal::editor(seoul.id), "ed", "HASH").await.expect("the login is free again");
});

conformance!(outgoing_bodies_are_read_by_activity_id_for_their_actor_only, |store: Arc<SqlStore>| async move {
    let seoul = city(&store, "seoul").await;
    let busan = city(&store, "busan").await;
    let create = activity("create-b1", seoul.id, vec![]);
    let wanted = create.ap_id.clone();
    store
        .insert_practice(
            &new_practice("b1", seoul.id, practice_input("Bodies", vec![11], "KR", "en", "policy")),
            &[create],
            &[],
        )
        .await
        .expect("insert");
    let unknown = Url::parse(&format!("{BASE}/activities/none")).expect("url");
    let found = store.outgoing_bodies(seoul.id, &[wanted.clone(), unknown]).await.expect("bodies");
    assert_eq!(found, vec![(wanted.clone(), "{\"id\":\"create-b1\"}".to_owned())]);
    assert!(store.outgoing_bodies(busan.id, std::slice::from_ref(&wanted)).await.expect("bodies").is_empty());
    assert!(store.outgoing_bodies(seoul.id, &[]).await.expect("none asked").is_empty());
});

conformance!(a_feed_sources_mapping_is_replaced_and_its_history_kept, |store: Arc<SqlStore>| async move {
    let seoul = city(&store, "seoul").await;
    let url = Url::parse("https://portal.example/news.xml").expect("url");
    let source = store.create_feed_source(seoul.id, &url, &FeedMapping::default(), false).await.expect("source");
    let success = PollRecord::Success { etag: Some("e1".into()), last_modified: None, imported: 2 };
    store.record_poll(source.id, Timestamp(1_000), &success).await.expect("poll");
    let mut rules = std::collections::BTreeMap::new();
    rules.insert(
        "Mobility".to_owned(),
        ecities_core::import::CategoryRule { sdgs: vec![11, 9], themes: vec![], kind: Some("case_study".into()) },
    );
    let mapping = FeedMapping { sdgs: vec![13], rules, ..FeedMapping::default() };
    store.set_feed_mapping(source.id, &mapping).await.expect("set");
    let changed = store.feed_source(source.id).await.expect("by id");
    assert_eq!(changed.mapping, mapping);
    assert_eq!((changed.polls, changed.items_imported, changed.etag.as_deref()), (1, 2, Some("e1")), "history kept");
    assert!(matches!(
        store.set_feed_mapping(ecities_core::import::FeedSourceId(9_999), &mapping).await,
        Err(CoreError::NotFound(_))
    ));
});

// ------------------------------------------------- adoption and engagement (migration 0028)

conformance!(reactions_count_once_per_actor_and_kind_and_undo_takes_them_back, |store: Arc<SqlStore>| async move {
    use ecities_core::store::{EngagementStore, ReactionKind, Reactions};
    let seoul = city(&store, "seoul").await;
    let p = store
        .insert_practice(
            &new_practice("bus", seoul.id, practice_input("Bus reform", vec![11], "KR", "en", "best_practice")),
            &[],
            &[],
        )
        .await
        .expect("insert");
    let other = store
        .insert_practice(
            &new_practice("park", seoul.id, practice_input("Parks", vec![11], "KR", "en", "best_practice")),
            &[],
            &[],
        )
        .await
        .expect("insert");
    let alice = store.upsert_remote_actor(&remote("alice", "social.example", true)).await.expect("actor");
    let bob = store.upsert_remote_actor(&remote("bob", "social.example", true)).await.expect("actor");
    let like = |n: &str| Url::parse(&format!("http://social.example/likes/{n}")).expect("url");
    let now = Timestamp::now();
    assert!(store.add_reaction(p.id, alice.id, ReactionKind::Like, &like("1"), now).await.expect("like"));
    assert!(
        !store.add_reaction(p.id, alice.id, ReactionKind::Like, &like("2"), now).await.expect("again"),
        "one per actor"
    );
    assert!(store.add_reaction(p.id, bob.id, ReactionKind::Like, &like("3"), now).await.expect("like"));
    assert!(store.add_reaction(p.id, alice.id, ReactionKind::Boost, &like("4"), now).await.expect("boost"));
    assert_eq!(
        store.reactions(&[p.id, other.id]).await.expect("counts"),
        vec![(p.id, Reactions { likes: 2, boosts: 1 })],
        "a practice without reactions is left out"
    );
    let summary = store.engagement_summary(10).await.expect("summary");
    assert_eq!(summary.totals, Reactions { likes: 2, boosts: 1 });
    assert_eq!(summary.top.len(), 1);
    assert_eq!(summary.top[0].title, "Bus reform");

    assert!(store.remove_reaction(p.id, alice.id, ReactionKind::Like).await.expect("undo"));
    assert!(!store.remove_reaction(p.id, alice.id, ReactionKind::Like).await.expect("undo again"));
    assert!(!store.remove_reaction_by_activity(alice.id, &like("3")).await.expect("not alice's like"));
    assert!(store.remove_reaction_by_activity(bob.id, &like("3")).await.expect("bob's like, by id"));
    assert_eq!(store.reactions(&[p.id]).await.expect("counts"), vec![(p.id, Reactions { likes: 0, boosts: 1 })]);
    assert!(store.reactions(&[]).await.expect("none").is_empty());
});

conformance!(
    adoptions_are_written_with_the_practice_and_counted_between_countries,
    |store: Arc<SqlStore>| async move {
        use ecities_core::store::{AdoptionNotice, EngagementStore};
        // Tokyo's practice (a remote copy) is adopted by Seoul (local), then by
        // a remote Busan practice told in a notice.
        let seoul = city(&store, "seoul").await;
        let mut tokyo = remote("tokyo", "tokyo.example", true);
        tokyo.kind = ActorKind::City;
        tokyo.country = Some(Country::parse("JP").expect("JP"));
        let tokyo = store.upsert_remote_actor(&tokyo).await.expect("tokyo");
        let mut source = remote_note("t1", "http://tokyo.example/practices/1", tokyo.id);
        source.title = "Tokyo flood maps".into();
        source.country = Some(Country::parse("JP").expect("JP"));
        let source = store.upsert_remote_practice(&source, &[], &[]).await.expect("copy");

        let mut input = practice_input("Seoul flood maps", vec![11], "KR", "en", "best_practice");
        input.adopted_from = Some(vec![source.ap_id.to_string()]);
        let adopting = store.insert_practice(&new_practice("s1", seoul.id, input), &[], &[]).await.expect("insert");
        assert_eq!(adopting.details.adopted_from, vec![source.ap_id.clone()], "kept in the practice");

        let by = store.adopted_by(std::slice::from_ref(&source.ap_id)).await.expect("adopted by");
        assert_eq!(by.len(), 1);
        assert_eq!(by[0].practice, adopting.ap_id);
        assert_eq!(by[0].actor, seoul.url);
        assert_eq!(by[0].actor_name, "City of Test");
        assert_eq!(by[0].country.as_ref().map(Country::code), Some("KR"));

        let busan = store.upsert_remote_actor(&remote("busan", "busan.example", true)).await.expect("busan");
        let told = Url::parse("http://busan.example/practices/9").expect("url");
        let notice = AdoptionNotice {
            practice: told.clone(),
            adopter: busan.id,
            title: "Busan flood maps".into(),
            country: Some(Country::parse("KR").expect("KR")),
            at: Timestamp::now(),
            sources: vec![source.ap_id.clone()],
        };
        store.record_adoption_notice(&notice).await.expect("notice");
        store.record_adoption_notice(&notice).await.expect("the same notice again replaces it");
        let summary = store.adoption_summary(10).await.expect("summary");
        assert_eq!(summary.total, 2);
        assert_eq!(summary.flows.len(), 1);
        assert_eq!((summary.flows[0].from.code(), summary.flows[0].to.code(), summary.flows[0].count), ("JP", "KR", 2));
        assert_eq!(summary.most_adopted[0].practice, source.ap_id);
        assert_eq!(summary.most_adopted[0].title.as_deref(), Some("Tokyo flood maps"));
        assert_eq!(summary.most_adopted[0].count, 2);

        // Only the adopter takes its notice back; an edit that drops the
        // source, or a deletion, takes the local adoption back.
        assert_eq!(store.remove_adoptions(&told, seoul.id).await.expect("not Seoul's"), 0);
        assert_eq!(store.remove_adoptions(&told, busan.id).await.expect("Busan's"), 1);
        let mut edited =
            new_practice("s1", seoul.id, practice_input("Seoul flood maps", vec![11], "KR", "en", "best_practice"));
        edited.ap_id = adopting.ap_id.clone();
        store.update_practice(adopting.id, &edited, &[], &[]).await.expect("edit");
        assert!(store.adopted_by(std::slice::from_ref(&source.ap_id)).await.expect("none").is_empty());
        let mut input = practice_input("Seoul flood maps", vec![11], "KR", "en", "best_practice");
        input.adopted_from = Some(vec![source.ap_id.to_string()]);
        let mut again = new_practice("s1", seoul.id, input);
        again.ap_id = adopting.ap_id.clone();
        store.update_practice(adopting.id, &again, &[], &[]).await.expect("edit");
        assert_eq!(store.adopted_by(std::slice::from_ref(&source.ap_id)).await.expect("one").len(), 1);
        store.delete_practice(adopting.id, Timestamp::now(), &[], &[]).await.expect("delete");
        assert_eq!(store.adoption_summary(10).await.expect("summary").total, 0);
    }
);

// ------------------------------------------------------------ replies (migration 0027)

conformance!(
    replies_are_kept_once_listed_by_state_and_decided_with_their_deliveries,
    |store: Arc<SqlStore>| async move {
        use ecities_core::reply::{NewReply, RepliesPolicy, ReplyId, ReplyState};
        let seoul = city(&store, "seoul").await;
        let alice = store.upsert_remote_actor(&remote("alice", "social.example", true)).await.expect("actor");
        let p = store
            .insert_practice(
                &new_practice("bus", seoul.id, practice_input("Bus", vec![11], "KR", "en", "best_practice")),
                &[],
                &[],
            )
            .await
            .expect("practice");

        assert_eq!(store.replies_policy(seoul.id).await.expect("policy"), RepliesPolicy::Moderated, "the default");
        store.set_replies_policy(seoul.id, RepliesPolicy::Closed).await.expect("set");
        assert_eq!(store.replies_policy(seoul.id).await.expect("policy"), RepliesPolicy::Closed);
        store.set_replies_policy(seoul.id, RepliesPolicy::Open).await.expect("set again");
        assert_eq!(store.replies_policy(seoul.id).await.expect("policy"), RepliesPolicy::Open);

        let question = NewReply {
            ap_id: Url::parse("http://social.example/notes/1").expect("url"),
            practice: p.id,
            author: alice.id,
            in_reply_to: p.ap_id.clone(),
            content_html: SafeHtml::sanitize("<p>How long did it take?</p>"),
            state: ReplyState::Pending,
            local: false,
            published_at: Timestamp::now(),
            via_form: None,
        };
        let (stored, inserted) = store.insert_reply(&question, &[]).await.expect("insert");
        assert!(inserted);
        assert_eq!((stored.state, stored.author, stored.practice), (ReplyState::Pending, alice.id, p.id));
        assert_eq!(stored.content_html.as_str(), "<p>How long did it take?</p>");
        let (again, inserted) = store
            .insert_reply(&NewReply { state: ReplyState::Approved, ..question.clone() }, &[])
            .await
            .expect("insert again");
        assert!(!inserted, "a reply is kept once, whatever a repeat says");
        assert_eq!((again.id, again.state), (stored.id, ReplyState::Pending));
        assert_eq!(store.reply(stored.id).await.expect("by id"), Some(stored.clone()));
        assert_eq!(store.reply_by_ap_id(&question.ap_id).await.expect("by ap id"), Some(stored.clone()));
        assert!(store.reply(ReplyId(stored.id.0 + 1000)).await.expect("none").is_none());

        let queue = store.replies_to_actor(seoul.id, Some(ReplyState::Pending), Page::first(10)).await.expect("queue");
        assert_eq!(queue.iter().map(|(r, a)| (r.id, a.id)).collect::<Vec<_>>(), [(stored.id, alice.id)]);
        assert!(
            store.practice_replies(p.id, Some(ReplyState::Approved), Page::first(10)).await.expect("list").is_empty()
        );
        assert_eq!(store.count_approved_replies(p.id).await.expect("count"), 0);

        // Approval and its forward are one write.
        let forward = activity("fwd", seoul.id, vec![Audience::Inboxes(vec![alice.endpoints.inbox.clone()])]);
        store.decide_reply(stored.id, ReplyState::Approved, std::slice::from_ref(&forward)).await.expect("approve");
        let approved = store.practice_replies(p.id, Some(ReplyState::Approved), Page::first(10)).await.expect("list");
        assert_eq!(approved.len(), 1);
        assert!(approved[0].0.decided_at.is_some());
        assert_eq!(store.count_approved_replies(p.id).await.expect("count"), 1);
        assert_eq!(store.deliveries(Some(seoul.id), None, Page::first(10)).await.expect("deliveries").len(), 1);
        assert!(matches!(
            store.decide_reply(ReplyId(stored.id.0 + 1000), ReplyState::Rejected, &[]).await,
            Err(CoreError::NotFound(_))
        ));
        // An author's edit keeps the reply; deleting a missing one says so.
        let text = approved[0].0.content_html.clone();
        store.edit_reply(stored.id, &text, ReplyState::Approved, &[]).await.expect("edit");
        assert!(!store.delete_reply(ReplyId(stored.id.0 + 1000), &[]).await.expect("delete a missing reply"));

        // An answer and its Create, in one transaction; paging by id.
        let answer = NewReply {
            ap_id: Url::parse(&format!("{BASE}/replies/a1")).expect("url"),
            author: seoul.id,
            in_reply_to: question.ap_id.clone(),
            state: ReplyState::Approved,
            local: true,
            ..question.clone()
        };
        let create = activity("answer", seoul.id, vec![Audience::Inboxes(vec![alice.endpoints.inbox.clone()])]);
        let (answered, _) = store.insert_reply(&answer, std::slice::from_ref(&create)).await.expect("answer");
        assert!(answered.local);
        assert_eq!(store.deliveries(Some(seoul.id), None, Page::first(10)).await.expect("deliveries").len(), 2);
        let first = store.practice_replies(p.id, None, Page::first(1)).await.expect("page");
        assert_eq!(first[0].0.id, answered.id, "newest first");
        let next = store
            .practice_replies(p.id, None, Page { limit: 1, before: Some(first[0].0.id.0) })
            .await
            .expect("next page");
        assert_eq!(next[0].0.id, stored.id);

        assert!(!store.reply_author_blocked(seoul.id, alice.id).await.expect("blocked?"));
        store.block_reply_author(seoul.id, alice.id).await.expect("block");
        store.block_reply_author(seoul.id, alice.id).await.expect("block twice");
        assert!(store.reply_author_blocked(seoul.id, alice.id).await.expect("blocked?"));
    }
);

conformance!(a_form_question_keeps_its_mark_and_name_and_the_form_and_node_secret_are_stored, |store: Arc<
    SqlStore,
>| async move {
    use ecities_core::reply::{Citizen, NewReply, ReplyState};
    let seoul = city(&store, "seoul").await;
    let new = new_practice("asked-by-form", seoul.id, practice_input("Asked", vec![11], "KR", "en", "best_practice"));
    let p = store.insert_practice(&new, &[], &[]).await.expect("insert");

    assert!(!store.question_form(seoul.id).await.expect("form?"), "off by default");
    store.set_question_form(seoul.id, true).await.expect("on");
    store.set_question_form(seoul.id, true).await.expect("on twice");
    assert!(store.question_form(seoul.id).await.expect("form?"));
    store.set_question_form(seoul.id, false).await.expect("off");
    assert!(!store.question_form(seoul.id).await.expect("form?"));

    let asked = NewReply {
        ap_id: Url::parse(&format!("{BASE}/replies/q1")).expect("url"),
        practice: p.id,
        author: seoul.id,
        in_reply_to: p.ap_id.clone(),
        content_html: SafeHtml::from_trusted_storage("<p>&lt;b&gt;When?</p>".into()),
        state: ReplyState::Pending,
        local: true,
        published_at: Timestamp::now(),
        via_form: Some(Citizen { name: Some("Ana".into()) }),
    };
    let (stored, _) = store.insert_reply(&asked, &[]).await.expect("insert");
    assert_eq!(stored.via_form, Some(Citizen { name: Some("Ana".into()) }));
    let anonymous = NewReply {
        ap_id: Url::parse(&format!("{BASE}/replies/q2")).expect("url"),
        via_form: Some(Citizen { name: None }),
        ..asked.clone()
    };
    let (stored, _) = store.insert_reply(&anonymous, &[]).await.expect("insert");
    assert_eq!(stored.via_form, Some(Citizen { name: None }), "asked without a name, still from the form");
    let queue = store.replies_to_actor(seoul.id, Some(ReplyState::Pending), Page::first(10)).await.expect("queue");
    assert_eq!(queue.len(), 2);
    assert!(queue.iter().all(|(r, a)| r.via_form.is_some() && a.id == seoul.id));

    let first = store.node_secret("question_form", "first").await.expect("secret");
    assert_eq!(first, "first");
    assert_eq!(store.node_secret("question_form", "second").await.expect("secret"), "first", "kept");
    assert_eq!(store.node_secret("other", "third").await.expect("secret"), "third", "one per purpose");
});

// ------------------------------------------- embargo, translation requests, followers by host

conformance!(an_embargoed_practice_is_due_at_its_time_and_released_exactly_once, |store: Arc<SqlStore>| async move {
    let seoul = city(&store, "seoul").await;
    let mut new =
        new_practice("embargoed", seoul.id, practice_input("Embargoed", vec![11], "KR", "en", "best_practice"));
    let at = Timestamp::now().plus_millis(3_600_000);
    new.published_at = at;
    new.embargoed = true;
    let p = store.insert_practice(&new, &[], &[]).await.expect("insert");
    assert!(store.due_embargoes(Timestamp::now(), 10).await.expect("due").is_empty(), "not yet due");
    let due = store.due_embargoes(at.plus_millis(1), 10).await.expect("due");
    assert_eq!(due.iter().map(|d| d.id).collect::<Vec<_>>(), vec![p.id], "due at its time");
    let create = activity("embargoed-create", seoul.id, vec![Audience::FollowersOf(seoul.id)]);
    assert!(store.release_practice(p.id, std::slice::from_ref(&create), &[]).await.expect("release"));
    assert!(!store.release_practice(p.id, &[create], &[]).await.expect("again"), "released once only");
    assert!(store.due_embargoes(at.plus_millis(1), 10).await.expect("due").is_empty(), "nothing left due");
    assert!(!store.practice(p.id).await.expect("practice").embargoed);
});

conformance!(translation_requests_are_listed_both_ways_and_fulfilled_by_language, |store: Arc<SqlStore>| async move {
    use ecities_core::practice::LanguageTag;
    use ecities_core::store::TranslationStore;
    use ecities_core::translation::RequestState;
    let seoul = city(&store, "seoul").await;
    let unpaks = association(&store, "unpaks", "un.example").await;
    let new = new_practice("asked", seoul.id, practice_input("Asked", vec![11], "KR", "en", "best_practice"));
    let p = store.insert_practice(&new, &[], &[]).await.expect("insert");
    let fr = LanguageTag::parse("fr").expect("tag");
    let (request, _) = store.add_translation_request(p.id, &fr, unpaks.id, Timestamp::now(), &[]).await.expect("add");
    assert_eq!(request.state, RequestState::Open);
    let open = store.open_translation_requests(p.id, &fr).await.expect("open");
    assert_eq!(open.iter().map(|(r, a)| (r.id, a.id)).collect::<Vec<_>>(), vec![(request.id, unpaks.id)]);
    let asked = store.translation_requests(Some(seoul.id), None, Page::first(10)).await.expect("received");
    assert_eq!(asked.iter().map(|(r, _, _)| r.id).collect::<Vec<_>>(), vec![request.id], "the city sees it");
    let made = store.translation_requests(None, Some(unpaks.id), Page::first(10)).await.expect("made");
    assert_eq!(made.len(), 1, "the requester sees it");
    assert_eq!(store.fulfil_translation_requests(p.id, &fr, Timestamp::now()).await.expect("fulfil"), 1);
    assert!(store.open_translation_requests(p.id, &fr).await.expect("open").is_empty());
    let asked = store.translation_requests(Some(seoul.id), None, Page::first(10)).await.expect("received");
    assert_eq!(asked[0].0.state, RequestState::Fulfilled);
});

conformance!(followers_on_one_host_are_listed_for_followers_synchronisation, |store: Arc<SqlStore>| async move {
    let seoul = city(&store, "seoul").await;
    let alice = store.upsert_remote_actor(&remote("alice", "mastodon.example", true)).await.expect("alice");
    let bob = store.upsert_remote_actor(&remote("bob", "other.example", true)).await.expect("bob");
    let carol = store.upsert_remote_actor(&remote("carol", "mastodon.example", true)).await.expect("carol");
    store.upsert_follow(alice.id, seoul.id, FollowState::Accepted, None, &[]).await.expect("follow");
    store.upsert_follow(bob.id, seoul.id, FollowState::Accepted, None, &[]).await.expect("follow");
    store.upsert_follow(carol.id, seoul.id, FollowState::Pending, None, &[]).await.expect("pending");
    let on_host = store.follower_urls_on_host(seoul.id, "mastodon.example").await.expect("followers");
    assert_eq!(on_host, vec![alice.url.clone()], "accepted followers of that host only");

    // Paged, in the same order, after a cursor.
    let mut everyone = vec![alice.url.clone()];
    for n in 0..4 {
        let a = store.upsert_remote_actor(&remote(&format!("u{n}"), "mastodon.example", true)).await.expect("actor");
        store.upsert_follow(a.id, seoul.id, FollowState::Accepted, None, &[]).await.expect("follow");
        everyone.push(a.url);
    }
    everyone.sort_by(|a, b| a.as_str().cmp(b.as_str()));
    assert_eq!(store.follower_urls_on_host(seoul.id, "mastodon.example").await.expect("all"), everyone);
    let first = store.follower_urls_on_host_page(seoul.id, "mastodon.example", None, 2).await.expect("page 1");
    assert_eq!(first, everyone[..2]);
    let second = store.follower_urls_on_host_page(seoul.id, "mastodon.example", first.last(), 2).await.expect("page 2");
    assert_eq!(second, everyone[2..4]);
    let last = store.follower_urls_on_host_page(seoul.id, "mastodon.example", second.last(), 2).await.expect("page 3");
    assert_eq!(last, everyone[4..]);
    assert!(
        store.follower_urls_on_host_page(seoul.id, "mastodon.example", last.last(), 2).await.expect("end").is_empty()
    );
});

conformance!(an_older_version_arriving_late_does_not_replace_a_newer_copy, |store: Arc<SqlStore>| async move {
    let alice = store.upsert_remote_actor(&remote("alice", "mastodon.example", true)).await.expect("alice");
    let ap_id = "http://mastodon.example/notes/1";
    let mut newer = remote_note("n1", ap_id, alice.id);
    newer.title = "Second".into();
    newer.updated_at = Some(newer.published_at.plus_millis(2_000));
    let mut older = remote_note("n1", ap_id, alice.id);
    older.title = "First".into();
    older.published_at = newer.published_at;
    older.updated_at = Some(newer.published_at.plus_millis(1_000));
    let stored = store.upsert_remote_practice(&newer, &[], &[]).await.expect("newer");
    let after = store.upsert_remote_practice(&older, &[], &[]).await.expect("an older version is no error");
    assert_eq!(after.id, stored.id);
    assert_eq!(after.title, "Second", "the newer copy stays");
});
