//! The taxonomy practices are described with, shipped as data in the repo
//! (`crates/ecities_core/data/*.csv`) and parsed once on first use:
//! the 17 Sustainable Development Goals, ISO 3166-1 alpha-2 countries with
//! their UN M49 region and sub-region, and the UN-PAKS thematic areas.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::LazyLock;

use crate::error::{CoreError, CoreResult};

const COUNTRIES_CSV: &str = include_str!("../data/countries.csv");
const SDGS_CSV: &str = include_str!("../data/sdgs.csv");
const THEMES_CSV: &str = include_str!("../data/themes.csv");

/// Splits one CSV line with optional double-quoted fields. The embedded
/// files are ours and tested below, so this stays deliberately small.
fn split_csv_line(line: &str) -> Vec<String> {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut in_quotes = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, in_quotes) {
            ('"', true) if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            ('"', _) => in_quotes = !in_quotes,
            (',', false) => fields.push(std::mem::take(&mut field)),
            _ => field.push(c),
        }
    }
    fields.push(field);
    fields
}

fn rows(csv: &str) -> impl Iterator<Item = Vec<String>> + '_ {
    csv.lines().skip(1).map(|l| l.trim_end_matches('\r')).filter(|l| !l.trim().is_empty()).map(split_csv_line)
}

fn field(row: &[String], i: usize) -> String {
    row.get(i).cloned().unwrap_or_default()
}

// ---------------------------------------------------------------- SDGs

/// One of the 17 Sustainable Development Goals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Sdg(u8);

#[derive(Debug, Clone)]
pub struct SdgInfo {
    pub number: u8,
    pub slug: String,
    pub short_name: String,
}

static SDGS: LazyLock<Vec<SdgInfo>> = LazyLock::new(|| {
    rows(SDGS_CSV)
        .filter_map(|r| {
            Some(SdgInfo { number: field(&r, 0).parse().ok()?, slug: field(&r, 1), short_name: field(&r, 2) })
        })
        .collect()
});

impl Sdg {
    pub fn new(n: i64) -> CoreResult<Self> {
        if (1..=17).contains(&n) {
            Ok(Self(n as u8))
        } else {
            Err(CoreError::invalid("sdgs", format!("{n} is not a Sustainable Development Goal (expected 1 to 17)")))
        }
    }

    pub fn number(self) -> u8 {
        self.0
    }

    pub fn info(self) -> Option<&'static SdgInfo> {
        SDGS.iter().find(|s| s.number == self.0)
    }

    pub fn short_name(self) -> &'static str {
        self.info().map(|i| i.short_name.as_str()).unwrap_or("")
    }

    /// The hashtag microblog software shows: `SDG11`.
    pub fn hashtag(self) -> String {
        format!("SDG{}", self.0)
    }

    pub fn all() -> &'static [SdgInfo] {
        &SDGS
    }
}

impl fmt::Display for Sdg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

// ---------------------------------------------------------------- Countries

#[derive(Debug, Clone)]
pub struct CountryInfo {
    pub alpha2: String,
    pub name: String,
    pub m49: String,
    pub region: Option<Region>,
    pub subregion: Option<Region>,
}

/// A UN M49 region or sub-region: a three-digit code and its English name.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Region {
    pub code: String,
    pub name: String,
}

fn region(code: String, name: String) -> Option<Region> {
    (!code.is_empty()).then_some(Region { code, name })
}

static COUNTRIES: LazyLock<BTreeMap<String, CountryInfo>> = LazyLock::new(|| {
    rows(COUNTRIES_CSV)
        .map(|r| {
            let info = CountryInfo {
                alpha2: field(&r, 0),
                name: field(&r, 1),
                m49: field(&r, 2),
                region: region(field(&r, 3), field(&r, 4)),
                subregion: region(field(&r, 5), field(&r, 6)),
            };
            (info.alpha2.clone(), info)
        })
        .collect()
});

/// An ISO 3166-1 alpha-2 country code, upper case, known to the UN M49 list.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Country(String);

impl Country {
    pub fn parse(input: &str) -> CoreResult<Self> {
        let code = input.trim().to_ascii_uppercase();
        if COUNTRIES.contains_key(&code) {
            Ok(Self(code))
        } else {
            Err(CoreError::invalid(
                "country",
                format!("'{input}' is not an ISO 3166-1 alpha-2 country code (for example KR, DE, BR)"),
            ))
        }
    }

    pub fn code(&self) -> &str {
        &self.0
    }

