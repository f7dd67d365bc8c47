//! OAI-PMH 2.0 at `/oai` (GET, and POST with a form body, as the protocol
//! allows): how library and UN repository systems harvest this node's
//! practices. See docs/RECORDS.md for the choices in short.
//!
//! - Records: the node's own (local) practices only, as `oai_dc` (Dublin
//!   Core) and as `ecities`, this project's own format carrying the typed
//!   fields (schema `data/ecities-oai-1.0.xsd`, served at
//!   `/oai/ecities-1.0.xsd`; no well-known schema has slots for SDG and
//!   MDG goals, UN M49 regions, translation status or endorsements, see
//!   docs/RECORDS.md). Relayed and federated copies are left out: each belongs to
//!   its origin node, which is the repository to harvest it from (and a
//!   harvester that took every copy would count the same practice once per
//!   node that holds it).
//! - Identifiers `oai:{host}:{key}`; datestamps are the time this node last
//!   changed the record (creation, edit, deletion), to the second, UTC.
//! - Deletions: `deletedRecord` is `persistent`: a deleted practice stays a
//!   Tombstone in the database for ever, reported with `status="deleted"`.
//! - Sets: `sdg` with `sdg:1` … `sdg:17`, and `kind` with `kind:best_practice` …
//! - Paging: 25 records per answer; the resumption token is the cursor
//!   (time of change and row id of the last record given) with the
//!   request's arguments, hex-encoded: it never expires and a change made
//!   while harvesting moves the record to the end of the list, where the
//!   same harvest still finds it.
//! - Errors as the protocol defines them: HTTP 200 with `<error code=…>`,
//!   the `request` element without attributes for `badVerb` and
//!   `badArgument`.
//!
//! The XML is written with quick-xml, which escapes text and attributes;
//! characters XML 1.0 cannot carry at all (most control characters) are
//! dropped first.

use std::collections::{BTreeMap, HashMap};
use std::io;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use chrono::{NaiveDate, NaiveDateTime, TimeZone, Utc};
use ecities_core::actor::{Actor, ActorId};
use ecities_core::hub::{Endorsement, Relay};
use ecities_core::practice::{PracticeId, PracticeKind};
use ecities_core::store::{HarvestQuery, HarvestRecord, PracticeVersion};
use ecities_core::taxonomy::Sdg;
use ecities_core::time::Timestamp;
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};

use crate::AppState;

pub(crate) fn routes() -> Router<AppState> {
    Router::new().route("/oai", get(oai_get).post(oai_post)).route(ECITIES_XSD_PATH, get(ecities_schema))
}

/// The XML schema of the `ecities` format, as it is served (and vendored
/// in the harvest test's schema folder, which checks the two are equal).
pub const ECITIES_XSD: &str = include_str!("../data/ecities-oai-1.0.xsd");
/// Where the node serves it: versioned, so the address never changes
/// meaning (a new version of the format gets a new file).
const ECITIES_XSD_PATH: &str = "/oai/ecities-1.0.xsd";

async fn ecities_schema() -> Response {
    (
        [(header::CONTENT_TYPE, "application/xml; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=86400")],
        ECITIES_XSD,
    )
        .into_response()
}

/// Records (or headers) in one answer of `ListRecords`/`ListIdentifiers`.
const PAGE_SIZE: u32 = 25;
/// Unqualified Dublin Core, the format every repository offers.
const OAI_DC: &str = "oai_dc";
/// This project's format with the typed fields.
const ECITIES: &str = "ecities";
const ECITIES_NS: &str = "https://w3id.org/ecities/ns#";
const OAI_NS: &str = "http://www.openarchives.org/OAI/2.0/";
const OAI_SCHEMA: &str = "http://www.openarchives.org/OAI/2.0/ http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd";
const OAI_DC_NS: &str = "http://www.openarchives.org/OAI/2.0/oai_dc/";
const OAI_DC_XSD: &str = "http://www.openarchives.org/OAI/2.0/oai_dc.xsd";
const DC_NS: &str = "http://purl.org/dc/elements/1.1/";
const XSI_NS: &str = "http://www.w3.org/2001/XMLSchema-instance";
const GRANULARITY: &str = "YYYY-MM-DDThh:mm:ssZ";

/// A metadata format this repository disseminates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    OaiDc,
    Ecities,
}

impl Format {
    const ALL: [Format; 2] = [Self::OaiDc, Self::Ecities];

    fn prefix(self) -> &'static str {
        match self {
            Self::OaiDc => OAI_DC,
            Self::Ecities => ECITIES,
        }
    }

    fn parse(prefix: &str) -> Result<Self, OaiError> {
        Self::ALL.into_iter().find(|f| f.prefix() == prefix).ok_or_else(|| {
            err("cannotDisseminateFormat", format!("'{prefix}' is not offered; use {OAI_DC} or {ECITIES}"))
        })
    }

    fn namespace(self) -> &'static str {
        match self {
            Self::OaiDc => OAI_DC_NS,
            Self::Ecities => ECITIES_NS,
        }
    }

    /// The schema's address; `base` is the endpoint (`…/oai`).
    fn schema(self, base: &str) -> String {
        match self {
            Self::OaiDc => OAI_DC_XSD.to_owned(),
            Self::Ecities => format!("{}{ECITIES_XSD_PATH}", base.trim_end_matches("/oai")),
        }
    }
}

