//! Attachments of remote practices: fetched from their origin and checked
//! before the copy is stored.
//!
//! Only an attachment that names its checksum (`digestMultibase`, FEP-ef61)
//! is taken in (see `objects::attachments_of`). Its bytes are fetched
//! through the outgoing-request policy ([`crate::egress`]: scheme, port,
//! addresses, no redirects, timeout) and the domain policy, read up to the
//! node's `media.max_bytes`, and kept only when the checksum, the size and
//! the type by content all match ([`ecities_core::media::check_fetched`]).
//! Then the file is stored here, content-addressed like a local upload, and
//! the attachment is marked `verified`: this node serves it from its own
//! `/media/…` URL. An attachment that cannot be fetched or does not match
//! is kept as metadata with `verified: false` and is not shown.

use ecities_core::media::{Attachment, check_fetched};
use ecities_core::net::Purpose;
use ecities_core::practice::NewPractice;

use crate::apub::FedData;
use crate::egress::read_capped;

/// Fetches and checks every attachment of `new` this node does not hold
/// yet, marking each `verified` or not. Never fails: a missing attachment
/// does not keep the practice out.
pub async fn fetch_attachments(data: &FedData, new: &mut NewPractice) {
    for attachment in &mut new.details.attachments {
        attachment.verified = match fetch_one(data, attachment).await {
            Ok(()) => true,
            Err(why) => {
                tracing::info!(practice = %new.ap_id, url = %attachment.url, %why, "attachment not taken");
                false
            }
        };
    }
}

async fn fetch_one(data: &FedData, attachment: &mut Attachment) -> Result<(), String> {
    // The same bytes are here already (another practice, an earlier
    // copy): the checksum says they are these.
    if data.blobs.contains(&attachment.sha256).await.map_err(|e| e.to_string())? {
        return Ok(());
    }
    if !data.domains.permits(&attachment.url).await.map_err(|e| e.to_string())? {
        return Err("the domain is blocked".into());
    }
    let request = data.egress.get(&attachment.url, Purpose::Federation).map_err(|e| e.to_string())?;
    let response = request.send().await.map_err(|e| format!("could not be fetched: {e}"))?;
    if !response.status().is_success() {
        return Err(format!("the origin answered {}", response.status()));
    }
    let cap = usize::try_from(data.media.max_bytes).unwrap_or(usize::MAX);
    let bytes = read_capped(response, cap).await.map_err(|e| e.to_string())?;
    check_fetched(attachment, &bytes, &data.media)?;
    if attachment.size == 0 {
        attachment.size = bytes.len() as u64;
    }
    data.blobs.put(&attachment.sha256, &bytes).await.map_err(|e| e.to_string())
}