    pub fn info(&self) -> &'static CountryInfo {
        // Construction guarantees the code is in the table.
        COUNTRIES.get(&self.0).expect("a Country is only built from a code in the table")
    }

    pub fn all() -> impl Iterator<Item = &'static CountryInfo> {
        COUNTRIES.values()
    }
}

impl fmt::Display for Country {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// UN M49 code of the world as a whole.
pub const WORLD_CODE: &str = "001";

impl Region {
    /// The world as a whole (M49 `001`): the place of a practice about no
    /// one country or region, such as a global UN-PAKS publication.
    pub fn world() -> Region {
        Region { code: WORLD_CODE.to_owned(), name: "World".to_owned() }
    }

    pub fn is_world(&self) -> bool {
        self.code == WORLD_CODE
    }

    /// Finds a region or sub-region by M49 code (`142`) or English name
    /// (`Asia`, case-insensitive); `001` or `World` is the world.
    pub fn lookup(input: &str) -> CoreResult<Region> {
        let wanted = input.trim();
        if wanted == WORLD_CODE || wanted.eq_ignore_ascii_case("world") {
            return Ok(Self::world());
        }
        let found = COUNTRIES
            .values()
            .flat_map(|c| [c.region.as_ref(), c.subregion.as_ref()])
            .flatten()
            .find(|r| r.code == wanted || r.name.eq_ignore_ascii_case(wanted));
        found.cloned().ok_or_else(|| {
            CoreError::invalid(
                "region",
                format!("'{input}' is not a UN M49 region code or name (for example 142 or Asia)"),
            )
        })
    }

    /// Every place a practice may name instead of a country: the world
    /// first, then the UN M49 regions and sub-regions, by code.
    pub fn all() -> Vec<Region> {
        let mut found: BTreeMap<String, Region> = BTreeMap::new();
        for r in COUNTRIES.values().flat_map(|c| [c.region.as_ref(), c.subregion.as_ref()]).flatten() {
            found.entry(r.code.clone()).or_insert_with(|| r.clone());
        }
        std::iter::once(Self::world()).chain(found.into_values()).collect()
    }

    /// Countries whose region or sub-region is this one (none for the
    /// world: as a search's place, `001` means "about the whole world").
    pub fn countries(&self) -> Vec<Country> {
        COUNTRIES
            .values()
            .filter(|c| c.region.as_ref() == Some(self) || c.subregion.as_ref() == Some(self))
            .map(|c| Country(c.alpha2.clone()))
            .collect()
    }
}

// ---------------------------------------------------------------- MDGs

/// The eight Millennium Development Goals (2000–2015), by number, with the
/// UN's English names: the goal taxonomy of material from before the SDGs.
const MDG_NAMES: [&str; 8] = [
    "Eradicate extreme poverty and hunger",
    "Achieve universal primary education",
    "Promote gender equality and empower women",
    "Reduce child mortality",
    "Improve maternal health",
    "Combat HIV/AIDS, malaria and other diseases",
    "Ensure environmental sustainability",
    "Develop a global partnership for development",
];

/// One of the eight Millennium Development Goals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Mdg(u8);

impl Mdg {
    pub fn new(n: i64) -> CoreResult<Self> {
        if (1..=8).contains(&n) {
            Ok(Self(n as u8))
        } else {
            Err(CoreError::invalid("mdgs", format!("{n} is not a Millennium Development Goal (expected 1 to 8)")))
        }
    }

    pub fn number(self) -> u8 {
        self.0
    }

    /// The goal's English name.
    pub fn short_name(self) -> &'static str {
        MDG_NAMES[usize::from(self.0) - 1]
    }

    /// All eight, in order.
    pub fn all() -> impl Iterator<Item = Mdg> {
        (1..=8).map(Mdg)
    }
}

impl fmt::Display for Mdg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

// ---------------------------------------------------------------- Themes

#[derive(Debug, Clone)]
pub struct ThemeInfo {
    pub slug: String,
    pub name: String,
    pub description: String,
}

static THEMES: LazyLock<Vec<ThemeInfo>> = LazyLock::new(|| {
    rows(THEMES_CSV).map(|r| ThemeInfo { slug: field(&r, 0), name: field(&r, 1), description: field(&r, 2) }).collect()
});

/// A theme of a practice. The UN-PAKS thematic areas are known by slug;
/// any other short free-text theme is kept as given (lower-cased,
/// spaces to dashes) so cities can add their own.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Theme(String);

/// Longest theme slug we accept, in characters.
const MAX_THEME_CHARS: usize = 64;

