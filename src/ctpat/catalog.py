"""The reference data as one checked, indexed value: programs, arrangements, version.

A :class:`Catalog` holds the programs and the mutual recognition arrangements
between them, checks on construction that they fit together (every
arrangement names known programs, and levels and roles those programs have),
and indexes them so that every question is a dictionary look-up: who
recognises whom, which arrangements two programs share. It does no
recognition itself (:mod:`ctpat.recognition` does), but keeps the answers that
depend on the reference data alone, so that every registry sharing it shares them.

>>> import ctpat
>>> catalog = ctpat.reference().catalog
>>> catalog.program("CTPAT").administration
'U.S. Customs and Border Protection (CBP)'
>>> [a.id for a in catalog.arrangements_between("EU-AEO", "CTPAT")]
['US-EU']
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType

from ctpat.arrangements import Arrangement, Recognition
from ctpat.errors import DataError, UnknownProgram, shown
from ctpat.programs import Program

__all__ = ["Catalog"]


#: How many derived answers a catalog keeps before it starts afresh; a vet on
#: one day needs a few hundred.
_MEMO_SIZE = 50_000


class Catalog:
    """Programs and arrangements, checked and indexed.

    Raises :class:`~ctpat.errors.DataError` naming the record for a duplicate
    program code or arrangement id, an arrangement naming an unknown program,
    and a recognition of levels or roles the recognised program does not have.

    >>> from datetime import date
    >>> from ctpat import Program, Source, ValidityPolicy
    >>> src = Source("https://example.org/", "Example", date(2026, 1, 1))
    >>> p = Program("X-AEO", "X", "X customs", "DE", (), (), ValidityPolicy(), (), src)
    >>> Catalog([p, p], data_version="2026-01-01")
    Traceback (most recent call last):
    ...
    ctpat.errors.DataError: programs[X-AEO]: duplicate code (got 'X-AEO')
    """

    __slots__ = (
        "_arrangements",
        "_between",
        "_by_pair",
        "_by_recogniser",
        "_memo",
        "_programs",
        "_version",
    )

    def __init__(
        self,
        programs: Iterable[Program],
        arrangements: Iterable[Arrangement] = (),
        *,
        data_version: str,
    ) -> None:
        if type(data_version) is not str or not data_version:
            raise DataError.at("data_version", data_version, "must be a non-empty string")
        index: dict[str, Program] = {}
        for i, program in enumerate(programs):
            if type(program) is not Program:
                raise DataError.at(f"programs[{i}]", program, "must be a Program")
            if program.code in index:
                raise DataError.at(f"programs[{program.code}]", program.code, "duplicate code")
            index[program.code] = program
        self._programs: Mapping[str, Program] = MappingProxyType(index)
        self._version = data_version
        ordered = []
        for i, arrangement in enumerate(arrangements):
            if type(arrangement) is not Arrangement:
                raise DataError.at(f"arrangements[{i}]", arrangement, "must be an Arrangement")
            ordered.append(arrangement)
        ordered.sort(key=lambda a: a.id)
        by_pair: dict[tuple[str, str], list[tuple[Arrangement, Recognition]]] = {}
        between: dict[frozenset[str], list[Arrangement]] = {}
        seen: set[str] = set()
        for arrangement in ordered:
            self._check(arrangement, seen)
            for party in arrangement.parties:
                for other in arrangement.parties:
                    if party < other:
                        between.setdefault(frozenset((party, other)), []).append(arrangement)
            for rec in arrangement.recognitions:
                by_pair.setdefault((rec.by, rec.of), []).append((arrangement, rec))
        self._arrangements = tuple(ordered)
        self._by_pair = {key: tuple(value) for key, value in by_pair.items()}
        self._between = {key: tuple(value) for key, value in between.items()}
        by_recogniser: dict[str, list[tuple[Arrangement, Recognition]]] = {}
        for (by, _), directions in self._by_pair.items():
            by_recogniser.setdefault(by, []).extend(directions)
        self._by_recogniser = {key: tuple(value) for key, value in by_recogniser.items()}
        self._memo: dict[tuple[object, ...], object] = {}

    def _check(self, arrangement: Arrangement, seen: set[str]) -> None:
        where = f"arrangements[{arrangement.id}]"
        if arrangement.id in seen:
            raise DataError.at(f"{where}.id", arrangement.id, "duplicate arrangement id")
        seen.add(arrangement.id)
        for party in arrangement.parties:
            if party not in self._programs:
                raise DataError.at(f"{where}.parties", party, "unknown program")
        for i, rec in enumerate(arrangement.recognitions):
            recognised = self._programs[rec.of]
            extra_levels = (rec.levels or frozenset()) - recognised.level_codes
            if extra_levels:
                raise DataError.at(
                    f"{where}.recognitions[{i}].levels",
                    sorted(extra_levels),
                    f"not levels of {rec.of}",
                )
            extra_roles = (rec.roles or frozenset()) - recognised.roles
            if extra_roles:
                raise DataError.at(
                    f"{where}.recognitions[{i}].roles",
                    sorted(r.value for r in extra_roles),
                    f"not roles of {rec.of}",
                )

    @property
    def data_version(self) -> str:
        """The version (as-of date) of the reference data; verdicts carry it."""
        return self._version

    @property
    def programs(self) -> Mapping[str, Program]:
        """Every program, by code (read-only)."""
        return self._programs

    @property
    def arrangements(self) -> tuple[Arrangement, ...]:
        """Every arrangement, sorted by id."""
        return self._arrangements

    def program(self, code: str) -> Program:
        """The program with this code.

        Raises :class:`~ctpat.errors.UnknownProgram` for an unknown code.
        """
        try:
            return self._programs[code]
        except (KeyError, TypeError):
            raise UnknownProgram(code if type(code) is str else shown(code)) from None

    def arrangements_between(self, a: str, b: str) -> tuple[Arrangement, ...]:
        """The arrangements to which both programs are parties, sorted by id.

        Raises nothing: an unknown code (or a value that is no code) is party to none.
        """
        try:
            return self._between.get(frozenset((a, b)), ())
        except TypeError:  # an unhashable code is no program's
            return ()

    def arrangements_of(self, code: str) -> tuple[Arrangement, ...]:
        """The arrangements to which the program is a party, sorted by id.

        Raises :class:`~ctpat.errors.UnknownProgram` for an unknown code.
        """
        self.program(code)
        return tuple(a for a in self._arrangements if code in a.parties)

    def recognitions(self, by: str, of: str) -> tuple[tuple[Arrangement, Recognition], ...]:
        """Every recognition of program ``of`` by program ``by``, with its arrangement.

        Raises nothing: an unknown code (or a value that is no code) has none.
        """
        try:
            return self._by_pair.get((by, of), ())
        except TypeError:  # an unhashable code is no program's
            return ()

    def recognitions_by(self, code: str) -> tuple[tuple[Arrangement, Recognition], ...]:
        """Every recognition by program ``code`` of another program, with its arrangement.

        An unknown code has none. Raises ``TypeError`` for an argument of the
        wrong type.
        """
        return self._by_recogniser.get(code, ())

    # The memo of answers that depend on this reference data alone (what an
    # arrangement accepts on a day, at a level, for a role): every registry
    # sharing the catalog shares them. A key names what the answer depends on,
    # starting with the name of the question. Private: recognition's own cache.

    def _recall(self, key: tuple[object, ...]) -> object | None:
        """The answer kept under ``key``, or ``None``."""
        return self._memo.get(key)

    def _keep(self, key: tuple[object, ...], answer: object) -> None:
        """Keep ``answer`` under ``key``; the memo starts afresh when full."""
        memo = self._memo
        if len(memo) >= _MEMO_SIZE:
            memo.clear()
        memo[key] = answer
