"""The one rule: is a certification in force on a date, under its program's rules?

A certification's events give its status (:meth:`ctpat.Certification.events_standing_on`:
applied, certified, suspended, revoked ..., and expired once a printed expiry
passes). A program adds its own rules on top, and this module is the only
place that applies them:

- a **fixed term** for the level held, or for the program (a FAST card's five
  years, India's three or five by tier): a certification with no printed
  expiry lapses at the end of the term unless renewed;
- an **issuer's end**: the program stopped honouring what one country issued
  (EU AEO authorisations issued by the United Kingdom, after 2020-12-31); the
  issuing country is read from an AEO authorisation number in ``reference``,
  else taken from ``issued_in`` (the holder's country);
- the **program's own dates** (``started_on``, ``ended_on``).

:func:`standing` returns the :class:`~ctpat.Standing` under all of them, with
``expiry`` the last day in force and ``cause`` what ended it when no event did;
:func:`in_force` is whether that standing is ``certified``; :func:`deadlines`
are the soft deadlines and the expiry of a certification still in force
(none of a milestone its source does not record); :func:`reason` is the sentence a verdict gives for a standing.
Recognition, verification, vetting, FAST lanes, the calendar and CBAM
authorisations all ask here.

>>> from datetime import date
>>> import ctpat
>>> from ctpat import validity
>>> fast = ctpat.reference().program("FAST")
>>> card = ctpat.Certification.grant("FAST", "drv", on=date(2015, 1, 1))
>>> card.events_standing_on(date(2026, 6, 1)).status  # the events alone
<Status.CERTIFIED: 'certified'>
>>> s = validity.standing(fast, card, on=date(2026, 6, 1))
>>> s.status, s.since, s.cause
(<Status.EXPIRED: 'expired'>, datetime.date(2020, 1, 1), <Cause.FIXED_TERM: 'fixed-term'>)
>>> print(validity.reason(fast, card, s).message)
FAST certification of drv expired after 2019-12-31: FAST certifications last a fixed term; granted 2015-01-01, no renewal is on record
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import NamedTuple

from ctpat._dates import ONE_DAY
from ctpat.certifications import Certification
from ctpat.enums import Cause, ReasonCode, Status
from ctpat.errors import DataError, InvalidIdentifier
from ctpat.lifecycle import EXPIRABLE, Standing
from ctpat.programs import Deadline, Program
from ctpat.verdicts import Reason

__all__ = [
    "Ruling",
    "applied",
    "deadlines",
    "describe",
    "in_force",
    "issuer",
    "reason",
    "ruling",
    "standing",
]

_CERTIFIED, _EXPIRED, _NONE = Status.CERTIFIED, Status.EXPIRED, Status.NONE
# Read once: a member looked up on its enum class costs a call to the enum's
# metaclass, and :func:`reason` words one reason for every certification a vet decides.
_APPLICANT, _VALID = Status.APPLICANT, ReasonCode.VALID
_FIXED_TERM, _ISSUER_ENDED, _PROGRAM_ENDED = (
    Cause.FIXED_TERM,
    Cause.ISSUER_ENDED,
    Cause.PROGRAM_ENDED,
)
_NOT_STARTED, _PRINTED_EXPIRY = Cause.PROGRAM_NOT_STARTED, Cause.PRINTED_EXPIRY


class Ruling(NamedTuple):
    """What a program's rules make of the standing a certification's events give:
    its status and since when, the last day in force they set, and what ended it.

    Raises nothing: built by :func:`ruling`, its fields are not checked.
    """

    status: Status
    since: dt.date | None
    expiry: dt.date | None
    cause: Cause | None


def ruling(
    program: Program,
    certification: Certification,
    events: Standing,
    on: dt.date,
    issued_in: str | None = None,
) -> Ruling | None:
    """What ``program``'s rules change of ``events`` (the certification's
    standing on ``on`` from its events alone), or ``None`` if it stands as it is.

    This is the rule itself; :func:`standing` applies it. Raises
    :class:`~ctpat.errors.DataError` naming ``certification``, ``events`` or
    ``issued_in`` for a value of the wrong type, or ``program`` when it is not
    the certification's own program.

    >>> from datetime import date
    >>> import ctpat
    >>> fast = ctpat.reference().program("FAST")
    >>> card = ctpat.Certification.grant("FAST", "drv", on=date(2015, 1, 1))
    >>> ruling(fast, card, card.events_standing_on(date(2016, 1, 1)), date(2016, 1, 1))
    Ruling(status=<Status.CERTIFIED: 'certified'>, since=datetime.date(2015, 1, 1), expiry=datetime.date(2019, 12, 31), cause=None)
    """
    if type(certification) is not Certification:
        raise DataError.at("certification", certification, "must be a Certification")
    if type(events) is not Standing:
        raise DataError.at("events", events, "must be the certification's Standing")
    if issued_in is not None and type(issued_in) is not str:
        # Not an exception further down but a skipped issuer rule: a wrong answer.
        raise _wrong_country(issued_in)
    if type(program) is not Program:
        raise DataError.at("program", program, "must be a Program")
    rules = _rules_of(program)
    if program.code != certification.program:
        raise _wrong_program(program, certification)
    status = events.status
    started = rules.started_on
    if started is not None and on < started and status is not _NONE:
        return Ruling(_NONE, None, events.expiry, Cause.PROGRAM_NOT_STARTED)
    if not rules.any or (status not in EXPIRABLE and status is not _EXPIRED):
        return None  # no rule of the program can end it
    end = _end(rules, certification, events, issued_in)
    if end is None:
        return None
    last, cause = end
    if status is _EXPIRED:
        # Lapsed by its printed expiry: an earlier end of another rule is the
        # one that ended it.
        assert events.until is not None  # only a printed expiry expires by events
        if last >= events.until:
            return None
    elif on <= last:
        return None if last == events.expiry else Ruling(status, events.since, last, None)
    return Ruling(_EXPIRED, last + ONE_DAY, last, cause)


def applied(events: Standing, found: Ruling | None) -> Standing:
    """The standing ``events`` with a :func:`ruling` applied to it.

    Raises ``TypeError`` naming ``events`` or ``found`` for a value of the wrong type.
    """
    if type(events) is not Standing:
        raise TypeError(
            f"applied() argument 'events': must be Standing, not {type(events).__name__}"
        )
    if found is not None and type(found) is not Ruling:
        raise TypeError(f"applied() argument 'found': must be Ruling, not {type(found).__name__}")
    if found is None:
        return events
    return Standing(
        found.status,
        found.since,
        events.level,
        events.certified_on,
        events.validated_on,
        events.reviewed_on,
        events.until,
        found.expiry,
        found.cause,
    )


def standing(
    program: Program, certification: Certification, *, on: dt.date, issued_in: str | None = None
) -> Standing:
    """The certification's standing on ``on`` under every rule of ``program``.

    ``program`` must be the certification's own program; ``issued_in`` is the
    country that issued it when its ``reference`` is not an AEO number that
    says so (usually the holder's country). Raises
    :class:`~ctpat.errors.DataError` if ``on`` is not a date or ``program`` is
    not the certification's program.

    >>> from datetime import date
    >>> import ctpat
    >>> eu = ctpat.reference().program("EU-AEO")
    >>> uk = ctpat.Certification.grant("EU-AEO", "x", on=date(2015, 1, 1), reference="GBAEOF0001")
    >>> standing(eu, uk, on=date(2021, 1, 1)).cause
    <Cause.ISSUER_ENDED: 'issuer-ended'>
    """
    events = certification.events_standing_on(on)
    return applied(events, ruling(program, certification, events, on, issued_in))


def in_force(
    program: Program, certification: Certification, *, on: dt.date, issued_in: str | None = None
) -> bool:
    """Whether :func:`standing` is ``certified`` on ``on``.

    Raises what :func:`standing` raises (and ``TypeError`` for an argument
    of the wrong type).

    >>> from datetime import date
    >>> import ctpat
    >>> ctpat.validity.in_force(
    ...     ctpat.reference().program("CTPAT"),
    ...     ctpat.Certification.grant("CTPAT", "acme", on=date(2020, 1, 6)),
    ...     on=date(2026, 1, 15),
    ... )
    True
    """
    events = certification.events_standing_on(on)
    found = ruling(program, certification, events, on, issued_in)
    return (events.status if found is None else found.status) is _CERTIFIED


def deadlines(
    program: Program, certification: Certification, *, on: dt.date, issued_in: str | None = None
) -> tuple[Deadline, ...]:
    """The certification's deadlines seen on ``on``, by due date, under every rule
    of ``program``: none once it is out of force; its expiry the earliest end any
    rule sets. Raises what :func:`standing` raises (and ``TypeError`` for
    an argument of the wrong type).

    >>> from datetime import date
    >>> import ctpat
    >>> card = ctpat.Certification.grant("FAST", "drv", on=date(2015, 1, 1))
    >>> deadlines(ctpat.reference().program("FAST"), card, on=date(2026, 6, 1))
    ()
    """
    found = standing(program, certification, on=on, issued_in=issued_in)
    return program.policy_for(found.level).deadlines_for(certification, found, on=on)


def issuer(certification: Certification, issued_in: str | None = None) -> str | None:
    """The country that issued the certification: the country of an AEO
    authorisation number in ``reference``, else ``issued_in``.

    Raises :class:`~ctpat.errors.DataError` naming ``issued_in`` when it is
    neither a string nor ``None``, and ``AttributeError`` for a ``certification``
    that is not one.

    >>> import ctpat
    >>> from datetime import date
    >>> issuer(ctpat.Certification.grant("EU-AEO", "x", on=date(2020, 1, 1), reference="DEAEOF12345"))
    'DE'
    """
    if issued_in is not None and type(issued_in) is not str:
        raise _wrong_country(issued_in)
    reference = certification.reference
    if reference is None:
        return issued_in
    found = _number_country(reference)
    return issued_in if found is None else found


# Checking an AEO number is the costly part of the issuer rule, and many
# certifications are asked about again and again.
@functools.lru_cache(maxsize=50_000)
def _number_country(reference: str) -> str | None:
    """The issuing country of a reference that is an AEO number, else ``None``."""
    from ctpat.identifiers import aeo  # the schemes load on first use

    try:
        return aeo.country(reference)  # one check of the number, not two
    except InvalidIdentifier:
        return None


def describe(certification: Certification) -> str:
    """How a verdict names a certification: program, reference and holder.

    Raises :class:`~ctpat.errors.DataError` naming ``certification`` when it
    is not a :class:`~ctpat.Certification`.

    >>> import ctpat
    >>> from datetime import date
    >>> describe(ctpat.Certification.grant("CTPAT", "acme", on=date(2020, 1, 6), reference="SVI-1"))
    'CTPAT certification SVI-1 of acme'
    """
    if type(certification) is not Certification:
        raise DataError.at("certification", certification, "must be a Certification")
    ref = f" {certification.reference}" if certification.reference else ""
    return f"{certification.program} certification{ref} of {certification.holder}"


def reason(
    program: Program,
    certification: Certification,
    found: Standing,
    *,
    issued_in: str | None = None,
) -> Reason:
    """The reason a verdict gives for the certification being in ``found`` (as
    :func:`standing` gave it, with the same ``issued_in``).

    ``valid`` for a certification in force (with its level, last validation and
    expiry); otherwise the code of its status, worded after what ended it.
    Raises :class:`~ctpat.errors.DataError` naming ``found``, ``program`` or
    ``certification`` for a value of the wrong type.
    """
    if type(found) is not Standing:
        raise DataError.at("found", found, "must be a Standing")
    if type(program) is not Program:
        raise DataError.at("program", program, "must be a Program")
    name = describe(certification)
    status = found.status
    if status is _CERTIFIED:
        # isoformat() is what str() of a date gives, without format()'s detour.
        assert found.certified_on is not None  # a certified standing always has it
        message = f"{name} is certified since {found.certified_on.isoformat()}"
        if found.level is not None:
            message += f", at level {found.level}"
        if found.validated_on is not None:
            message += f", last validated {found.validated_on.isoformat()}"
        if found.expiry is not None:
            message += f", valid until {found.expiry.isoformat()}"
        return Reason(_VALID, message)
    code = ReasonCode.for_status(status)
    cause = found.cause
    if cause is _FIXED_TERM:
        level = f" at level {found.level}" if found.level is not None and program.levels else ""
        message = (
            f"{name} expired after {found.expiry}: {program.code} certifications{level} last "
            f"a fixed term; granted {found.certified_on}, no renewal is on record"
        )
    elif cause is _ISSUER_ENDED:
        end = program.issuer_end(issuer(certification, issued_in))
        assert end is not None  # standing() found it the same way
        message = (
            f"{name}: issued in {end.country}, no longer valid after {end.last_day} ({end.note})"
        )
    elif cause is _PROGRAM_ENDED:
        message = f"{name}: the {program.code} program ended on {program.ended_on}"
    elif cause is _NOT_STARTED:
        message = f"{name}: the {program.code} program starts on {program.started_on}"
    elif cause is _PRINTED_EXPIRY:
        # An expiry a list states ("Expired" as of a date) is not one printed on
        # the certificate: the event that set it says so in its note.
        stated = next(
            (e.note for e in certification.events if e.until == found.until and e.note),
            None,
        )
        if stated is not None:
            message = f"{name} expired after {found.until} ({stated}); no renewal is on record"
        else:
            message = f"{name} expired after {found.until}, the expiry on the certificate; no renewal is on record"
    elif status is _NONE:
        message = f"{name} has no event on record yet (first on {certification.started_on})"
    elif status is _APPLICANT:
        # The application's own date is rarely known: the applied event's date
        # is when it was on record as pending (a sheet's as-of date).
        message = (
            f"{name}: application pending (an applicant is not certified; "
            f"on record as of {found.since})"
        )
    else:
        message = f"{name} is {status.value} since {found.since}"
    return Reason(code, message)


class _Rules(NamedTuple):
    """What a program's rules need, worked out once per program."""

    program: Program
    started_on: dt.date | None
    #: Whether any rule (a fixed term, an ended issuer, the program's end) can
    #: end a certification at all.
    any: bool
    terms: bool
    ended: frozenset[str]
    ended_on: dt.date | None


# What each program's rules need, by code. The program is kept with its facts
# and compared by identity on every look-up, so another program with the same
# code (a caller's own registry) never reads them; hashing a program (every
# field) would cost more than the rule itself.
_RULES: dict[str, _Rules] = {}


def _rules_of(program: Program) -> _Rules:
    rules = _RULES.get(program.code)
    if rules is not None and rules.program is program:
        return rules
    ended = frozenset(end.country for end in program.ended_issuers)
    terms = program.has_terms
    rules = _Rules(
        program,
        program.started_on,
        terms or bool(ended) or program.ended_on is not None,
        terms,
        ended,
        program.ended_on,
    )
    if len(_RULES) >= 1024:
        _RULES.clear()
    _RULES[program.code] = rules
    return rules


def _end(
    rules: _Rules, certification: Certification, events: Standing, issued_in: str | None
) -> tuple[dt.date, Cause] | None:
    """The earliest last day in force that the program's rules set (other than a
    printed expiry), and which rule sets it."""
    best: tuple[dt.date, Cause] | None = None
    certified_on = events.certified_on
    if rules.terms and events.until is None and certified_on is not None:
        term = _term_end(rules.program, events.level, certified_on)
        if term is not None:
            best = (term, Cause.FIXED_TERM)
    if rules.ended:
        end = _issuer_end(rules, certification, issued_in)
        if end is not None and (best is None or end < best[0]):
            best = (end, Cause.ISSUER_ENDED)
    ended = rules.ended_on
    if ended is not None and (best is None or ended < best[0]):
        best = (ended, Cause.PROGRAM_ENDED)
    return best


# The end of a fixed term, by program, level and grant date: many certifications
# share a grant date, and the date arithmetic is the costly part of the rule.
# The program is kept with its answer and compared by identity, as in _RULES.
_TERM_ENDS: dict[tuple[str, str | None, dt.date], tuple[Program, dt.date | None]] = {}


def _term_end(program: Program, level: str | None, certified_on: dt.date) -> dt.date | None:
    key = (program.code, level, certified_on)
    found = _TERM_ENDS.get(key)
    if found is not None and found[0] is program:
        return found[1]
    end = program.term_end(level, certified_on)
    if len(_TERM_ENDS) >= 50_000:
        _TERM_ENDS.clear()
    _TERM_ENDS[key] = (program, end)
    return end


def _issuer_end(
    rules: _Rules, certification: Certification, issued_in: str | None
) -> dt.date | None:
    if not rules.ended:
        return None
    end = rules.program.issuer_end(issuer(certification, issued_in))
    return None if end is None else end.last_day


def _wrong_country(issued_in: object) -> DataError:
    return DataError.at("issued_in", issued_in, "must be a country code (a string) or None")


def _wrong_program(program: object, certification: Certification) -> DataError:
    if type(program) is not Program:
        return DataError.at("program", program, "must be a Program")
    return DataError.at(
        "program", program.code, f"is not the certification's program ({certification.program})"
    )
