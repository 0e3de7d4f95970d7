"""Networking-style segment: scoring rule, fallback, reliability (also on the real IPIP extraversion items)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import toolkit
from toolkit.settings import StyleScale

SCALE = StyleScale(items=("s1", "s2", "s3", "s4"), reversed=("s2", "s4"), min=1, max=5)


def survey(rows):
    frame = pd.DataFrame(rows, columns=["attendee_id", "s1", "s2", "s3", "s4"])
    frame.insert(0, "event_id", "E1")
    for c in ("s1", "s2", "s3", "s4"):
        frame[c] = frame[c].astype("Float64")
    return frame


def test_reversed_items_mean_and_midpoint_rule():
    s = survey([
        ("a", 5, 1, 4, 2, ),      # 5, 5, 4, 4 -> 4.5 self-directed
        ("b", 1, 5, 2, 4),        # 1, 1, 2, 2 -> 1.5 reserved
        ("c", 3, 3, 3, 3),        # exactly the midpoint -> reserved (at or below the cut)
        ("d", 5, None, None, 2),  # 2 of 4 answered < 3 required -> unknown
        ("e", 4, None, 4, 1),     # 4, 4, 5 -> 13/3
        ("f", 0, 9, 4, 4),        # 0 and 9 are out of range -> missing -> 1 answered -> unknown
    ])
    out = toolkit.score_style(s, SCALE)
    assert out["attendee_id"].tolist() == list("abcdef")
    assert out["n_answered"].tolist() == [4, 4, 4, 2, 3, 2]
    assert out["style_score"].iloc[:3].tolist() == [4.5, 1.5, 3.0]
    assert out["style_score"].iloc[4] == pytest.approx(13 / 3)
    assert out["style_score"].isna().tolist() == [False, False, False, True, False, True]
    assert out["style"].astype(str).tolist() == ["self-directed", "reserved", "reserved", "unknown",
                                                 "self-directed", "unknown"]


def test_required_answers_and_high_meaning_reserved():
    s = survey([("a", 5, None, None, None), ("b", 1, None, None, None)])
    scale = StyleScale(items=SCALE.items, reversed=SCALE.reversed, min_answered=1, high="reserved")
    out = toolkit.score_style(s, scale)
    assert out["style"].astype(str).tolist() == ["reserved", "self-directed"]


def test_median_split_is_data_driven():
    s = survey([(x, v, 6 - v, v, 6 - v) for x, v in zip("abcdef", [2, 2, 3, 3, 4, 4])])
    scale = StyleScale(items=SCALE.items, reversed=SCALE.reversed, split="median")
    out = toolkit.score_style(s, scale)
    assert out.attrs["style_cut"] == 3.0
    assert out["style"].astype(str).tolist() == ["reserved"] * 4 + ["self-directed"] * 2
    low = survey([(x, v, 6 - v, v, 6 - v) for x, v in zip("abcd", [1, 1, 2, 2])])
    assert toolkit.score_style(low, scale)["style"].astype(str).tolist() == ["reserved"] * 2 + ["self-directed"] * 2
    assert set(toolkit.score_style(low, SCALE)["style"].astype(str)) == {"reserved"}


def test_missing_items_are_an_error_a_person_can_act_on():
    with pytest.raises(toolkit.UsageError, match="style-scale items"):
        toolkit.score_style(pd.DataFrame({"attendee_id": ["a"], "q": [1.0]}), SCALE)


def test_reliability_without_the_items_warns_instead_of_failing():
    rel = toolkit.scale_reliability(pd.DataFrame({"attendee_id": ["a"], "q": [1.0]}), SCALE)
    assert rel.n == 0 and len(rel.warnings) == 1 and "netout.toml" in rel.warnings[0]


def test_self_described_style_variants():
    values = pd.Series(["Reserved", " reserved ", "SELF-DIRECTED", "self directed", "Self_Directed", "bold", None])
    assert toolkit.style_from_attendees(values).astype(str).tolist() == \
        ["reserved", "reserved", "self-directed", "self-directed", "self-directed", "unknown", "unknown"]


def _simulated(n=400, seed=1):
    rng = np.random.default_rng(seed)
    trait = rng.normal(size=n)
    cols = {}
    for i in range(1, 5):
        sign = -1 if f"s{i}" in SCALE.reversed else 1
        cols[f"s{i}"] = np.clip(np.round(3 + sign * trait + rng.normal(scale=0.8, size=n)), 1, 5)
    return pd.DataFrame({"attendee_id": [f"p{i}" for i in range(n)], **cols})


def test_reliability_good_scale_has_no_warning():
    rel = toolkit.scale_reliability(_simulated(), SCALE)
    assert rel.alpha > 0.75 and rel.n == 400
    assert (rel.items["item_rest_r"] > 0.5).all()
    assert rel.warnings == []
    assert set(rel.to_dict()) == {"alpha", "n", "items", "warnings"}


def test_reversed_item_not_declared_is_flagged():
    undeclared = StyleScale(items=SCALE.items, reversed=("s2",))
    rel = toolkit.scale_reliability(_simulated(), undeclared)
    assert rel.alpha < 0.7
    assert any("below 0.7" in w for w in rel.warnings)
    flagged = [w for w in rel.warnings if "correlates negatively" in w]
    assert len(flagged) == 1 and "'s4'" in flagged[0] and "reversed item not declared" in flagged[0]


# --------------------------------------------------------------------------- real IPIP extraversion items

E_ITEMS = tuple(f"e{i}" for i in range(1, 11))
E_SCALE = StyleScale(items=E_ITEMS, reversed=("e2", "e4", "e6", "e8", "e10"), min=1, max=5)


@pytest.fixture(scope="module")
def ipip(realdata):
    frame = pd.read_csv(realdata / "big5_ipip" / "big5_ipip_data.csv", sep="\t",
                        usecols=[f"E{i}" for i in range(1, 11)])
    return frame.astype("Float64")


@pytest.mark.realdata
def test_ipip_alpha_matches_pingouin_and_hand_computation(ipip):
    pingouin = pytest.importorskip("pingouin")
    rel = toolkit.scale_reliability(ipip, E_SCALE)
    # independent: reverse by hand (6 - x), 0 = not answered, listwise
    raw = ipip.to_numpy(dtype=float, na_value=np.nan)
    raw[raw == 0] = np.nan
    keyed = raw.copy()
    keyed[:, 1::2] = 6 - keyed[:, 1::2]
    complete = keyed[~np.isnan(keyed).any(axis=1)]
    k = complete.shape[1]
    hand = k / (k - 1) * (1 - complete.var(axis=0, ddof=1).sum() / complete.sum(axis=1).var(ddof=1))
    ping, _ = pingouin.cronbach_alpha(data=pd.DataFrame(complete), nan_policy="listwise")
    assert rel.n == len(complete) == 19_718
    assert rel.alpha == pytest.approx(hand, abs=1e-12)
    assert rel.alpha == pytest.approx(ping, abs=1e-6)
    assert 0.85 < rel.alpha < 0.95
    rest = complete.sum(axis=1, keepdims=True) - complete
    hand_r = [np.corrcoef(complete[:, j], rest[:, j])[0, 1] for j in range(k)]
    assert rel.items["item_rest_r"].to_numpy() == pytest.approx(hand_r, abs=1e-12)
    assert rel.warnings == []


@pytest.mark.realdata
def test_ipip_scores_match_published_sum_and_undeclared_reversal_is_caught(ipip):
    scored = toolkit.score_style(ipip, E_SCALE)
    full = scored[scored["n_answered"] == 10]["style_score"].astype(float)
    # the data's README: sum score over complete rows mean 30.11, SD 9.22 (10 items)
    assert 10 * full.mean() == pytest.approx(30.11, abs=0.01)
    assert 10 * full.std() == pytest.approx(9.22, abs=0.01)
    # one respondent answered nothing (all 0 = not answered): unknown; everyone else is scored
    assert scored["style"].astype(str).value_counts()["unknown"] == 1
    assert set(scored["style"].astype(str)) == {"reserved", "self-directed", "unknown"}
    # forget to declare E10 ("I am quiet around strangers") as reversed: it alone is flagged
    wrong = toolkit.scale_reliability(ipip, StyleScale(items=E_ITEMS, reversed=("e2", "e4", "e6", "e8"), min=1, max=5))
    flagged = {w.split("'")[1] for w in wrong.warnings if "correlates negatively" in w}
    assert flagged == {"e10"}
    assert wrong.alpha < toolkit.scale_reliability(ipip, E_SCALE).alpha