async fn oai_get(State(state): State<AppState>, RawQuery(raw): RawQuery) -> Response {
    answer(&state, raw.as_deref().unwrap_or("")).await
}

/// POST carries the same arguments as a form body
/// (`application/x-www-form-urlencoded`).
async fn oai_post(State(state): State<AppState>, body: Bytes) -> Response {
    answer(&state, &String::from_utf8_lossy(&body)).await
}

/// A protocol error: its code and a message for people.
#[derive(Debug, Clone, PartialEq, Eq)]
struct OaiError {
    code: &'static str,
    message: String,
}

fn err(code: &'static str, message: impl Into<String>) -> OaiError {
    OaiError { code, message: message.into() }
}

/// What a successful request answers, before it is written as XML.
enum Outcome {
    Identify { earliest: Timestamp },
    MetadataFormats,
    Sets,
    Headers { records: Vec<HarvestRecord>, token: Option<String> },
    Records { records: Vec<HarvestRecord>, format: Format, about: About, token: Option<String> },
    Record { record: Box<HarvestRecord>, format: Format, about: About },
}

/// What the records' metadata says beyond the practice row: the authors
/// (both formats); for `ecities` also each live record's latest version
/// and who relayed it.
#[derive(Default)]
struct About {
    authors: HashMap<ActorId, Actor>,
    versions: HashMap<PracticeId, PracticeVersion>,
    relays: HashMap<PracticeId, Vec<(Relay, Actor)>>,
}

async fn answer(state: &AppState, raw: &str) -> Response {
    let base = format!("{}oai", state.urls.base());
    let (args, outcome) = match parse_args(raw) {
        Ok(args) => {
            let outcome = run(state, &args).await;
            (Some(args), outcome)
        }
        Err(e) => (None, Err(e)),
    };
    if matches!(&outcome, Err(e) if e.code == INTERNAL) {
        return crate::error::ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal_error",
            "the repository could not be read",
        )
        .into_response();
    }
    // badVerb and badArgument: the request element carries no attributes.
    let echoed = match &outcome {
        Err(e) if e.code == "badVerb" || e.code == "badArgument" => None,
        _ => args.as_ref(),
    };
    match write_document(state, &base, echoed, &outcome) {
        Ok(xml) => ([(header::CONTENT_TYPE, "text/xml; charset=utf-8")], xml).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "OAI-PMH answer could not be written");
            crate::error::ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal_error", "the answer failed")
                .into_response()
        }
    }
}

/// The arguments of a request, each once (a repeated argument is
/// `badArgument`, a repeated verb `badVerb`).
fn parse_args(raw: &str) -> Result<BTreeMap<String, String>, OaiError> {
    let mut args = BTreeMap::new();
    for (name, value) in url::form_urlencoded::parse(raw.as_bytes()) {
        if args.insert(name.to_string(), value.to_string()).is_some() {
            return Err(if name == "verb" {
                err("badVerb", "the verb argument is repeated")
            } else {
                err("badArgument", format!("the argument '{name}' is repeated"))
            });
        }
    }
    Ok(args)
}

/// Checks that `args` holds every argument in `required`, nothing outside
/// `required` and `optional` (besides the verb), and answers the verb.
fn check_args(args: &BTreeMap<String, String>, required: &[&str], optional: &[&str]) -> Result<(), OaiError> {
    for name in args.keys().filter(|k| k.as_str() != "verb") {
        if !required.contains(&name.as_str()) && !optional.contains(&name.as_str()) {
            return Err(err("badArgument", format!("'{name}' is not an argument of this verb")));
        }
    }
    if let Some(missing) = required.iter().find(|r| !args.contains_key(**r)) {
        return Err(err("badArgument", format!("the argument '{missing}' is required")));
    }
    Ok(())
}

