//! Attachments: images and documents a practice carries beside its text.
//!
//! A file is accepted by what it *is*, never by what it is called: its
//! first bytes (and, for office documents, the names inside the ZIP) decide
//! its type ([`MediaType::sniff`]); a name or declared type that says
//! otherwise is refused. Files are content-addressed: the SHA-256 of the
//! bytes names them ([`ContentHash`]), so a URL always means the same
//! bytes (and may be cached for ever), and a receiver checks what it
//! fetched against the digest the origin published (`digestMultibase`,
//! FEP-ef61). Where the bytes live is the [`BlobStore`] port (local disk
//! by default, see `ecities_store::blobs`).
//!
//! HTML, SVG, scripts, executables and the old binary Office formats (with
//! their macros) are not accepted: nothing a browser could run is ever
//! served from the node's origin.

use std::fmt;

use sha2::{Digest, Sha256};
use url::Url;

use crate::error::{CoreError, CoreResult, FieldError};

/// Default largest attachment: 16 MiB, a long report as PDF or a large
/// photo; `media.max_bytes` changes it.
pub const DEFAULT_MAX_BYTES: u64 = 16 * 1024 * 1024;
/// At most this many attachments per practice.
pub const MAX_ATTACHMENTS: usize = 20;
/// Longest alt text, in characters (Mastodon allows 1,500).
pub const MAX_ALT_CHARS: usize = 1_500;
/// Longest caption, in characters.
pub const MAX_CAPTION_CHARS: usize = 500;
/// Previews are at most this wide and high, in pixels: a page column.
pub const PREVIEW_PIXELS: u32 = 640;
/// Largest image side decoded, in pixels: bigger pictures (decompression
/// bombs) are refused before their pixels are allocated.
const MAX_IMAGE_SIDE: u32 = 12_000;
/// Most memory one decode may allocate, in bytes.
const MAX_DECODE_BYTES: u64 = 512 * 1024 * 1024;

/// What an attachment is for a reader: a picture shown inline, or a
/// document offered as a download.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AttachmentKind {
    Image,
    Document,
}

impl AttachmentKind {
    /// The ActivityStreams type.
    pub fn as_type(self) -> &'static str {
        match self {
            Self::Image => "Image",
            Self::Document => "Document",
        }
    }
}

/// Every type an attachment may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MediaType {
    Png,
    Jpeg,
    Gif,
    Webp,
    Pdf,
    Docx,
    Xlsx,
    Pptx,
    Odt,
    Ods,
    Odp,
    Csv,
}

