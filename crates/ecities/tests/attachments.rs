//! Attachments between real nodes (issue 19): a city attaches an image and
//! a PDF to a practice, an association that follows the city receives both
//! and checks their checksums, the practice page shows them, the files are
//! served safely, and deleting the practice removes the files everywhere.
//! Uploads are judged by their content, never by their name.

use crate::support;

use std::time::Duration;

use reqwest::Method;
use serde_json::{Value, json};
use support::multipart::{file, post_form, text};
use support::{Api, Backend, Node, NodeEnv, as2, eventually};

const WAIT: Duration = Duration::from_secs(30);

fn practice(title: &str) -> Value {
    json!({
        "title": title, "summary": format!("Summary of {title}"), "content": "Body **text**.",
        "language": "en", "kind": "best_practice", "sdgs": [11], "country": "KR"
    })
}

/// A real PNG of `width`×`height` pixels.
fn png(width: u32, height: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(width, height, |x, y| image::Rgb([(x % 256) as u8, (y % 256) as u8, 90]));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).expect("encode png");
    out.into_inner()
}

/// A PNG of random pixels (which does not compress).
fn noise_png(width: u32, height: u32) -> Vec<u8> {
    let mut seed: u32 = 0x2545_f491;
    let img = image::RgbImage::from_fn(width, height, |_, _| {
        seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
        let [a, b, c, _] = seed.to_le_bytes();
        image::Rgb([a, b, c])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).expect("encode png");
    out.into_inner()
}

/// A small but well-formed PDF.
fn pdf() -> Vec<u8> {
    let mut text = String::from("%PDF-1.4\n");
    text.push_str("1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n");
    text.push_str("2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n");
    text.push_str(&"% budget table of the bus reform\n".repeat(60));
    text.push_str("trailer << /Root 1 0 R >>\n%%EOF\n");
    text.into_bytes()
}

async fn follow(api: &Api, target: &str, nodes: &[&Node]) {
    let (status, body) = api.send(Method::POST, "/api/v1/follows", json!({ "target": target })).await;
    assert!(status == 202 || status == 200, "{body}");
    eventually(&format!("follow of {target} accepted"), WAIT, nodes, || async {
        let (_, f) = api.get("/api/v1/follows").await;
        f["items"].as_array()?.iter().find(|i| i["actor"] == target && i["state"] == "accepted").map(|_| ())
    })
    .await;
}

async fn find(api: &Api, id: &str) -> Option<Value> {
    let (_, r) = api.get("/api/v1/practices?limit=50").await;
    r["items"].as_array()?.iter().find(|p| p["id"] == id).cloned()
}

fn sha256_hex(bytes: &[u8]) -> String {
    ecities_core::media::ContentHash::of(bytes).hex()
}

async fn a_practice_with_an_image_and_a_pdf_reaches_an_association_with_both_files_checked(backend: Backend) {
    let (Some(c_env), Some(h_env)) = (NodeEnv::new(backend).await, NodeEnv::new(backend).await) else {
        return;
    };
    c_env.run_ok(&["actor", "create", "--kind", "city", "--name", "seoul", "--country", "KR"]);
    h_env.run_ok(&["actor", "create", "--kind", "association", "--name", "korea", "--country", "KR"]);
    let c_tok = c_env.run_ok(&["token", "create", "--actor", "seoul"]);
    let h_tok = h_env.run_ok(&["token", "create", "--actor", "korea"]);
    let (c, h) = (c_env.start(), h_env.start());
    let nodes = [&c, &h];
    let (c_api, h_api) = (Api::new(&c, &c_tok), Api::new(&h, &h_tok));
    follow(&h_api, &c.url("/actors/seoul"), &nodes).await;

    let (status, created) = c_api.send(Method::POST, "/api/v1/practices", practice("Median bus lanes")).await;
    assert_eq!(status, 201, "{created}");
    let id = created["id"].as_str().expect("id").to_owned();
    let key = created["key"].as_str().expect("key").to_owned();

    let photo = png(1200, 500);
    let (status, image) = post_form(
        &c_api,
        &format!("/api/v1/practices/{key}/attachments"),
        &[
            file("lanes.png", "image/png", &photo),
            text("alt", "Buses in a median lane on Gangnam-daero"),
            text("caption", "Gangnam, 2024"),
        ],
    )
    .await;
    assert_eq!(status, 201, "{image}");
    assert_eq!(image["media_type"], "image/png");
    assert_eq!(image["size"], photo.len());
    assert_eq!(image["sha256"], sha256_hex(&photo));
    assert_eq!(image["alt"], "Buses in a median lane on Gangnam-daero");
    let report = pdf();
    let (status, document) = post_form(
        &c_api,
        &format!("/api/v1/practices/{key}/attachments"),
        &[file("budget.pdf", "application/pdf", &report), text("caption", "Budget of the reform")],
    )
    .await;
    assert_eq!(status, 201, "{document}");
    assert_eq!(document["sha256"], sha256_hex(&report));

    // The same file twice is a conflict.
    let (status, again) = post_form(
        &c_api,
        &format!("/api/v1/practices/{key}/attachments"),
        &[file("budget.pdf", "application/pdf", &report)],
    )
    .await;
    assert_eq!((status, again["error"].as_str()), (409, Some("conflict")), "{again}");

    // The city's API and its ActivityPub Article carry both.
    let (_, shown) = c_api.get(&format!("/api/v1/practices/{key}")).await;
    assert_eq!(shown["attachments"].as_array().map(Vec::len), Some(2), "{shown}");
    let article = as2(&id).await;
    let attached = article["attachment"].as_array().expect("attachment");
    assert_eq!(attached[0]["type"], "Image");
    assert_eq!(attached[0]["mediaType"], "image/png");
    assert_eq!(attached[0]["name"], "Buses in a median lane on Gangnam-daero");
    assert_eq!(attached[0]["url"], image["url"]);
    assert_eq!(
        attached[0]["digestMultibase"].as_str(),
        Some(ecities_core::media::ContentHash::of(&photo).multibase().as_str())
    );
    assert_eq!(attached[1]["type"], "Document");
    assert_eq!(attached[1]["mediaType"], "application/pdf");

    // The file is served as what it is, for ever, never sniffed or rendered.
    let got = reqwest::get(image["url"].as_str().expect("url")).await.expect("GET");
    assert_eq!(got.status(), 200);
    let header = |r: &reqwest::Response, name: &str| {
        r.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or("").to_owned()
    };
    assert_eq!(header(&got, "content-type"), "image/png");
    assert_eq!(header(&got, "x-content-type-options"), "nosniff");
    assert!(header(&got, "cache-control").contains("immutable"), "{:?}", got.headers());
    assert_eq!(got.bytes().await.expect("bytes").as_ref(), photo.as_slice());
    let got = reqwest::get(document["url"].as_str().expect("url")).await.expect("GET");
    assert_eq!(header(&got, "content-type"), "application/pdf");
    assert!(header(&got, "content-disposition").starts_with("attachment;"), "{:?}", got.headers());

    // The page shows the picture with its alt text and a sized link to the PDF.
    let page = reqwest::get(c.url(&format!("/practices/{key}")))
        .await
        .expect("GET")
        .text()
        .await
        .expect("html")
        .replace("&#x2f;", "/");
    assert!(page.contains(r#"alt="Buses in a median lane on Gangnam-daero""#), "{page}");
    assert!(page.contains("<figcaption>Gangnam, 2024</figcaption>"), "{page}");
    let pdf_link = format!(r#"<a href="{}" download>Budget of the reform</a>"#, document["url"].as_str().expect("url"));
    assert!(page.contains(&pdf_link), "{page}");
    let size = format!("(PDF, {} kB)", (report.len() as f64 / 1000.0).round());
    assert!(page.contains(&size), "{size} in {page}");
    // The picture on the page is the scaled preview, itself an image here.
    let preview = page.split(r#"<img src=""#).nth(1).and_then(|s| s.split('"').next()).expect("img src").to_owned();
    let small = reqwest::get(&preview).await.expect("GET").bytes().await.expect("bytes");
    let small = image::load_from_memory(&small).expect("the preview is an image");
    assert!(small.width() == 640 && (266..=267).contains(&small.height()), "{}x{}", small.width(), small.height());

    // The association holds a copy with both attachments, fetched and checked.
    let copy = eventually("the association holds both attachments, verified", WAIT, &nodes, || async {
        let p = find(&h_api, &id).await?;
        let list = p["attachments"].as_array()?;
        (list.len() == 2 && list.iter().all(|a| a["verified"] == true)).then_some(p)
    })
    .await;
    assert_eq!(copy["attachments"][0]["sha256"], sha256_hex(&photo));
    assert_eq!(copy["attachments"][1]["sha256"], sha256_hex(&report));
    let held = h.url(&format!("/media/{}.pdf", sha256_hex(&report)));
    let got = reqwest::get(&held).await.expect("GET");
    assert_eq!(got.status(), 200, "the association serves its checked copy");
    assert_eq!(got.bytes().await.expect("bytes").as_ref(), report.as_slice());

    // Taking an attachment off removes its file at the origin.
    let aid = document["id"].as_str().expect("aid");
    let (status, _) =
        c_api.send(Method::DELETE, &format!("/api/v1/practices/{key}/attachments/{aid}"), json!({})).await;
    assert_eq!(status, 204);
    assert_eq!(reqwest::get(document["url"].as_str().expect("url")).await.expect("GET").status(), 404);
    let (_, shown) = c_api.get(&format!("/api/v1/practices/{key}")).await;
    assert_eq!(shown["attachments"].as_array().map(Vec::len), Some(1), "{shown}");

    // Deleting the practice removes the files, here and at the association.
    let (status, _) = c_api.send(Method::DELETE, &format!("/api/v1/practices/{key}"), json!({})).await;
    assert_eq!(status, 204);
    assert_eq!(reqwest::get(image["url"].as_str().expect("url")).await.expect("GET").status(), 404);
    assert_eq!(reqwest::get(&preview).await.expect("GET").status(), 404);
    let held_image = h.url(&format!("/media/{}.png", sha256_hex(&photo)));
    eventually("the association removes its copy's files", WAIT, &nodes, || async {
        let status = reqwest::get(&held_image).await.ok()?.status();
        (status == 404).then_some(())
    })
    .await;

    drop((c, h));
    c_env.cleanup().await;
    h_env.cleanup().await;
}

#[tokio::test]
async fn a_practice_with_an_image_and_a_pdf_reaches_an_association_with_both_files_checked_on_sqlite() {
    a_practice_with_an_image_and_a_pdf_reaches_an_association_with_both_files_checked(Backend::Sqlite).await;
}

#[tokio::test]
async fn a_practice_with_an_image_and_a_pdf_reaches_an_association_with_both_files_checked_on_postgres() {
    a_practice_with_an_image_and_a_pdf_reaches_an_association_with_both_files_checked(Backend::Postgres).await;
}

async fn uploads_are_judged_by_their_content_not_their_name(backend: Backend) {
    let Some(env) = NodeEnv::new(backend).await else { return };
    let env = env.with_config("[media]\nmax_bytes = 20000\n");
    env.run_ok(&["actor", "create", "--kind", "city", "--name", "seoul", "--country", "KR"]);
    env.run_ok(&["actor", "create", "--kind", "city", "--name", "busan", "--country", "KR"]);
    let tok = env.run_ok(&["token", "create", "--actor", "seoul"]);
    let other = env.run_ok(&["token", "create", "--actor", "busan"]);
    let node = env.start();
    let (api, busan) = (Api::new(&node, &tok), Api::new(&node, &other));
    let (_, created) = api.send(Method::POST, "/api/v1/practices", practice("Night buses")).await;
    let path = format!("/api/v1/practices/{}/attachments", created["key"].as_str().expect("key"));

    // HTML dressed up as a PDF, by name and by declared type.
    let html = b"<!doctype html><html><script>alert(document.cookie)</script></html>";
    let (status, body) = post_form(&api, &path, &[file("report.pdf", "application/pdf", html)]).await;
    assert_eq!((status, body["error"].as_str()), (415, Some("unsupported_media_type")), "{body}");
    assert!(body["message"].as_str().is_some_and(|m| !m.is_empty()), "{body}");
    // A real picture named as a PDF: the name lies, so it is refused too.
    let picture = png(40, 30);
    let (status, body) =
        post_form(&api, &path, &[file("report.pdf", "application/octet-stream", &picture), text("alt", "A chart")])
            .await;
    assert_eq!((status, body["error"].as_str()), (415, Some("unsupported_media_type")), "{body}");
    // SVG (it can carry script) and an executable are not accepted at all.
    let svg = br#"<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>"#;
    let (status, body) = post_form(&api, &path, &[file("map.svg", "image/svg+xml", svg), text("alt", "A map")]).await;
    assert_eq!(status, 415, "{body}");
    let (status, body) = post_form(&api, &path, &[file("setup.exe", "application/x-msdownload", b"MZ\x90\x00")]).await;
    assert_eq!(status, 415, "{body}");
    // An image without alt text.
    let (status, body) = post_form(&api, &path, &[file("chart.png", "image/png", &picture)]).await;
    assert_eq!((status, body["error"].as_str()), (422, Some("invalid_input")), "{body}");
    assert_eq!(body["fields"][0]["field"], "alt", "{body}");
    // Beyond media.max_bytes.
    let big = noise_png(100, 100);
    assert!(big.len() > 20_000);
    let (status, body) = post_form(&api, &path, &[file("big.png", "image/png", &big), text("alt", "Noise")]).await;
    assert_eq!((status, body["error"].as_str()), (413, Some("payload_too_large")), "{body}");
    // Not a form at all.
    let (status, body) = api.send(Method::POST, &path, json!({ "file": "x" })).await;
    assert_eq!((status, body["error"].as_str()), (415, Some("unsupported_media_type")), "{body}");
    // Another city's editor may not attach to Seoul's practice.
    let (status, body) =
        post_form(&busan, &path, &[file("chart.png", "image/png", &picture), text("alt", "A chart")]).await;
    assert_eq!((status, body["error"].as_str()), (403, Some("forbidden")), "{body}");
    // Nothing of the above was kept.
    let (_, shown) = api.get(&format!("/api/v1/practices/{}", created["key"].as_str().expect("key"))).await;
    assert_eq!(shown["attachments"], json!([]), "{shown}");
    // A URL whose extension names another type is not the file.
    let (status, ok) =
        post_form(&api, &path, &[file("chart.png", "image/png", &picture), text("alt", "A chart")]).await;
    assert_eq!(status, 201, "{ok}");
    let wrong = node.url(&format!("/media/{}.pdf", ok["sha256"].as_str().expect("sha")));
    assert_eq!(reqwest::get(&wrong).await.expect("GET").status(), 404);

    drop(node);
    env.cleanup().await;
}

#[tokio::test]
async fn uploads_are_judged_by_their_content_not_their_name_on_sqlite() {
    uploads_are_judged_by_their_content_not_their_name(Backend::Sqlite).await;
}

#[tokio::test]
async fn uploads_are_judged_by_their_content_not_their_name_on_postgres() {
    uploads_are_judged_by_their_content_not_their_name(Backend::Postgres).await;
}

/// The admin's edit page of a practice, in a real browser: an editor
/// attaches a picture (a picture without alt text is refused with an
/// alert, the page kept), sees it listed and on the public page, and
/// removes it; axe-core checks the page in English and Arabic.
async fn an_editor_attaches_and_removes_a_picture_on_the_admin_edit_page(backend: Backend) {
    use fantoccini::Locator;
    use support::browser::{assert_accessible, axe_source, click, expect_status, fill, text_of};

    let Some(browser) = support::browser::start().await else { return };
    let Some(env) = NodeEnv::new(backend).await else { return };
    env.run_ok(&["actor", "create", "--kind", "city", "--name", "seoul", "--display-name", "Seoul", "--country", "KR"]);
    let tok = env.run_ok(&["token", "create", "--actor", "seoul"]);
    support::admin::create_user(&env, &["--actor", "seoul", "--login", "editor"]);
    let node = env.start();
    let api = Api::new(&node, &tok);
    let (_, created) = api.send(Method::POST, "/api/v1/practices", practice("Night buses")).await;
    let key = created["key"].as_str().expect("key").to_owned();
    let picture = env.dir.path().join("night-bus.png");
    std::fs::write(&picture, png(300, 200)).expect("write the picture");
    let picture = picture.to_str().expect("path").to_owned();

    let b = browser.client.clone();
    support::browser::sign_in(&b, &node.url("/admin/login"), "editor", support::admin::PASSWORD).await;
    b.goto(&node.url(&format!("/admin/practices/{key}"))).await.expect("goto");
    assert!(text_of(&b, "#attachments-heading").await.contains("Images and documents"));

    // Without alt text: refused, and the page says why.
    b.find(Locator::Id("att_file")).await.expect("file field").send_keys(&picture).await.expect("choose");
    click(&b, &format!("form[action='/admin/practices/{key}/attachments'] button[type=submit]")).await;
    let alert = text_of(&b, "[role=alert]").await;
    assert!(alert.contains("alt"), "{alert}");

    // With alt text: attached, listed, and shown on the public page.
    b.find(Locator::Id("att_file")).await.expect("file field").send_keys(&picture).await.expect("choose");
    fill(&b, "att_alt", "A night bus at a stop in Jongno").await;
    fill(&b, "att_caption", "Line N26").await;
    click(&b, &format!("form[action='/admin/practices/{key}/attachments'] button[type=submit]")).await;
    expect_status(&b, "Saved: Night buses").await;
    let listed = text_of(&b, "section[aria-labelledby=attachments-heading] table").await;
    assert!(listed.contains("A night bus at a stop in Jongno") && listed.contains("PNG"), "{listed}");
    let public = reqwest::get(node.url(&format!("/practices/{key}"))).await.expect("GET").text().await.expect("html");
    assert!(public.contains(r#"alt="A night bus at a stop in Jongno""#), "{public}");

    if let Some(axe) = axe_source() {
        assert_accessible(&b, &axe, &node.url(&format!("/admin/practices/{key}")), &["en", "ar"]).await;
        assert_accessible(&b, &axe, &node.url(&format!("/practices/{key}")), &["en", "ar"]).await;
        b.goto(&node.url(&format!("/admin/practices/{key}?lang=en"))).await.expect("back to English");
    }

    // Removed again: the list is empty and the file is gone.
    let file_url = b
        .find(Locator::Css("section[aria-labelledby=attachments-heading] td a"))
        .await
        .expect("the file link")
        .attr("href")
        .await
        .expect("href")
        .expect("a link");
    click(&b, "section[aria-labelledby=attachments-heading] td form button").await;
    expect_status(&b, "Saved: Night buses").await;
    assert!(text_of(&b, "section[aria-labelledby=attachments-heading]").await.contains("No image or document yet."));
    assert_eq!(reqwest::get(&file_url).await.expect("GET").status(), 404);

    b.close().await.expect("close");
    drop(node);
    env.cleanup().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_editor_attaches_and_removes_a_picture_on_the_admin_edit_page_on_sqlite() {
    an_editor_attaches_and_removes_a_picture_on_the_admin_edit_page(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_editor_attaches_and_removes_a_picture_on_the_admin_edit_page_on_postgres() {
    an_editor_attaches_and_removes_a_picture_on_the_admin_edit_page(Backend::Postgres).await;
}
