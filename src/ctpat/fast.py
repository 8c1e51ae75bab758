"""FAST: whether a truck may use the Free and Secure Trade lane at a land border.

FAST is a commercial clearance program for known low-risk shipments crossing
the land borders of the United States with Canada (since December 2002) and
Mexico (since September 2003). A shipment qualifies only if *every* link named
for its lane is enrolled (68 FR 55405, 25 September 2003,
"Modification of Free and Secure Trade Prototype"; CBP's FAST page,
https://www.cbp.gov/travel/trusted-traveler-programs/fast ; CBSA's "About the
Free and Secure Trade program",
https://www.cbsa-asfc.gc.ca/prog/fast-expres/about-apropos-eng.html):

- **Into the US, northern border**: the importer is CTPAT-certified, the
  highway carrier is CTPAT-certified as a highway carrier, and the driver holds
  a valid FAST commercial driver card.
- **Into the US, southern border**: the same, plus goods made by a
  CTPAT-certified manufacturer and sealed by that manufacturer with a
  high-security seal (ISO 17712).
- **Into Canada** (northern border only): the importer and the highway carrier
  are Partners in Protection (PIP, ``"CA-PIP"``) members and the driver holds a
  valid FAST card. (A CBSA CDRP card also qualifies a driver into Canada; it is
  not modelled.)

FAST is a benefit of CTPAT and PIP *themselves*: mutual recognition cannot
stand in. An EU AEO that CTPAT recognises under the US-EU arrangement, or a PIP
carrier that CTPAT recognises under US-CA, does not make the importer or the
carrier qualify for a FAST lane into the US, and a CTPAT member does not
qualify for one into Canada through US-CA.

:func:`lane_eligibility` checks the parties of one crossing against a
:class:`~ctpat.Registry` holding their certifications and returns a
:class:`~ctpat.Verdict` with one reason per party; :func:`card` records a FAST
driver card with its 5-year term.

>>> from datetime import date
>>> import ctpat
>>> from ctpat import Certification, Participant, Role, fast
>>> registry = ctpat.reference().with_partners(ctpat.PartnerData(
...     participants=[
...         Participant("acme", "Acme Imports Inc.", "US", roles={Role.IMPORTER}),
...         Participant("maple", "Maple Trucking", "CA", roles={Role.HIGHWAY_CARRIER}),
...         Participant("d-17", "Jo Tremblay", "CA", roles={Role.DRIVER}),
...     ],
...     certifications=[
...         Certification.grant("CTPAT", "acme", on=date(2023, 3, 1), level="tier-1"),
...         Certification.grant("CTPAT", "maple", on=date(2021, 5, 1), role=Role.HIGHWAY_CARRIER),
...         fast.card("d-17", on=date(2021, 5, 3)),
...     ],
... ))
>>> verdict = fast.lane_eligibility(
...     registry, into="US", border="northern",
...     importer="acme", carrier="maple", driver="d-17", on=date(2026, 6, 1),
... )
>>> bool(verdict)
False
>>> print(verdict.explain())
Not accepted by FAST on 2026-06-01 (reference data 2026-12-07):
- importer acme: CTPAT certification in force since 2023-03-01
- carrier maple: CTPAT certification in force since 2021-05-01
- driver d-17: FAST card expired since 2026-05-03
"""

from __future__ import annotations

import datetime as dt
from typing import Final

import attrs

from ctpat import _validation as v
from ctpat.certifications import Certification
from ctpat.enums import Cause, ReasonCode, Role, Status
from ctpat.errors import DataError
from ctpat.lifecycle import Standing
from ctpat.participants import Participant
from ctpat.registry import Registry, reference
from ctpat.verdicts import Reason, Verdict

__all__ = ["BORDERS", "INTO", "PROGRAM", "card", "lane_eligibility"]

#: The program code of the FAST commercial driver card.
PROGRAM: Final = "FAST"

#: The countries a FAST lane leads into.
INTO: Final = ("US", "CA")

