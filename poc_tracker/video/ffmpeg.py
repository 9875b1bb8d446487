"""A small typed wrapper around the ffmpeg and ffprobe command lines (Debian's ffmpeg)."""

from __future__ import annotations

import contextlib
import json
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from types import TracebackType


class FfmpegError(RuntimeError):
    """ffmpeg failed; the message carries the end of its log."""


def binary(name: str = "ffmpeg") -> str:
    """The path of ffmpeg or ffprobe; a clear error when it is not installed."""
    path = shutil.which(name)
    if path is None:
        raise FfmpegError(f"{name} is not installed (apt-get install ffmpeg; scripts/bootstrap.sh does it)")
    return path


@dataclass(frozen=True)
class EncodeSpec:
    """Raw yuv420p frames on stdin plus a WAV file in, an H.264/AAC MP4 out."""

    width: int
    height: int
    fps: int
    audio: Path
    output: Path
    crf: int = 21
    preset: str = "veryfast"
    threads: int = 0  # 0: x264 decides

    def args(self) -> list[str]:
        """The command line."""
        return [
            binary(), "-hide_banner", "-loglevel", "error", "-y",
            "-f", "rawvideo", "-pix_fmt", "yuv420p", "-s", f"{self.width}x{self.height}", "-r", str(self.fps),
            "-i", "pipe:0",
            "-i", str(self.audio),
            "-map", "0:v:0", "-map", "1:a:0",
            "-c:v", "libx264", "-preset", self.preset, "-crf", str(self.crf), "-pix_fmt", "yuv420p",
            "-threads", str(self.threads),
            "-colorspace", "bt709", "-color_primaries", "bt709", "-color_trc", "bt709", "-color_range", "tv",
            "-c:a", "aac", "-b:a", "160k",
            "-shortest", "-movflags", "+faststart", "-f", "mp4",
            str(self.output),
        ]  # fmt: skip


class Encoder:
    """Feeds frames to one ffmpeg process; ``with Encoder(spec) as enc: enc.write(frame)``."""

    def __init__(self, spec: EncodeSpec) -> None:
        self.spec = spec
        self._log = tempfile.TemporaryFile()  # noqa: SIM115 - closed in _finish or __exit__; a file, not a pipe: ffmpeg's log can never block the frame writes
        self._proc = subprocess.Popen(spec.args(), stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=self._log)  # noqa: S603

    def write(self, frame: bytes) -> None:
        """One raw frame."""
        assert self._proc.stdin is not None
        try:
            self._proc.stdin.write(frame)
        except BrokenPipeError:
            self._finish()
            raise FfmpegError("ffmpeg stopped reading frames") from None

    def _finish(self) -> None:
        if self._proc.stdin and not self._proc.stdin.closed:
            with contextlib.suppress(BrokenPipeError):
                self._proc.stdin.close()
        code = self._proc.wait()
        self._log.seek(0)
        log = self._log.read().decode("utf-8", "replace")[-2000:]
        self._log.close()
        if code != 0:
            raise FfmpegError(f"ffmpeg exited with {code}: {log.strip()}")

    def __enter__(self) -> Encoder:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        if kind is not None:
            self._proc.kill()
            self._proc.wait()
            self._log.close()
            return
        self._finish()


@dataclass(frozen=True)
class Probe:
    """What ffprobe says about a file."""

    duration: float
    width: int
    height: int
    video_codec: str
    pix_fmt: str
    fps: Fraction
    audio_codec: str | None


def probe(path: Path) -> Probe:
    """Streams and duration of a media file."""
    out = subprocess.run(  # noqa: S603
        [binary("ffprobe"), "-v", "error", "-print_format", "json", "-show_format", "-show_streams", str(path)],
        capture_output=True,
        check=True,
        timeout=60,
    )
    info = json.loads(out.stdout)
    video = next(s for s in info["streams"] if s["codec_type"] == "video")
    audio = next((s for s in info["streams"] if s["codec_type"] == "audio"), None)
    return Probe(
        duration=float(info["format"]["duration"]),
        width=int(video["width"]),
        height=int(video["height"]),
        video_codec=video["codec_name"],
        pix_fmt=video["pix_fmt"],
        fps=Fraction(video["avg_frame_rate"]),
        audio_codec=audio["codec_name"] if audio else None,
    )


def frame_at(path: Path, frame: int, fps: int, size: tuple[int, int]) -> bytes:
    """One decoded frame (by number) as raw RGB bytes."""
    out = subprocess.run(  # noqa: S603
        [
            binary(),
            "-v",
            "error",
            "-i",
            str(path),
            "-vf",
            f"select=eq(n\\,{frame}),scale=in_color_matrix=bt709:in_range=tv",
            "-vframes",
            "1",
            "-f",
            "rawvideo",
            "-pix_fmt",
            "rgb24",
            "pipe:1",
        ],
        capture_output=True,
        check=True,
        timeout=120,
    )
    expected = size[0] * size[1] * 3
    if len(out.stdout) != expected:
        raise FfmpegError(f"frame {frame}: {len(out.stdout)} bytes, expected {expected}")
    return out.stdout
