//! A headless Chromium driven through ChromeDriver (fantoccini), and
//! axe-core's accessibility check, for the browser tests.
//!
//! Needs `chromium` and `chromedriver` (Debian: chromium, chromium-driver;
//! `.ci/run` installs them). Without them [`start`] says the test was
//! skipped, unless ECITIES_REQUIRE_BROWSER=1 (CI), where it fails.

use std::process::{Command, Stdio};
use std::time::Duration;

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;

use super::free_port;

fn find_program(name: &str) -> Option<std::path::PathBuf> {
    std::env::var_os("PATH")?.to_str()?.split(':').map(|d| std::path::Path::new(d).join(name)).find(|p| p.is_file())
}

struct Driver(std::process::Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A browser session; the driver stops when it is dropped.
pub struct Browser {
    pub client: Client,
    _driver: Driver,
    _profile: tempfile::TempDir,
}

/// A new headless browser, or `None` (and the test says it was skipped)
/// when Chromium or ChromeDriver is missing.
pub async fn start() -> Option<Browser> {
    let required = std::env::var("ECITIES_REQUIRE_BROWSER").is_ok_and(|v| v == "1");
    let (Some(driver_bin), Some(chromium)) = (find_program("chromedriver"), find_program("chromium")) else {
        assert!(!required, "ECITIES_REQUIRE_BROWSER=1 but chromium/chromedriver are not installed");
        eprintln!(
            "skipped: chromium and chromedriver are not installed (Debian: apt-get install chromium chromium-driver)"
        );
        return None;
    };
    let port = free_port();
    let driver = Driver(
        Command::new(driver_bin)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver"),
    );
    let profile = tempfile::tempdir().expect("profile dir");
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        json!({
            "binary": chromium,
            "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                     "--disable-component-update", "--no-first-run", format!("--user-data-dir={}", profile.path().display())]
        }),
    );
    for _ in 0..100 {
        match ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps.clone())
            .connect(&format!("http://localhost:{port}"))
            .await
        {
            Ok(client) => return Some(Browser { client, _driver: driver, _profile: profile }),
            Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
        }
    }
    panic!("no WebDriver session");
}

/// Runs axe-core (WCAG 2.1 A and AA rules) and answers its violations, each
/// with the first elements it names.
pub const AXE_RUN: &str = "const done = arguments[arguments.length - 1];
axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
  .then(r => done(r.violations.map(v => ({ id: v.id, help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ')) }))))
  .catch(e => done(String(e)));";

/// axe-core's script: `ECITIES_AXE_JS`, else where `.ci/run` installs it
/// (`npm install --prefix .ci/node axe-core`). CI sets
/// `ECITIES_REQUIRE_AXE=1` so that the check cannot be skipped there.
pub fn axe_source() -> Option<String> {
    let path = std::env::var_os("ECITIES_AXE_JS").map(std::path::PathBuf::from).unwrap_or_else(|| {
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../.ci/node/node_modules/axe-core/axe.min.js")
    });
    match std::fs::read_to_string(&path) {
        Ok(source) => Some(source),
        Err(e) => {
            assert!(
                !std::env::var("ECITIES_REQUIRE_AXE").is_ok_and(|v| v == "1"),
                "ECITIES_REQUIRE_AXE=1 but axe-core is not at {}: {e}",
                path.display()
            );
            eprintln!(
                "skipped the accessibility check: axe-core is not installed (npm install --prefix .ci/node axe-core)"
            );
            None
        }
    }
}

/// axe-core finds no violation on `url` in each of `languages` (the page
/// is loaded with `?lang=`); back to English afterwards.
pub async fn assert_accessible(b: &Client, axe: &str, url: &str, languages: &[&str]) {
    for lang in languages {
        let sep = if url.contains('?') { '&' } else { '?' };
        b.goto(&format!("{url}{sep}lang={lang}")).await.expect("goto");
        b.execute(axe, vec![]).await.expect("axe-core loads");
        let violations = b.execute_async(AXE_RUN, vec![]).await.expect("axe-core runs");
        assert_eq!(violations, json!([]), "accessibility violations on {url} in {lang}");
    }
}

/// Types `text` into the field with this id (after clearing it).
pub async fn fill(b: &Client, id: &str, text: &str) {
    let field = b.find(Locator::Id(id)).await.unwrap_or_else(|e| panic!("field {id}: {e}"));
    field.clear().await.expect("clear");
    field.send_keys(text).await.expect("type");
}

/// Clicks the element `css` names.
pub async fn click(b: &Client, css: &str) {
    b.find(Locator::Css(css)).await.unwrap_or_else(|e| panic!("{css}: {e}")).click().await.expect("click");
}

/// The text of the element `css` names, once the page has one (a page
/// being replaced by the next one is read again).
pub async fn text_of(b: &Client, css: &str) -> String {
    let mut last = None;
    for _ in 0..100 {
        match b.find(Locator::Css(css)).await {
            Ok(e) => match e.text().await {
                Ok(t) => return t,
                Err(err) => last = Some(err.to_string()),
            },
            Err(err) => last = Some(err.to_string()),
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{css}: {last:?}");
}

/// Waits until the one-time message shown after a form action says `want`.
pub async fn expect_status(b: &Client, want: &str) {
    let mut seen = String::new();
    for _ in 0..100 {
        if let Ok(e) = b.find(Locator::Css("[role=status]")).await
            && let Ok(t) = e.text().await
        {
            if t == want {
                return;
            }
            seen = t;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the confirmation says {seen:?}, not {want:?}");
}

/// The text of the one-time message shown after a form action.
pub async fn status_text(b: &Client) -> String {
    text_of(b, "[role=status]").await
}

/// Signs `login` in through the form (after signing out whoever was).
pub async fn sign_in(b: &Client, login_url: &str, login: &str, password: &str) {
    b.delete_all_cookies().await.expect("sign out");
    b.goto(login_url).await.expect("goto");
    b.find(Locator::Id("login")).await.expect("login").send_keys(login).await.expect("type");
    b.find(Locator::Id("password")).await.expect("password").send_keys(password).await.expect("type");
    b.find(Locator::Css("button[type=submit]")).await.expect("button").click().await.expect("click");
    b.wait().for_url(&url::Url::parse(login_url).expect("url").join("/admin").expect("url")).await.expect("signed in");
}
