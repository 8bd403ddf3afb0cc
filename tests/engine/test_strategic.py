"""The strategic engine: wars chosen by states produce the literature's effects (docs/strategic.md).

Every statistical test uses a fixed seed, the run as the unit and a 95% interval of a difference
of mean wars per run (normal approximation over runs: 1.96 standard errors), so the tolerance
follows from the sample size. No key in these tests scales the probability of war: each effect
comes from what states perceive, believe, expect to win and expect to lose.
"""

from __future__ import annotations

import numpy as np
import pytest

from realpolitik.engine import Params, simulate
from realpolitik.testing import assert_trajectories_equal, check_invariants

BASE = dict(
    decisions="strategic", crisis_base_rate=0.0, type_beliefs=True, decisiveness=1.5,
    gdp_cession=0.1,
)  # fmt: skip


def strategic(**kw) -> Params:
    return Params.core(**{**BASE, **kw})


def per_run(params: Params, *, runs=80, years=60, states=6, seed=11, cause=None, label=None):
    """Return the wars per run (optionally of one cause or label) and the war rows."""
    tr = simulate(params, states=states, runs=runs, years=years, seed=seed)
    ev = tr.events
    w = ev[ev["kind"] == "war"]
    if cause is not None:
        w = w[w["cause"] == cause]
    if label is not None:
        w = w[w["label"] == label]
    return np.bincount(w["run"].to_numpy(), minlength=runs).astype(float), w


def diff_interval(a: np.ndarray, b: np.ndarray) -> tuple[float, float]:
    """95% interval of mean(b) - mean(a), runs independent."""
    d = b.mean() - a.mean()
    se = np.sqrt(a.var(ddof=1) / a.size + b.var(ddof=1) / b.size)
    return d - 1.96 * se, d + 1.96 * se


@pytest.mark.parametrize("share_greedy", [0.0, 0.5, 1.0])
def test_complete_information_gives_no_war_at_all(share_greedy):
    # no perception noise, no private cost, no hawk bias, no prevention: every demand is met
    p = strategic(perception_noise=0.0, cost_uncertainty=0.0, patience=0.0,
                  share_greedy=share_greedy)  # fmt: skip
    wars, _ = per_run(p, runs=60)
    assert wars.sum() == 0
    tr = simulate(p, states=8, runs=10, years=100, seed=3)
    crises = tr.events[tr.events["kind"] == "crisis"]
    if share_greedy > 0:
        assert len(crises) > 0 and set(crises["outcome"]) == {"conceded"}


def test_wars_rise_with_perception_noise_and_with_cost_uncertainty():
    quiet, _ = per_run(strategic(patience=0.0, perception_noise=0.0, cost_uncertainty=0.0))
    noisy, _ = per_run(strategic(patience=0.0, perception_noise=0.4, cost_uncertainty=0.0),
                       runs=150)  # fmt: skip
    assert quiet.sum() == 0
    lo, _ = diff_interval(quiet, noisy)
    assert lo > 0
    below, _ = per_run(strategic(patience=0.0, perception_noise=0.0, cost_uncertainty=1.0))
    above, _ = per_run(strategic(patience=0.0, perception_noise=0.0, cost_uncertainty=1.9))
    assert below.sum() == 0  # below the risk-return threshold the optimal demand is safe
    lo, _ = diff_interval(below, above)
    assert lo > 0


def test_no_preemption_without_offense_dominance():
    for od in (0.8, 1.0):
        _, w = per_run(strategic(offense_defense_factor=od, patience=0.0))
        assert not (w["cause"] == "preemption").any()


def test_security_dilemma_wars_rise_with_offense_dominance_and_fall_with_transparency():
    # security seekers only, starting in mistrust (prior below the minimum trust pi*): the
    # wars are strikes out of fear before trust has grown; the first-strike advantage od and
    # noisy perceptions (less transparency) make them
    secure = dict(share_greedy=0.0, patience=0.0, prior_trust=0.3)
    sizes = dict(runs=400, years=30)
    low, _ = per_run(strategic(offense_defense_factor=2.0, **secure), **sizes)
    high, w = per_run(strategic(offense_defense_factor=3.0, **secure), **sizes)
    assert set(w["label"]) == {"security_dilemma_war"} and set(w["cause"]) == {"preemption"}
    lo, _ = diff_interval(low, high)
    assert lo > 0
    clear, _ = per_run(strategic(offense_defense_factor=3.0, transparency=0.8, **secure), **sizes)
    _, hi = diff_interval(high, clear)
    assert hi < 0


