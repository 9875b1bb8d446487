"""WebVTT captions: every text a scene shows, for as long as it shows it."""

from __future__ import annotations

from poc_tracker.video.story import Story


def _ts(seconds: float) -> str:
    ms = round(seconds * 1000)
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, ms = divmod(rest, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}.{ms:03d}"


def _escape(text: str) -> str:
    """Cue text is markup in WebVTT: user text goes in as characters."""
    flat = " ".join(text.split())
    return flat.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def webvtt(story: Story) -> str:
    """One cue per scene, its texts one per line (code lines included)."""
    lines = ["WEBVTT", ""]
    for i, (scene, start) in enumerate(zip(story.scenes, story.starts(), strict=True)):
        texts = [_escape(t) for t in scene.text.values() if t.strip()]
        lines += [str(i + 1), f"{_ts(start / story.fps)} --> {_ts((start + scene.frames) / story.fps)}", *texts, ""]
    return "\n".join(lines)
