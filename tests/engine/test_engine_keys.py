"""Keys declared by the mechanisms that own them: Params, ResolvedParams, errors, docs tables."""

from __future__ import annotations

import dataclasses
import math
import pickle
from pathlib import Path

import numpy as np
import pytest

from realpolitik.engine import PARAM_SPECS, Params, ResolvedParams, core_keys
from realpolitik.engine.keydocs import key_table, main, render
from realpolitik.engine.keys import KeySpec
from realpolitik.engine.mechanisms import MECHANISM_LIST, SCHEDULABLE, schedule
from realpolitik.theory._validate import InputError

DOCS = Path(__file__).resolve().parents[2] / "docs" / "mechanisms.md"


def test_the_key_tables_of_the_docs_are_generated_from_the_declarations():
    text = DOCS.read_text()
    assert render(text) == text, "run: python -m realpolitik.engine.keydocs"
    assert text.count("<!-- keys: ") == len(set(Params.describe()["mechanism"]))
    with pytest.raises(ValueError, match="no key belongs to group"):
        key_table("nonsense")


def test_the_docs_script_rewrites_stale_tables(tmp_path, capsys):
    stale = tmp_path / "mechanisms.md"
    stale.write_text("# x\n\n<!-- keys: crisis -->\n| old |\n<!-- /keys -->\n")
    assert main([str(stale)]) == 0
    assert "`hotline`" in stale.read_text() and "| old |" not in stale.read_text()
    assert main([str(stale)]) == 0
    assert "up to date" in capsys.readouterr().out


def test_every_key_is_declared_once_by_the_module_that_owns_it_in_the_lists_order():
    declared = [*core_keys.KEYS, *(s for m in MECHANISM_LIST for s in getattr(m, "KEYS", ()))]
    assert [s.key for s in declared] == list(Params.keys())
    assert all(isinstance(s, KeySpec) and PARAM_SPECS[s.key] == s for s in declared)
    assert [s.key for s in core_keys.KEYS if s.mechanism == "core"] == list(Params.keys()[:18])
    owners = {s.key: m.__name__.rsplit(".", 1)[1] for m in MECHANISM_LIST for s in m.KEYS}
    assert owners["hotline"] == "crisis" and owners["distinguishability"] == "beliefs"
    assert owners["treaty_cap_share"] == "arms_control" and "reaction" not in owners


def test_the_schedulable_keys_derive_from_the_declarations():
    expected = {"hotline", "transparency", "verification", "distinguishability",
                "treaty_cap_share", "mad_damping", "nuclear_warheads", "survivable_share",
                "warheads_per_missile"}  # fmt: skip
    assert set(SCHEDULABLE) == expected and schedule.SCHEDULABLE == SCHEDULABLE
    assert tuple(k for k, s in PARAM_SPECS.items() if s.schedulable) == SCHEDULABLE


def test_describe_works_on_the_class_and_on_an_instance():
    on_class = Params.describe()
    assert list(on_class["key"]) == list(Params.keys())
    assert on_class.equals(Params().describe())
    table = Params.core(reaction=[0.1, 0.2]).describe().set_index("key")
    assert table.loc["reaction", "value"] == [0.1, 0.2]
    assert on_class.set_index("key").loc["hotline", "schedulable"]
    assert on_class.set_index("key").loc["treaty_cap_share", "value"] == "inf"


@pytest.mark.parametrize(
    ("kwargs", "key", "index"),
    [
        ({"reaction": -0.1}, "reaction", None),
        ({"reaction": [0.1, math.nan]}, "reaction", 1),
        ({"reaction": "high"}, "reaction", None),
        ({"reaction": [0.1, "x"]}, "reaction", None),
        ({"reaction": [[0.1, 0.2]]}, "reaction", None),
        ({"crisis_base_rate": [0.1, 0.2]}, "crisis_base_rate", None),
        ({"reaction": [0.1, 0.2], "fatigue": [0.3, 0.3, 0.3]}, "fatigue", None),
        ({"holtine": 0.5}, "holtine", None),
        ({"war_value_high": -4.0}, "war_value_high", None),
        ({"offense_advantage": 0.8, "decisiveness": 2.0}, "offense_advantage", None),
        ({"type_beliefs": "yes"}, "type_beliefs", None),
        ({"escalation_rungs": 2.5}, "escalation_rungs", None),
    ],
)
def test_every_value_error_of_params_is_a_structured_input_error(kwargs, key, index):
    with pytest.raises(InputError) as err:
        Params.core(**kwargs)
    assert err.value.key == key and err.value.index == index and err.value.allowed
    assert pickle.loads(pickle.dumps(err.value)).args == err.value.args
    with pytest.raises(InputError) as err:
        Params.core(reaction=[0.1, 0.2, 0.3]).resolve(4)
    assert err.value.key == "reaction" and "states = 4" in str(err.value)
    with pytest.raises(InputError, match="mapping"):
        Params.from_dict([("reaction", 0.1)])
    with pytest.raises(InputError, match="nonsense"):
        Params().is_active("nonsense")


def test_resolved_params_are_a_typed_frozen_dataclass_of_the_same_keys():
    resolved = Params.core(nuclear_warheads=[0, 10, 20], hotline=0.3).resolve(3)
    assert isinstance(resolved, ResolvedParams) and dataclasses.is_dataclass(resolved)
    names = [f.name for f in dataclasses.fields(resolved)]
    assert names == ["params", "states", "k", "active", *Params.keys()]
    with pytest.raises(dataclasses.FrozenInstanceError):
        resolved.hotline = 0.5
    assert not resolved.nuclear_warheads.flags.writeable and not resolved.k.flags.writeable
    later = resolved.replace(hotline=0.8, transparency=0.5)
    assert later.hotline == 0.8 and resolved.hotline == 0.3 and later.params is resolved.params
    assert later.to_dict()["hotline"] == 0.8 and later.to_dict()["states"] == 3
    per_state = resolved.replace(reaction=0.4)
    np.testing.assert_array_equal(per_state.reaction, [0.4, 0.4, 0.4])
    with pytest.raises(InputError, match="holtine"):
        resolved.replace(holtine=0.1)
    back = pickle.loads(pickle.dumps(resolved))
    assert back.to_dict() == resolved.to_dict() and not back.reaction.flags.writeable
