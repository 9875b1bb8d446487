"""Filter ``reflex run``'s console for ``make run``: progress and errors stay, advice for Reflex's own users goes.

Dropped: "Run `uv run reflex run`" (the project's command is ``make run``), "Page … is being redefined with the same
component" (Reflex adds decorated pages twice in one process; harmless), the 0.0.0.0 address (the URL to open is
printed once the app answers) and the banner rules. Everything else passes, so errors are never hidden.
"""

from __future__ import annotations

import re
import signal
import sys
from collections.abc import Iterable, Iterator

NOISE = re.compile(
    r"uv run reflex run|is being redefined|^component\.$|App running at: http://0\.0\.0\.0|^─+ .* ─+$"
    r"|^Info: Initializing the web directory|^Success: Initialized"
)


def keep(lines: Iterable[str]) -> Iterator[str]:
    """The lines a newcomer needs to see."""
    for line in lines:
        if not NOISE.search(line.strip()):
            yield line


def main() -> None:
    """Copy stdin to stdout, line by line (so progress shows as it happens), without the noise."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops Reflex; its last words still come through here
    for line in keep(iter(sys.stdin.readline, "")):
        sys.stdout.write(line)
        sys.stdout.flush()


if __name__ == "__main__":
    main()
