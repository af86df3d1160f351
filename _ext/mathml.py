"""Sphinx extension: formulas are written into the page as MathML, so no page loads MathJax.

The course's formulas are short ($P/T$, $(1-s)/T$, $P(R \\le r) \\ge q$). MathJax drew them in the
browser at a cost of 1.2 MB of JavaScript on every page with a formula (and on every page whose
contents list reaches one), which is most of the budget of a page on a slow network. Browsers
draw MathML themselves (Chromium since version 109, Firefox, Safari), screen readers read it as
mathematics, and it prints. ``latex2mathml`` (pinned in requirements.txt) turns the LaTeX into
MathML when the page is written; the build stops, naming the page and the formula, if it cannot.

``html_math_renderer: mathml`` in ``_config.yml`` chooses this renderer.
"""

from __future__ import annotations

import html

from docutils import nodes
from sphinx.errors import SphinxError
from sphinx.util.math import get_node_equation_number


class FormulaError(SphinxError):
    category = "Formula the book cannot draw"


def to_mathml(latex: str, *, block: bool, where: str = "") -> str:
    """MathML for one LaTeX formula (``block``: on a line of its own)."""
    from latex2mathml.converter import convert

    try:
        mathml = convert(latex.strip(), display="block" if block else "inline")
    except Exception as error:  # latex2mathml raises its own errors and plain ones alike
        reason = str(error) or type(error).__name__  # latex2mathml's errors often say only their name
        raise FormulaError(
            f"{where}: cannot turn the formula {latex.strip()!r} into MathML: {reason}"
        ) from None
    # The LaTeX as the formula's text alternative, for readers whose tools do not read MathML.
    alt = html.escape(latex.strip(), quote=True)
    return mathml.replace("<math ", f'<math alttext="{alt}" ', 1)


def _where(self, node) -> str:
    source, line = node.source or self.builder.current_docname, node.line
    return f"{source}:{line}" if line else str(source)


def visit_math(self, node) -> None:
    self.body.append(
        self.starttag(node, "span", "", CLASS="math notranslate")
        + to_mathml(node.astext(), block=False, where=_where(self, node))
        + "</span>"
    )
    raise nodes.SkipNode


def visit_displaymath(self, node) -> None:
    self.body.append(self.starttag(node, "div", CLASS="math notranslate"))
    if node["number"]:
        number = get_node_equation_number(self, node)
        self.body.append(f'<span class="eqno">({number})')
        self.add_permalink_ref(node, "Link to this equation")
        self.body.append("</span>")
    formulas = [node.astext()] if node.get("nowrap") else node.astext().split("\n\n")
    for formula in formulas:
        if formula.strip():
            self.body.append(to_mathml(formula, block=True, where=_where(self, node)))
    self.body.append("</div>\n")
    raise nodes.SkipNode


def setup(app):
    app.add_html_math_renderer("mathml", (visit_math, None), (visit_displaymath, None))
    return {"parallel_read_safe": True, "parallel_write_safe": True}
