"""A corpus of planted personal data and a scanner that finds any of it in an output: for every output surface.

Public test helper (not a test module): the privacy tests run the corpus
through the library and the CLI, and the dashboard tests can run it through
the dashboard's pages and downloads with the same scanner.

- :func:`write_corpus_folder` writes one event folder whose every table and text
  column holds planted personal data: ids of every shape (email, ``Name <email>``,
  ``tel:`` number, a plain name, a member number), columns named for people
  (names, emails, phones, LinkedIn, IP and postal addresses, birth dates, job
  title and company, order and ticket numbers, dietary needs, free text), a
  column map ``"Full Name" = "team"``, a column of names under an innocent
  name, and free text with names, phones, IPv4/IPv6 and street addresses.
- :func:`write_survey_export` writes a Google-Forms-like survey export with the
  same kinds of data, for the importers.
- :data:`PLANTED` lists every planted value; :func:`leaks` returns the planted
  fragments found in a text, :func:`leaks_in_path` in a file or folder (CSV,
  Parquet, JSON, HTML, PDF via ``pdftotext``, zip members, anything else as text).

Every planted value is distinctive (no word of ordinary text contains it), and
names are matched without case, since some columns are lower-cased.

Example
-------
>>> leaks("nothing personal here"), leaks("ring Quintessa Marlowe-Vance")
([], ['Quintessa', 'Marlowe'])
"""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pandas as pd

# --------------------------------------------------------------------------- the planted values

PEOPLE = [  # (first, last, email, phone, member number)
    ("Quintessa", "Marlowe-Vance", "quintessa.marlowe@corpus-mail.example", "+44 7700 900461", "MBR-770041"),
    ("Thaddeus", "Okonkwo-Birch", "t.okonkwo@corpus-mail.example", "+1 202 555 0187", "MBR-770042"),
    ("Philippa", "Zerwinski", "philippa.z@corpus-mail.example", "+49 30 901820 77", "MBR-770043"),
    ("Benedikt", "Halvorsrud", "benedikt@halvorsrud-corpus.example", "0033 1 70 36 39 50", "MBR-770044"),
    ("Ottoline", "Fairweather", "ottoline.f@corpus-mail.example", "(020) 7946 0321", "MBR-770045"),
    ("Ignatius", "Pemberton-Quayle", "ig.pq@corpus-mail.example", "+61 2 9374 4455", "MBR-770046"),
]
IPV4 = ["198.51.100.23", "203.0.113.77"]
IPV6 = ["2001:db8:4f1e::91", "2001:0db8:85a3:0000:0000:8a2e:0370:7334"]
ADDRESSES = ["221 Quillfeather Street", "14 Marrowby Lane", "SW1A 2AA"]
ORDERS = ["ORD-55810293", "TKT-99017734"]
BIRTH_DATES = ["1979-07-14", "14/07/1979"]
PROFILES = ["linkedin.com/in/quintessa-marlowe", "https://twitter.com/thaddeus_ob"]
JOBS = ["Chief Widget Officer", "Zerwinski Holdings GmbH"]
DIETS = ["coeliac and nut allergy", "halal, no shellfish"]

#: Every planted fragment that must never reach an output (case-insensitive).
PLANTED: tuple[str, ...] = tuple(
    [first for first, *_ in PEOPLE] + [last.split("-")[0] for _, last, *_ in PEOPLE]
    + [email for *_, email, _, _ in PEOPLE] + [email.split("@")[0] for *_, email, _, _ in PEOPLE]
    + [re.sub(r"\D", "", phone)[-10:-2] for *_, phone, _ in PEOPLE]  # also in the tel: ids, whose ends differ
    + [member for *_, member in PEOPLE]
    + IPV4 + IPV6 + ["8a2e:0370:7334", "4f1e::91"] + ADDRESSES + ["Quillfeather", "Marrowby"] + ORDERS
    + ["55810293", "99017734"] + BIRTH_DATES + PROFILES + ["thaddeus_ob"] + JOBS + ["Widget Officer"] + DIETS
)
_DIGIT_FRAGMENT = re.compile(r"^\d+$")


def _name(k: int) -> str:
    first, last, *_ = PEOPLE[k % len(PEOPLE)]
    return f"{first} {last}"


def leaks(text: str) -> list[str]:
    """The planted fragments found in ``text`` (names and words without case; phone digits also without separators).

    Example
    -------
    >>> leaks("call +44 7700 900461 or 198.51.100.23")
    ['77009004', '198.51.100.23']
    """
    lowered = text.lower()
    digits = re.sub(r"[\s\-().]", "", text)
    found = []
    for fragment in PLANTED:
        if _DIGIT_FRAGMENT.match(fragment):
            if fragment in digits:
                found.append(fragment)
        elif fragment.lower() in lowered:
            found.append(fragment)
    return found


