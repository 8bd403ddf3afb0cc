"""The engine contract of docs/mechanisms.md: key kinds, switches, arming hooks, the schedule,
and the recording of flags, rungs, joiners and yearly summaries."""

from __future__ import annotations

import dataclasses
import json
import math
import re
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from realpolitik.engine import (
    PARAM_SPECS,
    PHASES,
    ChunkContext,
    Params,
    Phase,
    ScheduledEvent,
    Trajectory,
    World,
    simulate,
)
from realpolitik.engine.mechanisms import MECHANISM_ORDER, arming, schedule
from realpolitik.engine.params import key_metadata
from realpolitik.engine.world import (
    EVENT_CRISIS,
    EVENT_WAR,
    FLAG_CONCEDED,
    FLAG_MISPERCEIVED,
    FLAG_NUCLEAR,
)
from realpolitik.testing import assert_trajectories_equal, check_invariants

DOCS = Path(__file__).resolve().parents[2] / "docs" / "mechanisms.md"


# -- keys: every key of docs/mechanisms.md, kinds, validation ---------------------------------
def documented_names(section: str) -> set[str]:
    """Backticked names in the first column of the tables of docs/mechanisms.md's part."""
    text = DOCS.read_text()
    keys_part, contract_part = text.split("## The engine contract", 1)
    names = set()
    for line in (keys_part if section == "keys" else contract_part).splitlines():
        if line.startswith("| `"):
            names.update(re.findall(r"`([a-z_]+)`", line.split("|")[1]))
    return names


def test_every_key_of_the_mechanisms_document_is_declared():
    assert documented_names("keys") - set(PARAM_SPECS) == set()
    assert len(documented_names("keys")) >= 45


def test_every_world_field_of_the_contract_exists():
    fields = set(World.__dataclass_fields__)
    assert documented_names("contract") - fields == set()
    assert {"beliefs", "allied", "war_prob", "event_flags", "summaries"} <= documented_names(
        "contract"
    )


def test_every_non_core_key_names_its_mechanism_and_an_existing_switch():
    mechanisms = set(MECHANISM_ORDER) | {"offense_defense"}
    for key, spec in PARAM_SPECS.items():
        if spec.mechanism == "core":
            continue
        assert spec.mechanism in mechanisms, key
        assert spec.requires is None or PARAM_SPECS[spec.requires].requires is None
        assert spec.requires is None or PARAM_SPECS[spec.requires].mechanism == spec.mechanism
        assert spec.is_neutral(getattr(Params(), key)), key
    assert PARAM_SPECS["transparency"].mechanism == "perception"
    assert PARAM_SPECS["prior_trust"].requires == "type_beliefs"
    assert PARAM_SPECS["mad_damping"].requires == "nuclear_warheads"
    per_state = {k for k, s in PARAM_SPECS.items() if s.per_state and s.mechanism != "core"}
    assert per_state == {
        "hawkishness", "audience_cost", "butter_pressure", "nuclear_warheads",
        "survivable_share", "warheads_per_missile", "mobilization", "conquest_value_greedy",
        "conquest_value_secure", "arming_drive", "burden_secure", "burden_greedy", "fear_burden",
        "burden_adjustment", "leader_turnover",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"type_beliefs": "yes"}, r"type_beliefs = 'yes'.*true or false"),
        ({"type_beliefs": 1}, r"type_beliefs = 1.*true or false"),
        ({"alliance_formation": "appease"}, r"alliance_formation = 'appease'.*'balance'"),
        ({"alliance_formation": 1.0}, "alliance_formation"),
        ({"escalation_rungs": 2.5}, r"escalation_rungs = 2.5 is not an integer"),
        ({"escalation_rungs": 0}, r"escalation_rungs = 0.0 is out of range.*\[1, 127\]"),
        ({"escalation_rungs": True}, "escalation_rungs"),
        ({"treaty_year": None}, r"treaty_year = None.*integers in \[0, inf\)"),
        ({"offense_advantage": 1.5}, r"offense_advantage = 1.5.*\[0, 1\] or null"),
        ({"transparency": None}, "transparency = None"),
        ({"hotline": [0.1, 0.2]}, "hotline.*not per state"),
        ({"hawkishness": [0.1, -0.2]}, r"hawkishness\[1\]"),
        ({"temptation_greedy": 1.0}, r"temptation_greedy = 1.0.*\(1, inf\)"),
        ({"unacceptable_damage": 1.0}, "unacceptable_damage"),
        ({"treaty_cap_share": 0.0}, r"treaty_cap_share = 0.0.*\(0, inf\]"),
        ({"war_value_high": -4.0}, "war_value_high = -4.0 must exceed war_value_low"),
    ],
)
def test_invalid_values_of_every_kind_raise_naming_the_key(kwargs, match):
    with pytest.raises(ValueError, match=match):
        Params.core(**kwargs)


