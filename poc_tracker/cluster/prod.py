"""`make prod`: N web processes behind HAProxy, a Celery worker per queue family and a beat, on one machine.

PostgreSQL, Redis and OpenSearch are started by the caller (scripts/prod.sh). Ctrl-C stops everything started here.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from poc_tracker.cluster import haproxy
from poc_tracker.cluster.processes import Spec, Supervisor

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DATABASE = "postgresql://poc_tracker:poc_tracker@127.0.0.1:5432/poc_tracker"
DEFAULT_REDIS = "redis://127.0.0.1:6379/0"
# Settings a caller may add for every child (tuning, limits); the rest of the environment is inherited as is.
PASSED = {
    "POC_TRACKER_RATE_LIMIT_PER_MINUTE",
    "POC_TRACKER_OUTBOX_SWEEP_SECONDS",
    "POC_TRACKER_JOBS_SWEEP_SECONDS",
    "POC_TRACKER_JOBS_STALE_SECONDS",
    "POC_TRACKER_VIDEO_SCALE",
    "POC_TRACKER_VIDEO_PACE",
}
# Queue families: indexing and the outbox stay fast while a long report or video renders elsewhere.
WORKERS = {"worker-default": "default,index", "worker-reports": "reports", "worker-videos": "videos"}


@dataclass
class Layout:
    """Where everything listens and what environment every child gets."""

    port: int
    host: str
    web_ports: list[int]
    data_dir: Path
    env: dict[str, str] = field(default_factory=dict)
    stats_port: int | None = None

    @property
    def url(self) -> str:
        """The balancer's URL."""
        return f"http://localhost:{self.port}"


def layout_from(args: argparse.Namespace, environ: Mapping[str, str] = os.environ) -> Layout:
    """The layout of a run: ports after the balancer's, the production settings every child shares."""
    data_dir = Path(environ.get("POC_TRACKER_DATA_DIR") or ROOT / "data" / "prod").resolve()
    web_ports = args.web_ports or [args.first_web_port + i for i in range(args.web_processes)]
    env = {
        "POC_TRACKER_ENV": "production",
        "POC_TRACKER_DATA_DIR": str(data_dir),
        "POC_TRACKER_DATABASE_URL": environ.get("POC_TRACKER_DATABASE_URL") or DEFAULT_DATABASE,
        "POC_TRACKER_REDIS_URL": environ.get("POC_TRACKER_REDIS_URL") or DEFAULT_REDIS,
        "POC_TRACKER_APP_URL": environ.get("POC_TRACKER_APP_URL") or f"http://localhost:{args.port}",
        "POC_TRACKER_TRUSTED_PROXY_HOPS": "1",
        "POC_TRACKER_LOG_JSON": "true",
    }
    if args.search == "opensearch":
        env["POC_TRACKER_OPENSEARCH_URL"] = environ.get("POC_TRACKER_OPENSEARCH_URL") or "http://127.0.0.1:9200"
    else:
        env["POC_TRACKER_SEARCH_BACKEND"] = "postgres"
    env.update({k: v for k, v in environ.items() if k.startswith("POC_TRACKER_") and k not in env and k in PASSED})
    env.update(_jwt_keys(data_dir))
    env.update(_sealing_key(data_dir, environ))
    return Layout(args.port, args.host, web_ports, data_dir, env, args.stats_port)


def _jwt_keys(data_dir: Path) -> dict[str, str]:
    """Production refuses to start without keys: use the configured ones, else a pair kept in the data folder."""
    if os.environ.get("POC_TRACKER_JWT_PRIVATE_KEY") and os.environ.get("POC_TRACKER_JWT_PUBLIC_KEY"):
        return {}
    code = (
        "from poc_tracker.auth.keys import load_keys; k = load_keys(); "
        "print(k.private_pem + '\\x00' + k.public_pem, end='')"
    )
    out = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", code],
        env={**os.environ, "POC_TRACKER_DATA_DIR": str(data_dir), "POC_TRACKER_ENV": "development"},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    private, public = out.split("\x00")
    return {"POC_TRACKER_JWT_PRIVATE_KEY": private, "POC_TRACKER_JWT_PUBLIC_KEY": public}


