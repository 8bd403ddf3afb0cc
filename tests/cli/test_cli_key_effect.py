"""``--set`` of a key whose mechanism is off: one line naming the switch, exit 2, nothing run."""

from __future__ import annotations

import pytest

import realpolitik.engine as engine


@pytest.fixture
def no_compute(monkeypatch):
    """Make any simulation fail: the refusal comes before any compute."""

    def simulate(*args, **kwargs):  # pragma: no cover - reached only on a regression
        raise AssertionError("simulate was called")

    monkeypatch.setattr(engine, "simulate", simulate)


@pytest.mark.parametrize("command", ["run", "check"])
def test_set_of_an_idle_key_exits_2_naming_the_switch(run_main, no_compute, tmp_path, command):
    out = ["--out", str(tmp_path / "out")] if command == "run" else []
    code, _, err = run_main(command, "two-state-spiral", "--set", "burden_sharing=0.9", *out)
    assert code == 2
    (line,) = err.strip().splitlines()
    assert "--set" in line and "burden_sharing = 0.9" in line and "alliances: true" in line
    assert not (tmp_path / "out").exists()


def test_set_of_a_strategic_key_under_hazard_decisions_names_decisions(run_main, no_compute):
    code, _, err = run_main("check", "two-state-spiral", "--set", "decisions=hazard", "--set",
                            "patience=0.5")  # fmt: skip
    assert code == 2 and "takes effect only with decisions: strategic" in err