def test_kinds_are_normalised_and_survive_json():
    params = Params.core(
        type_beliefs=np.bool_(True),
        alliance_formation="threat",
        escalation_rungs=3.0,
        treaty_cap_share=0.05,
        treaty_year=np.int64(4),
        nuclear_warheads=[0, 200, 10],
    )
    assert params.type_beliefs is True and params.escalation_rungs == 3
    assert isinstance(params.escalation_rungs, int) and isinstance(params.treaty_year, int)
    data = params.to_dict()
    text = json.dumps(data, allow_nan=False)
    assert '"type_beliefs": true' in text and '"offense_advantage": null' in text
    assert data["alliance_formation"] == "threat" and data["escalation_rungs"] == 3
    assert Params.core().to_dict()["treaty_cap_share"] == "inf"
    again = Params.from_dict(json.loads(text))
    assert again == params and hash(again) == hash(params)
    text_repr = repr(params)
    assert "type_beliefs=True" in text_repr and "alliance_formation='threat'" in text_repr
    assert "offense_advantage" not in text_repr
    resolved = params.resolve(3)
    assert resolved.type_beliefs is True and resolved.alliance_formation == "threat"
    assert resolved.escalation_rungs == 3 and resolved.offense_advantage is None
    np.testing.assert_array_equal(resolved.nuclear_warheads, [0.0, 200.0, 10.0])
    np.testing.assert_array_equal(resolved.hawkishness, [0.0, 0.0, 0.0])
    assert resolved.active == {
        "type_beliefs", "escalation_rungs", "treaty_cap_share", "treaty_year", "nuclear_warheads"
    }  # alliance_formation needs alliances = true  # fmt: skip
    table = params.describe().set_index("key")
    assert table.loc["type_beliefs", "range"] == "true or false"
    assert table.loc["escalation_rungs", "range"] == "integers in [1, 127]"
    assert table.loc["offense_advantage", "range"] == "[0, 1] or null"
    assert table.loc["alliance_formation", "kind"] == "choice"
    assert table.loc["prior_trust", "requires"] == "type_beliefs"


# -- offense_advantage --------------------------------------------------------------------------
@pytest.mark.parametrize("beta", [0.0, 0.25, 0.8, 1.0])
def test_offense_advantage_sets_the_three_core_keys(beta):
    params = Params.core(offense_advantage=beta)
    assert params.offense_defense_factor == 1.0 + 0.4 * beta
    assert params.decisiveness == 2.0 * beta
    assert params.war_given_crisis == 0.2 * beta
    assert params.is_core_configuration()  # it only moves core keys
    assert Params.from_dict(json.loads(json.dumps(params.to_dict()))) == params


def test_offense_advantage_one_half_is_the_core_model_and_keeps_the_fast_path():
    half = Params.core(offense_advantage=0.5)
    core = Params.core()
    for key in ("offense_defense_factor", "decisiveness", "war_given_crisis"):
        assert getattr(half, key) == getattr(core, key)
    kw = {"states": 4, "runs": 40, "years": 30, "seed": 2}
    a, b = simulate(half, **kw), simulate(core, **kw)
    assert a.meta["fast_path"]
    for name in ("military", "gdp", "budget_share"):
        np.testing.assert_array_equal(a.array(name), b.array(name))
    pd.testing.assert_frame_equal(a.events, b.events)


def test_offense_advantage_with_a_different_explicit_value_raises_naming_both():
    with pytest.raises(
        ValueError, match=r"offense_advantage = 0.8 sets decisiveness = 1.6, but decisiveness = 2.0"
    ):
        Params.core(offense_advantage=0.8, decisiveness=2.0)
    with pytest.raises(ValueError, match="offense_defense_factor"):
        Params.core(offense_advantage=0.8, offense_defense_factor=[1.2, 1.32])
    with pytest.raises(ValueError, match="war_given_crisis"):
        Params.core(offense_advantage=0.8, war_given_crisis=0.1)  # explicit core value
    same = Params.core(offense_advantage=0.8, decisiveness=1.6)  # agreeing values are fine
    assert same == Params.core(offense_advantage=0.8)


def test_replace_lets_the_derived_keys_follow_offense_advantage():
    strong = Params.core(offense_advantage=0.8)
    weak = strong.replace(offense_advantage=0.25)
    assert weak.decisiveness == 0.5 and weak.war_given_crisis == 0.2 * 0.25
    assert strong.replace(offense_advantage=None) == Params.core()
    assert strong.replace(reaction=0.4).decisiveness == 1.6
    with pytest.raises(ValueError, match="decisiveness"):
        strong.replace(decisiveness=3.0)


