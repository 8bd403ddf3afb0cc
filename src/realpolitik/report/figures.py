"""Figures: a fresh matplotlib figure, the report's palette, and writing or embedding a figure.

matplotlib is imported only when a figure is made, so importing this module (or any report
module that draws) stays light. Figures use the object-oriented API on an Agg canvas: no pyplot
state, window or display is involved. :func:`save_figure` writes PNG or SVG,
:func:`png_bytes` returns PNG bytes, and :func:`embed` does both jobs of a report page: it writes
the file and returns the image the HTML page embeds (:class:`realpolitik.report.html.Block`).

Conventions every figure follows (the test suite checks them on every figure the package
draws): no text reaches outside the figure (a long axis label is broken over two
lines), every axis has a label, a quantity with units names them in parentheses at the end of
its label (``"military capability m (GDP units)"``), and every colour bar has a label
(:func:`colorbar` requires one).
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
    "colorbar",
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


def new_figure(
    ncols: int = 1,
    width: float = 6.4,
    height: float = 4.6,
    *,
    nrows: int = 1,
    sharex: bool = False,
    sharey: bool = False,
) -> tuple[Figure, Any]:
    """Return a new figure on an Agg canvas and its axes (a grid of ``nrows`` x ``ncols``).

    Parameters
    ----------
    ncols
        Number of panels side by side.
    width
        Width of one panel, inches (the figure is ``width * ncols`` wide).
    height
        Height of the whole figure, inches.
    nrows
        Number of rows of panels.
    sharex, sharey
        Whether the panels share their x (y) axis: one scale, and the tick labels only on the
        outer panels; one axis label then serves them all.

    Returns
    -------
    tuple
        ``(figure, axes)``: one Axes for one panel, an array of them otherwise (2-D for
        ``nrows > 1`` and ``ncols > 1``).
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width * ncols if ncols > 1 else width, height), layout="constrained")
    FigureCanvasAgg(fig)
    return fig, fig.subplots(nrows, ncols, sharex=sharex, sharey=sharey)


def colorbar(fig: Figure, mappable: Any, ax: Any, label: str, **kwargs: Any) -> Any:
    """Add a colour bar for ``mappable`` next to ``ax``, with its label (units included).

    Parameters
    ----------
    fig
        The figure.
    mappable
        What the colours show, e.g. the image of ``ax.imshow``.
    ax
        The Axes it belongs to.
    label
        What the colours measure, with units, e.g. ``"payoff (utility per round)"``.
    **kwargs
        Passed on to :meth:`matplotlib.figure.Figure.colorbar` (e.g. ``shrink``).

    Returns
    -------
    matplotlib.colorbar.Colorbar
        The colour bar.

    Raises
    ------
    ValueError
        For an empty label.
    """
    if not str(label).strip():
        raise ValueError("label = '' is not allowed; a colour bar says what its colours measure")
    bar = fig.colorbar(mappable, ax=ax, **kwargs)
    bar.set_label(label)
    return bar


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
