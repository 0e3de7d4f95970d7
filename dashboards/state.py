"""The dashboard's state and caching: which folder is open, and cached calls into the toolkit.

Caching lives here, in the app, never on library functions. Every cached call
is keyed by the folder path plus a fingerprint of its files (names, sizes,
modification times), so that editing a file in the folder is picked up on the
next run. The loaded data and the outcome table are cached as resources (one
shared object, not copied on every rerun: pages must not modify them); small
results (effects, recommendations) are cached as data.

Nothing here computes a statistic: it calls :mod:`toolkit` and hands results on.
"""

from __future__ import annotations

import hashlib
import sys
import tempfile
import threading
from pathlib import Path

import pandas as pd
import streamlit as st

REPO_ROOT = Path(__file__).resolve().parents[1]
DEMO_FOLDER = REPO_ROOT / "data" / "demo"
FOLDER_KEY = "folder"
UPLOAD_ROOT = Path(tempfile.gettempdir()) / "netout-dashboard-uploads"


# ----------------------------------------------------------------------------- folder choice
def folder_from_command_line(argv: list[str] | None = None) -> Path | None:
    """The folder given as ``streamlit run dashboards/app.py -- DIR`` (None when none was given).

    Only read when the script itself is the program (``argv[0]`` is ``app.py``),
    so that a test runner's own arguments are never taken for a folder.
    """
    argv = sys.argv if argv is None else argv
    if len(argv) >= 2 and Path(argv[0]).name == "app.py":
        return Path(argv[1]).expanduser().resolve()
    return None


def current_folder() -> Path:
    """The folder the dashboard shows: chosen on the Data page, else the command line's, else the demo."""
    if FOLDER_KEY not in st.session_state:
        st.session_state[FOLDER_KEY] = str(folder_from_command_line() or DEMO_FOLDER)
    return Path(st.session_state[FOLDER_KEY])


def set_folder(folder: str | Path) -> None:
    st.session_state[FOLDER_KEY] = str(Path(folder).expanduser().resolve())


def fingerprint(folder: str | Path) -> tuple:
    """Names, sizes and modification times of the folder's files: part of every cache key."""
    folder = Path(folder)
    if not folder.is_dir():
        return ()
    return tuple(sorted((str(p.relative_to(folder)), p.stat().st_size, p.stat().st_mtime_ns)
                        for p in folder.rglob("*") if p.is_file()))


def save_uploads(files: list) -> Path:
    """Write uploaded files (tables, netout.toml, or one zip) to a private folder and return it.

    The folder is named by a hash of the contents, so uploading the same files
    twice reuses the cache. Zips are unpacked by :func:`toolkit.extract_zip`,
    which refuses a whole archive holding a path outside the folder, a link or
    too many bytes: its :class:`~toolkit.errors.DataValidationError` (naming
    the archive and member) reaches the caller, and nothing of it is kept.
    """
    import shutil

    from toolkit import extract_zip
    from toolkit.errors import DataValidationError

    digest = hashlib.sha256()
    for f in sorted(files, key=lambda f: f.name):
        digest.update(f.name.encode())
        digest.update(f.getvalue())
    target = UPLOAD_ROOT / digest.hexdigest()[:16]
    target.mkdir(parents=True, exist_ok=True)
    try:
        for f in files:
            name = Path(f.name).name
            if name.lower().endswith(".zip"):
                with tempfile.TemporaryDirectory() as tmp:
                    archive = Path(tmp) / name          # the message names the file as uploaded
                    archive.write_bytes(f.getvalue())
                    extract_zip(archive, target)
            else:
                (target / name).write_bytes(f.getvalue())
    except DataValidationError:
        shutil.rmtree(target, ignore_errors=True)
        raise
    # a zip holding one top folder: open that folder
    entries = [p for p in target.iterdir() if not p.name.startswith((".", "__MACOSX"))]
    if len(entries) == 1 and entries[0].is_dir():
        return entries[0]
    return target


# ----------------------------------------------------------------------------- cached toolkit calls
@st.cache_resource(show_spinner="Reading the event data…", max_entries=4)
def event_data(folder: str, fingerprint: tuple):
    from toolkit.io.load import load_event_data

    return load_event_data(folder)


@st.cache_resource(show_spinner="Working out each attendee's outcomes…", max_entries=4)
def outcome_table(folder: str, fingerprint: tuple) -> pd.DataFrame:
    from toolkit.outcomes import compute_outcomes

    return compute_outcomes(event_data(folder, fingerprint))


@st.cache_data(show_spinner=False, max_entries=8)
def event_summary(folder: str, fingerprint: tuple) -> pd.DataFrame:
    from toolkit.outcomes import event_summary as summarise

    return summarise(outcome_table(folder, fingerprint))