impl MediaType {
    pub const ALL: [MediaType; 12] = [
        Self::Png,
        Self::Jpeg,
        Self::Gif,
        Self::Webp,
        Self::Pdf,
        Self::Docx,
        Self::Xlsx,
        Self::Pptx,
        Self::Odt,
        Self::Ods,
        Self::Odp,
        Self::Csv,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Png => "image/png",
            Self::Jpeg => "image/jpeg",
            Self::Gif => "image/gif",
            Self::Webp => "image/webp",
            Self::Pdf => "application/pdf",
            Self::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            Self::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Self::Pptx => "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            Self::Odt => "application/vnd.oasis.opendocument.text",
            Self::Ods => "application/vnd.oasis.opendocument.spreadsheet",
            Self::Odp => "application/vnd.oasis.opendocument.presentation",
            Self::Csv => "text/csv",
        }
    }

    /// The usual file name extension.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Png => "png",
            Self::Jpeg => "jpg",
            Self::Gif => "gif",
            Self::Webp => "webp",
            Self::Pdf => "pdf",
            Self::Docx => "docx",
            Self::Xlsx => "xlsx",
            Self::Pptx => "pptx",
            Self::Odt => "odt",
            Self::Ods => "ods",
            Self::Odp => "odp",
            Self::Csv => "csv",
        }
    }

    pub fn kind(self) -> AttachmentKind {
        match self {
            Self::Png | Self::Jpeg | Self::Gif | Self::Webp => AttachmentKind::Image,
            _ => AttachmentKind::Document,
        }
    }

    /// A media type as written (`image/png`, parameters ignored).
    pub fn parse(text: &str) -> Option<Self> {
        let bare = text.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
        let bare = if bare == "image/jpg" { "image/jpeg".to_owned() } else { bare };
        Self::ALL.into_iter().find(|m| m.as_str() == bare)
    }

    /// The type a file name's extension claims, if it is one of ours.
    pub fn from_name(name: &str) -> Option<Self> {
        let ext = name.rsplit_once('.')?.1.to_ascii_lowercase();
        let ext = if ext == "jpeg" { "jpg".to_owned() } else { ext };
        Self::ALL.into_iter().find(|m| m.extension() == ext)
    }

    /// A config name: the extension (`pdf`) or the media type.
    pub fn from_setting(text: &str) -> Option<Self> {
        Self::parse(text).or_else(|| Self::from_name(&format!("x.{}", text.trim())))
    }

    /// What the bytes are, by their content alone. CSV has no signature:
    /// text is taken as CSV only when `claimed` (the name or declared
    /// type) says so and it looks like data, never like markup.
    pub fn sniff(bytes: &[u8], claimed: Option<MediaType>) -> Option<Self> {
        if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            return Some(Self::Png);
        }
        if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            return Some(Self::Jpeg);
        }
        if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
            return Some(Self::Gif);
        }
        if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
            return Some(Self::Webp);
        }
        if bytes.starts_with(b"%PDF-") {
            return Some(Self::Pdf);
        }
        if bytes.starts_with(b"PK\x03\x04") {
            return sniff_zip(bytes);
        }
        if claimed == Some(Self::Csv) && looks_like_csv(bytes) {
            return Some(Self::Csv);
        }
        None
    }
}

impl fmt::Display for MediaType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Office documents are ZIP archives: OpenDocument stores its type
/// uncompressed as the first entry (`mimetype`), Office Open XML names its
/// main part (`word/document.xml`, …) in the archive's directory.
fn sniff_zip(bytes: &[u8]) -> Option<MediaType> {
    // Local file header: stored size at 18, name length at 26, extra
    // length at 28, name at 30; `mimetype` is stored uncompressed, so its
    // content is exactly the type.
    if bytes.len() > 38 && &bytes[30..38] == b"mimetype" {
        let size = u32::from_le_bytes([bytes[18], bytes[19], bytes[20], bytes[21]]) as usize;
        let extra = usize::from(u16::from_le_bytes([bytes[28], bytes[29]]));
        let start = 38 + extra;
        let mime = bytes.get(start..start.checked_add(size)?)?;
        return [
            (b"application/vnd.oasis.opendocument.text".as_slice(), MediaType::Odt),
            (b"application/vnd.oasis.opendocument.spreadsheet".as_slice(), MediaType::Ods),
            (b"application/vnd.oasis.opendocument.presentation".as_slice(), MediaType::Odp),
        ]
        .into_iter()
        .find(|(m, _)| *m == mime)
        .map(|(_, media)| media);
    }
    if !contains(bytes, b"[Content_Types].xml") {
        return None;
    }
    [
        (b"word/document.xml".as_slice(), MediaType::Docx),
        (b"xl/workbook.xml".as_slice(), MediaType::Xlsx),
        (b"ppt/presentation.xml".as_slice(), MediaType::Pptx),
    ]
    .into_iter()
    .find(|(part, _)| contains(bytes, part))
    .map(|(_, m)| m)
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// UTF-8 text without control characters (but tab and line ends) that a
/// browser could not mistake for markup.
fn looks_like_csv(bytes: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(bytes) else { return false };
    let text = text.trim_start_matches('\u{feff}');
    if text.trim().is_empty() || text.trim_start().starts_with('<') {
        return false;
    }
    if text.chars().any(|c| c.is_control() && !matches!(c, '\t' | '\r' | '\n')) {
        return false;
    }
    let lower = text.to_ascii_lowercase();
    !["<script", "<html", "<!doctype", "<svg", "<iframe", "<body"].iter().any(|m| lower.contains(m))
}

/// The SHA-256 of a file: its name here and its checksum everywhere.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ContentHash([u8; 32]);

impl ContentHash {
    pub fn of(bytes: &[u8]) -> Self {
        Self(Sha256::digest(bytes).into())
    }

    pub fn bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// 64 lowercase hex digits.
    pub fn hex(&self) -> String {
        hex::encode(self.0)
    }

    /// 64 hex digits (either case).
    pub fn parse_hex(text: &str) -> Option<Self> {
        if text.len() != 64 {
            return None;
        }
        let bytes = hex::decode(text).ok()?;
        Some(Self(bytes.try_into().ok()?))
    }

    /// The FEP-ef61 form: multibase base58btc (`z…`) of the multihash
    /// (`0x12` sha2-256, `0x20` 32 bytes, the digest).
    pub fn multibase(&self) -> String {
        let mut multihash = vec![0x12, 0x20];
        multihash.extend_from_slice(&self.0);
        format!("z{}", base58_encode(&multihash))
    }

    /// Reads a `digestMultibase`: base58btc (`z`) or base16 (`f`) of a
    /// sha2-256 multihash. Any other hash is not one we can check.
    pub fn parse_multibase(text: &str) -> Option<Self> {
        let multihash = match text.split_at_checked(1)? {
            ("z", rest) => base58_decode(rest)?,
            ("f" | "F", rest) => hex::decode(rest).ok()?,
            _ => return None,
        };
        match multihash.as_slice() {
            [0x12, 0x20, digest @ ..] if digest.len() == 32 => Some(Self(digest.try_into().ok()?)),
            _ => None,
        }
    }
}

impl fmt::Debug for ContentHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ContentHash({})", self.hex())
    }
}

