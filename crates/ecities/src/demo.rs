//! `ecities demo`: a complete e-Cities network on this machine.
//!
//! Four nodes, each its own `ecities serve` process with its own SQLite
//! database under the demo directory, on consecutive loopback ports: two
//! cities, an association that relays both, and a knowledge space that
//! follows the association. They are wired and seeded through the same
//! commands and REST API an administrator would use, over real HTTP with
//! real signatures, then the URLs to open are printed. Ctrl-C stops them.
//! Run again with the same directory, it starts the same network again
//! without seeding it twice.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use serde_json::{Value, json};

/// The password of each node's `admin` login (printed; a demo only).
const ADMIN_PASSWORD: &str = "ecities-demo";
/// How long a node may take to answer `/healthz`, and federation to settle.
const START_TIMEOUT: Duration = Duration::from_secs(60);
const SETTLE_TIMEOUT: Duration = Duration::from_secs(90);

struct DemoNode {
    name: &'static str,
    kind: &'static str,
    display_name: &'static str,
    country: Option<&'static str>,
}

const NODES: [DemoNode; 4] = [
    DemoNode { name: "seoul", kind: "city", display_name: "Seoul Metropolitan Government", country: Some("KR") },
    DemoNode { name: "nairobi", kind: "city", display_name: "Nairobi City County", country: Some("KE") },
    DemoNode { name: "uclg", kind: "association", display_name: "United Cities and Local Governments", country: None },
    DemoNode {
        name: "unpaks",
        kind: "knowledge-space",
        display_name: "UN Public Administration Knowledge Space",
        country: None,
    },
];

/// A node of the running demo.
struct Running {
    node: &'static DemoNode,
    port: u16,
    dir: PathBuf,
    child: Child,
}

impl Drop for Running {
    /// A node still running when the demo ends abnormally (a panic) is not
    /// left behind holding its port.
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

impl Running {
    fn url(&self, path: &str) -> String {
        format!("http://localhost:{}{path}", self.port)
    }

    fn actor(&self) -> String {
        self.url(&format!("/actors/{}", self.node.name))
    }

    fn token(&self) -> anyhow::Result<String> {
        let path = self.dir.join("token");
        Ok(std::fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))?.trim().to_owned())
    }
}

pub async fn run(dir: &Path, first_port: u16) -> anyhow::Result<()> {
    if first_port == 0 || first_port > u16::MAX - 3 {
        bail!("--port: give the first of four free ports, e.g. 8081 (got {first_port})");
    }
    for port in first_port..first_port + 4 {
        if std::net::TcpListener::bind(("127.0.0.1", port)).is_err() {
            bail!("port {port} is in use or not allowed; the demo needs four free ports from --port {first_port}");
        }
    }
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create the demo directory {}", dir.display()))?;
    let dir = dir.canonicalize().with_context(|| format!("cannot resolve {}", dir.display()))?;
    let exe = std::env::current_exe().context("cannot find the ecities executable")?;
    let seeded = dir.join("seeded").exists();

    let mut running: Vec<Running> = Vec::new();
    // Ctrl-C or SIGTERM at any moment, also while starting, stops the nodes.
    let shutdown = crate::serve::shutdown_requested()?;
    tokio::pin!(shutdown);
    let started = tokio::select! {
        started = start_network(&exe, &dir, first_port, seeded, &mut running) => Some(started),
        () = &mut shutdown => None,
    };
    let result = match started {
        Some(Ok(())) => {
            print_urls(&running, &dir);
            shutdown.await;
            Ok(())
        }
        Some(Err(e)) => Err(e),
        // Interrupted while starting.
        None => Ok(()),
    };
    println!("stopping the demo nodes");
    stop_all(&mut running);
    result
}

