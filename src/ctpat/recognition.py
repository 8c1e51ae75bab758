"""Recognition: does program X accept this certification on day D, and why?

The checks, in order: both programs are known; the certification is in force
that day under its program's rules (:mod:`ctpat.validity`); the same program
accepts its own certification (for the role it covers); otherwise an
arrangement whose recognition in this direction is in force that day, and
which covers the level held and the role. Recognition is never transitive:
arrangements are not chained.

:func:`recognizes` gives the answer as a :class:`~ctpat.Verdict` with its
reasons, the deciding one first, worked out in the same pass that decides it;
:func:`decider` gives the same verdicts for one question asked of many
certifications (a vet's), and :func:`accepts` the bare yes or no. All three run
one function, so a vet decides exactly as the verdicts it shows.

>>> from datetime import date
>>> import ctpat
>>> from ctpat import recognition
>>> catalog = ctpat.reference().catalog
>>> aeoc = ctpat.Certification.grant("EU-AEO", "nut", on=date(2019, 4, 1), level="AEOC")
>>> recognition.accepts(catalog, "CTPAT", aeoc, on=date(2026, 1, 15))
False
>>> print(recognition.recognizes(catalog, "CTPAT", aeoc, on=date(2026, 1, 15)).explain())  # doctest: +ELLIPSIS
Not accepted by CTPAT on 2026-01-15 (reference data ...):
- US-EU: CTPAT accepts EU-AEO only at level AEOF, AEOS; this certification holds AEOC
- EU-AEO certification of nut is certified since 2019-04-01, at level AEOC

(Over 500 lines: the checks and the wording of every reason they give are one
job, kept together so that a decision and the reasons shown for it cannot drift
apart.)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from functools import partial
from typing import NamedTuple

from ctpat import validity
from ctpat._validation import date as _check_date
from ctpat.arrangements import CONDITIONS, Arrangement, Recognition
from ctpat.catalog import Catalog
from ctpat.certifications import Certification
from ctpat.enums import Cause, Confidence, EventKind, ReasonCode, Role, Status
from ctpat.errors import DataError
from ctpat.programs import Program
from ctpat.verdicts import Reason, Verdict

__all__ = ["accepts", "check_question", "decider", "recognized_by", "recognizes"]

_CERTIFIED = Status.CERTIFIED
_UNCONFIRMED = ReasonCode.UNCONFIRMED_FACT
_RENEWED = EventKind.RENEWED
_FIXED_TERM = Cause.FIXED_TERM
_NOTHING_UNRECORDED: frozenset[str] = frozenset()
_Scope = tuple[bool, tuple[Reason, ...]]


def recognizes(
    catalog: Catalog,
    by: str,
    certification: Certification,
    *,
    on: dt.date,
    role: Role | None = None,
    issued_in: str | None = None,
) -> Verdict:
    """Does program ``by`` accept ``certification`` on ``on`` (for ``role``)?

    The verdict lists the deciding reason first: for a refusal, what refused
    it (the certification's status, the missing or out-of-scope arrangement),
    then what else is true of the certification; for an acceptance, the
    certification's standing, then the arrangement relied on (or the program's
    own acceptance) and its conditions. Informational reasons follow:
    ``condition``, ``deadline-overdue`` (a soft deadline passed),
    ``status-not-stated`` (the file it came from gave no status). Raises
    :class:`~ctpat.errors.DataError` for an ``on`` that is not a date, a
    ``role`` that is not a :class:`~ctpat.Role`, a ``by`` that is not a
    string, or a ``certification`` that is not a :class:`~ctpat.Certification`.
    """
    _check_by(by)
    check_question(on, role)
    programs, version = catalog.programs, catalog.data_version
    return _verdict(programs, catalog, version, by, on, role, None, certification, issued_in)


def accepts(
    catalog: Catalog,
    by: str,
    certification: Certification,
    *,
    on: dt.date,
    role: Role | None = None,
    issued_in: str | None = None,
) -> bool:
    """``bool(recognizes(...))``, without wording the reasons.

    Raises what :func:`recognizes` raises.
    """
    _check_by(by)
    check_question(on, role)
    return _judge(catalog.programs, catalog, by, on, role, None, None, certification, issued_in)


def decider(
    catalog: Catalog, by: str, *, on: dt.date, role: Role | None = None
) -> Callable[[Certification, str | None], Verdict]:
    """``decide(certification, issued_in)``: :func:`recognizes` for one question
    (program, day, role) asked of many certifications, as a vet does.

    The question is checked once, here (raising what :func:`recognizes`
    raises); each call decides and words one verdict in one pass, with the
    answers about arrangements kept for the question's lifetime.

    >>> from datetime import date
    >>> import ctpat
    >>> decide = decider(ctpat.reference().catalog, "CTPAT", on=date(2026, 1, 15))
    >>> verdict = decide(ctpat.Certification.grant("CTPAT", "acme", on=date(2020, 1, 6)), None)
    >>> verdict.ok, verdict.deciding.code
    (True, <ReasonCode.SAME_PROGRAM: 'same-program'>)
    """
    _check_by(by)
    check_question(on, role)
    scopes: dict[tuple[str, str | None, Role | None], _Acceptance] = {}
    return partial(_verdict, catalog.programs, catalog, catalog.data_version, by, on, role, scopes)


def _verdict(
    programs: Mapping[str, Program],
    catalog: Catalog,
    version: str,
    by: str,
    on: dt.date,
    role: Role | None,
    scopes: dict[tuple[str, str | None, Role | None], _Acceptance] | None,
    certification: Certification,
    issued_in: str | None,
) -> Verdict:
    """The verdict of :func:`_judge`, with its reasons (``programs`` and
    ``version`` are the catalog's)."""
    reasons: list[Reason] = []
    ok = _judge(programs, catalog, by, on, role, reasons, scopes, certification, issued_in)
    return Verdict(ok, on, tuple(reasons), version, by, certification)


def recognized_by(catalog: Catalog, code: str, *, on: dt.date) -> frozenset[str]:
    """The other programs whose certifications ``code`` accepts on ``on``.

    Raises :class:`~ctpat.errors.UnknownProgram` for an unknown code and
    :class:`~ctpat.errors.DataError` for an ``on`` that is not a date.

    >>> from datetime import date
    >>> import ctpat
    >>> "EU-AEO" in recognized_by(ctpat.reference().catalog, "CTPAT", on=date(2013, 6, 1))
    True
    """
    catalog.program(code)
    _check_date("on", on)
    return frozenset(
        rec.of
        for arrangement, rec in catalog.recognitions_by(code)
        if arrangement.recognition_in_force(rec, on)
    )


def _check_by(by: object) -> None:
    if type(by) is not str:
        raise DataError.at("by", by, "must be a program code (a string)")
    if not by or by != by.strip():
        # No program has such a code, and no verdict can name it in a sentence.
        raise DataError.at("by", by, "must be a program code, not blank or padded with spaces")


def check_question(on: object, role: object) -> None:
    """Check the date and role of a question.

    Raises :class:`~ctpat.errors.DataError` naming ``on`` or ``role`` unless
    they are a date and a :class:`~ctpat.Role` (or ``None``).
    """
    if type(on) is not dt.date:
        _check_date("on", on)
    if role is not None and type(role) is not Role:
        raise DataError.at(
            "role", role, f"must be a Role ({', '.join(r.value for r in Role)}) or None"
        )


class _Acceptance(NamedTuple):
    """What ``by`` accepts of certifications of one program, at one level, for
    one role on one day: whether they are covered and why, and the caveats (the
    program's facts that are not officially sourced, see :func:`_rests_on`) of a
    verdict that accepts one, refuses one, or refuses one whose fixed term ended.
    """

    covered: bool
    reasons: tuple[Reason, ...]
    #: The reasons a refusal gives: what refused it and the unconfirmed facts.
    refusing: tuple[Reason, ...]
    accepted: tuple[Reason, ...]
    refused: tuple[Reason, ...]
    term_ended: tuple[Reason, ...]


def _acceptance(
    catalog: Catalog,
    program: Program,
    by: str,
    on: dt.date,
    role: Role | None,
    level: str | None,
    held: Role | None,
) -> _Acceptance:
    """The :class:`_Acceptance` for ``program``'s certifications at ``level``
    held for ``held``: it depends on the reference data alone, so the catalog
    keeps it."""
    code = program.code
    acting = role if role is not None else held
    key = (
        ("own", code, level, held, role)
        if code == by
        else ("accepts", by, code, on, level, acting)
    )
    found = catalog._recall(key)
    if found is not None:
        return found  # type: ignore[return-value]
    covered, reasons = (
        _own(code, held, role)
        if code == by
        else _arrangement(catalog, by, code, on, level, acting)
    )
    asked = acting is not None
    found = _Acceptance(
        covered,
        reasons,
        tuple(r for r in reasons if not r.code.is_informational or r.code is _UNCONFIRMED),
        _caveats(program, _rests_on(True, False, reasons, level, asked)),
        _caveats(program, _rests_on(False, False, reasons, level, asked)),
        _caveats(program, _rests_on(False, True, reasons, level, asked)),
    )
    catalog._keep(key, found)
    return found


def _judge(
    programs: Mapping[str, Program],
    catalog: Catalog,
    by: str,
    on: dt.date,
    role: Role | None,
    reasons: list[Reason] | None,
    scopes: dict[tuple[str, str | None, Role | None], _Acceptance] | None,
    certification: Certification,
    issued_in: str | None,
) -> bool:
    """The decision; with ``reasons``, also why, in the order :func:`recognizes` gives.

    The one place the checks are made: :func:`accepts` passes no list and gets
    the same answer without building a sentence. ``scopes`` keeps the answers
    about arrangements for one question (see :func:`decider`); ``programs``
    are the catalog's. The question (``on``, ``role``) is checked by the callers.
    """
    if type(certification) is not Certification:
        raise DataError.at("certification", certification, "must be a Certification")
    code = certification.program
    program = programs.get(code)
    if program is None or by not in programs:
        if reasons is not None:
            unknown = [c for c in (by, code) if c not in programs]
            reasons.extend(
                Reason(ReasonCode.UNKNOWN_PROGRAM, f"{c} is not a known program")
                for c in dict.fromkeys(unknown)
            )
        return False
    events = certification.events_standing_on(on)
    level = events.level  # no rule of a program changes the level held
    held = certification.role
    # What the program accepts of this certification's program, level and role
    # on the day: the same for every certification that shares them.
    if scopes is None:
        scope = _acceptance(catalog, program, by, on, role, level, held)
    else:
        local = (code, level, held)
        kept = scopes.get(local)
        if kept is None:
            kept = scopes[local] = _acceptance(catalog, program, by, on, role, level, held)
        scope = kept
    covered = scope.covered
    if not covered and reasons is None:
        return False  # not accepted, whatever its standing: the rule need not be asked
    rule = validity.ruling(program, certification, events, on, issued_in)
    valid = (events.status if rule is None else rule.status) is _CERTIFIED
    ok = valid and covered
    if reasons is None:
        return ok
    found = validity.applied(events, rule)
    status = validity.reason(program, certification, found, issued_in=issued_in)
    if ok:
        reasons.append(status)
        reasons.extend(scope.reasons)
    else:
        if not valid:
            reasons.append(status)
        if not covered:
            reasons.extend(scope.refusing)
        if valid:
            reasons.append(status)
    if found.status is _CERTIFIED:
        origin = certification.origin
        unrecorded = origin.unrecorded if origin is not None else _NOTHING_UNRECORDED
        overdue = program.policy_for(found.level).overdue(found, on=on, unrecorded=unrecorded)
        if overdue:
            name = validity.describe(certification)
            reasons.extend(
                Reason(
                    ReasonCode.DEADLINE_OVERDUE,
                    f"{name}: {deadline} was due {due.isoformat()} "
                    "(a soft deadline: the certification stays valid)",
                )
                for deadline, due in overdue
            )
    if ok:
        reasons.extend(scope.accepted)
        # A renewal with a note (one taken from a sheet's statement) is a pass to confirm.
        for event in certification.events:
            if event.kind is _RENEWED and event.note is not None and event.on <= on:
                reasons.append(
                    Reason(
                        ReasonCode.CONDITION,
                        f"{validity.describe(certification)}: renewed {event.on}: {event.note}",
                    )
                )
        origin = certification.origin
        # A pass resting on a status the file never stated is a pass to confirm; a
        # refusal does not rest on it.
        if origin is not None and not origin.status_stated:
            reasons.append(
                Reason(
                    ReasonCode.STATUS_NOT_STATED,
                    f"{validity.describe(certification)}: {origin} does not state its status; "
                    "the verdict rests on the dates it gives",
                )
            )
    else:
        reasons.extend(scope.term_ended if found.cause is _FIXED_TERM else scope.refused)
    return ok


def _rests_on(
    ok: bool, term_ended: bool, scope: tuple[Reason, ...], level: str | None, role: bool
) -> tuple[str, ...]:
    """The facts of the certification's program that a verdict rests on.

    An acceptance rests on the program's terms, on its level list when a level
    is held and on its role list when a role is in question: were any of them
    wrong, it could be a false pass. A refusal rests only on what refused it:
    the level or role list, or the fixed term that ended it.
    """
    if ok:
        return (
            *(("levels",) if level is not None else ()),
            "policy",
            *(("roles",) if role else ()),
        )
    codes = {reason.code for reason in scope}
    return (
        *(("levels",) if ReasonCode.LEVEL_NOT_COVERED in codes else ()),
        *(("policy",) if term_ended else ()),
        *(("roles",) if ReasonCode.ROLE_NOT_COVERED in codes else ()),
    )


def _caveats(program: Program, facts: tuple[str, ...]) -> tuple[Reason, ...]:
    found = (program.caveat(fact) for fact in facts)
    return tuple(Reason(ReasonCode.UNCONFIRMED_FACT, caveat) for caveat in found if caveat)


def _own(program: str, held: Role | None, role: Role | None) -> _Scope:
    if role is not None and held is not None and held is not role:
        return False, (
            Reason(
                ReasonCode.ROLE_NOT_COVERED,
                f"the {program} certification covers the role {held.value}, not {role.value}",
            ),
        )
    return True, (Reason(ReasonCode.SAME_PROGRAM, f"{program} accepts its own certification"),)


def _arrangement(
    catalog: Catalog, by: str, of: str, on: dt.date, level: str | None, acting: Role | None
) -> _Scope:
    """Whether ``by`` accepts a certification of ``of`` at ``level`` for ``acting``
    on ``on`` under an arrangement, and why: it depends on the reference data
    alone, so the catalog keeps it."""
    directions = catalog.recognitions(by, of)
    if not directions:
        return False, (
            Reason(
                ReasonCode.NO_ARRANGEMENT,
                f"{by} has no arrangement recognising {of} (recognition is not transitive)",
            ),
        )
    in_force = [(a, r) for a, r in directions if a.recognition_in_force(r, on)]
    # Prefer an arrangement that covers the level and role; otherwise explain
    # why the first one in force does not.
    attempts = [_scope(a, r, level, acting) for a, r in in_force]
    for attempt in attempts:
        if attempt[0]:
            return attempt
    # A day inside the span of a date known only to the month (or between
    # bounds) is never a pass: the arrangement may not have applied yet.
    for arrangement, rec in directions:
        doubt = arrangement.doubt(rec, on)
        if doubt is not None and _scope(arrangement, rec, level, acting)[0]:
            return False, _uncertain(arrangement, rec, on, doubt)
    if attempts:
        return attempts[0]
    arrangement, rec = directions[-1]
    start, end = arrangement.window(rec)
    when = f"only from {start}" if on < start else f"only until {end}"
    # A date not known to the day is named, so that "only from 2008-06-30"
    # is read as the first certain day, not as the signing.
    first, last = arrangement.spans(rec)
    span = first if on < start else last
    if span is not None and not span.exact:
        began, ended = arrangement.dating(rec)
        when += f" ({began if span is first else ended})"
    return False, (
        Reason(
            ReasonCode.ARRANGEMENT_NOT_IN_FORCE,
            f"{arrangement.id}: {by} accepts {of} {when}; not on {on}",
            arrangement.id,
        ),
    )


def _uncertain(
    arrangement: Arrangement, rec: Recognition, on: dt.date, doubt: str
) -> tuple[Reason, ...]:
    aid = arrangement.id
    start, end = arrangement.window(rec)
    certain = f"certain from {start}" if on < start else f"certain until {end}"
    return (
        Reason(
            ReasonCode.DATE_UNCERTAIN,
            f"{aid}: {doubt}, so whether {rec.by} accepted {rec.of} on {on} is unverified "
            f"({certain})",
            aid,
        ),
        Reason(
            ReasonCode.UNCONFIRMED_FACT,
            f"{aid}: the arrangement's date is not known to the day ({doubt})",
            aid,
        ),
    )


def _scope(
    arrangement: Arrangement, rec: Recognition, level: str | None, acting: Role | None
) -> _Scope:
    found: list[Reason] = []
    ok = True
    aid = arrangement.id
    if rec.levels is not None and level not in rec.levels:
        levels = ", ".join(sorted(rec.levels))
        held = level if level is not None else "no level on record"
        found.append(
            Reason(
                ReasonCode.LEVEL_NOT_COVERED,
                f"{aid}: {rec.by} accepts {rec.of} only at level {levels}; "
                f"this certification holds {held}",
                aid,
            )
        )
        ok = False
    if rec.roles is not None:
        roles = ", ".join(sorted(r.value for r in rec.roles))
        if acting is None:
            found.append(
                Reason(
                    ReasonCode.CONDITION,
                    f"{aid}: covers only the roles {roles}; confirm the holder acts as one",
                    aid,
                )
            )
        elif acting not in rec.roles:
            found.append(
                Reason(
                    ReasonCode.ROLE_NOT_COVERED,
                    f"{aid}: {rec.by} accepts {rec.of} only for the roles {roles}, "
                    f"not {acting.value}",
                    aid,
                )
            )
            ok = False
    if ok:
        start, _ = arrangement.window(rec)
        signed = f"signed {arrangement.signed_span}"
        if arrangement.operational_span is not None:
            signed += f", operational {arrangement.operational_span}"
        found.insert(
            0,
            Reason(
                ReasonCode.ARRANGEMENT_IN_FORCE,
                f"{aid} ({arrangement.name}; {signed}): {rec.by} accepts {rec.of} since {start}",
                aid,
            ),
        )
        found.extend(_conditions(arrangement, rec))
    return ok, tuple(found)


def _conditions(arrangement: Arrangement, rec: Recognition) -> list[Reason]:
    aid = arrangement.id
    found = [
        Reason(ReasonCode.CONDITION, f"{aid}: {CONDITIONS.get(code, code)}", aid)
        for code in rec.conditions
    ]
    if arrangement.operational_on is None:
        found.append(
            Reason(
                ReasonCode.CONDITION,
                f"{aid}: no implementation date is known; counted from signing on "
                f"{arrangement.signed_on}",
                aid,
            )
        )
    if arrangement.source.confidence is Confidence.UNCERTAIN:
        found.append(
            Reason(
                ReasonCode.CONDITION,
                f"{aid}: the arrangement's dates or scope are not confirmed by an official "
                "source; check before relying on it",
                aid,
            )
        )
    return found