impl fmt::Display for ContentHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.hex())
    }
}

const BASE58: &[u8; 58] = b"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

fn base58_encode(bytes: &[u8]) -> String {
    // Repeated division of the big-endian number by 58; inputs are short
    // (34 bytes), so the quadratic loop costs nothing.
    let mut digits: Vec<u8> = Vec::new();
    for &byte in bytes {
        let mut carry = u32::from(byte);
        for d in digits.iter_mut() {
            carry += u32::from(*d) << 8;
            *d = (carry % 58) as u8;
            carry /= 58;
        }
        while carry > 0 {
            digits.push((carry % 58) as u8);
            carry /= 58;
        }
    }
    let zeros = bytes.iter().take_while(|b| **b == 0).count();
    let mut out = String::with_capacity(zeros + digits.len());
    out.extend(std::iter::repeat_n('1', zeros));
    out.extend(digits.iter().rev().map(|d| char::from(BASE58[usize::from(*d)])));
    out
}

fn base58_decode(text: &str) -> Option<Vec<u8>> {
    if text.len() > 128 {
        return None;
    }
    let mut bytes: Vec<u8> = Vec::new();
    for c in text.bytes() {
        let mut carry = BASE58.iter().position(|b| *b == c)? as u32;
        for b in bytes.iter_mut() {
            carry += u32::from(*b) * 58;
            *b = (carry & 0xFF) as u8;
            carry >>= 8;
        }
        while carry > 0 {
            bytes.push((carry & 0xFF) as u8);
            carry >>= 8;
        }
    }
    let zeros = text.bytes().take_while(|b| *b == b'1').count();
    let mut out = vec![0; zeros];
    out.extend(bytes.iter().rev());
    Some(out)
}

