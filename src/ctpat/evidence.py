"""Evidence from official services, and the rule that weighs it against a verdict.

A partner's word ("EU AEO, AEOF") is what a verdict is computed from. An
:class:`Evidence` record is what an official service said about one of the
partner's numbers when asked: registered or not (EORI), the AEO authorisations
it lists, or that it could not be asked (with the reason). The records are
plain, serialisable values; asking the services is the job of the optional
:mod:`ctpat.online` package. This module never touches the network.

:func:`weigh` adds the evidence to a verdict. Evidence can only keep or lower
an outcome: a contradiction makes an accepted verdict fail, an answer that
cannot confirm the claim leaves it unverified, and a confirmation is an
informational reason. A refusal never becomes a pass.

>>> import datetime as dt
>>> import ctpat
>>> from ctpat.evidence import Evidence, Finding, OfficialService, weigh
>>> rhein = ctpat.Participant("rhein", "Rhein Tools GmbH", "DE")
>>> registry = ctpat.reference().with_partners(ctpat.PartnerData(
...     participants=[rhein],
...     certifications=[ctpat.Certification.grant(
...         "EU-AEO", "rhein", on=dt.date(2017, 3, 1), level="AEOS", reference="DEAEOS123456")],
... ))
>>> verdict = registry.verify("rhein", by="CTPAT", on=dt.date(2026, 1, 15))
>>> silent = Evidence(
...     OfficialService.EU_AEO, "DEAEOS123456", Finding.AEO_NOT_LISTED,
...     checked_at=dt.datetime(2026, 1, 15, 9, 30, tzinfo=dt.timezone.utc),
...     request_date=dt.date(2026, 1, 15),
... )
>>> weighed = weigh(verdict, rhein, [silent])
>>> verdict.ok, weighed.ok, weighed.codes()[0]
(True, False, <ReasonCode.AEO_NOT_LISTED: 'aeo-not-listed'>)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import attrs

from ctpat import _validation as v
from ctpat.certifications import Certification
from ctpat.enums import ReasonCode, StrEnum
from ctpat.errors import DataError
from ctpat.identifiers import aeo
from ctpat.participants import Participant
from ctpat.verdicts import Reason, Verdict

if TYPE_CHECKING:
    pass

__all__ = [
    "AeoAuthorisation",
    "Evidence",
    "Finding",
    "OfficialService",
    "numbers_to_check",
    "weigh",
]

#: The program whose claims the EU AEO service can confirm.
EU_AEO_PROGRAM = "EU-AEO"


class OfficialService(StrEnum):
    """An official service that can be asked about a partner's numbers."""

    #: The European Commission's EORI validation (EOS, SOAP).
    EU_EORI = "eu-eori"
    #: The European Commission's AEO consultation (EOS ``aeo-retrieve``, SOAP).
    EU_AEO = "eu-aeo"
    #: HMRC's "Check an EORI number" API (REST/JSON), for ``GB`` numbers.
    HMRC_EORI = "hmrc-eori"

    @property
    def label(self) -> str:
        """The service's name in a sentence ("the EU AEO service")."""
        return _TITLES[self]


_TITLES = {
    OfficialService.EU_EORI: "the EU EORI validation service",
    OfficialService.EU_AEO: "the EU AEO service",
    OfficialService.HMRC_EORI: "HMRC's check-EORI service",
}


class Finding(StrEnum):
    """What a service said about one number."""

    #: The EORI number is registered.
    REGISTERED = "registered"
    #: The EORI service reports the number as not registered (not valid).
    NOT_REGISTERED = "not-registered"
    #: The AEO service lists one or more authorisations for the number.
    AEO_FOUND = "aeo-found"
    #: The AEO service lists nothing. Its list shows only holders that
    #: consented to publication: this is not proof of "not certified".
    AEO_NOT_LISTED = "aeo-not-listed"
    #: The service could not be asked, or its answer could not be read.
    UNAVAILABLE = "unavailable"


_EORI_FINDINGS = frozenset({Finding.REGISTERED, Finding.NOT_REGISTERED, Finding.UNAVAILABLE})
_AEO_FINDINGS = frozenset({Finding.AEO_FOUND, Finding.AEO_NOT_LISTED, Finding.UNAVAILABLE})


