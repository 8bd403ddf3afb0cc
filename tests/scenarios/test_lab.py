"""The lab prepares, runs and writes a scenario run for the CLI, the web lab and experiments."""

from __future__ import annotations

import doctest
import itertools
import json
import textwrap

import pytest

import realpolitik.engine as engine
from realpolitik import lab
from realpolitik.scenarios import (
    ScenarioError,
    bundled_path,
    bundled_scenarios,
    load_scenario,
    run_scenario,
    scenario_from_dict,
    with_overrides,
)
from realpolitik.scenarios.validation import estimate_memory_bytes
from realpolitik.testing import assert_trajectories_equal
from realpolitik.theory._validate import InputError

DATA = {
    "name": "mine",
    "description": "Three states, one pact.",
    "years": 6,
    "runs": 5,
    "seed": 2,
    "states": [{"name": "A", "gdp": 12.0}, {"name": "B"}, {"name": "C"}],
    "alliances": [{"members": ["A", "B"]}],
}


@pytest.fixture
def no_compute(monkeypatch):
    """Make any simulation fail: the lab must refuse bad input before it computes."""

    def simulate(*args, **kwargs):  # pragma: no cover - reached only on a regression
        raise AssertionError("simulate was called")

    monkeypatch.setattr(engine, "simulate", simulate)


def test_the_module_example_runs():
    result = doctest.testmod(lab)
    assert result.attempted > 0 and result.failed == 0


def test_prepare_takes_a_name_a_path_a_scenario_or_plain_values(tmp_path):
    path = tmp_path / "spiral.yaml"
    path.write_text(bundled_path("two-state-spiral").read_text(encoding="utf-8"), "utf-8")
    own = load_scenario("two-state-spiral")
    for source in ("two-state-spiral", path, str(path), own):
        prepared = lab.prepare_run(source)
        assert prepared.scenario.name == "two-state-spiral"
        assert (prepared.runs, prepared.years, prepared.seed) == (own.runs, own.years, own.seed)
    prepared = lab.prepare_run(DATA, runs=3, years=4, seed=9)
    assert (prepared.runs, prepared.years, prepared.seed) == (3, 4, 9)
    assert prepared.label == "mine: 3 runs x 4 years x 3 states"
    params, states, initial, schedule = prepared.compiled
    assert states == 3 and bool(params.alliances) and initial["gdp"].shape == (3, 3)
    assert [e.action for e in schedule] == ["alliance_form"]


def test_overrides_as_texts_or_a_mapping_give_the_same_run():
    texts = lab.prepare_run(DATA, overrides=["transparency=0.5", "hawkishness=[0, 0.5, 1]"])
    mapping = lab.prepare_run(DATA, overrides={"transparency": 0.5, "hawkishness": [0, 0.5, 1]})
    assert texts.overrides == mapping.overrides == {"transparency": 0.5, "hawkishness": [0, 0.5, 1]}
    assert texts.compiled.params == mapping.compiled.params
    assert texts.scenario.parameters["transparency"] == 0.5
    assert lab.parse_overrides("reaction=2") == {"reaction": 2}
    assert lab.parse_overrides(None) == {}


def test_execute_equals_run_scenario_bit_for_bit_and_reports_progress():
    prepared = lab.prepare_run(DATA, overrides={"transparency": 0.3}, runs=7, seed=5)
    calls = []
    got = lab.execute(prepared, progress=lambda done, total: calls.append((done, total)))
    want = run_scenario(
        with_overrides(scenario_from_dict(DATA), {"transparency": 0.3}), runs=7, seed=5
    )
    assert_trajectories_equal(got, want)
    assert calls[-1] == (7, 7) and all(a[0] <= b[0] for a, b in itertools.pairwise(calls))
    assert lab.execute(prepared, workers=1, chunk_size=3).runs == 7