/// A file attached to a practice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    pub media_type: MediaType,
    /// Bytes.
    pub size: u64,
    pub sha256: ContentHash,
    /// What an image shows, for people who cannot see it (required for
    /// images); a document's title.
    pub alt: Option<String>,
    pub caption: Option<String>,
    /// The file at its origin (for a local attachment, on this node).
    pub url: Url,
    /// Pixels, for images.
    pub width: Option<u32>,
    pub height: Option<u32>,
    /// A scaled JPEG of an image, made where it was uploaded.
    pub preview: Option<ContentHash>,
    /// This node holds the bytes and they match `sha256` (always true for
    /// a local upload; for a remote one, once fetched and checked).
    pub verified: bool,
}

impl Attachment {
    /// Short id in the API and in `DELETE …/attachments/{id}`: the first 16
    /// hex digits of the checksum (a practice holds a file only once).
    pub fn id(&self) -> String {
        self.sha256.hex()[..16].to_owned()
    }

    pub fn kind(&self) -> AttachmentKind {
        self.media_type.kind()
    }

    /// Whether `id` names this attachment (its short id or full checksum).
    pub fn is(&self, id: &str) -> bool {
        let id = id.trim().to_ascii_lowercase();
        id.len() >= 16 && self.sha256.hex().starts_with(&id)
    }

    /// The files this attachment keeps on this node.
    pub fn files(&self) -> impl Iterator<Item = ContentHash> + '_ {
        std::iter::once(self.sha256).chain(self.preview)
    }
}

/// What a node accepts: a size limit and a list of types (`[media]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MediaLimits {
    pub max_bytes: u64,
    pub accepted: Vec<MediaType>,
}

impl Default for MediaLimits {
    fn default() -> Self {
        Self { max_bytes: DEFAULT_MAX_BYTES, accepted: MediaType::ALL.to_vec() }
    }
}

/// A file as it arrives from a form or the API.
#[derive(Debug, Clone, Copy)]
pub struct Upload<'a> {
    pub bytes: &'a [u8],
    pub filename: Option<&'a str>,
    /// The `Content-Type` the client declared for the file.
    pub declared_type: Option<&'a str>,
    pub alt: Option<&'a str>,
    pub caption: Option<&'a str>,
}

/// An upload checked and measured, ready to be stored.
#[derive(Debug, Clone)]
pub struct Checked {
    pub media_type: MediaType,
    pub sha256: ContentHash,
    pub size: u64,
    pub alt: Option<String>,
    pub caption: Option<String>,
    pub width: Option<u32>,
    pub height: Option<u32>,
    /// The preview's checksum and bytes (a JPEG), for images.
    pub preview: Option<(ContentHash, Vec<u8>)>,
}

impl Checked {
    /// The attachment, with the files at `url_of` (this node's media URLs).
    pub fn attachment(&self, url: Url) -> Attachment {
        Attachment {
            media_type: self.media_type,
            size: self.size,
            sha256: self.sha256,
            alt: self.alt.clone(),
            caption: self.caption.clone(),
            url,
            width: self.width,
            height: self.height,
            preview: self.preview.as_ref().map(|(h, _)| *h),
            verified: true,
        }
    }
}

