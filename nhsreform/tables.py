"""Tables for people: model and data tables as a reader sees them in the book.

:func:`show_table` turns a DataFrame into a table with human headers (units in brackets), no
pandas index, whole numbers for counts and a fixed number of decimals elsewhere::

    show_table(
        scenarios,
        index="Scenario",
        columns={"real % within 4 h": "Really within 4 hours (%)", "trusts caught": "Trusts caught"},
        integers=["trusts caught"],
        decimals={"real % within 4 h": 1},
        caption="Four scenarios of the target-gaming model",
    )

The result shows itself as HTML in the book and in JupyterLab: a pandas Styler table (index
hidden, caption shown) inside ``<div class="nhs-table" role="region" aria-label=... tabindex="0">``,
so a wide table scrolls sideways on a phone, can be scrolled from the keyboard and is announced
by its caption. ``_static/tables.css`` styles it (a fade at the edge that can still be scrolled,
and a "scroll" hint on tables likely to be wider than the screen).

A column name that is not in the table is refused with a ``ValueError`` that names it and lists
the columns there are, so a renamed model output cannot silently drop out of the book.
"""

from __future__ import annotations

import hashlib
import html
import math
import numbers
from collections.abc import Iterable, Mapping

import pandas as pd

#: The narrowest width (CSS px) a table can take, above which the "scroll" hint is shown on every
#: screen (the text column is about 690 px on a laptop, 666 px inside a box), and above which it
#: is shown on phones only (a phone's column is about 340-360 px, see _static/tables.css; the
#: estimate can fall short by a few tens of px, so the phone threshold keeps a margin).
WIDE_PX = 660
MEDIUM_PX = 300
#: Columns whose longest cell is longer than this (characters) are given a wider minimum width.
LONG_TEXT = 40
#: What an empty or missing value is shown as.
MISSING = "–"


class Table:
    """A formatted table: ``data`` holds the cells as text, exactly as they are shown."""

    def __init__(self, data: pd.DataFrame, caption: str, note: str = ""):
        self.data = data
        self.caption = caption
        self.note = note

    @property
    def shape(self) -> tuple[int, int]:
        return self.data.shape

    def __len__(self) -> int:
        return len(self.data)

    @property
    def columns(self) -> list[str]:
        return list(self.data.columns)

    def long_text_columns(self) -> list[str]:
        """Columns of sentences (longest cell over :data:`LONG_TEXT` characters)."""
        return [
            name
            for name in self.data.columns
            if max((len(str(v)) for v in self.data[name]), default=0) > LONG_TEXT
        ]

    def estimated_width(self) -> int:
        """The narrowest the table can be (CSS px), given the minimum column widths in
        _static/tables.css and the longest word in each column (words do not break)."""
        long_text = self.long_text_columns()
        total = 0
        for i, name in enumerate(self.data.columns):
            words = [w for text in [str(name), *map(str, self.data[name])] for w in text.split()]
            longest = max((len(w) for w in words), default=0) * 8.5 + 20
            css_min = 136 if i == 0 else 176 if name in long_text else 96
            total += max(css_min, longest)
        return round(total)

    def styler(self):
        styler = self.data.style.hide(axis="index")
        styler = styler.format(escape="html").format_index(escape="html", axis=1)
        styler = styler.set_caption(html.escape(self.caption))
        # A stable id (from the caption), so the same table gives the same HTML on every run.
        styler = styler.set_uuid("t" + hashlib.sha1(self.caption.encode("utf-8")).hexdigest()[:10])
        # Columns of sentences get room to breathe, so that on a phone they scroll rather than
        # wrap to a word a line (which makes every row a screen tall).
        wide = {
            name: [{"selector": "td, th", "props": [("min-width", "11rem")]}]
            for name in self.long_text_columns()
        }
        if wide:
            styler = styler.set_table_styles(wide, overwrite=False)
        return styler.set_table_attributes('class="nhs-table__table"')

    def to_html(self) -> str:
        width = self.estimated_width()
        size = "wide" if width > WIDE_PX else "medium" if width > MEDIUM_PX else "narrow"
        hint = (
            '<p class="nhs-table__hint" aria-hidden="true">Scroll sideways to see the whole table →</p>'
            if size != "narrow"
            else ""
        )
        note = f'<p class="nhs-table__note">{html.escape(self.note)}</p>' if self.note else ""
        label = html.escape(self.caption, quote=True)
        table = self.styler().to_html()
        # The caption is shown above the scrolling box (so it never scrolls out of view); inside
        # the table it stays as the <caption> screen readers announce, hidden on screen.
        shown = f'<p class="nhs-table__caption" aria-hidden="true">{html.escape(self.caption)}</p>'
        return (
            f'<div class="nhs-table-block nhs-table--{size}">{shown}{hint}'
            f'<div class="nhs-table" role="region" aria-label="{label}" tabindex="0">{table}</div>'
            f"{note}</div>"
        )

    def _repr_html_(self) -> str:
        return self.to_html()

    def __repr__(self) -> str:
        text = self.data.to_string(index=False)
        note = f"\n{self.note}" if self.note else ""
        return f"{self.caption}\n{text}{note}"


