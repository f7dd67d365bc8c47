//! The command line: `serve`, `migrate`, `actor create`, `token create`, …
//! Every command acts as the node operator.

use std::path::PathBuf;

use anyhow::Context;
use clap::{Args, Parser, Subcommand};
use ecities_core::access::{Principal, Role};
use ecities_core::actor::NewLocalActor;
use ecities_core::usecases;
use ecities_store::SqlStore;

use crate::config::Settings;

#[derive(Debug, Parser)]
#[command(
    name = "ecities",
    version,
    about = "A federated ActivityPub node for the e-Cities Network: cities publish practices, associations relay them, the UN knowledge space curates them."
)]
pub struct Cli {
    /// Configuration file (TOML). Environment variables override it.
    #[arg(long, global = true, env = "ECITIES_CONFIG", value_name = "PATH")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the node: HTTP server, delivery workers. With no configuration it
    /// stores its data in ./data/ and listens on 127.0.0.1:8080.
    Serve,
    /// Apply database migrations and exit (`serve` also applies them).
    Migrate {
        /// Only list the migrations that would be applied; change nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Write a consistent backup of the database while the node serves
    /// (SQLite: a copy; PostgreSQL: a pg_dump archive). It holds the actors'
    /// private keys: keep it like a password.
    Backup {
        /// The backup file to write (must not exist).
        #[arg(long, value_name = "FILE")]
        to: PathBuf,
    },
    /// Restore a backup into an empty data directory (SQLite) or an empty
    /// database (PostgreSQL), then migrate it to this version.
    Restore {
        /// The backup file written by `ecities backup`.
        #[arg(long, value_name = "FILE")]
        from: PathBuf,
    },
    /// Check configuration, public URL, database, keys, clock and limits,
    /// and say what to fix.
    Doctor,
    /// Manage local actors (cities, associations, knowledge spaces).
    #[command(subcommand)]
    Actor(ActorCommand),
    /// Manage API tokens.
    #[command(subcommand)]
    Token(TokenCommand),
    /// Import a city portal's RSS, Atom or JSON feed.
    #[command(subcommand)]
    Feed(FeedCommand),
    /// Manage people who sign in to /admin.
    #[command(subcommand)]
    User(UserCommand),
    /// Block or allow remote domains (defederation), node-wide.
    #[command(subcommand)]
    Domain(DomainCommand),
    /// Start a complete local network on loopback — two cities, an
    /// association and a knowledge space, each its own node and SQLite
    /// database — seed it with example practices and print the URLs to
    /// open. Ctrl-C stops it; run again to start the same network.
    Demo {
        /// Where the nodes keep their databases, API tokens and logs.
        #[arg(long, default_value = "demo-data")]
        dir: std::path::PathBuf,
        /// The first of four consecutive free ports (one node each).
        #[arg(long, default_value_t = 8081)]
        port: u16,
    },
    /// Queue failed deliveries of an actor again.
    Replay {
        /// Name of the local actor whose failed deliveries to retry.
        #[arg(long)]
        actor: String,
    },
}

#[derive(Debug, Subcommand)]
enum FeedCommand {
    /// Add a feed source to a local actor; prints its id last.
    Add {
        #[arg(long)]
        actor: String,
        #[arg(long)]
        url: String,
        /// Kind of its items unless a category says otherwise (default best_practice).
        #[arg(long)]
        kind: Option<String>,
        /// SDGs of its items unless categories say otherwise, e.g. 11,13 (default 11).
        #[arg(long, value_delimiter = ',')]
        sdgs: Vec<i64>,
        /// Country (default: the actor's).
        #[arg(long)]
        country: Option<String>,
        /// Language when the feed does not say (default en).
        #[arg(long)]
        language: Option<String>,
        /// Delete practices whose items vanish from the feed.
        #[arg(long)]
        delete_missing: bool,
    },
    /// List feed sources with their state.
    List,
    /// Poll a feed source now.
    Poll {
        #[arg(long)]
        id: i64,
    },
}

#[derive(Debug, Subcommand)]
enum UserCommand {
    /// Create an admin sign-in: an editor or moderator of a local actor
    /// (`--actor NAME [--role …]`) or a node operator (`--operator`). The
    /// password is read from standard input (first line), e.g.
    /// `ecities user create … < password.txt`.
    Create {
        /// Name of the local actor the user acts for.
        #[arg(long, required_unless_present = "operator", conflicts_with = "operator")]
        actor: Option<String>,
        /// editor (publishes, feeds, follows, tokens) or moderator (an
        /// association's review queue). Default: editor.
        #[arg(long, requires = "actor", conflicts_with = "operator")]
        role: Option<String>,
        /// A node operator: node-wide settings (domain rules, users), no actor.
        #[arg(long)]
        operator: bool,
        /// The login to sign in with.
        #[arg(long)]
        login: String,
    },
    /// List admin users with their role.
    List,
}

#[derive(Debug, Subcommand)]
enum DomainCommand {
    /// Refuse everything from and to this domain and its subdomains.
    Block {
        domain: String,
        /// Why (shown in listings).
        #[arg(long)]
        note: Option<String>,
    },
    /// Allow this domain (needed in allowlist-only mode).
    Allow {
        domain: String,
        #[arg(long)]
        note: Option<String>,
    },
    /// Remove the rule for this domain.
    Remove { domain: String },
    /// List the rules stored in the database (configuration rules apply too).
    List,
}

#[derive(Debug, Subcommand)]
enum ActorCommand {
    /// Create a local actor with a fresh key pair; prints its URL last.
    Create(ActorCreate),
    /// List local actors.
    List,
}

#[derive(Debug, Args)]
struct ActorCreate {
    /// city, association or knowledge-space.
    #[arg(long)]
    kind: String,
    /// Short name: the NAME of NAME@HOST (lower-case letters, digits, - _ .).
    #[arg(long)]
    name: String,
    /// Name shown to people, e.g. "Seoul Metropolitan Government".
    #[arg(long)]
    display_name: Option<String>,
    /// ISO 3166-1 alpha-2 country code, e.g. KR.
    #[arg(long)]
    country: Option<String>,
    /// The organisation's own web portal, shown on its profile page.
    #[arg(long)]
    portal: Option<String>,
}

#[derive(Debug, Subcommand)]
enum TokenCommand {
    /// Create an API token for a local actor (`--actor NAME [--role …]`) or
    /// for the node operator (`--operator`); prints the token last (shown once).
    Create {
        /// Name of the local actor the token acts for.
        #[arg(long, required_unless_present = "operator", conflicts_with = "operator")]
        actor: Option<String>,
        /// editor (publish, feeds, follows, tokens) or moderator (review
        /// queue). Default: editor.
        #[arg(long, requires = "actor", conflicts_with = "operator")]
        role: Option<String>,
        /// A node operator's token: node-wide settings (/api/v1/domains).
        #[arg(long)]
        operator: bool,
        /// A note to recognise the token by, e.g. "portal CMS".
        #[arg(long)]
        label: Option<String>,
        /// write (publish, follow, …) or read (look only). Default: write.
        #[arg(long, default_value = "write")]
        scope: String,
    },
}

pub async fn run(cli: Cli) -> anyhow::Result<()> {
    let settings = Settings::load(cli.config.as_deref())?;
    // Only a running node sends traces; one-off commands log only.
    let otlp = settings.otlp.as_ref().filter(|_| matches!(cli.command, Command::Serve));
    let export = crate::init_tracing(settings.log_format, otlp)?;
    #[cfg(not(feature = "otlp"))]
    let _ = &export;
    match cli.command {
        Command::Serve => {
            let served = crate::serve::serve(settings).await;
            #[cfg(feature = "otlp")]
            if let Some(export) = export {
                // The last spans (the shutdown's own among them) leave now.
                let _ = tokio::task::spawn_blocking(move || export.shutdown()).await;
            }
            served
        }
        Command::Demo { dir, port } => crate::demo::run(&dir, port).await,
        Command::Migrate { dry_run } => crate::ops::migrate(&settings, dry_run).await,
        Command::Backup { to } => crate::ops::backup(&settings, &to).await,
        Command::Restore { from } => crate::ops::restore(&settings, &from).await,
        Command::Doctor => crate::ops::doctor(&settings, cli.config.as_deref()).await,
        Command::Actor(ActorCommand::Create(args)) => {
            // Validate before touching the database or generating keys.
            let new =
                NewLocalActor::parse(&args.name, &args.kind, args.display_name.as_deref(), args.country.as_deref())?
                    .with_portal(args.portal.as_deref())?;
            let store = open(&settings).await?;
            warn_about_public_url(&store, &settings).await;
            let keys = tokio::task::spawn_blocking(ecities_federation::keys::generate_keypair)
                .await
                .context("key generation was interrupted")??;
            let actor = usecases::actors::create_actor(&store, &OPERATOR, &settings.urls, &new, &keys).await?;
            store.close().await;
            println!(
                "created {} {} ({})",
                actor.kind,
                actor.handle(),
                actor.display_name.as_deref().unwrap_or(&actor.name)
            );
            println!("{}", actor.url);
            Ok(())
        }
        Command::Actor(ActorCommand::List) => {
            let store = open(&settings).await?;
            use ecities_core::store::ActorStore;
            for a in store.local_actors().await? {
                println!("{}\t{}\t{}", a.kind, a.handle(), a.url);
            }
            store.close().await;
            Ok(())
        }
        Command::Domain(cmd) => {
            use ecities_core::hub::DomainRuleKind;
            use usecases::node;
            let store = open(&settings).await?;
            let result = match cmd {
                DomainCommand::Block { domain, note } => {
                    node::set_domain_rule(&store, &OPERATOR, &domain, DomainRuleKind::Block, note.as_deref())
                        .await
                        .map(|r| println!("blocked {}", r.domain))
                }
                DomainCommand::Allow { domain, note } => {
                    node::set_domain_rule(&store, &OPERATOR, &domain, DomainRuleKind::Allow, note.as_deref())
                        .await
                        .map(|r| println!("allowed {}", r.domain))
                }
                DomainCommand::Remove { domain } => node::remove_domain_rule(&store, &OPERATOR, &domain)
                    .await
                    .map(|()| println!("removed the rule for {}", domain.trim())),
                DomainCommand::List => node::domain_rules(&store, &OPERATOR).await.map(|rules| {
                    for r in rules {
                        println!("{}\t{}\t{}", r.rule.as_str(), r.domain, r.note.unwrap_or_default());
                    }
                }),
            };
            store.close().await;
            Ok(result?)
        }
        Command::Feed(cmd) => feed(&settings, cmd).await,
        Command::User(UserCommand::Create { actor, role, operator: _, login }) => {
            let login = usecases::access::parse_login(&login)?;
            // Checked before the password is asked for.
            let role = role.as_deref().map(Role::parse).transpose()?.unwrap_or_default();
            if std::io::IsTerminal::is_terminal(&std::io::stdin()) {
                eprintln!("Password (at least {} characters), then Enter:", ecities_web::auth::MIN_PASSWORD_CHARS);
            }
            let mut password = String::new();
            std::io::stdin().read_line(&mut password).context("cannot read the password from standard input")?;
            let hash = ecities_web::auth::hash_password(password.trim_end_matches(['\r', '\n']))?;
            let store = open(&settings).await?;
            let result = async {
                let (holder, whom) = holder(&store, actor.as_deref(), role).await?;
                let user = usecases::access::create_user(&store, &OPERATOR, &holder, &login, &hash).await?;
                anyhow::Ok((user, whom))
            }
            .await;
            store.close().await;
            let (user, whom) = result?;
            println!("{} can sign in at {}admin as {whom}", user.login, settings.urls.base());
            Ok(())
        }
        Command::User(UserCommand::List) => {
            use ecities_core::store::ActorStore;
            let store = open(&settings).await?;
            let result = async {
                for u in usecases::access::users(&store, &OPERATOR).await? {
                    let actor = match u.holder.actor() {
                        Some(id) => store.actor(id).await?.handle(),
                        None => "-".to_owned(),
                    };
                    println!("{}\t{}\t{actor}", u.login, u.holder.role_name());
                }
                anyhow::Ok(())
            }
            .await;
            store.close().await;
            result
        }
        Command::Replay { actor } => {
            let store = open(&settings).await?;
            let result = async {
                let found = usecases::actors::find_local(&store, &actor).await?;
                usecases::deliveries::replay_failed(&store, &OPERATOR, &found).await
            }
            .await;
            store.close().await;
            println!("{} failed deliveries queued again", result?);
            Ok(())
        }
        Command::Token(TokenCommand::Create { actor, role, operator: _, label, scope }) => {
            let scope = ecities_core::token::TokenScope::parse(&scope)?;
            let role = role.as_deref().map(Role::parse).transpose()?.unwrap_or_default();
            let store = open(&settings).await?;
            let random: [u8; 32] = rand::random();
            let result = async {
                let (holder, whom) = holder(&store, actor.as_deref(), role).await?;
                let (_, token) =
                    usecases::access::create_token(&store, &OPERATOR, &holder, label.as_deref(), scope, &random)
                        .await?;
                anyhow::Ok((token, whom))
            }
            .await;
            store.close().await;
            let (token, whom) = result?;
            println!("API token for {whom} (shown once, keep it safe):");
            println!("{token}");
            Ok(())
        }
    }
}

/// The command line acts as the node operator.
const OPERATOR: Principal = Principal::Operator;

/// Who a new token or user acts as: `role` of the local actor `actor`, or
/// the operator when no actor is named; and how to describe it.
async fn holder(store: &SqlStore, actor: Option<&str>, role: Role) -> anyhow::Result<(Principal, String)> {
    Ok(match actor {
        Some(name) => {
            let found = usecases::actors::find_local(store, name).await?;
            (Principal::Member { actor: found.id, role }, format!("{} ({})", found.handle(), role.as_str()))
        }
        None => (Principal::Operator, "the node operator".to_owned()),
    })
}

/// An actor's id embeds the public URL forever: say so when this command
/// is about to use a default one, or one other actors in this database do
/// not share (the command was probably run without the node's
/// configuration).
async fn warn_about_public_url(store: &SqlStore, settings: &Settings) {
    use ecities_core::store::ActorStore;
    let base = settings.urls.base();
    if !settings.public_url_configured {
        eprintln!(
            "warning: no public URL is configured (server.public_url or ECITIES_PUBLIC_URL); the actor's id will be {base}… forever. Run this command with the node's configuration (--config FILE) if that is not the node's address."
        );
    }
    if let Ok(actors) = store.local_actors().await
        && let Some(other) = actors.iter().find(|a| !settings.urls.is_local(&a.url))
    {
        eprintln!(
            "warning: other actors in this database live at {} but this one will be created under {base}; is this the node's configuration?",
            other.url
        );
    }
}

/// Connects to the configured database and applies pending migrations.
pub async fn open(settings: &Settings) -> anyhow::Result<SqlStore> {
    let options = ecities_store::StoreOptions {
        max_connections: settings.max_connections,
        sqlite_max_pages: settings.sqlite_max_pages,
        sqlite_readers: settings.sqlite_readers,
    };
    let store = ecities_store::connect_with(&settings.database, options).await?;
    ecities_store::migrate(&store).await?;
    Ok(store)
}

async fn feed(settings: &Settings, cmd: FeedCommand) -> anyhow::Result<()> {
    use ecities_core::import::{FeedMapping, FeedSourceId};
    use ecities_core::store::{ActorStore, ImportStore};
    let store = std::sync::Arc::new(open(settings).await?);
    match cmd {
        FeedCommand::Add { actor, url, kind, sdgs, country, language, delete_missing } => {
            let found = ecities_core::usecases::actors::find_local(store.as_ref(), &actor).await?;
            let mapping = FeedMapping { kind, sdgs, country, language, ..Default::default() };
            let source = ecities_core::usecases::import::add_source(
                store.as_ref(),
                &OPERATOR,
                &found,
                &url,
                &mapping,
                delete_missing,
                ecities_core::net::EgressRules::new(settings.dev_mode),
            )
            .await?;
            println!(
                "feed source {} added for {}; it is polled by `ecities serve`, or now with `ecities feed poll --id {}`",
                source.url,
                found.handle(),
                source.id.0
            );
            println!("{}", source.id.0);
        }
        FeedCommand::List => {
            for s in store.feed_sources(None).await? {
                let actor = store.actor(s.actor).await?;
                println!(
                    "{}\t{}\t{}\t{}\t{} imported\t{}",
                    s.id.0,
                    actor.name,
                    s.url,
                    s.state(),
                    s.items_imported,
                    s.last_error.unwrap_or_default()
                );
            }
        }
        FeedCommand::Poll { id } => {
            let (source, author) =
                ecities_core::usecases::import::source_to_poll(store.as_ref(), &OPERATOR, FeedSourceId(id)).await?;
            let fed = crate::serve::federation(settings, store.clone()).await?;
            let data = fed.config.to_request_data();
            let report = ecities_federation::poller::poll(&data, &fed.client, &source, &author).await;
            println!(
                "{}: {} created, {} updated, {} unchanged, {} deleted{}",
                report.status,
                report.created,
                report.updated,
                report.unchanged,
                report.deleted,
                report.error.map(|e| format!(" ({e})")).unwrap_or_default()
            );
            if report.status == "error" {
                store.close().await;
                anyhow::bail!("the feed could not be imported");
            }
        }
    }
    store.close().await;
    Ok(())
}
