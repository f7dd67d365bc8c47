//! Who may do what in the editors' and the operator's admin, over real
//! HTTP on both databases: tokens are revoked only by the operator or an
//! editor of their actor; users are the operator's; a practice is deleted
//! and translated only by its actor's editors; mistakes come back on the
//! page as alerts; the node keeps one operator.

use crate::support;

use reqwest::Method;
use serde_json::json;
use std::time::Duration;

use support::admin::{PASSWORD, Session, create_user};
use support::fake_remote::FakeRemote;
use support::{Api, Backend, NodeEnv, eventually, pending_submission};

const ALERT: &str = r#"role="alert""#;

/// Every `/admin/tokens/{id}/revoke` a page offers, in order.
fn revoke_paths(html: &str) -> Vec<String> {
    html.split(r#"action="/admin/tokens/"#)
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(|tail| format!("/admin/tokens/{tail}"))
        .collect()
}

async fn each_role_changes_only_what_it_holds(backend: Backend) {
    let Some(env) = NodeEnv::new(backend).await else { return };
    for name in ["seoul", "busan"] {
        env.run_ok(&["actor", "create", "--kind", "city", "--name", name, "--country", "KR"]);
    }
    let busan_token = env.run_ok(&["token", "create", "--actor", "busan", "--label", "busan cms"]);
    let seoul_token = env.run_ok(&["token", "create", "--actor", "seoul", "--label", "seoul cms"]);
    create_user(&env, &["--operator", "--login", "ops"]);
    create_user(&env, &["--actor", "seoul", "--login", "seoul-ed"]);
    create_user(&env, &["--actor", "busan", "--login", "busan-ed"]);
    create_user(&env, &["--actor", "seoul", "--role", "moderator", "--login", "seoul-mod"]);
    let node = env.start();
    let seoul_api = Api::new(&node, &seoul_token);
    let practice = json!({ "title": "Bus reform", "summary": "S.", "content": "Text.", "language": "en",
                           "kind": "best_practice", "sdgs": [11], "country": "KR" });
    let (status, body) = seoul_api.send(Method::POST, "/api/v1/practices", practice).await;
    assert_eq!(status, 201, "{body}");
    let key = body["key"].as_str().expect("key").to_owned();

    let ops = Session::sign_in(&node, "ops").await;
    let seoul = Session::sign_in(&node, "seoul-ed").await;
    let busan = Session::sign_in(&node, "busan-ed").await;
    let moderator = Session::sign_in(&node, "seoul-mod").await;

    // Who is signed in, in the reader's language.
    let (_, html) = seoul.get("/admin?lang=fr").await;
    assert!(html.contains("seoul-ed (rédacteur)") && html.contains("ville"), "{html}");
    let (_, html) = ops.get("/admin?lang=en").await;
    assert!(html.contains("ops (node operator)"), "{html}");

    // Tokens: the operator sees every one; an editor only its actor's.
    let (status, all) = ops.get("/admin/tokens").await;
    assert_eq!(status, 200);
    assert!(all.contains("busan cms") && all.contains("seoul cms"), "{all}");
    let (_, mine) = seoul.get("/admin/tokens").await;
    assert!(mine.contains("seoul cms") && !mine.contains("busan cms"), "{mine}");
    let busan_revoke = revoke_paths(&all).into_iter().next().expect("busan's token comes first");
    let (status, body) = seoul.post(&busan_revoke, &[]).await;
    assert_eq!(status, 403, "an editor may not revoke another actor's token: {body}");
    let (status, _) = moderator.post(&busan_revoke, &[]).await;
    assert_eq!(status, 403, "a moderator revokes nothing");
    assert_eq!(Api::new(&node, &busan_token).get("/api/v1/follows").await.0, 200, "busan's token still works");
    let (status, _) = busan.post(&busan_revoke, &[]).await;
    assert_eq!(status, 303, "its own editor may");
    assert_eq!(Api::new(&node, &busan_token).get("/api/v1/follows").await.0, 401, "revoked");
    let (status, html) = busan.post(&busan_revoke, &[]).await;
    assert!(status == 404 && html.contains(ALERT), "a revoked token is gone: {status} {html}");

    // Users: the operator's alone; the node keeps one operator.
    let (status, _) = seoul.get("/admin/users").await;
    assert_eq!(status, 403);
    let (status, _) =
        seoul.post("/admin/users", &[("login", "sneaky"), ("password", PASSWORD), ("holder", "operator")]).await;
    assert_eq!(status, 403, "an editor adds no user");
    let (status, html) =
        ops.post("/admin/users", &[("login", "x y"), ("password", PASSWORD), ("holder", "operator")]).await;
    assert!(status == 422 && html.contains(ALERT) && html.contains("login"), "a bad login is shown: {status} {html}");
    let (status, html) =
        ops.post("/admin/users", &[("login", "short"), ("password", "short"), ("holder", "operator")]).await;
    assert!(status == 422 && html.contains("password"), "a short password is shown: {status} {html}");
    let (_, users) = ops.get("/admin/users").await;
    let own = users.split(r#"action="/admin/users/"#).count() - 1;
    assert_eq!(own, 3, "every user but the operator itself can be removed: {users}");
    let (status, _) =
        ops.post("/admin/users", &[("login", "ops2"), ("password", PASSWORD), ("holder", "operator")]).await;
    assert_eq!(status, 303);
    let ops2 = Session::sign_in(&node, "ops2").await;
    let (_, users) = ops2.get("/admin/users").await;
    let ops_row = users.split("<tr>").find(|r| r.contains("<td>ops</td>")).expect("ops is listed");
    let remove_ops = ops_row.split(r#"action=""#).nth(1).and_then(|r| r.split('"').next()).expect("a remove form");
    let (status, _) = ops2.post(remove_ops, &[]).await;
    assert_eq!(status, 303, "another operator may be removed");
    assert_eq!(ops.get("/admin").await.0, 303, "its session ended");
    let (_, users) = ops2.get("/admin/users").await;
    assert!(!users.contains("<td>ops</td>"), "{users}");

    // Practices: deleted and translated by their own actor's editors only.
    let delete = format!("/admin/practices/{key}/delete");
    assert_eq!(busan.get(&delete).await.0, 404, "another actor's practice is not offered");
    assert_eq!(busan.post(&delete, &[]).await.0, 404);
    assert_eq!(moderator.get(&delete).await.0, 403, "a moderator deletes nothing");
    let translations = format!("/admin/practices/{key}/translations");
    let (status, html) =
        seoul.post(&translations, &[("language", "not a tag!"), ("title", "T"), ("summary", "S")]).await;
    assert!(status == 422 && html.contains(ALERT), "a bad language is shown: {status} {html}");
    let (status, html) = seoul.post(&translations, &[("language", "en"), ("title", "T"), ("summary", "S")]).await;
    assert!(status == 422 && html.contains(ALERT), "the original language is no translation: {status} {html}");
    let (status, html) = seoul.post(&format!("{translations}/fr/remove"), &[]).await;
    assert!(status == 404 && html.contains(ALERT), "no French to remove: {status} {html}");
    let (status, _) = seoul.post(&delete, &[]).await;
    assert_eq!(status, 303);
    let (status, _) = seoul_api.get(&format!("/api/v1/practices/{key}")).await;
    assert_eq!(status, 410, "deleted through the use case");

    // A feed mapping with a goal that does not exist is refused on the page.
    let (status, _) = seoul.post("/admin/feed-sources", &[("value", &node.url("/feeds/none.xml"))]).await;
    assert_eq!(status, 303);
    let (_, feeds) = seoul.get("/admin/feeds").await;
    let mapping =
        feeds.split(r#"href="/admin/feeds/"#).nth(1).and_then(|r| r.split('"').next()).expect("a mapping link");
    let mapping = format!("/admin/feeds/{mapping}");
    let (status, html) = seoul.post(&mapping, &[("category_0", "Mobility"), ("sdgs_0", "42")]).await;
    assert!(status == 422 && html.contains(ALERT), "{status} {html}");
    assert_eq!(busan.get(&mapping).await.0, 403, "another actor's feed");
    let (status, _) = seoul.post(&mapping, &[("category_0", "Mobility"), ("sdgs_0", "11"), ("kind_0", "policy")]).await;
    assert_eq!(status, 303);
    let (_, feeds) = seoul.get("/admin/feeds").await;
    assert!(feeds.contains("Mobility") && feeds.contains("Policy"), "{feeds}");

    drop(node);
    env.cleanup().await;
}

#[tokio::test]
async fn each_role_changes_only_what_it_holds_on_sqlite() {
    each_role_changes_only_what_it_holds(Backend::Sqlite).await;
}

#[tokio::test]
async fn each_role_changes_only_what_it_holds_on_postgres() {
    each_role_changes_only_what_it_holds(Backend::Postgres).await;
}

async fn a_city_editor_sees_what_its_association_decided(backend: Backend) {
    let Some(env) = NodeEnv::new(backend).await else { return };
    env.run_ok(&["actor", "create", "--kind", "city", "--name", "seoul", "--country", "KR"]);
    env.run_ok(&[
        "actor",
        "create",
        "--kind",
        "association",
        "--name",
        "korea",
        "--display-name",
        "Korea Cities",
        "--country",
        "KR",
    ]);
    let seoul_token = env.run_ok(&["token", "create", "--actor", "seoul"]);
    let korea_token = env.run_ok(&["token", "create", "--actor", "korea"]);
    let korea_mod = env.run_ok(&["token", "create", "--actor", "korea", "--role", "moderator"]);
    create_user(&env, &["--actor", "seoul", "--login", "seoul-ed"]);
    let node = env.start();
    let (seoul_api, korea_api, korea_mod) =
        (Api::new(&node, &seoul_token), Api::new(&node, &korea_token), Api::new(&node, &korea_mod));
    let pending = pending_submission(&node, &seoul_api, &node.url("/actors/seoul"), &korea_api, &korea_mod).await;
    let reason = "Please add the results of the first year.";
    let (status, body) = korea_mod
        .send(Method::POST, &format!("/api/v1/submissions/{pending}/reject"), json!({ "reason": reason }))
        .await;
    assert_eq!(status, 200, "{body}");

    let seoul = Session::sign_in(&node, "seoul-ed").await;
    let list = eventually("the city's admin shows the decision", Duration::from_secs(30), &[&node], || async {
        let (_, html) = seoul.get("/admin/practices").await;
        html.contains("Rejected by Korea Cities").then_some(html)
    })
    .await;
    assert!(list.contains(reason), "with the reason: {list}");
    drop(node);
    env.cleanup().await;
}

#[tokio::test]
async fn a_city_editor_sees_what_its_association_decided_on_sqlite() {
    a_city_editor_sees_what_its_association_decided(Backend::Sqlite).await;
}

#[tokio::test]
async fn a_city_editor_sees_what_its_association_decided_on_postgres() {
    a_city_editor_sees_what_its_association_decided(Backend::Postgres).await;
}

/// An editor makes new followers wait, then accepts one request and
/// rejects another from the admin: the accepted follower gets `Accept`,
/// the rejected one `Reject`, and a moderator may look but not decide.
async fn an_editor_decides_follow_requests_in_the_admin(backend: Backend) {
    let Some(env) = NodeEnv::new(backend).await else { return };
    env.run_ok(&["actor", "create", "--kind", "city", "--name", "seoul", "--country", "KR"]);
    create_user(&env, &["--actor", "seoul", "--login", "seoul-ed"]);
    create_user(&env, &["--actor", "seoul", "--role", "moderator", "--login", "seoul-mod"]);
    let node = env.start();
    let seoul = Session::sign_in(&node, "seoul-ed").await;
    let (status, _) = seoul.post("/admin/follows/approval", &[("approval", "sometimes")]).await;
    assert_eq!(status, 422, "an unknown mode is a mistake shown on the page");
    let (status, _) = seoul.post("/admin/follows/approval", &[("approval", "manual")]).await;
    assert_eq!(status, 303);
    let (_, html) = seoul.get("/admin/follows").await;
    assert!(html.contains(r#"value="manual" checked"#), "{html}");

    let (fan, troll) = (FakeRemote::start("fan").await, FakeRemote::start("troll").await);
    for (who, n) in [(&fan, 1), (&troll, 2)] {
        let follow = json!({ "id": who.id(&format!("/follows/{n}")), "type": "Follow", "actor": who.actor,
                             "object": node.url("/actors/seoul") });
        assert_eq!(who.post_signed(&node.url("/inbox"), &follow.to_string(), None).await.0, 202);
    }
    let (_, html) = seoul.get("/admin/follows").await;
    let actions: Vec<String> = html
        .split(r#"action="/admin/follow-requests/"#)
        .skip(1)
        .filter_map(|rest| rest.split('"').next().map(|tail| format!("/admin/follow-requests/{tail}")))
        .collect();
    assert_eq!(actions.len(), 4, "accept and reject for each of the two requests: {html}");
    assert!(fan.received().is_empty() && troll.received().is_empty(), "nothing is answered while they wait");

    let moderator = Session::sign_in(&node, "seoul-mod").await;
    let (status, _) = moderator.post(&actions[0], &[]).await;
    assert_eq!(status, 403, "a moderator does not decide who follows");

    // The newest request (troll's) comes first.
    let (accept_fan, reject_troll) = (&actions[2], &actions[1]);
    assert!(accept_fan.ends_with("/accept") && reject_troll.ends_with("/reject"));
    assert_eq!(seoul.post(accept_fan, &[]).await.0, 303);
    assert_eq!(seoul.post(reject_troll, &[]).await.0, 303);
    let answered = |remote: &FakeRemote, kind: &'static str| {
        let got = remote.received().iter().any(|a| a["type"] == kind);
        got.then_some(())
    };
    eventually("the fan is accepted", Duration::from_secs(30), &[&node], || async { answered(&fan, "Accept") }).await;
    eventually("the troll is rejected", Duration::from_secs(30), &[&node], || async { answered(&troll, "Reject") })
        .await;
    let (_, html) = seoul.get("/admin/follows").await;
    assert!(!html.contains(r#"action="/admin/follow-requests/"#), "nothing waits any more: {html}");
    assert!(html.contains("@fan@") && !html.contains("@troll@"), "the fan follows, the troll does not: {html}");
    drop(node);
    env.cleanup().await;
}

#[tokio::test]
async fn an_editor_decides_follow_requests_in_the_admin_on_sqlite() {
    an_editor_decides_follow_requests_in_the_admin(Backend::Sqlite).await;
}

#[tokio::test]
async fn an_editor_decides_follow_requests_in_the_admin_on_postgres() {
    an_editor_decides_follow_requests_in_the_admin(Backend::Postgres).await;
}
