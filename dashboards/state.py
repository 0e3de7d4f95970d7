"""The dashboard's state and caching: which folder is open, and cached calls into the toolkit.

Caching lives here, in the app, never on library functions. Every cached call
is keyed by the folder path plus a fingerprint of its files (names, sizes,
modification times), so that editing a file in the folder is picked up on the
next run. The loaded data and the outcome table are cached as resources (one
shared object, not copied on every rerun: pages must not modify them); small
results (effects) are cached as data; the Next event advice is kept by the
toolkit's mix advisor, one per folder, outcome and grouping.

Which folders may be opened (the data root), this session's private upload
folder and the text shown to people (no server path, no email or phone
number) are decided here too, by the rules of ``hosting.py``.

Nothing here computes a statistic: it calls :mod:`toolkit` and hands results on.
"""

from __future__ import annotations

import hashlib
import logging
import sys
import tempfile
import threading
from pathlib import Path

import pandas as pd
import streamlit as st

import hosting

REPO_ROOT = Path(__file__).resolve().parents[1]
DEMO_FOLDER = REPO_ROOT / "data" / "demo"
FOLDER_KEY = "folder"
LABEL_KEY = "folder_label"
UPLOAD_DIR_KEY = "upload_dir"
UPLOAD_TOKEN_KEY = "upload_token"
UPLOAD_NOTE = ".netout-upload.json"  # in a session's upload folder: its secret token, the upload's name and folder


# ----------------------------------------------------------------------------- folder choice, within the data root
def folder_from_command_line(argv: list[str] | None = None) -> Path | None:
    """The folder given as ``streamlit run dashboards/app.py -- DIR`` (None when none was given).

    Only read when the script itself is the program (``argv[0]`` is ``app.py``),
    so that a test runner's own arguments are never taken for a folder.
    """
    return hosting.parse_app_arguments(sys.argv if argv is None else argv).folder


def data_root(argv: list[str] | None = None) -> Path:
    """The folder inside which folders may be opened: ``--data-root``, else the folder given, else the demo data."""
    arguments = hosting.parse_app_arguments(sys.argv if argv is None else argv)
    return arguments.data_root or arguments.folder or DEMO_FOLDER


def current_folder() -> Path:
    """The folder the dashboard shows: chosen on the Data page, else the link's, else the command line's, else the demo.

    A new session (a reload, a shared link) takes the folder from the address:
    ``?upload=`` brings back this browser's upload (while the server keeps it),
    ``?folder=`` opens a folder inside the data root.
    """
    if FOLDER_KEY not in st.session_state:
        st.session_state[FOLDER_KEY] = str(folder_from_command_line() or DEMO_FOLDER)
        restored = _folder_from_address()
        if restored is not None:
            st.session_state[FOLDER_KEY] = str(restored)
    return Path(st.session_state[FOLDER_KEY])


def _folder_from_address() -> Path | None:
    """The upload or folder named in the page's address, when it may be opened here (None otherwise)."""
    token = st.query_params.get("upload")
    if token:
        adopted = adopt_upload(token)
        if adopted is not None:
            return adopted
        st.query_params.pop("upload", None)
    typed = st.query_params.get("folder")
    if typed is not None:
        root = data_root().resolve()
        chosen = hosting.folder_under_root(typed or str(root), root, also=(root, DEMO_FOLDER.resolve()))
        if chosen is not None:
            return chosen
        st.query_params.pop("folder", None)
    return None


def _show_folder_in_address() -> None:
    """Put the open folder in the address, so that a reload or a link opens it again (uploads by their token)."""
    folder = Path(st.session_state[FOLDER_KEY])
    if st.session_state.get(UPLOAD_TOKEN_KEY) and st.session_state.get(UPLOAD_DIR_KEY) and hosting.is_inside(
            folder.resolve(), Path(st.session_state[UPLOAD_DIR_KEY]).resolve()):
        st.query_params["upload"] = st.session_state[UPLOAD_TOKEN_KEY]
        st.query_params.pop("folder", None)
        return
    st.query_params.pop("upload", None)
    inside = inside_root(folder)
    if folder.resolve() == DEMO_FOLDER.resolve() or inside is None:
        st.query_params.pop("folder", None)
    else:
        st.query_params["folder"] = inside


