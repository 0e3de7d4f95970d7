"""Writes the broken-folder fixtures: one small event folder per problem.

Each folder is the valid base event (``_base``) with exactly one thing wrong.
``tests/test_dataset.py`` lists, for each folder, the file, spreadsheet row and
column that the report must name. Run ``python tests/broken/make_broken.py``
to rewrite them after changing the base; the folders are committed.
"""

from __future__ import annotations

import copy
import csv
import io
import shutil
from pathlib import Path

HERE = Path(__file__).resolve().parent

BASE: dict[str, list[list[str]]] = {
    "attendees": [
        ["event_id", "attendee_id", "industry", "company_size", "first_time", "networking_style"],
        ["e1", "A1", "retail", "10-49", "yes", "reserved"],
        ["e1", "A2", "finance", "1-9", "no", "self-directed"],
        ["e1", "A3", "retail", "50-249", "yes", "reserved"],
        ["e1", "A4", "tech", "10-49", "no", "self-directed"],
        ["e1", "A5", "tech", "1-9", "yes", "reserved"],
        ["e1", "A6", "finance", "250+", "no", "self-directed"],
    ],
    "sessions": [
        ["event_id", "session_id", "format", "assignment", "grouping", "start", "end"],
        ["e1", "S1", "structured", "randomized", "industry", "2024-05-01T18:00:00+02:00", "2024-05-01T19:00:00+02:00"],
        ["e1", "S2", "unstructured", "randomized", "", "2024-05-01T18:00:00+02:00", "2024-05-01T19:00:00+02:00"],
    ],
    "participation": [
        ["event_id", "session_id", "attendee_id", "group_id"],
        ["e1", "S1", "A1", "G1"],
        ["e1", "S1", "A2", "G1"],
        ["e1", "S1", "A3", "G2"],
        ["e1", "S2", "A4", ""],
        ["e1", "S2", "A5", ""],
        ["e1", "S2", "A6", ""],
    ],
    "survey": [
        ["event_id", "attendee_id", "satisfaction", "met_helpful", "would_return", "nps", "style_1", "style_2"],
        ["e1", "A1", "4", "yes", "yes", "8", "Disagree", "Agree"],
        ["e1", "A2", "5", "Y", "TRUE", "9", "Strongly agree", "disagree"],
        ["e1", "A3", "3", "no", "yes", "6", "neutral", "AGREE"],
        ["e1", "A4", "4", "1", "0", "7", "agree", "Strongly Disagree"],
        ["e1", "A6", "2", "no", "no", "3", "4", "2"],
    ],
    "contacts": [
        ["event_id", "attendee_id", "contact_id", "timestamp", "channel", "session_id", "duration_s", "interest"],
        ["e1", "A1", "A2", "2024-05-01T18:10:00+02:00", "badge_scan", "S1", "", "yes"],
        ["e1", "A1", "A3", "2024-05-01T18:20:00+02:00", "badge_scan", "S1", "", "no"],
        ["e1", "A4", "A5", "2024-05-01T18:15:00+02:00", "app", "S2", "", ""],
        ["e1", "A5", "A6", "2024-05-01T18:25:00+02:00", "app", "S2", "", ""],
        ["e1", "A2", "A6", "2024-05-01T19:30:00+02:00", "card", "", "", ""],
        ["e1", "A3", "A4", "2024-05-01T16:45:00Z", "proximity", "", "120", ""],
    ],
    "followups": [
        ["attendee_id", "contact_id", "timestamp", "kind", "event_id"],
        ["A1", "A2", "2024-05-03T09:00:00Z", "email", "e1"],
        ["A4", "A5", "2024-05-02T10:00:00Z", "meeting", "e1"],
        ["A6", "A2", "2024-05-06T10:00:00+01:00", "call", ""],
    ],
    "known_ties": [
        ["attendee_id", "contact_id", "event_id"],
        ["A1", "A3", "e1"],
    ],
}

BASE_TOML = """\
[style_scale]
items = ["style_1", "style_2"]
reversed = ["style_2"]
min = 1
max = 5
"""


def _csv_text(rows: list[list[str]], delimiter: str = ",") -> str:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\n").writerows(rows)
    return buffer.getvalue()


def write_folder(folder: Path, tables: dict[str, list[list[str]]], *, toml: str | None = BASE_TOML,
                 encodings: dict[str, str] | None = None, delimiters: dict[str, str] | None = None,
                 raw: dict[str, bytes] | None = None, xlsx: tuple[str, ...] = ()) -> None:
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for name, rows in tables.items():
        if name in xlsx:
            import pandas as pd

            pd.DataFrame(rows[1:], columns=rows[0]).to_excel(folder / f"{name}.xlsx", index=False)
            continue
        text = _csv_text(rows, (delimiters or {}).get(name, ","))
        encoding = (encodings or {}).get(name, "utf-8")
        (folder / f"{name}.csv").write_bytes(text.encode(encoding))
    for name, content in (raw or {}).items():
        (folder / name).write_bytes(content)
    if toml is not None:
        (folder / "netout.toml").write_text(toml, encoding="utf-8")


def variant(**changes) -> dict[str, list[list[str]]]:
    tables = copy.deepcopy(BASE)
    for name, change in changes.items():
        if change is None:
            del tables[name]
        else:
            change(tables[name])
    return tables


def set_cell(row: int, column: str, value: str):
    """Change one cell; ``row`` is the spreadsheet row (header = 1)."""
    def change(rows):
        rows[row - 1][rows[0].index(column)] = value
    return change


def add_row(*values: str):
    def change(rows):
        rows.append(list(values))
    return change


