"""Chapter 8's data figures (nhsreform.charts.integration): what is particular to them (alt text
that follows changed data, one layout, the notebooks crediting their datasets). The checks every
chart gets are in tests/test_charts.py and tests/test_figure_text.py."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from nhsreform.charts import integration  # noqa: E402
from nhsreform.data import load_dataset  # noqa: E402

# What every chart is checked for (alt text naming its values, the course palette, input left
# unchanged, readable text, credits through show_figure) is checked for these too by
# tests/test_charts.py (its CASES) and tests/test_figure_text.py; here only what is chapter 8's own.
FUNCS = ("plot_delayed_transfers", "plot_readmissions", "plot_devolution_effects")
DATASETS = (
    "delayed_transfers_of_care_monthly_2010_2017",
    "emergency_readmissions_30day_2002_2012",
    "greater_manchester_devolution_effects",
)


@pytest.mark.parametrize("func, name", list(zip(FUNCS, DATASETS, strict=True)), ids=FUNCS)
def test_single_panel_charts_have_one_layout(func, name):
    data = load_dataset(name)
    with pytest.raises(TypeError):
        getattr(integration, func)(data, layout="narrow")
    assert not plt.get_fignums()


def test_alt_text_follows_the_data():
    dtoc = load_dataset("delayed_transfers_of_care_monthly_2010_2017")
    changed = dtoc.copy()
    changed.loc[changed["month"] == "2016-12-01", "delayed_beds_total"] = 7000.0
    fig, alt = integration.plot_delayed_transfers(changed)
    plt.close(fig)
    assert "7,000.0, in December 2016" in alt and "6,660.4" not in alt
    gm = load_dataset("greater_manchester_devolution_effects")
    gm.loc[gm["outcome"] == "adult_obesity", "note"] = "2016-2020"
    fig, alt = integration.plot_devolution_effects(gm)
    plt.close(fig)
    assert "1 are changes for the worse" in alt and "Adult obesity: +7.6%;" in alt
    readm = load_dataset("emergency_readmissions_30day_2002_2012")
    col = "emergency_readmissions_30day_pct_indirectly_standardised"
    readm.loc[3, col] = 9.0
    fig, alt = integration.plot_readmissions(readm)
    plt.close(fig)
    assert "rises and falls" in alt and "9.0%" in alt


def test_chapter_and_exercise_credit_the_datasets_they_draw():
    import json
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    for path in (
        "chapters/08-complementary-approaches.ipynb",
        "exercises/08-integration-and-devolution.ipynb",
    ):
        nb = json.loads((root / path).read_text("utf-8"))
        for cell in nb["cells"]:
            src = "".join(cell["source"])
            if cell["cell_type"] == "code" and "integration.plot_" in src:
                assert "datasets=" in src and "alt=alt" in src, (path, src[:80])
