"""Every model class and the enums they hold, for the converter to register (private;
loaded with the converter, not by ``import ctpat`` or the reference data).
"""

from __future__ import annotations

from ctpat.arrangements import Arrangement, Recognition
from ctpat.assessments import (
    ActionEvent,
    Answer,
    Assessment,
    ComplianceBook,
    ComplianceFinding,
    CorrectiveAction,
)
from ctpat.certifications import Certification
from ctpat.enums import (
    ActionEventKind,
    AssessmentKind,
    Compliance,
    Confidence,
    EventKind,
    Obligation,
    ReasonCode,
    Role,
    Severity,
    Status,
)
from ctpat.evidence import AeoAuthorisation, Evidence, Finding, OfficialService
from ctpat.lifecycle import Event
from ctpat.origins import Origin
from ctpat.participants import Participant, PartnerData
from ctpat.programs import Benefit, Deadline, IssuerEnd, Level, Program, ValidityPolicy
from ctpat.requirements import Category, Element, Requirement, RequirementSet, Theme
from ctpat.sources import Source
from ctpat.verdicts import Reason, Verdict

MODELS: tuple[type, ...] = (
    AeoAuthorisation,
    Arrangement,
    Benefit,
    Certification,
    Deadline,
    Event,
    Evidence,
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

#: The enums the models hold, written as their values.
ENUMS = (
    Confidence,
    EventKind,
    Finding,
    OfficialService,
    ReasonCode,
    Role,
    Status,
    # the security criteria and the caller's assessments of them
    ActionEventKind,
    AssessmentKind,
    Compliance,
    Obligation,
    Severity,
)
