"""One answer to "is this certification in force on D?", whichever public call asks.

``validity`` (through ``Registry.standing``) is the answer; recognition by the
certification's own program, ``verify``, ``vet``, the deadlines and the calendar
all give the same one. Certification has no in-force question of its own: what
its events alone say is ``events_standing_on``, named as such.
"""

from __future__ import annotations

import datetime as dt

import pytest
from dateutil.relativedelta import relativedelta

import ctpat
from ctpat import Certification, Event, EventKind, Participant, Status, validity
from ctpat.vetting import Outcome

D = dt.date


def _readme_ctpat() -> Certification:
    cert = Certification.grant("CTPAT", "acme-imports", on=D(2023, 2, 1), level="tier-1")
    cert = cert.record(Event(EventKind.VALIDATED, D(2023, 12, 5)))
    cert = cert.record(Event(EventKind.SUSPENDED, D(2025, 3, 1)))
    return cert.record(Event(EventKind.REINSTATED, D(2025, 9, 15)))


# (what, certification, the holder's country, the day, in force?)
CASES = [
    ("FAST card granted 2015", Certification.grant("FAST", "drv", on=D(2015, 1, 1)), "CA",
     D(2026, 6, 1), False),
    ("FAST card granted 2015, in its term", Certification.grant("FAST", "drv", on=D(2015, 1, 1)),
     "CA", D(2019, 12, 31), True),
    ("GB-issued EU AEO, by its number",
     Certification.grant("EU-AEO", "gb", on=D(2015, 1, 1), level="AEOF", reference="GBAEOF0001"),
     "GB", D(2021, 1, 1), False),
    ("GB-issued EU AEO, by its holder's country",
     Certification.grant("EU-AEO", "gb", on=D(2015, 1, 1), level="AEOF"), "GB", D(2026, 1, 15),
     False),
    ("GB-issued EU AEO before the end", Certification.grant("EU-AEO", "gb", on=D(2015, 1, 1),
     level="AEOF", reference="GBAEOF0001"), "GB", D(2020, 12, 31), True),
    ("README: suspended CTPAT", _readme_ctpat(), "US", D(2025, 6, 1), False),
    ("README: reinstated CTPAT", _readme_ctpat(), "US", D(2026, 1, 15), True),
    ("README: EU AEO of rhein-tools",
     Certification.grant("EU-AEO", "rhein-tools", on=D(2017, 3, 1), level="AEOF"), "DE",
     D(2026, 1, 15), True),
]  # fmt: skip


@pytest.mark.parametrize(
    ("cert", "country", "on", "in_force"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_every_public_call_gives_one_answer(
    cert: Certification, country: str, on: dt.date, in_force: bool
) -> None:
    registry = ctpat.reference().with_partners(
        ctpat.PartnerData([Participant(cert.holder, cert.holder, country)], [cert])
    )
    program = registry.program(cert.program)
    standing = registry.standing(cert, on=on, issued_in=country)
    answers = {
        "Registry.standing": standing.status is Status.CERTIFIED,
        "validity.standing": validity.standing(program, cert, on=on, issued_in=country).status
        is Status.CERTIFIED,
        "validity.in_force": validity.in_force(program, cert, on=on, issued_in=country),
        "Registry.recognizes (own program)": registry.recognizes(
            cert.program, cert, on=on, issued_in=country
        ).ok,
        "Registry.verify": registry.verify(cert.holder, by=cert.program, on=on).ok,
        "Registry.vet": registry.vet(by=cert.program, on=on).outcomes == (Outcome.PASSED,),
        "Registry.vet, every verdict read": [v.ok for _, v in registry.vet(by=cert.program, on=on)]
        == [True],
    }
    assert answers == dict.fromkeys(answers, in_force)
    # Deadlines belong to a certification in force or suspended; its expiry is
    # never after the day it stops being in force.
    deadlines = registry.deadlines(cert, on=on, issued_in=country)
    calendar = registry.calendar(on=on, within=relativedelta(years=10))
    if standing.status in (Status.CERTIFIED, Status.SUSPENDED):
        assert [d for d in calendar if d.holder == cert.holder] == list(deadlines)
        expiry = [d.due for d in deadlines if d.name == "expiry"]
        assert expiry == ([standing.expiry] if standing.expiry is not None else [])
    else:
        assert deadlines == ()
        assert [d for d in calendar if d.holder == cert.holder] == []


def test_a_certification_asks_no_in_force_question_of_its_own() -> None:
    for name in ("is_valid_on", "status_on", "standing_on"):
        assert not hasattr(Certification, name)
    for name in ("deadlines",):
        assert not hasattr(ctpat.Program, name)
        assert not hasattr(ctpat.ValidityPolicy, name)
    # What the events alone say is there, and named so.
    card = Certification.grant("FAST", "drv", on=D(2015, 1, 1))
    assert card.events_standing_on(D(2026, 6, 1)).status is Status.CERTIFIED
    assert ctpat.reference().standing(card, on=D(2026, 6, 1)).status is Status.EXPIRED
