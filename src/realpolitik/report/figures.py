"""Figures: a fresh matplotlib figure, the report's palette, and writing or embedding a figure.

matplotlib is imported only when a figure is made, so importing this module (or any report
module that draws) stays light. Figures use the object-oriented API on an Agg canvas: no pyplot
state, window or display is involved. :func:`save_figure` writes PNG or SVG,
:func:`png_bytes` returns PNG bytes, and :func:`embed` does both jobs of a report page: it writes
the file and returns the image the HTML page embeds (:class:`realpolitik.report.html.Block`).
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

__all__ = [
    "BLUE",
    "FORMATS",
    "GREEN",
    "GREY",
    "ORANGE",
    "PURPLE",
    "RED",
    "Image",
    "embed",
    "new_figure",
    "png_bytes",
    "save_figure",
]

#: Image formats :func:`save_figure` writes.
FORMATS: tuple[str, ...] = ("png", "svg")

#: The report's colours (matplotlib's tab10).
BLUE, RED, GREEN, GREY, ORANGE, PURPLE = (
    "#1f77b4",
    "#d62728",
    "#2ca02c",
    "#7f7f7f",
    "#ff7f0e",
    "#9467bd",
)

#: An image for the HTML page: ``(caption, mime, payload)``, PNG bytes or SVG text.
Image = tuple[str, str, bytes | str]


def new_figure(ncols: int = 1, width: float = 6.4, height: float = 4.6) -> tuple[Figure, Any]:
    """Return a new figure on an Agg canvas and its axes (one row of ``ncols`` panels).

    Parameters
    ----------
    ncols
        Number of panels side by side.
    width
        Width of one panel, inches (the figure is ``width * ncols`` wide).
    height
        Height, inches.

    Returns
    -------
    tuple
        ``(figure, axes)``: one Axes for one panel, an array of them otherwise.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width * ncols if ncols > 1 else width, height), layout="constrained")
    FigureCanvasAgg(fig)
    return fig, fig.subplots(1, ncols)


def save_figure(fig: Figure, folder: Path, name: str, fmt: str = "png") -> Path:
    """Write ``fig`` as ``folder/name.<fmt>`` and return the path.

    Parameters
    ----------
    fig
        The figure.
    folder
        Existing folder.
    name
        File stem.
    fmt
        ``"png"`` (150 dpi) or ``"svg"``.

    Returns
    -------
    Path
        The written file.

    Raises
    ------
    ValueError
        For another format.
    """
    if fmt not in FORMATS:
        raise ValueError(f"format = {fmt!r} is not allowed; choose one of {list(FORMATS)}")
    path = Path(folder) / f"{name}.{fmt}"
    fig.savefig(path, format=fmt, dpi=150)
    return path


def png_bytes(fig: Figure, dpi: int = 110) -> bytes:
    """Return the figure as PNG bytes (for embedding as a base64 data URI).

    Parameters
    ----------
    fig
        The figure.
    dpi
        Resolution.

    Returns
    -------
    bytes
        The PNG file's content.
    """
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi)
    return buf.getvalue()


def embed(fig: Figure, folder: Path, name: str, fmt: str = "png") -> tuple[Path, Image]:
    """Write a figure for a report page and return its file and the image the page embeds.

    Parameters
    ----------
    fig
        The figure.
    folder
        Existing folder.
    name
        File stem.
    fmt
        ``"png"`` (the page embeds the PNG file's bytes) or ``"svg"`` (it inlines the SVG).

    Returns
    -------
    tuple
        The written file, and ``(caption, mime, payload)`` with the caption naming the file.

    Raises
    ------
    ValueError
        For another format.
    """
    path = save_figure(fig, folder, name, fmt)
    caption = f"Figure file: {path.name}"
    if fmt == "svg":
        return path, (caption, "image/svg+xml", path.read_text(encoding="utf-8"))
    return path, (caption, "image/png", path.read_bytes())
