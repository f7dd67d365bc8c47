//! The bytes of attachments on local disk: the default [`BlobStore`].
//!
//! One file per checksum, `DIR/ab/abcdef…` (the first two hex digits as a
//! folder keep folders small). A file is written to a temporary name,
//! synced and renamed into place, so a reader never sees half a file and a
//! crash leaves at most a stray temporary file. The same bytes are stored
//! once, however many practices show them.

use std::path::{Path, PathBuf};

use ecities_core::CoreError;
use ecities_core::error::CoreResult;
use ecities_core::media::{BlobStore, ContentHash};
use tokio::io::AsyncWriteExt;

/// Attachments under one directory (by default `media/` in the node's
/// data directory; `media.dir` in the configuration).
#[derive(Debug, Clone)]
pub struct LocalBlobs {
    dir: PathBuf,
}

impl LocalBlobs {
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Self { dir: dir.into() }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn path(&self, hash: &ContentHash) -> PathBuf {
        let hex = hash.hex();
        self.dir.join(&hex[..2]).join(hex)
    }
}

fn failed(what: &str, path: &Path, e: std::io::Error) -> CoreError {
    CoreError::Storage(format!("{what} {}: {e}", path.display()))
}

#[async_trait::async_trait]
impl BlobStore for LocalBlobs {
    async fn put(&self, hash: &ContentHash, bytes: &[u8]) -> CoreResult<()> {
        let path = self.path(hash);
        if tokio::fs::try_exists(&path).await.unwrap_or(false) {
            return Ok(());
        }
        let folder = path.parent().unwrap_or(&self.dir).to_path_buf();
        tokio::fs::create_dir_all(&folder).await.map_err(|e| failed("cannot create", &folder, e))?;
        let temporary = folder.join(format!(".{}.{}.tmp", hash.hex(), std::process::id()));
        let mut file = tokio::fs::File::create(&temporary).await.map_err(|e| failed("cannot create", &temporary, e))?;
        let written = async {
            file.write_all(bytes).await?;
            file.sync_all().await
        }
        .await;
        drop(file);
        if let Err(e) = written {
            let _ = tokio::fs::remove_file(&temporary).await;
            return Err(failed("cannot write", &temporary, e));
        }
        tokio::fs::rename(&temporary, &path).await.map_err(|e| failed("cannot move into place", &path, e))
    }

    async fn get(&self, hash: &ContentHash) -> CoreResult<Option<Vec<u8>>> {
        let path = self.path(hash);
        match tokio::fs::read(&path).await {
            Ok(bytes) => Ok(Some(bytes)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(failed("cannot read", &path, e)),
        }
    }

    async fn contains(&self, hash: &ContentHash) -> CoreResult<bool> {
        let path = self.path(hash);
        tokio::fs::try_exists(&path).await.map_err(|e| failed("cannot look at", &path, e))
    }

    async fn remove(&self, hash: &ContentHash) -> CoreResult<()> {
        let path = self.path(hash);
        match tokio::fs::remove_file(&path).await {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(failed("cannot remove", &path, e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_file_is_stored_once_read_back_and_removed() {
        let dir = tempfile::tempdir().expect("dir");
        let blobs = LocalBlobs::new(dir.path().join("media"));
        let hash = ContentHash::of(b"%PDF-1.4 report");
        assert_eq!(blobs.get(&hash).await.expect("get"), None);
        blobs.put(&hash, b"%PDF-1.4 report").await.expect("put");
        blobs.put(&hash, b"%PDF-1.4 report").await.expect("put again");
        assert_eq!(blobs.get(&hash).await.expect("get").as_deref(), Some(&b"%PDF-1.4 report"[..]));
        assert!(blobs.contains(&hash).await.expect("contains"));
        blobs.remove(&hash).await.expect("remove");
        assert!(!blobs.contains(&hash).await.expect("contains"));
        blobs.remove(&hash).await.expect("removing twice is fine");
    }
}