# -- which keys count for is_core_configuration ----------------------------------------------
@pytest.mark.parametrize(
    "kwargs",
    [
        {"prior_trust": 0.2, "misperception": 0.3, "reassurance_gesture": 0.5},
        {"mad_damping": 0.9, "survivable_share": [0.5, 0.5, 0.5]},
        {"verification": 0.9, "cheat_prob_greedy": 1.0, "treaty_collapse_on_detection": False},
        {"alliance_formation": "balance", "burden_sharing": 0.5},
        {"crisis_stake": 2.0, "target_war_value": -3.0},
        {"nuclear_warheads": [0.0, 0.0, 0.0]},
        {"offense_advantage": 0.9},
    ],
)
def test_keys_without_their_switch_keep_the_core_configuration(kwargs):
    params = Params.core(**kwargs)
    assert params.is_core_configuration() and params.active_keys() == ()
    assert simulate(params, states=3, runs=4, years=3, seed=0).meta["fast_path"]


@pytest.mark.parametrize(
    ("kwargs", "active"),
    [
        ({"type_beliefs": True}, ("type_beliefs",)),
        ({"type_beliefs": True, "prior_trust": 0.2}, ("type_beliefs", "prior_trust")),
        ({"nuclear_warheads": [0, 0, 50], "mad_damping": 0.9}, ("nuclear_warheads", "mad_damping")),
        ({"treaty_cap_share": 0.05, "verification": 0.5}, ("verification", "treaty_cap_share")),
        ({"alliances": True, "alliance_formation": "threat"}, ("alliances", "alliance_formation")),
        ({"hawkishness": [0, 0.5, 0]}, ("hawkishness",)),
        ({"transparency": 0.5}, ("transparency",)),
        ({"escalation_rungs": 3}, ("escalation_rungs",)),
        ({"distinguishability": 0.5}, ("distinguishability",)),
        ({"gdp_cession": 0.2}, ("gdp_cession",)),
    ],
)
def test_effective_non_neutral_keys_leave_the_core_configuration(kwargs, active):
    params = Params.core(**kwargs)
    assert not params.is_core_configuration()
    assert set(params.active_keys()) == set(active)
    assert params.is_active(active[0]) and not params.is_active("reaction")
    with pytest.raises(ValueError, match="fast=True"):
        simulate(params, states=3, runs=4, years=3, seed=0, fast=True)
    with pytest.raises(ValueError, match="nonsense"):
        params.is_active("nonsense")


@dataclasses.dataclass(frozen=True, eq=False)
class Nested(Params):
    """A user's mechanism whose switch itself needs another switch."""

    sanctions_on: Any = dataclasses.field(
        default=False,
        metadata=key_metadata(
            symbol="-", kind="bool", per_state=False, mechanism="sanctions", neutral=False,
            requires="alliances", doc="allied sanctions",
        ),
    )  # fmt: skip
    sanctions_level: Any = dataclasses.field(
        default=0.5,
        metadata=key_metadata(
            symbol="z", hi=1.0, per_state=False, mechanism="sanctions", neutral=0.5,
            requires="sanctions_on", doc="sanctions level",
        ),
    )  # fmt: skip


def test_switches_chain_so_a_key_counts_only_when_every_switch_above_is_on():
    assert Nested(sanctions_level=0.9, sanctions_on=True).is_core_configuration()
    assert Nested(sanctions_level=0.9, alliances=True).active_keys() == ("alliances",)
    on = Nested(sanctions_level=0.9, sanctions_on=True, alliances=True)
    assert set(on.active_keys()) == {"alliances", "sanctions_on", "sanctions_level"}


def test_key_declarations_are_checked():
    with pytest.raises(ValueError, match="kind"):
        key_metadata(symbol="x", kind="complex", doc="x")
    with pytest.raises(ValueError, match="choices"):
        key_metadata(symbol="x", kind="choice", per_state=False, doc="x")
    with pytest.raises(ValueError, match="per state"):
        key_metadata(symbol="x", kind="bool", doc="x")
    spec = key_metadata(symbol="x", mechanism="m", nullable=True, per_state=False, doc="x")
    assert spec["spec"].neutral is None and spec["spec"].is_neutral(None)


# -- arming hooks (hand-built worlds) ----------------------------------------------------------
def arming_world(threat=(2.0, 3.0, 1.0)):
    military = np.array([[0.3, 0.5, 0.2]])
    gdp = np.array([[10.0, 10.0, 10.0]])
    world = World(military, gdp, np.full((1, 3), 0.02), np.array([[False, True, False]]))
    world.begin_step()
    world.threat[...] = np.array([threat])
    return world


def core_response(params, world):
    m, y = world.military_old[0], world.gdp_old[0]
    g = np.where(world.greedy[0], params.grievance_greedy, params.grievance_secure)
    k = params.reaction / 2.0
    return m + params.dt * (k * world.threat[0] - params.fatigue * m + g), y