@attrs.frozen
class AeoAuthorisation:
    """One AEO authorisation as the EU AEO service lists it.

    ``type`` is ``AEOC``, ``AEOS`` or ``AEOF``; ``issuing_country`` is the
    country *name* the service returns ("Germany"), kept as given;
    ``authority`` the competent customs authority's code; ``effective_on`` the
    date the authorisation took effect. Raises
    :class:`~ctpat.errors.DataError` naming the field for an unknown type or
    a value of the wrong type:

    >>> AeoAuthorisation("AEOF", holder="Rhein Tools GmbH", effective_on=dt.date(2015, 2, 17)).type
    'AEOF'
    >>> AeoAuthorisation("AEOX")
    Traceback (most recent call last):
    ...
    ctpat.errors.DataError: type: must be AEOC, AEOS or AEOF (got 'AEOX')
    """

    type: str
    holder: str | None = None
    issuing_country: str | None = None
    authority: str | None = None
    effective_on: dt.date | None = None

    def __attrs_post_init__(self) -> None:
        if self.type not in aeo.TYPES:
            raise DataError.at("type", self.type, "must be AEOC, AEOS or AEOF")
        v.optional_text("holder", self.holder)
        v.optional_text("issuing_country", self.issuing_country)
        v.optional_text("authority", self.authority)
        v.optional_date("effective_on", self.effective_on)


def _authorisations(value: Iterable[AeoAuthorisation]) -> tuple[AeoAuthorisation, ...]:
    return v.a_tuple("authorisations", value)


@attrs.frozen
class Evidence:
    """What an official service said about one number, and when.

    ``service`` is the service asked, ``query`` the number asked about
    (normalised), ``finding`` its answer, ``checked_at`` when the answer was
    received (timezone-aware) and ``request_date`` the service's own date for
    the request, when it gives one. ``name`` and ``address`` are the holder's
    where the holder consented to their publication; ``authorisations`` are
    the AEO authorisations listed (``finding`` ``aeo-found``); ``reason`` says
    why the service could not answer (``finding`` ``unavailable``, required
    there and only there).

    Raises :class:`~ctpat.errors.DataError` for a finding the service cannot
    give, a naive ``checked_at``, or a missing or stray ``reason``.

    >>> record = Evidence(
    ...     OfficialService.HMRC_EORI, "GB123456789000", Finding.UNAVAILABLE,
    ...     checked_at=dt.datetime(2026, 1, 15, 9, 30, tzinfo=dt.timezone.utc),
    ...     reason="timed out after 3 attempts",
    ... )
    >>> import ctpat
    >>> ctpat.to_dict(record)["checked_at"]
    '2026-01-15T09:30:00+00:00'
    >>> ctpat.from_json(ctpat.to_json(record), Evidence) == record
    True
    """

    service: OfficialService
    query: str
    finding: Finding
    checked_at: dt.datetime
    request_date: dt.date | None = None
    name: str | None = None
    address: str | None = None
    authorisations: tuple[AeoAuthorisation, ...] = attrs.field(
        default=(), converter=_authorisations
    )
    reason: str | None = None

    def __attrs_post_init__(self) -> None:
        v.member("service", self.service, OfficialService)
        v.text("query", self.query)
        v.member("finding", self.finding, Finding)
        allowed = _AEO_FINDINGS if self.service is OfficialService.EU_AEO else _EORI_FINDINGS
        if self.finding not in allowed:
            raise DataError.at(
                "finding", self.finding, f"is not an answer {self.service.label} gives"
            )
        if type(self.checked_at) is not dt.datetime or self.checked_at.utcoffset() is None:
            raise DataError.at("checked_at", self.checked_at, "must be a timezone-aware datetime")
        v.optional_date("request_date", self.request_date)
        v.optional_text("name", self.name)
        v.optional_text("address", self.address)
        for index, item in enumerate(self.authorisations):
            if type(item) is not AeoAuthorisation:
                raise DataError.at(f"authorisations[{index}]", item, "must be an AeoAuthorisation")
        if (self.finding is Finding.AEO_FOUND) != bool(self.authorisations):
            raise DataError.at(
                "authorisations",
                self.authorisations,
                "are given exactly when the finding is 'aeo-found'",
            )
        v.optional_text("reason", self.reason)
        if (self.finding is Finding.UNAVAILABLE) != (self.reason is not None):
            raise DataError.at(
                "reason", self.reason, "is given exactly when the finding is 'unavailable'"
            )

    @property
    def on(self) -> dt.date:
        """The date the service answered: its own request date, else ``checked_at``'s."""
        return self.request_date or self.checked_at.date()