@pytest.mark.parametrize(
    ("kwargs", "loc", "words"),
    [
        ({"runs": 0}, ("runs",), "1..10,000,000"),
        ({"years": 10_001}, ("years",), "1..10,000"),
        ({"seed": -1}, ("seed",), "0.."),
        ({"runs": 2.5}, ("runs",), "not an integer"),
        ({"runs": 10_000_000, "years": 10_000}, ("runs",), "GiB"),
    ],
)
def test_bad_sizes_name_the_size_before_any_compute(no_compute, kwargs, loc, words):
    with pytest.raises(ScenarioError, match=words) as info:
        lab.prepare_run("two-state-spiral", **kwargs)
    assert info.value.loc == loc and info.value.file is None


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        (["transparency=2"], "transparency", "[0, 1]"),
        ({"hawkishness": [0.1, -1, 0.2]}, "hawkishness[1]", "-1"),
        (["transparency"], None, "key=value"),
        ({"offense_advantage": 0.5, "decisiveness": 0.3}, "offense_advantage", "one of them"),
    ],
)
def test_bad_overrides_name_set_and_the_key_before_any_compute(no_compute, overrides, field, words):
    with pytest.raises(ScenarioError) as info:
        lab.prepare_run(DATA, overrides=overrides)
    assert info.value.file == "--set" and info.value.field == field
    assert words in str(info.value)