def test_neutral_hooks_give_exactly_the_core_response():
    params = Params.core(military_cap_share=math.inf)
    world = arming.step(arming_world(), params.resolve(3), None)
    want, y = core_response(params, world)
    np.testing.assert_array_equal(world.military[0], want)
    np.testing.assert_array_equal(world.budget_share[0], want / y)


def test_threat_offset_lowers_arming_and_never_below_zero_threat():
    params = Params.core(military_cap_share=math.inf)
    plain = arming.step(arming_world(), params.resolve(3), None)
    world = arming_world()
    world.threat_offset = np.array([[0.5, 10.0, 0.0]])
    arming.step(world, params.resolve(3), None)
    k = 0.1
    np.testing.assert_allclose(world.military[0], plain.military[0] - k * np.array([0.5, 3, 0]))
    assert world.military[0, 0] < plain.military[0, 0]
    assert world.military[0, 2] == plain.military[0, 2]


def test_military_limit_binds_below_the_gdp_cap():
    params = Params.core()
    world = arming_world(threat=(20.0, 20.0, 20.0))
    world.military_limit = np.array([[0.4, np.inf, 2.0]])
    arming.step(world, params.resolve(3), None)
    np.testing.assert_allclose(world.military[0], [0.4, 1.0, 1.0])  # cap 0.1 * 10
    np.testing.assert_allclose(world.budget_share[0], [0.04, 0.1, 0.1])


def test_hawkishness_raises_the_reaction():
    params = Params.core(military_cap_share=math.inf, hawkishness=[0.0, 0.5, 1.0])
    world = arming.step(arming_world(), params.resolve(3), None)
    base, _ = core_response(Params.core(military_cap_share=math.inf), world)
    extra = 0.1 * np.array([0.0, 0.5, 1.0]) * world.threat[0]
    np.testing.assert_allclose(world.military[0], base + extra, rtol=1e-14)
    assert world.military[0, 0] == base[0]


def test_butter_pressure_raises_fatigue_by_the_burden_over_the_cap():
    params = Params.core(butter_pressure=[0.0, 2.0, 4.0])
    world = arming.step(arming_world(), params.resolve(3), None)
    base, _ = core_response(Params.core(), world)
    m = world.military_old[0]
    burden_over_cap = (m / 10.0) / 0.1
    want = base - 0.3 * np.array([0.0, 2.0, 4.0]) * burden_over_cap * m
    np.testing.assert_allclose(world.military[0], want, rtol=1e-14)
    assert world.military[0, 1] < base[1]
    nocap = Params.core(military_cap_share=math.inf, butter_pressure=2.0)
    world = arming.step(arming_world(), nocap.resolve(3), None)  # no cap: no butter term
    np.testing.assert_array_equal(world.military[0], core_response(nocap, world)[0])


# -- the World's contract fields ----------------------------------------------------------------
def small_world(runs=2, states=3):
    return World(
        np.ones((runs, states)), np.full((runs, states), 10.0), np.zeros((runs, states)),
        np.zeros((runs, states), bool),
    )  # fmt: skip


def test_world_contract_fields_default_to_none_and_buffers_clear_each_step():
    world = small_world()
    for name in ("beliefs", "threat_weight", "threat_offset", "military_limit", "allied",
                 "treaty_in_force", "treaty_members", "war_prob"):  # fmt: skip
        assert getattr(world, name) is None
    assert world.event_flags.dtype == np.uint16 and world.event_flags.shape == (2, 3)
    assert world.event_rung.dtype == np.uint8 and world.summaries == {}
    world.event_flags[...] = FLAG_NUCLEAR
    world.event_rung[...] = 2
    world.summaries["x"] = np.ones(2)
    world.add_joiners([0], [1], [2])
    world.overrides["hotline"] = 0.5
    world.begin_step()
    assert not world.event_flags.any() and not world.event_rung.any()
    assert world.summaries == {} and world.joiners == []
    assert world.overrides == {"hotline": 0.5}  # persistent


def test_world_param_reads_the_schedules_override_first():
    world = small_world()
    params = Params.core(hotline=0.2).resolve(3)
    assert world.param("hotline", params) == 0.2
    world.overrides["hotline"] = 0.9
    assert world.param("hotline", params) == 0.9
    assert world.param("reaction", params) is params.reaction


def test_add_joiners_validates_indices_and_flags_count_only_on_crisis_pairs():
    world = small_world()
    with pytest.raises(ValueError, match="state_idx"):
        world.add_joiners([0], [0], [3])
    with pytest.raises(ValueError, match="pair_idx"):
        world.add_joiners(0, 3, 1)
    world.add_joiners(np.array([], int), np.array([], int), np.array([], int))
    assert world.joiners == []
    world.crisis[0, 1] = True
    world.war[0, 1] = True
    world.event_flags[...] = FLAG_MISPERCEIVED
    codes = world.event_codes()
    assert codes.dtype == np.uint16
    assert codes[0, 1] == EVENT_CRISIS | EVENT_WAR | FLAG_MISPERCEIVED
    assert codes.sum() == codes[0, 1]  # flags on pairs without a crisis are not events


