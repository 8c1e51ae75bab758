"""ctpat: customs trade-security certification, mutual recognition and FAST, as data.

>>> from datetime import date
>>> import ctpat
>>> cert = ctpat.Certification.grant("CTPAT", "acme", on=date(2024, 1, 10), level="tier-1")
>>> ctpat.reference().standing(cert, on=date(2026, 1, 15)).status
<Status.CERTIFIED: 'certified'>
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ctpat import recognition, validity
from ctpat.arrangements import Arrangement, DateSpan, Recognition
from ctpat.catalog import Catalog
from ctpat.certifications import Certification
from ctpat.enums import (
    ActionEventKind,
    ActionStatus,
    AssessmentKind,
    Cause,
    Compliance,
    Confidence,
    EventKind,
    Obligation,
    Precision,
    ReasonCode,
    Risk,
    Role,
    Severity,
    Status,
)
from ctpat.errors import (
    CtpatError,
    DataError,
    InvalidIdentifier,
    InvalidTransition,
    Problem,
    UnknownParticipant,
    UnknownProgram,
)
from ctpat.lifecycle import Event, Standing
from ctpat.origins import Origin
from ctpat.participants import Participant, PartnerData
from ctpat.partners import PartnerBook
from ctpat.programs import Benefit, Deadline, IssuerEnd, Level, Program, ValidityPolicy
from ctpat.registry import Registry, reference
from ctpat.serialization import from_dict, from_json, to_dict, to_json
from ctpat.sources import Source
from ctpat.verdicts import Reason, Verdict

if TYPE_CHECKING:
    from ctpat import (
        assessments,
        cbam,
        criteria,
        evidence,
        fast,
        identifiers,
        io,
        provenance,
        readiness,
        requirements,
        vetting,
    )

#: The package version (PEP 440); the build reads it from here.
__version__ = "0.1.0.dev0"

__all__ = [
    "ActionEventKind",
    "ActionStatus",
    "Arrangement",
    "AssessmentKind",
    "Benefit",
    "Catalog",
    "Cause",
    "Certification",
    "Compliance",
    "Confidence",
    "CtpatError",
    "DataError",
    "DateSpan",
    "Deadline",
    "Event",
    "EventKind",
    "InvalidIdentifier",
    "InvalidTransition",
    "IssuerEnd",
    "Level",
    "Obligation",
    "Origin",
    "Participant",
    "PartnerBook",
    "PartnerData",
    "Precision",
    "Problem",
    "Program",
    "Reason",
    "ReasonCode",
    "Recognition",
    "Registry",
    "Risk",
    "Role",
    "Severity",
    "Source",
    "Standing",
    "Status",
    "UnknownParticipant",
    "UnknownProgram",
    "ValidityPolicy",
    "Verdict",
    "__version__",
    "assessments",
    "cbam",
    "criteria",
    "evidence",
    "fast",
    "from_dict",
    "from_json",
    "identifiers",
    "io",
    "provenance",
    "readiness",
    "recognition",
    "reference",
    "requirements",
    "to_dict",
    "to_json",
    "validity",
    "vetting",
]


#: The modules imported on first use (``ctpat.vetting.Outcome`` works after a plain
#: ``import ctpat``): a recognition question needs none of them. Vetting and the
#: evidence of the official services, the security criteria and the caller's
#: compliance records, CBAM's Decimal arithmetic, FAST lanes, the partner-file
#: readers, the data audit and the identifier schemes' rules each load when first
#: named. Their classes are reached through their modules (``from ctpat.vetting
#: import VettingReport``), so that the top level holds the model, the registry,
#: the errors and the converter.
_SUBMODULES = frozenset(
    {
        "assessments",
        "cbam",
        "criteria",
        "evidence",
        "fast",
        "identifiers",
        "io",
        "provenance",
        "readiness",
        "requirements",
        "review",
        "scoring",
        "screening",
        "vetting",
    }
)


def __getattr__(name: str) -> Any:
    if name in _SUBMODULES:
        return importlib.import_module(f"ctpat.{name}")
    raise AttributeError(f"module 'ctpat' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
