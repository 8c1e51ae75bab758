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
#: Longer tables show this many rows, then collapse the rest ...
FIRST = 100
#: ... into sections of this many rows each.
SECTION = 2000


@attrs.frozen
class Chunk:
    """Rows ``start`` to ``end`` (counted from 1) of a table of ``of`` rows, as HTML."""

    start: int
    end: int
    of: int
    html: Markup


def paged(items: Sequence[T], row: Callable[[T], str]) -> list[Chunk]:
    """A table's rows, written by ``row`` (which escapes every value), in the
    chunks the page shows: all at once when there are few, else the first
    :data:`FIRST` and then sections of :data:`SECTION`."""
    total = len(items)
    bounds = [(0, total)] if total <= WHOLE else [(0, FIRST)]
    if total > WHOLE:
        bounds.extend(
            (start, min(start + SECTION, total)) for start in range(FIRST, total, SECTION)
        )
    return [
        Chunk(start + 1, end, total, Markup("\n".join(map(row, items[start:end]))))
        for start, end in bounds
    ]


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
    env.globals.update(outcomes=OUTCOMES, paged=paged, rows=_rows, version=__version__)
    css, _, _ = env.loader.get_source(env, "report.css")  # type: ignore[union-attr]
    digest = base64.b64encode(hashlib.sha256(css.encode("utf-8")).digest()).decode("ascii")
    return env, css, f"sha256-{digest}"


def render(template: str, **context: Any) -> str:
    """The page ``template`` filled with ``context``."""
    env, css, css_hash = environment()
    return env.get_template(template).render(css=Markup(css), css_hash=css_hash, **context)