# -- the schedule -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"year": -1, "action": "treaty_end"}, "year = -1"),
        ({"year": 2.0, "action": "treaty_end"}, "year = 2.0"),
        ({"year": 1, "action": "coup"}, "action = 'coup'"),
        ({"year": 1, "action": "alliance_form", "states": (0,)}, "states = \\(0,\\)"),
        ({"year": 1, "action": "alliance_form", "states": (0, 0)}, "repeats"),
        ({"year": 1, "action": "alliance_form", "states": (0, -1)}, "states"),
        ({"year": 1, "action": "alliance_form", "states": 3}, "states = 3"),
        ({"year": 1, "action": "treaty_sign", "states": (2,)}, "states"),
        ({"year": 1, "action": "treaty_end", "states": (0, 1)}, "takes no states"),
        ({"year": 1, "action": "treaty_sign", "value": 0.0}, r"value = 0.0.*\(0, inf\]"),
        ({"year": 1, "action": "treaty_sign", "value": "low"}, "value = 'low'"),
        ({"year": 1, "action": "set", "value": ("reaction", 0.5)}, "'reaction' cannot be"),
        ({"year": 1, "action": "set", "value": ("hotline", 1.5)}, r"value\['hotline'\] = 1.5"),
        ({"year": 1, "action": "set", "value": 0.5}, "value = 0.5"),
        ({"year": 1, "action": "alliance_form", "states": (0, 1), "value": 2}, "no value"),
    ],
)
def test_invalid_scheduled_events_raise_naming_the_field(kwargs, match):
    with pytest.raises(ValueError, match=match):
        ScheduledEvent(**kwargs)


def test_a_schedule_is_checked_against_the_simulation():
    kw = {"states": 3, "runs": 2, "years": 2, "seed": 0}
    bad = [ScheduledEvent(0, "treaty_end"), ScheduledEvent(1, "alliance_form", (0, 3))]
    with pytest.raises(ValueError, match=r"schedule\[1\].states = \(0, 3\).*0..2"):
        simulate(Params.core(), schedule=bad, **kw)
    with pytest.raises(ValueError, match=r"schedule\[0\].value = None.*treaty_cap_share"):
        simulate(Params.core(), schedule=[ScheduledEvent(0, "treaty_sign")], **kw)
    with pytest.raises(ValueError, match=r"schedule\[0\]"):
        simulate(Params.core(), schedule=[("year", 1)], **kw)
    with pytest.raises(ValueError, match="sequence"):
        simulate(Params.core(), schedule=ScheduledEvent(0, "treaty_end"), **kw)
    with pytest.raises(ValueError, match="no schedule"):
        simulate(Params.core(), schedule=[ScheduledEvent(0, "treaty_end")], fast=True, **kw)


def test_schedule_phase_applies_alliances_treaties_and_settings_to_every_run():
    world = small_world(states=4)
    events = (
        ScheduledEvent(0, "alliance_form", (0, 1, 2)),
        ScheduledEvent(1, "alliance_dissolve", (1, 2)),
        ScheduledEvent(1, "treaty_sign", (1, 3), 0.05),
        ScheduledEvent(1, "set", value=("hotline", 0.7)),
        ScheduledEvent(2, "treaty_sign"),
        ScheduledEvent(3, "treaty_end"),
    )
    ctx = ChunkContext(None, 4, 2, schedule=events)
    schedule.step(world, None, None, ctx)
    assert world.allied.shape == (2, 4, 4) and world.treaty_in_force is None
    assert {tuple(x) for x in np.argwhere(world.allied[0])} == {
        (0, 1), (1, 0), (0, 2), (2, 0), (1, 2), (2, 1)
    }  # fmt: skip
    assert (world.allied[0] == world.allied[1]).all()
    world.year = 1
    schedule.step(world, None, None, ctx)
    assert world.allied[:, 0, 1].all() and not world.allied[:, 1, 2].any()
    assert world.treaty_in_force.all()
    np.testing.assert_array_equal(world.treaty_members, [[False, True, False, True]] * 2)
    assert world.overrides == {"treaty_cap_share": 0.05, "hotline": 0.7}
    world.year = 2
    schedule.step(world, None, None, ctx)
    assert world.treaty_members.all() and "treaty_cap_share" not in world.overrides
    world.year = 3
    schedule.step(world, None, None, ctx)
    assert not world.treaty_in_force.any() and world.overrides == {"hotline": 0.7}
    assert ctx.overrides == world.overrides  # in effect for the phases that follow