/// Checks an upload against the limits and its own content: size first
/// (413), then the type by content (415: unknown, not accepted here, or
/// not what its name or declared type says), then the text fields (422:
/// an image needs its alt text), then — for images — that it decodes, and
/// makes its preview.
pub fn check_upload(upload: &Upload<'_>, limits: &MediaLimits) -> CoreResult<Checked> {
    let size = upload.bytes.len() as u64;
    if size > limits.max_bytes {
        return Err(CoreError::TooLarge(format!(
            "the file has {size} bytes; this node accepts attachments of at most {} bytes",
            limits.max_bytes
        )));
    }
    if size == 0 {
        return Err(CoreError::invalid("file", "is empty"));
    }
    let by_name = upload.filename.and_then(MediaType::from_name);
    let declared = upload.declared_type.filter(|t| !is_generic(t));
    let by_declared = declared.and_then(MediaType::parse);
    let claimed = by_name.or(by_declared);
    let Some(media_type) = MediaType::sniff(upload.bytes, claimed) else {
        let said = upload.filename.or(declared).unwrap_or("the file");
        return Err(CoreError::UnsupportedMedia(format!(
            "the content of {said} is not an image (PNG, JPEG, GIF, WebP) or a document (PDF, Office Open XML, OpenDocument, CSV) this node accepts"
        )));
    };
    for (said, claim) in [(upload.filename, by_name), (declared, by_declared)] {
        if let (Some(said), Some(claim)) = (said, claim)
            && claim != media_type
        {
            return Err(CoreError::UnsupportedMedia(format!(
                "'{said}' does not match the file's content, which is {media_type}"
            )));
        }
    }
    if !limits.accepted.contains(&media_type) {
        return Err(CoreError::UnsupportedMedia(format!("this node does not accept {media_type} attachments")));
    }
    let mut errors = Vec::new();
    let alt = text(&mut errors, "alt", upload.alt, MAX_ALT_CHARS);
    let caption = text(&mut errors, "caption", upload.caption, MAX_CAPTION_CHARS);
    if media_type.kind() == AttachmentKind::Image && alt.is_none() && errors.is_empty() {
        errors.push(FieldError::new("alt", "is required for an image: say what it shows"));
    }
    if !errors.is_empty() {
        return Err(CoreError::Invalid(errors));
    }
    let (width, height, preview) = match media_type.kind() {
        AttachmentKind::Image => {
            let (w, h, jpeg) = preview(upload.bytes, media_type)?;
            (Some(w), Some(h), Some((ContentHash::of(&jpeg), jpeg)))
        }
        AttachmentKind::Document => (None, None, None),
    };
    Ok(Checked { media_type, sha256: ContentHash::of(upload.bytes), size, alt, caption, width, height, preview })
}

/// Declared types that say nothing (browsers send them for anything).
fn is_generic(declared: &str) -> bool {
    let bare = declared.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    bare.is_empty() || bare == "application/octet-stream"
}

fn text(errors: &mut Vec<FieldError>, field: &str, value: Option<&str>, max: usize) -> Option<String> {
    let value = value.map(str::trim).filter(|v| !v.is_empty())?;
    if value.chars().count() > max {
        errors.push(FieldError::new(field, format!("is longer than {max} characters")));
        return None;
    }
    Some(value.to_owned())
}

fn image_format(media_type: MediaType) -> Option<image::ImageFormat> {
    match media_type {
        MediaType::Png => Some(image::ImageFormat::Png),
        MediaType::Jpeg => Some(image::ImageFormat::Jpeg),
        MediaType::Gif => Some(image::ImageFormat::Gif),
        MediaType::Webp => Some(image::ImageFormat::WebP),
        _ => None,
    }
}

/// Decodes an image (within size limits) and returns its size and a JPEG
/// preview at most [`PREVIEW_PIXELS`] on each side. A file that starts
/// like an image but does not decode is refused.
fn preview(bytes: &[u8], media_type: MediaType) -> CoreResult<(u32, u32, Vec<u8>)> {
    let bad = |why: String| CoreError::invalid("file", format!("the image cannot be read: {why}"));
    let format = image_format(media_type).ok_or_else(|| bad("not an image".into()))?;
    let mut reader = image::ImageReader::with_format(std::io::Cursor::new(bytes), format);
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_IMAGE_SIDE);
    limits.max_image_height = Some(MAX_IMAGE_SIDE);
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    reader.limits(limits);
    let decoded = reader.decode().map_err(|e| bad(e.to_string()))?;
    let (width, height) = (decoded.width(), decoded.height());
    let scaled = if width > PREVIEW_PIXELS || height > PREVIEW_PIXELS {
        decoded.thumbnail(PREVIEW_PIXELS, PREVIEW_PIXELS)
    } else {
        decoded
    };
    // JPEG has no alpha: transparent pixels are laid on white.
    let rgba = scaled.to_rgba8();
    let mut rgb = image::RgbImage::new(rgba.width(), rgba.height());
    for (out, px) in rgb.pixels_mut().zip(rgba.pixels()) {
        let [r, g, b, a] = px.0;
        let over = |c: u8| ((u16::from(c) * u16::from(a) + 255 * (255 - u16::from(a))) / 255) as u8;
        *out = image::Rgb([over(r), over(g), over(b)]);
    }
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 82)
        .encode_image(&rgb)
        .map_err(|e| CoreError::Internal(format!("preview: {e}")))?;
    Ok((width, height, jpeg))
}

