"""The story: scenes chosen from what exists, 30–60 s following the data, pt-BR plurals and English."""

from __future__ import annotations

from dataclasses import replace

from poc_tracker.video.captions import webvtt
from poc_tracker.video.sample import sample_stats
from poc_tracker.video.story import MAX_SECONDS, MIN_SECONDS, YearStats, build_story, persona_key


def _kinds(stats: YearStats, locale: str = "pt_BR") -> list[str]:
    return [s.kind for s in build_story(stats, locale).scenes]


def test_a_full_year_has_every_scene_and_a_length_between_30_and_60_seconds():
    story = build_story(sample_stats())
    assert [s.kind for s in story.scenes] == [
        "opening", "numbers", "languages", "highlight", "decisions", "rhythm", "collaboration", "persona", "closing",
    ]  # fmt: skip
    assert MIN_SECONDS <= story.seconds <= MAX_SECONDS


def test_scenes_with_nothing_to_show_are_skipped_and_the_video_still_lasts_30_seconds():
    empty = YearStats(year=2026, scope="me", name="Bia", tenant_name="Acme", url="https://x/")
    story = build_story(empty)
    assert [s.kind for s in story.scenes] == ["opening", "closing"]
    assert story.seconds >= MIN_SECONDS - 0.1
    no_dojos = replace(sample_stats(), dojos=0, people=(), go=0, no_go=0)
    assert "collaboration" not in _kinds(no_dojos) and "decisions" not in _kinds(no_dojos)


def test_length_follows_the_data():
    small = replace(sample_stats(), languages=(("Go", 1),), tags=(), people=("Caio",), highlight=None)
    assert build_story(small).seconds < build_story(sample_stats()).seconds


def test_portuguese_plurals_and_numbers():
    one = replace(sample_stats(), pocs=1, versions=1, files=2, dojos=1, go=1, no_go=2)
    story = build_story(one)
    numbers = next(s for s in story.scenes if s.kind == "numbers").text
    assert (numbers["value0"], numbers["label0"]) == ("1", "POC criada")
    assert numbers["label1"] == "versão salva" and numbers["label2"] == "arquivos enviados"
    assert numbers["label3"] == "Dojo realizado"
    decisions = next(s for s in story.scenes if s.kind == "decisions").text
    assert decisions["go"] == "1 seguiu em frente" and decisions["nogo"] == "2 foram descartados"
    big = build_story(replace(sample_stats(), files=1234)).scenes[1].text
    assert big["value2"] == "1.234" and big["label2"] == "arquivos enviados"


def test_english_for_english_speaking_users():
    story = build_story(replace(sample_stats(), pocs=1), "en")
    numbers = story.scenes[1].text
    assert numbers["label0"] == "POC created" and numbers["label1"] == "versions saved"
    assert story.scenes[0].text["kicker"] == "2026 Wrapped"
    rhythm = next(s for s in story.scenes if s.kind == "rhythm").text
    assert rhythm["busiest"] == "Busiest month: September"


def test_personas_follow_the_year():
    assert persona_key(sample_stats()) == "polyglot"
    assert persona_key(replace(sample_stats(), languages=(("Go", 12),))) == "dojo"
    quiet = replace(sample_stats(), languages=(("Go", 1),), dojos=0, versions=2, go=0, no_go=0, pocs=2)
    assert persona_key(quiet) == "curious"


def test_durations_are_whole_frames_and_a_small_pace_gives_a_short_video():
    story = build_story(sample_stats(), pace=0.05)
    assert story.seconds < 4 and all(s.frames >= 4 for s in story.scenes)
    assert story.frames == sum(s.frames for s in story.scenes)


def test_captions_carry_every_text_of_every_scene_as_text():
    stats = replace(sample_stats(), name="Zé <b>&</b> Ana")
    story = build_story(stats)
    vtt = webvtt(story)
    assert vtt.startswith("WEBVTT")
    assert "Zé &lt;b&gt;&amp;&lt;/b&gt; Ana" in vtt and "<b>" not in vtt
    for scene in story.scenes:
        for text in scene.text.values():
            escaped = " ".join(text.split()).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            assert escaped in vtt
    assert vtt.count(" --> ") == len(story.scenes)
