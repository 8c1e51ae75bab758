"""The documentation: generated pages are current, and every page is reachable.

The examples in ``docs/*.md`` run as doctests (``--doctest-glob``); these tests
cover what doctests cannot: ``docs/data-sources.md`` and ``docs/world.md`` match
what ``docs/generate.py`` writes from the reference data, and every page is listed
in a toctree of ``docs/index.md``.
"""

from __future__ import annotations

import importlib.util
import re
from fnmatch import fnmatch
from pathlib import Path
from types import ModuleType

import pytest

DOCS = Path(__file__).resolve().parents[1] / "docs"
REGENERATE = "run `python docs/generate.py` and commit the result"


def _load(name: str) -> ModuleType:
    """Import ``docs/<name>.py`` without putting ``docs/`` on ``sys.path``."""
    spec = importlib.util.spec_from_file_location(f"_ctpat_docs_{name}", DOCS / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


generate = _load("generate")


def test_generated_pages_are_current() -> None:
    stale: list[str] = generate.stale()
    if stale:
        pytest.fail(
            f"docs/{' and docs/'.join(stale)} out of date with the reference data: {REGENERATE}",
            pytrace=False,
        )


def test_check_mode(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert generate.main(["--check", "--dir", str(tmp_path)]) == 1
    assert generate.main(["--dir", str(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data-sources.md", "world.md"]
    assert generate.main(["--check", "--dir", str(tmp_path)]) == 0
    page = tmp_path / "world.md"
    page.write_text(page.read_text(encoding="utf-8") + "edited by hand\n", encoding="utf-8")
    capsys.readouterr()
    assert generate.main(["--check", "--dir", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "world.md is out of date" in err
    assert "data-sources.md" not in err
    assert generate.main(["--dir", str(tmp_path)]) == 0
    assert generate.main(["--check", "--dir", str(tmp_path)]) == 0


def test_generated_pages_are_not_doctests() -> None:
    for name, text in generate.render().items():
        assert ">>>" not in text, f"{name} would be collected as a doctest"


def test_world_links_resolve() -> None:
    """Every ``data-sources.md#anchor`` link in world.md names a heading there."""
    pages: dict[str, str] = generate.render()
    anchors = {
        generate.slug(line[4:])
        for line in pages["data-sources.md"].splitlines()
        if line.startswith("### ")
    }
    links = set(re.findall(r"\(data-sources\.md#([\w-]+)\)", pages["world.md"]))
    assert links
    assert links <= anchors, f"links to missing anchors: {sorted(links - anchors)}"
    local = set(re.findall(r"\]\(#([\w-]+)\)", pages["data-sources.md"]))
    assert local <= anchors, f"links to missing anchors: {sorted(local - anchors)}"


def _toctree_entries(index: str) -> set[str]:
    entries = set()
    for block in re.findall(r"^```\{toctree\}\n(.*?)^```", index, flags=re.M | re.S):
        for line in block.splitlines():
            line = line.strip()
            if line and not line.startswith(":"):
                entries.add(line.removesuffix(".md"))
    return entries


def test_every_page_is_in_the_index() -> None:
    excluded: list[str] = _load("conf").exclude_patterns
    pages = {
        path.relative_to(DOCS).with_suffix("").as_posix()
        for path in DOCS.rglob("*.md")
        if not any(fnmatch(path.relative_to(DOCS).as_posix(), pattern) for pattern in excluded)
    }
    pages.discard("index")
    listed = _toctree_entries((DOCS / "index.md").read_text(encoding="utf-8"))
    missing = sorted(pages - listed)
    unknown = sorted(listed - pages)
    assert not missing, f"pages not in any toctree of docs/index.md: {missing}"
    assert not unknown, f"toctree entries in docs/index.md without a page: {unknown}"


def test_the_architecture_page_names_every_module() -> None:
    root = Path(__file__).parent.parent
    page = (root / "docs" / "architecture.md").read_text(encoding="utf-8")
    package = root / "src" / "ctpat"
    missing = [
        str(path.relative_to(package))
        for path in sorted(package.rglob("*.py"))
        if path.name != "__init__.py" and f"`{path.name}`" not in page
    ]
    assert not missing
