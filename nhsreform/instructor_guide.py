"""The instructor's guide: one teaching page per chapter, for the instructor's edition only.

Each chapter has a file ``instructor/guide/chapter-NN.yml`` holding what the book does not: the
session's big idea, a 60-minute and a 2-hour session plan, how to use the chapter's model in
class, facilitator notes for each discussion question, common misconceptions, and a seminar or
essay question with its marking rubric. Everything the book already says is read from the book
when the page is written, never retyped: the chapter's title, time to learn, learning objectives
and discussion questions (from the chapter notebook), and the model's title, parameters and
scenarios (from its record in :mod:`nhsreform.models`). So a guide cannot drift from its chapter
unnoticed: a discussion question added, removed or reworded, a scenario renamed or a setting out
of range stops the build with a message naming the file and the entry.

:func:`load_guide` reads and checks one file (:class:`GuideError` says what is wrong and where);
:func:`guide_page` writes the page (MyST Markdown); :func:`guide_files` lists the files.
``python -m nhsreform.instructor_guide COURSE [FILE ...]`` checks files from the command line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import nbformat
import yaml

from .book_states import value_text
from .parameters import validate

SESSIONS = {"session_60": 60, "session_120": 120}
BANDS = {
    "excellent": "Excellent (70 and above)",
    "good": "Good (60–69)",
    "adequate": "Adequate (40–59)",
    "weak": "Weak (below 40)",
}
_KEYS = {"chapter", "big_idea", *SESSIONS, "model_in_class", "discussion", "misconceptions", "seminar"}


class GuideError(ValueError):
    """A guide file that cannot be used, with the file and the entry named."""


@dataclass(frozen=True)
class Chapter:
    """What the guide reads from a chapter notebook."""

    number: int
    path: Path
    title: str
    time_to_learn: str
    objectives: list[str]
    discussion: list[str]


def guide_files(course: Path) -> list[Path]:
    """The guide files of the course, in chapter order."""
    return sorted((Path(course) / "instructor" / "guide").glob("chapter-*.yml"))


def _cells(path: Path) -> list[str]:
    return [c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "markdown"]


def plain_markdown(markdown: str) -> str:
    """Prose made safe for another page: comments dropped, roles and internal links reduced to
    their text, citations' escaped brackets kept as brackets."""
    text = re.sub(r"<!--.*?-->", "", markdown, flags=re.S)
    text = re.sub(r"\{[\w:-]+\}`([^`<]*?)(?:\s*<[^>]*>)?`", r"\1", text)
    # a citation, "[\[Author year\]](#ref-key)": its words, in brackets
    text = re.sub(r"\[\\\[(.*?)\\\]\]\((?!https?:)[^)]*\)", r"[\1]", text, flags=re.S)
    text = re.sub(r"\[([^\]]*)\]\((?!https?:)[^)]*\)", r"\1", text)
    return re.sub(r"\\\[([^\]]*)\\\]", r"[\1]", text)


def _items(block: str, bullet: str) -> list[str]:
    """The items of a Markdown list (``bullet`` a regex for the marker), each joined to one line."""
    items: list[str] = []
    for line in block.splitlines():
        if re.match(bullet, line):
            items.append(re.sub(bullet, "", line, count=1).strip())
        elif items and line.startswith("  ") and line.strip():
            items[-1] += " " + line.strip()
    return items


