//! The bytes of attachments: on local disk by default ([`LocalBlobs`]), or
//! in an S3-compatible bucket ([`S3Blobs`], `[media] store = "s3"`). Both
//! implement the core's [`BlobStore`] port; nothing else in the node knows
//! which one holds the files.
//!
//! On disk: one file per checksum, `DIR/ab/abcdef…` (the first two hex digits as a
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

/// Where an S3-compatible bucket is and how to sign requests to it
/// (`[media.s3]`; the keys come from the environment, never the file).
#[derive(Clone)]
pub struct S3Settings {
    pub bucket: String,
    /// The service's URL, e.g. `https://s3.eu-central-1.amazonaws.com`,
    /// `https://fsn1.your-objectstorage.com` or `http://localhost:9000`
    /// (MinIO). `None`: AWS itself, by region.
    pub endpoint: Option<String>,
    pub region: String,
    /// `https://endpoint/bucket/key` instead of `https://bucket.endpoint/key`
    /// (MinIO, Ceph, Garage and most self-hosted servers need it).
    pub path_style: bool,
    /// Prepended to every key (several nodes may share one bucket).
    pub prefix: String,
    pub access_key_id: String,
    pub secret_access_key: String,
    pub session_token: Option<String>,
}

impl std::fmt::Debug for S3Settings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("S3Settings")
            .field("bucket", &self.bucket)
            .field("endpoint", &self.endpoint)
            .field("region", &self.region)
            .field("path_style", &self.path_style)
            .field("prefix", &self.prefix)
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &"(hidden)")
            .finish_non_exhaustive()
    }
}

/// Attachments in an S3-compatible bucket, through the Apache Arrow
/// project's `object_store` crate (signing, retries, TLS). The keys are
/// laid out as on disk: `PREFIX/ab/abcdef…`. A put is one request: S3
/// makes an object visible only once it is whole.
#[derive(Debug, Clone)]
pub struct S3Blobs {
    store: std::sync::Arc<object_store::aws::AmazonS3>,
    prefix: String,
    bucket: String,
}

impl S3Blobs {
    /// Builds the client (nothing is sent yet; see [`S3Blobs::check`]).
    pub fn new(settings: &S3Settings) -> CoreResult<Self> {
        let mut builder = object_store::aws::AmazonS3Builder::new()
            .with_bucket_name(&settings.bucket)
            .with_region(&settings.region)
            .with_access_key_id(&settings.access_key_id)
            .with_secret_access_key(&settings.secret_access_key)
            .with_virtual_hosted_style_request(!settings.path_style);
        if let Some(token) = &settings.session_token {
            builder = builder.with_token(token);
        }
        if let Some(endpoint) = &settings.endpoint {
            builder = builder.with_endpoint(endpoint).with_allow_http(endpoint.starts_with("http://"));
        }
        let store = builder
            .build()
            .map_err(|e| CoreError::Storage(format!("the S3 bucket '{}' cannot be used: {e}", settings.bucket)))?;
        let prefix = settings.prefix.trim_matches('/').to_owned();
        Ok(Self { store: std::sync::Arc::new(store), prefix, bucket: settings.bucket.clone() })
    }

    fn key(&self, hash: &ContentHash) -> object_store::path::Path {
        let hex = hash.hex();
        let key = if self.prefix.is_empty() {
            format!("{}/{hex}", &hex[..2])
        } else {
            format!("{}/{}/{hex}", self.prefix, &hex[..2])
        };
        object_store::path::Path::from(key)
    }

    /// One request to the bucket (a listing of at most a page), so a node
    /// with a wrong endpoint, bucket or key fails when it starts, not at
    /// the first upload.
    pub async fn check(&self) -> CoreResult<()> {
        use object_store::ObjectStore;
        let prefix = (!self.prefix.is_empty()).then(|| object_store::path::Path::from(self.prefix.as_str()));
        self.store.list_with_delimiter(prefix.as_ref()).await.map(|_| ()).map_err(|e| self.failed("cannot list", e))
    }

    fn failed(&self, what: &str, e: object_store::Error) -> CoreError {
        CoreError::Storage(format!("{what} in the S3 bucket '{}': {e}", self.bucket))
    }
}

#[async_trait::async_trait]
impl BlobStore for S3Blobs {
    async fn put(&self, hash: &ContentHash, bytes: &[u8]) -> CoreResult<()> {
        use object_store::ObjectStoreExt;
        let key = self.key(hash);
        // Content-addressed: the same key always holds the same bytes, so
        // writing it again is harmless and no existence check is needed.
        let payload = object_store::PutPayload::from(bytes.to_vec());
        self.store.put(&key, payload).await.map(|_| ()).map_err(|e| self.failed(&format!("cannot write {key}"), e))
    }

    async fn get(&self, hash: &ContentHash) -> CoreResult<Option<Vec<u8>>> {
        use object_store::ObjectStoreExt;
        let key = self.key(hash);
        match self.store.get(&key).await {
            Ok(found) => {
                let bytes = found.bytes().await.map_err(|e| self.failed(&format!("cannot read {key}"), e))?;
                Ok(Some(bytes.to_vec()))
            }
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(self.failed(&format!("cannot read {key}"), e)),
        }
    }

    async fn contains(&self, hash: &ContentHash) -> CoreResult<bool> {
        use object_store::ObjectStoreExt;
        let key = self.key(hash);
        match self.store.head(&key).await {
            Ok(_) => Ok(true),
            Err(object_store::Error::NotFound { .. }) => Ok(false),
            Err(e) => Err(self.failed(&format!("cannot look at {key}"), e)),
        }
    }

    async fn remove(&self, hash: &ContentHash) -> CoreResult<()> {
        use object_store::ObjectStoreExt;
        let key = self.key(hash);
        match self.store.delete(&key).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(self.failed(&format!("cannot remove {key}"), e)),
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
