"""Report charts: count axes with exact whole labels, so a bar's height matches the gridline it reaches."""

from __future__ import annotations

import re
from datetime import date

import pytest

from poc_tracker.reports.charts import axis_top, series_chart
from poc_tracker.reports.model import Series


@pytest.mark.parametrize(
    ("peak", "top"), [(0, 4), (1, 4), (3, 4), (4, 4), (5, 8), (9, 12), (37, 40), (120, 120), (121, 160), (999, 1000)]
)
def test_the_axis_top_is_four_whole_steps_at_or_above_the_peak(peak: int, top: int):
    assert axis_top(peak) == top
    assert (top / 4) == int(top / 4)


def test_a_bar_of_three_reaches_the_gridline_labelled_three():
    svg = series_chart(
        [Series("pocsCreated", "POCs criadas", [(date(2026, 9, 1), 0), (date(2026, 10, 1), 3)], 0)], "pt_BR"
    )
    labels = {
        text: float(y) - 4
        for y, text in re.findall(r"<text x='[\d.]+' y='([\d.]+)' text-anchor='end'[^>]*>([^<]+)<", svg)
    }
    bar = [
        r for r in re.findall(r"<rect x='[\d.]+' y='([\d.]+)' width='[\d.]+' height='([\d.]+)'", svg) if float(r[1]) > 0
    ]
    assert list(labels) == ["4", "3", "2", "1", "0"]
    assert abs(float(bar[0][0]) - labels["3"]) < 0.2  # the bar's top sits on the "3" gridline