impl Theme {
    pub fn parse(input: &str) -> CoreResult<Self> {
        let slug: String = input.trim().to_lowercase().split_whitespace().collect::<Vec<_>>().join("-");
        let valid = !slug.is_empty()
            && slug.chars().count() <= MAX_THEME_CHARS
            && slug.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '_');
        if valid {
            Ok(Self(slug))
        } else {
            Err(CoreError::invalid(
                "themes",
                format!("'{input}' is not a theme (letters, digits and dashes, at most {MAX_THEME_CHARS} characters)"),
            ))
        }
    }

    pub fn slug(&self) -> &str {
        &self.0
    }

    /// The UN-PAKS thematic area, when this theme is one.
    pub fn info(&self) -> Option<&'static ThemeInfo> {
        THEMES.iter().find(|t| t.slug == self.0)
    }

    pub fn unpaks_areas() -> &'static [ThemeInfo] {
        &THEMES
    }
}

impl fmt::Display for Theme {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_seventeen_sdgs_are_shipped_with_names() {
        assert_eq!(Sdg::all().len(), 17);
        assert_eq!(Sdg::new(11).map(|s| s.short_name()).ok(), Some("Sustainable Cities and Communities"));
        assert!(Sdg::new(0).is_err());
        assert!(Sdg::new(18).is_err());
    }

    #[test]
    fn every_country_row_has_a_two_letter_code_and_a_three_digit_m49_code() {
        let all: Vec<_> = Country::all().collect();
        assert!(all.len() >= 240, "only {} countries", all.len());
        for c in all {
            assert_eq!(c.alpha2.len(), 2, "{c:?}");
            assert_eq!(c.m49.len(), 3, "{c:?}");
        }
    }

    #[test]
    fn korea_is_in_eastern_asia_and_asia() {
        let kr = Country::parse("kr").expect("KR is a country");
        assert_eq!(kr.code(), "KR");
        let info = kr.info();
        assert_eq!(info.region.as_ref().map(|r| r.name.as_str()), Some("Asia"));
        assert_eq!(info.subregion.as_ref().map(|r| r.code.as_str()), Some("030"));
    }

    #[test]
    fn unknown_country_codes_are_refused() {
        assert!(Country::parse("XX").is_err());
        assert!(Country::parse("KOR").is_err());
        assert!(Country::parse("").is_err());
    }

    #[test]
    fn every_region_is_listed_once_with_the_world_first() {
        let all = Region::all();
        assert_eq!(all[0], Region::world());
        assert!(all.iter().any(|r| r.code == "142" && r.name == "Asia"), "{all:?}");
        let mut codes: Vec<&str> = all.iter().map(|r| r.code.as_str()).collect();
        codes.dedup();
        assert_eq!(codes.len(), all.len());
        assert!(all.iter().all(|r| Region::lookup(&r.code).ok().as_ref() == Some(r)));
    }

    #[test]
    fn regions_are_found_by_code_or_name() {
        let asia = Region::lookup("142").expect("142 is Asia");
        assert_eq!(asia.name, "Asia");
        assert_eq!(Region::lookup("asia").expect("by name").code, "142");
        assert!(asia.countries().iter().any(|c| c.code() == "KR"));
        assert!(!asia.countries().iter().any(|c| c.code() == "DE"));
        assert!(Region::lookup("Atlantis").is_err());
    }

    #[test]
    fn the_world_is_a_region_of_no_one_country() {
        for name in ["001", "World", "world"] {
            assert!(Region::lookup(name).expect("the world").is_world(), "{name}");
        }
        assert!(Region::world().countries().is_empty());
        assert_eq!(Region::lookup("150").expect("Europe").name, "Europe");
    }

    #[test]
    fn eight_mdgs_are_named() {
        assert_eq!(Mdg::all().count(), 8);
        assert_eq!(Mdg::new(7).map(Mdg::short_name).ok(), Some("Ensure environmental sustainability"));
        assert!(Mdg::new(0).is_err() && Mdg::new(9).is_err());
    }

    #[test]
    fn four_unpaks_thematic_areas_are_shipped() {
        assert_eq!(Theme::unpaks_areas().len(), 4);
        let slug = &Theme::unpaks_areas()[0].slug;
        assert!(Theme::parse(slug).expect("known").info().is_some());
    }

    #[test]
    fn free_text_themes_become_slugs() {
        assert_eq!(Theme::parse("Smart  Mobility").expect("valid").slug(), "smart-mobility");
        assert!(Theme::parse("<script>").is_err());
    }

    #[test]
    fn quoted_csv_fields_keep_their_commas() {
        assert_eq!(split_csv_line(r#"a,"b, c",d"#), vec!["a", "b, c", "d"]);
    }
}
