"""docs/contributing.md stays true: a toy mechanism added the documented way just works."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from realpolitik.engine import Params, simulate
from realpolitik.engine.chunks import phases_for
from realpolitik.engine.keydocs import key_table
from realpolitik.engine.mechanisms import MECHANISM_LIST, MECHANISMS, declared_keys
from realpolitik.testing import check_invariants, check_mechanism
from realpolitik.theory._validate import InputError

sys.path.insert(0, str(Path(__file__).parent))
import toy_sanctions as toy

DOC = Path(__file__).resolve().parents[2] / "docs" / "contributing.md"
AFTER_ECONOMY = list(MECHANISMS).index("economy") + 1
WITH_TOY = (*MECHANISM_LIST[:AFTER_ECONOMY], toy, *MECHANISM_LIST[AFTER_ECONOMY:])
ToyParams = Params.with_mechanisms(toy)
KW = {"states": 3, "runs": 24, "years": 15, "seed": 5, "chunk_size": 16}


def test_the_page_names_the_steps_it_documents():
    text = DOC.read_text()
    for needle in ("MECHANISM_LIST", "KEYS", "key(", "prepare(params, states)", "ctx.prepared",
                   "python -m realpolitik.engine.keydocs", "<!-- keys: sanctions -->",
                   "check_mechanism", "Params.with_mechanisms", "phases_for"):  # fmt: skip
        assert needle in text, needle


def test_the_toy_mechanisms_keys_join_params_in_the_lists_order():
    assert ToyParams.keys()[-2:] == ("sanctions", "sanctions_cost")
    order = [s.key for s in declared_keys(WITH_TOY)]
    # the toy's phase follows economy: its keys follow arming's and precede alliances'
    at = order.index("burden_adjustment") + 1
    assert order[at : at + 3] == ["sanctions", "sanctions_cost", "alliances"]
    assert [k for k in order if not k.startswith("sanctions")] == list(Params.keys())
    assert ToyParams.specs()["sanctions"].schedulable and toy.KEYS[1].requires == "sanctions"
    assert ToyParams().is_core_configuration() and issubclass(ToyParams, Params)
    on = ToyParams.core(sanctions=0.2, sanctions_cost=0.5)
    assert on.active_keys() == ("sanctions", "sanctions_cost")
    assert ToyParams.from_dict(on.to_dict()) == on
    with pytest.raises(InputError, match=r"sanctions = 2\.0") as err:
        ToyParams.core(sanctions=2.0)
    assert err.value.key == "sanctions" and err.value.allowed == "[0, 1]"
    table = key_table("sanctions", ToyParams)
    assert "| `sanctions` | z | [0, 1] | 0 |" in table and "`sanctions_cost`" in table


def test_the_toy_mechanism_passes_the_conformance_check_and_runs_in_its_phase():
    check_mechanism(toy, params=ToyParams)
    phases = phases_for(WITH_TOY)
    assert [p.name for p in phases][AFTER_ECONOMY] == "toy_sanctions"
    neutral = simulate(ToyParams(), phases=phases, **KW)
    assert not neutral.events["sanctioned"].any()  # its declared column, all False
    plain = simulate(Params.core(), fast=False, **KW)
    for name in ("military", "gdp", "budget_share", "greedy", "growth"):
        np.testing.assert_array_equal(neutral.array(name), plain.array(name))
    pd.testing.assert_frame_equal(neutral.events.drop(columns="sanctioned"), plain.events)
    on = simulate(ToyParams.core(sanctions=0.3), phases=phases, **KW)
    check_invariants(on)
    target = on.array("sanctioned_state")[:, 1:].astype(int)
    assert (target >= 0).all() and (target < 3).all()
    assert on.array("gdp")[:, -1].sum() < neutral.array("gdp")[:, -1].sum()
    ev = on.events
    assert ev["sanctioned"].dtype == bool and ev["sanctioned"].any()
    with pytest.raises(AssertionError, match=r"draws random numbers|changes"):
        check_mechanism(Noisy, params=ToyParams)


class Noisy:
    """A broken mechanism: it draws even when its keys are neutral."""

    __name__ = "noisy"
    MODELS = SECTION = "noise"
    KEYS = ()
    READS = WRITES = REFERENCES = ()

    @staticmethod
    def step(world, params, rng, ctx=None):
        world.military *= 1.0 + 0.0 * rng.random()
        return world


@pytest.mark.parametrize("name", list(MECHANISMS))
def test_every_engine_mechanism_passes_the_conformance_check(name):
    acts = name in ("perception", "arming", "economy", "crisis", "war")
    check_mechanism(MECHANISMS[name], params=Params, acts_in_core=acts)
    assert np.all([s.mechanism != "core" for s in getattr(MECHANISMS[name], "KEYS", ())])
