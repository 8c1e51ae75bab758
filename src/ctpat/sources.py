"""Where a reference-data fact comes from.

>>> from datetime import date
>>> from ctpat import Source
>>> src = Source(
...     "https://www.cbp.gov/travel/trusted-traveler-programs/fast",
...     "CBP: Free and Secure Trade (FAST)",
...     date(2026, 11, 1),
... )
>>> src.confidence
<Confidence.OFFICIAL: 'official'>
"""

from __future__ import annotations

import datetime as dt

import attrs

from ctpat import _validation as v
from ctpat.enums import Confidence
from ctpat.errors import DataError

__all__ = ["Source"]


def _confidence(value: Confidence | str) -> Confidence:
    # Accepting the plain string keeps hand-written data readable
    # (``confidence="uncertain"``); anything else is still rejected.
    if isinstance(value, Confidence):
        return value
    try:
        return Confidence(value)
    except ValueError:
        v.member("confidence", value, Confidence)
        raise  # pragma: no cover - member() always raises here


@attrs.frozen
class Source:
    """The document a fact was read from, when, and how far to trust it.

    ``confidence`` is ``"official"`` for the administering authority's own page
    or legal text, ``"secondary"`` for trade press and advisers, and
    ``"uncertain"`` where sources conflict or could not be confirmed. Raises
    :class:`~ctpat.errors.DataError` naming the field for a value of the wrong
    type, an address that is not http(s) or an unknown confidence.
    """

    url: str = attrs.field()
    title: str = attrs.field()
    retrieved_on: dt.date = attrs.field()
    confidence: Confidence = attrs.field(default=Confidence.OFFICIAL, converter=_confidence)

    def __attrs_post_init__(self) -> None:
        v.text("url", self.url)
        if not self.url.startswith(("https://", "http://")):
            raise DataError.at("url", self.url, "must be an http(s) address")
        v.text("title", self.title)
        v.date("retrieved_on", self.retrieved_on)
