"""House rules for the notebooks' prose, and a tool that applies them.

Chapters and exercises are written as notebooks. Their markdown follows three rules, which
``tests/test_notebooks.py`` holds:

1. **One section per cell.** A markdown cell holds at most one heading, at its top: cells are
   split before every heading (never inside a fenced block, an admonition or a table).
2. **Cells of reviewable size.** At most :data:`MAX_WORDS` words in a markdown cell.
3. **Short lines.** Prose is broken after each sentence ("semantic line breaks") and no prose
   line is longer than :data:`MAX_LINE` characters. Tables, headings, directive options, HTML,
   maths and fenced code are left as they are. A line break inside a paragraph renders as a
   space, so the page reads exactly as before.

4. **Citations and terms that read well in JupyterLab.** Each ``{footcite:p}`key``` is written
   so that JupyterLab shows its author–year label, and a last cell (left out of the book) lists
   the notebook's references and glossary terms: see :mod:`nhsreform.citations`.

Run ``python -m nhsreform.authoring chapters/*.ipynb exercises/*.ipynb`` to apply rules 1, 3 and
4 in place (rule 2 is the author's: split a long section with a subheading); add ``--check`` to
list the cells that break a rule without changing anything.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

MAX_WORDS = 700
MAX_LINE = 100

_HEADING = re.compile(r"^#{1,6} ")
_LIST = re.compile(r"^(\s*)([-*+]|\d+[.)]) +")
_DEFINITION = re.compile(r"^(\s*): +")
# Lines that are not prose: tables, directive options, HTML, maths, block quotes of code,
# link definitions, targets and comments.
_KEEP = re.compile(r"^\s*(\||:[A-Za-z-]+:|<|\$\$|\(.*\)=\s*$|\[[^\]]+\]:|%|>)")
# A sentence ends at . ! or ? (after an optional closing quote or bracket), followed by a space
# and a capital letter, a quote, an opening bracket or emphasis. Not after a single capital
# (an initial, "C. Ham") or a common abbreviation.
_SENTENCE_END = re.compile(r"""(?<=[.!?])(['"”’)\]*_]*) +(?=[A-Z"“‘'(\[*_{])""")
_ABBREVIATIONS = (
    "e.g.",
    "i.e.",
    "cf.",
    "vs.",
    "et al.",
    "al.",
    "pp.",
    "p.",
    "no.",
    "ch.",
    "Dr.",
    "St.",
    "Mr.",
    "Mrs.",
    "Ms.",
    "Prof.",
    "approx.",
    "fig.",
    "eds.",
    "ed.",
    "vol.",
)


def cell_source(cell) -> str:
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def _as_lines(text: str) -> list[str]:
    lines = text.split("\n")
    return [line + "\n" for line in lines[:-1]] + ([lines[-1]] if lines[-1] else [])


# --- Rule 1: one section per cell -------------------------------------------------------


def split_at_headings(text: str) -> list[str]:
    """The markdown split before each heading that is not inside a fenced block."""
    parts: list[list[str]] = [[]]
    fence: str | None = None  # the fence of the outermost open block (code, maths, directive)
    for line in text.split("\n"):
        opening = _fence_opening(line)
        if fence is None and opening:
            fence = opening[0]
        elif fence is not None and _closes(line, fence):
            fence = None
        elif fence is None and _HEADING.match(line) and any(s.strip() for s in parts[-1]):
            parts.append([])
        parts[-1].append(line)
    return ["\n".join(p).strip("\n") for p in parts if any(s.strip() for s in p)]


# --- Rule 3: short lines ------------------------------------------------------------------


def _sentences(text: str) -> list[str]:
    pieces: list[str] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        before = text[start : m.start()] + m.group(1)
        last_word = before.rsplit(" ", 1)[-1]
        if re.fullmatch(r"\(?[A-Z]\.", last_word) or last_word.lower() in _ABBREVIATIONS:
            continue
        if _inside_code(text, m.start()):
            continue
        pieces.append(before)
        start = m.end()
    pieces.append(text[start:])
    return [p for p in pieces if p]


def _inside_code(text: str, pos: int) -> bool:
    """True inside a backticked span or inline maths."""
    return text[:pos].count("`") % 2 == 1 or text[:pos].count("$") % 2 == 1


def _tokens(text: str) -> list[str]:
    """Words, keeping a backticked span (a role or inline code) and inline maths whole."""
    tokens: list[str] = []
    current = ""
    quote: str | None = None  # "`" or "$" while inside such a span
    for ch in text:
        if ch in "`$" and quote in (None, ch):
            quote = None if quote == ch else ch
        if ch == " " and quote is None:
            tokens.append(current)
            current = ""
        else:
            current += ch
    tokens.append(current)
    return [t for t in tokens if t]


def _wrap(sentence: str, width: int) -> list[str]:
    if len(sentence) <= width:
        return [sentence]
    lines: list[str] = []
    current = ""
    for token in _tokens(sentence):
        if current and len(current) + 1 + len(token) > width:
            lines.append(current)
            current = token
        else:
            current = f"{current} {token}" if current else token
    lines.append(current)
    return lines


_LITERAL_DIRECTIVES = (
    "code",
    "code-block",
    "code-cell",
    "math",
    "raw",
    "eval",
    "csv-table",
    "list-table",
    "mermaid",
    "literalinclude",
)


def _fence_opening(line: str):
    """(fence characters, is a directive whose body is markdown) for a fence line, or None."""
    m = re.match(r"^\s*(`{3,}|~{3,}|:{3,})\s*(\{([^}]+)\})?", line)
    if not m:
        return None
    markdown_body = bool(m.group(2)) and m.group(3).strip() not in _LITERAL_DIRECTIVES
    return m.group(1), markdown_body


def _closes(line: str, fence: str) -> bool:
    stripped = line.strip()
    return len(stripped) >= len(fence) and set(stripped) == {fence[0]}


def wrap_prose(text: str, width: int = MAX_LINE) -> str:
    """Break prose after each sentence and before ``width`` characters; keep everything else."""
    out: list[str] = []
    literal: str | None = None  # the fence of a code or maths block we are inside
    directives: list[str] = []  # fences of open directives whose body is markdown
    for line in text.split("\n"):
        if literal is not None:
            out.append(line)
            if _closes(line, literal):
                literal = None
            continue
        if directives and _closes(line, directives[-1]):
            directives.pop()
            out.append(line)
            continue
        if line.strip().startswith("$$") and (line.strip() == "$$" or not line.strip().endswith("$$")):
            literal = "$$"  # a display-maths block
            out.append(line)
            continue
        opening = _fence_opening(line)
        if opening:
            fence, markdown_body = opening
            if markdown_body:
                directives.append(fence)
            else:
                literal = fence
            out.append(line)
            continue
        if not line.strip() or _HEADING.match(line) or _KEEP.match(line):
            out.append(line)
            continue
        marker = _LIST.match(line) or _DEFINITION.match(line)
        indent = len(line) - len(line.lstrip(" "))
        first_prefix = line[: marker.end()] if marker else " " * indent
        rest_prefix = " " * len(first_prefix)
        body = line[len(first_prefix) :].strip()
        wrapped: list[str] = []
        for sentence in _sentences(body):
            wrapped += _wrap(sentence, max(width - len(rest_prefix), 40))
        out.append(first_prefix + wrapped[0])
        out += [rest_prefix + w for w in wrapped[1:]]
    return "\n".join(out)


# --- Checks and the tool ----------------------------------------------------------------


def problems(nb_path: Path) -> list[str]:
    """Where a notebook's markdown breaks the house rules (empty when it follows them)."""
    from .citations import CELL_ID, notebook_problems

    found = []
    cells = json.loads(nb_path.read_text(encoding="utf-8"))["cells"]
    for k, cell in enumerate(cells):
        if cell["cell_type"] != "markdown":
            continue
        text = cell_source(cell)
        where = f"{nb_path.name} cell {k}"
        if len(split_at_headings(text)) > 1:
            found.append(f"{where}: more than one heading (split it at each heading)")
        words = len(text.split())
        if words > MAX_WORDS and cell.get("id") != CELL_ID:  # that cell is written by the tool
            found.append(f"{where}: {words} words (at most {MAX_WORDS}: add a subheading)")
        if wrap_prose(text) != text:
            long = max(text.split("\n"), key=len)
            found.append(
                f"{where}: prose not broken at sentences or under {MAX_LINE} characters "
                f"(longest line {len(long)} characters)"
            )
    return found + notebook_problems(cells, nb_path.name)


def tidy(nb_path: Path) -> bool:
    """Write citations for JupyterLab, split markdown cells at headings and wrap their prose, in
    place; True if it changed."""
    from .citations import update_notebook

    raw = nb_path.read_text(encoding="utf-8")
    nb = json.loads(raw)
    update_notebook(nb, nb_path.name)
    cells = []
    for cell in nb["cells"]:
        if cell["cell_type"] != "markdown":
            cells.append(cell)
            continue
        parts = split_at_headings(cell_source(cell))
        for n, part in enumerate(parts):
            new = dict(cell, source=_as_lines(wrap_prose(part)))
            if n and "id" in cell:
                new["id"] = f"{cell['id']}-{n}"
            cells.append(new)
    nb["cells"] = cells
    text = json.dumps(nb, indent=1, ensure_ascii=False) + "\n"
    if text != raw:
        nb_path.write_text(text, encoding="utf-8")
        return True
    return False


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m nhsreform.authoring", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("notebooks", nargs="+", type=Path)
    parser.add_argument("--check", action="store_true", help="only report cells that break a rule")
    args = parser.parse_args(argv)
    bad = 0
    for path in args.notebooks:
        if not path.exists():
            print(f"{path}: no such notebook", file=sys.stderr)
            return 2
        if args.check:
            for p in problems(path):
                print(p)
                bad += 1
        else:
            from .citations import CitationError

            try:
                changed = tidy(path)
            except CitationError as err:  # e.g. a key in no .bib file: the notebook is left as it was
                print(f"{path}: {err}", file=sys.stderr)
                return 2
            if changed:
                print(f"tidied {path}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
