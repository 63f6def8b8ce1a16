"""Operational data (the one-stop shop's dossier log) turned into indicators and framework inputs.

The web layer and the CLI use these entry points:

- ``preview(path, mapping, n)`` and ``read_log(path, mapping, tolerance=…)``: read an export.
- ``Store(root).import_file(path, mapping, tolerance=…, progress=…)``: import into a store.
- ``open_dataset(store_or_file)`` then ``compute(ds, by=[…], year=…)`` / ``apply(ds, framework,
  year)``: indicators by any grouping, and framework inputs with provenance.
- ``drilldown(ds, node, year)`` and ``export_xlsx(…)``: who loses the points; Excel output.
- ``generate(path, …)``: seeded synthetic logs (the seed's 2020 counts by level).
"""

from parindex.indicators.compute import GROUP_KEYS, Table, aggregate, compute
from parindex.indicators.dataset import Dataset, SourceFile, open_dataset
from parindex.indicators.definitions import Definitions, load_definitions, parse_definitions
from parindex.indicators.drilldown import Drilldown, drilldown, export_xlsx
from parindex.indicators.errors import (
    DefinitionError,
    ImportRejected,
    IndicatorError,
    MappingError,
    RowProblem,
    SourceError,
    StoreError,
)
from parindex.indicators.generator import generate
from parindex.indicators.ingest import LogRead, Preview, Reading, Tolerance, preview, read_log
from parindex.indicators.inputs import InputValue, apply, inputs_document
from parindex.indicators.mapping import ColumnMapping, load_mapping, mapping_schema
from parindex.indicators.store import ImportRecord, ImportResult, Store

__all__ = [
    "GROUP_KEYS",
    "ColumnMapping",
    "Dataset",
    "DefinitionError",
    "Definitions",
    "Drilldown",
    "ImportRecord",
    "ImportRejected",
    "ImportResult",
    "IndicatorError",
    "InputValue",
    "LogRead",
    "MappingError",
    "Preview",
    "Reading",
    "RowProblem",
    "SourceError",
    "SourceFile",
    "Store",
    "StoreError",
    "Table",
    "Tolerance",
    "aggregate",
    "apply",
    "compute",
    "drilldown",
    "export_xlsx",
    "generate",
    "inputs_document",
    "load_definitions",
    "load_mapping",
    "mapping_schema",
    "open_dataset",
    "parse_definitions",
    "preview",
    "read_log",
]
