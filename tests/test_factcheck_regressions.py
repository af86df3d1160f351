"""Regression tests for the independent fact-check of Part I (reviews/part1-factcheck.md).

Each test is named after the finding it guards (E = error, D = doubtful, M = minor) and fails if
the false or unsourced wording comes back, or if the fix (a hedge, a date, a source) is removed.
They read the course's own files only: notebooks (markdown cells), quiz banks, glossary, data
cards, bibliography and the models.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from pybtex.database import parse_file

ROOT = Path(__file__).resolve().parent.parent
BIB_FILES = [ROOT / "references.bib", *sorted((ROOT / "references").glob("*.bib"))]
BANKS = sorted((ROOT / "nhsreform" / "banks").glob("ch0*.yml"))

CH1 = "chapters/01-why-how-we-reform-matters.ipynb"
CH2 = "chapters/02-targets-and-performance-management.ipynb"
CH3 = "chapters/03-inspection-and-regulation.ipynb"
CH4 = "chapters/04-competition-and-choice.ipynb"
CH5 = "chapters/05-critiques-of-nhs-reform.ipynb"
EX1 = "exercises/01-ae-four-hour-standard.ipynb"
EX3 = "exercises/03-ratings-and-infections.ipynb"
NOTEBOOKS = sorted([*ROOT.glob("chapters/*.ipynb"), *ROOT.glob("exercises/*.ipynb")])


def markdown(path: str | Path) -> str:
    """All markdown cells of a notebook, joined (cells separated by a blank line)."""
    nb = json.loads((ROOT / path).read_text(encoding="utf-8"))
    return "\n\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")


def all_markdown() -> dict[str, str]:
    return {str(p.relative_to(ROOT)): markdown(p) for p in NOTEBOOKS}


def bank(name: str) -> dict:
    return yaml.safe_load((ROOT / "nhsreform" / "banks" / f"{name}.yml").read_text(encoding="utf-8"))


def question(name: str, qid: str) -> dict:
    return next(q for q in bank(name)["questions"] if q["id"] == qid)


def bank_texts() -> dict[str, str]:
    return {p.stem: p.read_text(encoding="utf-8") for p in BANKS}


def glossary_entry(term: str) -> str:
    """The definition of one glossary term (the indented lines that follow it and its aliases)."""
    lines = (ROOT / "glossary.md").read_text(encoding="utf-8").splitlines()
    i = lines.index(term) + 1
    while i < len(lines) and lines[i].strip() and not lines[i].startswith("  "):
        i += 1  # more names for the same entry, such as "PbR" after "Payment by Results"
    body = []
    for line in lines[i:]:
        if not line.startswith("  "):
            break
        body.append(line.strip())
    assert body, f"glossary term {term!r} has no definition"
    return " ".join(body)


def section(text: str, start: str, end: str) -> str:
    """The text from the heading ``start`` up to the next heading ``end``."""
    i = text.index(start)
    return text[i : text.index(end, i)]


def paragraphs(text: str) -> list[str]:
    """Paragraphs, list items and table rows: the units a claim and its hedge must share."""
    return [p for p in re.split(r"\n\s*\n|\n(?=\s*[-|]|\s*\d+\. )", text) if p.strip()]


def normalise(s: str) -> str:
    return re.sub(r"\s+", " ", s)


# --------------------------------------------------------------------------------------------
# Errors


def test_E1_2002_star_ratings_are_not_filed_as_a_shortcoming_of_inspection():
    ch3 = markdown(CH3)
    shortcomings = section(ch3, "### What it did not, or cannot, do", "## A model")
    assert "star rating" not in shortcomings.lower()
    assert "not always independent" not in shortcomings
    # the chapter says who produced the ratings, and reads the episode as a case for independence
    assert "The 2001 and 2002 ratings were the Department of Health's own" in ch3
    assert "compiled them for the first time in July 2003" in ch3
    achieved = section(ch3, "### What inspection did achieve", "### What it did not")
    assert "**Independence from ministers.**" in achieved and "guardian2003stars" in achieved
    assert "argument *for* independent inspection" in ch3
    card = (ROOT / "nhsreform" / "datasets" / "star_ratings_acute_2001_2005.md").read_text(encoding="utf-8")
    assert "The 2001 and 2002 ratings were the Department of Health's" in normalise(card)
    assert "Department of Health produced the 2001 and 2002 ratings" in glossary_entry("star ratings")


def test_E2_exercise_1_does_not_put_words_in_the_reports_mouth():
    text = normalise(markdown(EX1))
    assert "targets above all" not in text
    assert "unless organisations have the capability" not in text
    assert "had limited impact" in text and "clear evidence that targets cut waits" in text


def test_E3_a_model_result_is_not_called_the_mechanism_of_the_real_gains():
    for name, text in all_markdown().items():
        assert "mechanism behind the real gains" not in text, name
    assert "In the model, that is how a target raises performance" in markdown(CH2)


# --------------------------------------------------------------------------------------------
# Doubtful


def test_D1_the_2004_mrsa_target_is_stated_where_the_infection_fall_is_credited():
    for path in (CH2, CH3, EX3):
        text = normalise(markdown(path))
        assert "November 2004" in text or "set in 2004" in text, path
        assert "dh2004mrsa" in text, path
    card = (ROOT / "nhsreform" / "datasets" / "hcai_mrsa_cdiff_2007_2016.md").read_text(encoding="utf-8")
    assert "November 2004" in card
    assert "helped start the change" not in markdown(CH3)


def test_D2_le_grand_conclusion_is_given_and_the_quiz_marks_the_course_reading():
    right = next(o for o in question("ch05", "knights-knaves")["options"] if o.get("correct"))
    feedback = normalise(right["feedback"])
    assert "On this course's reading, reform from within bets on knights" in feedback
    for path in (CH2, CH5):
        text = normalise(markdown(path))
        assert "Le Grand himself drew a different" in text, path
        assert "choice and competition within public services" in text, path
    assert "work best if staff are knaves" not in markdown(CH5)


BEVAN_HOOD_LABELS = ("saint", "honest trier", "reactive gamer", "rational maniac")


def test_D3_the_models_types_do_not_borrow_bevan_and_hoods_labels():
    from nhsreform.models import target_gaming as tg

    assert tg.TYPES == ("clinician-led", "honest", "opportunist", "knave")
    words = [*tg.TYPES]
    for p in tg.PARAMETERS:
        words += [p.name, p.label, p.help]
    results = tg.simulate_target_gaming(trusts=10, patients_per_trust=50)
    words += list(tg.by_type(results).index) + [tg.plot_target_gaming(results)[1]]
    for word in words:
        for label in BEVAN_HOOD_LABELS:
            assert label not in word.lower().replace("_", " "), (word, label)
    # in chapter 2, Bevan and Hood's labels appear only in the section that gives their typology
    ch2 = markdown(CH2)
    theirs = section(ch2, "### Bevan and Hood's four types", "### This course's simplification")
    outside = ch2.replace(theirs, "")
    for label in BEVAN_HOOD_LABELS:
        assert label in theirs.lower(), label
        assert label not in outside.lower(), label
    assert "should not be quoted as Bevan and Hood's" in normalise(ch2)
    assert '"broadly share the goals of central controllers"' in theirs and "(p 523)" in theirs
    for label in BEVAN_HOOD_LABELS:
        assert label not in bank_texts()["ch02"].lower(), label


def test_D4_mid_staffordshire_good_rating_is_attributed_to_the_companion_pages():
    units = []
    for name, text in all_markdown().items():
        units += [(name, p) for p in paragraphs(text)]
    for name, data in ((p.stem, yaml.safe_load(p.read_text(encoding="utf-8"))) for p in BANKS):
        for q in data["questions"]:
            parts = [q["prompt"]] + [o["feedback"] for o in q.get("options", [])]
            units += [(f"{name}:{q['id']}", " ".join(parts))]
    checked = 0
    for where, unit in units:
        if "Mid Staffordshire" in unit and '"good"' in unit:
            checked += 1
            assert "companion pages" in unit, (where, unit[:200])
    assert checked >= 6
    prompt = normalise(question("ch01", "mid-staffs")["prompt"])
    assert prompt.startswith("According to The King's Fund's companion pages")


def test_D5_the_sochealth_reproduction_is_marked_as_third_party():
    ch5 = normalise(markdown(CH5))
    i = ch5.index("sochealth2014reforming")
    assert "third-party reproduction" in ch5[i - 400 : i]
    assert "not checked against the report" in ch5[i - 400 : i]


def test_D6_the_hes_and_quarterly_returns_gap_is_not_filed_as_evidence_of_gaming():
    ch2 = markdown(CH2)
    assert "Other sources point the same way" not in ch2
    table = section(ch2, "## Weighing the argument", "## Check your understanding")
    rows = [line for line in table.splitlines() if line.startswith("|")]
    assert rows and not any("93.1%" in row for row in rows)
    assert "belongs in neither column" in table


# --------------------------------------------------------------------------------------------
# Minor


def test_M1_quiz_feedback_credits_the_companion_pages_not_the_report():
    text = normalise(bank_texts()["ch05"])
    assert "The report links the fall in waits" not in text
    assert "companion pages link the fall in waits to targets" in text


def test_M2_further_reading_does_not_say_the_report_denies_targets_worked():
    assert "counterweight to the report's critique" not in markdown(CH1)


def test_M3_the_churn_mechanism_is_the_courses_reading():
    from nhsreform.models import initiative_churn

    assert "Key messages 2 and 5 make a claim about" not in markdown(CH1)
    assert "that mechanism is the course's" in normalise(markdown(CH1))
    assert "this course's reading" in normalise(initiative_churn.__doc__)


def test_M4_glossary_pct_and_pcg_dates_are_staged():
    pct, pcg = glossary_entry("PCT"), glossary_entry("PCG")
    assert "from 2002 until" not in pct and "from 2000" in pct and "April 2002" in pct
    assert "abolished in 2002" not in pcg and "2000 and 2002" in pcg


def test_M5_glossary_the_2012_act_created_the_nhs_commissioning_board():
    act = glossary_entry("Health and Social Care Act 2012")
    assert "created the NHS Commissioning Board" in act
    assert "NHS Commissioning Board" in glossary_entry("NHS England")


def test_M6_glossary_monitor_entry_covers_its_role_after_2012():
    monitor = glossary_entry("Monitor")
    assert "Health and Social Care Act 2012" in monitor
    assert "licensing providers" in monitor and "NHS Improvement" in monitor


def test_M7_year_only_reorganisations_are_placed_on_1_april_as_sourced():
    from nhsreform.models import reorganisation_disruption as rd

    assert rd.YEAR_ONLY_MONTH == 4
    rows = rd.england_reorganisations()
    assumed = rows.loc[rows["date_assumed"], "model_date"]
    assert sorted(assumed.dt.strftime("%Y-%m-%d")) == ["1996-04-01", "1999-04-01"]
    ch5 = normalise(markdown(CH5))
    assert "places them in July" not in ch5
    assert "si1996_709" in ch5 and "hfnavigator_pcgs" in ch5
    card = (ROOT / "nhsreform" / "datasets" / "nhs_reorganisations_1974_2022.md").read_text(encoding="utf-8")
    assert "in July)" not in card and "1 April 1996" in card


def test_M8_integrated_care_boards_not_systems_replaced_the_ccgs():
    text = normalise(markdown(CH5))
    assert "replacing the CCGs" not in text
    assert "integrated care boards replaced the CCGs" in text


def test_M9_the_tariff_is_not_described_as_the_same_price_everywhere():
    everything = " ".join([*all_markdown().values(), *bank_texts().values()])
    everything = normalise(everything)
    assert "same price for the same treatment" not in everything
    assert "same tariff for the same treatment" not in everything


def test_M10_facts_in_quiz_feedback_are_taught_in_the_chapter():
    assert "hospital bed use falling by over 50%" in normalise(bank_texts()["ch01"])
    assert "hospital bed use fell by over 50%" in normalise(markdown(CH1))
    assert "skilled clinical leaders to work alongside experienced managers" in normalise(
        bank_texts()["ch05"]
    )
    assert "skilled clinical leaders working alongside experienced managers" in normalise(markdown(CH5))


def test_M11_the_students_guide_does_not_promise_a_tolerance_every_question_has():
    exact = [
        (p.stem, q["id"])
        for p in BANKS
        for q in yaml.safe_load(p.read_text("utf-8"))["questions"]
        if q["type"] == "numeric" and q.get("tolerance", 0) == 0
    ]
    text = normalise((ROOT / "students.md").read_text(encoding="utf-8"))
    if exact:
        assert "; number questions accept a small tolerance" not in text, exact
        assert "some number questions accept a small tolerance" in text


def test_M12_the_weighing_table_uses_one_measure_per_cell():
    table = section(markdown(CH2), "## Weighing the argument", "## Check your understanding")
    first = next(line for line in table.splitlines() if "January–March 2003" in line)
    assert "82.4% of patients were within four hours" in first
    assert "17.6% of patients waited more than four hours" not in first


def test_M13_equal_budget_conclusion_matches_the_model():
    from nhsreform.models import inspection_accuracy as ia

    text = normalise(markdown(CH3))
    assert "barely help" not in text
    table = ia.equal_budget_table()
    fast = [c for c in table.columns if c[0].startswith("drift 0.6") and c[1].startswith("failing")][0]
    rare, yearly = table[fast].iloc[2], table[fast].iloc[0]
    assert rare > yearly + 10  # rare deep visits do clearly worse when quality drifts fast
    assert f"about {rare:.0f}% of failing organisations rated good, against about {yearly:.0f}%" in text
    assert "At the default drift the three regimes are roughly equal" in text


def test_M14_the_inspectors_are_dated():
    ch3 = normalise(markdown(CH3))
    for fact in ("Health Act 1999", "April 2000", "1 April 2004", "1 April 2009"):
        assert fact in ch3, fact
    right = next(o for o in question("ch03", "succession")["options"] if o.get("correct"))
    assert "April 2004" in right["feedback"] and "April 2009" in right["feedback"]


def test_M15_glossary_istcs_were_mainly_about_capacity():
    assert "capacity" in glossary_entry("independent sector treatment centre")


def test_M16_hcai_card_names_public_health_england():
    card = (ROOT / "nhsreform" / "datasets" / "hcai_mrsa_cdiff_2007_2016.md").read_text(encoding="utf-8")
    publisher = next(line for line in card.splitlines() if line.startswith("| Publisher"))
    assert "Public Health England" in publisher


def test_M17_markets_are_not_called_twenty_continuous_years():
    for name, text in all_markdown().items():
        assert "For about twenty years" not in text, name
    assert "In two eras" in markdown(CH4)


def test_M18_the_rtt_fall_is_read_as_a_new_collection():
    text = normalise(markdown(CH2))
    assert "new measurement in 2007" in text and "hansard2008rtt" in text
    assert "clean-up of the lists" in text


def test_M19_exercise_1_says_its_data_postdate_the_report():
    text = normalise(section(markdown(EX1), "## What the data can and cannot tell you", "## Discussion"))
    assert "These data come after the report" in text and "June 2014" in text


# --------------------------------------------------------------------------------------------
# References (M20) and citations


def _entries():
    for path in BIB_FILES:
        for key, entry in parse_file(str(path)).entries.items():
            yield path.name, key, entry


def test_M20_every_bibliography_entry_has_a_title():
    untitled = [f"{name}:{key}" for name, key, e in _entries() if not e.fields.get("title", "").strip()]
    assert not untitled, f"entries without a title: {untitled}"


def test_M20_every_personal_author_has_initials_or_given_names():
    bare = []
    for name, key, entry in _entries():
        for role, people in entry.persons.items():
            for person in people:
                corporate = (
                    len(person.last_names) == 1
                    and person.last_names[0].startswith("{")
                    and not person.first_names
                )
                if str(person) == "others" or corporate:
                    continue
                if not (person.first_names or person.middle_names):
                    bare.append(f"{name}:{key}:{role}:{person}")
    assert not bare, f"authors or editors with a surname only: {bare}"


def test_every_cited_key_is_in_the_bibliography():
    keys = {key.lower() for _, key, _ in _entries()}
    cited = set()
    for text in all_markdown().values():
        for group in re.findall(r"\{(?:foot)?cite(?::[pt])?\}`([^`]+)`", text):
            cited |= {k.strip().lower() for k in group.split(",")}
    missing = sorted(cited - keys)
    assert cited and not missing, f"cited but not in any .bib file: {missing}"


@pytest.mark.parametrize(
    "key",
    [
        "dh2004mrsa",
        "hfnavigator_mrsa",
        "guardian2003stars",
        "bbc2004starsqa",
        "patterson2003chi",
        "si1996_709",
        "hfnavigator_pcgs",
        "wilkin2001tackling",
        "hsca2012notes",
        "healthcommittee2006istc",
    ],
)
def test_sources_added_for_the_fact_check_say_what_was_checked(key):
    entry = next(e for _, k, e in _entries() if k == key)
    assert entry.fields.get("title") and (entry.fields.get("url") or entry.fields.get("doi"))
    assert len(entry.fields.get("note", "")) > 20, "each added source notes what was checked in it"


# --------------------------------------------------------------------------------------------
# Second fact-check (F = finding number in the reviewer's list)


def _equal_budget_fast_drift():
    """Failing organisations rated good (%) at the table's fastest drift: (yearly 1-day, 5-yearly 5-day)."""
    from nhsreform.models import inspection_accuracy as ia

    table = ia.equal_budget_table()
    fastest = max({c[0] for c in table.columns}, key=lambda c: float(c.split()[1]))
    column = next(c for c in table.columns if c[0] == fastest and c[1].startswith("failing"))
    return table[column].iloc[0], table[column].iloc[-1]


