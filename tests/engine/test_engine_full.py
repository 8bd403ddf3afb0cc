"""The full engine (every mechanism on): the compiled loops equal the numpy operations, the
result does not depend on the number of workers, and the invariants hold."""

from __future__ import annotations

import pytest

from realpolitik.engine import Params, compiled, simulate
from realpolitik.testing import (
    assert_trajectories_equal,
    check_invariants,
    full_configuration,
    full_schedule,
)

FULL = full_configuration(5)
SCHEDULE = full_schedule(5, 40)
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
    monkeypatch.setattr(compiled, "NUMBA", False)
    assert_trajectories_equal(full, simulate(Params.core(**FULL), **KW))


def test_full_engine_is_the_same_with_two_workers(full):
    assert_trajectories_equal(full, simulate(Params.core(**FULL), workers=2, **KW))


def test_full_schedule_needs_a_third_and_fourth_state_for_its_pact():
    with pytest.raises(ValueError, match="states = 3"):
        full_schedule(3, 10)