#: The land borders with FAST lanes.
BORDERS: Final = ("northern", "southern")

_CTPAT: Final = "CTPAT"
_PIP: Final = "CA-PIP"


@attrs.frozen
class _Need:
    """What one party of a lane must hold.

    ``role`` is the entity type the certification must cover (``None``: any
    certification of the program). ``listed``: whether a certification that
    names no role counts only if the participant is listed in ``role``.
    """

    party: str
    program: str
    role: Role | None
    listed: bool

    @property
    def noun(self) -> str:
        return "FAST card" if self.program == PROGRAM else f"{self.program} certification"


# The importer of record is whoever makes entry, so an importer's certification
# need only not be limited to another role; a carrier or manufacturer must be
# certified as one, because CTPAT and PIP certify each business entity type.
_IMPORTER_CTPAT = _Need("importer", _CTPAT, Role.IMPORTER, listed=False)
_CARRIER_CTPAT = _Need("carrier", _CTPAT, Role.HIGHWAY_CARRIER, listed=True)
_MANUFACTURER_CTPAT = _Need("manufacturer", _CTPAT, Role.MANUFACTURER, listed=True)
_IMPORTER_PIP = _Need("importer", _PIP, Role.IMPORTER, listed=False)
_CARRIER_PIP = _Need("carrier", _PIP, Role.HIGHWAY_CARRIER, listed=True)
# FAST admits only drivers, so any FAST certification is a driver card.
_DRIVER_FAST = _Need("driver", PROGRAM, None, listed=False)

#: The importer, carrier and driver needs of the lanes into each country.
_LANE_PARTIES: Final = {
    "US": (_IMPORTER_CTPAT, _CARRIER_CTPAT, _DRIVER_FAST),
    "CA": (_IMPORTER_PIP, _CARRIER_PIP, _DRIVER_FAST),
}


_SEAL = "high-security seal (ISO 17712)"


def card(
    driver: str,
    *,
    on: dt.date,
    until: dt.date | None = None,
    reference: str | None = None,
    registry: Registry | None = None,
) -> Certification:
    """A FAST commercial driver card issued to ``driver`` on ``on``.

    The card is a ``FAST`` certification covering :attr:`~ctpat.Role.DRIVER`.
    ``until``, the last valid day, defaults to the end of the FAST program's
    5-year term: the day before the fifth anniversary of issue. (The 5 years
    come from the bundled reference data, where they are marked uncertain;
    CBP's rule that a renewed term ends on the driver's birthday is not
    modelled, so give ``until`` from the card when you have it.) The term is
    read from ``registry``'s FAST program (default: the bundled reference data).
    Raises :class:`~ctpat.errors.UnknownProgram` for a ``registry`` without
    FAST, :class:`~ctpat.errors.DataError` naming the field for a value of the
    wrong type or an ``until`` before ``on``, and ``TypeError`` for an
    argument of the wrong type.

    >>> from datetime import date
    >>> c = card("d-17", on=date(2021, 5, 3), reference="FAST-4242")
    >>> c.program, c.role, c.events_standing_on(date(2021, 5, 3)).until
    ('FAST', <Role.DRIVER: 'driver'>, datetime.date(2026, 5, 2))
    >>> card("d-18", on=date(2024, 2, 29)).events_standing_on(date(2024, 3, 1)).until
    datetime.date(2029, 2, 27)
    """
    # The term comes from the FAST program's policy in the reference data, so
    # that a corrected term there reaches every card issued here.
    source = _bundled() if registry is None else registry
    program = source.program(PROGRAM)
    if until is None:
        until = program.term_end(None, on)
    return Certification.grant(
        PROGRAM, driver, on=on, until=until, reference=reference, role=Role.DRIVER
    )


def _bundled() -> Registry:
    # ``reference`` is also this module's name for a card number.
    return reference()


