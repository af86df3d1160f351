"""The report's ideas and where this course teaches them: a map for chapter 12.

Not data: the rows are the report's three approaches, three shifts, four features of high
performers, three complementary pairs and eleven proposals for "Where next for NHS reform?"
(pp 47–56), and the columns are this course's twelve chapters. The names and pages come from the
course's source notes (the proposals' headings and pages from the report's contents page; the
shifts from the launch press release; the features and pairs from the publisher's summary and
the key messages as reproduced by the Socialist Health Association). Which chapter teaches what
is the course's own mapping.

:func:`course_map` gives the map as a table (its text alternative in the book), and
:func:`plot_course_map` draws it as a grid of markers, returning ``(fig, alt)``.
"""

from __future__ import annotations

import pandas as pd

from ..style import OKABE_ITO, figure_size

__all__ = [
    "APPROACHES",
    "CHAPTERS",
    "FEATURES",
    "GROUPS",
    "PAIRS",
    "PROPOSALS",
    "SHIFTS",
    "course_map",
    "plot_course_map",
]

#: This course's chapters, by number (short titles).
CHAPTERS = {
    1: "Why how we reform matters",
    2: "Targets and performance management",
    3: "Inspection and regulation",
    4: "Competition and choice",
    5: "Critiques of NHS reform",
    6: "Reforming from within",
    7: "The learning organisation",
    8: "Complementary approaches",
    9: "Innovation and standardisation",
    10: "The role of patients",
    11: "Leading reform and improvement",
    12: "Where next: the eleven proposals",
}

# Each idea: (full name, short label for the figure, chapters that teach it).
#: The three approaches the report reviews (on the course's reading, the subtitle's "hierarchy,
#: inspection and markets").
APPROACHES = (
    ("Targets and performance management", "Targets and performance", (1, 2)),
    ("Inspection and regulation", "Inspection and regulation", (1, 3)),
    ("Competition and choice", "Competition and choice", (1, 4, 10)),
)
#: The three shifts in the launch press release, "from" → "to".
SHIFTS = (
    (
        "From large-scale structural reform to locally derived solutions",
        "Structures → local solutions",
        (1, 5, 8),
    ),
    (
        'From "heroic" pace-setting leadership to supporting staff to lead change',
        "Heroic → staff-led change",
        (1, 5, 11),
    ),
    (
        'From external pressures to supporting improvement "from within"',
        "External → from within",
        (1, 6, 7),
    ),
)
#: The four features of high-performing organisations (the publisher's key findings).
FEATURES = (
    ("Leadership continuity", "Leadership continuity", (1, 6, 11)),
    ("Organisational stability", "Organisational stability", (5, 6)),
    ("A clear vision and improvement goals", "Clear vision and goals", (6, 7)),
    ("An explicit improvement methodology", "Explicit improvement method", (6, 7)),
)
#: The three complementary pairs (key messages, as reproduced by the Socialist Health Association).
PAIRS = (
    ("National leadership with devolution", "National lead + devolution", (8,)),
    ("Collaboration with competition", "Collaboration + competition", (4, 8)),
    ("Innovation with standardisation", "Innovation + standardisation", (9,)),
)
#: The eleven headings of "Where next for NHS reform?" with their pages (contents page) and the
#: chapters that bear on each; chapter 12 discusses all of them.
PROPOSALS = (
    ("Embrace complementary approaches to reform", 47, "1 Complementary approaches", (4, 8, 9, 12)),
    ("Demarcate the role of politicians", 48, "2 Role of politicians", (1, 5, 11, 12)),
    ("Promote transparency", 50, "3 Transparency", (2, 3, 6, 8, 9, 12)),
    ("Enable devolution", 50, "4 Devolution", (4, 6, 8, 12)),
    ("Be realistic about inspection and regulation", 51, "5 Realistic inspection", (3, 12)),
    (
        "See competition as one means to improve care rather than a guiding principle",
        51,
        "6 Competition as one means",
        (4, 8, 12),
    ),
    ("Support integration of care", 52, "7 Integration of care", (5, 8, 12)),
    ("Promote collaboration", 53, "8 Collaboration", (8, 9, 12)),
    (
        "Strengthen leadership and develop skills for improvement",
        54,
        "9 Leadership and skills",
        (6, 7, 11, 12),
    ),
    (
        "Commit to continuous improvement over the longer term",
        55,
        "10 Continuous improvement",
        (1, 5, 6, 7, 12),
    ),
    ("Focus on organisations and networks", 55, "11 Organisations, networks", (6, 8, 12)),
)

#: Groups in order, each with its legend label, marker and colour (colour is never the only cue).
GROUPS = {
    "approach": ("3 approaches", "s", OKABE_ITO["vermillion"]),
    "shift": ("3 shifts", "^", OKABE_ITO["orange"]),
    "feature": ("4 features", "D", OKABE_ITO["bluish_green"]),
    "pair": ("3 pairs", "P", OKABE_ITO["reddish_purple"]),
    "proposal": ("11 proposals", "o", OKABE_ITO["blue"]),
}
COLUMNS = ("group", "idea", "label", "page", "chapters")


