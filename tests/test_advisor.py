"""The mix advisor: the same answers as recommend_format, whatever was asked before and whatever ran ahead."""

from __future__ import annotations

import math
import threading

import numpy as np
import pandas as pd
import pytest

from toolkit import UsageError, fit_comparison, mix_advisor, recommend_format
from toolkit.datasets.simulate import simulate_outcome_table


@pytest.fixture(scope="module")
def table():
    # two groups with opposite effects, not settled: the answers carry a sample size and, for some mixes, a split
    table, _ = simulate_outcome_table(
        n_events=3, sessions_per_format=6, session_size=15,
        effects={"new_contacts": {"reserved": 1.5, "self-directed": -0.5}}, random_state=31)
    return table


@pytest.fixture(scope="module")
def comparison(table):
    return fit_comparison(table, outcome="new_contacts", by="style", random_state=0)


def _same(a, b) -> None:
    """Every field of two recommendations equal (NaN equal to NaN)."""
    assert a.recommended == b.recommended
    assert a.confident == b.confident
    assert a.rationale == b.rationale
    assert a.next_step == b.next_step
    assert a.plan == b.plan and a.mix == b.mix
    assert a.needed_per_arm == b.needed_per_arm
    assert a.expected_left_out == b.expected_left_out
    for x, y in [(a.probability_best, b.probability_best), *zip(a.expected.values(), b.expected.values()),
                 *zip(a.difference.values(), b.difference.values())]:
        assert x == y or (isinstance(x, float) and math.isnan(x) and math.isnan(y))
    assert list(a.expected) == list(b.expected) and list(a.difference) == list(b.difference)
    pd.testing.assert_frame_equal(a.effects, b.effects)
    assert (a.sample_size is None) == (b.sample_size is None)
    if a.sample_size is not None:
        assert a.sample_size.rooms_per_format == b.sample_size.rooms_per_format
        assert a.sample_size.chance == b.sample_size.chance


# mixes in the order a person might try them: shares moved, a group dropped and back, costs and thresholds changed,
# and the first mix again at the end (kept answers must not have drifted)
ASKED = [
    ({"reserved": 0.4, "self-directed": 0.6}, 0.0, 0.0),
    ({"reserved": 0.41, "self-directed": 0.59}, 0.0, 0.0),
    ({"reserved": 0.5, "self-directed": 0.5}, 0.0, 0.0),
    ({"reserved": 1.0}, 0.0, 0.0),
    ({"self-directed": 1.0}, 0.0, 0.0),
    ({"reserved": 0.41, "self-directed": 0.59}, 0.3, 0.0),
    ({"reserved": 0.41, "self-directed": 0.59}, 0.0, 0.5),
    (None, 0.0, 0.0),
    ({"reserved": 0.4, "self-directed": 0.6}, 0.0, 0.0),
]


def test_every_answer_equals_a_fresh_recommend_format(table, comparison):
    advisor = mix_advisor(table, comparison=comparison, random_state=0)
    for mix, cost, smallest in ASKED:
        kept = advisor.advise(mix, cost_per_attendee=cost, min_difference=smallest)
        fresh = recommend_format(table, mix=mix, cost_per_attendee=cost, min_difference=smallest, random_state=0,
                                 comparison=comparison)
        _same(kept, fresh)
    assert any(advisor.advise(m, cost_per_attendee=c, min_difference=d).sample_size is not None for m, c, d in ASKED)
    assert len({advisor.advise(m).recommended for m, _, _ in ASKED}) > 1  # the mixes do change the advice


def test_fitting_inside_the_advisor_gives_recommend_formats_answer(table):
    mix = {"reserved": 0.3, "self-directed": 0.7}
    _same(mix_advisor(table, outcome="new_contacts", random_state=0).advise(mix),
          recommend_format(table, outcome="new_contacts", mix=mix, random_state=0))


def test_a_mix_asked_before_is_answered_from_what_was_kept(table, comparison):
    advisor = mix_advisor(table, comparison=comparison, random_state=0)
    mix = {"reserved": 0.45, "self-directed": 0.55}
    assert not advisor.is_kept(mix)
    first = advisor.advise(mix)
    assert advisor.is_kept(mix) and advisor.advise(dict(reversed(mix.items()))) is first
    assert not advisor.is_kept(mix, cost_per_attendee=0.2)  # another cost is another question


def test_working_ahead_in_a_thread_gives_the_answers_asked_for_later(table, comparison):
    advisor = mix_advisor(table, comparison=comparison, random_state=0)
    ahead = [{"reserved": s / 100, "self-directed": 1 - s / 100} for s in range(40, 50)]
    worker = threading.Thread(target=advisor.advise_ahead, args=(ahead,))
    worker.start()
    asked = [advisor.advise(m) for m in reversed(ahead)]  # meets the worker halfway: some kept, some in progress
    worker.join()
    for mix, answer in zip(reversed(ahead), asked):
        assert advisor.advise(mix) is answer
        _same(answer, recommend_format(table, mix=mix, random_state=0, comparison=comparison))


def test_working_ahead_stops_when_told(table, comparison):
    advisor = mix_advisor(table, comparison=comparison, random_state=0)
    ahead = [{"reserved": s / 100, "self-directed": 1 - s / 100} for s in range(60, 70)]
    done: list = []

    def stop() -> bool:
        return len(done) >= 2

    class Counting(list):
        def __iter__(self):
            for mix in list.__iter__(self):
                yield mix
                done.append(mix)

    assert advisor.advise_ahead(Counting(ahead), stop=stop) == 2
    assert [advisor.is_kept(m) for m in ahead] == [True, True] + [False] * 8


def test_answers_kept_are_bounded(table, comparison):
    advisor = mix_advisor(table, comparison=comparison, random_state=0, max_kept=3)
    mixes = [{"reserved": s / 100, "self-directed": 1 - s / 100} for s in (10, 20, 30, 40)]
    for mix in mixes:
        advisor.advise(mix)
    assert [advisor.is_kept(m) for m in mixes] == [False, True, True, True]


def test_the_advisor_wants_a_seed_and_a_mapping(table, comparison):
    with pytest.raises(UsageError, match="random_state must be an integer"):
        mix_advisor(table, comparison=comparison, random_state=np.random.default_rng(0))
    with pytest.raises(UsageError, match="mapping of group to share"):
        mix_advisor(table, comparison=comparison).advise(pd.DataFrame({"style": ["reserved"]}))
    with pytest.raises(UsageError):
        mix_advisor(table, comparison=comparison).advise({"reserved": 1.0}, cost_per_attendee=-1.0)
