"""Harvests an ecities node's OAI-PMH endpoint with a real client (Sickle).

Run by crates/ecities/tests/records.rs with the python of the venv that
.ci/run makes (ECITIES_OAI_PYTHON). Arguments: the endpoint URL, the
`from` datestamp of the incremental harvest, an identifier that exists, the
identifier of a deleted record, the identifier of the record with every
typed field. Prints one JSON object with what the harvest saw; the Rust test
checks it.

Every answer the client receives is also validated against the official
OAI-PMH 2.0 schema, the oai_dc schema and the schema of the node's own
`ecities` format (vendored in schemas/, see the README there; imports are
resolved to those copies, never the network).
"""

import json
import os
import sys
import urllib.parse
import urllib.request

from lxml import etree
from sickle import Sickle
from sickle import oaiexceptions

endpoint, since, identifier, deleted, rich = sys.argv[1:6]
OAI = "{http://www.openarchives.org/OAI/2.0/}"
ECITIES_NS = "https://w3id.org/ecities/ns#"
EC = "{" + ECITIES_NS + "}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# The node serves the ecities schema next to its endpoint.
ECITIES_XSD = endpoint + "/ecities-1.0.xsd"
SCHEMAS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "schemas")
# The schemaLocation of each schema (as the official files and the answers
# name them) and its vendored copy.
LOCAL = {
    "http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd": "OAI-PMH.xsd",
    "http://www.openarchives.org/OAI/2.0/oai_dc.xsd": "oai_dc.xsd",
    "http://dublincore.org/schemas/xmls/simpledc20021212.xsd": "simpledc20021212.xsd",
    "http://www.w3.org/2001/03/xml.xsd": "xml.xsd",
    ECITIES_XSD: "ecities-oai-1.0.xsd",
}


class VendoredSchemas(etree.Resolver):
    def resolve(self, url, pubid, context):
        name = LOCAL.get(url)
        if name is None:
            raise AssertionError(f"the schema {url} is not vendored in {SCHEMAS}")
        return self.resolve_filename(os.path.join(SCHEMAS, name), context)


def load_schema():
    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(VendoredSchemas())
    imports = "".join(
        f'<xs:import namespace="{ns}" schemaLocation="{url}"/>'
        for ns, url in [
            ("http://www.openarchives.org/OAI/2.0/", "http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd"),
            ("http://www.openarchives.org/OAI/2.0/oai_dc/", "http://www.openarchives.org/OAI/2.0/oai_dc.xsd"),
            (ECITIES_NS, ECITIES_XSD),
        ]
    )
    driver = f'<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">{imports}</xs:schema>'
    return etree.XMLSchema(etree.fromstring(driver.encode(), parser))


SCHEMA = load_schema()
# What was validated: "verb" or "verb/errorCode" -> number of answers.
validated = {}


def validate(raw, verb):
    """Asserts that an answer is valid OAI-PMH 2.0 (metadata included) and
    counts it under the verb asked for and its error code."""
    root = etree.fromstring(raw)
    assert root.tag == OAI + "OAI-PMH", root.tag
    if not SCHEMA.validate(root):
        errors = "\n".join(str(e) for e in SCHEMA.error_log)
        raise AssertionError(f"an answer is not valid OAI-PMH:\n{errors}\n{raw.decode('utf-8', 'replace')}")
    error = root.find(OAI + "error")
    key = verb if error is None else f"{verb}/{error.get('code')}"
    validated[key] = validated.get(key, 0) + 1


def raw_get(**params):
    with urllib.request.urlopen(endpoint + "?" + urllib.parse.urlencode(params)) as r:
        return r.read()


class CountingSickle(Sickle):
    """Sickle that counts the requests it makes (pages of a list) and checks
    that every answer validates against the OAI-PMH schema."""

    requests = 0

    def harvest(self, **kwargs):
        self.requests += 1
        response = super().harvest(**kwargs)
        validate(response.raw.encode("utf-8"), kwargs.get("verb", "none"))
        return response