def allowed_roots() -> tuple[Path, ...]:
    """Where this session may open folders: the data root, the demo data and its own uploads."""
    roots = [data_root(), DEMO_FOLDER]
    if st.session_state.get(UPLOAD_DIR_KEY):
        roots.append(Path(st.session_state[UPLOAD_DIR_KEY]))
    return tuple(root.resolve() for root in roots)


def open_typed_folder(typed: str) -> bool:
    """Open the folder a person typed if it lies inside the data root (relative names are taken there).

    Returns False, opening nothing, when there is no such folder there, so a
    page says :data:`hosting.FOLDER_REFUSED` whatever the reason.
    """
    root = data_root().resolve()
    chosen = hosting.folder_under_root(typed, root, also=allowed_roots())
    if chosen is None:
        return False
    set_folder(chosen)
    return True


def set_folder(folder: str | Path, *, label: str | None = None) -> None:
    """Open ``folder`` (it must lie in :func:`allowed_roots`); ``label`` names it for people (an upload's file name)."""
    resolved = Path(folder).expanduser().resolve()
    if not any(hosting.is_inside(resolved, root) for root in allowed_roots()):
        raise PermissionError("this folder lies outside the dashboard's data folder")
    st.session_state[FOLDER_KEY] = str(resolved)
    if label is None:
        st.session_state.pop(LABEL_KEY, None)
    else:
        st.session_state[LABEL_KEY] = label
    _show_folder_in_address()


def path_names() -> dict[Path, str]:
    """Server folders as people know them: the data root by its name, the demo data, uploads as "upload"."""
    names = {DEMO_FOLDER: "demo data"}
    root = data_root()
    names[root] = root.name
    if st.session_state.get(UPLOAD_DIR_KEY):
        upload = Path(st.session_state[UPLOAD_DIR_KEY])
        names[upload] = "upload"
        names[upload.resolve()] = "upload"
    return names


def folder_label(folder: Path | None = None) -> str:
    """The open folder as people know it: "demo data", the uploaded file's name, or its path inside the data root."""
    folder = Path(folder or current_folder())
    if folder.resolve() == DEMO_FOLDER.resolve():
        return "demo data"
    if folder == current_folder() and st.session_state.get(LABEL_KEY):
        return st.session_state[LABEL_KEY]
    root = data_root().resolve()
    resolved = folder.resolve()
    if hosting.is_inside(resolved, root):
        return str(Path(root.name) / resolved.relative_to(root))
    return folder.name


def shown(text: object) -> str:
    """Text fit for people: server paths replaced by their known names, emails and phone numbers redacted."""
    from toolkit.privacy import redact_text

    return str(redact_text(hosting.strip_paths(str(text), path_names())))


def fingerprint(folder: str | Path) -> tuple:
    """Part of every cache key: the folder's files (names, sizes, modification times) and the pseudonymisation
    key's digest, so that data read with one key is never paired with an outcome table made with another."""
    from toolkit.cache import folder_fingerprint, key_digest

    return folder_fingerprint(folder), key_digest()


# ----------------------------------------------------------------------------- this session's private uploads
_JANITOR: hosting.SessionJanitor | None = None
_JANITOR_LOCK = threading.Lock()


def _janitor() -> hosting.SessionJanitor | None:
    """The server's one janitor of session upload folders (None outside a Streamlit server)."""
    global _JANITOR  # noqa: PLW0603 - one per server process
    from streamlit import runtime

    if not runtime.exists():
        return None
    with _JANITOR_LOCK:
        if _JANITOR is None:
            grace = float(st.get_option("server.disconnectedSessionTTL") or 120) + 5.0
            _JANITOR = hosting.SessionJanitor(runtime.get_instance().is_active_session, grace=grace,
                                              interval=min(15.0, max(1.0, grace / 2)))
            _JANITOR.start()
        return _JANITOR


def upload_dir() -> Path:
    """This session's private upload folder (mode 0700), made on first use; removed when the session ends."""
    existing = st.session_state.get(UPLOAD_DIR_KEY)
    if existing and Path(existing).is_dir():
        return Path(existing)
    folder = hosting.new_session_dir()
    st.session_state[UPLOAD_DIR_KEY] = str(folder)
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    context = get_script_run_ctx()
    janitor = _janitor()
    if janitor is not None and context is not None:
        janitor.register(context.session_id, folder)
    return folder


