"""The search language and safe highlighting, without any backend."""

from __future__ import annotations

from poc_tracker.search.highlight import CLOSE, OPEN, highlight, mark_safe
from poc_tracker.search.query import Term, parse
from poc_tracker.search.text import stem, words


def test_words_phrases_exclusions_and_or():
    q = parse('cache "fila de mensagens" -redis kafka OR rabbitmq autent*')
    assert q.clauses == [
        [Term("cache")],
        [Term("fila de mensagens", phrase=True)],
        [Term("kafka"), Term("rabbitmq")],
        [Term("autent", prefix=True)],
    ]
    assert q.excluded == [Term("redis")]
    assert q.text == "cache fila de mensagens kafka autent"


def test_inline_filters_in_portuguese_or_english():
    q = parse('api linguagem:Python tag:API autor:"Ana Souza" status:concluída decisão:no-go ano:2025 -tag:pix')
    assert q.filters == {
        "language": ["python"],
        "tag": ["api"],
        "owner": ["ana souza"],
        "status": ["done"],
        "decision": ["no_go"],
        "year": ["2025"],
        "-tag": ["pix"],
    }
    assert [t.text for t in q.terms()] == ["api"]


def test_odd_input_becomes_plain_words():
    q = parse('http://x.y c++: "unclosed OR -')
    assert [t.text for t in q.terms()] == ["http://x.y", "c++:", "unclosed OR -"]
    assert parse("").clauses == [] and parse(None).text == ""
    assert parse("OR OR -").clauses == []


def test_accents_case_and_portuguese_stems():
    assert words("Ação, INTEGRAÇÃO_sefaz") == ["acao", "integracao", "sefaz"]
    assert stem("testes") == stem("teste") == stem("testando")


def test_highlight_escapes_first_and_marks_after():
    html = highlight('<img src=x onerror="alert(1)"> Busca rápida', {"busc"} | {stem("busca")})
    assert html == "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; <mark>Busca</mark> rápida"
    assert mark_safe(f"<b>{OPEN}x{CLOSE}</b>") == "&lt;b&gt;<mark>x</mark>&lt;/b&gt;"
    assert highlight("nada aqui", {"outro"}) is None


def test_a_fragment_of_a_long_text_is_around_the_first_match():
    text = "x " * 500 + "o imposto devido" + " y" * 500
    fragment = highlight(text, {stem("imposto")}, size=60)
    assert fragment.startswith("…") and fragment.endswith("…") and "<mark>imposto</mark>" in fragment
    assert len(fragment) < 120


def test_highlight_finds_accented_forms_stems_and_prefixes_only_at_word_starts():
    wanted = {"integracao", stem("integracao"), "teste", stem("teste")}
    html = highlight("INTEGRAÇÃO e Integração; os TESTES reintegração", wanted, prefixes=("reint",))
    assert html == (
        "<mark>INTEGRAÇÃO</mark> e <mark>Integração</mark>; os <mark>TESTES</mark> <mark>reintegração</mark>"
    )
    assert highlight("contestes e atestado", {"teste", stem("teste")}) is None
    assert highlight("İstanbul teste", {"teste"}) == "İstanbul <mark>teste</mark>"


def test_byte_search_and_regex_find_the_same_word_starts():
    from poc_tracker.search.highlight import _candidates, _starts

    text = "Ação, AÇÃO e reação; _acao x-acao 2acao ÀÇÃO ªcao testes de desde DE De Ça"
    for wanted, prefixes in ((frozenset({"acao", "aca"}), ()), (frozenset({"de"}), ("tes",)), (frozenset({"ca"}), ())):
        assert _candidates(text, wanted, prefixes) == [m.start() for m in _starts(wanted, prefixes).finditer(text)]


def test_function_words_are_marked_only_when_nothing_else_was_typed():
    from poc_tracker.search.common import wanted

    marks, _ = wanted(parse('"teste de carga" para'))
    assert "de" not in marks and "para" not in marks and {"teste", stem("teste"), "carga"} <= marks
    assert wanted(parse("de"))[0] == {"de", stem("de")}


def test_did_you_mean_tries_only_options_of_a_fitting_length_and_finds_what_difflib_finds() -> None:
    import difflib
    import random

    from poc_tracker.search.common import _closest, did_you_mean

    rng = random.Random(4)
    letters = "abcdeilmnorstuç"
    options = ["".join(rng.choice(letters) for _ in range(rng.randint(2, 14))) for _ in range(500)]
    for _ in range(300):
        typed = "".join(rng.choice(letters) for _ in range(rng.randint(1, 14)))
        for cutoff in (0.7, 0.75):
            expected = difflib.get_close_matches(typed, options, n=1, cutoff=cutoff)
            assert _closest(typed, options, cutoff) == (expected[0] if expected else None)
    assert did_you_mean("mensageira", [], ["mensageria"]) == "mensageria"
    assert did_you_mean("fila de mensgens", [], [], folded=["fila de mensagens"]) == "fila de mensagens"
    assert did_you_mean("kafka", [], [], folded=["fila kafka"]) is None
