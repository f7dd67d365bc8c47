//! Parse tests over JSON captured from other fediverse software: our own
//! assets (always present) and, when the checkout sits next to it, the
//! shared corpus of 124 documents from 14 implementations.
//!
//! Everything meaningful to us must be read — actors of every type, and
//! Notes, Articles and Pages alone or inside Create/Update/Announce — and
//! nothing may be rejected merely for coming from another implementation.

use std::path::{Path, PathBuf};

use ecities_core::actor::ActorId;
use ecities_federation::apub::remote_actor_from_doc;
use ecities_federation::objects::{ObjectError, PRACTICE_TYPES, practice_from_object};
use ecities_federation::wire::{ActorDoc, type_of};
use serde_json::Value;

const ACTOR_TYPES: [&str; 5] = ["Person", "Group", "Organization", "Service", "Application"];

fn json_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(json_files(&p));
        } else if p.extension().is_some_and(|x| x == "json") {
            out.push(p);
        }
    }
    out.sort();
    out
}

#[derive(Default, Debug)]
struct Tally {
    actors: usize,
    objects: usize,
    skipped: Vec<String>,
}

/// Reads one document the way the inbox and the fetcher would.
fn check(path: &Path, v: &Value, tally: &mut Tally) {
    let kind = type_of(v).unwrap_or("").to_owned();
    let name = path.display().to_string();
    if ACTOR_TYPES.contains(&kind.as_str()) {
        let doc: ActorDoc =
            serde_json::from_value(v.clone()).unwrap_or_else(|e| panic!("{name}: actor does not parse: {e}"));
        if doc.main_key().is_some() {
            let actor = remote_actor_from_doc(&doc).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert!(!actor.name.is_empty(), "{name}: no name");
            assert!(!actor.name.contains('<'), "{name}: unsanitised name");
            tally.actors += 1;
        } else {
            tally.skipped.push(format!("{name}: actor without a key"));
        }
        return;
    }
    let object = match kind.as_str() {
        "Create" | "Update" | "Announce" => v.get("object").cloned().unwrap_or(Value::Null),
        _ => v.clone(),
    };
    let object_type = type_of(&object).unwrap_or("");
    if !PRACTICE_TYPES.contains(&object_type) {
        tally.skipped.push(format!("{name}: {kind}/{object_type} is not a practice"));
        return;
    }
    match practice_from_object(&object, ActorId(1), "key".into()) {
        Ok(p) => {
            assert!(!p.title.is_empty(), "{name}: empty title");
            assert!(!p.content_html.as_str().contains("<script"), "{name}: script survived");
            assert!(!p.content_html.as_str().contains("javascript:"), "{name}: javascript link survived");
            tally.objects += 1;
        }
        Err(ObjectError::Empty) => tally.skipped.push(format!("{name}: empty object")),
        Err(e) => panic!("{name}: {object_type} rejected: {e}"),
    }
}

fn run(dir: &Path) -> Tally {
    let mut tally = Tally::default();
    for file in json_files(dir) {
        let text = std::fs::read_to_string(&file).expect("readable");
        let v: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: not JSON: {e}", file.display()));
        check(&file, &v, &mut tally);
    }
    tally
}

#[test]
fn our_assets_from_six_implementations_parse() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/assets");
    let tally = run(&dir);
    eprintln!("{tally:#?}");
    assert!(tally.objects >= 7, "posts read: {}", tally.objects);
    assert!(tally.actors >= 2, "actors read: {}", tally.actors);
}

#[test]
fn the_shared_corpus_of_fourteen_implementations_parses() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/fixtures/fediverse");
    if !dir.exists() {
        eprintln!("skipped: {} is not present (a plain clone has no ../shared)", dir.display());
        return;
    }
    let tally = run(&dir);
    eprintln!("{tally:#?}");
    assert!(tally.actors >= 20, "actors read: {}", tally.actors);
    assert!(tally.objects >= 30, "posts read: {}", tally.objects);
}

#[test]
fn hostile_markup_is_neutralised() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/assets/hostile/create_note_script.json");
    let v: Value = serde_json::from_str(&std::fs::read_to_string(path).expect("asset")).expect("json");
    let p = practice_from_object(&v["object"], ActorId(1), "k".into()).expect("parses");
    let html = p.content_html.as_str();
    for bad in ["<script", "onerror", "javascript:", "<iframe"] {
        assert!(!html.contains(bad), "{bad} survived in {html}");
    }
    assert!(!p.title.contains('<'));
}

#[test]
fn an_ecities_article_keeps_every_typed_field_and_language() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/assets/ecities/create_article.json");
    let v: Value = serde_json::from_str(&std::fs::read_to_string(path).expect("asset")).expect("json");
    let p = practice_from_object(&v["object"], ActorId(1), "k".into()).expect("parses");
    assert_eq!(p.kind.map(|k| k.as_str()), Some("best_practice"));
    assert_eq!(p.sdgs.iter().map(|s| s.number()).collect::<Vec<_>>(), [11, 13]);
    assert_eq!(p.country.map(|c| c.to_string()), Some("KR".into()));
    assert!(p.details.problem.is_some() && p.details.lessons.is_some());
    assert_eq!(p.details.period_start.map(|d| d.to_string()), Some("2019-01-01".into()));
    assert!(p.translations.keys().any(|l| l.as_str() == "ko"));
}