/// Checks bytes fetched from an attachment's origin against what the
/// origin published: the size, the checksum, and that the content is the
/// type it claims (and one this node accepts).
pub fn check_fetched(attachment: &Attachment, bytes: &[u8], limits: &MediaLimits) -> Result<(), String> {
    if bytes.len() as u64 > limits.max_bytes {
        return Err(format!("larger than {} bytes", limits.max_bytes));
    }
    if ContentHash::of(bytes) != attachment.sha256 {
        return Err("the checksum does not match".into());
    }
    if attachment.size != 0 && attachment.size != bytes.len() as u64 {
        return Err(format!("{} bytes, not the {} announced", bytes.len(), attachment.size));
    }
    if MediaType::sniff(bytes, Some(attachment.media_type)) != Some(attachment.media_type) {
        return Err(format!("the content is not {}", attachment.media_type));
    }
    if !limits.accepted.contains(&attachment.media_type) {
        return Err(format!("{} is not accepted here", attachment.media_type));
    }
    Ok(())
}

/// Where the bytes of attachments live, by checksum. Local disk by default
/// (`ecities_store::blobs::LocalBlobs`); an S3-compatible store would be
/// another implementation.
#[async_trait::async_trait]
pub trait BlobStore: Send + Sync + 'static {
    /// Stores `bytes` under their checksum (nothing happens when they are
    /// already there). Returns once the bytes are durable.
    async fn put(&self, hash: &ContentHash, bytes: &[u8]) -> CoreResult<()>;
    /// The bytes, if this node holds them.
    async fn get(&self, hash: &ContentHash) -> CoreResult<Option<Vec<u8>>>;
    async fn contains(&self, hash: &ContentHash) -> CoreResult<bool>;
    /// Removes the bytes (nothing happens when they are not there).
    async fn remove(&self, hash: &ContentHash) -> CoreResult<()>;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(width: u32, height: u32) -> Vec<u8> {
        let img = image::RgbaImage::from_pixel(width, height, image::Rgba([200, 30, 30, 128]));
        let mut out = std::io::Cursor::new(Vec::new());
        img.write_to(&mut out, image::ImageFormat::Png).expect("encode");
        out.into_inner()
    }

    fn upload<'a>(bytes: &'a [u8], name: &'a str) -> Upload<'a> {
        Upload { bytes, filename: Some(name), declared_type: None, alt: Some("A red square"), caption: None }
    }

    #[test]
    fn a_png_is_measured_and_gets_a_jpeg_preview_no_larger_than_a_column() {
        let bytes = png(1280, 400);
        let checked = check_upload(&upload(&bytes, "photo.png"), &MediaLimits::default()).expect("accepted");
        assert_eq!(checked.media_type, MediaType::Png);
        assert_eq!((checked.width, checked.height), (Some(1280), Some(400)));
        let (_, jpeg) = checked.preview.expect("preview");
        let small = image::load_from_memory(&jpeg).expect("jpeg");
        assert_eq!((small.width(), small.height()), (640, 200));
        assert_eq!(checked.sha256, ContentHash::of(&bytes));
    }

    #[test]
    fn html_named_as_a_pdf_is_refused_as_unsupported() {
        let html = b"<html><script>alert(1)</script></html>";
        let err = check_upload(&upload(html, "report.pdf"), &MediaLimits::default()).expect_err("refused");
        assert!(matches!(err, CoreError::UnsupportedMedia(_)), "{err:?}");
    }

    #[test]
    fn a_png_named_as_a_pdf_is_refused_because_the_name_lies() {
        let bytes = png(2, 2);
        let err = check_upload(&upload(&bytes, "report.pdf"), &MediaLimits::default()).expect_err("refused");
        assert!(matches!(err, CoreError::UnsupportedMedia(ref m) if m.contains("image/png")), "{err:?}");
    }

    #[test]
    fn svg_and_scripts_are_never_csv() {
        for text in [&b"<svg onload=alert(1)>"[..], b"a,b\n<script>x</script>\n", b"MZ\x90\x00\x03"] {
            let err = check_upload(&upload(text, "data.csv"), &MediaLimits::default()).expect_err("refused");
            assert!(matches!(err, CoreError::UnsupportedMedia(_)), "{err:?}");
        }
        let ok = check_upload(&upload(b"city,score\nSeoul,3\n", "data.csv"), &MediaLimits::default());
        assert_eq!(ok.expect("csv").media_type, MediaType::Csv);
    }

    #[test]
    fn an_image_without_alt_text_is_invalid_and_a_document_may_have_none() {
        let bytes = png(2, 2);
        let mut u = upload(&bytes, "a.png");
        u.alt = Some("  ");
        assert!(matches!(check_upload(&u, &MediaLimits::default()), Err(CoreError::Invalid(f)) if f[0].field == "alt"));
        let pdf = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n";
        let mut d = upload(pdf, "report.pdf");
        d.alt = None;
        assert_eq!(check_upload(&d, &MediaLimits::default()).expect("pdf").media_type, MediaType::Pdf);
    }

    #[test]
    fn a_file_over_the_limit_is_too_large() {
        let limits = MediaLimits { max_bytes: 10, ..MediaLimits::default() };
        let err = check_upload(&upload(b"%PDF-1.4 and more", "a.pdf"), &limits).expect_err("too large");
        assert!(matches!(err, CoreError::TooLarge(_)));
    }

    #[test]
    fn office_documents_are_told_apart_by_what_the_archive_holds() {
        let mime = b"application/vnd.oasis.opendocument.text";
        let mut odt = b"PK\x03\x04".to_vec();
        odt.extend_from_slice(&[0; 14]);
        odt.extend_from_slice(&(mime.len() as u32).to_le_bytes());
        odt.extend_from_slice(&[0; 4]);
        odt.extend_from_slice(&8u16.to_le_bytes());
        odt.extend_from_slice(&0u16.to_le_bytes());
        odt.extend_from_slice(b"mimetype");
        odt.extend_from_slice(mime);
        odt.extend_from_slice(b"PK\x03\x04");
        assert_eq!(MediaType::sniff(&odt, None), Some(MediaType::Odt));
        let template =
            [&odt[..18], &((mime.len() + 9) as u32).to_le_bytes(), &odt[22..odt.len() - 4], b"-template"].concat();
        assert_eq!(MediaType::sniff(&template, None), None, "an OpenDocument template is not a document");
        let docx = b"PK\x03\x04....[Content_Types].xml....word/document.xml....";
        assert_eq!(MediaType::sniff(docx, None), Some(MediaType::Docx));
        assert_eq!(MediaType::sniff(b"PK\x03\x04 just a zip", None), None);
    }

    #[test]
    fn the_multibase_digest_reads_back_and_matches_a_known_value() {
        let hash = ContentHash::of(b"hello");
        let text = hash.multibase();
        assert!(text.starts_with("zQm"), "{text}");
        assert_eq!(ContentHash::parse_multibase(&text), Some(hash));
        assert_eq!(ContentHash::parse_multibase(&format!("f1220{}", hash.hex())), Some(hash));
        assert_eq!(ContentHash::parse_multibase("zabc"), None);
        // base58btc of "hello world" is StV1DL6CwTryKyV.
        assert_eq!(base58_encode(b"hello world"), "StV1DL6CwTryKyV");
    }
}
