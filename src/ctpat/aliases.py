"""Program names as people write them: "C-TPAT", "EU AEO (AEOS)", "PIP", "None".

Partner lists name programs in many ways. :func:`resolve` turns such text into a
program code of the reference data (and a level where the text names one), or
``None`` where the text says that there is no certification ("None", "N/A", a
blank cell). Matching ignores case, accents, spaces, hyphens and punctuation.

The aliases come from two places: the reference data itself (each program's
code, its full name, the abbreviation in its name's parentheses, and
``<code> <level>`` for each level) and ``ctpat/data/aliases.json``, hand-curated
groups of the spellings people use (the country's name with "AEO" for every
national AEO program, "Vietnam AEO"), each with a note saying where it comes
from. A trailing level also works after any alias ("AEO Korea AAA",
"CTPAT Tier 3"), and so does a level in brackets, by code or name ("China AEO
(Advanced Certified Enterprise)"). Text that fits several programs is an error listing them;
unknown text is an error with the closest aliases as suggestions.

>>> from ctpat import aliases
>>> aliases.resolve("C-TPAT")
ProgramMatch(program='CTPAT', level=None)
>>> aliases.resolve("EU AEO (AEOS)")
ProgramMatch(program='EU-AEO', level='AEOS')
>>> aliases.resolve("AEO Korea AAA")
ProgramMatch(program='KR-AEO', level='AAA')
>>> aliases.resolve("China AEO (Advanced Certified Enterprise)")
ProgramMatch(program='CN-AEO', level='advanced')
>>> aliases.resolve("Vietnam AEO")
ProgramMatch(program='VN-AEO', level=None)
>>> aliases.resolve("N/A") is None
True
>>> aliases.resolve("EU AOE")
Traceback (most recent call last):
...
ctpat.aliases.UnknownAlias: unknown program 'EU AOE'; did you mean EU-AEO?
>>> aliases.resolve("OEA")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
ctpat.aliases.UnknownAlias: ambiguous program 'OEA': it may be AR-OEA, BO-OEA, ...; write the program code

.. versionadded:: 0.1
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import TYPE_CHECKING

import attrs

from ctpat import _json
from ctpat._reference import read_data
from ctpat.errors import DataError, UnknownProgram

if TYPE_CHECKING:
    from ctpat.catalog import Catalog
    from ctpat.programs import Program

__all__ = [
    "AliasGroup",
    "Aliases",
    "ProgramMatch",
    "UnknownAlias",
    "bundled",
    "groups_from_json",
    "normalize",
    "of",
    "program_code",
    "resolve",
]

#: Where the hand-curated groups live, in the package data.
FILE = "aliases.json"

_PARENTHESES = re.compile(r"\(([^()]*)\)")
_WORDS = re.compile(r"[^\W_]+")
_TRAILING_PARENTHESES = re.compile(r"(.+?)\s*\(([^()]+)\)")


def normalize(text: str) -> str:
    """``text`` as aliases are compared: case-folded, without accents, spaces or punctuation.

    >>> normalize("Customs-Trade Partnership (C-TPAT)"), normalize("OEA México")
    ('customstradepartnershipctpat', 'oeamexico')
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if c.isalnum())


@attrs.frozen
class ProgramMatch:
    """What a program name resolved to: a program code and, if the text named one, a level."""

    program: str
    level: str | None = None


@attrs.frozen
class AliasGroup:
    """Hand-curated spellings of one program (``None``: no certification), at one level or any.

    ``note`` says why these spellings belong to the program; ``source`` is a
    URL where there is one.
    """

    program: str | None
    aliases: tuple[str, ...]
    note: str
    level: str | None = None
    source: str | None = None


class UnknownAlias(UnknownProgram):
    """Text that names no program, or names several.

    ``text`` is what was given; ``candidates`` the programs ambiguous text may
    mean (empty when unknown); ``suggestions`` the closest known spellings.
    """

    def __init__(
        self, text: str, *, candidates: Iterable[str] = (), suggestions: Iterable[str] = ()
    ) -> None:
        self.text = text
        self.candidates = tuple(candidates)
        self.suggestions = tuple(suggestions)
        super().__init__(text)

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild, (self.text, self.candidates, self.suggestions))

    def __str__(self) -> str:
        if self.candidates:
            return (
                f"ambiguous program {self.text!r}: it may be {', '.join(self.candidates)}; "
                "write the program code"
            )
        hint = f"; did you mean {' or '.join(self.suggestions)}?" if self.suggestions else ""
        return f"unknown program {self.text!r}{hint}"


