"""Read an event data folder into one typed container, :class:`EventData`.

(Loader under construction: the container's shape below is fixed and the rest
of the pipeline codes against it.)

In-memory shape of each table after loading (column names canonical, lower case):

- ids (``event_id``, ``attendee_id``, ``session_id``, ``contact_id``, ``group_id``):
  pandas ``string`` dtype; emails/names used as ids are replaced by keyed hashes.
- ``format``: categorical with categories ``("structured", "unstructured")``.
- ``assignment``: categorical ``("randomized", "self_selected", "scheduled")``,
  missing filled with ``"scheduled"``.
- yes/no columns (``first_time``, ``met_helpful``, ``would_return``, ``interest``): ``boolean``.
- timestamps (``start``, ``end``, ``timestamp``): ``datetime64[ns, UTC]``.
- survey answers and Likert items: ``Float64``; ``nps`` 0-10, ``satisfaction`` 1-5.
- ``duration_s``: ``Float64``; ``kind``: categorical of ``FOLLOWUP_KINDS``.
- optional tables that are absent are empty frames with their canonical columns;
  optional columns that are absent are present and all missing.
- every table keeps a ``_row`` column (Int64): the spreadsheet row of the source
  file (header = row 1), and ``_file`` (string): the file it came from, so that later
  steps can still name file and row. (``_``-prefixed columns are bookkeeping, never
  segments or covariates.)
- in a folder of event subfolders, a missing ``event_id`` takes the subfolder's name.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from toolkit.errors import ValidationReport
from toolkit.settings import Settings


@dataclass
class EventData:
    """All tables of an event folder (one or many events), validated and pseudonymised.

    Example
    -------
    >>> import toolkit
    >>> data = toolkit.load_event_data("data/demo")          # doctest: +SKIP
    >>> data.attendees.groupby("event_id").size()            # doctest: +SKIP
    """

    attendees: pd.DataFrame
    sessions: pd.DataFrame
    participation: pd.DataFrame
    survey: pd.DataFrame
    contacts: pd.DataFrame
    followups: pd.DataFrame
    known_ties: pd.DataFrame
    settings: Settings = field(default_factory=Settings)
    report: ValidationReport = field(default_factory=ValidationReport)
    source: Path | None = None

    def tables(self) -> dict[str, pd.DataFrame]:
        """The seven tables by name, in contract order."""
        return {
            "attendees": self.attendees,
            "sessions": self.sessions,
            "participation": self.participation,
            "survey": self.survey,
            "contacts": self.contacts,
            "followups": self.followups,
            "known_ties": self.known_ties,
        }

    @property
    def event_ids(self) -> list[str]:
        return sorted(self.attendees["event_id"].dropna().unique().tolist())