def test_F1_equal_budget_quiz_feedback_says_rare_deep_visits_do_worse():
    yearly, rare = _equal_budget_fast_drift()
    assert rare > yearly + 10
    fast = next(
        o
        for o in question("ch03", "equal-budget")["options"]
        if o["text"].startswith("When true quality drifts fast")
    )
    feedback = normalise(fast["feedback"])
    assert "barely help" not in feedback
    assert "do clearly worse" in feedback
    assert f"about {rare:.0f}% of failing organisations rated good, against about {yearly:.0f}%" in feedback
    assert "At the default drift the three regimes are roughly equal" in feedback
    for text in bank_texts().values():
        assert "barely help" not in text


def test_F2_the_hes_and_quarterly_returns_gap_is_hedged_not_denied():
    ch2 = normalise(markdown(CH2))
    assert "The gap is a lesson about measurement; on its own, it is not evidence of gaming." in ch2
    assert "measurement; it is not evidence of gaming" not in ch2


def test_F6_the_timeline_places_year_only_reorganisations_where_the_model_does():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from nhsreform.charts import reorganisations
    from nhsreform.data import load_dataset
    from nhsreform.models import reorganisation_disruption as rd

    # one constant, shared with the model, not a second copy
    assert reorganisations.YEAR_ONLY_MONTH is rd.YEAR_ONLY_MONTH
    assert not re.search(
        r"^YEAR_ONLY_MONTH\s*=", (ROOT / "nhsreform/charts/reorganisations.py").read_text(), re.M
    )

    timeline = load_dataset(rd.TIMELINE)
    fig, alt = reorganisations.plot_timeline(timeline)
    try:
        placed = {}
        for collection in fig.axes[0].collections:
            for x, y in collection.get_offsets():
                placed[int(round(y))] = float(x)
    finally:
        plt.close(fig)
    model_dates = rd.england_reorganisations().set_index("year")["model_date"]
    year_only = timeline["date"].isna()
    structural = timeline["course_classification"] == reorganisations.STRUCTURAL
    checked = []
    for i in timeline.index[year_only & structural]:
        year = int(timeline.at[i, "year"])
        d = model_dates.loc[year]
        assert d.month == rd.YEAR_ONLY_MONTH and d.day == 1
        assert placed[i] == pytest.approx(d.year + (d.day_of_year - 1) / 365.25), year
        checked.append(year)
    assert checked == [1996, 1999]
    for i in timeline.index[year_only & ~structural]:
        assert placed[i] == pytest.approx(timeline.at[i, "year"] + 0.5)
    assert "The 1996 and 1999 reorganisations, dated only by year, are placed on 1 April" in alt
    nb = json.loads((ROOT / CH5).read_text(encoding="utf-8"))
    cell = next("".join(c["source"]) for c in nb["cells"] if "plot_timeline(" in "".join(c["source"]))
    caption = re.sub(r'"\s*"', "", cell)  # join the caption's implicitly concatenated strings
    assert "The 1996 and 1999 reorganisations, dated only by year, are placed on 1 April" in caption
    assert "Rows whose source gives no day are placed at mid-year" not in caption