async fn run(state: &AppState, args: &BTreeMap<String, String>) -> Result<Outcome, OaiError> {
    let verb = args.get("verb").ok_or_else(|| err("badVerb", "the verb argument is missing"))?;
    match verb.as_str() {
        "Identify" => {
            check_args(args, &[], &[])?;
            let first = harvest(state, HarvestQuery { limit: 1, ..Default::default() }).await?;
            Ok(Outcome::Identify { earliest: first.first().map_or_else(Timestamp::now, |r| r.changed_at) })
        }
        "ListMetadataFormats" => {
            check_args(args, &[], &["identifier"])?;
            if let Some(id) = args.get("identifier") {
                record_by_identifier(state, id).await?;
            }
            Ok(Outcome::MetadataFormats)
        }
        "ListSets" => {
            if args.contains_key("resumptionToken") {
                check_args(args, &["resumptionToken"], &[])?;
                return Err(err("badResumptionToken", "the list of sets is given whole, without tokens"));
            }
            check_args(args, &[], &[])?;
            Ok(Outcome::Sets)
        }
        "ListIdentifiers" | "ListRecords" => {
            let (query, format, resumed) = list_query(args)?;
            let mut records = harvest(state, HarvestQuery { limit: PAGE_SIZE + 1, ..query.clone() }).await?;
            if records.is_empty() && !resumed {
                return Err(err("noRecordsMatch", "no record matches these arguments"));
            }
            let token = if records.len() > PAGE_SIZE as usize {
                records.truncate(PAGE_SIZE as usize);
                let last = records.last().map(|r| (r.changed_at, r.practice.id));
                Some(
                    ResumptionToken {
                        query: HarvestQuery { after: last, ..query },
                        set: args.get("set").cloned(),
                        format,
                    }
                    .encode(),
                )
            } else {
                // The answer that completes a resumed list carries an empty token.
                resumed.then(String::new)
            };
            if verb == "ListIdentifiers" {
                return Ok(Outcome::Headers { records, token });
            }
            let about = about(state, &records, format).await?;
            Ok(Outcome::Records { records, format, about, token })
        }
        "GetRecord" => {
            check_args(args, &["identifier", "metadataPrefix"], &[])?;
            let record = record_by_identifier(state, &args["identifier"]).await?;
            let format = Format::parse(&args["metadataPrefix"])?;
            let about = about(state, std::slice::from_ref(&record), format).await?;
            Ok(Outcome::Record { record: Box::new(record), format, about })
        }
        other => Err(err("badVerb", format!("'{other}' is not an OAI-PMH verb"))),
    }
}

async fn harvest(state: &AppState, query: HarvestQuery) -> Result<Vec<HarvestRecord>, OaiError> {
    state.store.harvest_practices(&query).await.map_err(internal)
}

/// The authors of `records` (each read once) and, for `ecities`, the
/// latest version of each live record and its relays (one query).
async fn about(state: &AppState, records: &[HarvestRecord], format: Format) -> Result<About, OaiError> {
    let mut about = About::default();
    let live: Vec<&HarvestRecord> = records.iter().filter(|r| !r.practice.is_deleted()).collect();
    for r in &live {
        if let std::collections::hash_map::Entry::Vacant(slot) = about.authors.entry(r.practice.author) {
            slot.insert(state.store.actor(r.practice.author).await.map_err(internal)?);
        }
    }
    if format == Format::Ecities {
        for r in &live {
            if let Some(v) = state.store.latest_practice_version(r.practice.id).await.map_err(internal)? {
                about.versions.insert(r.practice.id, v);
            }
        }
        let ids: Vec<PracticeId> = live.iter().map(|r| r.practice.id).collect();
        about.relays = state.store.relays_of(&ids).await.map_err(internal)?;
    }
    Ok(about)
}

/// Not a protocol code: a database failure, which OAI-PMH has no code
/// for; [`answer`] makes it an HTTP 500 (the harvester retries later).
const INTERNAL: &str = "internal";

fn internal(e: ecities_core::CoreError) -> OaiError {
    tracing::error!(error = %e, "OAI-PMH harvest failed");
    err(INTERNAL, "the repository could not be read")
}

async fn record_by_identifier(state: &AppState, identifier: &str) -> Result<HarvestRecord, OaiError> {
    let prefix = format!("oai:{}:", state.urls.host());
    let missing = || err("idDoesNotExist", format!("'{identifier}' is not an identifier of this repository"));
    let key = identifier.strip_prefix(&prefix).filter(|k| !k.is_empty()).ok_or_else(missing)?;
    let query = HarvestQuery { key: Some(key.to_owned()), limit: 1, ..Default::default() };
    harvest(state, query).await?.into_iter().next().ok_or_else(missing)
}

/// The store's query for `ListIdentifiers`/`ListRecords`, the format
/// asked for, and whether the request resumes an earlier one.
fn list_query(args: &BTreeMap<String, String>) -> Result<(HarvestQuery, Format, bool), OaiError> {
    if let Some(token) = args.get("resumptionToken") {
        check_args(args, &["resumptionToken"], &[])?;
        let token = ResumptionToken::decode(token)?;
        return Ok((token.query, token.format, true));
    }
    check_args(args, &["metadataPrefix"], &["from", "until", "set"])?;
    let from = args.get("from").map(|d| parse_datestamp(d, "from")).transpose()?;
    let until = args.get("until").map(|d| parse_datestamp(d, "until")).transpose()?;
    if let (Some(f), Some(u)) = (&from, &until) {
        if f.day != u.day {
            return Err(err("badArgument", "from and until must have the same granularity"));
        }
        if f.start > u.start {
            return Err(err("badArgument", "from is later than until"));
        }
    }
    let format = Format::parse(&args["metadataPrefix"])?;
    let mut query = HarvestQuery {
        from: from.map(|f| f.start),
        until: until.map(|u| u.end),
        limit: PAGE_SIZE,
        ..Default::default()
    };
    if let Some(set) = args.get("set") {
        apply_set(&mut query, set)?;
    }
    Ok((query, format, false))
}

