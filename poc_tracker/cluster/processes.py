"""Child processes kept alive: each in its own process group, logged to a file, restarted with backoff."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Spec:
    """What to run: a name (also the log file's), the command and the environment on top of ours."""

    name: str
    argv: list[str]
    env: dict[str, str] = field(default_factory=dict)
    restart: bool = True


@dataclass
class Child:
    """A running (or dead) child with its restart bookkeeping."""

    spec: Spec
    proc: subprocess.Popen
    started: float
    backoff: float = 1.0
    due: float = 0.0  # when a dead child is started again


class Supervisor:
    """Starts children, restarts the ones that die (1 s, doubling to 30 s while they die young), stops all."""

    def __init__(self, cwd: Path, log_dir: Path, say: Callable[[str], None] = print) -> None:
        self.cwd, self.log_dir, self.say = cwd, log_dir, say
        self.children: dict[str, Child] = {}
        log_dir.mkdir(parents=True, exist_ok=True)

    def start(self, spec: Spec) -> Child:
        """Start ``spec`` as the leader of a new process group."""
        log = (self.log_dir / f"{spec.name}.log").open("ab")
        proc = subprocess.Popen(  # noqa: S603 - our own commands
            spec.argv,
            cwd=self.cwd,
            env={**os.environ, **spec.env},
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        log.close()
        old = self.children.get(spec.name)
        child = Child(spec, proc, time.monotonic(), backoff=old.backoff if old else 1.0)
        self.children[spec.name] = child
        self.say(f"{spec.name} iniciado (pid {proc.pid})")
        return child

    def pid(self, name: str) -> int:
        """The pid of a child."""
        return self.children[name].proc.pid

    def tend(self) -> None:
        """Restart the children that died, once their backoff has passed."""
        now = time.monotonic()
        for name, child in list(self.children.items()):
            code = child.proc.poll()
            if code is None or not child.spec.restart:
                continue
            _kill_group(child.proc.pid, signal.SIGKILL)  # what is left of its group (pool, beat)
            if not child.due:
                if now - child.started >= 60:
                    child.backoff = 1.0  # it had been running: no crash loop
                child.due = now + child.backoff
                self.say(f"{name} terminou (código {code}); reiniciando em {child.backoff:.0f}s")
                child.backoff = min(child.backoff * 2, 30.0)
            elif now >= child.due:
                self.start(child.spec)

    def stop_all(self, grace: float = 10.0) -> None:
        """SIGTERM every group, then SIGKILL what is still alive after ``grace`` seconds."""
        for child in self.children.values():
            _kill_group(child.proc.pid, signal.SIGTERM)
        deadline = time.monotonic() + grace
        for child in self.children.values():
            with contextlib.suppress(subprocess.TimeoutExpired):
                child.proc.wait(timeout=max(0.0, deadline - time.monotonic()))
            _kill_group(child.proc.pid, signal.SIGKILL)


def _kill_group(pid: int, sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, sig)
