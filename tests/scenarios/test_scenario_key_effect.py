"""A key whose mechanism stays off is refused in scenario files and ``--set``, naming the switch;
a schedule that switches the mechanism on makes it valid; reports list only keys in effect."""

from __future__ import annotations

import re
import textwrap

import pytest
import yaml

import realpolitik.engine as engine
from realpolitik import lab
from realpolitik.report.run_scenario import parameters_in_effect, resolved_scenario
from realpolitik.scenarios import ScenarioError, load_scenario

HEAD = """\
name: mine
description: d
years: 20
runs: 3
states:
  - name: A
  - name: B
"""


@pytest.fixture
def no_compute(monkeypatch):
    """Make any simulation fail: refusals come before any compute."""

    def simulate(*args, **kwargs):  # pragma: no cover - reached only on a regression
        raise AssertionError("simulate was called")

    monkeypatch.setattr(engine, "simulate", simulate)


def _file(tmp_path, body: str):
    path = tmp_path / "mine.yaml"
    path.write_text(HEAD + textwrap.dedent(body), encoding="utf-8")
    return path


def test_set_of_a_key_whose_mechanism_is_off_names_the_switch(no_compute):
    with pytest.raises(ScenarioError) as info:
        lab.prepare_run("two-state-spiral", overrides=["burden_sharing=0.9"])
    err = info.value
    assert (err.file, err.field) == ("--set", "burden_sharing")
    assert "burden_sharing = 0.9 takes effect only with alliances: true" in err.message
    assert "\n" not in str(err)
    with pytest.raises(ScenarioError, match="takes effect only with decisions: strategic"):
        lab.prepare_run("two-state-spiral", overrides=["decisions=hazard", "mobilization=0.5"])
    # with the switch given too, the key takes effect
    both = lab.prepare_run("two-state-spiral", overrides=["burden_sharing=0.9", "alliances=true"])
    assert "burden_sharing" in both.compiled.params.active_keys()


@pytest.mark.parametrize(
    ("body", "line", "field", "switch"),
    [
        ("parameters:\n  reaction: 0.3\n  burden_sharing: 0.9\n", 10,
         "parameters.burden_sharing", "alliances: true"),
        ("parameters:\n  type_beliefs: false\n  prior_trust: 0.3\n", 10,
         "parameters.prior_trust", "type_beliefs: true"),
        ("parameters:\n  decisions: hazard\n  cost_uncertainty: 0.5\n", 10,
         "parameters.cost_uncertainty", "decisions: strategic"),
        ("events:\n  - {year: 5, action: set, key: verification, value: 0.5}\n", 9,
         "events[0].value", "a finite treaty_cap_share"),
    ],
)  # fmt: skip
def test_a_scenario_file_with_such_a_key_fails_at_its_line(
    no_compute, tmp_path, body, line, field, switch
):
    path = _file(tmp_path, body)
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    err = info.value
    assert (err.file, err.line, err.field) == (str(path), line, field)
    assert f"takes effect only with {switch}" in err.message
    assert str(err).startswith(f"{path}:{line}: {field}: ")


def test_a_state_s_own_key_is_located_on_the_state(no_compute, tmp_path):
    path = tmp_path / "nuclear.yaml"
    path.write_text(
        HEAD.replace("  - name: B\n", "  - name: B\n    nuclear: {survivable_share: 0.5}\n"),
        encoding="utf-8",
    )
    with pytest.raises(ScenarioError, match=r"nuclear_warheads > 0 \(for some state\)") as info:
        load_scenario(path)
    assert (info.value.line, info.value.field) == (8, "states[1].nuclear.survivable_share")


@pytest.mark.parametrize(
    "events",
    [
        "  - {year: 5, action: treaty_sign, value: 0.05}\n",
        "  - {year: 5, action: set, key: treaty_cap_share, value: 0.05}\n",
    ],
)
def test_a_key_switched_on_by_a_scheduled_event_is_accepted(tmp_path, events):
    path = _file(tmp_path, f"parameters:\n  verification: 0.5\nevents:\n{events}")
    prepared = lab.prepare_run(path)
    assert parameters_in_effect(prepared.scenario, prepared.compiled.params) == ("verification",)
    # a run that ends before the event: the key changes nothing, and is not listed
    short = lab.prepare_run(path, years=4)
    assert parameters_in_effect(short.scenario, short.compiled.params, short.years) == ()


def test_an_override_that_switches_a_mechanism_off_leaves_its_keys_out():
    prepared = lab.prepare_run("multipolar-offense", overrides=["alliances=false"], runs=2)
    params = prepared.compiled.params
    assert not params.alliances
    assert params.burden_sharing == 0.0 and params.alliance_formation == "none"
    assert "burden_sharing" not in prepared.scenario.parameters
    data = resolved_scenario(prepared.scenario, prepared.runs, prepared.years, prepared.seed)
    assert lab.prepare_run(data).compiled.params == params  # the resolved file repeats the run
    # ... but a key the user gives with the switch off is refused
    with pytest.raises(ScenarioError, match="only with alliances: true") as info:
        lab.prepare_run("multipolar-offense", overrides=["alliances=false", "burden_sharing=0.3"])
    assert (info.value.file, info.value.field) == ("--set", "burden_sharing")


def test_a_shorter_run_than_the_event_that_switches_a_key_on_runs_and_resolves(tmp_path):
    prepared = lab.prepare_run("bipolar-nuclear", runs=2, years=10)  # the treaty comes in 1972
    assert "verification" not in parameters_in_effect(
        prepared.scenario, prepared.compiled.params, prepared.years
    )
    data = resolved_scenario(prepared.scenario, prepared.runs, prepared.years, prepared.seed)
    assert "verification" not in data.get("parameters", {})
    path = tmp_path / "scenario.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    again = lab.prepare_run(path)
    assert again.compiled.params == prepared.compiled.params.replace(verification=0.0)


def _parameters_table(index: str) -> str:
    text = re.sub(r"<[^>]+>", " ", index)
    start = text.index("Parameters in effect")
    return text[start : start + 3000]


def test_the_report_lists_only_the_parameters_that_take_effect(tmp_path):
    short = lab.prepare_run("bipolar-nuclear", runs=2, years=10)
    page = lab.run_to_folder(short, tmp_path / "short").report.index.read_text(encoding="utf-8")
    table = _parameters_table(page)
    assert "survivable_share" in table and "alliances" in table
    assert "verification" not in table  # the treaty of 1972 is beyond the run
    full = lab.prepare_run("bipolar-nuclear", runs=2, years=23)
    page = lab.run_to_folder(full, tmp_path / "full").report.index.read_text(encoding="utf-8")
    assert "verification" in _parameters_table(page)