def text_of(path: Path) -> str:
    """A file's content as text: tables as CSV, a PDF's text (``pdftotext``), zip members joined, else decoded."""
    suffix = path.suffix.lower()
    if suffix in (".parquet", ".pq"):
        return pd.read_parquet(path).to_csv(index=False) + " ".join(map(str, pd.read_parquet(path).columns))
    if suffix == ".pdf":
        if shutil.which("pdftotext") is None:
            raise RuntimeError("pdftotext (poppler-utils) is needed to read the PDF report")
        return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True,
                              text=True).stdout
    if suffix == ".zip":
        with zipfile.ZipFile(path) as archive:
            return "\n".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist())
    if suffix == ".xlsx":
        return "\n".join(frame.to_csv(index=False) for frame in pd.read_excel(path, sheet_name=None).values())
    return path.read_bytes().decode("utf-8", "replace")


def leaks_in_path(path: str | Path, *, skip: tuple[str, ...] = ()) -> dict[str, list[str]]:
    """Planted fragments found in a file, or in every file under a folder (file -> fragments); ``skip`` names files.

    Example
    -------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "ok.csv").write_text("attendee_id\\np_0123456789abcdef\\n")
    >>> leaks_in_path(folder)
    {}
    """
    path = Path(path)
    files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
    found = {}
    for file in files:
        if file.name in skip:
            continue
        hits = leaks(text_of(file))
        if hits:
            found[str(file)] = hits
    return found


def leaks_in_json(document: object) -> list[str]:
    """Planted fragments in a JSON-able document (``--json`` output, a dashboard payload)."""
    return leaks(json.dumps(document, ensure_ascii=False, default=str))


# --------------------------------------------------------------------------- the corpus folder

N_PEOPLE = 48


def _ids() -> list[str]:
    """Attendee ids of every shape: email, Name <email>, tel: number, plain name, member number, plain code."""
    ids = []
    for k in range(N_PEOPLE):
        first, last, email, phone, member = PEOPLE[k % len(PEOPLE)]
        email = email.replace("@", f"+{k}@")
        shape = k % 6
        ids.append([email, f"{first} {last} <{email}>", f"tel:{phone[:-2]}{k:02d}", f"{first} {last} {k}",
                    f"{member}-{k}", f"A{k:03d}"][shape])
    return ids


