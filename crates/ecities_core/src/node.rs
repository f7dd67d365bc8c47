//! The node's public face: its name, description and logo, set by the node
//! operator and shown in every page header and title (the host name stands
//! in while there is no name).

use crate::error::{CoreError, CoreResult};

/// Longest node name, in characters (it sits in every page header).
pub const MAX_NAME_CHARS: usize = 80;
/// Longest description, in characters (the about page).
pub const MAX_DESCRIPTION_CHARS: usize = 4000;
/// Longest logo address, in characters.
pub const MAX_LOGO_CHARS: usize = 2000;

/// The node's name, description and logo; each may be unset.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NodeProfile {
    pub name: Option<String>,
    /// Plain text; blank lines separate paragraphs.
    pub description: Option<String>,
    pub logo: Option<LogoUrl>,
}

/// Where the logo is: an `https://` address or a path on this node
/// (`/static/…`). Never `http:` (mixed content), `javascript:`, `data:`
/// or a protocol-relative `//host` address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogoUrl(String);

impl LogoUrl {
    pub fn parse(s: &str) -> CoreResult<Self> {
        let s = s.trim();
        let bad = |why: &str| CoreError::invalid("logo_url", why.to_owned());
        if s.chars().count() > MAX_LOGO_CHARS {
            return Err(bad("is too long"));
        }
        if s.chars().any(|c| c.is_whitespace() || c.is_control() || c == '"' || c == '<' || c == '>') {
            return Err(bad("contains spaces or characters not allowed in an address"));
        }
        if s.starts_with('/') && !s.starts_with("//") {
            return Ok(Self(s.to_owned()));
        }
        match url::Url::parse(s) {
            Ok(u) if u.scheme() == "https" && u.host_str().is_some() => Ok(Self(u.to_string())),
            _ => Err(bad("must be an https:// address or a path on this node starting with /")),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A change to the profile: each field absent (`None`: kept) or given
/// (`Some("")` clears it).
#[derive(Debug, Clone, Default)]
pub struct NodeProfileChange {
    pub name: Option<String>,
    pub description: Option<String>,
    pub logo_url: Option<String>,
}

impl NodeProfileChange {
    /// The profile after this change, validated.
    pub fn apply(&self, mut profile: NodeProfile) -> CoreResult<NodeProfile> {
        let mut errors = Vec::new();
        let text = |field: &'static str, value: &str, max: usize, errors: &mut Vec<CoreError>| {
            let value = value.trim().replace("\r\n", "\n");
            if value.chars().count() > max {
                errors.push(CoreError::invalid(field, format!("is longer than {max} characters")));
            }
            (!value.is_empty()).then_some(value)
        };
        if let Some(name) = &self.name {
            if name.contains('\n') {
                errors.push(CoreError::invalid("name", "is one line".to_owned()));
            }
            profile.name = text("name", name, MAX_NAME_CHARS, &mut errors);
        }
        if let Some(d) = &self.description {
            profile.description = text("description", d, MAX_DESCRIPTION_CHARS, &mut errors);
        }
        if let Some(logo) = &self.logo_url {
            profile.logo = match logo.trim() {
                "" => None,
                l => match LogoUrl::parse(l) {
                    Ok(l) => Some(l),
                    Err(e) => {
                        errors.push(e);
                        None
                    }
                },
            };
        }
        match errors.into_iter().next() {
            Some(e) => Err(e),
            None => Ok(profile),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logos_are_https_or_paths_on_this_node() {
        assert!(LogoUrl::parse("https://city.example/logo.svg").is_ok());
        assert_eq!(LogoUrl::parse(" /static/logo.png ").map(|l| l.0).ok().as_deref(), Some("/static/logo.png"));
        for bad in [
            "http://city.example/logo.png",
            "javascript:alert(1)",
            "data:image/png;base64,AA",
            "//evil.example/x.png",
            "logo.png",
            "/a b.png",
            "ftp://city.example/logo.png",
        ] {
            assert!(LogoUrl::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_change_keeps_what_it_does_not_name_and_clears_what_is_blank() {
        let before = NodeProfile { name: Some("Seoul".into()), description: Some("About".into()), logo: None };
        let after =
            NodeProfileChange { description: Some("  ".into()), ..Default::default() }.apply(before).expect("valid");
        assert_eq!(after, NodeProfile { name: Some("Seoul".into()), description: None, logo: None });
        let long = NodeProfileChange { name: Some("x".repeat(MAX_NAME_CHARS + 1)), ..Default::default() };
        assert!(long.apply(NodeProfile::default()).is_err());
        let two_lines = NodeProfileChange { name: Some("a\nb".into()), ..Default::default() };
        assert!(two_lines.apply(NodeProfile::default()).is_err());
    }
}
