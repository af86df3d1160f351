"""Answer keys for instructors, written from the course's own sources (no second copy to keep in step).

- :func:`quiz_key`: a quiz bank (``nhsreform/banks/<name>.yml``) as a key: each question with its
  options lettered in the order students see them, which are right, and every option's feedback
  (for a typed number: the answer, its margin, the known slips and what each gets).
- :func:`exercise_key`: an exercise notebook as a key: each task's text, its worked solution (the
  ``# Solution`` cell) and the value the automatic check expects (from ``nhsreform.checks``); for
  a written answer, its marking guide and model answer, right after the task.

Both return MyST Markdown. :func:`write_instructor_book` writes the instructor build's source
folder (these keys, the pages in ``instructor/``, and the course's configuration with the
overrides in ``instructor/_config.yml``); ``scripts/build_book.sh --instructor`` builds it. The
student book contains none of this.
"""

from __future__ import annotations

import importlib
import math
import re
from pathlib import Path

import nbformat
import pandas as pd
import yaml

from .grading import guide_text, is_marking_guide, is_written_answer
from .instructor_guide import guide_files, guide_page, plain_markdown
from .quiz_bank import Numeric, bank_names, load_bank
from .student_copies import exercise_notebooks, is_solution

SERIES_SHOWN = 12  # a longer expected Series is shown by its first values and its last
_CHECK_CALL = re.compile(r"""\bcheck\(\s*["']([\w-]+)["']""")
#: What the instructor book shares with the course folder (linked, never copied).
SHARED = ["_static", "_ext", "_vendor", "references", "references.bib", "course.yml", "nhsreform"]


def _letter(k: int) -> str:
    return chr(ord("A") + k)


def _number(x: float) -> str:
    return f"{x:,.10g}" if abs(x) >= 10_000 else f"{x:.10g}"


def _quote(text: str) -> str:
    """``text`` as a block quote, its headings turned into bold lines (no sections in a quote)."""
    lines = [re.sub(r"^#+\s+(.*)$", r"**\1**", line) for line in text.strip().splitlines()]
    return "\n".join(f"> {line}" if line else ">" for line in lines)


def _when(label) -> str:
    return f"{label:%B %Y}" if isinstance(label, pd.Timestamp) else str(label)


def quiz_key(name: str) -> str:
    """The answer key of quiz bank ``name``: a MyST Markdown page."""
    bank = load_bank(name)
    where = f"chapter {name[2:4].lstrip('0')}" + ("'s exercise" if name.endswith("-exercise") else "")
    out = [
        f"# Quiz key, {where}",
        "",
        f"*{bank.title}* (bank `{name}`). Options are lettered in the order students see them "
        "(the same for everyone): A is the first option shown, B the second, and so on; the book "
        "shows no letters.",
        "",
    ]
    for n, q in enumerate(bank.questions, 1):
        out += [f"## Question {n}", "", f"Question id: `{q.id}`", "", q.prompt.strip(), ""]
        if isinstance(q, Numeric):
            unit = f" {q.unit}" if q.unit else ""
            margin = f" (accepted within ± {_number(q.tolerance)})" if q.tolerance else " (exactly)"
            out += [f"**Answer: {_number(q.answer)}{unit}**{margin}.", ""]
            out += ["What students read:", "", f"- *For the answer:* {q.feedback.correct.strip()}"]
            for slip in q.slips:
                near = f" ± {_number(slip.tolerance)}" if slip.tolerance else ""
                out += [f"- *For {_number(slip.answer)}{near}, a known slip:* {slip.feedback.strip()}"]
            out += [
                f"- *For anything lower:* {q.feedback.too_low.strip()}",
                f"- *For anything higher:* {q.feedback.too_high.strip()}",
                "",
            ]
            continue
        order = bank.display_order(q)
        right = [_letter(k) for k, i in enumerate(order) if i in q.correct_indices]
        kind = "one answer" if q.type == "single" else "tick every right option"
        out += [f"**Answer: {', '.join(right)}** ({kind}; options in the order students see them).", ""]
        for k, i in enumerate(order):
            option = q.options[i]
            mark = "✔ right" if option.correct else "✘ wrong"
            # A hard line break (backslash): the feedback on its own line under the option.
            out += [f"- **{_letter(k)}.** {option.text.strip()} **{mark}**\\", f"  {option.feedback.strip()}"]
        out += [""]
    return "\n".join(out)


