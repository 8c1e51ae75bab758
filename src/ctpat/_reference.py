"""The bundled reference data: read from package data (private).

The JSON files live in ``ctpat/data/``; each holds ``as_of``, ``programs`` and
``arrangements``. Nothing is read at import time: :func:`ctpat.reference`
calls :func:`load_catalog` once, on first use.
"""

from __future__ import annotations

import os

from ctpat import _json
from ctpat.arrangements import Arrangement
from ctpat.catalog import Catalog
from ctpat.errors import DataError
from ctpat.programs import Program

__all__ = ["FILES", "load_catalog", "read_data"]

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
    from ctpat.serialization import from_dict

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
