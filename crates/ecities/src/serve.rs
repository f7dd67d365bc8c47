//! `ecities serve`: the HTTP server and background workers, with graceful
//! shutdown on SIGINT/SIGTERM.

use std::sync::Arc;

use activitypub_federation::config::FederationConfig;
use anyhow::Context;
use ecities_core::store::Store;
use ecities_federation::apub::{FedData, InstanceSigner, federation_config};
use ecities_federation::domains::DomainPolicy;
use ecities_federation::egress::Egress;
use ecities_federation::port::FederationPort;
use ecities_federation::render::ApubOutbox;
use ecities_federation::worker::{DeliveryWorker, SystemClock};
use ecities_web::AppState;
use tokio::net::TcpListener;
use tokio::sync::watch;

use crate::config::Settings;

pub async fn serve(settings: Settings) -> anyhow::Result<()> {
    // Bind first: a port in use is the most common start-up failure and
    // should be reported before anything else happens.
    let listener =
        TcpListener::bind(settings.bind).await.with_context(|| format!("cannot listen on {}", settings.bind))?;
    // Test-only: move this process's clock (debug builds; see
    // ecities_core::time::set_clock_offset_for_tests).
    #[cfg(debug_assertions)]
    if let Some(secs) = std::env::var("ECITIES_TEST_CLOCK_OFFSET_SECS").ok().and_then(|v| v.trim().parse::<i64>().ok())
    {
        tracing::warn!(offset_secs = secs, "test clock offset in effect");
        ecities_core::time::set_clock_offset_for_tests(secs.saturating_mul(1000));
    }
    let store = Arc::new(crate::cli::open(&settings).await?);
    // Request counts, latencies, inbox and delivery outcomes: recorded from
    // here on, rendered by GET /metrics.
    ecities_web::observe::install_recorder().context("cannot set up the metrics recorder")?;
    let upkeep_task = tokio::spawn(ecities_web::observe::run_upkeep());
    warn_about_foreign_actors(store.as_ref(), &settings).await?;

    let store_dyn: Arc<dyn Store> = store.clone();
    let Federation { config: federation, client, domains, outbox } = federation(&settings, store.clone()).await?;
    sync_configured_feed_sources(store.as_ref(), &settings).await?;
    let state = web_state(&settings, store_dyn.clone(), &federation, &client, outbox);
    let topics_state = state.clone();
    let app = app(state, &federation);

    let (stop_workers, workers_stopped) = watch::channel(false);
    let store_dyn_for_pruner = store_dyn.clone();
    let worker = DeliveryWorker::with_domain_policy(
        store_dyn,
        client.clone(),
        settings.delivery.clone(),
        Arc::new(SystemClock),
        domains,
    )
    .wake_on(store.deliveries_queued());
    let worker_task = tokio::spawn(worker.run(workers_stopped.clone()));
    // The search index's first load (half a minute for a million practices
    // on SQLite) starts now, in the background, not in a reader's request.
    let warm_store = store.clone();
    tokio::spawn(async move {
        use ecities_core::store::{PracticeQuery, SearchStore};
        if let Err(e) = warm_store.count_practices(&PracticeQuery::default()).await {
            tracing::warn!(error = %e, "loading the search index at start failed; the first search loads it");
        }
    });
    let import_data = Arc::new((*federation.to_request_data()).clone());
    let embargo_task =
        tokio::spawn(ecities_federation::embargo::run_release(import_data.clone(), workers_stopped.clone()));
    let import_task = tokio::spawn(ecities_federation::poller::run_scheduler(
        import_data,
        client.clone(),
        settings.import_interval,
        workers_stopped.clone(),
    ));
    let portal_task = tokio::spawn(ecities_federation::identity::run_checker(
        store_dyn_for_pruner.clone(),
        client.clone(),
        settings.portal_check_interval,
        workers_stopped.clone(),
    ));
    let membership_task = tokio::spawn(ecities_federation::identity::run_membership_checker(
        federation.clone(),
        settings.membership_check_interval,
        workers_stopped.clone(),
    ));
    let prune_task = tokio::spawn(ecities_federation::inbox::run_pruner(store_dyn_for_pruner, workers_stopped.clone()));
    let topics_task =
        tokio::spawn(ecities_web::topics::run_topic_scheduler(topics_state, settings.topic_interval, workers_stopped));

    tracing::info!(
        bind = %settings.bind,
        public_url = %settings.urls.base(),
        database = ?settings.database.dialect(),
        delivery_workers = settings.delivery.concurrency,
        dev_mode = settings.dev_mode,
        "ecities is serving"
    );
    let files = ecities_web::server::raise_file_limit();
    let limits = ecities_web::server::ServerLimits {
        max_connections: ecities_web::server::connections_for_file_limit(files, settings.limits.max_connections),
        ..settings.limits.clone()
    };
    if limits.max_connections < settings.limits.max_connections {
        tracing::warn!(
            open_file_limit = files,
            max_connections = limits.max_connections,
            "the open-file limit allows fewer connections than server.max_connections; raise LimitNOFILE"
        );
    }
    let served = ecities_web::server::serve(listener, app, limits, shutdown_requested()?).await;
    tracing::info!("shutting down: finishing deliveries in flight");
    let _ = stop_workers.send(true);
    let _ = worker_task.await;
    let _ = import_task.await;
    let _ = embargo_task.await;
    let _ = topics_task.await;
    let _ = prune_task.await;
    let _ = portal_task.await;
    let _ = membership_task.await;
    upkeep_task.abort();
    store.close().await;
    served.context("the HTTP server failed")
}

