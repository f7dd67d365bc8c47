"""Harvests an ecities node's OAI-PMH endpoint with a real client (Sickle).

Run by crates/ecities/tests/records.rs with the python of the venv that
.ci/run makes (ECITIES_OAI_PYTHON). Arguments: the endpoint URL, the
`from` datestamp of the incremental harvest, an identifier that exists, the
identifier of a deleted record. Prints one JSON object with what the harvest
saw; the Rust test checks it.

Every answer the client receives is also validated against the official
OAI-PMH 2.0 schema and the oai_dc schema (vendored in schemas/, see the
README there; imports are resolved to those copies, never the network).
"""

import json
import os
import sys
import urllib.parse
import urllib.request

from lxml import etree
from sickle import Sickle
from sickle import oaiexceptions

endpoint, since, identifier, deleted = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
OAI = "{http://www.openarchives.org/OAI/2.0/}"
SCHEMAS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "schemas")
# The schemaLocation of each schema (as the official files and the answers
# name them) and its vendored copy.
LOCAL = {
    "http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd": "OAI-PMH.xsd",
    "http://www.openarchives.org/OAI/2.0/oai_dc.xsd": "oai_dc.xsd",
    "http://dublincore.org/schemas/xmls/simpledc20021212.xsd": "simpledc20021212.xsd",
    "http://www.w3.org/2001/03/xml.xsd": "xml.xsd",
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
out["formats"] = [f.metadataPrefix for f in client.ListMetadataFormats()]
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