def test_initiators_win_more_often_than_not():
    _, w = per_run(strategic(offense_defense_factor=1.6), runs=100)
    won = (w["winner"] == w["initiator"]).groupby(w["run"]).agg(["sum", "count"])
    share = won["sum"].sum() / won["count"].sum()
    # run-clustered standard error of a ratio of sums
    n = won["count"].to_numpy(float)
    resid = won["sum"].to_numpy(float) - share * n
    se = np.sqrt((resid**2).sum()) / n.sum()
    assert share - 1.96 * se > 0.5


def test_misperceived_wars_vanish_without_perception_noise():
    kw = dict(offense_defense_factor=3.0, share_greedy=0.0, patience=0.0, prior_trust=0.3)
    _, w = per_run(strategic(perception_noise=0.0, **kw), runs=200, years=30)
    assert len(w) > 0 and not w["misperceived"].any()
    _, w = per_run(strategic(perception_noise=0.3, **kw), runs=200, years=30)
    assert w["misperceived"].any()


def test_strikes_have_no_crisis_row_and_demands_have_one():
    tr = simulate(strategic(offense_defense_factor=2.0), states=6, runs=30, years=40, seed=5)
    ev = tr.events
    wars = ev[ev["kind"] == "war"]
    crises = ev[ev["kind"] == "crisis"]
    key = ["run", "year", "initiator", "target"]
    merged = wars.merge(crises[key], on=key, how="left", indicator=True)
    strikes = merged["cause"].isin(["preemption", "prevention"])
    assert (merged.loc[strikes, "_merge"] == "left_only").all()
    assert (merged.loc[~strikes, "_merge"] == "both").all()
    conceded = crises[crises["outcome"] == "conceded"]
    assert len(conceded) and (conceded["transfer"] > 0).all()


def test_strategic_runs_keep_the_invariants_and_are_deterministic_across_workers():
    p = strategic(offense_defense_factor=1.8, alliances=True, alliance_formation="balance")
    a = simulate(p, states=5, runs=24, years=30, seed=9, chunk_size=8, workers=1)
    b = simulate(p, states=5, runs=24, years=30, seed=9, chunk_size=8, workers=2)
    assert_trajectories_equal(a, b)
    check_invariants(a)
    assert (a.data["gdp"] >= 0).all() and (a.data["military"] >= 0).all()


def test_the_hazard_model_is_untouched_by_the_strategic_keys():
    a = simulate(Params.core(), states=4, runs=10, years=20, seed=1)
    b = simulate(Params.core(patience=0.5, cost_uncertainty=0.3), states=4, runs=10, years=20,
                 seed=1)  # fmt: skip
    assert_trajectories_equal(a, b)


def _given(runs: int, growth: list[float], seed: int = 4) -> dict[str, np.ndarray]:
    """Initial values: equal economies and armies, types drawn, the given trend growth."""
    n = len(growth)
    rng = np.random.default_rng(seed)
    return {
        "military": np.full((runs, n), 0.2),
        "gdp": np.full((runs, n), 10.0),
        "greedy": rng.random((runs, n)) < 0.5,
        "growth": np.tile(np.array(growth), (runs, 1)),
    }


def test_preventive_wars_rise_with_differential_growth_and_strike_declining_states():
    runs, years = 500, 60
    p = strategic()
    flat = simulate(p, states=4, runs=runs, years=years, seed=2,
                    initial=_given(runs, [0.03] * 4))  # fmt: skip
    spread = simulate(p, states=4, runs=runs, years=years, seed=2,
                      initial=_given(runs, [0.0, 0.02, 0.04, 0.06]))  # fmt: skip

    def preventive(tr):
        w = tr.events[(tr.events["kind"] == "war") & (tr.events["cause"] == "prevention")]
        return np.bincount(w["run"].to_numpy(), minlength=runs).astype(float), w

    a, _ = preventive(flat)
    b, w = preventive(spread)
    lo, _ = diff_interval(a, b)
    assert lo > 0
    # the initiator's true share of the dyad's strength C = m + mob y fell over the window
    mob = 0.05
    C = spread.array("military") + mob * spread.array("gdp")  # (run, year, state)
    t = w["year"].to_numpy() - 1
    keep = t >= 10
    r, t = w["run"].to_numpy()[keep], t[keep]
    ini, tgt = w["initiator"].to_numpy()[keep], w["target"].to_numpy()[keep]
    share_now = C[r, t, ini] / (C[r, t, ini] + C[r, t, tgt])
    share_then = C[r, t - 10, ini] / (C[r, t - 10, ini] + C[r, t - 10, tgt])
    fell = share_now < share_then
    n = fell.size
    assert n >= 30
    assert fell.mean() - 1.96 * np.sqrt(0.25 / n) > 0.5