def _value(x, tolerance: float = 0.0) -> str:
    """``x`` as the key shows it: numbers to one digit finer than the check's margin."""
    if isinstance(x, str):
        return f"`{x!r}`"
    if isinstance(x, pd.Timestamp):
        return f"{x:%B %Y}"
    if isinstance(x, tuple):
        return " or ".join(_value(v, tolerance) for v in x)
    if tolerance > 0:
        digits = max(0, math.ceil(-math.log10(tolerance)) + 1)
        text = f"{float(x):,.{digits}f}"
        return text.rstrip("0").rstrip(".") if "." in text else text
    return _number(float(x))


def _expected(check) -> str:
    """What a task's check accepts, in words; an error if the check does not say."""
    if getattr(check, "describe", None):
        return check.describe
    expected = getattr(check, "expected", None)
    if expected is None:
        raise ValueError(
            f"the check {check!r} does not say what it expects (nhsreform.exercise_checks.keyed)"
        )
    margin = f"within ± {check.tolerance:g}" if check.tolerance else "exactly"
    if isinstance(expected, pd.DataFrame):
        shown = [c for c in ("study", "year") if c in expected.columns] or list(expected.columns)
        rows = "; ".join(", ".join(str(v) for v in row) for row in expected[shown].itertuples(index=False))
        return f"these {len(expected)} rows ({', '.join(shown)}): {rows}"
    if isinstance(expected, pd.Series):
        items = list(expected.items())
        listed = items if len(items) <= SERIES_SHOWN else items[: SERIES_SHOWN - 1]
        values = ", ".join(f"{_when(i)}: {_value(v, check.tolerance)}" for i, v in listed)
        if len(listed) < len(items):
            values += f", … and {len(items) - len(listed)} more (the last, {_when(items[-1][0])}: "
            values += f"{_value(items[-1][1], check.tolerance)})"
        return f"a Series of {len(expected)} values (`{expected.name}`), each {margin}: {values}"
    return f"{_value(expected, check.tolerance)} ({margin})"


def exercise_key(path: Path) -> str:
    """The answer key of exercise notebook ``path``: a MyST Markdown page."""
    nb = nbformat.read(path, as_version=4)
    title = next(
        (c.source.splitlines()[0].lstrip("# ").strip() for c in nb.cells if c.cell_type == "markdown"),
        path.stem,
    )
    number = path.name[:2]
    checks = importlib.import_module(f"nhsreform.checks.ch{number}").check
    reference = checks.reference()
    out = [f"# Key: {title}", "", f"The worked answers of `exercises/{path.name}`.", ""]
    task, last_heading = 0, None
    for k, cell in enumerate(nb.cells):
        guide = is_marking_guide(cell)
        if not guide and (cell.cell_type != "code" or not is_solution(cell)):
            continue
        task += 1
        # The task: from its heading (the last markdown cell before the solution that starts with
        # one) to the solution, with any code the notebook gives (not the student's empty cell).
        start = next(
            (
                j
                for j in range(k - 1, -1, -1)
                if nb.cells[j].cell_type == "markdown" and nb.cells[j].source.lstrip().startswith("#")
            ),
            max(0, k - 1),
        )
        parts, heading = [], None
        for c in nb.cells[start:k]:
            if is_written_answer(c):
                continue  # the student's cell: "Your answer: write it here"
            if c.cell_type == "markdown" and not is_solution(c):
                text = plain_markdown(c.source).strip()
                match = re.match(r"#+\s+(.*)\n?", text) if heading is None else None
                if match:
                    heading, text = match.group(1).strip(), text[match.end() :]
                if text.strip():
                    parts += [_quote(text), ""]
            elif c.cell_type == "code" and not is_solution(c) and "your code here" not in c.source:
                parts += ["Given in the notebook:", "", "```python", c.source.strip(), "```", ""]
        heading = heading or f"Task {task}"
        if heading == last_heading:
            out += [f"## {heading} (continued)", ""]
        else:
            out += [f"## {heading}", ""] + parts
        last_heading = heading
        if guide:
            guide_markdown = plain_markdown(guide_text(cell.source))
            out += ["Marked by hand, with this guide:", "", _quote(guide_markdown), ""]
            continue
        out += ["Worked solution:", "", "```python", cell.source.strip(), "```", ""]
        for name in dict.fromkeys(_CHECK_CALL.findall(cell.source)):
            if name not in reference:
                raise KeyError(f"{path.name}: task {task} checks {name!r}, which ch{number} does not define")
            check = reference[name]
            out += [f"- **Answer:** {_expected(check)} (the check `{name}`)."]
            if getattr(check, "hint", ""):
                out += ["", f"  *Hint for a wrong answer:* {check.hint}"]
            for value, message in getattr(check, "slips", ()):
                given = f", {_value(value, check.tolerance)}" if value is not None else ""
                out += ["", f"  *A known slip{given}:* {message}"]
        if not _CHECK_CALL.search(cell.source):
            out += ["- No automatic check: compare the student's result with this one."]
        out += [""]
    discussions = [
        c for c in nb.cells if c.cell_type == "markdown" and is_solution(c) and not is_marking_guide(c)
    ]
    if discussions:
        out += [
            "## Left out of the student copies",
            "",
            "These passages discuss a task's result (they are tagged `solution`): the book shows "
            "them, the student copies do not.",
            "",
        ]
        for c in discussions:
            out += [_quote(plain_markdown(c.source)), ""]
    return "\n".join(out)


