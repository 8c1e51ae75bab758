"""Problems found while reading a partner file, each with its file, line and column (private)."""

from __future__ import annotations

from typing import Any

import attrs

from ctpat.errors import DataError, Problem

__all__ = ["Collector", "ReadProblem", "Reported", "UnreadRow", "raise_all", "where"]


def where(file: str | None, line: int | None, column: str | None) -> str:
    """``'suppliers.csv, line 14, column 'Country''``: the place a problem names."""
    parts = [file if file is not None else "(input)"]
    if line is not None:
        parts.append(f"line {line}")
    if column is not None:
        parts.append(f"column {column!r}")
    return ", ".join(parts)


@attrs.frozen
class ReadProblem(Problem):
    """One problem in a partner file: the file, its physical line, the column, the
    value, what is wrong, what is accepted and, where one is close, a suggestion.

    A :class:`~ctpat.errors.Problem` whose ``path`` is the place in words, so a
    :class:`~ctpat.errors.DataError` can carry it as it is. Raises nothing:
    its fields are not checked.

    >>> p = ReadProblem.at("suppliers.csv", 14, "Country", "Swizerland", "not a country",
    ...                    accepted="ISO 3166-1 codes or English names", suggestion="did you mean Switzerland?")
    >>> print(p)
    suppliers.csv, line 14, column 'Country': not a country (got 'Swizerland'); accepted: ISO 3166-1 codes or English names; did you mean Switzerland?
    """

    file: str | None = None
    line: int | None = None
    column: str | None = None
    accepted: str | None = None
    suggestion: str | None = None

    @classmethod
    def at(
        cls,
        file: str | None,
        line: int | None,
        column: str | None,
        value: Any,
        message: str,
        *,
        accepted: str | None = None,
        suggestion: str | None = None,
    ) -> ReadProblem:
        """A problem at ``file``, ``line``, ``column``."""
        return cls(
            where(file, line, column), value, message, file, line, column, accepted, suggestion
        )

    def __str__(self) -> str:
        text = f"{self.path}: {self.message}"
        if self.value is not None:
            text += f" (got {self.value!r})"
        if self.accepted:
            text += f"; accepted: {self.accepted}"
        if self.suggestion:
            text += f"; {self.suggestion}"
        return text


@attrs.frozen
class UnreadRow:
    """A row of a partner file that could not be read whole.

    ``line`` is its physical line; ``participant`` the id of the participant
    it is about (read from this row or an earlier one); ``problems`` what is
    wrong, each naming the file, line and column. Such a participant is
    vetted *unverified*, the row's problem its deciding reason (see
    :meth:`~ctpat.io.Intake.vet`). Raises nothing: built by the reader.
    """

    line: int
    participant: str
    problems: tuple[str, ...]


class Collector:
    """Problems of one file, kept up to ``cap``; the rest only counted."""

    def __init__(self, file: str | None, cap: int) -> None:
        if type(cap) is not int or cap < 1:
            raise DataError.at("max_problems", cap, "must be a positive whole number")
        self.file = file
        self.cap = cap
        self.kept: list[ReadProblem] = []
        self.omitted = 0

    def add(
        self,
        line: int | None,
        column: str | None,
        value: Any,
        message: str,
        *,
        accepted: str | None = None,
        suggestion: str | None = None,
    ) -> None:
        """Keep a problem (or count it, past the cap)."""
        if len(self.kept) >= self.cap:
            self.omitted += 1
            return
        self.kept.append(
            ReadProblem.at(
                self.file, line, column, value, message, accepted=accepted, suggestion=suggestion
            )
        )

    @property
    def full(self) -> bool:
        """Whether a further problem would only be counted (so its details need no work)."""
        return len(self.kept) >= self.cap

    def __bool__(self) -> bool:
        return bool(self.kept)


def raise_all(file: str | None, problems: tuple[ReadProblem, ...], omitted: int) -> None:
    """Raise :class:`DataError` with every kept problem (and a line counting the
    omitted ones), if there is one."""
    if not problems:
        return
    found: list[Problem] = list(problems)
    if omitted:
        found.append(
            ReadProblem.at(file, None, None, None, f"and {omitted} more problems not shown")
        )
    raise DataError(found)


class Reported:
    """The problems a reader found beside what it read, and the two questions asked
    of them: the base of the sheet readers' results (assessments, action logs,
    questionnaires, supply chains), which hold ``problems`` and ``file``."""

    __slots__ = ()
    problems: tuple[ReadProblem, ...]
    file: str | None

    @property
    def ok(self) -> bool:
        """Whether the file was read without a problem."""
        return not self.problems

    def raise_problems(self) -> None:
        """Raise :class:`~ctpat.errors.DataError` with every problem, if there is one."""
        raise_all(self.file, self.problems, 0)