@st.cache_data(show_spinner="Comparing the formats…", max_entries=64)
def effects(folder: str, fingerprint: tuple, outcome: str, by: str) -> pd.DataFrame:
    from toolkit.compare import compare_formats

    return compare_formats(outcome_table(folder, fingerprint), outcome=outcome, by=by, random_state=0)


_WARM_LOCK = threading.Lock()


@st.cache_resource(show_spinner="Fitting the effects behind the recommendation…", max_entries=16)
def fitted_comparison(folder: str, fingerprint: tuple, outcome: str, by: str):
    """The effect fit behind the recommendation (:func:`toolkit.compare.fit_comparison`).

    It depends on the table, outcome and segment column only, so moving the
    mix, cost or threshold slider reuses it: a new mix costs the
    recommendation's arithmetic (milliseconds), not a refit (about 0.1 to 0.3 s
    at 10k attendees). A resource: one shared, read-only object.
    """
    from toolkit.compare import fit_comparison

    return fit_comparison(outcome_table(folder, fingerprint), outcome=outcome, by=by, random_state=0)


@st.cache_data(show_spinner=False, max_entries=256)
def recommendation(folder: str, fingerprint: tuple, outcome: str, by: str, mix: tuple[tuple[str, float], ...],
                   cost: float, min_difference: float):
    from toolkit.recommend import recommend_format

    return recommend_format(outcome_table(folder, fingerprint), outcome=outcome, by=by, mix=dict(mix) or None,
                            cost_per_attendee=cost, min_difference=min_difference, random_state=0,
                            comparison=fitted_comparison(folder, fingerprint, outcome, by))


@st.cache_resource(show_spinner="Drawing the network…", max_entries=16)
def contact_graph(folder: str, fingerprint: tuple, event_id: str, session_id: str | None):
    """The library's contact graph, with what the picture needs on it.

    Nodes carry ``style`` (from the outcome table) and ``brokerage``; edges
    carry ``familiar`` (known before this event: ``known_ties`` or an earlier
    event of the folder), all from :func:`toolkit.network.contact_graph`.
    """
    from toolkit.network import contact_graph as build

    return build(event_data(folder, fingerprint), event_id=event_id, session_id=session_id,
                 table=outcome_table(folder, fingerprint), by="style", add_brokerage=True)


def people_in(folder: str, fingerprint: tuple, event_id: str, session_id: str | None) -> int:
    """How many people a network picture would hold (checked before building a graph too large to draw)."""
    data = event_data(folder, fingerprint)
    if session_id is None:
        att = data.attendees
        return int(att.loc[att["event_id"] == event_id, "attendee_id"].nunique())
    part = data.participation
    return int(part.loc[(part["event_id"] == event_id) & (part["session_id"] == session_id), "attendee_id"].nunique())


@st.cache_data(show_spinner="Checking the networking-style questions…", max_entries=8)
def scale_reliability(folder: str, fingerprint: tuple):
    from toolkit.segments import scale_reliability as reliability

    data = event_data(folder, fingerprint)
    if data.settings.style_scale is None:
        return None
    return reliability(data.survey, data.settings.style_scale)


@st.cache_data(show_spinner="Drawing up the plan…", max_entries=16)
def next_event_plan(folder: str, fingerprint: tuple, by: str, registrations_csv: bytes | None,
                    random_state: int = 0) -> tuple[dict[str, int], bytes]:
    """A randomised plan for the next event: (attendees per format, zip of the plan's files).

    The registrations are the uploaded CSV (read by :func:`toolkit.plan.read_registrations`,
    as ``netout plan`` reads them), or else the latest event's attendee list as
    a trial run. Pairs in ``known_ties`` are kept in different groups.
    """
    from toolkit.plan import plan_next_event, read_registrations, trial_registrations

    data = event_data(folder, fingerprint)
    if registrations_csv is not None:
        # the CLI's reader: the one table reader and the one personal-data rule (ids pseudonymised alike)
        registrations, _ = read_registrations(registrations_csv, name="registrations.csv")
    else:
        registrations = trial_registrations(outcome_table(folder, fingerprint), by=by)
    plan = plan_next_event(registrations, by=by if by in registrations.columns else "style",
                           known_ties=data.known_ties[["attendee_id", "contact_id"]], random_state=random_state)
    return plan.counts(), plan.to_zip()


