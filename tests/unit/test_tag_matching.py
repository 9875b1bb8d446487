"""The tag matcher: accents and case ignored, one typo within the typed prefix forgiven, never two."""

from __future__ import annotations

import pytest

from poc_tracker.services.tag_matching import fold, match_tags, prefix_distance


def test_fold_drops_accents_case_and_extra_spaces():
    assert fold("  Autenticação   Segura ") == "autenticacao segura"
    assert fold("ÇÃO") == "cao"
    assert fold("Straße") == "strasse"


@pytest.mark.parametrize(
    ("typed", "word"),
    [
        ("autent", "autenticacao"),  # exact prefix
        ("autenticacao", "autenticacao"),  # the whole word
        ("", "python"),  # nothing typed matches everything
    ],
)
def test_exact_prefixes_cost_nothing(typed, word):
    assert prefix_distance(typed, word) == 0


@pytest.mark.parametrize(
    ("typed", "word"),
    [
        ("autxnt", "autenticacao"),  # substitution
        ("autnt", "autenticacao"),  # deletion (a letter left out)
        ("autennt", "autenticacao"),  # insertion (a letter too many)
        ("auetnt", "autenticacao"),  # transposition of neighbours
        ("pyhton", "python"),
        ("pythonn", "python"),  # one letter past the end of the word
    ],
)
def test_one_typo_costs_one(typed, word):
    assert prefix_distance(typed, word) == 1


@pytest.mark.parametrize(
    ("typed", "word"),
    [
        ("axtxnt", "autenticacao"),
        ("atnetic", "autenticacao"),
        ("pyhtno", "python"),
        ("rust", "python"),
    ],
)
def test_two_typos_exceed_the_limit(typed, word):
    assert prefix_distance(typed, word) == 2


def test_the_distance_is_bounded_by_the_limit():
    assert prefix_distance("zzzzzzzz", "python", limit=1) == 2
    assert prefix_distance("pyhtno", "python", limit=2) == 2


COUNTS = [("autenticação", 3), ("autorização", 5), ("automação", 1), ("python", 9), ("autenticacão-2fa", 1)]


def test_accents_and_case_are_ignored():
    assert [m.tag for m in match_tags("AUTENTICACAO", COUNTS, 10)] == ["autenticação", "autenticacão-2fa"]


def test_exact_prefixes_rank_first_then_by_count():
    found = match_tags("auto", COUNTS, 10)
    assert [(m.tag, m.typos) for m in found][:2] == [("autorização", 0), ("automação", 0)]
    assert all(m.typos == 1 for m in found[2:])
    assert {m.tag for m in found[2:]} == {"autenticação", "autenticacão-2fa"}  # "auto" → "aute", one edit


def test_one_typo_matches_and_two_do_not():
    assert [m.tag for m in match_tags("autneticacao", COUNTS, 10)] == ["autenticação", "autenticacão-2fa"]
    assert match_tags("atnetciacao", COUNTS, 10) == []


def test_short_prefixes_match_exactly_only():
    assert [m.tag for m in match_tags("py", COUNTS, 10)] == ["python"]
    assert match_tags("px", COUNTS, 10) == []
    assert [m.tag for m in match_tags("pyx", COUNTS, 10)] == ["python"]


def test_limit_and_empty_prefix():
    assert [m.tag for m in match_tags("", COUNTS, 2)] == ["python", "autorização"]
    assert len(match_tags("a", COUNTS, 10)) == 4
