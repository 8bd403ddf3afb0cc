"""The key tables of docs/mechanisms.md, generated from :meth:`Params.describe`.

Each table of keys in docs/mechanisms.md sits between two markers, ``<!-- keys: GROUP -->`` and
``<!-- /keys -->``, where GROUP is a key group (the ``mechanism`` column of
:meth:`~realpolitik.engine.Params.describe`: ``core``, ``perception``, ``beliefs``, ...).
:func:`render` rewrites every marked table from the declarations, so the document cannot drift
from the code (a test compares them); the prose around the tables is written by hand.

Run ``python -m realpolitik.engine.keydocs [path]`` after changing a key to rewrite the tables
(default path: ``docs/mechanisms.md`` of the working directory).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

from realpolitik.engine.params import Params

__all__ = ["key_table", "main", "render"]

_BLOCK = re.compile(r"(<!-- keys: (\w+) -->\n)(.*?)(<!-- /keys -->)", re.S)
_HEADER = (
    "| key | symbol | range | default | per state | needs | schedulable | source | what it does |\n"
    "|---|---|---|---|---|---|---|---|---|\n"
)


def _cell(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value).replace("|", "\\|")


def key_table(group: str, params: Any = Params) -> str:
    """Return the markdown table of one group's keys.

    Parameters
    ----------
    group
        A key group (the ``mechanism`` of the keys' specs), e.g. ``"beliefs"``.
    params
        The :class:`~realpolitik.engine.Params` class (or a subclass with more keys).

    Returns
    -------
    str
        The table: a header and one row per key, in declaration order.

    Raises
    ------
    ValueError
        If no key belongs to ``group``.
    """
    table = params.describe()
    rows = table[table["mechanism"] == group]
    if rows.empty:
        groups = list(dict.fromkeys(table["mechanism"]))
        raise ValueError(f"no key belongs to group {group!r}; groups: {groups}")
    lines = [
        f"| `{r.key}` | {_cell(r.symbol)} | {_cell(r.range)} | {_cell(r.value)} | "
        f"{'yes' if r.per_state else ''} | "
        f"{f'`{r.requires}`' if isinstance(r.requires, str) else ''} | "
        f"{'yes' if r.schedulable else ''} | {_cell(r.source)} | {_cell(r.doc)} |"
        for r in rows.itertuples()
    ]
    return _HEADER + "\n".join(lines) + "\n"


def render(text: str, params: Any = Params) -> str:
    """Return ``text`` with every marked key table generated again (see the module docstring).

    Parameters
    ----------
    text
        The document (docs/mechanisms.md).
    params
        The :class:`~realpolitik.engine.Params` class.

    Returns
    -------
    str
        The document with its tables replaced.
    """
    return _BLOCK.sub(lambda m: m.group(1) + key_table(m.group(2), params) + m.group(4), text)


def main(argv: list[str] | None = None) -> int:
    """Rewrite the key tables of docs/mechanisms.md (or the given path); return 0."""
    args = sys.argv[1:] if argv is None else argv
    path = Path(args[0] if args else "docs/mechanisms.md")
    text = path.read_text(encoding="utf-8")
    new = render(text)
    if new != text:
        path.write_text(new, encoding="utf-8")
        print(f"rewrote the key tables of {path}")
    else:
        print(f"the key tables of {path} are up to date")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
