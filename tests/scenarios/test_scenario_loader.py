"""Scenario files are untrusted: every malformed or hostile file gives a located error, fast."""

from __future__ import annotations

import textwrap
import time
from pathlib import Path

import pytest

from realpolitik.scenarios import (
    LIMITS,
    ScenarioError,
    bundled_scenarios,
    load_scenario,
    origin,
    parse_scenario,
    scenario_from_dict,
)
from realpolitik.scenarios.loader import MAX_FILE_BYTES, parse_yaml

VALID = textwrap.dedent(
    """\
    name: tiny
    description: Two states.
    years: 10
    runs: 5
    seed: 3
    states:
      - name: A
        gdp: 10.0
      - name: B
        type: greedy
    alliances:
      - members: [A, B]
    parameters:
      transparency: 0.5
    events:
      - {year: 4, action: alliance_dissolve, states: [A, B]}
    """
)


def write(tmp_path: Path, text: str, name: str = "scenario.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def load_error(path: Path) -> ScenarioError:
    t0 = time.perf_counter()
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    assert time.perf_counter() - t0 < 2.0
    return info.value


def test_a_valid_file_loads_with_its_values(tmp_path):
    scenario = load_scenario(write(tmp_path, VALID))
    assert scenario.state_names == ("A", "B")
    assert scenario.states[0].gdp == 10.0
    assert scenario.states[1].type == "greedy"
    assert scenario.parameters == {"transparency": 0.5}
    assert (scenario.years, scenario.runs, scenario.seed) == (10, 5, 3)
    loaded = origin(scenario)
    assert loaded is not None and len(loaded.sha256) == 64
    assert loaded.lines[("states", 1, "type")] == 10


def test_bundled_names_and_file_paths_both_work(tmp_path):
    names = bundled_scenarios()
    assert {"two-state-spiral", "multipolar-offense", "bipolar-nuclear"} <= set(names)
    for name in names:
        assert load_scenario(name).name == name
    path = write(tmp_path, VALID)
    assert load_scenario(str(path)).name == "tiny"
    assert load_scenario(path).name == "tiny"


def test_unknown_name_lists_the_bundled_scenarios():
    with pytest.raises(ScenarioError, match="two-state-spiral") as info:
        load_scenario("no-such-scenario")
    assert "unknown scenario 'no-such-scenario'" in str(info.value)


def test_missing_file_is_named(tmp_path):
    err = load_error(tmp_path / "absent.yaml")
    assert str(err).startswith(str(tmp_path / "absent.yaml"))
    assert "not found" in str(err)


def test_a_directory_is_not_a_scenario_file(tmp_path):
    folder = tmp_path / "dir.yaml"
    folder.mkdir()
    assert "not a regular file" in str(load_error(folder))


# ---------------------------------------------------------------------------------------------
# hostile and malformed files: each one line with file and line, within 2 seconds
# ---------------------------------------------------------------------------------------------

BILLION_LAUGHS = textwrap.dedent(
    """\
    a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
    b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
    c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
    d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
    e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
    f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
    g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
    h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
    i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
    """
)


def replace_line(old: str, new: str) -> str:
    assert old in VALID
    return VALID.replace(old, new)


HOSTILE = [
    # (id, text, expected line, words the message must hold)
    ("billion-laughs", BILLION_LAUGHS, 1, ["anchor"]),
    (
        "python-object-tag",
        VALID + "extra: !!python/object/apply:os.system ['echo pwned']\n",
        17,
        ["python/object", "not allowed"],
    ),
    ("python-name-tag", "name: !!python/name:os.system\n", 1, ["tag", "not allowed"]),
    ("nan", replace_line("transparency: 0.5", "transparency: .nan"), 14, ["nan", "finite"]),
    ("inf", replace_line("gdp: 10.0", "gdp: .inf"), 8, ["inf", "finite"]),
    ("negative-gdp", replace_line("gdp: 10.0", "gdp: -5"), 8, ["-5", "allowed", "0"]),
    ("negative-budget", replace_line("gdp: 10.0", "military: -1.5"), 8, ["-1.5", "allowed"]),
    (
        "probability-above-one",
        replace_line("type: greedy", "greedy_probability: 1.5"),
        10,
        ["1.5", "[0, 1]"],
    ),
    ("param-probability", replace_line("transparency: 0.5", "transparency: 1.5"), 14, ["1.5"]),
    ("unknown-top-key", VALID + "colour: blue\n", 17, ["unknown key 'colour'", "allowed keys"]),
    ("unknown-state-key", replace_line("type: greedy", "tipe: greedy"), 10, ["tipe"]),
    ("unknown-param", replace_line("transparency: 0.5", "transparancy: 0.5"), 14, ["transparency"]),
    ("unknown-state-in-alliance", replace_line("[A, B]\n", "[A, Q]\n"), 12, ["'Q'", "A, B"]),
    ("unknown-state-in-event", replace_line("states: [A, B]}", "states: [A, X]}"), 16, ["'X'"]),
    ("years-zero", replace_line("years: 10", "years: 0"), 3, ["0", "1..10,000"]),
    ("years-negative", replace_line("years: 10", "years: -3"), 3, ["-3"]),
    ("years-float", replace_line("years: 10", "years: 10.5"), 3, ["10.5", "integer"]),
    (
        "a-billion-runs",
        replace_line("runs: 5", "runs: 1000000000"),
        4,
        ["1000000000", "10,000,000"],
    ),
    (
        "a-million-states",
        replace_line("states:\n", "states: 1000000\nx:\n"),
        6,
        ["1000000", "2..500"],
    ),
    ("yaml-syntax", VALID + "events: [\n", 18, ["YAML syntax error"]),
    ("tab-indentation", "name: x\n\tdescription: y\n", 2, ["YAML syntax error"]),
    ("duplicate-key", VALID + "runs: 7\n", 17, ["'runs' appears twice", "line 4"]),
    ("duplicate-state", replace_line("name: B", "name: A"), 9, ["'A' is used twice"]),
    ("event-beyond-horizon", replace_line("{year: 4,", "{year: 10,"), 16, ["0..9"]),
    ("runs-as-text", replace_line("runs: 5", "runs: five"), 4, ["'five'", "integer"]),
    ("bool-as-number", replace_line("gdp: 10.0", "gdp: true"), 8, ["True", "number"]),
    ("unknown-source", VALID + "sources: [nobody2099]\n", 17, ["nobody2099"]),
    ("merge-key", VALID + "extra:\n  <<: {a: 1}\n", 18, ["merge key"]),
    ("non-text-key", VALID + "1: x\n", 17, ["not text"]),
    ("not-a-mapping", "- a\n- b\n", 1, ["mapping"]),
    ("several-documents", VALID + "---\nname: other\n", 17, ["several YAML documents"]),
    ("deep-nesting", "name: " + "[" * 200 + "]" * 200 + "\n", 1, ["nested"]),
]


@pytest.mark.parametrize(("case", "text", "line", "words"), HOSTILE, ids=[c[0] for c in HOSTILE])
def test_bad_files_give_one_located_line_within_two_seconds(tmp_path, case, text, line, words):
    path = write(tmp_path, text)
    err = load_error(path)
    message = str(err)
    assert "\n" not in message
    assert message.startswith(f"{path}:{line}: "), message
    assert err.file == str(path) and err.line == line
    for word in words:
        assert word in message, message
    assert len(message) < 1200


def test_unknown_field_names_the_field_path(tmp_path):
    err = load_error(write(tmp_path, replace_line("gdp: 10.0", "gdp: -5")))
    assert err.field == "states[0].gdp"
    err = load_error(write(tmp_path, replace_line("[A, B]\n", "[A, Q]\n")))
    assert err.field == "alliances[0].members[1]"


def test_a_two_mib_file_is_refused_unread(tmp_path):
    path = tmp_path / "huge.yaml"
    path.write_bytes(b"# " + b"x" * (2 * 1024 * 1024) + b"\n")
    err = load_error(path)
    assert "allowed: at most" in str(err) and "1 MiB" in str(err)


def test_a_file_just_under_the_limit_is_parsed(tmp_path):
    padding = "#" + "x" * 99 + "\n"
    text = VALID + padding * ((MAX_FILE_BYTES - len(VALID)) // len(padding) - 1)
    path = write(tmp_path, text)
    assert path.stat().st_size <= MAX_FILE_BYTES
    assert load_scenario(path).name == "tiny"


def test_an_alias_alone_is_refused(tmp_path):
    with pytest.raises(ScenarioError, match="alias"):
        parse_yaml("a: *undefined\n")


def test_many_values_are_refused_before_composition(tmp_path):
    text = "name: [" + ",".join(["1"] * 60_000) + "]\n"
    t0 = time.perf_counter()
    with pytest.raises(ScenarioError, match="more than 50,000"):
        parse_scenario(text)
    assert time.perf_counter() - t0 < 2.0


def test_non_utf8_bytes_are_refused(tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes("name: caf\xe9\n".encode("latin-1"))
    assert "UTF-8" in str(load_error(path))


def test_empty_file_is_refused(tmp_path):
    assert "empty" in str(load_error(write(tmp_path, "")))


def test_missing_required_key_is_named(tmp_path):
    err = load_error(write(tmp_path, replace_line("runs: 5\n", "")))
    assert "required key 'runs' is missing" in str(err)


def test_types_and_probabilities_cannot_both_be_set(tmp_path):
    text = replace_line("type: greedy", "type: greedy\n    greedy_probability: 0.5")
    assert "both set" in str(load_error(write(tmp_path, text)))


def test_per_state_list_must_have_one_value_per_state(tmp_path):
    text = replace_line("transparency: 0.5", "hawkishness: [0.1, 0.2, 0.3]")
    err = load_error(write(tmp_path, text))
    assert "3 values" in str(err) and "2 states" in str(err)
    assert err.line == 14


def test_per_state_key_on_a_state_is_range_checked(tmp_path):
    err = load_error(write(tmp_path, replace_line("type: greedy", "hawkishness: -1")))
    assert err.field == "states[1].hawkishness"
    assert err.line == 10
    assert "-1" in str(err)


def test_nuclear_block_values_are_range_checked(tmp_path):
    text = replace_line("type: greedy", "nuclear: {warheads: 100, survivable_share: 2}")
    err = load_error(write(tmp_path, text))
    assert err.field == "states[1].nuclear.survivable_share"
    assert "2" in str(err)


def test_set_events_take_only_schedulable_keys(tmp_path):
    text = replace_line(
        "{year: 4, action: alliance_dissolve, states: [A, B]}",
        "{year: 4, action: set, key: reaction, value: 0.5}",
    )
    err = load_error(write(tmp_path, text))
    assert "cannot be scheduled" in str(err) and "hotline" in str(err)
    text = replace_line(
        "{year: 4, action: alliance_dissolve, states: [A, B]}",
        "{year: 4, action: set, key: hotline, value: 3}",
    )
    assert "hotline" in str(load_error(write(tmp_path, text)))


def test_treaty_without_a_cap_needs_the_cap_parameter(tmp_path):
    text = replace_line(
        "{year: 4, action: alliance_dissolve, states: [A, B]}",
        "{year: 4, action: treaty_sign, states: [A, B]}",
    )
    from realpolitik.scenarios import compile_scenario

    with pytest.raises(ScenarioError, match="treaty_cap_share"):
        compile_scenario(load_scenario(write(tmp_path, text)))


def test_memory_ceiling_is_checked_before_any_work(tmp_path):
    text = replace_line("runs: 5", "runs: 10000000").replace("years: 10", "years: 10000")
    t0 = time.perf_counter()
    err = load_error(write(tmp_path, text))
    assert time.perf_counter() - t0 < 2.0
    assert "GiB" in str(err)


def test_generic_states_from_a_count():
    scenario = scenario_from_dict(
        {"name": "g", "description": "d", "years": 5, "runs": 2, "states": 4}
    )
    assert scenario.state_names == ("S1", "S2", "S3", "S4")


def test_limits_are_the_documented_ones():
    assert LIMITS["states"] == (2, 500)
    assert LIMITS["runs"] == (1, 10_000_000)
    assert LIMITS["years"] == (1, 10_000)


def test_from_dict_errors_have_field_but_no_line():
    with pytest.raises(ScenarioError) as info:
        scenario_from_dict({"name": "g", "description": "d", "years": 0, "runs": 2, "states": 2})
    assert info.value.field == "years"
    assert info.value.line is None
    assert str(info.value).startswith("<dict>: years: ")


def base(**changes) -> dict:
    data = {
        "name": "t",
        "description": "d",
        "years": 5,
        "runs": 2,
        "states": [{"name": "A"}, {"name": "B"}, {"name": "C"}],
    }
    data.update(changes)
    return data


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"events": [{"year": 1, "action": "alliance_form", "states": ["A"]}]},
         "events[0].states", "2 or more"),
        ({"events": [{"year": 1, "action": "treaty_sign", "states": ["A"], "value": 0.1}]},
         "events[0].states", "none (all states)"),
        ({"events": [{"year": 1, "action": "treaty_end", "states": ["A", "B"]}]},
         "events[0].states", "takes no states"),
        ({"events": [{"year": 1, "action": "treaty_end", "key": "hotline"}]},
         "events[0].key", "only allowed in a set event"),
        ({"events": [{"year": 1, "action": "set", "key": "hotline"}]},
         "events[0].value", "needs key"),
        ({"events": [{"year": 1, "action": "set", "key": "hotline", "states": ["A"], "value": 1}]},
         "events[0].states", "hotline is not a per-state key"),
        ({"events": [{"year": 1, "action": "set", "key": "nuclear_warheads", "states": ["Z"],
                      "value": 10}]},
         "events[0].states[0]", "unknown state 'Z'"),
        ({"events": [{"year": 1, "action": "set", "key": "hotline", "value": [1, 2]}]},
         "events[0].value", "one number"),
        ({"events": [{"year": 1, "action": "treaty_sign", "value": "big"}]},
         "events[0].value", "cap share"),
        ({"events": [{"year": 1, "action": "treaty_sign", "value": -1}]},
         "events[0].value", "-1"),
        ({"events": [{"year": 1, "action": "treaty_end", "value": 3}]},
         "events[0].value", "takes no value"),
        ({"events": [{"year": 1, "action": "declare_war"}]},
         "events[0].action", "'alliance_form'"),
        ({"alliances": [{"members": ["A", "A"]}]}, "alliances[0].members[1]", "twice"),
        ({"alliances": [{"members": ["A"]}]}, "alliances[0].members", "at least 2"),
        ({"parameters": {"hawkishness": [1, "a", 2]}}, "parameters.hawkishness", "not a number"),
        ({"parameters": {"hawkishness": [0.1] * 501}}, "parameters.hawkishness", "too long"),
        ({"parameters": {"alliance_formation": "alone"}}, "parameters.alliance_formation",
         "alone"),
        ({"parameters": {"transparency": {"a": 1}}}, "parameters.transparency", "not allowed"),
        ({"parameters": {"offense_advantage": 0.5, "decisiveness": 0.3}},
         "parameters.offense_advantage", "decisiveness"),
        ({"parameters": {"war_given_crisis": 0.3}}, "parameters.war_given_crisis",
         "decisions='hazard'"),
        ({"states": [{"name": " A"}, {"name": "B"}]}, "states[0].name", "not a valid name"),
        ({"states": [{"name": "A\nB"}, {"name": "B"}]}, "states[0].name", "not a valid name"),
        ({"states": [{"name": "A"}]}, "states", "1 states is out of range"),
        ({"states": [{"name": "A", "type": "hawk"}, {"name": "B"}]}, "states[0].type",
         "'greedy'"),
        ({"states": [{"name": "A", "nuclear": {"tubes": 3}}, {"name": "B"}]},
         "states[0].nuclear.tubes", "warheads, survivable_share"),
        ({"states": [{"name": "A", "nuclear": 5}, {"name": "B"}]}, "states[0].nuclear",
         "a mapping"),
        ({"states": [{"name": "A", "colour": "red"}, {"name": "B"}]}, "states[0].colour",
         "hawkishness"),
        ({"title": "x" * 300}, "title", "at most 200"),
        ({"seed": -1}, "seed", "0..9,223,372,036,854,775,807"),
        ({"start_year": 99999}, "start_year", "-10,000..10,000"),
    ],
)  # fmt: skip
def test_field_errors_name_the_field_and_what_is_allowed(changes, field, words):
    with pytest.raises(ScenarioError) as info:
        scenario_from_dict(base(**changes))
    assert info.value.field == field, str(info.value)
    assert words in str(info.value)


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("name: 2001-13-45\n", 1, "cannot be read as timestamp"),
        ("name: x\nruns: [1, 0x_]\n", 2, "cannot be read as int"),
    ],
)
def test_values_yaml_cannot_construct_are_located(text, line, words):
    with pytest.raises(ScenarioError) as info:
        parse_yaml(text)
    assert info.value.line == line and words in str(info.value)


def test_too_large_text_or_bytes_are_refused():
    big = "#" * (MAX_FILE_BYTES + 1)
    with pytest.raises(ScenarioError, match="at most"):
        parse_scenario(big)
    with pytest.raises(ScenarioError, match="at most"):
        parse_scenario(big.encode())


def test_load_scenario_refuses_other_objects_and_returns_scenarios_as_is():
    with pytest.raises(ScenarioError, match="bundled name or a file path"):
        load_scenario(42)
    scenario = load_scenario("two-state-spiral")
    assert load_scenario(scenario) is scenario


def test_an_unknown_source_names_the_closest_keys_not_all_of_them(tmp_path):
    from realpolitik.citations import BIBTEX

    message = str(load_error(write(tmp_path, VALID + "sources: [schelling1906]\n")))
    assert "did you mean 'schelling19" in message and "schelling1960" in message
    assert f"({len(BIBTEX)} in all)" in message and len(message) < 600