def write_corpus_folder(folder: str | Path) -> Path:
    """Write the planted-personal-data event folder (one event, ``CORPUS``); return it.

    The folder is valid (``netout validate`` passes, outcomes and the report can
    be made): two sessions of each format, contacts with interest, survey
    answers, follow-ups and known ties, every one of them carrying planted data.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    ids = _ids()
    n = len(ids)
    k = range(n)
    industries = ["law", "retail", "tech", "health"]
    attendees = pd.DataFrame({
        "event_id": "CORPUS",
        "attendee_id": ids,
        "industry": [industries[i % 4] if i % 11 else f"law (ask {PEOPLE[i % 6][2]})" for i in k],
        "company_size": ["10-49" if i % 13 else f"call {PEOPLE[i % 6][3]}" for i in k],
        "first_time": ["yes" if i % 2 else "no" for i in k],
        "networking_style": ["reserved" if i % 2 else "self-directed" for i in k],
        "Full Name": [_name(i) for i in k],  # mapped to "team" in netout.toml: must not carry names through
        "Badge Name": [PEOPLE[i % 6][0] for i in k],
        "buddy": [_name(i + 1) for i in k],  # names under an innocent column name: caught by content
        "E-mail": [PEOPLE[i % 6][2] for i in k],
        "Mobile": [PEOPLE[i % 6][3] for i in k],
        "LinkedIn": [PROFILES[i % 2] for i in k],
        "IP Address": [IPV4[i % 2] if i % 2 else IPV6[i % 2] for i in k],
        "Postal address": [ADDRESSES[i % 3] for i in k],
        "Date of birth": [BIRTH_DATES[i % 2] for i in k],
        "Job Title": [JOBS[0] for _ in k],
        "Company": [JOBS[1] for _ in k],
        "Order #": [ORDERS[0] for _ in k],
        "Ticket number": [ORDERS[1] for _ in k],
        "Dietary requirements": [DIETS[i % 2] for i in k],
        "Notes": [f"Met {_name(i + 2)} at {ADDRESSES[i % 3]}; ring {PEOPLE[i % 6][3]} or ssh {IPV6[0]}" for i in k],
        "favourite_colour": [["teal", "ochre", "plum"][i % 3] for i in k],  # harmless: kept
    })
    structured = [i % 2 == 0 for i in k]
    sessions = pd.DataFrame({
        "event_id": "CORPUS",
        "session_id": ["S-tables", "S-mingle", f"host {PEOPLE[0][2]}", f"tel:{PEOPLE[1][3]}"],
        "format": ["structured", "unstructured", "structured", "unstructured"],
        "grouping": ["industry", f"{PEOPLE[2][2]}", "industry", f"ip {IPV4[0]}"],
        "start": "2026-05-14T18:00:00+01:00", "end": "2026-05-14T19:30:00+01:00",
    })
    session_of = [sessions["session_id"][(0 if structured[i] else 1) + 2 * (i % 4 >= 2)] for i in k]
    participation = pd.DataFrame({
        "event_id": "CORPUS", "session_id": session_of, "attendee_id": ids,
        "group_id": [(f"G{i % 3} lead {PEOPLE[i % 6][2]}" if structured[i] else None) for i in k],
    })
    rows = []
    for i in k:
        for step in (1, 3, 7):
            j = (i + step) % n
            rows.append({"event_id": "CORPUS", "attendee_id": ids[i], "contact_id": ids[j],
                         "timestamp": f"2026-05-14T18:{10 + step:02d}:00+01:00",
                         "channel": "badge_scan" if (i + step) % 5 else f"app {PEOPLE[i % 6][3]}",
                         "session_id": session_of[i], "interest": "yes" if step == 1 else "no",
                         "scanner note": f"{_name(j)} from {JOBS[1]}, {IPV4[1]}"})
    contacts = pd.DataFrame(rows)
    survey = pd.DataFrame({
        "event_id": "CORPUS", "attendee_id": ids[: n - 6],
        "satisfaction": [str(1 + i % 5) for i in range(n - 6)],
        "met_helpful": ["yes" if i % 3 else "no" for i in range(n - 6)],
        "would_return": ["yes"] * (n - 6), "nps": [str(i % 11) for i in range(n - 6)],
        "What is your email?": [PEOPLE[i % 6][2] for i in range(n - 6)],
        "Anything else?": [f"Thanks {_name(i)}! Text me on {PEOPLE[i % 6][3]}, from {IPV4[0]} / {IPV6[1]}, "
                           f"or visit {ADDRESSES[0]}, {ADDRESSES[2]}." for i in range(n - 6)],
        "Who helped you most?": [_name(i + 3) for i in range(n - 6)],
    })
    followups = pd.DataFrame({
        "attendee_id": ids[:6], "contact_id": [ids[(i + 1) % n] for i in range(6)],
        "timestamp": "2026-05-16T09:00:00+01:00", "kind": "email", "event_id": "CORPUS",
        "subject": [f"Lovely meeting you, {_name(i + 1)} - {PEOPLE[i][3]}" for i in range(6)],
    })
    known_ties = pd.DataFrame({"attendee_id": ids[:4], "contact_id": [ids[i + 10] for i in range(4)],
                               "event_id": "CORPUS"})
    for name, frame in (("attendees", attendees), ("sessions", sessions), ("participation", participation),
                        ("contacts", contacts), ("survey", survey), ("followups", followups),
                        ("known_ties", known_ties)):
        frame.to_csv(folder / f"{name}.csv", index=False)
    (folder / "netout.toml").write_text('[columns.attendees]\n"Full Name" = "team"\n', encoding="utf-8")
    return folder


def write_survey_export(path: str | Path) -> Path:
    """A Google-Forms-like survey export with planted data in every column (for ``netout import survey``)."""
    path = Path(path)
    ids = _ids()[:12]
    frame = pd.DataFrame({
        "Timestamp": [f"2026/05/15 9:{10 + i:02d}:00 AM GMT+1" for i in range(12)],
        "Email Address": [PEOPLE[i % 6][2] for i in range(12)],
        "Member": ids,
        "Your name": [_name(i) for i in range(12)],
        "How satisfied were you?": [str(1 + i % 5) for i in range(12)],
        "Anything else?": [f"Please call {_name(i)} on {PEOPLE[i % 6][3]} ({IPV4[1]}, {IPV6[0]}) at "
                           f"{ADDRESSES[1]}" for i in range(12)],
    })
    frame.to_csv(path, index=False)
    return path


def write_survey_map(path: str | Path) -> Path:
    """The column map for :func:`write_survey_export`."""
    path = Path(path)
    path.write_text('[columns.survey]\n"Member" = "attendee_id"\n"How satisfied were you?" = "satisfaction"\n'
                    '"Anything else?" = "comment"\n', encoding="utf-8")
    return path


def registrations_bytes() -> bytes:
    """A registration list with names and emails (for ``netout plan`` and the names of ``--with-names``)."""
    ids = _ids()
    frame = pd.DataFrame({"attendee_id": ids, "Full Name": [_name(i) for i in range(len(ids))],
                          "Email": [PEOPLE[i % 6][2] for i in range(len(ids))],
                          "industry": ["law", "tech", "retail"] * (len(ids) // 3),
                          "networking_style": ["reserved", "self-directed"] * (len(ids) // 2)})
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False)
    return buffer.getvalue().encode("utf-8")
