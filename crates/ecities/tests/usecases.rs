//! The core's use cases against the real store (SQLite always, PostgreSQL
//! when `ECITIES_TEST_POSTGRES_URL` is set) and the real outbox: who may do
//! what is decided there, once, before anything is fetched or written; and a
//! topic's saved search is parsed once, by the core.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use ecities_core::CoreError;
use ecities_core::access::Principal;
use ecities_core::actor::{Actor, KeyPair, NewLocalActor};
use ecities_core::import::FeedMapping;
use ecities_core::practice::PracticeInput;
use ecities_core::search::SearchError;
use ecities_core::store::{HubStore, ImportStore, Page, PracticeQuery, SearchStore};
use ecities_core::taxonomy::Sdg;
use ecities_core::time::Timestamp;
use ecities_core::urls::NodeUrls;
use ecities_core::usecases::{Ports, actors, deliveries, follows, hub, import, practices, topics};
use ecities_federation::render::ApubOutbox;
use ecities_store::testing::{TestDatabase, postgres_test_url};
use ecities_store::{DatabaseUrl, SqlStore, connect, migrate};

struct Node {
    store: Arc<SqlStore>,
    outbox: ApubOutbox,
    urls: NodeUrls,
    blobs: ecities_store::blobs::LocalBlobs,
}

impl Node {
    fn ports(&self) -> Ports<'_> {
        Ports { store: self.store.as_ref(), outbox: &self.outbox, urls: &self.urls, blobs: &self.blobs }
    }

    async fn actor(&self, kind: &str, name: &str) -> Actor {
        let new = NewLocalActor::parse(name, kind, None, Some("KR")).expect("actor");
        actors::create_actor(self.store.as_ref(), &Principal::Operator, &self.urls, &new, &keys())
            .await
            .expect("create actor")
    }
}

fn keys() -> KeyPair {
    ecities_federation::keys::generate_keypair().expect("keys")
}

enum Backend {
    Sqlite,
    Postgres,
}

/// A fresh database of `backend` (None: PostgreSQL is not configured).
async fn node(backend: Backend) -> Option<(Node, Option<TestDatabase>, tempfile::TempDir)> {
    let dir = tempfile::tempdir().expect("temp dir");
    let (url, db) = match backend {
        Backend::Sqlite => (format!("sqlite://{}/test.db", dir.path().display()), None),
        Backend::Postgres => {
            let Some(admin) = postgres_test_url() else {
                eprintln!("skipped: ECITIES_TEST_POSTGRES_URL is not set, PostgreSQL half not run");
                return None;
            };
            let db = TestDatabase::create_postgres(&admin).await.expect("test database");
            (db.url.clone(), Some(db))
        }
    };
    let url: DatabaseUrl = url.parse().expect("url");
    let store = connect(&url, None).await.expect("connect");
    migrate(&store).await.expect("migrate");
    let urls = NodeUrls::new(&url::Url::parse("http://localhost:8080/").expect("url")).expect("urls");
    let blobs = ecities_store::blobs::LocalBlobs::new(dir.path().join("media"));
    Some((Node { store: Arc::new(store), outbox: ApubOutbox::new(urls.clone()), urls, blobs }, db, dir))
}

async fn finish(node: Node, db: Option<TestDatabase>) {
    node.store.close().await;
    if let Some(db) = db {
        db.drop_database().await;
    }
}

fn practice(title: &str, sdg: i64) -> PracticeInput {
    PracticeInput {
        title: Some(title.into()),
        summary: Some("S.".into()),
        content: Some("Text.".into()),
        language: Some("en".into()),
        kind: Some("best_practice".into()),
        sdgs: Some(vec![sdg]),
        country: Some("KR".into()),
        ..Default::default()
    }
}

fn forbidden<T: std::fmt::Debug>(what: &str, r: Result<T, CoreError>) {
    assert!(matches!(r, Err(CoreError::Forbidden(_))), "{what}: {r:?}");
}

async fn by(node: &Node, author: &Actor) -> Vec<String> {
    let q = PracticeQuery { author: Some(author.id), ..Default::default() };
    node.store.search_practices(&q, Page::first(50)).await.expect("search").into_iter().map(|p| p.title).collect()
}

