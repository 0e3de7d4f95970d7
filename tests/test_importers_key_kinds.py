"""A respondent's or a badge's id finds only the registrations' keys of its own kind.

A member number that is also someone's order number must not put that member's survey answer (or scan) on the
person whose order has that number. Exports written here with invented people.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from toolkit.io.importers import import_export
from toolkit.io.importers._common import find_people, read_keys
from toolkit.privacy import pseudonymise

SECRET = "test-key-kinds"


def _registrations(folder: Path) -> Path:
    # order numbers 1001/1002 are also other people's member numbers; semicolons, BOM, an extra column
    text = ("\ufeffOrder #;Ticket #;Member number;First Name;Last Name;Email;Attendee Status;Industry;Notes\n"
            "1001;T1;5001;Quillon;Varrowmere;quillon@x.example;Checked In;law;\n"
            "1002;T2;1001;Brisca;Tollenhaugh;brisca@x.example;Checked In;tech;\n"
            "\n"
            "1003;T3;1002;Corvane;Ellisthorpe;corvane@x.example;Checked In;law;vip\n")
    path = folder / "regs.csv"
    path.write_text(text, encoding="utf-8")
    return path


def _imported(tmp_path, monkeypatch) -> tuple[Path, pd.DataFrame]:
    out = tmp_path / "E1"
    import_export("registrations", [_registrations(tmp_path)], out=out, event_id="E1", secret=SECRET)
    return out, pd.read_csv(out / "attendees.csv", dtype=str)


def test_a_member_number_equal_to_an_order_number_answers_as_that_member(tmp_path, monkeypatch):
    out, attendees = _imported(tmp_path, monkeypatch)
    by_industry = attendees.set_index(attendees.index)["attendee_id"].tolist()
    (tmp_path / "survey.csv").write_text("Timestamp,How satisfied were you?,Member number\n"
                                         "2026/03/12 10:00:00,1,1001\n2026/03/12 10:05:00,5,1002\n"
                                         "2026/03/12 10:06:00,3,5001\n", encoding="utf-8")
    (tmp_path / "map.toml").write_text('[columns.survey]\n"Member number" = "attendee_id"\n'
                                       '"How satisfied were you?" = "satisfaction"\n', encoding="utf-8")
    import_export("survey", [tmp_path / "survey.csv"], out=out, event_id="E1", column_map=tmp_path / "map.toml",
                  secret=SECRET)
    survey = pd.read_csv(out / "survey.csv", dtype=str).set_index("attendee_id")["satisfaction"].astype(float)
    # member 5001 is the first registrant, 1001 the second, 1002 the third: each answer on its own person
    assert survey.to_dict() == {by_industry[0]: 3.0, by_industry[1]: 1.0, by_industry[2]: 5.0}


def test_an_email_finds_only_an_email_key_and_a_badge_only_a_ticket(tmp_path, monkeypatch):
    out, attendees = _imported(tmp_path, monkeypatch)
    keys = read_keys(out)
    ids = attendees["attendee_id"].tolist()
    # "1001" scanned from a badge: the second registrant's member number (their id), not the first's order
    found = find_people(pd.Series(["T3", "1001", "brisca@x.example"], dtype="string"), keys, SECRET, "badge")
    # (kept as scanned: the loader pseudonymises it into that registrant's id)
    assert pseudonymise(found[:2], secret=SECRET, all_values=True).tolist() == [ids[2], ids[1]]
    assert find_people(pd.Series(["brisca@x.example"], dtype="string"), keys, SECRET, "email").tolist() == [ids[1]]
    # a ticket number in an email column ([scans.same_person] may put a guest's ticket there) is a badge number:
    # it finds its ticket's holder, never someone by name
    assert find_people(pd.Series(["T1"], dtype="string"), keys, SECRET, "email").tolist() == [ids[0]]
