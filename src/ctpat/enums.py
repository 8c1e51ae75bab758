"""The enumerations of the model: roles, statuses, events and reasons.

Every member's value is a stable lower-case string used in JSON and CSV, and
every enum is also a ``str`` so that ``Role.IMPORTER == "importer"``.

>>> from ctpat.enums import Role, Status
>>> Role("highway-carrier")
<Role.HIGHWAY_CARRIER: 'highway-carrier'>
>>> Status.CERTIFIED.value
'certified'
"""

from __future__ import annotations

import enum

__all__ = [
    "ActionEventKind",
    "ActionStatus",
    "AssessmentKind",
    "Cause",
    "Compliance",
    "Confidence",
    "EventKind",
    "Obligation",
    "Precision",
    "ReasonCode",
    "Risk",
    "Role",
    "Severity",
    "Status",
    "StrEnum",
]


class StrEnum(str, enum.Enum):
    """A string enum whose ``str()`` is its value (like 3.11's ``enum.StrEnum``):
    the base of every enum in ctpat, so that values print as they are written in JSON.

    >>> str(Status.CERTIFIED)
    'certified'
    """

    def __str__(self) -> str:
        return str(self.value)


class Role(StrEnum):
    """The type of business entity a participant is, or a certification covers.

    The names follow CBP's CTPAT business entity types (CBP's eligibility pages, one per entity type), with
    ``DRIVER`` for FAST commercial drivers and ``WAREHOUSE_OPERATOR`` for the
    programs (PIP, many AEOs) that admit them.
    """

    IMPORTER = "importer"
    EXPORTER = "exporter"
    MANUFACTURER = "manufacturer"
    HIGHWAY_CARRIER = "highway-carrier"
    RAIL_CARRIER = "rail-carrier"
    SEA_CARRIER = "sea-carrier"
    AIR_CARRIER = "air-carrier"
    CONSOLIDATOR = "consolidator"
    CUSTOMS_BROKER = "customs-broker"
    THIRD_PARTY_LOGISTICS = "third-party-logistics"
    PORT_TERMINAL_OPERATOR = "port-terminal-operator"
    LONG_HAUL_CARRIER = "long-haul-carrier"
    WAREHOUSE_OPERATOR = "warehouse-operator"
    DRIVER = "driver"


class Status(StrEnum):
    """The standing of a certification on a given date.

    Validation is a milestone with a date, not a status: a CTPAT "validated"
    partner is ``CERTIFIED`` with a validation on record. ``NONE`` is the
    standing before the certification's first event.
    """

    NONE = "none"
    APPLICANT = "applicant"
    CERTIFIED = "certified"
    SUSPENDED = "suspended"
    REJECTED = "rejected"
    REVOKED = "revoked"
    WITHDRAWN = "withdrawn"
    EXPIRED = "expired"

    @property
    def is_terminal(self) -> bool:
        """Whether no event can follow this status (rejected, revoked, withdrawn)."""
        return self in _TERMINAL


_TERMINAL = frozenset({Status.REJECTED, Status.REVOKED, Status.WITHDRAWN})


class Cause(StrEnum):
    """What ended a certification's force when no event of its own did."""

    #: The expiry printed on the certificate passed without a renewal.
    PRINTED_EXPIRY = "printed-expiry"
    #: The fixed term the program (or the level held) sets ran out.
    FIXED_TERM = "fixed-term"
    #: The program stopped honouring what the issuing country granted.
    ISSUER_ENDED = "issuer-ended"
    #: The program itself ended.
    PROGRAM_ENDED = "program-ended"
    #: The program had not started yet.
    PROGRAM_NOT_STARTED = "program-not-started"


class EventKind(StrEnum):
    """What can happen to a certification."""

    APPLIED = "applied"
    CERTIFIED = "certified"
    VALIDATED = "validated"
    REVIEWED = "reviewed"
    REVALIDATED = "revalidated"
    LEVEL_CHANGED = "level-changed"
    RENEWED = "renewed"
    SUSPENDED = "suspended"
    REINSTATED = "reinstated"
    REJECTED = "rejected"
    REVOKED = "revoked"
    WITHDRAWN = "withdrawn"


