"""Citations and glossary terms that read well in JupyterLab as well as in the book.

The book (Sphinx) turns ``{footcite:p}`ham2014reforming``` into a footnote labelled
"[Ham 2014c]" and ``{term}`PbR``` into a link to the glossary page. JupyterLab's MyST renderer
(jupyterlab-myst) knows neither the book's bibliography nor its glossary page: it showed the bare
key "ham2014reforming" and a term link to "#". So ``python -m nhsreform.authoring`` writes each
citation in a notebook's markdown in a form both read well::

    [\\[Ham 2014c\\]](#ref-ham2014reforming)<!--{footcite:p}`ham2014reforming`-->

- **JupyterLab** shows the link text "[Ham 2014c]" (narrative ``{footcite:t}``: "Ham [2014c]").
  It links to the work's entry in a last cell, *Terms and references in this notebook*, which
  the tool also writes: the full reference of every work the notebook cites, and a glossary of
  every ``{term}`` it uses, with the definitions from ``glossary.md``. jupyterlab-myst resolves
  ``{term}`PbR``` to that glossary entry itself, and shows the entry when a link is hovered.
  The HTML comment holding the role is not shown.
- **The book** reads the role only: ``_ext/bibtex_labels.py`` replaces each such citation by
  the role in the comment before the page is parsed (so the page is built exactly as from
  ``{footcite:p}`ham2014reforming```), and the last cell is tagged ``remove-cell``, which the
  book leaves out (its term links go to the glossary page, its citations to the page's list).

Authors write ``{footcite:p}`key``` and ``{term}`name``` as before; the tool does the rest and
keeps the labels current when a ``.bib`` file changes (labels get a, b, c… when works share
names and year). The labels come from the book's own label style (``_ext/bibtex_labels.py``).
"""

from __future__ import annotations

import functools
import importlib.util
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
#: The id of the last, JupyterLab-only cell the tool writes.
CELL_ID = "jupyterlab-terms-and-references"
CELL_HEADING = "### Terms and references in this notebook"
#: A bibtex citation role as authors write it (``footcite``, ``footcite:p``, ``footcite:t``…).
ROLE = re.compile(r"\{(?P<name>footcite(?::[a-z]+)?)\}`(?P<keys>[^`]+)`")
_TERM = re.compile(r"\{term\}`([^`]+)`")
_GLOSSARY_BLOCK = re.compile(r"```\{glossary\}\n(.*?)```", re.S)