/// A set spec as a filter: `sdg`, `sdg:N`, `kind`, `kind:NAME`. An unknown
/// set matches nothing.
fn apply_set(query: &mut HarvestQuery, set: &str) -> Result<(), OaiError> {
    let nothing = || err("noRecordsMatch", format!("this repository has no set '{set}'"));
    match set.split_once(':') {
        None if set == "sdg" || set == "kind" => {}
        Some(("sdg", n)) => {
            query.sdg = Some(n.parse::<i64>().ok().and_then(|n| Sdg::new(n).ok()).ok_or_else(nothing)?);
        }
        Some(("kind", k)) => query.kind = Some(PracticeKind::parse(k).map_err(|_| nothing())?),
        _ => return Err(nothing()),
    }
    Ok(())
}

/// A `from`/`until` value: the first and last millisecond it covers and
/// whether it was a day (`YYYY-MM-DD`) or a second (`…Thh:mm:ssZ`).
struct Datestamp {
    start: Timestamp,
    end: Timestamp,
    day: bool,
}

fn parse_datestamp(value: &str, name: &str) -> Result<Datestamp, OaiError> {
    let bad = || err("badArgument", format!("{name} must be YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ (UTC)"));
    match value.len() {
        10 => {
            let day = NaiveDate::parse_from_str(value, "%Y-%m-%d").map_err(|_| bad())?;
            let start = Utc.from_utc_datetime(&day.and_hms_opt(0, 0, 0).ok_or_else(bad)?).timestamp_millis();
            Ok(Datestamp { start: Timestamp(start), end: Timestamp(start + 86_400_000 - 1), day: true })
        }
        20 => {
            let at = NaiveDateTime::parse_from_str(value, "%Y-%m-%dT%H:%M:%SZ").map_err(|_| bad())?;
            let start = Utc.from_utc_datetime(&at).timestamp_millis();
            Ok(Datestamp { start: Timestamp(start), end: Timestamp(start + 999), day: false })
        }
        _ => Err(bad()),
    }
}

/// A datestamp as the protocol writes it: UTC, to the second.
fn datestamp(t: Timestamp) -> String {
    t.to_datetime().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// Where a list stopped, with the filters of the request that began it.
struct ResumptionToken {
    query: HarvestQuery,
    set: Option<String>,
    format: Format,
}

impl ResumptionToken {
    /// `v1`, metadata prefix, from, until, set, changed_at and id of the
    /// last record, one per line, hex-encoded (opaque and URL-safe).
    fn encode(&self) -> String {
        let q = &self.query;
        let ms = |t: Option<Timestamp>| t.map(|t| t.0.to_string()).unwrap_or_default();
        let (at, id) = q.after.map(|(t, id)| (t.0, id.0)).unwrap_or((0, 0));
        let text = format!(
            "v1\n{}\n{}\n{}\n{}\n{at}\n{id}",
            self.format.prefix(),
            ms(q.from),
            ms(q.until),
            self.set.as_deref().unwrap_or("")
        );
        hex::encode(text)
    }

    fn decode(token: &str) -> Result<Self, OaiError> {
        let bad = || err("badResumptionToken", "this resumption token was not issued by this repository");
        let text = String::from_utf8(hex::decode(token).map_err(|_| bad())?).map_err(|_| bad())?;
        let parts: Vec<&str> = text.split('\n').collect();
        let [version, prefix, from, until, set, at, id] = parts[..] else { return Err(bad()) };
        if version != "v1" {
            return Err(bad());
        }
        let format = Format::parse(prefix).map_err(|_| bad())?;
        let ms = |s: &str| -> Result<Option<Timestamp>, OaiError> {
            if s.is_empty() { Ok(None) } else { s.parse().map(|n| Some(Timestamp(n))).map_err(|_| bad()) }
        };
        let mut query = HarvestQuery {
            from: ms(from)?,
            until: ms(until)?,
            after: Some((Timestamp(at.parse().map_err(|_| bad())?), PracticeId(id.parse().map_err(|_| bad())?))),
            limit: PAGE_SIZE,
            ..Default::default()
        };
        if !set.is_empty() {
            apply_set(&mut query, set).map_err(|_| bad())?;
        }
        Ok(Self { query, set: (!set.is_empty()).then(|| set.to_owned()), format })
    }
}

// ------------------------------------------------------------------ XML

/// Text XML 1.0 can carry: drops the control characters it forbids
/// (escaping cannot represent them).
fn xml_safe(text: &str) -> String {
    text.chars()
        .filter(|&c| matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..))
        .collect()
}