async fn writes_need_the_permission_and_change_nothing_without_it(backend: Backend) {
    let Some((node, db, _dir)) = node(backend).await else { return };
    let ports = node.ports();
    let seoul = node.actor("city", "seoul").await;
    let busan = node.actor("city", "busan").await;
    let unpaks = node.actor("knowledge-space", "unpaks").await;
    let (seoul_editor, seoul_moderator, busan_editor) =
        (Principal::editor(seoul.id), Principal::moderator(seoul.id), Principal::editor(busan.id));

    let p = practices::publish(ports, &seoul_editor, &seoul, &practice("Bus lanes", 11)).await.expect("publish");
    forbidden("a moderator publishes", practices::publish(ports, &seoul_moderator, &seoul, &practice("No", 11)).await);
    forbidden("busan publishes as seoul", practices::publish(ports, &busan_editor, &seoul, &practice("No", 11)).await);
    forbidden("busan edits seoul's", practices::edit(ports, &busan_editor, &p, &practice("Hijacked", 11)).await);
    forbidden("busan deletes seoul's", practices::retract(ports, &busan_editor, &p).await);
    forbidden("a moderator deletes", practices::retract(ports, &seoul_moderator, &p).await);
    assert_eq!(by(&node, &seoul).await, ["Bus lanes"], "nothing changed");
    forbidden("creating actors is the operator's", {
        let new = NewLocalActor::parse("rogue", "city", None, Some("KR")).expect("actor");
        actors::create_actor(node.store.as_ref(), &seoul_editor, &node.urls, &new, &keys()).await
    });

    // The target of a follow is resolved (perhaps fetched) only for someone
    // who may follow.
    let resolved = AtomicBool::new(false);
    let target = async {
        resolved.store(true, Ordering::SeqCst);
        Ok(busan.clone())
    };
    forbidden("a moderator follows", follows::follow(ports, &seoul_moderator, &seoul, target, false).await);
    assert!(!resolved.load(Ordering::SeqCst), "the target was resolved before the check");
    let target = async { Ok(busan.clone()) };
    forbidden("busan unfollows for seoul", follows::unfollow(ports, &busan_editor, &seoul, target).await);
    let (follow, _) =
        follows::follow(ports, &seoul_editor, &seoul, async { Ok(busan.clone()) }, false).await.expect("follow");
    assert_eq!(follow.state.as_str(), "accepted", "a local target accepts at once");

    forbidden("seoul curates for unpaks", hub::curate(ports, &seoul_editor, &unpaks, &p).await);
    assert!(node.store.curated(unpaks.id, Page::first(10)).await.expect("curated").is_empty());
    assert!(hub::curate(ports, &Principal::editor(unpaks.id), &unpaks, &p).await.expect("curate"));

    forbidden(
        "busan replays seoul's deliveries",
        deliveries::replay_failed(node.store.as_ref(), &busan_editor, &seoul).await,
    );
    forbidden(
        "a moderator adds a feed",
        import::add_source(
            node.store.as_ref(),
            &seoul_moderator,
            &seoul,
            "http://localhost:9/feed.xml",
            &FeedMapping::default(),
            false,
            ecities_core::net::EgressRules::new(true),
        )
        .await,
    );
    assert!(node.store.feed_sources(Some(seoul.id)).await.expect("sources").is_empty());
    let source = import::add_source(
        node.store.as_ref(),
        &seoul_editor,
        &seoul,
        "http://localhost:9/feed.xml",
        &FeedMapping::default(),
        false,
        ecities_core::net::EgressRules::new(true),
    )
    .await
    .expect("an editor adds a feed");
    forbidden("busan polls seoul's feed", import::source_to_poll(node.store.as_ref(), &busan_editor, source.id).await);
    forbidden("busan removes seoul's feed", import::remove_source(node.store.as_ref(), &busan_editor, source.id).await);

    // A topic: the key pair is made only for someone who may publish it.
    let keyed = AtomicBool::new(false);
    let new = topics::NewTopic { name: "sdg11", display_name: None, summary: None, query: "sdg=11" };
    let made = topics::create_topic(ports, &busan_editor, &seoul, &new, async {
        keyed.store(true, Ordering::SeqCst);
        Ok(keys())
    })
    .await;
    assert!(matches!(made, Err(SearchError::Core(CoreError::Forbidden(_)))), "{made:?}");
    assert!(!keyed.load(Ordering::SeqCst), "a key pair was made before the check");
    topics::create_topic(ports, &seoul_editor, &seoul, &new, async { Ok(keys()) }).await.expect("topic");
    forbidden("busan deletes seoul's topic", topics::delete_topic(ports, &busan_editor, "sdg11").await);

    // The operator acts on behalf of any local actor.
    topics::delete_topic(ports, &Principal::Operator, "sdg11").await.expect("operator deletes a topic");
    import::remove_source(node.store.as_ref(), &Principal::Operator, source.id).await.expect("operator removes a feed");
    assert_eq!(deliveries::replay_failed(node.store.as_ref(), &Principal::Operator, &seoul).await.expect("replay"), 0);
    practices::retract(ports, &Principal::Operator, &p).await.expect("operator retracts");
    assert!(by(&node, &seoul).await.is_empty(), "retracted");
    finish(node, db).await;
}

