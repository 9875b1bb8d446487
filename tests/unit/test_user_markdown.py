"""User Markdown is always rendered through the one component that drops raw HTML."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_no_page_renders_user_markdown_with_raw_html():
    offenders = [
        str(p.relative_to(ROOT))
        for folder in ("pages", "components")
        for p in (ROOT / folder).glob("*.py")
        if "rx.markdown(" in p.read_text() and p.name != "markdown.py"
    ]
    assert offenders == []


def test_the_markdown_component_turns_raw_html_off():
    from components.markdown import user_markdown

    rendered = str(user_markdown("<script>x</script>"))
    assert "rehypeRaw" not in rendered