def _check_names(kind: str, names: Iterable[str], known: list[str]) -> None:
    unknown = [n for n in names if n not in known]
    if unknown:
        raise ValueError(
            f"show_table: {kind} names column(s) that are not in the table: {unknown}; "
            f"the table's columns are: {known}"
        )


def _text(value, decimals: int | None) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return MISSING
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, numbers.Number) and decimals is not None:
        value = float(value)
        if math.isnan(value):
            return MISSING
        text = f"{value:,.{decimals}f}"
        return text.removeprefix("-") if text.lstrip("-").strip("0.,") == "" else text
    if isinstance(value, numbers.Number):
        return str(value) if isinstance(value, numbers.Integral) else f"{float(value):,.2f}"
    return str(value)


def show_table(
    df: pd.DataFrame,
    *,
    columns: Mapping[str, str] | None = None,
    integers: Iterable[str] = (),
    decimals: Mapping[str, int] | None = None,
    percent: Iterable[str] = (),
    codes: Mapping[str, Mapping[str, str]] | None = None,
    caption: str,
    index: str | None = None,
    transpose: bool = False,
    note: str = "",
) -> Table:
    """A DataFrame as a table for people (see the module docstring).

    - ``columns``: ``{name in the data: "Human header (unit)"}``; only these columns are shown,
      in this order. Without it every column is shown under its own name.
    - ``integers``: columns shown as whole numbers (counts), with thousands separators.
    - ``decimals``: ``{column: number of decimals}``; other numbers get 2.
    - ``percent``: columns holding shares from 0 to 1, shown multiplied by 100 (say "%" in
      the header); combine with ``decimals`` or ``integers``.
    - ``codes``: ``{column: {code: words}}``: codes shown as words (add a legend with ``note``);
      a code with no words is refused, naming the column and the code.
    - ``index``: keep the DataFrame's index (such as scenario names) as the first column, under
      this header. Without it the index is dropped.
    - ``transpose``: one column per row of ``df`` (for a few scenarios with many measures); the
      first column then holds the headers, under the header ``index`` names (or "Measure").
    - ``caption``: what the table shows; also its accessible name.
    """
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"show_table: expected a pandas DataFrame; got a {type(df).__name__}")
    if not isinstance(caption, str) or not caption.strip():
        raise ValueError("show_table: every table needs a caption (it is also its accessible name)")
    if isinstance(df.columns, pd.MultiIndex):
        known = [": ".join(str(level) for level in c) for c in df.columns]
    else:
        known = [str(c) for c in df.columns]
    df = df.set_axis(known, axis=1)
    columns = dict(columns) if columns is not None else {c: c for c in known}
    integers = list(integers)
    decimals = dict(decimals or {})
    percent = list(percent)
    codes = dict(codes or {})
    _check_names("columns", columns, known)
    _check_names("codes", codes, known)
    _check_names("integers", integers, known)
    _check_names("decimals", decimals, known)
    _check_names("percent", percent, known)
    both = sorted(set(integers) & set(decimals))
    if both:
        raise ValueError(f"show_table: column(s) {both} are given both as integers and with decimals")

    for name, words in codes.items():
        unknown = sorted({str(v) for v in df[name].dropna()} - set(words))
        if unknown:
            raise ValueError(
                f"show_table: column {name!r} holds code(s) {unknown} with no words to show for them; "
                f"known codes: {sorted(words)}"
            )
        df = df.assign(**{name: [words[str(v)] if v is not None and v == v else v for v in df[name]]})
    cells = {}
    for name, header in columns.items():
        places = 0 if name in integers else decimals.get(name)
        scale = 100 if name in percent else 1
        cells[header] = [
            _text(v * scale if scale != 1 and isinstance(v, numbers.Number) else v, places) for v in df[name]
        ]
    shown = pd.DataFrame(cells)
    if index is not None or transpose:
        labels = [str(i) for i in df.index]
        if transpose:
            shown = shown.T
            shown.columns = labels
            shown.insert(0, index or "Measure", list(shown.index))
        else:
            shown.insert(0, index, labels)
    return Table(shown.reset_index(drop=True), caption=caption, note=note)