def main() -> None:
    write_folder(HERE / "_base", BASE)
    cases: dict[str, dict] = {
        "contact_unknown_attendee": dict(tables=variant(contacts=set_cell(7, "contact_id", "A99"))),
        "contact_unknown_session": dict(tables=variant(contacts=set_cell(3, "session_id", "S9"))),
        "participation_unknown_attendee": dict(tables=variant(participation=set_cell(5, "attendee_id", "A77"))),
        "participation_unknown_session": dict(tables=variant(participation=set_cell(3, "session_id", "S7"))),
        "duplicate_attendee": dict(tables=variant(attendees=add_row("e1", "A2", "tech", "1-9", "no", ""))),
        "duplicate_session": dict(tables=variant(sessions=add_row("e1", "S1", "unstructured", "", "", "", ""))),
        "self_contact": dict(tables=variant(contacts=set_cell(5, "contact_id", "A5"))),
        "unknown_format": dict(tables=variant(sessions=set_cell(2, "format", "hybrid"))),
        "unknown_assignment": dict(tables=variant(sessions=set_cell(3, "assignment", "by the door"))),
        "bad_contact_timestamp": dict(tables=variant(contacts=set_cell(4, "timestamp", "yesterday evening"))),
        "bad_session_time": dict(tables=variant(sessions=set_cell(3, "start", "18h00"))),
        "end_before_start": dict(tables=variant(sessions=set_cell(2, "end", "2024-05-01T17:00:00+02:00"))),
        "followup_before_exchange": dict(tables=variant(followups=set_cell(3, "timestamp", "2024-04-30T10:00:00Z"))),
        "followup_never_met": dict(tables=variant(followups=add_row("A1", "A6", "2024-05-04T10:00:00Z", "email", ""))),
        "followup_unknown_kind": dict(tables=variant(followups=set_cell(2, "kind", "carrier pigeon"))),
        "mixed_formats_unattributable": dict(tables=variant(
            sessions=lambda rows: [r.__setitem__(slice(5, 7), ["", ""]) for r in rows[1:]],
            contacts=lambda rows: [r.__setitem__(5, "") for r in rows[1:]],
            participation=add_row("e1", "S2", "A1", ""))),
        "missing_required_column": dict(tables=variant(attendees=set_cell(1, "attendee_id", "person"))),
        "missing_required_table": dict(tables=variant(participation=None)),
        "likert_unknown_label": dict(tables=variant(survey=set_cell(3, "style_1", "kinda"))),
        "nps_out_of_range": dict(tables=variant(survey=set_cell(4, "nps", "11"))),
        "bad_yes_no": dict(tables=variant(survey=set_cell(2, "met_helpful", "maybe"))),
        "survey_unknown_attendee": dict(tables=variant(survey=set_cell(3, "attendee_id", "A42"))),
        "contact_missing_id": dict(tables=variant(contacts=set_cell(3, "contact_id", ""))),
        "negative_duration": dict(tables=variant(contacts=set_cell(7, "duration_s", "-5"))),
        "duplicate_columns": dict(tables=variant(attendees=lambda rows: (
            [r.append(r[0]) for r in rows], rows[0].__setitem__(-1, " Event ID ")))),
        # spreadsheet exports in other encodings and layouts, each with one problem in it
        "utf16_duplicate_attendee": dict(tables=variant(attendees=add_row("e1", "A3", "retail", "", "", "")),
                                         encodings={"attendees": "utf-16"}, delimiters={"attendees": "\t"}),
        "latin1_bad_yes_no": dict(tables=variant(attendees=lambda rows: (
            rows[2].__setitem__(2, "agroalimentaire é"), rows[4].__setitem__(4, "peut-être"))),
            encodings={"attendees": "cp1252"}, delimiters={"attendees": ";"}),
        "semicolon_nps_decimal_comma": dict(tables=variant(survey=set_cell(5, "nps", "12,5")),
                                            delimiters={"survey": ";"}),
        "quoted_newline_unknown_attendee": dict(tables=variant(contacts=lambda rows: (
            [r.append("note") if i == 0 else r.append("") for i, r in enumerate(rows)],
            rows[2].__setitem__(-1, "met at the bar,\nthen again\nat dinner"),
            rows[6].__setitem__(2, "A98")))),
        "xlsx_duplicate_attendee": dict(tables=variant(attendees=add_row("e1", "A5", "tech", "", "", "")),
                                        xlsx=("attendees",)),
        "binary_file": dict(tables=variant(attendees=None),
                            raw={"attendees.csv": bytes(range(256)) * 4}),
        "style_item_missing": dict(tables=BASE, toml=BASE_TOML.replace('"style_2"]\nreversed', '"style_9"]\nreversed')
                                   .replace('reversed = ["style_2"]', 'reversed = []')),
    }
    for name, case in cases.items():
        write_folder(HERE / name, case.pop("tables"), **case)
    # two event subfolders (no event_id columns): the problem is in the second one
    folder = HERE / "subfolder_unknown_attendee"
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir()
    (folder / "netout.toml").write_text(BASE_TOML, encoding="utf-8")
    for event, change in (("e1", {}), ("e2", {"contacts": set_cell(3, "attendee_id", "A55")})):
        tables = variant(**change)
        for name, rows in tables.items():
            if rows[0][0] == "event_id":
                rows = [r[1:] for r in rows]
            elif rows[0][-1] == "event_id":
                rows = [r[:-1] for r in rows]
            tables[name] = rows
        write_folder(folder / event, tables, toml=None)


if __name__ == "__main__":
    main()