def test_bad_scenarios_fail_with_file_line_and_field_before_any_compute(no_compute, tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(
        textwrap.dedent(
            """\
            name: bad
            description: d
            years: 5
            runs: 2
            states: [{name: A}, {name: B}]
            events:
              - {year: 1, action: set, key: reaction, value: 0.5}
            """
        ),
        encoding="utf-8",
    )
    with pytest.raises(ScenarioError, match="cannot be scheduled") as info:
        lab.prepare_run(path)
    assert (info.value.line, info.value.field) == (7, "events[0].key")
    with pytest.raises(ScenarioError) as info:
        lab.prepare_run({**DATA, "years": 0})
    assert info.value.field == "years" and info.value.file == "<dict>"
    treaty = {**DATA, "events": [{"year": 1, "action": "treaty_sign"}]}
    with pytest.raises(ScenarioError, match="treaty_cap_share") as info:
        lab.prepare_run(treaty)  # no cap: refused at run time ...
    assert info.value.field == "events[0].value"
    assert lab.prepare_run(treaty, overrides=["treaty_cap_share=0.05"]).runs == 5  # ... or set


def test_run_to_folder_writes_the_outputs_and_records_the_overrides(tmp_path):
    prepared = lab.prepare_run("bipolar-nuclear", overrides=["hotline=0.5"], runs=6, years=8)
    calls = []
    result = lab.run_to_folder(
        prepared, tmp_path, progress=lambda d, t: calls.append((d, t)), command="test run"
    )
    names = {p.name for p in result.report.files}
    assert {"summary.csv", "summary.json", "scenario.yaml", "trajectory", "index.html"} <= names
    assert {"military.png", "war_timing.png", "outcomes.png"} <= names
    summary = json.loads((tmp_path / "summary.json").read_text(encoding="utf-8"))
    assert summary["overrides"] == {"hotline": 0.5}
    assert (summary["runs"], summary["years"], summary["seed"]) == (6, 8, prepared.seed)
    assert "test run" in result.report.index.read_text(encoding="utf-8")
    assert result.trajectory.runs == 6 and calls[-1] == (6, 6)
    report = lab.write_outputs(prepared, result.trajectory, tmp_path / ".", fmt="svg",
                               save_trajectory=False)  # fmt: skip
    assert (tmp_path / "military.svg").is_file() and report.index.is_file()


def test_a_bad_figure_format_fails_before_any_compute(no_compute, tmp_path):
    prepared = lab.prepare_run(DATA)
    with pytest.raises(InputError, match="gif") as info:
        lab.run_to_folder(prepared, tmp_path, fmt="gif")
    assert info.value.key == "fmt" and "png" in info.value.allowed


def test_list_scenarios_describes_the_bundled_ones():
    infos = lab.list_scenarios()
    assert tuple(i.name for i in infos) == bundled_scenarios()
    flagship = {i.name: i for i in infos}[lab.FLAGSHIP]
    assert (flagship.states, flagship.runs, flagship.years) == (8, 1000, 100)
    assert flagship.title and len(flagship.description) > len(flagship.title)


def test_check_run_describes_the_run_without_computing(no_compute):
    prepared = lab.prepare_run(DATA, overrides=["transparency=0.5"], runs=3000, years=6)
    check = lab.check_run(prepared, workers=2)
    titles = [t.title for t in check.tables]
    assert titles[0].startswith("States") and titles[1] == "Alliances in force from the start"
    assert titles[-1].startswith("Parameters in effect")
    assert [row[0] for row in check.tables[0].rows] == ["A", "B", "C"]
    assert check.tables[1].rows == (("-", "A, B"),)
    assert "transparency" in check.parameters and "alliances" in check.parameters
    (row,) = [r for r in check.tables[-1].rows if r[0] == "transparency"]
    assert row == ("transparency", "tau", "0.5", "[0, 1]", "--set")
    est = check.estimate
    assert est.chunks == 3 and est.workers == 2 and est.path == "mechanisms"
    assert est.memory_bytes == estimate_memory_bytes(3000, 6, 3)
    assert est.disk_bytes > 3000 * 7 * 3 * 3 * 8  # at least the three float64 variables
    big = lab.prepare_run(DATA, runs=100_000, years=60)
    one, four = lab.estimate_run(big, workers=1), lab.estimate_run(big, workers=4)
    assert four.seconds < one.seconds / 2  # the workers share the chunks ...
    assert lab.estimate_run(prepared, workers=2).seconds > lab.estimate_run(prepared).seconds
    # ... but starting processes does not pay for a small run
    ten = lab.estimate_run(lab.prepare_run(DATA, runs=30000, years=6), workers=1)
    assert ten.seconds == pytest.approx(10 * lab.estimate_run(
        lab.prepare_run(DATA, runs=3000, years=6)).seconds)  # fmt: skip


def test_the_fast_path_is_estimated_faster_than_the_mechanisms():
    # the fused kernel runs the hazard model's core configuration
    hazard = {**DATA, "alliances": [], "parameters": {"decisions": "hazard"}}
    core = lab.prepare_run(hazard, runs=2000, years=50)
    assert core.compiled.params.is_core_configuration()
    with_beliefs = {**hazard, "parameters": {"decisions": "hazard", "type_beliefs": True}}
    beliefs = lab.prepare_run(with_beliefs, runs=2000, years=50)
    fast, slow = lab.estimate_run(core), lab.estimate_run(beliefs)
    assert (fast.path, slow.path) == ("fast", "mechanisms")
    assert fast.seconds < slow.seconds


def test_parameters_in_effect_leave_out_keys_whose_mechanism_stays_off():
    from realpolitik.engine import Params
    from realpolitik.report.run_scenario import parameters_in_effect

    off = scenario_from_dict({**DATA, "alliances": []})
    params = Params.core(verification=0.5, transparency=0.3)  # no treaty: verification idle
    assert parameters_in_effect(off, params) == ("transparency",)
    signed = scenario_from_dict(
        {**DATA, "alliances": [], "events": [{"year": 3, "action": "treaty_sign", "value": 0.1}]}
    )
    assert parameters_in_effect(signed, params) == ("transparency", "verification")


def test_execute_says_how_many_chunks_finished_when_interrupted():
    prepared = lab.prepare_run(DATA, runs=50, years=3)

    def ctrl_c_after_two(done, total):
        if done == 20:
            raise KeyboardInterrupt

    with pytest.raises(lab.Interrupted) as info:
        lab.execute(prepared, chunk_size=10, progress=ctrl_c_after_two)
    assert (info.value.done, info.value.total) == (2, 5)
    assert str(info.value) == "interrupted after 2 of 5 chunks"
    assert isinstance(info.value, KeyboardInterrupt)


def test_run_to_folder_checks_the_folder_before_computing_and_keeps_nothing_on_ctrl_c(
    tmp_path, monkeypatch
):
    prepared = lab.prepare_run(DATA, runs=4, years=3)
    (tmp_path / "old.txt").write_text("x", encoding="utf-8")
    monkeypatch.setattr(engine, "simulate", lambda *a, **k: (_ for _ in ()).throw(AssertionError))
    with pytest.raises(ValueError, match="not empty"):
        lab.run_to_folder(prepared, tmp_path)

    def ctrl_c(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(engine, "simulate", ctrl_c)
    with pytest.raises(lab.Interrupted):
        lab.run_to_folder(prepared, tmp_path / "new")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.txt"]


def test_describe_keys_of_one_mechanism():
    beliefs = lab.describe_keys("beliefs")
    assert set(beliefs["mechanism"]) == {"beliefs"} and "prior_trust" in set(beliefs["key"])
    assert len(lab.describe_keys()) > len(beliefs)
    with pytest.raises(ScenarioError, match="'nope' is not a mechanism; allowed: core") as info:
        lab.describe_keys("nope")
    assert info.value.loc == ("mechanism",)
