"""The shared libraries are built as a chunk each (Reflex's vite.config.js, edited before the build)."""

from __future__ import annotations

from components.chunks import GROUPS, with_groups

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
