"""The bundled reference data: read from package data (private).

The JSON files live in ``ctpat/data/``; each holds ``as_of``, ``programs`` and
``arrangements``. Nothing is read at import time: :func:`ctpat.reference`
calls :func:`load_catalog` once, on first use.
"""

from __future__ import annotations

import os
import threading
from typing import TYPE_CHECKING

from ctpat import _json
from ctpat.arrangements import Arrangement
from ctpat.catalog import Catalog
from ctpat.errors import DataError
from ctpat.programs import Program
from ctpat.serialization import from_dict

if TYPE_CHECKING:
    from ctpat.criteria import Criteria

__all__ = [
    "CRITERIA_FILE",
    "FILES",
    "bundled_catalog",
    "load_catalog",
    "load_criteria",
    "read_data",
]

#: The reference files, hand-curated facts first.
FILES = ("core.json", "world.json")


def read_data(name: str) -> str:
    """The text of ``ctpat/data/<name>``, read through the package's loader.

    >>> read_data("core.json").startswith("{")
    True
    """
    # The package's own loader reads files from a folder and from a zip alike;
    # importlib.resources would do the same, but importing it costs more than
    # reading and checking the data does (benchmarks/README.md, cold start).
    get_data = getattr(__spec__.loader, "get_data", None)
    if get_data is not None:
        data: bytes = get_data(os.path.join(os.path.dirname(__file__), "data", name))
        return data.decode("utf-8")
    from importlib.resources import files  # pragma: no cover - loaders without get_data

    resource = files("ctpat").joinpath("data").joinpath(name)  # pragma: no cover
    return resource.read_text(encoding="utf-8")  # pragma: no cover


def load_catalog() -> Catalog:
    """The bundled programs and arrangements as a :class:`~ctpat.catalog.Catalog`,
    read and checked now; ``data_version`` is the latest ``as_of`` date of the files.

    >>> load_catalog().program("CTPAT").code
    'CTPAT'
    """
    programs: list[Program] = []
    arrangements: list[Arrangement] = []
    versions: list[str] = []
    for name in FILES:
        document = _json.loads(read_data(name))
        try:
            programs.extend(from_dict(document["programs"], list[Program]))
            arrangements.extend(from_dict(document["arrangements"], list[Arrangement]))
        except DataError as err:
            raise err.prefixed(name) from None
        versions.append(document["as_of"])
    return Catalog(programs, arrangements, data_version=max(versions))


_catalog_lock = threading.Lock()
_catalog: list[Catalog] = []


def bundled_catalog() -> Catalog:
    """The bundled catalog, loaded on first use and shared (thread-safe): what
    :func:`ctpat.reference` and the bundled program aliases are built on.
    Raises :class:`~ctpat.errors.DataError` only if the data files are damaged."""
    if _catalog:
        return _catalog[0]
    with _catalog_lock:
        if not _catalog:
            _catalog.append(load_catalog())
    return _catalog[0]


#: The requirement-set file: read only when criteria are first asked for.
CRITERIA_FILE = "requirements.json"

_criteria_lock = threading.Lock()
# The criteria checked against each catalog asked about, newest last: a
# registry and the ones extended from it share their catalog, so they share
# one. Few catalogs are ever built in a process; the oldest is dropped first.
_criteria: dict[int, tuple[Catalog, Criteria]] = {}
_CRITERIA_KEPT = 8


def load_criteria(catalog: Catalog) -> Criteria:
    """The bundled requirement sets and themes, checked against ``catalog``'s programs.

    Read on the first call for a catalog, then kept. ``data_version`` is the
    file's ``as_of`` date. Raises :class:`~ctpat.errors.DataError` naming the
    record if the file does not fit the catalog.

    >>> load_criteria(load_catalog()).current("CTPAT").code
    'CTPAT-MSC-2019'
    """
    kept = _criteria.get(id(catalog))
    if kept is not None and kept[0] is catalog:
        return kept[1]
    # The criteria load on first use: a recognition question needs none of them.
    from ctpat.criteria import Criteria
    from ctpat.requirements import RequirementSet, Theme

    document = _json.loads(read_data(CRITERIA_FILE))
    try:
        sets = from_dict(document["sets"], list[RequirementSet])
        themes = from_dict(document["themes"], list[Theme])
        criteria = Criteria(catalog, sets, themes, data_version=document["as_of"])
    except DataError as err:
        raise err.prefixed(CRITERIA_FILE) from None
    with _criteria_lock:
        _criteria[id(catalog)] = (catalog, criteria)
        while len(_criteria) > _CRITERIA_KEPT:
            del _criteria[next(iter(_criteria))]
    return criteria
