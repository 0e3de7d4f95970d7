"""The mix of segments expected at the next event: given, from registrations, or the last event's.

Example
-------
>>> mix = resolve_mix({"reserved": 3, "self-directed": 1}, segments=("reserved", "self-directed"), by="style")
>>> mix.shares, mix.source
({'reserved': 0.75, 'self-directed': 0.25}, 'given')
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from toolkit.errors import UsageError
from toolkit.events import event_sequence, natural_key
from toolkit.plan import segment_column

__all__ = ["default_mix", "resolve_mix", "ResolvedMix", "MIX_SOURCES"]

#: Where a mix came from: ``given`` (a dict), ``registrations`` (a frame) or ``last_event`` (:func:`default_mix`).
MIX_SOURCES: tuple[str, ...] = ("given", "registrations", "last_event")


def default_mix(table: pd.DataFrame, *, by: str = "style", events=None) -> dict[str, float]:
    """The attendee mix assumed for the next event when none is given: the last event's.

    The one rule every default recommendation uses (``recommend_format``
    without ``mix``, the CLI, the board report, the dashboard's sliders), so
    that they never give different advice on the same data. It counts the
    attendees of the last event who were in a networking session (the people
    the formats are for), over every segment of ``by`` including ``unknown``
    (a missing value counts as ``unknown``, as in
    :func:`toolkit.compare.compare_formats`).

    Parameters
    ----------
    table : DataFrame
        The outcome table (``toolkit.outcomes.compute_outcomes``), with
        ``event_id``, ``format`` and the ``by`` column.
    by : str
        Segment column.
    events : EventData, DataFrame or sequence of str, optional
        What says which event is the last: the loaded data (ordered by
        :func:`toolkit.outcomes.event_order`), the frame ``event_order``
        returns (``event_id``, ``order``), or event ids in time order. By
        default ``table.attrs["event_order"]`` where the table carries it, else
        the ids in natural order (``E9`` before ``E10``). Events without anyone
        in a networking session are passed over.

    Returns
    -------
    dict
        Share of each segment (adding up to 1), in the order of the segments'
        names; empty when nobody was in a networking session.

    Example
    -------
    >>> import pandas as pd
    >>> table = pd.DataFrame({"event_id": ["E9", "E10", "E10", "E10", "E10"],
    ...                       "format": ["structured", "structured", "unstructured", "structured", None],
    ...                       "style": ["reserved", "reserved", "self-directed", None, "reserved"]})
    >>> default_mix(table, by="style")        # E10 is the last event; the person in no session is left out
    {'reserved': 0.3333333333333333, 'self-directed': 0.3333333333333333, 'unknown': 0.3333333333333333}
    """
    if by not in table.columns:
        raise UsageError(f"recommend: cannot split attendees by {by!r}: the outcome table has no such column.")
    rows = table.loc[table["format"].notna()] if "format" in table.columns else table
    if "event_id" in rows.columns and rows["event_id"].notna().any():
        present = set(rows["event_id"].dropna().astype(str))
        ordered = [e for e in event_sequence(table, events) if e in present]
        ordered += sorted(present - set(ordered), key=natural_key)
        rows = rows.loc[rows["event_id"].astype("string") == ordered[-1]]
    segments = rows[by].astype("string").fillna("unknown")
    shares = segments.value_counts(normalize=True).sort_index()
    return {str(k): float(v) for k, v in shares.items()}


@dataclass(frozen=True)
class ResolvedMix:
    """A mix checked against the segments compared.

    ``weights`` has one share per segment (in the comparison's order, adding
    up to 1); ``shares`` keeps the segments with a positive share; ``source``
    is one of :data:`MIX_SOURCES`.

    Example
    -------
    >>> resolve_mix({"reserved": 1.0}, segments=("reserved", "self-directed"), by="style").weights.tolist()
    [1.0, 0.0]
    """

    weights: np.ndarray
    shares: dict[str, float]
    source: str

    @property
    def active(self) -> np.ndarray:
        """Per segment: it has a positive share.

        Example
        -------
        >>> resolve_mix({"self-directed": 2}, segments=("reserved", "self-directed"), by="style").active.tolist()
        [False, True]
        """
        return self.weights > 0


def resolve_mix(
    mix: Mapping[str, float] | pd.DataFrame | None,
    *,
    segments: tuple[str, ...],
    by: str,
    table: pd.DataFrame | None = None,
) -> ResolvedMix:
    """Turn a mix as given (shares, registrations or None) into shares of the compared ``segments``.

    ``None`` takes :func:`default_mix` of ``table``; a frame of registrations
    counts its ``by`` column (``networking_style`` for ``by="style"``) by
    :func:`toolkit.plan.segment_column`, the rule the plan's lot uses, a group
    spelled in another case taken as the comparison's group. A segment
    the comparison does not know, or no positive share, is a
    :class:`~toolkit.errors.UsageError` (for registrations, in their words: not
    ``--mix``'s).

    Example
    -------
    >>> import pandas as pd
    >>> registrations = pd.DataFrame({"networking_style": ["Reserved", "reserved", "self-directed", None]})
    >>> resolve_mix(registrations, segments=("reserved", "self-directed", "unknown"), by="style").shares
    {'reserved': 0.5, 'self-directed': 0.25, 'unknown': 0.25}
    >>> resolve_mix(pd.DataFrame({"industry": ["ict", "ICT", "Bouw"]}), segments=("Bouw", "ICT"), by="industry").shares
    {'Bouw': 0.3333333333333333, 'ICT': 0.6666666666666666}
    """
    if mix is None:
        if table is None:
            raise UsageError("recommend: without a mix, the outcome table is needed for the last event's mix.")
        mix, source = default_mix(table, by=by), "last_event"
    elif isinstance(mix, pd.DataFrame):
        # a group spelled in another case than the past events spell it (``ICT``, ``ict``) is that group
        spelled = {str(s).casefold(): s for s in segments}
        counted = segment_column(mix, by).map(lambda v: spelled.get(str(v).casefold(), v))
        mix = {str(k): float(v) for k, v in counted.value_counts(normalize=True).items()}
        source = "registrations"
        unknown = [k for k in mix if k not in segments]
        if unknown:
            raise UsageError(
                f"the registrations have {by!r} group{'s' if len(unknown) > 1 else ''} "
                f"{', '.join(repr(k) for k in sorted(unknown))} that the past events do not have, so their "
                f"outcome under either format is not known"
                + (" ('unknown': registrations without a value)" if "unknown" in unknown else "")
                + f"; the past events' groups are: {', '.join(segments)}."
            )
    else:
        source = "given"
    unknown = [k for k in mix if k not in segments]
    if unknown:
        named = ", ".join(repr(k) for k in unknown)
        if set(segments) <= {"unknown"}:
            # nobody has a value: the data never recorded this grouping, so no mix of it can be weighed
            raise UsageError(
                f"recommend: --mix names {named}, but no attendee has a value of {by!r} in this data (every one "
                "is 'unknown'), so a mix of its groups cannot be weighed; record it at the next event (for "
                "style: the networking-style questions in the survey or at registration), or give --by a "
                "column the data has."
            )
        raise UsageError(
            f"recommend: --mix names {named}, which {'is not a group' if len(unknown) == 1 else 'are not groups'} "
            f"of {by!r} in this data; its groups are: {', '.join(segments)}."
        )
    total = sum(float(v) for v in mix.values())
    if total <= 0:
        raise UsageError("recommend: --mix needs at least one positive share.")
    weights = np.array([float(mix.get(s, 0.0)) / total for s in segments])
    shares = {s: float(weights[i]) for i, s in enumerate(segments) if weights[i] > 0}
    return ResolvedMix(weights=weights, shares=shares, source=source)
