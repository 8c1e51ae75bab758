"""``ctpat review``: the annual review pack of a member and its partners (private).

Reads the partner list (as ``vet`` does), the supply chain, the partners'
questionnaires (a folder of ``<partner>_<YYYY-MM-DD>`` sheets), the
corrective-action log, the member's own self-assessment and the scoring
policy; prints every partner's answer grouped by deciding reason, the
member's readiness, overdue corrective actions and the coming year's
deadlines, as a table, JSON (``docs/schemas/ctpat-cli.schema.json``,
``#/$defs/review``) or an HTML page. Exit codes: 0 the member ready and no
partner high risk or unverified, 1 otherwise, 2 bad input.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any, TextIO

import ctpat
from ctpat.cli import _records
from ctpat.cli._exit import ExitCode, NothingToCheck
from ctpat.cli._options import examples, format_option, on_option, partner_file, program_code
from ctpat.cli._output import emit, table
from ctpat.cli._report import fingerprint, report_extra, report_option, write_page
from ctpat.errors import DataError

__all__ = ["register"]

#: The columns of the partner records, in order (CSV and the table).
REVIEW_COLUMNS = (
    "partner", "risk", "code", "path", "questionnaire", "questionnaire_on", "score", "reason",
    "policy", "on", "data_version",
)  # fmt: skip


def register(command: Any) -> None:
    """Add ``review`` through ``command(name, epilog)``."""
    p = command(
        "review",
        examples(
            "ctpat review partners.csv --member acme-imports --policy example --on 2026-03-31",
            "ctpat review partners.csv --member acme-imports --chain chain.csv"
            " --questionnaires questionnaires/ --questions questions.toml --actions actions.csv"
            " --assessment self-assessment.csv --policy ours.toml --report review.html",
        )
        + "\n\nexit codes: 0 ready and every partner covered, low or medium risk;"
        " 1 not ready, or a partner high risk or unverified; 2 bad input",
    )
    partner_file(p)
    g = p.add_argument_group("the review")
    g.add_argument("--member", required=True, help="the member's id in the partner list")
    g.add_argument("--program", default="CTPAT", help="the member's program (default: CTPAT)")
    g.add_argument(
        "--policy",
        required=True,
        metavar="TOML",
        help="the scoring policy: a TOML file, or 'example' for ctpat's example (not CBP's)",
    )
    g.add_argument(
        "--chain",
        type=Path,
        metavar="FILE",
        help="who buys from whom: customer and supplier columns",
    )
    g.add_argument(
        "--questionnaires",
        type=Path,
        metavar="DIR",
        help="a folder of questionnaires, each named <partner id>_<YYYY-MM-DD>.csv or .xlsx",
    )
    g.add_argument(
        "--questions",
        type=Path,
        metavar="TOML",
        help="a mapping file whose [questions] table maps question numbers to requirement ids",
    )
    g.add_argument("--actions", type=Path, metavar="FILE", help="the corrective-action log")
    g.add_argument(
        "--book",
        type=Path,
        metavar="JSON",
        help="a ComplianceBook JSON file: earlier assessments, questionnaires, findings, actions",
    )
    g.add_argument(
        "--assessment", type=Path, metavar="FILE", help="the member's own self-assessment sheet"
    )
    g.add_argument(
        "--sample",
        type=int,
        default=0,
        metavar="N",
        help="also draw N partners to audit at random",
    )
    g.add_argument("--seed", default="0", help="the random sample's seed (default: 0)")
    on_option(p)
    format_option(p)
    report_option(p, "also write the review pack as an HTML page")
    p.set_defaults(run=_review)


def _policy(text: str) -> ctpat.scoring.ScoringPolicy:
    if text == "example":
        return ctpat.scoring.ScoringPolicy.example()
    return ctpat.scoring.ScoringPolicy.load(text)


def _compliance(
    args: argparse.Namespace, registry: ctpat.Registry, program: str
) -> ctpat.assessments.ComplianceBook:
    from ctpat import io
    from ctpat.cli._criteria import read_book

    book = read_book(args.book)
    if args.actions is not None:
        actions = io.read_actions(args.actions)
        actions.raise_problems()
        assert actions.book is not None  # read without a problem
        book = book.extend(actions.book.assessments, actions.book.findings, actions.book.actions)
    if args.questionnaires is not None:
        if not args.questionnaires.is_dir():
            raise DataError.at("--questionnaires", str(args.questionnaires), "not a folder")
        questions = io.SheetMapping.load(args.questions) if args.questions is not None else None
        found = io.read_questionnaires(
            sorted(p for p in args.questionnaires.iterdir() if p.is_file()),
            book=registry.book,
            criteria=registry.criteria,
            program=program,
            mapping=questions,
        )
        found.raise_problems()
        book = book.extend(assessments=found.questionnaires)
    if args.assessment is not None:
        member = registry.participant(args.member)
        role = next(iter(member.roles)) if len(member.roles) == 1 else None
        intake = io.read_assessment(
            args.assessment,
            subject=member.id,
            requirement_set=registry.criteria.current(program).code,
            on=args.on,
            role=role,
            criteria=registry.criteria,
        )
        intake.raise_problems()
        assert intake.assessment is not None  # read without a problem
        book = book.extend([intake.assessment])
    return book


def _review(args: argparse.Namespace, out: TextIO) -> int:
    from ctpat import io
    from ctpat._durations import to_iso
    from ctpat.cli._partners import load
    from ctpat.review import review

    program, _ = program_code(args.program, "--program")
    policy = _policy(args.policy)
    if args.sample < 0:
        raise DataError.at("--sample", args.sample, "must be 0 or more")
    registry = load(args, out, what="partners")
    if registry is None:
        return ExitCode.OK
    registry.participant(args.member)
    chain = None
    if args.chain is not None:
        intake = io.read_chain(args.chain)
        intake.raise_problems()
        chain = intake.chain
    compliance = _compliance(args, registry, program)
    pack = review(
        registry.catalog,
        registry.criteria,
        registry.book,
        compliance,
        args.member,
        on=args.on,
        policy=policy,
        program=program,
        chain=chain,
    )
    if not len(pack.screening):
        raise NothingToCheck(f"no partners of {pack.member} to review")
    version = pack.data_version
    records = [_partner(a, version) for a in pack.screening]
    sample = [a.partner for a in pack.screening.sample(args.sample, seed=args.seed)]
    ready = pack.readiness
    envelope = {
        "command": "review",
        "file": os.path.basename(args.file) if args.file != "-" else None,
        "member": pack.member,
        "program": pack.program,
        "requirement_set": pack.gaps.requirement_set,
        "role": pack.gaps.role.value if pack.gaps.role else None,
        "on": pack.on.isoformat(),
        "until": pack.until.isoformat(),
        "policy": {
            "name": policy.name,
            "valid_for": to_iso(policy.valid_for),
            "note": policy.note,
        },
        "ready": ready.ok,
        "deciding": _records.reason(ready.deciding),
        "reasons": [_records.reason(r) for r in ready.reasons],
        "gaps": io.gap_records(pack.gaps),
        "counts": {risk.value: n for risk, n in pack.screening.counts().items()},
        "groups": [
            {
                "risk": g.risk.value,
                "code": g.code.value,
                "count": len(g.answers),
                "example": g.answers[0].deciding.message,
                "partners": list(g.partners),
            }
            for g in pack.groups()
        ],
        "audit": [a.partner for a in pack.screening.to_audit()],
        "sample": sample,
        "seed": args.seed,
        "overdue_actions": [
            _records.deadline(d, on=pack.on, data_version=version) for d in pack.overdue
        ],
        "calendar": [
            _records.deadline(d, on=pack.on, data_version=version) for d in pack.calendar
        ],
        "data_version": version,
    }

    def show() -> None:
        print(pack.summary(), file=out)
        print(ready.explain().splitlines()[0] + " " + ready.deciding.message, file=out)
        print(file=out)
        table(
            out,
            ("answer", "deciding reason", "partners", "for example"),
            [
                [g.risk.value, g.code.value, str(len(g.answers)), g.answers[0].deciding.message]
                for g in pack.groups()
            ],
        )
        if sample:
            print(f"\nAudit sample (seed {args.seed}): {', '.join(sample)}", file=out)

    worst = {a.risk for a in pack.screening}
    code = (
        ExitCode.OK
        if ready.ok and not worst & {ctpat.Risk.HIGH, ctpat.Risk.UNVERIFIED}
        else ExitCode.REFUSED
    )
    if args.report is not None:
        with report_extra():
            from ctpat.report import review_html

        source = fingerprint(args.file, registry) if args.file != "-" else None
        page = review_html(pack, sample=args.sample, seed=args.seed, source=source)
        if str(args.report) == "-":
            out.write(page)
            return code
        write_page(args.report, page)
    emit(out, args.format, records, envelope=envelope, columns=REVIEW_COLUMNS, show=show)
    return code


def _partner(a: ctpat.screening.PartnerAnswer, data_version: str) -> dict[str, Any]:
    """One partner's answer as a record."""
    cert = a.certification.certification if a.certification is not None else None
    return {
        "partner": a.partner,
        "risk": a.risk.value,
        "code": a.deciding.code.value,
        "reason": a.deciding.message,
        "deciding": _records.reason(a.deciding),
        "reasons": [_records.reason(r) for r in a.reasons],
        "path": list(a.path),
        "program": cert.program if cert is not None else None,
        "questionnaire": a.questionnaire.id if a.questionnaire is not None else None,
        "questionnaire_on": a.questionnaire.on.isoformat() if a.questionnaire else None,
        "score": round(a.score.value, 4) if a.score is not None else None,
        "policy": a.policy,
        "on": a.on.isoformat(),
        "data_version": data_version,
    }
