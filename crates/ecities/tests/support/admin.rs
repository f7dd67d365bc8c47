//! An admin user made through the CLI and signed in over plain HTTP (no
//! browser): its session cookie and CSRF token, for the tests of who may do
//! what in the admin.

use std::io::Write;
use std::process::Stdio;

use super::{Node, NodeEnv, stderr};

/// The password of every user these helpers make.
pub const PASSWORD: &str = "a long enough password";

/// `ecities user create ARGS`, typing [`PASSWORD`] at its prompt.
pub fn create_user(env: &NodeEnv, args: &[&str]) {
    let mut full = vec!["user", "create"];
    full.extend_from_slice(args);
    let mut child =
        env.command(&full).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("spawn");
    child.stdin.take().expect("stdin").write_all(format!("{PASSWORD}\n").as_bytes()).expect("write");
    let out = child.wait_with_output().expect("wait");
    assert!(out.status.success(), "user create {args:?}: {}", stderr(&out));
}

pub fn hidden_csrf(html: &str) -> String {
    let start = html.find(r#"name="csrf" value=""#).expect("a csrf field") + r#"name="csrf" value=""#.len();
    html[start..].split('"').next().expect("value").to_owned()
}

/// A signed-in admin session: its cookie and CSRF token.
pub struct Session {
    http: reqwest::Client,
    base: String,
    cookie: String,
    pub csrf: String,
}

impl Session {
    pub async fn sign_in(node: &Node, login: &str) -> Self {
        let http = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client");
        let page = http.get(node.url("/admin/login")).send().await.expect("GET");
        let login_csrf = hidden_csrf(&page.text().await.expect("html"));
        let ok = http
            .post(node.url("/admin/login"))
            .header("Cookie", format!("ecities_login_csrf={login_csrf}"))
            .form(&[("login", login), ("password", PASSWORD), ("csrf", &login_csrf)])
            .send()
            .await
            .expect("POST");
        assert_eq!(ok.status(), 303, "{login} signs in");
        let session = ok
            .headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find_map(|v| v.strip_prefix("ecities_session=").map(|r| r.split(';').next().unwrap_or("").to_owned()))
            .expect("session cookie");
        let cookie = format!("ecities_session={session}");
        let mut s = Self { http, base: node.url(""), cookie, csrf: String::new() };
        let (status, html) = s.get("/admin").await;
        assert_eq!(status, 200, "{html}");
        s.csrf = hidden_csrf(&html);
        s
    }

    pub async fn get(&self, path: &str) -> (u16, String) {
        let r = self.http.get(format!("{}{path}", self.base)).header("Cookie", &self.cookie).send().await.expect("GET");
        (r.status().as_u16(), r.text().await.expect("body"))
    }

    pub async fn post(&self, path: &str, form: &[(&str, &str)]) -> (u16, String) {
        let mut form = form.to_vec();
        form.push(("csrf", &self.csrf));
        let r = self
            .http
            .post(format!("{}{path}", self.base))
            .header("Cookie", &self.cookie)
            .form(&form)
            .send()
            .await
            .expect("POST");
        (r.status().as_u16(), r.text().await.expect("body"))
    }
}
