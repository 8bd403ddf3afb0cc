"""Loading scenario files safely: YAML to a checked :class:`Scenario`, errors with file and line.

Source: DESIGN.md ("Interfaces": one short error naming the field, the bad value and what is
allowed); the YAML 1.1 specification for the parts of YAML a scenario may use.

A scenario file is untrusted input, so the loader works in stages, each bounded, and nothing
is simulated until all of them pass:

1. read at most :data:`MAX_FILE_BYTES` bytes (a larger file is refused unread), from a regular
   file only (no FIFO or device that could block);
2. decode UTF-8;
3. scan the YAML event stream (``yaml.parse`` with the safe loader) and refuse anchors and
   aliases (so "billion laughs" alias bombs cannot expand), tags other than YAML's plain
   scalars, lists and mappings (so ``!!python/object`` cannot construct anything), nesting
   deeper than :data:`MAX_DEPTH` and more than :data:`MAX_NODES` nodes;
4. compose the node tree and record each field's line; refuse duplicate keys, keys that are
   not text and merge keys (``<<``);
5. construct plain Python values with ``yaml.SafeLoader`` semantics only;
6. validate with the pydantic schema (unknown keys are errors) and
   :func:`~realpolitik.scenarios.schema.check_scenario` (names, ranges, horizon, memory).

Every failure raises :class:`~realpolitik.scenarios.schema.ScenarioError`, whose text is
``<file>:<line>: <field path>: <message>``.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from realpolitik.scenarios.schema import (
    Scenario,
    ScenarioError,
    StateSpec,
    check_scenario,
    format_path,
    state_keys,
)

__all__ = [
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "MAX_NODES",
    "LoadedScenario",
    "bundled_path",
    "bundled_scenarios",
    "load_scenario",
    "parse_scenario",
    "parse_yaml",
    "validate_data",
]

#: The largest scenario file read (bytes).
MAX_FILE_BYTES = 1024 * 1024
#: The deepest nesting of lists and mappings allowed.
MAX_DEPTH = 32
#: The most YAML nodes (scalars, lists, mappings) a file may hold.
MAX_NODES = 50_000

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_CORE = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {
    None,
    "!",
    *(f"{_CORE}{t}" for t in ("str", "int", "float", "bool", "null", "seq", "map")),
}


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
# YAML, safely
# ---------------------------------------------------------------------------------------------


def _yaml_error(err: yaml.YAMLError, source: str) -> ScenarioError:
    mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
    problem = getattr(err, "problem", None) or str(err)
    context = getattr(err, "context", None)
    what = f"{context}, {problem}" if context else problem
    if mark is not None:
        return ScenarioError(
            f"YAML syntax error: {what} (column {mark.column + 1})", file=source, line=mark.line + 1
        )
    return ScenarioError(f"YAML syntax error: {what}", file=source)


def _scan_events(text: str, source: str) -> None:
    """Refuse aliases, anchors, foreign tags, deep nesting and too many nodes, before composing."""
    depth = 0
    nodes = 0
    documents = 0
    try:
        for event in yaml.parse(text, Loader=_LOADER):
            line = event.start_mark.line + 1 if event.start_mark is not None else None
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise ScenarioError(
                        "the file holds several YAML documents (---); allowed: one scenario",
                        file=source,
                        line=line,
                    )
            if isinstance(event, yaml.AliasEvent):
                raise ScenarioError(
                    f"YAML alias *{event.anchor} is not allowed (aliases can expand without "
                    "bound); write the values out",
                    file=source,
                    line=line,
                )
            if isinstance(event, yaml.NodeEvent):
                if event.anchor is not None:
                    raise ScenarioError(
                        f"YAML anchor &{event.anchor} is not allowed; write the values out",
                        file=source,
                        line=line,
                    )
                tag = getattr(event, "tag", None)
                if tag not in _ALLOWED_TAGS:
                    raise ScenarioError(
                        f"YAML tag {tag!r} is not allowed (no Python objects or custom types); "
                        "allowed: plain numbers, text, true/false, null, lists and mappings",
                        file=source,
                        line=line,
                    )
                nodes += 1
                if nodes > MAX_NODES:
                    raise ScenarioError(
                        f"the file holds more than {MAX_NODES:,} YAML values; allowed: at most "
                        f"{MAX_NODES:,}",
                        file=source,
                        line=line,
                    )
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise ScenarioError(
                        f"lists and mappings nested more than {MAX_DEPTH} deep; allowed: at "
                        f"most {MAX_DEPTH}",
                        file=source,
                        line=line,
                    )
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError as err:
        raise _yaml_error(err, source) from None


def _walk(node: yaml.Node, path: tuple, lines: dict[tuple, int], source: str) -> None:
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise ScenarioError(
                    "YAML merge key '<<' is not allowed; write the keys out",
                    file=source,
                    line=line,
                    field=format_path(path),
                )
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != (
                "tag:yaml.org,2002:str"
            ):
                shown = key_node.value if isinstance(key_node, yaml.ScalarNode) else "(a list)"
                raise ScenarioError(
                    f"key {shown!r} is not text; allowed: names such as 'runs' (quote numbers "
                    "or true/false used as keys)",
                    file=source,
                    line=line,
                    field=format_path(path),
                )
            key = key_node.value
            if key in seen:
                raise ScenarioError(
                    f"key {key!r} appears twice (first at line {seen[key]}); allowed: each key "
                    "once",
                    file=source,
                    line=line,
                    field=format_path((*path, key)),
                )
            seen[key] = line
            lines[(*path, key)] = line
            _walk(value_node, (*path, key), lines, source)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            lines[(*path, i)] = item.start_mark.line + 1
            _walk(item, (*path, i), lines, source)


def _construct_error(root: yaml.Node, err: Exception, source: str) -> ScenarioError:
    """Find the scalar that a safe constructor could not turn into a value (e.g. 2001-13-45)."""
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.ScalarNode):
            try:
                yaml.SafeLoader("").construct_object(node, deep=True)
            except (ValueError, TypeError, OverflowError) as bad:
                return ScenarioError(
                    f"{node.value!r} cannot be read as {node.tag.rsplit(':', 1)[-1]}: {bad}; "
                    "quote it to give text",
                    file=source,
                    line=node.start_mark.line + 1,
                )
        elif isinstance(node, yaml.MappingNode):
            for key, value in reversed(node.value):
                stack.extend((value, key))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(reversed(node.value))
    return ScenarioError(f"a value cannot be read: {err}", file=source)  # pragma: no cover


def parse_yaml(text: str, source: str = "<string>") -> tuple[Any, dict[tuple, int]]:
    """Parse scenario YAML safely and return its values and each field's line.

    Parameters
    ----------
    text
        The YAML text.
    source
        The name to report in errors.

    Returns
    -------
    (object, dict)
        The plain Python values and field path -> 1-based line.

    Raises
    ------
    ScenarioError
        For a syntax error, an alias or anchor, a foreign tag, deep nesting, too many values,
        duplicate or non-text keys, merge keys.
    """
    _scan_events(text, source)
    try:
        loader = _LOADER(text)
        try:
            node = loader.get_single_node()
            if node is None:
                raise ScenarioError("the file is empty; a scenario is a YAML mapping", file=source)
            lines: dict[tuple, int] = {}
            _walk(node, (), lines, source)
            try:
                data = loader.construct_document(node)
            except (ValueError, TypeError, OverflowError) as err:
                raise _construct_error(node, err, source) from None
        finally:
            loader.dispose()
    except yaml.YAMLError as err:
        raise _yaml_error(err, source) from None
    return data, lines


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
    from realpolitik.scenarios.schema import Alliance, Event, Nuclear

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
    shown = repr(value)
    if len(shown) > 60:
        shown = shown[:57] + "..."
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


def _field_loc(field: str | None) -> tuple:
    """Turn ``"states[2].nuclear.warheads"`` back into ``("states", 2, "nuclear", "warheads")``."""
    if not field:
        return ()
    out: list[str | int] = []
    for part in field.replace("]", "").replace("[", ".").split("."):
        if part:
            out.append(int(part) if part.isdigit() else part)
    return tuple(out)


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
        errors = exc.errors(include_url=False)
        errors.sort(key=lambda e: _line_of(tuple(e["loc"]), lines) or 0)
        first = errors[0]
        loc = tuple(first["loc"])
        more = f" (and {len(errors) - 1} more problems)" if len(errors) > 1 else ""
        raise ScenarioError(
            _message(first) + more,
            file=source,
            line=_line_of(loc, lines),
            field=format_path(loc),
        ) from None
    try:
        check_scenario(scenario)
        from realpolitik.scenarios.compile import build_params

        build_params(scenario)
    except ScenarioError as err:
        raise err.located(file=source, line=_line_of(_field_loc(err.field), lines)) from None
    scenario._origin = LoadedScenario(source, "", dict(lines), "")
    return scenario


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