def test_F11_the_independence_takeaway_is_the_courses_reading():
    takeaways = normalise(section(markdown(CH3), "## Key takeaways", "\n\n## "))
    assert "on our reading, an argument for inspection at arm's length from ministers" in takeaways
    assert "compiled them: an argument for" not in takeaways


UNCITED_BEFORE = {
    "wilkin2001tackling": ["PCT", "PCG"],
    "hsca2012notes": ["Monitor"],
    "hfnavigator_nhsi": ["Monitor"],
    "healthcommittee2006istc": ["independent sector treatment centre"],
}


@pytest.mark.parametrize("key, terms", UNCITED_BEFORE.items(), ids=list(UNCITED_BEFORE))
def test_F7_glossary_sources_are_cited_where_their_claims_are_made(key, terms):
    for term in terms:
        cites = re.findall(r"\{cite:p\}`([^`]+)`", glossary_entry(term))
        keys = {k.strip() for group in cites for k in group.split(",")}
        # the bibliography page lists every work under the key prefix "all-"
        assert f"all-{key}" in keys, (term, keys)


def test_F7_glossary_citations_resolve_to_the_bibliography_page():
    text = (ROOT / "bibliography.md").read_text(encoding="utf-8")
    assert ":keyprefix: all-" in text
    known = {k.lower() for _, k, _ in _entries()}
    glossary = (ROOT / "glossary.md").read_text(encoding="utf-8")
    cited = {k.strip() for g in re.findall(r"\{cite:[pt]\}`([^`]+)`", glossary) for k in g.split(",")}
    assert cited
    for key in cited:
        assert key.startswith("all-") and key[4:].lower() in known, key


def test_F7_the_hcai_card_names_the_hpa_annual_report():
    card = (ROOT / "nhsreform" / "datasets" / "hcai_mrsa_cdiff_2007_2016.md").read_text(encoding="utf-8")
    publisher = next(line for line in card.splitlines() if line.startswith("| Publisher"))
    entry = next(e for _, k, e in _entries() if k == "hpa2013annualreport")
    assert entry.fields["title"].replace("{", "").replace("}", "") in publisher
    assert entry.fields["type"] in publisher


def test_F9_the_cqc_takeover_also_cites_the_2008_act():
    entry = next(e for _, k, e in _entries() if k == "hsca2008s1")
    assert entry.fields["url"] == "https://www.legislation.gov.uk/ukpga/2008/14/section/1"
    for name, text in all_markdown().items():
        for group in re.findall(r"\{footcite:p\}`([^`]+)`", text):
            keys = [k.strip() for k in group.split(",")]
            if "hfnavigator_hsca2008" in keys:
                assert "hsca2008s1" in keys, name
