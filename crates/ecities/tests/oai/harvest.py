"""Harvests an ecities node's OAI-PMH endpoint with a real client (Sickle).

Run by crates/ecities/tests/records.rs with the python of the venv that
.ci/run makes (ECITIES_OAI_PYTHON). Arguments: the endpoint URL, the
`from` datestamp of the incremental harvest, an identifier that exists.
Prints one JSON object with what the harvest saw; the Rust test checks it.
"""

import json
import sys

from lxml import etree
from sickle import Sickle
from sickle import oaiexceptions

endpoint, since, identifier = sys.argv[1], sys.argv[2], sys.argv[3]
OAI = "{http://www.openarchives.org/OAI/2.0/}"


class CountingSickle(Sickle):
    """Sickle that counts the requests it makes (pages of a list) and checks
    that every answer is well-formed XML in the OAI-PMH namespace."""

    requests = 0

    def harvest(self, **kwargs):
        self.requests += 1
        response = super().harvest(**kwargs)
        root = etree.fromstring(response.raw.encode("utf-8"))
        assert root.tag == OAI + "OAI-PMH", root.tag
        return response


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

print(json.dumps(out))
