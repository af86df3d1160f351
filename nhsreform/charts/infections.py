"""Healthcare-associated infections: reported MRSA bacteraemia and C. difficile cases, England,
by financial year (2007/08 to 2015/16). Shown in chapter 3."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd

from ..style import COLOURS, check_layout, figure_size

__all__ = ["plot_infections"]


def plot_infections(hcai: pd.DataFrame, layout: str = "wide"):
    """Two line charts, MRSA bacteraemia and C. difficile (patients aged 2 and over): all reported
    cases and those apportioned to NHS trusts, side by side or (``layout="narrow"``) stacked.

    ``hcai`` is the ``hcai_mrsa_cdiff_2007_2016`` dataset. Counts, not rates. Returns
    ``(fig, alt)``.
    """
    h = hcai.set_index("financial_year")
    wide = check_layout(layout) == "wide"
    fig, (ax, bx) = plt.subplots(
        *((1, 2) if wide else (2, 1)), figsize=figure_size(4.4 if wide else 7.6, layout), layout="constrained"
    )
    panels = (
        (ax, "mrsa_total", "mrsa_trust_apportioned", "MRSA bacteraemia"),
        (bx, "cdiff_total_2plus", "cdiff_trust_apportioned_2plus", "C. difficile (aged 2+)"),
    )
    for axis, total, trust, title in panels:
        axis.plot(
            h.index,
            h[total].astype(float),
            marker="o",
            color=COLOURS["performance"],
            label="all reported cases",
        )
        axis.plot(
            h.index,
            h[trust].astype(float),
            marker="s",
            linestyle="--",
            color=COLOURS["target"],
            label="apportioned to NHS trusts",
        )
        axis.set(title=title, ylim=(0, None), ylabel="Cases reported")
        axis.tick_params(axis="x", rotation=45)
        axis.yaxis.set_major_formatter("{x:,.0f}")
    fig.legend(handles=ax.lines, loc="outside lower center", ncol=2 if wide else 1)

    def fall(col):
        first, last = float(h[col].iloc[0]), float(h[col].iloc[-1])
        return first, last, 100 * (first - last) / first

    m0, m1, mf = fall("mrsa_total")
    c0, c1, cf = fall("cdiff_total_2plus")
    low_year = h["mrsa_total"].astype(float).idxmin()
    cdiff = h["cdiff_total_2plus"].astype(float)
    alt = (
        f"Two line charts of reported infections in England, {h.index[0]} to {h.index[-1]}. "
        f"MRSA bacteraemia, all cases, fell from {m0:,.0f} to {m1:,.0f} ({mf:.0f}% lower), "
        f"with its lowest value, {h['mrsa_total'].min():,}, in {low_year}; cases apportioned "
        f"to trusts (from {h['mrsa_trust_apportioned'].first_valid_index()}) fell from "
        f"{h['mrsa_trust_apportioned'].dropna().iloc[0]:,} to "
        f"{h['mrsa_trust_apportioned'].iloc[-1]:,}. C. difficile in patients aged 2 and over "
        f"fell from {c0:,.0f} to {c1:,.0f} ({cf:.0f}% lower), levelling off after "
        f"{cdiff.idxmin()}, its lowest year ({cdiff.min():,.0f})."
    )
    return fig, alt
