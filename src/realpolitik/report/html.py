"""One self-contained HTML page: sections with citations, small tables and embedded figures.

The page needs nothing at view time: the style sheet is inline and every figure is a PNG
embedded as a ``data:image/png;base64`` URI (an SVG may be inlined instead), so the file can be
mailed, archived or opened offline (docs/cli.md: "one self-contained HTML file").
Citations come from :func:`realpolitik.cite`; a short "Author (year), Title" line is shown and
the BibTeX sits in a collapsible block.
"""

from __future__ import annotations

import base64
import html
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from realpolitik.citations import docs_reference
from realpolitik.report.tables import Table, fmt

_CSS = """
body { font-family: -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; margin: 0;
       color: #222; background: #fafafa; line-height: 1.45; }
main { max-width: 1100px; margin: 0 auto; padding: 1.5rem 2rem 4rem; }
header { border-bottom: 2px solid #333; margin-bottom: 1rem; }
h1 { margin-bottom: 0.2rem; }
h2 { margin-top: 2.5rem; border-bottom: 1px solid #bbb; padding-bottom: 0.2rem; }
section { background: #fff; padding: 0.2rem 1.2rem 1rem; border-radius: 6px;
          box-shadow: 0 1px 3px rgba(0,0,0,0.08); margin-bottom: 1.5rem; }
p.summary { font-size: 1.02rem; }
div.source { color: #555; font-size: 0.9rem; }
div.source ul { margin: 0.2rem 0 0.4rem; }
table { border-collapse: collapse; margin: 0.6rem 0 1rem; font-size: 0.86rem; }
caption { text-align: left; font-weight: 600; padding-bottom: 0.3rem; }
th, td { border: 1px solid #ccc; padding: 0.2rem 0.5rem; text-align: left; }
th { background: #f0f0f0; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
figure { margin: 0.8rem 0; }
figure img, figure svg { max-width: 100%; height: auto; border: 1px solid #eee; }
details { font-size: 0.8rem; color: #444; }
pre { background: #f6f6f6; padding: 0.5rem; overflow-x: auto; }
nav ol { columns: 2; font-size: 0.95rem; }
footer { color: #777; font-size: 0.8rem; margin-top: 3rem; }
"""


@dataclass
class Block:
    """One result inside a section: a sub-heading, a paragraph, figures and tables.

    Attributes
    ----------
    title : str
        Sub-heading (shown when a section has several blocks).
    summary : str
        Paragraph saying what the result shows.
    tables : list of Table
        Small result tables.
    images : list of tuple
        ``(caption, mime, payload)`` with mime ``"image/png"`` (payload: PNG bytes) or
        ``"image/svg+xml"`` (payload: SVG text or bytes, inlined).
    """

    title: str
    summary: str = ""
    tables: list[Table] = field(default_factory=list)
    images: list[tuple[str, str, bytes | str]] = field(default_factory=list)


@dataclass
class Section:
    """One section of the page: a model, its sources and its results.

    Attributes
    ----------
    anchor : str
        HTML id (letters, digits, dashes).
    title : str
        Heading.
    model : str, tuple of str, or None
        Name (or names, e.g. a scenario's BibTeX keys) passed to :func:`realpolitik.cite` for
        the sources, or None.
    blocks : list of Block
        The results shown in the section.
    """

    anchor: str
    title: str
    model: str | tuple[str, ...] | None = None
    blocks: list[Block] = field(default_factory=list)


def data_uri(png: bytes) -> str:
    """Return a ``data:image/png;base64,...`` URI for PNG bytes.

    Parameters
    ----------
    png
        The PNG file's content.

    Returns
    -------
    str
        The URI.
    """
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


_FIELDS = re.compile(r"^\s*(\w+)\s*=\s*\{((?:[^{}]|\{[^{}]*\})*)\}", re.M)


def short_citation(bibtex: str) -> str:
    """Turn one BibTeX entry into "Author (year). Title. Venue.".

    Parameters
    ----------
    bibtex
        One entry, one field per line (as in :mod:`realpolitik.citations`).

    Returns
    -------
    str
        A one-line human-readable reference.
    """
    fields: dict[str, str] = {}
    for match in _FIELDS.finditer(bibtex):  # a value may run over several lines
        value = " ".join(match.group(2).split())
        fields[match.group(1).lower()] = value.replace("{", "").replace("}", "")
    authors = [a.strip() for a in fields.get("author", "").split(" and ") if a.strip()]
    names = [a.split(",")[0].strip() for a in authors]
    who = (
        names[0]
        if len(names) == 1
        else " & ".join(names[:2]) + (" et al." if len(names) > 2 else "")
    )
    venue = fields.get("journal") or fields.get("booktitle") or fields.get("publisher") or ""
    volume = f" {fields['volume']}" if "volume" in fields and fields.get("journal") else ""
    parts = [f"{who or 'Anon.'} ({fields.get('year', 'n.d.')}). {fields.get('title', '')}."]
    if venue:
        parts.append(f" {venue}{volume}.")
    return "".join(parts)


