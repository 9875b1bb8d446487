"""Server state renders as a React transition: Reflex's state.js, edited before the build."""

from __future__ import annotations

from pathlib import Path

import reflex_base

from components.state_updates import MARK, with_state_in_components, with_transitions

TEMPLATE = Path(reflex_base.__file__).parent / ".templates" / "web" / "utils" / "state.js"


def test_the_installed_reflex_applies_server_state_in_a_transition():
    code = TEMPLATE.read_text(encoding="utf-8")
    edited = with_transitions(code)
    assert edited != code  # a Reflex upgrade that moves these lines fails here, not silently in production
    assert 'import { useCallback, useEffect, useRef, useState, startTransition } from "react";' in edited
    loop = edited.index(MARK)
    assert edited.index("for (const substate in delta)", loop) < edited.index("});", loop)
    assert edited.index("applyClientStorageDelta(client_storage, delta)", loop) > edited.index("});", loop)
    assert with_transitions(edited) == edited  # once


def test_a_state_js_of_another_shape_is_left_as_reflex_wrote_it():
    assert with_transitions("export const x = 1;") == "export const x = 1;"


REGISTRY = TEMPLATE.parent / "context-registry.js"


def test_the_installed_reflex_keeps_each_substate_in_use_state():
    code = REGISTRY.read_text(encoding="utf-8")
    edited = with_state_in_components(code)
    assert edited != code  # a Reflex upgrade that moves these lines fails here, not silently in production
    hook = edited[edited.index("export function useStateContext") :]
    hook = hook[: hook.index("\n}\n")]
    assert "useSyncExternalStore" not in edited  # its updates render at once, whatever transition they come in
    assert "useState(read)" in hook and "store.subscribe(name, update)" in hook
    assert hook.index("store.subscribe(name, update)") < hook.index("update(); //")  # nothing missed in between
    imports = edited[edited.index("import {") : edited.index('} from "react";')]
    assert "useState" in imports and "useEffect" in imports
    assert with_state_in_components(edited) == edited  # once


def test_a_registry_of_another_shape_is_left_as_reflex_wrote_it():
    assert with_state_in_components("export const x = 1;") == "export const x = 1;"
