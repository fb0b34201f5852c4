"""Every export format, by name: the one list the command line, the API and its OpenAPI document read.

A new format is a module in this package defining ``FORMAT = ExportFormat(...)`` and one line here."""

from __future__ import annotations

from timeline.export import csv_export, json_export, timelinejs
from timeline.export.format import ExportFormat

FORMATS: dict[str, ExportFormat] = {f.name: f for f in (json_export.FORMAT, timelinejs.FORMAT, csv_export.FORMAT)}
DEFAULT_FORMAT = json_export.FORMAT.name


def export_format(name: str) -> ExportFormat:
    """The format called ``name``; KeyError names the known ones."""
    try:
        return FORMATS[name]
    except KeyError:
        raise KeyError(f"unknown format {name!r}: one of {', '.join(FORMATS)}") from None