def read_chapter(course: Path, number: int) -> Chapter:
    """The title, time to learn, objectives and discussion questions of chapter ``number``."""
    found = sorted((Path(course) / "chapters").glob(f"{number:02d}-*.ipynb"))
    if len(found) != 1:
        raise GuideError(
            f"chapter {number}: expected one notebook chapters/{number:02d}-*.ipynb, found {len(found)}"
        )
    path = found[0]
    cells = _cells(path)
    where = f"{path.name}"
    title = re.match(r"#\s+(.*)", cells[0]) if cells else None
    time = next(
        (m for c in cells[:6] if (m := re.search(r"\*\*Time to learn:\*\*(.*?)(?:\n\n|\Z)", c, re.S))), None
    )
    goals = next(
        (m for c in cells if (m := re.search(r"```\{admonition\} Learning objectives\n(.*?)```", c, re.S))),
        None,
    )
    talk = next((c for c in cells if c.startswith("## Discussion questions")), None)
    missing = [
        name
        for name, part in [
            ("a title", title),
            ("a 'Time to learn' line", time),
            ("a 'Learning objectives' admonition", goals),
            ("a 'Discussion questions' section", talk),
        ]
        if not part
    ]
    if missing:
        raise GuideError(f"{where}: the guide needs {', '.join(missing)} in the chapter and finds none")
    questions = _items(plain_markdown(talk), r"^\d+\.\s+")
    if not questions:
        raise GuideError(f"{where}: its 'Discussion questions' section has no numbered question")
    return Chapter(
        number=number,
        path=path,
        title=title.group(1).strip(),
        time_to_learn=" ".join(time.group(1).split()),
        objectives=_items(plain_markdown(goals.group(1)), r"^-\s+"),
        discussion=questions,
    )


def _words(text: str) -> str:
    """Text compared for "starts with": emphasis and quotes dropped, spaces and case evened."""
    return " ".join(re.sub(r"[*_`\"“”‘’']", "", text).split()).casefold()