def test_a_scheduled_key_re_prepares_the_constants_that_read_it():
    # deterrence prepares its nuclear factors once per chunk; a schedule's mad_damping set in
    # year 0 must act exactly as the same value given in the parameters
    nuclear = {"nuclear_warheads": [1000.0, 1000.0, 0.0], "survivable_share": 0.5,
               "crisis_base_rate": 0.3, "war_given_crisis": 0.5}  # fmt: skip
    kw = {"states": 3, "runs": 60, "years": 20, "seed": 4}
    dummy = [ScheduledEvent(0, "set", value=("hotline", 0.0))]
    scheduled = simulate(
        Params.core(**nuclear), schedule=[ScheduledEvent(0, "set", value=("mad_damping", 0.9))],
        **kw,
    )  # fmt: skip
    given = simulate(Params.core(**nuclear, mad_damping=0.9), schedule=dummy, **kw)
    assert_trajectories_equal(scheduled, given)
    default = simulate(Params.core(**nuclear), schedule=dummy, **kw)
    assert (scheduled.events.kind == "war").sum() > (default.events.kind == "war").sum()


def probe(world, params, rng):
    """A phase after the schedule recording what the schedule set, as yearly summaries."""
    allied = world.allied
    world.summaries["allied_01"] = (
        np.zeros(world.runs) if allied is None else allied[:, 0, 1].astype(float)
    )
    treaty = world.treaty_in_force
    world.summaries["treaty"] = np.zeros(world.runs) if treaty is None else treaty * 1.0
    world.summaries["hotline"] = np.full(world.runs, world.param("hotline", params))
    world.summaries["year_seen"] = np.full(world.runs, float(world.year))
    return world


def with_probe():
    return [PHASES[0], Phase("probe", probe), *PHASES[1:]]


SCHEDULE = (
    ScheduledEvent(5, "alliance_form", (0, 1)),
    ScheduledEvent(3, "treaty_sign", (), 0.05),
    ScheduledEvent(8, "set", value=("hotline", 0.6)),
)


def test_scheduled_events_take_effect_from_their_year_in_a_simulation():
    traj = simulate(
        Params.core(), states=3, runs=6, years=12, seed=1, schedule=SCHEDULE, phases=with_probe()
    )
    # the record of year t + 1 shows the world of step t (world.year = t)
    seen = traj.array("year_seen")
    assert np.isnan(seen[:, 0]).all()
    np.testing.assert_array_equal(seen[0, 1:], np.arange(12))
    allied = traj.array("allied_01")[:, 1:]
    assert (allied[:, :5] == 0).all() and (allied[:, 5:] == 1).all()
    treaty = traj.array("treaty")[:, 1:]
    assert (treaty[:, :3] == 0).all() and (treaty[:, 3:] == 1).all()
    hotline = traj.array("hotline")[:, 1:]
    assert (hotline[:, :8] == 0).all() and (hotline[:, 8:] == 0.6).all()
    assert not traj.meta["fast_path"]
    assert traj.meta["schedule"][0] == {
        "year": 5, "action": "alliance_form", "states": [0, 1], "value": None
    }  # fmt: skip
    assert traj.summary_names[:4] == ("allied_01", "treaty", "hotline", "year_seen")


# -- recording flags, rungs, joiners and summaries -------------------------------------------
def decorate(world, params, rng):
    """A custom phase after war: flags, rungs, joiners (the third state) and summaries."""
    pairs = np.arange(world.pairs)
    world.event_flags[...] = FLAG_NUCLEAR  # only crisis pairs count
    world.event_flags[:, 0] |= FLAG_MISPERCEIVED
    world.event_flags[world.crisis & ~world.war] |= FLAG_CONCEDED
    world.event_rung[...] = (pairs + 1)[None, :]
    r, p = np.nonzero(world.war)
    third = 3 - world.pair_i[p] - world.pair_j[p]
    world.add_joiners(r, p, third)
    world.add_joiners(r, p, world.pair_i[p])  # a side is never listed twice
    world.summaries["wars"] = world.war.sum(axis=1).astype(float)
    if world.year % 2 == 0:
        world.summaries["even_years"] = np.ones(world.runs)
    return world


def with_decorate():
    return [*PHASES[:-1], Phase("decorate", decorate), PHASES[-1]]


WARLIKE = Params.core(crisis_base_rate=0.3, war_given_crisis=0.4)
KW = {"states": 3, "runs": 30, "years": 25, "chunk_size": 8}


@pytest.fixture(scope="module")
def decorated():
    return simulate(WARLIKE, seed=3, phases=with_decorate(), **KW)