def _three(runs: int, rivals_greedy: bool) -> dict[str, np.ndarray]:
    """State 0 a security seeker; its two rivals both greedy or both security seekers."""
    return {
        "military": np.full((runs, 3), 0.3),
        "gdp": np.full((runs, 3), 10.0),
        "greedy": np.tile(np.array([False, rivals_greedy, rivals_greedy]), (runs, 1)),
        "growth": np.full((runs, 3), 0.03),
    }


def test_arming_deters_greedy_rivals_demands_on_a_security_seeker():
    # deterrence: state 0 arming beyond what threat calls for (arming_drive) is asked less and
    # pays less; "attacked and defeated" would be the wrong measure (a weak target concedes)
    runs = 300

    def faced(drive: float):
        p = Params.strategic(burn_in=0, offense_defense_factor=1.4, arming_drive=[drive, 0, 0])
        tr = simulate(p, states=3, runs=runs, years=60, seed=3, initial=_three(runs, True))
        c = tr.events[(tr.events["kind"] == "crisis") & (tr.events["target"] == 0)]
        demands = np.bincount(c["run"].to_numpy(), minlength=runs).astype(float)
        paid = c[c["outcome"] == "conceded"]
        conceded = np.bincount(paid["run"].to_numpy(), minlength=runs).astype(float)
        return demands, conceded

    d0, c0 = faced(0.0)
    d1, c1 = faced(0.05)
    assert diff_interval(d0, d1)[1] < 0
    assert diff_interval(c0, c1)[1] < 0


def test_vulnerable_mirved_forces_bring_nuclear_first_strikes_and_survivable_ones_do_not():
    runs = 300

    def superpower_war(survivable: float) -> np.ndarray:
        p = Params.strategic(nuclear_warheads=[2000, 2000, 0, 0], warheads_per_missile=4,
                             warhead_kill_prob=0.8, survivable_share=survivable,
                             share_greedy=0.5)  # fmt: skip
        tr = simulate(p, states=4, runs=runs, years=60, seed=5)
        w = tr.events[(tr.events["kind"] == "war") & (tr.events["initiator"] < 2)
                      & (tr.events["target"] < 2)]  # fmt: skip
        assert set(w["cause"]) <= {"preemption"} and w["nuclear"].all()
        return (np.bincount(w["run"].to_numpy(), minlength=runs) > 0).astype(float)

    mad = superpower_war(0.5)
    vulnerable = superpower_war(0.0)
    assert mad.sum() == 0
    lo, _ = diff_interval(mad, vulnerable)
    assert lo > 0


def test_arming_against_security_seekers_starts_a_spiral_of_mistrust_and_preemption():
    # the spiral: the same extra arming that deters greedy rivals is read by security seekers
    # as the mark of a greedy state; their trust falls and, with offense dominant, they strike
    runs = 300

    def sd_wars(drive: float) -> np.ndarray:
        p = Params.strategic(burn_in=0, offense_defense_factor=2.0, patience=0.0,
                             share_greedy=0.0, arming_drive=[drive, 0, 0])  # fmt: skip
        tr = simulate(p, states=3, runs=runs, years=40, seed=1)
        w = tr.events[(tr.events["kind"] == "war") & (tr.events["target"] == 0)]
        assert set(w["label"]) <= {"security_dilemma_war"}
        return np.bincount(w["run"].to_numpy(), minlength=runs).astype(float)

    calm = sd_wars(0.0)
    armed = sd_wars(0.03)
    lo, _ = diff_interval(calm, armed)
    assert lo > 0