def upload_label(files: list) -> str:
    """An upload as people know it: its file name, or the first name and how many more."""
    names = sorted(Path(f.name).name for f in files)
    return names[0] if len(names) == 1 else f"{names[0]} and {len(names) - 1} more file(s)"


def save_uploads(files: list, target_root: Path | None = None) -> Path:
    """Write uploaded files (tables, netout.toml, or one zip) into this session's private folder and return it.

    The folder is named by a hash of the contents, so uploading the same files
    twice reuses the cache. Files are written readable by the server's user
    only. Zips are unpacked by :func:`toolkit.extract_zip`, which refuses a
    whole archive holding a path outside the folder, a link or too many bytes:
    its :class:`~toolkit.errors.DataValidationError` (naming the archive and
    member) reaches the caller, and nothing of it is kept.
    """
    import shutil

    from toolkit import extract_zip
    from toolkit.errors import DataValidationError

    digest = hashlib.sha256()
    for f in sorted(files, key=lambda f: f.name):
        digest.update(f.name.encode())
        digest.update(f.getvalue())
    target = (target_root or upload_dir()) / digest.hexdigest()[:16]
    target.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        for f in files:
            name = Path(f.name).name
            if name.lower().endswith(".zip"):
                with tempfile.TemporaryDirectory(dir=target.parent) as tmp:
                    archive = hosting.write_private(Path(tmp) / name, f.getvalue())  # the message names the upload
                    extract_zip(archive, target)
            else:
                hosting.write_private(target / name, f.getvalue())
    except DataValidationError:
        shutil.rmtree(target, ignore_errors=True)
        raise
    # a zip holding one top folder: open that folder
    entries = [p for p in target.iterdir() if not p.name.startswith((".", "__MACOSX"))]
    if len(entries) == 1 and entries[0].is_dir():
        return entries[0]
    return target


def remember_upload(folder: Path, label: str) -> None:
    """Let a reload of this browser tab bring the upload back: a secret token in the address and in its folder.

    The token (128 random bits) is the only way to the folder from a new
    session; the folder stays private (mode 0700) and is still removed when no
    session holding it has been connected for the janitor's grace, or when
    the server stops (docs/privacy.md).
    """
    import json
    import secrets

    session_dir = upload_dir()
    token = f"{session_dir.name.removeprefix('session-')}.{secrets.token_urlsafe(16)}"
    note = {"token": token, "label": label, "folder": str(Path(folder).resolve().relative_to(session_dir.resolve()))}
    hosting.write_private(session_dir / UPLOAD_NOTE, json.dumps(note).encode())
    st.session_state[UPLOAD_TOKEN_KEY] = token
    set_folder(folder, label=label)


def adopt_upload(token: str) -> Path | None:
    """The upload folder a token names, taken over by this session (None when the token fits no upload here)."""
    import hmac
    import json

    name = str(token).split(".", 1)[0]
    if not name or not name.replace("_", "").isalnum():
        return None
    session_dir = hosting.server_upload_dir() / f"session-{name}"
    try:
        note = json.loads((session_dir / UPLOAD_NOTE).read_text())
    except (OSError, ValueError):
        return None
    if not hmac.compare_digest(str(note.get("token", "")), str(token)):
        return None
    folder = (session_dir / note.get("folder", ".")).resolve()
    if not hosting.is_inside(folder, session_dir.resolve()) or not folder.is_dir():
        return None
    st.session_state[UPLOAD_DIR_KEY] = str(session_dir)
    st.session_state[UPLOAD_TOKEN_KEY] = str(token)
    st.session_state[LABEL_KEY] = str(note.get("label") or "upload")
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    context, janitor = get_script_run_ctx(), _janitor()
    if janitor is not None and context is not None:
        janitor.register(context.session_id, session_dir)
    return folder


# ----------------------------------------------------------------------------- choices that last: session and address
CHOICES_KEY = "choices"


