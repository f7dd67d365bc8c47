//! Set-up shared by the store's integration tests that need one local city.

use ecities_core::actor::{Actor, ActorEndpoints, KeyPair, NewLocalActor};
use ecities_core::store::{ActorStore, LocalActorLocation};
use ecities_store::SqlStore;
use url::Url;

/// The public URL of the node these tests store actors for.
pub const BASE: &str = "http://localhost:8080";

/// The local city `seoul` (placeholder keys: nothing here signs).
pub async fn city(store: &SqlStore) -> Actor {
    let url = Url::parse(&format!("{BASE}/actors/seoul")).expect("url");
    let location = LocalActorLocation {
        host: "localhost:8080".into(),
        profile_url: url.clone(),
        endpoints: ActorEndpoints {
            inbox: url.join("seoul/inbox").expect("url"),
            shared_inbox: None,
            outbox: None,
            followers: None,
            following: None,
        },
        url,
    };
    let new = NewLocalActor::parse("seoul", "city", None, Some("KR")).expect("valid");
    let keys = KeyPair { public_pem: "PUBLIC".into(), private_pem: "PRIVATE".into() };
    store.create_local_actor(&new, &location, &keys).await.expect("create actor")
}