@functools.lru_cache(maxsize=1)
def _bibtex_labels():
    """The book's Sphinx extension ``_ext/bibtex_labels.py`` (label style, citation form)."""
    path = ROOT / "_ext" / "bibtex_labels.py"
    spec = importlib.util.spec_from_file_location("_nhs_bibtex_labels", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.register_styles()
    return module


def citation_pattern() -> re.Pattern:
    """A citation in the form written for both renderers (defined once, in the book's extension)."""
    return _bibtex_labels().JUPYTERLAB_CITATION


@dataclass(frozen=True)
class Work:
    key: str
    label: str  # "Bevan and Hood 2006b", as in the book
    names: str  # "Bevan and Hood"
    reference: str  # the full reference, as markdown


def bib_files() -> list[Path]:
    """The book's ``.bib`` files (``_config.yml``), and any chapter's file not listed there yet
    (as ``scripts/preview.py`` does; the manifest test asks for it to be listed)."""
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    listed = [ROOT / name for name in config["bibtex_bibfiles"]]
    return listed + [p for p in sorted((ROOT / "references").glob("*.bib")) if p not in listed]


@functools.lru_cache(maxsize=1)
def works() -> dict[str, Work]:
    """Every work in the book's ``.bib`` files by lower-case key, labelled as the book labels it."""
    from pybtex.database import BibliographyData, Entry, parse_file

    module = _bibtex_labels()
    data = BibliographyData()
    for path in bib_files():
        for key, entry in parse_file(str(path), bib_format="bibtex").entries.items():
            # Without its note: the notes record how the course checked a work (the book's lists
            # show them); JupyterLab's list is the short reference.
            fields = {k: v for k, v in entry.fields.items() if k.lower() != "note"}
            data.add_entry(key, Entry(entry.type, fields=fields, persons=entry.persons))
    out = {}
    for formatted in module.CourseStyle().format_entries(data.entries.values()):
        entry = data.entries[formatted.key]
        text = re.sub(r"([\\`*\[\]<$])", r"\\\1", formatted.text.render_as("text")).replace("\n", " ")
        out[formatted.key.lower()] = Work(formatted.key, formatted.label, module._names(entry), text)
    return out


class CitationError(ValueError):
    pass


def _keys(group: str) -> list[str]:
    return [k.strip() for k in group.split(",") if k.strip()]


def _work(key: str, where: str) -> Work:
    try:
        return works()[key.lower()]
    except KeyError:
        raise CitationError(f"{where}: {key!r} is not in any .bib file") from None


def shown_text(role: str, keys: list[str], where: str = "citation") -> str:
    """What JupyterLab shows for a citation: "[Ham 2014c; Bevan and Hood 2006b]" (parenthetical)
    or "Bevan and Hood [2006b]" (narrative, ``footcite:t``)."""
    cited = [_work(k, where) for k in keys]
    if role.endswith(":t") or role.endswith(":ts"):
        parts = []
        for w in cited:
            year = w.label[len(w.names) :].strip() if w.label.startswith(w.names) else w.label
            parts.append(f"{w.names} [{year}]")
        return "; ".join(parts)
    return "[" + "; ".join(w.label for w in cited) + "]"


def _escaped(text: str) -> str:
    return text.replace("[", r"\[").replace("]", r"\]")


def for_jupyterlab(role: str, group: str, where: str = "citation") -> str:
    """The citation ``{role}`group``` written for both renderers."""
    keys = _keys(group)
    return f"[{_escaped(shown_text(role, keys, where))}](#ref-{keys[0]})<!--{{{role}}}`{group}`-->"


def for_the_book(text: str) -> str:
    """The markdown as the book reads it: each citation back to its role."""
    return citation_pattern().sub(lambda m: m["role"], text)


def _is_current(m: re.Match, where: str) -> bool:
    """Whether a citation written for both renderers shows its current label and link (line
    breaks inside the shown text are the prose wrapping's and do not count)."""
    role = ROLE.fullmatch(m["role"])
    keys = _keys(role["keys"])
    expected = for_jupyterlab(role["name"], role["keys"], where)
    shown = f"[{' '.join(m['text'].split())}](#ref-{m['anchor']})<!--{m['role']}-->"
    return bool(keys) and shown == expected


def rewrite(text: str, where: str = "cell") -> str:
    """Every citation in ``text`` in the form for both renderers, with current labels; citations
    already current are left as they are."""
    out, start = [], 0
    for m in citation_pattern().finditer(text):
        out.append(ROLE.sub(lambda r: for_jupyterlab(r["name"], r["keys"], where), text[start : m.start()]))
        out.append(m.group(0) if _is_current(m, where) else for_jupyterlab(*_role_parts(m), where))
        start = m.end()
    out.append(ROLE.sub(lambda r: for_jupyterlab(r["name"], r["keys"], where), text[start:]))
    return "".join(out)


def _role_parts(m: re.Match) -> tuple[str, str]:
    role = ROLE.fullmatch(m["role"])
    return role["name"], role["keys"]


def cited_keys(text: str) -> list[str]:
    """The keys a markdown text cites, in order of first citation."""
    seen: dict[str, None] = {}
    for m in ROLE.finditer(for_the_book(text)):
        for key in _keys(m["keys"]):
            seen.setdefault(key.lower(), None)
    return list(seen)


# --- Glossary ------------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def glossary() -> dict[str, tuple[str, str]]:
    """Each glossary term (lower case) -> (the term as the glossary writes it, its definition)."""
    text = (ROOT / "glossary.md").read_text(encoding="utf-8")
    found: dict[str, tuple[str, str]] = {}
    for block in _GLOSSARY_BLOCK.findall(text):
        names: list[str] = []
        body: list[str] = []
        for line in [*block.splitlines(), ""]:
            if line.startswith("  "):
                body.append(line.strip())
            elif line.strip():
                if body:
                    found.update({n.lower(): (n, " ".join(body)) for n in names})
                    names, body = [], []
                names.append(line.strip())
        found.update({n.lower(): (n, " ".join(body)) for n in names})
    return found


def term_target(role_body: str) -> str:
    """The glossary term a ``{term}`` role names: ``PCTs <PCT>`` -> ``PCT``."""
    m = re.search(r"<([^>]+)>\s*$", role_body)
    return (m.group(1) if m else role_body).strip()


def _plain_roles(text: str) -> str:
    """A glossary definition for the JupyterLab cell: term and ref roles as their text, citations
    as their labels (the book's bibliography page prefixes its keys with ``all-``)."""

    def cite(m):
        keys = [re.sub(r"^all-", "", k) for k in _keys(m["keys"])]
        return _escaped(shown_text(m["name"], keys, "glossary.md"))

    text = re.sub(r"\{(?P<name>cite(?::[a-z]+)?)\}`(?P<keys>[^`]+)`", cite, text)
    return re.sub(r"\{(?:term|ref|doc)\}`([^`<]+?)\s*(?:<[^>]*>)?`", r"\1", text)


def terms_used(text: str) -> list[str]:
    """The glossary terms (lower case) a markdown text links, in order of first use."""
    seen: dict[str, None] = {}
    for body in _TERM.findall(text):
        seen.setdefault(term_target(body).lower(), None)
    return list(seen)


# --- The JupyterLab-only cell -------------------------------------------------------------


def references_cell_source(text: str, where: str = "notebook") -> str:
    """The markdown of the last cell: a glossary of the terms ``text`` uses and the full
    reference of every work it cites (empty if it does neither)."""
    terms = terms_used(text)
    keys = cited_keys(text)
    if not terms and not keys:
        return ""
    known = glossary()
    unknown = [t for t in terms if t not in known]
    if unknown:
        raise CitationError(f"{where}: not a glossary.md term: {', '.join(unknown)}")
    lines = [
        CELL_HEADING,
        "",
        "% Written by `python -m nhsreform.authoring` from glossary.md and the .bib files: do not edit.",
        "% The book leaves this cell out (tag remove-cell) and links its glossary and bibliography.",
        "",
        "In JupyterLab, the glossary terms and citations above link here (hover over one to read it).",
        "The book links them to its glossary and to each page's reference list.",
    ]
    if terms:
        lines += ["", "```{glossary}"]
        for name, definition in sorted((known[t] for t in terms), key=lambda nd: nd[0].lower()):
            lines += [name, f": {_plain_roles(definition)}", ""]
        lines[-1] = "```"
    if keys:
        lines += ["", "**References**"]
        cited = sorted((_work(k, where) for k in keys), key=lambda w: list(works()).index(w.key.lower()))
        for w in cited:
            lines += ["", f"(ref-{w.key})=", rf"\[{w.label}\] {w.reference}"]
    return "\n".join(lines)


def notebook_problems(cells: list[dict], name: str) -> list[str]:
    """Where a notebook's citations or terms would not read well in JupyterLab."""
    from .authoring import cell_source, wrap_prose

    found = []
    prose = []
    generated = None
    for k, cell in enumerate(cells):
        if cell["cell_type"] != "markdown":
            continue
        if cell.get("id") == CELL_ID:
            generated = cell
            continue
        text = cell_source(cell)
        prose.append(text)
        bare = [m.group(0) for m in ROLE.finditer(citation_pattern().sub("", text))]
        if bare:
            found.append(
                f"{name} cell {k}: {len(bare)} citation(s) would show as bare keys in JupyterLab, "
                f"e.g. {bare[0]}"
            )
        else:
            try:
                if rewrite(text, f"{name} cell {k}") != text:
                    found.append(f"{name} cell {k}: a citation's label is out of date")
            except CitationError as err:
                found.append(str(err))
    try:
        expected = wrap_prose(references_cell_source("\n".join(prose), name))
    except CitationError as err:
        return [*found, str(err)]
    if not expected:
        if generated is not None:
            found.append(f"{name}: the cell {CELL_ID!r} is no longer needed")
    elif generated is None:
        found.append(f"{name}: no JupyterLab cell of terms and references (id {CELL_ID!r})")
    elif cell_source(generated) != expected or "remove-cell" not in generated["metadata"].get("tags", []):
        found.append(f"{name}: the JupyterLab cell of terms and references is out of date")
    return found


def update_notebook(nb: dict, name: str) -> None:
    """Write each citation for both renderers and (re)write the last, JupyterLab-only cell.
    Call before wrapping prose (the caller wraps every markdown cell afterwards)."""
    from .authoring import _as_lines, cell_source, wrap_prose

    prose = []
    cells = []
    for k, cell in enumerate(nb["cells"]):
        if cell["cell_type"] != "markdown":
            cells.append(cell)
            continue
        if cell.get("id") == CELL_ID:
            continue
        text = cell_source(cell)
        new = rewrite(text, f"{name} cell {k}")
        if new != text:
            cell = dict(cell, source=_as_lines(new))
        prose.append(new)
        cells.append(cell)
    source = wrap_prose(references_cell_source("\n".join(prose), name))
    if source:
        old = next((c for c in nb["cells"] if c.get("id") == CELL_ID), None)
        position = nb["cells"].index(old) if old is not None else len(nb["cells"])
        cell = {
            "cell_type": "markdown",
            "id": CELL_ID,
            "metadata": {"tags": ["remove-cell"]},
            "source": _as_lines(source),
        }
        removed_before = sum(1 for c in nb["cells"][:position] if c.get("id") == CELL_ID)
        cells.insert(position - removed_before, cell)
    nb["cells"] = cells
