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
    match runtime.block_on(cli::run(cli)) {
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
/// text or JSON lines (`server.log_format`). Called once the settings are
/// read; an error reading them is printed by `main` as one line.
pub(crate) fn init_tracing(format: config::LogFormat) {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_env("ECITIES_LOG")
        .or_else(|_| EnvFilter::try_from_default_env())
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,activitypub_federation=warn"));
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
}