/// Starts (and the first time, prepares and seeds) every node.
async fn start_network(
    exe: &Path,
    dir: &Path,
    first_port: u16,
    seeded: bool,
    running: &mut Vec<Running>,
) -> anyhow::Result<()> {
    for (port, node) in (first_port..).zip(NODES.iter()) {
        let node_dir = dir.join(node.name);
        std::fs::create_dir_all(&node_dir).with_context(|| format!("cannot create {}", node_dir.display()))?;
        // Child processes, waited for off the async threads, so that a
        // Ctrl-C is acted on between steps.
        let (exe2, dir2) = (exe.to_owned(), node_dir.clone());
        let prepared = tokio::task::spawn_blocking(move || prepare(&exe2, node, &dir2, port))
            .await
            .context("preparing a node was interrupted")?;
        if let Err(e) = prepared {
            // Half-prepared: start this node from scratch next time.
            let _ = std::fs::remove_dir_all(&node_dir);
            return Err(e);
        }
        let child = serve(exe, &node_dir)?;
        running.push(Running { node, port, dir: node_dir, child });
    }
    for r in running.iter_mut() {
        wait_healthy(r).await?;
    }
    if !seeded {
        seed(running).await?;
        std::fs::write(dir.join("seeded"), "").with_context(|| format!("cannot write to {}", dir.display()))?;
    }
    Ok(())
}