def _rebuild(text: str, candidates: tuple[str, ...], suggestions: tuple[str, ...]) -> UnknownAlias:
    return UnknownAlias(text, candidates=candidates, suggestions=suggestions)


class Aliases:
    """An index of program spellings over a set of programs and alias groups.

    Built once per program set (:func:`bundled` for the reference data);
    :meth:`resolve` is a dictionary look-up. Hand-curated groups take
    precedence over what is derived from the programs. Raises
    :class:`~ctpat.errors.DataError` if a group names a program or level that
    is not among ``programs``.

    >>> import ctpat
    >>> index = Aliases(ctpat.reference().programs.values(), [AliasGroup("CTPAT", ("Zollpartner",), "test")])
    >>> index.resolve("zoll-partner")
    ProgramMatch(program='CTPAT', level=None)
    """

    def __init__(self, programs: Iterable[Program], groups: Iterable[AliasGroup] = ()) -> None:
        self._levels: dict[str, dict[str, str]] = {}
        derived: dict[str, set[ProgramMatch]] = {}
        shown: dict[str, str] = {}
        for program in programs:
            code = program.code
            levels = {normalize(level.code): level.code for level in program.levels}
            for level in program.levels:
                # A level is also written by its name ("Advanced Certified Enterprise").
                levels.setdefault(normalize(level.name), level.code)
            self._levels[code] = levels
            names = [code, program.name, _PARENTHESES.sub(" ", program.name)]
            names.extend(_PARENTHESES.findall(program.name))
            for name in names:
                key = normalize(name)
                if key:
                    derived.setdefault(key, set()).add(ProgramMatch(code))
                    shown.setdefault(key, code if key == normalize(code) else name.strip())
            for level in program.levels:
                key = normalize(code) + normalize(level.code)
                derived.setdefault(key, set()).add(ProgramMatch(code, level.code))
        index: dict[str, frozenset[ProgramMatch | None]] = {
            key: frozenset(found) for key, found in derived.items()
        }
        curated: dict[str, set[ProgramMatch | None]] = {}
        for group in groups:
            target = self._target(group)
            for alias in group.aliases:
                key = normalize(alias)
                curated.setdefault(key, set()).add(target)
                shown.setdefault(key, alias)
        index.update((key, frozenset(found)) for key, found in curated.items())
        self._index = index
        self._shown = shown

    def _target(self, group: AliasGroup) -> ProgramMatch | None:
        if group.program is None:
            return None
        levels = self._levels.get(group.program)
        if levels is None:
            raise DataError.at("aliases.program", group.program, "is not a known program")
        if group.level is not None and group.level not in levels.values():
            raise DataError.at(
                f"aliases.{group.program}.level", group.level, "is not a level of the program"
            )
        return ProgramMatch(group.program, group.level)

    def levels(self, program: str) -> Mapping[str, str]:
        """The level codes of ``program`` by their normalised spelling (empty: none, or unknown).

        >>> bundled().levels("CTPAT")["tier2"]
        'tier-2'
        """
        return self._levels.get(program, {})

    @property
    def keys(self) -> Mapping[str, frozenset[ProgramMatch | None]]:
        """Every normalised spelling and what it may mean (more than one: ambiguous)."""
        return self._index

    def resolve(self, text: str) -> ProgramMatch | None:
        """The program (and level) ``text`` names; ``None`` for "no certification".

        Raises :class:`UnknownAlias` (a :class:`~ctpat.errors.UnknownProgram`)
        when the text is ambiguous or unknown.
        """
        key = normalize(text)
        if not key:
            return None
        found = self._index.get(key)
        if found is None:
            found = self._with_level(text)
        if found is None:
            raise UnknownAlias(text, suggestions=self._suggest(key))
        if len(found) > 1:
            candidates = sorted(m.program if m is not None else "no certification" for m in found)
            raise UnknownAlias(text, candidates=sorted(set(candidates)))
        (match,) = found
        return match

    def _with_level(self, text: str) -> frozenset[ProgramMatch | None] | None:
        # "China AEO (Advanced Certified Enterprise)", "KR AEO (AAA)": an alias
        # with one of its program's levels (by code or name) in brackets.
        bracketed = _TRAILING_PARENTHESES.fullmatch(text.strip())
        if bracketed is not None:
            head = self._index.get(normalize(bracketed[1]))
            if head is not None and len(head) == 1:
                (match,) = head
                if match is not None:
                    level = self._levels[match.program].get(normalize(bracketed[2]))
                    if level is not None and match.level in (None, level):
                        return frozenset({ProgramMatch(match.program, level)})
        # "AEO Korea AAA", "CTPAT Tier 3": an alias followed by one of its program's levels.
        words = _WORDS.findall(text)
        for split in (1, 2):
            if len(words) <= split:
                continue
            head = self._index.get(normalize(" ".join(words[:-split])))
            if head is None or len(head) != 1:
                continue
            (match,) = head
            if match is None:
                continue
            level = self._levels[match.program].get(normalize("".join(words[-split:])))
            if level is not None and match.level in (None, level):
                return frozenset({ProgramMatch(match.program, level)})
        return None

    def _suggest(self, key: str) -> list[str]:
        # Only spellings that name one thing: suggesting an ambiguous one ("AEO")
        # would only lead to the next error.
        close = difflib.get_close_matches(key, self._index, n=6, cutoff=0.75)
        plain = [k for k in close if len(self._index[k]) == 1]
        return list(dict.fromkeys(self._shown[k] for k in plain))[:3]


