"""State from the server renders as a React transition, in slices, so the page stays responsive while it does.

Reflex applies each state update from its websocket with plain ``dispatch`` calls: React then renders the whole
change in one task. Opening a private page, that is the page's content appearing at once (on the home page
530–700 ms of blocking time in Lighthouse's slowed phone run, the largest part). Inside ``startTransition``
React renders it in 5 ms slices and only the commit is one task.

A transition may commit after the events sent with it start: Reflex's own client events do not wait for the
render either (it runs in a later task), and ours that touch the page wait for their element (``dojo.js``).
"""

from __future__ import annotations

import dataclasses
import logging
from typing import Any

import reflex as rx

log = logging.getLogger(__name__)

STATE_JS = "utils/state.js"
IMPORT = 'import { useCallback, useEffect, useRef, useState } from "react";'
APPLY = """        for (const substate in delta) {
          dispatch[substate](delta[substate]);
        }"""
MARK = "startTransition(() => {"


def with_transitions(code: str) -> str:
    """Reflex's state.js with server state applied in a transition (unchanged when its shape is not the known one)."""
    if MARK in code:
        return code
    if code.count(IMPORT) != 1 or code.count(APPLY) != 1:
        log.warning("state updates: %s changed shape; left as Reflex wrote it", STATE_JS)
        return code
    sliced = (
        "        // POC Tracker: a transition, rendered in slices (components/state_updates.py).\n"
        f"        {MARK}\n" + "\n".join("  " + line for line in APPLY.splitlines()) + "\n        });"
    )
    code = code.replace(IMPORT, IMPORT.replace("useState }", "useState, startTransition }"))
    return code.replace(APPLY, sliced)


@dataclasses.dataclass
class StateTransitionsPlugin(rx.plugins.Plugin):
    """Before the build, have Reflex's state.js apply server state as transitions."""

    def pre_compile(self, **context: Any) -> None:
        """Edit utils/state.js in .web."""
        context["add_modify_task"](STATE_JS, with_transitions)
