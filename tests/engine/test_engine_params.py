"""Params: DESIGN.md's keys and core values, validation that names the key, JSON round trips."""

from __future__ import annotations

import dataclasses
import json
import math
import re
from typing import Any

import numpy as np
import pytest

from realpolitik.engine import PARAM_SPECS, Params, simulate
from realpolitik.engine.params import key_metadata

DESIGN_TABLE = {
    "reaction": 0.2,
    "fatigue": 0.3,
    "offense_defense_factor": 1.2,
    "grievance_greedy": 0.05,
    "grievance_secure": 0.005,
    "share_greedy": 0.3,
    "military_cap_share": 0.1,
    "burden_cost": 0.2,
    "perception_noise": 0.2,
    "crisis_base_rate": 0.02,
    "crisis_sensitivity": 2.0,
    "war_given_crisis": 0.1,
    "decisiveness": 1.0,
    "loser_military_loss": 0.3,
    "loser_gdp_loss": 0.1,
    "winner_military_cost": 0.1,
    "dt": 1.0,
    "burn_in": 0,
}


CORE_KEYS = tuple(k for k, s in PARAM_SPECS.items() if s.mechanism == "core")


def test_core_preset_has_the_design_tables_keys_and_values():
    data = Params.core().to_dict()
    assert {k: data[k] for k in CORE_KEYS} == DESIGN_TABLE
    assert tuple(DESIGN_TABLE) == CORE_KEYS
    assert Params.keys()[: len(DESIGN_TABLE)] == tuple(DESIGN_TABLE)
    for key in Params.keys()[len(DESIGN_TABLE) :]:  # every other mechanism at its neutral value
        spec = PARAM_SPECS[key]
        assert data[key] == spec.neutral or (data[key] == "inf" and spec.neutral == math.inf)
    assert Params.core() == Params()
    assert Params.core().is_core_configuration()


def test_every_key_documents_its_symbol_range_and_mechanism():
    for key, spec in PARAM_SPECS.items():
        assert spec.key == key and spec.symbol and spec.doc
        if spec.mechanism == "core":
            assert spec.neutral is None
        else:
            assert spec.source.startswith(("MODELS.md", "docs/"))
    assert PARAM_SPECS["reaction"].symbol == "kappa"
    assert PARAM_SPECS["crisis_sensitivity"].symbol == "beta"
    table = Params.core().describe()
    assert list(table["key"]) == list(Params.keys())
    assert table.set_index("key").loc["military_cap_share", "range"] == "[0, inf]"


@pytest.mark.parametrize(
    ("key", "value", "allowed"),
    [
        ("reaction", -0.1, r"\[0, inf\)"),
        ("fatigue", math.nan, r"\[0, inf\)"),
        ("offense_defense_factor", math.inf, r"\[0, inf\)"),
        ("share_greedy", 1.5, r"\[0, 1\]"),
        ("crisis_base_rate", -0.01, r"\[0, 1\]"),
        ("war_given_crisis", 1.01, r"\[0, 1\]"),
        ("loser_military_loss", 2.0, r"\[0, 1\]"),
        ("dt", 0.0, r"\(0, inf\)"),
        ("grievance_greedy", math.inf, r"\(-inf, inf\)"),
        ("military_cap_share", -math.inf, r"\[0, inf\]"),
        ("perception_noise", [0.1, -0.2], r"\[0, inf\)"),
    ],
)
def test_invalid_values_raise_naming_key_value_and_range(key, value, allowed):
    with pytest.raises(ValueError, match=key) as err:
        Params.core(**{key: value})
    assert "allowed" in str(err.value)
    assert re.search(allowed, str(err.value))


def test_per_state_index_is_named_in_the_error():
    with pytest.raises(ValueError, match=r"reaction\[1\] = nan"):
        Params.core(reaction=[0.1, math.nan, 0.2])


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"reaction": "high"}, "reaction"),
        ({"reaction": True}, "reaction"),
        ({"reaction": [[0.1, 0.2]]}, "reaction"),
        ({"reaction": []}, "reaction"),
        ({"reaction": [0.1, "x"]}, "reaction"),
        ({"crisis_base_rate": [0.1, 0.2]}, "crisis_base_rate"),
        ({"reaction": [0.1, 0.2], "fatigue": [0.3, 0.3, 0.3]}, "fatigue"),
        ({"hotline": 1.5}, "hotline"),
        ({"holtine": 0.5}, "holtine"),
    ],
)
def test_malformed_values_and_unknown_keys_raise(kwargs, match):
    with pytest.raises(ValueError, match=match):
        Params.core(**kwargs)


