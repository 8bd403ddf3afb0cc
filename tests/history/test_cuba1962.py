"""The Cuban missile crisis day by day: historical outcome, counterfactuals, inputs, bad input."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from realpolitik.analysis.intervals import normal_interval, wilson_interval
from realpolitik.citations import BIBTEX
from realpolitik.history import HistoryError
from realpolitik.history import cuba1962 as cuba
from realpolitik.history.cases import CASES, crisis_outcomes, get_case
from realpolitik.theory.deterrence import war_of_nerves

RUNS, SEED = 3000, 1962


@pytest.fixture(scope="module")
def sims():
    return {c: cuba.simulate(RUNS, SEED, hotline=c[0], jupiter=c[1]) for c in cuba.CONDITIONS}


def _share(crisis, *names):
    return np.isin(crisis.outcome, [cuba.OUTCOMES.index(n) for n in names])


def test_historical_outcome_is_the_most_likely_one(sims):
    hist = sims[(False, False)]
    counts = hist.counts
    lo, _ = wilson_interval(counts["Soviet withdrawal"], RUNS)
    # its 95% interval lies above every other outcome's upper bound
    for name, hits in counts.items():
        if name != "Soviet withdrawal":
            assert lo > wilson_interval(hits, RUNS)[1], name


def test_hotline_lowers_the_chance_of_war_paired_interval(sims):
    war = _share(sims[(False, False)], "war")
    war_hot = _share(sims[(True, False)], "war")
    diff, lo, hi = normal_interval(war_hot.astype(float) - war.astype(float))
    assert hi < 0.0, (diff, lo, hi)


def test_hotline_acts_through_less_noise_only():
    # with no less noise in reading resolve or incidents, the hotline changes nothing
    neutral = {"hotline_noise": 1.0, "hotline_incident_noise": 1.0}
    a = cuba.simulate(500, 3, **neutral)
    b = cuba.simulate(500, 3, hotline=True, **neutral)
    assert np.array_equal(a.outcome, b.outcome) and np.array_equal(a.day, b.day)


def test_jupiter_trade_raises_peaceful_soviet_withdrawal_or_compromise(sims):
    peace = _share(sims[(False, False)], "Soviet withdrawal", "compromise")
    peace_j = _share(sims[(False, True)], "Soviet withdrawal", "compromise")
    diff, lo, _ = normal_interval(peace_j.astype(float) - peace.astype(float))
    assert lo > 0.0, diff


def test_jupiter_acts_through_the_soviet_audience_cost():
    # with no Soviet audience cost to lift, the public trade only relabels withdrawals
    a = cuba.simulate(500, 4, a_ussr=0.0)
    b = cuba.simulate(500, 4, jupiter=True, a_ussr=0.0)
    assert np.array_equal(a.day, b.day)
    withdraw, compromise = (cuba.OUTCOMES.index(k) for k in ("Soviet withdrawal", "compromise"))
    assert np.array_equal(np.where(a.outcome == withdraw, compromise, a.outcome), b.outcome)


def test_outcome_comes_from_the_choices():
    # a USSR far more resolved than the US (cheap war, high stake) makes the US concede instead
    flipped = cuba.simulate(2000, 5, v_ussr=5.0, c_ussr=0.5, bias_ussr=1.0)
    p = flipped.probabilities
    assert max(p, key=p.__getitem__) == "US concession"


def test_same_seed_same_runs_and_probabilities_sum_to_one():
    a, b = cuba.simulate(400, 11), cuba.simulate(400, 11)
    assert np.array_equal(a.outcome, b.outcome) and np.array_equal(a.rung_usa, b.rung_usa)
    assert not np.array_equal(a.outcome, cuba.simulate(400, 12).outcome)
    assert sum(a.probabilities.values()) == pytest.approx(1.0, abs=1e-12)


def test_resolve_at_the_central_inputs_matches_war_of_nerves():
    c = {i.name: i.value for i in cuba.INPUTS}
    nerves = war_of_nerves(
        c["v_usa"] + c["a_usa"], c["c_usa"], c["v_ussr"] + c["a_ussr"], c["c_ussr"]
    )
    # no spread, noise or accidents: the central resolves decide, and the less resolute USSR
    # (B) backs down as soon as it reads US resolve
    crisis = cuba.simulate(200, 1, spread=0.0, noise=0.0, p_incident_war=0.0)
    assert nerves.winner == "A"
    assert crisis.probabilities["Soviet withdrawal"] == 1.0
    assert np.all(crisis.day == 23) and np.all(crisis.risk == 0.0)


def test_rungs_respect_the_dates_of_the_ladder(sims):
    hist = sims[(False, False)]
    days = list(cuba.DAYS)
    settled = hist.outcome != cuba.OUTCOMES.index("war")
    assert hist.rung_usa[:, : days.index(22)].max() == 0  # secret ExComm week
    assert hist.rung_usa[settled, days.index(22) : days.index(24)].max() <= 1  # quarantine only
    assert hist.rung_ussr[settled, : days.index(23)].max() == 0


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"runs": -1}, r"runs = -1 is out of range; allowed: integers 1\.\.1,000,000"),
        ({"runs": 0}, "runs = 0"),
        ({"seed": -5}, "seed = -5 is out of range; allowed: integers >= 0"),
        ({"detente": 1.0}, r"option 'detente' is unknown; allowed: \['a_usa', 'a_ussr'"),
        ({"p_u2_war": 1.5}, r"p_u2_war = 1.5 is out of range; allowed: \[0, 1\]"),
        ({"noise": float("nan")}, "noise = nan is out of range"),
    ],
)
def test_bad_input_names_the_field_and_the_allowed_range(kwargs, match):
    with pytest.raises(HistoryError, match=match):
        cuba.simulate(**kwargs)


@settings(max_examples=25, deadline=None)
@given(
    runs=st.integers(1, 60),
    seed=st.integers(0, 2**32),
    hotline=st.booleans(),
    jupiter=st.booleans(),
    values=st.fixed_dictionaries(
        {i.name: st.floats(i.lo, min(i.hi, 5.0)) for i in cuba.INPUTS[:6]}
    ),
)
def test_probabilities_are_shares_for_any_valid_input(runs, seed, hotline, jupiter, values):
    crisis = cuba.simulate(runs, seed, hotline=hotline, jupiter=jupiter, **values)
    p = np.array(list(crisis.probabilities.values()))
    assert np.all((p >= 0) & (p <= 1)) and p.sum() == pytest.approx(1.0)
    assert np.all((crisis.risk >= 0) & (crisis.risk <= 1))
    assert crisis.rung_usa.min() >= 0 and crisis.rung_usa.max() <= 3


def test_case_is_registered_with_every_condition_and_cited_sources():
    assert CASES["cuba1962"] == "realpolitik.history.cuba1962:case"
    r = get_case("cuba1962")
    assert r.split is None and r.fit_years == "not calibrated (inputs from sources)"
    assert len(r.outcomes) == len(cuba.OUTCOMES) * 4
    for cond in ("historical", "hotline", "jupiter", "hotline and jupiter"):
        total = sum(o.probability for o in r.outcomes if o.name.endswith(f"({cond})"))
        assert total == pytest.approx(1.0)
    assert r.series[0].years == cuba.DAYS and "Soviet withdrawal" in r.findings[0]
    assert all(k in BIBTEX for k in r.sources)


def test_crisis_outcomes_for_the_run_command():
    table = crisis_outcomes("cuba1962", 200, 3)
    assert table[0].name == "Soviet withdrawal (historical)" and table[0].runs == 200
    with pytest.raises(HistoryError, match="choose one of"):
        crisis_outcomes("berlin1961")


def test_docs_list_every_input_with_its_value_and_source():
    from pathlib import Path

    text = (Path(__file__).parents[2] / "docs" / "history.md").read_text(encoding="utf-8")
    for i in cuba.INPUTS:
        assert f"| `{i.name}` | {i.value:g} | {i.units} | {i.meaning} | {i.source} |" in text