type W = Writer<Vec<u8>>;

fn text_element(w: &mut W, name: &str, text: &str) -> io::Result<()> {
    w.create_element(name).write_text_content(BytesText::new(&xml_safe(text)))?;
    Ok(())
}

fn text_element_lang(w: &mut W, name: &str, lang: Option<&str>, text: &str) -> io::Result<()> {
    let mut e = w.create_element(name);
    if let Some(lang) = lang {
        e = e.with_attribute(("xml:lang", lang));
    }
    e.write_text_content(BytesText::new(&xml_safe(text)))?;
    Ok(())
}

fn write_document(
    state: &AppState,
    base: &str,
    echoed: Option<&BTreeMap<String, String>>,
    outcome: &Result<Outcome, OaiError>,
) -> io::Result<Vec<u8>> {
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 1);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    w.create_element("OAI-PMH")
        .with_attribute(("xmlns", OAI_NS))
        .with_attribute(("xmlns:xsi", XSI_NS))
        .with_attribute(("xsi:schemaLocation", OAI_SCHEMA))
        .write_inner_content(|w| {
            text_element(w, "responseDate", &datestamp(Timestamp::now()))?;
            let mut request = w.create_element("request");
            for (name, value) in echoed.into_iter().flatten() {
                request = request.with_attribute((name.as_str(), xml_safe(value).as_str()));
            }
            request.write_text_content(BytesText::new(base))?;
            match outcome {
                Err(e) => {
                    w.create_element("error")
                        .with_attribute(("code", e.code))
                        .write_text_content(BytesText::new(&xml_safe(&e.message)))?;
                }
                Ok(outcome) => write_outcome(w, state, base, outcome)?,
            }
            Ok(())
        })?;
    Ok(w.into_inner())
}

fn write_outcome(w: &mut W, state: &AppState, base: &str, outcome: &Outcome) -> io::Result<()> {
    match outcome {
        Outcome::Identify { earliest } => {
            w.create_element("Identify").write_inner_content(|w| {
                text_element(w, "repositoryName", &crate::site::current().name)?;
                text_element(w, "baseURL", base)?;
                text_element(w, "protocolVersion", "2.0")?;
                text_element(w, "adminEmail", &admin_email(state.urls.host()))?;
                text_element(w, "earliestDatestamp", &datestamp(*earliest))?;
                text_element(w, "deletedRecord", "persistent")?;
                text_element(w, "granularity", GRANULARITY)
            })?;
        }
        Outcome::MetadataFormats => {
            w.create_element("ListMetadataFormats").write_inner_content(|w| {
                for format in Format::ALL {
                    w.create_element("metadataFormat").write_inner_content(|w| {
                        text_element(w, "metadataPrefix", format.prefix())?;
                        text_element(w, "schema", &format.schema(base))?;
                        text_element(w, "metadataNamespace", format.namespace())
                    })?;
                }
                Ok(())
            })?;
        }
        Outcome::Sets => {
            w.create_element("ListSets").write_inner_content(|w| {
                let mut set = |spec: &str, name: &str| -> io::Result<()> {
                    w.create_element("set").write_inner_content(|w| {
                        text_element(w, "setSpec", spec)?;
                        text_element(w, "setName", name)
                    })?;
                    Ok(())
                };
                set("sdg", "Sustainable Development Goals")?;
                for n in 1..=17 {
                    if let Ok(g) = Sdg::new(n) {
                        set(&format!("sdg:{n}"), &format!("SDG {n}: {}", g.short_name()))?;
                    }
                }
                set("kind", "Kinds of practice")?;
                for k in PracticeKind::ALL {
                    set(&format!("kind:{}", k.as_str()), &kind_name(k))?;
                }
                Ok(())
            })?;
        }
        Outcome::Headers { records, token } => {
            w.create_element("ListIdentifiers").write_inner_content(|w| {
                for r in records {
                    write_header(w, state, r)?;
                }
                write_token(w, token.as_deref())
            })?;
        }
        Outcome::Records { records, format, about, token } => {
            w.create_element("ListRecords").write_inner_content(|w| {
                for r in records {
                    write_record(w, state, base, r, *format, about)?;
                }
                write_token(w, token.as_deref())
            })?;
        }
        Outcome::Record { record, format, about } => {
            w.create_element("GetRecord")
                .write_inner_content(|w| write_record(w, state, base, record, *format, about))?;
        }
    }
    Ok(())
}

fn write_token(w: &mut W, token: Option<&str>) -> io::Result<()> {
    match token {
        Some("") => {
            w.create_element("resumptionToken").write_empty()?;
        }
        Some(token) => text_element(w, "resumptionToken", token)?,
        None => {}
    }
    Ok(())
}

