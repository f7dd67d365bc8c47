//! `ecities serve`: the HTTP server and background workers, with graceful
//! shutdown on SIGINT/SIGTERM.

use std::sync::Arc;

use anyhow::Context;
use ecities_core::store::Store;
use ecities_web::AppState;
use tokio::net::TcpListener;

use crate::config::Settings;

pub async fn serve(settings: Settings) -> anyhow::Result<()> {
    // Bind first: a port in use is the most common start-up failure and
    // should be reported before anything else happens.
    let listener = TcpListener::bind(settings.bind)
        .await
        .with_context(|| format!("cannot listen on {}", settings.bind))?;
    let store = Arc::new(crate::cli::open(&settings).await?);
    warn_about_foreign_actors(store.as_ref(), &settings).await?;

    let state = AppState {
        store: store.clone(),
        urls: settings.urls.clone(),
        dev_mode: settings.dev_mode,
    };
    let app = ecities_web::router(state);
    tracing::info!(bind = %settings.bind, public_url = %settings.urls.base(), database = ?settings.database.dialect(), delivery_workers = settings.delivery_workers, "ecities is serving");
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown_signal())
        .await
        .context("the HTTP server failed")?;
    tracing::info!("shutting down");
    store.close().await;
    Ok(())
}

/// Local actors created under another public URL cannot federate from this
/// one (their ids point elsewhere); say so at start-up.
async fn warn_about_foreign_actors(store: &dyn Store, settings: &Settings) -> anyhow::Result<()> {
    for actor in store.local_actors().await? {
        if !settings.urls.is_local(&actor.url) {
            tracing::warn!(actor = %actor.url, public_url = %settings.urls.base(), "local actor was created under a different public URL");
        }
    }
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}
