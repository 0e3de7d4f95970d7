"""The contract's code lists: the values a coded column may hold (formats, assignments, follow-up kinds).

They live apart from the pandera models of :mod:`toolkit.io.schemas` (which
read them) so that the analysis steps and the faces can name a format without
importing pandera (about half a second): :mod:`toolkit.contract` takes them
from here.

Example
-------
>>> FORMATS, DEFAULT_ASSIGNMENT in ASSIGNMENTS
(('structured', 'unstructured'), True)
"""

from __future__ import annotations

#: Session formats: a facilitator forms small groups and sets a task (structured), or open mingling.
FORMATS: tuple[str, ...] = ("structured", "unstructured")
#: How attendees came to be in a format: by lot, by their own choice, or because the event or slot used it.
ASSIGNMENTS: tuple[str, ...] = ("randomized", "self_selected", "scheduled")
DEFAULT_ASSIGNMENT = "scheduled"
FOLLOWUP_KINDS: tuple[str, ...] = ("email", "call", "meeting", "social")
