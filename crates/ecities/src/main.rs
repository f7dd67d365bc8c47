//! `ecities`: one binary for a federated e-Cities node.
//!
//! Errors reach the user as one line on stderr and a non-zero exit code;
//! `anyhow` with context is used here and only here (libraries use typed
//! errors).

mod cli;
mod config;
mod demo;
mod http;
mod ops;
#[cfg(feature = "otlp")]
mod otel;
mod serve;

use std::process::ExitCode;

use clap::Parser;

/// mimalloc instead of the system allocator: under the delivery fan-out,
/// glibc's malloc and free (many small buffers handed between the HTTP,
/// signing and database threads) took ~15 % of the async threads' time.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc reads its options from the environment once, at start. Eagerly
/// committing its first arena costs a node about 11 MB of resident memory
/// it never uses (idle: 14 MB anonymous memory against 3 MB without), and
/// an option can only be set from safe code through the environment — so
/// the process starts itself again, once, with the option set. An
/// operator's own setting wins.
const ALLOCATOR_OPTION: (&str, &str) = ("MIMALLOC_ARENA_EAGER_COMMIT", "0");

#[cfg(unix)]
fn restart_with_allocator_options() {
    use std::os::unix::process::CommandExt;
    let (name, value) = ALLOCATOR_OPTION;
    if std::env::var_os(name).is_some() {
        return;
    }
    let Ok(exe) = std::env::current_exe() else { return };
    // `exec` only returns on failure; the node then runs as it is.
    let _ = std::process::Command::new(exe).args(std::env::args_os().skip(1)).env(name, value).exec();
}

#[cfg(not(unix))]
fn restart_with_allocator_options() {}

fn main() -> ExitCode {
    restart_with_allocator_options();
    let cli = cli::Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(cli::run(cli));
    // Tasks still running get a moment to end, not forever: one that never
    // yields must not keep a finished command from exiting (seen in CI: a
    // `feed poll` that had done its work spun at 100 % for minutes in
    // sqlx 0.9's idle-connection sweep, whose idle count had wrapped around
    // while its pool closed, and dropping the runtime waited for it).
    runtime.shutdown_timeout(std::time::Duration::from_secs(5));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {}", one_line(&e));
            ExitCode::FAILURE
        }
    }
}

/// The error with its causes, on one line: "cannot open …: permission denied".
fn one_line(e: &anyhow::Error) -> String {
    let mut parts: Vec<String> = Vec::new();
    for cause in e.chain() {
        let text = cause.to_string();
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
    }
    parts.join(": ").replace('\n', " ")
}

/// Logs on stderr, filtered by `ECITIES_LOG` (tracing's filter syntax), as
/// text or JSON lines (`server.log_format`), and the spans sent to an OTLP
/// collector when `otlp` is given (`[observability]`; only `serve` sends).
/// Called once the settings are read, on the runtime; an error reading
/// them is printed by `main` as one line. Returns what stops the export.
pub(crate) fn init_tracing(
    format: config::LogFormat,
    otlp: Option<&config::OtlpSettings>,
) -> anyhow::Result<Option<TraceExport>> {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_env("ECITIES_LOG")
        .or_else(|_| EnvFilter::try_from_default_env())
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,activitypub_federation=warn"));
    if let Some(otlp) = otlp {
        return init_with_export(format, filter, otlp).map(Some);
    }
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    match format {
        config::LogFormat::Text => {
            let ansi = std::io::IsTerminal::is_terminal(&std::io::stderr());
            builder.with_ansi(ansi).init();
        }
        // Each line: timestamp, level, target, the event's fields, the
        // innermost span and the list of spans it is in (request, inbox,
        // delivery…), each with its fields.
        config::LogFormat::Json => builder.json().with_current_span(true).with_span_list(true).init(),
    }
    Ok(None)
}

#[cfg(feature = "otlp")]
pub(crate) type TraceExport = otel::Export;
#[cfg(not(feature = "otlp"))]
pub(crate) type TraceExport = std::convert::Infallible;

/// The log lines as [`init_tracing`] writes them, each line filtered by
/// `filter`, beside the OTLP export with a filter of its own: this node's
/// spans from `debug` up (request, use case, store, delivery) whatever
/// `ECITIES_LOG` says, other crates' from `info`, events from `info`.
#[cfg(feature = "otlp")]
fn init_with_export(
    format: config::LogFormat,
    filter: tracing_subscriber::EnvFilter,
    otlp: &config::OtlpSettings,
) -> anyhow::Result<TraceExport> {
    use tracing::Level;
    use tracing_subscriber::Layer;
    use tracing_subscriber::layer::SubscriberExt;
    use tracing_subscriber::util::SubscriberInitExt;
    let fmt = tracing_subscriber::fmt::layer().with_writer(std::io::stderr);
    let fmt = match format {
        config::LogFormat::Text => fmt.with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr())).boxed(),
        config::LogFormat::Json => fmt.json().with_current_span(true).with_span_list(true).boxed(),
    };
    let registry = tracing_subscriber::registry().with(fmt.with_filter(filter));
    let (layer, export) = otel::layer(otlp)?;
    fn exported(meta: &tracing::Metadata<'_>) -> bool {
        let ours = meta.target().starts_with("ecities");
        *meta.level() <= Level::INFO || (meta.is_span() && ours && *meta.level() <= Level::DEBUG)
    }
    // Asked at every call, never cached as "always": with two per-layer
    // filters, a callsite cached as always-on skips the filters' check, and
    // the per-thread filter state the check leaves is then whatever the last
    // `enabled!` left — sqlx asks one after every query on PostgreSQL, and
    // the next store span went missing from the traces (tracing issue 2519).
    let exported =
        tracing_subscriber::filter::dynamic_filter_fn(|meta, _| exported(meta)).with_callsite_filter(|meta| {
            if exported(meta) {
                tracing::subscriber::Interest::sometimes()
            } else {
                tracing::subscriber::Interest::never()
            }
        });
    registry.with(layer.with_filter(exported)).try_init()?;
    Ok(export)
}

#[cfg(not(feature = "otlp"))]
fn init_with_export(
    _: config::LogFormat,
    _: tracing_subscriber::EnvFilter,
    _: &config::OtlpSettings,
) -> anyhow::Result<TraceExport> {
    anyhow::bail!("this ecities was built without trace export (cargo feature otlp)")
}
