"""Importers: real-world exports in, contract-shaped event folders out.

Each kind of export has one module; all share one entry point,
:func:`import_export`, and return an :class:`ImportResult` whose ``report``
lists every source row not imported, every column and value not mapped, with
the reason (also written as ``import_report.csv`` in the output folder).
Nothing is guessed silently.

=================  =====================================================  =========================
kind               source                                                 writes
=================  =====================================================  =========================
``sociopatterns``  proximity-badge log ``t i j`` (+ metadata + codebook)  attendees, sessions,
                                                                          participation, contacts
``survey``         survey-tool export (Google Forms, SurveyMonkey,        survey (+ attendees)
                   Typeform, Qualtrics; CSV/XLSX) + column map
``registrations``  ticketing attendee report (CSV/XLSX)                   attendees (+ sessions,
                                                                          participation from the
                                                                          chosen session)
``scans``          badge / lead-retrieval scans (CSV/XLSX)                contacts (``badge_scan``)
``scorecards``     rotation scorecards (speed networking; one row per     attendees, sessions,
                   person and partner met)                                participation, contacts
                                                                          (``interest``), survey,
                                                                          known_ties
``tables``         table plan / seating list (CSV/XLSX): table + name,    participation ``group_id``
                   email or ticket; or one column per table                of one session
=================  =====================================================  =========================

Example
-------
>>> import tempfile, pathlib
>>> from toolkit.io.importers import import_export
>>> work = pathlib.Path(tempfile.mkdtemp())
>>> _ = (work / "tij_mixer.dat").write_text("20 1 2\\n40 1 2\\n60 2 3\\n300 1 3\\n300 3 3\\n")
>>> result = import_export("sociopatterns", [work / "tij_mixer.dat"], out=work / "mixer")
>>> print("\\n".join(result.summary().splitlines()[4:7]))
  contacts.csv: 3 rows
Rows not imported:
  - badge in contact with itself
"""

from __future__ import annotations

import importlib
from pathlib import Path

from toolkit.errors import UsageError
from toolkit.io.importers._common import (
    REPORT_COLUMNS,
    REPORT_FILE,
    ImportResult,
    codebook_misfits,
    codebook_text,
    packaged_codebooks,
    sheets_hint,
)

#: Import kinds -> (module, function). Modules load on first use.
IMPORTERS: dict[str, tuple[str, str]] = {
    "sociopatterns": ("toolkit.io.importers.sociopatterns", "import_sociopatterns"),
    "survey": ("toolkit.io.importers.survey", "import_survey"),
    "registrations": ("toolkit.io.importers.registrations", "import_registrations"),
    "scans": ("toolkit.io.importers.scans", "import_scans"),
    "scorecards": ("toolkit.io.importers.scorecards", "import_scorecards"),
    "tables": ("toolkit.io.importers.tables", "import_tables"),
}

__all__ = ["IMPORTERS", "REPORT_COLUMNS", "REPORT_FILE", "ImportResult", "codebook_misfits", "codebook_text",
           "import_export", "packaged_codebooks"]


def import_export(kind: str, sources, *, out, event_id: str | None = None, **options) -> ImportResult:
    """Turn a real export into a contract-shaped event folder.

    Parameters
    ----------
    kind : str
        One of :data:`IMPORTERS` (``sociopatterns``, ``survey``, ``scorecards``).
    sources : path or list of paths
        The export file(s); see each importer for the order.
    out : path
        Folder to write the tables and ``import_report.csv`` into (created if needed).
    event_id : str, optional
        Id of the event written into every table; each importer has a default.
    **options
        Passed to the importer (e.g. ``min_duration``, ``schedule``, ``codebook``,
        ``column_map``, ``overwrite``).

    Returns
    -------
    ImportResult
        Tables written, ``report`` of what was left out and why, ``summary()`` for people.

    Raises
    ------
    UsageError
        Unknown kind or option, missing file, unreadable codebook or map.

    Example
    -------
    >>> import tempfile, pathlib
    >>> work = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (work / "tij_mixer.dat").write_text("20 1 2\\n40 1 2\\n60 2 3\\n300 1 3\\n300 3 3\\n")
    >>> r = import_export("sociopatterns", [work / "tij_mixer.dat"], out=work / "mixer", min_duration=30)
    >>> r.counts()["contacts"], r.rows_skipped, sorted(p.name for p in r.files)[:2]
    (1, 3, ['attendees.csv', 'contacts.csv'])
    """
    if kind not in IMPORTERS:
        raise UsageError(f"Unknown import kind {kind!r}; use one of: {', '.join(IMPORTERS)}.")
    if isinstance(sources, (str, Path)):
        sources = [sources]
    module, name = IMPORTERS[kind]
    function = getattr(importlib.import_module(module), name)
    try:
        return function(list(sources), out=out, event_id=event_id, **options)
    except UsageError as exc:
        # a workbook's first sheet is often a cover or a summary: say which sheets there are, for every kind
        hint = sheets_hint(sources) if options.get("sheet") is None and "--sheet" not in str(exc) else ""
        if hint:
            raise UsageError(f"{exc}{hint}") from exc
        raise
    except TypeError as exc:
        if "unexpected keyword argument" in str(exc):
            bad = str(exc).split("argument")[-1].strip(" '")
            raise UsageError(f"The {kind} importer has no option {bad!r}.") from exc
        raise
