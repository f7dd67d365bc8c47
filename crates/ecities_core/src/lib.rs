//! The ecities domain: actors, practices, follows and the taxonomy they are
//! described with, plus the ports (`Store`) the outer crates implement.
//!
//! This crate does no IO. Values here are *parsed*, not re-validated: a
//! [`practice::Practice`] that exists has a title of the right length, a
//! BCP 47 language tag, a known ISO 3166-1 country and SDGs in 1–17.
//!
//! Error types: [`error::CoreError`] is the one error every use case and every
//! port returns; the web layer maps it to HTTP statuses, the binary to exit
//! codes.

pub mod access;
pub mod actor;
pub mod analysis;
pub mod content;
pub mod error;
pub mod federation;
pub mod follow;
pub mod hub;
pub mod identity;
pub mod import;
pub mod media;
pub mod net;
pub mod node;
pub mod observe;
pub mod outbox;
pub mod practice;
pub mod question;
pub mod reply;
pub mod search;
pub mod snippet;
pub mod store;
pub mod taxonomy;
pub mod time;
pub mod token;
pub mod translation;
pub mod urls;
pub mod usecases;

pub use error::{CoreError, ErrorAnswer, FieldError};
