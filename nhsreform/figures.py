"""Figures shown with alt text, a caption and a source line, in Jupyter and in the book.

``show_figure(fig, alt=..., caption=..., datasets=(...))`` returns an object whose HTML is a
``<figure>`` with the PNG inline (so the page needs no extra files) and whose plain-text form is
the alt text. The PNG carries no timestamp, so the output is the same on every run.

The source line comes from the data, not from retyped text: for each name in ``datasets`` the
caption shows the ``attribution`` (source and licence) from the dataset's card
(``data/<name>.md``, see :mod:`nhsreform.data`) and names the dataset. ``source=`` adds free text
after those lines: the source of a stylised model's figure, or details a card does not give.
"""

from __future__ import annotations

import base64
import html
import io
from collections.abc import Iterable

import matplotlib.pyplot as plt

from .data import dataset
from .text import inline_markdown


def figure_png(fig, dpi: int = 100, tight: bool = True) -> bytes:
    """PNG bytes with no timestamp. ``tight=False`` skips the extra layout pass (faster)."""
    buf = io.BytesIO()
    fig.savefig(
        buf,
        format="png",
        dpi=dpi,
        bbox_inches="tight" if tight else None,
        metadata={"Software": None},
        pil_kwargs={"compress_level": 1},
    )
    return buf.getvalue()


def _as_tuple(source: str | Iterable[str]) -> tuple[str, ...]:
    items = (source,) if isinstance(source, str) else tuple(source)
    return tuple(s for s in items if s and s.strip())


def figure_html(png: bytes, alt: str, caption: str = "", source: str | Iterable[str] = "") -> str:
    """A ``<figure>``: the PNG inline with its alt text, the caption, then one line per source."""
    data = base64.b64encode(png).decode("ascii")
    parts = [
        f'<img src="data:image/png;base64,{data}" alt="{html.escape(alt, quote=True)}" '
        f'style="max-width:100%;height:auto">'
    ]
    cap = inline_markdown(caption) if caption else ""
    for line in _as_tuple(source):
        cap += f"<br><small>Source: {inline_markdown(line)}</small>"
    if cap:
        parts.append(f"<figcaption>{cap}</figcaption>")
    return f'<figure class="nhs-figure" style="margin:1rem 0">{"".join(parts)}</figure>'


def dataset_attributions(datasets: str | Iterable[str]) -> tuple[str, ...]:
    """One source line per dataset name: its card's ``attribution`` and the dataset's name.

    Raises ``ValueError`` naming the dataset for an unknown name or a card with no attribution.
    """
    names = (datasets,) if isinstance(datasets, str) else tuple(datasets)
    lines = []
    for name in names:
        try:
            card = dataset(name)
        except KeyError as err:  # no such card: say so, with the names that do exist
            message = err.args[0] if err.args else f"no dataset {name!r}"
            raise ValueError(f"show_figure(datasets=...): {message}") from None
        attribution = " ".join(card.attribution.split())
        if not attribution:
            raise ValueError(
                f"show_figure(datasets=...): the card data/{name}.md has no "
                f"attribution to show as the figure's source"
            )
        lines.append(f"{attribution} Course dataset `{name}`.")
    return tuple(lines)


class Figure:
    """A rendered figure with its alt text; displays as HTML, or as text where HTML is not shown.

    ``source`` is one source line or several (shown one per line under the caption).
    """

    def __init__(self, png: bytes, alt: str, caption: str = "", source: str | Iterable[str] = ""):
        if not alt or not alt.strip():
            raise ValueError("alt must describe the figure for readers who cannot see it")
        self.png, self.alt, self.caption = png, alt, caption
        self.sources = _as_tuple(source)

    @property
    def source(self) -> str:
        """All source lines as one string."""
        return " ".join(self.sources)

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {
            "text/html": figure_html(self.png, self.alt, self.caption, self.sources),
            "text/plain": f"[Figure] {self.alt}",
        }


def show_figure(
    fig, alt: str, caption: str = "", source: str = "", datasets: str | Iterable[str] = ()
) -> Figure:
    """Render ``fig`` with its alt text and close it (so Jupyter does not show it twice).

    ``datasets``: names of the datasets plotted (e.g. ``("rtt_waiting_list_2007_2018",)``); each
    card's attribution becomes a source line. ``source``: extra source text, shown after them.
    An unknown dataset name raises ``ValueError`` (the figure is closed, not shown half-labelled).
    """
    try:
        lines = dataset_attributions(datasets) + _as_tuple(source)
    except ValueError:
        plt.close(fig)
        raise
    png = figure_png(fig)
    plt.close(fig)
    return Figure(png, alt, caption, lines)
