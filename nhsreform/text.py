"""Inline Markdown for quiz prompts, feedback and captions (links, *emphasis*, `code`)."""

from functools import lru_cache

from markdown_it import MarkdownIt


@lru_cache(maxsize=1)
def _md() -> MarkdownIt:
    # Raw HTML in the source is escaped, never passed through.
    return MarkdownIt("commonmark", {"html": False})


def inline_markdown(text: str) -> str:
    """Render one line of Markdown to HTML without a surrounding <p>."""
    return _md().renderInline(text)
