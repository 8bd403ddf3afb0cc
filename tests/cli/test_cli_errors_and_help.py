"""Bad input gives one short line naming the option, exit code 2 and no traceback; --help works."""

from __future__ import annotations

import pytest

from realpolitik.theory import MODELS

# the CLI names Jervis's offense-defense model after its author
COMMANDS = tuple("jervis" if m == "offense_defense" else m for m in MODELS)


@pytest.mark.parametrize(
    ("args", "option", "value"),
    [
        (("theory", "bargaining", "--c-a", "-0.1"), "--c-a", "-0.1"),  # negative cost
        (("theory", "bargaining", "--p", "1.5"), "--p", "1.5"),  # probability > 1
        (("theory", "spiral", "--eps", "0.7"), "--eps", "0.7"),  # above its range [0, 0.5]
        (("theory", "richardson", "--k", "nan"), "--k", "nan"),  # NaN
        (("theory", "jervis", "--beta", "nan", "--d", "0.5"), "--beta", "nan"),
        (("theory", "richardson", "--data", "1910-1914"), "--data", "1910-1914"),
        (("theory", "deterrence", "--cep", "-1"), "--cep", "-1"),
        (("theory", "audience", "--w-b", "0.5"), "--w-b", "0.5"),
        (("theory", "contest", "--law", "cube"), "--law", "cube"),
        (("theory", "repeated", "--strategies", "TFT,NICE"), "--strategies", "NICE"),
        (("theory", "alliances", "--Y", "10,-5"), "--Y", "-5"),
        (("theory", "spiral", "--observations", "1x1"), "--observations", "1x1"),
        (("theory", "richardson", "--format", "gif"), "--format", "gif"),
        (("theory", "jervis", "--grid", "1"), "--grid", "1"),
    ],
)
def test_bad_input_is_one_line_naming_the_option_with_exit_code_2(
    run_main, tmp_path, args, option, value
):
    code, out, err = run_main(*args, "--out", str(tmp_path))
    assert code == 2
    assert "Traceback" not in out + err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert option in lines[0]
    assert value in lines[0]
    assert len(lines[0]) < 220
    assert not (tmp_path / "result.json").exists()


def test_error_message_says_what_is_allowed(run_main, tmp_path):
    _, _, err = run_main("theory", "bargaining", "--p", "1.5", "--out", str(tmp_path))
    assert "allowed: [0, 1]" in err
    _, _, err = run_main("theory", "richardson", "--data", "1910", "--out", str(tmp_path))
    assert "allowed: 1909-1913" in err


def test_usage_errors_are_short_too(run_main):
    for args in (("theory", "nosuch"), ("theory", "richardson", "--bogus", "1"), ("nosuch",)):
        code, out, err = run_main(*args)
        assert code == 2
        assert len(err.strip().splitlines()) == 1
        assert "Traceback" not in out + err
        assert "Usage" not in err


def test_only_one_of_beta_and_d_is_an_error(run_main, tmp_path):
    code, _, err = run_main("theory", "jervis", "--beta", "0.5", "--out", str(tmp_path))
    assert code == 2
    assert "--d" in err


def test_debug_flag_shows_the_traceback(run_main, tmp_path):
    with pytest.raises(Exception, match="c_A"):
        run_main("--debug", "theory", "bargaining", "--c-a", "-1", "--out", str(tmp_path))


@pytest.mark.parametrize("command", COMMANDS)
def test_help_of_every_theory_command_names_source_and_options(invoke, command):
    text = invoke("theory", command, "--help").stdout
    assert "--out" in text
    assert "--format" in text
    assert any(ch.isdigit() for ch in text)  # a year of the source, units or a range


def test_help_of_the_root_theory_and_demo(invoke):
    root = invoke("--help").stdout
    for word in ("theory", "demo", "--debug"):
        assert word in root
    theory = invoke("theory", "--help").stdout
    for command in COMMANDS:
        assert command in theory
    demo = invoke("demo", "--help").stdout
    assert "--theory" in demo
    assert "HTML" in demo


def test_richardson_help_says_what_it_models_and_its_units(invoke):
    text = invoke("theory", "richardson", "--help").stdout
    assert "Richardson" in text
    assert "1960" in text
    assert "GBP" in text
    assert "--data" in text


def test_help_keeps_interval_notation(invoke):
    text = " ".join(invoke("theory", "bargaining", "--help").stdout.split())
    assert "[p - c_A + h_A, p + c_B - h_B]" in text


def test_no_arguments_prints_help(run_main):
    code, out, _ = run_main()
    assert code == 0
    assert "theory" in out


def test_version(run_main):
    from realpolitik import __version__

    code, out, _ = run_main("--version")
    assert code == 0
    assert __version__ in out