#[tokio::test]
async fn writes_need_the_permission_and_change_nothing_without_it_on_sqlite() {
    writes_need_the_permission_and_change_nothing_without_it(Backend::Sqlite).await;
}

#[tokio::test]
async fn writes_need_the_permission_and_change_nothing_without_it_on_postgres() {
    writes_need_the_permission_and_change_nothing_without_it(Backend::Postgres).await;
}

async fn a_topic_keeps_its_search_parsed_once_and_announces_new_matches(backend: Backend) {
    let Some((node, db, _dir)) = node(backend).await else { return };
    let ports = node.ports();
    let seoul = node.actor("city", "seoul").await;
    let unpaks = node.actor("knowledge-space", "unpaks").await;
    let editor = Principal::editor(unpaks.id);
    let (editor, owner) = (&editor, &unpaks);
    let create = move |name: &'static str, query: &'static str| {
        let new = topics::NewTopic { name, display_name: None, summary: None, query };
        async move { topics::create_topic(ports, editor, owner, &new, async { Ok(keys()) }).await }
    };
    for (query, param) in [("sdg=99", "sdg"), ("actor=ghost", "actor"), ("sdg=11&limit=5", "query"), ("", "query")] {
        match create("broken", query).await {
            Err(SearchError::Invalid { param: p, .. }) => assert_eq!(p, param, "{query}"),
            other => panic!("{query}: {other:?}"),
        }
    }
    practices::publish(ports, &Principal::editor(seoul.id), &seoul, &practice("Before the topic", 11))
        .await
        .expect("publish");
    let actor = create("sdg11-korea", "?country=kr&sdg=11").await.expect("topic");
    let (_, topic) = topics::find_topic(ports, actor.name.as_str()).await.expect("find");
    assert_eq!(topic.query, "sdg=11&country=KR", "stored in canonical form");
    let q = topics::saved_search(node.store.as_ref(), &topic).await.expect("saved search");
    assert_eq!(q.sdgs, [Sdg::new(11).expect("sdg")]);
    assert_eq!(
        q.countries.as_ref().map(|c| c.iter().map(|c| c.code().to_owned()).collect::<Vec<_>>()),
        Some(vec!["KR".to_owned()])
    );

    let seoul_editor = Principal::editor(seoul.id);
    practices::publish(ports, &seoul_editor, &seoul, &practice("Bus lanes", 11)).await.expect("publish");
    practices::publish(ports, &seoul_editor, &seoul, &practice("Clean water", 6)).await.expect("publish");
    assert_eq!(topics::announce_all(ports, Timestamp::now()).await.expect("run"), 1, "only the new match");
    assert_eq!(topics::announce_all(ports, Timestamp::now()).await.expect("run"), 0, "announced once");
    finish(node, db).await;
}

#[tokio::test]
async fn a_topic_keeps_its_search_parsed_once_and_announces_new_matches_on_sqlite() {
    a_topic_keeps_its_search_parsed_once_and_announces_new_matches(Backend::Sqlite).await;
}

#[tokio::test]
async fn a_topic_keeps_its_search_parsed_once_and_announces_new_matches_on_postgres() {
    a_topic_keeps_its_search_parsed_once_and_announces_new_matches(Backend::Postgres).await;
}