def _chapters_text(chapters: tuple[int, ...]) -> str:
    return ", ".join(str(c) for c in chapters)


def course_map() -> pd.DataFrame:
    """One row per idea: ``group``, ``idea`` (full name), ``label`` (short, for the figure),
    ``page`` (the report's page, proposals only, else None) and ``chapters`` ("1, 2, 12")."""
    rows = []
    for group, ideas in (("approach", APPROACHES), ("shift", SHIFTS), ("feature", FEATURES), ("pair", PAIRS)):
        rows += [(group, name, label, None, _chapters_text(ch)) for name, label, ch in ideas]
    rows += [("proposal", name, label, str(page), _chapters_text(ch)) for name, page, label, ch in PROPOSALS]
    return pd.DataFrame(rows, columns=list(COLUMNS))


def _parse(course: pd.DataFrame) -> list[tuple[str, str, list[int]]]:
    """Check the table and read each row's chapters, with errors naming the row and problem."""
    if not isinstance(course, pd.DataFrame):
        raise TypeError(
            f"expected the course map (a DataFrame from course_map()); got {type(course).__name__}"
        )
    missing = [c for c in COLUMNS if c not in course.columns]
    if missing:
        raise ValueError(f"the course map lacks column(s) {missing}; build it with proposals.course_map()")
    if course.empty:
        raise ValueError("the course map has no rows")
    rows = []
    for group, label, chapters in course[["group", "label", "chapters"]].itertuples(index=False):
        if group not in GROUPS:
            raise ValueError(f"row {label!r}: unknown group {group!r}; groups are {list(GROUPS)}")
        try:
            numbers = [int(c) for c in str(chapters).split(",")]
        except ValueError:
            raise ValueError(
                f"row {label!r}: chapters must be numbers such as '1, 2'; got {chapters!r}"
            ) from None
        bad = [c for c in numbers if c not in CHAPTERS]
        if bad:
            raise ValueError(f"row {label!r}: chapter(s) {bad} are not chapters 1–{len(CHAPTERS)}")
        rows.append((group, label, numbers))
    return rows


def _describe(course: pd.DataFrame, rows) -> str:
    counts = {g: sum(1 for r in rows if r[0] == g) for g in GROUPS}
    per_chapter = {c: sum(1 for r in rows if c in r[2]) for c in CHAPTERS}
    busiest = max((c for c in CHAPTERS if c != 12), key=lambda c: (per_chapter[c], -c))
    proposals = [r for r in rows if r[0] == "proposal"]
    in_12 = sum(1 for r in proposals if 12 in r[2])
    most = max(len(r[2]) for r in rows)
    widest = " and ".join(f'"{r[1]}"' for r in rows if len(r[2]) == most)
    groups = ", ".join(f"{counts[g]} {GROUPS[g][0].split(' ', 1)[1]}" for g in GROUPS)
    return (
        f"A grid with one row for each of {len(rows)} ideas from the report ({groups}) and one "
        f"column for each of the course's {len(CHAPTERS)} chapters; a marker shows that a chapter "
        f"teaches the idea. Chapter 12 covers {in_12} of the {len(proposals)} proposals. Apart from "
        f"chapter 12, chapter {busiest} ({CHAPTERS[busiest]}) teaches the most ideas, "
        f"{per_chapter[busiest]}. Taught in the most chapters, {most}: {widest}. The table below "
        "the figure gives every row in full."
    )


def plot_course_map(course: pd.DataFrame):
    """The map as a grid: ideas down the side, grouped; chapters 1–12 across the top."""
    import matplotlib.pyplot as plt

    rows = _parse(course)
    n = len(rows)
    fig, ax = plt.subplots(figsize=figure_size(0.27 * n + 1.9), layout="constrained")
    y = {i: n - 1 - i for i in range(n)}
    for group, (name, marker, colour) in GROUPS.items():
        xs = [c for i, r in enumerate(rows) if r[0] == group for c in r[2]]
        ys = [y[i] for i, r in enumerate(rows) if r[0] == group for _ in r[2]]
        if xs:
            ax.scatter(xs, ys, marker=marker, s=70, color=colour, label=name, zorder=3)
    for i in range(1, n):
        if rows[i][0] != rows[i - 1][0]:
            ax.axhline(y[i] + 0.5, color=OKABE_ITO["grey"], linewidth=0.8)
    ax.set_yticks([y[i] for i in range(n)], [r[1] for r in rows])
    ax.set_ylim(-0.6, n - 0.4)
    ax.set_xticks(list(CHAPTERS), [str(c) for c in CHAPTERS])
    ax.set_xlim(0.4, len(CHAPTERS) + 0.6)
    ax.xaxis.set_ticks_position("top")
    ax.xaxis.set_label_position("top")
    ax.set_xlabel("Chapter of this course")
    ax.grid(axis="x", alpha=0.3)
    ax.grid(axis="y", visible=False)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.01), ncol=3, frameon=False)
    return fig, _describe(course, rows)
