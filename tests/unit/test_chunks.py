"""The shared libraries are built as a chunk each (Reflex's vite.config.js, edited before the build)."""

from __future__ import annotations

from pathlib import Path

import reflex_base

from components.chunks import GROUPS, with_groups, without_whole_radix

CONFIG = """      output: {
        codeSplitting: {
          groups: [
            {
              test: /env.json/,
              name: "reflex-env",
            },
          ],
        },
      },"""


def test_each_library_gets_a_group_shared_by_two_pages_at_least_and_reflex_keeps_its_own():
    edited = with_groups(CONFIG)
    for name, test in GROUPS:
        assert f'{{ name: "{name}", test: /{test}/, priority: ' in edited
    assert edited.count("minShareCount: 2") == len(GROUPS)
    assert edited.index('"react-dom"') < edited.index('"radix-themes"') < edited.index('"radix"')  # most specific first
    assert 'name: "reflex-env"' in edited
    assert with_groups(edited) == edited  # once


def test_a_config_of_another_shape_is_left_as_generated():
    assert with_groups("export default {}") == "export default {}"


def test_no_group_is_split_by_pages():
    """``entriesAware`` split Radix into chunks importing each other in a cycle, and a build ran one too early."""
    assert "entriesAware" not in with_groups(CONFIG)


def test_the_root_no_longer_imports_all_of_radix_for_run_time_components():
    installed = (Path(reflex_base.__file__).parent / "compiler" / "templates.py").read_text(encoding="utf-8")
    # How Reflex writes each loader line: an upgrade that changes it fails here, not silently in the build.
    assert 'f"    {json.dumps(lib_path)}: () => import({json.dumps(lib_path)}),"' in installed
    root = 'const loaders = {\n    "@radix-ui/themes": () => import("@radix-ui/themes"),\n  };\n'
    assert without_whole_radix(root) == "const loaders = {\n  };\n"
    assert without_whole_radix("const loaders = {\n  };\n") == "const loaders = {\n  };\n"
