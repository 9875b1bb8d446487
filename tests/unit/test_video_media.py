"""Byte ranges of video files: what a player (Safari above all) asks for."""

from __future__ import annotations

import pytest

from poc_tracker.api.media import parse_range


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (None, None),
        ("", None),
        ("bytes=0-1", (0, 1)),
        ("bytes=0-", (0, 99)),
        ("bytes=10-5000", (10, 99)),
        ("bytes=-10", (90, 99)),
        ("bytes=-500", (0, 99)),
        ("bytes=150-", (-1, -1)),
        ("bytes=0-1,5-6", None),  # several ranges: the whole file
        ("items=0-1", None),
    ],
)
def test_ranges(header, expected):
    assert parse_range(header, 100) == expected