def lane_eligibility(
    registry: Registry,
    *,
    into: str,
    border: str,
    importer: str | Participant,
    carrier: str | Participant,
    driver: str | Participant,
    on: dt.date,
    manufacturer: str | Participant | None = None,
    sealed: bool = False,
) -> Verdict:
    """Whether a shipment may use a FAST lane on ``on``, party by party.

    ``into`` is ``"US"`` or ``"CA"``, ``border`` ``"northern"`` or
    ``"southern"`` (into Canada, only ``"northern"``). Parties are participant
    ids or :class:`~ctpat.Participant` objects known to ``registry``;
    ``manufacturer`` and ``sealed`` (a high-security seal applied by the
    manufacturer) count only at the southern border.

    The verdict has one reason per party, in the order importer, carrier,
    driver, manufacturer, seal: ``valid`` for a party that qualifies;
    ``suspended``, ``expired``, ``revoked``, ``withdrawn``, ``rejected`` or
    ``not-certified-yet`` for one whose needed certification exists but is not
    in force (naming the day that status began); ``missing-party`` for one
    with nothing suitable -- no certification of the needed program, one for
    another role only, or only a foreign program recognised under a mutual
    recognition arrangement, which does not count for FAST. It is ``ok`` only
    if every party qualifies. Of several certifications of the needed program
    and role, any one in force suffices; if none is, the one started last is
    reported.

    Raises :class:`~ctpat.errors.DataError` naming ``into`` or ``border`` for
    an unknown lane, and :class:`~ctpat.errors.UnknownParticipant` for a party
    the registry does not know.

    >>> from datetime import date
    >>> import ctpat
    >>> from ctpat import Certification, Participant, Role
    >>> registry = ctpat.reference().with_partners(ctpat.PartnerData(
    ...     participants=[
    ...         Participant("acme", "Acme Imports Inc.", "US"),
    ...         Participant("bajio", "Bajio Autopartes", "MX", roles={Role.MANUFACTURER}),
    ...         Participant("rio", "Rio Bravo Freight", "MX", roles={Role.HIGHWAY_CARRIER}),
    ...         Participant("d-9", "Ana Garza", "MX", roles={Role.DRIVER}),
    ...     ],
    ...     certifications=[
    ...         Certification.grant("CTPAT", "acme", on=date(2022, 1, 10), role=Role.IMPORTER),
    ...         Certification.grant("CTPAT", "bajio", on=date(2020, 8, 3)),
    ...         Certification.grant("CTPAT", "rio", on=date(2019, 6, 1)),
    ...         card("d-9", on=date(2024, 4, 2)),
    ...     ],
    ... ))
    >>> verdict = lane_eligibility(
    ...     registry, into="US", border="southern", importer="acme", carrier="rio",
    ...     driver="d-9", manufacturer="bajio", on=date(2026, 6, 1),
    ... )
    >>> bool(verdict), verdict.codes()[-1], verdict.reasons[-1].message
    (False, <ReasonCode.MISSING_PARTY: 'missing-party'>, 'seal: no manufacturer-applied high-security seal (ISO 17712); the southern border lane needs one')
    """
    country, side = _lane(into, border)
    v.date("on", on)
    if type(sealed) is not bool:
        raise DataError.at("sealed", sealed, "must be True or False")
    needs = _LANE_PARTIES[country]
    # Resolve every party first, so that an unknown one is an error whatever
    # the others hold.
    parties = [_resolve(registry, p) for p in (importer, carrier, driver)]
    maker = None if manufacturer is None else _resolve(registry, manufacturer)
    reasons = [
        _check(registry, need, party, on) for need, party in zip(needs, parties, strict=True)
    ]
    if side == "southern":
        if maker is None:
            reasons.append(
                Reason(
                    ReasonCode.MISSING_PARTY,
                    "manufacturer: none given; the southern border lane needs goods made by "
                    "a CTPAT-certified manufacturer",
                )
            )
        else:
            reasons.append(_check(registry, _MANUFACTURER_CTPAT, maker, on))
        if sealed:
            reasons.append(Reason(ReasonCode.VALID, f"seal: applied by the manufacturer, {_SEAL}"))
        else:
            reasons.append(
                Reason(
                    ReasonCode.MISSING_PARTY,
                    f"seal: no manufacturer-applied {_SEAL}; the southern border lane needs one",
                )
            )
    ok = all(reason.code is ReasonCode.VALID for reason in reasons)
    return Verdict(ok, on, tuple(reasons), registry.data_version, PROGRAM, None)


