"""Every model class, for the converter to register, and their field types (private).

>>> field_types(Source)["retrieved_on"]
<class 'datetime.date'>
"""

from __future__ import annotations

import builtins
import sys
from typing import Any

from ctpat.arrangements import Arrangement, Recognition
from ctpat.assessments import (
    ActionEvent,
    Answer,
    Assessment,
    ComplianceBook,
    ComplianceFinding,
    CorrectiveAction,
)
from ctpat.certifications import Certification, Event
from ctpat.origins import Origin
from ctpat.participants import Participant, PartnerData
from ctpat.programs import Benefit, Deadline, IssuerEnd, Level, Program, ValidityPolicy
from ctpat.requirements import Category, Element, Requirement, RequirementSet, Theme
from ctpat.sources import Source
from ctpat.verdicts import Reason, Verdict

MODELS: tuple[type, ...] = (
    Arrangement,
    Benefit,
    Certification,
    Deadline,
    Event,
    IssuerEnd,
    Level,
    Origin,
    Participant,
    PartnerData,
    Program,
    Reason,
    Recognition,
    Source,
    ValidityPolicy,
    Verdict,
    # the security criteria
    Category,
    Element,
    Requirement,
    RequirementSet,
    Theme,
    # the caller's compliance records
    ActionEvent,
    Answer,
    Assessment,
    ComplianceBook,
    ComplianceFinding,
    CorrectiveAction,
)


# By class; and the value of each annotation text, by module, as the annotation
# texts repeat ("str | None") and evaluating one costs a compilation.
_TYPES: dict[type, dict[str, Any]] = {}
_VALUES: dict[tuple[str, str], Any] = {}


def field_types(cls: type) -> dict[str, Any]:
    """The type of each attrs field of ``cls``, by name, as
    :func:`typing.get_type_hints` gives it; worked out once per class.

    Raises ``NameError`` for an annotation that names nothing (a bug of ours).
    """
    found = _TYPES.get(cls)
    if found is None:
        import attrs

        module = cls.__module__
        namespace = vars(sys.modules[module])
        found = {}
        for field in attrs.fields(cls):
            hint = field.type
            if isinstance(hint, str):
                key = (module, hint)
                if key in _VALUES:
                    hint = _VALUES[key]
                else:
                    hint = _VALUES[key] = _evaluate(hint, namespace)
            found[field.name] = type(None) if hint is None else hint
        _TYPES[cls] = found
    return found


def _evaluate(text: str, namespace: dict[str, Any]) -> Any:
    if text.isidentifier():  # most are a plain name: no need to compile it
        if text in namespace:
            return namespace[text]
        if hasattr(builtins, text):
            return getattr(builtins, text)
    return eval(text, namespace)
