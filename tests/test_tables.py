"""Tables for people (nhsreform.tables.show_table) and the parameter tables (describe)."""

from __future__ import annotations

import importlib
import re

import pandas as pd
import pytest

from nhsreform.data import load_dataset
from nhsreform.models import MODEL_MODULES, target_gaming
from nhsreform.parameters import describe
from nhsreform.tables import SPECS, course_table, show_table


def scenarios() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "trusts_met": [1.0, 21.0, 17.0],
            "real_pct": [90.55833, 94.4583, 94.45],
            "share_ok": [0.163378, 0.5, 0.643454],
            "note": ["a & b", "c", None],
        },
        index=["No target", "Low audit", "High audit"],
    )


def table(**kwargs):
    args = dict(
        columns={"trusts_met": "Trusts meeting the target", "real_pct": "Really within 4 hours (%)"},
        integers=["trusts_met"],
        decimals={"real_pct": 1},
        caption="Three scenarios",
    )
    return show_table(scenarios(), **{**args, **kwargs})


def body_rows(html: str) -> list[list[str]]:
    body = html.split("<tbody>")[1].split("</tbody>")[0]
    return [re.findall(r"<td[^>]*>(.*?)</td>", row, re.S) for row in body.split("</tr>") if "<td" in row]


def headers(html: str) -> list[str]:
    head = html.split("<thead>")[1].split("</thead>")[0]
    return [h.strip() for h in re.findall(r"<th[^>]*>(.*?)</th>", head, re.S)]


def test_index_is_hidden_unless_asked_for():
    html = table().to_html()
    assert headers(html) == ["Trusts meeting the target", "Really within 4 hours (%)"]
    assert "No target" not in html  # the pandas index is not shown
    assert "row_heading" not in html and "blank" not in html
    html = table(index="Scenario").to_html()
    assert headers(html) == ["Scenario", "Trusts meeting the target", "Really within 4 hours (%)"]
    assert [r[0].strip() for r in body_rows(html)] == ["No target", "Low audit", "High audit"]


def test_headers_are_mapped_and_only_mapped_columns_shown():
    t = table()
    assert t.columns == ["Trusts meeting the target", "Really within 4 hours (%)"]
    assert "trusts_met" not in t.to_html() and "share_ok" not in t.to_html()


def test_counts_are_whole_numbers_and_decimals_fixed():
    rows = body_rows(table().to_html())
    assert [r[0].strip() for r in rows] == ["1", "21", "17"]  # not "1.00"
    assert [r[1].strip() for r in rows] == ["90.6", "94.5", "94.5"]
    big = show_table(pd.DataFrame({"n": [12352871.0]}), integers=["n"], caption="c")
    assert big.data.iloc[0, 0] == "12,352,871"


def test_percent_and_missing_values_and_escaping():
    t = show_table(
        scenarios(),
        columns={"share_ok": "Delivered (%)", "note": "Note"},
        percent=["share_ok"],
        decimals={"share_ok": 0},
        caption="Shares & notes",
    )
    assert t.data["Delivered (%)"].tolist() == ["16", "50", "64"]
    assert t.data["Note"].tolist() == ["a & b", "c", "–"]
    html = t.to_html()
    assert "a &amp; b" in html and 'aria-label="Shares &amp; notes"' in html


def test_transpose_gives_one_column_per_scenario():
    t = table(transpose=True, index="Measure")
    assert t.columns == ["Measure", "No target", "Low audit", "High audit"]
    assert t.data.iloc[0].tolist() == ["Trusts meeting the target", "1", "21", "17"]


def test_html_wrapper_is_a_labelled_scrollable_region():
    html = table().to_html()
    assert re.search(
        r'<div class="nhs-table" role="region" aria-label="Three scenarios" tabindex="0">'
        r"\s*(<style[^>]*>.*?</style>)?\s*<table",
        html,
        re.S,
    )
    assert "<caption>Three scenarios</caption>" in html
    assert table()._repr_html_() == html
    assert html == table().to_html(), "the same table gives the same HTML (stable ids)"


def test_wide_tables_carry_a_scroll_hint_and_narrow_ones_do_not():
    narrow = show_table(pd.DataFrame({"n": [1]}), integers=["n"], caption="one number")
    assert "nhs-table--narrow" in narrow.to_html() and "Scroll sideways" not in narrow.to_html()
    medium = describe(target_gaming.PARAMETERS)  # fits a laptop's column, not a phone
    assert "nhs-table--medium" in medium.to_html() and "Scroll sideways" in medium.to_html()
    wide = course_table("competition_studies", load_dataset("competition_studies"))
    assert "nhs-table--wide" in wide.to_html() and "Scroll sideways" in wide.to_html()