fn kind_name(k: PracticeKind) -> String {
    let name = k.as_str().replace('_', " ");
    let mut chars = name.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// The node answers for its records; with no address configured, the
/// conventional `webmaster@` of its host (`localhost.localdomain` for a
/// dotless host, as the protocol's schema wants a dotted domain).
fn admin_email(host: &str) -> String {
    let domain = host.split(':').next().unwrap_or(host);
    if domain.contains('.') { format!("webmaster@{domain}") } else { format!("webmaster@{domain}.localdomain") }
}

fn write_header(w: &mut W, state: &AppState, r: &HarvestRecord) -> io::Result<()> {
    let mut header = w.create_element("header");
    if r.practice.is_deleted() {
        header = header.with_attribute(("status", "deleted"));
    }
    header.write_inner_content(|w| {
        text_element(w, "identifier", &format!("oai:{}:{}", state.urls.host(), r.practice.key))?;
        text_element(w, "datestamp", &datestamp(r.changed_at))?;
        for g in &r.practice.sdgs {
            text_element(w, "setSpec", &format!("sdg:{}", g.number()))?;
        }
        if let Some(k) = r.practice.kind {
            text_element(w, "setSpec", &format!("kind:{}", k.as_str()))?;
        }
        Ok(())
    })?;
    Ok(())
}

fn write_record(
    w: &mut W,
    state: &AppState,
    base: &str,
    r: &HarvestRecord,
    format: Format,
    about: &About,
) -> io::Result<()> {
    w.create_element("record").write_inner_content(|w| {
        write_header(w, state, r)?;
        // A deleted record has a header only.
        if r.practice.is_deleted() {
            return Ok(());
        }
        let author = about.authors.get(&r.practice.author);
        w.create_element("metadata").write_inner_content(|w| match format {
            Format::OaiDc => write_dublin_core(w, r, author),
            Format::Ecities => write_ecities(w, base, r, author, about),
        })?;
        Ok(())
    })?;
    Ok(())
}

/// The practice as unqualified Dublin Core (`oai_dc`).
fn write_dublin_core(w: &mut W, r: &HarvestRecord, author: Option<&Actor>) -> io::Result<()> {
    let p = &r.practice;
    let lang = p.language.as_ref().map(|l| l.to_string());
    w.create_element("oai_dc:dc")
        .with_attribute(("xmlns:oai_dc", OAI_DC_NS))
        .with_attribute(("xmlns:dc", DC_NS))
        .with_attribute(("xmlns:xsi", XSI_NS))
        .with_attribute(("xsi:schemaLocation", format!("{OAI_DC_NS} {OAI_DC_XSD}").as_str()))
        .write_inner_content(|w| {
            text_element_lang(w, "dc:title", lang.as_deref(), &p.title)?;
            for (l, t) in &p.translations {
                text_element_lang(w, "dc:title", Some(l.as_str()), &t.title)?;
            }
            if let Some(a) = author {
                text_element(w, "dc:creator", a.display_name.as_deref().unwrap_or(&a.name))?;
            }
            for g in &p.sdgs {
                text_element(w, "dc:subject", &format!("SDG {}: {}", g.number(), g.short_name()))?;
            }
            for t in &p.details.themes {
                text_element(w, "dc:subject", t.info().map(|i| i.name.as_str()).unwrap_or(t.slug()))?;
            }
            text_element_lang(w, "dc:description", lang.as_deref(), &p.summary)?;
            text_element(w, "dc:publisher", &crate::site::current().name)?;
            text_element(w, "dc:date", &p.published_at.to_datetime().format("%Y-%m-%d").to_string())?;
            text_element(w, "dc:type", "Text")?;
            if let Some(k) = p.kind {
                text_element(w, "dc:type", &kind_name(k))?;
            }
            text_element(w, "dc:format", "text/html")?;
            text_element(w, "dc:identifier", p.url.as_str())?;
            if let Some(source) = &p.details.source_url {
                text_element(w, "dc:source", source.as_str())?;
            }
            if let Some(lang) = &lang {
                text_element(w, "dc:language", lang)?;
            }
            if let Some(c) = &p.country {
                text_element(w, "dc:coverage", &c.info().name)?;
            }
            if let Some(license) = &p.details.license {
                text_element(w, "dc:rights", license)?;
            }
            Ok(())
        })?;
    Ok(())
}

/// An element with attributes (those with a value) and text.
fn attr_element(w: &mut W, name: &str, attrs: &[(&str, Option<&str>)], text: Option<&str>) -> io::Result<()> {
    let mut e = w.create_element(name);
    for (key, value) in attrs {
        if let Some(value) = value {
            e = e.with_attribute((*key, xml_safe(value).as_str()));
        }
    }
    match text {
        Some(text) => e.write_text_content(BytesText::new(&xml_safe(text)))?,
        None => e.write_empty()?,
    };
    Ok(())
}

fn actor_element(w: &mut W, name: &str, actor: &Actor, extra: &[(&str, Option<&str>)]) -> io::Result<()> {
    let page = actor.profile_url.as_ref().map(|u| u.as_str());
    let mut attrs = vec![("actor", Some(actor.url.as_str())), ("kind", Some(actor.kind.as_str())), ("page", page)];
    attrs.extend_from_slice(extra);
    attr_element(w, name, &attrs, Some(actor.display_name.as_deref().unwrap_or(&actor.name)))
}

/// The practice in the `ecities` format (`data/ecities-oai-1.0.xsd`): the
/// elements in the order the schema's sequence gives them.
fn write_ecities(w: &mut W, base: &str, r: &HarvestRecord, author: Option<&Actor>, about: &About) -> io::Result<()> {
    let p = &r.practice;
    let lang = p.language.as_ref().map(|l| l.to_string());
    let lang = lang.as_deref();
    let day = |d: &NaiveDate| d.format("%Y-%m-%d").to_string();
    w.create_element("ecities:practice")
        .with_attribute(("xmlns:ecities", ECITIES_NS))
        .with_attribute(("xmlns:xsi", XSI_NS))
        .with_attribute(("xsi:schemaLocation", format!("{ECITIES_NS} {}", Format::Ecities.schema(base)).as_str()))
        .write_inner_content(|w| {
            text_element(w, "ecities:identifier", p.ap_id.as_str())?;
            text_element(w, "ecities:url", p.url.as_str())?;
            if let Some(v) = about.versions.get(&p.id) {
                let (number, recorded) = (v.number.to_string(), datestamp(v.recorded_at));
                let permalink = crate::records::version_url(p, v.number);
                let history = crate::records::history_url(p);
                attr_element(
                    w,
                    "ecities:version",
                    &[
                        ("number", Some(&number)),
                        ("permalink", Some(&permalink)),
                        ("history", Some(&history)),
                        ("recorded", Some(&recorded)),
                    ],
                    None,
                )?;
            }
            text_element_lang(w, "ecities:title", lang, &p.title)?;
            text_element_lang(w, "ecities:summary", lang, &p.summary)?;
            if let Some(lang) = lang {
                text_element(w, "ecities:language", lang)?;
            }
            if let Some(k) = p.kind {
                text_element(w, "ecities:kind", k.as_str())?;
            }
            for g in &p.sdgs {
                attr_element(w, "ecities:sdg", &[("goal", Some(&g.number().to_string()))], Some(g.short_name()))?;
            }
            for g in &p.details.mdgs {
                attr_element(w, "ecities:mdg", &[("goal", Some(&g.number().to_string()))], Some(g.short_name()))?;
            }
            if let Some(c) = &p.country {
                let info = c.info();
                let m49 = (!info.m49.is_empty()).then_some(info.m49.as_str());
                let region = info.region.as_ref().map(|r| r.code.as_str());
                attr_element(
                    w,
                    "ecities:country",
                    &[("code", Some(c.code())), ("m49", m49), ("region", region)],
                    Some(&info.name),
                )?;
            } else if let Some(region) = &p.details.region {
                attr_element(w, "ecities:region", &[("code", Some(&region.code))], Some(&region.name))?;
            }
            for t in &p.details.themes {
                let name = t.info().map(|i| i.name.as_str()).unwrap_or(t.slug());
                attr_element(w, "ecities:theme", &[("slug", Some(t.slug()))], Some(name))?;
            }
            let (start, end) = (p.details.period_start.as_ref().map(day), p.details.period_end.as_ref().map(day));
            if start.is_some() || end.is_some() {
                attr_element(w, "ecities:period", &[("start", start.as_deref()), ("end", end.as_deref())], None)?;
            }
            for (name, text) in [
                ("ecities:problem", &p.details.problem),
                ("ecities:solution", &p.details.solution),
                ("ecities:results", &p.details.results),
                ("ecities:lessons", &p.details.lessons),
            ] {
                if let Some(text) = text {
                    text_element_lang(w, name, lang, text)?;
                }
            }
            text_element(w, "ecities:published", &datestamp(p.published_at))?;
            if let Some(updated) = p.updated_at {
                text_element(w, "ecities:updated", &datestamp(updated))?;
            }
            if let Some(license) = &p.details.license {
                text_element(w, "ecities:license", license)?;
            }
            if let Some(source) = &p.details.source_url {
                text_element(w, "ecities:source", source.as_str())?;
            }
            if let Some(a) = author {
                actor_element(w, "ecities:author", a, &[])?;
            }
            for (l, t) in &p.translations {
                let mut e = w
                    .create_element("ecities:translation")
                    .with_attribute(("xml:lang", l.as_str()))
                    .with_attribute(("status", t.status.as_str()));
                if let Some(engine) = &t.engine {
                    e = e.with_attribute(("engine", xml_safe(engine).as_str()));
                }
                if let Some(translator) = &t.translator {
                    e = e.with_attribute(("translator", xml_safe(translator).as_str()));
                }
                e.write_inner_content(|w| {
                    text_element(w, "ecities:title", &t.title)?;
                    text_element(w, "ecities:summary", &t.summary)
                })?;
            }
            for (relay, by) in about.relays.get(&p.id).into_iter().flatten() {
                let kind = Endorsement::of(relay, by).map_or("relayed", Endorsement::as_str);
                let date = datestamp(relay.relayed_at);
                actor_element(w, "ecities:endorsement", by, &[("type", Some(kind)), ("date", Some(&date))])?;
            }
            for a in &p.details.attachments {
                let (size, sha256) = (a.size.to_string(), a.sha256.hex());
                let (width, height) = (a.width.map(|n| n.to_string()), a.height.map(|n| n.to_string()));
                attr_element(
                    w,
                    "ecities:attachment",
                    &[
                        ("url", Some(a.url.as_str())),
                        ("mediaType", Some(a.media_type.as_str())),
                        ("size", Some(&size)),
                        ("sha256", Some(&sha256)),
                        ("width", width.as_deref().filter(|n| *n != "0")),
                        ("height", height.as_deref().filter(|n| *n != "0")),
                    ],
                    Some(a.alt.as_deref().unwrap_or("")),
                )?;
            }
            for source in &p.details.adopted_from {
                text_element(w, "ecities:adoptedFrom", source.as_str())?;
            }
            Ok(())
        })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datestamps_cover_a_whole_day_or_a_whole_second() {
        let day = parse_datestamp("2026-12-01", "from").expect("a day");
        assert!(day.day);
        assert_eq!(datestamp(day.start), "2026-12-01T00:00:00Z");
        assert_eq!(day.end.0 - day.start.0, 86_399_999);
        let second = parse_datestamp("2026-12-01T13:45:07Z", "until").expect("a second");
        assert!(!second.day);
        assert_eq!((datestamp(second.start), second.end.0 - second.start.0), ("2026-12-01T13:45:07Z".into(), 999));
        for bad in ["2026-12-1", "2026-13-01", "2026-12-01T13:45:07", "2026-12-01T13:45:07+01:00", "yesterday", ""] {
            assert_eq!(parse_datestamp(bad, "from").err().map(|e| e.code), Some("badArgument"), "{bad}");
        }
    }

    #[test]
    fn resumption_tokens_round_trip_and_strangers_are_refused() {
        let query = HarvestQuery {
            from: Some(Timestamp(1_000)),
            until: None,
            sdg: Sdg::new(11).ok(),
            after: Some((Timestamp(5_000), PracticeId(42))),
            limit: PAGE_SIZE,
            ..Default::default()
        };
        let token =
            ResumptionToken { query: query.clone(), set: Some("sdg:11".into()), format: Format::Ecities }.encode();
        assert!(token.bytes().all(|b| b.is_ascii_hexdigit()), "URL-safe: {token}");
        let back = ResumptionToken::decode(&token).expect("decodes");
        assert_eq!((back.query, back.set.as_deref(), back.format), (query, Some("sdg:11"), Format::Ecities));
        for bad in [
            "",
            "zz",
            &hex::encode("v1\noai_dc\n\n\n\n1"),
            &hex::encode("v2\noai_dc\n\n\n\n1\n2"),
            &hex::encode("v1\nmods\n\n\n\n1\n2"),
        ] {
            assert_eq!(ResumptionToken::decode(bad).err().map(|e| e.code), Some("badResumptionToken"), "{bad}");
        }
    }

    #[test]
    fn text_xml_cannot_carry_is_dropped_and_the_rest_escaped() {
        let mut w = Writer::new(Vec::new());
        text_element(&mut w, "dc:title", "Bus & <tram> \u{1}lanes \"quoted\" 서울").expect("written");
        let xml = String::from_utf8(w.into_inner()).expect("utf-8");
        assert_eq!(xml, "<dc:title>Bus &amp; &lt;tram&gt; lanes &quot;quoted&quot; 서울</dc:title>");
    }

    #[test]
    fn arguments_given_twice_are_refused_with_the_right_code() {
        assert_eq!(parse_args("verb=Identify&verb=Identify").err().map(|e| e.code), Some("badVerb"));
        assert_eq!(parse_args("verb=ListSets&set=a&set=b").err().map(|e| e.code), Some("badArgument"));
        let args = parse_args("verb=GetRecord&identifier=oai%3Ax%3A1").expect("parsed");
        assert_eq!(args["identifier"], "oai:x:1");
        assert_eq!(
            check_args(&args, &["identifier", "metadataPrefix"], &[]).err().map(|e| e.code),
            Some("badArgument")
        );
    }

    #[test]
    fn the_admin_address_has_a_dotted_domain() {
        assert_eq!(admin_email("cities.example.org"), "webmaster@cities.example.org");
        assert_eq!(admin_email("localhost:8080"), "webmaster@localhost.localdomain");
    }
}
