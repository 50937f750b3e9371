"""Reporters only render a Report; one dict maps each --format to its renderer."""

from __future__ import annotations

from collections.abc import Callable

from nodeward.report import Report
from nodeward.reporters import html as html_reporter
from nodeward.reporters import json as json_reporter
from nodeward.reporters import markdown as markdown_reporter
from nodeward.reporters import sarif as sarif_reporter
from nodeward.reporters import terminal as terminal_reporter

Renderer = Callable[[Report], str]

RENDERERS: dict[str, Renderer] = {
    "terminal": terminal_reporter.render,
    "json": json_reporter.render,
    "sarif": sarif_reporter.render,
    "markdown": markdown_reporter.render,
    "html": html_reporter.render,
}