def _text(value, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise GuideError(f"{where}: expected some text, found {value!r}")
    return value.strip()


def _list(value, where: str, least: int, most: int | None = None) -> list:
    if not isinstance(value, list):
        raise GuideError(f"{where}: expected a list, found {type(value).__name__}")
    if len(value) < least or (most is not None and len(value) > most):
        span = f"{least} to {most}" if most is not None else f"at least {least}"
        raise GuideError(f"{where}: expected {span} entries, found {len(value)}")
    return value


def _entry(value, where: str, required: set[str], optional: set[str] = frozenset()) -> dict:
    if not isinstance(value, dict):
        raise GuideError(f"{where}: expected an entry with {sorted(required)}, found {value!r}")
    missing, unknown = required - set(value), set(value) - required - set(optional)
    if missing:
        raise GuideError(f"{where}: missing {sorted(missing)}")
    if unknown:
        raise GuideError(f"{where}: unknown {sorted(unknown)}; allowed: {sorted(required | set(optional))}")
    return value


def _model_for(number: int):
    from .models import models

    return next((m for m in models().values() if m.chapter == number), None)


def load_guide(path: Path, course: Path) -> dict:
    """Read and check the guide file ``path`` against its chapter (in ``course``) and model.

    Returns the guide with ``chapter`` replaced by a :class:`Chapter` and ``model`` added.
    Raises :class:`GuideError` naming the file and the entry at the first problem."""
    path = Path(path)
    name = path.name
    try:
        guide = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as err:
        raise GuideError(f"{name}: cannot read it ({err.strerror})") from None
    except yaml.YAMLError as err:
        raise GuideError(f"{name}: not valid YAML: {err}") from None
    guide = _entry(guide, name, _KEYS)
    number = guide["chapter"]
    stem = re.fullmatch(r"chapter-(\d\d)", path.stem)
    if not isinstance(number, int) or isinstance(number, bool) or not stem or int(stem.group(1)) != number:
        raise GuideError(f"{name}: 'chapter' is {number!r}; the file chapter-NN.yml must name chapter NN")
    chapter = read_chapter(course, number)
    _text(guide["big_idea"], f"{name}, big_idea")
    for key, total in SESSIONS.items():
        steps = _list(guide[key], f"{name}, {key}", 2)
        for k, step in enumerate(steps, 1):
            step = _entry(step, f"{name}, {key}, step {k}", {"minutes", "activity"})
            minutes = step["minutes"]
            if not isinstance(minutes, int) or isinstance(minutes, bool) or minutes <= 0:
                raise GuideError(
                    f"{name}, {key}, step {k}: minutes must be a whole number above 0, not {minutes!r}"
                )
            _text(step["activity"], f"{name}, {key}, step {k}, activity")
        planned = sum(step["minutes"] for step in steps)
        if planned != total:
            raise GuideError(f"{name}, {key}: the steps add up to {planned} minutes, not {total}")
    model = _model_for(number)
    uses = _list(guide["model_in_class"], f"{name}, model_in_class", 1 if model else 0)
    if uses and not model:
        raise GuideError(f"{name}, model_in_class: chapter {number} has no model")
    for k, use in enumerate(uses, 1):
        where = f"{name}, model_in_class, entry {k}"
        use = _entry(use, where, {"show", "ask"}, {"scenario", "settings"})
        if ("scenario" in use) == ("settings" in use):
            raise GuideError(
                f"{where}: give either 'scenario' or 'settings', "
                f"not {'both' if 'scenario' in use else 'neither'}"
            )
        if "scenario" in use and use["scenario"] not in model.scenarios:
            raise GuideError(
                f"{where}: {use['scenario']!r} is not a scenario of {model.name}; "
                f"its scenarios: {list(model.scenarios)}"
            )
        if "settings" in use:
            if not isinstance(use["settings"], dict) or not use["settings"]:
                raise GuideError(
                    f"{where}: settings must map parameter names to values, found {use['settings']!r}"
                )
            try:
                validate(model.parameters, use["settings"])
            except ValueError as err:
                raise GuideError(f"{where}: {err}") from None
        _text(use["show"], f"{where}, show")
        _text(use["ask"], f"{where}, ask")
    notes = _list(
        guide["discussion"], f"{name}, discussion", len(chapter.discussion), len(chapter.discussion)
    )
    for k, (note, question) in enumerate(zip(notes, chapter.discussion, strict=True), 1):
        where = f"{name}, discussion, question {k}"
        note = _entry(note, where, {"question_starts", "points"})
        start = _text(note["question_starts"], f"{where}, question_starts")
        if not _words(question).startswith(_words(start)):
            raise GuideError(
                f"{where}: question_starts {start!r} does not begin the chapter's question {k}: "
                f"{question[:80]!r}"
            )
        for j, point in enumerate(_list(note["points"], f"{where}, points", 2, 6), 1):
            _text(point, f"{where}, point {j}")
    for k, item in enumerate(_list(guide["misconceptions"], f"{name}, misconceptions", 2), 1):
        item = _entry(item, f"{name}, misconceptions, entry {k}", {"belief", "response"})
        _text(item["belief"], f"{name}, misconceptions, entry {k}, belief")
        _text(item["response"], f"{name}, misconceptions, entry {k}, response")
    seminar = _entry(guide["seminar"], f"{name}, seminar", {"question", "rubric"}, {"words"})
    _text(seminar["question"], f"{name}, seminar, question")
    words = seminar.get("words")
    if words is not None and (not isinstance(words, int) or isinstance(words, bool) or words <= 0):
        raise GuideError(f"{name}, seminar, words: a whole number of words above 0, not {words!r}")
    rubric = _list(seminar["rubric"], f"{name}, seminar, rubric", 2)
    for k, row in enumerate(rubric, 1):
        where = f"{name}, seminar, rubric, criterion {k}"
        row = _entry(row, where, {"criterion", "weight", *BANDS})
        _text(row["criterion"], f"{where}, criterion")
        weight = row["weight"]
        if not isinstance(weight, int) or isinstance(weight, bool) or not 0 < weight <= 100:
            raise GuideError(f"{where}: weight must be a whole per cent from 1 to 100, not {weight!r}")
        for band in BANDS:
            _text(row[band], f"{where}, {band}")
    weights = sum(row["weight"] for row in rubric)
    if weights != 100:
        raise GuideError(f"{name}, seminar, rubric: the weights add up to {weights}, not 100")
    return {**guide, "chapter": chapter, "model": model}


def _clock(minute: int) -> str:
    return f"{minute // 60}:{minute % 60:02d}"


def _para(text: str) -> str:
    return " ".join(text.split())


def _setting(model, use: dict) -> str:
    if "scenario" in use:
        return f"The scenario “{use['scenario']}”"
    by_name = {p.name: p for p in model.parameters}
    shown = "; ".join(f"{by_name[k].label}: {value_text(by_name[k], v)}" for k, v in use["settings"].items())
    return f"Settings: {shown} (the rest at their defaults)"


def guide_page(path: Path, course: Path, keys: dict[str, str] | None = None) -> str:
    """The guide page for the file ``path`` (MyST Markdown). ``keys`` maps a label ("Quiz",
    "Exercise") to the document of that chapter's answer key, to link to it."""
    guide = load_guide(path, course)
    chapter: Chapter = guide["chapter"]
    model = guide["model"]
    n = chapter.number
    out = [
        f"(guide-chapter-{n:02d})=",
        f"# Teaching chapter {n}: {re.sub(r'^[0-9]+[.] *', '', chapter.title)}",
        "",
        f"**Time to learn** (as the chapter tells students): {chapter.time_to_learn}",
        "",
        f"**The big idea.** {_para(guide['big_idea'])}",
        "",
    ]
    if keys:
        links = ", ".join(f"{{doc}}`{label.lower()} key <{doc}>`" for label, doc in keys.items())
        out += [f"**Answer keys for this chapter:** {links}.", ""]
    out += [
        "## Learning outcomes",
        "",
        "From the chapter's own list: by the end, students should be able to",
        "",
    ]
    out += [f"- {item}" for item in chapter.objectives] + [""]
    for key, total in SESSIONS.items():
        out += [f"## A {'60-minute' if total == 60 else '2-hour'} session", ""]
        start = 0
        for step in guide[key]:
            end = start + step["minutes"]
            out.append(
                f"- **{_clock(start)}–{_clock(end)}** ({step['minutes']} min). {_para(step['activity'])}"
            )
            start = end
        out.append("")
    if model:
        out += [f"## The model in class: {model.title}", ""]
        out += [
            "The model is stylised: it shows how an argument of the chapter works, not what happened "
            "in the NHS. Say so when you show it, and let the room say which assumptions drive the "
            "result.",
            "",
        ]
        moving = [p.label for p in model.parameters if p.name in model.book_controls]
        if moving:
            out += [
                f"In the book, without Python, students can move: {', '.join(moving)}. "
                "In the notebook every parameter moves.",
                "",
            ]
        for k, use in enumerate(guide["model_in_class"], 1):
            out += [
                f"### {k}. {_setting(model, use)}",
                "",
                f"**Show.** {_para(use['show'])}",
                "",
                f"**Ask.** {_para(use['ask'])}",
                "",
            ]
    out += ["## Discussion questions: facilitator notes", ""]
    for k, (question, note) in enumerate(zip(chapter.discussion, guide["discussion"], strict=True), 1):
        out += [f"### Question {k}", "", f"> {question}", "", "Points a good answer makes:", ""]
        out += [f"- {_para(point)}" for point in note["points"]] + [""]
    out += ["## Common misconceptions", ""]
    for item in guide["misconceptions"]:
        out += [f"- **“{_para(item['belief'])}”**  ", f"  {_para(item['response'])}"]
    out += [""]
    seminar = guide["seminar"]
    length = f" (about {seminar['words']:,} words)" if seminar.get("words") else ""
    out += [
        "## Seminar or essay question",
        "",
        f"> {_para(seminar['question'])}{length}",
        "",
        "### Marking rubric",
        "",
    ]
    for row in seminar["rubric"]:
        out += [f"**{row['criterion']}** ({row['weight']}% of the mark)", ""]
        out += [f"- *{label}:* {_para(row[band])}" for band, label in BANDS.items()] + [""]
    return "\n".join(out).rstrip() + "\n"


if __name__ == "__main__":  # python -m nhsreform.instructor_guide COURSE [FILE ...]
    import sys

    if len(sys.argv) < 2:
        sys.exit("usage: python -m nhsreform.instructor_guide COURSE_FOLDER [GUIDE_FILE ...]")
    course = Path(sys.argv[1])
    files = [Path(f) for f in sys.argv[2:]] or guide_files(course)
    failed = 0
    for file in files:
        try:
            load_guide(file, course)
            print(f"{file}: ok")
        except GuideError as err:
            failed += 1
            print(err)
    sys.exit(1 if failed else 0)
