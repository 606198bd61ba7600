"""The JSON exchange format (v1): strict, all-or-nothing import and lossless, atomic export.

Qt-free. The pipeline is ``safe_json`` (bytes -> JSON values, refusing JSON's pitfalls) ->
``schema`` (shape and types) -> ``validate`` (dates, catalog codes, references) -> ``importer``
(one transaction); ``exporter`` writes the same shape back.
"""

from cso_planner.exchange.errors import ImportRejected
from cso_planner.exchange.exporter import (
    encode_document,
    export_bytes,
    export_document,
    write_export,
)
from cso_planner.exchange.importer import import_document
from cso_planner.exchange.safe_json import MAX_BYTES, MAX_DEPTH, MAX_SIZE_TEXT, parse_json
from cso_planner.exchange.schema import FORMAT, SCHEMA, VERSION
from cso_planner.exchange.summary import ExportSummary, ImportSummary

__all__ = [
    "FORMAT",
    "MAX_BYTES",
    "MAX_DEPTH",
    "MAX_SIZE_TEXT",
    "SCHEMA",
    "VERSION",
    "ExportSummary",
    "ImportRejected",
    "ImportSummary",
    "encode_document",
    "export_bytes",
    "export_document",
    "import_document",
    "parse_json",
    "write_export",
]