def groups_from_json(text: str) -> tuple[AliasGroup, ...]:
    """The alias groups of an ``aliases.json`` document; :class:`~ctpat.errors.DataError` if malformed.

    >>> groups_from_json('{"groups": [{"program": "CTPAT", "aliases": ["C-TPAT"], "note": "old name"}]}')
    (AliasGroup(program='CTPAT', aliases=('C-TPAT',), note='old name', level=None, source=None),)
    """
    try:
        document = _json.loads(text)
        rows = document["groups"]
        return tuple(
            AliasGroup(
                row["program"],
                tuple(str(a) for a in row["aliases"]),
                str(row["note"]),
                row.get("level"),
                row.get("source"),
            )
            for row in rows
        )
    except (ValueError, KeyError, TypeError) as err:
        raise DataError.at(FILE, text[:40], f"not an aliases document ({err})") from None


@lru_cache(maxsize=16)
def of(catalog: Catalog) -> Aliases:
    """The aliases of ``catalog``'s programs (the shipped groups of programs it
    holds), built on first use and kept for the catalog (few catalogs are built
    in a process; a registry and those extended from it share one). Raises
    nothing for a :class:`~ctpat.catalog.Catalog`.

    >>> from ctpat._reference import bundled_catalog
    >>> of(bundled_catalog()) is of(bundled_catalog())
    True
    """
    programs = catalog.programs
    groups = [
        g for g in groups_from_json(read_data(FILE)) if g.program is None or g.program in programs
    ]
    return Aliases(programs.values(), groups)


def bundled() -> Aliases:
    """The aliases of the bundled reference data (built on first use, cached).

    >>> bundled() is bundled()
    True
    """
    from ctpat._reference import bundled_catalog

    return of(bundled_catalog())


def program_code(catalog: Catalog, by: str) -> str:
    """The code of the program ``by`` names in ``catalog``: a code as it is, or a
    spelling people write ("C-TPAT", "EU AEO (AEOS)"; a level it names is not
    kept). What the library's ``by=`` arguments go through, once, at its edge.

    >>> from ctpat._reference import bundled_catalog
    >>> program_code(bundled_catalog(), "C-TPAT")
    'CTPAT'

    Raises :class:`UnknownAlias` (an :class:`~ctpat.errors.UnknownProgram`) for
    text that names no program or several; a ``by`` that is not a string is
    returned as it is, for the caller's own check to name.
    """
    if type(by) is not str or by in catalog.programs:
        return by
    match = of(catalog).resolve(by)
    if match is None:
        raise UnknownAlias(by)
    return match.program


def resolve(text: str) -> ProgramMatch | None:
    """:meth:`Aliases.resolve` over the bundled reference data (see the module docstring)."""
    return bundled().resolve(text)
