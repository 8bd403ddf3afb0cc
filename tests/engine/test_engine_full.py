"""The full engine (every mechanism on): the compiled loops equal the numpy operations, the
result does not depend on the number of workers, and the invariants hold."""

from __future__ import annotations

import pytest

from realpolitik.engine import Params, ScheduledEvent, simulate
from realpolitik.engine.mechanisms import perception
from realpolitik.testing import assert_trajectories_equal, check_invariants

#: Every mechanism on (the benchmark's full configuration, docs/mechanisms.md keys).
FULL = {
    "transparency": 0.3,
    "type_beliefs": True,
    "trust_discount": 0.5,
    "reassurance_gesture": 0.3,
    "distinguishability": 0.3,
    "offense_advantage": 0.7,
    "alliances": True,
    "alliance_formation": "threat",
    "burden_sharing": 0.3,
    "hawkishness": 0.2,
    "audience_cost": 0.5,
    "butter_pressure": 0.5,
    "nuclear_warheads": [1000.0, 1000.0, 0.0, 0.0, 0.0],
    "survivable_share": 0.5,
    "escalation_rungs": 3,
    "hotline": 0.5,
    "treaty_cap_share": 0.08,
    "cheat_prob_greedy": 0.3,
    "verification": 0.5,
    "gdp_cession": 0.1,
}
SCHEDULE = [
    ScheduledEvent(0, "alliance_form", (2, 3)),
    ScheduledEvent(20, "set", (), ("hotline", 0.8)),
]
KW = {"states": 5, "runs": 300, "years": 40, "seed": 3, "chunk_size": 128, "schedule": SCHEDULE}


@pytest.fixture(scope="module")
def full():
    return simulate(Params.core(**FULL), **KW)


def test_every_mechanism_is_active_in_the_full_configuration():
    params = Params.core(**FULL)
    assert not params.is_core_configuration()
    mechanisms = {Params.specs()[k].mechanism for k in params.active_keys()}
    assert {"perception", "beliefs", "offense_defense", "alliances", "domestic", "deterrence",
            "crisis", "arms_control", "war"} <= mechanisms  # fmt: skip


def test_full_engine_keeps_the_invariants(full):
    check_invariants(full)
    ev = full.events
    assert (ev["kind"] == "war").sum() > 0
    assert ev["nuclear"].any() and ev["misperceived"].any() and (ev["rung"] > 0).any()
    assert {"mean_trust", "alliance_pairs", "treaty_in_force"} <= set(full.summary_names)


def test_compiled_loops_give_the_numbers_of_the_numpy_operations(full, monkeypatch):
    monkeypatch.setattr(perception, "NUMBA", False)
    assert_trajectories_equal(full, simulate(Params.core(**FULL), **KW))


def test_full_engine_is_the_same_with_two_workers(full):
    assert_trajectories_equal(full, simulate(Params.core(**FULL), workers=2, **KW))
