"""Values shown to people are names, not the stored ones: the diff's choices, the plan, the storage bar."""

from __future__ import annotations

import pytest

from state.poc_history import shown_value
from state.profile import PLAN_LABELS, storage_share


@pytest.mark.parametrize(
    ("field", "value", "locale", "shown"),
    [
        ("decision", "pending", "pt_BR", "Pendente"),
        ("decision", "go", "en", "Go"),
        ("status", "in_progress", "pt_BR", "Em andamento"),
        ("status", "done", "en", "Done"),
        ("tags", ["api", "ml"], "pt_BR", "api, ml"),
        ("description", None, "pt_BR", "—"),
        ("name", "pending", "en", "pending"),  # a name that happens to look like a choice stays as typed
    ],
)
def test_diff_values_are_shown_by_name(field, value, locale, shown):
    assert shown_value(field, value, locale) == shown


def test_plans_have_names_in_both_languages():
    from poc_tracker.i18n import gettext

    for label in PLAN_LABELS.values():
        assert gettext(label, "pt_BR") == label and gettext(label, "en") != label


def test_storage_bar_is_a_number_and_a_tiny_use_is_nearly_empty():
    assert storage_share(13 * 1024, 1 << 40) == 0.0
    assert storage_share(512 << 20, 1 << 30) == 50.0
    assert storage_share(2 << 30, 1 << 30) == 100.0
    assert isinstance(storage_share(0, 0), float)
