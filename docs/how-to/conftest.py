"""The partner-list how-to reads country names: its examples need the ``countries`` extra."""

from __future__ import annotations

collect_ignore_glob: list[str] = []
try:
    import pycountry  # noqa: F401
except ModuleNotFoundError:
    collect_ignore_glob.append("partner-lists.md")
