"""Scoring a partner's security questionnaire by the member's own policy.

No official scoring of CTPAT questionnaires exists: how a *should* counts, and
which unmet *must* is too many, is each importer's policy. A
:class:`ScoringPolicy` states it (weights by obligation, per-requirement
overrides, the thresholds of low / medium / high risk, the requirements whose
being unmet makes a partner high risk whatever its score, how long a
questionnaire stays valid), given in code or read from a TOML file;
:meth:`ScoringPolicy.score` applies it to one questionnaire. ctpat ships one
policy as an *example* (:meth:`ScoringPolicy.example`); it is not CBP's.

>>> from datetime import date
>>> import ctpat
>>> from ctpat import AssessmentKind as K, Compliance as C, Role
>>> from ctpat.assessments import Answer, Assessment
>>> musts = [r.id for r in ctpat.reference().requirements("CTPAT", role=Role.MANUFACTURER)
...          if r.obligation is ctpat.Obligation.MUST]
>>> q = Assessment("q-1", "factory", "CTPAT-MSC-2019", date(2026, 3, 1), K.PARTNER_QUESTIONNAIRE,
...                [Answer(rid, C.MET) for rid in musts], role=Role.MANUFACTURER)
>>> score = ScoringPolicy.example().score(ctpat.reference().criteria.requirement_set("CTPAT-MSC-2019"), q)
>>> score.risk, score.value < 1, score.unmet[0]
(<Risk.MEDIUM: 'medium'>, True, '1.1')
"""

from __future__ import annotations

import datetime as dt
import math
import os
from collections.abc import Iterable, Mapping
from typing import Any

import attrs
from dateutil.relativedelta import relativedelta

from ctpat import _durations, _toml
from ctpat import _validation as v
from ctpat.assessments import Assessment
from ctpat.enums import Compliance, Obligation, Risk
from ctpat.errors import DataError
from ctpat.requirements import RequirementSet

__all__ = ["Score", "ScoringPolicy"]

#: The file of the example policy in the package's data.
_EXAMPLE = "scoring-example.toml"


def _weight(field: str, value: object) -> float:
    if type(value) not in (int, float) or not math.isfinite(value) or value < 0:  # type: ignore[arg-type, operator]
        raise DataError.at(field, value, "must be a finite number, 0 or more")
    return float(value)  # type: ignore[arg-type]


def _weights(value: Mapping[Any, float]) -> Mapping[Obligation, float]:
    if not isinstance(value, Mapping):
        raise DataError.at("weights", value, "must map must and should to a weight")
    out: dict[Obligation, float] = {}
    for key, weight in value.items():
        try:
            obligation = Obligation(key)
        except ValueError:
            raise DataError.at(f"weights.{key}", key, "not an obligation (must, should)") from None
        out[obligation] = _weight(f"weights.{obligation.value}", weight)
    for obligation in Obligation:
        if obligation not in out:
            raise DataError.at(f"weights.{obligation.value}", None, "a weight is required")
    return out


def _overrides(value: Mapping[str, float]) -> Mapping[str, float]:
    if not isinstance(value, Mapping):
        raise DataError.at("overrides", value, "must map requirement ids to weights")
    out: dict[str, float] = {}
    for key, weight in value.items():
        v.text("overrides", key)
        out[key] = _weight(f"overrides.{key}", weight)
    return out


def _critical(value: Iterable[str]) -> frozenset[str]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise DataError.at("critical", value, "must be a list of requirement ids")
    found = frozenset(value)
    for rid in found:
        v.text("critical", rid)
    return found


@attrs.frozen
class Score:
    """A questionnaire scored by a policy: ``value`` (0 to 1, the weight met over
    the weight that counts), the ``risk`` it stands for, the requirements not met
    (``unmet``: musts first, then by id order in the set; not answered counts as
    not met) and among them the policy's ``critical`` ones.

    Raises nothing: scores are built by the library.
    """

    value: float
    risk: Risk
    earned: float
    possible: float
    unmet: tuple[str, ...]
    critical: tuple[str, ...]

    @property
    def percent(self) -> str:
        """The value as a whole percentage, rounded down (never up to a threshold)."""
        return f"{math.floor(self.value * 100)}%"


