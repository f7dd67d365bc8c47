//! The network as this node knows it (the `/network` page): the
//! associations, local or remote, their member cities grouped by UN M49
//! region and country, when each joined and how much each shared; and the
//! remote follow, which sends a reader to their own server to follow one of
//! them ([`remote_follow`]).
//!
//! Public and read-only: no principal. What a node knows of a remote
//! association's members is what reached it (the memberships that involve
//! one of its own actors, or that it stored while resolving actors), so
//! each node draws the network from where it stands.

use std::collections::{BTreeMap, HashMap, HashSet};

use url::Url;

use crate::actor::{Actor, ActorId};
use crate::error::{CoreError, CoreResult};
use crate::federation::{AccountAddress, Federation};
use crate::hub::Shared;
use crate::store::Store;
use crate::taxonomy::{Country, Region};
use crate::time::Timestamp;

/// At most this many associations are listed: a page people read, not an
/// export (a node in the e-Cities Network knows a few dozen).
pub const MAX_ASSOCIATIONS: usize = 500;
/// At most this many memberships are read for one page.
pub const MAX_MEMBERSHIPS: usize = 10_000;

/// The network page's data.
#[derive(Debug, Clone, Default)]
pub struct Network {
    pub associations: Vec<AssociationEntry>,
    /// Member cities per country, each city once even when it is a member
    /// of several associations; most cities first, then by code.
    pub countries: Vec<CountryCities>,
    /// Distinct member cities in all.
    pub cities: usize,
}

#[derive(Debug, Clone)]
pub struct AssociationEntry {
    pub actor: Actor,
    pub shared: Shared,
    pub members: usize,
    /// Its members by region (by name; members without a country last),
    /// then by country (by name).
    pub regions: Vec<RegionGroup>,
}

#[derive(Debug, Clone)]
pub struct RegionGroup {
    /// The UN M49 region (Africa, Americas, Asia, Europe, Oceania); `None`
    /// for members whose country is not known.
    pub region: Option<Region>,
    pub countries: Vec<CountryGroup>,
}

#[derive(Debug, Clone)]
pub struct CountryGroup {
    pub country: Option<Country>,
    pub members: Vec<Member>,
}

#[derive(Debug, Clone)]
pub struct Member {
    pub actor: Actor,
    /// When the membership began (the association's follow was accepted).
    pub since: Timestamp,
    pub shared: Shared,
}

#[derive(Debug, Clone)]
pub struct CountryCities {
    pub country: Country,
    /// By name.
    pub cities: Vec<Actor>,
}

fn display_name(a: &Actor) -> String {
    a.display_name.clone().unwrap_or_else(|| a.name.clone()).to_lowercase()
}

/// Gathers the network page: associations, members, counts.
pub async fn network(store: &dyn Store) -> CoreResult<Network> {
    let associations = store.associations(MAX_ASSOCIATIONS).await?;
    let ids: Vec<ActorId> = associations.iter().map(|a| a.id).collect();
    let memberships = store.memberships(&ids, MAX_MEMBERSHIPS).await?;
    let mut everyone: Vec<ActorId> = ids.clone();
    everyone.extend(memberships.iter().map(|m| m.member.id));
    everyone.sort();
    everyone.dedup();
    let shared = store.shared_counts(&everyone).await?;
    let shared_of = |id: ActorId| shared.get(&id).copied().unwrap_or_default();

    let mut by_association: HashMap<ActorId, Vec<Member>> = HashMap::new();
    let mut cities_by_country: BTreeMap<Country, BTreeMap<ActorId, Actor>> = BTreeMap::new();
    let mut cities: HashSet<ActorId> = HashSet::new();
    for m in memberships {
        cities.insert(m.member.id);
        if let Some(c) = &m.member.country {
            cities_by_country.entry(c.clone()).or_default().insert(m.member.id, m.member.clone());
        }
        let member = Member { shared: shared_of(m.member.id), since: m.since, actor: m.member };
        by_association.entry(m.association).or_default().push(member);
    }

    let entries = associations
        .into_iter()
        .map(|actor| {
            let members = by_association.remove(&actor.id).unwrap_or_default();
            AssociationEntry { shared: shared_of(actor.id), members: members.len(), regions: group(members), actor }
        })
        .collect();
    let mut countries: Vec<CountryCities> = cities_by_country
        .into_iter()
        .map(|(country, found)| {
            let mut cities: Vec<Actor> = found.into_values().collect();
            cities.sort_by_cached_key(display_name);
            CountryCities { country, cities }
        })
        .collect();
    countries.sort_by(|a, b| b.cities.len().cmp(&a.cities.len()).then_with(|| a.country.cmp(&b.country)));
    Ok(Network { associations: entries, countries, cities: cities.len() })
}

