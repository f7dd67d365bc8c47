//! SQLite's read-only connections (`database.sqlite_readers`): searches and
//! practice reads go on while the one writer is busy, and see every write
//! committed before they start.

use std::time::Duration;

use ecities_core::actor::Actor;
use ecities_core::practice::{NewPractice, PracticeInput};
use ecities_core::store::{Page, PracticeQuery, PracticeStore, SearchStore};
use ecities_core::time::Timestamp;
use ecities_store::{DatabaseUrl, SqlStore, StoreOptions, connect_with, migrate};
use url::Url;

mod common;
use common::{BASE, city};

async fn open(dir: &std::path::Path, readers: Option<u32>) -> SqlStore {
    let url: DatabaseUrl = format!("sqlite://{}/readers.db", dir.display()).parse().expect("url");
    let store =
        connect_with(&url, StoreOptions { sqlite_readers: readers, ..Default::default() }).await.expect("connect");
    migrate(&store).await.expect("migrate");
    store
}

async fn publish(store: &SqlStore, author: &Actor, key: &str, title: &str) {
    let ap_id = Url::parse(&format!("{BASE}/practices/{key}")).expect("url");
    let input = PracticeInput {
        title: Some(title.to_owned()),
        summary: Some("Rainwater kept in the city's parks".into()),
        content: Some("Cisterns under the parks water the trees in summer.".into()),
        language: Some("en".into()),
        kind: Some("policy".into()),
        sdgs: Some(vec![11]),
        country: Some("KR".into()),
        ..Default::default()
    };
    let practice = NewPractice::local(
        key.into(),
        ap_id.clone(),
        ap_id,
        author.id,
        input.parse().expect("valid"),
        Timestamp::now(),
    );
    store.insert_practice(&practice, &[], &[]).await.expect("insert practice");
}

fn words(text: &str) -> PracticeQuery {
    PracticeQuery { text: Some(text.into()), ..Default::default() }
}

#[tokio::test]
async fn a_search_answers_while_a_long_write_transaction_holds_the_writer() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = open(dir.path(), Some(2)).await;
    let author = city(&store).await;
    publish(&store, &author, "cisterns", "Park cisterns").await;
    publish(&store, &author, "roofs", "Green roofs").await;

    // A write transaction on the one writer connection, left open (as a
    // long import would): a changed title, not committed.
    let mut tx = store.pool().begin().await.expect("begin");
    sqlx::query("UPDATE practices SET title = 'Not committed' WHERE key = 'cisterns'")
        .execute(&mut *tx)
        .await
        .expect("update");

    // Shorter than the writer pool's 5-second wait: answered by a reader.
    let query = words("cisterns");
    let search = store.search(&query, Page::first(20), true);
    let found = tokio::time::timeout(Duration::from_secs(3), search)
        .await
        .expect("the search answered while the writer was busy")
        .expect("search");
    assert_eq!(found.total, 2, "both practices mention cisterns");
    let read = tokio::time::timeout(Duration::from_secs(3), store.practice_by_key("cisterns"))
        .await
        .expect("the read answered while the writer was busy")
        .expect("read")
        .expect("found");
    assert_eq!(read.title, "Park cisterns", "a reader never sees what is not committed");

    tx.rollback().await.expect("rollback");
    store.close().await;
}

#[tokio::test]
async fn every_practice_written_is_found_by_the_next_search_and_read() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = open(dir.path(), Some(2)).await;
    let author = city(&store).await;
    for i in 0..25i64 {
        let key = format!("p{i}");
        publish(&store, &author, &key, &format!("Cistern number {i}")).await;
        let found = store.search(&words("cistern"), Page::first(100), false).await.expect("search");
        assert_eq!(found.total, i + 1, "the search right after practice {i} was written");
        assert!(found.practices.iter().any(|p| p.key == key), "practice {i} is listed");
        let read = store.practice_by_key(&key).await.expect("read");
        assert!(read.is_some(), "practice {i} is read right after it was written");
    }
    store.close().await;
}

#[tokio::test]
async fn with_no_readers_every_read_goes_to_the_writer_and_still_answers() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = open(dir.path(), Some(2)).await;
    let author = city(&store).await;
    publish(&store, &author, "cisterns", "Park cisterns").await;
    let found = store.search(&words("cisterns"), Page::first(20), false).await.expect("search");
    assert_eq!(found.total, 1);
    store.close().await;
}

#[tokio::test]
async fn an_in_memory_database_serves_its_reads_from_its_one_connection() {
    let url: DatabaseUrl = "sqlite::memory:".parse().expect("url");
    let store = connect_with(&url, StoreOptions::default()).await.expect("connect");
    migrate(&store).await.expect("migrate");
    let author = city(&store).await;
    publish(&store, &author, "cisterns", "Park cisterns").await;
    let found = store.search(&words("cisterns"), Page::first(20), false).await.expect("search");
    assert_eq!(found.total, 1);
    assert!(store.practice_by_key("cisterns").await.expect("read").is_some());
    store.close().await;
}
