"""Frames: deterministic, every template fills both formats, user text is drawn as text, yuv matches RGB."""

from __future__ import annotations

import hashlib
from dataclasses import replace

import numpy as np
import pytest
from PIL import Image

from poc_tracker.video.audio import RATE, synthesize
from poc_tracker.video.branding import Brand
from poc_tracker.video.frames import Renderer, to_yuv420
from poc_tracker.video.render import card, frame_size
from poc_tracker.video.sample import sample_stats
from poc_tracker.video.story import build_story
from poc_tracker.video.templates import TEMPLATES


def _digest(img: Image.Image) -> str:
    return hashlib.sha256(img.tobytes()).hexdigest()


@pytest.mark.parametrize("template", sorted(TEMPLATES))
def test_same_data_and_template_give_identical_frames(template):
    story = build_story(sample_stats(), pace=0.2)
    a = Renderer(story, TEMPLATES[template], Brand(), frame_size("vertical", 0.2))
    b = Renderer(story, TEMPLATES[template], Brand(), frame_size("vertical", 0.2))
    for f in (0, 3, story.starts()[2] + 1, story.frames - 1):
        assert _digest(a.frame(f)) == _digest(b.frame(f))


def test_templates_look_different_and_stills_fill_the_frame():
    story = build_story(sample_stats())
    stills = {k: Renderer(story, t, Brand(), frame_size("horizontal", 0.2)).stills() for k, t in TEMPLATES.items()}
    assert len({_digest(s[1]) for s in stills.values()}) == 3
    for frames in stills.values():
        assert all(s.size == (384, 216) for s in frames)
        assert len({_digest(s) for s in frames}) == len(frames)  # every scene is its own picture


def test_only_entrances_and_exits_move():
    story = build_story(sample_stats())
    r = Renderer(story, TEMPLATES["aurora"], Brand(), frame_size("vertical", 0.1))
    moving = sum(not r.is_still(f) for f in range(story.frames))
    assert 0 < moving < story.frames * 0.35
    mid = story.starts()[1] + story.scenes[1].frames // 2
    assert r.is_still(mid) and not r.is_still(story.starts()[1])


def test_markup_in_user_text_is_drawn_literally():
    plain = build_story(replace(sample_stats(), name="<b>Bia</b>"))
    r = Renderer(plain, TEMPLATES["neon"], Brand(), frame_size("vertical", 0.3))
    other = Renderer(
        build_story(replace(sample_stats(), name="Bia")), TEMPLATES["neon"], Brand(), frame_size("vertical", 0.3)
    )
    assert _digest(r.stills()[0]) != _digest(other.stills()[0])  # the tags are characters on screen


def test_yuv_conversion_is_bt709_limited_range():
    img = Image.new("RGB", (4, 4), (255, 0, 0))
    data = to_yuv420(img)
    assert len(data) == 4 * 4 * 3 // 2
    assert data[0] == 63 and data[16] == 103 and data[20] == 240


def test_soundtrack_fits_the_length_fades_out_and_is_deterministic():
    a = synthesize(TEMPLATES["papel"], 5.0)
    assert a.shape == (5 * RATE, 2)
    assert np.array_equal(a, synthesize(TEMPLATES["papel"], 5.0))
    assert np.abs(a[-200:]).max() < 0.01 and np.abs(a[RATE : 2 * RATE]).max() > 0.1


def test_social_card_is_1200_by_630():
    import io

    png = card(build_story(sample_stats()), TEMPLATES["aurora"], Brand())
    assert Image.open(io.BytesIO(png)).size == (1200, 630)
