"""Loading scenarios: a bundled name, a YAML file or text, or a mapping to a checked Scenario.

Source: docs/cli.md ("Conventions": one short error naming the field, the bad value and what is
allowed).

A scenario file is untrusted input, so the loader works in stages, each bounded, and nothing
is simulated until all of them pass:

1. read at most :data:`MAX_FILE_BYTES` bytes (a larger file is refused unread), from a regular
   file only (no FIFO or device that could block);
2. decode UTF-8;
3. parse the YAML safely, recording each field's line
   (:func:`realpolitik.scenarios.safe_yaml.parse_yaml`: no aliases, anchors, object tags,
   deep nesting, duplicate or merge keys);
4. validate with the pydantic schema (unknown keys are errors) and
   :func:`~realpolitik.scenarios.validation.check_scenario` (names, ranges, horizon, events,
   parameters, memory).

Every failure raises :class:`~realpolitik.scenarios.schema.ScenarioError`, whose text is
``<file>:<line>: <field path>: <message>``. :func:`scenario_from_dict` runs step 4 on plain
Python values (a web form, a test) and names the field without a line.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from realpolitik.scenarios.safe_yaml import MAX_DEPTH, MAX_NODES, parse_yaml
from realpolitik.scenarios.schema import (
    Alliance,
    Event,
    Nuclear,
    Scenario,
    ScenarioError,
    StateSpec,
    short_repr,
)
from realpolitik.scenarios.validation import check_scenario, state_keys

__all__ = [
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "MAX_NODES",
    "LoadedScenario",
    "bundled_path",
    "bundled_scenarios",
    "load_scenario",
    "origin",
    "parse_scenario",
    "parse_yaml",
    "scenario_from_dict",
    "validate_data",
]

#: The largest scenario file read (bytes).
MAX_FILE_BYTES = 1024 * 1024


def _library() -> Any:
    """Return the folder of the bundled scenarios (inside the package)."""
    return resources.files("realpolitik.scenarios").joinpath("library")


@dataclass(frozen=True)
class LoadedScenario:
    """Where a scenario came from: its source name, text hash and field lines.

    Attributes
    ----------
    source : str
        The file name used in errors (or ``"<string>"``).
    sha256 : str
        Hex digest of the file's bytes.
    lines : dict
        Field path (tuple of keys and indices) -> 1-based line.
    text : str
        The file's text.
    """

    source: str
    sha256: str
    lines: dict[tuple, int]
    text: str


# ---------------------------------------------------------------------------------------------
# names and files
# ---------------------------------------------------------------------------------------------


def bundled_scenarios() -> tuple[str, ...]:
    """Return the names of the scenarios shipped with the package, sorted.

    Returns
    -------
    tuple of str
        E.g. ``("bipolar-nuclear", "multipolar-offense", "two-state-spiral")``.
    """
    root = _library()
    return tuple(
        sorted(p.name[: -len(".yaml")] for p in root.iterdir() if p.name.endswith(".yaml"))
    )


def bundled_path(name: str) -> Path:
    """Return the file of a bundled scenario.

    Parameters
    ----------
    name
        A name of :func:`bundled_scenarios`.

    Returns
    -------
    pathlib.Path
        The YAML file inside the package.

    Raises
    ------
    ScenarioError
        For an unknown name (listing the bundled ones).
    """
    if name not in bundled_scenarios():
        raise ScenarioError(
            f"unknown scenario {name!r}: not a file and not a bundled scenario; bundled: "
            f"{', '.join(bundled_scenarios())} (or give a path to a .yaml file)"
        )
    return Path(str(_library().joinpath(f"{name}.yaml")))


def _resolve(name_or_path: str | os.PathLike[str]) -> tuple[Path, str]:
    """Return the file and the name to show in errors."""
    text = os.fspath(name_or_path)
    path = Path(text)
    if text in bundled_scenarios() and not path.is_file():
        found = bundled_path(text)
        return found, f"{text}.yaml"
    if path.exists() or "/" in text or os.sep in text or path.suffix in (".yaml", ".yml"):
        return path, text
    return bundled_path(text), text  # raises the "unknown scenario" error


def _read_bounded(path: Path, shown: str) -> bytes:
    try:
        if not path.exists():
            raise ScenarioError("file not found", file=shown)
        if not path.is_file():
            raise ScenarioError("not a regular file; give a .yaml scenario file", file=shown)
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ScenarioError(
                f"file is {size:,} bytes; allowed: at most {MAX_FILE_BYTES:,} bytes (1 MiB)",
                file=shown,
            )
        with path.open("rb") as fh:
            data = fh.read(MAX_FILE_BYTES + 1)
    except OSError as err:
        raise ScenarioError(f"cannot read the file: {err.strerror or err}", file=shown) from None
    if len(data) > MAX_FILE_BYTES:
        raise ScenarioError(
            f"file is larger than {MAX_FILE_BYTES:,} bytes; allowed: at most 1 MiB", file=shown
        )
    return data


# ---------------------------------------------------------------------------------------------
# validation with locations
# ---------------------------------------------------------------------------------------------

_TYPE_WORDS = {
    "int_type": "an integer",
    "int_from_float": "an integer",
    "int_parsing": "an integer",
    "float_type": "a number",
    "float_parsing": "a number",
    "string_type": "text",
    "bool_type": "true or false",
    "list_type": "a list",
    "dict_type": "a mapping",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
}


def _allowed_keys(loc: tuple) -> list[str]:
    shape = tuple("#" if isinstance(p, int) else p for p in loc)
    models: dict[tuple, Any] = {
        (): Scenario,
        ("states", "#"): StateSpec,
        ("states", "#", "nuclear"): Nuclear,
        ("alliances", "#"): Alliance,
        ("events", "#"): Event,
    }
    model = models.get(shape)
    if model is StateSpec:
        return list(state_keys())
    return list(model.model_fields) if model is not None else []


def _message(err: Mapping[str, Any]) -> str:
    kind = err["type"]
    value = err.get("input")
    shown = short_repr(value)
    loc = tuple(err["loc"])
    if kind == "missing":
        return f"required key {loc[-1]!r} is missing" if loc else "required key missing"
    if kind == "extra_forbidden":
        allowed = _allowed_keys(loc[:-1])
        return f"unknown key {loc[-1]!r}; allowed keys: {', '.join(allowed)}"
    if kind in _TYPE_WORDS:
        return f"{shown} is not {_TYPE_WORDS[kind]}; allowed: {_TYPE_WORDS[kind]}"
    if kind == "literal_error":
        return f"{shown} is not allowed; allowed: {err.get('ctx', {}).get('expected', '')}"
    if kind in ("too_short", "too_long"):
        ctx = err.get("ctx", {})
        lo, hi = ctx.get("min_length"), ctx.get("max_length")
        bound = f"at least {lo}" if kind == "too_short" else f"at most {hi}"
        actual = ctx.get("actual_length")
        if actual is None:
            actual = len(value) if hasattr(value, "__len__") else "?"
        return f"{actual} items; allowed: {bound}"
    if kind == "value_error":
        msg = str(err.get("msg", ""))
        return msg.removeprefix("Value error, ")
    return f"{shown}: {err.get('msg', kind)}"


def _line_of(loc: tuple, lines: Mapping[tuple, int]) -> int | None:
    for n in range(len(loc), -1, -1):
        if loc[:n] in lines:
            return lines[loc[:n]]
    return None


def first_error(
    exc: ValidationError,
    source: str,
    lines: Mapping[tuple, int],
    error: type[ScenarioError] = ScenarioError,
    branches: tuple[str, ...] = (),
) -> ScenarioError:
    """Return the first (earliest-line) problem of a pydantic validation as one located error.

    Parameters
    ----------
    exc
        The validation error of a scenario (or of another file read with the same YAML).
    source
        The file's name, shown in the error.
    lines
        Field path -> line (:func:`~realpolitik.scenarios.safe_yaml.parse_yaml`).
    error
        The class of the error to return (a :class:`ScenarioError` subclass).
    branches
        Names pydantic gives the branches of a union (``list[any]``, a model's name): left out
        at the end of the field path, since they name no field.

    Returns
    -------
    ScenarioError
        ``<file>:<line>: <field>: <message> (and N more problems)``.
    """
    errors = sorted(exc.errors(include_url=False),
                    key=lambda e: _line_of(tuple(e["loc"]), lines) or 0)  # fmt: skip
    first = errors[0]
    loc = tuple(first["loc"])
    if loc and loc[-1] in branches:
        loc = loc[:-1]
    more = f" (and {len(errors) - 1} more problems)" if len(errors) > 1 else ""
    return error(_message(first) + more, file=source, line=_line_of(loc, lines), loc=loc)


def validate_data(
    data: Any, *, source: str = "<dict>", lines: Mapping[tuple, int] | None = None
) -> Scenario:
    """Validate plain Python values as a scenario (schema and cross-field checks).

    Parameters
    ----------
    data
        The values (a mapping).
    source
        The name to report in errors.
    lines
        Field path -> line, from :func:`parse_yaml`, to add lines to errors.

    Returns
    -------
    Scenario
        The checked scenario.

    Raises
    ------
    ScenarioError
        For the first problem (earliest line), naming the field, the bad value and the allowed
        range.
    """
    lines = lines or {}
    if not isinstance(data, Mapping):
        raise ScenarioError(
            f"a scenario is a mapping of keys (name, description, years, runs, states, ...), "
            f"got {type(data).__name__}",
            file=source,
            line=1 if lines else None,
        )
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        raise first_error(exc, source, lines) from None
    try:
        check_scenario(scenario)
    except ScenarioError as err:
        raise err.located(file=source, line=_line_of(err.loc or (), lines)) from None
    return scenario


def scenario_from_dict(data: Mapping[str, Any], *, source: str = "<dict>") -> Scenario:
    """Validate a mapping (as a YAML file would give) and return the scenario.

    Parameters
    ----------
    data
        The scenario as plain Python values (the keys of a scenario file).
    source
        The name to report in errors.

    Returns
    -------
    Scenario
        The checked scenario (``origin(scenario)`` is None: it comes from no file).

    Raises
    ------
    ScenarioError
        For the first problem found (field path, bad value, allowed range), without a line.
    """
    return validate_data(data, source=source)


def parse_scenario(text: str | bytes, *, source: str = "<string>", check: bool = True) -> Scenario:
    """Parse and validate a scenario from YAML text.

    Parameters
    ----------
    text
        The YAML (str, or UTF-8 bytes).
    source
        The name to report in errors.
    check
        Run the cross-field checks and the parameter checks too (default True).

    Returns
    -------
    Scenario
        The checked scenario.

    Raises
    ------
    ScenarioError
        For anything wrong with the text, with file, line and field.
    """
    if isinstance(text, bytes):
        raw = text
        if len(raw) > MAX_FILE_BYTES:
            raise ScenarioError(
                f"text is {len(raw):,} bytes; allowed: at most {MAX_FILE_BYTES:,} bytes",
                file=source,
            )
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as err:
            raise ScenarioError(
                f"not UTF-8 text (byte {err.start}); save the file as UTF-8", file=source
            ) from None
    else:
        raw = text.encode("utf-8", errors="surrogatepass")
        if len(raw) > MAX_FILE_BYTES:
            raise ScenarioError(
                f"text is {len(raw):,} bytes; allowed: at most {MAX_FILE_BYTES:,} bytes",
                file=source,
            )
    data, lines = parse_yaml(text, source)
    scenario = validate_data(data, source=source, lines=lines)
    origin = LoadedScenario(source, hashlib.sha256(raw).hexdigest(), lines, text)
    scenario._origin = origin
    return scenario


def load_scenario(name_or_path: str | os.PathLike[str] | Scenario) -> Scenario:
    """Load a bundled scenario by name, or a scenario file by path.

    Parameters
    ----------
    name_or_path
        A bundled name (``realpolitik scenarios`` lists them), a path to a YAML file, or a
        :class:`Scenario` (returned as is).

    Returns
    -------
    Scenario
        The checked scenario; ``origin(scenario)`` says where it came from.

    Raises
    ------
    ScenarioError
        For an unknown name, a missing, unreadable, too large or malformed file, or an invalid
        scenario: ``<file>:<line>: <field>: <message>``.
    """
    if isinstance(name_or_path, Scenario):
        return name_or_path
    if not isinstance(name_or_path, str | os.PathLike):
        raise ScenarioError(
            f"a scenario is a bundled name or a file path, got {type(name_or_path).__name__}"
        )
    path, shown = _resolve(name_or_path)
    raw = _read_bounded(path, shown)
    return parse_scenario(raw, source=shown)


def origin(scenario: Scenario) -> LoadedScenario | None:
    """Return where a loaded scenario came from (None for one built in Python).

    Parameters
    ----------
    scenario
        The scenario.

    Returns
    -------
    LoadedScenario or None
        Source name, SHA-256 of its text, field lines and text.
    """
    return scenario._origin
