//! Analytics for curators: how many practices per SDG, country, region,
//! language and month, for any search — as JSON, CSV and an HTML page with
//! server-rendered SVG bar charts (plotters).

use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use minijinja::context;
use plotters::prelude::*;
use serde_json::{Value, json};

use crate::AppState;
use crate::error::{ApiError, ApiResult};
use crate::extract::Search;
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
    Ok(axum::Json(out).into_response())
}

/// `dimension,value,label,count` rows, quoted where needed.
async fn analytics_csv(State(state): State<AppState>, Search(params): Search) -> ApiResult<Response> {
    let v = counts(&state, &params).await?;
    let quote =
        |s: &str| if s.contains([',', '"', '\n']) { format!("\"{}\"", s.replace('"', "\"\"")) } else { s.to_owned() };
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
    Ok(crate::pages::render(
        StatusCode::OK,
        "analytics.html",
        context! { host => state.urls.host(), total => v["total"].as_i64().unwrap_or(0), charts => charts, qs => qs },
    ))
}