def test_flags_rungs_and_joiners_are_recorded_as_event_columns(decorated):
    ev = decorated.events
    crises, wars = ev[ev.kind == "crisis"], ev[ev.kind == "war"]
    assert len(wars) > 10 and len(crises) > len(wars)
    assert ev.nuclear.all()
    pair0 = ((ev.initiator == 0) & (ev.target == 1)) | ((ev.initiator == 1) & (ev.target == 0))
    assert (ev.misperceived == pair0).all()
    lo = np.minimum(ev.initiator, ev.target)
    hi = np.maximum(ev.initiator, ev.target)
    pair_index = np.select([(lo == 0) & (hi == 1), (lo == 0) & (hi == 2)], [0, 1], 2)
    assert (ev.rung == pair_index + 1).all()
    war_keys = set(zip(wars.run, wars.year, lo[wars.index], hi[wars.index], strict=True))
    escalated = np.array(
        [(r, y, a, b) in war_keys for r, y, a, b in zip(ev.run, ev.year, lo, hi, strict=True)]
    )
    assert (ev.conceded == ~escalated).all()
    for row in wars.itertuples():
        assert list(row.participants) == [row.initiator, row.target, 3 - row.initiator - row.target]
    assert all(len(p) == 2 for p in crises.participants)
    check_invariants(decorated)


def test_yearly_summaries_become_run_by_year_variables(decorated):
    ds = decorated.data
    assert ds["wars"].dims == ("run", "year") and ds["wars"].sizes["year"] == KW["years"] + 1
    wars = decorated.array("wars")
    assert np.isnan(wars[:, 0]).all()
    ev = decorated.event_arrays()
    counts = np.zeros_like(wars)
    np.add.at(counts, (ev["run"][ev["kind"] == 1], ev["year"][ev["kind"] == 1]), 1)
    np.testing.assert_array_equal(wars[:, 1:], counts[:, 1:])
    even = decorated.array("even_years")
    assert (even[:, 1::2] == 1).all() and np.isnan(even[:, 2::2]).all()
    assert decorated.summary_names == ("wars", "even_years")
    assert decorated.event_arrays()["joiners"].size == int(ev["n_joiners"].sum())


def test_bad_joiners_and_summaries_are_reported():
    def joins_peace(world, params, rng):
        world.add_joiners([0], [0], [2])
        return world

    def bad_name(world, params, rng):
        world.summaries["military"] = np.ones(world.runs)
        return world

    def bad_shape(world, params, rng):
        world.summaries["x"] = np.ones(world.runs + 1)
        return world

    kw = {"states": 3, "runs": 2, "years": 2, "seed": 0}
    calm = Params.core(crisis_base_rate=0.0)
    for step, match in ((joins_peace, "no war"), (bad_name, "military"), (bad_shape, "shape")):
        with pytest.raises(ValueError, match=match):
            simulate(calm, phases=[*PHASES[:-1], Phase("bad", step), PHASES[-1]], **kw)


def test_results_with_a_schedule_and_joiners_do_not_depend_on_workers():
    phases = [PHASES[0], Phase("probe", probe), *PHASES[1:-1], Phase("d", decorate), PHASES[-1]]
    one = simulate(WARLIKE, seed=9, schedule=SCHEDULE, phases=phases, workers=1, **KW)
    two = simulate(WARLIKE, seed=9, schedule=SCHEDULE, phases=phases, workers=2, **KW)
    assert_trajectories_equal(one, two)
    assert one == two and one.event_arrays()["joiners"].size > 0
    other = simulate(WARLIKE, seed=10, schedule=SCHEDULE, phases=phases, **KW)
    with pytest.raises(AssertionError):
        assert_trajectories_equal(one, other)


# -- persistence of the new columns ------------------------------------------------------------
def test_save_and_load_keep_flags_rungs_joiners_and_summaries(decorated, tmp_path):
    back = Trajectory.load(decorated.save(tmp_path / "run"))
    assert back == decorated
    pd.testing.assert_frame_equal(back.events, decorated.events)
    assert back.summary_names == decorated.summary_names
    np.testing.assert_array_equal(back.array("even_years"), decorated.array("even_years"))
    table = pq.read_table(tmp_path / "run" / "events.parquet")
    assert table.schema.field("rung").type == pa.int8()
    assert table.schema.field("conceded").type == pa.bool_()


def test_old_event_files_without_the_new_columns_still_load(decorated, tmp_path):
    path = decorated.save(tmp_path / "old")
    table = pq.read_table(path / "events.parquet")
    old = table.select(["run", "year", "kind", "initiator", "target", "winner", "label"])
    pq.write_table(old, path / "events.parquet")
    back = Trajectory.load(path)
    ev = back.events
    assert not ev[["misperceived", "nuclear", "conceded"]].any().any()
    assert (ev.rung == 0).all() and all(len(p) == 2 for p in ev.participants)
    assert back.event_arrays()["joiners"].size == 0