@pytest.mark.parametrize(
    "kwargs, named",
    [
        (dict(columns={"real_pct": "Real", "no_such": "X"}), "no_such"),
        (dict(integers=["trusts"]), "trusts"),
        (dict(decimals={"real": 1}), "real"),
        (dict(percent=["share"]), "share"),
    ],
)
def test_unknown_column_is_a_clear_error(kwargs, named):
    with pytest.raises(ValueError, match=rf"not in the table: \['{named}'\].*trusts_met"):
        show_table(scenarios(), caption="c", **kwargs)


def test_bad_calls_are_refused():
    with pytest.raises(ValueError, match="caption"):
        show_table(scenarios(), caption=" ")
    with pytest.raises(TypeError, match="DataFrame"):
        show_table([1, 2], caption="c")
    with pytest.raises(ValueError, match="both as integers and with decimals"):
        show_table(scenarios(), integers=["real_pct"], decimals={"real_pct": 1}, caption="c")


def test_parameter_table_is_for_people():
    t = describe(target_gaming.PARAMETERS)
    assert t.columns == ["Parameter", "Unit", "Allowed range", "Default", "What it means"]
    assert len(t) == len(target_gaming.PARAMETERS)
    html = t.to_html()
    code_names = [p.name for p in target_gaming.PARAMETERS if "_" in p.name]
    assert len(code_names) > 5
    for name in code_names:
        assert name not in html, "no code names in the book"
    assert "name in code" not in html.lower()
    assert html.count("<tr>") == len(target_gaming.PARAMETERS) + 1, "one header row, no stray one"
    assert t.data.loc[t.data["Parameter"] == "Trusts", "Default"].item() == "60"


def test_parameter_table_shows_code_names_on_request():
    t = describe(target_gaming.PARAMETERS, code_names=True)
    assert t.columns[-1] == "Name in code"
    assert t.data["Name in code"].tolist() == list(target_gaming.PARAMETERS.names)


def test_codes_are_shown_as_words_and_unknown_codes_refused():
    df = pd.DataFrame({"mark": ["A", "B/C"]})
    words = {"A": "High", "B/C": "Mixed: medium and low"}
    t = show_table(df, codes={"mark": words}, caption="c")
    assert t.data["mark"].tolist() == ["High", "Mixed: medium and low"]
    with pytest.raises(ValueError, match=r"'mark' holds code\(s\) \['B/C'\]"):
        show_table(df, codes={"mark": {"A": "High"}}, caption="c")


@pytest.mark.parametrize("name", MODEL_MODULES)
def test_every_scenario_table_has_human_headers_for_every_result(name):
    """A new or renamed model output must be given a header (else it would drop out of the book)."""
    module = importlib.import_module(f"nhsreform.models.{name}")
    scenarios = module.compare_scenarios()
    assert set(SPECS[name]["columns"]) == {str(c) for c in scenarios.columns}
    t = course_table(name, scenarios)
    assert t.columns == ["Result", *[str(i) for i in scenarios.index]]
    assert "_" not in " ".join(t.data["Result"])


def test_course_data_tables_decode_confidence_marks():
    studies = course_table("competition_studies", load_dataset("competition_studies"))
    assert not any("[" in v for v in studies.data["How sure we are of what was read"])
    assert "design_group" not in studies.to_html() and "Design" in studies.columns
    timeline = course_table("nhs_reorganisations_1974_2022", load_dataset("nhs_reorganisations_1974_2022"))
    assert timeline.data["Year"].iloc[0] == "1974", "years without a thousands separator"
    assert {re.sub(r" \([ABC/]+\)$", "", v) for v in timeline.data["How sure we are of the details"]} <= {
        "High",
        "Medium",
        "Low",
        *[f"Mixed: {a} and {b}" for a in ("high", "medium", "low") for b in ("high", "medium", "low")],
    }
    with pytest.raises(ValueError, match="no table called 'nope'"):
        course_table("nope", studies.data)


def test_columns_of_sentences_get_a_wider_minimum_width():
    html = describe(target_gaming.PARAMETERS).to_html()
    assert re.search(r"td\.col4 \{\s*min-width: 11rem", html), "the 'What it means' column"
    assert not re.search(r"td\.col1 \{\s*min-width", html), "short columns keep the default width"
