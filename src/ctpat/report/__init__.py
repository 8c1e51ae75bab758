"""Audit-ready HTML reports of a vet, of a deadline calendar and of a gap report (the ``report`` extra).

One self-contained HTML file a report: the question asked (program, date, role),
the reference data version and the input file's fingerprint, so that the run can be
reproduced; a summary with counts and shares; inline SVG charts with text
alternatives; the partners that did not pass with the deciding reason first; the
passes that carry conditions to confirm; overdue and coming deadlines; the
arrangements relied on with their sources; the ctpat version.

The page loads nothing and runs no script (its content security policy forbids
both), prints to PDF with page breaks between sections, and stays usable for
hundreds of thousands of partners: a long table is shown by group (the partners
that did not pass by their deciding reason), each group with its count and its
first rows; every row is in the vet's CSV and JSON. Templates are Jinja2 with
autoescaping on: partner names come from files nobody checked.

Install with ``pip install 'ctpat[report]'``; ``import ctpat`` never imports this
package or Jinja2.

>>> from datetime import date
>>> import ctpat
>>> from ctpat.report import InputFile, vetting_html
>>> registry = ctpat.reference().with_partners(ctpat.PartnerData(
...     participants=[ctpat.Participant("rhein", "Rhein Tools GmbH", "DE")],
...     certifications=[ctpat.Certification.grant("EU-AEO", "rhein", on=date(2017, 3, 1), level="AEOS")],
... ))
>>> report = registry.vet(by="CTPAT", on=date(2026, 1, 15))
>>> page = vetting_html(report, source=InputFile.from_bytes("partners.csv", b"...", rows=1))
>>> page.startswith("<!DOCTYPE html>"), 'id="count-passed" value="1"' in page
(True, True)

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from ctpat import _json, reference
from ctpat import calendar as _calendar
from ctpat._durations import Period
from ctpat.arrangements import Arrangement
from ctpat.errors import DataError
from ctpat.participants import Participant
from ctpat.programs import Deadline
from ctpat.readiness import GapReport as _GapReport
from ctpat.report import _figures, _render, _svg
from ctpat.vetting import Outcome, VettingReport

if TYPE_CHECKING:
    from ctpat.readiness import Gap, GapReport, Readiness
    from ctpat.review import ReviewPack

__all__ = ["InputFile", "calendar_html", "gaps_html", "review_html", "vetting_html"]

_SHA256 = re.compile(r"[0-9a-f]{64}", re.ASCII)


def _name(value: object) -> str:
    if type(value) is not str or not value.strip():
        raise DataError.at("name", value, "must be a non-empty file name")
    return value


def _row_count(value: object) -> int:
    if type(value) is not int or value < 0:
        raise DataError.at("rows", value, "must be a whole number of rows, 0 or more")
    return value


def _digest(value: object) -> str:
    if type(value) is not str or _SHA256.fullmatch(value) is None:
        raise DataError.at("sha256", value, "must be 64 lower-case hexadecimal digits")
    return value


@attrs.frozen
class InputFile:
    """The fingerprint of the file a report was made from: its name, how many
    data rows it holds, and the SHA-256 of its bytes.

    With these and the reference data version, anyone can check that a rerun
    read the same file. Bad values raise :class:`~ctpat.errors.DataError`.

    >>> InputFile.from_bytes("partners.csv", b"id,name,country\\n", rows=0).sha256[:12]
    '5d08dcb10e83'
    >>> InputFile("partners.csv", -1, "0" * 64)
    Traceback (most recent call last):
    ...
    ctpat.errors.DataError: rows: must be a whole number of rows, 0 or more (got -1)
    """

    name: str = attrs.field(converter=_name)
    rows: int = attrs.field(converter=_row_count)
    sha256: str = attrs.field(converter=_digest)

    @classmethod
    def from_bytes(cls, name: str, data: bytes, rows: int) -> InputFile:
        """The fingerprint of ``data``, read from a file called ``name``."""
        if not isinstance(data, (bytes, bytearray, memoryview)):
            raise DataError.at("data", type(data).__name__, "must be the file's bytes")
        return cls(name, rows, hashlib.sha256(data).hexdigest())

    @classmethod
    def of(cls, path: str | os.PathLike[str], *, rows: int | None = None) -> InputFile:
        """The fingerprint of the file at ``path``, named by its last part.

        Without ``rows``, the data rows are counted: a ``.csv`` file's records
        after the header line (a quoted field over several lines is one record;
        empty lines are not records, as the partner reader skips them), a
        ``.json`` partner file's participants and certifications. Any other
        kind of file needs ``rows``. A file that cannot be read or counted
        raises :class:`~ctpat.errors.DataError` naming it.
        """
        file = Path(path)
        try:
            data = file.read_bytes()
        except OSError as err:
            raise DataError.at(
                file.name, str(file), f"cannot read the file: {err.strerror}"
            ) from None
        if rows is None:
            rows = _count(file, data)
        return cls.from_bytes(file.name, data, rows)


def _count(file: Path, data: bytes) -> int:
    suffix = file.suffix.lower()
    if suffix not in (".csv", ".json"):
        raise DataError.at(
            file.name, file.suffix, "give rows: only .csv and .json files are counted"
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise DataError.at(file.name, err.start, "not UTF-8 text at this byte offset") from None
    if suffix == ".csv":
        records = sum(1 for row in csv.reader(io.StringIO(text, newline="")) if row)
        return max(records - 1, 0)
    try:
        document = _json.loads(text)
    except ValueError:
        raise DataError.at(file.name, file.suffix, "not a JSON document") from None
    if not isinstance(document, dict):
        raise DataError.at(file.name, type(document).__name__, "not a partner file (an object)")
    return sum(
        len(value)
        for key in ("participants", "certifications")
        if isinstance(value := document.get(key, []), list)
    )


def vetting_html(
    report: VettingReport,
    *,
    source: InputFile | None = None,
    calendar: Sequence[Deadline] | None = None,
    within: Period | None = None,
    arrangements: Iterable[Arrangement] | None = None,
) -> str:
    """The vetting report ``report`` as one self-contained HTML page.

    ``source`` is the fingerprint of the partner file vetted (shown in the
    header; "not given" without it). ``calendar`` is the partners'
    deadlines (:meth:`Registry.calendar <ctpat.Registry.calendar>` on the
    report's date), shown on a timeline and in tables; without it (``None``)
    the page says none was given. ``within`` is the period the calendar was asked
    for (the timeline ends at ``on + within``; without it, at the last
    deadline; a deadline due later still shows, the timeline reaching it).
    ``arrangements`` are looked up by the ids the
    verdicts cite, for their names and sources; the default is the bundled
    reference data's (:func:`ctpat.reference`). An arrangement not found is
    listed by its id as "not in the reference data given".

    Reading a lazily built report's verdicts happens here, once each. A
    ``report`` that is not a :class:`~ctpat.vetting.VettingReport`, a ``source`` that
    is not an :class:`InputFile`, a ``calendar`` entry that is not a
    :class:`~ctpat.Deadline` and a ``within`` that does not reach past the
    report's date raise :class:`~ctpat.errors.DataError`.

    >>> import datetime as dt, ctpat
    >>> page = vetting_html(ctpat.reference().vet(by="CTPAT", on=dt.date(2026, 1, 15)))
    >>> 'id="count-passed" value="0"' in page, "No calendar was given" in page
    (True, True)
    """
    if not isinstance(report, VettingReport):
        raise DataError.at("report", type(report).__name__, "must be a VettingReport")
    source = _source(source)
    deadlines = _deadlines(() if calendar is None else calendar)
    index = {
        a.id: a for a in (_reference_arrangements() if arrangements is None else arrangements)
    }
    figures = _figures.vetting_figures(report, arrangements=index, calendar=deadlines)
    # The timeline reaches the last deadline given, even past ``within``.
    horizon = _figures.horizon_of(report.on, deadlines)
    if within is not None:
        horizon = max(horizon, _horizon(report.on, within))
    charts = {
        "summary": _svg.summary_bar(figures.counts, id="chart-summary"),
        "countries": _svg.bar_chart(
            [(g.label, g.counts) for g in figures.countries],
            id="chart-countries",
            title="Partners by country and outcome",
            desc=_group_words(figures.countries, "countries"),
        ),
        "programs": _svg.bar_chart(
            [(g.label, g.counts) for g in figures.programs],
            id="chart-programs",
            title="Partners by program of their certification and outcome",
            desc=_group_words(figures.programs, "programs"),
            last=_figures.NO_CERTIFICATION,
        ),
        "timeline": (
            None
            if calendar is None
            else _svg.timeline(deadlines, on=report.on, horizon=horizon, id="chart-deadlines")
        ),
    }
    return _render.render(
        "vetting.html.j2",
        report=report,
        figures=figures,
        charts=charts,
        source=source,
        calendar_given=calendar is not None,
        horizon=horizon,
        data_version=report.data_version,
        descriptions=_DESCRIPTIONS,
    )


def calendar_html(
    deadlines: Iterable[Deadline],
    *,
    on: dt.date,
    within: Period,
    data_version: str,
    source: InputFile | None = None,
    participants: Iterable[Participant] = (),
) -> str:
    """A deadline calendar (what :meth:`Registry.calendar <ctpat.Registry.calendar>`
    returns for ``on`` and ``within``) as one self-contained HTML page.

    ``data_version`` is the reference data's version, ``source`` the
    fingerprint of the partner file; ``participants`` give the holders' names
    (holders are shown by id without them). Raises
    :class:`~ctpat.errors.DataError` for a date that is not a date or a
    period that does not reach past ``on``.

    >>> from datetime import date, timedelta
    >>> from ctpat import Deadline
    >>> page = calendar_html(
    ...     [Deadline("annual-review", date(2026, 3, 1), False, program="CTPAT", holder="acme")],
    ...     on=date(2026, 1, 15), within=timedelta(days=90), data_version="2026-12-02",
    ... )
    >>> 'id="count-coming" value="1"' in page
    True
    """
    if type(on) is not dt.date:
        raise DataError.at("on", on, "must be a datetime.date")
    horizon = _horizon(on, within)
    if type(data_version) is not str or not data_version:
        raise DataError.at("data_version", data_version, "must be the reference data version")
    source = _source(source)
    found = _deadlines(deadlines)
    horizon = max(horizon, _figures.horizon_of(on, found))
    names = {p.id: p.name for p in participants}
    overdue = _figures.deadline_rows((d for d in found if d.overdue), names)
    coming = _figures.deadline_rows((d for d in found if not d.overdue), names)
    kinds: dict[str, list[int]] = {}
    for d in found:
        kinds.setdefault(d.name, [0, 0])[0 if d.overdue else 1] += 1
    return _render.render(
        "calendar.html.j2",
        on=on,
        horizon=horizon,
        data_version=data_version,
        source=source,
        overdue=overdue,
        coming=coming,
        expiries=sum(1 for d in found if not d.overdue and d.name == "expiry"),
        kinds=[(name, late, soon) for name, (late, soon) in sorted(kinds.items())],
        timeline=_svg.timeline(found, on=on, horizon=horizon, id="chart-deadlines"),
    )


_DESCRIPTIONS: Mapping[Outcome, str] = {
    Outcome.PASSED: "Accepted on a certification of their own program, or through an arrangement in force.",
    Outcome.FAILED: "Certifications on record, none accepted on this date.",
    Outcome.UNVERIFIED: "Nothing on record: not refused, but not verified either.",
}


def _horizon(on: dt.date, within: object) -> dt.date:
    end = _calendar.horizon(on, within)  # type: ignore[arg-type]  # it checks the type
    if end == on:  # a timeline needs at least one day after ``on``
        raise DataError.at("within", within, "must be a positive relativedelta or timedelta")
    return end


def _source(source: object) -> InputFile | None:
    if source is not None and not isinstance(source, InputFile):
        raise DataError.at("source", type(source).__name__, "must be an InputFile or None")
    return source


def _deadlines(deadlines: Iterable[Deadline]) -> tuple[Deadline, ...]:
    found = tuple(deadlines)
    for i, d in enumerate(found):
        if not isinstance(d, Deadline):
            raise DataError.at(f"calendar[{i}]", type(d).__name__, "must be a Deadline")
    return found


def _reference_arrangements() -> tuple[Arrangement, ...]:
    return reference().arrangements


def _group_words(groups: Sequence[_figures.Group], noun: str) -> str:
    top = "; ".join(
        f"{g.label}: {g.total:,} partners, {g.share(Outcome.PASSED).percent} passed"
        for g in groups[:8]
    )
    more = f"; and {len(groups) - 8} more {noun}" if len(groups) > 8 else ""
    return f"{len(groups)} {noun}. {top}{more}. The table below gives every figure."


def gaps_html(
    report: GapReport,
    *,
    readiness: Readiness | None = None,
    overdue: Iterable[Deadline] = (),
    source: InputFile | None = None,
) -> str:
    """A gap report (what :meth:`Registry.gaps <ctpat.Registry.gaps>` returns) as
    one self-contained HTML page: the readiness verdict when given, the gaps by
    category with the musts first, the requirements answered not applicable
    with their notes, and the ``overdue`` corrective actions.

    ``source`` is the fingerprint of the assessment sheet. Raises
    :class:`~ctpat.errors.DataError` for a report that is not a gap report.

    >>> from datetime import date
    >>> import ctpat
    >>> from ctpat import AssessmentKind, Compliance
    >>> from ctpat.assessments import Answer, Assessment, ComplianceBook
    >>> book = ComplianceBook([Assessment("sa", "acme", "CTPAT-MSC-2019", date(2026, 2, 1),
    ...     AssessmentKind.SELF_ASSESSMENT, [Answer("3.1", Compliance.NOT_MET, date(2026, 1, 20))])])
    >>> gaps = ctpat.reference().gaps(book, "acme", program="CTPAT", on=date(2026, 3, 1))
    >>> page = gaps_html(gaps)
    >>> page.startswith("<!DOCTYPE html>"), 'id="count-musts" value="60"' in page
    (True, True)
    """
    if not isinstance(report, _GapReport):
        raise DataError.at("report", report, "must be a GapReport")
    source = _source(source)
    criteria = reference().criteria
    found = criteria.requirement_set(report.requirement_set)
    by_category: dict[str, list[Gap]] = {}
    for gap in report.gaps:
        by_category.setdefault(gap.category, []).append(gap)
    categories = [
        (
            f"{c.id}. {c.name}",
            sorted(by_category[c.id], key=lambda g: g.obligation.value != "must"),
        )
        for c in found.categories
        if c.id in by_category
    ]
    musts = sum(1 for g in report.gaps if g.obligation.value == "must")
    return _render.render(
        "gaps.html.j2",
        report=report,
        data_version=report.data_version,
        title=found.title,
        readiness=readiness,
        source=source,
        categories=categories,
        musts=musts,
        shoulds=len(report.gaps) - musts,
        overdue=_figures.deadline_rows(_deadlines(overdue), {}),
    )


#: How each screening answer is coloured, in the report's three tones.
_TONE = {
    "covered": "passed",
    "low": "passed",
    "medium": "unverified",
    "unverified": "unverified",
    "high": "failed",
}
_WORDS = {
    "covered": "A certification the program recognises (MSC 3.4).",
    "low": "Scored low risk on a current questionnaire.",
    "medium": "Scored medium risk, or raised by an overdue action.",
    "high": "Scored high, a critical must unmet, or a certification suspended or revoked.",
    "unverified": "No current questionnaire and no recognised certification.",
}


def review_html(
    pack: ReviewPack,
    *,
    audit: int = 25,
    sample: int = 0,
    seed: int | str = 0,
    source: InputFile | None = None,
) -> str:
    """An annual review pack (what :func:`ctpat.review.review` returns) as one
    self-contained HTML page: the member's readiness and gaps, its partners
    grouped by answer and deciding reason (one row a group, the partners'
    ids folded inside), the first ``audit`` partners to audit, a random
    ``sample`` of them drawn with ``seed``, the corrective actions overdue and
    what falls due in the next year.

    Raises :class:`~ctpat.errors.DataError` for a pack that is not a review pack.

    >>> from datetime import date
    >>> import ctpat
    >>> from ctpat.review import review
    >>> reg = ctpat.reference().with_partners(ctpat.PartnerData(participants=[
    ...     ctpat.Participant("acme", "Acme", "US", [ctpat.Role.IMPORTER]),
    ...     ctpat.Participant("mill", "Mill", "CN", [ctpat.Role.MANUFACTURER])]))
    >>> pack = review(reg.catalog, reg.criteria, reg.book, ctpat.assessments.ComplianceBook(), "acme",
    ...               on=date(2026, 3, 31), policy=ctpat.scoring.ScoringPolicy.example())
    >>> page = review_html(pack)
    >>> page.startswith("<!DOCTYPE html>"), 'id="count-unverified" value="1"' in page
    (True, True)
    """
    from ctpat._durations import describe
    from ctpat.enums import Risk
    from ctpat.review import ReviewPack as _ReviewPack

    if not isinstance(pack, _ReviewPack):
        raise DataError.at("pack", pack, "must be a ReviewPack")
    source = _source(source)
    counts = pack.screening.counts()
    return _render.render(
        "review.html.j2",
        pack=pack,
        data_version=pack.data_version,
        source=source,
        valid_for=describe(pack.policy.valid_for),
        counts=[(risk, counts[risk]) for risk in sorted(Risk, key=lambda r: -r.rank)],
        tone=_TONE,
        words=_WORDS,
        groups=pack.groups(),
        audit=pack.screening.to_audit()[:audit],
        sample=[a.partner for a in pack.screening.sample(sample, seed=seed)] if sample else [],
        seed=seed,
        gaps=pack.gaps.gaps,
        # The pack names partners by id: it holds no partner names.
        overdue=_figures.deadline_rows(_deadlines(pack.overdue), {}),
        calendar=_figures.deadline_rows(_deadlines(pack.calendar), {}),
    )
