"""What the grading-tool tests share (tests/test_assignments.py, test_nbgrader.py, test_otter.py):
the exercises, the tools' commands from this environment, what a solution or marking guide looks
like in a released copy, and one plausible wrong answer for every check with the notebooks that
give them."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat

from nhsreform import assignments, grading

from .conftest import ROOT

EXERCISES = sorted((ROOT / "exercises").glob("[0-9][0-9]-*.ipynb"))
BIN = str(Path(sys.executable).parent)
ENV = {**os.environ, "PATH": BIN + os.pathsep + os.environ["PATH"]}


def tool(name: str, folder: Path, *args: str) -> subprocess.CompletedProcess:
    """Run a grading tool's command (``nbgrader``, ``otter``) from this environment in ``folder``."""
    run = subprocess.run(
        [str(Path(BIN) / name), *args], cwd=folder, capture_output=True, text=True, env=ENV, timeout=1200
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    return run


def solution_lines(path) -> list[str]:
    """The longest line of each worked solution, which no student's copy may hold."""
    lines = []
    for cell in nbformat.read(path, as_version=4).cells:
        if cell.cell_type == "code" and cell.source.lstrip().startswith("# Solution"):
            body = [ln for ln in cell.source.splitlines()[1:] if "check(" not in ln and ln.strip()]
            if body:
                lines.append(max(body, key=len).strip())
    return lines


def guide_lines(path) -> list[str]:
    """The numbered points or items of each written answer's marking guide, as one line each."""
    lines = []
    for cell in nbformat.read(path, as_version=4).cells:
        if "marking-guide" in cell.metadata.get("tags", []):
            items = re.findall(r"^(?:\d+\.|-) +(.+?)(?=\n\S|\n *\n|\Z)", cell.source, re.M | re.S)
            lines += [" ".join(item.split())[:60] for item in items]
    assert lines, path.name
    return lines


def prose(notebook) -> str:
    """A notebook's text with its whitespace squashed, to look for a guide's points in."""
    return " ".join(" ".join(c.source.split()) for c in notebook.cells)


# ---- one plausible wrong answer per check --------------------------------------------------------

#: For each exercise's check, a statement run after the worked solution that turns its answer into
#: a mistake a student plausibly makes (many are the slips the course's own checks know).
WRONG = {
    "01": {
        "providers": "answer_providers = len(ae)  # rows, not distinct providers",
        "england_monthly": "answer_england = answer_england / 100  # proportions, not percentages",
        "months_meeting_standard": "answer_months = len(answer_england) - answer_months  # months missing it",
        "type1_meeting_standard_last_month": "answer_meeting = int((march < 95).sum())  # those below",
        "type1_median_last_month": "answer_median = round(march.mean(), 1)  # the mean",
    },
    "02": {
        "all_types": "answer_all_types = answer_all_types / 100",
        "target_in_force": "answer_target = answer_target * 0 + 95  # 95% throughout",
        "quarters_meeting": "answer_meeting = int((ae['all_types'] < ae['target']).sum())  # below it",
        "quarters_meeting_qualitywatch": "answer_meeting_qw = answer_meeting  # the course's dates again",
        "type1_quarters_meeting": "answer_type1 = answer_meeting  # all types, not type 1",
        "version_max_difference": "answer_max_difference = difference.max() + 1  # a rounding slip",
        "survey_gap_2004": "answer_gap = 96 / 77  # a ratio, not a gap",
        "trusts_share_2002": "answer_trusts = answer_trusts / 100",
    },
    "03": {
        "star_shares_2003": "answer_shares = answer_shares / 100",
        "complete_years": "answer_complete = len(stars)  # every year, complete or not",
        "ahc_excellent_or_good": "answer_top_two = ahc['excellent']  # excellent alone",
        "ahc_printed_totals": "answer_totals = answer_totals * 0 + 100  # assumed, not added",
        "cqc_acute_good_or_outstanding": (
            "answer_acute_2016 = round(float(100 * counts['good'] / counts.sum()), 1)  # good alone"
        ),
        "acute_core_services_change": "answer_change = -answer_change  # the wrong way round",
        "mrsa_fall": "answer_mrsa_fall = round(100 - answer_mrsa_fall, 1)  # what is left",
        "cdiff_fall": "answer_cdiff_fall = round(100 - answer_cdiff_fall, 1)",
        "mrsa_index": "answer_index = answer_index / 100  # base 1, not 100",
    },
    "04": {
        "ft_series": "answer_series = answer_series.iloc[:-1]  # the last count left out",
        "growth_per_year": "answer_growth = answer_series.diff().dropna()  # per interval, not per year",
        "share_2013": "answer_share = 40.7  # the share not yet foundation trusts",
        "did_count": "answer_did = len(studies)  # every study",
        "ami_did_studies": "answer_ami = did  # every difference-in-differences study",
    },
    "05": {
        "structural_count": "answer_count = len(timeline)  # every event",
        "intervals": "answer_intervals = years.diff()  # with the leading gap",
        "mean_interval": "answer_mean = answer_mean + 1",
        "per_decade": "answer_decades = answer_decades.cumsum()",
        "without_c": "answer_without_c = answer_count  # none left out",
        "step_senior_pct": "answer_step_senior = 15.7  # the fall's size, not its sign",
        "step_managers_pct": "answer_step_managers = 16.25",
        "change_2009_2017_pct": "answer_change_2009_2017 = 13.54",
        "senior_back_above": "answer_back_above = senior.idxmax()  # the peak, not the return",
    },
    "06": {
        "trusts_2019": "answer_trusts = 128  # before dropping the rows with no SHMI",
        "correlation_2019": "answer_r = 0.267  # the sign lost",
        "correlation_by_year": "answer_by_year = -answer_by_year",
        "slope_2019": "answer_slope = 2.806  # the intercept",
        "region_gap": "answer_gap = -0.0781  # South minus North",
        "slope_within_regions": "answer_within = -0.458  # region left out",
    },
    "07": {
        "mean": "answer_mean = 13179.0",
        "mean_moving_range": "answer_mr = 643.7037037037037",
        "upper_limit": "answer_upper = 15163.495726495727",
        "months_outside": "answer_outside = 1  # one side only",
        "per_day_outside": "answer_per_day = 9",
    },
    "08": {
        "mean_before": "answer_mean_before = dtoc['delayed_beds_total'].mean()  # every month",
        "peak_rise_pct": "answer_peak_rise = total.max() - total.iloc[0]  # beds, not per cent",
        "social_care_share": "answer_share = answer_share / 100",
        "social_care_rise_pct": "answer_social_rise = answer_social_rise / 100",
        "readmissions_change": "answer_readmissions = -answer_readmissions  # first minus last",
        "gm_worse": "answer_worse = len(gm)  # every outcome",
    },
    "09": {
        "march_pct": "answer_pct = answer_pct / 100",
        "centre_line": "answer_centre = 80.01  # the mean of the departments' percentages",
        "outside_998": "answer_outside = 129",
        "phi": "answer_phi = 572.7",
        "outside_adjusted": "answer_adjusted = 15",
        "flagged_trust": "answer_trust = 'RAS'",
    },
    "10": {
        "definitely_change": "answer_change = -7.0  # the wrong way round",
        "lowest_year": "answer_year = 2015",
        "top_ratings_2015": "answer_top = 27",
        "mean_rating_2012": "answer_mean = 7.84",
        "choice_rise": "answer_choice = 10.0",
        "gp_change": "answer_gp = 3.1",
    },
    "11": {
        "people": "answer_people = 21  # spells, not people",
        "median_days": "answer_median = 712.4",
        "longest_days": "answer_longest = 1952",
        "under_a_year": "answer_short = 5",
        "text_values": "answer_text = 0",
        "gap_points": "answer_gap = 83.0",
    },
    "12": {
        "gap_year15": "answer_gap = -2.37  # real minus reported",
        "highest_engagement": 'answer_engaged = "The report\'s mix"',
        "band_width": "answer_width = 17.27",
        "reorganisation_loss": "answer_loss = -21.1",
        "my_programme": "my_programme = dict(my_programme, reorganisations=-1)  # below the range",
    },
}

CHECK_LINE = re.compile(r"^\s*(display\()?check\(")


def wrong_nbgrader_notebook(source: Path):
    """The worked solution of an nbgrader source notebook with each autograded answer made wrong."""
    number = source.name[:2]
    notebook = nbformat.read(source, as_version=4)
    for cell in notebook.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("solution") and not meta.get("grade"):
            names = [m[0] for m in grading.CHECK_CALL.findall(cell.source)]
            mistakes = "\n".join(WRONG[number][name] for name in names)
            cell.source = cell.source.replace(assignments.END, assignments.END + "\n" + mistakes)
    return notebook


def wrong_otter_notebook(autograder_copy: Path):
    """Otter's copy with the worked solutions (``dist/autograder``) with each answer made wrong just
    before the cell's own check shows its feedback."""
    number = autograder_copy.name[:2]
    notebook = nbformat.read(autograder_copy, as_version=4)
    for cell in notebook.cells:
        names = [m[0] for m in grading.CHECK_CALL.findall(cell.source)]
        if names and "grader.check" not in cell.source:
            lines = cell.source.splitlines()
            at = next((k for k, ln in enumerate(lines) if CHECK_LINE.match(ln)), len(lines))
            cell.source = "\n".join(lines[:at] + [WRONG[number][n] for n in names] + lines[at:])
    return notebook


def feedback(cell) -> list[str]:
    """What an executed answer cell's checks showed (✘, ✔ or …), in order."""
    return [
        o["data"]["text/plain"]
        for o in cell.get("outputs", [])
        if o.get("data", {}).get("text/plain", "").startswith(("✘", "✔", "…"))
    ]
