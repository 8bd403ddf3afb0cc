"""The tour's outputs: one item's files, and the whole tour as one self-contained HTML page."""

from __future__ import annotations

import importlib
import re
from collections.abc import Sequence
from pathlib import Path

from realpolitik.report.tour._item import TourItem

__all__ = ["model_heading", "tour_page", "write_item"]


def write_item(item: TourItem, folder: Path, fmt: str = "png") -> list[Path]:
    """Write one item's numbers (``result.json``), large tables (CSV) and figures.

    Parameters
    ----------
    item
        The tour item.
    folder
        Existing folder.
    fmt
        Figure format, ``"png"`` or ``"svg"``.

    Returns
    -------
    list of Path
        The files written: ``result.json`` first.
    """
    from realpolitik._output import write_csv, write_json
    from realpolitik.report.figures import save_figure

    written = [write_json(folder / "result.json", {"model": item.model, **item.data})]
    for name, frame in item.frames.items():
        written.append(write_csv(folder / f"{name}.csv", frame.columns, frame.rows))
    for name, build in item.figures.items():
        written.append(save_figure(build(), folder, name, fmt))
    return written


def model_heading(model: str) -> str:
    """Return the first line of a theory module's docstring, without a section reference.

    Parameters
    ----------
    model
        One of :data:`realpolitik.theory.MODELS`.

    Returns
    -------
    str
        E.g. ``"Richardson's arms race: two (or N) nations that arm in reaction to each other"``.
    """
    doc = importlib.import_module(f"realpolitik.theory.{model}").__doc__ or model
    first = doc.strip().splitlines()[0].rstrip(".")
    return re.sub(r"\s*\(MODELS\.md[^)]*\)$", "", first)


def tour_page(items: Sequence[TourItem], folder: Path, fmt: str = "png") -> Path:
    """Write the tour as one self-contained HTML page, with its figures and ``results.json``.

    Items of the same model share a section (with the model's sources); each item is a block
    with its summary, figures (embedded) and tables.

    Parameters
    ----------
    items
        The tour's items, e.g. :func:`realpolitik.report.tour.classic_tour`.
    folder
        Existing folder.
    fmt
        Figure format, ``"png"`` or ``"svg"``; the figure files stay next to the page.

    Returns
    -------
    Path
        ``folder/index.html``.
    """
    from realpolitik import __version__
    from realpolitik._output import write_json
    from realpolitik.report.figures import embed
    from realpolitik.report.html import Block, Section, render_page

    sections: list[Section] = []
    for item in items:
        images = [embed(build(), folder, name, fmt)[1] for name, build in item.figures.items()]
        block = Block(title=item.title, summary=item.summary, tables=item.tables, images=images)
        if not sections or sections[-1].model != item.model:
            heading = model_heading(item.model)
            sections.append(Section(anchor=item.model, title=heading, model=item.model))
        sections[-1].blocks.append(block)
    write_json(folder / "results.json", {item.key: item.data for item in items})
    page = render_page(
        "realpolitik: a tour of the security dilemma's formal models",
        sections,
        intro=(
            "Each section runs one formal model of realpolitik.theory on its classic inputs "
            "(docs/theory.md) and shows its numbers, figures and sources. Reproduce any section "
            "with `realpolitik theory <model>` (see `realpolitik theory --help`)."
        ),
        meta={"realpolitik": __version__, "command": "realpolitik demo --theory"},
    )
    index = folder / "index.html"
    index.write_text(page, encoding="utf-8")
    return index
