//! The network page (`GET /network`, JSON at `GET /api/v1/network` or with
//! `Accept: application/json`): the associations this node knows, their
//! member cities by region and country, when each joined and how much each
//! shared (`usecases::network::network`), with a world map drawn here as
//! inline SVG — no tiles, scripts or fonts from elsewhere. The map's data
//! (`data/world.tsv`, Natural Earth outlines simplified by
//! `scripts/world_map.py`, see docs/MAP.md) is compiled in.
//!
//! `GET /network/follow?account=…&target=…` is the remote follow: the
//! reader's own server is asked (through the federation port) how to
//! follow from it, and the reader is sent there (`usecases::network::remote_follow`).

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::LazyLock;

use axum::Router;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use ecities_core::CoreError;
use ecities_core::actor::Actor;
use ecities_core::content::escape_html;
use ecities_core::hub::Shared;
use ecities_core::usecases::network::{self, Network, RemoteFollow};
use minijinja::context;
use serde::Deserialize;
use serde_json::{Value, json};

use crate::AppState;
use crate::error::ApiResult;

pub fn routes() -> Router<AppState> {
    Router::new().route("/network", get(page)).route("/network/follow", get(follow)).route("/api/v1/network", get(api))
}

// ------------------------------------------------------------------ the map

/// The canvas of `data/world.tsv` (equirectangular, 84°N to 58°S).
const MAP_WIDTH: u32 = 2000;
const MAP_HEIGHT: u32 = 789;
/// Radius of the dot of the country with the most cities, and of one with
/// a single city when the largest has many, in map units (the map is shown
/// about 2.6 times smaller).
const DOT_MAX: f64 = 18.0;
const DOT_MIN: f64 = 7.0;

struct MapCountry {
    code: &'static str,
    /// Where its dot goes (`None`: too small for the data set).
    dot: Option<(i32, i32)>,
    path: &'static str,
}

static WORLD: LazyLock<Vec<MapCountry>> = LazyLock::new(|| {
    include_str!("../data/world.tsv")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .filter_map(|line| {
            let mut f = line.split('\t');
            let code = f.next()?;
            let x: i32 = f.next()?.parse().ok()?;
            let y: i32 = f.next()?.parse().ok()?;
            let path = f.next().unwrap_or("");
            Some(MapCountry { code, dot: (x >= 0 && y >= 0).then_some((x, y)), path })
        })
        .collect()
});

/// One highlighted country on the map.
pub(crate) struct Highlight {
    pub(crate) code: String,
    /// Its weight: how dark its shade and how large its dot (member cities
    /// on `/network`, adoptions in and out on `/analytics`).
    pub(crate) cities: usize,
    /// Its accessible name ("Japan: 2 member cities").
    pub(crate) label: String,
}

/// An arrow on the map from one country's dot to another's (an adoption
/// flow: `to` learned from `from`), as wide as its count allows.
pub(crate) struct Arrow {
    pub(crate) from: String,
    pub(crate) to: String,
    pub(crate) count: usize,
}

/// The map of `/network`: highlighted countries link to `#country-XX`.
fn world_svg(highlights: &[Highlight], title: &str) -> String {
    world_map(highlights, &[], title, "country-")
}