# The validator is not a rubber stamp: an answer without its responseDate,
# or with a record whose Dublin Core has an element oai_dc does not define,
# is refused.
broken = etree.fromstring(raw_get(verb="GetRecord", metadataPrefix="oai_dc", identifier=identifier))
broken.remove(broken.find(OAI + "responseDate"))
assert not SCHEMA.validate(broken), "an answer without responseDate passed the schema"
broken = etree.fromstring(raw_get(verb="GetRecord", metadataPrefix="oai_dc", identifier=identifier))
dc = broken.find(f"{OAI}GetRecord/{OAI}record/{OAI}metadata")[0]
etree.SubElement(dc, "{http://purl.org/dc/elements/1.1/}audience").text = "everyone"
assert not SCHEMA.validate(broken), "oai_dc with an element it does not define passed the schema"
# The same for the ecities format: a goal beyond the 17 SDGs, a record
# without its author.
broken = etree.fromstring(raw_get(verb="GetRecord", metadataPrefix="ecities", identifier=rich))
assert SCHEMA.validate(broken), "\n".join(str(e) for e in SCHEMA.error_log)
broken.find(f".//{EC}sdg").set("goal", "18")
assert not SCHEMA.validate(broken), "an ecities record with SDG 18 passed the schema"
broken = etree.fromstring(raw_get(verb="GetRecord", metadataPrefix="ecities", identifier=rich))
author = broken.find(f".//{EC}author")
author.getparent().remove(author)
assert not SCHEMA.validate(broken), "an ecities record without its author passed the schema"

# The schema the node serves is the one vendored here (and validated with).
with urllib.request.urlopen(ECITIES_XSD) as r:
    served_schema = r.read()
with open(os.path.join(SCHEMAS, LOCAL[ECITIES_XSD]), "rb") as f:
    vendored_schema = f.read()


def pages_of(make):
    client = CountingSickle(endpoint, max_retries=0)
    items = list(make(client))
    return items, client.requests


out = {}
client = CountingSickle(endpoint, max_retries=0)
identify = client.Identify()
out["identify"] = {
    "repositoryName": identify.repositoryName,
    "protocolVersion": identify.protocolVersion,
    "deletedRecord": identify.deletedRecord,
    "granularity": identify.granularity,
    "earliestDatestamp": identify.earliestDatestamp,
}
out["served_schema_is_vendored"] = served_schema == vendored_schema
formats = list(client.ListMetadataFormats())
out["formats"] = [f.metadataPrefix for f in formats]
out["format_schemas"] = {f.metadataPrefix: f.schema for f in formats}
out["format_namespaces"] = {f.metadataPrefix: f.metadataNamespace for f in formats}
out["formats_of_record"] = [f.metadataPrefix for f in client.ListMetadataFormats(identifier=identifier)]
out["sets"] = [s.setSpec for s in client.ListSets()]

headers, out["identifier_pages"] = pages_of(lambda c: c.ListIdentifiers(metadataPrefix="oai_dc", ignore_deleted=False))
out["identifiers"] = len(headers)
out["distinct_identifiers"] = len({h.identifier for h in headers})
out["deleted_identifiers"] = sum(1 for h in headers if h.deleted)

records, out["record_pages"] = pages_of(lambda c: c.ListRecords(metadataPrefix="oai_dc", ignore_deleted=False))
out["records"] = len(records)
out["deleted_records"] = sum(1 for r in records if r.deleted)
live = [r for r in records if not r.deleted]
out["live_with_metadata"] = sum(1 for r in live if r.metadata.get("title") and r.metadata.get("identifier"))
out["first_record"] = live[0].metadata if live else None

recent, _ = pages_of(lambda c: c.ListIdentifiers(metadataPrefix="oai_dc", ignore_deleted=False, **{"from": since}))
out["incremental"] = sorted(h.identifier for h in recent)
out["incremental_deleted"] = sorted(h.identifier for h in recent if h.deleted)

water, _ = pages_of(lambda c: c.ListIdentifiers(metadataPrefix="oai_dc", set="sdg:6", ignore_deleted=False))
out["sdg6"] = len(water)

record = client.GetRecord(identifier=identifier, metadataPrefix="oai_dc")
out["get_record"] = {"identifier": record.header.identifier, "title": record.metadata.get("title")}
gone = client.GetRecord(identifier=deleted, metadataPrefix="oai_dc")
out["get_deleted_record"] = {"identifier": gone.header.identifier, "deleted": gone.deleted}

