"""Security requirements: the criteria a program's participants must keep.

A :class:`RequirementSet` is one administration's list of criteria in one
edition (CBP's 2019 Minimum Security Criteria, the EU's AEO criteria of UCC
Art. 39): its categories and its :class:`Requirement` entries, each with its
own ID, whether it is a *must* or a *should*, the roles and levels it applies
to, and how often it must be reviewed. The summaries are ctpat's own words;
IDs, labels and obligations are the administration's. A :class:`Theme` is
ctpat's own grouping of requirements of different programs that deal with
the same subject (it is no official crosswalk).

>>> from datetime import date
>>> from dateutil.relativedelta import relativedelta
>>> from ctpat import Obligation, Role, Source
>>> from ctpat.requirements import Requirement
>>> src = Source("https://example.org/msc", "Example criteria", date(2026, 1, 1))
>>> ra = Requirement("2.3", "2", Obligation.MUST, "Review the risk assessment every year.", src,
...                  recurrence=relativedelta(years=1))
>>> ra.key("CTPAT-MSC-2019"), ra.applies_to(Role.IMPORTER)
('CTPAT-MSC-2019:2.3', True)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import attrs
from dateutil.relativedelta import relativedelta

from ctpat import _durations
from ctpat import _validation as v
from ctpat._dates import shift
from ctpat.enums import Obligation, Role
from ctpat.errors import DataError
from ctpat.sources import Source

__all__ = ["Category", "Element", "Requirement", "RequirementSet", "Theme"]


def _roles(value: Iterable[Role]) -> frozenset[Role]:
    return v.frozen_set("roles", value)


def _levels(value: Iterable[str]) -> frozenset[str]:
    return v.frozen_set("levels", value)


def _elements(value: Iterable[Element]) -> tuple[Element, ...]:
    return v.a_tuple("elements", value)


def _categories(value: Iterable[Category]) -> tuple[Category, ...]:
    return v.a_tuple("categories", value)


def _requirements(value: Iterable[Requirement]) -> tuple[Requirement, ...]:
    return v.a_tuple("requirements", value)


def _members(value: Iterable[str]) -> tuple[str, ...]:
    return v.a_tuple("members", value)


@attrs.frozen
class Category:
    """One category of a requirement set (CTPAT's ``3`` Business Partners) and
    the focus area it belongs to, if the set groups categories so.

    Raises :class:`~ctpat.errors.DataError` naming the field for an empty or
    padded text.
    """

    id: str
    name: str
    area: str | None = None

    def __attrs_post_init__(self) -> None:
        v.text("id", self.id)
        v.text("name", self.name)
        v.optional_text("area", self.area)


@attrs.frozen
class Element:
    """One part of a requirement with its own obligation: one CTPAT ID labelled
    *must* may hold a *should* sentence (3.1: screening partners is a must,
    checking them for money laundering a should).

    Raises :class:`~ctpat.errors.DataError` naming the field for an empty or
    padded text or an obligation that is not an :class:`~ctpat.Obligation`.
    """

    key: str
    label: str
    obligation: Obligation

    def __attrs_post_init__(self) -> None:
        v.text("key", self.key)
        v.text("label", self.label)
        v.member("obligation", self.obligation, Obligation)


@attrs.frozen
class Requirement:
    """One criterion of a requirement set.

    ``id`` is the administration's own (``"3.4"``, ``"39(e)"``); ``category``
    the id of its :class:`Category`; ``obligation`` its label; ``summary``
    ctpat's own short wording. ``roles`` and ``levels`` narrow whom it applies
    to (empty: every role, every level of the program). ``elements`` are its
    parts where their obligations differ. ``recurrence`` is how often it must
    be reviewed again (the risk assessment: every year); ``retention`` how long
    its records must be kept.

    Raises :class:`~ctpat.errors.DataError` naming the field for a value of the
    wrong type, an empty or padded text, and an element demanding more than
    the requirement (a *must* element of a *should* requirement).
    """

    id: str
    category: str
    obligation: Obligation
    summary: str
    source: Source
    roles: frozenset[Role] = attrs.field(default=frozenset(), converter=_roles)
    levels: frozenset[str] = attrs.field(default=frozenset(), converter=_levels)
    elements: tuple[Element, ...] = attrs.field(default=(), converter=_elements)
    recurrence: relativedelta | None = None
    retention: relativedelta | None = None
    note: str | None = None

    def __attrs_post_init__(self) -> None:
        v.text("id", self.id)
        v.text("category", self.category)
        v.member("obligation", self.obligation, Obligation)
        v.text("summary", self.summary)
        if type(self.source) is not Source:
            raise DataError.at("source", self.source, "must be a Source")
        v.members("roles", self.roles, Role)
        for level in self.levels:
            v.text("levels", level)
        for element in self.elements:
            if type(element) is not Element:
                raise DataError.at("elements", element, "must be an Element")
            if element.obligation is Obligation.MUST and self.obligation is Obligation.SHOULD:
                raise DataError.at(
                    f"elements[{element.key}]",
                    element.obligation,
                    "a should requirement holds no must",
                )
        if len({e.key for e in self.elements}) != len(self.elements):
            raise DataError.at("elements", [e.key for e in self.elements], "keys must be unique")
        _durations.check("recurrence", self.recurrence)
        _durations.check("retention", self.retention)
        v.optional_text("note", self.note)

    def key(self, set_code: str) -> str:
        """The requirement's reference across sets: ``"<set>:<id>"``. Raises nothing."""
        return f"{set_code}:{self.id}"

    def applies_to(self, role: Role | None = None, level: str | None = None) -> bool:
        """Whether the requirement applies to ``role`` at ``level`` (``None``: any).

        Raises nothing.
        """
        return (role is None or not self.roles or role in self.roles) and (
            level is None or not self.levels or level in self.levels
        )

    def due_again(self, checked_on: dt.date) -> dt.date | None:
        """When an answer last checked on ``checked_on`` needs checking again
        (``None``: it does not recur, or the date is past the calendar's end).

        >>> from datetime import date
        >>> src = Source("https://example.org/", "Example", date(2026, 1, 1))
        >>> Requirement("4.6", "4", Obligation.MUST, "Review the cyber policies yearly.", src,
        ...             recurrence=relativedelta(years=1)).due_again(date(2025, 2, 28))
        datetime.date(2026, 2, 28)
        """
        return None if self.recurrence is None else shift(checked_on, self.recurrence)


@attrs.frozen
class RequirementSet:
    """One edition of a program's security criteria.

    ``code`` names it (``"CTPAT-MSC-2019"``), ``program`` is the program's
    code, ``effective_on`` when members had to comply. Raises
    :class:`~ctpat.errors.DataError` naming the field for a duplicate
    requirement id, a requirement in an unknown category and a value of the
    wrong type.
    """

    code: str
    program: str
    title: str
    edition: str
    categories: tuple[Category, ...] = attrs.field(converter=_categories)
    requirements: tuple[Requirement, ...] = attrs.field(converter=_requirements)
    source: Source
    effective_on: dt.date | None = None
    note: str | None = None

    def __attrs_post_init__(self) -> None:
        v.text("code", self.code)
        v.text("program", self.program)
        v.text("title", self.title)
        v.text("edition", self.edition)
        if type(self.source) is not Source:
            raise DataError.at("source", self.source, "must be a Source")
        v.optional_date("effective_on", self.effective_on)
        v.optional_text("note", self.note)
        categories: set[str] = set()
        for category in self.categories:
            if type(category) is not Category:
                raise DataError.at("categories", category, "must be a Category")
            if category.id in categories:
                raise DataError.at(f"categories[{category.id}]", category.id, "duplicate id")
            categories.add(category.id)
        seen: set[str] = set()
        for requirement in self.requirements:
            if type(requirement) is not Requirement:
                raise DataError.at("requirements", requirement, "must be a Requirement")
            where = f"requirements[{requirement.id}]"
            if requirement.id in seen:
                raise DataError.at(where, requirement.id, "duplicate id")
            if requirement.category not in categories:
                raise DataError.at(f"{where}.category", requirement.category, "unknown category")
            seen.add(requirement.id)

    def requirement(self, id: str) -> Requirement:
        """The requirement with this id. Raises ``KeyError`` for an unknown one."""
        for requirement in self.requirements:
            if requirement.id == id:
                return requirement
        raise KeyError(f"{self.code} has no requirement {id!r}")

    def category(self, id: str) -> Category:
        """The category with this id. Raises ``KeyError`` for an unknown one."""
        for category in self.categories:
            if category.id == id:
                return category
        raise KeyError(f"{self.code} has no category {id!r}")

    def applicable(
        self, *, role: Role | None = None, level: str | None = None
    ) -> tuple[Requirement, ...]:
        """The requirements that apply to ``role`` at ``level``, in the set's order.

        Raises nothing.
        """
        return tuple(r for r in self.requirements if r.applies_to(role, level))


@attrs.frozen
class Theme:
    """ctpat's own grouping of requirements (``"SET:ID"`` keys) on one subject
    across programs: personnel screening, access control, partner screening.

    It is the library's reading, not an administration's crosswalk (none is
    published). Raises :class:`~ctpat.errors.DataError` naming the field for an
    empty or padded text, or a member that is not a ``"SET:ID"`` key.
    """

    code: str
    name: str
    members: tuple[str, ...] = attrs.field(converter=_members)
    note: str | None = None

    def __attrs_post_init__(self) -> None:
        v.text("code", self.code)
        v.text("name", self.name)
        for member in self.members:
            v.text("members", member)
            if ":" not in member:
                raise DataError.at("members", member, "must be a 'SET:ID' key")
        v.optional_text("note", self.note)
