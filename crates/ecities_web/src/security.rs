//! Security headers on every response, and the stylesheets they allow.
//!
//! - Every response: `X-Content-Type-Options: nosniff` and a
//!   `Referrer-Policy` (`no-referrer` under `/admin`,
//!   `strict-origin-when-cross-origin` elsewhere).
//! - Every HTML response: a `Content-Security-Policy` that allows no inline
//!   script and no inline style (pages take their CSS from `/static/`),
//!   no plugins, no `<base href>`, forms only to this node.
//! - Framing: `/admin` may not be framed at all (`frame-ancestors 'none'`,
//!   `X-Frame-Options: DENY`), ordinary pages only by this node; `/widget`
//!   is made to be embedded by city portals and carries no restriction.

use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::AppState;

/// The policy of every HTML page, before its `frame-ancestors`.
/// Images may come from anywhere (remote posts and avatars link theirs).
pub const CSP_BASE: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src * data:; \
                            object-src 'none'; base-uri 'none'; form-action 'self'";

const ECITIES_CSS: &str = include_str!("../static/ecities.css");
const WIDGET_CSS: &str = include_str!("../static/widget.css");
const LOCAL_TIME_JS: &str = include_str!("../static/local-time.js");

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/static/ecities.css", get(|| async { css(ECITIES_CSS) }))
        .route("/static/widget.css", get(|| async { css(WIDGET_CSS) }))
        .route("/static/local-time.js", get(|| async { script(LOCAL_TIME_JS) }))
}

fn css(body: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
            // The widget's stylesheet is loaded from portals' pages.
            (header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"),
        ],
        body,
    )
        .into_response()
}

/// The one script of the site: the admin's times in the reader's zone.
fn script(body: &'static str) -> Response {
    ([(header::CONTENT_TYPE, "text/javascript; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=3600")], body)
        .into_response()
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Area {
    Admin,
    Widget,
    /// The network page: its remote-follow forms end in a redirect to the
    /// reader's own server, which `form-action 'self'` would block.
    Network,
    Public,
}

/// The network page's `form-action`: this node, then wherever the reader's
/// server sends them (any web address; browsers check redirects of a form
/// against it).
const NETWORK_FORM_ACTION: &str = "form-action 'self' https: http:";

fn area(path: &str) -> Area {
    if path == "/admin" || path.starts_with("/admin/") {
        Area::Admin
    } else if path == "/widget" {
        Area::Widget
    } else if path == "/network" {
        Area::Network
    } else {
        Area::Public
    }
}

/// The middleware: adds the headers after the handler ran (handlers never set them).
pub async fn headers(req: Request, next: Next) -> Response {
    let area = area(req.uri().path());
    let mut resp = next.run(req).await;
    let html = resp
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim_start().to_ascii_lowercase().starts_with("text/html"));
    let h = resp.headers_mut();
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static(if area == Area::Admin { "no-referrer" } else { "strict-origin-when-cross-origin" }),
    );
    if html {
        let csp = match area {
            Area::Admin => format!("{CSP_BASE}; frame-ancestors 'none'"),
            Area::Public => format!("{CSP_BASE}; frame-ancestors 'self'"),
            Area::Widget => CSP_BASE.to_owned(),
            Area::Network => {
                format!("{}; frame-ancestors 'self'", CSP_BASE.replace("form-action 'self'", NETWORK_FORM_ACTION))
            }
        };
        if let Ok(v) = HeaderValue::from_str(&csp) {
            h.insert(header::CONTENT_SECURITY_POLICY, v);
        }
        match area {
            Area::Admin => {
                h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
            }
            Area::Public | Area::Network => {
                h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("SAMEORIGIN"));
            }
            Area::Widget => {
                h.remove(header::X_FRAME_OPTIONS);
            }
        }
    }
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn areas() {
        assert_eq!(area("/admin"), Area::Admin);
        assert_eq!(area("/admin/login"), Area::Admin);
        assert_eq!(area("/administrator"), Area::Public);
        assert_eq!(area("/widget"), Area::Widget);
        assert_eq!(area("/"), Area::Public);
        assert_eq!(area("/network"), Area::Network);
        assert_eq!(area("/network/follow"), Area::Public);
    }

    #[test]
    fn the_policy_allows_no_inline_code() {
        assert!(!CSP_BASE.contains("unsafe-inline") && !CSP_BASE.contains("unsafe-eval"));
        assert!(CSP_BASE.contains("object-src 'none'") && CSP_BASE.contains("base-uri 'none'"));
    }

    #[test]
    fn templates_have_no_inline_script_or_style() {
        for &(name, source) in crate::pages::TEMPLATE_SOURCES {
            let lower = source.to_ascii_lowercase();
            for bad in ["<style", "style=", " onclick", " onload", " onsubmit", "javascript:"] {
                assert!(!lower.contains(bad), "{name} contains {bad}");
            }
            // A script is only ever a file of this node's /static/, with no body.
            for tag in lower.split("<script").skip(1) {
                let (attrs, rest) = tag.split_once('>').expect("a closed tag");
                assert!(attrs.contains(r#"src="/static/"#), "{name} has a script that is not a static file");
                assert!(rest.starts_with("</script>"), "{name} has an inline script");
            }
        }
    }
}