def test_wrong_per_state_length_for_the_system_raises_naming_the_key():
    params = Params.core(reaction=[0.1, 0.2, 0.3])
    assert params.n_states() == 3
    with pytest.raises(ValueError, match="reaction has 3 per-state values but states = 4"):
        params.resolve(4)


def test_no_cap_is_allowed_and_survives_json():
    params = Params.core(military_cap_share=math.inf)
    data = json.loads(json.dumps(params.to_dict(), allow_nan=False))
    assert data["military_cap_share"] == "inf"
    assert Params.from_dict(data) == params
    assert Params.from_dict(data).military_cap_share == math.inf


def test_per_state_values_round_trip_and_are_read_only():
    params = Params.core(reaction=[0.1, 0.2], military_cap_share=[0.1, math.inf])
    again = Params.from_dict(json.loads(json.dumps(params.to_dict())))
    assert again == params and hash(again) == hash(params)
    assert isinstance(params.reaction, np.ndarray)
    with pytest.raises(ValueError):
        params.reaction[0] = 5.0
    with pytest.raises(AttributeError):
        params.reaction = 0.3  # frozen


def test_replace_revalidates_and_keeps_the_rest():
    params = Params.core().replace(perception_noise=0.0)
    assert params.perception_noise == 0.0 and params.reaction == 0.2
    with pytest.raises(ValueError, match="perception_noise"):
        params.replace(perception_noise=-1)
    with pytest.raises(ValueError, match="nonsense"):
        params.replace(nonsense=1)
    with pytest.raises(ValueError, match="mapping"):
        Params.from_dict([("reaction", 0.1)])


def test_resolve_gives_per_state_arrays_and_k_equal_kappa_over_n_minus_one():
    resolved = Params.core(reaction=[0.4, 0.8, 1.2]).resolve(3)
    np.testing.assert_array_equal(resolved.k, [0.2, 0.4, 0.6])
    np.testing.assert_array_equal(resolved.fatigue, [0.3, 0.3, 0.3])
    assert resolved.crisis_base_rate == 0.02 and resolved.states == 3
    assert not resolved.fatigue.flags.writeable


def test_repr_names_changed_keys_only():
    assert repr(Params.core()) == "Params(core defaults)"
    assert "reaction=0.5" in repr(Params.core(reaction=0.5))
    assert Params.core() != object() and Params.core() != Params.core(reaction=0.5)


@dataclasses.dataclass(frozen=True, eq=False)
class WithSanctions(Params):
    """A later mechanism's key, declared as a user would declare it."""

    sanctions: Any = dataclasses.field(
        default=0.0,
        metadata=key_metadata(
            symbol="z", hi=1.0, mechanism="sanctions", neutral=0.0, doc="sanctions damping"
        ),
    )


def test_a_new_mechanism_key_is_validated_and_disables_the_fast_path_when_not_neutral():
    assert WithSanctions().is_core_configuration()
    assert WithSanctions.keys()[-1] == "sanctions"
    assert WithSanctions.specs()["sanctions"].mechanism == "sanctions"
    on = WithSanctions.core(sanctions=0.5)
    assert not on.is_core_configuration()
    assert on.to_dict()["sanctions"] == 0.5 and WithSanctions.from_dict(on.to_dict()) == on
    with pytest.raises(ValueError, match="sanctions"):
        WithSanctions.core(sanctions=2.0)
    kw = {"states": 3, "runs": 4, "years": 3, "seed": 0}
    assert simulate(WithSanctions(), **kw).meta["fast_path"]
    assert not simulate(on, **kw).meta["fast_path"]
    with pytest.raises(ValueError, match="fast=True"):
        simulate(on, fast=True, **kw)


def test_a_non_core_key_must_name_its_neutral_value():
    with pytest.raises(ValueError, match="neutral"):
        key_metadata(symbol="x", mechanism="treaty", doc="treaty cap")