def _split_bibtex(text: str) -> list[str]:
    return [e.strip() for e in re.split(r"\n\s*\n", text) if e.strip()]


def _render_table(table: Table) -> str:
    head = "".join(f"<th>{html.escape(c)}</th>" for c in table.columns)
    body = []
    for row in table.rows:
        cells = []
        for value in row:
            numeric = isinstance(value, int | float) and not isinstance(value, bool)
            cls = ' class="num"' if numeric else ""
            cells.append(f"<td{cls}>{html.escape(fmt(value))}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return (
        f"<table><caption>{html.escape(table.title)}</caption>"
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
    )


def _render_image(caption: str, mime: str, payload: bytes | str) -> str:
    cap = f"<figcaption>{html.escape(caption)}</figcaption>" if caption else ""
    if mime == "image/svg+xml":
        svg = payload.decode("utf-8") if isinstance(payload, bytes) else payload
        svg = re.sub(r"^<\?xml[^>]*\?>\s*(<!DOCTYPE[^>]*>\s*)?", "", svg.strip())
        return f"<figure>{svg}{cap}</figure>"
    raw = payload.encode("latin-1") if isinstance(payload, str) else payload
    alt = html.escape(caption or "figure", quote=True)
    return f'<figure><img alt="{alt}" src="{data_uri(raw)}">{cap}</figure>'


def _render_source(model: str | tuple[str, ...]) -> str:
    from realpolitik.citations import cite

    names = (model,) if isinstance(model, str) else tuple(model)
    bib = cite(*names)
    entries = _split_bibtex(bib)
    refs = "".join(f"<li>{html.escape(short_citation(e))}</li>" for e in entries)
    call = ", ".join(f'"{html.escape(n)}"' for n in names)
    return (
        f'<div class="source"><strong>Sources</strong> '
        f"(<code>realpolitik.cite({call})</code>):<ul>{refs}</ul>"
        f"<details><summary>BibTeX</summary><pre>{html.escape(bib)}</pre></details></div>"
    )


def render_page(
    title: str,
    sections: Sequence[Section],
    *,
    intro: str = "",
    meta: Mapping[str, str] | None = None,
) -> str:
    """Render the sections as one self-contained HTML document.

    Parameters
    ----------
    title
        Page title.
    sections
        The sections, in order; a table of contents links to each.
    intro
        Paragraph under the title.
    meta
        Extra "key: value" lines for the footer (version, date, inputs...).

    Returns
    -------
    str
        The HTML text (UTF-8, no external resources); references to developer notes in any
        text (e.g. a scenario's description) name documentation pages instead
        (:func:`realpolitik.citations.docs_reference`).
    """
    toc = "".join(
        f'<li><a href="#{html.escape(s.anchor)}">{html.escape(s.title)}</a></li>' for s in sections
    )
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{html.escape(title)}</title><style>{_CSS}</style></head><body><main>",
        f"<header><h1>{html.escape(title)}</h1>",
        f"<p>{html.escape(intro)}</p></header>" if intro else "</header>",
        f"<nav><ol>{toc}</ol></nav>",
    ]
    for s in sections:
        parts.append(f'<section id="{html.escape(s.anchor)}"><h2>{html.escape(s.title)}</h2>')
        if s.model:
            parts.append(_render_source(s.model))
        for block in s.blocks:
            if len(s.blocks) > 1 and block.title:
                parts.append(f"<h3>{html.escape(block.title)}</h3>")
            if block.summary:
                parts.append(f'<p class="summary">{html.escape(block.summary)}</p>')
            parts.extend(_render_image(*img) for img in block.images)
            parts.extend(_render_table(t) for t in block.tables)
        parts.append("</section>")
    footer = {"generated": datetime.now().isoformat(timespec="seconds"), **(meta or {})}
    lines = "<br>".join(f"{html.escape(k)}: {html.escape(v)}" for k, v in footer.items())
    parts.append(f"<footer>{lines}</footer></main></body></html>")
    return docs_reference("\n".join(parts) + "\n")