def _merge(base: dict, override: dict) -> dict:
    """``base`` with ``override`` laid over it: mappings merge, a ``null`` removes the key."""
    merged = dict(base)
    for key, value in override.items():
        if value is None:
            merged.pop(key, None)
        elif isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def start_edition(course: Path, dest: Path, settings: dict, shared: list[str]) -> None:
    """Start the source folder ``dest`` of another edition of the book: the course's
    ``_config.yml`` with ``settings`` laid over it, and links to the ``shared`` files and folders
    of ``course``, which the edition uses unchanged."""
    dest.mkdir(parents=True, exist_ok=True)
    config = _merge(yaml.safe_load((course / "_config.yml").read_text(encoding="utf-8")), settings)
    (dest / "_config.yml").write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), "utf-8")
    for name in shared:
        link = dest / name
        if not link.is_symlink() and not link.exists():
            link.symlink_to(course / name)


def write_instructor_book(course: Path, dest: Path) -> list[Path]:
    """Write the instructor build's source folder ``dest`` from the course in ``course``: its
    configuration (the course's ``_config.yml`` with ``instructor/_config.yml`` over it), its
    table of contents, the pages in ``instructor/``, and one key page per quiz bank and exercise.
    Returns the pages written."""
    course, dest = Path(course).resolve(), Path(dest)
    source = course / "instructor"
    start_edition(
        course, dest, yaml.safe_load((source / "_config.yml").read_text(encoding="utf-8")) or {}, SHARED
    )
    pages = []
    for page in sorted(source.glob("*.md")):
        (dest / page.name).write_text(page.read_text(encoding="utf-8"), encoding="utf-8")
        pages.append(dest / page.name)
    keys = dest / "keys"
    keys.mkdir(exist_ok=True)
    quiz_files, exercise_files = [], []
    for name in bank_names():
        target = keys / f"quiz-{name}.md"
        target.write_text(quiz_key(name) + "\n", encoding="utf-8")
        quiz_files.append(f"keys/quiz-{name}")
    for path in exercise_notebooks(course):
        target = keys / f"exercise-{path.stem}.md"
        target.write_text(exercise_key(path) + "\n", encoding="utf-8")
        exercise_files.append(f"keys/exercise-{path.stem}")
    guide_docs = []
    if guide_files(course):
        (dest / "guide").mkdir(exist_ok=True)
    for path in guide_files(course):
        number = int(path.stem.split("-")[1])
        links = {"Quiz": f"/keys/quiz-ch{number:02d}"}
        for doc in exercise_files:
            if doc.startswith(f"keys/exercise-{number:02d}-"):
                links["Exercise"] = f"/{doc}"
        target = dest / "guide" / f"{path.stem}.md"
        target.write_text(guide_page(path, course, links), encoding="utf-8")
        guide_docs.append(f"guide/{path.stem}")
    toc = {
        "format": "jb-book",
        "root": "index",
        "parts": [
            {
                "caption": "Instructor's guide",
                "chapters": [{"file": p.stem} for p in pages if p.stem != "index"]
                + [{"file": f} for f in guide_docs],
            },
            {"caption": "Quiz answer keys", "chapters": [{"file": f} for f in quiz_files]},
            {"caption": "Exercise answer keys", "chapters": [{"file": f} for f in exercise_files]},
        ],
    }
    toc["parts"] = [p for p in toc["parts"] if p["chapters"]]
    (dest / "_toc.yml").write_text(yaml.safe_dump(toc, sort_keys=False), encoding="utf-8")
    return pages + [dest / f"{f}.md" for f in guide_docs + quiz_files + exercise_files]


if __name__ == "__main__":  # python -m nhsreform.answer_keys COURSE DEST (build_book.sh --instructor)
    import sys

    if len(sys.argv) != 3:
        sys.exit("usage: python -m nhsreform.answer_keys COURSE_FOLDER DESTINATION_FOLDER")
    written = write_instructor_book(Path(sys.argv[1]), Path(sys.argv[2]))
    print(f"{len(written)} pages written to {sys.argv[2]}")
