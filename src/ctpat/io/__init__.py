"""Partner lists in and out: CSV, Excel ``.xlsx`` and JSON, as people keep them.

:func:`read` takes a spreadsheet designed by someone else and returns an
:class:`Intake`: the partner data, every problem found (each naming the file,
the physical line, the column, the value, what is accepted and, where one is
close, a suggestion), and how each column was read. Nothing is dropped without
a word: every column is read, ignored on purpose, or a problem.

- **Columns** are matched by their usual names ("Supplier Name", "Vendor" →
  ``name``; "Cert Number" → ``reference``; "Certified Since" →
  ``certified_on``, ...) or mapped by a :class:`SheetMapping` (a TOML file).
  Without an ``id`` column each partner's id is derived from its name.
- **Programs** as people write them ("C-TPAT", "EU AEO (AEOS)", "PIP", "None"),
  through :mod:`ctpat.aliases`; **countries** by code or name in any case.
- **Statuses** (certified, suspended, revoked, expired, withdrawn, rejected,
  pending) with an as-of date, and the validated, reviewed, renewed and
  expiry dates become the certification's events; a stated status always
  wins, and a row without one keeps ``Origin.status_stated = False``.
- **Dates** are ISO ``YYYY-MM-DD`` unless a layout is given
  (``date_format``); nothing is guessed.
- **Files**: CSV in any delimiter (sniffed or given), with or without a BOM,
  any line ends; ``.xlsx`` through openpyxl (the ``excel`` extra), streamed
  row by row; JSON :class:`~ctpat.PartnerData` documents; any binary stream.
- **Cells** are values, or a problem naming the cell: a formula saved without
  its value, an error value (:data:`ERROR_VALUES`), a cell longer than
  :data:`MAX_CELL` characters. A merged range fills each of its cells.
- **Rows about one certificate** (one number, or one grant date) are merged
  into one history; rows that contradict each other are a problem naming
  their lines, and the certificate is left out.

Every record carries an :class:`~ctpat.Origin` naming its file and line.

>>> from datetime import date
>>> intake = read_text(
...     "Supplier Name,Country,Certification Program,Cert Number,Certified Since,Status\\n"
...     "Rhein Tools GmbH,de,EU AEO (AEOS),DEAEOS1001,2017-03-01,Certified\\n"
...     "Quiet Supplier Ltd,UK,None,,,\\n"
... )
>>> intake.ok, [p.id for p in intake.data.participants]
(True, ['rhein-tools-gmbh', 'quiet-supplier-ltd'])
>>> cert = intake.data.certifications[0]
>>> cert.program, cert.level_on(date(2020, 1, 1)), str(cert.origin)
('EU-AEO', 'AEOS', '(input), line 2')

:func:`write_csv` writes what :func:`read_csv` reads back exactly.
"""

from __future__ import annotations

from ctpat.io._actions import ACTION_COLUMNS, ActionsIntake, read_actions, write_actions_csv
from ctpat.io._assessments import (
    ASSESSMENT_COLUMNS,
    GAP_COLUMNS,
    AssessmentIntake,
    gap_records,
    read_assessment,
    write_assessment_csv,
    write_gaps_csv,
)
from ctpat.io._cells import ERROR_VALUES, MAX_CELL
from ctpat.io._chains import ChainIntake, read_chain
from ctpat.io._countries import resolve_country
from ctpat.io._history import STATUSES
from ctpat.io._mapping import FIELDS, ColumnUse, SheetMapping
from ctpat.io._problems import ReadProblem, UnreadRow
from ctpat.io._questionnaires import (
    QuestionnairesIntake,
    read_questionnaire,
    read_questionnaires,
)
from ctpat.io._read import FORMATS, Intake, load, read, read_csv, read_text
from ctpat.io._rows import Rows, read_rows
from ctpat.io._write import write_csv

__all__ = [
    "ACTION_COLUMNS",
    "ASSESSMENT_COLUMNS",
    "ERROR_VALUES",
    "FIELDS",
    "FORMATS",
    "GAP_COLUMNS",
    "MAX_CELL",
    "STATUSES",
    "ActionsIntake",
    "AssessmentIntake",
    "ChainIntake",
    "ColumnUse",
    "Intake",
    "QuestionnairesIntake",
    "ReadProblem",
    "Rows",
    "SheetMapping",
    "UnreadRow",
    "gap_records",
    "load",
    "read",
    "read_actions",
    "read_assessment",
    "read_chain",
    "read_csv",
    "read_questionnaire",
    "read_questionnaires",
    "read_rows",
    "read_text",
    "resolve_country",
    "write_actions_csv",
    "write_assessment_csv",
    "write_csv",
    "write_gaps_csv",
]
