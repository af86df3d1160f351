"""Figures shown with alt text, a caption and a source line, in Jupyter and in the book.

``show_figure(fig, alt=..., caption=..., source=...)`` returns an object whose HTML is a
``<figure>`` with the PNG inline (so the page needs no extra files) and whose plain-text form is
the alt text. The PNG carries no timestamp, so the output is the same on every run.
"""

from __future__ import annotations

import base64
import html
import io

import matplotlib.pyplot as plt

from .text import inline_markdown


def figure_png(fig, dpi: int = 100, tight: bool = True) -> bytes:
    """PNG bytes with no timestamp. ``tight=False`` skips the extra layout pass (faster)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, bbox_inches="tight" if tight else None,
                metadata={"Software": None}, pil_kwargs={"compress_level": 1})
    return buf.getvalue()


def figure_html(png: bytes, alt: str, caption: str = "", source: str = "") -> str:
    data = base64.b64encode(png).decode("ascii")
    parts = [f'<img src="data:image/png;base64,{data}" alt="{html.escape(alt, quote=True)}" '
             f'style="max-width:100%;height:auto">']
    cap = inline_markdown(caption) if caption else ""
    if source:
        cap += f'<br><small>Source: {inline_markdown(source)}</small>'
    if cap:
        parts.append(f"<figcaption>{cap}</figcaption>")
    return f'<figure class="nhs-figure" style="margin:1rem 0">{"".join(parts)}</figure>'


class Figure:
    """A rendered figure with its alt text; displays as HTML, or as text where HTML is not shown."""

    def __init__(self, png: bytes, alt: str, caption: str = "", source: str = ""):
        if not alt or not alt.strip():
            raise ValueError("alt must describe the figure for readers who cannot see it")
        self.png, self.alt, self.caption, self.source = png, alt, caption, source

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/html": figure_html(self.png, self.alt, self.caption, self.source),
                "text/plain": f"[Figure] {self.alt}"}


def show_figure(fig, alt: str, caption: str = "", source: str = "") -> Figure:
    """Render ``fig`` with its alt text and close it (so Jupyter does not show it twice)."""
    png = figure_png(fig)
    plt.close(fig)
    return Figure(png, alt, caption, source)