/// Sorts by name, unknown last: `(is unknown, name)`.
type NameKey = (bool, String);

/// Groups members by region, then country, each by name.
fn group(members: Vec<Member>) -> Vec<RegionGroup> {
    // Region name → (region, country name → members).
    let mut tree: BTreeMap<NameKey, (Option<Region>, BTreeMap<NameKey, CountryGroup>)> = BTreeMap::new();
    for m in members {
        let country = m.actor.country.clone();
        let region = country.as_ref().and_then(|c| c.info().region.clone());
        let region_key = (region.is_none(), region.as_ref().map(|r| r.name.clone()).unwrap_or_default());
        let country_key = (country.is_none(), country.as_ref().map(|c| c.info().name.clone()).unwrap_or_default());
        let (_, countries) = tree.entry(region_key).or_insert_with(|| (region, BTreeMap::new()));
        countries.entry(country_key).or_insert_with(|| CountryGroup { country, members: Vec::new() }).members.push(m);
    }
    tree.into_values()
        .map(|(region, countries)| RegionGroup {
            region,
            countries: countries
                .into_values()
                .map(|mut g| {
                    g.members.sort_by_cached_key(|m| display_name(&m.actor));
                    g
                })
                .collect(),
        })
        .collect()
}

/// What a remote follow comes to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RemoteFollow {
    /// Send the reader here: their server's page to confirm the follow.
    Redirect(Url),
    /// Their server does not say how to follow from it (no subscribe
    /// template in its WebFinger answer): the reader searches the handle in
    /// their app instead.
    NoTemplate,
}

/// A reader wants to follow `target` (the URL of an actor this node knows)
/// from their own account `account` (`alice@mastodon.example`): asks that
/// account's server, through the federation port and so under the node's
/// outgoing-request policy, for its remote-follow template, and fills it
/// in with the actor's URL.
pub async fn remote_follow(
    store: &dyn Store,
    federation: &dyn Federation,
    account: &str,
    target: &str,
) -> CoreResult<(Actor, RemoteFollow)> {
    let account = AccountAddress::parse(account)?;
    let url = Url::parse(target.trim()).map_err(|_| CoreError::NotFound("actor".into()))?;
    let actor = store.actor_by_url(&url).await?.ok_or_else(|| CoreError::NotFound("actor".into()))?;
    let follow = match federation.subscribe_template(&account).await? {
        Some(template) => match fill_template(&template, actor.url.as_str()) {
            Some(url) => RemoteFollow::Redirect(url),
            None => RemoteFollow::NoTemplate,
        },
        None => RemoteFollow::NoTemplate,
    };
    Ok((actor, follow))
}

/// Fills an OStatus subscribe template (`…?uri={uri}`) with `uri`,
/// percent-encoded. `None` unless the result is an http(s) URL (a template
/// is another server's text: never a `javascript:` link).
pub fn fill_template(template: &str, uri: &str) -> Option<Url> {
    if !template.contains("{uri}") {
        return None;
    }
    let encoded: String = url::form_urlencoded::byte_serialize(uri.as_bytes()).collect();
    let url = Url::parse(&template.replace("{uri}", &encoded)).ok()?;
    matches!(url.scheme(), "https" | "http").then_some(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_subscribe_template_is_filled_with_the_encoded_actor_url() {
        let url = fill_template(
            "https://mastodon.example/authorize_interaction?uri={uri}",
            "https://city.example/actors/seoul",
        )
        .expect("filled");
        assert_eq!(
            url.as_str(),
            "https://mastodon.example/authorize_interaction?uri=https%3A%2F%2Fcity.example%2Factors%2Fseoul"
        );
        assert_eq!(fill_template("javascript:alert({uri})", "x"), None, "only http(s)");
        assert_eq!(fill_template("https://mastodon.example/follow", "x"), None, "no {{uri}} to fill");
    }
}
