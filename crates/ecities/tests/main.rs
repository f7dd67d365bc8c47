//! The end-to-end suite of the `ecities` binary, as one test binary: every
//! file beside this one is a module of it, so the suite links once (one
//! binary instead of one per file: minutes of linking and gigabytes of disk
//! less). Run one file's tests with `cargo test -p ecities --test e2e admin::`.

mod support;

mod admin;
mod admin_access;
mod admin_browser;
mod admission;
mod adoption;
mod archive;
mod attachments;
mod audience;
mod browser;
mod cli;
mod curation;
mod demo;
mod durability;
mod endorsements;
mod federation;
mod feed_enclosures;
mod feeds;
mod follow_approval;
mod follow_by_handle;
mod followers_sync;
mod hub;
mod identity;
mod import;
mod inbox;
mod machine_translation;
mod media_store;
mod membership;
mod metrics;
mod moderation_browser;
mod network;
mod no_write_lost;
mod operations;
mod packaging;
mod pages;
mod places_and_goals;
mod proxy;
mod question_form;
mod records;
mod relay;
mod relay_server;
mod relay_subscriptions;
mod replies;
mod reply_moderation;
mod roles;
mod screenshots;
mod search;
mod sections;
mod secure_mode;
mod security;
mod topics;
mod traces;
mod translations;
mod usecases;
