"""The order of a folder's events: which event is earlier, and which is the last.

One rule, used by the outcome table (which pairs met at an *earlier* event),
the default attendee mix (the *last* event's), the trial registration list
and the report.

Example
-------
>>> sorted(["E10", "E9", "E1"], key=natural_key)
['E1', 'E9', 'E10']
"""

from __future__ import annotations

import re

import pandas as pd


def natural_key(text: str) -> tuple:
    """Sort key that compares runs of digits as numbers: ``E9`` before ``E10``.

    Example
    -------
    >>> natural_key("E9") < natural_key("E10")
    True
    """
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"(\d+)", str(text)))


def event_sequence(table: pd.DataFrame, events=None) -> list[str]:
    """Event ids in time order, from the outcome table or whatever says the order.

    Parameters
    ----------
    table : DataFrame
        The outcome table (with ``event_id``); its ``attrs["event_order"]`` is used where present.
    events : EventData, DataFrame or sequence of str, optional
        The loaded data (ordered by :func:`toolkit.outcomes.event_order`), the
        frame that function returns (``event_id``, ``order``), or ids in time order.
        Without any, the ids in natural order (``E9`` before ``E10``).

    Example
    -------
    >>> event_sequence(pd.DataFrame({"event_id": ["E10", "E9", "E10"]}))
    ['E9', 'E10']
    """
    if events is None:
        events = table.attrs.get("event_order")
    if events is None:
        return sorted(table["event_id"].dropna().astype(str).unique(), key=natural_key)
    if hasattr(events, "attendees") and hasattr(events, "sessions"):   # the loaded EventData
        from toolkit.outcomes import event_order

        events = event_order(events)
    if isinstance(events, pd.DataFrame):
        frame = events.sort_values("order", kind="stable") if "order" in events.columns else events
        return frame["event_id"].astype(str).tolist()
    return [str(e) for e in events]
