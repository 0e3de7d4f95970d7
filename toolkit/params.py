"""Parameter checks, declared once: which parameter, what is allowed, what came.

In the spirit of scikit-learn's ``validate_params``: each shared parameter
name (``confidence``, ``random_state``, ``n_folds``, ...) has one constraint
here, so that it means the same and is checked the same in ``compare``,
``recommend`` and ``plan``. A function states the parameters it checks by
name; a parameter of its own (e.g. plan's ``grouping``) comes with its
constraint. A breach raises :class:`~toolkit.errors.UsageError` naming the
caller, the parameter, what was allowed and the value that came.

``random_state`` means the same everywhere: ``None`` draws fresh randomness
on each call, an int gives the same numbers for the same seed, and a
:class:`numpy.random.Generator` is drawn from (so a sequence of calls given
one generator is reproducible as a whole).

Example
-------
>>> validate_params("compare", confidence=0.95, random_state=0)
>>> validate_params("compare", confidence=95)
Traceback (most recent call last):
...
toolkit.exceptions.UsageError: compare: confidence must be a number strictly between 0 and 1 (e.g. 0.95); got 95.
>>> validate_params("plan", grouping="age", constraints={"grouping": OneOf(("industry", "random"))})
Traceback (most recent call last):
...
toolkit.exceptions.UsageError: plan: grouping must be one of 'industry' or 'random'; got 'age'.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from toolkit.errors import UsageError

__all__ = [
    "Constraint",
    "Interval",
    "OneOf",
    "RandomState",
    "SHARED_PARAMETERS",
    "validate_params",
    "as_generator",
    "as_seed",
]


class Constraint:
    """What a parameter may be: ``is_satisfied_by(value)`` and a description for the message.

    Example
    -------
    >>> str(Interval(0, None, closed="left"))
    'a number of at least 0'
    """

    def is_satisfied_by(self, value) -> bool:  # pragma: no cover - every constraint overrides it
        raise NotImplementedError

    def __str__(self) -> str:  # pragma: no cover
        raise NotImplementedError


def _is_number(value) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_))


@dataclass(frozen=True)
class Interval(Constraint):
    """A real number (or an integer) in a range; ``None`` for an open end.

    ``closed`` says which ends belong to the range: ``"neither"``, ``"left"``,
    ``"right"`` or ``"both"``. Booleans and NaN never satisfy it.

    Example
    -------
    >>> share = Interval(0, 1, closed="neither")
    >>> share.is_satisfied_by(0.5), share.is_satisfied_by(1), share.is_satisfied_by(True)
    (True, False, False)
    >>> str(Interval(2, None, closed="left", integer=True))
    'an integer of at least 2'
    """

    low: float | None
    high: float | None
    closed: str = "both"
    integer: bool = False
    example: str | None = None

    def is_satisfied_by(self, value) -> bool:
        if self.integer:
            if not isinstance(value, numbers.Integral) or isinstance(value, (bool, np.bool_)):
                return False
        elif not _is_number(value) or math.isnan(float(value)):
            return False
        left_in = self.closed in ("left", "both")
        right_in = self.closed in ("right", "both")
        if self.low is not None and (value < self.low or (value == self.low and not left_in)):
            return False
        if self.high is not None and (value > self.high or (value == self.high and not right_in)):
            return False
        return True

    def __str__(self) -> str:
        kind = "an integer" if self.integer else "a number"
        left_in = self.closed in ("left", "both")
        right_in = self.closed in ("right", "both")
        if self.low is not None and self.high is not None:
            if not left_in and not right_in:
                text = f"{kind} strictly between {self.low} and {self.high}"
            elif left_in and right_in:
                text = f"{kind} from {self.low} to {self.high}"
            else:
                text = (f"{kind} from {self.low} up to (not including) {self.high}" if left_in
                        else f"{kind} above {self.low} and at most {self.high}")
        elif self.low is not None:
            text = f"{kind} of at least {self.low}" if left_in else f"{kind} above {self.low}"
        elif self.high is not None:
            text = f"{kind} of at most {self.high}" if right_in else f"{kind} below {self.high}"
        else:
            text = kind
        return text + (f" (e.g. {self.example})" if self.example else "")


@dataclass(frozen=True)
class OneOf(Constraint):
    """One of a fixed set of values.

    Example
    -------
    >>> OneOf(("industry", "region")).is_satisfied_by("region")
    True
    """

    values: tuple

    def is_satisfied_by(self, value) -> bool:
        return any(value == allowed and type(value) is type(allowed) for allowed in self.values)

    def __str__(self) -> str:
        shown = [repr(v) for v in self.values]
        return "one of " + (shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " or " + shown[-1])


@dataclass(frozen=True)
class RandomState(Constraint):
    """``None``, a non-negative int, or a :class:`numpy.random.Generator` (see the module's note).

    Example
    -------
    >>> import numpy as np
    >>> [RandomState().is_satisfied_by(v) for v in (None, 7, np.random.default_rng(0), -1, "7")]
    [True, True, True, False, False]
    """

    def is_satisfied_by(self, value) -> bool:
        if value is None or isinstance(value, np.random.Generator):
            return True
        return isinstance(value, numbers.Integral) and not isinstance(value, (bool, np.bool_)) and value >= 0

    def __str__(self) -> str:
        return "None, a non-negative int or a numpy.random.Generator"


#: The toolkit's shared parameters: one meaning and one check wherever the name appears.
SHARED_PARAMETERS: dict[str, Constraint] = {
    "confidence": Interval(0, 1, closed="neither", example="0.95"),
    "fdr": Interval(0, 1, closed="neither", example="0.05"),
    "power": Interval(0, 1, closed="neither", example="0.8"),
    "n_folds": Interval(2, None, closed="left", integer=True),
    "n_draws": Interval(1, None, closed="left", integer=True),
    "random_state": RandomState(),
    "cost_per_attendee": Interval(0, None, closed="left"),
    "min_difference": Interval(0, None, closed="left"),
    "structured_share": Interval(0, 1, closed="neither", example="0.5"),
    "group_size": Interval(2, None, closed="left", integer=True),
}


def validate_params(caller: str, /, *, constraints: Mapping[str, Constraint] | None = None, **values) -> None:
    """Check each named value against its constraint; raise a :class:`~toolkit.errors.UsageError` on the first breach.

    Parameters
    ----------
    caller : str
        Who checks (``"compare"``, ``"recommend"``, ``"plan"``): the message starts with it.
    constraints : mapping, optional
        Constraints of the caller's own parameters; they win over
        :data:`SHARED_PARAMETERS` for the same name.
    **values
        The parameters to check, by name. A name with no constraint is a
        programming error (``KeyError``), so that no check is skipped silently.

    Example
    -------
    >>> validate_params("recommend", cost_per_attendee=-1.0)
    Traceback (most recent call last):
    ...
    toolkit.exceptions.UsageError: recommend: cost_per_attendee must be a number of at least 0; got -1.0.
    """
    own = dict(constraints or {})
    for name, value in values.items():
        constraint = own[name] if name in own else SHARED_PARAMETERS[name]
        if not constraint.is_satisfied_by(value):
            raise UsageError(f"{caller}: {name} must be {constraint}; got {value!r}.")


def as_generator(random_state) -> np.random.Generator:
    """The generator a ``random_state`` stands for (a given generator is returned as it is).

    Example
    -------
    >>> float(as_generator(3).random()) == float(as_generator(3).random())
    True
    """
    return np.random.default_rng(random_state)


def as_seed(random_state) -> int:
    """One integer seed for a ``random_state``, for code that takes a seed (e.g. scikit-learn's splitters).

    An int is returned as it is; a generator gives one draw (it advances); ``None`` gives a fresh seed.

    Example
    -------
    >>> as_seed(11)
    11
    >>> import numpy as np
    >>> as_seed(np.random.default_rng(0)) == as_seed(np.random.default_rng(0))
    True
    """
    if isinstance(random_state, numbers.Integral) and not isinstance(random_state, (bool, np.bool_)):
        return int(random_state)
    return int(as_generator(random_state).integers(2**31 - 1))