def choose(name: str, key: str, label: str, options: list, *, default=None, container=None, format_func=str,
           help: str | None = None):  # noqa: A002 - Streamlit's own argument name
    """A choice box whose answer is carried to every page and kept in the page's address (``?name=value``).

    The value comes from this session's earlier choice, else the address,
    else ``default`` (else the first option); an unknown value falls back to
    it. Each page passes its own options: a value it lacks is kept for the pages that have it.
    """
    if not options:
        return None
    keep = st.session_state.setdefault(CHOICES_KEY, {})
    texts = [str(o) for o in options]
    wanted = keep.get(name, st.query_params.get(name))
    fallback = default if default in options else options[0]
    start = options[texts.index(str(wanted))] if wanted is not None and str(wanted) in texts else fallback
    box = (container or st).selectbox(label, options, index=options.index(start), format_func=format_func,
                                      help=help, key=key)
    keep[name] = str(box)
    st.query_params[name] = str(box)
    return box


def keep_address() -> None:
    """Every choice of this session in the address of the page being shown (pages open without their own)."""
    for name, value in st.session_state.get(CHOICES_KEY, {}).items():
        st.query_params[name] = value
    if FOLDER_KEY in st.session_state:
        _show_folder_in_address()


# ----------------------------------------------------------------------------- costly results kept on disk
# The disk cache is the toolkit's (toolkit.cache), shared with `netout report`: a folder the report read
# opens at once in a fresh dashboard server, and the other way round. The app decides what may be kept.


def _kept_on_disk(folder: str) -> bool:
    """Folders of the data root and the demo are cached on disk; uploads never (they leave with their session)."""
    resolved = Path(folder).resolve()
    return not hosting.is_inside(resolved, hosting.upload_base().resolve())


def from_disk(kind: str, folder: str, fingerprint: tuple, compute, *, options: tuple = ()):
    """``compute()``, kept on disk under the folder's content: a fresh server reads it back instead.

    ``options`` (text and numbers) tell apart results of one folder computed
    with different choices (an outcome, a grouping): the key is a digest of
    the folder's content key and them. Files are written readable by the
    server's user only; one that cannot be read back (another toolkit, a
    broken file) is computed again.
    """
    if not _kept_on_disk(folder):
        return compute()
    from toolkit import cache

    key = cache.content_key(folder, fingerprint[0])   # the files; content_key adds the key's digest itself
    if options:
        key = hashlib.sha256(repr((key, *options)).encode()).hexdigest()[:32]
    return cache.kept(kind, key, compute)


# ----------------------------------------------------------------------------- cached toolkit calls
@st.cache_resource(show_spinner="Reading the event data…", max_entries=4)
def event_data(folder: str, fingerprint: tuple):
    from toolkit.io.load import load_event_data

    return from_disk("data", folder, fingerprint, lambda: load_event_data(folder))


@st.cache_resource(show_spinner="Working out each attendee's outcomes…", max_entries=4)
def outcome_table(folder: str, fingerprint: tuple) -> pd.DataFrame:
    from toolkit.outcomes import compute_outcomes

    return from_disk("outcomes", folder, fingerprint, lambda: compute_outcomes(event_data(folder, fingerprint)))


@st.cache_data(show_spinner=False, max_entries=8)
def event_summary(folder: str, fingerprint: tuple) -> pd.DataFrame:
    from toolkit.outcomes import event_summary as summarise

    return summarise(outcome_table(folder, fingerprint))


@st.cache_data(show_spinner=False, max_entries=8)
def survey_summary(folder: str, fingerprint: tuple, min_respondents: int) -> pd.DataFrame:
    """Satisfaction and net promoter score per event (:func:`toolkit.outcomes.survey_summary`)."""
    from toolkit.outcomes import survey_summary as summarise

    return summarise(outcome_table(folder, fingerprint), min_respondents=min_respondents)


@st.cache_data(show_spinner="Comparing the formats…", max_entries=64)
def effects(folder: str, fingerprint: tuple, outcome: str, by: str, weighted: bool = False) -> pd.DataFrame:
    from toolkit.compare import compare_formats

    return compare_formats(outcome_table(folder, fingerprint), outcome=outcome, by=by, random_state=0,
                           weight_nonresponse=weighted)


_WARM_LOCK = threading.Lock()


