"""State from the server renders as a React transition, in slices, so the page stays responsive while it does.

Reflex applies each state update from its websocket with plain ``dispatch`` calls: React then renders the whole
change in one task. Opening a private page, that is the page's content appearing at once (on the home page
530–700 ms of blocking time in Lighthouse's slowed phone run, the largest part). Inside ``startTransition``
React renders it in 5 ms slices and only the commit is one task.

A transition may commit after the events sent with it start: Reflex's own client events do not wait for the
render either (it runs in a later task), and ours that touch the page wait for their element (``dojo.js``).

Components read their substate with ``useSyncExternalStore``, whose updates React always renders at once,
in one task, whatever transition they come in. So ``useStateContext`` (``utils/context-registry.js``) is
edited too: it keeps the substate in ``useState`` and subscribes in an effect, so that the update it gets
inside the transition renders as one.
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


REGISTRY_JS = "utils/context-registry.js"
REGISTRY_IMPORT = """import {
  createContext,
  useContext,
  useMemo,
  useSyncExternalStore,
} from "react";"""
SUBSCRIBE = """  const [subscribe, getSnapshot] = useMemo(
    () => [
      (listener) => store.subscribe(name, listener),
      () => store.getSnapshot(name) ?? app.initialState?.[name],
    ],
    [store, name],
  );
  return useSyncExternalStore(subscribe, getSnapshot, getSnapshot);"""
SUBSCRIBE_MARK = "// POC Tracker: the substate in useState"
SUBSCRIBE_IN_STATE = f"""  {SUBSCRIBE_MARK}, so that updates in a transition render as one
  // (components/state_updates.py).
  const read = () => store.getSnapshot(name) ?? app.initialState?.[name];
  const [value, setValue] = useState(read);
  useEffect(() => {{
    const update = () => setValue(read());
    const unsubscribe = store.subscribe(name, update);
    update(); // what changed between the render and this subscription
    return unsubscribe;
  }}, [store, name]);
  return value;"""


def with_state_in_components(code: str) -> str:
    """Reflex's context-registry.js with each substate kept in useState (unchanged when of another shape)."""
    if SUBSCRIBE_MARK in code:
        return code
    if code.count(REGISTRY_IMPORT) != 1 or code.count(SUBSCRIBE) != 1:
        log.warning("state updates: %s changed shape; left as Reflex wrote it", REGISTRY_JS)
        return code
    code = code.replace(
        REGISTRY_IMPORT,
        'import {\n  createContext,\n  useContext,\n  useEffect,\n  useMemo,\n  useState,\n} from "react";',
    )
    return code.replace(SUBSCRIBE, SUBSCRIBE_IN_STATE)


@dataclasses.dataclass
class StateTransitionsPlugin(rx.plugins.Plugin):
    """Before the build, have Reflex's state.js apply server state as transitions."""

    def pre_compile(self, **context: Any) -> None:
        """Edit utils/state.js and utils/context-registry.js in .web."""
        context["add_modify_task"](STATE_JS, with_transitions)
        context["add_modify_task"](REGISTRY_JS, with_state_in_components)
