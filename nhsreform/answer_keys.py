"""Answer keys for instructors, written from the course's own sources (no second copy to keep in step).

- :func:`quiz_key`: a quiz bank (``nhsreform/banks/<name>.yml``) as a key: each question with its
  options lettered in the order students see them, which are right, and every option's feedback
  (for a typed number: the answer, its margin, the known slips and what each gets).
- :func:`exercise_key`: an exercise notebook as a key: each task's text, its worked solution (the
  ``# Solution`` cell) and the value the automatic check expects (from ``nhsreform.checks``).

Both return MyST Markdown. :func:`write_instructor_book` writes the instructor build's source
folder (these keys, the pages in ``instructor/``, and the course's configuration with the
overrides in ``instructor/_config.yml``); ``scripts/build_book.sh --instructor`` builds it. The
student book contains none of this.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import nbformat
import pandas as pd
import yaml

from .quiz_bank import Numeric, load_bank
from .student_copies import is_solution

BANKS = Path(__file__).resolve().parent / "banks"
_CHECK_CALL = re.compile(r"""\bcheck\(\s*["']([\w-]+)["']""")
#: What the instructor book shares with the course folder (linked, never copied).
SHARED = ["_static", "_ext", "_vendor", "references", "references.bib", "course.yml", "nhsreform"]


def _letter(k: int) -> str:
    return chr(ord("A") + k)


def _number(x: float) -> str:
    return f"{x:,.10g}" if abs(x) >= 10_000 else f"{x:.10g}"


def _plain(markdown: str) -> str:
    """A notebook's prose made safe to quote on another page: comments, roles (``{term}`x```,
    citations) and links to other pages or anchors reduced to their text."""
    text = re.sub(r"<!--.*?-->", "", markdown, flags=re.S)
    text = re.sub(r"\{[\w:-]+\}`([^`<]*?)(?:\s*<[^>]*>)?`", r"\1", text)
    text = re.sub(r"\[([^\]]*)\]\((?!https?:)[^)]*\)", r"\1", text)
    return re.sub(r"\\\[([^\]]*)\\\]", r"[\1]", text)


def _quote(text: str) -> str:
    """``text`` as a block quote, its headings turned into bold lines (no sections in a quote)."""
    lines = [re.sub(r"^#+\s+(.*)$", r"**\1**", line) for line in text.strip().splitlines()]
    return "\n".join(f"> {line}" if line else ">" for line in lines)


def _when(label) -> str:
    return f"{label:%B %Y}" if isinstance(label, pd.Timestamp) else str(label)


def bank_names() -> list[str]:
    """Every quiz bank of the course, chapter by chapter (``ch01``, ``ch01-exercise``, …)."""
    return sorted(p.stem for p in BANKS.glob("ch*.yml"))


def quiz_key(name: str) -> str:
    """The answer key of quiz bank ``name``: a MyST Markdown page."""
    bank = load_bank(name)
    where = f"chapter {name[2:4].lstrip('0')}" + ("'s exercise" if name.endswith("-exercise") else "")
    out = [f"# {name}: {bank.title}", "", f"The quiz of {where} (bank `{name}`).", ""]
    for n, q in enumerate(bank.questions, 1):
        out += [f"## Question {n} (`{q.id}`)", "", q.prompt.strip(), ""]
        if isinstance(q, Numeric):
            unit = f" {q.unit}" if q.unit else ""
            margin = f" (accepted within ± {_number(q.tolerance)})" if q.tolerance else " (exactly)"
            out += [f"**Answer: {_number(q.answer)}{unit}**{margin}.", ""]
            out += [f"- Right: {q.feedback.correct.strip()}"]
            for slip in q.slips:
                near = f" ± {_number(slip.tolerance)}" if slip.tolerance else ""
                out += [f"- A slip, {_number(slip.answer)}{near}: {slip.feedback.strip()}"]
            out += [
                f"- Too low: {q.feedback.too_low.strip()}",
                f"- Too high: {q.feedback.too_high.strip()}",
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
            out += [f"- **{_letter(k)}.** {option.text.strip()} — *{mark}*: {option.feedback.strip()}"]
        out += [""]
    return "\n".join(out)


def _expected(check) -> str:
    expected = getattr(check, "expected", None)
    if expected is None:
        return "checked by its own rule (see the check's hint)"
    if isinstance(expected, pd.Series):
        return (
            f"a Series of {len(expected)} values (`{expected.name}`), from {expected.iloc[0]:.4g} "
            f"({_when(expected.index[0])}) to {expected.iloc[-1]:.4g} ({_when(expected.index[-1])}), "
            f"each within ± {check.tolerance:g}"
        )
    margin = f"within ± {check.tolerance:g}" if check.tolerance else "exactly"
    return f"{_number(float(expected))} ({margin})"


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
    task = 0
    for k, cell in enumerate(nb.cells):
        if not is_solution(cell):
            continue
        task += 1
        prose = next((c for c in reversed(nb.cells[:k]) if c.cell_type == "markdown"), None)
        text = _plain(prose.source).strip() if prose is not None else ""
        heading = re.match(r"#+\s+(.*)\n?", text)
        out += [f"## {heading.group(1).strip() if heading else f'Task {task}'}", ""]
        text = text[heading.end() :] if heading else text
        if text.strip():
            out += [_quote(text), ""]
        out += ["Worked solution:", "", "```python", cell.source.strip(), "```", ""]
        for name in dict.fromkeys(_CHECK_CALL.findall(cell.source)):
            if name not in reference:
                raise KeyError(f"{path.name}: task {task} checks {name!r}, which ch{number} does not define")
            check = reference[name]
            out += [f"- The check `{name}` expects {_expected(check)}."]
            if getattr(check, "hint", ""):
                out += [f"  Its hint for a wrong answer: {check.hint}"]
        if not _CHECK_CALL.search(cell.source):
            out += ["- No automatic check: compare the student's result with this one."]
        out += [""]
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


def write_instructor_book(course: Path, dest: Path) -> list[Path]:
    """Write the instructor build's source folder ``dest`` from the course in ``course``: its
    configuration (the course's ``_config.yml`` with ``instructor/_config.yml`` over it), its
    table of contents, the pages in ``instructor/``, and one key page per quiz bank and exercise.
    Returns the pages written."""
    course, dest = Path(course).resolve(), Path(dest)
    source = course / "instructor"
    dest.mkdir(parents=True, exist_ok=True)
    config = _merge(
        yaml.safe_load((course / "_config.yml").read_text(encoding="utf-8")),
        yaml.safe_load((source / "_config.yml").read_text(encoding="utf-8")) or {},
    )
    (dest / "_config.yml").write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), "utf-8")
    for name in SHARED:
        link = dest / name
        if not link.is_symlink() and not link.exists():
            link.symlink_to(course / name)
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
    for path in sorted((course / "exercises").glob("[0-9][0-9]-*.ipynb")):
        target = keys / f"exercise-{path.stem}.md"
        target.write_text(exercise_key(path) + "\n", encoding="utf-8")
        exercise_files.append(f"keys/exercise-{path.stem}")
    toc = {
        "format": "jb-book",
        "root": "index",
        "parts": [
            {
                "caption": "Instructor's guide",
                "chapters": [{"file": p.stem} for p in pages if p.stem != "index"],
            },
            {"caption": "Quiz answer keys", "chapters": [{"file": f} for f in quiz_files]},
            {"caption": "Exercise answer keys", "chapters": [{"file": f} for f in exercise_files]},
        ],
    }
    toc["parts"] = [p for p in toc["parts"] if p["chapters"]]
    (dest / "_toc.yml").write_text(yaml.safe_dump(toc, sort_keys=False), encoding="utf-8")
    return pages + [dest / f"{f}.md" for f in quiz_files + exercise_files]


if __name__ == "__main__":  # python -m nhsreform.answer_keys COURSE DEST
    import sys

    written = write_instructor_book(Path(sys.argv[1]), Path(sys.argv[2]))
    print(f"{len(written)} pages written to {sys.argv[2]}")