@st.cache_resource(show_spinner="Fitting the effects behind the recommendation…", max_entries=16)
def fitted_comparison(folder: str, fingerprint: tuple, outcome: str, by: str):
    """The effect fit behind the recommendation (:func:`toolkit.compare.fit_comparison`).

    It depends on the table, outcome and segment column only, so moving the
    mix, cost or threshold slider reuses it; it is kept on disk too, so a
    fresh server does not fit it again (about 0.1 to 0.3 s at 10k attendees).
    A resource: one shared, read-only object.
    """
    from toolkit.compare import fit_comparison

    table = outcome_table(folder, fingerprint)
    return from_disk("advice-fit", folder, fingerprint,
                     lambda: fit_comparison(table, outcome=outcome, by=by, random_state=0), options=(outcome, by))


@st.cache_resource(show_spinner=False, max_entries=16)
def mix_advisor(folder: str, fingerprint: tuple, outcome: str, by: str):
    """The Next event page's advisor (:func:`toolkit.recommend.mix_advisor`): it keeps each mix's answer.

    A resource shared by every visitor: a mix one person tried (or the page
    worked out ahead) is answered at once for the next.
    """
    from toolkit.recommend import mix_advisor as advisor

    return advisor(outcome_table(folder, fingerprint), comparison=fitted_comparison(folder, fingerprint, outcome, by),
                   random_state=0)


def recommendation(folder: str, fingerprint: tuple, outcome: str, by: str, mix: tuple[tuple[str, float], ...],
                   cost: float, min_difference: float):
    """The advice for ``mix`` (kept by the advisor, not copied per rerun: read it, do not change it)."""
    return mix_advisor(folder, fingerprint, outcome, by).advise(dict(mix) or None, cost_per_attendee=cost,
                                                                min_difference=min_difference)


@st.cache_data(show_spinner="Looking at who met whom…", max_entries=32)
def session_mixing(folder: str, fingerprint: tuple, event_id: str, by: str) -> pd.DataFrame:
    """How mixed each session of the event was (:func:`toolkit.network.session_mixing`)."""
    from toolkit.network import session_mixing as mixing

    return mixing(event_data(folder, fingerprint), outcome_table(folder, fingerprint), event_id=event_id, by=by)


