"""Pausing the cyclic garbage collector during bulk work (private).

A load or vet of N records allocates millions of tracked objects, and each
full collection on the way traverses all of them. :func:`paused` turns the
collector off for the duration of a ``with`` block and restores it when the
outermost block ends, so that nested and concurrent blocks (the collector is
process-wide) neither re-enable it early nor leave it disabled.

>>> import gc
>>> with paused():
...     gc.isenabled()
False
"""

from __future__ import annotations

import _thread
import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["paused"]

_lock = _thread.allocate_lock()
_depth = 0
_was_enabled = False


@contextmanager
def paused() -> Iterator[None]:
    """Pause the cyclic garbage collector until the outermost block ends."""
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _was_enabled:
                gc.enable()