# -- which numbers a participant claims -----------------------------------------------


def _aeo_number(text: str | None) -> str | None:
    if text is None:
        return None
    return aeo.compact(text) if aeo.is_valid(text) else None


def numbers_to_check(
    participant: Participant, certifications: Iterable[Certification] = ()
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The EORI numbers and EU AEO numbers a participant claims, to ask the services.

    The EORI is ``participant.identifiers["eori"]``; the AEO numbers are
    ``identifiers["aeo"]`` and the ``reference`` of each EU AEO certification
    that is an AEO number (a reference in another form cannot be looked up).

    >>> p = Participant("rhein", "Rhein Tools", "DE", identifiers={"eori": "DE812345678901"})
    >>> cert = Certification.grant("EU-AEO", "rhein", on=dt.date(2017, 3, 1), reference="DEAEOF1234567")
    >>> numbers_to_check(p, [cert])
    (('DE812345678901',), ('DEAEOF1234567',))
    """
    eori = participant.identifiers.get("eori")
    aeos = [_aeo_number(participant.identifiers.get("aeo"))]
    aeos.extend(
        _aeo_number(cert.reference) for cert in certifications if cert.program == EU_AEO_PROGRAM
    )
    return ((eori,) if eori else ()), tuple(dict.fromkeys(n for n in aeos if n))


# -- the rule -------------------------------------------------------------------------


def _covers(listed: Iterable[str], claimed: str | None) -> bool:
    types = set(listed)
    # AEOF is the holder of both AEOC and AEOS.
    return claimed is None or claimed in types or "AEOF" in types


def _claims(participant: Participant, verdict: Verdict) -> dict[str, str | None]:
    """Each AEO number the verdict or the participant claims, with the type claimed."""
    claims: dict[str, str | None] = {}
    cert = verdict.certification
    if cert is not None and cert.program == EU_AEO_PROGRAM:
        number = _aeo_number(cert.reference) or _aeo_number(participant.identifiers.get("aeo"))
        if number is not None:
            claims[number] = cert.level_on(verdict.on) or aeo.authorisation_type(number)
    own = _aeo_number(participant.identifiers.get("aeo"))
    if own is not None and own not in claims:
        claims[own] = aeo.authorisation_type(own)
    return claims


def _types(record: Evidence) -> str:
    return ", ".join(dict.fromkeys(a.type for a in record.authorisations))


def _confirmed_aeo(number: str, record: Evidence) -> str:
    details = []
    for item in record.authorisations:
        parts = [item.type]
        if item.effective_on is not None:
            parts.append(f"effective {item.effective_on}")
        if item.authority is not None:
            parts.append(f"authority {item.authority}")
        details.append(" ".join(parts[:1]) + (f" ({', '.join(parts[1:])})" if parts[1:] else ""))
    return (
        f"EU AEO {number} confirmed by {record.service.label} on {record.on}: {'; '.join(details)}"
    )


def weigh(verdict: Verdict, participant: Participant, evidence: Sequence[Evidence]) -> Verdict:
    """The verdict with what the official services said about the participant's numbers.

    Evidence about the participant's EORI (``identifiers["eori"]``) and its EU
    AEO numbers (the reference of the EU AEO certification the verdict is
    about, and ``identifiers["aeo"]``) is turned into reasons; other records
    are ignored. On an accepted verdict:

    - a contradiction (``eori-not-registered``; ``aeo-type-mismatch``: the AEO
      is listed, but not at the claimed type) makes it fail;
    - otherwise, an answer that cannot confirm the claim
      (``aeo-not-listed``: the public list is consent-gated, so "not listed"
      is not "not certified"; ``source-unavailable``: the service failed)
      leaves it unverified;

    and the deciding reason comes first. A refused verdict stays refused,
    with the evidence reasons added after its own. Confirmations are the
    informational ``confirmed-at-source``. Without matching evidence the
    verdict is returned unchanged. Raises :class:`~ctpat.errors.DataError`
    naming a record of ``evidence`` that is not an
    :class:`~ctpat.evidence.Evidence`, and ``TypeError`` for an argument
    of the wrong type.

    >>> import ctpat
    >>> p = ctpat.Participant("bolt", "Bolt BV", "NL", identifiers={"eori": "NL123456789"})
    >>> v = ctpat.Verdict(True, dt.date(2026, 1, 15), (ctpat.Reason(ReasonCode.VALID, "own"),), "x")
    >>> record = Evidence(OfficialService.EU_EORI, "NL123456789", Finding.REGISTERED,
    ...     checked_at=dt.datetime(2026, 1, 15, tzinfo=dt.timezone.utc))
    >>> print(weigh(v, p, [record]).explain())
    Accepted on 2026-01-15 (reference data x):
    - own
    - EORI NL123456789 confirmed registered by the EU EORI validation service on 2026-01-15
    """
    claims = _claims(participant, verdict)
    eori = participant.identifiers.get("eori")
    deciding: list[Reason] = []
    unverified: list[Reason] = []
    confirmed: list[Reason] = []
    seen: set[Evidence] = set()
    for index, record in enumerate(evidence):
        if type(record) is not Evidence:
            raise DataError.at(f"evidence[{index}]", record, "must be an Evidence record")
        # Identical records count once; differing ones about one number all
        # count, so that a later "not listed" is not hidden by an earlier "listed".
        if record in seen:
            continue
        if record.service is OfficialService.EU_AEO and record.query in claims:
            seen.add(record)
            number, claimed = record.query, claims[record.query]
            if record.finding is Finding.AEO_FOUND:
                if _covers((a.type for a in record.authorisations), claimed):
                    confirmed.append(
                        Reason(ReasonCode.CONFIRMED_AT_SOURCE, _confirmed_aeo(number, record))
                    )
                else:
                    deciding.append(
                        Reason(
                            ReasonCode.AEO_TYPE_MISMATCH,
                            f"{record.service.label} lists EU AEO {number} as {_types(record)}, "
                            f"not {claimed} as claimed (on {record.on})",
                        )
                    )
            elif record.finding is Finding.AEO_NOT_LISTED:
                unverified.append(
                    Reason(
                        ReasonCode.AEO_NOT_LISTED,
                        f"{record.service.label} does not list EU AEO {number} (on {record.on}); "
                        "it lists only holders that consented to publication, "
                        "so the claim is unverified",
                    )
                )
            else:
                unverified.append(_unavailable(f"EU AEO {number}", record))
        elif record.service is not OfficialService.EU_AEO and record.query == eori:
            seen.add(record)
            if record.finding is Finding.REGISTERED:
                confirmed.append(
                    Reason(
                        ReasonCode.CONFIRMED_AT_SOURCE,
                        f"EORI {eori} confirmed registered by {record.service.label} "
                        f"on {record.on}",
                    )
                )
            elif record.finding is Finding.NOT_REGISTERED:
                deciding.append(
                    Reason(
                        ReasonCode.EORI_NOT_REGISTERED,
                        f"{record.service.label} reports EORI {eori} as not registered "
                        f"(on {record.on})",
                    )
                )
            else:
                unverified.append(_unavailable(f"EORI {eori}", record))
    if not seen:
        return verdict
    found = (*deciding, *unverified)
    if verdict.ok and found:
        ok, reasons = False, (*found, *verdict.reasons, *confirmed)
    else:
        ok, reasons = verdict.ok, (*verdict.reasons, *found, *confirmed)
    return Verdict(
        ok, verdict.on, reasons, verdict.data_version, verdict.by, verdict.certification
    )


def _unavailable(what: str, record: Evidence) -> Reason:
    return Reason(
        ReasonCode.SOURCE_UNAVAILABLE,
        f"{what} could not be checked with {record.service.label} "
        f"({record.reason}); it is unverified",
    )
