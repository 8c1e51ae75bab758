"""A type-checked usage file of the public API (checked by mypy --strict, never run).

If a public signature changes in a way that breaks callers, mypy fails here.
"""

from __future__ import annotations

import datetime as dt

from dateutil.relativedelta import relativedelta

import ctpat
from ctpat import (
    Arrangement,
    Certification,
    Deadline,
    Event,
    EventKind,
    Participant,
    Program,
    Reason,
    ReasonCode,
    Registry,
    Role,
    Standing,
    Status,
    Verdict,
)
from ctpat.errors import CtpatError, DataError, InvalidIdentifier, InvalidTransition
from ctpat.identifiers import SCHEMES, IdentifierScheme, eori, lei, mid
from ctpat.vetting import Outcome, VettingReport

day: dt.date = dt.date(2026, 1, 15)

cert: Certification = Certification.grant("CTPAT", "acme", on=dt.date(2024, 1, 10), level="tier-1")
cert = cert.record(Event(EventKind.VALIDATED, dt.date(2024, 11, 5)))
status: Status = cert.events_standing_on(day).status
level: str | None = cert.level_on(day)
valid: bool = cert.events_standing_on(day).status is Status.CERTIFIED
standing: Standing = cert.events_standing_on(day)
since: dt.date | None = standing.since

registry: Registry = ctpat.reference()
version: str = registry.data_version
program: Program = registry.program("CTPAT")
deadlines: tuple[Deadline, ...] = registry.deadlines(cert, on=day)
overdue: list[str] = [d.name for d in deadlines if d.overdue]
term: relativedelta | None = program.policy.revalidate_every
arrangements: tuple[Arrangement, ...] = registry.arrangements_between("CTPAT", "EU-AEO")
accepted: frozenset[str] = registry.recognized_by("CTPAT", on=day)
verdict: Verdict = registry.recognizes("CTPAT", cert, on=day, role=Role.IMPORTER)
ok: bool = bool(verdict)
reasons: tuple[Reason, ...] = verdict.reasons
codes: list[ReasonCode] = [r.code for r in reasons]
text: str = verdict.explain()

partner = Participant(
    "acme", "Acme Imports", "US", roles={Role.IMPORTER}, identifiers={"lei": "x"}
)
as_json: str = ctpat.to_json([cert])
back: list[Certification] = ctpat.from_json(as_json, list[Certification])
as_dict: object = ctpat.to_dict(partner)
again: Participant = ctpat.from_dict(as_dict, Participant)

scheme: IdentifierScheme = eori
normalised: str = SCHEMES["lei"].validate("5493001KJTIIGC8Y1R12")
checked: bool = lei.is_valid("5493001KJTIIGC8Y1R12")
built: str = mid.build("Amalgamated Plastics Corp.", "245 Industrial Blvd", "Kuala Lumpur", "MY")

errors: tuple[type[CtpatError], ...] = (DataError, InvalidIdentifier, InvalidTransition)

in_force: bool = ctpat.validity.in_force(program, cert, on=day)
ruled: Standing = registry.standing(cert, on=day, issued_in="US")
lapsed: ctpat.Cause | None = ruled.cause
last_day: dt.date | None = ruled.expiry
mine: Registry = registry.with_partners(ctpat.PartnerData([partner], [cert]))
report: ctpat.vetting.VettingReport = mine.vet(by="CTPAT", on=day)
outcomes: tuple[ctpat.vetting.Outcome, ...] = report.outcomes
decided: bool = ctpat.recognition.accepts(registry.catalog, "CTPAT", cert, on=day, issued_in="US")
# The classes of the lazily loaded modules are imported from their modules.
first: Outcome = outcomes[0]
vetted: VettingReport = mine.vet(by="CTPAT", on=day)
# The vet's records and rows come one at a time; the document holds them all.
record: dict[str, object] = next(vetted.records())
row: dict[str, str] = next(vetted.rows())
held: list[dict[str, str]] = list(vetted.rows())
document: dict[str, object] = vetted.to_document()
best: ctpat.Verdict = mine.verify(partner, by="CTPAT", on=day)
