"""Pausing the cyclic garbage collector while many objects are built (private).

A bulk load of N records allocates millions of tracked objects, and every
full collection on the way traverses all of them again, though none of them
is garbage yet: most of such a load would be spent collecting. :func:`paused`
turns the collector off for a block and restores it afterwards. The collector
is process-wide, so pauses nest and may overlap across threads: the first one
in records whether it was enabled, and the last one out restores that.

Leaving the pause, the objects built in it are handed to the oldest
generation (``gc.freeze()`` then ``gc.unfreeze()``): they are the load's
result and will live, and left in the youngest they would make the first
collections after the pause traverse every one of them. A caller that froze
objects itself is left alone.

>>> import gc
>>> with paused():
...     with paused():
...         pass
...     gc.isenabled()
False
>>> gc.isenabled()
True
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
    """The cyclic garbage collector paused for the ``with`` block, also on error.

    Re-entrant and thread-safe: only the outermost of nested or overlapping
    pauses restores the collector, to the state it found. Raises nothing of
    its own.
    """
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
                if gc.get_freeze_count() == 0:
                    gc.freeze()
                    gc.unfreeze()
                gc.enable()
