//! Analytics for curators: how many practices per SDG, country, region,
//! language and month, for any search — as JSON, CSV and an HTML page with
//! server-rendered SVG bar charts (plotters); and over everything the node
//! knows, adoptions (flows between countries, drawn on the world map of
//! `/network`, and the most adopted practices) and the likes and boosts of
//! its own practices.

use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use minijinja::context;
use plotters::prelude::*;
use serde_json::{Value, json};

use std::collections::BTreeMap;

use ecities_core::store::{AdoptionFlow, AdoptionSummary, EngagementSummary};
use ecities_core::taxonomy::Country;

use crate::AppState;
use crate::error::{ApiError, ApiResult};
use crate::extract::Search;
use crate::network::{Arrow, Highlight, world_map};
use crate::practices::{SearchParams, facets_json};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/analytics", get(analytics_json))
        .route("/api/v1/analytics.csv", get(analytics_csv))
        .route("/analytics", get(analytics_page))
}

/// The counts: the search facets plus a month series.
async fn counts(state: &AppState, params: &SearchParams) -> ApiResult<Value> {
    let query = crate::practices::to_query(state, params).await?;
    let found = state.store.search(&query, ecities_core::store::Page::first(1), true).await?;
    let mut v = facets_json(state, &found.facets.unwrap_or_default()).await?;
    let months = state.store.counts_by_month(&query).await?;
    v["month"] = json!(months.iter().map(|(m, n)| json!({ "value": m, "label": m, "count": n })).collect::<Vec<_>>());
    v["total"] = json!(found.total);
    Ok(v)
}

const DIMENSIONS: [&str; 5] = ["sdg", "country", "region", "language", "month"];

async fn analytics_json(State(state): State<AppState>, Search(params): Search) -> ApiResult<Response> {
    let v = counts(&state, &params).await?;
    let mut out = json!({ "total": v["total"] });
    for d in DIMENSIONS {
        out[d] = v[d].clone();
    }
    out["adoptions"] = adoptions_json(&state.store.adoption_summary(TOP).await?);
    out["engagement"] = engagement_json(&state.store.engagement_summary(TOP).await?);
    Ok(axum::Json(out).into_response())
}

/// How many flows and practices the adoption and engagement lists show.
const TOP: u32 = 20;

/// `KR ← JP`: practices of Korea adapted from practices of Japan.
fn flow_label(f: &AdoptionFlow) -> String {
    format!("{} ← {}", f.to.code(), f.from.code())
}

/// Adoptions over everything this node knows (the search filters do not
/// apply: an adoption joins two practices, which a filter could split).
fn adoptions_json(a: &AdoptionSummary) -> Value {
    json!({
        "total": a.total,
        "flows": a.flows.iter().map(|f| json!({
            "from": f.from.code(), "to": f.to.code(), "count": f.count, "label": flow_label(f),
        })).collect::<Vec<_>>(),
        "most_adopted": a.most_adopted.iter().map(|m| json!({
            "practice": m.practice, "title": m.title, "country": m.country.as_ref().map(|c| c.code()), "count": m.count,
        })).collect::<Vec<_>>(),
    })
}

/// Likes and boosts of this node's own practices.
fn engagement_json(e: &EngagementSummary) -> Value {
    json!({
        "likes": e.totals.likes,
        "boosts": e.totals.boosts,
        "top": e.top.iter().map(|p| json!({
            "practice": p.practice, "title": p.title, "likes": p.reactions.likes, "boosts": p.reactions.boosts,
        })).collect::<Vec<_>>(),
    })
}

/// `dimension,value,label,count` rows, quoted where needed.
async fn analytics_csv(State(state): State<AppState>, Search(params): Search) -> ApiResult<Response> {
    let v = counts(&state, &params).await?;
    let quote =
        |s: &str| if s.contains([',', '"', '\n']) { format!("\"{}\"", s.replace('"', "\"\"")) } else { s.to_owned() };
    let adoptions = state.store.adoption_summary(TOP).await?;
    let mut csv = String::from("dimension,value,label,count\n");
    for d in DIMENSIONS {
        for e in v[d].as_array().into_iter().flatten() {
            let value = match &e["value"] {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            csv.push_str(&format!(
                "{d},{},{},{}\n",
                quote(&value),
                quote(e["label"].as_str().unwrap_or("")),
                e["count"]
            ));
        }
    }
    for f in &adoptions.flows {
        let label = format!("{} ← {}", f.to.info().name, f.from.info().name);
        csv.push_str(&format!("adoption_flow,{},{},{}\n", quote(&flow_label(f)), quote(&label), f.count));
    }
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (header::CONTENT_DISPOSITION, "attachment; filename=\"ecities-analytics.csv\""),
        ],
        csv,
    )
        .into_response())
}

