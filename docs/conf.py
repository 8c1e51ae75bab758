"""Sphinx configuration for the ctpat documentation.

Docs dependencies (the ``docs`` extra): sphinx, myst-parser, furo, and ctpat itself
with the ``hypothesis`` extra (autodoc imports ``ctpat.strategies``).

Build, with every warning an error::

    sphinx-build -W --keep-going -b html docs /tmp/ctpat-site

The Markdown pages are also doctests (``pytest --doctest-glob='*.md'``), and
``docs/data-sources.md`` and ``docs/world.md`` are written by ``docs/generate.py``.
This module only sets names: pytest's ``--doctest-modules`` imports it too.
"""

from __future__ import annotations

import importlib.metadata

project = "ctpat"
author = "The ctpat developers"
copyright = "the ctpat developers; MIT licence"
try:
    release = importlib.metadata.version("ctpat")
except importlib.metadata.PackageNotFoundError:  # pragma: no cover - not installed
    release = "0+unknown"
version = release

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
]

source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = [
    "_build",
    "generate.py",
    # A reviewer's working note on how world.json was compiled, not user
    # documentation (it points at research files outside the repository).
    "world-mras-notes.md",
]

# Markdown: heading anchors so that pages can link to a program or an arrangement
# (``data-sources.md#us-eu``) in a way that also works on GitHub.
myst_heading_anchors = 3

# autodoc: signatures carry the types; repeating them in the text reads worse
# and resolving the string annotations of ``from __future__ import annotations``
# adds nothing for readers.
autodoc_typehints = "signature"
autodoc_member_order = "bysource"
autoclass_content = "class"

# Unresolved cross-references in docstrings (a relativedelta, an attrs field)
# render as plain text instead of failing the build.
nitpicky = False

html_theme = "furo"
html_title = f"ctpat {release}"
pygments_style = "sphinx"

# The command line's JSON Schema is published beside the pages, at
# /ctpat-cli.schema.json (the address its "$id" names).
html_extra_path = ["schemas"]