# The rich format: every record through the resumption token, each
# validated against the ecities schema, and the typed fields of one.
rich_headers, out["rich_identifier_pages"] = pages_of(
    lambda c: c.ListIdentifiers(metadataPrefix="ecities", ignore_deleted=False)
)
out["rich_identifiers"] = len(rich_headers)
rich_records, out["rich_record_pages"] = pages_of(
    lambda c: c.ListRecords(metadataPrefix="ecities", ignore_deleted=False)
)
out["rich_records"] = len(rich_records)
out["rich_deleted_records"] = sum(1 for r in rich_records if r.deleted)
out["rich_live_with_author"] = sum(
    1 for r in rich_records if not r.deleted and r.xml.find(f".//{EC}practice/{EC}author") is not None
)
out["rich_incremental"] = sorted(
    h.identifier for h in pages_of(lambda c: c.ListIdentifiers(metadataPrefix="ecities", **{"from": since}))[0]
)


def fields(practice):
    """The typed fields of an ecities record, as the Rust test compares them."""
    one = lambda name: practice.find(EC + name)
    text = lambda name: None if one(name) is None else one(name).text
    attrs = lambda e: None if e is None else dict(e.attrib)
    place = one("country") if one("country") is not None else one("region")
    return {
        "identifier": text("identifier"),
        "url": text("url"),
        "version": attrs(one("version")),
        "title": text("title"),
        "title_lang": one("title").get(XML_LANG),
        "language": text("language"),
        "kind": text("kind"),
        "sdgs": [int(e.get("goal")) for e in practice.findall(EC + "sdg")],
        "mdgs": [int(e.get("goal")) for e in practice.findall(EC + "mdg")],
        "place": None if place is None else {"element": etree.QName(place).localname, **place.attrib, "name": place.text},
        "period": attrs(one("period")),
        "published": text("published"),
        "license": text("license"),
        "author": {**one("author").attrib, "name": one("author").text},
        "translations": [
            {**{k.replace(XML_LANG, "lang"): v for k, v in e.attrib.items()}, "title": e.find(EC + "title").text}
            for e in practice.findall(EC + "translation")
        ],
        "endorsements": [{**e.attrib, "name": e.text} for e in practice.findall(EC + "endorsement")],
        "attachments": [{**e.attrib, "text": e.text} for e in practice.findall(EC + "attachment")],
        "adopted_from": [e.text for e in practice.findall(EC + "adoptedFrom")],
    }


record = client.GetRecord(identifier=rich, metadataPrefix="ecities")
out["rich_record"] = fields(record.xml.find(f".//{OAI}metadata/{EC}practice"))
listed = [r for r in rich_records if r.header.identifier == rich]
out["rich_record_listed_alike"] = len(listed) == 1 and fields(listed[0].xml.find(f".//{EC}practice")) == out["rich_record"]
gone = client.GetRecord(identifier=deleted, metadataPrefix="ecities")
out["rich_deleted_has_no_metadata"] = gone.deleted and gone.xml.find(f".//{OAI}metadata") is None

errors = {}
for name, call in [
    ("idDoesNotExist", lambda: client.GetRecord(identifier="oai:elsewhere.example:1", metadataPrefix="oai_dc")),
    ("cannotDisseminateFormat", lambda: client.GetRecord(identifier=identifier, metadataPrefix="marc21")),
    ("noRecordsMatch", lambda: list(client.ListRecords(metadataPrefix="oai_dc", **{"from": "2999-01-01"}))),
    ("badResumptionToken", lambda: list(client.ListRecords(resumptionToken="not-ours"))),
    ("badArgument", lambda: list(client.ListRecords(metadataPrefix="oai_dc", **{"from": "yesterday"}))),
]:
    try:
        call()
        errors[name] = None
    except Exception as e:  # Sickle's protocol errors derive from Exception only
        if type(e).__module__ != oaiexceptions.__name__:
            raise
        errors[name] = type(e).__name__
out["errors"] = errors

# The protocol errors Sickle never provokes, asked for directly.
for params in [
    {},
    {"verb": "Harvest"},
    {"verb": "Identify", "extra": "1"},
    {"verb": "ListSets", "resumptionToken": "abc"},
    {"verb": "ListMetadataFormats", "identifier": "oai:elsewhere.example:1"},
    {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc", "set": "sdg:1"},
]:
    validate(raw_get(**params), params.get("verb", "none"))
out["validated"] = validated

print(json.dumps(out))