/// A horizontal bar chart as SVG text (the heading names it).
fn bar_chart(entries: &[(String, i64)]) -> Result<String, ApiError> {
    let fail = |e: String| {
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "chart_failed", format!("the chart could not be drawn: {e}"))
    };
    let mut svg = String::new();
    let rows = entries.len().max(1);
    let height = 70 + 30 * u32::try_from(rows).unwrap_or(30);
    {
        let root = SVGBackend::with_string(&mut svg, (720, height)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| fail(e.to_string()))?;
        let max = entries.iter().map(|(_, n)| *n).max().unwrap_or(1).max(1) as f64;
        let labels: Vec<String> = entries.iter().map(|(l, _)| l.chars().take(32).collect()).collect();
        // Rows from the top: entry i occupies y in [rows-i-1, rows-i).
        let mut chart = ChartBuilder::on(&root)
            .margin(10)
            .x_label_area_size(28)
            .y_label_area_size(260)
            .build_cartesian_2d(0f64..max, 0f64..rows as f64)
            .map_err(|e| fail(e.to_string()))?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(rows * 2 + 1)
            // Whole numbers only: counts have no fractions.
            .x_labels((max as usize + 1).min(11))
            .y_label_style(("sans-serif", 14))
            .x_label_style(("sans-serif", 13))
            .x_label_formatter(&|x| format!("{x:.0}"))
            .y_label_formatter(&|y| {
                // Label only at row centres.
                let centre = y - y.floor();
                if (centre - 0.5).abs() > 0.01 {
                    return String::new();
                }
                let i = rows as f64 - y.floor() - 1.0;
                labels.get(i as usize).cloned().unwrap_or_default()
            })
            .draw()
            .map_err(|e| fail(e.to_string()))?;
        chart
            .draw_series(entries.iter().enumerate().map(|(i, (_, n))| {
                let top = rows as f64 - i as f64 - 0.15;
                let bottom = rows as f64 - i as f64 - 0.85;
                Rectangle::new([(0.0, bottom), (*n as f64, top)], RGBColor(0, 94, 162).filled())
            }))
            .map_err(|e| fail(e.to_string()))?;
        root.present().map_err(|e| fail(e.to_string()))?;
    }
    Ok(svg)
}

async fn analytics_page(
    State(state): State<AppState>,
    Search(params): Search,
    axum::extract::RawQuery(raw): axum::extract::RawQuery,
) -> ApiResult<Response> {
    let v = counts(&state, &params).await?;
    let mut charts = Vec::new();
    for (d, title) in [
        ("sdg", "chart-sdg"),
        ("region", "chart-region"),
        ("country", "chart-country"),
        ("language", "chart-language"),
        ("month", "chart-month"),
    ] {
        let entries: Vec<(String, i64)> = v[d]
            .as_array()
            .into_iter()
            .flatten()
            .map(|e| {
                let label = match d {
                    "sdg" => format!("{} {}", e["value"], e["label"].as_str().unwrap_or("")),
                    _ => e["label"].as_str().unwrap_or("").to_owned(),
                };
                (label, e["count"].as_i64().unwrap_or(0))
            })
            .collect();
        if !entries.is_empty() {
            charts.push(
                context! { title => crate::i18n::text(crate::i18n::current(), title), svg => bar_chart(&entries)? },
            );
        }
    }
    let qs = raw.map(|r| format!("?{r}")).unwrap_or_default();
    let adoptions = adoptions_context(&state.store.adoption_summary(TOP).await?);
    let engagement = state.store.engagement_summary(TOP).await?;
    Ok(crate::pages::render(
        StatusCode::OK,
        "analytics.html",
        context! {
            host => state.urls.host(), total => v["total"].as_i64().unwrap_or(0), charts => charts, qs => qs,
            adoptions => adoptions,
            engagement => context! {
                likes => engagement.totals.likes,
                boosts => engagement.totals.boosts,
                top => engagement.top.iter().map(|p| context! {
                    url => p.practice.as_str(), title => p.title, likes => p.reactions.likes, boosts => p.reactions.boosts,
                }).collect::<Vec<_>>(),
            },
        },
    ))
}

/// The adoption section: the flows as a table and as arrows on the world
/// map of `/network` (each country on it links to its first row), and the
/// most adopted practices.
fn adoptions_context(a: &AdoptionSummary) -> minijinja::Value {
    let lang = crate::i18n::current();
    // Per country: adoptions of its practices elsewhere, and here of others'.
    let mut countries: BTreeMap<&str, (&Country, i64, i64)> = BTreeMap::new();
    for f in &a.flows {
        countries.entry(f.from.code()).or_insert((&f.from, 0, 0)).1 += f.count;
        countries.entry(f.to.code()).or_insert((&f.to, 0, 0)).2 += f.count;
    }
    let highlights: Vec<Highlight> = countries
        .values()
        .map(|(c, out, into)| {
            let mut args = fluent_bundle::FluentArgs::new();
            args.set("country", c.info().name.clone());
            args.set("out", *out);
            args.set("in", *into);
            Highlight {
                code: c.code().to_owned(),
                cities: usize::try_from(out + into).unwrap_or(usize::MAX),
                label: crate::i18n::text_with(lang, "analytics-adoption-map-country", Some(&args)),
            }
        })
        .collect();
    let arrows: Vec<Arrow> = a
        .flows
        .iter()
        .map(|f| Arrow {
            from: f.from.code().to_owned(),
            to: f.to.code().to_owned(),
            count: usize::try_from(f.count).unwrap_or(usize::MAX),
        })
        .collect();
    let map = (!arrows.is_empty()).then(|| {
        world_map(&highlights, &arrows, &crate::i18n::text(lang, "analytics-adoption-map-title"), "adoption-")
    });
    // Each country's anchor goes on the first cell that names it.
    let mut anchored = std::collections::HashSet::new();
    let flows: Vec<_> = a
        .flows
        .iter()
        .map(|f| {
            context! {
                label => flow_label(f),
                to => f.to.info().name.clone(),
                from => f.from.info().name.clone(),
                to_anchor => anchored.insert(f.to.code()).then(|| f.to.code()),
                from_anchor => anchored.insert(f.from.code()).then(|| f.from.code()),
                count => f.count,
            }
        })
        .collect();
    context! {
        total => a.total,
        map => map,
        flows => flows,
        most_adopted => a.most_adopted.iter().map(|m| context! {
            url => m.practice.as_str(),
            title => m.title,
            country => m.country.as_ref().map(|c| c.info().name.clone()),
            count => m.count,
        }).collect::<Vec<_>>(),
    }
}