@attrs.frozen
class ScoringPolicy:
    """How a member scores its partners' questionnaires: the member's policy, not CBP's.

    ``weights`` gives each obligation its weight; ``overrides`` a requirement's
    own (0 leaves it out); a score at or above ``low`` is low risk, at or above
    ``medium`` medium, below it high. A requirement in ``critical`` answered not
    met (or not answered) makes the partner high risk whatever the score.
    A questionnaire is current for ``valid_for`` after its date. ``name`` is
    shown in every answer it gives.

    >>> ScoringPolicy("strict", {"must": 1, "should": 0}, low=1.0, medium=0.95).weights
    {<Obligation.MUST: 'must'>: 1.0, <Obligation.SHOULD: 'should'>: 0.0}

    Raises :class:`~ctpat.errors.DataError` naming the field for a negative
    or missing weight, thresholds out of order or outside 0 to 1, and a
    validity that is not a whole number of years, months and days.
    """

    name: str
    # The two mappings compare but do not hash (a dict cannot): equal policies
    # still hash alike, by their other fields.
    weights: Mapping[Obligation, float] = attrs.field(converter=_weights, hash=False)
    overrides: Mapping[str, float] = attrs.field(factory=dict, converter=_overrides, hash=False)
    low: float = 0.9
    medium: float = 0.7
    critical: frozenset[str] = attrs.field(default=frozenset(), converter=_critical)
    valid_for: relativedelta = attrs.field(factory=lambda: relativedelta(years=1))
    note: str | None = None

    def __attrs_post_init__(self) -> None:
        v.text("name", self.name)
        for field in ("low", "medium"):
            value = getattr(self, field)
            if type(value) not in (int, float) or not 0 <= value <= 1:
                raise DataError.at(field, value, "must be a number from 0 to 1")
        if self.medium > self.low:
            raise DataError.at("medium", self.medium, f"must not be above low ({self.low})")
        _durations.check("valid_for", self.valid_for)
        v.optional_text("note", self.note)

    # -- reading --------------------------------------------------------------------

    @classmethod
    def from_toml(cls, text: str, *, file: str | None = None) -> ScoringPolicy:
        """A policy from TOML text: ``[policy]`` (``name``, ``note``,
        ``valid_for`` as ISO 8601, e.g. ``"P1Y"``), ``[weights]`` (``must``,
        ``should``), ``[overrides]`` (requirement id = weight), ``[thresholds]``
        (``low``, ``medium``) and ``[critical]`` (``requirements``, a list).

        >>> ScoringPolicy.from_toml('''
        ... [policy]
        ... name = "ours"
        ... valid_for = "P6M"
        ... [weights]
        ... must = 3
        ... should = 1
        ... [critical]
        ... requirements = ["3.1"]
        ... ''').valid_for
        relativedelta(months=+6)

        Raises :class:`~ctpat.errors.DataError` naming the file and key for
        invalid TOML, an unknown table or key, and any value the constructor
        refuses.
        """
        where = file or "policy"
        document = _toml.loads(text, file=where, kind="policy file")
        return cls.from_dict(document, file=where)

    @classmethod
    def from_dict(cls, document: Mapping[str, Any], *, file: str = "policy") -> ScoringPolicy:
        """A policy from the tables of a parsed policy file (see :meth:`from_toml`)."""
        known: dict[str, set[str] | None] = {
            "policy": {"name", "note", "valid_for"},
            "weights": {"must", "should"},
            "overrides": None,
            "thresholds": {"low", "medium"},
            "critical": {"requirements"},
        }
        for table, value in document.items():
            if table not in known:
                raise DataError.at(f"{file}.{table}", table, f"unknown table ({', '.join(known)})")
            if not isinstance(value, Mapping):
                raise DataError.at(f"{file}.{table}", value, "must be a table")
            keys = known[table]
            for key in value:
                if keys is not None and key not in keys:
                    raise DataError.at(
                        f"{file}.{table}.{key}", key, f"unknown key ({', '.join(sorted(keys))})"
                    )
        policy = document.get("policy", {})
        thresholds = document.get("thresholds", {})
        if "name" not in policy:
            raise DataError.at(f"{file}.policy.name", None, "a policy needs a name")
        valid_for = policy.get("valid_for", "P1Y")
        try:
            period = _durations.from_iso(valid_for)
        except DataError:
            raise DataError.at(
                f"{file}.policy.valid_for", valid_for, "not an ISO 8601 duration such as P1Y"
            ) from None
        critical = document.get("critical", {}).get("requirements", [])
        try:
            return cls(
                policy["name"],
                document.get("weights", {}),
                document.get("overrides", {}),
                low=thresholds.get("low", 0.9),
                medium=thresholds.get("medium", 0.7),
                critical=critical,
                valid_for=period,
                note=policy.get("note"),
            )
        except DataError as err:
            raise err.prefixed(file) from None

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> ScoringPolicy:
        """The policy in a TOML file; :class:`~ctpat.errors.DataError` naming the file."""
        text, name = _toml.read_text(path, kind="policy file")
        return cls.from_toml(text, file=name)

    @classmethod
    def example(cls) -> ScoringPolicy:
        """The example policy ctpat ships (read from its package data when called).

        It is an illustration of the choices a member makes, **not CBP's
        scoring**: no official scoring exists. Raises nothing unless the
        package's data is damaged.

        >>> ScoringPolicy.example().name
        'ctpat example policy (not CBP scoring)'
        """
        from importlib import resources

        text = resources.files("ctpat.data").joinpath(_EXAMPLE).read_text(encoding="utf-8")
        return cls.from_toml(text, file=_EXAMPLE)

    # -- scoring ----------------------------------------------------------------------

    def weight(self, requirement: str, obligation: Obligation) -> float:
        """The weight of a requirement id: its override, else its obligation's. Raises nothing."""
        found = self.overrides.get(requirement)
        return self.weights[obligation] if found is None else found

    def current(self, questionnaire_on: dt.date, on: dt.date) -> bool:
        """Whether a questionnaire dated ``questionnaire_on`` is still valid on ``on``.

        Raises nothing.
        """
        from ctpat._dates import shift

        ends = shift(questionnaire_on, self.valid_for)
        return questionnaire_on <= on and (ends is None or on < ends)

    def score(self, requirements: RequirementSet, questionnaire: Assessment) -> Score:
        """``questionnaire`` scored against the requirements of ``requirements``
        that apply to its role and level.

        Each requirement that weighs counts its weight; an answer *met* earns
        it, *not applicable* takes it out, *not met*, *not assessed* or no
        answer earns nothing. A questionnaire where nothing weighs scores 0.
        Raises :class:`~ctpat.errors.DataError` for arguments of the wrong type
        or a questionnaire on another requirement set.
        """
        if type(requirements) is not RequirementSet:
            raise DataError.at("requirements", requirements, "must be a RequirementSet")
        if type(questionnaire) is not Assessment:
            raise DataError.at("questionnaire", questionnaire, "must be an Assessment")
        if questionnaire.requirement_set != requirements.code:
            raise DataError.at(
                "questionnaire.requirement_set",
                questionnaire.requirement_set,
                f"is not {requirements.code}",
            )
        earned = possible = 0.0
        unmet: list[tuple[bool, int, str]] = []
        for index, requirement in enumerate(
            requirements.applicable(role=questionnaire.role, level=questionnaire.level)
        ):
            answer = questionnaire.answer(requirement.id)
            status = Compliance.NOT_ASSESSED if answer is None else answer.status
            if status is Compliance.NOT_APPLICABLE:
                continue
            weight = self.weight(requirement.id, requirement.obligation)
            if status is Compliance.MET:
                earned += weight
                possible += weight
                continue
            possible += weight
            if weight > 0 or requirement.id in self.critical:
                unmet.append(
                    (requirement.obligation is not Obligation.MUST, index, requirement.id)
                )
        value = earned / possible if possible else 0.0
        missed = tuple(rid for _, _, rid in sorted(unmet))
        critical = tuple(rid for rid in missed if rid in self.critical)
        if critical or value < self.medium:
            risk = Risk.HIGH
        elif value < self.low:
            risk = Risk.MEDIUM
        else:
            risk = Risk.LOW
        return Score(value, risk, earned, possible, missed, critical)