def _lane(into: object, border: object) -> tuple[str, str]:
    if into not in INTO or type(into) is not str:
        raise DataError.at("into", into, "must be 'US' or 'CA'")
    if border not in BORDERS or type(border) is not str:
        raise DataError.at("border", border, "must be 'northern' or 'southern'")
    if into == "CA" and border == "southern":
        raise DataError.at(
            "border", border, "FAST lanes into Canada are at the northern border only"
        )
    return into, border


def _resolve(registry: Registry, party: str | Participant) -> Participant:
    if isinstance(party, Participant):
        # The object itself is used, as Registry.verify does, once its id is known.
        registry.participant(party.id)
        return party
    return registry.participant(party)


def _covers(need: _Need, certification: Certification, participant: Participant) -> bool:
    if need.role is None:
        return True
    if certification.role is not None:
        return certification.role is need.role
    return not need.listed or need.role in participant.roles


def _check(registry: Registry, need: _Need, participant: Participant, on: dt.date) -> Reason:
    """The one reason for one party: what it holds for ``need`` on ``on``."""
    who = f"{need.party} {participant.id}"
    held = registry.certifications_of(participant.id)
    own = [c for c in held if c.program == need.program]
    suitable = [c for c in own if _covers(need, c, participant)]
    country = participant.country
    for certification in suitable:
        standing = registry.standing(certification, on=on, issued_in=country)
        if standing.status is Status.CERTIFIED:
            until = f", valid until {standing.expiry}" if standing.expiry is not None else ""
            return Reason(
                ReasonCode.VALID, f"{who}: {need.noun} in force since {standing.since}{until}"
            )
    if suitable:
        # The one started last says most about where the party stands now.
        latest = max(enumerate(suitable), key=lambda item: (item[1].started_on, item[0]))[1]
        standing = registry.standing(latest, on=on, issued_in=country)
        state = _state(latest, standing)
        return Reason(ReasonCode.for_status(standing.status), f"{who}: {need.noun} {state}")
    if own:
        assert need.role is not None  # without a role every certification is suitable
        message = _other_roles(need.noun, need.role, own, participant)
        return Reason(ReasonCode.MISSING_PARTY, f"{who}: {message}")
    for certification in held:
        verdict = registry.recognizes(need.program, certification, on=on, role=need.role)
        if verdict.ok:
            return Reason(
                ReasonCode.MISSING_PARTY,
                f"{who}: holds {certification.program}, which {need.program} recognises under "
                f"{verdict.arrangement}, but FAST lanes need {need.program} itself",
                verdict.arrangement,
            )
    return Reason(ReasonCode.MISSING_PARTY, f"{who}: no {need.noun} on record")


def _state(certification: Certification, standing: Standing) -> str:
    status = standing.status
    if status is Status.NONE:
        return f"not in force yet (first recorded on {certification.started_on})"
    if status is Status.APPLICANT:
        return f"applied for since {standing.since}, not certified yet"
    if standing.cause is Cause.FIXED_TERM:
        return (
            f"expired since {standing.since}: granted {standing.certified_on}, its fixed "
            "term ran out and no renewal is on record"
        )
    return f"{status.value} since {standing.since}"


def _other_roles(noun: str, role: Role, own: list[Certification], participant: Participant) -> str:
    needed = _role_name(role)
    covered = sorted({_role_name(c.role) for c in own if c.role is not None})
    if covered:
        return f"{noun} covers {', '.join(covered)}, not {needed}"
    return f"{noun} names no role and {participant.id} is not listed as a {needed}"


def _role_name(role: Role) -> str:
    return role.value.replace("-", " ")