/// The web crate's state: federation is reached through the core's ports.
pub fn web_state(
    settings: &Settings,
    store: Arc<dyn Store>,
    federation: &FederationConfig<FedData>,
    client: &Egress,
    outbox: Arc<ApubOutbox>,
) -> AppState {
    AppState {
        store,
        urls: settings.urls.clone(),
        outbox,
        federation: Arc::new(FederationPort::new(federation.clone(), client.clone())),
        dev_mode: settings.dev_mode,
        site: Arc::new(ecities_web::site::Site::new(settings.node.clone())),
        configured_domains: ecities_web::ConfiguredDomains {
            blocked: settings.federation.blocked_domains.clone(),
            allowed: settings.federation.allowed_domains.clone(),
            allowlist_only: settings.federation.allowlist_only,
        },
        blobs: federation.to_request_data().blobs.clone(),
        media: settings.media.limits.clone(),
        machine: settings.machine.as_ref().and_then(|m| {
            match ecities_federation::machine::LibreTranslate::new(&m.url, m.engine.clone(), m.api_key.clone()) {
                Ok(t) => Some(Arc::new(t) as Arc<dyn ecities_core::translation::MachineTranslator>),
                Err(e) => {
                    tracing::error!(error = %e, "machine translation is off");
                    None
                }
            }
        }),
    }
}

/// The node's HTTP application: web and federation routes merged, with
/// content negotiation on the URLs both serve ([`crate::http`]).
pub fn app(state: AppState, federation: &FederationConfig<FedData>) -> axum::Router {
    crate::http::app(
        ecities_web::router(state),
        ecities_federation::http::router(federation.clone()),
        ecities_federation::http::documents(federation.clone()),
    )
}

/// The federation machinery every command that talks to other servers needs.
pub struct Federation {
    pub config: FederationConfig<FedData>,
    pub client: ecities_federation::egress::Egress,
    pub domains: Arc<DomainPolicy>,
    pub outbox: Arc<ApubOutbox>,
}

/// Builds the HTTP client, domain policy, outbox renderer and
/// activitypub_federation configuration (creating the instance actor on
/// first use).
pub async fn federation(settings: &Settings, store: Arc<ecities_store::SqlStore>) -> anyhow::Result<Federation> {
    let store_dyn: Arc<dyn Store> = store.clone();
    let outbox = Arc::new(ApubOutbox::new(settings.urls.clone()).with_archive_pace(settings.federation.archive_pace));
    let client = Egress::new(settings.dev_mode)?;
    let domains = Arc::new(DomainPolicy::new(
        store_dyn.clone(),
        settings.urls.base(),
        &settings.federation.blocked_domains,
        &settings.federation.allowed_domains,
        settings.federation.allowlist_only,
    )?);
    let blobs: Arc<dyn ecities_core::media::BlobStore> = match &settings.media.store {
        crate::config::MediaStore::Local => Arc::new(ecities_store::blobs::LocalBlobs::new(settings.media.dir.clone())),
        crate::config::MediaStore::S3(s3) => {
            let bucket = ecities_store::blobs::S3Blobs::new(s3)?;
            bucket.check().await?;
            Arc::new(bucket)
        }
    };
    let fed_data = FedData {
        store: store_dyn,
        urls: settings.urls.clone(),
        outbox: outbox.clone(),
        domains: domains.clone(),
        dev_mode: settings.dev_mode,
        inbox_limit: Arc::new(ecities_federation::ratelimit::HostRateLimiter::new(settings.federation.inbox_limit)),
        blobs,
        media: settings.media.limits.clone(),
        egress: client.clone(),
        secure_mode: settings.federation.secure_mode,
        replays: Arc::default(),
    };
    let instance = ecities_core::usecases::actors::ensure_instance_actor(store.as_ref(), &settings.urls, || {
        ecities_federation::keys::generate_keypair()
    })
    .await?;
    let signer = InstanceSigner::load(store.as_ref(), instance).await?;
    let config = federation_config(fed_data, &client, &signer).await?;
    Ok(Federation { config, client, domains, outbox })
}

/// Creates the feed sources listed under `[[import.sources]]` that do not
/// exist yet (sources are never deleted because they left the file).
async fn sync_configured_feed_sources(store: &dyn Store, settings: &Settings) -> anyhow::Result<()> {
    for source in &settings.import_sources {
        let actor = store
            .local_actor_by_name(&source.actor)
            .await?
            .with_context(|| format!("import.sources: no local actor named '{}'", source.actor))?;
        let rules = ecities_core::net::EgressRules::new(settings.dev_mode);
        // The configuration file is the operator's.
        let added = ecities_core::usecases::import::add_source(
            store,
            &ecities_core::access::Principal::Operator,
            &actor,
            source.url.as_str(),
            &source.mapping,
            source.delete_missing,
            rules,
        )
        .await;
        match added {
            Ok(_) => {
                tracing::info!(actor = %source.actor, url = %source.url, "feed source added from the configuration")
            }
            Err(ecities_core::CoreError::Conflict(_)) => {}
            Err(e) => return Err(anyhow::Error::from(e).context(format!("import.sources: {}", source.url))),
        }
    }
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

/// Ctrl-C or SIGTERM, for `serve` and `demo`. The handlers are installed
/// here, at once (not when first awaited), so a signal during startup is
/// never the default "die now" (which would leave `demo`'s nodes running).
pub(crate) fn shutdown_requested() -> anyhow::Result<impl Future<Output = ()>> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let mut term = signal(SignalKind::terminate()).context("cannot handle SIGTERM")?;
        let mut int = signal(SignalKind::interrupt()).context("cannot handle Ctrl-C")?;
        Ok(async move {
            tokio::select! {
                _ = term.recv() => {},
                _ = int.recv() => {},
            }
        })
    }
    #[cfg(not(unix))]
    {
        Ok(async {
            let _ = tokio::signal::ctrl_c().await;
        })
    }
}
