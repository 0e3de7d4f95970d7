"""Parameter checks declared once: the same name means the same and is checked the same everywhere."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from toolkit import UsageError
from toolkit.params import SHARED_PARAMETERS, as_seed, validate_params


@pytest.mark.parametrize(
    "name, good, bad",
    [
        ("confidence", [0.5, 0.95], [0, 1, 95, -0.1, float("nan"), True, "0.95"]),
        ("n_folds", [2, 5, np.int64(3)], [1, 0, 2.0, True]),
        ("random_state", [None, 0, 7, np.random.default_rng(1)], [-1, 1.5, "7", True]),
        ("cost_per_attendee", [0, 0.0, 2.5], [-0.01, float("nan"), None]),
        ("group_size", [2, 10], [1, 2.5]),
    ],
)
def test_shared_constraints_accept_and_refuse(name, good, bad):
    for value in good:
        validate_params("caller", **{name: value})
    for value in bad:
        with pytest.raises(UsageError, match=rf"^caller: {name} must be .+; got "):
            validate_params("caller", **{name: value})


def test_a_name_without_a_constraint_is_a_programming_error():
    assert "shoe_size" not in SHARED_PARAMETERS
    with pytest.raises(KeyError):
        validate_params("caller", shoe_size=3)


def test_compare_recommend_and_plan_use_the_same_checks():
    # the same bad value gets the same sentence from each function, naming the function, parameter and value
    from toolkit import compare_formats, plan_next_event, recommend_format
    from toolkit.datasets.simulate import simulate_outcome_table

    table, _ = simulate_outcome_table(n_events=1, sessions_per_format=4, random_state=0)
    registrations = pd.DataFrame({"attendee_id": ["a", "b", "c", "d"], "style": ["reserved"] * 4})
    calls = {
        "compare": lambda **kw: compare_formats(table, outcome="new_contacts", **kw),
        "recommend": lambda **kw: recommend_format(table, outcome="new_contacts", **kw),
        "plan": lambda **kw: plan_next_event(registrations, **kw),
    }
    for caller, call in calls.items():
        with pytest.raises(UsageError) as info:
            call(random_state="seven")
        assert str(info.value) == (f"{caller}: random_state must be None, a non-negative int or a "
                                   "numpy.random.Generator; got 'seven'.")
    for caller in ("compare", "recommend"):
        with pytest.raises(UsageError, match=rf"^{caller}: confidence must be a number strictly between 0 and 1"):
            calls[caller](confidence=1.5)


def test_random_state_means_the_same_everywhere():
    # an int is a seed; a generator is drawn from, so two generators in the same state give the same numbers
    assert as_seed(5) == 5
    assert as_seed(np.random.default_rng(3)) == as_seed(np.random.default_rng(3))
    from toolkit import plan_next_event

    registrations = pd.DataFrame({"attendee_id": [f"a{i}" for i in range(20)], "style": ["reserved"] * 20})
    first = plan_next_event(registrations, random_state=np.random.default_rng(9)).assignment
    second = plan_next_event(registrations, random_state=np.random.default_rng(9)).assignment
    pd.testing.assert_frame_equal(first, second)