def opensearch_up(url: str) -> bool:
    """Whether an OpenSearch node answers at ``url``."""
    try:
        with urllib.request.urlopen(f"{url}/_cluster/health", timeout=2) as res:  # noqa: S310 - our setting
            return res.status == 200
    except OSError:
        return False


def start_opensearch(layout: Layout, supervisor: Supervisor) -> None:
    """A local node (infra/opensearch, built from Maven Central jars) unless one already answers."""
    url = layout.env.get("POC_TRACKER_OPENSEARCH_URL", "")
    if not url or opensearch_up(url):
        return
    port = url.rstrip("/").rsplit(":", 1)[-1]
    argv = ["bash", str(ROOT / "infra" / "opensearch" / "run.sh"), port, str(layout.data_dir / "opensearch")]
    supervisor.start(Spec("opensearch", argv))
    deadline = time.monotonic() + 300
    while not opensearch_up(url):
        if time.monotonic() > deadline:
            raise SystemExit("prod: o nó OpenSearch não respondeu em 300 s (veja os logs)")
        time.sleep(1)


def _sealing_key(data_dir: Path, environ: Mapping[str, str]) -> dict[str, str]:
    """Production refuses to start without the key that seals MFA and SSO secrets: one kept in the data folder."""
    if environ.get("POC_TRACKER_MFA_ENCRYPTION_KEY"):
        return {}
    from cryptography.fernet import Fernet

    path = data_dir / "keys" / "sealing.key"
    if not path.exists():
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(Fernet.generate_key().decode())
    return {"POC_TRACKER_MFA_ENCRYPTION_KEY": path.read_text().strip()}


def web_spec(index: int, port: int, layout: Layout) -> Spec:
    """One web process (UI, API, Reflex's websocket) serving the frontend built once by ``build_frontend``."""
    env = {
        **layout.env,
        "POC_TRACKER_PORT": str(port),
        "REFLEX_ENV_MODE": "prod",
        "__REFLEX_SKIP_COMPILE": "true",
        "__REFLEX_MOUNT_FRONTEND_COMPILED_APP": "true",
    }
    argv = [sys.executable, "-m", "granian", "--interface", "asgi", "--factory", "--host", "127.0.0.1"]
    argv += ["--port", str(port), "--workers", "1", "poc_tracker.poc_tracker:app"]
    return Spec(f"web{index}", argv, env)


def worker_specs(layout: Layout) -> list[Spec]:
    """One Celery worker per queue family and the beat, each its own process."""
    celery = [sys.executable, "-m", "celery", "-A", "tasks.celery_app:celery"]
    specs = [
        Spec(
            name,
            [*celery, "worker", "-Q", queues, "-n", f"{name}@%h", "--concurrency", "1", "--loglevel", "INFO"],
            layout.env,
        )
        for name, queues in WORKERS.items()
    ]
    schedule = str(layout.data_dir / "celerybeat-schedule")
    specs.append(Spec("beat", [*celery, "beat", "--schedule", schedule, "--loglevel", "INFO"], layout.env))
    return specs


def haproxy_spec(layout: Layout) -> Spec:
    """The balancer, in the foreground (-db) so the supervisor owns it."""
    cfg = layout.data_dir / "haproxy.cfg"
    cfg.write_text(
        haproxy.config(
            host=layout.host,
            port=layout.port,
            web_ports=layout.web_ports,
            error_dir=layout.data_dir,
            stats_port=layout.stats_port,
        )
    )
    return Spec("haproxy", ["haproxy", "-db", "-f", str(cfg)])


def migrate(layout: Layout) -> None:
    """Migrations once, before any web process starts."""
    subprocess.run(
        [sys.executable, "-m", "poc_tracker.cli", "migrate"], env={**os.environ, **layout.env}, cwd=ROOT, check=True
    )


