"""Survey-tool exports (Qualtrics, SurveyMonkey, Google Forms, Typeform, Microsoft Forms, Jotform, Tally,
LimeSurvey) -> ``survey.csv``.

The export's columns are mapped onto the contract through a ``netout.toml``-style
file (the map), which says which column is the attendee id (or email), which
are the outcomes (``satisfaction``, ``met_helpful``, ``would_return``,
``nps``), which are the networking-style items, and which attendee attributes
the survey asked::

    [columns.survey]
    "Email Address" = "attendee_id"
    "How satisfied were you with the networking session?" = "satisfaction"
    "Did you meet someone who can help your business?" = "met_helpful"
    "Would you come to our next event?" = "would_return"
    "How likely are you to recommend this event to a colleague?" = "nps"
    "I find it easy to start a conversation with a stranger" = "style_1"

    [columns.attendees]
    "Which industry do you work in?" = "industry"

    [likert]                       # labels beyond the usual ones
    "Bof" = 2

    [style_scale]                  # copied into the folder's netout.toml
    items = ["style_1", "style_2"]
    reversed = ["style_2"]

``netout import survey FILE --suggest-map`` writes such a map, with a guess
for each column, to check and edit (:mod:`toolkit.io.importers.suggest`).

A map key is matched, ignoring case and spacing, against the column's header,
its question text (Qualtrics' second row), its import id, or the parts of a
matrix question: SurveyMonkey's sub-item, Qualtrics' "question - item" and
Google Forms' ``Question [Row]``. Several columns may map to ``attendee_id``:
the first that is filled gives the id (an email question for web-link
responses, say, after the collector's email).

Layouts are recognised from their headers (:func:`read_layout`). Answers are
read on the scale their labels show (:mod:`toolkit.io.importers.labels`: each
tool's usual labels, 5- or 7-point), yes/no as ``yes``/``no``; a label that is
not known is kept as written and reported, so that adding it to ``[likert]``
in the folder's ``netout.toml`` recovers it without importing again.
Previews, tests, spam and unfinished responses are set aside and reported.
Emails, phone numbers and names used as ids become keyed pseudonyms
(:mod:`toolkit.privacy`) before anything is written; columns not in the map are
never copied, nor are personal columns even where mapped.

Example
-------
>>> import tempfile, pathlib
>>> from toolkit.io.importers import import_export
>>> work = pathlib.Path(tempfile.mkdtemp())
>>> _ = (work / "responses.csv").write_text(
...     "Timestamp,Email Address,How satisfied were you?,Would you come again?\\n"
...     "2025/03/14 6:02:11 PM GMT,ann@example.org,Very satisfied,Yes\\n")
>>> _ = (work / "map.toml").write_text(
...     '[columns.survey]\\n"Email Address" = "attendee_id"\\n"How satisfied were you?" = "satisfaction"\\n')
>>> r = import_export("survey", [work / "responses.csv"], out=work / "spring", column_map=work / "map.toml")
>>> r.tables["survey"]["attendee_id"].str.startswith("p_").tolist(), r.tables["survey"]["satisfaction"].tolist()
([True], [5.0])
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pandas as pd

from toolkit import privacy
from toolkit.contract import SURVEY_OUTCOMES
from toolkit.errors import NetoutError, UsageError
from toolkit.io import parsing
from toolkit.io.importers._common import (
    COLUMN_NOT_MAPPED,
    HEADER_SEARCH_ROWS,
    FOLDED_NAME,
    SHARED_EMAIL_KEY,
    KEYS_FILE,
    NOTE,
    PERSONAL_DATA,
    ROW_SKIPPED,
    VALUE_NOT_MAPPED,
    WARNING,
    ImportLog,
    ImportResult,
    contract_frame,
    existing_file,
    existing_table,
    find_people,
    finish,
    key_kind,
    keyed_people,
    list_with_more,
    one_slip_from,
    prepare_out,
    read_as_same_person,
    read_export,
    read_keys,
    resolve_event_id,
    write_folder_settings,
    yes_no_answers,
)
from toolkit.io.importers.labels import fold_label, read_scale_answers, too_few_to_tell
from toolkit.settings import Settings

LAYOUTS: tuple[str, ...] = ("auto", "google_forms", "surveymonkey", "typeform", "qualtrics", "microsoft_forms",
                            "jotform", "tally", "limesurvey", "plain")
# the tools' names as messages write them
_TOOL_NAMES = {"google_forms": "Google Forms", "surveymonkey": "SurveyMonkey", "typeform": "Typeform",
               "qualtrics": "Qualtrics", "microsoft_forms": "Microsoft Forms", "jotform": "Jotform", "tally": "Tally",
               "limesurvey": "LimeSurvey"}
_YES_NO = ("met_helpful", "would_return")
#: Survey answers the toolkit reads as yes/no beyond the contract's: what the respondent says they did. A
#: follow-up reported in the survey is not a follow-up in ``followups`` (whom, when, how): it is kept as an
#: answer of its own, never counted in ``followup_rate_7d`` or ``meetings_30d``.
REPORTED_YES_NO: tuple[str, ...] = ("followed_up_reported",)
_ATTENDEE_YES_NO = ("first_time",)
# SurveyMonkey's second header row says this for a single-answer question
_SM_GENERIC = {"", "response", "open-ended response"}
# Qualtrics' Status (Response Type), as text or its code: previews, tests and spam are not attendees' answers
_QUALTRICS_NOT_ANSWERS = {"survey preview": "a survey preview", "1": "a survey preview",
                          "survey test": "a survey test", "2": "a survey test",
                          "spam": "marked as spam", "8": "marked as spam", "survey preview spam": "marked as spam",
                          "9": "marked as spam", "imported spam": "marked as spam", "12": "marked as spam",
                          "offline survey preview": "a survey preview", "17": "a survey preview"}
_TIMESTAMP_WORDS = ("timestamp", "horodateur", "zeitstempel", "marca temporal", "informazioni cronologiche",
                    "carimbo de data/hora", "tijdstempel")
_ID_TARGETS = ("attendee_id", "email")


def _folded(words) -> frozenset[str]:
    """Headers as :func:`~toolkit.io.importers.labels.fold_label` folds the export's (``e-mail`` -> ``e mail``):
    written as the tools spell them, compared folded."""
    return frozenset(fold_label(w) for w in words)


# Microsoft Forms' columns in front of the questions, in the languages of its exports: the response number,
# the start and completion times, the respondent's email and name
_MS_ID = _folded({"id", "kennung"})
_MS_START = _folded({"start time", "startzeit", "heure de debut", "hora de inicio", "begintijd", "ora di inizio"})
_MS_COMPLETION = _folded({"completion time", "fertigstellungszeit", "abschlusszeit", "heure de fin",
                          "heure d'achevement", "hora de finalizacion", "tijdstip van voltooien", "voltooiingstijd",
                          "ora di completamento"})
_MS_MODIFIED = _folded({"last modified time", "letzte anderungszeit", "zeitpunkt der letzten anderung",
                        "heure de la derniere modification", "hora de la ultima modificacion",
                        "tijdstip van laatste wijziging", "ora ultima modifica"})
_MS_EMAIL = _folded({"email", "e-mail", "adresse de messagerie", "adresse e-mail", "correo electronico",
                     "e-mailadres", "posta elettronica"})
# Microsoft Forms' column of the respondent's name, in the languages of its exports
_MS_NAME = _folded({"name", "nom", "nombre", "naam", "nome"})
_MS_PERSONAL = _MS_EMAIL | _MS_NAME
# What Microsoft Forms writes in the email column where it records no one (a form anyone can answer)
_ANONYMOUS = frozenset({"anonymous", "anonym", "anonyme", "anonimo", "anoniem"})
# Tally's and Jotform's response number
_SUBMISSION_ID = fold_label("submission id")
# Tally's columns in front of the questions: its response number, the respondent's browser, the time
_TALLY_FRONT = _folded({"submission id", "respondent id", "submitted at"})
# LimeSurvey's columns in front of the questions, as its "full answers" export (English, French, German) and its
# code export name them: the response number, the submit date (empty: never submitted), the last page seen, ...
_LS_ID = _folded({"id", "response id", "id de la réponse", "antwort id"})
_LS_SUBMITTED = _folded({"submitdate", "date submitted", "date de soumission", "datum abgeschickt"})
_LS_LAST_PAGE = _folded({"lastpage", "last page", "dernière page", "letzte seite"})
_LS_LANGUAGE = _folded({"startlanguage", "start language", "langue de départ", "start-sprache"})
_LS_OTHERS = _folded({"seed", "tête de série", "startdate", "date started", "date de lancement", "datestamp",
                      "date last action", "date de la dernière action", "datum gestartet", "datum letzte aktivität"})
# ... and its optional columns about the respondent's connection: personal, never copied
_LS_PERSONAL = _folded({"ipaddr", "ip address", "adresse ip", "ip-adresse", "refurl", "referrer url",
                        "url de provenance"})
#: The columns each survey tool adds in front of (or after) the answers: never an answer, never about the
#: attendee (compared folded, as :func:`~toolkit.io.importers.labels.fold_label` folds them).
TOOL_COLUMNS: dict[str, frozenset[str]] = {
    "qualtrics": _folded({"startdate", "enddate", "status", "progress", "duration (in seconds)", "finished",
                          "recordeddate", "responseid", "distributionchannel", "userlanguage"}),
    "surveymonkey": _folded({"respondent id", "collector id", "start date", "end date"}),
    "typeform": _folded({"#", "submit date (utc)", "start date (utc)", "stage date (utc)", "network id",
                         "response type", "tags"}),
    "google_forms": _folded(_TIMESTAMP_WORDS),
    "microsoft_forms": _MS_ID | _MS_START | _MS_COMPLETION | _MS_MODIFIED,
    "jotform": _folded({"submission date", "submission id", "last update date"}),
    "tally": _TALLY_FRONT,
    "limesurvey": _LS_ID | _LS_SUBMITTED | _LS_LAST_PAGE | _LS_LANGUAGE | _LS_OTHERS,
}
# Jotform's response date (its export starts with it; the response number, IP and last update are options)
_JOTFORM_DATE = fold_label("submission date")
# Headers that are a tool's own only in its layout ("ID" elsewhere may be an organiser's member number)
_ONLY_IN_ITS_LAYOUT = _MS_ID | _LS_ID | _folded({"seed"})


@dataclass(frozen=True)
class Layout:
    """How an export's header rows read: the tool, one name per column, what a map may call it, its question.

    ``personal`` holds the positions of the columns the layout itself says are
    about the respondent (Microsoft Forms' ``Email`` and ``Name``, whatever the
    language of their headers), ``email`` the one of them that holds the
    respondent's email, ``response_id`` the tool's response number;
    ``ratings`` those named as notes whose answers are grades
    (:func:`is_rating_column`: the French ``Note``), and ``yes_no`` those named
    with one word for what is numbered whose answers are yes or no
    (:func:`toolkit.privacy.yes_no_category`: "Mitglied", Ja/Nein), once the
    answers are read.
    """

    tool: str
    names: list[str]
    aliases: list[set[str]]
    groups: list[str]
    first_data: int
    personal: frozenset[int] = frozenset()
    email: int | None = None
    response_id: int | None = None
    ratings: frozenset[int] = frozenset()
    yes_no: frozenset[int] = frozenset()


# "Note" is a grade in French ("Note globale", "Note sur 5"), a comment in English: the answers tell which
_GRADE_WORDS = frozenset({"note", "notes"})


def is_rating_column(header: str, answers: pd.Series) -> bool:
    """Whether a column named as notes holds grades: every answer a number from 0 to 10 or a scale's label.

    French forms call a grade ``Note`` ("Note globale", "Note sur 5"), a word the
    personal-data rule reads as free text (notes about a person). Where each answer
    is a grade, the column is the rating it is; a column of comments stays free text.

    Example
    -------
    >>> is_rating_column("Note globale", pd.Series(["4", "5", "Très satisfait"]))
    True
    >>> is_rating_column("Notes", pd.Series(["4", "call Ann back"])), is_rating_column("Comments", pd.Series(["4"]))
    (False, False)
    """
    if privacy.personal_column_kind(header) != "free text" or not _GRADE_WORDS & set(
            re.findall(r"[a-z]+", fold_label(header))):
        return False
    text = answers.astype("string").str.strip().replace("", pd.NA).dropna()
    if text.empty:
        return False
    values, _, bad = read_scale_answers({0: text})
    return not bool(bad[0].any()) and bool(values[0].between(0, 10).all())


def import_survey(
    sources,
    *,
    out,
    event_id: str | None = None,
    column_map=None,
    layout: str = "auto",
    sheet: str | int | None = None,
    header_row: int | None = None,
    pseudonymise: bool = True,
    secret: str | bytes | None = None,
    overwrite: bool = False,
    accept_unmatched: bool = False,
) -> ImportResult:
    """Turn a survey tool's export into ``survey.csv`` (and ``attendees.csv`` where the folder has none).

    Parameters
    ----------
    sources : list of path
        One CSV or XLSX export.
    out : path
        Event folder to write into (``DIR/EVENT``); an existing folder keeps its other tables.
    event_id : str, optional
        Default: ``[survey] event_id`` in the map, a column mapped to ``event_id``,
        the one event of the folder's attendees, else the name of the ``out`` folder.
    column_map : path
        The ``netout.toml``-style map (required).
    layout : str, default "auto"
        One of :data:`LAYOUTS`: how the header rows read; ``auto`` recognises the eight tools.
    sheet : str or int, optional
        Worksheet of an XLSX export (default the first).
    header_row : int, optional
        Spreadsheet row of the (first) header row; default row 1, else, where the
        map's columns are not there, the first of the next rows where they are (a
        title above the header is left out).
    pseudonymise : bool, default True
        Replace emails, phone numbers and names used as ids by keyed pseudonyms before
        writing. With ``False`` the folder holds personal data until it is loaded
        (the loader pseudonymises then), and the report says so.
    secret : str or bytes, optional
        Pseudonymisation key; by default the toolkit's secret (see :mod:`toolkit.privacy`).
    overwrite : bool, default False
        Replace ``survey.csv`` (and ``attendees.csv``) already in ``out``.
    accept_unmatched : bool, default False
        Where the folder already has attendees and fewer than a third of the
        respondents are among them (:data:`MATCHED_SHARE_MIN`; every respondent counts, those who gave no
        usable id too), the import stops
        naming the id column, the counts and what to check; with ``True`` it
        writes the survey all the same and the warning heads the summary
        (``--accept-unmatched``).

    Returns
    -------
    ImportResult

    Example
    -------
    >>> import tempfile, pathlib
    >>> work = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (work / "responses.csv").write_text(
    ...     "Timestamp,Email Address,How satisfied were you?,Would you come again?\\n"
    ...     "2025/03/14 6:02:11 PM GMT,ann@example.org,Extremely satisfied,Yes\\n"
    ...     "2025/03/14 6:05:40 PM GMT,bo@example.org,4,No\\n")
    >>> _ = (work / "map.toml").write_text(
    ...     '[columns.survey]\\n"Email Address" = "attendee_id"\\n"How satisfied were you?" = "satisfaction"\\n'
    ...     '"Would you come again?" = "would_return"\\n')
    >>> r = import_survey([work / "responses.csv"], out=work / "spring", column_map=work / "map.toml", secret="k")
    >>> r.tables["survey"]["event_id"].iloc[0], r.tables["survey"][["satisfaction", "would_return"]].values.tolist()
    ('spring', [[5.0, 'yes'], [4.0, 'no']])
    """
    path = _one_source(sources)
    if layout not in LAYOUTS:
        raise UsageError(f"layout must be one of {', '.join(LAYOUTS)}, not {layout!r}.")
    grid = read_grid(path, sheet)
    if header_row is not None:
        if isinstance(header_row, bool) or not isinstance(header_row, int) or not 1 <= header_row <= len(grid):
            raise UsageError(f"--header-row must be a row of {path.name} (1 to {len(grid)}), not {header_row!r}.")
        grid = grid.iloc[header_row - 1:]
    found = read_layout(grid, layout, path.name)
    if column_map is None:
        listing = "\n".join(f'  "{n}" = ""' for n in found.names[:40])
        raise UsageError(f"{path.name}: a survey export needs a map (--map FILE); `netout import survey {path.name} "
                         f"--suggest-map` writes one to check. This export ({found.tool.replace('_', ' ')}) has "
                         f"these columns; give each one you need its canonical name under [columns.survey]:\n{listing}")
    spec = read_map(existing_file(column_map, "Map"))
    out_path = Path(out)
    settings = _folder_settings(out_path).merged(spec["settings"])
    options = spec["settings"].section("survey")
    log = ImportLog()
    if header_row is None:
        grid, found = _below_title(grid, found, spec, layout, path.name)
    above = int(grid.index[0])   # rows above the header (the grid's index counts from 0)
    if above:
        log.note(f"the header is on row {above + 1}: the {above} row(s) above it (a title) are left out "
                 "(--header-row N says where it is)", file=path.name, count=above)
    log.note(f"layout read as {found.tool.replace('_', ' ')}", file=path.name)

    data = grid.iloc[found.first_data:].reset_index(drop=True)
    data.columns = range(data.shape[1])
    found = _with_answer_kinds(found, data)
    first = above + found.first_data + 1
    rows = pd.Series(np.arange(first, first + len(data)))  # spreadsheet rows
    targets = match_columns(spec, found, path.name, log)
    _report_unmapped(targets, found, log, path.name, empty=_empty_unnamed(found, data))
    targets, name_parts = _name_targets(targets, found, log, path.name)
    targets = _refuse_personal_targets(targets, found, log, path.name)
    _say_near_misses(targets, found, log, path.name)
    if found.response_id in targets:
        log.note(f"{found.names[found.response_id]} is the response number {_TOOL_NAMES[found.tool]} gives each "
                 "response, "
                 "not a person: each response counts as another attendee and cannot be matched to the registrations "
                 "or to another event; map the email column or a member-number question to attendee_id",
                 file=path.name, column=found.names[found.response_id])

    keep = _usable_rows(data, found, rows, log, path.name, keep_unfinished=options["keep_unfinished"])
    data = read_as_same_person(data, [k for k, (_, name) in targets.items() if name in _ID_TARGETS],
                               options["same_person"], log, path.name, section="survey", what="respondent id(s)")
    known = existing_table(out_path, "attendees")
    known = known[["event_id", "attendee_id"]] if known is not None and {"event_id", "attendee_id"} <= set(
        known.columns) else None
    events = _events(data, targets, event_id, options, out_path, known, path.name)
    by_name, shared = _by_names(respondent_names(data, found, name_parts), events, known, out_path, log, path.name,
                                rows, secret=secret, pseudonymise=pseudonymise)
    ids, keep, given, unidentified = _respondent_ids(data, targets, found.names, keep, rows, out_path, log,
                                                     path.name, pseudonymise=pseudonymise, secret=secret,
                                                     by_name=by_name, shared=shared)
    if known is not None:
        _match_to_attendees(_Respondents(data, found.names, targets, keep, rows, ids, given, events, unidentified),
                            known, out_path, log, path.name, secret=secret, pseudonymised=pseudonymise,
                            accept=accept_unmatched)

    columns = _answers(data, targets, found, keep, rows, settings, log, path.name, secret)
    survey = contract_frame("survey", {"event_id": events[keep].to_numpy(), "attendee_id": ids[keep].to_numpy(),
                                       **{k: v.to_numpy() for k, v in columns["survey"].items()}})
    item_names = set(settings.style_scale.items) if settings.style_scale else set()
    missing_items = sorted(item_names - set(survey.columns))
    if missing_items:
        log.note(f"style-scale items not mapped to any column: {', '.join(missing_items)}")
    tables = {"survey": survey}
    if known is not None or existing_table(out_path, "attendees") is not None:
        _add_to_folder(columns["attendees"], out_path, log)
    else:
        tables["attendees"] = contract_frame("attendees", {
            "event_id": events[keep].to_numpy(), "attendee_id": ids[keep].to_numpy(),
            **{k: v.to_numpy() for k, v in columns["attendees"].items()}})
        log.note("attendees.csv lists the respondents only; the folder also needs sessions and participation "
                 "(e.g. from a registrations or badge-log import) before it validates")
    out_path = prepare_out(out_path, list(tables), overwrite=overwrite)
    extra = write_folder_settings(out_path, spec["raw"], log)
    return finish("survey", out_path, tables, log, extra_files=extra, sources=[path])


def _by_names(named, events: pd.Series, known, out: Path, log: ImportLog, file: str, rows: pd.Series, *, secret,
              pseudonymise: bool):
    """The two ways a respondent's name finds them, for :func:`_respondent_ids`: ``by_name`` (their own id is no
    attendee's), ``shared`` (they answered from an email several registered people share); None where unused.
    Ids kept as written (``pseudonymise=False``) are not compared with the registrations' keys.
    """
    by_name = shared = None
    if named is not None and known is not None and pseudonymise:
        def by_name(ids: pd.Series, kept: pd.Series) -> pd.Series:
            return _by_recipient_name(ids, kept, named, events, known, out, log, file, rows, secret=secret)
    if pseudonymise:
        def shared(ids: pd.Series, given: pd.DataFrame, kept: pd.Series) -> tuple[pd.Series, pd.Series]:
            return _shared_email_respondents(ids, given, kept, named, events, out, log, file, rows, secret=secret)
    return by_name, shared


def _one_source(sources) -> Path:
    sources = [Path(s) for s in sources]
    if len(sources) != 1:
        raise UsageError(f"survey takes one export file (got {len(sources)}); import each export on its own.")
    return existing_file(sources[0], "Survey export")


def _folder_settings(out: Path) -> Settings:
    """The event folder's own settings (labels added since an earlier import), if it has any."""
    try:
        return Settings.read(out) if out.is_dir() else Settings()
    except NetoutError as exc:
        raise UsageError(str(exc)) from None


