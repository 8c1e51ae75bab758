"""Write the synthetic supplier-screening example in this folder: 200 partners of
one importer, their supply chain, their security questionnaires, a corrective-action
log, and ``expected.csv`` -- the answer each partner must get under ctpat's example
policy and under the stricter ``strict-policy.toml``.

Every company is invented. The expected answers are worked out here, from what
each partner was built to be, by arithmetic written out in this file (not by
ctpat), so the tests compare two statements of the rules. Run it again after a
change: ``python examples/screening/make_screening.py`` (standard library only).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import random
import shutil
from pathlib import Path

HERE = Path(__file__).resolve().parent
ON = dt.date(2026, 3, 31)  # the review date of the example
MEMBER = "acme-imports"
REQUIREMENTS = json.loads(
    (HERE.parents[1] / "src" / "ctpat" / "data" / "requirements.json").read_text("utf-8")
)["sets"][0]["requirements"]
IDS = [r["id"] for r in REQUIREMENTS]
MUST = {r["id"] for r in REQUIREMENTS if r["obligation"] == "must"}
SHOULD = [i for i in IDS if i not in MUST]
# The requirements a random "unmet must" is drawn from: none the policies call critical.
CRITICAL_EXAMPLE = {"3.1", "6.1", "7.23"}
CRITICAL_STRICT = CRITICAL_EXAMPLE | {"5.1", "10.1"}
PLAIN_MUSTS = [i for i in IDS if i in MUST and i not in CRITICAL_STRICT]
# The example's question numbers: Q1.. in the order of the criteria, and one more (after the last) a
# second question about seals (6.1).
QUESTIONS = {f"Q{n}": rid for n, rid in enumerate(IDS, 1)}
EXTRA = (f"Q{len(IDS) + 1}", "6.1")

rng = random.Random(20260331)


def days_before(days: int) -> dt.date:
    return ON - dt.timedelta(days=days)


def risk_of(value: float, low: float, medium: float) -> str:
    return "low" if value >= low else "medium" if value >= medium else "high"


def example_risk(unmet_musts: list[str], unmet_shoulds: int, na_shoulds: int, age: int) -> str:
    """The example policy, by hand: must 3 (3.1: 6), should 1; low 90%, medium 70%;
    critical 3.1, 6.1, 7.23; valid one year."""
    if age >= 365:
        return "unverified"
    if set(unmet_musts) & CRITICAL_EXAMPLE:
        return "high"
    weight = dict.fromkeys(MUST, 3) | {"3.1": 6}
    possible = sum(weight.values()) + len(SHOULD) - na_shoulds
    earned = possible - sum(weight[r] for r in unmet_musts) - unmet_shoulds
    return risk_of(earned / possible, 0.9, 0.7)


def strict_risk(unmet_musts: list[str], unmet_shoulds: int, na_shoulds: int, age: int) -> str:
    """The strict policy, by hand: musts only, all of them for low, 95% for medium;
    critical 3.1, 5.1, 6.1, 7.23, 10.1; valid six months."""
    if add_months(ON - dt.timedelta(days=age), 6) <= ON:
        return "unverified"
    if set(unmet_musts) & CRITICAL_STRICT:
        return "high"
    return risk_of((len(MUST) - len(unmet_musts)) / len(MUST), 1.0, 0.95)


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    last = [31, 29 if year % 4 == 0 and (year % 100 or year % 400 == 0) else 28, 31, 30, 31,
            30, 31, 31, 30, 31, 30, 31][month - 1]  # fmt: skip
    return dt.date(year, month, min(day.day, last))


RAISE = {"covered": "low", "low": "medium", "medium": "high"}
ROLES = ["manufacturer", "highway-carrier", "consolidator", "third-party-logistics", "exporter"]
COUNTRIES = {"CTPAT": "US", "EU-AEO": "DE", "CA-PIP": "CA", "MX-OEA": "MX", "JP-AEO": "JP",
             "CN-AEO": "CN", "VN-AEO": "VN", None: "CN"}  # fmt: skip


def main() -> None:
    partners = [
        {"id": MEMBER, "name": "Acme Imports Inc.", "country": "US", "roles": "importer",
         "program": "CTPAT", "level": "tier-2", "certified_on": "2019-04-08", "status": "",
         "status_on": "", "reference": "CT-0041-7731"}
    ]  # fmt: skip
    questionnaires: list[tuple[str, dt.date, str, list[tuple[str, str, str]]]] = []
    expected: list[dict[str, str]] = []
    findings: list[list[str]] = []
    n = 0

    def partner(kind: str, program: str | None = None, level: str = "", status: str = "") -> str:
        nonlocal n
        n += 1
        pid = f"p{n:03d}-{kind}"
        country = (
            COUNTRIES[program] if program != "EU-AEO" else rng.choice(["DE", "FR", "NL", "IT"])
        )
        certified = dt.date(2016, 1, 4) + dt.timedelta(days=rng.randrange(2500))
        partners.append(
            {"id": pid, "name": f"Partner {n:03d} ({kind})", "country": country,
             "roles": ROLES[n % len(ROLES)], "program": program or "", "level": level,
             "certified_on": certified.isoformat() if program else "",
             "status": status, "status_on": "2025-11-03" if status else "",
             "reference": f"REF-{n:05d}" if program else ""}
        )  # fmt: skip
        return pid

    def questionnaire(pid: str, age: int, musts: list[str], shoulds: int, na: int,
                      style: str = "ids") -> None:  # fmt: skip
        on = days_before(age)
        unmet_shoulds = SHOULD[:shoulds]
        not_applicable = SHOULD[shoulds : shoulds + na]
        rows = []
        for rid in IDS:
            status, note = "Yes", ""
            if rid in musts or rid in unmet_shoulds:
                status, note = "No", "corrective action planned"
            elif rid in not_applicable:
                status, note = "N/A", "no such operation at this site"
            rows.append((rid, status, note))
        questionnaires.append((pid, on, style, rows))

    def expect(pid: str, example: str, strict: str, why: str) -> None:
        expected.append({"partner": pid, "example": example, "strict": strict, "why": why})

    # Recognised certifications: covered, whatever else (one has a poor questionnaire).
    for program, level, count in (("CTPAT", "tier-1", 30), ("EU-AEO", "AEOS", 14),
                                  ("EU-AEO", "AEOF", 6), ("CA-PIP", "", 5),
                                  ("MX-OEA", "", 10), ("JP-AEO", "", 5)):  # fmt: skip
        for _ in range(count):
            pid = partner("certified", program, level)
            expect(pid, "covered", "covered", f"{program} recognised by CTPAT")
    poor = partners[3]["id"]
    questionnaire(poor, 30, ["3.1", *PLAIN_MUSTS[:20]], 20, 0)
    # Suspended or revoked certifications with a perfect questionnaire: high.
    for program, status, count in (("CTPAT", "suspended", 4), ("MX-OEA", "revoked", 3)):
        for _ in range(count):
            pid = partner("refused", program, "", status)
            questionnaire(pid, 40, [], 0, 0)
            expect(pid, "high", "high", f"{program} {status}; a questionnaire cannot lift it")
    # Certifications CTPAT does not recognise: judged on the questionnaire like anyone.
    for program, level, count in (
        ("EU-AEO", "AEOC", 5),
        ("CN-AEO", "advanced", 6),
        ("VN-AEO", "", 4),
    ):
        for i in range(count):
            pid = partner("unrecognised", program, level)
            if i % 3 == 2:
                expect(
                    pid, "unverified", "unverified", f"{program} not recognised, no questionnaire"
                )
                continue
            age = 60 if i % 2 else 250
            questionnaire(pid, age, [], 5, 0)
            expect(pid, example_risk([], 5, 0, age), strict_risk([], 5, 0, age),
                   f"{program} not recognised; questionnaire {age} days old")  # fmt: skip
    # Questionnaires of every age and quality.
    plans = [
        ([], 0, 0),
        ([], 10, 2),
        ([], 20, 0),
        ([], 34, 0),
        ([], 0, 5),
        (PLAIN_MUSTS[:1], 0, 0),
        (PLAIN_MUSTS[:5], 3, 0),
        (PLAIN_MUSTS[:15], 5, 0),
        (PLAIN_MUSTS[:30], 10, 0),
        (["3.1"], 0, 0),
        (["6.1"], 2, 0),
        (["5.1"], 0, 0),
        (["7.23", *PLAIN_MUSTS[:2]], 0, 0),
    ]
    ages = [10, 45, 120, 200, 300, 364, 365, 400, 800]
    for i in range(78):
        musts, shoulds, na = plans[i % len(plans)]
        age = ages[(i // len(plans) + i) % len(ages)]
        pid = partner("questionnaire")
        style = "questions" if i % 4 == 1 else "ids"
        if i % 10 == 3:
            # An older, worse questionnaire stays in the history; the latest counts.
            questionnaire(pid, age + 370, PLAIN_MUSTS[:30], 30, 0)
        questionnaire(pid, age, musts, shoulds, na, style)
        expect(pid, example_risk(musts, shoulds, na, age), strict_risk(musts, shoulds, na, age),
               f"questionnaire {age} days old, {len(musts)} musts and {shoulds} shoulds unmet")  # fmt: skip
    # Nothing on record.
    while n < 200:
        pid = partner("none")
        expect(pid, "unverified", "unverified", "no certification, no questionnaire")

    # Required actions about partners: some overdue (the answer goes up one step),
    # some closed in time, some not yet due.
    by_id = {row["partner"]: row for row in expected}
    targets = [row["partner"] for row in expected]
    chosen = rng.sample(targets, 24)
    for k, pid in enumerate(chosen):
        fid, aid = f"F-{k + 1:03d}", f"CA-{k + 1:03d}"
        raised = ON - dt.timedelta(days=120)
        due = ON - dt.timedelta(days=30) if k % 3 != 2 else ON + dt.timedelta(days=30)
        base = ["", pid, "CTPAT-MSC-2019:" + ("6.2" if k % 2 else "10.2"), "required-action",
                raised.isoformat(), "visit-2025-11", "", "found on the site visit"]  # fmt: skip
        findings.append([fid, *base[1:], aid, "quality", "fix it", "opened", raised.isoformat(),
                         due.isoformat(), ""])  # fmt: skip
        if k % 3 == 1:
            findings.append([fid, *base[1:], aid, "quality", "fix it", "closed",
                             (ON - dt.timedelta(days=40)).isoformat(), "", "done"])  # fmt: skip
        overdue = k % 3 == 0
        row = by_id[pid]
        for policy in ("example", "strict"):
            if overdue and row[policy] in RAISE:
                row[policy] = RAISE[row[policy]]
        if overdue:
            row["why"] += "; a required action is overdue"

    # The supply chain: the importer buys from 60 partners; each of the others
    # supplies one of those (or one of theirs): up to four tiers.
    ids = [row["id"] for row in partners[1:]]
    order = ids[:]
    rng.shuffle(order)
    links = [(MEMBER, pid) for pid in order[:60]]
    for i, pid in enumerate(order[60:], 60):
        links.append((order[rng.randrange(max(0, i - 80), i)], pid))

    for old in (HERE / "questionnaires").glob("*"):
        old.unlink()
    (HERE / "questionnaires").mkdir(exist_ok=True)
    write(HERE / "partners.csv", list(partners[0]), [list(p.values()) for p in partners])
    write(HERE / "chain.csv", ["customer", "supplier"], links)
    write(
        HERE / "actions.csv",
        ["finding", "subject", "requirement", "severity", "raised_on", "raised_by",
         "finding_due", "finding_note", "action", "owner", "description", "event", "on", "due",
         "note"],
        findings,
    )  # fmt: skip
    write(HERE / "expected.csv", ["partner", "example", "strict", "why"],
          [list(row.values()) for row in expected])  # fmt: skip
    for pid, on, style, rows in questionnaires:
        name = HERE / "questionnaires" / f"{pid}_{on.isoformat()}.csv"
        if style == "questions":
            by_rid = {rid: (status, note) for rid, status, note in rows}
            body = [[q, *by_rid[rid]] for q, rid in QUESTIONS.items()]
            body.append([EXTRA[0], *by_rid[EXTRA[1]]])
            write(name, ["Q No", "Answer", "Comments"], body)
        else:
            write(name, ["Criteria ID", "Status", "Notes"], [list(r) for r in rows])
    with open(HERE / "questions.toml", "w", encoding="utf-8") as out:
        out.write(
            "# The example questionnaire's question numbers and the MSC criteria they ask about.\n"
        )
        out.write("[questions]\n")
        for q, rid in QUESTIONS.items():
            out.write(f'{q} = "{rid}"\n')
        out.write(f'{EXTRA[0]} = "{EXTRA[1]}"  # a second question about seal procedures\n')
    shutil.copy(HERE.parent / "ctpat-self-assessment.csv", HERE / "self-assessment.csv")


def write(path: Path, header: list[str], rows: list) -> None:  # type: ignore[type-arg]
    with open(path, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


if __name__ == "__main__":
    main()