def test_from_arrays_reads_optional_event_columns():
    m = np.ones((1, 3, 3))
    rows = [
        {"run": 0, "year": 1, "kind": "crisis", "initiator": 2, "target": 0, "winner": -1,
         "label": None, "nuclear": True, "rung": 2, "participants": [2, 0]},
        {"run": 0, "year": 1, "kind": "war", "initiator": 2, "target": 0, "winner": 0,
         "label": "security_dilemma_war", "nuclear": True, "rung": 2, "participants": [2, 0, 1]},
    ]  # fmt: skip
    traj = Trajectory.from_arrays(
        m, m * 10, np.zeros((1, 3), bool), events=pd.DataFrame(rows),
        summaries={"mean_trust": np.array([[np.nan, 0.5, 0.4]])},
    )  # fmt: skip
    ev = traj.events
    assert list(ev.participants.iloc[1]) == [2, 0, 1] and ev.nuclear.all()
    assert not ev.misperceived.any() and list(ev.rung) == [2, 2]
    assert traj.array("mean_trust")[0, 2] == 0.4
    check_invariants(traj)
    bad = pd.DataFrame(rows)
    bad.at[1, "participants"] = [0, 2, 1]
    with pytest.raises(ValueError, match="participants"):
        Trajectory.from_arrays(m, m * 10, np.zeros((1, 3), bool), events=bad)
    bad = pd.DataFrame(rows)
    bad["rung"] = 300
    with pytest.raises(ValueError, match="rung"):
        Trajectory.from_arrays(m, m * 10, np.zeros((1, 3), bool), events=bad)
    with pytest.raises(ValueError, match="summary 'gdp'"):
        Trajectory.from_arrays(m, m, np.zeros((1, 3), bool), summaries={"gdp": np.ones((1, 3))})


@pytest.mark.parametrize(
    ("change", "match"),
    [
        ({"kind": "crisis", "participants": [2, 0, 1]}, "crisis row has joiners"),
        ({"participants": [2, 0, 2]}, "listed twice"),
        ({"participants": [2, 0, 1, 1]}, "ascending"),
        ({"participants": [2, 0, 5]}, "joiner outside"),
        ({"conceded": True}, "conceded"),
        ({"rung": 3}, "rung differs"),
    ],
)
def test_check_invariants_catches_bad_participants_and_flags(change, match):
    m = np.ones((1, 3, 3))
    rows = [
        {"run": 0, "year": 1, "kind": "crisis", "initiator": 2, "target": 0, "winner": -1,
         "label": None, "participants": [2, 0]},
        {"run": 0, "year": 1, "kind": "war", "initiator": 2, "target": 0, "winner": 0,
         "label": "security_dilemma_war", "participants": [2, 0, 1]},
    ]  # fmt: skip
    if change.get("kind") == "crisis":
        rows = [rows[0] | {"participants": change["participants"]}]
    else:
        rows[1] = rows[1] | change
        if "conceded" in change:
            rows[0] = rows[0] | change
    traj = Trajectory.from_arrays(m, m * 10, np.zeros((1, 3), bool), events=pd.DataFrame(rows))
    with pytest.raises(AssertionError, match=match):
        check_invariants(traj)


def test_trajectories_with_different_summaries_differ():
    m = np.ones((1, 3, 3))
    g = np.zeros((1, 3), bool)
    a = Trajectory.from_arrays(m, m, g, summaries={"x": np.array([[np.nan, 1.0, 2.0]])})
    assert a == Trajectory.from_arrays(m, m, g, summaries={"x": np.array([[np.nan, 1.0, 2.0]])})
    assert a != Trajectory.from_arrays(m, m, g, summaries={"x": np.array([[np.nan, 1.0, 3.0]])})
    assert a != Trajectory.from_arrays(m, m, g, summaries={"y": np.array([[np.nan, 1.0, 2.0]])})
    assert a != Trajectory.from_arrays(m, m, g)
    with pytest.raises(AssertionError, match="summaries differ"):
        assert_trajectories_equal(a, Trajectory.from_arrays(m, m, g))
    with pytest.raises(AssertionError, match="summary 'x' differs"):
        assert_trajectories_equal(
            a, Trajectory.from_arrays(m, m, g, summaries={"x": np.array([[np.nan, 1.0, 3.0]])})
        )


def test_a_rung_above_127_is_reported():
    def high(world, params, rng):
        world.event_rung[...] = 200
        return world

    with pytest.raises(ValueError, match="event_rung holds 200"):
        simulate(
            Params.core(crisis_base_rate=1.0), states=3, runs=4, years=3, seed=0,
            phases=[*PHASES[:-1], Phase("high", high), PHASES[-1]],
        )  # fmt: skip
