"""Every export format, by name: the one list the command line, the API and its OpenAPI document read.

The formats are registered as entry points (``timeline_export_formats`` in pyproject.toml, see
:mod:`timeline.plugins`): a new format is a module defining ``FORMAT = ExportFormat(...)`` and one line there,
in this package's pyproject.toml or in another installed package's."""

from __future__ import annotations

from timeline import plugins
from timeline.export.format import ExportFormat

DEFAULT_FORMAT = "json"


def _registered() -> dict[str, ExportFormat]:
    found: dict[str, ExportFormat] = {}
    for name in sorted(plugins.names(plugins.EXPORT_FORMATS), key=lambda n: (n != DEFAULT_FORMAT, n)):
        export = plugins.load(plugins.EXPORT_FORMATS, name)
        if not isinstance(export, ExportFormat) or export.name != name:
            raise TypeError(f"the export format registered as {name!r} is {export!r}, not an ExportFormat of that name")
        found[name] = export
    plugins.check(plugins.EXPORT_FORMATS, DEFAULT_FORMAT)
    return found


FORMATS: dict[str, ExportFormat] = _registered()  # the default first, then by name


def export_format(name: str) -> ExportFormat:
    """The format called ``name``; KeyError names the known ones."""
    try:
        return FORMATS[name]
    except KeyError:
        raise KeyError(f"unknown format {name!r}: one of {', '.join(FORMATS)}") from None