def build_frontend(layout: Layout, attempts: int = 2) -> None:
    """Compile the pages once for every web process, pointed at the balancer's URL.

    Tried twice: the build's prerendering gives up on a page after a fixed time, which a busy machine can pass.
    """
    env = {**os.environ, **layout.env, "REFLEX_USE_SYSTEM_BUN": "1"}
    reflex = str(Path(sys.executable).with_name("reflex"))
    argv = [reflex, "export", "--frontend-only", "--no-zip", "--env", "prod", "--loglevel", "warning"]
    for attempt in range(1, attempts + 1):
        try:
            subprocess.run(argv, env=env, cwd=ROOT, check=True)  # noqa: S603 - the venv's reflex
            return
        except subprocess.CalledProcessError:
            if attempt == attempts:
                raise


def ready(url: str, timeout: float = 2.0) -> bool:
    """Whether ``url``/readyz answers 200."""
    try:
        with urllib.request.urlopen(f"{url}/readyz", timeout=timeout) as res:  # noqa: S310 - http URL we built
            return res.status == 200
    except OSError:
        return False


def wait_ready(url: str, seconds: float) -> None:
    """Wait for ``url`` to be ready or fail."""
    deadline = time.monotonic() + seconds
    while not ready(url):
        if time.monotonic() > deadline:
            raise SystemExit(f"prod: {url} não ficou pronto em {seconds:.0f}s")
        time.sleep(0.5)


def start(layout: Layout, supervisor: Supervisor, *, build: bool = True) -> None:
    """Migrate, build, then start the web processes, the balancer, the workers and the beat."""
    layout.data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    start_opensearch(layout, supervisor)
    supervisor.say("aplicando migrações…")
    migrate(layout)
    if build:
        supervisor.say("compilando a interface…")
        build_frontend(layout)
    for i, port in enumerate(layout.web_ports, start=1):
        supervisor.start(web_spec(i, port, layout))
    for port in layout.web_ports:
        wait_ready(f"http://127.0.0.1:{port}", 180)
    supervisor.start(haproxy_spec(layout))
    for spec in worker_specs(layout):
        supervisor.start(spec)
    wait_ready(f"http://127.0.0.1:{layout.port}", 30)


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    """Command-line options, with defaults from the environment."""
    p = argparse.ArgumentParser(prog="make prod", description=__doc__)
    p.add_argument("--web-processes", type=int, default=int(os.environ.get("POC_TRACKER_WEB_PROCESSES", "2")))
    p.add_argument("--port", type=int, default=int(os.environ.get("POC_TRACKER_PORT", "3000")))
    p.add_argument("--host", default=os.environ.get("POC_TRACKER_HOST", "0.0.0.0"))  # noqa: S104 - like reflex run
    p.add_argument("--first-web-port", type=int, default=int(os.environ.get("POC_TRACKER_FIRST_WEB_PORT", "3101")))
    p.add_argument("--stats-port", type=int, default=int(os.environ.get("POC_TRACKER_STATS_PORT", "0")) or None)
    p.add_argument(
        "--search",
        choices=["opensearch", "postgres"],
        default=os.environ.get("POC_TRACKER_PROD_SEARCH", "opensearch"),
        help="OpenSearch (a local node is started unless POC_TRACKER_OPENSEARCH_URL answers) or PostgreSQL's own",
    )
    p.add_argument("--skip-build", action="store_true", help="serve the frontend already built")
    p.add_argument("--web-ports", type=lambda v: [int(x) for x in v.split(",")], default=None, help="e.g. 3101,3102")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Run until Ctrl-C or SIGTERM, restarting children that die."""
    args = parse(argv)
    layout = layout_from(args)
    supervisor = Supervisor(
        ROOT, layout.data_dir / "logs", say=lambda m: print(f"[prod {time.strftime('%H:%M:%S')}] {m}", flush=True)
    )
    running = False
    stopping = False

    def stop(_signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True
        if not running:  # still starting: leave the waits at once
            raise KeyboardInterrupt

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    try:
        start(layout, supervisor, build=not args.skip_build)
        running = True
        supervisor.say(f"pronto em {layout.url} ({len(layout.web_ports)} processos web; logs em {supervisor.log_dir})")
        while not stopping:
            supervisor.tend()
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        supervisor.say("parando…")
        supervisor.stop_all()
    return 0


if __name__ == "__main__":
    sys.exit(main())