@st.cache_data(show_spinner=False, max_entries=32)
def latest_mix(folder: str, fingerprint: tuple, by: str) -> tuple[list[str], dict[str, float]]:
    """The groups compared and the library's default mix: where the sliders start.

    The shares are :func:`toolkit.recommend.default_mix` (the last event by
    :func:`toolkit.events.event_order`, attendees in a networking session,
    ``unknown`` included), the same mix the CLI and the report assume, so the
    page's first advice is theirs. Groups are every value of ``by`` among
    attendees in a session (``unknown`` last); those absent from the last
    event start at 0.
    """
    from toolkit.recommend import default_mix

    table = outcome_table(folder, fingerprint)
    mix = default_mix(table, by=by, events=event_data(folder, fingerprint))
    in_session = table.loc[table["format"].notna(), by].astype("string").fillna("unknown")
    groups = sorted(set(in_session.unique()) | set(mix), key=lambda g: (g == "unknown", g))
    return groups, {g: float(mix.get(g, 0.0)) for g in groups}


def slider_start(share: float) -> int:
    """A share as the slider's starting percentage, on its 5% steps."""
    return 5 * int(round(share * 20))


def start_mix(shares: dict[str, float]) -> tuple[tuple[str, float], ...]:
    """The exact default mix, as the recommendation is cached under, while the sliders stand at their start."""
    return tuple(sorted((g, float(v)) for g, v in shares.items() if v > 0))


def slider_mix(groups: list[str], percents: list[int], *, start: dict[str, float] | None = None
               ) -> tuple[tuple[str, float], ...]:
    """Slider percentages as the mix the recommendation is cached under (shares adding up to 1).

    While every slider still stands at its starting position (rounded from
    ``start``), the exact ``start`` mix is returned instead, so that the
    first advice equals the library's default (the 5% steps would shift it).
    """
    if start is not None and list(percents) == [slider_start(start.get(g, 0.0)) for g in groups][:len(percents)]:
        return start_mix(start)
    if len(groups) == 2:
        return tuple(sorted({groups[0]: percents[0] / 100, groups[1]: 1 - percents[0] / 100}.items()))
    total = sum(percents)
    return tuple(sorted({g: p / total for g, p in zip(groups, percents)}.items())) if total else ()


_WARMED: set = set()


def warm_up(folder: str, fingerprint: tuple, *, outcome: str = "new_contacts", by: str = "style") -> None:
    """Prepare the other pages' defaults in the background while the person reads the Overview.

    Fits the effects, the recommendation for the sliders' starting mix and
    the trial plan once per folder, through the same cached calls the pages
    make, so that Formats by segment and Next event open without waiting.
    Errors are left for the pages to show.
    """
    key = (folder, fingerprint, outcome, by)
    with _WARM_LOCK:
        if key in _WARMED:
            return
        _WARMED.add(key)

    def work() -> None:
        try:
            table = outcome_table(folder, fingerprint)
            if by not in table.columns:
                return
            effects(folder, fingerprint, outcome, by)
            groups, shares = latest_mix(folder, fingerprint, by)
            if groups:
                mix = start_mix(shares)
                advice = recommendation(folder, fingerprint, outcome, by, mix, 0.0, 0.0)
                if not advice.confident:
                    next_event_plan(folder, fingerprint, by, None)
        except Exception:  # noqa: BLE001 - a page that needs the result shows the error itself
            return

    threading.Thread(target=work, name="netout-warm-up", daemon=True).start()


# ----------------------------------------------------------------------------- page helpers
def open_data():
    """(folder, fingerprint) of the open folder after a successful load; otherwise a message and stop.

    Pages call this first. A folder with errors sends the person to the Data
    page, where the problems are listed.
    """
    from toolkit.errors import DataValidationError, NetoutError

    folder = current_folder()
    if not folder.is_dir():
        st.error(f"The folder {folder} does not exist. Open another one on the **Data** page.")
        st.stop()
    fp = fingerprint(folder)
    try:
        event_data(str(folder), fp)
    except DataValidationError as exc:
        st.error(f"The data in {folder.name} cannot be used yet: {len(exc.report.errors)} problem(s). "
                 "The **Data** page lists each one with the file, row and what to do.")
        st.stop()
    except NetoutError as exc:
        st.error(str(exc))
        st.stop()
    return str(folder), fp


def segment_columns(table: pd.DataFrame, settings=None) -> list[str]:
    """Columns a person may split attendees by (:func:`toolkit.compare.segment_columns`)."""
    from toolkit.compare import segment_columns as eligible

    return eligible(table, settings=settings)


@st.cache_data(show_spinner=False, max_entries=8)
def board_report(folder: str, fingerprint: tuple, outcome: str, by: str, event: str | None) -> tuple[bytes, bytes]:
    """The board report as (HTML bytes, PDF bytes)."""
    from toolkit.report import build_report

    report = build_report(event_data(folder, fingerprint), outcome=outcome, by=by, event=event, random_state=0)
    with tempfile.TemporaryDirectory() as tmp:
        html = report.to_html(Path(tmp) / "report.html").read_bytes()
        pdf = report.to_pdf(Path(tmp) / "report.pdf").read_bytes()
    return html, pdf

