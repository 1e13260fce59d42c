"""HTML feedback that is safe to open, for the learner and for the instructor.

nbgrader's feedback template renders every markdown cell as HTML as it stands, and a learner writes
some of those cells: a ``<script>`` or an ``onerror=`` there would run in the browser of whoever
opens the feedback, the instructor's formgrader session included. :class:`SafeFeedbackExporter`
cleans the HTML of every markdown cell against an allowlist (what the course's own cells use:
headings, emphasis, lists, tables, code, ``<details>`` reveals), and ``HTMLExporter.sanitize_html``
(set in ``nbgrader_config.py``) does the same for rich outputs.
"""

from __future__ import annotations

import bleach
from jinja2 import pass_context
from nbconvert.exporters import HTMLExporter

TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "details", "div", "dl", "dt", "em", "h1", "h2",
    "h3", "h4", "h5", "h6", "hr", "i", "img", "kbd", "li", "ol", "p", "pre", "s", "span", "strong", "sub",
    "summary", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
})
ATTRIBUTES = {
    "*": ["class", "id", "title"],
    "a": ["href", "title", "class", "id"],
    "img": ["src", "alt", "width", "height"],
    "td": ["align", "colspan", "rowspan"],
    "th": ["align", "colspan", "rowspan"],
}
PROTOCOLS = frozenset({"http", "https", "mailto"})


def clean(html: str) -> str:
    """``html`` with every tag and attribute outside the allowlist escaped (scripts, event handlers,
    iframes, ``javascript:`` links)."""
    return bleach.clean(html, tags=TAGS, attributes=ATTRIBUTES, protocols=PROTOCOLS, strip=False)


class SafeFeedbackExporter(HTMLExporter):
    """nbgrader's HTML feedback with each markdown cell's HTML cleaned (:func:`clean`)."""

    @pass_context
    def markdown2html(self, context, source):
        return clean(super().markdown2html(context, source))