@st.cache_resource(show_spinner="Drawing the network…", max_entries=16)
def contact_graph(folder: str, fingerprint: tuple, event_id: str, session_id: str | None, by: str = "style"):
    """The library's contact graph, with what the picture needs on it.

    Nodes carry ``style`` (from the outcome table) and ``brokerage``; edges
    carry ``familiar`` (known before this event: ``known_ties`` or an earlier
    event of the folder), all from :func:`toolkit.network.contact_graph`.
    """
    from toolkit.network import contact_graph as build

    return build(event_data(folder, fingerprint), event_id=event_id, session_id=session_id,
                 table=outcome_table(folder, fingerprint), by=by, add_brokerage=True)


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
    from toolkit.plan import plan_grouping, plan_next_event, read_registrations, trial_registrations

    data = event_data(folder, fingerprint)
    if registrations_csv is not None:
        # the CLI's reader: the one table reader and the one personal-data rule (ids pseudonymised alike)
        registrations, _ = read_registrations(registrations_csv, name="registrations.csv")
    else:
        registrations = trial_registrations(outcome_table(folder, fingerprint), by=by)
    # an upload without the page's grouping is drawn by the one the CLI would choose for it (never a missing column)
    chosen = by if by in registrations.columns else plan_grouping(registrations, outcome_table(folder, fingerprint))[0]
    plan = plan_next_event(registrations, by=chosen,
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


def share_percent(share: float) -> int:
    """A share as the whole percentage an input starts at."""
    return int(round(share * 100))


def start_mix(shares: dict[str, float]) -> tuple[tuple[str, float], ...]:
    """The exact default mix, as the recommendation is cached under, while the inputs stand at their start."""
    return tuple(sorted((g, float(v)) for g, v in shares.items() if v > 0))


def entered_mix(groups: list[str], percents: list[int], *, start: dict[str, float] | None = None
                ) -> tuple[tuple[str, float], ...]:
    """Whole percentages adding up to 100 as the mix the recommendation is cached under (shares adding up to 1).

    While every input still stands at its start (``start`` rounded to whole
    percentages), the exact ``start`` mix is used, so that the first advice
    equals the library's default (the CLI's and the report's); it differs from
    the shown percentages by less than half a point. Otherwise the shares used
    are exactly the percentages shown.
    """
    # the last group takes what is left, so only the others are compared with their start
    if start is not None and list(percents)[:-1] == [share_percent(start.get(g, 0.0)) for g in groups][:-1]:
        return start_mix(start)
    total = sum(percents)
    return tuple(sorted((g, p / 100) for g, p in zip(groups, percents) if p > 0)) if total == 100 else ()


_WARMED: set = set()


def warm_up(folder: str, fingerprint: tuple, *, outcome: str = "new_contacts", by: str | None = None) -> None:
    """Prepare the other pages' defaults in the background while the person reads the Overview.

    Fits the effects, the recommendation for the sliders' starting mix and
    the trial plan once per folder, through the same cached calls the pages
    make, so that Formats by segment and Next event open without waiting.
    ``by`` defaults to the grouping the pages open on
    (:func:`toolkit.compare.default_grouping`). Errors are left for the pages to show.
    """
    if not _working_ahead():
        return
    key = (folder, fingerprint, outcome, by)
    with _WARM_LOCK:
        if key in _WARMED:
            return
        _WARMED.add(key)

    def work() -> None:
        from toolkit.compare import default_grouping

        try:
            table = outcome_table(folder, fingerprint)
            settings = event_data(folder, fingerprint).settings
            grouping = by if by is not None else default_grouping(table, settings=settings)
            if grouping not in table.columns:
                return
            effects(folder, fingerprint, outcome, grouping, False)
            groups, shares = latest_mix(folder, fingerprint, grouping)
            if groups:
                mix = start_mix(shares)
                advice = recommendation(folder, fingerprint, outcome, grouping, mix, 0.0, 0.0)
                if not advice.confident:
                    next_event_plan(folder, fingerprint, grouping, None)
        except Exception:  # noqa: BLE001 - a page that needs the result shows the error itself
            return

    _quiet_background_notices()  # the warm-up runs no page either: its cached calls would log a notice each
    threading.Thread(target=work, name=_WARM_THREAD, daemon=True).start()


#: The thread that prepares the other pages' defaults (:func:`warm_up`).
_WARM_THREAD = "netout-warm-up"


# ----------------------------------------------------------------------------- work ahead of the next interaction
# After a page has shown its answer, the answers a person is likely to ask next (the slider's neighbouring
# steps, the other outcomes) are worked out in a background thread, so the next move finds them kept. That
# work must never delay a visible answer: it starts after the run that showed the answer, each new run of the
# session stops it (between two of its steps: at most one step finishes), and it waits a moment before it
# starts. Not at a lower system priority: a thread holding the interpreter's lock while the system keeps it
# waiting would keep the visible answer waiting too (measured: 0.3-0.4 s instead of 0.2 s at load 6).
_AHEAD_KEY = "_work_ahead_stop"
_AHEAD_DELAY = 0.15  # seconds
_AHEAD_THREAD = "netout-work-ahead"
_QUIET_LOCK = threading.Lock()
_QUIETED = False


class _NoContextNotice(logging.Filter):
    """Drops Streamlit's "missing ScriptRunContext" notice for the work-ahead and warm-up threads, which run none
    on purpose.

    Given the session's context, a cached call's spinner would show on the
    person's page for work they did not ask for; without it, Streamlit logs
    this notice on every cached call, once per outcome worked out ahead.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        return not (message.startswith((f"Thread '{_AHEAD_THREAD}'", f"Thread '{_WARM_THREAD}'"))
                    and "ScriptRunContext" in message)


def _quiet_background_notices() -> None:
    global _QUIETED  # noqa: PLW0603 - once per server process
    with _QUIET_LOCK:
        if not _QUIETED:
            logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").addFilter(_NoContextNotice())
            _QUIETED = True


def _working_ahead() -> bool:
    # `netout dashboard` refuses an unknown value before the server starts; a server started some other way
    # logs it once per check and works ahead (the default)
    try:
        return hosting.work_ahead_allowed()
    except hosting.HostingError as exc:
        hosting.LOG.warning("%s; working ahead", exc)
        return True


def stop_working_ahead() -> None:
    """A new interaction: this session's work ahead stops after the step in progress."""
    stop = st.session_state.get(_AHEAD_KEY)
    if stop is not None:
        stop.set()


def work_ahead(steps) -> None:
    """Run ``steps`` (callables, each a few tens of milliseconds) in the background until the next interaction.

    Call it last in a run, after the answer is shown. Errors are left for the
    page that asks for the same result to show.
    """
    stop_working_ahead()
    if not _working_ahead():
        return
    _quiet_background_notices()
    stop = st.session_state[_AHEAD_KEY] = threading.Event()

    def work() -> None:
        # a person still moving the slider (or a test's quick reruns) stops it before it starts
        if stop.wait(_AHEAD_DELAY):
            return
        for step in steps:
            if stop.is_set():
                return
            try:
                step()
            except Exception:  # noqa: BLE001 - the page shows the error when the answer is really asked for
                continue

    threading.Thread(target=work, name=_AHEAD_THREAD, daemon=True).start()


def neighbouring_mixes(groups: list[str], percents: list[int], *, start: dict[str, float], steps: int = 2
                       ) -> list[tuple[tuple[str, float], ...]]:
    """The mixes one, then two, slider steps away from ``percents`` (nearest first), as the page would ask them.

    Each input but the last (which takes what is left) moved by a step
    either way, where the shares still add up to 100% at most.
    """
    mixes: list = []
    for distance in range(1, steps + 1):
        for i in range(max(len(groups) - 1, 1)):
            for sign in (1, -1):
                moved = list(percents)
                moved[i] += sign * distance
                if len(groups) == 2:
                    moved[1] = 100 - moved[0]
                else:
                    moved[-1] = 100 - sum(moved[:-1])
                if min(moved) < 0 or max(moved) > 100:
                    continue
                mix = entered_mix(groups, moved, start=start)
                if mix and mix not in mixes:
                    mixes.append(mix)
    return mixes


def work_ahead_of_the_mix(folder: str, fingerprint: tuple, outcome: str, by: str, groups: list[str],
                          percents: list[int], *, start: dict[str, float], cost: float, min_difference: float) -> None:
    """The Next event page: the advice for the sliders' neighbouring steps, worked out before they are taken."""
    advisor = mix_advisor(folder, fingerprint, outcome, by)
    mixes = neighbouring_mixes(groups, percents, start=start)
    work_ahead([lambda mix=mix: advisor.advise(dict(mix), cost_per_attendee=cost, min_difference=min_difference)
                for mix in mixes])


def work_ahead_of_the_outcome(folder: str, fingerprint: tuple, outcome: str, by: str, weighted: bool,
                              outcomes: list[str]) -> None:
    """The Formats page: the comparison for the other outcomes of the choice box, nearest in the list first."""
    # the list's neighbours first, either way: where a person looking at the list is most likely to go next
    at = outcomes.index(outcome) if outcome in outcomes else 0
    others = sorted((o for o in outcomes if o != outcome), key=lambda o: (abs(outcomes.index(o) - at),
                                                                          outcomes.index(o) < at))
    work_ahead([lambda other=other: effects(folder, fingerprint, other, by, weighted) for other in others])


# ----------------------------------------------------------------------------- page helpers
def open_data():
    """(folder, fingerprint) of the open folder after a successful load; otherwise a message and stop.

    Pages call this first. A folder with errors sends the person to the Data
    page, where the problems are listed.
    """
    from toolkit.errors import DataValidationError, NetoutError

    folder = current_folder()
    if not folder.is_dir():
        st.error(f"The folder {folder_label(folder)} is no longer there. Open another one on the **Data** page.")
        st.stop()
    fp = fingerprint(folder)
    try:
        event_data(str(folder), fp)
    except DataValidationError as exc:
        st.error(f"The data in {folder_label(folder)} cannot be used yet: {len(exc.report.errors)} problem(s). "
                 "The **Data** page lists each one with the file, row and what to do.")
        st.stop()
    except NetoutError as exc:
        st.error(shown(exc))
        st.stop()
    return str(folder), fp


def formats_note(folder: str, fingerprint: tuple) -> str | None:
    """What a page adds to its answer when the folder holds one format only (:func:`toolkit.wording.formats_note`)."""
    from toolkit.wording import formats_note as note

    try:
        return note(outcome_table(folder, fingerprint)["format"].dropna().unique())
    except Exception:  # noqa: BLE001 - the page itself says what is wrong with the folder
        return None


def not_recorded(folder: str, fingerprint: tuple) -> dict[str, str]:
    """Outcomes this folder cannot give, with the table that would give them (:func:`toolkit.outcomes.not_recorded`)."""
    from toolkit.outcomes import not_recorded as missing

    return missing(event_data(folder, fingerprint))[0]


def segment_columns(table: pd.DataFrame, settings=None) -> list[str]:
    """Columns a person may split attendees by (:func:`toolkit.compare.segment_columns`)."""
    from toolkit.compare import segment_columns as eligible

    return eligible(table, settings=settings)


@st.cache_data(show_spinner=False, max_entries=8)
def segment_choices(folder: str, fingerprint: tuple) -> list[str]:
    """:func:`segment_columns` of the open folder, once per folder: it tries the covariates (0.1-0.3 s at 10k
    attendees), and every page asks for it on every rerun."""
    return segment_columns(outcome_table(folder, fingerprint), event_data(folder, fingerprint).settings)


@st.cache_resource(show_spinner=False, max_entries=64)
def figure(kind: str, key: tuple, _build):
    """The chart ``kind`` for ``key``, built by ``_build()`` once per server and shared (a resource).

    ``key`` must hold everything the chart is drawn from (folder, fingerprint and choices): a rerun
    that changes something else (another event in the Overview's figures) then reuses the chart
    instead of building a plotly figure again (0.1-0.5 s each at 10k attendees on a busy machine).
    Pages must not change the figure returned (``show.chart`` prepares it once).
    """
    return _build()


@st.cache_data(show_spinner=False, max_entries=8)
def board_report(folder: str, fingerprint: tuple, outcome: str, by: str,
                 event: str | None) -> tuple[bytes, bytes, str | None]:
    """The board report as (HTML bytes, PDF bytes, why its charts were left out or None); the HTML is the report
    helper's preview, shown in the page as it is. A report without its charts is written all the same (the
    chart engine failed: :func:`toolkit.report.export.render_html`); the page says so and does not keep it."""
    from toolkit.report import build_report, preview_html

    report = build_report(event_data(folder, fingerprint), outcome=outcome, by=by, event=event, random_state=0)
    html = preview_html(report).encode("utf-8")
    problem = report.chart_problem
    with tempfile.TemporaryDirectory() as tmp:
        pdf = report.to_pdf(Path(tmp) / "report.pdf").read_bytes()
    return html, pdf, problem or report.chart_problem



def show_failure(where: str, exc: BaseException) -> None:
    """A plain sentence and a reference for people; the failure's detail in the server log, redacted."""
    reference = hosting.log_failure(where, exc)
    st.error("Something went wrong here, so it cannot be shown. Try another page or another folder; if it "
             f"keeps happening, tell whoever runs the dashboard the reference **{reference}** (the details "
             "are in the server log).")


def inside_root(folder: Path) -> str | None:
    """``folder``'s path inside the data root ("" for the root itself), None when it lies elsewhere."""
    root, resolved = data_root().resolve(), Path(folder).resolve()
    if not hosting.is_inside(resolved, root):
        return None
    return "" if resolved == root else str(resolved.relative_to(root))


# ----------------------------------------------------------------------------- names, behind the password, on request
SIGNED_IN_KEY = "signed_in"
def names_allowed() -> bool:
    """True when names may be offered: the dashboard has a password and this session has entered it."""
    try:
        password = hosting.configured_password(st.get_option("secrets.files"))
    except hosting.HostingError:
        return False
    return bool(password) and bool(st.session_state.get(SIGNED_IN_KEY))


def checked_upload(upload) -> bytes | None:
    """The bytes of a single uploaded file after a first read in a capped child process; None (with a message) if refused.

    The file is kept in this session's private folder (removed with the
    session); the verdict is remembered per content, so a rerun does not read it again.
    """
    data = upload.getvalue()
    digest = hashlib.sha256(data).hexdigest()[:16]
    verdicts = st.session_state.setdefault("upload_verdicts", {})
    if digest not in verdicts:
        path = hosting.write_private(upload_dir() / f"{digest}-{Path(upload.name).name}", data)
        with st.spinner("Checking the upload…"):
            verdicts[digest] = hosting.check_upload_in_child(path, kind="registrations")
    if verdicts[digest]:
        st.error(verdicts[digest])
        return None
    return data
