//! Use cases: what users and remote servers can do. The REST API, the admin
//! UI, the CLI, the feed importer and the inbox all call these, so a local
//! action and the same action arriving from another server take one path.

pub mod actors;
