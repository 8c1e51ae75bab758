"""Every model class, for the converter to register (private)."""

from __future__ import annotations

from ctpat.arrangements import Arrangement, Recognition
from ctpat.certifications import Certification, Event
from ctpat.origins import Origin
from ctpat.participants import Participant, PartnerData
from ctpat.programs import Benefit, Deadline, IssuerEnd, Level, Program, ValidityPolicy
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
)
