"""The soundtrack, synthesised here (no recorded audio): chords, bass and arpeggio fitted to the video, fading out."""

from __future__ import annotations

import io
import wave

import numpy as np

from poc_tracker.video.templates import Template

RATE = 48_000
PROGRESSION = ((0, 4, 7), (7, 11, 14), (9, 12, 16), (5, 9, 12))  # I – V – vi – IV, semitones above the key


def _hz(midi: float) -> np.ndarray | float:
    return 440.0 * 2 ** ((midi - 69) / 12)


def _envelope(n: int, attack: float, decay: float) -> np.ndarray:
    t = np.arange(n) / RATE
    return np.minimum(1.0, t / max(attack, 1e-3)) * np.exp(-t / decay)


def synthesize(template: Template, seconds: float) -> np.ndarray:
    """Stereo float samples in [-1, 1] for exactly ``seconds``; the same input always gives the same sound."""
    n = round(seconds * RATE)
    out = np.zeros((n, 2), dtype=np.float64)
    beat = 60.0 / template.tempo
    bar = 4 * beat
    t_all = np.arange(n) / RATE
    for k in range(int(seconds / bar) + 1):
        start = round(k * bar * RATE)
        if start >= n:
            break
        chord = PROGRESSION[k % len(PROGRESSION)]
        length = min(n - start, round(bar * RATE))
        t = t_all[start : start + length]
        pad = sum(np.sin(2 * np.pi * _hz(template.root + s) * t) for s in chord) / 3
        pad *= _envelope(length, 0.4, 6.0) * 0.22
        bass = np.sin(2 * np.pi * _hz(template.root - 12 + chord[0]) * t) * _envelope(length, 0.01, 0.9) * 0.3
        out[start : start + length, 0] += pad + bass
        out[start : start + length, 1] += pad * 0.9 + bass
        for step in range(8):  # eighth-note arpeggio, panned a little from side to side
            a = start + round(step * beat / 2 * RATE)
            if a >= n:
                break
            m = min(n - a, round(beat / 2 * RATE))
            note = template.root + 12 + chord[step % 3] + (12 if step in (3, 7) else 0)
            tt = np.arange(m) / RATE
            tri = 2 / np.pi * np.arcsin(np.sin(2 * np.pi * _hz(note) * tt))
            pluck = tri * _envelope(m, 0.005, 0.18) * 0.12
            pan = 0.5 + 0.3 * np.sin(step * np.pi / 4)
            out[a : a + m, 0] += pluck * (1 - pan) * 2
            out[a : a + m, 1] += pluck * pan * 2
    fade_in = np.minimum(1.0, t_all / 0.4)
    fade_out = np.clip((seconds - t_all) / min(3.0, seconds / 3), 0.0, 1.0)
    out *= (fade_in * fade_out)[:, None]
    peak = np.abs(out).max() or 1.0
    return out / peak * 0.7


def wav_bytes(samples: np.ndarray) -> bytes:
    """16-bit stereo WAV."""
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(2)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes((np.clip(samples, -1, 1) * 32767).astype("<i2").tobytes())
    return buf.getvalue()
