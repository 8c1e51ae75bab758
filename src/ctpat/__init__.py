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
    from ctpat import cbam, fast, identifiers, io, provenance
    from ctpat.assessments import (
        ActionEvent,
        Answer,
        Assessment,
        ComplianceBook,
        ComplianceFinding,
        CorrectiveAction,
    )
    from ctpat.criteria import Criteria
    from ctpat.evidence import AeoAuthorisation, Evidence, Finding, OfficialService, weigh
    from ctpat.readiness import Gap, GapReport, Readiness
    from ctpat.requirements import Category, Element, Requirement, RequirementSet, Theme
    from ctpat.review import ReviewGroup, ReviewPack
    from ctpat.scoring import Score, ScoringPolicy
    from ctpat.screening import PartnerAnswer, Screening
    from ctpat.vetting import Outcome, SupplyChain, VettingEntry, VettingReport

#: The package version (PEP 440); the build reads it from here.
__version__ = "0.1.0.dev0"

__all__ = [
    "ActionEvent",
    "ActionEventKind",
    "ActionStatus",
    "AeoAuthorisation",
    "Answer",
    "Arrangement",
    "Assessment",
    "AssessmentKind",
    "Benefit",
    "Catalog",
    "Category",
    "Cause",
    "Certification",
    "Compliance",
    "ComplianceBook",
    "ComplianceFinding",
    "Confidence",
    "CorrectiveAction",
    "Criteria",
    "CtpatError",
    "DataError",
    "DateSpan",
    "Deadline",
    "Element",
    "Event",
    "EventKind",
    "Evidence",
    "Finding",
    "Gap",
    "GapReport",
    "InvalidIdentifier",
    "InvalidTransition",
    "IssuerEnd",
    "Level",
    "Obligation",
    "OfficialService",
    "Origin",
    "Outcome",
    "Participant",
    "PartnerAnswer",
    "PartnerBook",
    "PartnerData",
    "Precision",
    "Problem",
    "Program",
    "Readiness",
    "Reason",
    "ReasonCode",
    "Recognition",
    "Registry",
    "Requirement",
    "RequirementSet",
    "ReviewGroup",
    "ReviewPack",
    "Risk",
    "Role",
    "Score",
    "ScoringPolicy",
    "Screening",
    "Severity",
    "Source",
    "Standing",
    "Status",
    "SupplyChain",
    "Theme",
    "UnknownParticipant",
    "UnknownProgram",
    "ValidityPolicy",
    "Verdict",
    "VettingEntry",
    "VettingReport",
    "__version__",
    "cbam",
    "fast",
    "from_dict",
    "from_json",
    "identifiers",
    "io",
    "provenance",
    "recognition",
    "reference",
    "to_dict",
    "to_json",
    "validity",
    "weigh",
]


#: The check modules, the data check and the identifier schemes, imported on first use
#: (``ctpat.fast.lane_eligibility`` works after a plain ``import ctpat``): CBAM's
#: Decimal arithmetic, the CSV reader and the schemes' rules are not needed to
#: answer a recognition question.
_SUBMODULES = frozenset({"cbam", "fast", "identifiers", "io", "provenance"})


#: Public names of the modules that vet and weigh evidence, imported on first use
#: too: neither ``import ctpat`` nor ``ctpat.reference()`` needs them (type
#: checkers and IDEs read them from the ``TYPE_CHECKING`` imports above).
_LAZY = {
    "AeoAuthorisation": "evidence",
    "Evidence": "evidence",
    "Finding": "evidence",
    "OfficialService": "evidence",
    "weigh": "evidence",
    "Outcome": "vetting",
    "SupplyChain": "vetting",
    "VettingEntry": "vetting",
    "VettingReport": "vetting",
    # the security criteria and the caller's compliance records
    "Category": "requirements",
    "Element": "requirements",
    "Requirement": "requirements",
    "RequirementSet": "requirements",
    "Theme": "requirements",
    "Criteria": "criteria",
    "ActionEvent": "assessments",
    "Answer": "assessments",
    "Assessment": "assessments",
    "ComplianceBook": "assessments",
    "ComplianceFinding": "assessments",
    "CorrectiveAction": "assessments",
    "Gap": "readiness",
    "GapReport": "readiness",
    "Readiness": "readiness",
    # partner screening and the annual review pack
    "Score": "scoring",
    "ScoringPolicy": "scoring",
    "PartnerAnswer": "screening",
    "Screening": "screening",
    "ReviewGroup": "review",
    "ReviewPack": "review",
}


def __getattr__(name: str) -> Any:
    # Imported or built on first use so that ``import ctpat`` stays cheap: a
    # recognition question needs none of them. Every other public name is a
    # plain import above.
    if name in _SUBMODULES:
        return importlib.import_module(f"ctpat.{name}")
    module = _LAZY.get(name)
    if module is not None:
        return getattr(importlib.import_module(f"ctpat.{module}"), name)
    raise AttributeError(f"module 'ctpat' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
