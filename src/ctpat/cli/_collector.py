"""The ``ctpat`` process's garbage-collector settings (the CLI is the application).

The library never touches the collector: that is the caller's to decide. The
command line is a program of its own and decides as docs/how-to/large-data.md
recommends: while a partner list is read and indexed, and while ``ctpat vet``
works out its verdicts, every object built lives to the end of the command and
none is garbage, so the collector is paused and what was built is then frozen
(``gc.freeze()``): later collections, while the records are written, need not
walk it again. :func:`main`'s ``finally`` undoes the freeze, so a test calling
``main()`` in its own process finds the collector as it was.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["long_lived", "restored"]


@contextmanager
def long_lived() -> Iterator[None]:
    """Build the block's objects with the collector paused, then freeze them."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()


@contextmanager
def restored() -> Iterator[None]:
    """Leave the collector's frozen generation as the block found it (when it was empty)."""
    frozen = gc.get_freeze_count()
    try:
        yield
    finally:
        if frozen == 0:
            gc.unfreeze()
