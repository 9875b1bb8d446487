"""Benchmark: render the Retrospectiva of a ~45 s year at 1080×1920 and 1920×1080, both at once as the worker does.

Prints each format's wall time, the wall time of both together and the ratio to the video's length.
Target: both formats of a 45 s video in under 90 s of wall time on 2 cores.

    python bench/video.py                    # aurora, both formats in parallel
    python bench/video.py --template neon --serial
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from poc_tracker.video.branding import Brand
from poc_tracker.video.ffmpeg import probe
from poc_tracker.video.render import render_video
from poc_tracker.video.sample import sample_stats
from poc_tracker.video.story import build_story
from poc_tracker.video.templates import TEMPLATES


def _one(template: str, fmt: str, out: str) -> tuple[str, float, float]:
    story = build_story(sample_stats(), "pt_BR")
    start = time.perf_counter()
    render_video(story, TEMPLATES[template], Brand(), fmt, Path(out))
    return fmt, time.perf_counter() - start, probe(Path(out)).duration


def main() -> None:
    """Run the bench and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--template", default="aurora", choices=sorted(TEMPLATES))
    parser.add_argument("--serial", action="store_true", help="one format after the other")
    args = parser.parse_args()
    story = build_story(sample_stats(), "pt_BR")
    print(f"video: {story.seconds:.1f} s, {story.frames} frames, {len(story.scenes)} scenes, template {args.template}")
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at start")
    with tempfile.TemporaryDirectory() as tmp:
        jobs = [(args.template, f, str(Path(tmp) / f"{f}.mp4")) for f in ("vertical", "horizontal")]
        start, cpu0 = time.perf_counter(), os.times()
        if args.serial:
            results = [_one(*j) for j in jobs]
        else:
            with ProcessPoolExecutor(max_workers=2) as pool:
                results = list(pool.map(_one, *zip(*jobs, strict=True)))
        wall, cpu1 = time.perf_counter() - start, os.times()
    for fmt, seconds, duration in results:
        print(f"{fmt:>10}: {seconds:6.1f} s wall for {duration:.2f} s of video (ratio {seconds / duration:.2f})")
    cpu = (cpu1.children_user + cpu1.children_system) - (cpu0.children_user + cpu0.children_system)
    print(f"both formats: {wall:.1f} s wall (target < 90 s), ratio {wall / story.seconds:.2f}; CPU {cpu:.1f} s")
    print(f"load average at the end {os.getloadavg()[0]:.1f} (other sessions share the machine)")


if __name__ == "__main__":
    main()