class ReasonCode(StrEnum):
    """Why a verdict came out as it did; one code per reason."""

    VALID = "valid"
    NOT_CERTIFIED_YET = "not-certified-yet"
    SUSPENDED = "suspended"
    REVOKED = "revoked"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    EXPIRED = "expired"
    SAME_PROGRAM = "same-program"
    ARRANGEMENT_IN_FORCE = "arrangement-in-force"
    ARRANGEMENT_NOT_IN_FORCE = "arrangement-not-in-force"
    LEVEL_NOT_COVERED = "level-not-covered"
    ROLE_NOT_COVERED = "role-not-covered"
    NO_ARRANGEMENT = "no-arrangement"
    UNKNOWN_PROGRAM = "unknown-program"
    NO_CERTIFICATION = "no-certification"
    CONDITION = "condition"
    DEADLINE_OVERDUE = "deadline-overdue"
    #: Informational: the file the certification was read from did not state its
    #: status; the verdict rests on what it did state.
    STATUS_NOT_STATED = "status-not-stated"
    #: A check needs a party (FAST lane) or a seal that was not given.
    MISSING_PARTY = "missing-party"
    #: CBAM: the year's cumulative mass of CBAM goods is over the threshold.
    CBAM_THRESHOLD_EXCEEDED = "cbam-threshold-exceeded"
    #: CBAM: the year's cumulative mass stays within the threshold.
    CBAM_BELOW_THRESHOLD = "cbam-below-threshold"
    #: CBAM: the status is required whatever the mass (electricity, hydrogen,
    #: an indirect customs representative).
    CBAM_ALWAYS_REQUIRED = "cbam-always-required"
    #: CBAM: a CN code outside Annex I, reported and not counted.
    NOT_CBAM_GOODS = "not-cbam-goods"
    #: A fact the verdict rests on (a program's role list, level list or
    #: validity terms) is assumed or not from the administration's own
    #: publication; see :meth:`ctpat.Program.caveats`.
    UNCONFIRMED_FACT = "unconfirmed-fact"
    #: Evidence: an official service confirmed the claim (an EORI registered,
    #: an AEO listed at the claimed type).
    CONFIRMED_AT_SOURCE = "confirmed-at-source"
    #: Evidence: the EU AEO service does not list the claimed authorisation.
    #: Its list shows only holders that consented to publication, so this
    #: leaves the claim unverified; it does not prove the holder uncertified.
    AEO_NOT_LISTED = "aeo-not-listed"
    #: Evidence: the EU AEO service lists the authorisation at another type
    #: than the one claimed (e.g. AEOC for a claimed AEOF).
    AEO_TYPE_MISMATCH = "aeo-type-mismatch"
    #: Evidence: an official EORI service reports the number as not registered.
    EORI_NOT_REGISTERED = "eori-not-registered"
    #: Evidence: the official service could not be asked (failure, timeout,
    #: rate limit, malformed answer), so the number is unverified.
    SOURCE_UNAVAILABLE = "source-unavailable"
    #: Readiness: every applicable must requirement met, evidence current,
    #: no required action overdue.
    REQUIREMENTS_MET = "requirements-met"
    #: Readiness: an applicable must requirement was assessed as not met.
    MUST_UNMET = "must-unmet"
    #: Readiness: an applicable must requirement has no answer, or one saying
    #: it was not assessed.
    NOT_ASSESSED = "not-assessed"
    #: Readiness: a must requirement was last checked longer ago than its
    #: recurrence (the annual risk-assessment review, say).
    EVIDENCE_STALE = "evidence-stale"
    #: Readiness: a corrective action answering a required action is past due.
    ACTION_OVERDUE = "action-overdue"
    #: Readiness (informational): a should requirement is not met or not assessed.
    SHOULD_UNMET = "should-unmet"
    #: The day falls inside the span in which a date of the arrangement relied
    #: on is not known (signed "in June 2008"): the recognition may or may not
    #: have applied, so the certification is unverified, not accepted.
    DATE_UNCERTAIN = "date-uncertain"
    #: Partner screening: the partner's latest questionnaire within the
    #: policy's validity was scored.
    QUESTIONNAIRE_SCORED = "questionnaire-scored"
    #: Partner screening: the partner answered no questionnaire on or before the date.
    NO_QUESTIONNAIRE = "no-questionnaire"
    #: Partner screening: the partner's latest questionnaire is older than the
    #: policy's validity.
    QUESTIONNAIRE_EXPIRED = "questionnaire-expired"
    #: Partner screening: a requirement the policy names critical was not met,
    #: so the partner is high risk whatever its score.
    CRITICAL_UNMET = "critical-unmet"
    #: A row of the partner list about this participant could not be read (the
    #: row's problem is the reason): unverified, never passed on what was read.
    UNREADABLE = "unreadable"

    @property
    def is_informational(self) -> bool:
        """Whether the reason informs without deciding the verdict."""
        return self in _INFORMATIONAL

    @property
    def leaves_unverified(self) -> bool:
        """Whether a refusal for this reason means "unverified", not "failed".

        >>> ReasonCode.AEO_NOT_LISTED.leaves_unverified, ReasonCode.EXPIRED.leaves_unverified
        (True, False)
        """
        return self in _UNVERIFIED

    @classmethod
    def for_status(cls, status: Status) -> ReasonCode:
        """The reason a certification in ``status`` gives for a verdict.

        >>> ReasonCode.for_status(Status.SUSPENDED)
        <ReasonCode.SUSPENDED: 'suspended'>
        >>> ReasonCode.for_status(Status.APPLICANT)
        <ReasonCode.NOT_CERTIFIED_YET: 'not-certified-yet'>
        """
        return _FOR_STATUS[status]


