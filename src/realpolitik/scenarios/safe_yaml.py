"""Safe YAML for untrusted scenario files: plain values and each field's line, nothing else.

Source: the YAML 1.1 specification (the parts a scenario may use); docs/cli.md
("Conventions": one short error naming the field, the bad value and what is allowed).

:func:`parse_yaml` works in bounded stages, so a hostile text fails fast:

1. scan the YAML event stream (``yaml.parse`` with the safe loader) and refuse anchors and
   aliases (so "billion laughs" alias bombs cannot expand), tags other than YAML's plain
   scalars, lists and mappings (so ``!!python/object`` cannot construct anything), nesting
   deeper than :data:`MAX_DEPTH`, more than :data:`MAX_NODES` nodes and several documents;
2. compose the node tree and record each field's line; refuse duplicate keys, keys that are
   not text and merge keys (``<<``);
3. construct plain Python values with ``yaml.SafeLoader`` semantics only.

Every failure raises :class:`~realpolitik.scenarios.schema.ScenarioError` with the line.
"""

from __future__ import annotations

from typing import Any

import yaml

from realpolitik.scenarios.schema import ScenarioError, format_path

__all__ = ["MAX_DEPTH", "MAX_NODES", "parse_yaml"]

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
