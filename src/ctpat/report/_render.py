"""The Jinja2 environment and the page's pieces that are not data (private)."""

from __future__ import annotations

import base64
import functools
import hashlib
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import attrs
import jinja2
from markupsafe import Markup

from ctpat import __version__
from ctpat.report import _rows
from ctpat.report._figures import OUTCOMES

T = TypeVar("T")

#: Tables up to this long are shown whole (and print whole).
WHOLE = 1000
#: A longer table is shown in groups (by deciding reason, by deadline): the
#: first this many rows of each. Every row is in the vet's CSV and JSON; a page
#: of every row of 100,000 partners would weigh some 45 MB.
SHOWN = 25


@attrs.frozen
class Chunk:
    """Rows ``start`` to ``end`` (counted from 1) of the ``of`` rows of a table or
    of one of its groups (``label``; empty for a table shown whole), as HTML."""

    start: int
    end: int
    of: int
    html: Markup
    label: str = ""


def paged(items: Sequence[T], row: Callable[[T], str], group: Callable[[T], str]) -> list[Chunk]:
    """A table's rows, written by ``row`` (which escapes every value): all at once
    when there are at most :data:`WHOLE`, else one chunk a ``group`` (in the
    order the groups first appear) with its first :data:`SHOWN` rows."""
    if len(items) <= WHOLE:
        return [Chunk(1, len(items), len(items), _html(items, row))]
    groups: dict[str, list[T]] = {}
    for item in items:
        groups.setdefault(group(item), []).append(item)
    return [
        Chunk(1, min(len(members), SHOWN), len(members), _html(members[:SHOWN], row), label)
        for label, members in groups.items()
    ]


def _html(items: Sequence[T], row: Callable[[T], str]) -> Markup:
    return Markup("\n".join(map(row, items)))


def omitted(chunks: Sequence[Chunk]) -> int:
    """How many rows the chunks leave out."""
    return sum(chunk.of - (chunk.end - chunk.start + 1) for chunk in chunks)


@functools.lru_cache(maxsize=1)
def environment() -> tuple[jinja2.Environment, str, str]:
    """The environment, the style sheet and its CSP hash (built once)."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("ctpat.report", "templates"),
        # Every value is escaped unless it is Markup built by ctpat itself.
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals.update(
        outcomes=OUTCOMES, paged=paged, omitted=omitted, rows=_rows, version=__version__
    )
    css, _, _ = env.loader.get_source(env, "report.css")  # type: ignore[union-attr]
    digest = base64.b64encode(hashlib.sha256(css.encode("utf-8")).digest()).decode("ascii")
    return env, css, f"sha256-{digest}"


def render(template: str, **context: Any) -> str:
    """The page ``template`` filled with ``context``."""
    env, css, css_hash = environment()
    return env.get_template(template).render(css=Markup(css), css_hash=css_hash, **context)
