"""The interventions registry: every change is a real, effective key of the strategic engine."""

from __future__ import annotations

import numpy as np
import pytest

from realpolitik.citations import BIBTEX
from realpolitik.engine import Params, simulate
from realpolitik.engine.params import ineffective_keys
from realpolitik.engine.presets import HAZARD_KEYS
from realpolitik.experiments.interventions import (
    INTERVENTIONS,
    InterventionError,
    apply_intervention,
    intervention_sources,
)

STATES = 3
PRESCRIPTIONS = (
    "baseline",
    "deterrence",
    "transparency",
    "hotline",
    "arms_control",
    "alliance_design",
    "defensive_posture",
    "restraint",
    "modernisation",
    "budget_discipline",
)


def test_the_seeds_prescriptions_are_registered_with_sources():
    assert set(PRESCRIPTIONS) <= set(INTERVENTIONS)
    assert INTERVENTIONS["baseline"].changes == {}
    for name, spec in INTERVENTIONS.items():
        assert spec.name == name and spec.title and spec.description
        if name != "baseline":
            assert spec.changes and spec.sources, name
        assert all(key in BIBTEX for key in spec.sources), name


@pytest.mark.parametrize("name", list(INTERVENTIONS))
def test_every_change_validates_and_is_effective_under_the_strategic_engine(name):
    changes = apply_intervention(name, {}, states=STATES)
    params = Params.strategic(**changes)
    assert params.decisions == "strategic"
    assert not set(ineffective_keys(params)) & set(changes)
    specs = Params.specs()
    for key in INTERVENTIONS[name].changes:
        assert key not in HAZARD_KEYS
        spec = specs[key]
        # a core key always acts; any other key's mechanism must be switched on and non-neutral
        assert spec.mechanism == "core" or params.is_active(key), key


@pytest.mark.parametrize("name", [n for n in INTERVENTIONS if n != "baseline"])
def test_every_intervention_changes_what_a_strategic_run_does(name):
    base = Params.strategic(burn_in=5, share_greedy=0.5, offense_defense_factor=2.0)
    kw = {"states": STATES, "runs": 40, "years": 40, "seed": 7}
    ref = simulate(base, **kw)
    changed = base.replace(**apply_intervention(name, {}, states=STATES))
    out = simulate(changed, **kw)
    same_data = np.array_equal(ref.data["military"].values, out.data["military"].values)
    same_events = ref.events.equals(out.events)
    assert not (same_data and same_events), f"{name} changed nothing"


def test_first_state_only_changes_the_first_entry_and_keeps_the_rest():
    out = apply_intervention("restraint", {"reaction": [0.3, 0.4], "seed_note": 1}, states=2)
    assert out["reaction"] == [0.1, 0.4] and out["seed_note"] == 1
    out = apply_intervention("modernisation", {}, states=3)
    assert out["arming_drive"] == [0.03, 0.0, 0.0]
    assert out["military_cap_share"] == [0.15, 0.1, 0.1]
    out = apply_intervention("modernisation", {"mobilization": 0.2}, states=2)
    assert out["mobilization"] == [0.1, 0.2]
    with pytest.raises(InterventionError, match="only the first state's"):
        apply_intervention("restraint", {"reaction": [0.3, 0.4]})


def test_apply_leaves_the_overrides_alone_and_baseline_changes_nothing():
    given = {"transparency": 0.1, "share_greedy": 0.4}
    assert apply_intervention("baseline", given) == given
    out = apply_intervention("transparency", given)
    assert out["transparency"] == 0.6 and out["share_greedy"] == 0.4
    assert given == {"transparency": 0.1, "share_greedy": 0.4}


def test_unknown_intervention_names_it_the_closest_and_the_known_ones():
    with pytest.raises(InterventionError) as err:
        apply_intervention("deterence", {})
    text = str(err.value)
    assert "'deterence'" in text and "did you mean 'deterrence'" in text
    assert all(name in text for name in INTERVENTIONS)
    with pytest.raises(InterventionError, match="'nope'"):
        intervention_sources(["baseline", "nope"])
    assert intervention_sources(["hotline", "deterrence"])[0] == "schelling1960"