# --- The course's own tables ------------------------------------------------------------------
# Human headers (units in brackets) for every model's scenario table and for the data tables the
# chapters show. Keys are model names (``compare_scenarios``) or "<model or dataset>.<table>".
# tests/test_tables.py checks that each model's scenario table is fully covered, so a renamed or
# new model output fails a test instead of silently dropping out of the book.

_CONFIDENCE_WORDS = {"A": "high", "B": "medium", "C": "low"}


def _confidence_codes(marks: Iterable[str]) -> dict[str, str]:
    """Words for confidence marks "A", "B", "C" and combinations such as "B/C"."""
    words = {}
    for mark in marks:
        parts = mark.split("/")
        if len(parts) == 1:
            words[mark] = f"{_CONFIDENCE_WORDS[mark].capitalize()} ({mark})"
        else:
            words[mark] = "Mixed: " + " and ".join(_CONFIDENCE_WORDS[p] for p in parts) + f" ({mark})"
    return words


SPECS: dict[str, dict] = {
    "initiative_churn": dict(
        columns={
            "initiatives launched per run": "Initiatives launched per 20-year history (average)",
            "ministers per run": "Ministers per history (average)",
            "share delivered": "Initiatives delivered (%)",
            "share abandoned": "Initiatives abandoned (%)",
            "years invested in abandoned initiatives per run": (
                "Years of effort put into initiatives later abandoned, per history"
            ),
            "expected share delivered (formula)": "Delivered, by the formula (%)",
        },
        percent=["share delivered", "share abandoned", "expected share delivered (formula)"],
        decimals={
            "initiatives launched per run": 1,
            "ministers per run": 1,
            "share delivered": 0,
            "share abandoned": 0,
            "years invested in abandoned initiatives per run": 1,
            "expected share delivered (formula)": 0,
        },
        caption="Four scenarios of the ministers-and-initiatives model (one column per scenario)",
    ),
    "target_gaming": dict(
        columns={
            "real % within 4 h": "Patients really leaving within 4 hours (%)",
            "reported % within 4 h": "Patients reported as leaving within 4 hours (%)",
            "reported minus real (points)": "Reported minus real (percentage points)",
            "% leaving in the 10 min before 4 h": "Patients leaving in the 10 minutes before 4 hours (%)",
            "% leaving in those 10 min with no target": "The same, with no target (%)",
            "% of patients hurried": "Patients hurried out (%)",
            "extra minutes for everyone else": "Extra time in A&E for everyone else (minutes)",
            "trusts reporting target met": "Trusts reporting that they meet the target",
            "trusts really meeting target": "Trusts really meeting the target",
            "trusts caught misreporting": "Trusts caught misreporting by an audit",
        },
        integers=[
            "trusts reporting target met",
            "trusts really meeting target",
            "trusts caught misreporting",
        ],
        decimals={
            "real % within 4 h": 1,
            "reported % within 4 h": 1,
            "reported minus real (points)": 2,
            "% leaving in the 10 min before 4 h": 1,
            "% leaving in those 10 min with no target": 1,
            "% of patients hurried": 1,
            "extra minutes for everyone else": 1,
        },
        caption="Four scenarios of the target-gaming model (one column per scenario)",
    ),
    "inspection_accuracy": dict(
        columns={
            "share of failing organisations rated good": "Failing organisations rated good (%)",
            "share of seriously failing organisations rated good": (
                "Seriously failing organisations rated good (%)"
            ),
            "share of good organisations rated failing": "Good organisations rated failing (%)",
            "share of ratings that are right": "Ratings that are right (%)",
            "average age of a rating (years)": "Average age of a rating (years)",
            "inspector-days per year": "Inspector-days a year",
            "inspector-days per organisation per year": "Inspector-days per organisation a year",
            "failing rated good (formula)": "Failing rated good, by the formula (%)",
            "seriously failing rated good (formula)": "Seriously failing rated good, by the formula (%)",
            "good rated failing (formula)": "Good rated failing, by the formula (%)",
        },
        percent=[
            "share of failing organisations rated good",
            "share of seriously failing organisations rated good",
            "share of good organisations rated failing",
            "share of ratings that are right",
            "failing rated good (formula)",
            "seriously failing rated good (formula)",
            "good rated failing (formula)",
        ],
        integers=["inspector-days per year"],
        decimals={
            "share of failing organisations rated good": 1,
            "share of seriously failing organisations rated good": 1,
            "share of good organisations rated failing": 1,
            "share of ratings that are right": 1,
            "average age of a rating (years)": 1,
            "inspector-days per organisation per year": 1,
            "failing rated good (formula)": 1,
            "seriously failing rated good (formula)": 1,
            "good rated failing (formula)": 1,
        },
        caption="Four inspection regimes in the model (one column per scenario)",
    ),
    "patient_choice": dict(
        columns={
            "patients who cannot choose (%)": "Patients who cannot choose (%)",
            "quality gain, patients who can choose (points)": (
                "Quality gain, patients who can choose (points)"
            ),
            "quality gain, patients who cannot choose (points)": (
                "Quality gain, patients who cannot choose (points)"
            ),
            "quality gain, all patients (points)": "Quality gain, all patients (points)",
            "quality gap between hospitals, first round (points)": (
                "Gap between best and worst hospital, first round (points)"
            ),
            "quality gap between hospitals, last round (points)": (
                "Gap between best and worst hospital, last round (points)"
            ),
            "biggest income loss, first round (%)": "Biggest loss of income, first round (%)",
            "patients not using nearest hospital, last round (%)": (
                "Patients not using their nearest hospital, last round (%)"
            ),
            "extra distance travelled (km)": "Extra distance travelled (km)",
        },
        decimals={
            "patients who cannot choose (%)": 1,
            "quality gain, patients who can choose (points)": 1,
            "quality gain, patients who cannot choose (points)": 1,
            "quality gain, all patients (points)": 1,
            "quality gap between hospitals, first round (points)": 1,
            "quality gap between hospitals, last round (points)": 1,
            "biggest income loss, first round (%)": 0,
            "patients not using nearest hospital, last round (%)": 0,
            "extra distance travelled (km)": 2,
        },
        caption="Five scenarios of the patient choice model (one column per scenario)",
    ),
    "reorganisation_disruption": dict(
        columns={
            "reorganisations": "Reorganisations",
            "average interval (years)": "Average interval (years)",
            "shortest interval (years)": "Shortest interval (years)",
            "share settled before the next one": "Reorganisations settled before the next one (%)",
            "average gap below trend (%)": "Average gap below the trend (%)",
            "years of progress lost by the end": "Years of progress lost by the end",
            "share of months on trend": "Months on the trend (%)",
            "minimum interval to settle (years, formula)": (
                "Minimum interval to settle, by the formula (years)"
            ),
        },
        integers=["reorganisations"],
        percent=["share settled before the next one", "share of months on trend"],
        decimals={
            "average interval (years)": 1,
            "shortest interval (years)": 2,
            "share settled before the next one": 0,
            "average gap below trend (%)": 1,
            "years of progress lost by the end": 1,
            "share of months on trend": 1,
            "minimum interval to settle (years, formula)": 1,
        },
        caption="Five scenarios of the reorganisation model (one column per scenario)",
    ),
    "leadership_continuity": dict(
        columns={
            "know-how at the end": "Know-how at the end, average (0–100)",
            "know-how at the end, worst 10%": "Know-how at the end, worst 10% of histories (0–100)",
            "average know-how": "Average know-how over the years (0–100)",
            "share held by the leader at the end": "Share held by the leader alone at the end (%)",
            "departures per history": "Leaders leaving per history (average)",
            "know-how lost per history": "Know-how lost when leaders left, per history (points)",
            "years simulated": "Years simulated",
        },
        integers=["years simulated"],
        decimals={
            "know-how at the end": 0,
            "know-how at the end, worst 10%": 0,
            "average know-how": 0,
            "share held by the leader at the end": 0,
            "departures per history": 1,
            "know-how lost per history": 0,
        },
        caption=(
            "Four scenarios of the stylised leadership-continuity model (averages over the simulated "
            "histories; one column per scenario)"
        ),
    ),
    "improvement_capability": dict(
        columns={
            "performance after 3 years": "Performance after 3 years (index, start = 100)",
            "performance at the end": "Performance at the end (index, start = 100)",
            "capability at the end": "Capability for improvement at the end (0–100)",
            "average capability": "Average capability over the years (0–100)",
            "push left at the end": "What is left of the external push at the end (index points)",
            "changes per history": "Reorganisations or new leaders per history (average)",
            "years simulated": "Years simulated",
        },
        integers=["years simulated"],
        decimals={
            "performance after 3 years": 0,
            "performance at the end": 0,
            "capability at the end": 0,
            "average capability": 0,
            "push left at the end": 1,
            "changes per history": 1,
        },
        caption=(
            "Four scenarios of the stylised improvement-capability model (averages over the simulated "
            "histories; one column per scenario)"
        ),
    ),
    "shared_decisions": dict(
        columns={
            "average rate (%)": "Patients treated, all areas (%)",
            "informed choice (%)": "Patients who would choose it if informed (%)",
            "lowest area rate (%)": "Lowest area's rate (%)",
            "highest area rate (%)": "Highest area's rate (%)",
            "highest ÷ lowest": "Highest rate ÷ lowest (fold)",
            "spread between areas (SD, points)": "Spread between areas (SD, percentage points)",
            "treated against their choice (%)": "Treated though they would not choose it (%)",
            "not treated though they'd choose it (%)": "Not treated though they would choose it (%)",
            "areas": "Areas",
        },
        integers=["areas"],
        decimals={
            "average rate (%)": 0,
            "informed choice (%)": 0,
            "lowest area rate (%)": 0,
            "highest area rate (%)": 0,
            "highest ÷ lowest": 1,
            "spread between areas (SD, points)": 1,
            "treated against their choice (%)": 0,
            "not treated though they'd choose it (%)": 0,
        },
        caption=(
            "Four scenarios of the stylised shared-decisions model (one simulated period; one column "
            "per scenario)"
        ),
    ),
    "spc_tampering": dict(
        columns={
            **{
                f"{s}: {what}": f"{label}: {words}"
                for s, label in (
                    ("leave alone", "Leave alone"),
                    ("adjust after every point", "Adjust after every point"),
                    ("act only on signals", "Act only on signals"),
                )
                for what, words in (
                    ("typical miss (x noise sd)", "typical miss from target (multiples of the noise SD)"),
                    ("typical miss (units)", "typical miss from target (units of the measure)"),
                    ("adjustments per 100 periods", "adjustments per 100 periods"),
                )
            },
            "formula: adjusting every point, stable process (x noise sd)": (
                "Adjust after every point, by the formula for a stable process (multiples of the noise SD)"
            ),
        },
        decimals={
            **{
                f"{s}: {what}": places
                for s in ("leave alone", "adjust after every point", "act only on signals")
                for what, places in (
                    ("typical miss (x noise sd)", 2),
                    ("typical miss (units)", 2),
                    ("adjustments per 100 periods", 1),
                )
            },
            "formula: adjusting every point, stable process (x noise sd)": 2,
        },
        caption=(
            "Four scenarios of the stylised SPC tampering model (averages over the simulated histories; "
            "one column per scenario)"
        ),
        note="A dash: the formula holds only for a stable process.",
    ),
    "national_and_local": dict(
        columns={
            **{
                f"{a}: {what}": f"{a.capitalize()}: {label}"
                for a in ("central prescription", "full local discretion", "national what, local how")
                for what, label in (
                    ("average total gain", "average total gain (points)"),
                    ("weakest tenth", "gain of the weakest tenth of units (points)"),
                    ("spread (90th − 10th)", "spread between units, 90th − 10th percentile (points)"),
                )
            },
            "best on average": "Best approach on average",
            "best for the weakest tenth": "Best approach for the weakest tenth",
        },
        decimals={
            f"{a}: {what}": 1
            for a in ("central prescription", "full local discretion", "national what, local how")
            for what in ("average total gain", "weakest tenth", "spread (90th − 10th)")
        },
        caption="Four scenarios of the stylised national-and-local model (one column per scenario)",
    ),
    "reform_programme": dict(
        columns={
            "real performance": "Real performance at year 15, median (index, start = 100)",
            "real performance p10": "Real performance, 10th percentile of runs",
            "real performance p90": "Real performance, 90th percentile of runs",
            "reported performance": "Reported performance at year 15, median (index)",
            "gap reported − real": "Reported minus real at year 15, median (index points)",
            "staff engagement": "Staff engagement at year 15, median (0–100)",
            "staff engagement p10": "Staff engagement, 10th percentile of runs",
            "staff engagement p90": "Staff engagement, 90th percentile of runs",
            "capability": "Capability for improvement at year 15, median (0–100)",
            "total extra cost": "Extra cost over 15 years, median (% of a year's budget)",
            "variation between organisations": "Variation between organisations, 90th − 10th pct (points)",
            "band width, real performance": "Width of the band of real performance (index points)",
        },
        decimals={
            "real performance": 0,
            "real performance p10": 0,
            "real performance p90": 0,
            "reported performance": 0,
            "gap reported − real": 1,
            "staff engagement": 0,
            "staff engagement p10": 0,
            "staff engagement p90": 0,
            "capability": 0,
            "total extra cost": 0,
            "variation between organisations": 1,
            "band width, real performance": 1,
        },
        caption=(
            "Four named programmes in the stylised capstone model (year 15; medians and percentiles "
            "across the simulated histories; one column per programme)"
        ),
    ),
    "standardise_or_explore": dict(
        columns={
            "quality at the start (points)": "Quality at the start (points)",
            "average quality at the end (points)": "Average quality at the end (points)",
            "gap to the best possible at the end (points)": "Gap to the best possible at the end (points)",
            "spread between units at the end (points)": "Spread between units at the end (points)",
            "quality of the standard at the end (points)": "Quality of the standard at the end (points)",
            "patients treated with a variant (%)": "Unit-quarters trying a variant (%)",
            "proven exceptions adopted": "Proven exceptions that moved the standard (number)",
        },
        integers=["proven exceptions adopted"],
        decimals={
            "quality at the start (points)": 1,
            "average quality at the end (points)": 1,
            "gap to the best possible at the end (points)": 1,
            "spread between units at the end (points)": 1,
            "quality of the standard at the end (points)": 1,
            "patients treated with a variant (%)": 1,
        },
        caption="Four scenarios of the stylised standardise-or-explore model (one column per scenario)",
    ),
    "inspection_accuracy.equal_budget": dict(
        columns={
            f"drift {d} SD a year: {what} rated good (%)": (
                f"{what.capitalize()} rated good, drift {d} SD a year (%)"
            )
            for d in ("0.15", "0.3", "0.6")
            for what in ("failing", "seriously failing")
        },
        decimals={
            f"drift {d} SD a year: {what} rated good (%)": 0
            for d in ("0.15", "0.3", "0.6")
            for what in ("failing", "seriously failing")
        },
        index="Inspection regime (each costs the same)",
        caption="Three inspection regimes with the same cost, at three speeds of drift in quality",
    ),
    "competition_studies": dict(
        columns={
            "study": "Study",
            "year": "Year",
            "era": "Era",
            "design_group": "Design",
            "outcome": "What it measured",
            "direction": "Finding, in brief",
            "confidence": "How sure we are of what was read",
        },
        codes={
            "confidence": {
                "[A]": "High: the published abstract",
                "[B]": "Medium: a working-paper or abstract copy",
                "[C]": "Low: an unofficial copy",
                "[A] abstract / [C] numbers": (
                    "High for the abstract; low for its numbers (an unchecked machine-made summary)"
                ),
            }
        },
        caption="Studies of competition between hospitals in the English NHS",
        note=(
            "Findings were read at abstract level (or in working-paper copies or slides), not in the full "
            "papers. High: read in the published abstract. Medium: read in a reputable secondary copy. "
            "Low: read only in an unofficial copy or a machine-made summary; check before quoting."
        ),
    ),
    "nhs_reorganisations_1974_2022": dict(
        columns={
            "year": "Year",
            "label": "Change",
            "course_classification": "Kind of change",
            "confidence": "How sure we are of the details",
        },
        codes={"confidence": _confidence_codes(["A", "B", "C", "A/B", "A/C", "B/A", "B/C"])},
        caption="Reorganisations and other changes in the NHS in England, 1974–2022",
        note=(
            "High (A): read in an official or primary text. Medium (B): a reputable secondary copy. Low (C): "
            "an unofficial or derived page; check before relying on it. Mixed: parts of the row (a date, a "
            "number) have different confidence."
        ),
    ),
}


def course_table(key: str, df: pd.DataFrame, **changes) -> Table:
    """One of the course's own tables (see :data:`SPECS`), e.g. ``course_table("target_gaming",
    target_gaming.compare_scenarios())``. Scenario tables of a model (keyed by the model's
    name) show one column per scenario. ``changes`` override the stored settings."""
    if key not in SPECS:
        raise ValueError(f"course_table: no table called {key!r}; known: {sorted(SPECS)}")
    spec = dict(SPECS[key])
    if "." not in key and key not in ("competition_studies", "nhs_reorganisations_1974_2022"):
        spec.update(transpose=True, index="Result")
    spec.update(changes)
    return show_table(df, **spec)


def glue_table(key: str, table: Table) -> None:
    """Show ``table`` and store it under ``key`` for the book, which places it elsewhere on the
    page (MyST-NB ``glue``; for example inside a collapsible "Model details" block). Without
    MyST-NB (a plain Jupyter installation) the table is simply shown."""
    try:
        from myst_nb import glue
    except ImportError:  # pragma: no cover - MyST-NB is installed with the course
        from IPython.display import display

        display(table)
    else:
        glue(key, table)
