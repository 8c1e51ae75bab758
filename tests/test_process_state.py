"""No library call changes process-wide state: the garbage collector is the caller's."""

from __future__ import annotations

import gc
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

import ctpat
from ctpat import Certification, Event, EventKind
from ctpat.cli import main

_GOOD = [
    {"program": "CTPAT", "holder": "a", "events": [{"kind": "certified", "on": "2024-01-01"}]}
]


@pytest.fixture
def no_collections() -> Iterator[None]:
    """No automatic collection can move an object during the test."""
    threshold = gc.get_threshold()
    gc.set_threshold(10**9, 10**9, 10**9)
    try:
        yield
    finally:
        gc.set_threshold(*threshold)


@pytest.mark.parametrize("enabled", [True, False])
def test_loads_and_dumps_leave_the_collector_as_they_found_it(enabled: bool) -> None:
    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        seen: list[bool] = []
        original = Certification.__attrs_post_init__

        def spy(self: Certification) -> None:
            seen.append(gc.isenabled())
            original(self)

        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(Certification, "__attrs_post_init__", spy)
            certs = ctpat.from_dict(_GOOD, list[Certification])
            ctpat.from_json(json.dumps(_GOOD), list[Certification])
            ctpat.to_json(certs)
            ctpat.to_dict(certs)
            people = (ctpat.Participant("a", "A", "US"),)
            ctpat.reference().with_partners(ctpat.PartnerData(people, tuple(certs))).vet(
                by="CTPAT", on=date(2025, 1, 1)
            )
        assert seen
        assert all(state is enabled for state in seen)  # never paused while building
        assert gc.isenabled() is enabled
        assert gc.get_freeze_count() == 0
    finally:
        (gc.enable if was else gc.disable)()


def test_the_callers_young_objects_stay_young(no_collections: None) -> None:
    gc.collect()
    mine = [object()]
    ctpat.to_dict(Event(EventKind.SUSPENDED, date(2025, 3, 1)))
    ctpat.from_json(json.dumps(_GOOD), list[Certification])
    assert any(obj is mine for obj in gc.get_objects(generation=0))
    assert gc.get_freeze_count() == 0


def test_the_command_line_freezes_what_it_loaded_and_undoes_it(tmp_path: Path) -> None:
    frozen: list[int] = []
    from ctpat.cli import _partners

    original = _partners.emit  # type: ignore[attr-defined]

    def spy(*args: object, **kwargs: object) -> object:
        frozen.append(gc.get_freeze_count())
        return original(*args, **kwargs)  # type: ignore[arg-type]

    path = tmp_path / "partners.csv"
    path.write_text(
        "id,name,country,program,status,since\nacme,Acme,US,CTPAT,certified,2024-01-01\n"
    )
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(_partners, "emit", spy)
        main(["vet", str(path), "--by", "CTPAT", "--on", "2025-01-01"])
    assert frozen
    assert frozen[0] > 0  # the registry was frozen while the command ran
    assert gc.get_freeze_count() == 0
    assert gc.isenabled()
