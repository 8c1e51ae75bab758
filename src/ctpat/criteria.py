"""The bundled security criteria as one checked, indexed value.

:class:`Criteria` holds the requirement sets and ctpat's theme map, checks on
construction that they fit the programs of a :class:`~ctpat.catalog.Catalog`
(every set names a known program, roles and levels the program has; every
theme member exists) and answers the questions that depend on them alone:
which requirements apply to a role and level, and which requirements of two
programs share a theme.

>>> import ctpat
>>> criteria = ctpat.reference().criteria
>>> [r.id for r in criteria.applicable("CTPAT", role=ctpat.Role.IMPORTER)][:4]
['1.1', '1.2', '1.3', '1.4']
>>> [r.id for r in criteria.applicable("EU-AEO", level="AEOC")]
['39(a)', '39(b)', '39(c)', '39(d)']
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType

from ctpat import _validation as v
from ctpat.catalog import Catalog
from ctpat.enums import Role
from ctpat.errors import DataError, UnknownProgram
from ctpat.requirements import Requirement, RequirementSet, Theme

__all__ = ["Criteria"]


class Criteria:
    """Requirement sets and themes, checked against a catalog's programs and indexed.

    Raises :class:`~ctpat.errors.DataError` naming the record for a duplicate
    set code or theme code, a set of an unknown program, a requirement naming
    a role or level its program does not have, and a theme member that names
    no requirement.
    """

    __slots__ = ("_by_program", "_keys", "_sets", "_themes", "_version")

    def __init__(
        self,
        catalog: Catalog,
        sets: Iterable[RequirementSet],
        themes: Iterable[Theme] = (),
        *,
        data_version: str,
    ) -> None:
        if type(data_version) is not str or not data_version:
            raise DataError.at("data_version", data_version, "must be a non-empty string")
        if type(catalog) is not Catalog:
            raise DataError.at("catalog", catalog, "must be a Catalog")
        sets = v.a_tuple("sets", sets)
        themes = v.a_tuple("themes", themes)
        index: dict[str, RequirementSet] = {}
        keys: dict[str, tuple[RequirementSet, Requirement]] = {}
        by_program: dict[str, list[RequirementSet]] = {}
        programs = catalog.programs
        for i, found in enumerate(sets):
            if type(found) is not RequirementSet:
                raise DataError.at(f"sets[{i}]", found, "must be a RequirementSet")
            where = f"sets[{found.code}]"
            if found.code in index:
                raise DataError.at(where, found.code, "duplicate code")
            program = programs.get(found.program)
            if program is None:
                raise DataError.at(f"{where}.program", found.program, "unknown program")
            levels = {level.code for level in program.levels}
            for requirement in found.requirements:
                at = f"{where}.requirements[{requirement.id}]"
                for role in sorted(requirement.roles - program.roles):
                    raise DataError.at(f"{at}.roles", role.value, f"not a role of {program.code}")
                for level in sorted(requirement.levels - levels):
                    raise DataError.at(f"{at}.levels", level, f"not a level of {program.code}")
                keys[requirement.key(found.code)] = (found, requirement)
            index[found.code] = found
            by_program.setdefault(found.program, []).append(found)
        theme_index: dict[str, Theme] = {}
        for theme in themes:
            if type(theme) is not Theme:
                raise DataError.at("themes", theme, "must be a Theme")
            if theme.code in theme_index:
                raise DataError.at(f"themes[{theme.code}]", theme.code, "duplicate code")
            for member in theme.members:
                if member not in keys:
                    raise DataError.at(
                        f"themes[{theme.code}].members", member, "no such requirement"
                    )
            theme_index[theme.code] = theme
        self._sets = MappingProxyType(index)
        self._keys = keys
        self._by_program = {code: tuple(found) for code, found in by_program.items()}
        self._themes = MappingProxyType(theme_index)
        self._version = data_version

    @property
    def data_version(self) -> str:
        """The version (as-of date) of the criteria data."""
        return self._version

    @property
    def sets(self) -> Mapping[str, RequirementSet]:
        """Every requirement set, by code (read-only)."""
        return self._sets

    @property
    def themes(self) -> Mapping[str, Theme]:
        """ctpat's themes, by code (read-only)."""
        return self._themes

    def requirement_set(self, code: str) -> RequirementSet:
        """The set with this code. Raises ``KeyError`` naming an unknown one."""
        try:
            return self._sets[code]
        except KeyError:
            raise KeyError(f"no requirement set {code!r}") from None

    def sets_of(self, program: str) -> tuple[RequirementSet, ...]:
        """The requirement sets of a program (none: an empty tuple). Raises nothing."""
        return self._by_program.get(program, ())

    def current(self, program: str) -> RequirementSet:
        """The program's requirement set (its latest edition).

        Raises :class:`~ctpat.errors.UnknownProgram` for a program without one.
        """
        v.text("program", program)
        found = self._by_program.get(program)
        if not found:
            raise UnknownProgram(program)
        return max(found, key=lambda s: s.edition)

    def requirement(self, key: str) -> tuple[RequirementSet, Requirement]:
        """The set and requirement of a ``"SET:ID"`` key.

        Raises ``KeyError`` naming an unknown key.
        """
        try:
            return self._keys[key]
        except KeyError:
            raise KeyError(f"no requirement {key!r}") from None

    def applicable(
        self, program: str, *, role: Role | None = None, level: str | None = None
    ) -> tuple[Requirement, ...]:
        """The requirements of ``program``'s current set that apply to ``role`` at ``level``.

        Raises :class:`~ctpat.errors.UnknownProgram` for a program without a set.
        """
        if role is not None:
            v.member("role", role, Role)
        v.optional_text("level", level)
        return self.current(program).applicable(role=role, level=level)

    def themes_of(self, key: str) -> tuple[Theme, ...]:
        """The themes a requirement (``"SET:ID"``) belongs to. Raises nothing."""
        return tuple(t for t in self._themes.values() if key in t.members)

    def common(self, a: str, b: str) -> tuple[tuple[Theme, tuple[str, ...], tuple[str, ...]], ...]:
        """For each theme holding requirements of both programs ``a`` and ``b``:
        the theme, ``a``'s requirement keys and ``b``'s. ctpat's own mapping.

        >>> import ctpat
        >>> criteria = ctpat.reference().criteria
        >>> [(t.code, bs) for t, _, bs in criteria.common("CTPAT", "EU-AEO")][:2]
        [('partner-screening', ('EU-AEO-UCC:39(e)',)), ('cybersecurity', ('EU-AEO-UCC:39(b)',))]

        Raises nothing.
        """
        out = []
        for theme in self._themes.values():
            left = tuple(k for k in theme.members if self._keys[k][0].program == a)
            right = tuple(k for k in theme.members if self._keys[k][0].program == b)
            if left and right:
                out.append((theme, left, right))
        return tuple(out)