# ---------------------------------------------------------------------------- reading the layout


def read_grid(path: Path, sheet=None) -> pd.DataFrame:
    """The export as a grid of text cells (positions as column names), no header interpreted yet."""
    grid = read_export(path, header=False, sheet=sheet)
    return grid.reset_index(drop=True).astype("string").fillna("")


def _norm(text: str) -> str:
    return " ".join(str(text).replace("\u00a0", " ").replace("\u2019", "'").split()).casefold()


def detect_tool(row0: list[str], row1: list[str], row2: list[str]) -> str:
    """Which tool wrote an export, from its first three rows.

    Example
    -------
    >>> detect_tool(["Timestamp", "Email Address"], ["2025/03/14 6:02:11 PM GMT", "a@b.org"], [])
    'google_forms'
    >>> detect_tool(["#", "Q?", "Submit Date (UTC)"], [], [])
    'typeform'
    >>> detect_tool(["ID", "Heure de début", "Heure de fin", "Adresse de messagerie", "Nom", "Q?"], [], [])
    'microsoft_forms'
    >>> detect_tool(["Submission Date", "Full Name", "Q?", "Submission ID"], [], [])
    'jotform'
    >>> detect_tool(["Submission ID", "Respondent ID", "Submitted at", "Q?"], ["x1", "r1", "2026-03-16 12:10", "4"], [])
    'tally'
    >>> detect_tool(["Response ID", "Date submitted", "Last page", "Start language", "Q?"], [], [])
    'limesurvey'
    >>> detect_tool(["Respondent ID", "Q?"], ["", "Response"], []), detect_tool(["Respondent ID", "Q?"], ["7", "4"], [])
    ('surveymonkey', 'plain')
    """
    lowered = {_norm(v) for v in row0}
    folded = [fold_label(v) for v in row0]
    if row2 and sum(v.startswith(('{"ImportId"', "{'ImportId'")) for v in row2) >= max(1, len(row2) // 2):
        return "qualtrics"
    if (_TALLY_FRONT - {_SUBMISSION_ID}) & set(folded[:4]) and _SUBMISSION_ID in folded[:4]:
        return "tally"
    if _limesurvey_front(folded):
        return "limesurvey"
    if "respondent id" in lowered and is_second_header_row(row0, row1):
        return "surveymonkey"
    if (row0 and row0[0] == "#") or "submit date (utc)" in lowered or "network id" in lowered:
        return "typeform"
    if _microsoft_forms_front(row0):
        return "microsoft_forms"
    if folded and (folded[0] == _JOTFORM_DATE or {_JOTFORM_DATE, _SUBMISSION_ID} <= set(folded)):
        return "jotform"
    if row0 and _norm(row0[0]) in _TIMESTAMP_WORDS:
        return "google_forms"
    return "plain"


def _limesurvey_front(folded: list[str]) -> bool:
    """Whether folded headers start as LimeSurvey's do: its response id, then its submit date and last page or
    start language among the next columns (the full-answers export in any of its languages, or the codes)."""
    front = set(folded[1:8])
    return bool(folded) and folded[0] in _LS_ID and bool(front & _LS_SUBMITTED) and bool(
        front & (_LS_LAST_PAGE | _LS_LANGUAGE))


# SurveyMonkey's own columns in front of the questions, empty on its second header row (a respondent's row has
# their response number, dates, IP address and contact details there)
_SM_FRONT = _folded({"respondent id", "collector id", "start date", "end date", "ip address", "email address",
                     "first name", "last name"})
# a sentence followed by more words: a comment, never an option's label
_SENTENCES = re.compile(r"[.!?]\s+\S")


def is_second_header_row(row0: list[str], row1: list[str]) -> bool:
    """Whether the row under SurveyMonkey's header is its second header row, not a respondent's answers.

    SurveyMonkey writes ``Response``, ``Open-Ended Response`` or an option's label under each
    question, and nothing under its own columns (``Respondent ID``, dates, ``Email Address`` ...),
    a question of several columns leaving the header empty over its later ones. A row with something
    under those columns, or an email, phone number, web or IP address, date or sentences anywhere,
    is someone's answers (another tool's export, Tally's, whose header also says ``Respondent ID``):
    reading it as labels would put their words into column names and lose their response.

    Example
    -------
    >>> header = ["Respondent ID", "Email Address", "How satisfied?", "Which sessions?", ""]
    >>> is_second_header_row(header, ["", "", "Response", "Round tables", "Open bar"])
    True
    >>> is_second_header_row(header, ["", "ann@example.org", "Response", "Round tables", ""])
    False
    >>> is_second_header_row(header, ["", "", "Response", "Great night! Thanks to all.", ""])
    False
    """
    cells = [str(v).strip() for v in row1]
    if not any(cells):
        return False
    if any(cell and fold_label(head) in _SM_FRONT for head, cell in zip(row0, cells)):
        return False
    labels = [c for c in cells if c]
    dated = parsing.looks_like_date_time(pd.Series(labels, dtype="string")).fillna(False)
    if bool(dated.any()) or any(privacy.redact_text(c) != c or _SENTENCES.search(c) or len(c) > 150 for c in labels):
        return False
    # what a second header row has and a row of answers has not: the tool's words for a one-column question,
    # or a question spread over several columns (its header empty over the later ones)
    return any(_norm(c) in _SM_GENERIC - {""} for c in labels) or any(
        not str(head).strip() for head in row0[1:len(cells)])


def _microsoft_forms_front(row0: list[str]) -> int:
    """How many of the first columns are Microsoft Forms' own (ID, times, email, name); 0 if it is not its layout."""
    folded = [fold_label(v) for v in row0[:8]]
    if len(folded) < 3 or folded[0] not in _MS_ID or not (folded[1] in _MS_START or folded[2] in _MS_COMPLETION):
        return 0
    front = 3
    while front < len(folded) and (folded[front] in _MS_PERSONAL | _MS_MODIFIED
                                   or folded[front] in ("total points", "quiz feedback")):
        front += 1
    return front


def is_tool_column(name: str, tool: str = "plain") -> bool:
    """Whether a column is one a survey tool adds (a timestamp, a response number ...), not an answer.

    Example
    -------
    >>> is_tool_column("Zeitstempel"), is_tool_column("ID"), is_tool_column("ID", "microsoft_forms")
    (True, False, True)
    """
    folded = fold_label(name)
    if folded in TOOL_COLUMNS.get(tool, frozenset()):
        return True
    return any(folded in names - _ONLY_IN_ITS_LAYOUT for names in TOOL_COLUMNS.values())


def read_layout(grid: pd.DataFrame, layout: str, name: str) -> Layout:
    """Tool, one display name per column, the names a map may use for it, its question, first data row."""
    if grid.empty:
        raise UsageError(f"{name} has no rows; export the responses again.")
    row0 = [str(v).strip().lstrip("\ufeff") for v in grid.iloc[0]]
    row1 = [str(v).strip() for v in grid.iloc[1]] if len(grid) > 1 else [""] * len(row0)
    row2 = [str(v).strip() for v in grid.iloc[2]] if len(grid) > 2 else [""] * len(row0)
    tool = detect_tool(row0, row1, row2) if layout == "auto" else layout
    if tool == "surveymonkey" and len(grid) > 1 and not is_second_header_row(row0, row1):
        # given with --layout: taking a respondent's answers for labels would lose their response and put their
        # words into column names; the message never quotes the row
        raise UsageError(f"{name}: row 2 holds a respondent's answers (something under Respondent ID, an email, "
                         "a phone number, a date or a comment), not SurveyMonkey's second header row (Response, "
                         "Open-Ended Response or the options' labels): this is not a SurveyMonkey export. Leave "
                         "--layout out (or give the tool that wrote it, e.g. --layout plain).")
    if tool == "qualtrics":
        names, aliases, groups = _qualtrics_headers(row0, row1, row2)
        first = 3
    elif tool == "surveymonkey":
        question = pd.Series(row0).replace("", pd.NA).ffill().fillna("").tolist()
        names, aliases, groups = [], [], []
        for q, sub in zip(question, row1):
            if _norm(sub) in _SM_GENERIC:
                names.append(q)
                aliases.append({_norm(q)})
            else:
                names.append(f"{q} - {sub}")
                aliases.append({_norm(f"{q} - {sub}"), _norm(sub)})
            groups.append(_norm(q))
        first = 2
        # a contact-information question's rows ("Name", "Company", "Phone") are the respondent's, whatever the
        # question is called (an email row is personal by its name already, and may be the id)
        sm_personal = frozenset(k for k, sub in enumerate(row1) if option_is_personal(sub))
    else:
        names, aliases, groups = [], [], []
        for header in row0:
            grid_row = re.fullmatch(r"(.*\S)\s*\[(.+)\]", header)  # Google Forms' "Question [Row]"
            names.append(header)
            if grid_row:
                aliases.append({_norm(header), _norm(grid_row.group(2)),
                                _norm(f"{grid_row.group(1)} - {grid_row.group(2)}")})
                groups.append(_norm(grid_row.group(1)))
            else:
                aliases.append({_norm(header)})
                groups.append(_norm(header))
        first = 1
    names = [n if n else f"column {k + 1}" for k, n in enumerate(names)]
    # a header holding an email or a phone number (typed by hand, or a layout read wrong) is never shown as it
    # is: the name messages, the report and a suggested map use is scrubbed, and a map may use that name too
    shown = [privacy.redact_text(n) for n in names]
    aliases = [names_of | ({_norm(s)} if s != n else set()) for names_of, s, n in zip(aliases, shown, names)]
    names = shown
    personal, email, response_id = frozenset(), None, None
    if tool == "surveymonkey":
        personal = sm_personal
    if tool == "microsoft_forms":
        front = [fold_label(v) for v in row0[:_microsoft_forms_front(row0)]]
        personal = frozenset(k for k, v in enumerate(front) if v in _MS_PERSONAL)
        email = next((k for k, v in enumerate(front) if v in _MS_EMAIL), None)
        response_id = 0
    if tool in ("jotform", "tally"):
        response_id = next((k for k, v in enumerate(row0) if fold_label(v) == _SUBMISSION_ID), None)
    if tool == "limesurvey":
        folded = [fold_label(v) for v in row0]
        response_id = 0 if folded and folded[0] in _LS_ID else None
        personal = frozenset(k for k, v in enumerate(folded) if v in _LS_PERSONAL)
    return Layout(tool, names, aliases, groups, first, personal, email, response_id)


def option_is_personal(sub: str) -> bool:
    """Whether a SurveyMonkey column's second-row label says the column holds the respondent's own details.

    A contact-information question writes one column per field (``Name``, ``Company``, ``Phone Number``);
    the question's own words ("Your details") do not say what each holds. An email field is left to the
    rule on the whole name (it may be the id).

    Example
    -------
    >>> [option_is_personal(s) for s in ("Company", "Name", "Email Address", "Response", "Round tables")]
    [True, True, False, False, False]
    """
    if _norm(sub) in _SM_GENERIC:
        return False
    return privacy.personal_column_kind(sub) not in (None, "email")


def form_layout(frame: pd.DataFrame) -> tuple[pd.DataFrame, str, dict[str, str]]:
    """A table read with one header row, as the form tool that wrote it meant it: (table, tool, options).

    SurveyMonkey writes a second header row (``Response``, or one option per
    column of a question that takes several answers): it is folded into the
    column names (``Question - Option``) and left out of the rows; ``options``
    gives each such column's option. Other tools' tables come back as they are.
    The registrations import reads a registration form made with a survey tool
    through this.

    Example
    -------
    >>> frame = pd.DataFrame({"Respondent ID": ["", "7"], "Email Address": ["", "a@x.org"],
    ...                       "Which sessions?": ["Tables", "Tables"], "Unnamed: 3": ["Bar", ""]}, index=[2, 3])
    >>> table, tool, options = form_layout(frame)
    >>> tool, table.columns.tolist()[2:], table.index.tolist()
    ('surveymonkey', ['Which sessions? - Tables', 'Which sessions? - Bar'], [3])
    >>> options["Which sessions? - Bar"]
    'Bar'
    """
    header = ["" if re.fullmatch(r"Unnamed: \d+", str(c)) else str(c) for c in frame.columns]
    below = [["" if pd.isna(v) else str(v).strip() for v in frame.iloc[k]] if len(frame) > k else [""] * len(header)
             for k in (0, 1)]
    tool = detect_tool(header, *below)
    if tool != "surveymonkey":
        return frame, tool, {}
    found = read_layout(pd.DataFrame([header, below[0]]), "surveymonkey", "")
    options = {name: sub for name, sub in zip(found.names, below[0]) if _norm(sub) not in _SM_GENERIC}
    folded = frame.iloc[1:].copy()
    folded.columns = found.names
    return folded, tool, options


def _qualtrics_headers(row0, row1, row2):
    names, aliases, groups = row0, [], []
    for short, text, import_id in zip(row0, row1, row2):
        names_of = {_norm(short), _norm(text)}
        if " - " in text:
            names_of.add(_norm(text.rsplit(" - ", 1)[1]))
        try:
            names_of.add(_norm(json.loads(import_id).get("ImportId", "")))
        except (ValueError, AttributeError):
            pass
        aliases.append(names_of - {""})
        matrix = re.fullmatch(r"(.+?)_\d+", short)
        groups.append(_norm(matrix.group(1)) if matrix else _norm(text.split(" - ")[0] if " - " in text else short))
    return names, aliases, groups


def read_map(path: Path) -> dict:
    """A survey map: its entries (key, table, canonical name), its settings and the document."""
    try:
        settings = Settings.read_file(path)
    except NetoutError as exc:
        raise UsageError(f"Map {exc}") from None
    cols = settings.raw.get("columns") or {}
    if not any(isinstance(cols.get(t), dict) for t in ("survey", "attendees")):
        raise UsageError(f"Map {path}: needs a [columns.survey] table mapping the export's column names "
                         'to canonical ones, e.g. "Email Address" = "attendee_id".')
    entries = []
    for table in ("survey", "attendees"):
        for key, target in (cols.get(table) or {}).items():
            target = str(target).strip().lower()
            if not target:
                continue
            table_for = "survey" if table == "attendees" and target in _ID_TARGETS else table
            # the key as messages show it: a map written from a header holding an email never echoes it
            entries.append((_norm(key), privacy.redact_text(str(key)), table_for, target))
    return {"entries": entries, "settings": settings, "raw": settings.raw, "source": str(path)}


def match_columns(spec: dict, found: Layout, file: str, log: ImportLog | None = None) -> dict[int, tuple[str, str]]:
    """Column position -> (table, canonical name); every ``[columns.survey]`` key must find exactly one column.

    A ``[columns.attendees]`` key the export lacks is passed over (one map
    serves the registrations import too, whose questions these may be).
    """
    targets: dict[int, tuple[str, str]] = {}
    attendee_keys = {_norm(k) for k in ((spec["raw"].get("columns") or {}).get("attendees") or {})}
    for key, shown, table, target in spec["entries"]:
        hits = [k for k, names_of in enumerate(found.aliases) if key in names_of]
        if not hits and key in attendee_keys:
            if log is not None:
                log.note(f"map entry {shown!r} = {target!r} ([columns.attendees]) is not a column of this export; "
                         "passed over", file=file)
            continue
        if not hits:
            raise UsageError(f"Map {spec['source']}: {file} has no column {shown!r}. Its columns are: "
                             f"{'; '.join(found.names[:30])}{' ...' if len(found.names) > 30 else ''} (where the "
                             "header is not on row 1, give its row with --header-row N)")
        if len(hits) > 1:
            raise UsageError(f"Map {spec['source']}: {shown!r} matches {len(hits)} columns of {file} "
                             f"({'; '.join(found.names[k] for k in hits)}); use the full 'question - option' name.")
        if hits[0] in targets:
            raise UsageError(f"Map {spec['source']}: column {found.names[hits[0]]!r} is mapped twice.")
        targets[hits[0]] = (table, target)
    taken = [t for t in targets.values() if t[1] not in ("event_id", *_ID_TARGETS)]
    dup = pd.Series([f"{a}.{b}" for a, b in taken], dtype="string").duplicated()
    if dup.any():
        raise UsageError(f"Map {spec['source']}: two columns map to {taken[int(dup.to_numpy().argmax())][1]!r}.")
    return targets


def _below_title(grid: pd.DataFrame, found: Layout, spec: dict, layout: str, file: str) -> tuple[pd.DataFrame, Layout]:
    """The grid from its header: row 1, else the first of the next rows where the map's columns are (below a title)."""
    try:
        match_columns(spec, found, file)
        return grid, found
    except UsageError:
        for start in range(1, min(HEADER_SEARCH_ROWS, len(grid) - 1) + 1):
            below = read_layout(grid.iloc[start:], layout, file)
            try:
                match_columns(spec, below, file)
            except UsageError:
                continue
            return grid.iloc[start:], below
    return grid, found   # nowhere: match_columns says what the map names and the export lacks


def _empty_unnamed(found: Layout, data: pd.DataFrame) -> list[int]:
    """Columns with no header and no answer (trailing separators): left out, said once."""
    return [k for k, name in enumerate(found.names) if name == f"column {k + 1}" and k < data.shape[1]
            and data[k].astype("string").str.strip().fillna("").eq("").all()]


_FREE_TEXT_REASON = "free text (comments, notes): not copied, since people's names in it cannot all be found"


def _open_question(name: str) -> bool:
    """A question that invites any answer ("Anything else?"): reported as free text, not as a name or email."""
    return privacy.personal_column_kind(name) == "free text"


def _with_answer_kinds(found: Layout, data: pd.DataFrame) -> Layout:
    """The layout with the columns whose answers decide what they are: grades named "Note", yes/no "Mitglied"."""
    present = [(k, name) for k, name in enumerate(found.names) if k < data.shape[1]]
    return replace(found, ratings=frozenset(k for k, name in present if is_rating_column(name, data[k])),
                   yes_no=frozenset(k for k, name in present if privacy.yes_no_category(name, data[k])))


def _personal(found: Layout, k: int) -> bool:
    """A column about the respondent: by the one personal-data rule, or because the layout says so.

    A column of grades named ``Note`` is not (:func:`is_rating_column`), nor a yes/no "Mitglied", nor the
    tool's own response number (SurveyMonkey's and Tally's ``Respondent ID``, LimeSurvey's ``Response ID``).
    """
    if k not in found.personal and fold_label(found.names[k]) in TOOL_COLUMNS.get(found.tool, frozenset()):
        return False
    return (k not in found.ratings and k not in found.yes_no
            and (k in found.personal or privacy.is_personal_column(found.names[k])))


def _report_unmapped(targets: dict, found: Layout, log: ImportLog, file: str, *, empty=()) -> None:
    if empty:
        log.note(f"{len(empty)} empty column(s) without a header left out (column(s) "
                 f"{', '.join(str(k + 1) for k in empty)}; no values)", file=file, count=len(empty))
    for k, name in enumerate(found.names):
        if k in targets or k in empty:
            continue
        if _personal(found, k):
            log.add(PERSONAL_DATA, _FREE_TEXT_REASON if _open_question(name) else
                    "personal data (name, email, phone, IP address or location): not copied", file=file, column=name)
        elif k in found.ratings:
            log.add(COLUMN_NOT_MAPPED, "grades (a 'Note' is a grade in French): not in the map; not imported",
                    file=file, column=name)
        else:
            log.add(COLUMN_NOT_MAPPED, "not in the map; not imported", file=file, column=name)


def _refuse_personal_targets(targets: dict, found: Layout, log: ImportLog, file: str) -> dict:
    """A personal column mapped to anything but the id is not copied (a name must not travel as a 'team')."""
    kept = {}
    for k, (table, target) in targets.items():
        if target not in _ID_TARGETS and target != "event_id" and _personal(found, k):
            log.add(PERSONAL_DATA, _FREE_TEXT_REASON if _open_question(found.names[k]) else
                    f"personal data: mapped to {target!r} but not copied (only the id column may hold people's "
                    "identifiers, and it is pseudonymised)", file=file, column=found.names[k])
            continue
        kept[k] = (table, target)
    return kept


#: The names a map's targets are most often meant to be: a target close to one of these is likely its typo.
_KNOWN_TARGETS = (*SURVEY_OUTCOMES, *REPORTED_YES_NO, "attendee_id", "email", "event_id", "industry",
                  "company_size", "first_time", "networking_style", "comment")


def _say_near_misses(targets: dict, found: Layout, log: ImportLog, file: str) -> None:
    """A map target one letter away from a name the toolkit reads ("satisfation") is said, not kept silently.

    The column is still written under the map's name (an organiser may name columns freely), but the analysis
    would find no ``satisfaction``: the note says which name was probably meant.
    """
    import difflib

    for k, (_, target) in targets.items():
        if target in _KNOWN_TARGETS or re.fullmatch(r"style_\d+", target):
            continue
        near = difflib.get_close_matches(target, _KNOWN_TARGETS, n=1, cutoff=0.85)
        if near:
            log.note(f"mapped to {target!r}, which the toolkit does not read: did you mean {near[0]!r}? "
                     "(correct the map, or keep the name on purpose)", file=file, column=found.names[k])


# ---------------------------------------------------------------------------- rows and ids


def _usable_rows(data: pd.DataFrame, found: Layout, rows: pd.Series, log: ImportLog, file: str, *,
                 keep_unfinished: bool) -> pd.Series:
    """Rows that are attendees' answers: not empty, not a preview, test or spam, finished (unless kept)."""
    keep = pd.Series(True, index=data.index)
    # astype(bool): with no data row the frame stays string-typed and .all() refuses it
    blank = data.apply(lambda col: col.astype("string").str.strip().fillna("") == "").astype(bool).all(axis=1)
    # a blank line is not someone who answered nothing: said as the registrations and scans imports say it
    log.add_rows(ROW_SKIPPED, "blank row left out (no value in any cell)", file=file, rows=rows[blank])
    keep &= ~blank
    status_col = _find(found.names, "status")
    if found.tool == "qualtrics" and status_col is not None:
        status = data[status_col].astype("string").str.strip().str.lower()
        for code, meaning in sorted(set(_QUALTRICS_NOT_ANSWERS.items()), key=lambda t: t[1]):
            hit = keep & (status == code)
            log.quote_as_written(data.loc[hit, status_col])   # Qualtrics' own words, not people's names
            log.add_rows(ROW_SKIPPED, f"Qualtrics response {meaning}, not an attendee's answer", file=file,
                         rows=rows[hit], column=found.names[status_col], values=data.loc[hit, status_col])
            keep &= ~hit
    unfinished = pd.Series(False, index=data.index)
    finished_col = _find(found.names, "finished")
    if found.tool == "qualtrics" and finished_col is not None:
        unfinished = data[finished_col].astype("string").str.strip().str.lower().isin(["false", "0"])
    submitted_col = _find(found.names, "submit date (utc)")
    if found.tool == "typeform" and submitted_col is not None:
        unfinished = data[submitted_col].astype("string").str.strip().fillna("") == ""
    if found.tool == "limesurvey":
        # LimeSurvey writes the submit date when the last page is sent: without it the response was left midway
        submitted = next((k for k, n in enumerate(found.names) if fold_label(n) in _LS_SUBMITTED), None)
        if submitted is not None:
            unfinished = data[submitted].astype("string").str.strip().fillna("") == ""
    kind_col = _find(found.names, "response type")
    if found.tool == "typeform" and kind_col is not None:
        unfinished |= data[kind_col].astype("string").str.strip().str.lower().eq("partial").fillna(False)
    unfinished &= keep
    if keep_unfinished:
        if unfinished.any():
            log.note(f"{int(unfinished.sum())} unfinished response(s) kept with the answers given ([survey] "
                     "keep_unfinished = true)", file=file, count=int(unfinished.sum()))
    else:
        log.add_rows(ROW_SKIPPED, "unfinished (partial) response; set [survey] keep_unfinished = true in the map "
                     "to keep the answers given", file=file, rows=rows[unfinished])
        keep &= ~unfinished
    collector = _find(found.names, "collector id")
    if found.tool == "surveymonkey" and collector is not None:
        counts = data.loc[keep, collector].astype("string").value_counts()
        if len(counts) > 1:
            log.note(f"responses of {len(counts)} collectors imported together: "
                     + ", ".join(f"{c} ({n})" for c, n in counts.items()), file=file)
    return keep


# the open questions of feedback forms ("Anything else?", "Any suggestions?", "What could we improve?") and
# the names people map them to ("comment", "goals_text", "feedback")
_OPEN_QUESTION = re.compile(r"anything else|tell us|feedback|suggestion|comment|remark|\bnotes?\b|improve|"
                            r"sonst noch|anmerkung|bemerkung|kommentar|anregung|autre chose|remarque|suggestion|"
                            r"commentaire|algo mas|comentario|sugerencia|opmerking|nog iets")
_OPEN_NAME = re.compile(r"text|comment|note|feedback|remark|suggest")


def _free_text_column(header: str, name: str, text: pd.Series) -> bool:
    """A column of comments or notes: by the export's header or the mapped name, or by its long, varied answers.

    >>> _free_text_column("Anything else?", "comment", pd.Series(["ok"])), _free_text_column("Team", "team",
    ...                                                                                        pd.Series(["a", "b"]))
    (True, False)
    """
    if "free text" in (privacy.personal_column_kind(header), privacy.personal_column_kind(name)):
        return True
    if _OPEN_QUESTION.search(fold_label(header)) or _OPEN_NAME.search(name.lower()):
        return True
    answers = text.dropna()
    if privacy.personal_content_kind(answers) == "free text":
        return True
    # long answers that are mostly different: written, not picked from a list
    return bool(len(answers) > 0 and answers.str.len().median() > 40 and answers.nunique() > 0.5 * len(answers))


def _find(names: list[str], wanted: str) -> int | None:
    hits = [k for k, n in enumerate(names) if _norm(n) == wanted]
    return hits[0] if hits else None


def _respondent_ids(data, targets, names, keep, rows, out: Path, log: ImportLog, file: str, *, pseudonymise: bool,
                    secret, by_name=None, shared=None) -> tuple[pd.Series, pd.Series, pd.DataFrame, pd.Series]:
    """Each response's attendee id (the first filled id column), pseudonymised; rows without one set aside.

    Also, per row, the id as the export gives it and the header of its column (``value``, ``column``): only
    to look for a registered attendee's email one slip away, never written. ``shared`` (ids, given, rows kept
    -> ids, rows that cannot be told) tells whose an answer from an email several registered people share is;
    ``by_name`` (ids, rows kept -> ids) gives the respondents whose id is no registered attendee's the one
    their name finds, if any. Last, the respondents set aside for want of an id that tells who they are
    (none, 'anonymous', a name several attendees share, a shared email the name does not settle): they count
    among the respondents the survey could not match.
    """
    id_cols = [k for k, (_, name) in targets.items() if name in _ID_TARGETS]
    if not id_cols:
        raise UsageError("Map: one column (or several, the first filled one counting) must map to attendee_id "
                         "(or email); map the column holding the member number, badge id or email.")
    ids = pd.Series(pd.NA, index=data.index, dtype="string")
    given = pd.DataFrame({"value": pd.Series(pd.NA, index=data.index, dtype="string"),
                          "column": pd.Series(pd.NA, index=data.index, dtype="string")})
    anonymous = pd.Series(False, index=data.index)
    for col in id_cols:
        value = parsing.read_id(data[col].astype("string"))
        # Microsoft Forms writes "anonymous" where it records no one: not one person who answered every time
        # (as string: a column with no id at all maps to pyarrow's null type, which isin refuses)
        said = value.map(fold_label, na_action="ignore").astype("string").isin(_ANONYMOUS).fillna(False).astype(bool)
        anonymous |= said & ids.isna()
        # rows already set aside (blank, unfinished, previews) are no respondents: their ids are neither keyed nor
        # counted in what the matching says
        person = _person_ids(value.mask(said | ~keep), names[col], targets[col][1], pseudonymise, secret, out, log,
                             file)
        first = ids.isna() & person.notna()
        given = given.mask(first, pd.DataFrame({"value": value, "column": names[col]}, index=data.index))
        ids = ids.fillna(person)
    shown = " / ".join(names[c] for c in id_cols)
    untold = pd.Series(False, index=data.index)
    if shared is not None:
        ids, untold = shared(ids, given, keep & ~anonymous)
        keep = keep & ~untold
    if by_name is not None:
        ids = by_name(ids, keep & ~anonymous)
    anonymous &= keep & ids.isna()
    log.add_rows(ROW_SKIPPED, "anonymous response (the export says 'anonymous' for the respondent): cannot be "
                 "matched to an attendee", file=file, rows=rows[anonymous], column=shown)
    keep = keep & ~anonymous
    no_id = keep & ids.isna()
    reason = ("no attendee id" if len(id_cols) == 1 else "no attendee id in any of the id columns") + \
        " (a web-link or anonymous response cannot be matched to an attendee)"
    log.add_rows(ROW_SKIPPED, reason, file=file, rows=rows[no_id], column=shown)
    keep = keep & ~no_id
    ambiguous = keep & ids.eq("?ambiguous").fillna(False)
    log.add_rows(ROW_SKIPPED, "the name matches several registered attendees; cannot tell whose answer it is",
                 file=file, rows=rows[ambiguous], column=shown)
    keep &= ~ambiguous
    # the latest answer of a person counts; earlier ones are reported
    dup = keep & ids.where(keep).duplicated(keep="last") & ids.notna()
    log.add_rows(ROW_SKIPPED, "the same attendee answered again further down (last answer kept)",
                 file=file, rows=rows[dup], column=shown)
    # each is among the rows kept when the ids were read: set aside here, not before
    return ids, keep & ~dup, given, anonymous | no_id | ambiguous | untold


#: Qualtrics' columns of the contact a response was sent to (its mailing list), first and last name.
RECIPIENT_NAME_COLUMNS: tuple[str, str] = ("recipientfirstname", "recipientlastname")
#: The map's targets that name the respondent (any tool: ``"Voornaam" = "first_name"``): read only to find
#: them among the registered attendees by name, never copied.
NAME_TARGETS: tuple[str, ...] = ("first_name", "name_prefix", "last_name", "name")
# SurveyMonkey's contact-list columns in front of the questions, and the fields of its contact question
_SM_NAME_FIELDS = {"first name": "first_name", "last name": "last_name", "name": "name"}


@dataclass(frozen=True)
class RespondentNames:
    """Each response's respondent name (missing where none) and the headers it was read from.

    ``who`` says whose name it is in a message: Qualtrics' ``recipient`` (the contact the survey was sent
    to), else the ``respondent``. Only to find a registered attendee; never written or shown.
    """

    names: pd.Series
    columns: list[str]
    who: str


def respondent_names(data: pd.DataFrame, found: Layout, mapped: dict[str, int] | None = None
                     ) -> RespondentNames | None:
    """The full name of each respondent, from the columns that name them; None where the export has none.

    Read from the map's name targets (``mapped``: :data:`NAME_TARGETS` -> column, any tool), else the
    tool's own columns: Qualtrics' ``RecipientFirstName`` / ``RecipientLastName``, SurveyMonkey's ``First
    Name`` / ``Last Name`` (its contact list) or its contact question's name fields, Microsoft Forms'
    ``Name``. A surname prefix goes between the first and last name, as the registrations write names. A name
    of one word (a first name alone) or "anonymous" is missing: too little to tell people apart.

    Example
    -------
    >>> found = Layout("qualtrics", ["RecipientLastName", "RecipientFirstName"], [set(), set()], ["", ""], 3)
    >>> said = respondent_names(pd.DataFrame({0: ["Lee", "", "Lee"], 1: [" Ann ", "", ""]}), found)
    >>> said.names.tolist(), said.columns, said.who
    (['Ann Lee', <NA>, <NA>], ['RecipientFirstName', 'RecipientLastName'], 'recipient')
    >>> dutch = Layout("google_forms", ["Voornaam", "Tussenvoegsel", "Achternaam"], [set()] * 3, [""] * 3, 1)
    >>> frame = pd.DataFrame({0: ["Jan"], 1: ["van"], 2: ["Dijk"]})
    >>> respondent_names(frame, dutch, {"first_name": 0, "name_prefix": 1, "last_name": 2}).names.tolist()
    ['Jan van Dijk']
    """
    sources: list[dict[str, int]] = [dict(mapped)] if mapped else []
    who = "respondent"
    folded = [_norm(n) for n in found.names]
    if found.tool == "qualtrics":
        first, last = (_find(found.names, c) for c in RECIPIENT_NAME_COLUMNS)
        if first is not None and last is not None:
            sources.append({"first_name": first, "last_name": last})
            who = "recipient" if not mapped else who
    elif found.tool == "surveymonkey":
        front = {_SM_NAME_FIELDS[n]: k for k, n in enumerate(folded) if n in ("first name", "last name")}
        fields = {_SM_NAME_FIELDS[n.rsplit(" - ", 1)[1]]: k for k, n in enumerate(folded)
                  if " - " in n and n.rsplit(" - ", 1)[1] in _SM_NAME_FIELDS and k in found.personal}
        sources += [front, fields]
    elif found.tool == "microsoft_forms":
        whole = next((k for k in sorted(found.personal) if k != found.email and fold_label(found.names[k]) in _MS_NAME),
                     None)
        if whole is not None:
            sources.append({"name": whole})
    sources = [roles for roles in sources if {"first_name", "last_name", "name"} & set(roles)]
    if not sources:
        return None
    names = pd.Series(pd.NA, index=data.index, dtype="string")
    for roles in sources:
        names = names.fillna(_joined_name({r: data[k] for r, k in roles.items() if k < data.shape[1]}))
    columns = list(dict.fromkeys(found.names[k] for roles in sources for k in roles.values()))
    return RespondentNames(names, columns, who)


def _joined_name(parts: dict[str, pd.Series]) -> pd.Series:
    """First name, surname prefix and last name joined (else the whole name); missing where under two words."""
    index = next(iter(parts.values())).index if parts else pd.RangeIndex(0)
    text = {r: v.astype("string").fillna("").str.strip() for r, v in parts.items()}
    empty = pd.Series("", index=index, dtype="string")
    first, prefix, last = (text.get(r, empty) for r in ("first_name", "name_prefix", "last_name"))
    # the prefix once: a last name written with it ("van Dijk") keeps it as it is
    folded_last = last.str.casefold() + " "
    has_prefix = pd.Series([bool(p) and fl.startswith(p.casefold() + " ") for p, fl in zip(prefix, folded_last)],
                           index=index)
    last = (prefix.where(~has_prefix, "") + " " + last)
    name = (first + " " + last).str.split().str.join(" ")
    if "name" in text:
        name = name.where(name.ne(""), text["name"].str.split().str.join(" "))
    name = name.where(~name.map(fold_label).isin(_ANONYMOUS))
    return name.where(name.str.count(" ").ge(1)).replace("", pd.NA).astype("string")


def _name_targets(targets: dict, found: Layout, log: ImportLog, file: str) -> tuple[dict, dict[str, int]]:
    """The targets without the map's name columns (:data:`NAME_TARGETS`), and those columns by target.

    A name is personal data, whatever the column is called: never copied, only read to find the respondent.
    """
    parts = {target: k for k, (_, target) in targets.items() if target in NAME_TARGETS}
    for target, k in parts.items():
        log.add(PERSONAL_DATA, f"mapped to {target!r}: the respondent's name, read only to find them among the "
                "registered attendees (keyed, never copied)", file=file, column=found.names[k])
    return {k: t for k, t in targets.items() if t[1] not in NAME_TARGETS}, parts


def _by_recipient_name(ids: pd.Series, keep: pd.Series, named: RespondentNames, events: pd.Series,
                       known: pd.DataFrame, out: Path, log: ImportLog, file: str, rows: pd.Series, *,
                       secret) -> pd.Series:
    """The ids, where a respondent's own id is no registered attendee's, replaced by the attendee of their name.

    A group order may give every guest the buyer's email, so a guest's registration has no email of their
    own and their answer (sent from their own address, or from the buyer's that is no ticket's own) matches no
    one. The respondent's name (:func:`respondent_names`) finds them through the registrations' keyed names
    (:func:`~toolkit.io.importers._common.find_people`): only where exactly one registered attendee of this
    event has that full name, and that attendee has not answered under their own id (nor is named by another
    response). The names are keyed, never written or shown.
    """
    names, who = named.names, named.who
    keys = read_keys(out)
    if not len(keys) or "kind" not in keys.columns:
        return ids
    keys = keys[keys["kind"].isin({"name", FOLDED_NAME})]
    if "event_id" in keys.columns:
        keys = keys[keys["event_id"].isin(set(events[keep].dropna()))]
    listed = _among(events, ids, known.apply(lambda c: c.str.strip()), secret)
    asked = keep & ~listed.fillna(False) & names.notna()
    if not asked.any() or not len(keys):
        return ids
    found = find_people(names[asked], keys, secret, "name")
    shared = found.eq("?ambiguous")
    found = found.where(~shared & _among(events[asked], found, known, secret))
    answered = set(privacy.pseudonymise(ids[keep & listed], secret=secret, all_values=True))
    again = found.notna() & (privacy.pseudonymise(found, secret=secret, all_values=True).isin(answered)
                             | found.duplicated(keep=False))
    matched = found.notna() & ~again
    column = " / ".join(named.columns)
    log.add_rows(NOTE, f"matched to a registered attendee by the {who}'s name ({column}; their own id is no "
                 "registered attendee's: a guest the registrations gave the buyer's email, say); exactly one "
                 "registered attendee has that name", file=file, rows=rows[asked][matched], column=column)
    log.add_rows(NOTE, f"the {who}'s name is that of several registered attendees: not matched by name",
                 file=file, rows=rows[asked][shared], column=column)
    log.add_rows(NOTE, f"the {who}'s name is that of a registered attendee who already answered (or whom "
                 "another response names): not matched by name", file=file, rows=rows[asked][again], column=column)
    if matched.any():
        log.note(f"{int(matched.sum())} respondent(s) matched to a registered attendee by the {who}'s name, "
                 "their own id being no registered attendee's (names keyed, never written)", file=file,
                 column=column, count=int(matched.sum()))
    return ids.where(~(asked & matched.reindex(ids.index, fill_value=False)), found.reindex(ids.index))


_SHARED_EMAIL = "answered from an email shared by the tickets of several registered people (a group order's, say)"


def _shared_email_respondents(ids: pd.Series, given: pd.DataFrame, keep: pd.Series, named: RespondentNames | None,
                              events: pd.Series, out: Path, log: ImportLog, file: str, rows: pd.Series, *,
                              secret) -> tuple[pd.Series, pd.Series]:
    """Whose answers from an email that several registered people share are: told by the respondent's name.

    A group order puts the buyer's email on every guest's ticket (an assistant their inbox on colleagues'
    orders), so a guest may answer from it. Where the registrations keyed such an email
    (:data:`SHARED_EMAIL_KEY`), an answer from it is the person among those that share it whose name the
    respondent gives (names keyed as the registrations' were, never read back); where the name is none of
    theirs, is missing or fits several, the answer cannot be told and is not matched (the second series). A
    survey that asks no name keeps the email's own person (whose name it spells, or the buyer), as the
    registrations decided, and says so on the row.

    Example
    -------
    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp())
    >>> hashed = lambda *v: privacy.pseudonymise(pd.Series(v), secret="k", all_values=True).tolist()
    >>> pd.DataFrame({"kind": ["shared_email", "shared_email", "name", "name"],
    ...               "key": hashed("office@x.org", "office@x.org", "ann lee", "bo chen"),
    ...               "attendee_id": ["p_ann", "p_bo", "p_ann", "p_bo"]}).to_csv(out / "import_keys.csv", index=False)
    >>> given = pd.DataFrame({"value": ["office@x.org", "office@x.org"], "column": ["Email", "Email"]})
    >>> named = RespondentNames(pd.Series(["Bo Chen", pd.NA], dtype="string"), ["Name"], "respondent")
    >>> ids, untold = _shared_email_respondents(pd.Series(hashed("office@x.org", "office@x.org")), given,
    ...     pd.Series([True, True]), named, pd.Series(["gala", "gala"]), out, ImportLog(), "s.csv",
    ...     pd.Series([2, 3]), secret="k")
    >>> ids.tolist(), untold.tolist()
    (['p_bo', <NA>], [False, True])
    """
    untold = pd.Series(False, index=ids.index)
    keys = read_keys(out)
    if not len(keys) or not {"kind", "key", "attendee_id"} <= set(keys.columns):
        return ids, untold
    if "event_id" in keys.columns:
        keys = keys[keys["event_id"].isin(set(events[keep].dropna()))]
    shared = keys[keys["kind"].eq(SHARED_EMAIL_KEY)]
    if shared.empty:
        return ids, untold
    value = given["value"].astype("string").str.strip().where(keep)
    email = value.where(key_kind(value).eq("email").fillna(False)).str.lower()
    hashed = privacy.pseudonymise(email, secret=secret, all_values=True)
    asked = keep & hashed.isin(set(shared["key"])).fillna(False).astype(bool)
    if not asked.any():
        return ids, untold
    column = given["column"].where(asked).dropna()
    column = str(column.iloc[0]) if len(column) else ""
    if named is None:
        log.add_rows(NOTE, f"{_SHARED_EMAIL}: counted as the person the email belongs to (whose name it spells, "
                     "or the buyer), or as nobody where it is no one's; a guest answering from it cannot be told "
                     "without their name: map the survey's name question (first_name and last_name, or name) to "
                     "tell them", file=file, rows=rows[asked], column=column)
        return ids, untold
    # the name decides: the notes name its columns, as those of a guest found by name elsewhere
    column = " / ".join(named.columns)
    norm = named.names.str.split().str.join(" ").str.casefold()
    said = pd.DataFrame({"email": hashed[asked],
                         "name": privacy.pseudonymise(norm[asked], secret=secret, all_values=True)})
    # each person who shares an email, by their keyed names
    theirs = shared[["key", "attendee_id"]].rename(columns={"key": "email"}).merge(
        keys.loc[keys["kind"].eq("name"), ["key", "attendee_id"]].rename(columns={"key": "name"}),
        on="attendee_id").drop_duplicates()
    hits = said.reset_index().merge(theirs, on=["email", "name"]).groupby("index")["attendee_id"].unique()
    one = hits[hits.map(len).eq(1)].map(lambda found: found[0])
    told = pd.Series(ids.index.isin(one.index), index=ids.index)
    untold = asked & ~told
    ids = ids.where(~told, one.reindex(ids.index)).where(~untold).astype("string")
    log.add_rows(NOTE, f"{_SHARED_EMAIL}: matched by the {named.who}'s name to the one of them it names (names "
                 "keyed, never written)", file=file, rows=rows[told], column=column)
    log.add_rows(ROW_SKIPPED, f"{_SHARED_EMAIL}, and the {named.who}'s name is none of theirs, is missing or fits "
                 "several: cannot tell whose answer it is, not matched (not given to the buyer)", file=file,
                 rows=rows[untold], column=column)
    if untold.any():
        listed = rows[untold].tolist()
        log.note(f"{_rows_said(listed)}: {len(listed)} answer(s) from an email several registered people share, whose "
                 f"{named.who}'s name does not tell which of them answered; not matched. Write the name as on "
                 "the ticket in the export and import again with --force to count them", file=file,
                 column=column, count=len(listed))
    return ids, untold


def _rows_said(listed: list[int]) -> str:
    """Spreadsheet rows for a note, every one of them: ``row 7`` or ``rows 7, 19 and 33``.

    >>> _rows_said([7]), _rows_said([7, 19, 33])
    ('row 7', 'rows 7, 19 and 33')
    """
    return f"row {listed[0]}" if len(listed) == 1 else "rows " + list_with_more(listed, len(listed), and_last=True)


def _person_ids(ids: pd.Series, column: str, target: str, wanted: bool, secret, out: Path, log: ImportLog,
                file: str) -> pd.Series:
    """Ids that are emails, phones or names as pseudonyms, matched to the attendees of the folder's key file."""
    personal_column = target == "email" or privacy.is_personal_column(column)
    personal = privacy.looks_personal(ids)
    if not (personal.any() or personal_column):
        return ids
    if not wanted:
        log.add(PERSONAL_DATA, "ids are emails, phone numbers or names: the folder holds personal data until "
                "it is loaded (the loader pseudonymises them); keep it private", file=file, column=column,
                count=int(personal.sum()))
        return ids
    hashed = privacy.pseudonymise(ids, secret=secret, all_values=personal_column)
    keys = read_keys(out)
    if len(keys):
        # an id that is already a registered attendee's (a member number as the registrations' attendee id) or a
        # pseudonym is theirs; any other id finds only a key of its own kind: member 1001 is not the person whose
        # order number is 1001
        registered = set(keys["attendee_id"].dropna())
        attendees = existing_table(out, "attendees")
        if attendees is not None and "attendee_id" in attendees.columns:
            registered |= set(privacy.pseudonymise(attendees["attendee_id"].astype("string").str.strip(),
                                                   secret=secret, all_values=True).dropna())
        own = privacy.is_pseudonym(ids.astype("string")).fillna(False).astype(bool) | hashed.isin(registered)
        found, ambiguous = keyed_people(hashed, _key_kinds(ids, column).where(~own), keys)
        direct = ids.notna() & hashed.isin(registered)
        hashed = found.fillna(hashed).where(~ambiguous, "?ambiguous")
        log.note(_matched_note(int(ids.notna().sum()), int(direct.sum()), int(found.notna().sum())), file=file,
                 column=column)
    log.note("ids that are emails, phone numbers or names replaced by keyed pseudonyms "
             "(the same as the loader gives them)", file=file, column=column, count=int(ids.notna().sum()))
    return hashed.astype("string")


def _matched_note(given: int, direct: int, through_keys: int) -> str:
    """What matching the ids to the registered attendees found: how many, and how (as keyed, or by the key file).

    Example
    -------
    >>> _matched_note(25, 25, 0)
    "25 of the 25 ids are registered attendees' (all as the registrations keyed them)"
    >>> _matched_note(10, 6, 2)
    "8 of the 10 ids are registered attendees' (6 as the registrations keyed them, 2 through the folder's \
key file import_keys.csv: another email, a ticket or an order number of theirs)"
    """
    matched = direct + through_keys
    if not through_keys:
        how = "all as the registrations keyed them" if direct else "none as the registrations keyed them, none " \
            f"through the folder's key file {KEYS_FILE}"
    else:
        how = (f"{direct} as the registrations keyed them, " if direct else "") + \
            f"{through_keys} through the folder's key file {KEYS_FILE}: another email, a ticket or an order " \
            "number of theirs"
    return f"{matched} of the {given} ids are registered attendees' ({how})"


_TICKET_HEADER = re.compile(r"ticket|badge|barcode|billet|entrada|eintrittskarte", re.IGNORECASE)
_ORDER_HEADER = re.compile(r"order|bestel|commande|pedido|booking|buchung", re.IGNORECASE)


def _key_kinds(ids: pd.Series, column: str) -> pd.Series:
    """The one kind of registrations' key each respondent id may match (NA: none).

    An email finds an email key and a name a name key; a number only a ticket or order key, and only where
    the column's header says it holds ticket or order numbers (a member number is keyed by no key: it is
    the attendee id itself).
    """
    text = ids.astype("string").str.strip()
    email = text.str.contains("@", regex=False).fillna(False).astype(bool)
    name = ~email & text.str.contains(r"[^\W\d_]", regex=True).fillna(False).astype(bool) & \
        ~text.str.contains(r"\d", regex=True).fillna(False).astype(bool)
    number = _TICKET_HEADER.search(column) and "ticket" or _ORDER_HEADER.search(column) and "order" or None
    kinds = np.where(email, "email", np.where(name, "name", number))
    return pd.Series(kinds, index=ids.index, dtype="string").where(text.notna())


def _events(data, targets, event_id, options, out: Path, known, file: str) -> pd.Series:
    cols = [k for k, (_, name) in targets.items() if name == "event_id"]
    if not event_id and not options.get("event_id") and cols:
        events = data[cols[0]].astype("string").str.strip().replace("", pd.NA)
        if events.isna().any():
            raise UsageError(f"{file}: the event column has empty cells; give --event ID or fill them.")
        return events
    event = resolve_event_id(event_id, out, known=known, from_map=options.get("event_id"))
    return pd.Series(event, index=data.index, dtype="string")


# ---------------------------------------------------------------------------- answers


def _answers(data, targets, found: Layout, keep, rows, settings: Settings, log: ImportLog, file: str,
             secret) -> dict[str, dict[str, pd.Series]]:
    """Every mapped answer column as written: numbers for scales, yes/no for yes/no, text otherwise."""
    items = set(settings.style_scale.items) if settings.style_scale else set()
    columns: dict[str, dict[str, pd.Series]] = {"survey": {}, "attendees": {}}
    scale_cols: dict[str, dict[int, str]] = {}
    for col, (table, name) in targets.items():
        if name in (*_ID_TARGETS, "event_id"):
            continue
        text = data[col][keep].astype("string").str.strip().replace("", pd.NA)
        if name in _YES_NO or (table == "survey" and name in REPORTED_YES_NO) or (
                table == "attendees" and name in _ATTENDEE_YES_NO):
            if found.tool == "qualtrics" and set(text.dropna()) == {"1", "2"}:
                # Qualtrics' numeric values: a Yes/No question is coded 1 = Yes, 2 = No by default
                text = text.map({"1": "yes", "2": "no"}, na_action="ignore").astype("string")
                log.note(f"{found.names[col]}: numeric values 1/2 read as Qualtrics' Yes/No (1 = yes, 2 = no)",
                         file=file, column=found.names[col])
            # the map's [values.NAME] first: "Maybe" = "no", or "" to leave such answers empty on purpose
            mapped = parsing.map_values(text, settings.values.get(name)).astype("string")
            parsed, bad = parsing.read_yes_no(mapped)
            columns[table][name] = parsed.map({True: "yes", False: "no"}).astype("string")
            emptied = int((text.notna() & mapped.isna()).sum())
            if emptied:
                log.note(f"{found.names[col]}: {emptied} answer(s) left empty as [values.{name}] of the map says",
                         file=file, column=found.names[col], count=emptied)
            unread = bad & mapped.notna()
            _report(unread, f"not a yes/no answer ({int(unread.sum())} of {int(text.notna().sum())} answers); "
                    f"left empty: say what such answers mean under [values.{name}] in the map, e.g. \"Maybe\" = "
                    "\"no\" (or = \"\" to leave them empty without this line)", text, rows[keep], found.names[col],
                    log, file)
            if name in REPORTED_YES_NO:
                log.note(f"{found.names[col]}: kept as the survey answer {name} (yes/no, as the respondent says), not "
                         "the follow-ups: followup_rate_7d and meetings_30d count only followups.csv (whom, when, "
                         "how), which a survey cannot give", file=file, column=found.names[col])
        elif name in SURVEY_OUTCOMES or name in items or (table == "survey" and _answers_a_scale(text)):
            scale_cols.setdefault(found.groups[col], {})[col] = name
        elif col in found.yes_no:  # "Mitglied": Ja/Nein, a category of members, as the registrations read it
            columns[table][name] = yes_no_answers(text)
            log.add(NOTE, "yes/no answers (a member or not), not member or order numbers: kept as a category of yes "
                    "and no", file=file, column=found.names[col])
        elif _free_text_column(found.names[col], name, text):
            # comments and notes hold names the detector cannot all find (a first name alone, lower case):
            # dropped whole, as the privacy model says, rather than cleaned
            log.add(PERSONAL_DATA, _FREE_TEXT_REASON, file=file, column=found.names[col])
        else:  # short text answers: the one rule for text columns (emails, phone numbers and more out)
            columns[table][name] = privacy.redact_free_text(text, secret=secret, bands=name == "company_size")
    scale = settings.section("survey")["scale_points"]
    for group in scale_cols.values():
        answers = {col: data[col][keep].astype("string").str.strip().replace("", pd.NA) for col in group}
        # the question's texts (header, Qualtrics' question text, a matrix's stem) may say its points: "(1-5)"
        headers = [text for col in group for text in (found.names[col], *sorted(found.aliases[col]))]
        values, points, bad = read_scale_answers(answers, settings.likert, scale=scale, headers=headers)
        few = too_few_to_tell(answers, settings.likert, headers=headers) if scale == "auto" else 0
        if few:
            first = found.names[next(iter(group))]
            log.note(f"{first}: its {few} answer(s) are on both sides of the middle and none in it, too few to tell "
                     "a 4-point scale from a 5-point one: read on 5 points (1, 2, 4, 5); where the question offered "
                     "four answers, set scale_points = 4 under [survey] in the map", file=file, column=first)
        for col, name in group.items():
            table = targets[col][0]
            columns[table][name] = _scale_column(values[col], bad[col], answers[col], name, points, settings,
                                                 rows[keep], found.names[col], log, file, secret)
    return columns


def _answers_a_scale(text: pd.Series) -> bool:
    """Whether a mapped extra column holds answers on a scale (every cell a number or a usual label)."""
    if not text.notna().any():
        return False
    _, points, bad = read_scale_answers({0: text})
    return not bool(bad[0][text.notna()].any())


def _scale_column(values, bad, text, name, points, settings: Settings, rows, column, log, file, secret) -> pd.Series:
    if points == 4:
        values = _four_points(values, name, settings, column, log, file)
    if points == 7:
        if name in SURVEY_OUTCOMES:
            lo, hi = SURVEY_OUTCOMES[name]
            values = (lo + (values - 1) * (hi - lo) / 6).round(4)
            log.note(f"{column}: answered on a 7-point scale; {name} rescaled to {lo:g}-{hi:g}", file=file,
                     column=column)
        else:
            log.note(f"{column}: answered on a 7-point scale (1-7)"
                     + ("; set min = 1 and max = 7 in [style_scale]" if settings.style_scale is not None
                        and settings.style_scale.max != 7 and name in settings.style_scale.items else ""),
                     file=file, column=column)
    if name in SURVEY_OUTCOMES:
        lo, hi = SURVEY_OUTCOMES[name]
        outside = values.notna() & ((values < lo) | (values > hi))
        _report(outside, f"{name} outside {lo:g}-{hi:g}; left empty", text, rows, column, log, file)
        values = values.mask(outside)
    unknown = bad & text.notna()
    _report(unknown, "not a number or a known label: kept as written (add it to [likert] in the folder's "
            "netout.toml and the loader reads it)", text, rows, column, log, file)
    out = values.astype(object).where(values.notna(), None)
    if unknown.any():  # the raw label stays, so that a later [likert] recovers it; never personal data
        out = out.where(~unknown, privacy.redact_free_text(text[unknown], secret=secret))
    return out


def _four_points(values: pd.Series, name: str, settings: Settings, column: str, log: ImportLog,
                 file: str) -> pd.Series:
    """Answers of a 4-point scale (read 1-4) put on the scale the toolkit reads the column on, and said.

    An outcome goes evenly onto its range (satisfaction 1, 2.33, 3.67, 5), as a 7-point one does; a style
    item onto the ``[style_scale]`` range (kept 1-4 where that says 4 points), so that the scale's midpoint
    falls between the two middle answers instead of on one of them; any other answer stays 1-4.
    """
    seen = ("read as a 4-point scale, as [survey] scale_points = 4 says" if settings.section("survey")[
        "scale_points"] == 4 else "read as a 4-point scale (answers on both sides of the middle and none in it; "
        "where the question offered a middle answer nobody chose, name it at 3 under [likert] in the map, e.g. "
        "\"Neutral\" = 3, or set scale_points = 5 under [survey])")
    scale = settings.style_scale if settings.style_scale is not None and name in settings.style_scale.items \
        else None
    if name in SURVEY_OUTCOMES:
        lo, hi = SURVEY_OUTCOMES[name]
    elif scale is not None and scale.max - scale.min != 3:
        lo, hi = scale.min, scale.max
    else:
        start = scale.min if scale is not None else 1
        log.note(f"{column}: {seen}; kept as {start:g}-{start + 3:g}", file=file, column=column)
        return values + (start - 1)
    even = ", ".join(f"{lo + k * (hi - lo) / 3:.2f}".rstrip("0").rstrip(".") for k in range(4))
    log.note(f"{column}: {seen}; {name} put evenly on {lo:g}-{hi:g}: {even}", file=file, column=column)
    return (lo + (values - 1) * (hi - lo) / 3).round(4)


def _report(mask: pd.Series, reason: str, text: pd.Series, rows: pd.Series, column: str, log: ImportLog,
            file: str) -> None:
    mask = mask.fillna(False).astype(bool)
    if mask.any():
        log.add_rows(VALUE_NOT_MAPPED, reason, file=file, rows=rows[mask], column=column, values=text[mask])


def _add_to_folder(attendee_columns: dict, out: Path, log: ImportLog) -> None:
    """The folder already has attendees: they are kept; the survey's attendee columns are not written."""
    for name in attendee_columns:
        log.add(COLUMN_NOT_MAPPED, f"attendee column {name!r} not written: {out.name} already has an "
                "attendees table from the registrations, which the survey does not change; ask the question at "
                "registration, or map it under [columns.survey] to keep it as a survey answer", column=name)
    log.note(f"survey added to the event folder {out}; attendees, sessions and participation kept")


#: Where the folder already has attendees, the share of respondents that must be among them: below it the
#: survey's id column is probably not the one the registrations were keyed by, and the import stops.
MATCHED_SHARE_MIN = 1 / 3


@dataclass(frozen=True)
class _Respondents:
    """The export's rows as read so far: cells, headers, id targets, rows kept, their ids and events."""

    data: pd.DataFrame
    names: list[str]
    targets: dict
    keep: pd.Series
    rows: pd.Series
    ids: pd.Series
    given: pd.DataFrame
    events: pd.Series
    #: respondents set aside for want of an id that tells who they are: they count among the respondents
    unidentified: pd.Series


def _match_to_attendees(found: _Respondents, known: pd.DataFrame, out: Path, log: ImportLog, file: str, *,
                        secret, pseudonymised: bool, accept: bool) -> None:
    """Say which respondents are not the folder's attendees; stop where fewer than a third are.

    Each respondent not among the attendees is a note with their row (the loader sets the answer aside); one
    whose email is a slip from exactly one registered attendee's is said to be probably theirs (keyed texts are
    compared, no email is read back). Where fewer than :data:`MATCHED_SHARE_MIN` of the respondents are among
    the attendees, the import stops with what to check (``accept``: written, the warning heading the summary).
    Ids left as written (Python's ``pseudonymise=False``) cannot be compared with the attendees' pseudonyms:
    the report already says the folder holds personal data until it is loaded.
    """
    if not pseudonymised:
        return
    keep, rows = found.keep, found.rows
    known = known.apply(lambda c: c.str.strip())
    matched = keep & _among(found.events, found.ids, known, secret)
    strangers = keep & ~matched
    # a respondent without an id that tells who they are is a respondent the survey could not match
    unknown = int(found.unidentified.sum())
    n, m = int(keep.sum()) + unknown, int(matched.sum())
    if not strangers.any() and not unknown:
        return
    keys = read_keys(out)
    ours = known.loc[known["event_id"].isin(set(found.events[keep])), "attendee_id"]
    on_list = set(ours) | set(privacy.pseudonymise(ours, secret=secret, all_values=True))
    email = found.given["value"].where(strangers & key_kind(found.given["value"]).eq("email").fillna(False))
    slip = one_slip_from(email, keys, secret, on_list) if on_list else pd.Series(pd.NA, index=email.index,
                                                                                 dtype="string")
    typo = strangers & slip.notna()
    columns = found.given["column"].fillna(_id_header(found))
    for column in pd.unique(columns[strangers]):
        here = columns.eq(column)
        log.add_rows(NOTE, "respondent is not in the folder's attendees for this event (the loader will set the "
                     "answer aside; check the id column and the event id)", file=file,
                     rows=rows[strangers & ~typo & here], column=str(column))
        log.add_rows(NOTE, "respondent is not in the folder's attendees, but their email is one letter off exactly "
                     "one registered attendee's: probably a typo, not matched", file=file, rows=rows[typo & here],
                     column=str(column))
        if (typo & here).any():
            listed = rows[typo & here].tolist()
            log.note(f"{_rows_said(listed)} (column {column!r}): an email one letter off exactly one registered attendee's, "
                     "probably theirs: correct it in the export, or add it to [survey.same_person] in the map, and "
                     "import again with --force to match "
                     + ("this answer" if len(listed) == 1 else f"these {len(listed)} answers"), file=file,
                     column=str(column), count=len(listed))
    if n == 0 or m >= MATCHED_SHARE_MIN * n:
        return
    head, causes = _few_matched(found, known, keys, out, file, secret, n=n, m=m, typos=int(typo.sum()),
                                unknown=unknown)
    if not accept:
        raise UsageError(head + " Likely causes:\n" + "\n".join(f"  {k}. {c}" for k, c in enumerate(causes, 1))
                         + "\nNothing was written. To import the survey as it is (the answers that match nobody are "
                         "kept in survey.csv, and the loader sets them aside), give --accept-unmatched.")
    log.add(WARNING, head + " Likely causes: " + "; ".join(f"({k}) {c}" for k, c in enumerate(causes, 1)) + ". "
            "Imported as it is (--accept-unmatched): the loader sets aside the answers that match nobody; mend the "
            "map and import again with --force.", file=file, column=_id_header(found), count=n - m)


def _among(events: pd.Series, ids: pd.Series, known: pd.DataFrame, secret) -> pd.Series:
    """Whether each (event, id) is an attendee of the folder, both ids taken as the loader takes them.

    The loader makes every person id a pseudonym (a pseudonym stays one), so a badge number kept as written in
    ``attendees.csv`` and the same number keyed by the survey import (a member-number column) meet there.
    """
    def loaded(values: pd.Series) -> pd.Series:
        return privacy.pseudonymise(values.astype("string"), secret=secret, all_values=True)

    pairs = pd.MultiIndex.from_arrays([known["event_id"].astype("string"), loaded(known["attendee_id"])])
    return pd.Series(pd.MultiIndex.from_arrays([events.astype("string"), loaded(ids)]).isin(pairs), index=ids.index)


def _id_header(found: _Respondents) -> str:
    """The id column(s) as the message names them: ``'Email Address'`` or ``'Email' / 'Work email'``."""
    return " / ".join(found.names[k] for k, (_, n) in found.targets.items() if n in _ID_TARGETS)


def _few_matched(found: _Respondents, known: pd.DataFrame, keys: pd.DataFrame, out: Path, file: str, secret, *,
                 n: int, m: int, typos: int, unknown: int) -> tuple[str, list[str]]:
    """What a survey that matched few attendees says: the file, the id column and the counts; the causes and fixes.

    ``n`` counts every respondent, ``unknown`` of them without an id that tells who they are.
    """
    id_cols = [k for k, (_, name) in found.targets.items() if name in _ID_TARGETS]
    shown = " / ".join(repr(found.names[k]) for k in id_cols)
    through = f" (through the registrations' {KEYS_FILE})" if len(keys) else ""
    without = (f" ({unknown} of them gave no usable id: no email, an anonymous answer, a name several attendees "
               "share, or an email several people share with a name that does not tell whose)") if unknown else ""
    head = (f"{file}: only {m} of the {n} respondents were matched to the attendees already in {out.name} by the id "
            f"column {shown}{through}{without}; the loader would set the other answers aside.")
    causes = []
    if unknown:
        causes.append(f"{unknown} respondent(s) gave no id that tells who they are (mostly an empty email: a web "
                      "link, a form that does not ask it, an anonymous answer): make the email question required, "
                      "or send the survey by personal links that record each respondent's email")
    other = _better_id_column(found, known, keys, secret, id_cols)
    if other is not None:
        column, hits = other
        causes.append(f"the registered emails are in another column: {column!r} would match {hits} of the {n}; map "
                      "it to attendee_id under [columns.survey] in the map (several columns may map to attendee_id: "
                      "the first filled one gives the id)")
    else:
        causes.append("the survey asked for another email than the registration (a personal address beside the "
                      "work one), or the map's attendee_id is not the column the registered emails are in: map that "
                      "column under [columns.survey] (several columns may map to attendee_id: the first filled one "
                      "gives the id)")
    events = sorted(set(found.events[found.keep].dropna()))
    theirs = sorted(set(known["event_id"].dropna()))
    if not set(events) & set(theirs):
        causes.append(f"the survey was read as event {', '.join(map(repr, events))}, the folder's attendees are of "
                      f"{', '.join(map(repr, theirs))}: give --event, or import into that event's folder")
    else:
        causes.append("the survey is of another event: give --event, or import into that event's folder")
    causes.append("the registrations were imported with another pseudonym key or organisation (NETOUT_SECRET, "
                  "[privacy] organisation): import both with the same")
    causes.append(f"typos in the ids ({typos} email(s) one letter off a registered attendee's: correct them in "
                  "the export)" if typos else "typos in the ids: correct them in the export")
    return head, causes


def _better_id_column(found: _Respondents, known: pd.DataFrame, keys: pd.DataFrame, secret,
                      id_cols: list) -> tuple[str, int] | None:
    """Another column of emails that would match more respondents to the attendees, and how many; else None.

    Only headers are returned: the emails are keyed and looked up, never read back.
    """
    keep = found.keep
    best = None
    current = int(_among(found.events[keep], found.ids[keep], known, secret).sum())
    for col in found.data.columns:
        if col in id_cols:
            continue
        values = found.data[col][keep].astype("string").str.strip().replace("", pd.NA)
        filled = values.dropna()
        if filled.empty or not key_kind(filled).eq("email").fillna(False).mean() >= 0.5:
            continue
        hits = int(_among(found.events[keep], find_people(values, keys, secret, "email"), known, secret).sum())
        if hits > current and (best is None or hits > best[1]):
            best = (found.names[col], hits)
    return best