/// Draws the world with the member countries shaded by how many cities
/// they have, a dot on each (small states have no outline at this scale),
/// and each a link to its row in the table below. The table is the text
/// alternative; the SVG is a labelled group so each country link is
/// announced by name. Highlighted countries link to `#{anchor}XX`;
/// `arrows` are drawn as curves between dots, hidden from assistive
/// technology (the table beside the map says the same).
pub(crate) fn world_map(highlights: &[Highlight], arrows: &[Arrow], title: &str, anchor: &str) -> String {
    let max = highlights.iter().map(|h| h.cities).max().unwrap_or(1).max(1) as f64;
    let by_code: HashMap<&str, &Highlight> = highlights.iter().map(|h| (h.code.as_str(), h)).collect();
    let mut svg = String::with_capacity(64 * 1024);
    let _ = write!(
        svg,
        r#"<svg class="world-map" viewBox="0 0 {MAP_WIDTH} {MAP_HEIGHT}" role="group" aria-labelledby="map-title" xmlns="http://www.w3.org/2000/svg"><title id="map-title">{}</title><g class="land" aria-hidden="true">"#,
        escape_html(title)
    );
    for c in WORLD.iter().filter(|c| !c.path.is_empty() && !by_code.contains_key(c.code)) {
        let _ = write!(svg, r#"<path d="{}"/>"#, c.path);
    }
    svg.push_str("</g>");
    for c in WORLD.iter() {
        let Some(h) = by_code.get(c.code) else { continue };
        let share = h.cities as f64 / max;
        // Four shades, darker with more cities.
        let shade = 1 + (share * 3.0).round() as u32;
        let label = escape_html(&h.label);
        let _ = write!(
            svg,
            r##"<a href="#{anchor}{}" aria-label="{label}" class="member shade-{shade}"><title>{label}</title>"##,
            c.code
        );
        if !c.path.is_empty() {
            let _ = write!(svg, r#"<path d="{}"/>"#, c.path);
        }
        if let Some((x, y)) = c.dot {
            let r = DOT_MIN + (DOT_MAX - DOT_MIN) * share.sqrt();
            let _ = write!(svg, r#"<circle class="dot" cx="{x}" cy="{y}" r="{r:.1}"/>"#);
        }
        svg.push_str("</a>");
    }
    draw_arrows(&mut svg, arrows);
    svg.push_str("</svg>");
    svg
}

/// Widest arrow, in map units (one adoption is 3).
const ARROW_MAX: f64 = 12.0;

/// Curves from each `from` dot to its `to` dot, bent to one side so that
/// flows both ways stay apart, each ending in an arrowhead.
fn draw_arrows(svg: &mut String, arrows: &[Arrow]) {
    let dot = |code: &str| WORLD.iter().find(|c| c.code == code).and_then(|c| c.dot);
    let max = arrows.iter().map(|a| a.count).max().unwrap_or(1).max(1) as f64;
    let mut drawn = String::new();
    for a in arrows {
        let (Some((x1, y1)), Some((x2, y2))) = (dot(&a.from), dot(&a.to)) else { continue };
        if (x1, y1) == (x2, y2) {
            continue;
        }
        let (x1, y1, x2, y2) = (f64::from(x1), f64::from(y1), f64::from(x2), f64::from(y2));
        let (dx, dy) = (x2 - x1, y2 - y1);
        // The control point: off the middle, a fifth of the length to the left.
        let (cx, cy) = ((x1 + x2) / 2.0 - dy * 0.2, (y1 + y2) / 2.0 + dx * 0.2);
        let width = 3.0 + (ARROW_MAX - 3.0) * (a.count as f64 / max).sqrt();
        let _ = write!(
            drawn,
            r##"<path d="M{x1:.0} {y1:.0} Q{cx:.0} {cy:.0} {x2:.0} {y2:.0}" stroke-width="{width:.1}" marker-end="url(#flow-head)"/>"##
        );
    }
    if drawn.is_empty() {
        return;
    }
    let _ = write!(
        svg,
        r##"<g class="flows" aria-hidden="true" fill="none" stroke="#a4380c" stroke-linecap="round"><defs><marker id="flow-head" viewBox="0 0 10 10" refX="8" refY="5" markerWidth="4" markerHeight="4" orient="auto-start-reverse"><path d="M0 0 L10 5 L0 10 z" fill="#a4380c" stroke="none"/></marker></defs>{drawn}</g>"##
    );
}

// ------------------------------------------------------------------ the page

fn shared_value(s: Shared) -> minijinja::Value {
    context! { published => s.published, relayed => s.relayed }
}

fn actor_link(a: &Actor) -> String {
    // A remote actor's page is on its own server; a local one's is here.
    if a.local { a.url.path().to_owned() } else { a.profile_url.as_ref().unwrap_or(&a.url).as_str().to_owned() }
}

fn actor_context(a: &Actor) -> minijinja::Value {
    context! {
        name => a.display_name.as_deref().unwrap_or(&a.name),
        handle => a.handle(),
        link => actor_link(a),
        id => a.url.as_str(),
        local => a.local,
    }
}

fn page_context(n: &Network) -> minijinja::Value {
    let lang = crate::i18n::current();
    let highlights: Vec<Highlight> = n
        .countries
        .iter()
        .map(|c| {
            let mut args = fluent_bundle::FluentArgs::new();
            args.set("country", c.country.info().name.clone());
            args.set("count", c.cities.len() as i64);
            Highlight {
                code: c.country.code().to_owned(),
                cities: c.cities.len(),
                label: crate::i18n::text_with(lang, "network-map-country", Some(&args)),
            }
        })
        .collect();
    let map = world_svg(&highlights, &crate::i18n::text(lang, "network-map-title"));
    let countries: Vec<_> = n
        .countries
        .iter()
        .map(|c| {
            let info = c.country.info();
            context! {
                code => c.country.code(),
                name => info.name,
                region => info.region.as_ref().map(|r| r.name.clone()).unwrap_or_default(),
                cities => c.cities.iter().map(actor_context).collect::<Vec<_>>(),
            }
        })
        .collect();
    let associations: Vec<_> = n
        .associations
        .iter()
        .map(|a| {
            let regions: Vec<_> = a
                .regions
                .iter()
                .map(|r| {
                    context! {
                        name => r.region.as_ref().map(|r| r.name.clone()),
                        countries => r.countries.iter().map(|c| context! {
                            name => c.country.as_ref().map(|c| c.info().name.clone()),
                            members => c.members.iter().map(|m| context! {
                                since => m.since.to_rfc3339(),
                                shared => shared_value(m.shared),
                                ..actor_context(&m.actor)
                            }).collect::<Vec<_>>(),
                        }).collect::<Vec<_>>(),
                    }
                })
                .collect();
            context! {
                host => a.actor.host,
                members => a.members,
                shared => shared_value(a.shared),
                regions => regions,
                ..actor_context(&a.actor)
            }
        })
        .collect();
    context! {
        map => map,
        countries => countries,
        associations => associations,
        association_count => n.associations.len(),
        city_count => n.cities,
        country_count => n.countries.len(),
    }
}

fn wants_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').next().is_some_and(|first| first.trim().starts_with("application/json")))
}

/// The page, or its data as JSON when the reader asks for JSON first;
/// either way `Vary: Accept`, so caches keep them apart.
async fn page(State(state): State<AppState>, headers: HeaderMap) -> ApiResult<Response> {
    let n = network::network(state.store.as_ref()).await?;
    let mut resp = if wants_json(&headers) {
        axum::Json(network_json(&n)).into_response()
    } else {
        crate::pages::render(StatusCode::OK, "network.html", page_context(&n))
    };
    resp.headers_mut().insert(header::VARY, header::HeaderValue::from_static("accept"));
    Ok(resp)
}

async fn api(State(state): State<AppState>) -> ApiResult<Response> {
    let n = network::network(state.store.as_ref()).await?;
    Ok(axum::Json(network_json(&n)).into_response())
}

fn actor_json(a: &Actor) -> Value {
    json!({
        "id": a.url,
        "handle": a.handle(),
        "name": a.display_name.as_deref().unwrap_or(&a.name),
        "local": a.local,
        "country": a.country.as_ref().map(|c| c.code()),
    })
}

fn network_json(n: &Network) -> Value {
    let associations: Vec<Value> = n
        .associations
        .iter()
        .map(|a| {
            let mut v = actor_json(&a.actor);
            v["shared"] = json!({ "published": a.shared.published, "relayed": a.shared.relayed });
            v["members"] = a
                .regions
                .iter()
                .flat_map(|r| r.countries.iter())
                .flat_map(|c| c.members.iter())
                .map(|m| {
                    let mut v = actor_json(&m.actor);
                    v["region"] =
                        json!(m.actor.country.as_ref().and_then(|c| c.info().region.as_ref()).map(|r| &r.code));
                    v["since"] = json!(m.since.to_rfc3339());
                    v["shared"] = json!({ "published": m.shared.published, "relayed": m.shared.relayed });
                    v
                })
                .collect();
            v
        })
        .collect();
    let countries: Vec<Value> = n
        .countries
        .iter()
        .map(|c| {
            let info = c.country.info();
            json!({
                "country": c.country.code(),
                "name": info.name,
                "region": info.region.as_ref().map(|r| &r.code),
                "cities": c.cities.len(),
            })
        })
        .collect();
    json!({ "associations": associations, "countries": countries, "cities": n.cities })
}

// ------------------------------------------------------------------ remote follow

#[derive(Deserialize)]
struct FollowQuery {
    #[serde(default)]
    account: String,
    #[serde(default)]
    target: String,
}

/// Sends the reader to their own server to follow `target`; when that
/// cannot be done, a page says why and shows the handle to search for.
async fn follow(State(state): State<AppState>, Query(q): Query<FollowQuery>) -> Response {
    let result = network::remote_follow(state.store.as_ref(), state.federation.as_ref(), &q.account, &q.target).await;
    let (status, actor, problem) = match result {
        Ok((_, RemoteFollow::Redirect(url))) => return Redirect::to(url.as_str()).into_response(),
        Ok((actor, RemoteFollow::NoTemplate)) => {
            let host = ecities_core::federation::AccountAddress::parse(&q.account).map(|a| a.host).unwrap_or_default();
            let mut args = fluent_bundle::FluentArgs::new();
            args.set("host", host);
            let text = crate::i18n::text_with(crate::i18n::current(), "network-follow-no-template", Some(&args));
            (StatusCode::UNPROCESSABLE_ENTITY, Some(actor), text)
        }
        Err(CoreError::NotFound(_)) => {
            (StatusCode::NOT_FOUND, None, crate::i18n::text(crate::i18n::current(), "network-follow-unknown"))
        }
        Err(CoreError::Invalid(fields)) => {
            let reason = fields.iter().map(|f| f.message.clone()).collect::<Vec<_>>().join("; ");
            let mut args = fluent_bundle::FluentArgs::new();
            args.set("reason", reason);
            let actor = match url::Url::parse(q.target.trim()) {
                Ok(u) => state.store.actor_by_url(&u).await.ok().flatten(),
                Err(_) => None,
            };
            let text = crate::i18n::text_with(crate::i18n::current(), "network-follow-failed", Some(&args));
            (StatusCode::UNPROCESSABLE_ENTITY, actor, text)
        }
        Err(e) => return crate::error::ApiError::from(e).into_response(),
    };
    crate::pages::render(
        status,
        "network_follow.html",
        context! {
            problem => problem,
            account => q.account,
            actor => actor.as_ref().map(actor_context),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_compiled_map_has_the_countries_of_the_table() {
        assert!(WORLD.len() > 170, "{} countries", WORLD.len());
        for code in ["KR", "JP", "FR", "BR", "ZA", "US", "AU"] {
            let c = WORLD.iter().find(|c| c.code == code).unwrap_or_else(|| panic!("{code} is on the map"));
            assert!(!c.path.is_empty() && c.dot.is_some(), "{code}");
            assert!(ecities_core::taxonomy::Country::parse(code).is_ok(), "{code} is a country of ours");
        }
        // A small state has a dot though no outline at this scale.
        let sg = WORLD.iter().find(|c| c.code == "SG").expect("Singapore");
        assert!(sg.dot.is_some());
    }

    #[test]
    fn member_countries_are_links_named_for_people_and_the_rest_is_hidden() {
        let svg = world_svg(
            &[
                Highlight { code: "KR".into(), cities: 2, label: "Republic of Korea: 2 member cities".into() },
                Highlight { code: "SG".into(), cities: 1, label: "Singapore: 1 member city".into() },
            ],
            "Member cities <by> country",
        );
        assert!(svg.contains(r#"<title id="map-title">Member cities &lt;by&gt; country</title>"#), "escaped");
        assert!(svg.contains(
            r##"<a href="#country-KR" aria-label="Republic of Korea: 2 member cities" class="member shade-4">"##
        ));
        assert!(svg.contains(r##"<a href="#country-SG" aria-label="Singapore: 1 member city" class="member shade-3"><title>Singapore: 1 member city</title><circle"##));
        assert_eq!(svg.matches("<a ").count(), 2, "only member countries are links");
        assert!(svg.contains(r#"<g class="land" aria-hidden="true">"#));
    }
}
