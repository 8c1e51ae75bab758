"""Participants: the companies and drivers that hold certifications.

>>> from ctpat import Participant, Role
>>> p = Participant(
...     "acme", "Acme Imports Inc.", "US", roles={Role.IMPORTER}, identifiers={"lei": "5493001KJTIIGC8Y1R12"}
... )
>>> p.identifiers["lei"]
'5493001KJTIIGC8Y1R12'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import attrs

from ctpat import _validation as v
from ctpat._frozenmap import FrozenMap
from ctpat.certifications import Certification
from ctpat.enums import Role
from ctpat.errors import DataError, InvalidIdentifier
from ctpat.origins import Origin

__all__ = ["Participant", "PartnerData"]


def _roles(value: Iterable[Role]) -> frozenset[Role]:
    # A frozenset is kept as it is (what the default and the readers give, and
    # what frozen_set would return); its members are checked after conversion.
    return value if type(value) is frozenset else v.frozen_set("roles", value)


#: Every participant without identifiers shares this one (it cannot be changed): a
#: list of a million suppliers holds no million empty mappings for the collector.
_NO_IDENTIFIERS = FrozenMap()


def _identifiers(value: Mapping[str, str]) -> Mapping[str, str]:
    if value is _NO_IDENTIFIERS:  # the default (what this function returns for none)
        return value
    if not isinstance(value, Mapping):
        raise DataError.at("identifiers", value, "must be a mapping of scheme to identifier")
    if not value:
        return _NO_IDENTIFIERS
    # The identifier schemes are loaded when the first identifier is checked:
    # answering a recognition question does not need them.
    from ctpat.identifiers import normalize

    clean: dict[str, str] = {}
    for scheme, number in value.items():
        if type(scheme) is not str or not scheme or scheme != scheme.strip().lower():
            raise DataError.at("identifiers", scheme, "a scheme must be a lower-case name")
        if type(number) is not str:
            raise DataError.at(f"identifiers.{scheme}", number, "must be a string")
        try:
            clean[scheme] = normalize(scheme, number)
        except InvalidIdentifier as err:
            raise DataError.at(f"identifiers.{scheme}", number, err.message) from err
    return FrozenMap(clean)


# No weak-reference slot: a read keeps a participant per row, and nothing refers
# to one weakly.
@attrs.frozen(weakref_slot=False)
class Participant:
    """A company (or a FAST driver) taking part in trade-security programs.

    ``id`` is the caller's stable key; ``country`` where it is established (ISO
    3166-1 alpha-2); ``roles`` its business entity types; ``identifiers`` its
    numbers keyed by scheme (``"eori"``, ``"mid"``, ``"lei"``, ``"tcuin"``,
    ``"svi"``, ``"aeo"``, or any other name such as ``"duns"``), normalised
    and validated through :mod:`ctpat.identifiers` for the schemes it knows;
    ``origin`` where the record was read from (provenance: not compared,
    hashed or shown). Raises :class:`~ctpat.errors.DataError` naming the field
    for a value of the wrong type, an unknown country or role, or an invalid
    identifier.
    """

    id: str
    name: str
    country: str
    roles: frozenset[Role] = attrs.field(default=frozenset(), converter=_roles)
    identifiers: Mapping[str, str] = attrs.field(default=_NO_IDENTIFIERS, converter=_identifiers)
    origin: Origin | None = attrs.field(default=None, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        # A read builds a participant per row: each field is read once.
        v.text("id", self.id)
        v.text("name", self.name)
        v.country("country", self.country)
        roles, origin = self.roles, self.origin
        if roles:
            v.members("roles", roles, Role)
        if origin is not None and type(origin) is not Origin:
            raise DataError.at("origin", origin, "must be an Origin")


def _participants(value: Iterable[Participant]) -> tuple[Participant, ...]:
    return v.a_tuple("participants", value)


def _certifications(value: Iterable[Certification]) -> tuple[Certification, ...]:
    return v.a_tuple("certifications", value)


@attrs.frozen
class PartnerData:
    """The caller's own data: participants and their certifications, as one document.

    It is what the :attr:`ctpat.Registry.partners` property gives and what
    :meth:`ctpat.Registry.with_partners` accepts, and it round-trips through
    :func:`ctpat.to_json` and :func:`ctpat.from_json`. Raises
    :class:`~ctpat.errors.DataError` naming the record that is not a
    :class:`~ctpat.Participant` or :class:`~ctpat.Certification`.

    >>> from datetime import date
    >>> import ctpat
    >>> data = PartnerData(
    ...     participants=(Participant("acme", "Acme Imports", "US"),),
    ...     certifications=(Certification.grant("CTPAT", "acme", on=date(2020, 1, 6)),),
    ... )
    >>> ctpat.from_json(ctpat.to_json(data), PartnerData) == data
    True
    """

    participants: tuple[Participant, ...] = attrs.field(default=(), converter=_participants)
    certifications: tuple[Certification, ...] = attrs.field(default=(), converter=_certifications)

    def __attrs_post_init__(self) -> None:
        index = _first_other(self.participants, Participant)
        if index is not None:
            raise DataError.at(
                f"participants[{index}]", self.participants[index], "must be a Participant"
            )
        index = _first_other(self.certifications, Certification)
        if index is not None:
            raise DataError.at(
                f"certifications[{index}]", self.certifications[index], "must be a Certification"
            )


def _first_other(records: tuple[object, ...], kind: type) -> int | None:
    """The index of the first record that is not a ``kind`` itself (``None``: every one is)."""
    # The types are gathered in C (a read gives hundreds of thousands of records);
    # the records are looked at one by one only to name the first of another type.
    if set(map(type, records)) <= {kind}:
        return None
    return next(i for i, record in enumerate(records) if type(record) is not kind)
