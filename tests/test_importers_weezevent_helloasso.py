"""French ticketing exports a chamber of commerce has: Weezevent's participant list and HelloAsso's.

A newcomer (a CCI's events officer) needed a map for each: "Validé" was an unknown status, the
"Présent / Scanné" column was not read as the check-in (a no-show was kept), the barcode was dropped
as "a value of its own for almost everyone" so badge scans never matched, and HelloAsso's workbook was
not recognised at all. These are the tools' own headers, written as they export them.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from toolkit.io.importers import import_export

from test_importers_untidy import _xlsx

WEEZEVENT_HEADER = ["Nom", "Prénom", "E-mail", "Téléphone", "Société", "Secteur d'activité", "Effectif", "Tarif",
                    "N° de commande", "Date d'achat", "Statut", "Présent / Scanné", "Code-barre",
                    "Régime alimentaire", "Commentaire"]
PEOPLE = [("LEFÈVRE", "Éloïse", "Numérique"), ("Dubois", "Hélène", "Industrie / BTP"), ("N'Diaye", "Awa", "Numérique"),
          ("Martin", "Jean-Luc", "Commerce"), ("Bernard", "Chloé", "Numérique"), ("Petit", "Lucas", "Commerce"),
          ("Durand", "Léa", "Industrie / BTP")]


def _weezevent_rows(present: list[str], statuses: list[str]) -> list[list[str]]:
    return [[last, first, f"{first.lower()}.{k}@exemple.fr", f"06 91 24 13 {k:02d}", f"{last} SARL", sector,
             "10-49", "Adhérent CCI - 15,00 €", f"4821{k}", f"05/01/2026 11:4{k}", status, here, f"700010{k}",
             "Végétarien" if k == 2 else "", "Je viens avec ma collègue Mme Petit" if k == 1 else ""]
            for k, ((last, first, sector), here, status) in enumerate(zip(PEOPLE, present, statuses))]


def _weezevent_csv(path: Path) -> Path:
    present = ["Oui", "Oui", "Oui", "Non", "Oui", "Oui", "Oui"]
    statuses = ["Validé", "Validé", "Validé", "Validé", "Validé", "Annulé", "Validé"]
    lines = ["Export participants - Petit-déjeuner networking CCI #1 - 15/01/2026", "",
             ";".join(WEEZEVENT_HEADER) + ";"]
    lines += [";".join(row) + ";" for row in _weezevent_rows(present, statuses)]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
    return path


def test_a_weezevent_participant_list_imports_without_a_map(tmp_path):
    folder = tmp_path / "pdj1"
    import_export("registrations", [_weezevent_csv(tmp_path / "participants.csv")], out=folder)
    attendees = pd.read_csv(folder / "attendees.csv", dtype=str)
    # five came: Jean-Luc was "Non" at the door, Lucas cancelled
    assert len(attendees) == 5
    report = pd.read_csv(folder / "import_report.csv", dtype=str)
    tickets = report.loc[report["reason"].str.startswith("tickets:", na=False), "reason"].iloc[0]
    assert "5 checked in" in tickets and "1 no show" in tickets and "1 cancelled" in tickets, tickets
    assert "présent_/_scanné" not in attendees.columns and "code-barre" not in attendees.columns
    # the barcode is a key of each person (badge scans give it), never copied
    keys = pd.read_csv(folder / "import_keys.csv", dtype=str)
    assert "ticket" in set(keys["kind"])
    written = "".join(p.read_text(encoding="utf-8") for p in folder.glob("*.csv"))
    for planted in ("7000100", "Végétarien", "collègue", "06 91 24", "exemple.fr", "LEFÈVRE", "Éloïse"):
        assert planted not in written
    assert set(attendees["industry"]) == {"Numérique", "Industrie / BTP"}


HELLOASSO_HEADER = ["Référence commande", "Date de la commande", "Statut de la commande", "Nom participant",
                    "Prénom participant", "Nom payeur", "Prénom payeur", "Email payeur", "Raison sociale",
                    "Moyen de paiement", "Billet", "Numéro de billet", "Montant du tarif", "Code Promo",
                    "Montant du code promo", "Secteur d'activité", "Effectif", "Téléphone"]


def test_a_helloasso_workbook_imports_without_a_map(tmp_path):
    rows = []
    for k, (last, first, sector) in enumerate(PEOPLE[:6]):
        # the last two are a colleague's order: one payer for both tickets
        payer = PEOPLE[4] if k == 5 else (last, first, sector)
        rows.append([91000 + min(k, 4), f"0{k + 1}/03/2026 15:2{k}", "Annulé" if k == 3 else "Validé", last, first,
                     payer[0], payer[1], f"{payer[1].lower()}.{PEOPLE.index(payer)}@exemple.fr", f"{payer[0]} SAS",
                     "Carte bancaire", "Adhérent" if k % 2 else "Non adhérent", 7000100 + k, 15 if k % 2 else 25,
                     None, 0, sector, "1-9", f"06 91 24 13 4{k}"])
    export = _xlsx(tmp_path / "export-helloasso.xlsx", HELLOASSO_HEADER, rows)
    folder = tmp_path / "pdj3"
    import_export("registrations", [export], out=folder)
    attendees = pd.read_csv(folder / "attendees.csv", dtype=str)
    assert len(attendees) == 5 and attendees["attendee_id"].is_unique
    assert set(attendees["ticket_type"]) == {"Adhérent", "Non adhérent"}
    assert not {"montant_du_tarif", "moyen_de_paiement", "raison_sociale", "statut_de_la_commande"} \
        & set(attendees.columns)
    written = "".join(p.read_text(encoding="utf-8") for p in folder.glob("*.csv"))
    for planted in ("Carte bancaire", "exemple.fr", "SAS", "06 91 24", "91000", "7000101"):
        assert planted not in written


def test_weezevent_badge_scans_match_the_barcodes_of_the_participant_list(tmp_path):
    folder = tmp_path / "pdj2"
    import_export("registrations", [_weezevent_csv(tmp_path / "participants.csv")], out=folder)
    scans = tmp_path / "scans.csv"
    lines = ["Scanné par (badge);Badge scanné;Date du scan;Évaluation;Notes",
             "7000100;7000101;15/01/2026 08:40:28;chaud;", "7000102;7000104;15/01/2026 08:35:08;froid;",
             "7000100;7000102;15/01/2026 08:50:00;;rappeler Mme Dubois"]
    scans.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
    result = import_export("scans", [scans], out=folder)
    assert len(result.tables["contacts"]) == 3
    assert not (result.report["what"] == "row_skipped").any()
    assert "rappeler" not in (folder / "contacts.csv").read_text(encoding="utf-8")