/// The node's configuration file (written at every start, so it names the
/// ports in use): `ecities --config FILE …` runs any command against that
/// node.
fn config_file(dir: &Path, port: u16) -> anyhow::Result<std::path::PathBuf> {
    let path = dir.join("ecities.toml");
    {
        let text = format!(
            "# Written by `ecities demo` for one node of the demo network.\n\
             [server]\nbind = \"127.0.0.1:{port}\"\npublic_url = \"http://localhost:{port}\"\n\
             # Loopback peers and plain http: this network lives on one machine.\ndev_mode = true\n\n\
             [database]\nurl = \"sqlite://{}\"\n",
            dir.join("ecities.db").display()
        );
        std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(path)
}

fn node_command(exe: &Path, dir: &Path) -> Command {
    let mut cmd = Command::new(exe);
    // The node's configuration file alone decides: nothing from the
    // environment that started the demo leaks in.
    for var in
        ["ECITIES_DATABASE_URL", "ECITIES_BIND", "ECITIES_PUBLIC_URL", "ECITIES_DEV_MODE", "ECITIES_TRUSTED_PROXIES"]
    {
        cmd.env_remove(var);
    }
    cmd.env("ECITIES_CONFIG", dir.join("ecities.toml")).stdin(Stdio::null());
    cmd
}

/// Runs one `ecities` command for a node, failing with its stderr.
fn run_command(exe: &Path, dir: &Path, args: &[&str], stdin: Option<&str>) -> anyhow::Result<String> {
    let mut cmd = node_command(exe, dir);
    cmd.args(args).stdout(Stdio::piped()).stderr(Stdio::piped());
    if stdin.is_some() {
        cmd.stdin(Stdio::piped());
    }
    let mut child = cmd.spawn().with_context(|| format!("cannot run ecities {}", args.join(" ")))?;
    if let (Some(input), Some(mut pipe)) = (stdin, child.stdin.take()) {
        use std::io::Write;
        pipe.write_all(input.as_bytes()).context("cannot write to a child process")?;
    }
    let out = child.wait_with_output().context("a child process failed")?;
    if !out.status.success() {
        bail!("ecities {} failed: {}", args.join(" "), String::from_utf8_lossy(&out.stderr).trim());
    }
    Ok(String::from_utf8_lossy(&out.stdout).lines().last().unwrap_or_default().trim().to_owned())
}

/// Creates the node's database, actor, API token and admin login, once.
fn prepare(exe: &Path, node: &DemoNode, dir: &Path, port: u16) -> anyhow::Result<()> {
    config_file(dir, port)?;
    if dir.join("token").exists() {
        return Ok(());
    }
    run_command(exe, dir, &["migrate"], None)?;
    let mut create =
        vec!["actor", "create", "--kind", node.kind, "--name", node.name, "--display-name", node.display_name];
    if let Some(cc) = node.country {
        create.extend(["--country", cc]);
    }
    run_command(exe, dir, &create, None)?;
    run_command(exe, dir, &["user", "create", "--actor", node.name, "--login", "admin"], Some(ADMIN_PASSWORD))?;
    if node.kind == "association" {
        // Reviewing the queue is a moderator's job, not an editor's.
        let moderator = ["user", "create", "--actor", node.name, "--role", "moderator", "--login", "moderator"];
        run_command(exe, dir, &moderator, Some(ADMIN_PASSWORD))?;
    }
    run_command(exe, dir, &["user", "create", "--operator", "--login", "operator"], Some(ADMIN_PASSWORD))?;
    let token = run_command(exe, dir, &["token", "create", "--actor", node.name, "--label", "demo"], None)?;
    std::fs::write(dir.join("token"), format!("{token}\n"))
        .with_context(|| format!("cannot write {}", dir.join("token").display()))?;
    Ok(())
}

fn serve(exe: &Path, dir: &Path) -> anyhow::Result<Child> {
    let log = std::fs::File::create(dir.join("ecities.log"))
        .with_context(|| format!("cannot create {}", dir.join("ecities.log").display()))?;
    let err = log.try_clone().context("cannot open the log twice")?;
    node_command(exe, dir)
        .env("ECITIES_LOG", "info")
        .arg("serve")
        .stdout(log)
        .stderr(err)
        .spawn()
        .context("cannot start ecities serve")
}

async fn wait_healthy(r: &mut Running) -> anyhow::Result<()> {
    let deadline = Instant::now() + START_TIMEOUT;
    let client = reqwest::Client::builder().timeout(Duration::from_secs(5)).build().context("HTTP client")?;
    loop {
        if let Some(status) = r.child.try_wait().context("cannot watch a node")? {
            bail!(
                "the {} node stopped ({status}); is port {} free? See {}",
                r.node.name,
                r.port,
                r.dir.join("ecities.log").display()
            );
        }
        if let Ok(resp) = client.get(r.url("/healthz")).send().await
            && resp.status().is_success()
        {
            return Ok(());
        }
        if Instant::now() > deadline {
            bail!(
                "the {} node did not answer on port {} within a minute; see {}",
                r.node.name,
                r.port,
                r.dir.join("ecities.log").display()
            );
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// A small REST client for one node.
struct Api<'a> {
    node: &'a Running,
    token: String,
    http: reqwest::Client,
}

impl<'a> Api<'a> {
    fn new(node: &'a Running) -> anyhow::Result<Self> {
        let http = reqwest::Client::builder().timeout(Duration::from_secs(30)).build().context("HTTP client")?;
        Ok(Self { node, token: node.token()?, http })
    }

    async fn call(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> anyhow::Result<Value> {
        let mut req = self.http.request(method.clone(), self.node.url(path)).bearer_auth(&self.token);
        if let Some(b) = body {
            req = req.header("Content-Type", "application/json").body(b.to_string());
        }
        let resp = req.send().await.with_context(|| format!("{method} {path} on {}", self.node.node.name))?;
        let status = resp.status();
        let bytes = resp.bytes().await.unwrap_or_default();
        let value: Value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        if !status.is_success() {
            bail!("{method} {path} on {} answered {status}: {value}", self.node.node.name);
        }
        Ok(value)
    }

    async fn follow(&self, target: &Running) -> anyhow::Result<()> {
        self.call(reqwest::Method::POST, "/api/v1/follows", Some(json!({ "target": target.actor() }))).await?;
        let target = target.actor();
        settle(&format!("{} following {target}", self.node.node.name), || async {
            let follows = self.call(reqwest::Method::GET, "/api/v1/follows", None).await.ok()?;
            follows["items"]
                .as_array()?
                .iter()
                .any(|f| f["actor"] == target.as_str() && f["state"] == "accepted")
                .then_some(())
        })
        .await
    }

    async fn publish(&self, practice: Value) -> anyhow::Result<String> {
        let created = self.call(reqwest::Method::POST, "/api/v1/practices", Some(practice)).await?;
        created["id"].as_str().map(str::to_owned).context("the node did not return the practice's id")
    }
}

async fn settle<F, Fut>(what: &str, mut check: F) -> anyhow::Result<()>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Option<()>>,
{
    let deadline = Instant::now() + SETTLE_TIMEOUT;
    while Instant::now() < deadline {
        if check().await.is_some() {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    bail!("the demo network did not settle: {what}")
}

/// Membership, knowledge flows and example practices.
async fn seed(nodes: &[Running]) -> anyhow::Result<()> {
    let [seoul, nairobi, uclg, unpaks] = nodes else { bail!("the demo has four nodes") };
    println!("wiring the network and publishing example practices …");
    let (seoul_api, nairobi_api, uclg_api, unpaks_api) =
        (Api::new(seoul)?, Api::new(nairobi)?, Api::new(uclg)?, Api::new(unpaks)?);
    // The association relays its members: it follows both cities.
    uclg_api.follow(seoul).await?;
    uclg_api.follow(nairobi).await?;
    // The cities follow their association: what it relays reaches them.
    seoul_api.follow(uclg).await?;
    nairobi_api.follow(uclg).await?;
    // UN-PAKS gathers what the association relays; the association follows
    // UN-PAKS back, so UN knowledge flows down to the cities.
    unpaks_api.follow(uclg).await?;
    uclg_api.follow(unpaks).await?;

    let mut ids = Vec::new();
    for (api, practice) in [
        (&seoul_api, practice_seoul_transit()),
        (&seoul_api, practice_seoul_participation()),
        (&nairobi_api, practice_nairobi_water()),
        (&nairobi_api, practice_nairobi_lesson()),
    ] {
        ids.push(api.publish(practice).await?);
    }
    let guide = unpaks_api.publish(practice_unpaks_guide()).await?;
    settle("UN-PAKS has received the cities' practices through the association", || async {
        relayed_all(&unpaks_api, &ids).await
    })
    .await?;
    settle("the cities have received UN-PAKS's guide through the association", || async {
        relayed_all(&seoul_api, std::slice::from_ref(&guide)).await?;
        relayed_all(&nairobi_api, std::slice::from_ref(&guide)).await
    })
    .await
}

/// Whether the node behind `api` has every practice of `ids`, each with
/// the association that relayed it.
async fn relayed_all(api: &Api<'_>, ids: &[String]) -> Option<()> {
    let found = api.call(reqwest::Method::GET, "/api/v1/practices?limit=50", None).await.ok()?;
    let items = found["items"].as_array()?;
    ids.iter()
        .all(|id| items.iter().any(|p| p["id"] == id.as_str() && !p["relayed_by"].as_array().is_none_or(Vec::is_empty)))
        .then_some(())
}

fn print_urls(nodes: &[Running], dir: &Path) {
    println!();
    println!("The e-Cities demo network is running (data in {}):", dir.display());
    println!();
    for r in nodes {
        println!("  {:<44} {}", r.node.display_name, r.actor());
    }
    if let Some(ks) = nodes.last() {
        println!();
        println!("  Search everything UN-PAKS gathered:        {}", ks.url("/search"));
        println!("  Search by SDG 11 in Asia:                  {}", ks.url("/search?sdg=11&region=Asia"));
    }
    println!();
    println!(
        "  Each node's admin: http://localhost:PORT/admin, password {ADMIN_PASSWORD}: login admin (editor), \
         operator (domain rules), and on the association moderator (review queue)"
    );
    println!(
        "  API tokens: {}/NAME/token (Authorization: Bearer …); logs: {}/NAME/ecities.log",
        dir.display(),
        dir.display()
    );
    println!("  Configuration files (run any command against a node with `ecities --config FILE …`):");
    for r in nodes {
        println!("    {}", r.dir.join("ecities.toml").display());
    }
    if let Some(first) = nodes.first() {
        println!(
            "  Follow any of them from Mastodon or GoToSocial on this machine, e.g. seoul@localhost:{}",
            first.port
        );
    }
    println!();
    println!("Press Ctrl-C to stop.");
}

/// Asks every node to shut down gracefully (SIGTERM: finish deliveries in
/// flight), then waits; a node still running after 15 s is killed.
fn stop_all(nodes: &mut [Running]) {
    for r in nodes.iter_mut() {
        if matches!(r.child.try_wait(), Ok(None)) {
            let _ = Command::new("kill")
                .args(["-TERM", &r.child.id().to_string()])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status();
        }
    }
    let deadline = Instant::now() + Duration::from_secs(15);
    for r in nodes.iter_mut() {
        loop {
            match r.child.try_wait() {
                Ok(Some(_)) | Err(_) => break,
                Ok(None) if Instant::now() > deadline => {
                    let _ = r.child.kill();
                    let _ = r.child.wait();
                    break;
                }
                Ok(None) => std::thread::sleep(Duration::from_millis(100)),
            }
        }
    }
}

fn practice_seoul_transit() -> Value {
    json!({
        "title": "Real-time bus information for every stop",
        "summary": "Seoul put arrival times, crowding and low-floor bus information on displays, a phone app and open data.",
        "content": "Seoul's **Bus Information System** tracks every city bus by GPS.\n\n- Arrival times at 10,000 stops\n- Crowding levels\n- Open data API used by third-party apps",
        "language": "en", "kind": "best_practice", "sdgs": [11, 9], "country": "KR",
        "themes": ["e-government", "open-government-data"],
        "problem": "Passengers could not plan around irregular buses.",
        "solution": "GPS on every bus, a central system and open data.",
        "results": "Waiting time perceived as shorter; ridership up.",
        "lessons": "Open the data early: most users came through third-party apps."
    })
}

fn practice_seoul_participation() -> Value {
    json!({
        "title": "Participatory budgeting online and in neighbourhoods",
        "summary": "Residents propose and vote on part of Seoul's budget, online and in district assemblies.",
        "content": "Each year residents propose projects; a citizens' committee screens them and residents vote.",
        "language": "en", "kind": "case_study", "sdgs": [16, 11], "country": "KR",
        "themes": ["citizen-engagement"]
    })
}

fn practice_nairobi_water() -> Value {
    json!({
        "title": "Prepaid water dispensers in informal settlements",
        "summary": "Nairobi's water company installed prepaid ATMs that sell clean water at the regulated tariff.",
        "content": "Residents buy water with a token card or mobile money, at a fraction of what vendors charged.",
        "language": "en", "kind": "best_practice", "sdgs": [6, 11], "country": "KE",
        "translations": { "sw": {
            "title": "Mashine za maji za malipo ya awali",
            "summary": "Wakazi hununua maji safi kwa bei iliyodhibitiwa.",
            "content": "Wakazi hununua maji kwa kadi au pesa za simu."
        } }
    })
}

fn practice_nairobi_lesson() -> Value {
    json!({
        "title": "What a city e-permit system taught us",
        "summary": "Moving building permits online cut approval times, once paper shortcuts were closed.",
        "content": "The first year saw few online applications: the paper route stayed open and faster for insiders.",
        "language": "en", "kind": "lesson_learned", "sdgs": [16, 9], "country": "KE",
        "themes": ["e-government"]
    })
}

fn practice_unpaks_guide() -> Value {
    json!({
        "title": "Guide: opening city data responsibly",
        "summary": "A UN-PAKS curriculum module on open government data for local governments.",
        "content": "Covers data inventories, licences, privacy review and publishing formats.",
        "language": "en", "kind": "publication", "sdgs": [16, 17], "country": "US",
        "themes": ["open-government-data"]
    })
}