_INFORMATIONAL = frozenset(
    {
        ReasonCode.CONDITION,
        ReasonCode.DEADLINE_OVERDUE,
        ReasonCode.STATUS_NOT_STATED,
        ReasonCode.UNCONFIRMED_FACT,
        ReasonCode.CONFIRMED_AT_SOURCE,
        ReasonCode.SHOULD_UNMET,
    }
)
_UNVERIFIED = frozenset(
    {
        ReasonCode.NO_CERTIFICATION,
        ReasonCode.AEO_NOT_LISTED,
        ReasonCode.SOURCE_UNAVAILABLE,
        ReasonCode.DATE_UNCERTAIN,
        ReasonCode.NO_QUESTIONNAIRE,
        ReasonCode.QUESTIONNAIRE_EXPIRED,
        ReasonCode.UNREADABLE,
    }
)
_FOR_STATUS = {
    Status.NONE: ReasonCode.NOT_CERTIFIED_YET,
    Status.APPLICANT: ReasonCode.NOT_CERTIFIED_YET,
    Status.CERTIFIED: ReasonCode.VALID,
    Status.SUSPENDED: ReasonCode.SUSPENDED,
    Status.REJECTED: ReasonCode.REJECTED,
    Status.REVOKED: ReasonCode.REVOKED,
    Status.WITHDRAWN: ReasonCode.WITHDRAWN,
    Status.EXPIRED: ReasonCode.EXPIRED,
}


class Confidence(StrEnum):
    """How well a reference-data fact is sourced."""

    OFFICIAL = "official"
    SECONDARY = "secondary"
    UNCERTAIN = "uncertain"


class Obligation(StrEnum):
    """How binding a security requirement is: CTPAT's *Must* or *Should*."""

    MUST = "must"
    SHOULD = "should"


class Compliance(StrEnum):
    """An assessment's answer for one requirement."""

    MET = "met"
    NOT_MET = "not-met"
    NOT_APPLICABLE = "not-applicable"
    NOT_ASSESSED = "not-assessed"


class AssessmentKind(StrEnum):
    """Who looked, and in what capacity."""

    SELF_ASSESSMENT = "self-assessment"
    INTERNAL_AUDIT = "internal-audit"
    PARTNER_QUESTIONNAIRE = "partner-questionnaire"
    VALIDATION = "validation"
    MRA_JOINT_VALIDATION = "mra-joint-validation"


class Severity(StrEnum):
    """How much a finding asks of its holder, most demanding first."""

    REQUIRED_ACTION = "required-action"
    RECOMMENDATION = "recommendation"
    OBSERVATION = "observation"
    BEST_PRACTICE = "best-practice"


class ActionEventKind(StrEnum):
    """What happened to a corrective action."""

    OPENED = "opened"
    DUE_SET = "due-set"
    EXTENDED = "extended"
    CLOSED = "closed"
    VERIFIED = "verified"
    REOPENED = "reopened"


class ActionStatus(StrEnum):
    """Where a corrective action stands."""

    NONE = "none"
    OPEN = "open"
    CLOSED = "closed"
    VERIFIED = "verified"


class Precision(StrEnum):
    """How well a date of the reference data is known.

    >>> Precision("month")
    <Precision.MONTH: 'month'>
    """

    #: The day itself is known.
    DAY = "day"
    #: Only the month is known (a page gives "June 2008").
    MONTH = "month"
    #: Only the year is known.
    YEAR = "year"
    #: Only bounds are known: not before one day, not after another (a listing
    #: date or the first proof that the thing existed is a "not after" bound).
    BOUNDED = "bounded"


class Risk(StrEnum):
    """A business partner's security risk as the member's screening sees it,
    from the least to the most demanding of attention."""

    #: A certification the member's program recognises covers it (MSC 3.4).
    COVERED = "covered"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    #: Nothing current to judge it by: no recognised certification and no
    #: questionnaire within the policy's validity.
    UNVERIFIED = "unverified"

    @property
    def rank(self) -> int:
        """How much attention it asks for (0 least): covered, low, medium,
        unverified, high. Unverified ranks below high: nothing is known, so it
        asks for a questionnaire first; high is a known weakness.

        >>> max([Risk.LOW, Risk.UNVERIFIED, Risk.MEDIUM], key=lambda r: r.rank)
        <Risk.UNVERIFIED: 'unverified'>
        """
        return _RISK_RANK[self]


_RISK_RANK = {Risk.COVERED: 0, Risk.LOW: 1, Risk.MEDIUM: 2, Risk.UNVERIFIED: 3, Risk.HIGH: 4}
