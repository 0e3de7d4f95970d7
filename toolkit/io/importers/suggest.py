"""A suggested map for a survey export nobody has mapped yet: every column, with a guess to check.

``netout import survey FILE --suggest-map`` reads the export's layout and
writes a ``netout.toml``-style map with one line per column: a guess for the
id (an email, member number or badge column), the canonical answers
(``satisfaction``, ``met_helpful``, ``would_return``, ``nps``) and the
networking-style items (statements about starting conversations, being
introduced, working a room ...), with the reserved-sounding ones guessed as
``reversed``; personal columns and columns without a guess are written as
comments. The guesses are by the question's whole words only (``meet`` is
not in "meeting", ``member`` not in "remember"), after numbering such as
``Q3.`` and brackets such as ``[1-5]``: a question that asks for a count ("How
many people did you meet?") gets no yes/no or scale field, ``first_time``
needs wording such as "first event" or "first time attending", and "Would you
come to another event?" is ``would_return``. German, French, Dutch and Spanish
questions get the guesses of their English equivalents ("Wie zufrieden waren Sie
...?", "Branche", "Unternehmensgröße", "Taille de l'entreprise", "Hoe tevreden
bent u ...?", "Komt u volgend jaar weer?", "¿Volvería ...?", "Combien de contacts
...?" and "Hoeveel ...?" are counts), compared without accents; so do their
style statements ("Ik wacht liever tot iemand mij aanspreekt" is reversed) and
their email columns ("E-mailadres", "Correo electrónico"). A "recommend" question is ``nps``
where it asks how likely, or where its answers run from 0 to 10. The user reads
the map, corrects it, and imports with ``--map``.

Example
-------
>>> import tempfile, pathlib
>>> work = pathlib.Path(tempfile.mkdtemp())
>>> _ = (work / "form.csv").write_text(
...     "Timestamp,Email Address,How satisfied were you overall?,I prefer to be introduced by someone\\n"
...     "2025/03/14 6:02:11 PM GMT,a@x.org,5,2\\n")
>>> suggestion = suggest_survey_map(work / "form.csv")
>>> suggestion.guesses
{'Email Address': 'attendee_id', 'How satisfied were you overall?': 'satisfaction', 'I prefer to be introduced by someone': 'style_1'}
>>> suggestion.reversed
['style_1']
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from toolkit import privacy
from toolkit.errors import UsageError
from toolkit.io.importers._common import HEADER_SEARCH_ROWS, existing_file, toml_value
from toolkit.io.importers.labels import fold_label, read_scale_answers
from toolkit.io.importers.survey import is_rating_column, is_tool_column, read_grid, read_layout

def _rx(*patterns: str) -> tuple[re.Pattern, ...]:
    """Patterns matched as whole words (``meet`` is not in ``meeting``; ``shy`` is not in ``pushy``)."""
    return tuple(re.compile(rf"(?<![\w-])(?:{p})(?![\w-])") for p in patterns)


# The words of a question that asks for a recommendation, and those that make it a 0-10 score (English, German,
# French, Dutch, Spanish; questions are matched without accents: "Empfehlung", "recommanderiez", "probabilité" ->
# "probabilite"; Dutch "aanbeveelt", "aanbevelen", "aanraden"; Spanish "recomiende", "recomendaría")
_RECOMMEND = (r"recommend\w*|\w*empfehl\w*|recommand\w*|aanbe(?:veel|vel)\w*|aan te bevelen|aanraden|aanraadt|"
              r"aan te raden|recomend\w*|recomiend\w*")
_LIKELIHOOD = (r"likely|likelihood|0 ?- ?10|0 to 10|scale of 0|wahrscheinlich\w*|0 bis 10|skala von 0|probabilite|"
               r"0 a 10|echelle de 0|waarschijnlijk\w*|0 tot 10|schaal van 0|probabilidad|probable|escala de 0")
_RECOMMENDS = _rx(_RECOMMEND)
# (canonical name, table, patterns that must all match whole words of the question); the first that fits wins
_GUESSES: tuple[tuple[str, str, tuple[re.Pattern, ...]], ...] = (
    ("nps", "survey", _rx(_RECOMMEND, _LIKELIHOOD)),
    ("satisfaction", "survey", _rx(r"satisf(?:ied|action|ying|y|ait|aite|aits|aites)")),   # not "dissatisfied"
    ("satisfaction", "survey", _rx(r"zufrieden\w*")),                                      # not "unzufrieden"
    ("satisfaction", "survey", _rx(r"tevreden\w*")),                                       # not "ontevreden"
    ("satisfaction", "survey", _rx(r"satisfech[oa]s?|satisfaccion")),                      # not "insatisfecho"
    ("met_helpful", "survey", _rx(r"meet|met", r"help|helps|helpful|useful")),
    ("met_helpful", "survey", _rx(r"getroffen|kennengelernt|kennen gelernt|begegnet",
                                  r"\w*helfen|hilfreich|nutzlich|nuetzlich")),
    ("met_helpful", "survey", _rx(r"rencontre\w*", r"aider|aide|utile\w*")),
    ("met_helpful", "survey", _rx(r"ontmoet|leren kennen|leerde kennen|gesproken",
                                  r"helpen|helpt|verder|nuttig\w*|behulpzaam")),
    ("met_helpful", "survey", _rx(r"conocio|conocido|conocer|conociste|encontro", r"ayud\w*|util\w*")),
    # a follow-up the respondent says they made, kept beside (never inside) the measured follow-up rate
    ("followed_up_reported", "survey", _rx(r"follow(?:ed)? up|followed-up|reached out|got in touch",
                                           r"met|meet|anyone|anybody|someone|people|contacts?")),
    ("followed_up_reported", "survey", _rx(r"recontacte\w*|relance\w*")),
    ("followed_up_reported", "survey", _rx(r"kontaktiert|kontakt aufgenommen|gemeldet",
                                           r"kennengelernt|kennen gelernt|getroffen|begegnet")),
    ("followed_up_reported", "survey", _rx(r"contactado|contacto|contactaste",
                                           r"conocio|conocido|conociste")),
    ("followed_up_reported", "survey", _rx(r"contact opgenomen|contact gezocht|opgevolgd|nagebeld",
                                           r"ontmoet|leren kennen|leerde kennen|gesproken")),
    ("would_return", "survey", _rx(r"come|attend|join|be back", r"again")),
    ("would_return", "survey", _rx(r"come back")),
    ("would_return", "survey", _rx(r"come|attend|join|go", r"another event|future event|future events")),
    ("would_return", "survey", _rx(r"return")),   # not "returning": "a returning attendee" has been before
    ("would_return", "survey", _rx(r"next event|next one|next edition")),
    ("would_return", "survey", _rx(r"wieder|erneut|nochmals|nochmal", r"teilnehmen|kommen|dabei|besuchen")),
    ("would_return", "survey", _rx(r"wiederkommen|wiederzukommen|nachste[nrs]? (?:veranstaltung|event|treffen)")),
    ("would_return", "survey", _rx(r"reviendr\w*|revenir|prochaine? (?:evenement|edition|soiree|rencontre)")),
    ("would_return", "survey", _rx(r"participer\w*|viendr\w*|venir|assister", r"a nouveau|de nouveau|encore")),
    ("would_return", "survey", _rx(r"weer|opnieuw|nogmaals|terug",
                                   r"komen|komt|kom|deelnemen|aanwezig|bezoeken|bijwonen")),
    ("would_return", "survey", _rx(r"terugkomen|terugkomt|terug te komen|volgend jaar|volgende (?:editie|keer|"
                                   r"bijeenkomst|evenement|congres)|volgend (?:evenement|congres)")),
    ("would_return", "survey", _rx(r"volver\w*|regresar\w*|regresaria|repetiria|proxim[oa] (?:evento|edicion)")),
    ("industry", "attendees", _rx(r"industry|industries|sector|branche|branchen|wirtschaftszweig|secteur\w*|"
                                  r"industrie|industria|rubro|bedrijfstak|sector de actividad")),
    ("company_size", "attendees", _rx(r"company|organi[sz]ation|business|firm", r"size")),
    ("company_size", "attendees", _rx(r"employees|staff|headcount")),
    ("company_size", "attendees", _rx(r"people|persons", r"work|works|employed",
                                      r"company|organi[sz]ation|business|firm")),
    ("company_size", "attendees", _rx(r"\w*(?:unternehmens|firmen|betriebs)gro(?:e)?sse")),
    ("company_size", "attendees", _rx(r"unternehmen\w*|firma|betrieb\w*|organisation", r"gro(?:e)?sse")),
    ("company_size", "attendees", _rx(r"mitarbeiter\w*|mitarbeitende\w*|beschaftigte\w*|angestellte\w*")),
    ("company_size", "attendees", _rx(r"entreprise|societe|organisation|structure", r"taille")),
    ("company_size", "attendees", _rx(r"salaries|employes|effectifs?")),
    # Spanish and Dutch
    ("company_size", "attendees", _rx(r"empresa|compania|organizacion|negocio", r"tamano")),
    ("company_size", "attendees", _rx(r"empleados|trabajadores|plantilla")),
    ("company_size", "attendees", _rx(r"bedrijfsgrootte|organisatiegrootte|omvang")),
    ("company_size", "attendees", _rx(r"bedrijf|organisatie", r"grootte")),
    ("company_size", "attendees", _rx(r"medewerkers|werknemers")),
    ("first_time", "attendees", _rx(r"first event|first visit|first[- ]timer?s?|for the first time|"
                                    r"first time (?:attending|at|here|coming|joining|visiting)|"
                                    r"first[- ]time (?:attendee|visitor|guest)|"
                                    r"zum ersten mal|das erste mal|erstes mal|erste veranstaltung|erstmals|"
                                    r"premiere fois|premier evenement|premiere participation|premiere edition|"
                                    r"primera vez|primer evento|eerste keer|eerste evenement|voor het eerst")),
)
# Fields answered yes/no or on a scale: never guessed for a question that asks for a count ("How many ...")
_NOT_COUNTS = frozenset({"nps", "satisfaction", "met_helpful", "would_return", "first_time", "followed_up_reported"})
_COUNT = _rx(r"how many|number of|no\. of|# of|count of|wie viele|wieviele|anzahl|combien|nombre de|nombre d'\w*|"
             r"hoeveel|aantal|cuantos|cuantas|numero de")
# Statements of a networking-style scale, and the ones that describe the reserved end (reversed items)
_STYLE_WORDS = _rx(r"reserved", r"conversations?", r"strangers?", r"introduc\w*", r"work(?:ing)? (?:a|the) room",
                   r"approach(?:ing)?", r"small talk", r"networking", r"outgoing", r"shy", r"people i don't know",
                   r"people i do not know", r"mingl\w*", r"new people", r"ice-?breakers?", r"talk to",
                   # German
                   r"gesprach\w*", r"fremde\w*", r"unbekannte\w*", r"vorgestellt", r"vorzustellen",
                   r"anzusprechen|ansprechen|anspricht", r"smalltalk", r"netzwerken", r"schuchtern", r"zuruckhaltend",
                   # French
                   r"inconnu\w*", r"aborder|aborde", r"etre presentee?s?", r"presentee?s? par", r"reseauter",
                   r"reseautage", r"timide", r"reservee?s?", r"me parler", r"parler a", r"(?:vais|aller) vers",
                   r"viennent vers moi",
                   # Dutch
                   r"gesprek\w*", r"vreemden|onbekenden", r"aanspreken|aan te spreken|aanspreekt",
                   r"voorgesteld|voorstellen|voor te stellen|stel \w+ \w+ voor", r"netwerken", r"verlegen",
                   r"terughoudend", r"nieuwe mensen", r"kennismaken|kennis te maken", r"mensen die ik niet ken",
                   # Spanish
                   r"conversacion\w*", r"desconocid\w*|extran[oa]s", r"presente|presenten|presentad[oa]s?|presentarme",
                   r"acercarme|acercarse|abordar", r"timid[oa]s?", r"reservad[oa]s?", r"gente nueva|personas nuevas",
                   r"hablar con")
_RESERVED_WORDS = _rx(r"reserved", r"prefer to be introduced", r"introduced by", r"uncomfortable", r"nervous", r"shy",
                      r"wait for", r"avoid\w*", r"anxious", r"draining", r"hard to", r"difficult",
                      r"zuruckhaltend", r"vorgestellt", r"unangenehm", r"nervos", r"warte\w*", r"schuchtern",
                      r"schwer", r"vermeide\w*", r"anstrengend",
                      r"reservee?s?", r"etre presentee?s?", r"presentee?s? par", r"mal a l'aise", r"nerveu\w*",
                      r"timide", r"attends|attendre", r"evite\w*", r"difficile", r"epuisant\w*",
                      r"terughoudend", r"voorgesteld", r"ongemakkelijk", r"zenuwachtig", r"wacht\w*", r"verlegen",
                      r"moeilijk", r"lastig", r"vermijd\w*", r"vermoeiend",
                      r"reservad[oa]s?", r"me presente|me presenten|presentad[oa]s? por", r"incomod[oa]s?",
                      r"nervios[oa]s?", r"esper\w*", r"timid[oa]s?", r"evit\w*", r"dificil", r"me cuesta",
                      r"agotador\w*")
_ID_WORDS = _rx(r"email|e-?mail(?:-?adresse)?", r"member", r"membership", r"badge", r"attendee id",
                r"externalreference", r"external reference", r"external data reference", r"custom data",
                r"registration id", r"ticket", r"courriel", r"mitglieds?nummer", r"mitglieds?-?nr\.?",
                r"numero (?:de membre|d'adherent)", r"e-?mail-?adres", r"lidnummer|lidmaatschapsnummer",
                r"ticketnummer", r"correo(?: electronico)?", r"numero de (?:socio|miembro|entrada)")
# an email column may be the id though the personal-data rule names it personal
_EMAIL_WORDS = (re.compile(r"mail"), *_rx(r"courriel", r"correo(?: electronico)?"))
# French asks by inversion ("Reviendriez-vous", "êtes-vous"): the verb is a word of its own
_INVERSION = re.compile(r"-(?:t-)?(vous|il|elle|ils|elles|on|tu|je|nous)(?![\w-])")


@dataclass
class SuggestedMap:
    """The map text, and the guesses in it (column -> canonical name; reversed style items)."""

    text: str
    tool: str
    guesses: dict[str, str] = field(default_factory=dict)
    reversed: list[str] = field(default_factory=list)
    columns: int = 0

    def summary(self, path: Path) -> str:
        """What was written, for the command line."""
        lines = [f"Wrote a suggested map for this {self.tool.replace('_', ' ')} export to {path}: "
                 f"{self.columns} columns, {len(self.guesses)} with a guess."]
        lines += [f"  {column!r} -> {name}" for column, name in self.guesses.items()]
        lines.append("Check every line (the guesses are by the question's words only), fill in what is missing, "
                     f"then: netout import survey EXPORT --map {path} --out DIR/EVENT")
        return "\n".join(lines)


def _words(text: str) -> str:
    """The question in lower case, without accents ("Größe" -> "grosse"), French inversions split."""
    text = privacy.fold_accents(str(text).replace("\u2019", "'").casefold())
    return _INVERSION.sub(r" \1", " ".join(text.split()))


def _any(patterns: tuple[re.Pattern, ...], text: str) -> bool:
    return any(p.search(text) for p in patterns)


def _guess(name: str, question: str, taken: set[str], *, zero_to_ten: bool = False) -> tuple[str, str] | None:
    text = _words(f"{name} {question}")
    if privacy.is_personal_column(name) and not _any(_EMAIL_WORDS, text):
        return None
    if _any(_ID_WORDS, text) and "attendee_id" not in taken and "?" not in question:
        return "attendee_id", "survey"
    counts = _any(_COUNT, text)
    # "Would you recommend us?" answered from 0 to 10 is a score, whatever its words say
    if zero_to_ten and not counts and "nps" not in taken and _any(_RECOMMENDS, text):
        return "nps", "survey"
    for canonical, table, needed in _GUESSES:
        if counts and canonical in _NOT_COUNTS:
            continue
        if canonical not in taken and all(p.search(text) for p in needed):
            return canonical, table
    return None


#: The attendee columns a registration question is read as without a map, where one question alone asks it.
ATTENDEE_COLUMNS_READ_WITHOUT_A_MAP = ("industry", "company_size", "first_time")


def attendee_column_guess(question: str) -> str | None:
    """The toolkit's attendee column a registration question asks for (``industry`` ...), else None.

    The same whole-word guesses as the suggested map's, German and French included.

    Example
    -------
    >>> attendee_column_guess("Branche"), attendee_column_guess("Which industry are you in?")
    ('industry', 'industry')
    >>> attendee_column_guess("Unternehmensgröße"), attendee_column_guess("Dietary needs")
    ('company_size', None)
    """
    guess = _guess(str(question), str(question), set())
    if guess is None or guess[0] not in ATTENDEE_COLUMNS_READ_WITHOUT_A_MAP:
        return None
    return guess[0]


def _style_item(name: str, question: str) -> tuple[bool, bool]:
    """Whether a column is a networking-style statement, and whether agreeing with it means reserved."""
    text = _words(f"{name} {question}")
    if _any(_COUNT, text) or not _any(_STYLE_WORDS, text):
        return False, False
    return True, _any(_RESERVED_WORDS, text)


def _title_rows(grid) -> int:
    """How many leading rows hold one cell or none (a title, a blank line) above a row with more: 0 if none do.

    Only such narrow rows are skipped: a header with a few empty cells (SurveyMonkey's) is still the header.
    """
    for position, (_, row) in enumerate(grid.head(HEADER_SEARCH_ROWS + 1).iterrows()):
        if row.astype("string").str.strip().fillna("").ne("").sum() > 1:
            return position
    return 0


def suggest_survey_map(path: str | Path, *, layout: str = "auto", sheet=None, header_row: int | None = None
                       ) -> SuggestedMap:
    """A map for a survey export with a guess for every column it can (see the module's description).

    Parameters
    ----------
    path : path
        The survey export (CSV or XLSX) of Qualtrics, SurveyMonkey, Google Forms, Typeform, Microsoft Forms,
        Jotform, Tally, LimeSurvey or a plain table.
    layout : str
        As for :func:`toolkit.io.importers.survey.import_survey`.
    sheet : str or int, optional
        Worksheet of an XLSX export.
    header_row : int, optional
        Spreadsheet row of the header (1 is the first). By default the header
        is row 1, or the first row with more than one cell below leading rows
        of one cell or none (a title and a blank line an organiser added).
    """
    path = existing_file(path, "Survey export")
    grid = read_grid(path, sheet)
    if header_row is not None:
        if isinstance(header_row, bool) or not isinstance(header_row, int) or not 1 <= header_row <= len(grid):
            raise UsageError(f"--header-row must be a row of {path.name} (1 to {len(grid)}), not {header_row!r}.")
        grid = grid.iloc[header_row - 1:]
    else:
        grid = grid.iloc[_title_rows(grid):]
    found = read_layout(grid, layout, path.name)
    questions = _question_texts(grid, found)
    guesses: dict[str, str] = {}
    survey_lines, attendee_lines, reversed_items = [], [], []
    taken: set[str] = set()
    style_n = 0
    grades: list[tuple[int, str, str, bool]] = []   # (line, column name, comment, answered on 1-5)
    for column, (name, question) in enumerate(zip(found.names, questions)):
        key = toml_value(name)
        about = f"  # {question}" if question and _words(question) != _words(name) else ""
        if is_tool_column(name, found.tool) or _words(name).endswith("_nps_group"):
            survey_lines.append(f"# {key} = \"\"   # written by the survey tool, not an answer")
            continue
        answers = grid.iloc[found.first_data:, column]
        if is_rating_column(name, answers):
            # a French "Note": placed once every question has had its guess (a satisfaction question wins)
            grades.append((len(survey_lines), name, about, _one_to_five(answers)))
            survey_lines.append("")
            continue
        if column in found.personal and (column != found.email or "attendee_id" in taken):
            # the layout's own name (and email) columns, whatever the language of their headers
            survey_lines.append(f"# {key} = \"\"   # personal data: never imported{about.replace('  #', ';')}")
            continue
        guess = ("attendee_id", "survey") if column == found.email else _guess(
            name, question, taken, zero_to_ten=_zero_to_ten(grid.iloc[found.first_data:, column]))
        style, reserved = _style_item(name, question) if guess is None else (False, False)
        if style:
            style_n += 1
            guess = (f"style_{style_n}", "survey")
            if reserved:
                reversed_items.append(guess[0])
        if guess is None:
            why = "personal data: never imported" if privacy.is_personal_column(name) else "no guess"
            survey_lines.append(f"# {key} = \"\"   # {why}{about.replace('  #', ';')}")
            continue
        canonical, table = guess
        taken.add(canonical)
        guesses[name] = canonical
        (survey_lines if table == "survey" else attendee_lines).append(f"{key} = \"{canonical}\"{about}")
    for line, name, about, one_to_five in grades:
        canonical = "satisfaction" if one_to_five and "satisfaction" not in taken else _own_name(name)
        taken.add(canonical)
        guesses[name] = canonical
        survey_lines[line] = f"{toml_value(name)} = \"{canonical}\"   # a grade ('Note'){about.replace('  #', ';')}"
    text = _document(path, found.tool, survey_lines, attendee_lines, style_n, reversed_items)
    return SuggestedMap(text, found.tool, guesses, reversed_items, len(found.names))


def _one_to_five(answers) -> bool:
    """Answers that are labels or numbers from 1 to 5 (a grade that can be the satisfaction)."""
    text = answers.astype("string").str.strip().replace("", pd.NA).dropna()
    values, points, _ = read_scale_answers({0: text})
    return points != 7 and bool(values[0].between(1, 5).all())


def _own_name(header: str) -> str:
    """A column's own name in the map: its words in lower case joined by ``_`` ("Note sur 5" -> ``note_sur_5``)."""
    return "_".join(re.findall(r"[a-z0-9]+", fold_label(header)))[:60] or "answer"


def _zero_to_ten(answers) -> bool:
    """Answers that are whole numbers from 0 to 10 and reach beyond a 1-7 scale (a 0 or 8 and above)."""
    values = pd.to_numeric(answers.astype("string").str.strip().replace("", pd.NA).dropna(), errors="coerce")
    if values.empty or values.isna().any() or not values.between(0, 10).all() or not (values % 1 == 0).all():
        return False
    return bool(values.min() == 0 or values.max() >= 8)


def _question_texts(grid, found) -> list[str]:
    """The question text of each column where the layout has one beside the header (Qualtrics' second row)."""
    if found.tool == "qualtrics" and len(grid) > 1:
        return [str(v).strip() for v in grid.iloc[1]]
    return [""] * len(found.names)


def _document(path: Path, tool: str, survey_lines, attendee_lines, style_n: int, reversed_items) -> str:
    parts = [f"# Suggested map for {path.name} ({tool.replace('_', ' ')} layout), written by `netout import survey "
             "--suggest-map`.",
             "# Every column of the export is below. Lines with a guess are active; check each one: the guesses",
             "# are made from the question's words only. Lines starting with # are left out; to use one, remove",
             "# the # and write its canonical name (attendee_id, satisfaction, met_helpful, would_return, nps,",
             "# followed_up_reported, or a style item such as style_4). Exactly one id column is needed (several",
             "# may map to attendee_id:",
             "# the first filled one counts).",
             "",
             "[columns.survey]", *survey_lines, ""]
    parts += ["[columns.attendees]", *attendee_lines, ""]
    parts += ["[likert]",
              "# labels your tool uses beyond the usual ones (Strongly agree ..., Extremely satisfied ...), e.g.",
              '# "Bof" = 2', ""]
    if style_n:
        items = [f"style_{k}" for k in range(1, style_n + 1)]
        parts += ["[style_scale]",
                  "# the networking-style statements; reversed: those where agreeing means reserved",
                  f"items = {toml_value(items)}", f"reversed = {toml_value(reversed_items)}",
                  "min = 1", "max = 5", ""]
    else:
        parts += ["# No networking-style statements recognised: add a [style_scale] if the survey has them.", ""]
    text = "\n".join(parts)
    return re.sub(r"\n{3,}", "\n\n", text)
